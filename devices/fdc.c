/* devices/fdc.c: Intel 82077AA floppy controller, PC/AT mode, per the
 * 82077AA datasheet (Intel 290166): DOR, MSR/DSR, FIFO, DIR/CCR, TDR, the
 * command and result phases, the non-data commands, resets with polling
 * interrupts, seeks that move a modelled head, and media changes.  The data
 * phase lives in fdc_exec.c.  LIMITATION: PS/2 and Model 30 modes (SRA, SRB,
 * their DIR layouts) are not modelled; tri-stated register bits read as 0;
 * POWER DOWN is accepted but changes nothing. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/bus.h"
#include "devices/disk_image.h"
#include "devices/fdc_internal.h"

/* Drive types.  Legend: name, head stop cylinder, tracks, rpm, data rates
 * the drive works at (bit per DSR rate code: 0 = 500, 1 = 300, 2 = 250,
 * 3 = 1000 kbps). */
static const struct fdd_info fdd_infos[] = {
    [FDD_NONE] =  { "none",           0,  0,   0, 0 },
    [FDD_360K] =  { "5.25\" 360K",   41, 40, 300, 1u << RATE_250K },
    [FDD_1200K] = { "5.25\" 1.2M",   81, 80, 360, 1u << RATE_500K | 1u << RATE_300K },
    [FDD_720K] =  { "3.5\" 720K",    82, 80, 300, 1u << RATE_250K },
    [FDD_1440K] = { "3.5\" 1.44M",   83, 80, 300, 1u << RATE_500K | 1u << RATE_250K },
    [FDD_2880K] = { "3.5\" 2.88M",   83, 80, 300,
                    1u << RATE_500K | 1u << RATE_250K | 1u << RATE_1M },
};

const struct fdd_info *fdd_info_of(enum fdd_type type)
{
    return &fdd_infos[type <= FDD_2880K ? type : FDD_NONE];
}

uint32_t fdc_media_rate_kbps(unsigned rate)
{
    static const uint16_t kbps[4] = { 500, 300, 250, 1000 };
    return kbps[rate & 3];
}

uint64_t fdc_ticks(uint64_t real_us)
{
    uint64_t t = real_us * SCHED_HZ / 1000000u / FDC_TIME_DIVISOR;
    return t ? t : 1;
}

/* Step time: SRT gives (16 - SRT) ms at 500 kbps, scaled by the data rate. */
uint64_t fdc_step_us(const struct fdc *f, unsigned steps)
{
    uint64_t us = (uint64_t)(16 - f->srt) * 1000u * 500u / fdc_media_rate_kbps(f->rate);
    return us * steps;
}

/* ---- interrupts and phases ---- */

static void update_irq(struct fdc *f)
{
    /* AT mode: the DMA GATE bit of the DOR also gates INT (and DRQ). */
    bool level = f->int_pin && (f->dor & DOR_DMAGATE) && !f->in_reset;
    if (level != f->irq_level) {
        f->irq_level = level;
        irq_set(&f->irq, level);
    }
}

void fdc_set_int(struct fdc *f, bool level)
{
    f->int_pin = level;
    update_irq(f);
}

void fdc_enter_result(struct fdc *f, const uint8_t *bytes, unsigned n, bool interrupt)
{
    memcpy(f->res, bytes, n);
    f->nres = (uint8_t)n;
    f->rpos = 0;
    f->phase = PH_RESULT;
    f->pio_active = false;
    f->result_int = interrupt;
    if (interrupt)
        fdc_set_int(f, true);
}

static void enter_command(struct fdc *f)
{
    f->phase = PH_COMMAND;
    f->ncmd = 0;
    f->cmd = NULL;
}

/* ---- seeks ---- */

/* Step the head of d by delta cylinders, stopping at track 0 and the stop.
 * Step pulses with a disk in the drive reset its disk-change latch. */
