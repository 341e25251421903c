/* fpu/x87_fast.h: the x87 instructions' common cases, inline, for the CPU's
 * handlers (cpu/exec_x87.c): operands that are normal numbers (or, for
 * loads, zeros) in non-empty registers, and results that stay normal.
 * Each x87_fast_* function either completes the instruction exactly as its
 * general counterpart in fpu/x87.c would (registers, tags, status word,
 * memory image; the same cores and rounding from fp80.h) and returns true,
 * or changes nothing and returns false: the caller then runs the general
 * function, which handles every case.  tests/unit/test_fpu_fast.c runs
 * both on boundary and random operands under every precision and rounding
 * control and compares the whole state. */
#ifndef VIREO_FPU_X87_FAST_H
#define VIREO_FPU_X87_FAST_H

#include "fpu/x87.h"

/* The fast paths read the status and tag words once, work on copies and
 * store them at the end: stores to the registers' uint16_t sign and
 * exponent fields would otherwise make the compiler reload them after
 * each.  These are x87.h's state updates on such copies. */
static inline unsigned x87_fast_tag(uint16_t tw, unsigned p)
{
    return (tw >> (2 * p)) & 3;
}

static inline uint16_t x87_fast_set_tag(uint16_t tw, unsigned p, unsigned tag)
{
    return (uint16_t)((tw & ~(3u << (2 * p))) | (tag << (2 * p)));
}

static inline uint16_t x87_fast_set_top(uint16_t sw, unsigned top)
{
    return (uint16_t)((sw & ~FPSW_TOP) | ((top & 7) << FPSW_TOP_SHIFT));
}

/* x87_raise(f, flags) on a copy of the status word. */
static inline uint16_t x87_fast_raise(uint16_t sw, uint16_t cw, uint16_t flags)
{
    sw |= flags & (FPX_MASKABLE | FPX_SF);
    if (sw & ~cw & FPX_MASKABLE)
        sw |= FPSW_ES | FPSW_B;
    return sw;
}

static inline uint16_t x87_fast_set_c1(uint16_t sw, bool c1)
{
    return (uint16_t)(c1 ? sw | FPSW_C1 : sw & ~FPSW_C1);
}

/* x87_pop on copies: ST(0) empty, TOP + 1. */
static inline void x87_fast_pop(uint16_t *sw, uint16_t *tw)
{
    unsigned top = (*sw >> FPSW_TOP_SHIFT) & 7;
    *tw = x87_fast_set_tag(*tw, top, X87_TAG_EMPTY);
    *sw = x87_fast_set_top(*sw, top + 1);
}

/* Physical register p when it is in use and holds a normal number. */
static inline bool x87_fast_normal_reg(const struct fpu_state *f, uint16_t tw, unsigned p)
{
    return x87_fast_tag(tw, p) != X87_TAG_EMPTY && fp80_is_normal(f->st[p]);
}

/* fp_round_normal under the control word cw, with the two settings that
 * nearly all code runs under, round to nearest at 64 bits (FNINIT's) and
 * at 53 (what many C runtimes set), spelt out as constants so the
 * compiler folds the rounding for them. */
static FP_ALWAYS_INLINE bool x87_fast_round(uint16_t cw, bool sign, int32_t exp, struct u128 sig,
                                            struct fp80 *r, bool *inexact, bool *up)
{
    switch (cw & 0x0f00) {                      /* RC and PC */
    case 0x0300:
        return fp_round_normal(64, FP_RC_NEAREST, sign, exp, sig, r, inexact, up);
    case 0x0200:
        return fp_round_normal(53, FP_RC_NEAREST, sign, exp, sig, r, inexact, up);
    default:
        return fp_round_normal(fp_pc_bits(cw), fp_rc(cw), sign, exp, sig, r, inexact, up);
    }
}

/* x87_commit's work for a normal result r in physical register p: PE when
 * inexact, the register and its valid tag, C1, and the pop. */
static FP_ALWAYS_INLINE void x87_fast_commit(struct fpu_state *f, uint16_t sw, uint16_t tw,
                                             unsigned p, struct fp80 r, bool inexact, bool up,
                                             bool pop_after)
{
    sw = x87_fast_raise(sw, f->cw, inexact ? FPX_PE : 0);
    sw = x87_fast_set_c1(sw, up);
    tw = x87_fast_set_tag(tw, p, X87_TAG_VALID);
    if (pop_after)
        x87_fast_pop(&sw, &tw);
    f->st[p] = r;
    f->tw = tw;
    f->sw = sw;
}

