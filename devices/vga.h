/* devices/vga.h: the IBM VGA (register level, per the IBM VGA technical
 * reference as summarised by FreeVGA) with the Bochs VBE "DISPI" extension,
 * its renderer, text capture for headless automation, and PNG screenshots.
 * Design notes and the register behaviour the BIOS relies on: the "VGA"
 * section of docs/internals.md. */
#ifndef VIREO_DEVICES_VGA_H
#define VIREO_DEVICES_VGA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "devices/bus.h"
#include "devices/irq.h"
#include "devices/sched.h"
#include "mmu/physmem.h"
#include "util/error.h"
#include "util/log.h"

#define VGA_LFB_DEFAULT_BASE 0xE0000000u    /* VBE linear framebuffer, as Bochs */
#define VGA_VRAM_DEFAULT_SIZE (16u << 20)   /* bytes; the first 256 KiB are the planes */
#define VGA_VRAM_MIN_SIZE (4u << 20)
#define VGA_VRAM_MAX_SIZE (64u << 20)

struct vga;

struct vga_config {
    uint32_t vram_size;         /* bytes, power of two in [4, 64] MiB; 0: default */
    uint32_t lfb_base;          /* physical address of the LFB; 0: default */
    struct irq_line retrace_irq;    /* vertical retrace interrupt (IRQ 2/9); set=NULL: none */
};

/* Create the VGA: maps ports 3B4h-3B5h, 3BAh, 3C0h-3CFh, 3D4h-3D5h, 3DAh,
 * the VBE ports 1CEh-1CFh, the memory window A0000h-BFFFFh and the linear
 * framebuffer (vram_size bytes at lfb_base).  cfg may be NULL.  Registers
 * start zeroed (sequencer in reset, screen blank) until the BIOS sets a mode. */
struct vga *vga_create(struct io_bus *bus, struct phys_mem *pm, struct sched *sched,
                       const struct logger *log, const struct vga_config *cfg,
                       struct emu_err *err);
void vga_destroy(struct vga *v);
/* Power-on state, as after vga_create: registers zero, VBE disabled,
 * video memory cleared, no retrace interrupt pending (the machine's reset). */
void vga_reset(struct vga *v);
/* Physical address of the linear framebuffer (the VBE PhysBasePtr). */
uint32_t vga_lfb_base(const struct vga *v);

/* ---- Rendering ---- */

/* A rendered picture.  Pixels are uint32_t values 0x00RRGGBB (a value, not
 * a byte order: SDL_PIXELFORMAT_XRGB8888 on any host), row-major, `stride`
 * pixels apart.  width x height is the guest's resolution (e.g. 720x400 in
 * 80x25 text, 320x200 in mode 13h: double-scanned and pixel-doubled lines
 * are not repeated); raster_w x raster_h is the size on the monitor in dots
 * and scan lines (640x400 for mode 13h), for the frontend's aspect ratio.
 * The overscan border is not part of the picture. */
struct vga_frame {
    const uint32_t *pixels;
    unsigned width, height;
    size_t stride;
    unsigned raster_w, raster_h;
    uint64_t serial;            /* bumped each time the picture changes */
};

/* Render the most recently completed frame at the current virtual time.
 * Returns true when the picture may differ from the previous call's (the
 * frontend can skip presenting otherwise).  The pixels stay valid until
 * the next vga_render/vga_screenshot/vga_destroy. */
bool vga_render(struct vga *v, struct vga_frame *out);
/* Render and write the picture to path as a 24-bit PNG. */
int vga_screenshot(struct vga *v, const char *path, struct emu_err *err);

/* ---- Text capture (headless `expect` and `screen`) ---- */

#define VGA_TEXT_MAX_COLS 256
#define VGA_TEXT_MAX_ROWS 128

/* The character cells on screen, as displayed: the CRTC start address,
 * offset, character height, split screen and vertical display end decide
 * which memory is shown (vgacon scrolls by moving the start address).
 * The registers are taken as they are now (the next frame's picture).
 * rows = cols = 0 in graphics modes (including VBE modes). */
struct vga_text {
    unsigned rows, cols;
    uint8_t ch[VGA_TEXT_MAX_ROWS][VGA_TEXT_MAX_COLS];     /* code page 437 */
    uint8_t attr[VGA_TEXT_MAX_ROWS][VGA_TEXT_MAX_COLS];
    int cursor_row, cursor_col;     /* -1 when the cursor is not on screen */
    bool cursor_visible;            /* enabled and shaped (ignores blink phase) */
};

void vga_text_capture(struct vga *v, struct vga_text *t);
/* The capture as UTF-8 text: one line per row, trailing blanks trimmed,
 * each row ending in '\n'.  Returns the length it needed (snprintf-like;
 * buf is always terminated when n > 0). */
size_t vga_text_format(const struct vga_text *t, char *buf, size_t n);
/* The UTF-8 encoding of code page 437 character c (1-3 bytes, no NUL);
 * control-range glyphs map to their graphic forms, 0 to a space. */
size_t vga_cp437_utf8(uint8_t c, char out[4]);

/* ---- Introspection for the debugger and tests ---- */

/* The 4 planes as the renderer sees them: byte `off` (0-65535) of plane p. */
uint8_t vga_plane_peek(const struct vga *v, unsigned plane, uint32_t off);
/* Is the display in a text mode (not VBE, attribute controller alphanumeric)? */
bool vga_is_text_mode(const struct vga *v);
/* Current retrace state from virtual time: bit 0 display disabled, bit 3
 * vertical retrace (the 3DAh bits), without resetting the attribute flip-flop. */
uint8_t vga_retrace_status(const struct vga *v);
/* The display mode, the register files (SRnn, CRnn, GRnn, ARnn), the
 * external registers and the VBE registers as text for the debugger's
 * `info vga`, read from the state without touching the ports. */
void vga_describe(struct vga *v, char *buf, size_t size);

#endif
