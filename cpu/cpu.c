/* cpu/cpu.c: creation, reset (SDM Vol. 3, 9.1.1), EFLAGS access, mode
 * tracking and real-mode segment loads. */
#include "cpu/cpu.h"

#include <stdlib.h>
#include <string.h>

#include "cpu/debug.h"
#include "cpu/dispatch.h"
#include "cpu/flags.h"
#include "cpu/icache.h"
#include "cpu/model.h"
#include "mmu/physmem.h"

struct cpu *cpu_create(const struct cpu_config *cfg, struct phys_mem *mem, struct io_bus *io)
{
    struct cpu *c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    c->icache = icache_create();
    if (c->icache == NULL) {
        free(c);
        return NULL;
    }
    c->cfg = *cfg;
    c->eflags_mask = cpu_model_info(cfg->model)->eflags_mask;
    c->mem = mem;
    c->io = io;
    c->icount_fault = UINT64_MAX;   /* no fault yet */
    c->dctx16 = (struct decode_ctx){ .code32 = 0, .cpu = cfg->model, .handlers = exec_handlers };
    c->dctx32 = (struct decode_ctx){ .code32 = 1, .cpu = cfg->model, .handlers = exec_handlers };
    cpu_reset(c);
    return c;
}

void cpu_destroy(struct cpu *c)
{
    if (c == NULL)
        return;
    icache_destroy(c->icache);
    free(c);
}

static void seg_reset(struct seg_cache *s, uint16_t sel, uint32_t base)
{
    s->sel = sel;
    s->base = base;
    s->limit = 0xffff;
    s->attr = SEG_ATTR_P | SEG_ATTR_S | 0x3;     /* present, read/write, accessed */
    seg_cache_refresh(s, true);
}

void cpu_reset(struct cpu *c)
{
    const struct cpu_model *m = cpu_model_info(c->cfg.model);
    memset(c->gpr, 0, sizeof c->gpr);
    c->gpr[REG_EDX] = m->reset_edx;      /* the processor signature */
    c->eip = 0xfff0;
    c->rep_paused = false;
    c->eflags = EFLAGS_FIXED1;
    c->lazy.op = FLAG_OP_NONE;
    for (unsigned i = 0; i < SEG_COUNT; i++)
        seg_reset(&c->seg[i], 0, 0);
    seg_reset(&c->seg[SEG_CS], 0xf000, 0xffff0000u);
    seg_reset(&c->ldtr, 0, 0);
    c->ldtr.attr = SEG_ATTR_P | 0x2;         /* LDT */
    seg_reset(&c->tr, 0, 0);
    c->tr.attr = SEG_ATTR_P | 0xb;           /* busy 32-bit TSS */
    c->gdtr = (struct dtr){ 0, 0xffff };
    c->idtr = (struct dtr){ 0, 0xffff };
    /* ET is hardwired to 1 on the 486 and Pentium; on a 386 it says whether
     * a 387 (rather than a 287 or nothing) is fitted. */
    c->cr0 = m->cr0_reset | (c->cfg.has_fpu || c->cfg.model != CPU_386 ? CR0_ET : 0);
    c->cr2 = c->cr3 = c->cr4 = 0;
    memset(c->dr, 0, sizeof c->dr);
    c->dr[6] = m->dr6_reset;
    c->dr[7] = 0x400;
    memset(c->tr_test, 0, sizeof c->tr_test);
    memset(&c->msr, 0, sizeof c->msr);
    memset(&c->fpu, 0, sizeof c->fpu);
    c->fpu.cw = 0x0040;                      /* SDM Table 9-1: power-up x87 state */
    c->fpu.tw = 0x5555;
    c->halted = false;
    c->intr_shadow = false;
    c->dbg_shadow = false;
    c->task_trap = false;
    c->nmi_blocked = false;
    /* The PIC still drives INTR; the debugger may still be stepping. */
    c->pending &= PENDING_INTR | (c->debug_step ? PENDING_STEP : 0);
    c->fault_depth = 0;
    c->fault_vector = -1;
    c->last_exception = -1;
    c->first_exception = -1;
    c->a20_mask = 0xffffffffu;
    tlb_flush_all(&c->tlb);
    icache_flush(c->icache);
    cpu_debug_regs_changed(c);      /* DR7 is clear: no breakpoint keeps the slow paths */
}

uint32_t cpu_get_eflags(struct cpu *c)
{
    flags_materialize(c);
    return c->eflags;
}

