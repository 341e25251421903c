/* devices/vga_vbe.c: the Bochs VBE display interface ("DISPI", IDs B0C0h-
 * B0C5h) at index/data ports 1CEh/1CFh, as documented by the Bochs VGA BIOS
 * and the Linux bochs-drm driver: resolution, depth (4, 8, 15, 16, 24, 32
 * bpp), enable with LFB/no-clear/8-bit DAC/get-capabilities bits, the
 * 64 KiB bank at A0000h, virtual size, display offset and the memory size
 * register; and the linear framebuffer and its renderer.
 * LIMITATION: the ID5 DDC register (index 0Bh) reads 0 (no EDID). */
#include "devices/vga_internal.h"

#include <string.h>

#include "util/le.h"

bool vga_vbe_active(const struct vga *v)
{
    return (v->vbe[VBE_INDEX_ENABLE] & VBE_ENABLED) != 0;
}

/* Bytes per pixel; 0 for the planar 4-bpp layout. */
unsigned vga_vbe_bytes_pp(unsigned bpp)
{
    return bpp == 4 ? 0 : (bpp + 7) / 8;
}

static bool bpp_valid(unsigned bpp)
{
    return bpp == 4 || bpp == 8 || bpp == 15 || bpp == 16 || bpp == 24 || bpp == 32;
}

/* Bytes from one line to the next: per plane for 4 bpp. */
static uint32_t line_bytes_for(unsigned bpp, uint32_t width)
{
    return bpp == 4 ? width / 8 : width * vga_vbe_bytes_pp(bpp);
}

uint32_t vga_vbe_line_bytes(const struct vga *v)
{
    return line_bytes_for(v->vbe[VBE_INDEX_BPP], v->vbe[VBE_INDEX_VIRT_WIDTH]);
}

/* Memory a line layout may use: 4 bpp addresses each plane separately. */
static uint32_t mem_for(const struct vga *v, unsigned bpp)
{
    return bpp == 4 ? v->vram_size / 4 : v->vram_size;
}

static void vbe_write(struct vga *v, unsigned idx, uint16_t value)
{
    uint16_t *r = v->vbe;
    bool enabled = vga_vbe_active(v);
    switch (idx) {
    case VBE_INDEX_ID:
        if (value >= VBE_ID0 && value <= VBE_ID5)
            r[idx] = value;
        break;
    case VBE_INDEX_XRES: case VBE_INDEX_YRES: case VBE_INDEX_BPP:
        /* Geometry changes only while disabled; the enable validates it. */
        if (enabled)
            break;
        if (idx == VBE_INDEX_BPP) {
            if (value == 0)
                value = 8;
            if (bpp_valid(value))
                r[idx] = value;
        } else if (value > 0 && value <= (idx == VBE_INDEX_XRES ? VBE_MAX_XRES : VBE_MAX_YRES)) {
            r[idx] = value;
        }
        break;
    case VBE_INDEX_ENABLE: {
        uint16_t nv = value & (VBE_ENABLED | VBE_GETCAPS | VBE_8BIT_DAC | VBE_LFB_ENABLED |
                               VBE_NOCLEARMEM);
        if ((nv & VBE_ENABLED) && !enabled) {
            unsigned bpp = r[VBE_INDEX_BPP];
            uint32_t lb = line_bytes_for(bpp, r[VBE_INDEX_XRES]);
            if ((bpp == 4 && (r[VBE_INDEX_XRES] & 7)) ||
                (uint64_t)lb * r[VBE_INDEX_YRES] > mem_for(v, bpp)) {
                log_limited(v->log, &v->log_vbe, LOG_WARN, "vga",
                            "VBE mode %ux%ux%u does not fit video memory: not enabled",
                            r[VBE_INDEX_XRES], r[VBE_INDEX_YRES], bpp);
                nv &= (uint16_t)~VBE_ENABLED;
            } else {
                uint32_t vh = mem_for(v, bpp) / lb;
                r[VBE_INDEX_VIRT_WIDTH] = r[VBE_INDEX_XRES];
                r[VBE_INDEX_VIRT_HEIGHT] = (uint16_t)(vh > 0xffff ? 0xffff : vh);
                r[VBE_INDEX_X_OFFSET] = r[VBE_INDEX_Y_OFFSET] = 0;
                r[VBE_INDEX_BANK] = 0;
                if (!(nv & VBE_NOCLEARMEM))
                    memset(v->vram, 0, v->vram_size);
            }
        }
        r[idx] = nv;
        vga_timing_changed(v);
        vga_mem_update_fast(v);
        break;
    }
    case VBE_INDEX_BANK:
        if (((uint32_t)value << 16) < mem_for(v, r[VBE_INDEX_BPP]))
            r[idx] = value;
        else
            log_limited(v->log, &v->log_vbe, LOG_DEBUG, "vga", "VBE bank %u out of range",
                        value);
        break;
    case VBE_INDEX_VIRT_WIDTH: {
        unsigned bpp = r[VBE_INDEX_BPP];
        uint32_t lb = line_bytes_for(bpp, value);
        if (value < r[VBE_INDEX_XRES] || lb == 0 ||
            (uint64_t)lb * r[VBE_INDEX_YRES] > mem_for(v, bpp))
            break;
        r[idx] = value;
        uint32_t vh = mem_for(v, bpp) / lb;
        r[VBE_INDEX_VIRT_HEIGHT] = (uint16_t)(vh > 0xffff ? 0xffff : vh);
        break;
    }
    case VBE_INDEX_VIRT_HEIGHT: {
        uint32_t lb = vga_vbe_line_bytes(v);
        if (value >= r[VBE_INDEX_YRES] && (uint64_t)lb * value <= mem_for(v, r[VBE_INDEX_BPP]))
            r[idx] = value;
        break;
    }
    case VBE_INDEX_X_OFFSET: case VBE_INDEX_Y_OFFSET:
        r[idx] = value;
        break;
    default:                    /* memory size and DDC are read-only */
        break;
    }
    v->dirty = true;
}

