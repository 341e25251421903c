/* tests/unit/test_vga_vbe.c: the Bochs VBE (DISPI) interface: IDs, mode
 * set, capabilities, LFB and banked writes in every depth, virtual width
 * and offsets, the memory size register, 8-bit DAC, returning to VGA; and
 * vga_reset and vga_describe. */
#include "tests/unit/vgatest.h"

#define LFB VGA_LFB_DEFAULT_BASE

static void vbe_w(struct vt *t, uint16_t idx, uint16_t v)
{
    outw(t, 0x1ce, idx);
    outw(t, 0x1cf, v);
}
static uint16_t vbe_r(struct vt *t, uint16_t idx)
{
    outw(t, 0x1ce, idx);
    return inw(t, 0x1cf);
}

static void vbe_mode(struct vt *t, uint16_t x, uint16_t y, uint16_t bpp, uint16_t flags)
{
    vbe_w(t, 4, 0);
    vbe_w(t, 1, x);
    vbe_w(t, 2, y);
    vbe_w(t, 3, bpp);
    vbe_w(t, 4, (uint16_t)(0x01 | flags));
}

START_TEST(id_and_memory_size)
{
    struct vt *t = vt_new();
    ck_assert_uint_eq(vbe_r(t, 0), 0xb0c0);
    vbe_w(t, 0, 0xb0c5);
    ck_assert_uint_eq(vbe_r(t, 0), 0xb0c5);
    vbe_w(t, 0, 0xb0d0);                                /* not an interface version */
    ck_assert_uint_eq(vbe_r(t, 0), 0xb0c5);
    ck_assert_uint_eq(vbe_r(t, 0x0a), (VGA_VRAM_DEFAULT_SIZE >> 16));
    vbe_w(t, 0x0a, 1);                                  /* read-only */
    ck_assert_uint_eq(vbe_r(t, 0x0a), (VGA_VRAM_DEFAULT_SIZE >> 16));
    /* Byte access to the index port. */
    outb(t, 0x1ce, 0x03);
    ck_assert_uint_eq(inb(t, 0x1ce), 0x03);
    vt_free(t);
}
END_TEST

START_TEST(getcaps_reports_maxima)
{
    struct vt *t = vt_new();
    vbe_w(t, 1, 800);
    vbe_w(t, 4, 0x02);
    ck_assert_uint_eq(vbe_r(t, 1), 2560);
    ck_assert_uint_eq(vbe_r(t, 2), 1600);
    ck_assert_uint_eq(vbe_r(t, 3), 32);
    vbe_w(t, 4, 0x00);
    ck_assert_uint_eq(vbe_r(t, 1), 800);
    vt_free(t);
}
END_TEST

START_TEST(lfb_32bpp_mode)
{
    struct vt *t = vt_new();
    vbe_mode(t, 640, 480, 32, 0x40);
    ck_assert_uint_eq(vbe_r(t, 4), 0x41);
    ck_assert_uint_eq(vbe_r(t, 6), 640);                /* virtual width = xres */
    ck_assert_uint_eq(vbe_r(t, 7), VGA_VRAM_DEFAULT_SIZE / (640 * 4));
    phys_write32(&t->pm, LFB + (10 * 640 + 20) * 4, 0x00123456u);
    phys_write8(&t->pm, LFB + (479 * 640 + 639) * 4 + 2, 0xff);
    struct vga_frame f;
    vt_render(t, &f);
    ck_assert_uint_eq(f.width, 640);
    ck_assert_uint_eq(f.height, 480);
    ck_assert_uint_eq(vt_px(&f, 20, 10), 0x123456u);
    ck_assert_uint_eq(vt_px(&f, 639, 479), 0xff0000u);
    ck_assert_uint_eq(vt_px(&f, 0, 0), 0);
    ck_assert_uint_eq(phys_read32(&t->pm, LFB + (10 * 640 + 20) * 4), 0x00123456u);
    /* Geometry cannot change while enabled. */
    vbe_w(t, 1, 800);
    ck_assert_uint_eq(vbe_r(t, 1), 640);
    ck_assert(!vga_is_text_mode(t->vga));
    vt_free(t);
}
END_TEST

