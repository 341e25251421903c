/* devices/uart.h: a National Semiconductor 16550A UART at an I/O base
 * (COM1-4: 3F8h/IRQ4, 2F8h/IRQ3, 3E8h/IRQ4, 2E8h/IRQ3), clocked by the
 * PC's 1.8432 MHz crystal, with characters taking their real time on the
 * line in virtual time.  Transmitted bytes go to a struct chardev and to
 * a capture buffer; received bytes are injected with uart_receive(). */
#ifndef VIREO_DEVICES_UART_H
#define VIREO_DEVICES_UART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "devices/chardev.h"
#include "devices/irq.h"
#include "util/error.h"

struct io_bus;
struct sched;
struct uart;

/* backend may be NULL (nothing attached: all modem inputs inactive);
 * with a backend, CTS, DSR and DCD start active as a connected null
 * modem would show them. */
struct uart *uart_create(struct io_bus *bus, struct sched *sched, uint16_t base,
                         struct irq_line irq, const struct chardev *backend,
                         struct emu_err *err);
void uart_destroy(struct uart *u);
/* The MR pin: registers to their reset values, FIFOs and line idle.  The
 * divisor latch, scratch register and host input queue are kept. */
void uart_reset(struct uart *u);

/* Queue bytes arriving from the far end (up to 64 KiB pending; returns
 * how many were taken).  They enter the receiver one character time
 * apart, and only when it has room: the far end behaves as if flow
 * controlled, so host input is never lost to overruns. */
size_t uart_receive(struct uart *u, const uint8_t *data, size_t len);
/* The far end's modem lines (MSR bits 4-7 outside loopback). */
void uart_set_modem_inputs(struct uart *u, bool cts, bool dsr, bool ri, bool dcd);

/* Bytes transmitted (not in loopback) since the last consume. */
size_t uart_tx_captured(const struct uart *u, const uint8_t **data);
void uart_tx_consume(struct uart *u, size_t n);

void uart_describe(const struct uart *u, char *buf, size_t size);

#endif
