/* debugger/state.c: the CPU state displays: r, sreg (with the hidden
 * descriptor caches), creg, dreg and fpu; and the paging views: page (one
 * walk and the #PF each access kind would take), info tab (the mappings
 * of the current page tables) and info tlb (the emulator's software TLB).
 * Bit names follow Intel SDM Vol. 3: 2.5 (CR0-CR4), 3.4.5 (descriptors),
 * 4.3 (32-bit paging), 17.2 (DR6/DR7). */
#include <stdarg.h>
#include <string.h>

#include "debugger/internal.h"
#include "fpu/x87.h"
#include "mmu/physmem.h"
#include "mmu/tlb.h"
#include "util/le.h"

/* Append text to buf (bounded). */
static void cat(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void cat(char *buf, size_t size, const char *fmt, ...)
{
    size_t n = strlen(buf);
    if (n >= size)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + n, size - n, fmt, ap);
    va_end(ap);
}

/* Legend: EFLAGS bit, name. */
static const struct { uint32_t bit; const char *name; } eflags_names[] = {
    { EFLAGS_ID, "ID" }, { EFLAGS_VIP, "VIP" }, { EFLAGS_VIF, "VIF" }, { EFLAGS_AC, "AC" },
    { EFLAGS_VM, "VM" }, { EFLAGS_RF, "RF" }, { EFLAGS_NT, "NT" }, { EFLAGS_OF, "OF" },
    { EFLAGS_DF, "DF" }, { EFLAGS_IF, "IF" }, { EFLAGS_TF, "TF" }, { EFLAGS_SF, "SF" },
    { EFLAGS_ZF, "ZF" }, { EFLAGS_AF, "AF" }, { EFLAGS_PF, "PF" }, { EFLAGS_CF, "CF" },
};

void dbg_format_eflags(uint32_t f, char *buf, size_t size)
{
    buf[0] = 0;
    cat(buf, size, "[");
    for (size_t i = 0; i < sizeof eflags_names / sizeof eflags_names[0]; i++) {
        if (f & eflags_names[i].bit)
            cat(buf, size, " %s", eflags_names[i].name);
    }
    if (f & EFLAGS_IOPL)
        cat(buf, size, " IOPL=%u", (f >> EFLAGS_IOPL_SHIFT) & 3);
    cat(buf, size, " ]");
}

static const char *const mode_text[] = { "real mode", "protected mode", "virtual-8086 mode" };

void dbg_print_regs(struct debugger *d)
{
    struct cpu *c = d->c;
    static const char *const names[8] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi" };
    for (unsigned i = 0; i < 8; i++)
        fprintf(d->out, "%s: 0x%08x%s", names[i], c->gpr[i], (i & 3) == 3 ? "\n" : "  ");
    uint32_t f = cpu_get_eflags(c);
    char fl[128];
    dbg_format_eflags(f, fl, sizeof fl);
    fprintf(d->out, "eip: 0x%08x  eflags: 0x%08x %s\n", c->eip, f, fl);
    static const char *const seg_names[SEG_COUNT] = { "es", "cs", "ss", "ds", "fs", "gs" };
    static const unsigned order[SEG_COUNT] = { SEG_CS, SEG_SS, SEG_DS, SEG_ES, SEG_FS, SEG_GS };
    for (unsigned i = 0; i < SEG_COUNT; i++)
        fprintf(d->out, "%s: 0x%04x%s", seg_names[order[i]], c->seg[order[i]].sel,
                i + 1 < SEG_COUNT ? "  " : "\n");
    fprintf(d->out, "%s, CPL %u, paging %s%s, icount %llu\n", mode_text[c->mode], c->cpl,
            (c->cr0 & CR0_PG) ? "on" : "off", c->halted ? ", halted" : "",
            (unsigned long long)c->icount);
}

