/* tests/unit/test_uart.c: the 16550A through its eight registers.  Reset
 * values, IIR codes and priorities, and the THRE/timeout rules follow the
 * PC16550D datasheet; character times follow from the 1.8432 MHz clock
 * (9600 baud 8N1: 10 bits x 12 x 16 clocks = 14915 scheduler ticks). */
#include <check.h>
#include <string.h>

#include "devices/uart.h"
#include "tests/unit/devtest.h"

#define COM1 0x3f8
#define CHAR_9600_8N1 14915u

struct bench {
    struct devtest *t;
    struct uart *u;
    uint8_t out[256];
    size_t nout;
};

static void sink(void *opaque, const uint8_t *buf, size_t len)
{
    struct bench *b = opaque;
    for (size_t i = 0; i < len && b->nout < sizeof b->out; i++)
        b->out[b->nout++] = buf[i];
}

static void bench_init(struct bench *b, bool attached)
{
    memset(b, 0, sizeof *b);
    b->t = devtest_new();
    struct chardev cd = { sink, b };
    b->u = uart_create(&b->t->bus, &b->t->sched, COM1, devtest_irq(b->t, 4),
                       attached ? &cd : NULL, &b->t->err);
    ck_assert_ptr_nonnull(b->u);
}

static void bench_fini(struct bench *b)
{
    uart_destroy(b->u);
    free(b->t);
}

static void set_9600_8n1(struct bench *b)
{
    outb(b->t, COM1 + 3, 0x80);
    outb(b->t, COM1 + 0, 12);
    outb(b->t, COM1 + 1, 0);
    outb(b->t, COM1 + 3, 0x03);
}

START_TEST(reset_values)
{
    struct bench b;
    bench_init(&b, true);
    ck_assert_uint_eq(inb(b.t, COM1 + 1), 0x00);
    ck_assert_uint_eq(inb(b.t, COM1 + 2), 0x01);
    ck_assert_uint_eq(inb(b.t, COM1 + 3), 0x00);
    ck_assert_uint_eq(inb(b.t, COM1 + 4), 0x00);
    ck_assert_uint_eq(inb(b.t, COM1 + 5), 0x60);
    ck_assert_uint_eq(inb(b.t, COM1 + 6), 0xb0);   /* CTS DSR DCD from the attached end */
    outb(b.t, COM1 + 7, 0x5a);
    ck_assert_uint_eq(inb(b.t, COM1 + 7), 0x5a);
    set_9600_8n1(&b);
    outb(b.t, COM1 + 3, 0x83);
    ck_assert_uint_eq(inb(b.t, COM1 + 0), 12);
    ck_assert_uint_eq(inb(b.t, COM1 + 1), 0);
    outb(b.t, COM1 + 3, 0x03);
    char text[256];
    uart_describe(b.u, text, sizeof text);
    ck_assert_ptr_nonnull(strstr(text, "com1 at 3f8: 9600 baud 8N1"));
    bench_fini(&b);
    bench_init(&b, false);
    ck_assert_uint_eq(inb(b.t, COM1 + 6), 0x00);
    bench_fini(&b);
}
END_TEST

START_TEST(transmit_timing)
{
    struct bench b;
    bench_init(&b, true);
    set_9600_8n1(&b);
    outb(b.t, COM1, 'A');
    ck_assert_uint_eq(inb(b.t, COM1 + 5) & 0x60, 0x20);   /* THR empty, shifting */
    devtest_run_to(b.t, CHAR_9600_8N1 - 1);
    ck_assert_uint_eq(b.nout, 0);
    devtest_run_to(b.t, CHAR_9600_8N1);
    ck_assert_uint_eq(b.nout, 1);
    ck_assert_uint_eq(b.out[0], 'A');
    ck_assert_uint_eq(inb(b.t, COM1 + 5) & 0x60, 0x60);
    /* 16450 mode: a write while THR is full replaces it. */
    outb(b.t, COM1, 'B');
    outb(b.t, COM1, 'C');
    ck_assert_uint_eq(inb(b.t, COM1 + 5) & 0x20, 0x00);
    outb(b.t, COM1, 'D');
    devtest_run(b.t, 3 * CHAR_9600_8N1);
    ck_assert_uint_eq(b.nout, 3);
    ck_assert_mem_eq(b.out, "ABD", 3);
    const uint8_t *cap;
    ck_assert_uint_eq(uart_tx_captured(b.u, &cap), 3);
    ck_assert_mem_eq(cap, "ABD", 3);
    uart_tx_consume(b.u, 2);
    ck_assert_uint_eq(uart_tx_captured(b.u, &cap), 1);
    ck_assert_uint_eq(cap[0], 'D');
    bench_fini(&b);
}
END_TEST

