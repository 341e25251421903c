/* devices/pic.c: two cascaded Intel 8259A PICs as wired in the PC/AT, per
 * the 8259A datasheet (ICWs, OCWs, priority cell, cascade, SFNM), plus the
 * PIIX ELCR registers (4D0h/4D1h) that make single IRQs level-triggered.
 * LIMITATION: MCS-80/85 mode (ICW4 bit 0 clear) answers INTA in 8086 form;
 * buffered-mode pins and the 8080 CALL address bytes are not modelled. */
#include "devices/pic.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/bus.h"

#define ICW1_IC4 0x01
#define ICW1_SNGL 0x02
#define ICW1_LTIM 0x08
#define ICW1_INIT 0x10              /* A0=0, D4=1: this is ICW1 */
#define ICW4_UPM 0x01               /* 8086/88 mode */
#define ICW4_AEOI 0x02
#define ICW4_SFNM 0x10
#define OCW3_MARK 0x08              /* A0=0, D4=0, D3=1: OCW3; D3=0: OCW2 */
#define OCW3_POLL 0x04
#define OCW3_RR 0x02
#define OCW3_RIS 0x01
#define OCW3_ESMM 0x40
#define OCW3_SMM 0x20

/* PIIX ELCR: IRQ0, 1, 2, 8 and 13 are always edge-triggered. */
static const uint8_t elcr_writable[2] = { 0xf8, 0xde };

struct pic_chip {
    uint8_t pins;               /* IR input levels */
    uint8_t edge;               /* requests latched by a rising edge */
    uint8_t isr, imr;
    uint8_t icw1, icw3, icw4;
    uint8_t vector;             /* ICW2 T7-T3 */
    uint8_t init_step;          /* next ICW expected (2, 3, 4), 0 when operational */
    uint8_t lowest;             /* IR with the lowest priority (rotation) */
    uint8_t elcr;
    bool read_isr;              /* OCW3 RIS: even-port reads return ISR */
    bool poll;                  /* OCW3 P: next even-port read is a poll */
    bool special_mask;
    bool rotate_aeoi;
};

struct pic {
    struct pic_chip chip[2];    /* [0] master, [1] slave on master IR2 */
    void (*intr)(void *opaque, bool level);
    void *opaque;
    bool intr_level;
    const struct logger *log;
    struct log_site log_mode;
};

static uint8_t level_mask(const struct pic_chip *c)
{
    return (c->icw1 & ICW1_LTIM) ? 0xff : c->elcr;
}

/* The IRR as the priority resolver sees it: level inputs follow the pin;
 * edge inputs hold the rising edge until acknowledged.
 * LIMITATION: a real 8259A's request latch also drops when an edge input
 * falls before INTA (giving a default IR7); here an edge stays latched so
 * that devices may signal with irq_pulse().  Default IR7 still results
 * when a level input falls or the IR is masked before INTA. */
static uint8_t chip_irr(const struct pic_chip *c)
{
    uint8_t lvl = level_mask(c);
    return (uint8_t)((c->edge & ~lvl) | (c->pins & lvl));
}

static unsigned prio_level(const struct pic_chip *c, unsigned i)
{
    return (c->lowest + 1 + i) & 7;     /* i = 0 is the highest priority */
}

/* The ISR bits that hold off other requests: in special mask mode a
 * masked in-service level neither blocks nor is cleared by non-specific EOI. */
static uint8_t blocking_isr(const struct pic_chip *c)
{
    return c->special_mask ? (uint8_t)(c->isr & ~c->imr) : c->isr;
}

/* The IR the chip would acknowledge now, or -1.  cascade_mask: inputs
 * with slaves, which in special fully nested mode may interrupt again
 * while in service (a higher-priority slave request). */
