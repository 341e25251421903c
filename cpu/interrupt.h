/* cpu/interrupt.h: delivering interrupts and exceptions (SDM Vol. 3,
 * chapter 6; real mode: 20.1.4).  The run loop delivers faults and external
 * interrupts; INT n, INT3, INTO and ICEBP deliver their own. */
#ifndef VIREO_CPU_INTERRUPT_H
#define VIREO_CPU_INTERRUPT_H

#include "cpu/cpu.h"

enum int_source {
    INT_SRC_EXCEPTION,          /* a fault or trap the CPU detected */
    INT_SRC_SOFTWARE,           /* INT n: gate DPL checked, V86 IOPL/VME rules */
    INT_SRC_SOFT_EXC,           /* INT3 and INTO: gate DPL checked like INT n */
    INT_SRC_ICEBP,              /* F1: like an external event, no DPL check */
    INT_SRC_EXTERNAL,           /* INTR or NMI */
};

/* Deliver vector through the IVT (real mode) or the IDT.  The return
 * address is c->eip (already the next instruction for traps and INT n, the
 * faulting instruction for faults).  May raise a nested fault. */
void cpu_interrupt(struct cpu *c, uint8_t vector, enum int_source src, bool has_error,
                   uint32_t error_code);

/* Deliver the exception left in c->fault by cpu_raise(), combining it with
 * one already being delivered into #DF, or shutting down on a triple fault. */
void cpu_deliver_fault(struct cpu *c);

/* Exception classes for the double-fault rules (SDM Table 6-4). */
bool exc_is_contributory(uint8_t vector);

/* Protected-mode and V86 delivery (cpu/interrupt_pm.c). */
void pm_interrupt(struct cpu *c, uint8_t vector, enum int_source src, bool has_error,
                  uint32_t error_code);

#endif
