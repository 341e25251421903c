/* tests/unit/test_cpu_alu.c: the ALU instructions in their 32-bit forms
 * (66h in real mode), 8- and 16-bit forms that must keep the rest of the
 * register, 32-bit addressing (67h: SIB, scale, disp32, the EBP/ESP bases
 * that default to SS, the base-less SIB form that defaults to DS), 16-bit
 * effective-address wrap-around, and LOCK.  Flags per the SDM's "Flags
 * Affected" of each instruction; AF is undefined after AND/OR/XOR/TEST
 * and masked there. */
#include <check.h>

#include "tests/unit/cputest.h"

static const uint8_t add32_overflow[] = {
    0x66, 0xB8, 0xFF, 0xFF, 0xFF, 0x7F,      /* mov eax, 0x7fffffff */
    0x66, 0x83, 0xC0, 0x01,                  /* add eax, 1 */
    0xF4,                                    /* hlt */
};

START_TEST(add32_sets_of_sf_af_pf)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, add32_overflow);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0x80000000u);
    ck_assert_uint_eq(ARITH(b), EFLAGS_OF | EFLAGS_SF | EFLAGS_AF | EFLAGS_PF);
    bench_free(b);
}
END_TEST

static const uint8_t sub32_borrow[] = {
    0x66, 0x31, 0xC0,                        /* xor eax, eax */
    0x66, 0x83, 0xE8, 0x01,                  /* sub eax, 1 */
    0xF4,                                    /* hlt */
};

START_TEST(sub32_borrow_sets_cf)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, sub32_borrow);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0xffffffffu);
    ck_assert_uint_eq(ARITH(b), EFLAGS_CF | EFLAGS_SF | EFLAGS_AF | EFLAGS_PF);
    bench_free(b);
}
END_TEST

static const uint8_t adc_sbb_chain64[] = {
    0x66, 0xB8, 0xFF, 0xFF, 0xFF, 0xFF,      /* mov eax, 0xffffffff */
    0x66, 0xBA, 0x01, 0x00, 0x00, 0x00,      /* mov edx, 1 */
    0x66, 0x83, 0xC0, 0x01,                  /* add eax, 1 */
    0x66, 0x83, 0xD2, 0x00,                  /* adc edx, 0 */
    0x66, 0xBE, 0x00, 0x00, 0x00, 0x00,      /* mov esi, 0 */
    0x66, 0xBF, 0x02, 0x00, 0x00, 0x00,      /* mov edi, 2 */
    0x66, 0x83, 0xEE, 0x01,                  /* sub esi, 1 */
    0x66, 0x83, 0xDF, 0x00,                  /* sbb edi, 0 */
    0xF4,                                    /* hlt */
};

START_TEST(adc_sbb_propagate_64bit)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, adc_sbb_chain64);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0);
    ck_assert_uint_eq(b->c->gpr[REG_EDX], 2);
    ck_assert_uint_eq(b->c->gpr[REG_ESI], 0xffffffffu);
    ck_assert_uint_eq(b->c->gpr[REG_EDI], 1);
    ck_assert_uint_eq(ARITH(b), 0);
    bench_free(b);
}
END_TEST

static const uint8_t adc32_carry_in_overflow[] = {
    0xF9,                                    /* stc */
    0x66, 0xB8, 0xFF, 0xFF, 0xFF, 0x7F,      /* mov eax, 0x7fffffff */
    0x66, 0x83, 0xD0, 0x00,                  /* adc eax, 0 */
    0xF4,                                    /* hlt */
};

START_TEST(adc32_carry_in_overflows)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, adc32_carry_in_overflow);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0x80000000u);
    ck_assert_uint_eq(ARITH(b), EFLAGS_OF | EFLAGS_SF | EFLAGS_AF | EFLAGS_PF);
    bench_free(b);
}
END_TEST

