/* devices/vga.c: the VGA's creation, its I/O port decoding and the
 * external registers (miscellaneous output, feature control, input status,
 * video subsystem enable), per the IBM VGA technical reference.
 * Units: vga_seq.c vga_crtc.c vga_gc.c vga_attr.c vga_dac.c (registers),
 * vga_mem.c (memory window), vga_timing.c (retrace), vga_render.c,
 * vga_text.c (capture, screenshots), vga_vbe.c (Bochs DISPI). */
#include "devices/vga_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void vga_mark_dirty(struct vga *v)
{
    v->dirty = true;
}

/* Input status 0 (3C2h): bit 7 retrace interrupt pending, bit 4 the
 * monitor sense comparator.  A colour monitor loads all three guns, so the
 * comparator trips when any gun of the colour being sent exceeds the
 * reference level.  LIMITATION: we sense the DAC entry of the overscan
 * colour (what the blanked screen sends), not the pixel under the beam. */
static uint8_t input_status0(struct vga *v)
{
    vga_retrace_irq_update(v);
    uint8_t r = v->vint_pending ? 0x80 : 0x00;
    const uint8_t *e = v->dac[v->attr[AR_OVERSCAN] & v->dac_mask];
    unsigned level = (v->vbe[VBE_INDEX_ENABLE] & VBE_8BIT_DAC) ? 0x48u : 0x12u;
    if (e[0] >= level || e[1] >= level || e[2] >= level)
        r |= 0x10;
    return r;
}

/* Index registers keep all 8 bits and indexes past the last register
 * reach nothing (reads FFh, writes dropped), as on the VGA-compatible
 * chips that decode more index bits than IBM's: a probe for an SVGA
 * extension register cannot alias a standard one. */

/* Is port (3B4h/3B5h/3BAh vs 3D4h/3D5h/3DAh) the one Misc.IOAS selects? */
static bool crtc_port_live(const struct vga *v, uint16_t port)
{
    bool color = (v->misc & MISC_IOAS) != 0;
    return ((port & 0xfff0u) == 0x3d0u) == color;
}

static uint32_t port_read(struct vga *v, uint16_t port)
{
    if (port == 0x3c3)
        return v->subsys_enable;
    if (!(v->subsys_enable & 1))
        return 0xff;
    switch (port) {
    case 0x3c0: return vga_attr_read_index(v);
    case 0x3c1: return vga_attr_read_data(v);
    case 0x3c2: return input_status0(v);
    case 0x3c4: return v->seq_index;
    case 0x3c5: return vga_seq_read(v);
    case 0x3c6: case 0x3c7: case 0x3c8: case 0x3c9: return vga_dac_read(v, port);
    case 0x3ca: return v->feature;
    case 0x3cc: return v->misc;
    case 0x3ce: return v->gc_index;
    case 0x3cf: return vga_gc_read(v);
    case 0x3b4: case 0x3d4:
        return crtc_port_live(v, port) ? v->crtc_index : 0xff;
    case 0x3b5: case 0x3d5:
        return crtc_port_live(v, port) ? vga_crtc_read(v) : 0xff;
    case 0x3ba: case 0x3da:
        if (!crtc_port_live(v, port))
            return 0xff;
        v->attr_data_next = false;          /* reading input status 1 resets the flip-flop */
        return vga_status1_bits(v);
    default: return 0xff;                   /* 3CBh, 3CDh: nothing there */
    }
}

