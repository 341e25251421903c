/* tests/fpu_gen/gen_host.c: TEST-VECTOR GENERATOR, NOT PART OF ANY BUILD.
 * Runs x87 instructions on the host's own FPU (x86-64 only, host inline
 * assembly) and prints tests/unit/fpu_vectors.inc: for each vector the
 * state FRSTOR loads, the instruction (as raw opcode bytes, so no
 * assembler operand-order quirks), and what FNSAVE and memory show after.
 * The emulator never runs this code; its output is committed as data.
 *
 *   gcc -O1 -o /tmp/gen_host tests/fpu_gen/gen_host.c
 *   /tmp/gen_host > tests/unit/fpu_vectors.inc
 *
 * Transcendental instructions are generated only for operands whose
 * results the SDM's tables fix exactly (zeros, infinities, NaNs,
 * unsupported encodings, empty registers, |x| >= 2^63); their numeric
 * results come from tests/fpu_gen/gen_trans.py instead, since chips differ
 * in the last bit there. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../unit/fpu_vec.h"

#if !defined(__x86_64__)
#error "gen_host.c runs on an x86-64 host: it is a vector generator"
#endif

static const char *const op_name[VOP_COUNT] = {
#define NAME(n) #n,
    FPU_VEC_OPS(NAME)
#undef NAME
};

/* ---- Running one instruction on the host x87 ---- */

/* frstor (%rdi); <insn>; fnsave (%rsi), with the memory operand at (%rax). */
#define RUN(bytes)                                                                      \
    __asm__ volatile(".byte 0xdd,0x27\n\t.byte " bytes "\n\t.byte 0xdd,0x36"            \
                     : : "D"(in), "S"(out), "a"(mem) : "memory")

