/* tests/unit/test_pit.c: the 8254 programmed through 40h-43h, read at
 * chosen PIT clocks (12 scheduler ticks each) by stepping the fake
 * instruction counter.  Expected counts and OUT levels follow the 8254
 * datasheet's mode descriptions: the count loads on the clock after it
 * is written (or after the GATE trigger) and counts down from there. */
#include <check.h>
#include <string.h>

#include "devices/pit.h"
#include "tests/unit/devtest.h"

struct bench {
    struct devtest *t;
    struct pit *p;
};

static void bench_init(struct bench *b)
{
    b->t = devtest_new();
    b->p = pit_create(&b->t->bus, &b->t->sched, devtest_irq(b->t, 0), &b->t->err);
    ck_assert_ptr_nonnull(b->p);
}

static void bench_fini(struct bench *b)
{
    pit_destroy(b->p);
    free(b->t);
}

static void at_clock(struct bench *b, uint64_t clock)
{
    devtest_run_to(b->t, clock * PIT_TICK_DIV);
}

static void program(struct bench *b, unsigned ch, uint8_t cw, uint16_t count)
{
    outb(b->t, 0x43, cw);
    outb(b->t, (uint16_t)(0x40 + ch), (uint8_t)count);
    outb(b->t, (uint16_t)(0x40 + ch), (uint8_t)(count >> 8));
}

static uint16_t latched(struct bench *b, unsigned ch)
{
    outb(b->t, 0x43, (uint8_t)(ch << 6));          /* counter latch command */
    uint8_t lo = inb(b->t, (uint16_t)(0x40 + ch));
    return (uint16_t)(lo | inb(b->t, (uint16_t)(0x40 + ch)) << 8);
}

static uint8_t status(struct bench *b, unsigned ch)
{
    outb(b->t, 0x43, (uint8_t)(0xe0 | (2u << ch)));  /* read-back: status only */
    return inb(b->t, (uint16_t)(0x40 + ch));
}

static unsigned out_bit(struct bench *b, unsigned ch)
{
    return status(b, ch) >> 7;
}

START_TEST(mode0_interrupt_on_terminal_count)
{
    struct bench b;
    bench_init(&b);
    program(&b, 0, 0x30, 100);
    ck_assert_uint_eq(out_bit(&b, 0), 0);
    at_clock(&b, 51);
    ck_assert_uint_eq(latched(&b, 0), 50);
    devtest_run_to(b.t, 101 * 12 - 1);
    ck_assert_uint_eq(b.t->rises[0], 0);
    devtest_run_to(b.t, 101 * 12);
    ck_assert_uint_eq(b.t->rises[0], 1);
    ck_assert_uint_eq(latched(&b, 0), 0);
    at_clock(&b, 102);
    ck_assert_uint_eq(latched(&b, 0), 0xffff);          /* keeps counting after TC */
    at_clock(&b, 70000);
    ck_assert_uint_eq(b.t->rises[0], 1);                /* OUT stays high */
    ck_assert_uint_eq(b.t->falls[0], 0);
    bench_fini(&b);
}
END_TEST

START_TEST(mode0_first_byte_stops_count)
{
    struct bench b;
    bench_init(&b);
    program(&b, 0, 0x30, 100);
    at_clock(&b, 11);
    outb(b.t, 0x40, 50);                /* LSB only: counting stops */
    at_clock(&b, 20);
    ck_assert_uint_eq(latched(&b, 0), 90);
    outb(b.t, 0x40, 0);                 /* MSB: 50 loads on the next clock */
    at_clock(&b, 21);
    ck_assert_uint_eq(latched(&b, 0), 50);
    devtest_run_to(b.t, 71 * 12 - 1);
    ck_assert_uint_eq(b.t->rises[0], 0);
    at_clock(&b, 71);
    ck_assert_uint_eq(b.t->rises[0], 1);
    /* Rewriting mode 0 drives OUT low again. */
    outb(b.t, 0x43, 0x30);
    ck_assert_uint_eq(b.t->falls[0], 1);
    bench_fini(&b);
}
END_TEST

