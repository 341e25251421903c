/* mmu/tlb.h: the software TLB on the CPU's memory fast path.
 * Direct-mapped by linear page.  An entry grants fast access only to plain
 * RAM or ROM pages; MMIO, page-crossing accesses, pages holding decoded code
 * (for writes) and pages whose dirty bit is not yet set (for writes) take the
 * slow path, which walks, checks, fills and sets A/D bits. */
#ifndef VIREO_MMU_TLB_H
#define VIREO_MMU_TLB_H

#include <stdint.h>

#define TLB_BITS 10
#define TLB_ENTRIES (1u << TLB_BITS)
#define TLB_NO_PAGE 0xffffffffu     /* a tag no linear page number has (>= 2^20) */

/* tlb_entry.allow: which accesses may use the host pointer directly. */
enum {
    TLB_SR = 1u << 0,           /* supervisor read (and execute) */
    TLB_SW = 1u << 1,           /* supervisor write */
    TLB_UR = 1u << 2,           /* user read (and execute) */
    TLB_UW = 1u << 3,           /* user write */
};

struct tlb_entry {
    uint32_t lpn;               /* linear page number, or TLB_NO_PAGE */
    uint32_t ppn;               /* physical page number (A20 applied) */
    uint8_t *host;              /* host address of the page's first byte */
    uint8_t allow;              /* TLB_* rights granted to the fast path (host set) */
    uint8_t perm;               /* TLB_* rights the translation grants (slow path) */
    uint8_t global;             /* from a PTE with G set under CR4.PGE */
    uint8_t ram;                /* host is writable RAM (stores may go there once checked) */
};

struct tlb {
    struct tlb_entry e[TLB_ENTRIES];
    uint32_t gen;               /* bumped by every flush */
    uint32_t fetch_ctx;         /* the CPU's code-fetch context id (cpu/run.c): 0 after
                                   any flush, so it is recomputed under the new gen */
    uint64_t code_pages;        /* a filter of the linear pages code was fetched from
                                   since the last flush of all: flushing a page
                                   outside it keeps gen and fetch_ctx */
};

static inline struct tlb_entry *tlb_slot(struct tlb *t, uint32_t lin)
{
    return &t->e[(lin >> 12) & (TLB_ENTRIES - 1)];
}

/* The bit of tlb.code_pages for the page holding lin. */
static inline uint64_t tlb_code_page_bit(uint32_t lin)
{
    return 1ull << (((lin >> 12) * 0x9e3779b1u) >> 26);
}

/* Move gen on (forgetting fetch_ctx and code_pages): every flush that may
 * change a code translation does, and the CPU does when its decoded code
 * goes (the trace links were made under the old generation). */
void tlb_new_gen(struct tlb *t);
void tlb_flush_all(struct tlb *t);
void tlb_flush_nonglobal(struct tlb *t);
void tlb_flush_page(struct tlb *t, uint32_t lin);
/* Drop every entry in the 4 MiB region holding lin (INVLPG when 4 MiB pages
 * may be cached: their translations sit in the TLB one 4 KiB page each). */
void tlb_flush_region4m(struct tlb *t, uint32_t lin);
/* Withdraw fast write rights for every entry that maps physical page ppn. */
void tlb_revoke_write(struct tlb *t, uint32_t ppn);

#endif