/* The type of a descriptor or cache attribute, in words. */
void dbg_attr_text(uint16_t attr, char *buf, size_t size)
{
    unsigned type = attr & SEG_ATTR_TYPE;
    buf[0] = 0;
    if (attr & SEG_ATTR_S) {
        if (type & 8)
            cat(buf, size, "code %s%s", (type & 2) ? "execute/read" : "execute-only",
                (type & 4) ? " conforming" : "");
        else
            cat(buf, size, "data %s%s", (type & 2) ? "read/write" : "read-only",
                (type & 4) ? " expand-down" : "");
        if (type & 1)
            cat(buf, size, " accessed");
    } else {
        static const char *const sys[16] = {
            "reserved(0)", "available 16-bit TSS", "LDT", "busy 16-bit TSS",
            "16-bit call gate", "task gate", "16-bit interrupt gate", "16-bit trap gate",
            "reserved(8)", "available 32-bit TSS", "reserved(10)", "busy 32-bit TSS",
            "32-bit call gate", "reserved(13)", "32-bit interrupt gate", "32-bit trap gate",
        };
        cat(buf, size, "%s", sys[type]);
    }
    cat(buf, size, ", DPL %u%s", (attr & SEG_ATTR_DPL) >> 5,
        (attr & SEG_ATTR_P) ? "" : ", not present");
    if (attr & SEG_ATTR_S)
        cat(buf, size, ", %s", (attr & SEG_ATTR_DB) ? "32-bit" : "16-bit");
    if (attr & SEG_ATTR_G)
        cat(buf, size, ", 4K-granular");
    if (attr & SEG_ATTR_AVL)
        cat(buf, size, ", AVL");
}

static void print_cache(struct debugger *d, const char *name, const struct seg_cache *s,
                        bool usable_check)
{
    char t[160];
    if (usable_check && cpu_is_prot(d->c) && !cpu_is_v86(d->c) && s->rights == 0 &&
        !(s->attr & SEG_ATTR_P)) {
        fprintf(d->out, "%-4s 0x%04x  (null: unusable)\n", name, s->sel);
        return;
    }
    dbg_attr_text(s->attr, t, sizeof t);
    fprintf(d->out, "%-4s 0x%04x  base=0x%08x limit=0x%08x attr=0x%04x  %s\n", name, s->sel,
            s->base, s->limit, s->attr, t);
}

int cmd_sreg(struct debugger *d, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    struct cpu *c = d->c;
    static const char *const names[SEG_COUNT] = { "es:", "cs:", "ss:", "ds:", "fs:", "gs:" };
    for (unsigned i = 0; i < SEG_COUNT; i++)
        print_cache(d, names[i], &c->seg[i], i != SEG_CS);
    print_cache(d, "ldtr:", &c->ldtr, true);
    print_cache(d, "tr:", &c->tr, false);
    fprintf(d->out, "gdtr: base=0x%08x limit=0x%04x\n", c->gdtr.base, c->gdtr.limit);
    fprintf(d->out, "idtr: base=0x%08x limit=0x%04x\n", c->idtr.base, c->idtr.limit);
    return 0;
}

/* Legend: bit, name. */
static const struct { uint32_t bit; const char *name; } cr0_names[] = {
    { CR0_PG, "PG" }, { CR0_CD, "CD" }, { CR0_NW, "NW" }, { CR0_AM, "AM" }, { CR0_WP, "WP" },
    { CR0_NE, "NE" }, { CR0_ET, "ET" }, { CR0_TS, "TS" }, { CR0_EM, "EM" }, { CR0_MP, "MP" },
    { CR0_PE, "PE" },
}, cr4_names[] = {
    { CR4_PCE, "PCE" }, { CR4_PGE, "PGE" }, { CR4_MCE, "MCE" }, { CR4_PSE, "PSE" },
    { CR4_DE, "DE" }, { CR4_TSD, "TSD" }, { CR4_PVI, "PVI" }, { CR4_VME, "VME" },
};

int cmd_creg(struct debugger *d, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    struct cpu *c = d->c;
    char t[128] = "[";
    for (size_t i = 0; i < sizeof cr0_names / sizeof cr0_names[0]; i++) {
        if (c->cr0 & cr0_names[i].bit)
            cat(t, sizeof t, " %s", cr0_names[i].name);
    }
    fprintf(d->out, "cr0: 0x%08x %s ]\n", c->cr0, t);
    fprintf(d->out, "cr2: 0x%08x (the last page-fault address)\n", c->cr2);
    fprintf(d->out, "cr3: 0x%08x (page directory at 0x%08x%s%s)\n", c->cr3, c->cr3 & 0xfffff000u,
            (c->cr3 & 0x10) ? ", PCD" : "", (c->cr3 & 0x8) ? ", PWT" : "");
    snprintf(t, sizeof t, "[");
    for (size_t i = 0; i < sizeof cr4_names / sizeof cr4_names[0]; i++) {
        if (c->cr4 & cr4_names[i].bit)
            cat(t, sizeof t, " %s", cr4_names[i].name);
    }
    fprintf(d->out, "cr4: 0x%08x %s ]\n", c->cr4, t);
    return 0;
}

