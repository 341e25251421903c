/* devices/pit.c: Intel 8254 PIT, per the 8254 datasheet: modes 0-5, binary
 * and BCD counting, LSB/MSB access with separate read and write byte
 * pointers, counter latch and read-back commands, null count and GATE.
 * Each counter is a closed-form waveform from the clock of its last load
 * (no per-clock work); only OUT0 arms a timer, for its next edge.  Port
 * 61h is port61.c.
 * LIMITATION: a count of 1 in modes 2 and 3, which the datasheet calls
 * illegal, leaves OUT high with no edges. */
#include "devices/pit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/bus.h"
#include "devices/sched.h"

#define EDGE_CATCHUP_MAX 64         /* OUT0 edges replayed one by one when late */

struct pit_counter {
    /* Programming */
    uint8_t cw;                 /* control word bits 5-0, as the status byte shows them */
    uint8_t mode;               /* 0-5 (x10b and x11b are modes 2 and 3) */
    uint8_t rw;                 /* 1 LSB only, 2 MSB only, 3 LSB then MSB */
    bool bcd;
    bool gate;
    uint32_t cr;                /* count register, in counts: 1..modulus (0 means modulus) */
    bool has_cr;                /* a count was written since the control word */
    bool write_msb, read_msb;   /* the two byte pointers */
    uint8_t cr_lsb;
    bool ol_latched, status_latched;
    uint16_t ol;
    uint8_t status;
    bool null_count;            /* set by writes; clears at load_at */
    uint64_t load_at;

    /* Waveform: CE and OUT as closed forms of the clock t >= t_ref. */
    bool armed;                 /* a count was loaded (or is about to be, at t_ref) */
    bool counting;              /* CE decrements (GATE allows, or triggered) */
    uint64_t t_ref;             /* clock at which CE == ce_ref */
    uint32_t ce_ref;            /* CE at t_ref, 0..modulus-1 */
    uint32_t ce_hold;           /* CE before t_ref, or while not armed */
    bool out_hold;              /* OUT before t_ref, or while not armed */
    uint32_t n;                 /* modes 2, 3: the count in use */
    bool phase_high;            /* mode 3: OUT during the half cycle starting at t_ref */
    uint64_t tc_at;             /* modes 0, 1, 4, 5: clock CE reaches 0; PIT_NEVER if frozen */
    bool tc_seen;               /* modes 0, 4: TC passed before the count froze */
    bool pending;               /* modes 2, 3: a new count waits for the cycle end */
    uint64_t pending_at;

    void (*observer)(void *opaque);
    void *observer_opaque;
};

struct pit {
    struct pit_counter ch[3];
    struct sched *sched;
    struct irq_line irq0;
    struct timer timer0;
    uint64_t edge0;             /* next OUT0 edge (PIT clock) */
    bool out0;                  /* level driven on IRQ0 */
};

static uint32_t modulus(const struct pit_counter *c)
{
    return c->bcd ? 10000u : 65536u;
}

static uint32_t to_bcd(uint32_t v)
{
    return (v % 10) | (v / 10 % 10) << 4 | (v / 100 % 10) << 8 | (v / 1000 % 10) << 12;
}

/* BCD digits above 9 are undefined in the datasheet; they weigh as written. */
static uint32_t from_bcd(uint32_t v)
{
    return ((v & 0xf) + ((v >> 4) & 0xf) * 10 + ((v >> 8) & 0xf) * 100 +
            ((v >> 12) & 0xf) * 1000) % 10000u;
}

uint64_t pit_now(const struct pit *p)
{
    return sched_now(p->sched) / PIT_TICK_DIV;
}

/* Mode 3 half cycles from t_ref: even N gives N/2 high and N/2 low, CE
 * stepping N, N-2, ... 2; odd N gives (N+1)/2 high and (N-1)/2 low, CE
 * stepping N-1, N-3, ... (8254 datasheet, "Mode 3"). */