static const uint8_t sbb32_borrow_in[] = {
    0xF9,                                    /* stc */
    0x66, 0xB8, 0x00, 0x00, 0x00, 0x80,      /* mov eax, 0x80000000 */
    0x66, 0x83, 0xD8, 0x00,                  /* sbb eax, 0 */
    0xF4,                                    /* hlt */
};

START_TEST(sbb32_borrow_in_overflows)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, sbb32_borrow_in);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0x7fffffffu);
    ck_assert_uint_eq(ARITH(b), EFLAGS_OF | EFLAGS_AF | EFLAGS_PF);
    bench_free(b);
}
END_TEST

static const uint8_t mem_sib_disp32[] = {
    0x66, 0xBB, 0x00, 0x20, 0x00, 0x00,      /* mov ebx, 0x2000 */
    0x66, 0xB9, 0x04, 0x00, 0x00, 0x00,      /* mov ecx, 4 */
    0x66, 0x67, 0xC7, 0x44, 0x8B, 0x10, 0x44, 0x33, 0x22, 0x11, /* mov dword [ebx+ecx*4+0x10], 0x11223344 */
    0x66, 0x67, 0x81, 0x44, 0x8B, 0x10, 0x01, 0x01, 0x01, 0x01, /* add dword [ebx+ecx*4+0x10], 0x01010101 */
    0xF4,                                    /* hlt */
};

START_TEST(sib_index_scale_disp_memory_rmw)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, mem_sib_disp32);
    ck_assert_uint_eq(bench_rd32(b, 0x2020), 0x12233445u);
    ck_assert_uint_eq(ARITH(b), 0);
    bench_free(b);
}
END_TEST

static const uint8_t ebp_base_uses_ss[] = {
    0xB8, 0x00, 0x03,                        /* mov ax, 0x0300 */
    0x8E, 0xD0,                              /* mov ss, ax */
    0x66, 0xBD, 0x10, 0x00, 0x00, 0x00,      /* mov ebp, 0x10 */
    0x66, 0x67, 0x8B, 0x45, 0x00,            /* mov eax, [ebp] */
    0x66, 0x67, 0x8B, 0x1C, 0x6D, 0x00, 0x20, 0x00, 0x00, /* mov ebx, [nosplit ebp*2+0x2000] */
    0x66, 0x67, 0x8B, 0x4C, 0x24, 0x04,      /* mov ecx, [esp+4] */
    0xF4,                                    /* hlt */
};

/* SDM Vol. 1, 3.7.5 / Table 3-5: EBP and ESP bases default to SS; a SIB
 * byte with base 101b and mod 00b has no base (disp32) and defaults to DS
 * even though it names EBP as the index. */
START_TEST(ebp_esp_bases_default_to_ss)
{
    struct bench *b = bench_new();
    bench_wr32(b, 0x3010, 0x11111111u);         /* SS:0010 */
    bench_wr32(b, 0x0010, 0xdeadbeefu);         /* DS:0010: must not be read */
    bench_wr32(b, 0x2020, 0x22222222u);         /* DS:2020 */
    bench_wr32(b, 0x5020, 0xdeadbeefu);         /* SS:2020 */
    bench_wr32(b, 0xb004, 0x33333333u);         /* SS:8004 */
    bench_wr32(b, 0x8004, 0xdeadbeefu);         /* DS:8004 */
    BENCH_RUN_ALL(b, ebp_base_uses_ss);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0x11111111u);
    ck_assert_uint_eq(b->c->gpr[REG_EBX], 0x22222222u);
    ck_assert_uint_eq(b->c->gpr[REG_ECX], 0x33333333u);
    bench_free(b);
}
END_TEST

static const uint8_t a32_index_scale8[] = {
    0x66, 0xBE, 0x03, 0x00, 0x00, 0x00,      /* mov esi, 3 */
    0x66, 0xC7, 0x06, 0x18, 0x20, 0x0D, 0xF0, 0xFE, 0xCA, /* mov dword [0x2018], 0xcafef00d */
    0x66, 0x67, 0x8B, 0x04, 0xF5, 0x00, 0x20, 0x00, 0x00, /* mov eax, [esi*8+0x2000] */
    0xF4,                                    /* hlt */
};

