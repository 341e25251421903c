# tests/cpu.mk: the CPU core beyond the 286 conformance vectors.
#   Check unit tests per instruction family (tests/unit/test_cpu_*.c, on the
#   bench of tests/unit/cputest.h), and tests/difftest, which runs random
#   instruction sequences both in Vireo and on the host CPU through KVM,
#   and x87 instructions against the host CPU's x87 (docs/difftest.md).
#   make check        the unit tests and short difftest runs (skipped
#                     without /dev/kvm, or for the x87 on a non-x86 host)
#   make difftest     the long difftest runs, integer and x87
#   make difftest-x87 the long x87 run alone
CPU_TESTS = tests/unit/test_cpu_alu tests/unit/test_cpu_shift tests/unit/test_cpu_fault \
  tests/unit/test_cpu_muldiv tests/unit/test_cpu_bit tests/unit/test_cpu_mov \
  tests/unit/test_cpu_string tests/unit/test_cpu_stack \
  tests/unit/test_cpu_far tests/unit/test_cpu_system \
  tests/unit/test_cpu_desc tests/unit/test_cpu_mmx tests/unit/test_cpu_p2
check_PROGRAMS += $(CPU_TESTS)
TESTS += $(CPU_TESTS)
EXTRA_DIST += tests/unit/cputest.h
tests_unit_test_cpu_alu_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_cpu_alu_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
tests_unit_test_cpu_shift_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_cpu_shift_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
tests_unit_test_cpu_fault_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_cpu_fault_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
tests_unit_test_cpu_muldiv_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_cpu_muldiv_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
tests_unit_test_cpu_bit_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_cpu_bit_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
tests_unit_test_cpu_mov_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_cpu_mov_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
tests_unit_test_cpu_string_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_cpu_string_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
tests_unit_test_cpu_stack_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_cpu_stack_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
tests_unit_test_cpu_far_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_cpu_far_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
tests_unit_test_cpu_system_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_cpu_system_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
tests_unit_test_cpu_desc_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_cpu_desc_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
tests_unit_test_cpu_mmx_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_cpu_mmx_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
tests_unit_test_cpu_p2_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_cpu_p2_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)

# The differential test against the host CPU through KVM (docs/difftest.md):
# a short run in `make check` (exit status 77, a skip, without KVM) and the
# long one in `make difftest`.
check_PROGRAMS += tests/difftest/difftest
TESTS += tests/difftest/difftest
tests_difftest_difftest_SOURCES = tests/difftest/difftest.c tests/difftest/dt.h \
  tests/difftest/env.c tests/difftest/gen.c tests/difftest/flagmask.c \
  tests/difftest/side_vireo.c tests/difftest/side_kvm.c tests/difftest/dx87.h \
  tests/difftest/dx87_gen.c tests/difftest/dx87_cmp.c tests/difftest/dx87_host.c \
  tests/difftest/dx87_run.c
tests_difftest_difftest_LDADD = $(VIREO_LIBS)

# The x87 difftest (tests/difftest/dx87_*.c) is the same program with --x87:
# a short run in `make check` through x87.sh, the long one in `make
# difftest-x87` (and `make difftest`, which runs both).
TESTS += tests/difftest/x87.sh
EXTRA_DIST += tests/difftest/x87.sh

difftest: tests/difftest/difftest$(EXEEXT)
	./tests/difftest/difftest --count 100000 --seed 1
	./tests/difftest/difftest --x87 --count 1000000 --seed 1
difftest-x87: tests/difftest/difftest$(EXEEXT)
	./tests/difftest/difftest --x87 --count 1000000 --seed 1
.PHONY: difftest difftest-x87

# The whole machine on random code, fast paths against careful ones
# (tests/unit/test_chaos.c; VIREO_CHAOS_ROUNDS=N for a longer run).
check_PROGRAMS += tests/unit/test_chaos
TESTS += tests/unit/test_chaos
check_DATA += tests/unit/chaos_setup.bin
EXTRA_DIST += tests/unit/chaos_setup.asm
CLEANFILES += tests/unit/chaos_setup.bin
tests_unit_test_chaos_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_chaos_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
tests/unit/chaos_setup.bin: $(srcdir)/tests/unit/chaos_setup.asm
	@mkdir -p tests/unit
	$(AM_V_GEN)$(NASM) -f bin -o $@ $(srcdir)/tests/unit/chaos_setup.asm
