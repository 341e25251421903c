# tests/roms: NASM test programs for our BIOS.  Each tests/roms/NAME.asm
# assembles into a bootable 1.44 MB floppy image (tests/roms/rom.inc) that
# calls BIOS services and reports PASS/FAIL lines on port E9h.  They run
# twice: in the Check test tests/unit/test_bios (on its own small PC) and
# through the vireo program, headless (tests/roms/run-roms.sh).
BIOS_ROM_NAMES = post disk hdisk video keyboard system time serial vbe
BIOS_ROM_IMAGES = $(BIOS_ROM_NAMES:%=tests/roms/%.img)
BIOS_ROM_INC = tests/roms/rom.inc tests/roms/rom_tail.inc
check_DATA += $(BIOS_ROM_IMAGES)
TESTS += tests/roms/run-roms.sh
CLEANFILES += $(BIOS_ROM_IMAGES)
EXTRA_DIST += $(BIOS_ROM_INC) $(BIOS_ROM_NAMES:%=tests/roms/%.asm) tests/roms/run-roms.sh

BIOS_ROM_NASM = $(AM_V_GEN)$(MKDIR_P) tests/roms && $(NASM) -f bin -I$(srcdir)/tests/roms/ -o $@
BIOS_ROM_DEPS = $(BIOS_ROM_INC:%=$(srcdir)/%)
tests/roms/post.img: $(srcdir)/tests/roms/post.asm $(BIOS_ROM_DEPS)
	$(BIOS_ROM_NASM) $(srcdir)/tests/roms/post.asm
tests/roms/disk.img: $(srcdir)/tests/roms/disk.asm $(BIOS_ROM_DEPS)
	$(BIOS_ROM_NASM) $(srcdir)/tests/roms/disk.asm
tests/roms/hdisk.img: $(srcdir)/tests/roms/hdisk.asm $(BIOS_ROM_DEPS)
	$(BIOS_ROM_NASM) $(srcdir)/tests/roms/hdisk.asm
tests/roms/video.img: $(srcdir)/tests/roms/video.asm $(BIOS_ROM_DEPS)
	$(BIOS_ROM_NASM) $(srcdir)/tests/roms/video.asm
tests/roms/keyboard.img: $(srcdir)/tests/roms/keyboard.asm $(BIOS_ROM_DEPS)
	$(BIOS_ROM_NASM) $(srcdir)/tests/roms/keyboard.asm
tests/roms/system.img: $(srcdir)/tests/roms/system.asm $(BIOS_ROM_DEPS)
	$(BIOS_ROM_NASM) $(srcdir)/tests/roms/system.asm
tests/roms/time.img: $(srcdir)/tests/roms/time.asm $(BIOS_ROM_DEPS)
	$(BIOS_ROM_NASM) $(srcdir)/tests/roms/time.asm
tests/roms/serial.img: $(srcdir)/tests/roms/serial.asm $(BIOS_ROM_DEPS)
	$(BIOS_ROM_NASM) $(srcdir)/tests/roms/serial.asm
tests/roms/vbe.img: $(srcdir)/tests/roms/vbe.asm $(BIOS_ROM_DEPS)
	$(BIOS_ROM_NASM) $(srcdir)/tests/roms/vbe.asm

# Build the images and run only the BIOS tests: make bios-check
bios-check: $(BIOS_ROM_IMAGES) vireo$(EXEEXT) tests/unit/test_bios$(EXEEXT)
	@$(MAKE) $(AM_MAKEFLAGS) check-TESTS TESTS='tests/unit/test_bios tests/roms/run-roms.sh'
.PHONY: bios-check
