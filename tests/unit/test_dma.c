/* tests/unit/test_dma.c: the 8237A pair driven through its ports as a BIOS
 * or driver would program it; expected values from the 8237A datasheet
 * (count N moves N+1 units, TC sets status and masks unless auto-init)
 * and the PC/AT page-register map. */
#include <check.h>
#include <string.h>

#include "devices/dma.h"
#include "mmu/physmem.h"
#include "tests/unit/devtest.h"

struct bench {
    struct devtest *t;
    struct phys_mem mem;
    struct isa_dma *d;
};

static void bench_init(struct bench *b)
{
    b->t = devtest_new();
    ck_assert_int_eq(phys_create(&b->mem, 1u << 20, &b->t->log, &b->t->err), 0);
    b->d = dma_create(&b->t->bus, &b->mem, &b->t->err);
    ck_assert_ptr_nonnull(b->d);
    /* As a BIOS does: enable cascade channel 4, clear all other masks. */
    outb(b->t, 0xd6, 0xc0);         /* ch4 cascade */
    outb(b->t, 0xd4, 0x00);         /* unmask ch4 */
    outb(b->t, 0x0e, 0x00);         /* clear mask register, controller 1 */
}

static void bench_fini(struct bench *b)
{
    dma_destroy(b->d);
    phys_destroy(&b->mem);
    free(b->t);
}

/* Program an 8-bit channel the way DOS does: clear FF, address, count, page, mode. */
static void program8(struct bench *b, unsigned ch, uint8_t mode, uint32_t phys, uint16_t count)
{
    static const uint8_t page_port[4] = { 0x87, 0x83, 0x81, 0x82 };
    outb(b->t, 0x0a, (uint8_t)(0x04 | ch));             /* mask */
    outb(b->t, 0x0b, (uint8_t)(mode | ch));
    outb(b->t, 0x0c, 0);                                /* clear byte pointer */
    outb(b->t, (uint16_t)(ch * 2), (uint8_t)phys);
    outb(b->t, (uint16_t)(ch * 2), (uint8_t)(phys >> 8));
    outb(b->t, page_port[ch], (uint8_t)(phys >> 16));
    outb(b->t, (uint16_t)(ch * 2 + 1), (uint8_t)count);
    outb(b->t, (uint16_t)(ch * 2 + 1), (uint8_t)(count >> 8));
    outb(b->t, 0x0a, (uint8_t)ch);                      /* unmask */
}

static uint16_t read16(struct bench *b, uint16_t port)
{
    uint8_t lo = inb(b->t, port);
    return (uint16_t)(lo | (inb(b->t, port) << 8));
}

START_TEST(flipflop_address_readback)
{
    struct bench b;
    bench_init(&b);
    outb(b.t, 0x0c, 0);
    outb(b.t, 0x04, 0x34);
    outb(b.t, 0x04, 0x12);
    outb(b.t, 0x05, 0xff);
    outb(b.t, 0x05, 0x01);
    ck_assert_uint_eq(read16(&b, 0x04), 0x1234);
    ck_assert_uint_eq(read16(&b, 0x05), 0x01ff);
    /* A stray low-byte read leaves the pointer on the high byte until cleared. */
    (void)inb(b.t, 0x04);
    ck_assert_uint_eq(inb(b.t, 0x04), 0x12);
    (void)inb(b.t, 0x04);
    outb(b.t, 0x0c, 0);
    ck_assert_uint_eq(inb(b.t, 0x04), 0x34);
    bench_fini(&b);
}
END_TEST

START_TEST(single_write_to_tc)
{
    struct bench b;
    bench_init(&b);
    program8(&b, 2, 0x44, 0x12000, 3);                 /* single, write, ch2 */
    uint8_t data[6] = { 'A', 'B', 'C', 'D', 'E', 'F' };
    bool tc;
    ck_assert_uint_eq(dma_transfer(b.d, 2, data, 6, true, &tc), 4);
    ck_assert(tc);
    uint8_t got[5];
    phys_read_block(&b.mem, 0x12000, got, 5);
    ck_assert_mem_eq(got, "ABCD\0", 5);
    outb(b.t, 0x0c, 0);
    ck_assert_uint_eq(read16(&b, 0x04), 0x2004);       /* address advanced by 4 */
    ck_assert_uint_eq(read16(&b, 0x05), 0xffff);       /* count rolled over */
    ck_assert_uint_eq(inb(b.t, 0x08) & 0x0f, 0x04);   /* TC2 */
    ck_assert_uint_eq(inb(b.t, 0x08) & 0x0f, 0x00);   /* cleared by the read */
    /* No auto-init: the channel masked itself. */
    ck_assert_uint_eq(dma_transfer(b.d, 2, data, 1, true, &tc), 0);
    ck_assert(!tc);
    bench_fini(&b);
}
END_TEST

