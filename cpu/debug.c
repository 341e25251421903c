/* cpu/debug.c: see debug.h. */
#include "cpu/debug.h"

#include "cpu/interrupt.h"

/* DR7: L0/G0 at bits 0/1 (and 2n, 2n+1), R/Wn at 16+4n, LENn at 18+4n. */
static bool bp_enabled(const struct cpu *c, unsigned n)
{
    return (c->dr[7] >> (2 * n)) & 3u;
}
static unsigned bp_rw(const struct cpu *c, unsigned n)
{
    return (c->dr[7] >> (16 + 4 * n)) & 3u;
}
static unsigned bp_len(const struct cpu *c, unsigned n)
{
    static const unsigned len[4] = { 1, 2, 8, 4 };   /* 10b is undefined: treat as 8 */
    return len[(c->dr[7] >> (18 + 4 * n)) & 3u];
}

void cpu_debug_regs_changed(struct cpu *c)
{
    c->dr_insn_bp = false;
    c->dr_data_bp = false;
    for (unsigned n = 0; n < 4; n++) {
        if (!bp_enabled(c, n))
            continue;
        unsigned rw = bp_rw(c, n);
        if (rw == 0)
            c->dr_insn_bp = true;
        else if (rw != 2 || (c->cr4 & CR4_DE))
            c->dr_data_bp = true;
    }
    c->slow_mem = c->dr_data_bp || c->debug_watch;
    if (c->dr_insn_bp || c->dr_data_bp)
        c->pending |= PENDING_STEP;
    cpu_update_mode(c);
}

void debug_check_insn(struct cpu *c)
{
    if (!c->dr_insn_bp || (c->eflags & EFLAGS_RF))
        return;
    uint32_t lin = c->seg[SEG_CS].base + c->eip;
    uint32_t hits = 0;
    for (unsigned n = 0; n < 4; n++) {
        if (bp_enabled(c, n) && bp_rw(c, n) == 0 && c->dr[n] == lin)
            hits |= 1u << n;
    }
    if (hits) {
        c->dr[6] = (c->dr[6] & ~0xfu) | hits;
        c->insn_start_eip = c->eip;
        cpu_raise(c, EXC_DB);
    }
}

static void match(struct cpu *c, uint32_t addr, unsigned size, unsigned want_rw, bool write)
{
    for (unsigned n = 0; n < 4; n++) {
        if (!bp_enabled(c, n))
            continue;
        unsigned rw = bp_rw(c, n);
        if (want_rw == 2 ? rw != 2 : (rw == 0 || rw == 2 || (rw == 1 && !write)))
            continue;
        unsigned len = bp_len(c, n);
        uint32_t base = c->dr[n] & ~(len - 1);
        if (addr <= base + len - 1 && base <= addr + size - 1)
            c->dr_hits |= (uint8_t)(1u << n);
    }
}

void debug_check_data(struct cpu *c, uint32_t lin, unsigned size, bool write)
{
    if (c->dr_data_bp)
        match(c, lin, size, 1, write);
}

void debug_check_io(struct cpu *c, uint16_t port, unsigned size)
{
    if (c->dr_data_bp && (c->cr4 & CR4_DE))
        match(c, port, size, 2, true);
}

void debug_after_insn(struct cpu *c)
{
    if (c->dr_hits == 0)
        return;
    c->dr[6] = (c->dr[6] & ~0xfu) | c->dr_hits;
    c->dr_hits = 0;
    c->insn_start_eip = c->eip;
    cpu_interrupt(c, EXC_DB, INT_SRC_EXCEPTION, false, 0);
}