int cmd_dreg(struct debugger *d, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    struct cpu *c = d->c;
    static const char *const rw[4] = { "execute", "write", "I/O", "read/write" };
    static const unsigned len[4] = { 1, 2, 8, 4 };
    uint32_t dr7 = c->dr[7];
    for (unsigned n = 0; n < 4; n++) {
        unsigned en = (dr7 >> (2 * n)) & 3u;
        fprintf(d->out, "dr%u: 0x%08x", n, c->dr[n]);
        if (en)
            fprintf(d->out, "  %s%s %s, %u byte%s", (en & 1) ? "L" : "", (en & 2) ? "G" : "",
                    rw[(dr7 >> (16 + 4 * n)) & 3u], len[(dr7 >> (18 + 4 * n)) & 3u],
                    len[(dr7 >> (18 + 4 * n)) & 3u] == 1 ? "" : "s");
        else
            fprintf(d->out, "  disabled");
        fputc('\n', d->out);
    }
    uint32_t dr6 = c->dr[6];
    fprintf(d->out, "dr6: 0x%08x [%s%s%s%s%s%s%s ]\n", dr6, (dr6 & 1) ? " B0" : "",
            (dr6 & 2) ? " B1" : "", (dr6 & 4) ? " B2" : "", (dr6 & 8) ? " B3" : "",
            (dr6 & (1u << 13)) ? " BD" : "", (dr6 & (1u << 14)) ? " BS" : "",
            (dr6 & (1u << 15)) ? " BT" : "");
    fprintf(d->out, "dr7: 0x%08x [%s%s%s ]\n", dr7, (dr7 & (1u << 8)) ? " LE" : "",
            (dr7 & (1u << 9)) ? " GE" : "", (dr7 & (1u << 13)) ? " GD" : "");
    return 0;
}

int cmd_fpu(struct debugger *d, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    if (!d->c->cfg.has_fpu) {
        fprintf(d->out, "No coprocessor is fitted (--fpu no).\n");
        return 0;
    }
    char buf[4096];
    x87_dump(&d->c->fpu, buf, sizeof buf);
    fputs(buf, d->out);
    size_t n = strlen(buf);
    if (n == 0 || buf[n - 1] != '\n')
        fputc('\n', d->out);
    return 0;
}

/* ---- Paging ---- */

enum { PTE_P = 1u << 0, PTE_RW = 1u << 1, PTE_US = 1u << 2, PTE_PWT = 1u << 3,
       PTE_PCD = 1u << 4, PTE_A = 1u << 5, PTE_D = 1u << 6, PTE_PS = 1u << 7, PTE_G = 1u << 8 };

static void entry_text(uint32_t e, bool pde, char *buf, size_t size)
{
    buf[0] = 0;
    if (!(e & PTE_P)) {
        cat(buf, size, "not present");
        return;
    }
    cat(buf, size, "P %s %s", (e & PTE_RW) ? "RW" : "RO", (e & PTE_US) ? "U" : "S");
    if (e & PTE_A)
        cat(buf, size, " A");
    if ((!pde || (e & PTE_PS)) && (e & PTE_D))
        cat(buf, size, " D");
    if (pde && (e & PTE_PS))
        cat(buf, size, " PS");
    if ((!pde || (e & PTE_PS)) && (e & PTE_G))
        cat(buf, size, " G");
    if (e & PTE_PCD)
        cat(buf, size, " PCD");
    if (e & PTE_PWT)
        cat(buf, size, " PWT");
}

/* Why an access of `kind` faults, from the peeked entries. */
static const char *fault_reason(const struct walk_result *w, unsigned kind, bool wp)
{
    if (!(w->error_code & PF_P))
        return (w->pde & PTE_P) ? "the PTE is not present" : "the PDE is not present";
    if ((kind & WALK_USER) && !w->user_ok)
        return "user access to a supervisor page";
    if (kind & WALK_USER)
        return "user write to a read-only page";
    return wp ? "supervisor write to a read-only page with CR0.WP set" : "write not allowed";
}

