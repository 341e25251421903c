/* tests/unit/test_cpu_p2.c: what --cpu pentium2 adds besides MMX
 * (test_cpu_mmx.c): CPUID per model (leaf 0 maximum, leaf 1 signature and
 * features, which claim no PAE/MTRR/PAT/PSE-36/MCA/APIC, the Pentium II's
 * leaf 2 cache descriptors), CR4.OSFXSR, FXSAVE's image byte by byte and
 * in real mode with a CS and DS that are not 0, FXRSTOR's round trip, its
 * reserved bits and abridged tag word, a pending exception it loads, the
 * #NM/#GP/#SS/#UD cases of both (alignment of the linear address, the
 * whole 512 bytes against the limit), SYSENTER/SYSEXIT with their flat
 * segments, every #GP condition and the way out of V86 mode, the SYSENTER
 * MSRs, the P6 microcode-signature MSRs, and #UD for all of it on the
 * Pentium Pro.  Expected values come
 * from the SDM (Vol. 2: CPUID, FXSAVE, FXRSTOR, SYSENTER, SYSEXIT; Vol. 4:
 * the P6 MSRs), never from running the core. */
#include <check.h>

#include "fpu/x87.h"
#include "tests/unit/cputest.h"

#define R(b, r) ((b)->c->gpr[REG_##r])

/* ---- CPUID ---- */

static void cpuid_leaf(uint8_t model, uint32_t leaf, uint32_t out[4])
{
    const uint8_t code[] = {
        0x66, 0xB8, (uint8_t)leaf, (uint8_t)(leaf >> 8), 0x00, 0x00,   /* mov eax, leaf */
        0x0F, 0xA2,                                                     /* cpuid */
        0xF4,
    };
    struct bench *b = bench_new_model(model);
    BENCH_RUN_ALL(b, code);
    out[0] = R(b, EAX);
    out[1] = R(b, EBX);
    out[2] = R(b, ECX);
    out[3] = R(b, EDX);
    bench_free(b);
}

START_TEST(cpuid_per_model)
{
    static const struct {
        uint8_t model;
        uint32_t max, signature, features;
    } rows[] = {
        { CPU_486, 1, 0x0480, 0x00000001u },
        { CPU_586, 1, 0x052c, 0x000021bfu },
        { CPU_686, 1, 0x0611, 0x0000a1bfu },
        { CPU_P2, 2, 0x0652, 0x0180a9bfu },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        uint32_t r[4];
        cpuid_leaf(rows[i].model, 0, r);
        ck_assert_uint_eq(r[0], rows[i].max);
        ck_assert_uint_eq(r[1], 0x756e6547u);                /* "GenuineIntel" */
        ck_assert_uint_eq(r[3], 0x49656e69u);
        ck_assert_uint_eq(r[2], 0x6c65746eu);
        cpuid_leaf(rows[i].model, 1, r);
        ck_assert_uint_eq(r[0], rows[i].signature);
        ck_assert_uint_eq(r[3], rows[i].features);
        bool p2 = rows[i].model == CPU_P2;
        ck_assert_uint_eq((r[3] >> 23) & 1, p2);             /* MMX */
        ck_assert_uint_eq((r[3] >> 24) & 1, p2);             /* FXSR */
        ck_assert_uint_eq((r[3] >> 11) & 1, p2);             /* SEP */
        /* Not implemented, so never claimed: PAE APIC MTRR MCA PAT PSE-36. */
        ck_assert_uint_eq(r[3] & (1u << 6 | 1u << 9 | 1u << 12 | 1u << 14 | 1u << 16 | 1u << 17),
                          0);
    }
}
END_TEST

/* Leaf 2 of a 512 KiB Pentium II: one call (AL = 1), descriptors 01 02 03
 * (TLBs), 43 (L2), 08 0C (L1 I and D), 04 (4M DTLB); a leaf beyond the
 * maximum returns the highest basic leaf's data (SDM CPUID). */
START_TEST(cpuid_leaf2_pentium2)
{
    uint32_t r[4];
    cpuid_leaf(CPU_P2, 2, r);
    ck_assert_uint_eq(r[0], 0x03020101u);
    ck_assert_uint_eq(r[1], 0);
    ck_assert_uint_eq(r[2], 0);
    ck_assert_uint_eq(r[3], 0x0c040843u);
    cpuid_leaf(CPU_P2, 0x80, r);
    ck_assert_uint_eq(r[0], 0x03020101u);
    ck_assert_uint_eq(r[3], 0x0c040843u);
}
END_TEST

START_TEST(reset_signature)
{
    struct bench *b = bench_new_model(CPU_P2);
    ck_assert_uint_eq(R(b, EDX), 0x0652);
    bench_free(b);
}
END_TEST

/* ---- CR4.OSFXSR ---- */

static int write_cr4(uint8_t model, uint32_t v, uint32_t *back)
{
    const uint8_t code[] = {
        0x66, 0xB8, (uint8_t)v, (uint8_t)(v >> 8), 0x00, 0x00,  /* mov eax, v */
        0x0F, 0x22, 0xE0,                                       /* mov cr4, eax */
        0x0F, 0x20, 0xE3,                                       /* mov ebx, cr4 */
        0xF4,
    };
    struct bench *b = bench_new_model(model);
    BENCH_CODE(b, code);
    bench_run(b);
    int v_ = bench_vector(b);
    *back = R(b, EBX);
    bench_free(b);
    return v_;
}

