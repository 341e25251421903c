/* devices/dma.c: the PC/AT's two Intel 8237A DMA controllers and their
 * 74LS612 page registers, per the 8237A datasheet and the IBM PC/AT
 * Technical Reference.  Controller 1 (8-bit, channels 0-3) sits at 00h-0Fh;
 * controller 2 (16-bit, channels 4-7, A0 not decoded) at C0h-DFh, its
 * channel 4 cascading controller 1.  Port 80h belongs to debugport.c.
 * LIMITATION: devices call dma_transfer() one at a time, so the priority
 * (fixed/rotating), compressed-timing and extended-write bits change
 * nothing; a 16-bit channel moves whole words (an odd last byte stays). */
#include "devices/dma.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/bus.h"
#include "mmu/physmem.h"

/* Command register (8237A "Command Register Format"). */
#define DMA_CMD_MEM2MEM 0x01        /* memory-to-memory (channels 0 -> 1) */
#define DMA_CMD_ADDR_HOLD 0x02      /* channel 0 address hold in mem-to-mem */
#define DMA_CMD_DISABLE 0x04        /* controller disable */
#define DMA_CMD_DREQ_LOW 0x40       /* DREQ sense active low */
#define DMA_CMD_DACK_HIGH 0x80      /* DACK sense active high */

/* Mode register: bits 1-0 channel, 3-2 transfer type, 4 auto-init,
 * 5 address decrement, 7-6 mode. */
#define DMA_MODE_TYPE(m) (((m) >> 2) & 3u)
#define DMA_MODE_AUTOINIT 0x10
#define DMA_MODE_DECREMENT 0x20
#define DMA_MODE_SEL(m) ((m) >> 6)

enum dma_type { DMA_VERIFY, DMA_WRITE, DMA_READ, DMA_TYPE_ILLEGAL };
enum dma_sel { DMA_DEMAND, DMA_SINGLE, DMA_BLOCK, DMA_CASCADE };

/* Register index: A3-A0 of the 8237A. */
enum {
    REG_STATUS_COMMAND = 8, REG_REQUEST, REG_SINGLE_MASK, REG_MODE, REG_CLEAR_FF,
    REG_TEMP_MASTER_CLEAR, REG_CLEAR_MASK, REG_ALL_MASK,
};

struct dma_chan {
    uint16_t base_addr, base_count;     /* written by the CPU, reloaded on auto-init */
    uint16_t cur_addr, cur_count;       /* the working registers */
    uint8_t mode;                       /* low two bits hold the channel number */
};

struct dma_ctrl {
    struct dma_chan ch[4];
    uint8_t command;
    uint8_t mask;                       /* bit n: channel n masked */
    uint8_t tc;                         /* status bits 0-3: TC reached since last read */
    uint8_t request;                    /* software request bits (request register) */
    uint8_t dreq;                       /* DREQ pins as devices drive them */
    uint8_t temp;                       /* temporary register (mem-to-mem) */
    bool flipflop;                      /* byte pointer: false = low byte next */
};

struct isa_dma {
    struct dma_ctrl ctrl[2];            /* [0]: channels 0-3, [1]: channels 4-7 */
    uint8_t page[16];                   /* ports 80h-8Fh; [0] unused (POST port) */
    struct phys_mem *mem;
    const struct logger *log;
    struct log_site log_illegal;
};

/* Page register port (low nibble) for each channel, PC/AT wiring. */
static const uint8_t page_index[8] = { 0x7, 0x3, 0x1, 0x2, 0xf, 0xb, 0x9, 0xa };

static const char *const type_names[4] = { "verify", "write", "read", "illegal" };
static const char *const sel_names[4] = { "demand", "single", "block", "cascade" };

static void master_clear(struct dma_ctrl *c)
{
    c->command = 0;
    c->tc = 0;
    c->request = 0;
    c->temp = 0;
    c->flipflop = false;
    c->mask = 0x0f;
}

/* The physical address a channel's current address register points at. */
static uint32_t chan_phys(const struct isa_dma *d, unsigned chan)
{
    uint32_t page = d->page[page_index[chan]];
    uint16_t addr = d->ctrl[chan >> 2].ch[chan & 3].cur_addr;
    if (chan >= 4)          /* word channels: A1-A16 from the address, A17-A23 from the page */
        return ((page & 0xfeu) << 16) | ((uint32_t)addr << 1);
    return (page << 16) | addr;
}

/* Can channel chan get the bus at all?  The DREQ/DACK sense bits must match
 * the AT's wiring (DREQ active high, DACK active low), the controller must
 * be enabled, and controller 1 reaches the CPU only through channel 4 in
 * cascade mode, unmasked. */
