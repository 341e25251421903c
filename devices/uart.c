/* devices/uart.c: NS16550A UART, per the National Semiconductor PC16550D
 * datasheet: divisor latch, IER/IIR/FCR/LCR/MCR/LSR/MSR/SCR, 16-byte
 * FIFOs with receiver trigger levels and character timeout, interrupt
 * priorities, THRE interrupt rules, loopback, modem status deltas.
 * On the PC, OUT2 gates the interrupt onto the ISA IRQ line; in loopback
 * OUT2 is forced inactive, so no IRQ reaches the PIC.
 * LIMITATION: break and parity/framing errors exist only in loopback (the
 * back end carries bytes, not line conditions); the DMA mode pins
 * (RXRDY/TXRDY) are unconnected on the PC and not modelled. */
#include "devices/uart.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/bus.h"
#include "devices/sched.h"

#define IER_RDA 0x01
#define IER_THRE 0x02
#define IER_RLS 0x04
#define IER_MS 0x08

#define IIR_NONE 0x01
#define IIR_MS 0x00
#define IIR_THRE 0x02
#define IIR_RDA 0x04
#define IIR_RLS 0x06
#define IIR_TIMEOUT 0x0c
#define IIR_FIFO 0xc0

#define FCR_ENABLE 0x01
#define FCR_CLEAR_RX 0x02
#define FCR_CLEAR_TX 0x04

#define LCR_PARITY 0x08
#define LCR_STOP2 0x04
#define LCR_BREAK 0x40
#define LCR_DLAB 0x80

#define MCR_DTR 0x01
#define MCR_RTS 0x02
#define MCR_OUT1 0x04
#define MCR_OUT2 0x08
#define MCR_LOOP 0x10

#define LSR_DR 0x01
#define LSR_OE 0x02
#define LSR_PE 0x04
#define LSR_FE 0x08
#define LSR_BI 0x10
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
#define LSR_FIFO_ERR 0x80
#define LSR_ERRORS (LSR_OE | LSR_PE | LSR_FE | LSR_BI)

#define MSR_DCTS 0x01
#define MSR_DDSR 0x02
#define MSR_TERI 0x04
#define MSR_DDCD 0x08
#define MSR_CTS 0x10
#define MSR_DSR 0x20
#define MSR_RI 0x40
#define MSR_DCD 0x80

#define FIFO_LEN 16u
#define HOST_QUEUE 65536u
#define UART_CLOCK_X2 230400ull     /* 1.8432 MHz / 16, in half bits per second */
#define NEVER UINT64_MAX
#define STALLED (UINT64_MAX - 1)    /* a received character waits for room */

struct uart {
    struct sched *sched;
    uint16_t base;
    struct irq_line irq;
    bool irq_level;
    struct chardev backend;
    struct tx_capture *capture;

    uint8_t ier, lcr, mcr, lsr, msr, scr, fcr;
    uint16_t divisor;
    uint8_t modem_in;               /* external CTS/DSR/RI/DCD as MSR bits 4-7 */

    /* receiver: FIFO (one slot in 16450 mode) of data + error bits */
    struct {
        uint8_t data, err;
    } rx[FIFO_LEN];
    unsigned rx_head, rx_count;
    uint8_t last_rbr;
    bool timeout_int;
    uint64_t rx_activity;           /* last character in or out of the RX FIFO */
    struct timer timeout_timer;

    /* transmitter */
    uint8_t tx[FIFO_LEN];
    unsigned tx_head, tx_count;
    bool tsr_busy;
    uint8_t tsr;
    bool thre_int;
    struct timer tx_timer;

    /* far end */
    uint8_t *host;                  /* HOST_QUEUE bytes waiting to be sent to us */
    unsigned host_head, host_count;
    uint64_t rx_arrival;            /* when the character on the wire completes */
    struct timer rx_timer;
};

static bool fifo_mode(const struct uart *u)
{
    return (u->fcr & FCR_ENABLE) != 0;
}

static unsigned rx_trigger(const struct uart *u)
{
    static const uint8_t levels[4] = { 1, 4, 8, 14 };
    return fifo_mode(u) ? levels[u->fcr >> 6] : 1;
}

/* One character frame (start, data, parity, stop bits) in scheduler
 * ticks; 1.5 stop bits with 5 data bits, hence half bits. */
