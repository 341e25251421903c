# debugger/: the built-in debugger (Bochs's command names) and the GDB stub.
libvireo_a_SOURCES += debugger/debugger.h debugger/internal.h debugger/debugger.c \
  debugger/commands.c debugger/session.c debugger/breakpoints.c debugger/expr.c \
  debugger/memory.c debugger/symbols.h debugger/symbols.c debugger/state.c debugger/tables.c \
  debugger/info_vga.c debugger/code.c debugger/gdbstub.c debugger/gdb_regs.c
