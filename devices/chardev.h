/* devices/chardev.h: the character back end a serial port or the debug
 * console writes to (the machine connects it to stdio, a file, or
 * nothing), and a capture buffer of everything written, which the
 * headless script's `expect` reads. */
#ifndef VIREO_DEVICES_CHARDEV_H
#define VIREO_DEVICES_CHARDEV_H

#include <stddef.h>
#include <stdint.h>

struct chardev {
    void (*write)(void *opaque, const uint8_t *buf, size_t len);   /* NULL: discard */
    void *opaque;
};

/* Bytes written and not yet consumed, oldest first.  Holds the newest
 * TX_CAPTURE_MAX bytes; older ones are dropped (and counted). */
#define TX_CAPTURE_MAX 65536u
struct tx_capture {
    uint8_t buf[TX_CAPTURE_MAX];
    size_t len;
    uint64_t dropped;
};

void tx_capture_append(struct tx_capture *c, const uint8_t *data, size_t len);
/* Drop the first n captured bytes (all if n exceeds the length). */
void tx_capture_consume(struct tx_capture *c, size_t n);

#endif
