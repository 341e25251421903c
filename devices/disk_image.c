/* devices/disk_image.c: raw disk images with a write-back cache, a redo
 * journal for crash safety, and an in-memory snapshot overlay.  See
 * disk_image.h and docs/internals.md "Storage" for the journal format.
 * POSIX file I/O (pread/pwrite/fsync/fcntl locks); regular files only. */
#define _FILE_OFFSET_BITS 64    /* images over 2 GiB on 32-bit hosts */

#include "devices/disk_image.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include <zlib.h>

#include "util/le.h"

/* Floppy formats by image size.  Legend: name, bytes, cylinders, heads,
 * sectors per track, data-rate code (0 = 500 kbps, 1 = 300, 2 = 250,
 * 3 = 1000), GPL for read/write, GPL for format, 5.25-inch media.  Gap
 * lengths are the usual PC BIOS values. */
static const struct floppy_format floppy_formats[] = {
    { "160K",  163840,  40, 1,  8, 2, 0x2a, 0x50, true },
    { "180K",  184320,  40, 1,  9, 2, 0x2a, 0x50, true },
    { "320K",  327680,  40, 2,  8, 2, 0x2a, 0x50, true },
    { "360K",  368640,  40, 2,  9, 2, 0x2a, 0x50, true },
    { "720K",  737280,  80, 2,  9, 2, 0x2a, 0x50, false },
    { "1.2M",  1228800, 80, 2, 15, 0, 0x1b, 0x54, true },
    { "1.44M", 1474560, 80, 2, 18, 0, 0x1b, 0x6c, false },
    { "1.68M", 1720320, 80, 2, 21, 0, 0x0c, 0x0c, false },  /* Microsoft DMF */
    { "1.72M", 1763328, 82, 2, 21, 0, 0x0c, 0x0c, false },
    { "2.88M", 2949120, 80, 2, 36, 3, 0x1b, 0x53, false },
};
#define N_FLOPPY_FORMATS (sizeof floppy_formats / sizeof floppy_formats[0])

/* ---- the overlay: sectors held in memory, in 64-sector chunks ---- */

#define CHUNK_SECTORS 64u

struct chunk {
    uint64_t index;             /* first sector / CHUNK_SECTORS */
    uint64_t present;           /* bit i: sector index*64+i is held */
    uint8_t data[CHUNK_SECTORS * DISK_SECTOR_SIZE];
};

struct overlay {
    struct chunk **slot;        /* open addressing, linear probing */
    size_t cap;                 /* a power of two, or 0 */
    size_t nchunks;
    uint64_t nsectors;          /* present bits over all chunks */
};

static size_t overlay_hash(uint64_t index, size_t cap)
{
    return (size_t)((index * 0x9e3779b97f4a7c15ull) >> 24) & (cap - 1);
}

static struct chunk *overlay_find(const struct overlay *o, uint64_t index)
{
    if (o->cap == 0)
        return NULL;
    for (size_t h = overlay_hash(index, o->cap);; h = (h + 1) & (o->cap - 1)) {
        if (o->slot[h] == NULL)
            return NULL;
        if (o->slot[h]->index == index)
            return o->slot[h];
    }
}

static void overlay_insert(struct overlay *o, struct chunk *c)
{
    size_t h = overlay_hash(c->index, o->cap);
    while (o->slot[h] != NULL)
        h = (h + 1) & (o->cap - 1);
    o->slot[h] = c;
}

/* The chunk holding `index`, created empty if need be; NULL if out of memory. */
static struct chunk *overlay_get(struct overlay *o, uint64_t index)
{
    struct chunk *c = overlay_find(o, index);
    if (c != NULL)
        return c;
    if ((o->nchunks + 1) * 2 > o->cap) {
        size_t ncap = o->cap ? o->cap * 2 : 64;
        struct chunk **old = o->slot;
        size_t ocap = o->cap;
        o->slot = calloc(ncap, sizeof *o->slot);
        if (o->slot == NULL) {
            o->slot = old;
            return NULL;
        }
        o->cap = ncap;
        for (size_t i = 0; i < ocap; i++)
            if (old[i] != NULL)
                overlay_insert(o, old[i]);
        free(old);
    }
    c = malloc(sizeof *c);
    if (c == NULL)
        return NULL;
    c->index = index;
    c->present = 0;
    overlay_insert(o, c);
    o->nchunks++;
    return c;
}

