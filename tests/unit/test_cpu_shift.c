/* tests/unit/test_cpu_shift.c: shifts and rotates in their 32-bit forms,
 * the 5-bit count mask (a masked count of 0 changes nothing, flags
 * included), memory operands, and SHLD/SHRD with immediate and CL counts in
 * 16 and 32 bits.  Expected values from the SDM pseudocode of SAL/SAR/SHL/
 * SHR, RCL/RCR/ROL/ROR and SHLD/SHRD; flags the SDM leaves undefined (OF
 * for counts above 1, AF after shifts) are masked. */
#include <check.h>

#include "tests/unit/cputest.h"

static const uint8_t shl32_cl_masked[] = {
    0x66, 0xB8, 0x01, 0x00, 0x00, 0x80,      /* mov eax, 0x80000001 */
    0xB1, 0x21,                              /* mov cl, 33 */
    0x66, 0xD3, 0xE0,                        /* shl eax, cl */
    0xF4,                                    /* hlt */
};

START_TEST(shl32_count_masked_to_5_bits)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, shl32_cl_masked);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 2);
    ck_assert_uint_eq(ARITH(b) & ~(uint32_t)(EFLAGS_AF), EFLAGS_CF | EFLAGS_OF);
    bench_free(b);
}
END_TEST

static const uint8_t shr32_31[] = {
    0x66, 0xB8, 0x00, 0x00, 0x00, 0x80,      /* mov eax, 0x80000000 */
    0x66, 0xC1, 0xE8, 0x1F,                  /* shr eax, 31 */
    0xF4,                                    /* hlt */
};

START_TEST(shr32_by_31)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, shr32_31);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 1);
    ck_assert_uint_eq(ARITH(b) & ~(uint32_t)(EFLAGS_AF | EFLAGS_OF), 0);
    bench_free(b);
}
END_TEST

static const uint8_t sar32_4[] = {
    0x66, 0xB8, 0x10, 0x00, 0x00, 0x80,      /* mov eax, 0x80000010 */
    0x66, 0xC1, 0xF8, 0x04,                  /* sar eax, 4 */
    0xF4,                                    /* hlt */
};

START_TEST(sar32_keeps_sign)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, sar32_4);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0xf8000001u);
    ck_assert_uint_eq(ARITH(b) & ~(uint32_t)(EFLAGS_AF | EFLAGS_OF), EFLAGS_SF);
    bench_free(b);
}
END_TEST

static const uint8_t rol32_1[] = {
    0x66, 0xB8, 0x00, 0x00, 0x00, 0x80,      /* mov eax, 0x80000000 */
    0x66, 0xD1, 0xC0,                        /* rol eax, 1 */
    0xF4,                                    /* hlt */
};

START_TEST(rol32_by_1_sets_cf_of)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, rol32_1);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 1);
    ck_assert_uint_eq(ARITH(b), EFLAGS_CF | EFLAGS_OF);
    bench_free(b);
}
END_TEST

static const uint8_t ror32_1[] = {
    0x66, 0xB8, 0x01, 0x00, 0x00, 0x00,      /* mov eax, 0x00000001 */
    0x66, 0xD1, 0xC8,                        /* ror eax, 1 */
    0xF4,                                    /* hlt */
};

START_TEST(ror32_by_1_sets_cf_of)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, ror32_1);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0x80000000u);
    ck_assert_uint_eq(ARITH(b), EFLAGS_CF | EFLAGS_OF);
    bench_free(b);
}
END_TEST

static const uint8_t rcl32_1[] = {
    0xF9,                                    /* stc */
    0x66, 0xB8, 0x00, 0x00, 0x00, 0x80,      /* mov eax, 0x80000000 */
    0x66, 0xD1, 0xD0,                        /* rcl eax, 1 */
    0xF4,                                    /* hlt */
};

START_TEST(rcl32_by_1_through_cf)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, rcl32_1);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 1);
    ck_assert_uint_eq(ARITH(b), EFLAGS_CF | EFLAGS_OF);
    bench_free(b);
}
END_TEST

