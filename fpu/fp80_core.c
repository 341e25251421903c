/* fpu/fp80_core.c: classification, unpacking, the one rounding routine
 * every result goes through, NaN rules, and the conversions to and from
 * memory formats (Intel SDM Vol. 1, 4.2-4.9 and 8.2-8.5).  The rounding
 * routine implements precision control, the four rounding modes, tininess
 * after rounding, denormalisation at the significand field's fixed
 * rounding point, and the masked and unmasked overflow/underflow responses
 * for register and memory destinations. */
#include "fpu/fp80.h"

enum { EXT_BIAS = 16383, EXT_MAXEXP = 0x7fff, UNMASKED_BIAS = 24576 };

enum fp_class fp80_classify(struct fp80 v)
{
    unsigned bexp = v.sexp & 0x7fff;
    bool has_int = (v.mant >> 63) != 0;
    if (bexp == 0)
        return v.mant == 0 ? FPC_ZERO : FPC_DENORMAL;
    if (bexp == EXT_MAXEXP) {
        if (!has_int)
            return FPC_UNSUPPORTED;             /* pseudo-infinity, pseudo-NaN */
        if ((v.mant << 1) == 0)
            return FPC_INF;
        return (v.mant >> 62) & 1 ? FPC_QNAN : FPC_SNAN;
    }
    return has_int ? FPC_NORMAL : FPC_UNSUPPORTED;   /* unnormal, pseudo-zero */
}

struct fp_unp fp_unpack_slow(struct fp80 v)
{
    struct fp_unp u;
    u.sign = fp80_sign(v);
    u.cls = (uint8_t)fp80_classify(v);
    u.mant = v.mant;
    u.exp = (int32_t)(v.sexp & 0x7fff) - EXT_BIAS;
    if (u.cls == FPC_DENORMAL) {
        /* A pseudo-denormal has the integer bit set: same value as exponent 1. */
        unsigned lz = clz64(v.mant);
        u.mant = v.mant << lz;
        u.exp = 1 - EXT_BIAS - (int32_t)lz;
    } else if (u.cls == FPC_ZERO) {
        u.exp = 0;
    }
    return u;
}

/* Unpack a binary32/binary64 value with `fbits` fraction bits. */
static struct fp_unp unpack_ieee(uint64_t frac, unsigned bexp, bool sign, unsigned fbits,
                                 unsigned maxexp, int32_t bias)
{
    struct fp_unp u;
    u.sign = sign;
    if (bexp == 0) {
        if (frac == 0) {
            u.cls = FPC_ZERO;
            u.mant = 0;
            u.exp = 0;
            return u;
        }
        unsigned lz = clz64(frac);
        u.cls = FPC_DENORMAL;
        u.mant = frac << lz;
        u.exp = 1 - bias - (int32_t)fbits + 63 - (int32_t)lz;
        return u;
    }
    u.mant = (1ull << 63) | (frac << (63 - fbits));
    u.exp = (int32_t)bexp - bias;
    if (bexp == maxexp)
        u.cls = frac == 0 ? FPC_INF : (frac >> (fbits - 1)) & 1 ? FPC_QNAN : FPC_SNAN;
    else
        u.cls = FPC_NORMAL;
    return u;
}

struct fp_unp fp_unpack_f32_slow(uint32_t v)
{
    return unpack_ieee(v & 0x7fffff, (v >> 23) & 0xff, v >> 31, 23, 0xff, 127);
}

struct fp_unp fp_unpack_f64_slow(uint64_t v)
{
    return unpack_ieee(v & 0xfffffffffffffull, (v >> 52) & 0x7ff, v >> 63, 52, 0x7ff, 1023);
}

static struct fp_unp unpack_mag(uint64_t mag, bool sign)
{
    struct fp_unp u;
    u.sign = sign;
    if (mag == 0) {
        u.cls = FPC_ZERO;
        u.mant = 0;
        u.exp = 0;
        return u;
    }
    unsigned lz = clz64(mag);
    u.cls = FPC_NORMAL;
    u.mant = mag << lz;
    u.exp = 63 - (int32_t)lz;
    return u;
}