static uint64_t char_ticks(const struct uart *u)
{
    unsigned data = 5 + (u->lcr & 3);
    unsigned half = 2 * (1 + data + ((u->lcr & LCR_PARITY) ? 1 : 0));
    half += (u->lcr & LCR_STOP2) ? (data == 5 ? 3 : 4) : 2;
    uint64_t div = u->divisor ? u->divisor : 65536;
    return (half * div * SCHED_HZ + UART_CLOCK_X2 - 1) / UART_CLOCK_X2;    /* next whole tick */
}

/* ---- interrupts ---- */

static uint8_t iir_value(const struct uart *u)
{
    uint8_t id = IIR_NONE;
    if ((u->ier & IER_RLS) && (u->lsr & LSR_ERRORS))
        id = IIR_RLS;
    else if ((u->ier & IER_RDA) && u->rx_count >= rx_trigger(u))
        id = IIR_RDA;
    else if ((u->ier & IER_RDA) && u->timeout_int)
        id = IIR_TIMEOUT;
    else if ((u->ier & IER_THRE) && u->thre_int)
        id = IIR_THRE;
    else if ((u->ier & IER_MS) && (u->msr & 0x0f))
        id = IIR_MS;
    return (uint8_t)(id | (fifo_mode(u) ? IIR_FIFO : 0));
}

static void update_irq(struct uart *u)
{
    bool intr = !(iir_value(u) & IIR_NONE);
    bool level = intr && (u->mcr & MCR_OUT2) && !(u->mcr & MCR_LOOP);
    if (level != u->irq_level) {
        u->irq_level = level;
        irq_set(&u->irq, level);
    }
}

/* ---- modem status ---- */

static uint8_t modem_lines(const struct uart *u)
{
    if (u->mcr & MCR_LOOP) {        /* RTS->CTS, DTR->DSR, OUT1->RI, OUT2->DCD */
        uint8_t m = u->mcr;
        return (uint8_t)(((m & MCR_RTS) ? MSR_CTS : 0) | ((m & MCR_DTR) ? MSR_DSR : 0) |
                         ((m & MCR_OUT1) ? MSR_RI : 0) | ((m & MCR_OUT2) ? MSR_DCD : 0));
    }
    return u->modem_in;
}

static void update_msr(struct uart *u)
{
    uint8_t now = modem_lines(u), old = u->msr & 0xf0, ch = now ^ old;
    uint8_t delta = u->msr & 0x0f;
    if (ch & MSR_CTS)
        delta |= MSR_DCTS;
    if (ch & MSR_DSR)
        delta |= MSR_DDSR;
    if ((old & MSR_RI) && !(now & MSR_RI))
        delta |= MSR_TERI;          /* trailing edge of RI only */
    if (ch & MSR_DCD)
        delta |= MSR_DDCD;
    u->msr = (uint8_t)(now | delta);
}

/* ---- receiver ---- */

static void timeout_fire(void *opaque, uint64_t now);

static void arm_timeout(struct uart *u)
{
    u->timeout_int = false;
    if (fifo_mode(u) && u->rx_count > 0)
        sched_arm(u->sched, &u->timeout_timer, u->rx_activity + 4 * char_ticks(u), timeout_fire,
                  u);
    else
        sched_cancel(u->sched, &u->timeout_timer);
}

static void timeout_fire(void *opaque, uint64_t now)
{
    struct uart *u = opaque;
    (void)now;
    if (fifo_mode(u) && u->rx_count > 0) {
        u->timeout_int = true;
        update_irq(u);
    }
}

static unsigned rx_capacity(const struct uart *u)
{
    return fifo_mode(u) ? FIFO_LEN : 1;
}

/* A character completed in the receive shift register. */
static void rx_char(struct uart *u, uint8_t data, uint8_t err)
{
    if (u->rx_count == rx_capacity(u)) {
        if (fifo_mode(u)) {
            u->lsr |= LSR_OE;       /* the FIFO keeps its contents; the new char is lost */
        } else {
            u->lsr |= LSR_OE;       /* 16450 mode: the new character overwrites RBR */
            u->rx[u->rx_head].data = data;
            u->rx[u->rx_head].err = err;
        }
    } else {
        unsigned i = (u->rx_head + u->rx_count) % FIFO_LEN;
        u->rx[i].data = data;
        u->rx[i].err = err;
        u->rx_count++;
    }
    u->lsr |= LSR_DR;
    u->rx_activity = sched_now(u->sched);
    arm_timeout(u);
}

/* The error bits of the character at the top of the FIFO show in LSR. */
static void show_top_errors(struct uart *u)
{
    if (u->rx_count > 0)
        u->lsr |= u->rx[u->rx_head].err;
}

