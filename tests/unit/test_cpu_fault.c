/* tests/unit/test_cpu_fault.c: exceptions and events in real mode and a
 * few in protected mode: offset-limit faults (#GP, and #SS through SS, for
 * words and dwords straddling offset FFFFh; SDM Vol. 3, 20.1.3 and PUSH),
 * the exceptions that go through the IVT (#DE #DB #BP #OF #BR #UD #NM),
 * double and triple faults (Vol. 3, 6.15 Table 6-5), TF single-stepping
 * and its suppression after MOV SS / POP SS (Vol. 3, 6.8.3), HLT woken by
 * INTR and the STI shadow (a fake PIC answers INTA), the 15-byte
 * instruction limit, self-modifying code, a REP MOVS that faults half-way
 * (the registers show the completed elements: Vol. 1, 7.3.9.3), and the
 * RF bit in the EFLAGS image of fault frames (Vol. 3, 17.3.1.1). */
#include <check.h>

#include "cpu/icache.h"
#include "tests/unit/cputest.h"

static const uint8_t step_handler[] = {
    0x55,                                    /* push bp */
    0x89, 0xE5,                              /* mov bp, sp */
    0x50,                                    /* push ax */
    0x53,                                    /* push bx */
    0x8B, 0x1E, 0x00, 0x20,                  /* mov bx, [0x2000] */
    0x8B, 0x46, 0x02,                        /* mov ax, [bp+2] */
    0x89, 0x87, 0x02, 0x20,                  /* mov [bx+0x2002], ax */
    0x83, 0x06, 0x00, 0x20, 0x02,            /* add word [0x2000], 2 */
    0x5B,                                    /* pop bx */
    0x58,                                    /* pop ax */
    0x5D,                                    /* pop bp */
    0xCF,                                    /* iret */
};

static const uint8_t intr_handler[] = {
    0x55,                                    /* push bp */
    0x89, 0xE5,                              /* mov bp, sp */
    0x50,                                    /* push ax */
    0x8B, 0x46, 0x02,                        /* mov ax, [bp+2] */
    0xA3, 0x02, 0x20,                        /* mov [0x2002], ax */
    0xC6, 0x06, 0x04, 0x20, 0x55,            /* mov byte [0x2004], 0x55 */
    0x58,                                    /* pop ax */
    0x5D,                                    /* pop bp */
    0xCF,                                    /* iret */
};

/* Frame IP of the instruction `back` bytes before the closing HLT. */
#define BEFORE_HLT(arr, back) (CODE_IP + sizeof(arr) - 1 - (back))

static const uint8_t word_at_ffff[] = {
    0xA1, 0xFF, 0xFF,                        /* mov ax, [0xffff] */
    0xF4,                                    /* hlt */
};

/* A word at FFFFh would span FFFFh-10000h: past the 64 KiB limit. */
START_TEST(word_at_offset_ffff_is_gp)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, word_at_ffff);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_GP);
    ck_assert_uint_eq(bench_frame(b).ip, CODE_IP);
    bench_free(b);
}
END_TEST

static const uint8_t bp_word_at_ffff[] = {
    0xBD, 0xFF, 0xFF,                        /* mov bp, 0xffff */
    0x8B, 0x46, 0x00,                        /* mov ax, [bp] */
    0xF4,                                    /* hlt */
};

/* The same through BP, whose default segment is SS: #SS. */
START_TEST(bp_word_at_ffff_is_ss)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, bp_word_at_ffff);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_SS);
    ck_assert_uint_eq(bench_frame(b).ip, BEFORE_HLT(bp_word_at_ffff, 3));
    bench_free(b);
}
END_TEST

static const uint8_t dword_at_fffd[] = {
    0x66, 0xA1, 0xFD, 0xFF,                  /* mov eax, [0xfffd] */
    0xF4,                                    /* hlt */
};

START_TEST(dword_at_fffd_is_gp)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, dword_at_fffd);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_GP);
    ck_assert_uint_eq(bench_frame(b).ip, CODE_IP);
    bench_free(b);
}
END_TEST

static const uint8_t dword_at_fffc[] = {
    0x66, 0xA1, 0xFC, 0xFF,                  /* mov eax, [0xfffc] */
    0x8A, 0x1E, 0xFF, 0xFF,                  /* mov bl, [0xffff] */
    0xF4,                                    /* hlt */
};

