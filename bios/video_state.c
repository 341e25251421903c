/* bios/video_state.c: the INT 10h state services (IBM VGA Technical
 * Reference, "BIOS"): alternate select (AH=12h), display combination
 * (AH=1Ah), functionality and state information (AH=1Bh), and saving and
 * restoring the video state (AH=1Ch; VBE function 4F04h adds its own
 * section to the same buffer). */
#include <string.h>

#include "bios/video.h"

/* ---- AH=12h: alternate select ---- */

void video_alt_select(struct bios *b, struct cpu *c)
{
    uint8_t f = bda_rd8(c, BDA_VID_FLAGS);
    switch (BL(c)) {
    case 0x10:                          /* EGA information */
        set_r8hi(c, REG_EBX, crtc_base(c) == 0x3B4 ? 1 : 0);
        set_r8lo(c, REG_EBX, 0x03);     /* 256 KiB */
        set_r8hi(c, REG_ECX, 0);
        set_r8lo(c, REG_ECX, (uint8_t)(bda_rd8(c, BDA_VID_SWITCHES) & 0x0F));
        return;
    case 0x20:                          /* alternate print screen: ours handles any rows */
        set_r8lo(c, REG_EAX, 0x12);
        return;
    case 0x30:                          /* scan lines for text modes: 0 200, 1 350, 2 400 */
        if (AL(c) > 2) {
            set_r8lo(c, REG_EAX, 0);
            return;
        }
        f &= (uint8_t)~0x90;
        f |= AL(c) == 0 ? 0x80 : AL(c) == 2 ? 0x10 : 0;
        bda_wr8(c, BDA_VID_FLAGS, f);
        set_r8lo(c, REG_EAX, 0x12);
        return;
    case 0x31:                          /* default palette loading: 0 on, 1 off */
        bda_wr8(c, BDA_VID_FLAGS, AL(c) ? (uint8_t)(f | 0x08) : (uint8_t)(f & ~0x08u));
        set_r8lo(c, REG_EAX, 0x12);
        return;
    case 0x32:                          /* video subsystem: 0 enable, 1 disable */
        io_out8(b, 0x3C3, AL(c) ? 0x00 : 0x01);
        set_r8lo(c, REG_EAX, 0x12);
        return;
    case 0x33:                          /* grey summing: 0 on, 1 off */
        bda_wr8(c, BDA_VID_FLAGS, AL(c) ? (uint8_t)(f & ~0x02u) : (uint8_t)(f | 0x02));
        set_r8lo(c, REG_EAX, 0x12);
        return;
    case 0x34:                          /* cursor emulation: 0 on, 1 off */
        bda_wr8(c, BDA_VID_CTL, AL(c) ? (uint8_t)(bda_rd8(c, BDA_VID_CTL) | 0x01)
                                      : (uint8_t)(bda_rd8(c, BDA_VID_CTL) & ~0x01u));
        set_r8lo(c, REG_EAX, 0x12);
        return;
    case 0x35:                          /* display switch: one adapter only */
        set_r8lo(c, REG_EAX, 0x00);
        return;
    case 0x36: {                        /* screen: 0 on, 1 off */
        uint8_t sr1 = seq_in(b, 1);
        seq_out(b, 1, AL(c) ? (uint8_t)(sr1 | 0x20) : (uint8_t)(sr1 & ~0x20u));
        set_r8lo(c, REG_EAX, 0x12);
        return;
    }
    default:
        return;
    }
}

/* ---- AH=1Ah: display combination ---- */

void video_dcc(struct bios *b, struct cpu *c)
{
    const uint8_t *t = rom_table(b, ROMDIR_DCC_TABLE);
    if (AL(c) == 0x00) {
        uint8_t i = bda_rd8(c, BDA_VID_DCC);
        if (i >= t[0])
            i = 0;
        set_r8lo(c, REG_EBX, t[4 + 2 * i]);
        set_r8hi(c, REG_EBX, t[5 + 2 * i]);
        set_r8lo(c, REG_EAX, 0x1A);
    } else if (AL(c) == 0x01) {
        for (uint8_t i = 0; i < t[0]; i++) {
            if (t[4 + 2 * i] == BL(c) && t[5 + 2 * i] == BH(c)) {
                bda_wr8(c, BDA_VID_DCC, i);
                set_r8lo(c, REG_EAX, 0x1A);
                return;
            }
        }
    }
}

