/* devices/sched.h: the machine's one clock and its timers.
 * Time is counted in ticks of the PC's 14.31818 MHz oscillator (the PIT
 * counts ticks/12), derived exactly from the CPU's retired-instruction count
 * at a configured rate of instructions per second; the host clock is never
 * read here, so the same inputs give the same run.  Devices compute counter
 * values from sched_now() when read and arm a timer only for their next
 * interrupt edge. */
#ifndef VIREO_DEVICES_SCHED_H
#define VIREO_DEVICES_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#define SCHED_HZ 14318180ull        /* ticks per emulated second */
#define SCHED_NEVER UINT64_MAX
#define SCHED_MAX_IPS 100000000000ull

struct timer {
    uint64_t deadline;              /* in ticks */
    void (*fire)(void *opaque, uint64_t now);
    void *opaque;
    struct timer *next;
    bool armed;
};

struct sched {
    uint64_t ips;                   /* emulated instructions per second */
    const uint64_t *icount;         /* the CPU's retired-instruction counter */
    struct timer *head;             /* armed timers, earliest first */
    /* Called when a newly armed timer becomes the earliest, so that whoever
     * runs the CPU can stop it in time (a device arms timers mid-slice). */
    void (*earlier)(void *opaque, uint64_t deadline);
    void *earlier_opaque;
};

void sched_init(struct sched *s, uint64_t ips, const uint64_t *icount);
/* The current time in ticks. */
uint64_t sched_now(const struct sched *s);
/* Ticks at instruction count i, and the first instruction count at or after
 * tick t (the inverse, rounded up). */
uint64_t sched_ticks_at(const struct sched *s, uint64_t icount);
uint64_t sched_icount_at(const struct sched *s, uint64_t ticks);
/* Arm (or re-arm) t to call fire(opaque, now) once time reaches deadline. */
void sched_arm(struct sched *s, struct timer *t, uint64_t deadline,
               void (*fire)(void *opaque, uint64_t now), void *opaque);
void sched_cancel(struct sched *s, struct timer *t);
uint64_t sched_next_deadline(const struct sched *s);   /* SCHED_NEVER if none */
/* Fire every timer whose deadline has passed, earliest first. */
void sched_run_due(struct sched *s);

static inline uint64_t sched_ns_to_ticks(uint64_t ns)
{
    return ns / 1000000000ull * SCHED_HZ + (ns % 1000000000ull) * SCHED_HZ / 1000000000ull;
}

#endif
