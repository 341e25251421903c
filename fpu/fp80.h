/* fpu/fp80.h: the x87's 80-bit extended-precision arithmetic in integers
 * only, as a 387/486/Pentium computes it (Intel SDM Vol. 1, chapters 4 and 8):
 * IEEE 754 add/sub/mul/div/sqrt under precision and rounding control, the
 * x87's own remainder, scale, extract and round-to-integer, comparisons,
 * conversions to and from every memory format, the constants and the
 * transcendentals.  No host floating point is used anywhere, so results are
 * the same on every host.  Each operation reports its exceptions in a
 * struct fp_env; the stack, tags and masked/unmasked responses to stack
 * faults live one level up, in fpu/x87.c. */
#ifndef VIREO_FPU_FP80_H
#define VIREO_FPU_FP80_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu/fpu_state.h"
#include "fpu/u128.h"

/* The hot inline helpers must be inlined whatever the compiler's size
 * heuristics say: their callers' values then stay in registers. */
#if defined(__GNUC__) || defined(__clang__)
#define FP_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define FP_ALWAYS_INLINE inline
#endif

/* Exception bits, at their status-word and control-word positions
 * (SDM Vol. 1, 8.1.3 and 8.1.5).  SF only accompanies IE. */
enum {
    FPX_IE = 1u << 0,           /* invalid operation */
    FPX_DE = 1u << 1,           /* denormal operand */
    FPX_ZE = 1u << 2,           /* zero divide */
    FPX_OE = 1u << 3,           /* overflow */
    FPX_UE = 1u << 4,           /* underflow */
    FPX_PE = 1u << 5,           /* precision (inexact) */
    FPX_SF = 1u << 6,           /* stack fault */
    FPX_MASKABLE = 0x3f,
    FPX_PRE = FPX_IE | FPX_DE | FPX_ZE,    /* detected before computing: an
                                              unmasked one leaves the operands */
};

/* Control-word fields. */
enum {
    FPCW_PC_SHIFT = 8,          /* precision control: 00 = 24 bits, 10 = 53, 11 = 64 */
    FPCW_RC_SHIFT = 10,         /* rounding control, enum fp_rc */
    FPCW_IC = 1u << 12,         /* infinity control: kept, no effect on a 387+ */
    FPCW_RESERVED1 = 1u << 6,   /* reads as 1 */
    FPCW_WRITABLE = 0x1f3f,     /* bits FLDCW keeps; bit 6 is then forced to 1 */
};

enum fp_rc { FP_RC_NEAREST, FP_RC_DOWN, FP_RC_UP, FP_RC_ZERO };

/* Condition-code bits of the status word. */
enum {
    FPSW_C0 = 1u << 8, FPSW_C1 = 1u << 9, FPSW_C2 = 1u << 10, FPSW_C3 = 1u << 14,
    FPSW_CC = FPSW_C0 | FPSW_C1 | FPSW_C2 | FPSW_C3,
    FPSW_ES = 1u << 7,          /* error summary: an unmasked exception is pending */
    FPSW_B = 1u << 15,          /* busy: mirrors ES on a 387+ */
    FPSW_TOP_SHIFT = 11,
    FPSW_TOP = 7u << 11,
};

/* Inputs and outputs of one operation: the control word it runs under,
 * the exceptions it raised, and whether its last rounding went up in
 * magnitude (the x87's C1 "round-up" bit). */
struct fp_env {
    uint16_t cw;
    uint16_t flags;             /* FPX_* raised, accumulated */
    bool c1;
};

static inline struct fp_env fp_env_make(uint16_t cw)
{
    struct fp_env e = { cw, 0, false };
    return e;
}

/* True when an unmasked IE, DE or ZE stopped the operation: the x87 then
 * leaves its destination and the stack alone (SDM Vol. 1, 8.7). */
static inline bool fp_env_blocked(const struct fp_env *e)
{
    return (e->flags & ~e->cw & FPX_PRE) != 0;
}

