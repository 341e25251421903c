/* bios/video_mode.c: INT 10h mode sets: the mode table, programming the
 * registers from the ROM's video parameter table (IBM VGA layout), the
 * default DAC palettes, fonts in plane 2 (AH=11h), palette and DAC
 * functions (AH=10h), the CGA palette (AH=0Bh) and the cursor shape
 * (AH=01h); the state services are in video_state.c.  Register access
 * follows the IBM VGA Technical Reference; the
 * register-level behaviour relied on is listed in docs/internals.md ("What
 * the BIOS can rely on").  Unsupported mode numbers leave the mode alone. */
#include <string.h>

#include "bios/video.h"

/* The modes.  Legend: mode, kind, mono, buffer, width, height, colours,
 * pages, video parameter table entries for 200, 350 and 400 scan lines. */
static const struct vmode vmodes[] = {
    { 0x00, VK_TEXT, false, 0xB8000, 0, 0, 16, 8, VPT_MODE0_200, VPT_MODE0_350, VPT_MODE01_400 },
    { 0x01, VK_TEXT, false, 0xB8000, 0, 0, 16, 8, VPT_MODE1_200, VPT_MODE1_350, VPT_MODE01_400 },
    { 0x02, VK_TEXT, false, 0xB8000, 0, 0, 16, 8, VPT_MODE2_200, VPT_MODE2_350, VPT_MODE23_400 },
    { 0x03, VK_TEXT, false, 0xB8000, 0, 0, 16, 8, VPT_MODE3_200, VPT_MODE3_350, VPT_MODE23_400 },
    { 0x04, VK_CGA4, false, 0xB8000, 320, 200, 4, 1, VPT_MODE4, VPT_MODE4, VPT_MODE4 },
    { 0x05, VK_CGA4, false, 0xB8000, 320, 200, 4, 1, VPT_MODE5, VPT_MODE5, VPT_MODE5 },
    { 0x06, VK_CGA2, false, 0xB8000, 640, 200, 2, 1, VPT_MODE6, VPT_MODE6, VPT_MODE6 },
    { 0x07, VK_TEXT, true, 0xB0000, 0, 0, 0, 8, VPT_MODE7_350, VPT_MODE7_350, VPT_MODE7_400 },
    { 0x0D, VK_PLANAR, false, 0xA0000, 320, 200, 16, 8, VPT_MODED, VPT_MODED, VPT_MODED },
    { 0x0E, VK_PLANAR, false, 0xA0000, 640, 200, 16, 4, VPT_MODEE, VPT_MODEE, VPT_MODEE },
    { 0x0F, VK_PLANAR, true, 0xA0000, 640, 350, 2, 2, VPT_MODEF, VPT_MODEF, VPT_MODEF },
    { 0x10, VK_PLANAR, false, 0xA0000, 640, 350, 16, 2, VPT_MODE10, VPT_MODE10, VPT_MODE10 },
    { 0x11, VK_PLANAR, false, 0xA0000, 640, 480, 2, 1, VPT_MODE11, VPT_MODE11, VPT_MODE11 },
    { 0x12, VK_PLANAR, false, 0xA0000, 640, 480, 16, 1, VPT_MODE12, VPT_MODE12, VPT_MODE12 },
    { 0x13, VK_LINEAR, false, 0xA0000, 320, 200, 256, 1, VPT_MODE13, VPT_MODE13, VPT_MODE13 },
};

const struct vmode *vmode_find(uint8_t mode)
{
    for (size_t i = 0; i < sizeof vmodes / sizeof vmodes[0]; i++)
        if (vmodes[i].mode == mode)
            return &vmodes[i];
    return NULL;
}

const struct vmode *vmode_current(struct cpu *c)
{
    const struct vmode *m = vmode_find(bda_rd8(c, BDA_VID_MODE));
    return m != NULL ? m : &vmodes[3];
}

/* ---- registers ---- */

void seq_out(struct bios *b, uint8_t idx, uint8_t v)
{
    io_out8(b, 0x3C4, idx);
    io_out8(b, 0x3C5, v);
}

uint8_t seq_in(struct bios *b, uint8_t idx)
{
    io_out8(b, 0x3C4, idx);
    return io_in8(b, 0x3C5);
}

