/* tests/unit/test_cpu_muldiv.c: MUL, IMUL (one-, two- and three-operand
 * forms), DIV and IDIV with 32-bit operands (66h in real mode), the 8- and
 * 16-bit forms that must keep the rest of the registers, and #DE for a
 * quotient that does not fit (a fault: registers unchanged, the frame's IP
 * is the divide's own).  Per SDM Vol. 2: CF = OF report a significant upper
 * half; SF ZF AF PF are undefined after MUL/IMUL and every flag after
 * DIV/IDIV, so those are not checked. */
#include <check.h>

#include "tests/unit/cputest.h"

#define CF_OF(b) (bench_flags(b) & (EFLAGS_CF | EFLAGS_OF))
#define BEFORE_HLT(arr, back) (CODE_IP + sizeof(arr) - 1 - (back))

static const uint8_t mul32_full[] = {
    0x66, 0xB8, 0xFF, 0xFF, 0xFF, 0xFF,      /* mov eax, 0xffffffff */
    0x66, 0xB9, 0xFF, 0xFF, 0xFF, 0xFF,      /* mov ecx, 0xffffffff */
    0x66, 0xF7, 0xE1,                        /* mul ecx */
    0xF4,                                    /* hlt */
};

START_TEST(mul32_full_width_product)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, mul32_full);
    ck_assert_uint_eq(b->c->gpr[REG_EDX], 0xfffffffeu);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 1);
    ck_assert_uint_eq(CF_OF(b), EFLAGS_CF | EFLAGS_OF);
    bench_free(b);
}
END_TEST

static const uint8_t mul32_small[] = {
    0x66, 0xB8, 0x02, 0x00, 0x00, 0x00,      /* mov eax, 2 */
    0x66, 0xB9, 0x03, 0x00, 0x00, 0x00,      /* mov ecx, 3 */
    0x66, 0xBA, 0x78, 0x56, 0x34, 0x12,      /* mov edx, 0x12345678 */
    0x66, 0xF7, 0xE1,                        /* mul ecx */
    0xF4,                                    /* hlt */
};

START_TEST(mul32_small_clears_edx_cf_of)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, mul32_small);
    ck_assert_uint_eq(b->c->gpr[REG_EDX], 0);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 6);
    ck_assert_uint_eq(CF_OF(b), 0);
    bench_free(b);
}
END_TEST

static const uint8_t mul8[] = {
    0xB8, 0x80, 0x55,                        /* mov ax, 0x5580 */
    0xB3, 0x02,                              /* mov bl, 2 */
    0xF6, 0xE3,                              /* mul bl */
    0xF4,                                    /* hlt */
};

START_TEST(mul8_writes_ax)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, mul8);
    ck_assert_uint_eq(b->c->gpr[REG_EAX] & 0xffff, 0x0100);
    ck_assert_uint_eq(CF_OF(b), EFLAGS_CF | EFLAGS_OF);
    bench_free(b);
}
END_TEST

static const uint8_t imul32_fits[] = {
    0x66, 0xB8, 0xFE, 0xFF, 0xFF, 0xFF,      /* mov eax, -2 */
    0x66, 0xB9, 0x03, 0x00, 0x00, 0x00,      /* mov ecx, 3 */
    0x66, 0xF7, 0xE9,                        /* imul ecx */
    0xF4,                                    /* hlt */
};

START_TEST(imul32_one_operand_fits)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, imul32_fits);
    ck_assert_uint_eq(b->c->gpr[REG_EDX], 0xffffffffu);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0xfffffffau);
    ck_assert_uint_eq(CF_OF(b), 0);
    bench_free(b);
}
END_TEST

static const uint8_t imul32_overflow[] = {
    0x66, 0xB8, 0x00, 0x00, 0x00, 0x40,      /* mov eax, 0x40000000 */
    0x66, 0xB9, 0x04, 0x00, 0x00, 0x00,      /* mov ecx, 4 */
    0x66, 0xF7, 0xE9,                        /* imul ecx */
    0xF4,                                    /* hlt */
};

START_TEST(imul32_one_operand_overflows)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, imul32_overflow);
    ck_assert_uint_eq(b->c->gpr[REG_EDX], 1);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0);
    ck_assert_uint_eq(CF_OF(b), EFLAGS_CF | EFLAGS_OF);
    bench_free(b);
}
END_TEST

static const uint8_t imul_r32_rm32[] = {
    0x66, 0xB8, 0x00, 0x00, 0x01, 0x00,      /* mov eax, 0x10000 */
    0x66, 0xB9, 0x00, 0x00, 0x01, 0x00,      /* mov ecx, 0x10000 */
    0x66, 0x0F, 0xAF, 0xC1,                  /* imul eax, ecx */
    0xF4,                                    /* hlt */
};

START_TEST(imul_two_operand_truncates)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, imul_r32_rm32);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0);
    ck_assert_uint_eq(CF_OF(b), EFLAGS_CF | EFLAGS_OF);
    bench_free(b);
}
END_TEST

