/* devices/vga_timing.c: where the VGA's beam is, from virtual time.
 * The CRTC timing registers and the dot clock (Misc bits 2-3: 25.175 or
 * 28.322 MHz, halved by SR01 bit 3) give the frame geometry; the position
 * comes from sched_now(), never the host clock.  From it: input status 1
 * (display disabled, vertical retrace), the retrace interrupt (CR11 bits
 * 4-5), blink phases, and the log of mid-frame register changes that lets
 * the renderer apply them from the scan line they happened on. */
#include "devices/vga_internal.h"

#include <string.h>

static const uint32_t dot_clock_hz[4] = {
    25175000u, 28322000u,
    25175000u, 25175000u,       /* LIMITATION: external/reserved clocks run at 25.175 MHz */
};

static void compute_timing(const struct vga *v, struct vga_timing *t)
{
    if (vga_vbe_active(v)) {
        vga_vbe_timing(v, t);
        return;
    }
    const uint8_t *cr = v->crtc;
    uint32_t char_dots = (v->seq[SR_CLOCKING] & SR01_DOT8) ? 8 : 9;
    t->dot_hz = dot_clock_hz[(v->misc >> 2) & 3];
    if (v->seq[SR_CLOCKING] & SR01_DOTCLK_HALF)
        t->dot_hz /= 2;
    uint32_t htotal = cr[CR_HTOTAL] + 5u;
    uint32_t hdisp = cr[CR_HDISP_END] + 1u;
    t->line_dots = htotal * char_dots;
    t->hdisp_dots = (hdisp < htotal ? hdisp : htotal) * char_dots;
    uint8_t ov = cr[CR_OVERFLOW];
    t->vtotal = (cr[CR_VTOTAL] | ((ov & 0x01u) << 8) | ((ov & 0x20u) << 4)) + 2u;
    t->vdisp = (cr[CR_VDISP_END] | ((ov & 0x02u) << 7) | ((ov & 0x40u) << 3)) + 1u;
    t->vrs = cr[CR_VRETRACE_START] | ((ov & 0x04u) << 6) | ((ov & 0x80u) << 2);
    /* The retrace ends when the line counter's low 4 bits match CR11's. */
    uint32_t len = ((cr[CR_VRETRACE_END] & 0x0fu) - t->vrs) & 0x0fu;
    t->vre = t->vrs + (len ? len : 16u);
    t->frame_dots = (uint64_t)t->line_dots * t->vtotal;
}

const struct vga_timing *vga_get_timing(struct vga *v)
{
    if (!v->timing_valid) {
        compute_timing(v, &v->timing);
        v->timing_valid = true;
    }
    return &v->timing;
}

static bool timing_equal(const struct vga_timing *a, const struct vga_timing *b)
{
    return a->dot_hz == b->dot_hz && a->line_dots == b->line_dots && a->vtotal == b->vtotal &&
           a->vdisp == b->vdisp && a->hdisp_dots == b->hdisp_dots && a->vrs == b->vrs &&
           a->vre == b->vre && a->frame_dots == b->frame_dots;
}

/* A register the timing depends on was written.  When the geometry really
 * changed, frame numbers change meaning: the change log restarts and the
 * retrace interrupt re-arms against the new frames. */
void vga_timing_changed(struct vga *v)
{
    struct vga_timing t;
    compute_timing(v, &t);
    v->dirty = true;
    if (v->timing_valid && timing_equal(&t, &v->timing))
        return;
    v->timing = t;
    v->timing_valid = true;
    v->ev_cur.rframe = v->ev_prev.rframe = UINT64_MAX;
    v->ev_cur.n = v->ev_prev.n = 0;
    vga_retrace_irq_control(v, v->crtc[CR_VRETRACE_END] & (uint8_t)~CR11_CLEAR_VINT);
}

/* Dots elapsed since time 0 (exact, without 128-bit products). */
static uint64_t dots_now(const struct vga *v, const struct vga_timing *t)
{
    uint64_t now = v->sched ? sched_now(v->sched) : 0;
    return now / SCHED_HZ * t->dot_hz + now % SCHED_HZ * t->dot_hz / SCHED_HZ;
}

