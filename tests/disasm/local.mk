# tests/disasm: the disassembler checked against GNU objdump, the decoder and
# disassembler unit tests, `vireo disasm` itself, and the decoder fuzzer.
#   make check          20,000 random sequences per mode against objdump,
#                       plus the Check unit tests
#   make check-disasm   the full comparison: 1,000,000 sequences per mode
#   make fuzz           the libFuzzer harness (needs clang: FUZZ_CC=clang)
# docs/disasm.md describes the method, the scope rules and the figures.
check_PROGRAMS += tests/disasm/disasm_compare tests/unit/test_decoder \
  tests/unit/test_disasm tests/disasm/test_cmd_disasm
TESTS += tests/disasm/disasm_compare tests/unit/test_decoder tests/unit/test_disasm \
  tests/disasm/test_cmd_disasm

tests_disasm_disasm_compare_SOURCES = tests/disasm/disasm_compare.c
tests_disasm_disasm_compare_CPPFLAGS = $(AM_CPPFLAGS) -DOBJDUMP_PATH='"$(OBJDUMP)"'
tests_disasm_disasm_compare_LDADD = $(VIREO_LIBS)

tests_unit_test_decoder_SOURCES = tests/unit/test_decoder.c
tests_unit_test_decoder_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_decoder_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)

tests_unit_test_disasm_SOURCES = tests/unit/test_disasm.c
tests_unit_test_disasm_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_disasm_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)

# cmd_disasm() is part of the vireo program, not libvireo.a: link it here.
tests_disasm_test_cmd_disasm_SOURCES = tests/disasm/test_cmd_disasm.c cli/cmd_disasm.c
tests_disasm_test_cmd_disasm_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_disasm_test_cmd_disasm_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)

check-disasm: tests/disasm/disasm_compare$(EXEEXT)
	./tests/disasm/disasm_compare --count 1000000 --show 20

# The fuzzer instruments the decoder itself, so it is built from the
# decoder's sources rather than libvireo.a.
FUZZ_CC = $(CC)
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_SRCS = tests/fuzz/fuzz_decode.c decoder/decode.c decoder/opcodes.c decoder/disasm.c
fuzz: $(FUZZ_SRCS)
	@case "`$(FUZZ_CC) --version 2>/dev/null`" in \
	  *clang*) ;; \
	  *) echo "make fuzz: libFuzzer needs clang; run: make fuzz FUZZ_CC=clang" >&2; exit 1;; \
	esac
	$(FUZZ_CC) -std=c11 $(FUZZ_FLAGS) -I$(top_srcdir) -I$(top_builddir) \
	  -o tests/fuzz/fuzz_decode $(FUZZ_SRCS)
	@echo "run: ./tests/fuzz/fuzz_decode -max_total_time=300 (docs/disasm.md)"

.PHONY: check-disasm fuzz
CLEANFILES += tests/fuzz/fuzz_decode
EXTRA_DIST += tests/fuzz/fuzz_decode.c
