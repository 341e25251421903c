/* tests/unit/test_fpu_vectors.c: every x87 instruction family against the
 * vectors a real x86 FPU produced (tests/unit/fpu_vectors.inc, made by
 * tests/fpu_gen/gen_host.c): status word (flags, condition codes, TOP),
 * tag word, ST(0)-ST(2) and the memory result must match bit for bit.
 * The starting state goes in through x87_state_load (FRSTOR's image) and
 * comes out through x87_state_store (FNSAVE's), as on the host. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fpu/x87.h"
#include "tests/unit/fpu_vec.h"
#include "util/le.h"

static const struct fpu_vec vectors[] = {
#include "tests/unit/fpu_vectors.inc"
};

static const char *const op_names[VOP_COUNT] = {
#define NAME(n) #n,
    FPU_VEC_OPS(NAME)
#undef NAME
};

static struct fp_unp st_unp(const struct fpu_state *f, unsigned i)
{
    return fp_unpack(x87_st(f, i));
}

/* Run one vector's instruction; mem[] is the 10-byte memory operand. */
static void run_op(struct fpu_state *f, unsigned op, uint8_t mem[10])
{
    struct fp_unp s0 = st_unp(f, 0), s1 = st_unp(f, 1), m;
    bool e0 = x87_is_empty(f, 0), e1 = x87_is_empty(f, 1);
    uint8_t out[10];
    bool is_written = false;
    enum x87_mfmt fmt = X87_M32F;
    bool is_pop = false;
    switch (op) {
    case VOP_FADD_ST1: x87_arith(f, X87_FADD, 0, &s1, e1, false); return;
    case VOP_FSUB_ST1: x87_arith(f, X87_FSUB, 0, &s1, e1, false); return;
    case VOP_FSUBR_ST1: x87_arith(f, X87_FSUBR, 0, &s1, e1, false); return;
    case VOP_FMUL_ST1: x87_arith(f, X87_FMUL, 0, &s1, e1, false); return;
    case VOP_FDIV_ST1: x87_arith(f, X87_FDIV, 0, &s1, e1, false); return;
    case VOP_FDIVR_ST1: x87_arith(f, X87_FDIVR, 0, &s1, e1, false); return;
    case VOP_FADDP: x87_arith(f, X87_FADD, 1, &s0, e0, true); return;
    case VOP_FSUBP: x87_arith(f, X87_FSUB, 1, &s0, e0, true); return;
    case VOP_FSUBRP: x87_arith(f, X87_FSUBR, 1, &s0, e0, true); return;
    case VOP_FMULP: x87_arith(f, X87_FMUL, 1, &s0, e0, true); return;
    case VOP_FDIVP: x87_arith(f, X87_FDIV, 1, &s0, e0, true); return;
    case VOP_FDIVRP: x87_arith(f, X87_FDIVR, 1, &s0, e0, true); return;
    case VOP_FADD_M32:
        m = fp_unpack_f32(load_le32(mem));
        x87_arith(f, X87_FADD, 0, &m, false, false);
        return;
    case VOP_FMUL_M64:
        m = fp_unpack_f64(load_le64(mem));
        x87_arith(f, X87_FMUL, 0, &m, false, false);
        return;
    case VOP_FSUBR_M32:
        m = fp_unpack_f32(load_le32(mem));
        x87_arith(f, X87_FSUBR, 0, &m, false, false);
        return;
    case VOP_FDIV_M64:
        m = fp_unpack_f64(load_le64(mem));
        x87_arith(f, X87_FDIV, 0, &m, false, false);
        return;
    case VOP_FCOM_M64:
        m = fp_unpack_f64(load_le64(mem));
        x87_compare(f, &m, false, false, 0);
        return;
    case VOP_FIADD_M16:
        m = fp_unpack_int((int16_t)load_le16(mem));
        x87_arith(f, X87_FADD, 0, &m, false, false);
        return;
    case VOP_FIDIVR_M32:
        m = fp_unpack_int((int32_t)load_le32(mem));
        x87_arith(f, X87_FDIVR, 0, &m, false, false);
        return;
    case VOP_FICOM_M16:
        m = fp_unpack_int((int16_t)load_le16(mem));
        x87_compare(f, &m, false, false, 0);
        return;
    case VOP_FCOM: x87_compare(f, &s1, e1, false, 0); return;
    case VOP_FCOMP: x87_compare(f, &s1, e1, false, 1); return;
    case VOP_FCOMPP: x87_compare(f, &s1, e1, false, 2); return;
    case VOP_FUCOM: x87_compare(f, &s1, e1, true, 0); return;
    case VOP_FUCOMP: x87_compare(f, &s1, e1, true, 1); return;
    case VOP_FUCOMPP: x87_compare(f, &s1, e1, true, 2); return;
    case VOP_FTST: x87_unary(f, X87_FTST); return;
    case VOP_FXAM: x87_unary(f, X87_FXAM); return;
    case VOP_FCHS: x87_unary(f, X87_FCHS); return;
    case VOP_FABS: x87_unary(f, X87_FABS); return;
    case VOP_FSQRT: x87_unary(f, X87_FSQRT); return;
    case VOP_FRNDINT: x87_unary(f, X87_FRNDINT); return;
    case VOP_FSCALE: x87_binary(f, X87_FSCALE); return;
    case VOP_FPREM: x87_binary(f, X87_FPREM); return;
    case VOP_FPREM1: x87_binary(f, X87_FPREM1); return;
    case VOP_FXTRACT: x87_push2(f, X87_FXTRACT); return;
    case VOP_FXCH: x87_fxch(f, 1); return;
    case VOP_FLD_ST1: x87_fld_sti(f, 1); return;
    case VOP_FST_ST1: x87_fst_sti(f, 1, false); return;
    case VOP_FSTP_ST1: x87_fst_sti(f, 1, true); return;
    case VOP_FINCSTP: x87_fincstp(f, 1); return;
    case VOP_FDECSTP: x87_fincstp(f, -1); return;
    case VOP_FFREE_ST1: x87_ffree(f, 1, false); return;
    case VOP_FLD_M32:
        m = fp_unpack_f32(load_le32(mem));
        x87_fld(f, &m);
        return;
    case VOP_FLD_M64:
        m = fp_unpack_f64(load_le64(mem));
        x87_fld(f, &m);
        return;
    case VOP_FLD_M80: x87_fld_m80(f, fp80_make(load_le16(mem + 8), load_le64(mem))); return;
    case VOP_FILD_M16:
        m = fp_unpack_int((int16_t)load_le16(mem));
        x87_fld(f, &m);
        return;
    case VOP_FILD_M32:
        m = fp_unpack_int((int32_t)load_le32(mem));
        x87_fld(f, &m);
        return;
    case VOP_FILD_M64:
        m = fp_unpack_int((int64_t)load_le64(mem));
        x87_fld(f, &m);
        return;
    case VOP_FBLD:
        m = fp_unpack_bcd(mem);
        x87_fld(f, &m);
        return;
    case VOP_FST_M32: fmt = X87_M32F; break;
    case VOP_FSTP_M64: fmt = X87_M64F; is_pop = true; break;
    case VOP_FSTP_M80: fmt = X87_M80F; is_pop = true; break;
    case VOP_FIST_M16: fmt = X87_M16I; break;
    case VOP_FIST_M32: fmt = X87_M32I; break;
    case VOP_FISTP_M64: fmt = X87_M64I; is_pop = true; break;
    case VOP_FBSTP: fmt = X87_M80BCD; is_pop = true; break;
    case VOP_FLD1: x87_fld_const(f, FPK_ONE); return;
    case VOP_FLDL2T: x87_fld_const(f, FPK_L2T); return;
    case VOP_FLDL2E: x87_fld_const(f, FPK_L2E); return;
    case VOP_FLDPI: x87_fld_const(f, FPK_PI); return;
    case VOP_FLDLG2: x87_fld_const(f, FPK_LG2); return;
    case VOP_FLDLN2: x87_fld_const(f, FPK_LN2); return;
    case VOP_FLDZ: x87_fld_const(f, FPK_ZERO); return;
    case VOP_FSIN: x87_unary(f, X87_FSIN); return;
    case VOP_FCOS: x87_unary(f, X87_FCOS); return;
    case VOP_FSINCOS: x87_push2(f, X87_FSINCOS); return;
    case VOP_FPTAN: x87_push2(f, X87_FPTAN); return;
    case VOP_FPATAN: x87_binary(f, X87_FPATAN); return;
    case VOP_F2XM1: x87_unary(f, X87_F2XM1); return;
    case VOP_FYL2X: x87_binary(f, X87_FYL2X); return;
    case VOP_FYL2XP1: x87_binary(f, X87_FYL2XP1); return;
    default: ck_abort_msg("unknown op %u", op);
    }
    is_written = x87_fst(f, fmt, out, is_pop);
    if (is_written)
        memcpy(mem, out, x87_mfmt_size(fmt));
}

