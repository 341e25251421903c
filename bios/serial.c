/* bios/serial.c: INT 14h serial ports through the 8250/16550 registers
 * (IBM PC/AT Technical Reference, "RS-232"; PS/2 extended functions 04h and
 * 05h) and INT 17h parallel printers through the port's data, status and
 * control registers.  Waits poll the port with the ROM spinning between
 * traps, up to the timeouts in 40:7C (serial, seconds) and 40:78
 * (printer, seconds). */
#include "bios/bios_internal.h"

/* UART registers (offsets from the base). */
enum { UART_DATA = 0, UART_IER = 1, UART_LCR = 3, UART_MCR = 4, UART_LSR = 5, UART_MSR = 6 };
enum { LSR_DR = 0x01, LSR_THRE = 0x20, MSR_CTS = 0x10, MSR_DSR = 0x20 };

/* Divisors for 110, 150, 300, 600, 1200, 2400, 4800, 9600, 19200 baud. */
static const uint16_t divisors[9] = { 0x417, 0x300, 0x180, 0xC0, 0x60, 0x30, 0x18, 0x0C, 0x06 };

static void uart_setup(struct bios *b, uint16_t base, uint16_t divisor, uint8_t lcr)
{
    io_out8(b, (uint16_t)(base + UART_LCR), 0x80);
    io_out8(b, (uint16_t)(base + UART_DATA), (uint8_t)divisor);
    io_out8(b, (uint16_t)(base + UART_IER), (uint8_t)(divisor >> 8));
    io_out8(b, (uint16_t)(base + UART_LCR), lcr & 0x7F);
    io_out8(b, (uint16_t)(base + UART_IER), 0);
}

static void uart_status(struct bios *b, struct cpu *c, uint16_t base)
{
    set_r8hi(c, REG_EAX, io_in8(b, (uint16_t)(base + UART_LSR)));
    set_r8lo(c, REG_EAX, io_in8(b, (uint16_t)(base + UART_MSR)));
}

static bool serial_timed_out(struct bios *b, struct cpu *c, unsigned port)
{
    uint32_t limit = bda_rd8(c, BDA_COM_TIMEOUT + port) * 18u + 1;
    return bios_ticks(c) - b->serial.start_tick > limit;
}

bool svc_int14(struct bios *b, struct cpu *c)
{
    unsigned port = DX(c);
    svc_done(c);
    uint16_t base = port < 4 ? bda_rd16(c, BDA_COM + 2 * port) : 0;
    if (base == 0) {
        set_r8hi(c, REG_EAX, 0x80);
        return true;
    }
    switch (AH(c)) {
    case 0x00: {                        /* AL: baud 7-5, parity 4-3, stop 2, length 1-0 */
        uint8_t al = AL(c);
        uart_setup(b, base, divisors[al >> 5], (uint8_t)(al & 0x1F));
        uart_status(b, c, base);
        return true;
    }
    case 0x01: {                        /* send AL: DTR, RTS; wait DSR, CTS, THRE */
        if (retry_begin(b, c, &b->serial))
            io_out8(b, (uint16_t)(base + UART_MCR), 0x03);
        uint8_t msr = io_in8(b, (uint16_t)(base + UART_MSR));
        uint8_t lsr = io_in8(b, (uint16_t)(base + UART_LSR));
        if ((msr & (MSR_DSR | MSR_CTS)) != (MSR_DSR | MSR_CTS) || !(lsr & LSR_THRE)) {
            if (serial_timed_out(b, c, port)) {
                retry_end(&b->serial);
                set_r8hi(c, REG_EAX, (uint8_t)(lsr | 0x80));
                return true;
            }
            svc_retry(c, false);
            return true;
        }
        retry_end(&b->serial);
        io_out8(b, (uint16_t)(base + UART_DATA), AL(c));
        set_r8hi(c, REG_EAX, io_in8(b, (uint16_t)(base + UART_LSR)));
        return true;
    }
    case 0x02: {                        /* receive: DTR; wait DSR, then data */
        if (retry_begin(b, c, &b->serial))
            io_out8(b, (uint16_t)(base + UART_MCR), 0x01);
        uint8_t msr = io_in8(b, (uint16_t)(base + UART_MSR));
        uint8_t lsr = io_in8(b, (uint16_t)(base + UART_LSR));
        if (!(msr & MSR_DSR) || !(lsr & LSR_DR)) {
            if (serial_timed_out(b, c, port)) {
                retry_end(&b->serial);
                set_r8hi(c, REG_EAX, (uint8_t)(lsr | 0x80));
                return true;
            }
            svc_retry(c, false);
            return true;
        }
        retry_end(&b->serial);
        set_r8lo(c, REG_EAX, io_in8(b, (uint16_t)(base + UART_DATA)));
        set_r8hi(c, REG_EAX, (uint8_t)(lsr & 0x1E));
        return true;
    }
    case 0x03:
        uart_status(b, c, base);
        return true;
    case 0x04: {                        /* extended init */
        static const uint8_t parity[5] = { 0x00, 0x08, 0x18, 0x28, 0x38 };
        if (BH(c) > 4 || BL(c) > 1 || CH(c) > 3 || CL(c) > 8) {
            uart_status(b, c, base);
            return true;
        }
        uint8_t lcr = (uint8_t)(CH(c) | (BL(c) << 2) | parity[BH(c)] | (AL(c) ? 0x40 : 0));
        uart_setup(b, base, divisors[CL(c)], lcr);
        uart_status(b, c, base);
        return true;
    }
    case 0x05:                          /* modem control: AL 0 read, 1 write BL */
        if (AL(c) == 0x01)
            io_out8(b, (uint16_t)(base + UART_MCR), (uint8_t)(BL(c) & 0x1F));
        set_r8lo(c, REG_EBX, io_in8(b, (uint16_t)(base + UART_MCR)));
        uart_status(b, c, base);
        return true;
    default:
        log_limited(b->d.log, &b->log_unknown, LOG_DEBUG, "bios",
                    "INT 14h AX=%04Xh not supported", AX(c));
        return true;
    }
}

