/* debugger/session.c: the interactive session: while the machine is
 * stopped, commands come from `source`/--debug-script files first, then
 * the terminal (read with read(2) so poll(2) sees what is unread), and
 * gdb's packets are served at the same time.  headless runs use
 * debugger_main(); a frontend that runs the machine itself calls
 * debugger_attach_frontend() once and debugger_on_break() at each stop.
 * LIMITATION: under a frontend the prompt blocks its loop, so the window is
 * not redrawn while the debugger waits for a command. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "debugger/internal.h"
#include "machine/machine.h"

/* ---- Command files ---- */

/* The next line of the innermost command file; false when none is left. */
static bool source_line(struct debugger *d, char *line, size_t size)
{
    while (d->nsource > 0) {
        struct dbg_source *s = &d->source[d->nsource - 1];
        if (fgets(line, (int)size, s->f) != NULL) {
            s->lineno++;
            size_t n = strlen(line);
            if (n > 0 && line[n - 1] == '\n') {
                line[--n] = 0;
            } else if (!feof(s->f)) {
                dbg_error(d, "%s:%u: the line is too long", s->path, s->lineno);
                int ch;
                while ((ch = fgetc(s->f)) != EOF && ch != '\n')
                    ;
                continue;
            }
            if (n > 0 && line[n - 1] == '\r')
                line[n - 1] = 0;
            return true;
        }
        fclose(s->f);
        free(s->path);
        d->nsource--;
    }
    return false;
}

static void echo_line(struct debugger *d, const char *line)
{
    fprintf(d->out, "<vireo:%llu> %s\n", (unsigned long long)d->c->icount, line);
}

int dbg_push_source(struct debugger *d, const char *path)
{
    if (d->nsource == DBG_SOURCE_DEPTH)
        return dbg_error(d, "source: files nested more than %d deep", DBG_SOURCE_DEPTH);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return dbg_error(d, "source: cannot open %s: %s", path, strerror(errno));
    char *copy = strdup(path);
    if (copy == NULL) {
        fclose(f);
        return dbg_error(d, "out of memory");
    }
    unsigned depth = d->nsource;
    d->source[d->nsource++] = (struct dbg_source){ .f = f, .path = copy };
    if (d->serving && !d->in_monitor)
        return 0;                       /* dbg_serve reads it next */
    /* Called directly (a test, gdb's monitor): run the file now. */
    char line[DBG_LINE_MAX + 2];
    while (d->nsource > depth && !d->quit && source_line(d, line, sizeof line)) {
        echo_line(d, line);
        if (debugger_exec(d, line) == DBG_ENDED)
            break;
    }
    while (d->nsource > depth) {
        fclose(d->source[d->nsource - 1].f);
        free(d->source[d->nsource - 1].path);
        d->nsource--;
    }
    return 0;
}

void dbg_close_sources(struct debugger *d)
{
    while (d->nsource > 0) {
        fclose(d->source[d->nsource - 1].f);
        free(d->source[d->nsource - 1].path);
        d->nsource--;
    }
}

/* ---- The terminal ---- */

enum line_status { LINE_NONE, LINE_OK, LINE_TOO_LONG };

static enum line_status next_line(struct line_reader *r, char *out, size_t size)
{
    char *nl = memchr(r->buf, '\n', r->len);
    size_t n;
    if (nl != NULL) {
        n = (size_t)(nl - r->buf);
    } else if (r->len == sizeof r->buf) {
        r->len = 0;                     /* no end in sight: drop what we have */
        r->dropping = true;
        return LINE_NONE;
    } else if (r->eof && r->len > 0) {
        n = r->len;                     /* the last line lacks its newline */
    } else {
        return LINE_NONE;
    }
    size_t consumed = n < r->len ? n + 1 : n;
    bool was_dropping = r->dropping;
    r->dropping = false;
    if (!was_dropping) {
        size_t take = n < size - 1 ? n : size - 1;
        memcpy(out, r->buf, take);
        out[take] = 0;
        if (take > 0 && out[take - 1] == '\r')
            out[take - 1] = 0;
    }
    memmove(r->buf, r->buf + consumed, r->len - consumed);
    r->len -= consumed;
    return was_dropping ? LINE_TOO_LONG : LINE_OK;
}

static void fill(struct line_reader *r)
{
    ssize_t got = read(r->fd, r->buf + r->len, sizeof r->buf - r->len);
    if (got > 0)
        r->len += (size_t)got;
    else if (got == 0 || (errno != EINTR && errno != EAGAIN))
        r->eof = true;
}

static bool timed_out(const struct debugger *d)
{
    return d->timeout != NULL && *d->timeout;
}

