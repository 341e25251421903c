/* tests/unit/test_cpu_stack.c: PUSH/POP with 16- and 32-bit operands on
 * 16-bit (real mode) and 32-bit stacks (protected mode, SS.B = 1), PUSH SP
 * (the old value), POP SP, SP wrap-around, immediates, POP to an
 * ESP-based operand (addressed after the increment), PUSHA/POPA and
 * PUSHAD/POPAD (the SP slot is pushed and skipped), ENTER with nesting
 * levels and operand sizes other than the stack's, LEAVE, PUSHFD/POPFD
 * (AC and ID writable on a Pentium, VIF/VIP/VM not), and segment register
 * pushes and pops with a 32-bit operand.  Per the SDM's pseudocode of each
 * instruction; where it leaves a result implementation-specific (the upper
 * word written by a 32-bit PUSH Sreg) the test does not look. */
#include <check.h>

#include "tests/unit/cputest.h"

#define SP(b) (b->c->gpr[REG_ESP])
#define R(b, r) (b->c->gpr[REG_##r])

static const uint8_t push_pop_mixed[] = {
    0x66, 0xB8, 0x22, 0x22, 0x11, 0x11,      /* mov eax, 0x11112222 */
    0x66, 0xBB, 0x00, 0x00, 0x00, 0x00,      /* mov ebx, 0 */
    0x66, 0xB9, 0x00, 0x00, 0x33, 0x33,      /* mov ecx, 0x33330000 */
    0x50,                                    /* push ax */
    0x66, 0x50,                              /* push eax */
    0x66, 0x5B,                              /* pop ebx */
    0x59,                                    /* pop cx */
    0xF4,                                    /* hlt */
};

START_TEST(push_pop_mixed_sizes)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, push_pop_mixed);
    ck_assert_uint_eq(R(b, EBX), 0x11112222u);
    ck_assert_uint_eq(R(b, ECX), 0x33332222u);
    ck_assert_uint_eq(SP(b), 0x8000);
    bench_free(b);
}
END_TEST

static const uint8_t push_sp_old_value[] = {
    0x54,                                    /* push sp */
    0x58,                                    /* pop ax */
    0xF4,                                    /* hlt */
};

START_TEST(push_sp_pushes_value_before_push)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, push_sp_old_value);
    ck_assert_uint_eq(R(b, EAX) & 0xffff, 0x8000);
    bench_free(b);
}
END_TEST

static const uint8_t pop_sp[] = {
    0x68, 0x34, 0x12,                        /* push word 0x1234 */
    0x5C,                                    /* pop sp */
    0xF4,                                    /* hlt */
};

START_TEST(pop_sp_takes_popped_value)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, pop_sp);
    ck_assert_uint_eq(SP(b), 0x1234);
    bench_free(b);
}
END_TEST

static const uint8_t sp_wraps[] = {
    0xBC, 0x00, 0x00,                        /* mov sp, 0 */
    0xB8, 0xEF, 0xBE,                        /* mov ax, 0xbeef */
    0x50,                                    /* push ax */
    0xF4,                                    /* hlt */
};

START_TEST(push_wraps_sp_within_segment)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, sp_wraps);
    ck_assert_uint_eq(SP(b), 0xfffe);
    ck_assert_uint_eq(bench_rd16(b, 0xfffe), 0xbeef);
    bench_free(b);
}
END_TEST

static const uint8_t push_immediates[] = {
    0x6A, 0xFE,                              /* push byte -2 */
    0x66, 0x68, 0x78, 0x56, 0x34, 0x12,      /* push dword 0x12345678 */
    0x66, 0x6A, 0xFE,                        /* o32 push byte -2 */
    0x68, 0x21, 0x43,                        /* push word 0x4321 */
    0xF4,                                    /* hlt */
};

START_TEST(push_immediate_sizes)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, push_immediates);
    ck_assert_uint_eq(SP(b), 0x7ff4);
    ck_assert_uint_eq(bench_rd16(b, 0x7ffe), 0xfffe);
    ck_assert_uint_eq(bench_rd32(b, 0x7ffa), 0x12345678u);
    ck_assert_uint_eq(bench_rd32(b, 0x7ff6), 0xfffffffeu);
    ck_assert_uint_eq(bench_rd16(b, 0x7ff4), 0x4321);
    bench_free(b);
}
END_TEST

