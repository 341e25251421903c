/* debugger/gdb_regs.c: the GDB stub's registers: gdb's i386 core layout
 * (the general registers, eip, eflags, the six selectors, the x87 stack and
 * its control registers; GDB manual, "i386 Features") followed by our own
 * feature org.vireo.i386.sys: CR0-CR4, DR0-DR7, GDTR/IDTR, LDTR, TR, each
 * segment's hidden base/limit/attributes, the raw EIP and the instruction
 * count.  The target description XML lists them all. */
#include <string.h>

#include "debugger/internal.h"
#include "fpu/x87.h"

/* gdb's register numbers: the order of the g packet and the XML. */
enum {
    GR_EAX = 0, GR_EIP = 8, GR_EFLAGS = 9, GR_CS = 10,  /* cs ss ds es fs gs: 10-15 */
    GR_ST0 = 16, GR_FCTRL = 24, GR_FSTAT, GR_FTAG, GR_FISEG, GR_FIOFF, GR_FOSEG, GR_FOOFF,
    GR_FOP,
    GR_CR0 = 32, GR_CR2, GR_CR3, GR_CR4,
    GR_DR0 = 36, GR_DR6 = 40, GR_DR7,
    GR_GDTR_BASE = 42, GR_GDTR_LIMIT, GR_IDTR_BASE, GR_IDTR_LIMIT, GR_LDTR, GR_TR,
    GR_SEGCACHE = 48,               /* base, limit, attr for cs ss ds es fs gs: 48-65 */
    GR_EIP_RAW = 66, GR_ICOUNT_LO, GR_ICOUNT_HI,
    GR_COUNT
};
_Static_assert(GR_COUNT == GDB_NREGS, "internal.h's GDB_NREGS");

/* gdb's segment order (cs ss ds es fs gs) to ours. */
static const unsigned gdb_seg[6] = { SEG_CS, SEG_SS, SEG_DS, SEG_ES, SEG_FS, SEG_GS };
static const char *const seg_name[6] = { "cs", "ss", "ds", "es", "fs", "gs" };

unsigned gdb_reg_bytes(unsigned n)
{
    return n >= GR_ST0 && n < GR_ST0 + 8 ? 10 : 4;
}

/* The value of register n as little-endian bytes. */
void gdb_reg_get(struct debugger *d, unsigned n, uint8_t *out)
{
    struct cpu *c = d->c;
    const struct fpu_state *f = &c->fpu;
    uint32_t v = 0;
    if (n >= GR_ST0 && n < GR_ST0 + 8) {
        struct fp80 st = x87_st(f, n - GR_ST0);
        for (unsigned i = 0; i < 8; i++)
            out[i] = (uint8_t)(st.mant >> (8 * i));
        out[8] = (uint8_t)st.sexp;
        out[9] = (uint8_t)(st.sexp >> 8);
        return;
    }
    if (n < 8)
        v = c->gpr[n];
    else if (n == GR_EIP)
        v = c->seg[SEG_CS].base + c->eip;
    else if (n == GR_EFLAGS)
        v = cpu_get_eflags(c);
    else if (n >= GR_CS && n < GR_CS + 6)
        v = c->seg[gdb_seg[n - GR_CS]].sel;
    else if (n == GR_FCTRL)
        v = f->cw;
    else if (n == GR_FSTAT)
        v = f->sw;
    else if (n == GR_FTAG)
        v = f->tw;
    else if (n == GR_FISEG)
        v = f->fcs;
    else if (n == GR_FIOFF)
        v = f->fip;
    else if (n == GR_FOSEG)
        v = f->fds;
    else if (n == GR_FOOFF)
        v = f->fdp;
    else if (n == GR_FOP)
        v = f->fop;
    else if (n == GR_CR0)
        v = c->cr0;
    else if (n == GR_CR2)
        v = c->cr2;
    else if (n == GR_CR3)
        v = c->cr3;
    else if (n == GR_CR4)
        v = c->cr4;
    else if (n >= GR_DR0 && n < GR_DR0 + 4)
        v = c->dr[n - GR_DR0];
    else if (n == GR_DR6)
        v = c->dr[6];
    else if (n == GR_DR7)
        v = c->dr[7];
    else if (n == GR_GDTR_BASE)
        v = c->gdtr.base;
    else if (n == GR_GDTR_LIMIT)
        v = c->gdtr.limit;
    else if (n == GR_IDTR_BASE)
        v = c->idtr.base;
    else if (n == GR_IDTR_LIMIT)
        v = c->idtr.limit;
    else if (n == GR_LDTR)
        v = c->ldtr.sel;
    else if (n == GR_TR)
        v = c->tr.sel;
    else if (n >= GR_SEGCACHE && n < GR_SEGCACHE + 18) {
        const struct seg_cache *s = &c->seg[gdb_seg[(n - GR_SEGCACHE) / 3]];
        unsigned field = (n - GR_SEGCACHE) % 3;
        v = field == 0 ? s->base : field == 1 ? s->limit : s->attr;
    } else if (n == GR_EIP_RAW)
        v = c->eip;
    else if (n == GR_ICOUNT_LO)
        v = (uint32_t)c->icount;
    else if (n == GR_ICOUNT_HI)
        v = (uint32_t)(c->icount >> 32);
    for (unsigned i = 0; i < 4; i++)
        out[i] = (uint8_t)(v >> (8 * i));
}

