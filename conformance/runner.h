/* conformance/runner.h: grades the CPU core against SingleStepTests vectors
 * following the rules of ../shared/conformance/README.md ("How to grade"
 * and "Caveats").  Every skip follows one of those written rules and is
 * counted under its rule. */
#ifndef VIREO_CONFORMANCE_RUNNER_H
#define VIREO_CONFORMANCE_RUNNER_H

#include <stdint.h>
#include <stdio.h>

#include "util/error.h"

enum conform_skip {
    SKIP_REVOKED,               /* README "How to grade" 8: hash in revocation_list.txt */
    SKIP_LOCK_UD,               /* caveat 1: LOCK on a form the 386 rejects with #UD */
    SKIP_SS_OVERRUN,            /* caveat 2: 286 #GP where the 386 raises #SS for SS */
    SKIP_STEP_OVERRUN,          /* caveat 2 ("or skip all of them"): overruns after a step */
    SKIP_IDIV_MISS,             /* caveat 8's boundary: a 286 IDIV overflow it missed */
    SKIP_PUSHED_SS,             /* an exception frame whose CS slot holds SS */
    SKIP_LENGTH_UD,             /* caveat 3: 286 fault for > 10 bytes; 386 allows 15 */
    SKIP_SREG_FS_GS,            /* caveat 4: 8C/8E with reg 4/5 are FS/GS on a 386 */
    SKIP_ESC,                   /* caveat 6: D8 captured without a coprocessor */
    SKIP_COUNT
};

struct conform_opts {
    uint8_t model;              /* CPU_386, CPU_486, CPU_586 */
    long limit;                 /* tests per file, 0 = all */
    int verbose;                /* print each failing test's differences */
    FILE *out;
};

struct conform_totals {
    uint64_t passed, failed, skipped;
    uint64_t skip[SKIP_COUNT];
    unsigned files;
};

struct conform;
struct conform *conform_create(const struct conform_opts *o, struct emu_err *err);
void conform_destroy(struct conform *cf);
/* Run one .MOO.gz file, or every *.MOO.gz in a directory (sorted). */
int conform_run_path(struct conform *cf, const char *path, struct conform_totals *t,
                     struct emu_err *err);
const char *conform_skip_name(enum conform_skip s);

#endif
