/* cpu/exec_mmx.c: the MMX instructions of the Pentium II (SDM Vol. 2, the
 * MOVD MOVQ PACK* PADD* PAND* PCMP* PMADDWD PMUL* POR PS* PSUB* PUNPCK*
 * PXOR EMMS pages; Vol. 3, chapter 12).  MMi is the significand (bits
 * 0-63) of physical x87 register Ri, whatever TOP says.  Every MMX
 * instruction first checks CR0.EM (#UD), CR0.TS (#NM) and a pending
 * unmasked x87 exception (#MF, or FERR# with CR0.NE = 0, as a waiting x87
 * instruction does), then reads its operands (faults happen here), and only
 * then commits: the result, bits 64-79 of a written register set to all
 * ones, TOP = 0 and every tag valid (EMMS: every tag empty).  FIP, FDP, FOP
 * and the rest of the status word are left alone.  A 66, F2 or F3 prefix
 * is reserved on these opcodes before SSE2 and is ignored here; LOCK is
 * #UD (decoder).  Lane arithmetic is plain C on uint64_t: no host SIMD. */
#include "cpu/exec.h"
#include "cpu/exec_fpu.h"
#include "fpu/x87.h"

/* ---- The registers ---- */

static inline uint64_t mm_get(const struct cpu *c, unsigned r)
{
    return c->fpu.st[r & 7].mant;
}

/* Every MMX instruction but EMMS: TOP = 0, all tags valid (00). */
static inline void mmx_touch(struct cpu *c)
{
    c->fpu.sw &= (uint16_t)~FPSW_TOP;
    c->fpu.tw = 0;
}

static inline void mm_set(struct cpu *c, unsigned r, uint64_t v)
{
    c->fpu.st[r & 7].mant = v;
    c->fpu.st[r & 7].sexp = 0xffffu;       /* sign and exponent all ones */
    mmx_touch(c);
}

/* ---- Memory operands ---- */

static uint64_t mem_read_q(struct cpu *c, const struct insn *in, unsigned size)
{
    uint8_t buf[8];
    fpu_mem_fetch(c, in, size, size, buf);
    return size == 8 ? load_le64(buf) : load_le32(buf);
}

/* The Q operand: an MMX register, or 8 (Qq) or 4 (Qd) bytes of memory. */
static uint64_t q_read(struct cpu *c, const struct insn *in, unsigned size)
{
    if (in->flags & INSN_MEM)
        return mem_read_q(c, in, size);
    return mm_get(c, in->rm);
}

/* ---- Lanes ----
 * Lane i of width w (8, 16 or 32) is bits w*i .. w*i+w-1.  Signed lanes are
 * widened to int64_t by arithmetic on values, not by right shifts of
 * negative numbers (implementation-defined in C). */

static inline uint32_t lane_mask(unsigned w)
{
    return w == 32 ? 0xffffffffu : (1u << w) - 1;
}

static inline int64_t lane_signed(uint32_t x, unsigned w)
{
    return (x >> (w - 1)) & 1u ? (int64_t)x - ((int64_t)1 << w) : (int64_t)x;
}

static inline uint32_t sat_signed(int64_t v, unsigned w)
{
    int64_t hi = ((int64_t)1 << (w - 1)) - 1, lo = -((int64_t)1 << (w - 1));
    if (v > hi)
        v = hi;
    if (v < lo)
        v = lo;
    return (uint32_t)((uint64_t)v & lane_mask(w));
}

static inline uint32_t sat_unsigned(int64_t v, unsigned w)
{
    if (v < 0)
        return 0;
    if (v > (int64_t)lane_mask(w))
        return lane_mask(w);
    return (uint32_t)v;
}

enum lane_op {
    LANE_ADD, LANE_ADDS, LANE_ADDUS, LANE_SUB, LANE_SUBS, LANE_SUBUS,
    LANE_CMPEQ, LANE_CMPGT, LANE_MULL, LANE_MULH,
};

/* a op b lane by lane; every result is masked to its lane. */
static uint64_t lanes(uint64_t a, uint64_t b, unsigned w, enum lane_op op)
{
    uint32_t m = lane_mask(w);
    uint64_t r = 0;
    for (unsigned sh = 0; sh < 64; sh += w) {
        uint32_t x = (uint32_t)(a >> sh) & m, y = (uint32_t)(b >> sh) & m;
        int64_t sx = lane_signed(x, w), sy = lane_signed(y, w);
        uint32_t z;
        switch (op) {
        case LANE_ADD: z = x + y; break;
        case LANE_ADDS: z = sat_signed(sx + sy, w); break;
        case LANE_ADDUS: z = sat_unsigned((int64_t)x + y, w); break;
        case LANE_SUB: z = x - y; break;
        case LANE_SUBS: z = sat_signed(sx - sy, w); break;
        case LANE_SUBUS: z = sat_unsigned((int64_t)x - y, w); break;
        case LANE_CMPEQ: z = x == y ? m : 0; break;
        case LANE_CMPGT: z = sx > sy ? m : 0; break;
        case LANE_MULL: z = (uint32_t)(uint64_t)(sx * sy); break;
        default: z = (uint32_t)((uint64_t)(sx * sy) >> 16); break;    /* MULH: w = 16 */
        }
        r |= (uint64_t)(z & m) << sh;
    }
    return r;
}