static uint32_t m3_first_len(const struct pit_counter *c)
{
    return c->phase_high ? (c->n + 1) / 2 : c->n / 2;
}

/* A pending count takes over at pending_at (end of the period in mode 2,
 * of the half cycle in mode 3); its waveform starts there. */
static bool out_raw(const struct pit_counter *c, uint64_t t);

static void rebase_pending(struct pit_counter *c)
{
    uint64_t at = c->pending_at;
    bool phase = c->mode == 3 ? out_raw(c, at) : true;
    c->t_ref = at;
    c->n = c->cr;
    c->ce_ref = c->cr % modulus(c);
    c->phase_high = phase;
    c->pending = false;
}

static const struct pit_counter *view(const struct pit_counter *c, uint64_t t,
                                      struct pit_counter *tmp)
{
    if (!c->pending || t < c->pending_at)
        return c;
    *tmp = *c;
    rebase_pending(tmp);
    return tmp;
}

static bool out_raw(const struct pit_counter *c, uint64_t t)
{
    if (!c->armed || t < c->t_ref)
        return c->out_hold;
    uint64_t e = t - c->t_ref;
    switch (c->mode) {
    case 0:
        return c->tc_seen || (c->counting && t >= c->tc_at);
    case 1:
        return t >= c->tc_at;
    case 2:
        if (!c->counting || c->n <= 1)  /* a count of 1 is illegal in mode 2 */
            return true;
        return e % c->n != c->n - 1;
    case 3: {
        if (!c->counting)
            return true;
        uint32_t first = m3_first_len(c);
        return (e % c->n < first) ? c->phase_high : !c->phase_high;
    }
    default:                            /* 4, 5: one-clock strobe at TC */
        return t != c->tc_at;
    }
}

static uint32_t ce_raw(const struct pit_counter *c, uint64_t t)
{
    if (!c->armed || t < c->t_ref)
        return c->ce_hold;
    if (!c->counting)
        return c->ce_ref;
    uint64_t e = t - c->t_ref;
    uint32_t m = modulus(c);
    switch (c->mode) {
    case 2:
        return (uint32_t)((c->n - e % c->n) % m);
    case 3: {
        uint32_t first = m3_first_len(c);
        uint32_t pos = (uint32_t)(e % c->n);
        uint32_t j = pos < first ? pos : pos - first;
        uint32_t top = (c->n & 1) ? c->n - 1 : c->n;
        return (top - 2 * j) % m;
    }
    default:
        return (uint32_t)((c->ce_ref + m - e % m) % m);
    }
}

static bool out_at(const struct pit_counter *c, uint64_t t)
{
    struct pit_counter tmp;
    return out_raw(view(c, t, &tmp), t);
}

static uint32_t ce_at(const struct pit_counter *c, uint64_t t)
{
    struct pit_counter tmp;
    return ce_raw(view(c, t, &tmp), t);
}

static bool null_count_at(const struct pit_counter *c, uint64_t t)
{
    return c->null_count && (c->load_at == PIT_NEVER || t < c->load_at);
}

/* Next OUT change after t for a waveform with t >= t_ref, ignoring a
 * pending count. */
static uint64_t edge_from(const struct pit_counter *c, uint64_t t)
{
    uint64_t e = t - c->t_ref;
    switch (c->mode) {
    case 0:
        return (!c->tc_seen && c->counting && c->tc_at > t) ? c->tc_at : PIT_NEVER;
    case 1:
        return c->tc_at > t ? c->tc_at : PIT_NEVER;
    case 2: {
        if (!c->counting || c->n <= 1)
            return PIT_NEVER;
        uint64_t pos = e % c->n;
        return pos < c->n - 1 ? t + (c->n - 1 - pos) : t + 1;
    }
    case 3: {
        if (!c->counting || c->n <= 1)
            return PIT_NEVER;
        uint64_t pos = e % c->n, first = m3_first_len(c);
        return pos < first ? t + (first - pos) : t + (c->n - pos);
    }
    default:
        if (c->tc_at == PIT_NEVER || t > c->tc_at)
            return PIT_NEVER;
        return t < c->tc_at ? c->tc_at : t + 1;
    }
}

