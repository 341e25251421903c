/* cpu/exec_system.c: system instructions: MOV to/from CR, DR and TR, LGDT
 * LIDT SGDT SIDT LLDT SLDT LTR STR LMSW SMSW CLTS, INVD WBINVD INVLPG, CPUID
 * RDTSC RDMSR WRMSR RSM, LAR LSL VERR VERW ARPL, and #UD with the BIOS
 * service trap (SDM Vol. 2 and Vol. 3 chapter 2). */
#include "cpu/debug.h"
#include "cpu/exec.h"
#include "cpu/model.h"
#include "cpu/segment.h"
#include "mmu/physmem.h"

/* CRn and DRn moves need CPL 0 (#GP(0) in V86 mode too). */
static void require_cpl0_or_real(struct cpu *c)
{
    if (c->mode != MODE_REAL && c->cpl != 0)
        cpu_raise_err(c, EXC_GP, 0);
}

static void mov_rc(struct cpu *c, const struct insn *in)
{
    require_cpl0_or_real(c);
    uint32_t v;
    switch (in->reg) {
    case 0: v = c->cr0; break;
    case 2: v = c->cr2; break;
    case 3: v = c->cr3; break;
    case 4:
        if (cpu_model_info(c->cfg.model)->cr4_mask == 0)
            cpu_raise(c, EXC_UD);
        v = c->cr4;
        break;
    default: cpu_raise(c, EXC_UD);
    }
    c->gpr[in->rm] = v;
}
EXEC_ALL(mov_RC, mov_rc);

void cpu_write_cr0(struct cpu *c, uint32_t v)
{
    const struct cpu_model *m = cpu_model_info(c->cfg.model);
    if ((v & CR0_PG) && !(v & CR0_PE))
        cpu_raise_err(c, EXC_GP, 0);
    if (c->cfg.model != CPU_386 && (v & CR0_NW) && !(v & CR0_CD))
        cpu_raise_err(c, EXC_GP, 0);
    uint32_t old = c->cr0;
    v = (v & m->cr0_mask) | (old & ~m->cr0_mask);
    if (c->cfg.model != CPU_386)
        v |= CR0_ET;            /* hardwired on the 486 and Pentium */
    c->cr0 = v;
    if ((old ^ v) & (CR0_PG | CR0_PE | CR0_WP))
        tlb_flush_all(&c->tlb);
    cpu_update_mode(c);
    cpu_end_trace(c);
}

static void mov_cr(struct cpu *c, const struct insn *in)
{
    require_cpl0_or_real(c);
    uint32_t v = c->gpr[in->rm];
    const struct cpu_model *m = cpu_model_info(c->cfg.model);
    switch (in->reg) {
    case 0:
        cpu_write_cr0(c, v);
        break;
    case 2:
        c->cr2 = v;
        break;
    case 3:
        c->cr3 = v & (c->cfg.model == CPU_386 ? 0xfffff000u : 0xfffff018u);
        tlb_flush_nonglobal(&c->tlb);
        break;
    case 4:
        if (m->cr4_mask == 0)
            cpu_raise(c, EXC_UD);
        if (v & ~m->cr4_mask)
            cpu_raise_err(c, EXC_GP, 0);
        if ((c->cr4 ^ v) & (CR4_PSE | CR4_PGE))
            tlb_flush_all(&c->tlb);
        c->cr4 = v;
        cpu_update_mode(c);
        break;
    default:
        cpu_raise(c, EXC_UD);
    }
}
EXEC_ALL(mov_CR, mov_cr);

/* DR4 and DR5 alias DR6 and DR7 unless CR4.DE makes them #UD; DR7.GD
 * turns any debug-register access into a #DB fault with DR6.BD. */
static unsigned dr_index(struct cpu *c, unsigned n)
{
    require_cpl0_or_real(c);
    if (n == 4 || n == 5) {
        if (c->cr4 & CR4_DE)
            cpu_raise(c, EXC_UD);
        n += 2;
    }
    if (c->dr[7] & (1u << 13)) {
        c->dr[7] &= ~(1u << 13);
        c->dr[6] |= 1u << 13;
        cpu_raise(c, EXC_DB);
    }
    return n;
}

