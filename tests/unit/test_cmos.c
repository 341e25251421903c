/* tests/unit/test_cmos.c: the MC146818 through ports 70h/71h, started at
 * fixed times and read at chosen scheduler ticks.  Timings come from the
 * datasheet for a 32.768 kHz time base: updates once a second, UIP 244 us
 * ahead of a 1984 us update cycle, periodic rates from the RS table. */
#include <check.h>
#include <string.h>

#include "devices/cmos.h"
#include "tests/unit/devtest.h"

#define Y2K_EVE 946684798ll         /* 1999-12-31 23:59:58 UTC, a Friday */

struct bench {
    struct devtest *t;
    struct cmos *c;
    bool nmi_masked;
    unsigned nmi_calls;
};

static void on_nmi_mask(void *opaque, bool masked)
{
    struct bench *b = opaque;
    b->nmi_masked = masked;
    b->nmi_calls++;
}

static void bench_init_at(struct bench *b, int64_t start)
{
    memset(b, 0, sizeof *b);
    b->t = devtest_new();
    b->c = cmos_create(&b->t->bus, &b->t->sched, devtest_irq(b->t, 8), start, on_nmi_mask, b,
                       &b->t->err);
    ck_assert_ptr_nonnull(b->c);
}

static void bench_fini(struct bench *b)
{
    cmos_destroy(b->c);
    free(b->t);
}

static uint8_t rd(struct bench *b, uint8_t idx)
{
    outb(b->t, 0x70, idx);
    return inb(b->t, 0x71);
}

static void wr(struct bench *b, uint8_t idx, uint8_t v)
{
    outb(b->t, 0x70, idx);
    outb(b->t, 0x71, v);
}

/* The first scheduler tick at or after crystal cycle c of a divider that
 * started at tick 0. */
static uint64_t cyc_tick(uint64_t c)
{
    return (c * SCHED_HZ + 32767) / 32768;
}

static uint64_t us(uint64_t micro)
{
    return micro * SCHED_HZ / 1000000;
}

/* Set the clock with SET held, then let it run. */
static void set_clock(struct bench *b, uint8_t regb, uint8_t hour, uint8_t min, uint8_t sec,
                      uint8_t dow, uint8_t day, uint8_t month, uint8_t year)
{
    wr(b, 0x0b, (uint8_t)(regb | 0x80));
    wr(b, 0x00, sec);
    wr(b, 0x02, min);
    wr(b, 0x04, hour);
    wr(b, 0x06, dow);
    wr(b, 0x07, day);
    wr(b, 0x08, month);
    wr(b, 0x09, year);
    wr(b, 0x0b, regb);
}

START_TEST(start_time_in_bcd)
{
    struct bench b;
    bench_init_at(&b, Y2K_EVE);
    ck_assert_uint_eq(rd(&b, 0x00), 0x58);
    ck_assert_uint_eq(rd(&b, 0x02), 0x59);
    ck_assert_uint_eq(rd(&b, 0x04), 0x23);
    ck_assert_uint_eq(rd(&b, 0x06), 6);         /* Friday; Sunday = 1 */
    ck_assert_uint_eq(rd(&b, 0x07), 0x31);
    ck_assert_uint_eq(rd(&b, 0x08), 0x12);
    ck_assert_uint_eq(rd(&b, 0x09), 0x99);
    ck_assert_uint_eq(rd(&b, 0x32), 0x19);
    ck_assert_uint_eq(rd(&b, 0x0a), 0x26);
    ck_assert_uint_eq(rd(&b, 0x0b), 0x02);
    ck_assert_uint_eq(rd(&b, 0x0d), 0x80);      /* VRT */
    bench_fini(&b);
}
END_TEST

