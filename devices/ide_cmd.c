/* devices/ide_cmd.c: the ATA commands of the IDE model, per ATA-2
 * (X3T10/948D) and ATA-3 (X3T10/2008D): addressing (CHS through the current
 * translation, LBA28), the PIO data-in and data-out protocols, IDENTIFY
 * DEVICE, and the command table.  See ide.c for the channel. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "devices/ide_internal.h"
#include "util/le.h"

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
        ide_fail(d, ER_IDNF);
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
    ide_fail(d, error);
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
    ide_busy_then(d, IDE_SECTOR_TICKS * block_size(d), read_next_block);
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
    ide_start_block(d, XFER_IN, n * DISK_SECTOR_SIZE, read_block_taken);
    ide_raise_intrq(d);
}

static void cmd_read(struct ide_dev *d)
{
    if (d->cmd == 0xc4 && d->mult == 0) {
        ide_fail(d, ER_ABRT);
        return;
    }
    if (begin_sectors(d))
        ide_busy_then(d, IDE_CMD_TICKS + IDE_SECTOR_TICKS * block_size(d), read_next_block);
}

/* ---- writes ---- */

static void write_block_received(struct ide_dev *d);

static void write_expect_block(struct ide_dev *d)
{
    d->block = block_size(d);
    ide_start_block(d, XFER_OUT, d->block * DISK_SECTOR_SIZE, write_block_received);
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
        ide_note_write(d);
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
        ide_raise_intrq(d);                 /* PIO out: an interrupt for every block */
        return;
    }
    if (!d->wcache) {
        struct emu_err e;
        if (disk_flush(d->img, &e) != 0) {
            log_limited(d->ch->log, &d->ch->log_flush, LOG_ERROR, "ide", "%s", e.msg);
            d->pending_error = ER_ABRT;
            ide_complete_error(d);
            return;
        }
    }
    ide_complete_ok(d);
}

static void write_block_received(struct ide_dev *d)
{
    ide_busy_then(d, IDE_SECTOR_TICKS * d->block, write_commit);
}

