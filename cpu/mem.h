/* cpu/mem.h: guest memory as the CPU sees it: segment checks, then linear
 * addresses through the software TLB.  The hit paths are small inline
 * functions; everything unusual (a TLB miss, MMIO, a page crossing, a page
 * with decoded code, a watched page, alignment checking) takes the slow
 * path in mem.c, which may raise #GP, #SS, #PF or #AC.
 * Sizes are 1, 2 or 4 and compile-time constants in most callers. */
#ifndef VIREO_CPU_MEM_H
#define VIREO_CPU_MEM_H

#include "cpu/cpu.h"
#include "util/le.h"

/* Access kinds for the slow paths. */
enum {
    ACC_READ  = 0,
    ACC_WRITE = 1u << 0,
    ACC_FETCH = 1u << 1,
    ACC_SYS   = 1u << 2,        /* implicit supervisor access (GDT, IDT, TSS) */
};

uint32_t mem_read_slow(struct cpu *c, uint32_t lin, unsigned size, unsigned acc);
void mem_write_slow(struct cpu *c, uint32_t lin, unsigned size, uint32_t v, unsigned acc);
/* lin_rmw_ptr()'s miss: prepare [lin, lin+size) for writing (faulting if
 * need be), then the host pointer if the refilled TLB now allows fast
 * writes, else NULL. */
uint8_t *mem_rmw_slow(struct cpu *c, uint32_t lin, unsigned size);
/* Translate every page of [lin, lin+size) for writing (faulting if need be)
 * without storing: after it, stores to the range cannot fault. */
void mem_prepare_write(struct cpu *c, uint32_t lin, unsigned size, unsigned acc);
/* Translate lin for acc, raising #PF on failure; fills the TLB. */
uint32_t mem_translate(struct cpu *c, uint32_t lin, unsigned acc);
_Noreturn void seg_fault(struct cpu *c, unsigned seg, uint32_t off, unsigned size,
                         unsigned right);

static ALWAYS_INLINE uint32_t load_size(const uint8_t *p, unsigned size)
{
    return size == 1 ? p[0] : size == 2 ? load_le16(p) : load_le32(p);
}

static ALWAYS_INLINE void store_size(uint8_t *p, unsigned size, uint32_t v)
{
    if (size == 1)
        p[0] = (uint8_t)v;
    else if (size == 2)
        store_le16(p, (uint16_t)v);
    else
        store_le32(p, v);
}

/* ---- Linear addresses ---- */

static ALWAYS_INLINE uint32_t lin_read(struct cpu *c, uint32_t lin, unsigned size)
{
    const struct tlb_entry *e = tlb_slot(&c->tlb, lin);
    uint32_t off = lin & 0xfffu;
    if (e->lpn == lin >> 12 && (e->allow & c->tlb_rd) && off <= 0x1000u - size)
        return load_size(e->host + off, size);
    return mem_read_slow(c, lin, size, ACC_READ);
}

static ALWAYS_INLINE void lin_write(struct cpu *c, uint32_t lin, unsigned size, uint32_t v)
{
    const struct tlb_entry *e = tlb_slot(&c->tlb, lin);
    uint32_t off = lin & 0xfffu;
    if (e->lpn == lin >> 12 && (e->allow & c->tlb_wr) && off <= 0x1000u - size) {
        store_size(e->host + off, size, v);
        return;
    }
    mem_write_slow(c, lin, size, v, ACC_WRITE);
}

/* A host pointer for a read-modify-write of [lin, lin+size), or NULL after
 * preparing the slow path; either way the write can no longer fault. */
static ALWAYS_INLINE uint8_t *lin_rmw_ptr(struct cpu *c, uint32_t lin, unsigned size)
{
    const struct tlb_entry *e = tlb_slot(&c->tlb, lin);
    uint32_t off = lin & 0xfffu;
    if (e->lpn == lin >> 12 && (e->allow & c->tlb_wr) && off <= 0x1000u - size)
        return e->host + off;
    return mem_rmw_slow(c, lin, size);
}

/* ---- Segmented addresses ---- */

/* The linear address of seg:off for an access of `size` bytes needing the
 * SEG_R or SEG_W right; raises #GP(0) or #SS(0) when outside the segment. */
