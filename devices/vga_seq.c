/* devices/vga_seq.c: the VGA sequencer registers (3C4h index, 3C5h data),
 * per the IBM VGA technical reference: reset, clocking mode, map mask,
 * character map select and memory mode.  Their effects live where they act:
 * memory addressing in vga_mem.c, dot clocks in vga_timing.c, fonts and
 * screen-off in vga_render.c. */
#include "devices/vga_internal.h"

/* Writable bits per register; the others read back as 0. */
static const uint8_t seq_mask[VGA_SEQ_COUNT] = {
    [SR_RESET] = 0x03,          /* bit 0 asynchronous, bit 1 synchronous reset (active low) */
    [SR_CLOCKING] = 0x3d,       /* 8/9 dot, shift load, dot clock/2, shift 4, screen off */
    [SR_MAP_MASK] = 0x0f,
    [SR_CHARMAP] = 0x3f,        /* map A: bits 5,3,2; map B: bits 4,1,0 */
    [SR_MEMMODE] = 0x0e,        /* extended memory, odd/even disable, chain 4 */
};

uint8_t vga_seq_read(struct vga *v)
{
    return v->seq_index < VGA_SEQ_COUNT ? v->seq[v->seq_index] : 0xff;
}

void vga_seq_write(struct vga *v, uint8_t value)
{
    unsigned i = v->seq_index;
    if (i >= VGA_SEQ_COUNT)
        return;
    uint8_t old = v->seq[i];
    v->seq[i] = value & seq_mask[i];
    if (i == SR_CLOCKING && ((old ^ v->seq[i]) & (SR01_DOT8 | SR01_DOTCLK_HALF)))
        vga_timing_changed(v);
    if (i == SR_MAP_MASK || i == SR_MEMMODE)
        vga_mem_update_fast(v);
}
