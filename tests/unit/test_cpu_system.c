/* tests/unit/test_cpu_system.c: system instructions: CPUID per --cpu
 * model (vendor string, family, the TSC/MSR/CX8 feature bits), RDTSC,
 * RDMSR/WRMSR of the TSC and an unknown MSR (#GP), CR4.TSD at CPL 0, the
 * CR0/CR2/CR3/CR4 moves and their #GP/#UD cases, DR0-DR7 (reserved bits,
 * the DR4/DR6 alias and CR4.DE, DR7.GD), LGDT/LIDT/SGDT/SIDT with 16- and
 * 32-bit operand sizes (24-bit bases, as the Pentium-era SDM gives them),
 * LIDT moving the real-mode IVT, SMSW/LMSW/CLTS, the switch to protected
 * mode and back by instructions, and unreal mode (a 4 GiB data segment
 * kept after returning to real mode).  SDM Vol. 2 (each instruction),
 * Vol. 3 chapters 2, 9 and 17. */
#include <check.h>

#include "cpu/debug.h"
#include "tests/unit/cputest.h"

#define R(b, r) (b->c->gpr[REG_##r])

static int vector_on(uint8_t model, const uint8_t *code, size_t n)
{
    struct bench *b = bench_new_model(model);
    bench_code(b, code, n);
    bench_run(b);
    int v = bench_vector(b);
    bench_free(b);
    return v;
}
#define BEFORE_HLT(arr, back) (CODE_IP + sizeof(arr) - 1 - (back))

static const uint8_t cpuid_leaf0[] = {
    0x66, 0x31, 0xC0,                        /* xor eax, eax */
    0x0F, 0xA2,                              /* cpuid */
    0xF4,                                    /* hlt */
};

START_TEST(cpuid_leaf0_vendor)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, cpuid_leaf0);
    ck_assert_uint_ge(R(b, EAX), 1);
    ck_assert_uint_eq(R(b, EBX), 0x756e6547u);
    ck_assert_uint_eq(R(b, EDX), 0x49656e69u);
    ck_assert_uint_eq(R(b, ECX), 0x6c65746eu);
    bench_free(b);
}
END_TEST

static const uint8_t cpuid_leaf1[] = {
    0x66, 0xB8, 0x01, 0x00, 0x00, 0x00,      /* mov eax, 1 */
    0x0F, 0xA2,                              /* cpuid */
    0xF4,                                    /* hlt */
};

START_TEST(cpuid_leaf1_pentium)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, cpuid_leaf1);
    ck_assert_uint_eq((R(b, EAX) >> 8) & 0xf, 5);
    ck_assert_uint_eq(R(b, EDX) & (1u << 4 | 1u << 5 | 1u << 8), 1u << 4 | 1u << 5 | 1u << 8);
    bench_free(b);
}
END_TEST

START_TEST(cpuid_leaf1_486)
{
    struct bench *b = bench_new_model(CPU_486);
    BENCH_RUN_ALL(b, cpuid_leaf1);
    ck_assert_uint_eq((R(b, EAX) >> 8) & 0xf, 4);
    ck_assert_uint_eq(R(b, EDX) & (1u << 4 | 1u << 5 | 1u << 8), 0);
    bench_free(b);
}
END_TEST

static const uint8_t rdtsc_twice[] = {
    0x0F, 0x31,                              /* rdtsc */
    0x66, 0x89, 0xC6,                        /* mov esi, eax */
    0x66, 0x89, 0xD7,                        /* mov edi, edx */
    0x90,                                    /* nop */
    0x90,                                    /* nop */
    0x0F, 0x31,                              /* rdtsc */
    0xF4,                                    /* hlt */
};

START_TEST(rdtsc_counts_up)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, rdtsc_twice);
    uint64_t t0 = ((uint64_t)R(b, EDI) << 32) | R(b, ESI);
    uint64_t t1 = ((uint64_t)R(b, EDX) << 32) | R(b, EAX);
    ck_assert_uint_gt(t1, t0);
    bench_free(b);
}
END_TEST