static const uint8_t pop_mem_esp_based[] = {
    0x66, 0x68, 0x11, 0x11, 0x11, 0x11,      /* push dword 0x11111111 */
    0x66, 0x68, 0x22, 0x22, 0x22, 0x22,      /* push dword 0x22222222 */
    0x66, 0x67, 0x8F, 0x04, 0x24,            /* pop dword [esp] */
    0xF4,                                    /* hlt */
};

START_TEST(pop_to_esp_based_operand_uses_new_esp)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, pop_mem_esp_based);
    ck_assert_uint_eq(SP(b), 0x7ffc);
    ck_assert_uint_eq(bench_rd32(b, 0x7ffc), 0x22222222u);
    bench_free(b);
}
END_TEST

static const uint8_t pusha16[] = {
    0xB8, 0x01, 0x00,                        /* mov ax, 1 */
    0xB9, 0x02, 0x00,                        /* mov cx, 2 */
    0xBA, 0x03, 0x00,                        /* mov dx, 3 */
    0xBB, 0x04, 0x00,                        /* mov bx, 4 */
    0xBD, 0x06, 0x00,                        /* mov bp, 6 */
    0xBE, 0x07, 0x00,                        /* mov si, 7 */
    0xBF, 0x08, 0x00,                        /* mov di, 8 */
    0x60,                                    /* pusha */
    0xF4,                                    /* hlt */
};

START_TEST(pusha_pushes_original_sp)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, pusha16);
    static const uint16_t want[8] = { 8, 7, 6, 0x8000, 4, 3, 2, 1 };
    ck_assert_uint_eq(SP(b), 0x7ff0);
    for (unsigned i = 0; i < 8; i++)
        ck_assert_uint_eq(bench_rd16(b, 0x7ff0 + 2 * i), want[i]);
    bench_free(b);
}
END_TEST

static const uint8_t popa16_skips_sp[] = {
    0xC7, 0x06, 0xF0, 0x7F, 0x08, 0x00,      /* mov word [0x7ff0], 8 */
    0xC7, 0x06, 0xF2, 0x7F, 0x07, 0x00,      /* mov word [0x7ff2], 7 */
    0xC7, 0x06, 0xF4, 0x7F, 0x06, 0x00,      /* mov word [0x7ff4], 6 */
    0xC7, 0x06, 0xF6, 0x7F, 0x11, 0x11,      /* mov word [0x7ff6], 0x1111 */
    0xC7, 0x06, 0xF8, 0x7F, 0x04, 0x00,      /* mov word [0x7ff8], 4 */
    0xC7, 0x06, 0xFA, 0x7F, 0x03, 0x00,      /* mov word [0x7ffa], 3 */
    0xC7, 0x06, 0xFC, 0x7F, 0x02, 0x00,      /* mov word [0x7ffc], 2 */
    0xC7, 0x06, 0xFE, 0x7F, 0x01, 0x00,      /* mov word [0x7ffe], 1 */
    0xBC, 0xF0, 0x7F,                        /* mov sp, 0x7ff0 */
    0x61,                                    /* popa */
    0xF4,                                    /* hlt */
};

START_TEST(popa_skips_sp_slot)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, popa16_skips_sp);
    ck_assert_uint_eq(R(b, EAX) & 0xffff, 1);
    ck_assert_uint_eq(R(b, ECX) & 0xffff, 2);
    ck_assert_uint_eq(R(b, EDX) & 0xffff, 3);
    ck_assert_uint_eq(R(b, EBX) & 0xffff, 4);
    ck_assert_uint_eq(R(b, EBP) & 0xffff, 6);
    ck_assert_uint_eq(R(b, ESI) & 0xffff, 7);
    ck_assert_uint_eq(R(b, EDI) & 0xffff, 8);
    ck_assert_uint_eq(SP(b), 0x8000);
    bench_free(b);
}
END_TEST

