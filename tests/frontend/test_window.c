/* tests/frontend/test_window.c: the SDL window end to end, under Xvfb
 * (tests/frontend/window.sh starts it).  A guest of our own
 * (window_guest.asm) draws known pictures and reports keys and mouse
 * packets on port E9h; this program sends SDL events to the window,
 * reads the window's pixels back and checks that they are the headless
 * renderer's screenshot (vga_screenshot) scaled by whole numbers, that
 * keys, the mouse and the hotkeys do what docs/frontend.md says, and that
 * the guest clock keeps pace with the host clock.  With a FreeDOS floppy
 * as the second argument it also boots FreeDOS in the window and types a
 * command; --save-freedos FILE keeps that window's picture (the README's).
 * Exit status: 0 pass, 1 fail, 77 no display.
 * Test code: it includes SDL.h to push events, which the emulator proper
 * leaves to frontend-sdl/. */
#define SDL_MAIN_HANDLED
#include <SDL.h>
#include <SDL_syswm.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "devices/vga.h"
#include "frontend-sdl/frontend.h"
#include "frontend-sdl/speaker.h"
#include "machine/config.h"
#include "machine/machine.h"
#include "util/png.h"

#define HOST_LIMIT_S 60.0           /* any one wait, in host seconds */
#define TEST_IPS "5000000"          /* low enough for a sanitizer build to keep real time */

static char tmpdir[256];
static int failures;

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stdout, "FAIL: ");
    vfprintf(stdout, fmt, ap);
    fprintf(stdout, "\n");
    va_end(ap);
    failures++;
}

#define CHECK(cond, ...)                                                                          \
    do {                                                                                          \
        if (!(cond))                                                                              \
            fail(__VA_ARGS__);                                                                    \
    } while (0)

static double host_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- Driving the window ---- */

struct rig {
    struct machine *m;
    struct frontend *f;
    uint32_t win_id;
};

static bool iterate(struct rig *r)
{
    return frontend_iterate(r->f);
}

/* Iterate until the debug console shows text (after what earlier waits
 * consumed).  Returns false on a timeout or the end of the run. */
static bool wait_e9(struct rig *r, const char *text)
{
    double until = host_seconds() + HOST_LIMIT_S;
    while (!output_log_find(&r->m->debugcon_out, text)) {
        if (host_seconds() > until || !iterate(r)) {
            fail("'%s' not seen on port E9h", text);
            return false;
        }
    }
    return true;
}

/* Let `seconds` of guest time pass. */
static void run_guest(struct rig *r, double seconds)
{
    double until = machine_seconds(r->m) + seconds, limit = host_seconds() + HOST_LIMIT_S;
    while (machine_seconds(r->m) < until && host_seconds() < limit && iterate(r))
        ;
}

static void push_key(struct rig *r, SDL_Scancode sc, bool down, bool repeat)
{
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = down ? SDL_KEYDOWN : SDL_KEYUP;
    ev.key.windowID = r->win_id;
    ev.key.state = down ? SDL_PRESSED : SDL_RELEASED;
    ev.key.repeat = repeat;
    ev.key.keysym.scancode = sc;
    ev.key.keysym.sym = SDL_GetKeyFromScancode(sc);
    SDL_PushEvent(&ev);
}

/* Press and release a key, with a little guest time between. */
static void tap(struct rig *r, SDL_Scancode sc)
{
    push_key(r, sc, true, false);
    run_guest(r, 0.02);
    push_key(r, sc, false, false);
    run_guest(r, 0.02);
}

/* Ctrl+Alt+key: a hotkey. */
static void hotkey(struct rig *r, SDL_Scancode sc)
{
    push_key(r, SDL_SCANCODE_LCTRL, true, false);
    push_key(r, SDL_SCANCODE_LALT, true, false);
    push_key(r, sc, true, false);
    iterate(r);
    push_key(r, sc, false, false);
    push_key(r, SDL_SCANCODE_LALT, false, false);
    push_key(r, SDL_SCANCODE_LCTRL, false, false);
    iterate(r);
}

static void push_mouse(struct rig *r, Uint32 type, int xrel, int yrel, Uint8 button)
{
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = type;
    if (type == SDL_MOUSEMOTION) {
        ev.motion.windowID = r->win_id;
        ev.motion.xrel = xrel;
        ev.motion.yrel = yrel;
    } else {
        ev.button.windowID = r->win_id;
        ev.button.button = button;
        ev.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
        ev.button.clicks = 1;
    }
    SDL_PushEvent(&ev);
}

