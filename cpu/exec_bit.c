/* cpu/exec_bit.c: BT BTS BTR BTC, BSF BSR, SETcc (SDM Vol. 2).  BT* set CF
 * to the selected bit and leave the other flags alone (OF SF AF PF are
 * undefined; ZF is unaffected).  BSF/BSR of zero set ZF and leave the
 * destination unchanged, as Intel processors do. */
#include "cpu/exec.h"

enum bt_op { BT_TEST, BT_SET, BT_RESET, BT_COMPLEMENT };

static void set_cf(struct cpu *c, bool cf)
{
    flags_materialize(c);
    c->eflags = (c->eflags & ~(uint32_t)EFLAGS_CF) | (cf ? EFLAGS_CF : 0);
}

static ALWAYS_INLINE uint32_t bt_apply(enum bt_op op, uint32_t v, unsigned bit)
{
    switch (op) {
    case BT_SET: return v | (1u << bit);
    case BT_RESET: return v & ~(1u << bit);
    case BT_COMPLEMENT: return v ^ (1u << bit);
    default: return v;
    }
}

/* bitoff: the register offset (signed, may reach outside the operand in
 * memory) or the immediate (taken modulo the operand width). */
static ALWAYS_INLINE void bt_common(struct cpu *c, const struct insn *in, unsigned size, bool mem,
                                    enum bt_op op, uint32_t bitoff, bool from_reg)
{
    unsigned bits = size * 8;
    if (!mem) {
        unsigned bit = bitoff & (bits - 1);
        uint32_t v = reg_get(c, in->rm, size);
        set_cf(c, (v >> bit) & 1);
        if (op != BT_TEST)
            reg_set(c, in->rm, size, bt_apply(op, v, bit));
        return;
    }
    uint32_t off = insn_ea(c, in);
    unsigned bit;
    if (from_reg) {
        int32_t sbit = size == 2 ? (int16_t)bitoff : (int32_t)bitoff;
        /* The operand is the word/dword holding the bit: offset by
         * floor(bitoff / bits) operands, in address-size arithmetic. */
        int32_t units = sbit >= 0 ? sbit / (int32_t)bits : -((-(sbit + 1)) / (int32_t)bits) - 1;
        off += (uint32_t)units * size;
        if (!(in->pfx & PFX_A32))
            off &= 0xffffu;
        bit = (uint32_t)sbit & (bits - 1);
    } else {
        bit = bitoff & (bits - 1);
    }
    if (op == BT_TEST) {
        set_cf(c, (cpu_rd(c, in->seg, off, size) >> bit) & 1);
        return;
    }
    struct rmw m = rmw_begin(c, in->seg, off, size);
    uint32_t v = rmw_read(c, &m, size);
    rmw_write(c, &m, size, bt_apply(op, v, bit));
    set_cf(c, (v >> bit) & 1);
}

#define BT_FORMS(name, OP)                                                                  \
    static ALWAYS_INLINE void name##_eg(struct cpu *c, const struct insn *in, unsigned size,  \
                                        bool mem)                                           \
    {                                                                                       \
        bt_common(c, in, size, mem, OP, reg_get(c, in->reg, size), true);                   \
    }                                                                                       \
    static ALWAYS_INLINE void name##_ei(struct cpu *c, const struct insn *in, unsigned size,  \
                                        bool mem)                                           \
    {                                                                                       \
        bt_common(c, in, size, mem, OP, in->imm, false);                                    \
    }                                                                                       \
    EXEC_SPLIT(name##_EG, name##_eg);                                                       \
    EXEC_SPLIT(name##_EI, name##_ei)

BT_FORMS(bt, BT_TEST);
BT_FORMS(bts, BT_SET);
BT_FORMS(btr, BT_RESET);
BT_FORMS(btc, BT_COMPLEMENT);

static ALWAYS_INLINE void bsx(struct cpu *c, const struct insn *in, unsigned size, bool mem,
                              bool reverse)
{
    uint32_t v = e_read(c, in, size, mem);
    flags_materialize(c);
    if (v == 0) {
        c->eflags |= EFLAGS_ZF;
        return;
    }
    c->eflags &= ~(uint32_t)EFLAGS_ZF;
    unsigned i;
    if (reverse)
        for (i = size * 8 - 1; !((v >> i) & 1); i--)
            ;
    else
        for (i = 0; !((v >> i) & 1); i++)
            ;
    reg_set(c, in->reg, size, i);
}
static ALWAYS_INLINE void bsf_body(struct cpu *c, const struct insn *in, unsigned size, bool mem)
{
    bsx(c, in, size, mem, false);
}
static ALWAYS_INLINE void bsr_body(struct cpu *c, const struct insn *in, unsigned size, bool mem)
{
    bsx(c, in, size, mem, true);
}
EXEC_SPLIT(bsf, bsf_body);
EXEC_SPLIT(bsr, bsr_body);

static ALWAYS_INLINE void setcc_body(struct cpu *c, const struct insn *in, unsigned size, bool mem)
{
    (void)size;
    e_write(c, in, 1, mem, cond_eval(c, in->opcode & 0xfu));
}
EXEC_SPLIT(setcc, setcc_body);
