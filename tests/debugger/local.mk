# tests/debugger: the built-in debugger and the GDB stub.  guest.asm is the
# test guest, assembled as a boot floppy and as an ELF object for symbols.
DEBUGGER_TESTS = tests/debugger/test_debugger tests/debugger/test_gdbstub
check_PROGRAMS += $(DEBUGGER_TESTS)
TESTS += $(DEBUGGER_TESTS) tests/debugger/cli.sh tests/debugger/gdb.sh
check_DATA += tests/debugger/guest.img tests/debugger/guest.elf
CLEANFILES += tests/debugger/guest.img tests/debugger/guest.elf
EXTRA_DIST += tests/debugger/guest.asm tests/debugger/dbgrig.h tests/debugger/cli.sh \
  tests/debugger/gdb.sh
tests_debugger_test_debugger_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_debugger_test_debugger_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
tests_debugger_test_gdbstub_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_debugger_test_gdbstub_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)

tests/debugger/guest.img: $(srcdir)/tests/debugger/guest.asm
	$(AM_V_GEN)$(MKDIR_P) tests/debugger && $(NASM) -f bin -o $@ $(srcdir)/tests/debugger/guest.asm
tests/debugger/guest.elf: $(srcdir)/tests/debugger/guest.asm
	$(AM_V_GEN)$(MKDIR_P) tests/debugger && \
	  $(NASM) -f elf32 -DELF -o $@ $(srcdir)/tests/debugger/guest.asm

# Build what the debugger tests need and run only them: make debugger-check
debugger-check: tests/debugger/guest.img tests/debugger/guest.elf vireo$(EXEEXT) \
  $(DEBUGGER_TESTS:%=%$(EXEEXT))
	@$(MAKE) $(AM_MAKEFLAGS) check-TESTS \
	  TESTS='$(DEBUGGER_TESTS) tests/debugger/cli.sh tests/debugger/gdb.sh'
.PHONY: debugger-check
