/* tests/unit/test_disk.c: disk images: geometry from the size, clear errors
 * for bad images, snapshot and read-only modes never touching the file, and
 * the redo journal surviving a crash at every step of a flush and random
 * kill -9 (each batch is wholly old or wholly new afterwards). */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "devices/disk_image.h"

/* ---- helpers ---- */

struct capture {
    char lines[8][300];
    unsigned n;
};

static void capture_sink(void *opaque, enum log_level lvl, const char *line)
{
    struct capture *c = opaque;
    (void)lvl;
    if (c->n < 8)
        snprintf(c->lines[c->n++], sizeof c->lines[0], "%s", line);
}

static bool captured(const struct capture *c, const char *needle)
{
    for (unsigned i = 0; i < c->n; i++)
        if (strstr(c->lines[i], needle) != NULL)
            return true;
    return false;
}

static char tmpdir[256];

static void make_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/vireo-disk-XXXXXX", base ? base : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}

static void tmp_path(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", tmpdir, name);
}

/* An image of `size` bytes whose sector i starts with the stamp (i, 0). */
static void make_image(const char *path, size_t size)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    uint8_t sec[512];
    for (size_t i = 0; i * 512 < size; i++) {
        memset(sec, (int)(i & 0xff), sizeof sec);
        sec[0] = (uint8_t)i;
        sec[1] = (uint8_t)(i >> 8);
        sec[2] = sec[3] = 0;     /* batch 0 */
        size_t n = size - i * 512 < 512 ? size - i * 512 : 512;
        ck_assert_uint_eq(fwrite(sec, 1, n, f), n);
    }
    ck_assert_int_eq(fclose(f), 0);
}

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_uint_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static bool file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static struct disk_options hd_opts(enum disk_mode mode)
{
    return (struct disk_options){ .kind = DISK_HARDDISK, .mode = mode };
}

/* ---- geometry ---- */

/* Legend: bytes, cylinders, heads, sectors per track, FDC rate code. */
static const struct {
    uint32_t bytes;
    uint8_t c, h, s, rate;
} floppy_expect[] = {
    { 163840, 40, 1, 8, 2 },   { 184320, 40, 1, 9, 2 },   { 327680, 40, 2, 8, 2 },
    { 368640, 40, 2, 9, 2 },   { 737280, 80, 2, 9, 2 },   { 1228800, 80, 2, 15, 0 },
    { 1474560, 80, 2, 18, 0 }, { 1720320, 80, 2, 21, 0 }, { 2949120, 80, 2, 36, 3 },
};

START_TEST(floppy_format_from_size)
{
    const struct floppy_format *f = floppy_format_by_size(floppy_expect[_i].bytes);
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(f->cyls, floppy_expect[_i].c);
    ck_assert_uint_eq(f->heads, floppy_expect[_i].h);
    ck_assert_uint_eq(f->spt, floppy_expect[_i].s);
    ck_assert_uint_eq(f->rate, floppy_expect[_i].rate);
    ck_assert_uint_eq((uint32_t)f->cyls * f->heads * f->spt * 512, f->size_bytes);
}
END_TEST

START_TEST(hd_default_chs)
{
    struct disk_chs g = disk_default_chs(1548288 / 512);     /* linux-0.11-root-hd.img */
    ck_assert_uint_eq(g.cyls, 3);
    ck_assert_uint_eq(g.heads, 16);
    ck_assert_uint_eq(g.spt, 63);
    g = disk_default_chs(16515072 / 512);                    /* 32 x 16 x 63 */
    ck_assert_uint_eq(g.cyls, 32);
    g = disk_default_chs(1008 * 20 + 500);                   /* tail only reachable by LBA */
    ck_assert_uint_eq(g.cyls, 20);
    g = disk_default_chs(100);                               /* tiny: 1 head of 63 */
    ck_assert_uint_eq(g.spt, 63);
    ck_assert_uint_eq(g.heads, 1);
    ck_assert_uint_eq(g.cyls, 1);
    g = disk_default_chs(40ull * 1024 * 1024 * 1024 / 512);  /* 40 GiB: CHS capped */
    ck_assert_uint_eq(g.cyls, 16383);
    ck_assert_uint_eq(g.heads, 16);
}
END_TEST

