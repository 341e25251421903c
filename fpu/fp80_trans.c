/* fpu/fp80_trans.c: the x87 transcendental instructions FSIN FCOS FSINCOS
 * FPTAN FPATAN F2XM1 FYL2X FYL2XP1 (Intel SDM Vol. 2), computed with the
 * 192-bit float of fpu/xf.c and rounded once per RC.  The special-operand
 * tables are the SDM's.  Trigonometric arguments are reduced exactly by
 * multiples of p/2, p being the x87's 66-bit pi (SDM Vol. 1, 8.3.8), so the
 * functions are those of x * pi / p, which is how Intel specifies the
 * hardware's results (Intel, "The Difference Between x87 Instructions
 * FSIN, FCOS, FSINCOS, and FPTAN and Their Mathematical Counterparts").
 * LIMITATION: a Pentium's microcode rounds within its < 1 ulp bound, not
 * always correctly; these results are correctly rounded, so an occasional
 * last-bit difference from a particular chip is possible. */
#include "fpu/xf.h"

/* 192-bit constants, rounded to nearest. */
static const struct xf XF_PI_2 = {
    { 0xc90fdaa22168c234ull, 0xc4c6628b80dc1cd1ull, 0x29024e088a67cc74ull }, 0, false };
static const struct xf XF_LOG2E = {
    { 0xb8aa3b295c17f0bbull, 0xbe87fed0691d3e88ull, 0xeb577aa8dd695a59ull }, 0, false };
static const struct xf XF_LN2 = {
    { 0xb17217f7d1cf79abull, 0xc9e3b39803f2f6afull, 0x40f343267298b62eull }, -1, false };
/* atan(k/8), k = 1..8. */
static const struct xf XF_ATAN_K8[8] = {
    { { 0xfeadd4d5617b6e32ull, 0xc897989f3e888ef7ull, 0x8b3957d95d9ad923ull }, -4, false },
    { { 0xfadbafc96406eb15ull, 0x6dc79ef5f7a217e5ull, 0xaa7fa90388b3836bull }, -3, false },
    { { 0xb7b0ca0f26f78473ull, 0x8aa32122dcfe4483ull, 0x3d843977ae5455ccull }, -2, false },
    { { 0xed63382b0dda7b45ull, 0x6fe445ecbc3a8d03ull, 0x6e141587261cdf01ull }, -2, false },
    { { 0x8f005d5ef7f59f9bull, 0x5c835e1665c43747ull, 0x918a67e0652b375dull }, -1, false },
    { { 0xa4bc7d1934f70924ull, 0x19a87f2a457dac9eull, 0xe3f08689eeb2b9e7ull }, -1, false },
    { { 0xb8053e2bc2319e73ull, 0xcb2da55210a4443dull, 0x3d7aecc114c79a81ull }, -1, false },
    { { 0xc90fdaa22168c234ull, 0xc4c6628b80dc1cd1ull, 0x29024e088a67cc74ull }, -1, false },
};
/* The x87's p = 0x3243F6A8885A308D3 * 2^-64 (66 significant bits). */
static const struct u128 P66 = { 0x3ull, 0x243f6a8885a308d3ull };

static bool mag_greater(const struct fp_unp *a, const struct fp_unp *b)
{
    return a->exp != b->exp ? a->exp > b->exp : a->mant > b->mant;
}

static struct xf xf_one(void)
{
    return xf_from_u64(1ull << 63, 0, false);
}

/* A term is negligible once it is 2^-200 below the sum. */
static bool negligible(const struct xf *term, const struct xf *sum)
{
    return xf_is_zero(term) || term->exp < sum->exp - 200;
}

/* The value of a series whose first term left out, `term`, is negligible:
 * the sum, moved one unit of its last bit toward that term when the term
 * has the other sign.  The final rounding takes an inexact value as lying
 * just above its 192 bits; a series that stopped at an exact partial sum
 * (cos t = 1 for a tiny t) lies just below them, and rounding up must give
 * that sum, not the next value above it. */
