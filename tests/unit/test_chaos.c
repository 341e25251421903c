/* tests/unit/test_chaos.c: no guest byte sequence may crash the host, and
 * the fast paths compute what the careful ones do.
 *
 * Each round fills guest memory with random bytes and starts the CPU in a
 * random state of a random kind: real mode, or (through chaos_setup.asm, by
 * the CPU's own instructions) protected mode at ring 0 or ring 3 or V86
 * mode, with random descriptors, gates, TSS, I/O bitmap, page tables and
 * CR0/CR4 bits.  The code then runs on the whole machine: random port I/O
 * reaches every device, 0F FF reaches the BIOS services, and faults, task
 * switches, triple faults and resets happen as they come.
 *
 * Two identical machines run every round.  The first uses the fast paths
 * (decoded traces, the TLB's direct host pointers); the second runs one
 * instruction at a time with every memory access on the slow path, as the
 * debugger makes it.  After each round the two must agree on the
 * instruction count, the registers, the descriptor caches, the control
 * registers, the x87 and every byte of RAM.  The CPU's mode invariants are
 * checked too, and the disk images (opened with --snapshot) must be
 * untouched at the end.  Under scripts/check-sanitizers.sh the same rounds
 * run with AddressSanitizer and UBSan.
 *
 * VIREO_CHAOS_ROUNDS and VIREO_CHAOS_SEED give longer or other runs; a
 * failure names its seed and round. */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu/cpu.h"
#include "cpu/debug.h"
#include "machine/config.h"
#include "machine/machine.h"
#include "mmu/physmem.h"

#define RAM_MB 8
#define SLICE 40000u                /* instructions per round */
#define DEFAULT_ROUNDS 120u

/* Guest physical layout of a protected-mode round (chaos_setup.asm). */
enum {
    STUB = 0x1000, PARAMS = 0x1800, GDT = 0x2000, IDT = 0x3000, TSS = 0x4000,
    LDT = 0x7000, FRAME = 0x8800, STACK0 = 0x9000, PD = 0x10000, PT0 = 0x11000,
    PT_MORE = 0x12000, PT_MORE_END = 0x20000,
    GDT_ENTRIES = 64, LDT_ENTRIES = 32, IOMAP = 0x88, TSS_LIMIT = IOMAP + 0x2000,
};
/* Where random code and data go: conventional memory above the tables, and
 * the first 512 KiB above 1 MiB. */
static const uint32_t chaos_area[][2] = { { 0x20000, 0xa0000 }, { 0x100000, 0x180000 } };

enum kind { K_REAL, K_RING0, K_RING3, K_V86, K_KEEP, K_COUNT };
static const char *const kind_name[K_COUNT] = { "real", "ring0", "ring3", "v86", "keep" };

struct rng {
    uint64_t s;
};

static uint64_t rnd(struct rng *r)
{
    r->s ^= r->s << 13;
    r->s ^= r->s >> 7;
    r->s ^= r->s << 17;
    return r->s;
}

static uint32_t below(struct rng *r, uint32_t n)
{
    return (uint32_t)(rnd(r) % n);
}

static bool chance(struct rng *r, unsigned percent)
{
    return below(r, 100) < percent;
}

/* A random linear address in the chaos areas. */
static uint32_t code_addr(struct rng *r)
{
    const uint32_t *a = chaos_area[below(r, 2)];
    return a[0] + below(r, a[1] - a[0]);
}

struct chaos {
    char dir[128];
    char fda[256], hda[256];
    uint64_t fda_hash, hda_hash;
    uint8_t stub[256];
    size_t stub_len;
    struct machine *m[2];           /* [0] fast paths, [1] one step at a time, slow memory */
};

/* ---- Guest memory ---- */

static void put(struct machine *m, uint32_t phys, const void *bytes, size_t n)
{
    phys_write_block(&m->mem, phys, bytes, n);
}

static void put32(struct machine *m, uint32_t phys, uint32_t v)
{
    uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
    put(m, phys, b, 4);
}

static void put16(struct machine *m, uint32_t phys, uint16_t v)
{
    uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };
    put(m, phys, b, 2);
}

