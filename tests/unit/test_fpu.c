/* tests/unit/test_fpu.c: the x87 arithmetic and stack rules, case by case,
 * with expected bit patterns from the Intel SDM's rules and exact
 * arithmetic (each case says why): signed zeros, infinities, NaN
 * propagation, denormals, precision and rounding control, overflow and
 * underflow responses, FPREM/FPREM1 condition codes, integer and BCD
 * stores, stack faults, constants, FXAM, environment images, and the
 * 128-bit division helper.  test_fpu_vectors.c adds ~8000 vectors from a
 * real x87. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "fpu/u128.h"
#include "fpu/x87.h"
#include "util/le.h"

#define ONE fp80_make(0x3fff, 0x8000000000000000ull)
#define TWO fp80_make(0x4000, 0x8000000000000000ull)
#define THREE fp80_make(0x4000, 0xc000000000000000ull)
#define QNAN(s, m) fp80_make((s) ? 0xffff : 0x7fff, (m))

/* FINIT, the given control word, then push b and a: ST(0) = a, ST(1) = b. */
static struct fpu_state two(uint16_t cw, struct fp80 a, struct fp80 b)
{
    struct fpu_state f;
    memset(&f, 0, sizeof f);
    x87_finit(&f);
    x87_fldcw(&f, cw);
    x87_fld_m80(&f, b);
    x87_fld_m80(&f, a);
    return f;
}

/* ST(0) = ST(0) op ST(1). */
static struct fpu_state arith(uint16_t cw, enum x87_arith op, struct fp80 a, struct fp80 b)
{
    struct fpu_state f = two(cw, a, b);
    struct fp_unp s = fp_unpack(x87_st(&f, 1));
    x87_arith(&f, op, 0, &s, false, false);
    return f;
}

#define ASSERT_ST0(f, se, m)                                   \
    do {                                                       \
        ck_assert_uint_eq(x87_st(&(f), 0).sexp, (se));         \
        ck_assert_uint_eq(x87_st(&(f), 0).mant, (m));          \
    } while (0)
#define FLAGS(f) ((f).sw & (FPX_MASKABLE | FPX_SF))
#define C1(f) (((f).sw & FPSW_C1) != 0)

START_TEST(signed_zeros)
{
    struct fp80 pz = fp80_zero(false), nz = fp80_zero(true);
    /* IEEE 754 6.3: x + (-x) is +0 except rounding down; -0 + -0 = -0. */
    struct fpu_state f = arith(0x037f, X87_FADD, pz, nz);
    ASSERT_ST0(f, 0x0000, 0);
    f = arith(0x077f, X87_FADD, pz, nz);                        /* RC down */
    ASSERT_ST0(f, 0x8000, 0);
    f = arith(0x037f, X87_FADD, nz, nz);
    ASSERT_ST0(f, 0x8000, 0);
    f = arith(0x037f, X87_FSUB, THREE, THREE);
    ASSERT_ST0(f, 0x0000, 0);
    f = arith(0x077f, X87_FSUB, THREE, THREE);
    ASSERT_ST0(f, 0x8000, 0);
    f = arith(0x037f, X87_FMUL, nz, THREE);                     /* sign XOR */
    ASSERT_ST0(f, 0x8000, 0);
    f = two(0x037f, nz, pz);
    x87_unary(&f, X87_FSQRT);                                   /* sqrt(-0) = -0 */
    ASSERT_ST0(f, 0x8000, 0);
    ck_assert_uint_eq(FLAGS(f), 0);
    /* Zeros compare equal whatever their signs. */
    f = two(0x037f, nz, pz);
    struct fp_unp s = fp_unpack(pz);
    x87_compare(&f, &s, false, false, 0);
    ck_assert_uint_eq(f.sw & (FPSW_C3 | FPSW_C2 | FPSW_C0), FPSW_C3);
}
END_TEST

START_TEST(infinities)
{
    struct fp80 pinf = fp80_inf(false), ninf = fp80_inf(true);
    struct fpu_state f = arith(0x037f, X87_FADD, pinf, ninf);    /* inf - inf: invalid */
    ASSERT_ST0(f, 0xffff, 0xc000000000000000ull);
    ck_assert_uint_eq(FLAGS(f), FPX_IE);
    f = arith(0x037f, X87_FMUL, pinf, fp80_zero(false));        /* inf * 0: invalid */
    ck_assert_uint_eq(FLAGS(f), FPX_IE);
    f = arith(0x037f, X87_FDIV, ninf, ninf);                    /* inf / inf: invalid */
    ck_assert_uint_eq(FLAGS(f), FPX_IE);
    f = arith(0x037f, X87_FDIV, THREE, fp80_zero(true));        /* 3 / -0: ZE, -inf */
    ASSERT_ST0(f, 0xffff, 0x8000000000000000ull);
    ck_assert_uint_eq(FLAGS(f), FPX_ZE);
    f = arith(0x037f, X87_FDIV, pinf, fp80_zero(false));        /* inf / 0: no exception */
    ASSERT_ST0(f, 0x7fff, 0x8000000000000000ull);
    ck_assert_uint_eq(FLAGS(f), 0);
    f = arith(0x037f, X87_FADD, ninf, THREE);
    ASSERT_ST0(f, 0xffff, 0x8000000000000000ull);
    ck_assert_uint_eq(FLAGS(f), 0);
}
END_TEST

