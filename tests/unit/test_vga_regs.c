/* tests/unit/test_vga_regs.c: VGA register behaviour through the port bus:
 * DAC sequencing, the attribute flip-flop, CRTC port selection and write
 * protection, register masks, and the retrace status bits and interrupt
 * derived from virtual time. */
#include "tests/unit/vgatest.h"

#include "devices/irq.h"

START_TEST(dac_write_then_read_sequence)
{
    struct vt *t = vt_new();
    outb(t, 0x3c8, 5);
    ck_assert_uint_eq(inb(t, 0x3c7) & 3, 0);            /* write mode */
    static const uint8_t vals[6] = { 0x01, 0x22, 0x3f, 0x7f, 0x40, 0x15 };
    for (unsigned i = 0; i < 6; i++)
        outb(t, 0x3c9, vals[i]);
    ck_assert_uint_eq(inb(t, 0x3c8), 7);                /* advanced past two entries */
    outb(t, 0x3c7, 5);
    ck_assert_uint_eq(inb(t, 0x3c7) & 3, 3);            /* read mode */
    for (unsigned i = 0; i < 6; i++)
        ck_assert_uint_eq(inb(t, 0x3c9), vals[i] & 0x3f);   /* 6-bit DAC */
    /* Reading continues into entry 7 (zero). */
    ck_assert_uint_eq(inb(t, 0x3c9), 0);
    vt_free(t);
}
END_TEST

START_TEST(dac_partial_triplet_is_not_committed)
{
    struct vt *t = vt_new();
    outb(t, 0x3c8, 9);
    outb(t, 0x3c9, 0x11);
    outb(t, 0x3c9, 0x12);
    outb(t, 0x3c8, 10);             /* restart elsewhere before the blue */
    outb(t, 0x3c7, 9);
    ck_assert_uint_eq(inb(t, 0x3c9), 0);
    ck_assert_uint_eq(inb(t, 0x3c9), 0);
    ck_assert_uint_eq(inb(t, 0x3c9), 0);
    vt_free(t);
}
END_TEST

START_TEST(dac_index_wraps_and_mask_reads_back)
{
    struct vt *t = vt_new();
    outb(t, 0x3c8, 255);
    for (unsigned i = 0; i < 6; i++)
        outb(t, 0x3c9, (uint8_t)(i + 1));
    ck_assert_uint_eq(inb(t, 0x3c8), 1);
    outb(t, 0x3c7, 0);
    ck_assert_uint_eq(inb(t, 0x3c9), 4);
    outb(t, 0x3c6, 0x5a);
    ck_assert_uint_eq(inb(t, 0x3c6), 0x5a);
    vt_free(t);
}
END_TEST

START_TEST(attr_flipflop_index_data_and_reset)
{
    struct vt *t = vt_new();
    outb(t, 0x3c2, 0x01);                               /* colour: status at 3DAh */
    (void)inb(t, 0x3da);
    outb(t, 0x3c0, 0x30);                               /* index 10h, PAS */
    ck_assert_uint_eq(inb(t, 0x3c0), 0x30);
    outb(t, 0x3c0, 0x41);                               /* data */
    ck_assert_uint_eq(inb(t, 0x3c1), 0x41);
    outb(t, 0x3c0, 0x33);                               /* flip-flop back: index 13h */
    ck_assert_uint_eq(inb(t, 0x3c0), 0x33);
    (void)inb(t, 0x3da);                                /* reset: next write is an index again */
    outb(t, 0x3c0, 0x31);
    outb(t, 0x3c0, 0x07);
    ck_assert_uint_eq(inb(t, 0x3c1), 0x07);
    outb(t, 0x3c0, 0x30);
    ck_assert_uint_eq(inb(t, 0x3c1), 0x41);             /* AR10 untouched */
    /* Reading the inactive (mono) status port does not reset it. */
    (void)inb(t, 0x3da);
    outb(t, 0x3c0, 0x32);
    (void)inb(t, 0x3ba);
    outb(t, 0x3c0, 0x05);
    outb(t, 0x3c0, 0x32);
    ck_assert_uint_eq(inb(t, 0x3c1), 0x05);
    vt_free(t);
}
END_TEST