static unsigned count_in_log(struct rig *r, size_t from, const char *text)
{
    unsigned n = 0;
    const struct output_log *l = &r->m->debugcon_out;
    for (size_t i = from; i + strlen(text) <= l->len; i++)
        if (memcmp(l->data + i, text, strlen(text)) == 0)
            n++;
    return n;
}

/* ---- The pixel comparison ---- */

/* The window must show vga_screenshot()'s picture, each pixel an sx x sy
 * block, and black around it. */
static void compare_window(struct rig *r, const char *what)
{
    char path[512];
    snprintf(path, sizeof path, "%s/headless.png", tmpdir);
    struct emu_err err = { 0 };
    if (vga_screenshot(r->m->vga, path, &err) != 0) {
        fail("%s: vga_screenshot: %s", what, err.msg);
        return;
    }
    struct png_image img;
    if (png_read_file(path, &img, &err) != 0) {
        fail("%s: %s", what, err.msg);
        return;
    }
    uint32_t *px;
    unsigned w, h;
    struct display_rect pl;
    if (frontend_read_window(r->f, &px, &w, &h, &pl, &err) != 0) {
        fail("%s: %s", what, err.msg);
        png_image_free(&img);
        return;
    }
    unsigned bad = 0;
    CHECK(pl.sx > 0 && pl.sy > 0, "%s: not integer-scaled in %ux%u", what, w, h);
    CHECK(pl.w == img.width * pl.sx && pl.h == img.height * pl.sy,
          "%s: placed %ux%u for a %ux%u picture at %ux%u", what, pl.w, pl.h, img.width,
          img.height, pl.sx, pl.sy);
    for (unsigned y = 0; y < h && bad < 10 && pl.sx > 0 && pl.sy > 0; y++) {
        for (unsigned x = 0; x < w && bad < 10; x++) {
            uint32_t got = px[(size_t)y * w + x], want = 0;
            int dx = (int)x - pl.x, dy = (int)y - pl.y;
            if (dx >= 0 && dy >= 0 && (unsigned)dx < pl.w && (unsigned)dy < pl.h)
                want = img.pixels[(size_t)((unsigned)dy / pl.sy) * img.width +
                                  (unsigned)dx / pl.sx] & 0xffffffu;
            if (got != want) {
                fail("%s: window pixel (%u,%u) is %06x, the screenshot says %06x", what, x, y,
                     got, want);
                bad++;
            }
        }
    }
    if (bad != 0 && getenv("VIREO_TEST_KEEP") != NULL) {
        char keep[600];
        snprintf(keep, sizeof keep, "%s/window-%s.png", getenv("VIREO_TEST_KEEP"), what);
        for (char *c = keep + strlen(getenv("VIREO_TEST_KEEP")) + 1; *c; c++)
            if (*c == ' ')
                *c = '-';
        png_write_file(keep, px, w, h, w, false, &err);
        printf("kept the window as %s\n", keep);
    }
    if (bad == 0)
        printf("ok: %s: the %ux%u window shows the %ux%u screenshot at %ux%u from (%d,%d)\n",
               what, w, h, img.width, img.height, pl.sx, pl.sy, pl.x, pl.y);
    free(px);
    png_image_free(&img);
}

static bool files_same_picture(const char *a, const char *b)
{
    struct png_image x, y;
    struct emu_err err = { 0 };
    if (png_read_file(a, &x, &err) != 0)
        return false;
    if (png_read_file(b, &y, &err) != 0) {
        png_image_free(&x);
        return false;
    }
    bool same = x.width == y.width && x.height == y.height &&
                memcmp(x.pixels, y.pixels, (size_t)x.width * x.height * 4) == 0;
    png_image_free(&x);
    png_image_free(&y);
    return same;
}

/* ---- Machines ---- */

/* A 1.44 MB floppy holding the guest program. */
static int make_floppy(const char *bin, const char *out)
{
    FILE *in = fopen(bin, "rb");
    if (in == NULL)
        return -1;
    static unsigned char disk[1474560];
    memset(disk, 0, sizeof disk);
    size_t n = fread(disk, 1, sizeof disk, in);
    fclose(in);
    FILE *o = fopen(out, "wb");
    if (o == NULL || n == 0)
        return -1;
    size_t w = fwrite(disk, 1, sizeof disk, o);
    return fclose(o) == 0 && w == sizeof disk ? 0 : -1;
}

