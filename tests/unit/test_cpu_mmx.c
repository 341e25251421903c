/* tests/unit/test_cpu_mmx.c: the MMX instructions of --cpu pentium2 (SDM
 * Vol. 2, the P* pages; Vol. 3, chapter 12): every binary operation in its
 * register and memory forms (wrap-around and saturation, signed compares,
 * PMULHW's sign, PMADDWD's 8000h case, packs, unpacks with PUNPCKL reading
 * 32 bits of memory, shifts by 64-bit counts at and beyond the lane width),
 * the shifts by an immediate, MOVD/MOVQ in every direction with 16- and
 * 32-bit addressing and segment overrides, the aliasing with the x87
 * (bits 64-79, TOP, tags, FSAVE's tag word after MMX, an x87 load without
 * EMMS), EMMS, #UD for CR0.EM, #NM for CR0.TS, #MF for a pending x87
 * exception, faults that leave everything as it was, the reserved 66/F3
 * prefixes, LOCK and register-only forms, and #UD on the earlier models.
 * Expected lane results come from the SDM's pseudocode worked by hand and
 * by an independent script, never from running the core. */
#include <check.h>

#include "fpu/x87.h"
#include "tests/unit/cputest.h"

#define MM(b, i) ((b)->c->fpu.st[i].mant)
#define TOP(b) (((b)->c->fpu.sw >> 11) & 7u)

static struct bench *p2(void)
{
    struct bench *b = bench_new_model(CPU_P2);
    /* A state MMX must change: TOP 5, every tag empty. */
    b->c->fpu.sw = 5u << 11;
    b->c->fpu.tw = 0xffff;
    return b;
}

static void put64(struct bench *b, uint32_t phys, uint64_t v)
{
    bench_wr32(b, phys, (uint32_t)v);
    bench_wr32(b, phys + 4, (uint32_t)(v >> 32));
}

static uint64_t get64(struct bench *b, uint32_t phys)
{
    return bench_rd32(b, phys) | (uint64_t)bench_rd32(b, phys + 4) << 32;
}

/* After any MMX instruction but EMMS: TOP 0, all tags valid. */
static void assert_mmx_state(struct bench *b)
{
    ck_assert_uint_eq(TOP(b), 0);
    ck_assert_uint_eq(b->c->fpu.tw, 0);
}

/* ---- The binary operations: mm2 = mm2 op mm5, and mm2 op QWORD [2000h] ---- */

