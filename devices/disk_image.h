/* devices/disk_image.h: raw floppy and hard-disk images behind the FDC and
 * IDE models.  An image is opened read-write, read-only or as a snapshot
 * (guest writes go to an in-memory overlay; the file is never written).
 * Read-write images are crash safe: written sectors are held in a
 * write-back cache and reach the file in batches through a redo journal
 * beside it ("<image>.vireo-journal"), so a host crash or kill -9 leaves
 * every batch wholly old or wholly new, never torn.  See docs/internals.md,
 * "Storage". */
#ifndef VIREO_DEVICES_DISK_IMAGE_H
#define VIREO_DEVICES_DISK_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"
#include "util/log.h"

#define DISK_SECTOR_SIZE 512u
#define DISK_JOURNAL_SUFFIX ".vireo-journal"

enum disk_kind { DISK_FLOPPY, DISK_HARDDISK };

enum disk_mode {
    DISK_READWRITE,             /* guest writes reach the file (journalled) */
    DISK_READONLY,              /* guest writes are refused: write protect */
    DISK_SNAPSHOT,              /* guest writes stay in memory; file untouched */
};

/* Cylinders, heads, sectors per track. */
struct disk_chs {
    uint32_t cyls, heads, spt;
};

/* A floppy format, chosen from the image size.  `rate` is the 82077AA
 * data-rate select code the media is recorded at (0 = 500 kbps, 1 = 300,
 * 2 = 250, 3 = 1 Mbps); a 40-track 5.25" disk in a 1.2M drive is read at
 * 300 kbps instead (the drive spins at 360 rpm). */
struct floppy_format {
    const char *name;           /* "1.44M" */
    uint32_t size_bytes;
    uint8_t cyls, heads, spt;
    uint8_t rate;
    uint8_t gap_rw, gap_format; /* GPL for read/write and for FORMAT TRACK */
    bool is_5_25;               /* 5.25-inch media (else 3.5-inch) */
};

/* Steps of a journalled flush, reported to opt->crash_hook (tests kill the
 * process at each one to prove that recovery never sees a torn batch). */
enum disk_flush_step {
    DISK_STEP_JOURNAL_RECORD,   /* n-th journal record written, not yet synced */
    DISK_STEP_JOURNAL_SYNCED,   /* journal committed and synced; image untouched */
    DISK_STEP_APPLY,            /* n-th run of sectors written in place */
    DISK_STEP_APPLIED,          /* image synced; journal not yet cleared */
    DISK_STEP_DONE,             /* journal cleared */
};

struct disk_options {
    enum disk_kind kind;
    enum disk_mode mode;
    struct disk_chs chs;        /* hard disks: explicit geometry; all 0 = from size */
    bool allow_ro_fallback;     /* READWRITE on a read-only file: open READONLY, warn */
    uint32_t max_dirty_sectors; /* flush bound of the write-back cache; 0 = default */
    const struct logger *log;   /* may be NULL */
    void (*crash_hook)(void *opaque, enum disk_flush_step step, unsigned n);
    void *crash_opaque;
};

#define DISK_DEFAULT_MAX_DIRTY 8192u   /* sectors (4 MiB) */

struct disk_image;

/* Open path.  Errors (one line in err): missing or unreadable file, a file
 * of zero size or not a multiple of 512 bytes, a floppy whose size is no
 * known format, an explicit CHS that does not fit, a read-only file opened
 * READWRITE without allow_ro_fallback, an image locked by another process,
 * a journal that cannot be created.  A journal left by a crash is replayed
 * (READWRITE) or applied in memory only (READONLY/SNAPSHOT), with a log line;
 * an incomplete one is discarded (its batch never touched the image). */
int disk_open(struct disk_image **out, const char *path, const struct disk_options *opt,
              struct emu_err *err);
/* Flush (READWRITE) and close.  Returns nonzero if the final flush failed;
 * the image is closed either way. */
int disk_close(struct disk_image *d, struct emu_err *err);

/* Sector I/O.  Return 0, or -1 on a host I/O error or (writes) a read-only
 * image or an out-of-range request; the caller reports it to the guest. */
int disk_read(struct disk_image *d, uint64_t lba, uint32_t count, uint8_t *buf);
int disk_write(struct disk_image *d, uint64_t lba, uint32_t count, const uint8_t *buf);
/* Make every completed write durable (READWRITE; no-op otherwise). */
int disk_flush(struct disk_image *d, struct emu_err *err);

uint64_t disk_sectors(const struct disk_image *d);
bool disk_is_writable(const struct disk_image *d);     /* guest writes allowed */
enum disk_mode disk_get_mode(const struct disk_image *d);
enum disk_kind disk_get_kind(const struct disk_image *d);
const char *disk_path(const struct disk_image *d);
struct disk_chs disk_get_chs(const struct disk_image *d);         /* default geometry */
const struct floppy_format *disk_floppy_format(const struct disk_image *d); /* NULL for HD */
uint32_t disk_dirty_sectors(const struct disk_image *d);   /* cached, not yet durable */
uint64_t disk_io_count(const struct disk_image *d);        /* sectors read or written so far */
/* One line: path, mode, size, geometry, dirty sectors. */
void disk_describe(const struct disk_image *d, char *buf, size_t size);

/* The floppy format of an image of size_bytes, or NULL. */
const struct floppy_format *floppy_format_by_size(uint64_t size_bytes);
/* The default geometry of a hard disk of `sectors` sectors: 16 heads and 63
 * sectors per track when at least one such cylinder fits (cylinders capped
 * at 16383, the CHS limit of IDENTIFY), else the largest smaller fit. */
struct disk_chs disk_default_chs(uint64_t sectors);
/* Parse "C,H,S" (as given to --hda-chs) into out. */
int disk_parse_chs(const char *text, struct disk_chs *out, struct emu_err *err);

#endif
