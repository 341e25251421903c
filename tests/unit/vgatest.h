/* tests/unit/vgatest.h: a VGA on a real port bus and physical memory map,
 * with a clock the test sets, and mode programming done exactly as a VGA
 * BIOS does it (the register tables are IBM's standard VGA parameter
 * values).  Expected pixels are computed from the documented pipeline:
 * attribute palette register -> DAC index -> 6-bit DAC entry -> RGB. */
#ifndef VIREO_TESTS_VGATEST_H
#define VIREO_TESTS_VGATEST_H

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "devices/bus.h"
#include "devices/sched.h"
#include "devices/vga.h"
#include "mmu/physmem.h"

struct vt {
    struct io_bus bus;
    struct phys_mem pm;
    struct sched sched;
    uint64_t icount;            /* = ticks: the scheduler runs at SCHED_HZ "instructions" */
    struct logger log;
    struct vga *vga;
};

static inline void vt_quiet(void *opaque, enum log_level lvl, const char *line)
{
    (void)opaque;
    (void)lvl;
    (void)line;
}

static inline struct vt *vt_new_cfg(const struct vga_config *cfg)
{
    struct vt *t = calloc(1, sizeof *t);
    ck_assert_ptr_nonnull(t);
    t->log.level = LOG_DEBUG;
    t->log.sink = vt_quiet;
    bus_init(&t->bus, &t->log);
    struct emu_err err = { 0 };
    ck_assert_int_eq(phys_create(&t->pm, 1u << 20, &t->log, &err), 0);
    sched_init(&t->sched, SCHED_HZ, &t->icount);
    t->vga = vga_create(&t->bus, &t->pm, &t->sched, &t->log, cfg, &err);
    ck_assert_msg(t->vga != NULL, "%s", err.msg);
    return t;
}

static inline struct vt *vt_new(void)
{
    return vt_new_cfg(NULL);
}

static inline void vt_free(struct vt *t)
{
    vga_destroy(t->vga);
    phys_destroy(&t->pm);
    free(t);
}

static inline void outb(struct vt *t, uint16_t port, uint8_t v) { bus_out(&t->bus, port, 1, v); }
static inline uint8_t inb(struct vt *t, uint16_t port) { return (uint8_t)bus_in(&t->bus, port, 1); }
static inline void outw(struct vt *t, uint16_t port, uint16_t v) { bus_out(&t->bus, port, 2, v); }
static inline uint16_t inw(struct vt *t, uint16_t port) { return (uint16_t)bus_in(&t->bus, port, 2); }
static inline void wr8(struct vt *t, uint32_t a, uint8_t v) { phys_write8(&t->pm, a, v); }
static inline uint8_t rd8(struct vt *t, uint32_t a) { return phys_read8(&t->pm, a); }

static inline void seq_w(struct vt *t, uint8_t i, uint8_t v) { outb(t, 0x3c4, i); outb(t, 0x3c5, v); }
static inline void gc_w(struct vt *t, uint8_t i, uint8_t v) { outb(t, 0x3ce, i); outb(t, 0x3cf, v); }
static inline uint16_t crtc_port(struct vt *t) { return (inb(t, 0x3cc) & 1) ? 0x3d4 : 0x3b4; }
static inline void crtc_w(struct vt *t, uint8_t i, uint8_t v)
{
    uint16_t p = crtc_port(t);
    outb(t, p, i);
    outb(t, (uint16_t)(p + 1), v);
}
static inline uint8_t crtc_r(struct vt *t, uint8_t i)
{
    uint16_t p = crtc_port(t);
    outb(t, p, i);
    return inb(t, (uint16_t)(p + 1));
}
/* An attribute register, the way a BIOS does it: reset the flip-flop,
 * index (keeping PAS set so the display stays on), data. */
static inline void attr_w(struct vt *t, uint8_t i, uint8_t v)
{
    (void)inb(t, (uint16_t)(crtc_port(t) + 6));
    outb(t, 0x3c0, (uint8_t)(i | 0x20));
    outb(t, 0x3c0, v);
}

/* The standard VGA parameter table rows: misc, SR01-SR04, CR00-CR18,
 * GR00-GR08, AR00-AR13 (AR14 = 0). */
struct vt_mode {
    uint8_t misc, seq[4], crtc[25], gc[9], attr[20];
};

