/* tests/unit/test_frontend.c: the SDL frontend's host-independent parts:
 * picture placement (integer factors at the monitor's aspect ratio),
 * real-time pacing arithmetic, PC speaker synthesis from exact edges (with
 * a real 8254 and port 61h behind it), the sample ring, and the SDL scan
 * code map.  No display or audio device is needed. */
#include <SDL_scancode.h>
#include <check.h>
#include <string.h>

#include "devices/pit.h"
#include "devices/port61.h"
#include "frontend-sdl/display.h"
#include "frontend-sdl/keymap.h"
#include "frontend-sdl/speaker.h"
#include "tests/unit/devtest.h"

/* ---- display_place ---- */

static void place(unsigned fw, unsigned fh, unsigned rw, unsigned rh, unsigned ow, unsigned oh,
                  struct display_rect *r)
{
    display_place(DISPLAY_INTEGER, fw, fh, rw, rh, ow, oh, r);
}

START_TEST(mode13h_at_4_3_with_whole_factors)
{
    struct display_rect r;
    place(320, 200, 640, 400, 1600, 1200, &r);         /* 5x6 is exactly 4:3 */
    ck_assert_uint_eq(r.sx, 5);
    ck_assert_uint_eq(r.sy, 6);
    ck_assert_uint_eq(r.w, 1600);
    ck_assert_uint_eq(r.h, 1200);
    ck_assert_int_eq(r.x, 0);
    ck_assert_int_eq(r.y, 0);
    place(320, 200, 640, 400, 1440, 1080, &r);         /* 4x5: 1280x1000, 4% off */
    ck_assert_uint_eq(r.sx, 4);
    ck_assert_uint_eq(r.sy, 5);
    ck_assert_int_eq(r.x, 80);
    ck_assert_int_eq(r.y, 40);
}
END_TEST

START_TEST(vga_rasters_fill_4_3_and_svga_is_square)
{
    ck_assert(display_aspect(640, 400) == 4.0 / 3.0);
    ck_assert(display_aspect(720, 400) == 4.0 / 3.0);
    ck_assert(display_aspect(640, 350) == 4.0 / 3.0);
    ck_assert(display_aspect(640, 480) == 4.0 / 3.0);
    ck_assert(display_aspect(1280, 1024) == 1.25);
    ck_assert(display_aspect(1280, 720) == 1280.0 / 720.0);
    struct display_rect r;
    place(640, 480, 640, 480, 1920, 1080, &r);         /* square pixels: 2x2 */
    ck_assert_uint_eq(r.sx, 2);
    ck_assert_uint_eq(r.sy, 2);
    place(640, 350, 640, 350, 1440, 1080, &r);         /* mode 10h: 2x3, 9% off */
    ck_assert_uint_eq(r.sx, 2);
    ck_assert_uint_eq(r.sy, 3);
    place(640, 200, 640, 400, 1440, 1080, &r);         /* mode 0Eh: 2x5 */
    ck_assert_uint_eq(r.sx, 2);
    ck_assert_uint_eq(r.sy, 5);
    place(1024, 768, 1024, 768, 1920, 1080, &r);
    ck_assert_uint_eq(r.sx, 1);
    ck_assert_uint_eq(r.sy, 1);
}
END_TEST

START_TEST(text_80_columns_falls_back_to_equal_factors)
{
    /* 720x400 needs sx:sy near 20:27 for 4:3; in 1920x1080 no pair fits
     * within the tolerance, so the least distorted, larger pair wins. */
    struct display_rect r;
    place(720, 400, 720, 400, 1920, 1080, &r);
    ck_assert_uint_eq(r.sx, 2);
    ck_assert_uint_eq(r.sy, 2);
    place(720, 400, 720, 400, 2200, 1700, &r);         /* 3x4: 2160x1600, 1% off */
    ck_assert_uint_eq(r.sx, 3);
    ck_assert_uint_eq(r.sy, 4);
}
END_TEST

START_TEST(too_small_or_fill_keeps_exact_aspect)
{
    struct display_rect r;
    place(640, 480, 640, 480, 400, 300, &r);
    ck_assert_uint_eq(r.sx, 0);
    ck_assert_uint_eq(r.w, 400);
    ck_assert_uint_eq(r.h, 300);
    display_place(DISPLAY_FILL, 320, 200, 640, 400, 1920, 1080, &r);
    ck_assert_uint_eq(r.sx, 0);
    ck_assert_uint_eq(r.w, 1440);
    ck_assert_uint_eq(r.h, 1080);
    ck_assert_int_eq(r.x, 240);
    ck_assert_int_eq(r.y, 0);
    place(0, 0, 0, 0, 800, 600, &r);                     /* no picture yet */
    ck_assert_uint_eq(r.w, 0);
}
END_TEST

/* ---- speaker synthesis ---- */

struct capture {
    int16_t s[131072];
    size_t n;
};