/* x87_arith's FADD FMUL FSUB FSUBR FDIV FDIVR with ST(dst) and src normal
 * and a normal result: no invalid, denormal or zero-divide case exists, so
 * the instruction is the operation's core, rounded, and at most a
 * precision exception.  An exact zero difference, overflow and tininess
 * are left to the general path. */
static FP_ALWAYS_INLINE bool x87_fast_arith(struct fpu_state *f, enum x87_arith op, unsigned dst,
                                            const struct fp_unp *src, bool is_src_empty,
                                            bool pop_after)
{
    uint16_t sw = f->sw, tw = f->tw;
    unsigned p = ((sw >> FPSW_TOP_SHIFT) + dst) & 7;
    if (is_src_empty || src->cls != FPC_NORMAL || !x87_fast_normal_reg(f, tw, p))
        return false;
    struct fp80 d = f->st[p];
    bool sd = (d.sexp & 0x8000) != 0, sign, inexact, up;
    int32_t ed = (int32_t)(d.sexp & 0x7fff) - 16383, exp;
    struct u128 sig;
    switch (op) {
    case X87_FADD:
        if (!fp_add_sig(sd, ed, d.mant, src->sign, src->exp, src->mant, &sign, &exp, &sig))
            return false;
        break;
    case X87_FSUB:
        if (!fp_add_sig(sd, ed, d.mant, !src->sign, src->exp, src->mant, &sign, &exp, &sig))
            return false;
        break;
    case X87_FSUBR:
        if (!fp_add_sig(src->sign, src->exp, src->mant, !sd, ed, d.mant, &sign, &exp, &sig))
            return false;
        break;
    case X87_FMUL:                              /* as fp_mul_core */
        sign = sd != src->sign;
        exp = ed + src->exp + 1;
        sig = u128_mul64(d.mant, src->mant);
        break;
    case X87_FDIV:                              /* as fp_div_core */
        sign = sd != src->sign;
        exp = ed - src->exp;
        sig = fp_div_sig(d.mant, src->mant);
        break;
    case X87_FDIVR:
        sign = sd != src->sign;
        exp = src->exp - ed;
        sig = fp_div_sig(src->mant, d.mant);
        break;
    default:                                    /* FCOM, FCOMP: x87_compare */
        return false;
    }
    struct fp80 r;
    if (!x87_fast_round(f->cw, sign, exp, sig, &r, &inexact, &up))
        return false;
    x87_fast_commit(f, sw, tw, p, r, inexact, up, pop_after);
    return true;
}

/* x87_unary's FSQRT of a positive normal ST(0), whose root is normal. */
static FP_ALWAYS_INLINE bool x87_fast_sqrt(struct fpu_state *f)
{
    uint16_t sw = f->sw, tw = f->tw;
    unsigned p = (sw >> FPSW_TOP_SHIFT) & 7;
    if (!x87_fast_normal_reg(f, tw, p) || (f->st[p].sexp & 0x8000))
        return false;
    int32_t exp;
    struct u128 sig = fp_sqrt_sig((int32_t)f->st[p].sexp - 16383, f->st[p].mant, &exp);
    struct fp80 r;
    bool inexact, up;
    if (!x87_fast_round(f->cw, false, exp, sig, &r, &inexact, &up))
        return false;
    x87_fast_commit(f, sw, tw, p, r, inexact, up, false);
    return true;
}

/* x87_compare with ST(0) and src normal: C3 C2 C0 from the order of two
 * ordinary numbers, C1 cleared, no exception (FUCOM's quietness makes no
 * difference). */
