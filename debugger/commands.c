/* debugger/commands.c: the command line: tokenizing, the command table
 * (Bochs's names and aliases, usage and help for each), the run-control,
 * breakpoint and state commands that do not live with their subject, and
 * `source`. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "debugger/internal.h"

/* ---- Command-line parsing ---- */

#define MAX_ARGS 64

/* Split on blanks outside (), [] and quotes; returns argc (-1: too many). */
static int tokenize(char *s, char **argv)
{
    int argc = 0;
    while (*s) {
        while (isspace((unsigned char)*s))
            s++;
        if (*s == 0)
            break;
        if (argc == MAX_ARGS)
            return -1;
        argv[argc++] = s;
        int depth = 0;
        char quote = 0;
        while (*s && (depth > 0 || quote || !isspace((unsigned char)*s))) {
            if (quote) {
                if (*s == quote)
                    quote = 0;
            } else if (*s == '"' || *s == '\'') {
                quote = *s;
            } else if (*s == '(' || *s == '[') {
                depth++;
            } else if ((*s == ')' || *s == ']') && depth > 0) {
                depth--;
            }
            s++;
        }
        if (*s)
            *s++ = 0;
    }
    return argc;
}

/* argv[from..] joined with blanks. */
static void join(int argc, char **argv, int from, char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = 0;
    for (int i = from; i < argc && n < size; i++)
        n += (size_t)snprintf(buf + n, size - n, "%s%s", i > from ? " " : "", argv[i]);
}

static int eval_arg(struct debugger *d, const char *text, uint64_t *v)
{
    char err[160];
    if (dbg_eval(d, text, v, err, sizeof err) != 0)
        return dbg_error(d, "%s", err);
    return 0;
}

/* ---- Run-control commands ---- */

static int cmd_continue(struct debugger *d, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    d->run.mode = RUN_CONT;
    return dbg_start_run(d);
}

static int cmd_step(struct debugger *d, int argc, char **argv)
{
    uint64_t n = 1;
    if (argc > 2)
        return dbg_error(d, "usage: s [N]");
    if (argc == 2 && eval_arg(d, argv[1], &n) != 0)
        return -1;
    if (n == 0)
        return dbg_error(d, "s: N must be at least 1");
    d->run.mode = RUN_STEP;
    d->run.step_left = n;
    return dbg_start_run(d);
}

static int cmd_next(struct debugger *d, int argc, char **argv)
{
    (void)argv;
    if (argc > 1)
        return dbg_error(d, "usage: n");
    struct insn in;
    if (!dbg_decode_current(d, &in))
        return dbg_error(d, "cannot read the instruction at CS:EIP");
    bool over = in.mn == MN_CALL || in.mn == MN_CALLF || in.mn == MN_INT ||
                in.mn == MN_INT3 || in.mn == MN_INTO ||
                ((in.op->attr & ATTR_STRING) && (in.pfx & (PFX_REP | PFX_REPNE)));
    if (!over) {
        d->run.mode = RUN_STEP;
        d->run.step_left = 1;
    } else {
        d->run.mode = RUN_NEXT;
        d->run.next_lin = cs_lin(d->c) + in.len;
        d->run.next_sp = sp_lin(d->c);
    }
    return dbg_start_run(d);
}

static int cmd_finish(struct debugger *d, int argc, char **argv)
{
    (void)argv;
    if (argc > 1)
        return dbg_error(d, "usage: finish");
    d->run.mode = RUN_FINISH;
    d->run.finish_ss = d->c->seg[SEG_SS].sel;
    d->run.finish_sp = sp_lin(d->c);
    return dbg_start_run(d);
}

enum { RC_QUIT = 2 };

static int cmd_quit(struct debugger *d, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    d->quit = true;
    return RC_QUIT;
}

/* ---- Breakpoint commands ---- */

static int cmd_vb(struct debugger *d, int argc, char **argv) { return cmd_bp_exec(d, BP_VIRT, argc, argv); }
static int cmd_lb(struct debugger *d, int argc, char **argv) { return cmd_bp_exec(d, BP_LIN, argc, argv); }
static int cmd_pb(struct debugger *d, int argc, char **argv) { return cmd_bp_exec(d, BP_PHYS, argc, argv); }

