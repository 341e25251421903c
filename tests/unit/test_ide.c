/* tests/unit/test_ide.c: an IDE channel driven through its ports as a BIOS
 * or an OS driver would: IDENTIFY contents, PIO reads and writes in CHS and
 * LBA, READ/WRITE MULTIPLE, IDNF/ABRT errors, the reset signature, nIEN,
 * INTRQ acknowledged by a Status read, an absent slave, and the Linux 0.11
 * hd.c sequence (reset, SPECIFY, RESTORE, read, write) with exactly the
 * interrupts it expects.  Expected values from ATA-2 / ATA-3. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "devices/disk_image.h"
#include "devices/ide.h"
#include "tests/unit/devtest.h"
#include "util/le.h"

#define CMD 0x1f0
#define CTL 0x3f6
#define IRQ 14
#define HD_BYTES 1548288u       /* 3 x 16 x 63 sectors, like linux-0.11-root-hd.img */
#define HD_SECTORS (HD_BYTES / 512)

struct bench {
    struct devtest *t;
    struct ide_channel *ch;
    struct disk_image *img[2];
    char dir[128], path[2][160];
};

/* Sector lba of the test image holds bytes (lba*7 + i) & 0xff, i = 0..511. */
static uint8_t pattern(uint64_t lba, unsigned i)
{
    return (uint8_t)(lba * 7 + i);
}

static void make_hd(const char *path, size_t bytes)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    uint8_t sec[512];
    for (size_t lba = 0; lba < bytes / 512; lba++) {
        for (unsigned i = 0; i < 512; i++)
            sec[i] = pattern(lba, i);
        ck_assert_uint_eq(fwrite(sec, 1, 512, f), 512);
    }
    fclose(f);
}

