/* tests/difftest/env.c: the guest environments both sides start from.
 * Every exception and interrupt vector leads to its own HLT, so a sequence
 * that faults stops the same way on both sides and the stopping EIP names
 * the vector (SDM Vol. 3, 6.1; real mode: 20.1.4).  Physical addresses:
 *
 *   real mode                         protected modes
 *   00000-003FF IVT (v -> 0050:v)     00000-05FFF data window A (16-bit offsets)
 *   00500-005FF HLT stubs             06000-067FF IDT (interrupt gates -> stubs)
 *   01100-040FF code (0100:0100)      06800-0684F GDT, 06900-06967 TSS
 *   10000-8FFEF data (segments        06A00-06AFF HLT stubs
 *               1000h-7FFFh)          07000 page directory, 08000 page table
 *                                     09000-0FFFF code (08:9000, or 38:9000
 *                                                 in the 16-bit code mode)
 *                                     10000-1FFFFF data window B, stack at
 *                                                 180000-1F0000
 * The paged mode maps the first 2 MiB one to one, except for a few pages
 * left not present and one read-only page (CR0.WP is set). */
#include "tests/difftest/dt.h"

#include <string.h>

#include "cpu/cpu.h"

#define RM_CODE_SEG 0x0100u
#define RM_CODE_IP 0x0100u
#define RM_STUB_SEG 0x0050u
#define PM_IDT 0x6000u
#define PM_GDT 0x6800u
#define PM_TSS 0x6900u
#define PM_STUBS 0x6a00u
#define PM_PD 0x7000u
#define PM_PT 0x8000u
#define PM_CODE 0x9000u

static const struct dt_layout layouts[DT_MODE_COUNT] = {
    [DT_REAL] = { .mode = DT_REAL, .code32 = false, .code_lin = RM_CODE_SEG * 16 + RM_CODE_IP,
                  .code_eip = RM_CODE_IP, .code_max = 0x3000, .code_sel = RM_CODE_SEG,
                  .stub_cs = RM_STUB_SEG, .stub_eip = 0 },
    [DT_PROT] = { .mode = DT_PROT, .code32 = true, .code_lin = PM_CODE, .code_eip = PM_CODE,
                  .code_max = 0x7000, .code_sel = ENV_SEL_CODE, .stub_cs = ENV_SEL_CODE,
                  .stub_eip = PM_STUBS },
    [DT_PROT16] = { .mode = DT_PROT16, .code32 = false, .code_lin = PM_CODE, .code_eip = PM_CODE,
                    .code_max = 0x7000, .code_sel = ENV_SEL_CODE16, .stub_cs = ENV_SEL_CODE,
                    .stub_eip = PM_STUBS },
    [DT_PAGED] = { .mode = DT_PAGED, .code32 = true, .code_lin = PM_CODE, .code_eip = PM_CODE,
                   .code_max = 0x7000, .code_sel = ENV_SEL_CODE, .stub_cs = ENV_SEL_CODE,
                   .stub_eip = PM_STUBS, .pt_lo = PM_PD, .pt_hi = PM_PT + 0x1000 },
};

const struct dt_window env_windows[DT_MODE_COUNT][2] = {
    [DT_REAL] = { { ENV_RM_SEG_LO * 16, ENV_RM_SEG_HI * 16 + 0x10000 }, { 0, 0 } },
    [DT_PROT] = { { 0x0000, 0x6000 }, { 0x10000, DT_RAM } },
    [DT_PROT16] = { { 0x0000, 0x6000 }, { 0x10000, DT_RAM } },
    [DT_PAGED] = { { 0x0000, 0x6000 }, { 0x10000, DT_RAM } },
};

/* Data and stack segments of the protected modes.  0x08 (flat code,
 * readable) may also be loaded into a data segment register; 0x40 is the
 * TSS (a load is #GP). */
const struct dt_selector env_selectors[] = {
    /* sel   attr    base     limit        W      ED     B      SS */
    { 0x10, 0xc093, 0,       0xffffffffu, true,  false, true,  true },   /* flat data */
    { 0x18, 0x0092, 0x20000, 0xffff,      true,  false, false, true },   /* 64 KiB, B = 0 */
    { 0x20, 0x4092, 0x40000, 0xfffff,     true,  false, true,  true },   /* 1 MiB, B = 1 */
    { 0x28, 0xc090, 0,       0xffffffffu, false, false, true,  false },  /* flat read-only */
    { 0x30, 0x0096, 0x60000, 0x0fff,      true,  true,  false, true },   /* expand-down */
    { 0x08, 0xc09b, 0,       0xffffffffu, false, false, true,  false },  /* flat code, readable */
    { 0x38, 0x009b, 0,       0xffff,      false, false, false, false },  /* 16-bit code, readable */
};
const unsigned env_selector_count = sizeof env_selectors / sizeof env_selectors[0];

/* Not-present pages and the read-only page of the paged mode. */
static const uint32_t pg_holes[] = { 0x150000, 0x151000, 0x1a0000, 0x004000 };
#define PG_READONLY 0x1c0000u

const struct dt_layout *env_layout(enum dt_mode m)
{
    return &layouts[m];
}

