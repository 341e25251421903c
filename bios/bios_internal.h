/* bios/bios_internal.h: what the BIOS service files share: the service
 * state, register and flag helpers, guest-memory helpers (always through
 * linear addresses, so paging in V86 mode is honoured) and the BIOS data
 * area layout (IBM PC/AT Technical Reference, "BIOS Data Area"). */
#ifndef VIREO_BIOS_BIOS_INTERNAL_H
#define VIREO_BIOS_BIOS_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "bios/bios.h"
#include "bios/rom_defs.h"
#include "cpu/cpu.h"
#include "cpu/mem.h"
#include "devices/bus.h"

/* ---- BIOS data area (segment 40h) offsets ---- */
enum {
    BDA_COM = 0x00,             /* 4 words: serial port bases */
    BDA_LPT = 0x08,             /* 3 words: parallel port bases */
    BDA_EBDA_SEG = 0x0E,
    BDA_EQUIP = 0x10,
    BDA_MEM_KB = 0x13,
    BDA_KBD_FLAGS1 = 0x17,      /* shift states and lock modes */
    BDA_KBD_FLAGS2 = 0x18,      /* keys held, pause, lock keys held */
    BDA_KBD_ALTNUM = 0x19,      /* Alt + keypad accumulator */
    BDA_KBD_HEAD = 0x1A,
    BDA_KBD_TAIL = 0x1C,
    BDA_KBD_BUF = 0x1E,         /* default buffer, 16 words */
    BDA_FD_RECAL = 0x3E,        /* bit 7: interrupt occurred; bits 0-1: recalibrate */
    BDA_FD_MOTOR = 0x3F,        /* bits 0-1 motors on, 4-5 selected drive, 7 write */
    BDA_FD_MOTOR_TICKS = 0x40,  /* ticks until the motors go off */
    BDA_FD_STATUS = 0x41,       /* last diskette status */
    BDA_FD_RESULT = 0x42,       /* 7 bytes: the controller's last result phase */
    BDA_VID_MODE = 0x49,
    BDA_VID_COLS = 0x4A,        /* word */
    BDA_VID_PAGE_SIZE = 0x4C,   /* word */
    BDA_VID_PAGE_START = 0x4E,  /* word */
    BDA_VID_CURSOR = 0x50,      /* 8 words: column, row per page */
    BDA_VID_CURSOR_SHAPE = 0x60, /* word: end line (low), start line (high) */
    BDA_VID_PAGE = 0x62,
    BDA_VID_CRTC = 0x63,        /* word: 3D4h or 3B4h */
    BDA_VID_MSR = 0x65,         /* CGA mode control register value */
    BDA_VID_PAL = 0x66,         /* CGA palette register value */
    BDA_RESET_PTR = 0x67,       /* dword: option ROM init / shutdown resume */
    BDA_LAST_IRQ = 0x6B,
    BDA_TICKS = 0x6C,           /* dword */
    BDA_MIDNIGHT = 0x70,
    BDA_BREAK = 0x71,           /* bit 7: Ctrl-Break pressed */
    BDA_RESET_FLAG = 0x72,      /* word: 1234h warm boot */
    BDA_HD_STATUS = 0x74,
    BDA_HD_COUNT = 0x75,
    BDA_HD_CONTROL = 0x76,
    BDA_HD_PORT_OFF = 0x77,
    BDA_LPT_TIMEOUT = 0x78,     /* 3 bytes (4th: reserved) */
    BDA_COM_TIMEOUT = 0x7C,     /* 4 bytes */
    BDA_KBD_START = 0x80,       /* word: buffer start offset in segment 40h */
    BDA_KBD_END = 0x82,
    BDA_VID_ROWS = 0x84,        /* rows - 1 */
    BDA_VID_CHAR_HEIGHT = 0x85, /* word */
    BDA_VID_CTL = 0x87,         /* EGA/VGA control: bit 7 no clear, 0 cursor emu off */
    BDA_VID_SWITCHES = 0x88,
    BDA_VID_FLAGS = 0x89,       /* VGA flags: scan lines, palette loading, grey */
    BDA_VID_DCC = 0x8A,         /* index into the DCC table */
    BDA_FD_LAST_RATE = 0x8B,    /* bits 7-6: last data rate programmed */
    BDA_HD_CTL_STATUS = 0x8C,
    BDA_HD_CTL_ERROR = 0x8D,
    BDA_HD_INT = 0x8E,          /* FFh: the hard disk interrupted */
    BDA_FD_INFO = 0x8F,         /* diskette controller information */
    BDA_FD_MEDIA = 0x90,        /* 2 bytes: media state per drive */
    BDA_FD_START = 0x92,        /* 2 bytes: media state at operation start */
    BDA_FD_CYL = 0x94,          /* 2 bytes: present cylinder per drive */
    BDA_KBD_FLAGS3 = 0x96,      /* E0/E1 prefixes, 101-key keyboard, right Ctrl/Alt */
    BDA_KBD_LEDS = 0x97,        /* LED states and update flags */
    BDA_WAIT_PTR = 0x98,        /* dword: user wait flag (INT 15h/83h) */
    BDA_WAIT_COUNT = 0x9C,      /* dword: microseconds left */
    BDA_WAIT_FLAG = 0xA0,       /* bit 0: wait active, bit 7: time elapsed */
    BDA_VID_SAVE_PTR = 0xA8,    /* dword */
    BDA_VBE_MODE = 0xBA,        /* word: VBE mode set by 4F02h (bits 14, 15 as given), 0 none;
                                   where Bochs's VGA BIOS keeps it */
    BDA_PRTSC_STATUS = 0x100,   /* 0050:0000 */
};

