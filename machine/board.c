/* machine/board.c: see board.h. */
#include "machine/board.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "devices/cmos.h"
#include "devices/disk_image.h"
#include "devices/fdc.h"
#include "devices/debugport.h"
#include "devices/kbc.h"
#include "devices/pic.h"
#include "devices/port92.h"
#include "devices/uart.h"
#include "fpu/ferr.h"
#include "machine/machine.h"

static void power_off(void *opaque)
{
    struct machine *m = opaque;
    m->stop = STOP_EXIT;
    m->exit_status = EXIT_OK;
    snprintf(m->stop_reason, sizeof m->stop_reason, "the guest powered the machine off");
    m->cpu->pending |= PENDING_STOP;
}

/* COM1-COM4 at their ISA addresses; COM1 goes where --serial says. */
static const struct { uint16_t base; unsigned irq; } com_ports[4] = {
    { 0x3f8, 4 }, { 0x2f8, 3 }, { 0x3e8, 4 }, { 0x2e8, 3 } };

/* The 8042 and port 92h each drive one input of the A20 OR gate; their
 * reset lines go to the CPU.  Both callbacks of a kbc_lines share one
 * opaque pointer, the machine. */
static void a20_from_kbc(void *opaque, bool on)
{
    struct machine *m = opaque;
    a20_gate_kbc(&m->a20, on);
}

static void a20_from_port92(void *opaque, bool on)
{
    struct machine *m = opaque;
    a20_gate_fast(&m->a20, on);
}

int board_create_chipset_io(struct machine *m, struct emu_err *err)
{
    a20_gate_init(&m->a20, board_set_a20, m);
    m->kbc_lines = (struct kbc_lines){ .set_a20 = a20_from_kbc, .reset = board_cpu_reset,
                                       .opaque = m };
    m->kbc = kbc_create(&m->io, &m->sched, pic_irq_line(m->pic, 1), pic_irq_line(m->pic, 12),
                        &m->kbc_lines, err);
    if (m->kbc == NULL)
        return -1;
    m->port92_lines = (struct kbc_lines){ .set_a20 = a20_from_port92, .reset = board_cpu_reset,
                                          .opaque = m };
    m->port92 = port92_create(&m->io, &m->port92_lines, err);
    if (m->port92 == NULL)
        return -1;
    m->com1_dev = (struct chardev){ .write = output_write, .opaque = &m->serial_sink };
    for (unsigned i = 0; i < 4; i++) {
        m->uart[i] = uart_create(&m->io, &m->sched, com_ports[i].base,
                                 pic_irq_line(m->pic, com_ports[i].irq),
                                 i == 0 ? &m->com1_dev : NULL, err);
        if (m->uart[i] == NULL)
            return -1;
    }
    m->console_dev = (struct chardev){ .write = output_write, .opaque = &m->debugcon_sink };
    m->debugport_cb = (struct debugport_callbacks){ .exit_request = board_exit_request,
                                                    .power_off = power_off, .opaque = m };
    m->debugport = debugport_create(&m->io, &m->console_dev, &m->debugport_cb, err);
    if (m->debugport == NULL)
        return -1;
    m->ferr = fpu_ferr_create(&m->io, pic_irq_line(m->pic, 13), err);
    if (m->ferr == NULL)
        return -1;
    m->cpu->ferr = m->ferr;
    return 0;
}

void board_reset_chipset_io(struct machine *m)
{
    kbc_reset(m->kbc);
    port92_reset(m->port92);
    for (unsigned i = 0; i < 4; i++)
        uart_reset(m->uart[i]);
    debugport_reset(m->debugport);
    fpu_ferr_reset(m->ferr);
}

void board_destroy_chipset_io(struct machine *m)
{
    fpu_ferr_destroy(m->ferr);
    debugport_destroy(m->debugport);
    for (unsigned i = 0; i < 4; i++)
        uart_destroy(m->uart[i]);
    port92_destroy(m->port92);
    kbc_destroy(m->kbc);
}

static int open_floppy(struct machine *m, const char *path, struct disk_image **out,
                       struct emu_err *err)
{
    struct disk_options o = { .kind = DISK_FLOPPY, .log = &m->log, .allow_ro_fallback = true };
    o.mode = m->cfg.snapshot ? DISK_SNAPSHOT : m->cfg.readonly ? DISK_READONLY : DISK_READWRITE;
    return disk_open(out, path, &o, err);
}