/* SDM Vol. 1, Table 4-7 and 4.8.3.5. */
START_TEST(nan_rules)
{
    struct fp80 q1 = QNAN(0, 0xc000000000000001ull), q2 = QNAN(1, 0xc000000000000002ull);
    struct fp80 s5 = QNAN(0, 0x8000000000000005ull), s1 = QNAN(1, 0x8000000000000001ull);
    struct fpu_state f = arith(0x037f, X87_FADD, q1, q2);       /* larger significand */
    ASSERT_ST0(f, 0xffff, 0xc000000000000002ull);
    ck_assert_uint_eq(FLAGS(f), 0);
    f = arith(0x037f, X87_FMUL, s5, q1);                        /* SNaN + QNaN: the QNaN */
    ASSERT_ST0(f, 0x7fff, 0xc000000000000001ull);
    ck_assert_uint_eq(FLAGS(f), FPX_IE);
    f = arith(0x037f, X87_FSUB, s1, s5);                        /* two SNaNs: larger, quieted */
    ASSERT_ST0(f, 0x7fff, 0xc000000000000005ull);
    f = arith(0x037f, X87_FDIV, THREE, s1);                     /* SNaN and a number */
    ASSERT_ST0(f, 0xffff, 0xc000000000000001ull);
    ck_assert_uint_eq(FLAGS(f), FPX_IE);
    f = arith(0x037f, X87_FADD, QNAN(1, 0xc000000000000007ull), QNAN(0, 0xc000000000000007ull));
    ASSERT_ST0(f, 0x7fff, 0xc000000000000007ull);               /* tie: the positive one */
    /* Unmasked IE: nothing stored, ES and B set. */
    f = arith(0x037e, X87_FADD, THREE, s1);
    ASSERT_ST0(f, 0x4000, 0xc000000000000000ull);
    ck_assert_uint_eq(f.sw & (FPSW_ES | FPSW_B | FPX_IE), FPSW_ES | FPSW_B | FPX_IE);
    /* FLD m32 of an SNaN: IE and the quieted NaN; FST m32 of a QNaN keeps
     * the top 23 significand bits. */
    memset(&f, 0, sizeof f);
    x87_finit(&f);
    struct fp_unp m = fp_unpack_f32(0xff800123u);
    x87_fld(&f, &m);
    ASSERT_ST0(f, 0xffff, 0xc001230000000000ull);
    ck_assert_uint_eq(FLAGS(f), FPX_IE);
    uint8_t out[10];
    ck_assert(x87_fst(&f, X87_M32F, out, true));
    ck_assert_uint_eq(load_le32(out), 0xffc00123u);
    /* FUCOM: QNaN unordered without IE; FCOM: with IE. */
    f = two(0x037f, THREE, q1);
    struct fp_unp s = fp_unpack(q1);
    x87_compare(&f, &s, false, true, 0);
    ck_assert_uint_eq(f.sw & (FPSW_C3 | FPSW_C2 | FPSW_C0), FPSW_C3 | FPSW_C2 | FPSW_C0);
    ck_assert_uint_eq(FLAGS(f), 0);
    x87_compare(&f, &s, false, false, 0);
    ck_assert_uint_eq(FLAGS(f), FPX_IE);
}
END_TEST

