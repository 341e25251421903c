/* fpu/fp80_arith.c: the x87's basic arithmetic on extended-precision
 * operands: add, subtract, multiply, divide, square root (correctly
 * rounded under precision and rounding control), and the exact operations
 * FRNDINT, FSCALE, FPREM/FPREM1, FXTRACT and the comparisons, with the
 * special-operand tables of Intel SDM Vol. 2 and the exception priority of
 * SDM Vol. 1, 8.7 (invalid, then QNaN operand, then denormal, then zero
 * divide, then overflow/underflow, then precision). */
#include "fpu/fp80.h"

enum { EXT_BIAS = 16383 };

/* Common prologue of two-operand arithmetic: unsupported formats and NaNs.
 * Returns true when *r holds the final result. */
static bool special_nan(struct fp_env *e, const struct fp_unp *a, const struct fp_unp *b,
                        struct fp80 *r)
{
    if (a->cls == FPC_UNSUPPORTED || (b && b->cls == FPC_UNSUPPORTED)) {
        *r = fp_invalid(e);
        return true;
    }
    if (fp_is_nan(a) || (b && fp_is_nan(b))) {
        *r = fp_nan_result(e, a, b);
        return true;
    }
    return false;
}

/* DE for a denormal operand; true if unmasked (the operation stops). */
static bool check_denormal(struct fp_env *e, const struct fp_unp *a, const struct fp_unp *b)
{
    if (a->cls == FPC_DENORMAL || (b && b->cls == FPC_DENORMAL))
        return fp_raise_pre(e, FPX_DE);
    return false;
}

static struct fp80 add_signed(struct fp_env *e, const struct fp_unp *a, const struct fp_unp *b,
                              bool negate_b)
{
    struct fp80 r;
    e->c1 = false;
    if (special_nan(e, a, b, &r))
        return r;
    bool sa = a->sign, sb = b->sign ^ negate_b;
    if (a->cls == FPC_INF || b->cls == FPC_INF) {
        if (a->cls == FPC_INF && b->cls == FPC_INF && sa != sb)
            return fp_invalid(e);
        if (check_denormal(e, a, b))
            return fp80_indefinite();
        return fp80_inf(a->cls == FPC_INF ? sa : sb);
    }
    if (check_denormal(e, a, b))
        return fp80_indefinite();
    unsigned prec = fp_pc_bits(e->cw);
    if (a->cls == FPC_ZERO && b->cls == FPC_ZERO)
        return fp80_zero(sa == sb ? sa : fp_rc(e->cw) == FP_RC_DOWN);
    if (a->cls == FPC_ZERO)
        return fp_round_ext(e, sb, b->exp, u128_make(b->mant, 0), prec);
    if (b->cls == FPC_ZERO)
        return fp_round_ext(e, sa, a->exp, u128_make(a->mant, 0), prec);
    return fp_add_core(e, sa, a->exp, a->mant, sb, b->exp, b->mant);
}

struct fp80 fp_add(struct fp_env *e, const struct fp_unp *a, const struct fp_unp *b)
{
    return add_signed(e, a, b, false);
}

struct fp80 fp_sub(struct fp_env *e, const struct fp_unp *a, const struct fp_unp *b)
{
    return add_signed(e, a, b, true);
}

struct fp80 fp_mul(struct fp_env *e, const struct fp_unp *a, const struct fp_unp *b)
{
    struct fp80 r;
    e->c1 = false;
    if (special_nan(e, a, b, &r))
        return r;
    bool sign = a->sign ^ b->sign;
    if ((a->cls == FPC_INF && b->cls == FPC_ZERO) || (a->cls == FPC_ZERO && b->cls == FPC_INF))
        return fp_invalid(e);
    if (check_denormal(e, a, b))
        return fp80_indefinite();
    if (a->cls == FPC_INF || b->cls == FPC_INF)
        return fp80_inf(sign);
    if (a->cls == FPC_ZERO || b->cls == FPC_ZERO)
        return fp80_zero(sign);
    return fp_mul_core(e, a->sign, a->exp, a->mant, b->sign, b->exp, b->mant);
}

