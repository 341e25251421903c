/* frontend-sdl/frontend.c: the SDL2 window: the main loop (events, paced
 * guest slices, audio, presenting), input and hotkeys.  See frontend.h and
 * docs/frontend.md.  The only file that reads the host clock.
 * LIMITATION: the status is in the title bar, which fullscreen hides. */
#define SDL_MAIN_HANDLED
#include "frontend-sdl/frontend.h"

#include <SDL.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devices/disk_image.h"
#include "devices/kbc.h"
#include "devices/port61.h"
#include "devices/ps2kbd.h"
#include "devices/ps2mouse.h"
#include "devices/vga.h"
#include "frontend-sdl/keymap.h"
#include "frontend-sdl/pace.h"
#include "frontend-sdl/speaker.h"
#include "machine/machine.h"

#define NS_PER_MS 1000000ull
#define SLICE_NS (2 * NS_PER_MS)            /* guest time per slice in real time */
#define TURBO_SLICE_NS (10 * NS_PER_MS)     /* guest time per slice flat out */
#define WORK_NS (20 * NS_PER_MS)            /* host time spent running before events */
#define FRAME_NS 16666667ull                /* present at most this often (60 Hz) */
#define MAX_LAG_NS (100 * NS_PER_MS)        /* a guest further behind gives up catching up */
#define STATUS_NS (500 * NS_PER_MS)         /* title bar refresh */
#define DISK_LIGHT_NS (300 * NS_PER_MS)     /* disk activity shows this long */
#define MESSAGE_NS (3000 * NS_PER_MS)       /* a hotkey's message shows this long */
#define PAUSED_WAIT_MS 50
/* Frames presented after a window change even when the picture is the
 * same: some GL drivers resize the back buffer only at the next swap, so
 * the first frame after a resize can land in a buffer of the old size. */
#define REDRAW_FRAMES 3
#define AUDIO_RATE 48000
#define AUDIO_PRIME_MS 30                   /* buffered before sound starts (and after a gap) */
#define AUDIO_MAX_MS 120                    /* more than this is dropped (turbo) */
#define AUDIO_SCRATCH 1024
#define N_DRIVES 6                          /* A: B: C: D: E: F: */

enum hotkey_action {
    HK_NONE, HK_RELEASE, HK_FULLSCREEN, HK_SCREENSHOT, HK_PAUSE, HK_RESET, HK_NEXT_FLOPPY,
    HK_BREAK, HK_TURBO, HK_SCALING, HK_CTRL_ALT_DEL, HK_QUIT,
};

/* The hotkeys: Ctrl+Alt and a key (by its symbol on the host layout).
 * Legend: key symbol, action, key name as printed, what it does. */
static const struct hotkey {
    SDL_Keycode sym;
    enum hotkey_action action;
    const char *key, *what;
} hotkeys[] = {
    { SDLK_g, HK_RELEASE, "G", "release the mouse (so does Ctrl+Alt pressed alone)" },
    { SDLK_f, HK_FULLSCREEN, "F", "toggle fullscreen" },
    { SDLK_RETURN, HK_FULLSCREEN, "Enter", "toggle fullscreen" },
    { SDLK_s, HK_SCREENSHOT, "S", "save a screenshot as vireo-NNNN.png (current directory)" },
    { SDLK_p, HK_PAUSE, "P", "pause or resume the guest" },
    { SDLK_r, HK_RESET, "R", "reset the machine (power cycle)" },
    { SDLK_n, HK_NEXT_FLOPPY, "N", "insert the next --fda image in drive A:" },
    { SDLK_b, HK_BREAK, "B", "break into the debugger (--debug, --gdb); without one, pause" },
    { SDLK_t, HK_TURBO, "T", "toggle turbo (run flat out) and real time" },
    { SDLK_a, HK_SCALING, "A", "toggle integer scaling and exact-aspect fill" },
    { SDLK_END, HK_CTRL_ALT_DEL, "End", "send Ctrl+Alt+Del to the guest" },
    { SDLK_q, HK_QUIT, "Q", "quit (disks are flushed)" },
};

struct frontend {
    struct machine *m;
    struct frontend_options opt;
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Texture *tex;                   /* the guest picture, at its resolution */
    unsigned tex_w, tex_h;
    uint64_t tex_serial;                /* the vga_frame serial the texture holds */
    SDL_Texture *sharp;                 /* DISPLAY_FILL: integer prescale, then linear */
    unsigned sharp_w, sharp_h;
    struct vga_frame frame;
    struct display_rect placed;
    enum display_scaling scaling;

