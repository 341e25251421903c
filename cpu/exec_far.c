/* cpu/exec_far.c: the far-transfer and interrupt instructions, and BOUND,
 * which raises #BR; the mode
 * rules live in far.c, far_pm.c, interrupt.c and interrupt_pm.c. */
#include "cpu/exec.h"
#include "cpu/far.h"
#include "cpu/interrupt.h"

static void jmp_a(struct cpu *c, const struct insn *in)
{
    far_jump(c, in->imm2, in->imm, insn_osize(in));
}
EXEC_ALL(jmp_A, jmp_a);

static void call_a(struct cpu *c, const struct insn *in)
{
    far_call(c, in->imm2, in->imm, insn_osize(in));
}
EXEC_ALL(call_A, call_a);

/* JMP/CALL m16:16 or m16:32: offset first, selector after it. */
static void read_far_ptr(struct cpu *c, const struct insn *in, uint16_t *sel, uint32_t *off)
{
    unsigned size = insn_osize(in);
    uint32_t ea = insn_ea(c, in);
    seg_lin(c, in->seg, ea, size + 2, SEG_R);
    *off = cpu_rd(c, in->seg, ea, size);
    *sel = cpu_rd16(c, in->seg, ea + size);
}

static void jmp_m(struct cpu *c, const struct insn *in)
{
    uint16_t sel;
    uint32_t off;
    read_far_ptr(c, in, &sel, &off);
    far_jump(c, sel, off, insn_osize(in));
}
EXEC_ALL(jmp_M, jmp_m);

static void call_m(struct cpu *c, const struct insn *in)
{
    uint16_t sel;
    uint32_t off;
    read_far_ptr(c, in, &sel, &off);
    far_call(c, sel, off, insn_osize(in));
}
EXEC_ALL(call_M, call_m);

static void retf(struct cpu *c, const struct insn *in)
{
    far_return(c, insn_osize(in), in->opcode == 0xca ? (uint16_t)in->imm : 0);
}
EXEC_ALL(retf, retf);

static void iret(struct cpu *c, const struct insn *in)
{
    far_iret(c, insn_osize(in));
    c->nmi_blocked = false;
}
EXEC_ALL(iret, iret);

static void int_i(struct cpu *c, const struct insn *in)
{
    cpu_interrupt(c, (uint8_t)in->imm, INT_SRC_SOFTWARE, false, 0);
}
EXEC_ALL(int_I, int_i);

static void int3(struct cpu *c, const struct insn *in)
{
    (void)in;
    cpu_interrupt(c, EXC_BP, INT_SRC_SOFT_EXC, false, 0);
}
EXEC_ALL(int3, int3);

static void into(struct cpu *c, const struct insn *in)
{
    (void)in;
    if (flags_of(c))
        cpu_interrupt(c, EXC_OF, INT_SRC_SOFT_EXC, false, 0);
}
EXEC_ALL(into, into);

/* ICEBP (F1): a #DB trap delivered like a hardware event (no gate DPL or
 * V86 IOPL check). */
static void int1(struct cpu *c, const struct insn *in)
{
    (void)in;
    cpu_interrupt(c, EXC_DB, INT_SRC_ICEBP, false, 0);
}
EXEC_ALL(int1, int1);

/* BOUND r, m: #BR (a fault) unless lower <= r <= upper, signed, with the
 * bounds pair read from memory (a register operand is #UD: decoder). */
static void bound(struct cpu *c, const struct insn *in)
{
    unsigned size = in->osz;
    uint32_t ea = insn_ea(c, in);
    seg_lin(c, in->seg, ea, 2 * size, SEG_R);
    int32_t lo, hi, v;
    if (size == 2) {
        lo = (int16_t)cpu_rd16(c, in->seg, ea);
        hi = (int16_t)cpu_rd16(c, in->seg, ea + 2);
        v = (int16_t)reg_get(c, in->reg, 2);
    } else {
        lo = (int32_t)cpu_rd32(c, in->seg, ea);
        hi = (int32_t)cpu_rd32(c, in->seg, ea + 4);
        v = (int32_t)reg_get(c, in->reg, 4);
    }
    if (v < lo || v > hi)
        cpu_raise(c, EXC_BR);
}
EXEC_ALL(bound, bound);
