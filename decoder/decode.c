/* decoder/decode.c: prefix, opcode, ModRM/SIB, displacement and immediate
 * decoding for 16- and 32-bit code (SDM Vol. 2, 2.1 and Appendix A).
 * Pure: reads only code[0..avail-1] and the constant tables. */
#include "decoder/decode.h"

#include <string.h>

#include "decoder/opcodes.h"

/* Fetch the next byte, or stop: past 15 bytes the instruction is too long
 * (checked first, so that a long prefix run is #GP even at the end of the
 * buffer), past `avail` the caller must supply more bytes. */
#define NEXT(var)                                   \
    do {                                            \
        if (pos >= INSN_MAX_LEN)                    \
            return DECODE_TOO_LONG;                 \
        if (pos >= avail)                           \
            return DECODE_SHORT;                    \
        (var) = code[pos++];                        \
    } while (0)

/* Read n (1, 2 or 4) little-endian bytes into var. */
#define NEXT_N(var, n)                              \
    do {                                            \
        uint32_t v_ = 0;                            \
        for (unsigned i_ = 0; i_ < (n); i_++) {     \
            uint8_t b_;                             \
            NEXT(b_);                               \
            v_ |= (uint32_t)b_ << (8 * i_);         \
        }                                           \
        (var) = v_;                                 \
    } while (0)

static uint32_t sign_extend(uint32_t v, unsigned bytes)
{
    if (bytes == 1)
        return (uint32_t)(int32_t)(int8_t)v;
    if (bytes == 2)
        return (uint32_t)(int32_t)(int16_t)v;
    return v;
}

/* The width an operand kind gives the instruction's main operand, or 0 if
 * it does not set the width (ports, counts, segment registers, pointers). */
static unsigned main_width(unsigned kind, unsigned vsize)
{
    switch (kind) {
    case OPND_Eb: case OPND_Gb: case OPND_Zb: case OPND_AL: case OPND_Xb:
    case OPND_Yb: case OPND_Ob:
        return 1;
    case OPND_Ew: case OPND_Gw: case OPND_AX:
        return 2;
    case OPND_Ed: case OPND_Gd: case OPND_Zd: case OPND_Rd: case OPND_Mq:
        return 4;
    case OPND_Ev: case OPND_Gv: case OPND_Zv: case OPND_eAX: case OPND_Xv:
    case OPND_Yv: case OPND_Ov:
        return vsize;
    default:
        return 0;
    }
}

/* 16-bit ModRM r/m encodings: base and index registers (SDM Table 2-1). */
static const uint8_t a16_base[8] = { REG_EBX, REG_EBX, REG_EBP, REG_EBP,
                                     REG_ESI, REG_EDI, REG_EBP, REG_EBX };
static const uint8_t a16_index[8] = { REG_ESI, REG_EDI, REG_ESI, REG_EDI,
                                      REG_NONE, REG_NONE, REG_NONE, REG_NONE };

enum decode_status decode(const uint8_t *code, size_t avail, const struct decode_ctx *ctx,
                          struct insn *out)
{
    size_t pos = 0;
    uint8_t b;
    uint8_t pfx = 0;
    uint8_t seg_override = SEG_DS;
    int has_seg = 0;

    memset(out, 0, sizeof *out);
    out->base = REG_NONE;
    out->index = REG_NONE;

    /* Prefixes, any number in any order; the last segment override and the
     * last of F2/F3 win. */
    for (;;) {
        NEXT(b);
        switch (b) {
        case 0x26: seg_override = SEG_ES; has_seg = 1; continue;
        case 0x2E: seg_override = SEG_CS; has_seg = 1; continue;
        case 0x36: seg_override = SEG_SS; has_seg = 1; continue;
        case 0x3E: seg_override = SEG_DS; has_seg = 1; continue;
        case 0x64: seg_override = SEG_FS; has_seg = 1; continue;
        case 0x65: seg_override = SEG_GS; has_seg = 1; continue;
        case 0x66: pfx |= PFX_66; continue;
        case 0x67: pfx |= PFX_67; continue;
        case 0xF0: pfx |= PFX_LOCK; continue;
        case 0xF2: pfx = (uint8_t)((pfx & ~PFX_REP) | PFX_REPNE); continue;
        case 0xF3: pfx = (uint8_t)((pfx & ~PFX_REPNE) | PFX_REP); continue;
        default: break;
        }
        break;
    }
    out->npfx = (uint8_t)(pos - 1);
    int o32 = (ctx->code32 != 0) ^ ((pfx & PFX_66) != 0);
    int a32 = (ctx->code32 != 0) ^ ((pfx & PFX_67) != 0);
    if (o32)
        pfx |= PFX_O32;
    if (a32)
        pfx |= PFX_A32;
    if (has_seg)
        pfx |= PFX_SEG;
    out->pfx = pfx;

    /* Opcode and row. */
    const struct op_entry *row;
    uint8_t modrm = 0;
    int have_modrm = 0;
    unsigned grp = 0;
    if (b == 0x0F) {
        out->flags |= INSN_0F;
        NEXT(b);
        row = &op_map_0f[b];
        grp = op_grp_0f[b];
    } else {
        row = &op_map_1byte[b];
        grp = op_grp_1byte[b];
    }
    out->opcode = b;

    if (grp != 0) {
        NEXT(modrm);
        have_modrm = 1;
        row = &op_groups[grp - 1][(modrm >> 3) & 7];
    } else if (!(out->flags & INSN_0F) && b >= 0xD8 && b <= 0xDF) {
        NEXT(modrm);
        have_modrm = 1;
        unsigned esc = b - 0xD8u, reg = (modrm >> 3) & 7u;
        if ((modrm >> 6) == 3) {
            row = &op_x87_reg[esc][reg][modrm & 7];
            if (!op_row_present(row))
                row = &op_x87_reg[esc][reg][8];
        } else {
            row = &op_x87_mem[esc][reg];
        }
    } else if (op_row_present(row) && (row->attr & ATTR_MODRM)) {
        NEXT(modrm);
        have_modrm = 1;
    }