static const struct {
    uint8_t opcode;
    uint64_t a, b, want;
} binops[] = {
    { 0xFC, 0x7F80FF0001020304ULL, 0x0180010001FEFDFCULL, 0x8000000002000000ULL },  /* paddb */
    { 0xFD, 0x7FFF8000FFFF0001ULL, 0x00018000000100FFULL, 0x8000000000000100ULL },  /* paddw */
    { 0xFE, 0x7FFFFFFFFFFFFFFFULL, 0x0000000100000002ULL, 0x8000000000000001ULL },  /* paddd */
    { 0xEC, 0x7F80FF7F80010203ULL, 0x0180FF01FF7F7E7DULL, 0x7F80FE7F807F7F7FULL },  /* paddsb */
    { 0xED, 0x7FFF8000FFFF4000ULL, 0x00018000FFFF4000ULL, 0x7FFF8000FFFE7FFFULL },  /* paddsw */
    { 0xDC, 0xFF80FE0001020380ULL, 0x0180020001FEFD80ULL, 0xFFFFFF0002FFFFFFULL },  /* paddusb */
    { 0xDD, 0xFFFF80000001FFFEULL, 0x0001800000010001ULL, 0xFFFFFFFF0002FFFFULL },  /* paddusw */
    { 0xF8, 0x0080000001020304ULL, 0x0101010101020304ULL, 0xFF7FFFFF00000000ULL },  /* psubb */
    { 0xF9, 0x0000800000010002ULL, 0x0001000100020001ULL, 0xFFFF7FFFFFFF0001ULL },  /* psubw */
    { 0xFA, 0x0000000080000000ULL, 0x0000000100000001ULL, 0xFFFFFFFF7FFFFFFFULL },  /* psubd */
    { 0xE8, 0x807F00FF01020380ULL, 0x01FF7F01FF020300ULL, 0x807F81FE02000080ULL },  /* psubsb */
    { 0xE9, 0x80007FFF0000FFFFULL, 0x0001FFFF80000001ULL, 0x80007FFF7FFFFFFEULL },  /* psubsw */
    { 0xD8, 0x0001FF8000FF1010ULL, 0x0102FF7F01000F11ULL, 0x0000000100FF0100ULL },  /* psubusb */
    { 0xD9, 0x0000FFFF80001234ULL, 0x0001FFFE7FFF1235ULL, 0x0000000100010000ULL },  /* psubusw */
    { 0x74, 0x0102030405060708ULL, 0x0100030005000700ULL, 0xFF00FF00FF00FF00ULL },  /* pcmpeqb */
    { 0x75, 0x1234567812345678ULL, 0x1234000012340000ULL, 0xFFFF0000FFFF0000ULL },  /* pcmpeqw */
    { 0x76, 0x1234567800000000ULL, 0x1234567800000001ULL, 0xFFFFFFFF00000000ULL },  /* pcmpeqd */
    { 0x64, 0x807F0001FF7F8000ULL, 0x7F80FF00007E8001ULL, 0x00FFFFFF00FF0000ULL },  /* pcmpgtb */
    { 0x65, 0x80007FFF0001FFFFULL, 0x7FFF80000000FFFEULL, 0x0000FFFFFFFFFFFFULL },  /* pcmpgtw */
    { 0x66, 0x800000007FFFFFFFULL, 0x7FFFFFFF80000000ULL, 0x00000000FFFFFFFFULL },  /* pcmpgtd */
    { 0xD5, 0x80008000FFFF7FFFULL, 0x80007FFF00017FFFULL, 0x00008000FFFF0001ULL },  /* pmullw */
    { 0xE5, 0x80008000FFFF7FFFULL, 0x80007FFF00017FFFULL, 0x4000C000FFFF3FFFULL },  /* pmulhw */
    { 0xF5, 0x8000800080008000ULL, 0x8000800080008000ULL, 0x8000000080000000ULL },  /* pmaddwd */
    { 0xF5, 0x00010002FFFF0003ULL, 0x0004000500020006ULL, 0x0000000E00000010ULL },  /* pmaddwd */
    { 0x63, 0xFF80007FFF7F0080ULL, 0xFFFF7FFF80000001ULL, 0xFF7F8001807F807FULL },  /* packsswb */
    { 0x67, 0x00FF00800100FFFFULL, 0x7FFF80000001FF00ULL, 0xFF000100FF80FF00ULL },  /* packuswb */
    { 0x6B, 0xFFFF7FFF00008000ULL, 0xFFFFFFFE00001234ULL, 0xFFFE123480007FFFULL },  /* packssdw */
    { 0x60, 0x0706050403020100ULL, 0x0F0E0D0C0B0A0908ULL, 0x0B030A0209010800ULL },  /* punpcklbw */
    { 0x61, 0x0706050403020100ULL, 0x0F0E0D0C0B0A0908ULL, 0x0B0A030209080100ULL },  /* punpcklwd */
    { 0x62, 0x0706050403020100ULL, 0x0F0E0D0C0B0A0908ULL, 0x0B0A090803020100ULL },  /* punpckldq */
    { 0x68, 0x0706050403020100ULL, 0x0F0E0D0C0B0A0908ULL, 0x0F070E060D050C04ULL },  /* punpckhbw */
    { 0x69, 0x0706050403020100ULL, 0x0F0E0D0C0B0A0908ULL, 0x0F0E07060D0C0504ULL },  /* punpckhwd */
    { 0x6A, 0x0706050403020100ULL, 0x0F0E0D0C0B0A0908ULL, 0x0F0E0D0C07060504ULL },  /* punpckhdq */
    { 0xDB, 0xF0F0FF00AAAA5555ULL, 0xFF0F0FF0FFFF0000ULL, 0xF0000F00AAAA0000ULL },  /* pand */
    { 0xDF, 0xF0F0FF00AAAA5555ULL, 0xFF0F0FF0FFFF0000ULL, 0x0F0F00F055550000ULL },  /* pandn */
    { 0xEB, 0xF0F0FF00AAAA5555ULL, 0xFF0F0FF0FFFF0000ULL, 0xFFFFFFF0FFFF5555ULL },  /* por */
    { 0xEF, 0xF0F0FF00AAAA5555ULL, 0xFF0F0FF0FFFF0000ULL, 0x0FFFF0F055555555ULL },  /* pxor */
    { 0xF1, 0x8001400220043008ULL, 0x0000000000000004ULL, 0x0010002000400080ULL },  /* psllw */
    { 0xF1, 0x8001400220043008ULL, 0x000000000000000FULL, 0x8000000000000000ULL },  /* psllw */
    { 0xF1, 0x8001400220043008ULL, 0x0000000000000010ULL, 0x0000000000000000ULL },  /* psllw */
    { 0xF1, 0x8001400220043008ULL, 0x0000000100000000ULL, 0x0000000000000000ULL },  /* psllw */
    { 0xF2, 0x8000000180000001ULL, 0x000000000000001FULL, 0x8000000080000000ULL },  /* pslld */
    { 0xF2, 0x8000000180000001ULL, 0x0000000000000020ULL, 0x0000000000000000ULL },  /* pslld */
    { 0xF3, 0x8000000000000001ULL, 0x000000000000003FULL, 0x8000000000000000ULL },  /* psllq */
    { 0xF3, 0x8000000000000001ULL, 0x0000000000000040ULL, 0x0000000000000000ULL },  /* psllq */
    { 0xD1, 0x8001400220043008ULL, 0x0000000000000004ULL, 0x0800040002000300ULL },  /* psrlw */
    { 0xD1, 0x8001400220043008ULL, 0x0000000000000010ULL, 0x0000000000000000ULL },  /* psrlw */
    { 0xD2, 0x8000000180000001ULL, 0x000000000000001FULL, 0x0000000100000001ULL },  /* psrld */
    { 0xD3, 0x8000000000000001ULL, 0x000000000000003FULL, 0x0000000000000001ULL },  /* psrlq */
    { 0xD3, 0x8000000000000001ULL, 0xFFFFFFFFFFFFFFFFULL, 0x0000000000000000ULL },  /* psrlq */
    { 0xE1, 0x8001400280043008ULL, 0x0000000000000004ULL, 0xF8000400F8000300ULL },  /* psraw */
    { 0xE1, 0x8001400280043008ULL, 0x0000000000000010ULL, 0xFFFF0000FFFF0000ULL },  /* psraw */
    { 0xE1, 0x8001400280043008ULL, 0xFFFFFFFFFFFFFFFFULL, 0xFFFF0000FFFF0000ULL },  /* psraw */
    { 0xE2, 0x8000000140000001ULL, 0x000000000000001FULL, 0xFFFFFFFF00000000ULL },  /* psrad */
    { 0xE2, 0x8000000140000001ULL, 0x0000000000000020ULL, 0xFFFFFFFF00000000ULL },  /* psrad */
};

