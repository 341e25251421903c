/* devices/bus.c: the I/O port bus.  See bus.h. */
#include "devices/bus.h"

#include <string.h>

void bus_init(struct io_bus *b, const struct logger *log)
{
    memset(b, 0, sizeof *b);
    b->log = log;
}

int bus_map_ports(struct io_bus *b, uint16_t base, uint16_t count, const struct io_ops *ops,
                  void *opaque, struct emu_err *err)
{
    if (count == 0 || (uint32_t)base + count > 65536)
        return emu_fail(err, EMU_EINVAL, "%s: ports %#x+%u are out of range", ops->name, base,
                        count);
    for (uint32_t p = base; p < (uint32_t)base + count; p++) {
        if (b->owner[p])
            return emu_fail(err, EMU_EINVAL, "%s: port %#x already belongs to %s", ops->name,
                            p, b->dev[b->owner[p] - 1].ops->name);
    }
    if (b->ndev == IO_MAX_DEVICES)
        return emu_fail(err, EMU_EINVAL, "%s: too many I/O devices", ops->name);
    unsigned idx = b->ndev++;
    b->dev[idx].ops = ops;
    b->dev[idx].opaque = opaque;
    b->dev[idx].base = base;
    b->dev[idx].count = count;
    for (uint32_t p = base; p < (uint32_t)base + count; p++)
        b->owner[p] = (uint8_t)(idx + 1);
    return 0;
}

static void log_unmapped(struct io_bus *b, uint16_t port, const char *what)
{
    if (b->logged[port >> 3] & (1u << (port & 7)))
        return;
    b->logged[port >> 3] |= (uint8_t)(1u << (port & 7));
    log_msg(b->log, LOG_DEBUG, "io", "%s unmapped port %#06x", what, port);
}

/* Can the device owning `port` take a `size`-byte access there whole? */
static int whole(const struct io_bus *b, uint16_t port, unsigned size)
{
    unsigned idx = b->owner[port];
    if (idx == 0)
        return 0;
    const struct io_ops *ops = b->dev[idx - 1].ops;
    unsigned w = size == 1 ? IO_W8 : size == 2 ? IO_W16 : IO_W32;
    if (!(ops->widths & w))
        return 0;
    /* every byte of the access must belong to the same device */
    return (uint32_t)port + size <= (uint32_t)b->dev[idx - 1].base + b->dev[idx - 1].count;
}

uint32_t bus_in(struct io_bus *b, uint16_t port, unsigned size)
{
    uint32_t v;
    if (size == 1 || whole(b, port, size)) {
        unsigned idx = b->owner[port];
        if (idx == 0) {
            log_unmapped(b, port, "read from");
            v = size == 1 ? 0xffu : size == 2 ? 0xffffu : 0xffffffffu;
        } else {
            v = b->dev[idx - 1].ops->read(b->dev[idx - 1].opaque,
                                         (uint16_t)(port - b->dev[idx - 1].base), size);
        }
    } else {
        v = 0;
        for (unsigned i = 0; i < size; i++)
            v |= bus_in(b, (uint16_t)(port + i), 1) << (8 * i);
        return v;               /* the byte accesses were reported already */
    }
    if (b->watch)
        b->watch(b->watch_opaque, port, size, v, 0);
    return v;
}

void bus_out(struct io_bus *b, uint16_t port, unsigned size, uint32_t value)
{
    if (size == 1 || whole(b, port, size)) {
        unsigned idx = b->owner[port];
        if (idx == 0)
            log_unmapped(b, port, "write to");
        else
            b->dev[idx - 1].ops->write(b->dev[idx - 1].opaque,
                                       (uint16_t)(port - b->dev[idx - 1].base), size, value);
        if (b->watch)
            b->watch(b->watch_opaque, port, size, value, 1);
        return;
    }
    for (unsigned i = 0; i < size; i++)
        bus_out(b, (uint16_t)(port + i), 1, (value >> (8 * i)) & 0xffu);
}

const char *bus_port_owner(const struct io_bus *b, uint16_t port)
{
    unsigned idx = b->owner[port];
    return idx ? b->dev[idx - 1].ops->name : NULL;
}
