/* fpu/ferr.c: FERR# -> IRQ13 and the port F0h IGNNE# latch of PC
 * compatibles (see ferr.h).  Reads of F0h return all ones, as on
 * chipsets where the port is write-only. */
#include "fpu/ferr.h"

#include <stdlib.h>

static uint32_t ferr_io_read(void *opaque, uint16_t off, unsigned size)
{
    (void)opaque;
    (void)off;
    (void)size;
    return 0xff;
}

static void ferr_io_write(void *opaque, uint16_t off, unsigned size, uint32_t value)
{
    (void)off;
    (void)size;
    (void)value;
    fpu_ferr_write_f0(opaque);
}

static const struct io_ops ferr_io = {
    .name = "fpu-ferr", .read = ferr_io_read, .write = ferr_io_write, .widths = IO_W8,
};

struct fpu_ferr *fpu_ferr_create(struct io_bus *bus, struct irq_line irq13,
                                 struct emu_err *err)
{
    struct fpu_ferr *x = calloc(1, sizeof *x);
    if (x == NULL) {
        emu_fail(err, EMU_ENOMEM, "fpu-ferr: out of memory");
        return NULL;
    }
    x->irq13 = irq13;
    if (bus != NULL && bus_map_ports(bus, 0xf0, 1, &ferr_io, x, err) != 0) {
        free(x);
        return NULL;
    }
    return x;
}

void fpu_ferr_destroy(struct fpu_ferr *x)
{
    free(x);
}

void fpu_ferr_set(struct fpu_ferr *x, bool level)
{
    if (level == x->ferr)
        return;
    x->ferr = level;
    if (!level)
        x->ignne = false;
    irq_set(&x->irq13, level);
}

void fpu_ferr_write_f0(struct fpu_ferr *x)
{
    irq_lower(&x->irq13);
    if (x->ferr)
        x->ignne = true;
}

void fpu_ferr_reset(struct fpu_ferr *x)
{
    fpu_ferr_set(x, false);
    x->ignne = false;
}
