/* cpu/exec_flags.c: CLC STC CMC CLD STD, LAHF SAHF, CLI STI (with the
 * protected-mode IOPL rules and the virtual interrupt flag of CR4.PVI and
 * CR4.VME: SDM Vol. 3, 20.4), NOP and HLT. */
#include "cpu/exec.h"

static void set_flag(struct cpu *c, uint32_t flag, bool on)
{
    flags_materialize(c);
    c->eflags = on ? c->eflags | flag : c->eflags & ~flag;
}

static void clc(struct cpu *c, const struct insn *in) { (void)in; set_flag(c, EFLAGS_CF, false); }
static void stc(struct cpu *c, const struct insn *in) { (void)in; set_flag(c, EFLAGS_CF, true); }
static void cmc(struct cpu *c, const struct insn *in) { (void)in; set_flag(c, EFLAGS_CF, !flags_cf(c)); }
static void cld(struct cpu *c, const struct insn *in) { (void)in; c->eflags &= ~(uint32_t)EFLAGS_DF; }
static void std_(struct cpu *c, const struct insn *in) { (void)in; c->eflags |= EFLAGS_DF; }
EXEC_ALL(clc, clc);
EXEC_ALL(stc, stc);
EXEC_ALL(cmc, cmc);
EXEC_ALL(cld, cld);
EXEC_ALL(std, std_);

/* LAHF: AH = SF ZF 0 AF 0 PF 1 CF. */
static void lahf(struct cpu *c, const struct insn *in)
{
    (void)in;
    reg_set(c, 4, 1, (cpu_get_eflags(c) & 0xd5u) | 0x02u);
}
EXEC_ALL(lahf, lahf);

static void sahf(struct cpu *c, const struct insn *in)
{
    (void)in;
    uint32_t ah = (c->gpr[REG_EAX] >> 8) & 0xffu;
    flags_materialize(c);
    c->eflags = (c->eflags & ~(uint32_t)0xd5u) | (ah & 0xd5u);
}
EXEC_ALL(sahf, sahf);

/* Who may change IF, and whether VIF stands in for it (SDM CLI/STI). */
enum if_access { IF_DIRECT, IF_VIRTUAL, IF_FAULT };

static enum if_access if_access(const struct cpu *c)
{
    if (c->mode == MODE_REAL)
        return IF_DIRECT;
    if (c->mode == MODE_PROT) {
        if (c->cpl <= cpu_iopl(c))
            return IF_DIRECT;
        return (c->cpl == 3 && (c->cr4 & CR4_PVI)) ? IF_VIRTUAL : IF_FAULT;
    }
    if (cpu_iopl(c) == 3)
        return IF_DIRECT;
    return (c->cr4 & CR4_VME) ? IF_VIRTUAL : IF_FAULT;
}

static void cli(struct cpu *c, const struct insn *in)
{
    (void)in;
    switch (if_access(c)) {
    case IF_DIRECT: c->eflags &= ~(uint32_t)EFLAGS_IF; break;
    case IF_VIRTUAL: c->eflags &= ~(uint32_t)EFLAGS_VIF; break;
    default: cpu_raise_err(c, EXC_GP, 0);
    }
}
EXEC_ALL(cli, cli);

/* STI: interrupts are recognised only after the next instruction. */
static void sti(struct cpu *c, const struct insn *in)
{
    (void)in;
    switch (if_access(c)) {
    case IF_DIRECT:
        if (!(c->eflags & EFLAGS_IF)) {
            /* The shadow lasts one instruction: the run loop must see it
             * right after this one (as for MOV SS, cpu_ss_shadow). */
            c->intr_shadow = true;
            cpu_end_trace(c);
            c->pending |= PENDING_STEP;
        }
        c->eflags |= EFLAGS_IF;
        if (c->intr_line)
            c->pending |= PENDING_INTR;
        break;
    case IF_VIRTUAL:
        if (c->eflags & EFLAGS_VIP)
            cpu_raise_err(c, EXC_GP, 0);
        c->eflags |= EFLAGS_VIF;
        break;
    default:
        cpu_raise_err(c, EXC_GP, 0);
    }
}
EXEC_ALL(sti, sti);

static void nop(struct cpu *c, const struct insn *in)
{
    (void)c;
    (void)in;
}
EXEC_ALL(nop, nop);

static void hlt(struct cpu *c, const struct insn *in)
{
    (void)in;
    require_cpl0(c);
    c->halted = true;
    end_trace(c);
}
EXEC_ALL(hlt, hlt);