static void overlay_clear(struct overlay *o)
{
    for (size_t i = 0; i < o->cap; i++) {
        free(o->slot[i]);
        o->slot[i] = NULL;
    }
    o->nchunks = 0;
    o->nsectors = 0;
}

static void overlay_free(struct overlay *o)
{
    overlay_clear(o);
    free(o->slot);
    o->slot = NULL;
    o->cap = 0;
}

static int overlay_put(struct overlay *o, uint64_t lba, const uint8_t *data)
{
    struct chunk *c = overlay_get(o, lba / CHUNK_SECTORS);
    if (c == NULL)
        return -1;
    unsigned i = (unsigned)(lba % CHUNK_SECTORS);
    memcpy(c->data + i * DISK_SECTOR_SIZE, data, DISK_SECTOR_SIZE);
    if (!(c->present & (1ull << i))) {
        c->present |= 1ull << i;
        o->nsectors++;
    }
    return 0;
}

static int cmp_chunk(const void *a, const void *b)
{
    const struct chunk *x = *(const struct chunk *const *)a;
    const struct chunk *y = *(const struct chunk *const *)b;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* The chunks in ascending order (caller frees), or NULL when empty or out of memory. */
static struct chunk **overlay_sorted(const struct overlay *o)
{
    if (o->nchunks == 0)
        return NULL;
    struct chunk **v = malloc(o->nchunks * sizeof *v);
    if (v == NULL)
        return NULL;
    size_t n = 0;
    for (size_t i = 0; i < o->cap; i++)
        if (o->slot[i] != NULL)
            v[n++] = o->slot[i];
    qsort(v, n, sizeof *v, cmp_chunk);
    return v;
}

/* ---- the image ---- */

struct disk_image {
    char *path, *jpath;
    int fd, jfd;                /* jfd: the journal, READWRITE only, else -1 */
    enum disk_kind kind;
    enum disk_mode mode;
    uint64_t sectors;
    struct disk_chs chs;
    const struct floppy_format *fmt;
    struct overlay cache;       /* READWRITE: dirty sectors; else the snapshot overlay */
    uint32_t max_dirty;
    bool broken;                /* a flush failed after its journal committed */
    const struct logger *log;
    struct log_site log_io;
    void (*crash_hook)(void *opaque, enum disk_flush_step step, unsigned n);
    void *crash_opaque;
    uint64_t io_sectors;        /* sectors read or written: the frontend's activity light */
};

static void crash_point(struct disk_image *d, enum disk_flush_step step, unsigned n)
{
    if (d->crash_hook != NULL)
        d->crash_hook(d->crash_opaque, step, n);
}

static int full_pread(int fd, void *buf, size_t n, uint64_t off)
{
    uint8_t *p = buf;
    while (n > 0) {
        ssize_t r = pread(fd, p, n, (off_t)off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            if (r == 0)
                errno = EIO;    /* the file shrank under us */
            return -1;
        }
        p += r;
        n -= (size_t)r;
        off += (uint64_t)r;
    }
    return 0;
}

static int full_pwrite(int fd, const void *buf, size_t n, uint64_t off)
{
    const uint8_t *p = buf;
    while (n > 0) {
        ssize_t r = pwrite(fd, p, n, (off_t)off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            if (r == 0)
                errno = ENOSPC;
            return -1;
        }
        p += r;
        n -= (size_t)r;
        off += (uint64_t)r;
    }
    return 0;
}

static int sync_fd(int fd)
{
    while (fsync(fd) != 0) {
        if (errno != EINTR)
            return -1;
    }
    return 0;
}

/* Make a new directory entry durable: fsync the directory holding path. */
static void sync_parent_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash == NULL ? strdup(".") : strndup(path, slash == path ? 1 : (size_t)(slash - path));
    if (dir == NULL)
        return;
    int fd = open(dir, O_RDONLY);
    if (fd >= 0) {
        (void)sync_fd(fd);
        close(fd);
    }
    free(dir);
}

/* ---- journal format (all fields little-endian) ----
 *   header  32 bytes: "VIREOJNL", u32 version 1, u32 sector size 512,
 *                     u64 image size in bytes, u64 zero
 *   record  24 bytes: "VREC", u32 count, u64 lba, u32 crc32 of the data, u32 0;
 *                     then count * 512 bytes of data
 *   commit  24 bytes: "VEND", u32 records, u64 sectors, u32 crc32 of every
 *                     byte before the commit, u32 0
 * A journal is valid only if it ends exactly with a commit whose CRC matches. */