START_TEST(frame_lengths)
{
    struct bench b;
    bench_init(&b, true);
    /* 115200 baud, 7E2: 1 + 7 + 1 + 2 = 11 bits of 16 clocks each. */
    outb(b.t, COM1 + 3, 0x80);
    outb(b.t, COM1 + 0, 1);
    outb(b.t, COM1 + 3, 0x1e);
    outb(b.t, COM1, 'x');
    devtest_run_to(b.t, 11ull * 16 * SCHED_HZ / 1843200 - 1);
    ck_assert_uint_eq(b.nout, 0);
    devtest_run_to(b.t, 11ull * 16 * SCHED_HZ / 1843200 + 1);
    ck_assert_uint_eq(b.nout, 1);
    bench_fini(&b);
}
END_TEST

START_TEST(tx_fifo)
{
    struct bench b;
    bench_init(&b, true);
    set_9600_8n1(&b);
    outb(b.t, COM1 + 2, 0x07);              /* FIFO on, both cleared */
    ck_assert_uint_eq(inb(b.t, COM1 + 2) & 0xc0, 0xc0);
    /* One goes to the shifter at once, 16 fit the FIFO: nothing dropped. */
    for (unsigned i = 0; i < 17; i++)
        outb(b.t, COM1, (uint8_t)('a' + i));
    devtest_run_to(b.t, 16 * CHAR_9600_8N1 - 1);
    ck_assert_uint_eq(inb(b.t, COM1 + 5) & 0x60, 0x00);
    devtest_run_to(b.t, 16 * CHAR_9600_8N1);
    ck_assert_uint_eq(inb(b.t, COM1 + 5) & 0x60, 0x20);   /* the 17th is shifting */
    devtest_run_to(b.t, 17 * CHAR_9600_8N1);
    ck_assert_uint_eq(inb(b.t, COM1 + 5) & 0x60, 0x60);
    ck_assert_uint_eq(b.nout, 17);
    ck_assert_uint_eq(b.out[16], 'q');
    bench_fini(&b);
}
END_TEST

START_TEST(thre_interrupt_rules)
{
    struct bench b;
    bench_init(&b, true);
    set_9600_8n1(&b);
    outb(b.t, COM1 + 4, 0x08);              /* OUT2: IRQ to the PIC */
    outb(b.t, COM1 + 1, 0x02);              /* ETBEI with THR empty: at once */
    ck_assert(b.t->level[4]);
    ck_assert_uint_eq(inb(b.t, COM1 + 2), 0x02);
    ck_assert(!b.t->level[4]);              /* reading IIR acknowledged it */
    ck_assert_uint_eq(inb(b.t, COM1 + 2), 0x01);
    outb(b.t, COM1, 'x');                   /* moves to the shifter: THR empty again */
    ck_assert(b.t->level[4]);
    outb(b.t, COM1, 'y');                   /* writing THR clears it */
    ck_assert(!b.t->level[4]);
    devtest_run(b.t, CHAR_9600_8N1);        /* y moves on */
    ck_assert(b.t->level[4]);
    outb(b.t, COM1 + 4, 0x00);              /* OUT2 off: the IRQ driver lets go */
    ck_assert(!b.t->level[4]);
    ck_assert_uint_eq(inb(b.t, COM1 + 2), 0x02);
    bench_fini(&b);
}
END_TEST

