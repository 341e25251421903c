/* mmu/tlb.c: TLB maintenance.  See tlb.h. */
#include "mmu/tlb.h"

void tlb_new_gen(struct tlb *t)
{
    t->gen++;
    t->fetch_ctx = 0;
    t->code_pages = 0;
}

void tlb_flush_all(struct tlb *t)
{
    tlb_new_gen(t);
    for (unsigned i = 0; i < TLB_ENTRIES; i++) {
        t->e[i].lpn = TLB_NO_PAGE;
        t->e[i].allow = 0;
    }
}

void tlb_flush_nonglobal(struct tlb *t)
{
    tlb_new_gen(t);
    for (unsigned i = 0; i < TLB_ENTRIES; i++) {
        if (!t->e[i].global) {
            t->e[i].lpn = TLB_NO_PAGE;
            t->e[i].allow = 0;
        }
    }
}

void tlb_flush_page(struct tlb *t, uint32_t lin)
{
    if (t->code_pages & tlb_code_page_bit(lin))
        tlb_new_gen(t);
    struct tlb_entry *e = tlb_slot(t, lin);
    if (e->lpn == lin >> 12) {
        e->lpn = TLB_NO_PAGE;
        e->allow = 0;
    }
}

void tlb_flush_region4m(struct tlb *t, uint32_t lin)
{
    tlb_new_gen(t);
    for (unsigned i = 0; i < TLB_ENTRIES; i++) {
        if (t->e[i].lpn != TLB_NO_PAGE && (t->e[i].lpn >> 10) == lin >> 22) {
            t->e[i].lpn = TLB_NO_PAGE;
            t->e[i].allow = 0;
        }
    }
}

void tlb_revoke_write(struct tlb *t, uint32_t ppn)
{
    for (unsigned i = 0; i < TLB_ENTRIES; i++) {
        if (t->e[i].lpn != TLB_NO_PAGE && t->e[i].ppn == ppn)
            t->e[i].allow &= (uint8_t)~(TLB_SW | TLB_UW);   /* perm stays: writes slow */
    }
}
