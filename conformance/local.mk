libvireo_a_SOURCES += conformance/moo.c conformance/moo.h conformance/json.c \
  conformance/json.h conformance/runner.c conformance/runner.h
