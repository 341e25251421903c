/* cpu/exec_bcd.c: DAA DAS AAA AAS AAM AAD and SALC (SDM Vol. 2).
 * Undefined flags: DAA/DAS clear OF; AAA/AAS set SF ZF PF from the final AL
 * and clear OF; AAM clears CF OF AF; AAD sets all six as the 8-bit addition
 * AL + AH*imm does, which is what Intel processors leave. */
#include "cpu/exec.h"

static uint32_t al(const struct cpu *c) { return c->gpr[REG_EAX] & 0xffu; }

static void daa_das(struct cpu *c, bool sub)
{
    uint32_t old_al = al(c), a = old_al;
    bool old_cf = flags_cf(c), af = flags_af(c), cf = false;
    if ((a & 0xf) > 9 || af) {
        uint32_t t = sub ? a - 6 : a + 6;
        cf = old_cf || (t > 0xff);
        a = t & 0xff;
        af = true;
    } else {
        af = false;
    }
    if (old_al > 0x99 || old_cf) {
        a = (sub ? a - 0x60 : a + 0x60) & 0xff;
        cf = true;
    }
    reg_set(c, REG_EAX, 1, a);
    flags_set_szp(c, 1, a, (cf ? EFLAGS_CF : 0) | (af ? EFLAGS_AF : 0));
}

static void daa(struct cpu *c, const struct insn *in) { (void)in; daa_das(c, false); }
static void das(struct cpu *c, const struct insn *in) { (void)in; daa_das(c, true); }
EXEC_ALL(daa, daa);
EXEC_ALL(das, das);

static void aaa_aas(struct cpu *c, bool sub)
{
    uint32_t ax = c->gpr[REG_EAX] & 0xffffu;
    bool adjust = (ax & 0xf) > 9 || flags_af(c);
    if (adjust) {
        if (sub) {
            ax = (ax - 6) & 0xffffu;
            ax = (ax - 0x100) & 0xffffu;
        } else {
            ax = (ax + 0x106) & 0xffffu;
        }
    }
    ax &= 0xff0fu;
    reg_set(c, REG_EAX, 2, ax);
    flags_set_szp(c, 1, ax & 0xff, adjust ? EFLAGS_CF | EFLAGS_AF : 0);
}

static void aaa(struct cpu *c, const struct insn *in) { (void)in; aaa_aas(c, false); }
static void aas(struct cpu *c, const struct insn *in) { (void)in; aaa_aas(c, true); }
EXEC_ALL(aaa, aaa);
EXEC_ALL(aas, aas);

static void aam(struct cpu *c, const struct insn *in)
{
    uint32_t base = in->imm & 0xff;
    uint32_t a = al(c);
    if (base == 0) {
        /* #DE.  The flags are undefined; hardware captures show SF ZF PF
         * set from AL taken as a 16-bit value (SF clear, PF from AL). */
        flags_set_szp(c, 2, a, 0);
        cpu_raise(c, EXC_DE);
    }
    uint32_t r = a % base;
    reg_set(c, REG_EAX, 2, ((a / base) << 8) | r);
    flags_set_szp(c, 1, r, 0);
}
EXEC_ALL(aam, aam);

static void aad(struct cpu *c, const struct insn *in)
{
    uint32_t base = in->imm & 0xff;
    uint32_t a = al(c), h = ((c->gpr[REG_EAX] >> 8) & 0xffu) * base & 0xffu;
    uint32_t r = (a + h) & 0xffu;
    reg_set(c, REG_EAX, 2, r);
    flags_record(c, FLAG_OP_ADD, 1, a + h, a, h);
}
EXEC_ALL(aad, aad);

/* SALC (D6): AL = CF ? FFh : 00h, flags unchanged.  Undocumented, present on
 * every Intel processor through the Pentium. */
static void salc(struct cpu *c, const struct insn *in)
{
    (void)in;
    reg_set(c, REG_EAX, 1, flags_cf(c) ? 0xff : 0);
}
EXEC_ALL(salc, salc);
