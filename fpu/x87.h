/* fpu/x87.h: the x87 instruction semantics on struct fpu_state, apart
 * from the CPU: the register stack and tags, stack overflow and underflow,
 * the masked and unmasked responses to the six exceptions, the condition
 * codes, and the environment/state images of FLDENV FSTENV FSAVE FRSTOR
 * (Intel SDM Vol. 1, chapter 8; Vol. 2, the x87 instruction pages).
 * cpu/exec_x87.c decodes, checks CR0, fetches memory operands and calls
 * these; each call is one instruction and commits everything it changes.
 * Memory results come back as little-endian bytes for the caller to write
 * (after it has checked that the write cannot fault). */
#ifndef VIREO_FPU_X87_H
#define VIREO_FPU_X87_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cpu/fpu_state.h"
#include "fpu/fp80.h"

/* Tag values (SDM Vol. 1, 8.1.7). */
enum { X87_TAG_VALID, X87_TAG_ZERO, X87_TAG_SPECIAL, X87_TAG_EMPTY };

static inline unsigned x87_top(const struct fpu_state *f)
{
    return (f->sw >> FPSW_TOP_SHIFT) & 7;
}

/* The physical register number of ST(i). */
static inline unsigned x87_phys(const struct fpu_state *f, unsigned i)
{
    return (x87_top(f) + i) & 7;
}

static inline unsigned x87_tag(const struct fpu_state *f, unsigned phys)
{
    return (f->tw >> (2 * phys)) & 3;
}

static inline bool x87_is_empty(const struct fpu_state *f, unsigned i)
{
    return x87_tag(f, x87_phys(f, i)) == X87_TAG_EMPTY;
}

static inline struct fp80 x87_st(const struct fpu_state *f, unsigned i)
{
    return f->st[x87_phys(f, i)];
}

/* The tag a register holding v gets: valid for a normal value, zero for
 * +-0, special for NaNs, infinities, denormals and unsupported formats. */
static inline unsigned x87_tag_for(struct fp80 v)
{
    if (fp80_is_normal(v))
        return X87_TAG_VALID;
    if ((v.sexp & 0x7fff) == 0 && v.mant == 0)
        return X87_TAG_ZERO;
    return X87_TAG_SPECIAL;
}

/* ---- State updates, shared with fpu/x87_fast.h ---- */

static inline void x87_set_tag(struct fpu_state *f, unsigned phys, unsigned tag)
{
    f->tw = (uint16_t)((f->tw & ~(3u << (2 * phys))) | (tag << (2 * phys)));
}

/* ST(i) = v, tagged by its contents. */
static inline void x87_set_st(struct fpu_state *f, unsigned i, struct fp80 v)
{
    unsigned p = x87_phys(f, i);
    f->st[p] = v;
    x87_set_tag(f, p, x87_tag_for(v));
}

static inline void x87_set_top(struct fpu_state *f, unsigned top)
{
    f->sw = (uint16_t)((f->sw & ~FPSW_TOP) | ((top & 7) << FPSW_TOP_SHIFT));
}

static inline void x87_pop(struct fpu_state *f)
{
    x87_set_tag(f, x87_phys(f, 0), X87_TAG_EMPTY);
    x87_set_top(f, x87_top(f) + 1);
}

static inline void x87_push(struct fpu_state *f, struct fp80 v)
{
    x87_set_top(f, x87_top(f) - 1);
    x87_set_st(f, 0, v);
}

static inline void x87_set_c1(struct fpu_state *f, bool c1)
{
    f->sw = (uint16_t)(c1 ? f->sw | FPSW_C1 : f->sw & ~FPSW_C1);
}

static inline void x87_set_cc(struct fpu_state *f, uint16_t mask, uint16_t cc)
{
    f->sw = (uint16_t)((f->sw & ~mask) | (cc & mask));
}

/* Raise exception flags: sticky bits, SF, and ES/B if any flag now set is
 * unmasked (also one set before: the check is made on every raise). */
