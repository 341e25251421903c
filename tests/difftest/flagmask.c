/* tests/difftest/flagmask.c: which arithmetic flags an instruction reads,
 * defines and leaves undefined, from the "Flags Affected" section of each
 * instruction in SDM Vol. 2.  The generator uses it to keep undefined flags
 * from leaking into defined results (it inserts a CMP before a reader of
 * undefined flags) and the comparison masks whatever is still undefined
 * where a sequence stops.  Legend of the table: R reads, S sets (defined),
 * U undefined; shifts, rotates and SHLD/SHRD depend on the count and are
 * computed below the table. */
#include "tests/difftest/dt.h"

#include "cpu/cpu.h"

#define CF EFLAGS_CF
#define PF EFLAGS_PF
#define AF EFLAGS_AF
#define ZF EFLAGS_ZF
#define SF EFLAGS_SF
#define OF EFLAGS_OF
#define ALL EFLAGS_ARITH
#define SZP (SF | ZF | PF)

static const struct {
    uint16_t mn;
    uint32_t reads, sets, undef;
} table[] = {
    { MN_ADD, 0, ALL, 0 },          { MN_SUB, 0, ALL, 0 },
    { MN_CMP, 0, ALL, 0 },          { MN_NEG, 0, ALL, 0 },
    { MN_ADC, CF, ALL, 0 },         { MN_SBB, CF, ALL, 0 },
    { MN_XADD, 0, ALL, 0 },         { MN_CMPXCHG, 0, ALL, 0 },
    { MN_AND, 0, ALL & ~AF, AF },   { MN_OR, 0, ALL & ~AF, AF },
    { MN_XOR, 0, ALL & ~AF, AF },   { MN_TEST, 0, ALL & ~AF, AF },
    { MN_INC, 0, ALL & ~CF, 0 },    { MN_DEC, 0, ALL & ~CF, 0 },
    { MN_MUL, 0, CF | OF, SZP | AF },
    { MN_IMUL, 0, CF | OF, SZP | AF },
    { MN_DIV, 0, 0, ALL },          { MN_IDIV, 0, 0, ALL },
    { MN_DAA, CF | AF, CF | AF | SZP, OF },
    { MN_DAS, CF | AF, CF | AF | SZP, OF },
    { MN_AAA, AF, CF | AF, OF | SZP },
    { MN_AAS, AF, CF | AF, OF | SZP },
    { MN_AAM, 0, SZP, OF | AF | CF },
    { MN_AAD, 0, SZP, OF | AF | CF },
    { MN_BT, 0, CF, OF | SF | AF | PF },
    { MN_BTS, 0, CF, OF | SF | AF | PF },
    { MN_BTR, 0, CF, OF | SF | AF | PF },
    { MN_BTC, 0, CF, OF | SF | AF | PF },
    { MN_BSF, 0, ZF, CF | OF | SF | AF | PF },
    { MN_BSR, 0, ZF, CF | OF | SF | AF | PF },
    { MN_CMPXCHG8B, 0, ZF, 0 },
    { MN_LAR, 0, ZF, 0 },           { MN_LSL, 0, ZF, 0 },
    { MN_VERR, 0, ZF, 0 },          { MN_VERW, 0, ZF, 0 },
    { MN_ARPL, 0, ZF, 0 },
    { MN_CLC, 0, CF, 0 },           { MN_STC, 0, CF, 0 },
    { MN_CMC, CF, CF, 0 },          { MN_SALC, CF, 0, 0 },
    { MN_SAHF, 0, CF | PF | AF | ZF | SF, 0 },
    { MN_LAHF, CF | PF | AF | ZF | SF, 0, 0 },
    { MN_PUSHF, ALL, 0, 0 },        { MN_POPF, 0, ALL, 0 },
    { MN_IRET, 0, ALL, 0 },         { MN_INTO, OF, 0, 0 },
    { MN_LOOPE, ZF, 0, 0 },         { MN_LOOPNE, ZF, 0, 0 },
};

