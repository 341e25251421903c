/* tests/unit/test_cpu_desc.c: the protected-mode descriptor instructions
 * LAR, LSL, VERR, VERW and ARPL (SDM Vol. 2): valid and invalid selectors
 * (null, beyond the GDT limit, a descriptor type they do not accept), the
 * RPL and DPL checks, 16- and 32-bit operand sizes, a memory operand, and
 * #UD in real mode.  LAR's bits 16-19 (limit 19:16, "X" in the SDM's mask
 * 00FxFF00h) are left unchecked. */
#include <check.h>

#include "tests/unit/cputest.h"

#define R(b, r) (b->c->gpr[REG_##r])

/* Extra GDT entries: 40h an available 32-bit TSS (base 5000h, limit 67h),
 * 48h execute-only code, 50h read/write data with DPL 3. */
static void more_descriptors(struct bench *b)
{
    bench_desc(b, PM_GDT, 8, 0x5000, 0x67, 0x89, 0x0);
    bench_desc(b, PM_GDT, 9, 0, 0xfffff, 0x98, 0xc);
    bench_desc(b, PM_GDT, 10, 0, 0xfffff, 0xf2, 0xc);
    b->c->gdtr.limit = 11 * 8 - 1;
}

static const uint8_t lar_data[] = {
    0x66, 0xB8, 0x10, 0x00,                  /* mov ax, 0x10 */
    0x0F, 0x02, 0xD8,                        /* lar ebx, ax */
    0x0F, 0x94, 0xC1,                        /* setz cl */
    0x66, 0x0F, 0x02, 0xD0,                  /* o16 lar dx, ax */
    0xF4,                                    /* hlt */
};

START_TEST(lar_data_segment)
{
    struct bench *b = bench_new();
    bench_pm32(b);
    more_descriptors(b);
    BENCH_RUN_ALL(b, lar_data);
    ck_assert_uint_eq(R(b, EBX) & 0x00f0ff00u, 0x00c09200u);
    ck_assert_uint_eq(R(b, ECX) & 0xff, 1);
    ck_assert_uint_eq(R(b, EDX) & 0xffff, 0x9200);
    bench_free(b);
}
END_TEST

static const uint8_t lsl_data[] = {
    0x66, 0xB8, 0x10, 0x00,                  /* mov ax, 0x10 */
    0x0F, 0x03, 0xD8,                        /* lsl ebx, ax */
    0x0F, 0x94, 0xC1,                        /* setz cl */
    0x66, 0xB8, 0x30, 0x00,                  /* mov ax, 0x30 */
    0x0F, 0x03, 0xD0,                        /* lsl edx, ax */
    0x66, 0x0F, 0x03, 0xF0,                  /* o16 lsl si, ax */
    0xF4,                                    /* hlt */
};

START_TEST(lsl_scales_page_granular_limit)
{
    struct bench *b = bench_new();
    bench_pm32(b);
    more_descriptors(b);
    BENCH_RUN_ALL(b, lsl_data);
    ck_assert_uint_eq(R(b, EBX), 0xffffffffu);
    ck_assert_uint_eq(R(b, ECX) & 0xff, 1);
    ck_assert_uint_eq(R(b, EDX), 0xfff);
    ck_assert_uint_eq(R(b, ESI) & 0xffff, 0xfff);
    bench_free(b);
}
END_TEST

static const uint8_t lar_lsl_tss[] = {
    0x66, 0xB8, 0x40, 0x00,                  /* mov ax, 0x40 */
    0x0F, 0x02, 0xD8,                        /* lar ebx, ax */
    0x0F, 0x94, 0xC1,                        /* setz cl */
    0x0F, 0x03, 0xD0,                        /* lsl edx, ax */
    0x0F, 0x94, 0xC5,                        /* setz ch */
    0xF4,                                    /* hlt */
};

START_TEST(lar_lsl_accept_tss)
{
    struct bench *b = bench_new();
    bench_pm32(b);
    more_descriptors(b);
    BENCH_RUN_ALL(b, lar_lsl_tss);
    ck_assert_uint_eq(R(b, EBX) & 0x00f0ff00u, 0x00008900u);
    ck_assert_uint_eq(R(b, EDX), 0x67);
    ck_assert_uint_eq(R(b, ECX) & 0xffff, 0x0101);
    bench_free(b);
}
END_TEST