START_TEST(packed_depths_16_15_24)
{
    struct vt *t = vt_new();
    struct vga_frame f;
    vbe_mode(t, 320, 200, 16, 0x40);
    phys_write16(&t->pm, LFB + 2 * 5, 0xf800);          /* red 31 */
    phys_write16(&t->pm, LFB + 2 * 6, 0x07e0);          /* green 63 */
    phys_write16(&t->pm, LFB + 2 * 7, 0x0010);          /* blue 16 -> 84h */
    vt_render(t, &f);
    ck_assert_uint_eq(vt_px(&f, 5, 0), 0xff0000u);
    ck_assert_uint_eq(vt_px(&f, 6, 0), 0x00ff00u);
    ck_assert_uint_eq(vt_px(&f, 7, 0), 0x000084u);
    vbe_mode(t, 320, 200, 15, 0x40);                    /* the enable clears memory */
    ck_assert_uint_eq(phys_read16(&t->pm, LFB + 2 * 5), 0);
    phys_write16(&t->pm, LFB + 2 * 5, 0x7c00 | 0x0200);  /* red 31, green 16 */
    vt_render(t, &f);
    ck_assert_uint_eq(vt_px(&f, 5, 0), 0xff8400u);
    vbe_mode(t, 320, 200, 24, 0x40 | 0x80);             /* no-clear keeps memory */
    ck_assert_uint_eq(phys_read16(&t->pm, LFB + 2 * 5), 0x7e00);
    phys_write8(&t->pm, LFB + 3 * 4 + 0, 0x11);         /* B */
    phys_write8(&t->pm, LFB + 3 * 4 + 1, 0x22);         /* G */
    phys_write8(&t->pm, LFB + 3 * 4 + 2, 0x33);         /* R */
    vt_render(t, &f);
    ck_assert_uint_eq(vt_px(&f, 4, 0), 0x332211u);
    vt_free(t);
}
END_TEST

START_TEST(banked_8bpp_through_a0000)
{
    struct vt *t = vt_new();
    vt_set_mode(t, &VT_MODE13);                         /* loads the test DAC */
    vbe_mode(t, 800, 600, 8, 0);
    vbe_w(t, 5, 1);
    ck_assert_uint_eq(vbe_r(t, 5), 1);
    wr8(t, 0xa0000 + 5, 0x42);                          /* linear 65541 = (741, 81) */
    ck_assert_uint_eq(rd8(t, 0xa0000 + 5), 0x42);
    ck_assert_uint_eq(phys_read8(&t->pm, LFB + 65536 + 5), 0x42);
    ck_assert_uint_eq(rd8(t, 0xb0000), 0xff);           /* only the 64 KiB bank */
    vbe_w(t, 5, 0x4000);                                /* beyond memory: ignored */
    ck_assert_uint_eq(vbe_r(t, 5), 1);
    struct vga_frame f;
    vt_render(t, &f);
    ck_assert_uint_eq(f.width, 800);
    ck_assert_uint_eq(f.height, 600);
    ck_assert_uint_eq(vt_px(&f, 741, 81), vt_dac_rgb(0x42));
    ck_assert_uint_eq(vt_px(&f, 740, 81), vt_dac_rgb(0x00));
    vt_free(t);
}
END_TEST

START_TEST(virtual_width_and_offsets)
{
    struct vt *t = vt_new();
    vbe_mode(t, 640, 480, 32, 0x40);
    vbe_w(t, 6, 1024);
    ck_assert_uint_eq(vbe_r(t, 6), 1024);
    ck_assert_uint_eq(vbe_r(t, 7), VGA_VRAM_DEFAULT_SIZE / 4096);
    vbe_w(t, 6, 320);                                   /* narrower than xres: ignored */
    ck_assert_uint_eq(vbe_r(t, 6), 1024);
    phys_write32(&t->pm, LFB + (12 * 1024 + 700) * 4, 0x00abcdefu);
    vbe_w(t, 8, 100);
    vbe_w(t, 9, 10);
    struct vga_frame f;
    vt_render(t, &f);
    ck_assert_uint_eq(vt_px(&f, 600, 2), 0xabcdefu);
    vt_free(t);
}
END_TEST