static const uint8_t wrmsr_tsc[] = {
    0x66, 0xB9, 0x10, 0x00, 0x00, 0x00,      /* mov ecx, 0x10 */
    0x66, 0xBA, 0x01, 0x00, 0x00, 0x00,      /* mov edx, 1 */
    0x66, 0x31, 0xC0,                        /* xor eax, eax */
    0x0F, 0x30,                              /* wrmsr */
    0x0F, 0x31,                              /* rdtsc */
    0xF4,                                    /* hlt */
};

START_TEST(wrmsr_tsc_sets_counter)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, wrmsr_tsc);
    ck_assert_uint_eq(R(b, EDX), 1);
    ck_assert_uint_lt(R(b, EAX), 16);
    bench_free(b);
}
END_TEST

static const uint8_t rdmsr_unknown[] = {
    0x66, 0xB9, 0x34, 0x12, 0x00, 0x00,      /* mov ecx, 0x1234 */
    0x0F, 0x32,                              /* rdmsr */
    0xF4,                                    /* hlt */
};

START_TEST(rdmsr_unknown_msr_is_gp)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, rdmsr_unknown);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_GP);
    ck_assert_uint_eq(bench_frame(b).ip, BEFORE_HLT(rdmsr_unknown, 2));
    bench_free(b);
}
END_TEST

static const uint8_t rdmsr_tsc[] = {
    0x66, 0xB9, 0x10, 0x00, 0x00, 0x00,      /* mov ecx, 0x10 */
    0x66, 0xBA, 0x22, 0x00, 0x00, 0x00,      /* mov edx, 0x22 */
    0x66, 0xB8, 0x00, 0x00, 0x00, 0x11,      /* mov eax, 0x11000000 */
    0x0F, 0x30,                              /* wrmsr */
    0x0F, 0x32,                              /* rdmsr */
    0xF4,                                    /* hlt */
};

START_TEST(rdmsr_reads_tsc)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, rdmsr_tsc);
    ck_assert_uint_eq(R(b, EDX), 0x22);
    ck_assert_uint_ge(R(b, EAX), 0x11000000u);
    ck_assert_uint_lt(R(b, EAX), 0x11000010u);
    bench_free(b);
}
END_TEST

START_TEST(cpuid_is_ud_on_386)
{
    struct bench *b = bench_new();
    ck_assert_int_eq(vector_on(CPU_386, cpuid_leaf0, sizeof cpuid_leaf0), EXC_UD);
    ck_assert_int_eq(vector_on(CPU_486, rdtsc_twice, sizeof rdtsc_twice), EXC_UD);
    ck_assert_int_eq(vector_on(CPU_486, rdmsr_tsc, sizeof rdmsr_tsc), EXC_UD);
    bench_free(b);
}
END_TEST

static const uint8_t tsd_at_cpl0[] = {
    0x0F, 0x20, 0xE0,                        /* mov eax, cr4 */
    0x0C, 0x04,                              /* or al, 4 */
    0x0F, 0x22, 0xE0,                        /* mov cr4, eax */
    0x0F, 0x31,                              /* rdtsc */
    0xF4,                                    /* hlt */
};

START_TEST(rdtsc_with_tsd_at_cpl0)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, tsd_at_cpl0);
    ck_assert(b->c->cr4 & CR4_TSD);
    bench_free(b);
}
END_TEST

static const uint8_t cr0_read[] = {
    0x0F, 0x20, 0xC0,                        /* mov eax, cr0 */
    0x0F, 0x01, 0xE3,                        /* smsw bx */
    0xF4,                                    /* hlt */
};

START_TEST(cr0_after_reset)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, cr0_read);
    ck_assert_uint_eq(R(b, EAX), 0x60000010u);
    ck_assert_uint_eq(R(b, EBX) & 0xffff, 0x0010);
    bench_free(b);
}
END_TEST