/* Lines from a vertical retrace start to the first displayed line. */
static uint32_t retrace_lead(const struct vga_timing *t)
{
    return t->vrs < t->vtotal ? t->vtotal - t->vrs : 0;
}

/* The frame counted from retrace starts ("rframe") and its scan line. */
static void rframe_pos(struct vga *v, uint64_t *rframe, uint32_t *rline)
{
    const struct vga_timing *t = vga_get_timing(v);
    uint64_t d = dots_now(v, t) + (uint64_t)retrace_lead(t) * t->line_dots;
    *rframe = d / t->frame_dots;
    *rline = (uint32_t)(d % t->frame_dots / t->line_dots);
}

static uint8_t status_bits(const struct vga_timing *t, uint64_t dots)
{
    uint64_t pos = dots % t->frame_dots;
    uint32_t line = (uint32_t)(pos / t->line_dots);
    uint32_t col = (uint32_t)(pos % t->line_dots);
    uint8_t r = 0;
    if (line >= t->vdisp || col >= t->hdisp_dots)
        r |= 0x01;                              /* display disabled (blanking) */
    if ((line >= t->vrs && line < t->vre) || (t->vre > t->vtotal && line < t->vre - t->vtotal))
        r |= 0x08;                              /* vertical retrace */
    return r;
}

uint8_t vga_retrace_status(const struct vga *v)
{
    struct vga_timing t;
    compute_timing(v, &t);
    return status_bits(&t, dots_now(v, &t));
}

/* Input status 1 (3BAh/3DAh).  Bits 4-5 are the diagnostic feedback of two
 * of the eight colour outputs, chosen by AR12 bits 4-5.  LIMITATION: they
 * show the overscan colour (what is sent while blanked), not the pixel
 * under the beam. */
uint8_t vga_status1_bits(struct vga *v)
{
    static const uint8_t mux_bits[4][2] = { { 0, 2 }, { 4, 5 }, { 1, 3 }, { 6, 7 } };
    const struct vga_timing *t = vga_get_timing(v);
    uint8_t r = status_bits(t, dots_now(v, t));
    uint8_t px = v->attr[AR_OVERSCAN];
    const uint8_t *m = mux_bits[(v->attr[AR_PLANE_ENABLE] >> 4) & 3];
    r |= (uint8_t)((((px >> m[0]) & 1u) << 4) | (((px >> m[1]) & 1u) << 5));
    return r;
}

uint64_t vga_frame_number(struct vga *v)
{
    const struct vga_timing *t = vga_get_timing(v);
    return dots_now(v, t) / t->frame_dots;
}

/* ---- Mid-frame changes ---- */

struct vga_live vga_live_now(const struct vga *v)
{
    struct vga_live l;
    l.v[LIVE_START] = vga_crtc_start(v);
    l.v[LIVE_PRESET] = v->crtc[CR_PRESET_ROW];
    l.v[LIVE_OFFSET] = v->crtc[CR_OFFSET];
    l.v[LIVE_LINE_COMPARE] = vga_crtc_line_compare(v);
    l.v[LIVE_PEL_PAN] = v->attr[AR_PEL_PAN];
    l.v[LIVE_PAN_COMPAT] = v->attr[AR_MODE] & AR10_PAN_COMPAT;
    return l;
}

/* Called before a live register changes: the first change in a frame
 * snapshots the values the frame started with. */