static bool ctrl_can_serve(const struct isa_dma *d, unsigned chan)
{
    const struct dma_ctrl *c = &d->ctrl[chan >> 2];
    if (c->command & (DMA_CMD_DISABLE | DMA_CMD_DREQ_LOW | DMA_CMD_DACK_HIGH))
        return false;
    if (chan < 4) {
        const struct dma_ctrl *c2 = &d->ctrl[1];
        if (c2->command & (DMA_CMD_DISABLE | DMA_CMD_DREQ_LOW | DMA_CMD_DACK_HIGH))
            return false;
        if ((c2->mask & 1) || DMA_MODE_SEL(c2->ch[0].mode) != DMA_CASCADE)
            return false;
    }
    return true;
}

/* One cycle's bookkeeping after its data moved: step the address, count
 * down, and handle terminal count.  Returns true at TC. */
static bool chan_step(struct dma_ctrl *c, unsigned n, bool step_addr)
{
    struct dma_chan *ch = &c->ch[n];
    if (step_addr)
        ch->cur_addr = (uint16_t)(ch->cur_addr + ((ch->mode & DMA_MODE_DECREMENT) ? -1 : 1));
    if (ch->cur_count-- != 0)
        return false;
    /* 8237A: TC is the count rolling from 0000h to FFFFh. */
    c->tc |= (uint8_t)(1u << n);
    c->request &= (uint8_t)~(1u << n);
    if (ch->mode & DMA_MODE_AUTOINIT) {
        ch->cur_addr = ch->base_addr;
        ch->cur_count = ch->base_count;
    } else {
        c->mask |= (uint8_t)(1u << n);
    }
    return true;
}

/* Units (bytes or words) the channel can move before its address wraps
 * or its count ends, in increment mode; 1 in decrement mode. */
static uint32_t chan_run(const struct dma_chan *ch)
{
    if (ch->mode & DMA_MODE_DECREMENT)
        return 1;
    uint32_t to_wrap = 0x10000u - ch->cur_addr;
    uint32_t to_tc = (uint32_t)ch->cur_count + 1;
    return to_wrap < to_tc ? to_wrap : to_tc;
}

unsigned dma_transfer(struct isa_dma *d, unsigned chan, uint8_t *buf, unsigned len,
                      bool to_memory, bool *tc)
{
    if (tc != NULL)
        *tc = false;
    if (chan > 7 || !ctrl_can_serve(d, chan))
        return 0;
    struct dma_ctrl *c = &d->ctrl[chan >> 2];
    unsigned n = chan & 3;
    struct dma_chan *ch = &c->ch[n];
    if (c->mask & (1u << n))
        return 0;
    unsigned type = DMA_MODE_TYPE(ch->mode);
    if (DMA_MODE_SEL(ch->mode) == DMA_CASCADE || type == DMA_TYPE_ILLEGAL) {
        if (type == DMA_TYPE_ILLEGAL)
            log_limited(d->log, &d->log_illegal, LOG_WARN, "dma",
                        "channel %u: transfer type 11b is illegal; no transfer", chan);
        return 0;
    }
    if ((type == DMA_WRITE && !to_memory) || (type == DMA_READ && to_memory))
        return 0;
    unsigned unit = chan >= 4 ? 2 : 1;
    unsigned moved = 0;
    while (len - moved >= unit) {
        uint32_t units = chan_run(ch);
        if (units > (len - moved) / unit)
            units = (len - moved) / unit;
        uint32_t phys = chan_phys(d, chan);
        size_t bytes = (size_t)units * unit;
        if (type == DMA_WRITE)
            phys_write_block(d->mem, phys, buf + moved, bytes);
        else if (type == DMA_READ)
            phys_read_block(d->mem, phys, buf + moved, bytes);
        moved += (unsigned)bytes;
        bool at_tc = false;
        for (uint32_t i = 0; i < units; i++)
            at_tc = chan_step(c, n, true);
        if (at_tc) {
            if (tc != NULL)
                *tc = true;
            if (!(ch->mode & DMA_MODE_AUTOINIT))
                break;
        }
    }
    return moved;
}

/* Memory-to-memory transfer (command bit 0, started by a software request
 * on channel 0): each cycle reads a unit at channel 0's address into the
 * temporary register and writes it at channel 1's address, until channel
 * 1 reaches terminal count. */
