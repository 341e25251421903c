/* tests/unit/fpu_vec.h: instruction-level x87 test vectors.  Each vector
 * is a starting state (control word, status word with TOP, tag word, ST(0)
 * and ST(1); ST(2)-ST(7) hold FPU_VEC_FILL(i)), one instruction with an
 * optional memory operand, and the resulting status word, tag word, ST(0)
 * to ST(2) and memory result.  tests/fpu_gen/gen_host.c produced the
 * vectors in fpu_vectors.inc by running each instruction on the host's own
 * x87 (ground truth: a real x86 FPU); they are data, not code. */
#ifndef VIREO_TESTS_FPU_VEC_H
#define VIREO_TESTS_FPU_VEC_H

#include <stdint.h>

#define FPU_VEC_OPS(X) \
    X(FADD_ST1) X(FSUB_ST1) X(FSUBR_ST1) X(FMUL_ST1) X(FDIV_ST1) X(FDIVR_ST1) \
    X(FADDP) X(FSUBP) X(FSUBRP) X(FMULP) X(FDIVP) X(FDIVRP) \
    X(FADD_M32) X(FMUL_M64) X(FSUBR_M32) X(FDIV_M64) X(FCOM_M64) X(FIADD_M16) \
    X(FIDIVR_M32) X(FICOM_M16) \
    X(FCOM) X(FCOMP) X(FCOMPP) X(FUCOM) X(FUCOMP) X(FUCOMPP) X(FTST) X(FXAM) \
    X(FCHS) X(FABS) X(FSQRT) X(FRNDINT) X(FSCALE) X(FPREM) X(FPREM1) X(FXTRACT) \
    X(FXCH) X(FLD_ST1) X(FST_ST1) X(FSTP_ST1) X(FINCSTP) X(FDECSTP) X(FFREE_ST1) \
    X(FLD_M32) X(FLD_M64) X(FLD_M80) X(FILD_M16) X(FILD_M32) X(FILD_M64) X(FBLD) \
    X(FST_M32) X(FSTP_M64) X(FSTP_M80) X(FIST_M16) X(FIST_M32) X(FISTP_M64) X(FBSTP) \
    X(FLD1) X(FLDL2T) X(FLDL2E) X(FLDPI) X(FLDLG2) X(FLDLN2) X(FLDZ) \
    X(FSIN) X(FCOS) X(FSINCOS) X(FPTAN) X(FPATAN) X(F2XM1) X(FYL2X) X(FYL2XP1)

enum fpu_vec_op {
#define FPU_VEC_ENUM(name) VOP_##name,
    FPU_VEC_OPS(FPU_VEC_ENUM)
#undef FPU_VEC_ENUM
    VOP_COUNT
};

struct fpu_vec {
    uint8_t op;                 /* enum fpu_vec_op */
    uint16_t cw, sw, tw;        /* before */
    uint16_t a_se, b_se;        /* ST(0), ST(1) before: sign/exponent */
    uint64_t a_m, b_m;          /*   and significand */
    uint64_t mem_lo;            /* memory operand, little-endian bytes 0-7 */
    uint16_t mem_hi;            /*   and bytes 8-9 */
    uint16_t sw_out, tw_out;    /* after */
    uint16_t r_se[3];           /* ST(0)-ST(2) after */
    uint64_t r_m[3];
    uint64_t mem_out_lo;        /* memory after (the operand's bytes) */
    uint16_t mem_out_hi;
};

/* The contents of ST(i), i = 2..7, before every vector. */
#define FPU_VEC_FILL_SE(i) ((uint16_t)(0x4000 + (i)))
#define FPU_VEC_FILL_M(i) (0xa000000000000000ull | (uint64_t)(i))

#endif
