/* tests/unit/test_fpu_fast.c: fpu/x87_fast.h against the general x87
 * functions it stands in for.  Every fast path must either leave the FPU
 * exactly as the general function does (all registers, tags, status and
 * control words, and any memory image) or decline and change nothing.
 * Operands come from generators that favour the edges: exponents at the
 * ends of the extended, binary64 and binary32 ranges, significands at and
 * beside the 24-, 53- and 64-bit rounding points (ties, one ulp either
 * side), denormals, zeros, specials and unsupported encodings, under every
 * precision and rounding control, with and without unmasked exceptions and
 * pending flags.  Then the edges one by one: each fast path's last case it
 * takes and first case it declines. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fpu/x87_fast.h"
#include "util/le.h"

/* ---- Generators ---- */

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static unsigned pick(unsigned n)
{
    return (unsigned)(next() % n);
}

/* Biased exponents (sign added separately) where something changes. */
static const uint16_t edge_exps[] = {
    0x0000, 0x0001, 0x0002, 0x003f, 0x0040, 0x0041,      /* extended denormals, min normal */
    0x3bcd, 0x3bce, 0x3bcf, 0x3c00, 0x3c01, 0x3c02,      /* binary64 denormals, min normal */
    0x43fe, 0x43ff, 0x4400,                              /* binary64 max, overflow */
    0x3f69, 0x3f6a, 0x3f80, 0x3f81, 0x407e, 0x407f,      /* binary32 ends */
    0x3ffe, 0x3fff, 0x4000, 0x401d, 0x401e, 0x403e,      /* 1, 2^31, 2^63 */
    0x400d, 0x400e, 0x400f,                              /* 2^15 */
    0x7ffd, 0x7ffe, 0x7fff,                              /* max finite, specials */
    0x1fff, 0x2000, 0x5ffe, 0x5fff,                      /* products and quotients reach the ends */
};

/* Significands beside the rounding points of 24, 53 and 64 bits. */
static uint64_t edge_mant(void)
{
    static const unsigned sh[] = { 0, 11, 40 };
    uint64_t top = 1ull << 63, m;
    unsigned s = sh[pick(3)];
    switch (pick(9)) {
    case 0: m = top; break;                                 /* a power of two */
    case 1: m = ~0ull; break;                               /* all ones */
    case 2: m = top | (s ? 1ull << (s - 1) : 0); break;     /* a tie at s (64: exact) */
    case 3: m = (next() | top) & ~((1ull << s) - 1); break; /* exact at s */
    case 4: m = ((next() | top) & ~((1ull << s) - 1)) | (s ? 1ull << (s - 1) : 0); break;
    case 5: m = ((next() | top) | ((1ull << s) - 1)); break;  /* just below a point */
    case 6: m = (next() | top) & ~((2ull << s) - 1); break;   /* even, exact */
    case 7: m = next() >> pick(64); break;                   /* unnormal or denormal */
    default: m = next() | top; break;
    }
    return m;
}

static struct fp80 gen_fp80(void)
{
    uint16_t sign = pick(2) ? 0x8000 : 0;
    uint16_t exp = pick(4) ? edge_exps[pick(sizeof edge_exps / sizeof edge_exps[0])]
                           : (uint16_t)(0x3f00 + pick(0x200));
    uint64_t m = edge_mant();
    if (exp != 0 && exp != 0x7fff && pick(8) != 0)
        m |= 1ull << 63;                                    /* mostly normal encodings */
    if (pick(32) == 0) {
        exp = 0;
        m = 0;                                              /* a zero */
    }
    return fp80_make((uint16_t)(sign | exp), m);
}

/* Control words: every PC and RC, some exceptions unmasked. */
static uint16_t gen_cw(void)
{
    static const uint16_t masks[] = { 0x3f, 0x3f, 0x3f, 0x1f, 0x27, 0x37, 0x00, 0x3e };
    return (uint16_t)(0x0040 | pick(4) << 8 | pick(4) << 10 | masks[pick(8)]);
}

/* A whole state: random TOP and contents, some registers empty, sometimes
 * flags (even unmasked ones without ES, as an image may load them). */