START_TEST(binary_register_form)                    /* _i = row */
{
    struct bench *b = p2();
    const uint8_t code[] = { 0x0F, binops[_i].opcode, 0xD5, 0xF4 };  /* op mm2, mm5; hlt */
    MM(b, 2) = binops[_i].a;
    MM(b, 5) = binops[_i].b;
    BENCH_RUN_ALL(b, code);
    ck_assert_msg(MM(b, 2) == binops[_i].want, "row %d: %016llx", _i,
                  (unsigned long long)MM(b, 2));
    ck_assert_uint_eq(b->c->fpu.st[2].sexp, 0xffff);
    ck_assert(MM(b, 5) == binops[_i].b);
    ck_assert_uint_eq(b->c->fpu.st[5].sexp, 0);          /* a source keeps its exponent */
    assert_mmx_state(b);
    bench_free(b);
}
END_TEST

START_TEST(binary_memory_form)                      /* _i = row */
{
    struct bench *b = p2();
    const uint8_t code[] = { 0x0F, binops[_i].opcode, 0x16, 0x00, 0x20, 0xF4 };  /* op mm2, [2000h] */
    uint8_t op = binops[_i].opcode;
    bool low_unpack = op >= 0x60 && op <= 0x62;
    MM(b, 2) = binops[_i].a;
    /* PUNPCKLxx read only the low 32 bits from memory: the high dword
     * in memory is garbage that must not show. */
    put64(b, 0x2000, low_unpack ? (binops[_i].b & 0xffffffffu) | 0xdeadbeef00000000ull
                                : binops[_i].b);
    BENCH_RUN_ALL(b, code);
    ck_assert_msg(MM(b, 2) == binops[_i].want, "row %d: %016llx", _i,
                  (unsigned long long)MM(b, 2));
    assert_mmx_state(b);
    bench_free(b);
}
END_TEST

/* ---- Shifts by an immediate (0F 71-73, register only) ---- */

static const struct {
    uint8_t opcode, reg;
    uint64_t a;
    uint8_t count;
    uint64_t want;
} immops[] = {
    { 0x71, 2, 0x8001400220043008ULL, 0x04, 0x0800040002000300ULL },  /* psrlw mm, 4 */
    { 0x71, 4, 0x8001400280043008ULL, 0x14, 0xFFFF0000FFFF0000ULL },  /* psraw mm, 20 */
    { 0x71, 6, 0x8001400220043008ULL, 0x01, 0x0002800440086010ULL },  /* psllw mm, 1 */
    { 0x72, 2, 0x8000000180000001ULL, 0x01, 0x4000000040000000ULL },  /* psrld mm, 1 */
    { 0x72, 4, 0x8000000140000001ULL, 0x04, 0xF800000004000000ULL },  /* psrad mm, 4 */
    { 0x72, 6, 0x8000000180000001ULL, 0x21, 0x0000000000000000ULL },  /* pslld mm, 33 */
    { 0x73, 2, 0x8000000000000001ULL, 0x40, 0x0000000000000000ULL },  /* psrlq mm, 64 */
    { 0x73, 2, 0x8000000000000001ULL, 0x04, 0x0800000000000000ULL },  /* psrlq mm, 4 */
    { 0x73, 6, 0x8000000000000001ULL, 0x01, 0x0000000000000002ULL },  /* psllq mm, 1 */
    { 0x73, 6, 0x8000000000000001ULL, 0xFF, 0x0000000000000000ULL },  /* psllq mm, 255 */
};

