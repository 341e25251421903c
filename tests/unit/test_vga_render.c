/* tests/unit/test_vga_render.c: the rendered picture for the standard
 * modes set up register by register as a BIOS does (3, 7, 4, 6, 0Dh, 12h,
 * 13h, Mode X), with patterns written through the memory window; text
 * features (fonts, 9th column, blink, cursor, underline, 512 characters),
 * panning, start address, split screen, mid-frame changes, DAC and mask,
 * blanking and the changed flag. */
#include "tests/unit/vgatest.h"

#define A0 0xa0000u

/* Text cell (row, col) of a colour text mode at B8000h. */
static void cell(struct vt *t, uint32_t base, unsigned row, unsigned col, uint8_t ch, uint8_t at)
{
    wr8(t, base + (row * 80 + col) * 2, ch);
    wr8(t, base + (row * 80 + col) * 2 + 1, at);
}

/* Expected dot x (0-8) of scan line r of a 9-dot cell, no cursor, blink on. */
static uint32_t text_dot(const struct vt_mode *m, uint8_t ch, uint8_t at, unsigned r, unsigned x,
                         bool line_gfx)
{
    uint8_t g = vt_glyph(ch, r);
    unsigned fg = at & 15, bg = (at >> 4) & 7;          /* blink enabled: bit 7 is blink */
    if (x == 8) {
        if (line_gfx && ch >= 0xc0 && ch <= 0xdf)
            return vt_pal_rgb(m, (g & 1) ? fg : bg);
        return vt_pal_rgb(m, bg);
    }
    return vt_pal_rgb(m, ((g >> (7 - x)) & 1) ? fg : bg);
}

/* Mode 3: 28.322 MHz, 900 dots per line, 449 lines. */
static void mode3_frame(struct vt *t, unsigned frame)
{
    vt_set_dot(t, (uint64_t)frame * 900 * 449 + 100, 28322000u);
}

START_TEST(mode3_text_cells_and_ninth_column)
{
    struct vt *t = vt_new();
    vt_set_text_mode(t, &VT_MODE3, 16);
    crtc_w(t, 0x0a, 0x20);                              /* cursor off */
    cell(t, 0xb8000, 0, 0, 0x41, 0x1e);
    cell(t, 0xb8000, 0, 1, 0xc4, 0x07);
    cell(t, 0xb8000, 0, 2, 0x41, 0x07);
    cell(t, 0xb8000, 24, 79, 0xdb, 0x4f);
    struct vga_frame f;
    vt_render(t, &f);
    ck_assert_uint_eq(f.width, 720);
    ck_assert_uint_eq(f.height, 400);
    ck_assert_uint_eq(f.raster_w, 720);
    ck_assert_uint_eq(f.raster_h, 400);
    for (unsigned r = 0; r < 16; r++)
        for (unsigned x = 0; x < 9; x++) {
            ck_assert_uint_eq(vt_px(&f, x, r), text_dot(&VT_MODE3, 0x41, 0x1e, r, x, true));
            ck_assert_uint_eq(vt_px(&f, 9 + x, r), text_dot(&VT_MODE3, 0xc4, 0x07, r, x, true));
            ck_assert_uint_eq(vt_px(&f, 18 + x, r), text_dot(&VT_MODE3, 0x41, 0x07, r, x, true));
            ck_assert_uint_eq(vt_px(&f, 79 * 9 + x, 24 * 16 + r),
                              text_dot(&VT_MODE3, 0xdb, 0x4f, r, x, true));
        }
    vt_free(t);
}
END_TEST

