/* devices/vga_render.c: the VGA picture, computed from the registers as the
 * hardware's pipeline does it (never from a mode number): the CRTC walks
 * rows and scan lines (start address, offset, maximum scan line, double
 * scan, line compare, byte/word/doubleword addressing, CGA bank
 * substitution), the sequencer fetches four planes per character clock,
 * the graphics controller's shift registers serialise them (planar, CGA
 * interleave, 256-colour), the attribute controller makes text and colours
 * (fonts, blink, cursor, underline, 9th column, palette, PEL panning,
 * 8-bit pairs) and the DAC gives RGB.  Per the IBM VGA technical reference.
 * Double-scanned and repeated lines are rendered once (the picture is at
 * the guest's resolution, e.g. 320x200); the overscan border is omitted.
 * LIMITATION: graphics modes ignore 9-dot clocking (8 pixels per character
 * clock); SR01 shift-load/shift-4, CR03/CR05 skews and per-line palette or
 * DAC changes are not modelled. */
#include "devices/vga_internal.h"

#include <stdlib.h>
#include <string.h>

#define LINEBUF_CHARS (256 + 2)     /* CR01 allows 256 characters, plus one to pan into */

/* Byte i of planar_lut[b] (bits 8i..8i+7) holds bit 7-i of b: the eight
 * pixels of one plane, to OR four planes into 4-bit pixels at once. */
static uint64_t planar_bits(uint8_t b)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < 8; i++)
        r |= (uint64_t)((b >> (7 - i)) & 1u) << (8 * i);
    return r;
}

struct rctx {
    struct vga *v;
    struct vga_addrgen ag;
    bool text, pixel8;
    unsigned shift;             /* 0 planar, 1 CGA interleave, 2 256-colour */
    unsigned cd;                /* dots per character clock in the output */
    unsigned hchars;            /* CR01 + 1 */
    unsigned out_w, out_h, vrep;
    uint32_t rgb16[16];         /* 4-bit pixel -> RGB through palette and DAC */
    uint32_t rgb8[256];         /* 8-bit pixel pair -> RGB */
    uint64_t lut[256];
    /* text */
    uint32_t font_a, font_b;    /* plane 2 offsets of the two character maps */
    bool blink_en, blink_on, line_gfx;
    bool cursor_on;
    uint32_t cursor_ctr;
    unsigned cur_start, cur_end, ul_row;
};

int vga_fb_reserve(struct vga *v, unsigned w, unsigned h)
{
    size_t need = (size_t)w * h;
    if (need == 0)
        need = 1;
    if (need > v->fb_cap) {
        uint32_t *fb = realloc(v->fb, need * sizeof *fb);
        if (fb == NULL) {
            log_limited(v->log, &v->log_window, LOG_ERROR, "vga", "out of memory for a %ux%u "
                        "picture", w, h);
            return -1;
        }
        v->fb = fb;
        v->fb_cap = need;
    }
    if (v->linebuf == NULL) {
        v->linebuf = calloc(LINEBUF_CHARS * 9, sizeof *v->linebuf);
        v->nibbuf = calloc(LINEBUF_CHARS * 8, 1);
        if (v->linebuf == NULL || v->nibbuf == NULL)
            return -1;
    }
    v->fb_w = w;
    v->fb_h = h;
    return 0;
}

/* ---- The CRTC walk ---- */

static void walk_events(struct vga_walk *w)
{
    while (w->log != NULL && w->ev_next < w->log->n &&
           w->log->ev[w->ev_next].rline <= w->ev_base + w->line) {
        unsigned f = w->log->ev[w->ev_next].field;
        /* The start address and preset row scan are latched at retrace. */
        if (f != LIVE_START && f != LIVE_PRESET)
            w->live.v[f] = w->log->ev[w->ev_next].value;
        w->ev_next++;
    }
}

void vga_walk_begin(struct vga *v, struct vga_walk *w, bool latest)
{
    memset(w, 0, sizeof *w);
    if (latest)
        w->live = vga_live_now(v);
    else
        w->log = vga_events_for_render(v, &w->live);
    w->ev_base = w->log ? vga_events_line_base(v) : 0;
    w->msl = v->crtc[CR_MAX_SCAN] & 0x1fu;
    w->dscan = (v->crtc[CR_MAX_SCAN] & CR09_DOUBLE_SCAN) != 0;
    w->row_ma = w->live.v[LIVE_START];
    w->rs = w->live.v[LIVE_PRESET] & 0x1fu;
    w->row_start = true;
    walk_events(w);
}

