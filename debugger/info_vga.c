/* debugger/info_vga.c: `info vga`: the VGA's register files (IBM VGA
 * technical reference numbering: SRnn, CRnn, GRnn, ARnn), the Bochs VBE
 * registers and the display mode.  The VGA offers no describe function,
 * so this reads its state from devices/vga_internal.h, read-only: reading
 * the registers through the ports would move the index registers and the
 * 3C0h flip-flop. */
#include <stdlib.h>
#include <string.h>

#include "debugger/internal.h"
#include "devices/vga_internal.h"
#include "machine/machine.h"

static void row(FILE *out, const char *name, const uint8_t *r, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        if (i % 16 == 0)
            fprintf(out, "%s%s%02X:", i ? "\n" : "", name, i);
        fprintf(out, " %02x", r[i]);
    }
    fputc('\n', out);
}

int info_vga(struct debugger *d)
{
    struct vga *v = d->m->vga;
    FILE *out = d->out;
    if (v == NULL) {
        fprintf(out, "No VGA.\n");
        return 0;
    }
    bool text = vga_is_text_mode(v);
    bool vbe = (v->vbe[VBE_INDEX_ENABLE] & VBE_ENABLED) != 0;
    fprintf(out, "Display: %s", vbe ? "VBE graphics" : text ? "text" : "graphics");
    if (vbe)
        fprintf(out, " %ux%u, %u bpp%s", v->vbe[VBE_INDEX_XRES], v->vbe[VBE_INDEX_YRES],
                v->vbe[VBE_INDEX_BPP],
                (v->vbe[VBE_INDEX_ENABLE] & VBE_LFB_ENABLED) ? ", linear framebuffer" : "");
    fprintf(out, "; CRTC at %s; retrace status 0x%02x\n", (v->misc & MISC_IOAS) ? "3D4h" : "3B4h",
            vga_retrace_status(v));
    if (text) {
        struct vga_text *t = malloc(sizeof *t);
        if (t != NULL) {
            vga_text_capture(v, t);
            fprintf(out, "Text: %u columns x %u rows, cursor ", t->cols, t->rows);
            if (t->cursor_row >= 0)
                fprintf(out, "at row %d column %d%s\n", t->cursor_row, t->cursor_col,
                        t->cursor_visible ? "" : " (hidden)");
            else
                fprintf(out, "off screen\n");
            free(t);
        }
    }
    fprintf(out, "MISC: %02x  FEATURE: %02x  DAC mask: %02x  latch: %08x\n", v->misc,
            v->feature, v->dac_mask, v->latch);
    fprintf(out, "SR index %02x, CR index %02x, GR index %02x, AR index %02x (%s next)\n",
            v->seq_index, v->crtc_index, v->gc_index, v->attr_index,
            v->attr_data_next ? "data" : "index");
    row(out, "SR", v->seq, VGA_SEQ_COUNT);
    row(out, "CR", v->crtc, VGA_CRTC_COUNT);
    row(out, "GR", v->gc, VGA_GC_COUNT);
    row(out, "AR", v->attr, VGA_ATTR_COUNT);
    fprintf(out, "VBE:");
    for (unsigned i = 0; i < VBE_INDEX_COUNT; i++)
        fprintf(out, " %04x", v->vbe[i]);
    fprintf(out, "  (index %u)\n", v->vbe_index);
    return 0;
}
