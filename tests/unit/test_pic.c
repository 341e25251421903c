/* tests/unit/test_pic.c: the 8259A pair programmed through its ports as
 * the AT BIOS does (ICW1 11h, ICW2 08h/70h, ICW3 04h/02h, ICW4 01h);
 * expected vectors, priorities and ISR/IRR contents follow the 8259A
 * datasheet's descriptions of each mode. */
#include <check.h>
#include <string.h>

#include "devices/pic.h"
#include "tests/unit/devtest.h"

struct bench {
    struct devtest *t;
    struct pic *p;
    bool intr;
    unsigned intr_changes;
    struct irq_line irq[16];
};

static void on_intr(void *opaque, bool level)
{
    struct bench *b = opaque;
    b->intr = level;
    b->intr_changes++;
}

static void init_pair(struct bench *b, uint8_t icw4_master, uint8_t icw4_slave, bool ltim)
{
    uint8_t icw1 = (uint8_t)(0x11 | (ltim ? 0x08 : 0));
    outb(b->t, 0x20, icw1);
    outb(b->t, 0x21, 0x08);
    outb(b->t, 0x21, 0x04);
    outb(b->t, 0x21, icw4_master);
    outb(b->t, 0xa0, icw1);
    outb(b->t, 0xa1, 0x70);
    outb(b->t, 0xa1, 0x02);
    outb(b->t, 0xa1, icw4_slave);
}

static void bench_init(struct bench *b)
{
    memset(b, 0, sizeof *b);
    b->t = devtest_new();
    b->p = pic_create(&b->t->bus, on_intr, b, &b->t->err);
    ck_assert_ptr_nonnull(b->p);
    for (unsigned i = 0; i < 16; i++)
        b->irq[i] = pic_irq_line(b->p, i);
    init_pair(b, 0x01, 0x01, false);
}

static void bench_fini(struct bench *b)
{
    pic_destroy(b->p);
    free(b->t);
}

static uint8_t isr(struct bench *b, uint16_t port)
{
    outb(b->t, port, 0x0b);             /* OCW3: read ISR */
    return inb(b->t, port);
}

static uint8_t irr(struct bench *b, uint16_t port)
{
    outb(b->t, port, 0x0a);             /* OCW3: read IRR */
    return inb(b->t, port);
}

START_TEST(vector_and_nesting)
{
    struct bench b;
    bench_init(&b);
    ck_assert(!b.intr);
    irq_raise(&b.irq[0]);
    ck_assert(b.intr);
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x08);
    ck_assert_uint_eq(isr(&b, 0x20), 0x01);
    ck_assert(!b.intr);
    irq_raise(&b.irq[1]);               /* lower priority than IR0 in service */
    ck_assert(!b.intr);
    ck_assert_uint_eq(irr(&b, 0x20), 0x02);   /* INTA reset IR0's edge sense */
    outb(b.t, 0x20, 0x20);              /* non-specific EOI */
    ck_assert(b.intr);
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x09);
    /* A higher level interrupts a lower one in service. */
    irq_lower(&b.irq[0]);
    irq_raise(&b.irq[0]);
    ck_assert(b.intr);
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x08);
    ck_assert_uint_eq(isr(&b, 0x20), 0x03);
    outb(b.t, 0x20, 0x20);              /* clears the highest: IR0 */
    ck_assert_uint_eq(isr(&b, 0x20), 0x02);
    outb(b.t, 0x20, 0x61);              /* specific EOI for IR1 */
    ck_assert_uint_eq(isr(&b, 0x20), 0x00);
    bench_fini(&b);
}
END_TEST

START_TEST(simultaneous_requests_by_priority)
{
    struct bench b;
    bench_init(&b);
    irq_raise(&b.irq[5]);
    irq_raise(&b.irq[3]);
    irq_raise(&b.irq[1]);
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x09);
    outb(b.t, 0x20, 0x20);
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x0b);
    outb(b.t, 0x20, 0x20);
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x0d);
    outb(b.t, 0x20, 0x20);
    ck_assert(!b.intr);
    bench_fini(&b);
}
END_TEST

START_TEST(mask_register)
{
    struct bench b;
    bench_init(&b);
    outb(b.t, 0x21, 0xfe);
    ck_assert_uint_eq(inb(b.t, 0x21), 0xfe);
    irq_raise(&b.irq[4]);
    ck_assert(!b.intr);
    ck_assert_uint_eq(irr(&b, 0x20), 0x10);   /* requested but masked */
    outb(b.t, 0x21, 0x00);
    ck_assert(b.intr);
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x0c);
    bench_fini(&b);
}
END_TEST

