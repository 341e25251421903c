/* tests/unit/test_png.c: util/png.c: RGB and RGBA round trips through
 * every filter, files, foreign colour types built here by hand (grey,
 * palette with tRNS, grey+alpha), and corrupt input rejected cleanly. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "util/png.h"

/* A deterministic image with smooth areas, edges and noise, so the
 * encoder's per-row filter choice varies. */
static uint32_t *test_image(unsigned w, unsigned h, bool alpha)
{
    uint32_t *px = malloc((size_t)w * h * sizeof *px);
    ck_assert_ptr_nonnull(px);
    uint32_t seed = 12345;
    for (unsigned y = 0; y < h; y++)
        for (unsigned x = 0; x < w; x++) {
            seed = seed * 1103515245u + 12345u;
            uint32_t v;
            if (y < h / 3)
                v = (x * 255 / w) << 16 | (y * 7 & 0xff) << 8 | 0x40;      /* gradient */
            else if (y < 2 * h / 3)
                v = ((x / 8 + y / 8) & 1) ? 0xffffff : 0x000000;             /* checks */
            else
                v = seed >> 8;                                                /* noise */
            px[(size_t)y * w + x] = (v & 0xffffff) | (alpha ? ((x ^ y) & 0xff) << 24 : 0);
        }
    return px;
}

