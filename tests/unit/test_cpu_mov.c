/* tests/unit/test_cpu_mov.c: MOVZX and MOVSX (byte and word sources, 16-
 * and 32-bit destinations), BSWAP, XADD, CMPXCHG, CMPXCHG8B (success and
 * failure, with CMPXCHG8B's register form #UD), CWDE/CDQ/XCHG, and the
 * --cpu models: CMPXCHG, XADD, BSWAP and CPUID are #UD on the 386 (they are
 * Intel486 instructions), CMPXCHG8B and RDTSC on the 386 and 486 (Pentium
 * instructions), per SDM Vol. 2 and Vol. 3, 22.x "Architecture
 * Compatibility". */
#include <check.h>

#include "tests/unit/cputest.h"

static const uint8_t ins_cmpxchg[] = {
    0x66, 0xB8, 0x01, 0x00, 0x00, 0x00,      /* mov eax, 1 */
    0x66, 0x0F, 0xB1, 0xC9,                  /* cmpxchg ecx, ecx */
    0xF4,                                    /* hlt */
};

static const uint8_t ins_xadd[] = {
    0x66, 0x0F, 0xC1, 0xC0,                  /* xadd eax, eax */
    0xF4,                                    /* hlt */
};

static const uint8_t ins_bswap[] = {
    0x66, 0x0F, 0xC8,                        /* bswap eax */
    0xF4,                                    /* hlt */
};

static const uint8_t ins_cmpxchg8b[] = {
    0x0F, 0xC7, 0x0E, 0x00, 0x20,            /* cmpxchg8b [0x2000] */
    0xF4,                                    /* hlt */
};

static const uint8_t ins_cpuid[] = {
    0x0F, 0xA2,                              /* cpuid */
    0xF4,                                    /* hlt */
};

static const uint8_t ins_rdtsc[] = {
    0x0F, 0x31,                              /* rdtsc */
    0xF4,                                    /* hlt */
};

#define ZF(b) ((bench_flags(b) & EFLAGS_ZF) != 0)

/* Run `code` on `model` and return the vector it stopped in (-1: none). */
static int run_on(uint8_t model, const uint8_t *code, size_t n)
{
    struct bench *b = bench_new_model(model);
    bench_code(b, code, n);
    bench_run(b);
    int v = bench_vector(b);
    bench_free(b);
    return v;
}
#define RUN_ON(model, arr) run_on((model), (arr), sizeof(arr))

static const uint8_t movzx_movsx[] = {
    0x66, 0xC7, 0x06, 0x00, 0x20, 0xF0, 0xF0, 0x01, 0x80, /* mov dword [0x2000], 0x8001f0f0 */
    0x66, 0xB8, 0xFF, 0xFF, 0xFF, 0xFF,      /* mov eax, 0xffffffff */
    0x66, 0x0F, 0xB6, 0x06, 0x00, 0x20,      /* movzx eax, byte [0x2000] */
    0x66, 0x0F, 0xBE, 0x1E, 0x00, 0x20,      /* movsx ebx, byte [0x2000] */
    0x66, 0x0F, 0xB7, 0x0E, 0x02, 0x20,      /* movzx ecx, word [0x2002] */
    0x66, 0x0F, 0xBF, 0x16, 0x02, 0x20,      /* movsx edx, word [0x2002] */
    0x66, 0xBE, 0x78, 0x56, 0x34, 0x12,      /* mov esi, 0x12345678 */
    0x0F, 0xBE, 0x36, 0x00, 0x20,            /* movsx si, byte [0x2000] */
    0x66, 0xBF, 0x78, 0x56, 0x34, 0x12,      /* mov edi, 0x12345678 */
    0x0F, 0xB6, 0x3E, 0x00, 0x20,            /* movzx di, byte [0x2000] */
    0xF4,                                    /* hlt */
};

START_TEST(movzx_movsx_widths)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, movzx_movsx);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0xf0);
    ck_assert_uint_eq(b->c->gpr[REG_EBX], 0xfffffff0u);
    ck_assert_uint_eq(b->c->gpr[REG_ECX], 0x8001);
    ck_assert_uint_eq(b->c->gpr[REG_EDX], 0xffff8001u);
    ck_assert_uint_eq(b->c->gpr[REG_ESI], 0x1234fff0u);
    ck_assert_uint_eq(b->c->gpr[REG_EDI], 0x123400f0u);
    bench_free(b);
}
END_TEST