START_TEST(cr4_osfxsr)
{
    uint32_t back;
    ck_assert_int_eq(write_cr4(CPU_P2, 0x200, &back), -1);
    ck_assert_uint_eq(back, 0x200);
    ck_assert_int_eq(write_cr4(CPU_686, 0x200, &back), EXC_GP);
    ck_assert_int_eq(write_cr4(CPU_P2, 0x400, &back), EXC_GP);   /* OSXMMEXCPT: SSE, not here */
}
END_TEST

/* ---- FXSAVE / FXRSTOR ---- */

static void fill(struct bench *b, uint32_t phys, size_t n, uint8_t v)
{
    for (size_t i = 0; i < n; i++)
        bench_wr8(b, phys + (uint32_t)i, v);
}

/* Field by field: struct fp80 has padding that memcmp would look at. */
static bool fpu_equal(const struct fpu_state *a, const struct fpu_state *b)
{
    for (unsigned i = 0; i < 8; i++) {
        if (a->st[i].mant != b->st[i].mant || a->st[i].sexp != b->st[i].sexp)
            return false;
    }
    return a->cw == b->cw && a->sw == b->sw && a->tw == b->tw && a->fop == b->fop &&
           a->fip == b->fip && a->fdp == b->fdp && a->fcs == b->fcs && a->fds == b->fds;
}

static uint64_t rd64(struct bench *b, uint32_t phys)
{
    return bench_rd32(b, phys) | (uint64_t)bench_rd32(b, phys + 4) << 32;
}

/* A state with TOP 3: ST0 = R3 = 1.0, ST1 = R4 = +0, ST2 = R5 = +inf, the
 * rest empty (but not zero, to see that FXSAVE stores them anyway). */
static void known_state(struct bench *b)
{
    struct fpu_state *f = &b->c->fpu;
    f->cw = 0x0b7f;
    f->sw = (uint16_t)(3u << 11 | FPSW_C2 | FPX_PE);
    for (unsigned p = 0; p < 8; p++)
        f->st[p] = (struct fp80){ 0x1111111111111111ull * p, (uint16_t)(0x5550 + p) };
    f->st[3] = (struct fp80){ 0x8000000000000000ull, 0x3fff };
    f->st[4] = (struct fp80){ 0, 0 };
    f->st[5] = (struct fp80){ 0x8000000000000000ull, 0x7fff };
    f->tw = 0xf93f;             /* R7..R0: 11 11 10 01 00 11 11 11 */
    f->fop = 0x5a5;
    f->fip = 0x12345678u;
    f->fcs = 0x9abc;
    f->fdp = 0x0fedcba9u;
    f->fds = 0x8765;
}

START_TEST(fxsave_image)
{
    static const uint8_t code[] = { 0x0F, 0xAE, 0x06, 0x00, 0x20, 0xF4 };   /* fxsave [2000h] */
    struct bench *b = bench_new_model(CPU_P2);
    known_state(b);
    struct fpu_state before = b->c->fpu;
    fill(b, 0x2000, 512, 0xaa);
    BENCH_RUN_ALL(b, code);
    ck_assert_uint_eq(bench_rd16(b, 0x2000), 0x0b7f);           /* FCW */
    ck_assert_uint_eq(bench_rd16(b, 0x2002), 0x1c20);           /* FSW, TOP 3 */
    ck_assert_uint_eq(bench_rd8(b, 0x2004), 0x38);              /* R3 R4 R5 in use */
    ck_assert_uint_eq(bench_rd8(b, 0x2005), 0);
    ck_assert_uint_eq(bench_rd16(b, 0x2006), 0x5a5);            /* FOP */
    ck_assert_uint_eq(bench_rd32(b, 0x2008), 0x12345678u);      /* FIP */
    ck_assert_uint_eq(bench_rd32(b, 0x200c), 0x9abc);           /* FCS, reserved 0 */
    ck_assert_uint_eq(bench_rd32(b, 0x2010), 0x0fedcba9u);      /* FDP */
    ck_assert_uint_eq(bench_rd32(b, 0x2014), 0x8765);           /* FDS */
    ck_assert_uint_eq(bench_rd32(b, 0x2018), 0);                /* MXCSR: no SSE */
    ck_assert_uint_eq(bench_rd32(b, 0x201c), 0);                /* MXCSR_MASK */
    for (unsigned i = 0; i < 8; i++) {                          /* ST(i) = R((3 + i) & 7) */
        const struct fp80 *r = &before.st[(3 + i) & 7];
        uint32_t slot = 0x2020 + 16 * i;
        ck_assert(rd64(b, slot) == r->mant);
        ck_assert_uint_eq(bench_rd16(b, slot + 8), r->sexp);
        ck_assert_uint_eq(bench_rd16(b, slot + 10), 0);
        ck_assert_uint_eq(bench_rd32(b, slot + 12), 0);
    }
    for (uint32_t a = 0x20a0; a < 0x2200; a++)                  /* XMM and reserved: untouched */
        ck_assert_uint_eq(bench_rd8(b, a), 0xaa);
    ck_assert(fpu_equal(&b->c->fpu, &before));                    /* unlike FSAVE: no FINIT */
    bench_free(b);
}
END_TEST

/* In real mode FIP/FDP are offsets and FCS/FDS selectors (not the linear
 * addresses of FSAVE's real-mode image); the operand size changes nothing. */
