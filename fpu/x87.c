/* fpu/x87.c: x87 instruction semantics on the register stack (Intel SDM
 * Vol. 1, 8.1 and 8.5; Vol. 2, the FPU instruction pages).  Stack faults:
 * pushing onto a non-empty ST(7) is an overflow (IE, SF, C1 = 1), reading
 * an empty register an underflow (IE, SF, C1 = 0); masked, the destination
 * gets the QNaN indefinite.  An unmasked IE, DE or ZE leaves the stack and
 * the destination unchanged; an unmasked OE or UE still stores (biased).
 * C0, C2 and C3 are left alone where the SDM calls them undefined, as the
 * hardware does.  The environment images are in fpu/x87_env.c. */
#include "fpu/x87.h"

void x87_update_es(struct fpu_state *f)
{
    if (f->sw & ~f->cw & FPX_MASKABLE)
        f->sw |= FPSW_ES | FPSW_B;
    else
        f->sw &= (uint16_t)~(FPSW_ES | FPSW_B);
}

/* A stack fault: returns true if masked (the caller then writes the
 * indefinite into its destinations). */
static bool stack_fault(struct fpu_state *f, bool is_overflow)
{
    x87_raise(f, FPX_IE | FPX_SF);
    x87_set_c1(f, is_overflow);
    return (f->cw & FPX_IE) != 0;
}

/* ---- Control ---- */

void x87_power_on(struct fpu_state *f)
{
    for (unsigned i = 0; i < 8; i++)
        f->st[i] = fp80_zero(false);
    f->cw = 0x0040;
    f->sw = 0;
    f->tw = 0x5555;
    f->fop = 0;
    f->fip = f->fdp = 0;
    f->fcs = f->fds = 0;
}

void x87_finit(struct fpu_state *f)
{
    f->cw = 0x037f;
    f->sw = 0;
    f->tw = 0xffff;
    f->fop = 0;
    f->fip = f->fdp = 0;
    f->fcs = f->fds = 0;
}

void x87_fclex(struct fpu_state *f)
{
    f->sw &= (uint16_t)~(FPX_MASKABLE | FPX_SF | FPSW_ES | FPSW_B);
}

void x87_fldcw(struct fpu_state *f, uint16_t cw)
{
    f->cw = (uint16_t)((cw & FPCW_WRITABLE) | FPCW_RESERVED1);
    x87_update_es(f);
}

/* ---- Loads ---- */

/* Room for a push; false (after the fault's response) if ST(7) is in use. */
static bool push_room(struct fpu_state *f)
{
    if (x87_is_empty(f, 7))
        return true;
    if (stack_fault(f, true))
        x87_push(f, fp80_indefinite());
    return false;
}

void x87_fld(struct fpu_state *f, const struct fp_unp *v)
{
    if (!push_room(f))
        return;
    struct fp_env e = fp_env_make(f->cw);
    struct fp80 r = fp_load(&e, v);
    x87_raise(f, e.flags);
    /* Only an unmasked IE stops a load: a denormal m32/m64 is pushed even
     * with DE unmasked (measured on x87 hardware).  C1 is then 0 ("set to 1
     * if stack overflow occurred; otherwise, set to 0"). */
    if (e.flags & ~f->cw & FPX_IE) {
        x87_set_c1(f, false);
        return;
    }
    x87_push(f, r);
    x87_set_c1(f, false);
}

void x87_fld_m80(struct fpu_state *f, struct fp80 v)
{
    if (!push_room(f))
        return;
    x87_push(f, v);
    x87_set_c1(f, false);
}

void x87_fld_sti(struct fpu_state *f, unsigned i)
{
    if (x87_is_empty(f, i)) {
        if (stack_fault(f, false))
            x87_push(f, fp80_indefinite());
        return;
    }
    struct fp80 v = x87_st(f, i);
    x87_fld_m80(f, v);
}

void x87_fld_const(struct fpu_state *f, enum fp_const k)
{
    if (!push_room(f))
        return;
    x87_push(f, fp_const(k, fp_rc(f->cw)));
    x87_set_c1(f, false);
}

/* ---- Stores ---- */

static void put_le(uint8_t *out, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        out[i] = (uint8_t)(v >> (8 * i));
}

static void put_m80(uint8_t out[10], struct fp80 v)
{
    put_le(out, v.mant, 8);
    put_le(out + 8, v.sexp, 2);
}

