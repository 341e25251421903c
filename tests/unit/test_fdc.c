/* tests/unit/test_fdc.c: the 82077AA driven through its ports as a BIOS or
 * driver does it: reset and the four polling interrupts, SPECIFY,
 * RECALIBRATE, SEEK, READ/WRITE DATA through the real 8237 into physical
 * memory and in non-DMA mode, multi-track, end of track, FORMAT TRACK, READ
 * ID, VERIFY, READ TRACK, SCAN, deleted data, DUMPREG/VERSION/CONFIGURE/LOCK,
 * write protect, data-rate mismatch and the disk-change line.  Expected
 * status bytes from the 82077AA datasheet. */
#include <check.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "devices/disk_image.h"
#include "devices/dma.h"
#include "devices/fdc.h"
#include "mmu/physmem.h"
#include "tests/unit/devtest.h"

#define DOR 0x3f2
#define MSR 0x3f4
#define DSR 0x3f4
#define FIFO 0x3f5
#define DIR 0x3f7
#define CCR 0x3f7
#define IRQ 6
#define BUF 0x20000u            /* DMA buffer in guest memory */

struct bench {
    struct devtest *t;
    struct phys_mem mem;
    struct isa_dma *dma;
    struct fdc *f;
    struct disk_image *img[2];
    char dir[128], path[2][160];
};

/* Byte i of sector lba of a test floppy. */
static uint8_t pattern(uint64_t lba, unsigned i)
{
    return (uint8_t)(lba * 3 + i + (i >> 8));
}

static void make_floppy(const char *path, size_t bytes, unsigned salt)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    uint8_t sec[512];
    for (size_t lba = 0; lba < bytes / 512; lba++) {
        for (unsigned i = 0; i < 512; i++)
            sec[i] = (uint8_t)(pattern(lba, i) + salt);
        ck_assert_uint_eq(fwrite(sec, 1, 512, f), 512);
    }
    fclose(f);
}

static struct disk_image *open_floppy(struct bench *b, unsigned slot, size_t bytes,
                                      enum disk_mode mode, unsigned salt)
{
    snprintf(b->path[slot], sizeof b->path[slot], "%s/fd%u.img", b->dir, slot);
    make_floppy(b->path[slot], bytes, salt);
    struct disk_options o = { .kind = DISK_FLOPPY, .mode = mode, .log = &b->t->log };
    ck_assert_int_eq(disk_open(&b->img[slot], b->path[slot], &o, &b->t->err), 0);
    return b->img[slot];
}

static void bench_init_media(struct bench *b, size_t bytes, enum disk_mode mode)
{
    memset(b, 0, sizeof *b);
    b->t = devtest_new();
    snprintf(b->dir, sizeof b->dir, "%s/vireo-fdc-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(b->dir));
    ck_assert_int_eq(phys_create(&b->mem, 1u << 20, &b->t->log, &b->t->err), 0);
    b->dma = dma_create(&b->t->bus, &b->mem, &b->t->err);
    ck_assert_ptr_nonnull(b->dma);
    outb(b->t, 0xd6, 0xc0);             /* as a BIOS does: channel 4 cascade, unmasked */
    outb(b->t, 0xd4, 0x00);
    b->f = fdc_create(&b->t->bus, &b->t->sched, b->dma, FDC_PRIMARY_DMA, FDC_PRIMARY_BASE,
                      devtest_irq(b->t, IRQ), &b->t->log, &b->t->err);
    ck_assert_ptr_nonnull(b->f);
    struct disk_image *img = open_floppy(b, 0, bytes, mode, 0);
    ck_assert_int_eq(fdc_connect_drive(b->f, 0, fdd_type_for_format(disk_floppy_format(img)),
                                       &b->t->err), 0);
    ck_assert_int_eq(fdc_insert(b->f, 0, img, &b->t->err), 0);
}

static void bench_fini(struct bench *b)
{
    for (unsigned u = 0; u < 2; u++) {
        struct disk_image *img = fdc_eject(b->f, u);
        if (img != NULL && img != b->img[0] && img != b->img[1])
            disk_close(img, NULL);
    }
    fdc_destroy(b->f);
    for (unsigned s = 0; s < 2; s++) {
        if (b->img[s] != NULL) {
            disk_close(b->img[s], NULL);
            unlink(b->path[s]);
        }
    }
    rmdir(b->dir);
    dma_destroy(b->dma);
    phys_destroy(&b->mem);
    free(b->t);
}

/* ---- driver-side helpers ---- */

static void cmd(struct bench *b, const uint8_t *bytes, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        uint8_t m = inb(b->t, MSR);
        ck_assert_msg((m & 0xc0) == 0x80, "MSR %02x before command byte %u", m, i);
        outb(b->t, FIFO, bytes[i]);
    }
}

static void result(struct bench *b, uint8_t *out, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        uint8_t m = inb(b->t, MSR);
        ck_assert_msg((m & 0xd0) == 0xd0, "MSR %02x before result byte %u", m, i);
        out[i] = inb(b->t, FIFO);
    }
    ck_assert_uint_eq(inb(b->t, MSR) & 0xf0, 0x80);    /* back to the command phase */
}