/* ---- AH=1Bh: functionality and state information (64 bytes at ES:DI) ---- */

void video_state_info(struct bios *b, struct cpu *c)
{
    if (BX(c) != 0)
        return;
    const struct vmode *m = vmode_current(c);
    const uint8_t *t = rom_table(b, ROMDIR_DCC_TABLE);
    uint8_t s[64];
    memset(s, 0, sizeof s);
    store_le16(s + 0, rom_offset(b, ROMDIR_STATIC_FUNC));
    store_le16(s + 2, 0xF000);
    s[4] = bda_rd8(c, BDA_VID_MODE);
    store_le16(s + 5, bda_rd16(c, BDA_VID_COLS));
    store_le16(s + 7, bda_rd16(c, BDA_VID_PAGE_SIZE));
    store_le16(s + 9, bda_rd16(c, BDA_VID_PAGE_START));
    for (unsigned i = 0; i < 8; i++)
        store_le16(s + 11 + 2 * i, bda_rd16(c, BDA_VID_CURSOR + 2 * i));
    s[0x1B] = bda_rd8(c, BDA_VID_CURSOR_SHAPE);
    s[0x1C] = bda_rd8(c, BDA_VID_CURSOR_SHAPE + 1);
    s[0x1D] = bda_rd8(c, BDA_VID_PAGE);
    store_le16(s + 0x1E, crtc_base(c));
    s[0x20] = bda_rd8(c, BDA_VID_MSR);
    s[0x21] = bda_rd8(c, BDA_VID_PAL);
    s[0x22] = (uint8_t)(bda_rd8(c, BDA_VID_ROWS) + 1);
    store_le16(s + 0x23, bda_rd16(c, BDA_VID_CHAR_HEIGHT));
    uint8_t dcc = bda_rd8(c, BDA_VID_DCC);
    if (dcc < t[0]) {
        s[0x25] = t[4 + 2 * dcc];
        s[0x26] = t[5 + 2 * dcc];
    }
    store_le16(s + 0x27, m->colours);
    s[0x29] = m->pages;
    unsigned vde = crtc_in(b, c, 0x12) | (crtc_in(b, c, 0x07) & 0x02u) << 7 |
                   (crtc_in(b, c, 0x07) & 0x40u) << 3;
    unsigned lines = vde + 1;
    s[0x2A] = lines <= 200 || (crtc_in(b, c, 0x09) & 0x80) ? 0 : lines <= 350 ? 1
              : lines <= 400 ? 2 : 3;
    uint8_t sr3 = seq_in(b, 3);
    s[0x2B] = (uint8_t)((sr3 & 3) | ((sr3 >> 2) & 4));
    s[0x2C] = (uint8_t)(((sr3 >> 2) & 3) | ((sr3 >> 3) & 4));
    uint8_t f = bda_rd8(c, BDA_VID_FLAGS);
    s[0x2D] = (uint8_t)(((f & 0x40) ? 0x01 : 0) | ((f & 0x02) ? 0x02 : 0) |
                        ((f & 0x04) ? 0x04 : 0) | ((f & 0x08) ? 0x08 : 0) |
                        ((bda_rd8(c, BDA_VID_CTL) & 0x01) ? 0 : 0x10) |
                        ((attr_in(b, c, 0x10) & 0x08) ? 0x20 : 0));
    s[0x31] = 0x03;                     /* 256 KiB */
    mem_write_block(c, far_lin(sreg(c, SEG_ES), DI(c)), s, sizeof s);
    set_r8lo(c, REG_EAX, 0x1B);
}

