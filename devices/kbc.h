/* devices/kbc.h: the Intel 8042 keyboard controller of a PC/AT (PS/2
 * style, with the auxiliary port) at 60h/64h, with its PS/2 keyboard and
 * mouse.  It raises IRQ1 and IRQ12, translates set 2 to set 1 when the
 * command byte asks, and drives the A20 gate and CPU reset lines of its
 * output port through callbacks.  Input comes from the frontend or the
 * headless script through kbc_key_event() and kbc_mouse_event(). */
#ifndef VIREO_DEVICES_KBC_H
#define VIREO_DEVICES_KBC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "devices/irq.h"
#include "devices/keycodes.h"
#include "util/error.h"

struct io_bus;
struct sched;
struct kbc;
struct ps2kbd;
struct ps2mouse;

/* The output port's system lines.  set_a20 is called at creation with the
 * power-on state (A20 on) and on every change; reset is called for a
 * pulse of the CPU reset line (command FEh, or D1h with bit 0 clear). */
struct kbc_lines {
    void (*set_a20)(void *opaque, bool on);
    void (*reset)(void *opaque);
    void *opaque;
};

struct kbc *kbc_create(struct io_bus *bus, struct sched *sched, struct irq_line irq1,
                       struct irq_line irq12, const struct kbc_lines *lines,
                       struct emu_err *err);
void kbc_destroy(struct kbc *k);
/* Power-on of the controller and its devices (not a CPU reset, which the
 * 8042 survives: its command byte keeps the SYS flag the BIOS checks). */
void kbc_reset(struct kbc *k);

/* Input: a key went down or up; mouse motion (dx right, dy down, dz
 * wheel towards the user) with the buttons now held (PS2MOUSE_*). */
void kbc_key_event(struct kbc *k, enum pc_key key, bool pressed);
void kbc_mouse_event(struct kbc *k, int dx, int dy, int dz, unsigned buttons);

bool kbc_a20(const struct kbc *k);
struct ps2kbd *kbc_keyboard(struct kbc *k);        /* LEDs for the frontend */
struct ps2mouse *kbc_mouse(struct kbc *k);

void kbc_describe(const struct kbc *k, char *buf, size_t size);

#endif