static inline void x87_raise(struct fpu_state *f, uint16_t flags)
{
    f->sw |= flags & (FPX_MASKABLE | FPX_SF);
    if (f->sw & ~f->cw & FPX_MASKABLE)
        f->sw |= FPSW_ES | FPSW_B;
}

/* Store one result into ST(dst) and pop `pops` times, unless an unmasked
 * IE, DE or ZE blocked it. */
static inline void x87_commit(struct fpu_state *f, const struct fp_env *e, unsigned dst,
                              struct fp80 r, unsigned pops)
{
    x87_raise(f, e->flags);
    if (fp_env_blocked(e)) {
        x87_set_c1(f, false);                   /* no result, not rounded up */
        return;
    }
    x87_set_st(f, dst, r);
    x87_set_c1(f, e->c1);
    while (pops--)
        x87_pop(f);
}

/* ---- Control ---- */

void x87_power_on(struct fpu_state *f);     /* RESET: CW 0040h, TW 5555h, registers +0 */
void x87_finit(struct fpu_state *f);        /* FNINIT */
void x87_fclex(struct fpu_state *f);        /* FNCLEX */
void x87_fldcw(struct fpu_state *f, uint16_t cw);
/* Set ES and B from the flags and masks (after FLDCW, FLDENV, FRSTOR). */
void x87_update_es(struct fpu_state *f);

/* ---- Loads (push) ---- */

/* FLD m32/m64, FILD, FBLD: v from fp_unpack_f32/f64/int/bcd. */
void x87_fld(struct fpu_state *f, const struct fp_unp *v);
void x87_fld_m80(struct fpu_state *f, struct fp80 v);
void x87_fld_sti(struct fpu_state *f, unsigned i);
void x87_fld_const(struct fpu_state *f, enum fp_const k);

/* ---- Stores ---- */

enum x87_mfmt { X87_M32F, X87_M64F, X87_M80F, X87_M16I, X87_M32I, X87_M64I, X87_M80BCD };
static inline unsigned x87_mfmt_size(enum x87_mfmt fmt)
{
    static const uint8_t size[] = {
        [X87_M32F] = 4, [X87_M64F] = 8, [X87_M80F] = 10, [X87_M16I] = 2,
        [X87_M32I] = 4, [X87_M64I] = 8, [X87_M80BCD] = 10,
    };
    return size[fmt];
}
/* FST/FSTP/FIST/FISTP/FBSTP to memory: fills out[] and returns true when
 * the memory must be written; pops (if asked) unless an unmasked exception
 * blocked the store. */
bool x87_fst(struct fpu_state *f, enum x87_mfmt fmt, uint8_t out[10], bool pop);
void x87_fst_sti(struct fpu_state *f, unsigned i, bool pop);
void x87_fcmov(struct fpu_state *f, unsigned i, bool cond);    /* FCMOVcc (P6) */

/* ---- Arithmetic ---- */

/* The D8 group order (ModRM reg): ADD MUL COM COMP SUB SUBR DIV DIVR. */
enum x87_arith {
    X87_FADD, X87_FMUL, X87_FCOM, X87_FCOMP, X87_FSUB, X87_FSUBR, X87_FDIV, X87_FDIVR,
};
/* ST(dst) = ST(dst) op src (SUBR/DIVR: src op ST(dst)); src is ST(i) or
 * a memory operand already unpacked; is_src_empty for an empty ST(i). */
void x87_arith(struct fpu_state *f, enum x87_arith op, unsigned dst, const struct fp_unp *src,
               bool is_src_empty, bool pop);
/* FCOM/FCOMP/FCOMPP, FUCOM*, FICOM*, FTST: compare ST(0) with src. */
void x87_compare(struct fpu_state *f, const struct fp_unp *src, bool is_src_empty, bool is_quiet,
                 unsigned pops);