START_TEST(dword_at_fffc_and_byte_at_ffff_fit)
{
    struct bench *b = bench_new();
    bench_wr32(b, 0xfffc, 0x44332211u);
    BENCH_RUN_ALL(b, dword_at_fffc);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0x44332211u);
    ck_assert_uint_eq(b->c->gpr[REG_EBX] & 0xff, 0x44);
    bench_free(b);
}
END_TEST

static const uint8_t es_write_word_ffff[] = {
    0x26, 0xA3, 0xFF, 0xFF,                  /* mov word [es:0xffff], ax */
    0xF4,                                    /* hlt */
};

START_TEST(es_word_write_at_ffff_is_gp)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, es_write_word_ffff);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_GP);
    ck_assert_uint_eq(bench_frame(b).ip, CODE_IP);
    bench_free(b);
}
END_TEST

static const uint8_t push_sp1[] = {
    0xBC, 0x01, 0x00,                        /* mov sp, 1 */
    0x50,                                    /* push ax */
    0xF4,                                    /* hlt */
};

/* SDM PUSH: with SP = 1 in real mode the #SS cannot be delivered either
 * (its own pushes fault the same way): #DF, then shutdown. */
START_TEST(push_with_sp_1_shuts_down)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, push_sp1);
    ck_assert_int_eq(cpu_run(b->c, BENCH_STEPS), CPU_EXIT_RESET);
    bench_free(b);
}
END_TEST

static const uint8_t div0[] = {
    0x31, 0xC9,                              /* xor cx, cx */
    0xB8, 0x01, 0x00,                        /* mov ax, 1 */
    0xF7, 0xF1,                              /* div cx */
    0xF4,                                    /* hlt */
};

START_TEST(div_by_zero_is_de_fault)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, div0);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_DE);
    ck_assert_uint_eq(bench_frame(b).ip, BEFORE_HLT(div0, 2));
    ck_assert_uint_eq(b->c->gpr[REG_EAX] & 0xffff, 1);
    bench_free(b);
}
END_TEST

static const uint8_t int3_trap[] = {
    0xCC,                                    /* int3 */
    0xF4,                                    /* hlt */
};

START_TEST(int3_is_a_trap)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, int3_trap);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_BP);
    ck_assert_uint_eq(bench_frame(b).ip, CODE_IP + 1);
    ck_assert_uint_eq(bench_frame(b).cs, CODE_SEG);
    bench_free(b);
}
END_TEST

static const uint8_t into_taken[] = {
    0xB0, 0x7F,                              /* mov al, 0x7f */
    0x04, 0x01,                              /* add al, 1 */
    0xCE,                                    /* into */
    0xF4,                                    /* hlt */
};

START_TEST(into_with_of_traps)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, into_taken);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_OF);
    ck_assert_uint_eq(bench_frame(b).ip, BEFORE_HLT(into_taken, 0));
    ck_assert(bench_frame(b).flags & EFLAGS_OF);
    bench_free(b);
}
END_TEST

static const uint8_t into_not_taken[] = {
    0xB0, 0x01,                              /* mov al, 1 */
    0x04, 0x01,                              /* add al, 1 */
    0xCE,                                    /* into */
    0xF4,                                    /* hlt */
};

START_TEST(into_without_of_continues)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, into_not_taken);
    bench_free(b);
}
END_TEST

static const uint8_t bound_out[] = {
    0x66, 0xC7, 0x06, 0x00, 0x20, 0x00, 0x00, 0x04, 0x00, /* mov dword [0x2000], 0x00040000 */
    0xB8, 0x05, 0x00,                        /* mov ax, 5 */
    0x62, 0x06, 0x00, 0x20,                  /* bound ax, [0x2000] */
    0xF4,                                    /* hlt */
};

START_TEST(bound_out_of_range_is_br_fault)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, bound_out);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_BR);
    ck_assert_uint_eq(bench_frame(b).ip, BEFORE_HLT(bound_out, 4));
    bench_free(b);
}
END_TEST

static const uint8_t bound_in[] = {
    0x66, 0xC7, 0x06, 0x00, 0x20, 0x02, 0x00, 0x06, 0x00, /* mov dword [0x2000], 0x00060002 */
    0xB8, 0x05, 0x00,                        /* mov ax, 5 */
    0x62, 0x06, 0x00, 0x20,                  /* bound ax, [0x2000] */
    0xF4,                                    /* hlt */
};

