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

static Suite *fpu_difftest_suite(void)
{
    Suite *s = suite_create("fpu_difftest");
    TCase *tc = tcase_create("found");
    tcase_add_test(tc, ffreep_pop_empties_st0);
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