void fdc_move_head(struct fdd *d, int delta)
{
    int cyl = d->cyl + delta;
    int stop = fdd_info_of(d->type)->max_cyl;
    if (cyl < 0)
        cyl = 0;
    if (cyl > stop)
        cyl = stop;
    if (delta != 0 && d->img != NULL)
        d->dskchg = false;
    d->cyl = (uint8_t)cyl;
}

static void seek_done(void *opaque, uint64_t now)
{
    struct fdd *d = opaque;
    (void)now;
    d->seeking = false;
    d->int_pending = true;
    d->int_from_seek = true;
    d->int_st0 = (uint8_t)(ST0_SE | (d->seek_head << 2) | d->unit);
    if (d->seek_failed)
        d->int_st0 |= ST0_ABNORMAL | ST0_EC;
    fdc_set_int(d->f, true);
}

/* Start a head movement of `steps` pulses; completion interrupts. */
static void start_seek(struct fdc *f, unsigned unit, int delta, unsigned steps, bool failed)
{
    struct fdd *d = &f->drv[unit];
    if (d->type != FDD_NONE)
        fdc_move_head(d, delta);
    d->seeking = true;
    d->seek_failed = failed;
    d->int_pending = false;
    uint64_t us = fdc_step_us(f, steps ? steps : 1) + (steps ? FDC_SETTLE_US : 0);
    sched_arm(f->sched, &d->seek_timer, sched_now(f->sched) + fdc_ticks(us), seek_done, d);
}

/* ---- the periodic flush bound ---- */

static void flush_fire(void *opaque, uint64_t now)
{
    struct fdd *d = opaque;
    struct emu_err e;
    (void)now;
    if (d->img != NULL && disk_flush(d->img, &e) != 0)
        log_limited(d->f->log, &d->f->log_io, LOG_ERROR, "fdc", "%s", e.msg);
}

void fdc_note_write(struct fdd *d)
{
    if (!d->flush_timer.armed)
        sched_arm(d->f->sched, &d->flush_timer, sched_now(d->f->sched) + SCHED_HZ, flush_fire, d);
}

/* ---- resets ---- */

static void reset_poll(void *opaque, uint64_t now)
{
    struct fdc *f = opaque;
    (void)now;
    /* Polling after reset: every drive slot reports "ready changed". */
    for (unsigned u = 0; u < 4; u++) {
        f->drv[u].int_pending = true;
        f->drv[u].int_from_seek = false;
        f->drv[u].int_st0 = (uint8_t)(ST0_POLL | u);
    }
    fdc_set_int(f, true);
}

static void reset_enter(struct fdc *f)
{
    f->in_reset = true;
    fdc_exec_cancel(f);
    sched_cancel(f->sched, &f->reset_timer);
    enter_command(f);
    f->nres = 0;
    for (unsigned u = 0; u < 4; u++) {
        struct fdd *d = &f->drv[u];
        sched_cancel(f->sched, &d->seek_timer);
        d->seeking = false;
        d->int_pending = false;
        f->pcn[u] = 0;
    }
    if (!f->locked) {                   /* CONFIGURE defaults, unless LOCKed */
        f->eis = false;
        f->efifo = true;
        f->poll_off = false;
        f->fifothr = 0;
        f->pretrk = 0;
    }
    f->perp_gap_wgate = 0;              /* a software reset keeps D0-D3 */
    f->powerdown = false;
    fdc_set_int(f, false);
}

static void reset_leave(struct fdc *f)
{
    f->in_reset = false;
    if (!f->poll_off)
        sched_arm(f->sched, &f->reset_timer, sched_now(f->sched) + FDC_RESET_POLL_TICKS,
                  reset_poll, f);
    update_irq(f);
}

void fdc_set_lenient(struct fdc *f, bool on)
{
    f->lenient = on;
}

void fdc_reset(struct fdc *f)
{
    f->dor = 0;                         /* holds the controller in reset */
    f->locked = false;
    reset_enter(f);
    f->tdr = 0;
    f->rate = RATE_250K;
    f->precomp = 0;
    f->srt = f->hut = f->hlt = 0;
    f->nondma = false;
    f->perp_drives = 0;
    f->last_eot = 0;
}

