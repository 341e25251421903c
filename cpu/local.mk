libvireo_a_SOURCES += cpu/cpu.c cpu/cpu.h cpu/model.c cpu/model.h cpu/flags.h cpu/mem.c \
  cpu/mem.h cpu/fault.c cpu/interrupt.c cpu/interrupt.h cpu/interrupt_pm.c cpu/icache.c \
  cpu/icache.h cpu/run.c cpu/dispatch.c cpu/dispatch.h cpu/exec.h cpu/segment.c \
  cpu/segment.h cpu/far.c cpu/far.h cpu/far_pm.c cpu/task.c cpu/io.h cpu/debug.c cpu/debug.h \
  cpu/fpu_state.h cpu/exec_alu.c cpu/exec_mov.c cpu/exec_muldiv.c cpu/exec_shift.c \
  cpu/exec_bit.c cpu/exec_bcd.c cpu/exec_stack.c cpu/exec_branch.c cpu/exec_string.c \
  cpu/exec_io.c cpu/exec_far.c cpu/exec_flags.c cpu/exec_system.c cpu/exec_x87.c \
  cpu/exec_fpu.h cpu/exec_mmx.c cpu/exec_sysenter.c