/* Run until IRQ6 goes high (a rising edge), at most `max` ticks. */
static void wait_irq(struct bench *b, uint64_t max)
{
    unsigned rises = b->t->rises[IRQ];
    for (uint64_t t = 0; t < max && b->t->rises[IRQ] == rises; t += 500)
        devtest_run(b->t, 500);
    ck_assert_msg(b->t->rises[IRQ] > rises, "no interrupt");
}

#define LONG 4000000u           /* ticks: far more than any command takes */

static void sense_interrupt(struct bench *b, uint8_t st0, uint8_t pcn)
{
    static const uint8_t c[] = { 0x08 };
    uint8_t r[2];
    cmd(b, c, 1);
    result(b, r, 2);
    ck_assert_uint_eq(r[0], st0);
    ck_assert_uint_eq(r[1], pcn);
}

static void sense_interrupt_invalid(struct bench *b)
{
    static const uint8_t c[] = { 0x08 };
    uint8_t r;
    cmd(b, c, 1);
    result(b, &r, 1);
    ck_assert_uint_eq(r, 0x80);
}

/* The BIOS's bring-up: release reset, take the four polling interrupts,
 * SPECIFY, motor on, recalibrate. */
static void bring_up(struct bench *b, bool dma)
{
    outb(b->t, DOR, 0x0c);
    wait_irq(b, LONG);
    for (unsigned d = 0; d < 4; d++)
        sense_interrupt(b, (uint8_t)(0xc0 | d), 0);
    sense_interrupt_invalid(b);
    const uint8_t spec[] = { 0x03, 0xdf, dma ? 0x02 : 0x03 };
    cmd(b, spec, 3);
    outb(b->t, DOR, 0x1c);              /* drive 0 motor on */
    outb(b->t, CCR, 0x00);              /* 500 kbps */
    const uint8_t recal[] = { 0x07, 0x00 };
    cmd(b, recal, 2);
    wait_irq(b, LONG);
    sense_interrupt(b, 0x20, 0);
}

static void seek(struct bench *b, unsigned head, unsigned cyl)
{
    const uint8_t c[] = { 0x0f, (uint8_t)(head << 2), (uint8_t)cyl };
    cmd(b, c, 3);
    wait_irq(b, LONG);
    sense_interrupt(b, (uint8_t)(0x20 | head << 2), (uint8_t)cyl);
}

/* Program DMA channel 2 as the BIOS does (single mode). */
static void dma_setup(struct bench *b, bool to_memory, uint32_t phys, unsigned bytes)
{
    outb(b->t, 0x0a, 0x06);             /* mask channel 2 */
    outb(b->t, 0x0b, to_memory ? 0x46 : 0x4a);
    outb(b->t, 0x0c, 0);
    outb(b->t, 0x04, (uint8_t)phys);
    outb(b->t, 0x04, (uint8_t)(phys >> 8));
    outb(b->t, 0x81, (uint8_t)(phys >> 16));
    outb(b->t, 0x05, (uint8_t)(bytes - 1));
    outb(b->t, 0x05, (uint8_t)((bytes - 1) >> 8));
    outb(b->t, 0x0a, 0x02);             /* unmask */
}

/* A 9-byte data command; returns the 7 result bytes. */
static void data_cmd(struct bench *b, uint8_t op, unsigned head, unsigned c, unsigned h,
                     unsigned r, unsigned eot, unsigned dtl, uint8_t *res)
{
    const uint8_t k[9] = { op, (uint8_t)(head << 2), (uint8_t)c, (uint8_t)h, (uint8_t)r, 2,
                           (uint8_t)eot, 0x1b, (uint8_t)dtl };
    cmd(b, k, 9);
    ck_assert_uint_eq(inb(b->t, MSR) & 0xf0, 0x10);     /* execution: CB only (DMA) */
    wait_irq(b, LONG);
    result(b, res, 7);
}

static uint64_t lba_of(unsigned c, unsigned h, unsigned r)
{
    return ((uint64_t)c * 2 + h) * 18 + r - 1;
}

static void check_memory(struct bench *b, uint32_t phys, uint64_t lba)
{
    for (unsigned i = 0; i < 512; i++)
        ck_assert_msg(phys_read8(&b->mem, phys + i) == pattern(lba, i), "lba %u byte %u",
                      (unsigned)lba, i);
}

static void expect7(const uint8_t *r, uint8_t st0, uint8_t st1, uint8_t st2, uint8_t c,
                    uint8_t h, uint8_t rr)
{
    ck_assert_uint_eq(r[0], st0);
    ck_assert_uint_eq(r[1], st1);
    ck_assert_uint_eq(r[2], st2);
    ck_assert_uint_eq(r[3], c);
    ck_assert_uint_eq(r[4], h);
    ck_assert_uint_eq(r[5], rr);
    ck_assert_uint_eq(r[6], 2);
}

/* ---- tests ---- */

