/* cpu/exec_sysenter.c: SYSENTER and SYSEXIT, the Pentium II's fast system
 * call and return (SDM Vol. 2, SYSENTER and SYSEXIT, the IA-32 operation;
 * Vol. 3, 5.8.7).  Both load flat segments they describe themselves from
 * IA32_SYSENTER_CS (MSR 174h) without reading the GDT or LDT, which the
 * operating system must lay out to match: CS, SS = CS + 8 for CPL 0, and
 * CS + 16, SS = CS + 24 for CPL 3.  The 64-bit forms do not exist on an
 * IA-32 processor. */
#include "cpu/exec.h"
#include "cpu/segment.h"

/* A flat segment as the instructions load it: base 0, limit FFFFFh with
 * G = 1 (4 GiB), D/B = 1, present, S = 1, accessed; code execute/read
 * (type 11) or data read/write (type 3). */
static struct desc flat_desc(unsigned dpl, bool is_code)
{
    uint32_t access = 0x90u | (dpl << 5) | (is_code ? 0xbu : 0x3u);
    return (struct desc){ 0x0000ffffu, 0x00cf0000u | (access << 8) };
}

/* SYSENTER: #GP(0) in real mode or with a null IA32_SYSENTER_CS (bits 15:2
 * zero); allowed at any CPL and from V86 mode.  Clears VM, IF and RF. */
static void sysenter(struct cpu *c, const struct insn *in)
{
    (void)in;
    uint16_t cs = (uint16_t)(c->msr.sysenter_cs & 0xfffcu);
    if (!(c->cr0 & CR0_PE) || cs == 0)
        cpu_raise_err(c, EXC_GP, 0);
    c->eflags &= ~(uint32_t)(EFLAGS_VM | EFLAGS_IF | EFLAGS_RF);
    struct desc code = flat_desc(0, true), stack = flat_desc(0, false);
    seg_cache_load(&c->seg[SEG_SS], (uint16_t)(cs + 8), &stack);
    cpu_load_cs(c, cs, &code, 0);           /* CPL 0; recomputes the mode */
    c->gpr[REG_ESP] = c->msr.sysenter_esp;
    c->eip = c->msr.sysenter_eip;
}
EXEC_ALL(sysenter, sysenter);

/* SYSEXIT: #GP(0) in real mode, with a null IA32_SYSENTER_CS, or at CPL > 0
 * (which includes V86 mode).  CS = (MSR + 16) | 3, SS = CS + 8, ESP = ECX,
 * EIP = EDX; EFLAGS is left alone. */
static void sysexit(struct cpu *c, const struct insn *in)
{
    (void)in;
    uint16_t msr = (uint16_t)c->msr.sysenter_cs;
    if (!(c->cr0 & CR0_PE) || (msr & 0xfffcu) == 0 || c->cpl != 0)
        cpu_raise_err(c, EXC_GP, 0);
    uint16_t cs = (uint16_t)((msr + 16) | 3);
    struct desc code = flat_desc(3, true), stack = flat_desc(3, false);
    seg_cache_load(&c->seg[SEG_SS], (uint16_t)(cs + 8), &stack);
    cpu_load_cs(c, cs, &code, 3);
    c->gpr[REG_ESP] = c->gpr[REG_ECX];
    c->eip = c->gpr[REG_EDX];
}
EXEC_ALL(sysexit, sysexit);
