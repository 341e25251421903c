/* tests/unit/test_port92.c: port 92h bits per the IBM PS/2 reference, and
 * the board's OR of the two A20 requests with a real 8042 beside it. */
#include <check.h>
#include <string.h>

#include "devices/kbc.h"
#include "devices/port92.h"
#include "tests/unit/devtest.h"

struct bench {
    struct devtest *t;
    struct port92 *p;
    bool a20;
    unsigned a20_calls, resets;
};

static void on_a20(void *opaque, bool on)
{
    struct bench *b = opaque;
    b->a20 = on;
    b->a20_calls++;
}

static void on_reset(void *opaque)
{
    ((struct bench *)opaque)->resets++;
}

START_TEST(bits_and_callbacks)
{
    struct bench b;
    memset(&b, 0, sizeof b);
    b.t = devtest_new();
    struct kbc_lines lines = { on_a20, on_reset, &b };
    b.p = port92_create(&b.t->bus, &lines, &b.t->err);
    ck_assert_ptr_nonnull(b.p);
    ck_assert_uint_eq(b.a20_calls, 0);
    ck_assert_uint_eq(inb(b.t, 0x92), 0x00);
    outb(b.t, 0x92, 0x02);
    ck_assert(b.a20);
    ck_assert(port92_a20(b.p));
    ck_assert_uint_eq(inb(b.t, 0x92), 0x02);
    outb(b.t, 0x92, 0x03);                  /* 0 -> 1 on bit 0: reset */
    ck_assert_uint_eq(b.resets, 1);
    outb(b.t, 0x92, 0x03);                  /* no edge: nothing */
    ck_assert_uint_eq(b.resets, 1);
    ck_assert_uint_eq(b.a20_calls, 1);
    outb(b.t, 0x92, 0x02);
    outb(b.t, 0x92, 0x03);
    ck_assert_uint_eq(b.resets, 2);
    outb(b.t, 0x92, 0xfe);                  /* reserved bits read 0; lock sets */
    ck_assert_uint_eq(inb(b.t, 0x92), 0xca);
    outb(b.t, 0x92, 0x00);
    ck_assert_uint_eq(inb(b.t, 0x92), 0x08);   /* the lock stays */
    ck_assert(!b.a20);
    outb(b.t, 0x92, 0x02);
    port92_reset(b.p);
    ck_assert_uint_eq(inb(b.t, 0x92), 0x00);
    ck_assert(!b.a20);
    char text[128];
    port92_describe(b.p, text, sizeof text);
    ck_assert_ptr_nonnull(strstr(text, "port92: 00"));
    port92_destroy(b.p);
    free(b.t);
}
END_TEST

START_TEST(a20_is_the_or_of_both_gates)
{
    struct bench b;
    memset(&b, 0, sizeof b);
    b.t = devtest_new();
    struct a20_gate gate;
    a20_gate_init(&gate, on_a20, &b);
    struct kbc_lines kl = { a20_gate_kbc, on_reset, &gate };
    struct kbc_lines fl = { a20_gate_fast, on_reset, &gate };
    struct kbc *k = kbc_create(&b.t->bus, &b.t->sched, devtest_irq(b.t, 1), devtest_irq(b.t, 12),
                               &kl, &b.t->err);
    b.p = port92_create(&b.t->bus, &fl, &b.t->err);
    ck_assert_ptr_nonnull(k);
    ck_assert_ptr_nonnull(b.p);
    ck_assert(b.a20);                       /* the 8042's power-on A20 */
    outb(b.t, 0x64, 0xd1);
    outb(b.t, 0x60, 0xdd);                  /* 8042 gate off */
    ck_assert(!b.a20);
    outb(b.t, 0x92, 0x02);                  /* fast gate on */
    ck_assert(b.a20);
    outb(b.t, 0x64, 0xd1);
    outb(b.t, 0x60, 0xdf);
    outb(b.t, 0x92, 0x00);
    ck_assert(b.a20);                       /* still on through the 8042 */
    outb(b.t, 0x64, 0xd1);
    outb(b.t, 0x60, 0xdd);
    ck_assert(!b.a20);
    ck_assert_uint_eq(b.a20_calls, 4);      /* only changes of the OR */
    port92_destroy(b.p);
    kbc_destroy(k);
    free(b.t);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("port92");
    TCase *tc = tcase_create("port92");
    tcase_add_test(tc, bits_and_callbacks);
    tcase_add_test(tc, a20_is_the_or_of_both_gates);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
