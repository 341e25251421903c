/* devices/port61.c: system control port B at 61h, per the IBM PC/AT
 * Technical Reference ("System Control Port B"): bits 0-3 written, bits
 * 4-7 status.  The refresh toggle follows the AT's 15.085 us refresh
 * period (18 PIT clocks = 216 scheduler ticks) as a pure function of time. */
#include "devices/port61.h"

#include <stdio.h>
#include <stdlib.h>

#include "devices/bus.h"
#include "devices/pit.h"
#include "devices/sched.h"

#define P61_GATE2 0x01
#define P61_SPEAKER 0x02
#define P61_PARITY_OFF 0x04         /* 1: parity check disabled and its latch cleared */
#define P61_IOCHK_OFF 0x08          /* 1: channel check disabled and its latch cleared */
#define P61_REFRESH 0x10
#define P61_OUT2 0x20
#define P61_IOCHK 0x40
#define P61_PARITY 0x80

#define REFRESH_TICKS 216u          /* 15.085 us in 14.31818 MHz ticks */
#define SPK_QUEUE 8192u
#define SPK_SCAN_MAX 16384u         /* edges enumerated per flush before giving up */

struct port61 {
    struct pit *pit;
    struct sched *sched;
    uint8_t bits;                   /* bits 0-3 as written */
    bool parity, iochk;             /* NMI source latches */
    void (*nmi)(void *opaque, bool level);
    void *opaque;
    bool nmi_level;

    bool capture;
    struct speaker_edge queue[SPK_QUEUE];
    unsigned head, count;
    uint64_t flushed_to;            /* PIT clock up to which edges are queued */
    bool level;                     /* speaker input at flushed_to */
    uint64_t dropped;
};

static bool spk_at_clock(const struct port61 *p, uint64_t clock)
{
    return (p->bits & P61_SPEAKER) && pit_out_at(p->pit, 2, clock);
}

bool port61_speaker_at(const struct port61 *p, uint64_t tick)
{
    return spk_at_clock(p, tick / PIT_TICK_DIV);
}

bool port61_speaker_level(const struct port61 *p)
{
    return spk_at_clock(p, pit_now(p->pit));
}

static void push_edge(struct port61 *p, uint64_t clock, bool level)
{
    if (p->count == SPK_QUEUE) {
        p->head = (p->head + 1) % SPK_QUEUE;
        p->count--;
        p->dropped++;
    }
    p->queue[(p->head + p->count) % SPK_QUEUE] =
        (struct speaker_edge){ .tick = clock * PIT_TICK_DIV, .level = level };
    p->count++;
    p->level = level;
}

/* Queue the edges of the current waveform from flushed_to up to clock now. */
static void flush(struct port61 *p, uint64_t now)
{
    if (!p->capture || now < p->flushed_to)
        return;
    bool lvl = spk_at_clock(p, p->flushed_to);
    if (lvl != p->level)
        push_edge(p, p->flushed_to, lvl);       /* a change made at flushed_to */
    if (p->bits & P61_SPEAKER) {
        uint64_t e = p->flushed_to;
        unsigned n = 0;
        for (;;) {
            e = pit_next_edge(p->pit, 2, e);
            if (e > now)
                break;
            if (++n > SPK_SCAN_MAX) {           /* far above audio rates: skip ahead */
                p->dropped++;
                lvl = spk_at_clock(p, now);
                if (lvl != p->level)
                    push_edge(p, now, lvl);
                break;
            }
            lvl = spk_at_clock(p, e);
            if (lvl != p->level)
                push_edge(p, e, lvl);
        }
    }
    p->flushed_to = now;
}

static void before_pit_change(void *opaque)
{
    struct port61 *p = opaque;
    flush(p, pit_now(p->pit));
}

void port61_speaker_capture(struct port61 *p, bool enable)
{
    if (enable && !p->capture) {
        p->flushed_to = pit_now(p->pit);
        p->level = spk_at_clock(p, p->flushed_to);
        p->head = p->count = 0;
        p->dropped = 0;
    }
    p->capture = enable;
}

