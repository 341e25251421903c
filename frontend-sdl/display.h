/* frontend-sdl/display.h: where the guest's picture goes in the window.
 * Pure geometry, tested without a display.  A picture the size of a VGA
 * raster (up to 720x480 dots) fills a 4:3 screen, as on a VGA monitor,
 * whatever its line count (640x400, 720x400 and 640x350 all stretch to
 * the tube's height); larger (SVGA, VBE) rasters have square pixels. */
#ifndef VIREO_FRONTEND_DISPLAY_H
#define VIREO_FRONTEND_DISPLAY_H

#include <stdbool.h>

/* The largest raster a VGA monitor shows at 4:3. */
#define DISPLAY_VGA_MAX_W 720u
#define DISPLAY_VGA_MAX_H 480u
/* Integer scale factors may miss the aspect ratio by this much (as a
 * ratio, 1.12 = 12%) before a more distorted pair is preferred only for
 * its smaller error. */
#define DISPLAY_ASPECT_TOLERANCE 1.12

enum display_scaling {
    DISPLAY_INTEGER,            /* whole-number factors per axis: crisp, close to the aspect */
    DISPLAY_FILL,               /* the exact aspect, as large as the window allows */
};

/* A placement of a picture of fw x fh pixels in an output of out_w x out_h:
 * the destination rectangle, and the integer factors (0 in DISPLAY_FILL or
 * when even 1x1 does not fit). */
struct display_rect {
    int x, y;
    unsigned w, h;
    unsigned sx, sy;
};

/* The picture's shape on the monitor, as width/height. */
double display_aspect(unsigned raster_w, unsigned raster_h);

/* Place the picture.  DISPLAY_INTEGER picks, among whole-number factor
 * pairs (sx, sy) that fit, the largest picture whose shape is within the
 * tolerance of the aspect ratio; if none is, the pair with the smallest
 * error (then the larger one).  When 1x1 does not fit, or in DISPLAY_FILL,
 * the largest rectangle of the exact aspect ratio is used.  The rectangle
 * is centred. */
void display_place(enum display_scaling mode, unsigned fw, unsigned fh, unsigned raster_w,
                   unsigned raster_h, unsigned out_w, unsigned out_h, struct display_rect *r);

#endif