static uint64_t next_edge_raw(const struct pit_counter *c, uint64_t t)
{
    if (!c->armed)
        return PIT_NEVER;
    if (t < c->t_ref)
        return out_raw(c, c->t_ref) != c->out_hold ? c->t_ref : edge_from(c, c->t_ref);
    return edge_from(c, t);
}

static uint64_t next_edge(const struct pit_counter *c, uint64_t t)
{
    struct pit_counter tmp;
    const struct pit_counter *v = view(c, t, &tmp);
    uint64_t e = next_edge_raw(v, t);
    if (v == c && c->pending && e > c->pending_at) {
        tmp = *c;
        rebase_pending(&tmp);
        if (out_raw(&tmp, c->pending_at) != out_raw(c, c->pending_at - 1))
            return c->pending_at;
        return next_edge_raw(&tmp, c->pending_at);
    }
    return e;
}

bool pit_out_at(const struct pit *p, unsigned ch, uint64_t t)
{
    return ch < 3 && out_at(&p->ch[ch], t);
}

uint64_t pit_next_edge(const struct pit *p, unsigned ch, uint64_t t)
{
    return ch < 3 ? next_edge(&p->ch[ch], t) : PIT_NEVER;
}

/* ---- OUT0 and IRQ0 ---- */

static void drive_out0(struct pit *p, bool level)
{
    if (level != p->out0) {
        p->out0 = level;
        irq_set(&p->irq0, level);
    }
}

static void pit_fire0(void *opaque, uint64_t now);

static void arm0(struct pit *p)
{
    if (p->edge0 == PIT_NEVER)
        sched_cancel(p->sched, &p->timer0);
    else
        sched_arm(p->sched, &p->timer0, p->edge0 * PIT_TICK_DIV, pit_fire0, p);
}

/* Replay OUT0's edges up to clock t in order, so that a one-clock low
 * pulse (mode 2) still reaches the PIC as a fresh rising edge. */
static void sync0(struct pit *p, uint64_t t)
{
    const struct pit_counter *c = &p->ch[0];
    unsigned n = 0;
    while (p->edge0 <= t) {
        if (++n > EDGE_CATCHUP_MAX) {
            drive_out0(p, out_at(c, t));
            p->edge0 = next_edge(c, t);
            return;
        }
        drive_out0(p, out_at(c, p->edge0));
        p->edge0 = next_edge(c, p->edge0);
    }
}

static void pit_fire0(void *opaque, uint64_t now)
{
    struct pit *p = opaque;
    sync0(p, now / PIT_TICK_DIV);
    arm0(p);
}

/* ---- reprogramming ---- */

static void normalize(struct pit_counter *c, uint64_t t)
{
    if (c->pending && t >= c->pending_at)
        rebase_pending(c);
    if (c->null_count && c->load_at != PIT_NEVER && t >= c->load_at)
        c->null_count = false;
}

static void begin_change(struct pit *p, unsigned ch, uint64_t t)
{
    struct pit_counter *c = &p->ch[ch];
    if (c->observer != NULL)
        c->observer(c->observer_opaque);
    if (ch == 0)
        sync0(p, t);
    normalize(c, t);
}

static void end_change(struct pit *p, unsigned ch, uint64_t t)
{
    if (ch != 0)
        return;
    drive_out0(p, out_at(&p->ch[0], t));
    p->edge0 = next_edge(&p->ch[0], t);
    arm0(p);
}

/* Freeze CE at clock t (GATE low, or mode 0's first count byte). */
static void freeze(struct pit_counter *c, uint64_t t)
{
    if (c->armed && c->counting && t >= c->t_ref) {
        uint32_t ce = ce_raw(c, t);
        if (c->mode == 0)
            c->tc_seen = out_raw(c, t);
        else if (c->mode == 4)
            c->tc_seen = c->tc_at <= t;
        c->ce_ref = ce;
        c->t_ref = t;
    }
    c->counting = false;
    c->pending = false;
    /* No TC while frozen; a mode 4 strobe already under way still ends
     * after its clock (GATE does not touch OUT in mode 4). */
    if (c->mode == 0 || (c->mode == 4 && !c->tc_seen))
        c->tc_at = PIT_NEVER;
}