START_TEST(seconds_advance_after_update_cycle)
{
    struct bench b;
    bench_init_at(&b, Y2K_EVE);
    devtest_run_to(b.t, cyc_tick(32768 + 65) - 1);
    ck_assert_uint_eq(rd(&b, 0x00), 0x58);      /* update still in progress */
    devtest_run_to(b.t, cyc_tick(32768 + 65));
    ck_assert_uint_eq(rd(&b, 0x00), 0x59);
    devtest_run_to(b.t, cyc_tick(2 * 32768 + 65));
    /* Midnight, new year: date rolls over, the century byte does not. */
    ck_assert_uint_eq(rd(&b, 0x00), 0x00);
    ck_assert_uint_eq(rd(&b, 0x02), 0x00);
    ck_assert_uint_eq(rd(&b, 0x04), 0x00);
    ck_assert_uint_eq(rd(&b, 0x06), 7);
    ck_assert_uint_eq(rd(&b, 0x07), 0x01);
    ck_assert_uint_eq(rd(&b, 0x08), 0x01);
    ck_assert_uint_eq(rd(&b, 0x09), 0x00);
    ck_assert_uint_eq(rd(&b, 0x32), 0x19);
    bench_fini(&b);
}
END_TEST

START_TEST(uip_window)
{
    struct bench b;
    bench_init_at(&b, Y2K_EVE);
    devtest_run_to(b.t, us(1000000 - 250));
    ck_assert_uint_eq(rd(&b, 0x0a) & 0x80, 0);
    devtest_run_to(b.t, us(1000000 - 240));
    ck_assert_uint_eq(rd(&b, 0x0a) & 0x80, 0x80);
    devtest_run_to(b.t, us(1000000 + 1980));
    ck_assert_uint_eq(rd(&b, 0x0a) & 0x80, 0x80);
    devtest_run_to(b.t, us(1000000 + 1990));
    ck_assert_uint_eq(rd(&b, 0x0a) & 0x80, 0);
    bench_fini(&b);
}
END_TEST

START_TEST(set_bit_halts_updates)
{
    struct bench b;
    bench_init_at(&b, Y2K_EVE);
    devtest_run_to(b.t, us(500000));
    wr(&b, 0x0b, 0x82);
    wr(&b, 0x00, 0x30);
    devtest_run_to(b.t, us(3000000 + 100000));
    ck_assert_uint_eq(rd(&b, 0x00), 0x30);
    ck_assert_uint_eq(rd(&b, 0x0a) & 0x80, 0);  /* no UIP while SET */
    wr(&b, 0x0b, 0x02);
    devtest_run_to(b.t, us(4000000 + 10000));   /* the divider kept its phase */
    ck_assert_uint_eq(rd(&b, 0x00), 0x31);
    bench_fini(&b);
}
END_TEST

START_TEST(binary_twelve_hour)
{
    struct bench b;
    bench_init_at(&b, 0);
    /* Binary, 12-hour: 11:59:59 PM on 31 Jan 99 -> 12:00:00 AM on 1 Feb. */
    set_clock(&b, 0x04, 0x8b, 59, 59, 1, 31, 1, 99);
    devtest_run_to(b.t, cyc_tick(32768 + 65));
    ck_assert_uint_eq(rd(&b, 0x04), 12);
    ck_assert_uint_eq(rd(&b, 0x02), 0);
    ck_assert_uint_eq(rd(&b, 0x07), 1);
    ck_assert_uint_eq(rd(&b, 0x08), 2);
    ck_assert_uint_eq(rd(&b, 0x06), 2);
    /* BCD, 12-hour: 11:59:59 AM -> 12:00:00 PM (PM bit + BCD 12). */
    set_clock(&b, 0x00, 0x11, 0x59, 0x59, 1, 0x01, 0x01, 0x00);
    devtest_run_to(b.t, cyc_tick(2 * 32768 + 65));
    ck_assert_uint_eq(rd(&b, 0x04), 0x92);
    /* 12:59:59 PM -> 1:00:00 PM. */
    set_clock(&b, 0x00, 0x92, 0x59, 0x59, 1, 0x01, 0x01, 0x00);
    devtest_run_to(b.t, cyc_tick(3 * 32768 + 65));
    ck_assert_uint_eq(rd(&b, 0x04), 0x81);
    bench_fini(&b);
}
END_TEST