static int cmd_blist(struct debugger *d, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    if (d->nbp == 0) {
        fprintf(d->out, "No breakpoints.\n");
        return 0;
    }
    fprintf(d->out, "Num  Enb  Hits  What\n");
    for (size_t i = 0; i < d->nbp; i++) {
        const struct bp *b = &d->bp[i];
        char desc[160];
        bp_describe(d, b, desc, sizeof desc);
        fprintf(d->out, "%-4u %-4s %-5llu %s%s%s%s", b->id, b->enabled ? "y" : "n",
                (unsigned long long)b->hits, desc, b->cond ? " if " : "", b->cond ? b->cond : "",
                b->owner == BP_OWNER_GDB ? " [gdb]" : "");
        if (b->ignore)
            fprintf(d->out, " (ignore next %llu)", (unsigned long long)b->ignore);
        fputc('\n', d->out);
    }
    return 0;
}

/* The breakpoint named by argv[1]. */
static struct bp *bp_arg(struct debugger *d, int argc, char **argv, const char *usage)
{
    uint64_t id;
    if (argc < 2) {
        dbg_error(d, "usage: %s", usage);
        return NULL;
    }
    if (eval_arg(d, argv[1], &id) != 0)
        return NULL;
    struct bp *b = id <= 0xffffffffu ? bp_find(d, (unsigned)id) : NULL;
    if (b == NULL)
        dbg_error(d, "no breakpoint %llu", (unsigned long long)id);
    return b;
}

static int set_enabled(struct debugger *d, int argc, char **argv, bool on)
{
    if (argc != 2)
        return dbg_error(d, "usage: %s ID", argv[0]);
    struct bp *b = bp_arg(d, argc, argv, on ? "bpe ID" : "bpd ID");
    if (b == NULL)
        return -1;
    b->enabled = on;
    dbg_update_hooks(d);
    return 0;
}

static int cmd_bpe(struct debugger *d, int argc, char **argv) { return set_enabled(d, argc, argv, true); }
static int cmd_bpd(struct debugger *d, int argc, char **argv) { return set_enabled(d, argc, argv, false); }

static int cmd_delete(struct debugger *d, int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "all") == 0) {
        while (d->nbp > 0)
            bp_delete(d, d->bp[0].id);
        dbg_update_hooks(d);
        return 0;
    }
    if (argc != 2)
        return dbg_error(d, "usage: d ID | d all");
    struct bp *b = bp_arg(d, argc, argv, "d ID");
    if (b == NULL)
        return -1;
    bp_delete(d, b->id);
    dbg_update_hooks(d);
    return 0;
}

static int cmd_ignore(struct debugger *d, int argc, char **argv)
{
    uint64_t n;
    if (argc != 3)
        return dbg_error(d, "usage: ignore ID N");
    struct bp *b = bp_arg(d, argc, argv, "ignore ID N");
    if (b == NULL || eval_arg(d, argv[2], &n) != 0)
        return -1;
    b->ignore = n;
    fprintf(d->out, "Breakpoint %u: the next %llu hits are ignored.\n", b->id,
            (unsigned long long)n);
    return 0;
}

static int cmd_condition(struct debugger *d, int argc, char **argv)
{
    struct bp *b = bp_arg(d, argc, argv, "condition ID [EXPR]");
    if (b == NULL)
        return -1;
    char expr[DBG_LINE_MAX], err[160];
    join(argc, argv, 2, expr, sizeof expr);
    if (expr[0] && dbg_expr_check(expr, err, sizeof err) != 0)
        return dbg_error(d, "condition: %s", err);
    char *copy = expr[0] ? strdup(expr) : NULL;
    if (expr[0] && copy == NULL)
        return dbg_error(d, "out of memory");
    free(b->cond);
    b->cond = copy;
    return 0;
}

