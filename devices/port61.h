/* devices/port61.h: the PC/AT's system control port B (61h): timer 2 gate
 * and speaker data, RAM parity and I/O channel check enables and status
 * (the NMI sources), the refresh toggle and OUT2 readback.  It also
 * records the speaker input (OUT2 AND speaker data) for the audio code. */
#ifndef VIREO_DEVICES_PORT61_H
#define VIREO_DEVICES_PORT61_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

struct io_bus;
struct sched;
struct pit;
struct port61;

/* A change of the speaker input: at scheduler tick `tick` it became `level`. */
struct speaker_edge {
    uint64_t tick;
    bool level;
};

/* nmi(opaque, level) follows (parity error OR channel check), before the
 * NMI mask of port 70h, which the machine applies. */
struct port61 *port61_create(struct io_bus *bus, struct sched *sched, struct pit *pit,
                             void (*nmi)(void *opaque, bool level), void *opaque,
                             struct emu_err *err);
void port61_destroy(struct port61 *p);
/* RESET: all written bits 0 (speaker off, gate 2 low, checks enabled),
 * error latches clear. */
void port61_reset(struct port61 *p);

/* NMI sources: a RAM parity error (SERR#) or an ISA card's IOCHK#.  Each
 * latches only while its enable bit (2 or 3) is clear. */
void port61_parity_error(struct port61 *p);
void port61_channel_check(struct port61 *p);

/* The speaker input now and at scheduler tick `tick` (not before the last
 * reprogramming of port 61h or PIT channel 2). */
bool port61_speaker_level(const struct port61 *p);
bool port61_speaker_at(const struct port61 *p, uint64_t tick);

/* Recording of speaker edges for the audio frontend.  While enabled, every
 * change of the speaker input is queued (8192 deep, oldest dropped);
 * port61_speaker_edges() brings the queue up to now and takes up to max
 * edges, oldest first.  Disabled (the default), nothing is recorded. */
void port61_speaker_capture(struct port61 *p, bool enable);
unsigned port61_speaker_edges(struct port61 *p, struct speaker_edge *out, unsigned max);
/* Edges dropped since capture began (queue full, or faster than 16384 edges
 * between two drains). */
uint64_t port61_speaker_dropped(const struct port61 *p);

void port61_describe(const struct port61 *p, char *buf, size_t size);

#endif