static FP_ALWAYS_INLINE bool x87_fast_compare(struct fpu_state *f, const struct fp_unp *src,
                                              bool is_src_empty, unsigned pops)
{
    uint16_t sw = f->sw, tw = f->tw;
    unsigned p = (sw >> FPSW_TOP_SHIFT) & 7;
    if (is_src_empty || src->cls != FPC_NORMAL || !x87_fast_normal_reg(f, tw, p))
        return false;
    struct fp_unp a = fp_unpack(f->st[p]);
    int ord;
    if (a.sign != src->sign) {
        ord = a.sign ? -1 : 1;
    } else {
        int mag = a.exp != src->exp ? (a.exp > src->exp ? 1 : -1)
                : a.mant == src->mant ? 0 : a.mant > src->mant ? 1 : -1;
        ord = a.sign ? -mag : mag;
    }
    uint16_t cc = ord > 0 ? 0 : ord < 0 ? FPSW_C0 : FPSW_C3;
    sw = x87_fast_raise(sw, f->cw, 0);
    sw = (uint16_t)((sw & ~(FPSW_C3 | FPSW_C2 | FPSW_C1 | FPSW_C0)) | cc);
    while (pops--)
        x87_fast_pop(&sw, &tw);
    f->tw = tw;
    f->sw = sw;
    return true;
}

/* x87_push and C1 = 0 on copies, after x87_fld's x87_raise when is_raise. */
static FP_ALWAYS_INLINE void x87_fast_push(struct fpu_state *f, uint16_t sw, uint16_t tw,
                                           struct fp80 v, unsigned tag, bool is_raise)
{
    unsigned p = ((sw >> FPSW_TOP_SHIFT) - 1) & 7;
    if (is_raise)
        sw = x87_fast_raise(sw, f->cw, 0);
    sw = x87_fast_set_c1(x87_fast_set_top(sw, p), false);
    f->st[p] = v;
    f->tw = x87_fast_set_tag(tw, p, tag);
    f->sw = sw;
}

/* x87_fld of a normal or zero value from m32, m64 or an integer: exact,
 * no exception, when ST(7) is free. */
static FP_ALWAYS_INLINE bool x87_fast_fld(struct fpu_state *f, const struct fp_unp *v)
{
    uint16_t sw = f->sw, tw = f->tw;
    if (x87_fast_tag(tw, ((sw >> FPSW_TOP_SHIFT) - 1) & 7) != X87_TAG_EMPTY)
        return false;
    if (v->cls == FPC_NORMAL)
        x87_fast_push(f, sw, tw,
                      fp80_make((uint16_t)((v->sign ? 0x8000 : 0) | (v->exp + 16383)), v->mant),
                      X87_TAG_VALID, true);
    else if (v->cls == FPC_ZERO)
        x87_fast_push(f, sw, tw, fp80_make(v->sign ? 0x8000 : 0, 0), X87_TAG_ZERO, true);
    else
        return false;
    return true;
}

/* x87_fld_m80, and x87_fld_sti once ST(i) is known to be in use: push a
 * copy (tagged by its contents) when ST(7) is free. */
static FP_ALWAYS_INLINE bool x87_fast_fld_reg(struct fpu_state *f, struct fp80 v)
{
    uint16_t sw = f->sw, tw = f->tw;
    if (x87_fast_tag(tw, ((sw >> FPSW_TOP_SHIFT) - 1) & 7) != X87_TAG_EMPTY)
        return false;
    x87_fast_push(f, sw, tw, v, x87_tag_for(v), false);
    return true;
}

/* The end of a store from ST(0): flags, C1, the pop. */
static FP_ALWAYS_INLINE void x87_fast_stored(struct fpu_state *f, uint16_t sw, uint16_t tw,
                                             bool inexact, bool up, bool pop_after)
{
    sw = x87_fast_raise(sw, f->cw, inexact ? FPX_PE : 0);
    sw = x87_fast_set_c1(sw, up);
    if (pop_after) {
        x87_fast_pop(&sw, &tw);
        f->tw = tw;
    }
    f->sw = sw;
}

/* x87_fst to m32 (prec 24, bias 127, fbits 23) or m64 (53, 1023, 52):
 * ST(0) normal and its rounded value normal in the format.  *out gets the
 * encoding. */
static FP_ALWAYS_INLINE bool x87_fast_fst_ieee(struct fpu_state *f, unsigned prec, int32_t bias,
                                               unsigned fbits, uint64_t *out, bool pop_after)
{
    uint16_t sw = f->sw, tw = f->tw;
    unsigned p = (sw >> FPSW_TOP_SHIFT) & 7;
    if (!x87_fast_normal_reg(f, tw, p))
        return false;
    struct fp80 v = f->st[p];
    bool sign = (v.sexp & 0x8000) != 0, inexact, up;
    struct u128 sig = u128_make(v.mant, 0);
    int32_t rexp = (int32_t)(v.sexp & 0x7fff) - 16383 + bias;
    rexp += fp_round_sig(&sig, prec, sign, fp_rc(f->cw), &inexact, &up);
    if (rexp <= 0 || rexp >= 2 * bias + 1)      /* tiny, or too large: round_core's cases */
        return false;
    *out = (uint64_t)sign << (fbits + (fbits == 23 ? 8 : 11)) | (uint64_t)rexp << fbits |
           (sig.hi << 1) >> (64 - fbits);
    x87_fast_stored(f, sw, tw, inexact, up, pop_after);
    return true;
}