/* watch|lwatch r|w|rw ADDR [LEN] */
static int add_watch(struct debugger *d, int argc, char **argv, enum bp_kind kind)
{
    if (argc == 1)
        return cmd_blist(d, argc, argv);
    if (argc < 3 || argc > 4)
        return dbg_error(d, "usage: %s r|w|rw ADDR [LEN]", argv[0]);
    unsigned acc = strcmp(argv[1], "r") == 0 ? ACCESS_R : strcmp(argv[1], "w") == 0 ? ACCESS_W
                 : strcmp(argv[1], "rw") == 0 ? (ACCESS_R | ACCESS_W) : 0;
    if (acc == 0)
        return dbg_error(d, "%s: '%s' is not r, w or rw", argv[0], argv[1]);
    struct dbg_addr a;
    char err[160];
    if (dbg_eval_addr(d, argv[2], &a, err, sizeof err) != 0)
        return dbg_error(d, "%s", err);
    if (kind == BP_WATCH_PHYS && a.has_seg)
        return dbg_error(d, "watch takes a physical address (lwatch takes SEG:OFF)");
    uint64_t len = 1;
    if (argc == 4 && eval_arg(d, argv[3], &len) != 0)
        return -1;
    if (len == 0 || len > 0x100000000ull - a.lin)
        return dbg_error(d, "%s: the length must be from 1 to the end of the address space",
                         argv[0]);
    struct bp *b = bp_add(d, kind);
    if (b == NULL)
        return dbg_error(d, "out of memory");
    b->access = (uint8_t)acc;
    b->addr = a.lin;
    b->len = (uint32_t)len;
    dbg_update_hooks(d);
    char desc[160];
    bp_describe(d, b, desc, sizeof desc);
    fprintf(d->out, "Watchpoint %u: %s\n", b->id, desc);
    return 0;
}

static int cmd_watch(struct debugger *d, int argc, char **argv) { return add_watch(d, argc, argv, BP_WATCH_PHYS); }
static int cmd_lwatch(struct debugger *d, int argc, char **argv) { return add_watch(d, argc, argv, BP_WATCH_LIN); }

static int cmd_unwatch(struct debugger *d, int argc, char **argv)
{
    uint64_t addr = 0;
    if (argc > 2)
        return dbg_error(d, "usage: unwatch [ADDR]");
    if (argc == 2 && eval_arg(d, argv[1], &addr) != 0)
        return -1;
    for (size_t i = d->nbp; i-- > 0;) {
        const struct bp *b = &d->bp[i];
        if ((b->kind == BP_WATCH_PHYS || b->kind == BP_WATCH_LIN) &&
            b->owner == BP_OWNER_USER && (argc == 1 || b->addr == addr))
            bp_delete(d, b->id);
    }
    dbg_update_hooks(d);
    return 0;
}

/* iob [in|out|io] PORT [LAST] */
static int cmd_iob(struct debugger *d, int argc, char **argv)
{
    int i = 1;
    unsigned acc = ACCESS_R | ACCESS_W;
    if (argc > 1 && (strcmp(argv[1], "in") == 0 || strcmp(argv[1], "out") == 0 ||
                     strcmp(argv[1], "io") == 0)) {
        acc = argv[1][0] == 'i' && argv[1][1] == 'n' ? ACCESS_R
            : argv[1][0] == 'o' ? ACCESS_W : (ACCESS_R | ACCESS_W);
        i++;
    }
    if (argc - i < 1 || argc - i > 2)
        return dbg_error(d, "usage: iob [in|out|io] PORT [LAST]");
    uint64_t first, last;
    if (eval_arg(d, argv[i], &first) != 0)
        return -1;
    last = first;
    if (argc - i == 2 && eval_arg(d, argv[i + 1], &last) != 0)
        return -1;
    if (first > 0xffff || last > 0xffff || last < first)
        return dbg_error(d, "iob: ports are 0-0xffff, the last not below the first");
    struct bp *b = bp_add(d, BP_IO);
    if (b == NULL)
        return dbg_error(d, "out of memory");
    b->access = (uint8_t)acc;
    b->addr = (uint32_t)first;
    b->len = (uint32_t)last;
    dbg_update_hooks(d);
    char desc[160];
    bp_describe(d, b, desc, sizeof desc);
    fprintf(d->out, "I/O breakpoint %u: %s\n", b->id, desc);
    return 0;
}