    /* Run state. */
    bool done, paused, turbo, fullscreen;
    int exit_status;
    struct pace pace;
    uint64_t last_present, next_status;
    unsigned need_redraw;               /* frames to present even if the picture is the same */

    /* Input. */
    bool host_down[PC_KEY_COUNT];       /* keys held on the host */
    bool guest_down[PC_KEY_COUNT];      /* keys the guest was told are down */
    bool swallowed[SDL_NUM_SCANCODES];  /* pressed as a hotkey: their release is ours too */
    bool chord_alone;                   /* Ctrl+Alt went down with no other key since */
    bool grabbed;
    unsigned buttons;                   /* PS2MOUSE_* held */

    /* Audio. */
    SDL_AudioDeviceID audio;
    unsigned audio_rate;
    struct speaker_synth synth;
    struct speaker_ring ring;           /* shared with the callback: lock the device */
    bool ring_primed;                   /* guarded like ring */
    int16_t scratch[AUDIO_SCRATCH];
    unsigned nscratch;
    uint64_t audio_samples;
    int audio_peak;

    /* Status. */
    uint64_t stat_host, stat_icount, stat_ticks;
    double mips, speed;
    uint64_t disk_count[N_DRIVES], disk_light_until[N_DRIVES];
    char message[160];
    uint64_t message_until;
    char title[320];
    char last_shot[64];
    unsigned shot_seq;

    frontend_break_fn on_break;
    void *break_opaque;
};

/* ---- The host clock ---- */

static uint64_t host_ns(void)
{
    uint64_t c = SDL_GetPerformanceCounter(), hz = SDL_GetPerformanceFrequency();
    return c / hz * 1000000000ull + c % hz * 1000000000ull / hz;
}

static uint64_t guest_ticks(const struct frontend *f)
{
    return sched_now(&f->m->sched);
}

static void say(struct frontend *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct frontend *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->message, sizeof f->message, fmt, ap);
    va_end(ap);
    f->message_until = host_ns() + MESSAGE_NS;
    f->next_status = 0;
    fprintf(stderr, "vireo: %s\n", f->message);
}

/* ---- Audio ---- */

static void audio_callback(void *opaque, Uint8 *stream, int len)
{
    struct frontend *f = opaque;
    int16_t *out = (int16_t *)(void *)stream;
    size_t n = (size_t)len / sizeof *out;
    unsigned prime = f->audio_rate * AUDIO_PRIME_MS / 1000;
    if (!f->ring_primed && f->ring.count >= prime)
        f->ring_primed = true;
    if (f->ring_primed) {
        uint64_t before = f->ring.underruns;
        speaker_ring_take(&f->ring, out, n);
        if (f->ring.underruns != before)
            f->ring_primed = false;         /* build the cushion up again */
    } else {
        for (size_t i = 0; i < n; i++) {
            f->ring.last = (int16_t)(f->ring.last * 31 / 32);
            out[i] = f->ring.last;
        }
    }
}

static void audio_flush(struct frontend *f)
{
    if (f->nscratch == 0)
        return;
    SDL_LockAudioDevice(f->audio);
    speaker_ring_put(&f->ring, f->scratch, f->nscratch);
    speaker_ring_trim(&f->ring, f->audio_rate * AUDIO_MAX_MS / 1000);
    SDL_UnlockAudioDevice(f->audio);
    f->nscratch = 0;
}

static void audio_emit(void *opaque, int16_t sample)
{
    struct frontend *f = opaque;
    int mag = sample < 0 ? -sample : sample;
    if (mag > f->audio_peak)
        f->audio_peak = mag;
    f->audio_samples++;
    f->scratch[f->nscratch++] = sample;
    if (f->nscratch == AUDIO_SCRATCH)
        audio_flush(f);
}

static void audio_open(struct frontend *f)
{
    if (f->opt.no_audio || SDL_InitSubSystem(SDL_INIT_AUDIO) != 0)
        return;
    SDL_AudioSpec want, have;
    SDL_zero(want);
    want.freq = AUDIO_RATE;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = 512;
    want.callback = audio_callback;
    want.userdata = f;
    f->audio = SDL_OpenAudioDevice(NULL, 0, &want, &have, SDL_AUDIO_ALLOW_FREQUENCY_CHANGE);
    if (f->audio == 0) {
        log_msg(&f->m->log, LOG_INFO, "frontend", "no sound: %s", SDL_GetError());
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return;
    }
    f->audio_rate = (unsigned)have.freq;
    port61_speaker_capture(f->m->port61, true);
    speaker_synth_init(&f->synth, f->audio_rate, guest_ticks(f),
                       port61_speaker_level(f->m->port61), audio_emit, f);
    SDL_PauseAudioDevice(f->audio, 0);
}