START_TEST(slave_cascade)
{
    struct bench b;
    bench_init(&b);
    irq_raise(&b.irq[10]);
    ck_assert(b.intr);
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x72);
    ck_assert_uint_eq(isr(&b, 0x20), 0x04);
    ck_assert_uint_eq(isr(&b, 0xa0), 0x04);
    /* Slave EOI then master EOI, as an IRQ10 handler does. */
    outb(b.t, 0xa0, 0x20);
    outb(b.t, 0x20, 0x20);
    ck_assert_uint_eq(isr(&b, 0x20), 0x00);
    ck_assert_uint_eq(isr(&b, 0xa0), 0x00);
    /* IRQ8-15 rank between IRQ1 and IRQ3. */
    irq_raise(&b.irq[3]);
    irq_raise(&b.irq[15]);
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x77);
    bench_fini(&b);
}
END_TEST

START_TEST(irq2_reaches_irq9)
{
    struct bench b;
    bench_init(&b);
    irq_raise(&b.irq[2]);
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x71);
    bench_fini(&b);
}
END_TEST

START_TEST(spurious_irq7_level_request_gone)
{
    struct bench b;
    bench_init(&b);
    outb(b.t, 0x4d0, 0x20);             /* IRQ5 level-triggered */
    ck_assert_uint_eq(inb(b.t, 0x4d0), 0x20);
    irq_raise(&b.irq[5]);
    ck_assert(b.intr);
    irq_lower(&b.irq[5]);               /* went away before INTA */
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x0f);
    ck_assert_uint_eq(isr(&b, 0x20), 0x00);   /* a default IR7 sets no IS bit */
    bench_fini(&b);
}
END_TEST

START_TEST(spurious_irq7_masked_before_inta)
{
    struct bench b;
    bench_init(&b);
    irq_raise(&b.irq[6]);
    ck_assert(b.intr);
    outb(b.t, 0x21, 0x40);
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x0f);
    ck_assert_uint_eq(isr(&b, 0x20), 0x00);
    bench_fini(&b);
}
END_TEST

START_TEST(spurious_irq15)
{
    struct bench b;
    bench_init(&b);
    outb(b.t, 0x4d1, 0x08);             /* IRQ11 level-triggered */
    irq_raise(&b.irq[11]);
    irq_lower(&b.irq[11]);
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x77);
    ck_assert_uint_eq(isr(&b, 0xa0), 0x00);
    ck_assert_uint_eq(isr(&b, 0x20), 0x04);   /* the master did acknowledge IR2 */
    bench_fini(&b);
}
END_TEST

START_TEST(elcr_reserved_bits)
{
    struct bench b;
    bench_init(&b);
    outb(b.t, 0x4d0, 0xff);
    outb(b.t, 0x4d1, 0xff);
    ck_assert_uint_eq(inb(b.t, 0x4d0), 0xf8);
    ck_assert_uint_eq(inb(b.t, 0x4d1), 0xde);
    bench_fini(&b);
}
END_TEST

START_TEST(level_vs_edge_after_eoi)
{
    struct bench b;
    bench_init(&b);
    /* Edge: a line held high gives one interrupt. */
    irq_raise(&b.irq[3]);
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x0b);
    outb(b.t, 0x20, 0x20);
    ck_assert(!b.intr);
    irq_lower(&b.irq[3]);
    /* ICW1 LTIM: every input level-triggered; still high after EOI = again. */
    init_pair(&b, 0x01, 0x01, true);
    irq_raise(&b.irq[3]);
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x0b);
    ck_assert(!b.intr);
    outb(b.t, 0x20, 0x20);
    ck_assert(b.intr);
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x0b);
    irq_lower(&b.irq[3]);
    outb(b.t, 0x20, 0x20);
    ck_assert(!b.intr);
    bench_fini(&b);
}
END_TEST

START_TEST(icw1_resets_edge_sense_and_mask)
{
    struct bench b;
    bench_init(&b);
    outb(b.t, 0x21, 0xff);
    irq_raise(&b.irq[4]);
    init_pair(&b, 0x01, 0x01, false);
    ck_assert_uint_eq(inb(b.t, 0x21), 0x00);  /* IMR cleared */
    ck_assert(!b.intr);                       /* the old edge is forgotten */
    irq_lower(&b.irq[4]);
    irq_raise(&b.irq[4]);
    ck_assert(b.intr);
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x0c);
    bench_fini(&b);
}
END_TEST