static void mem_to_mem(struct isa_dma *d, unsigned ctrl)
{
    struct dma_ctrl *c = &d->ctrl[ctrl];
    unsigned base = ctrl * 4, unit = ctrl ? 2 : 1;
    bool hold = (c->command & DMA_CMD_ADDR_HOLD) != 0;
    for (;;) {
        uint8_t data[2];
        phys_read_block(d->mem, chan_phys(d, base), data, unit);
        phys_write_block(d->mem, chan_phys(d, base + 1), data, unit);
        c->temp = data[unit - 1];
        chan_step(c, 0, !hold);
        if (chan_step(c, 1, true))
            break;
    }
    c->request &= (uint8_t)~1u;
}

/* A software request is serviced only in block mode (8237A "Request
 * Register"); with no device answering DACK, the cycles still run: a write
 * transfer stores the floating bus (FFh), a read transfer fetches and drops. */
static void service_software_request(struct isa_dma *d, unsigned ctrl, unsigned n)
{
    struct dma_ctrl *c = &d->ctrl[ctrl];
    unsigned chan = ctrl * 4 + n;
    if (!ctrl_can_serve(d, chan) || DMA_MODE_SEL(c->ch[n].mode) != DMA_BLOCK)
        return;
    if (n == 0 && (c->command & DMA_CMD_MEM2MEM)) {
        mem_to_mem(d, ctrl);
        return;
    }
    unsigned type = DMA_MODE_TYPE(c->ch[n].mode);
    if (type == DMA_TYPE_ILLEGAL)
        return;
    uint8_t ff[2] = { 0xff, 0xff }, sink[2];
    unsigned unit = ctrl ? 2 : 1;
    do {
        if (type == DMA_WRITE)
            phys_write_block(d->mem, chan_phys(d, chan), ff, unit);
        else if (type == DMA_READ)
            phys_read_block(d->mem, chan_phys(d, chan), sink, unit);
    } while (!chan_step(c, n, true));
}

void dma_set_request(struct isa_dma *d, unsigned chan, bool level)
{
    if (chan > 7)
        return;
    struct dma_ctrl *c = &d->ctrl[chan >> 2];
    if (level)
        c->dreq |= (uint8_t)(1u << (chan & 3));
    else
        c->dreq &= (uint8_t)~(1u << (chan & 3));
}

static uint8_t read_reg(struct isa_dma *d, unsigned ctrl, unsigned reg)
{
    struct dma_ctrl *c = &d->ctrl[ctrl];
    if (reg < 8) {
        struct dma_chan *ch = &c->ch[reg >> 1];
        uint16_t v = (reg & 1) ? ch->cur_count : ch->cur_addr;
        bool high = c->flipflop;
        c->flipflop = !c->flipflop;
        return (uint8_t)(high ? v >> 8 : v);
    }
    if (reg == REG_STATUS_COMMAND) {
        /* Request bits show DREQ as sensed (command bit 6) or a software request. */
        uint8_t sensed = (uint8_t)((c->command & DMA_CMD_DREQ_LOW) ? ~c->dreq : c->dreq) & 0x0f;
        uint8_t v = (uint8_t)(c->tc | ((sensed | c->request) << 4));
        c->tc = 0;
        return v;
    }
    if (reg == REG_TEMP_MASTER_CLEAR)
        return c->temp;
    return 0xff;            /* write-only registers: nothing drives the bus */
}

static void write_reg(struct isa_dma *d, unsigned ctrl, unsigned reg, uint8_t v)
{
    struct dma_ctrl *c = &d->ctrl[ctrl];
    if (reg < 8) {
        struct dma_chan *ch = &c->ch[reg >> 1];
        uint16_t *base = (reg & 1) ? &ch->base_count : &ch->base_addr;
        uint16_t *cur = (reg & 1) ? &ch->cur_count : &ch->cur_addr;
        if (c->flipflop)
            *base = (uint16_t)((*base & 0x00ffu) | (v << 8));
        else
            *base = (uint16_t)((*base & 0xff00u) | v);
        *cur = *base;                   /* the CPU writes base and current together */
        c->flipflop = !c->flipflop;
        return;
    }
    unsigned n = v & 3u;
    switch (reg) {
    case REG_STATUS_COMMAND:
        c->command = v;
        break;
    case REG_REQUEST:
        if (v & 4) {
            c->request |= (uint8_t)(1u << n);
            service_software_request(d, ctrl, n);
        } else {
            c->request &= (uint8_t)~(1u << n);
        }
        break;
    case REG_SINGLE_MASK:
        if (v & 4)
            c->mask |= (uint8_t)(1u << n);
        else
            c->mask &= (uint8_t)~(1u << n);
        break;
    case REG_MODE:
        c->ch[n].mode = v;
        break;
    case REG_CLEAR_FF:
        c->flipflop = false;
        break;
    case REG_TEMP_MASTER_CLEAR:
        master_clear(c);
        break;
    case REG_CLEAR_MASK:
        c->mask = 0;
        break;
    case REG_ALL_MASK:
        c->mask = v & 0x0f;
        break;
    default:
        break;
    }
}

