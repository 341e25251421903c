/* tests/unit/test_kbc.c: the 8042 with its PS/2 keyboard and mouse,
 * driven through 60h/64h as a BIOS or driver does.  Expected bytes come
 * from the IBM PS/2 Hardware Interface and Keyboard Technical References
 * (self-test 55h, ACK FAh, BAT AAh, ID AB 83h, MF2 scan code sequences)
 * and the 8042 translation table. */
#include <check.h>
#include <string.h>

#include "devices/kbc.h"
#include "devices/ps2kbd.h"
#include "devices/ps2mouse.h"
#include "tests/unit/devtest.h"

struct bench {
    struct devtest *t;
    struct kbc *k;
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
    struct bench *b = opaque;
    b->resets++;
}

static void bench_init(struct bench *b)
{
    memset(b, 0, sizeof *b);
    b->t = devtest_new();
    struct kbc_lines lines = { .set_a20 = on_a20, .reset = on_reset, .opaque = b };
    b->k = kbc_create(&b->t->bus, &b->t->sched, devtest_irq(b->t, 1), devtest_irq(b->t, 12),
                      &lines, &b->t->err);
    ck_assert_ptr_nonnull(b->k);
}

static void bench_fini(struct bench *b)
{
    kbc_destroy(b->k);
    free(b->t);
}

/* Wait (in virtual time, up to 100 ms) for the output buffer, then read it. */
static int next_byte(struct bench *b)
{
    for (unsigned i = 0; i < 1432; i++) {
        if (inb(b->t, 0x64) & 0x01)
            return inb(b->t, 0x60);
        devtest_run(b->t, 1000);
    }
    return -1;
}

static void ctrl(struct bench *b, uint8_t cmd)
{
    outb(b->t, 0x64, cmd);
}

static void ctrl_data(struct bench *b, uint8_t cmd, uint8_t data)
{
    outb(b->t, 0x64, cmd);
    outb(b->t, 0x60, data);
}

static void expect_bytes(struct bench *b, const uint8_t *want, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        ck_assert_int_eq(next_byte(b), want[i]);
}

#define EXPECT(b, ...)                                                                         \
    do {                                                                                       \
        static const uint8_t want_[] = { __VA_ARGS__ };                                        \
        expect_bytes((b), want_, sizeof want_);                                                \
    } while (0)

static void expect_empty(struct bench *b)
{
    devtest_run(b->t, 200000);
    ck_assert_uint_eq(inb(b->t, 0x64) & 0x01, 0);
}

/* What a BIOS does: self-test, command byte 45h (IRQ1, SYS, translate). */
static void bios_init(struct bench *b, uint8_t command_byte)
{
    ctrl(b, 0xaa);
    EXPECT(b, 0x55);
    ctrl_data(b, 0x60, command_byte);
}

START_TEST(self_test_and_command_byte)
{
    struct bench b;
    bench_init(&b);
    ck_assert(b.a20);                       /* told at creation: A20 on */
    ck_assert_uint_eq(inb(b.t, 0x64) & 0x04, 0);    /* SYS clear at power-on */
    ctrl(&b, 0xaa);
    ck_assert_uint_eq(inb(b.t, 0x64) & 0x09, 0x09); /* OBF, last write was a command */
    EXPECT(&b, 0x55);
    ctrl_data(&b, 0x60, 0x45);
    ck_assert_uint_eq(inb(b.t, 0x64) & 0x0c, 0x04); /* SYS set, A2 clear */
    ctrl(&b, 0x20);
    EXPECT(&b, 0x45);
    ctrl(&b, 0xab);
    EXPECT(&b, 0x00);
    ctrl(&b, 0xa9);
    EXPECT(&b, 0x00);
    ctrl(&b, 0xc0);
    EXPECT(&b, 0xa0);
    ctrl_data(&b, 0x7f, 0x99);              /* RAM byte 1Fh */
    ctrl(&b, 0x3f);
    EXPECT(&b, 0x99);
    ctrl(&b, 0xa4);                         /* no password installed */
    EXPECT(&b, 0xf1);
    bench_fini(&b);
}
END_TEST