void gc_out(struct bios *b, uint8_t idx, uint8_t v)
{
    io_out8(b, 0x3CE, idx);
    io_out8(b, 0x3CF, v);
}

uint8_t gc_in(struct bios *b, uint8_t idx)
{
    io_out8(b, 0x3CE, idx);
    return io_in8(b, 0x3CF);
}

uint16_t crtc_base(struct cpu *c)
{
    uint16_t p = bda_rd16(c, BDA_VID_CRTC);
    return p == 0x3B4 ? 0x3B4 : 0x3D4;
}

void crtc_out(struct bios *b, struct cpu *c, uint8_t idx, uint8_t v)
{
    uint16_t p = crtc_base(c);
    io_out8(b, p, idx);
    io_out8(b, (uint16_t)(p + 1), v);
}

uint8_t crtc_in(struct bios *b, struct cpu *c, uint8_t idx)
{
    uint16_t p = crtc_base(c);
    io_out8(b, p, idx);
    return io_in8(b, (uint16_t)(p + 1));
}

/* Attribute controller: reading input status 1 resets the index/data
 * flip-flop; palette registers take writes only with PAS (20h) clear, so
 * write with PAS clear and turn the display back on with index 20h. */
void attr_out(struct bios *b, struct cpu *c, uint8_t idx, uint8_t v)
{
    uint16_t st = (uint16_t)(crtc_base(c) + 6);
    (void)io_in8(b, st);
    io_out8(b, 0x3C0, idx & 0x1F);
    io_out8(b, 0x3C0, v);
    io_out8(b, 0x3C0, 0x20);
}

uint8_t attr_in(struct bios *b, struct cpu *c, uint8_t idx)
{
    uint16_t st = (uint16_t)(crtc_base(c) + 6);
    (void)io_in8(b, st);
    io_out8(b, 0x3C0, (uint8_t)((idx & 0x1F) | 0x20));
    uint8_t v = io_in8(b, 0x3C1);
    (void)io_in8(b, st);
    return v;
}

void dac_write(struct bios *b, uint8_t idx, uint8_t r, uint8_t g, uint8_t bl)
{
    io_out8(b, 0x3C8, idx);
    io_out8(b, 0x3C9, r);
    io_out8(b, 0x3C9, g);
    io_out8(b, 0x3C9, bl);
}

void dac_read(struct bios *b, uint8_t idx, uint8_t rgb[3])
{
    io_out8(b, 0x3C7, idx);
    rgb[0] = io_in8(b, 0x3C9);
    rgb[1] = io_in8(b, 0x3C9);
    rgb[2] = io_in8(b, 0x3C9);
}

/* Grey summing: 30% red, 59% green, 11% blue. */
static void grey(uint8_t *r, uint8_t *g, uint8_t *bl)
{
    unsigned v = (30u * *r + 59u * *g + 11u * *bl + 50) / 100;
    *r = *g = *bl = (uint8_t)(v > 63 ? 63 : v);
}

static void dac_set(struct bios *b, struct cpu *c, uint8_t idx, uint8_t r, uint8_t g, uint8_t bl)
{
    if (bda_rd8(c, BDA_VID_FLAGS) & 0x02)
        grey(&r, &g, &bl);
    dac_write(b, idx, r & 63, g & 63, bl & 63);
}

/* ---- default palettes ---- */

/* An EGA 6-bit colour rgbRGB as DAC levels. */
static void ega_rgb(uint8_t v, uint8_t rgb[3])
{
    rgb[0] = (uint8_t)(((v >> 2) & 1) * 0x2A + ((v >> 5) & 1) * 0x15);
    rgb[1] = (uint8_t)(((v >> 1) & 1) * 0x2A + ((v >> 4) & 1) * 0x15);
    rgb[2] = (uint8_t)((v & 1) * 0x2A + ((v >> 3) & 1) * 0x15);
}

/* The 256-colour default: the 16 text colours, a grey ramp, then nine
 * 24-hue rings (three intensities by three saturations), then black. */