START_TEST(leap_years_by_four)
{
    struct bench b;
    bench_init_at(&b, 0);
    set_clock(&b, 0x02, 0x23, 0x59, 0x59, 2, 0x28, 0x02, 0x00);
    devtest_run_to(b.t, cyc_tick(32768 + 65));
    ck_assert_uint_eq(rd(&b, 0x07), 0x29);
    set_clock(&b, 0x02, 0x23, 0x59, 0x59, 2, 0x28, 0x02, 0x01);
    devtest_run_to(b.t, cyc_tick(2 * 32768 + 65));
    ck_assert_uint_eq(rd(&b, 0x07), 0x01);
    ck_assert_uint_eq(rd(&b, 0x08), 0x03);
    set_clock(&b, 0x02, 0x23, 0x59, 0x59, 2, 0x30, 0x04, 0x01);
    devtest_run_to(b.t, cyc_tick(3 * 32768 + 65));
    ck_assert_uint_eq(rd(&b, 0x07), 0x01);
    ck_assert_uint_eq(rd(&b, 0x08), 0x05);
    bench_fini(&b);
}
END_TEST

START_TEST(alarm_interrupt)
{
    struct bench b;
    bench_init_at(&b, Y2K_EVE);             /* 23:59:58 */
    wr(&b, 0x01, 0x01);                     /* alarm 00:00:01 */
    wr(&b, 0x03, 0x00);
    wr(&b, 0x05, 0x00);
    wr(&b, 0x0b, 0x22);                     /* AIE */
    devtest_run_to(b.t, cyc_tick(3 * 32768 + 65) - 1);
    ck_assert_uint_eq(b.t->rises[8], 0);
    devtest_run_to(b.t, cyc_tick(3 * 32768 + 65));
    ck_assert_uint_eq(b.t->rises[8], 1);
    ck_assert_uint_eq(rd(&b, 0x0c), 0xf0);   /* IRQF, AF; PF and UF set though not enabled */
    ck_assert(!b.t->level[8]);
    ck_assert_uint_eq(rd(&b, 0x0c), 0x00);
    devtest_run_to(b.t, us(10 * 1000000));
    ck_assert_uint_eq(b.t->rises[8], 1);
    bench_fini(&b);
}
END_TEST

START_TEST(alarm_dont_care)
{
    struct bench b;
    bench_init_at(&b, 0);                   /* 1970-01-01 00:00:00 */
    wr(&b, 0x01, 0x30);                     /* every minute at :30 */
    wr(&b, 0x03, 0xc0);
    wr(&b, 0x05, 0xff);
    wr(&b, 0x0b, 0x22);
    devtest_run_to(b.t, cyc_tick(30ull * 32768 + 65) - 1);
    ck_assert_uint_eq(b.t->rises[8], 0);
    devtest_run_to(b.t, cyc_tick(30ull * 32768 + 65));
    ck_assert_uint_eq(b.t->rises[8], 1);    /* 00:00:30 */
    ck_assert_uint_eq(rd(&b, 0x0c), 0xf0);
    devtest_run_to(b.t, cyc_tick(90ull * 32768 + 65) - 1);
    ck_assert_uint_eq(b.t->rises[8], 1);
    devtest_run_to(b.t, cyc_tick(90ull * 32768 + 65));
    ck_assert_uint_eq(b.t->rises[8], 2);    /* 00:01:30 */
    /* Unread, the flag stays set and IRQ8 stays high through 00:02:30. */
    devtest_run_to(b.t, cyc_tick(150ull * 32768 + 65));
    ck_assert_uint_eq(b.t->rises[8], 2);
    ck_assert_uint_eq(rd(&b, 0x0c), 0xf0);
    devtest_run_to(b.t, cyc_tick(210ull * 32768 + 65));
    ck_assert_uint_eq(b.t->rises[8], 3);    /* 00:03:30 */
    bench_fini(&b);
}
END_TEST