START_TEST(responses_raise_irq1_when_enabled)
{
    struct bench b;
    bench_init(&b);
    bios_init(&b, 0x45);
    ctrl(&b, 0x20);
    ck_assert(b.t->level[1]);
    ck_assert_int_eq(next_byte(&b), 0x45);
    ck_assert(!b.t->level[1]);
    ctrl_data(&b, 0x60, 0x44);              /* INT off */
    ctrl(&b, 0x20);
    ck_assert(!b.t->level[1]);
    ck_assert_int_eq(next_byte(&b), 0x44);
    bench_fini(&b);
}
END_TEST

START_TEST(keyboard_reset_and_identify)
{
    struct bench b;
    bench_init(&b);
    bios_init(&b, 0x45);
    outb(b.t, 0x60, 0xff);
    EXPECT(&b, 0xfa, 0xaa);
    outb(b.t, 0x60, 0xf2);
    EXPECT(&b, 0xfa, 0xab, 0x41);           /* 83h translated */
    ctrl_data(&b, 0x60, 0x05);              /* no translation */
    outb(b.t, 0x60, 0xf2);
    EXPECT(&b, 0xfa, 0xab, 0x83);
    outb(b.t, 0x60, 0xee);
    EXPECT(&b, 0xee);
    outb(b.t, 0x60, 0x01);                  /* not a command */
    EXPECT(&b, 0xfe);
    outb(b.t, 0x60, 0xfe);                  /* resend */
    EXPECT(&b, 0xfe);
    expect_empty(&b);
    bench_fini(&b);
}
END_TEST

START_TEST(translation_set2_to_set1)
{
    struct bench b;
    bench_init(&b);
    bios_init(&b, 0x45);
    kbc_key_event(b.k, PC_KEY_A, true);
    devtest_run(b.t, 12600);                /* one frame after the last read */
    ck_assert(b.t->level[1]);
    kbc_key_event(b.k, PC_KEY_A, false);
    EXPECT(&b, 0x1e, 0x9e);
    kbc_key_event(b.k, PC_KEY_RIGHT_CTRL, true);
    kbc_key_event(b.k, PC_KEY_RIGHT_CTRL, false);
    EXPECT(&b, 0xe0, 0x1d, 0xe0, 0x9d);
    kbc_key_event(b.k, PC_KEY_F7, true);    /* set 2 83h, the odd one */
    EXPECT(&b, 0x41);
    kbc_key_event(b.k, PC_KEY_F7, false);
    EXPECT(&b, 0xc1);
    /* Untranslated set 2. */
    ctrl_data(&b, 0x60, 0x05);
    kbc_key_event(b.k, PC_KEY_A, true);
    kbc_key_event(b.k, PC_KEY_A, false);
    EXPECT(&b, 0x1c, 0xf0, 0x1c);
    expect_empty(&b);
    bench_fini(&b);
}
END_TEST

START_TEST(byte_stays_readable_until_next_frame)
{
    struct bench b;
    bench_init(&b);
    bios_init(&b, 0x45);
    kbc_key_event(b.k, PC_KEY_B, true);
    kbc_key_event(b.k, PC_KEY_B, false);
    ck_assert_int_eq(next_byte(&b), 0x30);
    ck_assert_uint_eq(inb(b.t, 0x64) & 1, 0);
    ck_assert_uint_eq(inb(b.t, 0x60), 0x30);    /* a second read sees the same byte */
    ck_assert(!b.t->level[1]);
    devtest_run(b.t, 12600);                    /* one 880 us frame */
    ck_assert(b.t->level[1]);
    ck_assert_int_eq(next_byte(&b), 0xb0);
    bench_fini(&b);
}
END_TEST

