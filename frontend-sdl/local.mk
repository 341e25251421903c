# frontend-sdl/: the SDL2 window (only with SDL; ./configure --without-sdl
# builds the headless emulator).  The only code that includes SDL.h; with
# frontend-term/, the only code that reads the host clock.  Its objects live in libvireo.a; only vireo and
# the window tests link SDL.
if HAVE_SDL
libvireo_a_SOURCES += frontend-sdl/frontend.c frontend-sdl/frontend.h \
  frontend-sdl/frontend_internal.h frontend-sdl/input.c \
  frontend-sdl/display.c frontend-sdl/display.h frontend-sdl/keymap.c frontend-sdl/keymap.h \
  frontend-sdl/speaker.c frontend-sdl/speaker.h
libvireo_a_CFLAGS += $(SDL2_CFLAGS)
endif

# Unit tests of the host-independent parts (no display needed).
if HAVE_SDL
check_PROGRAMS += tests/unit/test_frontend
TESTS += tests/unit/test_frontend
tests_unit_test_frontend_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) $(SDL2_CFLAGS)
tests_unit_test_frontend_LDADD = $(VIREO_LIBS) $(CHECK_LIBS) $(SDL2_LIBS)
endif

# The window end to end under Xvfb: tests/frontend/window.sh runs
# test_window with the guest assembled from window_guest.asm.
if HAVE_SDL
check_PROGRAMS += tests/frontend/test_window
TESTS += tests/frontend/window.sh
tests_frontend_test_window_CFLAGS = $(AM_CFLAGS) $(SDL2_CFLAGS)
tests_frontend_test_window_LDADD = $(VIREO_LIBS) $(SDL2_LIBS)
EXTRA_tests_frontend_test_window_DEPENDENCIES = tests/frontend/window_guest.bin
endif
EXTRA_DIST += tests/frontend/window_guest.asm tests/frontend/window.sh
CLEANFILES += tests/frontend/window_guest.bin

tests/frontend/window_guest.bin: $(srcdir)/tests/frontend/window_guest.asm
	@mkdir -p tests/frontend
	$(AM_V_GEN)$(NASM) -f bin -o $@ $(srcdir)/tests/frontend/window_guest.asm