static const uint8_t enter16_nested[] = {
    0xBD, 0x00, 0x70,                        /* mov bp, 0x7000 */
    0xC7, 0x06, 0xFE, 0x6F, 0xAA, 0xAA,      /* mov word [0x6ffe], 0xaaaa */
    0xC7, 0x06, 0xFC, 0x6F, 0xBB, 0xBB,      /* mov word [0x6ffc], 0xbbbb */
    0xC8, 0x08, 0x00, 0x03,                  /* enter 8, 3 */
    0xF4,                                    /* hlt */
};

START_TEST(enter_level3_copies_two_frame_pointers)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, enter16_nested);
    ck_assert_uint_eq(R(b, EBP) & 0xffff, 0x7ffe);
    ck_assert_uint_eq(SP(b), 0x7ff0);
    ck_assert_uint_eq(bench_rd16(b, 0x7ffe), 0x7000);
    ck_assert_uint_eq(bench_rd16(b, 0x7ffc), 0xaaaa);
    ck_assert_uint_eq(bench_rd16(b, 0x7ffa), 0xbbbb);
    ck_assert_uint_eq(bench_rd16(b, 0x7ff8), 0x7ffe);
    bench_free(b);
}
END_TEST

static const uint8_t enter32_on_16bit_stack[] = {
    0x66, 0xBD, 0x00, 0x70, 0x00, 0x00,      /* mov ebp, 0x7000 */
    0x66, 0xC7, 0x06, 0xFC, 0x6F, 0xAA, 0xAA, 0xAA, 0xAA, /* mov dword [0x6ffc], 0xaaaaaaaa */
    0x66, 0xC8, 0x04, 0x00, 0x02,            /* o32 enter 4, 2 */
    0xF4,                                    /* hlt */
};

START_TEST(enter_32bit_operand_on_16bit_stack)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, enter32_on_16bit_stack);
    ck_assert_uint_eq(R(b, EBP), 0x7ffc);
    ck_assert_uint_eq(SP(b), 0x7ff0);
    ck_assert_uint_eq(bench_rd32(b, 0x7ffc), 0x7000);
    ck_assert_uint_eq(bench_rd32(b, 0x7ff8), 0xaaaaaaaau);
    ck_assert_uint_eq(bench_rd32(b, 0x7ff4), 0x7ffc);
    bench_free(b);
}
END_TEST

static const uint8_t enter_level0[] = {
    0xBD, 0x34, 0x12,                        /* mov bp, 0x1234 */
    0xC8, 0x10, 0x00, 0x00,                  /* enter 0x10, 0 */
    0xF4,                                    /* hlt */
};

START_TEST(enter_level0_allocates)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, enter_level0);
    ck_assert_uint_eq(R(b, EBP) & 0xffff, 0x7ffe);
    ck_assert_uint_eq(SP(b), 0x7fee);
    ck_assert_uint_eq(bench_rd16(b, 0x7ffe), 0x1234);
    bench_free(b);
}
END_TEST

static const uint8_t leave16[] = {
    0xBD, 0x00, 0x70,                        /* mov bp, 0x7000 */
    0xC7, 0x06, 0x00, 0x70, 0x34, 0x12,      /* mov word [0x7000], 0x1234 */
    0xC9,                                    /* leave */
    0xF4,                                    /* hlt */
};

START_TEST(leave_16)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, leave16);
    ck_assert_uint_eq(SP(b), 0x7002);
    ck_assert_uint_eq(R(b, EBP) & 0xffff, 0x1234);
    bench_free(b);
}
END_TEST

static const uint8_t leave32_on_16bit_stack[] = {
    0x66, 0xBD, 0x00, 0x70, 0x00, 0x00,      /* mov ebp, 0x7000 */
    0x66, 0xC7, 0x06, 0x00, 0x70, 0x78, 0x56, 0x34, 0x12, /* mov dword [0x7000], 0x12345678 */
    0x66, 0xC9,                              /* o32 leave */
    0xF4,                                    /* hlt */
};