START_TEST(scancode_set_selection)
{
    struct bench b;
    bench_init(&b);
    bios_init(&b, 0x05);                    /* untranslated */
    outb(b.t, 0x60, 0xf0);
    outb(b.t, 0x60, 0x00);
    EXPECT(&b, 0xfa, 0xfa, 0x02);
    outb(b.t, 0x60, 0xf0);
    outb(b.t, 0x60, 0x03);
    EXPECT(&b, 0xfa, 0xfa);
    /* Set 3: letters are make-only and typematic; shifts make/break. */
    kbc_key_event(b.k, PC_KEY_A, true);
    kbc_key_event(b.k, PC_KEY_A, false);
    kbc_key_event(b.k, PC_KEY_LEFT_SHIFT, true);
    kbc_key_event(b.k, PC_KEY_LEFT_SHIFT, false);
    kbc_key_event(b.k, PC_KEY_UP, true);
    kbc_key_event(b.k, PC_KEY_UP, false);
    EXPECT(&b, 0x1c, 0x12, 0xf0, 0x12, 0x63);
    outb(b.t, 0x60, 0xf8);                  /* all keys make/break */
    EXPECT(&b, 0xfa);
    kbc_key_event(b.k, PC_KEY_A, true);
    kbc_key_event(b.k, PC_KEY_A, false);
    EXPECT(&b, 0x1c, 0xf0, 0x1c);
    outb(b.t, 0x60, 0xfd);                  /* then A make-only */
    EXPECT(&b, 0xfa);
    outb(b.t, 0x60, 0x1c);
    EXPECT(&b, 0xfa);
    outb(b.t, 0x60, 0xf4);                  /* a command ends the key list */
    EXPECT(&b, 0xfa);
    kbc_key_event(b.k, PC_KEY_A, true);
    kbc_key_event(b.k, PC_KEY_A, false);
    EXPECT(&b, 0x1c);
    /* Set 1 from the keyboard itself. */
    outb(b.t, 0x60, 0xf0);
    outb(b.t, 0x60, 0x01);
    EXPECT(&b, 0xfa, 0xfa);
    kbc_key_event(b.k, PC_KEY_A, true);
    kbc_key_event(b.k, PC_KEY_A, false);
    EXPECT(&b, 0x1e, 0x9e);
    /* Query the set with translation on: 01h comes back as 43h. */
    ctrl_data(&b, 0x60, 0x45);
    outb(b.t, 0x60, 0xf0);
    outb(b.t, 0x60, 0x00);
    EXPECT(&b, 0xfa, 0xfa, 0x43);
    bench_fini(&b);
}
END_TEST

START_TEST(gray_keys_and_numlock)
{
    struct bench b;
    bench_init(&b);
    bios_init(&b, 0x45);
    kbc_key_event(b.k, PC_KEY_INSERT, true);
    kbc_key_event(b.k, PC_KEY_INSERT, false);
    EXPECT(&b, 0xe0, 0x52, 0xe0, 0xd2);
    outb(b.t, 0x60, 0xed);                  /* Num Lock LED on */
    outb(b.t, 0x60, 0x02);
    EXPECT(&b, 0xfa, 0xfa);
    ck_assert_uint_eq(ps2kbd_leds(kbc_keyboard(b.k)), PS2KBD_LED_NUM);
    kbc_key_event(b.k, PC_KEY_INSERT, true);
    kbc_key_event(b.k, PC_KEY_INSERT, false);
    EXPECT(&b, 0xe0, 0x2a, 0xe0, 0x52, 0xe0, 0xd2, 0xe0, 0xaa);
    /* Shift held with Num Lock on: the base code. */
    kbc_key_event(b.k, PC_KEY_LEFT_SHIFT, true);
    kbc_key_event(b.k, PC_KEY_HOME, true);
    kbc_key_event(b.k, PC_KEY_HOME, false);
    kbc_key_event(b.k, PC_KEY_LEFT_SHIFT, false);
    EXPECT(&b, 0x2a, 0xe0, 0x47, 0xe0, 0xc7, 0xaa);
    /* Num Lock off, left shift held: the keyboard releases it around the key. */
    outb(b.t, 0x60, 0xed);
    outb(b.t, 0x60, 0x00);
    EXPECT(&b, 0xfa, 0xfa);
    kbc_key_event(b.k, PC_KEY_LEFT_SHIFT, true);
    kbc_key_event(b.k, PC_KEY_DELETE, true);
    kbc_key_event(b.k, PC_KEY_DELETE, false);
    kbc_key_event(b.k, PC_KEY_LEFT_SHIFT, false);
    EXPECT(&b, 0x2a, 0xe0, 0xaa, 0xe0, 0x53, 0xe0, 0xd3, 0xe0, 0x2a, 0xaa);
    kbc_key_event(b.k, PC_KEY_RIGHT_SHIFT, true);
    kbc_key_event(b.k, PC_KEY_KP_DIVIDE, true);
    kbc_key_event(b.k, PC_KEY_KP_DIVIDE, false);
    kbc_key_event(b.k, PC_KEY_RIGHT_SHIFT, false);
    EXPECT(&b, 0x36, 0xe0, 0xb6, 0xe0, 0x35, 0xe0, 0xb5, 0xe0, 0x36, 0xb6);
    bench_fini(&b);
}
END_TEST