START_TEST(denormals)
{
    /* m32 denormal 2^-149: DE, and exactly 2^-149 in the extended format. */
    struct fpu_state f;
    memset(&f, 0, sizeof f);
    x87_finit(&f);
    struct fp_unp m = fp_unpack_f32(1);
    x87_fld(&f, &m);
    ASSERT_ST0(f, 0x3fff - 149, 0x8000000000000000ull);
    ck_assert_uint_eq(FLAGS(f), FPX_DE);
    /* 2^-16382 * 1.5 / 4: tiny, exact: a denormal, no UE when masked. */
    struct fp80 minn = fp80_make(0x0001, 0xc000000000000000ull);
    f = arith(0x037f, X87_FDIV, minn, fp80_make(0x4001, 1ull << 63));
    ASSERT_ST0(f, 0x0000, 0x3000000000000000ull);
    ck_assert_uint_eq(FLAGS(f), 0);
    /* Inexact tiny: UE and PE; RN of 3 * 2^-16447 (bits lost). */
    f = arith(0x037f, X87_FMUL, fp80_make(0x0001, 0xc000000000000000ull),
              fp80_make(0x3fff - 64, 0x8000000000000000ull));
    ASSERT_ST0(f, 0x0000, 0x0000000000000001ull);              /* 0.75 ulp rounds to 1 ulp */
    ck_assert_uint_eq(FLAGS(f), FPX_UE | FPX_PE);
    ck_assert(C1(f));
    /* Unmasked UE: the rounded result with its exponent biased by +24576. */
    f = arith(0x036f, X87_FMUL, fp80_make(0x0001, 0xc000000000000000ull),
              fp80_make(0x3fff - 64, 0x8000000000000000ull));
    ASSERT_ST0(f, 0x0001 - 64 + 24576, 0xc000000000000000ull);
    ck_assert_uint_eq(FLAGS(f), FPX_UE);
    /* A denormal operand raises DE (masked: the operation goes on). */
    f = arith(0x037f, X87_FADD, fp80_make(0, 1), ONE);
    ASSERT_ST0(f, 0x3fff, 0x8000000000000000ull);
    ck_assert_uint_eq(FLAGS(f), FPX_DE | FPX_PE);
    /* A pseudo-denormal is the value of exponent 1: times 1, renormalised. */
    f = arith(0x037f, X87_FMUL, fp80_make(0, 0x8000000000001234ull), ONE);
    ASSERT_ST0(f, 0x0001, 0x8000000000001234ull);
    ck_assert_uint_eq(FLAGS(f), FPX_DE);
    /* Unnormals are unsupported on a 387+: invalid. */
    f = arith(0x037f, X87_FADD, fp80_make(0x3fff, 0x4000000000000000ull), ONE);
    ASSERT_ST0(f, 0xffff, 0xc000000000000000ull);
    ck_assert_uint_eq(FLAGS(f), FPX_IE);
}
END_TEST

/* 1/3 = 0.0101...b: every precision and rounding mode (SDM Vol. 1, 4.8.4
 * and 8.1.5.2).  C1 reports a round-up in magnitude. */
START_TEST(precision_and_rounding)
{
    static const struct { uint16_t pc; unsigned rc; bool neg; uint64_t mant; bool c1; } cases[] = {
        { 3, FP_RC_NEAREST, false, 0xaaaaaaaaaaaaaaabull, true },
        { 3, FP_RC_DOWN, false, 0xaaaaaaaaaaaaaaaaull, false },
        { 3, FP_RC_UP, false, 0xaaaaaaaaaaaaaaabull, true },
        { 3, FP_RC_ZERO, false, 0xaaaaaaaaaaaaaaaaull, false },
        { 3, FP_RC_DOWN, true, 0xaaaaaaaaaaaaaaabull, true },
        { 3, FP_RC_UP, true, 0xaaaaaaaaaaaaaaaaull, false },
        { 2, FP_RC_NEAREST, false, 0xaaaaaaaaaaaaa800ull, false },
        { 2, FP_RC_UP, false, 0xaaaaaaaaaaaab000ull, true },
        { 2, FP_RC_ZERO, true, 0xaaaaaaaaaaaaa800ull, false },
        { 0, FP_RC_NEAREST, false, 0xaaaaab0000000000ull, true },
        { 0, FP_RC_DOWN, false, 0xaaaaaa0000000000ull, false },
        { 0, FP_RC_DOWN, true, 0xaaaaab0000000000ull, true },
        { 1, FP_RC_NEAREST, false, 0xaaaaaaaaaaaaaaabull, true },   /* reserved PC: 64 */
    };
    for (unsigned k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        uint16_t cw = (uint16_t)(0x007f | cases[k].pc << 8 | cases[k].rc << 10);
        struct fp80 a = cases[k].neg ? fp80_make(0xbfff, 1ull << 63) : ONE;
        struct fpu_state f = arith(cw, X87_FDIV, a, THREE);
        ASSERT_ST0(f, cases[k].neg ? 0xbffd : 0x3ffd, cases[k].mant);
        ck_assert_uint_eq(FLAGS(f), FPX_PE);
        ck_assert_int_eq(C1(f), cases[k].c1);
    }
    /* Ties to even: 1 + 2^-64 rounds to 1; 1 + 3*2^-64 to 1 + 2^-62. */
    struct fpu_state f = arith(0x037f, X87_FADD, ONE, fp80_make(0x3fff - 64, 1ull << 63));
    ASSERT_ST0(f, 0x3fff, 0x8000000000000000ull);
    ck_assert(!C1(f));
    f = arith(0x037f, X87_FADD, ONE, fp80_make(0x3fff - 63, 0xc000000000000000ull));
    ASSERT_ST0(f, 0x3fff, 0x8000000000000002ull);
    ck_assert(C1(f));
    /* FSQRT(2) at 64 bits: B504F333F9DE6484|597D89B3... rounds down. */
    f = two(0x037f, TWO, ONE);
    x87_unary(&f, X87_FSQRT);
    ASSERT_ST0(f, 0x3fff, 0xb504f333f9de6484ull);
    ck_assert_uint_eq(FLAGS(f), FPX_PE);
    ck_assert(!C1(f));
}
END_TEST