/* Turn the speaker edges of the guest time just run into samples. */
static void audio_feed(struct frontend *f)
{
    if (f->audio == 0)
        return;
    struct speaker_edge e[256];
    unsigned n;
    do {
        n = port61_speaker_edges(f->m->port61, e, 256);
        for (unsigned i = 0; i < n; i++)
            speaker_synth_edge(&f->synth, e[i].tick, e[i].level);
    } while (n == 256);
    speaker_synth_advance(&f->synth, guest_ticks(f));
    audio_flush(f);
}

/* ---- The picture ---- */

/* Bring the texture up to the picture vga_render() gave.  By serial, not
 * by vga_render()'s "changed": a screenshot may have rendered it first. */
static int upload(struct frontend *f)
{
    const struct vga_frame *fr = &f->frame;
    if (fr->width == 0 || fr->height == 0)
        return 0;
    bool resized = f->tex == NULL || f->tex_w != fr->width || f->tex_h != fr->height;
    if (!resized && fr->serial == f->tex_serial)
        return 0;
    if (resized) {
        if (f->tex != NULL)
            SDL_DestroyTexture(f->tex);
        f->tex = SDL_CreateTexture(f->ren, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_STREAMING,
                                   (int)fr->width, (int)fr->height);
        if (f->tex == NULL)
            return -1;
        SDL_SetTextureScaleMode(f->tex, SDL_ScaleModeNearest);
        f->tex_w = fr->width;
        f->tex_h = fr->height;
    }
    f->tex_serial = fr->serial;
    return SDL_UpdateTexture(f->tex, NULL, fr->pixels, (int)(fr->stride * sizeof *fr->pixels));
}

/* DISPLAY_FILL: scale by whole numbers (nearest) into a texture just below
 * the final size, then the last fraction with linear filtering: sharp
 * pixels at any size and the exact aspect ratio. */
static SDL_Texture *sharpen(struct frontend *f)
{
    unsigned kx = f->placed.w / f->tex_w, ky = f->placed.h / f->tex_h;
    unsigned w = f->tex_w * (kx ? kx : 1), h = f->tex_h * (ky ? ky : 1);
    if (!SDL_RenderTargetSupported(f->ren))
        return f->tex;
    if (f->sharp == NULL || f->sharp_w != w || f->sharp_h != h) {
        if (f->sharp != NULL)
            SDL_DestroyTexture(f->sharp);
        f->sharp = SDL_CreateTexture(f->ren, SDL_PIXELFORMAT_RGB888, SDL_TEXTUREACCESS_TARGET,
                                     (int)w, (int)h);
        if (f->sharp == NULL)
            return f->tex;
        SDL_SetTextureScaleMode(f->sharp, SDL_ScaleModeLinear);
        f->sharp_w = w;
        f->sharp_h = h;
    }
    SDL_SetRenderTarget(f->ren, f->sharp);
    SDL_RenderCopy(f->ren, f->tex, NULL, NULL);
    SDL_SetRenderTarget(f->ren, NULL);
    return f->sharp;
}

static void draw(struct frontend *f)
{
    int ow = 0, oh = 0;
    SDL_GetRendererOutputSize(f->ren, &ow, &oh);
    const struct vga_frame *fr = &f->frame;
    display_place(f->scaling, fr->width, fr->height, fr->raster_w, fr->raster_h,
                  (unsigned)ow, (unsigned)oh, &f->placed);
    SDL_SetRenderDrawColor(f->ren, 0, 0, 0, 255);
    SDL_RenderClear(f->ren);
    if (f->tex != NULL && fr->width != 0 && f->placed.w != 0) {
        SDL_Rect dst = { f->placed.x, f->placed.y, (int)f->placed.w, (int)f->placed.h };
        SDL_Texture *src = f->placed.sx ? f->tex : sharpen(f);
        SDL_RenderCopy(f->ren, src, NULL, &dst);
    }
}

/* Render the guest's picture and show it if it changed (or force). */
static void present(struct frontend *f, bool force)
{
    uint64_t shown = f->tex_serial;
    vga_render(f->m->vga, &f->frame);
    if (upload(f) != 0)
        log_msg(&f->m->log, LOG_ERROR, "frontend", "cannot show the picture: %s", SDL_GetError());
    if (f->tex_serial == shown && !force && !f->need_redraw)
        return;
    draw(f);
    SDL_RenderPresent(f->ren);
    if (f->need_redraw > 0)
        f->need_redraw--;
}

/* ---- Status ---- */