static struct xf series_value(struct xf sum, const struct xf *term)
{
    if (xf_is_zero(term) || xf_is_zero(&sum) || term->sign == sum.sign)
        return sum;
    return xf_sub(sum, xf_from_u64(1ull << 63, sum.exp - 191, sum.sign));
}

/* sin t and cos t for 0 < t <= pi/4, by their Taylor series. */
static struct xf sin_series(struct xf t)
{
    struct xf t2 = xf_mul(t, t), term = t, sum = t;
    for (uint32_t k = 2;; k += 2) {
        term = xf_neg(xf_div_u32(xf_mul(term, t2), k * (k + 1)));
        if (negligible(&term, &sum))
            return series_value(sum, &term);
        sum = xf_add(sum, term);
    }
}

static struct xf cos_series(struct xf t)
{
    struct xf t2 = xf_mul(t, t), term = xf_one(), sum = term;
    for (uint32_t k = 2;; k += 2) {
        term = xf_neg(xf_div_u32(xf_mul(term, t2), (k - 1) * k));
        if (negligible(&term, &sum))
            return series_value(sum, &term);
        sum = xf_add(sum, term);
    }
}

/* atan u for |u| <= 1/16: u - u^3/3 + u^5/5 ... */
static struct xf atan_series(struct xf u)
{
    if (xf_is_zero(&u))
        return u;
    struct xf u2 = xf_neg(xf_mul(u, u)), pw = u, sum = u;
    for (uint32_t k = 3;; k += 2) {
        pw = xf_mul(pw, u2);
        struct xf term = xf_div_u32(pw, k);
        if (negligible(&term, &sum))
            return series_value(sum, &term);
        sum = xf_add(sum, term);
    }
}

/* atanh s = s + s^3/3 + s^5/5 ... for |s| <= 0.18. */
static struct xf atanh_series(struct xf s)
{
    if (xf_is_zero(&s))
        return s;
    struct xf s2 = xf_mul(s, s), pw = s, sum = s;
    for (uint32_t k = 3;; k += 2) {
        pw = xf_mul(pw, s2);
        struct xf term = xf_div_u32(pw, k);
        if (negligible(&term, &sum))
            return series_value(sum, &term);
        sum = xf_add(sum, term);
    }
}

/* expm1 y = y + y^2/2! + ... for |y| < 1. */
static struct xf expm1_series(struct xf y)
{
    struct xf term = y, sum = y;
    for (uint32_t k = 2;; k++) {
        term = xf_div_u32(xf_mul(term, y), k);
        if (negligible(&term, &sum))
            return series_value(sum, &term);
        sum = xf_add(sum, term);
    }
}

/* atan t for 0 <= t <= 1: atan c + atan((t - c) / (1 + t c)), c = k/8
 * nearest t, leaves |u| <= 1/16. */
static struct xf atan_01(struct xf t)
{
    if (xf_is_zero(&t))
        return t;
    uint64_t k = 0;
    if (t.exp >= -4) {                          /* t >= 1/16; below, round(8t) = 0 */
        uint64_t sixteen_t = t.w[0] >> (63 - (t.exp + 4));
        k = (sixteen_t + 1) / 2;                /* round(8t), 0..8 */
    }
    if (k == 0)
        return atan_series(t);
    struct xf c = xf_from_u64(k, 60, false);    /* k / 8 */
    struct xf u = xf_div(xf_sub(t, c), xf_add(xf_one(), xf_mul(t, c)));
    return xf_add(XF_ATAN_K8[k - 1], atan_series(u));
}

/* ln m for 1/sqrt2 <= m <= sqrt2: 2 atanh((m - 1) / (m + 1)). */
static struct xf ln_near1(struct xf m)
{
    struct xf one = xf_one();
    struct xf s = xf_div(xf_sub(m, one), xf_add(m, one));
    return xf_ldexp(atanh_series(s), 1);
}

