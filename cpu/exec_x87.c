/* cpu/exec_x87.c: the x87 escapes D8-DF, WAIT/FWAIT and FXSAVE/FXRSTOR on
 * the CPU side:
 * the CR0.EM/MP/TS checks (SDM Vol. 3, Table 2-2), an absent coprocessor,
 * pending unmasked exceptions at the next waiting instruction (#MF with
 * CR0.NE = 1; else FERR# -> IRQ13 and the IGNNE# handshake of fpu/ferr.h),
 * the memory operands (checked in full before any FPU state changes, so a
 * faulting instruction restarts cleanly), the last instruction/operand
 * pointers and opcode, and the environment image layouts by operand size
 * and mode.  One handler per family of rows (decoder/opcodes_x87.def), so
 * the format, direction and pops are constants; the arithmetic and stack
 * semantics are fpu/x87.c's, whose common cases fpu/x87_fast.h finishes
 * inline (each call below tries it first). */
#include <string.h>

#include "cpu/exec.h"
#include "cpu/exec_fpu.h"
#include "fpu/ferr.h"
#include "fpu/x87.h"
#include "fpu/x87_fast.h"

/* ---- Pending exceptions and FERR# ---- */

/* Drive FERR# from ES.  fpu_ferr_set() ignores an unchanged level, so the
 * call is made only when the level changes. */
static ALWAYS_INLINE void ferr_update(struct cpu *c)
{
    bool es = (c->fpu.sw & FPSW_ES) != 0;
    if (c->ferr != NULL && c->ferr->ferr != es)
        fpu_ferr_set(c->ferr, es);
}

/* A waiting instruction with an unmasked exception pending.  CR0.NE (486
 * and later): #MF.  Otherwise the PC's circuit: with IGNNE# asserted the
 * error is ignored; without it the processor stops before the instruction
 * until an interrupt (normally IRQ13, whose handler writes F0h) and then
 * runs it again.  Returns false when the instruction must not run now. */
static NOINLINE bool pending_ok(struct cpu *c)
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

/* ---- Prologue and epilogue of every escape ---- */

/* CR0.EM or TS: #NM.  No coprocessor fitted: the escape is only an
 * address calculation (which cannot fault), so FNSTSW/FNSTCW leave their
 * operand as it was.  False when nothing more is to be done. */
static ALWAYS_INLINE bool begin_nowait(struct cpu *c)
{
    if (c->cr0 & (CR0_EM | CR0_TS))
        cpu_raise(c, EXC_NM);
    return c->cfg.has_fpu;
}

/* The same for a waiting instruction, which first meets a pending
 * unmasked exception. */
static ALWAYS_INLINE bool begin_wait(struct cpu *c)
{
    if (!begin_nowait(c))
        return false;
    return !(c->fpu.sw & FPSW_ES) || pending_ok(c);
}

/* After a non-control instruction (SDM Vol. 1, 8.1.8), also one that
 * raised an unmasked exception: where it was, its opcode, FERR#. */
static ALWAYS_INLINE void end_reg(struct cpu *c, const struct insn *in)
{
    struct fpu_state *f = &c->fpu;
    f->fip = c->insn_start_eip;
    f->fcs = c->seg[SEG_CS].sel;
    f->fop = (uint16_t)(((in->opcode & 7u) << 8) | in->modrm);
    ferr_update(c);
}

/* ... and for a memory form, where its operand was. */
static ALWAYS_INLINE void end_mem(struct cpu *c, const struct insn *in, uint32_t ea)
{
    c->fpu.fdp = ea;
    c->fpu.fds = c->seg[in->seg].sel;
    end_reg(c, in);
}

/* Control instructions leave FIP, FDP and FOP alone. */
static ALWAYS_INLINE void end_control(struct cpu *c)
{
    ferr_update(c);
}

/* ---- Memory operands ---- */

/* #AC(0) for a misaligned operand (SDM Vol. 3, Table 6-7: 8 for m64/m80,
 * 4 or 2 for the environment by operand size). */
static ALWAYS_INLINE void check_align(struct cpu *c, uint32_t lin, unsigned align)
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

/* A host pointer to [lin, lin + size) when the TLB lets this access use
 * the page directly (plain RAM, rights granted, no alignment checking or
 * watching, all of it in the page), else NULL: the pieces path then. */
