/* devices/ide.c: an IDE/ATA channel with two PIO hard disks, per ATA-2
 * (X3T10/948D) and ATA-3 (X3T10/2008D): task file, CHS and LBA28
 * addressing, INTRQ negated by a Status read or a command write, nIEN, SRST
 * with the reset signature, absent-device behaviour.  Commands run on the
 * scheduler's clock with short BSY times so that polling drivers see them.
 * LIMITATION: no DMA, no 48-bit LBA, no ATAPI, no READ/WRITE LONG, SLEEP
 * behaves as STANDBY. */
#include "devices/ide.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "devices/bus.h"
#include "devices/disk_image.h"
#include "devices/sched.h"
#include "util/le.h"

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

/* ---- interrupts, timers, completion ---- */

static void update_irq(struct ide_channel *ch)
{
    const struct ide_dev *d = &ch->dev[ch->cur];
    bool level = d->img != NULL && d->intrq && !(ch->devctl & DC_NIEN);
    if (level != ch->irq_level) {
        ch->irq_level = level;
        irq_set(&ch->irq, level);
    }
}

static void raise_intrq(struct ide_dev *d)
{
    d->intrq = true;
    update_irq(d->ch);
}

static void op_fire(void *opaque, uint64_t now)
{
    struct ide_dev *d = opaque;
    void (*fn)(struct ide_dev *) = d->after;
    (void)now;
    d->after = NULL;
    if (fn != NULL)
        fn(d);
}

/* Go busy and run fn after `ticks`. */
static void busy_then(struct ide_dev *d, uint64_t ticks, void (*fn)(struct ide_dev *))
{
    d->status = ST_BSY | (d->status & ST_READY);
    d->dir = XFER_NONE;
    d->after = fn;
    sched_arm(d->ch->sched, &d->op_timer, sched_now(d->ch->sched) + ticks, op_fire, d);
}

static void cancel_op(struct ide_dev *d)
{
    sched_cancel(d->ch->sched, &d->op_timer);
    d->after = NULL;
    d->dir = XFER_NONE;
    d->on_block = NULL;
}

static void complete_ok(struct ide_dev *d)
{
    d->error = 0;
    d->status = ST_READY;
    raise_intrq(d);
}

static void complete_error(struct ide_dev *d)
{
    d->error = d->pending_error;
    d->status = ST_READY | ST_ERR;
    raise_intrq(d);
}

static void fail(struct ide_dev *d, uint8_t error)
{
    d->pending_error = error;
    busy_then(d, IDE_CMD_TICKS, complete_error);
}

static void flush_fire(void *opaque, uint64_t now)
{
    struct ide_dev *d = opaque;
    struct emu_err e;
    (void)now;
    if (disk_flush(d->img, &e) != 0)
        log_limited(d->ch->log, &d->ch->log_flush, LOG_ERROR, "ide", "%s", e.msg);
}

static void note_write(struct ide_dev *d)
{
    if (!d->flush_timer.armed)
        sched_arm(d->ch->sched, &d->flush_timer, sched_now(d->ch->sched) + IDE_FLUSH_PERIOD,
                  flush_fire, d);
}

/* ---- addressing ---- */

/* One past the last sector the command's addressing mode can reach. */
static uint64_t addr_limit(const struct ide_dev *d)
{
    if (d->lba_mode)
        return d->lba_capacity;
    return d->cur_valid ? (uint64_t)d->cur.cyls * d->cur.heads * d->cur.spt : 0;
}

/* The task file's address as an LBA; false if it names no sector. */
static bool taskfile_lba(const struct ide_dev *d, uint64_t *lba)
{
    if (d->lba_mode) {
        *lba = (uint64_t)(d->select & 0x0f) << 24 | (uint32_t)d->hcyl << 16 |
               (uint32_t)d->lcyl << 8 | d->sector;
        return *lba < d->lba_capacity;
    }
    uint32_t cyl = (uint32_t)d->hcyl << 8 | d->lcyl, head = d->select & 0x0fu;
    if (!d->cur_valid || cyl >= d->cur.cyls || head >= d->cur.heads || d->sector == 0 ||
        d->sector > d->cur.spt)
        return false;
    *lba = ((uint64_t)cyl * d->cur.heads + head) * d->cur.spt + d->sector - 1;
    return true;
}

/* Put lba back into the task file in the command's addressing mode. */
static void set_taskfile_lba(struct ide_dev *d, uint64_t lba)
{
    if (d->lba_mode) {
        d->sector = (uint8_t)lba;
        d->lcyl = (uint8_t)(lba >> 8);
        d->hcyl = (uint8_t)(lba >> 16);
        d->select = (uint8_t)((d->select & 0xf0) | ((lba >> 24) & 0x0f));
        return;
    }
    uint64_t track = lba / d->cur.spt;
    uint32_t cyl = (uint32_t)(track / d->cur.heads);
    d->sector = (uint8_t)(lba % d->cur.spt + 1);
    d->lcyl = (uint8_t)cyl;
    d->hcyl = (uint8_t)(cyl >> 8);
    d->select = (uint8_t)((d->select & 0xf0) | (track % d->cur.heads));
}

