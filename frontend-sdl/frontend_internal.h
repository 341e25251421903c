/* frontend-sdl/frontend_internal.h: the window's state, shared by
 * frontend.c (the loop, the picture, sound, the status line) and input.c
 * (keyboard, mouse, hotkeys).  It includes SDL.h: for frontend-sdl/ only. */
#ifndef VIREO_FRONTEND_INTERNAL_H
#define VIREO_FRONTEND_INTERNAL_H

#define SDL_MAIN_HANDLED
#include <SDL.h>

#include "devices/keycodes.h"
#include "devices/vga.h"
#include "frontend-sdl/frontend.h"
#include "machine/pace.h"
#include "frontend-sdl/speaker.h"

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

/* frontend.c */
uint64_t frontend_host_ns(void);                    /* the host clock, in ns */
uint64_t frontend_guest_ticks(const struct frontend *f);
/* A message for the title bar (3 s) and stderr. */
void frontend_say(struct frontend *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* input.c */
void frontend_on_event(struct frontend *f, const SDL_Event *ev);
/* The break hotkey or a STOP_BREAK (why: "hotkey" or "stop"). */
void frontend_do_break(struct frontend *f, const char *why);

#endif