static void default_256(uint8_t pal[256][3])
{
    static const uint8_t text16[16] = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07,
                                        0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F };
    static const uint8_t greys[16] = { 0, 5, 8, 11, 14, 17, 20, 24, 28, 32, 36, 40, 45, 50,
                                       56, 63 };
    /* Legend: the five levels of each ring, low to high. */
    static const uint8_t rings[9][5] = {
        { 0, 16, 31, 47, 63 }, { 31, 39, 47, 55, 63 }, { 45, 49, 54, 58, 63 },
        { 0, 7, 14, 21, 28 },  { 14, 17, 21, 24, 28 }, { 20, 22, 24, 26, 28 },
        { 0, 4, 8, 12, 16 },   { 8, 10, 12, 14, 16 },  { 11, 12, 13, 15, 16 },
    };
    /* Hue walk blue, magenta, red, yellow, green, cyan: level indexes of R, G, B. */
    static const uint8_t hue[24][3] = {
        { 0, 0, 4 }, { 1, 0, 4 }, { 2, 0, 4 }, { 3, 0, 4 }, { 4, 0, 4 }, { 4, 0, 3 },
        { 4, 0, 2 }, { 4, 0, 1 }, { 4, 0, 0 }, { 4, 1, 0 }, { 4, 2, 0 }, { 4, 3, 0 },
        { 4, 4, 0 }, { 3, 4, 0 }, { 2, 4, 0 }, { 1, 4, 0 }, { 0, 4, 0 }, { 0, 4, 1 },
        { 0, 4, 2 }, { 0, 4, 3 }, { 0, 4, 4 }, { 0, 3, 4 }, { 0, 2, 4 }, { 0, 1, 4 },
    };
    memset(pal, 0, 256 * 3);
    for (unsigned i = 0; i < 16; i++) {
        ega_rgb(text16[i], pal[i]);
        pal[16 + i][0] = pal[16 + i][1] = pal[16 + i][2] = greys[i];
    }
    for (unsigned r = 0; r < 9; r++)
        for (unsigned h = 0; h < 24; h++)
            for (unsigned k = 0; k < 3; k++)
                pal[32 + r * 24 + h][k] = rings[r][hue[h][k]];
}

/* A 200-line (CGA-compatible) palette value: RGB in bits 0-2, intensity
 * in bit 4; colour 6 is brown, as on the CGA monitor. */
static void cga_rgb(uint8_t v, uint8_t rgb[3])
{
    uint8_t i = (v & 0x10) ? 0x15 : 0;
    rgb[0] = (uint8_t)(((v >> 2) & 1) * 0x2A + i);
    rgb[1] = (uint8_t)(((v >> 1) & 1) * 0x2A + i);
    rgb[2] = (uint8_t)((v & 1) * 0x2A + i);
    if ((v & 0x17) == 0x06)
        rgb[1] = 0x15;
}

static void load_default_dac(struct bios *b, struct cpu *c, const struct vmode *m, bool cga)
{
    io_out8(b, 0x3C6, 0xFF);
    if (m->kind == VK_LINEAR) {
        uint8_t pal[256][3];
        default_256(pal);
        for (unsigned i = 0; i < 256; i++)
            dac_set(b, c, (uint8_t)i, pal[i][0], pal[i][1], pal[i][2]);
        return;
    }
    for (unsigned i = 0; i < 64; i++) {
        uint8_t rgb[3];
        if (m->mono) {
            uint8_t lv = (uint8_t)(((i & 0x08) ? 0x2A : 0) + ((i & 0x10) ? 0x15 : 0));
            rgb[0] = rgb[1] = rgb[2] = lv;
        } else if (cga) {
            cga_rgb((uint8_t)i, rgb);
        } else {
            ega_rgb((uint8_t)i, rgb);
        }
        dac_set(b, c, (uint8_t)i, rgb[0], rgb[1], rgb[2]);
    }
}

/* ---- fonts in plane 2 ---- */

struct plane2_save {
    uint8_t sr2, sr4, gr4, gr5, gr6;
};