START_TEST(receive_and_rda)
{
    struct bench b;
    bench_init(&b, true);
    set_9600_8n1(&b);
    outb(b.t, COM1 + 4, 0x0b);
    outb(b.t, COM1 + 1, 0x01);
    ck_assert_uint_eq(uart_receive(b.u, (const uint8_t *)"hi", 2), 2);
    devtest_run(b.t, CHAR_9600_8N1 - 1);
    ck_assert_uint_eq(inb(b.t, COM1 + 5) & 0x01, 0);
    devtest_run(b.t, 1);
    ck_assert_uint_eq(inb(b.t, COM1 + 5) & 0x01, 1);
    ck_assert(b.t->level[4]);
    ck_assert_uint_eq(inb(b.t, COM1 + 2), 0x04);
    ck_assert_uint_eq(inb(b.t, COM1), 'h');
    ck_assert(!b.t->level[4]);
    devtest_run(b.t, CHAR_9600_8N1);
    ck_assert_uint_eq(inb(b.t, COM1), 'i');
    ck_assert_uint_eq(inb(b.t, COM1 + 5) & 0x01, 0);
    bench_fini(&b);
}
END_TEST

START_TEST(rx_fifo_trigger_and_timeout)
{
    struct bench b;
    bench_init(&b, true);
    set_9600_8n1(&b);
    outb(b.t, COM1 + 4, 0x08);
    outb(b.t, COM1 + 2, 0x81);              /* FIFO, trigger 8 */
    outb(b.t, COM1 + 1, 0x01);
    uart_receive(b.u, (const uint8_t *)"0123456789", 10);
    devtest_run(b.t, 7 * CHAR_9600_8N1);
    ck_assert_uint_eq(inb(b.t, COM1 + 2), 0xc1);
    devtest_run(b.t, CHAR_9600_8N1);
    ck_assert_uint_eq(inb(b.t, COM1 + 2), 0xc4);   /* 8 in the FIFO */
    for (unsigned i = 0; i < 6; i++)
        ck_assert_uint_eq(inb(b.t, COM1), '0' + i);
    ck_assert_uint_eq(inb(b.t, COM1 + 2), 0xc1);   /* below the trigger */
    /* Two more arrive, then 4 character times of silence: timeout. */
    devtest_run(b.t, 2 * CHAR_9600_8N1);
    devtest_run(b.t, 4 * CHAR_9600_8N1 - 1);
    ck_assert_uint_eq(inb(b.t, COM1 + 2), 0xc1);
    devtest_run(b.t, 1);
    ck_assert_uint_eq(inb(b.t, COM1 + 2), 0xcc);
    ck_assert(b.t->level[4]);
    ck_assert_uint_eq(inb(b.t, COM1), '6');        /* reading clears the timeout */
    ck_assert_uint_eq(inb(b.t, COM1 + 2), 0xc1);
    bench_fini(&b);
}
END_TEST

START_TEST(host_input_never_overruns)
{
    struct bench b;
    bench_init(&b, true);
    set_9600_8n1(&b);
    outb(b.t, COM1 + 2, 0x01);
    uint8_t msg[40];
    for (unsigned i = 0; i < sizeof msg; i++)
        msg[i] = (uint8_t)i;
    uart_receive(b.u, msg, sizeof msg);
    devtest_run(b.t, 60 * CHAR_9600_8N1);
    for (unsigned i = 0; i < sizeof msg; i++) {
        for (unsigned w = 0; w < 3 && !(inb(b.t, COM1 + 5) & 1); w++)
            devtest_run(b.t, CHAR_9600_8N1);
        ck_assert_uint_eq(inb(b.t, COM1 + 5) & 0x03, 0x01);   /* data, no overrun */
        ck_assert_uint_eq(inb(b.t, COM1), i);
    }
    bench_fini(&b);
}
END_TEST

START_TEST(loopback_overrun_and_line_status)
{
    struct bench b;
    bench_init(&b, false);
    set_9600_8n1(&b);
    outb(b.t, COM1 + 4, 0x1b);              /* loop, OUT2, RTS, DTR */
    ck_assert_uint_eq(inb(b.t, COM1 + 6), 0xbb);   /* CTS DSR DCD with their deltas */
    ck_assert_uint_eq(inb(b.t, COM1 + 6), 0xb0);
    outb(b.t, COM1 + 1, 0x05);              /* RDA + RLS */
    outb(b.t, COM1, 'p');
    outb(b.t, COM1, 'q');
    devtest_run(b.t, 2 * CHAR_9600_8N1);
    const uint8_t *cap;
    ck_assert_uint_eq(uart_tx_captured(b.u, &cap), 0);     /* nothing left the chip */
    ck_assert_uint_eq(inb(b.t, COM1 + 2), 0x06);   /* overrun outranks data */
    ck_assert(!b.t->level[4]);              /* OUT2 is forced inactive in loopback */
    ck_assert_uint_eq(inb(b.t, COM1 + 5), 0x63);   /* OE DR THRE TEMT; clears OE */
    ck_assert_uint_eq(inb(b.t, COM1 + 2), 0x04);
    ck_assert_uint_eq(inb(b.t, COM1), 'q');        /* 16450 mode: the newer one */
    /* Break: the receiver sees a zero character with BI and FE. */
    outb(b.t, COM1 + 3, 0x43);
    ck_assert_uint_eq(inb(b.t, COM1 + 5) & 0x1f, 0x19);
    ck_assert_uint_eq(inb(b.t, COM1), 0x00);
    bench_fini(&b);
}
END_TEST

