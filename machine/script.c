/* machine/script.c: see script.h. */
#include "machine/script.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "devices/kbc.h"
#include "devices/uart.h"
#include "devices/keycodes.h"
#include "devices/vga.h"
#include "machine/machine.h"

enum cmd_kind { CMD_EXPECT, CMD_TYPE, CMD_SEND, CMD_WAIT, CMD_SCREEN, CMD_SCREENSHOT, CMD_CPU,
                CMD_QUIT };

struct cmd {
    enum cmd_kind kind;
    char *text;                 /* EXPECT, TYPE, SCREENSHOT */
    double seconds;             /* EXPECT timeout, WAIT */
    int status;                 /* QUIT */
    unsigned line;
};

struct script {
    char path[1024];
    struct cmd *cmds;
    size_t n;
};

#define EXPECT_DEFAULT_SECONDS 30.0
#define POLL_SECONDS 0.01       /* how often expect looks, in emulated time */
#define KEY_GAP_SECONDS 0.02    /* between keyboard events */

/* ---- Parsing ---- */

/* Parse a double-quoted string at *p with C escapes; returns a new string
 * or NULL with err set. */
static char *parse_string(const char **p, const char *where, struct emu_err *err)
{
    const char *s = *p;
    if (*s != '"') {
        emu_fail(err, EMU_EFORMAT, "%s: a double-quoted string is expected", where);
        return NULL;
    }
    s++;
    size_t cap = strlen(s) + 1, n = 0;
    char *out = malloc(cap);
    if (out == NULL) {
        emu_fail(err, EMU_ENOMEM, "out of memory");
        return NULL;
    }
    while (*s && *s != '"') {
        char ch = *s++;
        if (ch == '\\') {
            char e = *s++;
            switch (e) {
            case 'n': ch = '\n'; break;
            case 't': ch = '\t'; break;
            case 'e': ch = 27; break;
            case 'b': ch = '\b'; break;
            case 'r': ch = '\r'; break;
            case '\\': ch = '\\'; break;
            case '"': ch = '"'; break;
            case '{': ch = '{'; break;
            default:
                free(out);
                emu_fail(err, EMU_EFORMAT, "%s: unknown escape '\\%c'", where, e ? e : '0');
                return NULL;
            }
            /* A literal brace is written \{ so it is not a key name. */
            if (e == '{') {
                out[n++] = '\\';
            }
        }
        out[n++] = ch;
    }
    if (*s != '"') {
        free(out);
        emu_fail(err, EMU_EFORMAT, "%s: unterminated string", where);
        return NULL;
    }
    out[n] = 0;
    *p = s + 1;
    return out;
}

static void skip_spaces(const char **p)
{
    while (**p == ' ' || **p == '\t')
        (*p)++;
}

/* End of the command: the line's end or a comment. */
static bool at_end(const char *p)
{
    return *p == 0 || *p == '#' || *p == '\n' || *p == '\r';
}

static int parse_number(const char **p, double *out)
{
    char *end;
    double v = strtod(*p, &end);
    if (end == *p || !(v >= 0))
        return -1;
    *p = end;
    *out = v;
    return 0;
}

