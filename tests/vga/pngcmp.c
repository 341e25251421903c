/* tests/vga/pngcmp.c: compare the pixels of a PNG with golden PNGs (not
 * the files' bytes: zlib versions compress differently).
 * usage: pngcmp GOT GOLDEN...
 * Exit status: 0 GOT has the pixels of one of the GOLDENs; 1 it has none
 * (the first differences from the first GOLDEN are printed); 2 a file
 * could not be read. */
#include <stdio.h>
#include <stdlib.h>

#include "util/png.h"

static bool same(const struct png_image *a, const struct png_image *b)
{
    if (a->width != b->width || a->height != b->height)
        return false;
    for (size_t i = 0; i < (size_t)a->width * a->height; i++)
        if ((a->pixels[i] & 0xffffffu) != (b->pixels[i] & 0xffffffu))
            return false;
    return true;
}

static void report(const char *got_path, const struct png_image *got, const char *gold_path,
                   const struct png_image *gold)
{
    if (got->width != gold->width || got->height != gold->height) {
        printf("%s is %ux%u; %s is %ux%u\n", got_path, got->width, got->height, gold_path,
               gold->width, gold->height);
        return;
    }
    size_t n = 0;
    for (unsigned y = 0; y < got->height; y++) {
        for (unsigned x = 0; x < got->width; x++) {
            uint32_t a = got->pixels[(size_t)y * got->width + x] & 0xffffffu;
            uint32_t b = gold->pixels[(size_t)y * gold->width + x] & 0xffffffu;
            if (a != b && n++ < 5)
                printf("%s (%u,%u) is %06x; %s has %06x\n", got_path, x, y, (unsigned)a,
                       gold_path, (unsigned)b);
        }
    }
    printf("%zu of %u pixels differ\n", n, got->width * got->height);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: pngcmp GOT GOLDEN...\n");
        return 2;
    }
    struct emu_err err = { 0 };
    struct png_image got;
    if (png_read_file(argv[1], &got, &err) != 0) {
        fprintf(stderr, "pngcmp: %s\n", err.msg);
        return 2;
    }
    int rc = 1;
    for (int i = 2; i < argc && rc == 1; i++) {
        struct png_image gold;
        if (png_read_file(argv[i], &gold, &err) != 0) {
            fprintf(stderr, "pngcmp: %s\n", err.msg);
            rc = 2;
            break;
        }
        if (same(&got, &gold))
            rc = 0;
        else if (i == 2)
            report(argv[1], &got, argv[i], &gold);
        png_image_free(&gold);
    }
    png_image_free(&got);
    return rc;
}
