/* tests/difftest/gen.c: random instruction sequences for the differential
 * test.  The forms come from the decoder's own tables (decoder/opcodes.h):
 * every present row of the one-byte map, the 0F map and the groups that a
 * Pentium has is one form, drawn with equal weight, so every encoding gets
 * exercised.  Each form is completed with random prefixes (66, 67, segment
 * overrides, REP/REPNE, LOCK), ModRM/SIB forms, displacements and
 * immediates.  Helpers the generator adds (not counted as tested) keep a
 * sequence inside the environment of env.c:
 *  - memory operands: MOVs that set the base/index registers so that the
 *    effective address lands in a data window (now and then deliberately
 *    at or past a segment limit, to test the #GP/#SS checks);
 *  - segment loads: the selector is stored where the instruction takes it
 *    from (register, stack or memory), chosen from the environment's set;
 *  - control transfers only go forward, to an instruction boundary, and
 *    RET/RETF/IRET/indirect jumps get their targets pushed or stored first;
 *  - a CMP before any instruction that reads a flag some earlier
 *    instruction left undefined (flagmask.c), so undefined flags never
 *    reach a defined result;
 *  - CL is set before a shift by CL, so the undefined flags are known.
 * Excluded forms and why: gen_exclusion().  x87: the ESC rows are not in
 * this table (KVM's emulator cannot run them); the x87 has its own test
 * against the host's x87, difftest --x87 (dx87_gen.c). */
#include "tests/difftest/dt.h"

#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "decoder/opcodes.h"

/* ---- Random numbers (splitmix64) ---- */