/* ---- non-data commands ---- */

static void cmd_specify(struct fdc *f)
{
    f->srt = f->cmdbuf[1] >> 4;
    f->hut = f->cmdbuf[1] & 0x0f;
    f->hlt = f->cmdbuf[2] >> 1;
    f->nondma = f->cmdbuf[2] & 1;
    enter_command(f);
}

static void cmd_sense_drive_status(struct fdc *f)
{
    unsigned u = f->cmdbuf[1] & 3, hd = (f->cmdbuf[1] >> 2) & 1;
    const struct fdd *d = &f->drv[u];
    uint8_t st3 = (uint8_t)(ST3_ONE_5 | ST3_ONE_3 | hd << 2 | u);
    if (d->type != FDD_NONE) {
        if (d->img == NULL || d->wp)    /* no disk: the sensor reads protected */
            st3 |= ST3_WP;
        if (d->cyl == 0)
            st3 |= ST3_T0;
    }
    fdc_enter_result(f, &st3, 1, false);
}

static void cmd_recalibrate(struct fdc *f)
{
    unsigned u = f->cmdbuf[1] & 3;
    struct fdd *d = &f->drv[u];
    /* Up to 79 step pulses toward track 0; no TRK0 signal afterwards is EC. */
    unsigned steps = d->type == FDD_NONE ? 79 : d->cyl < 79 ? d->cyl : 79;
    bool failed = d->type == FDD_NONE || d->cyl > 79;
    d->seek_head = 0;
    f->pcn[u] = 0;
    start_seek(f, u, -(int)steps, steps, failed);
    enter_command(f);
}

static void cmd_seek(struct fdc *f)
{
    unsigned u = f->cmdbuf[1] & 3;
    struct fdd *d = &f->drv[u];
    int delta;
    if (f->cmdbuf[0] & 0x80) {          /* RELATIVE SEEK: DIR bit 6 = toward the hub */
        delta = (f->cmdbuf[0] & 0x40) ? f->cmdbuf[2] : -(int)f->cmdbuf[2];
        int pcn = f->pcn[u] + delta;
        f->pcn[u] = (uint8_t)(pcn < 0 ? 0 : pcn > 255 ? 255 : pcn);
    } else {
        delta = f->cmdbuf[2] - f->pcn[u];
        f->pcn[u] = f->cmdbuf[2];
    }
    d->seek_head = (f->cmdbuf[1] >> 2) & 1;
    start_seek(f, u, delta, (unsigned)(delta < 0 ? -delta : delta), false);
    enter_command(f);
}

static void cmd_sense_interrupt(struct fdc *f)
{
    for (unsigned u = 0; u < 4; u++) {
        struct fdd *d = &f->drv[u];
        if (d->int_pending) {
            uint8_t r[2] = { d->int_st0, f->pcn[u] };
            d->int_pending = false;
            bool more = false;          /* INT stays up while another drive has status */
            for (unsigned v = u + 1; v < 4; v++)
                more |= f->drv[v].int_pending;
            fdc_set_int(f, more);
            fdc_enter_result(f, r, 2, false);
            return;
        }
    }
    uint8_t r = ST0_INVALID;            /* no interrupt to report: 80h, like an invalid command */
    fdc_enter_result(f, &r, 1, false);
}

static void cmd_version(struct fdc *f)
{
    uint8_t r = 0x90;                   /* 82077AA (enhanced controller) */
    fdc_enter_result(f, &r, 1, false);
}

static void cmd_dumpreg(struct fdc *f)
{
    uint8_t r[10] = {
        f->pcn[0], f->pcn[1], f->pcn[2], f->pcn[3],
        (uint8_t)(f->srt << 4 | f->hut),
        (uint8_t)(f->hlt << 1 | f->nondma),
        f->last_eot,
        (uint8_t)(f->locked << 7 | f->perp_drives << 2 | f->perp_gap_wgate),
        (uint8_t)(f->eis << 6 | f->efifo << 5 | f->poll_off << 4 | f->fifothr),
        f->pretrk,
    };
    fdc_enter_result(f, r, 10, false);
}