static void plane2_begin(struct bios *b, struct plane2_save *s)
{
    s->sr2 = seq_in(b, 2);
    s->sr4 = seq_in(b, 4);
    s->gr4 = gc_in(b, 4);
    s->gr5 = gc_in(b, 5);
    s->gr6 = gc_in(b, 6);
    seq_out(b, 2, 0x04);
    seq_out(b, 4, 0x07);
    gc_out(b, 4, 0x02);
    gc_out(b, 5, 0x00);
    gc_out(b, 6, 0x04);
}

static void plane2_end(struct bios *b, const struct plane2_save *s)
{
    seq_out(b, 2, s->sr2);
    seq_out(b, 4, s->sr4);
    gc_out(b, 4, s->gr4);
    gc_out(b, 5, s->gr5);
    gc_out(b, 6, s->gr6);
}

/* Load `count` glyphs of `height` bytes (from `src`) as characters
 * first.. of font block `block` (0-7). */
static void font_load(struct bios *b, struct cpu *c, const uint8_t *src, unsigned count,
                      unsigned first, unsigned height, unsigned block)
{
    struct plane2_save s;
    uint32_t base = 0xA0000u + (block & 3) * 0x4000u + ((block >> 2) & 1) * 0x2000u;
    plane2_begin(b, &s);
    for (unsigned i = 0; i < count && first + i < 256; i++) {
        uint8_t cell[32];
        memset(cell, 0, sizeof cell);
        memcpy(cell, src + i * height, height > 32 ? 32 : height);
        mem_write_block(c, base + (first + i) * 32u, cell, 32);
    }
    plane2_end(b, &s);
}

static const uint8_t *rom_font(const struct bios *b, unsigned height)
{
    return rom_table(b, height >= 16 ? ROMDIR_FONT8X16 : height >= 14 ? ROMDIR_FONT8X14
                                                                     : ROMDIR_FONT8X8);
}

static uint16_t rom_font_off(const struct bios *b, unsigned height)
{
    return rom_offset(b, height >= 16 ? ROMDIR_FONT8X16 : height >= 14 ? ROMDIR_FONT8X14
                                                                      : ROMDIR_FONT8X8);
}

/* After a font change in a text mode: character height, cursor, rows,
 * page size (AX=1110h-1114h; IBM "recalculate"). */
static void font_recalc(struct bios *b, struct cpu *c, unsigned height)
{
    if (height == 0 || height > 32)
        return;
    crtc_out(b, c, 0x09, (uint8_t)((crtc_in(b, c, 0x09) & 0xE0) | (height - 1)));
    uint8_t ov = crtc_in(b, c, 0x07);
    unsigned vde = crtc_in(b, c, 0x12) | ((ov >> 1) & 1u) << 8 | ((ov >> 6) & 1u) << 9;
    unsigned lines = vde + 1;
    if (crtc_in(b, c, 0x09) & 0x80)
        lines /= 2;
    unsigned rows = lines / height;
    if (rows == 0)
        rows = 1;
    unsigned end = rows * height * ((crtc_in(b, c, 0x09) & 0x80) ? 2 : 1) - 1;
    crtc_out(b, c, 0x12, (uint8_t)end);
    ov = (uint8_t)((ov & ~0x42u) | ((end >> 8) & 1) << 1 | ((end >> 9) & 1) << 6);
    crtc_out(b, c, 0x11, (uint8_t)(crtc_in(b, c, 0x11) & 0x7F));
    crtc_out(b, c, 0x07, ov);
    unsigned cs = height > 8 ? height - 3 : height - 2, ce = height > 8 ? height - 2 : height - 1;
    crtc_out(b, c, 0x0A, (uint8_t)cs);
    crtc_out(b, c, 0x0B, (uint8_t)ce);
    unsigned cols = bda_rd16(c, BDA_VID_COLS);
    bda_wr8(c, BDA_VID_ROWS, (uint8_t)(rows - 1));
    bda_wr16(c, BDA_VID_CHAR_HEIGHT, (uint16_t)height);
    bda_wr16(c, BDA_VID_PAGE_SIZE, (uint16_t)((rows * cols * 2 + 0xFF) & ~0xFFu));
}

/* ---- mode set (AH=00h) ---- */

static unsigned scan_lines(struct cpu *c)
{
    uint8_t f = bda_rd8(c, BDA_VID_FLAGS);
    if (f & 0x80)
        return 200;
    return (f & 0x10) ? 400 : 350;
}

