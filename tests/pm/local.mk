# tests/pm: the protected-mode, paging and V86 test programs.  Each
# tests/pm/NAME.asm assembles into a bootable 1.44 MB floppy image that
# reports PASS/FAIL lines on port E9h; each tests/pm/*.pm file describes one
# run of an image (CPU model, options, expected exit status) that
# tests/pm/run.sh performs headless and checks.  See tests/pm/harness.inc.
PM_NAMES = seg priv task paging v86 exc sys irq triple
PM_IMAGES = $(PM_NAMES:%=tests/pm/%.img)
PM_INC = tests/pm/harness.inc tests/pm/macros.inc tests/pm/report.inc tests/pm/tail.inc
PM_RUNS = tests/pm/seg.pm tests/pm/priv.pm tests/pm/task.pm tests/pm/paging.pm \
  tests/pm/paging-386.pm tests/pm/paging-486.pm tests/pm/v86.pm tests/pm/exc.pm \
  tests/pm/exc-386.pm tests/pm/exc-486.pm tests/pm/sys.pm tests/pm/sys-386.pm \
  tests/pm/sys-486.pm tests/pm/irq.pm tests/pm/irq-386.pm tests/pm/triple.pm \
  tests/pm/triple-reset.pm tests/pm/paging-p6.pm tests/pm/exc-p6.pm tests/pm/sys-p6.pm

check_DATA += $(PM_IMAGES)
TESTS += $(PM_RUNS)
TEST_EXTENSIONS = .pm
PM_LOG_COMPILER = $(SHELL) $(srcdir)/tests/pm/run.sh
CLEANFILES += $(PM_IMAGES)
EXTRA_DIST += $(PM_INC) $(PM_NAMES:%=tests/pm/%.asm) $(PM_RUNS) tests/pm/run.sh \
  tests/pm/bochs-run.sh tests/pm/README.md

PM_NASM = $(NASM) -f bin -I$(srcdir)/tests/pm/ -o $@
PM_DEPS = $(PM_INC:%=$(srcdir)/%)
tests/pm/seg.img: $(srcdir)/tests/pm/seg.asm $(PM_DEPS)
	$(AM_V_GEN)$(MKDIR_P) tests/pm && $(PM_NASM) $(srcdir)/tests/pm/seg.asm
tests/pm/priv.img: $(srcdir)/tests/pm/priv.asm $(PM_DEPS)
	$(AM_V_GEN)$(MKDIR_P) tests/pm && $(PM_NASM) $(srcdir)/tests/pm/priv.asm
tests/pm/task.img: $(srcdir)/tests/pm/task.asm $(PM_DEPS)
	$(AM_V_GEN)$(MKDIR_P) tests/pm && $(PM_NASM) $(srcdir)/tests/pm/task.asm
tests/pm/paging.img: $(srcdir)/tests/pm/paging.asm $(PM_DEPS)
	$(AM_V_GEN)$(MKDIR_P) tests/pm && $(PM_NASM) $(srcdir)/tests/pm/paging.asm
tests/pm/v86.img: $(srcdir)/tests/pm/v86.asm $(PM_DEPS)
	$(AM_V_GEN)$(MKDIR_P) tests/pm && $(PM_NASM) $(srcdir)/tests/pm/v86.asm
tests/pm/exc.img: $(srcdir)/tests/pm/exc.asm $(PM_DEPS)
	$(AM_V_GEN)$(MKDIR_P) tests/pm && $(PM_NASM) $(srcdir)/tests/pm/exc.asm
tests/pm/sys.img: $(srcdir)/tests/pm/sys.asm $(PM_DEPS)
	$(AM_V_GEN)$(MKDIR_P) tests/pm && $(PM_NASM) $(srcdir)/tests/pm/sys.asm
tests/pm/irq.img: $(srcdir)/tests/pm/irq.asm $(PM_DEPS)
	$(AM_V_GEN)$(MKDIR_P) tests/pm && $(PM_NASM) $(srcdir)/tests/pm/irq.asm
tests/pm/triple.img: $(srcdir)/tests/pm/triple.asm $(PM_DEPS)
	$(AM_V_GEN)$(MKDIR_P) tests/pm && $(PM_NASM) $(srcdir)/tests/pm/triple.asm

# Build the images and run only this suite: make pm-check
pm-check: $(PM_IMAGES) vireo$(EXEEXT)
	@$(MAKE) $(AM_MAKEFLAGS) check-TESTS TESTS='$(PM_RUNS)'
.PHONY: pm-check
