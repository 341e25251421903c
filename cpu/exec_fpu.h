/* cpu/exec_fpu.h: what the x87 side of the CPU (cpu/exec_x87.c) shares with
 * the MMX instructions (cpu/exec_mmx.c), which live in the same registers:
 * the pending-exception check of waiting instructions and the memory
 * operand helpers that fault before anything is committed. */
#ifndef VIREO_CPU_EXEC_FPU_H
#define VIREO_CPU_EXEC_FPU_H

#include "cpu/cpu.h"

/* Before a waiting x87 instruction or an MMX instruction: with an unmasked
 * exception pending, #MF (CR0.NE = 1), or the FERR#/IGNNE# path of the PC
 * (CR0.NE = 0).  False when the instruction must not run now (the CPU waits
 * for IRQ13 at it). */
bool fpu_pending_ok(struct cpu *c);

/* Read the whole memory operand (size bytes) into buf; every fault (segment,
 * #AC for `align`, #PF) happens here. */
void fpu_mem_fetch(struct cpu *c, const struct insn *in, unsigned size, unsigned align,
                   uint8_t *buf);
/* Check that the whole destination can be written and return its linear
 * address; after it, fpu_mem_store() of up to size bytes cannot fault. */
uint32_t fpu_mem_prepare(struct cpu *c, const struct insn *in, unsigned size, unsigned align);
void fpu_mem_store(struct cpu *c, uint32_t lin, const uint8_t *buf, unsigned size);

#endif
