/* devices/vga_internal.h: the VGA's state, shared by the devices/vga_*.c
 * units (not for use outside them).  Register numbering follows the IBM
 * VGA technical reference (and FreeVGA): CRnn, SRnn, GRnn, ARnn. */
#ifndef VIREO_DEVICES_VGA_INTERNAL_H
#define VIREO_DEVICES_VGA_INTERNAL_H

#include "devices/vga.h"

/* Sequencer (3C4h/3C5h) */
enum {
    SR_RESET = 0x00, SR_CLOCKING = 0x01, SR_MAP_MASK = 0x02, SR_CHARMAP = 0x03,
    SR_MEMMODE = 0x04, VGA_SEQ_COUNT = 0x05,
};
#define SR01_DOT8 0x01          /* 8-dot characters (0: 9-dot) */
#define SR01_SHIFT_LOAD 0x04
#define SR01_DOTCLK_HALF 0x08   /* dot clock / 2: 320/360-dot modes */
#define SR01_SHIFT4 0x10
#define SR01_SCREEN_OFF 0x20
#define SR04_EXT_MEM 0x02
#define SR04_NO_ODD_EVEN 0x04   /* 1: sequential; 0: A0 picks planes 0/2 or 1/3 */
#define SR04_CHAIN4 0x08

/* CRT controller (3B4h/3B5h or 3D4h/3D5h) */
enum {
    CR_HTOTAL = 0x00, CR_HDISP_END = 0x01, CR_HBLANK_START = 0x02, CR_HBLANK_END = 0x03,
    CR_HRETRACE_START = 0x04, CR_HRETRACE_END = 0x05, CR_VTOTAL = 0x06, CR_OVERFLOW = 0x07,
    CR_PRESET_ROW = 0x08, CR_MAX_SCAN = 0x09, CR_CURSOR_START = 0x0A, CR_CURSOR_END = 0x0B,
    CR_START_HI = 0x0C, CR_START_LO = 0x0D, CR_CURSOR_HI = 0x0E, CR_CURSOR_LO = 0x0F,
    CR_VRETRACE_START = 0x10, CR_VRETRACE_END = 0x11, CR_VDISP_END = 0x12, CR_OFFSET = 0x13,
    CR_UNDERLINE = 0x14, CR_VBLANK_START = 0x15, CR_VBLANK_END = 0x16, CR_MODE = 0x17,
    CR_LINE_COMPARE = 0x18, VGA_CRTC_COUNT = 0x19,
};
#define CR03_VR_READ 0x80       /* 1: CR10/CR11 read back; 0: light pen */
#define CR09_DOUBLE_SCAN 0x80
#define CR0A_CURSOR_OFF 0x20
#define CR11_CLEAR_VINT 0x10    /* 0 clears the pending retrace interrupt */
#define CR11_DISABLE_VINT 0x20
#define CR11_PROTECT 0x80       /* CR00-CR07 read-only, except CR07 bit 4 */
#define CR14_COUNT4 0x20
#define CR14_DWORD 0x40
#define CR17_MAP13 0x01         /* 0: row scan bit 0 drives MA13 (CGA banks) */
#define CR17_MAP14 0x02         /* 0: row scan bit 1 drives MA14 (Hercules banks) */
#define CR17_COUNT2 0x08
#define CR17_ADDR_WRAP 0x20     /* word mode: MA15 (1) or MA13 (0) to MA0 */
#define CR17_BYTE_MODE 0x40
#define CR17_SYNC_ENABLE 0x80

/* Graphics controller (3CEh/3CFh) */
enum {
    GR_SET_RESET = 0x00, GR_ENABLE_SR = 0x01, GR_COLOR_COMPARE = 0x02, GR_ROTATE = 0x03,
    GR_READ_MAP = 0x04, GR_MODE = 0x05, GR_MISC = 0x06, GR_DONT_CARE = 0x07,
    GR_BIT_MASK = 0x08, VGA_GC_COUNT = 0x09,
};
#define GR05_READ_MODE1 0x08
#define GR05_ODD_EVEN 0x10
#define GR05_SHIFT_CGA 0x20     /* interleaved 2-bit pixels (modes 4, 5) */
#define GR05_SHIFT_256 0x40     /* 4-bit nibbles, paired by AR10 bit 6 */
#define GR06_GRAPHICS 0x01
#define GR06_CHAIN_OE 0x02

