/* bios/keyboard.c: the keyboard (IBM PC/AT and PS/2 Technical References,
 * "Keyboard"): INT 09h turns set-1 scan codes (as the 8042 translates
 * them) into the BIOS's key words with the shift, Ctrl, Alt and lock
 * states of 40:17/40:18/40:96, E0 and E1 prefixes, Alt+keypad codes,
 * Pause, Ctrl-Break, Print Screen, SysReq and Ctrl-Alt-Del, and keeps the
 * keyboard's LEDs in step (EDh through an acknowledgement state machine);
 * INT 16h reads the buffer at 40:80-40:82 (functions 00h-12h).  Key words
 * that only an enhanced keyboard makes carry ASCII F0h or E0h and are
 * filtered for the old functions 00h and 01h as the PS/2 BIOS does. */
#include "bios/bios_internal.h"

/* 40:17 */
enum { KF_RSHIFT = 0x01, KF_LSHIFT = 0x02, KF_CTRL = 0x04, KF_ALT = 0x08, KF_SCROLL = 0x10,
       KF_NUM = 0x20, KF_CAPS = 0x40, KF_INSERT = 0x80 };
/* 40:18 */
enum { KF2_LCTRL = 0x01, KF2_LALT = 0x02, KF2_SYSREQ = 0x04, KF2_PAUSE = 0x08,
       KF2_SCROLL = 0x10, KF2_NUM = 0x20, KF2_CAPS = 0x40, KF2_INSERT = 0x80 };
/* 40:96 */
enum { KF3_E1 = 0x01, KF3_E0 = 0x02, KF3_RCTRL = 0x04, KF3_RALT = 0x08, KF3_101 = 0x10 };
/* 40:97 */
enum { KL_ACK = 0x10, KL_RESEND = 0x20, KL_UPDATE = 0x40, KL_ERROR = 0x80 };

/* Key words for set-1 make codes 01h-58h.  Legend: normal, shift, ctrl,
 * alt; 0 = the combination makes no key.  ASCII F0h marks combinations
 * an 84-key keyboard cannot make (AH=00h drops them, AH=10h returns 00h).
 * From the IBM PS/2 Technical Reference keyboard tables. */
