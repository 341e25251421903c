/* cpu/far.h: far control transfers in every mode: JMP/CALL ptr and m16:xx,
 * RETF, IRET, and task switches (SDM Vol. 2 JMP, CALL, RET, IRET; Vol. 3
 * chapters 5.8 (call gates), 6.12 (interrupt stacks), 7 (tasks), 20 (V86)). */
#ifndef VIREO_CPU_FAR_H
#define VIREO_CPU_FAR_H

#include "cpu/cpu.h"
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
void tss_stack(struct cpu *c, unsigned dpl, unsigned ext, uint16_t *ss, uint32_t *esp);

/* Check and read a new SS for an inter-privilege transfer to `dpl`;
 * faults are #TS (or #SS when not present) with error code ss | ext. */
void check_new_ss(struct cpu *c, uint16_t ss, unsigned dpl, unsigned ext, struct desc *d);

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
