/* machine/machine.h: a PC/AT-class board.  machine_create() builds the CPU,
 * RAM, ROMs and every device from a configuration, each given what it
 * depends on (bus, IRQ line, scheduler), and wires interrupts, A20, reset
 * and NMI between them.  The run loop advances the one virtual clock: the
 * CPU runs until the next timer deadline, then the timers fire. */
#ifndef VIREO_MACHINE_MACHINE_H
#define VIREO_MACHINE_MACHINE_H

#include <stdbool.h>
#include <stdint.h>

#include "devices/bus.h"
#include "devices/chardev.h"
#include "devices/debugport.h"
#include "devices/kbc.h"
#include "devices/port92.h"
#include "devices/sched.h"
#include "devices/vga.h"
#include "machine/config.h"
#include "machine/host_input.h"
#include "machine/output.h"
#include "mmu/physmem.h"
#include "util/error.h"
#include "util/log.h"

/* Why machine_run() returned. */
enum machine_stop {
    STOP_NONE,                  /* the instruction budget ran out */
    STOP_EXIT,                  /* the guest asked to end: debug-exit port, power off */
    STOP_SHUTDOWN,              /* triple fault or reset under --no-reboot */
    STOP_BREAK,                 /* the CPU stopped on request (debugger, frontend) */
};

/* Exit statuses of the program (documented in --help and the man page). */
enum {
    EXIT_OK = 0,                /* powered off, or a script's quit */
    EXIT_ERROR = 1,             /* bad input: options, images, script */
    EXIT_TIMEOUT = 2,           /* an expect or --timeout ran out */
    EXIT_SHUTDOWN = 4,          /* triple fault under --no-reboot */
};

struct cpu;
struct pic;
struct pit;
struct port61;
struct cmos;
struct isa_dma;
struct kbc;
struct port92;
struct uart;
struct debugport;
struct fdc;
struct ide_channel;
struct disk_image;
struct vga;
struct bios;
struct fpu_ferr;

struct machine {
    struct machine_config cfg;
    struct logger log;
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
    struct kbc_lines kbc_lines, port92_lines;
    struct a20_gate a20;        /* A20 = the 8042's output port OR port 92h */
    struct port92 *port92;
    struct fpu_ferr *ferr;      /* FERR# to IRQ13 and the IGNNE# port F0h */
    struct uart *uart[4];
    struct debugport *debugport;
    struct debugport_callbacks debugport_cb;
    struct chardev com1_dev, console_dev;       /* COM1 and E9h backends */
    struct fdc *fdc;
    struct ide_channel *ide[2];
    struct disk_image *floppy[CONFIG_MAX_FLOPPIES];    /* the --fda cycle list */
    unsigned nfloppy, floppy_current;
    struct disk_image *floppy_b;
    struct disk_image *hd[CONFIG_MAX_DISKS];
    struct vga *vga;
    struct bios *bios;
    bool nmi_masked;            /* CMOS port 70h bit 7 */
    bool nmi_line;              /* port 61h channel check / parity */

    /* Output the headless automation watches (COM1 and the debug console). */
    struct output_log serial_out, debugcon_out;
    struct output_sink serial_sink, debugcon_sink;
    struct host_input serial_in;        /* host bytes for COM1 (--serial stdio) */

    /* Scratch space for reading the text screen (no statics: no globals). */
    struct vga_text text_scratch;
    char screen_scratch[VGA_TEXT_MAX_ROWS * (VGA_TEXT_MAX_COLS + 1) + 1];

    /* Run state. */
    enum machine_stop stop;
    int exit_status;
    char stop_reason[160];
    uint64_t resets;
};

/* Build the machine; on failure returns NULL with err filled (one line). */
struct machine *machine_create(const struct machine_config *cfg, struct emu_err *err);
void machine_destroy(struct machine *m);
/* Flush disk images (a crash after this loses nothing). */
int machine_flush(struct machine *m, struct emu_err *err);

/* Run at most max_insns instructions of virtual time. */
enum machine_stop machine_run(struct machine *m, uint64_t max_insns);
/* Ask machine_run to return soon (from a callback or another thread's flag). */
void machine_request_stop(struct machine *m);

/* A hardware reset: the CPU restarts at F000:FFF0 (power_cycle: every
 * device too, as the frontend's reset hotkey does). */
void machine_reset(struct machine *m, bool power_cycle);

/* Emulated seconds since power-on. */
double machine_seconds(const struct machine *m);

/* Switch drive A: to the next image of the --fda list. */
int machine_next_floppy(struct machine *m, struct emu_err *err);

/* Feed COM1's receiver from fd (the terminal for --serial stdio), polled
 * whenever the machine runs; -1 stops it. */
void machine_set_serial_input(struct machine *m, int fd);

#endif