/* intb VECTOR [ah=N] [al=N] [soft] [exc] [hw] */
static int cmd_intb(struct debugger *d, int argc, char **argv)
{
    uint64_t vec, v;
    if (argc < 2)
        return dbg_error(d, "usage: intb VECTOR [ah=N] [al=N] [soft] [exc] [hw]");
    if (eval_arg(d, argv[1], &vec) != 0)
        return -1;
    if (vec > 255)
        return dbg_error(d, "intb: the vector must be 0-255");
    int ah = -1, al = -1;
    unsigned src = 0;
    for (int i = 2; i < argc; i++) {
        if (strncmp(argv[i], "ah=", 3) == 0 || strncmp(argv[i], "al=", 3) == 0) {
            if (eval_arg(d, argv[i] + 3, &v) != 0)
                return -1;
            if (v > 255)
                return dbg_error(d, "intb: %.2s is a byte", argv[i]);
            if (argv[i][1] == 'h')
                ah = (int)v;
            else
                al = (int)v;
        } else if (strcmp(argv[i], "soft") == 0) {
            src |= INTSRC_SOFT;
        } else if (strcmp(argv[i], "exc") == 0) {
            src |= INTSRC_EXC;
        } else if (strcmp(argv[i], "hw") == 0) {
            src |= INTSRC_HW;
        } else {
            return dbg_error(d, "intb: '%s' is not ah=N, al=N, soft, exc or hw", argv[i]);
        }
    }
    if (src == 0)       /* AH/AL describe a software interrupt's request */
        src = (ah >= 0 || al >= 0) ? INTSRC_SOFT : INTSRC_ALL;
    struct bp *b = bp_add(d, BP_INT);
    if (b == NULL)
        return dbg_error(d, "out of memory");
    b->addr = (uint32_t)vec;
    b->ah = ah;
    b->al = al;
    b->sources = (uint8_t)src;
    dbg_update_hooks(d);
    char desc[160];
    bp_describe(d, b, desc, sizeof desc);
    fprintf(d->out, "Interrupt breakpoint %u: %s\n", b->id, desc);
    return 0;
}

/* modebp / taskbp [on|off]: one entry of the kind, toggled as Bochs does. */
static int toggle_kind(struct debugger *d, int argc, char **argv, enum bp_kind kind)
{
    struct bp *have = NULL;
    for (size_t i = 0; i < d->nbp; i++) {
        if (d->bp[i].kind == kind)
            have = &d->bp[i];
    }
    bool on;
    if (argc == 1)
        on = have == NULL;
    else if (argc == 2 && (strcmp(argv[1], "on") == 0 || strcmp(argv[1], "off") == 0))
        on = strcmp(argv[1], "on") == 0;
    else
        return dbg_error(d, "usage: %s [on|off]", argv[0]);
    if (on && have == NULL) {
        have = bp_add(d, kind);
        if (have == NULL)
            return dbg_error(d, "out of memory");
    } else if (!on && have != NULL) {
        bp_delete(d, have->id);
        have = NULL;
    }
    dbg_update_hooks(d);
    fprintf(d->out, "%s is %s%s\n", kind == BP_MODE ? "Mode-change break" : "Task-switch break",
            on ? "on" : "off", kind == BP_MODE && on ? " (real/protected/V86, paging)" : "");
    return 0;
}

static int cmd_modebp(struct debugger *d, int argc, char **argv) { return toggle_kind(d, argc, argv, BP_MODE); }
static int cmd_taskbp(struct debugger *d, int argc, char **argv) { return toggle_kind(d, argc, argv, BP_TASK); }

/* icb N | icb +N */
static int cmd_icb(struct debugger *d, int argc, char **argv)
{
    if (argc != 2)
        return dbg_error(d, "usage: icb COUNT | icb +N");
    bool rel = argv[1][0] == '+';
    uint64_t n;
    if (eval_arg(d, argv[1] + rel, &n) != 0)
        return -1;
    if (rel)
        n += d->c->icount;
    if (n <= d->c->icount)
        return dbg_error(d, "icb: the count is already %llu",
                         (unsigned long long)d->c->icount);
    struct bp *b = bp_add(d, BP_ICOUNT);
    if (b == NULL)
        return dbg_error(d, "out of memory");
    b->count = n;
    dbg_update_hooks(d);
    fprintf(d->out, "Instruction-count breakpoint %u: icb %llu\n", b->id, (unsigned long long)n);
    return 0;
}

