libvireo_a_SOURCES += decoder/decode.c decoder/decode.h decoder/opcodes.c decoder/opcodes.h \
  decoder/disasm.c decoder/disasm.h
EXTRA_DIST += decoder/mnemonics.def decoder/operands.def decoder/exec.def \
  decoder/opcodes_1byte.def decoder/opcodes_0f.def decoder/opcodes_group.def \
  decoder/opcodes_x87.def