static uint64_t rnd64(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* ---- Forms ---- */

struct form {
    const struct op_entry *op;
    uint8_t opc;                /* opcode byte (after 0F if is_0f) */
    bool is_0f;
    int8_t reg;                 /* group row: the ModRM reg field; -1 otherwise */
};

#define MAX_FORMS 640

/* Generator state along the code, merged where branches land. */
struct gstate {
    int32_t seg[SEG_COUNT];     /* segment register value, -1 if unknown */
    int8_t df;                  /* 0, 1, or -1 if unknown */
    uint32_t taint;             /* arithmetic flags that are undefined here */
    bool live;                  /* reachable by falling through */
};

enum fix_kind { FIX_REL8, FIX_REL16, FIX_REL32, FIX_ABS16, FIX_ABS32 };

/* A forward transfer waiting for its landing point. */
struct pending {
    unsigned fix_at;            /* offset of the field to patch in the sequence */
    uint8_t kind;               /* enum fix_kind */
    unsigned ip_after;          /* sequence offset the relative field counts from */
    unsigned skip;              /* groups still to skip */
    struct gstate st;
};

#define MAX_PENDING 64
#define GROUP_MAX_BYTES 110     /* helpers + one instruction, bounded */

struct gen {
    struct gen_opts o;
    uint64_t rng;
    const struct dt_layout *L;
    struct form forms[MAX_FORMS];
    unsigned nforms;
    struct decode_ctx ctx;
    struct seq *s;
    struct gstate st;
    struct pending pend[MAX_PENDING];
    unsigned npend;
    uint32_t pending_taint;     /* taint the transfers landing here brought */
    bool full;                  /* the sequence ran out of room */
};

static uint32_t rnd(struct gen *g, uint32_t n)
{
    return n ? (uint32_t)(rnd64(&g->rng) % n) : 0;
}

static bool chance(struct gen *g, unsigned percent)
{
    return rnd(g, 100) < percent;
}

static uint32_t rnd32(struct gen *g)
{
    return (uint32_t)rnd64(&g->rng);
}

/* A value with the interesting edges over-represented. */
static uint32_t rnd_value(struct gen *g, unsigned size)
{
    static const uint32_t edges[] = { 0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff,
                                      0x7fffffffu, 0x80000000u, 0xffffffffu, 0xfffffffeu };
    uint32_t v;
    switch (rnd(g, 8)) {
    case 0: v = edges[rnd(g, sizeof edges / sizeof edges[0])]; break;
    case 1: v = rnd(g, 16); break;
    case 2: v = (uint32_t)-(int32_t)rnd(g, 16); break;
    default: v = rnd32(g); break;
    }
    return size == 4 ? v : v & ((1u << (size * 8)) - 1);
}

const char *gen_exclusion(unsigned mn)
{
    switch (mn) {
    case MN_CPUID: case MN_RDTSC: case MN_RDMSR: case MN_WRMSR: case MN_RSM:
        return "model-specific: the host is not the Pentium Vireo models";
    case MN_IN: case MN_OUT: case MN_INS: case MN_OUTS:
        return "port I/O: neither side has devices";
    case MN_HLT:
        return "ends every sequence (the trailing HLT)";
    case MN_LGDT: case MN_LIDT: case MN_LLDT: case MN_LTR: case MN_LMSW: case MN_CLTS:
    case MN_INVD: case MN_WBINVD: case MN_INVLPG:
        return "system state: loads descriptor tables or control bits the harness owns";
    default:
        return NULL;
    }
}

/* Rows that are excluded by their handler rather than their mnemonic. */
static bool excluded_row(const struct op_entry *e)
{
    if (e->attr & ATTR_X87)
        return true;
    switch (e->exec) {
    case EXEC_mov_RC: case EXEC_mov_CR: case EXEC_mov_RD: case EXEC_mov_DR:
    case EXEC_mov_RT: case EXEC_mov_TR:
        return true;    /* control, debug and test registers: system state */
    default:
        return gen_exclusion(e->mn) != NULL;
    }
}

static void add_form(struct gen *g, const struct op_entry *e, uint8_t opc, bool is_0f, int reg)
{
    if (!op_row_present(e) || !(e->cpus & CPU_586) || excluded_row(e) || g->nforms >= MAX_FORMS)
        return;
    g->forms[g->nforms++] = (struct form){ e, opc, is_0f, (int8_t)reg };
}

static void build_forms(struct gen *g)
{
    for (unsigned b = 0; b < 256; b++) {
        if (b == 0x0f || (b >= 0xd8 && b <= 0xdf))
            continue;           /* 0F map below; x87 escapes not generated */
        if (op_grp_1byte[b]) {
            for (int r = 0; r < 8; r++)
                add_form(g, &op_groups[op_grp_1byte[b] - 1][r], (uint8_t)b, false, r);
        } else {
            add_form(g, &op_map_1byte[b], (uint8_t)b, false, -1);
        }
    }
    for (unsigned b = 0; b < 256; b++) {
        if (op_grp_0f[b]) {
            for (int r = 0; r < 8; r++)
                add_form(g, &op_groups[op_grp_0f[b] - 1][r], (uint8_t)b, true, r);
        } else {
            add_form(g, &op_map_0f[b], (uint8_t)b, true, -1);
        }
    }
}

struct gen *gen_create(const struct gen_opts *o, uint64_t seed)
{
    struct gen *g = calloc(1, sizeof *g);
    if (g == NULL)
        return NULL;
    g->o = *o;
    g->rng = seed;
    g->L = env_layout(o->mode);
    g->ctx = (struct decode_ctx){ .code32 = g->L->code32, .cpu = CPU_586, .handlers = NULL };
    build_forms(g);
    return g;
}

void gen_destroy(struct gen *g)
{
    free(g);
}

unsigned gen_form_count(const struct gen *g)
{
    return g->nforms;
}

/* ---- Segments as the generator knows them ---- */

struct seginfo {
    bool usable;
    uint32_t base;
    uint32_t lo, hi;            /* valid offsets [lo, hi] */
    bool writable;
};

static const struct dt_selector *find_sel(uint32_t sel)
{
    for (unsigned i = 0; i < env_selector_count; i++) {
        if (env_selectors[i].sel == (sel & 0xfff8u))
            return &env_selectors[i];
    }
    return NULL;
}

static bool is_real(const struct gen *g)
{
    return g->L->mode == DT_REAL;
}

static struct seginfo seg_info(const struct gen *g, unsigned seg)
{
    struct seginfo si = { false, 0, 0, 0, false };
    int32_t v = g->st.seg[seg];
    if (v < 0)
        return si;
    if (is_real(g)) {
        si = (struct seginfo){ true, (uint32_t)v << 4, 0, 0xffff, true };
        return si;
    }
    const struct dt_selector *d = find_sel((uint32_t)v);
    if (d == NULL || (v & 0xfffc) == 0)
        return si;
    si.usable = true;
    si.base = d->base;
    si.writable = d->writable;
    if (d->expand_down) {
        si.lo = d->limit + 1;
        si.hi = d->big ? 0xffffffffu : 0xffff;
    } else {
        si.lo = 0;
        si.hi = d->limit;
    }
    return si;
}

/* ---- Emitting ---- */

static unsigned seq_room(const struct gen *g)
{
    return SEQ_MAX_BYTES - 1 - g->s->len;
}

/* Append one instruction (decoded to learn its mnemonic and flag use).
 * A tested instruction that reads an undefined flag gets a CMP first. */
static void commit(struct gen *g, const uint8_t *b, unsigned n, bool is_test, int cl)
{
    struct seq *s = g->s;
    struct insn in;
    if (g->full || n + 2 > seq_room(g) || s->nitem + 3 >= SEQ_MAX_ITEMS) {
        g->full = true;
        return;
    }
    enum decode_status stt = decode(b, n, &g->ctx, &in);
    struct flag_use u = { 0, 0, 0 };
    if (stt == DECODE_OK) {
        flag_use_of(&in, cl, &u);
        if (g->o.emulated_ref) {
            u.undef |= flag_emulator_undef(in.mn);
            u.sets &= ~u.undef;
        }
    } else {
        in.mn = MN_BAD;
        u.undef = 0;
    }
    if (is_test && (u.reads & g->st.taint)) {
        const uint8_t cmp[2] = { 0x3c, (uint8_t)rnd(g, 256) };     /* cmp al, imm8 */
        commit(g, cmp, 2, false, -1);
    }
    struct seq_item *it = &s->item[s->nitem++];
    it->off = (uint16_t)s->len;
    it->len = (uint8_t)n;
    it->is_test = is_test;
    it->mn = in.mn;
    it->taint_in = g->st.taint;
    it->taint_branch = g->pending_taint;
    g->pending_taint = 0;
    it->undef = u.undef;
    memcpy(s->bytes + s->len, b, n);
    s->len += n;
    if (is_test)
        s->ntest++;
    g->st.taint = (g->st.taint & ~u.sets) | u.undef;
}

/* A small instruction assembler for helpers. */
struct hb {
    uint8_t b[24];
    unsigned n;
};

static void hb_byte(struct hb *h, uint8_t v)
{
    h->b[h->n++] = v;
}

static void hb_imm(struct hb *h, uint32_t v, unsigned size)
{
    for (unsigned i = 0; i < size; i++)
        hb_byte(h, (uint8_t)(v >> (8 * i)));
}

/* The 66 prefix that gives operand size `size` (2 or 4) in this mode. */
static void hb_osize(const struct gen *g, struct hb *h, unsigned size)
{
    if ((size == 4) != g->L->code32)
        hb_byte(h, 0x66);
}

static void helper(struct gen *g, const struct hb *h)
{
    commit(g, h->b, h->n, false, -1);
}

/* mov reg, v (size 1, 2 or 4) */
static void h_mov_reg(struct gen *g, unsigned reg, uint32_t v, unsigned size)
{
    struct hb h = { .n = 0 };
    if (size == 1) {
        hb_byte(&h, (uint8_t)(0xb0 + reg));
    } else {
        hb_osize(g, &h, size);
        hb_byte(&h, (uint8_t)(0xb8 + reg));
    }
    hb_imm(&h, v, size);
    helper(g, &h);
}

/* Set the low 16 bits of a register (with random upper bits, except for
 * ESP in the protected modes, whose upper half must stay). */
static void h_mov_low(struct gen *g, unsigned reg, uint32_t v)
{
    if (reg == REG_ESP && g->L->mode != DT_REAL)
        h_mov_reg(g, reg, v & 0xffffu, 2);
    else
        h_mov_reg(g, reg, (v & 0xffffu) | ((uint32_t)rnd64(&g->rng) & 0xffff0000u), 4);
}

/* push imm with operand size `size`; returns the sequence offset of the
 * immediate (for fixups). */
static unsigned h_push_imm(struct gen *g, uint32_t v, unsigned size)
{
    struct hb h = { .n = 0 };
    hb_osize(g, &h, size);
    hb_byte(&h, 0x68);
    unsigned at = g->s->len + h.n;
    hb_imm(&h, v, size);
    helper(g, &h);
    return at;
}

static const uint8_t seg_prefix[SEG_COUNT] = { 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65 };

/* mov size [seg:off], v with an absolute address of the code's default
 * address size; returns the sequence offset of the immediate. */
static unsigned h_store(struct gen *g, unsigned seg, uint32_t off, uint32_t v, unsigned size)
{
    struct hb h = { .n = 0 };
    if (seg != SEG_DS)
        hb_byte(&h, seg_prefix[seg]);
    if (size != 1)
        hb_osize(g, &h, size);
    hb_byte(&h, size == 1 ? 0xc6 : 0xc7);
    if (g->L->code32) {
        hb_byte(&h, 0x05);
        hb_imm(&h, off, 4);
    } else {
        hb_byte(&h, 0x06);
        hb_imm(&h, off, 2);
    }
    unsigned at = g->s->len + h.n;
    hb_imm(&h, v, size);
    helper(g, &h);
    return at;
}

/* ---- Segment values to load ---- */

static uint32_t pick_rm_seg(struct gen *g)
{
    return ENV_RM_SEG_LO + rnd(g, ENV_RM_SEG_HI - ENV_RM_SEG_LO + 1);
}

/* A selector for a data segment register (or SS when for_ss). Mostly
 * valid ones; now and then null (DS-ES-FS-GS only) or one that faults. */
static uint32_t pick_selector(struct gen *g, bool for_ss)
{
    if (is_real(g))
        return pick_rm_seg(g);
    unsigned r = rnd(g, 100);
    if (r < 3)
        return for_ss ? 0x28 : 0x40 | rnd(g, 4);     /* #GP: not writable / a TSS */
    if (r < 5)
        return 0x48 + 8 * rnd(g, 8);                 /* #GP: beyond the GDT limit */
    if (!for_ss && r < 10)
        return rnd(g, 4);                            /* null */
    if (r < 60)
        return ENV_SEL_DATA | (for_ss ? 0 : rnd(g, 4));
    for (;;) {
        const struct dt_selector *d = &env_selectors[rnd(g, env_selector_count)];
        if (!for_ss || d->stack_ok)
            return d->sel;
    }
}

/* A safe ESP (or SP) for the current SS, for helpers that reset it. */
static uint32_t safe_esp(struct gen *g)
{
    struct seginfo si = seg_info(g, SEG_SS);
    if (is_real(g) || !si.usable)
        return rnd32(g) & 0xfffeu;
    if (si.base == 0 && si.hi == 0xffffffffu)
        return ENV_STACK_LO + 0x10000 + (rnd(g, ENV_STACK_HI - ENV_STACK_LO - 0x10000) & ~3u);
    uint32_t lo = si.lo + 0x400, hi = si.hi > 0xffff ? 0xffff : si.hi;
    if (si.hi > 0xffff && si.lo == 0)
        hi = si.hi - 0x100;
    return (lo + rnd(g, hi - lo)) & ~3u;
}

static void h_reload_seg(struct gen *g, unsigned seg, uint32_t sel);

/* ---- Memory operands ---- */

/* A random offset in segment `seg` whose bytes [off - before, off + span +
 * after) lie inside the segment and one of the mode's data windows; with a
 * few percent (when `may_fault`) an offset at or past the segment's edge. */
static uint32_t pick_offset(struct gen *g, unsigned seg, bool a16, uint32_t span,
                            uint32_t before, uint32_t after, bool may_fault)
{
    struct seginfo si = seg_info(g, seg);
    uint32_t hi = si.hi;
    if (a16 && hi > 0xffff)
        hi = 0xffff;
    if (!si.usable || si.lo > hi)
        return rnd32(g) & (a16 ? 0xffffu : 0xfffffu);
    /* KVM's emulator lets an access cross 4 GiB in a segment whose limit
     * is 4 GiB - 1 where the SDM (Vol. 3, 5.3) raises #GP: no such edge
     * against it. */
    bool edge_ok = !(g->o.emulated_ref && hi == 0xffffffffu);
    if (may_fault && chance(g, 2) && (edge_ok || si.lo > 0)) {
        /* Straddle or pass the upper edge (or the lower one of an
         * expand-down segment). */
        if (si.lo > 0 && (chance(g, 50) || !edge_ok))
            return si.lo - 1 - rnd(g, span);
        return hi - (span > 1 ? rnd(g, span - 1) : 0) + (chance(g, 50) ? 1 : 0);
    }
    for (int tries = 0; tries < 16; tries++) {
        const struct dt_window *w = &env_windows[g->L->mode][rnd(g, 2)];
        if (w->hi == 0)
            continue;
        /* Offsets whose linear address is inside the window, with margins. */
        uint64_t lin_lo = (uint64_t)w->lo + before, lin_hi = (uint64_t)w->hi - span - after;
        uint64_t off_lo = lin_lo >= si.base ? lin_lo - si.base : 0;
        uint64_t off_hi = lin_hi >= si.base ? lin_hi - si.base : 0;
        if (lin_hi < si.base || lin_hi < lin_lo)
            continue;
        if (off_lo < (uint64_t)si.lo + before)
            off_lo = (uint64_t)si.lo + before;
        if (off_hi + span + after > (uint64_t)hi + 1) {
            if ((uint64_t)hi + 1 < span + after)
                continue;
            off_hi = (uint64_t)hi + 1 - span - after;
        }
        if (off_hi < off_lo)
            continue;
        return (uint32_t)(off_lo + rnd64(&g->rng) % (off_hi - off_lo + 1));
    }
    return si.lo + rnd(g, 16);
}

/* An instruction being built. */
struct ib {
    uint8_t pfx[16];
    unsigned npfx;
    unsigned osize, asize;      /* 2 or 4 */
    uint8_t opc[2];
    unsigned nopc;
    uint8_t ea[7];              /* ModRM, SIB, displacement */
    unsigned nea;
    bool has_modrm;
    uint8_t reg;                /* ModRM reg field */
    uint8_t mod, rm;
    uint8_t imm[8];
    unsigned nimm;
    int seg;                    /* memory operand's segment (after override) */
    uint32_t mem_off;           /* its offset, as arranged */
    uint8_t used_regs;          /* registers the address uses (bit per REG_*) */
    int fix_kind;               /* a branch field in imm, or -1 */
    bool must_run;              /* no deliberate fault (ESP is parked outside its window) */
    unsigned fix_imm;           /* its position in imm */
};

static void ib_pfx(struct ib *ib, uint8_t p)
{
    if (ib->npfx < sizeof ib->pfx)
        ib->pfx[ib->npfx++] = p;
}

static void ib_imm(struct ib *ib, uint32_t v, unsigned size)
{
    for (unsigned i = 0; i < size; i++)
        ib->imm[ib->nimm++] = (uint8_t)(v >> (8 * i));
}

/* 16-bit ModRM addressing: base and index registers (SDM Table 2-1). */
static const int8_t a16_base[8] = { REG_EBX, REG_EBX, REG_EBP, REG_EBP, REG_ESI, REG_EDI, REG_EBP, REG_EBX };
static const int8_t a16_index[8] = { REG_ESI, REG_EDI, REG_ESI, REG_EDI, -1, -1, -1, -1 };

/* Set up a memory operand of `span` bytes (margins before/after for
 * operands that reach around it): choose the addressing form, the segment
 * and a target offset, and emit MOVs that make the address come out.
 * Registers in `avoid` (bit per REG_*) are not used for the address, so the
 * caller may set them afterwards. */
static void mem_operand(struct gen *g, struct ib *ib, uint32_t span, uint32_t before,
                        uint32_t after, uint8_t avoid)
{
    bool a16 = ib->asize == 2;
    int base, index;
    unsigned scale, mod, rm, disp_size;
    bool has_sib, no_base_disp;
    uint8_t sib;
    for (int tries = 0;; tries++) {
        base = -1;
        index = -1;
        scale = 0;
        mod = rnd(g, 3);
        rm = rnd(g, 8);
        disp_size = 0;
        has_sib = false;
        no_base_disp = false;
        sib = 0;
        if (a16) {
            if (mod == 0 && rm == 6) {
                no_base_disp = true;
                disp_size = 2;
            } else {
                base = a16_base[rm];
                index = a16_index[rm];
                disp_size = mod == 1 ? 1 : mod == 2 ? 2 : 0;
            }
        } else {
            if (rm == 4) {
                has_sib = true;
                scale = rnd(g, 4);
                unsigned ix = rnd(g, 8), bs = rnd(g, 8);
                if (!is_real(g) && bs == REG_ESP && chance(g, 70))
                    bs = rnd(g, 4);     /* mostly avoid an ESP base: its value is not ours */
                sib = (uint8_t)(scale << 6 | ix << 3 | bs);
                index = ix == 4 ? -1 : (int)ix;
                if (bs == 5 && mod == 0) {
                    no_base_disp = true;
                    disp_size = 4;
                } else {
                    base = (int)bs;
                }
            } else if (rm == 5 && mod == 0) {
                no_base_disp = true;
                disp_size = 4;
            } else {
                base = (int)rm;
            }
            if (!no_base_disp)
                disp_size = mod == 1 ? 1 : mod == 2 ? 4 : 0;
        }
        uint8_t uses = (uint8_t)((base >= 0 ? 1u << base : 0) | (index >= 0 ? 1u << index : 0));
        if (!(uses & avoid) || tries > 40)
            break;
    }
    unsigned def_seg = (base == REG_EBP || base == REG_ESP) ? SEG_SS : SEG_DS;
    unsigned seg = def_seg;
    if (chance(g, 25)) {
        seg = rnd(g, SEG_COUNT);
        if (seg == SEG_CS && chance(g, 70))
            seg = SEG_ES;
        ib_pfx(ib, seg_prefix[seg]);
    }
    if (g->st.seg[seg] < 0 && seg != SEG_CS)
        h_reload_seg(g, seg, is_real(g) ? pick_rm_seg(g) : ENV_SEL_DATA);
    ib->seg = (int)seg;

    uint32_t off = pick_offset(g, seg, a16, span, before, after, true);
    ib->mem_off = off;
    uint32_t amask = a16 ? 0xffffu : 0xffffffffu;
    int32_t disp = 0;
    if (disp_size == 1)
        disp = (int8_t)rnd(g, 256);
    else if (disp_size == 2)
        disp = (int16_t)rnd(g, 0x10000);
    else if (disp_size == 4)
        disp = chance(g, 50) ? (int32_t)(int16_t)rnd(g, 0x10000) : (int32_t)rnd32(g);
    uint32_t index_val = 0, mult = 1u << scale;
    if (index >= 0 && index != base)
        index_val = chance(g, 50) ? rnd(g, 0x100) : (a16 ? rnd32(g) : rnd_value(g, 4));
    if (no_base_disp) {
        disp = (int32_t)((off - index_val * mult) & amask);
    } else if (base == REG_ESP) {
        /* ESP is not ours to set: an offset near the stack pointer. */
        index_val = index >= 0 ? rnd(g, 8) : 0;
        if (disp_size == 1)
            disp = (int8_t)rnd(g, 64);
    }
    if (base >= 0 && base != REG_ESP) {
        uint32_t base_val;
        if (index == base) {
            /* [r + r*s]: r = (off - disp) / (1 + 2^s); disp absorbs the rest
             * when its size allows, else the address lands a little lower. */
            uint32_t k = 1 + mult;
            base_val = ((off - (uint32_t)disp) & amask) / k;
            int64_t d = (int64_t)off - (int64_t)base_val * k;
            if (disp_size == 4 || (disp_size == 2 && d >= -32768 && d <= 32767) ||
                (disp_size == 1 && d >= -128 && d <= 127))
                disp = (int32_t)d;
            /* What the address really is when disp could not absorb it all. */
            ib->mem_off = (base_val * k + (uint32_t)disp) & amask;
        } else {
            base_val = (off - (uint32_t)disp - index_val * mult) & amask;
        }
        if (a16)
            base_val |= rnd32(g) & 0xffff0000u;     /* the upper half must not matter */
        h_mov_reg(g, (unsigned)base, base_val, 4);
        ib->used_regs |= (uint8_t)(1u << base);
    }
    if (index >= 0 && index != base) {
        if (a16)
            index_val |= rnd32(g) & 0xffff0000u;
        h_mov_reg(g, (unsigned)index, index_val, 4);
        ib->used_regs |= (uint8_t)(1u << index);
    }
    if (base == REG_ESP)
        ib->used_regs |= 1u << REG_ESP;
    ib->has_modrm = true;
    ib->mod = (uint8_t)mod;
    ib->rm = (uint8_t)rm;
    ib->nea = 0;
    ib->ea[ib->nea++] = 0;          /* ModRM: completed by emit_insn() */
    if (has_sib)
        ib->ea[ib->nea++] = sib;
    for (unsigned i = 0; i < disp_size; i++)
        ib->ea[ib->nea++] = (uint8_t)((uint32_t)disp >> (8 * i));
}

static void reg_operand(struct gen *g, struct ib *ib, unsigned rm)
{
    (void)g;
    ib->has_modrm = true;
    ib->mod = 3;
    ib->rm = (uint8_t)rm;
    ib->nea = 1;
    ib->ea[0] = 0;
}

/* ---- Branch landings ---- */

static struct gstate merge(const struct gstate *a, const struct gstate *b)
{
    if (!a->live)
        return *b;
    if (!b->live)
        return *a;
    struct gstate m = *a;
    for (unsigned s = 0; s < SEG_COUNT; s++) {
        if (a->seg[s] != b->seg[s])
            m.seg[s] = -1;
    }
    if (a->df != b->df)
        m.df = -1;
    m.taint = a->taint | b->taint;
    m.live = true;
    return m;
}

static void patch(struct gen *g, const struct pending *p, unsigned target)
{
    uint8_t *b = g->s->bytes + p->fix_at;
    uint32_t v;
    unsigned size;
    switch (p->kind) {
    case FIX_REL8: v = target - p->ip_after; size = 1; break;
    case FIX_REL16: v = target - p->ip_after; size = 2; break;
    case FIX_REL32: v = target - p->ip_after; size = 4; break;
    case FIX_ABS16: v = g->L->code_eip + target; size = 2; break;
    default: v = g->L->code_eip + target; size = 4; break;
    }
    for (unsigned i = 0; i < size; i++)
        b[i] = (uint8_t)(v >> (8 * i));
}

/* Land the pending transfers that are due here (force: all of them). */
static void boundary(struct gen *g, bool force)
{
    unsigned here = g->s->len;
    unsigned k = 0;
    bool landed = false;
    uint32_t branch_taint = 0;
    struct gstate st = g->st;
    for (unsigned i = 0; i < g->npend; i++) {
        struct pending *p = &g->pend[i];
        bool too_far = p->kind == FIX_REL8 && here + GROUP_MAX_BYTES - p->ip_after > 127;
        if (force || p->skip == 0 || too_far) {
            patch(g, p, here);
            st = merge(&st, &p->st);
            branch_taint |= p->st.taint;
            landed = true;
            continue;
        }
        p->skip--;
        g->pend[k++] = *p;
    }
    g->npend = k;
    if (landed) {
        g->st = st;
        g->pending_taint |= branch_taint;
    }
}

static void add_pending(struct gen *g, unsigned fix_at, enum fix_kind kind, unsigned ip_after)
{
    if (g->npend >= MAX_PENDING) {
        g->full = true;
        return;
    }
    struct pending *p = &g->pend[g->npend++];
    p->fix_at = fix_at;
    p->kind = (uint8_t)kind;
    p->ip_after = ip_after;
    p->skip = rnd(g, 4);
    p->st = g->st;
    p->st.live = true;
}

/* ---- Helpers that depend on the above ---- */

/* push imm; pop sreg (no register changes); SS also gets a safe ESP. */
static void h_reload_seg(struct gen *g, unsigned seg, uint32_t sel)
{
    static const uint8_t pop_op[SEG_COUNT] = { 0x07, 0, 0x17, 0x1f, 0xa1, 0xa9 };
    if (seg == SEG_CS)
        return;
    unsigned size = g->L->code32 ? 4 : 2;
    h_push_imm(g, sel, size);
    struct hb h = { .n = 0 };
    if (seg >= SEG_FS)
        hb_byte(&h, 0x0f);
    hb_byte(&h, pop_op[seg]);
    helper(g, &h);
    g->st.seg[seg] = (int32_t)sel;
    if (seg == SEG_SS && !is_real(g))
        h_mov_reg(g, REG_ESP, safe_esp(g), 4);
}

static unsigned kind_size(unsigned k, unsigned osize)
{
    int s = opnd_size(k);
    return s < 0 ? osize : (unsigned)s;
}

static bool is_e_kind(unsigned k)
{
    return k == OPND_Eb || k == OPND_Ew || k == OPND_Ed || k == OPND_Ev;
}

static bool is_m_kind(unsigned k)
{
    return k == OPND_M || k == OPND_Mp || k == OPND_Ma || k == OPND_Ms || k == OPND_Mq ||
           k == OPND_Mw;
}

static bool is_g_kind(unsigned k)
{
    return k == OPND_Gb || k == OPND_Gw || k == OPND_Gd || k == OPND_Gv;
}

/* A general register for an operand of `size` bytes.  In the protected
 * modes a 32-bit operand is never ESP, which must stay in the stack window
 * (SP alone may change: ESP keeps its upper half). */
static unsigned pick_reg(struct gen *g, unsigned size, uint8_t avoid)
{
    for (int tries = 0; tries < 64; tries++) {
        unsigned r = rnd(g, 8);
        unsigned phys = size == 1 ? (r & 3) : r;
        if (size == 4 && r == REG_ESP && !is_real(g))
            continue;
        if ((avoid >> phys) & 1)
            continue;
        return r;
    }
    return REG_EAX;
}

/* Assemble and commit; returns false if the sequence is full.  The
 * prefixes are shuffled; now and then they are repeated past the 15-byte
 * limit (#GP). */
static bool emit_insn(struct gen *g, struct ib *ib, bool is_test, int cl)
{
    uint8_t b[40];
    unsigned n = 0;
    for (unsigned i = ib->npfx; i > 1; i--) {
        unsigned j = rnd(g, i);
        uint8_t t = ib->pfx[i - 1];
        ib->pfx[i - 1] = ib->pfx[j];
        ib->pfx[j] = t;
    }
    unsigned body = ib->nopc + (ib->has_modrm ? ib->nea : 0) + ib->nimm;
    if (ib->npfx > 0 && !ib->must_run && chance(g, 1)) {
        while (ib->npfx + body <= 15 && ib->npfx < sizeof ib->pfx)
            ib->pfx[ib->npfx++] = ib->pfx[0];
    }
    for (unsigned i = 0; i < ib->npfx; i++)
        b[n++] = ib->pfx[i];
    for (unsigned i = 0; i < ib->nopc; i++)
        b[n++] = ib->opc[i];
    if (ib->has_modrm) {
        ib->ea[0] = (uint8_t)(ib->mod << 6 | (ib->reg & 7) << 3 | ib->rm);
        for (unsigned i = 0; i < ib->nea; i++)
            b[n++] = ib->ea[i];
    }
    for (unsigned i = 0; i < ib->nimm; i++)
        b[n++] = ib->imm[i];
    unsigned before = g->s->nitem;
    commit(g, b, n, is_test, cl);
    return !g->full && g->s->nitem > before;
}

/* After emit_insn(): register the branch field of the instruction. */
static void branch_from_last(struct gen *g, const struct ib *ib, enum fix_kind kind)
{
    const struct seq_item *it = &g->s->item[g->s->nitem - 1];
    unsigned end = it->off + it->len;
    add_pending(g, end - ib->nimm + ib->fix_imm, kind, end);
}

/* A forward target for an absolute transfer: the field at fix_at. */
static void abs_target(struct gen *g, unsigned fix_at, unsigned size)
{
    add_pending(g, fix_at, size == 2 ? FIX_ABS16 : FIX_ABS32, 0);
}

/* An EFLAGS image for POPF/IRET: random arithmetic flags, DF, IF, IOPL, AC,
 * ID; never TF, NT, RF, VM (single steps, nested-task returns and V86 are
 * outside what the environment handles). */
static uint32_t pick_flags(struct gen *g)
{
    uint32_t f = rnd32(g) & (EFLAGS_ARITH | EFLAGS_DF | EFLAGS_IF | EFLAGS_IOPL | EFLAGS_AC |
                             EFLAGS_ID);
    return f | EFLAGS_FIXED1;
}

/* The state after POPF/IRET loads a known image. */
static void flags_loaded(struct gen *g, uint32_t f)
{
    g->st.df = (f & EFLAGS_DF) ? 1 : 0;
}

static void opcode(struct ib *ib, const struct form *f)
{
    ib->nopc = 0;
    if (f->is_0f)
        ib->opc[ib->nopc++] = 0x0f;
    ib->opc[ib->nopc++] = f->opc;
}

/* ---- Forms ---- */

/* The immediate operands of a row, as the generic path fills them. */
static void immediates(struct gen *g, struct ib *ib, const struct op_entry *e)
{
    for (unsigned i = 0; i < 3; i++) {
        unsigned k = e->opnd[i];
        switch (k) {
        case OPND_Ib: ib_imm(ib, rnd_value(g, 1), 1); break;
        case OPND_Ibs: ib_imm(ib, rnd_value(g, 1), 1); break;
        case OPND_Iw: ib_imm(ib, rnd_value(g, 2), 2); break;
        case OPND_Iz: ib_imm(ib, rnd_value(g, ib->osize), ib->osize); break;
        default: break;
        }
    }
}

/* Relative branches: Jcc, JMP, CALL, LOOPcc, JCXZ. */
static void gen_rel_branch(struct gen *g, struct ib *ib, const struct form *f)
{
    const struct op_entry *e = f->op;
    bool rel8 = e->opnd[0] == OPND_Jb;
    ib->fix_imm = ib->nimm;
    if (rel8) {
        ib_imm(ib, 0, 1);
    } else {
        ib_imm(ib, 0, ib->osize);
    }
    bool uncond = e->mn == MN_JMP;
    if (!emit_insn(g, ib, true, -1))
        return;
    branch_from_last(g, ib, rel8 ? FIX_REL8 : ib->osize == 2 ? FIX_REL16 : FIX_REL32);
    if (uncond)
        g->st.live = false;
}

static void gen_string(struct gen *g, struct ib *ib, const struct form *f)
{
    unsigned mn = f->op->mn;
    unsigned size = f->op->opnd[0] == OPND_Yb || f->op->opnd[0] == OPND_Xb ||
                            f->op->opnd[1] == OPND_Xb || f->op->opnd[1] == OPND_Yb
                        ? 1 : ib->osize;
    bool uses_src = mn == MN_MOVS || mn == MN_CMPS || mn == MN_LODS;
    bool uses_dst = mn == MN_MOVS || mn == MN_CMPS || mn == MN_STOS || mn == MN_SCAS;
    bool rep = chance(g, 60);
    uint32_t count = rep ? (chance(g, 10) ? 0 : 1 + rnd(g, 24)) : 1;
    if (rep) {
        bool compares = mn == MN_CMPS || mn == MN_SCAS;
        ib_pfx(ib, compares ? (chance(g, 50) ? 0xf3 : 0xf2) : (chance(g, 90) ? 0xf3 : 0xf2));
    }
    unsigned src_seg = SEG_DS;
    if (chance(g, 30)) {
        src_seg = rnd(g, SEG_COUNT);
        ib_pfx(ib, seg_prefix[src_seg]);
    }
    bool a16 = ib->asize == 2;
    uint32_t reach = count * size + 8;
    if (uses_src) {
        if (g->st.seg[src_seg] < 0 && src_seg != SEG_CS)
            h_reload_seg(g, src_seg, is_real(g) ? pick_rm_seg(g) : ENV_SEL_DATA);
        uint32_t off = pick_offset(g, src_seg, a16, size, reach, reach, true);
        h_mov_reg(g, REG_ESI, a16 ? off | (rnd32(g) & 0xffff0000u) : off, 4);
    }
    if (uses_dst) {
        if (g->st.seg[SEG_ES] < 0)
            h_reload_seg(g, SEG_ES, is_real(g) ? pick_rm_seg(g) : ENV_SEL_DATA);
        uint32_t off = pick_offset(g, SEG_ES, a16, size, reach, reach, true);
        h_mov_reg(g, REG_EDI, a16 ? off | (rnd32(g) & 0xffff0000u) : off, 4);
    }
    if (rep)
        h_mov_reg(g, REG_ECX, a16 ? count | (rnd32(g) & 0xffff0000u) : count, 4);
    opcode(ib, f);
    emit_insn(g, ib, true, -1);
}

/* MOV Sreg,Ew / POP Sreg / LDS-LSS: the selector comes from where the
 * instruction reads it. */
static void gen_seg_load(struct gen *g, struct ib *ib, const struct form *f)
{
    const struct op_entry *e = f->op;
    static const uint8_t lxs_seg[] = { [MN_LES] = SEG_ES, [MN_LDS] = SEG_DS, [MN_LSS] = SEG_SS,
                                       [MN_LFS] = SEG_FS, [MN_LGS] = SEG_GS };
    unsigned seg;
    opcode(ib, f);
    if (e->exec == EXEC_pop_seg) {
        seg = f->is_0f ? (f->opc == 0xa1 ? SEG_FS : SEG_GS) : (unsigned)((f->opc >> 3) & 3);
        uint32_t sel = pick_selector(g, seg == SEG_SS);
        h_push_imm(g, sel, ib->osize);
        if (!emit_insn(g, ib, true, -1))
            return;
        g->st.seg[seg] = (int32_t)sel;
    } else if (e->exec == EXEC_mov_SE) {
        seg = chance(g, 97) ? rnd(g, SEG_COUNT) : 6 + rnd(g, 2);
        if (seg == SEG_CS && chance(g, 70))
            seg = SEG_DS;
        ib->reg = (uint8_t)seg;
        uint32_t sel = seg < SEG_COUNT ? pick_selector(g, seg == SEG_SS) : 0;
        if (chance(g, 50)) {
            mem_operand(g, ib, 2, 0, 0, 0);
            if (seg_info(g, (unsigned)ib->seg).writable)
                h_store(g, (unsigned)ib->seg, ib->mem_off, sel, 2);
        } else {
            unsigned r = pick_reg(g, 4, 0);
            h_mov_reg(g, r, sel | (rnd32(g) & 0xffff0000u), 4);
            reg_operand(g, ib, r);
        }
        if (!emit_insn(g, ib, true, -1))
            return;
        if (seg >= SEG_COUNT || seg == SEG_CS) {
            g->st.live = false;             /* #UD */
            return;
        }
        g->st.seg[seg] = (int32_t)sel;
    } else {                                /* LES LDS LSS LFS LGS */
        seg = lxs_seg[e->mn];
        uint32_t sel = pick_selector(g, seg == SEG_SS);
        unsigned r = pick_reg(g, ib->osize, 0);
        if (!is_real(g) && r == REG_ESP && seg != SEG_SS)
            r = REG_EAX;
        ib->reg = (uint8_t)r;
        mem_operand(g, ib, ib->osize + 2, 0, 0, 0);
        if (seg_info(g, (unsigned)ib->seg).writable) {
            uint32_t off = r == REG_ESP ? 0 : rnd_value(g, ib->osize);
            if (seg == SEG_SS || r == REG_ESP) {
                int32_t keep = g->st.seg[SEG_SS];
                g->st.seg[SEG_SS] = (int32_t)sel;
                off = safe_esp(g);
                g->st.seg[SEG_SS] = keep;
            }
            h_store(g, (unsigned)ib->seg, ib->mem_off, off, ib->osize);
            h_store(g, (unsigned)ib->seg, ib->mem_off + ib->osize, sel, 2);
        }
        if (!emit_insn(g, ib, true, -1))
            return;
        g->st.seg[seg] = (int32_t)sel;
    }
    if (seg == SEG_SS && !is_real(g))
        h_mov_reg(g, REG_ESP, safe_esp(g), 4);
}

/* RET / RETF / IRET with the return frame pushed first. */
static void gen_return(struct gen *g, struct ib *ib, const struct form *f)
{
    unsigned mn = f->op->mn, o = ib->osize;
    uint32_t fl = pick_flags(g);
    if (mn == MN_IRET)
        h_push_imm(g, fl, o);
    if (mn == MN_IRET || mn == MN_RETF)
        h_push_imm(g, g->L->code_sel, o);
    unsigned at = h_push_imm(g, 0, o);
    abs_target(g, at, o);
    opcode(ib, f);
    if (f->op->opnd[0] == OPND_Iw)
        ib_imm(ib, is_real(g) ? rnd_value(g, 2) : rnd(g, 64) & ~1u, 2);
    if (!emit_insn(g, ib, true, -1))
        return;
    if (mn == MN_IRET)
        flags_loaded(g, fl);
    g->st.live = false;
}

/* JMP/CALL near through a register or memory, far through memory or an
 * immediate pointer: the target is the next landing point. */
static void gen_indirect(struct gen *g, struct ib *ib, const struct form *f)
{
    const struct op_entry *e = f->op;
    unsigned o = ib->osize;
    uint16_t cs = g->L->code_sel;
    opcode(ib, f);
    if (e->opnd[0] == OPND_Ap) {
        ib->fix_imm = 0;
        ib_imm(ib, 0, o);
        uint16_t sel = cs;
        if (!is_real(g) && chance(g, 5))
            sel = (uint16_t)pick_selector(g, false);
        ib_imm(ib, sel, 2);
        if (!emit_insn(g, ib, true, -1))
            return;
        branch_from_last(g, ib, o == 2 ? FIX_ABS16 : FIX_ABS32);
    } else if (e->opnd[0] == OPND_Mp) {
        mem_operand(g, ib, o + 2, 0, 0, 0);
        if (seg_info(g, (unsigned)ib->seg).writable) {
            unsigned at = h_store(g, (unsigned)ib->seg, ib->mem_off, 0, o);
            abs_target(g, at, o);
            h_store(g, (unsigned)ib->seg, ib->mem_off + o, cs, 2);
        }
        if (!emit_insn(g, ib, true, -1))
            return;
    } else if (chance(g, 50)) {                    /* Ev, register */
        unsigned r = pick_reg(g, o, 0);
        if (r == REG_ESP)
            r = REG_EAX;
        struct hb h = { .n = 0 };
        hb_osize(g, &h, 4);
        hb_byte(&h, (uint8_t)(0xb8 + r));
        unsigned at = g->s->len + h.n;
        hb_imm(&h, 0, 4);
        helper(g, &h);
        abs_target(g, at, 4);
        reg_operand(g, ib, r);
        if (!emit_insn(g, ib, true, -1))
            return;
    } else {                                       /* Ev, memory */
        mem_operand(g, ib, o, 0, 0, 0);
        if (seg_info(g, (unsigned)ib->seg).writable) {
            unsigned at = h_store(g, (unsigned)ib->seg, ib->mem_off, 0, o);
            abs_target(g, at, o);
        }
        if (!emit_insn(g, ib, true, -1))
            return;
    }
    g->st.live = false;
}

/* The generic path: ModRM operands, immediates and the helpers a few
 * instructions need to give defined results inside the environment. */
static void gen_generic(struct gen *g, struct ib *ib, const struct form *f)
{
    const struct op_entry *e = f->op;
    unsigned mn = e->mn;
    int ekind = -1, gkind = -1;
    for (unsigned i = 0; i < 3; i++) {
        unsigned k = e->opnd[i];
        if (is_e_kind(k) || is_m_kind(k))
            ekind = (int)k;
        else if (is_g_kind(k))
            gkind = (int)k;
    }
    opcode(ib, f);
    uint8_t avoid = 0;
    int cl = -1;
    bool by_cl = e->opnd[1] == OPND_CL || e->opnd[2] == OPND_CL;
    if (by_cl)
        avoid |= 1u << REG_ECX;
    if (mn == MN_DIV || mn == MN_IDIV)
        avoid |= 1u << REG_EAX | 1u << REG_EDX;
    if (mn == MN_CMPXCHG || mn == MN_CMPXCHG8B)
        avoid |= 1u << REG_EAX | 1u << REG_EDX | 1u << REG_EBX | 1u << REG_ECX;

    /* The G register first (the address must not use it when it is set
     * by a helper below). */
    unsigned gsize = gkind >= 0 ? kind_size((unsigned)gkind, ib->osize) : 0;
    bool g_is_set = mn == MN_BT || mn == MN_BTS || mn == MN_BTR || mn == MN_BTC ||
                    mn == MN_BOUND;
    if (f->reg >= 0) {
        ib->reg = (uint8_t)f->reg;
    } else if (e->opnd[0] == OPND_Sw || e->opnd[1] == OPND_Sw) {
        ib->reg = (uint8_t)(chance(g, 97) ? rnd(g, SEG_COUNT) : 6 + rnd(g, 2));
    } else if (gkind >= 0) {
        ib->reg = (uint8_t)pick_reg(g, gsize, 0);
        if (g_is_set)
            avoid |= (uint8_t)(1u << (gsize == 1 ? ib->reg & 3 : ib->reg));
    } else if (ib->has_modrm || ekind >= 0) {
        ib->reg = (uint8_t)rnd(g, 8);
    }

    if (ekind >= 0) {
        unsigned span = kind_size((unsigned)ekind, ib->osize);
        if (ekind == OPND_Mp)
            span = ib->osize + 2;
        else if (ekind == OPND_Ma)
            span = 2 * ib->osize;
        else if (ekind == OPND_M)
            span = 1;
        if (mn == MN_MOVZX || mn == MN_MOVSX)
            span = e->opnd[1] == OPND_Eb ? 1 : 2;
        bool bt_reg = (mn == MN_BT || mn == MN_BTS || mn == MN_BTR || mn == MN_BTC) &&
                      gkind >= 0;
        bool mem = is_m_kind((unsigned)ekind) || chance(g, 55);
        if (mem && bt_reg) {
            /* The bit offset reaches +-256 bytes around the operand. */
            mem_operand(g, ib, span, 260, 260, avoid);
        } else if (mem) {
            mem_operand(g, ib, span, 0, 0, avoid);
        } else {
            unsigned r = pick_reg(g, span, avoid);
            reg_operand(g, ib, r);
        }
    }
    if (mn == MN_BT || mn == MN_BTS || mn == MN_BTR || mn == MN_BTC) {
        if (gkind >= 0) {
            uint32_t bit = ib->mod == 3 ? rnd_value(g, 4) : (uint32_t)((int32_t)rnd(g, 4096) - 2048);
            if (gsize == 2)
                h_mov_low(g, ib->reg, bit);
            else
                h_mov_reg(g, ib->reg, bit, 4);
        }
    } else if (mn == MN_BOUND) {
        uint32_t v = rnd_value(g, gsize);
        h_mov_reg(g, ib->reg, v, gsize);
        if (seg_info(g, (unsigned)ib->seg).writable && chance(g, 70)) {
            uint32_t lo, hi;
            if (chance(g, 60)) {            /* in range */
                lo = v - rnd(g, 16);
                hi = v + rnd(g, 16);
            } else {
                lo = v + 1 + rnd(g, 16);
                hi = lo + rnd(g, 16);
            }
            if (gsize == 2) {
                int32_t sv = (int16_t)v;
                lo = (uint32_t)(sv - (int32_t)rnd(g, 16)) & 0xffffu;
                hi = (uint32_t)(sv + (int32_t)rnd(g, 16)) & 0xffffu;
            }
            h_store(g, (unsigned)ib->seg, ib->mem_off, lo, gsize);
            h_store(g, (unsigned)ib->seg, ib->mem_off + gsize, hi, gsize);
        }
    } else if (mn == MN_DIV || mn == MN_IDIV) {
        unsigned size = kind_size((unsigned)ekind, ib->osize);
        if (chance(g, 70)) {
            struct hb h = { .n = 0 };
            if (mn == MN_IDIV) {            /* CBW / CWD / CDQ */
                if (size == 1) {
                    hb_osize(g, &h, 2);
                    hb_byte(&h, 0x98);
                } else {
                    hb_osize(g, &h, size);
                    hb_byte(&h, 0x99);
                }
                helper(g, &h);
            } else if (size == 1) {
                h_mov_reg(g, 4, 0, 1);      /* mov ah, 0 */
            } else {
                h_mov_reg(g, REG_EDX, 0, size);
            }
        }
    } else if (mn == MN_CMPXCHG && chance(g, 50)) {
        unsigned size = kind_size((unsigned)ekind, ib->osize);
        uint32_t v = rnd_value(g, size);
        h_mov_reg(g, REG_EAX, v, size == 1 ? 1 : size);
        if (ib->mod == 3) {
            h_mov_reg(g, ib->rm, v, size);
        } else if (seg_info(g, (unsigned)ib->seg).writable) {
            h_store(g, (unsigned)ib->seg, ib->mem_off, v, size);
        }
    } else if (mn == MN_CMPXCHG8B && chance(g, 50) && ib->mod != 3) {
        uint32_t lo = rnd_value(g, 4), hi = rnd_value(g, 4);
        h_mov_reg(g, REG_EAX, lo, 4);
        h_mov_reg(g, REG_EDX, hi, 4);
        if (seg_info(g, (unsigned)ib->seg).writable) {
            h_store(g, (unsigned)ib->seg, ib->mem_off, lo, 4);
            h_store(g, (unsigned)ib->seg, ib->mem_off + 4, hi, 4);
        }
    } else if (mn == MN_LAR || mn == MN_LSL || mn == MN_VERR || mn == MN_VERW || mn == MN_ARPL) {
        uint32_t sel = rnd(g, 0x80);
        if (ib->mod == 3)
            h_mov_low(g, ib->rm, sel);
        else if (seg_info(g, (unsigned)ib->seg).writable)
            h_store(g, (unsigned)ib->seg, ib->mem_off, sel, 2);
    }

    /* Shift counts: CL set by a helper; SHLD/SHRD on words stay within
     * 16 (larger counts have undefined results). */
    bool word_shxd = (mn == MN_SHLD || mn == MN_SHRD) && ib->osize == 2;
    if (by_cl) {
        cl = (int)rnd(g, 256);
        if (chance(g, 30))
            cl = (int)rnd(g, 34);
        if (word_shxd)
            cl = (int)((rnd(g, 8) << 5) | rnd(g, 17));
        h_mov_reg(g, REG_ECX, (uint32_t)cl, 1);
    }
    immediates(g, ib, e);
    if (word_shxd && e->opnd[2] == OPND_Ib)
        ib->imm[ib->nimm - 1] = (uint8_t)((rnd(g, 8) << 5) | rnd(g, 17));
    if ((e->opnd[0] == OPND_Eb || e->opnd[0] == OPND_Ev) && (e->opnd[1] == OPND_Ib) &&
        (mn >= MN_ROL && mn <= MN_SAR) && chance(g, 60))
        ib->imm[ib->nimm - 1] = (uint8_t)rnd(g, 34);
    emit_insn(g, ib, true, cl);
}

/* Opcode-register forms (Zb/Zv/Zd) that would move ESP out of the stack
 * window in the protected modes get a safe value arranged first. */
static void gen_z_esp(struct gen *g, struct ib *ib, const struct form *f)
{
    const struct op_entry *e = f->op;
    opcode(ib, f);
    bool full_reg = e->opnd[0] == OPND_Zv || e->opnd[0] == OPND_Zd;
    if (!is_real(g) && full_reg && (f->opc & 7) == REG_ESP && ib->osize == 4) {
        ib->must_run = true;
        uint32_t safe = safe_esp(g);
        if (e->mn == MN_POP) {
            h_push_imm(g, safe, 4);
        } else if (e->mn == MN_XCHG) {
            h_mov_reg(g, REG_EAX, safe, 4);
        } else if (e->mn == MN_MOV) {
            ib_imm(ib, safe, 4);
            emit_insn(g, ib, true, -1);
            return;
        } else if (e->mn == MN_BSWAP) {
            h_mov_reg(g, REG_ESP, (safe >> 24) | ((safe >> 8) & 0xff00u) | ((safe << 8) & 0xff0000u) | (safe << 24), 4);
        }
    }
    immediates(g, ib, e);
    emit_insn(g, ib, true, -1);
}

static void gen_form(struct gen *g, const struct form *f)
{
    const struct op_entry *e = f->op;
    struct ib ib;
    memset(&ib, 0, sizeof ib);
    ib.seg = -1;
    ib.fix_kind = -1;
    if (f->reg >= 0)
        ib.reg = (uint8_t)f->reg;
    bool code32 = g->L->code32;
    unsigned mn = e->mn;

    /* Operand size, with the forms whose 16/32-bit choice is not free. */
    ib.osize = code32 ? 4 : 2;
    int want = 0;                   /* 2 or 4 to force */
    if (e->exec == EXEC_push_seg)
        want = 2;                   /* 32-bit pushes of a selector leave the upper bytes
                                       implementation-specific (SDM PUSH) */
    else if (mn == MN_BSWAP)
        want = 4;                   /* BSWAP r16 is undefined */
    else if (mn == MN_SMSW && f->reg >= 0)
        want = 2;                   /* SMSW r32's upper half is model-specific */
    if (want ? (unsigned)want != ib.osize : chance(g, 30)) {
        ib_pfx(&ib, 0x66);
        ib.osize = 6 - ib.osize;
    }
    ib.asize = code32 ? 4 : 2;
    bool addr_matters = (e->attr & (ATTR_MODRM | ATTR_STRING)) || mn == MN_XLAT ||
                        mn == MN_LOOP || mn == MN_LOOPE || mn == MN_LOOPNE || mn == MN_JCXZ ||
                        e->opnd[0] == OPND_Ob || e->opnd[0] == OPND_Ov ||
                        e->opnd[1] == OPND_Ob || e->opnd[1] == OPND_Ov;
    if (chance(g, addr_matters ? 35 : 3)) {
        ib_pfx(&ib, 0x67);
        ib.asize = 6 - ib.asize;
    }
    /* LOCK; #UD unless a memory destination.  Not on the opcode-register
     * forms that park ESP outside the stack window for one instruction. */
    bool esp_form = !(e->attr & ATTR_MODRM) && (f->opc & 7) == REG_ESP &&
                    (e->opnd[0] == OPND_Zv || e->opnd[0] == OPND_Zd);
    if ((e->attr & ATTR_LOCK) ? chance(g, 15) : (!esp_form && chance(g, 1)))
        ib_pfx(&ib, 0xf0);

    switch (e->exec) {
    case EXEC_jcc: case EXEC_jmp_J: case EXEC_call_J: case EXEC_loop: case EXEC_jcxz:
        opcode(&ib, f);
        gen_rel_branch(g, &ib, f);
        return;
    case EXEC_movs: case EXEC_cmps: case EXEC_stos: case EXEC_lods: case EXEC_scas:
        gen_string(g, &ib, f);
        return;
    case EXEC_pop_seg: case EXEC_mov_SE: case EXEC_lxs:
        gen_seg_load(g, &ib, f);
        return;
    case EXEC_ret: case EXEC_retf: case EXEC_iret:
        gen_return(g, &ib, f);
        return;
    case EXEC_call_E: case EXEC_jmp_E: case EXEC_call_M: case EXEC_jmp_M:
    case EXEC_call_A: case EXEC_jmp_A:
        gen_indirect(g, &ib, f);
        return;
    case EXEC_popf: {
        uint32_t fl = pick_flags(g);
        h_push_imm(g, fl, ib.osize);
        opcode(&ib, f);
        if (emit_insn(g, &ib, true, -1))
            flags_loaded(g, fl);
        return;
    }
    case EXEC_cld: case EXEC_std:
        opcode(&ib, f);
        if (emit_insn(g, &ib, true, -1))
            g->st.df = e->exec == EXEC_std;
        return;
    case EXEC_xlat: {
        unsigned seg = SEG_DS;
        if (chance(g, 30)) {
            seg = rnd(g, SEG_COUNT);
            ib_pfx(&ib, seg_prefix[seg]);
        }
        if (g->st.seg[seg] < 0 && seg != SEG_CS)
            h_reload_seg(g, seg, is_real(g) ? pick_rm_seg(g) : ENV_SEL_DATA);
        uint32_t off = pick_offset(g, seg, ib.asize == 2, 256, 0, 0, true);
        uint8_t al = (uint8_t)rnd(g, 256);
        h_mov_reg(g, REG_EBX, ib.asize == 2 ? ((off - al) & 0xffffu) | (rnd32(g) & 0xffff0000u)
                                          : off - al, 4);
        h_mov_reg(g, REG_EAX, al, 1);
        opcode(&ib, f);
        emit_insn(g, &ib, true, -1);
        return;
    }
    case EXEC_enter: case EXEC_leave: {
        if (!is_real(g) && g->st.seg[SEG_SS] < 0)
            h_reload_seg(g, SEG_SS, ENV_SEL_DATA);
        if (!is_real(g)) {
            struct seginfo ss = seg_info(g, SEG_SS);
            uint32_t bp = pick_offset(g, SEG_SS, !ss.usable || ss.hi <= 0xffff, 4, 140, 16, false);
            h_mov_reg(g, REG_EBP, bp, 4);
        }
        opcode(&ib, f);
        if (e->exec == EXEC_enter) {
            ib_imm(&ib, is_real(g) || chance(g, 50) ? rnd_value(g, 2) : rnd(g, 256), 2);
            ib_imm(&ib, chance(g, 70) ? rnd(g, 8) : rnd(g, 256), 1);
        }
        emit_insn(g, &ib, true, -1);
        return;
    }
    case EXEC_int_I: case EXEC_int3: case EXEC_int1: case EXEC_ud:
        opcode(&ib, f);
        if (e->opnd[0] == OPND_Ib)
            ib_imm(&ib, rnd(g, 256), 1);
        if (e->attr & ATTR_MODRM) {
            ib.reg = (uint8_t)rnd(g, 8);
            if (chance(g, 50))
                mem_operand(g, &ib, 4, 0, 0, 0);
            else
                reg_operand(g, &ib, rnd(g, 8));
        }
        if (emit_insn(g, &ib, true, -1))
            g->st.live = false;
        return;
    case EXEC_pop_E: case EXEC_xchg_EG: case EXEC_mov_EI: case EXEC_bswap: case EXEC_inc_E:
    case EXEC_dec_E: case EXEC_push_E:
        if (!(e->attr & ATTR_MODRM)) {
            gen_z_esp(g, &ib, f);
            return;
        }
        break;
    default:
        break;
    }
    if (e->opnd[0] == OPND_Ob || e->opnd[0] == OPND_Ov || e->opnd[1] == OPND_Ob ||
        e->opnd[1] == OPND_Ov) {
        /* MOV AL/eAX, moffs and back: the offset is the address. */
        unsigned seg = SEG_DS;
        if (chance(g, 30)) {
            seg = rnd(g, SEG_COUNT);
            ib_pfx(&ib, seg_prefix[seg]);
        }
        if (g->st.seg[seg] < 0 && seg != SEG_CS)
            h_reload_seg(g, seg, is_real(g) ? pick_rm_seg(g) : ENV_SEL_DATA);
        unsigned size = (e->opnd[0] == OPND_Ob || e->opnd[1] == OPND_Ob) ? 1 : ib.osize;
        opcode(&ib, f);
        ib_imm(&ib, pick_offset(g, seg, ib.asize == 2, size, 0, 0, true), ib.asize);
        emit_insn(g, &ib, true, -1);
        return;
    }
    if (!(e->attr & ATTR_MODRM)) {
        opcode(&ib, f);
        immediates(g, &ib, e);
        emit_insn(g, &ib, true, -1);
        return;
    }
    gen_generic(g, &ib, f);
}

/* ---- Sequences ---- */

static struct dt_seg rm_seg(uint16_t v)
{
    return (struct dt_seg){ .sel = v, .attr = 0x93, .base = (uint32_t)v << 4, .limit = 0xffff };
}

static void initial_state(struct gen *g, const struct dt_state *base, struct dt_state *st)
{
    *st = *base;
    for (unsigned r = 0; r < 8; r++)
        st->gpr[r] = rnd_value(g, 4);
    uint32_t fl = rnd32(g) & (EFLAGS_ARITH | EFLAGS_DF | EFLAGS_IF | EFLAGS_IOPL | EFLAGS_AC |
                              EFLAGS_ID);
    if (is_real(g)) {
        fl |= rnd32(g) & EFLAGS_NT;
        st->gpr[REG_ESP] = chance(g, 70) ? rnd(g, 0x10000) : rnd32(g);
        for (unsigned s = 0; s < SEG_COUNT; s++) {
            if (s != SEG_CS)
                st->seg[s] = rm_seg((uint16_t)pick_rm_seg(g));
        }
    } else {
        st->gpr[REG_ESP] = ENV_STACK_LO + 0x10000 + rnd(g, ENV_STACK_HI - ENV_STACK_LO - 0x10000);
        if (chance(g, 80))
            st->gpr[REG_ESP] &= ~3u;
        for (unsigned s = 0; s < SEG_COUNT; s++) {
            if (s == SEG_CS || s == SEG_SS || chance(g, 80))
                continue;
            const struct dt_selector *d = &env_selectors[rnd(g, env_selector_count)];
            st->seg[s] = (struct dt_seg){ .sel = d->sel, .attr = d->attr, .base = d->base,
                                          .limit = d->limit };
        }
    }
    st->eflags = fl | EFLAGS_FIXED1;
}

void gen_next(struct gen *g, const struct dt_state *base, struct seq *s)
{
    s->len = 0;
    s->nitem = 0;
    s->ntest = 0;
    g->s = s;
    g->full = false;
    g->npend = 0;
    g->pending_taint = 0;
    initial_state(g, base, &s->init);
    for (unsigned i = 0; i < SEG_COUNT; i++)
        g->st.seg[i] = s->init.seg[i].sel;
    g->st.df = (s->init.eflags & EFLAGS_DF) ? 1 : 0;
    g->st.taint = 0;
    g->st.live = true;
    for (unsigned i = 0; i < g->o.length && !g->full; i++) {
        boundary(g, false);
        gen_form(g, &g->forms[rnd(g, g->nforms)]);
    }
    boundary(g, true);
    struct seq_item *it = &s->item[s->nitem++];
    it->off = (uint16_t)s->len;
    it->len = 1;
    it->is_test = false;
    it->mn = MN_HLT;
    it->taint_in = g->st.taint;
    it->taint_branch = g->pending_taint;
    it->undef = 0;
    s->bytes[s->len++] = 0xf4;
    s->taint_end = g->st.taint;
    s->cut = s->nitem;
}

void gen_fill_data(struct gen *g, uint8_t *ram)
{
    for (unsigned w = 0; w < 2; w++) {
        const struct dt_window *win = &env_windows[g->L->mode][w];
        for (uint32_t a = win->lo; a + 8 <= win->hi; a += 8) {
            uint64_t v = rnd64(&g->rng);
            for (unsigned i = 0; i < 8; i++)
                ram[a + i] = (uint8_t)(v >> (8 * i));
        }
    }
}

void gen_reseed(struct gen *g, uint64_t seed)
{
    g->rng = seed;
}
