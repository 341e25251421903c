/* tests/unit/test_cpu_bit.c: BT BTS BTR BTC with register and immediate
 * bit offsets (a register offset reaches outside a memory operand, by
 * whole words or dwords, negative offsets included; an immediate is taken
 * modulo the width), BSF/BSR (ZF; the destination for a zero source is
 * undefined and not checked), and SETcc for all 16 conditions against the
 * SDM's condition table (Vol. 1, Appendix B).  BT* set CF, leave ZF alone;
 * OF SF AF PF are undefined. */
#include <check.h>

#include "tests/unit/cputest.h"

#define CF(b) ((bench_flags(b) & EFLAGS_CF) != 0)

/* SDM Vol. 1, Table B-1, in condition-code order. */
static bool cond_ref(uint32_t f, unsigned cc)
{
    bool of = f & EFLAGS_OF, cf = f & EFLAGS_CF, zf = f & EFLAGS_ZF, sf = f & EFLAGS_SF;
    bool pf = f & EFLAGS_PF, r;
    switch (cc >> 1) {
    case 0: r = of; break;
    case 1: r = cf; break;
    case 2: r = zf; break;
    case 3: r = cf || zf; break;
    case 4: r = sf; break;
    case 5: r = pf; break;
    case 6: r = sf != of; break;
    default: r = zf || sf != of; break;
    }
    return r != (cc & 1);
}

static const uint8_t bt_reg_imm[] = {
    0x66, 0xB8, 0x00, 0x00, 0x00, 0x80,      /* mov eax, 0x80000000 */
    0x66, 0x0F, 0xBA, 0xE0, 0x1F,            /* bt eax, 31 */
    0xF4,                                    /* hlt */
};

START_TEST(bt_register_immediate)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, bt_reg_imm);
    ck_assert(CF(b));
    bench_free(b);
}
END_TEST

static const uint8_t bt_reg_reg[] = {
    0x66, 0xB8, 0x02, 0x00, 0x00, 0x00,      /* mov eax, 2 */
    0x66, 0xB9, 0x21, 0x00, 0x00, 0x00,      /* mov ecx, 33 */
    0x66, 0x0F, 0xA3, 0xC8,                  /* bt eax, ecx */
    0xF4,                                    /* hlt */
};

START_TEST(bt_register_offset_modulo_32)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, bt_reg_reg);
    ck_assert(CF(b));
    bench_free(b);
}
END_TEST

static const uint8_t bts_mem_far[] = {
    0x66, 0xC7, 0x06, 0x04, 0x20, 0x00, 0x00, 0x00, 0x00, /* mov dword [0x2004], 0 */
    0x66, 0xBB, 0x23, 0x00, 0x00, 0x00,      /* mov ebx, 35 */
    0x66, 0x0F, 0xAB, 0x1E, 0x00, 0x20,      /* bts dword [0x2000], ebx */
    0xF4,                                    /* hlt */
};

START_TEST(bts_register_offset_reaches_next_dword)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, bts_mem_far);
    ck_assert(!CF(b));
    ck_assert_uint_eq(bench_rd32(b, 0x2004), 0x8);
    bench_free(b);
}
END_TEST

static const uint8_t btr_mem_negative[] = {
    0x66, 0xC7, 0x06, 0xFC, 0x1F, 0x00, 0x00, 0x00, 0x80, /* mov dword [0x1ffc], 0x80000000 */
    0x66, 0xBB, 0xFF, 0xFF, 0xFF, 0xFF,      /* mov ebx, -1 */
    0x66, 0x0F, 0xB3, 0x1E, 0x00, 0x20,      /* btr dword [0x2000], ebx */
    0xF4,                                    /* hlt */
};

START_TEST(btr_negative_offset_reaches_previous_dword)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, btr_mem_negative);
    ck_assert(CF(b));
    ck_assert_uint_eq(bench_rd32(b, 0x1ffc), 0);
    bench_free(b);
}
END_TEST

static const uint8_t btc_mem16[] = {
    0xC7, 0x06, 0x02, 0x20, 0x00, 0x00,      /* mov word [0x2002], 0 */
    0xBB, 0x11, 0x00,                        /* mov bx, 17 */
    0x0F, 0xBB, 0x1E, 0x00, 0x20,            /* btc word [0x2000], bx */
    0xF4,                                    /* hlt */
};

START_TEST(btc_word_offset_17)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, btc_mem16);
    ck_assert(!CF(b));
    ck_assert_uint_eq(bench_rd16(b, 0x2002), 0x2);
    bench_free(b);
}
END_TEST

