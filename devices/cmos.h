/* devices/cmos.h: the Motorola MC146818 real-time clock and its CMOS RAM
 * behind index/data ports 70h/71h, with the AT's NMI mask in bit 7 of the
 * index port.  The clock starts at a configured time (never the host's)
 * and advances with scheduler time; IRQ8 carries its interrupts.  Setters
 * fill the standard AT layout (10h-2Fh, 30h-35h) from the configuration. */
#ifndef VIREO_DEVICES_CMOS_H
#define VIREO_DEVICES_CMOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "devices/irq.h"
#include "util/error.h"

struct io_bus;
struct sched;
struct cmos;

/* Standard CMOS offsets (IBM PC/AT Technical Reference, "CMOS RAM
 * Address Map"; 30h-35h as PC BIOSes commonly use them). */
enum {
    CMOS_FLOPPY_TYPES = 0x10,       /* high nibble drive A, low nibble drive B */
    CMOS_DISK_TYPES = 0x12,         /* high nibble drive C, low nibble drive D; Fh = see 19h/1Ah */
    CMOS_EQUIPMENT = 0x14,
    CMOS_BASE_MEM_LO = 0x15,        /* KiB below 1 MiB */
    CMOS_BASE_MEM_HI = 0x16,
    CMOS_EXT_MEM_LO = 0x17,         /* KiB above 1 MiB, at most FFFFh */
    CMOS_EXT_MEM_HI = 0x18,
    CMOS_DISK0_EXT_TYPE = 0x19,
    CMOS_DISK1_EXT_TYPE = 0x1a,
    CMOS_CHECKSUM_HI = 0x2e,        /* sum of 10h-2Dh */
    CMOS_CHECKSUM_LO = 0x2f,
    CMOS_EXT_MEM2_LO = 0x30,        /* copy of 17h/18h */
    CMOS_EXT_MEM2_HI = 0x31,
    CMOS_CENTURY = 0x32,            /* BCD */
    CMOS_HIGH_MEM_LO = 0x34,        /* 64 KiB blocks above 16 MiB, at most FFFFh */
    CMOS_HIGH_MEM_HI = 0x35,
};

enum cmos_floppy {
    CMOS_FLOPPY_NONE = 0, CMOS_FLOPPY_360K = 1, CMOS_FLOPPY_1200K = 2, CMOS_FLOPPY_720K = 3,
    CMOS_FLOPPY_1440K = 4, CMOS_FLOPPY_2880K = 5,
};

/* Equipment byte bits 5-4: the primary display at power-on. */
enum cmos_display {
    CMOS_DISPLAY_EGA_VGA = 0, CMOS_DISPLAY_CGA40 = 1, CMOS_DISPLAY_CGA80 = 2,
    CMOS_DISPLAY_MDA = 3,
};

/* start_time: the time the clock shows at scheduler tick 0, in seconds
 * since 1970-01-01 00:00:00 (the machine resolves --rtc-start).  The
 * registers start in BCD, 24-hour mode, divider running (A=26h, B=02h).
 * nmi_mask(opaque, masked), if not NULL, is told each change of port
 * 70h bit 7; the NMI is masked at power-on. */
struct cmos *cmos_create(struct io_bus *bus, struct sched *sched, struct irq_line irq8,
                         int64_t start_time, void (*nmi_mask)(void *opaque, bool masked),
                         void *opaque, struct emu_err *err);
void cmos_destroy(struct cmos *c);
/* The chip's RESET pin: clears PIE, AIE, UIE, SQWE and the register C
 * flags; time, RAM and the NMI mask are unaffected. */
void cmos_reset(struct cmos *c);

bool cmos_nmi_masked(const struct cmos *c);

/* Raw access to bytes 0Eh-7Fh of RAM (the clock registers 00h-0Dh are
 * reachable only through the ports); writes do not touch the checksum. */
uint8_t cmos_get_byte(const struct cmos *c, unsigned index);
void cmos_set_byte(struct cmos *c, unsigned index, uint8_t value);
void cmos_update_checksum(struct cmos *c);

/* Layout setters: each rewrites its fields and the checksum. */
void cmos_set_floppies(struct cmos *c, enum cmos_floppy a, enum cmos_floppy b);
/* Fixed disk types: 0 none, 1-14 the standard table, 15-255 extended
 * (12h nibble Fh and the type in 19h/1Ah; 47 is the usual user type). */
void cmos_set_disks(struct cmos *c, unsigned type_c, unsigned type_d);
void cmos_set_equipment(struct cmos *c, enum cmos_display display, bool has_fpu);
void cmos_set_memory(struct cmos *c, uint64_t ram_bytes);

/* For the debugger's `info cmos`. */
void cmos_describe(const struct cmos *c, char *buf, size_t size);

#endif
