/* devices/vga_attr.c: the VGA attribute controller (3C0h index/data with
 * its flip-flop, 3C1h data read), per the IBM VGA technical reference:
 * the 16 palette registers, mode control, overscan, colour plane enable,
 * horizontal PEL panning and colour select, and the pixel-to-DAC-index
 * path the renderer uses.  Reading input status 1 resets the flip-flop
 * (vga.c).  The palette registers take writes only while the index's
 * palette address source bit (PAS, bit 5) is 0, i.e. with the display
 * blanked; the other registers are always writable. */
#include "devices/vga_internal.h"

/* Writable bits of AR10-AR14 (palette registers hold 6 bits). */
static const uint8_t attr_mask[VGA_ATTR_COUNT - AR_MODE] = {
    [AR_MODE - AR_MODE] = 0xef,
    [AR_OVERSCAN - AR_MODE] = 0xff,
    [AR_PLANE_ENABLE - AR_MODE] = 0x3f,     /* bits 4-5: video status mux */
    [AR_PEL_PAN - AR_MODE] = 0x0f,
    [AR_COLOR_SELECT - AR_MODE] = 0x0f,
};

uint8_t vga_attr_read_index(struct vga *v)
{
    return v->attr_index;
}

uint8_t vga_attr_read_data(struct vga *v)
{
    unsigned i = v->attr_index & 0x1fu;
    return i < VGA_ATTR_COUNT ? v->attr[i] : 0x00;
}

void vga_attr_write(struct vga *v, uint8_t value)
{
    if (!v->attr_data_next) {
        v->attr_index = value & 0x3f;
        v->attr_data_next = true;
        return;
    }
    v->attr_data_next = false;
    unsigned i = v->attr_index & 0x1fu;
    if (i < AR_MODE) {
        if (v->attr_index & AR_INDEX_PAS) {
            log_limited(v->log, &v->log_attr_write, LOG_DEBUG, "vga",
                        "palette register %u written with PAS=1: ignored", i);
            return;
        }
        v->attr[i] = value & 0x3f;
        return;
    }
    if (i >= VGA_ATTR_COUNT)
        return;
    uint8_t nv = value & attr_mask[i - AR_MODE];
    if (i == AR_PEL_PAN && nv != v->attr[i])
        vga_live_write(v, LIVE_PEL_PAN, nv);
    if (i == AR_MODE && ((nv ^ v->attr[i]) & AR10_PAN_COMPAT))
        vga_live_write(v, LIVE_PAN_COMPAT, nv & AR10_PAN_COMPAT);
    v->attr[i] = nv;
}

/* A 4-bit pixel (text attribute nibble, planar or CGA pixel) to its 8-bit
 * DAC index: colour plane enable, palette register, then bits 4-5 from
 * the palette or from AR14 (AR10 bit 7) and bits 6-7 from AR14. */
uint8_t vga_attr_to_dac(const struct vga *v, unsigned pixel4)
{
    uint8_t pal = v->attr[pixel4 & v->attr[AR_PLANE_ENABLE] & 0x0fu];
    uint8_t cs = v->attr[AR_COLOR_SELECT];
    uint8_t idx = (v->attr[AR_MODE] & AR10_P54_SELECT) ? (uint8_t)((pal & 0x0fu) | ((cs & 3u) << 4))
                                                       : (uint8_t)(pal & 0x3fu);
    return (uint8_t)(idx | ((cs & 0x0cu) << 4));
}