static void bench_init_mode(struct bench *b, unsigned ndisks, enum disk_mode mode)
{
    memset(b, 0, sizeof *b);
    b->t = devtest_new();
    snprintf(b->dir, sizeof b->dir, "%s/vireo-ide-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(b->dir));
    b->ch = ide_create(&b->t->bus, &b->t->sched, CMD, CTL, devtest_irq(b->t, IRQ), &b->t->log,
                       &b->t->err);
    ck_assert_ptr_nonnull(b->ch);
    for (unsigned u = 0; u < ndisks; u++) {
        snprintf(b->path[u], sizeof b->path[u], "%s/hd%u.img", b->dir, u);
        make_hd(b->path[u], HD_BYTES);
        struct disk_options o = { .kind = DISK_HARDDISK, .mode = mode, .log = &b->t->log };
        ck_assert_int_eq(disk_open(&b->img[u], b->path[u], &o, &b->t->err), 0);
        ck_assert_int_eq(ide_attach(b->ch, u, b->img[u], &b->t->err), 0);
    }
}

static void bench_init(struct bench *b, unsigned ndisks)
{
    bench_init_mode(b, ndisks, DISK_READWRITE);
}

static void bench_fini(struct bench *b)
{
    ide_destroy(b->ch);
    for (unsigned u = 0; u < 2; u++) {
        if (b->img[u] != NULL) {
            ck_assert_int_eq(disk_close(b->img[u], NULL), 0);
            unlink(b->path[u]);
        }
    }
    rmdir(b->dir);
    free(b->t);
}

static uint16_t inw(struct bench *b, uint16_t port)
{
    return (uint16_t)bus_in(&b->t->bus, port, 2);
}

static void outw(struct bench *b, uint16_t port, uint16_t v)
{
    bus_out(&b->t->bus, port, 2, v);
}

static void taskfile_chs(struct bench *b, unsigned unit, unsigned cyl, unsigned head,
                         unsigned sector, unsigned count)
{
    outb(b->t, CMD + 6, (uint8_t)(0xa0 | unit << 4 | head));
    outb(b->t, CMD + 2, (uint8_t)count);
    outb(b->t, CMD + 3, (uint8_t)sector);
    outb(b->t, CMD + 4, (uint8_t)cyl);
    outb(b->t, CMD + 5, (uint8_t)(cyl >> 8));
}

static void taskfile_lba(struct bench *b, unsigned unit, uint32_t lba, unsigned count)
{
    outb(b->t, CMD + 6, (uint8_t)(0xe0 | unit << 4 | (lba >> 24 & 0x0f)));
    outb(b->t, CMD + 2, (uint8_t)count);
    outb(b->t, CMD + 3, (uint8_t)lba);
    outb(b->t, CMD + 4, (uint8_t)(lba >> 8));
    outb(b->t, CMD + 5, (uint8_t)(lba >> 16));
}

static void read_words(struct bench *b, uint8_t *buf, unsigned words)
{
    for (unsigned i = 0; i < words; i++)
        store_le16(buf + 2 * i, inw(b, CMD));
}

static void check_sector(const uint8_t *buf, uint64_t lba)
{
    for (unsigned i = 0; i < 512; i++)
        ck_assert_msg(buf[i] == pattern(lba, i), "lba %llu byte %u", (unsigned long long)lba, i);
}

/* Let a command run, expect its interrupt, acknowledge it by reading Status. */
static uint8_t await_irq(struct bench *b, unsigned expect_rises)
{
    devtest_run(b->t, 20000);
    ck_assert_uint_eq(b->t->rises[IRQ], expect_rises);
    ck_assert(b->t->level[IRQ]);
    uint8_t st = inb(b->t, CMD + 7);
    ck_assert(!b->t->level[IRQ]);
    return st;
}

/* ---- IDENTIFY ---- */

static void identify(struct bench *b, uint8_t *id)
{
    outb(b->t, CMD + 7, 0xec);
    uint8_t st = inb(b->t, CMD + 7);
    ck_assert_uint_eq(st & 0x80, 0x80);                 /* BSY at once */
    devtest_run(b->t, 20000);
    ck_assert_uint_eq(inb(b->t, CTL), 0x58);             /* DRDY DSC DRQ, via alt status */
    ck_assert(b->t->level[IRQ]);
    ck_assert_uint_eq(inb(b->t, CMD + 7), 0x58);
    ck_assert(!b->t->level[IRQ]);                        /* Status read acknowledged it */
    read_words(b, id, 256);
    ck_assert_uint_eq(inb(b->t, CMD + 7), 0x50);
}

static void id_string(const uint8_t *id, unsigned word, unsigned words, char *out)
{
    for (unsigned i = 0; i < words * 2; i++)
        out[i] = (char)id[word * 2 + (i ^ 1)];
    out[words * 2] = '\0';
}

START_TEST(identify_device_fields)
{
    struct bench b;
    bench_init(&b, 1);
    uint8_t id[512];
    identify(&b, id);
    ck_assert_uint_eq(load_le16(id + 0), 0x0040);
    ck_assert_uint_eq(load_le16(id + 2 * 1), 3);         /* cylinders */
    ck_assert_uint_eq(load_le16(id + 2 * 3), 16);        /* heads */
    ck_assert_uint_eq(load_le16(id + 2 * 6), 63);        /* sectors per track */
    char s[48];
    id_string(id, 27, 20, s);
    ck_assert_str_eq(s, "VIREO HARDDISK                          ");
    id_string(id, 10, 10, s);
    ck_assert_ptr_nonnull(strstr(s, "VR1F00-00000BD0"));
    id_string(id, 23, 4, s);
    ck_assert_str_eq(s, "0.1.0   ");
    ck_assert_uint_eq(load_le16(id + 2 * 47), 0x8010);   /* READ/WRITE MULTIPLE up to 16 */
    ck_assert_uint_eq(load_le16(id + 2 * 49) & 0x0200, 0x0200);  /* LBA */
    ck_assert_uint_eq(load_le16(id + 2 * 49) & 0x0100, 0);       /* no DMA */
    ck_assert_uint_eq(load_le16(id + 2 * 53), 0x0003);
    ck_assert_uint_eq(load_le16(id + 2 * 54), 3);
    ck_assert_uint_eq(load_le16(id + 2 * 55), 16);
    ck_assert_uint_eq(load_le16(id + 2 * 56), 63);
    ck_assert_uint_eq(load_le32(id + 2 * 57), 3024);     /* current CHS capacity */
    ck_assert_uint_eq(load_le16(id + 2 * 59), 0);        /* multiple mode off */
    ck_assert_uint_eq(load_le32(id + 2 * 60), 3024);     /* LBA28 capacity */
    ck_assert_uint_eq(load_le16(id + 2 * 64), 0x0003);   /* PIO 3 and 4 */
    ck_assert_uint_eq(load_le16(id + 2 * 82), 0x0060);
    ck_assert_uint_eq(load_le16(id + 2 * 85), 0x0060);   /* cache and look-ahead on */
    ck_assert_uint_eq(id[510], 0xa5);
    uint8_t sum = 0;
    for (unsigned i = 0; i < 512; i++)
        sum = (uint8_t)(sum + id[i]);
    ck_assert_uint_eq(sum, 0);                            /* word 255 checksum */

    /* After SET MULTIPLE 8 and INITIALIZE DEVICE PARAMETERS 8 heads, 32 sectors. */
    outb(b.t, CMD + 2, 8);
    outb(b.t, CMD + 7, 0xc6);
    ck_assert_uint_eq(await_irq(&b, 2), 0x50);
    outb(b.t, CMD + 6, 0xa0 | 7);
    outb(b.t, CMD + 2, 32);
    outb(b.t, CMD + 7, 0x91);
    ck_assert_uint_eq(await_irq(&b, 3), 0x50);
    identify(&b, id);
    ck_assert_uint_eq(load_le16(id + 2 * 59), 0x0108);
    ck_assert_uint_eq(load_le16(id + 2 * 54), 3024 / (8 * 32));
    ck_assert_uint_eq(load_le16(id + 2 * 55), 8);
    ck_assert_uint_eq(load_le16(id + 2 * 56), 32);
    ck_assert_uint_eq(load_le32(id + 2 * 57), 11 * 8 * 32);
    ck_assert_uint_eq(load_le16(id + 2 * 1), 3);         /* defaults unchanged */
    bench_fini(&b);
}
END_TEST

/* ---- reads and writes ---- */

START_TEST(read_sectors_chs)
{
    struct bench b;
    bench_init(&b, 1);
    taskfile_chs(&b, 0, 1, 2, 5, 2);                     /* C1 H2 S5 = lba 1134 */
    outb(b.t, CMD + 7, 0x20);
    ck_assert_uint_eq(inb(b.t, CMD + 7) & 0x88, 0x80);  /* BSY, no DRQ yet */
    ck_assert_uint_eq(inb(b.t, CMD + 3), inb(b.t, CMD + 7));   /* BSY: registers read Status */
    ck_assert_uint_eq(await_irq(&b, 1), 0x58);
    uint8_t buf[512];
    read_words(&b, buf, 256);
    check_sector(buf, (1 * 16 + 2) * 63 + 4);
    ck_assert_uint_eq(await_irq(&b, 2), 0x58);           /* a second interrupt, second sector */
    read_words(&b, buf, 256);
    check_sector(buf, (1 * 16 + 2) * 63 + 5);
    devtest_run(b.t, 20000);
    ck_assert_uint_eq(b.t->rises[IRQ], 2);               /* none after the last block */
    ck_assert_uint_eq(inb(b.t, CMD + 7), 0x50);
    ck_assert_uint_eq(inb(b.t, CMD + 2), 0);             /* sector count: none left */
    ck_assert_uint_eq(inb(b.t, CMD + 3), 6);             /* the last sector read */
    ck_assert_uint_eq(inb(b.t, CMD + 4), 1);
    ck_assert_uint_eq(inb(b.t, CMD + 6), 0xa2);
    bench_fini(&b);
}
END_TEST

START_TEST(read_sectors_lba_and_32bit)
{
    struct bench b;
    bench_init(&b, 1);
    taskfile_lba(&b, 0, 3000, 1);
    outb(b.t, CMD + 7, 0x21);                            /* READ SECTORS without retry */
    ck_assert_uint_eq(await_irq(&b, 1), 0x58);
    uint8_t buf[512];
    for (unsigned i = 0; i < 128; i++)
        store_le32(buf + 4 * i, bus_in(&b.t->bus, CMD, 4));
    check_sector(buf, 3000);
    ck_assert_uint_eq(inb(b.t, CMD + 7), 0x50);
    ck_assert_uint_eq(inb(b.t, CMD + 3), 3000 & 0xff);
    ck_assert_uint_eq(inb(b.t, CMD + 4), 3000 >> 8);
    ck_assert_uint_eq(inb(b.t, CMD + 6), 0xe0);

    /* A byte read of the data port on a 16-bit device takes a whole word. */
    taskfile_lba(&b, 0, 7, 1);
    outb(b.t, CMD + 7, 0x20);
    await_irq(&b, 2);
    ck_assert_uint_eq(inb(b.t, CMD), pattern(7, 0));
    ck_assert_uint_eq(inb(b.t, CMD), pattern(7, 2));
    bench_fini(&b);
}
END_TEST

START_TEST(write_sectors_chs_and_lba)
{
    struct bench b;
    bench_init(&b, 1);
    taskfile_chs(&b, 0, 2, 15, 63, 1);                   /* the very last CHS sector */
    outb(b.t, CMD + 7, 0x30);
    ck_assert_uint_eq(inb(b.t, CMD + 7), 0x58);          /* DRQ at once, no interrupt */
    ck_assert_uint_eq(b.t->rises[IRQ], 0);
    for (unsigned i = 0; i < 256; i++)
        outw(&b, CMD, (uint16_t)(0xbeef + i));
    ck_assert_uint_eq(inb(b.t, CTL) & 0x88, 0x80);       /* BSY while writing */
    ck_assert_uint_eq(await_irq(&b, 1), 0x50);           /* completion interrupt */
    uint8_t buf[512];
    ck_assert_int_eq(disk_read(b.img[0], 3023, 1, buf), 0);
    ck_assert_uint_eq(load_le16(buf + 510), 0xbeef + 255);

    taskfile_lba(&b, 0, 100, 2);
    outb(b.t, CMD + 7, 0x30);
    for (unsigned i = 0; i < 256; i++)
        outw(&b, CMD, 0x1111);
    ck_assert_uint_eq(await_irq(&b, 2), 0x58);           /* interrupt + DRQ for sector 2 */
    for (unsigned i = 0; i < 128; i++)
        bus_out(&b.t->bus, CMD, 4, 0x22222222u);         /* 32-bit writes */
    ck_assert_uint_eq(await_irq(&b, 3), 0x50);
    ck_assert_int_eq(disk_read(b.img[0], 100, 1, buf), 0);
    ck_assert_uint_eq(buf[0], 0x11);
    ck_assert_int_eq(disk_read(b.img[0], 101, 1, buf), 0);
    ck_assert_uint_eq(buf[511], 0x22);
    ck_assert_int_eq(disk_read(b.img[0], 102, 1, buf), 0);
    check_sector(buf, 102);
    ck_assert_uint_eq(inb(b.t, CMD + 3), 101);           /* last sector written */
    bench_fini(&b);
}
END_TEST

START_TEST(multiple_mode)
{
    struct bench b;
    bench_init(&b, 1);
    taskfile_lba(&b, 0, 0, 4);
    outb(b.t, CMD + 7, 0xc4);                            /* READ MULTIPLE while disabled */
    ck_assert_uint_eq(await_irq(&b, 1), 0x51);
    ck_assert_uint_eq(inb(b.t, CMD + 1), 0x04);          /* ABRT */
    outb(b.t, CMD + 2, 3);
    outb(b.t, CMD + 7, 0xc6);                            /* 3 is no power of two */
    ck_assert_uint_eq(await_irq(&b, 2), 0x51);
    outb(b.t, CMD + 2, 4);
    outb(b.t, CMD + 7, 0xc6);
    ck_assert_uint_eq(await_irq(&b, 3), 0x50);

    taskfile_lba(&b, 0, 50, 10);
    outb(b.t, CMD + 7, 0xc4);
    uint8_t buf[4 * 512];
    static const unsigned blocks[] = { 4, 4, 2 };
    uint64_t lba = 50;
    for (unsigned k = 0; k < 3; k++) {
        ck_assert_uint_eq(await_irq(&b, 4 + k), 0x58);   /* one interrupt per block */
        read_words(&b, buf, blocks[k] * 256);
        for (unsigned s = 0; s < blocks[k]; s++)
            check_sector(buf + s * 512, lba++);
    }
    devtest_run(b.t, 20000);
    ck_assert_uint_eq(b.t->rises[IRQ], 6);
    ck_assert_uint_eq(inb(b.t, CMD + 7), 0x50);
    ck_assert_uint_eq(inb(b.t, CMD + 3), 59);

    taskfile_lba(&b, 0, 200, 6);
    outb(b.t, CMD + 7, 0xc5);                            /* WRITE MULTIPLE: 4 then 2 */
    ck_assert_uint_eq(inb(b.t, CMD + 7), 0x58);
    for (unsigned i = 0; i < 4 * 256; i++)
        outw(&b, CMD, 0x4444);
    ck_assert_uint_eq(await_irq(&b, 7), 0x58);
    for (unsigned i = 0; i < 2 * 256; i++)
        outw(&b, CMD, 0x5555);
    ck_assert_uint_eq(await_irq(&b, 8), 0x50);
    ck_assert_int_eq(disk_read(b.img[0], 203, 1, buf), 0);
    ck_assert_uint_eq(buf[0], 0x44);
    ck_assert_int_eq(disk_read(b.img[0], 205, 1, buf), 0);
    ck_assert_uint_eq(buf[0], 0x55);
    bench_fini(&b);
}
END_TEST

/* ---- errors ---- */

START_TEST(out_of_range_sectors_fail_idnf)
{
    struct bench b;
    bench_init(&b, 1);
    taskfile_lba(&b, 0, HD_SECTORS, 1);                  /* one past the end */
    outb(b.t, CMD + 7, 0x20);
    ck_assert_uint_eq(await_irq(&b, 1), 0x51);
    ck_assert_uint_eq(inb(b.t, CMD + 1), 0x10);          /* IDNF */
    taskfile_chs(&b, 0, 0, 0, 0, 1);                     /* sector 0 does not exist */
    outb(b.t, CMD + 7, 0x20);
    ck_assert_uint_eq(await_irq(&b, 2), 0x51);
    ck_assert_uint_eq(inb(b.t, CMD + 1), 0x10);
    taskfile_chs(&b, 0, 3, 0, 1, 1);                     /* cylinder 3 of 3 */
    outb(b.t, CMD + 7, 0x30);
    ck_assert_uint_eq(await_irq(&b, 3), 0x51);
    taskfile_chs(&b, 0, 0, 0, 64, 1);                    /* sector 64 of 63 */
    outb(b.t, CMD + 7, 0x40);
    ck_assert_uint_eq(await_irq(&b, 4), 0x51);

    /* A read that runs off the end: two good sectors, then IDNF at the third. */
    taskfile_lba(&b, 0, HD_SECTORS - 2, 3);
    outb(b.t, CMD + 7, 0x20);
    uint8_t buf[512];
    ck_assert_uint_eq(await_irq(&b, 5), 0x58);
    read_words(&b, buf, 256);
    ck_assert_uint_eq(await_irq(&b, 6), 0x58);
    read_words(&b, buf, 256);
    check_sector(buf, HD_SECTORS - 1);
    ck_assert_uint_eq(await_irq(&b, 7), 0x51);
    ck_assert_uint_eq(inb(b.t, CMD + 1), 0x10);
    ck_assert_uint_eq(inb(b.t, CMD + 2), 1);             /* one sector not transferred */

    /* READ VERIFY over the end: IDNF, registers at the first bad sector's predecessor. */
    taskfile_lba(&b, 0, HD_SECTORS - 1, 2);
    outb(b.t, CMD + 7, 0x40);
    ck_assert_uint_eq(await_irq(&b, 8), 0x51);
    ck_assert_uint_eq(inb(b.t, CMD + 1), 0x10);

    outb(b.t, CMD + 7, 0xa1);                            /* IDENTIFY PACKET on a disk */
    ck_assert_uint_eq(await_irq(&b, 9), 0x51);
    ck_assert_uint_eq(inb(b.t, CMD + 1), 0x04);
    outb(b.t, CMD + 7, 0x00);                            /* NOP aborts */
    ck_assert_uint_eq(await_irq(&b, 10), 0x51);
    outb(b.t, CMD + 7, 0xf5);                            /* not implemented: abort */
    ck_assert_uint_eq(await_irq(&b, 11), 0x51);
    ck_assert_uint_eq(inb(b.t, CMD + 1), 0x04);
    outb(b.t, CMD + 1, 0x03);                            /* SET FEATURES: UDMA mode 2 */
    outb(b.t, CMD + 2, 0x42);
    outb(b.t, CMD + 7, 0xef);
    ck_assert_uint_eq(await_irq(&b, 12), 0x51);
    outb(b.t, CMD + 2, 0x0c);                            /* PIO mode 4 is fine */
    outb(b.t, CMD + 7, 0xef);
    ck_assert_uint_eq(await_irq(&b, 13), 0x50);
    bench_fini(&b);
}
END_TEST

START_TEST(invalid_translation_then_lba_still_works)
{
    struct bench b;
    bench_init(&b, 1);
    outb(b.t, CMD + 6, 0xa0 | 15);
    outb(b.t, CMD + 2, 0);                               /* 0 sectors per track */
    outb(b.t, CMD + 7, 0x91);
    ck_assert_uint_eq(await_irq(&b, 1), 0x51);
    taskfile_chs(&b, 0, 0, 0, 1, 1);
    outb(b.t, CMD + 7, 0x20);
    ck_assert_uint_eq(await_irq(&b, 2), 0x51);
    ck_assert_uint_eq(inb(b.t, CMD + 1), 0x10);
    taskfile_lba(&b, 0, 5, 1);
    outb(b.t, CMD + 7, 0x20);
    ck_assert_uint_eq(await_irq(&b, 3), 0x58);
    /* A valid translation: 4 heads x 17 sectors; C0 H1 S1 = lba 17. */
    outb(b.t, CMD + 6, 0xa0 | 3);
    outb(b.t, CMD + 2, 17);
    outb(b.t, CMD + 7, 0x91);                            /* also ends the pending read */
    ck_assert_uint_eq(await_irq(&b, 4), 0x50);
    taskfile_chs(&b, 0, 0, 1, 1, 1);
    outb(b.t, CMD + 7, 0x20);
    ck_assert_uint_eq(await_irq(&b, 5), 0x58);
    uint8_t buf[512];
    read_words(&b, buf, 256);
    check_sector(buf, 17);
    bench_fini(&b);
}
END_TEST

START_TEST(write_to_readonly_image_aborts)
{
    struct bench b;
    bench_init_mode(&b, 1, DISK_READONLY);
    taskfile_lba(&b, 0, 9, 1);
    outb(b.t, CMD + 7, 0x30);
    for (unsigned i = 0; i < 256; i++)
        outw(&b, CMD, 0);
    ck_assert_uint_eq(await_irq(&b, 1), 0x51);
    ck_assert_uint_eq(inb(b.t, CMD + 1), 0x04);
    uint8_t buf[512];
    ck_assert_int_eq(disk_read(b.img[0], 9, 1, buf), 0);
    check_sector(buf, 9);
    bench_fini(&b);
}
END_TEST

/* ---- reset, interrupts, device selection ---- */

START_TEST(soft_reset_signature)
{
    struct bench b;
    bench_init(&b, 2);
    taskfile_lba(&b, 1, 1234, 9);
    outb(b.t, CTL, 0x0c);                                /* SRST (bit 3 as old drivers set it) */
    ck_assert_uint_eq(inb(b.t, CTL), 0x80);
    devtest_run(b.t, 1000);
    ck_assert_uint_eq(inb(b.t, CTL), 0x80);              /* BSY as long as SRST is set */
    outb(b.t, CTL, 0x08);
    ck_assert_uint_eq(inb(b.t, CTL) & 0x80, 0x80);       /* and a little longer */
    devtest_run(b.t, 400);
    ck_assert_uint_eq(b.t->rises[IRQ], 0);               /* no interrupt after SRST */
    for (unsigned u = 0; u < 2; u++) {
        outb(b.t, CMD + 6, (uint8_t)(u << 4));
        ck_assert_uint_eq(inb(b.t, CMD + 7), 0x50);
        ck_assert_uint_eq(inb(b.t, CMD + 1), 0x01);      /* diagnostic: no error */
        ck_assert_uint_eq(inb(b.t, CMD + 2), 0x01);
        ck_assert_uint_eq(inb(b.t, CMD + 3), 0x01);
        ck_assert_uint_eq(inb(b.t, CMD + 4), 0x00);
        ck_assert_uint_eq(inb(b.t, CMD + 5), 0x00);
    }
    /* EXECUTE DEVICE DIAGNOSTIC: device 0 interrupts for both, with the signature. */
    outb(b.t, CMD + 6, 0x10);
    outb(b.t, CMD + 7, 0x90);
    ck_assert_uint_eq(await_irq(&b, 1), 0x50);
    ck_assert_uint_eq(inb(b.t, CMD + 6), 0x00);          /* device 0 selected */
    ck_assert_uint_eq(inb(b.t, CMD + 1), 0x01);
    bench_fini(&b);
}
END_TEST

START_TEST(nien_masks_intrq)
{
    struct bench b;
    bench_init(&b, 1);
    outb(b.t, CTL, 0x02);                                /* nIEN */
    taskfile_lba(&b, 0, 1, 1);
    outb(b.t, CMD + 7, 0x20);
    devtest_run(b.t, 20000);
    ck_assert_uint_eq(b.t->rises[IRQ], 0);
    ck_assert_uint_eq(inb(b.t, CTL), 0x58);              /* polled: data is there */
    outb(b.t, CTL, 0x00);                                /* interrupt still pending: shows now */
    ck_assert_uint_eq(b.t->rises[IRQ], 1);
    ck_assert(b.t->level[IRQ]);
    outb(b.t, CTL, 0x02);
    ck_assert(!b.t->level[IRQ]);
    outb(b.t, CTL, 0x00);
    ck_assert_uint_eq(b.t->rises[IRQ], 2);
    inb(b.t, CMD + 7);                                    /* acknowledged */
    ck_assert(!b.t->level[IRQ]);
    outb(b.t, CTL, 0x02);
    outb(b.t, CTL, 0x00);
    ck_assert_uint_eq(b.t->rises[IRQ], 2);
    bench_fini(&b);
}
END_TEST

START_TEST(absent_slave_reads_zero_status)
{
    struct bench b;
    bench_init(&b, 1);
    outb(b.t, CMD + 2, 0x37);
    outb(b.t, CMD + 6, 0xb0);                            /* select the missing slave */
    ck_assert_uint_eq(inb(b.t, CMD + 7), 0x00);
    ck_assert_uint_eq(inb(b.t, CTL), 0x00);
    ck_assert_uint_eq(inb(b.t, CMD + 2), 0x37);          /* device 0 answers the rest */
    ck_assert_uint_eq(inb(b.t, CMD + 6), 0xb0);
    outb(b.t, CMD + 7, 0xec);                            /* ignored: nobody executes it */
    devtest_run(b.t, 20000);
    ck_assert_uint_eq(b.t->rises[IRQ], 0);
    outb(b.t, CMD + 6, 0xa0);
    ck_assert_uint_eq(inb(b.t, CMD + 7), 0x50);

    /* The slave's pending interrupt is not driven while the master is selected. */
    struct bench b2;
    bench_init(&b2, 2);
    outb(b2.t, CMD + 6, 0xb0);
    outb(b2.t, CMD + 7, 0xec);
    devtest_run(b2.t, 20000);
    ck_assert(b2.t->level[IRQ]);
    outb(b2.t, CMD + 6, 0xa0);
    ck_assert(!b2.t->level[IRQ]);
    outb(b2.t, CMD + 6, 0xb0);
    ck_assert(b2.t->level[IRQ]);
    ck_assert_uint_eq(b2.t->rises[IRQ], 2);
    bench_fini(&b2);
    bench_fini(&b);
}
END_TEST

START_TEST(empty_channel_floats)
{
    struct bench b;
    bench_init(&b, 0);
    for (unsigned r = 0; r < 8; r++)
        ck_assert_uint_eq(inb(b.t, (uint16_t)(CMD + r)), 0xff);
    ck_assert_uint_eq(inb(b.t, CTL), 0xff);
    outb(b.t, CMD + 7, 0xec);
    devtest_run(b.t, 20000);
    ck_assert_uint_eq(b.t->rises[IRQ], 0);
    char desc[512];
    ide_describe(b.ch, desc, sizeof desc);
    ck_assert_ptr_nonnull(strstr(desc, "master: none"));
    bench_fini(&b);
}
END_TEST

/* ---- caching ---- */

START_TEST(flush_cache_and_write_through)
{
    struct bench b;
    bench_init(&b, 1);
    taskfile_lba(&b, 0, 10, 1);
    outb(b.t, CMD + 7, 0x30);
    for (unsigned i = 0; i < 256; i++)
        outw(&b, CMD, 0x7777);
    await_irq(&b, 1);
    ck_assert_uint_eq(disk_dirty_sectors(b.img[0]), 1);  /* write-back cache */
    outb(b.t, CMD + 7, 0xe7);                            /* FLUSH CACHE */
    ck_assert_uint_eq(await_irq(&b, 2), 0x50);
    ck_assert_uint_eq(disk_dirty_sectors(b.img[0]), 0);

    taskfile_lba(&b, 0, 11, 1);
    outb(b.t, CMD + 7, 0x30);
    for (unsigned i = 0; i < 256; i++)
        outw(&b, CMD, 0x7878);
    await_irq(&b, 3);
    ck_assert_uint_eq(disk_dirty_sectors(b.img[0]), 1);
    devtest_run(b.t, SCHED_HZ + 1);                      /* the periodic bound */
    ck_assert_uint_eq(disk_dirty_sectors(b.img[0]), 0);

    outb(b.t, CMD + 1, 0x82);                            /* write cache off */
    outb(b.t, CMD + 7, 0xef);
    ck_assert_uint_eq(await_irq(&b, 4), 0x50);
    uint8_t id[512];
    identify(&b, id);
    ck_assert_uint_eq(load_le16(id + 2 * 85) & 0x20, 0);
    taskfile_lba(&b, 0, 12, 1);
    outb(b.t, CMD + 7, 0x30);
    for (unsigned i = 0; i < 256; i++)
        outw(&b, CMD, 0x7979);
    await_irq(&b, 6);
    ck_assert_uint_eq(disk_dirty_sectors(b.img[0]), 0);  /* durable before completion */

    outb(b.t, CMD + 1, 0x01);                            /* 8-bit transfers */
    outb(b.t, CMD + 7, 0xef);
    await_irq(&b, 7);
    taskfile_lba(&b, 0, 12, 1);
    outb(b.t, CMD + 7, 0x20);
    await_irq(&b, 8);
    for (unsigned i = 0; i < 512; i++)
        ck_assert_uint_eq(inb(b.t, CMD), 0x79);
    ck_assert_uint_eq(inb(b.t, CMD + 7), 0x50);
    bench_fini(&b);
}
END_TEST

/* ---- Linux 0.11 kernel/blk_drv/hd.c, step by step ---- */

/* Each inb_p costs about four instructions: four ticks on this bench. */
static unsigned polls_until(struct bench *b, uint8_t mask, uint8_t want, unsigned max)
{
    for (unsigned i = 0; i < max; i++) {
        if ((inb(b->t, CMD + 7) & mask) == want)
            return i;
        devtest_run(b->t, 4);
    }
    return max;
}

/* hd_out(): controller_ready(), ctl to 3F6h, the task file, the command. */
static void hd_out(struct bench *b, unsigned nsect, unsigned sect, unsigned head, unsigned cyl,
                   uint8_t cmd)
{
    ck_assert_uint_lt(polls_until(b, 0xc0, 0x40, 10000), 10000);   /* else "not ready" */
    outb(b->t, CTL, 0x08);
    outb(b->t, CMD + 1, 0xff);                           /* wpcom >> 2 */
    outb(b->t, CMD + 2, (uint8_t)nsect);
    outb(b->t, CMD + 3, (uint8_t)sect);
    outb(b->t, CMD + 4, (uint8_t)cyl);
    outb(b->t, CMD + 5, (uint8_t)(cyl >> 8));
    outb(b->t, CMD + 6, (uint8_t)(0xa0 | head));
    outb(b->t, CMD + 7, cmd);
}

/* The interrupt handler: one new edge, then win_result() must be happy. */
static void hd_interrupt(struct bench *b, unsigned *irqs)
{
    devtest_run(b->t, 20000);
    ck_assert_uint_eq(b->t->rises[IRQ], ++*irqs);       /* else "Unexpected HD interrupt" */
    uint8_t st = inb(b->t, CMD + 7);
    ck_assert_uint_eq(st & 0xf1, 0x50);                  /* win_result(): READY|SEEK only */
}

START_TEST(linux011_hd_driver_sequence)
{
    struct bench b;
    bench_init(&b, 1);
    unsigned irqs = 0;
    /* reset_controller() */
    outb(b.t, CTL, 4);
    devtest_run(b.t, 100);                               /* for (i = 0; i < 100; i++) nop(); */
    outb(b.t, CTL, 0x08);
    ck_assert_uint_lt(polls_until(&b, 0xc0, 0x40, 10000), 10000);   /* drive_busy() */
    ck_assert_uint_eq(inb(b.t, CMD + 1), 1);             /* else "reset failed" */
    /* reset_hd(): WIN_SPECIFY, then recal_intr -> WIN_RESTORE */
    hd_out(&b, 63, 63, 15, 3, 0x91);
    hd_interrupt(&b, &irqs);
    hd_out(&b, 63, 0, 0, 0, 0x10);
    hd_interrupt(&b, &irqs);
    /* bread(0x300, 0): READ of 2 sectors from lba 0, read_intr per sector */
    hd_out(&b, 2, 1, 0, 0, 0x20);
    uint8_t buf[512];
    for (unsigned s = 0; s < 2; s++) {
        hd_interrupt(&b, &irqs);
        read_words(&b, buf, 256);                        /* port_read(HD_DATA, buf, 256) */
        check_sector(buf, s);
    }
    /* WIN_WRITE of 2 sectors at C1 H3 S10: DRQ within 3000 polls, write_intr per sector */
    hd_out(&b, 2, 10, 3, 1, 0x30);
    ck_assert_uint_lt(polls_until(&b, 0x08, 0x08, 3000), 3000);
    for (unsigned i = 0; i < 256; i++)
        outw(&b, CMD, 0x0b0b);
    hd_interrupt(&b, &irqs);
    for (unsigned i = 0; i < 256; i++)
        outw(&b, CMD, 0x0c0c);
    hd_interrupt(&b, &irqs);
    devtest_run(b.t, 100000);
    ck_assert_uint_eq(b.t->rises[IRQ], irqs);            /* nothing unexpected afterwards */
    ck_assert_int_eq(disk_read(b.img[0], (1 * 16 + 3) * 63 + 9, 1, buf), 0);
    ck_assert_uint_eq(buf[0], 0x0b);
    ck_assert_int_eq(disk_read(b.img[0], (1 * 16 + 3) * 63 + 10, 1, buf), 0);
    ck_assert_uint_eq(buf[0], 0x0c);
    bench_fini(&b);
}
END_TEST

/* The real Linux 0.11 root disk from the CI set, read as its BIOS would. */
START_TEST(real_image_partition_table)
{
    const char *shared = getenv("VIREO_SHARED");
    char path[512];
    snprintf(path, sizeof path, "%s/images/ci/linux-0.11-root-hd.img",
             shared ? shared : "../shared");
    if (access(path, R_OK) != 0)
        return;                         /* the shared images are not here */
    struct bench b;
    bench_init(&b, 0);
    struct disk_options o = { .kind = DISK_HARDDISK, .mode = DISK_SNAPSHOT, .log = &b.t->log };
    struct disk_image *img;
    ck_assert_int_eq(disk_open(&img, path, &o, &b.t->err), 0);
    ck_assert_int_eq(ide_attach(b.ch, 0, img, &b.t->err), 0);
    uint8_t id[512];
    identify(&b, id);
    ck_assert_uint_eq(load_le16(id + 2 * 1), 3);
    ck_assert_uint_eq(load_le16(id + 2 * 3), 16);
    ck_assert_uint_eq(load_le16(id + 2 * 6), 63);
    taskfile_chs(&b, 0, 0, 0, 1, 1);
    outb(b.t, CMD + 7, 0x20);
    ck_assert_uint_eq(await_irq(&b, 2), 0x58);
    uint8_t mbr[512];
    read_words(&b, mbr, 256);
    ck_assert_uint_eq(mbr[510], 0x55);
    ck_assert_uint_eq(mbr[511], 0xaa);
    ck_assert_uint_eq(mbr[0x1be + 4], 0x81);                /* MINIX */
    ck_assert_uint_eq(load_le32(mbr + 0x1be + 8), 63);
    ck_assert_uint_eq(load_le32(mbr + 0x1be + 12), 2880);
    ide_destroy(b.ch);
    b.ch = NULL;
    disk_close(img, NULL);
    bench_fini(&b);
}
END_TEST

static Suite *ide_suite(void)
{
    Suite *s = suite_create("ide");
    TCase *tc = tcase_create("commands");
    tcase_add_test(tc, identify_device_fields);
    tcase_add_test(tc, read_sectors_chs);
    tcase_add_test(tc, read_sectors_lba_and_32bit);
    tcase_add_test(tc, write_sectors_chs_and_lba);
    tcase_add_test(tc, multiple_mode);
    tcase_add_test(tc, out_of_range_sectors_fail_idnf);
    tcase_add_test(tc, invalid_translation_then_lba_still_works);
    tcase_add_test(tc, write_to_readonly_image_aborts);
    tcase_add_test(tc, flush_cache_and_write_through);
    suite_add_tcase(s, tc);
    tc = tcase_create("signals");
    tcase_add_test(tc, soft_reset_signature);
    tcase_add_test(tc, nien_masks_intrq);
    tcase_add_test(tc, absent_slave_reads_zero_status);
    tcase_add_test(tc, empty_channel_floats);
    tcase_add_test(tc, linux011_hd_driver_sequence);
    tcase_add_test(tc, real_image_partition_table);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(ide_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
