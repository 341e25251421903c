/* tests/unit/test_cpu_far.c: far CALL, RETF (with an immediate), JMP far
 * and IRET in real mode with 16- and 32-bit operand sizes (66h), near CALL
 * and RET with a 32-bit operand size, LOOP/LOOPE/LOOPNE and JCXZ/JECXZ
 * with 16- and 32-bit address sizes (67h selects CX or ECX), and branches
 * whose target lies past the 64 KiB CS limit (#GP(0) at the branch; SDM
 * Vol. 3, 20.1.3).  Far targets live at 0180:0000 (physical 1800h) and up. */
#include <check.h>

#include "tests/unit/cputest.h"

static const uint8_t far_target16[] = {
    0x89, 0xE3,                              /* mov bx, sp */
    0x8B, 0x0F,                              /* mov cx, [bx] */
    0x8B, 0x57, 0x02,                        /* mov dx, [bx+2] */
    0xCB,                                    /* retf */
};

static const uint8_t far_target32[] = {
    0x89, 0xE3,                              /* mov bx, sp */
    0x66, 0x8B, 0x0F,                        /* mov ecx, [bx] */
    0x66, 0x8B, 0x57, 0x04,                  /* mov edx, [bx+4] */
    0x66, 0xCB,                              /* o32 retf */
};

static const uint8_t far_target_retf4[] = {
    0x89, 0xE1,                              /* mov cx, sp */
    0xCA, 0x04, 0x00,                        /* retf 4 */
};

static const uint8_t far_target_hlt[] = {
    0xF4,                                    /* hlt */
};

#define R(b, r) (b->c->gpr[REG_##r])

/* The far-call targets: physical 1800h + 0 (16-bit RETF), + 10h (32-bit
 * RETF), + 20h (RETF 4), + 30h (HLT). */
static void targets(struct bench *b)
{
    bench_put(b, 0x1800, far_target16, sizeof far_target16);
    bench_put(b, 0x1810, far_target32, sizeof far_target32);
    bench_put(b, 0x1820, far_target_retf4, sizeof far_target_retf4);
    bench_put(b, 0x1830, far_target_hlt, sizeof far_target_hlt);
}

static const uint8_t call_far16[] = {
    0x9A, 0x00, 0x00, 0x80, 0x01,            /* call 0x0180:0x0000 */
    0xF4,                                    /* hlt */
};

START_TEST(call_far_16_pushes_cs_ip)
{
    struct bench *b = bench_new();
    targets(b);
    BENCH_RUN_ALL(b, call_far16);
    ck_assert_uint_eq(R(b, ECX) & 0xffff, CODE_IP + 5);
    ck_assert_uint_eq(R(b, EDX) & 0xffff, CODE_SEG);
    ck_assert_uint_eq(R(b, ESP), BENCH_SP);
    bench_free(b);
}
END_TEST

static const uint8_t call_far32[] = {
    0x66, 0x9A, 0x10, 0x00, 0x00, 0x00, 0x80, 0x01, /* call dword 0x0180:0x00000010 */
    0xF4,                                    /* hlt */
};

START_TEST(call_far_32_pushes_dwords)
{
    struct bench *b = bench_new();
    targets(b);
    BENCH_RUN_ALL(b, call_far32);
    ck_assert_uint_eq(R(b, ECX), CODE_IP + 8);
    ck_assert_uint_eq(R(b, EDX) & 0xffff, CODE_SEG);
    ck_assert_uint_eq(R(b, ESP), BENCH_SP);
    bench_free(b);
}
END_TEST

static const uint8_t retf_imm[] = {
    0x68, 0x11, 0x11,                        /* push word 0x1111 */
    0x68, 0x22, 0x22,                        /* push word 0x2222 */
    0x9A, 0x20, 0x00, 0x80, 0x01,            /* call 0x0180:0x0020 */
    0xF4,                                    /* hlt */
};

START_TEST(retf_imm_releases_parameters)
{
    struct bench *b = bench_new();
    targets(b);
    BENCH_RUN_ALL(b, retf_imm);
    ck_assert_uint_eq(R(b, ECX) & 0xffff, BENCH_SP - 8);
    ck_assert_uint_eq(R(b, ESP), BENCH_SP);
    bench_free(b);
}
END_TEST

