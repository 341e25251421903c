/* tests/debugger/dbgrig.h: a machine booting the debugger's test guest
 * (tests/debugger/guest.asm) with a debugger whose transcript is kept in
 * memory, so tests run commands and look at what they printed.
 * Header-only, like tests/unit/devtest.h. */
#ifndef VIREO_TESTS_DBGRIG_H
#define VIREO_TESTS_DBGRIG_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "debugger/debugger.h"
#include "machine/config.h"
#include "machine/machine.h"

struct dbgrig {
    struct machine *m;
    struct debugger *d;
    FILE *out;
    char *buf;                  /* the whole transcript (open_memstream) */
    size_t len;
    size_t mark;                /* where the last command's output starts */
    char *last;                 /* a copy of the last command's output */
    enum dbg_result rc;
};

/* A file next to the built tests: $top_builddir/tests/debugger/NAME. */
static inline const char *rig_path(char *buf, size_t size, const char *name)
{
    const char *top = getenv("top_builddir");
    snprintf(buf, size, "%s/tests/debugger/%s", top ? top : ".", name);
    return buf;
}

static inline void rig_machine_config(struct machine_config *cfg)
{
    struct emu_err err = { 0 };
    char path[1024];
    config_defaults(cfg);
    ck_assert_int_eq(config_set(cfg, "fda", rig_path(path, sizeof path, "guest.img"), &err), 0);
    cfg->snapshot = true;
    snprintf(cfg->log_level, sizeof cfg->log_level, "error");
}

static inline void rig_open(struct dbgrig *r)
{
    struct machine_config cfg;
    struct emu_err err = { 0 };
    memset(r, 0, sizeof *r);
    rig_machine_config(&cfg);
    r->m = machine_create(&cfg, &err);
    ck_assert_msg(r->m != NULL, "machine_create: %s", err.msg);
    r->out = open_memstream(&r->buf, &r->len);
    ck_assert_ptr_nonnull(r->out);
    r->d = debugger_create(r->m, r->out, &err);
    ck_assert_msg(r->d != NULL, "debugger_create: %s", err.msg);
}

static inline void rig_close(struct dbgrig *r)
{
    debugger_destroy(r->d);
    machine_destroy(r->m);
    fclose(r->out);
    free(r->buf);
    free(r->last);
}

/* Run one command; returns what it printed (valid until the next call). */
static inline const char *rig_cmd(struct dbgrig *r, const char *line)
{
    fflush(r->out);
    r->mark = r->len;
    r->rc = debugger_exec(r->d, line);
    fflush(r->out);
    free(r->last);
    r->last = strndup(r->buf + r->mark, r->len - r->mark);
    ck_assert_ptr_nonnull(r->last);
    return r->last;
}

/* Run a command and require text in its output. */
#define RIG_EXPECT(r, line, text)                                                          \
    do {                                                                                   \
        const char *out_ = rig_cmd((r), (line));                                           \
        ck_assert_msg(strstr(out_, (text)) != NULL, "'%s' printed:\n%s\nexpected: %s",     \
                      (line), out_, (text));                                               \
    } while (0)

/* Run a command that must succeed without an error line. */
#define RIG_OK(r, line)                                                                    \
    do {                                                                                   \
        const char *out_ = rig_cmd((r), (line));                                           \
        ck_assert_msg((r)->rc == DBG_OK && strstr(out_, "error:") == NULL,                 \
                      "'%s' failed:\n%s", (line), out_);                                  \
    } while (0)

/* Count the lines of s that start with prefix. */
static inline int rig_count_lines(const char *s, const char *prefix)
{
    int n = 0;
    size_t k = strlen(prefix);
    for (const char *p = s; *p;) {
        if (strncmp(p, prefix, k) == 0)
            n++;
        const char *nl = strchr(p, '\n');
        if (nl == NULL)
            break;
        p = nl + 1;
    }
    return n;
}

#endif