static void mov_rd(struct cpu *c, const struct insn *in)
{
    c->gpr[in->rm] = c->dr[dr_index(c, in->reg)];
}
EXEC_ALL(mov_RD, mov_rd);

static void mov_dr(struct cpu *c, const struct insn *in)
{
    unsigned n = dr_index(c, in->reg);
    uint32_t v = c->gpr[in->rm];
    if (n == 6)
        v = (v & 0x0000e00fu) | cpu_model_info(c->cfg.model)->dr6_reset;
    else if (n == 7)
        v = (v & 0xffff2bffu) | 0x400u;
    c->dr[n] = v;
    cpu_debug_regs_changed(c);
}
EXEC_ALL(mov_DR, mov_dr);

/* Test registers TR3-TR7 of the 386/486 (cache and TLB test).
 * LIMITATION: their test operations are not modelled; values are kept. */
static void mov_rt(struct cpu *c, const struct insn *in)
{
    require_cpl0_or_real(c);
    if (in->reg < 3)
        cpu_raise(c, EXC_UD);
    c->gpr[in->rm] = c->tr_test[in->reg];
}
EXEC_ALL(mov_RT, mov_rt);

static void mov_tr(struct cpu *c, const struct insn *in)
{
    require_cpl0_or_real(c);
    if (in->reg < 3)
        cpu_raise(c, EXC_UD);
    c->tr_test[in->reg] = c->gpr[in->rm];
}
EXEC_ALL(mov_TR, mov_tr);

/* LGDT/LIDT m16&32: a 16-bit operand size keeps 24 bits of the base. */
static void load_dtr(struct cpu *c, const struct insn *in, struct dtr *t)
{
    require_cpl0_or_real(c);
    uint32_t ea = insn_ea(c, in);
    seg_lin(c, in->seg, ea, 6, SEG_R);
    uint16_t limit = cpu_rd16(c, in->seg, ea);
    uint32_t base = cpu_rd32(c, in->seg, ea + 2);
    t->limit = limit;
    t->base = (in->pfx & PFX_O32) ? base : base & 0xffffffu;
}
static void lgdt(struct cpu *c, const struct insn *in) { load_dtr(c, in, &c->gdtr); }
static void lidt(struct cpu *c, const struct insn *in) { load_dtr(c, in, &c->idtr); }
EXEC_ALL(lgdt, lgdt);
EXEC_ALL(lidt, lidt);

/* SGDT/SIDT: with a 16-bit operand size the sixth byte is stored as 0. */
static void store_dtr(struct cpu *c, const struct insn *in, const struct dtr *t)
{
    uint32_t ea = insn_ea(c, in);
    seg_lin(c, in->seg, ea, 6, SEG_W);
    cpu_wr16(c, in->seg, ea, t->limit);
    cpu_wr32(c, in->seg, ea + 2, (in->pfx & PFX_O32) ? t->base : t->base & 0xffffffu);
}
static void sgdt(struct cpu *c, const struct insn *in) { store_dtr(c, in, &c->gdtr); }
static void sidt(struct cpu *c, const struct insn *in) { store_dtr(c, in, &c->idtr); }
EXEC_ALL(sgdt, sgdt);
EXEC_ALL(sidt, sidt);

/* SMSW: the low word of CR0 to memory; all of CR0 to a 32-bit register. */
static void smsw(struct cpu *c, const struct insn *in)
{
    if (in->flags & INSN_MEM)
        cpu_wr16(c, in->seg, insn_ea(c, in), (uint16_t)c->cr0);
    else
        reg_set(c, in->rm, in->osz, c->cr0);
}
EXEC_ALL(smsw, smsw);

/* LMSW: PE, MP, EM, TS from the operand; PE can be set but not cleared. */
static void lmsw(struct cpu *c, const struct insn *in)
{
    require_cpl0_or_real(c);
    uint32_t v = (in->flags & INSN_MEM) ? cpu_rd16(c, in->seg, insn_ea(c, in))
                                        : reg_get(c, in->rm, 2);
    uint32_t cr0 = (c->cr0 & ~0xeu) | (v & 0xfu) | (c->cr0 & CR0_PE);
    cpu_write_cr0(c, cr0);
}
EXEC_ALL(lmsw, lmsw);

static void clts(struct cpu *c, const struct insn *in)
{
    (void)in;
    require_cpl0_or_real(c);
    c->cr0 &= ~(uint32_t)CR0_TS;
}
EXEC_ALL(clts, clts);

