/* bios/vbe.c: INT 10h AH=4Fh, the VESA BIOS Extension core functions 00h-
 * 0Ah of VBE 2.0 (VESA, "VBE Core Functions Standard 2.0") on the Bochs
 * VBE display interface (DISPI, ports 1CEh/1CFh; docs/internals.md):
 * controller and mode information, mode set (standard VGA modes too),
 * current mode, save/restore state, the 64 KiB window at A0000h, logical
 * scan line length, display start, DAC width, palette data, and the
 * protected-mode interface, whose code lives in the ROM (bios/rom.asm).
 * The mode list is the one Bochs's VGA BIOS offers, less the modes video
 * memory cannot hold.  Results: AX = 004Fh, or 014Fh (failed), 024Fh (not
 * in this hardware configuration), 034Fh (not in the current mode).
 * LIMITATION: no BIOS text or pixel output (AH=09h-0Eh) in VBE modes, no
 * secondary palette, none of the VBE 3.0 additions (CRTC timings, refresh
 * rates, scheduled and stereo display start). */
#include <string.h>

#include "bios/video.h"
#include "devices/vga.h"

/* The Bochs VBE interface: index port, data port, register indexes and
 * the ENABLE bits (devices/vga_vbe.c). */
#define DISPI_INDEX 0x1CE
#define DISPI_DATA 0x1CF
enum {
    DISPI_ID, DISPI_XRES, DISPI_YRES, DISPI_BPP, DISPI_ENABLE, DISPI_BANK, DISPI_VIRT_WIDTH,
    DISPI_VIRT_HEIGHT, DISPI_X_OFFSET, DISPI_Y_OFFSET, DISPI_VIDEO_MEMORY_64K,
};
#define DISPI_ENABLED 0x01
#define DISPI_GETCAPS 0x02
#define DISPI_8BIT_DAC 0x20
#define DISPI_LFB 0x40
#define DISPI_NOCLEAR 0x80

/* VBE mode number bits (4F02h BX, 4F03h BX). */
#define VBE_MODE_NUMBER 0x01FF
#define VBE_MODE_LFB 0x4000
#define VBE_MODE_KEEP 0x8000

/* Status in AX. */
#define VBE_OK 0x004F
#define VBE_FAILED 0x014F
#define VBE_NOT_HW 0x024F
#define VBE_NOT_MODE 0x034F

/* ModeInfoBlock ModeAttributes bits. */
#define MA_SUPPORTED 0x0001
#define MA_OPTIONAL_INFO 0x0002
#define MA_COLOUR 0x0008
#define MA_GRAPHICS 0x0010
#define MA_LFB 0x0080

/* The modes.  Legend: mode number, width, height, bits per pixel (4:
 * planar, 8: packed pixel, 15-32: direct colour).  Bochs's VGA BIOS
 * (vbetables-gen.c): the VESA numbers 100h-11Fh, then its own numbers
 * for 32 bpp and the wide resolutions. */