/* Attribute controller (3C0h/3C1h) */
enum {
    AR_MODE = 0x10, AR_OVERSCAN = 0x11, AR_PLANE_ENABLE = 0x12, AR_PEL_PAN = 0x13,
    AR_COLOR_SELECT = 0x14, VGA_ATTR_COUNT = 0x15,
};
#define AR_INDEX_PAS 0x20       /* palette address source: 1 = normal display */
#define AR10_GRAPHICS 0x01
#define AR10_MONO 0x02
#define AR10_LINE_GFX 0x04
#define AR10_BLINK 0x08
#define AR10_PAN_COMPAT 0x20
#define AR10_PIXEL8 0x40
#define AR10_P54_SELECT 0x80

#define MISC_IOAS 0x01          /* 1: CRTC at 3Dxh; 0: at 3Bxh */
#define MISC_RAM_ENABLE 0x02

/* Bochs VBE (DISPI) */
enum {
    VBE_INDEX_ID = 0, VBE_INDEX_XRES, VBE_INDEX_YRES, VBE_INDEX_BPP, VBE_INDEX_ENABLE,
    VBE_INDEX_BANK, VBE_INDEX_VIRT_WIDTH, VBE_INDEX_VIRT_HEIGHT, VBE_INDEX_X_OFFSET,
    VBE_INDEX_Y_OFFSET, VBE_INDEX_VIDEO_MEMORY_64K, VBE_INDEX_DDC, VBE_INDEX_COUNT,
};
#define VBE_ID0 0xB0C0
#define VBE_ID5 0xB0C5
#define VBE_ENABLED 0x01
#define VBE_GETCAPS 0x02
#define VBE_8BIT_DAC 0x20
#define VBE_LFB_ENABLED 0x40
#define VBE_NOCLEARMEM 0x80
#define VBE_MAX_XRES 2560
#define VBE_MAX_YRES 1600
#define VBE_MAX_BPP 32

/* Registers whose mid-frame changes the renderer honours per scan line
 * (vga_timing.c records them; vga_render.c replays them). */
enum vga_live_field { LIVE_START, LIVE_PRESET, LIVE_OFFSET, LIVE_LINE_COMPARE, LIVE_PEL_PAN,
                      LIVE_PAN_COMPAT, LIVE_FIELD_COUNT };
struct vga_live {
    uint16_t v[LIVE_FIELD_COUNT];
};
#define VGA_MAX_EVENTS 256
struct vga_evlog {
    uint64_t rframe;            /* frame number counted from vertical retrace starts */
    struct vga_live start;      /* values when the frame's retrace began */
    unsigned n;
    struct {
        uint16_t rline;         /* scan line counted from that retrace start */
        uint8_t field;
        uint16_t value;
    } ev[VGA_MAX_EVENTS];
};

/* The CRTC's frame geometry, derived from the timing registers and clocks. */
struct vga_timing {
    uint32_t dot_hz;            /* dot clock after SR01's divide-by-2 */
    uint32_t line_dots;         /* dots per scan line, blanking included */
    uint32_t vtotal, vdisp;     /* scan lines per frame / displayed */
    uint32_t hdisp_dots;
    uint32_t vrs, vre;          /* vertical retrace: lines [vrs, vre) */
    uint64_t frame_dots;
};