void vga_walk_next(struct vga_walk *w)
{
    w->row_start = false;
    if (w->line == w->live.v[LIVE_LINE_COMPARE]) {
        /* Split screen: the lines below restart at address 0, row scan 0. */
        w->split = true;
        w->row_ma = 0;
        w->rs = 0;
        w->ds_second = false;
        w->row_start = true;
    } else if (w->dscan && !w->ds_second) {
        w->ds_second = true;
    } else {
        w->ds_second = false;
        if (w->rs == w->msl) {
            w->rs = 0;
            w->row_ma += 2u * w->live.v[LIVE_OFFSET];
            w->row_start = true;
        } else {
            w->rs = (w->rs + 1) & 0x1fu;
        }
    }
    w->line++;
    walk_events(w);
}

/* With PEL panning compatibility (AR10 bit 5) a line compare zeroes both
 * pannings until the next vertical retrace. */
unsigned vga_walk_byte_pan(const struct vga_walk *w)
{
    if (w->split && w->live.v[LIVE_PAN_COMPAT])
        return 0;
    return (w->live.v[LIVE_PRESET] >> 5) & 3u;
}

unsigned vga_walk_pel_pan(const struct vga_walk *w)
{
    return (w->split && w->live.v[LIVE_PAN_COMPAT]) ? 0 : w->live.v[LIVE_PEL_PAN];
}

/* ---- One scan line ---- */

/* Plane offset of a character map (SR03: map A bits 5,3,2; map B 4,1,0). */
static uint32_t font_base(unsigned sel)
{
    return ((sel & 3u) << 14) | ((sel >> 2) << 13);
}

static void text_line(const struct rctx *x, uint32_t ma, unsigned rs, uint32_t *lb)
{
    const uint8_t *vram = x->v->vram;
    unsigned chars = x->hchars + 1;
    bool cursor_rows = x->cursor_on && rs >= x->cur_start && rs <= x->cur_end;
    bool ul = rs == x->ul_row;
    for (unsigned c = 0; c < chars; c++, lb += x->cd) {
        uint32_t ctr = ma + (c >> x->ag.count_shift);
        const uint8_t *p = &vram[vga_addrgen_map(&x->ag, ctr, rs) << 2];
        uint8_t ch = p[0], at = p[1];
        uint32_t font = (at & 0x08) ? x->font_a : x->font_b;
        uint8_t glyph = vram[(((font + ch * 32u + rs) & 0xffffu) << 2) | 2];
        unsigned fg = at & 0x0fu, bg = at >> 4;
        if (ul && (at & 0x77) == 0x01)
            glyph = 0xff;                           /* monochrome underline */
        if (x->blink_en) {
            bg &= 7;
            if ((at & 0x80) && !x->blink_on)
                glyph = 0;
        }
        if (cursor_rows && (ctr & 0xffffu) == x->cursor_ctr)
            glyph = 0xff;
        uint32_t f = x->rgb16[fg], b = x->rgb16[bg];
        for (unsigned i = 0; i < 8; i++)
            lb[i] = (glyph & (0x80u >> i)) ? f : b;
        if (x->cd == 9)     /* 9th column: line graphics C0h-DFh repeat the 8th */
            lb[8] = (x->line_gfx && (ch & 0xe0) == 0xc0) ? lb[7] : b;
    }
}

/* Graphics dots as 4-bit values (planar, CGA or 256-colour nibbles). */
static void gfx_nibbles(const struct rctx *x, uint32_t ma, unsigned rs, uint8_t *nb)
{
    const uint8_t *vram = x->v->vram;
    unsigned chars = x->hchars + 1;
    for (unsigned c = 0; c < chars; c++, nb += 8) {
        const uint8_t *p = &vram[vga_addrgen_map(&x->ag, ma + (c >> x->ag.count_shift), rs) << 2];
        if (x->shift == 2) {
            for (unsigned k = 0; k < 4; k++) {
                nb[2 * k] = p[k] >> 4;
                nb[2 * k + 1] = p[k] & 0x0f;
            }
        } else if (x->shift == 1) {
            for (unsigned i = 0; i < 4; i++) {
                unsigned s = 6 - 2 * i;
                nb[i] = (uint8_t)(((p[0] >> s) & 3u) | (((p[2] >> s) & 3u) << 2));
                nb[i + 4] = (uint8_t)(((p[1] >> s) & 3u) | (((p[3] >> s) & 3u) << 2));
            }
        } else {
            uint64_t bits = x->lut[p[0]] | (x->lut[p[1]] << 1) | (x->lut[p[2]] << 2) |
                            (x->lut[p[3]] << 3);
            for (unsigned i = 0; i < 8; i++)
                nb[i] = (uint8_t)(bits >> (8 * i));
        }
    }
}

