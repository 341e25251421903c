/* tests/unit/test_vga_text.c: text capture as displayed (start address,
 * offset, character height, split screen, mono), the UTF-8 formatting,
 * and screenshots read back as PNG. */
#include "tests/unit/vgatest.h"

#include <stdio.h>
#include <unistd.h>

#include "util/png.h"

static void put_str(struct vt *t, uint32_t base, unsigned row, unsigned col, const char *s)
{
    for (unsigned i = 0; s[i]; i++) {
        wr8(t, base + (row * 80 + col + i) * 2, (uint8_t)s[i]);
        wr8(t, base + (row * 80 + col + i) * 2 + 1, 0x07);
    }
}

static void blank(struct vt *t, uint32_t base, unsigned rows)
{
    for (unsigned i = 0; i < rows * 80; i++) {
        wr8(t, base + 2 * i, ' ');
        wr8(t, base + 2 * i + 1, 0x07);
    }
}

static char *row_str(const struct vga_text *x, unsigned r, char *buf)
{
    for (unsigned c = 0; c < x->cols; c++)
        buf[c] = (char)x->ch[r][c];
    buf[x->cols] = '\0';
    return buf;
}

START_TEST(capture_honours_start_address)
{
    struct vt *t = vt_new();
    vt_set_text_mode(t, &VT_MODE3, 16);
    blank(t, 0xb8000, 60);
    put_str(t, 0xb8000, 0, 0, "HELLO");
    put_str(t, 0xb8000, 1, 0, "WORLD");
    put_str(t, 0xb8000, 25, 3, "BELOW");
    crtc_w(t, 0x0e, 0);
    crtc_w(t, 0x0f, 80 + 2);
    struct vga_text *x = malloc(sizeof *x);
    ck_assert_ptr_nonnull(x);
    char buf[300];
    vga_text_capture(t->vga, x);
    ck_assert_uint_eq(x->rows, 25);
    ck_assert_uint_eq(x->cols, 80);
    ck_assert_str_eq(strtok(row_str(x, 0, buf), " "), "HELLO");
    ck_assert_int_eq(x->cursor_row, 1);
    ck_assert_int_eq(x->cursor_col, 2);
    ck_assert(x->cursor_visible);
    /* vgacon scrolls by moving the start address one row (80 characters). */
    crtc_w(t, 0x0c, 0);
    crtc_w(t, 0x0d, 80);
    vga_text_capture(t->vga, x);
    ck_assert_uint_eq(x->rows, 25);
    ck_assert_str_eq(strtok(row_str(x, 0, buf), " "), "WORLD");
    ck_assert_str_eq(strtok(row_str(x, 24, buf), " "), "BELOW");
    ck_assert_int_eq(x->cursor_row, 0);
    ck_assert_int_eq(x->cursor_col, 2);
    crtc_w(t, 0x0a, 0x20);
    vga_text_capture(t->vga, x);
    ck_assert(!x->cursor_visible);
    free(x);
    vt_free(t);
}
END_TEST

START_TEST(capture_honours_offset_and_char_height)
{
    struct vt *t = vt_new();
    vt_set_text_mode(t, &VT_MODE3, 8);
    crtc_w(t, 0x09, 0x47);                              /* 8-line characters: 50 rows */
    crtc_w(t, 0x13, 50);                                /* 100 characters per row in memory */
    for (unsigned i = 0; i < 100 * 60; i++) {
        wr8(t, 0xb8000 + 2 * i, (uint8_t)('a' + (i / 100) % 26));
        wr8(t, 0xb8000 + 2 * i + 1, 0x07);
    }
    struct vga_text *x = malloc(sizeof *x);
    ck_assert_ptr_nonnull(x);
    vga_text_capture(t->vga, x);
    ck_assert_uint_eq(x->rows, 50);
    ck_assert_uint_eq(x->cols, 80);
    ck_assert_uint_eq(x->ch[0][79], 'a');
    ck_assert_uint_eq(x->ch[1][0], 'b');
    ck_assert_uint_eq(x->ch[49][0], 'a' + 49 % 26);
    free(x);
    vt_free(t);
}
END_TEST