static struct disk_image *drive_image(const struct machine *m, unsigned d)
{
    if (d == 0)
        return m->nfloppy ? m->floppy[m->floppy_current] : NULL;
    if (d == 1)
        return m->floppy_b;
    return m->hd[d - 2];
}

static void update_title(struct frontend *f, uint64_t now)
{
    struct machine *m = f->m;
    uint64_t icount = *m->sched.icount, ticks = guest_ticks(f);
    if (now - f->stat_host >= STATUS_NS) {
        double secs = (double)(now - f->stat_host) / 1e9;
        f->mips = (double)(icount - f->stat_icount) / secs / 1e6;
        f->speed = (double)(ticks - f->stat_ticks) / ((double)SCHED_HZ * secs) * 100.0;
        f->stat_host = now;
        f->stat_icount = icount;
        f->stat_ticks = ticks;
    }
    char t[sizeof f->title];
    size_t n = (size_t)snprintf(t, sizeof t, "Vireo - ");
    if (f->paused)
        n += (size_t)snprintf(t + n, sizeof t - n, "Paused");
    else
        n += (size_t)snprintf(t + n, sizeof t - n, "%.1f MIPS, %.0f%%%s", f->mips, f->speed,
                              f->turbo ? " turbo" : "");
    bool any = false;
    for (unsigned d = 0; d < N_DRIVES && n < sizeof t; d++) {
        struct disk_image *img = drive_image(m, d);
        if (img == NULL)
            continue;
        uint64_t c = disk_io_count(img);
        if (c != f->disk_count[d]) {
            f->disk_count[d] = c;
            f->disk_light_until[d] = now + DISK_LIGHT_NS;
        }
        if (now < f->disk_light_until[d]) {
            n += (size_t)snprintf(t + n, sizeof t - n, "%s%c:", any ? " " : " - disk ", 'A' + d);
            any = true;
        }
    }
    uint8_t leds = ps2kbd_leds(kbc_keyboard(m->kbc));
    if (leds != 0 && n < sizeof t)
        n += (size_t)snprintf(t + n, sizeof t - n, " - %s%s%s", (leds & PS2KBD_LED_NUM) ? "Num " : "",
                              (leds & PS2KBD_LED_CAPS) ? "Caps " : "",
                              (leds & PS2KBD_LED_SCROLL) ? "Scroll " : "");
    if (n < sizeof t && n > 0 && t[n - 1] == ' ')
        t[--n] = 0;
    if (now < f->message_until && n < sizeof t)
        n += (size_t)snprintf(t + n, sizeof t - n, " - %s", f->message);
    if (f->grabbed && n < sizeof t)
        snprintf(t + n, sizeof t - n, " - Ctrl+Alt releases the mouse");
    if (strcmp(t, f->title) != 0) {
        memcpy(f->title, t, sizeof t);
        SDL_SetWindowTitle(f->win, f->title);
    }
}

/* ---- Input ---- */

static void guest_key(struct frontend *f, enum pc_key k, bool down)
{
    if (k == PC_KEY_NONE || f->guest_down[k] == down)
        return;
    f->guest_down[k] = down;
    kbc_key_event(f->m->kbc, k, down);
}

/* Let go of every key and button the guest holds (focus lost, pause). */
static void release_all(struct frontend *f)
{
    for (int k = 0; k < PC_KEY_COUNT; k++)
        guest_key(f, (enum pc_key)k, false);
    if (f->buttons != 0) {
        f->buttons = 0;
        kbc_mouse_event(f->m->kbc, 0, 0, 0, 0);
    }
}

static void set_grab(struct frontend *f, bool on)
{
    if (f->grabbed == on)
        return;
    f->grabbed = on;
    SDL_SetWindowGrab(f->win, on ? SDL_TRUE : SDL_FALSE);
    SDL_SetRelativeMouseMode(on ? SDL_TRUE : SDL_FALSE);
    if (!on && f->buttons != 0) {
        f->buttons = 0;
        kbc_mouse_event(f->m->kbc, 0, 0, 0, 0);
    }
    f->next_status = 0;
}

static void set_paused(struct frontend *f, bool on)
{
    if (on == f->paused)
        return;
    f->paused = on;
    if (on)
        release_all(f);
    else
        pace_reset(&f->pace, host_ns(), guest_ticks(f), MAX_LAG_NS);
    f->next_status = 0;
}

static bool pressed_ctrl(const bool *down)
{
    return down[PC_KEY_LEFT_CTRL] || down[PC_KEY_RIGHT_CTRL];
}

static bool pressed_alt(const bool *down)
{
    return down[PC_KEY_LEFT_ALT] || down[PC_KEY_RIGHT_ALT];
}