START_TEST(reset_polling_and_version)
{
    struct bench b;
    bench_init_media(&b, 1474560, DISK_READWRITE);
    ck_assert_uint_eq(inb(b.t, MSR), 0x00);             /* held in reset after power-on */
    outb(b.t, DOR, 0x04);                               /* out of reset, DMA gate closed */
    devtest_run(b.t, 10000);
    ck_assert_uint_eq(b.t->rises[IRQ], 0);              /* AT mode: the gate holds INT */
    ck_assert_uint_eq(inb(b.t, MSR), 0x80);
    outb(b.t, DOR, 0x0c);
    ck_assert_uint_eq(b.t->rises[IRQ], 1);
    for (unsigned d = 0; d < 4; d++) {
        ck_assert(b.t->level[IRQ]);                     /* up until the last status is read */
        sense_interrupt(&b, (uint8_t)(0xc0 | d), 0);
    }
    ck_assert(!b.t->level[IRQ]);
    ck_assert_uint_eq(b.t->rises[IRQ], 1);
    sense_interrupt_invalid(&b);

    uint8_t r[10];
    static const uint8_t version[] = { 0x10 };
    cmd(&b, version, 1);
    result(&b, r, 1);
    ck_assert_uint_eq(r[0], 0x90);
    static const uint8_t partid[] = { 0x18 };           /* post-1991 82077AA: invalid */
    cmd(&b, partid, 1);
    result(&b, r, 1);
    ck_assert_uint_eq(r[0], 0x80);
    static const uint8_t bogus[] = { 0x1f };
    cmd(&b, bogus, 1);
    result(&b, r, 1);
    ck_assert_uint_eq(r[0], 0x80);
    ck_assert_uint_eq(b.t->rises[IRQ], 1);              /* invalid commands: no interrupt */

    /* The DSR's software reset does it all again. */
    outb(b.t, DSR, 0x80);
    wait_irq(&b, LONG);
    for (unsigned d = 0; d < 4; d++)
        sense_interrupt(&b, (uint8_t)(0xc0 | d), 0);
    bench_fini(&b);
}
END_TEST

START_TEST(configure_lock_dumpreg)
{
    struct bench b;
    bench_init_media(&b, 1474560, DISK_READWRITE);
    bring_up(&b, true);
    seek(&b, 0, 7);
    static const uint8_t conf[] = { 0x13, 0x00, 0x57, 0x05 };  /* EIS, POLL off, thr 7 */
    cmd(&b, conf, 4);
    static const uint8_t perp[] = { 0x12, 0x80 | 0x04 | 0x03 }; /* OW, drive 0, GAP WGATE */
    cmd(&b, perp, 2);
    static const uint8_t dump[] = { 0x0e };
    uint8_t r[10];
    cmd(&b, dump, 1);
    result(&b, r, 10);
    static const uint8_t expect[10] = { 7, 0, 0, 0, 0xdf, 0x02, 0, 0x07, 0x57, 0x05 };
    ck_assert_mem_eq(r, expect, 10);

    static const uint8_t lock[] = { 0x94 }, unlock[] = { 0x14 };
    cmd(&b, lock, 1);
    result(&b, r, 1);
    ck_assert_uint_eq(r[0], 0x10);
    outb(b.t, DOR, 0x18);                               /* reset: LOCK keeps CONFIGURE */
    outb(b.t, DOR, 0x1c);
    devtest_run(b.t, 100000);
    ck_assert_uint_eq(b.t->rises[IRQ], 2 + 1);          /* POLL off: no reset interrupt */
    cmd(&b, dump, 1);
    result(&b, r, 10);
    ck_assert_uint_eq(r[0], 0);                         /* PCN cleared by the reset */
    ck_assert_uint_eq(r[7], 0x80 | 0x04);               /* LOCK, D0 kept, GAP/WGATE cleared */
    ck_assert_uint_eq(r[8], 0x57);
    ck_assert_uint_eq(r[9], 0x05);
    cmd(&b, unlock, 1);
    result(&b, r, 1);
    ck_assert_uint_eq(r[0], 0x00);
    outb(b.t, DOR, 0x18);
    outb(b.t, DOR, 0x1c);
    wait_irq(&b, LONG);                                 /* polling is back on */
    for (unsigned d = 0; d < 4; d++)
        sense_interrupt(&b, (uint8_t)(0xc0 | d), 0);
    cmd(&b, dump, 1);
    result(&b, r, 10);
    ck_assert_uint_eq(r[4], 0xdf);                      /* SPECIFY survives resets */
    ck_assert_uint_eq(r[8], 0x20);                      /* EIS 0, FIFO off, POLL on */
    ck_assert_uint_eq(r[9], 0x00);
    bench_fini(&b);
}
END_TEST