static void port_write(struct vga *v, uint16_t port, uint8_t value)
{
    if (port == 0x3c3) {
        v->subsys_enable = value & 1;
        return;
    }
    if (!(v->subsys_enable & 1))
        return;
    switch (port) {
    case 0x3c0: vga_attr_write(v, value); break;
    case 0x3c1:
        log_limited(v->log, &v->log_attr_write, LOG_DEBUG, "vga",
                    "write of %#x to read-only port 3C1h ignored", value);
        break;
    case 0x3c2:
        if ((v->misc ^ value) & 0x0c)
            vga_timing_changed(v);          /* clock select */
        v->misc = value;
        break;
    case 0x3c4: v->seq_index = value; break;
    case 0x3c5: vga_seq_write(v, value); break;
    case 0x3c6: case 0x3c7: case 0x3c8: case 0x3c9: vga_dac_write(v, port, value); break;
    case 0x3ce: v->gc_index = value; break;
    case 0x3cf: vga_gc_write(v, value); break;
    case 0x3b4: case 0x3d4:
        if (crtc_port_live(v, port))
            v->crtc_index = value;
        break;
    case 0x3b5: case 0x3d5:
        if (crtc_port_live(v, port))
            vga_crtc_write(v, value);
        break;
    case 0x3ba: case 0x3da:
        if (crtc_port_live(v, port))
            v->feature = value & 0x03;
        break;
    default: return;                        /* 3CAh, 3CBh, 3CCh, 3CDh are read-only or absent */
    }
    v->dirty = true;
}

/* The bus hands us base-relative offsets; each range gets its own ops. */
#define VGA_PORT_RANGE(name_, base_)                                                     \
    static uint32_t name_##_read(void *opaque, uint16_t off, unsigned size)              \
    {                                                                                    \
        (void)size;                                                                      \
        return port_read(opaque, (uint16_t)((base_) + off));                             \
    }                                                                                    \
    static void name_##_write(void *opaque, uint16_t off, unsigned size, uint32_t value) \
    {                                                                                    \
        (void)size;                                                                      \
        port_write(opaque, (uint16_t)((base_) + off), (uint8_t)value);                  \
    }                                                                                    \
    static const struct io_ops name_##_io = {                                            \
        .name = "vga", .read = name_##_read, .write = name_##_write, .widths = IO_W8,   \
    };
VGA_PORT_RANGE(vga_main, 0x3c0)
VGA_PORT_RANGE(vga_mono, 0x3b4)
VGA_PORT_RANGE(vga_mono_st, 0x3ba)
VGA_PORT_RANGE(vga_color, 0x3d4)
VGA_PORT_RANGE(vga_color_st, 0x3da)
#undef VGA_PORT_RANGE

/* Port ranges: ops, base, count (the rest of 3B0h-3DFh belongs to MDA,
 * CGA and parallel-port hardware the VGA does not decode). */
static const struct {
    const struct io_ops *ops;
    uint16_t base, count;
} vga_ports[] = {
    { &vga_main_io, 0x3c0, 16 },
    { &vga_mono_io, 0x3b4, 2 },
    { &vga_mono_st_io, 0x3ba, 1 },
    { &vga_color_io, 0x3d4, 2 },
    { &vga_color_st_io, 0x3da, 1 },
    { &vga_vbe_io, 0x1ce, 3 },
};

/* The power-on state: every register zero (the sequencer held in reset,
 * so nothing shows until a BIOS sets a mode), the video subsystem
 * enabled, the DAC mask open, the VBE interface disabled at 640x480x8
 * with ID B0C0h, and video memory cleared. */
static void power_on(struct vga *v)
{
    v->misc = v->feature = 0;
    v->subsys_enable = 1;
    v->seq_index = v->crtc_index = v->gc_index = v->attr_index = 0;
    memset(v->seq, 0, sizeof v->seq);
    memset(v->crtc, 0, sizeof v->crtc);
    memset(v->gc, 0, sizeof v->gc);
    memset(v->attr, 0, sizeof v->attr);
    v->attr_data_next = false;
    v->dac_mask = 0xff;
    v->dac_read_index = v->dac_write_index = v->dac_component = v->dac_state = 0;
    memset(v->dac_pending, 0, sizeof v->dac_pending);
    memset(v->dac, 0, sizeof v->dac);
    v->latch = 0;
    v->vint_pending = v->vint_armed = false;
    v->vint_arm_rframe = 0;
    v->vbe_index = 0;
    memset(v->vbe, 0, sizeof v->vbe);
    v->vbe[VBE_INDEX_ID] = VBE_ID0;
    v->vbe[VBE_INDEX_BPP] = 8;
    v->vbe[VBE_INDEX_XRES] = 640;
    v->vbe[VBE_INDEX_YRES] = 480;
    v->vbe[VBE_INDEX_VIDEO_MEMORY_64K] = (uint16_t)(v->vram_size >> 16);
    memset(v->vram, 0, v->vram_size);
    v->plane_mask = 0xffff;
    v->timing_valid = false;
    memset(&v->ev_cur, 0, sizeof v->ev_cur);
    memset(&v->ev_prev, 0, sizeof v->ev_prev);
    v->ev_cur.rframe = v->ev_prev.rframe = UINT64_MAX;
    v->dirty = true;
    vga_mem_update_fast(v);
}