static const uint8_t imul_r32_imm8[] = {
    0x66, 0xB9, 0x07, 0x00, 0x00, 0x00,      /* mov ecx, 7 */
    0x66, 0x6B, 0xC1, 0xFF,                  /* imul eax, ecx, -1 */
    0xF4,                                    /* hlt */
};

START_TEST(imul_three_operand_imm8_sign_extended)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, imul_r32_imm8);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0xfffffff9u);
    ck_assert_uint_eq(b->c->gpr[REG_ECX], 7);
    ck_assert_uint_eq(CF_OF(b), 0);
    bench_free(b);
}
END_TEST

static const uint8_t imul_r16_imm16[] = {
    0x66, 0xB8, 0x00, 0x00, 0xCD, 0xAB,      /* mov eax, 0xabcd0000 */
    0xB9, 0x01, 0x01,                        /* mov cx, 0x0101 */
    0x69, 0xC1, 0x00, 0x01,                  /* imul ax, cx, 0x100 */
    0xF4,                                    /* hlt */
};

START_TEST(imul_three_operand_word_keeps_upper)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, imul_r16_imm16);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0xabcd0100u);
    ck_assert_uint_eq(CF_OF(b), EFLAGS_CF | EFLAGS_OF);
    bench_free(b);
}
END_TEST

static const uint8_t imul_r32_mem[] = {
    0x66, 0xC7, 0x06, 0x00, 0x20, 0xFD, 0xFF, 0xFF, 0xFF, /* mov dword [0x2000], -3 */
    0x66, 0xBB, 0x05, 0x00, 0x00, 0x00,      /* mov ebx, 5 */
    0x66, 0x0F, 0xAF, 0x1E, 0x00, 0x20,      /* imul ebx, [0x2000] */
    0xF4,                                    /* hlt */
};

START_TEST(imul_two_operand_memory)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, imul_r32_mem);
    ck_assert_uint_eq(b->c->gpr[REG_EBX], 0xfffffff1u);
    ck_assert_uint_eq(CF_OF(b), 0);
    bench_free(b);
}
END_TEST

static const uint8_t div32[] = {
    0x66, 0xBA, 0x01, 0x00, 0x00, 0x00,      /* mov edx, 1 */
    0x66, 0xB8, 0x00, 0x00, 0x00, 0x00,      /* mov eax, 0 */
    0x66, 0xB9, 0x02, 0x00, 0x00, 0x00,      /* mov ecx, 2 */
    0x66, 0xF7, 0xF1,                        /* div ecx */
    0xF4,                                    /* hlt */
};

START_TEST(div32_quotient_and_remainder)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, div32);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0x80000000u);
    ck_assert_uint_eq(b->c->gpr[REG_EDX], 0);
    bench_free(b);
}
END_TEST

static const uint8_t div32_overflow[] = {
    0x66, 0xBA, 0x02, 0x00, 0x00, 0x00,      /* mov edx, 2 */
    0x66, 0xB8, 0x00, 0x00, 0x00, 0x00,      /* mov eax, 0 */
    0x66, 0xB9, 0x02, 0x00, 0x00, 0x00,      /* mov ecx, 2 */
    0x66, 0xF7, 0xF1,                        /* div ecx */
    0xF4,                                    /* hlt */
};

START_TEST(div32_quotient_too_big_is_de)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, div32_overflow);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_DE);
    ck_assert_uint_eq(bench_frame(b).ip, BEFORE_HLT(div32_overflow, 3));

    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0);
    ck_assert_uint_eq(b->c->gpr[REG_EDX], 2);
    bench_free(b);
}
END_TEST

static const uint8_t div32_mem[] = {
    0x66, 0xC7, 0x06, 0x00, 0x20, 0x0A, 0x00, 0x00, 0x00, /* mov dword [0x2000], 10 */
    0x66, 0x31, 0xD2,                        /* xor edx, edx */
    0x66, 0xB8, 0x69, 0x00, 0x00, 0x00,      /* mov eax, 105 */
    0x66, 0xF7, 0x36, 0x00, 0x20,            /* div dword [0x2000] */
    0xF4,                                    /* hlt */
};

START_TEST(div32_memory_divisor)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, div32_mem);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 10);
    ck_assert_uint_eq(b->c->gpr[REG_EDX], 5);
    bench_free(b);
}
END_TEST

static const uint8_t div16_keeps_upper[] = {
    0x66, 0xB8, 0x00, 0x00, 0x55, 0x55,      /* mov eax, 0x55550000 */
    0x66, 0xBA, 0x01, 0x00, 0x66, 0x66,      /* mov edx, 0x66660001 */
    0xB9, 0x10, 0x00,                        /* mov cx, 0x10 */
    0xF7, 0xF1,                              /* div cx */
    0xF4,                                    /* hlt */
};

START_TEST(div16_keeps_upper_halves)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, div16_keeps_upper);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0x55551000u);
    ck_assert_uint_eq(b->c->gpr[REG_EDX], 0x66660000u);
    bench_free(b);
}
END_TEST