static const uint16_t key_table[0x59][4] = {
    [0x01] = { 0x011B, 0x011B, 0x011B, 0x01F0 },
    [0x02] = { 0x0231, 0x0221, 0x0000, 0x7800 },
    [0x03] = { 0x0332, 0x0340, 0x0300, 0x7900 },
    [0x04] = { 0x0433, 0x0423, 0x0000, 0x7A00 },
    [0x05] = { 0x0534, 0x0524, 0x0000, 0x7B00 },
    [0x06] = { 0x0635, 0x0625, 0x0000, 0x7C00 },
    [0x07] = { 0x0736, 0x075E, 0x071E, 0x7D00 },
    [0x08] = { 0x0837, 0x0826, 0x0000, 0x7E00 },
    [0x09] = { 0x0938, 0x092A, 0x0000, 0x7F00 },
    [0x0A] = { 0x0A39, 0x0A28, 0x0000, 0x8000 },
    [0x0B] = { 0x0B30, 0x0B29, 0x0000, 0x8100 },
    [0x0C] = { 0x0C2D, 0x0C5F, 0x0C1F, 0x8200 },
    [0x0D] = { 0x0D3D, 0x0D2B, 0x0000, 0x8300 },
    [0x0E] = { 0x0E08, 0x0E08, 0x0E7F, 0x0EF0 },
    [0x0F] = { 0x0F09, 0x0F00, 0x94F0, 0xA5F0 },
    [0x10] = { 0x1071, 0x1051, 0x1011, 0x1000 },
    [0x11] = { 0x1177, 0x1157, 0x1117, 0x1100 },
    [0x12] = { 0x1265, 0x1245, 0x1205, 0x1200 },
    [0x13] = { 0x1372, 0x1352, 0x1312, 0x1300 },
    [0x14] = { 0x1474, 0x1454, 0x1414, 0x1400 },
    [0x15] = { 0x1579, 0x1559, 0x1519, 0x1500 },
    [0x16] = { 0x1675, 0x1655, 0x1615, 0x1600 },
    [0x17] = { 0x1769, 0x1749, 0x1709, 0x1700 },
    [0x18] = { 0x186F, 0x184F, 0x180F, 0x1800 },
    [0x19] = { 0x1970, 0x1950, 0x1910, 0x1900 },
    [0x1A] = { 0x1A5B, 0x1A7B, 0x1A1B, 0x1AF0 },
    [0x1B] = { 0x1B5D, 0x1B7D, 0x1B1D, 0x1BF0 },
    [0x1C] = { 0x1C0D, 0x1C0D, 0x1C0A, 0x1CF0 },
    [0x1E] = { 0x1E61, 0x1E41, 0x1E01, 0x1E00 },
    [0x1F] = { 0x1F73, 0x1F53, 0x1F13, 0x1F00 },
    [0x20] = { 0x2064, 0x2044, 0x2004, 0x2000 },
    [0x21] = { 0x2166, 0x2146, 0x2106, 0x2100 },
    [0x22] = { 0x2267, 0x2247, 0x2207, 0x2200 },
    [0x23] = { 0x2368, 0x2348, 0x2308, 0x2300 },
    [0x24] = { 0x246A, 0x244A, 0x240A, 0x2400 },
    [0x25] = { 0x256B, 0x254B, 0x250B, 0x2500 },
    [0x26] = { 0x266C, 0x264C, 0x260C, 0x2600 },
    [0x27] = { 0x273B, 0x273A, 0x0000, 0x27F0 },
    [0x28] = { 0x2827, 0x2822, 0x0000, 0x28F0 },
    [0x29] = { 0x2960, 0x297E, 0x0000, 0x29F0 },
    [0x2B] = { 0x2B5C, 0x2B7C, 0x2B1C, 0x2BF0 },
    [0x2C] = { 0x2C7A, 0x2C5A, 0x2C1A, 0x2C00 },
    [0x2D] = { 0x2D78, 0x2D58, 0x2D18, 0x2D00 },
    [0x2E] = { 0x2E63, 0x2E43, 0x2E03, 0x2E00 },
    [0x2F] = { 0x2F76, 0x2F56, 0x2F16, 0x2F00 },
    [0x30] = { 0x3062, 0x3042, 0x3002, 0x3000 },
    [0x31] = { 0x316E, 0x314E, 0x310E, 0x3100 },
    [0x32] = { 0x326D, 0x324D, 0x320D, 0x3200 },
    [0x33] = { 0x332C, 0x333C, 0x0000, 0x33F0 },
    [0x34] = { 0x342E, 0x343E, 0x0000, 0x34F0 },
    [0x35] = { 0x352F, 0x353F, 0x0000, 0x35F0 },
    [0x37] = { 0x372A, 0x372A, 0x96F0, 0x37F0 },
    [0x39] = { 0x3920, 0x3920, 0x3920, 0x3920 },
    [0x3B] = { 0x3B00, 0x5400, 0x5E00, 0x6800 },
    [0x3C] = { 0x3C00, 0x5500, 0x5F00, 0x6900 },
    [0x3D] = { 0x3D00, 0x5600, 0x6000, 0x6A00 },
    [0x3E] = { 0x3E00, 0x5700, 0x6100, 0x6B00 },
    [0x3F] = { 0x3F00, 0x5800, 0x6200, 0x6C00 },
    [0x40] = { 0x4000, 0x5900, 0x6300, 0x6D00 },
    [0x41] = { 0x4100, 0x5A00, 0x6400, 0x6E00 },
    [0x42] = { 0x4200, 0x5B00, 0x6500, 0x6F00 },
    [0x43] = { 0x4300, 0x5C00, 0x6600, 0x7000 },
    [0x44] = { 0x4400, 0x5D00, 0x6700, 0x7100 },
    /* keypad: normal = cursor key, shift = digit (Num Lock swaps them) */
    [0x47] = { 0x4700, 0x4737, 0x7700, 0x0000 },
    [0x48] = { 0x4800, 0x4838, 0x8DF0, 0x0000 },
    [0x49] = { 0x4900, 0x4939, 0x8400, 0x0000 },
    [0x4A] = { 0x4A2D, 0x4A2D, 0x8EF0, 0x4AF0 },
    [0x4B] = { 0x4B00, 0x4B34, 0x7300, 0x0000 },
    [0x4C] = { 0x4CF0, 0x4C35, 0x8FF0, 0x0000 },
    [0x4D] = { 0x4D00, 0x4D36, 0x7400, 0x0000 },
    [0x4E] = { 0x4E2B, 0x4E2B, 0x90F0, 0x4EF0 },
    [0x4F] = { 0x4F00, 0x4F31, 0x7500, 0x0000 },
    [0x50] = { 0x5000, 0x5032, 0x91F0, 0x0000 },
    [0x51] = { 0x5100, 0x5133, 0x7600, 0x0000 },
    [0x52] = { 0x5200, 0x5230, 0x92F0, 0x0000 },
    [0x53] = { 0x5300, 0x532E, 0x93F0, 0x0000 },
    [0x56] = { 0x565C, 0x567C, 0x0000, 0x0000 },
    [0x57] = { 0x8500, 0x8700, 0x8900, 0x8B00 },
    [0x58] = { 0x8600, 0x8800, 0x8A00, 0x8C00 },
};