/* Latch the start address and count of a sector command; IDNF if invalid. */
static bool begin_sectors(struct ide_dev *d)
{
    d->lba_mode = (d->select & DH_LBA) != 0;
    if (!taskfile_lba(d, &d->lba)) {
        fail(d, ER_IDNF);
        return false;
    }
    d->left = d->nsector ? d->nsector : 256;
    return true;
}

static uint32_t block_size(const struct ide_dev *d)
{
    bool multiple = d->cmd == 0xc4 || d->cmd == 0xc5;
    uint32_t n = multiple ? d->mult : 1;
    return n < d->left ? n : d->left;
}

/* The error registers after a failure at sector lba. */
static void fail_at(struct ide_dev *d, uint64_t lba, uint8_t error)
{
    if (lba < addr_limit(d))
        set_taskfile_lba(d, lba);
    fail(d, error);
}

/* ---- PIO data blocks ---- */

static void start_block(struct ide_dev *d, enum xfer dir, uint32_t bytes,
                        void (*on_block)(struct ide_dev *))
{
    d->dir = dir;
    d->pos = 0;
    d->len = bytes;
    d->on_block = on_block;
    d->status = ST_READY | ST_DRQ;
}

static void block_done(struct ide_dev *d)
{
    void (*fn)(struct ide_dev *) = d->on_block;
    d->dir = XFER_NONE;
    d->on_block = NULL;
    d->status &= (uint8_t)~ST_DRQ;
    if (fn != NULL)
        fn(d);
}

static uint32_t data_read16(struct ide_dev *d)
{
    uint32_t v = load_le16(d->buf + d->pos);
    d->pos += 2;
    if (d->pos >= d->len)
        block_done(d);
    return v;
}

static void data_write16(struct ide_dev *d, uint32_t v)
{
    store_le16(d->buf + d->pos, (uint16_t)v);
    d->pos += 2;
    if (d->pos >= d->len)
        block_done(d);
}

/* ---- reads ---- */

static void read_next_block(struct ide_dev *d);

static void read_block_taken(struct ide_dev *d)
{
    d->lba += d->block;
    d->left -= d->block;
    if (d->left == 0) {
        d->status = ST_READY;           /* PIO in: no interrupt after the last block */
        return;
    }
    busy_then(d, IDE_SECTOR_TICKS * block_size(d), read_next_block);
}

static void read_next_block(struct ide_dev *d)
{
    uint32_t n = block_size(d);
    uint64_t limit = addr_limit(d);
    if (d->lba >= limit) {
        fail_at(d, d->lba, ER_IDNF);
        return;
    }
    if (n > limit - d->lba)
        n = (uint32_t)(limit - d->lba);     /* the rest fails IDNF at the next block */
    if (disk_read(d->img, d->lba, n, d->buf) != 0) {
        fail_at(d, d->lba, ER_UNC);
        return;
    }
    d->block = n;
    set_taskfile_lba(d, d->lba + n - 1);    /* ATA-2: the last sector transferred */
    d->nsector = (uint8_t)(d->nsector - n);
    start_block(d, XFER_IN, n * DISK_SECTOR_SIZE, read_block_taken);
    raise_intrq(d);
}

static void cmd_read(struct ide_dev *d)
{
    if (d->cmd == 0xc4 && d->mult == 0) {
        fail(d, ER_ABRT);
        return;
    }
    if (begin_sectors(d))
        busy_then(d, IDE_CMD_TICKS + IDE_SECTOR_TICKS * block_size(d), read_next_block);
}

/* ---- writes ---- */

static void write_block_received(struct ide_dev *d);

static void write_expect_block(struct ide_dev *d)
{
    d->block = block_size(d);
    start_block(d, XFER_OUT, d->block * DISK_SECTOR_SIZE, write_block_received);
}