static ALWAYS_INLINE uint8_t *direct(struct cpu *c, uint32_t lin, unsigned size, uint8_t right)
{
    const struct tlb_entry *e = tlb_slot(&c->tlb, lin);
    uint32_t off = lin & 0xfffu;
    if (e->lpn == lin >> 12 && (e->allow & right) && off <= 0x1000u - size)
        return e->host + off;
    return NULL;
}

/* Read [lin, lin + size) in aligned pieces through the checked path:
 * MMIO, a page crossing, a TLB miss (every fault happens here). */
static NOINLINE void read_pieces(struct cpu *c, uint32_t lin, unsigned size, uint8_t *buf)
{
    for (unsigned k = 0; k < size;) {
        unsigned n = piece(lin + k, size - k);
        store_size(buf + k, n, lin_read(c, lin + k, n));
        k += n;
    }
}

/* Read the whole memory operand into buf (every fault happens here). */
static void mem_fetch(struct cpu *c, const struct insn *in, unsigned size, unsigned align,
                      uint8_t *buf)
{
    uint32_t lin = seg_lin(c, in->seg, insn_ea(c, in), size, SEG_R);
    check_align(c, lin, align);
    const uint8_t *p = direct(c, lin, size, c->tlb_rd);
    if (p != NULL)
        memcpy(buf, p, size);
    else
        read_pieces(c, lin, size, buf);
}

static ALWAYS_INLINE uint64_t load_le_n(const uint8_t *p, unsigned size)
{
    return size == 2 ? load_le16(p) : size == 4 ? load_le32(p) : load_le64(p);
}

/* A 2-, 4- or 8-byte operand at ea, aligned to its size, as a value. */
static ALWAYS_INLINE uint64_t fetch_le(struct cpu *c, const struct insn *in, uint32_t ea,
                                       unsigned size)
{
    uint32_t lin = seg_lin(c, in->seg, ea, size, SEG_R);
    check_align(c, lin, size);
    const uint8_t *p = direct(c, lin, size, c->tlb_rd);
    if (p != NULL)
        return load_le_n(p, size);
    uint8_t buf[8];
    read_pieces(c, lin, size, buf);
    return load_le_n(buf, size);
}

/* A checked destination: after dst_prepare() nothing can fault.  host is
 * the page itself when the TLB allows a direct write of all of it. */
struct dst {
    uint8_t *host;
    uint32_t lin;
};

/* Translate every page of the destination for writing.
 * mem_prepare_write()'s own alignment check takes the size as the
 * alignment, which suits 2, 4 and 8 but would raise a false #AC for an m80
 * or a 14- to 108-byte environment or FSAVE image: those pages are
 * prepared through their first and last bytes (size <= 4 KiB spans at most
 * two), and check_align() applies the SDM's alignment. */
static NOINLINE void prepare_pages(struct cpu *c, uint32_t lin, unsigned size)
{
    if ((size & (size - 1)) == 0) {
        mem_prepare_write(c, lin, size, ACC_WRITE);
    } else {
        mem_prepare_write(c, lin, 1, ACC_WRITE);
        if ((lin & 0xfffu) + size > 0x1000u)
            mem_prepare_write(c, lin + size - 1, 1, ACC_WRITE);
    }
}

static ALWAYS_INLINE struct dst dst_prepare(struct cpu *c, const struct insn *in, uint32_t ea,
                                            unsigned size, unsigned align)
{
    struct dst d;
    d.lin = seg_lin(c, in->seg, ea, size, SEG_W);
    check_align(c, d.lin, align);
    d.host = direct(c, d.lin, size, c->tlb_wr);
    if (d.host == NULL)
        prepare_pages(c, d.lin, size);
    return d;
}

static void mem_store(struct cpu *c, uint32_t lin, const uint8_t *buf, unsigned size)
{
    for (unsigned k = 0; k < size;) {
        unsigned n = piece(lin + k, size - k);
        lin_write(c, lin + k, n, load_size(buf + k, n));
        k += n;
    }
}

static ALWAYS_INLINE void dst_store(struct cpu *c, const struct dst *d, const uint8_t *buf,
                                    unsigned size)
{
    if (d->host != NULL)
        memcpy(d->host, buf, size);
    else
        mem_store(c, d->lin, buf, size);
}

/* For the MMX instructions (cpu/exec_fpu.h). */
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
    return dst_prepare(c, in, insn_ea(c, in), size, align).lin;
}

