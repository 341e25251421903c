/* cpu/exec_x87.c: the x87 escapes D8-DF, WAIT/FWAIT and FXSAVE/FXRSTOR on
 * the CPU side:
 * the CR0.EM/MP/TS checks (SDM Vol. 3, Table 2-2), an absent coprocessor,
 * pending unmasked exceptions at the next waiting instruction (#MF with
 * CR0.NE = 1; else FERR# -> IRQ13 and the IGNNE# handshake of fpu/ferr.h),
 * the memory operands (checked in full before any FPU state changes, so a
 * faulting instruction restarts cleanly), the last instruction/operand
 * pointers and opcode, and the environment image layouts by operand size
 * and mode.  The arithmetic and stack semantics are fpu/x87.c's. */
#include "cpu/exec.h"
#include "cpu/exec_fpu.h"
#include "fpu/ferr.h"
#include "fpu/x87.h"

/* Non-waiting control instructions: no check for a pending exception. */
static bool is_nowait(unsigned mn)
{
    switch (mn) {
    case MN_FNINIT: case MN_FNCLEX: case MN_FNSTENV: case MN_FNSAVE: case MN_FNSTSW:
    case MN_FNSTCW: case MN_FNENI: case MN_FNDISI: case MN_FNSETPM:
        return true;
    default:
        return false;
    }
}

/* Control instructions leave FIP, FDP and FOP alone (SDM Vol. 1, 8.1.8). */
static bool is_control(unsigned mn)
{
    return is_nowait(mn) || mn == MN_FLDCW || mn == MN_FLDENV || mn == MN_FRSTOR;
}

/* Drive FERR# from ES after every x87 instruction. */
static void ferr_update(struct cpu *c)
{
    if (c->ferr != NULL)
        fpu_ferr_set(c->ferr, (c->fpu.sw & FPSW_ES) != 0);
}

/* A waiting instruction with an unmasked exception pending.  CR0.NE (486
 * and later): #MF.  Otherwise the PC's circuit: with IGNNE# asserted the
 * error is ignored; without it the processor stops before the instruction
 * until an interrupt (normally IRQ13, whose handler writes F0h) and then
 * runs it again.  Returns false when the instruction must not run now. */
static bool pending_ok(struct cpu *c)
{
    if (!(c->fpu.sw & FPSW_ES))
        return true;
    if ((c->cr0 & CR0_NE) && c->cfg.model != CPU_386)
        cpu_raise(c, EXC_MF);
    ferr_update(c);
    if (c->ferr == NULL || c->ferr->ignne)
        return true;
    c->eip = c->insn_start_eip;
    c->halted = true;
    end_trace(c);
    return false;
}

/* ---- Memory operands ---- */

/* #AC(0) for a misaligned operand (SDM Vol. 3, Table 6-7: 8 for m64/m80,
 * 4 or 2 for the environment by operand size). */
static void check_align(struct cpu *c, uint32_t lin, unsigned align)
{
    if (align > 1 && (lin & (align - 1)) && c->cpl == 3 && (c->cr0 & CR0_AM) &&
        (c->eflags & EFLAGS_AC) && c->cfg.model != CPU_386)
        cpu_raise_err(c, EXC_AC, 0);
}

/* The largest aligned access of at most `left` bytes at lin. */
static unsigned piece(uint32_t lin, unsigned left)
{
    if (left >= 4 && !(lin & 3))
        return 4;
    if (left >= 2 && !(lin & 1))
        return 2;
    return 1;
}

static unsigned align_of(unsigned size)
{
    return size >= 8 ? 8 : size;
}

/* Read the whole memory operand into buf (every fault happens here). */
static void mem_fetch(struct cpu *c, const struct insn *in, unsigned size, unsigned align,
                      uint8_t *buf)
{
    uint32_t lin = seg_lin(c, in->seg, insn_ea(c, in), size, SEG_R);
    check_align(c, lin, align);
    for (unsigned k = 0; k < size;) {
        unsigned n = piece(lin + k, size - k);
        store_size(buf + k, n, lin_read(c, lin + k, n));
        k += n;
    }
}

