/* tests/difftest/side_vireo.c: one sequence in Vireo: a Pentium (or, for
 * the x87 difftest, a Pentium II) with an FPU over DT_RAM of RAM and an
 * empty port bus, loaded with the state the KVM side gets, run until HLT,
 * a triple fault or the budget. */
#include "tests/difftest/dt.h"

#include <stdio.h>
#include <stdlib.h>

#include "cpu/cpu.h"
#include "cpu/flags.h"
#include "devices/bus.h"
#include "mmu/physmem.h"

#define VSIDE_BUDGET 20000u

struct vside {
    struct logger log;
    struct phys_mem mem;
    struct io_bus bus;
    struct cpu *c;
};

static void quiet(void *opaque, enum log_level lvl, const char *line)
{
    (void)opaque;
    (void)lvl;
    (void)line;
}

struct vside *vside_create(unsigned model)
{
    struct vside *v = calloc(1, sizeof *v);
    if (v == NULL)
        return NULL;
    v->log.level = LOG_ERROR;
    v->log.sink = quiet;
    struct emu_err err;
    if (phys_create(&v->mem, DT_RAM, &v->log, &err) != 0) {
        free(v);
        return NULL;
    }
    bus_init(&v->bus, &v->log);
    struct cpu_config cfg = { .model = (uint8_t)model, .has_fpu = true };
    v->c = cpu_create(&cfg, &v->mem, &v->bus);
    if (v->c == NULL) {
        phys_destroy(&v->mem);
        free(v);
        return NULL;
    }
    return v;
}

void vside_destroy(struct vside *v)
{
    if (v == NULL)
        return;
    cpu_destroy(v->c);
    phys_destroy(&v->mem);
    free(v);
}

uint8_t *vside_ram(struct vside *v)
{
    return v->mem.ram;
}

const struct fpu_state *vside_fpu(const struct vside *v)
{
    return &v->c->fpu;
}

void vside_write(struct vside *v, uint32_t phys, const void *src, size_t n)
{
    phys_write_block(&v->mem, phys, src, n);
}

static void load_seg(struct seg_cache *s, const struct dt_seg *d, bool real)
{
    s->sel = d->sel;
    s->base = d->base;
    s->limit = d->limit;
    s->attr = d->attr;
    seg_cache_refresh(s, real);
}

static void save_seg(struct dt_seg *d, const struct seg_cache *s)
{
    d->sel = s->sel;
    d->base = s->base;
    d->limit = s->limit;
    d->attr = s->attr;
}

void vside_run(struct vside *v, const struct dt_state *in, struct dt_outcome *out)
{
    struct cpu *c = v->c;
    cpu_reset(c);
    for (unsigned r = 0; r < 8; r++)
        c->gpr[r] = in->gpr[r];
    c->eip = in->eip;
    c->eflags = in->eflags;
    c->lazy.op = FLAG_OP_NONE;
    c->cr0 = in->cr0;
    c->cr2 = in->cr2;
    c->cr3 = in->cr3;
    c->cr4 = in->cr4;
    c->gdtr = (struct dtr){ in->gdt_base, in->gdt_limit };
    c->idtr = (struct dtr){ in->idt_base, in->idt_limit };
    cpu_update_mode(c);
    bool real = !(in->cr0 & CR0_PE);
    for (unsigned s = 0; s < SEG_COUNT; s++)
        load_seg(&c->seg[s], &in->seg[s], real);
    load_seg(&c->tr, &in->tr, false);
    load_seg(&c->ldtr, &in->ldtr, false);
    c->cpl = 0;
    cpu_update_mode(c);
    tlb_flush_all(&c->tlb);

    enum cpu_exit ex = cpu_run(c, VSIDE_BUDGET);
    out->note[0] = 0;
    switch (ex) {
    case CPU_EXIT_HALT: out->end = DT_END_HALT; break;
    case CPU_EXIT_RESET: out->end = DT_END_SHUTDOWN; break;
    default:
        out->end = DT_END_STUCK;
        snprintf(out->note, sizeof out->note, "no HLT within %u instructions", VSIDE_BUDGET);
        break;
    }
    struct dt_state *st = &out->st;
    for (unsigned r = 0; r < 8; r++)
        st->gpr[r] = c->gpr[r];
    st->eip = c->eip;
    st->eflags = cpu_get_eflags(c);
    for (unsigned s = 0; s < SEG_COUNT; s++)
        save_seg(&st->seg[s], &c->seg[s]);
    save_seg(&st->tr, &c->tr);
    save_seg(&st->ldtr, &c->ldtr);
    st->cr0 = c->cr0;
    st->cr2 = c->cr2;
    st->cr3 = c->cr3;
    st->cr4 = c->cr4;
    st->gdt_base = c->gdtr.base;
    st->gdt_limit = c->gdtr.limit;
    st->idt_base = c->idtr.base;
    st->idt_limit = c->idtr.limit;
}