START_TEST(mode3_blink_and_cursor_follow_frames)
{
    struct vt *t = vt_new();
    vt_set_text_mode(t, &VT_MODE3, 16);
    cell(t, 0xb8000, 1, 0, 0x30, 0x8f);                 /* blinking */
    cell(t, 0xb8000, 0, 5, 0x00, 0x07);                 /* blank glyph row 0 of char 0 */
    crtc_w(t, 0x0a, 0x0e);
    crtc_w(t, 0x0b, 0x0f);
    crtc_w(t, 0x0e, 0x00);
    crtc_w(t, 0x0f, 0x05);
    struct vga_frame f;
    mode3_frame(t, 0);
    vt_render(t, &f);
    for (unsigned x = 0; x < 8; x++) {
        ck_assert_uint_eq(vt_px(&f, x, 16 + 3), text_dot(&VT_MODE3, 0x30, 0x8f, 3, x, true));
        ck_assert_uint_eq(vt_px(&f, 45 + x, 14), vt_pal_rgb(&VT_MODE3, 7));   /* cursor */
        ck_assert_uint_eq(vt_px(&f, 45 + x, 15), vt_pal_rgb(&VT_MODE3, 7));
        ck_assert_uint_eq(vt_px(&f, 45 + x, 13), text_dot(&VT_MODE3, 0, 7, 13, x, true));
    }
    mode3_frame(t, 8);                                  /* cursor off phase, characters on */
    ck_assert(vga_render(t->vga, &f));
    for (unsigned x = 0; x < 8; x++) {
        ck_assert_uint_eq(vt_px(&f, 45 + x, 14), text_dot(&VT_MODE3, 0, 7, 14, x, true));
        ck_assert_uint_eq(vt_px(&f, x, 16 + 3), text_dot(&VT_MODE3, 0x30, 0x8f, 3, x, true));
    }
    mode3_frame(t, 16);                                 /* blink off: background only */
    vga_render(t->vga, &f);
    for (unsigned x = 0; x < 9; x++)
        for (unsigned r = 0; r < 16; r++)
            ck_assert_uint_eq(vt_px(&f, x, 16 + r), vt_pal_rgb(&VT_MODE3, 0));
    mode3_frame(t, 17);                                 /* same phases: unchanged */
    ck_assert(!vga_render(t->vga, &f));
    /* Blink disabled: bit 7 is background intensity. */
    attr_w(t, 0x10, 0x04);
    vga_render(t->vga, &f);
    ck_assert_uint_eq(vt_px(&f, 8, 16), vt_pal_rgb(&VT_MODE3, 8));
    vt_free(t);
}
END_TEST

START_TEST(mode3_pel_panning_9dot)
{
    struct vt *t = vt_new();
    vt_set_text_mode(t, &VT_MODE3, 16);
    crtc_w(t, 0x0a, 0x20);
    for (unsigned c = 0; c < 4; c++)
        cell(t, 0xb8000, 0, c, (uint8_t)(0x61 + c), 0x1e);
    struct vga_frame f;
    vt_render(t, &f);
    uint32_t ref[36];
    for (unsigned x = 0; x < 36; x++)
        ref[x] = vt_px(&f, x, 2);
    static const struct { uint8_t ar13; unsigned shift; } cases[] = {
        { 0x08, 0 }, { 0x00, 1 }, { 0x03, 4 }, { 0x07, 8 },
    };
    for (unsigned i = 0; i < 4; i++) {
        attr_w(t, 0x13, cases[i].ar13);
        vga_render(t->vga, &f);
        for (unsigned x = 0; x + cases[i].shift < 36; x++)
            ck_assert_uint_eq(vt_px(&f, x, 2), ref[x + cases[i].shift]);
    }
    vt_free(t);
}
END_TEST

START_TEST(mode3_512_character_font)
{
    struct vt *t = vt_new();
    vt_set_text_mode(t, &VT_MODE3, 16);
    vt_load_font(t, 0x4000, 16, 0xff);                  /* map 1: inverted glyphs */
    vt_text_restore(t, &VT_MODE3);
    seq_w(t, 0x03, 0x04);                               /* map A = 1 (attr bit 3), map B = 0 */
    crtc_w(t, 0x0a, 0x20);
    cell(t, 0xb8000, 0, 0, 0x52, 0x0f);
    cell(t, 0xb8000, 0, 1, 0x52, 0x07);
    struct vga_frame f;
    vt_render(t, &f);
    for (unsigned r = 0; r < 16; r++)
        for (unsigned x = 0; x < 8; x++) {
            unsigned bit = (vt_glyph(0x52, r) >> (7 - x)) & 1;
            ck_assert_uint_eq(vt_px(&f, x, r), vt_pal_rgb(&VT_MODE3, bit ? 0 : 15));
            ck_assert_uint_eq(vt_px(&f, 9 + x, r), vt_pal_rgb(&VT_MODE3, bit ? 7 : 0));
        }
    vt_free(t);
}
END_TEST

