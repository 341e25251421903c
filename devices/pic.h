/* devices/pic.h: the PC/AT's two cascaded Intel 8259A interrupt
 * controllers (master 20h-21h, slave A0h-A1h on master IR2) with the PIIX
 * edge/level control registers at 4D0h-4D1h.  Devices raise interrupts
 * through the struct irq_line from pic_irq_line(); the CPU sees the INTR
 * pin through the intr callback and runs the INTA cycle with
 * pic_acknowledge(). */
#ifndef VIREO_DEVICES_PIC_H
#define VIREO_DEVICES_PIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "devices/irq.h"
#include "util/error.h"

struct io_bus;
struct pic;

/* intr(opaque, level) is called whenever the master's INT output changes. */
struct pic *pic_create(struct io_bus *bus, void (*intr)(void *opaque, bool level), void *opaque,
                       struct emu_err *err);
void pic_destroy(struct pic *p);
/* Power-on state (the 8259A has no RESET pin, so a CPU reset leaves it
 * alone): vector 0, masks clear, nothing latched or in service, ELCR
 * clear; input pin levels are kept.  Software initializes with ICW1-4. */
void pic_reset(struct pic *p);

/* The request line for ISA IRQ n (0-15).  IRQ2 is the cascade on an AT:
 * a device wired to IRQ2 on the bus reaches the slave's IR1 (IRQ9). */
struct irq_line pic_irq_line(struct pic *p, unsigned irq);

/* The INTA cycle: marks the winning request in service and returns its
 * vector; returns the IR7 vector of the chip whose request went away
 * (spurious IRQ7 / IRQ15) without setting its in-service bit. */
uint8_t pic_acknowledge(struct pic *p);

/* The current level of the INTR pin. */
bool pic_intr_level(const struct pic *p);

/* For the debugger's `info pic`. */
void pic_describe(const struct pic *p, char *buf, size_t size);

#endif