static const uint8_t btc_mem16_negative[] = {
    0xC7, 0x06, 0xFE, 0x1F, 0xFF, 0xFF,      /* mov word [0x1ffe], 0xffff */
    0xBB, 0xF0, 0xFF,                        /* mov bx, -16 */
    0x0F, 0xBB, 0x1E, 0x00, 0x20,            /* btc word [0x2000], bx */
    0xF4,                                    /* hlt */
};

START_TEST(btc_word_negative_offset)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, btc_mem16_negative);
    ck_assert(CF(b));
    ck_assert_uint_eq(bench_rd16(b, 0x1ffe), 0xfffe);
    bench_free(b);
}
END_TEST

static const uint8_t bt_mem_imm[] = {
    0x66, 0xC7, 0x06, 0x00, 0x20, 0x02, 0x00, 0x00, 0x00, /* mov dword [0x2000], 2 */
    0x66, 0xC7, 0x06, 0x04, 0x20, 0x00, 0x00, 0x00, 0x00, /* mov dword [0x2004], 0 */
    0x66, 0x0F, 0xBA, 0x26, 0x00, 0x20, 0x21, /* bt dword [0x2000], 33 */
    0xF4,                                    /* hlt */
};

START_TEST(bt_immediate_is_modulo_width)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, bt_mem_imm);
    ck_assert(CF(b));
    bench_free(b);
}
END_TEST

static const uint8_t bts_keeps_zf[] = {
    0x66, 0x31, 0xC0,                        /* xor eax, eax */
    0x66, 0xB9, 0x05, 0x00, 0x00, 0x00,      /* mov ecx, 5 */
    0x66, 0x0F, 0xBA, 0xE9, 0x00,            /* bts ecx, 0 */
    0xF4,                                    /* hlt */
};

START_TEST(bts_leaves_zf)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, bts_keeps_zf);
    ck_assert(CF(b));
    ck_assert(bench_flags(b) & EFLAGS_ZF);
    ck_assert_uint_eq(b->c->gpr[REG_ECX], 5);
    bench_free(b);
}
END_TEST

static const uint8_t bsf_bsr32[] = {
    0x66, 0xB8, 0x00, 0x00, 0xF0, 0x00,      /* mov eax, 0x00f00000 */
    0x66, 0x0F, 0xBC, 0xC8,                  /* bsf ecx, eax */
    0x66, 0x0F, 0xBD, 0xD0,                  /* bsr edx, eax */
    0xF4,                                    /* hlt */
};

START_TEST(bsf_bsr_32)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, bsf_bsr32);
    ck_assert_uint_eq(b->c->gpr[REG_ECX], 20);
    ck_assert_uint_eq(b->c->gpr[REG_EDX], 23);
    ck_assert(!(bench_flags(b) & EFLAGS_ZF));
    bench_free(b);
}
END_TEST

static const uint8_t bsf_zero[] = {
    0x66, 0x31, 0xC0,                        /* xor eax, eax */
    0x66, 0xB9, 0x34, 0x12, 0x00, 0x00,      /* mov ecx, 0x1234 */
    0x66, 0x41,                              /* inc ecx */
    0x66, 0x0F, 0xBC, 0xC8,                  /* bsf ecx, eax */
    0xF4,                                    /* hlt */
};

START_TEST(bsf_zero_source_sets_zf)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, bsf_zero);
    ck_assert(bench_flags(b) & EFLAGS_ZF);
    bench_free(b);
}
END_TEST

static const uint8_t bsf_bsr16_mem[] = {
    0xC7, 0x06, 0x00, 0x20, 0x00, 0x80,      /* mov word [0x2000], 0x8000 */
    0x0F, 0xBC, 0x06, 0x00, 0x20,            /* bsf ax, [0x2000] */
    0x0F, 0xBD, 0x1E, 0x00, 0x20,            /* bsr bx, [0x2000] */
    0xF4,                                    /* hlt */
};

START_TEST(bsf_bsr_16_memory)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, bsf_bsr16_mem);
    ck_assert_uint_eq(b->c->gpr[REG_EAX] & 0xffff, 15);
    ck_assert_uint_eq(b->c->gpr[REG_EBX] & 0xffff, 15);
    bench_free(b);
}
END_TEST