START_TEST(bound_in_range_continues)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, bound_in);
    bench_free(b);
}
END_TEST

static const uint8_t ud2_fault[] = {
    0x0F, 0x0B,                              /* ud2 */
    0xF4,                                    /* hlt */
};

START_TEST(ud2_is_ud_fault)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, ud2_fault);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_UD);
    ck_assert_uint_eq(bench_frame(b).ip, CODE_IP);
    bench_free(b);
}
END_TEST

static const uint8_t esc_em[] = {
    0x0F, 0x20, 0xC0,                        /* mov eax, cr0 */
    0x0C, 0x04,                              /* or al, 4 */
    0x0F, 0x22, 0xC0,                        /* mov cr0, eax */
    0xDC, 0xC0,                              /* fadd st0, st0 */
    0xF4,                                    /* hlt */
};

/* SDM Vol. 3, Table 2-2: ESC with EM set, WAIT with TS and MP set, ESC
 * with TS set: #NM. */
START_TEST(esc_with_cr0_em_is_nm)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, esc_em);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_NM);
    ck_assert_uint_eq(bench_frame(b).ip, BEFORE_HLT(esc_em, 2));
    bench_free(b);
}
END_TEST

static const uint8_t wait_ts_mp[] = {
    0x0F, 0x20, 0xC0,                        /* mov eax, cr0 */
    0x0C, 0x0A,                              /* or al, 0x0a */
    0x0F, 0x22, 0xC0,                        /* mov cr0, eax */
    0x9B,                                    /* wait */
    0xF4,                                    /* hlt */
};

START_TEST(wait_with_ts_and_mp_is_nm)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, wait_ts_mp);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_NM);
    ck_assert_uint_eq(bench_frame(b).ip, BEFORE_HLT(wait_ts_mp, 1));
    bench_free(b);
}
END_TEST

static const uint8_t esc_ts[] = {
    0x0F, 0x20, 0xC0,                        /* mov eax, cr0 */
    0x0C, 0x08,                              /* or al, 0x08 */
    0x0F, 0x22, 0xC0,                        /* mov cr0, eax */
    0xDC, 0xC0,                              /* fadd st0, st0 */
    0xF4,                                    /* hlt */
};

START_TEST(esc_with_cr0_ts_is_nm)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, esc_ts);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_NM);
    ck_assert_uint_eq(bench_frame(b).ip, BEFORE_HLT(esc_ts, 2));
    bench_free(b);
}
END_TEST

static const uint8_t double_fault[] = {
    0x0F, 0x01, 0x1E, 0x09, 0x10,            /* lidt [idt_small] */
    0xA1, 0xFF, 0xFF,                        /* mov ax, [0xffff] */
    0xF4,                                    /* hlt */
    0x27, 0x00,                              /* idt_small: dw 0x27 */
    0x00, 0x00, 0x00, 0x00,                  /* dd 0 */
};

/* The #GP of the MOV cannot be delivered: vector 13 lies past an IDTR
 * limit of 27h.  Two contributory faults make #DF (vector 8, inside). */
START_TEST(gp_whose_vector_is_past_idt_limit_double_faults)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, double_fault);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_DF);
    bench_free(b);
}
END_TEST

static const uint8_t triple_fault[] = {
    0x0F, 0x01, 0x1E, 0x09, 0x10,            /* lidt [idt_tiny] */
    0xA1, 0xFF, 0xFF,                        /* mov ax, [0xffff] */
    0xF4,                                    /* hlt */
    0x1F, 0x00,                              /* idt_tiny: dw 0x1f */
    0x00, 0x00, 0x00, 0x00,                  /* dd 0 */
};

START_TEST(fault_delivering_double_fault_shuts_down)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, triple_fault);
    ck_assert_int_eq(cpu_run(b->c, BENCH_STEPS), CPU_EXIT_RESET);
    bench_free(b);
}
END_TEST

static const uint8_t tf_steps[] = {
    0xC7, 0x06, 0x00, 0x20, 0x00, 0x00,      /* mov word [0x2000], 0 */
    0x9C,                                    /* pushf */
    0x58,                                    /* pop ax */
    0x80, 0xCC, 0x01,                        /* or ah, 1 */
    0x50,                                    /* push ax */
    0x9D,                                    /* popf */
    0x90,                                    /* nop */
    0x90,                                    /* nop */
    0xBB, 0x00, 0x03,                        /* mov bx, 0x0300 */
    0x8E, 0xD3,                              /* mov ss, bx */
    0x90,                                    /* nop */
    0x9C,                                    /* pushf */
    0x58,                                    /* pop ax */
    0x80, 0xE4, 0xFE,                        /* and ah, 0xfe */
    0x50,                                    /* push ax */
    0x9D,                                    /* popf */
    0xF4,                                    /* hlt */
};

