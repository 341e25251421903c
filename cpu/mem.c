/* cpu/mem.c: the slow paths of guest memory access: TLB fill (with the page
 * walker when CR0.PG is set), MMIO, page-crossing accesses, alignment checks,
 * and noticing stores that hit decoded code.  See mem.h. */
#include "cpu/mem.h"

#include "cpu/debug.h"

#include "mmu/paging.h"
#include "mmu/physmem.h"

/* The TLB right an access needs. */
static uint8_t need_right(const struct cpu *c, unsigned acc)
{
    bool user = c->cpl == 3 && !(acc & ACC_SYS);
    if (acc & ACC_WRITE)
        return user ? TLB_UW : TLB_SW;
    return user ? TLB_UR : TLB_SR;
}

/* The common page walk without the walker: a 4 KiB page whose directory
 * and table entries lie in plain RAM, are present and accessed (the table
 * entry dirty too for a write), and allow the access, so that nothing is
 * written back and nothing faults.  It gives what mmu_walk_inline()
 * (mmu/paging.h) gives for such a walk; false leaves the rest to it. */
static inline bool walk_fast(struct cpu *c, uint32_t lin, bool write, bool user, uint32_t *phys,
                             uint8_t *perm, bool *global)
{
    enum { P = 1u << 0, RW = 1u << 1, US = 1u << 2, A = 1u << 5, D = 1u << 6, PS = 1u << 7,
           G = 1u << 8 };
    uint32_t a20 = c->a20_mask;
    const uint8_t *p = phys_plain_ram(c->mem, ((c->cr3 & 0xfffff000u) + ((lin >> 22) << 2)) & a20);
    if (p == NULL)
        return false;
    uint32_t pde = load_le32(p);
    if ((pde & (P | A)) != (P | A) || ((pde & PS) && (c->cr4 & CR4_PSE)))
        return false;
    p = phys_plain_ram(c->mem, ((pde & 0xfffff000u) + (((lin >> 12) & 0x3ffu) << 2)) & a20);
    if (p == NULL)
        return false;
    uint32_t pte = load_le32(p);
    uint32_t want = P | A | (write ? D : 0);
    if ((pte & want) != want)
        return false;
    uint32_t rights = pde & pte;            /* SDM 4.6: ANDed across levels */
    bool wp = c->cfg.model != CPU_386 && (c->cr0 & CR0_WP);
    bool user_ok = (rights & US) != 0;
    bool write_user = user_ok && (rights & RW);
    bool write_sup = (rights & RW) || !wp;
    if (user ? !user_ok || (write && !write_user) : write && !write_sup)
        return false;
    *phys = ((pte & 0xfffff000u) | (lin & 0xfffu)) & a20;
    *perm = (uint8_t)(TLB_SR | (user_ok ? TLB_UR : 0) |
                      ((pte & D) ? (write_sup ? TLB_SW : 0) | (write_user ? TLB_UW : 0) : 0));
    *global = (c->cr4 & CR4_PGE) && (pte & G);
    return true;
}

/* Translate lin, from the TLB when it already holds a translation allowing
 * the access, else by walking (or identity without paging) and refilling.
 * Raises #PF with CR2 = lin on failure. */
