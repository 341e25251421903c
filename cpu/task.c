/* cpu/task.c: hardware task switching with 16- and 32-bit TSSs (SDM Vol. 3,
 * 7.3): busy bits, NT and the back link, the LDT and CR3 switch, CR0.TS and
 * the TSS debug trap bit.  The new TSS is read completely before anything
 * is written, so a fault before the switch leaves the old task intact;
 * faults loading the new task's segments happen in the new task's context,
 * as on the hardware. */
#include "cpu/exec.h"
#include "cpu/far.h"
#include "cpu/interrupt.h"

struct tss_image {
    uint32_t cr3, eip, eflags, gpr[8];
    uint16_t seg[SEG_COUNT], ldt;
    uint16_t trap;
};

static bool tss_is32(unsigned type)
{
    return type == DESC_TSS32_AVAIL || type == DESC_TSS32_BUSY;
}

static void read_tss(struct cpu *c, uint32_t base, bool is32, struct tss_image *t)
{
    if (is32) {
        t->cr3 = sys_read(c, base + 0x1c, 4);
        t->eip = sys_read(c, base + 0x20, 4);
        t->eflags = sys_read(c, base + 0x24, 4);
        for (unsigned i = 0; i < 8; i++)
            t->gpr[i] = sys_read(c, base + 0x28 + 4 * i, 4);
        for (unsigned i = 0; i < SEG_COUNT; i++)
            t->seg[i] = (uint16_t)sys_read(c, base + 0x48 + 4 * i, 2);
        t->ldt = (uint16_t)sys_read(c, base + 0x60, 2);
        t->trap = (uint16_t)sys_read(c, base + 0x64, 2);
    } else {
        t->cr3 = 0;
        t->eip = sys_read(c, base + 0x0e, 2);
        t->eflags = sys_read(c, base + 0x10, 2);
        for (unsigned i = 0; i < 8; i++)
            t->gpr[i] = sys_read(c, base + 0x12 + 2 * i, 2);
        for (unsigned i = 0; i < 4; i++)                 /* ES CS SS DS */
            t->seg[i] = (uint16_t)sys_read(c, base + 0x22 + 2 * i, 2);
        t->seg[SEG_FS] = t->seg[SEG_GS] = 0;
        t->ldt = (uint16_t)sys_read(c, base + 0x2a, 2);
        t->trap = 0;
    }
}

/* Save the dynamic fields of the outgoing task. */
static void save_tss(struct cpu *c, uint32_t base, bool is32, uint32_t eflags)
{
    if (is32) {
        sys_write(c, base + 0x20, 4, c->eip);
        sys_write(c, base + 0x24, 4, eflags);
        for (unsigned i = 0; i < 8; i++)
            sys_write(c, base + 0x28 + 4 * i, 4, c->gpr[i]);
        for (unsigned i = 0; i < SEG_COUNT; i++)
            sys_write(c, base + 0x48 + 4 * i, 2, c->seg[i].sel);
    } else {
        sys_write(c, base + 0x0e, 2, c->eip);
        sys_write(c, base + 0x10, 2, eflags);
        for (unsigned i = 0; i < 8; i++)
            sys_write(c, base + 0x12 + 2 * i, 2, c->gpr[i]);
        for (unsigned i = 0; i < 4; i++)
            sys_write(c, base + 0x22 + 2 * i, 2, c->seg[i].sel);
    }
}

/* Faults of a task switch carry EXT when an exception or external
 * interrupt caused the switch (SDM Vol. 3, 6.13). */
static _Noreturn void ts_fault(struct cpu *c, uint8_t vector, uint16_t sel, unsigned ext)
{
    cpu_raise_err(c, vector, (sel & 0xfffcu) | ext);
}