static void screenshot(struct frontend *f)
{
    char path[sizeof f->last_shot];
    do {
        snprintf(path, sizeof path, "vireo-%04u.png", ++f->shot_seq);
    } while (access(path, F_OK) == 0 && f->shot_seq < 9999);
    struct emu_err err = { 0 };
    if (vga_screenshot(f->m->vga, path, &err) != 0) {
        say(f, "screenshot failed: %s", err.msg);
        return;
    }
    snprintf(f->last_shot, sizeof f->last_shot, "%s", path);
    say(f, "saved %s", path);
}

static void do_break(struct frontend *f, const char *why)
{
    if (f->on_break == NULL) {
        if (strcmp(why, "hotkey") == 0) {
            set_paused(f, true);
            say(f, "paused: no debugger is attached (Ctrl+Alt+P resumes)");
        }
        return;
    }
    release_all(f);
    enum frontend_break_action a = f->on_break(f->break_opaque, f->m, why);
    if (a == FRONTEND_QUIT) {
        f->done = true;
        f->exit_status = EXIT_OK;
    } else if (a == FRONTEND_PAUSE) {
        set_paused(f, true);
    }
    pace_reset(&f->pace, host_ns(), guest_ticks(f), MAX_LAG_NS);
    f->need_redraw = REDRAW_FRAMES;
}