/* Operand classes.  A pseudo-denormal (exponent 0, integer bit 1) is
 * FPC_DENORMAL; unnormals, pseudo-zeros, pseudo-infinities and pseudo-NaNs
 * are FPC_UNSUPPORTED (invalid on a 387+; SDM Vol. 1, 8.2.2). */
enum fp_class {
    FPC_ZERO, FPC_NORMAL, FPC_DENORMAL, FPC_INF, FPC_QNAN, FPC_SNAN, FPC_UNSUPPORTED,
};

/* An operand unpacked from any format.  For finite nonzero values `mant`
 * is normalised (bit 63 set) and the value is mant * 2^(exp - 63); for a
 * NaN `mant` is the NaN's extended-format significand; cls DENORMAL marks
 * a value that was denormal in its source format (raising DE when used). */
struct fp_unp {
    uint64_t mant;
    int32_t exp;
    uint8_t cls;                /* enum fp_class */
    bool sign;
};

/* The QNaN floating-point indefinite and the other fixed encodings. */
#define FP80_INDEFINITE_SEXP 0xffffu
#define FP80_INDEFINITE_MANT 0xc000000000000000ull
static inline struct fp80 fp80_make(uint16_t sexp, uint64_t mant)
{
    struct fp80 r;
    r.mant = mant;
    r.sexp = sexp;
    return r;
}
static inline struct fp80 fp80_indefinite(void)
{
    return fp80_make(FP80_INDEFINITE_SEXP, FP80_INDEFINITE_MANT);
}
static inline bool fp80_sign(struct fp80 v)
{
    return (v.sexp & 0x8000) != 0;
}

enum fp_class fp80_classify(struct fp80 v);
struct fp80 fp80_zero(bool sign);
struct fp80 fp80_inf(bool sign);

/* ---- Unpacking (exact; no exceptions) ----
 * A normal value, by far the most common, unpacks inline; the *_slow
 * forms handle every value, and the inline ones hand them the rest. */
struct fp_unp fp_unpack_slow(struct fp80 v);
struct fp_unp fp_unpack_f32_slow(uint32_t v);
struct fp_unp fp_unpack_f64_slow(uint64_t v);
struct fp_unp fp_unpack_bcd(const uint8_t bcd[10]);   /* FBLD: invalid digits count as 10-15 */

static inline struct fp_unp fp_unp_normal(bool sign, int32_t exp, uint64_t mant)
{
    struct fp_unp u;
    u.mant = mant;
    u.exp = exp;
    u.cls = FPC_NORMAL;
    u.sign = sign;
    return u;
}

/* True for a normal extended value: exponent 1-7FFEh and the integer bit
 * set (SDM Vol. 1, Table 8-3). */
static inline bool fp80_is_normal(struct fp80 v)
{
    return (unsigned)(v.sexp & 0x7fff) - 1u < 0x7ffeu && (v.mant >> 63) != 0;
}

static inline struct fp_unp fp_unpack(struct fp80 v)
{
    if (fp80_is_normal(v))
        return fp_unp_normal((v.sexp & 0x8000) != 0, (int32_t)(v.sexp & 0x7fff) - 16383, v.mant);
    return fp_unpack_slow(v);
}

static inline struct fp_unp fp_unpack_f32(uint32_t v)
{
    unsigned bexp = (v >> 23) & 0xff;
    if (bexp - 1u < 0xfeu)
        return fp_unp_normal(v >> 31, (int32_t)bexp - 127,
                             1ull << 63 | (uint64_t)(v & 0x7fffff) << 40);
    return fp_unpack_f32_slow(v);
}

static inline struct fp_unp fp_unpack_f64(uint64_t v)
{
    unsigned bexp = (v >> 52) & 0x7ff;
    if (bexp - 1u < 0x7feu)
        return fp_unp_normal(v >> 63, (int32_t)bexp - 1023, 1ull << 63 | v << 11);
    return fp_unpack_f64_slow(v);
}

