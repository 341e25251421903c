/* fpu/x87_env.c: the x87 environment and state images of FLDENV,
 * FNSTENV, FRSTOR and FNSAVE in their four layouts (Intel SDM Vol. 1,
 * Figures 8-9 to 8-12): 14 bytes for a 16-bit operand size, 28 for 32,
 * and real-mode/V86 images holding 20- or 32-bit linear instruction and
 * operand addresses with the opcode, protected-mode ones offsets and
 * selectors.  Layout legend (byte offset: field):
 *   REAL16  0 CW, 2 SW, 4 TW, 6 IP[15:0], 8 IP[19:16]<<12 | FOP,
 *           10 DP[15:0], 12 DP[19:16]<<12
 *   PROT16  0 CW, 2 SW, 4 TW, 6 IP, 8 CS, 10 DP, 12 DS
 *   REAL32  0 CW, 4 SW, 8 TW, 12 IP[15:0], 16 IP[31:16]<<12 | FOP,
 *           20 DP[15:0], 24 DP[31:16]<<12
 *   PROT32  0 CW, 4 SW, 8 TW, 12 IP, 16 CS | FOP<<16, 20 DP, 24 DS
 * Reserved upper halves of the 32-bit CW, SW, TW and DS slots store as
 * FFFFh, as the processor writes them.
 * The FXSAVE image (x87_fxsave_store/x87_fxrstor_load, see x87.h) has one
 * layout for every mode and operand size outside 64-bit mode:
 *   0 FCW, 2 FSW, 4 abridged FTW (bit i: physical register i not empty),
 *   5 reserved, 6 FOP, 8 FIP, 12 FCS, 14 reserved, 16 FDP, 20 FDS,
 *   22 reserved, 24 MXCSR, 28 MXCSR_MASK, 32 + 16 * i ST(i) (10 bytes,
 *   then 6 reserved).
 * Reserved bytes store as 0.  FIP and FDP hold the offsets and FCS and FDS
 * the selectors in real and V86 mode too (there is no real-mode image). */
#include "fpu/x87.h"
#include "util/le.h"

static uint16_t full_tag_word(const struct fpu_state *f)
{
    uint16_t tw = 0;
    for (unsigned p = 0; p < 8; p++) {
        unsigned tag = x87_tag(f, p) == X87_TAG_EMPTY ? X87_TAG_EMPTY : x87_tag_for(f->st[p]);
        tw |= (uint16_t)(tag << (2 * p));
    }
    return tw;
}

/* Linear addresses of a real-mode image: selector * 16 + offset. */
static uint32_t real_lin(uint16_t sel, uint32_t off)
{
    return ((uint32_t)sel << 4) + off;
}

void x87_env_store(const struct fpu_state *f, enum x87_env_fmt fmt, uint8_t *out)
{
    uint16_t tw = full_tag_word(f);
    uint32_t ip = real_lin(f->fcs, f->fip), dp = real_lin(f->fds, f->fdp);
    switch (fmt) {
    case X87_ENV_REAL16:
        store_le16(out + 0, f->cw);
        store_le16(out + 2, f->sw);
        store_le16(out + 4, tw);
        store_le16(out + 6, (uint16_t)ip);
        store_le16(out + 8, (uint16_t)(((ip >> 16) & 0xf) << 12 | (f->fop & 0x7ff)));
        store_le16(out + 10, (uint16_t)dp);
        store_le16(out + 12, (uint16_t)(((dp >> 16) & 0xf) << 12));
        break;
    case X87_ENV_PROT16:
        store_le16(out + 0, f->cw);
        store_le16(out + 2, f->sw);
        store_le16(out + 4, tw);
        store_le16(out + 6, (uint16_t)f->fip);
        store_le16(out + 8, f->fcs);
        store_le16(out + 10, (uint16_t)f->fdp);
        store_le16(out + 12, f->fds);
        break;
    case X87_ENV_REAL32:
        store_le32(out + 0, 0xffff0000u | f->cw);
        store_le32(out + 4, 0xffff0000u | f->sw);
        store_le32(out + 8, 0xffff0000u | tw);
        store_le32(out + 12, ip & 0xffff);
        store_le32(out + 16, (ip >> 16) << 12 | (f->fop & 0x7ffu));
        store_le32(out + 20, dp & 0xffff);
        store_le32(out + 24, (dp >> 16) << 12);
        break;
    case X87_ENV_PROT32:
        store_le32(out + 0, 0xffff0000u | f->cw);
        store_le32(out + 4, 0xffff0000u | f->sw);
        store_le32(out + 8, 0xffff0000u | tw);
        store_le32(out + 12, f->fip);
        store_le32(out + 16, f->fcs | (uint32_t)(f->fop & 0x7ff) << 16);
        store_le32(out + 20, f->fdp);
        store_le32(out + 24, 0xffff0000u | f->fds);
        break;
    }
}

