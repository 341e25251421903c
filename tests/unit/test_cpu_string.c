/* tests/unit/test_cpu_string.c: MOVS CMPS STOS LODS SCAS with 16- and
 * 32-bit address sizes (SI/DI/CX or ESI/EDI/ECX), REP/REPE/REPNE, DF,
 * source segment overrides (ES:DI is never overridden), a zero count, SI
 * wrapping at 64 KiB with a 16-bit address size, and a REPE CMPS that
 * faults on its second element: ECX, ESI, EDI and the flags are those of
 * the completed element (SDM Vol. 1, 7.3.9.3; Vol. 2, REP). */
#include <check.h>

#include "tests/unit/cputest.h"

static void fill(struct bench *b, uint32_t at, const char *s)
{
    for (unsigned i = 0; s[i]; i++)
        bench_wr8(b, at + i, (uint8_t)s[i]);
}

static const uint8_t rep_movsb_a16[] = {
    0xBE, 0x00, 0x20,                        /* mov si, 0x2000 */
    0xBF, 0x00, 0x30,                        /* mov di, 0x3000 */
    0xB9, 0x05, 0x00,                        /* mov cx, 5 */
    0xFC,                                    /* cld */
    0xF3, 0xA4,                              /* rep movsb */
    0xF4,                                    /* hlt */
};

START_TEST(rep_movsb_16bit_addresses)
{
    struct bench *b = bench_new();
    fill(b, 0x2000, "ABCDEFGH");
    BENCH_RUN_ALL(b, rep_movsb_a16);
    ck_assert_uint_eq(bench_rd32(b, 0x3000), 0x44434241u);
    ck_assert_uint_eq(bench_rd8(b, 0x3004), 0x45);
    ck_assert_uint_eq(bench_rd8(b, 0x3005), 0);
    ck_assert_uint_eq(b->c->gpr[REG_ECX] & 0xffff, 0);
    ck_assert_uint_eq(b->c->gpr[REG_ESI] & 0xffff, 0x2005);
    ck_assert_uint_eq(b->c->gpr[REG_EDI] & 0xffff, 0x3005);
    bench_free(b);
}
END_TEST

static const uint8_t rep_movsd_a32[] = {
    0x66, 0xBE, 0x00, 0x20, 0x00, 0x00,      /* mov esi, 0x2000 */
    0x66, 0xBF, 0x00, 0x30, 0x00, 0x00,      /* mov edi, 0x3000 */
    0x66, 0xB9, 0x03, 0x00, 0x00, 0x00,      /* mov ecx, 3 */
    0xFC,                                    /* cld */
    0xF3, 0x66, 0x67, 0xA5,                  /* a32 rep movsd */
    0xF4,                                    /* hlt */
};

START_TEST(rep_movsd_32bit_addresses)
{
    struct bench *b = bench_new();
    fill(b, 0x2000, "ABCDEFGHIJKLMNOP");
    BENCH_RUN_ALL(b, rep_movsd_a32);
    ck_assert_uint_eq(bench_rd32(b, 0x3008), 0x4c4b4a49u);
    ck_assert_uint_eq(b->c->gpr[REG_ECX], 0);
    ck_assert_uint_eq(b->c->gpr[REG_ESI], 0x200c);
    ck_assert_uint_eq(b->c->gpr[REG_EDI], 0x300c);
    bench_free(b);
}
END_TEST

static const uint8_t rep_movsw_backward[] = {
    0xBE, 0x04, 0x20,                        /* mov si, 0x2004 */
    0xBF, 0x04, 0x30,                        /* mov di, 0x3004 */
    0xB9, 0x03, 0x00,                        /* mov cx, 3 */
    0xFD,                                    /* std */
    0xF3, 0xA5,                              /* rep movsw */
    0xFC,                                    /* cld */
    0xF4,                                    /* hlt */
};