/* Integers are exact: zero, or normalised. */
static inline struct fp_unp fp_unpack_int(int64_t v)
{
    uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    if (mag == 0) {
        struct fp_unp u = fp_unp_normal(false, 0, 0);
        u.cls = FPC_ZERO;
        return u;
    }
    unsigned lz = clz64(mag);
    return fp_unp_normal(v < 0, 63 - (int32_t)lz, mag << lz);
}

/* A value loaded from memory: FLD m32/m64 raise DE for a denormal and IE
 * for an SNaN (which becomes a QNaN); integers, BCD and m80 load as is. */
struct fp80 fp_load(struct fp_env *e, const struct fp_unp *a);

/* ---- Arithmetic ----
 * The destination is a register: precision control applies to add, sub,
 * mul, div and sqrt; an unmasked overflow or underflow returns the result
 * with its exponent biased by -/+24576 (SDM Vol. 1, 8.5.4 and 8.5.5). */
struct fp80 fp_add(struct fp_env *e, const struct fp_unp *a, const struct fp_unp *b);
struct fp80 fp_sub(struct fp_env *e, const struct fp_unp *a, const struct fp_unp *b);
struct fp80 fp_mul(struct fp_env *e, const struct fp_unp *a, const struct fp_unp *b);
struct fp80 fp_div(struct fp_env *e, const struct fp_unp *a, const struct fp_unp *b);
struct fp80 fp_sqrt(struct fp_env *e, const struct fp_unp *a);
struct fp80 fp_rndint(struct fp_env *e, const struct fp_unp *a);
struct fp80 fp_scale(struct fp_env *e, const struct fp_unp *a, const struct fp_unp *b);

/* FPREM (is_ieee false: quotient truncated) and FPREM1 (rounded to
 * nearest): the partial remainder of a / b.  *cc receives C0-C3 in their
 * status-word positions: C2 set when the reduction is incomplete, else the
 * quotient's low bits Q2 Q1 Q0 in C0 C3 C1. */
struct fp80 fp_prem(struct fp_env *e, const struct fp_unp *a, const struct fp_unp *b,
                    bool is_ieee, uint16_t *cc);

/* FXTRACT: *sig gets the significand (exponent 0), *expo the unbiased
 * exponent as a value (both only meaningful unless fp_env_blocked). */
void fp_xtract(struct fp_env *e, const struct fp_unp *a, struct fp80 *expo, struct fp80 *sig);

/* Comparison: C3 C2 C0 as FCOM sets them (SDM Vol. 2, FCOM): 000 greater,
 * 001 less, 100 equal, 111 unordered.  is_quiet: FUCOM rules (only an SNaN
 * or unsupported operand is invalid). */
uint16_t fp_compare(struct fp_env *e, const struct fp_unp *a, const struct fp_unp *b,
                    bool is_quiet);

/* FXAM's C3 C2 C1 C0 for a non-empty register. */
uint16_t fp_examine(struct fp80 v);

/* ---- Stores to memory: round to the destination format (precision
 * control does not apply).  Each returns false when nothing may be written
 * (an unmasked invalid, overflow or underflow exception). ---- */
bool fp_store_f32(struct fp_env *e, const struct fp_unp *a, uint32_t *out);
bool fp_store_f64(struct fp_env *e, const struct fp_unp *a, uint64_t *out);
/* FIST/FISTP: size_bytes 2, 4 or 8; out of range gives the integer indefinite. */
bool fp_store_int(struct fp_env *e, const struct fp_unp *a, unsigned size_bytes, uint64_t *out);
bool fp_store_bcd(struct fp_env *e, const struct fp_unp *a, uint8_t out[10]);

/* ---- Constants (FLD1 ... FLDZ), rounded per RC as a 387+ does ---- */
enum fp_const { FPK_ONE, FPK_L2T, FPK_L2E, FPK_PI, FPK_LG2, FPK_LN2, FPK_ZERO };
struct fp80 fp_const(enum fp_const k, unsigned rc);

