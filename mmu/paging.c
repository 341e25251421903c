/* mmu/paging.c: the page walker.  See paging.h. */
#include "mmu/paging.h"

#include "mmu/physmem.h"
#include "util/le.h"

enum { PTE_P = 1u << 0, PTE_RW = 1u << 1, PTE_US = 1u << 2, PTE_A = 1u << 5,
       PTE_D = 1u << 6, PTE_PS = 1u << 7, PTE_G = 1u << 8 };

/* A page-table entry (4-byte aligned): straight from RAM in the usual case. */
static inline uint32_t entry_read(struct phys_mem *pm, uint32_t addr)
{
    const uint8_t *p = phys_plain_ram(pm, addr);
    return p != NULL ? load_le32(p) : phys_read32(pm, addr);
}

void mmu_walk(struct phys_mem *pm, const struct walk_regs *r, uint32_t lin, unsigned kind,
              struct walk_result *out)
{
    bool write = (kind & WALK_WRITE) != 0, user = (kind & WALK_USER) != 0;
    bool peek = (kind & WALK_PEEK) != 0;
    uint32_t err_base = (write ? PF_W : 0) | (user ? PF_U : 0);

    *out = (struct walk_result){ 0 };
    out->pde_addr = ((r->cr3 & 0xfffff000u) + ((lin >> 22) << 2)) & r->a20_mask;
    uint32_t pde = entry_read(pm, out->pde_addr);
    out->pde = pde;
    if (!(pde & PTE_P)) {
        out->error_code = err_base;
        return;
    }
    uint32_t entry, entry_addr, phys;
    bool large = (r->cr4 & (1u << 4)) && (pde & PTE_PS);     /* CR4.PSE */
    uint32_t rights;
    if (large) {
        entry = pde;
        entry_addr = out->pde_addr;
        rights = pde;
        phys = (pde & 0xffc00000u) | (lin & 0x003fffffu);
    } else {
        out->pte_addr = ((pde & 0xfffff000u) + (((lin >> 12) & 0x3ffu) << 2)) & r->a20_mask;
        entry = entry_read(pm, out->pte_addr);
        entry_addr = out->pte_addr;
        out->pte = entry;
        if (!(entry & PTE_P)) {
            /* The PDE was used, so its accessed bit is set even though the
             * walk faults (as 486 and later processors do). */
            if (!peek && !(pde & PTE_A))
                phys_write32(pm, out->pde_addr, pde | PTE_A);
            out->error_code = err_base;
            return;
        }
        rights = pde & entry;   /* SDM 4.6: U/S and R/W are ANDed across levels */
        phys = (entry & 0xfffff000u) | (lin & 0xfffu);
    }
    bool wp = r->has_wp && (r->cr0 & (1u << 16));
    out->user_ok = (rights & PTE_US) != 0;
    out->write_ok_user = out->user_ok && (rights & PTE_RW);
    out->write_ok_sup = (rights & PTE_RW) || !wp;
    out->large = large;
    out->global = (r->cr4 & (1u << 7)) && (entry & PTE_G);    /* CR4.PGE */

    bool allowed = user ? (out->user_ok && (!write || out->write_ok_user))
                        : (!write || out->write_ok_sup);
    if (!allowed) {
        out->error_code = err_base | PF_P;
        out->dirty = (entry & PTE_D) != 0;
        return;
    }
    if (!peek) {
        if (!large && !(pde & PTE_A))
            phys_write32(pm, out->pde_addr, pde | PTE_A);
        uint32_t want = entry | PTE_A | (write ? PTE_D : 0);
        if (want != entry)
            phys_write32(pm, entry_addr, want);
        entry = want;
    }
    out->dirty = (entry & PTE_D) != 0;
    out->phys = phys & r->a20_mask;
    out->ok = true;
}