struct vga {
    /* Guest-visible state. */
    uint8_t misc;               /* 3C2h write, 3CCh read */
    uint8_t feature;            /* 3xAh write, 3CAh read */
    uint8_t subsys_enable;      /* 3C3h bit 0: the VGA answers at all */
    uint8_t seq_index, seq[VGA_SEQ_COUNT];
    uint8_t crtc_index, crtc[VGA_CRTC_COUNT];
    uint8_t gc_index, gc[VGA_GC_COUNT];
    uint8_t attr_index;         /* bits 0-4 index, bit 5 PAS */
    bool attr_data_next;        /* the 3C0h flip-flop: next write is data */
    uint8_t attr[VGA_ATTR_COUNT];
    uint8_t dac_mask;
    uint8_t dac_read_index, dac_write_index;
    uint8_t dac_component;      /* 0-2: R, G, B of the entry being transferred */
    uint8_t dac_state;          /* 0: write mode (3C8h written), 3: read mode */
    uint8_t dac_pending[3];     /* a write triplet, committed on its blue */
    uint8_t dac[256][3];        /* 6-bit values (8-bit with VBE_8BIT_DAC) */
    uint32_t latch;             /* plane p in bits 8p..8p+7 */
    bool vint_pending;          /* vertical retrace interrupt (input status 0 bit 7) */
    bool vint_armed;            /* CR11 bit 4 went to 1: the next retrace sets pending */
    uint64_t vint_arm_rframe;   /* frame (counted from retraces) in which it was armed */
    uint16_t vbe_index;
    uint16_t vbe[VBE_INDEX_COUNT];
    uint8_t *vram;              /* plane p, offset o at vram[4*o + p]; VBE sees it linearly */
    uint32_t vram_size;

    /* Emulator bookkeeping. */
    struct sched *sched;        /* not owned */
    const struct logger *log;
    struct irq_line retrace_irq;
    struct timer retrace_timer;
    uint32_t lfb_base;
    uint32_t plane_mask;        /* plane offsets wrap here: 0xffff, or more for VBE 4 bpp */
    uint8_t write_fast;         /* WFAST_*: the memory write shortcut now valid */
    bool dirty;                 /* memory or registers changed since the last render */
    bool timing_valid;
    struct vga_timing timing;
    struct vga_evlog ev_cur, ev_prev;
    uint32_t *fb;               /* the rendered picture */
    size_t fb_cap;              /* pixels allocated */
    uint32_t *linebuf;          /* one scan line of dots, with room to pan */
    uint8_t *nibbuf;
    unsigned fb_w, fb_h, raster_w, raster_h;
    uint64_t serial;
    uint32_t last_key;          /* blink phases etc. of the last render */
    bool last_had_events;
    struct log_site log_attr_write, log_window, log_vbe;
};

/* The memory-write shortcuts (vga_mem.c). */
enum { WFAST_NONE, WFAST_PLAIN };   /* PLAIN: write mode 0, no rotate/ALU/set-reset/mask */

/* vga.c */
void vga_mark_dirty(struct vga *v);

/* vga_seq.c, vga_crtc.c, vga_gc.c, vga_attr.c, vga_dac.c: register files */
uint8_t vga_seq_read(struct vga *v);
void vga_seq_write(struct vga *v, uint8_t value);
uint8_t vga_crtc_read(struct vga *v);
void vga_crtc_write(struct vga *v, uint8_t value);
uint16_t vga_crtc_start(const struct vga *v);
uint16_t vga_crtc_line_compare(const struct vga *v);
uint8_t vga_gc_read(struct vga *v);
void vga_gc_write(struct vga *v, uint8_t value);
uint8_t vga_attr_read_index(struct vga *v);
uint8_t vga_attr_read_data(struct vga *v);
void vga_attr_write(struct vga *v, uint8_t value);
uint8_t vga_attr_to_dac(const struct vga *v, unsigned pixel4);
void vga_dac_write(struct vga *v, unsigned port, uint8_t value);
uint8_t vga_dac_read(struct vga *v, unsigned port);
uint32_t vga_dac_rgb(const struct vga *v, unsigned index);

/* vga_mem.c: the A0000h-BFFFFh window */
extern const struct mmio_ops vga_window_ops;
void vga_mem_update_fast(struct vga *v);

/* vga_timing.c: status bits and the per-line change log */
const struct vga_timing *vga_get_timing(struct vga *v);
void vga_timing_changed(struct vga *v);
uint8_t vga_status1_bits(struct vga *v);
uint64_t vga_frame_number(struct vga *v);
struct vga_live vga_live_now(const struct vga *v);
void vga_live_write(struct vga *v, enum vga_live_field f, uint16_t value);
/* The log describing the last completed frame (NULL: registers constant). */
const struct vga_evlog *vga_events_for_render(struct vga *v, struct vga_live *start);
uint32_t vga_events_line_base(struct vga *v);
void vga_retrace_irq_update(struct vga *v);
void vga_retrace_irq_control(struct vga *v, uint8_t old_cr11);