static struct fpu_state gen_state(void)
{
    struct fpu_state f;
    memset(&f, 0, sizeof f);
    f.cw = gen_cw();
    f.sw = (uint16_t)(pick(8) << FPSW_TOP_SHIFT);
    if (pick(4) == 0)
        f.sw |= (uint16_t)(next() & (FPX_MASKABLE | FPX_SF | FPSW_CC));
    for (unsigned i = 0; i < 8; i++) {
        f.st[i] = gen_fp80();
        unsigned tag = pick(6) == 0 ? X87_TAG_EMPTY : x87_tag_for(f.st[i]);
        if (pick(50) == 0)
            tag = pick(4);                                  /* as MMX leaves them */
        f.tw = (uint16_t)(f.tw | tag << (2 * i));
    }
    f.fop = 0x123;
    f.fip = 0x4567;
    return f;
}

/* A memory operand for the arithmetic, loads and compares. */
static struct fp_unp gen_operand(void)
{
    switch (pick(4)) {
    case 0: {
        struct fp80 v = gen_fp80();
        uint64_t bits = (uint64_t)(v.sexp >> 15) << 63 | (uint64_t)pick(0x800) << 52 |
                        (v.mant >> 11 & 0xfffffffffffffull);
        if (pick(2))
            bits = (bits & 0x800fffffffffffffull) |
                   (uint64_t)(((v.sexp & 0x7fff) - 0x3c00) & 0x7ff) << 52;
        return fp_unpack_f64(bits);
    }
    case 1:
        return fp_unpack_f32((uint32_t)next());
    case 2:
        return fp_unpack_int(pick(2) ? (int16_t)next() : (int32_t)next());
    default:
        return fp_unpack(gen_fp80());
    }
}

/* ---- Comparison ---- */

static bool same_state(const struct fpu_state *a, const struct fpu_state *b)
{
    for (unsigned i = 0; i < 8; i++)
        if (a->st[i].sexp != b->st[i].sexp || a->st[i].mant != b->st[i].mant)
            return false;
    return a->cw == b->cw && a->sw == b->sw && a->tw == b->tw && a->fop == b->fop &&
           a->fip == b->fip && a->fdp == b->fdp && a->fcs == b->fcs && a->fds == b->fds;
}

static void show(const char *what, const struct fpu_state *f)
{
    fprintf(stderr, "%s: cw %04x sw %04x tw %04x", what, f->cw, f->sw, f->tw);
    for (unsigned i = 0; i < 8; i++)
        fprintf(stderr, " %04x:%016llx", f->st[i].sexp, (unsigned long long)f->st[i].mant);
    fprintf(stderr, "\n");
}

/* The outcome of one fast call against the general one; counts takes. */
static unsigned taken, declined;

static void check(const char *name, bool is_fast, const struct fpu_state *before,
                  const struct fpu_state *fast, const struct fpu_state *general,
                  const uint8_t *fast_mem, const uint8_t *general_mem, unsigned mem_size)
{
    bool ok;
    if (is_fast) {
        taken++;
        ok = same_state(fast, general) &&
             (mem_size == 0 || memcmp(fast_mem, general_mem, mem_size) == 0);
    } else {
        declined++;
        ok = same_state(fast, before);
    }
    if (!ok) {
        fprintf(stderr, "%s: the fast path %s\n", name,
                is_fast ? "differs from the general one" : "declined but changed the state");
        show("before ", before);
        show("fast   ", fast);
        show("general", general);
        ck_abort_msg("%s", name);
    }
}

#define ROUNDS 100000

/* ---- The differential tests ---- */

START_TEST(arith_as_general)
{
    for (int k = 0; k < ROUNDS; k++) {
        struct fpu_state before = gen_state(), f = before, g = before;
        enum x87_arith op = (enum x87_arith)pick(8);
        unsigned dst = pick(8);
        bool is_mem = pick(2), is_pop = !is_mem && pick(2);
        struct fp_unp src;
        bool is_src_empty = false;
        if (is_mem) {
            src = gen_operand();
            dst = 0;
        } else {
            unsigned i = dst == 0 ? pick(8) : 0;            /* ST(0) op ST(i) or the reverse */
            src = fp_unpack(x87_st(&before, i));
            is_src_empty = x87_is_empty(&before, i);
        }
        bool is_fast = x87_fast_arith(&f, op, dst, &src, is_src_empty, is_pop);
        x87_arith(&g, op, dst, &src, is_src_empty, is_pop);
        check("arith", is_fast, &before, &f, &g, NULL, NULL, 0);
    }
    ck_assert_uint_gt(taken, ROUNDS / 8);
    ck_assert_uint_gt(declined, ROUNDS / 8);
}
END_TEST

