/* machine/machine.c: the PC/AT board.  See machine.h.
 * IRQ map (ISA): 0 PIT, 1 keyboard, 2 cascade, 3 COM2/4, 4 COM1/3, 6 floppy,
 * 8 RTC, 12 PS/2 mouse, 13 FPU error, 14 primary IDE, 15 secondary IDE. */
#include "machine/machine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bios/bios.h"
#include "cpu/cpu.h"
#include "devices/cmos.h"
#include "devices/disk_image.h"
#include "devices/dma.h"
#include "devices/fdc.h"
#include "devices/ide.h"
#include "devices/pic.h"
#include "devices/pit.h"
#include "devices/port61.h"
#include "devices/vga.h"
#include "machine/board.h"

/* ---- Wiring callbacks ---- */

/* A timer armed while the CPU runs may fall before the end of its slice:
 * bring the end forward so the timer fires on time. */
static void timer_earlier(void *opaque, uint64_t deadline)
{
    struct machine *m = opaque;
    uint64_t at = sched_icount_at(&m->sched, deadline);
    if (at < m->cpu->icount_limit) {
        m->cpu->icount_limit = at > m->cpu->icount ? at : m->cpu->icount;
        cpu_end_trace(m->cpu);     /* armed by an MMIO access mid-trace */
    }
}

static void intr_to_cpu(void *opaque, bool level)
{
    struct machine *m = opaque;
    cpu_set_intr(m->cpu, level);
}

static uint8_t intr_ack(void *opaque)
{
    struct machine *m = opaque;
    return pic_acknowledge(m->pic);
}

/* NMI: the port 61h sources, gated by the CMOS port 70h mask bit. */
static void update_nmi(struct machine *m)
{
    if (m->nmi_line && !m->nmi_masked)
        cpu_raise_nmi(m->cpu);
}

static void nmi_from_port61(void *opaque, bool level)
{
    struct machine *m = opaque;
    m->nmi_line = level;
    update_nmi(m);
}

static void nmi_mask_from_cmos(void *opaque, bool masked)
{
    struct machine *m = opaque;
    m->nmi_masked = masked;
    update_nmi(m);
}

void board_set_a20(void *opaque, bool on)
{
    struct machine *m = opaque;
    cpu_set_a20(m->cpu, on);
}

void board_cpu_reset(void *opaque)
{
    struct machine *m = opaque;
    m->cpu->pending |= PENDING_RESET;
}

void board_exit_request(void *opaque, int status)
{
    struct machine *m = opaque;
    m->stop = STOP_EXIT;
    m->exit_status = status;
    snprintf(m->stop_reason, sizeof m->stop_reason, "the guest asked to exit with status %d",
             status);
    m->cpu->pending |= PENDING_STOP;
}

/* ---- Construction ---- */

static int open_disk(struct machine *m, const char *path, enum disk_kind kind,
                     struct disk_chs chs, struct disk_image **out, struct emu_err *err)
{
    struct disk_options o = { .kind = kind, .chs = chs, .log = &m->log };
    o.mode = m->cfg.snapshot ? DISK_SNAPSHOT : m->cfg.readonly ? DISK_READONLY : DISK_READWRITE;
    o.allow_ro_fallback = true;
    return disk_open(out, path, &o, err);
}

/* Load an external ROM image that must be size_ok bytes or a multiple of
 * 2 KiB up to max. */