static uint16_t vbe_read(const struct vga *v, unsigned idx)
{
    bool caps = (v->vbe[VBE_INDEX_ENABLE] & VBE_GETCAPS) != 0;
    switch (idx) {
    case VBE_INDEX_XRES: return caps ? VBE_MAX_XRES : v->vbe[idx];
    case VBE_INDEX_YRES: return caps ? VBE_MAX_YRES : v->vbe[idx];
    case VBE_INDEX_BPP: return caps ? VBE_MAX_BPP : v->vbe[idx];
    case VBE_INDEX_VIDEO_MEMORY_64K: return (uint16_t)(v->vram_size >> 16);
    case VBE_INDEX_DDC: return 0;
    default: return idx < VBE_INDEX_COUNT ? v->vbe[idx] : 0;
    }
}

/* 1CEh: index; 1CFh: data.  Word accesses are the norm; a byte access
 * reads or writes the low byte (zero-extended); 1D0h is the data port's
 * high byte, decoded so a word access at 1CFh arrives whole. */
static uint32_t vbe_io_read(void *opaque, uint16_t off, unsigned size)
{
    struct vga *v = opaque;
    uint16_t r;
    if (off == 0)
        r = v->vbe_index;
    else if (off == 1)
        r = vbe_read(v, v->vbe_index);
    else
        return 0xff;
    return size == 1 ? (r & 0xffu) : r;
}

static void vbe_io_write(void *opaque, uint16_t off, unsigned size, uint32_t value)
{
    struct vga *v = opaque;
    uint16_t val = (uint16_t)(size == 1 ? (value & 0xffu) : value);
    if (off == 0)
        v->vbe_index = val;
    else if (off == 1)
        vbe_write(v, v->vbe_index, val);
}

const struct io_ops vga_vbe_io = {
    .name = "vga vbe", .read = vbe_io_read, .write = vbe_io_write, .widths = IO_W8 | IO_W16,
};

/* ---- The linear framebuffer: the whole video memory, byte for byte ---- */

static uint32_t lfb_read(void *opaque, uint32_t off, unsigned size)
{
    const uint8_t *p = ((struct vga *)opaque)->vram + off;
    return size == 1 ? p[0] : size == 2 ? load_le16(p) : load_le32(p);
}

static void lfb_write(void *opaque, uint32_t off, unsigned size, uint32_t value)
{
    struct vga *v = opaque;
    uint8_t *p = v->vram + off;
    if (size == 1)
        p[0] = (uint8_t)value;
    else if (size == 2)
        store_le16(p, (uint16_t)value);
    else
        store_le32(p, value);
    v->dirty = true;
}

const struct mmio_ops vga_lfb_ops = { .name = "vga lfb", .read = lfb_read, .write = lfb_write };

/* ---- Timing and rendering ---- */