/* ---- AH=1Ch (and VBE 4F04h): save/restore video state ----
 * Buffer layout (ours): words 0-3 hold the offsets of the hardware, BIOS
 * data, DAC and VBE sections (0 if not saved), then the sections.
 * Hardware: sequencer index and 1-4, CRTC index and 00h-18h, attribute
 * 00h-14h, graphics index and 00h-08h, miscellaneous output, sequencer 0.
 * BIOS data: 40:49-40:66, 40:84-40:8A, INT 05h/1Dh/1Fh/43h.  DAC: PEL
 * mask, write index, 256 x RGB.  VBE (4F04h only, CX bit 3): the Bochs
 * VBE registers and the VBE mode (vbe.c). */
enum { VS_HDR = 0x20, VS_HW = 70, VS_BDA = 30 + 7 + 16, VS_DAC = 2 + 768 };
#define VS_MAX (VS_HDR + VS_HW + VS_BDA + VS_DAC + VBE_STATE_BYTES)

unsigned video_state_size(uint16_t states)
{
    unsigned n = VS_HDR;
    if (states & VS_HARDWARE)
        n += VS_HW;
    if (states & VS_BIOS_DATA)
        n += VS_BDA;
    if (states & VS_DAC_STATE)
        n += VS_DAC;
    if (states & VS_VBE_STATE)
        n += VBE_STATE_BYTES;
    return n;
}

static const uint8_t vs_vecs[4] = { 0x05, 0x1D, 0x1F, 0x43 };

static void save_hw(struct bios *b, struct cpu *c, uint8_t *h)
{
    h[0] = io_in8(b, 0x3C4);
    for (uint8_t i = 1; i <= 4; i++)
        h[i] = seq_in(b, i);
    h[5] = io_in8(b, crtc_base(c));
    for (uint8_t i = 0; i < 25; i++)
        h[6 + i] = crtc_in(b, c, i);
    for (uint8_t i = 0; i < 21; i++)
        h[31 + i] = attr_in(b, c, i);
    h[52] = io_in8(b, 0x3CE);
    for (uint8_t i = 0; i < 9; i++)
        h[53 + i] = gc_in(b, i);
    h[62] = io_in8(b, 0x3CC);
    h[63] = seq_in(b, 0);
    io_out8(b, 0x3C4, h[0]);
    io_out8(b, crtc_base(c), h[5]);
    io_out8(b, 0x3CE, h[52]);
}

static void restore_hw(struct bios *b, struct cpu *c, const uint8_t *h)
{
    seq_out(b, 0, 0x01);
    io_out8(b, 0x3C2, h[62]);
    for (uint8_t i = 1; i <= 4; i++)
        seq_out(b, i, h[i]);
    seq_out(b, 0, h[63]);
    bda_wr16(c, BDA_VID_CRTC, (h[62] & 1) ? 0x3D4 : 0x3B4);
    crtc_out(b, c, 0x11, (uint8_t)(crtc_in(b, c, 0x11) & 0x7F));
    for (uint8_t i = 0; i < 25; i++)
        crtc_out(b, c, i, h[6 + i]);
    for (uint8_t i = 0; i < 21; i++)
        attr_out(b, c, i, h[31 + i]);
    for (uint8_t i = 0; i < 9; i++)
        gc_out(b, i, h[53 + i]);
    io_out8(b, 0x3C4, h[0]);
    io_out8(b, crtc_base(c), h[5]);
    io_out8(b, 0x3CE, h[52]);
}

static void save_bda(struct cpu *c, uint8_t *d)
{
    for (unsigned i = 0; i < 30; i++)
        d[i] = bda_rd8(c, 0x49 + i);
    for (unsigned i = 0; i < 7; i++)
        d[30 + i] = bda_rd8(c, 0x84 + i);
    for (unsigned i = 0; i < 4; i++)
        store_le32(d + 37 + 4 * i, mem_rd32(c, vs_vecs[i] * 4u));
}

static void restore_bda(struct cpu *c, const uint8_t *d)
{
    for (unsigned i = 0; i < 30; i++)
        bda_wr8(c, 0x49 + i, d[i]);
    for (unsigned i = 0; i < 7; i++)
        bda_wr8(c, 0x84 + i, d[30 + i]);
    for (unsigned i = 0; i < 4; i++)
        mem_wr32(c, vs_vecs[i] * 4u, load_le32(d + 37 + 4 * i));
}