START_TEST(fxsave_real_mode_pointers)                /* _i: 0 without 66, 1 with */
{
    const uint8_t code[] = {
        0xDB, 0xE3,                          /* 0800: fninit */
        0xD9, 0x06, 0x00, 0x20,              /* 0802: fld dword [2000h] */
        0x66, 0x0F, 0xAE, 0x06, 0x00, 0x1F,  /* 0806: fxsave [1F00h] (66 or a nop prefix) */
        0xF4,
    };
    uint8_t c2[sizeof code];
    memcpy(c2, code, sizeof code);
    if (_i == 0)
        c2[6] = 0x3E;                        /* ds: instead of 66 */
    struct bench *b = bench_new_model(CPU_P2);
    bench_code(b, c2, sizeof c2);
    bench_jump(b, 0x0080, 0x0800);           /* CS 0080h: linear 1000h */
    cpu_load_seg_real(b->c, SEG_DS, 0x0010);
    bench_wr32(b, 0x2100, 0x3f800000u);      /* 1.0f */
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), -1);
    ck_assert_uint_eq(b->c->eip, 0x080d);
    ck_assert_uint_eq(bench_rd16(b, 0x2006), 0x106);             /* FOP: D9 06 */
    ck_assert_uint_eq(bench_rd32(b, 0x2008), 0x0802);            /* FIP */
    ck_assert_uint_eq(bench_rd32(b, 0x200c), 0x0080);            /* FCS */
    ck_assert_uint_eq(bench_rd32(b, 0x2010), 0x2000);            /* FDP */
    ck_assert_uint_eq(bench_rd32(b, 0x2014), 0x0010);            /* FDS */
    ck_assert_uint_eq(bench_rd8(b, 0x2004), 0x80);               /* R7 */
    ck_assert(rd64(b, 0x2020) == 0x8000000000000000ull);
    bench_free(b);
}
END_TEST

/* FXRSTOR then FXSAVE: what is loaded, and what is made of reserved bits. */
START_TEST(fxrstor_roundtrip_and_reserved_bits)
{
    static const uint8_t code[] = {
        0x0F, 0xAE, 0x0E, 0x00, 0x20,        /* fxrstor [2000h] */
        0x0F, 0xAE, 0x06, 0x00, 0x22,        /* fxsave [2200h] */
        0xF4,
    };
    static const struct fp80 slots[8] = {
        { 0x4444444444444444ull, 0x1234 },   /* ST0 = R6: empty */
        { 0x8000000000000000ull, 0x3fff },   /* ST1 = R7: 1.0, valid */
        { 0, 0 },                            /* ST2 = R0: zero */
        { 1, 0 },                            /* ST3 = R1: denormal, special */
        { 0x5555555555555555ull, 0x0001 },   /* ST4 = R2: empty */
        { 0x6666666666666666ull, 0x0002 },   /* ST5 = R3: empty */
        { 0xc000000000000000ull, 0x7fff },   /* ST6 = R4: NaN, special */
        { 0x7777777777777777ull, 0x0003 },   /* ST7 = R5: empty */
    };
    struct bench *b = bench_new_model(CPU_P2);
    fill(b, 0x2000, 512, 0xff);              /* every reserved bit set */
    bench_wr16(b, 0x2000, 0xffff);           /* FCW */
    bench_wr16(b, 0x2002, (uint16_t)(6u << 11 | FPSW_B | FPSW_ES | FPSW_C0 | FPX_ZE));
    bench_wr8(b, 0x2004, 0x93);              /* R0 R1 R4 R7 in use */
    bench_wr16(b, 0x2006, 0xffff);           /* FOP: 11 bits */
    bench_wr32(b, 0x2008, 0xdeadbeefu);
    bench_wr32(b, 0x200c, 0xffff1234u);      /* FCS and a reserved word */
    bench_wr32(b, 0x2010, 0x01020304u);
    bench_wr32(b, 0x2014, 0xffff5678u);
    bench_wr32(b, 0x2018, 0xffffffffu);      /* MXCSR: ignored without SSE, no #GP */
    for (unsigned i = 0; i < 8; i++) {
        bench_wr32(b, 0x2020 + 16 * i, (uint32_t)slots[i].mant);
        bench_wr32(b, 0x2024 + 16 * i, (uint32_t)(slots[i].mant >> 32));
        bench_wr16(b, 0x2028 + 16 * i, slots[i].sexp);
    }
    BENCH_RUN_ALL(b, code);
    const struct fpu_state *f = &b->c->fpu;
    ck_assert_uint_eq(f->cw, 0x1f7f);        /* FLDCW's bits, bit 6 set */
    ck_assert_uint_eq(f->sw, 6u << 11 | FPSW_C0 | FPX_ZE);   /* ZE masked: no ES, no B */
    ck_assert_uint_eq(f->tw, 0x3ef9);        /* R7..R0: 00 11 11 10 11 11 10 01 */
    ck_assert_uint_eq(f->fop, 0x7ff);
    ck_assert_uint_eq(f->fip, 0xdeadbeefu);
    ck_assert_uint_eq(f->fcs, 0x1234);
    ck_assert_uint_eq(f->fdp, 0x01020304u);
    ck_assert_uint_eq(f->fds, 0x5678);
    for (unsigned i = 0; i < 8; i++) {
        ck_assert(f->st[(6 + i) & 7].mant == slots[i].mant);
        ck_assert_uint_eq(f->st[(6 + i) & 7].sexp, slots[i].sexp);
    }
    /* And back out: the same fields, reserved bytes 0, MXCSR 0. */
    ck_assert_uint_eq(bench_rd16(b, 0x2200), 0x1f7f);
    ck_assert_uint_eq(bench_rd16(b, 0x2202), 6u << 11 | FPSW_C0 | FPX_ZE);
    ck_assert_uint_eq(bench_rd16(b, 0x2204), 0x93);
    ck_assert_uint_eq(bench_rd16(b, 0x2206), 0x7ff);
    ck_assert_uint_eq(bench_rd32(b, 0x2208), 0xdeadbeefu);
    ck_assert_uint_eq(bench_rd32(b, 0x220c), 0x1234);
    ck_assert_uint_eq(bench_rd32(b, 0x2210), 0x01020304u);
    ck_assert_uint_eq(bench_rd32(b, 0x2214), 0x5678);
    ck_assert_uint_eq(bench_rd32(b, 0x2218), 0);
    ck_assert_uint_eq(bench_rd32(b, 0x221c), 0);
    for (unsigned i = 0; i < 8; i++) {
        ck_assert(rd64(b, 0x2220 + 16 * i) == slots[i].mant);
        ck_assert_uint_eq(bench_rd16(b, 0x2228 + 16 * i), slots[i].sexp);
        ck_assert_uint_eq(bench_rd16(b, 0x222a + 16 * i), 0);
        ck_assert_uint_eq(bench_rd32(b, 0x222c + 16 * i), 0);
    }
    bench_free(b);
}
END_TEST