void cpu_set_eflags(struct cpu *c, uint32_t value, uint32_t mask)
{
    mask &= c->eflags_mask;
    if ((mask & EFLAGS_ARITH) == EFLAGS_ARITH)
        c->lazy.op = FLAG_OP_NONE;  /* all six come from value: none to work out */
    else
        flags_materialize(c);
    uint32_t old = c->eflags;
    c->eflags = ((old & ~mask) | (value & mask) | EFLAGS_FIXED1) &
                ~(uint32_t)(1u << 3 | 1u << 5 | 1u << 15);
    if ((old ^ c->eflags) & (EFLAGS_VM | EFLAGS_TF | EFLAGS_AC | EFLAGS_IF))
        cpu_update_mode(c);
    /* RF (set by IRET) covers only the next instruction (SDM Vol. 3,
     * 17.3.1.1): the run loop runs it alone and clears RF after it (the
     * step path does when it runs). */
    if (c->eflags & EFLAGS_RF)
        c->pending |= PENDING_RF;
}

/* Type and privilege checks apply only outside real mode. */
static NOINLINE void refresh_segs(struct cpu *c)
{
    for (unsigned i = 0; i < SEG_COUNT; i++)
        seg_cache_refresh(&c->seg[i], c->mode == MODE_REAL);
}

void cpu_update_mode(struct cpu *c)
{
    uint8_t old_mode = c->mode;
    c->tlb.fetch_ctx = 0;       /* CS, CPL or the mode may have changed (cpu/run.c) */
    if (!(c->cr0 & CR0_PE))
        c->mode = MODE_REAL;
    else if (c->eflags & EFLAGS_VM)
        c->mode = MODE_V86;
    else
        c->mode = MODE_PROT;
    if (c->mode == MODE_REAL)
        c->cpl = 0;
    else if (c->mode == MODE_V86)
        c->cpl = 3;
    if (old_mode != c->mode && (old_mode == MODE_REAL || c->mode == MODE_REAL))
        refresh_segs(c);
    /* PENDING_INTR means an interrupt can be taken: INTR asserted and IF
     * set.  A request that IF blocks keeps the fast loop free until IF
     * rises (STI, POPF, IRET, a task switch: all come through here). */
    if (c->intr_line && (c->eflags & EFLAGS_IF))
        c->pending |= PENDING_INTR;
    else
        c->pending &= ~(uint32_t)PENDING_INTR;
    bool align = c->cpl == 3 && (c->cr0 & CR0_AM) && (c->eflags & EFLAGS_AC) &&
                 c->cfg.model != CPU_386;
    bool slow = c->slow_mem || align;
    c->tlb_rd = slow ? 0 : c->cpl == 3 ? TLB_UR : TLB_SR;
    c->tlb_wr = slow ? 0 : c->cpl == 3 ? TLB_UW : TLB_SW;
    if (c->eflags & EFLAGS_TF)
        c->pending |= PENDING_STEP;
}

void seg_cache_refresh(struct seg_cache *s, bool is_real)
{
    seg_cache_refresh_inline(s, is_real);
}

void cpu_load_seg_real(struct cpu *c, unsigned seg, uint16_t sel)
{
    struct seg_cache *s = &c->seg[seg];
    if (seg == SEG_CS)
        c->tlb.fetch_ctx = 0;   /* the fetch context changes (cpu/run.c) */
    s->sel = sel;
    s->base = (uint32_t)sel << 4;
    if (c->mode == MODE_V86) {
        /* V86 segments are always 64 KiB read/write data at DPL 3 (SDM 20.2). */
        s->limit = 0xffff;
        s->attr = SEG_ATTR_P | SEG_ATTR_S | 0x60 | 0x3;
        seg_cache_refresh(s, false);
        s->rights = SEG_R | SEG_W | SEG_X;
    } else {
        /* Real mode keeps the cached limit and attributes: unreal mode. */
        seg_cache_refresh(s, true);
    }
}

void cpu_set_a20(struct cpu *c, bool enabled)
{
    uint32_t mask = enabled ? 0xffffffffu : ~(1u << 20);
    if (mask != c->a20_mask) {
        c->a20_mask = mask;
        tlb_flush_all(&c->tlb);
        cpu_end_trace(c);
    }
}

void cpu_set_intr(struct cpu *c, bool level)
{
    c->intr_line = level;
    if (level && (c->eflags & EFLAGS_IF)) {
        c->pending |= PENDING_INTR;
        cpu_end_trace(c);       /* looked at after this instruction, as when stepping */
    } else {
        /* With IF clear the request waits in intr_line: cpu_update_mode()
         * and STI raise PENDING_INTR when IF rises, and the fast loop is
         * not held up by a request it cannot take. */
        c->pending &= ~(uint32_t)PENDING_INTR;
    }
}

void cpu_raise_nmi(struct cpu *c)
{
    c->pending |= PENDING_NMI;
    cpu_end_trace(c);
}

void cpu_flush_decoded(struct cpu *c)
{
    icache_flush(c->icache);
    tlb_new_gen(&c->tlb);
    cpu_end_trace(c);
}