static uint32_t translate(struct cpu *c, uint32_t lin, unsigned acc)
{
    struct tlb_entry *e = tlb_slot(&c->tlb, lin);
    uint8_t need = need_right(c, acc);
    if (e->lpn == lin >> 12 && (e->perm & need)) {
        /* A page whose decoded code went stale may take fast writes again. */
        if ((acc & ACC_WRITE) && e->host != NULL && !(e->allow & need) &&
            !phys_page_has_code(c->mem, e->ppn) && phys_page_host(c->mem, e->ppn << 12, true))
            e->allow |= e->perm & (TLB_SW | TLB_UW);
        return (e->ppn << 12) | (lin & 0xfffu);
    }

    uint32_t phys;
    uint8_t perm;
    bool global = false;
    if (!(c->cr0 & CR0_PG)) {
        phys = lin & c->a20_mask;
        perm = TLB_SR | TLB_SW | TLB_UR | TLB_UW;
    } else if (walk_fast(c, lin, (acc & ACC_WRITE) != 0, (need & (TLB_UR | TLB_UW)) != 0, &phys,
                         &perm, &global)) {
        /* the usual case: nothing to set, nothing to fault */
    } else {
        struct walk_regs r = { .cr0 = c->cr0, .cr3 = c->cr3, .cr4 = c->cr4,
                               .a20_mask = c->a20_mask, .has_wp = c->cfg.model != CPU_386 };
        struct walk_result w;
        unsigned kind = ((acc & ACC_WRITE) ? WALK_WRITE : 0) |
                        ((need & (TLB_UR | TLB_UW)) ? WALK_USER : 0) |
                        ((acc & ACC_FETCH) ? WALK_FETCH : 0);
        mmu_walk_inline(c->mem, &r, lin, kind, &w);
        if (!w.ok) {
            c->cr2 = lin;
            cpu_raise_err(c, EXC_PF, w.error_code);
        }
        phys = w.phys;
        perm = TLB_SR | (w.user_ok ? TLB_UR : 0);
        if (w.dirty) {              /* writes without D set must walk to set it */
            perm |= w.write_ok_sup ? TLB_SW : 0;
            perm |= w.write_ok_user ? TLB_UW : 0;
        }
        global = w.global;
    }
    uint8_t *host = phys_plain_ram(c->mem, phys & ~0xfffu);
    bool ram = host != NULL;
    if (host == NULL) {
        host = phys_page_host(c->mem, phys, false);
        ram = host != NULL && phys_page_host(c->mem, phys, true) != NULL;
    }
    uint8_t allow = perm;
    if (host == NULL)
        allow = 0;
    else if (!ram || phys_page_has_code(c->mem, phys >> 12))
        allow &= (uint8_t)~(TLB_SW | TLB_UW);
    e->ram = ram;
    e->lpn = lin >> 12;
    e->ppn = phys >> 12;
    e->host = host;
    e->allow = allow;
    e->perm = perm;
    e->global = global;
    return phys;
}

uint32_t mem_translate(struct cpu *c, uint32_t lin, unsigned acc)
{
    return translate(c, lin, acc);
}

/* #AC(0): a misaligned data access at CPL 3 with CR0.AM and EFLAGS.AC
 * (486 and later; SDM Vol. 3, 6.15 "Interrupt 17"). */
static inline void check_alignment(struct cpu *c, uint32_t lin, unsigned size, unsigned acc)
{
    if ((lin & (size - 1)) && c->cpl == 3 && (c->cr0 & CR0_AM) &&
        !(acc & (ACC_SYS | ACC_FETCH)) && (c->eflags & EFLAGS_AC) && c->cfg.model != CPU_386)
        cpu_raise_err(c, EXC_AC, 0);
}

/* Tell the built-in debugger about a completed data access (its
 * watchpoints): one call per physically contiguous piece. */
static void watch_report_now(struct cpu *c, uint32_t lin, uint32_t p1, uint32_t p2,
                             unsigned size, uint32_t v, unsigned acc)
{
    if (c->dbg_mem == NULL || (acc & ACC_FETCH))
        return;
    bool is_write = (acc & ACC_WRITE) != 0;
    uint32_t n1 = 0x1000 - (lin & 0xfffu);
    if (n1 >= size) {
        c->dbg_mem(c->dbg_opaque, c, lin, p1, size, v, is_write);
        return;
    }
    c->dbg_mem(c->dbg_opaque, c, lin, p1, n1, v & ((1u << (8 * n1)) - 1), is_write);
    c->dbg_mem(c->dbg_opaque, c, lin + n1, p2, size - n1, v >> (8 * n1), is_write);
}

static inline void watch_report(struct cpu *c, uint32_t lin, uint32_t p1, uint32_t p2,
                                unsigned size, uint32_t v, unsigned acc)
{
    if (c->debug_watch)
        watch_report_now(c, lin, p1, p2, size, v, acc);
}