/* FXRSTOR itself is non-waiting; an unmasked exception it loads is
 * reported at the next waiting instruction (SDM FXRSTOR). */
START_TEST(fxrstor_loads_a_pending_exception)
{
    static const uint8_t code[] = {
        0x0F, 0xAE, 0x0E, 0x00, 0x20,        /* fxrstor [2000h] */
        0x9B,                                /* fwait */
        0xF4,
    };
    struct bench *b = bench_new_model(CPU_P2);
    b->c->cr0 |= CR0_NE;
    fill(b, 0x2000, 512, 0);
    bench_wr16(b, 0x2000, 0x037b);           /* ZE unmasked */
    bench_wr16(b, 0x2002, FPX_ZE);
    BENCH_CODE(b, code);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_MF);
    ck_assert_uint_eq(bench_frame(b).ip, CODE_IP + 5);
    ck_assert_uint_eq(b->c->fpu.sw & (FPSW_ES | FPSW_B), FPSW_ES | FPSW_B);
    bench_free(b);
}
END_TEST

/* The faults, each leaving memory and the FPU as they were. */
START_TEST(fxsave_fxrstor_faults)
{
    static const struct {
        uint8_t code[6];
        uint32_t cr0;
        uint16_t bp;
        int vector;
    } rows[] = {
        { { 0x0F, 0xAE, 0x06, 0x08, 0x20, 0xF4 }, 0, 0, EXC_GP },        /* fxsave [2008h] */
        { { 0x0F, 0xAE, 0x0E, 0x04, 0x20, 0xF4 }, 0, 0, EXC_GP },        /* fxrstor [2004h] */
        { { 0x0F, 0xAE, 0x06, 0x00, 0xFF, 0xF4 }, 0, 0, EXC_GP },        /* fxsave [0FF00h]: 512 > limit */
        { { 0x0F, 0xAE, 0x0E, 0x00, 0xFE, 0xF4 }, 0, 0, -1 },            /* fxrstor [0FE00h]: fits */
        { { 0x0F, 0xAE, 0x46, 0x00, 0xF4, 0x90 }, 0, 0xff00, EXC_SS },   /* fxsave [bp+0]: SS */
        { { 0x0F, 0xAE, 0x06, 0x00, 0x20, 0xF4 }, CR0_TS, 0, EXC_NM },
        { { 0x0F, 0xAE, 0x06, 0x00, 0x20, 0xF4 }, CR0_EM, 0, EXC_NM },   /* #NM, not #UD as MMX */
        { { 0x0F, 0xAE, 0x0E, 0x00, 0x20, 0xF4 }, CR0_EM | CR0_TS, 0, EXC_NM },
        { { 0xF0, 0x0F, 0xAE, 0x06, 0x00, 0x20 }, 0, 0, EXC_UD },        /* lock fxsave */
        { { 0x0F, 0xAE, 0x16, 0x00, 0x20, 0xF4 }, 0, 0, EXC_UD },        /* ldmxcsr: SSE */
        { { 0x0F, 0xAE, 0x1E, 0x00, 0x20, 0xF4 }, 0, 0, EXC_UD },        /* stmxcsr */
        { { 0x0F, 0xAE, 0x3E, 0x00, 0x20, 0xF4 }, 0, 0, EXC_UD },        /* clflush */
        { { 0x0F, 0xAE, 0xC0, 0xF4, 0x90, 0x90 }, 0, 0, EXC_UD },        /* register form */
        { { 0x0F, 0xAE, 0xF8, 0xF4, 0x90, 0x90 }, 0, 0, EXC_UD },        /* sfence */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct bench *b = bench_new_model(CPU_P2);
        uint8_t code[7];
        memcpy(code, rows[i].code, 6);
        code[6] = 0xF4;
        known_state(b);
        struct fpu_state before = b->c->fpu;
        fill(b, 0x2000, 512, 0x5a);
        b->c->cr0 |= rows[i].cr0;
        R(b, EBP) = rows[i].bp;
        BENCH_CODE(b, code);
        bench_run(b);
        ck_assert_msg(bench_vector(b) == rows[i].vector, "row %zu: vector %d", i,
                      bench_vector(b));
        if (rows[i].vector >= 0) {
            ck_assert_uint_eq(bench_frame(b).ip, CODE_IP);
            ck_assert_msg(fpu_equal(&b->c->fpu, &before), "row %zu", i);
            for (uint32_t a = 0x2000; a < 0x2200; a++)
                ck_assert_uint_eq(bench_rd8(b, a), 0x5a);
        }
        bench_free(b);
    }
}
END_TEST

