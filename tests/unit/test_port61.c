/* tests/unit/test_port61.c: port 61h against the PC/AT Technical
 * Reference bit layout, with a real 8254 behind it for gate 2 and OUT2. */
#include <check.h>
#include <string.h>

#include "devices/pit.h"
#include "devices/port61.h"
#include "tests/unit/devtest.h"

struct bench {
    struct devtest *t;
    struct pit *pit;
    struct port61 *p;
    bool nmi;
    unsigned nmi_changes;
};

static void on_nmi(void *opaque, bool level)
{
    struct bench *b = opaque;
    b->nmi = level;
    b->nmi_changes++;
}

static void bench_init(struct bench *b)
{
    memset(b, 0, sizeof *b);
    b->t = devtest_new();
    b->pit = pit_create(&b->t->bus, &b->t->sched, devtest_irq(b->t, 0), &b->t->err);
    ck_assert_ptr_nonnull(b->pit);
    b->p = port61_create(&b->t->bus, &b->t->sched, b->pit, on_nmi, b, &b->t->err);
    ck_assert_ptr_nonnull(b->p);
}

static void bench_fini(struct bench *b)
{
    port61_destroy(b->p);
    pit_destroy(b->pit);
    free(b->t);
}

static void at_clock(struct bench *b, uint64_t clock)
{
    devtest_run_to(b->t, clock * PIT_TICK_DIV);
}

START_TEST(written_bits_read_back)
{
    struct bench b;
    bench_init(&b);
    ck_assert_uint_eq(inb(b.t, 0x61) & 0x0f, 0x00);
    outb(b.t, 0x61, 0xfc);              /* bits 4-7 are read-only */
    ck_assert_uint_eq(inb(b.t, 0x61) & 0xcf, 0x0c);
    bench_fini(&b);
}
END_TEST

START_TEST(refresh_toggles_every_15us)
{
    struct bench b;
    bench_init(&b);
    ck_assert_uint_eq(inb(b.t, 0x61) & 0x10, 0x00);
    devtest_run_to(b.t, 215);
    ck_assert_uint_eq(inb(b.t, 0x61) & 0x10, 0x00);
    devtest_run_to(b.t, 216);
    ck_assert_uint_eq(inb(b.t, 0x61) & 0x10, 0x10);
    devtest_run_to(b.t, 431);
    ck_assert_uint_eq(inb(b.t, 0x61) & 0x10, 0x10);
    devtest_run_to(b.t, 432);
    ck_assert_uint_eq(inb(b.t, 0x61) & 0x10, 0x00);
    bench_fini(&b);
}
END_TEST

START_TEST(gate2_and_out2_readback)
{
    struct bench b;
    bench_init(&b);
    /* The classic delay loop: mode 0 on counter 2, gate via bit 0, poll bit 5. */
    outb(b.t, 0x43, 0xb0);
    outb(b.t, 0x42, 10);
    outb(b.t, 0x42, 0);
    at_clock(&b, 100);
    ck_assert_uint_eq(inb(b.t, 0x61) & 0x20, 0x00);    /* GATE low: no count */
    outb(b.t, 0x61, 0x01);
    /* The count loaded at clock 1 and waited; it counts from the gate on. */
    at_clock(&b, 109);
    ck_assert_uint_eq(inb(b.t, 0x61) & 0x20, 0x00);
    at_clock(&b, 110);
    ck_assert_uint_eq(inb(b.t, 0x61) & 0x20, 0x20);
    bench_fini(&b);
}
END_TEST

START_TEST(nmi_sources)
{
    struct bench b;
    bench_init(&b);
    port61_channel_check(b.p);
    ck_assert(b.nmi);
    ck_assert_uint_eq(inb(b.t, 0x61) & 0xc0, 0x40);
    outb(b.t, 0x61, 0x08);              /* disable and clear channel check */
    ck_assert(!b.nmi);
    ck_assert_uint_eq(inb(b.t, 0x61) & 0xc0, 0x00);
    port61_channel_check(b.p);
    ck_assert(!b.nmi);
    port61_parity_error(b.p);
    ck_assert(b.nmi);
    ck_assert_uint_eq(inb(b.t, 0x61) & 0xc0, 0x80);
    outb(b.t, 0x61, 0x0c);
    ck_assert(!b.nmi);
    port61_reset(b.p);
    port61_parity_error(b.p);
    ck_assert(b.nmi);
    bench_fini(&b);
}
END_TEST