START_TEST(print_screen_and_pause)
{
    struct bench b;
    bench_init(&b);
    bios_init(&b, 0x05);                    /* raw set 2 first */
    kbc_key_event(b.k, PC_KEY_PRINT_SCREEN, true);
    kbc_key_event(b.k, PC_KEY_PRINT_SCREEN, false);
    EXPECT(&b, 0xe0, 0x12, 0xe0, 0x7c, 0xe0, 0xf0, 0x7c, 0xe0, 0xf0, 0x12);
    kbc_key_event(b.k, PC_KEY_PAUSE, true);
    kbc_key_event(b.k, PC_KEY_PAUSE, false);
    EXPECT(&b, 0xe1, 0x14, 0x77, 0xe1, 0xf0, 0x14, 0xf0, 0x77);
    expect_empty(&b);                       /* no break code for Pause */
    kbc_key_event(b.k, PC_KEY_LEFT_ALT, true);
    kbc_key_event(b.k, PC_KEY_PRINT_SCREEN, true);
    kbc_key_event(b.k, PC_KEY_PRINT_SCREEN, false);
    kbc_key_event(b.k, PC_KEY_LEFT_ALT, false);
    EXPECT(&b, 0x11, 0x84, 0xf0, 0x84, 0xf0, 0x11);
    /* Translated: the set 1 forms. */
    ctrl_data(&b, 0x60, 0x45);
    kbc_key_event(b.k, PC_KEY_PRINT_SCREEN, true);
    kbc_key_event(b.k, PC_KEY_PRINT_SCREEN, false);
    EXPECT(&b, 0xe0, 0x2a, 0xe0, 0x37, 0xe0, 0xb7, 0xe0, 0xaa);
    kbc_key_event(b.k, PC_KEY_PAUSE, true);
    EXPECT(&b, 0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5);
    kbc_key_event(b.k, PC_KEY_PAUSE, false);
    kbc_key_event(b.k, PC_KEY_LEFT_CTRL, true);
    kbc_key_event(b.k, PC_KEY_PAUSE, true);   /* Ctrl+Break */
    kbc_key_event(b.k, PC_KEY_PAUSE, false);
    kbc_key_event(b.k, PC_KEY_LEFT_CTRL, false);
    EXPECT(&b, 0x1d, 0xe0, 0x46, 0xe0, 0xc6, 0x9d);
    bench_fini(&b);
}
END_TEST

