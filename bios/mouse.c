/* bios/mouse.c: the PS/2 pointing device (IBM PS/2 BIOS, INT 15h/C2h and
 * INT 74h): commands go to the mouse through the 8042 (D4h), answers are
 * polled with IRQ 12 held off; once enabled, each packet collected by
 * INT 74h is passed to the handler installed with C207h (status, X, Y, 0
 * pushed, far call).  Status codes: 00 ok, 01 bad function, 02 bad input,
 * 03 interface error, 04 resend, 05 no handler installed. */
#include "bios/bios_internal.h"

enum { MS_OK, MS_BAD_FUNC, MS_BAD_INPUT, MS_IFACE, MS_RESEND, MS_NO_HANDLER };

#define KBC_CB_DEFAULT 0x65     /* what POST leaves in the command byte */
#define KBC_CB_INT2 0x02
#define KBC_CB_NOAUX 0x20
#define MOUSE_TIMEOUT_TICKS 4

static void ms_result(struct bios *b, struct cpu *c, uint8_t st)
{
    set_r8hi(c, REG_EAX, st);
    frame_cf(b, c, st != MS_OK);
}

static uint8_t ebda8(struct cpu *c, unsigned off) { return mem_rd8(c, ebda_lin(c) + off); }
static void ebda_wr(struct cpu *c, unsigned off, uint8_t v) { mem_wr8(c, ebda_lin(c) + off, v); }

static void kbc_command_byte(struct bios *b, uint8_t v)
{
    io_out8(b, 0x64, 0x60);
    io_out8(b, 0x60, v);
}

static void aux_send(struct bios *b, uint8_t v)
{
    io_out8(b, 0x64, 0xD4);
    io_out8(b, 0x60, v);
}

/* Run the exchange set up in b->mouse_*: each byte sent is acknowledged
 * (FAh), then mouse_want more bytes are collected.  Returns -1 while it
 * must be called again, else an MS_* status. */
static int aux_exchange(struct bios *b, struct cpu *c)
{
    for (;;) {
        uint8_t st = io_in8(b, 0x64);
        if (!(st & 0x01))
            break;
        if (!(st & 0x20))
            return -1;                  /* a keystroke: INT 09h takes it first */
        uint8_t v = io_in8(b, 0x60);
        if (b->mouse_sent > 0 && b->mouse_nrx == 0xFF) {
            /* Waiting for the acknowledgement of the byte just sent. */
            if (v == 0xFE)
                return MS_RESEND;
            if (v != 0xFA)
                return MS_IFACE;
            if (b->mouse_sent < b->mouse_ntx) {
                aux_send(b, b->mouse_tx[b->mouse_sent++]);
                b->mouse_call.start_tick = bios_ticks(c);
                continue;
            }
            b->mouse_nrx = 0;
        } else if (b->mouse_nrx < b->mouse_want) {
            b->mouse_rx[b->mouse_nrx++] = v;
        }
        if (b->mouse_nrx != 0xFF && b->mouse_nrx >= b->mouse_want)
            return MS_OK;
    }
    if (b->mouse_nrx != 0xFF && b->mouse_nrx >= b->mouse_want)
        return MS_OK;
    if (bios_ticks(c) - b->mouse_call.start_tick > MOUSE_TIMEOUT_TICKS)
        return MS_IFACE;
    return -1;
}

static void exchange_start(struct bios *b, const uint8_t *tx, unsigned ntx, unsigned want)
{
    for (unsigned i = 0; i < ntx; i++)
        b->mouse_tx[i] = tx[i];
    b->mouse_ntx = (uint8_t)ntx;
    b->mouse_want = (uint8_t)want;
    b->mouse_nrx = 0xFF;                /* first the acknowledgement */
    kbc_command_byte(b, (uint8_t)(b->mouse_cmdbyte & ~(KBC_CB_INT2 | KBC_CB_NOAUX)));
    b->mouse_sent = 1;
    aux_send(b, tx[0]);
}