struct fp80 fp_div(struct fp_env *e, const struct fp_unp *a, const struct fp_unp *b)
{
    struct fp80 r;
    e->c1 = false;
    if (special_nan(e, a, b, &r))
        return r;
    bool sign = a->sign ^ b->sign;
    if ((a->cls == FPC_INF && b->cls == FPC_INF) || (a->cls == FPC_ZERO && b->cls == FPC_ZERO))
        return fp_invalid(e);
    /* A zero divisor is checked before a denormal dividend: x/0 raises ZE
     * alone (measured on x87 hardware). */
    if (b->cls == FPC_ZERO) {
        if (a->cls != FPC_INF)
            fp_raise_pre(e, FPX_ZE);
        return fp80_inf(sign);
    }
    if (check_denormal(e, a, b))
        return fp80_indefinite();
    if (a->cls == FPC_INF)
        return fp80_inf(sign);
    if (b->cls == FPC_INF)
        return fp80_zero(sign);
    if (a->cls == FPC_ZERO)
        return fp80_zero(sign);
    return fp_div_core(e, a->sign, a->exp, a->mant, b->sign, b->exp, b->mant);
}

/* floor(sqrt(v)) of a nonzero 64-bit value: Newton's iteration from
 * above, x -> (x + v / x) / 2, which decreases to the floor of the root
 * and stops there (the first step that does not decrease).  It starts at
 * 2^ceil(bits / 2), at most twice the root, so about six steps. */
static uint64_t isqrt64(uint64_t v)
{
    uint64_t x = 1ull << ((65 - clz64(v)) / 2);
    for (;;) {
        uint64_t y = (x + v / x) >> 1;          /* x <= 2^32, v / x <= 2 sqrt(v) */
        if (y >= x)
            return x;
        x = y;
    }
}

/* floor(sqrt(n)) for 2^126 <= n < 2^128, and the remainder n - s^2:
 * Newton's iteration from above, started from the root of the high word. */
static uint64_t isqrt128(struct u128 n, struct u128 *rem)
{
    uint64_t s1 = isqrt64(n.hi);
    uint64_t x = s1 >= 0xffffffffull ? ~0ull : (s1 + 1) << 32;
    for (;;) {
        /* x >= floor(sqrt(n)) >= n.hi, equal only near 2^128: there the
         * quotient n / x is at least 2^64 > x, so x is the root. */
        if (n.hi >= x)
            break;
        uint64_t q = u128_div64(n.hi, n.lo, x, NULL);
        uint64_t y = (x >> 1) + (q >> 1) + (x & q & 1);
        if (y >= x)
            break;
        x = y;
    }
    *rem = u128_sub(n, u128_mul64(x, x));
    return x;
}

struct fp80 fp_sqrt(struct fp_env *e, const struct fp_unp *a)
{
    struct fp80 r;
    e->c1 = false;
    if (special_nan(e, a, NULL, &r))
        return r;
    if (a->sign && a->cls != FPC_ZERO)
        return fp_invalid(e);
    if (check_denormal(e, a, NULL))
        return fp80_indefinite();
    if (a->cls == FPC_ZERO)
        return fp80_zero(a->sign);
    if (a->cls == FPC_INF)
        return fp80_inf(false);
    int32_t exp;
    struct u128 sig = fp_sqrt_sig(a->exp, a->mant, &exp);
    return fp_round_ext(e, false, exp, sig, fp_pc_bits(e->cw));
}

struct u128 fp_sqrt_sig(int32_t ea, uint64_t ma, int32_t *exp)
{
    bool is_odd = ((uint32_t)ea & 1) != 0;
    /* n = mant * 2^63 (even exponent) or 2^64 (odd): 2^126 <= n < 2^128. */
    struct u128 n = is_odd ? u128_make(ma, 0) : u128_make(ma >> 1, ma << 63);
    struct u128 rem;
    uint64_t s = isqrt128(n, &rem);
    /* The root's fraction is at least one half exactly when rem > s (it is
     * never exactly one half); any nonzero remainder is sticky. */
    bool is_half = rem.hi != 0 || rem.lo > s;
    *exp = (ea - (int32_t)is_odd) / 2;
    return u128_make(s, (is_half ? 1ull << 63 : 0) | !u128_is_zero(rem));
}

