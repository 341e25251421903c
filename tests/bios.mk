# Tests of our BIOS (bios/): Check tests on a small PC (tests/unit/biosrig.h),
# and on the whole machine (machine_create) for resets and the board's drives.
BIOS_TESTS = tests/unit/test_bios tests/unit/test_machine_reset
check_PROGRAMS += $(BIOS_TESTS)
TESTS += $(BIOS_TESTS)
check_DATA += tests/vga/reset.bin
EXTRA_DIST += tests/unit/biosrig.h
tests_unit_test_bios_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_bios_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
tests_unit_test_machine_reset_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_machine_reset_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