START_TEST(host_repeat_replaces_typematic)
{
    struct bench b;
    bench_init(&b);
    bios_init(&b, 0x44);
    struct ps2kbd *kb = kbc_keyboard(b.k);
    ps2kbd_set_host_repeat(kb, true);
    kbc_key_event(b.k, PC_KEY_A, true);
    EXPECT(&b, 0x1e);
    /* Held for two seconds of guest time: no repeat of the keyboard's own. */
    devtest_run(b.t, 2 * SCHED_HZ);
    expect_empty(&b);
    ps2kbd_key_repeat(kb, PC_KEY_A);        /* the host's auto-repeat */
    ps2kbd_key_repeat(kb, PC_KEY_A);
    EXPECT(&b, 0x1e, 0x1e);
    ps2kbd_key_repeat(kb, PC_KEY_S);        /* not held: nothing */
    expect_empty(&b);
    kbc_key_event(b.k, PC_KEY_A, false);
    EXPECT(&b, 0x9e);
    ps2kbd_key_repeat(kb, PC_KEY_A);        /* released: nothing */
    expect_empty(&b);
    /* Back to real time: the keyboard times repeats again. */
    ps2kbd_set_host_repeat(kb, false);
    ps2kbd_key_repeat(kb, PC_KEY_A);
    kbc_key_event(b.k, PC_KEY_A, true);
    EXPECT(&b, 0x1e);
    devtest_run(b.t, sched_ns_to_ticks(550000000));
    EXPECT(&b, 0x1e);
    kbc_key_event(b.k, PC_KEY_A, false);
    EXPECT(&b, 0x9e);
    bench_fini(&b);
}
END_TEST

START_TEST(typematic_in_virtual_time)
{
    struct bench b;
    bench_init(&b);
    bios_init(&b, 0x44);                    /* translate, no IRQ: we poll */
    kbc_key_event(b.k, PC_KEY_A, true);
    kbc_key_event(b.k, PC_KEY_A, true);     /* a host repeat: ignored */
    unsigned makes = 0;
    uint64_t start = b.t->icount;
    while (b.t->icount - start < SCHED_HZ) {
        if (inb(b.t, 0x64) & 1) {
            ck_assert_uint_eq(inb(b.t, 0x60), 0x1e);
            makes++;
        }
        devtest_run(b.t, 10000);
    }
    /* Default 500 ms delay, then every 91.74 ms: 500, 592, 684, 775, 867, 959. */
    ck_assert_uint_eq(makes, 7);
    kbc_key_event(b.k, PC_KEY_A, false);
    EXPECT(&b, 0x9e);
    expect_empty(&b);
    /* F3h 00h: 250 ms, 30 characters/s (33.36 ms). */
    outb(b.t, 0x60, 0xf3);
    outb(b.t, 0x60, 0x00);
    EXPECT(&b, 0xfa, 0xfa);
    kbc_key_event(b.k, PC_KEY_S, true);
    makes = 0;
    start = b.t->icount;
    while (b.t->icount - start < sched_ns_to_ticks(400000000)) {
        if (inb(b.t, 0x64) & 1) {
            ck_assert_uint_eq(inb(b.t, 0x60), 0x1f);
            makes++;
        }
        devtest_run(b.t, 5000);
    }
    ck_assert_uint_eq(makes, 1 + 5);        /* 250, 283, 317, 350, 383 ms */
    kbc_key_event(b.k, PC_KEY_S, false);
    bench_fini(&b);
}
END_TEST

START_TEST(keystrokes_queue_without_loss)
{
    struct bench b;
    bench_init(&b);
    bios_init(&b, 0x45);
    static const enum pc_key keys[] = { PC_KEY_H, PC_KEY_E, PC_KEY_L, PC_KEY_L, PC_KEY_O };
    static const uint8_t set1[] = { 0x23, 0x12, 0x26, 0x26, 0x18 };
    for (unsigned r = 0; r < 40; r++) {
        for (unsigned i = 0; i < 5; i++) {
            kbc_key_event(b.k, keys[i], true);
            kbc_key_event(b.k, keys[i], false);
        }
    }
    for (unsigned r = 0; r < 40; r++) {
        for (unsigned i = 0; i < 5; i++) {
            ck_assert_int_eq(next_byte(&b), set1[i]);
            ck_assert_int_eq(next_byte(&b), set1[i] | 0x80);
        }
    }
    expect_empty(&b);
    bench_fini(&b);
}
END_TEST

