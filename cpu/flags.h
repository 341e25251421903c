/* cpu/flags.h: lazy evaluation of the arithmetic flags (see struct lazy_flags).
 * Carry, auxiliary carry and overflow come from the carry vector of the
 * operation, so ADC and SBB need no carry-in: for res = a + b + cin the
 * carry out of bit i is (a & b) | ((a | b) & ~res) at bit i, and for
 * res = a - b - bin the borrow is (~a & b) | ((~a | b) & res). */
#ifndef VIREO_CPU_FLAGS_H
#define VIREO_CPU_FLAGS_H

#include "cpu/cpu.h"

static ALWAYS_INLINE uint32_t size_mask(unsigned size)
{
    return size == 4 ? 0xffffffffu : (1u << (size * 8)) - 1;
}

static ALWAYS_INLINE uint32_t size_msb(unsigned size)
{
    return 1u << (size * 8 - 1);
}

/* Record the operation that just set the flags. */
static ALWAYS_INLINE void flags_record(struct cpu *c, enum flag_op op, unsigned size, uint32_t res,
                                uint32_t a, uint32_t b)
{
    c->lazy.op = (uint8_t)op;
    c->lazy.size = (uint8_t)size;
    c->lazy.res = res & size_mask(size);
    c->lazy.a = a;
    c->lazy.b = b;
}

static ALWAYS_INLINE uint32_t flags_carry_vec(const struct lazy_flags *l)
{
    if (l->op == FLAG_OP_ADD || l->op == FLAG_OP_INC)
        return (l->a & l->b) | ((l->a | l->b) & ~l->res);
    return (~l->a & l->b) | ((~l->a | l->b) & l->res);      /* SUB, DEC */
}

static ALWAYS_INLINE bool flags_cf(const struct cpu *c)
{
    const struct lazy_flags *l = &c->lazy;
    switch (l->op) {
    case FLAG_OP_ADD:
    case FLAG_OP_SUB:
        return (flags_carry_vec(l) & size_msb(l->size)) != 0;
    case FLAG_OP_LOGIC:
        return false;
    case FLAG_OP_SZP:
        return (l->b & EFLAGS_CF) != 0;
    default:                    /* NONE, INC, DEC: CF lives in eflags */
        return (c->eflags & EFLAGS_CF) != 0;
    }
}

static ALWAYS_INLINE bool flags_zf(const struct cpu *c)
{
    return c->lazy.op == FLAG_OP_NONE ? (c->eflags & EFLAGS_ZF) != 0 : c->lazy.res == 0;
}

static ALWAYS_INLINE bool flags_sf(const struct cpu *c)
{
    return c->lazy.op == FLAG_OP_NONE ? (c->eflags & EFLAGS_SF) != 0
                                      : (c->lazy.res & size_msb(c->lazy.size)) != 0;
}

static ALWAYS_INLINE bool flags_of(const struct cpu *c)
{
    const struct lazy_flags *l = &c->lazy;
    /* size is meaningful only while an operation is recorded: it is 0
     * after reset, and size_msb(0) would shift by -1. */
    switch (l->op) {
    case FLAG_OP_ADD:
    case FLAG_OP_INC:
        return ((l->a ^ l->res) & (l->b ^ l->res) & size_msb(l->size)) != 0;
    case FLAG_OP_SUB:
    case FLAG_OP_DEC:
        return ((l->a ^ l->b) & (l->a ^ l->res) & size_msb(l->size)) != 0;
    case FLAG_OP_LOGIC:
        return false;
    case FLAG_OP_SZP:
        return (l->b & EFLAGS_OF) != 0;
    default:
        return (c->eflags & EFLAGS_OF) != 0;
    }
}

static ALWAYS_INLINE bool parity8(uint32_t v)
{
    /* PF is set for an even number of one bits */
#if defined(__GNUC__)
    return !__builtin_parity(v & 0xffu);     /* x86 hosts: one SETNP */
#else
    v &= 0xff;
    v ^= v >> 4;
    v ^= v >> 2;
    v ^= v >> 1;
    return (v & 1) == 0;
#endif
}

static ALWAYS_INLINE bool flags_pf(const struct cpu *c)
{
    return c->lazy.op == FLAG_OP_NONE ? (c->eflags & EFLAGS_PF) != 0 : parity8(c->lazy.res);
}