/* log2 of a positive xf value (exactness reported for powers of two). */
static struct xf log2_xf(struct xf x, bool *is_exact)
{
    /* x = m * 2^e, m in [1, 2); fold m above sqrt 2 down to [1/sqrt2, 1). */
    int32_t e = x.exp;
    struct xf m = x;
    m.exp = 0;
    if (m.w[0] > 0xb504f333f9de6484ull) {       /* sqrt 2 */
        m.exp = -1;
        e++;
    }
    struct xf ei = xf_from_u64(e < 0 ? 0 - (uint64_t)(int64_t)e : (uint64_t)e, 63, e < 0);
    *is_exact = m.w[0] == (1ull << 63) && m.w[1] == 0 && m.w[2] == 0 && m.exp == 0;
    if (*is_exact)
        return ei;
    return xf_add(ei, xf_mul(ln_near1(m), XF_LOG2E));
}

/* ---- FSIN, FCOS, FSINCOS, FPTAN ---- */

/* Reduce finite nonzero x (|x| < 2^63) modulo p/2: x = q * p/2 + f * p/2
 * with 0 <= f < 1.  Returns q mod 4 and theta = min(f, 1 - f) * pi/2 in
 * radians, with *is_swapped when 1 - f was taken. */
static unsigned reduce(const struct fp_unp *a, struct xf *theta, bool *is_swapped)
{
    /* x / (p/2) = mant * 2^(exp + 2) / P. */
    int32_t k = a->exp + 2;
    struct xf f;
    unsigned q = 0;
    *is_swapped = false;
    if (k < 0) {                                /* |x| < 1/4: no reduction */
        f = xf_div(xf_from_u64(a->mant, a->exp + 65, false), xf_from_u128(P66, 127, false));
    } else {
        /* N = mant << k (k <= 64) divided by P a bit at a time. */
        struct u128 n = u128_shl(u128_make(0, a->mant), (unsigned)k);
        struct u128 rem = u128_make(0, 0);
        for (int i = 127; i >= 0; i--) {
            uint64_t bit = i >= 64 ? (n.hi >> (i - 64)) & 1 : (n.lo >> i) & 1;
            rem = u128_shl(rem, 1);
            rem.lo |= bit;
            q <<= 1;
            if (u128_cmp(rem, P66) >= 0) {
                rem = u128_sub(rem, P66);
                q |= 1;
            }
        }
        /* f > 1/2 iff 2 rem > P: use (P - rem) / P and the cofunction. */
        if (u128_cmp(u128_shl(rem, 1), P66) > 0) {
            rem = u128_sub(P66, rem);
            *is_swapped = true;
        }
        f = xf_div(xf_from_u128(rem, 127, false), xf_from_u128(P66, 127, false));
    }
    *theta = xf_mul(f, XF_PI_2);
    return q & 3;
}

/* sin and cos of x * pi / p for finite nonzero x, |x| < 2^63. */
static void sincos_xf(const struct fp_unp *a, struct xf *s, struct xf *c)
{
    struct xf theta;
    bool is_swapped;
    unsigned q = reduce(a, &theta, &is_swapped);
    struct xf st = sin_series(theta), ct = cos_series(theta);
    if (is_swapped) {
        struct xf t = st;
        st = ct;
        ct = t;
    }
    /* sin(q pi/2 + t) and cos(q pi/2 + t) by quadrant. */
    static const struct { bool sin_is_cos, sin_neg, cos_neg; } quad[4] = {
        { false, false, false }, { true, false, true }, { false, true, true }, { true, true, false },
    };
    *s = quad[q].sin_is_cos ? ct : st;
    *c = quad[q].sin_is_cos ? st : ct;
    s->sign = quad[q].sin_neg ^ a->sign;
    c->sign = quad[q].cos_neg;
}

/* Common checks of the trigonometric instructions.  Returns 0 to compute,
 * 1 for a finished result in *r (or a blocked operation), 2 when the
 * operand is out of range (C2 = 1, ST(0) unchanged). */