START_TEST(seeks_and_drive_status)
{
    struct bench b;
    bench_init_media(&b, 1474560, DISK_READWRITE);
    bring_up(&b, true);
    static const uint8_t sds[] = { 0x04, 0x00 };
    uint8_t r[7];
    cmd(&b, sds, 2);
    result(&b, r, 1);
    ck_assert_uint_eq(r[0], 0x38);                      /* T0, bits 5 and 3 set */
    const uint8_t sk[] = { 0x0f, 0x04, 40 };
    cmd(&b, sk, 3);
    ck_assert_uint_eq(inb(b.t, MSR), 0x81);             /* drive 0 busy, RQM */
    wait_irq(&b, LONG);
    sense_interrupt(&b, 0x24, 40);
    cmd(&b, sds, 2);
    result(&b, r, 1);
    ck_assert_uint_eq(r[0], 0x28);
    static const uint8_t rel_in[] = { 0xcf, 0x00, 5 }, rel_out[] = { 0x8f, 0x00, 12 };
    cmd(&b, rel_in, 3);
    wait_irq(&b, LONG);
    sense_interrupt(&b, 0x20, 45);
    cmd(&b, rel_out, 3);
    wait_irq(&b, LONG);
    sense_interrupt(&b, 0x20, 33);
    /* Read ID there: the IDs say cylinder 33 (the head really moved). */
    static const uint8_t rid[] = { 0x4a, 0x00 };
    cmd(&b, rid, 2);
    wait_irq(&b, LONG);
    result(&b, r, 7);
    ck_assert_uint_eq(r[0], 0x00);
    ck_assert_uint_eq(r[3], 33);
    ck_assert_uint_eq(r[4], 0);
    ck_assert(r[5] >= 1 && r[5] <= 18);
    ck_assert_uint_eq(r[6], 2);
    /* RECALIBRATE of a drive that is not there: no track 0 after 79 steps. */
    static const uint8_t recal1[] = { 0x07, 0x01 };
    cmd(&b, recal1, 2);
    wait_irq(&b, LONG);
    sense_interrupt(&b, 0x71, 0);
    bench_fini(&b);
}
END_TEST

START_TEST(read_write_dma)
{
    struct bench b;
    bench_init_media(&b, 1474560, DISK_READWRITE);
    bring_up(&b, true);
    seek(&b, 0, 2);
    uint8_t r[7];
    /* Two sectors from C2 H0 R5: TC after the second ends it normally. */
    dma_setup(&b, true, BUF, 1024);
    data_cmd(&b, 0xe6, 0, 2, 0, 5, 18, 0xff, r);
    expect7(r, 0x00, 0x00, 0x00, 2, 0, 7);
    check_memory(&b, BUF, lba_of(2, 0, 5));
    check_memory(&b, BUF + 512, lba_of(2, 0, 6));

    /* Multi-track: R17, R18 on side 0, then R1, R2 on side 1. */
    dma_setup(&b, true, BUF, 2048);
    data_cmd(&b, 0xe6, 0, 2, 0, 17, 18, 0xff, r);
    expect7(r, 0x04, 0x00, 0x00, 2, 1, 3);
    check_memory(&b, BUF + 512, lba_of(2, 0, 18));
    check_memory(&b, BUF + 1024, lba_of(2, 1, 1));
    /* TC exactly at the end of side 0 with MT: C same, H flips, R = 1. */
    dma_setup(&b, true, BUF, 1024);
    data_cmd(&b, 0xe6, 0, 2, 0, 17, 18, 0xff, r);
    expect7(r, 0x00, 0x00, 0x00, 2, 1, 1);
    /* Without MT, EOT before TC: end of cylinder, C+1, R = 1. */
    dma_setup(&b, true, BUF, 4096);
    data_cmd(&b, 0x66, 0, 2, 0, 17, 18, 0xff, r);
    expect7(r, 0x40, 0x80, 0x00, 3, 0, 1);
    /* MT from side 1 at EOT: C+1 and H flips back. */
    seek(&b, 1, 2);
    dma_setup(&b, true, BUF, 4096);
    data_cmd(&b, 0xe6, 1, 2, 1, 18, 18, 0xff, r);
    expect7(r, 0x44, 0x80, 0x00, 3, 0, 1);

    /* WRITE DATA: memory to the image. */
    for (unsigned i = 0; i < 1024; i++)
        phys_write8(&b.mem, BUF + i, (uint8_t)(0xa0 ^ i));
    dma_setup(&b, false, BUF, 1024);
    data_cmd(&b, 0xc5, 1, 2, 1, 9, 18, 0xff, r);
    expect7(r, 0x04, 0x00, 0x00, 2, 1, 11);
    uint8_t sec[512];
    ck_assert_int_eq(disk_read(b.img[0], lba_of(2, 1, 10), 1, sec), 0);
    ck_assert_uint_eq(sec[0], (uint8_t)(0xa0 ^ 512));
    ck_assert_uint_eq(sec[511], (uint8_t)(0xa0 ^ 1023));
    ck_assert_uint_eq(disk_dirty_sectors(b.img[0]), 2);  /* cached ... */
    devtest_run(b.t, SCHED_HZ + 1);
    ck_assert_uint_eq(disk_dirty_sectors(b.img[0]), 0);  /* ... and flushed within a second */
    /* TC in the middle of a sector: the rest is written as zeros. */
    dma_setup(&b, false, BUF, 100);
    data_cmd(&b, 0xc5, 1, 2, 1, 12, 18, 0xff, r);
    expect7(r, 0x04, 0x00, 0x00, 2, 1, 13);
    ck_assert_int_eq(disk_read(b.img[0], lba_of(2, 1, 12), 1, sec), 0);
    ck_assert_uint_eq(sec[99], (uint8_t)(0xa0 ^ 99));
    ck_assert_uint_eq(sec[100], 0);
    ck_assert_uint_eq(sec[511], 0);
    /* A masked channel never answers: overrun. */
    outb(b.t, 0x0a, 0x06);
    data_cmd(&b, 0xe6, 1, 2, 1, 1, 18, 0xff, r);
    expect7(r, 0x44, 0x10, 0x00, 2, 1, 1);
    bench_fini(&b);
}
END_TEST

