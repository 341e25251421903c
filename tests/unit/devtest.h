/* tests/unit/devtest.h: a bench for device unit tests: a port bus, a
 * scheduler driven by a fake instruction counter (one instruction = one
 * 14.31818 MHz tick, so tests name times in ticks), a silent logger and an
 * interrupt-line recorder.  Header-only so each test program stands alone. */
#ifndef VIREO_TESTS_DEVTEST_H
#define VIREO_TESTS_DEVTEST_H

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "devices/bus.h"
#include "devices/irq.h"
#include "devices/sched.h"

struct devtest {
    uint64_t icount;            /* the fake CPU's retired instructions = ticks */
    struct sched sched;
    struct io_bus bus;
    struct logger log;
    struct emu_err err;
    /* interrupt lines 0-15 as the recorder saw them */
    bool level[16];
    unsigned rises[16], falls[16];
};

static inline void devtest_sink(void *opaque, enum log_level lvl, const char *line)
{
    (void)opaque;
    (void)lvl;
    (void)line;
}

static inline struct devtest *devtest_new(void)
{
    struct devtest *t = calloc(1, sizeof *t);
    ck_assert_ptr_nonnull(t);
    sched_init(&t->sched, SCHED_HZ, &t->icount);
    t->log.level = LOG_DEBUG;
    t->log.sink = devtest_sink;
    bus_init(&t->bus, &t->log);
    return t;
}

/* Run time forward to tick `to`, firing timers at their exact deadlines. */
static inline void devtest_run_to(struct devtest *t, uint64_t to)
{
    while (sched_next_deadline(&t->sched) <= to) {
        uint64_t d = sched_next_deadline(&t->sched);
        if (d > t->icount)
            t->icount = d;
        sched_run_due(&t->sched);
    }
    if (to > t->icount)
        t->icount = to;
}

static inline void devtest_run(struct devtest *t, uint64_t ticks)
{
    devtest_run_to(t, t->icount + ticks);
}

static inline void devtest_irq_set(void *ctx, unsigned line, bool level)
{
    struct devtest *t = ctx;
    if (level && !t->level[line])
        t->rises[line]++;
    if (!level && t->level[line])
        t->falls[line]++;
    t->level[line] = level;
}

static inline struct irq_line devtest_irq(struct devtest *t, unsigned line)
{
    return (struct irq_line){ .set = devtest_irq_set, .ctx = t, .line = line };
}

static inline uint8_t inb(struct devtest *t, uint16_t port)
{
    return (uint8_t)bus_in(&t->bus, port, 1);
}

static inline void outb(struct devtest *t, uint16_t port, uint8_t v)
{
    bus_out(&t->bus, port, 1, v);
}

#endif