/* TF: a #DB trap after each instruction that starts with TF set, none
 * after the POPF that sets it, one after the POPF that clears it, and
 * none after MOV SS (the trap waits for the next instruction). */
START_TEST(tf_traps_after_each_instruction_but_mov_ss)
{
    struct bench *b = bench_new();
    bench_put(b, 0x1800, step_handler, sizeof step_handler);
    bench_set_vector(b, EXC_DB, 0, 0x1800);
    static const uint16_t want[] = { 0x100e, 0x100f, 0x1012, 0x1015, 0x1016, 0x1017, 0x101a,
                                     0x101b, 0x101c };
    BENCH_RUN_ALL(b, tf_steps);
    ck_assert_uint_eq(bench_rd16(b, 0x2000), 2 * sizeof want / sizeof want[0]);
    for (unsigned i = 0; i < sizeof want / sizeof want[0]; i++)
        ck_assert_uint_eq(bench_rd16(b, 0x2002 + 2 * i), want[i]);
    bench_free(b);
}
END_TEST

static const uint8_t tf_pop_ss[] = {
    0x16,                                    /* push ss */
    0x9C,                                    /* pushf */
    0x58,                                    /* pop ax */
    0x80, 0xCC, 0x01,                        /* or ah, 1 */
    0x50,                                    /* push ax */
    0x9D,                                    /* popf */
    0x90,                                    /* nop */
    0x17,                                    /* pop ss */
    0x90,                                    /* nop */
    0x9C,                                    /* pushf */
    0x58,                                    /* pop ax */
    0x80, 0xE4, 0xFE,                        /* and ah, 0xfe */
    0x50,                                    /* push ax */
    0x9D,                                    /* popf */
    0xF4,                                    /* hlt */
};

START_TEST(tf_trap_waits_after_pop_ss)
{
    struct bench *b = bench_new();
    bench_put(b, 0x1800, step_handler, sizeof step_handler);
    bench_set_vector(b, EXC_DB, 0, 0x1800);
    static const uint16_t want[] = { 0x1009, 0x100b, 0x100c, 0x100d, 0x1010, 0x1011, 0x1012 };
    BENCH_RUN_ALL(b, tf_pop_ss);
    ck_assert_uint_eq(bench_rd16(b, 0x2000), 2 * sizeof want / sizeof want[0]);
    for (unsigned i = 0; i < sizeof want / sizeof want[0]; i++)
        ck_assert_uint_eq(bench_rd16(b, 0x2002 + 2 * i), want[i]);
    bench_free(b);
}
END_TEST

static const uint8_t hlt_then_intr[] = {
    0xFB,                                    /* sti */
    0xF4,                                    /* hlt */
    0xA1, 0x02, 0x20,                        /* mov ax, [0x2002] */
    0xF4,                                    /* hlt */
};

START_TEST(hlt_wakes_on_intr_and_returns_after_hlt)
{
    struct bench *b = bench_new();
    b->intr_vector = 0x40;
    bench_set_vector(b, 0x40, 0, 0x1800);
    bench_put(b, 0x1800, intr_handler, sizeof intr_handler);
    BENCH_CODE(b, hlt_then_intr);
    bench_run(b);
    ck_assert_uint_eq(b->c->eip, CODE_IP + 2);
    ck_assert_uint_eq(b->intr_acks, 0);
    cpu_set_intr(b->c, true);
    bench_run(b);
    BENCH_DONE(b, hlt_then_intr);
    ck_assert_uint_eq(b->intr_acks, 1);
    ck_assert_uint_eq(bench_rd16(b, 0x2002), CODE_IP + 2);
    ck_assert_uint_eq(bench_rd8(b, 0x2004), 0x55);
    ck_assert_uint_eq(b->c->gpr[REG_EAX] & 0xffff, CODE_IP + 2);
    bench_free(b);
}
END_TEST