START_TEST(search_errors)
{
    struct bench b;
    bench_init_media(&b, 1474560, DISK_READWRITE);
    bring_up(&b, true);
    seek(&b, 0, 5);
    uint8_t r[7];
    dma_setup(&b, true, BUF, 512);
    data_cmd(&b, 0xe6, 0, 6, 0, 1, 18, 0xff, r);        /* C6 asked, head on 5 */
    expect7(r, 0x40, 0x04, 0x10, 6, 0, 1);              /* ND, wrong cylinder */
    data_cmd(&b, 0xe6, 0, 5, 0, 19, 19, 0xff, r);       /* no sector 19 */
    expect7(r, 0x40, 0x04, 0x00, 5, 0, 19);
    data_cmd(&b, 0xe6, 0, 5, 1, 1, 18, 0xff, r);        /* H1 asked on side 0 */
    expect7(r, 0x40, 0x04, 0x00, 5, 1, 1);
    outb(b.t, CCR, 0x02);                               /* 250 kbps: 1.44M media unreadable */
    data_cmd(&b, 0xe6, 0, 5, 0, 1, 18, 0xff, r);
    expect7(r, 0x40, 0x01, 0x00, 5, 0, 1);              /* missing address mark */
    outb(b.t, CCR, 0x00);
    data_cmd(&b, 0xa6, 0, 5, 0, 1, 18, 0xff, r);        /* FM on MFM media */
    expect7(r, 0x00 | 0x40, 0x01, 0x00, 5, 0, 1);
    /* Implied seek with EIS: no SEEK, SE reported, the head follows. */
    static const uint8_t conf[] = { 0x13, 0x00, 0x40 | 0x20, 0x00 };
    cmd(&b, conf, 4);
    dma_setup(&b, true, BUF, 512);
    data_cmd(&b, 0xe6, 0, 60, 0, 3, 18, 0xff, r);
    expect7(r, 0x20, 0x00, 0x00, 60, 0, 4);
    check_memory(&b, BUF, lba_of(60, 0, 3));
    bench_fini(&b);
}
END_TEST

START_TEST(write_protect)
{
    struct bench b;
    bench_init_media(&b, 737280, DISK_READONLY);
    bring_up(&b, true);
    outb(b.t, CCR, 0x02);                               /* 720K: 250 kbps */
    uint8_t r[7];
    static const uint8_t sds[] = { 0x04, 0x00 };
    cmd(&b, sds, 2);
    result(&b, r, 1);
    ck_assert_uint_eq(r[0], 0x78);                      /* WP */
    dma_setup(&b, false, BUF, 512);
    data_cmd(&b, 0xc5, 0, 0, 0, 1, 9, 0xff, r);
    expect7(r, 0x40, 0x02, 0x00, 0, 0, 1);              /* not writable */
    static const uint8_t fmt[] = { 0x4d, 0x00, 2, 9, 0x50, 0xf6 };
    cmd(&b, fmt, 6);
    wait_irq(&b, LONG);
    result(&b, r, 7);
    ck_assert_uint_eq(r[0], 0x40);
    ck_assert_uint_eq(r[1], 0x02);
    dma_setup(&b, true, BUF, 512);                      /* reading is fine */
    data_cmd(&b, 0xe6, 0, 0, 0, 9, 9, 0xff, r);
    expect7(r, 0x00, 0x00, 0x00, 0, 1, 1);              /* MT at EOT of side 0: H flips */
    check_memory(&b, BUF, 8);
    bench_fini(&b);
}
END_TEST

START_TEST(non_dma_read_and_write)
{
    struct bench b;
    bench_init_media(&b, 1474560, DISK_READWRITE);
    bring_up(&b, false);
    seek(&b, 0, 1);
    /* READ DATA R3..R4 (EOT 4): two sectors by polling, then end of cylinder. */
    const uint8_t rd[9] = { 0x66, 0x00, 1, 0, 3, 2, 4, 0x1b, 0xff };
    cmd(&b, rd, 9);
    uint8_t buf[1024];
    for (unsigned i = 0; i < 1024; i++) {
        uint8_t m;
        unsigned spins = 0;
        while (((m = inb(b.t, MSR)) & 0x80) == 0 && spins++ < 1000)
            devtest_run(b.t, 200);
        ck_assert_uint_eq(m, 0xf0);                     /* RQM DIO NDMA CB */
        ck_assert(b.t->level[IRQ]);                     /* INT asks for each byte */
        buf[i] = inb(b.t, FIFO);
    }
    for (unsigned i = 0; i < 512; i++) {
        ck_assert_uint_eq(buf[i], pattern(lba_of(1, 0, 3), i));
        ck_assert_uint_eq(buf[512 + i], pattern(lba_of(1, 0, 4), i));
    }
    ck_assert(b.t->level[IRQ]);                         /* result phase interrupt */
    uint8_t r[7];
    result(&b, r, 7);
    expect7(r, 0x40, 0x80, 0x00, 2, 0, 1);              /* no TC in non-DMA mode: EN */
    ck_assert(!b.t->level[IRQ]);

    const uint8_t wr[9] = { 0x45, 0x00, 1, 0, 7, 2, 7, 0x1b, 0xff };
    cmd(&b, wr, 9);
    for (unsigned i = 0; i < 512; i++) {
        uint8_t m;
        unsigned spins = 0;
        while (((m = inb(b.t, MSR)) & 0x80) == 0 && spins++ < 1000)
            devtest_run(b.t, 200);
        ck_assert_uint_eq(m, 0xb0);                     /* RQM NDMA CB, host to FDC */
        outb(b.t, FIFO, (uint8_t)(i * 5));
    }
    result(&b, r, 7);
    expect7(r, 0x40, 0x80, 0x00, 2, 0, 1);
    uint8_t sec[512];
    ck_assert_int_eq(disk_read(b.img[0], lba_of(1, 0, 7), 1, sec), 0);
    ck_assert_uint_eq(sec[3], 15);
    ck_assert_uint_eq(sec[511], (uint8_t)(511 * 5));
    bench_fini(&b);
}
END_TEST