static void run(int op, const uint8_t *in, uint8_t *out, uint8_t *mem)
{
    switch (op) {
    case VOP_FADD_ST1: RUN("0xd8,0xc1"); break;
    case VOP_FSUB_ST1: RUN("0xd8,0xe1"); break;
    case VOP_FSUBR_ST1: RUN("0xd8,0xe9"); break;
    case VOP_FMUL_ST1: RUN("0xd8,0xc9"); break;
    case VOP_FDIV_ST1: RUN("0xd8,0xf1"); break;
    case VOP_FDIVR_ST1: RUN("0xd8,0xf9"); break;
    case VOP_FADDP: RUN("0xde,0xc1"); break;
    case VOP_FSUBP: RUN("0xde,0xe9"); break;
    case VOP_FSUBRP: RUN("0xde,0xe1"); break;
    case VOP_FMULP: RUN("0xde,0xc9"); break;
    case VOP_FDIVP: RUN("0xde,0xf9"); break;
    case VOP_FDIVRP: RUN("0xde,0xf1"); break;
    case VOP_FADD_M32: RUN("0xd8,0x00"); break;
    case VOP_FMUL_M64: RUN("0xdc,0x08"); break;
    case VOP_FSUBR_M32: RUN("0xd8,0x28"); break;
    case VOP_FDIV_M64: RUN("0xdc,0x30"); break;
    case VOP_FCOM_M64: RUN("0xdc,0x10"); break;
    case VOP_FIADD_M16: RUN("0xde,0x00"); break;
    case VOP_FIDIVR_M32: RUN("0xda,0x38"); break;
    case VOP_FICOM_M16: RUN("0xde,0x10"); break;
    case VOP_FCOM: RUN("0xd8,0xd1"); break;
    case VOP_FCOMP: RUN("0xd8,0xd9"); break;
    case VOP_FCOMPP: RUN("0xde,0xd9"); break;
    case VOP_FUCOM: RUN("0xdd,0xe1"); break;
    case VOP_FUCOMP: RUN("0xdd,0xe9"); break;
    case VOP_FUCOMPP: RUN("0xda,0xe9"); break;
    case VOP_FTST: RUN("0xd9,0xe4"); break;
    case VOP_FXAM: RUN("0xd9,0xe5"); break;
    case VOP_FCHS: RUN("0xd9,0xe0"); break;
    case VOP_FABS: RUN("0xd9,0xe1"); break;
    case VOP_FSQRT: RUN("0xd9,0xfa"); break;
    case VOP_FRNDINT: RUN("0xd9,0xfc"); break;
    case VOP_FSCALE: RUN("0xd9,0xfd"); break;
    case VOP_FPREM: RUN("0xd9,0xf8"); break;
    case VOP_FPREM1: RUN("0xd9,0xf5"); break;
    case VOP_FXTRACT: RUN("0xd9,0xf4"); break;
    case VOP_FXCH: RUN("0xd9,0xc9"); break;
    case VOP_FLD_ST1: RUN("0xd9,0xc1"); break;
    case VOP_FST_ST1: RUN("0xdd,0xd1"); break;
    case VOP_FSTP_ST1: RUN("0xdd,0xd9"); break;
    case VOP_FINCSTP: RUN("0xd9,0xf7"); break;
    case VOP_FDECSTP: RUN("0xd9,0xf6"); break;
    case VOP_FFREE_ST1: RUN("0xdd,0xc1"); break;
    case VOP_FLD_M32: RUN("0xd9,0x00"); break;
    case VOP_FLD_M64: RUN("0xdd,0x00"); break;
    case VOP_FLD_M80: RUN("0xdb,0x28"); break;
    case VOP_FILD_M16: RUN("0xdf,0x00"); break;
    case VOP_FILD_M32: RUN("0xdb,0x00"); break;
    case VOP_FILD_M64: RUN("0xdf,0x28"); break;
    case VOP_FBLD: RUN("0xdf,0x20"); break;
    case VOP_FST_M32: RUN("0xd9,0x10"); break;
    case VOP_FSTP_M64: RUN("0xdd,0x18"); break;
    case VOP_FSTP_M80: RUN("0xdb,0x38"); break;
    case VOP_FIST_M16: RUN("0xdf,0x10"); break;
    case VOP_FIST_M32: RUN("0xdb,0x10"); break;
    case VOP_FISTP_M64: RUN("0xdf,0x38"); break;
    case VOP_FBSTP: RUN("0xdf,0x30"); break;
    case VOP_FLD1: RUN("0xd9,0xe8"); break;
    case VOP_FLDL2T: RUN("0xd9,0xe9"); break;
    case VOP_FLDL2E: RUN("0xd9,0xea"); break;
    case VOP_FLDPI: RUN("0xd9,0xeb"); break;
    case VOP_FLDLG2: RUN("0xd9,0xec"); break;
    case VOP_FLDLN2: RUN("0xd9,0xed"); break;
    case VOP_FLDZ: RUN("0xd9,0xee"); break;
    case VOP_FSIN: RUN("0xd9,0xfe"); break;
    case VOP_FCOS: RUN("0xd9,0xff"); break;
    case VOP_FSINCOS: RUN("0xd9,0xfb"); break;
    case VOP_FPTAN: RUN("0xd9,0xf2"); break;
    case VOP_FPATAN: RUN("0xd9,0xf3"); break;
    case VOP_F2XM1: RUN("0xd9,0xf0"); break;
    case VOP_FYL2X: RUN("0xd9,0xf1"); break;
    case VOP_FYL2XP1: RUN("0xd9,0xf9"); break;
    }
}

/* ---- Operands ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static unsigned rndn(unsigned n)
{
    return (unsigned)(rnd() % n);
}

struct val {
    uint16_t se;
    uint64_t m;
};

/* A significand with a random number of low zero bits (ties, exact cases). */
static uint64_t rnd_mant(void)
{
    uint64_t m = rnd() | (1ull << 63);
    switch (rndn(5)) {
    case 0:
        return m & ~((1ull << rndn(64)) - 1);
    case 1:
        return m | ((1ull << rndn(64)) - 1);            /* runs of ones */
    case 2:
        return (1ull << 63) | (rnd() & ((1ull << rndn(64)) - 1));
    default:
        return m;
    }
}

static struct val mk(int sign, int bexp, uint64_t m)
{
    struct val v = { (uint16_t)((sign ? 0x8000 : 0) | (bexp & 0x7fff)), m };
    return v;
}