static const uint8_t iret32[] = {
    0x66, 0x68, 0xD7, 0x0E, 0x24, 0x00,      /* push dword 0x00240ed7 */
    0x66, 0x6A, 0x00,                        /* push dword 0 */
    0x66, 0x68, 0x11, 0x10, 0x00, 0x00,      /* push dword iret32_target */
    0x66, 0xCF,                              /* o32 iret */
    0x66, 0x9C,                              /* pushfd */
    0x66, 0x58,                              /* pop eax */
    0xF4,                                    /* hlt */
};

START_TEST(iret_32_loads_eflags)
{
    struct bench *b = bench_new();
    targets(b);
    BENCH_RUN_ALL(b, iret32);
    ck_assert_uint_eq(R(b, EAX), 0x00240ed7u);
    ck_assert_uint_eq(R(b, ESP), BENCH_SP);
    bench_free(b);
}
END_TEST

static const uint8_t iret16_keeps_upper[] = {
    0x66, 0x68, 0x00, 0x00, 0x24, 0x00,      /* push dword 0x00240000 */
    0x66, 0x9D,                              /* popfd */
    0x68, 0xD7, 0x0C,                        /* push word 0x0cd7 */
    0x0E,                                    /* push cs */
    0x68, 0x10, 0x10,                        /* push word iret16_target */
    0xCF,                                    /* iret */
    0x66, 0x9C,                              /* pushfd */
    0x66, 0x58,                              /* pop eax */
    0xF4,                                    /* hlt */
};

START_TEST(iret_16_keeps_upper_eflags)
{
    struct bench *b = bench_new();
    targets(b);
    BENCH_RUN_ALL(b, iret16_keeps_upper);
    ck_assert_uint_eq(R(b, EAX), 0x00240cd7u);
    ck_assert_uint_eq(R(b, ESP), BENCH_SP);
    bench_free(b);
}
END_TEST

static const uint8_t loop_a32[] = {
    0x66, 0xB9, 0x01, 0x00, 0x01, 0x00,      /* mov ecx, 0x00010001 */
    0x67, 0xE2, 0x02,                        /* a32 loop .l1 */
    0xB0, 0x01,                              /* mov al, 1 */
    0xB3, 0x02,                              /* .l1: mov bl, 2 */
    0xF4,                                    /* hlt */
};

START_TEST(loop_32bit_address_uses_ecx)
{
    struct bench *b = bench_new();
    targets(b);
    BENCH_RUN_ALL(b, loop_a32);
    ck_assert_uint_eq(R(b, ECX), 0x00010000u);
    ck_assert_uint_eq(R(b, EAX) & 0xff, 0);
    ck_assert_uint_eq(R(b, EBX) & 0xff, 2);
    bench_free(b);
}
END_TEST

static const uint8_t loop_a16[] = {
    0x66, 0xB9, 0x01, 0x00, 0x01, 0x00,      /* mov ecx, 0x00010001 */
    0xE2, 0x02,                              /* loop .l1 */
    0xB0, 0x01,                              /* mov al, 1 */
    0xF4,                                    /* .l1: hlt */
};

START_TEST(loop_16bit_address_uses_cx)
{
    struct bench *b = bench_new();
    targets(b);
    BENCH_RUN_ALL(b, loop_a16);
    ck_assert_uint_eq(R(b, ECX), 0x00010000u);
    ck_assert_uint_eq(R(b, EAX) & 0xff, 1);
    bench_free(b);
}
END_TEST

static const uint8_t jcxz_jecxz[] = {
    0x66, 0xB9, 0x00, 0x00, 0x01, 0x00,      /* mov ecx, 0x00010000 */
    0xE3, 0x02,                              /* jcxz .a */
    0xB0, 0x01,                              /* mov al, 1 */
    0x67, 0xE3, 0x02,                        /* .a: a32 jcxz .b */
    0xB3, 0x01,                              /* mov bl, 1 */
    0xF4,                                    /* .b: hlt */
};

START_TEST(jcxz_tests_cx_jecxz_tests_ecx)
{
    struct bench *b = bench_new();
    targets(b);
    BENCH_RUN_ALL(b, jcxz_jecxz);
    ck_assert_uint_eq(R(b, EAX) & 0xff, 0);
    ck_assert_uint_eq(R(b, EBX) & 0xff, 1);
    bench_free(b);
}
END_TEST