struct fp_unp fp_unpack_bcd(const uint8_t bcd[10])
{
    /* Eighteen digits, two per byte, least significant first; the sign is
     * bit 7 of byte 9.  Nibbles A-F are not checked: the 387+ weighs them
     * like digits (the SDM calls the result undefined). */
    uint64_t v = 0;
    for (int i = 8; i >= 0; i--) {
        v = v * 10 + (bcd[i] >> 4);
        v = v * 10 + (bcd[i] & 15);
    }
    return unpack_mag(v, (bcd[9] & 0x80) != 0);
}

struct fp80 fp80_zero(bool sign)
{
    return fp80_make(sign ? 0x8000 : 0, 0);
}

struct fp80 fp80_inf(bool sign)
{
    return fp80_make((sign ? 0x8000 : 0) | EXT_MAXEXP, 1ull << 63);
}

/* Pack a value known to fit the extended format exactly. */
static struct fp80 pack_exact(const struct fp_unp *a)
{
    uint16_t s = a->sign ? 0x8000 : 0;
    switch (a->cls) {
    case FPC_ZERO:
        return fp80_zero(a->sign);
    case FPC_INF:
        return fp80_inf(a->sign);
    case FPC_QNAN:
    case FPC_SNAN:
    case FPC_UNSUPPORTED:
        return fp80_make(s | EXT_MAXEXP, a->mant);
    default:
        return fp80_make((uint16_t)(s | (a->exp + EXT_BIAS)), a->mant);
    }
}

struct fp80 fp_pack(const struct fp_unp *a)
{
    if (fp_is_finite_nonzero(a) && a->exp < 1 - EXT_BIAS) {
        uint32_t sh = (uint32_t)(1 - EXT_BIAS - a->exp);
        return fp80_make(a->sign ? 0x8000 : 0, sh >= 64 ? 0 : a->mant >> sh);
    }
    return pack_exact(a);
}

bool fp_raise_pre(struct fp_env *e, uint16_t x)
{
    e->flags |= x;
    return (x & ~e->cw & FPX_MASKABLE) != 0;
}

struct fp80 fp_invalid(struct fp_env *e)
{
    e->flags |= FPX_IE;
    return fp80_indefinite();
}

struct fp80 fp_nan_result(struct fp_env *e, const struct fp_unp *a, const struct fp_unp *b)
{
    bool a_nan = fp_is_nan(a), b_nan = b != NULL && fp_is_nan(b);
    if (a->cls == FPC_SNAN || (b_nan && b->cls == FPC_SNAN))
        e->flags |= FPX_IE;
    const struct fp_unp *r = a_nan ? a : b;
    if (a_nan && b_nan) {
        /* SDM Vol. 1, Table 4-7: an SNaN and a QNaN give the QNaN; two of
         * a kind give the larger significand; equal ones the positive. */
        if (a->cls != b->cls)
            r = a->cls == FPC_QNAN ? a : b;
        else if (a->mant != b->mant)
            r = a->mant > b->mant ? a : b;
        else
            r = a->sign ? b : a;
    }
    return fp80_make((r->sign ? 0x8000 : 0) | EXT_MAXEXP, r->mant | (1ull << 62));
}

/* ---- Rounding ---- */

/* A rounded result in some format: biased exponent and the significand
 * field's top 64 bits (integer bit at 63), or no result at all. */
struct rounded {
    uint64_t mant;
    int32_t bexp;
    bool is_stored;
};

/* The largest finite value with prec bits, or infinity, as masked overflow
 * returns it for the rounding mode (SDM Vol. 1, Table 4-10). */