static void cmd_configure(struct fdc *f)
{
    uint8_t v = f->cmdbuf[2];
    f->eis = v & 0x40;
    f->efifo = v & 0x20;
    f->poll_off = v & 0x10;
    f->fifothr = v & 0x0f;
    f->pretrk = f->cmdbuf[3];
    enter_command(f);
}

static void cmd_lock(struct fdc *f)
{
    f->locked = f->cmdbuf[0] >> 7;
    uint8_t r = (uint8_t)(f->locked << 4);
    fdc_enter_result(f, &r, 1, false);
}

static void cmd_perpendicular(struct fdc *f)
{
    uint8_t v = f->cmdbuf[1];
    if (v & 0x80)                       /* OW: D0-D3 are overwritten only with OW set */
        f->perp_drives = (v >> 2) & 0x0f;
    f->perp_gap_wgate = v & 3;
    enter_command(f);
}

/* ---- command decoding ---- */

/* Commands by opcode bits 4-0 (datasheet "Command Set Summary").  Bits 7-5
 * are MT, MFM, SK where a command has them (and RS/DIR for RELATIVE SEEK,
 * the lock bit for LOCK).  Missing entries, PART ID (18h) among them, are
 * invalid on an 82077AA: result 80h, no interrupt. */
struct fdc_cmd {
    const char *name;
    uint8_t len;                        /* command bytes, opcode included */
    void (*run)(struct fdc *f);
};

static const struct fdc_cmd fdc_cmds[32] = {
    [0x02] = { "READ TRACK", 9, fdc_exec_rw },
    [0x03] = { "SPECIFY", 3, cmd_specify },
    [0x04] = { "SENSE DRIVE STATUS", 2, cmd_sense_drive_status },
    [0x05] = { "WRITE DATA", 9, fdc_exec_rw },
    [0x06] = { "READ DATA", 9, fdc_exec_rw },
    [0x07] = { "RECALIBRATE", 2, cmd_recalibrate },
    [0x08] = { "SENSE INTERRUPT STATUS", 1, cmd_sense_interrupt },
    [0x09] = { "WRITE DELETED DATA", 9, fdc_exec_rw },
    [0x0a] = { "READ ID", 2, fdc_exec_read_id },
    [0x0c] = { "READ DELETED DATA", 9, fdc_exec_rw },
    [0x0d] = { "FORMAT TRACK", 6, fdc_exec_format },
    [0x0e] = { "DUMPREG", 1, cmd_dumpreg },
    [0x0f] = { "SEEK", 3, cmd_seek },
    [0x10] = { "VERSION", 1, cmd_version },
    [0x11] = { "SCAN EQUAL", 9, fdc_exec_rw },
    [0x12] = { "PERPENDICULAR MODE", 2, cmd_perpendicular },
    [0x13] = { "CONFIGURE", 4, cmd_configure },
    [0x14] = { "LOCK", 1, cmd_lock },
    [0x16] = { "VERIFY", 9, fdc_exec_rw },
    [0x19] = { "SCAN LOW OR EQUAL", 9, fdc_exec_rw },
    [0x1d] = { "SCAN HIGH OR EQUAL", 9, fdc_exec_rw },
};

static void command_byte(struct fdc *f, uint8_t v)
{
    if (f->ncmd == 0) {
        const struct fdc_cmd *c = &fdc_cmds[v & 0x1f];
        if (c->name == NULL) {
            log_limited(f->log, &f->log_cmd, LOG_DEBUG, "fdc", "invalid command %02xh", v);
            uint8_t r = ST0_INVALID;
            fdc_enter_result(f, &r, 1, false);
            return;
        }
        f->cmd = c;
    }
    f->cmdbuf[f->ncmd++] = v;
    if (f->ncmd == f->cmd->len)
        f->cmd->run(f);
}