/* ---- Transcendentals ----
 * Computed from 192-bit intermediate values and rounded once, so results
 * are correctly rounded except in vanishingly rare cases (well inside the
 * SDM's < 1 ulp bound).  The trigonometric functions reduce their argument
 * with the x87's own 66-bit pi, p (SDM Vol. 1, 8.3.8), so they compute
 * sin(x * pi / p) etc. exactly as the hardware's are specified to.
 * fp_sincos/fp_tan return false (C2 = 1, operand unchanged) for |x| >= 2^63. */
bool fp_sincos(struct fp_env *es, struct fp_env *ec, const struct fp_unp *a,
               struct fp80 *sin_out, struct fp80 *cos_out);
bool fp_tan(struct fp_env *e, const struct fp_unp *a, struct fp80 *out);
struct fp80 fp_atan2(struct fp_env *e, const struct fp_unp *y, const struct fp_unp *x);
struct fp80 fp_f2xm1(struct fp_env *e, const struct fp_unp *a);
struct fp80 fp_yl2x(struct fp_env *e, const struct fp_unp *x, const struct fp_unp *y);
struct fp80 fp_yl2xp1(struct fp_env *e, const struct fp_unp *x, const struct fp_unp *y);

/* ---- Shared by the fpu/ implementation files ---- */

/* Precision-control bits of cw as a significand width (01 acts as 64). */
static inline unsigned fp_pc_bits(uint16_t cw)
{
    static const uint8_t bits[4] = { 24, 64, 53, 64 };   /* 01 is reserved: acts as 64 */
    return bits[(cw >> FPCW_PC_SHIFT) & 3];
}
static inline unsigned fp_rc(uint16_t cw)
{
    return (cw >> FPCW_RC_SHIFT) & 3;
}

/* Whether rounding under rc increases the magnitude (SDM Vol. 1, 4.8.4):
 * half is the first bit lost, sticky any lost bit below it, odd the last
 * bit kept.  The one rounding-direction rule of every result. */
static FP_ALWAYS_INLINE bool fp_rounds_up(unsigned rc, bool sign, bool half, bool sticky,
                                          bool odd)
{
    switch (rc) {
    case FP_RC_NEAREST:
        return half && (sticky || odd);
    case FP_RC_DOWN:
        return sign && (half || sticky);
    case FP_RC_UP:
        return !sign && (half || sticky);
    default:                                    /* toward zero */
        return false;
    }
}

/* Round sig (bit 127 set) to its top `prec` bits (24..64, so the rounding
 * point is in the high word) under rounding control rc: *inexact when
 * bits were lost, *up when the magnitude was rounded up (C1).  Returns true
 * on a carry out of bit 127 (sig is then 2^127 and the exponent must grow
 * by one).  The one bit-level rounding rule every result goes through. */
static FP_ALWAYS_INLINE bool fp_round_sig(struct u128 *sig, unsigned prec, bool sign,
                                          unsigned rc, bool *inexact, bool *up)
{
    unsigned sh = 64 - prec;                    /* bits of the high word below the point */
    uint64_t lsb = 1ull << sh;
    /* The lost bits left-aligned: the half bit on top, then sticky ones. */
    uint64_t lost = sh ? sig->hi << (64 - sh) : sig->lo;
    uint64_t lost_low = sh ? sig->lo : 0;
    bool half = (lost >> 63) != 0;
    bool sticky = ((lost << 1) | lost_low) != 0;
    *inexact = half || sticky;
    *up = fp_rounds_up(rc, sign, half, sticky, (sig->hi & lsb) != 0);
    sig->hi &= ~(lsb - 1);
    sig->lo = 0;
    if (*up) {
        sig->hi += lsb;
        if (sig->hi == 0) {
            sig->hi = 1ull << 63;
            return true;
        }
    }
    return false;
}

