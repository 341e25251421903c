/* frontend-sdl/frontend.h: the SDL2 window.  It shows the VGA's picture
 * (vga_render, the renderer headless screenshots use too) with integer
 * scaling at the monitor's aspect ratio, paces the guest clock to the host
 * clock (or runs flat out with --turbo), feeds host keys and the mouse to
 * the 8042, plays the PC speaker, and handles the hotkeys of docs/frontend.md.
 * This header has no SDL types: cli/cmd_run.c and the debugger include it.
 * Only frontend-sdl/ includes SDL.h or reads the host clock. */
#ifndef VIREO_FRONTEND_FRONTEND_H
#define VIREO_FRONTEND_FRONTEND_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "frontend-sdl/display.h"
#include "util/error.h"

struct machine;
struct frontend;

/* What the break handler wants next. */
enum frontend_break_action {
    FRONTEND_CONTINUE,          /* run on */
    FRONTEND_PAUSE,             /* stay paused (the pause hotkey resumes) */
    FRONTEND_QUIT,              /* close the window and end the run */
};

/* Called between slices, with the guest stopped, when the user presses the
 * break hotkey (Ctrl+Alt+B) or machine_run() returns STOP_BREAK (a
 * breakpoint).  The window is not redrawn while it runs.  `why` is
 * "hotkey" or "stop". */
typedef enum frontend_break_action (*frontend_break_fn)(void *opaque, struct machine *m,
                                                        const char *why);

struct frontend_options {
    bool fullscreen;            /* start in (desktop) fullscreen */
    bool no_audio;              /* do not open an audio device */
    enum display_scaling scaling;   /* DISPLAY_INTEGER (default) or DISPLAY_FILL */
    const volatile sig_atomic_t *stop;  /* polled: nonzero ends the run (--timeout) */
    frontend_break_fn on_break;         /* NULL: the break hotkey pauses */
    void *break_opaque;
};

/* Open the window (and audio, if the host has it).  Fails with err when
 * there is no display; the caller may then run headless. */
struct frontend *frontend_create(struct machine *m, const struct frontend_options *opt,
                                 struct emu_err *err);
void frontend_destroy(struct frontend *f);

/* Install (or with fn = NULL remove) the debugger's break handler. */
void frontend_set_break_handler(struct frontend *f, frontend_break_fn fn, void *opaque);

/* Run until the window is closed, the quit hotkey, the guest ends the run
 * (power off, debug-exit port, --no-reboot shutdown) or *opt->stop is set.
 * Returns the exit status (EXIT_* of machine/machine.h; EXIT_TIMEOUT when
 * stopped through opt->stop). */
int frontend_run(struct frontend *f);

/* ---- One step at a time, for tests and embedders ---- */

/* Handle pending events, run the guest for what is due, present.
 * Returns false once the run is over (frontend_exit_status() then says
 * how it ended). */
bool frontend_iterate(struct frontend *f);
int frontend_exit_status(const struct frontend *f);

/* Read back what the window shows: redraws the current picture and copies
 * the window's pixels (0x00RRGGBB, width per row) into a malloc'ed buffer
 * the caller frees.  *placed says where the picture sits. */
int frontend_read_window(struct frontend *f, uint32_t **pixels, unsigned *w, unsigned *h,
                         struct display_rect *placed, struct emu_err *err);

/* Counters for the status and the tests. */
struct frontend_stats {
    double mips;                /* emulated instructions per host second, last 0.5 s */
    double speed_percent;       /* guest time per host time, last 0.5 s */
    uint64_t audio_samples;     /* synthesised since creation */
    int audio_peak;             /* largest |sample| since the last call */
    uint64_t audio_underruns, audio_overruns;
    uint64_t pace_resyncs;      /* times the guest fell too far behind to catch up */
};
void frontend_get_stats(struct frontend *f, struct frontend_stats *s);
/* The SDL renderer in use ("opengl", "software", ...). */
const char *frontend_renderer_name(const struct frontend *f);
/* The SDL window ID (SDL_GetWindowFromID), for tests that push events. */
uint32_t frontend_window_id(const struct frontend *f);

/* State the tests and the title bar show. */
bool frontend_is_paused(const struct frontend *f);
bool frontend_is_grabbed(const struct frontend *f);
bool frontend_is_fullscreen(const struct frontend *f);
bool frontend_has_audio(const struct frontend *f);
const char *frontend_title(const struct frontend *f);
/* The file the last screenshot hotkey wrote ("" if none). */
const char *frontend_last_screenshot(const struct frontend *f);

/* Print the hotkey table (for --help). */
void frontend_print_hotkeys(FILE *out);

#endif