#define JNL_HEADER 32u
#define JNL_RECORD 24u
#define JNL_COMMIT 24u
#define JNL_VERSION 1u
#define JNL_MAX_BYTES (1ull << 31)

static void jnl_header(uint8_t *h, uint64_t image_bytes)
{
    memset(h, 0, JNL_HEADER);
    memcpy(h, "VIREOJNL", 8);
    store_le32(h + 8, JNL_VERSION);
    store_le32(h + 12, DISK_SECTOR_SIZE);
    store_le64(h + 16, image_bytes);
}

/* Write the dirty cache as one committed journal, then apply it in place. */
static int flush_journalled(struct disk_image *d, struct emu_err *err)
{
    struct chunk **v = overlay_sorted(&d->cache);
    if (v == NULL)
        return emu_fail(err, EMU_ENOMEM, "%s: out of memory flushing the disk cache", d->path);
    size_t nchunks = d->cache.nchunks;
    const char *what = "journal";
    uint8_t hdr[JNL_HEADER];
    uLong crc = crc32(0L, Z_NULL, 0);
    uint64_t off = 0, nsectors = 0;
    uint32_t nrecords = 0;

    if (ftruncate(d->jfd, 0) != 0)
        goto fail_before_commit;
    jnl_header(hdr, d->sectors * DISK_SECTOR_SIZE);
    if (full_pwrite(d->jfd, hdr, sizeof hdr, off) != 0)
        goto fail_before_commit;
    crc = crc32(crc, hdr, sizeof hdr);
    off += sizeof hdr;
    /* One record per run of consecutive sectors inside a chunk. */
    for (size_t c = 0; c < nchunks; c++) {
        uint64_t m = v[c]->present;
        for (unsigned i = 0; i < CHUNK_SECTORS;) {
            if (!(m & (1ull << i))) {
                i++;
                continue;
            }
            unsigned j = i;
            while (j < CHUNK_SECTORS && (m & (1ull << j)))
                j++;
            const uint8_t *data = v[c]->data + i * DISK_SECTOR_SIZE;
            size_t len = (size_t)(j - i) * DISK_SECTOR_SIZE;
            uint8_t rec[JNL_RECORD] = { 'V', 'R', 'E', 'C' };
            store_le32(rec + 4, j - i);
            store_le64(rec + 8, v[c]->index * CHUNK_SECTORS + i);
            store_le32(rec + 16, (uint32_t)crc32(crc32(0L, Z_NULL, 0), data, (uInt)len));
            if (full_pwrite(d->jfd, rec, sizeof rec, off) != 0 ||
                full_pwrite(d->jfd, data, len, off + sizeof rec) != 0)
                goto fail_before_commit;
            crc = crc32(crc, rec, sizeof rec);
            crc = crc32(crc, data, (uInt)len);
            off += sizeof rec + len;
            nsectors += j - i;
            crash_point(d, DISK_STEP_JOURNAL_RECORD, nrecords++);
            i = j;
        }
    }
    uint8_t commit[JNL_COMMIT] = { 'V', 'E', 'N', 'D' };
    store_le32(commit + 4, nrecords);
    store_le64(commit + 8, nsectors);
    store_le32(commit + 16, (uint32_t)crc);
    if (full_pwrite(d->jfd, commit, sizeof commit, off) != 0 || sync_fd(d->jfd) != 0)
        goto fail_before_commit;
    crash_point(d, DISK_STEP_JOURNAL_SYNCED, 0);

    /* Committed: from here a crash is repaired by replaying the journal. */
    what = "image";
    unsigned run = 0;
    for (size_t c = 0; c < nchunks; c++) {
        uint64_t m = v[c]->present;
        for (unsigned i = 0; i < CHUNK_SECTORS;) {
            if (!(m & (1ull << i))) {
                i++;
                continue;
            }
            unsigned j = i;
            while (j < CHUNK_SECTORS && (m & (1ull << j)))
                j++;
            uint64_t lba = v[c]->index * CHUNK_SECTORS + i;
            if (full_pwrite(d->fd, v[c]->data + i * DISK_SECTOR_SIZE,
                            (size_t)(j - i) * DISK_SECTOR_SIZE, lba * DISK_SECTOR_SIZE) != 0)
                goto fail_after_commit;
            crash_point(d, DISK_STEP_APPLY, run++);
            i = j;
        }
    }
    if (sync_fd(d->fd) != 0)
        goto fail_after_commit;
    crash_point(d, DISK_STEP_APPLIED, 0);
    what = "journal";
    if (ftruncate(d->jfd, 0) != 0 || sync_fd(d->jfd) != 0)
        goto fail_after_commit;
    crash_point(d, DISK_STEP_DONE, 0);
    free(v);
    overlay_clear(&d->cache);
    return 0;

fail_before_commit: {
        int e = errno;
        (void)ftruncate(d->jfd, 0);     /* an uncommitted journal is garbage */
        free(v);
        return emu_fail(err, EMU_EIO, "%s: writing the %s failed: %s; data kept in memory",
                        d->path, what, strerror(e));
    }
fail_after_commit: {
        int e = errno;
        free(v);
        d->broken = true;   /* the committed journal stays for the next open to replay */
        return emu_fail(err, EMU_EIO, "%s: writing the %s failed: %s; the journal %s will "
                        "be replayed on the next open", d->path, what, strerror(e), d->jpath);
    }
}

