# Storage: disk images, the 82077AA floppy controller and IDE/ATA.
check_PROGRAMS += tests/unit/test_disk
TESTS += tests/unit/test_disk
tests_unit_test_disk_SOURCES = tests/unit/test_disk.c
tests_unit_test_disk_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_disk_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
check_PROGRAMS += tests/unit/test_ide
TESTS += tests/unit/test_ide
tests_unit_test_ide_SOURCES = tests/unit/test_ide.c
tests_unit_test_ide_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_ide_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
check_PROGRAMS += tests/unit/test_fdc
TESTS += tests/unit/test_fdc
tests_unit_test_fdc_SOURCES = tests/unit/test_fdc.c
tests_unit_test_fdc_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_fdc_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