/* EBDA layout (offsets in its segment). */
enum {
    EBDA_SIZE_KB = 0x00,
    EBDA_MOUSE_HANDLER = 0x22,  /* dword */
    EBDA_MOUSE_FLAGS1 = 0x26,   /* bits 0-2 packet index, 7 handler installed */
    EBDA_MOUSE_FLAGS2 = 0x27,   /* bits 0-2 packet size, 7 enabled */
    EBDA_MOUSE_DATA = 0x28,     /* 8 bytes: packet being collected */
    EBDA_HD0_PARMS = 0x3D,      /* 16 bytes: INT 41h fixed-disk parameter table */
    EBDA_HD1_PARMS = 0x4D,      /* 16 bytes: INT 46h */
    EBDA_DPTE = 0x60,           /* 4 x 16 bytes: EDD device parameter table extensions */
    EBDA_SCRATCH = 0x100,       /* 256 bytes of text for POST and INT 18h messages */
    EBDA_BYTES = 1024,
};

/* Diskette media state byte (40:90) fields. */
enum {
    FDM_RATE_MASK = 0xC0,       /* data rate, as the DPT extension encodes it */
    FDM_DOUBLE_STEP = 0x20,
    FDM_ESTABLISHED = 0x10,
    FDM_STATE_MASK = 0x07,      /* 3: 360K in 360K, 4: 360K in 1.2M, 5: 1.2M in 1.2M, 7: other */
};

/* INT 13h status codes (IBM AT BIOS; Phoenix EDD). */
enum {
    DS_OK = 0x00, DS_BAD_CMD = 0x01, DS_BAD_ADDR_MARK = 0x02, DS_WRITE_PROTECT = 0x03,
    DS_NOT_FOUND = 0x04, DS_RESET_FAILED = 0x05, DS_CHANGED = 0x06, DS_BAD_PARMS = 0x07,
    DS_DMA_OVERRUN = 0x08, DS_DMA_BOUNDARY = 0x09, DS_BAD_SECTOR = 0x0A, DS_MEDIA_TYPE = 0x0C,
    DS_BAD_CRC = 0x10, DS_CONTROLLER = 0x20, DS_SEEK = 0x40, DS_TIMEOUT = 0x80,
    DS_NOT_READY = 0xAA, DS_UNDEFINED = 0xBB, DS_WRITE_FAULT = 0xCC,
};

/* A floppy controller operation that waits for the controller between
 * traps (reset, recalibrate, seek): a small program of steps (floppy.c).
 * The longest is POST's: reset, 4 senses, specify, 3 steps per drive. */
#define FDC_PROGRAM_MAX 16