START_TEST(mode_too_large_is_refused)
{
    struct vga_config cfg = { .vram_size = 4u << 20 };
    struct vt *t = vt_new_cfg(&cfg);
    vbe_mode(t, 1600, 1200, 32, 0x40);                  /* 7.3 MiB > 4 MiB */
    ck_assert_uint_eq(vbe_r(t, 4) & 1, 0);
    vbe_mode(t, 1280, 1024, 16, 0x40);
    ck_assert_uint_eq(vbe_r(t, 4) & 1, 1);
    ck_assert_uint_eq(vbe_r(t, 0x0a), 64);
    vbe_w(t, 4, 0);
    vbe_w(t, 3, 12);                                    /* depth not supported: ignored */
    ck_assert_uint_eq(vbe_r(t, 3), 16);
    vt_free(t);
}
END_TEST

START_TEST(planar_4bpp)
{
    struct vt *t = vt_new();
    vt_set_mode(t, &VT_MODE12);                         /* graphics controller, palette */
    vbe_mode(t, 1024, 768, 4, 0);
    /* Pixel (1023, 767): byte 767 * 128 + 127 = 98303, bank 1 offset 32767. */
    vbe_w(t, 5, 1);
    gc_w(t, 0x05, 0x02);
    gc_w(t, 0x08, 0x01);
    (void)rd8(t, 0xa0000 + 32767);
    wr8(t, 0xa0000 + 32767, 0x0c);
    struct vga_frame f;
    vt_render(t, &f);
    ck_assert_uint_eq(f.width, 1024);
    ck_assert_uint_eq(vt_px(&f, 1023, 767), vt_pal_rgb(&VT_MODE12, 0x0c));
    ck_assert_uint_eq(vt_px(&f, 1022, 767), vt_pal_rgb(&VT_MODE12, 0));
    vt_free(t);
}
END_TEST

START_TEST(dac_8bit_mode)
{
    struct vt *t = vt_new();
    vbe_mode(t, 320, 200, 8, 0x40 | 0x20);
    outb(t, 0x3c8, 1);
    outb(t, 0x3c9, 0xff);
    outb(t, 0x3c9, 0x80);
    outb(t, 0x3c9, 0x01);
    outb(t, 0x3c7, 1);
    ck_assert_uint_eq(inb(t, 0x3c9), 0xff);             /* 8 bits kept */
    phys_write8(&t->pm, LFB, 1);
    struct vga_frame f;
    vt_render(t, &f);
    ck_assert_uint_eq(vt_px(&f, 0, 0), 0xff8001u);
    vt_free(t);
}
END_TEST

/* Back to a 6-bit DAC, an entry written 8 bits wide shows its low 6 bits
 * in its own channel (no bleeding into the next). */
START_TEST(dac_back_to_6bit)
{
    struct vt *t = vt_new();
    vbe_mode(t, 320, 200, 8, 0x40 | 0x20);
    outb(t, 0x3c8, 1);
    outb(t, 0x3c9, 0xc1);
    outb(t, 0x3c9, 0xff);
    outb(t, 0x3c9, 0x40);
    vbe_w(t, 4, 0x41);                                  /* 6 bits again, still enabled */
    phys_write8(&t->pm, LFB, 1);
    struct vga_frame f;
    vt_render(t, &f);
    ck_assert_uint_eq(vt_px(&f, 0, 0), 0x04ff00u);      /* 01h, 3Fh, 00h as 6-bit levels */
    vt_free(t);
}
END_TEST

/* vga_reset: the power-on state: VBE off with its defaults, registers and
 * DAC zero, memory cleared, the framebuffer base kept. */