static void put_random(struct machine *m, struct rng *r, uint32_t from, uint32_t to)
{
    static uint8_t buf[4096];
    for (uint32_t a = from; a < to; a += sizeof buf) {
        uint32_t n = to - a < sizeof buf ? to - a : (uint32_t)sizeof buf;
        for (uint32_t i = 0; i < n; i += 8) {
            uint64_t v = rnd(r);
            for (uint32_t k = 0; k < 8 && i + k < n; k++)
                buf[i + k] = (uint8_t)(v >> (8 * k));
        }
        put(m, a, buf, n);
    }
}

/* A segment descriptor: base, 20-bit limit, access byte, flags nibble. */
static void put_desc(struct machine *m, uint32_t at, uint32_t base, uint32_t limit,
                     uint8_t access, uint8_t flags)
{
    uint32_t lo = (limit & 0xffffu) | (base << 16);
    uint32_t hi = ((base >> 16) & 0xffu) | ((uint32_t)access << 8) | (limit & 0xf0000u) |
                  ((uint32_t)(flags & 0xf) << 20) | (base & 0xff000000u);
    put32(m, at, lo);
    put32(m, at + 4, hi);
}

/* A gate: selector, offset, access byte (P, DPL, type). */
static void put_gate(struct machine *m, uint32_t at, uint16_t sel, uint32_t off, uint8_t access,
                     uint8_t params)
{
    put32(m, at, (off & 0xffffu) | ((uint32_t)sel << 16));
    put32(m, at + 4, (off & 0xffff0000u) | ((uint32_t)access << 8) | (params & 0x1f));
}

/* A descriptor that is mostly plausible: present code or data of any DPL,
 * a call or task gate now and then, or eight random bytes. */
static void random_desc(struct machine *m, struct rng *r, uint32_t at)
{
    static const uint16_t code_sels[] = { 0x08, 0x18, 0x2b };
    unsigned pick = below(r, 10);
    uint8_t dpl = (uint8_t)(below(r, 4) << 5);
    if (pick < 6) {
        uint32_t base = chance(r, 50) ? 0 : code_addr(r) & ~0xfu;
        uint32_t limit = chance(r, 50) ? 0xfffff : below(r, 0x100000);
        uint8_t access = (uint8_t)((chance(r, 90) ? 0x80 : 0) | dpl | 0x10 | below(r, 16));
        put_desc(m, at, base, limit, access, (uint8_t)(below(r, 2) << 3 | below(r, 2) << 2));
    } else if (pick < 8) {
        uint8_t type = chance(r, 70) ? 0x0c : 0x04;     /* 32- or 16-bit call gate */
        put_gate(m, at, code_sels[below(r, 3)], code_addr(r), (uint8_t)(0x80 | dpl | type),
                 (uint8_t)below(r, 4));
    } else if (pick < 9) {
        put_gate(m, at, 0x38, 0, (uint8_t)(0x80 | dpl | 0x05), 0);      /* task gate */
    } else {
        put32(m, at, (uint32_t)rnd(r));
        put32(m, at + 4, (uint32_t)rnd(r));
    }
}

/* ---- Starting states ---- */

static void random_regs(struct cpu *c, struct rng *r)
{
    for (unsigned i = 0; i < 8; i++)
        c->gpr[i] = chance(r, 50) ? (uint32_t)rnd(r) : below(r, 0x10000);
}

static uint32_t random_eflags(struct rng *r, unsigned tf_percent)
{
    uint32_t f = (uint32_t)rnd(r) & 0x00254cd5u;        /* arithmetic, DF, IOPL, NT, AC, ID */
    f &= ~(uint32_t)(1u << 8 | 1u << 9 | 1u << 14);     /* TF, IF and NT as drawn below */
    if (chance(r, 60))
        f |= 1u << 9;
    if (chance(r, tf_percent))
        f |= 1u << 8;
    if (chance(r, 3))
        f |= 1u << 14;
    return f | 2u;
}

