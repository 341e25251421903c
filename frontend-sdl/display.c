/* frontend-sdl/display.c: placing the picture in the window.  See display.h.
 * Host floating point is fine here: geometry is not emulation state. */
#include "frontend-sdl/display.h"

#define DISPLAY_MAX_FACTOR 32u       /* per axis: bounds the search for tiny pictures */

double display_aspect(unsigned raster_w, unsigned raster_h)
{
    if (raster_w == 0 || raster_h == 0)
        return 4.0 / 3.0;
    if (raster_w <= DISPLAY_VGA_MAX_W && raster_h <= DISPLAY_VGA_MAX_H)
        return 4.0 / 3.0;
    return (double)raster_w / (double)raster_h;
}

static void centre(struct display_rect *r, unsigned w, unsigned h, unsigned out_w, unsigned out_h)
{
    r->w = w;
    r->h = h;
    r->x = (int)(out_w - w) / 2;
    r->y = (int)(out_h - h) / 2;
}

static void place_fill(double aspect, unsigned out_w, unsigned out_h, struct display_rect *r)
{
    unsigned w = out_w, h = (unsigned)((double)out_w / aspect + 0.5);
    if (h > out_h) {
        h = out_h;
        w = (unsigned)((double)out_h * aspect + 0.5);
        if (w > out_w)
            w = out_w;
    }
    r->sx = r->sy = 0;
    centre(r, w ? w : 1, h ? h : 1, out_w, out_h);
}

void display_place(enum display_scaling mode, unsigned fw, unsigned fh, unsigned raster_w,
                   unsigned raster_h, unsigned out_w, unsigned out_h, struct display_rect *r)
{
    double aspect = display_aspect(raster_w, raster_h);
    if (fw == 0 || fh == 0 || out_w == 0 || out_h == 0) {
        r->sx = r->sy = 0;
        centre(r, 0, 0, out_w, out_h);
        return;
    }
    if (mode == DISPLAY_FILL || fw > out_w || fh > out_h) {
        place_fill(aspect, out_w, out_h, r);
        return;
    }
    unsigned max_sx = out_w / fw, max_sy = out_h / fh;
    if (max_sx > DISPLAY_MAX_FACTOR)
        max_sx = DISPLAY_MAX_FACTOR;
    if (max_sy > DISPLAY_MAX_FACTOR)
        max_sy = DISPLAY_MAX_FACTOR;
    unsigned best_sx = 1, best_sy = 1;
    double best_err = 1e300;
    unsigned long long best_area = 0;
    bool best_ok = false;
    for (unsigned sy = 1; sy <= max_sy; sy++) {
        for (unsigned sx = 1; sx <= max_sx; sx++) {
            /* The error is a ratio >= 1: how far the shape is off, either way. */
            double ratio = (double)(sx * fw) / (double)(sy * fh) / aspect;
            double err = ratio >= 1 ? ratio : 1 / ratio;
            unsigned long long area = (unsigned long long)sx * fw * sy * fh;
            bool ok = err <= DISPLAY_ASPECT_TOLERANCE;
            bool better;
            if (ok != best_ok)
                better = ok;
            else if (ok)
                better = area > best_area || (area == best_area && err < best_err);
            else
                better = err < best_err - 1e-9 || (err <= best_err + 1e-9 && area > best_area);
            if (better) {
                best_sx = sx;
                best_sy = sy;
                best_err = err;
                best_area = area;
                best_ok = ok;
            }
        }
    }
    r->sx = best_sx;
    r->sy = best_sy;
    centre(r, best_sx * fw, best_sy * fh, out_w, out_h);
}
