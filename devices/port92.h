/* devices/port92.h: PS/2 system control port A (92h): fast A20 gate
 * (bit 1) and fast CPU reset (bit 0), beside the 8042's own A20 and reset
 * lines.  On the board the two A20 requests are ORed; struct a20_gate
 * does that for the machine. */
#ifndef VIREO_DEVICES_PORT92_H
#define VIREO_DEVICES_PORT92_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "devices/kbc.h"
#include "util/error.h"

struct io_bus;
struct port92;

/* lines: the same kind of callbacks the 8042 gets (struct kbc_lines);
 * set_a20 is called on each change of bit 1, reset on each 0->1 change
 * of bit 0.  Nothing is called at creation (bit 1 starts clear). */
struct port92 *port92_create(struct io_bus *bus, const struct kbc_lines *lines,
                             struct emu_err *err);
void port92_destroy(struct port92 *p);
/* Power-on: all bits clear, the security lock released.  Calls set_a20
 * if bit 1 was set. */
void port92_reset(struct port92 *p);
bool port92_a20(const struct port92 *p);
void port92_describe(const struct port92 *p, char *buf, size_t size);

/* A20 = 8042 output port bit 1 OR port 92h bit 1.  Give the 8042
 * a20_gate_kbc and port 92h a20_gate_fast as set_a20, both with the gate
 * as opaque; the gate calls set_a20(opaque) when the OR changes. */
struct a20_gate {
    bool kbc, fast, out;
    void (*set_a20)(void *opaque, bool on);
    void *opaque;
};
void a20_gate_init(struct a20_gate *g, void (*set_a20)(void *opaque, bool on), void *opaque);
void a20_gate_kbc(void *gate, bool on);
void a20_gate_fast(void *gate, bool on);

#endif