static void hotkey(struct frontend *f, enum hotkey_action a)
{
    struct emu_err err = { 0 };
    switch (a) {
    case HK_RELEASE:
        set_grab(f, false);
        break;
    case HK_FULLSCREEN:
        f->fullscreen = !f->fullscreen;
        SDL_SetWindowFullscreen(f->win, f->fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
        f->need_redraw = REDRAW_FRAMES;
        break;
    case HK_SCREENSHOT:
        screenshot(f);
        break;
    case HK_PAUSE:
        set_paused(f, !f->paused);
        break;
    case HK_RESET:
        machine_reset(f->m, true);
        say(f, "reset");
        break;
    case HK_NEXT_FLOPPY:
        if (machine_next_floppy(f->m, &err) != 0)
            say(f, "no next floppy: %s", err.msg);
        else
            say(f, "A: %s", disk_path(f->m->floppy[f->m->floppy_current]));
        break;
    case HK_BREAK:
        do_break(f, "hotkey");
        break;
    case HK_TURBO:
        f->turbo = !f->turbo;
        pace_reset(&f->pace, host_ns(), guest_ticks(f), MAX_LAG_NS);
        say(f, "%s", f->turbo ? "turbo: running flat out" : "real time");
        break;
    case HK_SCALING:
        f->scaling = f->scaling == DISPLAY_INTEGER ? DISPLAY_FILL : DISPLAY_INTEGER;
        f->need_redraw = REDRAW_FRAMES;
        say(f, "%s", f->scaling == DISPLAY_INTEGER ? "integer scaling" : "exact-aspect fill");
        break;
    case HK_CTRL_ALT_DEL:
        if (!f->paused) {
            /* Ctrl and Alt are already down for the guest. */
            guest_key(f, PC_KEY_LEFT_CTRL, true);
            guest_key(f, PC_KEY_LEFT_ALT, true);
            guest_key(f, PC_KEY_DELETE, true);
            guest_key(f, PC_KEY_DELETE, false);
        }
        break;
    case HK_QUIT:
        f->done = true;
        f->exit_status = EXIT_OK;
        break;
    case HK_NONE:
        break;
    }
}

static enum hotkey_action hotkey_for(SDL_Keycode sym)
{
    for (size_t i = 0; i < sizeof hotkeys / sizeof hotkeys[0]; i++)
        if (hotkeys[i].sym == sym)
            return hotkeys[i].action;
    return HK_NONE;
}

static void on_key(struct frontend *f, const SDL_KeyboardEvent *ev)
{
    SDL_Scancode sc = ev->keysym.scancode;
    if ((unsigned)sc >= SDL_NUM_SCANCODES || ev->repeat)
        return;             /* host auto-repeat: the PS/2 keyboard repeats by itself */
    enum pc_key k = keymap_from_sdl((int)sc);
    bool down = ev->type == SDL_KEYDOWN;
    bool is_mod = k == PC_KEY_LEFT_CTRL || k == PC_KEY_RIGHT_CTRL || k == PC_KEY_LEFT_ALT ||
                  k == PC_KEY_RIGHT_ALT;
    if (!down) {
        if (k != PC_KEY_NONE)
            f->host_down[k] = false;
        if (f->swallowed[sc]) {
            f->swallowed[sc] = false;
            return;
        }
        if (is_mod && f->chord_alone && f->grabbed)
            set_grab(f, false);         /* Ctrl+Alt pressed and released alone */
        if (is_mod)
            f->chord_alone = false;
        guest_key(f, k, false);
        return;
    }
    if (pressed_ctrl(f->host_down) && pressed_alt(f->host_down)) {
        enum hotkey_action a = hotkey_for(ev->keysym.sym);
        if (a != HK_NONE) {
            f->swallowed[sc] = true;
            f->chord_alone = false;
            hotkey(f, a);
            return;
        }
    }
    if (k != PC_KEY_NONE)
        f->host_down[k] = true;
    f->chord_alone = is_mod && pressed_ctrl(f->host_down) && pressed_alt(f->host_down);
    if (!f->paused)
        guest_key(f, k, true);
}

static unsigned mouse_bit(Uint8 button)
{
    switch (button) {
    case SDL_BUTTON_LEFT: return PS2MOUSE_LEFT;
    case SDL_BUTTON_RIGHT: return PS2MOUSE_RIGHT;
    case SDL_BUTTON_MIDDLE: return PS2MOUSE_MIDDLE;
    default: return 0;
    }
}

static void on_event(struct frontend *f, const SDL_Event *ev)
{
    switch (ev->type) {
    case SDL_QUIT:
        f->done = true;
        f->exit_status = EXIT_OK;
        break;
    case SDL_WINDOWEVENT:
        if (ev->window.event == SDL_WINDOWEVENT_FOCUS_LOST) {
            set_grab(f, false);
            release_all(f);
            memset(f->host_down, 0, sizeof f->host_down);
            f->chord_alone = false;
        }
        f->need_redraw = REDRAW_FRAMES;
        break;
    case SDL_KEYDOWN:
    case SDL_KEYUP:
        on_key(f, &ev->key);
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (!f->grabbed) {
            if (ev->button.button == SDL_BUTTON_LEFT && !f->paused)
                set_grab(f, true);      /* this click only grabs */
            break;
        }
        f->buttons |= mouse_bit(ev->button.button);
        kbc_mouse_event(f->m->kbc, 0, 0, 0, f->buttons);
        break;
    case SDL_MOUSEBUTTONUP:
        if (f->grabbed && (f->buttons & mouse_bit(ev->button.button))) {
            f->buttons &= ~mouse_bit(ev->button.button);
            kbc_mouse_event(f->m->kbc, 0, 0, 0, f->buttons);
        }
        break;
    case SDL_MOUSEMOTION:
        if (f->grabbed && !f->paused)
            kbc_mouse_event(f->m->kbc, ev->motion.xrel, ev->motion.yrel, 0, f->buttons);
        break;
    case SDL_MOUSEWHEEL:
        if (f->grabbed && !f->paused) {
            int y = ev->wheel.direction == SDL_MOUSEWHEEL_FLIPPED ? -ev->wheel.y : ev->wheel.y;
            kbc_mouse_event(f->m->kbc, 0, 0, -y, f->buttons);   /* PS/2: positive is towards the user */
        }
        break;
    default:
        break;
    }
}

/* ---- Running the guest ---- */

static void finish(struct frontend *f, int status)
{
    f->done = true;
    f->exit_status = status;
}

/* Run the slices that are due (or flat out), for at most WORK_NS of host time. */
static void run_due(struct frontend *f)
{
    struct machine *m = f->m;
    uint64_t start = host_ns();
    uint64_t slice = pace_ns_to_ticks(f->turbo ? TURBO_SLICE_NS : SLICE_NS);
    while (!f->done && !f->paused) {
        uint64_t now = guest_ticks(f);
        uint64_t due = f->turbo ? now + slice : pace_due(&f->pace, host_ns(), now);
        if (now >= due)
            break;
        uint64_t target = due - now > slice ? now + slice : due;
        uint64_t icount = *m->sched.icount, until = sched_icount_at(&m->sched, target);
        enum machine_stop st = machine_run(m, until > icount ? until - icount : 1);
        if (st == STOP_EXIT)
            finish(f, m->exit_status);
        else if (st == STOP_SHUTDOWN)
            finish(f, EXIT_SHUTDOWN);
        else if (st == STOP_BREAK)
            do_break(f, "stop");
        if (host_ns() - start >= WORK_NS)
            break;
    }
    if (f->turbo)
        pace_reset(&f->pace, host_ns(), guest_ticks(f), MAX_LAG_NS);
}

/* Sleep until the next slice is due or the next frame, waking for input. */
static void wait_for_work(struct frontend *f)
{
    uint64_t now = host_ns(), wake;
    if (f->paused) {
        wake = now + PAUSED_WAIT_MS * NS_PER_MS;
    } else if (f->turbo) {
        return;
    } else {
        wake = pace_host_at(&f->pace, guest_ticks(f) + pace_ns_to_ticks(SLICE_NS));
        if (wake > f->last_present + FRAME_NS)
            wake = f->last_present + FRAME_NS;
    }
    if (wake <= now + NS_PER_MS / 2)
        return;
    SDL_Event ev;
    if (SDL_WaitEventTimeout(&ev, (int)((wake - now) / NS_PER_MS)))
        on_event(f, &ev);
}

bool frontend_iterate(struct frontend *f)
{
    if (f->done)
        return false;
    SDL_Event ev;
    while (!f->done && SDL_PollEvent(&ev))
        on_event(f, &ev);
    if (f->opt.stop != NULL && *f->opt.stop)
        finish(f, EXIT_TIMEOUT);
    if (!f->done && !f->paused)
        run_due(f);
    audio_feed(f);
    uint64_t now = host_ns();
    if (now >= f->next_status) {
        update_title(f, now);
        f->next_status = now + STATUS_NS;
    }
    if (now >= f->last_present + FRAME_NS || f->need_redraw) {
        present(f, false);
        f->last_present = now;
    }
    if (f->done)
        return false;
    wait_for_work(f);
    return !f->done;
}

int frontend_run(struct frontend *f)
{
    while (frontend_iterate(f))
        ;
    return f->exit_status;
}

int frontend_exit_status(const struct frontend *f)
{
    return f->exit_status;
}

/* ---- Creation ---- */

/* SDL falls back to drawing nowhere (its offscreen and dummy drivers) when
 * there is no display; that is no window unless asked for by name
 * (SDL_VIDEODRIVER=offscreen). */
static bool real_display(void)
{
    const char *drv = SDL_GetCurrentVideoDriver(), *asked = SDL_GetHint(SDL_HINT_VIDEODRIVER);
    if (drv == NULL)
        return false;
    if (strcmp(drv, "offscreen") != 0 && strcmp(drv, "dummy") != 0)
        return true;
    return asked != NULL && strstr(asked, drv) != NULL;
}

struct frontend *frontend_create(struct machine *m, const struct frontend_options *opt,
                                 struct emu_err *err)
{
    struct frontend *f = calloc(1, sizeof *f);
    if (f == NULL) {
        emu_fail(err, EMU_ENOMEM, "out of memory");
        return NULL;
    }
    f->m = m;
    if (opt != NULL)
        f->opt = *opt;
    f->scaling = f->opt.scaling;
    f->turbo = m->cfg.turbo;
    f->opt.fullscreen = f->opt.fullscreen || m->cfg.fullscreen;
    f->on_break = f->opt.on_break;
    f->break_opaque = f->opt.break_opaque;
    SDL_SetMainReady();
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "nearest");
    SDL_SetHint(SDL_HINT_GRAB_KEYBOARD, "1");       /* grabbed: desktop shortcuts go to the guest */
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        emu_fail(err, EMU_ESTATE, "no display: %s", SDL_GetError());
        free(f);
        return NULL;
    }
    if (!real_display()) {
        emu_fail(err, EMU_ESTATE, "no display (SDL fell back to its '%s' video driver)",
                 SDL_GetCurrentVideoDriver());
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
        SDL_Quit();
        free(f);
        return NULL;
    }
    /* The window starts at the best integer size for 80x25 text (the
     * BIOS's first mode) within 90% of the desktop. */
    SDL_Rect usable = { 0, 0, 1024, 768 };
    SDL_GetDisplayUsableBounds(0, &usable);
    struct display_rect r;
    display_place(DISPLAY_INTEGER, 720, 400, 720, 400, (unsigned)usable.w * 9 / 10,
                  (unsigned)usable.h * 9 / 10, &r);
    int w = r.sx ? (int)r.w : 720, h = r.sx ? (int)r.h : 400;
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    if (f->opt.fullscreen)
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    f->fullscreen = f->opt.fullscreen;
    f->win = SDL_CreateWindow("Vireo", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (f->win != NULL)
        f->ren = SDL_CreateRenderer(f->win, -1, SDL_RENDERER_TARGETTEXTURE);
    if (f->win != NULL && f->ren == NULL)
        f->ren = SDL_CreateRenderer(f->win, -1, SDL_RENDERER_SOFTWARE);
    if (f->ren == NULL) {
        emu_fail(err, EMU_ESTATE, "cannot open a window: %s", SDL_GetError());
        frontend_destroy(f);
        return NULL;
    }
    SDL_SetWindowMinimumSize(f->win, 320, 200);
    SDL_StopTextInput();        /* keys are keys: no input method composing text */
    audio_open(f);
    uint64_t now = host_ns();
    pace_reset(&f->pace, now, guest_ticks(f), MAX_LAG_NS);
    f->stat_host = now;
    f->stat_icount = *m->sched.icount;
    f->stat_ticks = guest_ticks(f);
    f->need_redraw = REDRAW_FRAMES;
    present(f, true);
    f->last_present = now;
    update_title(f, now);
    return f;
}