enum x87_unary { X87_FCHS, X87_FABS, X87_FSQRT, X87_FRNDINT, X87_F2XM1, X87_FSIN, X87_FCOS,
                 X87_FTST, X87_FXAM };
void x87_unary(struct fpu_state *f, enum x87_unary op);

/* Two-operand instructions on ST(0) and ST(1): FSCALE, FPREM and FPREM1
 * write ST(0); FYL2X, FYL2XP1 and FPATAN write ST(1) and pop. */
enum x87_binary { X87_FSCALE, X87_FPREM, X87_FPREM1, X87_FYL2X, X87_FYL2XP1, X87_FPATAN };
void x87_binary(struct fpu_state *f, enum x87_binary op);

/* Replace ST(0) and push a second result. */
enum x87_push2 { X87_FPTAN, X87_FSINCOS, X87_FXTRACT };
void x87_push2(struct fpu_state *f, enum x87_push2 op);

void x87_fxch(struct fpu_state *f, unsigned i);
void x87_ffree(struct fpu_state *f, unsigned i, bool pop);
void x87_fincstp(struct fpu_state *f, int delta);   /* +1 FINCSTP, -1 FDECSTP */

/* ---- Environment and state images (SDM Vol. 1, Figures 8-9 to 8-12) ---- */

enum x87_env_fmt { X87_ENV_REAL16, X87_ENV_PROT16, X87_ENV_REAL32, X87_ENV_PROT32 };
static inline unsigned x87_env_size(enum x87_env_fmt fmt)
{
    return fmt == X87_ENV_REAL16 || fmt == X87_ENV_PROT16 ? 14 : 28;
}
/* FSAVE/FRSTOR image: the environment, then ST(0)..ST(7), 10 bytes each. */
static inline unsigned x87_state_size(enum x87_env_fmt fmt)
{
    return x87_env_size(fmt) + 80;
}
/* The image of the environment; tags are recomputed from the contents. */
void x87_env_store(const struct fpu_state *f, enum x87_env_fmt fmt, uint8_t *out);
void x87_env_load(struct fpu_state *f, enum x87_env_fmt fmt, const uint8_t *in);
void x87_state_store(const struct fpu_state *f, enum x87_env_fmt fmt, uint8_t *out);
void x87_state_load(struct fpu_state *f, enum x87_env_fmt fmt, const uint8_t *in);

/* ---- FXSAVE/FXRSTOR image (SDM Vol. 2, FXSAVE, the non-64-bit layout) ----
 * Bytes 0-159 of the 512-byte area: FCW, FSW, the abridged tag byte, FOP,
 * FIP, FCS, FDP, FDS, MXCSR and MXCSR_MASK, then ST(0)..ST(7) in 16-byte
 * slots.  A processor without SSE (the Pentium II) has no MXCSR and no XMM
 * registers: MXCSR and MXCSR_MASK store as 0, FXRSTOR ignores them, and
 * bytes 160-511 are neither written nor used. */
#define X87_FXSAVE_AREA 512         /* the memory operand */
#define X87_FXSAVE_USED 160         /* the bytes this FPU stores */
void x87_fxsave_store(const struct fpu_state *f, uint8_t out[X87_FXSAVE_USED]);
/* Loads everything; tags: "empty" from the abridged byte, the others from
 * the registers' contents (as FRSTOR does); ES and B follow the flags. */
void x87_fxrstor_load(struct fpu_state *f, const uint8_t in[X87_FXSAVE_USED]);

/* ---- Debugger ---- */

/* The value as a decimal approximation ("-1.234567890123456789e+0012",
 * "+inf", "qnan", ...), computed with integer arithmetic only. */
void x87_format_decimal(struct fp80 v, char *buf, size_t size);
/* The debugger's `fpu` command: stack, control/status/tag words decoded,
 * last instruction and operand pointers and opcode.  Returns the length
 * written (truncated to size - 1). */
size_t x87_dump(const struct fpu_state *f, char *buf, size_t size);

#endif
