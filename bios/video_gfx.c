/* bios/video_gfx.c: INT 10h in graphics modes: pixels (AH=0Ch/0Dh),
 * characters drawn from the INT 43h font (INT 1Fh for 80h-FFh in the CGA
 * modes), reading a character back by matching the font, and scrolling
 * windows.  CGA modes address the interleaved banks at B8000h directly;
 * the planar modes go through the graphics controller (write mode 2 for
 * pixels, set/reset with the bit mask for characters, write mode 1 latch
 * copies for scrolling), as an IBM VGA BIOS does.  Bit 7 of the colour
 * XORs, except in the 256-colour mode. */
#include <string.h>

#include "bios/video.h"

/* Offset in the buffer of the first byte of scan line y. */
static uint32_t scan_off(struct cpu *c, const struct vmode *m, unsigned page, unsigned y)
{
    switch (m->kind) {
    case VK_CGA4:
    case VK_CGA2:
        return (y & 1) * 0x2000u + (y >> 1) * 80u;
    case VK_LINEAR:
        return y * 320u;
    default:
        return page_base(c, page) + y * (m->width / 8u);
    }
}

/* Graphics controller state saved around our accesses. */
struct gc_save {
    uint8_t r[9];
    uint8_t sr2;
};

static void gc_begin(struct bios *b, struct gc_save *s)
{
    for (uint8_t i = 0; i < 9; i++)
        s->r[i] = gc_in(b, i);
    s->sr2 = seq_in(b, 2);
    seq_out(b, 2, 0x0F);
}

static void gc_end(struct bios *b, const struct gc_save *s)
{
    for (uint8_t i = 0; i < 9; i++)
        gc_out(b, i, s->r[i]);
    seq_out(b, 2, s->sr2);
}

/* Write `colour` to the pixels of `mask` in the planar byte at lin. */
static void planar_write(struct bios *b, struct cpu *c, uint32_t lin, uint8_t mask,
                         uint8_t colour, bool xor_mode)
{
    gc_out(b, 5, 0x02);
    gc_out(b, 3, xor_mode ? 0x18 : 0x00);
    gc_out(b, 8, mask);
    (void)mem_rd8(c, lin);              /* load the latches */
    mem_wr8(c, lin, colour);
}

void gfx_put_pixel(struct bios *b, struct cpu *c, const struct vmode *m, unsigned page,
                   unsigned x, unsigned y, uint8_t colour)
{
    if (x >= m->width || y >= m->height || page >= m->pages)
        return;
    bool xor_mode = m->kind != VK_LINEAR && (colour & 0x80);
    uint32_t lin = m->mem + scan_off(c, m, page, y);
    switch (m->kind) {
    case VK_CGA4: {
        lin += x >> 2;
        unsigned sh = (3 - (x & 3)) * 2;
        uint8_t v = mem_rd8(c, lin), px = (uint8_t)((colour & 3) << sh);
        v = xor_mode ? (uint8_t)(v ^ px) : (uint8_t)((v & ~(3u << sh)) | px);
        mem_wr8(c, lin, v);
        break;
    }
    case VK_CGA2: {
        lin += x >> 3;
        uint8_t bit = (uint8_t)(0x80 >> (x & 7)), v = mem_rd8(c, lin);
        if (xor_mode)
            v = (colour & 1) ? (uint8_t)(v ^ bit) : v;
        else
            v = (colour & 1) ? (uint8_t)(v | bit) : (uint8_t)(v & ~bit);
        mem_wr8(c, lin, v);
        break;
    }
    case VK_LINEAR:
        mem_wr8(c, lin + x, colour);
        break;
    default: {
        struct gc_save s = { { 0 }, 0 };
        gc_begin(b, &s);
        planar_write(b, c, lin + (x >> 3), (uint8_t)(0x80 >> (x & 7)), colour & 0x0F, xor_mode);
        gc_end(b, &s);
        break;
    }
    }
}