START_TEST(index_scale8_without_base)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, a32_index_scale8);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0xcafef00du);
    bench_free(b);
}
END_TEST

static const uint8_t a16_wraps_ea[] = {
    0xBB, 0xF0, 0xFF,                        /* mov bx, 0xfff0 */
    0xBE, 0x20, 0x00,                        /* mov si, 0x0020 */
    0xC6, 0x06, 0x10, 0x00, 0x5A,            /* mov byte [0x0010], 0x5a */
    0x8A, 0x00,                              /* mov al, [bx+si] */
    0xF4,                                    /* hlt */
};

/* 16-bit addressing: BX + SI is taken modulo 64 KiB (SDM Vol. 1, 3.7.5). */
START_TEST(a16_effective_address_wraps)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, a16_wraps_ea);
    ck_assert_uint_eq(b->c->gpr[REG_EAX] & 0xff, 0x5a);
    bench_free(b);
}
END_TEST

static const uint8_t a32_offset_over_64k_gp[] = {
    0x66, 0xBB, 0x00, 0x00, 0x01, 0x00,      /* mov ebx, 0x10000 */
    0x67, 0x8A, 0x03,                        /* mov al, [ebx] */
    0xF4,                                    /* hlt */
};

/* A 32-bit offset beyond the 64 KiB real-mode limit is #GP(0), raised as a
 * fault at the instruction (SDM Vol. 3, 20.1.3). */
START_TEST(a32_offset_past_limit_faults)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, a32_offset_over_64k_gp);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_GP);
    ck_assert_uint_eq(bench_frame(b).ip, CODE_IP + 6);
    ck_assert_uint_eq(b->c->gpr[REG_EAX] & 0xff, 0);
    bench_free(b);
}
END_TEST

static const uint8_t osize16_keeps_upper[] = {
    0x66, 0xB8, 0x78, 0x56, 0x34, 0x12,      /* mov eax, 0x12345678 */
    0x05, 0x11, 0x11,                        /* add ax, 0x1111 */
    0x66, 0xBB, 0x44, 0x33, 0x22, 0x11,      /* mov ebx, 0x11223344 */
    0x80, 0xC7, 0xF0,                        /* add bh, 0xf0 */
    0xF4,                                    /* hlt */
};

START_TEST(narrow_forms_keep_upper_bits)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, osize16_keeps_upper);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0x12346789u);
    ck_assert_uint_eq(b->c->gpr[REG_EBX], 0x11222344u);
    ck_assert_uint_eq(ARITH(b), EFLAGS_CF);
    bench_free(b);
}
END_TEST

static const uint8_t inc_keeps_cf[] = {
    0xF9,                                    /* stc */
    0x66, 0xB8, 0xFF, 0xFF, 0xFF, 0xFF,      /* mov eax, 0xffffffff */
    0x66, 0x40,                              /* inc eax */
    0xF4,                                    /* hlt */
};

START_TEST(inc32_keeps_cf)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, inc_keeps_cf);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0);
    ck_assert_uint_eq(ARITH(b), EFLAGS_ZF | EFLAGS_CF | EFLAGS_AF | EFLAGS_PF);
    bench_free(b);
}
END_TEST

static const uint8_t dec_keeps_cf[] = {
    0xF8,                                    /* clc */
    0x66, 0xBB, 0x00, 0x00, 0x00, 0x80,      /* mov ebx, 0x80000000 */
    0x66, 0x4B,                              /* dec ebx */
    0xF4,                                    /* hlt */
};

START_TEST(dec32_keeps_cf)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, dec_keeps_cf);
    ck_assert_uint_eq(b->c->gpr[REG_EBX], 0x7fffffffu);
    ck_assert_uint_eq(ARITH(b), EFLAGS_OF | EFLAGS_AF | EFLAGS_PF);
    bench_free(b);
}
END_TEST

