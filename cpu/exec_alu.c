/* cpu/exec_alu.c: ADD OR ADC SBB AND SUB XOR CMP in their E,G / G,E / E,imm
 * forms, TEST, INC, DEC, NOT, NEG (SDM Vol. 2).  Flags are recorded lazily
 * (cpu/flags.h); for AND/OR/XOR/TEST AF is undefined and left clear. */
#include "cpu/exec.h"

enum alu_op { ALU_ADD, ALU_OR, ALU_ADC, ALU_SBB, ALU_AND, ALU_SUB, ALU_XOR, ALU_CMP };

static ALWAYS_INLINE uint32_t alu(struct cpu *c, enum alu_op op, uint32_t a, uint32_t b,
                                  unsigned size)
{
    uint32_t m = size_mask(size), r;
    a &= m;
    b &= m;
    switch (op) {
    case ALU_ADD: r = a + b; flags_record(c, FLAG_OP_ADD, size, r, a, b); break;
    case ALU_ADC: r = a + b + flags_cf(c); flags_record(c, FLAG_OP_ADD, size, r, a, b); break;
    case ALU_SBB: r = a - b - flags_cf(c); flags_record(c, FLAG_OP_SUB, size, r, a, b); break;
    case ALU_SUB:
    case ALU_CMP: r = a - b; flags_record(c, FLAG_OP_SUB, size, r, a, b); break;
    case ALU_AND: r = a & b; flags_record(c, FLAG_OP_LOGIC, size, r, a, b); break;
    case ALU_OR: r = a | b; flags_record(c, FLAG_OP_LOGIC, size, r, a, b); break;
    default: r = a ^ b; flags_record(c, FLAG_OP_LOGIC, size, r, a, b); break;
    }
    return r & m;
}

/* E op= src (src from G or an immediate). */
static ALWAYS_INLINE void alu_e(struct cpu *c, const struct insn *in, enum alu_op op,
                                unsigned size, bool mem, uint32_t src)
{
    if (!mem) {
        uint32_t r = alu(c, op, reg_get(c, in->rm, size), src, size);
        if (op != ALU_CMP)
            reg_set(c, in->rm, size, r);
    } else if (op == ALU_CMP) {
        alu(c, op, cpu_rd(c, in->seg, insn_ea(c, in), size), src, size);
    } else {
        struct rmw m = rmw_begin(c, in->seg, insn_ea(c, in), size);
        uint32_t r = alu(c, op, rmw_read(c, &m, size), src, size);
        rmw_write(c, &m, size, r);
    }
}

/* G op= E. */
static ALWAYS_INLINE void alu_g(struct cpu *c, const struct insn *in, enum alu_op op,
                                unsigned size, bool mem)
{
    uint32_t r = alu(c, op, reg_get(c, in->reg, size), e_read(c, in, size, mem), size);
    if (op != ALU_CMP)
        reg_set(c, in->reg, size, r);
}

#define ALU_FORMS(name, OP)                                                                \
    static ALWAYS_INLINE void name##_eg(struct cpu *c, const struct insn *in, unsigned size, \
                                        bool mem)                                          \
    {                                                                                      \
        alu_e(c, in, OP, size, mem, reg_get(c, in->reg, size));                            \
    }                                                                                      \
    static ALWAYS_INLINE void name##_ge(struct cpu *c, const struct insn *in, unsigned size, \
                                        bool mem)                                          \
    {                                                                                      \
        alu_g(c, in, OP, size, mem);                                                       \
    }                                                                                      \
    static ALWAYS_INLINE void name##_ei(struct cpu *c, const struct insn *in, unsigned size, \
                                        bool mem)                                          \
    {                                                                                      \
        alu_e(c, in, OP, size, mem, in->imm);                                              \
    }                                                                                      \
    EXEC_SPLIT(name##_EG, name##_eg);                                                      \
    EXEC_SPLIT(name##_GE, name##_ge);                                                      \
    EXEC_SPLIT(name##_EI, name##_ei)

ALU_FORMS(add, ALU_ADD);
ALU_FORMS(or, ALU_OR);
ALU_FORMS(adc, ALU_ADC);
ALU_FORMS(sbb, ALU_SBB);
ALU_FORMS(and, ALU_AND);
ALU_FORMS(sub, ALU_SUB);
ALU_FORMS(xor, ALU_XOR);
ALU_FORMS(cmp, ALU_CMP);

static ALWAYS_INLINE void test_eg(struct cpu *c, const struct insn *in, unsigned size, bool mem)
{
    alu(c, ALU_AND, e_read(c, in, size, mem), reg_get(c, in->reg, size), size);
}
static ALWAYS_INLINE void test_ei(struct cpu *c, const struct insn *in, unsigned size, bool mem)
{
    alu(c, ALU_AND, e_read(c, in, size, mem), in->imm, size);
}
EXEC_SPLIT(test_EG, test_eg);
EXEC_SPLIT(test_EI, test_ei);

/* A unary read-modify-write on E. */
#define UNARY(name, BODY)                                                                   \
    static ALWAYS_INLINE uint32_t name##_op(struct cpu *c, uint32_t a, unsigned size)       \
    {                                                                                       \
        BODY                                                                                \
    }                                                                                       \
    static ALWAYS_INLINE void name##_body(struct cpu *c, const struct insn *in, unsigned size, \
                                          bool mem)                                         \
    {                                                                                       \
        if (!mem) {                                                                         \
            reg_set(c, in->rm, size, name##_op(c, reg_get(c, in->rm, size), size));         \
        } else {                                                                            \
            struct rmw m = rmw_begin(c, in->seg, insn_ea(c, in), size);                     \
            rmw_write(c, &m, size, name##_op(c, rmw_read(c, &m, size), size));              \
        }                                                                                   \
    }                                                                                       \
    EXEC_SPLIT(name##_E, name##_body)

UNARY(inc, {
    flags_keep_cf(c);
    uint32_t r = (a + 1) & size_mask(size);
    flags_record(c, FLAG_OP_INC, size, r, a, 1);
    return r;
});
UNARY(dec, {
    flags_keep_cf(c);
    uint32_t r = (a - 1) & size_mask(size);
    flags_record(c, FLAG_OP_DEC, size, r, a, 1);
    return r;
});
UNARY(not, {
    (void)c;
    return ~a & size_mask(size);
});
UNARY(neg, {
    uint32_t r = (0 - a) & size_mask(size);
    flags_record(c, FLAG_OP_SUB, size, r, 0, a);
    return r;
});
