/* cpu/exec_string.c: MOVS CMPS STOS LODS SCAS INS OUTS with and without
 * REP/REPE/REPNE (SDM Vol. 2).  SI/DI and CX are ESI/EDI and ECX under a
 * 32-bit address size; the source segment may be overridden, ES:DI may not.
 * Each element commits its registers before the next begins, so a fault
 * part-way restarts at the faulting element.  A long REP runs in chunks and
 * then restarts itself, so interrupts are taken between chunks as hardware
 * takes them between iterations. */
#include "cpu/exec.h"
#include "cpu/io.h"

#include <string.h>

#define REP_CHUNK 4096

static ALWAYS_INLINE uint32_t idx(const struct cpu *c, const struct insn *in, unsigned r)
{
    return (in->pfx & PFX_A32) ? c->gpr[r] : c->gpr[r] & 0xffffu;
}

static ALWAYS_INLINE void idx_step(struct cpu *c, const struct insn *in, unsigned r, unsigned size)
{
    uint32_t d = (c->eflags & EFLAGS_DF) ? (uint32_t)-(int32_t)size : size;
    if (in->pfx & PFX_A32)
        c->gpr[r] += d;
    else
        c->gpr[r] = (c->gpr[r] & 0xffff0000u) | ((c->gpr[r] + d) & 0xffffu);
}

enum str_op { STR_MOVS, STR_CMPS, STR_STOS, STR_LODS, STR_SCAS, STR_INS, STR_OUTS };

/* One element; returns the ZF the element left (CMPS/SCAS). */
static ALWAYS_INLINE void element(struct cpu *c, const struct insn *in, enum str_op op,
                                  unsigned size)
{
    switch (op) {
    case STR_MOVS: {
        uint32_t v = cpu_rd(c, in->seg, idx(c, in, REG_ESI), size);
        cpu_wr(c, SEG_ES, idx(c, in, REG_EDI), size, v);
        idx_step(c, in, REG_ESI, size);
        idx_step(c, in, REG_EDI, size);
        break;
    }
    case STR_CMPS: {
        uint32_t a = cpu_rd(c, in->seg, idx(c, in, REG_ESI), size);
        uint32_t b = cpu_rd(c, SEG_ES, idx(c, in, REG_EDI), size);
        flags_record(c, FLAG_OP_SUB, size, a - b, a, b);
        idx_step(c, in, REG_ESI, size);
        idx_step(c, in, REG_EDI, size);
        break;
    }
    case STR_STOS:
        cpu_wr(c, SEG_ES, idx(c, in, REG_EDI), size, reg_get(c, REG_EAX, size));
        idx_step(c, in, REG_EDI, size);
        break;
    case STR_LODS:
        reg_set(c, REG_EAX, size, cpu_rd(c, in->seg, idx(c, in, REG_ESI), size));
        idx_step(c, in, REG_ESI, size);
        break;
    case STR_SCAS: {
        uint32_t a = reg_get(c, REG_EAX, size);
        uint32_t b = cpu_rd(c, SEG_ES, idx(c, in, REG_EDI), size);
        flags_record(c, FLAG_OP_SUB, size, a - b, a, b);
        idx_step(c, in, REG_EDI, size);
        break;
    }
    case STR_INS: {
        /* The destination is checked before the port is read, so a fault
         * does not lose the datum. */
        uint16_t port = (uint16_t)c->gpr[REG_EDX];
        uint32_t lin = seg_lin(c, SEG_ES, idx(c, in, REG_EDI), size, SEG_W);
        io_check(c, port, size);
        mem_prepare_write(c, lin, size, ACC_WRITE);
        cpu_wr(c, SEG_ES, idx(c, in, REG_EDI), size, io_in(c, port, size));
        idx_step(c, in, REG_EDI, size);
        break;
    }
    default: {                  /* OUTS */
        uint32_t v = cpu_rd(c, in->seg, idx(c, in, REG_ESI), size);
        io_out(c, (uint16_t)c->gpr[REG_EDX], size, v);
        idx_step(c, in, REG_ESI, size);
        break;
    }
    }
}

/* ---- The fast path for REP MOVS/STOS/CMPS/SCAS ----
 * Runs of elements that stay inside one page of each operand, inside an
 * expand-up segment, without a 16-bit offset wrap, going forwards, on pages
 * the TLB already grants the fast path (plain RAM; for stores, no decoded
 * code), work directly on host memory.  Everything else, and the first
 * element after a TLB miss, goes through element() one at a time. */

/* Elements of `size` bytes from seg:off forwards before the segment limit,
 * the 64 KiB offset wrap or the end of the page; 0 when not simple. */
static ALWAYS_INLINE uint32_t run_room(const struct cpu *c, unsigned seg, uint32_t off,
                                       unsigned size, bool a32, unsigned right)
{
    const struct seg_cache *s = &c->seg[seg];
    if ((s->rights & right) != right || s->valid_lo != 0 || off > s->valid_hi)
        return 0;
    uint64_t bytes = (uint64_t)s->valid_hi - off + 1;
    if (!a32 && 0x10000u - off < bytes)
        bytes = 0x10000u - off;
    uint32_t to_page = 0x1000u - ((s->base + off) & 0xfffu);
    if (to_page < bytes)
        bytes = to_page;
    return (uint32_t)(bytes / size);
}

/* The host address of seg:off if its page is in the TLB with the right. */
static ALWAYS_INLINE uint8_t *run_host(struct cpu *c, unsigned seg, uint32_t off, bool write)
{
    uint32_t lin = c->seg[seg].base + off;
    const struct tlb_entry *e = tlb_slot(&c->tlb, lin);
    if (e->lpn != lin >> 12 || !(e->allow & (write ? c->tlb_wr : c->tlb_rd)))
        return NULL;
    return e->host + (lin & 0xfffu);
}

