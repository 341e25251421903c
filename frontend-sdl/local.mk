# frontend-sdl/: the SDL2 window (only with SDL; ./configure --without-sdl
# builds the headless emulator).  The only code that includes SDL.h or
# reads the host clock.  Its objects live in libvireo.a; only vireo and
# the window tests link SDL.
if HAVE_SDL
libvireo_a_SOURCES += frontend-sdl/frontend.c frontend-sdl/frontend.h \
  frontend-sdl/display.c frontend-sdl/display.h frontend-sdl/keymap.c frontend-sdl/keymap.h \
  frontend-sdl/pace.c frontend-sdl/pace.h frontend-sdl/speaker.c frontend-sdl/speaker.h
libvireo_a_CFLAGS += $(SDL2_CFLAGS)
endif
