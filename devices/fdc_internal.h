/* devices/fdc_internal.h: the 82077AA model's state, shared by fdc.c
 * (registers, non-data commands, resets, media) and fdc_exec.c (the data
 * phase of READ/WRITE/VERIFY/SCAN/FORMAT/READ ID).  Not for other users. */
#ifndef VIREO_DEVICES_FDC_INTERNAL_H
#define VIREO_DEVICES_FDC_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/disk_image.h"
#include "devices/fdc.h"
#include "devices/sched.h"

/* Digital Output Register (3F2h). */
#define DOR_DS 0x03
#define DOR_NRESET 0x04
#define DOR_DMAGATE 0x08
#define DOR_MOTOR(u) (0x10u << (u))
/* Main Status Register (3F4h read). */
#define MSR_RQM 0x80
#define MSR_DIO 0x40
#define MSR_NDMA 0x20
#define MSR_CB 0x10
/* Datarate Select Register (3F4h write). */
#define DSR_SWRESET 0x80
#define DSR_POWERDOWN 0x40
/* Digital Input Register (3F7h read). */
#define DIR_DSKCHG 0x80

/* Status registers 0-3 (datasheet table "Status Register 0-3"). */
#define ST0_ABNORMAL 0x40       /* IC = 01 */
#define ST0_INVALID 0x80        /* IC = 10 */
#define ST0_POLL 0xc0           /* IC = 11: ready changed during polling */
#define ST0_SE 0x20
#define ST0_EC 0x10
#define ST0_HEAD 0x04
#define ST1_EN 0x80
#define ST1_DE 0x20
#define ST1_OR 0x10
#define ST1_ND 0x04
#define ST1_NW 0x02
#define ST1_MA 0x01
#define ST2_CM 0x40
#define ST2_DD 0x20
#define ST2_WC 0x10
#define ST2_SH 0x08
#define ST2_SN 0x04
#define ST2_BC 0x02
#define ST3_WP 0x40
#define ST3_ONE_5 0x20          /* reads as 1 on the 82077AA */
#define ST3_T0 0x10
#define ST3_ONE_3 0x08          /* reads as 1 on the 82077AA */
#define ST3_HD 0x04

/* Data-rate select codes (DSR/CCR bits 1-0). */
enum { RATE_500K, RATE_300K, RATE_250K, RATE_1M };

/* Timing: real drive times divided by FDC_TIME_DIVISOR, so that a seek or a
 * rotation is short in virtual time yet never zero, and deterministic. */
#define FDC_TIME_DIVISOR 64u
#define FDC_SETTLE_US 15000u            /* head settle after a seek */
#define FDC_RESET_POLL_TICKS (SCHED_HZ / 50000u)    /* 20 us: reset to polling interrupt */

enum fdc_phase { PH_COMMAND, PH_EXEC, PH_RESULT };

/* Data-phase operations (fdc_exec.c). */
enum fdc_op {
    OP_NONE, OP_READ, OP_READ_DEL, OP_WRITE, OP_WRITE_DEL, OP_READ_TRACK, OP_VERIFY,
    OP_SCAN_EQ, OP_SCAN_LE, OP_SCAN_HE, OP_FORMAT, OP_READ_ID,
};

struct fdc;

/* What a drive type can do. */
struct fdd_info {
    const char *name;
    uint8_t max_cyl;                /* the head stop */
    uint8_t tracks;                 /* 40 or 80 */
    uint16_t rpm;
    uint8_t rates;                  /* bit per data-rate code it reads and writes */
};
const struct fdd_info *fdd_info_of(enum fdd_type type);

