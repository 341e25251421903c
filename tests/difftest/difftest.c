/* tests/difftest/difftest.c: the differential test's driver.  For each
 * mode it builds the environment (env.c) in both guests, then runs
 * generated sequences (gen.c) on both sides from identical registers and
 * memory and compares the end states: how the run ended, the registers,
 * EFLAGS with the undefined flags masked (flagmask.c), the segment
 * registers and all of RAM.  A mismatch is narrowed to its first
 * instruction by re-running shorter prefixes, and reported with the bytes,
 * the disassembly and both states.  docs/difftest.md describes the method.
 * With --x87 it runs the x87 difftest instead (dx87_run.c).
 * Exit status: 0 all matched, 1 mismatches, 2 bad usage, 77 no KVM (with
 * --x87: no x87 reference). */
#include "tests/difftest/dt.h"
#include "tests/difftest/dx87.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "decoder/disasm.h"

#define BLOCK 64                /* sequences between data refreshes */

struct opts {
    uint64_t count;             /* tested instructions, over all modes */
    uint64_t seed;
    unsigned length;            /* tested instructions per sequence */
    unsigned modes;             /* bit per enum dt_mode */
    unsigned show;              /* mismatch reports printed in full */
    long only;                  /* run just this sequence number (with its block), or -1 */
    bool verbose;
    bool x87;                   /* --x87: the x87 difftest (dx87_run.c) instead */
    bool has_length;            /* --length was given */
    int x87_ref;                /* --x87-ref: 0 auto, 1 host, 2 kvm */
};

struct mn_stat {
    uint64_t tried, mismatched, kvm_failed, kvm_deviates;
};

struct run {
    struct opts o;
    enum dt_mode mode;
    const struct dt_layout *L;
    struct kside *k;
    struct vside *v;
    struct gen *g;
    uint8_t *pristine;          /* the environment as built (system area reference) */
    uint8_t *ref;               /* RAM before the current sequence */
    struct dt_state base;
    struct seq seq, cut;
    /* statistics */
    uint64_t sequences, compared, tested, helpers, matched, mismatched, skipped, shutdowns;
    uint64_t exceptions[257];   /* by vector; [256]: ended at the trailing HLT */
    uint64_t system_restored;
    uint64_t salvaged;          /* sequences cut before an instruction KVM cannot run */
    struct mn_stat mn[MN_COUNT];
    unsigned shown;
    bool emulated;              /* the reference is KVM's instruction emulator (kvm-pvm) */
    uint64_t lenient;           /* comparisons that used a reference quirk below */
};

enum verdict { V_MATCH, V_MISMATCH, V_SKIP, V_DEVIATES };

/* ---- Utilities ---- */