START_TEST(mode7_mono_underline)
{
    struct vt *t = vt_new();
    vt_set_text_mode(t, &VT_MODE7, 14);
    crtc_w(t, 0x0a, 0x20);                              /* via 3B4h: Misc A6h is mono */
    ck_assert_uint_eq(crtc_port(t), 0x3b4);
    cell(t, 0xb0000, 0, 0, 0x41, 0x01);                 /* underlined */
    cell(t, 0xb0000, 0, 1, 0x41, 0x07);
    struct vga_frame f;
    vt_render(t, &f);
    ck_assert_uint_eq(f.width, 720);
    ck_assert_uint_eq(f.height, 350);
    for (unsigned x = 0; x < 8; x++) {
        ck_assert_uint_eq(vt_px(&f, x, 13), vt_pal_rgb(&VT_MODE7, 1));     /* CR14 = 0Dh */
        ck_assert_uint_eq(vt_px(&f, x, 5), text_dot(&VT_MODE7, 0x41, 0x01, 5, x, true));
        ck_assert_uint_eq(vt_px(&f, 9 + x, 13), text_dot(&VT_MODE7, 0x41, 0x07, 13, x, true));
    }
    vt_free(t);
}
END_TEST

START_TEST(mode4_cga_four_colour_banks)
{
    struct vt *t = vt_new();
    vt_set_mode(t, &VT_MODE4);
    wr8(t, 0xb8000, 0x1b);                              /* 0 1 2 3 */
    wr8(t, 0xb8001, 0xe4);                              /* 3 2 1 0 */
    wr8(t, 0xba000, 0xe4);                              /* odd scan lines: second bank */
    wr8(t, 0xb8050, 0x1b);                              /* third line */
    wr8(t, 0xb8000 + 99 * 80 + 0x2000 + 79, 0x03);      /* last pixel of line 199 */
    struct vga_frame f;
    vt_render(t, &f);
    ck_assert_uint_eq(f.width, 320);
    ck_assert_uint_eq(f.height, 200);
    ck_assert_uint_eq(f.raster_w, 640);
    ck_assert_uint_eq(f.raster_h, 400);
    for (unsigned x = 0; x < 4; x++) {
        ck_assert_uint_eq(vt_px(&f, x, 0), vt_pal_rgb(&VT_MODE4, x));
        ck_assert_uint_eq(vt_px(&f, 4 + x, 0), vt_pal_rgb(&VT_MODE4, 3 - x));
        ck_assert_uint_eq(vt_px(&f, x, 1), vt_pal_rgb(&VT_MODE4, 3 - x));
        ck_assert_uint_eq(vt_px(&f, x, 2), vt_pal_rgb(&VT_MODE4, x));
    }
    ck_assert_uint_eq(vt_px(&f, 319, 199), vt_pal_rgb(&VT_MODE4, 3));
    ck_assert_uint_eq(vt_px(&f, 318, 199), vt_pal_rgb(&VT_MODE4, 0));
    vt_free(t);
}
END_TEST

START_TEST(mode6_cga_two_colour)
{
    struct vt *t = vt_new();
    vt_set_mode(t, &VT_MODE6);
    wr8(t, 0xb8000, 0x80);
    wr8(t, 0xba000, 0x01);
    wr8(t, 0xb8000 + 79, 0x01);
    struct vga_frame f;
    vt_render(t, &f);
    ck_assert_uint_eq(f.width, 640);
    ck_assert_uint_eq(f.height, 200);
    uint32_t on = vt_pal_rgb(&VT_MODE6, 1), off = vt_pal_rgb(&VT_MODE6, 0);
    ck_assert_uint_eq(vt_px(&f, 0, 0), on);
    ck_assert_uint_eq(vt_px(&f, 1, 0), off);
    ck_assert_uint_eq(vt_px(&f, 7, 1), on);
    ck_assert_uint_eq(vt_px(&f, 6, 1), off);
    ck_assert_uint_eq(vt_px(&f, 639, 0), on);
    ck_assert_uint_eq(vt_px(&f, 0, 2), off);
    vt_free(t);
}
END_TEST