int board_attach_floppies(struct machine *m, struct emu_err *err)
{
    /* A 1.44 MB drive A:, and B: only with --fdb, as a one-drive PC has
     * it (CMOS 10h, INT 11h and INT 13h then report one drive); a 2.88 MB
     * drive where the medium needs one. */
    if (fdc_connect_drive(m->fdc, 0, FDD_1440K, err) != 0)
        return -1;
    if (m->cfg.fdb[0] && fdc_connect_drive(m->fdc, 1, FDD_1440K, err) != 0)
        return -1;
    for (unsigned i = 0; i < m->cfg.nfda; i++) {
        if (open_floppy(m, m->cfg.fda[i], &m->floppy[i], err) != 0)
            return -1;
        m->nfloppy++;
    }
    if (m->cfg.fdb[0] && open_floppy(m, m->cfg.fdb, &m->floppy_b, err) != 0)
        return -1;
    struct disk_image *media[2] = { m->nfloppy ? m->floppy[0] : NULL, m->floppy_b };
    for (unsigned u = 0; u < 2; u++) {
        if (media[u] == NULL)
            continue;
        const struct floppy_format *fmt = disk_floppy_format(media[u]);
        enum fdd_type t = fmt ? fdd_type_for_format(fmt) : FDD_1440K;
        if (t == FDD_2880K && fdc_connect_drive(m->fdc, u, FDD_2880K, err) != 0)
            return -1;
        if (fdc_insert(m->fdc, u, media[u], err) != 0)
            return -1;
    }
    return 0;
}

static enum cmos_floppy cmos_type(enum fdd_type t)
{
    switch (t) {
    case FDD_360K: return CMOS_FLOPPY_360K;
    case FDD_1200K: return CMOS_FLOPPY_1200K;
    case FDD_720K: return CMOS_FLOPPY_720K;
    case FDD_1440K: return CMOS_FLOPPY_1440K;
    case FDD_2880K: return CMOS_FLOPPY_2880K;
    default: return CMOS_FLOPPY_NONE;
    }
}

void board_fill_cmos(struct machine *m)
{
    cmos_set_memory(m->cmos, (uint64_t)m->cfg.memory_mb << 20);
    cmos_set_floppies(m->cmos, cmos_type(fdc_drive_type(m->fdc, 0)),
                      cmos_type(fdc_drive_type(m->fdc, 1)));
    /* Type 47 (user-defined) for present disks; the BIOS reads the geometry
     * from the drive itself. */
    cmos_set_disks(m->cmos, m->hd[0] ? 47 : 0, m->hd[1] ? 47 : 0);
    cmos_set_equipment(m->cmos, CMOS_DISPLAY_EGA_VGA, m->cfg.has_fpu);
    /* Boot order where Bochs-compatible BIOSes look for it: 3Dh holds the
     * first (low nibble) and second devices, 38h the third in its high
     * nibble; 1 = floppy, 2 = hard disk.  Outside the checksummed range. */
    uint8_t dev[3] = { 0, 0, 0 };
    for (unsigned i = 0; i < 3 && m->cfg.boot[i]; i++)
        dev[i] = m->cfg.boot[i] == 'a' ? 1 : 2;
    cmos_set_byte(m->cmos, 0x3d, (uint8_t)(dev[0] | dev[1] << 4));
    cmos_set_byte(m->cmos, 0x38, (uint8_t)(dev[2] << 4));
    cmos_update_checksum(m->cmos);
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static int64_t days_from_civil(int64_t y, unsigned mo, unsigned d)
{
    y -= mo <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

int board_parse_rtc_start(const char *text, int64_t *out, struct emu_err *err)
{
    char *end;
    long long secs = strtoll(text, &end, 10);
    if (end != text && *end == 0) {
        *out = secs;
        return 0;
    }
    int y, mo, d, h = 0, mi = 0, s = 0;
    char tail = 0;
    int n = sscanf(text, "%d-%d-%dT%d:%d:%d%c", &y, &mo, &d, &h, &mi, &s, &tail);
    if (n != 3 && n != 6)
        n = sscanf(text, "%d-%d-%d %d:%d:%d%c", &y, &mo, &d, &h, &mi, &s, &tail);
    if ((n != 3 && n != 6) || y < 1900 || y > 2099 || mo < 1 || mo > 12 || d < 1 || d > 31 ||
        h > 23 || mi > 59 || s > 59 || h < 0 || mi < 0 || s < 0)
        return emu_fail(err, EMU_EINVAL,
                        "rtc-start: '%s' is not host, seconds since 1970 or YYYY-MM-DD[THH:MM:SS]",
                        text);
    *out = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + s;
    return 0;
}