static const uint8_t cga_msr[8] = { 0x2C, 0x28, 0x2D, 0x29, 0x2A, 0x2E, 0x1E, 0x29 };

void video_set_mode(struct bios *b, struct cpu *c, uint8_t al)
{
    const struct vmode *m = vmode_find(al & 0x7F);
    bool noclear = (al & 0x80) != 0;
    if (m == NULL) {
        log_limited(b->d.log, &b->log_unknown, LOG_DEBUG, "bios",
                    "INT 10h: video mode %02Xh not supported", al & 0x7F);
        return;
    }
    vbe_leave(b, c);                    /* a VGA mode: the VBE display off */
    unsigned lines = scan_lines(c);
    unsigned vpt = m->kind != VK_TEXT ? m->vpt_400 : lines == 200 ? m->vpt_200
                                                   : lines == 350 ? m->vpt_350 : m->vpt_400;
    const uint8_t *p = rom_table(b, ROMDIR_VPARMS) + vpt * 64u;
    uint16_t crtc = (p[9] & 1) ? 0x3D4 : 0x3B4;

    /* Sequencer in reset while the clocking changes; screen off. */
    seq_out(b, 0, 0x01);
    io_out8(b, 0x3C2, p[9]);
    seq_out(b, 1, (uint8_t)(p[5] | 0x20));
    for (uint8_t i = 2; i <= 4; i++)
        seq_out(b, i, p[4 + i]);
    seq_out(b, 0, 0x03);
    bda_wr16(c, BDA_VID_CRTC, crtc);
    crtc_out(b, c, 0x11, (uint8_t)(crtc_in(b, c, 0x11) & 0x7F));
    for (uint8_t i = 0; i < 25; i++)
        crtc_out(b, c, i, p[10 + i]);
    (void)io_in8(b, (uint16_t)(crtc + 6));
    for (uint8_t i = 0; i < 20; i++) {
        io_out8(b, 0x3C0, i);
        io_out8(b, 0x3C0, p[35 + i]);
    }
    io_out8(b, 0x3C0, 0x14);
    io_out8(b, 0x3C0, 0x00);
    for (uint8_t i = 0; i < 9; i++)
        gc_out(b, i, p[55 + i]);
    if (!(bda_rd8(c, BDA_VID_FLAGS) & 0x08)) {
        bool cga = m->kind == VK_CGA4 || m->kind == VK_CGA2 || m->mode == 0x0D ||
                   m->mode == 0x0E || (m->kind == VK_TEXT && !m->mono && lines == 200);
        load_default_dac(b, c, m, cga);
    }

    /* The BIOS data area. */
    bda_wr8(c, BDA_VID_MODE, m->mode);
    bda_wr16(c, BDA_VID_COLS, p[0]);
    bda_wr16(c, BDA_VID_PAGE_SIZE, load_le16(p + 3));
    bda_wr16(c, BDA_VID_PAGE_START, 0);
    for (unsigned i = 0; i < 8; i++)
        bda_wr16(c, BDA_VID_CURSOR + 2 * i, 0);
    bda_wr16(c, BDA_VID_CURSOR_SHAPE, m->mono ? 0x0B0C : 0x0607);
    bda_wr8(c, BDA_VID_PAGE, 0);
    bda_wr8(c, BDA_VID_MSR, m->mode < 8 ? cga_msr[m->mode] : 0x29);
    bda_wr8(c, BDA_VID_PAL, m->mode == 6 ? 0x3F : 0x30);
    bda_wr8(c, BDA_VID_ROWS, p[1]);
    bda_wr16(c, BDA_VID_CHAR_HEIGHT, p[2]);
    bda_wr8(c, BDA_VID_CTL, (uint8_t)((bda_rd8(c, BDA_VID_CTL) & 0x7F) | (noclear ? 0x80 : 0)));
    bda_wr16(c, BDA_EQUIP, (uint16_t)((bda_rd16(c, BDA_EQUIP) & ~0x30u) | (m->mono ? 0x30 : 0x20)));

    /* Fonts: text modes load theirs into block 0; graphics modes point
     * INT 43h at the ROM font of their character height. */
    if (m->kind == VK_TEXT) {
        font_load(b, c, rom_font(b, p[2]), 256, 0, p[2], 0);
        seq_out(b, 3, 0x00);
    } else {
        mem_wr16(c, 0x43 * 4, m->kind == VK_CGA4 || m->kind == VK_CGA2 ? ROM_FONT8X8
                                                                      : rom_font_off(b, p[2]));
        mem_wr16(c, 0x43 * 4 + 2, 0xF000);
    }

    if (!noclear) {
        if (m->kind == VK_TEXT) {
            for (uint32_t i = 0; i < 0x8000; i += 4)
                mem_wr32(c, m->mem + i, 0x07200720u);
        } else if (m->kind == VK_PLANAR) {
            uint8_t mm = seq_in(b, 2);
            seq_out(b, 2, 0x0F);
            for (uint32_t i = 0; i < 0x10000; i += 4)
                mem_wr32(c, m->mem + i, 0);
            seq_out(b, 2, mm);
        } else {
            uint32_t n = m->kind == VK_LINEAR ? 0x10000 : 0x8000;
            for (uint32_t i = 0; i < n; i += 4)
                mem_wr32(c, m->mem + i, 0);
        }
    }
    /* Screen on; attribute palette to the display. */
    seq_out(b, 1, p[5]);
    (void)io_in8(b, (uint16_t)(crtc + 6));
    io_out8(b, 0x3C0, 0x20);
}

