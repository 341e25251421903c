/* cpu/exec_shift.c: ROL ROR RCL RCR SHL/SAL SHR SAR, SHLD, SHRD (SDM Vol. 2).
 * The count is masked to 5 bits (386 and later); a masked count of 0
 * changes nothing.  ROL/ROR/RCL/RCR change only CF and OF.  Where the SDM
 * leaves OF undefined (counts above 1) it is set as the one-bit rule applied
 * to the last step, which is what the SingleStepTests hardware captures
 * show; AF is left clear; SHLD/SHRD counts beyond 16 bits are noted below. */
#include "cpu/exec.h"

/* Rotates set CF and OF and keep SF ZF AF PF.  Rather than materialising
 * all flags, the lazy operation becomes FLAG_OP_SZP on the same result
 * (SF ZF PF come from it exactly as before) with AF carried over. */
static inline void set_cf_of(struct cpu *c, bool cf, bool of)
{
    uint32_t co = (cf ? EFLAGS_CF : 0) | (of ? EFLAGS_OF : 0);
    struct lazy_flags *l = &c->lazy;
    uint32_t af;
    switch (l->op) {
    case FLAG_OP_NONE:
        c->eflags = (c->eflags & ~(uint32_t)(EFLAGS_CF | EFLAGS_OF)) | co;
        return;
    case FLAG_OP_LOGIC:
        af = 0;
        break;
    case FLAG_OP_SZP:
        af = l->b & EFLAGS_AF;
        break;
    default:                    /* ADD SUB INC DEC */
        af = (l->a ^ l->b ^ l->res) & EFLAGS_AF;
        break;
    }
    l->op = FLAG_OP_SZP;
    l->b = co | af;
}

/* One shift or rotate of a by count (1..31); returns the result and sets flags. */
static ALWAYS_INLINE uint32_t shift_op(struct cpu *c, unsigned mn, uint32_t a, unsigned count,
                                       unsigned size)
{
    unsigned bits = size * 8;
    uint32_t mask = size_mask(size);
    uint32_t r;
    bool cf, of;
    switch (mn) {
    case MN_ROL: {
        unsigned n = count % bits;
        r = n ? ((a << n) | (a >> (bits - n))) & mask : a;
        cf = r & 1;
        of = ((r >> (bits - 1)) & 1) ^ cf;
        set_cf_of(c, cf, of);
        return r;
    }
    case MN_ROR: {
        unsigned n = count % bits;
        r = n ? ((a >> n) | (a << (bits - n))) & mask : a;
        cf = (r >> (bits - 1)) & 1;
        of = ((r >> (bits - 1)) ^ (r >> (bits - 2))) & 1;
        set_cf_of(c, cf, of);
        return r;
    }
    case MN_RCL: {
        /* A count that is a multiple of bits + 1 rotates back to the start
         * but still sets OF from the result (as the 286 data shows). */
        unsigned n = count % (bits + 1);
        uint64_t m = ((uint64_t)1 << (bits + 1)) - 1;
        uint64_t v = ((uint64_t)flags_cf(c) << bits) | a;
        if (n != 0)
            v = ((v << n) | (v >> (bits + 1 - n))) & m;
        r = (uint32_t)v & mask;
        cf = (v >> bits) & 1;
        of = ((r >> (bits - 1)) & 1) ^ cf;
        set_cf_of(c, cf, of);
        return r;
    }
    case MN_RCR: {
        unsigned n = count % (bits + 1);
        uint64_t m = ((uint64_t)1 << (bits + 1)) - 1;
        uint64_t v = ((uint64_t)flags_cf(c) << bits) | a;
        if (n != 0)
            v = ((v >> n) | (v << (bits + 1 - n))) & m;
        r = (uint32_t)v & mask;
        cf = (v >> bits) & 1;
        /* For a count of 1 this is MSB(dest) XOR CF; for larger counts it is
         * the same rule applied to the last one-bit step. */
        of = ((r >> (bits - 1)) ^ (r >> (bits - 2))) & 1;
        set_cf_of(c, cf, of);
        return r;
    }
    case MN_SHL:
    case MN_SAL: {
        uint64_t v = (uint64_t)a << count;
        r = (uint32_t)v & mask;
        cf = (v >> bits) & 1;
        of = ((r >> (bits - 1)) & 1) ^ cf;
        break;
    }
    case MN_SHR:
        r = (uint32_t)((uint64_t)a >> count);
        cf = ((uint64_t)a >> (count - 1)) & 1;
        /* OF is the operand's MSB before the last one-bit step: the
         * original MSB for a count of 1, and 0 after any earlier step. */
        of = count == 1 && ((a >> (bits - 1)) & 1);
        break;
    default: {                  /* SAR */
        int64_t sa = size == 1 ? (int8_t)a : size == 2 ? (int16_t)a : (int32_t)a;
        r = (uint32_t)(sa >> count) & mask;
        cf = (sa >> (count - 1)) & 1;
        of = false;
        break;
    }
    }
    flags_set_szp(c, size, r, (cf ? EFLAGS_CF : 0) | (of ? EFLAGS_OF : 0));
    return r;
}