/* ---- ports ---- */

static uint8_t msr(const struct fdc *f)
{
    if (f->in_reset)
        return 0;
    uint8_t m = 0;
    for (unsigned u = 0; u < 4; u++)
        if (f->drv[u].seeking || (f->drv[u].int_pending && f->drv[u].int_from_seek))
            m |= (uint8_t)(1u << u);
    switch (f->phase) {
    case PH_COMMAND:
        m |= MSR_RQM | (f->ncmd ? MSR_CB : 0);
        break;
    case PH_EXEC:
        m |= MSR_CB | (f->nondma ? MSR_NDMA : 0);
        if (f->pio_active)
            m |= MSR_RQM | (f->pio_to_host ? MSR_DIO : 0);
        break;
    case PH_RESULT:
        m |= MSR_RQM | MSR_DIO | MSR_CB;
        break;
    }
    return m;
}

static uint8_t fifo_read(struct fdc *f)
{
    if (f->in_reset)
        return 0xff;
    if (f->phase == PH_RESULT) {
        uint8_t v = f->res[f->rpos++];
        if (f->rpos == 1 && f->result_int)
            fdc_set_int(f, false);      /* reading the result clears its INT */
        if (f->rpos >= f->nres)
            enter_command(f);
        return v;
    }
    if (f->phase == PH_EXEC)
        return fdc_exec_fifo_read(f);
    return 0xff;
}

static void fifo_write(struct fdc *f, uint8_t v)
{
    if (f->in_reset)
        return;
    if (f->phase == PH_COMMAND) {
        /* The first byte of a new command releases a pending INT (the
         * drives keep their status for SENSE INTERRUPT STATUS).  BIOSes that
         * issue RECALIBRATE straight after the post-reset interrupt, as the
         * Bochs BIOS does, depend on this edge. */
        if (f->ncmd == 0 && (v & 0x1f) != 0x08 && f->int_pin)
            fdc_set_int(f, false);
        command_byte(f, v);
    } else if (f->phase == PH_EXEC)
        fdc_exec_fifo_write(f, v);
    /* writes in the result phase are ignored */
}

static uint8_t dir_read(const struct fdc *f)
{
    unsigned u = f->dor & DOR_DS;
    const struct fdd *d = &f->drv[u];
    /* The disk-change line of the selected drive, valid only with its motor on. */
    if (d->type != FDD_NONE && (f->dor & DOR_MOTOR(u)) && d->dskchg)
        return DIR_DSKCHG;
    return 0;
}

static void dor_write(struct fdc *f, uint8_t v)
{
    uint8_t old = f->dor;
    f->dor = v;
    if ((old & DOR_NRESET) && !(v & DOR_NRESET))
        reset_enter(f);
    else if (!(old & DOR_NRESET) && (v & DOR_NRESET))
        reset_leave(f);
    update_irq(f);
    if ((v & ~old) & 0xf0)
        fdc_exec_resume(f);             /* a motor started: index pulses may come now */
}

static uint32_t fdc_io_read(void *opaque, uint16_t off, unsigned size)
{
    struct fdc *f = opaque;
    (void)size;
    switch (off) {
    case 2: return f->dor;
    case 3: return f->tdr;
    case 4: return msr(f);
    case 5: return fifo_read(f);
    default: return 0xff;               /* SRA/SRB exist only in PS/2 modes */
    }
}

static void fdc_io_write(void *opaque, uint16_t off, unsigned size, uint32_t value)
{
    struct fdc *f = opaque;
    uint8_t v = (uint8_t)value;
    (void)size;
    switch (off) {
    case 2:
        dor_write(f, v);
        break;
    case 3:
        f->tdr = v & 3;
        break;
    case 4:                             /* DSR */
        f->rate = v & 3;
        f->precomp = (v >> 2) & 7;
        f->powerdown = v & DSR_POWERDOWN;
        if (v & DSR_SWRESET) {          /* self-clearing software reset */
            reset_enter(f);
            reset_leave(f);
        }
        break;
    case 5:
        fifo_write(f, v);
        break;
    default:
        break;
    }
}