static int parse_line(const char *line, unsigned lineno, const char *path, struct cmd *c,
                      struct emu_err *err)
{
    char where[1100];
    snprintf(where, sizeof where, "%s:%u", path, lineno);
    const char *p = line;
    skip_spaces(&p);
    char word[32];
    size_t n = 0;
    while (isalpha((unsigned char)*p) && n < sizeof word - 1)
        word[n++] = *p++;
    word[n] = 0;
    skip_spaces(&p);
    memset(c, 0, sizeof *c);
    c->line = lineno;
    if (strcmp(word, "expect") == 0) {
        c->kind = CMD_EXPECT;
        if ((c->text = parse_string(&p, where, err)) == NULL)
            return -1;
        skip_spaces(&p);
        c->seconds = EXPECT_DEFAULT_SECONDS;
        if (!at_end(p) && parse_number(&p, &c->seconds) != 0)
            return emu_fail(err, EMU_EFORMAT, "%s: expect's timeout must be a number of seconds",
                            where);
    } else if (strcmp(word, "type") == 0) {
        c->kind = CMD_TYPE;
        if ((c->text = parse_string(&p, where, err)) == NULL)
            return -1;
        struct emu_err e2 = { 0 };
        if (machine_type(NULL, c->text, &e2) != 0)
            return emu_fail(err, EMU_EFORMAT, "%s: %s", where, e2.msg);
    } else if (strcmp(word, "send") == 0) {
        c->kind = CMD_SEND;
        if ((c->text = parse_string(&p, where, err)) == NULL)
            return -1;
        /* Bytes as written: \{ is only special to type. */
        char *w = c->text;
        for (const char *r = c->text; *r; r++) {
            if (r[0] == '\\' && r[1] == '{')
                continue;
            *w++ = *r;
        }
        *w = 0;
    } else if (strcmp(word, "wait") == 0) {
        c->kind = CMD_WAIT;
        if (parse_number(&p, &c->seconds) != 0)
            return emu_fail(err, EMU_EFORMAT, "%s: wait needs a number of seconds", where);
    } else if (strcmp(word, "screen") == 0) {
        c->kind = CMD_SCREEN;
    } else if (strcmp(word, "cpu") == 0) {
        c->kind = CMD_CPU;
    } else if (strcmp(word, "screenshot") == 0) {
        c->kind = CMD_SCREENSHOT;
        if (*p == '"') {
            if ((c->text = parse_string(&p, where, err)) == NULL)
                return -1;
        } else {
            const char *s = p;
            while (!at_end(p) && !isspace((unsigned char)*p))
                p++;
            if (p == s)
                return emu_fail(err, EMU_EFORMAT, "%s: screenshot needs a file name", where);
            c->text = strndup(s, (size_t)(p - s));
        }
    } else if (strcmp(word, "quit") == 0) {
        c->kind = CMD_QUIT;
        double st = 0;
        if (!at_end(p) && (parse_number(&p, &st) != 0 || st > 255 || st != (int)st))
            return emu_fail(err, EMU_EFORMAT, "%s: quit takes an exit status 0-255", where);
        c->status = (int)st;
    } else {
        return emu_fail(err, EMU_EFORMAT, "%s: unknown command '%s' (expect, type, wait, "
                        "send, screen, screenshot, cpu, quit)", where, word[0] ? word : line);
    }
    skip_spaces(&p);
    if (!at_end(p))
        return emu_fail(err, EMU_EFORMAT, "%s: unexpected text after the command: %s", where, p);
    return 0;
}

void script_free(struct script *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->n; i++)
        free(s->cmds[i].text);
    free(s->cmds);
    free(s);
}

struct script *script_load(const char *path, struct emu_err *err)
{
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        emu_fail(err, EMU_EIO, "%s: cannot open the script", path);
        return NULL;
    }
    struct script *s = calloc(1, sizeof *s);
    if (s == NULL) {
        fclose(f);
        emu_fail(err, EMU_ENOMEM, "out of memory");
        return NULL;
    }
    snprintf(s->path, sizeof s->path, "%s", path);
    char line[4096];
    unsigned lineno = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        lineno++;
        if (strchr(line, '\n') == NULL && !feof(f)) {
            emu_fail(err, EMU_EFORMAT, "%s:%u: line too long", path, lineno);
            goto fail;
        }
        const char *p = line;
        skip_spaces(&p);
        if (*p == 0 || *p == '\n' || *p == '\r' || *p == '#')
            continue;
        struct cmd *nc = realloc(s->cmds, (s->n + 1) * sizeof *nc);
        if (nc == NULL) {
            emu_fail(err, EMU_ENOMEM, "out of memory");
            goto fail;
        }
        s->cmds = nc;
        if (parse_line(p, lineno, path, &s->cmds[s->n], err) != 0) {
            free(s->cmds[s->n].text);
            goto fail;
        }
        s->n++;
    }
    fclose(f);
    return s;
fail:
    fclose(f);
    script_free(s);
    return NULL;
}

/* ---- Keystrokes ---- */

struct key_event {
    enum pc_key key;
    bool pressed;
};

/* Expand TEXT into press/release events; with events == NULL only count
 * and check.  Returns the count or -1 with err. */