static int open_rig(struct rig *r, const char *fda[], unsigned nfda, bool turbo)
{
    struct machine_config cfg;
    config_defaults(&cfg);
    struct emu_err err = { 0 };
    for (unsigned i = 0; i < nfda; i++)
        config_set(&cfg, "fda", fda[i], &err);
    config_set(&cfg, "boot", "a", &err);
    config_set(&cfg, "snapshot", NULL, &err);
    config_set(&cfg, "ips", TEST_IPS, &err);
    config_set(&cfg, "log", "error", &err);
    if (turbo)
        config_set(&cfg, "turbo", NULL, &err);
    r->m = machine_create(&cfg, &err);
    if (r->m == NULL) {
        fail("machine_create: %s", err.msg);
        return 1;
    }
    struct frontend_options fo = { .scaling = DISPLAY_INTEGER };
    r->f = frontend_create(r->m, &fo, &err);
    if (r->f == NULL) {
        printf("SKIP: %s\n", err.msg);
        machine_destroy(r->m);
        return 77;
    }
    r->win_id = frontend_window_id(r->f);
    printf("window: SDL video driver %s, renderer %s\n", SDL_GetCurrentVideoDriver(),
           frontend_renderer_name(r->f));
    return 0;
}

static void close_rig(struct rig *r)
{
    frontend_destroy(r->f);
    machine_destroy(r->m);
}

/* ---- The tests ---- */

static enum frontend_break_action on_break(void *opaque, struct machine *m, const char *why)
{
    (void)m;
    int *calls = opaque;
    (*calls)++;
    CHECK(strcmp(why, "hotkey") == 0, "break handler called for '%s'", why);
    return FRONTEND_CONTINUE;
}

static void test_pacing(struct rig *r)
{
    /* Real time: over one host second the guest clock moves by about one
     * second, never ahead of the host.  It starts after a settling time,
     * since the guest may be catching up on a stall of the test's own. */
    double settle = host_seconds();
    while (host_seconds() - settle < 0.3)
        iterate(r);
    double h0 = host_seconds(), g0 = machine_seconds(r->m);
    while (host_seconds() - h0 < 1.0)
        iterate(r);
    double dh = host_seconds() - h0, dg = machine_seconds(r->m) - g0;
    printf("ok: pacing: %.3f guest seconds in %.3f host seconds\n", dg, dh);
    CHECK(dg <= dh + 0.01, "the guest ran ahead of real time: %.3f s in %.3f s", dg, dh);
    CHECK(dg >= dh * 0.25, "the guest crawled: %.3f s in %.3f s", dg, dh);
}

static void test_keys(struct rig *r)
{
    static const struct {
        SDL_Scancode sc;
        const char *report;         /* INT 16h AH=10h: scan code, character */
    } keys[] = {
        { SDL_SCANCODE_A, "K:1E61" }, { SDL_SCANCODE_RETURN, "K:1C0D" },
        { SDL_SCANCODE_F12, "K:8600" }, { SDL_SCANCODE_UP, "K:48E0" },
        { SDL_SCANCODE_KP_ENTER, "K:E00D" }, { SDL_SCANCODE_DELETE, "K:53E0" },
        { SDL_SCANCODE_KP_DIVIDE, "K:E02F" }, { SDL_SCANCODE_NONUSBACKSLASH, "K:565C" },
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        tap(r, keys[i].sc);
        if (wait_e9(r, keys[i].report))
            printf("ok: key %s reached the guest as %s\n",
                   SDL_GetScancodeName(keys[i].sc)[0] ? SDL_GetScancodeName(keys[i].sc)
                                                      : "ISO \\|", keys[i].report);
    }
    push_key(r, SDL_SCANCODE_RSHIFT, true, false);
    tap(r, SDL_SCANCODE_B);
    push_key(r, SDL_SCANCODE_RSHIFT, false, false);
    if (wait_e9(r, "K:3042"))
        printf("ok: Shift+B reached the guest as K:3042\n");

    /* Host auto-repeat is ignored: only the PS/2 keyboard's typematic
     * repeats, after its 500 ms delay. */
    size_t from = r->m->debugcon_out.len;
    push_key(r, SDL_SCANCODE_X, true, false);
    for (int i = 0; i < 5; i++)
        push_key(r, SDL_SCANCODE_X, true, true);
    run_guest(r, 0.3);
    unsigned early = count_in_log(r, from, "K:2D78");
    run_guest(r, 1.0);
    push_key(r, SDL_SCANCODE_X, false, false);
    run_guest(r, 0.1);
    unsigned total = count_in_log(r, from, "K:2D78");
    CHECK(early == 1, "%u reports of X before the typematic delay (host repeats leaked?)", early);
    CHECK(total >= 6 && total <= 14, "%u reports of X held for 1.3 s (typematic 10.9/s)", total);
    printf("ok: host repeat ignored, typematic gave %u reports of X in 1.3 s\n", total);
    r->m->debugcon_out.search_from = r->m->debugcon_out.len;
}