/* E0-prefixed grey keys.  Legend: scan, normal, shift, ctrl, alt. */
static const uint16_t grey_table[][5] = {
    { 0x1C, 0xE00D, 0xE00D, 0xE00A, 0xA600 },  /* keypad Enter */
    { 0x35, 0xE02F, 0xE02F, 0x9500, 0xA400 },  /* keypad / */
    { 0x47, 0x47E0, 0x47E0, 0x77E0, 0x9700 },  /* Home */
    { 0x48, 0x48E0, 0x48E0, 0x8DE0, 0x9800 },  /* Up */
    { 0x49, 0x49E0, 0x49E0, 0x84E0, 0x9900 },  /* Page Up */
    { 0x4B, 0x4BE0, 0x4BE0, 0x73E0, 0x9B00 },  /* Left */
    { 0x4D, 0x4DE0, 0x4DE0, 0x74E0, 0x9D00 },  /* Right */
    { 0x4F, 0x4FE0, 0x4FE0, 0x75E0, 0x9F00 },  /* End */
    { 0x50, 0x50E0, 0x50E0, 0x91E0, 0xA000 },  /* Down */
    { 0x51, 0x51E0, 0x51E0, 0x76E0, 0xA100 },  /* Page Down */
    { 0x52, 0x52E0, 0x52E0, 0x92E0, 0xA200 },  /* Insert */
    { 0x53, 0x53E0, 0x53E0, 0x93E0, 0xA300 },  /* Delete */
};

/* Keypad digits for Alt+number entry. */
static int keypad_digit(uint8_t sc)
{
    static const int8_t d[] = { 7, 8, 9, -1, 4, 5, 6, -1, 1, 2, 3, 0 };
    return sc >= 0x47 && sc <= 0x52 ? d[sc - 0x47] : -1;
}

/* ---- the buffer ---- */