static int chip_winner(const struct pic_chip *c, uint8_t cascade_mask)
{
    uint8_t req = (uint8_t)(chip_irr(c) & ~c->imr);
    uint8_t isr = blocking_isr(c);
    bool sfnm = (c->icw4 & ICW4_SFNM) != 0;
    if (req == 0 || c->init_step != 0)
        return -1;
    for (unsigned i = 0; i < 8; i++) {
        unsigned lv = prio_level(c, i);
        uint8_t bit = (uint8_t)(1u << lv);
        if (isr & bit)
            return (sfnm && (cascade_mask & bit) && (req & bit)) ? (int)lv : -1;
        if (req & bit)
            return (int)lv;
    }
    return -1;
}

static int highest_in_service(const struct pic_chip *c)
{
    uint8_t isr = blocking_isr(c);
    for (unsigned i = 0; i < 8; i++) {
        unsigned lv = prio_level(c, i);
        if (isr & (1u << lv))
            return (int)lv;
    }
    return -1;
}

static uint8_t master_cascade(const struct pic *p)
{
    const struct pic_chip *m = &p->chip[0];
    return (m->icw1 & ICW1_SNGL) ? 0 : m->icw3;
}

static void set_pin(struct pic_chip *c, unsigned ir, bool level)
{
    uint8_t bit = (uint8_t)(1u << ir);
    if (level && !(c->pins & bit))
        c->edge |= bit;
    if (level)
        c->pins |= bit;
    else
        c->pins &= (uint8_t)~bit;
}

/* Propagate the slave's INT output to master IR2 and the master's to INTR. */
static void update(struct pic *p)
{
    set_pin(&p->chip[0], 2, chip_winner(&p->chip[1], 0) >= 0);
    bool level = chip_winner(&p->chip[0], master_cascade(p)) >= 0;
    if (level != p->intr_level) {
        p->intr_level = level;
        if (p->intr != NULL)
            p->intr(p->opaque, level);
    }
}

static void pic_set_irq(void *ctx, unsigned line, bool level)
{
    struct pic *p = ctx;
    if (line >= 16 || line == 2)
        return;                 /* IR2 of the master is the cascade input */
    set_pin(&p->chip[line >> 3], line & 7, level);
    update(p);
}

struct irq_line pic_irq_line(struct pic *p, unsigned irq)
{
    return (struct irq_line){ .set = pic_set_irq, .ctx = p, .line = irq == 2 ? 9u : irq };
}

bool pic_intr_level(const struct pic *p)
{
    return p->intr_level;
}

/* The INTA sequence on one chip for level lv: set IS, clear the edge
 * latch; automatic EOI clears IS again at the end of the last pulse. */
static void chip_ack(struct pic_chip *c, unsigned lv, bool allow_aeoi)
{
    uint8_t bit = (uint8_t)(1u << lv);
    c->isr |= bit;
    c->edge &= (uint8_t)~bit;
    if (allow_aeoi && (c->icw4 & ICW4_AEOI)) {
        c->isr &= (uint8_t)~bit;
        if (c->rotate_aeoi)
            c->lowest = (uint8_t)lv;
    }
}

uint8_t pic_acknowledge(struct pic *p)
{
    struct pic_chip *m = &p->chip[0], *s = &p->chip[1];
    int lv = chip_winner(m, master_cascade(p));
    uint8_t vec;
    if (lv < 0) {
        vec = (uint8_t)(m->vector | 7);     /* default IR7: no IS bit set */
    } else {
        chip_ack(m, (unsigned)lv, true);
        if (master_cascade(p) & (1u << lv)) {
            /* The master puts the slave ID on CAS0-2; the slave with that
             * ID supplies the vector, or nobody drives the bus. */
            if ((s->icw3 & 7) != (unsigned)lv) {
                vec = 0xff;
            } else {
                int sl = chip_winner(s, 0);
                if (sl < 0) {
                    vec = (uint8_t)(s->vector | 7);
                } else {
                    chip_ack(s, (unsigned)sl, true);
                    vec = (uint8_t)(s->vector | sl);
                }
            }
        } else {
            vec = (uint8_t)(m->vector | lv);
        }
    }
    update(p);
    return vec;
}