static void start_real(struct machine *m, struct rng *r)
{
    struct cpu *c = m->cpu;
    cpu_reset(c);
    for (unsigned s = 0; s < SEG_COUNT; s++)
        cpu_load_seg_real(c, s, (uint16_t)(0x2000 + below(r, 0x8000)));
    c->eip = below(r, 0x10000);
    random_regs(c, r);
    cpu_set_eflags(c, random_eflags(r, 5), 0xffffffffu & ~(uint32_t)EFLAGS_VM);
}

/* The tables and the parameter block of chaos_setup.asm, then real mode at
 * its first instruction. */
static void start_protected(struct chaos *ch, struct machine *m, struct rng *r, enum kind kind)
{
    struct cpu *c = m->cpu;
    bool has_cr4 = c->cfg.model >= CPU_586;
    put(m, STUB, ch->stub, ch->stub_len);

    /* GDT: the fixed entries chaos_setup.asm and the frames use, then random. */
    put_desc(m, GDT, 0, 0, 0, 0);
    put_desc(m, GDT + 0x08, 0, 0xfffff, 0x9a, 0xc);    /* ring-0 code32, flat */
    put_desc(m, GDT + 0x10, 0, 0xfffff, 0x92, 0xc);    /* ring-0 data32, flat */
    uint32_t base16 = code_addr(r) & 0xffff0u;
    put_desc(m, GDT + 0x18, base16, 0xffff, 0x9a, 0);  /* ring-0 code16 */
    put_desc(m, GDT + 0x20, base16, 0xffff, 0x92, 0);  /* ring-0 data16 */
    put_desc(m, GDT + 0x28, 0, 0xfffff, 0xfa, 0xc);    /* ring-3 code32, flat */
    put_desc(m, GDT + 0x30, 0, 0xfffff, 0xf2, 0xc);    /* ring-3 data32, flat */
    put_desc(m, GDT + 0x38, TSS, TSS_LIMIT, 0x89, 0);  /* available 32-bit TSS */
    put_desc(m, GDT + 0x40, LDT, LDT_ENTRIES * 8 - 1, 0x82, 0);
    for (unsigned i = 9; i < GDT_ENTRIES; i++)
        random_desc(m, r, GDT + 8 * i);
    for (unsigned i = 0; i < LDT_ENTRIES; i++)
        random_desc(m, r, LDT + 8 * i);

    /* IDT: mostly interrupt and trap gates into the random code. */
    for (unsigned v = 0; v < 256; v++) {
        uint32_t at = IDT + 8 * v;
        uint8_t dpl = chance(r, 30) ? 0x60 : 0;
        unsigned pick = below(r, 20);
        if (pick < 14)
            put_gate(m, at, 0x08, code_addr(r), (uint8_t)(0x8e | dpl), 0);
        else if (pick < 17)
            put_gate(m, at, 0x08, code_addr(r), (uint8_t)(0x8f | dpl), 0);
        else if (pick < 18)
            put_gate(m, at, 0x18, below(r, 0x10000), (uint8_t)(0x86 | dpl | below(r, 2)), 0);
        else if (pick < 19)
            put_gate(m, at, 0x38, 0, (uint8_t)(0x85 | dpl), 0);
        else
            random_desc(m, r, at);
    }

    /* TSS: the ring-0 stack, random other fields (a task switch into it
     * loads them), the interrupt redirection and I/O permission bitmaps. */
    put_random(m, r, TSS, TSS + TSS_LIMIT + 1);
    put32(m, TSS + 4, chance(r, 90) ? STACK0 : (uint32_t)rnd(r));
    put32(m, TSS + 8, chance(r, 90) ? 0x10 : below(r, 0x200));
    put32(m, TSS + 0x1c, PD);
    put16(m, TSS + 0x60, 0x40);
    put16(m, TSS + 0x64, (uint16_t)(chance(r, 3) ? 1 : 0));    /* T: trap on switch */
    put16(m, TSS + 0x66, (uint16_t)(chance(r, 85) ? IOMAP : rnd(r)));
    uint8_t ones = 0xff;
    put(m, TSS + TSS_LIMIT, &ones, 1);

    /* Paging: the first 4 MiB identity-mapped (the tables stay reachable),
     * a few random page tables and 4 MiB pages, the rest random. */
    for (uint32_t i = 0; i < 1024; i++) {
        uint32_t pte = i << 12 | 0x7;
        if (i >= 0x20 && chance(r, 5))
            pte = (uint32_t)rnd(r);
        put32(m, PT0 + 4 * i, pte);
    }
    put_random(m, r, PT_MORE, PT_MORE_END);
    put32(m, PD, PT0 | 0x7);
    for (uint32_t i = 1; i < 1024; i++) {
        uint32_t pde = 0;
        unsigned pick = below(r, 10);
        if (pick < 3)
            pde = (PT_MORE + 0x1000 * below(r, (PT_MORE_END - PT_MORE) / 0x1000)) |
                  below(r, 0x100);
        else if (pick < 5)
            pde = (below(r, 1024) << 22) | 0x80 | below(r, 0x100);   /* a 4 MiB page */
        else if (pick < 6)
            pde = (uint32_t)rnd(r);
        put32(m, PD + 4 * i, pde);
    }

    /* The frame for POPAD and IRETD. */
    uint32_t f = FRAME;
    for (unsigned i = 0; i < 8; i++, f += 4)
        put32(m, f, chance(r, 50) ? (uint32_t)rnd(r) : below(r, 0x10000));
    uint32_t eflags = random_eflags(r, 5);
    if (kind == K_V86) {
        uint32_t v86[9] = { below(r, 0x10000), 0x2000 + below(r, 0x8000),
                            eflags | EFLAGS_VM, below(r, 0x10000), 0x2000 + below(r, 0x8000),
                            0x2000 + below(r, 0x8000), 0x2000 + below(r, 0x8000),
                            0x2000 + below(r, 0x8000), 0x2000 + below(r, 0x8000) };
        for (unsigned i = 0; i < 9; i++, f += 4)
            put32(m, f, v86[i]);
    } else if (kind == K_RING3) {
        uint32_t ring3[5] = { code_addr(r), 0x2b, eflags, code_addr(r), 0x33 };
        for (unsigned i = 0; i < 5; i++, f += 4)
            put32(m, f, ring3[i]);
    } else {
        bool code16 = chance(r, 20);
        uint32_t ring0[3] = { code16 ? below(r, 0x10000) : code_addr(r), code16 ? 0x18u : 0x08u,
                              eflags };
        for (unsigned i = 0; i < 3; i++, f += 4)
            put32(m, f, ring0[i]);
    }

    /* The parameter block. */
    static const uint16_t data_sels[] = { 0x10, 0x20, 0x33, 0 };
    uint32_t cr4 = 0;
    if (has_cr4) {
        cr4 = (uint32_t)rnd(r) & 0x1f;                  /* VME PVI TSD DE PSE */
        if (c->cfg.model >= CPU_686 && chance(r, 50))
            cr4 |= 0x80;                                /* PGE */
    }
    uint32_t cr0 = CR0_PE | CR0_ET;
    if (chance(r, 70))
        cr0 |= CR0_PG;
    if (c->cfg.model >= CPU_486)
        cr0 |= (uint32_t)rnd(r) & (1u << 16 | 1u << 18 | 1u << 5);     /* WP AM NE */
    if (chance(r, 30))
        cr0 |= 1u << 1;                                 /* MP */
    if (chance(r, 5))
        cr0 |= 1u << 2;                                 /* EM */
    if (chance(r, 5))
        cr0 |= 1u << 3;                                 /* TS */
    put16(m, PARAMS + 0, GDT_ENTRIES * 8 - 1);
    put32(m, PARAMS + 2, GDT);
    put16(m, PARAMS + 8, 256 * 8 - 1);
    put32(m, PARAMS + 10, IDT);
    put32(m, PARAMS + 16, cr4);
    put32(m, PARAMS + 20, has_cr4);
    put32(m, PARAMS + 24, PD);
    put32(m, PARAMS + 28, cr0);
    put32(m, PARAMS + 32, FRAME);
    for (unsigned i = 0; i < 4; i++)
        put16(m, PARAMS + 36 + 2 * i, data_sels[below(r, 4)]);
    put16(m, PARAMS + 44, 0x38);
    put16(m, PARAMS + 46, chance(r, 80) ? 0x40 : 0);

    cpu_reset(c);
    for (unsigned s = 0; s < SEG_COUNT; s++)
        cpu_load_seg_real(c, s, 0);
    c->eip = STUB;
    c->gpr[REG_ESP] = 0x8000;
}