uint8_t gfx_get_pixel(struct bios *b, struct cpu *c, const struct vmode *m, unsigned page,
                      unsigned x, unsigned y)
{
    if (x >= m->width || y >= m->height || page >= m->pages)
        return 0;
    uint32_t lin = m->mem + scan_off(c, m, page, y);
    switch (m->kind) {
    case VK_CGA4:
        return (uint8_t)((mem_rd8(c, lin + (x >> 2)) >> ((3 - (x & 3)) * 2)) & 3);
    case VK_CGA2:
        return (uint8_t)((mem_rd8(c, lin + (x >> 3)) >> (7 - (x & 7))) & 1);
    case VK_LINEAR:
        return mem_rd8(c, lin + x);
    default: {
        struct gc_save s = { { 0 }, 0 };
        uint8_t v = 0;
        gc_begin(b, &s);
        gc_out(b, 5, 0x00);             /* read mode 0 */
        for (uint8_t p = 0; p < 4; p++) {
            gc_out(b, 4, p);
            if (mem_rd8(c, lin + (x >> 3)) & (0x80 >> (x & 7)))
                v |= (uint8_t)(1u << p);
        }
        gc_end(b, &s);
        return v;
    }
    }
}

/* The glyph of ch: INT 43h (height rows each); CGA modes take 80h-FFh
 * from INT 1Fh, 8 rows each. */
static void glyph(struct cpu *c, const struct vmode *m, uint8_t ch, unsigned h, uint8_t *rows)
{
    bool cga = m->kind == VK_CGA4 || m->kind == VK_CGA2;
    uint32_t v;
    uint32_t lin;
    if (cga && ch >= 0x80) {
        v = mem_rd32(c, 0x1F * 4);
        lin = far_lin((uint16_t)(v >> 16), (v & 0xFFFF) + (ch - 0x80u) * 8u);
    } else {
        v = mem_rd32(c, 0x43 * 4);
        lin = far_lin((uint16_t)(v >> 16), (v & 0xFFFF) + (uint32_t)ch * h);
    }
    mem_read_block(c, lin, rows, h);
}

static unsigned char_height(struct cpu *c, const struct vmode *m)
{
    unsigned h = bda_rd16(c, BDA_VID_CHAR_HEIGHT);
    if (m->kind == VK_CGA4 || m->kind == VK_CGA2 || h == 0 || h > 32)
        h = 8;
    return h;
}

void gfx_write_char(struct bios *b, struct cpu *c, const struct vmode *m, unsigned page,
                    unsigned row, unsigned col, uint8_t ch, uint8_t colour, unsigned count)
{
    unsigned h = char_height(c, m), cols = bda_rd16(c, BDA_VID_COLS);
    bool xor_mode = m->kind != VK_LINEAR && (colour & 0x80);
    uint8_t rows[32];
    struct gc_save s = { { 0 }, 0 };
    if (page >= m->pages)
        return;
    glyph(c, m, ch, h, rows);
    if (m->kind == VK_PLANAR)
        gc_begin(b, &s);
    for (unsigned n = 0; n < count && col + n < cols; n++) {
        unsigned cx = col + n;
        for (unsigned r = 0; r < h; r++) {
            unsigned y = row * h + r;
            if (y >= m->height)
                break;
            uint32_t lin = m->mem + scan_off(c, m, page, y);
            uint8_t bits = rows[r];
            switch (m->kind) {
            case VK_CGA4: {
                uint16_t w = 0;
                for (unsigned k = 0; k < 8; k++)
                    if (bits & (0x80 >> k))
                        w |= (uint16_t)((colour & 3u) << (14 - 2 * k));
                uint32_t a = lin + cx * 2;
                if (xor_mode) {
                    mem_wr8(c, a, (uint8_t)(mem_rd8(c, a) ^ (w >> 8)));
                    mem_wr8(c, a + 1, (uint8_t)(mem_rd8(c, a + 1) ^ w));
                } else {
                    mem_wr8(c, a, (uint8_t)(w >> 8));
                    mem_wr8(c, a + 1, (uint8_t)w);
                }
                break;
            }
            case VK_CGA2: {
                uint8_t v = (colour & 1) ? bits : 0;
                uint32_t a = lin + cx;
                mem_wr8(c, a, xor_mode ? (uint8_t)(mem_rd8(c, a) ^ v) : v);
                break;
            }
            case VK_LINEAR:
                for (unsigned k = 0; k < 8; k++)
                    mem_wr8(c, lin + cx * 8 + k, (bits & (0x80 >> k)) ? colour : 0);
                break;
            default:
                if (!xor_mode && bits != 0xFF)
                    planar_write(b, c, lin + cx, (uint8_t)~bits, 0, false);
                if (bits)
                    planar_write(b, c, lin + cx, bits, colour & 0x0F, xor_mode);
                break;
            }
        }
    }
    if (m->kind == VK_PLANAR)
        gc_end(b, &s);
}

