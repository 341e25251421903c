/* devices/fdc_exec.c: the execution phase of the 82077AA's data commands
 * (READ/WRITE [DELETED] DATA, READ TRACK, VERIFY, SCAN, FORMAT TRACK, READ
 * ID), per the 82077AA datasheet (Intel 290166): implied seeks, sector
 * search against the IDR, multi-sector and multi-track transfers ended by
 * TC or EOT, the result C/H/R/N table, DMA (through the 8237) or non-DMA
 * transfers, and rotation on the virtual clock.  A raw image holds a
 * standard track (IDs C, H, 1..spt, N = 2, 1:1 interleave).
 * LIMITATION: deleted-data marks live in memory only (raw images cannot hold
 * them); FORMAT can only rewrite a track in the image's own layout; non-DMA
 * transfers never overrun (the host may take as long as it likes). */
#include <string.h>

#include "devices/dma.h"
#include "devices/fdc_internal.h"

static struct fdd *xdrive(struct fdc *f)
{
    return &f->drv[f->x.drive];
}

static bool is_write(enum fdc_op op)
{
    return op == OP_WRITE || op == OP_WRITE_DEL;
}

static bool is_scan(enum fdc_op op)
{
    return op == OP_SCAN_EQ || op == OP_SCAN_LE || op == OP_SCAN_HE;
}

/* ---- time and rotation ---- */

static uint64_t rev_ticks(const struct fdd *d)
{
    unsigned rpm = fdd_info_of(d->type)->rpm;
    return fdc_ticks(60000000u / (rpm ? rpm : 300));
}

static uint64_t slot_ticks(const struct fdd *d)
{
    uint64_t t = rev_ticks(d) / (d->fmt ? d->fmt->spt : 18);
    return t ? t : 1;
}

/* Ticks until the ID field of physical sector `slot` reaches the head. */
static uint64_t until_slot(const struct fdc *f, const struct fdd *d, unsigned slot)
{
    uint64_t rev = rev_ticks(d), at = slot * slot_ticks(d);
    return (at + rev - sched_now(f->sched) % rev) % rev;
}

static uint64_t head_load_ticks(const struct fdc *f)
{
    uint64_t ms2 = f->hlt ? f->hlt : 128;      /* HLT = 0 means 256 ms */
    return fdc_ticks(ms2 * 2000u * 500u / fdc_media_rate_kbps(f->rate));
}

static void exec_fire(void *opaque, uint64_t now)
{
    struct fdc *f = opaque;
    void (*fn)(struct fdc *) = f->next;
    (void)now;
    f->next = NULL;
    if (fn != NULL)
        fn(f);
}

static void after(struct fdc *f, uint64_t ticks, void (*fn)(struct fdc *))
{
    f->next = fn;
    sched_arm(f->sched, &f->exec_timer, sched_now(f->sched) + ticks, exec_fire, f);
}

static bool spinning(const struct fdc *f, const struct fdd *d)
{
    return d->type != FDD_NONE && d->img != NULL && (f->dor & DOR_MOTOR(d->unit));
}

/* No index pulses (motor off, no disk): the chip waits for them forever. */
static void stall(struct fdc *f, void (*fn)(struct fdc *))
{
    f->next = fn;
    f->stalled = true;
}

void fdc_exec_resume(struct fdc *f)
{
    if (f->stalled && f->phase == PH_EXEC) {
        f->stalled = false;
        after(f, 1, f->next);
    }
}

void fdc_exec_cancel(struct fdc *f)
{
    sched_cancel(f->sched, &f->exec_timer);
    f->next = NULL;
    f->stalled = false;
    f->pio_active = false;
    f->pio_done = NULL;
}

/* ---- the media ---- */

/* The media cylinder under d's head on side `head`, or -1 where the
 * controller finds no address mark: no media, the wrong data rate or FM,
 * past the media's cylinders or sides, or between the tracks of a 40-track
 * disk in an 80-track drive (which the BIOS double-steps). */
