/* bios/floppy.c: INT 13h for diskettes (IBM PC/AT Technical Reference,
 * "Diskette"; status codes as there).  Data moves straight between the
 * drive's image and memory (disk_read/disk_write), as fast as DMA would
 * complete; the controller itself (82077AA, devices/fdc.c) is driven
 * through its ports for what the hardware must see: the motors and drive
 * select in the DOR, resets, SPECIFY, RECALIBRATE and the seeks that clear
 * the disk-change line, each waiting for IRQ 6 (INT 0Eh posts 40:3E bit 7)
 * with the ROM halting between traps.  The BDA keeps the motor bytes,
 * the media states, the present cylinders and the result bytes.
 * LIMITATION: transfers do not move the controller's modelled head, so a
 * driver that takes the controller over must recalibrate (all do). */
#include <assert.h>
#include <string.h>

#include "bios/bios_internal.h"
#include "devices/fdc.h"

#define FD_TIMEOUT_TICKS 37     /* 2 s */
#define DOR_NRESET 0x04
#define DOR_DMA 0x08

enum fd_op { FO_END, FO_RESET, FO_SENSE, FO_SPECIFY, FO_RECAL, FO_SEEK, FO_MOTOR_OFF };

/* The diskette parameter table in use (INT 1Eh), byte i. */
static uint8_t dpt(struct cpu *c, unsigned i)
{
    uint32_t v = mem_rd32(c, 0x1E * 4);
    return mem_rd8(c, far_lin((uint16_t)(v >> 16), (v & 0xFFFF) + i));
}

/* Drive type of unit 0/1: the CMOS nibble, else the controller's drive. */
static unsigned drive_type(struct bios *b, unsigned unit)
{
    if (unit > 1)
        return FDD_NONE;
    uint8_t t = cmos_read(b, 0x10);
    t = unit == 0 ? (uint8_t)(t >> 4) : (uint8_t)(t & 15);
    if (t == 0 && b->d.fdc != NULL && fdc_drive_type(b->d.fdc, unit) != FDD_NONE)
        t = (uint8_t)fdc_drive_type(b->d.fdc, unit);
    return t <= FDD_2880K ? t : FDD_NONE;
}

unsigned floppy_drive_count(struct bios *b)
{
    if (drive_type(b, 0) == FDD_NONE)
        return 0;
    return drive_type(b, 1) == FDD_NONE ? 1 : 2;
}

/* The ROM's 13-byte parameter table for a drive or media type (1-5). */
static uint16_t fdpt_offset(const struct bios *b, unsigned type)
{
    if (type < 1 || type > 5)
        type = 4;
    return (uint16_t)(rom_offset(b, ROMDIR_FDPT) + (type - 1) * 13);
}

static const uint8_t *fdpt_rom(const struct bios *b, unsigned type)
{
    return b->img + fdpt_offset(b, type);
}

/* Can a drive of type `drive` read media of type `media`? */
static bool media_fits(unsigned drive, unsigned media)
{
    switch (media) {
    case FDD_360K: return drive == FDD_360K || drive == FDD_1200K;
    case FDD_1200K: return drive == FDD_1200K;
    case FDD_720K: return drive == FDD_720K || drive == FDD_1440K || drive == FDD_2880K;
    case FDD_1440K: return drive == FDD_1440K || drive == FDD_2880K;
    case FDD_2880K: return drive == FDD_2880K;
    default: return false;
    }
}

/* The data rate media is read at, as 40:90 and 40:8B encode it (bits
 * 7-6: 00 500, 01 300, 10 250, 11 1000 kbps): 360K media turn at 360 rpm
 * in a 1.2M drive, so they are read at 300 kbps there. */
static uint8_t rate_bits(unsigned drive, unsigned media)
{
    switch (media) {
    case FDD_360K: return drive == FDD_1200K ? 0x40 : 0x80;
    case FDD_720K: return 0x80;
    case FDD_2880K: return 0xC0;
    default: return 0x00;
    }
}

/* 40:90 media state for media type `media` in a drive of type `drive`. */
static uint8_t media_state(unsigned drive, unsigned media)
{
    uint8_t st = (uint8_t)(rate_bits(drive, media) | FDM_ESTABLISHED);
    if (media == FDD_360K)
        st |= drive == FDD_1200K ? (FDM_DOUBLE_STEP | 4) : 3;
    else if (media == FDD_1200K)
        st |= 5;
    else
        st |= 7;
    return st;
}