/* Start the periodic modes: the count loads on the next clock. */
static void start_periodic(struct pit_counter *c, uint64_t t)
{
    c->ce_hold = ce_raw(c, t);
    c->out_hold = true;
    c->armed = true;
    c->counting = true;
    c->t_ref = t + 1;
    c->n = c->cr;
    c->ce_ref = c->cr % modulus(c);
    c->phase_high = true;
    c->pending = false;
    c->load_at = t + 1;
}

/* Modes 1 and 5: a GATE rising edge loads the count on the next clock. */
static void trigger(struct pit_counter *c, uint64_t t)
{
    c->out_hold = out_raw(c, t);
    c->ce_hold = ce_raw(c, t);
    c->armed = true;
    c->counting = true;
    c->t_ref = t + 1;
    c->ce_ref = c->cr % modulus(c);
    c->tc_at = c->t_ref + c->cr;
    c->load_at = t + 1;
}

static uint64_t cycle_end(const struct pit_counter *c, uint64_t t)
{
    uint64_t pos = (t - c->t_ref) % c->n;
    if (c->mode == 2)
        return t - pos + c->n;
    uint64_t first = m3_first_len(c);
    return pos < first ? t - pos + first : t - pos + c->n;
}

static void count_written(struct pit_counter *c, uint16_t raw, uint64_t t)
{
    uint32_t v = c->bcd ? from_bcd(raw) : raw;
    c->cr = v == 0 ? modulus(c) : v;
    c->has_cr = true;
    c->null_count = true;
    switch (c->mode) {
    case 0:
    case 4:
        c->ce_hold = ce_raw(c, t);
        c->out_hold = c->mode == 4 ? out_raw(c, t) : false;
        c->armed = true;
        c->counting = c->gate;
        c->t_ref = t + 1;
        c->ce_ref = c->cr % modulus(c);
        c->tc_seen = false;
        c->tc_at = c->counting ? c->t_ref + c->cr : PIT_NEVER;
        c->load_at = t + 1;
        break;
    case 1:
    case 5:
        c->load_at = PIT_NEVER;         /* loads on the next trigger */
        break;
    default:                            /* 2, 3 */
        if (!c->armed) {
            if (c->gate)
                start_periodic(c, t);
            else
                c->load_at = PIT_NEVER;
        } else if (!c->counting) {
            c->load_at = PIT_NEVER;     /* GATE low: its rising edge loads */
        } else if (t < c->t_ref) {
            c->n = c->cr;               /* still before the first load */
            c->ce_ref = c->cr % modulus(c);
        } else {
            c->pending = true;
            c->pending_at = cycle_end(c, t);
            c->load_at = c->pending_at;
        }
        break;
    }
}

static void control_word(struct pit_counter *c, uint8_t v, uint64_t t)
{
    uint32_t ce = ce_at(c, t);
    c->cw = v & 0x3f;
    c->mode = (v >> 1) & 7;
    if (c->mode > 5)
        c->mode -= 4;
    c->rw = (v >> 4) & 3;
    c->bcd = v & 1;
    c->write_msb = c->read_msb = false;
    c->ol_latched = c->status_latched = false;
    c->has_cr = false;
    c->null_count = true;
    c->load_at = PIT_NEVER;
    c->armed = false;
    c->counting = false;
    c->pending = false;
    c->ce_hold = ce % modulus(c);
    c->out_hold = c->mode != 0;         /* mode 0 OUT goes low; all others high */
    c->tc_at = PIT_NEVER;
    c->tc_seen = false;
}