/* The encoding a masked invalid operation stores in each format. */
static void indefinite_bytes(enum x87_mfmt fmt, uint8_t out[10])
{
    struct fp_env e = fp_env_make(0x037f);
    struct fp_unp nan = fp_unpack(fp80_indefinite());
    uint32_t v32;
    uint64_t v64;
    switch (fmt) {
    case X87_M32F:
        fp_store_f32(&e, &nan, &v32);
        put_le(out, v32, 4);
        break;
    case X87_M64F:
        fp_store_f64(&e, &nan, &v64);
        put_le(out, v64, 8);
        break;
    case X87_M80F:
        put_m80(out, fp80_indefinite());
        break;
    case X87_M80BCD:
        fp_store_bcd(&e, &nan, out);
        break;
    default:
        fp_store_int(&e, &nan, x87_mfmt_size(fmt), &v64);
        put_le(out, v64, x87_mfmt_size(fmt));
        break;
    }
}

bool x87_fst(struct fpu_state *f, enum x87_mfmt fmt, uint8_t out[10], bool pop_after)
{
    if (x87_is_empty(f, 0)) {
        if (!stack_fault(f, false))
            return false;
        indefinite_bytes(fmt, out);
        if (pop_after)
            x87_pop(f);
        return true;
    }
    struct fp80 v = x87_st(f, 0);
    struct fp_unp a = fp_unpack(v);
    struct fp_env e = fp_env_make(f->cw);
    bool is_stored = true;
    uint32_t v32;
    uint64_t v64;
    switch (fmt) {
    case X87_M32F:
        is_stored = fp_store_f32(&e, &a, &v32);
        put_le(out, v32, 4);
        break;
    case X87_M64F:
        is_stored = fp_store_f64(&e, &a, &v64);
        put_le(out, v64, 8);
        break;
    case X87_M80F:
        put_m80(out, v);
        break;
    case X87_M80BCD:
        is_stored = fp_store_bcd(&e, &a, out);
        break;
    default:
        is_stored = fp_store_int(&e, &a, x87_mfmt_size(fmt), &v64);
        put_le(out, v64, x87_mfmt_size(fmt));
        break;
    }
    x87_raise(f, e.flags);
    if (!is_stored) {
        x87_set_c1(f, false);                   /* nothing stored, nothing rounded up */
        return false;
    }
    x87_set_c1(f, e.c1);
    if (pop_after)
        x87_pop(f);
    return true;
}

/* FCMOVcc (P6): ST(0) = ST(i) when the EFLAGS condition holds.  An empty
 * ST(0) or ST(i) is a stack underflow whether or not the move happens
 * (SDM FCMOVcc: #IS), answered with the indefinite when masked. */
void x87_fcmov(struct fpu_state *f, unsigned i, bool cond)
{
    if (x87_is_empty(f, 0) || x87_is_empty(f, i)) {
        if (!stack_fault(f, false))
            return;
        x87_set_st(f, 0, fp80_indefinite());
        return;
    }
    x87_set_c1(f, false);
    if (cond)
        x87_set_st(f, 0, x87_st(f, i));
}

void x87_fst_sti(struct fpu_state *f, unsigned i, bool pop_after)
{
    if (x87_is_empty(f, 0)) {
        if (!stack_fault(f, false))
            return;
        x87_set_st(f, i, fp80_indefinite());
    } else {
        x87_set_st(f, i, x87_st(f, 0));
        x87_set_c1(f, false);
    }
    if (pop_after)
        x87_pop(f);
}

/* ---- Arithmetic ---- */

void x87_arith(struct fpu_state *f, enum x87_arith op, unsigned dst, const struct fp_unp *src,
               bool is_src_empty, bool pop_after)
{
    if (op == X87_FCOM || op == X87_FCOMP) {
        x87_compare(f, src, is_src_empty, false, op == X87_FCOMP);
        return;
    }
    if (x87_is_empty(f, dst) || is_src_empty) {
        if (!stack_fault(f, false))
            return;
        x87_set_st(f, dst, fp80_indefinite());
        if (pop_after)
            x87_pop(f);
        return;
    }
    struct fp_unp a = fp_unpack(x87_st(f, dst));
    struct fp_env e = fp_env_make(f->cw);
    struct fp80 r;
    switch (op) {
    case X87_FADD:
        r = fp_add(&e, &a, src);
        break;
    case X87_FMUL:
        r = fp_mul(&e, &a, src);
        break;
    case X87_FSUB:
        r = fp_sub(&e, &a, src);
        break;
    case X87_FSUBR:
        r = fp_sub(&e, src, &a);
        break;
    case X87_FDIV:
        r = fp_div(&e, &a, src);
        break;
    default:
        r = fp_div(&e, src, &a);
        break;
    }
    x87_commit(f, &e, dst, r, pop_after);
}