struct vga *vga_create(struct io_bus *bus, struct phys_mem *pm, struct sched *sched,
                       const struct logger *log, const struct vga_config *cfg,
                       struct emu_err *err)
{
    struct vga_config c = cfg ? *cfg : (struct vga_config){ 0 };
    if (c.vram_size == 0)
        c.vram_size = VGA_VRAM_DEFAULT_SIZE;
    if (c.lfb_base == 0)
        c.lfb_base = VGA_LFB_DEFAULT_BASE;
    if (c.vram_size < VGA_VRAM_MIN_SIZE || c.vram_size > VGA_VRAM_MAX_SIZE ||
        (c.vram_size & (c.vram_size - 1)) != 0) {
        emu_fail(err, EMU_EINVAL, "vga: video memory of %u bytes: expected a power of two "
                 "from 4 to 64 MiB", c.vram_size);
        return NULL;
    }
    if ((c.lfb_base & 0xfffffu) != 0 || (uint64_t)c.lfb_base + c.vram_size > 0x100000000ull) {
        emu_fail(err, EMU_EINVAL, "vga: linear framebuffer base %#x is not 1 MiB aligned "
                 "below 4 GiB", c.lfb_base);
        return NULL;
    }
    struct vga *v = calloc(1, sizeof *v);
    if (v == NULL) {
        emu_fail(err, EMU_ENOMEM, "vga: out of memory");
        return NULL;
    }
    v->vram = calloc(1, c.vram_size);
    if (v->vram == NULL) {
        free(v);
        emu_fail(err, EMU_ENOMEM, "vga: cannot allocate %u MiB of video memory",
                 c.vram_size >> 20);
        return NULL;
    }
    v->vram_size = c.vram_size;
    v->lfb_base = c.lfb_base;
    v->sched = sched;
    v->log = log;
    v->retrace_irq = c.retrace_irq;
    power_on(v);

    /* The memory regions first: their overlap checks are the likely
     * failures, and nothing is mapped yet if they fail. */
    if (phys_map_mmio(pm, 0xa0000, 0x20000, &vga_window_ops, v, err) != 0)
        goto fail;
    if (phys_map_mmio(pm, c.lfb_base, c.vram_size, &vga_lfb_ops, v, err) != 0)
        goto fail_mapped;
    for (size_t i = 0; i < sizeof vga_ports / sizeof vga_ports[0]; i++) {
        if (bus_map_ports(bus, vga_ports[i].base, vga_ports[i].count, vga_ports[i].ops, v,
                          err) != 0)
            goto fail_mapped;
    }
    return v;
fail_mapped:
    /* LIMITATION: the bus and physmem cannot unmap, so the regions and
     * ports already mapped keep pointing at v: it is deliberately left
     * allocated (never dangling); the machine treats this as fatal. */
    return NULL;
fail:
    free(v->vram);
    free(v);
    return NULL;
}

void vga_reset(struct vga *v)
{
    if (v->sched != NULL)
        sched_cancel(v->sched, &v->retrace_timer);
    if (v->vint_pending)
        irq_lower(&v->retrace_irq);
    power_on(v);
}