static void rx_wire_fire(void *opaque, uint64_t now);

static void start_wire(struct uart *u)
{
    if (u->rx_arrival != NEVER || u->host_count == 0 || (u->mcr & MCR_LOOP))
        return;
    u->rx_arrival = sched_now(u->sched) + char_ticks(u);
    sched_arm(u->sched, &u->rx_timer, u->rx_arrival, rx_wire_fire, u);
}

static void deliver_wire(struct uart *u)
{
    uint8_t b = u->host[u->host_head];
    u->host_head = (u->host_head + 1) % HOST_QUEUE;
    u->host_count--;
    u->rx_arrival = NEVER;
    rx_char(u, b, 0);
    if (u->rx_count == 1)
        show_top_errors(u);
    start_wire(u);
}

static void rx_wire_fire(void *opaque, uint64_t now)
{
    struct uart *u = opaque;
    (void)now;
    if (u->mcr & MCR_LOOP) {
        u->rx_arrival = NEVER;      /* the receiver listens to the transmitter now */
    } else if (u->rx_count < rx_capacity(u)) {
        deliver_wire(u);
    } else {
        u->rx_arrival = STALLED;    /* the far end waits for room */
    }
    update_irq(u);
}

static uint8_t read_rbr(struct uart *u)
{
    if (u->rx_count == 0)
        return u->last_rbr;         /* nothing new: the last character again */
    uint8_t v = u->rx[u->rx_head].data;
    u->last_rbr = v;
    u->rx_head = (u->rx_head + 1) % FIFO_LEN;
    u->rx_count--;
    if (u->rx_count == 0)
        u->lsr &= (uint8_t)~LSR_DR;
    show_top_errors(u);
    u->rx_activity = sched_now(u->sched);
    arm_timeout(u);
    if (u->rx_arrival == STALLED)
        deliver_wire(u);
    return v;
}

size_t uart_receive(struct uart *u, const uint8_t *data, size_t len)
{
    size_t n = 0;
    while (n < len && u->host_count < HOST_QUEUE) {
        u->host[(u->host_head + u->host_count) % HOST_QUEUE] = data[n++];
        u->host_count++;
    }
    start_wire(u);
    return n;
}

/* ---- transmitter ---- */

static void tx_done_fire(void *opaque, uint64_t now);

static bool thr_empty(const struct uart *u)
{
    return u->tx_count == 0;
}

static void set_thre_bits(struct uart *u)
{
    u->lsr &= (uint8_t)~(LSR_THRE | LSR_TEMT);
    if (thr_empty(u)) {
        u->lsr |= LSR_THRE;
        if (!u->tsr_busy)
            u->lsr |= LSR_TEMT;
    }
}

/* Move the next character from THR / the TX FIFO into the shift register. */
static void start_tx(struct uart *u)
{
    if (u->tsr_busy || u->tx_count == 0)
        return;
    u->tsr = u->tx[u->tx_head];
    u->tx_head = (u->tx_head + 1) % FIFO_LEN;
    u->tx_count--;
    u->tsr_busy = true;
    if (u->tx_count == 0)
        u->thre_int = true;         /* THR (FIFO) just became empty */
    set_thre_bits(u);
    sched_arm(u->sched, &u->tx_timer, sched_now(u->sched) + char_ticks(u), tx_done_fire, u);
}

static void tx_done_fire(void *opaque, uint64_t now)
{
    struct uart *u = opaque;
    (void)now;
    uint8_t b = u->tsr;
    u->tsr_busy = false;
    if (u->mcr & MCR_LOOP) {
        rx_char(u, b, 0);
        if (u->rx_count == 1)
            show_top_errors(u);
    } else {
        if (u->backend.write != NULL)
            u->backend.write(u->backend.opaque, &b, 1);
        tx_capture_append(u->capture, &b, 1);
    }
    start_tx(u);
    set_thre_bits(u);
    update_irq(u);
}

static void write_thr(struct uart *u, uint8_t v)
{
    unsigned cap = fifo_mode(u) ? FIFO_LEN : 1;
    if (u->tx_count < cap) {
        u->tx[(u->tx_head + u->tx_count) % FIFO_LEN] = v;
        u->tx_count++;
    } else if (!fifo_mode(u)) {
        u->tx[u->tx_head] = v;      /* THR overwritten before it moved on */
    }
    u->thre_int = false;
    set_thre_bits(u);
    start_tx(u);
}

