/* cpu/debug.h: the debug registers DR0-DR3, DR6 and DR7 at work (SDM
 * Vol. 3, 17.2-17.3): instruction breakpoints (faults, suppressed by
 * EFLAGS.RF), data breakpoints (traps after the access) and, under CR4.DE,
 * I/O breakpoints.  Breakpoints force the careful paths: one instruction at
 * a time, and the memory slow path for every access. */
#ifndef VIREO_CPU_DEBUG_H
#define VIREO_CPU_DEBUG_H

#include "cpu/cpu.h"

/* Recompute what the run loop and memory paths must watch after DR7, CR4
 * or the debugger's own breakpoints change. */
void cpu_debug_regs_changed(struct cpu *c);
/* Before an instruction at CS:EIP: raise the instruction-breakpoint #DB
 * fault if one matches and RF is clear.  Returns only if none fired. */
void debug_check_insn(struct cpu *c);
/* From the memory slow path and port I/O: note data/I/O breakpoint hits. */
void debug_check_data(struct cpu *c, uint32_t lin, unsigned size, bool write);
void debug_check_io(struct cpu *c, uint16_t port, unsigned size);
/* After an instruction: deliver a pending data/I/O breakpoint #DB trap. */
void debug_after_insn(struct cpu *c);

#endif
