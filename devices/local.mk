libvireo_a_SOURCES += devices/bus.c devices/bus.h devices/sched.c devices/sched.h
libvireo_a_SOURCES += devices/disk_image.c devices/disk_image.h devices/ide.c devices/ide.h \
  devices/ide_cmd.c devices/ide_internal.h \
  devices/fdc.c devices/fdc.h devices/fdc_exec.c devices/fdc_internal.h
libvireo_a_SOURCES += devices/dma.c devices/dma.h devices/irq.h
libvireo_a_SOURCES += devices/pic.c devices/pic.h
libvireo_a_SOURCES += devices/vga.c devices/vga.h devices/vga_internal.h devices/vga_seq.c \
  devices/vga_crtc.c devices/vga_gc.c devices/vga_attr.c devices/vga_dac.c devices/vga_mem.c \
  devices/vga_timing.c devices/vga_render.c devices/vga_text.c devices/vga_vbe.c
libvireo_a_SOURCES += devices/pit.c devices/pit.h
libvireo_a_SOURCES += devices/port61.c devices/port61.h
libvireo_a_SOURCES += devices/cmos.c devices/cmos.h
libvireo_a_SOURCES += devices/kbc.c devices/kbc.h devices/ps2kbd.c devices/ps2kbd.h devices/ps2mouse.c devices/ps2mouse.h devices/keycodes.c devices/keycodes.h
libvireo_a_SOURCES += devices/port92.c devices/port92.h
libvireo_a_SOURCES += devices/uart.c devices/uart.h devices/debugport.c devices/debugport.h devices/chardev.c devices/chardev.h