/* Keys through the X server (XTEST, as a user's keyboard): X key codes
 * to SDL scan codes to PC keys.  Needs xdotool; skipped without it. */
static void test_x_keys(struct rig *r)
{
    SDL_Window *w = SDL_GetWindowFromID(r->win_id);
    SDL_SysWMinfo info;
    SDL_VERSION(&info.version);
    if (system("command -v xdotool >/dev/null 2>&1") != 0 || !SDL_GetWindowWMInfo(w, &info) ||
        info.subsystem != SDL_SYSWM_X11) {
        printf("note: xdotool not installed (or not X11): keys through the X server not tested\n");
        return;
    }
    char cmd[256];
    snprintf(cmd, sizeof cmd, "xdotool windowfocus --sync %lu key --delay 40 a shift+b F12 Up "
             "KP_Enter Home", (unsigned long)info.info.x11.window);
    if (system(cmd) != 0) {
        fail("'%s' failed", cmd);
        return;
    }
    static const char *const reports[] = { "K:1E61", "K:3042", "K:8600", "K:48E0", "K:E00D",
                                           "K:47E0" };
    bool all = true;
    for (size_t i = 0; i < sizeof reports / sizeof reports[0]; i++)
        all = wait_e9(r, reports[i]) && all;
    if (all)
        printf("ok: keys typed through the X server (xdotool) reached the guest\n");
}

static void test_mouse(struct rig *r)
{
    CHECK(!frontend_is_grabbed(r->f), "grabbed before any click");
    push_mouse(r, SDL_MOUSEBUTTONDOWN, 0, 0, SDL_BUTTON_LEFT);
    push_mouse(r, SDL_MOUSEBUTTONUP, 0, 0, SDL_BUTTON_LEFT);
    iterate(r);
    CHECK(frontend_is_grabbed(r->f), "a click did not grab the mouse");
    push_mouse(r, SDL_MOUSEMOTION, 10, 5, 0);           /* right 10, down 5 */
    run_guest(r, 0.1);
    if (wait_e9(r, "M:28,0A,FB"))                       /* Y sign (bit 5), always-1 bit 3 */
        printf("ok: mouse motion reached the guest's INT 15h C207h handler\n");
    push_mouse(r, SDL_MOUSEBUTTONDOWN, 0, 0, SDL_BUTTON_RIGHT);
    run_guest(r, 0.1);
    if (wait_e9(r, "M:0A,00,00"))
        printf("ok: the right button reached the guest\n");
    push_mouse(r, SDL_MOUSEBUTTONUP, 0, 0, SDL_BUTTON_RIGHT);
    run_guest(r, 0.1);
    /* Ctrl+Alt pressed and released alone lets go. */
    push_key(r, SDL_SCANCODE_LCTRL, true, false);
    push_key(r, SDL_SCANCODE_LALT, true, false);
    iterate(r);
    push_key(r, SDL_SCANCODE_LALT, false, false);
    push_key(r, SDL_SCANCODE_LCTRL, false, false);
    iterate(r);
    CHECK(!frontend_is_grabbed(r->f), "Ctrl+Alt did not release the mouse");
    push_mouse(r, SDL_MOUSEBUTTONDOWN, 0, 0, SDL_BUTTON_LEFT);
    iterate(r);
    hotkey(r, SDL_SCANCODE_G);
    CHECK(!frontend_is_grabbed(r->f), "Ctrl+Alt+G did not release the mouse");
    push_mouse(r, SDL_MOUSEBUTTONUP, 0, 0, SDL_BUTTON_LEFT);
    run_guest(r, 0.1);
    printf("ok: grab on click, release with Ctrl+Alt and Ctrl+Alt+G\n");
}