/* Protected mode: the whole 512 bytes against the limit (#GP(0)), and the
 * alignment of the linear address, not of the offset. */
START_TEST(fxsave_protected_mode)
{
    static const struct {
        uint32_t base, off;
        int vector;
    } rows[] = {
        { 0x20000, 0xe00, -1 },              /* 0E00h + 511 = 0FFFh: the last byte */
        { 0x20000, 0xe10, EXC_GP },
        { 0x20008, 0x008, -1 },              /* offset misaligned, linear 20010h aligned */
        { 0x20008, 0x000, EXC_GP },          /* offset aligned, linear 20008h not */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const uint8_t code[] = {
            0x66, 0xB8, 0x38, 0x00,                          /* mov ax, 38h */
            0x8E, 0xD8,                                      /* mov ds, ax */
            0x0F, 0xAE, 0x05, (uint8_t)rows[i].off, (uint8_t)(rows[i].off >> 8), 0x00, 0x00,
            0xF4,                                            /* fxsave [off] */
        };
        struct bench *b = bench_new_model(CPU_P2);
        bench_pm32(b);
        bench_desc(b, PM_GDT, 7, rows[i].base, 0xfff, 0x92, 0x4);
        known_state(b);
        BENCH_CODE(b, code);
        bench_run(b);
        ck_assert_msg(bench_vector(b) == rows[i].vector, "row %zu", i);
        uint32_t lin = rows[i].base + rows[i].off;
        if (rows[i].vector < 0) {
            ck_assert_uint_eq(bench_rd16(b, lin), 0x0b7f);
            ck_assert_uint_eq(bench_rd32(b, lin + 8), 0x12345678u);
        } else {
            ck_assert_uint_eq(bench_pm_frame(b, true).error, 0);
            ck_assert_uint_eq(bench_rd16(b, lin), 0);
        }
        bench_free(b);
    }
}
END_TEST

START_TEST(fxsave_ud_before_pentium2)
{
    static const uint8_t code[] = { 0x0F, 0xAE, 0x06, 0x00, 0x20, 0xF4 };
    static const uint8_t models[] = { CPU_486, CPU_586, CPU_686 };
    for (size_t m = 0; m < sizeof models; m++) {
        struct bench *b = bench_new_model(models[m]);
        BENCH_CODE(b, code);
        bench_run(b);
        ck_assert_int_eq(bench_vector(b), EXC_UD);
        bench_free(b);
    }
}
END_TEST

/* ---- SYSENTER / SYSEXIT ---- */

/* A 32-bit TSS at 5000h (ESP0 9000h, SS0 10h) as GDT entry 8, loaded in TR,
 * so that an exception at CPL 3 finds its stack. */
#define TSS_BASE 0x5000u
static void bench_tss(struct bench *b)
{
    bench_wr32(b, TSS_BASE + 4, PM_ESP);
    bench_wr32(b, TSS_BASE + 8, PM_DATA32);
    bench_desc(b, PM_GDT, 8, TSS_BASE, 0x67, 0x8b, 0x0);      /* busy 32-bit TSS */
    b->c->gdtr.limit = 9 * 8 - 1;
    struct desc d = { bench_rd32(b, PM_GDT + 64), bench_rd32(b, PM_GDT + 68) };
    seg_cache_load(&b->c->tr, 0x40, &d);
}

/* CPL 0 sets the MSRs with WRMSR and leaves with SYSEXIT; the CPL 3 code
 * records CS, SS and ESP and comes back with SYSENTER. */
#define USER_ENTRY (CODE_IP + 50)
#define KERNEL_ENTRY (CODE_IP + 58)
static const uint8_t round_trip[] = {
    0xB9, 0x74, 0x01, 0x00, 0x00,            /*  0: mov ecx, 174h */
    0xB8, 0x08, 0x00, 0x00, 0x00,            /*  5: mov eax, 8 (SYSENTER_CS) */
    0x31, 0xD2,                              /* 10: xor edx, edx */
    0x0F, 0x30,                              /* 12: wrmsr */
    0xB9, 0x75, 0x01, 0x00, 0x00,            /* 14: mov ecx, 175h */
    0xB8, 0x00, 0x70, 0x00, 0x00,            /* 19: mov eax, 7000h (SYSENTER_ESP) */
    0x0F, 0x30,                              /* 24: wrmsr */
    0xB9, 0x76, 0x01, 0x00, 0x00,            /* 26: mov ecx, 176h */
    0xB8, (uint8_t)KERNEL_ENTRY, (uint8_t)(KERNEL_ENTRY >> 8), 0x00, 0x00,   /* 31: mov eax, kernel */
    0x0F, 0x30,                              /* 36: wrmsr */
    0xB9, 0x00, 0x60, 0x00, 0x00,            /* 38: mov ecx, 6000h (user ESP) */
    0xBA, (uint8_t)USER_ENTRY, (uint8_t)(USER_ENTRY >> 8), 0x00, 0x00,       /* 43: mov edx, user */
    0x0F, 0x35,                              /* 48: sysexit */
    0x8C, 0xC8,                              /* 50: mov eax, cs */
    0x8C, 0xD3,                              /* 52: mov ebx, ss */
    0x89, 0xE6,                              /* 54: mov esi, esp */
    0x0F, 0x34,                              /* 56: sysenter */
    0xF4,                                    /* 58: hlt (CPL 0 again) */
};