/* Write register n from little-endian bytes; false if it cannot change. */
bool gdb_reg_put(struct debugger *d, unsigned n, const uint8_t *in)
{
    struct cpu *c = d->c;
    struct fpu_state *f = &c->fpu;
    char err[160];
    if (n >= GR_ST0 && n < GR_ST0 + 8) {
        struct fp80 *st = &f->st[x87_phys(f, n - GR_ST0)];
        st->mant = 0;
        for (unsigned i = 0; i < 8; i++)
            st->mant |= (uint64_t)in[i] << (8 * i);
        st->sexp = (uint16_t)(in[8] | in[9] << 8);
        return true;
    }
    uint32_t v = (uint32_t)in[0] | (uint32_t)in[1] << 8 | (uint32_t)in[2] << 16 |
                 (uint32_t)in[3] << 24;
    static const char *const named[GR_COUNT] = {
        [GR_EFLAGS] = "eflags", [GR_CR0] = "cr0", [GR_CR2] = "cr2", [GR_CR3] = "cr3",
        [GR_CR4] = "cr4", [GR_DR0] = "dr0", [GR_DR0 + 1] = "dr1", [GR_DR0 + 2] = "dr2",
        [GR_DR0 + 3] = "dr3", [GR_DR6] = "dr6", [GR_DR7] = "dr7",
    };
    if (n < 8)
        c->gpr[n] = v;
    else if (n == GR_EIP)
        c->eip = v - c->seg[SEG_CS].base;
    else if (n == GR_EIP_RAW)
        c->eip = v;
    else if (n >= GR_CS && n < GR_CS + 6) {
        if (c->seg[gdb_seg[n - GR_CS]].sel != (v & 0xffffu) &&
            dbg_reg_set(d, seg_name[n - GR_CS], v & 0xffffu, err, sizeof err) != 0)
            return false;
    } else if (n < GR_COUNT && named[n] != NULL) {
        return dbg_reg_set(d, named[n], v, err, sizeof err) == 0;
    } else if (n == GR_FCTRL)
        f->cw = (uint16_t)v;
    else if (n == GR_FSTAT)
        f->sw = (uint16_t)v;
    else if (n == GR_FTAG)
        f->tw = (uint16_t)v;
    else if (n == GR_FISEG)
        f->fcs = (uint16_t)v;
    else if (n == GR_FIOFF)
        f->fip = v;
    else if (n == GR_FOSEG)
        f->fds = (uint16_t)v;
    else if (n == GR_FOOFF)
        f->fdp = v;
    else if (n == GR_FOP)
        f->fop = (uint16_t)(v & 0x7ffu);
    else if (n == GR_GDTR_BASE)
        c->gdtr.base = v;
    else if (n == GR_GDTR_LIMIT)
        c->gdtr.limit = (uint16_t)v;
    else if (n == GR_IDTR_BASE)
        c->idtr.base = v;
    else if (n == GR_IDTR_LIMIT)
        c->idtr.limit = (uint16_t)v;
    else if (n >= GR_SEGCACHE && n < GR_SEGCACHE + 18) {
        unsigned seg = gdb_seg[(n - GR_SEGCACHE) / 3], field = (n - GR_SEGCACHE) % 3;
        struct seg_cache *s = &c->seg[seg];
        if (field == 0)
            s->base = v;
        else if (field == 1)
            s->limit = v;
        else
            s->attr = (uint16_t)(v & 0xf0ffu);
        seg_cache_refresh(s, !cpu_is_prot(c));
        cpu_update_mode(c);
    } else {
        return false;           /* LDTR, TR and the instruction count stay as they are */
    }
    return true;
}

/* The target description.  The core feature is gdb's i386 layout; ours adds
 * the system registers (numbers from GR_CR0). */