/* ---- AH=01h: cursor shape with CGA emulation (40:87 bit 0 clear) ---- */

void video_set_cursor_shape(struct bios *b, struct cpu *c, uint16_t cx)
{
    uint8_t start = (uint8_t)(cx >> 8), end = (uint8_t)cx;
    bda_wr16(c, BDA_VID_CURSOR_SHAPE, cx);
    const struct vmode *m = vmode_current(c);
    if (m->kind != VK_TEXT)
        return;
    unsigned h = bda_rd16(c, BDA_VID_CHAR_HEIGHT);
    uint8_t s = start & 0x1F, e = end & 0x1F;
    /* CGA values (0-7) scale to the character: lines in the lower half
     * move down with the cell's bottom, lines in the upper half stay. */
    if (!(bda_rd8(c, BDA_VID_CTL) & 0x01) && h > 8 && s <= 7 && e <= 7 && !(start & 0x20)) {
        if (s >= 4)
            s = (uint8_t)(s + h - 9);
        if (e >= 4)
            e = (uint8_t)(e + h - 9);
    }
    crtc_out(b, c, 0x0A, (uint8_t)((start & 0x60) | s));
    crtc_out(b, c, 0x0B, e);
}

/* ---- AH=0Bh: CGA palette ---- */

void video_cga_palette(struct bios *b, struct cpu *c)
{
    const struct vmode *m = vmode_current(c);
    uint8_t pal = bda_rd8(c, BDA_VID_PAL);
    if (BH(c) == 0) {                   /* background (graphics) / border (text) */
        pal = (uint8_t)((pal & 0xE0) | (BL(c) & 0x1F));
        /* IRGB as the 200-line palette value (bit 4 = intensity). */
        uint8_t colour = (uint8_t)((BL(c) & 7) | ((BL(c) & 8) << 1));
        attr_out(b, c, 0x11, colour);
        if (m->kind != VK_TEXT)
            attr_out(b, c, 0x00, colour);
    } else {                            /* palette 0 (green/red/brown) or 1 */
        pal = (uint8_t)((pal & ~0x20u) | ((BL(c) & 1) << 5));
    }
    bda_wr8(c, BDA_VID_PAL, pal);
    if (m->kind == VK_CGA4 || m->kind == VK_CGA2) {
        uint8_t inten = (pal & 0x10) ? 0x10 : 0;
        uint8_t base = (pal & 0x20) ? 3 : 2;
        if (m->kind == VK_CGA4)
            for (uint8_t i = 1; i <= 3; i++)
                attr_out(b, c, i, (uint8_t)((base + 2 * (i - 1)) | inten));
    }
}

/* ---- AH=10h: palette registers and the DAC ---- */

