# tests/vga/: every standard display mode drawn by a guest of our own
# (modes.asm) and compared with golden screenshots (golden/*.png) by
# modes.sh, headless: the renderer the window uses too.
check_PROGRAMS += tests/vga/pngcmp
tests_vga_pngcmp_LDADD = $(VIREO_LIBS)
EXTRA_tests_vga_pngcmp_DEPENDENCIES = tests/vga/modes.bin
TESTS += tests/vga/modes.sh
EXTRA_DIST += tests/vga/modes.asm tests/vga/modes.vs tests/vga/modes.sh tests/vga/golden
CLEANFILES += tests/vga/modes.bin

tests/vga/modes.bin: $(srcdir)/tests/vga/modes.asm
	@mkdir -p tests/vga
	$(AM_V_GEN)$(NASM) -f bin -o $@ $(srcdir)/tests/vga/modes.asm