/* Planar pixel (x, y) in colour c with write mode 2, bytes_per_row apart. */
static void planar_pixel(struct vt *t, unsigned bytes_per_row, unsigned x, unsigned y, uint8_t c)
{
    gc_w(t, 0x05, 0x02);
    gc_w(t, 0x08, (uint8_t)(0x80u >> (x & 7)));
    uint32_t a = A0 + y * bytes_per_row + x / 8;
    (void)rd8(t, a);
    wr8(t, a, c);
    gc_w(t, 0x08, 0xff);
    gc_w(t, 0x05, 0x00);
}

START_TEST(mode0d_planar_320x200)
{
    struct vt *t = vt_new();
    vt_set_mode(t, &VT_MODE0D);
    planar_pixel(t, 40, 0, 0, 5);
    planar_pixel(t, 40, 1, 0, 10);
    planar_pixel(t, 40, 8, 1, 3);
    planar_pixel(t, 40, 319, 199, 15);
    struct vga_frame f;
    vt_render(t, &f);
    ck_assert_uint_eq(f.width, 320);
    ck_assert_uint_eq(f.height, 200);
    ck_assert_uint_eq(vt_px(&f, 0, 0), vt_pal_rgb(&VT_MODE0D, 5));
    ck_assert_uint_eq(vt_px(&f, 1, 0), vt_pal_rgb(&VT_MODE0D, 10));
    ck_assert_uint_eq(vt_px(&f, 2, 0), vt_pal_rgb(&VT_MODE0D, 0));
    ck_assert_uint_eq(vt_px(&f, 8, 1), vt_pal_rgb(&VT_MODE0D, 3));
    ck_assert_uint_eq(vt_px(&f, 319, 199), vt_pal_rgb(&VT_MODE0D, 15));
    vt_free(t);
}
END_TEST

START_TEST(mode12_planar_640x480)
{
    struct vt *t = vt_new();
    vt_set_mode(t, &VT_MODE12);
    for (unsigned x = 0; x < 16; x++)
        planar_pixel(t, 80, x, 0, (uint8_t)x);
    planar_pixel(t, 80, 639, 479, 9);
    planar_pixel(t, 80, 320, 240, 6);
    struct vga_frame f;
    vt_render(t, &f);
    ck_assert_uint_eq(f.width, 640);
    ck_assert_uint_eq(f.height, 480);
    for (unsigned x = 0; x < 16; x++)
        ck_assert_uint_eq(vt_px(&f, x, 0), vt_pal_rgb(&VT_MODE12, x));
    ck_assert_uint_eq(vt_px(&f, 639, 479), vt_pal_rgb(&VT_MODE12, 9));
    ck_assert_uint_eq(vt_px(&f, 320, 240), vt_pal_rgb(&VT_MODE12, 6));
    /* PEL panning shifts the picture left by the register's value. */
    attr_w(t, 0x13, 3);
    vga_render(t->vga, &f);
    for (unsigned x = 0; x < 13; x++)
        ck_assert_uint_eq(vt_px(&f, x, 0), vt_pal_rgb(&VT_MODE12, x + 3));
    /* Colour plane enable masks pixel bits before the palette. */
    attr_w(t, 0x13, 0);
    attr_w(t, 0x12, 0x05);
    vga_render(t->vga, &f);
    ck_assert_uint_eq(vt_px(&f, 15, 0), vt_dac_rgb(VT_MODE12.attr[5]));
    vt_free(t);
}
END_TEST

