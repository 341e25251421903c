/* devices/vga_dac.c: the VGA's video DAC (INMOS G171-style), per the IBM
 * VGA technical reference: PEL mask (3C6h), read index (3C7h write), DAC
 * state (3C7h read), write index (3C8h), data (3C9h) transferring R, G, B
 * in turn with auto-increment after the blue.  Values are 6 bits, or 8
 * with the Bochs VBE 8-bit DAC enable bit. */
#include "devices/vga_internal.h"

static bool dac_8bit(const struct vga *v)
{
    return (v->vbe[VBE_INDEX_ENABLE] & VBE_8BIT_DAC) != 0;
}

void vga_dac_write(struct vga *v, unsigned port, uint8_t value)
{
    switch (port) {
    case 0x3c6:
        v->dac_mask = value;
        break;
    case 0x3c7:                 /* read index: the next 3C9h reads start at its red */
        v->dac_read_index = value;
        v->dac_component = 0;
        v->dac_state = 3;
        break;
    case 0x3c8:
        v->dac_write_index = value;
        v->dac_component = 0;
        v->dac_state = 0;
        break;
    case 0x3c9:
        /* A triplet is committed when its blue arrives, so a half-written
         * entry never shows. */
        v->dac_pending[v->dac_component] = dac_8bit(v) ? value : (value & 0x3f);
        if (++v->dac_component == 3) {
            uint8_t *e = v->dac[v->dac_write_index];
            e[0] = v->dac_pending[0];
            e[1] = v->dac_pending[1];
            e[2] = v->dac_pending[2];
            v->dac_write_index++;
            v->dac_component = 0;
        }
        break;
    default:
        break;
    }
}

uint8_t vga_dac_read(struct vga *v, unsigned port)
{
    switch (port) {
    case 0x3c6:
        return v->dac_mask;
    case 0x3c7:
        return v->dac_state;
    case 0x3c8:
        return v->dac_write_index;
    case 0x3c9: {
        uint8_t r = v->dac[v->dac_read_index][v->dac_component];
        if (++v->dac_component == 3) {
            v->dac_read_index++;
            v->dac_component = 0;
        }
        return r;
    }
    default:
        return 0xff;
    }
}

/* DAC entry index as 0x00RRGGBB: 6-bit values scale to 8 bits exactly at
 * both ends (0 -> 0, 63 -> 255).  An entry written while the DAC was 8
 * bits wide shows its low 6 bits after a switch back to 6. */
uint32_t vga_dac_rgb(const struct vga *v, unsigned index)
{
    const uint8_t *e = v->dac[index & 0xffu];
    uint32_t r = e[0], g = e[1], b = e[2];
    if (!dac_8bit(v)) {
        r &= 0x3f;
        g &= 0x3f;
        b &= 0x3f;
        r = (r << 2) | (r >> 4);
        g = (g << 2) | (g >> 4);
        b = (b << 2) | (b >> 4);
    }
    return (r << 16) | (g << 8) | b;
}