void fpu_mem_store(struct cpu *c, uint32_t lin, const uint8_t *buf, unsigned size)
{
    mem_store(c, lin, buf, size);
}

/* ---- Arithmetic and compares with a memory operand ---- */

/* The operand of a D8, DA, DC or DE memory form, unpacked. */
static ALWAYS_INLINE struct fp_unp fetch_operand(struct cpu *c, const struct insn *in, uint32_t ea,
                                                 enum x87_mfmt fmt)
{
    switch (fmt) {
    case X87_M32F: return fp_unpack_f32((uint32_t)fetch_le(c, in, ea, 4));
    case X87_M64F: return fp_unpack_f64(fetch_le(c, in, ea, 8));
    case X87_M32I: return fp_unpack_int((int32_t)(uint32_t)fetch_le(c, in, ea, 4));
    default: return fp_unpack_int((int16_t)(uint16_t)fetch_le(c, in, ea, 2));
    }
}

/* FADD FMUL FSUB FSUBR FDIV FDIVR (and FI*): the ModRM reg field is the
 * D8 group's operation, enum x87_arith. */
static ALWAYS_INLINE void arith_m(struct cpu *c, const struct insn *in, enum x87_mfmt fmt)
{
    if (!begin_wait(c))
        return;
    uint32_t ea = insn_ea(c, in);
    struct fp_unp m = fetch_operand(c, in, ea, fmt);
    enum x87_arith op = (enum x87_arith)in->reg;
    if (!x87_fast_arith(&c->fpu, op, 0, &m, false, false))
        x87_arith(&c->fpu, op, 0, &m, false, false);
    end_mem(c, in, ea);
}

/* FCOM (reg 2) and FCOMP (reg 3), FICOM and FICOMP. */
static ALWAYS_INLINE void com_m(struct cpu *c, const struct insn *in, enum x87_mfmt fmt)
{
    if (!begin_wait(c))
        return;
    uint32_t ea = insn_ea(c, in);
    struct fp_unp m = fetch_operand(c, in, ea, fmt);
    if (!x87_fast_compare(&c->fpu, &m, false, in->reg & 1))
        x87_compare(&c->fpu, &m, false, false, in->reg & 1);
    end_mem(c, in, ea);
}