START_TEST(shift_by_immediate)                      /* _i = row */
{
    struct bench *b = p2();
    uint8_t modrm = (uint8_t)(0xC0 | immops[_i].reg << 3 | 6);      /* mm6 */
    const uint8_t code[] = { 0x0F, immops[_i].opcode, modrm, immops[_i].count, 0xF4 };
    MM(b, 6) = immops[_i].a;
    BENCH_RUN_ALL(b, code);
    ck_assert_msg(MM(b, 6) == immops[_i].want, "row %d: %016llx", _i,
                  (unsigned long long)MM(b, 6));
    ck_assert_uint_eq(b->c->fpu.st[6].sexp, 0xffff);
    assert_mmx_state(b);
    bench_free(b);
}
END_TEST

/* ---- MOVD and MOVQ ---- */

START_TEST(movd_movq_every_direction)
{
    static const uint8_t code[] = {
        0x66, 0xB8, 0x78, 0x56, 0x34, 0x12,  /* mov eax, 12345678h */
        0x0F, 0x6E, 0xC0,                    /* movd mm0, eax */
        0x0F, 0x6E, 0x0E, 0x00, 0x20,        /* movd mm1, [2000h] */
        0x0F, 0x6F, 0x16, 0x08, 0x20,        /* movq mm2, [2008h] */
        0x0F, 0x7F, 0x16, 0x10, 0x20,        /* movq [2010h], mm2 */
        0x0F, 0x7E, 0x0E, 0x18, 0x20,        /* movd [2018h], mm1 */
        0x0F, 0x7E, 0xC3,                    /* movd ebx, mm0 */
        0x0F, 0x7F, 0xD3,                    /* movq mm3, mm2 (7F: r/m is the destination) */
        0x0F, 0x6F, 0xE2,                    /* movq mm4, mm2 */
        0xF4,
    };
    struct bench *b = p2();
    MM(b, 0) = 0xffffffffffffffffull;       /* MOVD zero-extends */
    bench_wr32(b, 0x2000, 0xcafebabeu);
    put64(b, 0x2008, 0x0123456789abcdefull);
    bench_wr32(b, 0x201c, 0x55555555u);
    BENCH_RUN_ALL(b, code);
    ck_assert(MM(b, 0) == 0x12345678u);
    ck_assert(MM(b, 1) == 0xcafebabeu);
    ck_assert(MM(b, 2) == 0x0123456789abcdefull);
    ck_assert(get64(b, 0x2010) == 0x0123456789abcdefull);
    ck_assert_uint_eq(bench_rd32(b, 0x2018), 0xcafebabeu);
    ck_assert_uint_eq(bench_rd32(b, 0x201c), 0x55555555u);     /* MOVD stores 32 bits */
    ck_assert_uint_eq(b->c->gpr[REG_EBX], 0x12345678u);
    ck_assert(MM(b, 3) == 0x0123456789abcdefull);
    ck_assert(MM(b, 4) == 0x0123456789abcdefull);
    for (unsigned i = 0; i < 5; i++)
        ck_assert_uint_eq(b->c->fpu.st[i].sexp, 0xffff);
    assert_mmx_state(b);
    bench_free(b);
}
END_TEST

/* A store does not touch the exponent of the register it reads. */
START_TEST(stores_leave_the_source_exponent)
{
    static const uint8_t code[] = {
        0x0F, 0x7F, 0x06, 0x00, 0x20,        /* movq [2000h], mm0 */
        0x0F, 0x7E, 0xC9,                    /* movd ecx, mm1 */
        0xF4,
    };
    struct bench *b = p2();
    b->c->fpu.st[0] = (struct fp80){ 0x8000000000000000ull, 0x3fff };     /* 1.0 */
    b->c->fpu.st[1] = (struct fp80){ 0xc000000000000001ull, 0x4000 };
    BENCH_RUN_ALL(b, code);
    ck_assert(get64(b, 0x2000) == 0x8000000000000000ull);
    ck_assert_uint_eq(b->c->gpr[REG_ECX], 1);
    ck_assert_uint_eq(b->c->fpu.st[0].sexp, 0x3fff);
    ck_assert_uint_eq(b->c->fpu.st[1].sexp, 0x4000);
    assert_mmx_state(b);
    bench_free(b);
}
END_TEST

