/* cpu/io.h: port I/O as the CPU performs it, with the protected-mode and
 * V86 permission checks (SDM Vol. 1, 18.5: IOPL and the I/O permission
 * bitmap in the TSS). */
#ifndef VIREO_CPU_IO_H
#define VIREO_CPU_IO_H

#include "cpu/cpu.h"

/* #GP(0) unless the current privilege may access size bytes at port. */
void io_check(struct cpu *c, uint16_t port, unsigned size);
uint32_t io_in(struct cpu *c, uint16_t port, unsigned size);
void io_out(struct cpu *c, uint16_t port, unsigned size, uint32_t v);

#endif