void floppy_post(struct bios *b, struct cpu *c)
{
    bda_wr8(c, BDA_FD_RECAL, 0);
    bda_wr8(c, BDA_FD_MOTOR, 0);
    bda_wr8(c, BDA_FD_MOTOR_TICKS, 0);
    bda_wr8(c, BDA_FD_STATUS, 0);
    bda_wr16(c, BDA_FD_MEDIA, 0);
    bda_wr16(c, BDA_FD_CYL, 0);
    bda_wr8(c, BDA_FD_INFO, 0);
    b->fd_post_pending = true;
}

/* ---- motors ---- */

static void motor_on(struct bios *b, struct cpu *c, unsigned unit, bool write)
{
    uint8_t m = bda_rd8(c, BDA_FD_MOTOR);
    m = (uint8_t)((m & 0x03) | (1u << unit) | (unit << 4) | (write ? 0x80 : 0));
    bda_wr8(c, BDA_FD_MOTOR, m);
    bda_wr8(c, BDA_FD_MOTOR_TICKS, 0xFF);       /* no motor-off while we work */
    io_out8(b, 0x3F2, (uint8_t)(((m & 3) << 4) | DOR_DMA | DOR_NRESET | unit));
}

static void motor_release(struct cpu *c)
{
    uint8_t ticks = dpt(c, 2);
    bda_wr8(c, BDA_FD_MOTOR_TICKS, ticks ? ticks : 1);
    bda_wr8(c, BDA_FD_MOTOR, (uint8_t)(bda_rd8(c, BDA_FD_MOTOR) & 0x7F));
}

void floppy_timer_tick(struct bios *b, struct cpu *c)
{
    uint8_t t = bda_rd8(c, BDA_FD_MOTOR_TICKS);
    if (t == 0 || t == 0xFF)
        return;
    bda_wr8(c, BDA_FD_MOTOR_TICKS, --t);
    if (t == 0) {
        bda_wr8(c, BDA_FD_MOTOR, (uint8_t)(bda_rd8(c, BDA_FD_MOTOR) & 0xF0));
        if (b->d.fdc != NULL)
            io_out8(b, 0x3F2, DOR_DMA | DOR_NRESET);
    }
}

bool svc_floppy_irq(struct bios *b, struct cpu *c)
{
    (void)b;
    bda_wr8(c, BDA_FD_RECAL, (uint8_t)(bda_rd8(c, BDA_FD_RECAL) | 0x80));
    return true;
}

static bool change_line(struct bios *b)
{
    return (io_in8(b, 0x3F7) & 0x80) != 0;
}

/* ---- the controller program (reset, sense, specify, recalibrate, seek) ---- */

static void prog_begin(struct bios *b, struct cpu *c)
{
    memset(&b->fdp, 0, sizeof b->fdp);
    b->fdp.start_tick = bios_ticks(c);
}

static void prog_add(struct bios *b, enum fd_op op, unsigned unit, unsigned cyl)
{
    unsigned n = 0;
    while (b->fdp.step[n] != FO_END)
        n++;
    assert(n + 1 < FDC_PROGRAM_MAX);    /* programs are built from fixed lists */
    b->fdp.step[n] = (uint8_t)op;
    b->fdp.arg[n] = (uint8_t)unit;
    b->fdp.cyl[n] = (uint8_t)cyl;
    b->fdp.step[n + 1] = FO_END;
}

/* Send cmd[0..n) then read `nres` result bytes into res; returns 1 done,
 * 0 waiting for the controller (RQM), -1 timeout.  b->fdp.sub counts the
 * bytes moved so far. */
static int fdc_xfer(struct bios *b, struct cpu *c, const uint8_t *cmd, unsigned n,
                    uint8_t *res, unsigned nres)
{
    while (b->fdp.sub < n + nres) {
        uint8_t msr = io_in8(b, 0x3F4);
        bool sending = b->fdp.sub < n;
        if ((msr & 0xC0) != (sending ? 0x80 : 0xC0)) {
            if (bios_ticks(c) - b->fdp.start_tick > FD_TIMEOUT_TICKS)
                return -1;
            return 0;
        }
        if (sending)
            io_out8(b, 0x3F5, cmd[b->fdp.sub]);
        else
            res[b->fdp.sub - n] = io_in8(b, 0x3F5);
        b->fdp.sub++;
    }
    return 1;
}