static void write_commit(struct ide_dev *d)
{
    uint64_t limit = addr_limit(d);
    uint32_t n = d->block;
    bool past_end = d->lba + n > limit;
    if (past_end)
        n = d->lba < limit ? (uint32_t)(limit - d->lba) : 0;
    if (n > 0 && disk_write(d->img, d->lba, n, d->buf) != 0) {
        fail_at(d, d->lba, disk_is_writable(d->img) ? ER_UNC : ER_ABRT);
        return;
    }
    if (n > 0)
        note_write(d);
    if (past_end) {
        fail_at(d, d->lba + n, ER_IDNF);
        return;
    }
    set_taskfile_lba(d, d->lba + n - 1);
    d->nsector = (uint8_t)(d->nsector - n);
    d->lba += n;
    d->left -= n;
    if (d->left > 0) {
        write_expect_block(d);
        raise_intrq(d);                 /* PIO out: an interrupt for every block */
        return;
    }
    if (!d->wcache) {
        struct emu_err e;
        if (disk_flush(d->img, &e) != 0) {
            log_limited(d->ch->log, &d->ch->log_flush, LOG_ERROR, "ide", "%s", e.msg);
            d->pending_error = ER_ABRT;
            complete_error(d);
            return;
        }
    }
    complete_ok(d);
}

static void write_block_received(struct ide_dev *d)
{
    busy_then(d, IDE_SECTOR_TICKS * d->block, write_commit);
}

static void cmd_write(struct ide_dev *d)
{
    if (d->cmd == 0xc5 && d->mult == 0) {
        fail(d, ER_ABRT);
        return;
    }
    if (begin_sectors(d))
        write_expect_block(d);          /* DRQ at once, no interrupt (ATA-2 9.4) */
}

/* ---- other sector commands ---- */

static void verify_done(struct ide_dev *d)
{
    uint64_t limit = addr_limit(d);
    while (d->left > 0) {
        uint32_t n = d->left < IDE_MAX_MULT ? d->left : IDE_MAX_MULT;
        if (d->lba >= limit) {
            fail_at(d, d->lba, ER_IDNF);
            return;
        }
        if (n > limit - d->lba)
            n = (uint32_t)(limit - d->lba);
        if (disk_read(d->img, d->lba, n, d->buf) != 0) {
            fail_at(d, d->lba, ER_UNC);
            return;
        }
        set_taskfile_lba(d, d->lba + n - 1);
        d->nsector = (uint8_t)(d->nsector - n);
        d->lba += n;
        d->left -= n;
    }
    complete_ok(d);
}

static void cmd_verify(struct ide_dev *d)
{
    if (begin_sectors(d))
        busy_then(d, IDE_CMD_TICKS + IDE_SECTOR_TICKS * d->left, verify_done);
}

static void cmd_seek(struct ide_dev *d)
{
    if (begin_sectors(d))
        busy_then(d, IDE_CMD_TICKS, complete_ok);
}

static void cmd_recalibrate(struct ide_dev *d)
{
    busy_then(d, IDE_CMD_TICKS, complete_ok);
}

static void cmd_init_params(struct ide_dev *d)
{
    uint32_t heads = (d->select & 0x0fu) + 1, spt = d->nsector;
    uint64_t chs_total = (uint64_t)d->def.cyls * d->def.heads * d->def.spt;
    uint64_t cyls = spt ? chs_total / ((uint64_t)heads * spt) : 0;
    if (cyls == 0) {                    /* ATA-2 8.14: an unsupported translation */
        d->cur_valid = false;
        fail(d, ER_ABRT);
        return;
    }
    d->cur = (struct disk_chs){ cyls > 65535 ? 65535 : (uint32_t)cyls, heads, spt };
    d->cur_valid = true;
    busy_then(d, IDE_CMD_TICKS, complete_ok);
}

static void cmd_set_multiple(struct ide_dev *d)
{
    uint8_t n = d->nsector;
    if (n > IDE_MAX_MULT || (n & (n - 1)) != 0) {
        d->mult = 0;                    /* ATA-2 8.20: and MULTIPLE commands are disabled */
        fail(d, ER_ABRT);
        return;
    }
    d->mult = n;
    busy_then(d, IDE_CMD_TICKS, complete_ok);
}

/* ---- IDENTIFY DEVICE ---- */

/* ATA strings: two characters per word, the first in the high byte. */
static void id_string(uint8_t *id, unsigned word, unsigned words, const char *s)
{
    size_t n = strlen(s);
    for (unsigned i = 0; i < words * 2; i++)
        id[word * 2 + (i ^ 1)] = (uint8_t)(i < n ? s[i] : ' ');
}

static void id_word(uint8_t *id, unsigned word, uint32_t v)
{
    store_le16(id + word * 2, (uint16_t)v);
}

