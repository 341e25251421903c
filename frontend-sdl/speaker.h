/* frontend-sdl/speaker.h: the PC speaker as audio samples.  The speaker
 * input (PIT channel 2's OUT2 AND port 61h bit 1) arrives as exact-time
 * edges from devices/port61.c; each output sample is the average level
 * over its span of scheduler ticks (a box filter, so tones above the
 * Nyquist rate and PWM tricks come out as their average), followed by a
 * one-pole DC blocker like the speaker's AC coupling, so a speaker held
 * high or low falls silent.  No host timing: samples follow guest time.
 * A ring buffer carries the samples from the main loop to the audio
 * device's callback. */
#ifndef VIREO_FRONTEND_SPEAKER_H
#define VIREO_FRONTEND_SPEAKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SPEAKER_AMPLITUDE 8000          /* peak of a full square wave, of 32767 */
#define SPEAKER_DC_POLE 32604           /* DC blocker pole, Q15 (0.995: -3 dB near 38 Hz at 48 kHz) */

struct speaker_synth {
    unsigned rate;              /* samples per emulated second */
    uint64_t origin;            /* tick where sample 0 starts */
    uint64_t index;             /* the sample being integrated, from origin */
    uint64_t pos;               /* tick up to which it has been integrated */
    uint64_t high;              /* ticks of it spent at the high level */
    bool level;                 /* the speaker input at pos */
    int32_t x_prev, y_prev;     /* DC blocker state */
    void (*emit)(void *opaque, int16_t sample);
    void *opaque;
};

/* Start at tick `now` with the speaker input at `level`. */
void speaker_synth_init(struct speaker_synth *s, unsigned rate, uint64_t now, bool level,
                        void (*emit)(void *opaque, int16_t sample), void *opaque);
/* The input stays at its level up to `tick` (earlier ticks: no-op): emit
 * every sample that ends at or before it. */
void speaker_synth_advance(struct speaker_synth *s, uint64_t tick);
/* An edge: the input became `level` at `tick` (advances first). */
void speaker_synth_edge(struct speaker_synth *s, uint64_t tick, bool level);

/* A single-producer, single-consumer ring of samples; the caller locks
 * (the audio callback runs on another thread). */
#define SPEAKER_RING_SIZE 16384u        /* samples: 341 ms at 48 kHz */

struct speaker_ring {
    int16_t buf[SPEAKER_RING_SIZE];
    unsigned head, count;
    int16_t last;               /* the last sample taken, held on underrun */
    uint64_t underruns, overruns;
};

/* Append n samples; when full, the oldest give way (an overrun). */
void speaker_ring_put(struct speaker_ring *r, const int16_t *in, size_t n);
/* Take n samples; missing ones (an underrun) repeat the last sample,
 * fading to silence so a stall is not a click. */
void speaker_ring_take(struct speaker_ring *r, int16_t *out, size_t n);
/* Drop the oldest samples so at most keep remain (latency bound). */
void speaker_ring_trim(struct speaker_ring *r, unsigned keep);

#endif