/* A random extended value; `kind` biases the exponent range. */
static struct val rnd_val(int wide)
{
    int s = rndn(2);
    switch (rndn(wide ? 24 : 40)) {
    case 0: return mk(s, 0, 0);                                     /* zero */
    case 1: return mk(s, 0x7fff, 1ull << 63);                       /* infinity */
    case 2: return mk(s, 0x7fff, 0xc000000000000000ull | (rnd() >> 3 & -(uint64_t)rndn(2)));
    case 3: return mk(s, 0x7fff, (1ull << 63) | (rnd() >> 2 | 1));  /* SNaN */
    case 4: return mk(s, 0, rnd() >> rndn(64) & ~(1ull << 63));     /* denormal */
    case 5: return mk(s, 0, (1ull << 63) | (rnd() >> 1));           /* pseudo-denormal */
    case 6: return mk(s, 1 + rndn(0x7ffe), rnd() >> 1);             /* unnormal */
    case 7: return mk(s, 0x7fff, rndn(2) ? 0 : rnd() >> 1);         /* pseudo-inf/NaN */
    case 8: return mk(s, 1 + rndn(80), rnd_mant());                 /* tiny normal */
    case 9: return mk(s, 0x7ffe - rndn(80), rnd_mant());            /* huge */
    case 10: return mk(1, 0x7fff, 0xc000000000000000ull);           /* indefinite */
    case 11: {                                                      /* small integer */
        uint64_t n = rnd() >> rndn(64);
        if (n == 0)
            n = 1;
        int lz = __builtin_clzll(n);
        return mk(s, 0x3fff + 63 - lz, n << lz);
    }
    default:
        if (wide && rndn(3) == 0)
            return mk(s, 1 + rndn(0x7ffe), rnd_mant());
        return mk(s, 0x3fff - 40 + rndn(80), rnd_mant());
    }
}

/* A second operand related to the first (cancellation, ties, equal). */
static struct val rnd_partner(struct val a)
{
    int bexp = a.se & 0x7fff;
    switch (rndn(8)) {
    case 0:
        return a;
    case 1:
        return mk(rndn(2), bexp, a.m ^ (1ull << rndn(64)));
    case 2:
        return mk(rndn(2), bexp + rndn(140) - 70, rnd_mant());
    case 3:
        return mk(rndn(2), bexp + rndn(8) - 4, rnd_mant());
    default:
        return rnd_val(rndn(2));
    }
}

static uint16_t rnd_cw(int allow_unmasked)
{
    static const unsigned pcs[4] = { 0, 2, 3, 3 };
    unsigned masks = 0x3f;
    if (allow_unmasked && rndn(4) == 0)
        masks = (unsigned)rnd() & 0x3f;
    unsigned pc = pcs[rndn(4)];
    if (rndn(16) == 0)
        pc = 1;                                                     /* reserved */
    return (uint16_t)(masks | 0x40 | pc << 8 | rndn(4) << 10);
}

static uint64_t rnd_f32(void)
{
    uint32_t s = (uint32_t)rndn(2) << 31;
    switch (rndn(12)) {
    case 0: return s;
    case 1: return s | 0x7f800000u;
    case 2: return s | 0x7fc00000u | (uint32_t)(rnd() & 0x3fffff);
    case 3: return s | 0x7f800000u | (uint32_t)(rnd() & 0x3fffff) | 1;
    case 4: return s | (uint32_t)(rnd() & 0x7fffff);
    default: return (uint32_t)rnd();
    }
}

static uint64_t rnd_f64(void)
{
    uint64_t s = (uint64_t)rndn(2) << 63;
    switch (rndn(12)) {
    case 0: return s;
    case 1: return s | 0x7ff0000000000000ull;
    case 2: return s | 0x7ff8000000000000ull | (rnd() & 0x7ffffffffffffull);
    case 3: return s | 0x7ff0000000000000ull | (rnd() & 0x7ffffffffffffull) | 1;
    case 4: return s | (rnd() & 0xfffffffffffffull);
    case 5: return s | ((uint64_t)(0x3ff - 30 + rndn(60)) << 52) | (rnd() & 0xfffffffffffffull);
    default: return rnd();
    }
}