/* SDM Vol. 1, Table 4-10: masked overflow by RC and sign; unmasked: the
 * exponent biased by -24576 (8.5.4). */
START_TEST(overflow)
{
    struct fp80 big = fp80_make(0x7ffe, 0xc000000000000000ull);
    static const struct { unsigned rc; bool neg; bool inf; } cases[] = {
        { FP_RC_NEAREST, false, true }, { FP_RC_ZERO, false, false },
        { FP_RC_UP, false, true }, { FP_RC_DOWN, false, false },
        { FP_RC_UP, true, false }, { FP_RC_DOWN, true, true },
    };
    for (unsigned k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct fp80 a = big;
        if (cases[k].neg)
            a.sexp |= 0x8000;
        struct fpu_state f = arith((uint16_t)(0x037f | cases[k].rc << 10), X87_FMUL, a, TWO);
        uint16_t s = cases[k].neg ? 0x8000 : 0;
        if (cases[k].inf)
            ASSERT_ST0(f, s | 0x7fff, 0x8000000000000000ull);
        else
            ASSERT_ST0(f, s | 0x7ffe, 0xffffffffffffffffull);
        ck_assert_uint_eq(FLAGS(f), FPX_OE | FPX_PE);
        ck_assert_int_eq(C1(f), cases[k].inf);
    }
    /* PC 24: the largest finite value has 24 one bits. */
    struct fpu_state f = arith(0x0c7f, X87_FMUL, big, TWO);    /* RC zero, PC 24 */
    ASSERT_ST0(f, 0x7ffe, 0xffffff0000000000ull);
    /* Unmasked: 1.5 * 2^16384, biased: exponent 16384 + 16383 - 24576. */
    f = arith(0x0377, X87_FMUL, big, TWO);
    ASSERT_ST0(f, 0x7fff - 24576, 0xc000000000000000ull);
    ck_assert_uint_eq(FLAGS(f), FPX_OE);
    ck_assert(f.sw & FPSW_ES);
    /* Stores: masked overflow of m32 gives infinity; unmasked stores nothing. */
    f = two(0x037f, fp80_make(0x3fff + 128, 1ull << 63), ONE);
    uint8_t out[10] = { 0 };
    ck_assert(x87_fst(&f, X87_M32F, out, false));
    ck_assert_uint_eq(load_le32(out), 0x7f800000u);
    f = two(0x0377, fp80_make(0x3fff + 128, 1ull << 63), ONE);
    ck_assert(!x87_fst(&f, X87_M32F, out, true));
    ck_assert_uint_eq(x87_top(&f), 6);                          /* not popped */
    ck_assert_uint_eq(FLAGS(f), FPX_OE);
}
END_TEST

/* FPREM/FPREM1 (SDM Vol. 2): quotient bits Q2 Q1 Q0 in C0 C3 C1, C2 for
 * an incomplete reduction. */