START_TEST(sysexit_sysenter_round_trip)
{
    struct bench *b = bench_new_model(CPU_P2);
    bench_pm32(b);
    b->c->eflags |= EFLAGS_IF;
    BENCH_RUN_ALL(b, round_trip);
    struct cpu *c = b->c;
    ck_assert_uint_eq(R(b, EAX) & 0xffff, 0x1b);            /* user CS = 8 + 16 | 3 */
    ck_assert_uint_eq(R(b, EBX) & 0xffff, 0x23);            /* user SS = CS + 8 */
    ck_assert_uint_eq(R(b, ESI), 0x6000);                   /* ESP = ECX */
    ck_assert_uint_eq(c->cpl, 0);
    ck_assert_uint_eq(c->seg[SEG_CS].sel, 0x08);
    ck_assert_uint_eq(c->seg[SEG_SS].sel, 0x10);
    ck_assert_uint_eq(R(b, ESP), 0x7000);
    ck_assert_uint_eq(c->eflags & EFLAGS_IF, 0);            /* SYSENTER clears IF */
    /* The flat descriptors SYSENTER loads (SDM SYSENTER: base 0, 4 GiB,
     * type 11 / 3, S, DPL 0, P, D/B, G). */
    ck_assert_uint_eq(c->seg[SEG_CS].base, 0);
    ck_assert_uint_eq(c->seg[SEG_CS].limit, 0xffffffffu);
    ck_assert_uint_eq(c->seg[SEG_CS].attr, 0xc09b);
    ck_assert_uint_eq(c->seg[SEG_SS].base, 0);
    ck_assert_uint_eq(c->seg[SEG_SS].limit, 0xffffffffu);
    ck_assert_uint_eq(c->seg[SEG_SS].attr, 0xc093);
    bench_free(b);
}
END_TEST

/* SYSEXIT's segments, seen at CPL 3 (the run stops at the user HLT, a #GP). */
START_TEST(sysexit_loads_flat_cpl3_segments)
{
    static const uint8_t code[] = {
        0xB9, 0x00, 0x60, 0x00, 0x00,        /* mov ecx, 6000h */
        0xBA, (uint8_t)(CODE_IP + 12), (uint8_t)((CODE_IP + 12) >> 8), 0x00, 0x00,  /* mov edx, user */
        0x0F, 0x35,                          /* sysexit */
        0xF4,                                /* 12: hlt at CPL 3: #GP(0) */
    };
    struct bench *b = bench_new_model(CPU_P2);
    bench_pm32(b);
    bench_tss(b);
    b->c->msr.sysenter_cs = 0x0b;            /* RPL bits: CS = (0Bh + 16) | 3, SS = CS + 8 */
    BENCH_CODE(b, code);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_GP);
    struct pm_frame f = bench_pm_frame(b, true);
    ck_assert_uint_eq(f.error, 0);
    ck_assert_uint_eq(f.eip, CODE_IP + 12);
    ck_assert_uint_eq(f.cs, 0x1b);
    uint32_t sp = b->c->gpr[REG_ESP];
    ck_assert_uint_eq(bench_rd32(b, sp + 16), 0x6000);       /* the user ESP and SS pushed */
    ck_assert_uint_eq(bench_rd32(b, sp + 20) & 0xffff, 0x23);
    bench_free(b);
}
END_TEST

/* Every #GP(0) of SDM SYSENTER/SYSEXIT. */
START_TEST(sysenter_sysexit_gp)
{
    static const uint8_t sysenter[] = { 0x0F, 0x34, 0xF4 };
    static const uint8_t sysexit[] = { 0x0F, 0x35, 0xF4 };
    static const struct {
        const uint8_t *code;
        bool pm;
        uint32_t cs_msr;
        int vector;
    } rows[] = {
        { sysenter, true, 0, EXC_GP },       /* IA32_SYSENTER_CS = 0 */
        { sysenter, true, 3, EXC_GP },       /* bits 15:2 = 0 */
        { sysenter, false, 8, EXC_GP },      /* real mode */
        { sysexit, true, 0, EXC_GP },
        { sysexit, true, 3, EXC_GP },
        { sysexit, false, 8, EXC_GP },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct bench *b = bench_new_model(CPU_P2);
        if (rows[i].pm)
            bench_pm32(b);
        b->c->msr.sysenter_cs = rows[i].cs_msr;
        b->c->msr.sysenter_eip = CODE_IP + 2;
        bench_code(b, rows[i].code, 3);
        bench_run(b);
        ck_assert_msg(bench_vector(b) == rows[i].vector, "row %zu", i);
        if (rows[i].pm) {
            struct pm_frame f = bench_pm_frame(b, true);
            ck_assert_uint_eq(f.error, 0);
            ck_assert_uint_eq(f.eip, CODE_IP);
        } else {
            ck_assert_uint_eq(bench_frame(b).ip, CODE_IP);
        }
        bench_free(b);
    }
}
END_TEST

