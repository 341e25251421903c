/* mmu/paging.c: the page walker.  See paging.h (the walk itself is
 * mmu_walk_inline() there, so the CPU's TLB fill inlines it). */
#include "mmu/paging.h"

void mmu_walk(struct phys_mem *pm, const struct walk_regs *r, uint32_t lin, unsigned kind,
              struct walk_result *out)
{
    mmu_walk_inline(pm, r, lin, kind, out);
}
