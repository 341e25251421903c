/* tests/unit/test_fpu_difftest.c: x87 behaviours the differential test
 * against the host CPU's x87 (difftest --x87, docs/difftest.md) found
 * wrong, one test per symptom, each with the SDM rule or the hardware
 * behaviour it pins down.  Most go through the fpu/x87.h calls; those that
 * depend on the CPU side (cpu/exec_x87.c) run real-mode bytes. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "devices/bus.h"
#include "fpu/x87.h"
#include "mmu/physmem.h"
#include "util/le.h"

#define ONE fp80_make(0x3fff, 0x8000000000000000ull)
#define TWO fp80_make(0x4000, 0x8000000000000000ull)

static struct fpu_state fresh(uint16_t cw)
{
    struct fpu_state f;
    memset(&f, 0, sizeof f);
    x87_finit(&f);
    x87_fldcw(&f, cw);
    return f;
}

/* FFREEP ST(i) (DF C0+i) frees ST(i) and pops, and a pop marks ST(0)
 * empty: after FLD1, FLD1, FLD1 and FFREEP ST(1), only the first value
 * pushed is left (the host: TW 3FFFh). */
START_TEST(ffreep_pop_empties_st0)
{
    struct fpu_state f = fresh(0x037f);
    x87_fld_m80(&f, ONE);
    x87_fld_m80(&f, ONE);
    x87_fld_m80(&f, ONE);
    x87_ffree(&f, 1, true);
    ck_assert_uint_eq(x87_top(&f), 6);
    ck_assert_uint_eq(f.tw, 0x3fff);
}
END_TEST

/* An unmasked exception that leaves no result clears C1: it is "set if
 * the result was rounded up; cleared otherwise" (SDM Vol. 2, FADD and
 * the others), and there is no result.  Vireo kept the old C1; the host
 * clears it for arithmetic, loads, stores, FPREM, FSIN/FCOS/FPTAN out of
 * range and FXTRACT/FSINCOS/FPTAN stopped by an exception. */
START_TEST(c1_cleared_when_unmasked_exception_blocks)
{
    struct fp80 snan = fp80_make(0x7fff, 0xa000000000000001ull);
    struct fp80 denormal = fp80_make(0x0000, 0x0000000012345678ull);
    struct fp80 huge = fp80_make(0x403e, 0x8000000000000000ull);   /* 2^63: out of range */

    struct fpu_state f = fresh(0x037e);                 /* IE unmasked */
    x87_fld_m80(&f, TWO);
    f.sw |= FPSW_C1;
    struct fp_unp s = fp_unpack(snan);
    x87_arith(&f, X87_FADD, 0, &s, false, false);      /* FADD ST, SNaN: blocked */
    ck_assert(f.sw & FPSW_ES);
    ck_assert(!(f.sw & FPSW_C1));

    f = fresh(0x037e);
    f.sw |= FPSW_C1;
    struct fp_unp m32 = fp_unpack_f32(0x7f800001u);    /* FLD m32 SNaN: blocked */
    x87_fld(&f, &m32);
    ck_assert(!(f.sw & FPSW_C1));

    f = fresh(0x037e);
    x87_fld_m80(&f, huge);
    f.sw |= FPSW_C1;
    uint8_t out[10];
    ck_assert(!x87_fst(&f, X87_M16I, out, true));      /* FISTP m16 of 2^63: IE, no store */
    ck_assert(!(f.sw & FPSW_C1));

    f = fresh(0x037f);
    x87_fld_m80(&f, huge);
    f.sw |= FPSW_C1;
    x87_unary(&f, X87_FSIN);                            /* out of range: C2 = 1, C1 = 0 */
    ck_assert_uint_eq(f.sw & (FPSW_C1 | FPSW_C2), FPSW_C2);
    f.sw |= FPSW_C1;
    x87_push2(&f, X87_FPTAN);
    ck_assert_uint_eq(f.sw & (FPSW_C1 | FPSW_C2), FPSW_C2);

    f = fresh(0x037d);                                  /* DE unmasked */
    x87_fld_m80(&f, TWO);
    x87_fld_m80(&f, denormal);
    f.sw |= FPSW_C1 | FPSW_C2;
    x87_binary(&f, X87_FPREM);                          /* blocked before any reduction */
    ck_assert_uint_eq(f.sw & (FPSW_C1 | FPSW_C2), 0);
}
END_TEST

