/* debugger/tables.c: `info`: the descriptor tables (GDT, LDT, IDT; SDM
 * Vol. 3, 3.4.5 and 6.11), the real-mode IVT (20.1.4), the current TSS
 * (7.2, 16- and 32-bit layouts), and the devices through their
 * *_describe() functions and the port/MMIO maps. */
#include <stdlib.h>
#include <string.h>

#include "cpu/segment.h"
#include "debugger/internal.h"
#include "devices/cmos.h"
#include "devices/debugport.h"
#include "devices/dma.h"
#include "devices/fdc.h"
#include "devices/ide.h"
#include "devices/kbc.h"
#include "devices/pic.h"
#include "devices/pit.h"
#include "devices/port61.h"
#include "devices/port92.h"
#include "devices/uart.h"
#include "machine/machine.h"

#define LIST_MAX 64                 /* entries a table listing shows without a range */

/* Optional [FIRST [LAST]] entry numbers. */
static int range_args(struct debugger *d, int argc, char **argv, uint32_t max, uint32_t *first,
                      uint32_t *last)
{
    uint64_t a = 0, b = max;
    char err[160];
    if (argc > 4)
        return dbg_error(d, "usage: info %s [FIRST [LAST]]", argv[1]);
    if (argc >= 3 && dbg_eval(d, argv[2], &a, err, sizeof err) != 0)
        return dbg_error(d, "%s", err);
    if (argc == 3)
        b = a;
    if (argc == 4 && dbg_eval(d, argv[3], &b, err, sizeof err) != 0)
        return dbg_error(d, "%s", err);
    if (b > max)
        b = max;
    if (a > b)
        return dbg_error(d, "info %s: no entries in that range (the last is %u)", argv[1], max);
    *first = (uint32_t)a;
    *last = (uint32_t)b;
    return 0;
}

static bool is_gate(unsigned type)
{
    return type == DESC_CALL16 || type == DESC_TASK || type == DESC_INT16 ||
           type == DESC_TRAP16 || type == DESC_CALL32 || type == DESC_INT32 ||
           type == DESC_TRAP32;
}

static void print_desc(struct debugger *d, const char *table, uint32_t idx, uint16_t sel,
                       const struct desc *ds)
{
    char t[160], sym[96];
    dbg_attr_text(desc_attr(ds), t, sizeof t);
    if (strcmp(table, "IDT") == 0)
        fprintf(d->out, "%s[0x%02x]  %08x %08x  ", table, idx, ds->hi, ds->lo);
    else
        fprintf(d->out, "%s[0x%02x] sel 0x%04x  %08x %08x  ", table, idx, sel, ds->hi, ds->lo);
    if (!desc_is_seg(ds) && is_gate(desc_type(ds))) {
        uint32_t off = gate_offset(ds);
        if (desc_type(ds) == DESC_TASK) {
            fprintf(d->out, "TSS selector 0x%04x  %s\n", gate_selector(ds), t);
            return;
        }
        if (desc_type(ds) == DESC_CALL16 || desc_type(ds) == DESC_INT16 ||
            desc_type(ds) == DESC_TRAP16)
            off &= 0xffffu;
        sym[0] = 0;
        uint32_t base;
        bool is32;
        if (dbg_seg_base(d, gate_selector(ds), &base, &is32))
            dbg_symbolize(d, base + off, sym, sizeof sym);
        fprintf(d->out, "%04x:%08x%s%s%s", gate_selector(ds), off, sym[0] ? " <" : "", sym,
                sym[0] ? ">" : "");
        if (desc_type(ds) == DESC_CALL16 || desc_type(ds) == DESC_CALL32)
            fprintf(d->out, " params %u", ds->hi & 0x1fu);
        fprintf(d->out, "  %s\n", t);
        return;
    }
    fprintf(d->out, "base=0x%08x limit=0x%08x  %s\n", desc_base(ds), desc_limit(ds), t);
}