static struct rounded overflow_result(struct fp_env *e, bool sign, unsigned prec, int32_t maxexp)
{
    unsigned rc = fp_rc(e->cw);
    bool to_inf = rc == FP_RC_NEAREST || (rc == FP_RC_UP && !sign) || (rc == FP_RC_DOWN && sign);
    struct rounded r;
    r.is_stored = true;
    if (to_inf) {
        r.bexp = maxexp;
        r.mant = 1ull << 63;
    } else {
        r.bexp = maxexp - 1;
        r.mant = ~0ull << (64 - prec);
    }
    e->c1 = to_inf;
    return r;
}

static struct rounded round_core(struct fp_env *e, bool sign, int32_t exp, struct u128 sig,
                                 unsigned prec, int32_t bias, int32_t maxexp, bool is_mem)
{
    struct rounded r = { 0, 0, true };
    unsigned rc = fp_rc(e->cw);
    unsigned lz = u128_clz(sig);
    sig = u128_shl(sig, lz);
    exp -= (int32_t)lz;
    int32_t bexp = exp + bias;                  /* before rounding */

    struct u128 rs = sig;
    bool inexact, up;
    int32_t rexp = bexp + fp_round_sig(&rs, prec, sign, rc, &inexact, &up);

    if (rexp >= maxexp) {                       /* overflow */
        e->flags |= FPX_OE;
        if (e->cw & FPX_OE) {
            e->flags |= FPX_PE;
            return overflow_result(e, sign, prec, maxexp);
        }
        if (is_mem) {                           /* nothing stored, only OE */
            r.is_stored = false;
            return r;
        }
        rexp -= UNMASKED_BIAS;
        if (inexact)
            e->flags |= FPX_PE;
        e->c1 = up;
        if (rexp >= maxexp) {                   /* massive (FSCALE): infinity */
            e->flags |= FPX_PE;
            e->c1 = true;
            r.bexp = maxexp;
            r.mant = 1ull << 63;
            return r;
        }
        r.bexp = rexp;
        r.mant = rs.hi;
        return r;
    }
    if (rexp <= 0) {                            /* tiny after rounding */
        if (!(e->cw & FPX_UE)) {
            e->flags |= FPX_UE;
            if (is_mem) {
                r.is_stored = false;
                return r;
            }
            rexp += UNMASKED_BIAS;
            if (inexact)
                e->flags |= FPX_PE;
            e->c1 = up;
            if (rexp <= 0) {                    /* massive (FSCALE): signed zero */
                e->flags |= FPX_PE;
                e->c1 = false;
                return r;
            }
            r.bexp = rexp;
            r.mant = rs.hi;
            return r;
        }
        /* Masked: denormalise, then round at the same field position. */
        struct u128 ds = u128_shr_jam(sig, (uint32_t)(1 - bexp));
        fp_round_sig(&ds, prec, sign, rc, &inexact, &up);
        if (inexact)
            e->flags |= FPX_UE | FPX_PE;
        e->c1 = up;
        r.bexp = (ds.hi >> 63) ? 1 : 0;
        r.mant = ds.hi;
        return r;
    }
    if (inexact)
        e->flags |= FPX_PE;
    e->c1 = up;
    r.bexp = rexp;
    r.mant = rs.hi;
    return r;
}

struct fp80 fp_round_ext_slow(struct fp_env *e, bool sign, int32_t exp, struct u128 sig,
                              unsigned prec)
{
    if (u128_is_zero(sig)) {
        e->c1 = false;
        return fp80_zero(sign);
    }
    struct rounded r = round_core(e, sign, exp, sig, prec, EXT_BIAS, EXT_MAXEXP, false);
    return fp80_make((uint16_t)((sign ? 0x8000 : 0) | r.bexp), r.mant);
}

/* ---- Loads ---- */

struct fp80 fp_load(struct fp_env *e, const struct fp_unp *a)
{
    e->c1 = false;
    if (a->cls == FPC_SNAN) {
        e->flags |= FPX_IE;
        return fp80_make((a->sign ? 0x8000 : 0) | EXT_MAXEXP, a->mant | (1ull << 62));
    }
    if (a->cls == FPC_DENORMAL)
        fp_raise_pre(e, FPX_DE);
    return pack_exact(a);
}

