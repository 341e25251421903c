/* tests/unit/biosrig.h: a small PC/AT for the BIOS tests: the real CPU,
 * memory, 8259A pair, 8254, port 61h, RTC/CMOS, 8237, 8042 with keyboard
 * and mouse, port 92h, floppy controller, IDE, VGA and our BIOS, wired as
 * a machine wires them, plus two test ports: E9h collects text, EAh stops
 * the run.  Tests boot to a sector that writes EAh, then call services by
 * placing "INT n; OUT EAh, AL" in memory.  Header-only, like devtest.h. */
#ifndef VIREO_TESTS_BIOSRIG_H
#define VIREO_TESTS_BIOSRIG_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bios/bios.h"
#include "cpu/cpu.h"
#include "devices/bus.h"
#include "devices/cmos.h"
#include "devices/dma.h"
#include "devices/fdc.h"
#include "devices/ide.h"
#include "devices/kbc.h"
#include "devices/pic.h"
#include "devices/pit.h"
#include "devices/port61.h"
#include "devices/port92.h"
#include "devices/sched.h"
#include "devices/uart.h"
#include "devices/vga.h"
#include "mmu/physmem.h"

#define RIG_IPS 50000000ull     /* 50 MIPS of virtual time */
#define RIG_STOP_PORT 0xEA
#define RIG_CODE 0x0600u        /* where rig_call puts its snippet */
#define RIG_RTC_START 1700000000    /* 2023-11-14 22:13:20 UTC */

struct rig {
    struct logger log;
    struct emu_err err;
    struct phys_mem mem;
    struct io_bus io;
    struct sched sched;
    struct cpu *cpu;
    struct pic *pic;
    struct pit *pit;
    struct port61 *port61;
    struct cmos *cmos;
    struct isa_dma *dma;
    struct kbc *kbc;
    struct port92 *port92;
    struct a20_gate a20;
    struct kbc_lines kbc_lines, p92_lines;
    struct fdc *fdc;
    struct ide_channel *ide[2];
    struct vga *vga;
    struct uart *com1;
    struct bios *bios;
    struct disk_image *fd[2], *hd[4];
    char dir[128];
    char text[8192];            /* E9h output */
    size_t ntext;
    bool stopped;
    unsigned resets;
    int exit_status;            /* F4h: (v << 1) | 1; 8900h "Shutdown": 0; -1 none */
    char shutdown[16];
};

static inline void rig_sink(void *opaque, enum log_level lvl, const char *line)
{
    (void)opaque;
    (void)lvl;
    if (getenv("RIG_VERBOSE"))
        fprintf(stderr, "%s\n", line);
}

static inline void rig_intr(void *opaque, bool level)
{
    struct rig *r = opaque;
    cpu_set_intr(r->cpu, level);
}

static inline uint8_t rig_ack(void *opaque)
{
    struct rig *r = opaque;
    return pic_acknowledge(r->pic);
}

static inline void rig_set_a20(void *opaque, bool on)
{
    struct rig *r = opaque;
    cpu_set_a20(r->cpu, on);
}

static inline void rig_reset_line(void *opaque)
{
    struct a20_gate *g = opaque;        /* the lines share the gate as opaque */
    struct rig *r = g->opaque;
    r->resets++;
    r->cpu->pending |= PENDING_RESET;
}

static uint32_t rig_port_read(void *opaque, uint16_t off, unsigned size)
{
    (void)opaque;
    (void)off;
    (void)size;
    return 0xFF;
}

static void rig_port_write(void *opaque, uint16_t off, unsigned size, uint32_t v)
{
    struct rig *r = opaque;
    (void)size;
    if (off == 0) {
        if (r->ntext < sizeof r->text - 1)
            r->text[r->ntext++] = (char)v;
        r->text[r->ntext] = 0;
    } else {
        r->stopped = true;
        r->cpu->pending |= PENDING_STOP;
    }
}

static const struct io_ops rig_port_ops = {
    .name = "rig", .read = rig_port_read, .write = rig_port_write, .widths = IO_W8,
};

/* The debug-exit port F4h and Bochs's shutdown port 8900h, as the machine has. */
static void rig_exit_write(void *opaque, uint16_t off, unsigned size, uint32_t v)
{
    struct rig *r = opaque;
    (void)off;
    (void)size;
    r->exit_status = (int)(((v & 0xFF) << 1) | 1);
    r->stopped = true;
    r->cpu->pending |= PENDING_STOP;
}