START_TEST(disable_keyboard_holds_data)
{
    struct bench b;
    bench_init(&b);
    bios_init(&b, 0x45);
    ctrl(&b, 0xad);
    ctrl(&b, 0x20);
    EXPECT(&b, 0x55);                       /* bit 4 set */
    kbc_key_event(b.k, PC_KEY_Z, true);
    expect_empty(&b);
    ctrl(&b, 0xae);
    EXPECT(&b, 0x2c);
    /* Scanning disabled by the keyboard itself (F5h): keys are not reported. */
    outb(b.t, 0x60, 0xf5);
    EXPECT(&b, 0xfa);
    kbc_key_event(b.k, PC_KEY_Z, false);
    kbc_key_event(b.k, PC_KEY_X, true);
    expect_empty(&b);
    outb(b.t, 0x60, 0xf4);
    EXPECT(&b, 0xfa);
    bench_fini(&b);
}
END_TEST

START_TEST(output_port_a20_and_reset)
{
    struct bench b;
    bench_init(&b);
    bios_init(&b, 0x45);
    ctrl(&b, 0xd0);
    ck_assert_uint_eq(next_byte(&b) & 0x03, 0x03);   /* A20 on, reset inactive */
    ctrl_data(&b, 0xd1, 0xdd);              /* A20 off */
    ck_assert(!b.a20);
    ck_assert(!kbc_a20(b.k));
    ctrl_data(&b, 0xd1, 0xdf);
    ck_assert(b.a20);
    ck_assert_uint_eq(b.resets, 0);
    ctrl(&b, 0xd0);
    ck_assert_uint_eq(next_byte(&b) & 0x13, 0x03);
    ctrl(&b, 0xfe);                         /* pulse reset */
    ck_assert_uint_eq(b.resets, 1);
    ctrl(&b, 0xff);                         /* pulse nothing */
    ck_assert_uint_eq(b.resets, 1);
    ctrl_data(&b, 0xd1, 0xde);              /* bit 0 clear: reset */
    ck_assert_uint_eq(b.resets, 2);
    /* The 8042 survives the CPU reset: SYS still set. */
    ck_assert_uint_eq(inb(b.t, 0x64) & 0x04, 0x04);
    bench_fini(&b);
}
END_TEST

START_TEST(write_output_buffers)
{
    struct bench b;
    bench_init(&b);
    bios_init(&b, 0x47);                    /* IRQ1 and IRQ12 enabled */
    ctrl_data(&b, 0xd2, 0x5a);
    ck_assert(b.t->level[1]);
    ck_assert_uint_eq(inb(b.t, 0x64) & 0x20, 0x00);
    EXPECT(&b, 0x5a);
    ctrl_data(&b, 0xd3, 0xa5);
    ck_assert(b.t->level[12]);
    ck_assert_uint_eq(inb(b.t, 0x64) & 0x21, 0x21);   /* AUXB */
    EXPECT(&b, 0xa5);
    ck_assert(!b.t->level[12]);
    bench_fini(&b);
}
END_TEST

START_TEST(diagnostic_dump)
{
    struct bench b;
    bench_init(&b);
    bios_init(&b, 0x45);
    ctrl(&b, 0xac);
    /* Command byte 45h as hex digits in set 1 make codes: '4' '5'. */
    EXPECT(&b, 0x05, 0x06);
    for (unsigned i = 0; i < 36; i++)
        ck_assert_int_ge(next_byte(&b), 0);
    expect_empty(&b);
    bench_fini(&b);
}
END_TEST

static void mouse_cmd(struct bench *b, uint8_t v)
{
    ctrl_data(b, 0xd4, v);
}