static void test_audio(struct rig *r)
{
    struct frontend_stats st;
    if (!frontend_has_audio(r->f)) {
        printf("note: no audio device (set SDL_AUDIODRIVER=dummy to test the speaker path)\n");
        return;
    }
    frontend_get_stats(r->f, &st);
    run_guest(r, 0.2);
    frontend_get_stats(r->f, &st);
    CHECK(st.audio_peak < 100, "sound before the beep: peak %d", st.audio_peak);
    uint64_t before = st.audio_samples;
    double g0 = machine_seconds(r->m);
    tap(r, SDL_SCANCODE_B);
    wait_e9(r, "BEEP");
    run_guest(r, 0.3);
    frontend_get_stats(r->f, &st);
    double dg = machine_seconds(r->m) - g0;
    double expect = dg * 48000;
    CHECK(st.audio_peak > SPEAKER_AMPLITUDE / 2, "the beep is silent: peak %d", st.audio_peak);
    CHECK((double)(st.audio_samples - before) > expect * 0.95 &&
              (double)(st.audio_samples - before) < expect * 1.05 + 100,
          "%llu samples for %.3f guest seconds", (unsigned long long)(st.audio_samples - before),
          dg);
    tap(r, SDL_SCANCODE_N);
    wait_e9(r, "QUIET");
    run_guest(r, 0.5);
    frontend_get_stats(r->f, &st);
    run_guest(r, 0.2);
    frontend_get_stats(r->f, &st);
    CHECK(st.audio_peak < 100, "sound after the speaker went off: peak %d", st.audio_peak);
    printf("ok: speaker: 1 kHz beep synthesised at guest time, silence after\n");
}

static void test_hotkeys(struct rig *r, int *break_calls)
{
    /* Pause: guest time stands still and keys go nowhere. */
    hotkey(r, SDL_SCANCODE_P);
    CHECK(frontend_is_paused(r->f), "Ctrl+Alt+P did not pause");
    double g0 = machine_seconds(r->m);
    size_t from = r->m->debugcon_out.len;
    push_key(r, SDL_SCANCODE_A, true, false);
    push_key(r, SDL_SCANCODE_A, false, false);
    for (int i = 0; i < 10; i++)
        iterate(r);
    CHECK(machine_seconds(r->m) == g0, "the guest ran while paused");
    CHECK(strstr(frontend_title(r->f), "Paused") != NULL, "title '%s' lacks Paused",
          frontend_title(r->f));
    hotkey(r, SDL_SCANCODE_P);
    CHECK(!frontend_is_paused(r->f), "Ctrl+Alt+P did not resume");
    run_guest(r, 0.2);
    CHECK(count_in_log(r, from, "K:1E61") == 0, "a key typed while paused reached the guest");
    printf("ok: pause and resume\n");

    /* Screenshot: the headless renderer's picture, in the current directory. */
    hotkey(r, SDL_SCANCODE_S);
    const char *shot = frontend_last_screenshot(r->f);
    char ref[512];
    snprintf(ref, sizeof ref, "%s/ref.png", tmpdir);
    struct emu_err err = { 0 };
    CHECK(shot[0] != 0, "Ctrl+Alt+S saved nothing");
    if (shot[0] != 0 && vga_screenshot(r->m->vga, ref, &err) == 0)
        CHECK(files_same_picture(shot, ref), "the hotkey's screenshot %s differs", shot);
    printf("ok: Ctrl+Alt+S saved %s\n", shot);

    /* Next floppy. */
    unsigned cur = r->m->floppy_current;
    hotkey(r, SDL_SCANCODE_N);
    CHECK(r->m->floppy_current == (cur + 1) % r->m->nfloppy, "Ctrl+Alt+N: drive A: still %u",
          r->m->floppy_current);
    printf("ok: Ctrl+Alt+N changed drive A: to image %u\n", r->m->floppy_current);

    /* Break: without a debugger it pauses; with one, the handler runs. */
    hotkey(r, SDL_SCANCODE_B);
    CHECK(frontend_is_paused(r->f), "Ctrl+Alt+B without a debugger did not pause");
    hotkey(r, SDL_SCANCODE_P);
    frontend_set_break_handler(r->f, on_break, break_calls);
    hotkey(r, SDL_SCANCODE_B);
    CHECK(*break_calls == 1, "the break handler ran %d times", *break_calls);
    CHECK(!frontend_is_paused(r->f), "paused after the handler said continue");
    frontend_set_break_handler(r->f, NULL, NULL);
    printf("ok: Ctrl+Alt+B pauses, or calls the debugger's handler\n");

    /* Turbo and back. */
    hotkey(r, SDL_SCANCODE_T);
    run_guest(r, 0.3);
    struct frontend_stats st;
    frontend_get_stats(r->f, &st);
    hotkey(r, SDL_SCANCODE_T);
    printf("ok: turbo ran at %.0f%% of real time (%.1f MIPS)\n", st.speed_percent, st.mips);

    /* Reset: the guest starts over and draws again. */
    uint64_t resets = r->m->resets;
    hotkey(r, SDL_SCANCODE_R);
    CHECK(r->m->resets == resets + 1, "Ctrl+Alt+R did not reset");
    if (wait_e9(r, "G13"))
        printf("ok: Ctrl+Alt+R restarted the guest\n");
}

