/* devices/debugport.h: the emulator's own diagnostic ports: the Bochs/QEMU
 * debug console at E9h, QEMU's isa-debug-exit at F4h, Bochs's shutdown
 * port at 8900h, and the POST code latch at 80h. */
#ifndef VIREO_DEVICES_DEBUGPORT_H
#define VIREO_DEVICES_DEBUGPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "devices/chardev.h"
#include "util/error.h"

struct io_bus;
struct debugport;

struct debugport_callbacks {
    /* A write of V to F4h: end the run with exit status (V << 1) | 1. */
    void (*exit_request)(void *opaque, int status);
    /* "Shutdown" written to 8900h byte by byte: power off. */
    void (*power_off)(void *opaque);
    void *opaque;
};

#define DEBUGPORT_POST_HISTORY 16

/* console: where E9h output goes (may be NULL); cb may be NULL.  POST
 * codes are logged at info level to bus->log. */
struct debugport *debugport_create(struct io_bus *bus, const struct chardev *console,
                                   const struct debugport_callbacks *cb, struct emu_err *err);
void debugport_destroy(struct debugport *d);
void debugport_reset(struct debugport *d);

/* E9h output not yet consumed (for the headless script's `expect`). */
size_t debugport_captured(const struct debugport *d, const uint8_t **data);
void debugport_consume(struct debugport *d, size_t n);

/* The last POST code written to 80h, and up to DEBUGPORT_POST_HISTORY of
 * the most recent ones, oldest first; returns how many. */
uint8_t debugport_post_code(const struct debugport *d);
unsigned debugport_post_history(const struct debugport *d, uint8_t *codes);

void debugport_describe(const struct debugport *d, char *buf, size_t size);

#endif