static int trig_special(struct fp_env *e, const struct fp_unp *a, struct fp80 *r)
{
    e->c1 = false;
    if (a->cls == FPC_UNSUPPORTED || a->cls == FPC_INF) {
        *r = fp_invalid(e);
        return 1;
    }
    if (fp_is_nan(a)) {
        *r = fp_nan_result(e, a, NULL);
        return 1;
    }
    if (a->cls != FPC_ZERO && a->exp >= 63)
        return 2;
    if (a->cls == FPC_DENORMAL && fp_raise_pre(e, FPX_DE)) {
        *r = fp80_indefinite();
        return 1;
    }
    return 0;
}

bool fp_sincos(struct fp_env *es, struct fp_env *ec, const struct fp_unp *a,
               struct fp80 *sin_out, struct fp80 *cos_out)
{
    struct fp80 r;
    int sp = trig_special(es, a, &r);
    ec->c1 = false;
    if (sp == 2)
        return false;
    ec->flags |= es->flags;                     /* DE of a denormal operand: FCOS's too */
    if (sp == 1) {
        *sin_out = *cos_out = r;
        return true;
    }
    if (a->cls == FPC_ZERO) {
        *sin_out = fp80_zero(a->sign);
        *cos_out = fp_const(FPK_ONE, FP_RC_NEAREST);
        return true;
    }
    struct xf s, c;
    sincos_xf(a, &s, &c);
    *sin_out = xf_to_fp80(es, &s, false);
    *cos_out = xf_to_fp80(ec, &c, false);
    return true;
}

bool fp_tan(struct fp_env *e, const struct fp_unp *a, struct fp80 *out)
{
    int sp = trig_special(e, a, out);
    if (sp)
        return sp == 1;
    if (a->cls == FPC_ZERO) {
        *out = fp80_zero(a->sign);
        return true;
    }
    struct xf s, c;
    sincos_xf(a, &s, &c);
    struct xf t = xf_div(s, c);
    *out = xf_to_fp80(e, &t, false);
    return true;
}

/* ---- FPATAN ---- */

/* k * pi/4 with the given sign, rounded per RC (k = 1..4). */
static struct fp80 pi_quarters(struct fp_env *e, unsigned k, bool sign)
{
    struct xf v = xf_ldexp(XF_PI_2, -1);        /* pi/4 */
    if (k == 2)
        v = XF_PI_2;
    else if (k == 3)
        v = xf_add(XF_PI_2, v);
    else if (k == 4)
        v = xf_ldexp(XF_PI_2, 1);
    v.sign = sign;
    return xf_to_fp80(e, &v, false);
}

struct fp80 fp_atan2(struct fp_env *e, const struct fp_unp *y, const struct fp_unp *x)
{
    e->c1 = false;
    if (y->cls == FPC_UNSUPPORTED || x->cls == FPC_UNSUPPORTED)
        return fp_invalid(e);
    if (fp_is_nan(y) || fp_is_nan(x))
        return fp_nan_result(e, x, y);
    if ((y->cls == FPC_DENORMAL || x->cls == FPC_DENORMAL) && fp_raise_pre(e, FPX_DE))
        return fp80_indefinite();
    bool sy = y->sign;
    /* SDM Vol. 2, FPATAN Results. */
    if (y->cls == FPC_ZERO)
        return x->sign ? pi_quarters(e, 4, sy) : fp80_zero(sy);
    if (y->cls == FPC_INF)
        return x->cls == FPC_INF ? pi_quarters(e, x->sign ? 3 : 1, sy) : pi_quarters(e, 2, sy);
    if (x->cls == FPC_ZERO)
        return pi_quarters(e, 2, sy);
    if (x->cls == FPC_INF)
        return x->sign ? pi_quarters(e, 4, sy) : fp80_zero(sy);

    struct xf ay = xf_from_unp(y), ax = xf_from_unp(x);
    ay.sign = ax.sign = false;
    bool is_steep = mag_greater(y, x);
    struct xf r;
    if (!is_steep) {
        r = atan_01(xf_div(ay, ax));
    } else {
        r = xf_sub(XF_PI_2, atan_01(xf_div(ax, ay)));
    }
    if (x->sign)
        r = xf_sub(xf_ldexp(XF_PI_2, 1), r);
    r.sign = sy;
    return xf_to_fp80(e, &r, false);
}