/* INVD/WBINVD: caches are not modelled, so there is nothing to write back;
 * only the privilege check remains. */
static void invd(struct cpu *c, const struct insn *in)
{
    (void)in;
    require_cpl0_or_real(c);
}
EXEC_ALL(invd, invd);
EXEC_ALL(wbinvd, invd);

static void invlpg(struct cpu *c, const struct insn *in)
{
    require_cpl0_or_real(c);
    uint32_t lin = c->seg[in->seg].base + insn_ea(c, in);
    /* SDM Vol. 3, 4.10.4.1: INVLPG drops the translation of the page that
     * holds lin; a 4 MiB page is cached here as 4 KiB pieces, so under
     * CR4.PSE the whole 4 MiB region goes (flushing more is allowed). */
    if (c->cr4 & CR4_PSE)
        tlb_flush_region4m(&c->tlb, lin);
    else
        tlb_flush_page(&c->tlb, lin);
    cpu_end_trace(c);
}
EXEC_ALL(invlpg, invlpg);

/* The P6 family (family 6: the Pentium Pro and Pentium II models). */
static bool is_p6(const struct cpu *c)
{
    return ((cpu_model_info(c->cfg.model)->cpuid_signature >> 8) & 0xf) == 6;
}

static bool has_sep(const struct cpu *c)
{
    return (cpu_model_info(c->cfg.model)->cpuid_features & CPUID_SEP) != 0;
}

static void cpuid(struct cpu *c, const struct insn *in)
{
    (void)in;
    const struct cpu_model *m = cpu_model_info(c->cfg.model);
    uint32_t leaf = c->gpr[REG_EAX];
    if (leaf > m->cpuid_max)
        leaf = m->cpuid_max;    /* Intel: the highest basic leaf's data */
    if (leaf == 0) {
        c->gpr[REG_EAX] = m->cpuid_max;
        c->gpr[REG_EBX] = 0x756e6547u;      /* "GenuineIntel" */
        c->gpr[REG_EDX] = 0x49656e69u;
        c->gpr[REG_ECX] = 0x6c65746eu;
        return;
    }
    if (leaf == 2) {
        c->gpr[REG_EAX] = m->cpuid_leaf2[0];
        c->gpr[REG_EBX] = m->cpuid_leaf2[1];
        c->gpr[REG_ECX] = m->cpuid_leaf2[2];
        c->gpr[REG_EDX] = m->cpuid_leaf2[3];
        return;
    }
    c->gpr[REG_EAX] = m->cpuid_signature;
    c->gpr[REG_EBX] = 0;
    c->gpr[REG_ECX] = 0;
    c->gpr[REG_EDX] = m->cpuid_features & (c->cfg.has_fpu ? ~0u : ~CPUID_FPU);
    /* SDM Vol. 3, "Microcode Update Facilities" (determining the
     * signature): CPUID leaf 1 loads the signature of the update in use
     * into IA32_BIOS_SIGN_ID's high half.  No update is ever loaded: 0. */
    if (is_p6(c))
        c->msr.bios_sign_id &= 0xffffffffu;
}
EXEC_ALL(cpuid, cpuid);

/* The time-stamp counter counts retired instructions. */
static void rdtsc(struct cpu *c, const struct insn *in)
{
    (void)in;
    if ((c->cr4 & CR4_TSD) && c->cpl != 0 && c->mode != MODE_REAL)
        cpu_raise_err(c, EXC_GP, 0);
    uint64_t tsc = c->icount + c->msr.tsc_offset;
    c->gpr[REG_EAX] = (uint32_t)tsc;
    c->gpr[REG_EDX] = (uint32_t)(tsc >> 32);
}
EXEC_ALL(rdtsc, rdtsc);

/* Pentium MSRs (SDM Vol. 4, "MSRs in the Pentium Processor"); of the P6
 * family's ("MSRs in the P6 Family Processors"): IA32_PLATFORM_ID (17h,
 * read-only; platform 0), IA32_BIOS_SIGN_ID (8Bh) and the SYSENTER MSRs
 * of the models with CPUID.SEP.
 * LIMITATION: the P6 models keep the Pentium's MSR map otherwise (its
 * performance counters at 11h-13h, not the P6's C1h/C2h and 186h/187h;
 * no MTRRs or machine-check banks, which CPUID does not claim). */