START_TEST(mode13_chained_256)
{
    struct vt *t = vt_new();
    vt_set_mode(t, &VT_MODE13);
    wr8(t, A0 + 0, 0x01);
    wr8(t, A0 + 1, 0x80);
    wr8(t, A0 + 50 * 320 + 100, 0x3c);
    wr8(t, A0 + 199 * 320 + 319, 0xff);
    struct vga_frame f;
    vt_render(t, &f);
    ck_assert_uint_eq(f.width, 320);
    ck_assert_uint_eq(f.height, 200);
    ck_assert_uint_eq(f.raster_w, 640);
    ck_assert_uint_eq(vt_px(&f, 0, 0), vt_dac_rgb(0x01));
    ck_assert_uint_eq(vt_px(&f, 1, 0), vt_dac_rgb(0x80));
    ck_assert_uint_eq(vt_px(&f, 2, 0), vt_dac_rgb(0x00));
    ck_assert_uint_eq(vt_px(&f, 100, 50), vt_dac_rgb(0x3c));
    ck_assert_uint_eq(vt_px(&f, 319, 199), vt_dac_rgb(0xff));
    /* The DAC mask ANDs the index. */
    outb(t, 0x3c6, 0x0f);
    vga_render(t->vga, &f);
    ck_assert_uint_eq(vt_px(&f, 319, 199), vt_dac_rgb(0x0f));
    outb(t, 0x3c6, 0xff);
    /* Start address 80 (doubleword counter units): one row of 320 down. */
    wr8(t, A0 + 320 + 7, 0x42);
    crtc_w(t, 0x0d, 80);
    vga_render(t->vga, &f);
    ck_assert_uint_eq(vt_px(&f, 7, 0), vt_dac_rgb(0x42));
    crtc_w(t, 0x0d, 0);
    /* Panning by 2 dots is one 8-bit pixel; an odd value splits nibbles. */
    attr_w(t, 0x13, 2);
    vga_render(t->vga, &f);
    ck_assert_uint_eq(vt_px(&f, 0, 0), vt_dac_rgb(0x80));
    attr_w(t, 0x13, 1);
    vga_render(t->vga, &f);
    ck_assert_uint_eq(vt_px(&f, 0, 0), vt_dac_rgb(0x18));   /* low nibble of 01, high of 80 */
    vt_free(t);
}
END_TEST

START_TEST(mode13_palette_registers_apply_per_nibble)
{
    struct vt *t = vt_new();
    vt_set_mode(t, &VT_MODE13);
    wr8(t, A0, 0x11);
    (void)inb(t, 0x3da);
    outb(t, 0x3c0, 0x01);                               /* PAS = 0: palette 1 = 5 */
    outb(t, 0x3c0, 0x05);
    outb(t, 0x3c0, 0x20);
    struct vga_frame f;
    vt_render(t, &f);
    ck_assert_uint_eq(vt_px(&f, 0, 0), vt_dac_rgb(0x55));
    vt_free(t);
}
END_TEST

/* Mode X: mode 13h unchained, 480 lines double-scanned by CR09. */
static void set_mode_x(struct vt *t)
{
    vt_set_mode(t, &VT_MODE13);
    seq_w(t, 0x04, 0x06);
    crtc_w(t, 0x14, 0x00);
    crtc_w(t, 0x17, 0xe3);
    outb(t, 0x3c2, 0xe3);
    crtc_w(t, 0x11, 0x2c);
    static const uint8_t regs[][2] = {
        { 0x06, 0x0d }, { 0x07, 0x3e }, { 0x10, 0xea }, { 0x11, 0xac },
        { 0x12, 0xdf }, { 0x15, 0xe7 }, { 0x16, 0x06 },
    };
    for (unsigned i = 0; i < sizeof regs / sizeof regs[0]; i++)
        crtc_w(t, regs[i][0], regs[i][1]);
}

static void modex_pixel(struct vt *t, uint32_t page, unsigned x, unsigned y, uint8_t c)
{
    seq_w(t, 0x02, (uint8_t)(1u << (x & 3)));
    wr8(t, A0 + page + y * 80 + x / 4, c);
}