void x87_compare(struct fpu_state *f, const struct fp_unp *src, bool is_src_empty, bool is_quiet,
                 unsigned pops)
{
    static const uint16_t cc_mask = FPSW_C3 | FPSW_C2 | FPSW_C1 | FPSW_C0;
    static const uint16_t unordered = FPSW_C3 | FPSW_C2 | FPSW_C0;
    if (x87_is_empty(f, 0) || is_src_empty) {
        bool is_masked = stack_fault(f, false);
        x87_set_cc(f, cc_mask, unordered);
        if (is_masked)
            while (pops--)
                x87_pop(f);
        return;
    }
    struct fp_unp a = fp_unpack(x87_st(f, 0));
    struct fp_env e = fp_env_make(f->cw);
    uint16_t cc = fp_compare(&e, &a, src, is_quiet);
    x87_raise(f, e.flags);
    x87_set_cc(f, cc_mask, cc);
    if (fp_env_blocked(&e))
        return;
    while (pops--)
        x87_pop(f);
}

void x87_unary(struct fpu_state *f, enum x87_unary op)
{
    if (x87_is_empty(f, 0)) {
        if (op == X87_FXAM) {
            /* Empty: C3 C2 C0 = 101, C1 the sign bit the register holds. */
            struct fp80 v = x87_st(f, 0);
            x87_set_cc(f, FPSW_CC, (uint16_t)(FPSW_C3 | FPSW_C0 | (fp80_sign(v) ? FPSW_C1 : 0)));
            return;
        }
        if (op == X87_FTST) {
            struct fp_unp zero = fp_unpack(fp80_zero(false));
            x87_compare(f, &zero, false, false, 0);
            return;
        }
        bool is_masked = stack_fault(f, false);
        if (op == X87_FSIN || op == X87_FCOS)
            x87_set_cc(f, FPSW_C2, 0);
        if (is_masked)
            x87_set_st(f, 0, fp80_indefinite());
        return;
    }
    struct fp80 v = x87_st(f, 0);
    struct fp_unp a = fp_unpack(v);
    struct fp_env e = fp_env_make(f->cw);
    struct fp80 r, unused;
    switch (op) {
    case X87_FCHS:
    case X87_FABS:
        v.sexp = op == X87_FCHS ? v.sexp ^ 0x8000 : v.sexp & 0x7fff;
        x87_set_st(f, 0, v);
        x87_set_c1(f, false);
        return;
    case X87_FTST: {
        struct fp_unp zero = fp_unpack(fp80_zero(false));
        x87_compare(f, &zero, false, false, 0);
        return;
    }
    case X87_FXAM:
        x87_set_cc(f, FPSW_CC, fp_examine(v));
        return;
    case X87_FSQRT:
        r = fp_sqrt(&e, &a);
        break;
    case X87_FRNDINT:
        r = fp_rndint(&e, &a);
        break;
    case X87_F2XM1:
        r = fp_f2xm1(&e, &a);
        break;
    default: {
        /* FSIN, FCOS: out of range leaves ST(0) and sets C2. */
        struct fp_env e2 = e;
        bool is_in_range = op == X87_FSIN ? fp_sincos(&e, &e2, &a, &r, &unused)
                                          : fp_sincos(&e2, &e, &a, &unused, &r);
        x87_set_cc(f, FPSW_C2, is_in_range ? 0 : FPSW_C2);
        if (!is_in_range) {
            x87_set_c1(f, false);               /* no result: C1 "cleared otherwise" */
            return;
        }
        break;
    }
    }
    x87_commit(f, &e, 0, r, 0);
}

