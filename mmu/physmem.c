/* mmu/physmem.c: RAM, ROM and MMIO dispatch, and decoded-code tracking.
 * See physmem.h.  Accesses that straddle two kinds of memory are split into
 * bytes, as a bus would split them into cycles. */
#include "mmu/physmem.h"

#include <stdlib.h>
#include <string.h>

#include "util/le.h"

int phys_create(struct phys_mem *pm, uint32_t ram_bytes, const struct logger *log,
                struct emu_err *err)
{
    memset(pm, 0, sizeof *pm);
    pm->log = log;
    ram_bytes = (ram_bytes + 0xfffu) & ~0xfffu;
    pm->ram = calloc(1, ram_bytes ? ram_bytes : 4096);
    pm->ram_size = ram_bytes;
    pm->ram_pages = ram_bytes >> 12;
    pm->code_blocks = calloc(pm->ram_pages + 1, sizeof *pm->code_blocks);
    pm->code_gen = calloc(pm->ram_pages + 1, sizeof *pm->code_gen);
    pm->plain = malloc(pm->ram_pages + 1);
    pm->code_bytes = calloc(pm->ram_pages + 1, sizeof *pm->code_bytes);
    if (pm->ram == NULL || pm->code_blocks == NULL || pm->code_gen == NULL || pm->plain == NULL ||
        pm->code_bytes == NULL) {
        phys_destroy(pm);
        return emu_fail(err, EMU_ENOMEM, "cannot allocate %u KiB of guest RAM", ram_bytes >> 10);
    }
    memset(pm->plain, 1, pm->ram_pages + 1);
    return 0;
}

void phys_destroy(struct phys_mem *pm)
{
    for (unsigned i = 0; i < pm->nregion; i++)
        free(pm->region[i].rom);
    free(pm->ram);
    if (pm->code_bytes != NULL) {
        for (uint32_t i = 0; i <= pm->ram_pages; i++)
            free(pm->code_bytes[i]);
    }
    free(pm->code_bytes);
    free(pm->code_blocks);
    free(pm->code_gen);
    free(pm->plain);
    memset(pm, 0, sizeof *pm);
}

static int add_region(struct phys_mem *pm, const struct phys_region *r, struct emu_err *err)
{
    if (r->size == 0 || (uint64_t)r->base + r->size > 0x100000000ull)
        return emu_fail(err, EMU_EINVAL, "memory region %#x+%#x is outside the address space",
                        r->base, r->size);
    for (unsigned i = 0; i < pm->nregion; i++) {
        const struct phys_region *o = &pm->region[i];
        if (r->base < (uint64_t)o->base + o->size && o->base < (uint64_t)r->base + r->size)
            return emu_fail(err, EMU_EINVAL, "memory region %#x+%#x overlaps %#x+%#x",
                            r->base, r->size, o->base, o->size);
    }
    if (pm->nregion == PHYS_MAX_REGIONS)
        return emu_fail(err, EMU_EINVAL, "too many memory regions");
    pm->region[pm->nregion++] = *r;
    for (uint64_t a = r->base & ~0xfffu; a < (uint64_t)r->base + r->size; a += 4096) {
        if ((a >> 12) < pm->ram_pages)
            pm->plain[a >> 12] = 0;
    }
    return 0;
}

int phys_map_rom(struct phys_mem *pm, uint32_t base, const uint8_t *data, uint32_t size,
                 struct emu_err *err)
{
    struct phys_region r = { .base = base, .size = size, .kind = PHYS_ROM };
    r.rom = malloc(size);
    if (r.rom == NULL)
        return emu_fail(err, EMU_ENOMEM, "cannot allocate a %u-byte ROM", size);
    memcpy(r.rom, data, size);
    int rc = add_region(pm, &r, err);
    if (rc != 0)
        free(r.rom);
    return rc;
}

int phys_map_mmio(struct phys_mem *pm, uint32_t base, uint32_t size, const struct mmio_ops *ops,
                  void *opaque, struct emu_err *err)
{
    struct phys_region r = { .base = base, .size = size, .kind = PHYS_MMIO, .ops = ops,
                             .opaque = opaque };
    return add_region(pm, &r, err);
}

static const struct phys_region *find_region(const struct phys_mem *pm, uint32_t phys)
{
    for (unsigned i = 0; i < pm->nregion; i++) {
        const struct phys_region *r = &pm->region[i];
        if (phys - r->base < r->size)
            return r;
    }
    return NULL;
}

/* Is the byte at phys plain RAM (no region over its page)? */
static inline bool plain_ram(const struct phys_mem *pm, uint32_t phys)
{
    return phys < pm->ram_size && pm->plain[phys >> 12];
}