static uint64_t mix(uint64_t a, uint64_t b)
{
    uint64_t z = a ^ (b + 0x9e3779b97f4a7c15ull + (a << 6) + (a >> 2));
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static const char *end_name(enum dt_end e)
{
    static const char *const n[] = { "halt", "shutdown", "stuck", "failed" };
    return (unsigned)e < 4 ? n[e] : "?";
}

static uint32_t rd16(const uint8_t *ram, uint32_t a)
{
    return a + 1 < DT_RAM ? (uint32_t)ram[a] | (uint32_t)ram[a + 1] << 8 : 0;
}

static uint32_t rd32(const uint8_t *ram, uint32_t a)
{
    return rd16(ram, a) | rd16(ram, a + 2) << 16;
}

/* Both guests' RAM from `img`. */
static void load_ram(struct run *r, const uint8_t *img)
{
    memcpy(kside_ram(r->k), img, DT_RAM);
    vside_write(r->v, 0, img, DT_RAM);
}

/* The system structures: everything outside the data windows that the
 * sequences must not change (a stray stack can reach them). */
static bool in_window(const struct run *r, uint32_t a)
{
    for (unsigned w = 0; w < 2; w++) {
        const struct dt_window *win = &env_windows[r->mode][w];
        if (a >= win->lo && a < win->hi)
            return true;
    }
    return false;
}

/* ---- Where a run stopped ---- */

/* What the comparison masks: arithmetic flags in EFLAGS and in the FLAGS
 * image of an exception frame. */
struct stop {
    int vector;                 /* exception/interrupt stub it halted in, or -1 */
    int item;                   /* sequence item the frame returns to, -1 if unknown */
    uint32_t mask;              /* undefined arithmetic flags */
    bool has_frame;
    uint32_t flags_lo, flags_hi;    /* the frame's FLAGS image, if has_frame */
};

static int item_at(const struct seq *s, uint32_t off)
{
    for (unsigned i = 0; i < s->nitem; i++) {
        if (s->item[i].off == off)
            return (int)i;
    }
    return -1;
}

static bool has_error_code(int v)
{
    return v == EXC_DF || (v >= EXC_TS && v <= EXC_PF) || v == EXC_AC;
}

/* An exception frame as a side left it: slot addresses wrap at 64 KiB on a
 * 16-bit stack.  The error code is recognised by the CS slot (kvm-pvm
 * leaves out some error codes the SDM lists). */
struct frame {
    int vector;
    bool has_err;
    uint32_t ret, cs, flags, err;
    uint32_t flags_lo, flags_hi;    /* addresses of the FLAGS image's two low bytes */
};

static bool read_frame(const struct run *r, const struct dt_state *st, const uint8_t *ram,
                       struct frame *f)
{
    const struct dt_layout *L = r->L;
    if (st->seg[SEG_CS].sel != L->stub_cs || st->eip <= L->stub_eip ||
        st->eip > L->stub_eip + 256)
        return false;
    f->vector = (int)(st->eip - L->stub_eip - 1);
    bool pm = L->mode != DT_REAL;
    bool big = pm && (st->seg[SEG_SS].attr & SEG_ATTR_DB);
    uint32_t base = st->seg[SEG_SS].base, sp = st->gpr[REG_ESP];
    unsigned w = pm ? 4 : 2;
#define SLOT(k) (base + (big ? sp + (k) : ((sp + (k)) & 0xffffu)))
    uint16_t cs = r->base.seg[SEG_CS].sel;
    f->has_err = pm && has_error_code(f->vector) && rd16(ram, SLOT(4)) != cs &&
                 rd16(ram, SLOT(8)) == cs;
    unsigned e = f->has_err ? 4 : 0;
    f->err = f->has_err ? rd32(ram, SLOT(0)) : 0;
    f->ret = w == 4 ? rd32(ram, SLOT(e)) : rd16(ram, SLOT(e));
    f->cs = rd16(ram, SLOT(e + w));
    f->flags = w == 4 ? rd32(ram, SLOT(e + 2 * w)) : rd16(ram, SLOT(e + 2 * w));
    f->flags_lo = SLOT(e + 2 * w);
    f->flags_hi = SLOT(e + 2 * w + 1);
#undef SLOT
    return true;
}

static void locate_stop(const struct run *r, const struct seq *s, uint32_t end_taint,
                        const struct dt_state *st, const uint8_t *ram, struct stop *p)
{
    const struct dt_layout *L = r->L;
    p->vector = -1;
    p->item = -1;
    p->mask = EFLAGS_ARITH;
    p->has_frame = false;
    struct frame f;
    if (read_frame(r, st, ram, &f)) {
        p->vector = f.vector;
        p->has_frame = true;
        p->flags_lo = f.flags_lo;
        p->flags_hi = f.flags_hi;
        int k = item_at(s, f.ret - r->L->code_eip);
        if (k >= 0) {
            const struct seq_item *it = &s->item[k];
            p->item = k;
            p->mask = it->taint_in | it->undef;
            if (it->mn == MN_DIV || it->mn == MN_IDIV || it->mn == MN_AAM)
                p->mask = EFLAGS_ARITH;     /* flags of a faulting divide: undefined */
        }
        return;
    }
    uint32_t halted_at = st->eip - 1 - L->code_eip;
    if (st->seg[SEG_CS].sel == r->base.seg[SEG_CS].sel &&
        (st->eip == L->code_eip + s->len ||
         (s->cut < s->nitem && halted_at >= s->item[s->cut].off && halted_at < s->len))) {
        p->item = (int)s->nitem - 1;
        p->mask = end_taint;
    }
}

/* ---- Comparing ---- */

struct cmp {
    char text[2048];
    size_t n;
    unsigned diffs;
};

static void note(struct cmp *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(struct cmp *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (c->n < sizeof c->text)
        c->n += (size_t)vsnprintf(c->text + c->n, sizeof c->text - c->n, fmt, ap);
    va_end(ap);
    c->diffs++;
}

static const char *const reg_names[8] = { "EAX", "ECX", "EDX", "EBX", "ESP", "EBP", "ESI", "EDI" };
static const char *const seg_names[SEG_COUNT] = { "ES", "CS", "SS", "DS", "FS", "GS" };

/* Known deviations of kvm-pvm's event delivery from the SDM (Vireo
 * follows the SDM): in real mode it zero-extends the new SP into ESP
 * (20.1.4: only SP changes with a 16-bit stack); in protected mode it
 * clears EFLAGS.AC (INT n pseudocode: IF, TF, NT, VM, RF only).  Applied
 * only when the reference is that emulator and the run ended in a vector. */
static bool quirk(const struct run *r, const struct stop *p, const struct dt_state *a,
                  const struct dt_state *b, uint32_t *esp_mask, uint32_t *fl_mask)
{
    *esp_mask = 0xffffffffu;
    *fl_mask = 0;
    if (!r->emulated || p->vector < 0)
        return false;
    if (r->mode == DT_REAL && a->gpr[REG_ESP] != b->gpr[REG_ESP] &&
        (a->gpr[REG_ESP] >> 16) == 0) {
        *esp_mask = 0xffffu;
        return true;
    }
    if (r->mode != DT_REAL && ((a->eflags ^ b->eflags) & EFLAGS_AC) && !(a->eflags & EFLAGS_AC)) {
        *fl_mask = EFLAGS_AC;
        return true;
    }
    return false;
}

static void compare_states(struct run *r, const struct dt_outcome *k, const struct dt_outcome *v,
                           const struct stop *p, struct cmp *c)
{
    const struct dt_state *a = &k->st, *b = &v->st;
    uint32_t esp_mask, quirk_fl;
    if (quirk(r, p, a, b, &esp_mask, &quirk_fl))
        r->lenient++;
    for (unsigned i = 0; i < 8; i++) {
        uint32_t m = i == REG_ESP ? esp_mask : 0xffffffffu;
        if ((a->gpr[i] ^ b->gpr[i]) & m)
            note(c, "  %s: kvm %08x vireo %08x\n", reg_names[i], a->gpr[i], b->gpr[i]);
    }
    if (a->eip != b->eip)
        note(c, "  EIP: kvm %08x vireo %08x\n", a->eip, b->eip);
    uint32_t fmask = ~p->mask & ~(uint32_t)EFLAGS_RF & ~quirk_fl;
    if ((a->eflags ^ b->eflags) & fmask)
        note(c, "  EFLAGS: kvm %08x vireo %08x (masked %03x)\n", a->eflags, b->eflags, p->mask);
    for (unsigned s = 0; s < SEG_COUNT; s++) {
        const struct dt_seg *x = &a->seg[s], *y = &b->seg[s];
        bool attr_differs = r->mode != DT_REAL && (x->attr & 0xf0ff) != (y->attr & 0xf0ff) &&
                            (x->attr & SEG_ATTR_P);
        if (x->sel != y->sel || x->base != y->base || x->limit != y->limit || attr_differs)
            note(c, "  %s: kvm %04x base %08x limit %08x attr %04x, vireo %04x base %08x "
                    "limit %08x attr %04x\n", seg_names[s], x->sel, x->base, x->limit, x->attr,
                 y->sel, y->base, y->limit, y->attr);
    }
    if (r->mode == DT_PAGED && a->cr2 != b->cr2)
        note(c, "  CR2: kvm %08x vireo %08x\n", a->cr2, b->cr2);
}

/* Differences in RAM, except page-table accessed bits (the host may set
 * them speculatively) and the masked flags of an exception frame. */
static void compare_ram(const struct run *r, const struct stop *p, struct cmp *c)
{
    const uint8_t *a = kside_ram(r->k), *b = vside_ram(r->v);
    if (memcmp(a, b, DT_RAM) == 0)
        return;
    unsigned shown = 0;
    for (uint32_t i = 0; i < DT_RAM; i++) {
        uint8_t x = a[i], y = b[i];
        if (x == y)
            continue;
        uint8_t ignore = 0;
        if (i >= r->L->pt_lo && i < r->L->pt_hi && (i & 3) == 0)
            ignore = 0x20;
        if (p->has_frame && i == p->flags_lo)
            ignore = (uint8_t)(p->mask & 0xff);
        if (p->has_frame && i == p->flags_hi)
            ignore = (uint8_t)(p->mask >> 8);
        if (((x ^ y) & ~ignore) == 0)
            continue;
        if (shown++ < 8)
            note(c, "  RAM[%06x]: kvm %02x vireo %02x\n", i, x, y);
        else
            c->diffs++;
    }
    if (shown > 8)
        note(c, "  ... %u more bytes differ\n", shown - 8);
}

/* Events kvm-pvm delivers differently from the SDM, which make a sequence
 * incomparable (Vireo follows the SDM).  Each was seen in a report and
 * checked against the SDM's pseudocode:
 *  1. real mode, INT n/INT3/INTO with a 66 prefix: it pushes a 32-bit
 *     frame (INT n, real-address mode: FLAGS, CS, IP as words);
 *  2. protected mode: INT n/INT3/INTO and far CALL/JMP/RET/IRET raise
 *     #GP (it does not emulate them), some without an error code;
 *  3. real mode: it delivers events onto a stack that has no room (SP < 6),
 *     wrapping SP, where the SDM raises #SS and a triple fault follows;
 *  4. protected mode: it writes the frame of an event at ESP without the
 *     SS base when SS is not the flat segment. */
static bool reference_deviates(const struct run *r, const struct seq *s, const struct stop *p,
                               const struct dt_outcome *k, const struct dt_outcome *v)
{
    if (!r->emulated || p->vector < 0)
        return false;
    const struct seq_item *at = p->item >= 0 ? &s->item[p->item] : NULL;
    const struct seq_item *before = p->item > 0 ? &s->item[p->item - 1] : NULL;
    if (r->mode == DT_REAL) {
        /* The INT is before the frame's return address, or at it when its
         * own delivery faulted. */
        const struct seq_item *cand[2] = { before, at };
        for (unsigned c = 0; c < 2; c++) {
            const struct seq_item *it = cand[c];
            if (!it || (it->mn != MN_INT && it->mn != MN_INT3 && it->mn != MN_INTO))
                continue;
            for (unsigned i = 0; i < it->len; i++) {
                if (s->bytes[it->off + i] == 0x66)
                    return true;                                        /* 1 */
            }
        }
        if (v->end == DT_END_SHUTDOWN && (v->st.gpr[REG_ESP] & 0xffffu) < 6)
            return true;                                                /* 3 */
        return false;
    }
    if (p->vector == EXC_GP && at &&
        (at->mn == MN_INT || at->mn == MN_INT3 || at->mn == MN_INTO || at->mn == MN_CALLF ||
         at->mn == MN_JMPF || at->mn == MN_RETF || at->mn == MN_IRET) &&
        (v->end != k->end || v->st.eip != k->st.eip))
        return true;                                                    /* 2 */
    if (k->st.seg[SEG_SS].base != 0 || v->st.seg[SEG_SS].base != 0)
        return true;                                                    /* 4 */
    return false;
}

/* Rule 4 also when kvm-pvm shut down delivering the event. */
static bool reference_shut_down(const struct run *r, const struct dt_outcome *k,
                                const struct dt_outcome *v)
{
    struct frame f;
    return r->emulated && r->mode != DT_REAL && k->end == DT_END_SHUTDOWN &&
           v->end == DT_END_HALT && read_frame(r, &v->st, vside_ram(r->v), &f) &&
           v->st.seg[SEG_SS].base != 0;
}


static enum verdict judge(struct run *r, const struct seq *s, uint32_t end_taint,
                          const struct dt_outcome *k, const struct dt_outcome *v, struct stop *p,
                          struct cmp *c)
{
    c->n = 0;
    c->diffs = 0;
    c->text[0] = 0;
    if (k->end == DT_END_FAILED || k->end == DT_END_STUCK)
        return V_SKIP;
    locate_stop(r, s, end_taint, &k->st, kside_ram(r->k), p);
    if (reference_deviates(r, s, p, k, v) || reference_shut_down(r, k, v))
        return V_DEVIATES;
    if (k->end != v->end) {
        note(c, "  end: kvm %s, vireo %s %s\n", end_name(k->end), end_name(v->end), v->note);
        return V_MISMATCH;
    }
    if (k->end == DT_END_SHUTDOWN)
        return V_MATCH;
    compare_states(r, k, v, p, c);
    compare_ram(r, p, c);
    return c->diffs ? V_MISMATCH : V_MATCH;
}

/* ---- Running ---- */

static void put_code(struct run *r, const struct seq *s)
{
    memcpy(kside_ram(r->k) + r->L->code_lin, s->bytes, s->len);
    vside_write(r->v, r->L->code_lin, s->bytes, s->len);
}

static enum verdict run_seq(struct run *r, const struct seq *s, uint32_t end_taint,
                            struct dt_outcome *k, struct dt_outcome *v, struct stop *p,
                            struct cmp *c)
{
    put_code(r, s);
    kside_run(r->k, &s->init, k);
    vside_run(r->v, &s->init, v);
    return judge(r, s, end_taint, k, v, p, c);
}

/* The sequence cut after `t` items: the rest turned into HLTs (so that
 * branches past the cut also stop). */
static uint32_t cut_seq(const struct seq *s, unsigned t, struct seq *out)
{
    *out = *s;
    unsigned from = s->item[t].off;
    memset(out->bytes + from, 0xf4, s->len - from);
    uint32_t taint = s->item[t].taint_in;
    for (unsigned j = t + 1; j < s->nitem; j++)
        taint |= s->item[j].taint_branch;
    out->cut = t;
    out->ntest = 0;
    for (unsigned j = 0; j < t; j++)
        out->ntest += s->item[j].is_test;
    out->taint_end = taint;
    return taint;
}

/* The first item whose inclusion makes the sides differ. */
static int find_culprit(struct run *r, const struct seq *s)
{
    struct dt_outcome k, v;
    struct stop p;
    struct cmp c;
    for (unsigned t = 1; t < s->nitem; t++) {
        load_ram(r, r->ref);
        uint32_t taint = cut_seq(s, t, &r->cut);
        enum verdict vd = run_seq(r, &r->cut, taint, &k, &v, &p, &c);
        if (r->o.verbose)
            printf("  prefix %u: %s, kvm %s at %08x, vireo %s at %08x\n", t,
                   vd == V_MATCH ? "match" : vd == V_MISMATCH ? "mismatch" : "not comparable",
                   end_name(k.end), k.st.eip, end_name(v.end), v.st.eip);
        if (vd == V_MISMATCH)
            return (int)t - 1;
    }
    return (int)s->nitem - 1;
}

static void print_seq(const struct run *r, const struct seq *s, int mark)
{
    struct decode_ctx ctx = { .code32 = r->L->code32, .cpu = CPU_586, .handlers = NULL };
    for (unsigned i = 0; i < s->nitem; i++) {
        const struct seq_item *it = &s->item[i];
        struct insn in;
        char text[DISASM_TEXT_MAX], hex[64];
        decode(s->bytes + it->off, it->len, &ctx, &in);
        disasm(&in, s->bytes + it->off, r->L->code_eip + it->off, NULL, text, sizeof text);
        size_t n = 0;
        for (unsigned j = 0; j < it->len && n + 3 < sizeof hex; j++)
            n += (size_t)snprintf(hex + n, sizeof hex - n, "%02x ", s->bytes[it->off + j]);
        printf("  %s %04x: %-33s %-34s%s", (int)i == mark ? "=>" : "  ",
               r->L->code_eip + it->off, hex, text, it->is_test ? "" : " (helper)");
        if (r->o.verbose)
            printf(" [undefined flags: in %03x, left %03x]", it->taint_in, it->undef);
        printf("\n");
    }
}

static void print_state(const char *who, const struct dt_outcome *o)
{
    const struct dt_state *s = &o->st;
    printf("  %-6s end=%s%s%s\n", who, end_name(o->end), o->note[0] ? ": " : "", o->note);
    printf("         EAX=%08x ECX=%08x EDX=%08x EBX=%08x ESP=%08x EBP=%08x ESI=%08x EDI=%08x\n",
           s->gpr[0], s->gpr[1], s->gpr[2], s->gpr[3], s->gpr[4], s->gpr[5], s->gpr[6],
           s->gpr[7]);
    printf("         EIP=%08x EFLAGS=%08x ES=%04x CS=%04x SS=%04x DS=%04x FS=%04x GS=%04x\n",
           s->eip, s->eflags, s->seg[0].sel, s->seg[1].sel, s->seg[2].sel, s->seg[3].sel,
           s->seg[4].sel, s->seg[5].sel);
}

/* The exception frame a side halted with, into the report. */
static void note_frame(const struct run *r, struct cmp *c, const char *who,
                       const struct dt_outcome *o, const uint8_t *ram)
{
    struct frame f;
    if (o->end != DT_END_HALT || !read_frame(r, &o->st, ram, &f))
        return;
    unsigned keep = c->diffs;
    if (f.has_err)
        note(c, "  %s: vector %d, frame: error %08x, return %04x:%08x, flags %08x\n", who,
             f.vector, f.err, f.cs, f.ret, f.flags);
    else
        note(c, "  %s: vector %d, frame: return %04x:%08x, flags %08x\n", who, f.vector, f.cs,
             f.ret, f.flags);
    c->diffs = keep;
}

static void report(struct run *r, long index, const struct seq *s, int culprit,
                   const struct dt_outcome *k, const struct dt_outcome *v, const struct cmp *c)
{
    const struct seq_item *it = &s->item[culprit];
    printf("MISMATCH %s sequence %ld: %s (item %d)   reproduce: --mode %s --seed %" PRIu64
           " --length %u --only %ld\n", env_mode_name(r->mode), index, mnemonic_name(it->mn),
           culprit, env_mode_name(r->mode), r->o.seed, r->o.length, index);
    print_seq(r, s, culprit);
    struct dt_outcome init = { .end = DT_END_HALT, .st = s->init };
    init.note[0] = 0;
    print_state("start", &init);
    print_state("kvm", k);
    print_state("vireo", v);
    printf("  differences:\n%s\n", c->text);
}

/* Deviations of KVM's emulator found by narrowing a mismatch to its first
 * instruction (the reference is wrong per the SDM, see docs/difftest.md):
 *  - protected mode: kvm-pvm mishandles INT n, INT3, INTO and far
 *    transfers (#GP, or no transfer at all);
 *  - protected mode: it raises #GP for a LOCK prefix where the SDM says #UD;
 *  - REP CMPS/SCAS interrupted by a fault: it loses the flags of the
 *    completed iterations;
 *  - STR/SLDT to memory: it writes 32 bits in 32-bit code (a #GP at a
 *    segment's last word);
 *  - ENTER whose operand size differs from the stack size: the emulator
 *    pushes (E)BP with the stack size (SDM ENTER: Push(EBP) for a 32-bit
 *    operand size, Push(BP) for 16). */
static bool culprit_deviates(const struct run *r, const struct seq *s, int culprit,
                             const struct stop *p, const struct dt_outcome *v)
{
    if (!r->emulated)
        return false;
    const struct seq_item *it = &s->item[culprit];
    if (r->mode != DT_REAL &&
        (it->mn == MN_INT || it->mn == MN_INT3 || it->mn == MN_INTO || it->mn == MN_CALLF ||
         it->mn == MN_JMPF || it->mn == MN_RETF || it->mn == MN_IRET))
        return true;
    /* LOCK on an instruction that does not take it: #UD (SDM LOCK); kvm-pvm
     * raises #GP in protected mode. */
    bool locked = false;
    for (unsigned i = 0; i < it->len; i++)
        locked |= s->bytes[it->off + i] == 0xf0;
    if (r->mode != DT_REAL && locked && p->vector == EXC_GP &&
        v->st.eip == r->L->stub_eip + EXC_UD + 1)
        return true;
    /* STR and SLDT to memory: the emulator writes the operand size (4
     * bytes in 32-bit code) where the SDM stores 16 bits, so it faults at
     * a segment's last word. */
    if ((it->mn == MN_STR || it->mn == MN_SLDT) && p->vector == EXC_GP && p->item == culprit)
        return true;
    /* REPE/REPNE CMPS/SCAS that faults after some iterations: the emulator
     * rolls EFLAGS back to before the instruction while keeping the
     * registers of the completed iterations (SDM Vol. 1, 7.3.9.3: the
     * state is that of the completed iterations). */
    if ((it->mn == MN_CMPS || it->mn == MN_SCAS) && p->item == culprit) {
        for (unsigned i = 0; i < it->len; i++) {
            if (s->bytes[it->off + i] == 0xf2 || s->bytes[it->off + i] == 0xf3)
                return true;
        }
    }
    if (it->mn == MN_ENTER) {
        bool o66 = false;
        for (unsigned i = 0; i < it->len; i++)
            o66 |= s->bytes[it->off + i] == 0x66;
        bool o32 = r->L->code32 ^ o66;
        bool s32 = (s->init.seg[SEG_SS].attr & SEG_ATTR_DB) != 0;
        return o32 != s32;
    }
    return false;
}

static void run_one(struct run *r, long index, bool quiet)
{
    struct seq *s = &r->seq;
    gen_reseed(r->g, mix(mix(r->o.seed, (uint64_t)r->mode), (uint64_t)index));
    gen_next(r->g, &r->base, s);
    r->sequences++;
    struct dt_outcome k, v;
    struct stop p;
    struct cmp c, full;
    enum verdict vd;
    int culprit;
    /* When KVM cannot run an instruction, or runs it against the SDM, the
     * sequence is cut before it and the prefix compared. */
    for (int attempt = 0;; attempt++) {
        vd = run_seq(r, s, s->taint_end, &k, &v, &p, &c);
        culprit = -1;
        if (vd == V_MISMATCH) {
            full = c;
            note_frame(r, &full, "kvm", &k, kside_ram(r->k));
            note_frame(r, &full, "vireo", &v, vside_ram(r->v));
            culprit = find_culprit(r, s);
            if (culprit_deviates(r, s, culprit, &p, &v))
                vd = V_DEVIATES;
        }
        int stop_at = -1;
        if (vd == V_DEVIATES) {
            int at = culprit >= 0 ? culprit
                                  : p.item > 0 && r->mode == DT_REAL ? p.item - 1 : p.item;
            r->mn[at >= 0 ? s->item[at].mn : MN_BAD].kvm_deviates++;
            stop_at = culprit;
        } else if (vd == V_SKIP) {
            int at = item_at(s, k.st.eip - r->L->code_eip);
            if (k.end == DT_END_FAILED && at >= 0) {
                r->mn[s->item[at].mn].kvm_failed++;
                stop_at = at;
            }
            if (r->o.verbose)
                printf("skip %s %ld: kvm %s %s\n", env_mode_name(r->mode), index,
                       end_name(k.end), k.note);
        }
        if (vd != V_SKIP && vd != V_DEVIATES)
            break;
        load_ram(r, r->ref);
        if (stop_at <= 0 || attempt >= 4) {
            r->skipped++;
            return;
        }
        r->salvaged++;
        cut_seq(s, (unsigned)stop_at, &r->cut);
        r->seq = r->cut;
    }
    r->compared++;
    r->tested += s->ntest;
    for (unsigned i = 0; i < s->cut; i++) {
        r->helpers += !s->item[i].is_test && s->item[i].mn != MN_HLT;
        if (s->item[i].is_test)
            r->mn[s->item[i].mn].tried++;
    }
    if (k.end == DT_END_SHUTDOWN)
        r->shutdowns++;
    else
        r->exceptions[p.vector >= 0 ? p.vector : 256]++;
    if (vd == V_MATCH) {
        r->matched++;
        uint8_t *kr = kside_ram(r->k);
        /* Masked differences: carry KVM's bytes over so the sides stay equal. */
        if (memcmp(kr, vside_ram(r->v), DT_RAM) != 0) {
            for (uint32_t i = 0; i < DT_RAM; i++) {
                if (kr[i] != vside_ram(r->v)[i])
                    vside_write(r->v, i, &kr[i], 1);
            }
        }
        /* A stray stack may have hit the system area: put it back. */
        bool touched = false;
        for (uint32_t a = 0; a < DT_RAM; a += 256) {
            bool code = a >= r->L->code_lin && a < r->L->code_lin + r->L->code_max;
            if (in_window(r, a) || code || memcmp(kr + a, r->pristine + a, 256) == 0)
                continue;
            memcpy(kr + a, r->pristine + a, 256);
            vside_write(r->v, a, r->pristine + a, 256);
            touched = true;
        }
        if (touched)
            r->system_restored++;
        memcpy(r->ref, kr, DT_RAM);
        if (!quiet && r->o.verbose)
            printf("match %s %ld\n", env_mode_name(r->mode), index);
        return;
    }
    r->mismatched++;
    r->mn[s->item[culprit].mn].mismatched++;
    if (!quiet && r->shown < r->o.show) {
        r->shown++;
        report(r, index, s, culprit, &k, &v, &full);
    }
    load_ram(r, r->ref);
}

static bool probe(struct run *r, char *why, size_t size)
{
    struct seq *s = &r->seq;
    s->len = 2;
    s->nitem = 2;
    s->bytes[0] = 0x90;
    s->bytes[1] = 0xf4;
    s->init = r->base;
    s->init.gpr[REG_ESP] = r->mode == DT_REAL ? 0x1000 : ENV_STACK_HI - 0x100;
    struct dt_outcome k;
    put_code(r, s);
    kside_run(r->k, &s->init, &k);
    if (k.end == DT_END_HALT && k.st.eip == r->L->code_eip + 2)
        return true;
    snprintf(why, size, "KVM cannot run this mode here (a NOP; HLT probe ended %s at %08x%s%s)",
             end_name(k.end), k.st.eip, k.note[0] ? ": " : "", k.note);
    return false;
}

static void refresh_data(struct run *r, long block)
{
    gen_reseed(r->g, mix(mix(r->o.seed ^ 0x5a5a5a5au, (uint64_t)r->mode), (uint64_t)block));
    memcpy(r->ref, r->pristine, DT_RAM);
    gen_fill_data(r->g, r->ref);
    load_ram(r, r->ref);
}

static void run_mode(struct run *r, uint64_t budget)
{
    r->L = env_layout(r->mode);
    memset(r->pristine, 0, DT_RAM);
    env_build(r->mode, r->pristine, &r->base);
    load_ram(r, r->pristine);
    char why[256];
    if (!probe(r, why, sizeof why)) {
        printf("mode %s: skipped: %s\n", env_mode_name(r->mode), why);
        return;
    }
    if (r->o.only >= 0) {
        long first = r->o.only / BLOCK * BLOCK;
        refresh_data(r, first / BLOCK);
        for (long i = first; i < r->o.only; i++)
            run_one(r, i, true);
        r->o.show = 1;
        r->o.verbose = true;
        run_one(r, r->o.only, false);
        print_seq(r, &r->seq, -1);
        return;
    }
    for (long i = 0; r->tested < budget; i++) {
        if (i % BLOCK == 0)
            refresh_data(r, i / BLOCK);
        run_one(r, i, false);
        if (r->sequences > budget * 4 + 100)
            break;              /* nothing comparable comes out of this mode */
    }
}

static void usage(FILE *f)
{
    fprintf(f, "usage: difftest [--count N] [--seed S] [--length L] [--mode real|prot32|paged32]\n"
               "                [--show N] [--only SEQ] [--verbose]\n"
               "       difftest --x87 [--x87-ref auto|host|kvm] [--count N] [--seed S]\n"
               "                [--length L] [--show N] [--only CASE] [--verbose]\n"
               "Runs random instruction sequences in Vireo and in a KVM guest and compares\n"
               "the results (docs/difftest.md).  --count: tested instructions over all modes\n"
               "(default 6000); --length: tested instructions per sequence (default 10).\n"
               "--x87: random x87 instructions and sequences of up to --length of them\n"
               "(default 4, 1 = single instructions only) against the host CPU's x87, or\n"
               "a KVM guest where KVM can run x87 code; the state is compared after\n"
               "every instruction.\n");
}

static int parse(int argc, char **argv, struct opts *o)
{
    o->count = 6000;
    o->seed = 1;
    o->length = 10;
    o->modes = (1u << DT_MODE_COUNT) - 1;
    o->show = 10;
    o->only = -1;
    o->verbose = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--verbose") == 0) {
            o->verbose = true;
            continue;
        }
        if (strcmp(a, "--x87") == 0) {
            o->x87 = true;
            continue;
        }
        if (strcmp(a, "--help") == 0) {
            usage(stdout);
            exit(0);
        }
        if (val == NULL) {
            usage(stderr);
            return -1;
        }
        i++;
        char *end;
        if (strcmp(a, "--count") == 0) {
            o->count = strtoull(val, &end, 0);
        } else if (strcmp(a, "--seed") == 0) {
            o->seed = strtoull(val, &end, 0);
        } else if (strcmp(a, "--length") == 0) {
            o->length = (unsigned)strtoul(val, &end, 0);
            o->has_length = true;
            if (o->length == 0 || o->length > 200)
                return -1;
        } else if (strcmp(a, "--show") == 0) {
            o->show = (unsigned)strtoul(val, &end, 0);
        } else if (strcmp(a, "--x87-ref") == 0) {
            o->x87_ref = strcmp(val, "host") == 0 ? 1 : strcmp(val, "kvm") == 0 ? 2 : 0;
            end = o->x87_ref || strcmp(val, "auto") == 0 ? (char *)val + strlen(val) : (char *)val;
        } else if (strcmp(a, "--only") == 0) {
            o->only = strtol(val, &end, 0);
        } else if (strcmp(a, "--mode") == 0) {
            o->modes = 0;
            for (unsigned m = 0; m < DT_MODE_COUNT; m++) {
                if (strcmp(val, env_mode_name((enum dt_mode)m)) == 0)
                    o->modes = 1u << m;
            }
            end = o->modes ? (char *)val + strlen(val) : (char *)val;
        } else {
            usage(stderr);
            return -1;
        }
        if (*end != 0) {
            fprintf(stderr, "difftest: bad value for %s: %s\n", a, val);
            return -1;
        }
    }
    return 0;
}

