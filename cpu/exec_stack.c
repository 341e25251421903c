/* cpu/exec_stack.c: PUSH, POP, PUSHA, POPA, PUSHF, POPF, ENTER, LEAVE and
 * the segment-register pushes (SDM Vol. 2).  The stack address size is
 * SS.B; the operand size is the instruction's.  ESP changes only once
 * every access has succeeded. */
#include "cpu/exec.h"
#include "cpu/interrupt.h"
#include "cpu/segment.h"

static ALWAYS_INLINE void push_e(struct cpu *c, const struct insn *in, unsigned size, bool mem)
{
    push(c, size, e_read(c, in, size, mem));    /* PUSH ESP pushes the old value */
}
EXEC_SPLIT(push_E, push_e);

static void push_i(struct cpu *c, const struct insn *in)
{
    push(c, in->osz, in->imm);
}
EXEC_ALL(push_I, push_i);

/* POP r/m: the value is read first; a memory destination addressed through
 * ESP uses the incremented ESP (SDM POP). */
static ALWAYS_INLINE void pop_e(struct cpu *c, const struct insn *in, unsigned size, bool mem)
{
    uint32_t sp = sp_get(c);
    uint32_t v = stk_pop(c, &sp, size);
    if (!mem) {
        sp_set(c, sp);
        reg_set(c, in->rm, size, v);        /* POP ESP: ESP = the popped value */
        return;
    }
    uint32_t old_esp = c->gpr[REG_ESP];
    sp_set(c, sp);
    uint32_t off = insn_ea(c, in);
    c->gpr[REG_ESP] = old_esp;
    cpu_wr(c, in->seg, off, size, v);
    sp_set(c, sp);
}
EXEC_SPLIT(pop_E, pop_e);

static unsigned seg_of_opcode(const struct insn *in)
{
    if (in->flags & INSN_0F)
        return in->opcode < 0xa8 ? SEG_FS : SEG_GS;
    return (in->opcode >> 3) & 3;
}

/* A 32-bit push of a segment register writes only the low 16 bits of the
 * stack slot, as Intel processors do. */
static void push_seg(struct cpu *c, const struct insn *in)
{
    uint32_t sp = sp_get(c);
    unsigned size = insn_osize(in);
    sp -= size;
    if (!stack_is32(c))
        sp &= 0xffffu;
    if (size == 4)
        seg_lin(c, SEG_SS, sp, 4, SEG_W);
    cpu_wr16(c, SEG_SS, sp, c->seg[seg_of_opcode(in)].sel);
    sp_set(c, sp);
}
EXEC_ALL(push_seg, push_seg);

static void pop_seg(struct cpu *c, const struct insn *in)
{
    uint32_t sp = sp_get(c);
    unsigned seg = seg_of_opcode(in);
    uint16_t sel = (uint16_t)stk_pop(c, &sp, insn_osize(in));
    cpu_load_seg(c, seg, sel);
    sp_set(c, sp);
    if (seg == SEG_SS)
        cpu_ss_shadow(c);
}
EXEC_ALL(pop_seg, pop_seg);

static void pusha(struct cpu *c, const struct insn *in)
{
    unsigned size = insn_osize(in);
    uint32_t sp = sp_get(c), orig = c->gpr[REG_ESP];
    for (unsigned r = REG_EAX; r <= REG_EDI; r++)
        stk_push(c, &sp, size, r == REG_ESP ? orig : c->gpr[r]);
    sp_set(c, sp);
}
EXEC_ALL(pusha, pusha);

static void popa(struct cpu *c, const struct insn *in)
{
    unsigned size = insn_osize(in);
    uint32_t sp = sp_get(c), v[8];
    for (int r = REG_EDI; r >= REG_EAX; r--)
        v[r] = stk_pop(c, &sp, size);       /* the ESP slot is read and dropped */
    for (unsigned r = REG_EAX; r <= REG_EDI; r++) {
        if (r != REG_ESP)
            reg_set(c, r, size, v[r]);
    }
    sp_set(c, sp);
}
EXEC_ALL(popa, popa);

/* PUSHF: VM and RF read as 0 in the pushed image.  In V86 mode with
 * IOPL < 3 it faults, unless CR4.VME lets a 16-bit PUSHF show VIF as IF. */
