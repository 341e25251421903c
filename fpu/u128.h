/* fpu/u128.h: 128-bit unsigned integers built from two uint64_t halves, for
 * the x87 significand arithmetic.  Portable C11 with no host floating
 * point.  Where the compiler has them, count-leading-zeros and a 128-bit
 * integer type (GCC and Clang on 64-bit hosts; __extension__ keeps
 * -Wpedantic quiet) do the three hot primitives in a few instructions; the
 * portable versions stay, always compiled, so test_fpu checks that both
 * give the same bits. */
#ifndef VIREO_FPU_U128_H
#define VIREO_FPU_U128_H

#include <stdbool.h>
#include <stdint.h>

#if defined(__GNUC__) || defined(__clang__)
#define U128_HAS_CLZ 1
#endif
#if defined(__SIZEOF_INT128__) && (defined(__GNUC__) || defined(__clang__))
#define U128_HAS_INT128 1
__extension__ typedef unsigned __int128 u128_native;
#endif

struct u128 {
    uint64_t hi, lo;
};

static inline struct u128 u128_make(uint64_t hi, uint64_t lo)
{
    struct u128 r = { hi, lo };
    return r;
}

static inline bool u128_is_zero(struct u128 a)
{
    return (a.hi | a.lo) == 0;
}

static inline int u128_cmp(struct u128 a, struct u128 b)
{
    if (a.hi != b.hi)
        return a.hi < b.hi ? -1 : 1;
    if (a.lo != b.lo)
        return a.lo < b.lo ? -1 : 1;
    return 0;
}

static inline struct u128 u128_add(struct u128 a, struct u128 b)
{
    struct u128 r;
    r.lo = a.lo + b.lo;
    r.hi = a.hi + b.hi + (r.lo < a.lo);
    return r;
}

static inline struct u128 u128_sub(struct u128 a, struct u128 b)
{
    struct u128 r;
    r.lo = a.lo - b.lo;
    r.hi = a.hi - b.hi - (a.lo < b.lo);
    return r;
}

/* Shift left by n (0..127). */
static inline struct u128 u128_shl(struct u128 a, unsigned n)
{
    if (n == 0)
        return a;
    if (n >= 64)
        return u128_make(a.lo << (n - 64), 0);
    return u128_make((a.hi << n) | (a.lo >> (64 - n)), a.lo << n);
}

/* Shift right by n (0..127), dropping the bits shifted out. */
static inline struct u128 u128_shr(struct u128 a, unsigned n)
{
    if (n == 0)
        return a;
    if (n >= 64)
        return u128_make(0, a.hi >> (n - 64));
    return u128_make(a.hi >> n, (a.lo >> n) | (a.hi << (64 - n)));
}

/* Shift right by any n, ORing every bit shifted out into bit 0 ("jamming"),
 * so that rounding still sees an inexact result. */
static inline struct u128 u128_shr_jam(struct u128 a, uint32_t n)
{
    if (n == 0)
        return a;
    if (n >= 128)
        return u128_make(0, !u128_is_zero(a));
    if (n >= 64) {
        uint64_t lost = a.lo | (n > 64 ? a.hi << (128 - n) : 0);
        return u128_make(0, (n == 64 ? a.hi : a.hi >> (n - 64)) | (lost != 0));
    }
    uint64_t lost = a.lo << (64 - n);
    return u128_make(a.hi >> n, (a.lo >> n) | (a.hi << (64 - n)) | (lost != 0));
}

/* Number of leading zero bits of a 64-bit value (64 for zero). */
static inline unsigned clz64_portable(uint64_t v)
{
    unsigned n = 0;
    if (v == 0)
        return 64;
    if (!(v >> 32)) { n += 32; v <<= 32; }
    if (!(v >> 48)) { n += 16; v <<= 16; }
    if (!(v >> 56)) { n += 8; v <<= 8; }
    if (!(v >> 60)) { n += 4; v <<= 4; }
    if (!(v >> 62)) { n += 2; v <<= 2; }
    if (!(v >> 63))
        n += 1;
    return n;
}

static inline unsigned clz64(uint64_t v)
{
#ifdef U128_HAS_CLZ
    return v == 0 ? 64 : (unsigned)__builtin_clzll(v);   /* long long: 64 bits here */
#else
    return clz64_portable(v);
#endif
}

static inline unsigned u128_clz(struct u128 a)
{
    return a.hi ? clz64(a.hi) : 64 + clz64(a.lo);
}

/* The full 128-bit product of two 64-bit values, from 32-bit halves. */
static inline struct u128 u128_mul64_portable(uint64_t a, uint64_t b)
{
    uint64_t a0 = (uint32_t)a, a1 = a >> 32, b0 = (uint32_t)b, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (uint32_t)p01 + (uint32_t)p10;
    return u128_make(p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32),
                     (mid << 32) | (uint32_t)p00);
}

static inline struct u128 u128_mul64(uint64_t a, uint64_t b)
{
#ifdef U128_HAS_INT128
    u128_native p = (u128_native)a * b;
    return u128_make((uint64_t)(p >> 64), (uint64_t)p);
#else
    return u128_mul64_portable(a, b);
#endif
}

/* (hi:lo) / d for hi < d, returning the 64-bit quotient and the remainder.
 * Schoolbook division in two 32-bit digits (Knuth, TAOCP 4.3.1, algorithm D)
 * after normalising d so its top bit is set. */
static inline uint64_t u128_div64_portable(uint64_t hi, uint64_t lo, uint64_t d, uint64_t *rem)
{
    const uint64_t b = 1ull << 32;
    unsigned s = clz64(d);
    d <<= s;
    uint64_t un32 = s ? (hi << s) | (lo >> (64 - s)) : hi;
    uint64_t un10 = lo << s;
    uint64_t vn1 = d >> 32, vn0 = (uint32_t)d;
    uint64_t un1 = un10 >> 32, un0 = (uint32_t)un10;

    uint64_t q1 = un32 / vn1, rhat = un32 - q1 * vn1;
    while (q1 >= b || q1 * vn0 > ((rhat << 32) | un1)) {
        q1--;
        rhat += vn1;
        if (rhat >= b)
            break;
    }
    uint64_t un21 = (un32 << 32) + un1 - q1 * d;
    uint64_t q0 = un21 / vn1;
    rhat = un21 - q0 * vn1;
    while (q0 >= b || q0 * vn0 > ((rhat << 32) | un0)) {
        q0--;
        rhat += vn1;
        if (rhat >= b)
            break;
    }
    if (rem)
        *rem = ((un21 << 32) + un0 - q0 * d) >> s;
    return (q1 << 32) | q0;
}

/* The same through the compiler's 128-bit division; hi < d keeps the
 * quotient in 64 bits, and the remainder (< d) is the low word of
 * n - q * d. */
static inline uint64_t u128_div64(uint64_t hi, uint64_t lo, uint64_t d, uint64_t *rem)
{
#ifdef U128_HAS_INT128
    uint64_t q = (uint64_t)((((u128_native)hi << 64) | lo) / d);
    if (rem)
        *rem = lo - q * d;
    return q;
#else
    return u128_div64_portable(hi, lo, d, rem);
#endif
}

#endif