static void latch_count(struct pit_counter *c, uint64_t t)
{
    if (c->ol_latched)
        return;                         /* a second latch before reading is ignored */
    uint32_t ce = ce_at(c, t);
    c->ol = (uint16_t)(c->bcd ? to_bcd(ce) : ce);
    c->ol_latched = true;
}

static void latch_status(struct pit_counter *c, uint64_t t)
{
    if (c->status_latched)
        return;
    c->status = (uint8_t)((out_at(c, t) ? 0x80 : 0) | (null_count_at(c, t) ? 0x40 : 0) | c->cw);
    c->status_latched = true;
}

static uint8_t counter_read(struct pit_counter *c, uint64_t t)
{
    if (c->status_latched) {
        c->status_latched = false;
        return c->status;
    }
    uint16_t v;
    if (c->ol_latched) {
        v = c->ol;
    } else {
        uint32_t ce = ce_at(c, t);
        v = (uint16_t)(c->bcd ? to_bcd(ce) : ce);
    }
    bool msb;
    if (c->rw == 3) {
        msb = c->read_msb;
        c->read_msb = !c->read_msb;
    } else {
        msb = c->rw == 2;
    }
    if (c->rw != 3 || msb)
        c->ol_latched = false;
    return (uint8_t)(msb ? v >> 8 : v);
}

static void counter_write(struct pit *p, unsigned ch, uint8_t v, uint64_t t)
{
    struct pit_counter *c = &p->ch[ch];
    if (c->rw == 0)
        return;                         /* never programmed */
    begin_change(p, ch, t);
    if (c->rw == 1) {
        count_written(c, v, t);
    } else if (c->rw == 2) {
        count_written(c, (uint16_t)(v << 8), t);
    } else if (!c->write_msb) {
        c->cr_lsb = v;
        c->write_msb = true;
        if (c->mode == 0) {             /* mode 0: the first byte stops the count, OUT low */
            freeze(c, t);
            c->tc_seen = false;
            c->out_hold = false;
        }
    } else {
        c->write_msb = false;
        count_written(c, (uint16_t)(c->cr_lsb | (v << 8)), t);
    }
    end_change(p, ch, t);
}

static void pit_control(struct pit *p, uint8_t v, uint64_t t)
{
    unsigned sc = v >> 6;
    if (sc == 3) {                      /* read-back: D5 = /COUNT, D4 = /STATUS */
        for (unsigned ch = 0; ch < 3; ch++) {
            if (!(v & (2u << ch)))
                continue;
            if (!(v & 0x20))
                latch_count(&p->ch[ch], t);
            if (!(v & 0x10))
                latch_status(&p->ch[ch], t);
        }
        return;
    }
    if (((v >> 4) & 3) == 0) {
        latch_count(&p->ch[sc], t);
        return;
    }
    begin_change(p, sc, t);
    control_word(&p->ch[sc], v, t);
    end_change(p, sc, t);
}

void pit_set_gate(struct pit *p, unsigned ch, bool level)
{
    if (ch > 2 || p->ch[ch].gate == level)
        return;
    struct pit_counter *c = &p->ch[ch];
    uint64_t t = pit_now(p);
    begin_change(p, ch, t);
    c->gate = level;
    switch (c->mode) {
    case 0:
    case 4:
        if (!level) {
            freeze(c, t);
        } else if (c->armed && !c->counting) {
            c->counting = true;
            if (t > c->t_ref)
                c->t_ref = t;
            if (!c->tc_seen)
                c->tc_at = c->t_ref + (c->ce_ref == 0 ? modulus(c) : c->ce_ref);
        }
        break;
    case 1:
    case 5:
        if (level && c->has_cr)
            trigger(c, t);
        break;
    default:
        if (!level) {
            uint32_t ce = ce_at(c, t);
            freeze(c, t);
            c->ce_ref = c->ce_hold = ce;
            c->t_ref = t;
        } else if (c->has_cr) {
            start_periodic(c, t);
        }
        break;
    }
    end_change(p, ch, t);
}