enum dbg_result dbg_serve(struct debugger *d)
{
    struct line_reader *t = &d->term;
    bool prompt = true;
    d->resume = false;
    d->serving = true;
    enum dbg_result r = DBG_OK;
    for (;;) {
        if (d->quit) {
            r = DBG_QUIT;
            break;
        }
        if (d->ended || timed_out(d) || (d->external && d->resume))
            break;
        if (d->gdb != NULL && gdb_connected(d->gdb))
            d->ever_gdb = true;
        if (!d->terminal && d->nsource == 0 &&
            (d->gdb == NULL || (d->ever_gdb && !gdb_connected(d->gdb)))) {
            /* Nobody commands a stopped machine (gdb left): it runs until
             * gdb attaches again or the run ends. */
            d->run.mode = RUN_CONT;
            if (d->gdb == NULL || dbg_start_run(d) != DBG_OK || d->external)
                break;
            continue;
        }
        char line[DBG_LINE_MAX + 2];
        if (source_line(d, line, sizeof line)) {
            echo_line(d, line);
            debugger_exec(d, line);
            prompt = true;
            continue;
        }
        if (d->terminal && t->eof && t->len == 0) {
            if (!prompt)
                fputc('\n', d->out);
            d->quit = true;             /* the end of the terminal's input */
            continue;
        }
        if (d->terminal && prompt) {
            fprintf(d->out, "<vireo:%llu> ", (unsigned long long)d->c->icount);
            fflush(d->out);
            prompt = false;
        }
        enum line_status ls = d->terminal ? next_line(t, line, sizeof line) : LINE_NONE;
        if (ls == LINE_TOO_LONG) {
            dbg_error(d, "the line is longer than %d characters", DBG_LINE_MAX - 1);
            prompt = true;
            continue;
        }
        if (ls == LINE_OK) {
            if (d->echo)
                fprintf(d->out, "%s\n", line);
            debugger_exec(d, line);
            prompt = true;
            continue;
        }
        if (d->terminal && t->eof)
            continue;
        struct pollfd fds[4];
        nfds_t nfd = 0;
        if (d->terminal)
            fds[nfd++] = (struct pollfd){ .fd = t->fd, .events = POLLIN };
        int gfds[3];
        int ng = d->gdb != NULL ? gdb_poll_fds(d->gdb, gfds, 3) : 0;
        for (int i = 0; i < ng; i++)
            fds[nfd++] = (struct pollfd){ .fd = gfds[i], .events = POLLIN };
        /* Wake now and then for the --timeout flag. */
        int pr = poll(fds, nfd, d->timeout != NULL ? 50 : -1);
        if (pr <= 0)
            continue;
        if (d->terminal && (fds[0].revents & (POLLIN | POLLHUP | POLLERR)))
            fill(t);
        bool gdb_ready = false;
        for (nfds_t k = d->terminal ? 1 : 0; k < nfd; k++)
            gdb_ready |= (fds[k].revents & (POLLIN | POLLHUP | POLLERR)) != 0;
        if (gdb_ready) {
            gdb_service(d->gdb, false);
            prompt = true;
        }
    }
    d->serving = false;
    return r;
}

/* Set up the terminal and the start of the session for both runners. */
static void begin(struct debugger *d, const struct debugger_session *s)
{
    d->timeout = s->timeout;
    d->terminal = s->in_fd >= 0;
    d->term = (struct line_reader){ .fd = s->in_fd, .eof = !d->terminal };
    d->echo = d->terminal && !isatty(s->in_fd);     /* a transcript shows piped commands */
    if (!d->terminal && s->script == NULL) {
        /* Only gdb commands the machine: no reports on our output. */
        d->devnull = fopen("/dev/null", "w");
        if (d->devnull != NULL) {
            d->saved_out = d->out;
            d->out = d->devnull;
        }
    }
    if (s->script != NULL) {
        bool serving = d->serving;
        d->serving = true;              /* queue it for dbg_serve */
        if (dbg_push_source(d, s->script) != 0)
            d->quit = true;
        d->serving = serving;
    }
}

static bool starts_stopped(const struct debugger *d, const struct debugger_session *s)
{
    return s->stop_at_start || s->script != NULL || (d->gdb != NULL && s->gdb_wait);
}

static void report_start(struct debugger *d)
{
    memset(&d->stop, 0, sizeof d->stop);
    d->stop.why = WHY_START;
    dbg_report_stop(d);
}

static void end(struct debugger *d)
{
    if (d->gdb != NULL)
        gdb_notify_stop(d->gdb);        /* a waiting gdb learns that the run ended */
    fflush(d->out);
    if (d->devnull != NULL) {
        d->out = d->saved_out;
        fclose(d->devnull);
        d->devnull = NULL;
    }
}

int debugger_main(struct debugger *d, const struct debugger_session *s)
{
    begin(d, s);
    if (starts_stopped(d, s))
        report_start(d);
    else if (!d->quit)
        dbg_start_run(d);               /* --gdb-nowait: run until gdb attaches */
    dbg_serve(d);
    int rc = EXIT_OK;
    if (timed_out(d)) {
        rc = EXIT_TIMEOUT;
    } else if (d->ended) {
        rc = d->exit_status;
    }
    end(d);
    return rc;
}

enum dbg_result debugger_attach_frontend(struct debugger *d, const struct debugger_session *s)
{
    d->external = true;
    begin(d, s);
    if (!starts_stopped(d, s))
        return DBG_OK;
    report_start(d);
    return dbg_serve(d);
}

void debugger_detach_frontend(struct debugger *d)
{
    end(d);
    d->external = false;
}