uint8_t *phys_page_host(struct phys_mem *pm, uint32_t phys, bool for_write)
{
    uint32_t page = phys & ~0xfffu;
    if (plain_ram(pm, page))
        return pm->ram + page;          /* no region touches the page */
    const struct phys_region *r = find_region(pm, page);
    if (r != NULL) {
        if (r->kind == PHYS_ROM && (!for_write || r->rom_writable) &&
            (uint64_t)page + 4096 <= (uint64_t)r->base + r->size)
            return r->rom + (page - r->base);
        return NULL;
    }
    if (plain_ram(pm, page))
        return pm->ram + page;
    return NULL;
}

/* The 64-byte blocks [first, last] of a page as a mask. */
static uint64_t block_mask(uint32_t off, uint32_t len)
{
    unsigned first = off >> PHYS_CODE_BLOCK_SHIFT;
    unsigned last = (off + len - 1) >> PHYS_CODE_BLOCK_SHIFT;
    if (last > 63)
        last = 63;
    return (last == 63 ? ~0ull : ((1ull << (last + 1)) - 1)) & ~((1ull << first) - 1);
}

/* Does [off, off+len) of the page touch a byte of decoded code? */
static bool hits_code_bytes(const uint64_t *bits, uint32_t off, uint32_t len)
{
    if (bits == NULL)
        return true;            /* no byte map (out of memory): be safe */
    for (uint32_t i = off; i < off + len && i < 4096; i++) {
        if (bits[i >> 6] & (1ull << (i & 63)))
            return true;
    }
    return false;
}

static void forget_code(struct phys_mem *pm, uint32_t ppn)
{
    pm->code_blocks[ppn] = 0;
    if (pm->code_bytes[ppn] != NULL)
        memset(pm->code_bytes[ppn], 0, 4096 / 8);
    pm->code_gen[ppn]++;
}

/* Decoded-code invalidation, called before a RAM store of the len bytes at
 * `bytes` to phys (within a page).  The block summary rules most stores out
 * in one test; the byte map then tells a store into instruction bytes from
 * one next to them; and a store of the bytes already there (DOS patches the
 * number of an INT n before each call, mostly with the same number) changes
 * no code. */
static void code_store(struct phys_mem *pm, uint32_t phys, uint32_t len, const uint8_t *bytes)
{
    uint32_t ppn = phys >> 12, off = phys & 0xfffu;
    if (!(pm->code_blocks[ppn] & block_mask(off, len)))
        return;
    if (!hits_code_bytes(pm->code_bytes[ppn], off, len))
        return;
    if (memcmp(pm->ram + phys, bytes, len) == 0)
        return;
    forget_code(pm, ppn);
    pm->smc_hit = true;
}

void phys_code_store(struct phys_mem *pm, uint32_t phys, uint32_t len, uint32_t v)
{
    uint8_t b[4];
    store_le32(b, v);
    if ((phys >> 12) < pm->ram_pages)
        code_store(pm, phys, len, b);
}

bool phys_mark_code(struct phys_mem *pm, uint32_t phys, uint32_t len)
{
    uint32_t ppn = phys >> 12, off = phys & 0xfffu;
    if (ppn >= pm->ram_pages || len == 0)
        return false;
    if (off + len > 4096)
        len = 4096 - off;
    bool was_clean = pm->code_blocks[ppn] == 0;
    pm->code_blocks[ppn] |= block_mask(off, len);
    if (pm->code_bytes[ppn] == NULL)
        pm->code_bytes[ppn] = calloc(4096 / 64, sizeof(uint64_t));
    uint64_t *bits = pm->code_bytes[ppn];
    for (uint32_t i = off; bits != NULL && i < off + len; i++)
        bits[i >> 6] |= 1ull << (i & 63);
    return was_clean;
}

void phys_invalidate_all_code(struct phys_mem *pm)
{
    for (uint32_t i = 0; i < pm->ram_pages; i++)
        forget_code(pm, i);
}

/* Byte access: the one place every kind of memory is told apart. */
static uint8_t read_byte(struct phys_mem *pm, uint32_t phys)
{
    if (plain_ram(pm, phys))
        return pm->ram[phys];
    const struct phys_region *r = find_region(pm, phys);
    if (r == NULL) {
        if (phys < pm->ram_size)
            return pm->ram[phys];
        log_limited(pm->log, &pm->log_unmapped, LOG_DEBUG, "mem",
                    "read from unmapped physical address %#x", phys);
        return 0xff;
    }
    if (r->kind == PHYS_ROM)
        return r->rom[phys - r->base];
    return (uint8_t)r->ops->read(r->opaque, phys - r->base, 1);
}

static void write_byte(struct phys_mem *pm, uint32_t phys, uint8_t v)
{
    if (plain_ram(pm, phys)) {
        code_store(pm, phys, 1, &v);
        pm->ram[phys] = v;
        return;
    }
    const struct phys_region *r = find_region(pm, phys);
    if (r == NULL) {
        if (phys < pm->ram_size) {
            code_store(pm, phys, 1, &v);
            pm->ram[phys] = v;
        }
        return;
    }
    if (r->kind == PHYS_ROM) {
        if (r->rom_writable)
            r->rom[phys - r->base] = v;
        else
            log_limited(pm->log, &pm->log_rom_write, LOG_DEBUG, "mem",
                        "write of %#x to ROM at %#x ignored", v, phys);
        return;
    }
    r->ops->write(r->opaque, phys - r->base, 1, v);
}