/* PSLL/PSRL/PSRA by a 64-bit count: counts beyond the lane width give 0,
 * or for PSRA the sign in every bit (SDM: "as if the count were w - 1"). */
enum shift_kind { SHIFT_LL, SHIFT_RL, SHIFT_RA };

static uint64_t shift_lanes(uint64_t v, uint64_t count, unsigned w, enum shift_kind kind)
{
    if (w == 64) {
        if (count > 63)
            return 0;                       /* PSLLQ, PSRLQ (there is no PSRAQ) */
        return kind == SHIFT_LL ? v << count : v >> count;
    }
    if (count > w - 1) {
        if (kind != SHIFT_RA)
            return 0;
        count = w - 1;
    }
    uint32_t m = lane_mask(w);
    uint64_t r = 0;
    for (unsigned sh = 0; sh < 64; sh += w) {
        uint32_t x = (uint32_t)(v >> sh) & m, z;
        if (kind == SHIFT_LL)
            z = (uint32_t)((uint64_t)x << count);
        else if (kind == SHIFT_RL)
            z = x >> count;
        else                                /* copies of the sign come in from the left */
            z = (x >> count) | (((x >> (w - 1)) & 1u) ? m & ~(m >> count) : 0);
        r |= (uint64_t)(z & m) << sh;
    }
    return r;
}

/* PACKSSWB/PACKUSWB (w = 16) and PACKSSDW (w = 32): the lanes of a, then
 * those of b, each saturated to half its width. */
static uint64_t pack(uint64_t a, uint64_t b, unsigned w, bool is_unsigned)
{
    unsigned n = 64 / w, half = w / 2;
    uint32_t m = lane_mask(w);
    uint64_t r = 0;
    for (unsigned i = 0; i < 2 * n; i++) {
        uint64_t src = i < n ? a : b;
        int64_t x = lane_signed((uint32_t)(src >> (w * (i % n))) & m, w);
        uint32_t z = is_unsigned ? sat_unsigned(x, half) : sat_signed(x, half);
        r |= (uint64_t)z << (half * i);
    }
    return r;
}

/* PUNPCKL (high = false) and PUNPCKH: interleave the low or high halves'
 * lanes of a and b, a's first. */
static uint64_t unpack(uint64_t a, uint64_t b, unsigned w, bool high)
{
    unsigned n = 32 / w, base = high ? n : 0;
    uint32_t m = lane_mask(w);
    uint64_t r = 0;
    for (unsigned i = 0; i < n; i++) {
        uint64_t x = (a >> (w * (base + i))) & m, y = (b >> (w * (base + i))) & m;
        r |= x << (2 * w * i) | y << (2 * w * i + w);
    }
    return r;
}

/* PMADDWD: each dword of the result is the sum of the two signed word
 * products below it; 8000h * 8000h twice wraps to 80000000h (SDM). */
static uint64_t pmaddwd(uint64_t a, uint64_t b)
{
    uint64_t r = 0;
    for (unsigned d = 0; d < 2; d++) {
        int64_t sum = 0;
        for (unsigned k = 0; k < 2; k++) {
            unsigned sh = 32 * d + 16 * k;
            sum += lane_signed((uint32_t)(a >> sh) & 0xffffu, 16) *
                   lane_signed((uint32_t)(b >> sh) & 0xffffu, 16);
        }
        r |= (uint64_t)((uint32_t)(uint64_t)sum) << (32 * d);
    }
    return r;
}

/* ---- The binary operations: mm = mm op mm/m64 (mm/m32 for PUNPCKL) ---- */