/* FCOS of a denormal (here a pseudo-denormal) operand raises DE like FSIN
 * (SDM Vol. 2, FCOS: #D "Source is a denormal value"); the check was made
 * on the sine's half of FSINCOS's work and lost for FCOS. */
START_TEST(fcos_denormal_raises_de)
{
    struct fpu_state f = fresh(0x037f);
    x87_fld_m80(&f, fp80_make(0x0000, 0xffffffffffffffffull));
    x87_unary(&f, X87_FCOS);
    ck_assert_uint_eq(f.sw & FPX_DE, FPX_DE);
    ck_assert_uint_eq(x87_st(&f, 0).sexp, 0x3fff);
    ck_assert_uint_eq(x87_st(&f, 0).mant, 0x8000000000000000ull);
    f = fresh(0x037d);                                  /* DE unmasked: no result */
    struct fp80 d = fp80_make(0x0000, 0x0000000012345678ull);
    x87_fld_m80(&f, d);
    x87_unary(&f, X87_FCOS);
    ck_assert(f.sw & FPSW_ES);
    ck_assert_uint_eq(x87_st(&f, 0).mant, d.mant);
}
END_TEST

/* A series that stops at an exact partial sum lies just below it when its
 * next term is negative: cos t = 1 - t^2/2 for a tiny t, atan u = u - u^3/3
 * for a tiny u.  Rounded up such a value is the partial sum itself; Vireo
 * gave the next value above (cos 2^-16382 = 1 + 2^-63 rounding up), and
 * rounding to nearest it is rounded up (C1 = 1).  The host: 1.0, C1 1. */
START_TEST(series_rounding_direction)
{
    struct fp80 tiny = fp80_make(0x0001, 0x8000000000000000ull);
    for (unsigned rc = 0; rc < 4; rc++) {
        struct fpu_state f = fresh((uint16_t)(0x037f | rc << 10));
        x87_fld_m80(&f, tiny);
        x87_unary(&f, X87_FCOS);
        bool up = rc == FP_RC_NEAREST || rc == FP_RC_UP;
        ck_assert_uint_eq(x87_st(&f, 0).sexp, up ? 0x3fff : 0x3ffe);
        ck_assert_uint_eq(x87_st(&f, 0).mant, up ? 0x8000000000000000ull : ~0ull);
        ck_assert_uint_eq((f.sw & FPSW_C1) != 0, up);
        ck_assert_uint_eq(f.sw & FPX_PE, FPX_PE);

        f = fresh((uint16_t)(0x037f | rc << 10));       /* FPATAN: atan(2^-40 / 1) */
        x87_fld_m80(&f, fp80_make(0x3fd7, 0x8000000000000000ull));
        x87_fld_m80(&f, ONE);
        x87_binary(&f, X87_FPATAN);
        ck_assert_uint_eq(x87_st(&f, 0).sexp, up ? 0x3fd7 : 0x3fd6);
        ck_assert_uint_eq(x87_st(&f, 0).mant, up ? 0x8000000000000000ull : ~0ull);
        ck_assert_uint_eq((f.sw & FPSW_C1) != 0, up);
    }
}
END_TEST

/* Exception priority (SDM Vol. 1, 4.9.2): an invalid operation or a zero
 * divide outranks a denormal operand, which is then not reported.
 * FYL2X with ST(0) = 0 and a denormal ST(1) raises ZE alone, FYL2XP1 with
 * ST(0) = -inf and a denormal ST(1) IE alone (Vireo added DE, and with DE
 * unmasked stopped the instruction); the host agrees with the SDM. */
START_TEST(fyl2x_zero_divide_outranks_denormal)
{
    struct fp80 den = fp80_make(0x0000, 0x1234), zero = fp80_make(0, 0);
    struct fp80 ninf = fp80_make(0xffff, 0x8000000000000000ull);
    struct fpu_state f = fresh(0x037d);                 /* DE unmasked */
    x87_fld_m80(&f, den);                               /* ST(1) = y */
    x87_fld_m80(&f, zero);                              /* ST(0) = x */
    x87_binary(&f, X87_FYL2X);
    ck_assert_uint_eq(f.sw & (FPX_MASKABLE | FPSW_ES), FPX_ZE);
    ck_assert_uint_eq(x87_st(&f, 0).sexp, 0xffff);      /* -inf */
    f = fresh(0x037d);
    x87_fld_m80(&f, den);
    x87_fld_m80(&f, ninf);
    x87_binary(&f, X87_FYL2XP1);
    ck_assert_uint_eq(f.sw & (FPX_MASKABLE | FPSW_ES), FPX_IE);
    ck_assert_uint_eq(x87_st(&f, 0).sexp, 0xffff);      /* the indefinite */
    ck_assert_uint_eq(x87_st(&f, 0).mant, 0xc000000000000000ull);
}
END_TEST

