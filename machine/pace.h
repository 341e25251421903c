/* machine/pace.h: keeping the guest clock in step with the host clock, for
 * the frontends that run in real time (the window, the terminal).
 * Pure arithmetic on two clocks the caller reads (host nanoseconds, guest
 * scheduler ticks), so it is tested without a real clock.  The guest runs
 * in slices; pacing only decides when a slice runs, never what it does. */
#ifndef VIREO_MACHINE_PACE_H
#define VIREO_MACHINE_PACE_H

#include <stdint.h>

struct pace {
    uint64_t host_ns;           /* anchor: the host clock read this ... */
    uint64_t guest_ticks;       /* ... when the guest clock read this */
    uint64_t max_lag_ns;        /* further behind than this: stop catching up */
    uint64_t resyncs;           /* times the guest fell behind and was re-anchored */
};

/* Start (or resume after a pause) with the two clocks as they are now. */
void pace_reset(struct pace *p, uint64_t host_ns, uint64_t guest_ticks, uint64_t max_lag_ns);

/* The guest time (scheduler ticks) due at host_ns.  A guest more than
 * max_lag_ns behind (a host too slow for the configured speed, a long
 * stall) is re-anchored max_lag_ns behind the host clock, so it runs as
 * fast as it can from there instead of racing to make up the past. */
uint64_t pace_due(struct pace *p, uint64_t host_ns, uint64_t guest_ticks);

/* The host time at which the guest clock is due to read guest_ticks (when
 * to wake up). */
uint64_t pace_host_at(const struct pace *p, uint64_t guest_ticks);

/* Conversions between nanoseconds and 14.31818 MHz ticks, exact in 64 bits. */
uint64_t pace_ns_to_ticks(uint64_t ns);
uint64_t pace_ticks_to_ns(uint64_t ticks);

#endif