START_TEST(parse_chs)
{
    struct disk_chs g;
    struct emu_err e;
    ck_assert_int_eq(disk_parse_chs("306,4,17", &g, &e), 0);
    ck_assert_uint_eq(g.cyls, 306);
    ck_assert_uint_eq(g.heads, 4);
    ck_assert_uint_eq(g.spt, 17);
    ck_assert_int_eq(disk_parse_chs("306,4", &g, &e), EMU_EINVAL);
    ck_assert_int_eq(disk_parse_chs("306,17,17", &g, &e), EMU_EINVAL);
    ck_assert_ptr_nonnull(strstr(e.msg, "heads 1-16"));
    ck_assert_int_eq(disk_parse_chs("a,b,c", &g, &e), EMU_EINVAL);
    ck_assert_int_eq(disk_parse_chs("3,16,63x", &g, &e), EMU_EINVAL);
    ck_assert_int_eq(disk_parse_chs("-3,16,63", &g, &e), EMU_EINVAL);
}
END_TEST

/* ---- errors ---- */

START_TEST(bad_images_give_one_line_errors)
{
    make_tmpdir();
    char p[300];
    struct disk_image *d;
    struct emu_err e;
    struct disk_options fo = { .kind = DISK_FLOPPY, .mode = DISK_READONLY };
    struct disk_options ho = hd_opts(DISK_READONLY);

    tmp_path(p, sizeof p, "missing.img");
    ck_assert_int_eq(disk_open(&d, p, &fo, &e), EMU_EIO);
    ck_assert_ptr_null(d);
    ck_assert_ptr_nonnull(strstr(e.msg, "No such file"));
    ck_assert_ptr_null(strchr(e.msg, '\n'));

    tmp_path(p, sizeof p, "empty.img");
    make_image(p, 0);
    ck_assert_int_eq(disk_open(&d, p, &ho, &e), EMU_EFORMAT);
    ck_assert_ptr_nonnull(strstr(e.msg, "empty"));

    tmp_path(p, sizeof p, "odd.img");
    make_image(p, 1000);
    ck_assert_int_eq(disk_open(&d, p, &ho, &e), EMU_EFORMAT);
    ck_assert_ptr_nonnull(strstr(e.msg, "not a multiple of 512"));

    tmp_path(p, sizeof p, "short-floppy.img");
    make_image(p, 121856);                                   /* an unpadded boot image */
    ck_assert_int_eq(disk_open(&d, p, &fo, &e), EMU_EFORMAT);
    ck_assert_ptr_nonnull(strstr(e.msg, "no floppy format"));
    ck_assert_ptr_nonnull(strstr(e.msg, "1474560"));

    tmp_path(p, sizeof p, "small-hd.img");
    make_image(p, 1548288);
    ho.chs = (struct disk_chs){ 4, 16, 63 };                 /* one cylinder too many */
    ck_assert_int_eq(disk_open(&d, p, &ho, &e), EMU_EINVAL);
    ck_assert_ptr_nonnull(strstr(e.msg, "needs 4032 sectors but the image has 3024"));
    ho.chs = (struct disk_chs){ 3, 16, 63 };
    ck_assert_int_eq(disk_open(&d, p, &ho, &e), 0);
    ck_assert_uint_eq(disk_sectors(d), 3024);
    disk_close(d, NULL);

    tmp_path(p, sizeof p, "dir.img");
    ck_assert_int_eq(mkdir(p, 0755), 0);
    ck_assert_int_eq(disk_open(&d, p, &ho, &e), EMU_EFORMAT);
    ck_assert_ptr_nonnull(strstr(e.msg, "not a regular file"));
    remove_tmpdir();
}
END_TEST

START_TEST(readonly_file_opened_writable)
{
    make_tmpdir();
    char p[300];
    struct disk_image *d;
    struct emu_err e;
    tmp_path(p, sizeof p, "ro.img");
    make_image(p, 1474560);
    ck_assert_int_eq(chmod(p, 0444), 0);    /* read-only by its mode, even for root */
    struct capture cap = { .n = 0 };
    struct logger lg = { LOG_DEBUG, capture_sink, &cap };
    struct disk_options o = { .kind = DISK_FLOPPY, .mode = DISK_READWRITE, .log = &lg };
    ck_assert_int_eq(disk_open(&d, p, &o, &e), EMU_EIO);
    ck_assert_ptr_nonnull(strstr(e.msg, "cannot open read-write"));
    ck_assert_ptr_nonnull(strstr(e.msg, "snapshot"));
    o.allow_ro_fallback = true;
    ck_assert_int_eq(disk_open(&d, p, &o, &e), 0);
    ck_assert_int_eq(disk_get_mode(d), DISK_READONLY);
    ck_assert(!disk_is_writable(d));
    ck_assert(captured(&cap, "write-protected"));
    uint8_t sec[512] = { 0 };
    ck_assert_int_eq(disk_write(d, 0, 1, sec), -1);
    disk_close(d, NULL);
    char j[320];
    snprintf(j, sizeof j, "%s%s", p, DISK_JOURNAL_SUFFIX);
    ck_assert(!file_exists(j));                         /* no journal beside it */
    remove_tmpdir();
}
END_TEST