static void build_identify(const struct ide_dev *d, uint8_t *id)
{
    char serial[24];
    memset(id, 0, DISK_SECTOR_SIZE);
    snprintf(serial, sizeof serial, "VR%03X%u-%08" PRIX64, d->ch->cmd_base, d->unit,
             d->sectors & 0xffffffffu);
    id_word(id, 0, 0x0040);                 /* fixed device, ATA */
    id_word(id, 1, d->def.cyls);
    id_word(id, 3, d->def.heads);
    id_word(id, 4, d->def.spt * DISK_SECTOR_SIZE);  /* ATA-1: bytes per track */
    id_word(id, 5, DISK_SECTOR_SIZE);               /* ATA-1: bytes per sector */
    id_word(id, 6, d->def.spt);
    id_string(id, 10, 10, serial);
    id_word(id, 20, 3);                     /* buffer type: dual ported with read cache */
    id_word(id, 21, IDE_MAX_MULT);          /* buffer size in sectors */
    id_word(id, 22, 4);                     /* ECC bytes of READ/WRITE LONG */
    id_string(id, 23, 4, PACKAGE_VERSION);
    id_string(id, 27, 20, "VIREO HARDDISK");
    id_word(id, 47, 0x8000 | IDE_MAX_MULT);
    id_word(id, 48, 0x0001);                /* 32-bit data transfers */
    id_word(id, 49, 0x0e00);                /* LBA, IORDY supported and can be disabled */
    id_word(id, 50, 0x4000);
    id_word(id, 51, 0x0200);                /* PIO timing mode 2 */
    id_word(id, 53, (d->cur_valid ? 0x0001 : 0) | 0x0002);
    if (d->cur_valid) {
        uint32_t cap = d->cur.cyls * d->cur.heads * d->cur.spt;
        id_word(id, 54, d->cur.cyls);
        id_word(id, 55, d->cur.heads);
        id_word(id, 56, d->cur.spt);
        id_word(id, 57, cap & 0xffff);
        id_word(id, 58, cap >> 16);
    }
    id_word(id, 59, d->mult ? 0x0100 | d->mult : 0);
    id_word(id, 60, (uint32_t)(d->lba_capacity & 0xffff));
    id_word(id, 61, (uint32_t)(d->lba_capacity >> 16));
    id_word(id, 64, 0x0003);                /* PIO modes 3 and 4 */
    id_word(id, 67, 120);                   /* min PIO cycle, no flow control (ns) */
    id_word(id, 68, 120);                   /* min PIO cycle with IORDY (ns) */
    id_word(id, 80, 0x000e);                /* ATA-1, ATA-2, ATA-3 */
    id_word(id, 82, 0x0060);                /* write cache, read look-ahead */
    id_word(id, 83, 0x5000);                /* FLUSH CACHE */
    id_word(id, 84, 0x4000);
    id_word(id, 85, (d->wcache ? 0x0020 : 0) | (d->lookahead ? 0x0040 : 0));
    id_word(id, 86, 0x1000);
    id_word(id, 87, 0x4000);
    uint8_t sum = 0xa5;                     /* word 255: signature and checksum */
    for (unsigned i = 0; i < 510; i++)
        sum = (uint8_t)(sum + id[i]);
    id[510] = 0xa5;
    id[511] = (uint8_t)-sum;
}

static void pio_in_done(struct ide_dev *d)
{
    d->status = ST_READY;
}

static void identify_ready(struct ide_dev *d)
{
    build_identify(d, d->buf);
    start_block(d, XFER_IN, DISK_SECTOR_SIZE, pio_in_done);
    raise_intrq(d);
}

static void cmd_identify(struct ide_dev *d)
{
    busy_then(d, IDE_CMD_TICKS, identify_ready);
}

/* ---- buffer, format, features, cache, power ---- */

static void read_buffer_ready(struct ide_dev *d)
{
    memcpy(d->buf, d->devbuf, DISK_SECTOR_SIZE);
    start_block(d, XFER_IN, DISK_SECTOR_SIZE, pio_in_done);
    raise_intrq(d);
}

static void cmd_read_buffer(struct ide_dev *d)
{
    busy_then(d, IDE_CMD_TICKS, read_buffer_ready);
}

static void write_buffer_received(struct ide_dev *d)
{
    memcpy(d->devbuf, d->buf, DISK_SECTOR_SIZE);
    busy_then(d, IDE_CMD_TICKS, complete_ok);
}

static void cmd_write_buffer(struct ide_dev *d)
{
    start_block(d, XFER_OUT, DISK_SECTOR_SIZE, write_buffer_received);
}

/* FORMAT TRACK (ATA-2 8.6): the interleave table is vendor specific.  A
 * translated drive keeps the data (LIMITATION: as most drives of the era). */
static void format_received(struct ide_dev *d)
{
    uint8_t sector = d->sector;
    d->sector = 1;                      /* address the track, whatever sector was given */
    uint64_t lba;
    bool ok = taskfile_lba(d, &lba);
    d->sector = sector;
    if (!ok)
        fail(d, ER_IDNF);
    else
        busy_then(d, IDE_CMD_TICKS, complete_ok);
}