enum { MSR_P5_MC_ADDR = 0x0, MSR_P5_MC_TYPE = 0x1, MSR_TR12 = 0xe, MSR_TSC = 0x10,
       MSR_CESR = 0x11, MSR_CTR0 = 0x12, MSR_CTR1 = 0x13, MSR_PLATFORM_ID = 0x17,
       MSR_BIOS_SIGN_ID = 0x8b, MSR_SYSENTER_CS = 0x174, MSR_SYSENTER_ESP = 0x175,
       MSR_SYSENTER_EIP = 0x176 };


static void rdmsr(struct cpu *c, const struct insn *in)
{
    (void)in;
    require_cpl0_or_real(c);
    uint64_t v;
    switch (c->gpr[REG_ECX]) {
    case MSR_P5_MC_ADDR: v = c->msr.mc_addr; break;
    case MSR_P5_MC_TYPE: v = c->msr.mc_type; c->msr.mc_type = 0; break;
    case MSR_TR12: v = c->msr.tr12; break;
    case MSR_TSC: v = c->icount + c->msr.tsc_offset; break;
    case MSR_CESR: v = c->msr.perf_sel; break;
    case MSR_CTR0: v = c->msr.perf_ctr[0]; break;
    case MSR_CTR1: v = c->msr.perf_ctr[1]; break;
    case MSR_PLATFORM_ID:
        if (!is_p6(c))
            cpu_raise_err(c, EXC_GP, 0);
        v = 0;
        break;
    case MSR_BIOS_SIGN_ID:
        if (!is_p6(c))
            cpu_raise_err(c, EXC_GP, 0);
        v = c->msr.bios_sign_id;
        break;
    case MSR_SYSENTER_CS: case MSR_SYSENTER_ESP: case MSR_SYSENTER_EIP:
        if (!has_sep(c))
            cpu_raise_err(c, EXC_GP, 0);
        v = c->gpr[REG_ECX] == MSR_SYSENTER_CS ? c->msr.sysenter_cs
          : c->gpr[REG_ECX] == MSR_SYSENTER_ESP ? c->msr.sysenter_esp : c->msr.sysenter_eip;
        break;
    default: cpu_raise_err(c, EXC_GP, 0);
    }
    c->gpr[REG_EAX] = (uint32_t)v;
    c->gpr[REG_EDX] = (uint32_t)(v >> 32);
}
EXEC_ALL(rdmsr, rdmsr);

static void wrmsr(struct cpu *c, const struct insn *in)
{
    (void)in;
    require_cpl0_or_real(c);
    uint64_t v = ((uint64_t)c->gpr[REG_EDX] << 32) | c->gpr[REG_EAX];
    switch (c->gpr[REG_ECX]) {
    case MSR_P5_MC_ADDR: case MSR_P5_MC_TYPE: break;          /* read-only: ignored */
    case MSR_TR12: c->msr.tr12 = (uint32_t)v; break;
    case MSR_TSC: c->msr.tsc_offset = v - c->icount; break;
    case MSR_CESR: c->msr.perf_sel = (uint32_t)v; break;
    case MSR_CTR0: c->msr.perf_ctr[0] = v & 0xffffffffffull; break;
    case MSR_CTR1: c->msr.perf_ctr[1] = v & 0xffffffffffull; break;
    case MSR_BIOS_SIGN_ID:                  /* software writes 0, then runs CPUID */
        if (!is_p6(c))
            cpu_raise_err(c, EXC_GP, 0);
        c->msr.bios_sign_id = v;
        break;
    /* SDM Vol. 4, IA32_SYSENTER_CS: bits 63:32 are ignored on writes and
     * read as zero; on a processor without Intel 64 so are those of the
     * ESP and EIP MSRs. */
    case MSR_SYSENTER_CS: case MSR_SYSENTER_ESP: case MSR_SYSENTER_EIP:
        if (!has_sep(c))
            cpu_raise_err(c, EXC_GP, 0);
        if (c->gpr[REG_ECX] == MSR_SYSENTER_CS)
            c->msr.sysenter_cs = (uint32_t)v;
        else if (c->gpr[REG_ECX] == MSR_SYSENTER_ESP)
            c->msr.sysenter_esp = (uint32_t)v;
        else
            c->msr.sysenter_eip = (uint32_t)v;
        break;
    default: cpu_raise_err(c, EXC_GP, 0);
    }
}
EXEC_ALL(wrmsr, wrmsr);