static int media_track(const struct fdc *f, const struct fdd *d, unsigned head, bool mfm)
{
    const struct floppy_format *m = d->fmt;
    if (m == NULL || !mfm)
        return -1;
    unsigned cyl = d->cyl, rate = m->rate;
    if (d->type == FDD_1200K && m->cyls <= 42) {
        if (cyl & 1)
            return -1;
        cyl >>= 1;
        rate = RATE_300K;               /* 250 kbps media at 360 rpm */
    }
    if ((rate != f->rate && !f->lenient) || !(fdd_info_of(d->type)->rates & (1u << rate)))
        return -1;
    if (head >= m->heads || cyl >= m->cyls)
        return -1;
    return (int)cyl;
}

static uint64_t sector_lba(const struct fdd *d, unsigned trk, unsigned head, unsigned r)
{
    return ((uint64_t)trk * d->fmt->heads + head) * d->fmt->spt + (r - 1);
}

static bool is_deleted(const struct fdd *d, uint64_t lba)
{
    return (d->deleted[lba / 8] >> (lba % 8)) & 1;
}

static void set_deleted(struct fdd *d, uint64_t lba, bool on)
{
    if (on)
        d->deleted[lba / 8] |= (uint8_t)(1u << (lba % 8));
    else
        d->deleted[lba / 8] &= (uint8_t)~(1u << (lba % 8));
}

/* Bytes moved per sector: 128 << N, or DTL when N = 0. */
static uint32_t data_len(const struct fdc_xfer *x)
{
    if (x->n == 0)
        return x->dtl && x->dtl < 128 ? x->dtl : 128;
    return 128u << (x->n < 7 ? x->n : 7);
}

/* ---- results ---- */

static void finish(struct fdc *f, uint8_t ic, uint8_t st1, uint8_t st2)
{
    struct fdc_xfer *x = &f->x;
    uint8_t r[7] = {
        (uint8_t)(ic | x->st0 | x->head << 2 | x->drive), (uint8_t)(x->st1 | st1),
        (uint8_t)(x->st2 | st2), x->c, x->h, x->r, x->n,
    };
    f->next = NULL;
    fdc_enter_result(f, r, 7, true);
}

/* C/H/R after the final sector (datasheet "Result Phase" table): R+1 below
 * EOT; at EOT R = 1 and, with MT, H's LSB flips and C advances only from
 * side 1; without MT C advances. */
static void step_chr(struct fdc_xfer *x)
{
    if (x->r != x->eot) {
        x->r++;
        return;
    }
    x->r = 1;
    if (x->mt) {
        if (x->head == 1)
            x->c++;
        x->h ^= 1;
    } else {
        x->c++;
    }
}

static void finish_next(struct fdc *f, uint8_t ic, uint8_t st1)
{
    step_chr(&f->x);
    finish(f, ic, st1, 0);
}

static void finish_failed(struct fdc *f)
{
    finish(f, ST0_ABNORMAL, 0, 0);
}

/* A search that finds nothing gives up after two index pulses. */
static void fail_after_revs(struct fdc *f, uint8_t st1, uint8_t st2)
{
    f->x.st1 |= st1;
    f->x.st2 |= st2;
    after(f, 2 * rev_ticks(xdrive(f)), finish_failed);
}

/* ---- moving data ---- */

static bool dma_ready(const struct fdc *f)
{
    return f->dma != NULL && (f->dor & DOR_DMAGATE);   /* AT mode: DMA GATE gates DRQ */
}

static void pio_open(struct fdc *f, bool to_host, void (*done)(struct fdc *))
{
    f->pos = 0;
    f->pio_active = true;
    f->pio_to_host = to_host;
    f->pio_done = done;
    f->x.tc = false;
    fdc_set_int(f, true);               /* non-DMA: INT asks for the data */
}

/* Send f->len bytes of f->buf to the host, then call done (or overrun). */
static void to_host(struct fdc *f, void (*done)(struct fdc *))
{
    if (f->nondma) {
        pio_open(f, true, done);
        return;
    }
    bool tc = false;
    unsigned n = dma_ready(f) ? dma_transfer(f->dma, f->dma_chan, f->buf, f->len, true, &tc) : 0;
    if (n < f->len && !tc) {
        finish(f, ST0_ABNORMAL, ST1_OR, 0);     /* DMA did not keep up */
        return;
    }
    f->x.tc = tc;
    done(f);
}