static const uint8_t idiv32_truncates[] = {
    0x66, 0xB8, 0xF9, 0xFF, 0xFF, 0xFF,      /* mov eax, -7 */
    0x66, 0x99,                              /* cdq */
    0x66, 0xB9, 0x02, 0x00, 0x00, 0x00,      /* mov ecx, 2 */
    0x66, 0xF7, 0xF9,                        /* idiv ecx */
    0xF4,                                    /* hlt */
};

START_TEST(idiv32_truncates_toward_zero)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, idiv32_truncates);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0xfffffffdu);
    ck_assert_uint_eq(b->c->gpr[REG_EDX], 0xffffffffu);
    bench_free(b);
}
END_TEST

static const uint8_t idiv32_negative_divisor[] = {
    0x66, 0xB8, 0x07, 0x00, 0x00, 0x00,      /* mov eax, 7 */
    0x66, 0x99,                              /* cdq */
    0x66, 0xB9, 0xFE, 0xFF, 0xFF, 0xFF,      /* mov ecx, -2 */
    0x66, 0xF7, 0xF9,                        /* idiv ecx */
    0xF4,                                    /* hlt */
};

START_TEST(idiv32_remainder_takes_dividend_sign)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, idiv32_negative_divisor);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0xfffffffdu);
    ck_assert_uint_eq(b->c->gpr[REG_EDX], 1);
    bench_free(b);
}
END_TEST

static const uint8_t idiv32_min_by_minus1[] = {
    0x66, 0xB8, 0x00, 0x00, 0x00, 0x80,      /* mov eax, 0x80000000 */
    0x66, 0x99,                              /* cdq */
    0x66, 0xB9, 0xFF, 0xFF, 0xFF, 0xFF,      /* mov ecx, -1 */
    0x66, 0xF7, 0xF9,                        /* idiv ecx */
    0xF4,                                    /* hlt */
};

START_TEST(idiv32_min_by_minus_one_is_de)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, idiv32_min_by_minus1);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_DE);
    ck_assert_uint_eq(bench_frame(b).ip, BEFORE_HLT(idiv32_min_by_minus1, 3));

    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0x80000000u);
    ck_assert_uint_eq(b->c->gpr[REG_EDX], 0xffffffffu);
    bench_free(b);
}
END_TEST

static const uint8_t idiv8_min_quotient[] = {
    0xB8, 0x00, 0xFF,                        /* mov ax, -256 */
    0xB3, 0x02,                              /* mov bl, 2 */
    0xF6, 0xFB,                              /* idiv bl */
    0xF4,                                    /* hlt */
};

START_TEST(idiv8_quotient_minus_128_fits)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, idiv8_min_quotient);
    ck_assert_uint_eq(b->c->gpr[REG_EAX] & 0xffff, 0x0080);
    bench_free(b);
}
END_TEST

static const uint8_t idiv8_quotient_128[] = {
    0xB8, 0x00, 0xFF,                        /* mov ax, -256 */
    0xB3, 0xFE,                              /* mov bl, -2 */
    0xF6, 0xFB,                              /* idiv bl */
    0xF4,                                    /* hlt */
};

START_TEST(idiv8_quotient_plus_128_is_de)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, idiv8_quotient_128);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_DE);
    ck_assert_uint_eq(bench_frame(b).ip, BEFORE_HLT(idiv8_quotient_128, 2));

    ck_assert_uint_eq(b->c->gpr[REG_EAX] & 0xffff, 0xff00);
    bench_free(b);
}
END_TEST

static Suite *muldiv_suite(void)
{
    Suite *s = suite_create("cpu_muldiv");
    TCase *tc = tcase_create("muldiv");
    tcase_add_test(tc, mul32_full_width_product);
    tcase_add_test(tc, mul32_small_clears_edx_cf_of);
    tcase_add_test(tc, mul8_writes_ax);
    tcase_add_test(tc, imul32_one_operand_fits);
    tcase_add_test(tc, imul32_one_operand_overflows);
    tcase_add_test(tc, imul_two_operand_truncates);
    tcase_add_test(tc, imul_three_operand_imm8_sign_extended);
    tcase_add_test(tc, imul_three_operand_word_keeps_upper);
    tcase_add_test(tc, imul_two_operand_memory);
    tcase_add_test(tc, div32_quotient_and_remainder);
    tcase_add_test(tc, div32_quotient_too_big_is_de);
    tcase_add_test(tc, div32_memory_divisor);
    tcase_add_test(tc, div16_keeps_upper_halves);
    tcase_add_test(tc, idiv32_truncates_toward_zero);
    tcase_add_test(tc, idiv32_remainder_takes_dividend_sign);
    tcase_add_test(tc, idiv32_min_by_minus_one_is_de);
    tcase_add_test(tc, idiv8_quotient_minus_128_fits);
    tcase_add_test(tc, idiv8_quotient_plus_128_is_de);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(muldiv_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
