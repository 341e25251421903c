/* cpu/far_pm.c: protected-mode far JMP, CALL (including call gates with a
 * stack switch and parameter copy), RETF and IRET, following the
 * pseudocode of SDM Vol. 2 and the rules of Vol. 3, 5.8.  Every check
 * happens before any state changes, so each transfer is restartable. */
#include "cpu/exec.h"
#include "cpu/far.h"

static _Noreturn void sel_fault(struct cpu *c, uint8_t vector, uint16_t sel)
{
    cpu_raise_err(c, vector, sel & 0xfffcu);
}

/* Read sel's descriptor or raise #GP(sel) (#GP(0) for a null selector). */
static ALWAYS_INLINE void read_or_gp(struct cpu *c, uint16_t sel, struct desc *d)
{
    if ((sel & 0xfffcu) == 0)
        cpu_raise_err(c, EXC_GP, 0);
    if (!desc_read(c, sel, d))
        sel_fault(c, EXC_GP, sel);
}

static bool is_code(const struct desc *d) { return desc_is_seg(d) && (desc_type(d) & 8); }
static bool is_conforming(const struct desc *d) { return (desc_type(d) & 4) != 0; }

/* The checks a code segment reached directly by JMP or CALL must pass. */
static void check_direct_code(struct cpu *c, uint16_t sel, const struct desc *d)
{
    if (is_conforming(d)) {
        if (desc_dpl(d) > c->cpl)
            sel_fault(c, EXC_GP, sel);
    } else if ((sel & 3u) > c->cpl || desc_dpl(d) != c->cpl) {
        sel_fault(c, EXC_GP, sel);
    }
    if (!desc_present(d))
        sel_fault(c, EXC_NP, sel);
}

static uint32_t check_offset(struct cpu *c, const struct desc *d, uint32_t off)
{
    if (off > desc_limit(d))
        cpu_raise_err(c, EXC_GP, 0);
    return off;
}

static void enter_code(struct cpu *c, uint16_t sel, struct desc *d, uint32_t off, unsigned cpl)
{
    desc_touch(c, sel, d);
    cpu_load_cs(c, sel, d, cpl);
    c->eip = off;
}

/* A task gate or TSS named by a JMP or CALL (SDM 7.3). */
static void to_task(struct cpu *c, uint16_t sel, struct desc *d, enum task_reason why)
{
    unsigned type = desc_type(d);
    if (desc_dpl(d) < c->cpl || desc_dpl(d) < (sel & 3u))
        sel_fault(c, EXC_GP, sel);
    if (!desc_present(d))
        sel_fault(c, EXC_NP, sel);
    uint16_t tss = sel;
    struct desc t = *d;
    if (type == DESC_TASK) {
        tss = gate_selector(d);
        if ((tss & 4) || !desc_read(c, tss, &t))
            sel_fault(c, EXC_GP, tss);
        unsigned tt = desc_type(&t);
        if (desc_is_seg(&t) || (tt != DESC_TSS16_AVAIL && tt != DESC_TSS32_AVAIL))
            sel_fault(c, EXC_GP, tss);
        if (!desc_present(&t))
            sel_fault(c, EXC_NP, tss);
    } else if (type == DESC_TSS16_BUSY || type == DESC_TSS32_BUSY) {
        sel_fault(c, EXC_GP, sel);
    }
    task_switch(c, tss, &t, why, 0, false, 0);
}

/* The target code segment of a call gate. */
static void gate_target(struct cpu *c, const struct desc *gate, uint16_t *tsel, struct desc *td,
                        uint32_t *off)
{
    *tsel = gate_selector(gate);
    read_or_gp(c, *tsel, td);
    if (!is_code(td) || desc_dpl(td) > c->cpl)
        sel_fault(c, EXC_GP, *tsel);
    if (!desc_present(td))
        sel_fault(c, EXC_NP, *tsel);
    *off = gate_offset(gate);
    if (desc_type(gate) == DESC_CALL16)
        *off &= 0xffffu;
    check_offset(c, td, *off);
}

static void check_gate(struct cpu *c, uint16_t sel, const struct desc *d)
{
    if (desc_dpl(d) < c->cpl || desc_dpl(d) < (sel & 3u))
        sel_fault(c, EXC_GP, sel);
    if (!desc_present(d))
        sel_fault(c, EXC_NP, sel);
}