START_TEST(leave_32bit_operand_on_16bit_stack)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, leave32_on_16bit_stack);
    ck_assert_uint_eq(SP(b), 0x7004);
    ck_assert_uint_eq(R(b, EBP), 0x12345678u);
    bench_free(b);
}
END_TEST

static const uint8_t popfd_pushfd[] = {
    0x66, 0x68, 0xD7, 0x6E, 0x3C, 0x00,      /* push dword 0x003c6ed7 */
    0x66, 0x9D,                              /* popfd */
    0x66, 0x9C,                              /* pushfd */
    0x66, 0x58,                              /* pop eax */
    0xF4,                                    /* hlt */
};

START_TEST(popfd_sets_ac_id_not_vif_vip)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, popfd_pushfd);
    ck_assert_uint_eq(R(b, EAX), 0x00246ed7u);
    bench_free(b);
}
END_TEST

static const uint8_t popf16_keeps_upper[] = {
    0x66, 0x68, 0x00, 0x00, 0x24, 0x00,      /* push dword 0x00240000 */
    0x66, 0x9D,                              /* popfd */
    0x68, 0xD7, 0x0E,                        /* push word 0x0ed7 */
    0x9D,                                    /* popf */
    0x66, 0x9C,                              /* pushfd */
    0x66, 0x58,                              /* pop eax */
    0xF4,                                    /* hlt */
};

START_TEST(popf16_keeps_upper_eflags)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, popf16_keeps_upper);
    ck_assert_uint_eq(R(b, EAX), 0x00240ed7u);
    bench_free(b);
}
END_TEST

static const uint8_t push_seg_32[] = {
    0xB8, 0x57, 0x13,                        /* mov ax, 0x1357 */
    0x8E, 0xD8,                              /* mov ds, ax */
    0x66, 0x1E,                              /* o32 push ds */
    0xF4,                                    /* hlt */
};

START_TEST(push_segment_32bit_writes_selector)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, push_seg_32);
    ck_assert_uint_eq(SP(b), 0x7ffc);
    ck_assert_uint_eq(bench_rd16(b, 0x7ffc), 0x1357);
    bench_free(b);
}
END_TEST

static const uint8_t pop_seg_32[] = {
    0x66, 0x68, 0x34, 0x12, 0x00, 0x00,      /* push dword 0x00001234 */
    0x66, 0x07,                              /* o32 pop es */
    0xF4,                                    /* hlt */
};

START_TEST(pop_segment_32bit)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, pop_seg_32);
    ck_assert_uint_eq(SP(b), 0x8000);
    ck_assert_uint_eq(b->c->seg[SEG_ES].sel, 0x1234);
    ck_assert_uint_eq(b->c->seg[SEG_ES].base, 0x12340);
    bench_free(b);
}
END_TEST

static const uint8_t pm_push_pop[] = {
    0xB8, 0x22, 0x22, 0x11, 0x11,            /* mov eax, 0x11112222 */
    0x50,                                    /* push eax */
    0x66, 0x50,                              /* push ax */
    0x66, 0x5B,                              /* pop bx */
    0x59,                                    /* pop ecx */
    0xF4,                                    /* hlt */
};

START_TEST(pm_push_pop_on_32bit_stack)
{
    struct bench *b = bench_new();
    bench_pm32(b);
    BENCH_RUN_ALL(b, pm_push_pop);
    ck_assert_uint_eq(R(b, EBX), 0x2222);
    ck_assert_uint_eq(R(b, ECX), 0x11112222u);
    ck_assert_uint_eq(SP(b), PM_ESP);
    bench_free(b);
}
END_TEST