static const uint8_t sti_shadow[] = {
    0xFA,                                    /* cli */
    0xFB,                                    /* sti */
    0xC7, 0x06, 0x06, 0x20, 0x01, 0x00,      /* mov word [0x2006], 1 */
    0xF4,                                    /* hlt */
};

/* SDM STI: interrupts are recognised after the instruction that follows
 * STI. */
START_TEST(sti_delays_intr_by_one_instruction)
{
    struct bench *b = bench_new();
    b->intr_vector = 0x40;
    bench_set_vector(b, 0x40, 0, 0x1800);
    bench_put(b, 0x1800, intr_handler, sizeof intr_handler);
    cpu_set_intr(b->c, true);
    BENCH_RUN_ALL(b, sti_shadow);
    ck_assert_uint_eq(b->intr_acks, 1);
    ck_assert_uint_eq(bench_rd16(b, 0x2002), BEFORE_HLT(sti_shadow, 0));
    ck_assert_uint_eq(bench_rd16(b, 0x2006), 1);
    bench_free(b);
}
END_TEST

static const uint8_t if_clear_ignores_intr[] = {
    0xFA,                                    /* cli */
    0x90,                                    /* nop */
    0xF4,                                    /* hlt */
};

START_TEST(if_clear_leaves_intr_pending)
{
    struct bench *b = bench_new();
    cpu_set_intr(b->c, true);
    BENCH_RUN_ALL(b, if_clear_ignores_intr);
    ck_assert_uint_eq(b->intr_acks, 0);
    bench_free(b);
}
END_TEST

static const uint8_t len15[] = {
    0x2E, 0x2E, 0x2E, 0x2E, 0x2E, 0x2E, 0x2E, 0x2E, 0x2E, 0x2E, 0x2E, 0x2E, 0x2E, 0x2E, /* db 0x2e,0x2e,0x2e,0x2e,0x2e,0x2e,0x2e,0x2e,0x2e,0x2e,0x2e,0x2e,0x2e,0x2e */
    0x90,                                    /* nop */
    0xF4,                                    /* hlt */
};

START_TEST(fifteen_byte_instruction_runs)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, len15);
    bench_free(b);
}
END_TEST

static const uint8_t len16[] = {
    0x2E, 0x2E, 0x2E, 0x2E, 0x2E, 0x2E, 0x2E, 0x2E, 0x2E, 0x2E, 0x2E, 0x2E, 0x2E, 0x2E, 0x2E, /* db 0x2e,0x2e,0x2e,0x2e,0x2e,0x2e,0x2e,0x2e,0x2e,0x2e,0x2e,0x2e,0x2e,0x2e,0x2e */
    0x90,                                    /* nop */
    0xF4,                                    /* hlt */
};

START_TEST(sixteen_byte_instruction_is_gp)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, len16);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_GP);
    ck_assert_uint_eq(bench_frame(b).ip, CODE_IP);
    bench_free(b);
}
END_TEST

static const uint8_t smc_next[] = {
    0xC6, 0x06, 0x06, 0x10, 0x42,            /* mov byte [0x1006], 0x42 */
    0xB0, 0x00,                              /* mov al, 0 */
    0xF4,                                    /* hlt */
};

START_TEST(store_into_next_instruction_takes_effect)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, smc_next);
    ck_assert_uint_eq(b->c->gpr[REG_EAX] & 0xff, 0x42);
    bench_free(b);
}
END_TEST

static const uint8_t smc_rep_stos[] = {
    0x31, 0xDB,                              /* xor bx, bx */
    0xBF, 0x0C, 0x10,                        /* mov di, 0x100c */
    0xB9, 0x02, 0x00,                        /* mov cx, 2 */
    0xB0, 0x90,                              /* mov al, 0x90 */
    0xF3, 0xAA,                              /* rep stosb */
    0x43,                                    /* inc bx */
    0x43,                                    /* inc bx */
    0xF4,                                    /* hlt */
};

START_TEST(rep_stos_over_following_code_takes_effect)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, smc_rep_stos);
    ck_assert_uint_eq(b->c->gpr[REG_EBX] & 0xffff, 0);
    bench_free(b);
}
END_TEST

/* DOS's intr(): the INT number is patched before every call, mostly with
 * the number already there.  Such a store changes no code, so the loop's
 * decoded code stays (a few builds, not one per iteration). */