static void save_dac(struct bios *b, uint8_t *d)
{
    d[0] = io_in8(b, 0x3C6);
    d[1] = io_in8(b, 0x3C8);
    for (unsigned i = 0; i < 256; i++)
        dac_read(b, (uint8_t)i, d + 2 + 3 * i);
    io_out8(b, 0x3C8, d[1]);
}

static void restore_dac(struct bios *b, const uint8_t *d)
{
    io_out8(b, 0x3C6, d[0]);
    for (unsigned i = 0; i < 256; i++)
        dac_write(b, (uint8_t)i, d[2 + 3 * i], d[3 + 3 * i], d[4 + 3 * i]);
    io_out8(b, 0x3C8, d[1]);
}

/* The sections `states` asks for, laid out one after the other. */
static void vs_layout(uint16_t states, unsigned off[4])
{
    static const unsigned size[4] = { VS_HW, VS_BDA, VS_DAC, VBE_STATE_BYTES };
    unsigned at = VS_HDR;
    for (unsigned k = 0; k < 4; k++) {
        off[k] = (states >> k) & 1 ? at : 0;
        at += off[k] ? size[k] : 0;
    }
}

void video_state_save(struct bios *b, struct cpu *c, uint16_t states, uint16_t seg,
                      uint16_t off)
{
    uint8_t s[VS_MAX];
    unsigned sec[4], n = video_state_size(states);
    far_probe_write(c, seg, off, n);                /* faults first: nothing read twice */
    memset(s, 0, sizeof s);
    vs_layout(states, sec);
    for (unsigned k = 0; k < 4; k++)
        store_le16(s + 2 * k, (uint16_t)sec[k]);
    if (sec[0])
        save_hw(b, c, s + sec[0]);
    if (sec[1])
        save_bda(c, s + sec[1]);
    if (sec[2])
        save_dac(b, s + sec[2]);
    if (sec[3])
        vbe_state_save(b, c, s + sec[3]);
    far_write_block(c, seg, off, s, n);
}

/* The section offsets come from the buffer (a buffer saved with more
 * states than asked for restores just those asked for); offsets that
 * would run past the buffer are ignored. */
void video_state_restore(struct bios *b, struct cpu *c, uint16_t states, uint16_t seg,
                         uint16_t off)
{
    static const unsigned size[4] = { VS_HW, VS_BDA, VS_DAC, VBE_STATE_BYTES };
    uint8_t s[VS_MAX];
    memset(s, 0, sizeof s);
    far_read_block(c, seg, off, s, VS_HDR);
    unsigned sec[4], end = VS_HDR;
    for (unsigned k = 0; k < 4; k++) {
        sec[k] = (states >> k) & 1 ? load_le16(s + 2 * k) : 0;
        if (sec[k] < VS_HDR || sec[k] + size[k] > VS_MAX)
            sec[k] = 0;
        if (sec[k] && sec[k] + size[k] > end)
            end = sec[k] + size[k];
    }
    far_read_block(c, seg, off, s, end);           /* all input before any change */
    if (sec[0])
        restore_hw(b, c, s + sec[0]);
    if (sec[1])
        restore_bda(c, s + sec[1]);
    if (sec[2])
        restore_dac(b, s + sec[2]);
    if (sec[3])
        vbe_state_restore(b, c, s + sec[3]);
}

void video_save_restore(struct bios *b, struct cpu *c)
{
    uint16_t states = CX(c) & (VS_HARDWARE | VS_BIOS_DATA | VS_DAC_STATE);
    switch (AL(c)) {
    case 0x00:
        set_r16(c, REG_EBX, (uint16_t)((video_state_size(states) + 63) / 64));
        break;
    case 0x01:
        video_state_save(b, c, states, sreg(c, SEG_ES), BX(c));
        break;
    case 0x02:
        video_state_restore(b, c, states, sreg(c, SEG_ES), BX(c));
        break;
    default:
        return;
    }
    set_r8lo(c, REG_EAX, 0x1C);
}
