/* devices/vga_text.c: the VGA's headless outputs: the text screen as
 * displayed (for `expect "TEXT"` and `screen`) and PNG screenshots.  The
 * capture walks the CRTC exactly as the renderer does, so a moved start
 * address (vgacon's scrolling), offset, character height, split screen and
 * vertical display end all apply.  It reads the registers as they are now
 * (what the next frame shows), so a script sees a scroll as soon as the
 * guest makes it.  Graphics and VBE modes capture nothing. */
#include "devices/vga_internal.h"

#include <string.h>

#include "util/png.h"

void vga_text_capture(struct vga *v, struct vga_text *t)
{
    t->rows = t->cols = 0;
    t->cursor_row = t->cursor_col = -1;
    t->cursor_visible = false;
    if (!vga_is_text_mode(v))
        return;
    const uint8_t *cr = v->crtc;
    unsigned cols = cr[CR_HDISP_END] + 1u;
    if (cols > VGA_TEXT_MAX_COLS)
        cols = VGA_TEXT_MAX_COLS;
    struct vga_addrgen ag;
    vga_addrgen_init(v, &ag);
    uint32_t cursor = (((uint32_t)cr[CR_CURSOR_HI] << 8 | cr[CR_CURSOR_LO]) +
                       ((cr[CR_CURSOR_END] >> 5) & 3u)) & 0xffffu;
    unsigned cs = cr[CR_CURSOR_START] & 0x1fu, ce = cr[CR_CURSOR_END] & 0x1fu;
    t->cursor_visible = !(cr[CR_CURSOR_START] & CR0A_CURSOR_OFF) && cs <= ce &&
                        cs <= (cr[CR_MAX_SCAN] & 0x1fu);
    t->cols = cols;

    const struct vga_timing *tm = vga_get_timing(v);
    struct vga_walk w;
    vga_walk_begin(v, &w, true);
    for (;;) {
        if (w.row_start && t->rows < VGA_TEXT_MAX_ROWS) {
            unsigned r = t->rows++;
            uint32_t ma = w.row_ma + vga_walk_byte_pan(&w);
            for (unsigned c = 0; c < cols; c++) {
                uint32_t ctr = (ma + (c >> ag.count_shift)) & 0xffffu;
                const uint8_t *p = &v->vram[vga_addrgen_map(&ag, ctr, w.rs) << 2];
                t->ch[r][c] = p[0];
                t->attr[r][c] = p[1];
                if (ctr == cursor && t->cursor_row < 0) {
                    t->cursor_row = (int)r;
                    t->cursor_col = (int)c;
                }
            }
        }
        if (w.line + 1 >= tm->vdisp)
            break;
        vga_walk_next(&w);
    }
}