static const uint8_t movsx_reg_high_byte[] = {
    0x66, 0xB8, 0x00, 0xF0, 0x00, 0x00,      /* mov eax, 0x0000f000 */
    0x66, 0x0F, 0xBE, 0xDC,                  /* movsx ebx, ah */
    0x66, 0x0F, 0xB6, 0xCC,                  /* movzx ecx, ah */
    0xF4,                                    /* hlt */
};

START_TEST(movsx_movzx_from_high_byte)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, movsx_reg_high_byte);
    ck_assert_uint_eq(b->c->gpr[REG_EBX], 0xfffffff0u);
    ck_assert_uint_eq(b->c->gpr[REG_ECX], 0xf0);
    bench_free(b);
}
END_TEST

static const uint8_t bswap32[] = {
    0x66, 0xB8, 0x44, 0x33, 0x22, 0x11,      /* mov eax, 0x11223344 */
    0x66, 0x0F, 0xC8,                        /* bswap eax */
    0x66, 0xBF, 0x01, 0x00, 0x00, 0x80,      /* mov edi, 0x80000001 */
    0x66, 0x0F, 0xCF,                        /* bswap edi */
    0xF4,                                    /* hlt */
};

START_TEST(bswap_reverses_bytes)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, bswap32);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0x44332211u);
    ck_assert_uint_eq(b->c->gpr[REG_EDI], 0x01000080u);
    bench_free(b);
}
END_TEST

static const uint8_t xadd_mem[] = {
    0x66, 0xC7, 0x06, 0x00, 0x20, 0x02, 0x00, 0x00, 0x00, /* mov dword [0x2000], 2 */
    0x66, 0xB8, 0x01, 0x00, 0x00, 0x00,      /* mov eax, 1 */
    0x66, 0x0F, 0xC1, 0x06, 0x00, 0x20,      /* xadd [0x2000], eax */
    0xF4,                                    /* hlt */
};

START_TEST(xadd_memory)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, xadd_mem);
    ck_assert_uint_eq(bench_rd32(b, 0x2000), 3);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 2);
    ck_assert_uint_eq(bench_flags(b) & (EFLAGS_ARITH & ~(uint32_t)EFLAGS_AF), EFLAGS_PF);
    bench_free(b);
}
END_TEST

static const uint8_t xadd_reg[] = {
    0x66, 0xB8, 0xFF, 0xFF, 0xFF, 0xFF,      /* mov eax, 0xffffffff */
    0x66, 0xB9, 0x01, 0x00, 0x00, 0x00,      /* mov ecx, 1 */
    0x66, 0x0F, 0xC1, 0xC8,                  /* xadd eax, ecx */
    0xF4,                                    /* hlt */
};

START_TEST(xadd_register_carry)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, xadd_reg);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0);
    ck_assert_uint_eq(b->c->gpr[REG_ECX], 0xffffffffu);
    ck_assert_uint_eq(bench_flags(b) & (EFLAGS_CF | EFLAGS_ZF), EFLAGS_CF | EFLAGS_ZF);
    bench_free(b);
}
END_TEST

static const uint8_t xadd8_same_reg[] = {
    0xB0, 0x03,                              /* mov al, 3 */
    0x0F, 0xC0, 0xC0,                        /* xadd al, al */
    0xF4,                                    /* hlt */
};

START_TEST(xadd_same_register_keeps_sum)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, xadd8_same_reg);
    ck_assert_uint_eq(b->c->gpr[REG_EAX] & 0xff, 6);
    bench_free(b);
}
END_TEST

static const uint8_t cmpxchg_mem_equal[] = {
    0x66, 0xC7, 0x06, 0x00, 0x20, 0x05, 0x00, 0x00, 0x00, /* mov dword [0x2000], 5 */
    0x66, 0xB8, 0x05, 0x00, 0x00, 0x00,      /* mov eax, 5 */
    0x66, 0xB9, 0x09, 0x00, 0x00, 0x00,      /* mov ecx, 9 */
    0x66, 0x0F, 0xB1, 0x0E, 0x00, 0x20,      /* cmpxchg [0x2000], ecx */
    0xF4,                                    /* hlt */
};

START_TEST(cmpxchg_equal_stores_source)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, cmpxchg_mem_equal);
    ck_assert_uint_eq(bench_rd32(b, 0x2000), 9);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 5);
    ck_assert(ZF(b));
    bench_free(b);
}
END_TEST

