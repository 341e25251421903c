/* devices/vga_gc.c: the VGA graphics controller registers (3CEh index,
 * 3CFh data), per the IBM VGA technical reference: set/reset, enable
 * set/reset, colour compare, data rotate and function, read map select,
 * graphics mode, miscellaneous, colour don't care and bit mask.  What they
 * do to memory accesses is in vga_mem.c; the shift register modes and the
 * memory map select act in vga_render.c and vga_mem.c. */
#include "devices/vga_internal.h"

/* Writable bits per register; the others read back as 0. */
static const uint8_t gc_mask[VGA_GC_COUNT] = {
    [GR_SET_RESET] = 0x0f, [GR_ENABLE_SR] = 0x0f, [GR_COLOR_COMPARE] = 0x0f,
    [GR_ROTATE] = 0x1f,         /* bits 0-2 rotate count, 3-4 function */
    [GR_READ_MAP] = 0x03,
    [GR_MODE] = 0x7b,           /* write mode, read mode, odd/even, shift register modes */
    [GR_MISC] = 0x0f,           /* graphics, chain odd/even, memory map */
    [GR_DONT_CARE] = 0x0f, [GR_BIT_MASK] = 0xff,
};

uint8_t vga_gc_read(struct vga *v)
{
    return v->gc_index < VGA_GC_COUNT ? v->gc[v->gc_index] : 0xff;
}

void vga_gc_write(struct vga *v, uint8_t value)
{
    unsigned i = v->gc_index;
    if (i >= VGA_GC_COUNT)
        return;
    v->gc[i] = value & gc_mask[i];
    vga_mem_update_fast(v);
}