static void render_line(const struct rctx *x, const struct vga_walk *w, uint32_t *out)
{
    struct vga *v = x->v;
    uint32_t ma = w->row_ma + vga_walk_byte_pan(w);
    unsigned pan = vga_walk_pel_pan(w) & 0x0fu;
    uint32_t *lb = v->linebuf;
    if (x->text) {
        pan = x->cd == 9 ? (pan >= 8 ? 0 : pan + 1) : (pan & 7);
        text_line(x, ma, w->rs, lb);
        memcpy(out, lb + pan, x->out_w * sizeof *out);
        return;
    }
    pan &= 7;
    if (x->shift == 2 && x->pixel8 && !(pan & 1)) {
        /* Mode 13h and Mode X: each plane byte is one pixel. */
        unsigned chars = x->hchars + 1;
        for (unsigned c = 0; c < chars; c++) {
            const uint8_t *p =
                &v->vram[vga_addrgen_map(&x->ag, ma + (c >> x->ag.count_shift), w->rs) << 2];
            lb[4 * c] = x->rgb8[p[0]];
            lb[4 * c + 1] = x->rgb8[p[1]];
            lb[4 * c + 2] = x->rgb8[p[2]];
            lb[4 * c + 3] = x->rgb8[p[3]];
        }
        memcpy(out, lb + pan / 2, x->out_w * sizeof *out);
        return;
    }
    uint8_t *nb = v->nibbuf;
    gfx_nibbles(x, ma, w->rs, nb);
    nb += pan;
    if (x->pixel8) {
        for (unsigned i = 0; i < x->out_w; i++)
            out[i] = x->rgb8[(nb[2 * i] << 4) | nb[2 * i + 1]];
    } else {
        for (unsigned i = 0; i < x->out_w; i++)
            out[i] = x->rgb16[nb[i]];
    }
}

/* ---- The frame ---- */

static void fill(struct vga *v, uint32_t rgb)
{
    size_t n = (size_t)v->fb_w * v->fb_h;
    for (size_t i = 0; i < n; i++)
        v->fb[i] = rgb;
}