static ALWAYS_INLINE bool flags_af(const struct cpu *c)
{
    const struct lazy_flags *l = &c->lazy;
    switch (l->op) {
    case FLAG_OP_ADD: case FLAG_OP_SUB: case FLAG_OP_INC: case FLAG_OP_DEC:
        return ((l->a ^ l->b ^ l->res) & 0x10) != 0;
    case FLAG_OP_LOGIC:
        return false;
    case FLAG_OP_SZP:
        return (l->b & EFLAGS_AF) != 0;
    default:
        return (c->eflags & EFLAGS_AF) != 0;
    }
}

/* All six arithmetic flags as EFLAGS bits: the same rules as the single
 * flag readers above, with one dispatch on the operation. */
static inline uint32_t flags_arith(const struct cpu *c)
{
    const struct lazy_flags *l = &c->lazy;
    if (l->op == FLAG_OP_NONE)
        return c->eflags & EFLAGS_ARITH;
    uint32_t msb = size_msb(l->size);
    uint32_t f = (l->res == 0 ? EFLAGS_ZF : 0) | ((l->res & msb) ? EFLAGS_SF : 0) |
                 (parity8(l->res) ? EFLAGS_PF : 0);
    uint32_t a = l->a, b = l->b, r = l->res;
    switch (l->op) {
    case FLAG_OP_ADD:
        f |= ((((a & b) | ((a | b) & ~r)) & msb) ? EFLAGS_CF : 0) |
             (((a ^ r) & (b ^ r) & msb) ? EFLAGS_OF : 0) | ((a ^ b ^ r) & EFLAGS_AF);
        break;
    case FLAG_OP_SUB:
        f |= ((((~a & b) | ((~a | b) & r)) & msb) ? EFLAGS_CF : 0) |
             (((a ^ b) & (a ^ r) & msb) ? EFLAGS_OF : 0) | ((a ^ b ^ r) & EFLAGS_AF);
        break;
    case FLAG_OP_INC:
        f |= (c->eflags & EFLAGS_CF) | (((a ^ r) & (b ^ r) & msb) ? EFLAGS_OF : 0) |
             ((a ^ b ^ r) & EFLAGS_AF);
        break;
    case FLAG_OP_DEC:
        f |= (c->eflags & EFLAGS_CF) | (((a ^ b) & (a ^ r) & msb) ? EFLAGS_OF : 0) |
             ((a ^ b ^ r) & EFLAGS_AF);
        break;
    case FLAG_OP_LOGIC:
        break;
    default:                    /* SZP */
        f |= b & (EFLAGS_CF | EFLAGS_OF | EFLAGS_AF);
        break;
    }
    return f;
}

/* Fold the lazy flags into eflags (op becomes NONE). */
static inline void flags_materialize(struct cpu *c)
{
    if (c->lazy.op != FLAG_OP_NONE) {
        c->eflags = (c->eflags & ~(uint32_t)EFLAGS_ARITH) | flags_arith(c);
        c->lazy.op = FLAG_OP_NONE;
    }
}

/* INC and DEC keep CF: fold the current CF into eflags before recording. */
static ALWAYS_INLINE void flags_keep_cf(struct cpu *c)
{
    if (c->lazy.op != FLAG_OP_NONE && c->lazy.op != FLAG_OP_INC && c->lazy.op != FLAG_OP_DEC) {
        bool cf = flags_cf(c);
        c->eflags = (c->eflags & ~(uint32_t)EFLAGS_CF) | (cf ? EFLAGS_CF : 0);
    }
}

/* Set SF ZF PF from res and CF OF AF explicitly (shifts, multiplies, BCD). */
static ALWAYS_INLINE void flags_set_szp(struct cpu *c, unsigned size, uint32_t res, uint32_t cf_of_af)
{
    flags_record(c, FLAG_OP_SZP, size, res, 0, cf_of_af);
}

/* Condition codes 0-15 in the Jcc/SETcc order (SDM Vol. 1, B.1). */
static ALWAYS_INLINE bool cond_eval(const struct cpu *c, unsigned cc)
{
    bool r;
    switch (cc >> 1) {
    case 0: r = flags_of(c); break;                         /* O */
    case 1: r = flags_cf(c); break;                         /* B */
    case 2: r = flags_zf(c); break;                         /* E */
    case 3: r = flags_cf(c) || flags_zf(c); break;          /* BE */
    case 4: r = flags_sf(c); break;                         /* S */
    case 5: r = flags_pf(c); break;                         /* P */
    case 6: r = flags_sf(c) != flags_of(c); break;          /* L */
    default: r = flags_zf(c) || (flags_sf(c) != flags_of(c)); break;   /* LE */
    }
    return r ^ (cc & 1);
}

#endif
