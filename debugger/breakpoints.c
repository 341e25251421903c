/* debugger/breakpoints.c: the numbered list of breakpoints of every kind
 * (execution, watch, I/O, interrupt, mode, task, instruction count), as
 * Bochs lists them with `blist`.  Execution breakpoints are found through
 * two 4096-bit filters on the low address bits, so an instruction without
 * one costs two bit tests. */
#include <stdlib.h>
#include <string.h>

#include "debugger/internal.h"

struct bp *bp_add(struct debugger *d, enum bp_kind kind)
{
    if (d->nbp == d->cap) {
        size_t ncap = d->cap ? d->cap * 2 : 16;
        struct bp *nb = realloc(d->bp, ncap * sizeof *nb);
        if (nb == NULL)
            return NULL;
        d->bp = nb;
        d->cap = ncap;
    }
    struct bp *b = &d->bp[d->nbp++];
    memset(b, 0, sizeof *b);
    b->id = ++d->next_id;
    b->kind = (uint8_t)kind;
    b->enabled = true;
    b->ah = b->al = -1;
    return b;
}

struct bp *bp_find(struct debugger *d, unsigned id)
{
    for (size_t i = 0; i < d->nbp; i++) {
        if (d->bp[i].id == id)
            return &d->bp[i];
    }
    return NULL;
}

void bp_delete(struct debugger *d, unsigned id)
{
    for (size_t i = 0; i < d->nbp; i++) {
        if (d->bp[i].id == id) {
            free(d->bp[i].cond);
            memmove(&d->bp[i], &d->bp[i + 1], (d->nbp - i - 1) * sizeof d->bp[0]);
            d->nbp--;
            return;
        }
    }
}

static const char *access_name(unsigned a, bool io)
{
    if (a == (ACCESS_R | ACCESS_W))
        return io ? "in/out" : "rw";
    if (a == ACCESS_R)
        return io ? "in" : "r";
    return io ? "out" : "w";
}

void bp_describe(struct debugger *d, const struct bp *b, char *buf, size_t size)
{
    char sym[96] = "";
    switch ((enum bp_kind)b->kind) {
    case BP_VIRT:
        snprintf(buf, size, "vb %04x:%08x", b->sel, b->addr);
        break;
    case BP_LIN:
        dbg_symbolize(d, b->addr, sym, sizeof sym);
        snprintf(buf, size, "lb 0x%08x%s%s%s", b->addr, sym[0] ? " <" : "", sym, sym[0] ? ">" : "");
        break;
    case BP_PHYS:
        snprintf(buf, size, "pb 0x%08x", b->addr);
        break;
    case BP_WATCH_PHYS:
    case BP_WATCH_LIN:
        snprintf(buf, size, "%s %s 0x%08x len %u", b->kind == BP_WATCH_PHYS ? "watch" : "lwatch",
                 access_name(b->access, false), b->addr, b->len);
        break;
    case BP_IO:
        if (b->len != b->addr)
            snprintf(buf, size, "iob %s 0x%04x-0x%04x", access_name(b->access, true), b->addr,
                     b->len);
        else
            snprintf(buf, size, "iob %s 0x%04x", access_name(b->access, true), b->addr);
        break;
    case BP_INT: {
        char f[64] = "";
        size_t n = 0;
        if (b->ah >= 0)
            n += (size_t)snprintf(f + n, sizeof f - n, " ah=0x%02x", b->ah);
        if (b->al >= 0)
            n += (size_t)snprintf(f + n, sizeof f - n, " al=0x%02x", b->al);
        if (b->sources != INTSRC_ALL)
            snprintf(f + n, sizeof f - n, "%s%s%s", (b->sources & INTSRC_SOFT) ? " soft" : "",
                     (b->sources & INTSRC_EXC) ? " exc" : "", (b->sources & INTSRC_HW) ? " hw" : "");
        snprintf(buf, size, "intb 0x%02x%s", b->addr, f);
        break;
    }
    case BP_MODE:
        snprintf(buf, size, "modebp (mode or paging changes)");
        break;
    case BP_TASK:
        snprintf(buf, size, "taskbp (task switches)");
        break;
    case BP_ICOUNT:
        snprintf(buf, size, "icb %llu%s", (unsigned long long)b->count,
                 b->hits ? " (reached)" : "");
        break;
    }
}

static void filter_set(uint8_t *f, uint32_t a)
{
    f[(a & 0xfffu) >> 3] |= (uint8_t)(1u << (a & 7));
}

static bool filter_has(const uint8_t *f, uint32_t a)
{
    return (f[(a & 0xfffu) >> 3] >> (a & 7)) & 1u;
}