const char *env_mode_name(enum dt_mode m)
{
    static const char *const names[DT_MODE_COUNT] = { "real", "prot32", "prot16", "paged32" };
    return m < DT_MODE_COUNT ? names[m] : "?";
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static void put_desc(uint8_t *ram, unsigned index, uint32_t base, uint32_t limit, uint8_t access,
                     uint8_t flags)
{
    uint8_t *p = ram + PM_GDT + index * 8;
    put32(p, (limit & 0xffffu) | (base << 16));
    put32(p + 4, ((base >> 16) & 0xffu) | ((uint32_t)access << 8) | (limit & 0xf0000u) |
                     ((uint32_t)(flags & 0xf) << 20) | (base & 0xff000000u));
}

static struct dt_seg seg_of(uint16_t sel, uint32_t base, uint32_t limit, uint8_t access,
                            uint8_t flags)
{
    return (struct dt_seg){ .sel = sel, .attr = (uint16_t)(access | (flags << 12)),
                            .base = base, .limit = limit };
}

static void build_real(uint8_t *ram, struct dt_state *st)
{
    for (unsigned v = 0; v < 256; v++) {
        ram[v * 4] = (uint8_t)v;                    /* IP = v */
        ram[v * 4 + 1] = 0;
        ram[v * 4 + 2] = (uint8_t)RM_STUB_SEG;
        ram[v * 4 + 3] = (uint8_t)(RM_STUB_SEG >> 8);
        ram[RM_STUB_SEG * 16 + v] = 0xf4;           /* hlt */
    }
    for (unsigned s = 0; s < SEG_COUNT; s++)
        st->seg[s] = seg_of(0, 0, 0xffff, 0x93, 0);
    st->seg[SEG_CS] = seg_of(RM_CODE_SEG, RM_CODE_SEG * 16, 0xffff, 0x9b, 0);
    st->tr = seg_of(0, 0, 0xffff, 0x8b, 0);
    st->ldtr = seg_of(0, 0, 0xffff, 0x82, 0);
    st->cr0 = CR0_ET;
    st->gdt_base = 0;
    st->gdt_limit = 0xffff;
    st->idt_base = 0;
    st->idt_limit = 0x3ff;
    st->eip = RM_CODE_IP;
}

static void build_prot(uint8_t *ram, struct dt_state *st, bool paged, bool code16)
{
    memset(ram + PM_IDT, 0, 0x3000);
    for (unsigned v = 0; v < 256; v++) {
        uint32_t off = PM_STUBS + v;
        put32(ram + PM_IDT + v * 8, (off & 0xffffu) | ((uint32_t)ENV_SEL_CODE << 16));
        put32(ram + PM_IDT + v * 8 + 4, (off & 0xffff0000u) | 0x8e00u);
        ram[PM_STUBS + v] = 0xf4;
    }
    /* The segments of env_selectors.  Accessed bits: set in 08, 10 and 38,
     * which the initial states use, clear elsewhere so that the first load
     * writes them (on both sides). */
    for (unsigned i = 0; i < env_selector_count; i++) {
        const struct dt_selector *d = &env_selectors[i];
        uint32_t limit = d->limit > 0xfffff ? d->limit >> 12 : d->limit;
        put_desc(ram, d->sel >> 3, d->base, limit, (uint8_t)d->attr, (uint8_t)(d->attr >> 12));
    }
    put_desc(ram, 8, PM_TSS, 0x67, 0x8b, 0x0);      /* 40: busy 32-bit TSS */
    memset(ram + PM_TSS, 0, 0x68);
    st->gdt_base = PM_GDT;
    st->gdt_limit = 9 * 8 - 1;
    st->idt_base = PM_IDT;
    st->idt_limit = 256 * 8 - 1;
    st->seg[SEG_CS] = code16 ? seg_of(ENV_SEL_CODE16, 0, 0xffff, 0x9b, 0x0)
                             : seg_of(ENV_SEL_CODE, 0, 0xffffffffu, 0x9b, 0xc);
    for (unsigned s = 0; s < SEG_COUNT; s++) {
        if (s != SEG_CS)
            st->seg[s] = seg_of(ENV_SEL_DATA, 0, 0xffffffffu, 0x93, 0xc);
    }
    st->tr = seg_of(ENV_SEL_TSS, PM_TSS, 0x67, 0x8b, 0);
    st->ldtr = seg_of(0, 0, 0, 0x82, 0);
    st->cr0 = CR0_PE | CR0_ET;
    st->eip = PM_CODE;
    if (paged) {
        put32(ram + PM_PD, PM_PT | 0x3);            /* present, writable, A clear */
        for (uint32_t i = 0; i < DT_RAM >> 12; i++)
            put32(ram + PM_PT + i * 4, (i << 12) | 0x3);
        for (size_t h = 0; h < sizeof pg_holes / sizeof pg_holes[0]; h++)
            put32(ram + PM_PT + (pg_holes[h] >> 12) * 4, pg_holes[h]);
        put32(ram + PM_PT + (PG_READONLY >> 12) * 4, PG_READONLY | 0x1);
        st->cr3 = PM_PD;
        st->cr0 |= CR0_PG | CR0_WP;
    }
}

void env_build(enum dt_mode m, uint8_t *ram, struct dt_state *st)
{
    memset(st, 0, sizeof *st);
    if (m == DT_REAL)
        build_real(ram, st);
    else
        build_prot(ram, st, m == DT_PAGED, m == DT_PROT16);
    st->eflags = EFLAGS_FIXED1;
}