static void pushf(struct cpu *c, const struct insn *in)
{
    unsigned size = insn_osize(in);
    uint32_t f = cpu_get_eflags(c) & ~(uint32_t)(EFLAGS_VM | EFLAGS_RF);
    if (c->mode == MODE_V86 && cpu_iopl(c) < 3) {
        if (size == 4 || !(c->cr4 & CR4_VME))
            cpu_raise_err(c, EXC_GP, 0);
        f = (f & ~(uint32_t)EFLAGS_IF) | ((c->eflags & EFLAGS_VIF) ? EFLAGS_IF : 0) |
            EFLAGS_IOPL;
    }
    push(c, size, size == 4 ? f & 0x00fcffffu : f);
}
EXEC_ALL(pushf, pushf);

/* POPF (SDM Vol. 2): which bits it may change depends on the mode, CPL and
 * IOPL; VM, VIF and VIP never change, RF is cleared. */
static void popf(struct cpu *c, const struct insn *in)
{
    unsigned size = insn_osize(in);
    uint32_t sp = sp_get(c);
    uint32_t v = stk_pop(c, &sp, size);
    uint32_t mask = EFLAGS_ARITH | EFLAGS_TF | EFLAGS_DF | EFLAGS_NT | EFLAGS_AC | EFLAGS_ID;
    if (c->mode == MODE_V86) {
        if (cpu_iopl(c) < 3) {
            /* VME: a 16-bit POPF copies IF to VIF; it faults if that would
             * set TF, or enable interrupts with one pending (VIP). */
            if (size == 4 || !(c->cr4 & CR4_VME))
                cpu_raise_err(c, EXC_GP, 0);
            if ((v & EFLAGS_TF) || ((v & EFLAGS_IF) && (c->eflags & EFLAGS_VIP)))
                cpu_raise_err(c, EXC_GP, 0);
            sp_set(c, sp);
            cpu_set_eflags(c, (v & 0xffffu) | ((v & EFLAGS_IF) ? EFLAGS_VIF : 0),
                           (mask & 0xffffu) | EFLAGS_VIF);
            return;
        }
        mask |= EFLAGS_IF;          /* IOPL itself stays */
    } else {
        if (c->cpl == 0)
            mask |= EFLAGS_IOPL;
        if (c->cpl <= cpu_iopl(c))
            mask |= EFLAGS_IF;
    }
    if (size == 2)
        mask &= 0xffffu;
    sp_set(c, sp);
    cpu_set_eflags(c, v, mask | EFLAGS_RF);
    c->eflags &= ~(uint32_t)EFLAGS_RF;
}
EXEC_ALL(popf, popf);

/* ENTER imm16, imm8 (SDM Vol. 2 pseudocode): push BP, copy `level - 1`
 * frame pointers from the old frame, push the new frame pointer, then
 * allocate.  BP/EBP and SP/ESP by stack size; pushes by operand size. */
static void enter(struct cpu *c, const struct insn *in)
{
    unsigned size = insn_osize(in);
    unsigned level = in->imm2 & 31;
    uint32_t alloc = in->imm & 0xffffu;
    bool big = stack_is32(c);
    uint32_t sp = sp_get(c);
    uint32_t bp = big ? c->gpr[REG_EBP] : c->gpr[REG_EBP] & 0xffffu;
    stk_push(c, &sp, size, reg_get(c, REG_EBP, size));
    uint32_t frame = sp;
    if (level > 0) {
        for (unsigned i = 1; i < level; i++) {
            bp = big ? bp - size : (bp - size) & 0xffffu;
            stk_push(c, &sp, size, cpu_rd(c, SEG_SS, bp, size));
        }
        stk_push(c, &sp, size, frame);
    }
    uint32_t new_sp = big ? sp - alloc : (sp - alloc) & 0xffffu;
    const struct seg_cache *ss = &c->seg[SEG_SS];
    if (new_sp < ss->valid_lo || new_sp > ss->valid_hi)
        cpu_raise_err(c, EXC_SS, 0);
    if (big)
        c->gpr[REG_EBP] = frame;
    else
        reg_set(c, REG_EBP, 2, frame);
    sp_set(c, new_sp);
}
EXEC_ALL(enter, enter);

static void leave(struct cpu *c, const struct insn *in)
{
    unsigned size = insn_osize(in);
    uint32_t sp = stack_is32(c) ? c->gpr[REG_EBP] : c->gpr[REG_EBP] & 0xffffu;
    uint32_t v = stk_pop(c, &sp, size);
    sp_set(c, sp);
    reg_set(c, REG_EBP, size, v);
}
EXEC_ALL(leave, leave);