/* The cell's pixels as a bit pattern per row (any non-zero colour is set). */
static void cell_pattern(struct bios *b, struct cpu *c, const struct vmode *m, unsigned page,
                         unsigned row, unsigned col, unsigned h, uint8_t *pat)
{
    struct gc_save s = { { 0 }, 0 };
    if (m->kind == VK_PLANAR) {
        gc_begin(b, &s);
        gc_out(b, 5, 0x00);
    }
    for (unsigned r = 0; r < h; r++) {
        unsigned y = row * h + r;
        uint32_t lin = m->mem + scan_off(c, m, page, y);
        uint8_t v = 0;
        switch (m->kind) {
        case VK_CGA4: {
            uint16_t w = (uint16_t)(mem_rd8(c, lin + col * 2) << 8 | mem_rd8(c, lin + col * 2 + 1));
            for (unsigned k = 0; k < 8; k++)
                if ((w >> (14 - 2 * k)) & 3)
                    v |= (uint8_t)(0x80 >> k);
            break;
        }
        case VK_CGA2:
            v = mem_rd8(c, lin + col);
            break;
        case VK_LINEAR:
            for (unsigned k = 0; k < 8; k++)
                if (mem_rd8(c, lin + col * 8 + k))
                    v |= (uint8_t)(0x80 >> k);
            break;
        default:
            for (uint8_t p = 0; p < 4; p++) {
                gc_out(b, 4, p);
                v |= mem_rd8(c, lin + col);
            }
            break;
        }
        pat[r] = v;
    }
    if (m->kind == VK_PLANAR)
        gc_end(b, &s);
}

uint8_t gfx_read_char(struct bios *b, struct cpu *c, const struct vmode *m, unsigned page,
                      unsigned row, unsigned col)
{
    unsigned h = char_height(c, m);
    uint8_t pat[32], g[32];
    if (page >= m->pages || (row + 1) * h > m->height)
        return 0;
    cell_pattern(b, c, m, page, row, col, h, pat);
    for (unsigned ch = 0; ch < 256; ch++) {
        glyph(c, m, (uint8_t)ch, h, g);
        if (memcmp(g, pat, h) == 0)
            return (uint8_t)ch;
    }
    return 0;
}

/* Scroll a window of character cells by `lines` rows (up if positive),
 * filling the rows opened with `colour`. */
void gfx_scroll(struct bios *b, struct cpu *c, const struct vmode *m, int lines, unsigned top,
                unsigned left, unsigned bottom, unsigned right, uint8_t colour)
{
    unsigned h = char_height(c, m);
    unsigned page = bda_rd8(c, BDA_VID_PAGE);
    unsigned bpc = m->kind == VK_CGA4 ? 2 : m->kind == VK_LINEAR ? 8 : 1;   /* bytes per cell */
    unsigned height = bottom - top + 1, n = (unsigned)(lines < 0 ? -lines : lines);
    unsigned w = (right - left + 1) * bpc;
    uint8_t fill;
    struct gc_save s = { { 0 }, 0 };
    switch (m->kind) {
    case VK_CGA4: fill = (uint8_t)((colour & 3) * 0x55); break;
    case VK_CGA2: fill = (colour & 1) ? 0xFF : 0x00; break;
    default: fill = colour; break;
    }
    if (m->kind == VK_PLANAR)
        gc_begin(b, &s);
    for (unsigned i = 0; i < height; i++) {
        unsigned r = lines >= 0 ? top + i : bottom - i;
        bool copy = i + n < height;
        unsigned sr = lines >= 0 ? r + n : r - n;
        if (m->kind == VK_PLANAR) {
            if (copy) {
                gc_out(b, 5, 0x01);     /* write mode 1: latches to memory */
            } else {
                gc_out(b, 5, 0x00);
                gc_out(b, 0, colour & 0x0F);
                gc_out(b, 1, 0x0F);
                gc_out(b, 3, 0x00);
                gc_out(b, 8, 0xFF);
            }
        }
        for (unsigned k = 0; k < h; k++) {
            if ((r + 1) * h > m->height)
                break;
            uint32_t dst = m->mem + scan_off(c, m, page, r * h + k) + left * bpc;
            uint32_t src = m->mem + scan_off(c, m, page, sr * h + k) + left * bpc;
            for (unsigned x = 0; x < w; x++) {
                if (copy) {
                    uint8_t v = mem_rd8(c, src + x);
                    mem_wr8(c, dst + x, v);
                } else {
                    mem_wr8(c, dst + x, fill);
                }
            }
        }
    }
    if (m->kind == VK_PLANAR)
        gc_end(b, &s);
}