/* SYSEXIT at CPL 3 is #GP(0): back at CPL 3, try it again. */
START_TEST(sysexit_at_cpl3_is_gp)
{
    static const uint8_t code[] = {
        0xB9, 0x00, 0x60, 0x00, 0x00,        /* mov ecx, 6000h */
        0xBA, (uint8_t)(CODE_IP + 12), (uint8_t)((CODE_IP + 12) >> 8), 0x00, 0x00,
        0x0F, 0x35,                          /* sysexit */
        0x0F, 0x35,                          /* 12: sysexit at CPL 3 */
        0xF4,
    };
    struct bench *b = bench_new_model(CPU_P2);
    bench_pm32(b);
    bench_tss(b);
    b->c->msr.sysenter_cs = 0x08;
    BENCH_CODE(b, code);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_GP);
    struct pm_frame f = bench_pm_frame(b, true);
    ck_assert_uint_eq(f.error, 0);
    ck_assert_uint_eq(f.eip, CODE_IP + 12);
    ck_assert_uint_eq(f.cs, 0x1b);
    bench_free(b);
}
END_TEST

/* From V86 mode SYSENTER goes to CPL 0 in protected mode and clears VM;
 * SYSEXIT there is CPL 3, so #GP(0). */
START_TEST(sysenter_from_v86)
{
    static const uint8_t code[] = { 0x0F, 0x34, 0xF4 };
    struct bench *b = bench_new_model(CPU_P2);
    bench_pm32(b);
    b->c->msr.sysenter_cs = 0x08;
    b->c->msr.sysenter_esp = 0x7000;
    b->c->msr.sysenter_eip = CODE_IP + 2;
    b->c->eflags |= EFLAGS_VM | EFLAGS_IF;
    cpu_update_mode(b->c);
    for (unsigned s = 0; s < SEG_COUNT; s++)
        cpu_load_seg_real(b->c, s, 0);
    ck_assert_uint_eq(b->c->mode, MODE_V86);
    BENCH_RUN_ALL(b, code);
    ck_assert_uint_eq(b->c->mode, MODE_PROT);
    ck_assert_uint_eq(b->c->cpl, 0);
    ck_assert_uint_eq(b->c->eflags & (EFLAGS_VM | EFLAGS_IF), 0);
    ck_assert_uint_eq(b->c->seg[SEG_SS].sel, 0x10);
    ck_assert_uint_eq(R(b, ESP), 0x7000);
    bench_free(b);

    static const uint8_t exitcode[] = { 0x0F, 0x35, 0xF4 };
    b = bench_new_model(CPU_P2);
    bench_pm32(b);
    bench_tss(b);
    b->c->msr.sysenter_cs = 0x08;
    b->c->eflags |= EFLAGS_VM;
    cpu_update_mode(b->c);
    for (unsigned s = 0; s < SEG_COUNT; s++)
        cpu_load_seg_real(b->c, s, 0);
    BENCH_CODE(b, exitcode);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_GP);
    ck_assert_uint_eq(bench_pm_frame(b, true).error, 0);
    bench_free(b);
}
END_TEST

/* RDMSR/WRMSR 174h-176h: bits 63:32 ignored and read as 0 (SDM Vol. 4);
 * #GP(0) on a model without SEP. */
START_TEST(sysenter_msrs)
{
    static const uint8_t code[] = {
        0x66, 0xB9, 0x74, 0x01, 0x00, 0x00,  /* mov ecx, 174h */
        0x66, 0xB8, 0x08, 0x00, 0xCD, 0xAB,  /* mov eax, 0ABCD0008h */
        0x66, 0xBA, 0x78, 0x56, 0x34, 0x12,  /* mov edx, 12345678h */
        0x0F, 0x30,                          /* wrmsr */
        0x66, 0x41,                          /* inc ecx: 175h */
        0x66, 0xB8, 0xEF, 0xCD, 0xAB, 0x89,  /* mov eax, 89ABCDEFh */
        0x0F, 0x30,                          /* wrmsr */
        0x66, 0x41,                          /* inc ecx: 176h */
        0x66, 0xB8, 0x10, 0x32, 0x54, 0x76,  /* mov eax, 76543210h */
        0x0F, 0x30,                          /* wrmsr */
        0x66, 0xB9, 0x74, 0x01, 0x00, 0x00,  /* mov ecx, 174h */
        0x0F, 0x32,                          /* rdmsr */
        0x66, 0x89, 0xC3,                    /* mov ebx, eax */
        0x66, 0x89, 0xD6,                    /* mov esi, edx */
        0xF4,
    };
    struct bench *b = bench_new_model(CPU_P2);
    BENCH_RUN_ALL(b, code);
    ck_assert_uint_eq(R(b, EBX), 0xabcd0008u);
    ck_assert_uint_eq(R(b, ESI), 0);
    ck_assert_uint_eq(b->c->msr.sysenter_cs, 0xabcd0008u);
    ck_assert_uint_eq(b->c->msr.sysenter_esp, 0x89abcdefu);
    ck_assert_uint_eq(b->c->msr.sysenter_eip, 0x76543210u);
    bench_free(b);

    static const uint8_t rd[] = {
        0x66, 0xB9, 0x75, 0x01, 0x00, 0x00,  /* mov ecx, 175h */
        0x0F, 0x32,                          /* rdmsr */
        0xF4,
    };
    b = bench_new_model(CPU_686);
    BENCH_CODE(b, rd);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_GP);
    bench_free(b);
}
END_TEST