/* ---- Stores of binary32/binary64 ---- */

struct ieee_fmt {
    unsigned prec, fbits;
    int32_t bias, maxexp;
    uint64_t indefinite;
};

static const struct ieee_fmt F32 = { 24, 23, 127, 0xff, 0xffc00000u };
static const struct ieee_fmt F64 = { 53, 52, 1023, 0x7ff, 0xfff8000000000000ull };

static bool store_ieee(struct fp_env *e, const struct fp_unp *a, const struct ieee_fmt *f,
                       uint64_t *out)
{
    uint64_t sign = (uint64_t)a->sign << (f->fbits + (f->fbits == 23 ? 8 : 11));
    uint64_t expmask = (uint64_t)f->maxexp << f->fbits;
    e->c1 = false;
    switch (a->cls) {
    case FPC_UNSUPPORTED:
        e->flags |= FPX_IE;
        *out = f->indefinite;
        return (e->cw & FPX_IE) != 0;
    case FPC_SNAN:
    case FPC_QNAN: {
        if (a->cls == FPC_SNAN)
            e->flags |= FPX_IE;
        uint64_t frac = ((a->mant | (1ull << 62)) << 1) >> (64 - f->fbits);
        *out = sign | expmask | frac;
        return (e->flags & FPX_IE & ~e->cw) == 0;
    }
    case FPC_INF:
        *out = sign | expmask;
        return true;
    case FPC_ZERO:
        *out = sign;
        return true;
    default: {
        struct rounded r = round_core(e, a->sign, a->exp, u128_make(a->mant, 0), f->prec,
                                      f->bias, f->maxexp, true);
        if (!r.is_stored)
            return false;
        uint64_t frac = (r.mant << 1) >> (64 - f->fbits);
        *out = sign | ((uint64_t)r.bexp << f->fbits) | frac;
        return true;
    }
    }
}

bool fp_store_f32(struct fp_env *e, const struct fp_unp *a, uint32_t *out)
{
    uint64_t v;
    bool ok = store_ieee(e, a, &F32, &v);
    *out = (uint32_t)v;
    return ok;
}

bool fp_store_f64(struct fp_env *e, const struct fp_unp *a, uint64_t *out)
{
    return store_ieee(e, a, &F64, out);
}

/* ---- Stores of integers ---- */

/* Round a finite value to an integer per RC: magnitude, or false if it
 * does not fit 64 bits.  Reports inexactness and the round-up (C1). */
static bool round_to_int(const struct fp_unp *a, unsigned rc, uint64_t *mag, bool *inexact,
                         bool *up)
{
    if (a->cls == FPC_ZERO) {
        *mag = 0;
        *inexact = *up = false;
        return true;
    }
    if (a->exp > 63)
        return false;
    uint64_t trunc = fp_int_split(a->sign, a->exp, a->mant, rc, inexact, up);
    if (*up && trunc == ~0ull)
        return false;
    *mag = trunc + *up;
    return true;
}

bool fp_store_int(struct fp_env *e, const struct fp_unp *a, unsigned size_bytes, uint64_t *out)
{
    unsigned bits = size_bytes * 8;
    uint64_t limit = 1ull << (bits - 1);        /* |min|; max is limit - 1 */
    uint64_t mask = bits == 64 ? ~0ull : (1ull << bits) - 1;
    uint64_t mag;
    bool inexact, up;
    e->c1 = false;
    if (a->cls == FPC_UNSUPPORTED || fp_is_nan(a) || a->cls == FPC_INF ||
        !round_to_int(a, fp_rc(e->cw), &mag, &inexact, &up) ||
        mag > limit || (mag == limit && !a->sign)) {
        e->flags |= FPX_IE;
        *out = limit;                           /* the integer indefinite */
        return (e->cw & FPX_IE) != 0;
    }
    if (inexact)
        e->flags |= FPX_PE;
    e->c1 = up;
    *out = (a->sign ? 0 - mag : mag) & mask;
    return true;
}

