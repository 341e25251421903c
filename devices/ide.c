/* devices/ide.c: an IDE/ATA channel with two PIO hard disks, per ATA-2
 * (X3T10/948D) and ATA-3 (X3T10/2008D): task file, CHS and LBA28
 * addressing, INTRQ negated by a Status read or a command write, nIEN, SRST
 * with the reset signature, absent-device behaviour.  Commands run on the
 * scheduler's clock with short BSY times so that polling drivers see them;
 * the commands themselves are in ide_cmd.c.
 * LIMITATION: no DMA, no 48-bit LBA, no ATAPI, no READ/WRITE LONG, SLEEP
 * behaves as STANDBY. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/bus.h"
#include "devices/ide_internal.h"
#include "util/le.h"

/* ---- interrupts, timers, completion ---- */

void ide_update_irq(struct ide_channel *ch)
{
    const struct ide_dev *d = &ch->dev[ch->cur];
    bool level = d->img != NULL && d->intrq && !(ch->devctl & DC_NIEN);
    if (level != ch->irq_level) {
        ch->irq_level = level;
        irq_set(&ch->irq, level);
    }
}

void ide_raise_intrq(struct ide_dev *d)
{
    d->intrq = true;
    ide_update_irq(d->ch);
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
void ide_busy_then(struct ide_dev *d, uint64_t ticks, void (*fn)(struct ide_dev *))
{
    d->status = ST_BSY | (d->status & ST_READY);
    d->dir = XFER_NONE;
    d->after = fn;
    sched_arm(d->ch->sched, &d->op_timer, sched_now(d->ch->sched) + ticks, op_fire, d);
}

void ide_cancel_op(struct ide_dev *d)
{
    sched_cancel(d->ch->sched, &d->op_timer);
    d->after = NULL;
    d->dir = XFER_NONE;
    d->on_block = NULL;
}

void ide_complete_ok(struct ide_dev *d)
{
    d->error = 0;
    d->status = ST_READY;
    ide_raise_intrq(d);
}

void ide_complete_error(struct ide_dev *d)
{
    d->error = d->pending_error;
    d->status = ST_READY | ST_ERR;
    ide_raise_intrq(d);
}

void ide_fail(struct ide_dev *d, uint8_t error)
{
    d->pending_error = error;
    ide_busy_then(d, IDE_CMD_TICKS, ide_complete_error);
}

static void flush_fire(void *opaque, uint64_t now)
{
    struct ide_dev *d = opaque;
    struct emu_err e;
    (void)now;
    if (disk_flush(d->img, &e) != 0)
        log_limited(d->ch->log, &d->ch->log_flush, LOG_ERROR, "ide", "%s", e.msg);
}

void ide_note_write(struct ide_dev *d)
{
    if (!d->flush_timer.armed)
        sched_arm(d->ch->sched, &d->flush_timer, sched_now(d->ch->sched) + IDE_FLUSH_PERIOD,
                  flush_fire, d);
}

/* ---- PIO data blocks ---- */

void ide_start_block(struct ide_dev *d, enum xfer dir, uint32_t bytes,
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
    ide_update_irq(d->ch);
}

static void diagnostic_done(struct ide_dev *d)
{
    struct ide_channel *ch = d->ch;
    for (unsigned u = 0; u < 2; u++)
        if (ch->dev[u].img != NULL)
            set_signature(&ch->dev[u]);
    ch->cur = 0;
    /* Device 0 reports for both (01h: both passed or device 1 absent). */
    ide_raise_intrq(ch->dev[0].img != NULL ? &ch->dev[0] : &ch->dev[1]);
}

static void execute_diagnostic(struct ide_channel *ch)
{
    struct ide_dev *first = NULL;
    for (unsigned u = 0; u < 2; u++) {
        struct ide_dev *d = &ch->dev[u];
        if (d->img == NULL)
            continue;
        ide_cancel_op(d);
        d->intrq = false;
        d->status = ST_BSY;
        if (first == NULL)
            first = d;
    }
    ide_update_irq(ch);
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
        ide_cancel_op(d);
        d->intrq = false;
        d->features = 0;
        power_on_settings(d);
        set_signature(d);
    }
    ch->cur = 0;
    ch->devctl = 0;
    ide_update_irq(ch);
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
    ide_cancel_op(d);                       /* a new command ends any data transfer */
    d->intrq = false;
    ide_update_irq(ch);
    d->cmd = cmd;
    ide_cmd_fn fn = ide_command(cmd);
    if (fn == NULL) {
        log_limited(ch->log, &ch->log_cmd, LOG_DEBUG, "ide", "unsupported command %02xh aborted",
                    cmd);
        ide_fail(d, ER_ABRT);
        return;
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
        ide_update_irq(ch);
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
        ide_update_irq(ch);
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
            ide_cancel_op(d);
            d->intrq = false;
            d->status = ST_BSY;
        } else if (was && !now) {       /* released: BSY a little longer, then signature */
            d->after = soft_reset_done;
            sched_arm(ch->sched, &d->op_timer, sched_now(ch->sched) + IDE_RESET_TICKS, op_fire,
                      d);
        }
    }
    ide_update_irq(ch);
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
    ide_cancel_op(d);
    d->intrq = false;
    power_on_settings(d);
    set_signature(d);
    ide_update_irq(ch);
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
