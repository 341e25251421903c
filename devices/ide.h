/* devices/ide.h: one IDE/ATA channel (task file at 1F0h-1F7h or 170h-177h,
 * device control / alternate status at 3F6h or 376h) with a master and a
 * slave hard disk, per ATA-2 (X3T10/948D) and ATA-3, PIO only.  A channel
 * without a device answers its ports as a floating bus (FFh). */
#ifndef VIREO_DEVICES_IDE_H
#define VIREO_DEVICES_IDE_H

#include <stddef.h>
#include <stdint.h>

#include "devices/irq.h"
#include "util/error.h"
#include "util/log.h"

#define IDE_PRIMARY_CMD 0x1f0
#define IDE_PRIMARY_CTL 0x3f6
#define IDE_PRIMARY_IRQ 14
#define IDE_SECONDARY_CMD 0x170
#define IDE_SECONDARY_CTL 0x376
#define IDE_SECONDARY_IRQ 15

struct io_bus;
struct sched;
struct disk_image;
struct ide_channel;

/* Maps cmd_base..+7 and ctl_port (one port: the next one, 3F7h, is the
 * floppy controller's).  irq is the channel's INTRQ (IRQ14 / IRQ15). */
struct ide_channel *ide_create(struct io_bus *bus, struct sched *sched, uint16_t cmd_base,
                               uint16_t ctl_port, struct irq_line irq, const struct logger *log,
                               struct emu_err *err);
/* Cancels the channel's timers; does not close the images. */
void ide_destroy(struct ide_channel *ch);
/* Connect a hard-disk image as unit 0 (master) or 1 (slave).  The image
 * stays the caller's; its default CHS (disk_get_chs) is the drive's
 * power-on translation.  Attach before the guest runs. */
int ide_attach(struct ide_channel *ch, unsigned unit, struct disk_image *img,
               struct emu_err *err);
/* Hardware reset (RESET-): power-on defaults for both devices. */
void ide_reset(struct ide_channel *ch);
/* For the debugger's `info ide`: a few lines into buf. */
void ide_describe(const struct ide_channel *ch, char *buf, size_t size);

#endif