void vga_live_write(struct vga *v, enum vga_live_field f, uint16_t value)
{
    if (v->sched == NULL)
        return;
    uint64_t rf;
    uint32_t rl;
    rframe_pos(v, &rf, &rl);
    struct vga_evlog *cur = &v->ev_cur;
    if (cur->rframe != rf) {
        if (cur->rframe != UINT64_MAX && cur->rframe + 1 == rf)
            memcpy(&v->ev_prev, cur, sizeof *cur);
        else
            v->ev_prev.rframe = UINT64_MAX;
        cur->rframe = rf;
        cur->start = vga_live_now(v);
        cur->n = 0;
    }
    if (cur->n < VGA_MAX_EVENTS) {
        /* LIMITATION: past VGA_MAX_EVENTS changes in one frame, later ones
         * take effect from the next frame. */
        cur->ev[cur->n].rline = (uint16_t)(rl > 0xffff ? 0xffff : rl);
        cur->ev[cur->n].field = (uint8_t)f;
        cur->ev[cur->n].value = value;
        cur->n++;
    }
}

/* The last completed frame: its log, or NULL and the constant values it
 * had.  Start address and preset row scan are latched when the vertical
 * retrace starts, so a constant frame still takes them from the log's
 * snapshot when they changed during the current frame. */
const struct vga_evlog *vga_events_for_render(struct vga *v, struct vga_live *start)
{
    *start = vga_live_now(v);
    if (v->sched == NULL || v->ev_cur.rframe == UINT64_MAX)
        return NULL;
    uint64_t rf;
    uint32_t rl;
    rframe_pos(v, &rf, &rl);
    if (rf == 0)
        return NULL;
    if (v->ev_cur.rframe + 1 == rf) {
        *start = v->ev_cur.start;
        return &v->ev_cur;
    }
    if (v->ev_cur.rframe == rf) {
        if (v->ev_prev.rframe != UINT64_MAX && v->ev_prev.rframe + 1 == rf) {
            *start = v->ev_prev.start;
            return &v->ev_prev;
        }
        *start = v->ev_cur.start;
    }
    return NULL;
}

/* The first display line of the frame is this many lines after its retrace. */
uint32_t vga_events_line_base(struct vga *v)
{
    return retrace_lead(vga_get_timing(v));
}

/* ---- The vertical retrace interrupt ---- */

static uint64_t dots_to_ticks(uint64_t d, uint32_t hz)
{
    return d / hz * SCHED_HZ + (d % hz * SCHED_HZ + hz - 1) / hz;
}

static void retrace_fire(void *opaque, uint64_t now)
{
    (void)now;
    vga_retrace_irq_update(opaque);
}

/* Bring the pending flag up to date and arm the timer for the next retrace. */
void vga_retrace_irq_update(struct vga *v)
{
    if (!v->vint_armed || (v->crtc[CR_VRETRACE_END] & CR11_DISABLE_VINT) || v->sched == NULL)
        return;
    uint64_t rf;
    uint32_t rl;
    rframe_pos(v, &rf, &rl);
    if (!v->vint_pending && rf > v->vint_arm_rframe) {
        v->vint_pending = true;
        irq_raise(&v->retrace_irq);
    }
    if (!v->vint_pending && v->retrace_irq.set != NULL) {
        const struct vga_timing *t = vga_get_timing(v);
        uint64_t next = (rf + 1) * t->frame_dots - (uint64_t)retrace_lead(t) * t->line_dots;
        sched_arm(v->sched, &v->retrace_timer, dots_to_ticks(next, t->dot_hz), retrace_fire, v);
    }
}

/* CR11 changed (or the timing did): bit 4 = 0 clears the interrupt and
 * holds it clear; its return to 1 arms it for the next retrace start. */
void vga_retrace_irq_control(struct vga *v, uint8_t old_cr11)
{
    uint8_t cr11 = v->crtc[CR_VRETRACE_END];
    if (!(cr11 & CR11_CLEAR_VINT)) {
        if (v->vint_pending)
            irq_lower(&v->retrace_irq);
        v->vint_pending = false;
        v->vint_armed = false;
    } else if (!(old_cr11 & CR11_CLEAR_VINT) && v->sched != NULL) {
        uint64_t rf;
        uint32_t rl;
        rframe_pos(v, &rf, &rl);
        v->vint_armed = true;
        v->vint_arm_rframe = rf;
    }
    if (v->sched != NULL)
        sched_cancel(v->sched, &v->retrace_timer);
    vga_retrace_irq_update(v);
}