/* 32-bit addressing (67h) in 16-bit code, segment overrides, SS by BP. */
START_TEST(addressing_forms)
{
    static const uint8_t code[] = {
        0x67, 0x26, 0x0F, 0x6F, 0x04, 0x8D, 0x00, 0x30, 0x00, 0x00,  /* movq mm0, es:[ecx*4+3000h] */
        0x64, 0x0F, 0x7F, 0x47, 0x04,                                /* movq fs:[bx+4], mm0 */
        0x0F, 0x6F, 0x4E, 0x08,                                      /* movq mm1, [bp+8] (SS) */
        0x67, 0x0F, 0x7E, 0x4C, 0x24, 0x10,                          /* movd [esp+10h], mm1 (SS) */
        0xF4,
    };
    struct bench *b = p2();
    cpu_load_seg_real(b->c, SEG_ES, 0x0100);
    cpu_load_seg_real(b->c, SEG_FS, 0x0200);
    cpu_load_seg_real(b->c, SEG_SS, 0x0300);
    b->c->gpr[REG_ECX] = 0x10;
    b->c->gpr[REG_EBX] = 0x300;
    b->c->gpr[REG_EBP] = 0x40;
    b->c->gpr[REG_ESP] = 0x80;
    put64(b, 0x1000 + 0x3040, 0x1122334455667788ull);
    put64(b, 0x3000 + 0x48, 0x99aabbccddeeff00ull);
    BENCH_RUN_ALL(b, code);
    ck_assert(MM(b, 0) == 0x1122334455667788ull);
    ck_assert(get64(b, 0x2000 + 0x304) == 0x1122334455667788ull);
    ck_assert(MM(b, 1) == 0x99aabbccddeeff00ull);
    ck_assert_uint_eq(bench_rd32(b, 0x3000 + 0x90), 0xddeeff00u);
    bench_free(b);
}
END_TEST

/* Protected mode, 32-bit code: a data segment's limit bounds all 8 bytes. */
START_TEST(protected_mode_limit)
{
    static const uint8_t ok[] = {
        0x66, 0xB8, 0x30, 0x00,              /* mov ax, 30h (base 20000h, limit FFFh) */
        0x8E, 0xD8,                          /* mov ds, ax */
        0x0F, 0x6F, 0x05, 0xF8, 0x0F, 0x00, 0x00,   /* movq mm0, [0FF8h] */
        0xF4,
    };
    struct bench *b = p2();
    bench_pm32(b);
    put64(b, 0x20ff8, 0x0102030405060708ull);
    BENCH_RUN_ALL(b, ok);
    ck_assert(MM(b, 0) == 0x0102030405060708ull);
    bench_free(b);

    static const uint8_t bad[] = {
        0x66, 0xB8, 0x30, 0x00,              /* mov ax, 30h */
        0x8E, 0xD8,                          /* mov ds, ax */
        0x0F, 0x6F, 0x05, 0xFC, 0x0F, 0x00, 0x00,   /* movq mm0, [0FFCh]: bytes to 1003h */
        0xF4,
    };
    b = p2();
    bench_pm32(b);
    BENCH_CODE(b, bad);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_GP);
    struct pm_frame f = bench_pm_frame(b, true);
    ck_assert_uint_eq(f.error, 0);
    ck_assert_uint_eq(f.eip, CODE_IP + 6);
    ck_assert(MM(b, 0) == 0);
    ck_assert_uint_eq(TOP(b), 5);             /* nothing committed */
    ck_assert_uint_eq(b->c->fpu.tw, 0xffff);
    bench_free(b);
}
END_TEST

/* ---- Aliasing with the x87 ---- */

/* FSAVE after MMX: the image's tag word comes from the registers' contents
 * (SDM Vol. 3, 12.2.1): MM0's all-ones exponent is "special", the FLD1 of
 * R7 "valid", the rest "zero"; ST(i) is Ri because MMX set TOP to 0. */
START_TEST(fsave_after_mmx)
{
    static const uint8_t code[] = {
        0xDB, 0xE3,                          /* fninit */
        0xD9, 0xE8,                          /* fld1: R7 = 1.0, TOP 7 */
        0x0F, 0x6E, 0xC0,                    /* movd mm0, eax */
        0xDD, 0x36, 0x00, 0x20,              /* fnsave [2000h] (real mode, 16-bit: 14 + 80) */
        0xF4,
    };
    struct bench *b = p2();
    b->c->gpr[REG_EAX] = 5;
    BENCH_RUN_ALL(b, code);
    ck_assert_uint_eq(bench_rd16(b, 0x2002) & 0x3800u, 0);      /* TOP 0 */
    ck_assert_uint_eq(bench_rd16(b, 0x2004), 0x1556);           /* tags R7..R0: 00 01 01 01 01 01 01 10 */
    ck_assert(get64(b, 0x2000 + 14) == 5);                      /* ST(0) = R0 = MM0 */
    ck_assert_uint_eq(bench_rd16(b, 0x2000 + 14 + 8), 0xffff);
    ck_assert(get64(b, 0x2000 + 14 + 70) == 0x8000000000000000ull);  /* ST(7) = R7 = 1.0 */
    ck_assert_uint_eq(bench_rd16(b, 0x2000 + 14 + 78), 0x3fff);
    ck_assert_uint_eq(b->c->fpu.tw, 0xffff);                    /* FSAVE then initialises */
    bench_free(b);
}
END_TEST