/* Values near the m32/m64 range limits and rounding points, for stores. */
static struct val rnd_store_val(int is_f32)
{
    int s = rndn(2);
    int bias = is_f32 ? 127 : 1023, fbits = is_f32 ? 23 : 52;
    uint64_t m = rnd_mant();
    if (rndn(3) == 0)   /* just above/below a rounding point of the format */
        m = (m & ~((1ull << (63 - fbits)) - 1)) | ((1ull << (62 - fbits)) + (uint64_t)rndn(3) - 1);
    switch (rndn(6)) {
    case 0: return mk(s, 0x3fff + bias - rndn(3), m);               /* overflow edge */
    case 1: return mk(s, 0x3fff - bias + 1 - rndn(fbits + 4), m);  /* denormal range */
    case 2: return mk(s, 0x3fff - bias + 1 + rndn(2), m);
    case 3: return mk(s, 0x3fff - bias - fbits - rndn(4), m);       /* underflow to 0 */
    default: return rnd_val(1);
    }
}

static uint8_t rnd_bcd_digit_byte(void)
{
    if (rndn(10) == 0)
        return (uint8_t)rnd();                                      /* invalid nibbles */
    return (uint8_t)(rndn(10) | rndn(10) << 4);
}

/* ---- One vector ---- */

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put64(uint8_t *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> 8 * i); }
static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint64_t get64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static int count;

static void emit(int op, uint16_t cw, unsigned top, uint16_t tw, struct val a, struct val b,
                 uint64_t mem_lo, uint16_t mem_hi)
{
    uint8_t in[108], out[108];
    uint8_t mem[16];
    memset(in, 0, sizeof in);
    put16(in + 0, cw);
    uint16_t sw = (uint16_t)(top << 11);
    put16(in + 4, sw);
    put16(in + 8, tw);
    for (int i = 0; i < 8; i++) {
        struct val v = i == 0 ? a : i == 1 ? b : (struct val){ FPU_VEC_FILL_SE(i), FPU_VEC_FILL_M(i) };
        put64(in + 28 + 10 * i, v.m);
        put16(in + 28 + 10 * i + 8, v.se);
    }
    memset(mem, 0xee, sizeof mem);
    put64(mem, mem_lo);
    put16(mem + 8, mem_hi);
    run(op, in, out, mem);
    printf("{VOP_%s,0x%04x,0x%04x,0x%04x,0x%04x,0x%04x,0x%016llxull,0x%016llxull,"
           "0x%016llxull,0x%04x,0x%04x,0x%04x,{0x%04x,0x%04x,0x%04x},"
           "{0x%016llxull,0x%016llxull,0x%016llxull},0x%016llxull,0x%04x},\n",
           op_name[op], cw, sw, tw, a.se, b.se, (unsigned long long)a.m,
           (unsigned long long)b.m, (unsigned long long)mem_lo, mem_hi, get16(out + 4),
           get16(out + 8), get16(out + 28 + 8), get16(out + 38 + 8), get16(out + 48 + 8),
           (unsigned long long)get64(out + 28), (unsigned long long)get64(out + 38),
           (unsigned long long)get64(out + 48), (unsigned long long)get64(mem), get16(mem + 8));
    count++;
}

/* Tag word for a stack of `depth` registers from TOP (others empty). */
static uint16_t tw_depth(unsigned top, unsigned depth)
{
    uint16_t tw = 0xffff;
    for (unsigned i = 0; i < depth; i++)
        tw &= (uint16_t)~(3u << (2 * ((top + i) & 7)));
    return tw;
}

/* A stack shape: usually ST(0) and ST(1) in use, sometimes fewer (stack
 * underflow) or all eight (overflow). */
static uint16_t rnd_tw(unsigned top, unsigned need)
{
    unsigned r = rndn(24);
    if (r == 0)
        return tw_depth(top, 0);
    if (r == 1)
        return tw_depth(top, need > 1 ? 1 : 0);
    if (r == 2)
        return tw_depth(top, 8);
    return tw_depth(top, need);
}