static bool kbd_store(struct cpu *c, uint16_t key)
{
    uint16_t tail = bda_rd16(c, BDA_KBD_TAIL);
    uint16_t next = (uint16_t)(tail + 2);
    if (next >= bda_rd16(c, BDA_KBD_END))
        next = bda_rd16(c, BDA_KBD_START);
    if (next == bda_rd16(c, BDA_KBD_HEAD))
        return false;
    mem_wr16(c, 0x400u + tail, key);
    bda_wr16(c, BDA_KBD_TAIL, next);
    return true;
}

static bool kbd_peek(struct cpu *c, uint16_t *key)
{
    uint16_t head = bda_rd16(c, BDA_KBD_HEAD);
    if (head == bda_rd16(c, BDA_KBD_TAIL))
        return false;
    *key = mem_rd16(c, 0x400u + head);
    return true;
}

static void kbd_drop(struct cpu *c)
{
    uint16_t head = (uint16_t)(bda_rd16(c, BDA_KBD_HEAD) + 2);
    if (head >= bda_rd16(c, BDA_KBD_END))
        head = bda_rd16(c, BDA_KBD_START);
    bda_wr16(c, BDA_KBD_HEAD, head);
}

void keyboard_post(struct bios *b, struct cpu *c)
{
    (void)b;
    bda_wr16(c, BDA_KBD_START, BDA_KBD_BUF);
    bda_wr16(c, BDA_KBD_END, BDA_KBD_BUF + 32);
    bda_wr16(c, BDA_KBD_HEAD, BDA_KBD_BUF);
    bda_wr16(c, BDA_KBD_TAIL, BDA_KBD_BUF);
    bda_wr8(c, BDA_KBD_FLAGS3, KF3_101);
    b->kbd_typematic = 0x2B;            /* the keyboard's power-on default */
}

/* ---- LEDs and keyboard commands ---- */

static void kbd_send(struct bios *b, uint8_t v)
{
    io_out8(b, 0x60, v);
}

static uint8_t led_bits(struct cpu *c)
{
    return (uint8_t)((bda_rd8(c, BDA_KBD_FLAGS1) >> 4) & 7);
}

/* Start an LED update if the LEDs differ from the lock states. */
static void led_check(struct bios *b, struct cpu *c)
{
    uint8_t l = bda_rd8(c, BDA_KBD_LEDS);
    if (b->kbd_led_stage != 0 || b->kbd_cmd_stage != 0)
        return;
    if ((l & 7) == led_bits(c))
        return;
    b->kbd_led_value = led_bits(c);
    b->kbd_led_stage = 1;
    bda_wr8(c, BDA_KBD_LEDS, (uint8_t)((l & ~(KL_ACK | KL_RESEND)) | KL_UPDATE));
    kbd_send(b, 0xED);
}

/* An acknowledgement (FAh) or resend request (FEh) from the keyboard. */
static void kbd_reply(struct bios *b, struct cpu *c, uint8_t v)
{
    uint8_t l = bda_rd8(c, BDA_KBD_LEDS);
    l = (uint8_t)(l | (v == 0xFA ? KL_ACK : KL_RESEND));
    if (b->kbd_led_stage == 1) {
        if (v == 0xFA) {
            b->kbd_led_stage = 2;
            kbd_send(b, b->kbd_led_value);
        } else {
            kbd_send(b, 0xED);
        }
    } else if (b->kbd_led_stage == 2) {
        if (v == 0xFA) {
            b->kbd_led_stage = 0;
            l = (uint8_t)((l & ~(7u | KL_UPDATE)) | b->kbd_led_value);
        } else {
            kbd_send(b, b->kbd_led_value);
        }
    } else if (b->kbd_cmd_stage == 1) {
        if (v == 0xFA) {
            b->kbd_cmd_stage = 2;
            kbd_send(b, b->kbd_typematic);
        } else {
            kbd_send(b, 0xF3);
        }
    } else if (b->kbd_cmd_stage == 2) {
        if (v == 0xFA)
            b->kbd_cmd_stage = 0;
        else
            kbd_send(b, b->kbd_typematic);
    }
    bda_wr8(c, BDA_KBD_LEDS, l);
    if (b->kbd_led_stage == 0 && b->kbd_cmd_stage == 0)
        led_check(b, c);
}