/* Take f->len bytes from the host into f->buf, then call done. */
static void from_host(struct fdc *f, void (*done)(struct fdc *))
{
    if (f->nondma) {
        pio_open(f, false, done);
        return;
    }
    bool tc = false;
    unsigned n = dma_ready(f) ? dma_transfer(f->dma, f->dma_chan, f->buf, f->len, false, &tc) : 0;
    if (n < f->len && !tc) {
        finish(f, ST0_ABNORMAL, ST1_OR, 0);     /* underrun */
        return;
    }
    if (n < f->len)
        memset(f->buf + n, 0, f->len - n);      /* TC mid-sector: the rest is written as 00h */
    f->x.tc = tc;
    done(f);
}

static void pio_step(struct fdc *f)
{
    fdc_set_int(f, false);
    if (f->pos < f->len) {
        fdc_set_int(f, true);           /* the next byte: a fresh interrupt, as in byte mode */
        return;
    }
    f->pio_active = false;
    void (*done)(struct fdc *) = f->pio_done;
    f->pio_done = NULL;
    if (done != NULL)
        done(f);
}

uint8_t fdc_exec_fifo_read(struct fdc *f)
{
    if (!f->pio_active || !f->pio_to_host)
        return 0xff;
    uint8_t v = f->buf[f->pos++];
    pio_step(f);
    return v;
}

void fdc_exec_fifo_write(struct fdc *f, uint8_t v)
{
    if (!f->pio_active || f->pio_to_host)
        return;
    f->buf[f->pos++] = v;
    pio_step(f);
}

/* ---- READ / WRITE / VERIFY / SCAN / READ TRACK ---- */

static void rw_find(struct fdc *f);

/* After a sector: TC, a control mark, the EC count, or EOT may end it. */
static void rw_advance(struct fdc *f)
{
    struct fdc_xfer *x = &f->x;
    x->done++;
    x->contiguous = f->nondma;
    if (x->tc || x->stop_after) {
        finish_next(f, 0, 0);
        return;
    }
    if (x->op == OP_VERIFY && x->ec && --x->sc == 0) {
        finish_next(f, 0, 0);
        return;
    }
    if (x->op == OP_READ_TRACK) {
        if (x->done >= x->eot) {
            finish(f, ST0_ABNORMAL, ST1_EN, 0);
            return;
        }
        x->r++;
        rw_find(f);
        return;
    }
    unsigned step = is_scan(x->op) && x->dtl == 2 ? 2 : 1;     /* SCAN's STP */
    /* The chip compares R with EOT after each sector (STP 2 may step over it). */
    if (step == 1 ? x->r == x->eot : x->r + 1 >= x->eot) {
        if (x->mt && x->head == 0) {    /* multi-track: on to side 1 */
            x->head = 1;
            x->h ^= 1;
            x->r = 1;
            x->contiguous = false;
            rw_find(f);
            return;
        }
        if (x->op == OP_VERIFY && !x->ec) {
            finish_next(f, 0, 0);       /* VERIFY to EOT is a success */
            return;
        }
        if (is_scan(x->op)) {
            finish(f, 0, 0, ST2_SN);    /* no sector satisfied the scan */
            return;
        }
        finish_next(f, ST0_ABNORMAL, ST1_EN);
        return;
    }
    x->r = (uint8_t)(x->r + step);
    rw_find(f);
}

static void read_done(struct fdc *f)
{
    if (f->x.n != 2) {                  /* the CRC is not where N says: data error */
        finish(f, ST0_ABNORMAL, ST1_DE, ST2_DD);
        return;
    }
    rw_advance(f);
}

static uint64_t current_lba(struct fdc *f)
{
    struct fdd *d = xdrive(f);
    unsigned r = f->x.op == OP_READ_TRACK ? f->x.done + 1 : f->x.r;
    return sector_lba(d, (unsigned)media_track(f, d, f->x.head, f->x.mfm), f->x.head, r);
}