START_TEST(fprem_condition_codes)
{
    struct fp80 seven = fp80_make(0x4001, 0xe000000000000000ull);
    struct fpu_state f = two(0x037f, seven, TWO);
    x87_binary(&f, X87_FPREM);                                  /* 7 = 3*2 + 1 */
    ASSERT_ST0(f, 0x3fff, 0x8000000000000000ull);
    ck_assert_uint_eq(f.sw & FPSW_CC, FPSW_C3 | FPSW_C1);      /* Q = 011 */
    f = two(0x037f, seven, TWO);
    x87_binary(&f, X87_FPREM1);                                 /* 3.5 rounds to 4: 7 - 8 */
    ASSERT_ST0(f, 0xbfff, 0x8000000000000000ull);
    ck_assert_uint_eq(f.sw & FPSW_CC, FPSW_C0);                /* Q = 100 */
    struct fp80 five = fp80_make(0x4001, 0xa000000000000000ull);
    f = two(0x037f, five, TWO);
    x87_binary(&f, X87_FPREM1);                                 /* 2.5 rounds to 2: 5 - 4 */
    ASSERT_ST0(f, 0x3fff, 0x8000000000000000ull);
    ck_assert_uint_eq(f.sw & FPSW_CC, FPSW_C3);                /* Q = 010 */
    /* Exponent difference >= 64: a partial remainder, C2 = 1; the
     * exponent drops by N = 32 + (D mod 32) (measured on hardware):
     * (2^64 - 1) * 2^1 mod 1 at D = 64 leaves 2^32 - 2. */
    f = two(0x037f, fp80_make(0x3fff + 64, ~0ull), ONE);
    x87_binary(&f, X87_FPREM);
    ASSERT_ST0(f, 0x3fff + 31, 0xfffffffe00000000ull);
    ck_assert_uint_eq(f.sw & FPSW_CC, FPSW_C2);
    x87_binary(&f, X87_FPREM);
    ASSERT_ST0(f, 0x0000, 0);
    ck_assert_uint_eq(f.sw & FPSW_CC, FPSW_C3 | FPSW_C0);      /* Q = 2^32 - 2: 110 */
    /* Zero divisor or infinite dividend: invalid. */
    f = two(0x037f, ONE, fp80_zero(false));
    x87_binary(&f, X87_FPREM);
    ck_assert_uint_eq(FLAGS(f), FPX_IE);
}
END_TEST

START_TEST(integer_and_bcd_stores)
{
    static const struct { struct fp80 v; uint16_t cw; enum x87_mfmt fmt; uint64_t out; uint16_t flags; } cases[] = {
        { { 0x8000000000000000ull, 0x400e }, 0x037f, X87_M16I, 0x8000, FPX_IE },   /* 32768 */
        { { 0x8000000000000000ull, 0xc00e }, 0x037f, X87_M16I, 0x8000, 0 },        /* -32768 */
        { { 0xa000000000000000ull, 0x4000 }, 0x037f, X87_M32I, 2, FPX_PE },        /* 2.5 RN */
        { { 0xa000000000000000ull, 0xc000 }, 0x037f, X87_M32I, 0xfffffffe, FPX_PE },
        { { 0xa000000000000000ull, 0xc000 }, 0x077f, X87_M32I, 0xfffffffd, FPX_PE }, /* RD */
        { { 0xa000000000000000ull, 0x4000 }, 0x0b7f, X87_M32I, 3, FPX_PE },        /* RU */
        { { 0x8000000000000000ull, 0x403e }, 0x037f, X87_M64I, 0x8000000000000000ull, FPX_IE },
        { { 0x8000000000000000ull, 0xc03e }, 0x037f, X87_M64I, 0x8000000000000000ull, 0 },
        { { 0xc000000000000000ull, 0x7fff }, 0x037f, X87_M32I, 0x80000000u, FPX_IE }, /* NaN */
    };
    for (unsigned k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct fpu_state f = two(cases[k].cw, cases[k].v, ONE);
        uint8_t out[10] = { 0 };
        ck_assert(x87_fst(&f, cases[k].fmt, out, false));
        unsigned n = x87_mfmt_size(cases[k].fmt);
        uint64_t v = 0;
        for (unsigned i = n; i-- > 0;)
            v = v << 8 | out[i];
        ck_assert_uint_eq(v, cases[k].out);
        ck_assert_uint_eq(FLAGS(f), cases[k].flags);
    }
    /* FBSTP: 10^18 overflows to the packed BCD indefinite FFFF C000 0...0. */
    struct fpu_state f = two(0x037f, fp80_make(0x403a, 0xde0b6b3a76400000ull), ONE);
    uint8_t out[10];
    ck_assert(x87_fst(&f, X87_M80BCD, out, true));
    static const uint8_t bcd_indef[10] = { 0, 0, 0, 0, 0, 0, 0, 0xc0, 0xff, 0xff };
    ck_assert_mem_eq(out, bcd_indef, 10);
    ck_assert_uint_eq(FLAGS(f), FPX_IE);
    /* -123456789012345678.75 rounds (RN) to -123456789012345679. */
    f = two(0x037f, fp80_make(0xc037, 0xdb4da5d31879a760ull), ONE);
    ck_assert(x87_fst(&f, X87_M80BCD, out, true));
    static const uint8_t bcd[10] = { 0x79, 0x56, 0x34, 0x12, 0x90, 0x78, 0x56, 0x34, 0x12, 0x80 };
    ck_assert_mem_eq(out, bcd, 10);
    /* FBLD reads it back (exactly: 18 digits fit 64 bits). */
    x87_finit(&f);
    struct fp_unp m = fp_unpack_bcd(bcd);
    x87_fld(&f, &m);
    ASSERT_ST0(f, 0xc037, 0xdb4da5d31879a780ull);
}
END_TEST

