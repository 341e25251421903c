/* tests/unit/test_fpu_trans.c: FSIN FCOS FPTAN FPATAN F2XM1 FYL2X FYL2XP1
 * against exact values (tests/unit/fpu_trans_vectors.inc, computed by
 * tests/fpu_gen/gen_trans.py with mpmath at 600 bits and rounded per RC):
 * the result bits, PE, UE, DE and C1 must all match, so the emulator's
 * transcendentals are correctly rounded for these inputs (the SDM only
 * promises < 1 ulp).  Also the argument-range rules: |x| >= 2^63 leaves
 * the operand with C2 = 1, FPTAN pushes 1.0, FSINCOS leaves cos on top. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "fpu/x87.h"

enum { TOP_SIN, TOP_COS, TOP_TAN, TOP_ATAN, TOP_F2XM1, TOP_YL2X, TOP_YL2XP1 };

struct trans_vec {
    uint8_t op, rc;
    uint16_t a_se;
    uint64_t a_m;
    uint16_t b_se;
    uint64_t b_m;
    uint16_t r_se;
    uint64_t r_m;
    uint16_t sw;                /* PE UE DE and C1 */
};

static const struct trans_vec tvec[] = {
#include "tests/unit/fpu_trans_vectors.inc"
};

static const char *const top_name[] = { "FSIN", "FCOS", "FPTAN", "FPATAN", "F2XM1", "FYL2X",
                                        "FYL2XP1" };

/* FINIT, RC as given, ST(1) = b, ST(0) = a. */
static void setup(struct fpu_state *f, unsigned rc, struct fp80 a, struct fp80 b)
{
    x87_finit(f);
    x87_fldcw(f, (uint16_t)(0x037f | rc << 10));
    x87_fld_m80(f, b);
    x87_fld_m80(f, a);
}

START_TEST(matches_exact_values)                    /* _i = TOP_* */
{
    unsigned total = 0, bad = 0;
    for (size_t k = 0; k < sizeof tvec / sizeof tvec[0]; k++) {
        const struct trans_vec *v = &tvec[k];
        if (v->op != _i)
            continue;
        struct fpu_state f;
        setup(&f, v->rc, fp80_make(v->a_se, v->a_m), fp80_make(v->b_se, v->b_m));
        struct fp80 r;
        switch (v->op) {
        case TOP_SIN: x87_unary(&f, X87_FSIN); r = x87_st(&f, 0); break;
        case TOP_COS: x87_unary(&f, X87_FCOS); r = x87_st(&f, 0); break;
        case TOP_TAN:
            x87_push2(&f, X87_FPTAN);
            ck_assert_uint_eq(x87_st(&f, 0).sexp, 0x3fff);          /* 1.0 pushed */
            ck_assert_uint_eq(x87_st(&f, 0).mant, 1ull << 63);
            r = x87_st(&f, 1);
            break;
        case TOP_ATAN: x87_binary(&f, X87_FPATAN); r = x87_st(&f, 0); break;
        case TOP_F2XM1: x87_unary(&f, X87_F2XM1); r = x87_st(&f, 0); break;
        case TOP_YL2X: x87_binary(&f, X87_FYL2X); r = x87_st(&f, 0); break;
        default: x87_binary(&f, X87_FYL2XP1); r = x87_st(&f, 0); break;
        }
        total++;
        uint16_t got = f.sw & (FPX_MASKABLE | FPSW_C1 | FPSW_C2);
        if (r.sexp != v->r_se || r.mant != v->r_m || got != v->sw) {
            if (bad < 8)
                fprintf(stderr, "%s rc=%u a=%04x:%016llx b=%04x:%016llx: want %04x:%016llx "
                        "sw %04x, got %04x:%016llx sw %04x\n", top_name[v->op], v->rc, v->a_se,
                        (unsigned long long)v->a_m, v->b_se, (unsigned long long)v->b_m, v->r_se,
                        (unsigned long long)v->r_m, v->sw, r.sexp, (unsigned long long)r.mant,
                        got);
            bad++;
        }
    }
    ck_assert_uint_gt(total, 100);
    ck_assert_msg(bad == 0, "%s: %u of %u differ", top_name[_i], bad, total);
}
END_TEST

/* SDM Vol. 2, FSIN/FCOS/FSINCOS/FPTAN: |x| >= 2^63 sets C2 and leaves ST(0). */
START_TEST(out_of_range_sets_c2)
{
    static const enum x87_unary un[] = { X87_FSIN, X87_FCOS };
    struct fp80 big = fp80_make(0x3fff + 63, 0x8000000000000001ull);
    for (unsigned k = 0; k < 4; k++) {
        struct fpu_state f;
        setup(&f, 0, big, fp80_zero(false));
        if (k < 2)
            x87_unary(&f, un[k]);
        else
            x87_push2(&f, k == 2 ? X87_FPTAN : X87_FSINCOS);
        ck_assert_uint_eq(x87_top(&f), 6);                      /* nothing pushed */
        ck_assert_uint_eq(x87_st(&f, 0).sexp, big.sexp);
        ck_assert_uint_eq(x87_st(&f, 0).mant, big.mant);
        ck_assert(f.sw & FPSW_C2);
        ck_assert_uint_eq(f.sw & FPX_MASKABLE, 0);
    }
    /* Just inside the range: C2 clear, a result. */
    struct fpu_state f;
    setup(&f, 0, fp80_make(0x3fff + 62, ~0ull), fp80_zero(false));
    f.sw |= FPSW_C2;
    x87_unary(&f, X87_FSIN);
    ck_assert(!(f.sw & FPSW_C2));
    ck_assert(f.sw & FPX_PE);
}
END_TEST