int cmd_page(struct debugger *d, int argc, char **argv)
{
    struct cpu *c = d->c;
    if (argc != 2)
        return dbg_error(d, "usage: page ADDR");
    struct dbg_addr a;
    char err[160];
    if (dbg_eval_addr(d, argv[1], &a, err, sizeof err) != 0)
        return dbg_error(d, "%s", err);
    uint32_t lin = a.lin;
    if (!(c->cr0 & CR0_PG)) {
        fprintf(d->out, "linear 0x%08x: paging is off; physical 0x%08x%s\n", lin,
                lin & c->a20_mask, c->a20_mask != 0xffffffffu ? " (A20 masked)" : "");
        return 0;
    }
    struct walk_regs r;
    struct walk_result w;
    dbg_walk_regs(d, &r);
    mmu_walk(c->mem, &r, lin, WALK_PEEK, &w);
    char t[96];
    fprintf(d->out, "linear 0x%08x: CR3 0x%08x, directory index %u, table index %u, offset 0x%03x\n",
            lin, c->cr3, lin >> 22, (lin >> 12) & 0x3ffu, lin & 0xfffu);
    entry_text(w.pde, true, t, sizeof t);
    fprintf(d->out, "  PDE at 0x%08x = 0x%08x  %s\n", w.pde_addr, w.pde, t);
    if ((w.pde & PTE_P) && !w.large) {
        entry_text(w.pte, false, t, sizeof t);
        fprintf(d->out, "  PTE at 0x%08x = 0x%08x  %s\n", w.pte_addr, w.pte, t);
    }
    if (w.ok)
        fprintf(d->out, "  physical 0x%08x (%s page)\n", w.phys, w.large ? "4 MiB" : "4 KiB");
    else
        fprintf(d->out, "  no translation\n");
    /* Each kind of access, as the CPU would check it. */
    static const struct { unsigned kind; const char *name; } kinds[] = {
        { 0, "supervisor read" }, { WALK_WRITE, "supervisor write" },
        { WALK_USER, "user read" }, { WALK_USER | WALK_WRITE, "user write" },
    };
    bool wp = r.has_wp && (c->cr0 & CR0_WP);
    for (size_t i = 0; i < 4; i++) {
        struct walk_result k;
        mmu_walk(c->mem, &r, lin, WALK_PEEK | kinds[i].kind, &k);
        if (k.ok)
            fprintf(d->out, "  %-17s ok\n", kinds[i].name);
        else
            fprintf(d->out, "  %-17s #PF(0x%x): %s\n", kinds[i].name, k.error_code,
                    fault_reason(&k, kinds[i].kind, wp));
    }
    const struct tlb_entry *e = tlb_slot(&c->tlb, lin);
    if (e->lpn == lin >> 12)
        fprintf(d->out, "  TLB: cached -> physical page 0x%08x, rights %s%s%s%s%s\n",
                e->ppn << 12, (e->perm & TLB_SR) ? " SR" : "", (e->perm & TLB_SW) ? " SW" : "",
                (e->perm & TLB_UR) ? " UR" : "", (e->perm & TLB_UW) ? " UW" : "",
                e->global ? " global" : "");
    return 0;
}

/* One run of contiguous mappings with the same rights, for info tab. */
struct map_run {
    bool open;
    uint32_t lin, phys, end_lin;    /* end_lin: the last byte */
    uint32_t flags;                 /* RW and US of the combined entries */
};

static unsigned flush_run(struct debugger *d, struct map_run *run, unsigned printed,
                          unsigned max)
{
    if (!run->open)
        return printed;
    run->open = false;
    if (printed < max)
        fprintf(d->out, "0x%08x-0x%08x -> 0x%08x-0x%08x  %s %s\n", run->lin, run->end_lin,
                run->phys, run->phys + (run->end_lin - run->lin),
                (run->flags & PTE_RW) ? "RW" : "RO", (run->flags & PTE_US) ? "U" : "S");
    return printed + 1;
}