static const uint8_t cr0_pg_without_pe[] = {
    0x0F, 0x20, 0xC0,                        /* mov eax, cr0 */
    0x66, 0x0D, 0x00, 0x00, 0x00, 0x80,      /* or eax, 0x80000000 */
    0x0F, 0x22, 0xC0,                        /* mov cr0, eax */
    0xF4,                                    /* hlt */
};

START_TEST(cr0_pg_without_pe_is_gp)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, cr0_pg_without_pe);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_GP);
    ck_assert_uint_eq(bench_frame(b).ip, BEFORE_HLT(cr0_pg_without_pe, 3));
    ck_assert(!(b->c->cr0 & CR0_PG));
    bench_free(b);
}
END_TEST

static const uint8_t cr2_cr3_roundtrip[] = {
    0x66, 0xB8, 0x78, 0x56, 0x34, 0x12,      /* mov eax, 0x12345678 */
    0x0F, 0x22, 0xD0,                        /* mov cr2, eax */
    0x0F, 0x22, 0xD8,                        /* mov cr3, eax */
    0x0F, 0x20, 0xD3,                        /* mov ebx, cr2 */
    0x0F, 0x20, 0xD9,                        /* mov ecx, cr3 */
    0xF4,                                    /* hlt */
};

START_TEST(cr2_cr3_round_trip)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, cr2_cr3_roundtrip);
    ck_assert_uint_eq(R(b, EBX), 0x12345678u);
    ck_assert_uint_eq(R(b, ECX), 0x12345018u);
    bench_free(b);
}
END_TEST

static const uint8_t cr4_roundtrip_and_reserved[] = {
    0x66, 0xB8, 0x10, 0x00, 0x00, 0x00,      /* mov eax, 0x10 */
    0x0F, 0x22, 0xE0,                        /* mov cr4, eax */
    0x0F, 0x20, 0xE3,                        /* mov ebx, cr4 */
    0x66, 0xB8, 0x00, 0x04, 0x00, 0x00,      /* mov eax, 0x400 */
    0x0F, 0x22, 0xE0,                        /* mov cr4, eax */
    0xF4,                                    /* hlt */
};

START_TEST(cr4_round_trip_and_reserved_bit_gp)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, cr4_roundtrip_and_reserved);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_GP);
    ck_assert_uint_eq(R(b, EBX), 0x10);
    ck_assert_uint_eq(b->c->cr4, 0x10);
    ck_assert_uint_eq(bench_frame(b).ip, BEFORE_HLT(cr4_roundtrip_and_reserved, 3));
    bench_free(b);
}
END_TEST

static const uint8_t cr4_access[] = {
    0x0F, 0x20, 0xE0,                        /* mov eax, cr4 */
    0xF4,                                    /* hlt */
};

START_TEST(cr4_is_ud_on_386)
{
    struct bench *b = bench_new_model(CPU_386);
    BENCH_CODE(b, cr4_access);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_UD);
    bench_free(b);
}
END_TEST

static const uint8_t dr_roundtrip[] = {
    0x66, 0xB8, 0x78, 0x56, 0x34, 0x12,      /* mov eax, 0x12345678 */
    0x0F, 0x23, 0xC0,                        /* mov dr0, eax */
    0x0F, 0x21, 0xC3,                        /* mov ebx, dr0 */
    0x66, 0x31, 0xC0,                        /* xor eax, eax */
    0x0F, 0x23, 0xF0,                        /* mov dr6, eax */
    0x0F, 0x21, 0xF1,                        /* mov ecx, dr6 */
    0x0F, 0x23, 0xF8,                        /* mov dr7, eax */
    0x0F, 0x21, 0xFA,                        /* mov edx, dr7 */
    0x0F, 0x21, 0xE6,                        /* mov esi, dr4 */
    0xF4,                                    /* hlt */
};

