/* fpu/xf.h: a 192-bit software float, the working precision of the x87
 * transcendentals in fpu/fp80_trans.c.  Integer-only; truncating
 * arithmetic whose error (a few units of 2^-191, relative) is far below
 * the final rounding to a 64-bit significand. */
#ifndef VIREO_FPU_XF_H
#define VIREO_FPU_XF_H

#include <stdbool.h>
#include <stdint.h>

#include "fpu/fp80.h"

/* value = (w[0]:w[1]:w[2] as a 192-bit integer) * 2^(exp - 191), w[0]
 * most significant; normalised (bit 63 of w[0] set) unless zero. */
struct xf {
    uint64_t w[3];
    int32_t exp;
    bool sign;
};

struct xf xf_zero(void);
bool xf_is_zero(const struct xf *a);
/* m * 2^(exp63 - 63), exactly. */
struct xf xf_from_u64(uint64_t m, int32_t exp63, bool sign);
/* n * 2^(exp127 - 127), exactly. */
struct xf xf_from_u128(struct u128 n, int32_t exp127, bool sign);
/* A finite nonzero unpacked operand, exactly. */
struct xf xf_from_unp(const struct fp_unp *a);
struct xf xf_add(struct xf a, struct xf b);
struct xf xf_sub(struct xf a, struct xf b);
struct xf xf_mul(struct xf a, struct xf b);
struct xf xf_div(struct xf a, struct xf b);
struct xf xf_div_u32(struct xf a, uint32_t d);
static inline struct xf xf_neg(struct xf a)
{
    a.sign = !a.sign;
    return a;
}
static inline struct xf xf_ldexp(struct xf a, int32_t n)
{
    a.exp += n;
    return a;
}
/* Round to the extended format (64 bits, RC from e).  is_exact: the value
 * is known to be exact; otherwise it is irrational and the rounding must
 * see it as inexact even if its 192 bits end in zeros. */
struct fp80 xf_to_fp80(struct fp_env *e, const struct xf *a, bool is_exact);

#endif