START_TEST(mode2_rate_generator)
{
    struct bench b;
    bench_init(&b);
    program(&b, 0, 0x34, 4);
    ck_assert_uint_eq(b.t->rises[0], 1);                /* OUT high after the control word */
    static const uint16_t ce[] = { 4, 3, 2, 1, 4, 3 };
    static const unsigned out[] = { 1, 1, 1, 0, 1, 1 };
    for (unsigned i = 0; i < 6; i++) {
        at_clock(&b, i + 1);
        ck_assert_uint_eq(latched(&b, 0), ce[i]);
        ck_assert_uint_eq(out_bit(&b, 0), out[i]);
    }
    at_clock(&b, 13);
    ck_assert_uint_eq(b.t->rises[0], 4);                /* low pulses end at 5, 9, 13 */
    ck_assert_uint_eq(b.t->falls[0], 3);
    bench_fini(&b);
}
END_TEST

START_TEST(mode2_new_count_at_period_end)
{
    struct bench b;
    bench_init(&b);
    program(&b, 0, 0x34, 10);
    at_clock(&b, 3);
    outb(b.t, 0x40, 4);
    outb(b.t, 0x40, 0);
    ck_assert_uint_eq(status(&b, 0) & 0x40, 0x40);      /* null count until loaded */
    at_clock(&b, 10);
    ck_assert_uint_eq(latched(&b, 0), 1);               /* old count runs out */
    at_clock(&b, 11);
    ck_assert_uint_eq(latched(&b, 0), 4);
    ck_assert_uint_eq(status(&b, 0) & 0x40, 0);
    at_clock(&b, 14);
    ck_assert_uint_eq(out_bit(&b, 0), 0);
    at_clock(&b, 15);
    ck_assert_uint_eq(out_bit(&b, 0), 1);
    bench_fini(&b);
}
END_TEST

START_TEST(mode3_odd_count)
{
    struct bench b;
    bench_init(&b);
    program(&b, 0, 0x36, 5);
    static const uint16_t ce[] = { 4, 2, 0, 4, 2, 4 };
    static const unsigned out[] = { 1, 1, 1, 0, 0, 1 };
    for (unsigned i = 0; i < 6; i++) {
        at_clock(&b, i + 1);
        ck_assert_uint_eq(latched(&b, 0), ce[i]);
        ck_assert_uint_eq(out_bit(&b, 0), out[i]);
    }
    bench_fini(&b);
}
END_TEST

START_TEST(mode3_even_count)
{
    struct bench b;
    bench_init(&b);
    program(&b, 0, 0x36, 6);
    static const uint16_t ce[] = { 6, 4, 2, 6, 4, 2, 6 };
    static const unsigned out[] = { 1, 1, 1, 0, 0, 0, 1 };
    for (unsigned i = 0; i < 7; i++) {
        at_clock(&b, i + 1);
        ck_assert_uint_eq(latched(&b, 0), ce[i]);
        ck_assert_uint_eq(out_bit(&b, 0), out[i]);
    }
    bench_fini(&b);
}
END_TEST

START_TEST(mode3_bios_tick_rate)
{
    struct bench b;
    bench_init(&b);
    program(&b, 0, 0x36, 0);            /* 65536: the BIOS's 18.2 Hz */
    ck_assert_uint_eq(b.t->rises[0], 1);
    devtest_run_to(b.t, SCHED_HZ);      /* one second = clock 1193181 */
    /* Rising edges at clock 1 + 65536 k, k = 1..18. */
    ck_assert_uint_eq(b.t->rises[0], 1 + 18);
    ck_assert_uint_eq(b.t->falls[0], 18);   /* falls at 1 + 32768 + 65536 k, k = 0..17 */
    bench_fini(&b);
}
END_TEST

START_TEST(mode3_new_count_at_half_cycle)
{
    struct bench b;
    bench_init(&b);
    program(&b, 0, 0x36, 10);
    at_clock(&b, 2);
    outb(b.t, 0x40, 4);
    outb(b.t, 0x40, 0);
    at_clock(&b, 5);
    ck_assert_uint_eq(out_bit(&b, 0), 1);
    ck_assert_uint_eq(latched(&b, 0), 2);               /* old half cycle: 10 8 6 4 2 */
    at_clock(&b, 6);                    /* the half cycle ends: low, new count 4 */
    ck_assert_uint_eq(out_bit(&b, 0), 0);
    ck_assert_uint_eq(latched(&b, 0), 4);
    at_clock(&b, 8);
    ck_assert_uint_eq(out_bit(&b, 0), 1);
    at_clock(&b, 10);
    ck_assert_uint_eq(out_bit(&b, 0), 0);
    bench_fini(&b);
}
END_TEST