static void write_done(struct fdc *f)
{
    struct fdd *d = xdrive(f);
    uint64_t lba = current_lba(f);
    int rc;
    if (f->len < DISK_SECTOR_SIZE) {    /* N < 2: the start of the sector changes */
        rc = disk_read(d->img, lba, 1, f->disk);
        memcpy(f->disk, f->buf, f->len);
        rc = rc ? rc : disk_write(d->img, lba, 1, f->disk);
    } else {
        rc = disk_write(d->img, lba, 1, f->buf);
    }
    if (rc != 0) {                      /* the host failed us: report a drive fault */
        f->x.st0 |= ST0_EC;
        finish(f, ST0_ABNORMAL, 0, 0);
        return;
    }
    set_deleted(d, lba, f->x.op == OP_WRITE_DEL);
    fdc_note_write(d);
    rw_advance(f);
}

/* Compare host data (f->buf) with the sector (f->disk); FFh from the host
 * matches anything. */
static void scan_done(struct fdc *f)
{
    struct fdc_xfer *x = &f->x;
    bool ok = true, equal = true;
    for (uint32_t i = 0; i < f->len && ok; i++) {
        uint8_t h = f->buf[i], dk = i < DISK_SECTOR_SIZE ? f->disk[i] : 0x4e;
        if (h == 0xff || h == dk)
            continue;
        equal = false;
        ok = (x->op == OP_SCAN_LE && dk < h) || (x->op == OP_SCAN_HE && dk > h);
    }
    if (ok) {
        finish(f, 0, 0, equal ? ST2_SH : 0);
        return;
    }
    rw_advance(f);
}

/* The data field of the sector has passed under the head. */
static void rw_sector(struct fdc *f)
{
    struct fdc_xfer *x = &f->x;
    struct fdd *d = xdrive(f);
    if (!spinning(f, d)) {
        stall(f, rw_find);
        return;
    }
    int trk = media_track(f, d, x->head, x->mfm);
    if (trk < 0) {
        fail_after_revs(f, ST1_MA, 0);
        return;
    }
    uint64_t lba = current_lba(f);
    f->len = data_len(x);
    if (x->op == OP_READ_TRACK) {
        if ((unsigned)trk != x->c || x->head != x->h || x->done + 1 != x->r || x->n != 2)
            x->st1 |= ST1_ND;           /* READ TRACK notes a mismatch and goes on */
    } else if (is_deleted(d, lba) != (x->op == OP_READ_DEL) && !is_write(x->op)) {
        x->st2 |= ST2_CM;
        if (x->sk) {                    /* skip the sector, no data */
            rw_advance(f);
            return;
        }
        x->stop_after = true;
    }
    if (is_write(x->op)) {
        from_host(f, write_done);
        return;
    }
    if (disk_read(d->img, lba, 1, f->disk) != 0) {
        finish(f, ST0_ABNORMAL, ST1_DE, ST2_DD);
        return;
    }
    if (x->op == OP_VERIFY) {
        if (x->n != 2)
            finish(f, ST0_ABNORMAL, ST1_DE, ST2_DD);
        else
            rw_advance(f);
        return;
    }
    if (is_scan(x->op)) {
        from_host(f, scan_done);
        return;
    }
    memset(f->buf, 0x4e, f->len);       /* past the sector: gap bytes */
    memcpy(f->buf, f->disk, f->len < DISK_SECTOR_SIZE ? f->len : DISK_SECTOR_SIZE);
    to_host(f, read_done);
}

/* Search the track for the next sector to handle. */
static void rw_find(struct fdc *f)
{
    struct fdc_xfer *x = &f->x;
    struct fdd *d = xdrive(f);
    if (!spinning(f, d)) {
        stall(f, rw_find);
        return;
    }
    int trk = media_track(f, d, x->head, x->mfm);
    if (trk < 0) {
        fail_after_revs(f, ST1_MA, 0);
        return;
    }
    unsigned spt = d->fmt->spt, slot;
    if (x->op == OP_READ_TRACK) {
        slot = x->done;                 /* physical order from the index hole */
        if (slot >= spt) {
            fail_after_revs(f, ST1_ND, 0);
            return;
        }
    } else {
        if (x->r < 1 || x->r > spt || x->h != x->head) {
            fail_after_revs(f, ST1_ND, 0);
            return;
        }
        if ((unsigned)trk != x->c) {    /* the IDs carry another cylinder */
            fail_after_revs(f, ST1_ND, x->c == 0xff ? ST2_BC : ST2_WC);
            return;
        }
        slot = x->r - 1u;
    }
    uint64_t wait = x->contiguous ? 0 : until_slot(f, d, slot);
    x->contiguous = false;
    after(f, wait + slot_ticks(d), rw_sector);
}

