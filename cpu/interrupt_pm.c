/* cpu/interrupt_pm.c: interrupt and exception delivery through the IDT in
 * protected and virtual-8086 mode (SDM Vol. 3, 6.10-6.14 and 20.3), with
 * the V86 interrupt redirection of CR4.VME (20.4.6, method 5).
 * Error codes for faults during delivery carry EXT for external events and
 * exceptions, and IDT (bit 1) when they name an IDT entry. */
#include "cpu/exec.h"
#include "cpu/far.h"
#include "cpu/interrupt.h"

/* V86 with CR4.VME: a software INT n whose bit in the TSS's interrupt
 * redirection bitmap is clear goes to the real-mode IVT inside V86 mode.
 * Returns true when it did so. */
static bool v86_redirect(struct cpu *c, uint8_t vector)
{
    unsigned type = c->tr.attr & SEG_ATTR_TYPE;
    if ((type != DESC_TSS32_AVAIL && type != DESC_TSS32_BUSY) || c->tr.limit < 103)
        cpu_raise_err(c, EXC_GP, 0);
    uint32_t iobase = sys_read(c, c->tr.base + 102, 2);
    if (iobase < 32 || iobase - 32 + (vector >> 3) > c->tr.limit)
        cpu_raise_err(c, EXC_GP, 0);
    uint32_t bits = sys_read(c, c->tr.base + iobase - 32 + (vector >> 3), 1);
    if (bits & (1u << (vector & 7)))
        return false;           /* redirection disabled for this vector */
    uint32_t entry = lin_read(c, (uint32_t)vector * 4, 4);
    uint32_t fl = cpu_get_eflags(c);
    if (cpu_iopl(c) < 3)
        fl = (fl & ~(uint32_t)EFLAGS_IF) | ((fl & EFLAGS_VIF) ? EFLAGS_IF : 0) | EFLAGS_IOPL;
    uint32_t sp = sp_get(c);
    stk_push(c, &sp, 2, fl);
    stk_push(c, &sp, 2, c->seg[SEG_CS].sel);
    stk_push(c, &sp, 2, c->eip);
    sp_set(c, sp);
    if (cpu_iopl(c) < 3)
        c->eflags &= ~(uint32_t)(EFLAGS_VIF | EFLAGS_TF);
    else
        c->eflags &= ~(uint32_t)(EFLAGS_IF | EFLAGS_TF);
    cpu_load_seg_real(c, SEG_CS, (uint16_t)(entry >> 16));
    c->eip = entry & 0xffffu;
    return true;
}

/* The EFLAGS bits a gate clears on entry (SDM Vol. 3, 6.12.1.2), once
 * nothing can fault any more. */
static void clear_entry_flags(struct cpu *c, unsigned gate_type)
{
    c->eflags &= ~(uint32_t)(EFLAGS_TF | EFLAGS_NT | EFLAGS_RF | EFLAGS_VM);
    if (gate_type == DESC_INT16 || gate_type == DESC_INT32)
        c->eflags &= ~(uint32_t)EFLAGS_IF;
}