/* Segment loads of the incoming task, with its #TS/#NP/#SS faults. */
static void load_task_segments(struct cpu *c, const struct tss_image *t, unsigned ext)
{
    /* LDT first: the other selectors may refer to it. */
    if ((t->ldt & 0xfffcu) == 0) {
        seg_cache_null(&c->ldtr, t->ldt);
    } else {
        struct desc d;
        if ((t->ldt & 4) || !desc_read(c, t->ldt, &d) || desc_is_seg(&d) ||
            desc_type(&d) != DESC_LDT)
            ts_fault(c, EXC_TS, t->ldt, ext);
        if (!desc_present(&d))
            ts_fault(c, EXC_TS, t->ldt, ext);
        seg_cache_load(&c->ldtr, t->ldt, &d);
    }
    if (c->eflags & EFLAGS_VM) {
        for (unsigned i = 0; i < SEG_COUNT; i++)
            cpu_load_seg_real(c, i, t->seg[i]);
        return;
    }
    unsigned cpl = t->seg[SEG_CS] & 3u;
    /* CS */
    struct desc d;
    uint16_t cs = t->seg[SEG_CS];
    if ((cs & 0xfffcu) == 0 || !desc_read(c, cs, &d) || !desc_is_seg(&d) ||
        !(desc_type(&d) & 8))
        ts_fault(c, EXC_TS, cs, ext);
    if ((desc_type(&d) & 4) ? desc_dpl(&d) > cpl : desc_dpl(&d) != cpl)
        ts_fault(c, EXC_TS, cs, ext);
    if (!desc_present(&d))
        ts_fault(c, EXC_NP, cs, ext);
    desc_touch(c, cs, &d);
    cpu_load_cs(c, cs, &d, cpl);
    /* SS */
    uint16_t ss = t->seg[SEG_SS];
    if ((ss & 0xfffcu) == 0 || !desc_read(c, ss, &d) || !desc_is_seg(&d) ||
        (desc_type(&d) & 8) || !(desc_type(&d) & 2) || (ss & 3u) != cpl ||
        desc_dpl(&d) != cpl)
        ts_fault(c, EXC_TS, ss, ext);
    if (!desc_present(&d))
        ts_fault(c, EXC_SS, ss, ext);
    desc_touch(c, ss, &d);
    seg_cache_load(&c->seg[SEG_SS], ss, &d);
    /* DS ES FS GS */
    static const unsigned data[] = { SEG_ES, SEG_DS, SEG_FS, SEG_GS };
    for (unsigned i = 0; i < 4; i++) {
        uint16_t sel = t->seg[data[i]];
        if ((sel & 0xfffcu) == 0) {
            seg_cache_null(&c->seg[data[i]], sel);
            continue;
        }
        if (!desc_read(c, sel, &d) || !desc_is_seg(&d) ||
            ((desc_type(&d) & 8) && !(desc_type(&d) & 2)))
            ts_fault(c, EXC_TS, sel, ext);
        bool conforming_code = (desc_type(&d) & 0xc) == 0xc;
        if (!conforming_code && ((sel & 3u) > desc_dpl(&d) || cpl > desc_dpl(&d)))
            ts_fault(c, EXC_TS, sel, ext);
        if (!desc_present(&d))
            ts_fault(c, EXC_NP, sel, ext);
        desc_touch(c, sel, &d);
        seg_cache_load(&c->seg[data[i]], sel, &d);
    }
}

/* The built-in debugger's task-switch breakpoint: the switch is committed
 * when this is called, even if loading the new segments then faults. */
static NOINLINE void report_to_debugger(struct cpu *c, uint16_t old_tr, uint16_t new_tr)
{
    struct cpu_dbg_event ev = { .kind = CPU_DBG_TASK_SWITCH, .old_tr = old_tr,
                                .new_tr = new_tr };
    c->dbg_event(c->dbg_opaque, c, &ev);
}