START_TEST(attr_palette_writable_only_with_pas_clear)
{
    struct vt *t = vt_new();
    outb(t, 0x3c2, 0x01);
    (void)inb(t, 0x3da);
    outb(t, 0x3c0, 0x03);                               /* palette 3, PAS = 0 */
    outb(t, 0x3c0, 0x2a);
    outb(t, 0x3c0, 0x23);                               /* palette 3, PAS = 1 */
    outb(t, 0x3c0, 0x15);                               /* ignored */
    outb(t, 0x3c0, 0x23);
    ck_assert_uint_eq(inb(t, 0x3c1), 0x2a);
    (void)inb(t, 0x3da);
    outb(t, 0x3c0, 0x0c);                               /* the data register is 6 bits */
    outb(t, 0x3c0, 0xff);
    outb(t, 0x3c0, 0x0c);
    ck_assert_uint_eq(inb(t, 0x3c1), 0x3f);
    attr_w(t, 0x13, 0xff);                              /* AR13 holds 4 bits, PAS or not */
    outb(t, 0x3c0, 0x33);
    ck_assert_uint_eq(inb(t, 0x3c1), 0x0f);
    vt_free(t);
}
END_TEST

START_TEST(crtc_ports_follow_misc_ioas)
{
    struct vt *t = vt_new();
    outb(t, 0x3c2, 0x01);
    outb(t, 0x3d4, 0x0e);
    outb(t, 0x3d5, 0x12);
    ck_assert_uint_eq(inb(t, 0x3d5), 0x12);
    ck_assert_uint_eq(inb(t, 0x3b5), 0xff);             /* mono decode off */
    ck_assert_uint_eq(inb(t, 0x3ba), 0xff);
    outb(t, 0x3b4, 0x0e);
    outb(t, 0x3b5, 0x77);                               /* ignored */
    outb(t, 0x3c2, 0x00);                               /* mono */
    ck_assert_uint_eq(inb(t, 0x3cc), 0x00);
    outb(t, 0x3b4, 0x0e);
    ck_assert_uint_eq(inb(t, 0x3b5), 0x12);             /* same registers, other ports */
    ck_assert_uint_eq(inb(t, 0x3d5), 0xff);
    outb(t, 0x3ba, 0x03);                               /* feature control write, 3CAh read */
    ck_assert_uint_eq(inb(t, 0x3ca), 0x03);
    /* A word OUT writes index then data, as BIOSes do. */
    outw(t, 0x3b4, 0x340f);
    outb(t, 0x3b4, 0x0f);
    ck_assert_uint_eq(inb(t, 0x3b5), 0x34);
    vt_free(t);
}
END_TEST

START_TEST(crtc_write_protect_spares_line_compare_bit)
{
    struct vt *t = vt_new();
    outb(t, 0x3c2, 0x01);
    crtc_w(t, 0x00, 0x5f);
    crtc_w(t, 0x07, 0x00);
    crtc_w(t, 0x11, 0x80);                              /* protect CR00-CR07 */
    crtc_w(t, 0x00, 0x11);
    crtc_w(t, 0x06, 0x22);
    crtc_w(t, 0x07, 0xff);
    ck_assert_uint_eq(crtc_r(t, 0x00), 0x5f);
    ck_assert_uint_eq(crtc_r(t, 0x06), 0x00);
    ck_assert_uint_eq(crtc_r(t, 0x07), 0x10);           /* only LC bit 8 changed */
    crtc_w(t, 0x08, 0x1f);                              /* CR08 and up stay writable */
    ck_assert_uint_eq(crtc_r(t, 0x08), 0x1f);
    crtc_w(t, 0x11, 0x00);
    crtc_w(t, 0x00, 0x11);
    ck_assert_uint_eq(crtc_r(t, 0x00), 0x11);
    vt_free(t);
}
END_TEST

START_TEST(register_masks_read_back)
{
    struct vt *t = vt_new();
    outb(t, 0x3c2, 0x01);
    seq_w(t, 0x02, 0xff);
    outb(t, 0x3c4, 0x02);
    ck_assert_uint_eq(inb(t, 0x3c5), 0x0f);
    seq_w(t, 0x04, 0xff);
    outb(t, 0x3c4, 0x04);
    ck_assert_uint_eq(inb(t, 0x3c5), 0x0e);
    gc_w(t, 0x03, 0xff);
    outb(t, 0x3ce, 0x03);
    ck_assert_uint_eq(inb(t, 0x3cf), 0x1f);
    gc_w(t, 0x05, 0xff);
    outb(t, 0x3ce, 0x05);
    ck_assert_uint_eq(inb(t, 0x3cf), 0x7b);
    crtc_w(t, 0x0a, 0xff);
    ck_assert_uint_eq(crtc_r(t, 0x0a), 0x3f);
    crtc_w(t, 0x19, 0x12);                              /* beyond CR18: nothing */
    ck_assert_uint_eq(crtc_r(t, 0x19), 0xff);
    outb(t, 0x3c2, 0xe3);
    ck_assert_uint_eq(inb(t, 0x3cc), 0xe3);
    vt_free(t);
}
END_TEST