static const struct vbe_mode {
    uint16_t mode, width, height;
    uint8_t bpp;
} vbe_modes[] = {
    { 0x100, 640, 400, 8 },    { 0x101, 640, 480, 8 },    { 0x102, 800, 600, 4 },
    { 0x103, 800, 600, 8 },    { 0x104, 1024, 768, 4 },   { 0x105, 1024, 768, 8 },
    { 0x106, 1280, 1024, 4 },  { 0x107, 1280, 1024, 8 },  { 0x10D, 320, 200, 15 },
    { 0x10E, 320, 200, 16 },   { 0x10F, 320, 200, 24 },   { 0x110, 640, 480, 15 },
    { 0x111, 640, 480, 16 },   { 0x112, 640, 480, 24 },   { 0x113, 800, 600, 15 },
    { 0x114, 800, 600, 16 },   { 0x115, 800, 600, 24 },   { 0x116, 1024, 768, 15 },
    { 0x117, 1024, 768, 16 },  { 0x118, 1024, 768, 24 },  { 0x119, 1280, 1024, 15 },
    { 0x11A, 1280, 1024, 16 }, { 0x11B, 1280, 1024, 24 }, { 0x11C, 1600, 1200, 8 },
    { 0x11D, 1600, 1200, 15 }, { 0x11E, 1600, 1200, 16 }, { 0x11F, 1600, 1200, 24 },
    { 0x140, 320, 200, 32 },   { 0x141, 640, 400, 32 },   { 0x142, 640, 480, 32 },
    { 0x143, 800, 600, 32 },   { 0x144, 1024, 768, 32 },  { 0x145, 1280, 1024, 32 },
    { 0x146, 320, 200, 8 },    { 0x147, 1600, 1200, 32 }, { 0x148, 1152, 864, 8 },
    { 0x149, 1152, 864, 15 },  { 0x14A, 1152, 864, 16 },  { 0x14B, 1152, 864, 24 },
    { 0x14C, 1152, 864, 32 },  { 0x175, 1280, 768, 16 },  { 0x176, 1280, 768, 24 },
    { 0x177, 1280, 768, 32 },  { 0x178, 1280, 800, 16 },  { 0x179, 1280, 800, 24 },
    { 0x17A, 1280, 800, 32 },  { 0x17B, 1280, 960, 16 },  { 0x17C, 1280, 960, 24 },
    { 0x17D, 1280, 960, 32 },  { 0x17E, 1440, 900, 16 },  { 0x17F, 1440, 900, 24 },
    { 0x180, 1440, 900, 32 },  { 0x181, 1400, 1050, 16 }, { 0x182, 1400, 1050, 24 },
    { 0x183, 1400, 1050, 32 }, { 0x184, 1680, 1050, 16 }, { 0x185, 1680, 1050, 24 },
    { 0x186, 1680, 1050, 32 }, { 0x187, 1920, 1200, 16 }, { 0x188, 1920, 1200, 24 },
    { 0x189, 1920, 1200, 32 }, { 0x18A, 2560, 1600, 16 }, { 0x18B, 2560, 1600, 24 },
    { 0x18C, 2560, 1600, 32 }, { 0x18D, 1280, 720, 16 },  { 0x18E, 1280, 720, 24 },
    { 0x18F, 1280, 720, 32 },  { 0x190, 1920, 1080, 16 }, { 0x191, 1920, 1080, 24 },
    { 0x192, 1920, 1080, 32 }, { 0x193, 1600, 900, 16 },  { 0x194, 1600, 900, 24 },
    { 0x195, 1600, 900, 32 },
};
#define VBE_MODE_COUNT (sizeof vbe_modes / sizeof vbe_modes[0])

/* The VbeInfoBlock's reserved area (offsets 34-255) holds the mode list. */
#define INFO_MODES_OFF 34
#define INFO_OEM_OFF 256
_Static_assert(INFO_MODES_OFF + 2 * (VBE_MODE_COUNT + 1) <= INFO_OEM_OFF,
               "the mode list must fit the VbeInfoBlock's reserved area");

/* ---- the DISPI registers, keeping the caller's index ---- */

static uint16_t dispi_rd(struct bios *b, unsigned idx)
{
    uint16_t save = (uint16_t)bus_in(b->d.io, DISPI_INDEX, 2);
    bus_out(b->d.io, DISPI_INDEX, 2, idx);
    uint16_t v = (uint16_t)bus_in(b->d.io, DISPI_DATA, 2);
    bus_out(b->d.io, DISPI_INDEX, 2, save);
    return v;
}

static void dispi_wr(struct bios *b, unsigned idx, uint16_t v)
{
    uint16_t save = (uint16_t)bus_in(b->d.io, DISPI_INDEX, 2);
    bus_out(b->d.io, DISPI_INDEX, 2, idx);
    bus_out(b->d.io, DISPI_DATA, 2, v);
    bus_out(b->d.io, DISPI_INDEX, 2, save);
}

/* Interface IDs B0C0h-B0C5h; an empty bus reads FFFFh. */
static bool dispi_present(struct bios *b)
{
    uint16_t id = dispi_rd(b, DISPI_ID);
    return id >= 0xB0C0 && id <= 0xB0C5;
}

static bool dispi_enabled(struct bios *b)
{
    return (dispi_rd(b, DISPI_ENABLE) & DISPI_ENABLED) != 0;
}

/* The interface's limits (the get-capabilities bit makes XRES/YRES/BPP read them). */
struct dispi_caps {
    uint32_t mem;               /* bytes of video memory */
    unsigned max_x, max_y, max_bpp;
};

static void dispi_caps(struct bios *b, struct dispi_caps *cap)
{
    uint16_t en = dispi_rd(b, DISPI_ENABLE);
    dispi_wr(b, DISPI_ENABLE, (uint16_t)(en | DISPI_GETCAPS));
    cap->max_x = dispi_rd(b, DISPI_XRES);
    cap->max_y = dispi_rd(b, DISPI_YRES);
    cap->max_bpp = dispi_rd(b, DISPI_BPP);
    dispi_wr(b, DISPI_ENABLE, en);
    cap->mem = (uint32_t)dispi_rd(b, DISPI_VIDEO_MEMORY_64K) << 16;
}

