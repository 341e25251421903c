/* devices/pit.h: the Intel 8254 programmable interval timer at 40h-43h.
 * Its clock is the PC's 1.19318 MHz PIT clock, exactly one twelfth of the
 * scheduler's tick; counters are computed from sched_now() when read, and
 * a timer is armed only for the next edge of OUT0, which drives IRQ0.
 * Channel 1 (DRAM refresh on the AT) and channel 2 (speaker, gated by port
 * 61h) have no timers; port61.c samples OUT2 through pit_out_at(). */
#ifndef VIREO_DEVICES_PIT_H
#define VIREO_DEVICES_PIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "devices/irq.h"
#include "util/error.h"

#define PIT_TICK_DIV 12u            /* scheduler ticks per PIT clock */
#define PIT_NEVER UINT64_MAX

struct io_bus;
struct sched;
struct pit;

/* Gates 0 and 1 are tied high as on the AT; gate 2 starts low. */
struct pit *pit_create(struct io_bus *bus, struct sched *sched, struct irq_line irq0,
                       struct emu_err *err);
void pit_destroy(struct pit *p);
/* Power-on state (the 8254 has no RESET pin; a machine power cycle): every
 * counter waits for a control word, OUT low, nothing latched. */
void pit_reset(struct pit *p);

/* The GATE input of counter ch (0-2). */
void pit_set_gate(struct pit *p, unsigned ch, bool level);

/* The current PIT clock (sched_now() / 12). */
uint64_t pit_now(const struct pit *p);
/* OUT of counter ch at PIT clock t, and the first clock after t at which
 * it changes (PIT_NEVER if it will not without new programming).  Valid
 * for t at or after the counter's last reprogramming; see
 * pit_set_observer() to learn when that happens. */
bool pit_out_at(const struct pit *p, unsigned ch, uint64_t t);
uint64_t pit_next_edge(const struct pit *p, unsigned ch, uint64_t t);
static inline bool pit_out(const struct pit *p, unsigned ch)
{
    return pit_out_at(p, ch, pit_now(p));
}

/* before_change(opaque) is called just before counter ch is reprogrammed
 * (control word, count, gate), while pit_out_at() still describes the old
 * waveform: the speaker capture uses it to record edges up to now. */
void pit_set_observer(struct pit *p, unsigned ch, void (*before_change)(void *opaque),
                      void *opaque);

/* For the debugger's `info pit`. */
void pit_describe(const struct pit *p, char *buf, size_t size);

#endif