START_TEST(mode1_retriggerable_one_shot)
{
    struct bench b;
    bench_init(&b);
    program(&b, 2, 0xb2, 5);
    ck_assert(pit_out(b.p, 2));
    at_clock(&b, 10);
    pit_set_gate(b.p, 2, true);         /* trigger */
    ck_assert(pit_out(b.p, 2));
    at_clock(&b, 11);
    ck_assert(!pit_out(b.p, 2));
    ck_assert_uint_eq(latched(&b, 2), 5);
    at_clock(&b, 15);
    ck_assert(!pit_out(b.p, 2));
    ck_assert_uint_eq(latched(&b, 2), 1);
    at_clock(&b, 16);
    ck_assert(pit_out(b.p, 2));
    ck_assert_uint_eq(pit_next_edge(b.p, 2, 16), PIT_NEVER);
    /* Retrigger in the middle of a pulse stretches it. */
    at_clock(&b, 20);
    pit_set_gate(b.p, 2, false);
    pit_set_gate(b.p, 2, true);
    at_clock(&b, 23);
    pit_set_gate(b.p, 2, false);
    pit_set_gate(b.p, 2, true);         /* reloads at 24 */
    at_clock(&b, 28);
    ck_assert(!pit_out(b.p, 2));
    at_clock(&b, 29);
    ck_assert(pit_out(b.p, 2));
    bench_fini(&b);
}
END_TEST

START_TEST(mode4_software_strobe_with_gate)
{
    struct bench b;
    bench_init(&b);
    pit_set_gate(b.p, 2, true);
    program(&b, 2, 0xb8, 3);
    at_clock(&b, 2);
    ck_assert_uint_eq(latched(&b, 2), 2);
    pit_set_gate(b.p, 2, false);        /* GATE low disables counting */
    at_clock(&b, 10);
    ck_assert_uint_eq(latched(&b, 2), 2);
    pit_set_gate(b.p, 2, true);
    ck_assert_uint_eq(pit_next_edge(b.p, 2, 10), 12);
    at_clock(&b, 11);
    ck_assert(pit_out(b.p, 2));
    at_clock(&b, 12);
    ck_assert(!pit_out(b.p, 2));        /* one clock low at TC */
    at_clock(&b, 13);
    ck_assert(pit_out(b.p, 2));
    at_clock(&b, 70000);
    ck_assert(pit_out(b.p, 2));         /* no second strobe after wrapping */
    bench_fini(&b);
}
END_TEST

START_TEST(mode5_hardware_strobe)
{
    struct bench b;
    bench_init(&b);
    program(&b, 2, 0xba, 3);
    at_clock(&b, 10);
    pit_set_gate(b.p, 2, true);
    at_clock(&b, 13);
    ck_assert(pit_out(b.p, 2));
    at_clock(&b, 14);
    ck_assert(!pit_out(b.p, 2));
    at_clock(&b, 15);
    ck_assert(pit_out(b.p, 2));
    bench_fini(&b);
}
END_TEST

START_TEST(mode0_gate_pauses)
{
    struct bench b;
    bench_init(&b);
    pit_set_gate(b.p, 2, true);
    program(&b, 2, 0xb0, 10);
    at_clock(&b, 5);
    ck_assert_uint_eq(latched(&b, 2), 6);
    pit_set_gate(b.p, 2, false);
    at_clock(&b, 20);
    ck_assert_uint_eq(latched(&b, 2), 6);
    pit_set_gate(b.p, 2, true);
    at_clock(&b, 25);
    ck_assert(!pit_out(b.p, 2));
    at_clock(&b, 26);
    ck_assert(pit_out(b.p, 2));
    bench_fini(&b);
}
END_TEST