static int test_guest(const char *bin)
{
    char img[512];
    snprintf(img, sizeof img, "%s/guest.img", tmpdir);
    if (make_floppy(bin, img) != 0) {
        fail("cannot build the guest floppy from %s", bin);
        return 1;
    }
    const char *fda[2] = { img, img };
    struct rig r;
    int rc = open_rig(&r, fda, 2, false);
    if (rc != 0)
        return rc;
    if (wait_e9(&r, "G13")) {
        compare_window(&r, "mode 13h");
        test_pacing(&r);
        SDL_Window *w = SDL_GetWindowFromID(r.win_id);
        SDL_SetWindowSize(w, 1000, 900);
        run_guest(&r, 0.1);
        compare_window(&r, "mode 13h resized");
        test_keys(&r);
        test_x_keys(&r);
        test_mouse(&r);
        test_audio(&r);
        tap(&r, SDL_SCANCODE_T);
        if (wait_e9(&r, "GTX")) {
            run_guest(&r, 0.05);
            compare_window(&r, "80x25 text");
        }
        tap(&r, SDL_SCANCODE_G);
        wait_e9(&r, "G13");
        int break_calls = 0;
        test_hotkeys(&r, &break_calls);
        hotkey(&r, SDL_SCANCODE_F);
        run_guest(&r, 0.1);
        CHECK(frontend_is_fullscreen(r.f), "Ctrl+Alt+F: not fullscreen");
        /* Under Xvfb without a window manager, GL leaves part of a window
         * made fullscreen unpainted (Mesa's drawable lags the X window):
         * window.sh's second run, with the software renderer, checks the
         * fullscreen pixels. */
        if (strcmp(frontend_renderer_name(r.f), "software") == 0)
            compare_window(&r, "mode 13h fullscreen");
        else
            printf("note: fullscreen pixels are checked with the software renderer\n");
        hotkey(&r, SDL_SCANCODE_F);
        /* The guest powers off: the run ends with status 0. */
        tap(&r, SDL_SCANCODE_Q);
        double limit = host_seconds() + HOST_LIMIT_S;
        while (iterate(&r) && host_seconds() < limit)
            ;
        CHECK(r.m->stop == STOP_EXIT && frontend_exit_status(r.f) == 0,
              "the guest's power-off did not end the run (stop %d, status %d)", r.m->stop,
              frontend_exit_status(r.f));
        printf("ok: the guest powered off and the run ended with status 0\n");
    }
    close_rig(&r);
    return 0;
}