START_TEST(modem_status_deltas)
{
    struct bench b;
    bench_init(&b, false);
    outb(b.t, COM1 + 4, 0x08);
    outb(b.t, COM1 + 1, 0x08);
    ck_assert_uint_eq(inb(b.t, COM1 + 2), 0x01);
    uart_set_modem_inputs(b.u, true, false, true, false);
    ck_assert(b.t->level[4]);
    ck_assert_uint_eq(inb(b.t, COM1 + 2), 0x00);
    ck_assert_uint_eq(inb(b.t, COM1 + 6), 0x51);   /* CTS RI, DCTS (RI rising: no TERI) */
    ck_assert(!b.t->level[4]);
    uart_set_modem_inputs(b.u, true, false, false, true);
    ck_assert_uint_eq(inb(b.t, COM1 + 6), 0x9c);   /* CTS DCD, TERI DDCD */
    ck_assert_uint_eq(inb(b.t, COM1 + 6), 0x90);
    bench_fini(&b);
}
END_TEST

START_TEST(priorities)
{
    struct bench b;
    bench_init(&b, false);
    set_9600_8n1(&b);
    outb(b.t, COM1 + 4, 0x18);              /* loopback */
    outb(b.t, COM1 + 1, 0x0f);
    /* Modem status (OUT2 -> DCD changed) and THRE pending: THRE ranks higher. */
    ck_assert_uint_eq(inb(b.t, COM1 + 2), 0x02);
    ck_assert_uint_eq(inb(b.t, COM1 + 2), 0x00);
    inb(b.t, COM1 + 6);
    ck_assert_uint_eq(inb(b.t, COM1 + 2), 0x01);
    bench_fini(&b);
}
END_TEST

START_TEST(shared_irq_line)
{
    struct devtest *t = devtest_new();
    struct uart *com1 = uart_create(&t->bus, &t->sched, 0x3f8, devtest_irq(t, 4), NULL, &t->err);
    struct uart *com3 = uart_create(&t->bus, &t->sched, 0x3e8, devtest_irq(t, 4), NULL, &t->err);
    ck_assert_ptr_nonnull(com1);
    ck_assert_ptr_nonnull(com3);
    outb(t, 0x3f8 + 4, 0x08);
    outb(t, 0x3f8 + 1, 0x02);
    ck_assert(t->level[4]);
    outb(t, 0x3e8 + 1, 0x02);               /* COM3 without OUT2 does not drive IRQ4 */
    inb(t, 0x3e8 + 2);
    ck_assert(t->level[4]);
    struct emu_err err;
    ck_assert_ptr_null(uart_create(&t->bus, &t->sched, 0x3f8, devtest_irq(t, 4), NULL, &err));
    ck_assert_ptr_nonnull(strstr(err.msg, "com1"));
    uart_destroy(com1);
    uart_destroy(com3);
    free(t);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("uart");
    TCase *tc = tcase_create("16550a");
    tcase_add_test(tc, reset_values);
    tcase_add_test(tc, transmit_timing);
    tcase_add_test(tc, frame_lengths);
    tcase_add_test(tc, tx_fifo);
    tcase_add_test(tc, thre_interrupt_rules);
    tcase_add_test(tc, receive_and_rda);
    tcase_add_test(tc, rx_fifo_trigger_and_timeout);
    tcase_add_test(tc, host_input_never_overruns);
    tcase_add_test(tc, loopback_overrun_and_line_status);
    tcase_add_test(tc, modem_status_deltas);
    tcase_add_test(tc, priorities);
    tcase_add_test(tc, shared_irq_line);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
