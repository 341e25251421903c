libvireo_a_SOURCES += machine/machine.c machine/machine.h machine/board.c machine/board.h \
  machine/config.c machine/config.h machine/output.c machine/output.h machine/script.c \
  machine/script.h machine/host_input.c machine/host_input.h \
  machine/pace.c machine/pace.h
