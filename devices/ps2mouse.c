/* devices/ps2mouse.c: IBM PS/2 mouse, per the IBM PS/2 Hardware Interface
 * Technical Reference ("Pointing Device"): stream, remote and wrap modes,
 * sample rate, resolution, 1:1 / 2:1 scaling, status request; plus the
 * IntelliMouse knock sequence (rates 200, 100, 80) for ID 3 and the wheel
 * byte.  Stream reports go out at most once per sample interval of
 * virtual time.
 * LIMITATION: host motion beyond one packet's 9-bit range is carried into
 * the next packet, so the overflow bits are never set. */
#include "devices/ps2mouse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/sched.h"

#define MOUSE_ACK 0xfa
#define MOUSE_RESEND 0xfe
#define MOUSE_QUEUE 256u

struct ps2mouse {
    struct sched *sched;
    void (*notify)(void *opaque);
    void *opaque;
    uint8_t queue[MOUSE_QUEUE];
    unsigned head, count;
    uint8_t last_sent;
    bool remote, wrap, reporting, scale21;
    uint8_t rate, resolution, id;
    uint8_t rate_hist[3];               /* last three sample rates set, newest last */
    uint8_t expect;                     /* F3h or E8h awaiting its option byte */
    int32_t acc_x, acc_y, acc_z;        /* pending motion; x, y in quarter counts */
    uint8_t buttons;
    bool dirty;                         /* something to report */
    uint64_t next_sample;
    struct timer timer;
};

static void push(struct ps2mouse *m, uint8_t v)
{
    if (m->count == MOUSE_QUEUE)
        return;
    m->queue[(m->head + m->count) % MOUSE_QUEUE] = v;
    m->count++;
}

static void notify(struct ps2mouse *m)
{
    if (m->notify != NULL)
        m->notify(m->opaque);
}

bool ps2mouse_pending(const struct ps2mouse *m)
{
    return m->count > 0;
}

uint8_t ps2mouse_read(struct ps2mouse *m)
{
    if (m->count > 0) {
        m->last_sent = m->queue[m->head];
        m->head = (m->head + 1) % MOUSE_QUEUE;
        m->count--;
    }
    return m->last_sent;
}

static int32_t take(int32_t *acc, int32_t lo, int32_t hi, int32_t unit)
{
    int32_t v = *acc / unit;
    if (v < lo)
        v = lo;
    if (v > hi)
        v = hi;
    *acc -= v * unit;
    return v;
}

/* 2:1 scaling (stream mode): 0 1 2 3 4 5 -> 0 1 1 3 6 9, then double. */
static int32_t scale21(int32_t v)
{
    static const int8_t map[6] = { 0, 1, 1, 3, 6, 9 };
    int32_t a = v < 0 ? -v : v;
    int32_t r = a < 6 ? map[a] : 2 * a;
    if (r > 255)
        r = 255;
    return v < 0 ? -r : r;
}

static void send_packet(struct ps2mouse *m, bool scaled)
{
    int32_t x = take(&m->acc_x, -256, 255, 4);
    int32_t y = -take(&m->acc_y, -255, 256, 4);     /* host down = mouse negative */
    int32_t z = take(&m->acc_z, -8, 7, 1);
    if (scaled && m->scale21) {
        x = scale21(x);
        y = scale21(y);
    }
    uint8_t b0 = (uint8_t)(0x08 | (m->buttons & 7) | (x < 0 ? 0x10 : 0) | (y < 0 ? 0x20 : 0));
    push(m, b0);
    push(m, (uint8_t)x);
    push(m, (uint8_t)y);
    if (m->id == 3)
        push(m, (uint8_t)(int8_t)z);
    m->dirty = m->acc_x / 4 != 0 || m->acc_y / 4 != 0 || m->acc_z != 0;
    notify(m);
}

static uint64_t sample_interval(const struct ps2mouse *m)
{
    return SCHED_HZ / m->rate;
}

static void mouse_fire(void *opaque, uint64_t now);

/* Stream mode: report pending motion at the next sample instant, once the
 * previous report has been taken (the mouse cannot send while the line is
 * busy or inhibited). */
static void try_report(struct ps2mouse *m, uint64_t now)
{
    if (m->remote || m->wrap || !m->reporting || !m->dirty)
        return;
    if (m->count == 0 && now >= m->next_sample) {
        send_packet(m, true);
        m->next_sample = now + sample_interval(m);
        if (!m->dirty)
            return;
    }
    uint64_t at = m->next_sample > now ? m->next_sample : now + sample_interval(m);
    sched_arm(m->sched, &m->timer, at, mouse_fire, m);
}

static void mouse_fire(void *opaque, uint64_t now)
{
    try_report(opaque, now);
}

void ps2mouse_motion(struct ps2mouse *m, int dx, int dy, int dz, unsigned buttons)
{
    unsigned q = 1u << m->resolution;       /* quarter counts per host unit */
    m->acc_x += (int32_t)dx * (int32_t)q;
    m->acc_y += (int32_t)dy * (int32_t)q;
    m->acc_z += dz;
    if (dx != 0 || dy != 0 || dz != 0 || (buttons & 7) != m->buttons)
        m->dirty = true;
    m->buttons = (uint8_t)(buttons & 7);
    try_report(m, sched_now(m->sched));
}

static void set_defaults(struct ps2mouse *m)
{
    m->remote = false;
    m->reporting = false;
    m->scale21 = false;
    m->rate = 100;
    m->resolution = 2;
}

static void clear_motion(struct ps2mouse *m)
{
    m->acc_x = m->acc_y = m->acc_z = 0;
    m->dirty = false;
    sched_cancel(m->sched, &m->timer);
}