static const uint8_t neg32[] = {
    0x66, 0xB8, 0x00, 0x00, 0x00, 0x80,      /* mov eax, 0x80000000 */
    0x66, 0xF7, 0xD8,                        /* neg eax */
    0xF4,                                    /* hlt */
};

START_TEST(neg32_min_overflows)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, neg32);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0x80000000u);
    ck_assert_uint_eq(ARITH(b), EFLAGS_CF | EFLAGS_OF | EFLAGS_SF | EFLAGS_PF);
    bench_free(b);
}
END_TEST

static const uint8_t neg32_zero[] = {
    0xF9,                                    /* stc */
    0x66, 0x31, 0xC0,                        /* xor eax, eax */
    0x66, 0xF7, 0xD8,                        /* neg eax */
    0xF4,                                    /* hlt */
};

START_TEST(neg32_zero_clears_cf)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, neg32_zero);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0);
    ck_assert_uint_eq(ARITH(b), EFLAGS_ZF | EFLAGS_PF);
    bench_free(b);
}
END_TEST

static const uint8_t not32_keeps_flags[] = {
    0x66, 0xB8, 0x0F, 0x0F, 0x0F, 0x0F,      /* mov eax, 0x0f0f0f0f */
    0x66, 0xBB, 0x01, 0x00, 0x00, 0x00,      /* mov ebx, 1 */
    0x66, 0x83, 0xEB, 0x02,                  /* sub ebx, 2 */
    0x66, 0xF7, 0xD0,                        /* not eax */
    0xF4,                                    /* hlt */
};

START_TEST(not32_leaves_flags)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, not32_keeps_flags);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0xf0f0f0f0u);
    ck_assert_uint_eq(ARITH(b), EFLAGS_CF | EFLAGS_SF | EFLAGS_AF | EFLAGS_PF);
    bench_free(b);
}
END_TEST

static const uint8_t cmp32_imm8_sext[] = {
    0x66, 0xB8, 0xFF, 0xFF, 0xFF, 0xFF,      /* mov eax, 0xffffffff */
    0x66, 0x83, 0xF8, 0xFF,                  /* cmp eax, byte -1 */
    0xF4,                                    /* hlt */
};

START_TEST(cmp32_sign_extends_imm8)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, cmp32_imm8_sext);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0xffffffffu);
    ck_assert_uint_eq(ARITH(b), EFLAGS_ZF | EFLAGS_PF);
    bench_free(b);
}
END_TEST

static const uint8_t logic32[] = {
    0x66, 0xB8, 0xF0, 0xF0, 0xF0, 0xF0,      /* mov eax, 0xf0f0f0f0 */
    0xF9,                                    /* stc */
    0x66, 0x25, 0xF0, 0x0F, 0xF0, 0x0F,      /* and eax, 0x0ff00ff0 */
    0x66, 0xBB, 0x01, 0x00, 0x00, 0x80,      /* mov ebx, 0x80000001 */
    0x66, 0x81, 0xCB, 0x00, 0x00, 0x01, 0x00, /* or ebx, 0x00010000 */
    0x66, 0xB9, 0x78, 0x56, 0x34, 0x12,      /* mov ecx, 0x12345678 */
    0x66, 0x31, 0xC9,                        /* xor ecx, ecx */
    0xF4,                                    /* hlt */
};

START_TEST(logic32_results_and_flags)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, logic32);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0x00f000f0u);
    ck_assert_uint_eq(b->c->gpr[REG_EBX], 0x80010001u);
    ck_assert_uint_eq(b->c->gpr[REG_ECX], 0);
    ck_assert_uint_eq(ARITH(b) & ~(uint32_t)EFLAGS_AF, EFLAGS_ZF | EFLAGS_PF);
    bench_free(b);
}
END_TEST