START_TEST(stack_faults)
{
    /* Overflow: ST(7) in use; masked: TOP-1 and the indefinite, C1 = 1. */
    struct fpu_state f;
    memset(&f, 0, sizeof f);
    x87_finit(&f);
    for (int i = 0; i < 8; i++)
        x87_fld_const(&f, FPK_ONE);
    x87_fld_const(&f, FPK_PI);
    ck_assert_uint_eq(x87_top(&f), 7);
    ASSERT_ST0(f, 0xffff, 0xc000000000000000ull);
    ck_assert_uint_eq(FLAGS(f), FPX_IE | FPX_SF);
    ck_assert(C1(f));
    /* Underflow: an empty operand, C1 = 0; unmasked, nothing changes. */
    x87_finit(&f);
    x87_fldcw(&f, 0x037e);
    struct fp_unp one = fp_unpack(ONE);
    f.sw |= FPSW_C1;
    x87_arith(&f, X87_FADD, 0, &one, false, false);
    ck_assert_uint_eq(FLAGS(f), FPX_IE | FPX_SF);
    ck_assert(!C1(f));
    ck_assert_uint_eq(f.tw, 0xffff);
    ck_assert(f.sw & FPSW_ES);
    /* FXCH with an empty register, masked: both become the indefinite. */
    x87_finit(&f);
    x87_fld_const(&f, FPK_ONE);
    x87_fxch(&f, 3);
    ASSERT_ST0(f, 0xffff, 0xc000000000000000ull);
    ck_assert_uint_eq(x87_st(&f, 3).mant, 0x8000000000000000ull);
    ck_assert_uint_eq(FLAGS(f), FPX_IE | FPX_SF);
}
END_TEST

/* 387+ constants follow RC (the x87 holds 66 bits and rounds them). */
START_TEST(constants)
{
    static const struct { enum fp_const k; unsigned rc; uint16_t se; uint64_t m; } cases[] = {
        { FPK_PI, FP_RC_NEAREST, 0x4000, 0xc90fdaa22168c235ull },
        { FPK_PI, FP_RC_DOWN, 0x4000, 0xc90fdaa22168c234ull },
        { FPK_PI, FP_RC_ZERO, 0x4000, 0xc90fdaa22168c234ull },
        { FPK_PI, FP_RC_UP, 0x4000, 0xc90fdaa22168c235ull },
        { FPK_L2T, FP_RC_NEAREST, 0x4000, 0xd49a784bcd1b8afeull },
        { FPK_L2T, FP_RC_UP, 0x4000, 0xd49a784bcd1b8affull },
        { FPK_L2E, FP_RC_NEAREST, 0x3fff, 0xb8aa3b295c17f0bcull },
        { FPK_L2E, FP_RC_ZERO, 0x3fff, 0xb8aa3b295c17f0bbull },
        { FPK_LG2, FP_RC_NEAREST, 0x3ffd, 0x9a209a84fbcff799ull },
        { FPK_LN2, FP_RC_NEAREST, 0x3ffe, 0xb17217f7d1cf79acull },
        { FPK_LN2, FP_RC_DOWN, 0x3ffe, 0xb17217f7d1cf79abull },
        { FPK_ONE, FP_RC_UP, 0x3fff, 0x8000000000000000ull },
        { FPK_ZERO, FP_RC_UP, 0x0000, 0 },
    };
    for (unsigned k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct fpu_state f;
        memset(&f, 0, sizeof f);
        x87_finit(&f);
        x87_fldcw(&f, (uint16_t)(0x037f | cases[k].rc << 10));
        x87_fld_const(&f, cases[k].k);
        ASSERT_ST0(f, cases[k].se, cases[k].m);
        ck_assert_uint_eq(FLAGS(f), 0);                         /* no PE for constants */
    }
}
END_TEST

