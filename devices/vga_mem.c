/* devices/vga_mem.c: the VGA's memory window at A0000h-BFFFFh, per the IBM
 * VGA technical reference: the memory map select (GR06), chain-4, odd/even
 * and planar addressing (SR04, GR05), the four latches, write modes 0-3
 * (rotate, set/reset, logical function, bit mask, map mask) and read modes
 * 0-1 (colour compare).  With VBE enabled the first 64 KiB are the bank.
 * LIMITATION: the odd/even page bit (Misc bit 5) is ignored: the plane
 * offset is the host address with A0 cleared, as the standard modes need. */
#include "devices/vga_internal.h"

/* Bit k of a 4-bit value as byte k all ones: planes are bytes of a uint32_t. */
static const uint32_t expand4[16] = {
    0x00000000u, 0x000000ffu, 0x0000ff00u, 0x0000ffffu,
    0x00ff0000u, 0x00ff00ffu, 0x00ffff00u, 0x00ffffffu,
    0xff000000u, 0xff0000ffu, 0xff00ff00u, 0xff00ffffu,
    0xffff0000u, 0xffff00ffu, 0xffffff00u, 0xffffffffu,
};

static uint8_t ror8(uint8_t d, unsigned n)
{
    n &= 7;
    return n ? (uint8_t)((d >> n) | (d << (8 - n))) : d;
}

void vga_mem_update_fast(struct vga *v)
{
    const uint8_t *g = v->gc;
    bool plain = (g[GR_MODE] & 3) == 0 && g[GR_ROTATE] == 0 && g[GR_ENABLE_SR] == 0 &&
                 g[GR_BIT_MASK] == 0xff;
    v->write_fast = plain ? WFAST_PLAIN : WFAST_NONE;
    bool vbe4 = vga_vbe_active(v) && v->vbe[VBE_INDEX_BPP] == 4;
    v->plane_mask = vbe4 ? (v->vram_size >> 2) - 1 : 0xffffu;
}

/* Window offset (0-1FFFFh) to the address the planes see, per GR06 bits
 * 2-3; false outside the selected map (the bus floats: reads are all ones). */
static bool window_addr(const struct vga *v, uint32_t off, uint32_t *a)
{
    switch ((v->gc[GR_MISC] >> 2) & 3) {
    case 0: *a = off; return true;                      /* A0000h, 128 KiB */
    case 1: *a = off; return off < 0x10000;             /* A0000h, 64 KiB */
    case 2: *a = off - 0x10000; return *a < 0x8000;     /* B0000h, 32 KiB */
    default: *a = off - 0x18000; return *a < 0x8000;    /* B8000h, 32 KiB */
    }
}