START_TEST(rep_movsw_backward_with_df)
{
    struct bench *b = bench_new();
    fill(b, 0x2000, "ABCDEF");
    BENCH_RUN_ALL(b, rep_movsw_backward);
    ck_assert_uint_eq(bench_rd16(b, 0x3004), 0x4645);
    ck_assert_uint_eq(bench_rd16(b, 0x3002), 0x4443);
    ck_assert_uint_eq(bench_rd16(b, 0x3000), 0x4241);
    ck_assert_uint_eq(b->c->gpr[REG_ESI] & 0xffff, 0x1ffe);
    ck_assert_uint_eq(b->c->gpr[REG_EDI] & 0xffff, 0x2ffe);
    bench_free(b);
}
END_TEST

static const uint8_t movsb_source_override[] = {
    0xB8, 0x00, 0x02,                        /* mov ax, 0x0200 */
    0x8E, 0xC0,                              /* mov es, ax */
    0xBE, 0x00, 0x00,                        /* mov si, 0x0000 */
    0xBF, 0x00, 0x10,                        /* mov di, 0x1000 */
    0xA4,                                    /* movsb */
    0x26, 0xA4,                              /* es movsb */
    0xF4,                                    /* hlt */
};

START_TEST(movs_source_override_not_destination)
{
    struct bench *b = bench_new();
    bench_wr8(b, 0x0000, 0x11);
    bench_wr8(b, 0x2001, 0x22);
    bench_wr8(b, 0x0001, 0x99);
    BENCH_RUN_ALL(b, movsb_source_override);
    ck_assert_uint_eq(bench_rd8(b, 0x3000), 0x11);
    ck_assert_uint_eq(bench_rd8(b, 0x3001), 0x22);
    bench_free(b);
}
END_TEST

static const uint8_t movs_fs_override_a32[] = {
    0xB8, 0x00, 0x03,                        /* mov ax, 0x0300 */
    0x8E, 0xE0,                              /* mov fs, ax */
    0x66, 0xBE, 0x10, 0x00, 0x00, 0x00,      /* mov esi, 0x10 */
    0x66, 0xBF, 0x00, 0x40, 0x00, 0x00,      /* mov edi, 0x4000 */
    0x64, 0x66, 0x67, 0xA5,                  /* fs a32 movsd */
    0xF4,                                    /* hlt */
};

START_TEST(movs_fs_override_32bit)
{
    struct bench *b = bench_new();
    bench_wr32(b, 0x3010, 0xfeedbeefu);
    BENCH_RUN_ALL(b, movs_fs_override_a32);
    ck_assert_uint_eq(bench_rd32(b, 0x4000), 0xfeedbeefu);
    bench_free(b);
}
END_TEST

static const uint8_t repe_cmpsb_stops_on_difference[] = {
    0xBE, 0x00, 0x20,                        /* mov si, 0x2000 */
    0xBF, 0x00, 0x30,                        /* mov di, 0x3000 */
    0xB9, 0x08, 0x00,                        /* mov cx, 8 */
    0xFC,                                    /* cld */
    0xF3, 0xA6,                              /* repe cmpsb */
    0xF4,                                    /* hlt */
};

START_TEST(repe_cmpsb_stops_after_difference)
{
    struct bench *b = bench_new();
    fill(b, 0x2000, "ABCDEFGH");
    fill(b, 0x3000, "ABDDEFGH");
    BENCH_RUN_ALL(b, repe_cmpsb_stops_on_difference);
    ck_assert_uint_eq(b->c->gpr[REG_ECX] & 0xffff, 5);
    ck_assert_uint_eq(b->c->gpr[REG_ESI] & 0xffff, 0x2003);
    ck_assert_uint_eq(b->c->gpr[REG_EDI] & 0xffff, 0x3003);
    ck_assert(!(bench_flags(b) & EFLAGS_ZF));
    ck_assert(bench_flags(b) & EFLAGS_CF);
    bench_free(b);
}
END_TEST

static const uint8_t repne_scasb_finds[] = {
    0xBF, 0x00, 0x30,                        /* mov di, 0x3000 */
    0xB9, 0x08, 0x00,                        /* mov cx, 8 */
    0xB0, 0x33,                              /* mov al, 0x33 */
    0xFC,                                    /* cld */
    0xF2, 0xAE,                              /* repne scasb */
    0xF4,                                    /* hlt */
};