int disk_flush(struct disk_image *d, struct emu_err *err)
{
    if (d->mode != DISK_READWRITE || d->cache.nsectors == 0)
        return 0;
    if (d->broken)
        return emu_fail(err, EMU_EIO, "%s: an earlier flush failed; writes stay in memory "
                        "until the image is reopened", d->path);
    return flush_journalled(d, err);
}

/* Parse a journal held in buf.  Returns the number of records (>= 0) when it
 * is complete and consistent, -1 otherwise.  With apply != NULL, calls it
 * for every record. */
static long jnl_parse(const struct disk_image *d, const uint8_t *buf, uint64_t len,
                      int (*apply)(struct disk_image *, uint64_t, uint32_t, const uint8_t *),
                      struct disk_image *target)
{
    if (len < JNL_HEADER + JNL_COMMIT || memcmp(buf, "VIREOJNL", 8) != 0 ||
        load_le32(buf + 8) != JNL_VERSION || load_le32(buf + 12) != DISK_SECTOR_SIZE ||
        load_le64(buf + 16) != d->sectors * DISK_SECTOR_SIZE)
        return -1;
    uint64_t off = JNL_HEADER;
    uint32_t nrec = 0;
    uint64_t nsec = 0;
    while (off + JNL_RECORD <= len && memcmp(buf + off, "VREC", 4) == 0) {
        uint32_t count = load_le32(buf + off + 4);
        uint64_t lba = load_le64(buf + off + 8);
        uint64_t bytes = (uint64_t)count * DISK_SECTOR_SIZE;
        if (count == 0 || count > CHUNK_SECTORS || lba >= d->sectors ||
            count > d->sectors - lba || off + JNL_RECORD + bytes > len)
            return -1;
        const uint8_t *data = buf + off + JNL_RECORD;
        if ((uint32_t)crc32(crc32(0L, Z_NULL, 0), data, (uInt)bytes) != load_le32(buf + off + 16))
            return -1;
        off += JNL_RECORD + bytes;
        nrec++;
        nsec += count;
    }
    if (off + JNL_COMMIT != len || memcmp(buf + off, "VEND", 4) != 0 ||
        load_le32(buf + off + 4) != nrec || load_le64(buf + off + 8) != nsec ||
        (uint32_t)crc32(crc32(0L, Z_NULL, 0), buf, (uInt)off) != load_le32(buf + off + 16))
        return -1;
    if (apply != NULL) {
        for (uint64_t p = JNL_HEADER; p < off;) {
            uint32_t count = load_le32(buf + p + 4);
            if (apply(target, load_le64(buf + p + 8), count, buf + p + JNL_RECORD) != 0)
                return -1;
            p += JNL_RECORD + (uint64_t)count * DISK_SECTOR_SIZE;
        }
    }
    return nrec;
}

static int apply_in_place(struct disk_image *d, uint64_t lba, uint32_t count, const uint8_t *data)
{
    return full_pwrite(d->fd, data, (size_t)count * DISK_SECTOR_SIZE, lba * DISK_SECTOR_SIZE);
}

static int apply_in_memory(struct disk_image *d, uint64_t lba, uint32_t count, const uint8_t *data)
{
    for (uint32_t i = 0; i < count; i++)
        if (overlay_put(&d->cache, lba + i, data + (size_t)i * DISK_SECTOR_SIZE) != 0)
            return -1;
    return 0;
}