void pit_set_observer(struct pit *p, unsigned ch, void (*before_change)(void *opaque),
                      void *opaque)
{
    if (ch < 3) {
        p->ch[ch].observer = before_change;
        p->ch[ch].observer_opaque = opaque;
    }
}

static uint32_t pit_io_read(void *opaque, uint16_t off, unsigned size)
{
    struct pit *p = opaque;
    (void)size;
    if (off == 3)
        return 0xff;                    /* the control word register cannot be read */
    return counter_read(&p->ch[off], pit_now(p));
}

static void pit_io_write(void *opaque, uint16_t off, unsigned size, uint32_t value)
{
    struct pit *p = opaque;
    (void)size;
    uint64_t t = pit_now(p);
    if (off == 3)
        pit_control(p, (uint8_t)value, t);
    else
        counter_write(p, off, (uint8_t)value, t);
}

static const struct io_ops pit_io = {
    .name = "pit", .read = pit_io_read, .write = pit_io_write, .widths = IO_W8,
};

struct pit *pit_create(struct io_bus *bus, struct sched *sched, struct irq_line irq0,
                       struct emu_err *err)
{
    struct pit *p = calloc(1, sizeof *p);
    if (p == NULL) {
        emu_fail(err, EMU_ENOMEM, "pit: out of memory");
        return NULL;
    }
    p->sched = sched;
    p->irq0 = irq0;
    if (bus_map_ports(bus, 0x40, 4, &pit_io, p, err) != 0) {
        free(p);
        return NULL;
    }
    p->ch[0].gate = true;
    p->ch[1].gate = true;
    pit_reset(p);
    return p;
}

void pit_destroy(struct pit *p)
{
    if (p == NULL)
        return;
    sched_cancel(p->sched, &p->timer0);
    free(p);
}

void pit_reset(struct pit *p)
{
    for (unsigned i = 0; i < 3; i++) {
        struct pit_counter *c = &p->ch[i];
        bool gate = c->gate;
        void (*obs)(void *) = c->observer;
        void *obs_opaque = c->observer_opaque;
        if (obs != NULL)
            obs(obs_opaque);
        memset(c, 0, sizeof *c);
        c->gate = gate;
        c->observer = obs;
        c->observer_opaque = obs_opaque;
        c->load_at = c->tc_at = PIT_NEVER;
    }
    p->edge0 = PIT_NEVER;
    sched_cancel(p->sched, &p->timer0);
    drive_out0(p, false);
}

void pit_describe(const struct pit *p, char *buf, size_t size)
{
    static const char *const rw_names[4] = { "unset", "lsb", "msb", "lsb/msb" };
    uint64_t t = pit_now(p);
    size_t used = 0;
    if (size == 0)
        return;
    buf[0] = '\0';
    for (unsigned i = 0; i < 3 && used < size; i++) {
        const struct pit_counter *c = &p->ch[i];
        uint32_t ce = ce_at(c, t);
        int w = snprintf(buf + used, size - used,
                         "ch%u: mode %u %-7s %s count=%u ce=%u out=%u gate=%u null=%u%s%s%s\n",
                         i, c->mode, rw_names[c->rw], c->bcd ? "bcd" : "bin",
                         c->has_cr ? c->cr : 0, ce, out_at(c, t) ? 1u : 0u, c->gate ? 1u : 0u,
                         null_count_at(c, t) ? 1u : 0u, c->ol_latched ? " count-latched" : "",
                         c->status_latched ? " status-latched" : "",
                         c->pending ? " reload-pending" : "");
        if (w < 0)
            return;
        used += (size_t)w;
    }
    if (used < size) {
        uint64_t e = p->edge0;
        if (e == PIT_NEVER)
            snprintf(buf + used, size - used, "clock=%llu next OUT0 edge: none\n",
                     (unsigned long long)t);
        else
            snprintf(buf + used, size - used, "clock=%llu next OUT0 edge: %llu\n",
                     (unsigned long long)t, (unsigned long long)e);
    }
}