/* ---- State commands ---- */

static int cmd_regs(struct debugger *d, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    dbg_print_regs(d);
    return 0;
}

/* set REG = EXPR | set byte|word|dword [ADDR] = EXPR */
static int cmd_set(struct debugger *d, int argc, char **argv)
{
    char text[DBG_LINE_MAX];
    join(argc, argv, 1, text, sizeof text);
    char *eq = strchr(text, '=');
    if (eq == NULL || eq == text || eq[1] == '=')
        return dbg_error(d, "usage: set REG = EXPR | set byte|word|dword [ADDR] = EXPR");
    *eq = 0;
    char *lhs = text, *rhs = eq + 1;
    while (isspace((unsigned char)*lhs))
        lhs++;
    for (char *e = lhs + strlen(lhs); e > lhs && isspace((unsigned char)e[-1]);)
        *--e = 0;
    uint64_t v;
    if (eval_arg(d, rhs, &v) != 0)
        return -1;
    char err[160];
    static const struct { const char *kw; unsigned size; } sizes[] = {
        { "byte", 1 }, { "word", 2 }, { "dword", 4 },
    };
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(sizes[i].kw);
        if (strncmp(lhs, sizes[i].kw, n) != 0 || lhs[n] == 0 || isalnum((unsigned char)lhs[n]))
            continue;
        char *br = lhs + n;
        while (isspace((unsigned char)*br))
            br++;
        size_t bl = strlen(br);
        if (*br != '[' || bl < 2 || br[bl - 1] != ']')
            return dbg_error(d, "set: %s needs [ADDR]", sizes[i].kw);
        br[bl - 1] = 0;
        struct dbg_addr a;
        if (dbg_eval_addr(d, br + 1, &a, err, sizeof err) != 0)
            return dbg_error(d, "%s", err);
        uint8_t bytes[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
                             (uint8_t)(v >> 24) };
        if (dbg_write_lin(d, a.lin, bytes, sizes[i].size) != sizes[i].size)
            return dbg_error(d, "cannot write linear 0x%08x (not present)", a.lin);
        return 0;
    }
    if (dbg_reg_set(d, lhs, v, err, sizeof err) != 0)
        return dbg_error(d, "set: %s", err);
    return 0;
}

/* setpmem ADDR SIZE VALUE (SIZE 1, 2 or 4) */
static int cmd_setpmem(struct debugger *d, int argc, char **argv)
{
    uint64_t addr, size, v;
    if (argc != 4)
        return dbg_error(d, "usage: setpmem ADDR SIZE VALUE");
    if (eval_arg(d, argv[1], &addr) != 0 || eval_arg(d, argv[2], &size) != 0 ||
        eval_arg(d, argv[3], &v) != 0)
        return -1;
    if (size != 1 && size != 2 && size != 4)
        return dbg_error(d, "setpmem: SIZE is 1, 2 or 4");
    if (addr > 0xffffffffu - (size - 1))
        return dbg_error(d, "setpmem: the address is beyond 4 GiB");
    uint8_t bytes[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
    dbg_write_phys(d, (uint32_t)addr, bytes, (uint32_t)size);
    return 0;
}

static int cmd_xl(struct debugger *d, int argc, char **argv) { return cmd_x(d, argc, argv, false); }
static int cmd_xp(struct debugger *d, int argc, char **argv) { return cmd_x(d, argc, argv, true); }

static int cmd_trace(struct debugger *d, int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "off") == 0 && argc == 2) {
        if (d->trace != NULL) {
            fclose(d->trace);
            d->trace = NULL;
            fprintf(d->out, "Tracing off (%s).\n", d->trace_path);
        }
        return 0;
    }
    if (argc < 2 || argc > 3 || strcmp(argv[1], "on") != 0)
        return dbg_error(d, "usage: trace on [FILE] | trace off");
    const char *path = argc == 3 ? argv[2] : "vireo-trace.log";
    if (strlen(path) >= sizeof d->trace_path)
        return dbg_error(d, "trace: path too long");
    FILE *f = fopen(path, "w");
    if (f == NULL)
        return dbg_error(d, "trace: cannot open %s: %s", path, strerror(errno));
    if (d->trace != NULL)
        fclose(d->trace);
    d->trace = f;
    snprintf(d->trace_path, sizeof d->trace_path, "%s", path);
    fprintf(d->out, "Tracing every instruction to %s.\n", path);
    return 0;
}

