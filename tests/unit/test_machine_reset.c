/* tests/unit/test_machine_reset.c: the whole machine (machine_create) with
 * our BIOS: a reset gives the VGA its power-on state, so a VBE mode does
 * not survive into POST: a power cycle (Ctrl+Alt+R's machine_reset) and a
 * triple fault both come back to the BIOS banner in text mode, while a
 * reset the BIOS resumes from (CMOS shutdown code 0Ah) keeps the picture.
 * The guest is tests/vga/reset.asm.  And the board wires drive B: only
 * with --fdb: CMOS 10h, the equipment word and INT 13h then see one drive. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devices/cmos.h"
#include "devices/fdc.h"
#include "devices/vga.h"
#include "machine/config.h"
#include "machine/machine.h"
#include "mmu/physmem.h"

#define SLICE 1000000ull            /* instructions per machine_run */
#define MAX_SLICES 2000             /* 40 s of guest time at 50 MIPS */

struct mrig {
    char dir[128];
    char img[256];
    struct machine *m;
};

/* A 1.44 MB floppy holding tests/vga/reset.bin. */
static void make_image(struct mrig *r)
{
    const char *top = getenv("top_builddir") ? getenv("top_builddir") : ".";
    char bin[512];
    snprintf(bin, sizeof bin, "%s/tests/vga/reset.bin", top);
    FILE *in = fopen(bin, "rb");
    ck_assert_msg(in != NULL, "missing %s (make check builds it)", bin);
    static uint8_t disk[1474560];
    memset(disk, 0, sizeof disk);
    size_t n = fread(disk, 1, 512, in);
    fclose(in);
    ck_assert_uint_eq(n, 512);
    snprintf(r->dir, sizeof r->dir, "%s/vireo-reset-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(r->dir));
    snprintf(r->img, sizeof r->img, "%s/reset.img", r->dir);
    FILE *out = fopen(r->img, "wb");
    ck_assert_ptr_nonnull(out);
    ck_assert_uint_eq(fwrite(disk, 1, sizeof disk, out), sizeof disk);
    fclose(out);
}

static struct mrig *open_machine(bool with_fdb)
{
    struct mrig *r = calloc(1, sizeof *r);
    ck_assert_ptr_nonnull(r);
    make_image(r);
    struct machine_config cfg;
    struct emu_err err = { 0 };
    config_defaults(&cfg);
    ck_assert_int_eq(config_set(&cfg, "fda", r->img, &err), 0);
    if (with_fdb)
        ck_assert_int_eq(config_set(&cfg, "fdb", r->img, &err), 0);
    ck_assert_int_eq(config_set(&cfg, "boot", "a", &err), 0);
    ck_assert_int_eq(config_set(&cfg, "rtc-start", "2000-01-01", &err), 0);
    cfg.snapshot = true;
    snprintf(cfg.log_level, sizeof cfg.log_level, "error");
    r->m = machine_create(&cfg, &err);
    ck_assert_msg(r->m != NULL, "machine_create: %s", err.msg);
    return r;
}

static void close_machine(struct mrig *r)
{
    machine_destroy(r->m);
    unlink(r->img);
    rmdir(r->dir);
    free(r);
}

/* Run until the guest prints text on port E9h. */
static void run_until(struct mrig *r, const char *text)
{
    for (unsigned i = 0; i < MAX_SLICES; i++) {
        if (output_log_find(&r->m->debugcon_out, text))
            return;
        machine_run(r->m, SLICE);
    }
    ck_abort_msg("the guest never printed '%s'; E9h: %.*s", text,
                 (int)r->m->debugcon_out.len, r->m->debugcon_out.data);
}

static void run_for(struct mrig *r, uint64_t insns)
{
    for (uint64_t done = 0; done < insns; done += SLICE)
        machine_run(r->m, SLICE);
}

static bool vbe_on(struct mrig *r)
{
    char buf[4096];
    vga_describe(r->m->vga, buf, sizeof buf);
    return strncmp(buf, "Display: VBE graphics", 21) == 0;
}

/* The screen shows the BIOS banner and the guest's line, in text mode. */
static void check_banner(struct mrig *r)
{
    ck_assert(!vbe_on(r));
    ck_assert(vga_is_text_mode(r->m->vga));
    struct vga_text *t = malloc(sizeof *t);
    ck_assert_ptr_nonnull(t);
    vga_text_capture(r->m->vga, t);
    ck_assert_uint_eq(t->cols, 80);
    ck_assert_uint_eq(t->rows, 25);
    ck_assert_mem_eq(t->ch[0], "Vireo BIOS", 10);
    bool second = false;
    for (unsigned row = 1; row < t->rows; row++)
        second |= memcmp(t->ch[row], "SECOND BOOT", 11) == 0;
    ck_assert(second);
    free(t);
}

START_TEST(power_cycle_resets_vbe)
{
    struct mrig *r = open_machine(false);
    run_until(r, "VBE SET");
    ck_assert(vbe_on(r));
    machine_reset(r->m, true);                  /* what Ctrl+Alt+R does */
    char buf[4096];
    vga_describe(r->m->vga, buf, sizeof buf);
    ck_assert_msg(strncmp(buf, "Display: text", 13) == 0, "%s", buf);
    ck_assert_msg(strstr(buf, "VBE: b0c0 0280 01e0 0008 0000 0000") != NULL, "%s", buf);
    ck_assert_msg(strstr(buf, "SR00: 00 00 00 00 00") != NULL, "%s", buf);
    run_until(r, "SECOND BOOT");
    run_for(r, 5 * SLICE);
    check_banner(r);
    close_machine(r);
}
END_TEST

START_TEST(triple_fault_resets_vbe)
{
    struct mrig *r = open_machine(false);
    unsigned resets = r->m->resets;
    run_until(r, "VBE SET");
    ck_assert(vbe_on(r));
    run_until(r, "SECOND BOOT");
    ck_assert_uint_eq(r->m->resets, resets + 1);
    run_for(r, 5 * SLICE);
    check_banner(r);
    close_machine(r);
}
END_TEST

START_TEST(shutdown_resume_keeps_vbe)
{
    struct mrig *r = open_machine(false);
    cmos_set_byte(r->m->cmos, 0x50, 1);         /* the guest asks for code 0Ah */
    unsigned resets = r->m->resets;
    run_until(r, "RESUMED");
    run_until(r, "VBE ");
    ck_assert_msg(strstr(r->m->debugcon_out.data, "VBE KEPT") != NULL, "%.*s",
                  (int)r->m->debugcon_out.len, r->m->debugcon_out.data);
    ck_assert_uint_eq(r->m->resets, resets + 1);
    ck_assert(vbe_on(r));
    close_machine(r);
}
END_TEST

/* One drive without --fdb, two with it: the board, CMOS 10h, and what
 * POST made of them (equipment word bits 6-7, 40:10). */
START_TEST(drive_b_only_with_fdb)
{
    for (int fdb = 0; fdb <= 1; fdb++) {
        struct mrig *r = open_machine(fdb != 0);
        ck_assert_int_eq(fdc_drive_type(r->m->fdc, 0), FDD_1440K);
        ck_assert_int_eq(fdc_drive_type(r->m->fdc, 1), fdb ? FDD_1440K : FDD_NONE);
        ck_assert_uint_eq(cmos_get_byte(r->m->cmos, 0x10), fdb ? 0x44 : 0x40);
        run_until(r, "VBE SET");
        uint16_t equip = phys_read16(&r->m->mem, 0x410);
        ck_assert_uint_eq(equip & 1, 1);
        ck_assert_uint_eq((equip >> 6) & 3, fdb ? 1u : 0u);
        close_machine(r);
    }
}
END_TEST

static Suite *machine_reset_suite(void)
{
    Suite *s = suite_create("machine_reset");
    TCase *tc = tcase_create("reset");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, power_cycle_resets_vbe);
    tcase_add_test(tc, triple_fault_resets_vbe);
    tcase_add_test(tc, shutdown_resume_keeps_vbe);
    tcase_add_test(tc, drive_b_only_with_fdb);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(machine_reset_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