static const struct vt_mode VT_MODE3 = {
    0x67, { 0x00, 0x03, 0x00, 0x02 },
    { 0x5f, 0x4f, 0x50, 0x82, 0x55, 0x81, 0xbf, 0x1f, 0x00, 0x4f, 0x0d, 0x0e, 0x00,
      0x00, 0x00, 0x00, 0x9c, 0x8e, 0x8f, 0x28, 0x1f, 0x96, 0xb9, 0xa3, 0xff },
    { 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0e, 0x00, 0xff },
    { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d,
      0x3e, 0x3f, 0x0c, 0x00, 0x0f, 0x08 },
};
static const struct vt_mode VT_MODE7 = {
    0xa6, { 0x00, 0x03, 0x00, 0x02 },
    { 0x5f, 0x4f, 0x50, 0x82, 0x55, 0x81, 0xbf, 0x1f, 0x00, 0x4d, 0x0b, 0x0c, 0x00,
      0x00, 0x00, 0x00, 0x83, 0x85, 0x5d, 0x28, 0x0d, 0x63, 0xba, 0xa3, 0xff },
    { 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0a, 0x00, 0xff },
    { 0x00, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x08, 0x10, 0x18, 0x18, 0x18, 0x18, 0x18,
      0x18, 0x18, 0x0e, 0x00, 0x0f, 0x08 },
};
static const struct vt_mode VT_MODE4 = {
    0x63, { 0x09, 0x03, 0x00, 0x02 },
    { 0x2d, 0x27, 0x28, 0x90, 0x2b, 0x80, 0xbf, 0x1f, 0x00, 0xc1, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x9c, 0x8e, 0x8f, 0x14, 0x00, 0x96, 0xb9, 0xa2, 0xff },
    { 0x00, 0x00, 0x00, 0x00, 0x00, 0x30, 0x0f, 0x00, 0xff },
    { 0x00, 0x13, 0x15, 0x17, 0x02, 0x04, 0x06, 0x07, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15,
      0x16, 0x17, 0x01, 0x00, 0x03, 0x00 },
};
static const struct vt_mode VT_MODE6 = {
    0x63, { 0x01, 0x01, 0x00, 0x06 },
    { 0x5f, 0x4f, 0x50, 0x82, 0x54, 0x80, 0xbf, 0x1f, 0x00, 0xc1, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x9c, 0x8e, 0x8f, 0x28, 0x00, 0x96, 0xb9, 0xc2, 0xff },
    { 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0d, 0x00, 0xff },
    { 0x00, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17, 0x17,
      0x17, 0x17, 0x01, 0x00, 0x01, 0x00 },
};
static const struct vt_mode VT_MODE0D = {
    0x63, { 0x09, 0x0f, 0x00, 0x06 },
    { 0x2d, 0x27, 0x28, 0x90, 0x2b, 0x80, 0xbf, 0x1f, 0x00, 0xc0, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x9c, 0x8e, 0x8f, 0x14, 0x00, 0x96, 0xb9, 0xe3, 0xff },
    { 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x0f, 0xff },
    { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15,
      0x16, 0x17, 0x01, 0x00, 0x0f, 0x00 },
};
static const struct vt_mode VT_MODE12 = {
    0xe3, { 0x01, 0x0f, 0x00, 0x06 },
    { 0x5f, 0x4f, 0x50, 0x82, 0x54, 0x80, 0x0b, 0x3e, 0x00, 0x40, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0xea, 0x8c, 0xdf, 0x28, 0x00, 0xe7, 0x04, 0xe3, 0xff },
    { 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x0f, 0xff },
    { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x14, 0x07, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d,
      0x3e, 0x3f, 0x01, 0x00, 0x0f, 0x00 },
};
static const struct vt_mode VT_MODE13 = {
    0x63, { 0x01, 0x0f, 0x00, 0x0e },
    { 0x5f, 0x4f, 0x50, 0x82, 0x54, 0x80, 0xbf, 0x1f, 0x00, 0x41, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x9c, 0x8e, 0x8f, 0x28, 0x40, 0x96, 0xb9, 0xa3, 0xff },
    { 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x05, 0x0f, 0xff },
    { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d,
      0x0e, 0x0f, 0x41, 0x00, 0x0f, 0x00 },
};

/* DAC entry i as the tests load it: every entry distinct. */
static inline void vt_dac_entry(unsigned i, uint8_t rgb[3])
{
    rgb[0] = (uint8_t)(i & 0x3f);
    rgb[1] = (uint8_t)((i >> 2) & 0x3f);
    rgb[2] = (uint8_t)(63 - (i & 0x3f));
}
static inline uint32_t vt_scale6(uint32_t c) { return (c << 2) | (c >> 4); }
static inline uint32_t vt_dac_rgb(unsigned i)
{
    uint8_t e[3];
    vt_dac_entry(i & 0xff, e);
    return (vt_scale6(e[0]) << 16) | (vt_scale6(e[1]) << 8) | vt_scale6(e[2]);
}
/* A 4-bit pixel through a mode's palette (AR10 bit 7 and AR14 clear). */
static inline uint32_t vt_pal_rgb(const struct vt_mode *m, unsigned pixel4)
{
    return vt_dac_rgb(m->attr[pixel4 & m->attr[0x12] & 15] & 0x3f);
}

