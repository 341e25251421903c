/* devices/vga_crtc.c: the VGA CRT controller registers (3x4h index, 3x5h
 * data; x = B or D by Misc.IOAS), per the IBM VGA technical reference:
 * the 25 registers, CR11's write protection of CR00-CR07 (except the line
 * compare bit in CR07), and the bookkeeping a write triggers: timing
 * changes, the per-line change log, the retrace interrupt. */
#include "devices/vga_internal.h"

/* Writable bits per register; the others read back as 0. */
static const uint8_t crtc_mask[VGA_CRTC_COUNT] = {
    [CR_HTOTAL] = 0xff, [CR_HDISP_END] = 0xff, [CR_HBLANK_START] = 0xff,
    [CR_HBLANK_END] = 0xff, [CR_HRETRACE_START] = 0xff, [CR_HRETRACE_END] = 0xff,
    [CR_VTOTAL] = 0xff, [CR_OVERFLOW] = 0xff, [CR_PRESET_ROW] = 0x7f, [CR_MAX_SCAN] = 0xff,
    [CR_CURSOR_START] = 0x3f, [CR_CURSOR_END] = 0x7f, [CR_START_HI] = 0xff,
    [CR_START_LO] = 0xff, [CR_CURSOR_HI] = 0xff, [CR_CURSOR_LO] = 0xff,
    [CR_VRETRACE_START] = 0xff, [CR_VRETRACE_END] = 0xff, [CR_VDISP_END] = 0xff,
    [CR_OFFSET] = 0xff, [CR_UNDERLINE] = 0x7f, [CR_VBLANK_START] = 0xff,
    [CR_VBLANK_END] = 0xff, [CR_MODE] = 0xef, [CR_LINE_COMPARE] = 0xff,
};

/* Registers that shape the frame's timing (vga_timing.c caches it). */
static const uint32_t timing_regs =
    (1u << CR_HTOTAL) | (1u << CR_HDISP_END) | (1u << CR_HBLANK_START) |
    (1u << CR_HBLANK_END) | (1u << CR_HRETRACE_START) | (1u << CR_HRETRACE_END) |
    (1u << CR_VTOTAL) | (1u << CR_OVERFLOW) | (1u << CR_VRETRACE_START) |
    (1u << CR_VRETRACE_END) | (1u << CR_VDISP_END) | (1u << CR_VBLANK_START) |
    (1u << CR_VBLANK_END);

uint16_t vga_crtc_start(const struct vga *v)
{
    return (uint16_t)((v->crtc[CR_START_HI] << 8) | v->crtc[CR_START_LO]);
}

/* The 10-bit line compare: CR18, CR07 bit 4 (bit 8), CR09 bit 6 (bit 9). */
static uint16_t line_compare_of(uint8_t cr07, uint8_t cr09, uint8_t cr18)
{
    return (uint16_t)(cr18 | ((cr07 & 0x10u) << 4) | ((cr09 & 0x40u) << 3));
}

uint16_t vga_crtc_line_compare(const struct vga *v)
{
    return line_compare_of(v->crtc[CR_OVERFLOW], v->crtc[CR_MAX_SCAN], v->crtc[CR_LINE_COMPARE]);
}

uint8_t vga_crtc_read(struct vga *v)
{
    /* All VGA CRTC registers read back.  CR03 bit 7 selected the EGA's
     * light pen registers at CR10/CR11; the VGA has no light pen and IBM
     * documents the bit as forced to 1, so CR10/CR11 always read back. */
    return v->crtc_index < VGA_CRTC_COUNT ? v->crtc[v->crtc_index] : 0xff;
}

void vga_crtc_write(struct vga *v, uint8_t value)
{
    unsigned i = v->crtc_index;
    if (i >= VGA_CRTC_COUNT)
        return;
    uint8_t old = v->crtc[i];
    uint8_t nv = value & crtc_mask[i];
    if ((v->crtc[CR_VRETRACE_END] & CR11_PROTECT) && i <= CR_OVERFLOW) {
        if (i != CR_OVERFLOW)
            return;
        nv = (uint8_t)((old & ~0x10u) | (nv & 0x10u));     /* line compare bit 8 stays writable */
    }
    if (nv == old)
        return;

    /* Log changes the renderer applies from the scan line they happen on;
     * the log snapshots the old values, so this comes before the store. */
    uint8_t r[VGA_CRTC_COUNT];
    for (unsigned k = 0; k < VGA_CRTC_COUNT; k++)
        r[k] = v->crtc[k];
    r[i] = nv;
    switch (i) {
    case CR_START_HI: case CR_START_LO:
        vga_live_write(v, LIVE_START, (uint16_t)((r[CR_START_HI] << 8) | r[CR_START_LO]));
        break;
    case CR_PRESET_ROW: vga_live_write(v, LIVE_PRESET, nv); break;
    case CR_OFFSET: vga_live_write(v, LIVE_OFFSET, nv); break;
    case CR_OVERFLOW: case CR_MAX_SCAN: case CR_LINE_COMPARE: {
        uint16_t lc = line_compare_of(r[CR_OVERFLOW], r[CR_MAX_SCAN], r[CR_LINE_COMPARE]);
        if (lc != vga_crtc_line_compare(v))
            vga_live_write(v, LIVE_LINE_COMPARE, lc);
        break;
    }
    default: break;
    }
    v->crtc[i] = nv;
    if (timing_regs & (1u << i))
        vga_timing_changed(v);
    if (i == CR_VRETRACE_END)
        vga_retrace_irq_control(v, old);
}
