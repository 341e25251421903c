# fpu: the x87 floating-point unit in integer-only software arithmetic
# (fp80_*: the arithmetic; xf: 192-bit working float of the transcendentals).
libvireo_a_SOURCES += fpu/u128.h fpu/fp80.h fpu/fp80_core.c fpu/fp80_arith.c \
  fpu/xf.h fpu/xf.c fpu/fp80_trans.c
libvireo_a_SOURCES += fpu/x87.h fpu/x87_fast.h fpu/x87.c fpu/x87_env.c fpu/x87_dump.c

# Unit tests: the arithmetic against exact values (test_fpu), every
# instruction family against vectors from a real x87 (test_fpu_vectors),
# the transcendentals against 192-bit-exact references (test_fpu_trans), the
# CPU side (test_fpu_cpu), every opcode row's outcome (test_fpu_rows), what
# the x87 difftest against the host's x87 found (test_fpu_difftest), and the
# inline fast paths against the general functions (test_fpu_fast).
FPU_TESTS = tests/unit/test_fpu tests/unit/test_fpu_vectors tests/unit/test_fpu_trans \
  tests/unit/test_fpu_cpu tests/unit/test_fpu_rows tests/unit/test_fpu_difftest \
  tests/unit/test_fpu_fast
check_PROGRAMS += $(FPU_TESTS)
TESTS += $(FPU_TESTS)
EXTRA_DIST += tests/unit/fpu_vec.h tests/unit/fpu_vectors.inc tests/fpu_gen/gen_host.c \
  tests/unit/fpu_trans_vectors.inc tests/fpu_gen/gen_trans.py tests/unit/fpu_rows.inc
tests_unit_test_fpu_vectors_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_fpu_vectors_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
tests_unit_test_fpu_trans_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_fpu_trans_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
libvireo_a_SOURCES += fpu/ferr.h fpu/ferr.c
tests_unit_test_fpu_cpu_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_fpu_cpu_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
tests_unit_test_fpu_rows_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_fpu_rows_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
tests_unit_test_fpu_fast_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_fpu_fast_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
tests_unit_test_fpu_difftest_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_fpu_difftest_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
tests_unit_test_fpu_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_fpu_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
