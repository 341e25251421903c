/* tests/difftest/dx87_gen.c: random x87 test cases for difftest --x87.
 * The forms are the decoder's ATTR_X87 rows (decoder/opcodes.h): every
 * memory row of D8-DF and every register row, an "any ST(i)" row once per
 * i, the P6 rows (FCMOVcc, FCOMI...) included; FWAIT (9B) joins them in
 * sequences.  A case is a starting state (an FRSTOR image), integer
 * registers, a 1 KiB buffer and 1 to DX_SEQ_MAX instructions, each with
 * its own 128-byte slot of the buffer for its memory operand, so no
 * instruction reads what another wrote.  Encodings are the ones whose
 * bytes mean the same in 32-bit protected mode (Vireo) and in 64-bit mode
 * (the host): 32-bit addressing without 67h or REX, never ModRM mod 00
 * r/m 101 (RIP-relative in 64-bit mode) nor a SIB without a base unless
 * with an index, no FS/GS or CS overrides, EAX and ESP never address.
 * Values come from pools of special encodings (SDM Vol. 1, 8.2 and 4.8):
 * zeros, infinities, QNaNs, SNaNs, denormals, pseudo-denormals, unnormals,
 * pseudo-infinities and pseudo-NaNs, rounding boundaries of each
 * precision, integers, extreme exponents, multiples of pi. */
#include "tests/difftest/dx87.h"

#include <stdlib.h>
#include <string.h>

#include "decoder/opcodes.h"

/* ---- Random numbers (splitmix64) ---- */

struct xform {
    const struct op_entry *op;
    uint8_t esc;                /* D8-DF, or 9B for FWAIT */
    uint8_t reg;
    int8_t rm;                  /* register row: ST(i) / the fixed rm; -1: memory row */
};

#define MAX_XFORMS 512

struct dx_gen {
    uint64_t rng;
    bool with_p6;
    struct xform forms[MAX_XFORMS];
    unsigned nforms;
};