uint32_t mem_read_slow(struct cpu *c, uint32_t lin, unsigned size, unsigned acc)
{
    check_alignment(c, lin, size, acc);
    if (c->slow_mem && !(acc & ACC_FETCH))
        debug_check_data(c, lin, size, false);
    uint32_t off = lin & 0xfffu;
    if (off + size <= 0x1000) {
        uint32_t phys = translate(c, lin, acc);
        const struct tlb_entry *e = tlb_slot(&c->tlb, lin);
        uint32_t v;
        if (e->host != NULL)    /* RAM or ROM: what translate() just mapped */
            v = load_size(e->host + off, size);
        else
            v = size == 1 ? phys_read8(c->mem, phys)
              : size == 2 ? phys_read16(c->mem, phys) : phys_read32(c->mem, phys);
        watch_report(c, lin, phys, 0, size, v, acc);
        return v;
    }
    /* Page-crossing: both pages must translate before anything is read. */
    uint32_t n1 = 0x1000 - off;
    uint32_t p1 = translate(c, lin, acc);
    uint32_t p2 = translate(c, lin + n1, acc);
    uint32_t v = 0;
    for (unsigned i = 0; i < size; i++) {
        uint32_t phys = i < n1 ? p1 + i : p2 + (i - n1);
        v |= (uint32_t)phys_read8(c->mem, phys) << (8 * i);
    }
    watch_report(c, lin, p1, p2, size, v, acc);
    return v;
}

void mem_write_slow(struct cpu *c, uint32_t lin, unsigned size, uint32_t v, unsigned acc)
{
    acc |= ACC_WRITE;
    check_alignment(c, lin, size, acc);
    uint32_t off = lin & 0xfffu;
    /* A RAM page that holds decoded code: its translation allows the store,
     * which goes straight to memory and is then checked against the code. */
    const struct tlb_entry *e = tlb_slot(&c->tlb, lin);
    if (e->lpn == lin >> 12 && e->ram && (e->perm & need_right(c, acc)) && !c->slow_mem &&
        off <= 0x1000u - size) {
        phys_code_store(c->mem, (e->ppn << 12) | off, size, v);
        store_size(e->host + off, size, v);
        if (c->mem->smc_hit) {
            c->mem->smc_hit = false;
            cpu_end_trace(c);
        }
        return;
    }
    if (c->slow_mem)
        debug_check_data(c, lin, size, true);
    if (off + size <= 0x1000) {
        uint32_t phys = translate(c, lin, acc);
        uint8_t *p = phys_plain_ram(c->mem, phys);
        if (p != NULL) {
            phys_code_store(c->mem, phys, size, v);
            store_size(p, size, v);
        } else if (size == 1)
            phys_write8(c->mem, phys, (uint8_t)v);
        else if (size == 2)
            phys_write16(c->mem, phys, (uint16_t)v);
        else
            phys_write32(c->mem, phys, v);
        watch_report(c, lin, phys, 0, size, v, acc);
    } else {
        uint32_t n1 = 0x1000 - off;
        uint32_t p1 = translate(c, lin, acc);
        uint32_t p2 = translate(c, lin + n1, acc);
        for (unsigned i = 0; i < size; i++) {
            uint32_t phys = i < n1 ? p1 + i : p2 + (i - n1);
            phys_write8(c->mem, phys, (uint8_t)(v >> (8 * i)));
        }
        watch_report(c, lin, p1, p2, size, v, acc);
    }
    if (c->mem->smc_hit) {
        /* The store changed decoded code: finish this instruction, then
         * decode afresh. */
        c->mem->smc_hit = false;
        cpu_end_trace(c);
    }
}

uint8_t *mem_rmw_slow(struct cpu *c, uint32_t lin, unsigned size)
{
    mem_prepare_write(c, lin, size, ACC_WRITE);
    const struct tlb_entry *e = tlb_slot(&c->tlb, lin);
    uint32_t off = lin & 0xfffu;
    if (e->lpn == lin >> 12 && (e->allow & c->tlb_wr) && off <= 0x1000u - size)
        return e->host + off;
    return NULL;
}

void mem_prepare_write(struct cpu *c, uint32_t lin, unsigned size, unsigned acc)
{
    acc |= ACC_WRITE;
    check_alignment(c, lin, size, acc);
    uint32_t off = lin & 0xfffu;
    translate(c, lin, acc);
    if (off + size > 0x1000)
        translate(c, lin + (0x1000 - off), acc);
}

_Noreturn void seg_fault(struct cpu *c, unsigned seg, uint32_t off, unsigned size,
                         unsigned right)
{
    (void)off;
    (void)size;
    (void)right;
    /* SDM: a limit or type violation is #SS(0) for the stack segment (any
     * access through SS, explicit or implicit) and #GP(0) otherwise. */
    cpu_raise_err(c, seg == SEG_SS ? EXC_SS : EXC_GP, 0);
}