static const uint8_t rcr32_1[] = {
    0xF8,                                    /* clc */
    0x66, 0xB8, 0x01, 0x00, 0x00, 0x00,      /* mov eax, 0x00000001 */
    0x66, 0xD1, 0xD8,                        /* rcr eax, 1 */
    0xF4,                                    /* hlt */
};

/* Rotates change only CF and OF: ZF stays clear with a zero result. */
START_TEST(rcr32_by_1_leaves_zf)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, rcr32_1);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0);
    ck_assert_uint_eq(ARITH(b), EFLAGS_CF);
    bench_free(b);
}
END_TEST

static const uint8_t rcl32_cl[] = {
    0xF8,                                    /* clc */
    0x66, 0xB8, 0x78, 0x56, 0x34, 0x12,      /* mov eax, 0x12345678 */
    0xB1, 0x04,                              /* mov cl, 4 */
    0x66, 0xD3, 0xD0,                        /* rcl eax, cl */
    0xF4,                                    /* hlt */
};

START_TEST(rcl32_by_cl)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, rcl32_cl);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0x23456780u);
    ck_assert_uint_eq(ARITH(b) & ~(uint32_t)(EFLAGS_OF), EFLAGS_CF);
    bench_free(b);
}
END_TEST

static const uint8_t count0_keeps_flags[] = {
    0x66, 0xBB, 0x01, 0x00, 0x00, 0x00,      /* mov ebx, 1 */
    0x66, 0x83, 0xEB, 0x02,                  /* sub ebx, 2 */
    0x66, 0xB8, 0x05, 0x00, 0x00, 0x00,      /* mov eax, 5 */
    0xB1, 0x20,                              /* mov cl, 32 */
    0x66, 0xD3, 0xE0,                        /* shl eax, cl */
    0xF4,                                    /* hlt */
};

START_TEST(masked_count_zero_changes_nothing)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, count0_keeps_flags);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 5);
    ck_assert_uint_eq(ARITH(b), EFLAGS_CF | EFLAGS_SF | EFLAGS_AF | EFLAGS_PF);
    bench_free(b);
}
END_TEST

static const uint8_t rol16_mem[] = {
    0xC7, 0x06, 0x00, 0x20, 0x34, 0x12,      /* mov word [0x2000], 0x1234 */
    0xC1, 0x06, 0x00, 0x20, 0x04,            /* rol word [0x2000], 4 */
    0xF4,                                    /* hlt */
};

START_TEST(rol16_memory)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, rol16_mem);
    ck_assert_uint_eq(bench_rd16(b, 0x2000), 0x2341);
    ck_assert_uint_eq(ARITH(b) & ~(uint32_t)(EFLAGS_OF), EFLAGS_CF);
    bench_free(b);
}
END_TEST

static const uint8_t ror8_count8[] = {
    0xB0, 0x81,                              /* mov al, 0x81 */
    0xB1, 0x08,                              /* mov cl, 8 */
    0xD2, 0xC8,                              /* ror al, cl */
    0xF4,                                    /* hlt */
};

/* SDM ROR: tempCOUNT = 8 MOD 8 = 0 leaves AL, but a nonzero masked count
 * still sets CF from the MSB. */
START_TEST(ror8_by_8_rotates_back_sets_cf)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, ror8_count8);
    ck_assert_uint_eq(b->c->gpr[REG_EAX] & 0xff, 0x81);
    ck_assert_uint_eq(ARITH(b) & ~(uint32_t)(EFLAGS_OF), EFLAGS_CF);
    bench_free(b);
}
END_TEST

static const uint8_t shld32_imm[] = {
    0x66, 0xB8, 0x78, 0x56, 0x34, 0x12,      /* mov eax, 0x12345678 */
    0x66, 0xBB, 0xF0, 0xDE, 0xBC, 0x9A,      /* mov ebx, 0x9abcdef0 */
    0x66, 0x0F, 0xA4, 0xD8, 0x08,            /* shld eax, ebx, 8 */
    0xF4,                                    /* hlt */
};

START_TEST(shld32_by_imm8)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, shld32_imm);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0x3456789au);
    ck_assert_uint_eq(b->c->gpr[REG_EBX], 0x9abcdef0u);
    ck_assert_uint_eq(ARITH(b) & ~(uint32_t)(EFLAGS_OF | EFLAGS_AF), EFLAGS_PF);
    bench_free(b);
}
END_TEST