START_TEST(periodic_interrupt_rates)
{
    struct bench b;
    bench_init_at(&b, 0);
    wr(&b, 0x0b, 0x42);                     /* PIE; A = 26h: RS 6 = 976.5625 us */
    devtest_run_to(b.t, cyc_tick(32) - 1);
    ck_assert_uint_eq(b.t->rises[8], 0);
    devtest_run_to(b.t, cyc_tick(32));
    ck_assert_uint_eq(b.t->rises[8], 1);
    ck_assert_uint_eq(rd(&b, 0x0c), 0xc0);
    devtest_run_to(b.t, cyc_tick(64));
    ck_assert_uint_eq(b.t->rises[8], 2);
    ck_assert_uint_eq(rd(&b, 0x0c), 0xc0);
    /* RS 3: 122.070 us = 4 cycles. */
    wr(&b, 0x0a, 0x23);
    devtest_run_to(b.t, cyc_tick(68));
    ck_assert_uint_eq(b.t->rises[8], 3);
    rd(&b, 0x0c);
    /* RS 1 on a 32.768 kHz base: 3.90625 ms = 128 cycles. */
    wr(&b, 0x0a, 0x21);
    devtest_run_to(b.t, cyc_tick(128) - 1);
    ck_assert_uint_eq(b.t->rises[8], 3);
    devtest_run_to(b.t, cyc_tick(128));
    ck_assert_uint_eq(b.t->rises[8], 4);
    rd(&b, 0x0c);
    /* RS 15: 500 ms. */
    wr(&b, 0x0a, 0x2f);
    devtest_run_to(b.t, cyc_tick(16384));
    ck_assert_uint_eq(b.t->rises[8], 5);
    bench_fini(&b);
}
END_TEST

START_TEST(flags_set_without_enable)
{
    struct bench b;
    bench_init_at(&b, 0);
    devtest_run_to(b.t, us(1100000));
    ck_assert_uint_eq(b.t->rises[8], 0);
    ck_assert_uint_eq(rd(&b, 0x0c), 0x50);   /* PF and UF, no IRQF */
    /* Enabling an interrupt whose flag is set raises IRQF at once. */
    devtest_run_to(b.t, us(1200000));
    wr(&b, 0x0b, 0x42);
    ck_assert_uint_eq(b.t->rises[8], 1);
    bench_fini(&b);
}
END_TEST

START_TEST(update_ended_interrupt)
{
    struct bench b;
    bench_init_at(&b, 0);
    wr(&b, 0x0b, 0x12);                     /* UIE */
    devtest_run_to(b.t, cyc_tick(32768 + 65) - 1);
    ck_assert_uint_eq(b.t->rises[8], 0);
    devtest_run_to(b.t, cyc_tick(32768 + 65));
    ck_assert_uint_eq(b.t->rises[8], 1);
    ck_assert_uint_eq(rd(&b, 0x0c), 0xd0);   /* PF: RS = 6 runs regardless of PIE */
    devtest_run_to(b.t, cyc_tick(2 * 32768 + 65));
    ck_assert_uint_eq(b.t->rises[8], 2);
    /* SET clears UIE. */
    wr(&b, 0x0b, 0x92);
    ck_assert_uint_eq(rd(&b, 0x0b), 0x82);
    bench_fini(&b);
}
END_TEST

START_TEST(divider_reset_restarts_half_second)
{
    struct bench b;
    bench_init_at(&b, 0);
    devtest_run_to(b.t, us(300000));
    wr(&b, 0x0a, 0x70);                     /* divider chain reset */
    devtest_run_to(b.t, us(5000000));
    ck_assert_uint_eq(rd(&b, 0x00), 0x00);
    wr(&b, 0x0a, 0x26);
    uint64_t t0 = b.t->icount;
    devtest_run_to(b.t, t0 + cyc_tick(16384 + 65) - 1);
    ck_assert_uint_eq(rd(&b, 0x00), 0x00);
    devtest_run_to(b.t, t0 + cyc_tick(16384 + 65));
    ck_assert_uint_eq(rd(&b, 0x00), 0x01);
    devtest_run_to(b.t, t0 + cyc_tick(16384 + 32768 + 65));
    ck_assert_uint_eq(rd(&b, 0x00), 0x02);
    bench_fini(&b);
}
END_TEST