/* Multi-byte access inside one region of one kind goes in one piece (an
 * MMIO device sees a word access); anything else splits into bytes. */
static uint32_t read_n(struct phys_mem *pm, uint32_t phys, unsigned n)
{
    uint32_t last = phys + n - 1;
    if (last > phys && plain_ram(pm, phys) && plain_ram(pm, last)) {
        const uint8_t *p = pm->ram + phys;
        return n == 2 ? load_le16(p) : load_le32(p);
    }
    const struct phys_region *r = find_region(pm, phys);
    if (last >= phys) {
        if (r == NULL && plain_ram(pm, phys) && plain_ram(pm, last)) {
            const uint8_t *p = pm->ram + phys;
            return n == 2 ? load_le16(p) : load_le32(p);
        }
        if (r != NULL && last - r->base < r->size) {
            if (r->kind == PHYS_ROM) {
                const uint8_t *p = r->rom + (phys - r->base);
                return n == 2 ? load_le16(p) : load_le32(p);
            }
            return r->ops->read(r->opaque, phys - r->base, n);
        }
    }
    uint32_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint32_t)read_byte(pm, phys + i) << (8 * i);
    return v;
}

static void write_n(struct phys_mem *pm, uint32_t phys, unsigned n, uint32_t v)
{
    const struct phys_region *r = NULL;
    uint32_t last = phys + n - 1;
    if (last > phys && !(plain_ram(pm, phys) && plain_ram(pm, last)))
        r = find_region(pm, phys);
    if (last >= phys) {
        if (r == NULL && plain_ram(pm, phys) && plain_ram(pm, last)) {
            uint8_t b[4];
            store_le32(b, v);
            if ((phys >> 12) == (last >> 12)) {
                code_store(pm, phys, n, b);
            } else {
                uint32_t first_len = 0x1000 - (phys & 0xfffu);
                code_store(pm, phys, first_len, b);
                code_store(pm, phys + first_len, n - first_len, b + first_len);
            }
            memcpy(pm->ram + phys, b, n);
            return;
        }
        if (r != NULL && r->kind == PHYS_MMIO && last - r->base < r->size) {
            r->ops->write(r->opaque, phys - r->base, n, v);
            return;
        }
    }
    for (unsigned i = 0; i < n; i++)
        write_byte(pm, phys + i, (uint8_t)(v >> (8 * i)));
}

uint8_t phys_read8(struct phys_mem *pm, uint32_t phys) { return read_byte(pm, phys); }
uint16_t phys_read16(struct phys_mem *pm, uint32_t phys) { return (uint16_t)read_n(pm, phys, 2); }
uint32_t phys_read32(struct phys_mem *pm, uint32_t phys) { return read_n(pm, phys, 4); }
void phys_write8(struct phys_mem *pm, uint32_t phys, uint8_t v) { write_byte(pm, phys, v); }
void phys_write16(struct phys_mem *pm, uint32_t phys, uint16_t v) { write_n(pm, phys, 2, v); }
void phys_write32(struct phys_mem *pm, uint32_t phys, uint32_t v) { write_n(pm, phys, 4, v); }

void phys_read_block(struct phys_mem *pm, uint32_t phys, void *buf, size_t n)
{
    uint8_t *out = buf;
    while (n > 0) {
        uint32_t chunk = 0x1000 - (phys & 0xfffu);
        if (chunk > n)
            chunk = (uint32_t)n;
        const uint8_t *host = phys_page_host(pm, phys, false);
        if (host != NULL) {
            memcpy(out, host + (phys & 0xfffu), chunk);
        } else {
            for (uint32_t i = 0; i < chunk; i++)
                out[i] = read_byte(pm, phys + i);
        }
        out += chunk;
        phys += chunk;
        n -= chunk;
    }
}

void phys_write_block(struct phys_mem *pm, uint32_t phys, const void *buf, size_t n)
{
    const uint8_t *in = buf;
    while (n > 0) {
        uint32_t chunk = 0x1000 - (phys & 0xfffu);
        if (chunk > n)
            chunk = (uint32_t)n;
        uint8_t *host = phys_page_host(pm, phys, true);
        if (host != NULL && phys < pm->ram_size) {
            code_store(pm, phys, chunk, in);
            memcpy(host + (phys & 0xfffu), in, chunk);
        } else {
            for (uint32_t i = 0; i < chunk; i++)
                write_byte(pm, phys + i, in[i]);
        }
        in += chunk;
        phys += chunk;
        n -= chunk;
    }
}