START_TEST(format_track)
{
    struct bench b;
    bench_init_media(&b, 1474560, DISK_READWRITE);
    bring_up(&b, true);
    seek(&b, 1, 3);
    /* Interleave 2:1 IDs for C3 H1, as FORMAT programs do. */
    static const uint8_t order[18] = { 1, 10, 2, 11, 3, 12, 4, 13, 5, 14, 6, 15, 7, 16, 8, 17,
                                       9, 18 };
    for (unsigned i = 0; i < 18; i++) {
        phys_write8(&b.mem, BUF + 4 * i, 3);
        phys_write8(&b.mem, BUF + 4 * i + 1, 1);
        phys_write8(&b.mem, BUF + 4 * i + 2, order[i]);
        phys_write8(&b.mem, BUF + 4 * i + 3, 2);
    }
    dma_setup(&b, false, BUF, 18 * 4);
    static const uint8_t fmt[] = { 0x4d, 0x04, 2, 18, 0x6c, 0xf6 };
    cmd(&b, fmt, 6);
    wait_irq(&b, LONG);
    uint8_t r[7];
    result(&b, r, 7);
    ck_assert_uint_eq(r[0], 0x04);
    ck_assert_uint_eq(r[1], 0x00);
    ck_assert_uint_eq(r[2], 0x00);
    uint8_t sec[512];
    for (unsigned s = 1; s <= 18; s++) {
        ck_assert_int_eq(disk_read(b.img[0], lba_of(3, 1, s), 1, sec), 0);
        ck_assert_uint_eq(sec[0], 0xf6);
        ck_assert_uint_eq(sec[511], 0xf6);
    }
    ck_assert_int_eq(disk_read(b.img[0], lba_of(3, 0, 1), 1, sec), 0);   /* side 0 untouched */
    ck_assert_uint_eq(sec[0], pattern(lba_of(3, 0, 1), 0));
    bench_fini(&b);
}
END_TEST

START_TEST(verify_read_track_scan)
{
    struct bench b;
    bench_init_media(&b, 1474560, DISK_READWRITE);
    bring_up(&b, true);
    seek(&b, 0, 4);
    uint8_t r[7];
    const uint8_t v0[9] = { 0x56, 0x00, 4, 0, 10, 2, 18, 0x1b, 0xff };  /* EC=0: to EOT */
    cmd(&b, v0, 9);
    wait_irq(&b, LONG);
    result(&b, r, 7);
    expect7(r, 0x00, 0x00, 0x00, 5, 0, 1);
    const uint8_t v1[9] = { 0xd6, 0x80, 4, 0, 17, 2, 18, 0x1b, 4 };     /* EC=1, MT, 4 sectors */
    cmd(&b, v1, 9);
    wait_irq(&b, LONG);
    result(&b, r, 7);
    expect7(r, 0x04, 0x00, 0x00, 4, 1, 3);

    /* READ TRACK: every sector from the index; IDR R = 1 matches throughout. */
    dma_setup(&b, true, BUF, 18 * 512);
    data_cmd(&b, 0x42, 0, 4, 0, 1, 18, 0xff, r);
    ck_assert_uint_eq(r[0], 0x00);                      /* TC at the 18th sector */
    check_memory(&b, BUF + 17 * 512, lba_of(4, 0, 18));
    dma_setup(&b, true, BUF, 18 * 512);
    data_cmd(&b, 0x42, 0, 4, 0, 2, 18, 0xff, r);        /* IDR R off by one: ND, goes on */
    ck_assert_uint_eq(r[1], 0x04);
    check_memory(&b, BUF + 5 * 512, lba_of(4, 0, 6));

    /* SCAN EQUAL for the contents of R7, with FFh wildcards. */
    for (unsigned k = 0; k < 7; k++)                    /* the same data for R1..R7 */
        for (unsigned i = 0; i < 512; i++)
            phys_write8(&b.mem, BUF + k * 512 + i, i % 3 ? pattern(lba_of(4, 0, 7), i) : 0xff);
    dma_setup(&b, false, BUF, 512 * 18);
    data_cmd(&b, 0x71, 0, 4, 0, 1, 18, 1, r);
    expect7(r, 0x00, 0x00, 0x08, 4, 0, 7);              /* scan hit on R7 */
    /* SCAN HIGH OR EQUAL with all zeros: R1 already qualifies, not equal. */
    for (unsigned i = 0; i < 512; i++)
        phys_write8(&b.mem, BUF + i, 0);
    dma_setup(&b, false, BUF, 512);
    data_cmd(&b, 0x7d, 0, 4, 0, 1, 18, 1, r);
    expect7(r, 0x00, 0x00, 0x00, 4, 0, 1);
    bench_fini(&b);
}
END_TEST