static void print_totals(const struct run *r)
{
    printf("mode %s: %u instruction forms from the decoder tables\n", env_mode_name(r->mode),
           gen_form_count(r->g));
    printf("mode %s: %" PRIu64 " sequences, %" PRIu64 " compared (%" PRIu64 " tested instructions"
           " + %" PRIu64 " helpers), %" PRIu64 " matched, %" PRIu64 " mismatched, %" PRIu64
           " skipped (KVM could not run them)\n", env_mode_name(r->mode), r->sequences,
           r->compared, r->tested, r->helpers, r->matched, r->mismatched, r->skipped);
    printf("  ended: %" PRIu64 " at the trailing HLT, %" PRIu64 " shutdowns", r->exceptions[256],
           r->shutdowns);
    for (unsigned v = 0; v < 256; v++) {
        if (r->exceptions[v])
            printf(", %" PRIu64 " in vector %u", r->exceptions[v], v);
    }
    printf("\n");
    if (r->salvaged)
        printf("  %" PRIu64 " sequences cut before an instruction KVM could not run\n",
               r->salvaged);
    if (r->lenient)
        printf("  %" PRIu64 " comparisons allowed for a known kvm-pvm deviation\n", r->lenient);
    if (r->system_restored)
        printf("  system area restored after %" PRIu64 " sequences\n", r->system_restored);
}