/* The KBC command byte for the current enable state. */
static uint8_t cmdbyte_for(struct cpu *c, struct bios *b)
{
    uint8_t cb = b->mouse_cmdbyte ? b->mouse_cmdbyte : KBC_CB_DEFAULT;
    if (ebda8(c, EBDA_MOUSE_FLAGS2) & 0x80)
        return (uint8_t)((cb | KBC_CB_INT2) & ~KBC_CB_NOAUX);
    return (uint8_t)(cb & ~KBC_CB_INT2);
}

static const uint8_t sample_rates[7] = { 10, 20, 40, 60, 80, 100, 200 };

void mouse_service(struct bios *b, struct cpu *c)
{
    uint8_t al = AL(c), bh = BH(c);
    if (b->mouse_cmdbyte == 0)
        b->mouse_cmdbyte = KBC_CB_DEFAULT;
    if (al == 0x07) {                   /* set the handler: no device traffic */
        uint32_t e = ebda_lin(c);
        mem_wr16(c, e + EBDA_MOUSE_HANDLER, BX(c));
        mem_wr16(c, e + EBDA_MOUSE_HANDLER + 2, sreg(c, SEG_ES));
        uint8_t f1 = ebda8(c, EBDA_MOUSE_FLAGS1);
        f1 = (BX(c) | sreg(c, SEG_ES)) ? (uint8_t)(f1 | 0x80) : (uint8_t)(f1 & 0x7F);
        ebda_wr(c, EBDA_MOUSE_FLAGS1, f1);
        ms_result(b, c, MS_OK);
        return;
    }
    if (al > 0x07) {
        ms_result(b, c, MS_BAD_FUNC);
        return;
    }
    if (!(b->post_kbc & KBC_OK_AUX)) {
        ms_result(b, c, MS_IFACE);
        return;
    }
    if (retry_begin(b, c, &b->mouse_call)) {
        uint8_t tx[2];
        switch (al) {
        case 0x00:                      /* enable (BH=1) / disable (BH=0) */
            if (bh > 1) {
                retry_end(&b->mouse_call);
                ms_result(b, c, MS_BAD_INPUT);
                return;
            }
            if (bh == 1 && !(ebda8(c, EBDA_MOUSE_FLAGS1) & 0x80)) {
                retry_end(&b->mouse_call);
                ms_result(b, c, MS_NO_HANDLER);
                return;
            }
            tx[0] = bh ? 0xF4 : 0xF5;
            exchange_start(b, tx, 1, 0);
            break;
        case 0x01:                      /* reset: FAh, AAh, ID */
            tx[0] = 0xFF;
            exchange_start(b, tx, 1, 2);
            break;
        case 0x02:                      /* sample rate */
            if (bh > 6) {
                retry_end(&b->mouse_call);
                ms_result(b, c, MS_BAD_INPUT);
                return;
            }
            tx[0] = 0xF3;
            tx[1] = sample_rates[bh];
            exchange_start(b, tx, 2, 0);
            break;
        case 0x03:                      /* resolution 1, 2, 4, 8 counts/mm */
            if (bh > 3) {
                retry_end(&b->mouse_call);
                ms_result(b, c, MS_BAD_INPUT);
                return;
            }
            tx[0] = 0xE8;
            tx[1] = bh;
            exchange_start(b, tx, 2, 0);
            break;
        case 0x04:                      /* device type */
            tx[0] = 0xF2;
            exchange_start(b, tx, 1, 1);
            break;
        case 0x05:                      /* initialise: BH = packet size 1-8 */
            if (bh < 1 || bh > 8) {
                retry_end(&b->mouse_call);
                ms_result(b, c, MS_BAD_INPUT);
                return;
            }
            tx[0] = 0xF6;               /* defaults: disabled, 100/s, 4/mm, 1:1 */
            exchange_start(b, tx, 1, 0);
            break;
        case 0x06:                      /* BH 0: status; 1: scaling 1:1; 2: 2:1 */
            if (bh > 2) {
                retry_end(&b->mouse_call);
                ms_result(b, c, MS_BAD_INPUT);
                return;
            }
            tx[0] = bh == 0 ? 0xE9 : bh == 1 ? 0xE6 : 0xE7;
            exchange_start(b, tx, 1, bh == 0 ? 3 : 0);
            break;
        default:
            break;
        }
    }
    int st = aux_exchange(b, c);
    if (st < 0) {
        svc_retry(c, false);
        return;
    }
    retry_end(&b->mouse_call);
    if (st == MS_OK) {
        uint8_t f2 = ebda8(c, EBDA_MOUSE_FLAGS2);
        switch (al) {
        case 0x00:
            f2 = bh ? (uint8_t)(f2 | 0x80) : (uint8_t)(f2 & 0x7F);
            ebda_wr(c, EBDA_MOUSE_FLAGS2, f2);
            break;
        case 0x01:
            set_r8hi(c, REG_EBX, b->mouse_rx[1]);
            set_r8lo(c, REG_EBX, b->mouse_rx[0]);
            ebda_wr(c, EBDA_MOUSE_FLAGS2, (uint8_t)(f2 & 0x7F));
            break;
        case 0x04:
            set_r8hi(c, REG_EBX, b->mouse_rx[0]);
            break;
        case 0x05:
            ebda_wr(c, EBDA_MOUSE_FLAGS2, (uint8_t)((f2 & 0x78) | ((bh - 1) & 7)));
            break;
        case 0x06:
            if (bh == 0) {
                set_r8lo(c, REG_EBX, b->mouse_rx[0]);
                set_r8lo(c, REG_ECX, b->mouse_rx[1]);
                set_r8lo(c, REG_EDX, b->mouse_rx[2]);
            }
            break;
        default:
            break;
        }
        ebda_wr(c, EBDA_MOUSE_FLAGS1, (uint8_t)(ebda8(c, EBDA_MOUSE_FLAGS1) & 0xF8));
    }
    kbc_command_byte(b, cmdbyte_for(c, b));
    if (ebda8(c, EBDA_MOUSE_FLAGS2) & 0x80)
        io_out8(b, 0xA1, (uint8_t)(io_in8(b, 0xA1) & ~0x10u));   /* IRQ 12 */
    ms_result(b, c, (uint8_t)st);
}