static const uint8_t cmpxchg_mem_differ[] = {
    0x66, 0xC7, 0x06, 0x00, 0x20, 0x05, 0x00, 0x00, 0x00, /* mov dword [0x2000], 5 */
    0x66, 0xB8, 0x04, 0x00, 0x00, 0x00,      /* mov eax, 4 */
    0x66, 0xB9, 0x09, 0x00, 0x00, 0x00,      /* mov ecx, 9 */
    0x66, 0x0F, 0xB1, 0x0E, 0x00, 0x20,      /* cmpxchg [0x2000], ecx */
    0xF4,                                    /* hlt */
};

START_TEST(cmpxchg_differ_loads_accumulator)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, cmpxchg_mem_differ);
    ck_assert_uint_eq(bench_rd32(b, 0x2000), 5);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 5);
    ck_assert(!ZF(b));
    ck_assert(bench_flags(b) & EFLAGS_CF);
    bench_free(b);
}
END_TEST

static const uint8_t cmpxchg_reg16[] = {
    0x66, 0xB8, 0x34, 0x12, 0xAA, 0xAA,      /* mov eax, 0xaaaa1234 */
    0x66, 0xBB, 0x34, 0x12, 0xBB, 0xBB,      /* mov ebx, 0xbbbb1234 */
    0x66, 0xB9, 0x78, 0x56, 0xCC, 0xCC,      /* mov ecx, 0xcccc5678 */
    0x0F, 0xB1, 0xCB,                        /* cmpxchg bx, cx */
    0xF4,                                    /* hlt */
};

START_TEST(cmpxchg_word_register)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, cmpxchg_reg16);
    ck_assert_uint_eq(b->c->gpr[REG_EBX], 0xbbbb5678u);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0xaaaa1234u);
    ck_assert(ZF(b));
    bench_free(b);
}
END_TEST

static const uint8_t cmpxchg8b_equal[] = {
    0x66, 0xC7, 0x06, 0x00, 0x20, 0x11, 0x11, 0x11, 0x11, /* mov dword [0x2000], 0x11111111 */
    0x66, 0xC7, 0x06, 0x04, 0x20, 0x22, 0x22, 0x22, 0x22, /* mov dword [0x2004], 0x22222222 */
    0x66, 0xB8, 0x11, 0x11, 0x11, 0x11,      /* mov eax, 0x11111111 */
    0x66, 0xBA, 0x22, 0x22, 0x22, 0x22,      /* mov edx, 0x22222222 */
    0x66, 0xBB, 0x33, 0x33, 0x33, 0x33,      /* mov ebx, 0x33333333 */
    0x66, 0xB9, 0x44, 0x44, 0x44, 0x44,      /* mov ecx, 0x44444444 */
    0x0F, 0xC7, 0x0E, 0x00, 0x20,            /* cmpxchg8b [0x2000] */
    0xF4,                                    /* hlt */
};

START_TEST(cmpxchg8b_equal_stores_ecx_ebx)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, cmpxchg8b_equal);
    ck_assert_uint_eq(bench_rd32(b, 0x2000), 0x33333333u);
    ck_assert_uint_eq(bench_rd32(b, 0x2004), 0x44444444u);
    ck_assert(ZF(b));
    bench_free(b);
}
END_TEST

static const uint8_t cmpxchg8b_differ[] = {
    0x66, 0xC7, 0x06, 0x00, 0x20, 0x11, 0x11, 0x11, 0x11, /* mov dword [0x2000], 0x11111111 */
    0x66, 0xC7, 0x06, 0x04, 0x20, 0x22, 0x22, 0x22, 0x22, /* mov dword [0x2004], 0x22222222 */
    0x66, 0xB8, 0x11, 0x11, 0x11, 0x11,      /* mov eax, 0x11111111 */
    0x66, 0xBA, 0x23, 0x22, 0x22, 0x22,      /* mov edx, 0x22222223 */
    0x66, 0xBB, 0x33, 0x33, 0x33, 0x33,      /* mov ebx, 0x33333333 */
    0x66, 0xB9, 0x44, 0x44, 0x44, 0x44,      /* mov ecx, 0x44444444 */
    0x0F, 0xC7, 0x0E, 0x00, 0x20,            /* cmpxchg8b [0x2000] */
    0xF4,                                    /* hlt */
};