/* OCW2: the R, SL, EOI bits select one of eight operations. */
static void chip_ocw2(struct pic_chip *c, uint8_t v)
{
    unsigned lv = v & 7u;
    int hi;
    switch (v >> 5) {
    case 0: /* rotate in automatic EOI mode (clear) */
        c->rotate_aeoi = false;
        break;
    case 1: /* non-specific EOI */
        hi = highest_in_service(c);
        if (hi >= 0)
            c->isr &= (uint8_t)~(1u << hi);
        break;
    case 2: /* no operation */
        break;
    case 3: /* specific EOI */
        c->isr &= (uint8_t)~(1u << lv);
        break;
    case 4: /* rotate in automatic EOI mode (set) */
        c->rotate_aeoi = true;
        break;
    case 5: /* rotate on non-specific EOI */
        hi = highest_in_service(c);
        if (hi >= 0) {
            c->isr &= (uint8_t)~(1u << hi);
            c->lowest = (uint8_t)hi;
        }
        break;
    case 6: /* set priority */
        c->lowest = (uint8_t)lv;
        break;
    default: /* 7: rotate on specific EOI */
        c->isr &= (uint8_t)~(1u << lv);
        c->lowest = (uint8_t)lv;
        break;
    }
}

static void chip_icw1(struct pic_chip *c, uint8_t v)
{
    /* 8259A "Initialization Command Words": the edge sense circuit is
     * reset, IMR cleared, IR7 lowest, slave address 7, special mask mode
     * cleared, status read set to IRR, and without IC4 ICW4 is zero. */
    c->icw1 = v;
    c->init_step = 2;
    c->edge = 0;
    c->isr = 0;
    c->imr = 0;
    c->lowest = 7;
    c->icw3 = 7;
    c->special_mask = false;
    c->read_isr = false;
    c->poll = false;
    c->rotate_aeoi = false;
    if (!(v & ICW1_IC4))
        c->icw4 = 0;
}

static void chip_write_odd(struct pic *p, struct pic_chip *c, uint8_t v)
{
    switch (c->init_step) {
    case 2:
        c->vector = v & 0xf8;
        c->init_step = (c->icw1 & ICW1_SNGL) ? ((c->icw1 & ICW1_IC4) ? 4 : 0) : 3;
        break;
    case 3:
        c->icw3 = v;
        c->init_step = (c->icw1 & ICW1_IC4) ? 4 : 0;
        break;
    case 4:
        c->icw4 = v;
        c->init_step = 0;
        if (!(v & ICW4_UPM))
            log_limited(p->log, &p->log_mode, LOG_WARN, "pic",
                        "ICW4 selects MCS-80/85 mode; INTA still returns 8086 vectors");
        break;
    default:
        c->imr = v;         /* OCW1 */
        break;
    }
}

static void chip_write_even(struct pic_chip *c, uint8_t v)
{
    if (v & ICW1_INIT) {
        chip_icw1(c, v);
    } else if (v & OCW3_MARK) {
        if (v & OCW3_POLL)
            c->poll = true;
        if (v & OCW3_RR)
            c->read_isr = (v & OCW3_RIS) != 0;
        if (v & OCW3_ESMM)
            c->special_mask = (v & OCW3_SMM) != 0;
    } else {
        chip_ocw2(c, v);
    }
}

/* Poll: the read acts as an interrupt acknowledge on this chip alone and
 * returns I (bit 7) and the level W2-W0. */
static uint8_t chip_poll(struct pic *p, unsigned idx)
{
    struct pic_chip *c = &p->chip[idx];
    c->poll = false;
    int lv = chip_winner(c, idx == 0 ? master_cascade(p) : 0);
    if (lv < 0)
        return 0x00;
    chip_ack(c, (unsigned)lv, false);
    return (uint8_t)(0x80 | lv);
}

static uint32_t pic_io_read(struct pic *p, unsigned idx, uint16_t off)
{
    struct pic_chip *c = &p->chip[idx];
    uint8_t v;
    if (off & 1)
        v = c->imr;
    else if (c->poll)
        v = chip_poll(p, idx);
    else
        v = c->read_isr ? c->isr : chip_irr(c);
    update(p);
    return v;
}