void bp_rebuild_filters(struct debugger *d)
{
    memset(d->filter_lin, 0, sizeof d->filter_lin);
    memset(d->filter_off, 0, sizeof d->filter_off);
    for (size_t i = 0; i < d->nbp; i++) {
        const struct bp *b = &d->bp[i];
        if (!b->enabled)
            continue;
        if (b->kind == BP_LIN || b->kind == BP_PHYS)
            filter_set(d->filter_lin, b->addr);     /* a page offset is the same in both */
        else if (b->kind == BP_VIRT)
            filter_set(d->filter_off, b->addr);
    }
}

bool bp_cond_holds(struct debugger *d, struct bp *b)
{
    if (b->cond == NULL)
        return true;
    uint64_t v;
    char err[160];
    if (dbg_eval(d, b->cond, &v, err, sizeof err) != 0) {
        fprintf(d->out, "error: breakpoint %u: condition '%s': %s (stopping)\n", b->id, b->cond,
                err);
        return true;
    }
    return v != 0;
}

bool bp_take_hit(struct bp *b)
{
    if (b->ignore > 0) {
        b->ignore--;
        return false;
    }
    b->hits++;
    return true;
}

struct bp *bp_match_exec(struct debugger *d, uint32_t lin)
{
    struct cpu *c = d->c;
    bool maybe_lin = filter_has(d->filter_lin, lin);
    bool maybe_off = filter_has(d->filter_off, c->eip);
    if (!maybe_lin && !maybe_off)
        return NULL;
    bool have_phys = false;
    uint32_t phys = 0;
    for (size_t i = 0; i < d->nbp; i++) {
        struct bp *b = &d->bp[i];
        if (!b->enabled)
            continue;
        bool hit = false;
        if (b->kind == BP_LIN) {
            hit = b->addr == lin;
        } else if (b->kind == BP_VIRT) {
            hit = b->addr == c->eip && b->sel == c->seg[SEG_CS].sel;
        } else if (b->kind == BP_PHYS && maybe_lin) {
            if (!have_phys)
                have_phys = dbg_translate(d, lin, &phys) ? true : (phys = 0xffffffffu, true);
            hit = b->addr == phys && phys != 0xffffffffu;
        }
        if (hit && bp_cond_holds(d, b) && bp_take_hit(b))
            return b;
    }
    return NULL;
}

/* vb SEG:OFF / lb LINEAR / pb PHYSICAL, each [if EXPR]. */
int cmd_bp_exec(struct debugger *d, int kind, int argc, char **argv)
{
    static const char *const names[] = { [BP_VIRT] = "vb", [BP_LIN] = "lb", [BP_PHYS] = "pb" };
    if (argc < 2)
        return dbg_error(d, "usage: %s %s [if EXPR]", names[kind],
                         kind == BP_VIRT ? "SEG:OFF" : kind == BP_LIN ? "LINEAR" : "PHYSICAL");
    /* Everything before `if` is the address, everything after the condition. */
    char addr[DBG_LINE_MAX] = "", cond[DBG_LINE_MAX] = "";
    int i = 1;
    size_t n = 0;
    for (; i < argc && strcmp(argv[i], "if") != 0; i++)
        n += (size_t)snprintf(addr + n, sizeof addr - n, "%s ", argv[i]);
    if (i < argc) {
        if (i + 1 >= argc)
            return dbg_error(d, "'if' needs a condition");
        size_t k = 0;
        for (i++; i < argc; i++)
            k += (size_t)snprintf(cond + k, sizeof cond - k, "%s ", argv[i]);
        char err[160];
        if (dbg_expr_check(cond, err, sizeof err) != 0)
            return dbg_error(d, "condition: %s", err);
    }
    struct dbg_addr a;
    char err[160];
    if (dbg_eval_addr(d, addr, &a, err, sizeof err) != 0)
        return dbg_error(d, "%s", err);
    if (kind == BP_VIRT && !a.has_seg)
        return dbg_error(d, "vb needs SEG:OFF (use lb for a linear address)");
    if (kind == BP_PHYS && a.has_seg)
        return dbg_error(d, "pb takes a physical address, not SEG:OFF");
    struct bp *b = bp_add(d, (enum bp_kind)kind);
    if (b == NULL)
        return dbg_error(d, "out of memory");
    if (kind == BP_VIRT) {
        b->sel = a.sel;
        b->addr = a.off;
    } else {
        b->addr = a.lin;
    }
    if (cond[0]) {
        b->cond = strdup(cond);
        if (b->cond == NULL) {
            bp_delete(d, b->id);
            return dbg_error(d, "out of memory");
        }
    }
    dbg_update_hooks(d);
    char desc[160];
    bp_describe(d, b, desc, sizeof desc);
    fprintf(d->out, "Breakpoint %u: %s%s%s\n", b->id, desc, b->cond ? " if " : "",
            b->cond ? b->cond : "");
    return 0;
}