/* ---- the modes ---- */

static const struct vbe_mode *mode_find(uint16_t number)
{
    for (size_t i = 0; i < VBE_MODE_COUNT; i++)
        if (vbe_modes[i].mode == number)
            return &vbe_modes[i];
    return NULL;
}

static unsigned bytes_pp(unsigned bpp)
{
    return (bpp + 7) / 8;
}

/* Bytes per scan line for a width: per plane in the 4-bpp planar layout. */
static uint32_t line_bytes(unsigned bpp, uint32_t width)
{
    return bpp == 4 ? width / 8 : width * bytes_pp(bpp);
}

/* Memory one layout can address: each plane separately in 4 bpp. */
static uint32_t mode_mem(unsigned bpp, uint32_t mem)
{
    return bpp == 4 ? mem / 4 : mem;
}

static bool mode_fits(const struct vbe_mode *m, const struct dispi_caps *cap)
{
    return m->width <= cap->max_x && m->height <= cap->max_y && m->bpp <= cap->max_bpp &&
           (uint64_t)line_bytes(m->bpp, m->width) * m->height <= mode_mem(m->bpp, cap->mem);
}

/* ---- 4F00h: controller information ---- */

static void vbe_controller_info(struct bios *b, struct cpu *c)
{
    uint16_t seg = sreg(c, SEG_ES), off = DI(c);
    uint8_t blk[512];
    far_read_block(c, seg, off, blk, 4);
    bool vbe2 = memcmp(blk, "VBE2", 4) == 0;
    uint32_t size = vbe2 ? 512 : 256;
    far_probe_write(c, seg, off, size);

    struct dispi_caps cap;
    dispi_caps(b, &cap);
    memset(blk, 0, sizeof blk);
    memcpy(blk, "VESA", 4);
    store_le16(blk + 4, 0x0200);
    uint16_t strings = rom_offset(b, ROMDIR_VBE_OEM);
    store_le16(blk + 6, strings);                   /* OemStringPtr: the ROM's copy */
    store_le16(blk + 8, 0xF000);
    store_le32(blk + 10, 0x00000001);               /* DAC switchable to 8 bits */
    store_le16(blk + 14, (uint16_t)(off + INFO_MODES_OFF));
    store_le16(blk + 16, seg);
    store_le16(blk + 18, (uint16_t)(cap.mem >> 16));
    unsigned n = 0;
    for (size_t i = 0; i < VBE_MODE_COUNT; i++)
        if (mode_fits(&vbe_modes[i], &cap))
            store_le16(blk + INFO_MODES_OFF + 2 * n++, vbe_modes[i].mode);
    store_le16(blk + INFO_MODES_OFF + 2 * n, 0xFFFF);
    if (vbe2) {
        /* VBE 2.0 fields, and the strings copied into OemData so that
         * protected-mode callers can read them in their own buffer. */
        store_le16(blk + 20, 0x0100);               /* OemSoftwareRev */
        const char *s = (const char *)b->img + strings;
        unsigned at = INFO_OEM_OFF;
        static const unsigned ptr_field[4] = { 6, 22, 26, 30 };
        for (unsigned k = 0; k < 4; k++) {
            size_t len = strlen(s) + 1;
            memcpy(blk + at, s, len);
            store_le16(blk + ptr_field[k], (uint16_t)(off + at));
            store_le16(blk + ptr_field[k] + 2, seg);
            at += (unsigned)len;
            s += len;
        }
    }
    far_write_block(c, seg, off, blk, size);
    set_r16(c, REG_EAX, VBE_OK);
}

/* ---- 4F01h: mode information ---- */