/* RDPMC (P6): performance counter ECX (0 or 1), 40 bits wide; at CPL > 0
 * only with CR4.PCE.
 * LIMITATION: the counters count nothing by themselves; they hold what
 * WRMSR put in them. */
static void rdpmc(struct cpu *c, const struct insn *in)
{
    (void)in;
    if (c->mode != MODE_REAL && c->cpl != 0 && !(c->cr4 & CR4_PCE))
        cpu_raise_err(c, EXC_GP, 0);
    uint32_t n = c->gpr[REG_ECX];
    if (n > 1)
        cpu_raise_err(c, EXC_GP, 0);
    c->gpr[REG_EAX] = (uint32_t)c->msr.perf_ctr[n];
    c->gpr[REG_EDX] = (uint32_t)(c->msr.perf_ctr[n] >> 32) & 0xffu;
}
EXEC_ALL(rdpmc, rdpmc);

/* RSM outside system-management mode (which is not modelled) is #UD. */
static void rsm(struct cpu *c, const struct insn *in)
{
    (void)in;
    cpu_raise(c, EXC_UD);
}
EXEC_ALL(rsm, rsm);

/* #UD, except for our own BIOS's service trap: 0F FF with a register-form
 * ModRM (C0h + service) executed from the BIOS ROM's physical range, in any
 * mode, so the services also work when called from V86 mode. */
static void ud(struct cpu *c, const struct insn *in)
{
    if (in->mn == MN_UD0 && (in->modrm >> 6) == 3 && c->bios_trap != NULL) {
        uint32_t lin = c->seg[SEG_CS].base + c->insn_start_eip;
        uint32_t phys = mem_translate(c, lin, ACC_FETCH);
        if (phys >= c->bios_trap_lo && phys <= c->bios_trap_hi &&
            c->bios_trap(c->bios_opaque, c, in->modrm & 0x3fu))
            return;
    }
    cpu_raise(c, EXC_UD);
}
EXEC_ALL(ud, ud);

/* ---- Protected-mode-only descriptor instructions ---- */

static void set_zf(struct cpu *c, bool zf)
{
    flags_materialize(c);
    c->eflags = zf ? c->eflags | EFLAGS_ZF : c->eflags & ~(uint32_t)EFLAGS_ZF;
}

static uint16_t read_sel_operand(struct cpu *c, const struct insn *in)
{
    return (in->flags & INSN_MEM) ? cpu_rd16(c, in->seg, insn_ea(c, in))
                                  : (uint16_t)reg_get(c, in->rm, 2);
}

/* The descriptor a LAR/LSL/VERR/VERW selector names if it is visible at the
 * current privilege; false (ZF = 0) otherwise. */
static bool visible_desc(struct cpu *c, uint16_t sel, struct desc *d)
{
    if ((sel & 0xfffcu) == 0 || !desc_read(c, sel, d))
        return false;
    bool conforming_code = desc_is_seg(d) && (desc_type(d) & 0xc) == 0xc;
    if (!conforming_code && (desc_dpl(d) < c->cpl || desc_dpl(d) < (sel & 3u)))
        return false;
    return true;
}

static void lar(struct cpu *c, const struct insn *in)
{
    require_pm(c);
    struct desc d;
    uint16_t sel = read_sel_operand(c, in);
    bool ok = visible_desc(c, sel, &d);
    if (ok && !desc_is_seg(&d)) {
        static const bool valid[16] = { [1] = 1, [2] = 1, [3] = 1, [4] = 1, [5] = 1,
                                        [9] = 1, [11] = 1, [12] = 1 };
        ok = valid[desc_type(&d)];
    }
    set_zf(c, ok);
    if (ok)
        reg_set(c, in->reg, in->osz, d.hi & 0x00ffff00u);
}
EXEC_ALL(lar, lar);