/* ---- F2XM1 ---- */

struct fp80 fp_f2xm1(struct fp_env *e, const struct fp_unp *a)
{
    e->c1 = false;
    if (a->cls == FPC_UNSUPPORTED)
        return fp_invalid(e);
    if (fp_is_nan(a))
        return fp_nan_result(e, a, NULL);
    if (a->cls == FPC_INF)                      /* 2^+inf - 1 = +inf, 2^-inf - 1 = -1 */
        return a->sign ? fp80_make(0xbfff, 1ull << 63) : fp80_inf(false);
    if (a->cls == FPC_DENORMAL && fp_raise_pre(e, FPX_DE))
        return fp80_indefinite();
    if (a->cls == FPC_ZERO)
        return fp80_zero(a->sign);
    /* The SDM defines only -1 <= x <= 1.  Beyond it x87 hardware returns
     * the operand unchanged with PE set (measured); so does this. */
    if (a->exp > 0 || (a->exp == 0 && a->mant != 1ull << 63)) {
        e->flags |= FPX_PE;
        return fp_pack(a);
    }
    /* |x| < 1: expm1(x ln 2); x = +-1 gives exactly 1 or -1/2. */
    struct xf r;
    bool is_exact = a->exp == 0;
    if (is_exact)
        r = a->sign ? xf_from_u64(1ull << 63, -1, true) : xf_one();
    else
        r = expm1_series(xf_mul(xf_from_unp(a), XF_LN2));
    struct fp80 out = xf_to_fp80(e, &r, is_exact);
    e->flags |= FPX_PE;         /* as the hardware flags it, even for x = +-1 */
    return out;
}

/* ---- FYL2X, FYL2XP1 ---- */

/* y * l where l = log2(...) is known finite and nonzero or exactly zero. */
static struct fp80 times_y(struct fp_env *e, const struct fp_unp *y, struct xf l, bool is_exact)
{
    if (xf_is_zero(&l))
        return fp80_zero(y->sign ^ l.sign);
    struct xf r = xf_mul(xf_from_unp(y), l);
    struct fp80 out = xf_to_fp80(e, &r, is_exact);
    e->flags |= FPX_PE;         /* the hardware flags every computed result inexact */
    return out;
}

/* The operand checks FYL2X and FYL2XP1 share: returns true with *r set
 * when the result is final.  lsign: sign of the logarithm (-1, 0, +1) */
static bool ylog_special(struct fp_env *e, const struct fp_unp *y, int lsign, bool is_lzero_exact,
                         bool is_linf, struct fp80 *r)
{
    /* log = +-inf (x = 0 or x = +inf): y = 0 is invalid, else +-inf. */
    if (is_linf) {
        if (y->cls == FPC_ZERO) {
            *r = fp_invalid(e);
            return true;
        }
        *r = fp80_inf(y->sign ^ (lsign < 0));
        return true;
    }
    /* log = 0 exactly: y = inf is invalid, else a zero. */
    if (lsign == 0 && is_lzero_exact) {
        if (y->cls == FPC_INF) {
            *r = fp_invalid(e);
            return true;
        }
        *r = fp80_zero(y->sign);
        return true;
    }
    if (y->cls == FPC_INF) {
        *r = fp80_inf(y->sign ^ (lsign < 0));
        return true;
    }
    if (y->cls == FPC_ZERO) {
        *r = fp80_zero(y->sign ^ (lsign < 0));
        return true;
    }
    return false;
}