    int undefined = !op_row_present(row);
    if (undefined)
        row = &op_bad;

    /* ModRM: register or memory operand, SIB and displacement. */
    out->modrm = modrm;
    out->reg = (modrm >> 3) & 7;
    out->seg = has_seg ? seg_override : SEG_DS;
    if (have_modrm) {
        unsigned mod = modrm >> 6, rm = modrm & 7;
        /* MOV to/from CRn, DRn, TRn: "the 2 bits in the mod field are
         * ignored" (SDM Vol. 2, MOV--Move to/from Control Registers): the
         * r/m operand is a register whatever mod says, with no SIB or disp. */
        int reg_only = !undefined && (row->opnd[0] == OPND_Rd || row->opnd[1] == OPND_Rd);
        if (mod == 3 || reg_only) {
            out->rm = (uint8_t)rm;
        } else {
            out->flags |= INSN_MEM;
            uint32_t disp = 0;
            unsigned disp_bytes = 0;
            uint8_t default_seg = SEG_DS;
            if (!a32) {
                if (mod == 0 && rm == 6) {
                    disp_bytes = 2;
                } else {
                    out->base = a16_base[rm];
                    out->index = a16_index[rm];
                    if (out->base == REG_EBP)
                        default_seg = SEG_SS;
                    disp_bytes = mod == 1 ? 1 : mod == 2 ? 2 : 0;
                }
            } else {
                unsigned base = rm;
                if (rm == 4) {
                    uint8_t sib;
                    NEXT(sib);
                    unsigned index = (sib >> 3) & 7;
                    base = sib & 7;
                    out->scale = sib >> 6;
                    out->index = index == 4 ? REG_NONE : (uint8_t)index;
                }
                if (mod == 0 && base == 5) {
                    disp_bytes = 4;
                } else {
                    out->base = (uint8_t)base;
                    if (base == REG_ESP || base == REG_EBP)
                        default_seg = SEG_SS;
                    disp_bytes = mod == 1 ? 1 : mod == 2 ? 4 : 0;
                }
            }
            if (disp_bytes) {
                NEXT_N(disp, disp_bytes);
                out->disp = (int32_t)sign_extend(disp, disp_bytes);
            }
            if (!has_seg)
                out->seg = default_seg;
        }
    }

    /* Immediates, moffs, and the register-in-opcode and accumulator forms. */
    unsigned vsize = o32 ? 4 : 2;
    int nimm = 0;
    for (int i = 0; i < 3 && !undefined; i++) {
        unsigned kind = row->opnd[i];
        uint32_t v = 0;
        unsigned n = 0;
        int is_imm = 1;
        switch (kind) {
        case OPND_Ib: n = 1; NEXT_N(v, 1); break;
        case OPND_Iw: n = 2; NEXT_N(v, 2); break;
        case OPND_Iz: n = vsize; NEXT_N(v, vsize); break;
        case OPND_Ibs: case OPND_Jb: n = 1; NEXT_N(v, 1); v = sign_extend(v, 1); break;
        case OPND_Jz: n = vsize; NEXT_N(v, vsize); v = sign_extend(v, vsize); break;
        case OPND_I1: v = 1; break;
        case OPND_Ap: {
            uint32_t sel;
            NEXT_N(v, vsize);
            NEXT_N(sel, 2);
            out->imm2 = (uint16_t)sel;
            break;
        }
        case OPND_Ob: case OPND_Ov: {
            uint32_t off;
            NEXT_N(off, a32 ? 4u : 2u);
            out->disp = (int32_t)off;
            out->flags |= INSN_MEM;
            is_imm = 0;
            break;
        }
        case OPND_Zb: case OPND_Zv: case OPND_Zd:
            out->rm = b & 7;
            is_imm = 0;
            break;
        default:
            is_imm = 0;
            break;
        }
        (void)n;
        if (!is_imm)
            continue;
        if (nimm++ == 0)
            out->imm = v;
        else
            out->imm2 = (uint16_t)v;
    }
    out->len = (uint8_t)pos;
    out->op = row;
    out->mn = row->mn;

    /* The main operand's width selects the handler variant. */
    unsigned w = 0;
    for (int i = 0; i < 3 && w == 0; i++)
        w = main_width(row->opnd[i], vsize);
    if (w == 0)
        w = vsize;
    out->osz = (uint8_t)w;

    /* Forms that decode but raise #UD on this model or in this shape. */
    if (!undefined) {
        if (!(row->cpus & ctx->cpu))
            out->flags |= INSN_UD;
        if ((row->attr & ATTR_MEM_ONLY) && !(out->flags & INSN_MEM))
            out->flags |= INSN_UD;
        if ((row->attr & ATTR_REG_ONLY) && (out->flags & INSN_MEM))
            out->flags |= INSN_UD;
        if ((pfx & PFX_LOCK) && (!(row->attr & ATTR_LOCK) || !(out->flags & INSN_MEM)))
            out->flags |= INSN_UD;
    } else {
        out->flags |= INSN_UD;
    }

    if (ctx->handlers != NULL) {
        unsigned variant = (w == 1 ? 0u : w == 2 ? 1u : 2u) + ((out->flags & INSN_MEM) ? 3u : 0u);
        unsigned id = (out->flags & INSN_UD) ? EXEC_ud : row->exec;
        out->fn = ctx->handlers[id][variant];
    }
    return undefined ? DECODE_UNDEFINED : DECODE_OK;
}