static void pic_io_write(struct pic *p, unsigned idx, uint16_t off, uint8_t v)
{
    if (off & 1)
        chip_write_odd(p, &p->chip[idx], v);
    else
        chip_write_even(&p->chip[idx], v);
    update(p);
}

static uint32_t master_read(void *opaque, uint16_t off, unsigned size)
{
    (void)size;
    return pic_io_read(opaque, 0, off);
}

static void master_write(void *opaque, uint16_t off, unsigned size, uint32_t value)
{
    (void)size;
    pic_io_write(opaque, 0, off, (uint8_t)value);
}

static uint32_t slave_read(void *opaque, uint16_t off, unsigned size)
{
    (void)size;
    return pic_io_read(opaque, 1, off);
}

static void slave_write(void *opaque, uint16_t off, unsigned size, uint32_t value)
{
    (void)size;
    pic_io_write(opaque, 1, off, (uint8_t)value);
}

static uint32_t elcr_read(void *opaque, uint16_t off, unsigned size)
{
    struct pic *p = opaque;
    (void)size;
    return p->chip[off & 1].elcr;
}

static void elcr_write(void *opaque, uint16_t off, unsigned size, uint32_t value)
{
    struct pic *p = opaque;
    (void)size;
    p->chip[off & 1].elcr = (uint8_t)(value & elcr_writable[off & 1]);
    update(p);
}

static const struct io_ops master_io = {
    .name = "pic-master", .read = master_read, .write = master_write, .widths = IO_W8,
};
static const struct io_ops slave_io = {
    .name = "pic-slave", .read = slave_read, .write = slave_write, .widths = IO_W8,
};
static const struct io_ops elcr_io = {
    .name = "pic-elcr", .read = elcr_read, .write = elcr_write, .widths = IO_W8,
};

struct pic *pic_create(struct io_bus *bus, void (*intr)(void *opaque, bool level), void *opaque,
                       struct emu_err *err)
{
    struct pic *p = calloc(1, sizeof *p);
    if (p == NULL) {
        emu_fail(err, EMU_ENOMEM, "pic: out of memory");
        return NULL;
    }
    p->intr = intr;
    p->opaque = opaque;
    p->log = bus->log;
    if (bus_map_ports(bus, 0x20, 2, &master_io, p, err) != 0 ||
        bus_map_ports(bus, 0xa0, 2, &slave_io, p, err) != 0 ||
        bus_map_ports(bus, 0x4d0, 2, &elcr_io, p, err) != 0) {
        free(p);
        return NULL;
    }
    pic_reset(p);
    return p;
}

void pic_destroy(struct pic *p)
{
    free(p);
}

void pic_reset(struct pic *p)
{
    for (unsigned i = 0; i < 2; i++) {
        struct pic_chip *c = &p->chip[i];
        uint8_t pins = c->pins;
        memset(c, 0, sizeof *c);
        c->pins = pins;
        c->lowest = 7;
        c->init_step = 0;
    }
    update(p);
}

void pic_describe(const struct pic *p, char *buf, size_t size)
{
    static const char *const names[2] = { "master", "slave" };
    size_t used = 0;
    if (size == 0)
        return;
    buf[0] = '\0';
    for (unsigned i = 0; i < 2 && used < size; i++) {
        const struct pic_chip *c = &p->chip[i];
        int w = snprintf(buf + used, size - used,
                         "%-6s irr=%02x isr=%02x imr=%02x pins=%02x vector=%02x lowest=%u "
                         "level=%02x%s%s%s%s%s%s\n",
                         names[i], chip_irr(c), c->isr, c->imr, c->pins, c->vector, c->lowest,
                         level_mask(c), (c->icw4 & ICW4_AEOI) ? " aeoi" : "",
                         (c->icw4 & ICW4_SFNM) ? " sfnm" : "", c->special_mask ? " smm" : "",
                         c->rotate_aeoi ? " rotate-aeoi" : "", c->poll ? " poll" : "",
                         c->init_step ? " (initializing)" : "");
        if (w < 0)
            return;
        used += (size_t)w;
    }
    if (used < size)
        snprintf(buf + used, size - used, "INTR=%u\n", p->intr_level ? 1u : 0u);
}