/* The P6 microcode signature protocol (SDM Vol. 3, "Microcode Update
 * Facilities"): write 0 to IA32_BIOS_SIGN_ID, CPUID leaf 1, read the
 * revision from EDX: none loaded, 0.  IA32_PLATFORM_ID reads platform 0.
 * Neither exists on the Pentium. */
START_TEST(p6_signature_msrs)
{
    static const uint8_t code[] = {
        0x66, 0xB9, 0x8B, 0x00, 0x00, 0x00,  /* mov ecx, 8Bh */
        0x66, 0xB8, 0x78, 0x56, 0x34, 0x12,  /* mov eax, 12345678h */
        0x66, 0xBA, 0xEF, 0xBE, 0xAD, 0xDE,  /* mov edx, 0DEADBEEFh */
        0x0F, 0x30,                          /* wrmsr */
        0x0F, 0x32,                          /* rdmsr: as written */
        0x66, 0x89, 0xD6,                    /* mov esi, edx */
        0x66, 0xB8, 0x01, 0x00, 0x00, 0x00,  /* mov eax, 1 */
        0x0F, 0xA2,                          /* cpuid: loads the signature */
        0x66, 0xB9, 0x8B, 0x00, 0x00, 0x00,  /* mov ecx, 8Bh */
        0x0F, 0x32,                          /* rdmsr */
        0x66, 0x89, 0xD7,                    /* mov edi, edx */
        0x66, 0x89, 0xC5,                    /* mov ebp, eax */
        0x66, 0xB9, 0x17, 0x00, 0x00, 0x00,  /* mov ecx, 17h */
        0x0F, 0x32,                          /* rdmsr */
        0xF4,
    };
    static const uint8_t models[] = { CPU_686, CPU_P2 };
    for (size_t m = 0; m < 2; m++) {
        struct bench *b = bench_new_model(models[m]);
        BENCH_RUN_ALL(b, code);
        ck_assert_uint_eq(R(b, ESI), 0xdeadbeefu);
        ck_assert_uint_eq(R(b, EDI), 0);                        /* no update loaded */
        ck_assert_uint_eq(R(b, EBP), 0x12345678u);
        ck_assert_uint_eq(R(b, EAX), 0);
        ck_assert_uint_eq(R(b, EDX), 0);
        bench_free(b);
    }
    static const uint8_t rd[] = {
        0x66, 0xB9, 0x8B, 0x00, 0x00, 0x00,  /* mov ecx, 8Bh */
        0x0F, 0x32,                          /* rdmsr */
        0xF4,
    };
    struct bench *b = bench_new_model(CPU_586);
    BENCH_CODE(b, rd);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_GP);
    bench_free(b);
    static const uint8_t wr17[] = {
        0x66, 0xB9, 0x17, 0x00, 0x00, 0x00,  /* mov ecx, 17h */
        0x0F, 0x30,                          /* wrmsr: read-only */
        0xF4,
    };
    b = bench_new_model(CPU_P2);
    BENCH_CODE(b, wr17);
    bench_run(b);
    ck_assert_int_eq(bench_vector(b), EXC_GP);
    bench_free(b);
}
END_TEST

START_TEST(sysenter_ud_before_pentium2)
{
    static const uint8_t codes[][3] = { { 0x0F, 0x34, 0xF4 }, { 0x0F, 0x35, 0xF4 } };
    static const uint8_t models[] = { CPU_386, CPU_486, CPU_586, CPU_686 };
    for (size_t m = 0; m < sizeof models; m++) {
        for (size_t i = 0; i < 2; i++) {
            struct bench *b = bench_new_model(models[m]);
            bench_pm32(b);
            b->c->msr.sysenter_cs = 0x08;
            bench_code(b, codes[i], 3);
            bench_run(b);
            ck_assert_int_eq(bench_vector(b), EXC_UD);
            bench_free(b);
        }
    }
}
END_TEST

static Suite *cpu_p2_suite(void)
{
    Suite *s = suite_create("cpu_p2");
    TCase *tc = tcase_create("p2");
    tcase_add_test(tc, cpuid_per_model);
    tcase_add_test(tc, cpuid_leaf2_pentium2);
    tcase_add_test(tc, reset_signature);
    tcase_add_test(tc, cr4_osfxsr);
    tcase_add_test(tc, fxsave_image);
    tcase_add_loop_test(tc, fxsave_real_mode_pointers, 0, 2);
    tcase_add_test(tc, fxrstor_roundtrip_and_reserved_bits);
    tcase_add_test(tc, fxrstor_loads_a_pending_exception);
    tcase_add_test(tc, fxsave_fxrstor_faults);
    tcase_add_test(tc, fxsave_protected_mode);
    tcase_add_test(tc, fxsave_ud_before_pentium2);
    tcase_add_test(tc, sysexit_sysenter_round_trip);
    tcase_add_test(tc, sysexit_loads_flat_cpl3_segments);
    tcase_add_test(tc, sysenter_sysexit_gp);
    tcase_add_test(tc, sysexit_at_cpl3_is_gp);
    tcase_add_test(tc, sysenter_from_v86);
    tcase_add_test(tc, sysenter_msrs);
    tcase_add_test(tc, p6_signature_msrs);
    tcase_add_test(tc, sysenter_ud_before_pentium2);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(cpu_p2_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