START_TEST(debug_registers_round_trip)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, dr_roundtrip);
    ck_assert_uint_eq(R(b, EBX), 0x12345678u);
    ck_assert_uint_eq(R(b, ECX), 0xffff0ff0u);
    ck_assert_uint_eq(R(b, EDX), 0x400);
    ck_assert_uint_eq(R(b, ESI), 0xffff0ff0u);
    bench_free(b);
}
END_TEST

static const uint8_t dr4_with_de[] = {
    0x0F, 0x20, 0xE0,                        /* mov eax, cr4 */
    0x0C, 0x08,                              /* or al, 8 */
    0x0F, 0x22, 0xE0,                        /* mov cr4, eax */
    0x0F, 0x21, 0xE6,                        /* mov esi, dr4 */
    0xF4,                                    /* hlt */
};

START_TEST(dr4_with_cr4_de_is_ud)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, dr4_with_de);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_UD);
    ck_assert_uint_eq(bench_frame(b).ip, BEFORE_HLT(dr4_with_de, 3));
    bench_free(b);
}
END_TEST

static const uint8_t dr7_gd[] = {
    0x66, 0xB8, 0x00, 0x20, 0x00, 0x00,      /* mov eax, 0x2000 */
    0x0F, 0x23, 0xF8,                        /* mov dr7, eax */
    0x0F, 0x21, 0xC3,                        /* mov ebx, dr0 */
    0xF4,                                    /* hlt */
};

START_TEST(dr7_gd_turns_next_access_into_db)
{
    struct bench *b = bench_new();
    BENCH_CODE(b, dr7_gd);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_DB);
    ck_assert_uint_eq(bench_frame(b).ip, BEFORE_HLT(dr7_gd, 3));
    ck_assert(b->c->dr[6] & (1u << 13));
    ck_assert(!(b->c->dr[7] & (1u << 13)));
    bench_free(b);
}
END_TEST

static const uint8_t lgdt_16_and_32[] = {
    0x0F, 0x01, 0x16, 0x00, 0x20,            /* lgdt [0x2000] */
    0x0F, 0x01, 0x06, 0x10, 0x20,            /* sgdt [0x2010] */
    0x66, 0x0F, 0x01, 0x16, 0x00, 0x20,      /* o32 lgdt [0x2000] */
    0x66, 0x0F, 0x01, 0x06, 0x18, 0x20,      /* o32 sgdt [0x2018] */
    0x0F, 0x01, 0x06, 0x20, 0x20,            /* sgdt [0x2020] */
    0xF4,                                    /* hlt */
};

START_TEST(lgdt_sgdt_operand_sizes)
{
    struct bench *b = bench_new();
    bench_wr16(b, 0x2000, 0x1234);
    bench_wr32(b, 0x2002, 0xaabbccddu);
    BENCH_RUN_ALL(b, lgdt_16_and_32);
    static const uint8_t want16[6] = { 0x34, 0x12, 0xdd, 0xcc, 0xbb, 0x00 };
    static const uint8_t want32[6] = { 0x34, 0x12, 0xdd, 0xcc, 0xbb, 0xaa };
    for (unsigned i = 0; i < 6; i++) {
        ck_assert_uint_eq(bench_rd8(b, 0x2010 + i), want16[i]);
        ck_assert_uint_eq(bench_rd8(b, 0x2018 + i), want32[i]);
        ck_assert_uint_eq(bench_rd8(b, 0x2020 + i), want16[i]);
    }
    ck_assert_uint_eq(b->c->gdtr.base, 0xaabbccddu);
    ck_assert_uint_eq(b->c->gdtr.limit, 0x1234);
    bench_free(b);
}
END_TEST

static const uint8_t lidt_relocates_ivt[] = {
    0x0F, 0x01, 0x1E, 0x00, 0x20,            /* lidt [0x2000] */
    0xCD, 0x21,                              /* int 0x21 */
    0xF4,                                    /* hlt */
};

