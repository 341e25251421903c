/* util/png.c: PNG encoding and decoding per the PNG specification
 * (ISO/IEC 15948): signature, IHDR/PLTE/tRNS/IDAT/IEND chunks with CRC-32,
 * zlib-deflated scan lines with the five filter types.  See png.h. */
#include "util/png.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

static const uint8_t png_sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

static void put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static uint32_t get_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

/* ---- Filters (spec section 9) ---- */

static uint8_t paeth(uint8_t a, uint8_t b, uint8_t c)
{
    int p = (int)a + b - c;
    int pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);
    if (pa <= pb && pa <= pc)
        return a;
    return pb <= pc ? b : c;
}

/* The predictor for byte i of a row under filter type f (1-4); prev is the
 * unfiltered previous row (zeros above the first), cur the unfiltered row. */
static uint8_t predict(unsigned f, const uint8_t *cur, const uint8_t *prev, size_t i,
                       unsigned bpp)
{
    uint8_t a = i >= bpp ? cur[i - bpp] : 0;
    uint8_t b = prev[i];
    uint8_t c = i >= bpp ? prev[i - bpp] : 0;
    switch (f) {
    case 1: return a;
    case 2: return b;
    case 3: return (uint8_t)((a + b) / 2);
    case 4: return paeth(a, b, c);
    default: return 0;
    }
}

/* ---- Writer ---- */

struct obuf {
    uint8_t *p;
    size_t len, cap;
};

static int obuf_put(struct obuf *b, const void *data, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n)
            cap *= 2;
        uint8_t *p = realloc(b->p, cap);
        if (p == NULL)
            return -1;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, n);
    b->len += n;
    return 0;
}

static int put_chunk(struct obuf *b, const char type[4], const uint8_t *data, size_t n)
{
    uint8_t hdr[8], tail[4];
    put_be32(hdr, (uint32_t)n);
    memcpy(hdr + 4, type, 4);
    uLong crc = crc32(0L, Z_NULL, 0);
    crc = crc32(crc, (const Bytef *)type, 4);
    if (n > 0)
        crc = crc32(crc, data, (uInt)n);
    put_be32(tail, (uint32_t)crc);
    return obuf_put(b, hdr, 8) || (n > 0 && obuf_put(b, data, n)) || obuf_put(b, tail, 4);
}