static ALWAYS_INLINE void shift(struct cpu *c, const struct insn *in, unsigned size, bool mem,
                                unsigned count)
{
    count &= 31;
    if (!mem) {
        if (count == 0)
            return;
        reg_set(c, in->rm, size, shift_op(c, in->mn, reg_get(c, in->rm, size), count, size));
        return;
    }
    struct rmw m = rmw_begin(c, in->seg, insn_ea(c, in), size);
    uint32_t a = rmw_read(c, &m, size);
    if (count == 0)
        return;
    rmw_write(c, &m, size, shift_op(c, in->mn, a, count, size));
}

static ALWAYS_INLINE void shift_ei(struct cpu *c, const struct insn *in, unsigned size, bool mem)
{
    shift(c, in, size, mem, in->imm);
}
static ALWAYS_INLINE void shift_ecl(struct cpu *c, const struct insn *in, unsigned size, bool mem)
{
    shift(c, in, size, mem, c->gpr[REG_ECX] & 0xffu);
}
EXEC_SPLIT(shift_EI, shift_ei);
EXEC_SPLIT(shift_ECL, shift_ecl);

/* SHLD/SHRD.  16-bit operands shift the 48-bit value dst:src:dst, which
 * gives the defined result for counts up to 16 and the pattern Intel
 * processors show for 17-31. */
static ALWAYS_INLINE uint32_t double_shift(struct cpu *c, bool left, uint32_t dst, uint32_t src,
                                           unsigned count, unsigned size)
{
    uint32_t r;
    bool cf;
    if (size == 4) {
        if (left) {
            r = (dst << count) | (src >> (32 - count));
            cf = (dst >> (32 - count)) & 1;
        } else {
            r = (dst >> count) | (src << (32 - count));
            cf = (dst >> (count - 1)) & 1;
        }
    } else if (left) {
        uint64_t v = ((uint64_t)dst << 32) | ((uint64_t)src << 16) | dst;
        r = (uint32_t)((v << count) >> 32) & 0xffffu;
        cf = (v >> (48 - count)) & 1;
    } else {
        uint64_t v = ((uint64_t)dst << 32) | ((uint64_t)src << 16) | dst;
        r = (uint32_t)(v >> count) & 0xffffu;
        cf = (v >> (count - 1)) & 1;
    }
    bool of = ((r ^ dst) >> (size * 8 - 1)) & 1;
    flags_set_szp(c, size, r, (cf ? EFLAGS_CF : 0) | (of ? EFLAGS_OF : 0));
    return r;
}

static ALWAYS_INLINE void shxd(struct cpu *c, const struct insn *in, unsigned size, bool mem,
                               bool left, unsigned count)
{
    count &= 31;
    uint32_t src = reg_get(c, in->reg, size);
    if (!mem) {
        if (count == 0)
            return;
        reg_set(c, in->rm, size,
                double_shift(c, left, reg_get(c, in->rm, size), src, count, size));
        return;
    }
    struct rmw m = rmw_begin(c, in->seg, insn_ea(c, in), size);
    uint32_t dst = rmw_read(c, &m, size);
    if (count == 0)
        return;
    rmw_write(c, &m, size, double_shift(c, left, dst, src, count, size));
}

static ALWAYS_INLINE void shld_i(struct cpu *c, const struct insn *in, unsigned size, bool mem)
{
    shxd(c, in, size, mem, true, in->imm);
}
static ALWAYS_INLINE void shld_cl(struct cpu *c, const struct insn *in, unsigned size, bool mem)
{
    shxd(c, in, size, mem, true, c->gpr[REG_ECX] & 0xffu);
}
static ALWAYS_INLINE void shrd_i(struct cpu *c, const struct insn *in, unsigned size, bool mem)
{
    shxd(c, in, size, mem, false, in->imm);
}
static ALWAYS_INLINE void shrd_cl(struct cpu *c, const struct insn *in, unsigned size, bool mem)
{
    shxd(c, in, size, mem, false, c->gpr[REG_ECX] & 0xffu);
}
EXEC_SPLIT(shld_EGI, shld_i);
EXEC_SPLIT(shld_EGCL, shld_cl);
EXEC_SPLIT(shrd_EGI, shrd_i);
EXEC_SPLIT(shrd_EGCL, shrd_cl);