static const uint8_t pm_pushad_popad[] = {
    0xB8, 0x01, 0x00, 0x00, 0x00,            /* mov eax, 1 */
    0xB9, 0x02, 0x00, 0x00, 0x00,            /* mov ecx, 2 */
    0xBA, 0x03, 0x00, 0x00, 0x00,            /* mov edx, 3 */
    0xBB, 0x04, 0x00, 0x00, 0x00,            /* mov ebx, 4 */
    0xBD, 0x06, 0x00, 0x00, 0x00,            /* mov ebp, 6 */
    0xBE, 0x07, 0x00, 0x00, 0x00,            /* mov esi, 7 */
    0xBF, 0x08, 0x00, 0x00, 0x00,            /* mov edi, 8 */
    0x60,                                    /* pushad */
    0x8B, 0x44, 0x24, 0x0C,                  /* mov eax, [esp+12] */
    0xA3, 0x00, 0x20, 0x00, 0x00,            /* mov [0x2000], eax */
    0xC7, 0x44, 0x24, 0x0C, 0xEF, 0xBE, 0xAD, 0xDE, /* mov dword [esp+12], 0xdeadbeef */
    0x31, 0xC0,                              /* xor eax, eax */
    0x31, 0xC9,                              /* xor ecx, ecx */
    0x31, 0xD2,                              /* xor edx, edx */
    0x31, 0xDB,                              /* xor ebx, ebx */
    0x31, 0xED,                              /* xor ebp, ebp */
    0x31, 0xF6,                              /* xor esi, esi */
    0x31, 0xFF,                              /* xor edi, edi */
    0x61,                                    /* popad */
    0xF4,                                    /* hlt */
};

START_TEST(pm_pushad_then_popad)
{
    struct bench *b = bench_new();
    bench_pm32(b);
    BENCH_RUN_ALL(b, pm_pushad_popad);
    ck_assert_uint_eq(bench_rd32(b, 0x2000), PM_ESP);
    ck_assert_uint_eq(R(b, EAX), 1);
    ck_assert_uint_eq(R(b, ECX), 2);
    ck_assert_uint_eq(R(b, EDX), 3);
    ck_assert_uint_eq(R(b, EBX), 4);
    ck_assert_uint_eq(R(b, EBP), 6);
    ck_assert_uint_eq(R(b, ESI), 7);
    ck_assert_uint_eq(R(b, EDI), 8);
    ck_assert_uint_eq(SP(b), PM_ESP);
    bench_free(b);
}
END_TEST

static const uint8_t pm_enter32_nested[] = {
    0xBD, 0x00, 0x88, 0x00, 0x00,            /* mov ebp, 0x8800 */
    0xC7, 0x05, 0xFC, 0x87, 0x00, 0x00, 0x11, 0x11, 0x11, 0x11, /* mov dword [0x87fc], 0x11111111 */
    0xC7, 0x05, 0xF8, 0x87, 0x00, 0x00, 0x22, 0x22, 0x22, 0x22, /* mov dword [0x87f8], 0x22222222 */
    0xC8, 0x10, 0x00, 0x03,                  /* enter 0x10, 3 */
    0xF4,                                    /* hlt */
};

START_TEST(pm_enter_level3_32bit)
{
    struct bench *b = bench_new();
    bench_pm32(b);
    BENCH_RUN_ALL(b, pm_enter32_nested);
    ck_assert_uint_eq(R(b, EBP), 0x8ffc);
    ck_assert_uint_eq(SP(b), 0x8fe0);
    ck_assert_uint_eq(bench_rd32(b, 0x8ffc), 0x8800);
    ck_assert_uint_eq(bench_rd32(b, 0x8ff8), 0x11111111u);
    ck_assert_uint_eq(bench_rd32(b, 0x8ff4), 0x22222222u);
    ck_assert_uint_eq(bench_rd32(b, 0x8ff0), 0x8ffc);
    bench_free(b);
}
END_TEST

static const uint8_t pm_enter16_on_32bit_stack[] = {
    0xBD, 0x00, 0x88, 0x00, 0x00,            /* mov ebp, 0x8800 */
    0x66, 0xC7, 0x05, 0xFE, 0x87, 0x00, 0x00, 0x33, 0x33, /* mov word [0x87fe], 0x3333 */
    0x66, 0xC8, 0x04, 0x00, 0x02,            /* o16 enter 4, 2 */
    0xF4,                                    /* hlt */
};

