# Tests of our BIOS (bios/): Check tests on a small PC (tests/unit/biosrig.h).
BIOS_TESTS = tests/unit/test_bios
check_PROGRAMS += $(BIOS_TESTS)
TESTS += $(BIOS_TESTS)
EXTRA_DIST += tests/unit/biosrig.h
tests_unit_test_bios_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_bios_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