/* ---- modes ---- */

START_TEST(readwrite_persists_and_cleans_journal)
{
    make_tmpdir();
    char p[300], j[320];
    tmp_path(p, sizeof p, "hd.img");
    snprintf(j, sizeof j, "%s%s", p, DISK_JOURNAL_SUFFIX);
    make_image(p, 1008 * 512 * 2);
    struct disk_image *d;
    struct emu_err e;
    struct disk_options o = hd_opts(DISK_READWRITE);
    ck_assert_int_eq(disk_open(&d, p, &o, &e), 0);
    ck_assert(file_exists(j));
    uint8_t w[3 * 512], r[3 * 512];
    for (size_t i = 0; i < sizeof w; i++)
        w[i] = (uint8_t)(i * 7 + 1);
    ck_assert_int_eq(disk_write(d, 100, 3, w), 0);
    ck_assert_uint_eq(disk_dirty_sectors(d), 3);
    ck_assert_int_eq(disk_read(d, 99, 1, r), 0);             /* untouched neighbour */
    ck_assert_uint_eq(r[0], 99);
    ck_assert_int_eq(disk_read(d, 100, 3, r), 0);            /* served from the cache */
    ck_assert_mem_eq(r, w, sizeof w);
    ck_assert_int_eq(disk_write(d, 2016, 1, w), -1);         /* past the end */
    ck_assert_int_eq(disk_close(d, &e), 0);
    ck_assert(!file_exists(j));                              /* empty journal removed */

    size_t len;
    uint8_t *img = slurp(p, &len);
    ck_assert_mem_eq(img + 100 * 512, w, sizeof w);
    ck_assert_uint_eq(img[99 * 512], 99);
    ck_assert_uint_eq(img[103 * 512], 103);
    free(img);
    remove_tmpdir();
}
END_TEST

START_TEST(snapshot_never_modifies_the_file)
{
    make_tmpdir();
    char p[300];
    tmp_path(p, sizeof p, "fd.img");
    make_image(p, 1474560);
    size_t len0, len1;
    uint8_t *before = slurp(p, &len0);
    struct disk_image *d;
    struct emu_err e;
    struct disk_options o = { .kind = DISK_FLOPPY, .mode = DISK_SNAPSHOT,
                              .max_dirty_sectors = 2 };
    ck_assert_int_eq(disk_open(&d, p, &o, &e), 0);
    ck_assert(disk_is_writable(d));
    uint8_t w[512], r[512];
    for (unsigned s = 0; s < 2880; s += 7) {                 /* far past the flush bound */
        memset(w, 0xa5 ^ (int)s, sizeof w);
        ck_assert_int_eq(disk_write(d, s, 1, w), 0);
    }
    ck_assert_int_eq(disk_flush(d, &e), 0);                  /* a no-op */
    ck_assert_int_eq(disk_read(d, 14, 1, r), 0);
    ck_assert_uint_eq(r[100], (0xa5 ^ 14) & 0xff);
    ck_assert_int_eq(disk_read(d, 15, 1, r), 0);
    ck_assert_uint_eq(r[0], 15);
    char desc[200];
    disk_describe(d, desc, sizeof desc);
    ck_assert_ptr_nonnull(strstr(desc, "1.44M floppy, snapshot, 412 sectors in the overlay"));
    ck_assert_int_eq(disk_close(d, &e), 0);
    uint8_t *after = slurp(p, &len1);
    ck_assert_uint_eq(len0, len1);
    ck_assert_mem_eq(before, after, len0);
    char j[320];
    snprintf(j, sizeof j, "%s%s", p, DISK_JOURNAL_SUFFIX);
    ck_assert(!file_exists(j));
    free(before);
    free(after);
    remove_tmpdir();
}
END_TEST