struct fdd {
    struct fdc *f;
    unsigned unit;
    enum fdd_type type;
    struct disk_image *img;         /* inserted media, NULL if none */
    const struct floppy_format *fmt;
    bool wp;                        /* media write protected */
    uint8_t cyl;                    /* where the head physically is */
    bool dskchg;                    /* the drive's disk-change latch */
    uint8_t *deleted;               /* per sector bit: deleted data mark (not in raw images) */
    bool seeking;
    bool seek_failed;               /* RECALIBRATE found no track 0 */
    uint8_t seek_head;              /* HDS of the SEEK, for ST0 */
    bool int_pending;               /* SENSE INTERRUPT STATUS has something for this drive */
    bool int_from_seek;
    uint8_t int_st0;
    struct timer seek_timer;
    struct timer flush_timer;       /* written sectors reach the image within a second */
};

/* The command being executed: the IDR (C H R N) and its parameters. */
struct fdc_xfer {
    enum fdc_op op;
    uint8_t drive, head;            /* physical head (HDS) */
    uint8_t c, h, r, n, eot, gpl, dtl;
    bool mt, mfm, sk, ec;
    uint8_t sc;                     /* VERIFY EC=1 count, FORMAT sectors per track */
    uint8_t fill;                   /* FORMAT filler byte */
    uint8_t st0, st1, st2;          /* accumulated status (SE of an implied seek, CM) */
    bool stop_after;                /* a control mark ends the command after this sector */
    bool tc;                        /* DMA terminal count ended the last transfer */
    bool contiguous;                /* the next sector follows a non-DMA one at once */
    unsigned done;                  /* sectors (or FORMAT IDs) handled */
};

struct fdc_cmd;

struct fdc {
    struct fdd drv[4];
    uint16_t base;
    uint8_t dor, tdr, rate, precomp;
    bool lenient;                   /* fdc_set_lenient(): emulator-BIOS shortcuts */
    bool powerdown;
    bool in_reset;
    /* SPECIFY */
    uint8_t srt, hut, hlt;
    bool nondma;
    /* CONFIGURE, LOCK, PERPENDICULAR MODE */
    bool eis, efifo, poll_off, locked;
    uint8_t fifothr, pretrk;
    uint8_t perp_drives, perp_gap_wgate;
    uint8_t pcn[4];
    uint8_t last_eot;               /* DUMPREG's SC/EOT */

    enum fdc_phase phase;
    const struct fdc_cmd *cmd;
    uint8_t cmdbuf[9], ncmd;
    uint8_t res[10], nres, rpos;
    bool result_int;                /* this result phase raised INT; reading clears it */
    bool int_pin, irq_level;

    /* Execution phase. */
    struct fdc_xfer x;
    void (*next)(struct fdc *f);    /* what exec_timer (or a resume) runs */
    bool stalled;                   /* waiting for index pulses: motor off or no media */
    bool pio_active, pio_to_host;   /* non-DMA: buf is open to the FIFO */
    void (*pio_done)(struct fdc *f);
    uint32_t pos, len;
    uint8_t buf[16384];             /* one sector of up to N = 7 */
    uint8_t disk[DISK_SECTOR_SIZE]; /* SCAN: the sector read from the disk */
    struct timer exec_timer, reset_timer;

    struct sched *sched;
    struct isa_dma *dma;
    unsigned dma_chan;
    struct irq_line irq;
    const struct logger *log;
    struct log_site log_cmd, log_format, log_io;
};

/* fdc.c */
void fdc_set_int(struct fdc *f, bool level);
void fdc_enter_result(struct fdc *f, const uint8_t *bytes, unsigned n, bool interrupt);
uint64_t fdc_ticks(uint64_t real_us);
uint64_t fdc_step_us(const struct fdc *f, unsigned steps);
void fdc_move_head(struct fdd *d, int delta);
void fdc_note_write(struct fdd *d);

/* fdc_exec.c */
void fdc_exec_rw(struct fdc *f);
void fdc_exec_format(struct fdc *f);
void fdc_exec_read_id(struct fdc *f);
void fdc_exec_resume(struct fdc *f);
uint8_t fdc_exec_fifo_read(struct fdc *f);
void fdc_exec_fifo_write(struct fdc *f, uint8_t v);
void fdc_exec_cancel(struct fdc *f);
uint32_t fdc_media_rate_kbps(unsigned rate);

#endif