START_TEST(repne_scasb_stops_on_match)
{
    struct bench *b = bench_new();
    fill(b, 0x3000, "\x11\x22\x10\x33\x44");
    BENCH_RUN_ALL(b, repne_scasb_finds);
    ck_assert_uint_eq(b->c->gpr[REG_ECX] & 0xffff, 4);
    ck_assert_uint_eq(b->c->gpr[REG_EDI] & 0xffff, 0x3004);
    ck_assert(bench_flags(b) & EFLAGS_ZF);
    bench_free(b);
}
END_TEST

static const uint8_t rep_stosd_a16_uses_cx_only[] = {
    0x66, 0xB9, 0x03, 0x00, 0x01, 0x00,      /* mov ecx, 0x00010003 */
    0x66, 0xBF, 0x00, 0x30, 0xCD, 0xAB,      /* mov edi, 0xabcd3000 */
    0x66, 0xB8, 0x5A, 0x5A, 0x5A, 0x5A,      /* mov eax, 0x5a5a5a5a */
    0xFC,                                    /* cld */
    0xF3, 0x66, 0xAB,                        /* rep stosd */
    0xF4,                                    /* hlt */
};

START_TEST(rep_stosd_16bit_address_counts_cx)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, rep_stosd_a16_uses_cx_only);
    ck_assert_uint_eq(bench_rd32(b, 0x3008), 0x5a5a5a5au);
    ck_assert_uint_eq(bench_rd32(b, 0x300c), 0);
    ck_assert_uint_eq(b->c->gpr[REG_ECX], 0x00010000u);
    ck_assert_uint_eq(b->c->gpr[REG_EDI], 0xabcd300cu);
    bench_free(b);
}
END_TEST

static const uint8_t lodsb_lodsd[] = {
    0xBE, 0x00, 0x20,                        /* mov si, 0x2000 */
    0xFC,                                    /* cld */
    0xAC,                                    /* lodsb */
    0x88, 0xC3,                              /* mov bl, al */
    0x66, 0xAD,                              /* lodsd */
    0xF4,                                    /* hlt */
};

START_TEST(lods_byte_then_dword)
{
    struct bench *b = bench_new();
    fill(b, 0x2000, "ABCDE");
    BENCH_RUN_ALL(b, lodsb_lodsd);
    ck_assert_uint_eq(b->c->gpr[REG_EBX] & 0xff, 0x41);
    ck_assert_uint_eq(b->c->gpr[REG_EAX], 0x45444342u);
    ck_assert_uint_eq(b->c->gpr[REG_ESI] & 0xffff, 0x2005);
    bench_free(b);
}
END_TEST

static const uint8_t rep_zero_count[] = {
    0xB9, 0x00, 0x00,                        /* mov cx, 0 */
    0xBE, 0xFF, 0xFF,                        /* mov si, 0xffff */
    0xBF, 0xFF, 0xFF,                        /* mov di, 0xffff */
    0xF3, 0xA5,                              /* rep movsw */
    0xF4,                                    /* hlt */
};

START_TEST(rep_with_zero_count_touches_nothing)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, rep_zero_count);
    ck_assert_uint_eq(b->c->gpr[REG_ESI] & 0xffff, 0xffff);
    ck_assert_uint_eq(b->c->gpr[REG_EDI] & 0xffff, 0xffff);
    bench_free(b);
}
END_TEST

static const uint8_t si_wraps_a16[] = {
    0x66, 0xBE, 0xFF, 0xFF, 0x34, 0x12,      /* mov esi, 0x1234ffff */
    0xBF, 0x00, 0x30,                        /* mov di, 0x3000 */
    0xFC,                                    /* cld */
    0xA4,                                    /* movsb */
    0xF4,                                    /* hlt */
};