START_TEST(dirty_bound_flushes)
{
    make_tmpdir();
    char p[300];
    tmp_path(p, sizeof p, "hd.img");
    make_image(p, 1008 * 512);
    struct disk_image *d;
    struct emu_err e;
    struct disk_options o = hd_opts(DISK_READWRITE);
    o.max_dirty_sectors = 4;
    ck_assert_int_eq(disk_open(&d, p, &o, &e), 0);
    uint8_t w[512];
    memset(w, 0x5a, sizeof w);
    for (unsigned s = 10; s < 13; s++)
        ck_assert_int_eq(disk_write(d, s, 1, w), 0);
    ck_assert_uint_eq(disk_dirty_sectors(d), 3);
    ck_assert_int_eq(disk_write(d, 500, 1, w), 0);           /* the 4th: flushed */
    ck_assert_uint_eq(disk_dirty_sectors(d), 0);
    size_t len;
    uint8_t *img = slurp(p, &len);                            /* on disk while still open */
    ck_assert_uint_eq(img[500 * 512 + 9], 0x5a);
    ck_assert_uint_eq(img[11 * 512], 0x5a);
    free(img);
    disk_close(d, NULL);
    remove_tmpdir();
}
END_TEST

/* ---- crash safety ---- */

#define BATCH_N 24          /* sectors per batch, spread over the image */
#define HD_SECTORS 2016

static uint64_t batch_lba(unsigned i)
{
    return (uint64_t)i * 83 % HD_SECTORS;       /* runs in many chunks */
}

static void fill_batch(uint8_t *sec, unsigned i, unsigned k)
{
    memset(sec, (int)(k * 31 + i), 512);
    sec[0] = (uint8_t)batch_lba(i);
    sec[1] = (uint8_t)(batch_lba(i) >> 8);
    sec[2] = (uint8_t)k;
    sec[3] = (uint8_t)(k >> 8);
}

static void write_batch(struct disk_image *d, unsigned k)
{
    uint8_t sec[512];
    for (unsigned i = 0; i < BATCH_N; i++) {
        fill_batch(sec, i, k);
        if (disk_write(d, batch_lba(i), 1, sec) != 0)
            _exit(3);
    }
}

/* Which batch every batch sector of the image holds; -1 if torn or corrupt. */
static int image_batch(const char *path)
{
    size_t len;
    uint8_t *img = slurp(path, &len);
    int k = -2;
    uint8_t expect[512];
    for (unsigned i = 0; i < BATCH_N && k != -1; i++) {
        const uint8_t *sec = img + batch_lba(i) * 512;
        int ki = sec[2] | sec[3] << 8;
        if (ki == 0) {          /* the original contents */
            memset(expect, (int)(batch_lba(i) & 0xff), 512);
            expect[0] = (uint8_t)batch_lba(i);
            expect[1] = (uint8_t)(batch_lba(i) >> 8);
            expect[2] = expect[3] = 0;
        } else {
            fill_batch(expect, i, (unsigned)ki);
        }
        if (memcmp(sec, expect, 512) != 0 || (k != -2 && k != ki))
            k = -1;
        else
            k = ki;
    }
    free(img);
    return k;
}

struct crash_at {
    enum disk_flush_step step;
    unsigned n;
};

static void crash_hook(void *opaque, enum disk_flush_step step, unsigned n)
{
    const struct crash_at *at = opaque;
    if (step == at->step && n == at->n)
        _exit(0);               /* no flush, no atexit: as abrupt as a power cut */
}

/* Legend: step, index, the batch a reopen must show (1 = old, 2 = new). */
static const struct {
    enum disk_flush_step step;
    unsigned n;
    int expect;
} crash_cases[] = {
    { DISK_STEP_JOURNAL_RECORD, 0, 1 },  { DISK_STEP_JOURNAL_RECORD, 12, 1 },
    { DISK_STEP_JOURNAL_RECORD, 23, 1 }, { DISK_STEP_JOURNAL_SYNCED, 0, 2 },
    { DISK_STEP_APPLY, 0, 2 },           { DISK_STEP_APPLY, 11, 2 },
    { DISK_STEP_APPLIED, 0, 2 },         { DISK_STEP_DONE, 0, 2 },
};