static void mode_info_block(struct bios *b, const struct vbe_mode *m,
                            const struct dispi_caps *cap, uint8_t mi[256])
{
    uint32_t lb = line_bytes(m->bpp, m->width);
    uint32_t page = lb * m->height, mem = mode_mem(m->bpp, cap->mem);
    uint32_t pages = page ? mem / page : 0;
    bool fits = mode_fits(m, cap);
    memset(mi, 0, 256);
    uint16_t attr = MA_OPTIONAL_INFO | MA_COLOUR | MA_GRAPHICS;
    if (fits)
        attr |= MA_SUPPORTED;
    if (m->bpp != 4)
        attr |= MA_LFB;
    store_le16(mi + 0, attr);
    mi[2] = 0x07;                                   /* window A: exists, readable, writable */
    mi[3] = 0x00;                                   /* no window B */
    store_le16(mi + 4, 64);                         /* granularity, KiB */
    store_le16(mi + 6, 64);                         /* size, KiB */
    store_le16(mi + 8, 0xA000);
    store_le16(mi + 12, rom_offset(b, ROMDIR_VBE_WINFUNC));
    store_le16(mi + 14, 0xF000);
    store_le16(mi + 16, (uint16_t)lb);
    store_le16(mi + 18, m->width);
    store_le16(mi + 20, m->height);
    mi[22] = 8;                                     /* character cell */
    mi[23] = 16;
    mi[24] = m->bpp == 4 ? 4 : 1;                   /* planes */
    mi[25] = m->bpp;
    mi[26] = 1;                                     /* banks (CGA-style interleave: none) */
    mi[27] = m->bpp == 4 ? 3 : m->bpp == 8 ? 4 : 6; /* planar, packed pixel, direct colour */
    mi[28] = 0;                                     /* bank size */
    mi[29] = (uint8_t)(pages == 0 ? 0 : pages - 1 > 255 ? 255 : pages - 1);
    mi[30] = 1;                                     /* reserved, 1 for VBE 2.0 */
    /* Direct colour fields.  Legend: red size, position, green size,
     * position, blue size, position, reserved size, position. */
    static const uint8_t fields[4][8] = {
        { 5, 10, 5, 5, 5, 0, 1, 15 },               /* 15 bpp x:5:5:5 */
        { 5, 11, 6, 5, 5, 0, 0, 0 },                /* 16 bpp 5:6:5 */
        { 8, 16, 8, 8, 8, 0, 0, 0 },                /* 24 bpp B, G, R */
        { 8, 16, 8, 8, 8, 0, 8, 24 },               /* 32 bpp B, G, R, x */
    };
    int f = m->bpp == 15 ? 0 : m->bpp == 16 ? 1 : m->bpp == 24 ? 2 : m->bpp == 32 ? 3 : -1;
    if (f >= 0) {
        memcpy(mi + 31, fields[f], 8);
        mi[39] = fields[f][6] ? 0x02 : 0x00;        /* reserved bits usable; ramp fixed */
    }
    if (m->bpp != 4)
        store_le32(mi + 40, vga_lfb_base(b->d.vga));
    /* Off-screen memory: what follows the first page. */
    if (fits && mem > page) {
        uint32_t kb = (mem - page) / 1024;
        store_le32(mi + 44, page);
        store_le16(mi + 48, (uint16_t)(kb > 0xFFFF ? 0xFFFF : kb));
    }
}

static void vbe_mode_info(struct bios *b, struct cpu *c)
{
    const struct vbe_mode *m = mode_find(CX(c) & VBE_MODE_NUMBER);
    if (m == NULL) {
        set_r16(c, REG_EAX, VBE_FAILED);
        return;
    }
    uint16_t seg = sreg(c, SEG_ES), off = DI(c);
    far_probe_write(c, seg, off, 256);
    struct dispi_caps cap;
    dispi_caps(b, &cap);
    uint8_t mi[256];
    mode_info_block(b, m, &cap, mi);
    far_write_block(c, seg, off, mi, sizeof mi);
    set_r16(c, REG_EAX, VBE_OK);
}

/* ---- 4F02h: set mode; 4F03h: current mode ---- */

void vbe_leave(struct bios *b, struct cpu *c)
{
    bda_wr16(c, BDA_VBE_MODE, 0);
    if (dispi_present(b))
        dispi_wr(b, DISPI_ENABLE, 0);
}