size_t gdb_tdesc(char *buf, size_t size)
{
    size_t n = 0;
#define OUT(...) n += (size_t)snprintf(n < size ? buf + n : NULL, n < size ? size - n : 0, __VA_ARGS__)
    OUT("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
        "<target version=\"1.0\">\n<architecture>i386</architecture>\n"
        "<feature name=\"org.gnu.gdb.i386.core\">\n<flags id=\"i386_eflags\" size=\"4\">\n");
    static const struct { unsigned bit; const char *name; } fl[] = {
        { 0, "CF" }, { 1, "" }, { 2, "PF" }, { 4, "AF" }, { 6, "ZF" }, { 7, "SF" },
        { 8, "TF" }, { 9, "IF" }, { 10, "DF" }, { 11, "OF" }, { 14, "NT" }, { 16, "RF" },
        { 17, "VM" }, { 18, "AC" }, { 19, "VIF" }, { 20, "VIP" }, { 21, "ID" },
    };
    for (size_t i = 0; i < sizeof fl / sizeof fl[0]; i++)
        OUT("<field name=\"%s\" start=\"%u\" end=\"%u\"/>\n", fl[i].name, fl[i].bit, fl[i].bit);
    OUT("</flags>\n");
    static const char *const gpr[8] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi" };
    for (unsigned i = 0; i < 8; i++)
        OUT("<reg name=\"%s\" bitsize=\"32\" type=\"%s\" regnum=\"%u\"/>\n", gpr[i],
            i == 4 || i == 5 ? "data_ptr" : "int32", i);
    OUT("<reg name=\"eip\" bitsize=\"32\" type=\"code_ptr\" regnum=\"8\"/>\n"
        "<reg name=\"eflags\" bitsize=\"32\" type=\"i386_eflags\" regnum=\"9\"/>\n");
    for (unsigned i = 0; i < 6; i++)
        OUT("<reg name=\"%s\" bitsize=\"32\" type=\"int32\" regnum=\"%u\"/>\n", seg_name[i],
            GR_CS + i);
    for (unsigned i = 0; i < 8; i++)
        OUT("<reg name=\"st%u\" bitsize=\"80\" type=\"i387_ext\" regnum=\"%u\"/>\n", i,
            GR_ST0 + i);
    static const char *const fpr[8] = { "fctrl", "fstat", "ftag", "fiseg",
                                        "fioff", "foseg", "fooff", "fop" };
    for (unsigned i = 0; i < 8; i++)
        OUT("<reg name=\"%s\" bitsize=\"32\" type=\"int\" group=\"float\" regnum=\"%u\"/>\n",
            fpr[i], GR_FCTRL + i);
    OUT("</feature>\n<feature name=\"org.vireo.i386.sys\">\n");
    static const char *const sys[] = { "cr0", "cr2", "cr3", "cr4", "dr0", "dr1", "dr2", "dr3",
                                       "dr6", "dr7", "gdtr_base", "gdtr_limit", "idtr_base",
                                       "idtr_limit", "ldtr", "tr" };
    for (unsigned i = 0; i < sizeof sys / sizeof sys[0]; i++)
        OUT("<reg name=\"%s\" bitsize=\"32\" type=\"%s\" group=\"system\" regnum=\"%u\"/>\n",
            sys[i], strstr(sys[i], "base") || (sys[i][0] == 'd' && sys[i][1] == 'r' &&
                                                sys[i][2] < '4') ? "data_ptr" : "uint32",
            GR_CR0 + i);
    for (unsigned i = 0; i < 18; i++)
        OUT("<reg name=\"%s_%s\" bitsize=\"32\" type=\"%s\" group=\"system\" regnum=\"%u\"/>\n",
            seg_name[i / 3], i % 3 == 0 ? "base" : i % 3 == 1 ? "limit" : "attr",
            i % 3 == 0 ? "data_ptr" : "uint32", GR_SEGCACHE + i);
    OUT("<reg name=\"eip_raw\" bitsize=\"32\" type=\"int32\" group=\"system\" regnum=\"%u\"/>\n"
        "<reg name=\"icount_lo\" bitsize=\"32\" type=\"uint32\" group=\"system\" regnum=\"%u\"/>\n"
        "<reg name=\"icount_hi\" bitsize=\"32\" type=\"uint32\" group=\"system\" regnum=\"%u\"/>\n"
        "</feature>\n</target>\n",
        GR_EIP_RAW, GR_ICOUNT_LO, GR_ICOUNT_HI);
#undef OUT
    return n;
}