START_TEST(si_wraps_with_16bit_addresses)
{
    struct bench *b = bench_new();
    bench_wr8(b, 0xffff, 0x5e);
    BENCH_RUN_ALL(b, si_wraps_a16);
    ck_assert_uint_eq(b->c->gpr[REG_ESI], 0x12340000u);
    ck_assert_uint_eq(bench_rd8(b, 0x3000), 0x5e);
    bench_free(b);
}
END_TEST

static const uint8_t repe_cmps_fault_keeps_flags[] = {
    0x66, 0xBE, 0x00, 0x20, 0x00, 0x00,      /* mov esi, 0x2000 */
    0x66, 0xBF, 0xFF, 0xFF, 0x00, 0x00,      /* mov edi, 0xffff */
    0x66, 0xB9, 0x04, 0x00, 0x00, 0x00,      /* mov ecx, 4 */
    0xFC,                                    /* cld */
    0xF3, 0x67, 0xA6,                        /* a32 repe cmpsb */
    0xF4,                                    /* hlt */
};

/* The first compare (41h against 42h at ES:FFFFh) sets CF and clears ZF:
 * REPE would stop there.  So compare equal bytes first: the second element
 * lies at ES:10000h, past the limit. */
START_TEST(repe_cmps_fault_keeps_completed_element)
{
    struct bench *b = bench_new();
    bench_wr8(b, 0x2000, 0x42);
    bench_wr8(b, 0xffff, 0x42);
    BENCH_CODE(b, repe_cmps_fault_keeps_flags);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_GP);
    ck_assert_uint_eq(bench_frame(b).ip, CODE_IP + sizeof repe_cmps_fault_keeps_flags - 4);
    ck_assert_uint_eq(b->c->gpr[REG_ECX], 3);
    ck_assert_uint_eq(b->c->gpr[REG_ESI], 0x2001);
    ck_assert_uint_eq(b->c->gpr[REG_EDI], 0x10000);
    ck_assert(bench_frame(b).flags & EFLAGS_ZF);
    ck_assert(!(bench_frame(b).flags & EFLAGS_CF));
    bench_free(b);
}
END_TEST

static const uint8_t rep_stos_through_wrap_a16[] = {
    0xBF, 0xFE, 0xFF,                        /* mov di, 0xfffe */
    0xB9, 0x03, 0x00,                        /* mov cx, 3 */
    0xB0, 0x77,                              /* mov al, 0x77 */
    0xFC,                                    /* cld */
    0xF3, 0xAA,                              /* rep stosb */
    0xF4,                                    /* hlt */
};

START_TEST(stos_di_wraps_within_segment)
{
    struct bench *b = bench_new();
    BENCH_RUN_ALL(b, rep_stos_through_wrap_a16);
    ck_assert_uint_eq(bench_rd8(b, 0xfffe), 0x77);
    ck_assert_uint_eq(bench_rd8(b, 0xffff), 0x77);
    ck_assert_uint_eq(bench_rd8(b, 0x0000), 0x77);
    ck_assert_uint_eq(b->c->gpr[REG_EDI] & 0xffff, 1);
    bench_free(b);
}
END_TEST

static Suite *string_suite(void)
{
    Suite *s = suite_create("cpu_string");
    TCase *tc = tcase_create("string");
    tcase_add_test(tc, rep_movsb_16bit_addresses);
    tcase_add_test(tc, rep_movsd_32bit_addresses);
    tcase_add_test(tc, rep_movsw_backward_with_df);
    tcase_add_test(tc, movs_source_override_not_destination);
    tcase_add_test(tc, movs_fs_override_32bit);
    tcase_add_test(tc, repe_cmpsb_stops_after_difference);
    tcase_add_test(tc, repne_scasb_stops_on_match);
    tcase_add_test(tc, rep_stosd_16bit_address_counts_cx);
    tcase_add_test(tc, lods_byte_then_dword);
    tcase_add_test(tc, rep_with_zero_count_touches_nothing);
    tcase_add_test(tc, si_wraps_with_16bit_addresses);
    tcase_add_test(tc, repe_cmps_fault_keeps_completed_element);
    tcase_add_test(tc, stos_di_wraps_within_segment);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(string_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