static int load_rom(const char *path, uint8_t **data, long *size, long max, struct emu_err *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return emu_fail(err, EMU_EIO, "%s: cannot open the ROM image", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (n <= 0 || n > max || n % 512 != 0) {
        fclose(f);
        return emu_fail(err, EMU_EFORMAT,
                        "%s: ROM image is %ld bytes; expected a multiple of 512 up to %ld",
                        path, n, max);
    }
    *data = malloc((size_t)n);
    if (*data == NULL || fread(*data, 1, (size_t)n, f) != (size_t)n) {
        free(*data);
        fclose(f);
        return emu_fail(err, EMU_EIO, "%s: cannot read the ROM image", path);
    }
    fclose(f);
    *size = n;
    return 0;
}

/* An external system BIOS: at the top of the first megabyte and aliased
 * below 4 GiB, where the reset vector is. */
static int map_external_bios(struct machine *m, struct emu_err *err)
{
    uint8_t *data;
    long n;
    if (load_rom(m->cfg.bios, &data, &n, 128 * 1024, err) != 0)
        return -1;
    if (n != 64 * 1024 && n != 128 * 1024) {
        free(data);
        return emu_fail(err, EMU_EFORMAT, "%s: BIOS image is %ld bytes; expected 64 or 128 KiB",
                        m->cfg.bios, n);
    }
    int rc = phys_map_rom(&m->mem, 0x100000u - (uint32_t)n, data, (uint32_t)n, err);
    if (rc == 0)
        rc = phys_map_rom(&m->mem, (uint32_t)(0x100000000ull - (uint64_t)n), data, (uint32_t)n,
                          err);
    free(data);
    return rc;
}

static int map_vgabios(struct machine *m, struct emu_err *err)
{
    uint8_t *data;
    long n;
    if (load_rom(m->cfg.vgabios, &data, &n, 64 * 1024, err) != 0)
        return -1;
    if (n < 512 || data[0] != 0x55 || data[1] != 0xaa) {
        free(data);
        return emu_fail(err, EMU_EFORMAT, "%s: not an option ROM (no 55AAh signature)",
                        m->cfg.vgabios);
    }
    int rc = phys_map_rom(&m->mem, 0xc0000, data, (uint32_t)n, err);
    free(data);
    return rc;
}

static enum log_level parse_level(const char *s)
{
    static const char *const names[] = { "error", "warning", "info", "debug" };
    for (int i = 0; i < 4; i++) {
        if (strcmp(s, names[i]) == 0)
            return (enum log_level)i;
    }
    return LOG_WARN;
}

struct machine *machine_create(const struct machine_config *cfg, struct emu_err *err)
{
    struct machine *m = calloc(1, sizeof *m);
    if (m == NULL) {
        emu_fail(err, EMU_ENOMEM, "out of memory");
        return NULL;
    }
    m->cfg = *cfg;
    log_init_stderr(&m->log, parse_level(cfg->log_level));
    host_input_init(&m->serial_in, -1);
    if (config_validate(cfg, err) != 0 ||
        phys_create(&m->mem, cfg->memory_mb << 20, &m->log, err) != 0) {
        free(m);
        return NULL;
    }
    bus_init(&m->io, &m->log);
    struct cpu_config cc = { .model = cfg->cpu_model, .has_fpu = cfg->has_fpu };
    m->cpu = cpu_create(&cc, &m->mem, &m->io);
    if (m->cpu == NULL) {
        emu_fail(err, EMU_ENOMEM, "out of memory");
        goto fail;
    }
    m->cpu->intr_ack = intr_ack;
    m->cpu->intr_opaque = m;
    sched_init(&m->sched, cfg->ips, &m->cpu->icount);
    m->sched.earlier = timer_earlier;
    m->sched.earlier_opaque = m;

    if (output_open(&m->serial_sink, cfg->serial, &m->serial_out, err) != 0 ||
        output_open(&m->debugcon_sink, cfg->debugcon, &m->debugcon_out, err) != 0)
        goto fail;

    m->pic = pic_create(&m->io, intr_to_cpu, m, err);
    if (m->pic == NULL)
        goto fail;
    m->pit = pit_create(&m->io, &m->sched, pic_irq_line(m->pic, 0), err);
    if (m->pit == NULL)
        goto fail;
    m->port61 = port61_create(&m->io, &m->sched, m->pit, nmi_from_port61, m, err);
    if (m->port61 == NULL)
        goto fail;
    int64_t rtc_start;
    if (board_parse_rtc_start(cfg->rtc_start, &rtc_start, err) != 0)
        goto fail;
    m->cmos = cmos_create(&m->io, &m->sched, pic_irq_line(m->pic, 8), rtc_start,
                          nmi_mask_from_cmos, m, err);
    if (m->cmos == NULL)
        goto fail;
    m->dma = dma_create(&m->io, &m->mem, err);
    if (m->dma == NULL)
        goto fail;
    if (board_create_chipset_io(m, err) != 0)
        goto fail;

    /* Storage. */
    m->fdc = fdc_create(&m->io, &m->sched, m->dma, 2, 0x3f0, pic_irq_line(m->pic, 6), &m->log,
                        err);
    if (m->fdc == NULL)
        goto fail;
    if (board_attach_floppies(m, err) != 0)
        goto fail;
    static const uint16_t ide_cmd[2] = { 0x1f0, 0x170 }, ide_ctl[2] = { 0x3f6, 0x376 };
    static const unsigned ide_irq[2] = { 14, 15 };
    for (unsigned ch = 0; ch < 2; ch++) {
        m->ide[ch] = ide_create(&m->io, &m->sched, ide_cmd[ch], ide_ctl[ch],
                                pic_irq_line(m->pic, ide_irq[ch]), &m->log, err);
        if (m->ide[ch] == NULL)
            goto fail;
    }
    for (unsigned d = 0; d < CONFIG_MAX_DISKS; d++) {
        if (cfg->hd[d][0] == 0)
            continue;
        if (open_disk(m, cfg->hd[d], DISK_HARDDISK, cfg->hd_chs[d], &m->hd[d], err) != 0)
            goto fail;
        if (ide_attach(m->ide[d / 2], d % 2, m->hd[d], err) != 0)
            goto fail;
    }

    /* Display. */
    m->vga = vga_create(&m->io, &m->mem, &m->sched, &m->log, NULL, err);
    if (m->vga == NULL)
        goto fail;

    /* CMOS contents the BIOS reads. */
    board_fill_cmos(m);

    /* Firmware. */
    if (cfg->vgabios[0] && map_vgabios(m, err) != 0)
        goto fail;
    if (cfg->bios[0]) {
        if (map_external_bios(m, err) != 0)
            goto fail;
        /* BIOSes from other emulators take their controllers' shortcuts. */
        fdc_set_lenient(m->fdc, true);
    } else {
        struct bios_deps d = { .cpu = m->cpu, .mem = &m->mem, .io = &m->io,
                               .sched = &m->sched, .vga = m->vga, .fdc = m->fdc,
                               .cmos = m->cmos, .ram_bytes = cfg->memory_mb << 20,
                               .boot_order = m->cfg.boot, .log = &m->log };
        for (unsigned i = 0; i < CONFIG_MAX_DISKS; i++) {
            d.hd[i] = m->hd[i];
            if (m->hd[i] != NULL)
                d.hd_chs[i] = disk_get_chs(m->hd[i]);
        }
        m->bios = bios_create(&d, err);
        if (m->bios == NULL)
            goto fail;
    }
    machine_reset(m, true);
    return m;

fail:
    machine_destroy(m);
    return NULL;
}

void machine_destroy(struct machine *m)
{
    if (m == NULL)
        return;
    struct emu_err err;
    if (machine_flush(m, &err) != 0)
        log_msg(&m->log, LOG_ERROR, "disk", "%s", err.msg);
    bios_destroy(m->bios);
    vga_destroy(m->vga);
    for (unsigned ch = 0; ch < 2; ch++)
        ide_destroy(m->ide[ch]);
    if (m->fdc != NULL) {
        fdc_eject(m->fdc, 0);
        fdc_eject(m->fdc, 1);
        fdc_destroy(m->fdc);
    }
    for (unsigned i = 0; i < CONFIG_MAX_FLOPPIES; i++) {
        if (m->floppy[i] != NULL && disk_close(m->floppy[i], &err) != 0)
            log_msg(&m->log, LOG_ERROR, "disk", "%s", err.msg);
    }
    if (m->floppy_b != NULL && disk_close(m->floppy_b, &err) != 0)
        log_msg(&m->log, LOG_ERROR, "disk", "%s", err.msg);
    for (unsigned i = 0; i < CONFIG_MAX_DISKS; i++) {
        if (m->hd[i] != NULL && disk_close(m->hd[i], &err) != 0)
            log_msg(&m->log, LOG_ERROR, "disk", "%s", err.msg);
    }
    board_destroy_chipset_io(m);
    dma_destroy(m->dma);
    cmos_destroy(m->cmos);
    port61_destroy(m->port61);
    pit_destroy(m->pit);
    pic_destroy(m->pic);
    output_close(&m->serial_sink);
    output_close(&m->debugcon_sink);
    output_log_free(&m->serial_out);
    output_log_free(&m->debugcon_out);
    cpu_destroy(m->cpu);
    phys_destroy(&m->mem);
    free(m);
}

int machine_flush(struct machine *m, struct emu_err *err)
{
    int rc = 0;
    for (unsigned i = 0; i < CONFIG_MAX_FLOPPIES; i++) {
        if (m->floppy[i] != NULL && disk_flush(m->floppy[i], err) != 0)
            rc = -1;
    }
    if (m->floppy_b != NULL && disk_flush(m->floppy_b, err) != 0)
        rc = -1;
    for (unsigned i = 0; i < CONFIG_MAX_DISKS; i++) {
        if (m->hd[i] != NULL && disk_flush(m->hd[i], err) != 0)
            rc = -1;
    }
    return rc;
}

/* Does the BIOS resume a program after this CPU reset instead of running
 * POST?  IBM AT shutdown codes (CMOS 0Fh) 05h, 09h and 0Ah-0Ch, used to
 * leave protected mode on a 286 (bios/post.c: post_shutdown). */
static bool reset_resumes(const struct machine *m)
{
    uint8_t code = cmos_get_byte(m->cmos, 0x0F);
    return code == 0x05 || code == 0x09 || (code >= 0x0A && code <= 0x0C);
}

void machine_reset(struct machine *m, bool power_cycle)
{
    /* The VGA is not on the CPU's reset line, but a reset that restarts
     * POST (a power cycle, Ctrl+Alt+R, a triple fault or an 8042 reset
     * without a resume code) gives it its power-on state, so POST starts
     * from a clean display (no VBE mode, no stale palette); a program
     * resumed through the shutdown code keeps its picture. */
    if (power_cycle || !reset_resumes(m))
        vga_reset(m->vga);
    if (power_cycle) {
        pic_reset(m->pic);
        pit_reset(m->pit);
        port61_reset(m->port61);
        cmos_reset(m->cmos);
        dma_reset(m->dma);
        fdc_reset(m->fdc);
        for (unsigned ch = 0; ch < 2; ch++)
            ide_reset(m->ide[ch]);
        board_reset_chipset_io(m);
    }
    cpu_reset(m->cpu);
    if (m->bios != NULL)
        bios_reset(m->bios);
    m->resets++;
}

void machine_request_stop(struct machine *m)
{
    m->cpu->pending |= PENDING_STOP;
}

double machine_seconds(const struct machine *m)
{
    return (double)sched_now(&m->sched) / (double)SCHED_HZ;
}

enum machine_stop machine_run(struct machine *m, uint64_t max_insns)
{
    struct cpu *c = m->cpu;
    uint64_t end = c->icount + max_insns;
    m->stop = STOP_NONE;
    host_input_pump(&m->serial_in, m->uart[0]);
    while (c->icount < end) {
        uint64_t next = sched_icount_at(&m->sched, sched_next_deadline(&m->sched));
        uint64_t until = next < end ? next : end;
        uint64_t budget = until > c->icount ? until - c->icount : 1;
        enum cpu_exit r = cpu_run(c, budget);
        sched_run_due(&m->sched);
        if (r == CPU_EXIT_RESET) {
            bool triple = c->shutdown;
            c->shutdown = false;
            if (m->cfg.no_reboot) {
                m->stop = STOP_SHUTDOWN;
                m->exit_status = EXIT_SHUTDOWN;
                snprintf(m->stop_reason, sizeof m->stop_reason,
                         "%s at %04x:%08x; stopping (--no-reboot)",
                         triple ? "triple fault" : "CPU reset", c->seg[SEG_CS].sel, c->eip);
                c->pending &= ~(uint32_t)PENDING_RESET;
                return m->stop;
            }
            if (triple)
                log_msg(&m->log, LOG_INFO, "cpu", "triple fault at %04x:%08x: reset",
                        c->seg[SEG_CS].sel, c->eip);
            machine_reset(m, false);
        }
        if (m->stop != STOP_NONE)
            return m->stop;
        if (r == CPU_EXIT_STOP)
            return m->stop = STOP_BREAK;
    }
    return m->stop;
}

void machine_set_serial_input(struct machine *m, int fd)
{
    host_input_init(&m->serial_in, fd);
}

int machine_next_floppy(struct machine *m, struct emu_err *err)
{
    if (m->nfloppy < 2)
        return emu_fail(err, EMU_ESTATE, "only one floppy image was given (--fda)");
    fdc_eject(m->fdc, 0);
    m->floppy_current = (m->floppy_current + 1) % m->nfloppy;
    return fdc_insert(m->fdc, 0, m->floppy[m->floppy_current], err);
}
