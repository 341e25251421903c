# bios/: Vireo's own BIOS.  The ROM is assembled with NASM from bios/rom.asm
# (which includes the generated fonts and bios/rom_defs.h turned into NASM
# %defines) and embedded in libvireo.a as a C array; the conversion sets the
# last byte (F000:FFFF) so that the 64 KiB sum to zero, as PC ROMs do.  It
# uses only sed, od and awk, so it works the same for cross builds.
libvireo_a_SOURCES += bios/bios.h bios/bios_internal.h bios/rom_defs.h bios/rom_image.h \
  bios/bios.c bios/post.c bios/video.h bios/video.c bios/video_mode.c bios/video_state.c bios/video_gfx.c bios/vbe.c bios/disk.c \
  bios/floppy.c bios/keyboard.c bios/system.c bios/clock.c bios/serial.c bios/mouse.c
nodist_libvireo_a_SOURCES += bios/rom_image.c
BUILT_SOURCES += bios/rom_image.c
CLEANFILES += bios/rom_image.c bios/vireo-bios.bin bios/rom_defs.inc
BIOS_ASM_FILES = bios/rom.asm bios/video_tables.inc bios/font8x8_lo.inc bios/font8x8_hi.inc bios/font8x14.inc \
  bios/font8x16.inc
EXTRA_DIST += $(BIOS_ASM_FILES) bios/gen_font.py

bios/rom_defs.inc: $(srcdir)/bios/rom_defs.h
	$(AM_V_GEN)$(MKDIR_P) bios && \
	sed -e 's/^#define \([A-Za-z0-9_]*\)  *\([^ /]*\).*/%define \1 \2/' -e t -e d \
	  $(srcdir)/bios/rom_defs.h > $@.tmp && mv $@.tmp $@

bios/vireo-bios.bin: $(BIOS_ASM_FILES:%=$(srcdir)/%) bios/rom_defs.inc
	$(AM_V_GEN)$(NASM) -f bin -I$(srcdir)/bios/ -Ibios/ -o $@.tmp $(srcdir)/bios/rom.asm && \
	mv $@.tmp $@

bios/rom_image.c: bios/vireo-bios.bin
	$(AM_V_GEN){ \
	  echo '/* Generated from bios/rom.asm by bios/local.mk: do not edit. */'; \
	  echo '#include "bios/rom_image.h"'; \
	  echo 'const uint8_t vireo_bios_rom[] = {'; \
	  od -An -v -tu1 bios/vireo-bios.bin | \
	    awk '{ for (i = 1; i <= NF; i++) b[n++] = $$i } \
	         END { for (i = 0; i < n - 1; i++) s += b[i]; b[n - 1] = (256 - s % 256) % 256; \
	               for (i = 0; i < n; i++) printf("0x%02x,%s", b[i], i % 16 == 15 ? "\n" : "") }'; \
	  echo '};'; \
	  echo 'const size_t vireo_bios_rom_size = sizeof vireo_bios_rom;'; \
	} > $@.tmp && mv $@.tmp $@