static void collect(void *opaque, int16_t sample)
{
    struct capture *c = opaque;
    ck_assert_uint_lt(c->n, sizeof c->s / sizeof c->s[0]);
    c->s[c->n++] = sample;
}

START_TEST(speaker_samples_follow_guest_time_exactly)
{
    static struct capture c;
    c.n = 0;
    struct speaker_synth s;
    speaker_synth_init(&s, 48000, 1000, false, collect, &c);
    speaker_synth_advance(&s, 1000 + SCHED_HZ);         /* one second of silence */
    ck_assert_uint_eq(c.n, 48000);
    speaker_synth_advance(&s, 1000 + SCHED_HZ + SCHED_HZ / 2);
    ck_assert_uint_eq(c.n, 72000);
    speaker_synth_advance(&s, 1000);                    /* the past: nothing */
    ck_assert_uint_eq(c.n, 72000);
}
END_TEST

START_TEST(speaker_dc_decays_to_silence)
{
    static struct capture c;
    c.n = 0;
    struct speaker_synth s;
    speaker_synth_init(&s, 48000, 0, false, collect, &c);
    speaker_synth_edge(&s, 0, true);                    /* held high: a step */
    speaker_synth_advance(&s, SCHED_HZ / 2);
    ck_assert_int_eq(c.s[0], SPEAKER_AMPLITUDE);        /* the step from low to high */
    ck_assert_int_eq(c.s[c.n - 1], 0);                  /* gone after half a second */
}
END_TEST

START_TEST(speaker_box_filter_averages_fast_pwm)
{
    /* A 50% duty square wave of period 12 ticks (1.19 MHz) is far above
     * audio rates: every sample (298 or 299 ticks) averages to the middle
     * within half a period, so the output stays near zero instead of
     * swinging by the full amplitude. */
    static struct capture c;
    c.n = 0;
    struct speaker_synth s;
    speaker_synth_init(&s, 48000, 0, false, collect, &c);
    for (uint64_t t = 0; t < SCHED_HZ / 10; t += 12) {
        speaker_synth_edge(&s, t, true);
        speaker_synth_edge(&s, t + 6, false);
    }
    ck_assert_uint_ge(c.n, 4799);
    for (size_t i = 10; i < c.n; i++)
        ck_assert_int_lt(abs(c.s[i]), SPEAKER_AMPLITUDE / 20);
}
END_TEST

static void no_nmi(void *opaque, bool level)
{
    (void)opaque;
    (void)level;
}

/* The 8254 and port 61h behind the synthesiser: a 1 kHz tone (divisor
 * 1193) for 100 ms gives 100 periods of 48 samples. */
START_TEST(speaker_tone_from_pit_channel_2)
{
    struct devtest *t = devtest_new();
    struct pit *pit = pit_create(&t->bus, &t->sched, devtest_irq(t, 0), &t->err);
    ck_assert_ptr_nonnull(pit);
    struct port61 *p = port61_create(&t->bus, &t->sched, pit, no_nmi, NULL, &t->err);
    ck_assert_ptr_nonnull(p);
    port61_speaker_capture(p, true);
    static struct capture c;
    c.n = 0;
    struct speaker_synth s;
    speaker_synth_init(&s, 48000, 0, port61_speaker_level(p), collect, &c);
    outb(t, 0x43, 0xb6);                /* counter 2, lobyte/hibyte, mode 3 */
    outb(t, 0x42, 1193 & 0xff);
    outb(t, 0x42, 1193 >> 8);
    outb(t, 0x61, 0x03);                /* gate 2 and speaker data on */
    for (unsigned ms = 1; ms <= 100; ms++) {
        devtest_run_to(t, SCHED_HZ * ms / 1000);
        struct speaker_edge e[64];
        unsigned n = port61_speaker_edges(p, e, 64);
        for (unsigned i = 0; i < n; i++)
            speaker_synth_edge(&s, e[i].tick, e[i].level);
        speaker_synth_advance(&s, t->icount);
    }
    ck_assert_uint_eq(c.n, 4800);
    /* Count rising zero crossings after the first period. */
    unsigned rises = 0;
    for (size_t i = 49; i < c.n; i++)
        if (c.s[i - 1] < 0 && c.s[i] >= 0)
            rises++;
    ck_assert_uint_ge(rises, 98);
    ck_assert_uint_le(rises, 100);
    int16_t peak = 0;
    for (size_t i = 0; i < c.n; i++)
        if (c.s[i] > peak)
            peak = c.s[i];
    ck_assert_int_gt(peak, SPEAKER_AMPLITUDE * 3 / 4);
    /* The speaker off: the tone stops (the DC blocker then settles). */
    outb(t, 0x61, 0x00);
    devtest_run_to(t, t->icount + SCHED_HZ / 2);
    struct speaker_edge e[64];
    unsigned n = port61_speaker_edges(p, e, 64);
    for (unsigned i = 0; i < n; i++)
        speaker_synth_edge(&s, e[i].tick, e[i].level);
    speaker_synth_advance(&s, t->icount);
    ck_assert_int_eq(c.s[c.n - 1], 0);
    port61_destroy(p);
    pit_destroy(pit);
    free(t);
}
END_TEST