START_TEST(compare_as_general)
{
    for (int k = 0; k < ROUNDS; k++) {
        struct fpu_state before = gen_state(), f = before, g = before;
        unsigned pops = pick(3), i = pick(8);
        bool is_quiet = pick(2), is_src_empty = false;
        struct fp_unp src;
        if (pick(2)) {
            src = gen_operand();
        } else {
            src = fp_unpack(x87_st(&before, i));
            is_src_empty = x87_is_empty(&before, i);
        }
        bool is_fast = x87_fast_compare(&f, &src, is_src_empty, pops);
        x87_compare(&g, &src, is_src_empty, is_quiet, pops);
        check("compare", is_fast, &before, &f, &g, NULL, NULL, 0);
    }
    ck_assert_uint_gt(taken, ROUNDS / 8);
}
END_TEST

START_TEST(loads_as_general)
{
    for (int k = 0; k < ROUNDS; k++) {
        struct fpu_state before = gen_state(), f = before, g = before;
        bool is_fast;
        switch (pick(4)) {
        case 3: {                                       /* FLD1 ... FLDZ, as exec_x87 calls it */
            enum fp_const c = (enum fp_const)pick(7);
            is_fast = x87_fast_fld_reg(&f, fp_const(c, fp_rc(f.cw)));
            x87_fld_const(&g, c);
            break;
        }
        case 0: {                                       /* FLD m32/m64, FILD */
            struct fp_unp v = gen_operand();
            is_fast = x87_fast_fld(&f, &v);
            x87_fld(&g, &v);
            break;
        }
        case 1: {                                       /* FLD m80 */
            struct fp80 v = gen_fp80();
            is_fast = x87_fast_fld_reg(&f, v);
            x87_fld_m80(&g, v);
            break;
        }
        default: {                                      /* FLD ST(i), as exec_x87 calls it */
            unsigned i = pick(8);
            is_fast = !x87_is_empty(&f, i) && x87_fast_fld_reg(&f, x87_st(&f, i));
            x87_fld_sti(&g, i);
            break;
        }
        }
        check("load", is_fast, &before, &f, &g, NULL, NULL, 0);
    }
    ck_assert_uint_gt(taken, ROUNDS / 8);
}
END_TEST

START_TEST(stores_as_general)
{
    for (int k = 0; k < ROUNDS; k++) {
        struct fpu_state before = gen_state(), f = before, g = before;
        bool is_pop = pick(2), is_fast;
        uint64_t v = 0;
        uint8_t fast_mem[10] = { 0 }, general_mem[10] = { 0 };
        enum x87_mfmt fmt = (enum x87_mfmt)(pick(2) ? X87_M64F : pick(4) == 0 ? X87_M32F
                                            : pick(2) ? X87_M32I : X87_M16I);
        switch (fmt) {
        case X87_M64F: is_fast = x87_fast_fst_ieee(&f, 53, 1023, 52, &v, is_pop); break;
        case X87_M32F: is_fast = x87_fast_fst_ieee(&f, 24, 127, 23, &v, is_pop); break;
        case X87_M32I: is_fast = x87_fast_fist(&f, 4, &v, is_pop); break;
        default: is_fast = x87_fast_fist(&f, 2, &v, is_pop); break;
        }
        store_le64(fast_mem, v);
        bool is_written = x87_fst(&g, fmt, general_mem, is_pop);
        ck_assert(!is_fast || is_written);
        check("store", is_fast, &before, &f, &g, fast_mem, general_mem, x87_mfmt_size(fmt));
    }
    ck_assert_uint_gt(taken, ROUNDS / 8);
}
END_TEST

START_TEST(register_moves_as_general)
{
    for (int k = 0; k < ROUNDS; k++) {
        struct fpu_state before = gen_state(), f = before, g = before;
        unsigned i = pick(8);
        bool is_fast;
        switch (pick(5)) {
        case 0:
            is_fast = x87_fast_fxch(&f, i);
            x87_fxch(&g, i);
            break;
        case 1: {
            bool is_pop = pick(2);
            is_fast = x87_fast_fst_sti(&f, i, is_pop);
            x87_fst_sti(&g, i, is_pop);
            break;
        }
        case 2:
            is_fast = x87_fast_sqrt(&f);
            x87_unary(&g, X87_FSQRT);
            break;
        default: {
            enum x87_unary op = pick(2) ? X87_FCHS : X87_FABS;
            is_fast = x87_fast_sign(&f, op);
            x87_unary(&g, op);
            break;
        }
        }
        check("register", is_fast, &before, &f, &g, NULL, NULL, 0);
    }
    ck_assert_uint_gt(taken, ROUNDS / 3);
}
END_TEST