static int cmd_ldsym(struct debugger *d, int argc, char **argv)
{
    int i = 1;
    if (argc > 1 && strcmp(argv[1], "global") == 0)
        i++;            /* Bochs's scope keyword: one table serves every context */
    if (argc - i < 1 || argc - i > 2)
        return dbg_error(d, "usage: ldsym [global] FILE [OFFSET]");
    uint64_t off = 0;
    if (argc - i == 2 && eval_arg(d, argv[i + 1], &off) != 0)
        return -1;
    struct emu_err err = { 0 };
    long before = (long)d->syms.n;
    if (sym_load_file(&d->syms, argv[i], (uint32_t)off, &err) < 0)
        return dbg_error(d, "%s", err.msg);
    fprintf(d->out, "Loaded %ld symbols from %s.\n", (long)d->syms.n - before, argv[i]);
    return 0;
}

static int cmd_print(struct debugger *d, int argc, char **argv)
{
    char text[DBG_LINE_MAX];
    join(argc, argv, 1, text, sizeof text);
    if (text[0] == 0)
        return dbg_error(d, "usage: ? EXPR");
    uint64_t v;
    if (eval_arg(d, text, &v) != 0)
        return -1;
    char sym[96];
    dbg_symbolize(d, (uint32_t)v, sym, sizeof sym);
    fprintf(d->out, "0x%llx %llu%s%s%s\n", (unsigned long long)v, (unsigned long long)v,
            sym[0] && v <= 0xffffffffu ? " <" : "", v <= 0xffffffffu ? sym : "",
            sym[0] && v <= 0xffffffffu ? ">" : "");
    return 0;
}

static int cmd_source(struct debugger *d, int argc, char **argv);
static int cmd_help(struct debugger *d, int argc, char **argv);

/* ---- The command table ---- */

enum { CMD_RUNS = 1u << 0 };        /* runs the machine: not from gdb's monitor */

