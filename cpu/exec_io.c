/* cpu/exec_io.c: IN and OUT, and the I/O permission checks shared with
 * INS/OUTS (SDM Vol. 1, 18.5.1-18.5.2). */
#include "cpu/debug.h"
#include "cpu/exec.h"
#include "cpu/io.h"
#include "devices/bus.h"

void io_check(struct cpu *c, uint16_t port, unsigned size)
{
    if (c->mode == MODE_REAL || (c->mode == MODE_PROT && c->cpl <= cpu_iopl(c)))
        return;
    /* The bitmap exists only in a 32-bit TSS at least 104 bytes long; each
     * byte of the access needs a clear bit, and the two bitmap bytes read
     * must lie inside the TSS limit. */
    unsigned type = c->tr.attr & SEG_ATTR_TYPE;
    if ((type != 9 && type != 11) || c->tr.limit < 103)
        cpu_raise_err(c, EXC_GP, 0);
    uint32_t iobase = sys_read(c, c->tr.base + 102, 2);
    uint32_t byte = iobase + (port >> 3);
    if (byte + 1 > c->tr.limit)
        cpu_raise_err(c, EXC_GP, 0);
    uint32_t bits = sys_read(c, c->tr.base + byte, 2);
    uint32_t mask = ((1u << size) - 1) << (port & 7);
    if (bits & mask)
        cpu_raise_err(c, EXC_GP, 0);
}

uint32_t io_in(struct cpu *c, uint16_t port, unsigned size)
{
    io_check(c, port, size);
    debug_check_io(c, port, size);
    return bus_in(c->io, port, size);
}

void io_out(struct cpu *c, uint16_t port, unsigned size, uint32_t v)
{
    io_check(c, port, size);
    debug_check_io(c, port, size);
    bus_out(c->io, port, size, v);
}

static uint16_t port_of(const struct cpu *c, const struct insn *in)
{
    return (in->opcode & 8) ? (uint16_t)c->gpr[REG_EDX] : (uint16_t)(in->imm & 0xffu);
}

static void in_(struct cpu *c, const struct insn *in)
{
    reg_set(c, REG_EAX, in->osz, io_in(c, port_of(c, in), in->osz));
}
EXEC_ALL(in, in_);

static void out_(struct cpu *c, const struct insn *in)
{
    io_out(c, port_of(c, in), in->osz, reg_get(c, REG_EAX, in->osz));
}
EXEC_ALL(out, out_);