START_TEST(crash_at_every_flush_step)
{
    make_tmpdir();
    char p[300], j[320];
    tmp_path(p, sizeof p, "hd.img");
    snprintf(j, sizeof j, "%s%s", p, DISK_JOURNAL_SUFFIX);
    make_image(p, HD_SECTORS * 512);
    struct crash_at at = { crash_cases[_i].step, crash_cases[_i].n };
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        struct disk_image *d;
        struct disk_options o = hd_opts(DISK_READWRITE);
        if (disk_open(&d, p, &o, NULL) != 0)
            _exit(2);
        write_batch(d, 1);
        if (disk_close(d, NULL) != 0)
            _exit(4);
        o.crash_hook = crash_hook;      /* armed only for the second batch */
        o.crash_opaque = &at;
        if (disk_open(&d, p, &o, NULL) != 0)
            _exit(2);
        write_batch(d, 2);
        (void)disk_flush(d, NULL);
        _exit(9);               /* the hook should have fired */
    }
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 0);

    struct capture cap = { .n = 0 };
    struct logger lg = { LOG_DEBUG, capture_sink, &cap };
    /* A read-only open applies a committed journal in memory only. */
    size_t len0, len1;
    uint8_t *before = slurp(p, &len0);
    struct disk_image *d;
    struct emu_err e;
    struct disk_options o = hd_opts(DISK_READONLY);
    o.log = &lg;
    ck_assert_int_eq(disk_open(&d, p, &o, &e), 0);
    uint8_t sec[512];
    ck_assert_int_eq(disk_read(d, batch_lba(5), 1, sec), 0);
    ck_assert_int_eq(sec[2], crash_cases[_i].expect);
    disk_close(d, NULL);
    uint8_t *after = slurp(p, &len1);
    ck_assert_mem_eq(before, after, len0);
    free(before);
    free(after);

    o.mode = DISK_READWRITE;
    cap.n = 0;
    ck_assert_int_eq(disk_open(&d, p, &o, &e), 0);
    disk_close(d, NULL);
    ck_assert_int_eq(image_batch(p), crash_cases[_i].expect);
    ck_assert(!file_exists(j));
    enum disk_flush_step s = crash_cases[_i].step;
    if (s == DISK_STEP_JOURNAL_RECORD)
        ck_assert(captured(&cap, "discarded an incomplete journal"));
    else if (s != DISK_STEP_DONE)
        ck_assert(captured(&cap, "replayed"));
    remove_tmpdir();
}
END_TEST

/* The child writes batch after batch, reporting each flushed batch number
 * down a pipe; the parent kills it with SIGKILL at varying moments. */
START_TEST(kill9_never_tears_a_batch)
{
    make_tmpdir();
    char p[300];
    tmp_path(p, sizeof p, "hd.img");
    make_image(p, HD_SECTORS * 512);
    unsigned last_seen = 0, hits = 0;
    for (unsigned round = 0; round < 12; round++) {
        int fds[2];
        ck_assert_int_eq(pipe(fds), 0);
        pid_t pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) {
            close(fds[0]);
            struct disk_image *d;
            struct disk_options o = hd_opts(DISK_READWRITE);
            if (disk_open(&d, p, &o, NULL) != 0)
                _exit(2);
            int k0 = image_batch(p);
            for (unsigned k = (unsigned)(k0 < 0 ? 0 : k0) + 1;; k++) {
                write_batch(d, k);
                if (disk_flush(d, NULL) != 0)
                    _exit(4);
                uint8_t kb[2] = { (uint8_t)k, (uint8_t)(k >> 8) };
                if (write(fds[1], kb, 2) != 2)
                    _exit(5);
            }
        }
        close(fds[1]);
        uint8_t kb[2];
        unsigned k = last_seen;
        for (unsigned n = 0; n < 1 + round % 3; n++) {
            ck_assert_int_eq(read(fds[0], kb, 2), 2);
            k = kb[0] | (unsigned)kb[1] << 8;
        }
        usleep(round * 397 % 2000);     /* land somewhere inside a later flush */
        kill(pid, SIGKILL);
        int status;
        ck_assert_int_eq(waitpid(pid, &status, 0), pid);
        /* Batches the child reported after our last read also completed. */
        while (read(fds[0], kb, 2) == 2)
            k = kb[0] | (unsigned)kb[1] << 8;
        close(fds[0]);

        struct disk_image *d;
        struct emu_err e;
        struct disk_options o = hd_opts(DISK_READWRITE);
        struct capture cap = { .n = 0 };
        struct logger lg = { LOG_DEBUG, capture_sink, &cap };
        o.log = &lg;
        ck_assert_int_eq(disk_open(&d, p, &o, &e), 0);       /* replays or discards */
        hits += cap.n > 0;
        disk_close(d, NULL);
        int got = image_batch(p);
        ck_assert_msg(got == (int)k || got == (int)k + 1,
                      "round %u: image holds batch %d after batch %u completed", round, got, k);
        last_seen = (unsigned)got;
    }
    /* Timing decides how many kills land inside a flush: report, don't assert. */
    fprintf(stderr, "kill9_never_tears_a_batch: %u of 12 kills left a journal\n", hits);
    remove_tmpdir();
}
END_TEST

