/* cpu/segment.h: descriptors and segment-register loads in every mode
 * (SDM Vol. 3, chapter 3 and 5; the checks of MOV/POP Sreg and LDS & co. in
 * Vol. 2).  Error codes are selector error codes: index and TI from the
 * selector, EXT set for events not caused by the instruction. */
#ifndef VIREO_CPU_SEGMENT_H
#define VIREO_CPU_SEGMENT_H

#include "cpu/cpu.h"
#include "util/le.h"

/* A raw 8-byte descriptor. */
struct desc {
    uint32_t lo, hi;
};

/* Descriptor fields. */
static inline uint32_t desc_base(const struct desc *d)
{
    return (d->lo >> 16) | ((d->hi & 0xffu) << 16) | (d->hi & 0xff000000u);
}
static inline uint32_t desc_limit(const struct desc *d)
{
    uint32_t limit = (d->lo & 0xffffu) | (d->hi & 0xf0000u);
    return (d->hi & (1u << 23)) ? (limit << 12) | 0xfffu : limit;
}
static inline uint16_t desc_attr(const struct desc *d)
{
    return (uint16_t)((d->hi >> 8) & 0xf0ffu);
}
static inline unsigned desc_dpl(const struct desc *d) { return (d->hi >> 13) & 3; }
static inline bool desc_present(const struct desc *d) { return (d->hi & (1u << 15)) != 0; }
static inline bool desc_is_seg(const struct desc *d) { return (d->hi & (1u << 12)) != 0; }
static inline unsigned desc_type(const struct desc *d) { return (d->hi >> 8) & 0xfu; }
/* Gate fields. */
static inline uint16_t gate_selector(const struct desc *d) { return (uint16_t)(d->lo >> 16); }
static inline uint32_t gate_offset(const struct desc *d)
{
    return (d->lo & 0xffffu) | (d->hi & 0xffff0000u);
}

/* System descriptor types (S = 0). */
enum {
    DESC_TSS16_AVAIL = 1, DESC_LDT = 2, DESC_TSS16_BUSY = 3, DESC_CALL16 = 4,
    DESC_TASK = 5, DESC_INT16 = 6, DESC_TRAP16 = 7, DESC_TSS32_AVAIL = 9,
    DESC_TSS32_BUSY = 11, DESC_CALL32 = 12, DESC_INT32 = 14, DESC_TRAP32 = 15,
};

/* The linear address of the descriptor sel names in the GDT or LDT; false
 * when the selector's index lies beyond the table limit (or the LDT is
 * unusable).  Reads nothing: the debugger uses it too. */
bool desc_locate(const struct cpu *c, uint16_t sel, uint32_t *lin);
/* Read that descriptor (faults of the reads are the caller's).  Inline for
 * a GDT descriptor the TLB lets us read in one piece; desc_read_slow()
 * does the rest. */
bool desc_read_slow(struct cpu *c, uint16_t sel, struct desc *d);
static inline bool desc_read(struct cpu *c, uint16_t sel, struct desc *d)
{
    uint32_t off = sel & 0xfff8u;
    if (!(sel & 4) && off + 7 <= c->gdtr.limit && !c->slow_mem) {
        uint32_t lin = c->gdtr.base + off;
        const struct tlb_entry *e = tlb_slot(&c->tlb, lin);
        if (e->lpn == lin >> 12 && (e->allow & TLB_SR) && (lin & 0xfffu) <= 0xff8u) {
            const uint8_t *p = e->host + (lin & 0xfffu);
            d->lo = load_le32(p);
            d->hi = load_le32(p + 4);
            return true;
        }
    }
    return desc_read_slow(c, sel, d);
}
/* Write back the high dword (accessed and busy bits). */
void desc_write_hi(struct cpu *c, uint16_t sel, uint32_t hi);
/* Set the accessed bit of a code/data descriptor if it is clear. */
void desc_touch(struct cpu *c, uint16_t sel, struct desc *d);
/* Fill a descriptor cache from a descriptor. */
static inline void seg_cache_load(struct seg_cache *s, uint16_t sel, const struct desc *d)
{
    s->sel = sel;
    s->base = desc_base(d);
    s->limit = desc_limit(d);
    s->attr = desc_attr(d);
    seg_cache_refresh_inline(s, false);
}
/* A null (unusable) data segment register in protected mode. */
void seg_cache_null(struct seg_cache *s, uint16_t sel);

/* MOV Sreg / POP Sreg / LxS: load a data or stack segment register with all
 * the checks of the current mode. */
void cpu_load_seg(struct cpu *c, unsigned seg, uint16_t sel);
/* Load CS for a control transfer once its checks have passed. */
static inline void cpu_load_cs(struct cpu *c, uint16_t sel, const struct desc *d, unsigned cpl)
{
    seg_cache_load(&c->seg[SEG_CS], (uint16_t)((sel & 0xfffcu) | cpl), d);
    c->cpl = (uint8_t)cpl;
    cpu_update_mode(c);
}

/* MOV SS and POP SS hold off interrupts and debug traps for one instruction. */
void cpu_ss_shadow(struct cpu *c);

/* The data segment registers a privilege drop invalidates (SDM RET, IRET). */
void seg_invalidate_for_cpl(struct cpu *c);

#endif
