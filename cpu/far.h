/* cpu/far.h: far control transfers in every mode: JMP/CALL ptr and m16:xx,
 * RETF, IRET, and task switches (SDM Vol. 2 JMP, CALL, RET, IRET; Vol. 3
 * chapters 5.8 (call gates), 6.12 (interrupt stacks), 7 (tasks), 20 (V86)). */
#ifndef VIREO_CPU_FAR_H
#define VIREO_CPU_FAR_H

#include "cpu/cpu.h"
#include "cpu/mem.h"
#include "cpu/segment.h"

void far_jump(struct cpu *c, uint16_t sel, uint32_t off, unsigned osize);
void far_call(struct cpu *c, uint16_t sel, uint32_t off, unsigned osize);
void far_return(struct cpu *c, unsigned osize, uint16_t release);
void far_iret(struct cpu *c, unsigned osize);

/* Protected-mode halves (cpu/far_pm.c). */
void pm_far_jump(struct cpu *c, uint16_t sel, uint32_t off, unsigned osize);
void pm_far_call(struct cpu *c, uint16_t sel, uint32_t off, unsigned osize);
void pm_far_return(struct cpu *c, unsigned osize, uint16_t release);
void pm_iret(struct cpu *c, unsigned osize);

/* Hardware task switching (cpu/task.c). */
enum task_reason { TASK_JMP, TASK_CALL, TASK_IRET, TASK_INT };
/* Switch to the task whose TSS selector is tss_sel (already checked to name
 * a TSS descriptor d).  ext is the EXT bit for the switch's own faults (1
 * when an exception or external interrupt caused it).  For TASK_INT with
 * has_error, the error code is pushed on the new task's stack. */
void task_switch(struct cpu *c, uint16_t tss_sel, struct desc *d, enum task_reason why,
                 unsigned ext, bool has_error, uint32_t error_code);

/* The stack pointer for privilege level dpl from the current TSS; raises
 * #TS(TSS selector | ext) when the TSS is too short. */
static ALWAYS_INLINE void tss_stack(struct cpu *c, unsigned dpl, unsigned ext, uint16_t *ss,
                                    uint32_t *esp)
{
    unsigned type = c->tr.attr & SEG_ATTR_TYPE;
    bool is32 = type == DESC_TSS32_BUSY || type == DESC_TSS32_AVAIL;
    uint32_t at = is32 ? 4 + 8 * dpl : 2 + 4 * dpl;
    uint32_t need = is32 ? at + 7 : at + 3;
    if (need > c->tr.limit)
        cpu_raise_err(c, EXC_TS, (c->tr.sel & 0xfffcu) | ext);
    if (is32) {
        uint32_t lin = c->tr.base + at;
        const struct tlb_entry *e = tlb_slot(&c->tlb, lin);
        if (e->lpn == lin >> 12 && (e->allow & TLB_SR) && (lin & 0xfffu) <= 0xffau &&
            !c->slow_mem) {
            const uint8_t *p = e->host + (lin & 0xfffu);   /* ESPn and SSn in one page */
            *esp = load_le32(p);
            *ss = load_le16(p + 4);
            return;
        }
        *esp = sys_read(c, lin, 4);
        *ss = (uint16_t)sys_read(c, lin + 4, 2);
    } else {
        *esp = sys_read(c, c->tr.base + at, 2);
        *ss = (uint16_t)sys_read(c, c->tr.base + at + 2, 2);
    }
}

/* Check and read a new SS for an inter-privilege transfer to `dpl`;
 * faults are #TS (or #SS when not present) with error code ss | ext. */
static ALWAYS_INLINE void check_new_ss(struct cpu *c, uint16_t ss, unsigned dpl, unsigned ext,
                                       struct desc *d)
{
    if ((ss & 0xfffcu) == 0)
        cpu_raise_err(c, EXC_TS, ext);
    if (!desc_read(c, ss, d))
        cpu_raise_err(c, EXC_TS, (ss & 0xfffcu) | ext);
    unsigned type = desc_type(d);
    if ((ss & 3u) != dpl || desc_dpl(d) != dpl || !desc_is_seg(d) || (type & 8) || !(type & 2))
        cpu_raise_err(c, EXC_TS, (ss & 0xfffcu) | ext);
    if (!desc_present(d))
        cpu_raise_err(c, EXC_SS, (ss & 0xfffcu) | ext);
}

/* Write to the inner stack of a privilege change before SS is loaded:
 * limit-checked against ss (#SS(ss | ext)) and written as a supervisor
 * access.  ext is the EXT bit of the event (0 for CALL and INT n). */
void inner_stack_write(struct cpu *c, const struct seg_cache *ss, unsigned ext, uint32_t sp,
                       unsigned size, uint32_t v);
/* Push vals[0], vals[1], ... (size bytes each, already truncated to size)
 * below *sp on such a stack, with inner_stack_write()'s checks in the same
 * order; *sp becomes the new top. */
void inner_stack_push(struct cpu *c, const struct seg_cache *ss, unsigned ext, uint32_t *sp,
                      unsigned size, const uint32_t *vals, unsigned n);

#endif
