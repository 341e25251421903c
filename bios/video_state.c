/* bios/video_state.c: the INT 10h state services (IBM VGA Technical
 * Reference, "BIOS"): alternate select (AH=12h), display combination
 * (AH=1Ah), functionality and state information (AH=1Bh), and saving and
 * restoring the video state (AH=1Ch). */
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

/* ---- AH=1Ch: save/restore video state ----
 * Buffer layout (ours): words 0-2 hold the offsets of the hardware, BIOS
 * data and DAC sections (0 if not saved), then the sections.  Hardware:
 * sequencer index and 1-4, CRTC index and 00h-18h, attribute 00h-14h,
 * graphics index and 00h-08h, miscellaneous output, sequencer 0.  BIOS
 * data: 40:49-40:66, 40:84-40:8A, INT 05h/1Dh/1Fh/43h.  DAC: PEL mask,
 * write index, 256 x RGB. */
enum { VS_HDR = 0x20, VS_HW = 70, VS_BDA = 30 + 7 + 16, VS_DAC = 2 + 768 };

static unsigned vs_size(uint16_t cx)
{
    unsigned n = VS_HDR;
    if (cx & 1)
        n += VS_HW;
    if (cx & 2)
        n += VS_BDA;
    if (cx & 4)
        n += VS_DAC;
    return n;
}

void video_save_restore(struct bios *b, struct cpu *c)
{
    uint16_t cx = CX(c);
    uint32_t buf = far_lin(sreg(c, SEG_ES), BX(c));
    uint8_t al = AL(c);
    if (al == 0x00) {
        set_r16(c, REG_EBX, (uint16_t)((vs_size(cx) + 63) / 64));
        set_r8lo(c, REG_EAX, 0x1C);
        return;
    }
    if (al != 0x01 && al != 0x02)
        return;
    uint8_t s[VS_HDR + VS_HW + VS_BDA + VS_DAC];
    unsigned off = VS_HDR, hw = 0, bdao = 0, dac = 0;
    if (al == 0x02)
        mem_read_block(c, buf, s, vs_size(cx));
    else
        memset(s, 0, sizeof s);
    if (cx & 1) {
        hw = al == 0x02 ? load_le16(s) : off;
        off += VS_HW;
    }
    if (cx & 2) {
        bdao = al == 0x02 ? load_le16(s + 2) : off;
        off += VS_BDA;
    }
    if (cx & 4) {
        dac = al == 0x02 ? load_le16(s + 4) : off;
        off += VS_DAC;
    }
    if (al == 0x01) {
        store_le16(s, (uint16_t)hw);
        store_le16(s + 2, (uint16_t)bdao);
        store_le16(s + 4, (uint16_t)dac);
        if (hw) {
            uint8_t *h = s + hw;
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
        if (bdao) {
            uint8_t *d = s + bdao;
            for (unsigned i = 0; i < 30; i++)
                d[i] = bda_rd8(c, 0x49 + i);
            for (unsigned i = 0; i < 7; i++)
                d[30 + i] = bda_rd8(c, 0x84 + i);
            static const uint8_t vecs[4] = { 0x05, 0x1D, 0x1F, 0x43 };
            for (unsigned i = 0; i < 4; i++)
                store_le32(d + 37 + 4 * i, mem_rd32(c, vecs[i] * 4u));
        }
        if (dac) {
            uint8_t *d = s + dac;
            d[0] = io_in8(b, 0x3C6);
            d[1] = io_in8(b, 0x3C8);
            for (unsigned i = 0; i < 256; i++)
                dac_read(b, (uint8_t)i, d + 2 + 3 * i);
            io_out8(b, 0x3C8, d[1]);
        }
        mem_write_block(c, buf, s, vs_size(cx));
    } else {
        if (hw && hw + VS_HW <= sizeof s) {
            const uint8_t *h = s + hw;
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
        if (bdao && bdao + VS_BDA <= sizeof s) {
            const uint8_t *d = s + bdao;
            for (unsigned i = 0; i < 30; i++)
                bda_wr8(c, 0x49 + i, d[i]);
            for (unsigned i = 0; i < 7; i++)
                bda_wr8(c, 0x84 + i, d[30 + i]);
            static const uint8_t vecs[4] = { 0x05, 0x1D, 0x1F, 0x43 };
            for (unsigned i = 0; i < 4; i++)
                mem_wr32(c, vecs[i] * 4u, load_le32(d + 37 + 4 * i));
        }
        if (dac && dac + VS_DAC <= sizeof s) {
            const uint8_t *d = s + dac;
            io_out8(b, 0x3C6, d[0]);
            for (unsigned i = 0; i < 256; i++)
                dac_write(b, (uint8_t)i, d[2 + 3 * i], d[3 + 3 * i], d[4 + 3 * i]);
            io_out8(b, 0x3C8, d[1]);
        }
    }
    set_r8lo(c, REG_EAX, 0x1C);
}