/* Without EMMS every tag is valid, so an x87 load overflows the stack
 * (masked: IE, SF, C1 and the indefinite); after EMMS it loads. */
START_TEST(x87_load_after_mmx_needs_emms)
{
    static const uint8_t without[] = {
        0xDB, 0xE3,                          /* fninit */
        0x0F, 0x6E, 0xC0,                    /* movd mm0, eax */
        0xD9, 0xE8,                          /* fld1 */
        0xF4,
    };
    struct bench *b = p2();
    BENCH_RUN_ALL(b, without);
    ck_assert_uint_eq(b->c->fpu.sw & (FPX_IE | FPX_SF | FPSW_C1), FPX_IE | FPX_SF | FPSW_C1);
    ck_assert_uint_eq(TOP(b), 7);
    ck_assert_uint_eq(b->c->fpu.st[7].sexp, 0xffff);            /* the QNaN indefinite */
    ck_assert(MM(b, 7) == 0xc000000000000000ull);
    bench_free(b);

    static const uint8_t with[] = {
        0xDB, 0xE3,                          /* fninit */
        0x0F, 0x6E, 0xC0,                    /* movd mm0, eax */
        0x0F, 0x77,                          /* emms */
        0xD9, 0xE8,                          /* fld1 */
        0xF4,
    };
    b = p2();
    BENCH_RUN_ALL(b, with);
    ck_assert_uint_eq(b->c->fpu.sw & (FPX_IE | FPX_SF), 0);
    ck_assert_uint_eq(TOP(b), 7);
    ck_assert_uint_eq(b->c->fpu.st[7].sexp, 0x3fff);
    ck_assert_uint_eq(b->c->fpu.tw, 0x3fff);                    /* R7 valid, the rest empty */
    bench_free(b);
}
END_TEST

/* EMMS: every tag empty, TOP 0 (SDM Vol. 3, Table 12-2); registers and
 * the rest of the status word stay. */
START_TEST(emms)
{
    static const uint8_t code[] = { 0x0F, 0x77, 0xF4 };
    struct bench *b = p2();
    b->c->fpu.tw = 0x1234;
    b->c->fpu.sw = (uint16_t)(3u << 11 | FPSW_C3 | FPX_PE);
    MM(b, 1) = 42;
    BENCH_RUN_ALL(b, code);
    ck_assert_uint_eq(b->c->fpu.tw, 0xffff);
    ck_assert_uint_eq(b->c->fpu.sw, FPSW_C3 | FPX_PE);
    ck_assert(MM(b, 1) == 42);
    ck_assert_uint_eq(b->c->fpu.st[1].sexp, 0);
    bench_free(b);
}
END_TEST

/* MMX leaves FIP, FDP, FOP and the control word alone. */
START_TEST(mmx_keeps_the_x87_pointers)
{
    static const uint8_t code[] = {
        0xD9, 0xE8,                          /* fld1 */
        0x0F, 0x6F, 0x06, 0x00, 0x20,        /* movq mm0, [2000h] */
        0xF4,
    };
    struct bench *b = p2();
    b->c->fpu.tw = 0xffff;
    b->c->fpu.sw = 0;
    BENCH_RUN_ALL(b, code);
    ck_assert_uint_eq(b->c->fpu.fip, CODE_IP);
    ck_assert_uint_eq(b->c->fpu.fop, 0x1e8);
    ck_assert_uint_eq(b->c->fpu.cw, 0x0040);
    bench_free(b);
}
END_TEST

/* ---- Exceptions ---- */

static const uint8_t paddb_mm0_mm1[] = { 0x0F, 0xFC, 0xC1, 0xF4 };
static const uint8_t emms_code[] = { 0x0F, 0x77, 0xF4 };
static const uint8_t movd_mem[] = { 0x0F, 0x7E, 0x06, 0x00, 0x20, 0xF4 };   /* movd [2000h], mm0 */

static int run_with_cr0(const uint8_t *code, size_t n, uint32_t cr0_bits)
{
    struct bench *b = p2();
    b->c->cr0 |= cr0_bits;
    MM(b, 0) = 7;
    bench_wr32(b, 0x2000, 0x11111111u);
    bench_code(b, code, n);
    bench_run(b);
    int v = bench_vector(b);
    if (v >= 0) {                            /* nothing changed, and IP at the instruction */
        ck_assert(MM(b, 0) == 7);
        ck_assert_uint_eq(TOP(b), 5);
        ck_assert_uint_eq(b->c->fpu.tw, 0xffff);
        ck_assert_uint_eq(bench_rd32(b, 0x2000), 0x11111111u);
        ck_assert_uint_eq(bench_frame(b).ip, CODE_IP);
    }
    bench_free(b);
    return v;
}