/* ---- The edges, one by one ---- */

#define X(se, m) fp80_make((se), (m))

/* FINIT, the control word, then ST(1) = b and ST(0) = a. */
static struct fpu_state two(uint16_t cw, struct fp80 a, struct fp80 b)
{
    struct fpu_state f;
    memset(&f, 0, sizeof f);
    x87_finit(&f);
    x87_fldcw(&f, cw);
    x87_fld_m80(&f, b);
    x87_fld_m80(&f, a);
    return f;
}

/* ST(0) op ST(1) through the fast path, which must take it; the general
 * path must agree. */
static struct fp80 fast_op(uint16_t cw, enum x87_arith op, struct fp80 a, struct fp80 b,
                           bool expect_fast)
{
    struct fpu_state f = two(cw, a, b), g = f, before = f;
    struct fp_unp s = fp_unpack(b);
    bool is_fast = x87_fast_arith(&f, op, 0, &s, false, false);
    x87_arith(&g, op, 0, &s, false, false);
    ck_assert_int_eq(is_fast, expect_fast);
    check("edge", is_fast, &before, &f, &g, NULL, NULL, 0);
    return x87_st(&g, 0);
}

START_TEST(arith_edges)
{
    const struct fp80 one = X(0x3fff, 1ull << 63), max = X(0x7ffe, ~0ull);
    /* The largest finite sum stays fast; one that rounds past it is
     * overflow, left to the general path (which gives infinity). */
    struct fp80 r = fast_op(0x037f, X87_FADD, X(0x7ffe, ~0ull - 1), X(0x7fbf, 1ull << 63), true);
    ck_assert_uint_eq(r.sexp, 0x7ffe);                          /* + 1 ulp: exact */
    ck_assert_uint_eq(r.mant, ~0ull);
    r = fast_op(0x037f, X87_FADD, max, X(0x7fbe, 1ull << 63), false);     /* + 1/2 ulp, odd: up */
    ck_assert_uint_eq(r.sexp, 0x7fff);
    /* Toward zero the same sum stays the largest finite: fast. */
    r = fast_op(0x0f7f, X87_FADD, max, X(0x7fbe, 1ull << 63), true);
    ck_assert_uint_eq(r.sexp, 0x7ffe);
    /* The smallest normal product is fast; half of it is tiny (general). */
    r = fast_op(0x037f, X87_FMUL, X(0x0001, 1ull << 63), one, true);
    ck_assert_uint_eq(r.sexp, 0x0001);
    r = fast_op(0x037f, X87_FMUL, X(0x0001, 1ull << 63), X(0x3ffe, 1ull << 63), false);
    ck_assert_uint_eq(r.sexp, 0x0000);
    /* x - x is exactly zero: general (its sign depends on RC). */
    fast_op(0x037f, X87_FSUB, one, one, false);
    /* A denormal operand raises DE: general. */
    fast_op(0x037f, X87_FADD, one, X(0x0000, 1), false);
    fast_op(0x037f, X87_FDIV, X(0x0000, 5), one, false);
    /* Division by a normal is fast, also at the ends of the range. */
    r = fast_op(0x037f, X87_FDIV, X(0x4000, 3ull << 62), X(0x4000, 1ull << 63), true);
    ck_assert_uint_eq(r.sexp, 0x3fff);
    ck_assert_uint_eq(r.mant, 3ull << 62);
    fast_op(0x037f, X87_FDIVR, X(0x7ffe, 1ull << 63), X(0x3ffe, 1ull << 63), false);
    /* 1 + 2^-64: a tie at 64 bits (to even: 1), at 53 (1), under RC up
     * (1 + 2^-63 / + 2^-52 / + 2^-23 with PC 64/53/24) and down (1). */
    static const struct { uint16_t cw; uint64_t mant; } tie[] = {
        { 0x037f, 1ull << 63 }, { 0x027f, 1ull << 63 }, { 0x007f, 1ull << 63 },
        { 0x0b7f, (1ull << 63) + 1 }, { 0x0a7f, (1ull << 63) + (1ull << 11) },
        { 0x087f, (1ull << 63) + (1ull << 40) }, { 0x077f, 1ull << 63 }, { 0x0f7f, 1ull << 63 },
    };
    for (unsigned k = 0; k < sizeof tie / sizeof tie[0]; k++) {
        r = fast_op(tie[k].cw, X87_FADD, one, X(0x3fbf, 1ull << 63), true);
        ck_assert_uint_eq(r.sexp, 0x3fff);
        ck_assert_uint_eq(r.mant, tie[k].mant);
    }
    /* A tie with an odd last bit at 53 bits goes up to even. */
    r = fast_op(0x027f, X87_FADD, X(0x3fff, (1ull << 63) | 1ull << 11), X(0x3fca, 1ull << 63), true);
    ck_assert_uint_eq(r.mant, (1ull << 63) + (2ull << 11));
    /* PE unmasked: the result is still stored, ES and B set. */
    struct fpu_state f = two(0x035f, one, X(0x3fbf, 3ull << 62)), g = f;
    struct fp_unp s = fp_unpack(x87_st(&f, 1));
    ck_assert(x87_fast_arith(&f, X87_FADD, 0, &s, false, false));
    x87_arith(&g, X87_FADD, 0, &s, false, false);
    ck_assert(same_state(&f, &g));
    ck_assert_uint_eq(f.sw & (FPX_PE | FPSW_ES | FPSW_B | FPSW_C1),
                      FPX_PE | FPSW_ES | FPSW_B | FPSW_C1);
}
END_TEST