/* Deal with a journal left beside the image by a crash. */
static int recover_journal(struct disk_image *d, struct emu_err *err)
{
    int jfd = d->jfd >= 0 ? d->jfd : open(d->jpath, O_RDONLY | O_CLOEXEC);
    if (jfd < 0)
        return 0;                               /* no journal: the normal case */
    struct stat st;
    int rc = 0;
    if (fstat(jfd, &st) != 0 || st.st_size == 0)
        goto out;
    if ((uint64_t)st.st_size > JNL_MAX_BYTES) {
        log_msg(d->log, LOG_WARN, "disk", "%s: journal %s is implausibly large; ignored",
                d->path, d->jpath);
        goto out;
    }
    uint8_t *buf = malloc((size_t)st.st_size);
    if (buf == NULL) {
        rc = emu_fail(err, EMU_ENOMEM, "%s: out of memory reading journal %s", d->path, d->jpath);
        goto out;
    }
    if (full_pread(jfd, buf, (size_t)st.st_size, 0) != 0) {
        rc = emu_fail(err, EMU_EIO, "%s: cannot read journal %s: %s", d->path, d->jpath,
                      strerror(errno));
        free(buf);
        goto out;
    }
    long nrec = jnl_parse(d, buf, (uint64_t)st.st_size, NULL, NULL);
    if (nrec < 0) {
        log_msg(d->log, LOG_WARN, "disk", "%s: discarded an incomplete journal (a flush was "
                "interrupted before it committed; the image holds the previous data)", d->path);
        if (d->mode == DISK_READWRITE && (ftruncate(jfd, 0) != 0 || sync_fd(jfd) != 0))
            rc = emu_fail(err, EMU_EIO, "%s: cannot clear journal %s: %s", d->path, d->jpath,
                          strerror(errno));
    } else if (d->mode == DISK_READWRITE) {
        if (jnl_parse(d, buf, (uint64_t)st.st_size, apply_in_place, d) < 0 || sync_fd(d->fd) != 0 ||
            ftruncate(jfd, 0) != 0 || sync_fd(jfd) != 0)
            rc = emu_fail(err, EMU_EIO, "%s: replaying journal %s failed: %s", d->path,
                          d->jpath, strerror(errno));
        else
            log_msg(d->log, LOG_INFO, "disk", "%s: replayed %ld journal records left by an "
                    "interrupted flush", d->path, nrec);
    } else {
        if (jnl_parse(d, buf, (uint64_t)st.st_size, apply_in_memory, d) < 0)
            rc = emu_fail(err, EMU_ENOMEM, "%s: out of memory applying journal %s", d->path,
                          d->jpath);
        else
            log_msg(d->log, LOG_WARN, "disk", "%s: a committed journal from an interrupted "
                    "flush was applied in memory only; open the image read-write to replay it "
                    "into the file", d->path);
    }
    free(buf);
out:
    if (jfd != d->jfd)
        close(jfd);
    return rc;
}

/* ---- geometry ---- */

const struct floppy_format *floppy_format_by_size(uint64_t size_bytes)
{
    for (size_t i = 0; i < N_FLOPPY_FORMATS; i++)
        if (floppy_formats[i].size_bytes == size_bytes)
            return &floppy_formats[i];
    return NULL;
}

struct disk_chs disk_default_chs(uint64_t sectors)
{
    struct disk_chs g = { 0, 16, 63 };
    if (sectors >= 16u * 63u) {
        uint64_t c = sectors / (16u * 63u);
        g.cyls = c > 16383 ? 16383 : (uint32_t)c;
        return g;
    }
    /* Smaller than one 16x63 cylinder: fewer heads, then fewer sectors. */
    g.spt = sectors >= 63 ? 63 : (uint32_t)(sectors ? sectors : 1);
    g.heads = (uint32_t)(sectors / g.spt);
    if (g.heads > 16)
        g.heads = 16;
    if (g.heads == 0)
        g.heads = 1;
    g.cyls = (uint32_t)(sectors / ((uint64_t)g.heads * g.spt));
    if (g.cyls == 0)
        g.cyls = 1;
    return g;
}