/* Code page 437 as Unicode, with the graphic forms of 01h-1Fh and 7Fh. */
static const uint16_t cp437[256] = {
    0x0020, 0x263a, 0x263b, 0x2665, 0x2666, 0x2663, 0x2660, 0x2022,
    0x25d8, 0x25cb, 0x25d9, 0x2642, 0x2640, 0x266a, 0x266b, 0x263c,
    0x25ba, 0x25c4, 0x2195, 0x203c, 0x00b6, 0x00a7, 0x25ac, 0x21a8,
    0x2191, 0x2193, 0x2192, 0x2190, 0x221f, 0x2194, 0x25b2, 0x25bc,
    0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027,
    0x0028, 0x0029, 0x002a, 0x002b, 0x002c, 0x002d, 0x002e, 0x002f,
    0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,
    0x0038, 0x0039, 0x003a, 0x003b, 0x003c, 0x003d, 0x003e, 0x003f,
    0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,
    0x0048, 0x0049, 0x004a, 0x004b, 0x004c, 0x004d, 0x004e, 0x004f,
    0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057,
    0x0058, 0x0059, 0x005a, 0x005b, 0x005c, 0x005d, 0x005e, 0x005f,
    0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067,
    0x0068, 0x0069, 0x006a, 0x006b, 0x006c, 0x006d, 0x006e, 0x006f,
    0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,
    0x0078, 0x0079, 0x007a, 0x007b, 0x007c, 0x007d, 0x007e, 0x2302,
    0x00c7, 0x00fc, 0x00e9, 0x00e2, 0x00e4, 0x00e0, 0x00e5, 0x00e7,
    0x00ea, 0x00eb, 0x00e8, 0x00ef, 0x00ee, 0x00ec, 0x00c4, 0x00c5,
    0x00c9, 0x00e6, 0x00c6, 0x00f4, 0x00f6, 0x00f2, 0x00fb, 0x00f9,
    0x00ff, 0x00d6, 0x00dc, 0x00a2, 0x00a3, 0x00a5, 0x20a7, 0x0192,
    0x00e1, 0x00ed, 0x00f3, 0x00fa, 0x00f1, 0x00d1, 0x00aa, 0x00ba,
    0x00bf, 0x2310, 0x00ac, 0x00bd, 0x00bc, 0x00a1, 0x00ab, 0x00bb,
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556,
    0x2555, 0x2563, 0x2551, 0x2557, 0x255d, 0x255c, 0x255b, 0x2510,
    0x2514, 0x2534, 0x252c, 0x251c, 0x2500, 0x253c, 0x255e, 0x255f,
    0x255a, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256c, 0x2567,
    0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256b,
    0x256a, 0x2518, 0x250c, 0x2588, 0x2584, 0x258c, 0x2590, 0x2580,
    0x03b1, 0x00df, 0x0393, 0x03c0, 0x03a3, 0x03c3, 0x00b5, 0x03c4,
    0x03a6, 0x0398, 0x03a9, 0x03b4, 0x221e, 0x03c6, 0x03b5, 0x2229,
    0x2261, 0x00b1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00f7, 0x2248,
    0x00b0, 0x2219, 0x00b7, 0x221a, 0x207f, 0x00b2, 0x25a0, 0x00a0,
};

size_t vga_cp437_utf8(uint8_t c, char out[4])
{
    uint32_t u = cp437[c];
    if (u < 0x80) {
        out[0] = (char)u;
        return 1;
    }
    if (u < 0x800) {
        out[0] = (char)(0xc0 | (u >> 6));
        out[1] = (char)(0x80 | (u & 0x3f));
        return 2;
    }
    out[0] = (char)(0xe0 | (u >> 12));
    out[1] = (char)(0x80 | ((u >> 6) & 0x3f));
    out[2] = (char)(0x80 | (u & 0x3f));
    return 3;
}

size_t vga_text_format(const struct vga_text *t, char *buf, size_t n)
{
    size_t len = 0;
    for (unsigned r = 0; r < t->rows; r++) {
        unsigned end = t->cols;
        while (end > 0 && (t->ch[r][end - 1] == ' ' || t->ch[r][end - 1] == 0 ||
                           t->ch[r][end - 1] == 0xff))
            end--;
        for (unsigned c = 0; c <= end; c++) {
            char u[4];
            size_t k = c < end ? vga_cp437_utf8(t->ch[r][c], u) : 1;
            if (c == end)
                u[0] = '\n';
            for (size_t i = 0; i < k; i++, len++)
                if (len + 1 < n)
                    buf[len] = u[i];
        }
    }
    if (n > 0)
        buf[len < n ? len : n - 1] = '\0';
    return len;
}

int vga_screenshot(struct vga *v, const char *path, struct emu_err *err)
{
    vga_render_frame(v);
    v->serial++;
    v->dirty = true;            /* the frontend's next vga_render redraws too */
    if (v->fb == NULL || v->fb_w == 0 || v->fb_h == 0)
        return emu_fail(err, EMU_ESTATE, "%s: the display has no picture", path);
    return png_write_file(path, v->fb, v->fb_w, v->fb_h, v->fb_w, false, err);
}