START_TEST(mode_x_unchained_320x240_and_page_flip)
{
    struct vt *t = vt_new();
    set_mode_x(t);
    for (unsigned x = 0; x < 8; x++)
        modex_pixel(t, 0, x, 0, (uint8_t)(0x10 + x));
    modex_pixel(t, 0, 319, 239, 0x77);
    modex_pixel(t, 0, 5, 100, 0x99);
    modex_pixel(t, 19200, 0, 0, 0xaa);
    struct vga_frame f;
    vt_render(t, &f);
    ck_assert_uint_eq(f.width, 320);
    ck_assert_uint_eq(f.height, 240);
    for (unsigned x = 0; x < 8; x++)
        ck_assert_uint_eq(vt_px(&f, x, 0), vt_dac_rgb(0x10 + x));
    ck_assert_uint_eq(vt_px(&f, 319, 239), vt_dac_rgb(0x77));
    ck_assert_uint_eq(vt_px(&f, 5, 100), vt_dac_rgb(0x99));
    crtc_w(t, 0x0c, 19200 >> 8);                        /* show the second page */
    crtc_w(t, 0x0d, 19200 & 0xff);
    vga_render(t->vga, &f);
    ck_assert_uint_eq(vt_px(&f, 0, 0), vt_dac_rgb(0xaa));
    vt_free(t);
}
END_TEST

/* Mode 12h rows: colour (row + 1) at x 4-7 and row at x 0-3, x < 8. */
static void mode12_rows(struct vt *t, unsigned rows)
{
    for (unsigned y = 0; y < rows; y++)
        for (unsigned x = 0; x < 8; x++)
            planar_pixel(t, 80, x, y, (uint8_t)((y + (x >= 4)) & 15));
}

START_TEST(split_screen_with_pan_compat)
{
    struct vt *t = vt_new();
    vt_set_mode(t, &VT_MODE12);
    mode12_rows(t, 300);
    crtc_w(t, 0x0c, (80 * 200) >> 8);                   /* start at memory row 200 */
    crtc_w(t, 0x0d, (80 * 200) & 0xff);
    crtc_w(t, 0x18, 99);                                /* line compare 99 */
    crtc_w(t, 0x07, 0x2e);
    crtc_w(t, 0x09, 0x00);
    attr_w(t, 0x13, 4);
    attr_w(t, 0x10, 0x21);                              /* PEL panning compatibility */
    struct vga_frame f;
    vt_render(t, &f);
    ck_assert_uint_eq(vt_px(&f, 0, 0), vt_pal_rgb(&VT_MODE12, (200 + 1) & 15));   /* panned */
    ck_assert_uint_eq(vt_px(&f, 0, 99), vt_pal_rgb(&VT_MODE12, (299 + 1) & 15));
    ck_assert_uint_eq(vt_px(&f, 0, 100), vt_pal_rgb(&VT_MODE12, 0));   /* row 0, unpanned */
    ck_assert_uint_eq(vt_px(&f, 0, 150), vt_pal_rgb(&VT_MODE12, 50 & 15));
    attr_w(t, 0x10, 0x01);                              /* without it the split pans too */
    vga_render(t->vga, &f);
    ck_assert_uint_eq(vt_px(&f, 0, 100), vt_pal_rgb(&VT_MODE12, 1));
    vt_free(t);
}
END_TEST

/* Mode 12h: 25.175 MHz, 800 dots per line, 525 lines, retrace at 490. */
static void mode12_at(struct vt *t, unsigned frame, unsigned line)
{
    vt_set_dot(t, ((uint64_t)frame * 525 + line) * 800 + 40, 25175000u);
}

START_TEST(mid_frame_panning_applies_from_its_line)
{
    struct vt *t = vt_new();
    vt_set_mode(t, &VT_MODE12);
    mode12_rows(t, 480);
    mode12_at(t, 5, 200);
    attr_w(t, 0x13, 4);                                 /* during display of line 200 */
    mode12_at(t, 5, 250);
    crtc_w(t, 0x0d, 80);                                /* start address: latched at retrace */
    mode12_at(t, 5, 500);                               /* the frame has completed */
    struct vga_frame f;
    vt_render(t, &f);
    ck_assert_uint_eq(vt_px(&f, 0, 0), vt_pal_rgb(&VT_MODE12, 0));
    ck_assert_uint_eq(vt_px(&f, 0, 199), vt_pal_rgb(&VT_MODE12, 199 & 15));
    ck_assert_uint_eq(vt_px(&f, 0, 200), vt_pal_rgb(&VT_MODE12, 201 & 15));
    ck_assert_uint_eq(vt_px(&f, 0, 479), vt_pal_rgb(&VT_MODE12, 480 & 15));
    /* A frame later, with no changes in between: panned throughout and
     * starting one row down. */
    mode12_at(t, 7, 10);
    ck_assert(vga_render(t->vga, &f));
    ck_assert_uint_eq(vt_px(&f, 0, 0), vt_pal_rgb(&VT_MODE12, 2));
    ck_assert_uint_eq(vt_px(&f, 0, 300), vt_pal_rgb(&VT_MODE12, 302 & 15));
    ck_assert(!vga_render(t->vga, &f));
    vt_free(t);
}
END_TEST

