/* frontend-term/term.c: see term.h. */
#include "frontend-term/term.h"

#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "devices/kbc.h"
#include "devices/vga.h"
#include "frontend-term/termkeys.h"
#include "machine/machine.h"
#include "machine/pace.h"

#define NS_PER_MS 1000000ull
#define SLICE_NS (2 * NS_PER_MS)        /* guest time per slice in real time */
#define TURBO_SLICE_NS (10 * NS_PER_MS)
#define WORK_NS (20 * NS_PER_MS)        /* host time running before input and output */
#define FRAME_NS (40 * NS_PER_MS)       /* redraw at most 25 times a second */
#define MAX_LAG_NS (100 * NS_PER_MS)
#define ESC_WAIT_NS (30 * NS_PER_MS)    /* a lone ESC is the Esc key after this */
#define KEY_HOLD_NS (30 * NS_PER_MS)    /* guest time a typed key stays down */
#define KEY_QUEUE 64

/* CGA colour order (blue = 1, red = 4) to ANSI's (red = 1, blue = 4). */
static const uint8_t ansi_of_cga[8] = { 0, 4, 2, 6, 1, 5, 3, 7 };

struct term {
    struct machine *m;
    struct term_options o;
    struct pace pace;
    struct termkeys keys;
    uint64_t esc_since;                 /* host time a partial sequence arrived */
    struct term_key queue[KEY_QUEUE];
    unsigned qhead, qlen;
    bool key_down;                      /* queue[qhead] is held down */
    uint64_t key_release_at;            /* guest ticks */
    struct vga_text shown, now;         /* what the terminal shows; the guest's screen */
    bool drawn, graphics_shown;
    uint64_t last_frame;
    bool quit;
};

static uint64_t host_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* ---- Keys ---- */

static const enum pc_key mod_keys[3] = { PC_KEY_LEFT_SHIFT, PC_KEY_LEFT_CTRL, PC_KEY_LEFT_ALT };

static void key_event(struct term *t, const struct term_key *k, bool down)
{
    if (down) {
        for (unsigned i = 0; i < 3; i++)
            if (k->mods & (1u << i))
                kbc_key_event(t->m->kbc, mod_keys[i], true);
        kbc_key_event(t->m->kbc, k->key, true);
    } else {
        kbc_key_event(t->m->kbc, k->key, false);
        for (unsigned i = 3; i-- > 0;)
            if (k->mods & (1u << i))
                kbc_key_event(t->m->kbc, mod_keys[i], false);
    }
}

static void enqueue(struct term *t, const struct term_key *k, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (k[i].quit) {
            t->quit = true;
            continue;
        }
        if (t->qlen < KEY_QUEUE)
            t->queue[(t->qhead + t->qlen++) % KEY_QUEUE] = k[i];
    }
}

/* Each key goes down, stays down KEY_HOLD_NS of guest time, comes up; the
 * next waits its turn, as typed on a keyboard. */
static void feed_keys(struct term *t)
{
    uint64_t now = sched_now(&t->m->sched);
    if (t->key_down && now >= t->key_release_at) {
        key_event(t, &t->queue[t->qhead], false);
        t->key_down = false;
        t->qhead = (t->qhead + 1) % KEY_QUEUE;
        t->qlen--;
        t->key_release_at = now + pace_ns_to_ticks(KEY_HOLD_NS);    /* a gap before the next */
        return;
    }
    if (!t->key_down && t->qlen > 0 && now >= t->key_release_at) {
        key_event(t, &t->queue[t->qhead], true);
        t->key_down = true;
        t->key_release_at = now + pace_ns_to_ticks(KEY_HOLD_NS);
    }
}

static void read_keys(struct term *t, int timeout_ms)
{
    struct pollfd p = { .fd = t->o.in_fd, .events = POLLIN };
    uint8_t buf[256];
    struct term_key k[256];
    if (t->o.in_fd >= 0 && poll(&p, 1, timeout_ms) > 0 && (p.revents & POLLIN)) {
        ssize_t n = read(t->o.in_fd, buf, sizeof buf);
        if (n > 0) {
            enqueue(t, k, termkeys_feed(&t->keys, buf, (size_t)n, k, 256));
            if (termkeys_pending(&t->keys))
                t->esc_since = host_ns();
        } else if (n == 0) {
            t->o.in_fd = -1;            /* end of input: keep running, no more keys */
        }
    } else if (t->o.in_fd < 0 && timeout_ms > 0) {
        struct timespec ts = { 0, (long)timeout_ms * 1000000L };
        nanosleep(&ts, NULL);
    }
    if (termkeys_pending(&t->keys) && host_ns() - t->esc_since >= ESC_WAIT_NS)
        enqueue(t, k, termkeys_flush(&t->keys, k, 256));
}

/* ---- The screen ---- */

static void sgr(FILE *out, uint8_t attr)
{
    unsigned fg = attr & 7, bg = (attr >> 4) & 7;
    fprintf(out, "\033[0;%u;%um", (attr & 8) ? 90 + ansi_of_cga[fg] : 30 + ansi_of_cga[fg],
            40 + ansi_of_cga[bg]);
}