#define X87_MEM_FAMILY(body, name, fmt)                                    \
    static void esc_##name(struct cpu *c, const struct insn *in) { body(c, in, fmt); } \
    EXEC_ALL(x87_##name, esc_##name)

X87_MEM_FAMILY(arith_m, arith_m32f, X87_M32F);
X87_MEM_FAMILY(arith_m, arith_m64f, X87_M64F);
X87_MEM_FAMILY(arith_m, arith_m32i, X87_M32I);
X87_MEM_FAMILY(arith_m, arith_m16i, X87_M16I);
X87_MEM_FAMILY(com_m, com_m32f, X87_M32F);
X87_MEM_FAMILY(com_m, com_m64f, X87_M64F);
X87_MEM_FAMILY(com_m, com_m32i, X87_M32I);
X87_MEM_FAMILY(com_m, com_m16i, X87_M16I);

/* ---- Loads and stores ---- */

/* FLD m32/m64/m80, FILD m16/m32/m64, FBLD. */
static ALWAYS_INLINE void ld_m(struct cpu *c, const struct insn *in, enum x87_mfmt fmt)
{
    if (!begin_wait(c))
        return;
    struct fpu_state *f = &c->fpu;
    uint32_t ea = insn_ea(c, in);
    struct fp_unp m;
    switch (fmt) {
    case X87_M80F:
    case X87_M80BCD: {
        uint8_t buf[10];
        mem_fetch(c, in, 10, 8, buf);
        if (fmt == X87_M80F) {
            struct fp80 v = fp80_make(load_le16(buf + 8), load_le64(buf));
            if (!x87_fast_fld_reg(f, v))
                x87_fld_m80(f, v);
            end_mem(c, in, ea);
            return;
        }
        m = fp_unpack_bcd(buf);
        break;
    }
    case X87_M64I:
        m = fp_unpack_int((int64_t)fetch_le(c, in, ea, 8));
        break;
    default:
        m = fetch_operand(c, in, ea, fmt);
        break;
    }
    if (!x87_fast_fld(f, &m))
        x87_fld(f, &m);
    end_mem(c, in, ea);
}

/* FST/FSTP m32/m64/m80, FIST/FISTP m16/m32/m64, FBSTP: reg 2 keeps ST(0)
 * (FST, FIST), 3, 6 and 7 pop. */
static ALWAYS_INLINE void st_m(struct cpu *c, const struct insn *in, enum x87_mfmt fmt)
{
    if (!begin_wait(c))
        return;
    struct fpu_state *f = &c->fpu;
    uint32_t ea = insn_ea(c, in);
    unsigned n = x87_mfmt_size(fmt);
    bool is_pop = in->reg != 2;
    struct dst d = dst_prepare(c, in, ea, n, align_of(n));
    uint8_t buf[10];
    uint64_t v;
    bool is_fast = fmt == X87_M64F   ? x87_fast_fst_ieee(f, 53, 1023, 52, &v, is_pop)
                 : fmt == X87_M32F   ? x87_fast_fst_ieee(f, 24, 127, 23, &v, is_pop)
                 : fmt == X87_M32I   ? x87_fast_fist(f, 4, &v, is_pop)
                 : fmt == X87_M16I   ? x87_fast_fist(f, 2, &v, is_pop)
                                     : false;
    if (is_fast) {
        store_le64(buf, v);                     /* the low n bytes are the operand */
        dst_store(c, &d, buf, n);
    } else if (x87_fst(f, fmt, buf, is_pop)) {
        dst_store(c, &d, buf, n);
    }
    end_mem(c, in, ea);
}

X87_MEM_FAMILY(ld_m, ld_m32f, X87_M32F);
X87_MEM_FAMILY(ld_m, ld_m64f, X87_M64F);
X87_MEM_FAMILY(ld_m, ld_m80f, X87_M80F);
X87_MEM_FAMILY(ld_m, ld_m16i, X87_M16I);
X87_MEM_FAMILY(ld_m, ld_m32i, X87_M32I);
X87_MEM_FAMILY(ld_m, ld_m64i, X87_M64I);
X87_MEM_FAMILY(ld_m, ld_bcd, X87_M80BCD);
X87_MEM_FAMILY(st_m, st_m32f, X87_M32F);
X87_MEM_FAMILY(st_m, st_m64f, X87_M64F);
X87_MEM_FAMILY(st_m, st_m80f, X87_M80F);
X87_MEM_FAMILY(st_m, st_m16i, X87_M16I);
X87_MEM_FAMILY(st_m, st_m32i, X87_M32I);
X87_MEM_FAMILY(st_m, st_m64i, X87_M64I);
X87_MEM_FAMILY(st_m, st_bcd, X87_M80BCD);

/* ---- Control words and environment images (control instructions) ---- */

/* FLDCW waits; FNSTCW and FNSTSW do not. */
static void ldcw(struct cpu *c, const struct insn *in)
{
    if (!begin_wait(c))
        return;
    uint8_t buf[2];
    mem_fetch(c, in, 2, 2, buf);
    x87_fldcw(&c->fpu, load_le16(buf));
    end_control(c);
}
EXEC_ALL(x87_ldcw, ldcw);

static ALWAYS_INLINE void store_word(struct cpu *c, const struct insn *in, uint16_t w)
{
    struct dst d = dst_prepare(c, in, insn_ea(c, in), 2, 2);
    uint8_t buf[2];
    store_le16(buf, w);
    dst_store(c, &d, buf, 2);
}

static void stcw(struct cpu *c, const struct insn *in)
{
    if (!begin_nowait(c))
        return;
    store_word(c, in, c->fpu.cw);
    end_control(c);
}
EXEC_ALL(x87_stcw, stcw);

static void stsw(struct cpu *c, const struct insn *in)
{
    if (!begin_nowait(c))
        return;
    store_word(c, in, c->fpu.sw);
    end_control(c);
}
EXEC_ALL(x87_stsw, stsw);

/* DF E0: FNSTSW AX. */
static void stsw_ax(struct cpu *c, const struct insn *in)
{
    (void)in;
    if (!begin_nowait(c))
        return;
    reg_set(c, REG_EAX, 2, c->fpu.sw);
    end_control(c);
}
EXEC_ALL(x87_stsw_ax, stsw_ax);

/* The environment layout for the operand size and mode (SDM Vol. 1,
 * 8.1.10: real-address and virtual-8086 mode use the real-mode image). */
static enum x87_env_fmt env_fmt(const struct cpu *c, const struct insn *in)
{
    bool is32 = (in->pfx & PFX_O32) != 0;
    if (cpu_is_real(c) || cpu_is_v86(c))
        return is32 ? X87_ENV_REAL32 : X87_ENV_REAL16;
    return is32 ? X87_ENV_PROT32 : X87_ENV_PROT16;
}

static unsigned env_align(const struct insn *in)
{
    return (in->pfx & PFX_O32) ? 4 : 2;
}

/* FLDENV and FRSTOR wait; FNSTENV and FNSAVE do not. */
static void ldenv(struct cpu *c, const struct insn *in)
{
    if (!begin_wait(c))
        return;
    enum x87_env_fmt fmt = env_fmt(c, in);
    uint8_t buf[28];
    mem_fetch(c, in, x87_env_size(fmt), env_align(in), buf);
    x87_env_load(&c->fpu, fmt, buf);
    end_control(c);
}
EXEC_ALL(x87_ldenv, ldenv);

static void rstor(struct cpu *c, const struct insn *in)
{
    if (!begin_wait(c))
        return;
    enum x87_env_fmt fmt = env_fmt(c, in);
    uint8_t buf[108];
    mem_fetch(c, in, x87_state_size(fmt), env_align(in), buf);
    x87_state_load(&c->fpu, fmt, buf);
    end_control(c);
}
EXEC_ALL(x87_rstor, rstor);

static void stenv(struct cpu *c, const struct insn *in)
{
    if (!begin_nowait(c))
        return;
    enum x87_env_fmt fmt = env_fmt(c, in);
    unsigned n = x87_env_size(fmt);
    struct dst d = dst_prepare(c, in, insn_ea(c, in), n, env_align(in));
    uint8_t buf[28];
    x87_env_store(&c->fpu, fmt, buf);
    dst_store(c, &d, buf, n);
    /* FSTENV then masks all exceptions, so none is pending any more: ES
     * and B clear (the host's x87 too), and FERR# goes inactive. */
    c->fpu.cw |= FPX_MASKABLE;
    x87_update_es(&c->fpu);
    end_control(c);
}
EXEC_ALL(x87_stenv, stenv);

static void save(struct cpu *c, const struct insn *in)
{
    if (!begin_nowait(c))
        return;
    enum x87_env_fmt fmt = env_fmt(c, in);
    unsigned n = x87_state_size(fmt);
    struct dst d = dst_prepare(c, in, insn_ea(c, in), n, env_align(in));
    uint8_t buf[108];
    x87_state_store(&c->fpu, fmt, buf);
    dst_store(c, &d, buf, n);
    x87_finit(&c->fpu);                         /* FSAVE then initialises */
    end_control(c);
}
EXEC_ALL(x87_save, save);

/* ---- Register forms ---- */

/* D8: ST(0) = ST(0) op ST(i), op the ModRM reg field (enum x87_arith). */
static void arith_st0(struct cpu *c, const struct insn *in)
{
    if (!begin_wait(c))
        return;
    struct fpu_state *f = &c->fpu;
    unsigned i = in->rm;
    struct fp_unp s = fp_unpack(x87_st(f, i));
    enum x87_arith op = (enum x87_arith)in->reg;
    bool is_empty = x87_is_empty(f, i);
    if (!x87_fast_arith(f, op, 0, &s, is_empty, false))
        x87_arith(f, op, 0, &s, is_empty, false);
    end_reg(c, in);
}
EXEC_ALL(x87_arith_st0, arith_st0);

/* DC and DE: ST(i) = ST(i) op ST(0).  Their reg fields 4-7 name SUBR SUB
 * DIVR DIV (the D8 order with each pair swapped, as the SDM's tables have
 * them), so reg ^ 1 is the operation there. */
static ALWAYS_INLINE void arith_sti(struct cpu *c, const struct insn *in, bool is_pop)
{
    if (!begin_wait(c))
        return;
    struct fpu_state *f = &c->fpu;
    enum x87_arith op = (enum x87_arith)(in->reg >= 4 ? in->reg ^ 1u : in->reg);
    struct fp_unp s = fp_unpack(x87_st(f, 0));
    bool is_empty = x87_is_empty(f, 0);
    if (!x87_fast_arith(f, op, in->rm, &s, is_empty, is_pop))
        x87_arith(f, op, in->rm, &s, is_empty, is_pop);
    end_reg(c, in);
}

static void arith_sti_nopop(struct cpu *c, const struct insn *in)
{
    arith_sti(c, in, false);
}
EXEC_ALL(x87_arith_sti, arith_sti_nopop);

static void arith_sti_pop(struct cpu *c, const struct insn *in)
{
    arith_sti(c, in, true);
}
EXEC_ALL(x87_arithp_sti, arith_sti_pop);

/* FCOM ST(i) and its relatives: compare ST(0) with ST(i) (ST(1) for the
 * double pops), quietly for FUCOM*. */
static ALWAYS_INLINE void com_st(struct cpu *c, const struct insn *in, unsigned i, bool is_quiet,
                                 unsigned pops)
{
    if (!begin_wait(c))
        return;
    struct fpu_state *f = &c->fpu;
    struct fp_unp s = fp_unpack(x87_st(f, i));
    bool is_empty = x87_is_empty(f, i);
    if (!x87_fast_compare(f, &s, is_empty, pops))
        x87_compare(f, &s, is_empty, is_quiet, pops);
    end_reg(c, in);
}

#define X87_COM_FAMILY(name, i, is_quiet, pops)                                       \
    static void esc_##name(struct cpu *c, const struct insn *in) { com_st(c, in, i, is_quiet, pops); } \
    EXEC_ALL(x87_##name, esc_##name)

X87_COM_FAMILY(com_sti, in->rm, false, 0);
X87_COM_FAMILY(comp_sti, in->rm, false, 1);
X87_COM_FAMILY(ucom_sti, in->rm, true, 0);
X87_COM_FAMILY(ucomp_sti, in->rm, true, 1);
X87_COM_FAMILY(compp, 1, false, 2);
X87_COM_FAMILY(ucompp, 1, true, 2);

/* FCOMI, FCOMIP, FUCOMI, FUCOMIP (P6): the compare's result goes to ZF PF
 * CF (C3 C2 C0's places) and OF SF AF are cleared; C0 C2 C3 keep their
 * values.  LIMITATION: with IE unmasked and an invalid operand the
 * hardware leaves EFLAGS alone; here they follow the (unchanged) C bits. */
static ALWAYS_INLINE void comi(struct cpu *c, const struct insn *in, bool is_quiet, bool is_pop)
{
    if (!begin_wait(c))
        return;
    struct fpu_state *f = &c->fpu;
    unsigned i = in->rm;
    uint16_t keep = f->sw & (FPSW_C0 | FPSW_C2 | FPSW_C3);
    struct fp_unp s = fp_unpack(x87_st(f, i));
    bool is_empty = x87_is_empty(f, i);
    if (!x87_fast_compare(f, &s, is_empty, is_pop))
        x87_compare(f, &s, is_empty, is_quiet, is_pop);
    uint16_t sw = f->sw;
    f->sw = (uint16_t)((f->sw & ~(FPSW_C0 | FPSW_C2 | FPSW_C3)) | keep);
    flags_materialize(c);
    c->eflags = (c->eflags & ~(uint32_t)EFLAGS_ARITH) | ((sw & FPSW_C3) ? EFLAGS_ZF : 0) |
                ((sw & FPSW_C2) ? EFLAGS_PF : 0) | ((sw & FPSW_C0) ? EFLAGS_CF : 0);
    end_reg(c, in);
}

#define X87_COMI_FAMILY(name, is_quiet, is_pop)                                       \
    static void esc_##name(struct cpu *c, const struct insn *in) { comi(c, in, is_quiet, is_pop); } \
    EXEC_ALL(x87_##name, esc_##name)

X87_COMI_FAMILY(comi, false, false);
X87_COMI_FAMILY(comip, false, true);
X87_COMI_FAMILY(ucomi, true, false);
X87_COMI_FAMILY(ucomip, true, true);

/* FCMOVcc (P6): DA /0-/3 move on B, E, BE, U; DB /0-/3 on their negations. */
static void cmov(struct cpu *c, const struct insn *in)
{
    if (!begin_wait(c))
        return;
    bool cond;
    switch (in->reg & 3) {
    case 0: cond = flags_cf(c); break;
    case 1: cond = flags_zf(c); break;
    case 2: cond = flags_cf(c) || flags_zf(c); break;
    default: cond = flags_pf(c); break;
    }
    x87_fcmov(&c->fpu, in->rm, (in->opcode & 1) ? !cond : cond);
    end_reg(c, in);
}
EXEC_ALL(x87_cmov, cmov);

/* One-instruction register forms: the call on the FPU state. */
#define X87_REG_OP(name, call)                                                  \
    static void esc_##name(struct cpu *c, const struct insn *in)                \
    {                                                                           \
        if (!begin_wait(c))                                                     \
            return;                                                             \
        struct fpu_state *f = &c->fpu;                                          \
        (void)f;                                                                \
        call;                                                                   \
        end_reg(c, in);                                                         \
    }                                                                           \
    EXEC_ALL(x87_##name, esc_##name)

X87_REG_OP(ld_sti, if (x87_is_empty(f, in->rm) || !x87_fast_fld_reg(f, x87_st(f, in->rm)))
                       x87_fld_sti(f, in->rm));
X87_REG_OP(xch, if (!x87_fast_fxch(f, in->rm)) x87_fxch(f, in->rm));
X87_REG_OP(st_sti, if (!x87_fast_fst_sti(f, in->rm, false)) x87_fst_sti(f, in->rm, false));
X87_REG_OP(stp_sti, if (!x87_fast_fst_sti(f, in->rm, true)) x87_fst_sti(f, in->rm, true));
X87_REG_OP(free, x87_ffree(f, in->rm, false));
X87_REG_OP(freep, x87_ffree(f, in->rm, true));
X87_REG_OP(nop, (void)0);
X87_REG_OP(chs, if (!x87_fast_sign(f, X87_FCHS)) x87_unary(f, X87_FCHS));
X87_REG_OP(abs, if (!x87_fast_sign(f, X87_FABS)) x87_unary(f, X87_FABS));
/* D9 E8-EE: FLD1 FLDL2T FLDL2E FLDPI FLDLG2 FLDLN2 FLDZ, enum fp_const's order. */
X87_REG_OP(ld_const, if (!x87_fast_fld_reg(f, fp_const((enum fp_const)in->rm, fp_rc(f->cw))))
                         x87_fld_const(f, (enum fp_const)in->rm));
/* D9 F7 FINCSTP, D9 F6 FDECSTP. */
X87_REG_OP(incstp, x87_fincstp(f, in->rm == 7 ? 1 : -1));

/* The D9 E0-FF operations of the families below, by ModRM - E0h.  Legend:
 * each table names the operation of its own rows; the others' slots are
 * unused (their rows go elsewhere). */
static const uint8_t unary_op[32] = {
    [0x04] = X87_FTST, [0x05] = X87_FXAM, [0x10] = X87_F2XM1, [0x1a] = X87_FSQRT,
    [0x1c] = X87_FRNDINT, [0x1e] = X87_FSIN, [0x1f] = X87_FCOS,
};
static const uint8_t binary_op[32] = {
    [0x11] = X87_FYL2X, [0x13] = X87_FPATAN, [0x15] = X87_FPREM1, [0x18] = X87_FPREM,
    [0x19] = X87_FYL2XP1, [0x1d] = X87_FSCALE,
};
static const uint8_t push2_op[32] = {
    [0x12] = X87_FPTAN, [0x14] = X87_FXTRACT, [0x1b] = X87_FSINCOS,
};

X87_REG_OP(unary, if (in->modrm != 0xfa || !x87_fast_sqrt(f))
                      x87_unary(f, (enum x87_unary)unary_op[in->modrm & 31]));
X87_REG_OP(binary, x87_binary(f, (enum x87_binary)binary_op[in->modrm & 31]));
X87_REG_OP(push2, x87_push2(f, (enum x87_push2)push2_op[in->modrm & 31]));

/* Non-waiting control instructions: no pending-exception check, no FIP. */
#define X87_CONTROL_OP(name, call)                                              \
    static void esc_##name(struct cpu *c, const struct insn *in)                \
    {                                                                           \
        (void)in;                                                               \
        if (!begin_nowait(c))                                                   \
            return;                                                             \
        call;                                                                   \
        end_control(c);                                                         \
    }                                                                           \
    EXEC_ALL(x87_##name, esc_##name)

X87_CONTROL_OP(clex, x87_fclex(&c->fpu));
X87_CONTROL_OP(init, x87_finit(&c->fpu));
X87_CONTROL_OP(nop_ctl, (void)0);                /* FNENI FNDISI FNSETPM: no-ops on a 387+ */

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
