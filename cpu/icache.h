/* cpu/icache.h: the decoded-code cache.  Code is decoded once into traces:
 * runs of up to TRACE_MAX instructions from one physical page, ending at a
 * branch, a state-changing instruction or the page end.  A trace is found by
 * physical address and code size (CS.D); it stays valid while its page's
 * code generation (mmu/physmem.h) is unchanged, so any store into its bytes,
 * from the CPU, DMA or a device, retires it. */
#ifndef VIREO_CPU_ICACHE_H
#define VIREO_CPU_ICACHE_H

#include <stdint.h>

#include "decoder/decode.h"

#define ICACHE_SLOT_BITS 14
#define ICACHE_SLOTS (1u << ICACHE_SLOT_BITS)
#define ICACHE_POOL (1u << 18)          /* decoded instructions */
#define TRACE_MAX 32
#define ICACHE_JUMP_BITS 10
#define ICACHE_JUMP (1u << ICACHE_JUMP_BITS)   /* the lookup cache by EIP (run.c) */

/* A trace remembers the traces that ran after it (the fall-through or
 * branch target in link[0], any other successor in link[1]), so the run
 * loop can go on without a lookup.  A link holds while the fetch context
 * (cpu.fetch_ctx: CS base and limits, CS.D, user or supervisor, and
 * tlb.gen, which every translation flush and cache flush bumps) is the one
 * it was made in and the successor is the same build (id) with its page's
 * code unchanged. */
struct trace;
struct trace_link {
    uint32_t eip;               /* where the successor starts */
    uint32_t ctx;               /* tlb.fetch_ctx when linked (never 0) */
    uint32_t id;                /* the successor's build id; 0: no link */
    struct trace *to;           /* the successor's slot */
};

struct trace {
    uint32_t phys;              /* physical address of the first instruction */
    uint32_t gen;               /* the page's code generation when decoded */
    uint32_t epoch;             /* the cache epoch when decoded */
    uint16_t bytes;             /* code bytes covered, from the first instruction */
    uint8_t n;                  /* instructions */
    uint8_t code32;             /* decoded with CS.D = 1 */
    uint32_t id;                /* build id, never 0 */
    const uint32_t *genp;       /* the page's code generation (physmem.h) */
    const struct insn *code;    /* the first instruction, in the pool */
    struct trace_link link[2];
};

struct icache {
    uint32_t epoch;             /* bumped to drop every trace at once */
    uint32_t next_id;           /* the next build id */
    uint32_t pool_used;
    uint64_t builds, flushes;   /* statistics for the debugger and benchmarks */
    struct trace slot[ICACHE_SLOTS];
    struct trace_link jump[ICACHE_JUMP];   /* EIP -> trace, by the rules of a link */
    struct insn pool[ICACHE_POOL];
};

struct icache *icache_create(void);
void icache_destroy(struct icache *ic);
void icache_flush(struct icache *ic);

static inline struct trace *icache_slot(struct icache *ic, uint32_t phys)
{
    return &ic->slot[(phys * 0x9e3779b1u) >> (32 - ICACHE_SLOT_BITS)];
}

#endif