static void vbe_set_mode(struct bios *b, struct cpu *c)
{
    uint16_t bx = BX(c), number = bx & VBE_MODE_NUMBER;
    bool lfb = (bx & VBE_MODE_LFB) != 0, keep = (bx & VBE_MODE_KEEP) != 0;
    if (number < 0x100) {
        /* A standard VGA mode, through AH=00h (which leaves VBE). */
        if (lfb || vmode_find((uint8_t)number) == NULL) {
            set_r16(c, REG_EAX, VBE_FAILED);
            return;
        }
        video_set_mode(b, c, (uint8_t)(number | (keep ? 0x80 : 0)));
        set_r16(c, REG_EAX, VBE_OK);
        return;
    }
    const struct vbe_mode *m = mode_find(number);
    struct dispi_caps cap;
    dispi_caps(b, &cap);
    if (m == NULL || !mode_fits(m, &cap) || (lfb && m->bpp == 4)) {
        set_r16(c, REG_EAX, VBE_FAILED);
        return;
    }
    /* The VGA side first, as a VGA BIOS leaves it for a graphics mode:
     * 4 bpp goes through the graphics controller as in mode 12h, 8 bpp
     * gets mode 13h's default palette; the Bochs interface clears video
     * memory itself, so the VGA mode set does not. */
    video_set_mode(b, c, (uint8_t)((m->bpp == 4 ? 0x12 : 0x13) | 0x80));
    dispi_wr(b, DISPI_BPP, m->bpp);
    dispi_wr(b, DISPI_XRES, m->width);
    dispi_wr(b, DISPI_YRES, m->height);
    dispi_wr(b, DISPI_BANK, 0);
    dispi_wr(b, DISPI_ENABLE, (uint16_t)(DISPI_ENABLED | (lfb ? DISPI_LFB : 0) |
                                         (keep ? DISPI_NOCLEAR : 0)));
    if (!dispi_enabled(b)) {
        video_set_mode(b, c, 0x03);
        set_r16(c, REG_EAX, VBE_FAILED);
        return;
    }
    /* The BIOS data area: mode FFh (no VGA mode), the geometry in
     * character cells of 8x16 (rows limited so that the text functions,
     * which fall back to the B8000h window, stay inside its 32 KiB), and
     * the VBE mode with its flags. */
    unsigned cols = m->width / 8u, rows = m->height / 16u;
    if (cols * rows * 2 > 0x8000)
        rows = 0x8000 / (cols * 2);
    bda_wr8(c, BDA_VID_MODE, 0xFF);
    bda_wr16(c, BDA_VID_COLS, (uint16_t)cols);
    bda_wr8(c, BDA_VID_ROWS, (uint8_t)(rows - 1));
    bda_wr16(c, BDA_VID_CHAR_HEIGHT, 16);
    bda_wr16(c, BDA_VID_PAGE_SIZE, 0);
    bda_wr8(c, BDA_VID_CTL, (uint8_t)((bda_rd8(c, BDA_VID_CTL) & 0x7F) | (keep ? 0x80 : 0)));
    bda_wr16(c, BDA_VBE_MODE, (uint16_t)(bx & (VBE_MODE_NUMBER | VBE_MODE_LFB | VBE_MODE_KEEP)));
    set_r16(c, REG_EAX, VBE_OK);
}

/* The VBE mode in use (0 in a VGA mode): what 4F02h set, or, when a
 * program enabled the interface itself, the listed mode of that geometry. */
static uint16_t current_vbe_mode(struct bios *b, struct cpu *c)
{
    if (!dispi_enabled(b))
        return 0;
    uint16_t m = bda_rd16(c, BDA_VBE_MODE);
    if (m != 0)
        return m;
    unsigned x = dispi_rd(b, DISPI_XRES), y = dispi_rd(b, DISPI_YRES);
    unsigned bpp = dispi_rd(b, DISPI_BPP);
    for (size_t i = 0; i < VBE_MODE_COUNT; i++)
        if (vbe_modes[i].width == x && vbe_modes[i].height == y && vbe_modes[i].bpp == bpp)
            return (uint16_t)(vbe_modes[i].mode |
                              ((dispi_rd(b, DISPI_ENABLE) & DISPI_LFB) ? VBE_MODE_LFB : 0));
    return 0;
}

static void vbe_current_mode(struct bios *b, struct cpu *c)
{
    uint16_t m = current_vbe_mode(b, c);
    if (m == 0 && dispi_enabled(b)) {
        set_r16(c, REG_EAX, VBE_FAILED);            /* a geometry no mode number names */
        return;
    }
    set_r16(c, REG_EBX, m != 0 ? m : (uint16_t)(bda_rd8(c, BDA_VID_MODE) & 0x7F));
    set_r16(c, REG_EAX, VBE_OK);
}

/* ---- 4F04h: save/restore state ---- */

/* The VBE section: ENABLE, XRES, YRES, BPP, BANK, VIRT_WIDTH, X_OFFSET,
 * Y_OFFSET, the VBE mode word, VIRT_HEIGHT (words). */