void video_palette(struct bios *b, struct cpu *c)
{
    uint32_t tbl = far_lin(sreg(c, SEG_ES), DX(c));
    uint8_t rgb[3];
    switch (AL(c)) {
    case 0x00:
        if (BL(c) < 0x14)
            attr_out(b, c, BL(c), BH(c));
        break;
    case 0x01:
        attr_out(b, c, 0x11, BH(c));
        break;
    case 0x02:
        for (uint8_t i = 0; i < 16; i++)
            attr_out(b, c, i, mem_rd8(c, tbl + i));
        attr_out(b, c, 0x11, mem_rd8(c, tbl + 16));
        break;
    case 0x03: {                        /* BL 0: intensity, 1: blink */
        uint8_t mc = attr_in(b, c, 0x10);
        mc = BL(c) ? (uint8_t)(mc | 0x08) : (uint8_t)(mc & ~0x08u);
        attr_out(b, c, 0x10, mc);
        uint8_t msr = bda_rd8(c, BDA_VID_MSR);
        bda_wr8(c, BDA_VID_MSR, BL(c) ? (uint8_t)(msr | 0x20) : (uint8_t)(msr & ~0x20u));
        break;
    }
    case 0x07:
        if (BL(c) < 0x14)
            set_r8hi(c, REG_EBX, attr_in(b, c, BL(c)));
        break;
    case 0x08:
        set_r8hi(c, REG_EBX, attr_in(b, c, 0x11));
        break;
    case 0x09:
        for (uint8_t i = 0; i < 16; i++)
            mem_wr8(c, tbl + i, attr_in(b, c, i));
        mem_wr8(c, tbl + 16, attr_in(b, c, 0x11));
        break;
    case 0x10:
        dac_set(b, c, BL(c), DH(c), CH(c), CL(c));
        break;
    case 0x12:
        for (unsigned i = 0; i < CX(c) && BX(c) + i < 256; i++)
            dac_set(b, c, (uint8_t)(BX(c) + i), mem_rd8(c, tbl + 3 * i),
                    mem_rd8(c, tbl + 3 * i + 1), mem_rd8(c, tbl + 3 * i + 2));
        break;
    case 0x13: {
        uint8_t mc = attr_in(b, c, 0x10);
        if (BL(c) == 0) {               /* paging mode: 4 x 64 or 16 x 16 */
            attr_out(b, c, 0x10, BH(c) ? (uint8_t)(mc | 0x80) : (uint8_t)(mc & 0x7F));
        } else {
            uint8_t page = BH(c);
            attr_out(b, c, 0x14, (mc & 0x80) ? (uint8_t)(page & 0x0F)
                                             : (uint8_t)((page << 2) & 0x0C));
        }
        break;
    }
    case 0x15:
        dac_read(b, BL(c), rgb);
        set_r8hi(c, REG_EDX, rgb[0]);
        set_r8hi(c, REG_ECX, rgb[1]);
        set_r8lo(c, REG_ECX, rgb[2]);
        break;
    case 0x17:
        for (unsigned i = 0; i < CX(c) && BX(c) + i < 256; i++) {
            dac_read(b, (uint8_t)(BX(c) + i), rgb);
            mem_write_block(c, tbl + 3 * i, rgb, 3);
        }
        break;
    case 0x18:
        io_out8(b, 0x3C6, BL(c));
        break;
    case 0x19:
        set_r8lo(c, REG_EBX, io_in8(b, 0x3C6));
        break;
    case 0x1A: {
        uint8_t mc = attr_in(b, c, 0x10), cs = attr_in(b, c, 0x14);
        set_r8lo(c, REG_EBX, (uint8_t)(mc >> 7));
        set_r8hi(c, REG_EBX, (mc & 0x80) ? (uint8_t)(cs & 0x0F) : (uint8_t)((cs >> 2) & 3));
        break;
    }
    case 0x1B:
        for (unsigned i = 0; i < CX(c) && BX(c) + i < 256; i++) {
            dac_read(b, (uint8_t)(BX(c) + i), rgb);
            grey(&rgb[0], &rgb[1], &rgb[2]);
            dac_write(b, (uint8_t)(BX(c) + i), rgb[0], rgb[1], rgb[2]);
        }
        break;
    default:
        break;
    }
}