START_TEST(fxam_classes)                            /* SDM Vol. 2, FXAM */
{
    static const struct { struct fp80 v; uint16_t cc; } cases[] = {
        { { 0x4000000000000000ull, 0x3fff }, 0 },                           /* unnormal */
        { { 0, 0x7fff }, 0 },                                              /* pseudo-inf */
        { { 0xc000000000000000ull, 0xffff }, FPSW_C1 | FPSW_C0 },          /* -NaN */
        { { 0x8000000000000000ull, 0x3fff }, FPSW_C2 },                    /* normal */
        { { 0x8000000000000000ull, 0xffff }, FPSW_C1 | FPSW_C2 | FPSW_C0 }, /* -inf */
        { { 0, 0x0000 }, FPSW_C3 },                                        /* zero */
        { { 1, 0x8000 }, FPSW_C3 | FPSW_C2 | FPSW_C1 },                    /* -denormal */
        { { 0x8000000000000001ull, 0 }, FPSW_C3 | FPSW_C2 },               /* pseudo-denormal */
    };
    for (unsigned k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct fpu_state f = two(0x037f, cases[k].v, ONE);
        x87_unary(&f, X87_FXAM);
        ck_assert_uint_eq(f.sw & FPSW_CC, cases[k].cc);
        ck_assert_uint_eq(FLAGS(f), 0);
    }
    struct fpu_state f;
    memset(&f, 0, sizeof f);
    x87_finit(&f);
    x87_unary(&f, X87_FXAM);                                    /* empty: 101 */
    ck_assert_uint_eq(f.sw & (FPSW_C3 | FPSW_C2 | FPSW_C0), FPSW_C3 | FPSW_C0);
}
END_TEST

/* Protected-mode images: offsets and selectors, FOP in the 32-bit form,
 * FFFFh in reserved halves; FLDENV takes only "empty" from the tag word. */
START_TEST(environment_images)
{
    struct fpu_state f;
    memset(&f, 0, sizeof f);
    x87_finit(&f);
    x87_fld_const(&f, FPK_ZERO);
    x87_fld_const(&f, FPK_ONE);
    f.fip = 0x12345678;
    f.fcs = 0x0008;
    f.fdp = 0x9abcdef0;
    f.fds = 0x0010;
    f.fop = 0x1ee;
    uint8_t img[28];
    x87_env_store(&f, X87_ENV_PROT32, img);
    ck_assert_uint_eq(load_le32(img + 0), 0xffff037fu);
    ck_assert_uint_eq(load_le32(img + 4), 0xffff3000u);        /* TOP 6 */
    ck_assert_uint_eq(load_le32(img + 8), 0xffff4fffu);        /* R7 zero, R6 valid */
    ck_assert_uint_eq(load_le32(img + 12), 0x12345678u);
    ck_assert_uint_eq(load_le32(img + 16), 0x01ee0008u);
    ck_assert_uint_eq(load_le32(img + 20), 0x9abcdef0u);
    ck_assert_uint_eq(load_le32(img + 24), 0xffff0010u);
    x87_env_store(&f, X87_ENV_PROT16, img);
    ck_assert_uint_eq(load_le16(img + 4), 0x4fff);
    ck_assert_uint_eq(load_le16(img + 6), 0x5678);
    ck_assert_uint_eq(load_le16(img + 8), 0x0008);
    ck_assert_uint_eq(load_le16(img + 10), 0xdef0);
    ck_assert_uint_eq(load_le16(img + 12), 0x0010);
    /* Load with tags claiming "special" for R7 and R6: only non-empty is
     * taken, the tags follow the contents (R7 zero, R6 valid). */
    store_le16(img + 4, 0xafff);
    store_le16(img + 2, 0x0001);                                /* IE pending */
    struct fpu_state g = f;
    x87_env_load(&g, X87_ENV_PROT16, img);
    ck_assert_uint_eq(g.tw, 0x4fff);                            /* from the contents */
    ck_assert_uint_eq(g.sw & (FPSW_ES | FPSW_B), 0);            /* IE masked */
    store_le16(img + 0, 0x037e);
    x87_env_load(&g, X87_ENV_PROT16, img);
    ck_assert_uint_eq(g.sw & (FPSW_ES | FPSW_B), FPSW_ES | FPSW_B);
    /* FLDCW keeps bits 0-5 and 8-12, forces bit 6. */
    x87_fldcw(&g, 0xffff);
    ck_assert_uint_eq(g.cw, 0x1f7f);
    x87_fldcw(&g, 0x0000);
    ck_assert_uint_eq(g.cw, 0x0040);
}
END_TEST

/* u128_div64 (and its portable form, which hosts without a 128-bit type
 * use) against restoring division, bit by bit. */
START_TEST(u128_division)
{
    uint64_t s = 0x243f6a8885a308d3ull;
    for (int k = 0; k < 20000; k++) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        uint64_t d = s >> (k % 64) | 1, lo = s * 0x9e3779b97f4a7c15ull;
        uint64_t hi = (s * 31) % d;
        uint64_t r, q = u128_div64(hi, lo, d, &r);
        uint64_t rq = 0, rr = hi;
        for (int i = 63; i >= 0; i--) {
            bool top = rr >> 63;
            rr = rr << 1 | ((lo >> i) & 1);
            rq <<= 1;
            if (top || rr >= d) {
                rr -= d;
                rq |= 1;
            }
        }
        ck_assert_uint_eq(q, rq);
        ck_assert_uint_eq(r, rr);
        q = u128_div64_portable(hi, lo, d, &r);
        ck_assert_uint_eq(q, rq);
        ck_assert_uint_eq(r, rr);
    }
}
END_TEST