START_TEST(lidt_moves_the_real_mode_ivt)
{
    struct bench *b = bench_new();
    bench_wr16(b, 0x2000, 0x3ff);
    bench_wr32(b, 0x2002, 0x3000);
    bench_wr16(b, 0x3000 + 0x21 * 4, 0x1900);
    bench_wr16(b, 0x3000 + 0x21 * 4 + 2, 0);
    bench_wr8(b, 0x1900, 0xf4);
    BENCH_CODE(b, lidt_relocates_ivt);
    bench_run(b);
    ck_assert_uint_eq(b->c->seg[SEG_CS].sel, 0);
    ck_assert_uint_eq(b->c->eip, 0x1901);
    ck_assert_uint_eq(bench_frame(b).ip, BEFORE_HLT(lidt_relocates_ivt, 0));
    bench_free(b);
}
END_TEST

static const uint8_t smsw_lmsw_clts[] = {
    0xB8, 0x0E, 0x00,                        /* mov ax, 0x000e */
    0x0F, 0x01, 0xF0,                        /* lmsw ax */
    0x0F, 0x01, 0xE3,                        /* smsw bx */
    0x0F, 0x06,                              /* clts */
    0x0F, 0x01, 0xE1,                        /* smsw cx */
    0x31, 0xC0,                              /* xor ax, ax */
    0x0F, 0x01, 0xF0,                        /* lmsw ax */
    0x0F, 0x01, 0xE2,                        /* smsw dx */
    0xF4,                                    /* hlt */
};

START_TEST(lmsw_smsw_clts)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, smsw_lmsw_clts);
    ck_assert_uint_eq(R(b, EBX) & 0xffff, 0x001e);
    ck_assert_uint_eq(R(b, ECX) & 0xffff, 0x0016);
    ck_assert_uint_eq(R(b, EDX) & 0xffff, 0x0010);
    bench_free(b);
}
END_TEST

static const uint8_t lmsw_sets_pe[] = {
    0xB8, 0x01, 0x00,                        /* mov ax, 0x0001 */
    0x0F, 0x01, 0xF0,                        /* lmsw ax */
    0x0F, 0x01, 0xE3,                        /* smsw bx */
    0x0F, 0x20, 0xC0,                        /* mov eax, cr0 */
    0x24, 0xFE,                              /* and al, 0xfe */
    0x0F, 0x22, 0xC0,                        /* mov cr0, eax */
    0xF4,                                    /* hlt */
};

START_TEST(lmsw_can_set_pe)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, lmsw_sets_pe);
    ck_assert_uint_eq(R(b, EBX) & 0xffff, 0x0011);
    ck_assert(!(b->c->cr0 & CR0_PE));
    bench_free(b);
}
END_TEST

static const uint8_t unreal[] = {
    0xFA,                                    /* cli */
    0x0F, 0x01, 0x16, 0x38, 0x10,            /* lgdt [gdtr] */
    0x0F, 0x20, 0xC0,                        /* mov eax, cr0 */
    0x0C, 0x01,                              /* or al, 1 */
    0x0F, 0x22, 0xC0,                        /* mov cr0, eax */
    0xBB, 0x28, 0x00,                        /* mov bx, 0x28 */
    0x8E, 0xDB,                              /* mov ds, bx */
    0x24, 0xFE,                              /* and al, 0xfe */
    0x0F, 0x22, 0xC0,                        /* mov cr0, eax */
    0x31, 0xDB,                              /* xor bx, bx */
    0x8E, 0xDB,                              /* mov ds, bx */
    0x66, 0x67, 0xA1, 0x00, 0x00, 0x20, 0x00, /* mov eax, [dword 0x200000] */
    0x66, 0x67, 0xC7, 0x05, 0x04, 0x00, 0x20, 0x00, 0xCE, 0xFA, 0xED, 0xFE, /* mov dword [dword 0x200004], 0xfeedface */
    0x66, 0x67, 0x8B, 0x0D, 0x04, 0x00, 0x20, 0x00, /* mov ecx, [dword 0x200004] */
    0xF4,                                    /* hlt */
    0x3F, 0x00,                              /* gdtr: dw 0x3f */
    0x00, 0x08, 0x00, 0x00,                  /* dd 0x800 */
};

