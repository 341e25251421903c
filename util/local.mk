libvireo_a_SOURCES += util/error.c util/error.h util/log.c util/log.h util/le.h
libvireo_a_SOURCES += util/png.c util/png.h