/* INT 09h, first look at the byte: acknowledgements and overruns are the
 * BIOS's own business (CF=1); anything else goes through INT 15h/4Fh. */
bool svc_kbd_raw(struct bios *b, struct cpu *c)
{
    uint8_t v = AL(c);
    if (v == 0xFA || v == 0xFE) {
        kbd_reply(b, c, v);
        svc_retry(c, true);
        return true;
    }
    if (v == 0x00 || v == 0xFF) {       /* keyboard buffer overrun */
        svc_retry(c, true);
        return true;
    }
    svc_done(c);
    return true;
}

static void toggle_lock(struct cpu *c, uint8_t held_bit, uint8_t state_bit, bool make)
{
    uint8_t f1 = bda_rd8(c, BDA_KBD_FLAGS1), f2 = bda_rd8(c, BDA_KBD_FLAGS2);
    if (make) {
        if (!(f2 & held_bit)) {
            f1 ^= state_bit;
            f2 |= held_bit;
        }
    } else {
        f2 &= (uint8_t)~held_bit;
    }
    bda_wr8(c, BDA_KBD_FLAGS1, f1);
    bda_wr8(c, BDA_KBD_FLAGS2, f2);
}

/* Shift, Ctrl and Alt; true if the code was one of them. */
static bool modifier(struct bios *b, struct cpu *c, uint8_t sc, bool make, bool e0)
{
    uint8_t f1 = bda_rd8(c, BDA_KBD_FLAGS1), f2 = bda_rd8(c, BDA_KBD_FLAGS2);
    uint8_t f3 = bda_rd8(c, BDA_KBD_FLAGS3);
    switch (sc) {
    case 0x2A:
    case 0x36:
        if (e0)
            return true;                /* fake shifts around grey keys */
        if (make)
            f1 |= sc == 0x2A ? KF_LSHIFT : KF_RSHIFT;
        else
            f1 &= (uint8_t)~(sc == 0x2A ? KF_LSHIFT : KF_RSHIFT);
        break;
    case 0x1D:
        if (e0)
            f3 = make ? (uint8_t)(f3 | KF3_RCTRL) : (uint8_t)(f3 & ~KF3_RCTRL);
        else
            f2 = make ? (uint8_t)(f2 | KF2_LCTRL) : (uint8_t)(f2 & ~KF2_LCTRL);
        f1 = ((f2 & KF2_LCTRL) || (f3 & KF3_RCTRL)) ? (uint8_t)(f1 | KF_CTRL)
                                                    : (uint8_t)(f1 & ~KF_CTRL);
        break;
    case 0x38:
        if (e0)
            f3 = make ? (uint8_t)(f3 | KF3_RALT) : (uint8_t)(f3 & ~KF3_RALT);
        else
            f2 = make ? (uint8_t)(f2 | KF2_LALT) : (uint8_t)(f2 & ~KF2_LALT);
        f1 = ((f2 & KF2_LALT) || (f3 & KF3_RALT)) ? (uint8_t)(f1 | KF_ALT)
                                                  : (uint8_t)(f1 & ~KF_ALT);
        if (!make && !(f1 & KF_ALT)) {
            /* Alt released: a number typed on the keypad becomes a key. */
            uint8_t acc = bda_rd8(c, BDA_KBD_ALTNUM);
            bda_wr8(c, BDA_KBD_ALTNUM, 0);
            if (acc != 0)
                kbd_store(c, acc);
        }
        break;
    default:
        return false;
    }
    (void)b;
    bda_wr8(c, BDA_KBD_FLAGS1, f1);
    bda_wr8(c, BDA_KBD_FLAGS2, f2);
    bda_wr8(c, BDA_KBD_FLAGS3, f3);
    return true;
}