static const uint8_t test32_mem[] = {
    0x66, 0xC7, 0x06, 0x00, 0x20, 0x00, 0x00, 0x00, 0x80, /* mov dword [0x2000], 0x80000000 */
    0x66, 0xB8, 0x00, 0x00, 0x00, 0x80,      /* mov eax, 0x80000000 */
    0x66, 0x85, 0x06, 0x00, 0x20,            /* test [0x2000], eax */
    0xF4,                                    /* hlt */
};

START_TEST(test32_memory_operand)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, test32_mem);
    ck_assert_uint_eq(ARITH(b) & ~(uint32_t)EFLAGS_AF, EFLAGS_SF | EFLAGS_PF);
    ck_assert_uint_eq(bench_rd32(b, 0x2000), 0x80000000u);
    bench_free(b);
}
END_TEST

static const uint8_t lock_mem_ok[] = {
    0x66, 0xC7, 0x06, 0x00, 0x20, 0x05, 0x00, 0x00, 0x00, /* mov dword [0x2000], 5 */
    0x66, 0xB8, 0x03, 0x00, 0x00, 0x00,      /* mov eax, 3 */
    0xF0, 0x66, 0x01, 0x06, 0x00, 0x20,      /* lock add [0x2000], eax */
    0xF4,                                    /* hlt */
};

START_TEST(lock_on_memory_destination)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, lock_mem_ok);
    ck_assert_uint_eq(bench_rd32(b, 0x2000), 8);
    bench_free(b);
}
END_TEST

static const uint8_t lock_reg_ud[] = {
    0xF0, 0x66, 0x01, 0xD8,                  /* lock add eax, ebx */
    0xF4,                                    /* hlt */
};
static const uint8_t lock_mov_ud[] = {
    0xF0, 0x66, 0xA3, 0x00, 0x20,            /* lock mov [0x2000], eax */
    0xF4,                                    /* hlt */
};

/* SDM LOCK: #UD when the destination is not memory or the instruction is
 * not one of the lockable read-modify-write forms. */
START_TEST(lock_on_register_or_mov_is_ud)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, lock_reg_ud);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_UD);
    ck_assert_uint_eq(bench_frame(b).ip, CODE_IP);
    bench_free(b);
    b = bench_new();
    BENCH_CODE(b, lock_mov_ud);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_UD);
    ck_assert_uint_eq(bench_frame(b).ip, CODE_IP);
    bench_free(b);
}
END_TEST

static Suite *alu_suite(void)
{
    Suite *s = suite_create("cpu_alu");
    TCase *tc = tcase_create("alu");
    tcase_add_test(tc, add32_sets_of_sf_af_pf);
    tcase_add_test(tc, sub32_borrow_sets_cf);
    tcase_add_test(tc, adc_sbb_propagate_64bit);
    tcase_add_test(tc, adc32_carry_in_overflows);
    tcase_add_test(tc, sbb32_borrow_in_overflows);
    tcase_add_test(tc, sib_index_scale_disp_memory_rmw);
    tcase_add_test(tc, ebp_esp_bases_default_to_ss);
    tcase_add_test(tc, index_scale8_without_base);
    tcase_add_test(tc, a16_effective_address_wraps);
    tcase_add_test(tc, a32_offset_past_limit_faults);
    tcase_add_test(tc, narrow_forms_keep_upper_bits);
    tcase_add_test(tc, inc32_keeps_cf);
    tcase_add_test(tc, dec32_keeps_cf);
    tcase_add_test(tc, neg32_min_overflows);
    tcase_add_test(tc, neg32_zero_clears_cf);
    tcase_add_test(tc, not32_leaves_flags);
    tcase_add_test(tc, cmp32_sign_extends_imm8);
    tcase_add_test(tc, logic32_results_and_flags);
    tcase_add_test(tc, test32_memory_operand);
    tcase_add_test(tc, lock_on_memory_destination);
    tcase_add_test(tc, lock_on_register_or_mov_is_ud);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(alu_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