START_TEST(pulse_is_latched)
{
    struct bench b;
    bench_init(&b);
    irq_pulse(&b.irq[1]);
    ck_assert(b.intr);
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x09);
    bench_fini(&b);
}
END_TEST

START_TEST(automatic_eoi)
{
    struct bench b;
    bench_init(&b);
    init_pair(&b, 0x03, 0x01, false);
    irq_raise(&b.irq[4]);
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x0c);
    ck_assert_uint_eq(isr(&b, 0x20), 0x00);
    irq_raise(&b.irq[5]);
    ck_assert(b.intr);                        /* nothing in service to block it */
    bench_fini(&b);
}
END_TEST

START_TEST(rotate_on_nonspecific_eoi)
{
    struct bench b;
    bench_init(&b);
    irq_raise(&b.irq[0]);
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x08);
    outb(b.t, 0x20, 0xa0);              /* IR0 becomes lowest: IR1 highest */
    irq_lower(&b.irq[0]);
    irq_raise(&b.irq[0]);
    irq_raise(&b.irq[7]);
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x0f);
    ck_assert_uint_eq(isr(&b, 0x20), 0x80);   /* a real IR7: IS bit set */
    outb(b.t, 0x20, 0xa0);              /* IR7 lowest: IR0 highest again */
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x08);
    bench_fini(&b);
}
END_TEST

START_TEST(set_priority_and_specific_rotate)
{
    struct bench b;
    bench_init(&b);
    outb(b.t, 0x20, 0xc4);              /* set priority: IR4 lowest, IR5 highest */
    irq_raise(&b.irq[3]);
    irq_raise(&b.irq[6]);
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x0e);
    ck_assert(!b.intr);                 /* IR3 ranks below IR6 now */
    outb(b.t, 0x20, 0xe6);              /* rotate on specific EOI: IR6 lowest, IR7 highest */
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x0b);
    ck_assert_uint_eq(isr(&b, 0x20), 0x08);
    bench_fini(&b);
}
END_TEST

START_TEST(automatic_rotation)
{
    struct bench b;
    bench_init(&b);
    init_pair(&b, 0x03, 0x01, false);
    outb(b.t, 0x20, 0x80);              /* rotate in AEOI mode (set) */
    irq_raise(&b.irq[1]);
    irq_raise(&b.irq[2 + 1]);
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x09);
    /* IR1 lowest now; so a new IR1 ranks below IR3. */
    irq_lower(&b.irq[1]);
    irq_raise(&b.irq[1]);
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x0b);
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x09);
    outb(b.t, 0x20, 0x00);              /* rotate in AEOI mode (clear) */
    irq_lower(&b.irq[1]);
    irq_lower(&b.irq[3]);
    irq_raise(&b.irq[3]);
    irq_raise(&b.irq[1]);
    /* Priority stays where the last rotation put it (IR1 lowest). */
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x0b);
    bench_fini(&b);
}
END_TEST

START_TEST(poll_command)
{
    struct bench b;
    bench_init(&b);
    outb(b.t, 0x20, 0x0c);              /* OCW3 poll */
    ck_assert_uint_eq(inb(b.t, 0x20), 0x00);  /* no request */
    irq_raise(&b.irq[6]);
    irq_raise(&b.irq[4]);
    outb(b.t, 0x20, 0x0c);
    ck_assert_uint_eq(inb(b.t, 0x20), 0x84);
    ck_assert_uint_eq(isr(&b, 0x20), 0x10);
    /* The poll is one-shot: the next read is the IRR again. */
    outb(b.t, 0x20, 0x0a);
    ck_assert_uint_eq(inb(b.t, 0x20), 0x40);   /* IR4's request went in service */
    /* Polling the slave through the master's cascade. */
    outb(b.t, 0x20, 0x20);
    outb(b.t, 0x21, 0xff & ~0x04);
    irq_raise(&b.irq[13]);
    outb(b.t, 0x20, 0x0c);
    ck_assert_uint_eq(inb(b.t, 0x20), 0x82);
    outb(b.t, 0xa0, 0x0c);
    ck_assert_uint_eq(inb(b.t, 0xa0), 0x85);
    bench_fini(&b);
}
END_TEST