static void prog_next(struct bios *b, struct cpu *c)
{
    b->fdp.pc++;
    b->fdp.sub = 0;
    b->fdp.waiting_irq = false;
    b->fdp.start_tick = bios_ticks(c);
}

/* Run the program.  Returns true when finished (error in b->fdp.error);
 * false with the stub told how to wait. */
static bool prog_run(struct bios *b, struct cpu *c)
{
    for (;;) {
        unsigned pc = b->fdp.pc;
        enum fd_op op = (enum fd_op)b->fdp.step[pc];
        unsigned unit = b->fdp.arg[pc];
        uint8_t res[8];
        int r;
        if (op == FO_END || b->fdp.error)
            return true;
        switch (op) {
        case FO_RESET:
            if (b->fdp.sub == 0) {
                uint8_t m = bda_rd8(c, BDA_FD_MOTOR);
                uint8_t dor = (uint8_t)(((m & 3) << 4) | ((m >> 4) & 3));
                bda_wr8(c, BDA_FD_RECAL, (uint8_t)(bda_rd8(c, BDA_FD_RECAL) & 0x70));
                io_out8(b, 0x3F2, (uint8_t)(dor | DOR_DMA));
                io_out8(b, 0x3F2, (uint8_t)(dor | DOR_DMA | DOR_NRESET));
                io_out8(b, 0x3F7, 0x00);            /* 500 kbps until a media says otherwise */
                b->fdp.sub = 1;
            }
            if (!(bda_rd8(c, BDA_FD_RECAL) & 0x80)) {
                if (bios_ticks(c) - b->fdp.start_tick > FD_TIMEOUT_TICKS) {
                    b->fdp.error = DS_CONTROLLER;
                    return true;
                }
                svc_retry(c, true);
                return false;
            }
            bda_wr8(c, BDA_FD_RECAL, (uint8_t)(bda_rd8(c, BDA_FD_RECAL) & 0x7F));
            prog_next(b, c);
            break;
        case FO_SENSE: {
            static const uint8_t cmd[1] = { 0x08 };
            r = fdc_xfer(b, c, cmd, 1, res, 2);
            if (r == 0) {
                svc_retry(c, false);
                return false;
            }
            if (r < 0) {
                b->fdp.error = DS_CONTROLLER;
                return true;
            }
            b->fdp.st0 = res[0];
            b->fdp.pcn = res[1];
            prog_next(b, c);
            break;
        }
        case FO_SPECIFY: {
            uint8_t cmd[3] = { 0x03, dpt(c, 0), (uint8_t)(dpt(c, 1) & 0xFE) };
            r = fdc_xfer(b, c, cmd, 3, res, 0);
            if (r == 0) {
                svc_retry(c, false);
                return false;
            }
            if (r < 0) {
                b->fdp.error = DS_CONTROLLER;
                return true;
            }
            prog_next(b, c);
            break;
        }
        case FO_RECAL:
        case FO_SEEK: {
            /* Command, wait for the interrupt, then SENSE INTERRUPT. */
            uint8_t cmd[3] = { op == FO_RECAL ? 0x07 : 0x0F, (uint8_t)unit, b->fdp.cyl[pc] };
            unsigned n = op == FO_RECAL ? 2 : 3;
            if (!b->fdp.waiting_irq && b->fdp.sub < n) {
                if (b->fdp.sub == 0)
                    bda_wr8(c, BDA_FD_RECAL, (uint8_t)(bda_rd8(c, BDA_FD_RECAL) & 0x7F));
                r = fdc_xfer(b, c, cmd, n, res, 0);
                if (r == 0) {
                    svc_retry(c, false);
                    return false;
                }
                if (r < 0) {
                    b->fdp.error = DS_CONTROLLER;
                    return true;
                }
                b->fdp.waiting_irq = true;
                b->fdp.start_tick = bios_ticks(c);
            }
            if (b->fdp.waiting_irq) {
                if (!(bda_rd8(c, BDA_FD_RECAL) & 0x80)) {
                    if (bios_ticks(c) - b->fdp.start_tick > FD_TIMEOUT_TICKS) {
                        b->fdp.error = DS_TIMEOUT;
                        return true;
                    }
                    svc_retry(c, true);
                    return false;
                }
                bda_wr8(c, BDA_FD_RECAL, (uint8_t)(bda_rd8(c, BDA_FD_RECAL) & 0x7F));
                b->fdp.waiting_irq = false;
                b->fdp.sub = 0;
                b->fdp.start_tick = bios_ticks(c);
            }
            static const uint8_t sense[1] = { 0x08 };
            r = fdc_xfer(b, c, sense, 1, res, 2);
            if (r == 0) {
                svc_retry(c, false);
                return false;
            }
            if (r < 0) {
                b->fdp.error = DS_CONTROLLER;
                return true;
            }
            b->fdp.st0 = res[0];
            b->fdp.pcn = res[1];
            if ((res[0] & 0xC0) != 0 && (res[0] & 0x10)) {
                b->fdp.error = DS_SEEK;
                return true;
            }
            if (op == FO_RECAL)
                bda_wr8(c, BDA_FD_RECAL, (uint8_t)(bda_rd8(c, BDA_FD_RECAL) | (1u << unit)));
            bda_wr8(c, BDA_FD_CYL + unit, res[1]);
            prog_next(b, c);
            break;
        }
        default:
            prog_next(b, c);
            break;
        }
    }
}