START_TEST(corrupt_journal_is_discarded)
{
    make_tmpdir();
    char p[300], j[320];
    tmp_path(p, sizeof p, "hd.img");
    snprintf(j, sizeof j, "%s%s", p, DISK_JOURNAL_SUFFIX);
    make_image(p, HD_SECTORS * 512);
    /* Leave a committed journal, then flip one data byte in it. */
    pid_t pid = fork();
    if (pid == 0) {
        struct crash_at at = { DISK_STEP_JOURNAL_SYNCED, 0 };
        struct disk_options o = hd_opts(DISK_READWRITE);
        o.crash_hook = crash_hook;
        o.crash_opaque = &at;
        struct disk_image *d;
        if (disk_open(&d, p, &o, NULL) != 0)
            _exit(2);
        write_batch(d, 7);
        (void)disk_flush(d, NULL);
        _exit(9);
    }
    int status;
    waitpid(pid, &status, 0);
    ck_assert_int_eq(WEXITSTATUS(status), 0);
    size_t len;
    uint8_t *jb = slurp(j, &len);
    ck_assert_uint_gt(len, 1000);
    jb[600] ^= 0x40;
    FILE *f = fopen(j, "wb");
    ck_assert_uint_eq(fwrite(jb, 1, len, f), len);
    fclose(f);
    free(jb);

    struct capture cap = { .n = 0 };
    struct logger lg = { LOG_DEBUG, capture_sink, &cap };
    struct disk_options o = hd_opts(DISK_READWRITE);
    o.log = &lg;
    struct disk_image *d;
    struct emu_err e;
    ck_assert_int_eq(disk_open(&d, p, &o, &e), 0);
    ck_assert(captured(&cap, "discarded an incomplete journal"));
    disk_close(d, NULL);
    ck_assert_int_eq(image_batch(p), 0);
    remove_tmpdir();
}
END_TEST

START_TEST(image_locked_by_another_process)
{
    make_tmpdir();
    char p[300];
    tmp_path(p, sizeof p, "hd.img");
    make_image(p, HD_SECTORS * 512);
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    pid_t pid = fork();
    if (pid == 0) {
        struct disk_options o = hd_opts(DISK_READWRITE);
        struct disk_image *d;
        if (disk_open(&d, p, &o, NULL) != 0)
            _exit(2);
        if (write(fds[1], "x", 1) != 1)
            _exit(3);
        pause();
        _exit(0);
    }
    char c;
    ck_assert_int_eq(read(fds[0], &c, 1), 1);
    struct disk_image *d;
    struct emu_err e;
    struct disk_options o = hd_opts(DISK_READWRITE);
    ck_assert_int_eq(disk_open(&d, p, &o, &e), EMU_ESTATE);
    ck_assert_ptr_nonnull(strstr(e.msg, "in use by another process"));
    o.mode = DISK_SNAPSHOT;
    ck_assert_int_eq(disk_open(&d, p, &o, &e), EMU_ESTATE);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    ck_assert_int_eq(disk_open(&d, p, &o, &e), 0);
    disk_close(d, NULL);
    remove_tmpdir();
}
END_TEST

static Suite *disk_suite(void)
{
    Suite *s = suite_create("disk_image");
    TCase *tc = tcase_create("geometry");
    tcase_add_loop_test(tc, floppy_format_from_size, 0,
                        (int)(sizeof floppy_expect / sizeof floppy_expect[0]));
    tcase_add_test(tc, hd_default_chs);
    tcase_add_test(tc, parse_chs);
    suite_add_tcase(s, tc);
    tc = tcase_create("files");
    tcase_add_test(tc, bad_images_give_one_line_errors);
    tcase_add_test(tc, readonly_file_opened_writable);
    tcase_add_test(tc, readwrite_persists_and_cleans_journal);
    tcase_add_test(tc, snapshot_never_modifies_the_file);
    tcase_add_test(tc, dirty_bound_flushes);
    tcase_add_test(tc, image_locked_by_another_process);
    suite_add_tcase(s, tc);
    tc = tcase_create("crash");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, crash_at_every_flush_step, 0,
                        (int)(sizeof crash_cases / sizeof crash_cases[0]));
    tcase_add_test(tc, kill9_never_tears_a_batch);
    tcase_add_test(tc, corrupt_journal_is_discarded);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(disk_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
