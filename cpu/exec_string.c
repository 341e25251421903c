/* cpu/exec_string.c: MOVS CMPS STOS LODS SCAS INS OUTS with and without
 * REP/REPE/REPNE (SDM Vol. 2).  SI/DI and CX are ESI/EDI and ECX under a
 * 32-bit address size; the source segment may be overridden, ES:DI may not.
 * Each element commits its registers before the next begins, so a fault
 * part-way restarts at the faulting element.  A long REP runs in chunks and
 * then restarts itself, so interrupts are taken between chunks as hardware
 * takes them between iterations. */
#include "cpu/exec.h"
#include "cpu/io.h"

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

static ALWAYS_INLINE void string_op(struct cpu *c, const struct insn *in, enum str_op op,
                                    unsigned size)
{
    if (!(in->pfx & (PFX_REP | PFX_REPNE))) {
        element(c, in, op, size);
        return;
    }
    uint32_t n = count_get(c, in);
    bool compares = op == STR_CMPS || op == STR_SCAS;
    for (unsigned k = 0; n != 0; k++) {
        if (k == REP_CHUNK) {
            c->eip = c->insn_start_eip;     /* continue later, after interrupts */
            end_trace(c);
            return;
        }
        element(c, in, op, size);
        n--;
        count_set(c, in, n);
        /* REPE stops on a difference, REPNE on a match. */
        if (compares && flags_zf(c) != ((in->pfx & PFX_REP) != 0))
            return;
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