/* INT 09h, the scan code (after INT 15h/4Fh): returns a KACT_* in AH. */
bool svc_kbd_scan(struct bios *b, struct cpu *c)
{
    uint8_t v = AL(c);
    uint8_t f3 = bda_rd8(c, BDA_KBD_FLAGS3);
    uint8_t act = KACT_NONE;
    svc_done(c);
    set_r8hi(c, REG_EAX, KACT_NONE);
    if (v == 0xE0) {
        bda_wr8(c, BDA_KBD_FLAGS3, (uint8_t)(f3 | KF3_E0));
        return true;
    }
    if (v == 0xE1) {
        bda_wr8(c, BDA_KBD_FLAGS3, (uint8_t)(f3 | KF3_E1));
        return true;
    }
    bool e0 = (f3 & KF3_E0) != 0;
    bda_wr8(c, BDA_KBD_FLAGS3, (uint8_t)(f3 & ~(KF3_E0 | KF3_E1)));
    uint8_t sc = v & 0x7F;
    bool make = !(v & 0x80);
    if (f3 & KF3_E1) {
        /* E1 1D 45 is Pause (E1 9D C5 its release). */
        if (sc == 0x1D) {
            bda_wr8(c, BDA_KBD_FLAGS3, (uint8_t)(f3 & ~KF3_E0));
            return true;
        }
        if (sc == 0x45) {
            if (make && !(bda_rd8(c, BDA_KBD_FLAGS2) & KF2_PAUSE)) {
                bda_wr8(c, BDA_KBD_FLAGS2, (uint8_t)(bda_rd8(c, BDA_KBD_FLAGS2) | KF2_PAUSE));
                set_r8hi(c, REG_EAX, KACT_PAUSE);
            }
            return true;
        }
    }
    if (modifier(b, c, sc, make, e0))
        return true;

    uint8_t f1 = bda_rd8(c, BDA_KBD_FLAGS1), f2 = bda_rd8(c, BDA_KBD_FLAGS2);
    /* Lock keys. */
    if (!e0 && sc == 0x3A) {
        toggle_lock(c, KF2_CAPS, KF_CAPS, make);
        led_check(b, c);
        return true;
    }
    if (!e0 && sc == 0x45) {
        if (!(f1 & KF_CTRL))
            toggle_lock(c, KF2_NUM, KF_NUM, make);
        led_check(b, c);
        return true;
    }
    if (sc == 0x46) {
        if ((f1 & KF_CTRL) && make) {
            /* Ctrl-Break: empty the buffer, store 0000h, flag it. */
            bda_wr16(c, BDA_KBD_HEAD, bda_rd16(c, BDA_KBD_START));
            bda_wr16(c, BDA_KBD_TAIL, bda_rd16(c, BDA_KBD_START));
            kbd_store(c, 0x0000);
            bda_wr8(c, BDA_BREAK, 0x80);
            set_r8hi(c, REG_EAX, KACT_BREAK);
            return true;
        }
        if (!e0) {
            toggle_lock(c, KF2_SCROLL, KF_SCROLL, make);
            led_check(b, c);
        }
        return true;
    }
    if (sc == 0x54) {                   /* SysReq (Alt + Print Screen) */
        bool held = (f2 & KF2_SYSREQ) != 0;
        if (make && !held) {
            bda_wr8(c, BDA_KBD_FLAGS2, (uint8_t)(f2 | KF2_SYSREQ));
            set_r8hi(c, REG_EAX, KACT_SYSREQ_MAKE);
        } else if (!make) {
            bda_wr8(c, BDA_KBD_FLAGS2, (uint8_t)(f2 & ~KF2_SYSREQ));
            set_r8hi(c, REG_EAX, KACT_SYSREQ_BREAK);
        }
        return true;
    }
    if (sc == 0x52 && !e0 && !make)
        bda_wr8(c, BDA_KBD_FLAGS2, (uint8_t)(f2 & ~KF2_INSERT));
    if (sc == 0x52 && e0 && !make)
        bda_wr8(c, BDA_KBD_FLAGS2, (uint8_t)(f2 & ~KF2_INSERT));
    if (!make)
        return true;

    /* A key pressed during Pause ends it and is otherwise ignored. */
    if (f2 & KF2_PAUSE) {
        bda_wr8(c, BDA_KBD_FLAGS2, (uint8_t)(f2 & ~KF2_PAUSE));
        return true;
    }
    bool ctrl = (f1 & KF_CTRL) != 0, alt = (f1 & KF_ALT) != 0;
    bool shift = (f1 & (KF_LSHIFT | KF_RSHIFT)) != 0;
    if (ctrl && alt && sc == 0x53) {
        bda_wr16(c, BDA_RESET_FLAG, 0x1234);
        set_r8hi(c, REG_EAX, KACT_REBOOT);
        return true;
    }
    if (e0 && sc == 0x37) {             /* Print Screen (Ctrl: 7200h) */
        if (ctrl) {
            act = kbd_store(c, 0x7200) ? KACT_STORED : KACT_NONE;
            set_r8hi(c, REG_EAX, act);
        } else {
            set_r8hi(c, REG_EAX, KACT_PRTSC);
        }
        return true;
    }
    uint16_t key = 0;
    if (e0) {
        for (size_t i = 0; i < sizeof grey_table / sizeof grey_table[0]; i++)
            if (grey_table[i][0] == sc)
                key = grey_table[i][alt ? 4 : ctrl ? 3 : shift ? 2 : 1];
        if (key == 0)
            return true;
    } else {
        if (sc > 0x58)
            return true;
        int digit = keypad_digit(sc);
        if (alt && digit >= 0) {
            bda_wr8(c, BDA_KBD_ALTNUM,
                    (uint8_t)(bda_rd8(c, BDA_KBD_ALTNUM) * 10 + digit));
            return true;
        }
        unsigned col;
        if (alt)
            col = 3;
        else if (ctrl)
            col = 2;
        else if (sc >= 0x47 && sc <= 0x53)
            col = (shift != ((f1 & KF_NUM) != 0)) ? 1 : 0;    /* Num Lock swaps */
        else
            col = shift ? 1 : 0;
        key = key_table[sc][col];
        if (key == 0)
            return true;
        /* Caps Lock: letters take the other case. */
        uint8_t ascii = (uint8_t)key;
        if ((f1 & KF_CAPS) && !ctrl && !alt &&
            ((ascii >= 'a' && ascii <= 'z') || (ascii >= 'A' && ascii <= 'Z')))
            key = key_table[sc][shift ? 0 : 1];
    }
    /* Insert toggles the insert state (not the keypad's 0 under Num Lock). */
    if (sc == 0x52 && (key & 0xFF) != '0') {
        if (f2 & KF2_INSERT)
            return true;                /* typematic repeat */
        bda_wr8(c, BDA_KBD_FLAGS1, (uint8_t)(f1 ^ KF_INSERT));
        bda_wr8(c, BDA_KBD_FLAGS2, (uint8_t)(f2 | KF2_INSERT));
    }
    if (kbd_store(c, key))
        act = KACT_STORED;
    else
        log_limited(b->d.log, &b->log_misc, LOG_DEBUG, "bios", "keyboard buffer full");
    set_r8hi(c, REG_EAX, act);
    return true;
}