/* x87_fst to m16/m32 integers (size_bytes 2 or 4): ST(0) normal below
 * 2^(bits - 1) in magnitude, and its rounded value in range.  *out gets
 * the two's complement value (masked to the size). */
static FP_ALWAYS_INLINE bool x87_fast_fist(struct fpu_state *f, unsigned size_bytes,
                                           uint64_t *out, bool pop_after)
{
    uint16_t sw = f->sw, tw = f->tw;
    unsigned p = (sw >> FPSW_TOP_SHIFT) & 7;
    unsigned bits = size_bytes * 8;
    if (!x87_fast_normal_reg(f, tw, p))
        return false;
    struct fp_unp a = fp_unpack(f->st[p]);
    if (a.exp >= (int32_t)bits - 1)
        return false;
    bool inexact, up;
    uint64_t mag = fp_int_split(a.sign, a.exp, a.mant, fp_rc(f->cw), &inexact, &up) + up;
    uint64_t limit = 1ull << (bits - 1);
    if (mag >= limit)                           /* -2^(bits-1) fits, but is rare: general */
        return false;
    *out = (a.sign ? 0 - mag : mag) & ((1ull << bits) - 1);
    x87_fast_stored(f, sw, tw, inexact, up, pop_after);
    return true;
}

/* x87_fxch with both registers in use. */
static FP_ALWAYS_INLINE bool x87_fast_fxch(struct fpu_state *f, unsigned i)
{
    uint16_t sw = f->sw, tw = f->tw;
    unsigned p0 = (sw >> FPSW_TOP_SHIFT) & 7, pi = (p0 + i) & 7;
    if (x87_fast_tag(tw, p0) == X87_TAG_EMPTY || x87_fast_tag(tw, pi) == X87_TAG_EMPTY)
        return false;
    struct fp80 v0 = f->st[p0], vi = f->st[pi];
    tw = x87_fast_set_tag(tw, p0, x87_tag_for(vi));
    tw = x87_fast_set_tag(tw, pi, x87_tag_for(v0));
    f->st[p0] = vi;
    f->st[pi] = v0;
    f->tw = tw;
    f->sw = x87_fast_set_c1(sw, false);
    return true;
}

/* x87_fst_sti with ST(0) in use. */
static FP_ALWAYS_INLINE bool x87_fast_fst_sti(struct fpu_state *f, unsigned i, bool pop_after)
{
    uint16_t sw = f->sw, tw = f->tw;
    unsigned p0 = (sw >> FPSW_TOP_SHIFT) & 7, pi = (p0 + i) & 7;
    if (x87_fast_tag(tw, p0) == X87_TAG_EMPTY)
        return false;
    struct fp80 v = f->st[p0];
    tw = x87_fast_set_tag(tw, pi, x87_tag_for(v));
    sw = x87_fast_set_c1(sw, false);
    if (pop_after)
        x87_fast_pop(&sw, &tw);
    f->st[pi] = v;
    f->tw = tw;
    f->sw = sw;
    return true;
}

/* x87_unary's FCHS and FABS with ST(0) in use: the sign bit alone. */
static FP_ALWAYS_INLINE bool x87_fast_sign(struct fpu_state *f, enum x87_unary op)
{
    uint16_t sw = f->sw, tw = f->tw;
    unsigned p = (sw >> FPSW_TOP_SHIFT) & 7;
    if (x87_fast_tag(tw, p) == X87_TAG_EMPTY)
        return false;
    struct fp80 v = f->st[p];
    v.sexp = op == X87_FCHS ? v.sexp ^ 0x8000 : v.sexp & 0x7fff;
    f->st[p] = v;
    f->tw = x87_fast_set_tag(tw, p, x87_tag_for(v));
    f->sw = x87_fast_set_c1(sw, false);
    return true;
}

#endif
