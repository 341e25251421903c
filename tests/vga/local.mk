# tests/vga/: every standard display mode drawn by a guest of our own
# (modes.asm) and compared with golden screenshots (golden/*.png) by
# modes.sh, headless: the renderer the window uses too; and the VBE 2.0
# modes set and drawn through our BIOS's INT 10h AH=4Fh (vbe.asm, vbe.sh,
# golden/vbe/*.png); a reset from a VBE mode back to text (reset.asm,
# reset.sh, golden/reset/*.png; also used by tests/unit/test_machine_reset).
check_PROGRAMS += tests/vga/pngcmp
tests_vga_pngcmp_LDADD = $(VIREO_LIBS)
EXTRA_tests_vga_pngcmp_DEPENDENCIES = tests/vga/modes.bin tests/vga/vbe.bin tests/vga/reset.bin
TESTS += tests/vga/modes.sh tests/vga/vbe.sh tests/vga/reset.sh
EXTRA_DIST += tests/vga/modes.asm tests/vga/modes.vs tests/vga/modes.sh tests/vga/golden \
  tests/vga/vbe.asm tests/vga/vbe.vs tests/vga/vbe.sh tests/vga/reset.asm tests/vga/reset.vs \
  tests/vga/reset.sh tests/vga/boot.inc tests/vga/guest.inc
CLEANFILES += tests/vga/modes.bin tests/vga/vbe.bin tests/vga/reset.bin

tests/vga/modes.bin: $(srcdir)/tests/vga/modes.asm $(srcdir)/tests/vga/boot.inc $(srcdir)/tests/vga/guest.inc
	@mkdir -p tests/vga
	$(AM_V_GEN)$(NASM) -f bin -I$(srcdir)/tests/vga/ -o $@ $(srcdir)/tests/vga/modes.asm

tests/vga/vbe.bin: $(srcdir)/tests/vga/vbe.asm $(srcdir)/tests/vga/boot.inc $(srcdir)/tests/vga/guest.inc
	@mkdir -p tests/vga
	$(AM_V_GEN)$(NASM) -f bin -I$(srcdir)/tests/vga/ -o $@ $(srcdir)/tests/vga/vbe.asm

tests/vga/reset.bin: $(srcdir)/tests/vga/reset.asm
	@mkdir -p tests/vga
	$(AM_V_GEN)$(NASM) -f bin -o $@ $(srcdir)/tests/vga/reset.asm