static void cmd_write(struct ide_dev *d)
{
    if (d->cmd == 0xc5 && d->mult == 0) {
        ide_fail(d, ER_ABRT);
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
    ide_complete_ok(d);
}

static void cmd_verify(struct ide_dev *d)
{
    if (begin_sectors(d))
        ide_busy_then(d, IDE_CMD_TICKS + IDE_SECTOR_TICKS * d->left, verify_done);
}

static void cmd_seek(struct ide_dev *d)
{
    if (begin_sectors(d))
        ide_busy_then(d, IDE_CMD_TICKS, ide_complete_ok);
}

static void cmd_recalibrate(struct ide_dev *d)
{
    ide_busy_then(d, IDE_CMD_TICKS, ide_complete_ok);
}

static void cmd_init_params(struct ide_dev *d)
{
    uint32_t heads = (d->select & 0x0fu) + 1, spt = d->nsector;
    uint64_t chs_total = (uint64_t)d->def.cyls * d->def.heads * d->def.spt;
    uint64_t cyls = spt ? chs_total / ((uint64_t)heads * spt) : 0;
    if (cyls == 0) {                    /* ATA-2 8.14: an unsupported translation */
        d->cur_valid = false;
        ide_fail(d, ER_ABRT);
        return;
    }
    d->cur = (struct disk_chs){ cyls > 65535 ? 65535 : (uint32_t)cyls, heads, spt };
    d->cur_valid = true;
    ide_busy_then(d, IDE_CMD_TICKS, ide_complete_ok);
}

static void cmd_set_multiple(struct ide_dev *d)
{
    uint8_t n = d->nsector;
    if (n > IDE_MAX_MULT || (n & (n - 1)) != 0) {
        d->mult = 0;                    /* ATA-2 8.20: and MULTIPLE commands are disabled */
        ide_fail(d, ER_ABRT);
        return;
    }
    d->mult = n;
    ide_busy_then(d, IDE_CMD_TICKS, ide_complete_ok);
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
    ide_start_block(d, XFER_IN, DISK_SECTOR_SIZE, pio_in_done);
    ide_raise_intrq(d);
}

static void cmd_identify(struct ide_dev *d)
{
    ide_busy_then(d, IDE_CMD_TICKS, identify_ready);
}

/* ---- buffer, format, features, cache, power ---- */

static void read_buffer_ready(struct ide_dev *d)
{
    memcpy(d->buf, d->devbuf, DISK_SECTOR_SIZE);
    ide_start_block(d, XFER_IN, DISK_SECTOR_SIZE, pio_in_done);
    ide_raise_intrq(d);
}

static void cmd_read_buffer(struct ide_dev *d)
{
    ide_busy_then(d, IDE_CMD_TICKS, read_buffer_ready);
}

static void write_buffer_received(struct ide_dev *d)
{
    memcpy(d->devbuf, d->buf, DISK_SECTOR_SIZE);
    ide_busy_then(d, IDE_CMD_TICKS, ide_complete_ok);
}

static void cmd_write_buffer(struct ide_dev *d)
{
    ide_start_block(d, XFER_OUT, DISK_SECTOR_SIZE, write_buffer_received);
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
        ide_fail(d, ER_IDNF);
    else
        ide_busy_then(d, IDE_CMD_TICKS, ide_complete_ok);
}

static void cmd_format_track(struct ide_dev *d)
{
    d->lba_mode = (d->select & DH_LBA) != 0;
    ide_start_block(d, XFER_OUT, DISK_SECTOR_SIZE, format_received);
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
            ide_fail(d, ER_ABRT);
            return;
        }
        break;
    }
    case 0x03:                                   /* transfer mode from the sector count */
        if (d->nsector > 0x01 && (d->nsector < 0x08 || d->nsector > 0x0c)) {
            ide_fail(d, ER_ABRT);                    /* DMA modes and PIO > 4 */
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
        ide_fail(d, ER_ABRT);
        return;
    }
    ide_busy_then(d, IDE_CMD_TICKS, ide_complete_ok);
}

static void cmd_flush_cache(struct ide_dev *d)
{
    struct emu_err e;
    if (disk_flush(d->img, &e) != 0) {
        log_limited(d->ch->log, &d->ch->log_flush, LOG_ERROR, "ide", "%s", e.msg);
        ide_fail(d, ER_ABRT);
        return;
    }
    ide_busy_then(d, IDE_CMD_TICKS, ide_complete_ok);
}

static void cmd_standby(struct ide_dev *d)
{
    d->standby = true;
    ide_busy_then(d, IDE_CMD_TICKS, ide_complete_ok);
}

static void cmd_idle(struct ide_dev *d)
{
    d->standby = false;
    ide_busy_then(d, IDE_CMD_TICKS, ide_complete_ok);
}

static void cmd_check_power(struct ide_dev *d)
{
    d->nsector = d->standby ? 0x00 : 0xff;
    ide_busy_then(d, IDE_CMD_TICKS, ide_complete_ok);
}

/* Commands by opcode (ATA-2 table 9 and ATA-3).  Missing entries, NOP,
 * and the ATAPI commands (PACKET, IDENTIFY PACKET DEVICE, DEVICE RESET)
 * abort: these are non-packet disks. */
#define X16(b, f) [(b) + 0] = f, [(b) + 1] = f, [(b) + 2] = f, [(b) + 3] = f, \
    [(b) + 4] = f, [(b) + 5] = f, [(b) + 6] = f, [(b) + 7] = f, [(b) + 8] = f, \
    [(b) + 9] = f, [(b) + 10] = f, [(b) + 11] = f, [(b) + 12] = f, [(b) + 13] = f, \
    [(b) + 14] = f, [(b) + 15] = f
static const ide_cmd_fn commands[256] = {
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

ide_cmd_fn ide_command(uint8_t op)
{
    return commands[op];
}
