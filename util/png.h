/* util/png.h: a small PNG writer and reader (ISO/IEC 15948, the PNG
 * specification), with zlib for deflate and CRCs.  The writer emits 8-bit
 * RGB or RGBA, non-interlaced, choosing a filter per row; the reader takes
 * 8-bit non-interlaced images of any colour type (grey, RGB, palette,
 * grey+alpha, RGBA), which covers what we write and common golden images.
 * LIMITATION: no 1/2/4/16-bit depths and no Adam7 interlacing on read. */
#ifndef VIREO_UTIL_PNG_H
#define VIREO_UTIL_PNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

#define PNG_MAX_DIM 16384u      /* the reader refuses larger images */

/* Pixels are uint32_t values 0xAARRGGBB (RGB in the low 24 bits, as the
 * VGA renders them), row-major, `stride` pixels apart. */

/* Encode to a malloc'ed buffer (*out, *out_len; free() it).  With
 * has_alpha the image is RGBA (alpha from bits 24-31), else RGB. */
int png_encode(const uint32_t *px, unsigned width, unsigned height, size_t stride,
               bool has_alpha, uint8_t **out, size_t *out_len, struct emu_err *err);
int png_write_file(const char *path, const uint32_t *px, unsigned width, unsigned height,
                   size_t stride, bool has_alpha, struct emu_err *err);

struct png_image {
    unsigned width, height;
    uint32_t *pixels;           /* 0xAARRGGBB, width per row; alpha 0xFF when opaque */
    bool has_alpha;             /* the file had an alpha channel or tRNS */
};

int png_decode(const uint8_t *data, size_t len, struct png_image *img, struct emu_err *err);
int png_read_file(const char *path, struct png_image *img, struct emu_err *err);
void png_image_free(struct png_image *img);

#endif
