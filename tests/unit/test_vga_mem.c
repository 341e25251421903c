/* tests/unit/test_vga_mem.c: the VGA memory window through physical memory:
 * map mask, write modes 0-3 with rotate, set/reset, logical functions, bit
 * mask and latches; read modes 0-1; chain-4, odd/even and the memory map
 * select; RAM enable; wide accesses. */
#include "tests/unit/vgatest.h"

#define A0 0xa0000u

/* Plane bytes at offset off, as a 0xP3P2P1P0 value. */
static uint32_t planes(struct vt *t, uint32_t off)
{
    uint32_t r = 0;
    for (unsigned p = 0; p < 4; p++)
        r |= (uint32_t)vga_plane_peek(t->vga, p, off) << (8 * p);
    return r;
}

/* Store b0..b3 into the planes at off with write mode 0 and the map mask. */
static void put_planes(struct vt *t, uint32_t off, uint32_t v)
{
    for (unsigned p = 0; p < 4; p++) {
        seq_w(t, 0x02, (uint8_t)(1u << p));
        wr8(t, A0 + off, (uint8_t)(v >> (8 * p)));
    }
    seq_w(t, 0x02, 0x0f);
}

static struct vt *planar(void)
{
    struct vt *t = vt_new();
    vt_set_mode(t, &VT_MODE12);
    return t;
}

START_TEST(write_mode0_map_mask)
{
    struct vt *t = planar();
    seq_w(t, 0x02, 0x05);
    wr8(t, A0 + 10, 0xab);
    ck_assert_uint_eq(planes(t, 10), 0x00ab00abu);
    vt_free(t);
}
END_TEST

START_TEST(write_mode0_set_reset)
{
    struct vt *t = planar();
    gc_w(t, 0x01, 0x0f);
    gc_w(t, 0x00, 0x05);
    wr8(t, A0 + 0x20, 0x12);
    ck_assert_uint_eq(planes(t, 0x20), 0x00ff00ffu);
    gc_w(t, 0x01, 0x01);                /* only plane 0 from set/reset */
    gc_w(t, 0x00, 0x00);
    wr8(t, A0 + 0x21, 0x12);
    ck_assert_uint_eq(planes(t, 0x21), 0x12121200u);
    vt_free(t);
}
END_TEST

START_TEST(write_mode0_bit_mask_keeps_latched_bits)
{
    struct vt *t = planar();
    put_planes(t, 0x30, 0x0f0f0f0fu);
    (void)rd8(t, A0 + 0x30);            /* load the latches */
    gc_w(t, 0x08, 0xf0);
    wr8(t, A0 + 0x30, 0x00);
    ck_assert_uint_eq(planes(t, 0x30), 0x0f0f0f0fu);
    gc_w(t, 0x08, 0x3c);
    wr8(t, A0 + 0x30, 0xaa);            /* (AA & 3C) | (0F & C3) */
    ck_assert_uint_eq(planes(t, 0x30), 0x2b2b2b2bu);
    vt_free(t);
}
END_TEST

START_TEST(write_mode0_rotate_and_functions)
{
    struct vt *t = planar();
    gc_w(t, 0x03, 0x02);                /* rotate right 2, replace */
    wr8(t, A0 + 0x31, 0x81);
    ck_assert_uint_eq(planes(t, 0x31), 0x60606060u);
    put_planes(t, 0x32, 0x0f0f0f0fu);
    static const struct { uint8_t gr03; uint8_t want; } fn[] = {
        { 0x08, 0x0c },                 /* AND */
        { 0x10, 0x3f },                 /* OR */
        { 0x18, 0x33 },                 /* XOR */
    };
    for (unsigned i = 0; i < 3; i++) {
        gc_w(t, 0x03, 0x00);
        put_planes(t, 0x32, 0x0f0f0f0fu);
        (void)rd8(t, A0 + 0x32);
        gc_w(t, 0x03, fn[i].gr03);
        wr8(t, A0 + 0x32, 0x3c);
        ck_assert_uint_eq(planes(t, 0x32), fn[i].want * 0x01010101u);
    }
    vt_free(t);
}
END_TEST