void pm_interrupt(struct cpu *c, uint8_t vector, enum int_source src, bool has_error,
                  uint32_t error_code)
{
    bool soft = src == INT_SRC_SOFTWARE || src == INT_SRC_SOFT_EXC;
    unsigned ext = soft ? 0 : 1;
    uint32_t idt_err = (uint32_t)vector * 8 + 2 + ext;

    if (c->mode == MODE_V86 && src == INT_SRC_SOFTWARE) {
        if ((c->cr4 & CR4_VME) && v86_redirect(c, vector))
            return;
        if (cpu_iopl(c) < 3)
            cpu_raise_err(c, EXC_GP, 0);
    }
    if ((uint32_t)vector * 8 + 7 > c->idtr.limit)
        cpu_raise_err(c, EXC_GP, idt_err);
    struct desc gate;
    gate.lo = sys_read(c, c->idtr.base + (uint32_t)vector * 8, 4);
    gate.hi = sys_read(c, c->idtr.base + (uint32_t)vector * 8 + 4, 4);
    unsigned type = desc_type(&gate);
    if (desc_is_seg(&gate) || !(type == DESC_TASK || type == DESC_INT16 ||
                                type == DESC_TRAP16 || type == DESC_INT32 ||
                                type == DESC_TRAP32))
        cpu_raise_err(c, EXC_GP, idt_err);
    if (soft && desc_dpl(&gate) < c->cpl)
        cpu_raise_err(c, EXC_GP, idt_err);
    if (!desc_present(&gate))
        cpu_raise_err(c, EXC_NP, idt_err);

    if (type == DESC_TASK) {
        uint16_t tss = gate_selector(&gate);
        struct desc t;
        /* SDM INT n, TASK-GATE: a TSS selector in the LDT or past the GDT,
         * or a TSS that is busy (or no TSS at all), is #GP(TSS selector). */
        if ((tss & 4) || !desc_read(c, tss, &t))
            cpu_raise_err(c, EXC_GP, (tss & 0xfffcu) | ext);
        unsigned tt = desc_type(&t);
        if (desc_is_seg(&t) || (tt != DESC_TSS16_AVAIL && tt != DESC_TSS32_AVAIL))
            cpu_raise_err(c, EXC_GP, (tss & 0xfffcu) | ext);
        if (!desc_present(&t))
            cpu_raise_err(c, EXC_NP, (tss & 0xfffcu) | ext);
        task_switch(c, tss, &t, TASK_INT, ext, has_error, error_code);
        return;
    }

    uint16_t sel = gate_selector(&gate);
    struct desc cd;
    if ((sel & 0xfffcu) == 0)
        cpu_raise_err(c, EXC_GP, ext);
    if (!desc_read(c, sel, &cd))
        cpu_raise_err(c, EXC_GP, (sel & 0xfffcu) | ext);
    if (!desc_is_seg(&cd) || !(desc_type(&cd) & 8) || desc_dpl(&cd) > c->cpl)
        cpu_raise_err(c, EXC_GP, (sel & 0xfffcu) | ext);
    if (!desc_present(&cd))
        cpu_raise_err(c, EXC_NP, (sel & 0xfffcu) | ext);
    uint32_t off = gate_offset(&gate);
    unsigned gsize = (type == DESC_INT32 || type == DESC_TRAP32) ? 4 : 2;
    if (gsize == 2)
        off &= 0xffffu;
    if (off > desc_limit(&cd))
        cpu_raise_err(c, EXC_GP, ext);
    bool conforming = (desc_type(&cd) & 4) != 0;
    unsigned dpl = conforming ? c->cpl : desc_dpl(&cd);
    bool from_v86 = c->mode == MODE_V86;
    if (from_v86 && dpl != 0)
        cpu_raise_err(c, EXC_GP, (sel & 0xfffcu) | ext);

    uint32_t fl = cpu_get_eflags(c);
    uint16_t old_cs = c->seg[SEG_CS].sel;
    uint32_t old_eip = c->eip;

    if (dpl < c->cpl) {
        /* To an inner level: the TSS stack for that level. */
        uint16_t nss;
        uint32_t nesp;
        struct desc ssd;
        /* SDM INT n: #TS and #SS of the stack switch carry EXT. */
        tss_stack(c, dpl, ext, &nss, &nesp);
        check_new_ss(c, nss, dpl, ext, &ssd);
        struct seg_cache ss;
        seg_cache_load(&ss, nss, &ssd);
        bool big = (ss.attr & SEG_ATTR_DB) != 0;
        uint32_t sp = big ? nesp : nesp & 0xffffu;
        uint32_t vals[12];
        unsigned n = 0;
        if (from_v86) {
            vals[n++] = c->seg[SEG_GS].sel;
            vals[n++] = c->seg[SEG_FS].sel;
            vals[n++] = c->seg[SEG_DS].sel;
            vals[n++] = c->seg[SEG_ES].sel;
        }
        vals[n++] = c->seg[SEG_SS].sel;
        vals[n++] = c->gpr[REG_ESP];
        vals[n++] = fl;
        vals[n++] = old_cs;
        vals[n++] = old_eip;
        if (has_error)
            vals[n++] = error_code;
        if (gsize == 2) {
            for (unsigned i = 0; i < n; i++)
                vals[i] &= 0xffffu;
        }
        /* Writes below the old stack are harmless if a later one faults:
         * nothing is committed until SS:ESP are loaded. */
        inner_stack_push(c, &ss, ext, &sp, gsize, vals, n);
        desc_touch(c, nss, &ssd);
        c->seg[SEG_SS] = ss;            /* as loaded above, with the accessed bit now set */
        c->seg[SEG_SS].attr = desc_attr(&ssd);
        if (from_v86) {
            c->eflags &= ~(uint32_t)EFLAGS_VM;
            seg_cache_null(&c->seg[SEG_GS], 0);
            seg_cache_null(&c->seg[SEG_FS], 0);
            seg_cache_null(&c->seg[SEG_DS], 0);
            seg_cache_null(&c->seg[SEG_ES], 0);
        }
        desc_touch(c, sel, &cd);
        c->mode = MODE_PROT;
        clear_entry_flags(c, type);
        cpu_load_cs(c, sel, &cd, dpl);      /* recomputes the mode with the new EFLAGS */
        sp_set(c, sp);
    } else {
        uint32_t sp = sp_get(c);
        stk_push(c, &sp, gsize, fl);
        stk_push(c, &sp, gsize, old_cs);
        stk_push(c, &sp, gsize, old_eip);
        if (has_error)
            stk_push(c, &sp, gsize, error_code);
        desc_touch(c, sel, &cd);
        clear_entry_flags(c, type);
        cpu_load_cs(c, sel, &cd, dpl);
        sp_set(c, sp);
    }
    c->eip = off;
}