/* Legend: name, aliases (blank-separated), handler, flags, usage, help. */
static const struct command {
    const char *name;
    const char *aliases;
    int (*fn)(struct debugger *d, int argc, char **argv);
    unsigned flags;
    const char *usage;
    const char *help;
} commands[] = {
    { "c", "cont continue", cmd_continue, CMD_RUNS, "c",
      "continue until a breakpoint, Ctrl-C or the end of the run" },
    { "s", "step si stepi", cmd_step, CMD_RUNS, "s [N]",
      "execute N instructions (default 1), into calls and interrupts" },
    { "n", "p next", cmd_next, CMD_RUNS, "n",
      "execute one instruction; a CALL, INT n or REP string instruction runs to its end" },
    { "finish", "", cmd_finish, CMD_RUNS, "finish",
      "run until a RET/RETF/IRET leaves the current frame (same SS, ESP not below now)" },
    { "q", "quit exit", cmd_quit, 0, "q", "end the session (and the emulator)" },
    { "vb", "vbreak", cmd_vb, 0, "vb SEG:OFF [if EXPR]",
      "break before the instruction at CS:EIP = SEG:OFF (selector and offset)" },
    { "lb", "lbreak", cmd_lb, 0, "lb ADDR [if EXPR]",
      "break before the instruction at this linear address (SEG:OFF is translated now)" },
    { "pb", "pbreak b break", cmd_pb, 0, "pb ADDR [if EXPR]",
      "break before the instruction at this physical address" },
    { "blist", "", cmd_blist, 0, "blist",
      "list breakpoints of every kind with their numbers and hit counts (also: info break)" },
    { "bpe", "enable", cmd_bpe, 0, "bpe ID", "enable breakpoint ID" },
    { "bpd", "disable", cmd_bpd, 0, "bpd ID", "disable breakpoint ID" },
    { "d", "del delete", cmd_delete, 0, "d ID | d all", "delete breakpoint ID (or all)" },
    { "ignore", "", cmd_ignore, 0, "ignore ID N", "let the next N hits of breakpoint ID pass" },
    { "condition", "cond", cmd_condition, 0, "condition ID [EXPR]",
      "stop at breakpoint ID only when EXPR is nonzero (no EXPR: always)" },
    { "watch", "", cmd_watch, 0, "watch r|w|rw ADDR [LEN]",
      "stop after a CPU read/write touching physical [ADDR, ADDR+LEN) (no args: list)" },
    { "lwatch", "", cmd_lwatch, 0, "lwatch r|w|rw ADDR [LEN]",
      "the same for linear addresses (ADDR may be SEG:OFF)" },
    { "unwatch", "", cmd_unwatch, 0, "unwatch [ADDR]",
      "delete every watchpoint (or those starting at ADDR)" },
    { "iob", "iobreak", cmd_iob, 0, "iob [in|out|io] PORT [LAST]",
      "stop after an IN/OUT (or INS/OUTS) touching ports PORT..LAST" },
    { "intb", "intbreak", cmd_intb, 0, "intb VECTOR [ah=N] [al=N] [soft] [exc] [hw]",
      "stop when VECTOR is delivered (at the handler's first instruction); AH/AL filter "
      "software interrupts; soft/exc/hw choose the sources (default all)" },
    { "modebp", "", cmd_modebp, 0, "modebp [on|off]",
      "stop when the CPU mode (real/protected/V86) or paging changes (no args: toggle)" },
    { "taskbp", "", cmd_taskbp, 0, "taskbp [on|off]",
      "stop after a hardware task switch (no args: toggle)" },
    { "icb", "", cmd_icb, 0, "icb COUNT | icb +N",
      "stop when the instruction count reaches COUNT (or N from now)" },
    { "r", "reg regs registers", cmd_regs, 0, "r",
      "general registers, EIP, EFLAGS and the instruction count" },
    { "sreg", "", cmd_sreg, 0, "sreg",
      "segment registers with their hidden descriptor caches, LDTR, TR, GDTR, IDTR" },
    { "creg", "", cmd_creg, 0, "creg", "control registers CR0, CR2, CR3, CR4, decoded" },
    { "dreg", "", cmd_dreg, 0, "dreg", "debug registers DR0-DR3, DR6, DR7, decoded" },
    { "fpu", "", cmd_fpu, 0, "fpu", "the x87 stack, control/status/tag words and pointers" },
    { "info", "", cmd_info, 0,
      "info gdt|idt|ldt|ivt|tss|tab|tlb|pic|pit|cmos|dma|fdc|ide|vga|device|break|symbols",
      "descriptor tables, page tables, the TLB, devices (info device: the port/MMIO map; "
      "info device NAME: one device), breakpoints, symbols" },
    { "x", "", cmd_xl, 0, "x /NUF ADDR",
      "examine linear memory: N units, U = b h w g (1 2 4 8 bytes), F = x d u o t c s i" },
    { "xp", "", cmd_xp, 0, "xp /NUF ADDR", "examine physical memory, as x" },
    { "set", "", cmd_set, 0, "set REG = EXPR | set byte|word|dword [ADDR] = EXPR",
      "change a register (eax..., eip, eflags, cs..gs, cr0-4, dr0-7, zf...) or linear memory" },
    { "setpmem", "", cmd_setpmem, 0, "setpmem ADDR SIZE VALUE",
      "write VALUE (SIZE 1, 2 or 4 bytes) to physical memory" },
    { "page", "", cmd_page, 0, "page ADDR",
      "the page walk for a linear address and why each kind of access would fault" },
    { "u", "disasm disassemble", cmd_u, 0, "u [/N] [ADDR] [N]",
      "disassemble N instructions (default 10) at ADDR (default CS:EIP, then onwards)" },
    { "bt", "backtrace where", cmd_bt, 0, "bt [N]",
      "the call stack from the (E)BP frame chain, at most N frames (default 16)" },
    { "print-stack", "stack", cmd_print_stack, 0, "print-stack [N]",
      "N stack entries from SS:ESP (default 16), with symbols" },
    { "trace", "", cmd_trace, 0, "trace on [FILE] | trace off",
      "log every executed instruction (default file vireo-trace.log)" },
    { "ldsym", "", cmd_ldsym, 0, "ldsym [global] FILE [OFFSET]",
      "load symbols from an ELF file or 'ADDRESS NAME' lines, adding OFFSET" },
    { "?", "print calc", cmd_print, 0, "? EXPR", "evaluate an expression" },
    { "source", "", cmd_source, 0, "source FILE", "run debugger commands from FILE" },
    { "help", "h", cmd_help, 0, "help [COMMAND]", "list the commands, or explain one" },
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
        const char *a = commands[i].aliases;
        size_t n = strlen(name);
        while (*a) {
            size_t k = strcspn(a, " ");
            if (k == n && strncmp(a, name, n) == 0)
                return &commands[i];
            a += k;
            while (*a == ' ')
                a++;
        }
    }
    return NULL;
}