/* ---- registers ---- */

static void write_fcr(struct uart *u, uint8_t v)
{
    bool was = fifo_mode(u), on = (v & FCR_ENABLE) != 0;
    if (was != on || (v & FCR_CLEAR_RX)) {
        u->rx_count = 0;
        u->rx_head = 0;
        u->lsr &= (uint8_t)~(LSR_DR | LSR_FIFO_ERR);
    }
    if (was != on || (v & FCR_CLEAR_TX)) {
        u->tx_count = 0;
        u->tx_head = 0;
    }
    u->fcr = (uint8_t)(v & 0xc9);       /* enable, DMA mode, trigger; clears self-reset */
    if (!on)
        u->fcr = 0;
    arm_timeout(u);
    set_thre_bits(u);
    if (u->rx_arrival == STALLED && u->rx_count < rx_capacity(u))
        deliver_wire(u);
}

static uint8_t read_lsr(struct uart *u)
{
    uint8_t v = u->lsr;
    if (fifo_mode(u)) {
        for (unsigned i = 0; i < u->rx_count; i++) {
            if (u->rx[(u->rx_head + i) % FIFO_LEN].err)
                v |= LSR_FIFO_ERR;
        }
    }
    u->lsr &= (uint8_t)~LSR_ERRORS;
    if (u->rx_count > 0)            /* the top character's errors are now reported */
        u->rx[u->rx_head].err = 0;
    return v;
}

static uint32_t uart_read(void *opaque, uint16_t off, unsigned size)
{
    struct uart *u = opaque;
    (void)size;
    uint8_t v;
    switch (off & 7) {
    case 0:
        v = (u->lcr & LCR_DLAB) ? (uint8_t)u->divisor : read_rbr(u);
        break;
    case 1:
        v = (u->lcr & LCR_DLAB) ? (uint8_t)(u->divisor >> 8) : u->ier;
        break;
    case 2:
        v = iir_value(u);
        if ((v & 0x0f) == IIR_THRE)
            u->thre_int = false;    /* reading IIR acknowledges THRE */
        break;
    case 3:
        v = u->lcr;
        break;
    case 4:
        v = u->mcr;
        break;
    case 5:
        v = read_lsr(u);
        break;
    case 6:
        v = u->msr;
        u->msr &= 0xf0;
        break;
    default:
        v = u->scr;
        break;
    }
    update_irq(u);
    return v;
}

static void uart_write(void *opaque, uint16_t off, unsigned size, uint32_t value)
{
    struct uart *u = opaque;
    uint8_t v = (uint8_t)value;
    (void)size;
    switch (off & 7) {
    case 0:
        if (u->lcr & LCR_DLAB)
            u->divisor = (uint16_t)((u->divisor & 0xff00) | v);
        else
            write_thr(u, v);
        break;
    case 1:
        if (u->lcr & LCR_DLAB) {
            u->divisor = (uint16_t)((u->divisor & 0x00ff) | (v << 8));
        } else {
            /* Enabling ETBEI with THR empty raises the THRE interrupt at once. */
            if ((v & IER_THRE) && !(u->ier & IER_THRE) && thr_empty(u))
                u->thre_int = true;
            u->ier = v & 0x0f;
        }
        break;
    case 2:
        write_fcr(u, v);
        break;
    case 3: {
        bool brk = (v & LCR_BREAK) && !(u->lcr & LCR_BREAK);
        u->lcr = v;
        if (brk && (u->mcr & MCR_LOOP)) {
            rx_char(u, 0, LSR_BI | LSR_FE);   /* the receiver sees the break */
            if (u->rx_count == 1)
                show_top_errors(u);
        }
        break;
    }
    case 4:
        u->mcr = v & 0x1f;
        update_msr(u);
        if (!(u->mcr & MCR_LOOP))
            start_wire(u);
        break;
    case 5:
    case 6:
        break;                      /* LSR and MSR are read-only (factory test only) */
    default:
        u->scr = v;
        break;
    }
    update_irq(u);
}

static const struct io_ops uart_io[5] = {
    { .name = "com1", .read = uart_read, .write = uart_write, .widths = IO_W8 },
    { .name = "com2", .read = uart_read, .write = uart_write, .widths = IO_W8 },
    { .name = "com3", .read = uart_read, .write = uart_write, .widths = IO_W8 },
    { .name = "com4", .read = uart_read, .write = uart_write, .widths = IO_W8 },
    { .name = "uart", .read = uart_read, .write = uart_write, .widths = IO_W8 },
};