START_TEST(mouse_reset_and_stream)
{
    struct bench b;
    bench_init(&b);
    bios_init(&b, 0x47);
    ctrl(&b, 0xa8);
    mouse_cmd(&b, 0xff);
    EXPECT(&b, 0xfa, 0xaa, 0x00);
    mouse_cmd(&b, 0xf2);
    EXPECT(&b, 0xfa, 0x00);
    mouse_cmd(&b, 0xf4);
    devtest_run(b.t, 12600);
    ck_assert(b.t->level[12]);
    EXPECT(&b, 0xfa);
    kbc_mouse_event(b.k, 10, -5, 0, PS2MOUSE_LEFT);
    devtest_run(b.t, 12600);
    ck_assert_uint_eq(inb(b.t, 0x64) & 0x21, 0x21);   /* OBF with AUXB */
    EXPECT(&b, 0x09, 0x0a, 0x05);           /* left, +10 right, +5 up */
    kbc_mouse_event(b.k, -3, 2, 0, 0);
    EXPECT(&b, 0x38, 0xfd, 0xfe);           /* signs X and Y */
    /* Two motions within one 10 ms sample interval make one report. */
    uint64_t t0 = b.t->icount;
    kbc_mouse_event(b.k, 1, 0, 0, 0);
    kbc_mouse_event(b.k, 1, 0, 0, 0);
    EXPECT(&b, 0x08, 0x02, 0x00);
    ck_assert_uint_gt(b.t->icount - t0, 4 * 12600);   /* waited for the sample instant */
    expect_empty(&b);
    bench_fini(&b);
}
END_TEST

START_TEST(mouse_intellimouse_id)
{
    struct bench b;
    bench_init(&b);
    bios_init(&b, 0x47);
    ctrl(&b, 0xa8);
    static const uint8_t knock[] = { 200, 100, 80 };
    for (unsigned i = 0; i < 3; i++) {
        mouse_cmd(&b, 0xf3);
        mouse_cmd(&b, knock[i]);
        EXPECT(&b, 0xfa, 0xfa);
    }
    mouse_cmd(&b, 0xf2);
    EXPECT(&b, 0xfa, 0x03);
    mouse_cmd(&b, 0xf4);
    EXPECT(&b, 0xfa);
    kbc_mouse_event(b.k, 0, 0, 1, 0);
    EXPECT(&b, 0x08, 0x00, 0x00, 0x01);
    kbc_mouse_event(b.k, 0, 0, -2, 0);
    EXPECT(&b, 0x08, 0x00, 0x00, 0xfe);
    mouse_cmd(&b, 0xf3);
    mouse_cmd(&b, 55);                      /* not a valid rate */
    EXPECT(&b, 0xfa, 0xfe);
    bench_fini(&b);
}
END_TEST

START_TEST(mouse_status_remote_wrap)
{
    struct bench b;
    bench_init(&b);
    bios_init(&b, 0x47);
    ctrl(&b, 0xa8);
    mouse_cmd(&b, 0xe8);
    mouse_cmd(&b, 0x03);                    /* 8 counts/mm */
    mouse_cmd(&b, 0xe7);                    /* 2:1 */
    mouse_cmd(&b, 0xf0);                    /* remote */
    EXPECT(&b, 0xfa, 0xfa, 0xfa, 0xfa);
    kbc_mouse_event(b.k, 3, 0, 0, PS2MOUSE_RIGHT | PS2MOUSE_MIDDLE);
    expect_empty(&b);                       /* remote: nothing until asked */
    mouse_cmd(&b, 0xe9);
    EXPECT(&b, 0xfa, 0x53, 0x03, 100);      /* remote, 2:1, middle, right */
    kbc_mouse_event(b.k, 3, 0, 0, 0);
    mouse_cmd(&b, 0xeb);
    EXPECT(&b, 0xfa, 0x08, 0x06, 0x00);     /* 3 counts at 8/mm doubled; no 2:1 on reads */
    mouse_cmd(&b, 0xee);                    /* wrap: echo */
    EXPECT(&b, 0xfa);
    mouse_cmd(&b, 0x12);
    mouse_cmd(&b, 0xf4);
    EXPECT(&b, 0x12, 0xf4);
    mouse_cmd(&b, 0xec);
    EXPECT(&b, 0xfa);
    mouse_cmd(&b, 0xea);                    /* back to stream mode */
    mouse_cmd(&b, 0xf4);
    EXPECT(&b, 0xfa, 0xfa);
    kbc_mouse_event(b.k, 2, 0, 0, 0);       /* 4 counts, 2:1 -> 6 */
    EXPECT(&b, 0x08, 0x06, 0x00);
    bench_fini(&b);
}
END_TEST