static void setup(struct rctx *x, struct vga *v)
{
    memset(x, 0, sizeof *x);
    x->v = v;
    vga_addrgen_init(v, &x->ag);
    const uint8_t *cr = v->crtc;
    x->text = !(v->attr[AR_MODE] & AR10_GRAPHICS);
    x->pixel8 = (v->attr[AR_MODE] & AR10_PIXEL8) != 0;
    x->shift = (v->gc[GR_MODE] & GR05_SHIFT_256) ? 2 : (v->gc[GR_MODE] & GR05_SHIFT_CGA) ? 1 : 0;
    x->hchars = cr[CR_HDISP_END] + 1u;
    x->cd = (x->text && !(v->seq[SR_CLOCKING] & SR01_DOT8)) ? 9 : 8;
    x->out_w = x->hchars * x->cd / (x->text ? 1 : x->pixel8 ? 2 : 1);
    const struct vga_timing *t = vga_get_timing(v);
    bool dscan = (cr[CR_MAX_SCAN] & CR09_DOUBLE_SCAN) != 0;
    x->vrep = dscan ? 2 : 1;
    if (!x->text && !x->ag.sub13 && !x->ag.sub14)
        x->vrep *= (cr[CR_MAX_SCAN] & 0x1fu) + 1;   /* repeated rows of pixels */
    x->out_h = (t->vdisp + x->vrep - 1) / x->vrep;
    v->raster_w = x->hchars * x->cd * ((v->seq[SR_CLOCKING] & SR01_DOTCLK_HALF) ? 2 : 1);
    v->raster_h = t->vdisp;

    for (unsigned i = 0; i < 16; i++)
        x->rgb16[i] = vga_dac_rgb(v, vga_attr_to_dac(v, i) & v->dac_mask);
    if (x->pixel8) {
        /* 8-bit pixels: each nibble passes the palette's low 4 bits. */
        uint8_t pal[16];
        for (unsigned i = 0; i < 16; i++)
            pal[i] = v->attr[i & v->attr[AR_PLANE_ENABLE] & 0x0fu] & 0x0fu;
        for (unsigned b = 0; b < 256; b++)
            x->rgb8[b] = vga_dac_rgb(v, (unsigned)((pal[b >> 4] << 4) | pal[b & 15]) & v->dac_mask);
    }
    if (!x->text && x->shift == 0)
        for (unsigned b = 0; b < 256; b++)
            x->lut[b] = planar_bits((uint8_t)b);
    if (x->text) {
        uint8_t cms = v->seq[SR_CHARMAP];
        x->font_a = font_base(((cms >> 2) & 3u) | ((cms >> 3) & 4u));
        x->font_b = font_base((cms & 3u) | ((cms >> 2) & 4u));
        uint64_t frame = vga_frame_number(v);
        /* The VGA blinks the cursor every 8 frames and characters every 16. */
        x->blink_en = (v->attr[AR_MODE] & AR10_BLINK) != 0;
        x->blink_on = !((frame >> 4) & 1);
        x->line_gfx = (v->attr[AR_MODE] & AR10_LINE_GFX) != 0;
        x->cur_start = cr[CR_CURSOR_START] & 0x1fu;
        x->cur_end = cr[CR_CURSOR_END] & 0x1fu;
        x->cursor_on = !(cr[CR_CURSOR_START] & CR0A_CURSOR_OFF) && !((frame >> 3) & 1);
        x->cursor_ctr = (((uint32_t)cr[CR_CURSOR_HI] << 8 | cr[CR_CURSOR_LO]) +
                         ((cr[CR_CURSOR_END] >> 5) & 3u)) & 0xffffu;
        x->ul_row = cr[CR_UNDERLINE] & 0x1fu;
    }
}

void vga_render_frame(struct vga *v)
{
    if (vga_vbe_active(v)) {
        vga_vbe_render(v);
        return;
    }
    struct rctx x;
    setup(&x, v);
    if (vga_fb_reserve(v, x.out_w, x.out_h) != 0)
        return;
    if ((v->seq[SR_RESET] & 3) != 3 || (v->seq[SR_CLOCKING] & SR01_SCREEN_OFF)) {
        fill(v, 0);                                 /* no video while reset or screen off */
        return;
    }
    if (!(v->attr_index & AR_INDEX_PAS)) {
        /* The palette is being loaded: the attribute controller sends the overscan colour. */
        fill(v, vga_dac_rgb(v, v->attr[AR_OVERSCAN] & v->dac_mask));
        return;
    }
    const struct vga_timing *t = vga_get_timing(v);
    struct vga_walk w;
    vga_walk_begin(v, &w, false);
    for (unsigned y = 0; y < x.out_h; y++) {
        render_line(&x, &w, v->fb + (size_t)y * x.out_w);
        for (unsigned k = 0; k < x.vrep && w.line + 1 < t->vdisp; k++)
            vga_walk_next(&w);
    }
}

/* Everything time-dependent that a render shows besides registers and
 * memory: the blink phases in text modes. */
static uint32_t render_key(struct vga *v)
{
    if (!vga_is_text_mode(v))
        return 0;
    uint64_t frame = vga_frame_number(v);
    return (uint32_t)(((frame >> 3) & 1) | (((frame >> 4) & 1) << 1) | 4);
}

bool vga_render(struct vga *v, struct vga_frame *out)
{
    uint32_t key = render_key(v);
    struct vga_live dummy;
    bool events = vga_events_for_render(v, &dummy) != NULL;
    bool changed = v->dirty || key != v->last_key || events || v->last_had_events ||
                   v->fb == NULL;
    if (changed) {
        vga_render_frame(v);
        v->serial++;
        v->dirty = false;
        v->last_key = key;
        v->last_had_events = events;
    }
    out->pixels = v->fb;
    out->width = v->fb ? v->fb_w : 0;
    out->height = v->fb ? v->fb_h : 0;
    out->stride = out->width;
    out->raster_w = v->raster_w;
    out->raster_h = v->raster_h;
    out->serial = v->serial;
    return changed;
}
