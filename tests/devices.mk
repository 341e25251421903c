# Unit tests of the PC/AT chipset devices (devices/*.c), one program per chip.
DEVICE_TESTS = tests/unit/test_dma tests/unit/test_pic tests/unit/test_pit tests/unit/test_port61 tests/unit/test_cmos tests/unit/test_kbc
check_PROGRAMS += $(DEVICE_TESTS)
TESTS += $(DEVICE_TESTS)
EXTRA_DIST += tests/unit/devtest.h
tests_unit_test_dma_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_dma_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
tests_unit_test_pic_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_pic_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
tests_unit_test_pit_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_pit_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
tests_unit_test_port61_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_port61_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
tests_unit_test_cmos_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_cmos_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
tests_unit_test_kbc_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_kbc_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