START_TEST(reset_gives_power_on_state)
{
    struct vt *t = vt_new();
    vt_set_text_mode(t, &VT_MODE3, 16);
    vbe_w(t, 0, 0xb0c5);
    vbe_mode(t, 800, 600, 32, 0x40 | 0x20);
    phys_write32(&t->pm, LFB + 0x1000, 0x12345678);
    outb(t, 0x3c8, 7);
    outb(t, 0x3c9, 0x3f);
    outb(t, 0x3c9, 0x3f);
    outb(t, 0x3c9, 0x3f);
    vga_reset(t->vga);
    ck_assert(vga_is_text_mode(t->vga));
    ck_assert_uint_eq(vbe_r(t, 0), 0xb0c0);
    ck_assert_uint_eq(vbe_r(t, 1), 640);
    ck_assert_uint_eq(vbe_r(t, 2), 480);
    ck_assert_uint_eq(vbe_r(t, 3), 8);
    ck_assert_uint_eq(vbe_r(t, 4), 0);
    ck_assert_uint_eq(phys_read32(&t->pm, LFB + 0x1000), 0);
    outb(t, 0x3c7, 7);
    ck_assert_uint_eq(inb(t, 0x3c9), 0);
    ck_assert_uint_eq(inb(t, 0x3c6), 0xff);             /* PEL mask open */
    ck_assert_uint_eq(inb(t, 0x3cc), 0);                /* misc output */
    outb(t, 0x3c4, 0);
    ck_assert_uint_eq(inb(t, 0x3c5), 0);                /* sequencer in reset */
    ck_assert_uint_eq(vga_lfb_base(t->vga), LFB);
    struct vga_frame f;
    vt_render(t, &f);                                   /* renders, black */
    ck_assert_uint_eq(vt_px(&f, 0, 0), 0);
    vt_free(t);
}
END_TEST

/* vga_describe: the debugger's text, from the state (ports untouched). */
START_TEST(describe_text_and_vbe)
{
    struct vt *t = vt_new();
    vt_set_text_mode(t, &VT_MODE3, 16);
    char buf[4096];
    outb(t, 0x3c4, 0x02);                               /* an index to keep */
    vga_describe(t->vga, buf, sizeof buf);
    ck_assert_msg(strncmp(buf, "Display: text; CRTC at 3D4h;", 28) == 0, "%s", buf);
    ck_assert_msg(strstr(buf, "\nText: 80 columns x 25 rows, cursor ") != NULL, "%s", buf);
    ck_assert_msg(strstr(buf, "\nSR index 02, ") != NULL, "%s", buf);
    ck_assert_msg(strstr(buf, "\nAR10: ") != NULL, "%s", buf);
    ck_assert_uint_eq(inb(t, 0x3c4), 0x02);
    vbe_mode(t, 1024, 768, 16, 0x40);
    vga_describe(t->vga, buf, sizeof buf);
    ck_assert_msg(strncmp(buf, "Display: VBE graphics 1024x768, 16 bpp, linear framebuffer;",
                          59) == 0, "%s", buf);
    ck_assert_msg(strstr(buf, "\nVBE: b0c0 0400 0300 0010 0041 ") != NULL, "%s", buf);
    /* A short buffer is cut, still terminated. */
    char small[16];
    vga_describe(t->vga, small, sizeof small);
    ck_assert_uint_eq(strlen(small), sizeof small - 1);
    vt_free(t);
}
END_TEST

START_TEST(disable_returns_to_vga)
{
    struct vt *t = vt_new();
    vt_set_text_mode(t, &VT_MODE3, 16);
    vbe_mode(t, 640, 480, 8, 0x80);
    ck_assert(!vga_is_text_mode(t->vga));
    vbe_w(t, 4, 0);
    ck_assert(vga_is_text_mode(t->vga));
    struct vga_frame f;
    vt_render(t, &f);
    ck_assert_uint_eq(f.width, 720);
    ck_assert_uint_eq(f.height, 400);
    vt_free(t);
}
END_TEST

static Suite *vga_vbe_suite(void)
{
    Suite *s = suite_create("vga_vbe");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, id_and_memory_size);
    tcase_add_test(tc, getcaps_reports_maxima);
    tcase_add_test(tc, lfb_32bpp_mode);
    tcase_add_test(tc, packed_depths_16_15_24);
    tcase_add_test(tc, banked_8bpp_through_a0000);
    tcase_add_test(tc, virtual_width_and_offsets);
    tcase_add_test(tc, mode_too_large_is_refused);
    tcase_add_test(tc, planar_4bpp);
    tcase_add_test(tc, dac_8bit_mode);
    tcase_add_test(tc, dac_back_to_6bit);
    tcase_add_test(tc, reset_gives_power_on_state);
    tcase_add_test(tc, describe_text_and_vbe);
    tcase_add_test(tc, disable_returns_to_vga);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(vga_vbe_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