START_TEST(write_mode1_copies_latches)
{
    struct vt *t = planar();
    put_planes(t, 0x40, 0x44332211u);
    gc_w(t, 0x05, 0x01);
    (void)rd8(t, A0 + 0x40);
    wr8(t, A0 + 0x50, 0x99);            /* data is irrelevant */
    ck_assert_uint_eq(planes(t, 0x50), 0x44332211u);
    seq_w(t, 0x02, 0x03);
    gc_w(t, 0x08, 0x00);                /* the bit mask does not apply either */
    wr8(t, A0 + 0x51, 0x99);
    ck_assert_uint_eq(planes(t, 0x51), 0x00002211u);
    vt_free(t);
}
END_TEST

START_TEST(write_mode2_colour_fill)
{
    struct vt *t = planar();
    gc_w(t, 0x05, 0x02);
    gc_w(t, 0x08, 0x0f);
    (void)rd8(t, A0 + 0x60);            /* latches are zero */
    wr8(t, A0 + 0x60, 0x05);
    ck_assert_uint_eq(planes(t, 0x60), 0x000f000fu);
    gc_w(t, 0x03, 0x18);                /* XOR with latches */
    gc_w(t, 0x08, 0xff);
    (void)rd8(t, A0 + 0x60);
    wr8(t, A0 + 0x60, 0x0c);
    ck_assert_uint_eq(planes(t, 0x60), 0xfff0000fu);   /* 0F 00 0F 00 ^ 00 00 FF FF */
    vt_free(t);
}
END_TEST

START_TEST(write_mode3_set_reset_through_rotated_mask)
{
    struct vt *t = planar();
    put_planes(t, 0x70, 0x10101010u);
    (void)rd8(t, A0 + 0x70);
    gc_w(t, 0x05, 0x03);
    gc_w(t, 0x00, 0x0c);
    gc_w(t, 0x01, 0x00);                /* enable set/reset does not matter */
    gc_w(t, 0x03, 0x01);                /* rotate right 1 */
    gc_w(t, 0x08, 0xff);
    wr8(t, A0 + 0x70, 0x03);            /* mask = ror(03, 1) = 81h */
    ck_assert_uint_eq(planes(t, 0x70), 0x91911010u);
    gc_w(t, 0x08, 0x01);                /* the bit mask register ANDs in */
    (void)rd8(t, A0 + 0x71);
    gc_w(t, 0x00, 0x0f);
    wr8(t, A0 + 0x71, 0x03);
    ck_assert_uint_eq(planes(t, 0x71), 0x01010101u);
    vt_free(t);
}
END_TEST

START_TEST(read_mode0_read_map_select)
{
    struct vt *t = planar();
    put_planes(t, 0x80, 0xa4a3a2a1u);
    for (unsigned k = 0; k < 4; k++) {
        gc_w(t, 0x04, (uint8_t)k);
        ck_assert_uint_eq(rd8(t, A0 + 0x80), 0xa1 + k);
    }
    vt_free(t);
}
END_TEST

START_TEST(read_mode1_colour_compare)
{
    struct vt *t = planar();
    put_planes(t, 0x90, 0x00aaccf0u);
    gc_w(t, 0x05, 0x08);
    gc_w(t, 0x02, 0x03);                /* colour 0011b */
    gc_w(t, 0x07, 0x0f);
    ck_assert_uint_eq(rd8(t, A0 + 0x90), 0x40);     /* F0 & CC & ~AA & ~00 */
    gc_w(t, 0x07, 0x03);                /* planes 2, 3 don't care */
    ck_assert_uint_eq(rd8(t, A0 + 0x90), 0xc0);
    gc_w(t, 0x07, 0x00);
    ck_assert_uint_eq(rd8(t, A0 + 0x90), 0xff);
    vt_free(t);
}
END_TEST

START_TEST(chain4_addresses_planes_by_low_bits)
{
    struct vt *t = vt_new();
    vt_set_mode(t, &VT_MODE13);
    for (unsigned n = 0; n < 8; n++)
        wr8(t, A0 + n, (uint8_t)(0x40 + n));
    for (unsigned n = 0; n < 8; n++) {
        ck_assert_uint_eq(vga_plane_peek(t->vga, n & 3, n & ~3u), 0x40 + n);
        ck_assert_uint_eq(rd8(t, A0 + n), 0x40 + n);
    }
    ck_assert_uint_eq(vga_plane_peek(t->vga, 1, 1), 0);     /* offsets 1-3 unused */
    wr8(t, A0 + 0xfa01, 0x77);
    ck_assert_uint_eq(vga_plane_peek(t->vga, 1, 0xfa00), 0x77);
    /* The LFB sees the same memory: byte 4*offset + plane. */
    ck_assert_uint_eq(phys_read8(&t->pm, VGA_LFB_DEFAULT_BASE + 4 * 0xfa00 + 1), 0x77);
    vt_free(t);
}
END_TEST