START_TEST(deleted_data_marks)
{
    struct bench b;
    bench_init_media(&b, 1474560, DISK_READWRITE);
    bring_up(&b, true);
    uint8_t r[7];
    for (unsigned i = 0; i < 512; i++)
        phys_write8(&b.mem, BUF + i, 0xdd);
    dma_setup(&b, false, BUF, 512);
    data_cmd(&b, 0x49, 0, 0, 0, 5, 18, 0xff, r);        /* WRITE DELETED DATA R5 */
    expect7(r, 0x00, 0x00, 0x00, 0, 0, 6);
    dma_setup(&b, true, BUF, 3 * 512);
    data_cmd(&b, 0x46, 0, 0, 0, 4, 18, 0xff, r);        /* READ DATA, SK=0: stops after R5 */
    expect7(r, 0x00, 0x00, 0x40, 0, 0, 6);
    ck_assert_uint_eq(phys_read8(&b.mem, BUF + 512), 0xdd);
    dma_setup(&b, true, BUF, 2 * 512);
    data_cmd(&b, 0x66, 0, 0, 0, 4, 18, 0xff, r);        /* SK=1: R5 skipped, R4 and R6 read */
    expect7(r, 0x00, 0x00, 0x40, 0, 0, 7);
    check_memory(&b, BUF, lba_of(0, 0, 4));
    check_memory(&b, BUF + 512, lba_of(0, 0, 6));
    dma_setup(&b, true, BUF, 512);
    data_cmd(&b, 0x4c, 0, 0, 0, 5, 18, 0xff, r);        /* READ DELETED DATA on R5: clean */
    expect7(r, 0x00, 0x00, 0x00, 0, 0, 6);
    bench_fini(&b);
}
END_TEST

START_TEST(disk_change_line)
{
    struct bench b;
    bench_init_media(&b, 1474560, DISK_READWRITE);
    outb(b.t, DOR, 0x0c);
    ck_assert_uint_eq(inb(b.t, DIR) & 0x80, 0x00);      /* motor off: drive not selected */
    outb(b.t, DOR, 0x1c);
    ck_assert_uint_eq(inb(b.t, DIR) & 0x80, 0x80);      /* power-on: changed */
    wait_irq(&b, LONG);
    for (unsigned d = 0; d < 4; d++)
        sense_interrupt(&b, (uint8_t)(0xc0 | d), 0);
    const uint8_t spec[] = { 0x03, 0xdf, 0x02 };
    cmd(&b, spec, 3);
    outb(b.t, CCR, 0x00);
    seek(&b, 0, 0);                                     /* no step pulse: still set */
    ck_assert_uint_eq(inb(b.t, DIR) & 0x80, 0x80);
    seek(&b, 0, 1);
    ck_assert_uint_eq(inb(b.t, DIR) & 0x80, 0x00);      /* a step with a disk in clears it */

    /* Swap in another disk: the line is set again and reads see the new one. */
    struct disk_image *old = fdc_eject(b.f, 0);
    ck_assert_ptr_eq(old, b.img[0]);
    ck_assert_uint_eq(inb(b.t, DIR) & 0x80, 0x80);
    struct disk_image *other = open_floppy(&b, 1, 1474560, DISK_SNAPSHOT, 0x55);
    ck_assert_int_eq(fdc_insert(b.f, 0, other, &b.t->err), 0);
    ck_assert_int_eq(fdc_insert(b.f, 0, other, &b.t->err), EMU_ESTATE);
    ck_assert_uint_eq(inb(b.t, DIR) & 0x80, 0x80);
    seek(&b, 0, 0);
    ck_assert_uint_eq(inb(b.t, DIR) & 0x80, 0x00);
    uint8_t r[7];
    dma_setup(&b, true, BUF, 512);
    data_cmd(&b, 0xe6, 0, 0, 0, 1, 18, 0xff, r);
    ck_assert_uint_eq(r[0], 0x00);
    ck_assert_uint_eq(phys_read8(&b.mem, BUF + 7), (uint8_t)(pattern(0, 7) + 0x55));

    /* No disk: READ DATA waits for index pulses that never come ... */
    ck_assert_ptr_eq(fdc_eject(b.f, 0), other);
    dma_setup(&b, true, BUF, 512);
    const uint8_t rd[9] = { 0xe6, 0x00, 0, 0, 2, 2, 18, 0x1b, 0xff };
    cmd(&b, rd, 9);
    unsigned rises = b.t->rises[IRQ];
    devtest_run(b.t, 5 * LONG);
    ck_assert_uint_eq(b.t->rises[IRQ], rises);
    ck_assert_uint_eq(inb(b.t, MSR) & 0xf0, 0x10);      /* still executing */
    char desc[1024];
    fdc_describe(b.f, desc, sizeof desc);
    ck_assert_ptr_nonnull(strstr(desc, "execution phase of READ DATA"));
    /* ... until one is inserted. */
    ck_assert_int_eq(fdc_insert(b.f, 0, old, &b.t->err), 0);
    wait_irq(&b, LONG);
    result(&b, r, 7);
    expect7(r, 0x00, 0x00, 0x00, 0, 0, 3);
    check_memory(&b, BUF, 1);
    bench_fini(&b);
}
END_TEST