void x87_binary(struct fpu_state *f, enum x87_binary op)
{
    bool writes_st1 = op == X87_FYL2X || op == X87_FYL2XP1 || op == X87_FPATAN;
    if (x87_is_empty(f, 0) || x87_is_empty(f, 1)) {
        bool is_masked = stack_fault(f, false);
        if (op == X87_FPREM || op == X87_FPREM1)
            x87_set_cc(f, FPSW_C2, 0);
        if (!is_masked)
            return;
        x87_set_st(f, writes_st1 ? 1 : 0, fp80_indefinite());
        if (writes_st1)
            x87_pop(f);
        return;
    }
    struct fp_unp a = fp_unpack(x87_st(f, 0)), b = fp_unpack(x87_st(f, 1));
    struct fp_env e = fp_env_make(f->cw);
    struct fp80 r;
    uint16_t cc = 0;
    switch (op) {
    case X87_FSCALE:
        r = fp_scale(&e, &a, &b);
        break;
    case X87_FPREM:
    case X87_FPREM1:
        r = fp_prem(&e, &a, &b, op == X87_FPREM1, &cc);
        x87_raise(f, e.flags);
        if (fp_env_blocked(&e)) {
            x87_set_cc(f, FPSW_C1 | FPSW_C2, 0);   /* no partial remainder */
            return;
        }
        x87_set_cc(f, FPSW_C0 | FPSW_C2 | FPSW_C3, cc);
        x87_set_st(f, 0, r);
        x87_set_c1(f, (cc & FPSW_C1) != 0);
        return;
    case X87_FYL2X:
        r = fp_yl2x(&e, &a, &b);
        break;
    case X87_FYL2XP1:
        r = fp_yl2xp1(&e, &a, &b);
        break;
    default:
        r = fp_atan2(&e, &b, &a);
        break;
    }
    if (writes_st1)
        x87_commit(f, &e, 1, r, 1);
    else
        x87_commit(f, &e, 0, r, 0);
}

void x87_push2(struct fpu_state *f, enum x87_push2 op)
{
    if (x87_is_empty(f, 0)) {
        bool is_masked = stack_fault(f, false);
        if (op != X87_FXTRACT)
            x87_set_cc(f, FPSW_C2, 0);
        if (is_masked) {
            x87_set_st(f, 0, fp80_indefinite());
            x87_push(f, fp80_indefinite());
        }
        return;
    }
    if (!x87_is_empty(f, 7)) {
        bool is_masked = stack_fault(f, true);
        if (op != X87_FXTRACT)
            x87_set_cc(f, FPSW_C2, 0);
        if (is_masked) {
            x87_set_st(f, 0, fp80_indefinite());
            x87_push(f, fp80_indefinite());
        }
        return;
    }
    struct fp_unp a = fp_unpack(x87_st(f, 0));
    struct fp_env e = fp_env_make(f->cw), e2 = fp_env_make(f->cw);
    struct fp80 r0, r1;
    bool c1;
    switch (op) {
    case X87_FPTAN:
        if (!fp_tan(&e, &a, &r0)) {
            x87_set_cc(f, FPSW_C1 | FPSW_C2, FPSW_C2);
            return;
        }
        r1 = fp_const(FPK_ONE, FP_RC_NEAREST);
        c1 = e.c1;
        break;
    case X87_FSINCOS:
        if (!fp_sincos(&e, &e2, &a, &r0, &r1)) {
            x87_set_cc(f, FPSW_C1 | FPSW_C2, FPSW_C2);
            return;
        }
        e.flags |= e2.flags;
        c1 = e2.c1;
        break;
    default:
        fp_xtract(&e, &a, &r0, &r1);
        c1 = false;
        break;
    }
    if (op != X87_FXTRACT)
        x87_set_cc(f, FPSW_C2, 0);
    x87_raise(f, e.flags);
    if (fp_env_blocked(&e)) {
        x87_set_c1(f, false);
        return;
    }
    /* A NaN operand gives the NaN in both places; FPTAN pushes 1.0 only
     * with a numeric result. */
    if (op == X87_FPTAN && fp80_classify(r0) >= FPC_QNAN)
        r1 = r0;
    x87_set_st(f, 0, r0);
    x87_push(f, r1);
    x87_set_c1(f, c1);
}

void x87_fxch(struct fpu_state *f, unsigned i)
{
    if (x87_is_empty(f, 0) || x87_is_empty(f, i)) {
        if (!stack_fault(f, false))
            return;
        if (x87_is_empty(f, 0))
            x87_set_st(f, 0, fp80_indefinite());
        if (x87_is_empty(f, i))
            x87_set_st(f, i, fp80_indefinite());
    } else {
        x87_set_c1(f, false);
    }
    struct fp80 t = x87_st(f, 0);
    x87_set_st(f, 0, x87_st(f, i));
    x87_set_st(f, i, t);
}

/* FFREEP (DF C0+i, undocumented by Intel, AMD's "free and pop") pops as
 * every x87 pop does: ST(0) is marked empty too (x87 difftest: the host's
 * x87 leaves both ST(i) and the old ST(0) empty). */
void x87_ffree(struct fpu_state *f, unsigned i, bool pop_after)
{
    x87_set_tag(f, x87_phys(f, i), X87_TAG_EMPTY);
    if (pop_after)
        x87_pop(f);
}

void x87_fincstp(struct fpu_state *f, int delta)
{
    x87_set_top(f, (unsigned)((int)x87_top(f) + delta));
    x87_set_c1(f, false);
}