START_TEST(autoinit_reloads_and_continues)
{
    struct bench b;
    bench_init(&b);
    program8(&b, 2, 0x54, 0x12000, 3);                 /* single, write, auto-init */
    uint8_t data[6] = { 'A', 'B', 'C', 'D', 'E', 'F' };
    bool tc;
    ck_assert_uint_eq(dma_transfer(b.d, 2, data, 6, true, &tc), 6);
    ck_assert(tc);
    uint8_t got[4];
    phys_read_block(&b.mem, 0x12000, got, 4);
    ck_assert_mem_eq(got, "EFCD", 4);
    outb(b.t, 0x0c, 0);
    ck_assert_uint_eq(read16(&b, 0x04), 0x2002);
    ck_assert_uint_eq(read16(&b, 0x05), 0x0001);
    ck_assert_uint_eq(inb(b.t, 0x08) & 0x0f, 0x04);
    ck_assert_uint_eq(dma_transfer(b.d, 2, data, 1, true, &tc), 1);   /* still unmasked */
    bench_fini(&b);
}
END_TEST

START_TEST(decrement_and_read_direction)
{
    struct bench b;
    bench_init(&b);
    program8(&b, 1, 0x64, 0x23003, 3);                 /* single, write, decrement */
    uint8_t data[4] = { 1, 2, 3, 4 }, got[4];
    bool tc;
    ck_assert_uint_eq(dma_transfer(b.d, 1, data, 4, true, &tc), 4);
    phys_read_block(&b.mem, 0x23000, got, 4);
    ck_assert_mem_eq(got, "\x04\x03\x02\x01", 4);
    /* Read transfer (memory to device), wrong direction first. */
    program8(&b, 1, 0x48, 0x23000, 1);
    ck_assert_uint_eq(dma_transfer(b.d, 1, got, 2, true, &tc), 0);
    memset(got, 0, sizeof got);
    ck_assert_uint_eq(dma_transfer(b.d, 1, got, 4, false, &tc), 2);
    ck_assert(tc);
    ck_assert_uint_eq(got[0], 4);
    ck_assert_uint_eq(got[1], 3);
    bench_fini(&b);
}
END_TEST

START_TEST(verify_moves_nothing)
{
    struct bench b;
    bench_init(&b);
    phys_write8(&b.mem, 0x5000, 0x77);
    program8(&b, 3, 0x40, 0x05000, 0);                 /* single, verify */
    uint8_t data[2] = { 0x11, 0x22 };
    bool tc;
    ck_assert_uint_eq(dma_transfer(b.d, 3, data, 2, true, &tc), 1);
    ck_assert(tc);
    ck_assert_uint_eq(phys_read8(&b.mem, 0x5000), 0x77);
    ck_assert_uint_eq(inb(b.t, 0x08) & 0x0f, 0x08);
    bench_fini(&b);
}
END_TEST

START_TEST(address_wraps_inside_page)
{
    struct bench b;
    bench_init(&b);
    program8(&b, 2, 0x44, 0x3fffe, 3);
    uint8_t data[4] = { 1, 2, 3, 4 };
    bool tc;
    ck_assert_uint_eq(dma_transfer(b.d, 2, data, 4, true, &tc), 4);
    /* 8-bit channels cannot cross a 64 KiB page: A16-A23 come from the page register. */
    ck_assert_uint_eq(phys_read8(&b.mem, 0x3fffe), 1);
    ck_assert_uint_eq(phys_read8(&b.mem, 0x3ffff), 2);
    ck_assert_uint_eq(phys_read8(&b.mem, 0x30000), 3);
    ck_assert_uint_eq(phys_read8(&b.mem, 0x30001), 4);
    ck_assert_uint_eq(phys_read8(&b.mem, 0x40000), 0);
    bench_fini(&b);
}
END_TEST

START_TEST(word_channel_counts_words)
{
    struct bench b;
    bench_init(&b);
    outb(b.t, 0xd4, 0x05);                 /* mask ch5 */
    outb(b.t, 0xd6, 0x45);                 /* single, write, ch5 */
    outb(b.t, 0xd8, 0);                    /* clear FF */
    outb(b.t, 0xc4, 0x00);                 /* word address 8000h */
    outb(b.t, 0xc4, 0x80);
    outb(b.t, 0x8b, 0x03);                 /* page: bit 0 ignored */
    outb(b.t, 0xc6, 0x01);                 /* count 1 = 2 words */
    outb(b.t, 0xc6, 0x00);
    outb(b.t, 0xd4, 0x01);                 /* unmask ch5 */
    uint8_t data[5] = { 1, 2, 3, 4, 5 };
    bool tc;
    ck_assert_uint_eq(dma_transfer(b.d, 5, data, 5, true, &tc), 4);
    ck_assert(tc);
    uint8_t got[4];
    phys_read_block(&b.mem, 0x030000, got, 4);      /* (03h & FEh) << 16 | 8000h << 1 */
    ck_assert_mem_eq(got, "\x01\x02\x03\x04", 4);
    outb(b.t, 0xd8, 0);
    uint8_t lo = inb(b.t, 0xc4);
    ck_assert_uint_eq(lo | (inb(b.t, 0xc4) << 8), 0x8002);
    /* Odd ports alias the even ones on the second controller (A0 unused). */
    ck_assert_uint_eq(inb(b.t, 0xd1) & 0x0f, 0x02);    /* status: TC5 */
    bench_fini(&b);
}
END_TEST