/* FST m64/m32 of x: fast or not as expected, same bits as the general path. */
static uint64_t fast_store(uint16_t cw, enum x87_mfmt fmt, struct fp80 x, bool expect_fast)
{
    struct fpu_state f = two(cw, x, x), g = f, before = f;
    uint64_t v = 0;
    uint8_t fm[10] = { 0 }, gm[10] = { 0 };
    bool is_fast = fmt == X87_M64F ? x87_fast_fst_ieee(&f, 53, 1023, 52, &v, true)
                 : fmt == X87_M32F ? x87_fast_fst_ieee(&f, 24, 127, 23, &v, true)
                 : fmt == X87_M32I ? x87_fast_fist(&f, 4, &v, true)
                                   : x87_fast_fist(&f, 2, &v, true);
    store_le64(fm, v);
    x87_fst(&g, fmt, gm, true);
    ck_assert_int_eq(is_fast, expect_fast);
    check("store edge", is_fast, &before, &f, &g, fm, gm, x87_mfmt_size(fmt));
    return load_le64(gm);
}

/* FSQRT: the largest finite value's root (5FFE:FFFF...: sqrt(1 - 2^-64)
 * lies just below the midpoint of the last two 64-bit values; rounding up
 * or to 24 bits carries to 2^8192), the smallest normal's (2000:8000...:
 * 2^-8191), exact roots, and the operands the fast path declines. */
START_TEST(sqrt_edges)
{
    static const struct { uint16_t cw, se; uint64_t m, r_m; uint16_t r_se; } cases[] = {
        { 0x037f, 0x7ffe, ~0ull, ~0ull, 0x5ffe },
        { 0x0b7f, 0x7ffe, ~0ull, 1ull << 63, 0x5fff },              /* RC up: carries */
        { 0x007f, 0x7ffe, ~0ull, 1ull << 63, 0x5fff },              /* PC 24: up to 2^8192 */
        { 0x0c7f, 0x7ffe, ~0ull, 0xffffff0000000000ull, 0x5ffe },    /* PC 24, RC zero */
        { 0x037f, 0x0001, 1ull << 63, 1ull << 63, 0x2000 },
        { 0x037f, 0x4001, 1ull << 63, 1ull << 63, 0x4000 },          /* sqrt 4 = 2 */
        { 0x037f, 0x4000, 0x9000000000000000ull, 0xc000000000000000ull, 0x3fff },   /* 2.25 */
    };
    for (unsigned k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        struct fpu_state f = two(cases[k].cw, X(cases[k].se, cases[k].m), X(0x3fff, 1ull << 63));
        struct fpu_state g = f, before = f;
        bool is_fast = x87_fast_sqrt(&f);
        x87_unary(&g, X87_FSQRT);
        ck_assert(is_fast);
        check("sqrt edge", is_fast, &before, &f, &g, NULL, NULL, 0);
        ck_assert_uint_eq(x87_st(&g, 0).sexp, cases[k].r_se);
        ck_assert_uint_eq(x87_st(&g, 0).mant, cases[k].r_m);
    }
    static const struct fp80 refused[] = {
        { 1ull << 63, 0xbfff },                                     /* negative: invalid */
        { 1, 0x0000 }, { 0, 0x0000 }, { 1ull << 63, 0x7fff }, { 1ull << 62, 0x4000 },
    };
    for (unsigned k = 0; k < sizeof refused / sizeof refused[0]; k++) {
        struct fpu_state f = two(0x037f, refused[k], X(0x3fff, 1ull << 63)), before = f;
        ck_assert(!x87_fast_sqrt(&f));
        ck_assert(same_state(&f, &before));
    }
}
END_TEST

