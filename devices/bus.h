/* devices/bus.h: the I/O port bus (64 Ki ports).  A device maps a range of
 * ports with a name; handlers get (opaque, offset from base, width).  The
 * bus refuses overlaps naming both devices, returns all ones for unmapped
 * reads (logging each port once), and splits wide accesses into bytes for
 * devices that only take bytes. */
#ifndef VIREO_DEVICES_BUS_H
#define VIREO_DEVICES_BUS_H

#include <stdint.h>

#include "util/error.h"
#include "util/log.h"

enum io_width { IO_W8 = 1u << 0, IO_W16 = 1u << 1, IO_W32 = 1u << 2 };

struct io_ops {
    const char *name;
    uint32_t (*read)(void *opaque, uint16_t off, unsigned size);
    void (*write)(void *opaque, uint16_t off, unsigned size, uint32_t value);
    unsigned widths;            /* IO_W* the device takes whole; others are split */
};

#define IO_MAX_DEVICES 64

struct io_bus {
    uint8_t owner[65536];       /* device index + 1, or 0 when unmapped */
    struct {
        const struct io_ops *ops;
        void *opaque;
        uint16_t base, count;
    } dev[IO_MAX_DEVICES];
    unsigned ndev;
    uint8_t logged[65536 / 8];  /* unmapped ports already reported */
    const struct logger *log;
    /* Optional observer (debugger I/O breakpoints, tracing): called after
     * every access with the value read or written. */
    void (*watch)(void *opaque, uint16_t port, unsigned size, uint32_t value, int is_write);
    void *watch_opaque;
};

void bus_init(struct io_bus *b, const struct logger *log);
int bus_map_ports(struct io_bus *b, uint16_t base, uint16_t count, const struct io_ops *ops,
                  void *opaque, struct emu_err *err);
uint32_t bus_in(struct io_bus *b, uint16_t port, unsigned size);
void bus_out(struct io_bus *b, uint16_t port, unsigned size, uint32_t value);
/* The name of the device owning port, or NULL (for the debugger's `info device`). */
const char *bus_port_owner(const struct io_bus *b, uint16_t port);

#endif