void pm_far_jump(struct cpu *c, uint16_t sel, uint32_t off, unsigned osize)
{
    struct desc d;
    read_or_gp(c, sel, &d);
    if (is_code(&d)) {
        check_direct_code(c, sel, &d);
        if (osize == 2)
            off &= 0xffffu;
        enter_code(c, sel, &d, check_offset(c, &d, off), c->cpl);
        return;
    }
    if (desc_is_seg(&d))
        sel_fault(c, EXC_GP, sel);
    switch (desc_type(&d)) {
    case DESC_CALL16:
    case DESC_CALL32: {
        check_gate(c, sel, &d);
        uint16_t tsel;
        struct desc td;
        uint32_t toff;
        gate_target(c, &d, &tsel, &td, &toff);
        if (is_conforming(&td) ? desc_dpl(&td) > c->cpl : desc_dpl(&td) != c->cpl)
            sel_fault(c, EXC_GP, tsel);
        enter_code(c, tsel, &td, toff, c->cpl);
        return;
    }
    case DESC_TASK:
    case DESC_TSS16_AVAIL:
    case DESC_TSS32_AVAIL:
    case DESC_TSS16_BUSY:
    case DESC_TSS32_BUSY:
        to_task(c, sel, &d, TASK_JMP);
        return;
    default:
        sel_fault(c, EXC_GP, sel);
    }
}

/* Write size bytes at offset sp of a stack whose cache is not loaded yet
 * (the inner stack of a privilege change: a supervisor access). */
void inner_stack_write(struct cpu *c, const struct seg_cache *ss, unsigned ext, uint32_t sp,
                       unsigned size, uint32_t v)
{
    if (sp < ss->valid_lo || (uint64_t)sp + size - 1 > ss->valid_hi)
        cpu_raise_err(c, EXC_SS, (ss->sel & 0xfffcu) | ext);
    sys_write(c, ss->base + sp, size, v);
}

/* inner_stack_push() element by element. */
static NOINLINE void inner_stack_push_each(struct cpu *c, const struct seg_cache *ss,
                                           unsigned ext, uint32_t *sp, unsigned size,
                                           const uint32_t *vals, unsigned n)
{
    bool big = (ss->attr & SEG_ATTR_DB) != 0;
    uint32_t top = *sp;
    for (unsigned i = 0; i < n; i++) {
        top = big ? top - size : (top - size) & 0xffffu;
        inner_stack_write(c, ss, ext, top, size, vals[i]);
    }
    *sp = top;
}

void inner_stack_push(struct cpu *c, const struct seg_cache *ss, unsigned ext, uint32_t *sp,
                      unsigned size, const uint32_t *vals, unsigned n)
{
    uint32_t total = n * size, top = *sp;
    /* The whole frame inside the segment without wrapping, in one page the
     * TLB lets a supervisor write: no write can fault, so one piece. */
    if (top >= total && top - total >= ss->valid_lo && (uint64_t)top - 1 <= ss->valid_hi &&
        !c->slow_mem) {
        uint32_t lin = ss->base + (top - total);
        const struct tlb_entry *e = tlb_slot(&c->tlb, lin);
        if (e->lpn == lin >> 12 && (e->allow & TLB_SW) && (lin & 0xfffu) + total <= 0x1000u) {
            uint8_t *p = e->host + (lin & 0xfffu) + total;
            if (size == 4) {
                for (unsigned i = 0; i < n; i++)
                    store_le32(p - 4 * (i + 1), vals[i]);
            } else {
                for (unsigned i = 0; i < n; i++)
                    store_le16(p - 2 * (i + 1), (uint16_t)vals[i]);
            }
            *sp = top - total;
            return;
        }
    }
    inner_stack_push_each(c, ss, ext, sp, size, vals, n);
}