/* Infinite arguments are invalid (IE, indefinite, C2 = 0). */
START_TEST(infinity_is_invalid)
{
    struct fpu_state f;
    setup(&f, 0, fp80_inf(true), fp80_zero(false));
    x87_unary(&f, X87_FCOS);
    ck_assert_uint_eq(x87_st(&f, 0).sexp, 0xffff);
    ck_assert_uint_eq(x87_st(&f, 0).mant, 0xc000000000000000ull);
    ck_assert(f.sw & FPX_IE);
    ck_assert(!(f.sw & FPSW_C2));
}
END_TEST

/* FSINCOS: ST(1) = sin, ST(0) = cos; sin(+-0) = +-0 and cos(0) = 1 exactly. */
START_TEST(fsincos_order_and_zero)
{
    struct fpu_state f;
    setup(&f, 0, fp80_zero(true), fp80_zero(false));
    x87_push2(&f, X87_FSINCOS);
    ck_assert_uint_eq(x87_top(&f), 5);
    ck_assert_uint_eq(x87_st(&f, 0).sexp, 0x3fff);
    ck_assert_uint_eq(x87_st(&f, 0).mant, 1ull << 63);
    ck_assert_uint_eq(x87_st(&f, 1).sexp, 0x8000);
    ck_assert_uint_eq(x87_st(&f, 1).mant, 0);
    ck_assert_uint_eq(f.sw & FPX_MASKABLE, 0);
    /* The same values as FSIN and FCOS separately, for 1.0. */
    struct fp80 one = fp80_make(0x3fff, 1ull << 63);
    struct fpu_state g;
    setup(&f, 0, one, fp80_zero(false));
    x87_push2(&f, X87_FSINCOS);
    setup(&g, 0, one, fp80_zero(false));
    x87_unary(&g, X87_FSIN);
    ck_assert_uint_eq(x87_st(&f, 1).mant, x87_st(&g, 0).mant);
    ck_assert_uint_eq(x87_st(&f, 1).mant, 0xd76aa47848677021ull);   /* sin 1 (pi/p ~ 1) */
    setup(&g, 0, one, fp80_zero(false));
    x87_unary(&g, X87_FCOS);
    ck_assert_uint_eq(x87_st(&f, 0).mant, x87_st(&g, 0).mant);
}
END_TEST

/* cos(p/2 + 2^-65) with p the 66-bit pi: the reduction is exact, so the
 * result is -2^-65 * pi/p, which rounds to exactly -2^-65 (x87 hardware
 * returns this too; a 64-bit pi would give a different value). */
START_TEST(reduction_uses_66_bit_pi)
{
    struct fpu_state f;
    setup(&f, 0, fp80_make(0x3fff, 0xc90fdaa22168c235ull), fp80_zero(false));
    x87_unary(&f, X87_FCOS);
    ck_assert_uint_eq(x87_st(&f, 0).sexp, 0xbfbe);
    ck_assert_uint_eq(x87_st(&f, 0).mant, 0x8000000000000000ull);
}
END_TEST

/* F2XM1 beyond [-1, 1]: hardware returns the operand with PE (the SDM
 * calls the result undefined); at -1 it returns -1/2. */
START_TEST(f2xm1_edges)
{
    struct fpu_state f;
    setup(&f, 0, fp80_make(0xbfff, 1ull << 63), fp80_zero(false));
    x87_unary(&f, X87_F2XM1);
    ck_assert_uint_eq(x87_st(&f, 0).sexp, 0xbffe);
    ck_assert_uint_eq(x87_st(&f, 0).mant, 1ull << 63);
    setup(&f, 0, fp80_make(0x3fff, 0xc000000000000000ull), fp80_zero(false));
    x87_unary(&f, X87_F2XM1);
    ck_assert_uint_eq(x87_st(&f, 0).sexp, 0x3fff);
    ck_assert_uint_eq(x87_st(&f, 0).mant, 0xc000000000000000ull);
    ck_assert(f.sw & FPX_PE);
}
END_TEST

/* FYL2X: log2 of +0 is a zero divide giving -inf * sign(y); of 1, a zero. */
START_TEST(fyl2x_table)
{
    struct fpu_state f;
    setup(&f, 0, fp80_zero(false), fp80_make(0x4000, 0xc000000000000000ull));
    x87_binary(&f, X87_FYL2X);
    ck_assert_uint_eq(x87_st(&f, 0).sexp, 0xffff);
    ck_assert_uint_eq(x87_st(&f, 0).mant, 1ull << 63);
    ck_assert(f.sw & FPX_ZE);
    ck_assert_uint_eq(x87_top(&f), 7);
    setup(&f, 0, fp80_make(0x3fff, 1ull << 63), fp80_make(0xc000, 0xc000000000000000ull));
    x87_binary(&f, X87_FYL2X);
    ck_assert_uint_eq(x87_st(&f, 0).sexp, 0x8000);              /* -0 */
    ck_assert_uint_eq(f.sw & FPX_MASKABLE, 0);
    setup(&f, 0, fp80_make(0xbfff, 1ull << 63), fp80_make(0x3fff, 1ull << 63));
    x87_binary(&f, X87_FYL2X);                                  /* log of -1 */
    ck_assert(f.sw & FPX_IE);
}
END_TEST

static Suite *fpu_trans_suite(void)
{
    Suite *s = suite_create("fpu_trans");
    TCase *tc = tcase_create("exact");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, matches_exact_values, TOP_SIN, TOP_YL2XP1 + 1);
    tcase_add_test(tc, out_of_range_sets_c2);
    tcase_add_test(tc, infinity_is_invalid);
    tcase_add_test(tc, fsincos_order_and_zero);
    tcase_add_test(tc, reduction_uses_66_bit_pi);
    tcase_add_test(tc, f2xm1_edges);
    tcase_add_test(tc, fyl2x_table);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fpu_trans_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