int disk_parse_chs(const char *text, struct disk_chs *out, struct emu_err *err)
{
    unsigned long v[3];
    const char *p = text;
    for (int i = 0; i < 3; i++) {
        char *end;
        if (*p < '0' || *p > '9')
            goto bad;
        errno = 0;
        v[i] = strtoul(p, &end, 10);
        if (errno != 0 || end == p || *end != (i < 2 ? ',' : '\0'))
            goto bad;
        p = end + (i < 2);
    }
    if (v[0] < 1 || v[0] > 65535 || v[1] < 1 || v[1] > 16 || v[2] < 1 || v[2] > 255)
        return emu_fail(err, EMU_EINVAL, "geometry %s is out of range: cylinders 1-65535, "
                        "heads 1-16, sectors 1-255", text);
    *out = (struct disk_chs){ (uint32_t)v[0], (uint32_t)v[1], (uint32_t)v[2] };
    return 0;
bad:
    return emu_fail(err, EMU_EINVAL, "geometry '%s' is not C,H,S (e.g. 306,4,17)", text);
}

/* ---- open and close ---- */

static void floppy_sizes(char *buf, size_t size)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < N_FLOPPY_FORMATS && n < size; i++)
        n += (size_t)snprintf(buf + n, size - n, "%s%" PRIu32, i ? ", " : "",
                              floppy_formats[i].size_bytes);
}

static int check_size(struct disk_image *d, uint64_t size, const struct disk_options *opt,
                      struct emu_err *err)
{
    if (size == 0)
        return emu_fail(err, EMU_EFORMAT, "%s: the image is empty", d->path);
    if (size % DISK_SECTOR_SIZE != 0)
        return emu_fail(err, EMU_EFORMAT, "%s: the image is %" PRIu64 " bytes, not a multiple "
                        "of 512", d->path, size);
    d->sectors = size / DISK_SECTOR_SIZE;
    if (d->kind == DISK_FLOPPY) {
        d->fmt = floppy_format_by_size(size);
        if (d->fmt == NULL) {
            char sizes[160];
            floppy_sizes(sizes, sizeof sizes);
            return emu_fail(err, EMU_EFORMAT, "%s: %" PRIu64 " bytes is no floppy format "
                            "(sizes: %s); pad it with truncate -s", d->path, size, sizes);
        }
        d->chs = (struct disk_chs){ d->fmt->cyls, d->fmt->heads, d->fmt->spt };
        return 0;
    }
    if (opt->chs.cyls || opt->chs.heads || opt->chs.spt) {
        const struct disk_chs *g = &opt->chs;
        if (g->cyls < 1 || g->cyls > 65535 || g->heads < 1 || g->heads > 16 || g->spt < 1 ||
            g->spt > 255)
            return emu_fail(err, EMU_EINVAL, "%s: geometry %" PRIu32 ",%" PRIu32 ",%" PRIu32
                            " is out of range (C 1-65535, H 1-16, S 1-255)", d->path, g->cyls,
                            g->heads, g->spt);
        uint64_t need = (uint64_t)g->cyls * g->heads * g->spt;
        if (need > d->sectors)
            return emu_fail(err, EMU_EINVAL, "%s: geometry %" PRIu32 ",%" PRIu32 ",%" PRIu32
                            " needs %" PRIu64 " sectors but the image has %" PRIu64, d->path,
                            g->cyls, g->heads, g->spt, need, d->sectors);
        d->chs = *g;
    } else {
        d->chs = disk_default_chs(d->sectors);
    }
    return 0;
}

static int lock_image(struct disk_image *d, struct emu_err *err)
{
    struct flock fl;
    memset(&fl, 0, sizeof fl);
    fl.l_type = d->mode == DISK_READWRITE ? F_WRLCK : F_RDLCK;
    fl.l_whence = SEEK_SET;
    if (fcntl(d->fd, F_SETLK, &fl) == 0)
        return 0;
    if (errno == EACCES || errno == EAGAIN)
        return emu_fail(err, EMU_ESTATE, "%s: the image is in use by another process%s",
                        d->path, d->mode == DISK_READWRITE ? "" : " that writes it");
    log_msg(d->log, LOG_DEBUG, "disk", "%s: cannot lock (%s); continuing", d->path,
            strerror(errno));
    return 0;
}