/* GDT or LDT: every non-null descriptor in the range (all with FIRST). */
static int info_seg_table(struct debugger *d, int argc, char **argv, bool ldt)
{
    struct cpu *c = d->c;
    uint32_t base, limit;
    if (ldt) {
        if ((c->ldtr.sel & 0xfffcu) == 0 || !(c->ldtr.attr & SEG_ATTR_P)) {
            fprintf(d->out, "No LDT is loaded (LDTR 0x%04x).\n", c->ldtr.sel);
            return 0;
        }
        base = c->ldtr.base;
        limit = c->ldtr.limit;
    } else {
        base = c->gdtr.base;
        limit = c->gdtr.limit;
    }
    uint32_t count = (limit + 1) / 8, first, last;
    if (count == 0) {
        fprintf(d->out, "The %s is empty (limit 0x%x).\n", ldt ? "LDT" : "GDT", limit);
        return 0;
    }
    if (range_args(d, argc, argv, count - 1, &first, &last) != 0)
        return -1;
    fprintf(d->out, "%s at linear 0x%08x, limit 0x%04x (%u entries):\n", ldt ? "LDT" : "GDT",
            base, limit, count);
    if (argc < 3 && last >= LIST_MAX) {
        last = LIST_MAX - 1;            /* a reset GDTR (limit FFFFh) holds 8192 */
        fprintf(d->out, "(the first %u; info %s FIRST LAST shows others)\n", LIST_MAX, argv[1]);
    }
    for (uint32_t i = first; i <= last; i++) {
        struct desc ds;
        if (!dbg_read_lin_u32(d, base + 8 * i, 4, &ds.lo) ||
            !dbg_read_lin_u32(d, base + 8 * i + 4, 4, &ds.hi)) {
            fprintf(d->out, "%s[0x%02x] is not readable (linear 0x%08x)\n", ldt ? "LDT" : "GDT", i,
                    base + 8 * i);
            continue;
        }
        if (ds.lo == 0 && ds.hi == 0 && argc < 3)
            continue;           /* skip empty slots in the full listing */
        print_desc(d, ldt ? "LDT" : "GDT", i, (uint16_t)(i * 8 | (ldt ? 4 : 0)), &ds);
    }
    return 0;
}

static int info_ivt(struct debugger *d, int argc, char **argv)
{
    struct cpu *c = d->c;
    uint32_t count = (c->idtr.limit + 1) / 4, first, last;
    if (count == 0)
        return dbg_error(d, "the IVT limit (0x%x) holds no vector", c->idtr.limit);
    if (count > 256)
        count = 256;
    if (range_args(d, argc, argv, count - 1, &first, &last) != 0)
        return -1;
    fprintf(d->out, "IVT at linear 0x%08x:\n", c->idtr.base);
    for (uint32_t v = first; v <= last; v++) {
        uint32_t e;
        if (!dbg_read_lin_u32(d, c->idtr.base + 4 * v, 4, &e)) {
            fprintf(d->out, "INT 0x%02x: not readable\n", v);
            continue;
        }
        char sym[96];
        dbg_symbolize(d, ((e >> 16) << 4) + (e & 0xffffu), sym, sizeof sym);
        fprintf(d->out, "INT 0x%02x: %04x:%04x%s%s%s\n", v, e >> 16, e & 0xffffu,
                sym[0] ? " <" : "", sym, sym[0] ? ">" : "");
    }
    return 0;
}

static int info_idt(struct debugger *d, int argc, char **argv)
{
    struct cpu *c = d->c;
    if (!cpu_is_prot(c)) {
        fprintf(d->out, "Real mode: the IDTR points at an interrupt vector table.\n");
        return info_ivt(d, argc, argv);
    }
    uint32_t count = (c->idtr.limit + 1) / 8, first, last;
    if (count == 0) {
        fprintf(d->out, "The IDT is empty (limit 0x%x).\n", c->idtr.limit);
        return 0;
    }
    if (count > 256)
        count = 256;
    if (range_args(d, argc, argv, count - 1, &first, &last) != 0)
        return -1;
    fprintf(d->out, "IDT at linear 0x%08x, limit 0x%04x:\n", c->idtr.base, c->idtr.limit);
    for (uint32_t i = first; i <= last; i++) {
        struct desc ds;
        if (!dbg_read_lin_u32(d, c->idtr.base + 8 * i, 4, &ds.lo) ||
            !dbg_read_lin_u32(d, c->idtr.base + 8 * i + 4, 4, &ds.hi)) {
            fprintf(d->out, "IDT[0x%02x] is not readable\n", i);
            continue;
        }
        if (ds.lo == 0 && ds.hi == 0 && argc < 3)
            continue;
        print_desc(d, "IDT", i, (uint16_t)(i * 8), &ds);
    }
    return 0;
}

