/* fpu/xf.c: the 192-bit software float behind the x87 transcendentals
 * (see fpu/xf.h).  Three 64-bit limbs, most significant first; products
 * come from 64x64 -> 128-bit multiplies built of 32-bit halves. */
#include "fpu/xf.h"

struct xf xf_zero(void)
{
    struct xf z = { { 0, 0, 0 }, 0, false };
    return z;
}

bool xf_is_zero(const struct xf *a)
{
    return (a->w[0] | a->w[1] | a->w[2]) == 0;
}

static void w_shl(uint64_t w[3], unsigned n)    /* n < 64 */
{
    if (n == 0)
        return;
    w[0] = (w[0] << n) | (w[1] >> (64 - n));
    w[1] = (w[1] << n) | (w[2] >> (64 - n));
    w[2] <<= n;
}

static void w_shr(uint64_t w[3], uint32_t n)    /* truncating, any n */
{
    while (n >= 64) {
        w[2] = w[1];
        w[1] = w[0];
        w[0] = 0;
        n -= 64;
        if (w[1] == 0 && w[2] == 0)
            return;
    }
    if (n == 0)
        return;
    w[2] = (w[2] >> n) | (w[1] << (64 - n));
    w[1] = (w[1] >> n) | (w[0] << (64 - n));
    w[0] >>= n;
}

static int w_cmp(const uint64_t a[3], const uint64_t b[3])
{
    for (int i = 0; i < 3; i++)
        if (a[i] != b[i])
            return a[i] < b[i] ? -1 : 1;
    return 0;
}

/* a -= b; returns the borrow out. */
static bool w_sub(uint64_t a[3], const uint64_t b[3])
{
    bool borrow = false;
    for (int i = 2; i >= 0; i--) {
        uint64_t d = a[i] - b[i] - borrow;
        borrow = a[i] < b[i] || (a[i] == b[i] && borrow);
        a[i] = d;
    }
    return borrow;
}

/* a += b; returns the carry out. */
static bool w_add(uint64_t a[3], const uint64_t b[3])
{
    bool carry = false;
    for (int i = 2; i >= 0; i--) {
        uint64_t s = a[i] + b[i];
        bool c1 = s < a[i];
        s += carry;
        carry = c1 || (carry && s == 0);
        a[i] = s;
    }
    return carry;
}

static void normalize(struct xf *a)
{
    if (xf_is_zero(a))
        return;
    while (a->w[0] == 0) {
        a->w[0] = a->w[1];
        a->w[1] = a->w[2];
        a->w[2] = 0;
        a->exp -= 64;
    }
    unsigned lz = clz64(a->w[0]);
    w_shl(a->w, lz);
    a->exp -= (int32_t)lz;
}

struct xf xf_from_u64(uint64_t m, int32_t exp63, bool sign)
{
    struct xf r = { { m, 0, 0 }, exp63, sign };
    normalize(&r);
    return r;
}

struct xf xf_from_u128(struct u128 n, int32_t exp127, bool sign)
{
    struct xf r = { { n.hi, n.lo, 0 }, exp127, sign };
    normalize(&r);
    return r;
}

struct xf xf_from_unp(const struct fp_unp *a)
{
    return xf_from_u64(a->mant, a->exp, a->sign);
}

struct xf xf_add(struct xf a, struct xf b)
{
    if (xf_is_zero(&a))
        return b;
    if (xf_is_zero(&b))
        return a;
    if (a.exp < b.exp || (a.exp == b.exp && w_cmp(a.w, b.w) < 0)) {
        struct xf t = a;
        a = b;
        b = t;
    }
    uint32_t d = (uint32_t)(a.exp - b.exp);
    if (d >= 192)
        return a;
    w_shr(b.w, d);
    if (a.sign == b.sign) {
        if (w_add(a.w, b.w)) {
            w_shr(a.w, 1);
            a.w[0] |= 1ull << 63;
            a.exp++;
        }
    } else {
        w_sub(a.w, b.w);
        normalize(&a);
    }
    return a;
}

struct xf xf_sub(struct xf a, struct xf b)
{
    return xf_add(a, xf_neg(b));
}

struct xf xf_mul(struct xf a, struct xf b)
{
    if (xf_is_zero(&a) || xf_is_zero(&b))
        return xf_zero();
    /* r[0] least significant; limb i of a (from the bottom) is a.w[2 - i]. */
    uint64_t r[7] = { 0 };
    for (int i = 0; i < 3; i++) {
        uint64_t carry = 0;
        for (int j = 0; j < 3; j++) {
            struct u128 p = u128_mul64(a.w[2 - i], b.w[2 - j]);
            uint64_t lo = r[i + j] + p.lo;
            uint64_t c = lo < p.lo;
            lo += carry;
            c += lo < carry;
            r[i + j] = lo;
            carry = p.hi + c;                   /* p.hi <= 2^64 - 2: no overflow */
        }
        r[i + 3] += carry;
    }
    struct xf out = { { r[5], r[4], r[3] }, a.exp + b.exp + 1, a.sign != b.sign };
    if (!(out.w[0] >> 63)) {                    /* product in [2^382, 2^383) */
        w_shl(out.w, 1);
        out.w[2] |= r[2] >> 63;
        out.exp--;
    }
    return out;
}

struct xf xf_div(struct xf a, struct xf b)
{
    /* Restoring division, one quotient bit per step, 192 bits. */
    struct xf q = { { 0, 0, 0 }, a.exp - b.exp, a.sign != b.sign };
    if (xf_is_zero(&a))
        return xf_zero();
    uint64_t r[3] = { a.w[0], a.w[1], a.w[2] };
    bool top = false;                           /* bit 192 of the partial remainder */
    if (w_cmp(r, b.w) < 0) {
        top = true;
        w_shl(r, 1);
        q.exp--;
    }
    for (int i = 0; i < 192; i++) {
        w_shl(q.w, 1);
        if (top || w_cmp(r, b.w) >= 0) {
            w_sub(r, b.w);
            q.w[2] |= 1;
        }
        top = (r[0] >> 63) != 0;
        w_shl(r, 1);
    }
    return q;
}

struct xf xf_div_u32(struct xf a, uint32_t d)
{
    /* 32-bit digits, most significant first; remainders stay below d. */
    uint64_t rem = 0;
    for (int i = 0; i < 3; i++) {
        uint64_t hi = (rem << 32) | (a.w[i] >> 32);
        uint64_t qh = hi / d;
        rem = hi % d;
        uint64_t lo = (rem << 32) | (uint32_t)a.w[i];
        uint64_t ql = lo / d;
        rem = lo % d;
        a.w[i] = (qh << 32) | ql;
    }
    normalize(&a);
    return a;
}

struct fp80 xf_to_fp80(struct fp_env *e, const struct xf *a, bool is_exact)
{
    if (xf_is_zero(a)) {
        e->c1 = false;
        return fp80_zero(a->sign);
    }
    bool sticky = a->w[2] != 0 || !is_exact;
    return fp_round_ext(e, a->sign, a->exp, u128_make(a->w[0], a->w[1] | sticky), 64);
}