/* Check that the whole destination can be written; after this, mem_store
 * cannot fault.  mem_prepare_write()'s own alignment check takes the size
 * as the alignment, which suits 2, 4 and 8 but would raise a false #AC for
 * an m80 or a 14- to 108-byte environment or FSAVE image: those pages are
 * prepared through their first and last bytes (size <= 4 KiB spans at most
 * two), and check_align() above applies the SDM's alignment. */
static uint32_t mem_prepare(struct cpu *c, const struct insn *in, unsigned size, unsigned align)
{
    uint32_t lin = seg_lin(c, in->seg, insn_ea(c, in), size, SEG_W);
    check_align(c, lin, align);
    if ((size & (size - 1)) == 0) {
        mem_prepare_write(c, lin, size, ACC_WRITE);
    } else {
        mem_prepare_write(c, lin, 1, ACC_WRITE);
        if ((lin & 0xfffu) + size > 0x1000u)
            mem_prepare_write(c, lin + size - 1, 1, ACC_WRITE);
    }
    return lin;
}

static void mem_store(struct cpu *c, uint32_t lin, const uint8_t *buf, unsigned size)
{
    for (unsigned k = 0; k < size;) {
        unsigned n = piece(lin + k, size - k);
        lin_write(c, lin + k, n, load_size(buf + k, n));
        k += n;
    }
}

/* For the MMX instructions (cpu/exec_fpu.h); the x87 paths above call the
 * static versions, which the compiler inlines. */
bool fpu_pending_ok(struct cpu *c)
{
    return pending_ok(c);
}

void fpu_mem_fetch(struct cpu *c, const struct insn *in, unsigned size, unsigned align,
                   uint8_t *buf)
{
    mem_fetch(c, in, size, align, buf);
}

uint32_t fpu_mem_prepare(struct cpu *c, const struct insn *in, unsigned size, unsigned align)
{
    return mem_prepare(c, in, size, align);
}

void fpu_mem_store(struct cpu *c, uint32_t lin, const uint8_t *buf, unsigned size)
{
    mem_store(c, lin, buf, size);
}

/* The environment layout for the operand size and mode (SDM Vol. 1,
 * 8.1.10: real-address and virtual-8086 mode use the real-mode image). */
static enum x87_env_fmt env_fmt(const struct cpu *c, const struct insn *in)
{
    bool is32 = (in->pfx & PFX_O32) != 0;
    if (cpu_is_real(c) || cpu_is_v86(c))
        return is32 ? X87_ENV_REAL32 : X87_ENV_REAL16;
    return is32 ? X87_ENV_PROT32 : X87_ENV_PROT16;
}

/* ---- Memory forms ---- */

/* The D8 group's operation for a mnemonic (memory and register forms). */
static enum x87_arith arith_op(unsigned mn)
{
    switch (mn) {
    case MN_FADD: case MN_FADDP: case MN_FIADD: return X87_FADD;
    case MN_FMUL: case MN_FMULP: case MN_FIMUL: return X87_FMUL;
    case MN_FSUB: case MN_FSUBP: case MN_FISUB: return X87_FSUB;
    case MN_FSUBR: case MN_FSUBRP: case MN_FISUBR: return X87_FSUBR;
    case MN_FDIV: case MN_FDIVP: case MN_FIDIV: return X87_FDIV;
    default: return X87_FDIVR;
    }
}

static struct fp_unp unpack_mem(unsigned esc, const uint8_t *buf)
{
    switch (esc) {
    case 0: return fp_unpack_f32(load_le32(buf));                  /* D8: m32real */
    case 2: return fp_unpack_int((int32_t)load_le32(buf));         /* DA: m32int */
    case 4: return fp_unpack_f64(load_le64(buf));                  /* DC: m64real */
    default: return fp_unpack_int((int16_t)load_le16(buf));        /* DE: m16int */
    }
}