bool fp_store_bcd(struct fp_env *e, const struct fp_unp *a, uint8_t out[10])
{
    static const uint64_t limit = 1000000000000000000ull;   /* 10^18 */
    uint64_t mag;
    bool inexact, up;
    e->c1 = false;
    if (a->cls == FPC_UNSUPPORTED || fp_is_nan(a) || a->cls == FPC_INF ||
        !round_to_int(a, fp_rc(e->cw), &mag, &inexact, &up) || mag >= limit) {
        /* Packed BCD indefinite: FFFF C000 0000 0000 0000 (SDM Vol. 1, 4.7). */
        static const uint8_t indefinite[10] = { 0, 0, 0, 0, 0, 0, 0, 0xc0, 0xff, 0xff };
        e->flags |= FPX_IE;
        for (int i = 0; i < 10; i++)
            out[i] = indefinite[i];
        return (e->cw & FPX_IE) != 0;
    }
    if (inexact)
        e->flags |= FPX_PE;
    e->c1 = up;
    for (int i = 0; i < 9; i++) {
        unsigned lo = (unsigned)(mag % 10);
        mag /= 10;
        unsigned hi = (unsigned)(mag % 10);
        mag /= 10;
        out[i] = (uint8_t)(lo | hi << 4);
    }
    out[9] = a->sign ? 0x80 : 0;                /* -0.3 stores as -0 */
    return true;
}

/* ---- Constants ---- */

struct fp80 fp_const(enum fp_const k, unsigned rc)
{
    /* Each constant's first 64 significand bits and whether the bits after
     * them exceed one half (none is exactly representable or a tie):
     *   pi     = C90FDAA2 2168C234 C4C6628B ...
     *   log2 10 = D49A784B CD1B8AFE 492BF6FF ...
     *   log2 e  = B8AA3B29 5C17F0BB BE87FED0 ...
     *   log10 2 = 9A209A84 FBCFF798 8F8959AC ...
     *   ln 2    = B17217F7 D1CF79AB C9E3B398 ...
     * All are positive, so RC up adds one ulp and down/zero truncate. */
    static const struct {
        uint16_t sexp;
        uint64_t mant;
        bool is_inexact, rest_above_half;
    } tab[] = {
        [FPK_ONE] = { 0x3fff, 0x8000000000000000ull, false, false },
        [FPK_L2T] = { 0x4000, 0xd49a784bcd1b8afeull, true, false },
        [FPK_L2E] = { 0x3fff, 0xb8aa3b295c17f0bbull, true, true },
        [FPK_PI]  = { 0x4000, 0xc90fdaa22168c234ull, true, true },
        [FPK_LG2] = { 0x3ffd, 0x9a209a84fbcff798ull, true, true },
        [FPK_LN2] = { 0x3ffe, 0xb17217f7d1cf79abull, true, true },
        [FPK_ZERO] = { 0, 0, false, false },
    };
    uint64_t m = tab[k].mant;
    if (tab[k].is_inexact &&
        ((rc == FP_RC_NEAREST && tab[k].rest_above_half) || rc == FP_RC_UP))
        m++;                                    /* no carry out for these values */
    return fp80_make(tab[k].sexp, m);
}

/* ---- FXAM ---- */

uint16_t fp_examine(struct fp80 v)
{
    static const uint16_t cc[] = {
        [FPC_UNSUPPORTED] = 0,
        [FPC_QNAN] = FPSW_C0, [FPC_SNAN] = FPSW_C0,
        [FPC_NORMAL] = FPSW_C2,
        [FPC_INF] = FPSW_C2 | FPSW_C0,
        [FPC_ZERO] = FPSW_C3,
        [FPC_DENORMAL] = FPSW_C3 | FPSW_C2,
    };
    return (uint16_t)(cc[fp80_classify(v)] | (fp80_sign(v) ? FPSW_C1 : 0));
}