static const uint8_t lar_lsl_invalid[] = {
    0xBB, 0x11, 0x11, 0x11, 0x11,            /* mov ebx, 0x11111111 */
    0x66, 0xB8, 0x80, 0x00,                  /* mov ax, 0x80 */
    0x0F, 0x02, 0xD8,                        /* lar ebx, ax */
    0x0F, 0x94, 0xC1,                        /* setz cl */
    0x66, 0x31, 0xC0,                        /* xor ax, ax */
    0xBA, 0x22, 0x22, 0x22, 0x22,            /* mov edx, 0x22222222 */
    0x0F, 0x03, 0xD0,                        /* lsl edx, ax */
    0x0F, 0x94, 0xC5,                        /* setz ch */
    0xBE, 0x33, 0x33, 0x33, 0x33,            /* mov esi, 0x33333333 */
    0x66, 0xB8, 0x4C, 0x00,                  /* mov ax, 0x4c */
    0x0F, 0x02, 0xF0,                        /* lar esi, ax */
    0x0F, 0x94, 0xC2,                        /* setz dl */
    0xF4,                                    /* hlt */
};

START_TEST(lar_lsl_refuse_invalid_selectors)
{
    struct bench *b = bench_new();
    bench_pm32(b);
    more_descriptors(b);
    BENCH_RUN_ALL(b, lar_lsl_invalid);
    ck_assert_uint_eq(R(b, EBX), 0x11111111u);
    ck_assert_uint_eq(R(b, EDX) & 0xffff00ffu, 0x22220000u);
    ck_assert_uint_eq(R(b, ECX) & 0xffff, 0);
    ck_assert_uint_eq(R(b, ESI), 0x33333333u);
    bench_free(b);
}
END_TEST

static const uint8_t verr_verw[] = {
    0x66, 0xB8, 0x08, 0x00,                  /* mov ax, 0x08 */
    0x0F, 0x00, 0xE0,                        /* verr ax */
    0x0F, 0x94, 0xC3,                        /* setz bl */
    0x0F, 0x00, 0xE8,                        /* verw ax */
    0x0F, 0x94, 0xC7,                        /* setz bh */
    0x66, 0xB8, 0x38, 0x00,                  /* mov ax, 0x38 */
    0x0F, 0x00, 0xE0,                        /* verr ax */
    0x0F, 0x94, 0xC1,                        /* setz cl */
    0x0F, 0x00, 0xE8,                        /* verw ax */
    0x0F, 0x94, 0xC5,                        /* setz ch */
    0x66, 0xB8, 0x10, 0x00,                  /* mov ax, 0x10 */
    0x0F, 0x00, 0xE0,                        /* verr ax */
    0x0F, 0x94, 0xC2,                        /* setz dl */
    0x0F, 0x00, 0xE8,                        /* verw ax */
    0x0F, 0x94, 0xC6,                        /* setz dh */
    0x66, 0xB8, 0x48, 0x00,                  /* mov ax, 0x48 */
    0x0F, 0x00, 0xE0,                        /* verr ax */
    0x0F, 0x94, 0xC0,                        /* setz al */
    0xF4,                                    /* hlt */
};

START_TEST(verr_verw_by_segment_type)
{
    struct bench *b = bench_new();
    bench_pm32(b);
    more_descriptors(b);
    BENCH_RUN_ALL(b, verr_verw);
    ck_assert_uint_eq(R(b, EBX) & 0xffff, 0x0001);
    ck_assert_uint_eq(R(b, ECX) & 0xffff, 0x0001);
    ck_assert_uint_eq(R(b, EDX) & 0xffff, 0x0101);
    ck_assert_uint_eq(R(b, EAX) & 0xff, 0);
    bench_free(b);
}
END_TEST

static const uint8_t verr_rpl[] = {
    0x66, 0xB8, 0x13, 0x00,                  /* mov ax, 0x13 */
    0x0F, 0x00, 0xE0,                        /* verr ax */
    0x0F, 0x94, 0xC3,                        /* setz bl */
    0x66, 0xB8, 0x53, 0x00,                  /* mov ax, 0x53 */
    0x0F, 0x00, 0xE8,                        /* verw ax */
    0x0F, 0x94, 0xC7,                        /* setz bh */
    0xF4,                                    /* hlt */
};

