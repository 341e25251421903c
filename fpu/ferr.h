/* fpu/ferr.h: the PC's x87 error wiring used when CR0.NE = 0 (and always
 * with a 386 + 387): the FPU's FERR# (ERROR#) output raises IRQ13 through
 * the chipset, and an OUT to port F0h asserts IGNNE# so the processor stops
 * waiting on the pending error until FERR# drops (FNCLEX, FNINIT, ...).
 * References: Intel SDM Vol. 3, 22.18.6 and Intel's AP-578 "Software and
 * Hardware Considerations for FPU Exception Handlers for Intel
 * Architecture Processors" (the PC-compatible FERR#/IGNNE# circuit). */
#ifndef VIREO_FPU_FERR_H
#define VIREO_FPU_FERR_H

#include <stdbool.h>
#include <stddef.h>   /* devices/irq.h uses NULL */

#include "devices/bus.h"
#include "devices/irq.h"
#include "util/error.h"

struct fpu_ferr {
    struct irq_line irq13;
    bool ferr;                  /* FERR# as the FPU drives it: its ES bit */
    bool ignne;                 /* IGNNE#, latched by a write to F0h */
};

/* Create the circuit and map port F0h on bus (NULL: no port, tests). */
struct fpu_ferr *fpu_ferr_create(struct io_bus *bus, struct irq_line irq13,
                                 struct emu_err *err);
void fpu_ferr_destroy(struct fpu_ferr *x);
/* The FPU's FERR# output: raises IRQ13 when it goes active; dropping it
 * also drops IGNNE# and IRQ13.  Calls with an unchanged level do nothing. */
void fpu_ferr_set(struct fpu_ferr *x, bool level);
/* The port F0h write (any value): IRQ13 low, IGNNE# on while FERR# is. */
void fpu_ferr_write_f0(struct fpu_ferr *x);
/* RESET: FERR# and IGNNE# inactive. */
void fpu_ferr_reset(struct fpu_ferr *x);

#endif