/* Stores: the format of each store mnemonic by escape byte. */
static enum x87_mfmt store_fmt(unsigned esc, unsigned reg)
{
    switch (esc) {
    case 1: return X87_M32F;                                        /* D9 /2 /3 */
    case 3: return reg == 7 ? X87_M80F : X87_M32I;                  /* DB /2 /3 /7 */
    case 5: return X87_M64F;                                        /* DD /2 /3 */
    default:                                                        /* DF /2 /3 /6 /7 */
        return reg == 6 ? X87_M80BCD : reg == 7 ? X87_M64I : X87_M16I;
    }
}

static void exec_mem(struct cpu *c, const struct insn *in)
{
    struct fpu_state *f = &c->fpu;
    unsigned esc = in->opcode & 7, mn = in->mn;
    uint8_t buf[108];
    switch (mn) {
    case MN_FADD: case MN_FMUL: case MN_FSUB: case MN_FSUBR: case MN_FDIV: case MN_FDIVR:
    case MN_FIADD: case MN_FIMUL: case MN_FISUB: case MN_FISUBR: case MN_FIDIV: case MN_FIDIVR:
    case MN_FCOM: case MN_FCOMP: case MN_FICOM: case MN_FICOMP: {
        static const uint8_t size[8] = { 4, 0, 4, 0, 8, 0, 2, 0 };
        mem_fetch(c, in, size[esc], size[esc], buf);
        struct fp_unp m = unpack_mem(esc, buf);
        if (mn == MN_FCOM || mn == MN_FCOMP || mn == MN_FICOM || mn == MN_FICOMP)
            x87_compare(f, &m, false, false, mn == MN_FCOMP || mn == MN_FICOMP);
        else
            x87_arith(f, arith_op(mn), 0, &m, false, false);
        return;
    }
    case MN_FLD: case MN_FILD: case MN_FBLD: {
        /* D9 /0 m32real, DD /0 m64real, DB /0 m32int, DB /5 m80real,
         * DF /0 m16int, DF /5 m64int, DF /4 m80bcd. */
        unsigned n = esc == 1 ? 4 : esc == 5 ? 8 : esc == 3 ? (in->reg == 5 ? 10 : 4)
                   : in->reg == 0 ? 2 : in->reg == 5 ? 8 : 10;
        mem_fetch(c, in, n, align_of(n), buf);
        if (n == 10 && mn == MN_FLD) {
            x87_fld_m80(f, fp80_make(load_le16(buf + 8), load_le64(buf)));
            return;
        }
        struct fp_unp m;
        if (mn == MN_FBLD)
            m = fp_unpack_bcd(buf);
        else if (mn == MN_FLD)
            m = esc == 1 ? fp_unpack_f32(load_le32(buf)) : fp_unpack_f64(load_le64(buf));
        else
            m = n == 2 ? fp_unpack_int((int16_t)load_le16(buf))
              : n == 4 ? fp_unpack_int((int32_t)load_le32(buf))
                       : fp_unpack_int((int64_t)load_le64(buf));
        x87_fld(f, &m);
        return;
    }
    case MN_FST: case MN_FSTP: case MN_FIST: case MN_FISTP: case MN_FBSTP: {
        enum x87_mfmt fmt = store_fmt(esc, in->reg);
        unsigned n = x87_mfmt_size(fmt);
        uint32_t lin = mem_prepare(c, in, n, align_of(n));
        if (x87_fst(f, fmt, buf, mn != MN_FST && mn != MN_FIST))
            mem_store(c, lin, buf, n);
        return;
    }
    case MN_FLDCW:
        mem_fetch(c, in, 2, 2, buf);
        x87_fldcw(f, load_le16(buf));
        return;
    case MN_FNSTCW:
    case MN_FNSTSW: {
        uint32_t lin = mem_prepare(c, in, 2, 2);
        store_le16(buf, mn == MN_FNSTCW ? f->cw : f->sw);
        mem_store(c, lin, buf, 2);
        return;
    }
    case MN_FLDENV:
    case MN_FRSTOR: {
        enum x87_env_fmt fmt = env_fmt(c, in);
        unsigned n = mn == MN_FLDENV ? x87_env_size(fmt) : x87_state_size(fmt);
        unsigned align = (in->pfx & PFX_O32) ? 4 : 2;
        mem_fetch(c, in, n, align, buf);
        if (mn == MN_FLDENV)
            x87_env_load(f, fmt, buf);
        else
            x87_state_load(f, fmt, buf);
        return;
    }
    case MN_FNSTENV:
    case MN_FNSAVE: {
        enum x87_env_fmt fmt = env_fmt(c, in);
        unsigned n = mn == MN_FNSTENV ? x87_env_size(fmt) : x87_state_size(fmt);
        unsigned align = (in->pfx & PFX_O32) ? 4 : 2;
        uint32_t lin = mem_prepare(c, in, n, align);
        if (mn == MN_FNSTENV) {
            x87_env_store(f, fmt, buf);
            mem_store(c, lin, buf, n);
            f->cw |= FPX_MASKABLE;              /* FSTENV then masks all exceptions */
        } else {
            x87_state_store(f, fmt, buf);
            mem_store(c, lin, buf, n);
            x87_finit(f);                       /* FSAVE then initialises */
        }
        return;
    }
    default:
        cpu_raise(c, EXC_UD);
    }
}