/* SDM Vol. 3, Table 12-1: EM gives #UD (not #NM as for x87), TS #NM, and
 * EM wins over TS; MP does not matter. */
START_TEST(cr0_em_ts)
{
    static const struct { const uint8_t *code; size_t n; } insns[] = {
        { paddb_mm0_mm1, sizeof paddb_mm0_mm1 }, { emms_code, sizeof emms_code },
        { movd_mem, sizeof movd_mem },
    };
    for (size_t i = 0; i < 3; i++) {
        ck_assert_int_eq(run_with_cr0(insns[i].code, insns[i].n, 0), -1);
        ck_assert_int_eq(run_with_cr0(insns[i].code, insns[i].n, CR0_MP), -1);
        ck_assert_int_eq(run_with_cr0(insns[i].code, insns[i].n, CR0_EM), EXC_UD);
        ck_assert_int_eq(run_with_cr0(insns[i].code, insns[i].n, CR0_TS), EXC_NM);
        ck_assert_int_eq(run_with_cr0(insns[i].code, insns[i].n, CR0_TS | CR0_MP), EXC_NM);
        ck_assert_int_eq(run_with_cr0(insns[i].code, insns[i].n, CR0_EM | CR0_TS), EXC_UD);
    }
}
END_TEST

/* A pending unmasked x87 exception is reported at the next MMX instruction
 * (SDM Vol. 3, 12.5), before its operand: #MF with CR0.NE, the MMX
 * instruction not executed. */
START_TEST(pending_x87_exception_is_mf)
{
    static const uint8_t code[] = {
        0xDB, 0xE3,                          /* fninit */
        0xD9, 0x2E, 0x00, 0x21,              /* fldcw [2100h]: ZE unmasked */
        0xD9, 0xEE,                          /* fldz */
        0xD9, 0xE8,                          /* fld1 */
        0xD8, 0xF1,                          /* fdiv st, st(1): 1/0, ZE pending */
        0x0F, 0x6F, 0x06, 0xFC, 0xFF,        /* movq mm0, [0FFFCh]: would #GP */
        0xF4,
    };
    struct bench *b = p2();
    b->c->cr0 |= CR0_NE;
    bench_wr16(b, 0x2100, 0x037b);
    BENCH_CODE(b, code);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_MF);
    ck_assert_uint_eq(bench_frame(b).ip, CODE_IP + 12);
    ck_assert_uint_eq(TOP(b), 6);             /* MMX did not run */
    ck_assert(MM(b, 0) == 0);
    bench_free(b);
}
END_TEST

/* Segment faults leave the registers, TOP, tags and memory as they were. */
START_TEST(faults_are_restartable)
{
    static const uint8_t load[] = { 0x0F, 0x6F, 0x06, 0xFC, 0xFF, 0xF4 };   /* movq mm0, [0FFFCh] */
    static const uint8_t store[] = { 0x0F, 0x7F, 0x06, 0xFC, 0xFF, 0xF4 };  /* movq [0FFFCh], mm0 */
    static const uint8_t add[] = { 0x0F, 0xFE, 0x46, 0xFC, 0xF4 };          /* paddd mm0, [bp-4] */
    static const uint8_t unpack[] = { 0x0F, 0x62, 0x06, 0xFC, 0xFF, 0xF4 }; /* punpckldq mm0, [0FFFCh] */
    struct {
        const uint8_t *code;
        size_t n;
        int vector;
    } rows[] = {
        { load, sizeof load, EXC_GP }, { store, sizeof store, EXC_GP },
        { add, sizeof add, EXC_SS }, { unpack, sizeof unpack, -1 },
    };
    for (size_t i = 0; i < 4; i++) {
        struct bench *b = p2();
        MM(b, 0) = 0x1111111122222222ull;
        bench_wr32(b, 0xfffc, 0x33333333u);
        bench_code(b, rows[i].code, rows[i].n);
        bench_run(b);
        ck_assert_int_eq(bench_vector(b), rows[i].vector);
        if (rows[i].vector >= 0) {
            ck_assert(MM(b, 0) == 0x1111111122222222ull);
            ck_assert_uint_eq(b->c->fpu.st[0].sexp, 0);
            ck_assert_uint_eq(TOP(b), 5);
            ck_assert_uint_eq(b->c->fpu.tw, 0xffff);
            ck_assert_uint_eq(bench_frame(b).ip, CODE_IP);
        } else {                              /* PUNPCKLDQ reads only 4 bytes: fits */
            ck_assert(MM(b, 0) == 0x3333333322222222ull);
        }
        ck_assert_uint_eq(bench_rd32(b, 0xfffc), 0x33333333u);
        bench_free(b);
    }
}
END_TEST