static void cmd_format_track(struct ide_dev *d)
{
    d->lba_mode = (d->select & DH_LBA) != 0;
    start_block(d, XFER_OUT, DISK_SECTOR_SIZE, format_received);
}

static void cmd_set_features(struct ide_dev *d)
{
    switch (d->features) {
    case 0x01: d->pio8 = true; break;            /* 8-bit data transfers */
    case 0x81: d->pio8 = false; break;
    case 0x02: d->wcache = true; break;
    case 0x82: {                                 /* write cache off: write it out */
        struct emu_err e;
        d->wcache = false;
        if (disk_flush(d->img, &e) != 0) {
            log_limited(d->ch->log, &d->ch->log_flush, LOG_ERROR, "ide", "%s", e.msg);
            fail(d, ER_ABRT);
            return;
        }
        break;
    }
    case 0x03:                                   /* transfer mode from the sector count */
        if (d->nsector > 0x01 && (d->nsector < 0x08 || d->nsector > 0x0c)) {
            fail(d, ER_ABRT);                    /* DMA modes and PIO > 4 */
            return;
        }
        d->xfer_mode = d->nsector;
        break;
    case 0x55: d->lookahead = false; break;
    case 0xaa: d->lookahead = true; break;
    case 0x66: d->revert_on_reset = false; break;
    case 0xcc: d->revert_on_reset = true; break;
    case 0x33: case 0x99:                        /* retries off / on (ATA-1): no effect */
    case 0x44: case 0xbb:                        /* READ LONG vendor bytes: no effect */
        break;
    default:
        fail(d, ER_ABRT);
        return;
    }
    busy_then(d, IDE_CMD_TICKS, complete_ok);
}

static void cmd_flush_cache(struct ide_dev *d)
{
    struct emu_err e;
    if (disk_flush(d->img, &e) != 0) {
        log_limited(d->ch->log, &d->ch->log_flush, LOG_ERROR, "ide", "%s", e.msg);
        fail(d, ER_ABRT);
        return;
    }
    busy_then(d, IDE_CMD_TICKS, complete_ok);
}

static void cmd_standby(struct ide_dev *d)
{
    d->standby = true;
    busy_then(d, IDE_CMD_TICKS, complete_ok);
}

static void cmd_idle(struct ide_dev *d)
{
    d->standby = false;
    busy_then(d, IDE_CMD_TICKS, complete_ok);
}

static void cmd_check_power(struct ide_dev *d)
{
    d->nsector = d->standby ? 0x00 : 0xff;
    busy_then(d, IDE_CMD_TICKS, complete_ok);
}

static void cmd_abort(struct ide_dev *d)
{
    fail(d, ER_ABRT);
}

/* Commands by opcode (ATA-2 table 9 and ATA-3).  Missing entries, NOP,
 * and the ATAPI commands (PACKET, IDENTIFY PACKET DEVICE, DEVICE RESET)
 * abort: these are non-packet disks. */
#define X16(b, f) [(b) + 0] = f, [(b) + 1] = f, [(b) + 2] = f, [(b) + 3] = f, \
    [(b) + 4] = f, [(b) + 5] = f, [(b) + 6] = f, [(b) + 7] = f, [(b) + 8] = f, \
    [(b) + 9] = f, [(b) + 10] = f, [(b) + 11] = f, [(b) + 12] = f, [(b) + 13] = f, \
    [(b) + 14] = f, [(b) + 15] = f
static const ide_cmd_fn ide_commands[256] = {
    X16(0x10, cmd_recalibrate),
    [0x20] = cmd_read,  [0x21] = cmd_read,          /* READ SECTORS (w/o retry) */
    [0x30] = cmd_write, [0x31] = cmd_write,         /* WRITE SECTORS (w/o retry) */
    [0x40] = cmd_verify, [0x41] = cmd_verify,       /* READ VERIFY SECTORS */
    [0x50] = cmd_format_track,
    X16(0x70, cmd_seek),
    [0x91] = cmd_init_params,                       /* INITIALIZE DEVICE PARAMETERS */
    [0x94] = cmd_standby, [0xe0] = cmd_standby,     /* STANDBY IMMEDIATE */
    [0x95] = cmd_idle, [0xe1] = cmd_idle,           /* IDLE IMMEDIATE */
    [0x96] = cmd_standby, [0xe2] = cmd_standby,     /* STANDBY */
    [0x97] = cmd_idle, [0xe3] = cmd_idle,           /* IDLE */
    [0x98] = cmd_check_power, [0xe5] = cmd_check_power,
    [0x99] = cmd_standby, [0xe6] = cmd_standby,     /* SLEEP (as STANDBY) */
    [0xc4] = cmd_read,                              /* READ MULTIPLE */
    [0xc5] = cmd_write,                             /* WRITE MULTIPLE */
    [0xc6] = cmd_set_multiple,
    [0xe4] = cmd_read_buffer,
    [0xe7] = cmd_flush_cache,
    [0xe8] = cmd_write_buffer,
    [0xec] = cmd_identify,
    [0xef] = cmd_set_features,
};