static void round_trip(unsigned w, unsigned h, bool alpha)
{
    uint32_t *px = test_image(w, h, alpha);
    uint8_t *data;
    size_t len;
    struct emu_err err = { 0 };
    ck_assert_int_eq(png_encode(px, w, h, w, alpha, &data, &len, &err), 0);
    ck_assert_uint_gt(len, 8 + 25 + 12 + 12);
    struct png_image img;
    ck_assert_msg(png_decode(data, len, &img, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(img.width, w);
    ck_assert_uint_eq(img.height, h);
    ck_assert(img.has_alpha == alpha);
    for (size_t i = 0; i < (size_t)w * h; i++)
        ck_assert_uint_eq(img.pixels[i], alpha ? px[i] : (px[i] | 0xff000000u));
    png_image_free(&img);
    free(data);
    free(px);
}

START_TEST(round_trip_rgb)
{
    round_trip(97, 61, false);
    round_trip(1, 1, false);
}
END_TEST

START_TEST(round_trip_rgba)
{
    round_trip(64, 48, true);
}
END_TEST

START_TEST(stride_and_file)
{
    uint32_t px[4 * 3];
    for (unsigned i = 0; i < 12; i++)
        px[i] = 0x010203u * i;
    char path[] = "/tmp/vireo-png-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    struct emu_err err = { 0 };
    ck_assert_int_eq(png_write_file(path, px, 3, 3, 4, false, &err), 0);   /* 3x3 of a 4-wide buffer */
    struct png_image img;
    ck_assert_int_eq(png_read_file(path, &img, &err), 0);
    unlink(path);
    ck_assert_uint_eq(img.width, 3);
    for (unsigned y = 0; y < 3; y++)
        for (unsigned x = 0; x < 3; x++)
            ck_assert_uint_eq(img.pixels[y * 3 + x], 0xff000000u | px[y * 4 + x]);
    png_image_free(&img);
    ck_assert_int_eq(png_read_file("/nonexistent/none.png", &img, &err), EMU_EIO);
}
END_TEST

/* ---- Hand-built PNGs for the colour types we do not write ---- */

struct built {
    uint8_t data[4096];
    size_t len;
};

static void be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static void chunk(struct built *b, const char *type, const uint8_t *d, uint32_t n)
{
    be32(b->data + b->len, n);
    memcpy(b->data + b->len + 4, type, 4);
    if (n)
        memcpy(b->data + b->len + 8, d, n);
    uLong crc = crc32(0, b->data + b->len + 4, n + 4);
    be32(b->data + b->len + 8 + n, (uint32_t)crc);
    b->len += 12 + n;
}

static void build(struct built *b, uint32_t w, uint32_t h, uint8_t ctype, const uint8_t *raw,
                  size_t raw_len, const uint8_t *plte, uint32_t nplte, const uint8_t *trns,
                  uint32_t ntrns)
{
    static const uint8_t sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
    memcpy(b->data, sig, 8);
    b->len = 8;
    uint8_t ihdr[13] = { 0 };
    be32(ihdr, w);
    be32(ihdr + 4, h);
    ihdr[8] = 8;
    ihdr[9] = ctype;
    chunk(b, "IHDR", ihdr, 13);
    static const uint8_t text[] = "Comment\0hand-built";
    chunk(b, "tEXt", text, sizeof text - 1);            /* ancillary: skipped */
    if (nplte)
        chunk(b, "PLTE", plte, nplte);
    if (ntrns)
        chunk(b, "tRNS", trns, ntrns);
    uint8_t z[1024];
    uLongf zlen = sizeof z;
    ck_assert_int_eq(compress(z, &zlen, raw, (uLong)raw_len), Z_OK);
    /* Split the data over two IDAT chunks, as encoders may. */
    chunk(b, "IDAT", z, (uint32_t)(zlen / 2));
    chunk(b, "IDAT", z + zlen / 2, (uint32_t)(zlen - zlen / 2));
    chunk(b, "IEND", NULL, 0);
}

START_TEST(decode_grey_palette_and_grey_alpha)
{
    struct built b;
    struct png_image img;
    struct emu_err err = { 0 };
    /* Grey 2x2, rows with filters Sub and Up. */
    static const uint8_t grey[] = { 1, 10, 5,  2, 1, 1 };   /* 10 15 / 11 16 */
    build(&b, 2, 2, 0, grey, sizeof grey, NULL, 0, NULL, 0);
    ck_assert_msg(png_decode(b.data, b.len, &img, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(img.pixels[0], 0xff0a0a0au);
    ck_assert_uint_eq(img.pixels[1], 0xff0f0f0fu);
    ck_assert_uint_eq(img.pixels[2], 0xff0b0b0bu);
    ck_assert_uint_eq(img.pixels[3], 0xff101010u);
    png_image_free(&img);
    /* Palette 3x2 with tRNS on entry 1; rows filtered None and Paeth. */
    static const uint8_t pal[] = { 0xff, 0, 0, 0, 0xff, 0, 0, 0, 0xff };
    static const uint8_t trns[] = { 0xff, 0x80 };
    static const uint8_t idx[] = { 0, 0, 1, 2,  4, 2, 0, 0 };
    build(&b, 3, 2, 3, idx, sizeof idx, pal, 9, trns, 2);
    ck_assert_msg(png_decode(b.data, b.len, &img, &err) == 0, "%s", err.msg);
    ck_assert(img.has_alpha);
    ck_assert_uint_eq(img.pixels[0], 0xffff0000u);
    ck_assert_uint_eq(img.pixels[1], 0x8000ff00u);
    ck_assert_uint_eq(img.pixels[2], 0xff0000ffu);
    ck_assert_uint_eq(img.pixels[3], 0xff0000ffu);          /* Paeth(a=0,b=0,c=0) -> 2 */
    ck_assert_uint_eq(img.pixels[4], 0xff0000ffu);          /* 0 + Paeth(2, 1, 0) = 2 */
    ck_assert_uint_eq(img.pixels[5], 0xff0000ffu);
    png_image_free(&img);
    /* Grey + alpha 1x1. */
    static const uint8_t ga[] = { 0, 0x33, 0x44 };
    build(&b, 1, 1, 4, ga, sizeof ga, NULL, 0, NULL, 0);
    ck_assert_int_eq(png_decode(b.data, b.len, &img, &err), 0);
    ck_assert_uint_eq(img.pixels[0], 0x44333333u);
    png_image_free(&img);
}
END_TEST

START_TEST(corrupt_input_is_an_error)
{
    uint32_t px[4] = { 1, 2, 3, 4 };
    uint8_t *data;
    size_t len;
    struct emu_err err = { 0 };
    struct png_image img;
    ck_assert_int_eq(png_encode(px, 2, 2, 2, false, &data, &len, &err), 0);
    data[20] ^= 1;                                          /* inside IHDR: CRC fails */
    ck_assert_int_eq(png_decode(data, len, &img, &err), EMU_EFORMAT);
    ck_assert_ptr_null(img.pixels);
    data[20] ^= 1;
    for (size_t cut = 0; cut < len; cut += 3)               /* every truncation */
        ck_assert_int_eq(png_decode(data, cut, &img, &err), EMU_EFORMAT);
    ck_assert_int_eq(png_decode(data, len, &img, &err), 0);
    png_image_free(&img);
    free(data);
    static const uint8_t junk[] = "GIF89a......";
    ck_assert_int_eq(png_decode(junk, sizeof junk, &img, &err), EMU_EFORMAT);
    ck_assert_int_eq(png_encode(px, 0, 2, 2, false, &data, &len, &err), EMU_EINVAL);
    ck_assert_ptr_null(data);
    /* 16-bit depth is refused with a message, not misread. */
    struct built b;
    static const uint8_t raw[] = { 0, 1, 2 };
    build(&b, 1, 1, 0, raw, sizeof raw, NULL, 0, NULL, 0);
    b.data[8 + 8 + 8] = 16;                                 /* bit depth byte of IHDR */
    uLong crc = crc32(0, b.data + 12, 17);
    be32(b.data + 8 + 8 + 13, (uint32_t)crc);
    ck_assert_int_eq(png_decode(b.data, b.len, &img, &err), EMU_EFORMAT);
    ck_assert_ptr_nonnull(strstr(err.msg, "8-bit"));
}
END_TEST

static Suite *png_suite(void)
{
    Suite *s = suite_create("png");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, round_trip_rgb);
    tcase_add_test(tc, round_trip_rgba);
    tcase_add_test(tc, stride_and_file);
    tcase_add_test(tc, decode_grey_palette_and_grey_alpha);
    tcase_add_test(tc, corrupt_input_is_an_error);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(png_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