static void gen_op(int op, int n)
{
    for (int i = 0; i < n; i++) {
        unsigned top = rndn(8);
        struct val a = rnd_val(rndn(2)), b = rnd_partner(a);
        uint16_t cw = rnd_cw(1);
        uint16_t tw = rnd_tw(top, 2);
        uint64_t mem_lo = rnd();
        uint16_t mem_hi = (uint16_t)rnd();
        switch (op) {
        case VOP_FADD_M32: case VOP_FSUBR_M32: case VOP_FLD_M32:
            mem_lo = (mem_lo & ~0xffffffffull) | rnd_f32();
            break;
        case VOP_FMUL_M64: case VOP_FDIV_M64: case VOP_FCOM_M64: case VOP_FLD_M64:
            mem_lo = rnd_f64();
            break;
        case VOP_FILD_M16: case VOP_FIADD_M16: case VOP_FICOM_M16:
            if (rndn(4) == 0)
                mem_lo = (mem_lo & ~0xffffull) | (rndn(2) ? 0x8000 : 0);
            break;
        case VOP_FLD_M80: {
            struct val v = rnd_val(1);
            mem_lo = v.m;
            mem_hi = v.se;
            break;
        }
        case VOP_FBLD: {
            uint8_t bcd[10];
            for (int k = 0; k < 9; k++)
                bcd[k] = rnd_bcd_digit_byte();
            bcd[9] = (uint8_t)(rndn(4) == 0 ? rnd() : rndn(2) << 7);
            if (rndn(6) == 0)
                memset(bcd, 0, 9);
            mem_lo = get64(bcd);
            mem_hi = get16(bcd + 8);
            break;
        }
        case VOP_FST_M32:
            a = rnd_store_val(1);
            break;
        case VOP_FSTP_M64:
            a = rnd_store_val(0);
            break;
        case VOP_FIST_M16: case VOP_FIST_M32: case VOP_FISTP_M64: case VOP_FBSTP: {
            static const int bits[] = { 15, 31, 63, 60 };
            int idx = op == VOP_FIST_M16 ? 0 : op == VOP_FIST_M32 ? 1 : op == VOP_FISTP_M64 ? 2 : 3;
            if (rndn(3))
                a = mk(rndn(2), 0x3fff + rndn(bits[idx] + 2) - 1, rnd_mant());
            if (rndn(8) == 0)
                a = mk(rndn(2), 0x3fff - 1 - rndn(3), rnd_mant());  /* |a| < 1 */
            break;
        }
        case VOP_FPREM: case VOP_FPREM1:
            if (rndn(2))
                a = mk(rndn(2), (b.se & 0x7fff) + rndn(200) - 20, rnd_mant());
            break;
        case VOP_FSCALE:
            if (rndn(2))
                b = mk(rndn(2), 0x3fff + rndn(18) - 1, rnd_mant());
            break;
        case VOP_FSIN: case VOP_FCOS: case VOP_FSINCOS: case VOP_FPTAN:
        case VOP_FPATAN: case VOP_F2XM1: case VOP_FYL2X: case VOP_FYL2XP1: {
            /* Only operands with SDM-defined exact results. */
            static const struct val sp[] = {
                { 0, 0 }, { 0x8000, 0 }, { 0x7fff, 1ull << 63 }, { 0xffff, 1ull << 63 },
                { 0x7fff, 0xc000000000000123ull }, { 0xffff, 0x8000000000000123ull },
                { 0x3fff, 0x4000000000000000ull }, { 0x7fff, 0 }, { 0xffff, 0xc000000000000000ull },
            };
            int is_binary = op == VOP_FPATAN || op == VOP_FYL2X || op == VOP_FYL2XP1;
            a = sp[rndn(9)];
            if (!is_binary && rndn(5) == 0)
                a = mk(rndn(2), 0x3fff + 63 + rndn(100), rnd_mant());   /* out of range */
            if (is_binary) {
                b = rndn(2) ? sp[rndn(9)] : mk(rndn(2), 0x3fff + rndn(20) - 10, rnd_mant());
                if (rndn(2)) {
                    struct val t = a;
                    a = b;
                    b = t;
                }
                if ((op == VOP_FYL2X) && rndn(3) == 0)
                    a = mk(0, 0x3fff + rndn(20) - 10, 1ull << 63);      /* powers of 2 */
                if ((a.se & 0x7fff) != 0x7fff && (a.se & 0x7fff) != 0 && (b.se & 0x7fff) != 0x7fff &&
                    (b.se & 0x7fff) != 0 && !(op == VOP_FYL2X && a.m == 1ull << 63))
                    a = sp[rndn(9)];
            }
            cw = (uint16_t)(cw | 0x3f);
            if (rndn(4) == 0)
                cw = (uint16_t)(cw & ~0x07);        /* unmasked IE DE ZE */
            break;
        }
        default:
            break;
        }
        switch (op) {       /* stack needs */
        case VOP_FLD_M32: case VOP_FLD_M64: case VOP_FLD_M80: case VOP_FILD_M16:
        case VOP_FILD_M32: case VOP_FILD_M64: case VOP_FBLD: case VOP_FLD1: case VOP_FLDL2T:
        case VOP_FLDL2E: case VOP_FLDPI: case VOP_FLDLG2: case VOP_FLDLN2: case VOP_FLDZ:
            tw = rndn(4) == 0 ? tw_depth(top, 8) : tw_depth(top, rndn(8));
            break;
        case VOP_FPTAN: case VOP_FSINCOS: case VOP_FXTRACT: case VOP_FLD_ST1:
            tw = rndn(5) == 0 ? tw_depth(top, 8) : rnd_tw(top, 2);
            break;
        case VOP_FCHS: case VOP_FABS: case VOP_FSQRT: case VOP_FRNDINT: case VOP_FTST:
        case VOP_FXAM: case VOP_FSIN: case VOP_FCOS: case VOP_F2XM1: case VOP_FST_M32:
        case VOP_FSTP_M64: case VOP_FSTP_M80: case VOP_FIST_M16: case VOP_FIST_M32:
        case VOP_FISTP_M64: case VOP_FBSTP: case VOP_FADD_M32: case VOP_FMUL_M64:
        case VOP_FSUBR_M32: case VOP_FDIV_M64: case VOP_FCOM_M64: case VOP_FIADD_M16:
        case VOP_FIDIVR_M32: case VOP_FICOM_M16:
            tw = rnd_tw(top, 1);
            break;
        default:
            break;
        }
        /* Unmasked exceptions may not be pending before the instruction. */
        emit(op, cw, top, tw, a, b, mem_lo, mem_hi);
    }
}