START_TEST(cascade_channel_gates_controller1)
{
    struct bench b;
    bench_init(&b);
    program8(&b, 2, 0x44, 0x1000, 0);
    uint8_t x = 0x5a;
    bool tc;
    outb(b.t, 0xd4, 0x04);                 /* mask ch4: controller 1 loses the bus */
    ck_assert_uint_eq(dma_transfer(b.d, 2, &x, 1, true, &tc), 0);
    outb(b.t, 0xd4, 0x00);
    outb(b.t, 0xd6, 0x40);                 /* ch4 no longer in cascade mode */
    ck_assert_uint_eq(dma_transfer(b.d, 2, &x, 1, true, &tc), 0);
    outb(b.t, 0xd6, 0xc0);
    ck_assert_uint_eq(dma_transfer(b.d, 2, &x, 1, true, &tc), 1);
    ck_assert_uint_eq(dma_transfer(b.d, 4, &x, 1, true, &tc), 0);   /* ch4 itself */
    bench_fini(&b);
}
END_TEST

START_TEST(controller_disable_and_sense_bits)
{
    struct bench b;
    bench_init(&b);
    program8(&b, 2, 0x54, 0x1000, 9);
    uint8_t x = 0;
    bool tc;
    outb(b.t, 0x08, 0x04);                 /* controller disable */
    ck_assert_uint_eq(dma_transfer(b.d, 2, &x, 1, true, &tc), 0);
    outb(b.t, 0x08, 0x80);                 /* DACK active high: the AT's devices never see DACK */
    ck_assert_uint_eq(dma_transfer(b.d, 2, &x, 1, true, &tc), 0);
    outb(b.t, 0x08, 0x00);
    ck_assert_uint_eq(dma_transfer(b.d, 2, &x, 1, true, &tc), 1);
    bench_fini(&b);
}
END_TEST

START_TEST(mask_registers)
{
    struct bench b;
    bench_init(&b);
    program8(&b, 0, 0x54, 0x1000, 9);
    program8(&b, 3, 0x54, 0x2000, 9);
    uint8_t x = 0;
    bool tc;
    outb(b.t, 0x0f, 0x09);                 /* all-mask: ch0 and ch3 */
    ck_assert_uint_eq(dma_transfer(b.d, 0, &x, 1, true, &tc), 0);
    ck_assert_uint_eq(dma_transfer(b.d, 3, &x, 1, true, &tc), 0);
    outb(b.t, 0x0a, 0x03);                 /* single mask: clear ch3 */
    ck_assert_uint_eq(dma_transfer(b.d, 3, &x, 1, true, &tc), 1);
    ck_assert_uint_eq(dma_transfer(b.d, 0, &x, 1, true, &tc), 0);
    outb(b.t, 0x0e, 0x00);                 /* clear mask register */
    ck_assert_uint_eq(dma_transfer(b.d, 0, &x, 1, true, &tc), 1);
    bench_fini(&b);
}
END_TEST

START_TEST(status_request_bits)
{
    struct bench b;
    bench_init(&b);
    dma_set_request(b.d, 1, true);
    dma_set_request(b.d, 6, true);
    ck_assert_uint_eq(inb(b.t, 0x08), 0x20);
    ck_assert_uint_eq(inb(b.t, 0xd0), 0x40);
    dma_set_request(b.d, 1, false);
    ck_assert_uint_eq(inb(b.t, 0x08), 0x00);
    /* Software request on a single-mode channel: recorded, not serviced. */
    program8(&b, 3, 0x44, 0x1000, 0);
    outb(b.t, 0x09, 0x07);
    ck_assert_uint_eq(inb(b.t, 0x08), 0x80);
    outb(b.t, 0x09, 0x03);
    ck_assert_uint_eq(inb(b.t, 0x08), 0x00);
    bench_fini(&b);
}
END_TEST