/* ---- parallel printers ---- */

/* The BIOS's printer status: bits 7 not busy, 6 acknowledge, 5 out of
 * paper, 4 selected, 3 I/O error, 0 time-out (the port's busy and error
 * lines are inverted). */
static uint8_t lpt_status(struct bios *b, uint16_t base)
{
    return (uint8_t)((io_in8(b, (uint16_t)(base + 1)) & 0xF8) ^ 0x48);
}

/* Absent printers answer "time-out, I/O error". */
#define LPT_ABSENT 0x09

uint8_t printer_out(struct bios *b, struct cpu *c, unsigned port, uint8_t ch)
{
    uint16_t base = port < 3 ? bda_rd16(c, BDA_LPT + 2 * port) : 0;
    if (base == 0)
        return LPT_ABSENT;
    uint8_t st = lpt_status(b, base);
    if (!(st & 0x80))
        return (uint8_t)(st | 0x01);
    io_out8(b, base, ch);
    io_out8(b, (uint16_t)(base + 2), 0x0D);     /* strobe */
    io_out8(b, (uint16_t)(base + 2), 0x0C);
    return (uint8_t)(lpt_status(b, base) & 0xF8);
}

bool svc_int17(struct bios *b, struct cpu *c)
{
    unsigned port = DX(c);
    svc_done(c);
    uint16_t base = port < 3 ? bda_rd16(c, BDA_LPT + 2 * port) : 0;
    if (base == 0) {
        set_r8hi(c, REG_EAX, LPT_ABSENT);
        return true;
    }
    switch (AH(c)) {
    case 0x00: {
        retry_begin(b, c, &b->serial);
        uint8_t st = lpt_status(b, base);
        if (!(st & 0x80)) {
            uint32_t limit = bda_rd8(c, BDA_LPT_TIMEOUT + port) * 18u + 1;
            if (bios_ticks(c) - b->serial.start_tick <= limit) {
                svc_retry(c, false);
                return true;
            }
            retry_end(&b->serial);
            set_r8hi(c, REG_EAX, (uint8_t)((st & 0xF8) | 0x01));
            return true;
        }
        retry_end(&b->serial);
        set_r8hi(c, REG_EAX, printer_out(b, c, port, AL(c)));
        return true;
    }
    case 0x01:                          /* initialise: pulse INIT low */
        io_out8(b, (uint16_t)(base + 2), 0x08);
        io_out8(b, (uint16_t)(base + 2), 0x0C);
        set_r8hi(c, REG_EAX, lpt_status(b, base));
        return true;
    case 0x02:
        set_r8hi(c, REG_EAX, lpt_status(b, base));
        return true;
    default:
        return true;
    }
}