START_TEST(speaker_tone_edges)
{
    struct bench b;
    bench_init(&b);
    port61_speaker_capture(b.p, true);
    outb(b.t, 0x43, 0xb6);              /* counter 2, mode 3 */
    outb(b.t, 0x42, 100);
    outb(b.t, 0x42, 0);
    outb(b.t, 0x61, 0x03);              /* gate + speaker on at clock 0 */
    at_clock(&b, 200);
    struct speaker_edge e[16];
    unsigned n = port61_speaker_edges(b.p, e, 16);
    ck_assert_uint_eq(n, 4);
    ck_assert_uint_eq(e[0].tick, 0);
    ck_assert(e[0].level);
    ck_assert_uint_eq(e[1].tick, 51 * 12);      /* half of 100 after the load at 1 */
    ck_assert(!e[1].level);
    ck_assert_uint_eq(e[2].tick, 101 * 12);
    ck_assert(e[2].level);
    ck_assert_uint_eq(e[3].tick, 151 * 12);
    ck_assert(!e[3].level);
    /* Reprogramming the counter mid-tone: edges before it are kept. */
    at_clock(&b, 230);
    outb(b.t, 0x43, 0xb6);              /* OUT2 high at once */
    outb(b.t, 0x42, 10);
    outb(b.t, 0x42, 0);
    at_clock(&b, 240);
    n = port61_speaker_edges(b.p, e, 16);
    ck_assert_uint_eq(n, 2);
    ck_assert_uint_eq(e[0].tick, 201 * 12);     /* old tone */
    ck_assert(e[0].level);
    ck_assert_uint_eq(e[1].tick, 236 * 12);     /* new: loaded at 231, 5 clocks high */
    ck_assert(!e[1].level);
    ck_assert_uint_eq(port61_speaker_dropped(b.p), 0);
    bench_fini(&b);
}
END_TEST

START_TEST(speaker_pwm_by_data_bit)
{
    struct bench b;
    bench_init(&b);
    port61_speaker_capture(b.p, true);
    outb(b.t, 0x43, 0xb6);              /* mode 3, GATE low: OUT2 stays high */
    outb(b.t, 0x42, 2);
    outb(b.t, 0x42, 0);
    at_clock(&b, 300);
    outb(b.t, 0x61, 0x02);
    ck_assert(port61_speaker_level(b.p));
    at_clock(&b, 310);
    outb(b.t, 0x61, 0x00);
    struct speaker_edge e[4];
    ck_assert_uint_eq(port61_speaker_edges(b.p, e, 4), 2);
    ck_assert_uint_eq(e[0].tick, 300 * 12);
    ck_assert(e[0].level);
    ck_assert_uint_eq(e[1].tick, 310 * 12);
    ck_assert(!e[1].level);
    ck_assert(port61_speaker_at(b.p, 320 * 12) == false);
    bench_fini(&b);
}
END_TEST

START_TEST(capture_off_records_nothing)
{
    struct bench b;
    bench_init(&b);
    outb(b.t, 0x43, 0xb6);
    outb(b.t, 0x42, 4);
    outb(b.t, 0x42, 0);
    outb(b.t, 0x61, 0x03);
    at_clock(&b, 1000);
    struct speaker_edge e[4];
    ck_assert_uint_eq(port61_speaker_edges(b.p, e, 4), 0);
    char text[256];
    port61_describe(b.p, text, sizeof text);
    ck_assert_ptr_nonnull(strstr(text, "gate2=1 speaker-data=1"));
    bench_fini(&b);
}
END_TEST

static Suite *port61_suite(void)
{
    Suite *s = suite_create("port61");
    TCase *tc = tcase_create("port61");
    tcase_add_test(tc, written_bits_read_back);
    tcase_add_test(tc, refresh_toggles_every_15us);
    tcase_add_test(tc, gate2_and_out2_readback);
    tcase_add_test(tc, nmi_sources);
    tcase_add_test(tc, speaker_tone_edges);
    tcase_add_test(tc, speaker_pwm_by_data_bit);
    tcase_add_test(tc, capture_off_records_nothing);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(port61_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