START_TEST(pm_enter_16bit_operand_on_32bit_stack)
{
    struct bench *b = bench_new();
    bench_pm32(b);
    BENCH_RUN_ALL(b, pm_enter16_on_32bit_stack);
    ck_assert_uint_eq(R(b, EBP), 0x8ffe);
    ck_assert_uint_eq(SP(b), 0x8ff6);
    ck_assert_uint_eq(bench_rd16(b, 0x8ffe), 0x8800);
    ck_assert_uint_eq(bench_rd16(b, 0x8ffc), 0x3333);
    ck_assert_uint_eq(bench_rd16(b, 0x8ffa), 0x8ffe);
    bench_free(b);
}
END_TEST

static const uint8_t pm_leave32[] = {
    0xBD, 0x00, 0x80, 0x00, 0x00,            /* mov ebp, 0x8000 */
    0xC7, 0x05, 0x00, 0x80, 0x00, 0x00, 0x78, 0x56, 0x34, 0x12, /* mov dword [0x8000], 0x12345678 */
    0xC9,                                    /* leave */
    0xF4,                                    /* hlt */
};

START_TEST(pm_leave_32)
{
    struct bench *b = bench_new();
    bench_pm32(b);
    BENCH_RUN_ALL(b, pm_leave32);
    ck_assert_uint_eq(SP(b), 0x8004);
    ck_assert_uint_eq(R(b, EBP), 0x12345678u);
    bench_free(b);
}
END_TEST

static const uint8_t pm_16bit_stack_segment[] = {
    0x66, 0xB8, 0x20, 0x00,                  /* mov ax, 0x20 */
    0x8E, 0xD0,                              /* mov ss, ax */
    0xBC, 0x10, 0x00, 0xCD, 0xAB,            /* mov esp, 0xabcd0010 */
    0xB8, 0x88, 0x77, 0x66, 0x55,            /* mov eax, 0x55667788 */
    0x50,                                    /* push eax */
    0xF4,                                    /* hlt */
};

START_TEST(pm_16bit_stack_segment_uses_sp)
{
    struct bench *b = bench_new();
    bench_pm32(b);
    BENCH_RUN_ALL(b, pm_16bit_stack_segment);
    ck_assert_uint_eq(SP(b), 0xabcd000cu);
    ck_assert_uint_eq(bench_rd32(b, 0x000c), 0x55667788u);
    bench_free(b);
}
END_TEST

static Suite *stack_suite(void)
{
    Suite *s = suite_create("cpu_stack");
    TCase *tc = tcase_create("stack");
    tcase_add_test(tc, push_pop_mixed_sizes);
    tcase_add_test(tc, push_sp_pushes_value_before_push);
    tcase_add_test(tc, pop_sp_takes_popped_value);
    tcase_add_test(tc, push_wraps_sp_within_segment);
    tcase_add_test(tc, push_immediate_sizes);
    tcase_add_test(tc, pop_to_esp_based_operand_uses_new_esp);
    tcase_add_test(tc, pusha_pushes_original_sp);
    tcase_add_test(tc, popa_skips_sp_slot);
    tcase_add_test(tc, enter_level3_copies_two_frame_pointers);
    tcase_add_test(tc, enter_32bit_operand_on_16bit_stack);
    tcase_add_test(tc, enter_level0_allocates);
    tcase_add_test(tc, leave_16);
    tcase_add_test(tc, leave_32bit_operand_on_16bit_stack);
    tcase_add_test(tc, popfd_sets_ac_id_not_vif_vip);
    tcase_add_test(tc, popf16_keeps_upper_eflags);
    tcase_add_test(tc, push_segment_32bit_writes_selector);
    tcase_add_test(tc, pop_segment_32bit);
    tcase_add_test(tc, pm_push_pop_on_32bit_stack);
    tcase_add_test(tc, pm_pushad_then_popad);
    tcase_add_test(tc, pm_enter_level3_32bit);
    tcase_add_test(tc, pm_enter_16bit_operand_on_32bit_stack);
    tcase_add_test(tc, pm_leave_32);
    tcase_add_test(tc, pm_16bit_stack_segment_uses_sp);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(stack_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