/* ---- resets and diagnostics ---- */

static void set_signature(struct ide_dev *d)
{
    d->nsector = 1;
    d->sector = 1;
    d->lcyl = 0;
    d->hcyl = 0;
    d->select = 0;
    d->error = ER_DIAG_OK;
    d->status = ST_READY;
}

static void power_on_settings(struct ide_dev *d)
{
    d->cur = d->def;
    d->cur_valid = true;
    d->mult = 0;
    d->wcache = true;
    d->lookahead = true;
    d->pio8 = false;
    d->revert_on_reset = false;
    d->standby = false;
    d->xfer_mode = 0;
}

static void soft_reset_done(struct ide_dev *d)
{
    set_signature(d);
    if (d->revert_on_reset) {           /* SET FEATURES CCh (ATA-3 8.33) */
        d->wcache = true;
        d->lookahead = true;
        d->pio8 = false;
        d->xfer_mode = 0;
    }
    d->ch->cur = 0;
    update_irq(d->ch);
}

static void diagnostic_done(struct ide_dev *d)
{
    struct ide_channel *ch = d->ch;
    for (unsigned u = 0; u < 2; u++)
        if (ch->dev[u].img != NULL)
            set_signature(&ch->dev[u]);
    ch->cur = 0;
    /* Device 0 reports for both (01h: both passed or device 1 absent). */
    raise_intrq(ch->dev[0].img != NULL ? &ch->dev[0] : &ch->dev[1]);
}

static void execute_diagnostic(struct ide_channel *ch)
{
    struct ide_dev *first = NULL;
    for (unsigned u = 0; u < 2; u++) {
        struct ide_dev *d = &ch->dev[u];
        if (d->img == NULL)
            continue;
        cancel_op(d);
        d->intrq = false;
        d->status = ST_BSY;
        if (first == NULL)
            first = d;
    }
    update_irq(ch);
    if (first != NULL) {
        first->after = diagnostic_done;
        sched_arm(ch->sched, &first->op_timer, sched_now(ch->sched) + IDE_DIAG_TICKS, op_fire,
                  first);
    }
}

void ide_reset(struct ide_channel *ch)
{
    for (unsigned u = 0; u < 2; u++) {
        struct ide_dev *d = &ch->dev[u];
        if (d->img == NULL)
            continue;
        cancel_op(d);
        d->intrq = false;
        d->features = 0;
        power_on_settings(d);
        set_signature(d);
    }
    ch->cur = 0;
    ch->devctl = 0;
    update_irq(ch);
}

/* ---- port handlers ---- */

static void command_write(struct ide_channel *ch, uint8_t cmd)
{
    struct ide_dev *d = &ch->dev[ch->cur];
    if (d->img != NULL && (d->status & ST_BSY)) {
        log_limited(ch->log, &ch->log_cmd, LOG_DEBUG, "ide", "command %02xh while busy ignored",
                    cmd);
        return;
    }
    if (cmd == 0x90) {                  /* EXECUTE DEVICE DIAGNOSTIC: both devices, any DEV */
        execute_diagnostic(ch);
        return;
    }
    if (d->img == NULL)
        return;                         /* device 0 does not act for an absent device 1 */
    cancel_op(d);                       /* a new command ends any data transfer */
    d->intrq = false;
    update_irq(ch);
    d->cmd = cmd;
    ide_cmd_fn fn = ide_commands[cmd];
    if (fn == NULL) {
        log_limited(ch->log, &ch->log_cmd, LOG_DEBUG, "ide", "unsupported command %02xh aborted",
                    cmd);
        fn = cmd_abort;
    }
    fn(d);
}

/* The device that answers reads: the selected one, or device 0 standing in
 * for an absent device 1 (ATA-2 5.2.8); NULL on an empty channel. */
static struct ide_dev *responder(struct ide_channel *ch)
{
    if (ch->dev[ch->cur].img != NULL)
        return &ch->dev[ch->cur];
    if (ch->dev[ch->cur ^ 1].img != NULL)
        return &ch->dev[ch->cur ^ 1];
    return NULL;
}