static int info_tss(struct debugger *d)
{
    struct cpu *c = d->c;
    unsigned type = c->tr.attr & SEG_ATTR_TYPE;
    bool is32 = type == DESC_TSS32_AVAIL || type == DESC_TSS32_BUSY;
    bool is16 = type == DESC_TSS16_AVAIL || type == DESC_TSS16_BUSY;
    if (!cpu_is_prot(c) || (c->tr.sel & 0xfffcu) == 0 || (!is32 && !is16)) {
        fprintf(d->out, "No task register is loaded (TR 0x%04x).\n", c->tr.sel);
        return 0;
    }
    uint32_t b = c->tr.base;
    uint8_t t[104];
    uint32_t need = is32 ? 104 : 44;
    if (dbg_read_lin(d, b, t, need) != need)
        return dbg_error(d, "the TSS at linear 0x%08x is not readable", b);
    fprintf(d->out, "TR 0x%04x: %s-bit TSS at linear 0x%08x, limit 0x%x, %s\n", c->tr.sel,
            is32 ? "32" : "16", b, c->tr.limit, (type & 2) ? "busy" : "available");
#define W(o) ((uint32_t)t[o] | (uint32_t)t[(o) + 1] << 8)
#define D(o) (W(o) | W((o) + 2) << 16)
    if (is32) {
        fprintf(d->out, "link 0x%04x  esp0 0x%08x ss0 0x%04x  esp1 0x%08x ss1 0x%04x  "
                        "esp2 0x%08x ss2 0x%04x\n",
                W(0), D(4), W(8), D(12), W(16), D(20), W(24));
        fprintf(d->out, "cr3 0x%08x  eip 0x%08x  eflags 0x%08x\n", D(28), D(32), D(36));
        fprintf(d->out, "eax 0x%08x ecx 0x%08x edx 0x%08x ebx 0x%08x\n", D(40), D(44), D(48),
                D(52));
        fprintf(d->out, "esp 0x%08x ebp 0x%08x esi 0x%08x edi 0x%08x\n", D(56), D(60), D(64),
                D(68));
        fprintf(d->out, "es 0x%04x cs 0x%04x ss 0x%04x ds 0x%04x fs 0x%04x gs 0x%04x  "
                        "ldt 0x%04x  T %u  I/O map base 0x%04x\n",
                W(72), W(76), W(80), W(84), W(88), W(92), W(96), t[100] & 1u, W(102));
    } else {
        fprintf(d->out, "link 0x%04x  sp0 0x%04x ss0 0x%04x  sp1 0x%04x ss1 0x%04x  "
                        "sp2 0x%04x ss2 0x%04x\n",
                W(0), W(2), W(4), W(6), W(8), W(10), W(12));
        fprintf(d->out, "ip 0x%04x flags 0x%04x  ax 0x%04x cx 0x%04x dx 0x%04x bx 0x%04x "
                        "sp 0x%04x bp 0x%04x si 0x%04x di 0x%04x\n",
                W(14), W(16), W(18), W(20), W(22), W(24), W(26), W(28), W(30), W(32));
        fprintf(d->out, "es 0x%04x cs 0x%04x ss 0x%04x ds 0x%04x  ldt 0x%04x\n", W(34), W(36),
                W(38), W(40), W(42));
    }
#undef W
#undef D
    return 0;
}

/* ---- Devices ---- */

#define DESCRIBE_MAX 8192

static void print_text(struct debugger *d, const char *text)
{
    fputs(text, d->out);
    size_t n = strlen(text);
    if (n == 0 || text[n - 1] != '\n')
        fputc('\n', d->out);
}

/* Describe one device by name into buf; false when there is none. */
static bool describe(struct debugger *d, const char *name, char *buf, size_t size)
{
    struct machine *m = d->m;
    buf[0] = 0;
    if (strcmp(name, "pic") == 0 && m->pic)
        pic_describe(m->pic, buf, size);
    else if (strcmp(name, "pit") == 0 && m->pit)
        pit_describe(m->pit, buf, size);
    else if (strcmp(name, "cmos") == 0 && m->cmos)
        cmos_describe(m->cmos, buf, size);
    else if (strcmp(name, "dma") == 0 && m->dma)
        dma_describe(m->dma, buf, (unsigned)size);
    else if (strcmp(name, "fdc") == 0 && m->fdc)
        fdc_describe(m->fdc, buf, size);
    else if (strcmp(name, "kbc") == 0 && m->kbc)
        kbc_describe(m->kbc, buf, size);
    else if (strcmp(name, "port61") == 0 && m->port61)
        port61_describe(m->port61, buf, size);
    else if (strcmp(name, "port92") == 0 && m->port92)
        port92_describe(m->port92, buf, size);
    else if (strcmp(name, "debugport") == 0 && m->debugport)
        debugport_describe(m->debugport, buf, size);
    else if (strncmp(name, "com", 3) == 0 && name[3] >= '1' && name[3] <= '4' && name[4] == 0 &&
             m->uart[name[3] - '1'])
        uart_describe(m->uart[name[3] - '1'], buf, size);
    else if (strcmp(name, "ide") == 0) {
        for (unsigned ch = 0; ch < 2; ch++) {
            size_t n = strlen(buf);
            if (m->ide[ch] == NULL || n + 1 >= size)
                continue;
            snprintf(buf + n, size - n, "%s channel:\n", ch ? "Secondary" : "Primary");
            n = strlen(buf);
            ide_describe(m->ide[ch], buf + n, size - n);
        }
    } else {
        return false;
    }
    return true;
}