/* A VBE mode has no CRTC programming: model a 60 Hz raster with modest
 * blanking so that programs polling 3DAh for retrace still pace. */
void vga_vbe_timing(const struct vga *v, struct vga_timing *t)
{
    uint32_t x = v->vbe[VBE_INDEX_XRES] ? v->vbe[VBE_INDEX_XRES] : 1;
    uint32_t y = v->vbe[VBE_INDEX_YRES] ? v->vbe[VBE_INDEX_YRES] : 1;
    t->line_dots = x + x / 4 + 8;
    t->hdisp_dots = x;
    t->vdisp = y;
    t->vtotal = y + y / 20 + 10;
    t->vrs = y + 3;
    t->vre = t->vrs + 3;
    t->dot_hz = t->line_dots * t->vtotal * 60u;
    t->frame_dots = (uint64_t)t->line_dots * t->vtotal;
}

static uint32_t expand5(uint32_t x) { return (x << 3) | (x >> 2); }
static uint32_t expand6(uint32_t x) { return (x << 2) | (x >> 4); }

/* The packed pixel at p (little-endian, as the VBE defines it). */
static uint32_t packed_pixel(const uint32_t *pal, unsigned bpp, const uint8_t *p)
{
    switch (bpp) {
    case 8: return pal[p[0]];
    case 15: {
        uint32_t w = load_le16(p);
        return (expand5((w >> 10) & 31) << 16) | (expand5((w >> 5) & 31) << 8) | expand5(w & 31);
    }
    case 16: {
        uint32_t w = load_le16(p);
        return (expand5(w >> 11) << 16) | (expand6((w >> 5) & 63) << 8) | expand5(w & 31);
    }
    case 24: return ((uint32_t)p[2] << 16) | ((uint32_t)p[1] << 8) | p[0];
    default: return ((uint32_t)p[2] << 16) | ((uint32_t)p[1] << 8) | p[0];     /* 32: B G R x */
    }
}

void vga_vbe_render(struct vga *v)
{
    const uint16_t *r = v->vbe;
    unsigned w = r[VBE_INDEX_XRES], h = r[VBE_INDEX_YRES], bpp = r[VBE_INDEX_BPP];
    if (vga_fb_reserve(v, w, h) != 0)
        return;
    v->raster_w = w;
    v->raster_h = h;
    uint32_t pal[256];
    for (unsigned i = 0; i < 256; i++)
        pal[i] = vga_dac_rgb(v, i & v->dac_mask);
    uint32_t lb = vga_vbe_line_bytes(v);
    uint32_t mask = mem_for(v, bpp) - 1;        /* addresses wrap in video memory */
    if (bpp == 4) {
        uint32_t pal16[16];
        for (unsigned i = 0; i < 16; i++)
            pal16[i] = pal[vga_attr_to_dac(v, i) & v->dac_mask];
        uint32_t x0 = r[VBE_INDEX_X_OFFSET];
        for (unsigned y = 0; y < h; y++) {
            uint32_t base = (uint32_t)(r[VBE_INDEX_Y_OFFSET] + y) * lb;
            uint32_t *out = v->fb + (size_t)y * w;
            for (unsigned x = 0; x < w; x++) {
                uint32_t px = x0 + x;
                const uint8_t *p = &v->vram[((base + px / 8) & mask) << 2];
                unsigned bit = 7 - (px & 7), c = 0;
                for (unsigned k = 0; k < 4; k++)
                    c |= ((p[k] >> bit) & 1u) << k;
                out[x] = pal16[c];
            }
        }
        return;
    }
    unsigned bypp = vga_vbe_bytes_pp(bpp);
    for (unsigned y = 0; y < h; y++) {
        uint32_t base = (uint32_t)(r[VBE_INDEX_Y_OFFSET] + y) * lb + r[VBE_INDEX_X_OFFSET] * bypp;
        uint32_t *out = v->fb + (size_t)y * w;
        if ((uint64_t)base + (uint64_t)w * bypp <= v->vram_size) {
            const uint8_t *p = v->vram + base;
            for (unsigned x = 0; x < w; x++, p += bypp)
                out[x] = packed_pixel(pal, bpp, p);
        } else {
            for (unsigned x = 0; x < w; x++) {
                uint8_t px[4];
                for (unsigned k = 0; k < bypp; k++)
                    px[k] = v->vram[(base + x * bypp + k) & mask];
                out[x] = packed_pixel(pal, bpp, px);
            }
        }
    }
}