struct fp80 fp_yl2x(struct fp_env *e, const struct fp_unp *x, const struct fp_unp *y)
{
    struct fp80 r;
    e->c1 = false;
    if (x->cls == FPC_UNSUPPORTED || y->cls == FPC_UNSUPPORTED)
        return fp_invalid(e);
    if (fp_is_nan(x) || fp_is_nan(y))
        return fp_nan_result(e, x, y);
    /* SDM Vol. 2, FYL2X Results. */
    if (x->sign && x->cls != FPC_ZERO)
        return fp_invalid(e);
    if (x->cls == FPC_ZERO) {
        /* Zero divide outranks a denormal y (SDM Vol. 1, 4.9.2): no DE. */
        if (y->cls == FPC_ZERO)
            return fp_invalid(e);
        if (y->cls != FPC_INF && fp_raise_pre(e, FPX_ZE))
            return fp80_indefinite();
        return fp80_inf(!y->sign);
    }
    if ((x->cls == FPC_DENORMAL || y->cls == FPC_DENORMAL) && fp_raise_pre(e, FPX_DE))
        return fp80_indefinite();
    if (x->cls == FPC_INF) {
        ylog_special(e, y, 1, false, true, &r);
        return r;
    }
    bool is_exact;
    struct xf l = log2_xf(xf_from_unp(x), &is_exact);
    int lsign = xf_is_zero(&l) ? 0 : l.sign ? -1 : 1;
    if (ylog_special(e, y, lsign, is_exact, false, &r))
        return r;
    return times_y(e, y, l, is_exact);
}

struct fp80 fp_yl2xp1(struct fp_env *e, const struct fp_unp *x, const struct fp_unp *y)
{
    struct fp80 r;
    e->c1 = false;
    if (x->cls == FPC_UNSUPPORTED || y->cls == FPC_UNSUPPORTED)
        return fp_invalid(e);
    if (fp_is_nan(x) || fp_is_nan(y))
        return fp_nan_result(e, x, y);
    /* SDM Vol. 2, FYL2XP1 Results: inf * 0 and x = -inf are invalid, and an
     * invalid operation outranks a denormal operand (Vol. 1, 4.9.2). */
    if ((x->cls == FPC_ZERO && y->cls == FPC_INF) || (x->cls == FPC_INF && x->sign))
        return fp_invalid(e);
    if ((x->cls == FPC_DENORMAL || y->cls == FPC_DENORMAL) && fp_raise_pre(e, FPX_DE))
        return fp80_indefinite();
    if (x->cls == FPC_ZERO)                     /* x = +-0 gives a zero */
        return fp80_zero(x->sign ^ y->sign);
    /* Outside -(1 - sqrt2/2) .. +(1 - sqrt2/2) the SDM leaves the result
     * undefined; this computes y * log2(1 + x) there too (x < -1 invalid). */
    if (x->cls == FPC_INF) {
        ylog_special(e, y, 1, false, true, &r);
        return r;
    }
    struct xf xv = xf_from_unp(x);
    bool is_small = x->exp < -2 || (x->exp == -2 && x->mant <= 0x95f619980c4336f7ull);
    struct xf l;
    if (is_small) {
        /* log2(1 + x) = 2 atanh(x / (2 + x)) log2 e: no cancellation. */
        struct xf two = xf_from_u64(1ull << 63, 1, false);
        struct xf s = xf_div(xv, xf_add(two, xv));
        l = xf_mul(xf_ldexp(atanh_series(s), 1), XF_LOG2E);
    } else {
        struct xf onep = xf_add(xf_one(), xv);
        if (xf_is_zero(&onep))                  /* x = -1: as x < -1 */
            onep.sign = true;
        if (onep.sign) {
            /* x < -1: no logarithm.  Hardware applies the sign rules of
             * the in-range table to zero and infinite y (measured).
             * LIMITATION: for finite y it returns some finite value
             * without an exception; this gives IE and the indefinite. */
            if (ylog_special(e, y, -1, false, false, &r))
                return r;
            return fp_invalid(e);
        }
        bool is_exact;
        l = log2_xf(onep, &is_exact);
        int lsign = xf_is_zero(&l) ? 0 : l.sign ? -1 : 1;
        if (ylog_special(e, y, lsign, is_exact, false, &r))
            return r;
        return times_y(e, y, l, is_exact);
    }
    if (ylog_special(e, y, l.sign ? -1 : 1, false, false, &r))
        return r;
    return times_y(e, y, l, false);
}