START_TEST(cmpxchg8b_differ_loads_edx_eax)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, cmpxchg8b_differ);
    ck_assert_uint_eq(bench_rd32(b, 0x2000), 0x11111111u);
    ck_assert_uint_eq(bench_rd32(b, 0x2004), 0x22222222u);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0x11111111u);
    ck_assert_uint_eq(b->c->gpr[REG_EDX], 0x22222222u);
    ck_assert(!ZF(b));
    bench_free(b);
}
END_TEST

static const uint8_t cmpxchg8b_register_ud[] = {
    0x0F, 0xC7, 0xC8,                        /* db 0x0f, 0xc7, 0xc8 */
    0xF4,                                    /* hlt */
};

START_TEST(cmpxchg8b_register_form_is_ud)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, cmpxchg8b_register_ud);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_UD);
    bench_free(b);
}
END_TEST

static const uint8_t xchg_cbw_cwd[] = {
    0x66, 0xB8, 0x80, 0xFF, 0x34, 0x12,      /* mov eax, 0x1234ff80 */
    0x66, 0x98,                              /* cwde */
    0x66, 0x89, 0xC3,                        /* mov ebx, eax */
    0x66, 0xB8, 0x00, 0x80, 0x00, 0x00,      /* mov eax, 0x00008000 */
    0x66, 0x99,                              /* cdq */
    0x66, 0xB9, 0x55, 0x00, 0x00, 0x00,      /* mov ecx, 0x55 */
    0x66, 0x87, 0xCB,                        /* xchg ecx, ebx */
    0xF4,                                    /* hlt */
};

START_TEST(cwde_cdq_xchg)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, xchg_cbw_cwd);
    ck_assert_uint_eq(b->c->gpr[REG_ECX], 0xffffff80u);
    ck_assert_uint_eq(b->c->gpr[REG_EBX], 0x55);
    ck_assert_uint_eq(b->c->gpr[REG_EDX], 0);
    bench_free(b);
}
END_TEST

START_TEST(model_gates_486_and_pentium_instructions)
{
    struct bench *b = bench_new();
    ck_assert_int_eq(RUN_ON(CPU_386, ins_cmpxchg), EXC_UD);
    ck_assert_int_eq(RUN_ON(CPU_386, ins_xadd), EXC_UD);
    ck_assert_int_eq(RUN_ON(CPU_386, ins_bswap), EXC_UD);
    ck_assert_int_eq(RUN_ON(CPU_386, ins_cpuid), EXC_UD);
    ck_assert_int_eq(RUN_ON(CPU_386, ins_cmpxchg8b), EXC_UD);
    ck_assert_int_eq(RUN_ON(CPU_386, ins_rdtsc), EXC_UD);
    ck_assert_int_eq(RUN_ON(CPU_486, ins_cmpxchg), -1);
    ck_assert_int_eq(RUN_ON(CPU_486, ins_xadd), -1);
    ck_assert_int_eq(RUN_ON(CPU_486, ins_bswap), -1);
    ck_assert_int_eq(RUN_ON(CPU_486, ins_cpuid), -1);
    ck_assert_int_eq(RUN_ON(CPU_486, ins_cmpxchg8b), EXC_UD);
    ck_assert_int_eq(RUN_ON(CPU_486, ins_rdtsc), EXC_UD);
    ck_assert_int_eq(RUN_ON(CPU_586, ins_cmpxchg8b), -1);
    ck_assert_int_eq(RUN_ON(CPU_586, ins_rdtsc), -1);
    bench_free(b);
}
END_TEST

static Suite *mov_suite(void)
{
    Suite *s = suite_create("cpu_mov");
    TCase *tc = tcase_create("mov");
    tcase_add_test(tc, movzx_movsx_widths);
    tcase_add_test(tc, movsx_movzx_from_high_byte);
    tcase_add_test(tc, bswap_reverses_bytes);
    tcase_add_test(tc, xadd_memory);
    tcase_add_test(tc, xadd_register_carry);
    tcase_add_test(tc, xadd_same_register_keeps_sum);
    tcase_add_test(tc, cmpxchg_equal_stores_source);
    tcase_add_test(tc, cmpxchg_differ_loads_accumulator);
    tcase_add_test(tc, cmpxchg_word_register);
    tcase_add_test(tc, cmpxchg8b_equal_stores_ecx_ebx);
    tcase_add_test(tc, cmpxchg8b_differ_loads_edx_eax);
    tcase_add_test(tc, cmpxchg8b_register_form_is_ud);
    tcase_add_test(tc, cwde_cdq_xchg);
    tcase_add_test(tc, model_gates_486_and_pentium_instructions);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(mov_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