unsigned port61_speaker_edges(struct port61 *p, struct speaker_edge *out, unsigned max)
{
    flush(p, pit_now(p->pit));
    unsigned n = 0;
    while (n < max && p->count > 0) {
        out[n++] = p->queue[p->head];
        p->head = (p->head + 1) % SPK_QUEUE;
        p->count--;
    }
    return n;
}

uint64_t port61_speaker_dropped(const struct port61 *p)
{
    return p->dropped;
}

static void update_nmi(struct port61 *p)
{
    bool level = p->parity || p->iochk;
    if (level != p->nmi_level) {
        p->nmi_level = level;
        if (p->nmi != NULL)
            p->nmi(p->opaque, level);
    }
}

void port61_parity_error(struct port61 *p)
{
    if (!(p->bits & P61_PARITY_OFF)) {
        p->parity = true;
        update_nmi(p);
    }
}

void port61_channel_check(struct port61 *p)
{
    if (!(p->bits & P61_IOCHK_OFF)) {
        p->iochk = true;
        update_nmi(p);
    }
}

static uint32_t port61_read(void *opaque, uint16_t off, unsigned size)
{
    struct port61 *p = opaque;
    (void)off;
    (void)size;
    uint64_t now = sched_now(p->sched);
    uint8_t v = p->bits;
    if ((now / REFRESH_TICKS) & 1)
        v |= P61_REFRESH;
    if (pit_out_at(p->pit, 2, now / PIT_TICK_DIV))
        v |= P61_OUT2;
    if (p->iochk)
        v |= P61_IOCHK;
    if (p->parity)
        v |= P61_PARITY;
    return v;
}

static void set_bits(struct port61 *p, uint8_t v)
{
    uint64_t now = pit_now(p->pit);
    flush(p, now);
    p->bits = v & 0x0f;
    if (p->bits & P61_PARITY_OFF)
        p->parity = false;
    if (p->bits & P61_IOCHK_OFF)
        p->iochk = false;
    pit_set_gate(p->pit, 2, (p->bits & P61_GATE2) != 0);
    flush(p, now);                      /* queues a change of the speaker bit at now */
    update_nmi(p);
}

static void port61_write(void *opaque, uint16_t off, unsigned size, uint32_t value)
{
    (void)off;
    (void)size;
    set_bits(opaque, (uint8_t)value);
}

static const struct io_ops port61_io = {
    .name = "port61", .read = port61_read, .write = port61_write, .widths = IO_W8,
};

struct port61 *port61_create(struct io_bus *bus, struct sched *sched, struct pit *pit,
                             void (*nmi)(void *opaque, bool level), void *opaque,
                             struct emu_err *err)
{
    struct port61 *p = calloc(1, sizeof *p);
    if (p == NULL) {
        emu_fail(err, EMU_ENOMEM, "port61: out of memory");
        return NULL;
    }
    p->pit = pit;
    p->sched = sched;
    p->nmi = nmi;
    p->opaque = opaque;
    if (bus_map_ports(bus, 0x61, 1, &port61_io, p, err) != 0) {
        free(p);
        return NULL;
    }
    pit_set_observer(pit, 2, before_pit_change, p);
    port61_reset(p);
    return p;
}

void port61_destroy(struct port61 *p)
{
    if (p == NULL)
        return;
    pit_set_observer(p->pit, 2, NULL, NULL);
    free(p);
}

void port61_reset(struct port61 *p)
{
    p->parity = p->iochk = false;
    set_bits(p, 0);
}

void port61_describe(const struct port61 *p, char *buf, size_t size)
{
    uint8_t v = p->bits;
    snprintf(buf, size,
             "port61: gate2=%u speaker-data=%u parity-check=%s io-check=%s out2=%u "
             "speaker=%u parity-err=%u iochk=%u nmi=%u capture=%s queued=%u dropped=%llu\n",
             v & 1u, (v >> 1) & 1u, (v & P61_PARITY_OFF) ? "off" : "on",
             (v & P61_IOCHK_OFF) ? "off" : "on", pit_out(p->pit, 2) ? 1u : 0u,
             port61_speaker_level(p) ? 1u : 0u, p->parity ? 1u : 0u, p->iochk ? 1u : 0u,
             p->nmi_level ? 1u : 0u, p->capture ? "on" : "off", p->count,
             (unsigned long long)p->dropped);
}