START_TEST(mode2_gate_forces_out_high)
{
    struct bench b;
    bench_init(&b);
    pit_set_gate(b.p, 2, true);
    program(&b, 2, 0xb4, 4);
    at_clock(&b, 4);
    ck_assert(!pit_out(b.p, 2));
    pit_set_gate(b.p, 2, false);
    ck_assert(pit_out(b.p, 2));         /* immediately */
    at_clock(&b, 9);
    ck_assert_uint_eq(latched(&b, 2), 1);
    pit_set_gate(b.p, 2, true);         /* reload on the next clock */
    at_clock(&b, 10);
    ck_assert_uint_eq(latched(&b, 2), 4);
    at_clock(&b, 13);
    ck_assert(!pit_out(b.p, 2));
    bench_fini(&b);
}
END_TEST

START_TEST(gate2_starts_low)
{
    struct bench b;
    bench_init(&b);
    program(&b, 2, 0xb6, 100);
    at_clock(&b, 1000);
    ck_assert(pit_out(b.p, 2));         /* mode 3 with GATE low: OUT high, no count */
    ck_assert_uint_eq(status(&b, 2) & 0x40, 0x40);      /* not loaded yet */
    pit_set_gate(b.p, 2, true);
    at_clock(&b, 1001);
    ck_assert_uint_eq(latched(&b, 2), 100);
    bench_fini(&b);
}
END_TEST

START_TEST(latch_holds_until_read)
{
    struct bench b;
    bench_init(&b);
    program(&b, 0, 0x34, 1000);
    at_clock(&b, 101);
    outb(b.t, 0x43, 0x00);              /* latch: 900 */
    at_clock(&b, 200);
    outb(b.t, 0x43, 0x00);              /* ignored: already latched */
    at_clock(&b, 500);
    ck_assert_uint_eq(inb(b.t, 0x40), 0x84);
    at_clock(&b, 600);
    ck_assert_uint_eq(inb(b.t, 0x40), 0x03);
    /* Unlatched reads follow the counter. */
    at_clock(&b, 701);
    ck_assert_uint_eq(inb(b.t, 0x40), (1000 - 700) & 0xff);
    ck_assert_uint_eq(inb(b.t, 0x40), (1000 - 700) >> 8);
    bench_fini(&b);
}
END_TEST

START_TEST(readback_status_then_count)
{
    struct bench b;
    bench_init(&b);
    outb(b.t, 0x43, 0x34);
    /* Just after the control word: OUT high, null count, RW=3, mode 2, binary. */
    ck_assert_uint_eq(status(&b, 0), 0xf4);
    outb(b.t, 0x40, 0x00);
    outb(b.t, 0x40, 0x10);              /* 1000h */
    ck_assert_uint_eq(status(&b, 0), 0xf4);   /* loads on the next clock */
    at_clock(&b, 17);
    outb(b.t, 0x43, 0xc2);              /* read-back: count and status, counter 0 */
    ck_assert_uint_eq(inb(b.t, 0x40), 0xb4);
    ck_assert_uint_eq(inb(b.t, 0x40), 0xf0);
    ck_assert_uint_eq(inb(b.t, 0x40), 0x0f);    /* 1000h - 16 = 0FF0h */
    /* Read-back of several counters at once. */
    outb(b.t, 0x43, 0x54);              /* counter 1, LSB only, mode 2 */
    outb(b.t, 0x41, 18);
    at_clock(&b, 20);
    outb(b.t, 0x43, 0xd6);              /* count only, counters 0 and 1 */
    ck_assert_uint_eq(inb(b.t, 0x41), 18 - 2);
    bench_fini(&b);
}
END_TEST

START_TEST(bcd_counting)
{
    struct bench b;
    bench_init(&b);
    program(&b, 0, 0x31, 0x0100);       /* mode 0, BCD 100 */
    at_clock(&b, 51);
    ck_assert_uint_eq(latched(&b, 0), 0x0050);
    program(&b, 0, 0x31, 0x0000);       /* BCD 0 = 10000 */
    at_clock(&b, 53);
    ck_assert_uint_eq(latched(&b, 0), 0x9999);
    devtest_run_to(b.t, (52 + 10000) * 12 - 1);
    ck_assert_uint_eq(b.t->rises[0], 0);
    at_clock(&b, 52 + 10000);
    ck_assert_uint_eq(b.t->rises[0], 1);
    bench_fini(&b);
}
END_TEST