static const uint8_t vbe_state_regs[] = { DISPI_ENABLE, DISPI_XRES, DISPI_YRES, DISPI_BPP,
                                          DISPI_BANK, DISPI_VIRT_WIDTH, DISPI_X_OFFSET,
                                          DISPI_Y_OFFSET };
_Static_assert(2 * (sizeof vbe_state_regs + 2) == VBE_STATE_BYTES, "VBE state section size");

void vbe_state_save(struct bios *b, struct cpu *c, uint8_t *dst)
{
    memset(dst, 0, VBE_STATE_BYTES);
    if (!dispi_present(b))
        return;
    for (size_t i = 0; i < sizeof vbe_state_regs; i++)
        store_le16(dst + 2 * i, dispi_rd(b, vbe_state_regs[i]));
    store_le16(dst, (uint16_t)(load_le16(dst) & ~DISPI_GETCAPS));
    store_le16(dst + 16, bda_rd16(c, BDA_VBE_MODE));
    store_le16(dst + 18, dispi_rd(b, DISPI_VIRT_HEIGHT));
}

void vbe_state_restore(struct bios *b, struct cpu *c, const uint8_t *src)
{
    if (!dispi_present(b))
        return;
    uint16_t en = load_le16(src);
    dispi_wr(b, DISPI_ENABLE, 0);
    dispi_wr(b, DISPI_XRES, load_le16(src + 2));
    dispi_wr(b, DISPI_YRES, load_le16(src + 4));
    dispi_wr(b, DISPI_BPP, load_le16(src + 6));
    if (en & DISPI_ENABLED) {
        /* Never clear memory on the way back; then the saved bits exactly. */
        dispi_wr(b, DISPI_ENABLE, (uint16_t)(en | DISPI_NOCLEAR));
        dispi_wr(b, DISPI_ENABLE, en);
        dispi_wr(b, DISPI_BANK, load_le16(src + 8));
        dispi_wr(b, DISPI_VIRT_WIDTH, load_le16(src + 10));
        dispi_wr(b, DISPI_VIRT_HEIGHT, load_le16(src + 18));
        dispi_wr(b, DISPI_X_OFFSET, load_le16(src + 12));
        dispi_wr(b, DISPI_Y_OFFSET, load_le16(src + 14));
    } else {
        dispi_wr(b, DISPI_ENABLE, en);
    }
    bda_wr16(c, BDA_VBE_MODE, load_le16(src + 16));
}

static void vbe_save_restore(struct bios *b, struct cpu *c)
{
    uint16_t states = CX(c) & (VS_HARDWARE | VS_BIOS_DATA | VS_DAC_STATE | VS_VBE_STATE);
    switch (DL(c)) {
    case 0x00:
        set_r16(c, REG_EBX, (uint16_t)((video_state_size(states) + 63) / 64));
        break;
    case 0x01:
        video_state_save(b, c, states, sreg(c, SEG_ES), BX(c));
        break;
    case 0x02:
        video_state_restore(b, c, states, sreg(c, SEG_ES), BX(c));
        break;
    default:
        set_r16(c, REG_EAX, VBE_FAILED);
        return;
    }
    set_r16(c, REG_EAX, VBE_OK);
}

/* ---- 4F05h: the window at A0000h ---- */

static void vbe_window(struct bios *b, struct cpu *c)
{
    uint16_t mode = current_vbe_mode(b, c);
    if (mode == 0 || (mode & VBE_MODE_LFB)) {
        set_r16(c, REG_EAX, VBE_NOT_MODE);          /* VBE 2.0: not in linear modes */
        return;
    }
    if (BL(c) != 0 || BH(c) > 1) {                  /* window B does not exist */
        set_r16(c, REG_EAX, VBE_FAILED);
        return;
    }
    if (BH(c) == 0) {
        dispi_wr(b, DISPI_BANK, DX(c));
        if (dispi_rd(b, DISPI_BANK) != DX(c)) {     /* past the end of video memory */
            set_r16(c, REG_EAX, VBE_FAILED);
            return;
        }
    } else {
        set_r16(c, REG_EDX, dispi_rd(b, DISPI_BANK));
    }
    set_r16(c, REG_EAX, VBE_OK);
}

/* ---- 4F06h: logical scan line length ---- */

static void scan_line_result(struct bios *b, struct cpu *c, unsigned bpp)
{
    unsigned vw = dispi_rd(b, DISPI_VIRT_WIDTH);
    set_r16(c, REG_EBX, (uint16_t)line_bytes(bpp, vw));
    set_r16(c, REG_ECX, (uint16_t)vw);
    set_r16(c, REG_EDX, dispi_rd(b, DISPI_VIRT_HEIGHT));
}