static const uint8_t setcc_all[] = {
    0xFF, 0x36, 0x00, 0x30,                  /* push word [0x3000] */
    0x9D,                                    /* popf */
    0x0F, 0x90, 0x06, 0x00, 0x20,            /* seto [0x2000] */
    0x0F, 0x91, 0x06, 0x01, 0x20,            /* setno [0x2001] */
    0x0F, 0x92, 0x06, 0x02, 0x20,            /* setb [0x2002] */
    0x0F, 0x93, 0x06, 0x03, 0x20,            /* setae [0x2003] */
    0x0F, 0x94, 0x06, 0x04, 0x20,            /* sete [0x2004] */
    0x0F, 0x95, 0x06, 0x05, 0x20,            /* setne [0x2005] */
    0x0F, 0x96, 0x06, 0x06, 0x20,            /* setbe [0x2006] */
    0x0F, 0x97, 0x06, 0x07, 0x20,            /* seta [0x2007] */
    0x0F, 0x98, 0x06, 0x08, 0x20,            /* sets [0x2008] */
    0x0F, 0x99, 0x06, 0x09, 0x20,            /* setns [0x2009] */
    0x0F, 0x9A, 0x06, 0x0A, 0x20,            /* setp [0x200a] */
    0x0F, 0x9B, 0x06, 0x0B, 0x20,            /* setnp [0x200b] */
    0x0F, 0x9C, 0x06, 0x0C, 0x20,            /* setl [0x200c] */
    0x0F, 0x9D, 0x06, 0x0D, 0x20,            /* setge [0x200d] */
    0x0F, 0x9E, 0x06, 0x0E, 0x20,            /* setle [0x200e] */
    0x0F, 0x9F, 0x06, 0x0F, 0x20,            /* setg [0x200f] */
    0xF4,                                    /* hlt */
};

START_TEST(setcc_all_conditions)
{
    struct bench *b = bench_new();
    static const uint16_t images[] = { 0x0002, 0x08d7, 0x0001, 0x0040, 0x0080, 0x0800, 0x0880,
                                       0x0842, 0x0004, 0x00c1, 0x08c0 };
    for (unsigned i = 0; i < sizeof images / sizeof images[0]; i++) {
        struct bench *t = bench_new();
        bench_wr16(t, 0x3000, images[i]);
        BENCH_RUN_ALL(t, setcc_all);
        for (unsigned cc = 0; cc < 16; cc++)
            ck_assert_msg(bench_rd8(t, 0x2000 + cc) == cond_ref(images[i], cc),
                          "flags %04x cc %u", images[i], cc);
        bench_free(t);
    }
    bench_free(b);
}
END_TEST

static const uint8_t seto_first[] = {
    0x0F, 0x90, 0xC0,                        /* seto al */
    0x70, 0x02,                              /* jo .x */
    0xB3, 0x01,                              /* mov bl, 1 */
    0xF4,                                    /* .x: hlt */
};

/* Regression: with no flag-setting operation recorded since reset, reading
 * OF computed the sign bit of a zero-byte operand (a shift by -1 that UBSan
 * reports).  OF is clear after reset. */
START_TEST(seto_jo_straight_after_reset)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, seto_first);
    ck_assert_uint_eq(b->c->gpr[REG_EAX] & 0xff, 0);
    ck_assert_uint_eq(b->c->gpr[REG_EBX] & 0xff, 1);
    bench_free(b);
}
END_TEST

static const uint8_t setcc_reg[] = {
    0xF9,                                    /* stc */
    0x0F, 0x92, 0xC4,                        /* setc ah */
    0x0F, 0x93, 0xC0,                        /* setnc al */
    0xF4,                                    /* hlt */
};

START_TEST(setcc_register_byte)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, setcc_reg);
    ck_assert_uint_eq(b->c->gpr[REG_EAX] & 0xffff, 0x0100);
    bench_free(b);
}
END_TEST

static Suite *bit_suite(void)
{
    Suite *s = suite_create("cpu_bit");
    TCase *tc = tcase_create("bit");
    tcase_add_test(tc, bt_register_immediate);
    tcase_add_test(tc, bt_register_offset_modulo_32);
    tcase_add_test(tc, bts_register_offset_reaches_next_dword);
    tcase_add_test(tc, btr_negative_offset_reaches_previous_dword);
    tcase_add_test(tc, btc_word_offset_17);
    tcase_add_test(tc, btc_word_negative_offset);
    tcase_add_test(tc, bt_immediate_is_modulo_width);
    tcase_add_test(tc, bts_leaves_zf);
    tcase_add_test(tc, bsf_bsr_32);
    tcase_add_test(tc, bsf_zero_source_sets_zf);
    tcase_add_test(tc, bsf_bsr_16_memory);
    tcase_add_test(tc, setcc_all_conditions);
    tcase_add_test(tc, seto_jo_straight_after_reset);
    tcase_add_test(tc, setcc_register_byte);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(bit_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