/* ---- INT 16h ---- */

/* The key as the old (84-key) functions 00h/01h show it; false if they
 * must not see it at all. */
static bool key_for_old(uint16_t *key)
{
    uint8_t sc = (uint8_t)(*key >> 8), ascii = (uint8_t)*key;
    if (sc == 0xE0) {                   /* keypad Enter and / */
        *key = (uint16_t)((ascii == 0x2F ? 0x35 : 0x1C) << 8 | ascii);
        return true;
    }
    if (sc > 0x84)
        return false;
    if (ascii == 0xF0 && sc != 0)
        return false;
    if (ascii == 0xE0 && sc != 0)
        *key = (uint16_t)(sc << 8);
    return true;
}

static uint16_t key_for_new(uint16_t key)
{
    if ((key & 0xFF) == 0xF0 && (key >> 8) != 0)
        return (uint16_t)(key & 0xFF00);
    return key;
}

bool svc_int16(struct bios *b, struct cpu *c)
{
    uint16_t key;
    uint8_t ah = AH(c);
    svc_done(c);
    switch (ah) {
    case 0x00:
    case 0x10:
        for (;;) {
            if (!kbd_peek(c, &key)) {
                svc_retry(c, true);
                return true;
            }
            kbd_drop(c);
            if (ah == 0x10) {
                key = key_for_new(key);
                break;
            }
            if (key_for_old(&key))
                break;
        }
        set_r16(c, REG_EAX, key);
        return true;
    case 0x01:
    case 0x11:
        for (;;) {
            if (!kbd_peek(c, &key)) {
                frame_zf(b, c, true);
                return true;
            }
            if (ah == 0x11) {
                key = key_for_new(key);
                break;
            }
            if (key_for_old(&key))
                break;
            kbd_drop(c);
        }
        set_r16(c, REG_EAX, key);
        frame_zf(b, c, false);
        return true;
    case 0x02:
        set_r8lo(c, REG_EAX, bda_rd8(c, BDA_KBD_FLAGS1));
        return true;
    case 0x12: {
        uint8_t f2 = bda_rd8(c, BDA_KBD_FLAGS2), f3 = bda_rd8(c, BDA_KBD_FLAGS3);
        uint8_t hi = (uint8_t)((f2 & (KF2_LCTRL | KF2_LALT)) | (f3 & (KF3_RCTRL | KF3_RALT)) |
                               (f2 & (KF2_SCROLL | KF2_NUM | KF2_CAPS)) |
                               ((f2 & KF2_SYSREQ) ? 0x80 : 0));
        set_r8lo(c, REG_EAX, bda_rd8(c, BDA_KBD_FLAGS1));
        set_r8hi(c, REG_EAX, hi);
        return true;
    }
    case 0x03:                          /* typematic rate and delay */
        if (AL(c) == 0x06) {
            set_r8hi(c, REG_EBX, (uint8_t)((b->kbd_typematic >> 5) & 3));
            set_r8lo(c, REG_EBX, (uint8_t)(b->kbd_typematic & 0x1F));
            return true;
        }
        if (AL(c) == 0x05 || AL(c) == 0x00) {
            uint8_t v = AL(c) == 0x00 ? 0x2B
                                      : (uint8_t)(((BH(c) & 3) << 5) | (BL(c) & 0x1F));
            b->kbd_typematic = v;
            if (b->kbd_led_stage == 0 && b->kbd_cmd_stage == 0) {
                b->kbd_cmd_stage = 1;
                kbd_send(b, 0xF3);
            }
        }
        return true;
    case 0x05:                          /* store a keystroke */
        set_r8lo(c, REG_EAX, kbd_store(c, CX(c)) ? 0 : 1);
        return true;
    case 0x09:                          /* functionality: 0300h, 0305h, 0306h, 0Ah */
        set_r8lo(c, REG_EAX, 0xE1);
        return true;
    case 0x0A:                          /* keyboard ID: MF2, translated */
        set_r16(c, REG_EBX, (b->post_kbc & KBC_OK_KEYBOARD) ? 0xAB41 : 0x0000);
        return true;
    default:
        log_limited(b->d.log, &b->log_unknown, LOG_DEBUG, "bios",
                    "INT 16h AX=%04Xh not supported", AX(c));
        return true;
    }
}