static uint8_t planar_read(struct vga *v, uint32_t a)
{
    uint32_t po;
    unsigned plane;
    if (v->seq[SR_MEMMODE] & SR04_CHAIN4) {
        plane = a & 3;
        po = a & ~3u;
    } else if (v->gc[GR_MODE] & GR05_ODD_EVEN) {
        plane = (v->gc[GR_READ_MAP] & 2u) | (a & 1u);
        po = a & ~1u;
    } else {
        plane = v->gc[GR_READ_MAP];
        po = a;
    }
    const uint8_t *p = &v->vram[(po & v->plane_mask) << 2];
    v->latch = (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
               ((uint32_t)p[3] << 24);
    if (!(v->gc[GR_MODE] & GR05_READ_MODE1))
        return p[plane];
    /* Read mode 1: 1 where every plane not "don't care" matches the compare colour. */
    uint32_t care = expand4[v->gc[GR_DONT_CARE]];
    uint32_t diff = (v->latch ^ expand4[v->gc[GR_COLOR_COMPARE]]) & care;
    diff |= diff >> 16;
    diff |= diff >> 8;
    return (uint8_t)~diff;
}

static uint32_t alu(uint32_t x, uint32_t latch, unsigned fn)
{
    switch (fn) {
    case 1: return x & latch;
    case 2: return x | latch;
    case 3: return x ^ latch;
    default: return x;
    }
}

static void planar_write(struct vga *v, uint32_t a, uint8_t d)
{
    unsigned en = v->seq[SR_MAP_MASK];
    uint32_t po;
    if (v->seq[SR_MEMMODE] & SR04_CHAIN4) {
        en &= 1u << (a & 3);
        po = a & ~3u;
    } else if (!(v->seq[SR_MEMMODE] & SR04_NO_ODD_EVEN)) {
        en &= (a & 1) ? 0xau : 0x5u;
        po = a & ~1u;
    } else {
        po = a;
    }
    if (en == 0)
        return;
    uint8_t *p = &v->vram[(po & v->plane_mask) << 2];
    v->dirty = true;
    if (v->write_fast == WFAST_PLAIN) {
        for (unsigned k = 0; k < 4; k++)
            if (en & (1u << k))
                p[k] = d;
        return;
    }
    const uint8_t *g = v->gc;
    unsigned fn = (g[GR_ROTATE] >> 3) & 3;
    uint32_t latch = v->latch, val, mask = g[GR_BIT_MASK] * 0x01010101u;
    switch (g[GR_MODE] & 3) {
    case 0: {
        uint32_t esr = expand4[g[GR_ENABLE_SR]];
        uint32_t x = ror8(d, g[GR_ROTATE]) * 0x01010101u;
        x = (x & ~esr) | (expand4[g[GR_SET_RESET]] & esr);
        val = alu(x, latch, fn);
        break;
    }
    case 1:                     /* the latches, unchanged: copies between areas */
        val = latch;
        mask = 0xffffffffu;
        break;
    case 2:
        val = alu(expand4[d & 0x0f], latch, fn);
        break;
    default:                    /* 3: set/reset colour through the rotated data as a mask */
        val = alu(expand4[g[GR_SET_RESET]], latch, fn);
        mask &= ror8(d, g[GR_ROTATE]) * 0x01010101u;
        break;
    }
    val = (val & mask) | (latch & ~mask);
    for (unsigned k = 0; k < 4; k++)
        if (en & (1u << k))
            p[k] = (uint8_t)(val >> (8 * k));
}

static uint8_t window_read8(struct vga *v, uint32_t off)
{
    uint32_t a;
    if (!(v->subsys_enable & 1) || !(v->misc & MISC_RAM_ENABLE))
        return 0xff;
    if (vga_vbe_active(v)) {
        if (off >= 0x10000)
            return 0xff;
        a = ((uint32_t)v->vbe[VBE_INDEX_BANK] << 16) + off;
        if (v->vbe[VBE_INDEX_BPP] != 4)
            return a < v->vram_size ? v->vram[a] : 0xff;
        return planar_read(v, a);
    }
    if (!window_addr(v, off, &a))
        return 0xff;
    return planar_read(v, a);
}

static void window_write8(struct vga *v, uint32_t off, uint8_t d)
{
    uint32_t a;
    if (!(v->subsys_enable & 1) || !(v->misc & MISC_RAM_ENABLE))
        return;
    if (vga_vbe_active(v)) {
        if (off >= 0x10000)
            return;
        a = ((uint32_t)v->vbe[VBE_INDEX_BANK] << 16) + off;
        if (v->vbe[VBE_INDEX_BPP] != 4) {
            if (a < v->vram_size) {
                v->vram[a] = d;
                v->dirty = true;
            }
            return;
        }
        planar_write(v, a, d);
        return;
    }
    if (!window_addr(v, off, &a))
        return;
    planar_write(v, a, d);
}

/* Wider accesses are byte cycles in address order, as on the VGA's 8-bit
 * memory interface (so the latches hold the last byte read). */
static uint32_t window_read(void *opaque, uint32_t off, unsigned size)
{
    uint32_t r = 0;
    for (unsigned i = 0; i < size; i++)
        r |= (uint32_t)window_read8(opaque, off + i) << (8 * i);
    return r;
}

static void window_write(void *opaque, uint32_t off, unsigned size, uint32_t value)
{
    for (unsigned i = 0; i < size; i++)
        window_write8(opaque, off + i, (uint8_t)(value >> (8 * i)));
}

const struct mmio_ops vga_window_ops = {
    .name = "vga window", .read = window_read, .write = window_write,
};