static void vbe_scan_line(struct bios *b, struct cpu *c)
{
    if (current_vbe_mode(b, c) == 0) {
        set_r16(c, REG_EAX, VBE_NOT_MODE);
        return;
    }
    unsigned bpp = dispi_rd(b, DISPI_BPP), yres = dispi_rd(b, DISPI_YRES);
    unsigned xres = dispi_rd(b, DISPI_XRES);
    uint32_t mem = mode_mem(bpp, (uint32_t)dispi_rd(b, DISPI_VIDEO_MEMORY_64K) << 16);
    uint32_t px;
    switch (BL(c)) {
    case 0x00:                                      /* set in pixels */
    case 0x02:                                      /* set in bytes, rounded up to a pixel */
        px = CX(c);
        if (BL(c) == 0x02)
            px = bpp == 4 ? px * 8 : (px + bytes_pp(bpp) - 1) / bytes_pp(bpp);
        if (bpp == 4)
            px = (px + 7) & ~7u;                    /* whole bytes in each plane */
        if (px < xres || px > 0xFFFF || line_bytes(bpp, px) > 0xFFFF ||
            (uint64_t)line_bytes(bpp, px) * yres > mem) {
            scan_line_result(b, c, bpp);
            set_r16(c, REG_EAX, VBE_NOT_HW);
            return;
        }
        dispi_wr(b, DISPI_VIRT_WIDTH, (uint16_t)px);
        scan_line_result(b, c, bpp);
        break;
    case 0x01:
        scan_line_result(b, c, bpp);
        break;
    case 0x03: {                                    /* the most memory allows, yres lines */
        uint32_t maxb = yres ? mem / yres : 0;
        if (maxb > 0xFFFF)
            maxb = 0xFFFF;
        px = bpp == 4 ? (maxb * 8 > 0xFFF8 ? 0xFFF8 : maxb * 8) : maxb / bytes_pp(bpp);
        if (px > 0xFFFF)
            px = 0xFFFF;
        set_r16(c, REG_EBX, (uint16_t)line_bytes(bpp, px));
        set_r16(c, REG_ECX, (uint16_t)px);
        break;
    }
    default:
        set_r16(c, REG_EAX, VBE_FAILED);
        return;
    }
    set_r16(c, REG_EAX, VBE_OK);
}

/* ---- waiting for vertical retrace (4F07h and 4F09h with BL=80h) ---- */

#define RETRACE_TIMEOUT_TICKS 3     /* about 160 ms: a display without retrace */

/* True when the caller may go on: a vertical retrace has begun (or the
 * wait timed out).  Otherwise the stub is asked to spin and call again. */
static bool retrace_reached(struct bios *b, struct cpu *c)
{
    uint16_t st = (uint16_t)(crtc_base(c) + 6);
    bool in_retrace = (io_in8(b, st) & 0x08) != 0;
    if (retry_begin(b, c, &b->vbe_wait))
        b->vbe_wait.aux = in_retrace;               /* 1: let the retrace in progress end */
    if (b->vbe_wait.aux && !in_retrace)
        b->vbe_wait.aux = 0;
    if ((!b->vbe_wait.aux && in_retrace) ||
        bios_ticks(c) - b->vbe_wait.start_tick > RETRACE_TIMEOUT_TICKS) {
        retry_end(&b->vbe_wait);
        return true;
    }
    svc_retry(c, false);
    return false;
}

/* ---- 4F07h: display start ---- */

static void vbe_display_start(struct bios *b, struct cpu *c)
{
    if (current_vbe_mode(b, c) == 0) {
        set_r16(c, REG_EAX, VBE_NOT_MODE);
        return;
    }
    switch (BL(c)) {
    case 0x80:
        if (!retrace_reached(b, c))
            return;
        /* fall through */
    case 0x00:
        dispi_wr(b, DISPI_X_OFFSET, CX(c));
        dispi_wr(b, DISPI_Y_OFFSET, DX(c));
        break;
    case 0x01:
        set_r8hi(c, REG_EBX, 0);
        set_r16(c, REG_ECX, dispi_rd(b, DISPI_X_OFFSET));
        set_r16(c, REG_EDX, dispi_rd(b, DISPI_Y_OFFSET));
        break;
    default:
        set_r16(c, REG_EAX, VBE_FAILED);
        return;
    }
    set_r16(c, REG_EAX, VBE_OK);
}