/* 66 and F3 are reserved on MMX opcodes before SSE2 and ignored; LOCK is
 * #UD; the shift-by-immediate groups take registers only, and their other
 * reg values are undefined. */
START_TEST(prefixes_and_invalid_forms)
{
    static const uint8_t prefixed[] = {
        0x66, 0x0F, 0xFC, 0xC1,              /* paddb mm0, mm1 with 66 */
        0xF3, 0x0F, 0xFC, 0xC1,              /* and with F3 */
        0x66, 0x0F, 0x6F, 0x16, 0x00, 0x20,  /* movq mm2, [2000h] with 66 */
        0xF4,
    };
    struct bench *b = p2();
    MM(b, 0) = 0x0101010101010101ull;
    MM(b, 1) = 0x0202020202020202ull;
    put64(b, 0x2000, 0x0123456789abcdefull);
    BENCH_RUN_ALL(b, prefixed);
    ck_assert(MM(b, 0) == 0x0505050505050505ull);
    ck_assert(MM(b, 2) == 0x0123456789abcdefull);
    bench_free(b);

    static const uint8_t bad[][6] = {
        { 0xF0, 0x0F, 0xFC, 0x06, 0x00, 0x20 },  /* lock paddb mm0, [2000h] */
        { 0x0F, 0x71, 0x16, 0x00, 0x20, 0x04 },  /* psrlw with a memory operand */
        { 0x0F, 0x71, 0xC0, 0x04, 0x90, 0x90 },  /* 0F 71 /0 */
        { 0x0F, 0x73, 0xD8, 0x04, 0x90, 0x90 },  /* 0F 73 /3: PSRLDQ needs 66 and SSE2 */
        { 0x0F, 0x72, 0xF8, 0x04, 0x90, 0x90 },  /* 0F 72 /7 */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        b = p2();
        uint8_t code[7];
        memcpy(code, bad[i], 6);
        code[6] = 0xF4;
        BENCH_CODE(b, code);
        bench_run(b);
        ck_assert_msg(bench_vector(b) == EXC_UD, "case %zu: vector %d", i, bench_vector(b));
        ck_assert_uint_eq(TOP(b), 5);
        bench_free(b);
    }
}
END_TEST

/* MMX exists from the Pentium II on (CPUID.MMX): #UD on every earlier model. */
START_TEST(ud_before_pentium2)
{
    static const uint8_t codes[][4] = {
        { 0x0F, 0xFC, 0xC1, 0xF4 },          /* paddb mm0, mm1 */
        { 0x0F, 0x77, 0xF4, 0xF4 },          /* emms */
        { 0x0F, 0x6E, 0xC0, 0xF4 },          /* movd mm0, eax */
        { 0x0F, 0x71, 0xD0, 0x04 },          /* psrlw mm0, 4 */
    };
    static const uint8_t models[] = { CPU_386, CPU_486, CPU_586, CPU_686 };
    for (size_t m = 0; m < sizeof models; m++) {
        for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
            struct bench *b = bench_new_model(models[m]);
            uint8_t code[5];
            memcpy(code, codes[i], 4);
            code[4] = 0xF4;
            BENCH_CODE(b, code);
            bench_run(b);
            ck_assert_msg(bench_vector(b) == EXC_UD, "model %zu case %zu", m, i);
            bench_free(b);
        }
    }
}
END_TEST

static Suite *cpu_mmx_suite(void)
{
    Suite *s = suite_create("cpu_mmx");
    TCase *tc = tcase_create("mmx");
    int nbin = (int)(sizeof binops / sizeof binops[0]);
    int nimm = (int)(sizeof immops / sizeof immops[0]);
    tcase_add_loop_test(tc, binary_register_form, 0, nbin);
    tcase_add_loop_test(tc, binary_memory_form, 0, nbin);
    tcase_add_loop_test(tc, shift_by_immediate, 0, nimm);
    tcase_add_test(tc, movd_movq_every_direction);
    tcase_add_test(tc, stores_leave_the_source_exponent);
    tcase_add_test(tc, addressing_forms);
    tcase_add_test(tc, protected_mode_limit);
    tcase_add_test(tc, fsave_after_mmx);
    tcase_add_test(tc, x87_load_after_mmx_needs_emms);
    tcase_add_test(tc, emms);
    tcase_add_test(tc, mmx_keeps_the_x87_pointers);
    tcase_add_test(tc, cr0_em_ts);
    tcase_add_test(tc, pending_x87_exception_is_mf);
    tcase_add_test(tc, faults_are_restartable);
    tcase_add_test(tc, prefixes_and_invalid_forms);
    tcase_add_test(tc, ud_before_pentium2);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(cpu_mmx_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