/* The integer part of the finite nonzero value sign * mant * 2^(exp - 63)
 * (exp <= 63), truncated, and whether rounding it to an integer under rc
 * adds one (*up) and loses bits (*inexact).  FRNDINT and the integer
 * stores, general and fast. */
static FP_ALWAYS_INLINE uint64_t fp_int_split(bool sign, int32_t exp, uint64_t mant,
                                              unsigned rc, bool *inexact, bool *up)
{
    /* Integer part in hi, fraction (jammed) in lo. */
    struct u128 v = u128_shr_jam(u128_make(mant, 0), (uint32_t)(63 - exp));
    *inexact = v.lo != 0;
    *up = fp_rounds_up(rc, sign, (v.lo >> 63) != 0, (v.lo << 1) != 0, (v.hi & 1) != 0);
    return v.hi;
}

/* The common case of rounding sign * sig * 2^(exp - 127) (sig nonzero)
 * to the extended format: when the rounded value is a normal number, *r,
 * *inexact and *up (C1) and true; otherwise false and nothing else (the
 * general path then takes it from the start: overflow, tininess).  The
 * same computation as the general path's first steps. */
static FP_ALWAYS_INLINE bool fp_round_normal(unsigned prec, unsigned rc, bool sign, int32_t exp,
                                             struct u128 sig, struct fp80 *r, bool *inexact,
                                             bool *up)
{
    unsigned lz = u128_clz(sig);
    struct u128 rs = u128_shl(sig, lz);
    int32_t rexp = exp - (int32_t)lz + 16383;
    rexp += fp_round_sig(&rs, prec, sign, rc, inexact, up);
    if (rexp <= 0 || rexp >= 0x7fff)
        return false;
    *r = fp80_make((uint16_t)((sign ? 0x8000 : 0) | rexp), rs.hi);
    return true;
}

/* Round sign * sig * 2^(exp - 127) (sig any 128-bit value; bits below the
 * rounding point act as guard and sticky) to `prec` significand bits in
 * the extended format, with the x87's overflow and underflow responses,
 * and pack it.  fp_round_ext_slow() handles every case; the inline part
 * finishes the common one (fp_round_normal) and leaves *e untouched when
 * it hands over. */
struct fp80 fp_round_ext_slow(struct fp_env *e, bool sign, int32_t exp, struct u128 sig,
                              unsigned prec);
static inline struct fp80 fp_round_ext(struct fp_env *e, bool sign, int32_t exp,
                                       struct u128 sig, unsigned prec)
{
    struct fp80 r;
    bool inexact, up;
    if (!u128_is_zero(sig) &&
        fp_round_normal(prec, fp_rc(e->cw), sign, exp, sig, &r, &inexact, &up)) {
        if (inexact)
            e->flags |= FPX_PE;
        e->c1 = up;
        return r;
    }
    return fp_round_ext_slow(e, sign, exp, sig, prec);
}
/* The cores of add/subtract, multiply and divide, for finite nonzero
 * operands given as sign, exponent and normalised significand (value =
 * mant * 2^(exp - 63)).  The *_sig functions give the exact result as
 * sign * sig * 2^(exp - 127), bits beyond 128 jammed into bit 0 (so it
 * rounds as the exact value would); the *_core functions round it once
 * under the control word.  fp_add, fp_mul and fp_div come to the cores
 * after the special operands; fpu/x87_fast.h uses the *_sig functions and
 * fp_round_normal directly for normal operands. */

