/* cpu/exec_mov.c: data movement: MOV, MOVZX, MOVSX, LEA, XCHG, XADD,
 * CMPXCHG, CMPXCHG8B, BSWAP, CBW/CWDE, CWD/CDQ, XLAT, and the segment
 * register moves (SDM Vol. 2). */
#include "cpu/exec.h"
#include "cpu/segment.h"

static ALWAYS_INLINE void mov_eg(struct cpu *c, const struct insn *in, unsigned size, bool mem)
{
    e_write(c, in, size, mem, reg_get(c, in->reg, size));
}
static ALWAYS_INLINE void mov_ge(struct cpu *c, const struct insn *in, unsigned size, bool mem)
{
    reg_set(c, in->reg, size, e_read(c, in, size, mem));
}
static ALWAYS_INLINE void mov_ei(struct cpu *c, const struct insn *in, unsigned size, bool mem)
{
    e_write(c, in, size, mem, in->imm);
}
EXEC_SPLIT(mov_EG, mov_eg);
EXEC_SPLIT(mov_GE, mov_ge);
EXEC_SPLIT(mov_EI, mov_ei);

/* MOVZX/MOVSX: the width is the destination's; the source is a byte or word. */
static ALWAYS_INLINE void movx(struct cpu *c, const struct insn *in, unsigned size, bool mem,
                               unsigned src_size, bool sign)
{
    uint32_t v = e_read(c, in, src_size, mem);
    if (sign)
        v = src_size == 1 ? (uint32_t)(int32_t)(int8_t)v : (uint32_t)(int32_t)(int16_t)v;
    reg_set(c, in->reg, size, v);
}
static ALWAYS_INLINE void movzx_b_body(struct cpu *c, const struct insn *in, unsigned size,
                                       bool mem)
{
    movx(c, in, size, mem, 1, false);
}
static ALWAYS_INLINE void movzx_w_body(struct cpu *c, const struct insn *in, unsigned size,
                                       bool mem)
{
    movx(c, in, size, mem, 2, false);
}
static ALWAYS_INLINE void movsx_b_body(struct cpu *c, const struct insn *in, unsigned size,
                                       bool mem)
{
    movx(c, in, size, mem, 1, true);
}
static ALWAYS_INLINE void movsx_w_body(struct cpu *c, const struct insn *in, unsigned size,
                                       bool mem)
{
    movx(c, in, size, mem, 2, true);
}
EXEC_SPLIT(movzx_b, movzx_b_body);
EXEC_SPLIT(movzx_w, movzx_w_body);
EXEC_SPLIT(movsx_b, movsx_b_body);
EXEC_SPLIT(movsx_w, movsx_w_body);

/* CMOVcc (P6): the source is read (and may fault) whatever the condition. */
static ALWAYS_INLINE void cmovcc_body(struct cpu *c, const struct insn *in, unsigned size,
                                      bool mem)
{
    uint32_t v = e_read(c, in, size, mem);
    if (cond_eval(c, in->opcode & 0xfu))
        reg_set(c, in->reg, size, v);
}
EXEC_SPLIT(cmovcc, cmovcc_body);

static void lea(struct cpu *c, const struct insn *in)
{
    reg_set(c, in->reg, in->osz, insn_ea(c, in));
}
EXEC_ALL(lea, lea);

static ALWAYS_INLINE void xchg_body(struct cpu *c, const struct insn *in, unsigned size, bool mem)
{
    uint32_t g = reg_get(c, in->reg, size);
    if (!mem) {
        uint32_t e = reg_get(c, in->rm, size);
        reg_set(c, in->rm, size, g);
        reg_set(c, in->reg, size, e);
    } else {
        struct rmw m = rmw_begin(c, in->seg, insn_ea(c, in), size);
        uint32_t e = rmw_read(c, &m, size);
        rmw_write(c, &m, size, g);
        reg_set(c, in->reg, size, e);
    }
}
EXEC_SPLIT(xchg_EG, xchg_body);

/* XADD: TEMP = SRC + DEST; SRC = DEST; DEST = TEMP (in this order, so
 * XADD r, r leaves the sum). */
static ALWAYS_INLINE void xadd_body(struct cpu *c, const struct insn *in, unsigned size, bool mem)
{
    uint32_t src = reg_get(c, in->reg, size);
    if (!mem) {
        uint32_t dst = reg_get(c, in->rm, size);
        uint32_t sum = (src + dst) & size_mask(size);
        reg_set(c, in->reg, size, dst);
        reg_set(c, in->rm, size, sum);
        flags_record(c, FLAG_OP_ADD, size, sum, dst, src);
    } else {
        struct rmw m = rmw_begin(c, in->seg, insn_ea(c, in), size);
        uint32_t dst = rmw_read(c, &m, size);
        uint32_t sum = (src + dst) & size_mask(size);
        rmw_write(c, &m, size, sum);
        reg_set(c, in->reg, size, dst);
        flags_record(c, FLAG_OP_ADD, size, sum, dst, src);
    }
}
EXEC_SPLIT(xadd_EG, xadd_body);

/* CMPXCHG: flags as CMP accumulator, DEST.  A memory destination is always
 * written (with its own value when the compare fails), as the 486 does. */
static ALWAYS_INLINE void cmpxchg_body(struct cpu *c, const struct insn *in, unsigned size,
                                       bool mem)
{
    uint32_t acc = reg_get(c, REG_EAX, size), src = reg_get(c, in->reg, size);
    struct rmw m = { 0 };
    uint32_t dst;
    if (mem) {
        m = rmw_begin(c, in->seg, insn_ea(c, in), size);
        dst = rmw_read(c, &m, size);
    } else {
        dst = reg_get(c, in->rm, size);
    }
    flags_record(c, FLAG_OP_SUB, size, acc - dst, acc, dst);
    if (acc == dst) {
        if (mem)
            rmw_write(c, &m, size, src);
        else
            reg_set(c, in->rm, size, src);
    } else {
        if (mem)
            rmw_write(c, &m, size, dst);
        reg_set(c, REG_EAX, size, dst);
    }
}
EXEC_SPLIT(cmpxchg_EG, cmpxchg_body);

