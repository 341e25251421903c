/* devices/ide_internal.h: the IDE model's state, shared by ide.c (the
 * channel: registers, INTRQ, resets, PIO data blocks) and ide_cmd.c (the
 * ATA commands and IDENTIFY).  Not for other users. */
#ifndef VIREO_DEVICES_IDE_INTERNAL_H
#define VIREO_DEVICES_IDE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/disk_image.h"
#include "devices/ide.h"
#include "devices/sched.h"

/* Status register (ATA-2 7.2.13). */
#define ST_ERR 0x01
#define ST_DRQ 0x08
#define ST_DSC 0x10
#define ST_DRDY 0x40
#define ST_BSY 0x80
#define ST_READY (ST_DRDY | ST_DSC)
/* Error register (ATA-2 7.2.4). */
#define ER_DIAG_OK 0x01         /* diagnostic code after reset / EDD */
#define ER_ABRT 0x04
#define ER_IDNF 0x10
#define ER_UNC 0x40
/* Device control (ATA-2 7.2.6) and drive/head (7.2.8). */
#define DC_NIEN 0x02
#define DC_SRST 0x04
#define DH_DEV 0x10
#define DH_LBA 0x40

/* Task-file offsets from the command block base. */
enum {
    REG_DATA, REG_ERROR, REG_NSECTOR, REG_SECTOR, REG_LCYL, REG_HCYL, REG_SELECT, REG_STATUS,
};

#define IDE_MAX_MULT 16             /* READ/WRITE MULTIPLE block limit (IDENTIFY word 47) */
#define IDE_LBA28_LIMIT 0x0fffffffu

/* Times in 14.31818 MHz ticks.  Real drives take milliseconds; these keep
 * BSY visible yet well inside any driver's polling loop (Linux 0.11 polls
 * 10000 times after a reset and 3000 times for the first write DRQ). */
#define US(n) ((uint64_t)(n) * SCHED_HZ / 1000000u)
#define IDE_CMD_TICKS US(20)        /* non-data commands */
#define IDE_SECTOR_TICKS US(10)     /* per sector read, written or verified */
#define IDE_RESET_TICKS US(20)      /* BSY after SRST is released */
#define IDE_DIAG_TICKS US(50)       /* EXECUTE DEVICE DIAGNOSTIC */
#define IDE_FLUSH_PERIOD SCHED_HZ   /* write-back cache reaches the image within 1 s */

enum xfer { XFER_NONE, XFER_IN, XFER_OUT };

struct ide_dev {
    struct ide_channel *ch;
    unsigned unit;
    struct disk_image *img;         /* NULL: no device */
    uint64_t sectors;               /* of the image */
    uint64_t lba_capacity;          /* IDENTIFY words 60-61 */
    struct disk_chs def, cur;       /* default and current translation */
    bool cur_valid;                 /* INITIALIZE DEVICE PARAMETERS accepted */

    /* Task file: both devices latch every register write. */
    uint8_t features, nsector, sector, lcyl, hcyl, select;
    uint8_t error, status;
    bool intrq;                     /* interrupt pending (shown only if selected, !nIEN) */

    /* SET FEATURES / SET MULTIPLE MODE state. */
    uint8_t mult;                   /* 0: READ/WRITE MULTIPLE disabled */
    bool wcache, lookahead, pio8, revert_on_reset, standby;
    uint8_t xfer_mode;              /* last SET FEATURES 03h value */

    /* The command in progress. */
    uint8_t cmd;
    bool lba_mode;                  /* its addressing */
    uint64_t lba;                   /* next sector */
    uint32_t left;                  /* sectors not yet transferred */
    uint32_t block;                 /* sectors in the current DRQ block */
    uint32_t pos, len;              /* bytes of buf done / in the block */
    enum xfer dir;
    void (*on_block)(struct ide_dev *d);    /* host finished the block */
    void (*after)(struct ide_dev *d);       /* what op_timer runs */
    uint8_t pending_error;
    struct timer op_timer, flush_timer;
    uint8_t buf[IDE_MAX_MULT * DISK_SECTOR_SIZE];
    uint8_t devbuf[DISK_SECTOR_SIZE];       /* READ/WRITE BUFFER */
};

struct ide_channel {
    struct ide_dev dev[2];
    unsigned cur;                   /* DEV bit of the last drive/head write */
    uint8_t devctl;
    bool irq_level;
    struct irq_line irq;
    struct sched *sched;
    uint16_t cmd_base, ctl_port;
    const struct logger *log;
    struct log_site log_cmd, log_flush, log_data;
};

typedef void (*ide_cmd_fn)(struct ide_dev *d);

/* ide.c */
void ide_update_irq(struct ide_channel *ch);
void ide_raise_intrq(struct ide_dev *d);
void ide_busy_then(struct ide_dev *d, uint64_t ticks, void (*fn)(struct ide_dev *));
void ide_cancel_op(struct ide_dev *d);
void ide_complete_ok(struct ide_dev *d);
void ide_complete_error(struct ide_dev *d);
void ide_fail(struct ide_dev *d, uint8_t error);
void ide_note_write(struct ide_dev *d);
void ide_start_block(struct ide_dev *d, enum xfer dir, uint32_t bytes,
                     void (*on_block)(struct ide_dev *));

/* ide_cmd.c: the handler for a command opcode, NULL if it aborts. */
ide_cmd_fn ide_command(uint8_t op);

#endif