static long expand_keys(const char *text, struct key_event *events, struct emu_err *err)
{
    long n = 0;
#define EMIT(k, p) do { if (events) { events[n].key = (k); events[n].pressed = (p); } n++; } while (0)
    for (const char *p = text; *p; p++) {
        if (*p == '\\' && p[1] == '{') {
            p++;                /* a literal '{' */
        } else if (*p == '{') {
            const char *end = strchr(p, '}');
            if (end == NULL)
                return emu_fail(err, EMU_EFORMAT, "unterminated key name after '{'"), -1;
            char name[64];
            size_t len = (size_t)(end - p - 1);
            if (len == 0 || len >= sizeof name)
                return emu_fail(err, EMU_EFORMAT, "bad key name in braces"), -1;
            memcpy(name, p + 1, len);
            name[len] = 0;
            /* Modifiers: Ctrl-, Alt-, Shift- prefixes in any order. */
            enum pc_key mods[3];
            unsigned nmods = 0;
            char *k = name;
            for (;;) {
                static const struct { const char *pfx; enum pc_key key; } mtab[] = {
                    { "ctrl-", PC_KEY_LEFT_CTRL }, { "alt-", PC_KEY_LEFT_ALT },
                    { "shift-", PC_KEY_LEFT_SHIFT } };
                bool found = false;
                for (size_t i = 0; i < 3 && nmods < 3; i++) {
                    size_t pl = strlen(mtab[i].pfx);
                    if (strncasecmp(k, mtab[i].pfx, pl) == 0 && k[pl]) {
                        mods[nmods++] = mtab[i].key;
                        k += pl;
                        found = true;
                    }
                }
                if (!found)
                    break;
            }
            enum pc_key key = pc_key_from_name(k);
            bool shift = false;
            if (key == PC_KEY_NONE && strlen(k) == 1)
                key = pc_key_from_char((unsigned char)tolower((unsigned char)k[0]), &shift);
            if (key == PC_KEY_NONE)
                return emu_fail(err, EMU_EFORMAT, "unknown key name '{%s}'", name), -1;
            for (unsigned i = 0; i < nmods; i++)
                EMIT(mods[i], true);
            EMIT(key, true);
            EMIT(key, false);
            for (unsigned i = nmods; i-- > 0;)
                EMIT(mods[i], false);
            p = end;
            continue;
        }
        bool shift;
        enum pc_key key = pc_key_from_char((unsigned char)*p, &shift);
        if (key == PC_KEY_NONE)
            return emu_fail(err, EMU_EFORMAT, "cannot type the character 0x%02x",
                            (unsigned char)*p), -1;
        if (shift)
            EMIT(PC_KEY_LEFT_SHIFT, true);
        EMIT(key, true);
        EMIT(key, false);
        if (shift)
            EMIT(PC_KEY_LEFT_SHIFT, false);
    }
#undef EMIT
    return n;
}

static uint64_t insns_for(const struct machine *m, double seconds)
{
    double n = seconds * (double)m->cfg.ips;
    return n < 1 ? 1 : (uint64_t)n;
}

/* With m == NULL only validates the text. */
int machine_type(struct machine *m, const char *text, struct emu_err *err)
{
    long n = expand_keys(text, NULL, err);
    if (n < 0)
        return -1;
    if (m == NULL)
        return 0;
    struct key_event *ev = calloc((size_t)n + 1, sizeof *ev);
    if (ev == NULL)
        return emu_fail(err, EMU_ENOMEM, "out of memory");
    expand_keys(text, ev, err);
    for (long i = 0; i < n && m->stop == STOP_NONE; i++) {
        kbc_key_event(m->kbc, ev[i].key, ev[i].pressed);
        machine_run(m, insns_for(m, KEY_GAP_SECONDS));
    }
    free(ev);
    return 0;
}

/* ---- Screen ---- */

/* One line of CPU state, for scripts that check where a guest left the
 * CPU (a memory manager's virtual-8086 mode, a kernel's paging). */