START_TEST(unreal_mode_reaches_above_1mib)
{
    struct bench *b = bench_new();
    bench_gdt(b);
    bench_wr32(b, 0x200000, 0xcafebabeu);
    BENCH_CODE(b, unreal);
    bench_run(b);
    bench_assert_done(b, sizeof unreal - 6);      /* the GDTR image follows the HLT */
    ck_assert_uint_eq(R(b, EAX), 0xcafebabeu);
    ck_assert_uint_eq(R(b, ECX), 0xfeedfaceu);
    ck_assert_uint_eq(bench_rd32(b, 0x200004), 0xfeedfaceu);
    ck_assert_uint_eq(b->c->seg[SEG_DS].sel, 0);
    ck_assert_uint_eq(b->c->seg[SEG_DS].base, 0);
    ck_assert_uint_eq(b->c->seg[SEG_DS].limit, 0xffffffffu);
    ck_assert_int_eq(b->c->mode, MODE_REAL);
    bench_free(b);
}
END_TEST

static const uint8_t unreal_other_segments_keep_64k[] = {
    0xFA,                                    /* cli */
    0x0F, 0x01, 0x16, 0x22, 0x10,            /* lgdt [gdtr2] */
    0x0F, 0x20, 0xC0,                        /* mov eax, cr0 */
    0x0C, 0x01,                              /* or al, 1 */
    0x0F, 0x22, 0xC0,                        /* mov cr0, eax */
    0xBB, 0x28, 0x00,                        /* mov bx, 0x28 */
    0x8E, 0xDB,                              /* mov ds, bx */
    0x24, 0xFE,                              /* and al, 0xfe */
    0x0F, 0x22, 0xC0,                        /* mov cr0, eax */
    0x26, 0x66, 0x67, 0x8B, 0x15, 0x00, 0x00, 0x20, 0x00, /* mov edx, [es:dword 0x200000] */
    0xF4,                                    /* hlt */
    0x3F, 0x00,                              /* gdtr2: dw 0x3f */
    0x00, 0x08, 0x00, 0x00,                  /* dd 0x800 */
};

START_TEST(unreal_leaves_other_segments_at_64k)
{
    struct bench *b = bench_new();
    bench_gdt(b);
    BENCH_CODE(b, unreal_other_segments_keep_64k);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_GP);
    bench_free(b);
}
END_TEST

static const uint8_t pm_switch_and_back[] = {
    0xFA,                                    /* cli */
    0x0F, 0x01, 0x16, 0x4D, 0x10,            /* lgdt [gdtr3] */
    0x0F, 0x20, 0xC0,                        /* mov eax, cr0 */
    0x0C, 0x01,                              /* or al, 1 */
    0x0F, 0x22, 0xC0,                        /* mov cr0, eax */
    0xEA, 0x13, 0x10, 0x08, 0x00,            /* jmp 0x08:pm32 */
    0x66, 0xB8, 0x10, 0x00,                  /* mov ax, 0x10 */
    0x8E, 0xD8,                              /* mov ds, ax */
    0x8E, 0xC0,                              /* mov es, ax */
    0xC7, 0x05, 0x08, 0x00, 0x20, 0x00, 0x0D, 0x60, 0x0D, 0x60, /* mov dword [0x200008], 0x600d600d */
    0x8B, 0x1D, 0x08, 0x00, 0x20, 0x00,      /* mov ebx, [0x200008] */
    0xEA, 0x32, 0x10, 0x00, 0x00, 0x18, 0x00, /* jmp 0x18:pm16 */
    0x0F, 0x20, 0xC0,                        /* mov eax, cr0 */
    0x24, 0xFE,                              /* and al, 0xfe */
    0x0F, 0x22, 0xC0,                        /* mov cr0, eax */
    0xEA, 0x3F, 0x10, 0x00, 0x00,            /* jmp 0:rm */
    0xB8, 0x00, 0x00,                        /* mov ax, 0 */
    0x8E, 0xD8,                              /* mov ds, ax */
    0x66, 0x67, 0x8B, 0x0D, 0x08, 0x00, 0x20, 0x00, /* mov ecx, [dword 0x200008] */
    0xF4,                                    /* hlt */
    0x3F, 0x00,                              /* gdtr3: dw 0x3f */
    0x00, 0x08, 0x00, 0x00,                  /* dd 0x800 */
};