START_TEST(aux_disable_holds_mouse_data)
{
    struct bench b;
    bench_init(&b);
    bios_init(&b, 0x47);
    ctrl(&b, 0xa8);
    mouse_cmd(&b, 0xf4);
    EXPECT(&b, 0xfa);
    ctrl(&b, 0xa7);
    kbc_mouse_event(b.k, 1, 1, 0, 0);
    expect_empty(&b);
    ctrl(&b, 0xa8);
    EXPECT(&b, 0x28, 0x01, 0xff);
    char text[1024];
    kbc_describe(b.k, text, sizeof text);
    ck_assert_ptr_nonnull(strstr(text, "command=47"));
    ck_assert_ptr_nonnull(strstr(text, "keyboard: set 2"));
    ck_assert_ptr_nonnull(strstr(text, "mouse: id=0"));
    bench_fini(&b);
}
END_TEST

START_TEST(key_names)
{
    ck_assert_int_eq(pc_key_from_name("Enter"), PC_KEY_ENTER);
    ck_assert_int_eq(pc_key_from_name("kp_plus"), PC_KEY_KP_PLUS);
    ck_assert_int_eq(pc_key_from_name("nonsense"), PC_KEY_NONE);
    ck_assert_str_eq(pc_key_name(PC_KEY_PRINT_SCREEN), "print_screen");
    for (unsigned k = 1; k < PC_KEY_COUNT; k++) {
        const struct pc_key_codes *c = pc_key_codes((enum pc_key)k);
        ck_assert_ptr_nonnull(c);
        ck_assert_ptr_nonnull(c->name);
        ck_assert_uint_ne(c->set2, 0);
        ck_assert_uint_ne(c->set3, 0);
        ck_assert_int_eq(pc_key_from_name(c->name), (int)k);
    }
}
END_TEST

static Suite *kbc_suite(void)
{
    Suite *s = suite_create("kbc");
    TCase *tc = tcase_create("8042");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, self_test_and_command_byte);
    tcase_add_test(tc, responses_raise_irq1_when_enabled);
    tcase_add_test(tc, keyboard_reset_and_identify);
    tcase_add_test(tc, translation_set2_to_set1);
    tcase_add_test(tc, byte_stays_readable_until_next_frame);
    tcase_add_test(tc, scancode_set_selection);
    tcase_add_test(tc, gray_keys_and_numlock);
    tcase_add_test(tc, print_screen_and_pause);
    tcase_add_test(tc, typematic_in_virtual_time);
    tcase_add_test(tc, host_repeat_replaces_typematic);
    tcase_add_test(tc, keystrokes_queue_without_loss);
    tcase_add_test(tc, disable_keyboard_holds_data);
    tcase_add_test(tc, output_port_a20_and_reset);
    tcase_add_test(tc, write_output_buffers);
    tcase_add_test(tc, diagnostic_dump);
    tcase_add_test(tc, mouse_reset_and_stream);
    tcase_add_test(tc, mouse_intellimouse_id);
    tcase_add_test(tc, mouse_status_remote_wrap);
    tcase_add_test(tc, aux_disable_holds_mouse_data);
    tcase_add_test(tc, key_names);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(kbc_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