START_TEST(lsb_only_and_msb_only)
{
    struct bench b;
    bench_init(&b);
    outb(b.t, 0x43, 0x10);              /* LSB only, mode 0 */
    outb(b.t, 0x40, 0x80);
    at_clock(&b, 1);
    ck_assert_uint_eq(inb(b.t, 0x40), 0x80);
    ck_assert_uint_eq(inb(b.t, 0x40), 0x80 - 0);   /* every read is an LSB */
    outb(b.t, 0x43, 0x20);              /* MSB only */
    outb(b.t, 0x40, 0x01);
    at_clock(&b, 2);
    ck_assert_uint_eq(inb(b.t, 0x40), 0x01);
    at_clock(&b, 3);
    ck_assert_uint_eq(inb(b.t, 0x40), 0x00);       /* 255 = 00FFh */
    bench_fini(&b);
}
END_TEST

START_TEST(interleaved_read_write_pointers)
{
    struct bench b;
    bench_init(&b);
    program(&b, 0, 0x30, 0x1234);
    at_clock(&b, 1);
    outb(b.t, 0x43, 0x00);
    ck_assert_uint_eq(inb(b.t, 0x40), 0x34);       /* read LSB */
    outb(b.t, 0x40, 0x78);                         /* write LSB */
    ck_assert_uint_eq(inb(b.t, 0x40), 0x12);       /* read MSB */
    outb(b.t, 0x40, 0x56);                         /* write MSB */
    at_clock(&b, 2);
    ck_assert_uint_eq(latched(&b, 0), 0x5678);
    bench_fini(&b);
}
END_TEST

START_TEST(control_register_reads_ff)
{
    struct bench b;
    bench_init(&b);
    ck_assert_uint_eq(inb(b.t, 0x43), 0xff);
    char text[512];
    program(&b, 0, 0x36, 0);
    pit_describe(b.p, text, sizeof text);
    ck_assert_ptr_nonnull(strstr(text, "ch0: mode 3 lsb/msb bin count=65536"));
    pit_reset(b.p);
    ck_assert(!b.t->level[0]);
    bench_fini(&b);
}
END_TEST

START_TEST(late_timer_replays_pulse)
{
    struct bench b;
    bench_init(&b);
    program(&b, 0, 0x34, 4);
    /* Jump far past several edges without firing timers in between. */
    b.t->icount = 9 * 12;
    sched_run_due(&b.t->sched);
    ck_assert_uint_eq(b.t->rises[0], 1 + 2);    /* pulses ended at 5 and 9 */
    bench_fini(&b);
}
END_TEST

/* A clock-by-clock model of modes 0, 2, 3 and 4 written straight from
 * the datasheet's descriptions, to check the closed forms in pit.c
 * against random rewrites of the count and GATE changes. */
struct stepper {
    unsigned mode;
    uint32_t cr, n, ce;
    bool out, gate, loaded, pending, load_next, tc;
};

static void step_write(struct stepper *m, uint32_t count)
{
    m->cr = count;
    if (m->mode == 0 || m->mode == 4) {
        m->load_next = true;                /* loads on the next clock, GATE or not */
        if (m->mode == 0)
            m->out = false;
    } else if (!m->loaded) {
        m->load_next = m->gate;
    } else {
        m->pending = true;
    }
}

static void step_gate(struct stepper *m, bool level)
{
    if (level == m->gate)
        return;
    m->gate = level;
    if (m->mode == 0 || m->mode == 4)
        return;                             /* GATE only enables counting */
    if (!level) {
        m->out = true;                      /* modes 2, 3: OUT high at once */
        m->load_next = false;
    } else if (m->cr != 0) {
        m->load_next = true;                /* reload on the next clock */
    }
}

static uint32_t reload_value(const struct stepper *m)
{
    return (m->mode == 3 && (m->n & 1)) ? m->n - 1 : m->n;
}

