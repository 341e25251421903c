/* tests/unit/test_debugport.c: E9h, F4h, 8900h and 80h as Bochs and QEMU
 * define them (E9h reads back E9h; isa-debug-exit status (V << 1) | 1;
 * "Shutdown" powers off). */
#include <check.h>
#include <string.h>

#include "devices/debugport.h"
#include "tests/unit/devtest.h"

struct bench {
    struct devtest *t;
    struct debugport *d;
    char out[64];
    size_t nout;
    int exit_status;
    unsigned exits, power_offs;
    unsigned info_lines;
};

static void sink(void *opaque, const uint8_t *buf, size_t len)
{
    struct bench *b = opaque;
    for (size_t i = 0; i < len && b->nout < sizeof b->out; i++)
        b->out[b->nout++] = (char)buf[i];
}

static void on_exit_request(void *opaque, int status)
{
    struct bench *b = opaque;
    b->exit_status = status;
    b->exits++;
}

static void on_power_off(void *opaque)
{
    ((struct bench *)opaque)->power_offs++;
}

static void log_sink(void *opaque, enum log_level lvl, const char *line)
{
    struct bench *b = opaque;
    if (lvl == LOG_INFO && strstr(line, "POST code 2Ah") != NULL)
        b->info_lines++;
}

static void bench_init(struct bench *b)
{
    memset(b, 0, sizeof *b);
    b->t = devtest_new();
    b->t->log.sink = log_sink;
    b->t->log.opaque = b;
    struct chardev cd = { sink, b };
    struct debugport_callbacks cb = { on_exit_request, on_power_off, b };
    b->d = debugport_create(&b->t->bus, &cd, &cb, &b->t->err);
    ck_assert_ptr_nonnull(b->d);
}

static void bench_fini(struct bench *b)
{
    debugport_destroy(b->d);
    free(b->t);
}

START_TEST(debug_console)
{
    struct bench b;
    bench_init(&b);
    ck_assert_uint_eq(inb(b.t, 0xe9), 0xe9);
    for (const char *p = "ok\n"; *p; p++)
        outb(b.t, 0xe9, (uint8_t)*p);
    ck_assert_uint_eq(b.nout, 3);
    ck_assert_mem_eq(b.out, "ok\n", 3);
    const uint8_t *cap;
    ck_assert_uint_eq(debugport_captured(b.d, &cap), 3);
    ck_assert_mem_eq(cap, "ok\n", 3);
    debugport_consume(b.d, 3);
    ck_assert_uint_eq(debugport_captured(b.d, &cap), 0);
    bench_fini(&b);
}
END_TEST

START_TEST(isa_debug_exit)
{
    struct bench b;
    bench_init(&b);
    outb(b.t, 0xf4, 0x10);
    ck_assert_uint_eq(b.exits, 1);
    ck_assert_int_eq(b.exit_status, 0x21);
    outb(b.t, 0xf4, 0x00);
    ck_assert_int_eq(b.exit_status, 1);
    bus_out(&b.t->bus, 0xf4, 2, 0x0102);    /* a word write: the low byte counts */
    ck_assert_int_eq(b.exit_status, 5);
    bench_fini(&b);
}
END_TEST

START_TEST(bochs_shutdown)
{
    struct bench b;
    bench_init(&b);
    for (const char *p = "ShutShutdow"; *p; p++)
        outb(b.t, 0x8900, (uint8_t)*p);
    ck_assert_uint_eq(b.power_offs, 0);
    outb(b.t, 0x8900, 'n');
    ck_assert_uint_eq(b.power_offs, 1);
    for (const char *p = "Shutdown"; *p; p++)
        outb(b.t, 0x8900, (uint8_t)*p);
    ck_assert_uint_eq(b.power_offs, 2);
    bench_fini(&b);
}
END_TEST

START_TEST(post_codes)
{
    struct bench b;
    bench_init(&b);
    for (unsigned i = 0; i < 20; i++)
        outb(b.t, 0x80, (uint8_t)i);
    outb(b.t, 0x80, 0x2a);
    ck_assert_uint_eq(inb(b.t, 0x80), 0x2a);
    ck_assert_uint_eq(debugport_post_code(b.d), 0x2a);
    ck_assert_uint_eq(b.info_lines, 1);
    uint8_t h[DEBUGPORT_POST_HISTORY];
    ck_assert_uint_eq(debugport_post_history(b.d, h), 16);
    ck_assert_uint_eq(h[0], 5);
    ck_assert_uint_eq(h[15], 0x2a);
    char text[256];
    debugport_describe(b.d, text, sizeof text);
    ck_assert_ptr_nonnull(strstr(text, "post: last=2a writes=21"));
    bench_fini(&b);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("debugport");
    TCase *tc = tcase_create("debugport");
    tcase_add_test(tc, debug_console);
    tcase_add_test(tc, isa_debug_exit);
    tcase_add_test(tc, bochs_shutdown);
    tcase_add_test(tc, post_codes);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