/* 3F7h, mapped on its own (3F6h is IDE's): DIR to read, CCR to write. */
static uint32_t fdc_dir_read(void *opaque, uint16_t off, unsigned size)
{
    (void)off;
    (void)size;
    return dir_read(opaque);
}

static void fdc_ccr_write(void *opaque, uint16_t off, unsigned size, uint32_t value)
{
    struct fdc *f = opaque;
    (void)off;
    (void)size;
    f->rate = value & 3;
}

static const struct io_ops fdc_io = {
    .name = "fdc", .read = fdc_io_read, .write = fdc_io_write, .widths = IO_W8,
};
static const struct io_ops fdc_dir_io = {
    .name = "fdc", .read = fdc_dir_read, .write = fdc_ccr_write, .widths = IO_W8,
};

/* ---- lifetime and media ---- */

struct fdc *fdc_create(struct io_bus *bus, struct sched *sched, struct isa_dma *dma,
                       unsigned dma_chan, uint16_t base, struct irq_line irq,
                       const struct logger *log, struct emu_err *err)
{
    struct fdc *f = calloc(1, sizeof *f);
    if (f == NULL) {
        emu_fail(err, EMU_ENOMEM, "fdc: out of memory");
        return NULL;
    }
    f->base = base;
    f->sched = sched;
    f->dma = dma;
    f->dma_chan = dma_chan;
    f->irq = irq;
    f->log = log;
    for (unsigned u = 0; u < 4; u++) {
        f->drv[u].f = f;
        f->drv[u].unit = u;
    }
    if (bus_map_ports(bus, base, 6, &fdc_io, f, err) != 0 ||
        bus_map_ports(bus, (uint16_t)(base + 7), 1, &fdc_dir_io, f, err) != 0) {
        free(f);
        return NULL;
    }
    fdc_reset(f);
    return f;
}

void fdc_destroy(struct fdc *f)
{
    if (f == NULL)
        return;
    fdc_exec_cancel(f);
    sched_cancel(f->sched, &f->reset_timer);
    for (unsigned u = 0; u < 4; u++) {
        sched_cancel(f->sched, &f->drv[u].seek_timer);
        sched_cancel(f->sched, &f->drv[u].flush_timer);
        free(f->drv[u].deleted);
    }
    free(f);
}

int fdc_connect_drive(struct fdc *f, unsigned unit, enum fdd_type type, struct emu_err *err)
{
    if (unit > 1)
        return emu_fail(err, EMU_EINVAL, "fdc: drive %u: only drives 0 and 1", unit);
    if (type > FDD_2880K)
        return emu_fail(err, EMU_EINVAL, "fdc: drive %u: unknown drive type %d", unit, type);
    struct fdd *d = &f->drv[unit];
    if (type == FDD_NONE && d->img != NULL)
        return emu_fail(err, EMU_ESTATE, "fdc: drive %u still holds a disk", unit);
    d->type = type;
    d->dskchg = true;                   /* drives report a change after power-on */
    return 0;
}

enum fdd_type fdc_drive_type(const struct fdc *f, unsigned unit)
{
    return unit < 4 ? f->drv[unit].type : FDD_NONE;
}

enum fdd_type fdd_type_for_format(const struct floppy_format *fmt)
{
    if (fmt == NULL)
        return FDD_NONE;
    if (fmt->rate == RATE_1M)
        return FDD_2880K;
    if (fmt->is_5_25)
        return fmt->cyls <= 42 ? FDD_360K : FDD_1200K;
    return fmt->rate == RATE_500K ? FDD_1440K : FDD_720K;
}