/* The controller has the drive: seek if EIS asks, load the head, then go. */
static void rw_start(struct fdc *f)
{
    struct fdc_xfer *x = &f->x;
    struct fdd *d = xdrive(f);
    uint64_t ticks = head_load_ticks(f);
    if (d->seeking) {                   /* let a running seek end where it was going */
        sched_cancel(f->sched, &d->seek_timer);
        d->seeking = false;
    }
    if ((f->eis || f->lenient) && x->c != f->pcn[x->drive]) {
        int delta = x->c - f->pcn[x->drive];
        unsigned steps = (unsigned)(delta < 0 ? -delta : delta);
        if (d->type != FDD_NONE)
            fdc_move_head(d, delta);
        f->pcn[x->drive] = x->c;
        x->st0 |= ST0_SE;
        ticks += fdc_ticks(fdc_step_us(f, steps) + FDC_SETTLE_US);
    }
    if (is_write(x->op) && d->type != FDD_NONE && (d->img == NULL || d->wp)) {
        f->x.st1 |= ST1_NW;
        after(f, ticks, finish_failed);
        return;
    }
    after(f, ticks, rw_find);
}

void fdc_exec_rw(struct fdc *f)
{
    /* Operation by opcode bits 4-0. */
    static const enum fdc_op ops[32] = {
        [0x02] = OP_READ_TRACK, [0x05] = OP_WRITE, [0x06] = OP_READ, [0x09] = OP_WRITE_DEL,
        [0x0c] = OP_READ_DEL, [0x11] = OP_SCAN_EQ, [0x16] = OP_VERIFY, [0x19] = OP_SCAN_LE,
        [0x1d] = OP_SCAN_HE,
    };
    const uint8_t *p = f->cmdbuf;
    struct fdc_xfer *x = &f->x;
    memset(x, 0, sizeof *x);
    x->op = ops[p[0] & 0x1f];
    x->mt = (p[0] & 0x80) && x->op != OP_READ_TRACK;
    x->mfm = p[0] & 0x40;
    x->sk = (p[0] & 0x20) && !is_write(x->op) && x->op != OP_READ_TRACK;
    x->ec = x->op == OP_VERIFY && (p[1] & 0x80);
    x->drive = p[1] & 3;
    x->head = (p[1] >> 2) & 1;
    x->c = p[2];
    x->h = p[3];
    x->r = p[4];
    x->n = p[5];
    x->eot = p[6];
    x->gpl = p[7];
    x->dtl = p[8];
    x->sc = p[8];
    f->last_eot = x->eot;
    f->phase = PH_EXEC;
    rw_start(f);
}

/* ---- READ ID ---- */

static void read_id_find(struct fdc *f);

static void read_id_done(struct fdc *f)
{
    finish(f, 0, 0, 0);
}

static void read_id_find(struct fdc *f)
{
    struct fdc_xfer *x = &f->x;
    struct fdd *d = xdrive(f);
    if (!spinning(f, d)) {
        stall(f, read_id_find);
        return;
    }
    int trk = media_track(f, d, x->head, x->mfm);
    if (trk < 0) {
        fail_after_revs(f, ST1_MA, 0);
        return;
    }
    /* The first ID field to come round. */
    uint64_t slot = slot_ticks(d), angle = sched_now(f->sched) % rev_ticks(d);
    unsigned next = (unsigned)((angle + slot - 1) / slot) % d->fmt->spt;
    x->c = (uint8_t)trk;
    x->h = x->head;
    x->r = (uint8_t)(next + 1);
    x->n = 2;
    after(f, until_slot(f, d, next) + slot / 8 + 1, read_id_done);
}