/* ---- the services ---- */

static void fd_result(struct bios *b, struct cpu *c, uint8_t status)
{
    bda_wr8(c, BDA_FD_STATUS, status);
    set_r8hi(c, REG_EAX, status);
    frame_cf(b, c, status != 0);
}

static void fd_result_bytes(struct cpu *c, uint8_t st0, uint8_t st1, uint8_t st2, uint8_t cyl,
                            uint8_t head, uint8_t sec)
{
    const uint8_t r[7] = { st0, st1, st2, cyl, head, sec, 2 };
    for (unsigned i = 0; i < 7; i++)
        bda_wr8(c, BDA_FD_RESULT + i, r[i]);
}

/* The media type (FDD_*) of the diskette in unit, or FDD_NONE. */
static unsigned media_type(struct bios *b, unsigned unit, struct disk_image **img)
{
    *img = b->d.fdc != NULL ? fdc_media(b->d.fdc, unit) : NULL;
    if (*img == NULL)
        return FDD_NONE;
    const struct floppy_format *f = disk_floppy_format(*img);
    return f != NULL ? (unsigned)fdd_type_for_format(f) : FDD_NONE;
}

/* Build and start the program that clears an active change line: seek to
 * cylinder 1 and back to 0 (step pulses with a disk in the drive reset it). */
static void start_change_clear(struct bios *b, struct cpu *c, unsigned unit)
{
    prog_begin(b, c);
    prog_add(b, FO_SEEK, unit, 1);
    prog_add(b, FO_SEEK, unit, 0);
}