START_TEST(special_mask_mode)
{
    struct bench b;
    bench_init(&b);
    irq_raise(&b.irq[1]);
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x09);
    irq_raise(&b.irq[3]);
    ck_assert(!b.intr);
    outb(b.t, 0x20, 0x68);              /* OCW3: set special mask mode */
    outb(b.t, 0x21, 0x02);              /* mask the level in service */
    ck_assert(b.intr);                  /* lower levels are enabled */
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x0b);
    ck_assert_uint_eq(isr(&b, 0x20), 0x0a);
    outb(b.t, 0x20, 0x20);              /* non-specific EOI skips masked IR1 */
    ck_assert_uint_eq(isr(&b, 0x20), 0x02);
    outb(b.t, 0x20, 0x48);              /* reset special mask mode */
    outb(b.t, 0x21, 0x00);
    irq_lower(&b.irq[3]);
    irq_raise(&b.irq[3]);
    ck_assert(!b.intr);                 /* IR1 in service blocks IR3 again */
    bench_fini(&b);
}
END_TEST

START_TEST(special_fully_nested)
{
    struct bench b;
    bench_init(&b);
    irq_raise(&b.irq[10]);
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x72);
    irq_raise(&b.irq[9]);               /* higher priority within the slave */
    ck_assert(!b.intr);                 /* fully nested: master IR2 in service blocks it */
    irq_lower(&b.irq[9]);
    outb(b.t, 0xa0, 0x20);
    outb(b.t, 0x20, 0x20);
    /* Same again with SFNM in the master. */
    init_pair(&b, 0x11, 0x01, false);
    irq_lower(&b.irq[10]);
    irq_raise(&b.irq[10]);
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x72);
    irq_raise(&b.irq[9]);
    ck_assert(b.intr);
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x71);
    ck_assert_uint_eq(isr(&b, 0xa0), 0x06);
    bench_fini(&b);
}
END_TEST

START_TEST(single_mode_no_cascade)
{
    struct bench b;
    bench_init(&b);
    outb(b.t, 0x20, 0x13);              /* ICW1: single, IC4 (no ICW3) */
    outb(b.t, 0x21, 0x50);
    outb(b.t, 0x21, 0x01);
    irq_raise(&b.irq[6]);
    ck_assert_uint_eq(pic_acknowledge(b.p), 0x56);
    bench_fini(&b);
}
END_TEST

START_TEST(reset_and_describe)
{
    struct bench b;
    bench_init(&b);
    irq_raise(&b.irq[1]);
    char text[512];
    pic_describe(b.p, text, sizeof text);
    ck_assert_ptr_nonnull(strstr(text, "master irr=02"));
    ck_assert_ptr_nonnull(strstr(text, "INTR=1"));
    pic_reset(b.p);
    ck_assert(!pic_intr_level(b.p));
    ck_assert(!b.intr);
    bench_fini(&b);
}
END_TEST

static Suite *pic_suite(void)
{
    Suite *s = suite_create("pic");
    TCase *tc = tcase_create("8259a");
    tcase_add_test(tc, vector_and_nesting);
    tcase_add_test(tc, simultaneous_requests_by_priority);
    tcase_add_test(tc, mask_register);
    tcase_add_test(tc, slave_cascade);
    tcase_add_test(tc, irq2_reaches_irq9);
    tcase_add_test(tc, spurious_irq7_level_request_gone);
    tcase_add_test(tc, spurious_irq7_masked_before_inta);
    tcase_add_test(tc, spurious_irq15);
    tcase_add_test(tc, elcr_reserved_bits);
    tcase_add_test(tc, level_vs_edge_after_eoi);
    tcase_add_test(tc, icw1_resets_edge_sense_and_mask);
    tcase_add_test(tc, pulse_is_latched);
    tcase_add_test(tc, automatic_eoi);
    tcase_add_test(tc, rotate_on_nonspecific_eoi);
    tcase_add_test(tc, set_priority_and_specific_rotate);
    tcase_add_test(tc, automatic_rotation);
    tcase_add_test(tc, poll_command);
    tcase_add_test(tc, special_mask_mode);
    tcase_add_test(tc, special_fully_nested);
    tcase_add_test(tc, single_mode_no_cascade);
    tcase_add_test(tc, reset_and_describe);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(pic_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