static void print_cpu(struct cpu *c, FILE *out)
{
    static const char *const mode[] = { "real mode", "protected mode", "virtual-8086 mode" };
    fprintf(out, "cpu: %s, CPL %u, paging %s, EFLAGS %08x, CS:EIP %04x:%08x, CR0 %08x, "
            "icount %llu\n", mode[c->mode], c->cpl, (c->cr0 & CR0_PG) ? "on" : "off",
            cpu_get_eflags(c), c->seg[SEG_CS].sel, c->eip, c->cr0, (unsigned long long)c->icount);
}

/* The text screen as rows (trailing blanks trimmed, newline-separated),
 * or with wrap set as one run of full-width rows, so that text the guest
 * wrapped across lines is found too. */
static void screen_text(struct machine *m, char *buf, size_t size, bool wrap)
{
    struct vga_text *t = &m->text_scratch;
    vga_text_capture(m->vga, t);
    size_t n = 0;
    for (unsigned r = 0; r < t->rows && n + 2 < size; r++) {
        unsigned len = t->cols;
        while (!wrap && len > 0 && (t->ch[r][len - 1] == ' ' || t->ch[r][len - 1] == 0))
            len--;
        for (unsigned col = 0; col < len && n + 2 < size; col++) {
            unsigned char ch = t->ch[r][col];
            buf[n++] = (char)(ch == 0 ? ' ' : ch);
        }
        if (!wrap)
            buf[n++] = '\n';
    }
    buf[n] = 0;
}

void machine_print_screen(struct machine *m, FILE *out)
{
    screen_text(m, m->screen_scratch, sizeof m->screen_scratch, false);
    fputs(m->screen_scratch, out);
    fflush(out);
}

static bool seen(struct machine *m, const char *text)
{
    if (output_log_find(&m->serial_out, text) || output_log_find(&m->debugcon_out, text))
        return true;
    screen_text(m, m->screen_scratch, sizeof m->screen_scratch, false);
    if (strstr(m->screen_scratch, text) != NULL)
        return true;
    screen_text(m, m->screen_scratch, sizeof m->screen_scratch, true);
    return strstr(m->screen_scratch, text) != NULL;
}

int script_run(struct script *s, struct machine *m, volatile int *stop, FILE *out)
{
    for (size_t i = 0; i < s->n; i++) {
        const struct cmd *c = &s->cmds[i];
        struct emu_err err = { 0 };
        switch (c->kind) {
        case CMD_EXPECT: {
            double until = machine_seconds(m) + c->seconds;
            while (!seen(m, c->text)) {
                if (*stop || m->stop != STOP_NONE || machine_seconds(m) >= until) {
                    fprintf(stderr, "vireo: %s:%u: \"%s\" not seen after %g emulated seconds%s%s\n",
                            s->path, c->line, c->text, c->seconds,
                            m->stop != STOP_NONE ? "; " : "", m->stop != STOP_NONE ? m->stop_reason : "");
                    machine_print_screen(m, stderr);
                    return EXIT_TIMEOUT;
                }
                machine_run(m, insns_for(m, POLL_SECONDS));
            }
            break;
        }
        case CMD_TYPE:
            machine_type(m, c->text, &err);
            break;
        case CMD_SEND: {
            size_t len = strlen(c->text);
            if (uart_receive(m->uart[0], (const uint8_t *)c->text, len) != len) {
                fprintf(stderr, "vireo: %s:%u: COM1's input queue is full\n", s->path, c->line);
                return EXIT_ERROR;
            }
            break;
        }
        case CMD_WAIT: {
            double until = machine_seconds(m) + c->seconds;
            while (machine_seconds(m) < until && m->stop == STOP_NONE && !*stop)
                machine_run(m, insns_for(m, POLL_SECONDS));
            break;
        }
        case CMD_SCREEN:
            machine_print_screen(m, out);
            break;
        case CMD_CPU:
            print_cpu(m->cpu, out);
            break;
        case CMD_SCREENSHOT:
            if (vga_screenshot(m->vga, c->text, &err) != 0) {
                fprintf(stderr, "vireo: %s:%u: %s\n", s->path, c->line, err.msg);
                return EXIT_ERROR;
            }
            break;
        case CMD_QUIT:
            return c->status;
        }
        if (*stop) {
            fprintf(stderr, "vireo: the --timeout ran out\n");
            machine_print_screen(m, stderr);
            return EXIT_TIMEOUT;
        }
    }
    return EXIT_OK;
}