static const uint8_t loope_loopne[] = {
    0xB9, 0x03, 0x00,                        /* mov cx, 3 */
    0x31, 0xC0,                              /* xor ax, ax */
    0xE1, 0xFE,                              /* .l: loope .l */
    0x89, 0xCE,                              /* mov si, cx */
    0xB9, 0x03, 0x00,                        /* mov cx, 3 */
    0x31, 0xC0,                              /* xor ax, ax */
    0xE0, 0xFE,                              /* .m: loopne .m */
    0xF4,                                    /* hlt */
};

START_TEST(loope_and_loopne_follow_zf)
{
    struct bench *b = bench_new();
    targets(b);
    BENCH_RUN_ALL(b, loope_loopne);
    ck_assert_uint_eq(R(b, ESI) & 0xffff, 0);
    ck_assert_uint_eq(R(b, ECX) & 0xffff, 2);
    bench_free(b);
}
END_TEST

static const uint8_t jmp_rel32_past_limit[] = {
    0x66, 0xE9, 0xFF, 0xEF, 0x00, 0x00,      /* jmp dword 0x10005 */
    0xF4,                                    /* hlt */
};

START_TEST(jmp_rel32_past_cs_limit_is_gp)
{
    struct bench *b = bench_new();
    targets(b);
    BENCH_CODE(b, jmp_rel32_past_limit);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_GP);
    ck_assert_uint_eq(bench_frame(b).ip, CODE_IP);
    bench_free(b);
}
END_TEST

static const uint8_t near_call_ret_32[] = {
    0x66, 0xE8, 0x01, 0x00, 0x00, 0x00,      /* call dword .t */
    0xF4,                                    /* hlt */
    0x89, 0xE3,                              /* .t: mov bx, sp */
    0x66, 0x8B, 0x0F,                        /* mov ecx, [bx] */
    0x66, 0xC3,                              /* o32 ret */
};

START_TEST(call_ret_near_32bit_operand)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, near_call_ret_32);
    bench_run(b);
    ck_assert_uint_eq(b->c->eip, CODE_IP + 7);
    ck_assert_uint_eq(R(b, ECX), CODE_IP + 6);
    ck_assert_uint_eq(R(b, ESP), BENCH_SP);
    bench_free(b);
}
END_TEST

static const uint8_t jmp_far32[] = {
    0x66, 0xEA, 0x30, 0x00, 0x00, 0x00, 0x80, 0x01, /* jmp dword 0x0180:0x00000030 */
};

START_TEST(jmp_far_32bit_offset)
{
    struct bench *b = bench_new();
    targets(b);
    BENCH_CODE(b, jmp_far32);
    bench_run(b);
    ck_assert_uint_eq(b->c->seg[SEG_CS].sel, 0x0180);
    ck_assert_uint_eq(b->c->seg[SEG_CS].base, 0x1800);
    ck_assert_uint_eq(b->c->eip, 0x31);
    bench_free(b);
}
END_TEST

static const uint8_t jmp_far_past_limit[] = {
    0x66, 0xEA, 0x00, 0x00, 0x01, 0x00, 0x80, 0x01, /* jmp dword 0x0180:0x00010000 */
    0xF4,                                    /* hlt */
};

START_TEST(jmp_far_offset_past_limit_is_gp)
{
    struct bench *b = bench_new();
    targets(b);
    BENCH_CODE(b, jmp_far_past_limit);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_GP);
    ck_assert_uint_eq(bench_frame(b).ip, CODE_IP);
    ck_assert_uint_eq(bench_frame(b).cs, CODE_SEG);
    bench_free(b);
}
END_TEST

static Suite *far_suite(void)
{
    Suite *s = suite_create("cpu_far");
    TCase *tc = tcase_create("far");
    tcase_add_test(tc, call_far_16_pushes_cs_ip);
    tcase_add_test(tc, call_far_32_pushes_dwords);
    tcase_add_test(tc, retf_imm_releases_parameters);
    tcase_add_test(tc, iret_32_loads_eflags);
    tcase_add_test(tc, iret_16_keeps_upper_eflags);
    tcase_add_test(tc, loop_32bit_address_uses_ecx);
    tcase_add_test(tc, loop_16bit_address_uses_cx);
    tcase_add_test(tc, jcxz_tests_cx_jecxz_tests_ecx);
    tcase_add_test(tc, loope_and_loopne_follow_zf);
    tcase_add_test(tc, jmp_rel32_past_cs_limit_is_gp);
    tcase_add_test(tc, call_ret_near_32bit_operand);
    tcase_add_test(tc, jmp_far_32bit_offset);
    tcase_add_test(tc, jmp_far_offset_past_limit_is_gp);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(far_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