int main(int argc, char **argv)
{
    struct run *r = calloc(1, sizeof *r);
    if (r == NULL || parse(argc, argv, &r->o) != 0)
        return 2;
    if (r->o.x87) {
        struct dx_opts xo = { .count = r->o.count, .seed = r->o.seed,
                              .length = r->o.has_length ? r->o.length : 4, .show = r->o.show,
                              .only = r->o.only, .verbose = r->o.verbose, .ref = r->o.x87_ref };
        free(r);
        return dx_main(&xo);
    }
    char msg[256];
    r->k = kside_open(msg, sizeof msg);
    if (r->k == NULL) {
        printf("difftest: skipped: no usable KVM: %s\n", msg);
        free(r);
        return 77;
    }
    r->v = vside_create(CPU_586);
    r->pristine = malloc(DT_RAM);
    r->ref = malloc(DT_RAM);
    if (r->v == NULL || r->pristine == NULL || r->ref == NULL) {
        fprintf(stderr, "difftest: out of memory\n");
        return 2;
    }
    const char *refnote = kside_reference_note(r->k);
    if (refnote != NULL)
        printf("difftest: note: %s\n", refnote);
    r->emulated = refnote != NULL;
    unsigned nmodes = 0;
    for (unsigned m = 0; m < DT_MODE_COUNT; m++)
        nmodes += (r->o.modes >> m) & 1;
    uint64_t total_tested = 0, total_mismatched = 0, total_compared = 0;
    struct mn_stat all[MN_COUNT];
    memset(all, 0, sizeof all);
    for (unsigned m = 0; m < DT_MODE_COUNT; m++) {
        if (!((r->o.modes >> m) & 1))
            continue;
        struct gen_opts go = { .mode = (enum dt_mode)m, .length = r->o.length, .with_x87 = false,
                               .emulated_ref = r->emulated };
        r->mode = (enum dt_mode)m;
        r->g = gen_create(&go, r->o.seed);
        r->sequences = r->compared = r->tested = r->helpers = r->matched = 0;
        r->mismatched = r->skipped = r->shutdowns = r->system_restored = r->lenient = 0;
        r->salvaged = 0;
        memset(r->exceptions, 0, sizeof r->exceptions);
        memset(r->mn, 0, sizeof r->mn);
        run_mode(r, r->o.count / nmodes);
        if (r->o.only < 0 && r->sequences > 0)
            print_totals(r);
        total_tested += r->tested;
        total_compared += r->compared;
        total_mismatched += r->mismatched;
        for (unsigned i = 0; i < MN_COUNT; i++) {
            all[i].tried += r->mn[i].tried;
            all[i].mismatched += r->mn[i].mismatched;
            all[i].kvm_failed += r->mn[i].kvm_failed;
            all[i].kvm_deviates += r->mn[i].kvm_deviates;
        }
        gen_destroy(r->g);
    }
    if (r->o.only < 0) {
        printf("total: %" PRIu64 " sequences compared, %" PRIu64 " tested instructions, %" PRIu64
               " mismatching sequences\n", total_compared, total_tested, total_mismatched);
        for (unsigned i = 0; i < MN_COUNT; i++) {
            if (all[i].mismatched)
                printf("  mismatches by mnemonic: %-10s %" PRIu64 " (of %" PRIu64 " tried)\n",
                       mnemonic_name(i), all[i].mismatched, all[i].tried);
        }
        for (unsigned i = 0; i < MN_COUNT; i++) {
            if (all[i].kvm_deviates)
                printf("  KVM deviates from the SDM (not compared): %-10s %" PRIu64 "\n",
                       mnemonic_name(i), all[i].kvm_deviates);
        }
        for (unsigned i = 0; i < MN_COUNT; i++) {
            if (all[i].kvm_failed)
                printf("  KVM could not run: %-10s %" PRIu64 "\n", mnemonic_name(i),
                       all[i].kvm_failed);
        }
        if (r->o.verbose) {
            for (unsigned i = 0; i < MN_COUNT; i++) {
                if (all[i].tried)
                    printf("  tried %-10s %" PRIu64 "\n", mnemonic_name(i), all[i].tried);
            }
        }
    }
    vside_destroy(r->v);
    kside_close(r->k);
    free(r->pristine);
    free(r->ref);
    free(r);
    return total_mismatched ? 1 : 0;
}