/* One round's memory and starting state, the same on both machines. */
static enum kind start_round(struct chaos *ch, struct machine *m, uint64_t seed)
{
    struct rng r = { seed * 0x9e3779b97f4a7c15ull | 1 };
    enum kind kind = (enum kind)below(&r, K_COUNT);
    for (unsigned i = 0; i < sizeof chaos_area / sizeof chaos_area[0]; i++)
        put_random(m, &r, chaos_area[i][0], chaos_area[i][1]);
    if (chance(&r, 25))
        put_random(m, &r, 0, 0x1000);                   /* the IVT and the BIOS data area */
    if (kind == K_REAL)
        start_real(m, &r);
    else if (kind != K_KEEP)
        start_protected(ch, m, &r, kind);
    return kind;
}

/* ---- The two machines ---- */

static void no_watch(void *opaque, struct cpu *c, uint32_t lin, uint32_t phys, unsigned size,
                     uint32_t value, bool is_write)
{
    (void)opaque, (void)c, (void)lin, (void)phys, (void)size, (void)value, (void)is_write;
}

/* The second machine: one instruction at a time, every access slow. */
static void make_careful(struct cpu *c)
{
    c->dbg_mem = no_watch;
    c->dbg_insn = NULL;
    c->debug_watch = true;
    c->debug_step = true;
    cpu_debug_regs_changed(c);
    c->pending |= PENDING_STEP;
}