static ALWAYS_INLINE void idx_add(struct cpu *c, const struct insn *in, unsigned r, uint32_t d)
{
    if (in->pfx & PFX_A32)
        c->gpr[r] += d;
    else
        c->gpr[r] = (c->gpr[r] & 0xffff0000u) | ((c->gpr[r] + d) & 0xffffu);
}

/* Up to max elements on the fast path; returns how many were done. */
static ALWAYS_INLINE uint32_t fast_run(struct cpu *c, const struct insn *in, enum str_op op,
                                       unsigned size, uint32_t max)
{
    if ((c->eflags & EFLAGS_DF) || c->slow_mem)
        return 0;
    bool a32 = (in->pfx & PFX_A32) != 0;
    uint32_t k = max;
    uint8_t *src = NULL, *dst = NULL;
    if (op == STR_MOVS || op == STR_CMPS) {
        uint32_t si = idx(c, in, REG_ESI);
        uint32_t room = run_room(c, in->seg, si, size, a32, SEG_R);
        if (room < k)
            k = room;
        if (k == 0 || (src = run_host(c, in->seg, si, false)) == NULL)
            return 0;
    }
    uint32_t di = idx(c, in, REG_EDI);
    bool write = op == STR_MOVS || op == STR_STOS;
    uint32_t room = run_room(c, SEG_ES, di, size, a32, write ? SEG_W : SEG_R);
    if (room < k)
        k = room;
    if (k == 0 || (dst = run_host(c, SEG_ES, di, write)) == NULL)
        return 0;

    uint32_t done = k;
    switch (op) {
    case STR_MOVS:
        /* Forward element order: an overlap where the destination starts
         * inside the source repeats data, as the hardware does. */
        if ((uintptr_t)dst > (uintptr_t)src && (uintptr_t)dst < (uintptr_t)src + (uintptr_t)k * size) {
            for (uint32_t i = 0; i < k; i++)
                store_size(dst + i * size, size, load_size(src + i * size, size));
        } else {
            memmove(dst, src, (size_t)k * size);
        }
        break;
    case STR_STOS: {
        uint32_t v = reg_get(c, REG_EAX, size);
        if (size == 1)
            memset(dst, (int)v, k);
        else
            for (uint32_t i = 0; i < k; i++)
                store_size(dst + i * size, size, v);
        break;
    }
    default: {                  /* CMPS, SCAS: stop after the deciding element */
        bool repe = (in->pfx & PFX_REP) != 0;
        uint32_t a = 0, b = 0;
        for (done = 0; done < k;) {
            a = op == STR_CMPS ? load_size(src + done * size, size) : reg_get(c, REG_EAX, size);
            b = load_size(dst + done * size, size);
            done++;
            if ((a == b) != repe)
                break;
        }
        flags_record(c, FLAG_OP_SUB, size, a - b, a, b);
        break;
    }
    }
    if (op == STR_MOVS || op == STR_CMPS)
        idx_add(c, in, REG_ESI, done * size);
    idx_add(c, in, REG_EDI, done * size);
    count_set(c, in, count_get(c, in) - done);
    return done;
}

static ALWAYS_INLINE void string_op(struct cpu *c, const struct insn *in, enum str_op op,
                                    unsigned size)
{
    if (!(in->pfx & (PFX_REP | PFX_REPNE))) {
        element(c, in, op, size);
        return;
    }
    uint32_t n = count_get(c, in);
    c->rep_paused = false;
    bool compares = op == STR_CMPS || op == STR_SCAS;
    bool fast = op != STR_LODS && op != STR_INS && op != STR_OUTS;
    for (unsigned k = 0; n != 0;) {
        if (k >= REP_CHUNK) {
            c->eip = c->insn_start_eip;     /* continue later, after interrupts */
            c->rep_paused = true;
            end_trace(c);
            return;
        }
        uint32_t done = fast ? fast_run(c, in, op, size, n < REP_CHUNK - k ? n : REP_CHUNK - k) : 0;
        if (done == 0) {
            element(c, in, op, size);
            count_set(c, in, n - 1);
            done = 1;
        }
        n -= done;
        k += done;
        /* REPE stops on a difference, REPNE on a match. */
        if (compares && flags_zf(c) != ((in->pfx & PFX_REP) != 0))
            return;
        /* A data or I/O breakpoint hit by this iteration: the #DB trap
         * comes before the next iteration, with EIP at the instruction and
         * RF set in the pushed EFLAGS (SDM Vol. 3, 17.3.1.1-17.3.1.2). */
        if (c->dr_hits != 0 && n != 0) {
            c->eflags |= EFLAGS_RF;
            c->eip = c->insn_start_eip;
            end_trace(c);
            return;
        }
    }
}

#define STRING(name, OP)                                                      \
    static void name##_fn(struct cpu *c, const struct insn *in)               \
    {                                                                         \
        switch (in->osz) {                                                    \
        case 1: string_op(c, in, OP, 1); break;                               \
        case 2: string_op(c, in, OP, 2); break;                               \
        default: string_op(c, in, OP, 4); break;                              \
        }                                                                     \
    }                                                                         \
    EXEC_ALL(name, name##_fn)

STRING(movs, STR_MOVS);
STRING(cmps, STR_CMPS);
STRING(stos, STR_STOS);
STRING(lods, STR_LODS);
STRING(scas, STR_SCAS);
STRING(ins, STR_INS);
STRING(outs, STR_OUTS);