static bool valid_rate(uint8_t r)
{
    static const uint8_t rates[] = { 10, 20, 40, 60, 80, 100, 200 };
    for (size_t i = 0; i < sizeof rates; i++)
        if (rates[i] == r)
            return true;
    return false;
}

static void set_rate(struct ps2mouse *m, uint8_t rate)
{
    m->rate = rate;
    m->rate_hist[0] = m->rate_hist[1];
    m->rate_hist[1] = m->rate_hist[2];
    m->rate_hist[2] = rate;
    if (m->id == 0 && m->rate_hist[0] == 200 && m->rate_hist[1] == 100 && m->rate_hist[2] == 80)
        m->id = 3;                      /* IntelliMouse: Z axis enabled */
}

static void command(struct ps2mouse *m, uint8_t cmd)
{
    /* Every command but Resend and Read Data resets the motion counters;
     * Read Data reports them first. */
    if (cmd != 0xfe && cmd != 0xeb)
        clear_motion(m);
    switch (cmd) {
    case 0xff:                          /* reset: ACK, self-test passed, ID */
        m->count = m->head = 0;
        set_defaults(m);
        m->wrap = false;
        m->id = 0;
        memset(m->rate_hist, 0, sizeof m->rate_hist);
        push(m, MOUSE_ACK);
        push(m, 0xaa);
        push(m, 0x00);
        break;
    case 0xfe:
        push(m, m->last_sent);
        break;
    case 0xf6:
        set_defaults(m);
        push(m, MOUSE_ACK);
        break;
    case 0xf5:
        m->reporting = false;
        push(m, MOUSE_ACK);
        break;
    case 0xf4:
        m->reporting = true;
        push(m, MOUSE_ACK);
        break;
    case 0xf3:
    case 0xe8:
        m->expect = cmd;
        push(m, MOUSE_ACK);
        break;
    case 0xf2:
        push(m, MOUSE_ACK);
        push(m, m->id);
        break;
    case 0xf0:
        m->remote = true;
        push(m, MOUSE_ACK);
        break;
    case 0xee:
        m->wrap = true;
        push(m, MOUSE_ACK);
        break;
    case 0xec:
        m->wrap = false;
        push(m, MOUSE_ACK);
        break;
    case 0xeb:                          /* read data: a packet whatever the mode */
        push(m, MOUSE_ACK);
        send_packet(m, false);
        clear_motion(m);
        break;
    case 0xea:
        m->remote = false;
        push(m, MOUSE_ACK);
        break;
    case 0xe9: {                        /* status: mode bits + buttons, resolution, rate */
        uint8_t b = m->buttons;
        push(m, MOUSE_ACK);
        push(m, (uint8_t)((m->remote ? 0x40 : 0) | (m->reporting ? 0x20 : 0) |
                          (m->scale21 ? 0x10 : 0) | ((b & PS2MOUSE_LEFT) ? 0x04 : 0) |
                          ((b & PS2MOUSE_MIDDLE) ? 0x02 : 0) | ((b & PS2MOUSE_RIGHT) ? 0x01 : 0)));
        push(m, m->resolution);
        push(m, m->rate);
        break;
    }
    case 0xe7:
        m->scale21 = true;
        push(m, MOUSE_ACK);
        break;
    case 0xe6:
        m->scale21 = false;
        push(m, MOUSE_ACK);
        break;
    default:
        push(m, MOUSE_RESEND);
        break;
    }
}

void ps2mouse_write(struct ps2mouse *m, uint8_t byte)
{
    if (m->wrap && byte != 0xff && byte != 0xec) {
        push(m, byte);                  /* wrap mode echoes everything else */
    } else if (m->expect != 0) {
        uint8_t cmd = m->expect;
        m->expect = 0;
        bool ok = cmd == 0xf3 ? valid_rate(byte) : byte <= 3;
        if (!ok) {
            push(m, MOUSE_RESEND);
        } else {
            if (cmd == 0xf3)
                set_rate(m, byte);
            else
                m->resolution = byte;
            push(m, MOUSE_ACK);
        }
    } else {
        command(m, byte);
    }
    notify(m);
}

struct ps2mouse *ps2mouse_create(struct sched *sched, void (*notify_fn)(void *opaque),
                                 void *opaque, struct emu_err *err)
{
    struct ps2mouse *m = calloc(1, sizeof *m);
    if (m == NULL) {
        emu_fail(err, EMU_ENOMEM, "ps2mouse: out of memory");
        return NULL;
    }
    m->sched = sched;
    m->notify = notify_fn;
    m->opaque = opaque;
    ps2mouse_reset(m);
    return m;
}

void ps2mouse_destroy(struct ps2mouse *m)
{
    if (m == NULL)
        return;
    sched_cancel(m->sched, &m->timer);
    free(m);
}

void ps2mouse_reset(struct ps2mouse *m)
{
    clear_motion(m);
    set_defaults(m);
    m->count = m->head = 0;
    m->wrap = false;
    m->id = 0;
    m->expect = 0;
    m->buttons = 0;
    m->next_sample = 0;
    memset(m->rate_hist, 0, sizeof m->rate_hist);
}

void ps2mouse_describe(const struct ps2mouse *m, char *buf, size_t size)
{
    snprintf(buf, size,
             "mouse: id=%u mode=%s%s reporting=%s rate=%u resolution=%u scaling=%s "
             "buttons=%x queued=%u\n",
             m->id, m->remote ? "remote" : "stream", m->wrap ? "+wrap" : "",
             m->reporting ? "on" : "off", m->rate, m->resolution, m->scale21 ? "2:1" : "1:1",
             m->buttons, m->count);
}