static const uint8_t shrd32_cl[] = {
    0x66, 0xB8, 0x78, 0x56, 0x34, 0x12,      /* mov eax, 0x12345678 */
    0x66, 0xBB, 0xF0, 0xDE, 0xBC, 0x9A,      /* mov ebx, 0x9abcdef0 */
    0xB1, 0x04,                              /* mov cl, 4 */
    0x66, 0x0F, 0xAD, 0xD8,                  /* shrd eax, ebx, cl */
    0xF4,                                    /* hlt */
};

START_TEST(shrd32_by_cl)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, shrd32_cl);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0x01234567u);
    ck_assert_uint_eq(ARITH(b) & ~(uint32_t)(EFLAGS_OF | EFLAGS_AF), EFLAGS_CF);
    bench_free(b);
}
END_TEST

static const uint8_t shld16_imm[] = {
    0x66, 0xB8, 0x34, 0x12, 0xFF, 0xFF,      /* mov eax, 0xffff1234 */
    0xBB, 0x78, 0x56,                        /* mov bx, 0x5678 */
    0x0F, 0xA4, 0xD8, 0x04,                  /* shld ax, bx, 4 */
    0xF4,                                    /* hlt */
};

START_TEST(shld16_imm_keeps_upper)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, shld16_imm);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0xffff2345u);
    ck_assert_uint_eq(ARITH(b) & ~(uint32_t)(EFLAGS_OF | EFLAGS_AF), EFLAGS_CF);
    bench_free(b);
}
END_TEST

static const uint8_t shrd16_16[] = {
    0xB8, 0x34, 0x12,                        /* mov ax, 0x1234 */
    0xBB, 0x78, 0x56,                        /* mov bx, 0x5678 */
    0x0F, 0xAC, 0xD8, 0x10,                  /* shrd ax, bx, 16 */
    0xF4,                                    /* hlt */
};

/* SDM SHRD: a count equal to the operand size is defined: DEST = SRC,
 * CF = the old bit 15. */
START_TEST(shrd16_count_16_gives_source)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, shrd16_16);
    ck_assert_uint_eq(b->c->gpr[REG_EAX] & 0xffff, 0x5678);
    ck_assert_uint_eq(ARITH(b) & ~(uint32_t)(EFLAGS_OF | EFLAGS_AF), EFLAGS_PF);
    bench_free(b);
}
END_TEST

static const uint8_t shld32_mem_1[] = {
    0x66, 0xC7, 0x06, 0x00, 0x20, 0x00, 0x00, 0x00, 0x40, /* mov dword [0x2000], 0x40000000 */
    0x66, 0xBB, 0x00, 0x00, 0x00, 0x80,      /* mov ebx, 0x80000000 */
    0x66, 0x0F, 0xA4, 0x1E, 0x00, 0x20, 0x01, /* shld [0x2000], ebx, 1 */
    0xF4,                                    /* hlt */
};

START_TEST(shld32_memory_by_1_overflow)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, shld32_mem_1);
    ck_assert_uint_eq(bench_rd32(b, 0x2000), 0x80000001u);
    ck_assert_uint_eq(ARITH(b) & ~(uint32_t)(EFLAGS_AF), EFLAGS_OF | EFLAGS_SF);
    bench_free(b);
}
END_TEST

static const uint8_t shld_count0[] = {
    0x66, 0xBB, 0x01, 0x00, 0x00, 0x00,      /* mov ebx, 1 */
    0x66, 0x83, 0xEB, 0x02,                  /* sub ebx, 2 */
    0x66, 0xB8, 0x11, 0x11, 0x11, 0x11,      /* mov eax, 0x11111111 */
    0x66, 0xBA, 0x22, 0x22, 0x22, 0x22,      /* mov edx, 0x22222222 */
    0xB1, 0x20,                              /* mov cl, 0x20 */
    0x66, 0x0F, 0xA5, 0xD0,                  /* shld eax, edx, cl */
    0xF4,                                    /* hlt */
};