static const uint8_t smc_same_value[] = {
    0x31, 0xC0,                              /* xor ax, ax */
    0xB9, 0x64, 0x00,                        /* mov cx, 100 */
    0xC6, 0x06, 0x0B, 0x10, 0x05,            /* mov byte [0x100b], 5: add's imm */
    0x04, 0x05,                              /* add al, 5 */
    0xE2, 0xF7,                              /* loop 0x1005 */
    0xF4,                                    /* hlt */
};

START_TEST(store_of_same_code_bytes_keeps_decoded_code)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, smc_same_value);
    ck_assert_uint_eq(b->c->gpr[REG_EAX] & 0xff, (100 * 5) & 0xff);
    ck_assert_uint_lt(b->c->icache->builds, 10);
    bench_free(b);
}
END_TEST

static const uint8_t rep_movs_fault[] = {
    0x66, 0xBE, 0x00, 0x30, 0x00, 0x00,      /* mov esi, 0x3000 */
    0x66, 0xBF, 0xFC, 0xFF, 0x00, 0x00,      /* mov edi, 0xfffc */
    0x66, 0xB9, 0x08, 0x00, 0x00, 0x00,      /* mov ecx, 8 */
    0xF3, 0x67, 0xA4,                        /* a32 rep movsb */
    0xF4,                                    /* hlt */
};

/* The fifth byte would go to ES:10000h: #GP with four bytes done. */
START_TEST(rep_movs_fault_keeps_completed_elements)
{
    struct bench *b = bench_new();
    bench_wr32(b, 0x3000, 0x04030201u);
    bench_wr32(b, 0x3004, 0x08070605u);
    BENCH_CODE(b, rep_movs_fault);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_GP);
    ck_assert_uint_eq(bench_frame(b).ip, BEFORE_HLT(rep_movs_fault, 3));
    ck_assert_uint_eq(b->c->gpr[REG_ECX], 4);
    ck_assert_uint_eq(b->c->gpr[REG_ESI], 0x3004);
    ck_assert_uint_eq(b->c->gpr[REG_EDI], 0x10000);
    ck_assert_uint_eq(bench_rd32(b, 0xfffc), 0x04030201u);
    bench_free(b);
}
END_TEST

static const uint8_t pm_ud2[] = {
    0x0F, 0x0B,                              /* ud2 */
};

/* SDM Vol. 3, 17.3.1.1: the EFLAGS image of a fault-class exception has
 * RF set; the handler itself runs with RF clear. */
START_TEST(pm_fault_frame_has_rf)
{
    struct bench *b = bench_new();
    bench_pm32(b);
    BENCH_CODE(b, pm_ud2);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_UD);
    struct pm_frame f = bench_pm_frame(b, false);
    ck_assert_uint_eq(f.eip, CODE_IP);
    ck_assert_uint_eq(f.cs, PM_CODE32);
    ck_assert(f.eflags & EFLAGS_RF);
    ck_assert(!(bench_flags(b) & EFLAGS_RF));
    bench_free(b);
}
END_TEST

static const uint8_t pm_int3[] = {
    0xCC,                                    /* int3 */
};

START_TEST(pm_trap_frame_has_rf_clear)
{
    struct bench *b = bench_new();
    bench_pm32(b);
    BENCH_CODE(b, pm_int3);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_BP);
    struct pm_frame f = bench_pm_frame(b, false);
    ck_assert_uint_eq(f.eip, CODE_IP + 1);
    ck_assert(!(f.eflags & EFLAGS_RF));
    bench_free(b);
}
END_TEST

static const uint8_t pm_gp_limit[] = {
    0x66, 0xB8, 0x30, 0x00,                  /* mov ax, 0x30 */
    0x8E, 0xC0,                              /* mov es, ax */
    0x26, 0xA1, 0x00, 0x10, 0x00, 0x00,      /* mov eax, [es:0x1000] */
    0xF4,                                    /* hlt */
};

/* ES = 30h has a limit of FFFh: a dword at 1000h is outside. */
START_TEST(pm_limit_fault_has_error_0_and_rf)
{
    struct bench *b = bench_new();
    bench_pm32(b);
    BENCH_CODE(b, pm_gp_limit);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_GP);
    struct pm_frame f = bench_pm_frame(b, true);
    ck_assert_uint_eq(f.error, 0);
    ck_assert_uint_eq(f.eip, BEFORE_HLT(pm_gp_limit, 6));
    ck_assert(f.eflags & EFLAGS_RF);
    bench_free(b);
}
END_TEST

