# frontend-term/: the text screen on a terminal (--term), for hosts without
# a display; built always (it needs no library).
libvireo_a_SOURCES += frontend-term/term.c frontend-term/term.h frontend-term/termkeys.c \
  frontend-term/termkeys.h

# Unit tests: the key decoder and the pacing arithmetic.
check_PROGRAMS += tests/unit/test_term
TESTS += tests/unit/test_term
tests_unit_test_term_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_test_term_LDADD = $(VIREO_LIBS) $(CHECK_LIBS)
