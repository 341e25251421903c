/* cpu/segment.c: see segment.h. */
#include "cpu/segment.h"

#include "cpu/exec.h"

bool desc_locate(const struct cpu *c, uint16_t sel, uint32_t *lin)
{
    uint32_t base, limit;
    if (sel & 4) {
        /* The LDT must be loaded (a present LDT descriptor in LDTR). */
        if ((c->ldtr.sel & 0xfffcu) == 0 || !(c->ldtr.attr & SEG_ATTR_P))
            return false;
        base = c->ldtr.base;
        limit = c->ldtr.limit;
    } else {
        base = c->gdtr.base;
        limit = c->gdtr.limit;
    }
    uint32_t off = sel & 0xfff8u;
    if (off + 7 > limit)
        return false;
    *lin = base + off;
    return true;
}

bool desc_read_slow(struct cpu *c, uint16_t sel, struct desc *d)
{
    uint32_t lin;
    if (!desc_locate(c, sel, &lin))
        return false;
    d->lo = sys_read(c, lin, 4);
    d->hi = sys_read(c, lin + 4, 4);
    return true;
}

void desc_write_hi(struct cpu *c, uint16_t sel, uint32_t hi)
{
    uint32_t base = (sel & 4) ? c->ldtr.base : c->gdtr.base;
    sys_write(c, base + (sel & 0xfff8u) + 4, 4, hi);
}

void desc_touch(struct cpu *c, uint16_t sel, struct desc *d)
{
    if (desc_is_seg(d) && !(d->hi & (1u << 8))) {
        d->hi |= 1u << 8;
        desc_write_hi(c, sel, d->hi);
    }
}

void seg_cache_null(struct seg_cache *s, uint16_t sel)
{
    s->sel = sel;
    s->base = 0;
    s->limit = 0;
    s->attr = 0;                /* not present: every access is #GP(0) */
    seg_cache_refresh(s, false);
}

static _Noreturn void sel_fault(struct cpu *c, uint8_t vector, uint16_t sel)
{
    cpu_raise_err(c, vector, sel & 0xfffcu);
}

/* The checks and the cache a load gives are a function of the selector, the
 * descriptor, the CPL and the register kind: a load that matches a recent
 * successful one on all of them (the descriptor read afresh, with its
 * accessed bit already set, so there is nothing to write) gives the same
 * cache without redoing them.  System calls reload the same few selectors. */
static inline bool memo_load(struct cpu *c, struct seg_cache *s, uint16_t sel,
                             const struct desc *d, bool is_ss)
{
    const struct seg_memo *m = &c->seg_memo[(sel >> 3) & 3];
    if (m->sel != sel || m->lo != d->lo || m->hi != d->hi || m->cpl != c->cpl ||
        m->is_ss != is_ss)
        return false;
    *s = m->sc;
    return true;
}

static inline void memo_store(struct cpu *c, const struct seg_cache *s, uint16_t sel,
                              const struct desc *d, bool is_ss)
{
    struct seg_memo *m = &c->seg_memo[(sel >> 3) & 3];
    *m = (struct seg_memo){ .lo = d->lo, .hi = d->hi, .sel = sel, .cpl = c->cpl,
                            .is_ss = is_ss, .sc = *s };
}

/* SS: a writable data segment with RPL = DPL = CPL (SDM MOV, "IF SS is loaded"). */
static void load_ss_pm(struct cpu *c, uint16_t sel)
{
    struct desc d;
    if ((sel & 0xfffcu) == 0)
        cpu_raise_err(c, EXC_GP, 0);
    if (!desc_read(c, sel, &d))
        sel_fault(c, EXC_GP, sel);
    if (memo_load(c, &c->seg[SEG_SS], sel, &d, true))
        return;
    unsigned type = desc_type(&d);
    if ((sel & 3) != c->cpl || !desc_is_seg(&d) || (type & 8) || !(type & 2) ||
        desc_dpl(&d) != c->cpl)
        sel_fault(c, EXC_GP, sel);
    if (!desc_present(&d))
        sel_fault(c, EXC_SS, sel);
    desc_touch(c, sel, &d);
    seg_cache_load(&c->seg[SEG_SS], sel, &d);
    memo_store(c, &c->seg[SEG_SS], sel, &d, true);
}

/* DS ES FS GS: a null selector, or data / readable code whose DPL admits
 * both CPL and RPL unless it is conforming code. */
static void load_data_pm(struct cpu *c, unsigned seg, uint16_t sel)
{
    struct desc d;
    if ((sel & 0xfffcu) == 0) {
        seg_cache_null(&c->seg[seg], sel);
        return;
    }
    if (!desc_read(c, sel, &d))
        sel_fault(c, EXC_GP, sel);
    if (memo_load(c, &c->seg[seg], sel, &d, false))
        return;
    unsigned type = desc_type(&d);
    bool code = (type & 8) != 0;
    if (!desc_is_seg(&d) || (code && !(type & 2)))
        sel_fault(c, EXC_GP, sel);
    bool conforming_code = code && (type & 4);
    if (!conforming_code && ((sel & 3u) > desc_dpl(&d) || c->cpl > desc_dpl(&d)))
        sel_fault(c, EXC_GP, sel);
    if (!desc_present(&d))
        sel_fault(c, EXC_NP, sel);
    desc_touch(c, sel, &d);
    seg_cache_load(&c->seg[seg], sel, &d);
    memo_store(c, &c->seg[seg], sel, &d, false);
}

void cpu_load_seg(struct cpu *c, unsigned seg, uint16_t sel)
{
    if (c->mode != MODE_PROT) {
        cpu_load_seg_real(c, seg, sel);
        return;
    }
    if (seg == SEG_SS)
        load_ss_pm(c, sel);
    else
        load_data_pm(c, seg, sel);
}

void cpu_ss_shadow(struct cpu *c)
{
    c->intr_shadow = true;
    c->dbg_shadow = true;
    /* The shadow covers only the next instruction (SDM MOV, POP: "inhibits
     * interrupts until the end of the next instruction"): leave the trace so
     * that the run loop runs that one instruction and ends the shadow. */
    cpu_end_trace(c);
    c->pending |= PENDING_STEP;
}

/* SDM RET/IRET: data and non-conforming code segments whose DPL is below
 * the new CPL become null. */
static inline void invalidate_for_cpl(struct seg_cache *s, unsigned cpl)
{
    unsigned type = s->attr & SEG_ATTR_TYPE;
    bool conforming_code = (type & 0xc) == 0xc;
    unsigned dpl = (s->attr >> 5) & 3;
    if ((s->attr & SEG_ATTR_S) && !conforming_code && dpl < cpl)
        seg_cache_null(s, 0);
}

void seg_invalidate_for_cpl(struct cpu *c)
{
    invalidate_for_cpl(&c->seg[SEG_ES], c->cpl);
    invalidate_for_cpl(&c->seg[SEG_DS], c->cpl);
    invalidate_for_cpl(&c->seg[SEG_FS], c->cpl);
    invalidate_for_cpl(&c->seg[SEG_GS], c->cpl);
}