struct fp80 fp_rndint(struct fp_env *e, const struct fp_unp *a)
{
    struct fp80 r;
    e->c1 = false;
    if (special_nan(e, a, NULL, &r))
        return r;
    if (check_denormal(e, a, NULL))
        return fp80_indefinite();
    if (a->cls == FPC_ZERO)
        return fp80_zero(a->sign);
    if (a->cls == FPC_INF)
        return fp80_inf(a->sign);
    if (a->exp >= 63)                           /* already an integer */
        return fp_pack(a);
    /* Round to an integer, then renormalise. */
    bool inexact, up;
    uint64_t mag = fp_int_split(a->sign, a->exp, a->mant, fp_rc(e->cw), &inexact, &up);
    mag += up;                                  /* exp <= 62: no overflow */
    r = mag == 0 ? fp80_zero(a->sign) : fp_round_ext(e, a->sign, 127, u128_make(0, mag), 64);
    if (inexact)
        e->flags |= FPX_PE;
    e->c1 = up;
    return r;
}

struct fp80 fp_scale(struct fp_env *e, const struct fp_unp *a, const struct fp_unp *b)
{
    struct fp80 r;
    e->c1 = false;
    if (special_nan(e, a, b, &r))
        return r;
    /* SDM Vol. 2, FSCALE Results: 0 * 2^+inf and inf * 2^-inf are invalid. */
    if (b->cls == FPC_INF) {
        if ((b->sign && a->cls == FPC_INF) || (!b->sign && a->cls == FPC_ZERO))
            return fp_invalid(e);
        if (check_denormal(e, a, b))
            return fp80_indefinite();
        if (a->cls == FPC_INF || a->cls == FPC_ZERO)
            return a->cls == FPC_INF ? fp80_inf(a->sign) : fp80_zero(a->sign);
        return b->sign ? fp80_zero(a->sign) : fp80_inf(a->sign);
    }
    if (check_denormal(e, a, b))
        return fp80_indefinite();
    if (a->cls == FPC_INF)
        return fp80_inf(a->sign);
    if (a->cls == FPC_ZERO)
        return fp80_zero(a->sign);
    /* trunc(b), saturated far beyond any exponent range. */
    int32_t n = 0;
    if (b->cls != FPC_ZERO && b->exp >= 0) {
        n = b->exp >= 20 ? 1 << 20 : (int32_t)(b->mant >> (63 - b->exp));
        if (b->sign)
            n = -n;
    }
    return fp_round_ext(e, a->sign, a->exp + n, u128_make(a->mant, 0), 64);
}

struct fp80 fp_prem(struct fp_env *e, const struct fp_unp *a, const struct fp_unp *b,
                    bool is_ieee, uint16_t *cc)
{
    struct fp80 r;
    *cc = 0;
    e->c1 = false;
    if (special_nan(e, a, b, &r))
        return r;
    /* SDM Vol. 2, FPREM Results: an infinite dividend or a zero divisor is
     * invalid; a finite dividend over an infinite divisor is unchanged. */
    if (a->cls == FPC_INF || b->cls == FPC_ZERO)
        return fp_invalid(e);
    if (check_denormal(e, a, b))
        return fp80_indefinite();
    if (a->cls == FPC_ZERO)
        return fp80_zero(a->sign);
    /* Results, even an unchanged dividend, go through rounding: a tiny
     * one raises UE and is biased when UE is unmasked (measured). */
    if (b->cls == FPC_INF)
        return fp_round_ext(e, a->sign, a->exp, u128_make(a->mant, 0), 64);

    int32_t d = a->exp - b->exp;
    bool sign = a->sign;
    if (d < 0) {
        /* |a| < |b|: quotient 0, except FPREM1 rounding |a| > |b|/2 to 1. */
        if (!is_ieee || d < -1 || a->mant <= b->mant)
            return fp_round_ext(e, a->sign, a->exp, u128_make(a->mant, 0), 64);
        *cc = FPSW_C1;                          /* Q = 1 */
        uint64_t rem = b->mant - (a->mant >> 1);   /* |b| - |a| with a's lost bit below */
        struct u128 rs = u128_make(rem, 0);
        if (a->mant & 1)
            rs = u128_sub(rs, u128_make(0, 1ull << 63));
        return fp_round_ext(e, !sign, b->exp, rs, 64);
    }
    bool is_partial = d >= 64;
    int32_t steps = is_partial ? 32 + (d & 31) : d;   /* N of SDM Vol. 2, FPREM */
    /* Long division of a's significand by b's for `steps` more bits. */
    uint64_t rem = a->mant, q = 0, bm = b->mant;
    if (rem >= bm) {
        rem -= bm;
        q = 1;
    }
    for (int32_t i = 0; i < steps; i++) {
        bool carry = (rem >> 63) != 0;
        rem <<= 1;
        q <<= 1;
        if (carry || rem >= bm) {
            rem -= bm;
            q |= 1;
        }
    }
    /* Remainder value: rem * 2^(b->exp - 63 + d - steps). */
    int32_t rexp = b->exp + (d - steps);
    if (is_partial) {
        /* LIMITATION: the SDM leaves C0 C3 C1 of a partial remainder
         * unspecified; they read 0 on the x87 measured, and do here. */
        *cc = FPSW_C2;
    } else {
        if (is_ieee) {
            bool above = (rem >> 63) != 0 || (rem << 1) > bm;
            bool tie = (rem >> 63) == 0 && (rem << 1) == bm;
            if (above || (tie && (q & 1))) {
                q++;
                rem = bm - rem;
                sign = !sign;
            }
        }
        *cc = (uint16_t)(((q >> 2) & 1 ? FPSW_C0 : 0) | ((q >> 1) & 1 ? FPSW_C3 : 0) |
                         (q & 1 ? FPSW_C1 : 0));
    }
    if (rem == 0)
        return fp80_zero(a->sign);
    return fp_round_ext(e, sign, rexp, u128_make(rem, 0), 64);
}