/* vga_vbe.c */
extern const struct mmio_ops vga_lfb_ops;
extern const struct io_ops vga_vbe_io;
bool vga_vbe_active(const struct vga *v);
unsigned vga_vbe_bytes_pp(unsigned bpp);
uint32_t vga_vbe_line_bytes(const struct vga *v);
void vga_vbe_render(struct vga *v);
void vga_vbe_timing(const struct vga *v, struct vga_timing *t);

/* vga_render.c */
void vga_render_frame(struct vga *v);
int vga_fb_reserve(struct vga *v, unsigned w, unsigned h);

/* The CRTC's walk down a frame, one scan line at a time: the row's memory
 * address counter and the row scan counter, with line compare, double
 * scanning and the mid-frame changes of the last completed frame. */
struct vga_walk {
    const struct vga_evlog *log;
    struct vga_live live;       /* register values in effect on this line */
    uint32_t ev_base;           /* the log's line number of display line 0 */
    unsigned ev_next;
    unsigned msl;               /* maximum scan line (CR09 bits 0-4) */
    bool dscan;                 /* CR09 bit 7: every line twice */
    unsigned line;              /* scan line counter */
    uint32_t row_ma;            /* address counter at the start of this line */
    unsigned rs;                /* row scan counter */
    bool ds_second;             /* the repeat of a double-scanned line */
    bool split;                 /* below the line compare */
    bool row_start;             /* first line of a character row */
};
/* latest: the registers as they are now (the frame about to start), else
 * the last completed frame with its mid-frame changes. */
void vga_walk_begin(struct vga *v, struct vga_walk *w, bool latest);
void vga_walk_next(struct vga_walk *w);
/* The byte panning (CR08 bits 5-6) and PEL panning in effect on this line. */
unsigned vga_walk_byte_pan(const struct vga_walk *w);
unsigned vga_walk_pel_pan(const struct vga_walk *w);

/* The CRTC's address generator: memory address counter and row scan
 * counter to a plane offset, per CR14 (dword), CR17 (byte/word, address
 * wrap, MA13/MA14 substitution) and the count-by-2/4 bits. */
struct vga_addrgen {
    uint8_t rotate;             /* 0 byte, 1 word, 2 doubleword mode */
    uint8_t wrap_shift;         /* word mode: counter bit that becomes MA0 */
    uint8_t count_shift;        /* counter advances every 2^n character clocks */
    bool sub13, sub14;          /* row scan bits replace MA13 / MA14 */
};

static inline void vga_addrgen_init(const struct vga *v, struct vga_addrgen *g)
{
    uint8_t cr14 = v->crtc[CR_UNDERLINE], cr17 = v->crtc[CR_MODE];
    g->rotate = (cr14 & CR14_DWORD) ? 2 : (cr17 & CR17_BYTE_MODE) ? 0 : 1;
    g->wrap_shift = (cr17 & CR17_ADDR_WRAP) ? 15 : 13;
    g->count_shift = (cr14 & CR14_COUNT4) ? 2 : (cr17 & CR17_COUNT2) ? 1 : 0;
    g->sub13 = !(cr17 & CR17_MAP13);
    g->sub14 = !(cr17 & CR17_MAP14);
}

static inline uint32_t vga_addrgen_map(const struct vga_addrgen *g, uint32_t ctr, unsigned rs)
{
    uint32_t a;
    ctr &= 0xffffu;
    if (g->rotate == 0)
        a = ctr;
    else if (g->rotate == 1)
        a = (ctr << 1) | ((ctr >> g->wrap_shift) & 1u);
    else
        a = (ctr << 2) | (ctr >> 14);           /* MA14, MA15 rotate into MA0, MA1 */
    if (g->sub13)
        a = (a & ~0x2000u) | ((rs & 1u) << 13);
    if (g->sub14)
        a = (a & ~0x4000u) | ((rs & 2u) << 13);
    return a & 0xffffu;
}

#endif