void frontend_destroy(struct frontend *f)
{
    if (f == NULL)
        return;
    if (f->audio != 0) {
        SDL_CloseAudioDevice(f->audio);
        port61_speaker_capture(f->m->port61, false);
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
    }
    if (f->sharp != NULL)
        SDL_DestroyTexture(f->sharp);
    if (f->tex != NULL)
        SDL_DestroyTexture(f->tex);
    if (f->ren != NULL)
        SDL_DestroyRenderer(f->ren);
    if (f->win != NULL)
        SDL_DestroyWindow(f->win);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    SDL_Quit();
    free(f);
}

void frontend_set_break_handler(struct frontend *f, frontend_break_fn fn, void *opaque)
{
    f->on_break = fn;
    f->break_opaque = opaque;
}

/* ---- Read-back and state ---- */

int frontend_read_window(struct frontend *f, uint32_t **pixels, unsigned *w, unsigned *h,
                         struct display_rect *placed, struct emu_err *err)
{
    vga_render(f->m->vga, &f->frame);
    if (upload(f) != 0)
        return emu_fail(err, EMU_ESTATE, "cannot show the picture: %s", SDL_GetError());
    draw(f);
    int ow = 0, oh = 0;
    SDL_GetRendererOutputSize(f->ren, &ow, &oh);
    uint32_t *px = malloc((size_t)ow * (size_t)oh * sizeof *px + 1);
    if (px == NULL)
        return emu_fail(err, EMU_ENOMEM, "out of memory");
    if (SDL_RenderReadPixels(f->ren, NULL, SDL_PIXELFORMAT_RGB888, px, ow * (int)sizeof *px) != 0) {
        free(px);
        return emu_fail(err, EMU_ESTATE, "cannot read the window: %s", SDL_GetError());
    }
    SDL_RenderPresent(f->ren);
    for (size_t i = 0; i < (size_t)ow * (size_t)oh; i++)
        px[i] &= 0xffffffu;
    *pixels = px;
    *w = (unsigned)ow;
    *h = (unsigned)oh;
    if (placed != NULL)
        *placed = f->placed;
    return 0;
}