/* The builtin-backed clz64 and u128_mul64 against their portable forms:
 * every single-bit and all-ones-below value, then random products checked
 * also through (a * b) mod 2^64 and the schoolbook high word. */
START_TEST(u128_builtins_match_portable)
{
    ck_assert_uint_eq(clz64(0), 64);
    ck_assert_uint_eq(clz64_portable(0), 64);
    for (unsigned i = 0; i < 64; i++) {
        ck_assert_uint_eq(clz64(1ull << i), 63 - i);
        ck_assert_uint_eq(clz64_portable(1ull << i), 63 - i);
        ck_assert_uint_eq(clz64((1ull << i) | ((1ull << i) - 1)), 63 - i);
        ck_assert_uint_eq(clz64_portable((1ull << i) | ((1ull << i) - 1)), 63 - i);
    }
    uint64_t s = 0x9e3779b97f4a7c15ull;
    for (int k = 0; k < 20000; k++) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        uint64_t a = s, b = s * 0xd6e8feb86659fd93ull >> (k % 64);
        if (k % 7 == 0)
            a = ~0ull;                                          /* the carries' worst case */
        struct u128 p = u128_mul64(a, b), q = u128_mul64_portable(a, b);
        ck_assert_uint_eq(p.hi, q.hi);
        ck_assert_uint_eq(p.lo, q.lo);
        ck_assert_uint_eq(p.lo, a * b);
        ck_assert_uint_eq(clz64(b), clz64_portable(b));
        ck_assert_uint_eq(u128_clz(p), p.hi ? clz64_portable(p.hi) : 64 + clz64_portable(p.lo));
    }
}
END_TEST

/* fp_sqrt_sig's root against its definition: s = floor(sqrt(n)) for the
 * radicand n = mant * 2^63 or 2^64 (exponent even or odd), the half bit
 * set exactly when (s + 1/2)^2 <= n, the sticky bit when n != s^2. */
START_TEST(sqrt_root_is_floor)
{
    uint64_t s = 0x2545f4914f6cdd1dull;
    for (int k = 0; k < 200000; k++) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        uint64_t m = (s | 1ull << 63) >> (k % 3 == 0 ? 40 : 0) << (k % 3 == 0 ? 40 : 0);
        if (k < 64)
            m = ~0ull << k;                                     /* the top of the range */
        int32_t ea = k & 1 ? 1 : 0, exp;
        struct u128 n = ea ? u128_make(m, 0) : u128_make(m >> 1, m << 63);
        struct u128 sig = fp_sqrt_sig(ea, m, &exp);
        uint64_t r = sig.hi;
        struct u128 sq = u128_mul64(r, r), rem = u128_sub(n, sq);
        ck_assert(u128_cmp(sq, n) <= 0);                        /* s^2 <= n */
        if (r != ~0ull) {                                       /* n < (s + 1)^2 */
            struct u128 next = u128_add(sq, u128_make(0, 2 * r + 1));
            ck_assert(u128_cmp(n, next) < 0 || (2 * r + 1 < r));
        }
        bool is_half = u128_cmp(rem, u128_make(0, r)) > 0;      /* rem > s */
        ck_assert_int_eq((sig.lo >> 63) != 0, is_half);
        ck_assert_int_eq((sig.lo & 1) != 0, !u128_is_zero(rem));
        ck_assert_int_eq(exp, 0);
    }
}
END_TEST

static Suite *fpu_suite(void)
{
    Suite *s = suite_create("fpu");
    TCase *tc = tcase_create("rules");
    tcase_add_test(tc, signed_zeros);
    tcase_add_test(tc, infinities);
    tcase_add_test(tc, nan_rules);
    tcase_add_test(tc, denormals);
    tcase_add_test(tc, precision_and_rounding);
    tcase_add_test(tc, overflow);
    tcase_add_test(tc, fprem_condition_codes);
    tcase_add_test(tc, integer_and_bcd_stores);
    tcase_add_test(tc, stack_faults);
    tcase_add_test(tc, constants);
    tcase_add_test(tc, fxam_classes);
    tcase_add_test(tc, environment_images);
    tcase_add_test(tc, u128_division);
    tcase_add_test(tc, u128_builtins_match_portable);
    tcase_add_test(tc, sqrt_root_is_floor);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fpu_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
