/* tests/unit/cputest.h: a bench for CPU unit tests: 4 MiB of RAM, an empty
 * port bus, a CPU (with an FPU on the 486 and Pentium models) in real mode
 * at CODE_SEG:CODE_IP with SS:SP = 0000:8000,
 * and an IVT whose 256 vectors each point at their own HLT (STUB_SEG:n), so
 * a test that ends in an exception names the vector it took.  Code is
 * placed as hand-assembled bytes (each line commented with its source);
 * expected results come from the Intel SDM, never from running the core.
 * Header-only so each test program stands alone. */
#ifndef VIREO_TESTS_CPUTEST_H
#define VIREO_TESTS_CPUTEST_H

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/segment.h"
#include "devices/bus.h"
#include "mmu/physmem.h"
#include "util/le.h"

#define BENCH_RAM (4u << 20)
#define CODE_SEG 0x0000u
#define CODE_IP 0x1000u         /* code at physical 01000h */
#define STUB_SEG 0x0050u        /* vector n's HLT is at 0050:n (physical 500h + n) */
#define BENCH_SP 0x8000u
#define BENCH_STEPS 200000u

struct bench {
    struct logger log;
    struct phys_mem mem;
    struct io_bus bus;
    struct cpu *c;
    uint8_t intr_vector;        /* what the fake PIC answers to INTA */
    unsigned intr_acks;         /* how many INTA cycles it saw */
};

static inline void bench_sink(void *opaque, enum log_level lvl, const char *line)
{
    (void)opaque;
    (void)lvl;
    (void)line;
}

static inline uint8_t bench_intr_ack(void *opaque)
{
    struct bench *b = opaque;
    b->intr_acks++;
    cpu_set_intr(b->c, false);      /* an edge-triggered source: one request */
    return b->intr_vector;
}

static inline void bench_wr8(struct bench *b, uint32_t phys, uint8_t v)
{
    phys_write8(&b->mem, phys, v);
}
static inline void bench_wr16(struct bench *b, uint32_t phys, uint16_t v)
{
    phys_write16(&b->mem, phys, v);
}
static inline void bench_wr32(struct bench *b, uint32_t phys, uint32_t v)
{
    phys_write32(&b->mem, phys, v);
}
static inline uint8_t bench_rd8(struct bench *b, uint32_t phys)
{
    return phys_read8(&b->mem, phys);
}
static inline uint16_t bench_rd16(struct bench *b, uint32_t phys)
{
    return phys_read16(&b->mem, phys);
}
static inline uint32_t bench_rd32(struct bench *b, uint32_t phys)
{
    return phys_read32(&b->mem, phys);
}

/* Point IVT entry `vector` at seg:off. */
static inline void bench_set_vector(struct bench *b, uint8_t vector, uint16_t seg, uint16_t off)
{
    bench_wr16(b, vector * 4u, off);
    bench_wr16(b, vector * 4u + 2, seg);
}

/* Real mode: jump to seg:ip (the caches keep their limits). */
static inline void bench_jump(struct bench *b, uint16_t seg, uint32_t ip)
{
    cpu_load_seg_real(b->c, SEG_CS, seg);
    b->c->eip = ip;
}

static inline struct bench *bench_new_model(uint8_t model)
{
    struct bench *b = calloc(1, sizeof *b);
    ck_assert_ptr_nonnull(b);
    b->log.level = LOG_ERROR;
    b->log.sink = bench_sink;
    struct emu_err err;
    ck_assert_int_eq(phys_create(&b->mem, BENCH_RAM, &b->log, &err), 0);
    bus_init(&b->bus, &b->log);
    struct cpu_config cfg = { .model = model, .has_fpu = model != CPU_386 };
    b->c = cpu_create(&cfg, &b->mem, &b->bus);
    ck_assert_ptr_nonnull(b->c);
    b->c->intr_ack = bench_intr_ack;
    b->c->intr_opaque = b;
    for (unsigned v = 0; v < 256; v++) {
        bench_set_vector(b, (uint8_t)v, STUB_SEG, (uint16_t)v);
        bench_wr8(b, STUB_SEG * 16u + v, 0xf4);         /* hlt */
    }
    for (unsigned s = 0; s < SEG_COUNT; s++)
        cpu_load_seg_real(b->c, s, 0);
    bench_jump(b, CODE_SEG, CODE_IP);
    b->c->gpr[REG_ESP] = BENCH_SP;
    return b;
}