START_TEST(subsystem_enable_gates_everything)
{
    struct vt *t = vt_new();
    outb(t, 0x3c2, 0x03);
    outb(t, 0x3c3, 0x00);
    ck_assert_uint_eq(inb(t, 0x3cc), 0xff);
    outb(t, 0x3c2, 0x67);                               /* ignored while disabled */
    ck_assert_uint_eq(inb(t, 0x3c3), 0x00);
    outb(t, 0x3c3, 0x01);
    ck_assert_uint_eq(inb(t, 0x3cc), 0x03);
    vt_free(t);
}
END_TEST

/* Mode 3: 28.322 MHz, 9-dot characters, 100 characters per line (900
 * dots), 449 lines; 400 displayed; vertical retrace lines 412-413. */
#define M3_HZ 28322000u
#define M3_LINE 900u
static void at_line(struct vt *t, unsigned frame, unsigned line, unsigned dot)
{
    vt_set_dot(t, (uint64_t)frame * M3_LINE * 449 + (uint64_t)line * M3_LINE + dot, M3_HZ);
}

START_TEST(status1_bits_follow_virtual_time)
{
    struct vt *t = vt_new();
    vt_set_mode(t, &VT_MODE3);
    at_line(t, 3, 10, 100);
    ck_assert_uint_eq(inb(t, 0x3da) & 0x09, 0x00);      /* active display */
    at_line(t, 3, 10, 800);
    ck_assert_uint_eq(inb(t, 0x3da) & 0x09, 0x01);      /* horizontal blanking */
    at_line(t, 3, 405, 100);
    ck_assert_uint_eq(inb(t, 0x3da) & 0x09, 0x01);      /* vertical blanking */
    at_line(t, 3, 412, 10);
    ck_assert_uint_eq(inb(t, 0x3da) & 0x09, 0x09);      /* retrace starts at CR10 = 19Ch */
    at_line(t, 3, 413, 890);
    ck_assert_uint_eq(inb(t, 0x3da) & 0x09, 0x09);
    at_line(t, 3, 414, 10);
    ck_assert_uint_eq(inb(t, 0x3da) & 0x09, 0x01);      /* ends where low 4 bits = CR11's Eh */
    ck_assert_uint_eq(vga_retrace_status(t->vga), 0x01);
    vt_free(t);
}
END_TEST

START_TEST(frame_rate_is_70hz_in_mode3)
{
    struct vt *t = vt_new();
    vt_set_mode(t, &VT_MODE3);
    unsigned retraces = 0;
    bool was = false;
    /* Sample one emulated second every 1/4 line (225 dots ~ 114 ticks). */
    for (uint64_t tick = 0; tick < SCHED_HZ; tick += 113) {
        t->icount = tick;
        bool vr = (inb(t, 0x3da) & 0x08) != 0;
        retraces += vr && !was;
        was = vr;
    }
    ck_assert_uint_eq(retraces, 70);        /* 28.322 MHz / (900 * 449) = 70.09 Hz */
    vt_free(t);
}
END_TEST

struct irq_probe {
    unsigned raised;
    bool level;
};
static void probe_set(void *ctx, unsigned line, bool level)
{
    struct irq_probe *p = ctx;
    (void)line;
    if (level && !p->level)
        p->raised++;
    p->level = level;
}

START_TEST(retrace_interrupt_pending_and_irq)
{
    struct irq_probe probe = { 0 };
    struct vga_config cfg = { .retrace_irq = { probe_set, &probe, 2 } };
    struct vt *t = vt_new_cfg(&cfg);
    vt_set_mode(t, &VT_MODE3);                          /* CR11 = 8Eh: held clear */
    at_line(t, 2, 100, 0);
    ck_assert_uint_eq(inb(t, 0x3c2) & 0x80, 0);
    crtc_w(t, 0x11, 0x9e);                              /* bit 4 = 1: armed, bit 5 = 0: enabled */
    ck_assert_uint_eq(inb(t, 0x3c2) & 0x80, 0);
    at_line(t, 2, 411, 0);
    sched_run_due(&t->sched);
    ck_assert_uint_eq(probe.raised, 0);
    ck_assert_uint_eq(inb(t, 0x3c2) & 0x80, 0);
    at_line(t, 2, 412, 5);
    sched_run_due(&t->sched);                           /* the timer fires at retrace start */
    ck_assert_uint_eq(probe.raised, 1);
    ck_assert_uint_eq(inb(t, 0x3c2) & 0x80, 0x80);
    crtc_w(t, 0x11, 0x8e);                              /* clear */
    ck_assert(!probe.level);
    ck_assert_uint_eq(inb(t, 0x3c2) & 0x80, 0);
    crtc_w(t, 0x11, 0x9e);                              /* re-arm: next retrace, next frame */
    at_line(t, 3, 300, 0);
    sched_run_due(&t->sched);
    ck_assert_uint_eq(probe.raised, 1);
    at_line(t, 3, 420, 0);
    sched_run_due(&t->sched);
    ck_assert_uint_eq(probe.raised, 2);
    vt_free(t);
}
END_TEST

