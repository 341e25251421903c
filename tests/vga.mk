# Unit tests of the VGA (devices/vga*.c) and the PNG codec (util/png.c).
VGA_TESTS = tests/unit/test_vga_regs tests/unit/test_vga_mem tests/unit/test_vga_render \
  tests/unit/test_vga_text tests/unit/test_vga_vbe tests/unit/test_png
check_PROGRAMS += $(VGA_TESTS)
TESTS += $(VGA_TESTS)
EXTRA_DIST += tests/unit/vgatest.h
tests_unit_test_vga_regs_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_vga_regs_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
tests_unit_test_vga_mem_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_vga_mem_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
tests_unit_test_vga_render_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_vga_render_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
tests_unit_test_vga_text_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_vga_text_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
tests_unit_test_vga_vbe_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_vga_vbe_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
tests_unit_test_png_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(ZLIB_CFLAGS)
tests_unit_test_png_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
