/* mmu/physmem.h: the physical address space: RAM, ROM and MMIO regions.
 * RAM covers 0..ram_size except where a region is mapped over it (the
 * 640 KiB-1 MiB hole holds VGA memory and ROMs).  Unmapped addresses read
 * as all ones and ignore writes.  Every store into RAM that does not come
 * from the CPU's TLB fast path goes through this file, which is how decoded
 * code learns that its bytes changed (self-modifying code, DMA, disk loads). */
#ifndef VIREO_MMU_PHYSMEM_H
#define VIREO_MMU_PHYSMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"
#include "util/log.h"

struct mmio_ops {
    const char *name;
    /* off is relative to the region's base; size is 1, 2 or 4 and the access
     * never crosses the region's end. */
    uint32_t (*read)(void *opaque, uint32_t off, unsigned size);
    void (*write)(void *opaque, uint32_t off, unsigned size, uint32_t value);
};

#define PHYS_MAX_REGIONS 16
#define PHYS_CODE_BLOCK_SHIFT 6    /* a summary of code per 64-byte block, then per byte */

enum phys_region_kind { PHYS_ROM, PHYS_MMIO };

struct phys_region {
    uint32_t base, size;
    enum phys_region_kind kind;
    uint8_t *rom;               /* PHYS_ROM: owned copy of the image */
    const struct mmio_ops *ops; /* PHYS_MMIO */
    void *opaque;
    bool rom_writable;          /* shadow RAM switched to writable (BIOS shadowing) */
};

struct phys_mem {
    uint8_t *ram;
    uint32_t ram_size;          /* bytes, a multiple of 4 KiB */
    uint32_t ram_pages;
    struct phys_region region[PHYS_MAX_REGIONS];
    unsigned nregion;
    uint8_t *plain;             /* per RAM page: 1 when no region covers any of it */
    uint64_t *code_blocks;      /* per RAM page: 64-byte blocks holding decoded code */
    uint64_t **code_bytes;      /* per RAM page: NULL, or 4096 bits, one per byte of code:
                                   stores next to code (data in the same block) miss it */
    uint32_t *code_gen;         /* per RAM page: bumped when its decoded code goes stale */
    bool smc_hit;               /* set when a write invalidated decoded code */
    const struct logger *log;
    struct log_site log_unmapped, log_rom_write;
};

int phys_create(struct phys_mem *pm, uint32_t ram_bytes, const struct logger *log,
                struct emu_err *err);
void phys_destroy(struct phys_mem *pm);

/* Map a copy of a ROM image at base (over RAM or free space). */
int phys_map_rom(struct phys_mem *pm, uint32_t base, const uint8_t *data, uint32_t size,
                 struct emu_err *err);
int phys_map_mmio(struct phys_mem *pm, uint32_t base, uint32_t size, const struct mmio_ops *ops,
                  void *opaque, struct emu_err *err);

/* The host address of the 4 KiB page holding phys if it is plain RAM (or,
 * when !for_write, ROM); NULL for MMIO, unmapped, or a page split between
 * kinds. */
uint8_t *phys_page_host(struct phys_mem *pm, uint32_t phys, bool for_write);

/* The host address of phys when its page is plain RAM (no region over any
 * of it): the common case of phys_page_host(), inline; NULL otherwise. */
static inline uint8_t *phys_plain_ram(const struct phys_mem *pm, uint32_t phys)
{
    uint32_t ppn = phys >> 12;
    return ppn < pm->ram_pages && pm->plain[ppn] ? pm->ram + phys : NULL;
}

uint8_t phys_read8(struct phys_mem *pm, uint32_t phys);
uint16_t phys_read16(struct phys_mem *pm, uint32_t phys);
uint32_t phys_read32(struct phys_mem *pm, uint32_t phys);
void phys_write8(struct phys_mem *pm, uint32_t phys, uint8_t v);
void phys_write16(struct phys_mem *pm, uint32_t phys, uint16_t v);
void phys_write32(struct phys_mem *pm, uint32_t phys, uint32_t v);
void phys_read_block(struct phys_mem *pm, uint32_t phys, void *buf, size_t n);
void phys_write_block(struct phys_mem *pm, uint32_t phys, const void *buf, size_t n);

/* Decoded-code bookkeeping for the CPU's instruction cache.  Marking returns
 * true when the page had no code before (so the caller revokes fast writes). */
bool phys_mark_code(struct phys_mem *pm, uint32_t phys, uint32_t len);
static inline uint32_t phys_code_gen(const struct phys_mem *pm, uint32_t ppn)
{
    return ppn < pm->ram_pages ? pm->code_gen[ppn] : 0;
}
/* Where phys_code_gen(pm, ppn) lives, for callers that keep checking it:
 * pages outside RAM share the spare last entry, which stays 0. */
static inline const uint32_t *phys_code_gen_ptr(const struct phys_mem *pm, uint32_t ppn)
{
    return &pm->code_gen[ppn < pm->ram_pages ? ppn : pm->ram_pages];
}
static inline bool phys_page_has_code(const struct phys_mem *pm, uint32_t ppn)
{
    return ppn < pm->ram_pages && pm->code_blocks[ppn] != 0;
}
/* A store of the len (1-4) low bytes of v, little-endian, at phys (within
 * one RAM page) is about to be made directly to host memory: retire the
 * decoded code it changes (sets smc_hit).  Call before storing. */
void phys_code_store(struct phys_mem *pm, uint32_t phys, uint32_t len, uint32_t v);
/* Forget all decoded code (every page's generation moves on). */
void phys_invalidate_all_code(struct phys_mem *pm);

#endif