/* Read, write, verify: AH 02h, 03h, 04h. */
static uint8_t fd_transfer(struct bios *b, struct cpu *c, unsigned unit, unsigned dtype,
                           struct disk_image *img, unsigned mtype)
{
    uint8_t ah = AH(c);
    unsigned count = AL(c);
    unsigned cyl = CH(c), sec = CL(c) & 0x3F, head = DH(c);
    const struct floppy_format *fmt = disk_floppy_format(img);
    /* Refused before anything moves: AL = 0.  (Registers change only
     * after the buffer is known to be writable: a page fault restarts
     * the call.) */
    uint8_t early = DS_OK;
    uint32_t lin = far_lin(sreg(c, SEG_ES), BX(c));
    if (!media_fits(dtype, mtype))
        early = DS_MEDIA_TYPE;
    else if (count == 0)
        early = DS_BAD_CMD;
    else if (ah != 0x04 && (lin & 0xFFFF) + count * 512u > 0x10000)
        early = DS_DMA_BOUNDARY;
    else if (ah == 0x03 && !disk_is_writable(img)) {
        fd_result_bytes(c, (uint8_t)(0x40 | head << 2 | unit), 0x02, 0, (uint8_t)cyl,
                        (uint8_t)head, (uint8_t)sec);
        early = DS_WRITE_PROTECT;
    }
    if (early != DS_OK) {
        set_r8lo(c, REG_EAX, 0);
        return early;
    }
    unsigned spt = fmt->spt, heads = fmt->heads, cyls = fmt->cyls;
    unsigned eot = dpt(c, 4);
    uint8_t status = DS_OK;
    unsigned done = 0;
    uint8_t buf[512];
    if (ah == 0x02)
        mem_probe_write(c, lin, count * 512u);
    while (done < count) {
        if (cyl >= cyls || head >= heads || sec == 0 || sec > spt) {
            status = DS_NOT_FOUND;
            break;
        }
        uint64_t lba = ((uint64_t)cyl * heads + head) * spt + (sec - 1);
        if (ah == 0x02) {
            if (disk_read(img, lba, 1, buf) != 0) {
                status = DS_BAD_CRC;
                break;
            }
            mem_write_block(c, lin + done * 512u, buf, 512);
        } else if (ah == 0x03) {
            mem_read_block(c, lin + done * 512u, buf, 512);
            if (disk_write(img, lba, 1, buf) != 0) {
                status = DS_WRITE_PROTECT;
                break;
            }
        }
        done++;
        /* Multi-track: past EOT on head 0 the controller goes on with
         * head 1, sector 1; past EOT on head 1 it stops (end of cylinder). */
        if (sec == eot) {
            if (head == 0 && heads == 2 && done < count) {
                head = 1;
                sec = 1;
            } else if (done < count) {
                status = DS_NOT_FOUND;          /* end of cylinder */
                break;
            }
        } else {
            sec++;
        }
    }
    set_r8lo(c, REG_EAX, (uint8_t)done);
    bda_wr8(c, BDA_FD_CYL + unit, (uint8_t)cyl);
    if (status == DS_OK) {
        fd_result_bytes(c, (uint8_t)(head << 2 | unit), 0, 0, (uint8_t)cyl, (uint8_t)head,
                        (uint8_t)sec);
        bda_wr8(c, BDA_FD_MEDIA + unit, media_state(dtype, mtype));
        bda_wr8(c, BDA_FD_RECAL, (uint8_t)(bda_rd8(c, BDA_FD_RECAL) | (1u << unit)));
        bda_wr8(c, BDA_FD_LAST_RATE, rate_bits(dtype, mtype));
    } else {
        fd_result_bytes(c, (uint8_t)(0x40 | head << 2 | unit), status == DS_NOT_FOUND ? 0x80 : 0x20,
                        0, (uint8_t)cyl, (uint8_t)head, (uint8_t)sec);
    }
    return status;
}

/* Format a track (AH=05h): ES:BX holds AL address fields (C, H, R, N);
 * each sector named is filled with the DPT's fill byte. */
static uint8_t fd_format(struct bios *b, struct cpu *c, unsigned dtype, struct disk_image *img,
                         unsigned mtype)
{
    const struct floppy_format *fmt = disk_floppy_format(img);
    unsigned n = AL(c);
    uint32_t lin = far_lin(sreg(c, SEG_ES), BX(c));
    if (!media_fits(dtype, mtype))
        return DS_MEDIA_TYPE;
    if ((lin & 0xFFFF) + n * 4u > 0x10000)
        return DS_DMA_BOUNDARY;
    if (!disk_is_writable(img))
        return DS_WRITE_PROTECT;
    if (CH(c) >= fmt->cyls || DH(c) >= fmt->heads)
        return DS_NOT_FOUND;
    uint8_t fill[512];
    memset(fill, dpt(c, 8), sizeof fill);
    for (unsigned i = 0; i < n; i++) {
        uint8_t cc = mem_rd8(c, lin + 4 * i), hh = mem_rd8(c, lin + 4 * i + 1);
        uint8_t rr = mem_rd8(c, lin + 4 * i + 2);
        if (cc >= fmt->cyls || hh >= fmt->heads || rr == 0 || rr > fmt->spt)
            continue;           /* a sector the image cannot hold is not kept */
        uint64_t lba = ((uint64_t)cc * fmt->heads + hh) * fmt->spt + (rr - 1u);
        if (disk_write(img, lba, 1, fill) != 0)
            return DS_WRITE_PROTECT;
    }
    return DS_OK;
}