START_TEST(shld_masked_count_zero)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, shld_count0);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0x11111111u);
    ck_assert_uint_eq(ARITH(b), EFLAGS_CF | EFLAGS_SF | EFLAGS_AF | EFLAGS_PF);
    bench_free(b);
}
END_TEST

static const uint8_t shrd32_mem_cl[] = {
    0x66, 0xC7, 0x06, 0x00, 0x20, 0xF1, 0x00, 0x00, 0x00, /* mov dword [0x2000], 0x000000f1 */
    0x66, 0xBA, 0x0F, 0x00, 0x00, 0x00,      /* mov edx, 0x0000000f */
    0xB1, 0x24,                              /* mov cl, 36 */
    0x66, 0x0F, 0xAD, 0x16, 0x00, 0x20,      /* shrd [0x2000], edx, cl */
    0xF4,                                    /* hlt */
};

START_TEST(shrd32_memory_cl_masked)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, shrd32_mem_cl);
    ck_assert_uint_eq(bench_rd32(b, 0x2000), 0xf000000fu);
    ck_assert_uint_eq(ARITH(b) & ~(uint32_t)(EFLAGS_OF | EFLAGS_AF), EFLAGS_SF | EFLAGS_PF);
    bench_free(b);
}
END_TEST

static const uint8_t sar8_count_over_width[] = {
    0xB0, 0x80,                              /* mov al, 0x80 */
    0xB1, 0x14,                              /* mov cl, 20 */
    0xD2, 0xF8,                              /* sar al, cl */
    0xF4,                                    /* hlt */
};

START_TEST(sar8_count_beyond_width)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, sar8_count_over_width);
    ck_assert_uint_eq(b->c->gpr[REG_EAX] & 0xff, 0xff);
    ck_assert_uint_eq(ARITH(b) & ~(uint32_t)(EFLAGS_OF | EFLAGS_AF), EFLAGS_CF | EFLAGS_SF | EFLAGS_PF);
    bench_free(b);
}
END_TEST

static const uint8_t shr16_1_of[] = {
    0xB8, 0x00, 0x80,                        /* mov ax, 0x8000 */
    0xD1, 0xE8,                              /* shr ax, 1 */
    0xF4,                                    /* hlt */
};

START_TEST(shr16_by_1_of_is_old_msb)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, shr16_1_of);
    ck_assert_uint_eq(b->c->gpr[REG_EAX] & 0xffff, 0x4000);
    ck_assert_uint_eq(ARITH(b) & ~(uint32_t)(EFLAGS_AF), EFLAGS_OF | EFLAGS_PF);
    bench_free(b);
}
END_TEST

static Suite *shift_suite(void)
{
    Suite *s = suite_create("cpu_shift");
    TCase *tc = tcase_create("shift");
    tcase_add_test(tc, shl32_count_masked_to_5_bits);
    tcase_add_test(tc, shr32_by_31);
    tcase_add_test(tc, sar32_keeps_sign);
    tcase_add_test(tc, rol32_by_1_sets_cf_of);
    tcase_add_test(tc, ror32_by_1_sets_cf_of);
    tcase_add_test(tc, rcl32_by_1_through_cf);
    tcase_add_test(tc, rcr32_by_1_leaves_zf);
    tcase_add_test(tc, rcl32_by_cl);
    tcase_add_test(tc, masked_count_zero_changes_nothing);
    tcase_add_test(tc, rol16_memory);
    tcase_add_test(tc, ror8_by_8_rotates_back_sets_cf);
    tcase_add_test(tc, shld32_by_imm8);
    tcase_add_test(tc, shrd32_by_cl);
    tcase_add_test(tc, shld16_imm_keeps_upper);
    tcase_add_test(tc, shrd16_count_16_gives_source);
    tcase_add_test(tc, shld32_memory_by_1_overflow);
    tcase_add_test(tc, shld_masked_count_zero);
    tcase_add_test(tc, shrd32_memory_cl_masked);
    tcase_add_test(tc, sar8_count_beyond_width);
    tcase_add_test(tc, shr16_by_1_of_is_old_msb);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(shift_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
