/* frontend-sdl/frontend.c: the SDL2 window: the main loop (events, paced
 * guest slices, sound, presenting), the picture and the status line; input
 * and hotkeys are in input.c.  See frontend.h and docs/frontend.md.
 * frontend_host_ns() is the emulator's only reading of the host clock.
 * LIMITATION: the status is in the title bar, which fullscreen hides. */
#include "frontend-sdl/frontend_internal.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "devices/disk_image.h"
#include "devices/kbc.h"
#include "devices/port61.h"
#include "devices/ps2kbd.h"
#include "machine/machine.h"

/* ---- The host clock ---- */

uint64_t frontend_host_ns(void)
{
    uint64_t c = SDL_GetPerformanceCounter(), hz = SDL_GetPerformanceFrequency();
    return c / hz * 1000000000ull + c % hz * 1000000000ull / hz;
}

uint64_t frontend_guest_ticks(const struct frontend *f)
{
    return sched_now(&f->m->sched);
}

void frontend_say(struct frontend *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->message, sizeof f->message, fmt, ap);
    va_end(ap);
    f->message_until = frontend_host_ns() + MESSAGE_NS;
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
    speaker_synth_init(&f->synth, f->audio_rate, frontend_guest_ticks(f),
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
    speaker_synth_advance(&f->synth, frontend_guest_ticks(f));
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
    uint64_t icount = *m->sched.icount, ticks = frontend_guest_ticks(f);
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

/* ---- Running the guest ---- */

static void finish(struct frontend *f, int status)
{
    f->done = true;
    f->exit_status = status;
}

/* Run what is due: in real time, once a whole slice is due, the guest
 * time up to the host clock, in slices (waiting for a whole slice keeps
 * the loop from chasing the clock in tiny steps); in turbo, slices back to
 * back.  At most WORK_NS of host time, so events and frames are not
 * starved. */
static void run_due(struct frontend *f)
{
    struct machine *m = f->m;
    uint64_t start = frontend_host_ns();
    uint64_t slice = pace_ns_to_ticks(f->turbo ? TURBO_SLICE_NS : SLICE_NS);
    uint64_t now = frontend_guest_ticks(f);
    uint64_t due = f->turbo ? UINT64_MAX : pace_due(&f->pace, start, now);
    if (due < now + slice && !f->turbo)
        return;
    while (!f->done && !f->paused && now < due) {
        uint64_t target = due - now > slice ? now + slice : due;
        uint64_t icount = *m->sched.icount, until = sched_icount_at(&m->sched, target);
        enum machine_stop st = machine_run(m, until > icount ? until - icount : 1);
        if (st == STOP_EXIT)
            finish(f, m->exit_status);
        else if (st == STOP_SHUTDOWN)
            finish(f, EXIT_SHUTDOWN);
        else if (st == STOP_BREAK)
            frontend_do_break(f, "stop");
        now = frontend_guest_ticks(f);
        if (frontend_host_ns() - start >= WORK_NS)
            break;
    }
    if (f->turbo)
        pace_reset(&f->pace, frontend_host_ns(), frontend_guest_ticks(f), MAX_LAG_NS);
}

/* Sleep until the next slice is due or the next frame, waking for input. */
static void wait_for_work(struct frontend *f)
{
    uint64_t now = frontend_host_ns(), wake;
    if (f->paused) {
        wake = now + PAUSED_WAIT_MS * NS_PER_MS;
    } else if (f->turbo) {
        return;
    } else {
        wake = pace_host_at(&f->pace, frontend_guest_ticks(f) + pace_ns_to_ticks(SLICE_NS));
        if (wake > f->last_present + FRAME_NS)
            wake = f->last_present + FRAME_NS;
    }
    if (wake <= now)
        return;
    /* Rounded up: waking early would find less than a slice due. */
    SDL_Event ev;
    if (SDL_WaitEventTimeout(&ev, (int)((wake - now + NS_PER_MS - 1) / NS_PER_MS)))
        frontend_on_event(f, &ev);
}

bool frontend_iterate(struct frontend *f)
{
    if (f->done)
        return false;
    SDL_Event ev;
    while (!f->done && SDL_PollEvent(&ev))
        frontend_on_event(f, &ev);
    if (f->opt.stop != NULL && *f->opt.stop)
        finish(f, EXIT_TIMEOUT);
    if (!f->done && !f->paused)
        run_due(f);
    audio_feed(f);
    uint64_t now = frontend_host_ns();
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
    ps2kbd_set_host_repeat(kbc_keyboard(m->kbc), f->turbo);
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
    uint64_t now = frontend_host_ns();
    pace_reset(&f->pace, now, frontend_guest_ticks(f), MAX_LAG_NS);
    f->stat_host = now;
    f->stat_icount = *m->sched.icount;
    f->stat_ticks = frontend_guest_ticks(f);
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