/* Flags a condition code (Jcc/SETcc order) looks at (SDM Vol. 1, B.1). */
static uint32_t cond_reads(unsigned cc)
{
    static const uint32_t by_pair[8] = { OF, CF, ZF, CF | ZF, SF, PF, SF | OF, ZF | SF | OF };
    return by_pair[(cc >> 1) & 7];
}

static void shift_use(const struct insn *in, int cl, struct flag_use *u)
{
    unsigned bits = in->osz * 8u;
    bool by_cl = in->op->opnd[1] == OPND_CL;
    int raw = by_cl ? cl : in->op->opnd[1] == OPND_I1 ? 1 : (int)(in->imm & 0xff);
    if (raw < 0) {              /* unknown count: anything may happen */
        u->undef = ALL;
        return;
    }
    unsigned count = (unsigned)raw & 31;
    if (count == 0)
        return;                 /* no flags change (SDM: "If the count is 0, the flags are not affected") */
    switch (in->mn) {
    case MN_ROL:
    case MN_ROR:
    case MN_RCL:
    case MN_RCR:
        /* Only CF and OF; RCL/RCR rotate CF in. */
        u->reads = (in->mn == MN_RCL || in->mn == MN_RCR) ? CF : 0;
        u->sets = count == 1 ? CF | OF : CF;
        u->undef = count == 1 ? 0 : OF;
        return;
    default:                    /* SHL SAL SHR SAR */
        u->sets = SZP | CF | (count == 1 ? OF : 0);
        u->undef = AF | (count == 1 ? 0 : OF);
        /* SDM SHL/SHR: CF is undefined when the count is at least the width. */
        if (in->mn != MN_SAR && count >= bits) {
            u->sets &= ~(uint32_t)CF;
            u->undef |= CF;
        }
        return;
    }
}

static void double_shift_use(const struct insn *in, int cl, struct flag_use *u)
{
    int raw = in->op->opnd[2] == OPND_CL ? cl : (int)(in->imm & 0xff);
    if (raw < 0) {
        u->undef = ALL;
        return;
    }
    unsigned count = (unsigned)raw & 31;
    if (count == 0)
        return;
    if (count > in->osz * 8u) {             /* result and all flags undefined */
        u->undef = ALL;
        return;
    }
    u->sets = SZP | CF | (count == 1 ? OF : 0);
    u->undef = AF | (count == 1 ? 0 : OF);
}

void flag_use_of(const struct insn *in, int cl, struct flag_use *u)
{
    u->reads = u->sets = u->undef = 0;
    switch (in->mn) {
    case MN_ROL: case MN_ROR: case MN_RCL: case MN_RCR:
    case MN_SHL: case MN_SAL: case MN_SHR: case MN_SAR:
        shift_use(in, cl, u);
        return;
    case MN_SHLD: case MN_SHRD:
        double_shift_use(in, cl, u);
        return;
    case MN_CMPS: case MN_SCAS:
        /* With a REP prefix and CX = 0 the flags stay as they were: count
         * them as defined only without REP. */
        if (!(in->pfx & (PFX_REP | PFX_REPNE)))
            u->sets = ALL;
        return;
    default:
        break;
    }
    if ((in->mn >= MN_JO && in->mn <= MN_JG) || (in->mn >= MN_SETO && in->mn <= MN_SETG)) {
        u->reads = cond_reads(in->opcode & 0xfu);
        return;
    }
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (table[i].mn == in->mn) {
            u->reads = table[i].reads;
            u->sets = table[i].sets;
            u->undef = table[i].undef;
            return;
        }
    }
}

/* Flags KVM's instruction emulator computes differently from the SDM, so
 * they cannot be compared when it is the reference: AAM and AAD set SF and
 * ZF from the whole accumulator of the operand size instead of AL (SDM
 * AAM/AAD: "according to the resulting binary value in the AL register"). */
uint32_t flag_emulator_undef(unsigned mn)
{
    return mn == MN_AAM || mn == MN_AAD ? SF | ZF : 0;
}