START_TEST(capture_honours_split_screen)
{
    struct vt *t = vt_new();
    vt_set_text_mode(t, &VT_MODE3, 16);
    blank(t, 0xb8000, 60);
    put_str(t, 0xb8000, 0, 0, "STATUS");
    put_str(t, 0xb8000, 30, 0, "SCROLLED");
    crtc_w(t, 0x0c, (30 * 80) >> 8);
    crtc_w(t, 0x0d, (30 * 80) & 0xff);
    crtc_w(t, 0x11, 0x0e);                              /* unprotect CR07 */
    crtc_w(t, 0x18, 0x3f);                              /* line compare 13Fh = 319: */
    crtc_w(t, 0x07, 0x1f);                              /* the split follows 20 rows */
    crtc_w(t, 0x09, 0x0f);
    struct vga_text *x = malloc(sizeof *x);
    ck_assert_ptr_nonnull(x);
    char buf[300];
    vga_text_capture(t->vga, x);
    ck_assert_uint_eq(x->rows, 25);
    ck_assert_str_eq(strtok(row_str(x, 0, buf), " "), "SCROLLED");
    ck_assert_str_eq(strtok(row_str(x, 20, buf), " "), "STATUS");
    free(x);
    vt_free(t);
}
END_TEST

START_TEST(capture_mono_and_graphics)
{
    struct vt *t = vt_new();
    vt_set_text_mode(t, &VT_MODE7, 14);
    blank(t, 0xb0000, 25);
    put_str(t, 0xb0000, 3, 10, "MONO");
    struct vga_text *x = malloc(sizeof *x);
    ck_assert_ptr_nonnull(x);
    vga_text_capture(t->vga, x);
    ck_assert_uint_eq(x->rows, 25);
    ck_assert_uint_eq(x->ch[3][10], 'M');
    ck_assert_uint_eq(x->ch[3][13], 'O');
    vt_set_mode(t, &VT_MODE13);
    vga_text_capture(t->vga, x);
    ck_assert_uint_eq(x->rows, 0);
    ck_assert_uint_eq(x->cols, 0);
    ck_assert_int_eq(x->cursor_row, -1);
    free(x);
    vt_free(t);
}
END_TEST

START_TEST(format_trims_and_encodes_cp437)
{
    struct vga_text *x = calloc(1, sizeof *x);
    ck_assert_ptr_nonnull(x);
    x->rows = 2;
    x->cols = 6;
    memcpy(x->ch[0], "Hi   \0", 6);
    x->ch[1][0] = 0xc4;                 /* box drawing horizontal */
    x->ch[1][1] = 0x01;                 /* smiley */
    x->ch[1][2] = 'z';
    x->ch[1][3] = x->ch[1][4] = x->ch[1][5] = ' ';
    char buf[64];
    size_t n = vga_text_format(x, buf, sizeof buf);
    ck_assert_str_eq(buf, "Hi\n\xe2\x94\x80\xe2\x98\xbaz\n");
    ck_assert_uint_eq(n, strlen(buf));
    char tiny[4];
    ck_assert_uint_eq(vga_text_format(x, tiny, sizeof tiny), n);    /* snprintf-like */
    ck_assert_str_eq(tiny, "Hi\n");
    char u[4];
    ck_assert_uint_eq(vga_cp437_utf8(0x82, u), 2);                  /* e acute */
    ck_assert(memcmp(u, "\xc3\xa9", 2) == 0);
    free(x);
}
END_TEST

START_TEST(screenshot_round_trips_through_png)
{
    struct vt *t = vt_new();
    vt_set_mode(t, &VT_MODE13);
    for (unsigned i = 0; i < 320 * 200; i += 7)
        wr8(t, 0xa0000 + i, (uint8_t)(i * 13));
    char path[] = "/tmp/vireo-vga-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    struct emu_err err = { 0 };
    ck_assert_int_eq(vga_screenshot(t->vga, path, &err), 0);
    struct png_image img;
    ck_assert_msg(png_read_file(path, &img, &err) == 0, "%s", err.msg);
    unlink(path);
    struct vga_frame f;
    vt_render(t, &f);
    ck_assert_uint_eq(img.width, 320);
    ck_assert_uint_eq(img.height, 200);
    ck_assert(!img.has_alpha);
    for (unsigned y = 0; y < 200; y++)
        for (unsigned x = 0; x < 320; x++)
            ck_assert_uint_eq(img.pixels[y * 320 + x], 0xff000000u | vt_px(&f, x, y));
    ck_assert_uint_eq(img.pixels[7], 0xff000000u | vt_dac_rgb(7 * 13));
    png_image_free(&img);
    ck_assert_int_ne(vga_screenshot(t->vga, "/nonexistent-dir/x.png", &err), 0);
    ck_assert_int_eq(err.code, EMU_EIO);
    vt_free(t);
}
END_TEST

static Suite *vga_text_suite(void)
{
    Suite *s = suite_create("vga_text");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, capture_honours_start_address);
    tcase_add_test(tc, capture_honours_offset_and_char_height);
    tcase_add_test(tc, capture_honours_split_screen);
    tcase_add_test(tc, capture_mono_and_graphics);
    tcase_add_test(tc, format_trims_and_encodes_cp437);
    tcase_add_test(tc, screenshot_round_trips_through_png);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(vga_text_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