START_TEST(store_edges)
{
    /* binary64: the largest finite stores fast; a value rounding past it
     * overflows (general); the smallest normal is fast, below it general. */
    ck_assert_uint_eq(fast_store(0x037f, X87_M64F, X(0x43fe, 0xfffffffffffff800ull), true),
                      0x7fefffffffffffffull);
    fast_store(0x037f, X87_M64F, X(0x43fe, 0xfffffffffffffc00ull), false);
    ck_assert_uint_eq(fast_store(0x0f7f, X87_M64F, X(0x43fe, 0xfffffffffffffc00ull), true),
                      0x7fefffffffffffffull);
    ck_assert_uint_eq(fast_store(0x037f, X87_M64F, X(0x3c01, 1ull << 63), true),
                      0x0010000000000000ull);
    /* Tiny before rounding, normal after it (tininess is detected after). */
    ck_assert_uint_eq(fast_store(0x037f, X87_M64F, X(0x3c00, ~0ull), true),
                      0x0010000000000000ull);
    fast_store(0x037f, X87_M64F, X(0x3bff, 1ull << 63), false);
    /* Ties at bit 11 under each RC. */
    ck_assert_uint_eq(fast_store(0x037f, X87_M64F, X(0x3fff, (1ull << 63) | 1ull << 10), true),
                      0x3ff0000000000000ull);
    ck_assert_uint_eq(fast_store(0x0b7f, X87_M64F, X(0x3fff, (1ull << 63) | 1ull << 10), true),
                      0x3ff0000000000001ull);
    ck_assert_uint_eq(fast_store(0x077f, X87_M64F, X(0xbfff, (1ull << 63) | 1ull << 10), true),
                      0xbff0000000000001ull);
    /* binary32: the same ends. */
    ck_assert_uint_eq(fast_store(0x037f, X87_M32F, X(0x407e, 0xffffff0000000000ull), true),
                      0x7f7fffffu);
    fast_store(0x037f, X87_M32F, X(0x407e, 0xffffff8000000000ull), false);
    ck_assert_uint_eq(fast_store(0x037f, X87_M32F, X(0x3f81, 1ull << 63), true), 0x00800000u);
    fast_store(0x037f, X87_M32F, X(0x3f80, 1ull << 63), false);
    /* Integers: 2^31 - 1 fast, 2^31 and -2^31 general (the second fits but
     * is left to the general path); 32767.5 rounds to even, out of range. */
    ck_assert_uint_eq(fast_store(0x037f, X87_M32I, X(0x401d, 0xfffffffe00000000ull), true),
                      0x7fffffffu);
    fast_store(0x037f, X87_M32I, X(0x401e, 1ull << 63), false);
    fast_store(0x037f, X87_M32I, X(0xc01e, 1ull << 63), false);
    fast_store(0x037f, X87_M16I, X(0x400d, 0xffff000000000000ull), false);
    ck_assert_uint_eq(fast_store(0x0f7f, X87_M16I, X(0x400d, 0xffff000000000000ull), true),
                      0x7fffu);
    ck_assert_uint_eq(fast_store(0x077f, X87_M16I, X(0xbffe, 1ull << 63), true), 0xffffu);
    ck_assert_uint_eq(fast_store(0x037f, X87_M16I, X(0xbffe, 1ull << 63), true), 0x0000u);
}
END_TEST

static Suite *fpu_fast_suite(void)
{
    Suite *s = suite_create("fpu_fast");
    TCase *tc = tcase_create("fast");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, arith_as_general);
    tcase_add_test(tc, compare_as_general);
    tcase_add_test(tc, loads_as_general);
    tcase_add_test(tc, stores_as_general);
    tcase_add_test(tc, register_moves_as_general);
    tcase_add_test(tc, arith_edges);
    tcase_add_test(tc, sqrt_edges);
    tcase_add_test(tc, store_edges);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fpu_fast_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