struct fdc_program {
    uint8_t step[FDC_PROGRAM_MAX];  /* enum fd_op (floppy.c), ending with FO_END */
    uint8_t arg[FDC_PROGRAM_MAX];   /* drive unit */
    uint8_t cyl[FDC_PROGRAM_MAX];   /* SEEK target */
    unsigned pc;                /* current step */
    unsigned sub;               /* progress inside the step (bytes sent, ...) */
    bool waiting_irq;           /* the step waits for 40:3E bit 7 */
    uint32_t start_tick;        /* BDA tick count when the step began (timeouts) */
    uint8_t st0, pcn;           /* last SENSE INTERRUPT result */
    uint8_t error;              /* DS_* status, 0 if fine */
};

/* Identity of a service call that is being retried: where its IRET frame
 * is, so a retried call is not mistaken for a new one. */
struct retry_slot {
    bool active;
    uint32_t frame_lin;
    uint32_t start_tick;
    uint32_t aux;
};

struct bios {
    struct bios_deps d;
    uint8_t *rom;               /* ROM_SIZE bytes as mapped at E0000h */
    const uint8_t *img;         /* rom + (ROM_IMAGE_BASE - ROM_BASE): segment F000h */
    uint16_t dir[ROMDIR_COUNT]; /* offsets of the ROM's fonts and tables */
    uint32_t frame_off;         /* offset of the IRET frame from SS:SP for this trap */

    /* Hard disks: BIOS unit (80h + i) -> deps index; logical geometry. */
    unsigned hd_count;
    unsigned hd_dep[4];
    struct disk_chs hd_lchs[4]; /* translated geometry INT 13h reports */
    uint8_t post_kbc;           /* KBC_OK_* from POST */
    unsigned next_rom;          /* option ROM scan position (C0000h + 2 KiB steps) */
    unsigned boot_pos;          /* position in deps->boot_order */
    char boot_msg[160];

    /* Service state (forgotten by bios_reset). */
    struct fdc_program fdp;     /* floppy controller program in progress */
    struct retry_slot fd_call;  /* the INT 13h diskette call that runs it */
    bool fd_post_pending;       /* the first reset after POST also steps the drives */
    uint8_t kbd_led_stage;      /* 0 idle, 1 sent EDh, 2 sent the LED byte */
    uint8_t kbd_led_value;
    uint8_t kbd_typematic;      /* last typematic byte sent (INT 16h/03h) */
    uint8_t kbd_cmd_stage;      /* 0 idle, 1 sent F3h (typematic) */
    struct retry_slot beep;     /* INT 10h BEL tone */
    struct retry_slot vbe_wait; /* VBE 4F07h/4F09h BL=80h: waiting for vertical retrace */
    uint32_t beep_until;        /* tick that ends a tone nobody waits for (0: none) */
    struct retry_slot serial;   /* INT 14h wait */
    struct retry_slot mouse_call;  /* INT 15h/C2h exchange */
    uint8_t mouse_tx[4];        /* bytes to send to the mouse */
    uint8_t mouse_ntx, mouse_sent;
    uint8_t mouse_rx[4];        /* bytes received */
    uint8_t mouse_nrx, mouse_want;
    uint8_t mouse_cmdbyte;      /* KBC command byte saved around an exchange */
    uint64_t wait_last;         /* scheduler tick the wait count was last reduced at */

    struct log_site log_unknown;    /* unsupported service calls */
    struct log_site log_misc;
};

/* ---- Registers ---- */

static inline uint16_t r16(const struct cpu *c, unsigned r) { return (uint16_t)c->gpr[r]; }
static inline void set_r16(struct cpu *c, unsigned r, uint16_t v)
{
    c->gpr[r] = (c->gpr[r] & 0xffff0000u) | v;
}
static inline uint8_t r8lo(const struct cpu *c, unsigned r) { return (uint8_t)c->gpr[r]; }
static inline uint8_t r8hi(const struct cpu *c, unsigned r) { return (uint8_t)(c->gpr[r] >> 8); }
static inline void set_r8lo(struct cpu *c, unsigned r, uint8_t v)
{
    c->gpr[r] = (c->gpr[r] & 0xffffff00u) | v;
}
static inline void set_r8hi(struct cpu *c, unsigned r, uint8_t v)
{
    c->gpr[r] = (c->gpr[r] & 0xffff00ffu) | ((uint32_t)v << 8);
}
#define AL(c) r8lo(c, REG_EAX)
#define AH(c) r8hi(c, REG_EAX)
#define BL(c) r8lo(c, REG_EBX)
#define BH(c) r8hi(c, REG_EBX)
#define CL(c) r8lo(c, REG_ECX)
#define CH(c) r8hi(c, REG_ECX)
#define DL(c) r8lo(c, REG_EDX)
#define DH(c) r8hi(c, REG_EDX)
#define AX(c) r16(c, REG_EAX)
#define BX(c) r16(c, REG_EBX)
#define CX(c) r16(c, REG_ECX)
#define DX(c) r16(c, REG_EDX)
#define SI(c) r16(c, REG_ESI)
#define DI(c) r16(c, REG_EDI)
#define BP(c) r16(c, REG_EBP)

