/* debugger/memory.c: guest memory as the debugger (and gdb) sees it.
 * Linear addresses translate like a supervisor read, through the page
 * walker in peek mode (no accessed/dirty bits, no #PF, no TLB fill);
 * physical reads take RAM and ROM directly and refuse MMIO, whose reads
 * have side effects (the VGA's latches).  Writes go through
 * mmu/physmem.c, so decoded code that they change is dropped.
 * LIMITATION: MMIO (the VGA window A0000h-BFFFFh, the VBE framebuffer) is
 * not readable from the debugger. */
#include <string.h>

#include "cpu/segment.h"
#include "debugger/internal.h"
#include "machine/machine.h"
#include "mmu/physmem.h"

void dbg_walk_regs(const struct debugger *d, struct walk_regs *r)
{
    const struct cpu *c = d->c;
    *r = (struct walk_regs){ .cr0 = c->cr0, .cr3 = c->cr3, .cr4 = c->cr4,
                             .a20_mask = c->a20_mask, .has_wp = c->cfg.model != CPU_386 };
}

bool dbg_translate(struct debugger *d, uint32_t lin, uint32_t *phys)
{
    struct cpu *c = d->c;
    if (!(c->cr0 & CR0_PG)) {
        *phys = lin & c->a20_mask;
        return true;
    }
    struct walk_regs r;
    struct walk_result w;
    dbg_walk_regs(d, &r);
    mmu_walk(c->mem, &r, lin, WALK_PEEK, &w);
    if (!w.ok)
        return false;
    *phys = w.phys;
    return true;
}

static bool is_mmio(const struct phys_mem *pm, uint32_t phys)
{
    for (unsigned i = 0; i < pm->nregion; i++) {
        const struct phys_region *r = &pm->region[i];
        if (r->kind == PHYS_MMIO && phys >= r->base && phys - r->base < r->size)
            return true;
    }
    return false;
}

uint32_t dbg_read_phys(struct debugger *d, uint32_t phys, uint8_t *buf, uint32_t n)
{
    struct phys_mem *pm = d->c->mem;
    uint32_t done = 0;
    while (done < n) {
        uint32_t p = phys + done;
        if (p < phys)
            break;                              /* wrapped past 4 GiB */
        uint32_t chunk = 0x1000u - (p & 0xfffu);
        if (chunk > n - done)
            chunk = n - done;
        const uint8_t *host = phys_page_host(pm, p, false);
        if (host != NULL) {
            memcpy(buf + done, host + (p & 0xfffu), chunk);
            done += chunk;
            continue;
        }
        /* Not one plain page: byte by byte, stopping at MMIO. */
        for (uint32_t i = 0; i < chunk; i++) {
            if (is_mmio(pm, p + i))
                return done;
            buf[done++] = phys_read8(pm, p + i);
        }
    }
    return done;
}

uint32_t dbg_write_phys(struct debugger *d, uint32_t phys, const uint8_t *buf, uint32_t n)
{
    struct phys_mem *pm = d->c->mem;
    for (uint32_t i = 0; i < n; i++) {
        if (phys + i < phys)
            return i;
        phys_write8(pm, phys + i, buf[i]);
    }
    return n;
}

/* Linear memory page by page as the CPU would translate it, without
 * faults or A/D updates, read into `into` or written from `from` (the
 * other is NULL); stops at the first page that does not translate. */
static uint32_t copy_lin(struct debugger *d, uint32_t lin, uint8_t *into, const uint8_t *from,
                         uint32_t n)
{
    uint32_t done = 0;
    while (done < n) {
        uint32_t l = lin + done;
        uint32_t chunk = 0x1000u - (l & 0xfffu);
        if (chunk > n - done)
            chunk = n - done;
        uint32_t phys;
        if (!dbg_translate(d, l, &phys))
            return done;
        uint32_t moved = from != NULL ? dbg_write_phys(d, phys, from + done, chunk)
                                      : dbg_read_phys(d, phys, into + done, chunk);
        done += moved;
        if (moved < chunk)
            return done;
    }
    return done;
}

uint32_t dbg_read_lin(struct debugger *d, uint32_t lin, uint8_t *buf, uint32_t n)
{
    return copy_lin(d, lin, buf, NULL, n);
}

uint32_t dbg_write_lin(struct debugger *d, uint32_t lin, const uint8_t *buf, uint32_t n)
{
    return copy_lin(d, lin, NULL, buf, n);
}

bool dbg_read_lin_u32(struct debugger *d, uint32_t lin, unsigned size, uint32_t *v)
{
    uint8_t b[4] = { 0 };
    if (dbg_read_lin(d, lin, b, size) != size)
        return false;
    *v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    return true;
}

bool dbg_read_desc(struct debugger *d, uint16_t sel, uint32_t *lo, uint32_t *hi)
{
    uint32_t lin;
    return desc_locate(d->c, sel, &lin) && dbg_read_lin_u32(d, lin, 4, lo) &&
           dbg_read_lin_u32(d, lin + 4, 4, hi);
}

bool dbg_seg_base(struct debugger *d, uint16_t sel, uint32_t *base, bool *is32)
{
    struct cpu *c = d->c;
    if (!cpu_is_prot(c) || cpu_is_v86(c)) {
        *base = (uint32_t)sel << 4;
        *is32 = false;
        return true;
    }
    for (unsigned i = 0; i < SEG_COUNT; i++) {
        if (c->seg[i].sel == sel && c->seg[i].rights != 0) {
            *base = c->seg[i].base;
            *is32 = (c->seg[i].attr & SEG_ATTR_DB) != 0;
            return true;
        }
    }
    struct desc ds;
    if ((sel & 0xfffcu) == 0 || !dbg_read_desc(d, sel, &ds.lo, &ds.hi))
        return false;
    *base = desc_base(&ds);
    *is32 = (ds.hi & (1u << 22)) != 0;
    return true;
}