static ALWAYS_INLINE uint32_t seg_lin(struct cpu *c, unsigned seg, uint32_t off, unsigned size,
                               unsigned right)
{
    const struct seg_cache *s = &c->seg[seg];
    if ((s->rights & right) == right && off >= s->valid_lo && (uint64_t)off + (size - 1) <= s->valid_hi)
        return s->base + off;
    seg_fault(c, seg, off, size, right);
}

static ALWAYS_INLINE uint32_t cpu_rd(struct cpu *c, unsigned seg, uint32_t off, unsigned size)
{
    return lin_read(c, seg_lin(c, seg, off, size, SEG_R), size);
}

static ALWAYS_INLINE void cpu_wr(struct cpu *c, unsigned seg, uint32_t off, unsigned size, uint32_t v)
{
    lin_write(c, seg_lin(c, seg, off, size, SEG_W), size, v);
}

static ALWAYS_INLINE uint8_t cpu_rd8(struct cpu *c, unsigned seg, uint32_t off)
{
    return (uint8_t)cpu_rd(c, seg, off, 1);
}
static ALWAYS_INLINE uint16_t cpu_rd16(struct cpu *c, unsigned seg, uint32_t off)
{
    return (uint16_t)cpu_rd(c, seg, off, 2);
}
static ALWAYS_INLINE uint32_t cpu_rd32(struct cpu *c, unsigned seg, uint32_t off)
{
    return cpu_rd(c, seg, off, 4);
}
static ALWAYS_INLINE void cpu_wr8(struct cpu *c, unsigned seg, uint32_t off, uint8_t v)
{
    cpu_wr(c, seg, off, 1, v);
}
static ALWAYS_INLINE void cpu_wr16(struct cpu *c, unsigned seg, uint32_t off, uint16_t v)
{
    cpu_wr(c, seg, off, 2, v);
}
static ALWAYS_INLINE void cpu_wr32(struct cpu *c, unsigned seg, uint32_t off, uint32_t v)
{
    cpu_wr(c, seg, off, 4, v);
}

/* A read-modify-write reference: check once, then read and write freely. */
struct rmw {
    uint8_t *host;              /* direct pointer, or NULL for the slow path */
    uint32_t lin;
};

static ALWAYS_INLINE struct rmw rmw_begin(struct cpu *c, unsigned seg, uint32_t off, unsigned size)
{
    struct rmw r;
    r.lin = seg_lin(c, seg, off, size, SEG_R | SEG_W);
    r.host = lin_rmw_ptr(c, r.lin, size);
    return r;
}

static ALWAYS_INLINE uint32_t rmw_read(struct cpu *c, const struct rmw *r, unsigned size)
{
    return r->host ? load_size(r->host, size) : mem_read_slow(c, r->lin, size, ACC_READ);
}

static ALWAYS_INLINE void rmw_write(struct cpu *c, const struct rmw *r, unsigned size, uint32_t v)
{
    if (r->host)
        store_size(r->host, size, v);
    else
        mem_write_slow(c, r->lin, size, v, ACC_WRITE);
}

/* System-table accesses (descriptors, TSS, IDT, inner stacks): supervisor
 * regardless of CPL.  They use the TLB's supervisor rights on the fast
 * path, unless memory is being watched (debug registers, the debugger). */
static inline uint32_t sys_read(struct cpu *c, uint32_t lin, unsigned size)
{
    const struct tlb_entry *e = tlb_slot(&c->tlb, lin);
    uint32_t off = lin & 0xfffu;
    if (e->lpn == lin >> 12 && (e->allow & TLB_SR) && off <= 0x1000u - size && !c->slow_mem)
        return load_size(e->host + off, size);
    return mem_read_slow(c, lin, size, ACC_SYS);
}
static inline void sys_write(struct cpu *c, uint32_t lin, unsigned size, uint32_t v)
{
    const struct tlb_entry *e = tlb_slot(&c->tlb, lin);
    uint32_t off = lin & 0xfffu;
    if (e->lpn == lin >> 12 && (e->allow & TLB_SW) && off <= 0x1000u - size && !c->slow_mem) {
        store_size(e->host + off, size, v);
        return;
    }
    mem_write_slow(c, lin, size, v, ACC_SYS | ACC_WRITE);
}

#endif