/* The test font: row r of character c is (c + 3r) ^ (r << 4). */
static inline uint8_t vt_glyph(unsigned c, unsigned r)
{
    return (uint8_t)(((c + 3 * r) ^ (r << 4)) & 0xff);
}

/* Load 256 characters of `height` rows at plane-2 offset `base`, as the
 * BIOS font loader does: plane 2 only, sequential addressing, A0000h. */
static inline void vt_load_font(struct vt *t, uint32_t base, unsigned height, uint8_t xor)
{
    seq_w(t, 0x00, 0x01);
    seq_w(t, 0x02, 0x04);
    seq_w(t, 0x04, 0x07);
    seq_w(t, 0x00, 0x03);
    gc_w(t, 0x04, 0x02);
    gc_w(t, 0x05, 0x00);
    gc_w(t, 0x06, 0x04);
    for (unsigned c = 0; c < 256; c++)
        for (unsigned r = 0; r < 32; r++)
            wr8(t, 0xa0000 + base + c * 32 + r, r < height ? (uint8_t)(vt_glyph(c, r) ^ xor) : 0);
}

/* Set a mode as a VGA BIOS does: sequencer held in synchronous reset while
 * the sequencer and misc registers change, CRTC unprotected, graphics
 * controller, attribute controller with PAS clear then set, DAC loaded. */
static inline void vt_set_mode(struct vt *t, const struct vt_mode *m)
{
    seq_w(t, 0x00, 0x01);
    for (unsigned i = 0; i < 4; i++)
        seq_w(t, (uint8_t)(i + 1), m->seq[i]);
    outb(t, 0x3c2, m->misc);
    seq_w(t, 0x00, 0x03);
    crtc_w(t, 0x11, (uint8_t)(crtc_r(t, 0x11) & 0x7f));
    for (unsigned i = 0; i < 25; i++)
        crtc_w(t, (uint8_t)i, m->crtc[i]);
    for (unsigned i = 0; i < 9; i++)
        gc_w(t, (uint8_t)i, m->gc[i]);
    (void)inb(t, (uint16_t)(crtc_port(t) + 6));
    for (unsigned i = 0; i < 20; i++) {
        outb(t, 0x3c0, (uint8_t)i);
        outb(t, 0x3c0, m->attr[i]);
    }
    outb(t, 0x3c0, 0x14);
    outb(t, 0x3c0, 0x00);
    outb(t, 0x3c0, 0x20);
    outb(t, 0x3c8, 0);
    for (unsigned i = 0; i < 256; i++) {
        uint8_t e[3];
        vt_dac_entry(i, e);
        outb(t, 0x3c9, e[0]);
        outb(t, 0x3c9, e[1]);
        outb(t, 0x3c9, e[2]);
    }
    outb(t, 0x3c6, 0xff);
}

/* Back to the mode's memory addressing after a font load. */
static inline void vt_text_restore(struct vt *t, const struct vt_mode *m)
{
    seq_w(t, 0x00, 0x01);
    seq_w(t, 0x02, m->seq[1]);
    seq_w(t, 0x04, m->seq[3]);
    seq_w(t, 0x00, 0x03);
    gc_w(t, 0x04, m->gc[4]);
    gc_w(t, 0x05, m->gc[5]);
    gc_w(t, 0x06, m->gc[6]);
}

/* A text mode with the test font loaded into map 0. */
static inline void vt_set_text_mode(struct vt *t, const struct vt_mode *m, unsigned height)
{
    vt_set_mode(t, m);
    vt_load_font(t, 0, height, 0);
    vt_text_restore(t, m);
}

static inline const struct vga_frame *vt_render(struct vt *t, struct vga_frame *f)
{
    vga_render(t->vga, f);
    return f;
}
static inline uint32_t vt_px(const struct vga_frame *f, unsigned x, unsigned y)
{
    ck_assert_uint_lt(x, f->width);
    ck_assert_uint_lt(y, f->height);
    return f->pixels[(size_t)y * f->stride + x];
}

/* Put the clock at dot `dot` of the frame (ticks rounded up). */
static inline void vt_set_dot(struct vt *t, uint64_t dot, uint32_t dot_hz)
{
    t->icount = dot / dot_hz * SCHED_HZ + (dot % dot_hz * SCHED_HZ + dot_hz - 1) / dot_hz;
}

#endif