/* FreeDOS in the window: boot, type a command, compare the picture. */
static int test_freedos(const char *image, const char *save)
{
    const char *fda[1] = { image };
    struct rig r;
    int rc = open_rig(&r, fda, 1, true);
    if (rc != 0)
        return rc;
    double limit = host_seconds() + HOST_LIMIT_S;
    struct vga_text t;
    char buf[VGA_TEXT_MAX_ROWS * (VGA_TEXT_MAX_COLS + 1) * 3];
    bool prompt = false;
    while (!prompt && host_seconds() < limit && iterate(&r)) {
        vga_text_capture(r.m->vga, &t);
        vga_text_format(&t, buf, sizeof buf);
        prompt = strstr(buf, "A:\\>") != NULL;
    }
    CHECK(prompt, "FreeDOS did not reach A:\\> in the window");
    static const SDL_Scancode cmd[] = { SDL_SCANCODE_V, SDL_SCANCODE_E, SDL_SCANCODE_R,
                                        SDL_SCANCODE_SPACE, SDL_SCANCODE_SLASH, SDL_SCANCODE_R,
                                        SDL_SCANCODE_RETURN };
    for (size_t i = 0; prompt && i < sizeof cmd / sizeof cmd[0]; i++)
        tap(&r, cmd[i]);
    bool ver = false;
    limit = host_seconds() + HOST_LIMIT_S;
    while (prompt && !ver && host_seconds() < limit && iterate(&r)) {
        vga_text_capture(r.m->vga, &t);
        vga_text_format(&t, buf, sizeof buf);
        ver = strstr(buf, "FreeDOS kernel") != NULL;
    }
    if (!ver)
        printf("the screen:\n%s\n", buf);
    CHECK(ver, "'ver /r' typed in the window did not answer");
    static const SDL_Scancode dir[] = { SDL_SCANCODE_D, SDL_SCANCODE_I, SDL_SCANCODE_R,
                                        SDL_SCANCODE_RETURN };
    for (size_t i = 0; ver && i < sizeof dir / sizeof dir[0]; i++)
        tap(&r, dir[i]);
    bool listed = false;
    limit = host_seconds() + HOST_LIMIT_S;
    while (ver && !listed && host_seconds() < limit && iterate(&r)) {
        vga_text_capture(r.m->vga, &t);
        vga_text_format(&t, buf, sizeof buf);
        listed = strstr(buf, "bytes free") != NULL;
    }
    CHECK(listed, "'dir' typed in the window did not list the disk");
    if (ver && listed) {
        run_guest(&r, 0.1);
        compare_window(&r, "FreeDOS");
        printf("ok: FreeDOS booted in the window and answered 'ver /r' and 'dir'\n");
    }
    if (ver && listed && save != NULL) {
        uint32_t *px;
        unsigned w, h;
        struct display_rect pl;
        struct emu_err err = { 0 };
        if (frontend_read_window(r.f, &px, &w, &h, &pl, &err) != 0 ||
            png_write_file(save, px, w, h, w, false, &err) != 0)
            fail("saving %s: %s", save, err.msg);
        else
            printf("saved the window as %s (%ux%u)\n", save, w, h);
    }
    close_rig(&r);
    return 0;
}

static const char *absolute(const char *path, const char *cwd, char *buf, size_t size)
{
    if (path == NULL || path[0] == '/')
        return path;
    snprintf(buf, size, "%s/%s", cwd, path);
    return buf;
}

int main(int argc, char **argv)
{
    const char *guest = NULL, *freedos = NULL, *save = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--save-freedos") == 0 && i + 1 < argc)
            save = argv[++i];
        else if (guest == NULL)
            guest = argv[i];
        else
            freedos = argv[i];
    }
    if (guest == NULL) {
        fprintf(stderr, "usage: test_window GUEST.bin [FREEDOS.img] [--save-freedos FILE.png]\n");
        return 1;
    }
    /* Paths are taken before the test moves into its scratch directory. */
    static char guest_abs[1024], freedos_abs[1024], save_abs[1024];
    char cwd[512];
    if (getcwd(cwd, sizeof cwd) == NULL)
        return 1;
    guest = absolute(guest, cwd, guest_abs, sizeof guest_abs);
    freedos = absolute(freedos, cwd, freedos_abs, sizeof freedos_abs);
    save = absolute(save, cwd, save_abs, sizeof save_abs);
    const char *tmp = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/vireo-window-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (mkdtemp(tmpdir) == NULL || chdir(tmpdir) != 0) {
        perror(tmpdir);
        return 1;
    }
    int rc = test_guest(guest);
    if (rc == 0 && freedos != NULL) {
        rc = test_freedos(freedos, save);
        if (rc == 77) {
            fail("the display went away during the test");
            rc = 1;
        }
    }
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    if (rc == 77)
        return 77;
    if (failures != 0 || rc != 0) {
        printf("%d failure(s)\n", failures);
        return 1;
    }
    printf("PASS: window\n");
    return 0;
}