/* A 360K disk in its own drive at 250 kbps, and in a 1.2M drive at 300
 * kbps with double stepping. */
START_TEST(dd_media_rates)
{
    struct bench b;
    bench_init_media(&b, 368640, DISK_READWRITE);
    ck_assert_int_eq(fdc_drive_type(b.f, 0), FDD_360K);
    bring_up(&b, true);
    outb(b.t, CCR, 0x02);
    seek(&b, 0, 39);
    uint8_t r[7];
    dma_setup(&b, true, BUF, 512);
    data_cmd(&b, 0x66, 0, 39, 0, 9, 9, 0xff, r);         /* no MT: TC at EOT gives C+1 */
    expect7(r, 0x00, 0x00, 0x00, 40, 0, 1);
    check_memory(&b, BUF, 39 * 18 + 8);
    bench_fini(&b);

    bench_init_media(&b, 368640, DISK_READWRITE);
    struct disk_image *img = fdc_eject(b.f, 0);
    ck_assert_int_eq(fdc_connect_drive(b.f, 0, FDD_1200K, &b.t->err), 0);
    ck_assert_int_eq(fdc_insert(b.f, 0, img, &b.t->err), 0);
    bring_up(&b, true);
    outb(b.t, CCR, 0x02);                               /* 250 kbps: wrong at 360 rpm */
    seek(&b, 0, 20);                                    /* double step for cylinder 10 */
    dma_setup(&b, true, BUF, 512);
    data_cmd(&b, 0xe6, 0, 10, 0, 1, 9, 0xff, r);
    ck_assert_uint_eq(r[1], 0x01);
    outb(b.t, CCR, 0x01);                               /* 300 kbps */
    dma_setup(&b, true, BUF, 512);
    data_cmd(&b, 0xe6, 0, 10, 0, 1, 9, 0xff, r);
    expect7(r, 0x00, 0x00, 0x00, 10, 0, 2);
    check_memory(&b, BUF, 10 * 18);
    bench_fini(&b);
}
END_TEST

/* The FreeDOS boot floppy from the CI set: its boot sector, as a BIOS reads it. */
START_TEST(real_floppy_boot_sector)
{
    const char *shared = getenv("VIREO_SHARED");
    char path[512];
    snprintf(path, sizeof path, "%s/images/ci/freedos-bootdisk-1440k.img",
             shared ? shared : "../shared");
    if (access(path, R_OK) != 0)
        return;                         /* the shared images are not here */
    struct bench b;
    bench_init_media(&b, 1474560, DISK_READWRITE);
    fdc_eject(b.f, 0);
    struct disk_options o = { .kind = DISK_FLOPPY, .mode = DISK_SNAPSHOT, .log = &b.t->log };
    struct disk_image *img;
    ck_assert_int_eq(disk_open(&img, path, &o, &b.t->err), 0);
    ck_assert_int_eq(fdc_insert(b.f, 0, img, &b.t->err), 0);
    bring_up(&b, true);
    uint8_t r[7];
    dma_setup(&b, true, BUF, 512);
    data_cmd(&b, 0xe6, 0, 0, 0, 1, 18, 0xff, r);
    expect7(r, 0x00, 0x00, 0x00, 0, 0, 2);
    ck_assert_uint_eq(phys_read16(&b.mem, BUF + 11), 512);      /* BPB: bytes per sector */
    ck_assert_uint_eq(phys_read16(&b.mem, BUF + 24), 18);       /* sectors per track */
    ck_assert_uint_eq(phys_read16(&b.mem, BUF + 26), 2);        /* heads */
    ck_assert_uint_eq(phys_read16(&b.mem, BUF + 510), 0xaa55);
    ck_assert_ptr_eq(fdc_eject(b.f, 0), img);
    disk_close(img, NULL);
    bench_fini(&b);
}
END_TEST

static Suite *fdc_suite(void)
{
    Suite *s = suite_create("fdc");
    TCase *tc = tcase_create("82077aa");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, reset_polling_and_version);
    tcase_add_test(tc, configure_lock_dumpreg);
    tcase_add_test(tc, seeks_and_drive_status);
    tcase_add_test(tc, read_write_dma);
    tcase_add_test(tc, search_errors);
    tcase_add_test(tc, write_protect);
    tcase_add_test(tc, non_dma_read_and_write);
    tcase_add_test(tc, format_track);
    tcase_add_test(tc, verify_read_track_scan);
    tcase_add_test(tc, deleted_data_marks);
    tcase_add_test(tc, disk_change_line);
    tcase_add_test(tc, dd_media_rates);
    tcase_add_test(tc, real_floppy_boot_sector);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fdc_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