static int open_file(struct disk_image *d, const struct disk_options *opt, struct emu_err *err)
{
    struct stat st;
    if (stat(d->path, &st) != 0)
        return emu_fail(err, EMU_EIO, "%s: %s", d->path, strerror(errno));
    if (!S_ISREG(st.st_mode))
        return emu_fail(err, EMU_EFORMAT, "%s: not a regular file", d->path);
    if (d->mode == DISK_READWRITE) {
        /* A file nobody may write is read-only even for root, who could. */
        if ((st.st_mode & 0222) == 0) {
            errno = EACCES;
            d->fd = -1;
        } else {
            d->fd = open(d->path, O_RDWR | O_CLOEXEC);
        }
        if (d->fd < 0 && (errno == EACCES || errno == EROFS || errno == EPERM)) {
            int e = errno;
            if (access(d->path, R_OK) != 0)
                return emu_fail(err, EMU_EIO, "%s: unreadable: %s", d->path, strerror(errno));
            if (!opt->allow_ro_fallback)
                return emu_fail(err, EMU_EIO, "%s: cannot open read-write (%s); use the "
                                "readonly or snapshot option", d->path, strerror(e));
            log_msg(d->log, LOG_WARN, "disk", "%s: the file is read-only (%s); the guest sees a "
                    "write-protected disk (use snapshot to allow writes)", d->path, strerror(e));
            d->mode = DISK_READONLY;
        } else if (d->fd < 0) {
            return emu_fail(err, EMU_EIO, "%s: %s", d->path, strerror(errno));
        }
    }
    if (d->fd < 0) {
        d->fd = open(d->path, O_RDONLY | O_CLOEXEC);
        if (d->fd < 0)
            return emu_fail(err, EMU_EIO, "%s: %s", d->path, strerror(errno));
    }
    uint64_t size = (uint64_t)st.st_size;
    if (check_size(d, size, opt, err) != 0)
        return err ? (int)err->code : EMU_EFORMAT;
    uint8_t probe[DISK_SECTOR_SIZE];
    if (full_pread(d->fd, probe, sizeof probe, 0) != 0)
        return emu_fail(err, EMU_EIO, "%s: unreadable: %s", d->path, strerror(errno));
    return lock_image(d, err);
}

int disk_open(struct disk_image **out, const char *path, const struct disk_options *opt,
              struct emu_err *err)
{
    *out = NULL;
    struct disk_image *d = calloc(1, sizeof *d);
    size_t plen = strlen(path);
    if (d == NULL || (d->path = strdup(path)) == NULL ||
        (d->jpath = malloc(plen + sizeof DISK_JOURNAL_SUFFIX)) == NULL) {
        if (d != NULL)
            free(d->path);
        free(d);
        return emu_fail(err, EMU_ENOMEM, "%s: out of memory", path);
    }
    memcpy(d->jpath, path, plen);
    memcpy(d->jpath + plen, DISK_JOURNAL_SUFFIX, sizeof DISK_JOURNAL_SUFFIX);
    d->fd = d->jfd = -1;
    d->kind = opt->kind;
    d->mode = opt->mode;
    d->log = opt->log;
    d->max_dirty = opt->max_dirty_sectors ? opt->max_dirty_sectors : DISK_DEFAULT_MAX_DIRTY;
    d->crash_hook = opt->crash_hook;
    d->crash_opaque = opt->crash_opaque;