void fdc_exec_read_id(struct fdc *f)
{
    struct fdc_xfer *x = &f->x;
    memset(x, 0, sizeof *x);
    x->op = OP_READ_ID;
    x->mfm = f->cmdbuf[0] & 0x40;
    x->drive = f->cmdbuf[1] & 3;
    x->head = (f->cmdbuf[1] >> 2) & 1;
    f->phase = PH_EXEC;
    after(f, head_load_ticks(f), read_id_find);
}

/* ---- FORMAT TRACK ---- */

static void format_next_id(struct fdc *f);

static void format_id_received(struct fdc *f)
{
    struct fdc_xfer *x = &f->x;
    struct fdd *d = xdrive(f);
    x->c = f->buf[0];
    x->h = f->buf[1];
    x->r = f->buf[2];
    x->n = f->buf[3];
    int trk = media_track(f, d, x->head, x->mfm);
    if (trk >= 0 && x->c == trk && x->h == x->head && x->n == 2 && x->r >= 1 &&
        x->r <= d->fmt->spt) {
        uint64_t lba = sector_lba(d, (unsigned)trk, x->head, x->r);
        memset(f->disk, x->fill, sizeof f->disk);
        if (disk_write(d->img, lba, 1, f->disk) != 0) {
            x->st0 |= ST0_EC;
            finish(f, ST0_ABNORMAL, 0, 0);
            return;
        }
        set_deleted(d, lba, false);
        fdc_note_write(d);
    } else {
        log_limited(f->log, &f->log_format, LOG_WARN, "fdc", "FORMAT TRACK: sector ID %u/%u/%u "
                    "size %u does not fit the %s image and is not stored (LIMITATION)",
                    x->c, x->h, x->r, x->n, d->fmt->name);
    }
    if (x->tc || ++x->done >= x->sc) {
        finish(f, 0, 0, 0);
        return;
    }
    after(f, slot_ticks(d), format_next_id);
}

static void format_next_id(struct fdc *f)
{
    struct fdd *d = xdrive(f);
    if (!spinning(f, d)) {
        stall(f, format_next_id);
        return;
    }
    f->len = 4;                         /* C, H, R, N of the next sector */
    from_host(f, format_id_received);
}

static void format_start(struct fdc *f)
{
    struct fdc_xfer *x = &f->x;
    struct fdd *d = xdrive(f);
    if (!spinning(f, d)) {
        stall(f, format_start);
        return;
    }
    if (media_track(f, d, x->head, x->mfm) < 0) {
        /* A raw image cannot take another density or an extra track. */
        log_limited(f->log, &f->log_format, LOG_WARN, "fdc", "FORMAT TRACK at %u kbps, "
                    "cylinder %u side %u is outside the %s image (LIMITATION)",
                    fdc_media_rate_kbps(f->rate), d->cyl, x->head, d->fmt->name);
        finish(f, ST0_ABNORMAL, ST1_DE, ST2_DD);
        return;
    }
    after(f, until_slot(f, d, 0), format_next_id);     /* formatting starts at the index */
}

void fdc_exec_format(struct fdc *f)
{
    const uint8_t *p = f->cmdbuf;
    struct fdc_xfer *x = &f->x;
    memset(x, 0, sizeof *x);
    x->op = OP_FORMAT;
    x->mfm = p[0] & 0x40;
    x->drive = p[1] & 3;
    x->head = (p[1] >> 2) & 1;
    x->n = p[2];
    x->sc = p[3];
    x->gpl = p[4];
    x->fill = p[5];
    f->last_eot = x->sc;
    f->phase = PH_EXEC;
    struct fdd *d = xdrive(f);
    if (d->type != FDD_NONE && (d->img == NULL || d->wp)) {
        x->st1 |= ST1_NW;
        after(f, head_load_ticks(f), finish_failed);
        return;
    }
    if (x->sc == 0) {
        after(f, head_load_ticks(f), read_id_done);
        return;
    }
    after(f, head_load_ticks(f), format_start);
}