START_TEST(mid_frame_line_compare_change)
{
    struct vt *t = vt_new();
    vt_set_mode(t, &VT_MODE12);
    mode12_rows(t, 480);
    crtc_w(t, 0x0d, 160);                               /* start at row 2 */
    mode12_at(t, 3, 100);
    crtc_w(t, 0x18, 0x00);                              /* LC 3FFh -> 300h */
    crtc_w(t, 0x09, 0x00);                              /* -> 100h: split below line 256 */
    mode12_at(t, 4, 0);
    crtc_w(t, 0x07, 0x2e);                              /* next frame: LC = 0 */
    mode12_at(t, 4, 10);
    struct vga_frame f;
    vt_render(t, &f);                                   /* shows the completed frame 3 */
    ck_assert_uint_eq(vt_px(&f, 0, 0), vt_pal_rgb(&VT_MODE12, 2));
    ck_assert_uint_eq(vt_px(&f, 0, 256), vt_pal_rgb(&VT_MODE12, 258 & 15));
    ck_assert_uint_eq(vt_px(&f, 0, 257), vt_pal_rgb(&VT_MODE12, 0));
    ck_assert_uint_eq(vt_px(&f, 0, 300), vt_pal_rgb(&VT_MODE12, 43 & 15));
    vt_free(t);
}
END_TEST

START_TEST(screen_off_and_palette_access_blank)
{
    struct vt *t = vt_new();
    vt_set_mode(t, &VT_MODE13);
    wr8(t, A0, 0x21);
    attr_w(t, 0x11, 0x05);                              /* overscan colour */
    seq_w(t, 0x01, 0x21);                               /* screen off */
    struct vga_frame f;
    vt_render(t, &f);
    ck_assert_uint_eq(f.width, 320);
    ck_assert_uint_eq(vt_px(&f, 0, 0), 0);
    seq_w(t, 0x01, 0x01);
    (void)inb(t, 0x3da);
    outb(t, 0x3c0, 0x00);                               /* PAS = 0 */
    vga_render(t->vga, &f);
    ck_assert_uint_eq(vt_px(&f, 0, 0), vt_dac_rgb(0x05));
    ck_assert_uint_eq(vt_px(&f, 319, 199), vt_dac_rgb(0x05));
    (void)inb(t, 0x3da);
    outb(t, 0x3c0, 0x20);
    vga_render(t->vga, &f);
    ck_assert_uint_eq(vt_px(&f, 0, 0), vt_dac_rgb(0x21));
    seq_w(t, 0x00, 0x01);                               /* synchronous reset: no video */
    vga_render(t->vga, &f);
    ck_assert_uint_eq(vt_px(&f, 0, 0), 0);
    vt_free(t);
}
END_TEST

START_TEST(render_reports_changes_only)
{
    struct vt *t = vt_new();
    vt_set_mode(t, &VT_MODE13);
    struct vga_frame f;
    ck_assert(vga_render(t->vga, &f));
    uint64_t serial = f.serial;
    ck_assert(!vga_render(t->vga, &f));
    ck_assert_uint_eq(f.serial, serial);
    wr8(t, A0 + 9, 3);
    ck_assert(vga_render(t->vga, &f));
    ck_assert_uint_gt(f.serial, serial);
    ck_assert(!vga_render(t->vga, &f));
    outb(t, 0x3c8, 3);
    outb(t, 0x3c9, 1);
    outb(t, 0x3c9, 2);
    outb(t, 0x3c9, 3);
    ck_assert(vga_render(t->vga, &f));
    ck_assert_uint_eq(vt_px(&f, 9, 0), (vt_scale6(1) << 16) | (vt_scale6(2) << 8) | vt_scale6(3));
    vt_free(t);
}
END_TEST