static const uint8_t pm_gp_selector[] = {
    0x66, 0xB8, 0x48, 0x00,                  /* mov ax, 0x48 */
    0x8E, 0xD8,                              /* mov ds, ax */
    0xF4,                                    /* hlt */
};

START_TEST(pm_selector_past_gdt_limit_is_gp_sel)
{
    struct bench *b = bench_new();
    bench_pm32(b);
    BENCH_CODE(b, pm_gp_selector);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_GP);
    struct pm_frame f = bench_pm_frame(b, true);
    ck_assert_uint_eq(f.error, 0x48);
    ck_assert_uint_eq(f.eip, BEFORE_HLT(pm_gp_selector, 2));
    bench_free(b);
}
END_TEST

/* A handler whose first instruction faults again (here #UD's handler is a
 * UD2) loops for ever on hardware too, pushing frames; the emulated clock
 * must still advance, so cpu_run() returns at the end of its budget rather
 * than holding the host (found by test_chaos). */
static const uint8_t ud2_only[] = { 0x0F, 0x0B };

START_TEST(fault_storm_lets_the_clock_run)
{
    struct bench *b = bench_new();
    bench_set_vector(b, EXC_UD, 0, 0x2000);
    bench_put(b, 0x2000, ud2_only, sizeof ud2_only);
    BENCH_CODE(b, ud2_only);
    uint64_t start = b->c->icount;
    cpu_run(b->c, 1000);
    ck_assert_uint_eq(b->c->icount, start + 1000);
    ck_assert_uint_eq(b->c->seg[SEG_CS].sel, 0);
    ck_assert_uint_eq(b->c->eip, 0x2000);           /* at the handler, about to fault again */
    bench_free(b);
}
END_TEST

static Suite *fault_suite(void)
{
    Suite *s = suite_create("cpu_fault");
    TCase *tc = tcase_create("fault");
    tcase_add_test(tc, word_at_offset_ffff_is_gp);
    tcase_add_test(tc, bp_word_at_ffff_is_ss);
    tcase_add_test(tc, dword_at_fffd_is_gp);
    tcase_add_test(tc, dword_at_fffc_and_byte_at_ffff_fit);
    tcase_add_test(tc, es_word_write_at_ffff_is_gp);
    tcase_add_test(tc, push_with_sp_1_shuts_down);
    tcase_add_test(tc, div_by_zero_is_de_fault);
    tcase_add_test(tc, int3_is_a_trap);
    tcase_add_test(tc, into_with_of_traps);
    tcase_add_test(tc, into_without_of_continues);
    tcase_add_test(tc, bound_out_of_range_is_br_fault);
    tcase_add_test(tc, bound_in_range_continues);
    tcase_add_test(tc, ud2_is_ud_fault);
    tcase_add_test(tc, esc_with_cr0_em_is_nm);
    tcase_add_test(tc, wait_with_ts_and_mp_is_nm);
    tcase_add_test(tc, esc_with_cr0_ts_is_nm);
    tcase_add_test(tc, gp_whose_vector_is_past_idt_limit_double_faults);
    tcase_add_test(tc, fault_delivering_double_fault_shuts_down);
    tcase_add_test(tc, tf_traps_after_each_instruction_but_mov_ss);
    tcase_add_test(tc, tf_trap_waits_after_pop_ss);
    tcase_add_test(tc, hlt_wakes_on_intr_and_returns_after_hlt);
    tcase_add_test(tc, sti_delays_intr_by_one_instruction);
    tcase_add_test(tc, if_clear_leaves_intr_pending);
    tcase_add_test(tc, fifteen_byte_instruction_runs);
    tcase_add_test(tc, sixteen_byte_instruction_is_gp);
    tcase_add_test(tc, store_into_next_instruction_takes_effect);
    tcase_add_test(tc, rep_stos_over_following_code_takes_effect);
    tcase_add_test(tc, store_of_same_code_bytes_keeps_decoded_code);
    tcase_add_test(tc, rep_movs_fault_keeps_completed_elements);
    tcase_add_test(tc, pm_fault_frame_has_rf);
    tcase_add_test(tc, pm_trap_frame_has_rf_clear);
    tcase_add_test(tc, pm_limit_fault_has_error_0_and_rf);
    tcase_add_test(tc, pm_selector_past_gdt_limit_is_gp_sel);
    tcase_add_test(tc, fault_storm_lets_the_clock_run);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fault_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