static inline uint16_t sreg(const struct cpu *c, unsigned seg) { return c->seg[seg].sel; }
/* Load a segment register as real or V86 mode does (the services run in one of those). */
void bios_set_sreg(struct cpu *c, unsigned seg, uint16_t sel);

/* ---- Guest memory through linear addresses ---- */

static inline uint32_t far_lin(uint16_t seg, uint32_t off) { return ((uint32_t)seg << 4) + off; }
static inline uint8_t mem_rd8(struct cpu *c, uint32_t lin) { return (uint8_t)lin_read(c, lin, 1); }
static inline uint16_t mem_rd16(struct cpu *c, uint32_t lin) { return (uint16_t)lin_read(c, lin, 2); }
static inline uint32_t mem_rd32(struct cpu *c, uint32_t lin) { return lin_read(c, lin, 4); }
static inline void mem_wr8(struct cpu *c, uint32_t lin, uint8_t v) { lin_write(c, lin, 1, v); }
static inline void mem_wr16(struct cpu *c, uint32_t lin, uint16_t v) { lin_write(c, lin, 2, v); }
static inline void mem_wr32(struct cpu *c, uint32_t lin, uint32_t v) { lin_write(c, lin, 4, v); }
void mem_read_block(struct cpu *c, uint32_t lin, uint8_t *buf, uint32_t n);
void mem_write_block(struct cpu *c, uint32_t lin, const uint8_t *buf, uint32_t n);
/* Translate every page of [lin, lin+n) for writing now, so that a later
 * mem_write_block cannot fault halfway (faults restart the trap). */
void mem_probe_write(struct cpu *c, uint32_t lin, uint32_t n);
/* The same for n bytes at seg:off, the offset wrapping at 64 KiB as a
 * 16-bit caller's buffer addressing does (a buffer may start anywhere). */
void far_read_block(struct cpu *c, uint16_t seg, uint16_t off, uint8_t *buf, uint32_t n);
void far_write_block(struct cpu *c, uint16_t seg, uint16_t off, const uint8_t *buf, uint32_t n);
void far_probe_write(struct cpu *c, uint16_t seg, uint16_t off, uint32_t n);

static inline uint8_t bda_rd8(struct cpu *c, unsigned off) { return mem_rd8(c, 0x400u + off); }
static inline uint16_t bda_rd16(struct cpu *c, unsigned off) { return mem_rd16(c, 0x400u + off); }
static inline uint32_t bda_rd32(struct cpu *c, unsigned off) { return mem_rd32(c, 0x400u + off); }
static inline void bda_wr8(struct cpu *c, unsigned off, uint8_t v) { mem_wr8(c, 0x400u + off, v); }
static inline void bda_wr16(struct cpu *c, unsigned off, uint16_t v) { mem_wr16(c, 0x400u + off, v); }
static inline void bda_wr32(struct cpu *c, unsigned off, uint32_t v) { mem_wr32(c, 0x400u + off, v); }
static inline uint32_t ebda_lin(struct cpu *c) { return (uint32_t)bda_rd16(c, BDA_EBDA_SEG) << 4; }

/* ---- The caller's IRET frame and the stub's retry flags ---- */