int fdc_insert(struct fdc *f, unsigned unit, struct disk_image *img, struct emu_err *err)
{
    if (unit > 1 || f->drv[unit].type == FDD_NONE)
        return emu_fail(err, EMU_ESTATE, "fdc: no drive %u to insert %s into", unit,
                        disk_path(img));
    struct fdd *d = &f->drv[unit];
    if (d->img != NULL)
        return emu_fail(err, EMU_ESTATE, "fdc: drive %u already holds %s", unit,
                        disk_path(d->img));
    const struct floppy_format *fmt = disk_floppy_format(img);
    if (fmt == NULL)
        return emu_fail(err, EMU_EINVAL, "%s: not a floppy image", disk_path(img));
    size_t nsec = (size_t)fmt->cyls * fmt->heads * fmt->spt;
    uint8_t *deleted = calloc((nsec + 7) / 8, 1);
    if (deleted == NULL)
        return emu_fail(err, EMU_ENOMEM, "fdc: out of memory");
    const struct fdd_info *info = fdd_info_of(d->type);
    unsigned rate = d->type == FDD_1200K && fmt->rate == RATE_250K ? RATE_300K : fmt->rate;
    if (!(info->rates & (1u << rate)))
        log_msg(f->log, LOG_WARN, "fdc", "%s: a %s disk cannot be read in a %s drive",
                disk_path(img), fmt->name, info->name);
    d->img = img;
    d->fmt = fmt;
    d->wp = !disk_is_writable(img);
    d->deleted = deleted;
    d->dskchg = true;                   /* the door opened and closed */
    fdc_exec_resume(f);
    return 0;
}

struct disk_image *fdc_eject(struct fdc *f, unsigned unit)
{
    if (unit > 1)
        return NULL;
    struct fdd *d = &f->drv[unit];
    struct disk_image *img = d->img;
    sched_cancel(f->sched, &d->flush_timer);    /* the owner's disk_close flushes */
    d->img = NULL;
    d->fmt = NULL;
    free(d->deleted);
    d->deleted = NULL;
    if (img != NULL)
        d->dskchg = true;
    return img;
}

struct disk_image *fdc_media(const struct fdc *f, unsigned unit)
{
    return unit < 4 ? f->drv[unit].img : NULL;
}

void fdc_describe(const struct fdc *f, char *buf, size_t size)
{
    static const char *const phases[] = { "command", "execution", "result" };
    size_t n = 0;
    int k = snprintf(buf, size, "fdc %03xh: DOR %02xh (drive %u, motors %x%s%s), MSR %02xh, "
                     "%" PRIu32 " kbps, %s phase%s%s, INT %s\n"
                     "  SPECIFY SRT %u HUT %u HLT %u %s; CONFIGURE EIS %u EFIFO %u POLL %s "
                     "FIFOTHR %u PRETRK %u%s\n",
                     f->base, f->dor, f->dor & DOR_DS, f->dor >> 4,
                     f->dor & DOR_DMAGATE ? ", DMA gate" : "", f->in_reset ? ", RESET" : "",
                     msr(f), fdc_media_rate_kbps(f->rate), phases[f->phase],
                     f->cmd ? " of " : "", f->cmd ? f->cmd->name : "", f->irq_level ? "high" : "low",
                     f->srt, f->hut, f->hlt, f->nondma ? "non-DMA" : "DMA", f->eis, f->efifo,
                     f->poll_off ? "off" : "on", f->fifothr, f->pretrk,
                     f->locked ? ", LOCKed" : "");
    for (unsigned u = 0; u < 2 && k >= 0 && (n += (size_t)k) < size; u++) {
        const struct fdd *d = &f->drv[u];
        char desc[300] = "empty";
        if (d->img != NULL)
            disk_describe(d->img, desc, sizeof desc);
        k = snprintf(buf + n, size - n, "  drive %u: %s, cylinder %u (PCN %u)%s%s%s, %s\n", u,
                     fdd_info_of(d->type)->name, d->cyl, f->pcn[u],
                     d->seeking ? ", seeking" : "", d->dskchg ? ", disk changed" : "",
                     d->wp && d->img ? ", write protected" : "", desc);
    }
}
