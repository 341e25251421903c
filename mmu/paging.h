/* mmu/paging.h: the 32-bit page walker (SDM Vol. 3, 4.3 and 4.6): 4 KiB
 * pages, 4 MiB pages under CR4.PSE, global pages under CR4.PGE, CR0.WP, the
 * U/S and R/W combination rules, accessed and dirty bits.  It needs only
 * physical memory and the control registers, so tests drive it alone.
 * LIMITATION: no PAE (the Pentium Pro's) and no PSE-36. */
#ifndef VIREO_MMU_PAGING_H
#define VIREO_MMU_PAGING_H

#include <stdbool.h>
#include <stdint.h>

#include "mmu/physmem.h"
#include "util/le.h"

/* Access kinds (combine). */
enum {
    WALK_WRITE = 1u << 0,       /* a store */
    WALK_USER  = 1u << 1,       /* CPL 3 (and not an implicit supervisor access) */
    WALK_FETCH = 1u << 2,       /* an instruction fetch (for the debugger's report) */
    WALK_PEEK  = 1u << 3,       /* translate only: touch no A/D bits, never fault */
};

/* #PF error code bits (SDM Vol. 3, 6.15). */
enum { PF_P = 1u << 0, PF_W = 1u << 1, PF_U = 1u << 2 };

struct walk_regs {
    uint32_t cr0, cr3, cr4;
    uint32_t a20_mask;          /* applied to every physical address made */
    bool has_wp;                /* CR0.WP exists (486 and later) */
};

struct walk_result {
    uint32_t phys;              /* the translation of lin (valid when ok) */
    bool ok;
    uint32_t error_code;        /* #PF error code when !ok */
    bool user_ok, write_ok_user, write_ok_sup;   /* what the entry allows */
    bool dirty;                 /* the D bit is set (after this access) */
    bool global;
    bool large;                 /* a 4 MiB page */
    uint32_t pde, pte;          /* the entries as read (pte = 0 for large pages) */
    uint32_t pde_addr, pte_addr;
};

/* Translate lin for the access `kind`.  Unless WALK_PEEK, sets A (and D on
 * a write) as the processor does, and reports a fault in error_code. */
void mmu_walk(struct phys_mem *pm, const struct walk_regs *r, uint32_t lin, unsigned kind,
              struct walk_result *out);

/* mmu_walk() itself, inline for the CPU's TLB fill (the compiler drops what
 * the caller does not use of *out). */
enum { MMU_PTE_P = 1u << 0, MMU_PTE_RW = 1u << 1, MMU_PTE_US = 1u << 2, MMU_PTE_A = 1u << 5,
       MMU_PTE_D = 1u << 6, MMU_PTE_PS = 1u << 7, MMU_PTE_G = 1u << 8 };

/* A page-table entry (4-byte aligned): straight from RAM in the usual case. */
static inline uint32_t mmu_entry_read(struct phys_mem *pm, uint32_t addr)
{
    const uint8_t *p = phys_plain_ram(pm, addr);
    return p != NULL ? load_le32(p) : phys_read32(pm, addr);
}

static inline void mmu_walk_inline(struct phys_mem *pm, const struct walk_regs *r, uint32_t lin,
                                   unsigned kind, struct walk_result *out)
{
    bool write = (kind & WALK_WRITE) != 0, user = (kind & WALK_USER) != 0;
    bool peek = (kind & WALK_PEEK) != 0;
    uint32_t err_base = (write ? PF_W : 0) | (user ? PF_U : 0);

    *out = (struct walk_result){ 0 };
    out->pde_addr = ((r->cr3 & 0xfffff000u) + ((lin >> 22) << 2)) & r->a20_mask;
    uint32_t pde = mmu_entry_read(pm, out->pde_addr);
    out->pde = pde;
    if (!(pde & MMU_PTE_P)) {
        out->error_code = err_base;
        return;
    }
    uint32_t entry, entry_addr, phys;
    bool large = (r->cr4 & (1u << 4)) && (pde & MMU_PTE_PS);     /* CR4.PSE */
    uint32_t rights;
    if (large) {
        entry = pde;
        entry_addr = out->pde_addr;
        rights = pde;
        phys = (pde & 0xffc00000u) | (lin & 0x003fffffu);
    } else {
        out->pte_addr = ((pde & 0xfffff000u) + (((lin >> 12) & 0x3ffu) << 2)) & r->a20_mask;
        entry = mmu_entry_read(pm, out->pte_addr);
        entry_addr = out->pte_addr;
        out->pte = entry;
        if (!(entry & MMU_PTE_P)) {
            /* The PDE was used, so its accessed bit is set even though the
             * walk faults (as 486 and later processors do). */
            if (!peek && !(pde & MMU_PTE_A))
                phys_write32(pm, out->pde_addr, pde | MMU_PTE_A);
            out->error_code = err_base;
            return;
        }
        rights = pde & entry;   /* SDM 4.6: U/S and R/W are ANDed across levels */
        phys = (entry & 0xfffff000u) | (lin & 0xfffu);
    }
    bool wp = r->has_wp && (r->cr0 & (1u << 16));
    out->user_ok = (rights & MMU_PTE_US) != 0;
    out->write_ok_user = out->user_ok && (rights & MMU_PTE_RW);
    out->write_ok_sup = (rights & MMU_PTE_RW) || !wp;
    out->large = large;
    out->global = (r->cr4 & (1u << 7)) && (entry & MMU_PTE_G);    /* CR4.PGE */

    bool allowed = user ? (out->user_ok && (!write || out->write_ok_user))
                        : (!write || out->write_ok_sup);
    if (!allowed) {
        out->error_code = err_base | PF_P;
        out->dirty = (entry & MMU_PTE_D) != 0;
        return;
    }
    if (!peek) {
        if (!large && !(pde & MMU_PTE_A))
            phys_write32(pm, out->pde_addr, pde | MMU_PTE_A);
        uint32_t want = entry | MMU_PTE_A | (write ? MMU_PTE_D : 0);
        if (want != entry)
            phys_write32(pm, entry_addr, want);
        entry = want;
    }
    out->dirty = (entry & MMU_PTE_D) != 0;
    out->phys = phys & r->a20_mask;
    out->ok = true;
}

#endif