static void rig_shutdown_write(void *opaque, uint16_t off, unsigned size, uint32_t v)
{
    struct rig *r = opaque;
    size_t n = strlen(r->shutdown);
    (void)off;
    (void)size;
    if (n >= sizeof r->shutdown - 1)
        n = 0;
    r->shutdown[n] = (char)v;
    r->shutdown[n + 1] = 0;
    if (strstr(r->shutdown, "Shutdown") != NULL) {
        r->exit_status = 0;
        r->stopped = true;
        r->cpu->pending |= PENDING_STOP;
    }
}

static const struct io_ops rig_exit_ops = {
    .name = "rig-exit", .read = rig_port_read, .write = rig_exit_write, .widths = IO_W8,
};
static const struct io_ops rig_shutdown_ops = {
    .name = "rig-shutdown", .read = rig_port_read, .write = rig_shutdown_write, .widths = IO_W8,
};

/* A temporary file of `bytes` bytes, each sector filled by fill(lba, buf). */
static inline void rig_make_image(struct rig *r, const char *name, uint64_t bytes,
                                  void (*fill)(uint64_t lba, uint8_t *buf), char *path,
                                  size_t pathlen)
{
    snprintf(path, pathlen, "%s/%s", r->dir, name);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    uint8_t sec[512];
    for (uint64_t lba = 0; lba < bytes / 512; lba++) {
        memset(sec, 0, sizeof sec);
        if (fill != NULL)
            fill(lba, sec);
        ck_assert_uint_eq(fwrite(sec, 1, 512, f), 512);
    }
    fclose(f);
}

struct rig_opts {
    uint32_t ram_mb;
    const char *fd0;            /* image paths, or NULL */
    const char *hd0;
    bool fd0_readonly;
    bool fd0_snapshot;
    struct disk_chs hd0_chs;
    const char *boot;           /* boot order */
    bool fd1_drive;             /* a drive B: (empty), as the machine has with --fdb */
};