void x87_env_load(struct fpu_state *f, enum x87_env_fmt fmt, const uint8_t *in)
{
    uint16_t tw;
    switch (fmt) {
    case X87_ENV_REAL16:
        f->cw = load_le16(in + 0);
        f->sw = load_le16(in + 2);
        tw = load_le16(in + 4);
        f->fip = load_le16(in + 6) | (uint32_t)(load_le16(in + 8) >> 12) << 16;
        f->fop = load_le16(in + 8) & 0x7ff;
        f->fdp = load_le16(in + 10) | (uint32_t)(load_le16(in + 12) >> 12) << 16;
        f->fcs = f->fds = 0;
        break;
    case X87_ENV_PROT16:
        f->cw = load_le16(in + 0);
        f->sw = load_le16(in + 2);
        tw = load_le16(in + 4);
        f->fip = load_le16(in + 6);
        f->fcs = load_le16(in + 8);
        f->fdp = load_le16(in + 10);
        f->fds = load_le16(in + 12);
        break;
    case X87_ENV_REAL32:
        f->cw = load_le16(in + 0);
        f->sw = load_le16(in + 4);
        tw = load_le16(in + 8);
        f->fip = (load_le32(in + 12) & 0xffff) | ((load_le32(in + 16) >> 12) & 0xffff) << 16;
        f->fop = load_le32(in + 16) & 0x7ff;
        f->fdp = (load_le32(in + 20) & 0xffff) | ((load_le32(in + 24) >> 12) & 0xffff) << 16;
        f->fcs = f->fds = 0;
        break;
    default:
        f->cw = load_le16(in + 0);
        f->sw = load_le16(in + 4);
        tw = load_le16(in + 8);
        f->fip = load_le32(in + 12);
        f->fcs = load_le16(in + 16);
        f->fop = (load_le32(in + 16) >> 16) & 0x7ff;
        f->fdp = load_le32(in + 20);
        f->fds = load_le16(in + 24);
        break;
    }
    f->cw = (uint16_t)((f->cw & FPCW_WRITABLE) | FPCW_RESERVED1);
    /* Only "empty" is taken from the image; other tags follow the contents. */
    f->tw = 0;
    for (unsigned p = 0; p < 8; p++) {
        unsigned tag = ((tw >> (2 * p)) & 3) == X87_TAG_EMPTY ? X87_TAG_EMPTY
                                                             : x87_tag_for(f->st[p]);
        f->tw |= (uint16_t)(tag << (2 * p));
    }
    x87_update_es(f);
}

void x87_state_store(const struct fpu_state *f, enum x87_env_fmt fmt, uint8_t *out)
{
    x87_env_store(f, fmt, out);
    uint8_t *r = out + x87_env_size(fmt);
    for (unsigned i = 0; i < 8; i++) {
        struct fp80 v = x87_st(f, i);
        store_le64(r + 10 * i, v.mant);
        store_le16(r + 10 * i + 8, v.sexp);
    }
}

void x87_state_load(struct fpu_state *f, enum x87_env_fmt fmt, const uint8_t *in)
{
    /* The registers follow the image's own TOP: load the environment's
     * status word first so ST(i) maps to the right physical register. */
    const uint8_t *r = in + x87_env_size(fmt);
    uint16_t sw = fmt == X87_ENV_REAL16 || fmt == X87_ENV_PROT16 ? load_le16(in + 2)
                                                                 : load_le16(in + 4);
    unsigned top = (sw >> FPSW_TOP_SHIFT) & 7;
    for (unsigned i = 0; i < 8; i++)
        f->st[(top + i) & 7] = fp80_make(load_le16(r + 10 * i + 8), load_le64(r + 10 * i));
    x87_env_load(f, fmt, in);
}

void x87_fxsave_store(const struct fpu_state *f, uint8_t out[X87_FXSAVE_USED])
{
    uint8_t ftw = 0;
    for (unsigned p = 0; p < 8; p++) {
        if (x87_tag(f, p) != X87_TAG_EMPTY)
            ftw |= (uint8_t)(1u << p);
    }
    for (unsigned i = 0; i < X87_FXSAVE_USED; i++)
        out[i] = 0;
    store_le16(out + 0, f->cw);
    store_le16(out + 2, f->sw);
    out[4] = ftw;
    store_le16(out + 6, f->fop & 0x7ffu);
    store_le32(out + 8, f->fip);
    store_le16(out + 12, f->fcs);
    store_le32(out + 16, f->fdp);
    store_le16(out + 20, f->fds);
    /* 24 MXCSR, 28 MXCSR_MASK: no SSE, stored as 0. */
    for (unsigned i = 0; i < 8; i++) {
        struct fp80 v = x87_st(f, i);
        store_le64(out + 32 + 16 * i, v.mant);
        store_le16(out + 40 + 16 * i, v.sexp);
    }
}

void x87_fxrstor_load(struct fpu_state *f, const uint8_t in[X87_FXSAVE_USED])
{
    uint16_t sw = load_le16(in + 2);
    unsigned top = (sw >> FPSW_TOP_SHIFT) & 7;
    for (unsigned i = 0; i < 8; i++)
        f->st[(top + i) & 7] = fp80_make(load_le16(in + 40 + 16 * i), load_le64(in + 32 + 16 * i));
    f->cw = (uint16_t)((load_le16(in + 0) & FPCW_WRITABLE) | FPCW_RESERVED1);
    f->sw = sw;
    f->fop = load_le16(in + 6) & 0x7ffu;
    f->fip = load_le32(in + 8);
    f->fcs = load_le16(in + 12);
    f->fdp = load_le32(in + 16);
    f->fds = load_le16(in + 20);
    f->tw = 0;
    for (unsigned p = 0; p < 8; p++) {
        unsigned tag = (in[4] >> p) & 1u ? x87_tag_for(f->st[p]) : X87_TAG_EMPTY;
        f->tw |= (uint16_t)(tag << (2 * p));
    }
    x87_update_es(f);
}