/* ---- Register forms ---- */

static void exec_reg(struct cpu *c, const struct insn *in)
{
    struct fpu_state *f = &c->fpu;
    unsigned i = in->rm, mn = in->mn, esc = in->opcode & 7;
    switch (mn) {
    case MN_FADD: case MN_FMUL: case MN_FSUB: case MN_FSUBR: case MN_FDIV: case MN_FDIVR:
    case MN_FADDP: case MN_FMULP: case MN_FSUBP: case MN_FSUBRP: case MN_FDIVP: case MN_FDIVRP: {
        /* D8: ST(0) = ST(0) op ST(i); DC, DE: ST(i) = ST(i) op ST(0). */
        unsigned dst = esc == 0 ? 0 : i, src = esc == 0 ? i : 0;
        struct fp_unp s = fp_unpack(x87_st(f, src));
        x87_arith(f, arith_op(mn), dst, &s, x87_is_empty(f, src), esc == 6);
        return;
    }
    case MN_FCOM: case MN_FCOM2: case MN_FCOMP: case MN_FCOMP3: case MN_FCOMP5:
    case MN_FUCOM: case MN_FUCOMP: {
        struct fp_unp s = fp_unpack(x87_st(f, i));
        bool is_pop = mn == MN_FCOMP || mn == MN_FCOMP3 || mn == MN_FCOMP5 || mn == MN_FUCOMP;
        x87_compare(f, &s, x87_is_empty(f, i), mn == MN_FUCOM || mn == MN_FUCOMP, is_pop);
        return;
    }
    case MN_FCOMI: case MN_FCOMIP: case MN_FUCOMI: case MN_FUCOMIP: {
        /* P6: the compare's result goes to ZF PF CF (C3 C2 C0's places)
         * and OF SF AF are cleared; C0 C2 C3 keep their values.
         * LIMITATION: with IE unmasked and an invalid operand the hardware
         * leaves EFLAGS alone; here they follow the (unchanged) C bits. */
        uint16_t keep = f->sw & (FPSW_C0 | FPSW_C2 | FPSW_C3);
        struct fp_unp s = fp_unpack(x87_st(f, i));
        bool is_pop = mn == MN_FCOMIP || mn == MN_FUCOMIP;
        x87_compare(f, &s, x87_is_empty(f, i), mn == MN_FUCOMI || mn == MN_FUCOMIP, is_pop);
        uint16_t sw = f->sw;
        f->sw = (uint16_t)((f->sw & ~(FPSW_C0 | FPSW_C2 | FPSW_C3)) | keep);
        flags_materialize(c);
        c->eflags = (c->eflags & ~(uint32_t)EFLAGS_ARITH) | ((sw & FPSW_C3) ? EFLAGS_ZF : 0) |
                    ((sw & FPSW_C2) ? EFLAGS_PF : 0) | ((sw & FPSW_C0) ? EFLAGS_CF : 0);
        return;
    }
    case MN_FCMOVB: x87_fcmov(f, i, flags_cf(c)); return;
    case MN_FCMOVE: x87_fcmov(f, i, flags_zf(c)); return;
    case MN_FCMOVBE: x87_fcmov(f, i, flags_cf(c) || flags_zf(c)); return;
    case MN_FCMOVU: x87_fcmov(f, i, flags_pf(c)); return;
    case MN_FCMOVNB: x87_fcmov(f, i, !flags_cf(c)); return;
    case MN_FCMOVNE: x87_fcmov(f, i, !flags_zf(c)); return;
    case MN_FCMOVNBE: x87_fcmov(f, i, !flags_cf(c) && !flags_zf(c)); return;
    case MN_FCMOVNU: x87_fcmov(f, i, !flags_pf(c)); return;
    case MN_FCOMPP:
    case MN_FUCOMPP: {
        struct fp_unp s = fp_unpack(x87_st(f, 1));
        x87_compare(f, &s, x87_is_empty(f, 1), mn == MN_FUCOMPP, 2);
        return;
    }
    case MN_FLD: x87_fld_sti(f, i); return;
    case MN_FXCH: case MN_FXCH4: case MN_FXCH7: x87_fxch(f, i); return;
    case MN_FST: x87_fst_sti(f, i, false); return;
    case MN_FSTP: case MN_FSTP1: case MN_FSTP8: case MN_FSTP9: x87_fst_sti(f, i, true); return;
    case MN_FFREE: x87_ffree(f, i, false); return;
    case MN_FFREEP: x87_ffree(f, i, true); return;
    case MN_FNOP: case MN_FNENI: case MN_FNDISI: case MN_FNSETPM: return;   /* no-ops on a 387+ */
    case MN_FCHS: x87_unary(f, X87_FCHS); return;
    case MN_FABS: x87_unary(f, X87_FABS); return;
    case MN_FTST: x87_unary(f, X87_FTST); return;
    case MN_FXAM: x87_unary(f, X87_FXAM); return;
    case MN_FSQRT: x87_unary(f, X87_FSQRT); return;
    case MN_FRNDINT: x87_unary(f, X87_FRNDINT); return;
    case MN_F2XM1: x87_unary(f, X87_F2XM1); return;
    case MN_FSIN: x87_unary(f, X87_FSIN); return;
    case MN_FCOS: x87_unary(f, X87_FCOS); return;
    case MN_FLD1: x87_fld_const(f, FPK_ONE); return;
    case MN_FLDL2T: x87_fld_const(f, FPK_L2T); return;
    case MN_FLDL2E: x87_fld_const(f, FPK_L2E); return;
    case MN_FLDPI: x87_fld_const(f, FPK_PI); return;
    case MN_FLDLG2: x87_fld_const(f, FPK_LG2); return;
    case MN_FLDLN2: x87_fld_const(f, FPK_LN2); return;
    case MN_FLDZ: x87_fld_const(f, FPK_ZERO); return;
    case MN_FYL2X: x87_binary(f, X87_FYL2X); return;
    case MN_FYL2XP1: x87_binary(f, X87_FYL2XP1); return;
    case MN_FPATAN: x87_binary(f, X87_FPATAN); return;
    case MN_FSCALE: x87_binary(f, X87_FSCALE); return;
    case MN_FPREM: x87_binary(f, X87_FPREM); return;
    case MN_FPREM1: x87_binary(f, X87_FPREM1); return;
    case MN_FPTAN: x87_push2(f, X87_FPTAN); return;
    case MN_FSINCOS: x87_push2(f, X87_FSINCOS); return;
    case MN_FXTRACT: x87_push2(f, X87_FXTRACT); return;
    case MN_FINCSTP: x87_fincstp(f, 1); return;
    case MN_FDECSTP: x87_fincstp(f, -1); return;
    case MN_FNCLEX: x87_fclex(f); return;
    case MN_FNINIT: x87_finit(f); return;
    case MN_FNSTSW: reg_set(c, REG_EAX, 2, f->sw); return;       /* DF E0: FNSTSW AX */
    default: cpu_raise(c, EXC_UD);
    }
}