START_TEST(protected_mode_and_back_by_instructions)
{
    struct bench *b = bench_new();
    bench_gdt(b);
    BENCH_CODE(b, pm_switch_and_back);
    bench_run(b);
    bench_assert_done(b, sizeof pm_switch_and_back - 6);
    ck_assert_uint_eq(R(b, EBX), 0x600d600du);
    ck_assert_uint_eq(R(b, ECX), 0x600d600du);
    ck_assert_int_eq(b->c->mode, MODE_REAL);
    ck_assert_uint_eq(b->c->seg[SEG_CS].sel, 0);
    bench_free(b);
}
END_TEST

/* A reset clears DR7, so a data breakpoint set before it no longer keeps
 * memory accesses on the slow path (nor instruction checks on). */
START_TEST(reset_drops_debug_register_slow_paths)
{
    struct bench *b = bench_new();
    b->c->dr[0] = 0x2000;
    b->c->dr[1] = 0x1000;
    b->c->dr[7] = 0x400 | 0x3 | 0x4 | (0x3u << 16);     /* DR0 data r/w, DR1 execute */
    cpu_debug_regs_changed(b->c);
    ck_assert(b->c->slow_mem && b->c->dr_data_bp && b->c->dr_insn_bp);
    cpu_reset(b->c);
    ck_assert_uint_eq(b->c->dr[7], 0x400);
    ck_assert(!b->c->slow_mem && !b->c->dr_data_bp && !b->c->dr_insn_bp);
    bench_free(b);
}
END_TEST

static Suite *system_suite(void)
{
    Suite *s = suite_create("cpu_system");
    TCase *tc = tcase_create("system");
    tcase_add_test(tc, cpuid_leaf0_vendor);
    tcase_add_test(tc, cpuid_leaf1_pentium);
    tcase_add_test(tc, cpuid_leaf1_486);
    tcase_add_test(tc, rdtsc_counts_up);
    tcase_add_test(tc, wrmsr_tsc_sets_counter);
    tcase_add_test(tc, rdmsr_unknown_msr_is_gp);
    tcase_add_test(tc, rdmsr_reads_tsc);
    tcase_add_test(tc, cpuid_is_ud_on_386);
    tcase_add_test(tc, rdtsc_with_tsd_at_cpl0);
    tcase_add_test(tc, cr0_after_reset);
    tcase_add_test(tc, cr0_pg_without_pe_is_gp);
    tcase_add_test(tc, cr2_cr3_round_trip);
    tcase_add_test(tc, cr4_round_trip_and_reserved_bit_gp);
    tcase_add_test(tc, cr4_is_ud_on_386);
    tcase_add_test(tc, debug_registers_round_trip);
    tcase_add_test(tc, dr4_with_cr4_de_is_ud);
    tcase_add_test(tc, dr7_gd_turns_next_access_into_db);
    tcase_add_test(tc, lgdt_sgdt_operand_sizes);
    tcase_add_test(tc, lidt_moves_the_real_mode_ivt);
    tcase_add_test(tc, lmsw_smsw_clts);
    tcase_add_test(tc, lmsw_can_set_pe);
    tcase_add_test(tc, unreal_mode_reaches_above_1mib);
    tcase_add_test(tc, unreal_leaves_other_segments_at_64k);
    tcase_add_test(tc, protected_mode_and_back_by_instructions);
    tcase_add_test(tc, reset_drops_debug_register_slow_paths);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(system_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
