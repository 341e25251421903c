/* devices/port92.c: system control port A at 92h, per the IBM PS/2
 * Hardware Interface Technical Reference ("System Control Port A"):
 * bit 0 alternate hot reset, bit 1 alternate A20 gate, bit 3 CMOS
 * security lock (set-only until power-on), bits 6-7 fixed disk activity
 * lights; bits 2, 4 (watchdog status) and 5 read 0. */
#include "devices/port92.h"

#include <stdio.h>
#include <stdlib.h>

#include "devices/bus.h"

#define P92_RESET 0x01
#define P92_A20 0x02
#define P92_LOCK 0x08
#define P92_LIGHTS 0xc0
#define P92_WRITABLE (P92_RESET | P92_A20 | P92_LOCK | P92_LIGHTS)

struct port92 {
    uint8_t value;
    struct kbc_lines lines;
};

static void set_value(struct port92 *p, uint8_t v)
{
    uint8_t old = p->value;
    v &= P92_WRITABLE;
    v |= old & P92_LOCK;                /* the lock stays until power-on */
    p->value = v;
    if (((old ^ v) & P92_A20) && p->lines.set_a20 != NULL)
        p->lines.set_a20(p->lines.opaque, (v & P92_A20) != 0);
    if ((v & P92_RESET) && !(old & P92_RESET) && p->lines.reset != NULL)
        p->lines.reset(p->lines.opaque);
}

static uint32_t port92_read(void *opaque, uint16_t off, unsigned size)
{
    const struct port92 *p = opaque;
    (void)off;
    (void)size;
    return p->value;
}

static void port92_write(void *opaque, uint16_t off, unsigned size, uint32_t value)
{
    (void)off;
    (void)size;
    set_value(opaque, (uint8_t)value);
}

static const struct io_ops port92_io = {
    .name = "port92", .read = port92_read, .write = port92_write, .widths = IO_W8,
};

struct port92 *port92_create(struct io_bus *bus, const struct kbc_lines *lines,
                             struct emu_err *err)
{
    struct port92 *p = calloc(1, sizeof *p);
    if (p == NULL) {
        emu_fail(err, EMU_ENOMEM, "port92: out of memory");
        return NULL;
    }
    if (lines != NULL)
        p->lines = *lines;
    if (bus_map_ports(bus, 0x92, 1, &port92_io, p, err) != 0) {
        free(p);
        return NULL;
    }
    return p;
}

void port92_destroy(struct port92 *p)
{
    free(p);
}

void port92_reset(struct port92 *p)
{
    p->value &= (uint8_t)~P92_LOCK;
    set_value(p, 0);
}

bool port92_a20(const struct port92 *p)
{
    return (p->value & P92_A20) != 0;
}

void port92_describe(const struct port92 *p, char *buf, size_t size)
{
    snprintf(buf, size, "port92: %02x (a20=%u reset=%u lock=%u lights=%u)\n", p->value,
             (p->value >> 1) & 1u, p->value & 1u, (p->value >> 3) & 1u, p->value >> 6);
}

void a20_gate_init(struct a20_gate *g, void (*set_a20)(void *opaque, bool on), void *opaque)
{
    g->kbc = g->fast = g->out = false;
    g->set_a20 = set_a20;
    g->opaque = opaque;
}

static void a20_gate_update(struct a20_gate *g)
{
    bool out = g->kbc || g->fast;
    if (out != g->out) {
        g->out = out;
        if (g->set_a20 != NULL)
            g->set_a20(g->opaque, out);
    }
}

void a20_gate_kbc(void *gate, bool on)
{
    struct a20_gate *g = gate;
    g->kbc = on;
    a20_gate_update(g);
}

void a20_gate_fast(void *gate, bool on)
{
    struct a20_gate *g = gate;
    g->fast = on;
    a20_gate_update(g);
}