/* Run vector v; returns true if everything matches, else describes it. */
static bool check_vector(const struct fpu_vec *v, char *why, size_t why_size)
{
    uint8_t img[108], mem[10];
    memset(img, 0, sizeof img);
    store_le16(img + 0, v->cw);
    store_le16(img + 4, v->sw);
    store_le16(img + 8, v->tw);
    for (unsigned i = 0; i < 8; i++) {
        uint16_t se = i == 0 ? v->a_se : i == 1 ? v->b_se : FPU_VEC_FILL_SE(i);
        uint64_t m = i == 0 ? v->a_m : i == 1 ? v->b_m : FPU_VEC_FILL_M(i);
        store_le64(img + 28 + 10 * i, m);
        store_le16(img + 28 + 10 * i + 8, se);
    }
    store_le64(mem, v->mem_lo);
    store_le16(mem + 8, v->mem_hi);
    struct fpu_state f;
    memset(&f, 0, sizeof f);
    x87_state_load(&f, X87_ENV_PROT32, img);
    run_op(&f, v->op, mem);
    x87_state_store(&f, X87_ENV_PROT32, img);
    uint16_t sw = load_le16(img + 4), tw = load_le16(img + 8);
    bool ok = sw == v->sw_out && tw == v->tw_out && load_le64(mem) == v->mem_out_lo &&
              load_le16(mem + 8) == v->mem_out_hi;
    for (unsigned i = 0; i < 3; i++)
        ok = ok && load_le16(img + 28 + 10 * i + 8) == v->r_se[i] &&
             load_le64(img + 28 + 10 * i) == v->r_m[i];
    if (!ok)
        snprintf(why, why_size,
                 "%s cw=%04x sw=%04x tw=%04x a=%04x:%016llx b=%04x:%016llx mem=%04x:%016llx\n"
                 "   want sw=%04x tw=%04x st0=%04x:%016llx st1=%04x:%016llx st2=%04x:%016llx "
                 "mem=%04x:%016llx\n"
                 "   got  sw=%04x tw=%04x st0=%04x:%016llx st1=%04x:%016llx st2=%04x:%016llx "
                 "mem=%04x:%016llx",
                 op_names[v->op], v->cw, v->sw, v->tw, v->a_se, (unsigned long long)v->a_m,
                 v->b_se, (unsigned long long)v->b_m, v->mem_hi, (unsigned long long)v->mem_lo,
                 v->sw_out, v->tw_out, v->r_se[0], (unsigned long long)v->r_m[0], v->r_se[1],
                 (unsigned long long)v->r_m[1], v->r_se[2], (unsigned long long)v->r_m[2],
                 v->mem_out_hi, (unsigned long long)v->mem_out_lo, sw, tw,
                 load_le16(img + 28 + 8), (unsigned long long)load_le64(img + 28),
                 load_le16(img + 38 + 8), (unsigned long long)load_le64(img + 38),
                 load_le16(img + 48 + 8), (unsigned long long)load_le64(img + 48),
                 load_le16(mem + 8), (unsigned long long)load_le64(mem));
    return ok;
}

START_TEST(op_matches_hardware)                     /* _i = enum fpu_vec_op */
{
    unsigned total = 0, bad = 0;
    char why[1024];
    for (size_t k = 0; k < sizeof vectors / sizeof vectors[0]; k++) {
        if (vectors[k].op != _i)
            continue;
        total++;
        if (!check_vector(&vectors[k], why, sizeof why)) {
            if (bad < 8)
                fprintf(stderr, "%s\n", why);
            bad++;
        }
    }
    ck_assert_msg(total > 0, "no vectors for %s", op_names[_i]);
    ck_assert_msg(bad == 0, "%s: %u of %u vectors differ", op_names[_i], bad, total);
}
END_TEST

static Suite *fpu_vectors_suite(void)
{
    Suite *s = suite_create("fpu_vectors");
    TCase *tc = tcase_create("hardware");
    tcase_add_loop_test(tc, op_matches_hardware, 0, VOP_COUNT);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fpu_vectors_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