static uint32_t xorshift(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* Any register contents render without touching memory out of bounds
 * (ASan watches) and give a picture of sane size.  _i seeds the values. */
START_TEST(random_registers_render_safely)
{
    struct vt *t = vt_new();
    uint32_t seed = 0x9e3779b9u * (uint32_t)(_i + 1);
    struct vga_text *txt = malloc(sizeof *txt);
    ck_assert_ptr_nonnull(txt);
#define RND() xorshift(&seed)
    for (unsigned round = 0; round < 4; round++) {
        outb(t, 0x3c2, (uint8_t)(RND() | 0x02));
        for (unsigned i = 0; i < 5; i++)
            seq_w(t, (uint8_t)i, (uint8_t)RND());
        seq_w(t, 0, 3);
        crtc_w(t, 0x11, 0x00);
        for (unsigned i = 0; i < 25; i++)
            crtc_w(t, (uint8_t)i, (uint8_t)RND());
        for (unsigned i = 0; i < 9; i++)
            gc_w(t, (uint8_t)i, (uint8_t)RND());
        (void)inb(t, 0x3da);
        for (unsigned i = 0; i < 21; i++) {
            outb(t, 0x3c0, (uint8_t)i);
            outb(t, 0x3c0, (uint8_t)RND());
        }
        outb(t, 0x3c0, 0x20);
        for (unsigned i = 0; i < 256; i++)
            wr8(t, 0xa0000 + (RND() & 0x1ffff), (uint8_t)RND());
        if ((RND() & 3) == 0) {
            static const uint16_t bpps[] = { 4, 8, 15, 16, 24, 32 };
            outw(t, 0x1ce, 4);
            outw(t, 0x1cf, 0);
            for (uint16_t r = 1; r <= 9; r++) {
                outw(t, 0x1ce, r);
                outw(t, 0x1cf, r == 3 ? bpps[RND() % 6] : (uint16_t)(RND() % 2600));
                if (r == 3) {
                    outw(t, 0x1ce, 4);
                    outw(t, 0x1cf, (uint16_t)(RND() | 1));
                }
            }
        }
        t->icount += RND() % 1000000;
        struct vga_frame f;
        vga_render(t->vga, &f);
        ck_assert_uint_le(f.width, 2560);
        ck_assert_uint_le(f.height, 1600);
        ck_assert_uint_ge(f.width, 1);
        ck_assert_uint_ge(f.height, 1);
        vga_text_capture(t->vga, txt);
        ck_assert_uint_le(txt->rows, VGA_TEXT_MAX_ROWS);
        char buf[512];
        vga_text_format(txt, buf, sizeof buf);
        (void)inb(t, 0x3da);
        (void)inb(t, 0x3c2);
    }
#undef RND
    free(txt);
    vt_free(t);
}
END_TEST

static Suite *vga_render_suite(void)
{
    Suite *s = suite_create("vga_render");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, mode3_text_cells_and_ninth_column);
    tcase_add_test(tc, mode3_blink_and_cursor_follow_frames);
    tcase_add_test(tc, mode3_pel_panning_9dot);
    tcase_add_test(tc, mode3_512_character_font);
    tcase_add_test(tc, mode7_mono_underline);
    tcase_add_test(tc, mode4_cga_four_colour_banks);
    tcase_add_test(tc, mode6_cga_two_colour);
    tcase_add_test(tc, mode0d_planar_320x200);
    tcase_add_test(tc, mode12_planar_640x480);
    tcase_add_test(tc, mode13_chained_256);
    tcase_add_test(tc, mode13_palette_registers_apply_per_nibble);
    tcase_add_test(tc, mode_x_unchained_320x240_and_page_flip);
    tcase_add_test(tc, split_screen_with_pan_compat);
    tcase_add_test(tc, mid_frame_panning_applies_from_its_line);
    tcase_add_test(tc, mid_frame_line_compare_change);
    tcase_add_test(tc, screen_off_and_palette_access_blank);
    tcase_add_test(tc, render_reports_changes_only);
    tcase_add_loop_test(tc, random_registers_render_safely, 0, 64);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(vga_render_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
