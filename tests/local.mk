# Integration tests: shell scripts that run the vireo program.  They find the
# shared guest images and vectors through VIREO_SHARED (default ../shared)
# and skip without them, or fail under VIREO_REQUIRE_SHARED=1 (CI).
SHELL_TESTS = tests/demo.sh tests/bad_input.sh tests/conformance.sh \
  tests/boot/freedos-bootdisk.sh tests/boot/freedos-x86boot.sh tests/boot/freedos-hd.sh \
  tests/boot/freedos-bochsbios.sh tests/boot/freedos-jemmex.sh tests/boot/freedos-emm386.sh \
  tests/boot/linux-011.sh tests/boot/floppinux.sh tests/boot/memtest86.sh \
  tests/boot/debian-vesafb.sh tests/boot/ipxe.sh tests/manpage.sh \
  tests/serial-stdio.sh tests/term.sh
TESTS += $(SHELL_TESTS)
EXTRA_DIST += $(SHELL_TESTS) tests/lib.sh scripts/boot-times.sh

# The full SingleStepTests run (470,000 vectors; the check sample is 32,500).
conformance: vireo$(EXEEXT)
	./vireo$(EXEEXT) conform --cpu 386 "$${VIREO_SHARED:-$(abs_top_srcdir)/../shared}/conformance/sst-80286/v1_real_mode"
.PHONY: conformance

# Unit-test programs (Check): the cross check runs these under qemu-user.
print-unit-tests:
	@echo $(filter tests/unit/%,$(check_PROGRAMS))
check-cross:
	$(SHELL) $(srcdir)/scripts/check-cross.sh
.PHONY: print-unit-tests check-cross

# Speed: guest MIPS next to Bochs, and host instructions per guest
# instruction under callgrind.  Never part of `make check`.
bench: vireo$(EXEEXT)
	$(SHELL) $(srcdir)/scripts/bench.sh
bench-callgrind: vireo$(EXEEXT)
	$(SHELL) $(srcdir)/scripts/bench-callgrind.sh
# Guests too heavy for every commit (a modern Linux kernel): run nightly.
NIGHTLY_TESTS = tests/nightly/debian-6.1.sh
EXTRA_DIST += $(NIGHTLY_TESTS)
check-nightly: vireo$(EXEEXT)
	@for t in $(NIGHTLY_TESTS); do \
	  ( $(AM_TESTS_ENVIRONMENT) $(SHELL) $(srcdir)/$$t ) || exit 1; \
	done
boot-times: vireo$(EXEEXT)
	$(SHELL) $(srcdir)/scripts/boot-times.sh
.PHONY: bench bench-callgrind boot-times check-nightly