void frontend_get_stats(struct frontend *f, struct frontend_stats *s)
{
    memset(s, 0, sizeof *s);
    s->mips = f->mips;
    s->speed_percent = f->speed;
    s->audio_samples = f->audio_samples;
    s->audio_peak = f->audio_peak;
    f->audio_peak = 0;
    if (f->audio != 0) {
        SDL_LockAudioDevice(f->audio);
        s->audio_underruns = f->ring.underruns;
        s->audio_overruns = f->ring.overruns;
        SDL_UnlockAudioDevice(f->audio);
    }
    s->pace_resyncs = f->pace.resyncs;
}

uint32_t frontend_window_id(const struct frontend *f) { return SDL_GetWindowID(f->win); }

const char *frontend_renderer_name(const struct frontend *f)
{
    SDL_RendererInfo info;
    return SDL_GetRendererInfo(f->ren, &info) == 0 ? info.name : "?";
}
bool frontend_is_paused(const struct frontend *f) { return f->paused; }
bool frontend_is_grabbed(const struct frontend *f) { return f->grabbed; }
bool frontend_is_fullscreen(const struct frontend *f) { return f->fullscreen; }
bool frontend_has_audio(const struct frontend *f) { return f->audio != 0; }
const char *frontend_title(const struct frontend *f) { return f->title; }
const char *frontend_last_screenshot(const struct frontend *f) { return f->last_shot; }

void frontend_print_hotkeys(FILE *out)
{
    fprintf(out, "\nWindow hotkeys (Ctrl+Alt and a key; a click in the window grabs the mouse):\n");
    for (size_t i = 0; i < sizeof hotkeys / sizeof hotkeys[0]; i++) {
        char k[32];
        snprintf(k, sizeof k, "Ctrl+Alt+%s", hotkeys[i].key);
        fprintf(out, "  %-28s %s\n", k, hotkeys[i].what);
    }
}