void task_switch(struct cpu *c, uint16_t tss_sel, struct desc *nd, enum task_reason why,
                 unsigned ext, bool has_error, uint32_t error_code)
{
    unsigned ntype = desc_type(nd);
    bool n32 = tss_is32(ntype);
    uint32_t nbase = desc_base(nd), nlimit = desc_limit(nd);
    if (nlimit < (n32 ? 0x67u : 0x2bu))
        ts_fault(c, EXC_TS, tss_sel, ext);

    /* Everything of the new task is read before the old one changes. */
    struct tss_image t;
    read_tss(c, nbase, n32, &t);
    unsigned otype = c->tr.attr & SEG_ATTR_TYPE;
    bool o32 = tss_is32(otype);
    uint32_t obase = c->tr.base;
    uint16_t osel = c->tr.sel;

    uint32_t eflags = cpu_get_eflags(c);
    if (why == TASK_IRET)
        eflags &= ~(uint32_t)EFLAGS_NT;
    /* Probe the writes to the old TSS (a fault here is in the old task). */
    mem_prepare_write(c, obase + (o32 ? 0x20 : 0x0e), o32 ? 0x40 : 0x1c, ACC_SYS);
    save_tss(c, obase, o32, eflags);

    if (why == TASK_JMP || why == TASK_IRET) {
        struct desc od;
        if (desc_read(c, osel, &od))
            desc_write_hi(c, osel, od.hi & ~(1u << 9));    /* clear busy */
    }
    if (why == TASK_CALL || why == TASK_INT) {
        sys_write(c, nbase, 2, osel);                     /* back link */
        t.eflags |= EFLAGS_NT;
    }
    if (why != TASK_IRET)
        nd->hi |= 1u << 9;                                /* set busy */
    desc_write_hi(c, tss_sel, nd->hi);

    /* Commit the new task's state. */
    c->tr.sel = tss_sel;
    c->tr.base = nbase;
    c->tr.limit = nlimit;
    c->tr.attr = desc_attr(nd);
    c->cr0 |= CR0_TS;
    if (n32 && (c->cr0 & CR0_PG) && t.cr3 != c->cr3) {
        c->cr3 = t.cr3;
        tlb_flush_nonglobal(&c->tlb);
    } else if (n32) {
        c->cr3 = t.cr3;
    }
    for (unsigned i = 0; i < 8; i++)
        c->gpr[i] = n32 ? t.gpr[i] : (c->gpr[i] & 0xffff0000u) | t.gpr[i];
    c->eip = t.eip;
    /* SDM Vol. 3, 7.3: from here on faults (loading the new task's segments,
     * pushing an error code, the EIP limit check) occur in the context of
     * the new task, so they restart at its first instruction. */
    c->insn_start_eip = t.eip;
    c->lazy.op = FLAG_OP_NONE;
    c->eflags = (n32 ? t.eflags : (c->eflags & 0xffff0000u) | t.eflags) | EFLAGS_FIXED1;
    if (!n32)
        c->eflags &= ~(uint32_t)EFLAGS_VM;
    if (c->eflags & EFLAGS_RF)
        c->pending |= PENDING_STEP;     /* RF covers one instruction: cpu_set_eflags */
    /* Selectors first, so a fault below shows the new task's values. */
    for (unsigned i = 0; i < SEG_COUNT; i++)
        c->seg[i].sel = t.seg[i];
    c->ldtr.sel = t.ldt;
    cpu_end_trace(c);
    if (c->dbg_event != NULL)
        report_to_debugger(c, osel, tss_sel);
    cpu_update_mode(c);
    if (c->mode == MODE_V86)
        c->cpl = 3;
    load_task_segments(c, &t, ext);
    cpu_update_mode(c);

    /* SDM INT n, TASK-GATE: no room for the error code is #SS(EXT); an EIP
     * past the new CS limit is #GP(EXT) (EXT is 0 for JMP, CALL, IRET). */
    if (has_error) {
        unsigned size = n32 ? 4 : 2;
        uint32_t sp = sp_get(c) - size;
        if (!stack_is32(c))
            sp &= 0xffffu;
        const struct seg_cache *ss = &c->seg[SEG_SS];
        if (sp < ss->valid_lo || (uint64_t)sp + size - 1 > ss->valid_hi)
            cpu_raise_err(c, EXC_SS, ext);
        cpu_wr(c, SEG_SS, sp, size, error_code);
        sp_set(c, sp);
    }
    if (c->eip > c->seg[SEG_CS].limit)
        cpu_raise_err(c, EXC_GP, ext);
    if (t.trap & 1) {
        c->dr[6] |= 1u << 15;   /* DR6.BT: the debug trap bit of the new TSS */
        c->pending |= PENDING_STEP;
        c->task_trap = true;
    }
}