static void terminal_size(const struct term *t, unsigned *rows, unsigned *cols)
{
    struct winsize ws;
    *rows = VGA_TEXT_MAX_ROWS;
    *cols = VGA_TEXT_MAX_COLS;
    int fd = fileno(t->o.out);
    if (fd >= 0 && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0) {
        *rows = ws.ws_row;
        *cols = ws.ws_col;
    }
}

static void draw(struct term *t)
{
    FILE *out = t->o.out;
    if (!vga_is_text_mode(t->m->vga)) {
        if (!t->graphics_shown) {
            fputs("\033[0m\033[2J\033[H[graphics mode: --term shows text modes only; "
                  "use the window or a script's screenshot]", out);
            fflush(out);
            t->graphics_shown = true;
            t->drawn = false;
        }
        return;
    }
    t->graphics_shown = false;
    vga_text_capture(t->m->vga, &t->now);
    const struct vga_text *a = &t->now, *b = &t->shown;
    bool full = !t->drawn || a->rows != b->rows || a->cols != b->cols;
    unsigned trows, tcols;
    terminal_size(t, &trows, &tcols);
    unsigned rows = a->rows < trows ? a->rows : trows, cols = a->cols < tcols ? a->cols : tcols;
    bool cursor_same = a->cursor_visible == b->cursor_visible && a->cursor_row == b->cursor_row &&
                       a->cursor_col == b->cursor_col;
    bool any = full || !cursor_same;
    for (unsigned r = 0; !any && r < rows; r++)
        any = memcmp(a->ch[r], b->ch[r], cols) != 0 || memcmp(a->attr[r], b->attr[r], cols) != 0;
    if (!any)
        return;                         /* nothing to send */
    if (full)
        fputs("\033[0m\033[2J", out);
    fputs("\033[?25l", out);
    for (unsigned r = 0; r < rows; r++) {
        if (!full && memcmp(a->ch[r], b->ch[r], cols) == 0 &&
            memcmp(a->attr[r], b->attr[r], cols) == 0)
            continue;
        fprintf(out, "\033[%u;1H", r + 1);
        int last = -1;
        for (unsigned c = 0; c < cols; c++) {
            if (a->attr[r][c] != last) {
                last = a->attr[r][c];
                sgr(out, (uint8_t)last);
            }
            char u[4];
            fwrite(u, 1, vga_cp437_utf8(a->ch[r][c], u), out);
        }
    }
    fputs("\033[0m", out);
    if (a->cursor_visible && a->cursor_row >= 0 && (unsigned)a->cursor_row < rows &&
        a->cursor_col >= 0 && (unsigned)a->cursor_col < cols)
        fprintf(out, "\033[%d;%dH\033[?25h", a->cursor_row + 1, a->cursor_col + 1);
    fflush(out);
    t->shown = t->now;
    t->drawn = true;
}

/* ---- Running ---- */

/* Run the guest time that is due (all of a slice in turbo), for at most
 * WORK_NS of host time.  Returns an exit status when the run ended, else -1. */
static int run_due(struct term *t)
{
    struct machine *m = t->m;
    uint64_t start = host_ns(), now = sched_now(&m->sched);
    uint64_t slice = pace_ns_to_ticks(t->o.turbo ? TURBO_SLICE_NS : SLICE_NS);
    uint64_t due = t->o.turbo ? UINT64_MAX : pace_due(&t->pace, start, now);
    while (now < due && host_ns() - start < WORK_NS) {
        uint64_t target = due - now > slice ? now + slice : due;
        uint64_t icount = *m->sched.icount, until = sched_icount_at(&m->sched, target);
        enum machine_stop st = machine_run(m, until > icount ? until - icount : 1);
        if (st == STOP_EXIT)
            return m->exit_status;
        if (st == STOP_SHUTDOWN)
            return EXIT_SHUTDOWN;
        feed_keys(t);
        now = sched_now(&m->sched);
    }
    if (t->o.turbo)
        pace_reset(&t->pace, host_ns(), sched_now(&m->sched), MAX_LAG_NS);
    return -1;
}

int term_run(struct machine *m, const struct term_options *o)
{
    struct term t;
    memset(&t, 0, sizeof t);
    t.m = m;
    t.o = *o;
    termkeys_init(&t.keys);
    pace_reset(&t.pace, host_ns(), sched_now(&m->sched), MAX_LAG_NS);
    fputs("\033[?1049h\033[H\033[2J", o->out);     /* the alternate screen */
    int status = -1;
    while (status < 0) {
        if (t.quit) {
            status = EXIT_OK;
            break;
        }
        if (o->stop != NULL && *o->stop) {
            status = EXIT_TIMEOUT;
            break;
        }
        status = run_due(&t);
        uint64_t now = host_ns();
        if (now - t.last_frame >= FRAME_NS) {
            draw(&t);
            t.last_frame = now;
        }
        /* Wait for a key or until the next slice is due. */
        int wait_ms = 0;
        if (!t.o.turbo) {
            uint64_t at = pace_host_at(&t.pace, sched_now(&m->sched) + pace_ns_to_ticks(SLICE_NS));
            now = host_ns();
            wait_ms = at > now ? (int)((at - now + NS_PER_MS - 1) / NS_PER_MS) : 0;
        }
        read_keys(&t, wait_ms);
    }
    fputs("\033[0m\033[?25h\033[?1049l", o->out);
    fflush(o->out);
    return status;
}
