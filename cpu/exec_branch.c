/* cpu/exec_branch.c: near control transfers: Jcc, JMP, CALL, RET, LOOP,
 * LOOPE, LOOPNE, JCXZ/JECXZ (SDM Vol. 2).  A target outside CS is #GP(0)
 * raised by the branch itself; with a 16-bit operand size the target is
 * truncated to 16 bits first. */
#include "cpu/exec.h"

/* Conditional branches sit inside traces (run.c); taken, they end the trace. */
static void jcc(struct cpu *c, const struct insn *in)
{
    if (cond_eval(c, in->opcode & 0xfu)) {
        branch_near(c, in, c->eip + in->imm);
        end_trace(c);
    }
}
EXEC_ALL(jcc, jcc);

static void jmp_j(struct cpu *c, const struct insn *in)
{
    branch_near(c, in, c->eip + in->imm);
}
EXEC_ALL(jmp_J, jmp_j);

static ALWAYS_INLINE void jmp_e(struct cpu *c, const struct insn *in, unsigned size, bool mem)
{
    branch_near(c, in, e_read(c, in, size, mem));
}
EXEC_SPLIT(jmp_E, jmp_e);

static void call_to(struct cpu *c, const struct insn *in, uint32_t target)
{
    unsigned size = insn_osize(in);
    uint32_t ret = c->eip;
    uint32_t sp = sp_get(c);
    branch_near(c, in, target);         /* checks the target before the push */
    stk_push(c, &sp, size, ret);
    sp_set(c, sp);
}

static void call_j(struct cpu *c, const struct insn *in)
{
    call_to(c, in, c->eip + in->imm);
}
EXEC_ALL(call_J, call_j);

static ALWAYS_INLINE void call_e(struct cpu *c, const struct insn *in, unsigned size, bool mem)
{
    call_to(c, in, e_read(c, in, size, mem));
}
EXEC_SPLIT(call_E, call_e);

/* RET [imm16]: pop the return offset, then release imm16 bytes. */
static void ret(struct cpu *c, const struct insn *in)
{
    unsigned size = insn_osize(in);
    uint32_t sp = sp_get(c);
    uint32_t target = stk_pop(c, &sp, size);
    branch_near(c, in, target);
    sp += in->opcode == 0xc2 ? (in->imm & 0xffffu) : 0;
    sp_set(c, stack_is32(c) ? sp : sp & 0xffffu);
}
EXEC_ALL(ret, ret);

/* LOOP/LOOPE/LOOPNE: decrement CX or ECX (by address size) without
 * touching flags, then branch while it is non-zero (and ZF matches). */
static void loop(struct cpu *c, const struct insn *in)
{
    uint32_t n = count_get(c, in) - 1;
    if (!(in->pfx & PFX_A32))
        n &= 0xffffu;
    bool take = n != 0;
    if (in->mn == MN_LOOPE)
        take = take && flags_zf(c);
    else if (in->mn == MN_LOOPNE)
        take = take && !flags_zf(c);
    uint32_t target = take ? near_target(c, in, c->eip + in->imm) : c->eip;
    count_set(c, in, n);            /* after the target check: restartable */
    c->eip = target;
    if (take)
        end_trace(c);
}
EXEC_ALL(loop, loop);

static void jcxz(struct cpu *c, const struct insn *in)
{
    if (count_get(c, in) == 0) {
        branch_near(c, in, c->eip + in->imm);
        end_trace(c);
    }
}
EXEC_ALL(jcxz, jcxz);