static uint64_t rnd64(struct dx_gen *g)
{
    uint64_t z = (g->rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static uint32_t rnd(struct dx_gen *g, uint32_t n)
{
    return n ? (uint32_t)(rnd64(g) % n) : 0;
}

static bool chance(struct dx_gen *g, unsigned percent)
{
    return rnd(g, 100) < percent;
}

static void put_le(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* ---- Forms ---- */

static void add_form(struct dx_gen *g, const struct op_entry *e, unsigned esc, unsigned reg,
                     int rm)
{
    unsigned cpu = g->with_p6 ? CPU_P2 : CPU_586;
    if (!op_row_present(e) || !(e->cpus & cpu) || g->nforms >= MAX_XFORMS)
        return;
    g->forms[g->nforms++] = (struct xform){ e, (uint8_t)esc, (uint8_t)reg, (int8_t)rm };
}

static void build_forms(struct dx_gen *g)
{
    for (unsigned e = 0; e < 8; e++) {
        for (unsigned r = 0; r < 8; r++) {
            add_form(g, &op_x87_mem[e][r], 0xd8 + e, r, -1);
            for (unsigned rm = 0; rm < 8; rm++) {
                const struct op_entry *row = &op_x87_reg[e][r][rm];
                if (!op_row_present(row))
                    row = &op_x87_reg[e][r][8];
                add_form(g, row, 0xd8 + e, r, (int)rm);
            }
        }
    }
}

struct dx_gen *dx_gen_create(uint64_t seed, bool with_p6)
{
    struct dx_gen *g = calloc(1, sizeof *g);
    if (g == NULL)
        return NULL;
    g->rng = seed;
    g->with_p6 = with_p6;
    build_forms(g);
    return g;
}

void dx_gen_destroy(struct dx_gen *g)
{
    free(g);
}

void dx_gen_reseed(struct dx_gen *g, uint64_t seed)
{
    g->rng = seed;
}

unsigned dx_gen_form_count(const struct dx_gen *g)
{
    return g->nforms;
}

const char *dx_group_name(unsigned group)
{
    static const char *const names[XG_COUNT] = {
        "arithmetic", "compare", "load/store", "other math", "transcendental", "control",
    };
    return group < XG_COUNT ? names[group] : "?";
}

unsigned dx_group_of(unsigned mn)
{
    switch (mn) {
    case MN_FADD: case MN_FADDP: case MN_FIADD: case MN_FSUB: case MN_FSUBP: case MN_FISUB:
    case MN_FSUBR: case MN_FSUBRP: case MN_FISUBR: case MN_FMUL: case MN_FMULP: case MN_FIMUL:
    case MN_FDIV: case MN_FDIVP: case MN_FIDIV: case MN_FDIVR: case MN_FDIVRP: case MN_FIDIVR:
        return XG_ARITH;
    case MN_FCOM: case MN_FCOMP: case MN_FCOMPP: case MN_FCOM2: case MN_FCOMP3: case MN_FCOMP5:
    case MN_FUCOM: case MN_FUCOMP: case MN_FUCOMPP: case MN_FICOM: case MN_FICOMP:
    case MN_FCOMI: case MN_FCOMIP: case MN_FUCOMI: case MN_FUCOMIP: case MN_FTST: case MN_FXAM:
        return XG_COMPARE;
    case MN_FSQRT: case MN_FSCALE: case MN_FXTRACT: case MN_FPREM: case MN_FPREM1:
    case MN_FRNDINT: case MN_FCHS: case MN_FABS:
        return XG_MATH;
    case MN_FSIN: case MN_FCOS: case MN_FSINCOS: case MN_FPTAN: case MN_FPATAN: case MN_F2XM1:
    case MN_FYL2X: case MN_FYL2XP1:
        return XG_TRANS;
    case MN_FLDCW: case MN_FNSTCW: case MN_FNSTSW: case MN_FLDENV: case MN_FNSTENV:
    case MN_FRSTOR: case MN_FNSAVE: case MN_FNINIT: case MN_FNCLEX: case MN_FINCSTP:
    case MN_FDECSTP: case MN_FFREE: case MN_FFREEP: case MN_FNOP: case MN_FNENI: case MN_FNDISI:
    case MN_FNSETPM: case MN_WAIT:
        return XG_CONTROL;
    default:
        return XG_LOADSTORE;
    }
}

static enum dx_mkind mkind_of(unsigned opnd)
{
    switch (opnd) {
    case OPND_Mf32: return XM_F32;
    case OPND_Mf64: return XM_F64;
    case OPND_Mf80: return XM_F80;
    case OPND_Mi16: return XM_I16;
    case OPND_Mi32: return XM_I32;
    case OPND_Mi64: return XM_I64;
    case OPND_Mbcd: return XM_BCD;
    case OPND_Mw: return XM_CW;
    case OPND_Menv: return XM_ENV;
    case OPND_Mstate: return XM_STATE;
    default: return XM_NONE;
    }
}

static unsigned msize(enum dx_mkind k, bool o16)
{
    static const uint8_t size[] = { [XM_NONE] = 0, [XM_F32] = 4, [XM_F64] = 8, [XM_F80] = 10,
                                    [XM_I16] = 2, [XM_I32] = 4, [XM_I64] = 8, [XM_BCD] = 10,
                                    [XM_CW] = 2 };
    if (k == XM_ENV)
        return o16 ? 14 : 28;
    if (k == XM_STATE)
        return o16 ? 94 : 108;
    return size[k];
}

static bool is_store(unsigned mn)
{
    switch (mn) {
    case MN_FST: case MN_FSTP: case MN_FIST: case MN_FISTP: case MN_FBSTP: case MN_FNSTCW:
    case MN_FNSTSW: case MN_FNSTENV: case MN_FNSAVE:
        return true;
    default:
        return false;
    }
}

/* ---- Values ---- */

/* The 80-bit encodings: significand with explicit integer bit, sign and
 * biased exponent. */
struct v80 {
    uint64_t m;
    uint16_t se;
};

#define PI_MANT 0xc90fdaa22168c235ull     /* pi = PI_MANT * 2^(1 - 63) */

/* A significand near a rounding boundary of a 24-, 53- or 64-bit
 * precision: the bits below it halfway, just under or just over. */
static uint64_t boundary_mant(struct dx_gen *g, uint64_t m)
{
    static const unsigned keep[] = { 24, 53, 63 };
    unsigned k = keep[rnd(g, 3)];
    unsigned low = 64 - k;
    if (low == 1) {
        m = (m & ~1ull) | rnd(g, 2);
        return m | (1ull << 63);
    }
    uint64_t half = 1ull << (low - 1), mask = (1ull << low) - 1;
    static const int8_t delta[] = { 0, 0, 1, -1, 2, -2 };
    uint64_t t = half + (uint64_t)(int64_t)delta[rnd(g, 6)];
    if (chance(g, 20))
        t = chance(g, 50) ? 0 : mask;           /* exact, or all ones below */
    return (m & ~mask) | (t & mask) | (1ull << 63);
}

static struct v80 v80_int(struct dx_gen *g, int64_t v)
{
    (void)g;
    struct v80 r = { 0, 0 };
    if (v == 0)
        return r;
    bool neg = v < 0;
    uint64_t a = neg ? 0 - (uint64_t)v : (uint64_t)v;
    int e = 63;
    while (!(a >> 63)) {
        a <<= 1;
        e--;
    }
    r.m = a;
    r.se = (uint16_t)((neg ? 0x8000 : 0) | (0x3fff + e));
    return r;
}

static int64_t pick_int(struct dx_gen *g)
{
    static const int64_t edges[] = {
        0, 1, -1, 2, 10, 100, 32767, -32768, 32768, -32769, 65535, 2147483647, -2147483647 - 1,
        2147483648ll, -2147483649ll, 999999999999999999ll, -999999999999999999ll,
        1000000000000000000ll, INT64_MAX, INT64_MIN, 4503599627370496ll, 9007199254740993ll,
    };
    switch (rnd(g, 4)) {
    case 0: return edges[rnd(g, sizeof edges / sizeof edges[0])];
    case 1: return (int64_t)rnd(g, 2001) - 1000;
    case 2: return (int64_t)(rnd64(g) >> rnd(g, 64)) * (chance(g, 50) ? -1 : 1);
    default: return (int64_t)rnd(g, 64) - 32;
    }
}

static struct v80 v80_random(struct dx_gen *g)
{
    struct v80 v;
    uint16_t sign = chance(g, 50) ? 0x8000 : 0;
    uint64_t m = rnd64(g);
    switch (rnd(g, 20)) {
    case 0:                                         /* zero */
        v = (struct v80){ 0, 0 };
        break;
    case 1:                                         /* infinity */
        v = (struct v80){ 1ull << 63, 0x7fff };
        break;
    case 2:                                         /* QNaN: indefinite or a payload */
        v = (struct v80){ chance(g, 30) ? 0xc000000000000000ull : m | 0xc000000000000000ull,
                          0x7fff };
        break;
    case 3:                                         /* SNaN */
        m = (m & 0x3fffffffffffffffull) | (1ull << 63);
        v = (struct v80){ m == (1ull << 63) ? m | 1 : m, 0x7fff };
        break;
    case 4:                                         /* denormal */
        m &= 0x7fffffffffffffffull;
        v = (struct v80){ chance(g, 20) ? 1 + rnd(g, 3) : m >> rnd(g, 63), 0 };
        if (v.m == 0)
            v.m = 1;
        break;
    case 5: {                                       /* unsupported encodings */
        unsigned k = rnd(g, 4);
        if (k == 0)                                 /* pseudo-denormal */
            v = (struct v80){ m | (1ull << 63), 0 };
        else if (k == 1)                            /* unnormal (incl. pseudo-zero) */
            v = (struct v80){ chance(g, 20) ? 0 : m & 0x7fffffffffffffffull,
                              (uint16_t)(1 + rnd(g, 0x7ffe)) };
        else if (k == 2)                            /* pseudo-infinity */
            v = (struct v80){ 0, 0x7fff };
        else                                        /* pseudo-NaN */
            v = (struct v80){ (m & 0x7fffffffffffffffull) | 1, 0x7fff };
        break;
    }
    case 6: case 7:                                 /* integers */
        v = v80_int(g, pick_int(g));
        sign = 0;
        break;
    case 8:                                         /* near 1, 0.5, 2 */
        v = (struct v80){ m | (1ull << 63), (uint16_t)(0x3ffe + rnd(g, 3)) };
        if (chance(g, 30))
            v.m = (1ull << 63) | (rnd64(g) >> (40 + rnd(g, 24)));
        break;
    case 9: case 10:                                /* rounding boundaries */
        v = (struct v80){ boundary_mant(g, m), (uint16_t)(0x3fff - 64 + rnd(g, 128)) };
        break;
    case 11: {                                      /* extreme exponents */
        static const uint16_t ex[] = { 1, 2, 0x7ffe, 0x7ffd, 0x3f80, 0x3f81, 0x3f6a, 0x407e,
                                       0x407f, 0x4080, 0x3c00, 0x3c01, 0x3bcd, 0x43fe,
                                       0x43ff, 0x3fff + 63, 0x3fff + 62, 0x3fff + 64 };
        v = (struct v80){ chance(g, 30) ? boundary_mant(g, m) : m | (1ull << 63),
                          ex[rnd(g, sizeof ex / sizeof ex[0])] };
        if (chance(g, 15))
            v.m = chance(g, 50) ? ~0ull : 1ull << 63;
        break;
    }
    case 12: {                                      /* multiples of pi, pi/2, pi/4 */
        v = (struct v80){ PI_MANT, (uint16_t)(0x3fff + 1 - 2 + rnd(g, 4)) };
        if (chance(g, 50)) {
            uint64_t k = 1 + rnd(g, 1000);
            /* k * pi, truncated to 64 significant bits */
            uint64_t p0 = (PI_MANT & 0xffffffffu) * k, p1 = (PI_MANT >> 32) * k;
            uint64_t lo = p0 + (p1 << 32);
            uint64_t hi = (p1 >> 32) + (lo < p0);
            int shift = 0;
            while (hi) {
                lo = (lo >> 1) | (hi << 63);
                hi >>= 1;
                shift++;
            }
            v.m = lo | (1ull << 63);
            v.se = (uint16_t)(0x3fff + 1 + shift);
        }
        if (chance(g, 30))
            v.se = (uint16_t)(v.se + rnd(g, 60));
        if (chance(g, 60))
            v.m += (uint64_t)(int64_t)((int)rnd(g, 9) - 4);
        v.m |= 1ull << 63;
        break;
    }
    case 13:                                        /* small: F2XM1 and FYL2XP1 domains */
        v = (struct v80){ m | (1ull << 63), (uint16_t)(0x3ffe - rnd(g, 70)) };
        break;
    case 14:                                        /* powers of two */
        v = (struct v80){ 1ull << 63, (uint16_t)(0x3fff - 70 + rnd(g, 140)) };
        break;
    default:                                        /* anything normal */
        v = (struct v80){ m | (1ull << 63), (uint16_t)(1 + rnd(g, 0x7ffe)) };
        if (chance(g, 70))
            v.se = (uint16_t)(0x3fff - 100 + rnd(g, 200));
        break;
    }
    v.se = (uint16_t)(v.se | sign);
    return v;
}

static void put_v80(uint8_t out[10], struct v80 v)
{
    put_le(out, v.m, 8);
    put_le(out + 8, v.se, 2);
}

/* A value related to another register's: equal, nearly equal, negated,
 * scaled (for cancellation, equal compares, FPREM quotients). */
static struct v80 v80_related(struct dx_gen *g, struct v80 o)
{
    switch (rnd(g, 4)) {
    case 0: break;
    case 1: o.m += (uint64_t)(int64_t)((int)rnd(g, 7) - 3); break;
    case 2: o.se ^= 0x8000; break;
    default: o.se = (uint16_t)((o.se & 0x8000) | (((o.se & 0x7fff) + rnd(g, 130) - 65) & 0x7fff));
    }
    return o;
}

static uint32_t pick_f32(struct dx_gen *g)
{
    static const uint32_t sp[] = {
        0, 0x80000000u, 0x7f800000u, 0xff800000u, 0x7fc00000u, 0xffc00000u, 0x7f800001u,
        0x7fbfffffu, 0x00000001u, 0x007fffffu, 0x80400000u, 0x00800000u, 0x7f7fffffu,
        0x3f800000u, 0xbf800000u, 0x3f000000u, 0x4b000000u, 0x4f000000u, 0xcf000000u,
    };
    uint32_t r = (uint32_t)rnd64(g);
    switch (rnd(g, 5)) {
    case 0: return sp[rnd(g, sizeof sp / sizeof sp[0])];
    case 1: return (r & 0x807fffffu) | ((uint32_t)(127 - 30 + rnd(g, 60)) << 23);
    case 2: return chance(g, 50) ? (r & 0x807fffffu) : (r | 0x7f800000u);   /* denormal / NaN */
    default: return r;
    }
}

static uint64_t pick_f64(struct dx_gen *g)
{
    static const uint64_t sp[] = {
        0, 0x8000000000000000ull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
        0x7ff8000000000000ull, 0x7ff0000000000001ull, 0x7ff7ffffffffffffull, 1,
        0x000fffffffffffffull, 0x0010000000000000ull, 0x7fefffffffffffffull,
        0x3ff0000000000000ull, 0xbff0000000000000ull, 0x4330000000000000ull,
        0x43e0000000000000ull, 0x3fe0000000000000ull,
    };
    uint64_t r = rnd64(g);
    switch (rnd(g, 5)) {
    case 0: return sp[rnd(g, sizeof sp / sizeof sp[0])];
    case 1: return (r & 0x800fffffffffffffull) | ((uint64_t)(1023 - 40 + rnd(g, 80)) << 52);
    case 2:
        return chance(g, 50) ? (r & 0x800fffffffffffffull) : (r | 0x7ff0000000000000ull);
    default: return r;
    }
}

static void pick_bcd(struct dx_gen *g, uint8_t out[10])
{
    unsigned digits = rnd(g, 19);
    memset(out, 0, 10);
    for (unsigned i = 0; i < digits; i++) {
        unsigned d = chance(g, 4) ? 10 + rnd(g, 6) : rnd(g, 10);
        out[i / 2] |= (uint8_t)(d << (4 * (i & 1)));
    }
    out[9] = chance(g, 50) ? 0x80 : 0;
    if (chance(g, 10))
        out[9] = (uint8_t)rnd(g, 256);
}

/* A control word: every precision and rounding mode, masked and unmasked
 * exceptions, now and then the reserved bits. */
static uint16_t pick_cw(struct dx_gen *g)
{
    static const uint8_t pc[] = { 3, 3, 3, 3, 2, 2, 0, 0, 1 };
    uint16_t cw = chance(g, 55) ? 0x3f : (uint16_t)rnd(g, 64);
    cw |= (uint16_t)(pc[rnd(g, sizeof pc)] << 8);
    cw |= (uint16_t)(rnd(g, 4) << 10);
    cw |= 0x40;
    if (chance(g, 20))
        cw |= 0x1000;                               /* IC */
    if (chance(g, 5))
        cw ^= (uint16_t)(rnd(g, 8) << 13 | rnd(g, 2) << 6 | rnd(g, 2) << 7);
    return cw;
}

/* ---- States ---- */

struct gstate {
    uint16_t cw, sw, tw;
    uint32_t fip, fcs_fop, fdp, fds;
    struct v80 st[8];           /* ST(0)..ST(7) */
};

static void pick_state(struct dx_gen *g, struct gstate *s)
{
    s->cw = pick_cw(g);
    uint16_t top = (uint16_t)rnd(g, 8);
    uint16_t flags = (uint16_t)rnd(g, 64);
    if (!chance(g, 15))
        flags &= s->cw & 0x3f;                      /* mostly nothing pending */
    if (chance(g, 50))
        flags = 0;
    uint16_t sw = (uint16_t)(flags | top << 11);
    sw |= (uint16_t)(rnd(g, 16) & 0x7) << 8 | (uint16_t)(rnd(g, 2) << 14);     /* C0-C3 */
    if ((flags & 1) && chance(g, 50))
        sw |= 0x40;                                 /* SF */
    bool es = (flags & ~s->cw & 0x3f) != 0;
    if (chance(g, 20))
        es = chance(g, 50);
    if (es)
        sw |= 0x8080;                               /* ES, B */
    s->sw = sw;
    s->tw = 0;
    unsigned empty_pct = rnd(g, 4) * 20;
    for (unsigned p = 0; p < 8; p++)
        s->tw |= (uint16_t)((chance(g, empty_pct) ? 3u : rnd(g, 3)) << (2 * p));
    for (unsigned i = 0; i < 8; i++) {
        if (i > 0 && chance(g, 25))
            s->st[i] = v80_related(g, s->st[rnd(g, i)]);
        else
            s->st[i] = v80_random(g);
    }
    s->fip = (uint32_t)rnd64(g);
    s->fcs_fop = (uint32_t)rnd64(g) & 0x07ffffffu;
    s->fdp = (uint32_t)rnd64(g);
    s->fds = (uint32_t)rnd64(g) | 0xffff0000u;
}

/* The FNSAVE/FRSTOR (or FNSTENV/FLDENV) image of a state, 32- or 16-bit
 * protected-mode layout (SDM Vol. 1, Figures 8-9 and 8-10). */
static void encode_state(struct dx_gen *g, const struct gstate *s, bool o16, bool with_regs,
                         uint8_t *out)
{
    unsigned n;
    if (o16) {
        put_le(out + 0, s->cw, 2);
        put_le(out + 2, s->sw, 2);
        put_le(out + 4, s->tw, 2);
        put_le(out + 6, s->fip, 2);
        put_le(out + 8, s->fcs_fop, 2);
        put_le(out + 10, s->fdp, 2);
        put_le(out + 12, s->fds, 2);
        n = 14;
    } else {
        uint32_t hi = chance(g, 80) ? 0xffff0000u : (uint32_t)rnd64(g) & 0xffff0000u;
        put_le(out + 0, hi | s->cw, 4);
        put_le(out + 4, hi | s->sw, 4);
        put_le(out + 8, hi | s->tw, 4);
        put_le(out + 12, s->fip, 4);
        put_le(out + 16, s->fcs_fop, 4);
        put_le(out + 20, s->fdp, 4);
        put_le(out + 24, s->fds, 4);
        n = 28;
    }
    if (with_regs) {
        for (unsigned i = 0; i < 8; i++)
            put_v80(out + n + 10 * i, s->st[i]);
    }
}

/* ---- Operands ---- */

static void fill_operand(struct dx_gen *g, enum dx_mkind k, bool o16, uint8_t *p)
{
    switch (k) {
    case XM_F32: put_le(p, pick_f32(g), 4); break;
    case XM_F64: put_le(p, pick_f64(g), 8); break;
    case XM_F80: put_v80(p, v80_random(g)); break;
    case XM_I16: put_le(p, chance(g, 50) ? (uint64_t)pick_int(g) : rnd64(g), 2); break;
    case XM_I32: put_le(p, chance(g, 50) ? (uint64_t)pick_int(g) : rnd64(g), 4); break;
    case XM_I64: put_le(p, (uint64_t)pick_int(g), 8); break;
    case XM_BCD: pick_bcd(g, p); break;
    case XM_CW: put_le(p, chance(g, 80) ? pick_cw(g) : rnd64(g), 2); break;
    case XM_ENV:
    case XM_STATE: {
        struct gstate s;
        pick_state(g, &s);
        encode_state(g, &s, o16, k == XM_STATE, p);
        break;
    }
    default: break;
    }
}

/* ---- Addressing ---- */

/* Register roles while a case is built. */
enum { ROLE_FREE, ROLE_PTR, ROLE_INDEX };

struct addr_ctx {
    uint8_t role[8];
    int32_t val[8];             /* ROLE_PTR: buffer offset the register points at; INDEX: value */
};

/* Registers that may address: not EAX (FNSTSW AX writes it), not ESP. */
static const uint8_t addr_regs[6] = { 1, 2, 3, 5, 6, 7 };

static bool disp_fits(int64_t d, unsigned dsize)
{
    return dsize == 4 ? d >= -0x40000000ll && d < 0x40000000ll
                      : dsize == 1 ? d >= -128 && d <= 127 : d == 0;
}

/* A register usable as a base (pointer) or index; -1 if none. */
static int pick_addr_reg(struct dx_gen *g, struct addr_ctx *a, unsigned role, int avoid)
{
    for (unsigned tries = 0; tries < 12; tries++) {
        int r = addr_regs[rnd(g, 6)];
        if (r == avoid)
            continue;
        if (a->role[r] == ROLE_FREE || a->role[r] == role)
            return r;
    }
    return -1;
}

/* Emit ModRM (reg field `reg`) and its SIB/displacement so the operand
 * lands at buffer offset `target`. */
static unsigned emit_address(struct dx_gen *g, struct addr_ctx *a, unsigned reg, int32_t target,
                             uint8_t *b)
{
    for (unsigned attempt = 0;; attempt++) {
        unsigned form = attempt < 8 ? rnd(g, 10) : 2;   /* 2: [base + disp32] always fits */
        bool sib = form >= 5;
        bool index_only = form == 9;
        unsigned dsize = form == 0 || form == 5 ? 0 : form == 1 || form == 6 ? 1 : 4;
        if (index_only)
            dsize = 4;
        int base = index_only ? -1 : pick_addr_reg(g, a, ROLE_PTR, -1);
        if (!index_only && base < 0)
            continue;
        if (base == 5 && dsize == 0)
            dsize = 1;                          /* [ebp] needs a displacement */
        int index = -1;
        unsigned scale = 0;
        if (sib && !index_only) {
            index = pick_addr_reg(g, a, ROLE_INDEX, base);
            if (index < 0)
                continue;
            scale = rnd(g, 4);
        } else if (index_only) {
            index = pick_addr_reg(g, a, ROLE_PTR, -1);   /* [index*1 + disp32] */
            if (index < 0)
                continue;
        }
        int64_t idx_val = 0;
        if (index >= 0 && !index_only) {
            if (a->role[index] == ROLE_FREE) {
                a->role[index] = ROLE_INDEX;
                a->val[index] = chance(g, 70) ? (int32_t)rnd(g, 16) : -(int32_t)rnd(g, 9);
            }
            idx_val = (int64_t)a->val[index] * ((int64_t)1 << scale);
        }
        int ptr = index_only ? index : base;
        int64_t disp;
        if (a->role[ptr] == ROLE_FREE) {
            disp = dsize == 0 ? 0 : dsize == 1 ? (int)rnd(g, 256) - 128
                                               : (int64_t)rnd(g, 1u << 20) - (1 << 19);
            a->role[ptr] = ROLE_PTR;
            a->val[ptr] = (int32_t)(target - idx_val - disp);
        } else {
            disp = target - idx_val - a->val[ptr];
            if (!disp_fits(disp, dsize)) {
                if (index_only || !disp_fits(disp, 4))
                    continue;
                dsize = disp_fits(disp, 1) ? 1 : 4;
            }
        }
        unsigned mod = dsize == 0 ? 0 : dsize == 1 ? 1 : 2;
        unsigned n = 0;
        if (index_only) {
            b[n++] = (uint8_t)(0x04 | reg << 3);
            b[n++] = (uint8_t)(index << 3 | 5);
        } else if (sib) {
            b[n++] = (uint8_t)(mod << 6 | reg << 3 | 4);
            b[n++] = (uint8_t)(scale << 6 | (unsigned)index << 3 | (unsigned)base);
        } else {
            b[n++] = (uint8_t)(mod << 6 | reg << 3 | (unsigned)base);
        }
        put_le(b + n, (uint64_t)disp, dsize);
        return n + dsize;
    }
}

/* ---- Cases ---- */

static void gen_insn(struct dx_gen *g, struct dx_case *c, struct addr_ctx *a, unsigned i)
{
    struct dx_insn *in = &c->ins[i];
    memset(in, 0, sizeof *in);
    if (c->n > 1 && chance(g, 3)) {
        in->bytes[0] = 0x9b;
        in->len = 1;
        in->mn = MN_WAIT;
        in->group = XG_CONTROL;
        in->mkind = XM_NONE;
        return;
    }
    const struct xform *f = &g->forms[rnd(g, g->nforms)];
    in->mn = f->op->mn;
    in->group = (uint8_t)dx_group_of(in->mn);
    unsigned n = 0;
    bool mem = f->rm < 0;
    in->mkind = (uint8_t)(mem ? mkind_of(f->op->opnd[0]) : XM_NONE);
    if (mem && (in->mkind == XM_ENV || in->mkind == XM_STATE) ? chance(g, 35) : chance(g, 3)) {
        in->bytes[n++] = 0x66;
        in->is_o16 = true;
    }
    if (mem && chance(g, 8)) {
        static const uint8_t seg[3] = { 0x26, 0x36, 0x3e };    /* ES SS DS: flat on both sides */
        in->bytes[n++] = seg[rnd(g, 3)];
    }
    in->bytes[n++] = f->esc;
    if (!mem) {
        in->modrm = (uint8_t)(0xc0 | f->reg << 3 | (unsigned)f->rm);
        in->bytes[n++] = in->modrm;
    } else {
        in->mem_size = (uint16_t)msize(in->mkind, in->is_o16);
        unsigned room = DX_SLOT - in->mem_size;
        unsigned align = in->mem_size >= 8 ? 8 : in->mem_size >= 4 ? 4 : 2;
        unsigned off = chance(g, 80) ? rnd(g, room / align + 1) * align : rnd(g, room + 1);
        in->mem_off = (uint16_t)(i * DX_SLOT + off);
        in->is_store = is_store(in->mn);
        if (!in->is_store)
            fill_operand(g, in->mkind, in->is_o16, c->mem + in->mem_off);
        unsigned at = n;
        n += emit_address(g, a, f->reg, in->mem_off, in->bytes + n);
        in->modrm = in->bytes[at];
    }
    in->len = (uint8_t)n;
}

void dx_gen_case(struct dx_gen *g, unsigned n, struct dx_case *c)
{
    memset(c, 0, sizeof *c);
    if (n == 0 || n > DX_SEQ_MAX)
        n = 1;
    c->n = n;
    struct gstate s;
    pick_state(g, &s);
    encode_state(g, &s, false, true, c->image);
    for (unsigned i = 0; i < DX_BUF; i += 8)
        put_le(c->mem + i, rnd64(g), 8);
    struct addr_ctx a;
    memset(&a, 0, sizeof a);
    unsigned off = 0;
    for (unsigned i = 0; i < n; i++) {
        gen_insn(g, c, &a, i);
        c->ins[i].off = (uint8_t)off;
        off += c->ins[i].len;
    }
    for (unsigned r = 0; r < 8; r++) {
        if (a.role[r] == ROLE_PTR) {
            c->regs.is_ptr |= (uint8_t)(1u << r);
            c->regs.val[r] = (uint32_t)a.val[r];
        } else if (a.role[r] == ROLE_INDEX) {
            c->regs.val[r] = (uint32_t)a.val[r];
        } else {
            c->regs.val[r] = (uint32_t)rnd64(g);
        }
    }
    c->regs.val[4] = 0;
    /* CF PF AF ZF SF OF for FCMOVcc */
    c->regs.eflags = (uint32_t)rnd64(g) & 0x8d5u;
}