/* The sum; false for an exact zero (x - x), which has no rounding. */
static FP_ALWAYS_INLINE bool fp_add_sig(bool sa, int32_t ea, uint64_t ma, bool sb, int32_t eb,
                                        uint64_t mb, bool *sign, int32_t *exp, struct u128 *sig)
{
    if (ea < eb || (ea == eb && ma < mb)) {     /* |a| >= |b| from here on */
        uint64_t tm = ma;
        ma = mb;
        mb = tm;
        int32_t te = ea;
        ea = eb;
        eb = te;
        bool ts = sa;
        sa = sb;
        sb = ts;
    }
    struct u128 wa = u128_make(ma, 0);
    struct u128 wb = u128_shr_jam(u128_make(mb, 0), (uint32_t)(ea - eb));
    struct u128 s;
    if (sa == sb) {
        s = u128_add(wa, wb);
        if (u128_cmp(s, wa) < 0) {              /* carry out of bit 127 */
            s = u128_shr_jam(s, 1);
            s.hi |= 1ull << 63;
            ea++;
        }
    } else {
        s = u128_sub(wa, wb);
        if (u128_is_zero(s))
            return false;
    }
    *sign = sa;
    *exp = ea;
    *sig = s;
    return true;
}

/* The quotient: Q = floor(A * 2^127 / B) in two 64-bit steps, inexact
 * ones jammed; A * 2^63 = (A >> 1 : A << 63) has a high word below B, as
 * u128_div64 requires.  The exponent is ea - eb. */
static FP_ALWAYS_INLINE struct u128 fp_div_sig(uint64_t ma, uint64_t mb)
{
    uint64_t r1, r2;
    uint64_t q1 = u128_div64(ma >> 1, ma << 63, mb, &r1);
    uint64_t q0 = u128_div64(r1, 0, mb, &r2);
    return u128_make(q1, q0 | (r2 != 0));
}

/* The square root of a positive finite value: sig and *exp as above (the
 * root's top bit at 2^127, the rest of the exact root jammed). */
struct u128 fp_sqrt_sig(int32_t ea, uint64_t ma, int32_t *exp);

/* e->c1 must start false (fp_env_make): an exact zero leaves it so. */
static inline struct fp80 fp_add_core(struct fp_env *e, bool sa, int32_t ea, uint64_t ma,
                                      bool sb, int32_t eb, uint64_t mb)
{
    bool sign;
    int32_t exp;
    struct u128 sig;
    if (!fp_add_sig(sa, ea, ma, sb, eb, mb, &sign, &exp, &sig))
        return fp80_zero(fp_rc(e->cw) == FP_RC_DOWN);   /* x - x: +0, or -0 rounding down */
    return fp_round_ext(e, sign, exp, sig, fp_pc_bits(e->cw));
}

/* The product's exponent is ea + eb + 1: sig's top bit is 2^127 = 2^1 * 2^126. */
static inline struct fp80 fp_mul_core(struct fp_env *e, bool sa, int32_t ea, uint64_t ma,
                                      bool sb, int32_t eb, uint64_t mb)
{
    return fp_round_ext(e, sa != sb, ea + eb + 1, u128_mul64(ma, mb), fp_pc_bits(e->cw));
}

static inline struct fp80 fp_div_core(struct fp_env *e, bool sa, int32_t ea, uint64_t ma,
                                      bool sb, int32_t eb, uint64_t mb)
{
    return fp_round_ext(e, sa != sb, ea - eb, fp_div_sig(ma, mb), fp_pc_bits(e->cw));
}

/* Repack an unpacked extended value exactly (denormals included). */
struct fp80 fp_pack(const struct fp_unp *a);
/* The operand's NaN result per SDM Vol. 1, Table 4-7 (either may be a NaN). */
struct fp80 fp_nan_result(struct fp_env *e, const struct fp_unp *a, const struct fp_unp *b);
/* IE with the QNaN indefinite as its masked result. */
struct fp80 fp_invalid(struct fp_env *e);
/* Raise a pre-computation exception; true if unmasked (stop now). */
bool fp_raise_pre(struct fp_env *e, uint16_t x);
static inline bool fp_is_nan(const struct fp_unp *a)
{
    return a->cls == FPC_QNAN || a->cls == FPC_SNAN;
}
static inline bool fp_is_finite_nonzero(const struct fp_unp *a)
{
    return a->cls == FPC_NORMAL || a->cls == FPC_DENORMAL;
}

#endif
