/* cpu/far.c: far transfers in real and virtual-8086 mode, and the dispatch
 * to protected mode.  Real mode loads CS as selector << 4 and checks only
 * the offset against the CS limit. */
#include "cpu/far.h"

#include "cpu/exec.h"

static uint32_t real_target(struct cpu *c, uint32_t off, unsigned osize)
{
    if (osize == 2)
        off &= 0xffffu;
    /* The new CS keeps its cached limit (64 KiB in real mode). */
    if (off > c->seg[SEG_CS].limit)
        cpu_raise_err(c, EXC_GP, 0);
    return off;
}

void far_jump(struct cpu *c, uint16_t sel, uint32_t off, unsigned osize)
{
    if (c->mode == MODE_PROT) {
        pm_far_jump(c, sel, off, osize);
        return;
    }
    off = real_target(c, off, osize);
    cpu_load_seg_real(c, SEG_CS, sel);
    c->eip = off;
    cpu_update_mode(c);
}

void far_call(struct cpu *c, uint16_t sel, uint32_t off, unsigned osize)
{
    if (c->mode == MODE_PROT) {
        pm_far_call(c, sel, off, osize);
        return;
    }
    off = real_target(c, off, osize);
    uint32_t sp = sp_get(c);
    stk_push(c, &sp, osize, c->seg[SEG_CS].sel);
    stk_push(c, &sp, osize, c->eip);
    sp_set(c, sp);
    cpu_load_seg_real(c, SEG_CS, sel);
    c->eip = off;
    cpu_update_mode(c);
}

void far_return(struct cpu *c, unsigned osize, uint16_t release)
{
    if (c->mode == MODE_PROT) {
        pm_far_return(c, osize, release);
        return;
    }
    uint32_t sp = sp_get(c);
    uint32_t off = stk_pop(c, &sp, osize);
    uint16_t sel = (uint16_t)stk_pop(c, &sp, osize);
    off = real_target(c, off, osize);
    sp += release;
    sp_set(c, stack_is32(c) ? sp : sp & 0xffffu);
    cpu_load_seg_real(c, SEG_CS, sel);
    c->eip = off;
    cpu_update_mode(c);
}

/* Real-mode IRET: all of FLAGS (16-bit) or EFLAGS but VM, VIF, VIP (32-bit). */
static void real_iret(struct cpu *c, unsigned osize)
{
    uint32_t sp = sp_get(c);
    uint32_t off = stk_pop(c, &sp, osize);
    uint16_t sel = (uint16_t)stk_pop(c, &sp, osize);
    uint32_t fl = stk_pop(c, &sp, osize);
    off = real_target(c, off, osize);
    sp_set(c, sp);
    cpu_load_seg_real(c, SEG_CS, sel);
    c->eip = off;
    uint32_t mask = osize == 4 ? ~(uint32_t)(EFLAGS_VM | EFLAGS_VIF | EFLAGS_VIP) : 0xffffu;
    cpu_set_eflags(c, fl, mask);
    cpu_end_trace(c);
}

/* V86 IRET (SDM IRET, "IF VM = 1"): with IOPL 3 it acts as in real mode
 * but IOPL stays; with IOPL < 3 only a 16-bit IRET under CR4.VME works,
 * moving IF into VIF. */
static void v86_iret(struct cpu *c, unsigned osize)
{
    uint32_t sp = sp_get(c);
    uint32_t off, fl;
    uint16_t sel;
    if (cpu_iopl(c) == 3) {
        off = stk_pop(c, &sp, osize);
        sel = (uint16_t)stk_pop(c, &sp, osize);
        fl = stk_pop(c, &sp, osize);
        off = real_target(c, off, osize);
        sp_set(c, sp);
        cpu_load_seg_real(c, SEG_CS, sel);
        c->eip = off;
        uint32_t mask = (osize == 4 ? 0xffffffffu : 0xffffu) &
                        ~(uint32_t)(EFLAGS_VM | EFLAGS_IOPL | EFLAGS_VIF | EFLAGS_VIP);
        cpu_set_eflags(c, fl, mask);
        cpu_end_trace(c);
        return;
    }
    if (osize == 4 || !(c->cr4 & CR4_VME))
        cpu_raise_err(c, EXC_GP, 0);
    off = stk_pop(c, &sp, 2);
    sel = (uint16_t)stk_pop(c, &sp, 2);
    fl = stk_pop(c, &sp, 2);
    if ((fl & EFLAGS_TF) || ((fl & EFLAGS_IF) && (c->eflags & EFLAGS_VIP)))
        cpu_raise_err(c, EXC_GP, 0);
    off = real_target(c, off, 2);
    sp_set(c, sp);
    cpu_load_seg_real(c, SEG_CS, sel);
    c->eip = off;
    cpu_set_eflags(c, (fl & 0xffffu) | ((fl & EFLAGS_IF) ? EFLAGS_VIF : 0),
                   (0xffffu & ~(uint32_t)(EFLAGS_IF | EFLAGS_IOPL)) | EFLAGS_VIF);
    cpu_end_trace(c);
}

void far_iret(struct cpu *c, unsigned osize)
{
    switch (c->mode) {
    case MODE_REAL: real_iret(c, osize); break;
    case MODE_V86: v86_iret(c, osize); break;
    default: pm_iret(c, osize); break;
    }
}