START_TEST(daylight_saving)
{
    struct bench b;
    bench_init_at(&b, 0);
    /* Last Sunday in April: 1:59:59 -> 3:00:00. */
    set_clock(&b, 0x03, 0x01, 0x59, 0x59, 1, 0x28, 0x04, 0x24);
    devtest_run_to(b.t, cyc_tick(32768 + 65));
    ck_assert_uint_eq(rd(&b, 0x04), 0x03);
    ck_assert_uint_eq(rd(&b, 0x00), 0x00);
    /* Last Sunday in October: 1:59:59 -> 1:00:00 once, then on to 2:00. */
    set_clock(&b, 0x03, 0x01, 0x59, 0x59, 1, 0x27, 0x10, 0x24);
    devtest_run_to(b.t, cyc_tick(2 * 32768 + 65));
    ck_assert_uint_eq(rd(&b, 0x04), 0x01);
    ck_assert_uint_eq(rd(&b, 0x02), 0x00);
    devtest_run_to(b.t, cyc_tick(3602ull * 32768 + 65));
    ck_assert_uint_eq(rd(&b, 0x04), 0x02);
    ck_assert_uint_eq(rd(&b, 0x02), 0x00);
    /* Any other Sunday in April is an ordinary hour. */
    set_clock(&b, 0x03, 0x01, 0x59, 0x59, 1, 0x21, 0x04, 0x24);
    devtest_run_to(b.t, cyc_tick(3603ull * 32768 + 65));
    ck_assert_uint_eq(rd(&b, 0x04), 0x02);
    bench_fini(&b);
}
END_TEST

START_TEST(long_idle_keeps_calendar)
{
    struct bench b;
    bench_init_at(&b, Y2K_EVE);
    devtest_run_to(b.t, 10ull * 86400 * SCHED_HZ + us(500000));
    /* 10 days later: 2000-01-10 23:59:58, a Monday. */
    ck_assert_uint_eq(rd(&b, 0x00), 0x58);
    ck_assert_uint_eq(rd(&b, 0x04), 0x23);
    ck_assert_uint_eq(rd(&b, 0x07), 0x10);
    ck_assert_uint_eq(rd(&b, 0x08), 0x01);
    ck_assert_uint_eq(rd(&b, 0x06), 2);
    bench_fini(&b);
}
END_TEST

START_TEST(nmi_mask_and_ram)
{
    struct bench b;
    bench_init_at(&b, 0);
    ck_assert(cmos_nmi_masked(b.c));
    outb(b.t, 0x70, 0x40);
    ck_assert(!cmos_nmi_masked(b.c));
    ck_assert_uint_eq(b.nmi_calls, 1);
    ck_assert(!b.nmi_masked);
    outb(b.t, 0x71, 0x55);
    ck_assert_uint_eq(inb(b.t, 0x71), 0x55);
    outb(b.t, 0x70, 0xc0);                  /* same byte, NMI masked */
    ck_assert(b.nmi_masked);
    ck_assert_uint_eq(inb(b.t, 0x71), 0x55);
    ck_assert_uint_eq(inb(b.t, 0x70), 0xff);
    wr(&b, 0x0c, 0xff);                     /* C and D are read-only */
    wr(&b, 0x0d, 0x00);
    ck_assert_uint_eq(rd(&b, 0x0c), 0x00);
    ck_assert_uint_eq(rd(&b, 0x0d), 0x80);
    bench_fini(&b);
}
END_TEST

START_TEST(reset_pin)
{
    struct bench b;
    bench_init_at(&b, 0);
    wr(&b, 0x0b, 0x7a);                     /* PIE AIE UIE SQWE + 24h */
    devtest_run_to(b.t, us(1100000));
    ck_assert(b.t->level[8]);
    cmos_reset(b.c);
    ck_assert(!b.t->level[8]);
    ck_assert_uint_eq(rd(&b, 0x0b), 0x02);
    ck_assert_uint_eq(rd(&b, 0x0c), 0x00);
    bench_fini(&b);
}
END_TEST