static uint32_t dma1_read(void *opaque, uint16_t off, unsigned size)
{
    (void)size;
    return read_reg(opaque, 0, off & 0x0f);
}

static void dma1_write(void *opaque, uint16_t off, unsigned size, uint32_t value)
{
    (void)size;
    write_reg(opaque, 0, off & 0x0f, (uint8_t)value);
}

/* Controller 2 hangs on SA1-SA4: register n sits at C0h + 2n, A0 ignored. */
static uint32_t dma2_read(void *opaque, uint16_t off, unsigned size)
{
    (void)size;
    return read_reg(opaque, 1, (off >> 1) & 0x0f);
}

static void dma2_write(void *opaque, uint16_t off, unsigned size, uint32_t value)
{
    (void)size;
    write_reg(opaque, 1, (off >> 1) & 0x0f, (uint8_t)value);
}

/* Page registers 81h-8Fh (offset 0 = port 81h); all are read/write latches. */
static uint32_t page_read(void *opaque, uint16_t off, unsigned size)
{
    struct isa_dma *d = opaque;
    (void)size;
    return d->page[off + 1];
}

static void page_write(void *opaque, uint16_t off, unsigned size, uint32_t value)
{
    struct isa_dma *d = opaque;
    (void)size;
    d->page[off + 1] = (uint8_t)value;
}

static const struct io_ops dma1_io = {
    .name = "dma1", .read = dma1_read, .write = dma1_write, .widths = IO_W8,
};
static const struct io_ops dma2_io = {
    .name = "dma2", .read = dma2_read, .write = dma2_write, .widths = IO_W8,
};
static const struct io_ops page_io = {
    .name = "dma-page", .read = page_read, .write = page_write, .widths = IO_W8,
};

struct isa_dma *dma_create(struct io_bus *bus, struct phys_mem *mem, struct emu_err *err)
{
    struct isa_dma *d = calloc(1, sizeof *d);
    if (d == NULL) {
        emu_fail(err, EMU_ENOMEM, "dma: out of memory");
        return NULL;
    }
    d->mem = mem;
    d->log = bus->log;
    if (bus_map_ports(bus, 0x00, 0x10, &dma1_io, d, err) != 0 ||
        bus_map_ports(bus, 0xc0, 0x20, &dma2_io, d, err) != 0 ||
        bus_map_ports(bus, 0x81, 0x0f, &page_io, d, err) != 0) {
        free(d);
        return NULL;
    }
    dma_reset(d);
    return d;
}

void dma_destroy(struct isa_dma *d)
{
    free(d);
}

/* RESET has the effect of a master clear on both chips; the 74LS612 page
 * registers have no reset input and keep their contents. */
void dma_reset(struct isa_dma *d)
{
    for (unsigned i = 0; i < 2; i++)
        master_clear(&d->ctrl[i]);
}

void dma_describe(const struct isa_dma *d, char *buf, unsigned size)
{
    size_t used = 0;
    if (size == 0)
        return;
    buf[0] = '\0';
    for (unsigned i = 0; i < 2 && used < size; i++) {
        const struct dma_ctrl *c = &d->ctrl[i];
        int w = snprintf(buf + used, size - used,
                         "dma%u: command=%02x mask=%x tc=%x request=%x dreq=%x ff=%u temp=%02x\n",
                         i + 1, c->command, c->mask, c->tc, c->request, c->dreq,
                         c->flipflop ? 1u : 0u, c->temp);
        if (w < 0)
            return;
        used += (size_t)w;
    }
    for (unsigned chan = 0; chan < 8 && used < size; chan++) {
        const struct dma_ctrl *c = &d->ctrl[chan >> 2];
        const struct dma_chan *ch = &c->ch[chan & 3];
        int w = snprintf(buf + used, size - used,
                         "ch%u: %-7s %-7s%s%s page=%02x base=%04x/%04x cur=%04x/%04x "
                         "phys=%06x%s\n",
                         chan, sel_names[DMA_MODE_SEL(ch->mode)],
                         type_names[DMA_MODE_TYPE(ch->mode)],
                         (ch->mode & DMA_MODE_AUTOINIT) ? " auto" : "",
                         (ch->mode & DMA_MODE_DECREMENT) ? " dec" : "",
                         d->page[page_index[chan]], ch->base_addr, ch->base_count,
                         ch->cur_addr, ch->cur_count, chan_phys(d, chan),
                         (c->mask & (1u << (chan & 3))) ? " masked" : "");
        if (w < 0)
            return;
        used += (size_t)w;
    }
}