static uint64_t file_hash(const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    uint64_t h = 0xcbf29ce484222325ull;
    int ch;
    while ((ch = getc(f)) != EOF)
        h = (h ^ (uint8_t)ch) * 0x100000001b3ull;
    fclose(f);
    return h;
}

static void write_random_file(const char *path, size_t size, uint64_t seed)
{
    FILE *f = fopen(path, "wb");
    ck_assert_msg(f != NULL, "cannot create %s", path);
    struct rng r = { seed };
    for (size_t i = 0; i < size; i += 8) {
        uint64_t v = rnd(&r);
        ck_assert_uint_eq(fwrite(&v, 1, 8, f), 8);
    }
    fclose(f);
}

static void load_stub(struct chaos *ch)
{
    const char *top = getenv("top_builddir") ? getenv("top_builddir") : ".";
    char path[512];
    snprintf(path, sizeof path, "%s/tests/unit/chaos_setup.bin", top);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "missing %s (make check builds it)", path);
    ch->stub_len = fread(ch->stub, 1, sizeof ch->stub, f);
    fclose(f);
    ck_assert(ch->stub_len > 16 && ch->stub_len < sizeof ch->stub);
}

static struct chaos *chaos_open(const char *cpu_model)
{
    struct chaos *ch = calloc(1, sizeof *ch);
    ck_assert_ptr_nonnull(ch);
    load_stub(ch);
    snprintf(ch->dir, sizeof ch->dir, "%s/vireo-chaos-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(ch->dir));
    snprintf(ch->fda, sizeof ch->fda, "%s/a.img", ch->dir);
    snprintf(ch->hda, sizeof ch->hda, "%s/c.img", ch->dir);
    write_random_file(ch->fda, 1474560, 1);
    write_random_file(ch->hda, 64 * 4 * 16 * 512, 2);
    ch->fda_hash = file_hash(ch->fda);
    ch->hda_hash = file_hash(ch->hda);
    for (unsigned i = 0; i < 2; i++) {
        struct machine_config cfg;
        struct emu_err err = { 0 };
        config_defaults(&cfg);
        ck_assert_int_eq(config_set(&cfg, "fda", ch->fda, &err), 0);
        ck_assert_int_eq(config_set(&cfg, "hda", ch->hda, &err), 0);
        ck_assert_int_eq(config_set(&cfg, "hda-chs", "64,4,16", &err), 0);
        ck_assert_int_eq(config_set(&cfg, "memory", "8", &err), 0);
        ck_assert_int_eq(config_set(&cfg, "cpu", cpu_model, &err), 0);
        ck_assert_int_eq(config_set(&cfg, "rtc-start", "2000-01-01", &err), 0);
        cfg.snapshot = true;
        snprintf(cfg.log_level, sizeof cfg.log_level, "error");
        ch->m[i] = machine_create(&cfg, &err);
        ck_assert_msg(ch->m[i] != NULL, "machine_create: %s", err.msg);
    }
    make_careful(ch->m[1]->cpu);
    return ch;
}

static void chaos_close(struct chaos *ch)
{
    for (unsigned i = 0; i < 2; i++)
        machine_destroy(ch->m[i]);
    ck_assert_msg(file_hash(ch->fda) == ch->fda_hash, "the floppy image changed under --snapshot");
    ck_assert_msg(file_hash(ch->hda) == ch->hda_hash, "the disk image changed under --snapshot");
    unlink(ch->fda);
    unlink(ch->hda);
    rmdir(ch->dir);
    free(ch);
}

/* ---- Checks ---- */

/* What must hold of any CPU at an instruction boundary. */
static void check_invariants(const struct cpu *c, const char *where)
{
    bool pe = (c->cr0 & CR0_PE) != 0, vm = (c->eflags & EFLAGS_VM) != 0;
    enum cpu_mode want = !pe ? MODE_REAL : vm ? MODE_V86 : MODE_PROT;
    ck_assert_msg(c->mode == want, "%s: mode %d with CR0 %08x EFLAGS %08x", where, c->mode,
                  c->cr0, c->eflags);
    if (c->mode == MODE_REAL)
        ck_assert_msg(c->cpl == 0, "%s: CPL %u in real mode", where, c->cpl);
    else if (c->mode == MODE_V86)
        ck_assert_msg(c->cpl == 3, "%s: CPL %u in V86 mode", where, c->cpl);
    else
        ck_assert_msg((c->seg[SEG_CS].sel & 3) == c->cpl, "%s: CPL %u, CS %04x", where, c->cpl,
                      c->seg[SEG_CS].sel);
    ck_assert_msg((c->eflags & 0x802a) == 2, "%s: EFLAGS %08x: reserved bits", where, c->eflags);
    ck_assert_msg((c->eflags & ~c->eflags_mask & ~(uint32_t)2) == 0,
                  "%s: EFLAGS %08x outside the model's %08x", where, c->eflags, c->eflags_mask);
}

#define SAME(field, fmt)                                                                       \
    ck_assert_msg(a->field == b->field, "%s: " #field " " fmt " (fast) vs " fmt " (careful)", \
                  where, a->field, b->field)

static void compare_cpus(struct cpu *a, struct cpu *b, const char *where)
{
    SAME(icount, "%" PRIu64);
    SAME(eip, "%08x");
    for (unsigned i = 0; i < 8; i++)
        SAME(gpr[i], "%08x");
    uint32_t fa = cpu_get_eflags(a), fb = cpu_get_eflags(b);
    ck_assert_msg(fa == fb, "%s: EFLAGS %08x (fast) vs %08x (careful)", where, fa, fb);
    for (unsigned s = 0; s < SEG_COUNT; s++) {
        SAME(seg[s].sel, "%04x");
        SAME(seg[s].base, "%08x");
        SAME(seg[s].limit, "%08x");
        SAME(seg[s].attr, "%04x");
    }
    SAME(ldtr.sel, "%04x");
    SAME(tr.sel, "%04x");
    SAME(tr.attr, "%04x");
    SAME(gdtr.base, "%08x");
    SAME(idtr.base, "%08x");
    SAME(cr0, "%08x");
    SAME(cr2, "%08x");
    SAME(cr3, "%08x");
    SAME(cr4, "%08x");
    SAME(cpl, "%u");
    SAME(halted, "%d");
    SAME(fpu.cw, "%04x");
    SAME(fpu.sw, "%04x");
    SAME(fpu.tw, "%04x");
    for (unsigned i = 0; i < 8; i++) {
        SAME(fpu.st[i].mant, "%016" PRIx64);
        SAME(fpu.st[i].sexp, "%04x");
    }
}

static void compare_ram(struct machine *a, struct machine *b, const char *where)
{
    for (uint32_t p = 0; p < RAM_MB * 1024u * 1024u; p += 4096) {
        const uint8_t *ha = phys_page_host(&a->mem, p, false);
        const uint8_t *hb = phys_page_host(&b->mem, p, false);
        if (ha == NULL || hb == NULL)
            continue;
        if (memcmp(ha, hb, 4096) != 0) {
            unsigned i = 0;
            while (ha[i] == hb[i])
                i++;
            ck_abort_msg("%s: RAM differs at %08x: %02x (fast) vs %02x (careful)", where, p + i,
                         ha[i], hb[i]);
        }
    }
}

static unsigned env_uint(const char *name, unsigned dflt)
{
    const char *v = getenv(name);
    return v != NULL && *v ? (unsigned)strtoul(v, NULL, 0) : dflt;
}

static void run_chaos(const char *cpu_model, uint64_t seed0)
{
    struct chaos *ch = chaos_open(cpu_model);
    unsigned rounds = env_uint("VIREO_CHAOS_ROUNDS", DEFAULT_ROUNDS);
    seed0 ^= env_uint("VIREO_CHAOS_SEED", 0);
    /* Let POST set the devices and the BIOS data area up first. */
    for (unsigned i = 0; i < 2; i++)
        machine_run(ch->m[i], 3000000);
    unsigned kinds[K_COUNT] = { 0 }, stops[4] = { 0 };
    for (unsigned round = 0; round < rounds; round++) {
        uint64_t seed = seed0 + round;
        char where[96];
        enum kind kind = K_REAL;
        enum machine_stop stop[2];
        for (unsigned i = 0; i < 2; i++) {
            kind = start_round(ch, ch->m[i], seed);
            if (i == 1)
                make_careful(ch->m[1]->cpu);    /* a reset keeps it; a new round re-asserts it */
            stop[i] = machine_run(ch->m[i], SLICE);
        }
        snprintf(where, sizeof where, "--cpu %s, seed %" PRIu64 " (round %u, %s)", cpu_model,
                 seed, round, kind_name[kind]);
        ck_assert_msg(stop[0] == stop[1], "%s: stop %d (fast) vs %d (careful)", where, stop[0],
                      stop[1]);
        kinds[kind]++;
        stops[stop[0] & 3]++;
        check_invariants(ch->m[0]->cpu, where);
        check_invariants(ch->m[1]->cpu, where);
        compare_cpus(ch->m[0]->cpu, ch->m[1]->cpu, where);
        compare_ram(ch->m[0], ch->m[1], where);
    }
    printf("chaos --cpu %s: %u rounds of %u instructions (real %u, ring 0 %u, ring 3 %u, "
           "V86 %u, continued %u); stops: budget %u, exit %u; fast and careful agree\n",
           cpu_model, rounds, SLICE, kinds[K_REAL], kinds[K_RING0], kinds[K_RING3],
           kinds[K_V86], kinds[K_KEEP], stops[STOP_NONE], stops[STOP_EXIT]);
    chaos_close(ch);
}

START_TEST(chaos_pentium2)
{
    run_chaos("pentium2", 1000);
}
END_TEST

START_TEST(chaos_486)
{
    run_chaos("486", 2000);
}
END_TEST

START_TEST(chaos_386)
{
    run_chaos("386", 3000);
}
END_TEST

static Suite *chaos_suite(void)
{
    Suite *s = suite_create("chaos");
    TCase *tc = tcase_create("random code");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, chaos_pentium2);
    tcase_add_test(tc, chaos_486);
    tcase_add_test(tc, chaos_386);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(chaos_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