/* ---- 4F08h: DAC palette width ---- */

static void vbe_dac_width(struct bios *b, struct cpu *c)
{
    uint16_t en = dispi_rd(b, DISPI_ENABLE);
    if (BL(c) == 0x00) {
        /* 8 bits when asked for 8 or more, else the VGA's 6. */
        en = BH(c) >= 8 ? (uint16_t)(en | DISPI_8BIT_DAC) : (uint16_t)(en & ~DISPI_8BIT_DAC);
        dispi_wr(b, DISPI_ENABLE, (uint16_t)(en & ~DISPI_GETCAPS));
        en = dispi_rd(b, DISPI_ENABLE);
    } else if (BL(c) != 0x01) {
        set_r16(c, REG_EAX, VBE_FAILED);
        return;
    }
    set_r8hi(c, REG_EBX, (en & DISPI_8BIT_DAC) ? 8 : 6);
    set_r16(c, REG_EAX, VBE_OK);
}

/* ---- 4F09h: palette data (entries of blue, green, red, alignment) ---- */

static void vbe_palette(struct bios *b, struct cpu *c)
{
    uint8_t bl = BL(c);
    unsigned first = DX(c), count = CX(c);
    uint16_t seg = sreg(c, SEG_ES), off = DI(c);
    if (bl == 0x02 || bl == 0x03) {                 /* secondary palette: none */
        set_r16(c, REG_EAX, VBE_NOT_HW);
        return;
    }
    if ((bl != 0x00 && bl != 0x01 && bl != 0x80) || first + count > 256) {
        set_r16(c, REG_EAX, VBE_FAILED);
        return;
    }
    uint8_t tbl[256 * 4];
    if (bl == 0x01) {
        far_probe_write(c, seg, off, 4 * count);
        for (unsigned i = 0; i < count; i++) {
            uint8_t rgb[3];
            dac_read(b, (uint8_t)(first + i), rgb);
            tbl[4 * i] = rgb[2];
            tbl[4 * i + 1] = rgb[1];
            tbl[4 * i + 2] = rgb[0];
            tbl[4 * i + 3] = 0;
        }
        far_write_block(c, seg, off, tbl, 4 * count);
    } else {
        far_read_block(c, seg, off, tbl, 4 * count);
        if (bl == 0x80 && !retrace_reached(b, c))
            return;
        for (unsigned i = 0; i < count; i++)
            dac_write(b, (uint8_t)(first + i), tbl[4 * i + 2], tbl[4 * i + 1], tbl[4 * i]);
    }
    set_r16(c, REG_EAX, VBE_OK);
}

/* ---- 4F0Ah: the protected-mode interface ---- */

static void vbe_pm_interface(struct bios *b, struct cpu *c)
{
    if (BL(c) != 0x00) {
        set_r16(c, REG_EAX, VBE_FAILED);
        return;
    }
    uint16_t start = rom_offset(b, ROMDIR_VBE_PM), end = rom_offset(b, ROMDIR_VBE_PM_END);
    bios_set_sreg(c, SEG_ES, 0xF000);
    set_r16(c, REG_EDI, start);
    set_r16(c, REG_ECX, (uint16_t)(end - start));
    set_r16(c, REG_EAX, VBE_OK);
}

void video_vbe(struct bios *b, struct cpu *c)
{
    if (b->d.vga == NULL || !dispi_present(b))
        return;                                     /* no VBE: AX as it was (AL != 4Fh) */
    switch (AL(c)) {
    case 0x00: vbe_controller_info(b, c); break;
    case 0x01: vbe_mode_info(b, c); break;
    case 0x02: vbe_set_mode(b, c); break;
    case 0x03: vbe_current_mode(b, c); break;
    case 0x04: vbe_save_restore(b, c); break;
    case 0x05: vbe_window(b, c); break;
    case 0x06: vbe_scan_line(b, c); break;
    case 0x07: vbe_display_start(b, c); break;
    case 0x08: vbe_dac_width(b, c); break;
    case 0x09: vbe_palette(b, c); break;
    case 0x0A: vbe_pm_interface(b, c); break;
    default:
        /* Not a VBE 2.0 function: AL = 00h says "not supported". */
        log_limited(b->d.log, &b->log_unknown, LOG_DEBUG, "bios",
                    "INT 10h AX=%04Xh (VBE) not supported", AX(c));
        set_r16(c, REG_EAX, 0x0100);
        break;
    }
}