/* AH=08h: drive parameters from the drive type. */
static void fd_params(struct bios *b, struct cpu *c, unsigned unit)
{
    unsigned t = drive_type(b, unit);
    set_r8lo(c, REG_EDX, (uint8_t)floppy_drive_count(b));
    if (t == FDD_NONE) {
        set_r16(c, REG_EAX, 0);
        set_r16(c, REG_EBX, 0);
        set_r16(c, REG_ECX, 0);
        set_r8hi(c, REG_EDX, 0);
        set_r16(c, REG_EDI, 0);
        bios_set_sreg(c, SEG_ES, 0);
        frame_cf(b, c, false);
        return;
    }
    const uint8_t *p = fdpt_rom(b, t);
    set_r16(c, REG_EAX, 0);
    set_r16(c, REG_EBX, (uint16_t)t);
    set_r8hi(c, REG_ECX, p[11]);                /* maximum cylinder */
    set_r8lo(c, REG_ECX, p[4]);                 /* sectors per track */
    set_r8hi(c, REG_EDX, 1);
    bios_set_sreg(c, SEG_ES, 0xF000);
    set_r16(c, REG_EDI, fdpt_offset(b, t));
    bda_wr8(c, BDA_FD_STATUS, 0);
    frame_cf(b, c, false);
}

/* AH=18h: the media type to format: CH = maximum cylinder, CL = sectors. */
static uint8_t fd_set_media(struct bios *b, struct cpu *c, unsigned unit, unsigned dtype)
{
    unsigned maxcyl = CH(c) | (unsigned)(CL(c) & 0xC0) << 2, spt = CL(c) & 0x3F;
    for (unsigned m = FDD_360K; m <= FDD_2880K; m++) {
        const uint8_t *p = fdpt_rom(b, m);
        if (p[11] != maxcyl || p[4] != spt || !media_fits(dtype, m))
            continue;
        bios_set_sreg(c, SEG_ES, 0xF000);
        set_r16(c, REG_EDI, fdpt_offset(b, m));
        bda_wr8(c, BDA_FD_MEDIA + unit, media_state(dtype, m));
        return DS_OK;
    }
    return DS_MEDIA_TYPE;
}

/* AH=17h: DASD type for format (AL: 1 360K/360K, 2 360K/1.2M, 3 1.2M/1.2M,
 * 4 720K/720K or 1.44M). */
static uint8_t fd_set_dasd(struct cpu *c, unsigned unit, unsigned dtype)
{
    static const uint8_t media_of[5] = { 0, FDD_360K, FDD_360K, FDD_1200K, FDD_720K };
    unsigned al = AL(c);
    if (al < 1 || al > 4 || !media_fits(dtype, media_of[al]))
        return DS_BAD_CMD;
    bda_wr8(c, BDA_FD_MEDIA + unit, media_state(dtype, media_of[al]));
    return DS_OK;
}

