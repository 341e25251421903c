/* devices/fdc.h: the Intel 82077AA floppy disk controller in PC/AT mode at
 * 3F0h-3F5h and 3F7h (3F6h belongs to IDE), IRQ6 and DMA channel 2, with
 * up to two drives, per the 82077AA datasheet (Intel 290166).  Media are
 * disk images that can be inserted, ejected and swapped at run time; the
 * drive's disk-change line follows them. */
#ifndef VIREO_DEVICES_FDC_H
#define VIREO_DEVICES_FDC_H

#include <stddef.h>
#include <stdint.h>

#include "devices/irq.h"
#include "util/error.h"
#include "util/log.h"

#define FDC_PRIMARY_BASE 0x3f0
#define FDC_PRIMARY_IRQ 6
#define FDC_PRIMARY_DMA 2

/* Drive types, numbered as the CMOS diskette type nibble (register 10h). */
enum fdd_type {
    FDD_NONE = 0,
    FDD_360K = 1,               /* 5.25", 40 tracks, 300 rpm, 250 kbps */
    FDD_1200K = 2,              /* 5.25", 80 tracks, 360 rpm, 500/300 kbps */
    FDD_720K = 3,               /* 3.5", 80 tracks, 250 kbps */
    FDD_1440K = 4,              /* 3.5", 80 tracks, 500/250 kbps */
    FDD_2880K = 5,              /* 3.5", 80 tracks, 1000/500/250 kbps */
};

struct io_bus;
struct sched;
struct isa_dma;
struct disk_image;
struct floppy_format;
struct fdc;

/* Maps base+0..5 and base+7.  dma may be NULL (then only non-DMA mode
 * works; DMA transfers overrun).  The controller starts as after its
 * RESET pin: DOR = 0, held in reset until the BIOS writes the DOR. */
struct fdc *fdc_create(struct io_bus *bus, struct sched *sched, struct isa_dma *dma,
                       unsigned dma_chan, uint16_t base, struct irq_line irq,
                       const struct logger *log, struct emu_err *err);
void fdc_destroy(struct fdc *f);
/* The RESET pin: every register to its power-on value (LOCK cleared). */
void fdc_reset(struct fdc *f);

/* Accept the shortcuts BIOSes written for other emulators' controller
 * models rely on (the Bochs BIOS among them): every READ/WRITE seeks to
 * the cylinder it names as if EIS were set, and the media is read whatever
 * data rate is selected.  Off by default: the datasheet's behaviour. */
void fdc_set_lenient(struct fdc *f, bool on);

/* Connect drive 0 or 1 (FDD_NONE disconnects it). */
int fdc_connect_drive(struct fdc *f, unsigned unit, enum fdd_type type, struct emu_err *err);
enum fdd_type fdc_drive_type(const struct fdc *f, unsigned unit);
/* The natural drive for a media format (the smallest drive that reads it). */
enum fdd_type fdd_type_for_format(const struct floppy_format *fmt);

/* Media changes.  insert fails if the drive is absent or full; the image
 * stays the caller's (eject hands it back).  A read-only image is
 * write-protected media.  Ejecting sets the drive's disk-change line. */
int fdc_insert(struct fdc *f, unsigned unit, struct disk_image *img, struct emu_err *err);
struct disk_image *fdc_eject(struct fdc *f, unsigned unit);
struct disk_image *fdc_media(const struct fdc *f, unsigned unit);

/* For the debugger's `info fdc`: a few lines into buf. */
void fdc_describe(const struct fdc *f, char *buf, size_t size);

#endif