    int rc = open_file(d, opt, err);
    if (rc == 0 && d->mode == DISK_READWRITE) {
        bool existed = access(d->jpath, F_OK) == 0;
        d->jfd = open(d->jpath, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (d->jfd < 0)
            rc = emu_fail(err, EMU_EIO, "%s: cannot create the journal %s: %s; use the "
                          "readonly or snapshot option", path, d->jpath, strerror(errno));
        else if (!existed)
            sync_parent_dir(d->jpath);
    }
    if (rc == 0)
        rc = recover_journal(d, err);
    if (rc != 0) {
        if (d->jfd >= 0) {
            close(d->jfd);
            struct stat st;
            if (stat(d->jpath, &st) == 0 && st.st_size == 0)
                unlink(d->jpath);
        }
        if (d->fd >= 0)
            close(d->fd);
        overlay_free(&d->cache);
        free(d->jpath);
        free(d->path);
        free(d);
        return rc;
    }
    *out = d;
    return 0;
}

int disk_close(struct disk_image *d, struct emu_err *err)
{
    if (d == NULL)
        return 0;
    int rc = disk_flush(d, err);
    if (d->jfd >= 0) {
        struct stat st;
        /* Remove the journal only when it is empty: a committed one must survive. */
        if (fstat(d->jfd, &st) == 0 && st.st_size == 0)
            unlink(d->jpath);
        close(d->jfd);
    }
    if (d->fd >= 0)
        close(d->fd);
    overlay_free(&d->cache);
    free(d->jpath);
    free(d->path);
    free(d);
    return rc;
}

/* ---- sector I/O ---- */

int disk_read(struct disk_image *d, uint64_t lba, uint32_t count, uint8_t *buf)
{
    if (lba >= d->sectors || count > d->sectors - lba)
        return -1;
    if (count == 0)
        return 0;
    /* Runs of sectors not in the overlay come from the file in one pread. */
    uint32_t i = 0;
    while (i < count) {
        const struct chunk *c = overlay_find(&d->cache, (lba + i) / CHUNK_SECTORS);
        unsigned bit = (unsigned)((lba + i) % CHUNK_SECTORS);
        if (c != NULL && (c->present & (1ull << bit))) {
            memcpy(buf + (size_t)i * DISK_SECTOR_SIZE, c->data + bit * DISK_SECTOR_SIZE,
                   DISK_SECTOR_SIZE);
            i++;
            continue;
        }
        uint32_t j = i + 1;
        while (j < count) {
            const struct chunk *cj = overlay_find(&d->cache, (lba + j) / CHUNK_SECTORS);
            if (cj != NULL && (cj->present & (1ull << ((lba + j) % CHUNK_SECTORS))))
                break;
            j++;
        }
        if (full_pread(d->fd, buf + (size_t)i * DISK_SECTOR_SIZE,
                       (size_t)(j - i) * DISK_SECTOR_SIZE, (lba + i) * DISK_SECTOR_SIZE) != 0) {
            log_limited(d->log, &d->log_io, LOG_ERROR, "disk", "%s: read of sector %" PRIu64
                        " failed: %s", d->path, lba + i, strerror(errno));
            return -1;
        }
        i = j;
    }
    d->io_sectors += count;
    return 0;
}

int disk_write(struct disk_image *d, uint64_t lba, uint32_t count, const uint8_t *buf)
{
    if (d->mode == DISK_READONLY || lba >= d->sectors || count > d->sectors - lba)
        return -1;
    d->io_sectors += count;
    for (uint32_t i = 0; i < count; i++) {
        if (overlay_put(&d->cache, lba + i, buf + (size_t)i * DISK_SECTOR_SIZE) != 0) {
            log_limited(d->log, &d->log_io, LOG_ERROR, "disk", "%s: out of memory caching "
                        "sector %" PRIu64, d->path, lba + i);
            return -1;
        }
    }
    if (d->mode == DISK_READWRITE && d->cache.nsectors >= d->max_dirty && !d->broken) {
        struct emu_err e;
        if (disk_flush(d, &e) != 0)
            log_limited(d->log, &d->log_io, LOG_ERROR, "disk", "%s", e.msg);
    }
    return 0;
}

/* ---- queries ---- */

uint64_t disk_sectors(const struct disk_image *d) { return d->sectors; }
bool disk_is_writable(const struct disk_image *d) { return d->mode != DISK_READONLY; }
enum disk_mode disk_get_mode(const struct disk_image *d) { return d->mode; }
enum disk_kind disk_get_kind(const struct disk_image *d) { return d->kind; }
const char *disk_path(const struct disk_image *d) { return d->path; }
uint64_t disk_io_count(const struct disk_image *d) { return d->io_sectors; }
struct disk_chs disk_get_chs(const struct disk_image *d) { return d->chs; }
const struct floppy_format *disk_floppy_format(const struct disk_image *d) { return d->fmt; }

uint32_t disk_dirty_sectors(const struct disk_image *d)
{
    return d->mode == DISK_READWRITE ? (uint32_t)d->cache.nsectors : 0;
}

void disk_describe(const struct disk_image *d, char *buf, size_t size)
{
    static const char *const modes[] = { "read-write", "read-only", "snapshot" };
    int n;
    if (d->fmt != NULL)
        n = snprintf(buf, size, "%s: %s floppy, %s", d->path, d->fmt->name, modes[d->mode]);
    else
        n = snprintf(buf, size, "%s: %" PRIu64 " sectors, CHS %" PRIu32 "/%" PRIu32 "/%" PRIu32
                     ", %s", d->path, d->sectors, d->chs.cyls, d->chs.heads, d->chs.spt,
                     modes[d->mode]);
    if (n >= 0 && (size_t)n < size && d->mode != DISK_READONLY)
        snprintf(buf + n, size - (size_t)n, ", %" PRIu64 " sectors %s%s", d->cache.nsectors,
                 d->mode == DISK_SNAPSHOT ? "in the overlay" : "cached",
                 d->broken ? ", FLUSH FAILED" : "");
}