static uint64_t binary(unsigned mn, uint64_t a, uint64_t b)
{
    switch (mn) {
    case MN_PADDB: return lanes(a, b, 8, LANE_ADD);
    case MN_PADDW: return lanes(a, b, 16, LANE_ADD);
    case MN_PADDD: return lanes(a, b, 32, LANE_ADD);
    case MN_PADDSB: return lanes(a, b, 8, LANE_ADDS);
    case MN_PADDSW: return lanes(a, b, 16, LANE_ADDS);
    case MN_PADDUSB: return lanes(a, b, 8, LANE_ADDUS);
    case MN_PADDUSW: return lanes(a, b, 16, LANE_ADDUS);
    case MN_PSUBB: return lanes(a, b, 8, LANE_SUB);
    case MN_PSUBW: return lanes(a, b, 16, LANE_SUB);
    case MN_PSUBD: return lanes(a, b, 32, LANE_SUB);
    case MN_PSUBSB: return lanes(a, b, 8, LANE_SUBS);
    case MN_PSUBSW: return lanes(a, b, 16, LANE_SUBS);
    case MN_PSUBUSB: return lanes(a, b, 8, LANE_SUBUS);
    case MN_PSUBUSW: return lanes(a, b, 16, LANE_SUBUS);
    case MN_PCMPEQB: return lanes(a, b, 8, LANE_CMPEQ);
    case MN_PCMPEQW: return lanes(a, b, 16, LANE_CMPEQ);
    case MN_PCMPEQD: return lanes(a, b, 32, LANE_CMPEQ);
    case MN_PCMPGTB: return lanes(a, b, 8, LANE_CMPGT);
    case MN_PCMPGTW: return lanes(a, b, 16, LANE_CMPGT);
    case MN_PCMPGTD: return lanes(a, b, 32, LANE_CMPGT);
    case MN_PMULLW: return lanes(a, b, 16, LANE_MULL);
    case MN_PMULHW: return lanes(a, b, 16, LANE_MULH);
    case MN_PMADDWD: return pmaddwd(a, b);
    case MN_PAND: return a & b;
    case MN_PANDN: return ~a & b;
    case MN_POR: return a | b;
    case MN_PXOR: return a ^ b;
    case MN_PACKSSWB: return pack(a, b, 16, false);
    case MN_PACKUSWB: return pack(a, b, 16, true);
    case MN_PACKSSDW: return pack(a, b, 32, false);
    case MN_PUNPCKLBW: return unpack(a, b, 8, false);
    case MN_PUNPCKLWD: return unpack(a, b, 16, false);
    case MN_PUNPCKLDQ: return unpack(a, b, 32, false);
    case MN_PUNPCKHBW: return unpack(a, b, 8, true);
    case MN_PUNPCKHWD: return unpack(a, b, 16, true);
    case MN_PUNPCKHDQ: return unpack(a, b, 32, true);
    case MN_PSLLW: return shift_lanes(a, b, 16, SHIFT_LL);
    case MN_PSLLD: return shift_lanes(a, b, 32, SHIFT_LL);
    case MN_PSLLQ: return shift_lanes(a, b, 64, SHIFT_LL);
    case MN_PSRLW: return shift_lanes(a, b, 16, SHIFT_RL);
    case MN_PSRLD: return shift_lanes(a, b, 32, SHIFT_RL);
    case MN_PSRLQ: return shift_lanes(a, b, 64, SHIFT_RL);
    case MN_PSRAW: return shift_lanes(a, b, 16, SHIFT_RA);
    default: return shift_lanes(a, b, 32, SHIFT_RA);                 /* PSRAD */
    }
}

/* ---- The handler ---- */

static void mmx(struct cpu *c, const struct insn *in)
{
    /* SDM Vol. 3, Table 12-1 and the instruction pages: EM before TS, then
     * a pending x87 exception, then the operands. */
    if (c->cr0 & CR0_EM)
        cpu_raise(c, EXC_UD);
    if (c->cr0 & CR0_TS)
        cpu_raise(c, EXC_NM);
    if (!fpu_pending_ok(c))
        return;
    bool mem = (in->flags & INSN_MEM) != 0;
    switch (in->opcode) {
    case 0x77:                                          /* EMMS */
        c->fpu.sw &= (uint16_t)~FPSW_TOP;
        c->fpu.tw = 0xffffu;
        return;
    case 0x6E:                                          /* MOVD mm, r/m32 */
        mm_set(c, in->reg, mem ? cpu_rd32(c, in->seg, insn_ea(c, in)) : c->gpr[in->rm]);
        return;
    case 0x7E: {                                        /* MOVD r/m32, mm */
        uint32_t v = (uint32_t)mm_get(c, in->reg);
        if (mem)
            cpu_wr32(c, in->seg, insn_ea(c, in), v);
        else
            c->gpr[in->rm] = v;
        mmx_touch(c);
        return;
    }
    case 0x6F:                                          /* MOVQ mm, mm/m64 */
        mm_set(c, in->reg, q_read(c, in, 8));
        return;
    case 0x7F: {                                        /* MOVQ mm/m64, mm */
        uint64_t v = mm_get(c, in->reg);
        if (mem) {
            uint8_t buf[8];
            uint32_t lin = fpu_mem_prepare(c, in, 8, 8);
            store_le64(buf, v);
            fpu_mem_store(c, lin, buf, 8);
            mmx_touch(c);
        } else {
            mm_set(c, in->rm, v);
        }
        return;
    }
    case 0x71: case 0x72: case 0x73:                    /* shifts by imm8 (register only) */
        mm_set(c, in->rm, binary(in->mn, mm_get(c, in->rm), in->imm & 0xffu));
        return;
    default: {
        bool is_low_unpack = in->opcode >= 0x60 && in->opcode <= 0x62;
        uint64_t b = q_read(c, in, is_low_unpack ? 4 : 8);
        mm_set(c, in->reg, binary(in->mn, mm_get(c, in->reg), b));
        return;
    }
    }
}
EXEC_ALL(mmx, mmx);