START_TEST(odd_even_text_addressing)
{
    struct vt *t = vt_new();
    vt_set_mode(t, &VT_MODE3);
    wr8(t, 0xb8000, 'A');
    wr8(t, 0xb8001, 0x1e);
    wr8(t, 0xb8002, 'B');
    ck_assert_uint_eq(planes(t, 0), 0x00001e41u);
    ck_assert_uint_eq(planes(t, 2), 0x00000042u);
    ck_assert_uint_eq(rd8(t, 0xb8001), 0x1e);
    ck_assert_uint_eq(rd8(t, 0xb8002), 'B');
    vt_free(t);
}
END_TEST

START_TEST(memory_map_select)
{
    struct vt *t = vt_new();
    vt_set_mode(t, &VT_MODE3);                          /* map 3: B8000h, 32 KiB */
    ck_assert_uint_eq(rd8(t, A0), 0xff);
    ck_assert_uint_eq(rd8(t, 0xb0000), 0xff);
    wr8(t, 0xb0000, 0x12);
    ck_assert_uint_eq(planes(t, 0), 0);
    gc_w(t, 0x06, 0x0a);                                /* map 2: B0000h */
    wr8(t, 0xb0000, 0x12);
    ck_assert_uint_eq(planes(t, 0), 0x12);
    ck_assert_uint_eq(rd8(t, 0xb8000), 0xff);
    gc_w(t, 0x06, 0x02);                                /* map 0: A0000h-BFFFFh */
    wr8(t, A0 + 4, 0x34);
    ck_assert_uint_eq(planes(t, 4), 0x34);
    ck_assert_uint_eq(rd8(t, 0xb0000), 0x12);           /* 128 KiB wraps the 64 KiB planes */
    vt_free(t);
}
END_TEST

START_TEST(ram_disable_blocks_cpu_access)
{
    struct vt *t = planar();
    wr8(t, A0, 0x55);
    outb(t, 0x3c2, 0xe1);                               /* Misc bit 1 = 0 */
    ck_assert_uint_eq(rd8(t, A0), 0xff);
    wr8(t, A0, 0x66);
    outb(t, 0x3c2, 0xe3);
    ck_assert_uint_eq(rd8(t, A0), 0x55);
    vt_free(t);
}
END_TEST

START_TEST(word_access_is_two_byte_cycles)
{
    struct vt *t = vt_new();
    vt_set_mode(t, &VT_MODE13);
    phys_write16(&t->pm, A0 + 0x100, 0xbeef);
    ck_assert_uint_eq(vga_plane_peek(t->vga, 0, 0x100), 0xef);
    ck_assert_uint_eq(vga_plane_peek(t->vga, 1, 0x100), 0xbe);
    ck_assert_uint_eq(phys_read16(&t->pm, A0 + 0x100), 0xbeef);
    phys_write32(&t->pm, A0 + 0x200, 0x04030201u);
    ck_assert_uint_eq(phys_read32(&t->pm, A0 + 0x200), 0x04030201u);
    ck_assert_uint_eq(vga_plane_peek(t->vga, 3, 0x200), 0x04);
    vt_free(t);
}
END_TEST

static Suite *vga_mem_suite(void)
{
    Suite *s = suite_create("vga_mem");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, write_mode0_map_mask);
    tcase_add_test(tc, write_mode0_set_reset);
    tcase_add_test(tc, write_mode0_bit_mask_keeps_latched_bits);
    tcase_add_test(tc, write_mode0_rotate_and_functions);
    tcase_add_test(tc, write_mode1_copies_latches);
    tcase_add_test(tc, write_mode2_colour_fill);
    tcase_add_test(tc, write_mode3_set_reset_through_rotated_mask);
    tcase_add_test(tc, read_mode0_read_map_select);
    tcase_add_test(tc, read_mode1_colour_compare);
    tcase_add_test(tc, chain4_addresses_planes_by_low_bits);
    tcase_add_test(tc, odd_even_text_addressing);
    tcase_add_test(tc, memory_map_select);
    tcase_add_test(tc, ram_disable_blocks_cpu_access);
    tcase_add_test(tc, word_access_is_two_byte_cycles);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(vga_mem_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