/* INT 13h, DL < 80h (also INT 40h). */
bool floppy_service(struct bios *b, struct cpu *c)
{
    uint8_t ah = AH(c);
    unsigned unit = DL(c);
    svc_done(c);

    /* A controller program in progress belongs to this call: go on with it. */
    if (b->fd_call.active && b->fd_call.frame_lin == frame_lin(b, c)) {
        if (!prog_run(b, c))
            return true;
        retry_end(&b->fd_call);
        uint8_t st = b->fdp.error;
        if (ah == 0x00) {
            fd_result(b, c, st ? DS_RESET_FAILED : DS_OK);
            motor_release(c);
            return true;
        }
        /* After clearing the change line: 06h if a disk is there now. */
        if (st == 0 && change_line(b))
            st = DS_TIMEOUT;
        else if (st == 0)
            st = DS_CHANGED;
        bda_wr8(c, BDA_FD_MEDIA + unit, 0);
        fd_result(b, c, st);
        set_r8lo(c, REG_EAX, 0);
        motor_release(c);
        return true;
    }

    switch (ah) {
    case 0x00: {                                    /* reset */
        prog_begin(b, c);
        prog_add(b, FO_RESET, 0, 0);
        for (unsigned i = 0; i < 4; i++)
            prog_add(b, FO_SENSE, 0, 0);
        prog_add(b, FO_SPECIFY, 0, 0);
        if (b->fd_post_pending) {
            /* At power-on: recalibrate each drive and step it, which also
             * clears the change line of a drive holding a disk. */
            b->fd_post_pending = false;
            for (unsigned u = 0; u < floppy_drive_count(b); u++) {
                prog_add(b, FO_RECAL, u, 0);
                prog_add(b, FO_SEEK, u, 1);
                prog_add(b, FO_SEEK, u, 0);
            }
            bda_wr8(c, BDA_FD_MOTOR, 0x03);
            io_out8(b, 0x3F2, 0x3C);
        }
        if (b->d.fdc == NULL || floppy_drive_count(b) == 0) {
            fd_result(b, c, DS_OK);
            return true;
        }
        retry_begin(b, c, &b->fd_call);
        if (prog_run(b, c)) {
            retry_end(&b->fd_call);
            fd_result(b, c, b->fdp.error ? DS_RESET_FAILED : DS_OK);
            motor_release(c);
        }
        return true;
    }
    case 0x01: {                                    /* last status */
        uint8_t st = bda_rd8(c, BDA_FD_STATUS);
        set_r8hi(c, REG_EAX, st);
        frame_cf(b, c, st != 0);
        return true;
    }
    case 0x08:
        fd_params(b, c, unit);
        return true;
    default:
        break;
    }

    unsigned dtype = drive_type(b, unit);
    if (dtype == FDD_NONE || b->d.fdc == NULL) {
        if (ah == 0x15) {
            set_r8hi(c, REG_EAX, 0);
            frame_cf(b, c, false);
            return true;
        }
        fd_result(b, c, ah == 0x16 ? DS_TIMEOUT : DS_BAD_CMD);
        return true;
    }
    struct disk_image *img;
    unsigned mtype = media_type(b, unit, &img);
    uint8_t st;
    switch (ah) {
    case 0x02:
    case 0x03:
    case 0x04:
    case 0x05:
        motor_on(b, c, unit, ah == 0x03 || ah == 0x05);
        if (change_line(b)) {
            /* The disk was changed (or there is none): clear the line by
             * stepping, then report 06h, or 80h if it stays active. */
            bda_wr8(c, BDA_FD_MEDIA + unit, 0);
            start_change_clear(b, c, unit);
            retry_begin(b, c, &b->fd_call);
            if (prog_run(b, c)) {
                retry_end(&b->fd_call);
                st = b->fdp.error ? b->fdp.error : change_line(b) ? DS_TIMEOUT : DS_CHANGED;
                set_r8lo(c, REG_EAX, 0);
                fd_result(b, c, st);
                motor_release(c);
            }
            return true;
        }
        if (img == NULL) {
            set_r8lo(c, REG_EAX, 0);
            st = DS_TIMEOUT;
        } else if (ah == 0x05) {
            st = fd_format(b, c, dtype, img, mtype);
        } else {
            st = fd_transfer(b, c, unit, dtype, img, mtype);
        }
        fd_result(b, c, st);
        motor_release(c);
        return true;
    case 0x15:                                      /* drive type: 01 no change line */
        set_r8hi(c, REG_EAX, dtype == FDD_360K ? 0x01 : 0x02);
        frame_cf(b, c, false);
        return true;
    case 0x16:                                      /* change line status */
        motor_on(b, c, unit, false);
        st = change_line(b) ? DS_CHANGED : DS_OK;
        if (st == DS_CHANGED && img == NULL)
            st = DS_CHANGED;
        motor_release(c);
        fd_result(b, c, st);
        return true;
    case 0x17:
        fd_result(b, c, fd_set_dasd(c, unit, dtype));
        return true;
    case 0x18:
        if (img == NULL) {
            fd_result(b, c, DS_TIMEOUT);
            return true;
        }
        fd_result(b, c, fd_set_media(b, c, unit, dtype));
        return true;
    case 0x0C:                                      /* seek (AT: diskettes too) */
    case 0x10:                                      /* ready */
        fd_result(b, c, img != NULL ? DS_OK : DS_TIMEOUT);
        return true;
    default:
        log_limited(b->d.log, &b->log_unknown, LOG_DEBUG, "bios",
                    "INT 13h AX=%04Xh (diskette) not supported", AX(c));
        fd_result(b, c, DS_BAD_CMD);
        return true;
    }
}