static inline struct bench *bench_new(void)
{
    return bench_new_model(CPU_586);
}

static inline void bench_free(struct bench *b)
{
    cpu_destroy(b->c);
    phys_destroy(&b->mem);
    free(b);
}

/* Place bytes at a physical address (through physmem, so decoded code
 * there is invalidated as a DMA write would). */
static inline void bench_put(struct bench *b, uint32_t phys, const uint8_t *bytes, size_t n)
{
    phys_write_block(&b->mem, phys, bytes, n);
}

/* Place code at CODE_SEG:CODE_IP. */
static inline void bench_code(struct bench *b, const uint8_t *bytes, size_t n)
{
    bench_put(b, CODE_SEG * 16u + CODE_IP, bytes, n);
}
#define BENCH_CODE(b, arr) bench_code((b), (arr), sizeof(arr))

/* Run until HLT; a run that does not halt within BENCH_STEPS fails. */
static inline void bench_run(struct bench *b)
{
    enum cpu_exit ex = cpu_run(b->c, BENCH_STEPS);
    ck_assert_msg(ex == CPU_EXIT_HALT, "cpu_run ended with %d, not HLT (CS:EIP %04x:%08x)",
                  (int)ex, b->c->seg[SEG_CS].sel, b->c->eip);
}

/* The vector whose stub halted, or -1 if the CPU halted elsewhere (real
 * mode: STUB_SEG:n; protected mode: PM_CODE32:STUB_SEG * 16 + n). */
static inline int bench_vector(const struct bench *b)
{
    const struct cpu *c = b->c;
    if (c->mode == MODE_PROT && c->seg[SEG_CS].sel == 0x08 && c->eip > STUB_SEG * 16u &&
        c->eip <= STUB_SEG * 16u + 256)
        return (int)(c->eip - STUB_SEG * 16u) - 1;
    if (c->seg[SEG_CS].sel != STUB_SEG || c->seg[SEG_CS].base != STUB_SEG * 16u)
        return -1;
    return (int)c->eip - 1;
}

/* Assert the run ended at the HLT that closes the test code, `len` bytes
 * in (so EIP = CODE_IP + len). */
static inline void bench_assert_done(const struct bench *b, size_t len)
{
    ck_assert_msg(bench_vector(b) < 0, "took vector %d", bench_vector(b));
    ck_assert_uint_eq(b->c->seg[SEG_CS].sel, b->c->mode == MODE_PROT ? 0x08 : CODE_SEG);
    ck_assert_uint_eq(b->c->eip, CODE_IP + len);
}
#define BENCH_DONE(b, arr) bench_assert_done((b), sizeof(arr))

/* Run code that must end with its own HLT. */
#define BENCH_RUN_ALL(b, arr)      \
    do {                           \
        BENCH_CODE((b), (arr));    \
        bench_run(b);              \
        BENCH_DONE((b), (arr));    \
    } while (0)

/* Run code that must end in exception `vec` (at its stub) and return the
 * real-mode frame's IP, CS and FLAGS from the stack. */
struct rm_frame {
    uint16_t ip, cs, flags;
};
static inline struct rm_frame bench_frame(struct bench *b)
{
    uint32_t sp = b->c->seg[SEG_SS].base + (b->c->gpr[REG_ESP] & 0xffffu);
    return (struct rm_frame){ bench_rd16(b, sp), bench_rd16(b, sp + 2), bench_rd16(b, sp + 4) };
}

static inline uint32_t bench_flags(struct bench *b)
{
    return cpu_get_eflags(b->c);
}

/* Arithmetic flags only, for comparisons. */
#define ARITH(b) (bench_flags(b) & EFLAGS_ARITH)

/* Write a GDT/LDT descriptor: base, byte-granular or page-granular limit
 * (as the G bit in flags says), access byte and flags nibble (G D/B L AVL). */
static inline void bench_desc(struct bench *b, uint32_t table, unsigned index, uint32_t base,
                              uint32_t limit, uint8_t access, uint8_t flags)
{
    uint32_t lo = (limit & 0xffffu) | (base << 16);
    uint32_t hi = ((base >> 16) & 0xffu) | ((uint32_t)access << 8) | (limit & 0xf0000u) |
                  ((uint32_t)(flags & 0xf) << 20) | (base & 0xff000000u);
    bench_wr32(b, table + index * 8, lo);
    bench_wr32(b, table + index * 8 + 4, hi);
}