static uint8_t reg_read(struct ide_channel *ch, unsigned reg)
{
    struct ide_dev *d = responder(ch);
    if (d == NULL)
        return 0xff;                    /* floating bus */
    bool absent = d != &ch->dev[ch->cur];
    if (reg == REG_STATUS) {
        if (absent)
            return 0x00;
        d->intrq = false;               /* reading Status acknowledges INTRQ */
        update_irq(ch);
        return d->status;
    }
    if (!absent && (d->status & ST_BSY))
        return d->status;               /* ATA-2 7.2: BSY makes every register read Status */
    switch (reg) {
    case REG_ERROR: return d->error;
    case REG_NSECTOR: return d->nsector;
    case REG_SECTOR: return d->sector;
    case REG_LCYL: return d->lcyl;
    case REG_HCYL: return d->hcyl;
    default: return d->select;
    }
}

static void reg_write(struct ide_channel *ch, unsigned reg, uint8_t v)
{
    if (reg == REG_STATUS) {
        command_write(ch, v);
        return;
    }
    for (unsigned u = 0; u < 2; u++) {
        struct ide_dev *d = &ch->dev[u];
        switch (reg) {
        case REG_ERROR: d->features = v; break;
        case REG_NSECTOR: d->nsector = v; break;
        case REG_SECTOR: d->sector = v; break;
        case REG_LCYL: d->lcyl = v; break;
        case REG_HCYL: d->hcyl = v; break;
        default: d->select = v; break;
        }
    }
    if (reg == REG_SELECT) {
        ch->cur = (v & DH_DEV) ? 1 : 0;
        update_irq(ch);
    }
}

static uint32_t data_read(struct ide_channel *ch, unsigned size)
{
    struct ide_dev *d = &ch->dev[ch->cur];
    uint32_t ones = size == 4 ? 0xffffffffu : size == 2 ? 0xffffu : 0xffu;
    if (d->img == NULL || d->dir != XFER_IN) {
        log_limited(ch->log, &ch->log_data, LOG_DEBUG, "ide", "data read without DRQ");
        return ones;
    }
    if (size == 1) {
        if (!d->pio8)                   /* a 16-bit device: the word goes, its low byte shows */
            return data_read16(d) & 0xff;
        uint32_t v = d->buf[d->pos++];
        if (d->pos >= d->len)
            block_done(d);
        return v;
    }
    uint32_t v = data_read16(d);
    if (size == 4)
        v |= (d->dir == XFER_IN ? data_read16(d) : 0xffffu) << 16;
    return v;
}

static void data_write(struct ide_channel *ch, unsigned size, uint32_t v)
{
    struct ide_dev *d = &ch->dev[ch->cur];
    if (d->img == NULL || d->dir != XFER_OUT) {
        log_limited(ch->log, &ch->log_data, LOG_DEBUG, "ide", "data write without DRQ");
        return;
    }
    if (size == 1 && d->pio8) {
        d->buf[d->pos++] = (uint8_t)v;
        if (d->pos >= d->len)
            block_done(d);
        return;
    }
    data_write16(d, size == 1 ? (v & 0xff) : v & 0xffff);
    if (size == 4 && d->dir == XFER_OUT)
        data_write16(d, v >> 16);
}

static uint32_t cmd_io_read(void *opaque, uint16_t off, unsigned size)
{
    struct ide_channel *ch = opaque;
    if (off == REG_DATA)
        return data_read(ch, size);
    uint32_t v = 0;                     /* wider reads of byte registers: byte cycles */
    for (unsigned i = 0; i < size && off + i < 8; i++)
        v |= (uint32_t)reg_read(ch, off + i) << (8 * i);
    return v;
}

static void cmd_io_write(void *opaque, uint16_t off, unsigned size, uint32_t value)
{
    struct ide_channel *ch = opaque;
    if (off == REG_DATA) {
        data_write(ch, size, value);
        return;
    }
    for (unsigned i = 0; i < size && off + i < 8; i++)
        reg_write(ch, off + i, (uint8_t)(value >> (8 * i)));
}

static uint32_t ctl_io_read(void *opaque, uint16_t off, unsigned size)
{
    struct ide_channel *ch = opaque;
    struct ide_dev *d = responder(ch);
    (void)off;
    (void)size;
    if (d == NULL)
        return 0xff;
    return d == &ch->dev[ch->cur] ? d->status : 0x00;  /* Alternate Status: no INTRQ ack */
}

static void ctl_io_write(void *opaque, uint16_t off, unsigned size, uint32_t value)
{
    struct ide_channel *ch = opaque;
    bool was = ch->devctl & DC_SRST, now = value & DC_SRST;
    (void)off;
    (void)size;
    ch->devctl = (uint8_t)value;
    for (unsigned u = 0; u < 2; u++) {
        struct ide_dev *d = &ch->dev[u];
        if (d->img == NULL)
            continue;
        if (!was && now) {              /* SRST asserted: everything stops, BSY */
            cancel_op(d);
            d->intrq = false;
            d->status = ST_BSY;
        } else if (was && !now) {       /* released: BSY a little longer, then signature */
            d->after = soft_reset_done;
            sched_arm(ch->sched, &d->op_timer, sched_now(ch->sched) + IDE_RESET_TICKS, op_fire,
                      d);
        }
    }
    update_irq(ch);
}

