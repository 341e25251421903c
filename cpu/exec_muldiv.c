/* cpu/exec_muldiv.c: MUL, IMUL (one-, two- and three-operand), DIV, IDIV
 * (SDM Vol. 2).  CF = OF report a significant upper half; SF, ZF, AF and PF
 * are undefined: we set SF ZF PF from the low half and clear AF.  Division
 * raises #DE (a fault: the saved IP is the DIV's own) on a zero divisor or a
 * quotient that does not fit; the 386 accepts -2^(n-1) as an IDIV quotient. */
#include "cpu/exec.h"

static ALWAYS_INLINE int64_t sext(uint32_t v, unsigned size)
{
    return size == 1 ? (int8_t)v : size == 2 ? (int16_t)v : (int32_t)v;
}

/* Write a double-width result: AX for bytes, DX:AX or EDX:EAX otherwise. */
static void write_wide(struct cpu *c, unsigned size, uint64_t r)
{
    if (size == 1) {
        reg_set(c, REG_EAX, 2, (uint32_t)r);
    } else {
        reg_set(c, REG_EAX, size, (uint32_t)r);
        reg_set(c, REG_EDX, size, (uint32_t)(r >> (8 * size)));
    }
}

static ALWAYS_INLINE void mul_body(struct cpu *c, const struct insn *in, unsigned size, bool mem)
{
    uint64_t a = reg_get(c, REG_EAX, size), b = e_read(c, in, size, mem);
    uint64_t r = a * b;
    bool hi = (r >> (8 * size)) != 0;
    write_wide(c, size, r);
    flags_set_szp(c, size, (uint32_t)r, hi ? EFLAGS_CF | EFLAGS_OF : 0);
}
EXEC_SPLIT(mul_E, mul_body);

static ALWAYS_INLINE void imul1_body(struct cpu *c, const struct insn *in, unsigned size, bool mem)
{
    int64_t a = sext(reg_get(c, REG_EAX, size), size), b = sext(e_read(c, in, size, mem), size);
    int64_t r = a * b;
    bool overflow = r != sext((uint32_t)r, size);
    write_wide(c, size, (uint64_t)r);
    flags_set_szp(c, size, (uint32_t)r, overflow ? EFLAGS_CF | EFLAGS_OF : 0);
}
EXEC_SPLIT(imul_E, imul1_body);

/* IMUL r, r/m and IMUL r, r/m, imm: the product truncated to the operand size. */
static ALWAYS_INLINE void imul_trunc(struct cpu *c, const struct insn *in, unsigned size,
                                     int64_t a, int64_t b)
{
    int64_t r = a * b;
    bool overflow = r != sext((uint32_t)r, size);
    reg_set(c, in->reg, size, (uint32_t)r);
    flags_set_szp(c, size, (uint32_t)r, overflow ? EFLAGS_CF | EFLAGS_OF : 0);
}
static ALWAYS_INLINE void imul_ge_body(struct cpu *c, const struct insn *in, unsigned size,
                                       bool mem)
{
    imul_trunc(c, in, size, sext(reg_get(c, in->reg, size), size),
               sext(e_read(c, in, size, mem), size));
}
static ALWAYS_INLINE void imul_gei_body(struct cpu *c, const struct insn *in, unsigned size,
                                        bool mem)
{
    imul_trunc(c, in, size, sext(e_read(c, in, size, mem), size), sext(in->imm, size));
}
EXEC_SPLIT(imul_GE, imul_ge_body);
EXEC_SPLIT(imul_GEI, imul_gei_body);

/* The dividend: AX for bytes, DX:AX or EDX:EAX otherwise. */
static uint64_t read_wide(const struct cpu *c, unsigned size)
{
    if (size == 1)
        return reg_get(c, REG_EAX, 2);
    return (uint64_t)reg_get(c, REG_EAX, size) |
           ((uint64_t)reg_get(c, REG_EDX, size) << (8 * size));
}

/* Quotient to AL/AX/EAX and remainder to AH/DX/EDX. */
static void write_divres(struct cpu *c, unsigned size, uint32_t q, uint32_t r)
{
    if (size == 1) {
        reg_set(c, REG_EAX, 2, (q & 0xffu) | ((r & 0xffu) << 8));
    } else {
        reg_set(c, REG_EAX, size, q);
        reg_set(c, REG_EDX, size, r);
    }
}

static ALWAYS_INLINE void div_body(struct cpu *c, const struct insn *in, unsigned size, bool mem)
{
    uint64_t d = e_read(c, in, size, mem);
    if (d == 0)
        cpu_raise(c, EXC_DE);
    uint64_t n = read_wide(c, size);
    uint64_t q = n / d;
    if (q > size_mask(size))
        cpu_raise(c, EXC_DE);
    write_divres(c, size, (uint32_t)q, (uint32_t)(n % d));
}
EXEC_SPLIT(div_E, div_body);

static ALWAYS_INLINE void idiv_body(struct cpu *c, const struct insn *in, unsigned size, bool mem)
{
    int64_t d = sext(e_read(c, in, size, mem), size);
    if (d == 0)
        cpu_raise(c, EXC_DE);
    uint64_t raw = read_wide(c, size);
    int64_t n = size == 1 ? (int16_t)raw : size == 2 ? (int32_t)raw : (int64_t)raw;
    /* INT64_MIN / -1 overflows in C as well as on the CPU. */
    if (size == 4 && n == INT64_MIN && d == -1)
        cpu_raise(c, EXC_DE);
    int64_t q = n / d, r = n % d;
    int64_t lo = -((int64_t)1 << (8 * size - 1)), hi = ((int64_t)1 << (8 * size - 1)) - 1;
    if (q < lo || q > hi)
        cpu_raise(c, EXC_DE);
    write_divres(c, size, (uint32_t)q, (uint32_t)r);
}
EXEC_SPLIT(idiv_E, idiv_body);
