# The built-in demo disk: assembled with NASM and embedded as a C array.
libvireo_a_SOURCES += demo/demo_disk.c demo/demo_disk.h
nodist_libvireo_a_SOURCES += demo/demo_image.c
BUILT_SOURCES += demo/demo_image.c
CLEANFILES += demo/demo.bin demo/demo_image.c
EXTRA_DIST += demo/demo.asm scripts/bin2c.sh

demo/demo.bin: $(srcdir)/demo/demo.asm
	@mkdir -p demo
	$(AM_V_GEN)$(NASM) -f bin -o $@ $(srcdir)/demo/demo.asm

demo/demo_image.c: demo/demo.bin $(srcdir)/scripts/bin2c.sh
	$(AM_V_GEN)sh $(srcdir)/scripts/bin2c.sh demo_image demo/demo.bin $@