static const struct io_ops *ops_for(uint16_t base)
{
    static const uint16_t bases[4] = { 0x3f8, 0x2f8, 0x3e8, 0x2e8 };
    for (unsigned i = 0; i < 4; i++)
        if (bases[i] == base)
            return &uart_io[i];
    return &uart_io[4];
}

struct uart *uart_create(struct io_bus *bus, struct sched *sched, uint16_t base,
                         struct irq_line irq, const struct chardev *backend,
                         struct emu_err *err)
{
    struct uart *u = calloc(1, sizeof *u);
    uint8_t *host = malloc(HOST_QUEUE);
    struct tx_capture *cap = calloc(1, sizeof *cap);
    if (u == NULL || host == NULL || cap == NULL) {
        free(u);
        free(host);
        free(cap);
        emu_fail(err, EMU_ENOMEM, "uart: out of memory");
        return NULL;
    }
    u->host = host;
    u->capture = cap;
    u->sched = sched;
    u->base = base;
    u->irq = irq;
    if (backend != NULL)
        u->backend = *backend;
    if (bus_map_ports(bus, base, 8, ops_for(base), u, err) != 0) {
        free(host);
        free(cap);
        free(u);
        return NULL;
    }
    u->divisor = 12;                /* undefined at power-on: 9600 baud */
    u->rx_arrival = NEVER;
    u->modem_in = backend != NULL ? (MSR_CTS | MSR_DSR | MSR_DCD) : 0;
    uart_reset(u);
    return u;
}

void uart_destroy(struct uart *u)
{
    if (u == NULL)
        return;
    sched_cancel(u->sched, &u->tx_timer);
    sched_cancel(u->sched, &u->rx_timer);
    sched_cancel(u->sched, &u->timeout_timer);
    free(u->host);
    free(u->capture);
    free(u);
}

/* PC16550D "Master Reset": IER, IIR, FCR, LCR, MCR cleared, LSR 60h, MSR
 * deltas cleared, the FIFOs and line state idle. */
void uart_reset(struct uart *u)
{
    u->ier = 0;
    u->fcr = 0;
    u->lcr = 0;
    u->mcr = 0;
    u->lsr = LSR_THRE | LSR_TEMT;
    u->msr = modem_lines(u);
    u->rx_count = u->rx_head = 0;
    u->tx_count = u->tx_head = 0;
    u->tsr_busy = false;
    u->thre_int = false;
    u->timeout_int = false;
    u->rx_arrival = NEVER;
    sched_cancel(u->sched, &u->tx_timer);
    sched_cancel(u->sched, &u->rx_timer);
    sched_cancel(u->sched, &u->timeout_timer);
    update_irq(u);
    start_wire(u);
}

void uart_set_modem_inputs(struct uart *u, bool cts, bool dsr, bool ri, bool dcd)
{
    u->modem_in = (uint8_t)((cts ? MSR_CTS : 0) | (dsr ? MSR_DSR : 0) | (ri ? MSR_RI : 0) |
                            (dcd ? MSR_DCD : 0));
    update_msr(u);
    update_irq(u);
}

size_t uart_tx_captured(const struct uart *u, const uint8_t **data)
{
    *data = u->capture->buf;
    return u->capture->len;
}

void uart_tx_consume(struct uart *u, size_t n)
{
    tx_capture_consume(u->capture, n);
}

void uart_describe(const struct uart *u, char *buf, size_t size)
{
    static const char parity[8] = { 'N', 'O', 'N', 'E', 'N', 'M', 'N', 'S' };
    unsigned div = u->divisor ? u->divisor : 65536;
    snprintf(buf, size,
             "%s at %03x: %u baud %u%c%s ier=%02x iir=%02x lcr=%02x mcr=%02x lsr=%02x "
             "msr=%02x scr=%02x fifo=%s rx=%u tx=%u%s host-queued=%u irq=%u\n",
             ops_for(u->base)->name, u->base, 115200u / div, 5u + (u->lcr & 3),
             parity[(u->lcr >> 3) & 7], (u->lcr & LCR_STOP2) ? "2" : "1", u->ier,
             iir_value(u), u->lcr, u->mcr, u->lsr, u->msr, u->scr,
             fifo_mode(u) ? "on" : "off", u->rx_count, u->tx_count,
             u->tsr_busy ? "+shifting" : "", u->host_count, u->irq_level ? 1u : 0u);
}