int png_encode(const uint32_t *px, unsigned width, unsigned height, size_t stride,
               bool has_alpha, uint8_t **out, size_t *out_len, struct emu_err *err)
{
    *out = NULL;
    *out_len = 0;
    if (width == 0 || height == 0 || width > PNG_MAX_DIM || height > PNG_MAX_DIM)
        return emu_fail(err, EMU_EINVAL, "png: cannot encode a %ux%u image", width, height);
    unsigned bpp = has_alpha ? 4 : 3;
    size_t row = (size_t)width * bpp;
    size_t raw_len = (row + 1) * height;
    uint8_t *raw = malloc(raw_len);
    uint8_t *rows = calloc(2, row);             /* previous and current unfiltered rows */
    uint8_t *cand = malloc(5 * row);
    uLongf zlen = compressBound((uLong)raw_len);
    uint8_t *z = malloc(zlen);
    struct obuf b = { 0 };
    int rc = 0;
    if (raw == NULL || rows == NULL || cand == NULL || z == NULL) {
        rc = emu_fail(err, EMU_ENOMEM, "png: out of memory for a %ux%u image", width, height);
        goto done;
    }
    uint8_t *prev = rows, *cur = rows + row;
    for (unsigned y = 0; y < height; y++) {
        const uint32_t *s = px + (size_t)y * stride;
        for (unsigned x = 0; x < width; x++) {
            uint8_t *d = cur + (size_t)x * bpp;
            d[0] = (uint8_t)(s[x] >> 16);
            d[1] = (uint8_t)(s[x] >> 8);
            d[2] = (uint8_t)s[x];
            if (has_alpha)
                d[3] = (uint8_t)(s[x] >> 24);
        }
        /* Choose the filter with the least sum of absolute signed bytes,
         * the heuristic the specification recommends. */
        unsigned best = 0;
        unsigned long best_sum = ~0ul;
        for (unsigned f = 0; f < 5; f++) {
            uint8_t *c = cand + f * row;
            unsigned long sum = 0;
            for (size_t i = 0; i < row; i++) {
                c[i] = (uint8_t)(cur[i] - predict(f, cur, prev, i, bpp));
                sum += c[i] < 128 ? c[i] : 256u - c[i];
            }
            if (sum < best_sum) {
                best_sum = sum;
                best = f;
            }
        }
        uint8_t *r = raw + (size_t)y * (row + 1);
        r[0] = (uint8_t)best;
        memcpy(r + 1, cand + best * row, row);
        uint8_t *t = prev;
        prev = cur;
        cur = t;
    }
    if (compress2(z, &zlen, raw, (uLong)raw_len, 6) != Z_OK) {
        rc = emu_fail(err, EMU_EINVAL, "png: zlib compression failed");
        goto done;
    }
    uint8_t ihdr[13];
    put_be32(ihdr, width);
    put_be32(ihdr + 4, height);
    ihdr[8] = 8;                                /* bit depth */
    ihdr[9] = has_alpha ? 6 : 2;                /* colour type: RGBA or RGB */
    ihdr[10] = ihdr[11] = ihdr[12] = 0;         /* deflate, adaptive filters, no interlace */
    if (obuf_put(&b, png_sig, sizeof png_sig) || put_chunk(&b, "IHDR", ihdr, sizeof ihdr) ||
        put_chunk(&b, "IDAT", z, zlen) || put_chunk(&b, "IEND", NULL, 0)) {
        free(b.p);
        rc = emu_fail(err, EMU_ENOMEM, "png: out of memory");
        goto done;
    }
    *out = b.p;
    *out_len = b.len;
done:
    free(raw);
    free(rows);
    free(cand);
    free(z);
    return rc;
}

int png_write_file(const char *path, const uint32_t *px, unsigned width, unsigned height,
                   size_t stride, bool has_alpha, struct emu_err *err)
{
    uint8_t *data;
    size_t len;
    int rc = png_encode(px, width, height, stride, has_alpha, &data, &len, err);
    if (rc != 0)
        return rc;
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        free(data);
        return emu_fail(err, EMU_EIO, "%s: cannot create file", path);
    }
    size_t n = fwrite(data, 1, len, f);
    int close_rc = fclose(f);
    free(data);
    if (n != len || close_rc != 0)
        return emu_fail(err, EMU_EIO, "%s: write failed", path);
    return 0;
}

/* ---- Reader ---- */

struct ihdr {
    uint32_t width, height;
    uint8_t depth, ctype, interlace;
    unsigned channels;
};

/* Channels per colour type: 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA. */
static const uint8_t ctype_channels[7] = { 1, 0, 3, 1, 2, 0, 4 };

static int parse_ihdr(const uint8_t *d, uint32_t len, struct ihdr *h, struct emu_err *err)
{
    if (len != 13)
        return emu_fail(err, EMU_EFORMAT, "png: IHDR is %u bytes", len);
    h->width = get_be32(d);
    h->height = get_be32(d + 4);
    h->depth = d[8];
    h->ctype = d[9];
    h->interlace = d[12];
    if (h->width == 0 || h->height == 0 || h->width > PNG_MAX_DIM || h->height > PNG_MAX_DIM)
        return emu_fail(err, EMU_EFORMAT, "png: unsupported size %ux%u", h->width, h->height);
    if (h->ctype > 6 || ctype_channels[h->ctype] == 0 || d[10] != 0 || d[11] != 0)
        return emu_fail(err, EMU_EFORMAT, "png: invalid colour type or method");
    if (h->depth != 8 || h->interlace != 0)
        return emu_fail(err, EMU_EFORMAT, "png: only 8-bit non-interlaced images are read "
                        "(depth %u, interlace %u)", h->depth, h->interlace);
    h->channels = ctype_channels[h->ctype];
    return 0;
}