static void lsl(struct cpu *c, const struct insn *in)
{
    require_pm(c);
    struct desc d;
    uint16_t sel = read_sel_operand(c, in);
    bool ok = visible_desc(c, sel, &d);
    if (ok && !desc_is_seg(&d)) {
        static const bool valid[16] = { [1] = 1, [2] = 1, [3] = 1, [9] = 1, [11] = 1 };
        ok = valid[desc_type(&d)];
    }
    set_zf(c, ok);
    if (ok)
        reg_set(c, in->reg, in->osz, desc_limit(&d));
}
EXEC_ALL(lsl, lsl);

static void verx(struct cpu *c, const struct insn *in, bool write)
{
    require_pm(c);
    struct desc d;
    uint16_t sel = read_sel_operand(c, in);
    bool ok = visible_desc(c, sel, &d) && desc_is_seg(&d);
    if (ok) {
        unsigned type = desc_type(&d);
        ok = write ? !(type & 8) && (type & 2) : !(type & 8) || (type & 2);
    }
    set_zf(c, ok);
}
static void verr(struct cpu *c, const struct insn *in) { verx(c, in, false); }
static void verw(struct cpu *c, const struct insn *in) { verx(c, in, true); }
EXEC_ALL(verr, verr);
EXEC_ALL(verw, verw);

static void arpl(struct cpu *c, const struct insn *in)
{
    require_pm(c);
    uint16_t src = (uint16_t)reg_get(c, in->reg, 2);
    if (in->flags & INSN_MEM) {
        struct rmw m = rmw_begin(c, in->seg, insn_ea(c, in), 2);
        uint16_t dst = (uint16_t)rmw_read(c, &m, 2);
        bool adjust = (dst & 3u) < (src & 3u);
        if (adjust)
            rmw_write(c, &m, 2, (dst & ~3u) | (src & 3u));
        set_zf(c, adjust);
    } else {
        uint16_t dst = (uint16_t)reg_get(c, in->rm, 2);
        bool adjust = (dst & 3u) < (src & 3u);
        if (adjust)
            reg_set(c, in->rm, 2, (dst & ~3u) | (src & 3u));
        set_zf(c, adjust);
    }
}
EXEC_ALL(arpl, arpl);

static void store_sel(struct cpu *c, const struct insn *in, uint16_t sel)
{
    if (in->flags & INSN_MEM)
        cpu_wr16(c, in->seg, insn_ea(c, in), sel);
    else
        reg_set(c, in->rm, in->osz, sel);
}
static void sldt(struct cpu *c, const struct insn *in) { require_pm(c); store_sel(c, in, c->ldtr.sel); }
static void str_(struct cpu *c, const struct insn *in) { require_pm(c); store_sel(c, in, c->tr.sel); }
EXEC_ALL(sldt, sldt);
EXEC_ALL(str, str_);

static void lldt(struct cpu *c, const struct insn *in)
{
    require_pm(c);
    require_cpl0(c);
    uint16_t sel = read_sel_operand(c, in);
    struct desc d;
    if ((sel & 0xfffcu) == 0) {
        seg_cache_null(&c->ldtr, sel);
        return;
    }
    if ((sel & 4) || !desc_read(c, sel, &d) || desc_is_seg(&d) || desc_type(&d) != DESC_LDT)
        cpu_raise_err(c, EXC_GP, sel & 0xfffcu);
    if (!desc_present(&d))
        cpu_raise_err(c, EXC_NP, sel & 0xfffcu);
    seg_cache_load(&c->ldtr, sel, &d);
}
EXEC_ALL(lldt, lldt);

static void ltr(struct cpu *c, const struct insn *in)
{
    require_pm(c);
    require_cpl0(c);
    uint16_t sel = read_sel_operand(c, in);
    struct desc d;
    if ((sel & 0xfffcu) == 0)
        cpu_raise_err(c, EXC_GP, 0);
    if ((sel & 4) || !desc_read(c, sel, &d) || desc_is_seg(&d) ||
        (desc_type(&d) != DESC_TSS16_AVAIL && desc_type(&d) != DESC_TSS32_AVAIL))
        cpu_raise_err(c, EXC_GP, sel & 0xfffcu);
    if (!desc_present(&d))
        cpu_raise_err(c, EXC_NP, sel & 0xfffcu);
    d.hi |= 1u << 9;            /* busy */
    desc_write_hi(c, sel, d.hi);
    seg_cache_load(&c->tr, sel, &d);
}
EXEC_ALL(ltr, ltr);