/* ---- Through the CPU: real-mode code at 0000:1000, vector n's HLT at
 * 0050:n ---- */

struct rig {
    struct logger log;
    struct phys_mem mem;
    struct io_bus bus;
    struct cpu *c;
};

static void sink(void *opaque, enum log_level lvl, const char *line)
{
    (void)opaque;
    (void)lvl;
    (void)line;
}

static struct rig *rig_new(const uint8_t *code, size_t n)
{
    struct rig *r = calloc(1, sizeof *r);
    ck_assert_ptr_nonnull(r);
    r->log.level = LOG_ERROR;
    r->log.sink = sink;
    struct emu_err err;
    ck_assert_int_eq(phys_create(&r->mem, 1u << 20, &r->log, &err), 0);
    bus_init(&r->bus, &r->log);
    struct cpu_config cfg = { .model = CPU_P2, .has_fpu = true };
    r->c = cpu_create(&cfg, &r->mem, &r->bus);
    ck_assert_ptr_nonnull(r->c);
    for (unsigned v = 0; v < 256; v++) {
        phys_write16(&r->mem, v * 4, (uint16_t)v);
        phys_write16(&r->mem, v * 4 + 2, 0x50);
        phys_write8(&r->mem, 0x500 + v, 0xf4);
    }
    for (unsigned s = 0; s < SEG_COUNT; s++)
        cpu_load_seg_real(r->c, s, 0);
    phys_write_block(&r->mem, 0x1000, code, n);
    r->c->eip = 0x1000;
    r->c->gpr[REG_ESP] = 0x8000;
    return r;
}

static void rig_free(struct rig *r)
{
    cpu_destroy(r->c);
    phys_destroy(&r->mem);
    free(r);
}

/* FNSTENV masks every exception after storing the environment, so no
 * unmasked exception is pending any more: ES and B clear (SDM Vol. 1,
 * 8.1.3.1: ES is set when any unmasked exception flag is set).  Vireo
 * left them set, and a later FLDCW unmasking nothing would still see the
 * old error; the host clears both. */
START_TEST(fnstenv_masking_clears_es)
{
    static const uint8_t code[] = { 0xd9, 0x36, 0x00, 0x20,    /* fnstenv [2000h] */
                                    0xf4 };                    /* hlt */
    struct rig *r = rig_new(code, sizeof code);
    struct fpu_state *f = &r->c->fpu;
    x87_finit(f);
    x87_fldcw(f, 0x037e);                               /* IE unmasked */
    x87_raise(f, FPX_IE);
    ck_assert_uint_eq(f->sw & (FPSW_ES | FPSW_B), FPSW_ES | FPSW_B);
    ck_assert_int_eq(cpu_run(r->c, 10), CPU_EXIT_HALT);
    ck_assert_uint_eq(r->c->eip, 0x1005);
    ck_assert_uint_eq(f->cw, 0x037f);
    ck_assert_uint_eq(f->sw & (FPSW_ES | FPSW_B | FPX_IE), FPX_IE);
    ck_assert_uint_eq(phys_read16(&r->mem, 0x2002) & (FPSW_ES | FPSW_B), FPSW_ES | FPSW_B);
    rig_free(r);
}
END_TEST

static Suite *fpu_difftest_suite(void)
{
    Suite *s = suite_create("fpu_difftest");
    TCase *tc = tcase_create("found");
    tcase_add_test(tc, ffreep_pop_empties_st0);
    tcase_add_test(tc, c1_cleared_when_unmasked_exception_blocks);
    tcase_add_test(tc, fcos_denormal_raises_de);
    tcase_add_test(tc, series_rounding_direction);
    tcase_add_test(tc, fnstenv_masking_clears_es);
    tcase_add_test(tc, fyl2x_zero_divide_outranks_denormal);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fpu_difftest_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