static int info_device(struct debugger *d, int argc, char **argv)
{
    struct machine *m = d->m;
    if (argc == 3) {
        if (strcmp(argv[2], "vga") == 0)
            return info_vga(d);
        char *buf = malloc(DESCRIBE_MAX);
        if (buf == NULL)
            return dbg_error(d, "out of memory");
        bool ok = describe(d, argv[2], buf, DESCRIBE_MAX);
        if (ok)
            print_text(d, buf);
        free(buf);
        if (!ok)
            return dbg_error(d, "no device '%s' (pic pit cmos dma fdc ide vga kbc port61 port92 "
                                "debugport com1-com4)", argv[2]);
        return 0;
    }
    if (argc > 3)
        return dbg_error(d, "usage: info device [NAME]");
    fprintf(d->out, "I/O ports:\n");
    for (unsigned i = 0; i < m->io.ndev; i++)
        fprintf(d->out, "  0x%04x-0x%04x  %s\n", m->io.dev[i].base,
                m->io.dev[i].base + m->io.dev[i].count - 1, m->io.dev[i].ops->name);
    fprintf(d->out, "Memory:\n  0x00000000-0x%08x  RAM (%u KiB)\n", m->mem.ram_size - 1,
            m->mem.ram_size / 1024);
    for (unsigned i = 0; i < m->mem.nregion; i++) {
        const struct phys_region *r = &m->mem.region[i];
        fprintf(d->out, "  0x%08x-0x%08x  %s\n", r->base, r->base + (r->size - 1),
                r->kind == PHYS_ROM ? (r->rom_writable ? "ROM (shadow, writable)" : "ROM")
                                    : r->ops->name);
    }
    fprintf(d->out, "info device NAME describes one: pic pit cmos dma fdc ide vga kbc port61 "
                    "port92 debugport com1-com4\n");
    return 0;
}

static int info_symbols(struct debugger *d, int argc, char **argv)
{
    const char *prefix = argc >= 3 ? argv[2] : "";
    size_t n = strlen(prefix), shown = 0;
    if (argc > 3)
        return dbg_error(d, "usage: info symbols [PREFIX]");
    for (size_t i = 0; i < d->syms.n; i++) {
        const struct sym *s = &d->syms.v[i];
        if (strncmp(s->name, prefix, n) != 0)
            continue;
        fprintf(d->out, "0x%08x %s", s->addr, s->name);
        if (s->size)
            fprintf(d->out, " (%u bytes)", s->size);
        fputc('\n', d->out);
        shown++;
    }
    fprintf(d->out, "%zu of %zu symbols.\n", shown, d->syms.n);
    return 0;
}

int cmd_info(struct debugger *d, int argc, char **argv)
{
    if (argc < 2)
        return dbg_error(d, "usage: info gdt|idt|ldt|ivt|tss|tab|tlb|pic|pit|cmos|dma|fdc|ide|"
                            "vga|device|break|symbols|registers");
    const char *w = argv[1];
    if (strcmp(w, "gdt") == 0)
        return info_seg_table(d, argc, argv, false);
    if (strcmp(w, "ldt") == 0)
        return info_seg_table(d, argc, argv, true);
    if (strcmp(w, "idt") == 0)
        return info_idt(d, argc, argv);
    if (strcmp(w, "ivt") == 0)
        return info_ivt(d, argc, argv);
    if (argc > 2 && strcmp(w, "device") != 0 && strcmp(w, "symbols") != 0)
        return dbg_error(d, "info %s takes no arguments", w);
    if (strcmp(w, "tss") == 0)
        return info_tss(d);
    if (strcmp(w, "tab") == 0)
        return info_tab(d, argc, argv);
    if (strcmp(w, "tlb") == 0)
        return info_tlb(d, argc, argv);
    if (strcmp(w, "vga") == 0)
        return info_vga(d);
    if (strcmp(w, "device") == 0 || strcmp(w, "devices") == 0)
        return info_device(d, argc, argv);
    if (strcmp(w, "break") == 0 || strcmp(w, "b") == 0 || strcmp(w, "watch") == 0) {
        debugger_exec(d, "blist");
        return 0;
    }
    if (strcmp(w, "symbols") == 0)
        return info_symbols(d, argc, argv);
    if (strcmp(w, "registers") == 0 || strcmp(w, "cpu") == 0) {
        dbg_print_regs(d);
        return 0;
    }
    char *buf = malloc(DESCRIBE_MAX);
    if (buf == NULL)
        return dbg_error(d, "out of memory");
    bool ok = describe(d, w, buf, DESCRIBE_MAX);
    if (ok)
        print_text(d, buf);
    free(buf);
    if (!ok)
        return dbg_error(d, "info: unknown subject '%s' (help info)", w);
    return 0;
}
