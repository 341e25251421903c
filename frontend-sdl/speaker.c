/* frontend-sdl/speaker.c: PC speaker synthesis.  See speaker.h. */
#include "frontend-sdl/speaker.h"

#include <string.h>

#include "devices/sched.h"

void speaker_synth_init(struct speaker_synth *s, unsigned rate, uint64_t now, bool level,
                        void (*emit)(void *opaque, int16_t sample), void *opaque)
{
    memset(s, 0, sizeof *s);
    s->rate = rate;
    s->origin = now;
    s->pos = now;
    s->level = level;
    s->emit = emit;
    s->opaque = opaque;
}

/* The tick where sample i starts: exact, so no drift over hours. */
static uint64_t sample_start(const struct speaker_synth *s, uint64_t i)
{
    return s->origin + i / s->rate * SCHED_HZ + i % s->rate * SCHED_HZ / s->rate;
}

static void finish_sample(struct speaker_synth *s, uint64_t len)
{
    /* The average level in [-1, 1], scaled: (high - low) / len. */
    int64_t x = ((int64_t)(2 * s->high) - (int64_t)len) * SPEAKER_AMPLITUDE / (int64_t)len;
    /* Division truncates towards zero, so the tail decays all the way
     * (a shift would floor negative values and stick at -1/(1-pole)). */
    int64_t y = x - s->x_prev + (int64_t)s->y_prev * SPEAKER_DC_POLE / 32768;
    s->x_prev = (int32_t)x;
    s->y_prev = (int32_t)y;
    if (y > INT16_MAX)
        y = INT16_MAX;
    if (y < INT16_MIN)
        y = INT16_MIN;
    s->emit(s->opaque, (int16_t)y);
    s->index++;
    s->high = 0;
    if (s->index == s->rate) {          /* keep the sums small: restart each second */
        s->origin += SCHED_HZ;
        s->index = 0;
    }
}

void speaker_synth_advance(struct speaker_synth *s, uint64_t tick)
{
    while (tick > s->pos) {
        uint64_t start = sample_start(s, s->index), end = sample_start(s, s->index + 1);
        uint64_t upto = tick < end ? tick : end;
        if (s->level)
            s->high += upto - s->pos;
        s->pos = upto;
        if (upto == end)
            finish_sample(s, end - start);
    }
}

void speaker_synth_edge(struct speaker_synth *s, uint64_t tick, bool level)
{
    speaker_synth_advance(s, tick);
    s->level = level;
}

void speaker_ring_put(struct speaker_ring *r, const int16_t *in, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (r->count == SPEAKER_RING_SIZE) {
            r->head = (r->head + 1) % SPEAKER_RING_SIZE;
            r->count--;
            r->overruns++;
        }
        r->buf[(r->head + r->count) % SPEAKER_RING_SIZE] = in[i];
        r->count++;
    }
}

void speaker_ring_take(struct speaker_ring *r, int16_t *out, size_t n)
{
    size_t i = 0;
    for (; i < n && r->count > 0; i++) {
        out[i] = r->buf[r->head];
        r->head = (r->head + 1) % SPEAKER_RING_SIZE;
        r->count--;
    }
    if (i < n)
        r->underruns++;
    if (i > 0)
        r->last = out[i - 1];
    for (; i < n; i++) {
        r->last = (int16_t)(r->last * 31 / 32);
        out[i] = r->last;
    }
}

void speaker_ring_trim(struct speaker_ring *r, unsigned keep)
{
    if (r->count > keep) {
        unsigned drop = r->count - keep;
        r->head = (r->head + drop) % SPEAKER_RING_SIZE;
        r->count = keep;
        r->overruns++;
    }
}