static inline struct rig *rig_new(void)
{
    struct rig *r = calloc(1, sizeof *r);
    ck_assert_ptr_nonnull(r);
    r->log.level = LOG_DEBUG;
    r->log.sink = rig_sink;
    snprintf(r->dir, sizeof r->dir, "%s/vireo-bios-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(r->dir));
    return r;
}

static inline void rig_build(struct rig *r, const struct rig_opts *o)
{
    struct emu_err *err = &r->err;
    uint32_t ram = (o->ram_mb ? o->ram_mb : 16) << 20;
    ck_assert_int_eq(phys_create(&r->mem, ram, &r->log, err), 0);
    bus_init(&r->io, &r->log);
    struct cpu_config cc = { .model = CPU_486, .has_fpu = true };
    r->cpu = cpu_create(&cc, &r->mem, &r->io);
    ck_assert_ptr_nonnull(r->cpu);
    r->cpu->intr_ack = rig_ack;
    r->cpu->intr_opaque = r;
    sched_init(&r->sched, RIG_IPS, &r->cpu->icount);
    r->pic = pic_create(&r->io, rig_intr, r, err);
    ck_assert_ptr_nonnull(r->pic);
    r->pit = pit_create(&r->io, &r->sched, pic_irq_line(r->pic, 0), err);
    ck_assert_ptr_nonnull(r->pit);
    r->port61 = port61_create(&r->io, &r->sched, r->pit, NULL, NULL, err);
    ck_assert_ptr_nonnull(r->port61);
    r->cmos = cmos_create(&r->io, &r->sched, pic_irq_line(r->pic, 8), RIG_RTC_START, NULL, NULL,
                          err);
    ck_assert_ptr_nonnull(r->cmos);
    r->dma = dma_create(&r->io, &r->mem, err);
    ck_assert_ptr_nonnull(r->dma);
    a20_gate_init(&r->a20, rig_set_a20, r);
    r->kbc_lines = (struct kbc_lines){ .set_a20 = a20_gate_kbc, .reset = rig_reset_line,
                                       .opaque = &r->a20 };
    r->kbc = kbc_create(&r->io, &r->sched, pic_irq_line(r->pic, 1), pic_irq_line(r->pic, 12),
                        &r->kbc_lines, err);
    ck_assert_ptr_nonnull(r->kbc);
    r->p92_lines = (struct kbc_lines){ .set_a20 = a20_gate_fast, .reset = rig_reset_line,
                                       .opaque = &r->a20 };
    r->port92 = port92_create(&r->io, &r->p92_lines, err);
    ck_assert_ptr_nonnull(r->port92);
    r->fdc = fdc_create(&r->io, &r->sched, r->dma, 2, 0x3f0, pic_irq_line(r->pic, 6), &r->log,
                        err);
    ck_assert_ptr_nonnull(r->fdc);
    ck_assert_int_eq(fdc_connect_drive(r->fdc, 0, FDD_1440K, err), 0);
    if (o->fd1_drive)
        ck_assert_int_eq(fdc_connect_drive(r->fdc, 1, FDD_1440K, err), 0);   /* B:, empty */
    static const uint16_t cmd[2] = { 0x1f0, 0x170 }, ctl[2] = { 0x3f6, 0x376 };
    for (unsigned ch = 0; ch < 2; ch++) {
        r->ide[ch] = ide_create(&r->io, &r->sched, cmd[ch], ctl[ch],
                                pic_irq_line(r->pic, 14 + ch), &r->log, err);
        ck_assert_ptr_nonnull(r->ide[ch]);
    }
    r->vga = vga_create(&r->io, &r->mem, &r->sched, &r->log, NULL, err);
    ck_assert_ptr_nonnull(r->vga);
    r->com1 = uart_create(&r->io, &r->sched, 0x3F8, pic_irq_line(r->pic, 4), NULL, err);
    ck_assert_ptr_nonnull(r->com1);
    uart_set_modem_inputs(r->com1, true, true, false, true);    /* a connected far end */
    ck_assert_int_eq(bus_map_ports(&r->io, 0xE9, 2, &rig_port_ops, r, err), 0);
    ck_assert_int_eq(bus_map_ports(&r->io, 0xF4, 1, &rig_exit_ops, r, err), 0);
    ck_assert_int_eq(bus_map_ports(&r->io, 0x8900, 1, &rig_shutdown_ops, r, err), 0);
    r->exit_status = -1;

    if (o->fd0 != NULL) {
        struct disk_options d = { .kind = DISK_FLOPPY,
                                  .mode = o->fd0_readonly ? DISK_READONLY
                                          : o->fd0_snapshot ? DISK_SNAPSHOT : DISK_READWRITE,
                                  .log = &r->log };
        ck_assert_int_eq(disk_open(&r->fd[0], o->fd0, &d, err), 0);
        ck_assert_int_eq(fdc_insert(r->fdc, 0, r->fd[0], err), 0);
    }
    if (o->hd0 != NULL) {
        struct disk_options d = { .kind = DISK_HARDDISK, .mode = DISK_READWRITE,
                                  .chs = o->hd0_chs, .log = &r->log };
        ck_assert_int_eq(disk_open(&r->hd[0], o->hd0, &d, err), 0);
        ck_assert_int_eq(ide_attach(r->ide[0], 0, r->hd[0], err), 0);
    }
    cmos_set_floppies(r->cmos, CMOS_FLOPPY_1440K,
                      o->fd1_drive ? CMOS_FLOPPY_1440K : CMOS_FLOPPY_NONE);
    cmos_set_disks(r->cmos, o->hd0 ? 47 : 0, 0);
    cmos_set_equipment(r->cmos, CMOS_DISPLAY_EGA_VGA, true);
    cmos_set_memory(r->cmos, ram);

    struct bios_deps d = { .cpu = r->cpu, .mem = &r->mem, .io = &r->io, .sched = &r->sched,
                           .vga = r->vga, .fdc = r->fdc, .cmos = r->cmos, .ram_bytes = ram,
                           .boot_order = o->boot ? o->boot : "ac", .log = &r->log };
    for (unsigned i = 0; i < 4; i++) {
        d.hd[i] = r->hd[i];
        if (r->hd[i] != NULL)
            d.hd_chs[i] = disk_get_chs(r->hd[i]);
    }
    r->bios = bios_create(&d, err);
    ck_assert_msg(r->bios != NULL, "%s", err->msg);
    cpu_reset(r->cpu);
}

/* Run until the stop port is written, or `max` instructions. */
static inline bool rig_run(struct rig *r, uint64_t max)
{
    struct cpu *c = r->cpu;
    uint64_t end = c->icount + max;
    r->stopped = false;
    while (!r->stopped && c->icount < end) {
        /* Slices are short: a timer armed during a slice (the PIT as POST
         * programs it) is only seen when the slice ends. */
        uint64_t budget = end - c->icount < 20000 ? end - c->icount : 20000;
        uint64_t next = sched_next_deadline(&r->sched);
        if (next != SCHED_NEVER) {
            uint64_t at = sched_icount_at(&r->sched, next);
            if (at <= c->icount) {
                sched_run_due(&r->sched);
                continue;
            }
            if (at - c->icount < budget)
                budget = at - c->icount;
        }
        enum cpu_exit e = cpu_run(c, budget);
        sched_run_due(&r->sched);
        if (e == CPU_EXIT_RESET) {
            c->pending &= ~(uint32_t)PENDING_RESET;
            cpu_reset(c);
            bios_reset(r->bios);
        }
        if (e == CPU_EXIT_HALT && next == SCHED_NEVER)
            break;
    }
    return r->stopped;
}

/* A boot sector that stops the rig: OUT EAh, AL; JMP $; signature. */
static inline void rig_boot_sector(uint8_t *sec)
{
    static const uint8_t code[] = { 0xE6, RIG_STOP_PORT, 0xEB, 0xFE };
    memcpy(sec, code, sizeof code);
    sec[510] = 0x55;
    sec[511] = 0xAA;
}

static inline void rig_boot(struct rig *r)
{
    bool ok = rig_run(r, 400000000ull);
    ck_assert_msg(ok, "the BIOS did not reach the boot sector: at %04X:%04X after %llu, E9: %s",
                  r->cpu->seg[SEG_CS].sel, r->cpu->eip, (unsigned long long)r->cpu->icount,
                  r->text);
    ck_assert_uint_eq(r->cpu->seg[SEG_CS].base + r->cpu->eip, 0x7C00 + 2);
}

/* Register values for rig_call (16-bit halves of EAX..EDI) and ES/DS. */
struct rig_regs {
    uint32_t eax, ebx, ecx, edx, esi, edi, ebp;
    uint16_t es, ds;
    uint16_t flags;             /* after the call */
};

/* Run INT vec with the registers of *in; the results go to *out. */
static inline bool rig_call(struct rig *r, uint8_t vec, const struct rig_regs *in,
                            struct rig_regs *out, uint64_t max)
{
    struct cpu *c = r->cpu;
    /* INT vec; PUSHF; POP AX? no: OUT leaves flags; the stub stores them. */
    const uint8_t code[] = { 0xCD, vec, 0x9C, 0xE6, RIG_STOP_PORT, 0xEB, 0xFE };
    phys_write_block(&r->mem, RIG_CODE, code, sizeof code);
    c->gpr[REG_EAX] = in->eax;
    c->gpr[REG_EBX] = in->ebx;
    c->gpr[REG_ECX] = in->ecx;
    c->gpr[REG_EDX] = in->edx;
    c->gpr[REG_ESI] = in->esi;
    c->gpr[REG_EDI] = in->edi;
    c->gpr[REG_EBP] = in->ebp;
    cpu_load_seg_real(c, SEG_ES, in->es);
    cpu_load_seg_real(c, SEG_DS, in->ds);
    cpu_load_seg_real(c, SEG_SS, 0);
    c->gpr[REG_ESP] = 0x7000;
    cpu_load_seg_real(c, SEG_CS, 0);
    c->eip = RIG_CODE;
    cpu_set_eflags(c, EFLAGS_IF, EFLAGS_IF | EFLAGS_ARITH | EFLAGS_DF);
    bool ok = rig_run(r, max);
    out->eax = c->gpr[REG_EAX];
    out->ebx = c->gpr[REG_EBX];
    out->ecx = c->gpr[REG_ECX];
    out->edx = c->gpr[REG_EDX];
    out->esi = c->gpr[REG_ESI];
    out->edi = c->gpr[REG_EDI];
    out->ebp = c->gpr[REG_EBP];
    out->es = c->seg[SEG_ES].sel;
    out->ds = c->seg[SEG_DS].sel;
    out->flags = phys_read16(&r->mem, 0x7000 - 2);     /* what PUSHF stored */
    return ok;
}

static inline uint8_t rig_rd8(struct rig *r, uint32_t a) { return phys_read8(&r->mem, a); }
static inline uint16_t rig_rd16(struct rig *r, uint32_t a) { return phys_read16(&r->mem, a); }
static inline uint32_t rig_rd32(struct rig *r, uint32_t a) { return phys_read32(&r->mem, a); }

static inline void rig_free(struct rig *r)
{
    struct emu_err err;
    bios_destroy(r->bios);
    vga_destroy(r->vga);
    uart_destroy(r->com1);
    for (unsigned ch = 0; ch < 2; ch++)
        ide_destroy(r->ide[ch]);
    fdc_eject(r->fdc, 0);
    fdc_destroy(r->fdc);
    port92_destroy(r->port92);
    kbc_destroy(r->kbc);
    dma_destroy(r->dma);
    cmos_destroy(r->cmos);
    port61_destroy(r->port61);
    pit_destroy(r->pit);
    pic_destroy(r->pic);
    for (unsigned i = 0; i < 2; i++)
        if (r->fd[i] != NULL)
            disk_close(r->fd[i], &err);
    for (unsigned i = 0; i < 4; i++)
        if (r->hd[i] != NULL)
            disk_close(r->hd[i], &err);
    cpu_destroy(r->cpu);
    phys_destroy(&r->mem);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", r->dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", r->dir);
    free(r);
}

#endif