static void x87(struct cpu *c, const struct insn *in)
{
    if (c->cr0 & (CR0_EM | CR0_TS))
        cpu_raise(c, EXC_NM);
    /* No coprocessor fitted: the escape is only an address calculation
     * (which cannot fault), so FNSTSW/FNSTCW leave their operand as it was. */
    if (!c->cfg.has_fpu)
        return;
    if (!is_nowait(in->mn) && !pending_ok(c))
        return;
    struct fpu_state *f = &c->fpu;
    if (in->flags & INSN_MEM)
        exec_mem(c, in);
    else
        exec_reg(c, in);
    /* The operand was fetched or checked: record where this instruction
     * and its operand were (also when it raised an unmasked exception). */
    if (!is_control(in->mn)) {
        f->fip = c->insn_start_eip;
        f->fcs = c->seg[SEG_CS].sel;
        f->fop = (uint16_t)(((in->opcode & 7u) << 8) | in->modrm);
        if (in->flags & INSN_MEM) {
            f->fdp = insn_ea(c, in);
            f->fds = c->seg[in->seg].sel;
        }
    }
    ferr_update(c);
}
EXEC_ALL(x87, x87);

static void wait_(struct cpu *c, const struct insn *in)
{
    (void)in;
    if ((c->cr0 & (CR0_TS | CR0_MP)) == (CR0_TS | CR0_MP))
        cpu_raise(c, EXC_NM);
    if (c->cfg.has_fpu)
        pending_ok(c);
}
EXEC_ALL(wait, wait_);