/* ---- AH=11h: fonts ---- */

static void set_vec(struct cpu *c, unsigned vec, uint16_t seg, uint16_t off)
{
    mem_wr16(c, vec * 4, off);
    mem_wr16(c, vec * 4 + 2, seg);
}

/* Rows for AX=1121h-1124h: BL 0 = DL, 1 = 14, 2 = 25, 3 = 43. */
static void graphics_rows(struct cpu *c, unsigned height)
{
    static const uint8_t rows[4] = { 0, 14, 25, 43 };
    unsigned r = BL(c) == 0 ? DL(c) : BL(c) <= 3 ? rows[BL(c)] : 25;
    if (r == 0)
        r = 1;
    bda_wr8(c, BDA_VID_ROWS, (uint8_t)(r - 1));
    bda_wr16(c, BDA_VID_CHAR_HEIGHT, (uint16_t)height);
}

void video_font(struct bios *b, struct cpu *c)
{
    uint8_t al = AL(c);
    unsigned height;
    switch (al) {
    case 0x00:
    case 0x10: {                        /* user font: ES:BP, CX chars from DX, BH bytes, BL block */
        height = BH(c);
        unsigned count = CX(c), first = DX(c);
        if (height == 0 || height > 32 || count == 0)
            break;
        if (count > 256)
            count = 256;
        uint8_t buf[256 * 32];
        mem_read_block(c, far_lin(sreg(c, SEG_ES), BP(c)), buf, count * height);
        font_load(b, c, buf, count, first, height, BL(c));
        if (al == 0x10)
            font_recalc(b, c, height);
        break;
    }
    case 0x01: case 0x11:
    case 0x02: case 0x12:
    case 0x04: case 0x14:
        height = (al & 0x0F) == 1 ? 14 : (al & 0x0F) == 2 ? 8 : 16;
        font_load(b, c, rom_font(b, height), 256, 0, height, BL(c));
        if (al & 0x10)
            font_recalc(b, c, height);
        break;
    case 0x03:                          /* block specifier */
        seq_out(b, 3, BL(c));
        break;
    case 0x20:                          /* INT 1Fh: 8x8 characters 80h-FFh */
        set_vec(c, 0x1F, sreg(c, SEG_ES), BP(c));
        break;
    case 0x21:                          /* INT 43h: user graphics font, CX bytes each */
        set_vec(c, 0x43, sreg(c, SEG_ES), BP(c));
        graphics_rows(c, CX(c));
        break;
    case 0x22:
    case 0x23:
    case 0x24:
        height = al == 0x22 ? 14 : al == 0x23 ? 8 : 16;
        set_vec(c, 0x43, 0xF000, rom_font_off(b, height));
        graphics_rows(c, height);
        break;
    case 0x30: {                        /* font information */
        uint32_t v;
        uint16_t seg = 0xF000, off = 0;
        switch (BH(c)) {
        case 0: v = mem_rd32(c, 0x1F * 4); seg = (uint16_t)(v >> 16); off = (uint16_t)v; break;
        case 1: v = mem_rd32(c, 0x43 * 4); seg = (uint16_t)(v >> 16); off = (uint16_t)v; break;
        case 2: off = rom_offset(b, ROMDIR_FONT8X14); break;
        case 3: off = rom_offset(b, ROMDIR_FONT8X8); break;
        case 4: off = rom_offset(b, ROMDIR_FONT8X8_HI); break;
        case 5: off = rom_offset(b, ROMDIR_FONT9X14); break;
        case 6: off = rom_offset(b, ROMDIR_FONT8X16); break;
        case 7: off = rom_offset(b, ROMDIR_FONT9X16); break;
        default: return;
        }
        bios_set_sreg(c, SEG_ES, seg);
        set_r16(c, REG_EBP, off);
        set_r16(c, REG_ECX, bda_rd16(c, BDA_VID_CHAR_HEIGHT));
        set_r8lo(c, REG_EDX, bda_rd8(c, BDA_VID_ROWS));
        break;
    }
    default:
        break;
    }
}