/* ---- Protected mode ----
 * bench_pm32() switches the bench to 32-bit protected mode directly (the
 * switch by instructions is tested on its own): this GDT at PM_GDT, an IDT
 * at PM_IDT whose 32-bit interrupt gates lead to the same HLT stubs through
 * the flat code segment, CS:EIP = 08:CODE_IP, SS:ESP = 10:PM_ESP. */
#define PM_GDT 0x0800u
#define PM_IDT 0x3000u
#define PM_ESP 0x9000u
enum {
    PM_CODE32 = 0x08,           /* base 0, 4 GiB, 32-bit code */
    PM_DATA32 = 0x10,           /* base 0, 4 GiB, read/write, B = 1 */
    PM_CODE16 = 0x18,           /* base 0, 64 KiB, 16-bit code */
    PM_DATA16 = 0x20,           /* base 0, 64 KiB, read/write, B = 0 */
    PM_DATA4G16 = 0x28,         /* base 0, 4 GiB, read/write, B = 0 (unreal mode) */
    PM_DATA_SMALL = 0x30,       /* base 20000h, limit FFFh, read/write */
    PM_DATA_RO = 0x38,          /* base 0, 4 GiB, read-only */
    PM_GDT_ENTRIES = 8,
};

static inline void bench_gdt(struct bench *b)
{
    bench_desc(b, PM_GDT, 0, 0, 0, 0, 0);
    bench_desc(b, PM_GDT, 1, 0, 0xfffff, 0x9a, 0xc);
    bench_desc(b, PM_GDT, 2, 0, 0xfffff, 0x92, 0xc);
    bench_desc(b, PM_GDT, 3, 0, 0xffff, 0x9a, 0x0);
    bench_desc(b, PM_GDT, 4, 0, 0xffff, 0x92, 0x0);
    bench_desc(b, PM_GDT, 5, 0, 0xfffff, 0x92, 0x8);
    bench_desc(b, PM_GDT, 6, 0x20000, 0xfff, 0x92, 0x4);
    bench_desc(b, PM_GDT, 7, 0, 0xfffff, 0x90, 0xc);
    for (unsigned v = 0; v < 256; v++) {
        uint32_t off = STUB_SEG * 16u + v;
        bench_wr32(b, PM_IDT + v * 8, (off & 0xffffu) | ((uint32_t)PM_CODE32 << 16));
        bench_wr32(b, PM_IDT + v * 8 + 4, (off & 0xffff0000u) | 0x8e00u);
    }
}

/* Load a segment register's cache from the bench GDT. */
static inline void bench_load_seg(struct bench *b, unsigned seg, uint16_t sel)
{
    struct desc d = { bench_rd32(b, PM_GDT + (sel & 0xfff8u)),
                      bench_rd32(b, PM_GDT + (sel & 0xfff8u) + 4) };
    seg_cache_load(&b->c->seg[seg], sel, &d);
}

static inline void bench_pm32(struct bench *b)
{
    struct cpu *c = b->c;
    bench_gdt(b);
    c->gdtr = (struct dtr){ PM_GDT, PM_GDT_ENTRIES * 8 - 1 };
    c->idtr = (struct dtr){ PM_IDT, 256 * 8 - 1 };
    c->cr0 |= CR0_PE;
    cpu_update_mode(c);
    bench_load_seg(b, SEG_CS, PM_CODE32);
    for (unsigned s = 0; s < SEG_COUNT; s++) {
        if (s != SEG_CS)
            bench_load_seg(b, s, PM_DATA32);
    }
    c->cpl = 0;
    cpu_update_mode(c);
    c->eip = CODE_IP;
    c->gpr[REG_ESP] = PM_ESP;
}

/* The 32-bit protected-mode exception frame: EIP, CS, EFLAGS, after the
 * error code if the vector pushes one. */
struct pm_frame {
    uint32_t error, eip, cs, eflags;
};
static inline struct pm_frame bench_pm_frame(struct bench *b, bool has_error)
{
    uint32_t sp = b->c->seg[SEG_SS].base + b->c->gpr[REG_ESP];
    struct pm_frame f = { 0, 0, 0, 0 };
    if (has_error) {
        f.error = bench_rd32(b, sp);
        sp += 4;
    }
    f.eip = bench_rd32(b, sp);
    f.cs = bench_rd32(b, sp + 4) & 0xffffu;
    f.eflags = bench_rd32(b, sp + 8);
    return f;
}

#endif
