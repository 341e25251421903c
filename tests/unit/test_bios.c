/* tests/unit/test_bios.c: our BIOS on a small PC (biosrig.h): POST and the
 * data areas it fills, then the services called from real mode. */
#include <check.h>

#include "bios/rom_defs.h"
#include "tests/unit/biosrig.h"

static void fill_boot_floppy(uint64_t lba, uint8_t *sec)
{
    if (lba == 0)
        rig_boot_sector(sec);
    else
        for (unsigned i = 0; i < 512; i++)
            sec[i] = (uint8_t)(lba * 7 + i);
}

static struct rig *boot_floppy(void)
{
    struct rig *r = rig_new();
    char path[256];
    rig_make_image(r, "fd0.img", 1474560, fill_boot_floppy, path, sizeof path);
    struct rig_opts o = { .fd0 = path, .boot = "a" };
    rig_build(r, &o);
    rig_boot(r);
    return r;
}

START_TEST(post_boots_floppy)
{
    struct rig *r = boot_floppy();
    ck_assert_uint_eq(rig_rd16(r, 0x413), 639);
    rig_free(r);
}
END_TEST

static Suite *bios_suite(void)
{
    Suite *s = suite_create("bios");
    TCase *tc = tcase_create("post");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, post_boots_floppy);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(bios_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
