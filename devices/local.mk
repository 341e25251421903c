libvireo_a_SOURCES += devices/bus.c devices/bus.h devices/sched.c devices/sched.h