void vga_destroy(struct vga *v)
{
    if (v == NULL)
        return;
    if (v->sched != NULL)
        sched_cancel(v->sched, &v->retrace_timer);
    free(v->fb);
    free(v->linebuf);
    free(v->nibbuf);
    free(v->vram);
    free(v);
}

uint8_t vga_plane_peek(const struct vga *v, unsigned plane, uint32_t off)
{
    return v->vram[((off & 0xffffu) << 2) | (plane & 3u)];
}

bool vga_is_text_mode(const struct vga *v)
{
    return !vga_vbe_active(v) && !(v->attr[AR_MODE] & AR10_GRAPHICS);
}

uint32_t vga_lfb_base(const struct vga *v)
{
    return v->lfb_base;
}

/* ---- The debugger's view ---- */

struct describe_out {
    char *buf;
    size_t size, n;
};

static void out_printf(struct describe_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void out_printf(struct describe_out *o, const char *fmt, ...)
{
    if (o->n >= o->size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(o->buf + o->n, o->size - o->n, fmt, ap);
    va_end(ap);
    if (k > 0)
        o->n += (size_t)k < o->size - o->n ? (size_t)k : o->size - o->n - 1;
}

static void out_row(struct describe_out *o, const char *name, const uint8_t *r, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        if (i % 16 == 0)
            out_printf(o, "%s%s%02X:", i ? "\n" : "", name, i);
        out_printf(o, " %02x", r[i]);
    }
    out_printf(o, "\n");
}

/* Read from the state, never through the ports: reading them would move
 * the index registers and the 3C0h flip-flop. */
void vga_describe(struct vga *v, char *buf, size_t size)
{
    struct describe_out o = { buf, size, 0 };
    if (size == 0)
        return;
    buf[0] = 0;
    bool text = vga_is_text_mode(v);
    bool vbe = vga_vbe_active(v);
    out_printf(&o, "Display: %s", vbe ? "VBE graphics" : text ? "text" : "graphics");
    if (vbe)
        out_printf(&o, " %ux%u, %u bpp%s", v->vbe[VBE_INDEX_XRES], v->vbe[VBE_INDEX_YRES],
                   v->vbe[VBE_INDEX_BPP],
                   (v->vbe[VBE_INDEX_ENABLE] & VBE_LFB_ENABLED) ? ", linear framebuffer" : "");
    out_printf(&o, "; CRTC at %s; retrace status 0x%02x\n",
               (v->misc & MISC_IOAS) ? "3D4h" : "3B4h", vga_retrace_status(v));
    if (text) {
        struct vga_text *t = malloc(sizeof *t);
        if (t != NULL) {
            vga_text_capture(v, t);
            out_printf(&o, "Text: %u columns x %u rows, cursor ", t->cols, t->rows);
            if (t->cursor_row >= 0)
                out_printf(&o, "at row %d column %d%s\n", t->cursor_row, t->cursor_col,
                           t->cursor_visible ? "" : " (hidden)");
            else
                out_printf(&o, "off screen\n");
            free(t);
        }
    }
    out_printf(&o, "MISC: %02x  FEATURE: %02x  DAC mask: %02x  latch: %08x\n", v->misc,
               v->feature, v->dac_mask, v->latch);
    out_printf(&o, "SR index %02x, CR index %02x, GR index %02x, AR index %02x (%s next)\n",
               v->seq_index, v->crtc_index, v->gc_index, v->attr_index,
               v->attr_data_next ? "data" : "index");
    out_row(&o, "SR", v->seq, VGA_SEQ_COUNT);
    out_row(&o, "CR", v->crtc, VGA_CRTC_COUNT);
    out_row(&o, "GR", v->gc, VGA_GC_COUNT);
    out_row(&o, "AR", v->attr, VGA_ATTR_COUNT);
    out_printf(&o, "VBE:");
    for (unsigned i = 0; i < VBE_INDEX_COUNT; i++)
        out_printf(&o, " %04x", v->vbe[i]);
    out_printf(&o, "  (index %u)\n", v->vbe_index);
}