static int cmd_help(struct debugger *d, int argc, char **argv)
{
    if (argc > 2)
        return dbg_error(d, "usage: help [COMMAND]");
    if (argc == 2) {
        const struct command *c = find_command(argv[1]);
        if (c == NULL)
            return dbg_error(d, "no command '%s' (help lists them)", argv[1]);
        fprintf(d->out, "%s\n    %s\n", c->usage, c->help);
        if (c->aliases[0])
            fprintf(d->out, "    also: %s\n", c->aliases);
        return 0;
    }
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(d->out, "  %-44s %s\n", commands[i].usage, commands[i].help);
    fprintf(d->out, "Expressions: numbers (123, 0x7c00), registers (eax, ip, cs, cr0, zf, "
                    "icount), symbols,\n[ADDR] byte[ADDR] word[ADDR] (linear or SEG:OFF), "
                    "and C operators.\n");
    return 0;
}

enum dbg_result debugger_exec(struct debugger *d, const char *line)
{
    char buf[DBG_LINE_MAX];
    char *argv[MAX_ARGS];
    size_t len = strlen(line);
    if (len >= sizeof buf) {
        dbg_error(d, "the line is longer than %d characters", DBG_LINE_MAX - 1);
        return DBG_ERROR;
    }
    memcpy(buf, line, len + 1);
    char *s = buf;
    while (isspace((unsigned char)*s))
        s++;
    if (*s == '#' || *s == 0)
        return DBG_OK;
    int argc = tokenize(s, argv);
    if (argc < 0) {
        dbg_error(d, "too many arguments");
        return DBG_ERROR;
    }
    const struct command *c = find_command(argv[0]);
    if (c == NULL) {
        dbg_error(d, "unknown command '%s' (help lists them)", argv[0]);
        return DBG_ERROR;
    }
    if ((c->flags & CMD_RUNS) && d->in_monitor) {
        dbg_error(d, "'%s' runs the machine: use gdb's own continue/step", argv[0]);
        return DBG_ERROR;
    }
    if ((c->flags & CMD_RUNS) && d->ended) {
        dbg_error(d, "the guest has ended the run");
        return DBG_ENDED;
    }
    int rc = c->fn(d, argc, argv);
    fflush(d->out);
    if (rc == RC_QUIT)
        return DBG_QUIT;
    if (rc == DBG_ENDED)
        return DBG_ENDED;
    return rc < 0 ? DBG_ERROR : DBG_OK;
}

static int cmd_source(struct debugger *d, int argc, char **argv)
{
    if (argc != 2)
        return dbg_error(d, "usage: source FILE");
    return dbg_push_source(d, argv[1]) == 0 ? 0 : -1;
}