START_TEST(retrace_interrupt_disabled_by_bit5)
{
    struct vt *t = vt_new();
    vt_set_mode(t, &VT_MODE3);
    at_line(t, 1, 0, 0);
    crtc_w(t, 0x11, 0xbe);                              /* armed but disabled */
    at_line(t, 2, 0, 0);
    ck_assert_uint_eq(inb(t, 0x3c2) & 0x80, 0);
    vt_free(t);
}
END_TEST

START_TEST(input_status0_senses_colour_monitor)
{
    struct vt *t = vt_new();
    vt_set_mode(t, &VT_MODE3);
    outb(t, 0x3c8, 0);                  /* overscan is 0: entry 0 */
    outb(t, 0x3c9, 0);
    outb(t, 0x3c9, 0);
    outb(t, 0x3c9, 0);
    ck_assert_uint_eq(inb(t, 0x3c2) & 0x10, 0);
    outb(t, 0x3c8, 0);
    outb(t, 0x3c9, 0x3f);
    outb(t, 0x3c9, 0);
    outb(t, 0x3c9, 0);
    ck_assert_uint_eq(inb(t, 0x3c2) & 0x10, 0x10);
    vt_free(t);
}
END_TEST

START_TEST(create_rejects_bad_configuration)
{
    struct logger log = { .level = LOG_ERROR, .sink = vt_quiet };
    struct io_bus bus;
    struct phys_mem pm;
    struct sched sched;
    uint64_t icount = 0;
    struct emu_err err = { 0 };
    bus_init(&bus, &log);
    ck_assert_int_eq(phys_create(&pm, 1u << 20, &log, &err), 0);
    sched_init(&sched, SCHED_HZ, &icount);
    struct vga_config cfg = { .vram_size = 3u << 20 };
    ck_assert_ptr_null(vga_create(&bus, &pm, &sched, &log, &cfg, &err));
    ck_assert_int_eq(err.code, EMU_EINVAL);
    cfg = (struct vga_config){ .lfb_base = 0xe0001000u };
    ck_assert_ptr_null(vga_create(&bus, &pm, &sched, &log, &cfg, &err));
    ck_assert_int_eq(err.code, EMU_EINVAL);
    /* Something already at A0000h: refused before anything is mapped. */
    static const uint8_t rom[4096];
    ck_assert_int_eq(phys_map_rom(&pm, 0xa0000, rom, sizeof rom, &err), 0);
    ck_assert_ptr_null(vga_create(&bus, &pm, &sched, &log, NULL, &err));
    ck_assert_uint_eq(bus_port_owner(&bus, 0x3c0) == NULL, 1);
    phys_destroy(&pm);
}
END_TEST

static Suite *vga_regs_suite(void)
{
    Suite *s = suite_create("vga_regs");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, dac_write_then_read_sequence);
    tcase_add_test(tc, dac_partial_triplet_is_not_committed);
    tcase_add_test(tc, dac_index_wraps_and_mask_reads_back);
    tcase_add_test(tc, attr_flipflop_index_data_and_reset);
    tcase_add_test(tc, attr_palette_writable_only_with_pas_clear);
    tcase_add_test(tc, crtc_ports_follow_misc_ioas);
    tcase_add_test(tc, crtc_write_protect_spares_line_compare_bit);
    tcase_add_test(tc, register_masks_read_back);
    tcase_add_test(tc, subsystem_enable_gates_everything);
    tcase_add_test(tc, status1_bits_follow_virtual_time);
    tcase_add_test(tc, frame_rate_is_70hz_in_mode3);
    tcase_add_test(tc, retrace_interrupt_pending_and_irq);
    tcase_add_test(tc, retrace_interrupt_disabled_by_bit5);
    tcase_add_test(tc, input_status0_senses_colour_monitor);
    tcase_add_test(tc, create_rejects_bad_configuration);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(vga_regs_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