/* Linear address of the IRET frame (IP, CS, FLAGS) of the current call. */
uint32_t frame_lin(struct bios *b, struct cpu *c);
/* Set or clear FLAGS bits in the caller's frame (the result CF, ZF). */
void frame_flags(struct bios *b, struct cpu *c, uint16_t mask, uint16_t value);
static inline void frame_cf(struct bios *b, struct cpu *c, bool cf)
{
    frame_flags(b, c, EFLAGS_CF, cf ? EFLAGS_CF : 0);
}
static inline void frame_zf(struct bios *b, struct cpu *c, bool zf)
{
    frame_flags(b, c, EFLAGS_ZF, zf ? EFLAGS_ZF : 0);
}
/* The live flags the stub tests after the trap. */
void svc_done(struct cpu *c);               /* CF = 0 */
void svc_retry(struct cpu *c, bool halt);   /* CF = 1, ZF = halt */
static inline void svc_no(struct cpu *c) { svc_retry(c, true); }  /* SVC_POST: answer "no" */

/* A retry slot: begin() returns true for a new call (and records it). */
bool retry_begin(struct bios *b, struct cpu *c, struct retry_slot *s);
static inline void retry_end(struct retry_slot *s) { s->active = false; }

/* ---- Ports ---- */

static inline uint8_t io_in8(struct bios *b, uint16_t port)
{
    return (uint8_t)bus_in(b->d.io, port, 1);
}
static inline void io_out8(struct bios *b, uint16_t port, uint8_t v) { bus_out(b->d.io, port, 1, v); }
uint8_t cmos_read(struct bios *b, uint8_t index);
void cmos_write(struct bios *b, uint8_t index, uint8_t v);

/* ---- ROM contents ---- */

static inline const uint8_t *rom_table(const struct bios *b, unsigned dir_index)
{
    return b->img + b->dir[dir_index];
}
static inline uint16_t rom_offset(const struct bios *b, unsigned dir_index)
{
    return b->dir[dir_index];
}

/* ---- Services (one per trap) ---- */
bool svc_post(struct bios *b, struct cpu *c);
bool svc_timer(struct bios *b, struct cpu *c);
bool svc_kbd_raw(struct bios *b, struct cpu *c);
bool svc_kbd_scan(struct bios *b, struct cpu *c);
bool svc_int10(struct bios *b, struct cpu *c);
bool svc_int13(struct bios *b, struct cpu *c);
bool svc_int40(struct bios *b, struct cpu *c);
bool svc_int14(struct bios *b, struct cpu *c);
bool svc_int15(struct bios *b, struct cpu *c);
bool svc_int16(struct bios *b, struct cpu *c);
bool svc_int17(struct bios *b, struct cpu *c);
bool svc_int1a(struct bios *b, struct cpu *c);
bool svc_rtc_irq(struct bios *b, struct cpu *c);
bool svc_mouse_irq(struct bios *b, struct cpu *c);
bool svc_spurious(struct bios *b, struct cpu *c);
bool svc_boot(struct bios *b, struct cpu *c);
bool svc_prtsc(struct bios *b, struct cpu *c);
bool svc_nmi(struct bios *b, struct cpu *c);
bool svc_wait86(struct bios *b, struct cpu *c);
bool svc_floppy_irq(struct bios *b, struct cpu *c);

/* ---- Shared between service files ---- */
void video_post(struct bios *b, struct cpu *c);        /* BDA video fields before mode set */
bool video_present(const struct bios *b);
void video_beep_tick(struct bios *b, struct cpu *c);
void disk_post(struct bios *b, struct cpu *c);          /* hard disk tables, 40:75 */
void floppy_post(struct bios *b, struct cpu *c);        /* media state, 40:8F */
void floppy_timer_tick(struct bios *b, struct cpu *c);  /* motor-off countdown */
bool floppy_service(struct bios *b, struct cpu *c);     /* INT 13h, DL < 80h */
unsigned floppy_drive_count(struct bios *b);
void keyboard_post(struct bios *b, struct cpu *c);
void mouse_service(struct bios *b, struct cpu *c);      /* INT 15h/C2h */
void clock_start_wait(struct bios *b, struct cpu *c, uint16_t flag_seg, uint16_t flag_off,
                      uint32_t us);
void clock_cancel_wait(struct bios *b, struct cpu *c);
bool clock_init_ticks(struct bios *b, struct cpu *c);   /* false: RTC busy, retry */
uint8_t printer_out(struct bios *b, struct cpu *c, unsigned port, uint8_t ch);
uint32_t bios_ticks(struct cpu *c);
void bios_log(struct bios *b, enum log_level lvl, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