void pm_far_call(struct cpu *c, uint16_t sel, uint32_t off, unsigned osize)
{
    struct desc d;
    read_or_gp(c, sel, &d);
    if (is_code(&d)) {
        check_direct_code(c, sel, &d);
        if (osize == 2)
            off &= 0xffffu;
        check_offset(c, &d, off);
        uint32_t sp = sp_get(c);
        stk_push(c, &sp, osize, c->seg[SEG_CS].sel);
        stk_push(c, &sp, osize, c->eip);
        enter_code(c, sel, &d, off, c->cpl);
        sp_set(c, sp);
        return;
    }
    if (desc_is_seg(&d))
        sel_fault(c, EXC_GP, sel);
    unsigned type = desc_type(&d);
    if (type == DESC_TASK || type == DESC_TSS16_AVAIL || type == DESC_TSS32_AVAIL ||
        type == DESC_TSS16_BUSY || type == DESC_TSS32_BUSY) {
        to_task(c, sel, &d, TASK_CALL);
        return;
    }
    if (type != DESC_CALL16 && type != DESC_CALL32)
        sel_fault(c, EXC_GP, sel);
    check_gate(c, sel, &d);
    uint16_t tsel;
    struct desc td;
    uint32_t toff;
    gate_target(c, &d, &tsel, &td, &toff);
    unsigned gsize = type == DESC_CALL32 ? 4 : 2;
    unsigned dpl = desc_dpl(&td);

    if (!is_conforming(&td) && dpl < c->cpl) {
        /* More privilege: switch to the stack the TSS gives for dpl and
         * copy the gate's parameter count of words or dwords across. */
        uint16_t nss;
        uint32_t nesp;
        struct desc ssd;
        tss_stack(c, dpl, 0, &nss, &nesp);
        check_new_ss(c, nss, dpl, 0, &ssd);
        struct seg_cache ss_cache;
        seg_cache_load(&ss_cache, nss, &ssd);
        bool big = (ss_cache.attr & SEG_ATTR_DB) != 0;
        unsigned nparams = d.hi & 0x1fu;
        uint32_t old_ss = c->seg[SEG_SS].sel, old_esp = c->gpr[REG_ESP];
        uint32_t old_sp = sp_get(c);
        uint32_t sp = big ? nesp : nesp & 0xffffu;
        uint32_t params[32];
        for (unsigned i = 0; i < nparams; i++)
            params[i] = stk_peek(c, old_sp, (nparams - 1 - i) * gsize, gsize);
        sp -= gsize;
        if (!big)
            sp &= 0xffffu;
        inner_stack_write(c, &ss_cache, 0, sp, gsize, old_ss);
        sp -= gsize;
        if (!big)
            sp &= 0xffffu;
        inner_stack_write(c, &ss_cache, 0, sp, gsize, gsize == 4 ? old_esp : old_esp & 0xffffu);
        for (unsigned i = 0; i < nparams; i++) {
            sp -= gsize;
            if (!big)
                sp &= 0xffffu;
            inner_stack_write(c, &ss_cache, 0, sp, gsize, params[i]);
        }
        sp -= gsize;
        if (!big)
            sp &= 0xffffu;
        inner_stack_write(c, &ss_cache, 0, sp, gsize, c->seg[SEG_CS].sel);
        sp -= gsize;
        if (!big)
            sp &= 0xffffu;
        inner_stack_write(c, &ss_cache, 0, sp, gsize, c->eip);
        /* Commit: the new stack, then CS at the new privilege. */
        desc_touch(c, nss, &ssd);
        seg_cache_load(&c->seg[SEG_SS], nss, &ssd);
        enter_code(c, tsel, &td, toff, dpl);
        sp_set(c, sp);
        return;
    }
    uint32_t sp = sp_get(c);
    stk_push(c, &sp, gsize, c->seg[SEG_CS].sel);
    stk_push(c, &sp, gsize, c->eip);
    enter_code(c, tsel, &td, toff, c->cpl);
    sp_set(c, sp);
}

/* The checks RETF and IRET make of the code segment they return to. */
static ALWAYS_INLINE void check_return_code(struct cpu *c, uint16_t sel, struct desc *d)
{
    read_or_gp(c, sel, d);
    if (!is_code(d) || (sel & 3u) < c->cpl)
        sel_fault(c, EXC_GP, sel);
    if (is_conforming(d) ? desc_dpl(d) > (sel & 3u) : desc_dpl(d) != (sel & 3u))
        sel_fault(c, EXC_GP, sel);
    if (!desc_present(d))
        sel_fault(c, EXC_NP, sel);
}

/* The SS:ESP a return to an outer level pops; faults are #GP(ss). */
static ALWAYS_INLINE void check_return_ss(struct cpu *c, uint16_t ss, unsigned rpl, struct desc *d)
{
    if ((ss & 0xfffcu) == 0)
        cpu_raise_err(c, EXC_GP, 0);
    if (!desc_read(c, ss, d))
        sel_fault(c, EXC_GP, ss);
    unsigned type = desc_type(d);
    if ((ss & 3u) != rpl || desc_dpl(d) != rpl || !desc_is_seg(d) || (type & 8) || !(type & 2))
        sel_fault(c, EXC_GP, ss);
    if (!desc_present(d))
        sel_fault(c, EXC_SS, ss);
}

void pm_far_return(struct cpu *c, unsigned osize, uint16_t release)
{
    uint32_t sp = sp_get(c);
    uint32_t off = stk_peek(c, sp, 0, osize);
    uint16_t sel = (uint16_t)stk_peek(c, sp, osize, osize);
    struct desc d;
    check_return_code(c, sel, &d);
    unsigned rpl = sel & 3u;
    if (osize == 2)
        off &= 0xffffu;
    if (rpl == c->cpl) {
        check_offset(c, &d, off);
        enter_code(c, sel, &d, off, rpl);
        sp_set(c, sp + 2 * osize + release);
        return;
    }
    uint32_t nesp = stk_peek(c, sp, 2 * osize + release, osize);
    uint16_t nss = (uint16_t)stk_peek(c, sp, 3 * osize + release, osize);
    struct desc ssd;
    check_return_ss(c, nss, rpl, &ssd);
    check_offset(c, &d, off);
    desc_touch(c, nss, &ssd);
    enter_code(c, sel, &d, off, rpl);
    seg_cache_load(&c->seg[SEG_SS], nss, &ssd);
    sp_set(c, (osize == 2 ? nesp & 0xffffu : nesp) + release);
    seg_invalidate_for_cpl(c);
}