static const struct io_ops ide_cmd_io = {
    .name = "ide", .read = cmd_io_read, .write = cmd_io_write,
    .widths = IO_W8 | IO_W16 | IO_W32,
};
static const struct io_ops ide_ctl_io = {
    .name = "ide-ctl", .read = ctl_io_read, .write = ctl_io_write, .widths = IO_W8,
};

/* ---- lifetime ---- */

struct ide_channel *ide_create(struct io_bus *bus, struct sched *sched, uint16_t cmd_base,
                               uint16_t ctl_port, struct irq_line irq, const struct logger *log,
                               struct emu_err *err)
{
    struct ide_channel *ch = calloc(1, sizeof *ch);
    if (ch == NULL) {
        emu_fail(err, EMU_ENOMEM, "ide: out of memory");
        return NULL;
    }
    ch->sched = sched;
    ch->irq = irq;
    ch->cmd_base = cmd_base;
    ch->ctl_port = ctl_port;
    ch->log = log;
    for (unsigned u = 0; u < 2; u++) {
        ch->dev[u].ch = ch;
        ch->dev[u].unit = u;
    }
    if (bus_map_ports(bus, cmd_base, 8, &ide_cmd_io, ch, err) != 0 ||
        bus_map_ports(bus, ctl_port, 1, &ide_ctl_io, ch, err) != 0) {
        free(ch);
        return NULL;
    }
    return ch;
}

void ide_destroy(struct ide_channel *ch)
{
    if (ch == NULL)
        return;
    for (unsigned u = 0; u < 2; u++) {
        sched_cancel(ch->sched, &ch->dev[u].op_timer);
        sched_cancel(ch->sched, &ch->dev[u].flush_timer);
    }
    free(ch);
}

int ide_attach(struct ide_channel *ch, unsigned unit, struct disk_image *img, struct emu_err *err)
{
    if (unit > 1)
        return emu_fail(err, EMU_EINVAL, "ide: unit %u: only master (0) and slave (1)", unit);
    if (disk_get_kind(img) != DISK_HARDDISK)
        return emu_fail(err, EMU_EINVAL, "%s: not a hard-disk image", disk_path(img));
    struct ide_dev *d = &ch->dev[unit];
    d->img = img;
    d->sectors = disk_sectors(img);
    d->lba_capacity = d->sectors > IDE_LBA28_LIMIT ? IDE_LBA28_LIMIT : d->sectors;
    if (d->sectors > IDE_LBA28_LIMIT)
        log_msg(ch->log, LOG_WARN, "ide", "%s: only the first 128 GiB are reachable (LBA28; "
                "LIMITATION: no 48-bit LBA)", disk_path(img));
    d->def = disk_get_chs(img);
    cancel_op(d);
    d->intrq = false;
    power_on_settings(d);
    set_signature(d);
    update_irq(ch);
    return 0;
}

void ide_describe(const struct ide_channel *ch, char *buf, size_t size)
{
    size_t n = 0;
    int k = snprintf(buf, size, "ide %03xh/%03xh: selected %s, device control %02xh%s%s, "
                     "INTRQ %s\n", ch->cmd_base, ch->ctl_port, ch->cur ? "slave" : "master",
                     ch->devctl, ch->devctl & DC_NIEN ? " nIEN" : "",
                     ch->devctl & DC_SRST ? " SRST" : "", ch->irq_level ? "high" : "low");
    for (unsigned u = 0; u < 2 && k >= 0 && (n += (size_t)k) < size; u++) {
        const struct ide_dev *d = &ch->dev[u];
        const char *name = u ? "slave" : "master";
        if (d->img == NULL) {
            k = snprintf(buf + n, size - n, "  %s: none\n", name);
            continue;
        }
        char desc[300];
        disk_describe(d->img, desc, sizeof desc);
        k = snprintf(buf + n, size - n, "  %s: %s\n    status %02xh error %02xh, last command "
                     "%02xh, translation %" PRIu32 "/%" PRIu32 "/%" PRIu32 "%s, multiple %u, "
                     "write cache %s%s%s\n", name, desc, d->status, d->error, d->cmd,
                     d->cur.cyls, d->cur.heads, d->cur.spt, d->cur_valid ? "" : " (invalid)",
                     d->mult, d->wcache ? "on" : "off", d->intrq ? ", interrupt pending" : "",
                     d->dir == XFER_IN ? ", DRQ in" : d->dir == XFER_OUT ? ", DRQ out" : "");
    }
}
