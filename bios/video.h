/* bios/video.h: what the INT 10h files (video.c, video_mode.c,
 * video_gfx.c) share: the mode table, VGA register access through the
 * ports and the current mode's geometry from the BDA; the VBE functions
 * (vbe.c) share the state buffer and the mode set. */
#ifndef VIREO_BIOS_VIDEO_H
#define VIREO_BIOS_VIDEO_H

#include "bios/bios_internal.h"

enum vmode_kind {
    VK_TEXT,                    /* alphanumeric, 2 bytes per cell */
    VK_CGA4,                    /* 320x200, 2 bits per pixel, interleaved banks */
    VK_CGA2,                    /* 640x200, 1 bit per pixel, interleaved banks */
    VK_PLANAR,                  /* EGA/VGA planes through the graphics controller */
    VK_LINEAR,                  /* 320x200, one byte per pixel (mode 13h) */
};

struct vmode {
    uint8_t mode;
    uint8_t kind;               /* enum vmode_kind */
    bool mono;                  /* monochrome (3B4h CRTC, B0000h text) */
    uint32_t mem;               /* linear address of the buffer */
    uint16_t width, height;     /* pixels (graphics) */
    uint16_t colours;
    uint8_t pages;
    uint8_t vpt_200, vpt_350, vpt_400;   /* video parameter table entries */
};

const struct vmode *vmode_find(uint8_t mode);
const struct vmode *vmode_current(struct cpu *c);

/* VGA registers (video_mode.c). */
uint16_t crtc_base(struct cpu *c);                      /* 3D4h or 3B4h, from 40:63 */
void dac_write(struct bios *b, uint8_t idx, uint8_t r, uint8_t g, uint8_t bl);
void dac_read(struct bios *b, uint8_t idx, uint8_t rgb[3]);
void seq_out(struct bios *b, uint8_t idx, uint8_t v);
uint8_t seq_in(struct bios *b, uint8_t idx);
void gc_out(struct bios *b, uint8_t idx, uint8_t v);
uint8_t gc_in(struct bios *b, uint8_t idx);
void crtc_out(struct bios *b, struct cpu *c, uint8_t idx, uint8_t v);
uint8_t crtc_in(struct bios *b, struct cpu *c, uint8_t idx);
void attr_out(struct bios *b, struct cpu *c, uint8_t idx, uint8_t v);   /* display stays on */
uint8_t attr_in(struct bios *b, struct cpu *c, uint8_t idx);

/* Characters and the cursor. */
uint32_t page_base(struct cpu *c, unsigned page);       /* offset of a page in the buffer */
void cursor_get(struct cpu *c, unsigned page, unsigned *row, unsigned *col);
void cursor_set(struct bios *b, struct cpu *c, unsigned page, unsigned row, unsigned col);
void text_write(struct bios *b, struct cpu *c, unsigned page, unsigned row, unsigned col,
                uint8_t ch, uint8_t attr, bool with_attr, unsigned count);
void video_scroll(struct bios *b, struct cpu *c, int lines, unsigned top, unsigned left,
                  unsigned bottom, unsigned right, uint8_t attr, unsigned page);

/* Graphics (video_gfx.c). */
void gfx_put_pixel(struct bios *b, struct cpu *c, const struct vmode *m, unsigned page,
                   unsigned x, unsigned y, uint8_t colour);
uint8_t gfx_get_pixel(struct bios *b, struct cpu *c, const struct vmode *m, unsigned page,
                      unsigned x, unsigned y);
void gfx_write_char(struct bios *b, struct cpu *c, const struct vmode *m, unsigned page,
                    unsigned row, unsigned col, uint8_t ch, uint8_t colour, unsigned count);
uint8_t gfx_read_char(struct bios *b, struct cpu *c, const struct vmode *m, unsigned page,
                      unsigned row, unsigned col);
void gfx_scroll(struct bios *b, struct cpu *c, const struct vmode *m, int lines, unsigned top,
                unsigned left, unsigned bottom, unsigned right, uint8_t colour);

/* Modes, palettes and fonts (video_mode.c); state (video_state.c). */
void video_set_mode(struct bios *b, struct cpu *c, uint8_t al);
void video_palette(struct bios *b, struct cpu *c);              /* AH=10h */
void video_font(struct bios *b, struct cpu *c);                 /* AH=11h */
void video_alt_select(struct bios *b, struct cpu *c);           /* AH=12h */
void video_dcc(struct bios *b, struct cpu *c);                  /* AH=1Ah */
void video_state_info(struct bios *b, struct cpu *c);           /* AH=1Bh */
void video_save_restore(struct bios *b, struct cpu *c);         /* AH=1Ch */
void video_cga_palette(struct bios *b, struct cpu *c);          /* AH=0Bh */
void video_set_cursor_shape(struct bios *b, struct cpu *c, uint16_t cx);

/* The video state buffer of AH=1Ch and VBE 4F04h (video_state.c): CX bits. */
enum {
    VS_HARDWARE = 0x01,         /* VGA registers */
    VS_BIOS_DATA = 0x02,        /* BDA video fields and vectors */
    VS_DAC_STATE = 0x04,        /* DAC and PEL mask */
    VS_VBE_STATE = 0x08,        /* Bochs VBE registers (4F04h only) */
};
unsigned video_state_size(uint16_t states);                     /* bytes */
void video_state_save(struct bios *b, struct cpu *c, uint16_t states, uint16_t seg,
                      uint16_t off);
void video_state_restore(struct bios *b, struct cpu *c, uint16_t states, uint16_t seg,
                         uint16_t off);

/* VBE (vbe.c). */
#define VBE_STATE_BYTES 20      /* the VBE section of the state buffer */
void video_vbe(struct bios *b, struct cpu *c);                  /* AH=4Fh */
/* A standard mode set: the Bochs VBE display is switched off, the VBE mode forgotten. */
void vbe_leave(struct bios *b, struct cpu *c);
void vbe_state_save(struct bios *b, struct cpu *c, uint8_t *dst);
void vbe_state_restore(struct bios *b, struct cpu *c, const uint8_t *src);

#endif