/* IRET to virtual-8086 mode (SDM IRET, "RETURN-TO-VIRTUAL-8086-MODE"):
 * only from CPL 0 with a 32-bit operand size. */
static void iret_to_v86(struct cpu *c, uint32_t sp, uint32_t off, uint16_t sel, uint32_t fl)
{
    uint32_t nesp = stk_peek(c, sp, 12, 4);
    uint16_t nss = (uint16_t)stk_peek(c, sp, 16, 4);
    uint16_t es = (uint16_t)stk_peek(c, sp, 20, 4);
    uint16_t ds = (uint16_t)stk_peek(c, sp, 24, 4);
    uint16_t fs = (uint16_t)stk_peek(c, sp, 28, 4);
    uint16_t gs = (uint16_t)stk_peek(c, sp, 32, 4);
    cpu_set_eflags(c, fl, 0xffffffffu);      /* sets VM: mode becomes V86, CPL 3 */
    cpu_load_seg_real(c, SEG_CS, sel);
    c->eip = off & 0xffffu;
    cpu_load_seg_real(c, SEG_SS, nss);
    cpu_load_seg_real(c, SEG_ES, es);
    cpu_load_seg_real(c, SEG_DS, ds);
    cpu_load_seg_real(c, SEG_FS, fs);
    cpu_load_seg_real(c, SEG_GS, gs);
    c->gpr[REG_ESP] = nesp;
    cpu_update_mode(c);
}

static ALWAYS_INLINE void pm_iret_body(struct cpu *c, unsigned osize)
{
    cpu_end_trace(c);
    if (c->eflags & EFLAGS_NT) {
        /* Return from a nested task: the back link names the TSS to resume. */
        uint16_t back = (uint16_t)sys_read(c, c->tr.base, 2);
        struct desc t;
        if ((back & 4) || !desc_read(c, back, &t))
            sel_fault(c, EXC_TS, back);
        unsigned tt = desc_type(&t);
        if (desc_is_seg(&t) || (tt != DESC_TSS16_BUSY && tt != DESC_TSS32_BUSY))
            sel_fault(c, EXC_TS, back);
        if (!desc_present(&t))
            sel_fault(c, EXC_NP, back);
        task_switch(c, back, &t, TASK_IRET, 0, false, 0);
        return;
    }
    uint32_t sp = sp_get(c);
    uint32_t frame[3];
    stk_peek_n(c, sp, 0, osize, 3, frame);
    uint32_t off = frame[0];
    uint16_t sel = (uint16_t)frame[1];
    uint32_t fl = frame[2];
    if (osize == 4 && (fl & EFLAGS_VM) && c->cpl == 0) {
        iret_to_v86(c, sp, off, sel, fl);
        return;
    }
    struct desc d;
    check_return_code(c, sel, &d);
    unsigned rpl = sel & 3u;
    if (osize == 2)
        off &= 0xffffu;
    /* Which EFLAGS bits the old privilege may change (SDM IRET). */
    uint32_t mask = EFLAGS_ARITH | EFLAGS_TF | EFLAGS_DF | EFLAGS_NT | EFLAGS_RF | EFLAGS_AC |
                    EFLAGS_ID;
    if (c->cpl <= cpu_iopl(c))
        mask |= EFLAGS_IF;
    if (c->cpl == 0)
        mask |= EFLAGS_IOPL | EFLAGS_VIF | EFLAGS_VIP;
    if (osize == 2)
        mask &= 0xffffu;
    if (rpl == c->cpl) {
        check_offset(c, &d, off);
        enter_code(c, sel, &d, off, rpl);
        sp_set(c, sp + 3 * osize);
        cpu_set_eflags(c, fl, mask);
        return;
    }
    uint32_t outer[2];
    stk_peek_n(c, sp, 3 * osize, osize, 2, outer);
    uint32_t nesp = outer[0];
    uint16_t nss = (uint16_t)outer[1];
    struct desc ssd;
    check_return_ss(c, nss, rpl, &ssd);
    check_offset(c, &d, off);
    cpu_set_eflags(c, fl, mask);
    desc_touch(c, nss, &ssd);
    enter_code(c, sel, &d, off, rpl);
    seg_cache_load(&c->seg[SEG_SS], nss, &ssd);
    sp_set(c, osize == 2 ? nesp & 0xffffu : nesp);
    seg_invalidate_for_cpl(c);
}

/* The body with its operand size a constant (frame reads of 2 or 4 bytes). */
void pm_iret(struct cpu *c, unsigned osize)
{
    if (osize == 4)
        pm_iret_body(c, 4);
    else
        pm_iret_body(c, 2);
}
