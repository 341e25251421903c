/* mmu/paging.h: the 32-bit page walker (SDM Vol. 3, 4.3 and 4.6): 4 KiB
 * pages, 4 MiB pages under CR4.PSE, global pages under CR4.PGE, CR0.WP, the
 * U/S and R/W combination rules, accessed and dirty bits.  It needs only
 * physical memory and the control registers, so tests drive it alone.
 * LIMITATION: no PAE (the Pentium Pro's) and no PSE-36. */
#ifndef VIREO_MMU_PAGING_H
#define VIREO_MMU_PAGING_H

#include <stdbool.h>
#include <stdint.h>

struct phys_mem;

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

#endif