static unsigned add_map(struct debugger *d, struct map_run *run, uint32_t lin, uint32_t phys,
                        uint32_t size, uint32_t flags, unsigned printed, unsigned max)
{
    if (run->open && run->end_lin + 1 == lin && run->phys + (lin - run->lin) == phys &&
        run->flags == flags) {
        run->end_lin = lin + size - 1;
        return printed;
    }
    printed = flush_run(d, run, printed, max);
    *run = (struct map_run){ .open = true, .lin = lin, .phys = phys, .end_lin = lin + size - 1,
                             .flags = flags };
    return printed;
}

int info_tab(struct debugger *d, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    struct cpu *c = d->c;
    const unsigned max = 256;
    if (!(c->cr0 & CR0_PG)) {
        fprintf(d->out, "Paging is off: linear = physical%s.\n",
                c->a20_mask != 0xffffffffu ? " (A20 masked)" : "");
        return 0;
    }
    uint8_t dir[4096], table[4096];
    uint32_t dir_phys = c->cr3 & 0xfffff000u & c->a20_mask;
    if (dbg_read_phys(d, dir_phys, dir, sizeof dir) != sizeof dir)
        return dbg_error(d, "cannot read the page directory at 0x%08x", dir_phys);
    bool pse = (c->cr4 & CR4_PSE) != 0;
    struct map_run run = { .open = false };
    unsigned printed = 0;
    for (uint32_t i = 0; i < 1024; i++) {
        uint32_t pde = load_le32(dir + 4 * i);
        if (!(pde & PTE_P)) {
            printed = flush_run(d, &run, printed, max);
            continue;
        }
        if (pse && (pde & PTE_PS)) {
            printed = add_map(d, &run, i << 22, (pde & 0xffc00000u) & c->a20_mask, 1u << 22,
                              pde & (PTE_RW | PTE_US), printed, max);
            continue;
        }
        uint32_t pt_phys = pde & 0xfffff000u & c->a20_mask;
        if (dbg_read_phys(d, pt_phys, table, sizeof table) != sizeof table) {
            printed = flush_run(d, &run, printed, max);
            if (printed++ < max)
                fprintf(d->out, "0x%08x-0x%08x: page table at 0x%08x is not readable\n",
                        i << 22, (i << 22) | 0x3fffffu, pt_phys);
            continue;
        }
        for (uint32_t j = 0; j < 1024; j++) {
            uint32_t pte = load_le32(table + 4 * j);
            if (!(pte & PTE_P)) {
                printed = flush_run(d, &run, printed, max);
                continue;
            }
            printed = add_map(d, &run, (i << 22) | (j << 12), (pte & 0xfffff000u) & c->a20_mask,
                              4096, pde & pte & (PTE_RW | PTE_US), printed, max);
        }
    }
    printed = flush_run(d, &run, printed, max);
    if (printed == 0)
        fprintf(d->out, "No page is mapped.\n");
    else if (printed > max)
        fprintf(d->out, "... %u more ranges not shown\n", printed - max);
    return 0;
}

int info_tlb(struct debugger *d, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    struct cpu *c = d->c;
    unsigned n = 0;
    fprintf(d->out, "Software TLB (%u entries, direct-mapped by linear page):\n", TLB_ENTRIES);
    for (unsigned i = 0; i < TLB_ENTRIES; i++) {
        const struct tlb_entry *e = &c->tlb.e[i];
        if (e->lpn == TLB_NO_PAGE)
            continue;
        n++;
        fprintf(d->out, "  0x%08x -> 0x%08x  rights%s%s%s%s  fast%s%s%s%s%s%s\n", e->lpn << 12,
                e->ppn << 12, (e->perm & TLB_SR) ? " SR" : "", (e->perm & TLB_SW) ? " SW" : "",
                (e->perm & TLB_UR) ? " UR" : "", (e->perm & TLB_UW) ? " UW" : "",
                (e->allow & TLB_SR) ? " SR" : "", (e->allow & TLB_SW) ? " SW" : "",
                (e->allow & TLB_UR) ? " UR" : "", (e->allow & TLB_UW) ? " UW" : "",
                e->allow ? "" : " none (slow path)", e->global ? "  global" : "");
    }
    fprintf(d->out, "%u valid entries.\n", n);
    return 0;
}