void fp_xtract(struct fp_env *e, const struct fp_unp *a, struct fp80 *expo, struct fp80 *sig)
{
    struct fp80 r;
    e->c1 = false;
    *expo = *sig = fp80_indefinite();
    if (special_nan(e, a, NULL, &r)) {
        *expo = *sig = r;
        return;
    }
    if (a->cls == FPC_ZERO) {
        /* SDM Vol. 2, FXTRACT: ZE; exponent -inf, significand the zero. */
        fp_raise_pre(e, FPX_ZE);
        *expo = fp80_inf(true);
        *sig = fp80_zero(a->sign);
        return;
    }
    if (a->cls == FPC_INF) {
        *expo = fp80_inf(false);
        *sig = fp80_inf(a->sign);
        return;
    }
    if (check_denormal(e, a, NULL))
        return;
    *sig = fp80_make((uint16_t)((a->sign ? 0x8000 : 0) | EXT_BIAS), a->mant);
    struct fp_unp x = fp_unpack_int(a->exp);
    *expo = fp_pack(&x);
}

uint16_t fp_compare(struct fp_env *e, const struct fp_unp *a, const struct fp_unp *b,
                    bool is_quiet)
{
    static const uint16_t unordered = FPSW_C3 | FPSW_C2 | FPSW_C0;
    e->c1 = false;
    if (a->cls == FPC_UNSUPPORTED || b->cls == FPC_UNSUPPORTED) {
        e->flags |= FPX_IE;
        return unordered;
    }
    if (fp_is_nan(a) || fp_is_nan(b)) {
        if (!is_quiet || a->cls == FPC_SNAN || b->cls == FPC_SNAN)
            e->flags |= FPX_IE;
        return unordered;
    }
    /* An unmasked DE still lets the comparison set C3 C2 C0 (measured). */
    check_denormal(e, a, b);
    /* Order as sign-magnitude with zeros equal whatever their signs. */
    int ord;
    bool az = a->cls == FPC_ZERO, bz = b->cls == FPC_ZERO;
    if (az && bz) {
        ord = 0;
    } else if (az || bz || a->sign != b->sign) {
        ord = az ? (b->sign ? 1 : -1) : bz ? (a->sign ? -1 : 1) : (a->sign ? -1 : 1);
    } else {
        int mag;
        bool ai = a->cls == FPC_INF, bi = b->cls == FPC_INF;
        if (ai || bi)
            mag = ai && bi ? 0 : ai ? 1 : -1;
        else if (a->exp != b->exp)
            mag = a->exp > b->exp ? 1 : -1;
        else
            mag = a->mant == b->mant ? 0 : a->mant > b->mant ? 1 : -1;
        ord = a->sign ? -mag : mag;
    }
    return ord > 0 ? 0 : ord < 0 ? FPSW_C0 : FPSW_C3;
}