int png_decode(const uint8_t *data, size_t len, struct png_image *img, struct emu_err *err)
{
    memset(img, 0, sizeof *img);
    if (len < 8 || memcmp(data, png_sig, 8) != 0)
        return emu_fail(err, EMU_EFORMAT, "png: not a PNG file");
    struct ihdr h = { 0 };
    bool have_ihdr = false, have_iend = false, have_trns = false;
    uint32_t palette[256];
    unsigned npal = 0;
    uint8_t trns[256];
    unsigned ntrns = 0;
    struct obuf idat = { 0 };
    uint8_t *raw = NULL;
    int rc = 0;
    for (size_t i = 0; i < 256; i++)
        trns[i] = 0xff;
    size_t pos = 8;
    while (!have_iend) {
        if (len - pos < 12) {
            rc = emu_fail(err, EMU_EFORMAT, "png: truncated chunk at byte %zu", pos);
            goto done;
        }
        uint32_t clen = get_be32(data + pos);
        const uint8_t *type = data + pos + 4;
        if (clen > 0x7fffffffu || len - pos - 12 < clen) {
            rc = emu_fail(err, EMU_EFORMAT, "png: chunk length %u overruns the file", clen);
            goto done;
        }
        const uint8_t *cd = data + pos + 8;
        uLong crc = crc32(crc32(0L, Z_NULL, 0), type, 4);
        crc = crc32(crc, cd, clen);
        if ((uint32_t)crc != get_be32(cd + clen)) {
            rc = emu_fail(err, EMU_EFORMAT, "png: CRC mismatch in chunk %.4s", (const char *)type);
            goto done;
        }
        pos += 12 + (size_t)clen;
        if (!have_ihdr && memcmp(type, "IHDR", 4) != 0) {
            rc = emu_fail(err, EMU_EFORMAT, "png: first chunk is not IHDR");
            goto done;
        }
        if (memcmp(type, "IHDR", 4) == 0) {
            if (have_ihdr) {
                rc = emu_fail(err, EMU_EFORMAT, "png: second IHDR");
                goto done;
            }
            if ((rc = parse_ihdr(cd, clen, &h, err)) != 0)
                goto done;
            have_ihdr = true;
        } else if (memcmp(type, "PLTE", 4) == 0) {
            if (clen % 3 != 0 || clen / 3 > 256 || clen == 0) {
                rc = emu_fail(err, EMU_EFORMAT, "png: bad PLTE length %u", clen);
                goto done;
            }
            npal = clen / 3;
            for (unsigned k = 0; k < npal; k++)
                palette[k] = ((uint32_t)cd[3 * k] << 16) | ((uint32_t)cd[3 * k + 1] << 8) |
                             cd[3 * k + 2];
        } else if (memcmp(type, "tRNS", 4) == 0) {
            have_trns = true;
            ntrns = clen > 256 ? 256 : clen;
            for (unsigned k = 0; k < ntrns; k++)
                trns[k] = cd[k];
        } else if (memcmp(type, "IDAT", 4) == 0) {
            if (clen > 0 && obuf_put(&idat, cd, clen) != 0) {
                rc = emu_fail(err, EMU_ENOMEM, "png: out of memory");
                goto done;
            }
        } else if (memcmp(type, "IEND", 4) == 0) {
            have_iend = true;
        } else if (!(type[0] & 0x20)) {         /* lowercase first letter: ancillary */
            rc = emu_fail(err, EMU_EFORMAT, "png: unknown critical chunk %.4s",
                          (const char *)type);
            goto done;
        }
    }
    if (h.ctype == 3 && npal == 0) {
        rc = emu_fail(err, EMU_EFORMAT, "png: palette image without PLTE");
        goto done;
    }
    size_t row = (size_t)h.width * h.channels;
    uLongf raw_len = (uLongf)((row + 1) * h.height);
    raw = malloc(raw_len);
    img->pixels = malloc((size_t)h.width * h.height * sizeof *img->pixels);
    if (raw == NULL || img->pixels == NULL) {
        rc = emu_fail(err, EMU_ENOMEM, "png: out of memory for %ux%u", h.width, h.height);
        goto done;
    }
    uLongf got = raw_len;
    if (idat.len == 0 || uncompress(raw, &got, idat.p, (uLong)idat.len) != Z_OK || got != raw_len) {
        rc = emu_fail(err, EMU_EFORMAT, "png: image data does not inflate to %lu bytes",
                      (unsigned long)raw_len);
        goto done;
    }
    /* Undo the filters in place, row by row. */
    static const uint8_t zero_row[4 * PNG_MAX_DIM];
    const uint8_t *prev = zero_row;
    for (uint32_t y = 0; y < h.height; y++) {
        uint8_t *r = raw + (size_t)y * (row + 1);
        unsigned f = r[0];
        uint8_t *cur = r + 1;
        if (f > 4) {
            rc = emu_fail(err, EMU_EFORMAT, "png: bad filter type %u on row %u", f, y);
            goto done;
        }
        for (size_t i = 0; i < row; i++)
            cur[i] = (uint8_t)(cur[i] + predict(f, cur, prev, i, h.channels));
        prev = cur;
        uint32_t *o = img->pixels + (size_t)y * h.width;
        for (uint32_t x = 0; x < h.width; x++) {
            const uint8_t *p = cur + (size_t)x * h.channels;
            uint32_t a = 0xff, rgb;
            switch (h.ctype) {
            case 0:
                rgb = p[0] * 0x010101u;
                if (have_trns && ntrns >= 2 && p[0] == trns[1] && trns[0] == 0)
                    a = 0;
                break;
            case 2:
                rgb = ((uint32_t)p[0] << 16) | ((uint32_t)p[1] << 8) | p[2];
                if (have_trns && ntrns >= 6 && trns[0] == 0 && trns[2] == 0 && trns[4] == 0 &&
                    p[0] == trns[1] && p[1] == trns[3] && p[2] == trns[5])
                    a = 0;
                break;
            case 3:
                if (p[0] >= npal) {
                    rc = emu_fail(err, EMU_EFORMAT, "png: palette index %u out of range", p[0]);
                    goto done;
                }
                rgb = palette[p[0]];
                a = p[0] < ntrns ? trns[p[0]] : 0xff;
                break;
            case 4:
                rgb = p[0] * 0x010101u;
                a = p[1];
                break;
            default:
                rgb = ((uint32_t)p[0] << 16) | ((uint32_t)p[1] << 8) | p[2];
                a = p[3];
                break;
            }
            o[x] = (a << 24) | rgb;
        }
    }
    img->width = h.width;
    img->height = h.height;
    img->has_alpha = h.ctype == 4 || h.ctype == 6 || have_trns;
done:
    free(idat.p);
    free(raw);
    if (rc != 0)
        png_image_free(img);
    return rc;
}

int png_read_file(const char *path, struct png_image *img, struct emu_err *err)
{
    memset(img, 0, sizeof *img);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return emu_fail(err, EMU_EIO, "%s: cannot open file", path);
    struct obuf b = { 0 };
    uint8_t chunk[65536];
    size_t n;
    int rc = 0;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (obuf_put(&b, chunk, n) != 0) {
            rc = emu_fail(err, EMU_ENOMEM, "%s: out of memory", path);
            break;
        }
    }
    if (rc == 0 && ferror(f))
        rc = emu_fail(err, EMU_EIO, "%s: read failed", path);
    fclose(f);
    if (rc == 0) {
        rc = png_decode(b.p ? b.p : (const uint8_t *)"", b.len, img, err);
        if (rc != 0 && err != NULL) {
            char msg[sizeof err->msg];
            memcpy(msg, err->msg, sizeof msg);
            emu_fail(err, (enum emu_errcode)rc, "%s: %.200s", path, msg);
        }
    }
    free(b.p);
    return rc;
}

void png_image_free(struct png_image *img)
{
    free(img->pixels);
    img->pixels = NULL;
    img->width = img->height = 0;
}