int main(int argc, char **argv)
{
    /* Optional: a seed and a count multiplier, for wider local runs. */
    int scale = 1;
    if (argc > 1)
        rng_state ^= strtoull(argv[1], NULL, 0) * 0x2545f4914f6cdd1dull;
    if (argc > 2)
        scale = atoi(argv[2]);
    printf("/* tests/unit/fpu_vectors.inc: generated by tests/fpu_gen/gen_host.c on a real\n"
           " * x86 FPU; do not edit.  See tests/unit/fpu_vec.h for the layout. */\n");
    for (int op = 0; op < VOP_COUNT; op++) {
        int n = 60;
        switch (op) {
        case VOP_FADD_ST1: case VOP_FSUB_ST1: case VOP_FMUL_ST1: case VOP_FDIV_ST1:
        case VOP_FST_M32: case VOP_FSTP_M64:
            n = 400;
            break;
        case VOP_FSQRT: case VOP_FSUBR_ST1: case VOP_FDIVR_ST1: case VOP_FIST_M16:
        case VOP_FIST_M32: case VOP_FISTP_M64: case VOP_FBSTP: case VOP_FPREM:
        case VOP_FPREM1: case VOP_FRNDINT: case VOP_FSCALE: case VOP_FADD_M32:
        case VOP_FMUL_M64: case VOP_FDIV_M64:
            n = 200;
            break;
        case VOP_FLD1: case VOP_FLDL2T: case VOP_FLDL2E: case VOP_FLDPI: case VOP_FLDLG2:
        case VOP_FLDLN2: case VOP_FLDZ: case VOP_FINCSTP: case VOP_FDECSTP:
            n = 16;
            break;
        default:
            break;
        }
        gen_op(op, n * scale);
    }
    fprintf(stderr, "%d vectors\n", count);
    return 0;
}
