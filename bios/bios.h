/* bios/bios.h: Vireo's own PC BIOS.  A ROM image assembled with NASM from
 * bios/rom.asm holds POST and the interrupt entry points; most services are
 * written in C (the .c files of bios/) and reached from the ROM through the
 * service trap (0F FF C0+n executed inside the ROM: see cpu/exec_system.c
 * `ud`), so they
 * work from real mode and from V86 mode under a memory manager alike. */
#ifndef VIREO_BIOS_BIOS_H
#define VIREO_BIOS_BIOS_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/disk_image.h"
#include "util/error.h"
#include "util/log.h"

struct cpu;
struct phys_mem;
struct io_bus;
struct sched;
struct vga;
struct fdc;
struct cmos;

/* Everything the BIOS talks to.  Pointers are not owned. */
struct bios_deps {
    struct cpu *cpu;
    struct phys_mem *mem;
    struct io_bus *io;
    struct sched *sched;
    struct vga *vga;                /* NULL: no VGA fitted */
    struct fdc *fdc;                /* floppy drives; media via fdc_media() */
    struct disk_image *hd[4];       /* primary master/slave, secondary master/slave */
    struct disk_chs hd_chs[4];      /* geometry reported for each hard disk */
    struct cmos *cmos;
    uint32_t ram_bytes;
    const char *boot_order;         /* drive letters in order, e.g. "a", "c", "ac" */
    const struct logger *log;
};

struct bios;

/* Assemble-time ROM image built into the program: map it at E0000h-FFFFFh
 * (and its alias below 4 GiB), and install the service trap on the CPU. */
struct bios *bios_create(const struct bios_deps *d, struct emu_err *err);
/* The CPU must not run the ROM's services after this (its trap hook still
 * points at the BIOS); destroy the BIOS with the machine. */
void bios_destroy(struct bios *b);
/* A machine reset: forget service state (the ROM reruns POST itself). */
void bios_reset(struct bios *b);
/* The 128 KiB ROM image as mapped at E0000h (for tests and the debugger). */
const uint8_t *bios_rom_bytes(const struct bios *b);

#endif