/* ---- FXSAVE and FXRSTOR (Pentium II; SDM Vol. 2, FXSAVE, FXRSTOR) ---- */

/* The 512-byte operand: #NM with CR0.EM or TS (not #UD: SDM FXSAVE), then
 * #GP(0) unless its linear address is 16-byte aligned "regardless of
 * segment" (the SDM lets an implementation give #GP instead of #AC for
 * this at CPL 3, and Vireo always does), then the segment check of all 512
 * bytes (#GP(0), or #SS(0) through SS) and the pages (#PF).  The image
 * does not depend on the operand size or the mode, and neither checks for
 * a pending x87 exception (both are non-waiting). */
static uint32_t fx_area(struct cpu *c, const struct insn *in, unsigned right)
{
    if (c->cr0 & (CR0_EM | CR0_TS))
        cpu_raise(c, EXC_NM);
    uint32_t ea = insn_ea(c, in);
    if (((c->seg[in->seg].base + ea) & 15u) != 0)
        cpu_raise_err(c, EXC_GP, 0);
    return seg_lin(c, in->seg, ea, X87_FXSAVE_AREA, right);
}

/* FXSAVE checks and translates the whole area but writes only what a CPU
 * without SSE stores (bytes 0-159); it leaves the FPU as it was. */
static void fxsave(struct cpu *c, const struct insn *in)
{
    uint32_t lin = fx_area(c, in, SEG_W);
    mem_prepare_write(c, lin, 16, ACC_WRITE);
    mem_prepare_write(c, lin + X87_FXSAVE_AREA - 16, 16, ACC_WRITE);
    uint8_t buf[X87_FXSAVE_USED];
    x87_fxsave_store(&c->fpu, buf);
    mem_store(c, lin, buf, X87_FXSAVE_USED);
}
EXEC_ALL(fxsave, fxsave);

/* FXRSTOR reads the whole area (every fault first), then loads the x87
 * state.  Reserved bits: FCW as FLDCW keeps it, FOP's top five bits
 * dropped, the selectors' upper halves, MXCSR and bytes 160-511 ignored
 * (no SSE, so no MXCSR whose reserved bits could #GP). */
static void fxrstor(struct cpu *c, const struct insn *in)
{
    uint32_t lin = fx_area(c, in, SEG_R);
    uint8_t buf[X87_FXSAVE_AREA];
    for (unsigned k = 0; k < X87_FXSAVE_AREA; k += 4)
        store_le32(buf + k, lin_read(c, lin + k, 4));
    x87_fxrstor_load(&c->fpu, buf);
    ferr_update(c);
}
EXEC_ALL(fxrstor, fxrstor);