/* INT 74h: collect a packet (size from C205h: flags2 bits 0-2 = size - 1);
 * the first byte must have bit 3 set, else the stream is resynchronised. */
bool svc_mouse_irq(struct bios *b, struct cpu *c)
{
    uint8_t st = io_in8(b, 0x64);
    if ((st & 0x21) != 0x21) {
        svc_retry(c, true);             /* CF=1: nothing for the handler */
        return true;
    }
    uint8_t v = io_in8(b, 0x60);
    uint8_t f1 = ebda8(c, EBDA_MOUSE_FLAGS1);
    uint8_t f2 = ebda8(c, EBDA_MOUSE_FLAGS2);
    unsigned size = (f2 & 7u) + 1;
    if (size < 3)
        size = 3;
    unsigned idx = f1 & 7u;
    if (idx == 0 && !(v & 0x08)) {
        svc_retry(c, true);
        return true;
    }
    ebda_wr(c, EBDA_MOUSE_DATA + idx, v);
    idx++;
    if (idx < size) {
        ebda_wr(c, EBDA_MOUSE_FLAGS1, (uint8_t)((f1 & 0xF8) | idx));
        svc_retry(c, true);
        return true;
    }
    ebda_wr(c, EBDA_MOUSE_FLAGS1, (uint8_t)(f1 & 0xF8));
    if (!(f1 & 0x80) || !(f2 & 0x80)) {
        svc_retry(c, true);
        return true;
    }
    set_r16(c, REG_EAX, ebda8(c, EBDA_MOUSE_DATA));
    set_r16(c, REG_EBX, ebda8(c, EBDA_MOUSE_DATA + 1));
    set_r16(c, REG_ECX, ebda8(c, EBDA_MOUSE_DATA + 2));
    set_r16(c, REG_EDX, size > 3 ? ebda8(c, EBDA_MOUSE_DATA + 3) : 0);
    bios_set_sreg(c, SEG_ES, bda_rd16(c, BDA_EBDA_SEG));
    svc_done(c);
    return true;
}