START_TEST(verr_verw_check_rpl_against_dpl)
{
    struct bench *b = bench_new();
    bench_pm32(b);
    more_descriptors(b);
    BENCH_RUN_ALL(b, verr_rpl);
    ck_assert_uint_eq(R(b, EBX) & 0xffff, 0x0100);
    bench_free(b);
}
END_TEST

static const uint8_t arpl_adjusts[] = {
    0x66, 0xB8, 0x10, 0x00,                  /* mov ax, 0x0010 */
    0x66, 0xBB, 0x03, 0x00,                  /* mov bx, 0x0003 */
    0x63, 0xD8,                              /* arpl ax, bx */
    0x0F, 0x94, 0xC1,                        /* setz cl */
    0x66, 0xBA, 0x13, 0x00,                  /* mov dx, 0x0013 */
    0x63, 0xDA,                              /* arpl dx, bx */
    0x0F, 0x94, 0xC5,                        /* setz ch */
    0xF4,                                    /* hlt */
};

START_TEST(arpl_raises_rpl)
{
    struct bench *b = bench_new();
    bench_pm32(b);
    more_descriptors(b);
    BENCH_RUN_ALL(b, arpl_adjusts);
    ck_assert_uint_eq(R(b, EAX) & 0xffff, 0x0013);
    ck_assert_uint_eq(R(b, EDX) & 0xffff, 0x0013);
    ck_assert_uint_eq(R(b, ECX) & 0xffff, 0x0001);
    bench_free(b);
}
END_TEST

static const uint8_t lar_from_memory[] = {
    0x66, 0xC7, 0x05, 0x00, 0x20, 0x00, 0x00, 0x40, 0x00, /* mov word [0x2000], 0x0040 */
    0x0F, 0x02, 0x1D, 0x00, 0x20, 0x00, 0x00, /* lar ebx, [0x2000] */
    0x0F, 0x94, 0xC1,                        /* setz cl */
    0xF4,                                    /* hlt */
};

START_TEST(lar_memory_operand)
{
    struct bench *b = bench_new();
    bench_pm32(b);
    more_descriptors(b);
    BENCH_RUN_ALL(b, lar_from_memory);
    ck_assert_uint_eq(R(b, EBX) & 0x00f0ff00u, 0x00008900u);
    ck_assert_uint_eq(R(b, ECX) & 0xff, 1);
    bench_free(b);
}
END_TEST

static const uint8_t lar_real_ud[] = {
    0xB8, 0x10, 0x00,                        /* mov ax, 0x10 */
    0x0F, 0x02, 0xD8,                        /* lar bx, ax */
    0xF4,                                    /* hlt */
};

START_TEST(lar_is_ud_in_real_mode)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, lar_real_ud);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_UD);
    bench_free(b);
}
END_TEST

static const uint8_t verr_real_ud[] = {
    0x0F, 0x00, 0xE0,                        /* verr ax */
    0xF4,                                    /* hlt */
};

START_TEST(verr_is_ud_in_real_mode)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, verr_real_ud);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_UD);
    bench_free(b);
}
END_TEST

static const uint8_t arpl_real_ud[] = {
    0x63, 0xD8,                              /* arpl ax, bx */
    0xF4,                                    /* hlt */
};

START_TEST(arpl_is_ud_in_real_mode)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, arpl_real_ud);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_UD);
    bench_free(b);
}
END_TEST

static Suite *desc_suite(void)
{
    Suite *s = suite_create("cpu_desc");
    TCase *tc = tcase_create("desc");
    tcase_add_test(tc, lar_data_segment);
    tcase_add_test(tc, lsl_scales_page_granular_limit);
    tcase_add_test(tc, lar_lsl_accept_tss);
    tcase_add_test(tc, lar_lsl_refuse_invalid_selectors);
    tcase_add_test(tc, verr_verw_by_segment_type);
    tcase_add_test(tc, verr_verw_check_rpl_against_dpl);
    tcase_add_test(tc, arpl_raises_rpl);
    tcase_add_test(tc, lar_memory_operand);
    tcase_add_test(tc, lar_is_ud_in_real_mode);
    tcase_add_test(tc, verr_is_ud_in_real_mode);
    tcase_add_test(tc, arpl_is_ud_in_real_mode);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(desc_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