START_TEST(ring_overrun_underrun)
{
    static struct speaker_ring r;
    memset(&r, 0, sizeof r);
    int16_t in[100], out[150];
    for (int i = 0; i < 100; i++)
        in[i] = (int16_t)(1000 + i);
    speaker_ring_put(&r, in, 100);
    speaker_ring_take(&r, out, 150);                    /* 50 missing: fade from the last */
    ck_assert_int_eq(out[0], 1000);
    ck_assert_int_eq(out[99], 1099);
    ck_assert_int_eq(out[100], 1099 * 31 / 32);
    ck_assert_int_lt(out[149], out[100]);
    ck_assert_uint_eq(r.underruns, 1);
    for (unsigned i = 0; i < SPEAKER_RING_SIZE / 100 + 2; i++)
        speaker_ring_put(&r, in, 100);
    ck_assert_uint_eq(r.count, SPEAKER_RING_SIZE);
    ck_assert_uint_gt(r.overruns, 0);
    speaker_ring_trim(&r, 10);
    ck_assert_uint_eq(r.count, 10);
    speaker_ring_take(&r, out, 10);
    ck_assert_int_eq(out[9], 1099);                     /* the newest were kept */
}
END_TEST

/* ---- keymap ---- */

START_TEST(keymap_positions)
{
    ck_assert_int_eq(keymap_from_sdl(SDL_SCANCODE_A), PC_KEY_A);
    ck_assert_int_eq(keymap_from_sdl(SDL_SCANCODE_PAUSE), PC_KEY_PAUSE);
    ck_assert_int_eq(keymap_from_sdl(SDL_SCANCODE_PRINTSCREEN), PC_KEY_PRINT_SCREEN);
    ck_assert_int_eq(keymap_from_sdl(SDL_SCANCODE_RALT), PC_KEY_RIGHT_ALT);
    ck_assert_int_eq(keymap_from_sdl(SDL_SCANCODE_KP_ENTER), PC_KEY_KP_ENTER);
    ck_assert_int_eq(keymap_from_sdl(SDL_SCANCODE_NONUSBACKSLASH), PC_KEY_ISO_BACKSLASH);
    ck_assert_int_eq(keymap_from_sdl(SDL_SCANCODE_NONUSHASH), PC_KEY_BACKSLASH);
    ck_assert_int_eq(keymap_from_sdl(SDL_SCANCODE_F24), PC_KEY_NONE);
    ck_assert_int_eq(keymap_from_sdl(-1), PC_KEY_NONE);
    ck_assert_int_eq(keymap_from_sdl(SDL_NUM_SCANCODES), PC_KEY_NONE);
}
END_TEST

/* Every PC key is reachable from some SDL scan code, exactly once except
 * for the documented aliases. */
START_TEST(keymap_covers_every_pc_key)
{
    unsigned seen[PC_KEY_COUNT] = { 0 };
    for (int sc = 0; sc < SDL_NUM_SCANCODES; sc++)
        seen[keymap_from_sdl(sc)]++;
    for (int k = 1; k < PC_KEY_COUNT; k++) {
        bool alias = k == PC_KEY_PRINT_SCREEN || k == PC_KEY_BACKSLASH || k == PC_KEY_MENU;
        ck_assert_msg(seen[k] == (alias ? 2u : 1u), "%s is mapped %u times",
                      pc_key_name((enum pc_key)k), seen[k]);
    }
}
END_TEST

static Suite *frontend_suite(void)
{
    Suite *s = suite_create("frontend");
    TCase *tc = tcase_create("display");
    tcase_add_test(tc, mode13h_at_4_3_with_whole_factors);
    tcase_add_test(tc, vga_rasters_fill_4_3_and_svga_is_square);
    tcase_add_test(tc, text_80_columns_falls_back_to_equal_factors);
    tcase_add_test(tc, too_small_or_fill_keeps_exact_aspect);
    suite_add_tcase(s, tc);
    tc = tcase_create("speaker");
    tcase_add_test(tc, speaker_samples_follow_guest_time_exactly);
    tcase_add_test(tc, speaker_dc_decays_to_silence);
    tcase_add_test(tc, speaker_box_filter_averages_fast_pwm);
    tcase_add_test(tc, speaker_tone_from_pit_channel_2);
    tcase_add_test(tc, ring_overrun_underrun);
    suite_add_tcase(s, tc);
    tc = tcase_create("keymap");
    tcase_add_test(tc, keymap_positions);
    tcase_add_test(tc, keymap_covers_every_pc_key);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(frontend_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