START_TEST(software_request_block_mode)
{
    struct bench b;
    bench_init(&b);
    phys_write8(&b.mem, 0x7000, 0x00);
    phys_write8(&b.mem, 0x7001, 0x00);
    program8(&b, 3, 0x84, 0x7000, 1);      /* block, write */
    outb(b.t, 0x09, 0x07);                 /* software request ch3 */
    /* Serviced to TC: the request bit drops, TC3 is set, the floating bus was written. */
    ck_assert_uint_eq(inb(b.t, 0x08), 0x08);
    ck_assert_uint_eq(phys_read8(&b.mem, 0x7000), 0xff);
    ck_assert_uint_eq(phys_read8(&b.mem, 0x7001), 0xff);
    ck_assert_uint_eq(phys_read8(&b.mem, 0x7002), 0x00);
    bench_fini(&b);
}
END_TEST

START_TEST(memory_to_memory)
{
    struct bench b;
    bench_init(&b);
    phys_write_block(&b.mem, 0x1000, "WXYZ", 4);
    program8(&b, 0, 0x88, 0x1000, 3);      /* block, read (source) */
    program8(&b, 1, 0x84, 0x2000, 3);      /* block, write (destination) */
    outb(b.t, 0x08, 0x01);                 /* memory-to-memory enable */
    outb(b.t, 0x09, 0x04);                 /* software request on channel 0 starts it */
    uint8_t got[4];
    phys_read_block(&b.mem, 0x2000, got, 4);
    ck_assert_mem_eq(got, "WXYZ", 4);
    ck_assert_uint_eq(inb(b.t, 0x0d), 'Z');            /* temporary register */
    ck_assert_uint_eq(inb(b.t, 0x08) & 0x0f, 0x03);   /* both counts expired */
    /* Address hold: channel 0 keeps reading the same byte. */
    program8(&b, 0, 0x88, 0x1001, 3);
    program8(&b, 1, 0x84, 0x3000, 2);
    outb(b.t, 0x08, 0x03);
    outb(b.t, 0x09, 0x04);
    phys_read_block(&b.mem, 0x3000, got, 4);
    ck_assert_mem_eq(got, "XXX\0", 4);
    bench_fini(&b);
}
END_TEST

START_TEST(master_clear)
{
    struct bench b;
    bench_init(&b);
    program8(&b, 2, 0x44, 0x1000, 5);
    outb(b.t, 0x04, 0x99);                 /* leaves the pointer on the high byte */
    outb(b.t, 0x0d, 0);                    /* master clear */
    uint8_t x = 0;
    bool tc;
    ck_assert_uint_eq(dma_transfer(b.d, 2, &x, 1, true, &tc), 0);  /* all masked */
    outb(b.t, 0x04, 0x78);                 /* low byte again */
    outb(b.t, 0x04, 0x56);
    outb(b.t, 0x0c, 0);
    ck_assert_uint_eq(read16(&b, 0x04), 0x5678);
    dma_reset(b.d);
    ck_assert_uint_eq(inb(b.t, 0x81), 0x00);           /* page registers survive */
    outb(b.t, 0x81, 0x42);
    dma_reset(b.d);
    ck_assert_uint_eq(inb(b.t, 0x81), 0x42);
    bench_fini(&b);
}
END_TEST

START_TEST(describe_names_channels)
{
    struct bench b;
    bench_init(&b);
    program8(&b, 2, 0x46 & 0xfc, 0x12345, 0x1ff);
    char text[2048];
    dma_describe(b.d, text, sizeof text);
    ck_assert_ptr_nonnull(strstr(text, "ch2: single  write"));
    ck_assert_ptr_nonnull(strstr(text, "phys=012345"));
    ck_assert_ptr_nonnull(strstr(text, "ch4: cascade"));
    char tiny[8];
    dma_describe(b.d, tiny, sizeof tiny);
    ck_assert_uint_eq(strlen(tiny), 7);
    bench_fini(&b);
}
END_TEST

static Suite *dma_suite(void)
{
    Suite *s = suite_create("dma");
    TCase *tc = tcase_create("8237a");
    tcase_add_test(tc, flipflop_address_readback);
    tcase_add_test(tc, single_write_to_tc);
    tcase_add_test(tc, autoinit_reloads_and_continues);
    tcase_add_test(tc, decrement_and_read_direction);
    tcase_add_test(tc, verify_moves_nothing);
    tcase_add_test(tc, address_wraps_inside_page);
    tcase_add_test(tc, word_channel_counts_words);
    tcase_add_test(tc, cascade_channel_gates_controller1);
    tcase_add_test(tc, controller_disable_and_sense_bits);
    tcase_add_test(tc, mask_registers);
    tcase_add_test(tc, status_request_bits);
    tcase_add_test(tc, software_request_block_mode);
    tcase_add_test(tc, memory_to_memory);
    tcase_add_test(tc, master_clear);
    tcase_add_test(tc, describe_names_channels);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(dma_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