static void step_clock(struct stepper *m)
{
    if (m->load_next) {
        m->load_next = false;
        m->loaded = true;
        m->pending = false;
        m->tc = false;
        m->n = m->cr;
        m->ce = reload_value(m);
        m->out = m->mode != 0;
        return;
    }
    if (m->mode == 4 && !m->out)
        m->out = true;                      /* the strobe lasts one clock */
    if (!m->loaded || !m->gate)
        return;
    if (m->mode == 0 || m->mode == 4) {
        m->ce = (m->ce - 1) & 0xffff;
        if (m->ce == 0 && !m->tc) {
            m->tc = true;
            m->out = m->mode == 0;          /* mode 0 rises and stays; mode 4 strobes low */
        }
        return;
    }
    if (m->mode == 2) {
        if (m->ce == 1) {                   /* the low clock ends: reload */
            if (m->pending) {
                m->n = m->cr;
                m->pending = false;
            }
            m->ce = m->n;
            m->out = true;
        } else {
            m->ce--;
            m->out = m->ce != 1;
        }
        return;
    }
    /* Mode 3: decrement by two; the half cycle ends at 0 (odd counts in the
     * high half one clock after reaching 0), OUT toggles, the count reloads. */
    bool end;
    if ((m->n & 1) && m->out) {
        end = m->ce == 0;
        if (!end)
            m->ce -= 2;
    } else {
        m->ce -= 2;
        end = m->ce == 0;
    }
    if (end) {
        m->out = !m->out;
        if (m->pending) {
            m->n = m->cr;
            m->pending = false;
        }
        m->ce = reload_value(m);
    }
}

START_TEST(closed_form_matches_clock_model)
{
    static const unsigned modes[4] = { 0, 2, 3, 4 };
    unsigned mode = modes[_i / 4];
    uint32_t seed = 12345u + (uint32_t)_i * 7919u;
    struct bench b;
    bench_init(&b);
    struct stepper m = { .mode = mode, .out = mode != 0 };  /* OUT after the control word */
    outb(b.t, 0x43, (uint8_t)(0xb0 | (mode << 1)));
    for (uint64_t t = 0; t < 3000; t++) {
        if (t > 0) {
            at_clock(&b, t);
            step_clock(&m);
        }
        seed = seed * 1103515245u + 12345u;
        unsigned r = (seed >> 16) & 0x3ff;
        if (t == 0 || r < 6) {
            uint32_t count = 2 + ((seed >> 4) % 40);
            outb(b.t, 0x42, (uint8_t)count);
            outb(b.t, 0x42, 0);
            step_write(&m, count);
        } else if (r < 14) {
            pit_set_gate(b.p, 2, !m.gate);
            step_gate(&m, !m.gate);
        }
        ck_assert_msg(pit_out(b.p, 2) == m.out, "mode %u clock %llu: OUT %d, model %d", mode,
                      (unsigned long long)t, pit_out(b.p, 2), m.out);
        if (m.loaded)
            ck_assert_msg(latched(&b, 2) == m.ce, "mode %u clock %llu: CE %u, model %u", mode,
                          (unsigned long long)t, latched(&b, 2), m.ce);
    }
    bench_fini(&b);
}
END_TEST

static Suite *pit_suite(void)
{
    Suite *s = suite_create("pit");
    TCase *tc = tcase_create("8254");
    tcase_add_test(tc, mode0_interrupt_on_terminal_count);
    tcase_add_test(tc, mode0_first_byte_stops_count);
    tcase_add_test(tc, mode2_rate_generator);
    tcase_add_test(tc, mode2_new_count_at_period_end);
    tcase_add_test(tc, mode3_odd_count);
    tcase_add_test(tc, mode3_even_count);
    tcase_add_test(tc, mode3_bios_tick_rate);
    tcase_add_test(tc, mode3_new_count_at_half_cycle);
    tcase_add_test(tc, mode1_retriggerable_one_shot);
    tcase_add_test(tc, mode4_software_strobe_with_gate);
    tcase_add_test(tc, mode5_hardware_strobe);
    tcase_add_test(tc, mode0_gate_pauses);
    tcase_add_test(tc, mode2_gate_forces_out_high);
    tcase_add_test(tc, gate2_starts_low);
    tcase_add_test(tc, latch_holds_until_read);
    tcase_add_test(tc, readback_status_then_count);
    tcase_add_test(tc, bcd_counting);
    tcase_add_test(tc, lsb_only_and_msb_only);
    tcase_add_test(tc, interleaved_read_write_pointers);
    tcase_add_test(tc, control_register_reads_ff);
    tcase_add_test(tc, late_timer_replays_pulse);
    tcase_add_loop_test(tc, closed_form_matches_clock_model, 0, 16);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(pit_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