START_TEST(layout_and_checksum)
{
    struct bench b;
    bench_init_at(&b, 0);
    cmos_set_floppies(b.c, CMOS_FLOPPY_1440K, CMOS_FLOPPY_NONE);
    cmos_set_disks(b.c, 47, 2);
    cmos_set_equipment(b.c, CMOS_DISPLAY_EGA_VGA, true);
    cmos_set_memory(b.c, 32u << 20);
    ck_assert_uint_eq(rd(&b, 0x10), 0x40);
    ck_assert_uint_eq(rd(&b, 0x12), 0xf2);
    ck_assert_uint_eq(rd(&b, 0x19), 47);
    ck_assert_uint_eq(rd(&b, 0x1a), 0);
    ck_assert_uint_eq(rd(&b, 0x14), 0x03);   /* one floppy present, FPU, EGA/VGA */
    ck_assert_uint_eq(rd(&b, 0x15), 0x80);   /* 640 KiB */
    ck_assert_uint_eq(rd(&b, 0x16), 0x02);
    ck_assert_uint_eq(rd(&b, 0x17), 0x00);   /* 31744 KiB = 7C00h */
    ck_assert_uint_eq(rd(&b, 0x18), 0x7c);
    ck_assert_uint_eq(rd(&b, 0x30), 0x00);
    ck_assert_uint_eq(rd(&b, 0x31), 0x7c);
    ck_assert_uint_eq(rd(&b, 0x34), 0x00);   /* 16 MiB above 16 MiB = 256 blocks */
    ck_assert_uint_eq(rd(&b, 0x35), 0x01);
    ck_assert_uint_eq(rd(&b, 0x32), 0x19);
    unsigned sum = 0;
    for (uint8_t i = 0x10; i <= 0x2d; i++)
        sum += rd(&b, i);
    ck_assert_uint_eq(rd(&b, 0x2e), sum >> 8);
    ck_assert_uint_eq(rd(&b, 0x2f), sum & 0xff);
    cmos_set_floppies(b.c, CMOS_FLOPPY_1200K, CMOS_FLOPPY_720K);
    ck_assert_uint_eq(rd(&b, 0x14), 0x43);   /* two drives */
    cmos_set_memory(b.c, 128u << 20);
    ck_assert_uint_eq(rd(&b, 0x17) | rd(&b, 0x18) << 8, 0xffff);
    ck_assert_uint_eq(rd(&b, 0x34) | rd(&b, 0x35) << 8, 112 * 16);
    char text[512];
    cmos_describe(b.c, text, sizeof text);
    ck_assert_ptr_nonnull(strstr(text, "rtc: 00:00:00"));
    bench_fini(&b);
}
END_TEST

static Suite *cmos_suite(void)
{
    Suite *s = suite_create("cmos");
    TCase *tc = tcase_create("mc146818");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, start_time_in_bcd);
    tcase_add_test(tc, seconds_advance_after_update_cycle);
    tcase_add_test(tc, uip_window);
    tcase_add_test(tc, set_bit_halts_updates);
    tcase_add_test(tc, binary_twelve_hour);
    tcase_add_test(tc, leap_years_by_four);
    tcase_add_test(tc, alarm_interrupt);
    tcase_add_test(tc, alarm_dont_care);
    tcase_add_test(tc, periodic_interrupt_rates);
    tcase_add_test(tc, flags_set_without_enable);
    tcase_add_test(tc, update_ended_interrupt);
    tcase_add_test(tc, divider_reset_restarts_half_second);
    tcase_add_test(tc, daylight_saving);
    tcase_add_test(tc, long_idle_keeps_calendar);
    tcase_add_test(tc, nmi_mask_and_ram);
    tcase_add_test(tc, reset_pin);
    tcase_add_test(tc, layout_and_checksum);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(cmos_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