static void cmpxchg8b(struct cpu *c, const struct insn *in)
{
    uint32_t off = insn_ea(c, in);
    uint32_t lin = seg_lin(c, in->seg, off, 8, SEG_R | SEG_W);
    mem_prepare_write(c, lin, 8, ACC_WRITE);
    uint32_t lo = mem_read_slow(c, lin, 4, ACC_READ);
    uint32_t hi = mem_read_slow(c, lin + 4, 4, ACC_READ);
    flags_materialize(c);
    if (lo == c->gpr[REG_EAX] && hi == c->gpr[REG_EDX]) {
        c->eflags |= EFLAGS_ZF;
        mem_write_slow(c, lin, 4, c->gpr[REG_EBX], ACC_WRITE);
        mem_write_slow(c, lin + 4, 4, c->gpr[REG_ECX], ACC_WRITE);
    } else {
        c->eflags &= ~(uint32_t)EFLAGS_ZF;
        mem_write_slow(c, lin, 4, lo, ACC_WRITE);
        mem_write_slow(c, lin + 4, 4, hi, ACC_WRITE);
        c->gpr[REG_EAX] = lo;
        c->gpr[REG_EDX] = hi;
    }
}
EXEC_ALL(cmpxchg8b, cmpxchg8b);

/* BSWAP r32; with a 16-bit operand the result is undefined (SDM): the
 * register's low word becomes zero, as Intel processors leave it. */
static void bswap(struct cpu *c, const struct insn *in)
{
    uint32_t v = c->gpr[in->rm];
    if (in->pfx & PFX_O32)
        c->gpr[in->rm] = (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
    else
        reg_set(c, in->rm, 2, 0);
}
EXEC_ALL(bswap, bswap);

static void cbw(struct cpu *c, const struct insn *in)
{
    if (in->pfx & PFX_O32)
        c->gpr[REG_EAX] = (uint32_t)(int32_t)(int16_t)c->gpr[REG_EAX];
    else
        reg_set(c, REG_EAX, 2, (uint32_t)(int32_t)(int8_t)c->gpr[REG_EAX]);
}
EXEC_ALL(cbw, cbw);

static void cwd(struct cpu *c, const struct insn *in)
{
    if (in->pfx & PFX_O32)
        c->gpr[REG_EDX] = (c->gpr[REG_EAX] & 0x80000000u) ? 0xffffffffu : 0;
    else
        reg_set(c, REG_EDX, 2, (c->gpr[REG_EAX] & 0x8000u) ? 0xffffu : 0);
}
EXEC_ALL(cwd, cwd);

static void xlat(struct cpu *c, const struct insn *in)
{
    uint32_t off = c->gpr[REG_EBX] + (c->gpr[REG_EAX] & 0xffu);
    if (!(in->pfx & PFX_A32))
        off &= 0xffffu;
    reg_set(c, REG_EAX, 1, cpu_rd8(c, in->seg, off));
}
EXEC_ALL(xlat, xlat);

/* MOV r/m, Sreg: 16 bits to memory; a 32-bit register gets the selector
 * zero-extended.  Sreg 6 and 7 do not exist (#UD). */
static void mov_es(struct cpu *c, const struct insn *in)
{
    if (in->reg >= SEG_COUNT)
        cpu_raise(c, EXC_UD);
    uint16_t sel = c->seg[in->reg].sel;
    if (in->flags & INSN_MEM)
        cpu_wr16(c, in->seg, insn_ea(c, in), sel);
    else
        reg_set(c, in->rm, in->osz, sel);
}
EXEC_ALL(mov_ES, mov_es);

/* MOV Sreg, r/m16: CS cannot be loaded this way (#UD); loading SS blocks
 * interrupts and debug traps until after the next instruction. */
static void mov_se(struct cpu *c, const struct insn *in)
{
    if (in->reg >= SEG_COUNT || in->reg == SEG_CS)
        cpu_raise(c, EXC_UD);
    uint16_t sel = (in->flags & INSN_MEM) ? cpu_rd16(c, in->seg, insn_ea(c, in))
                                          : (uint16_t)reg_get(c, in->rm, 2);
    cpu_load_seg(c, in->reg, sel);
    if (in->reg == SEG_SS)
        cpu_ss_shadow(c);
}
EXEC_ALL(mov_SE, mov_se);

/* LDS LES LSS LFS LGS: offset then selector from memory; the segment is
 * loaded (with every check) before the register changes. */
static void lxs(struct cpu *c, const struct insn *in)
{
    static const uint8_t seg_of[] = { [MN_LES] = SEG_ES, [MN_LDS] = SEG_DS, [MN_LSS] = SEG_SS,
                                      [MN_LFS] = SEG_FS, [MN_LGS] = SEG_GS };
    unsigned size = in->osz;
    uint32_t off = insn_ea(c, in);
    /* The pointer is one m16:16 or m16:32 operand: no offset wrap-around. */
    seg_lin(c, in->seg, off, size + 2, SEG_R);
    uint32_t v = cpu_rd(c, in->seg, off, size);
    uint16_t sel = cpu_rd16(c, in->seg, off + size);
    cpu_load_seg(c, seg_of[in->mn], sel);
    reg_set(c, in->reg, size, v);
}
EXEC_ALL(lxs, lxs);
