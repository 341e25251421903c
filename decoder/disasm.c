/* decoder/disasm.c: Intel-syntax text for decoded instructions, in the
 * layout of GNU objdump -M intel so that tests/disasm/ can compare the two
 * (method, normalisation and the intentional differences: docs/disasm.md).
 * Names and operand kinds come from the opcode tables; this file adds only
 * what the tables cannot say: register names, operand-size suffixes
 * (pushad, retw, sgdtd), which prefixes an instruction uses, and the
 * objdump conventions for prefixes it does not use ("data32", "es", "repz").
 * Pure: no globals, no I/O; every write is bounded by the caller's buffer. */
#include "decoder/disasm.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "decoder/opcodes.h"

/* ---- bounded output ---------------------------------------------------- */

/* Text goes to buf[0..size-1]; len counts the full length, as snprintf does. */
struct sink {
    char *buf;
    size_t size;
    size_t len;
};

static void put(struct sink *s, const char *str)
{
    for (; *str != '\0'; str++, s->len++) {
        if (s->len + 1 < s->size)
            s->buf[s->len] = *str;
    }
}

static void putf(struct sink *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(struct sink *s, const char *fmt, ...)
{
    char tmp[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    put(s, tmp);
}

static size_t sink_end(struct sink *s)
{
    if (s->size > 0)
        s->buf[s->len < s->size ? s->len : s->size - 1] = '\0';
    return s->len;
}

/* ---- names ------------------------------------------------------------- */

static const char reg8_name[8][3] = { "al", "cl", "dl", "bl", "ah", "ch", "dh", "bh" };
static const char reg16_name[8][3] = { "ax", "cx", "dx", "bx", "sp", "bp", "si", "di" };
static const char reg32_name[8][4] = { "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi" };
/* Segment registers by ModRM reg field; 6 and 7 do not exist (#UD). */
static const char sreg_name[8][3] = { "es", "cs", "ss", "ds", "fs", "gs", "?", "?" };
/* 16-bit ModRM r/m memory forms (SDM Vol. 2, Table 2-1). */
static const char *const a16_name[8] = { "bx+si", "bx+di", "bp+si", "bp+di",
                                         "si", "di", "bp", "bx" };

static const char *reg_name(unsigned r, unsigned bytes)
{
    r &= 7;
    return bytes == 1 ? reg8_name[r] : bytes == 2 ? reg16_name[r] : reg32_name[r];
}

/* "BYTE PTR " and friends, by operand size in bytes; "" for no size. */
static const char *ptr_name(unsigned bytes)
{
    switch (bytes) {
    case 1: return "BYTE PTR ";
    case 2: return "WORD PTR ";
    case 4: return "DWORD PTR ";
    case 6: return "FWORD PTR ";
    case 8: return "QWORD PTR ";
    case 10: return "TBYTE PTR ";
    default: return "";
    }
}

/* ---- the instruction as the formatter sees it ------------------------- */

struct view {
    const struct insn *in;
    const struct op_entry *op;
    const uint8_t *pfx;         /* prefix bytes, in encoding order */
    unsigned npfx;
    uint8_t synth[8];           /* canonical prefixes when no bytes were given */
    bool code32;                /* CS.D of the decode */
    bool o32, a32, mem;
    bool undefined;             /* printed as (bad) */
    bool pause;                 /* F3 90 */
    bool fwait;                 /* merged with a preceding FWAIT */
    unsigned vsize;             /* operand size in bytes: 2 or 4 */
    uint32_t ip;
    const struct disasm_opts *opts;
};

static bool is_seg_prefix(uint8_t b)
{
    return b == 0x26 || b == 0x2E || b == 0x36 || b == 0x3E || b == 0x64 || b == 0x65;
}

static bool is_prefix(uint8_t b)
{
    return is_seg_prefix(b) || b == 0x66 || b == 0x67 || b == 0xF0 || b == 0xF2 || b == 0xF3;
}

static bool has_kind(const struct view *v, unsigned kind)
{
    return v->op->opnd[0] == kind || v->op->opnd[1] == kind || v->op->opnd[2] == kind;
}

static bool is_seg_kind(unsigned k)
{
    return k >= OPND_ES && k <= OPND_GS;
}

/* Kinds whose size follows the operand-size attribute. */
static bool is_v_kind(unsigned k)
{
    switch (k) {
    case OPND_Ev: case OPND_Gv: case OPND_Iz: case OPND_Ibs: case OPND_Jz:
    case OPND_Zv: case OPND_eAX: case OPND_Xv: case OPND_Yv: case OPND_Ov:
    case OPND_Ap: case OPND_Mp: case OPND_Ma: case OPND_Ms: case OPND_Zd:
        return true;
    default:
        return false;
    }
}

/* Mnemonics objdump marks with a d/w suffix when the operand size is not
 * the mode's default: retd, pushad, iretw, enterd, fnstenvw. */
static bool has_size_suffix(const struct view *v)
{
    unsigned k = v->op->opnd[0];
    switch (v->in->mn) {
    case MN_RET: case MN_RETF: case MN_IRET: case MN_PUSHA: case MN_POPA:
    case MN_PUSHF: case MN_POPF: case MN_ENTER: case MN_LEAVE:
    case MN_FNSTENV: case MN_FLDENV: case MN_FNSAVE: case MN_FRSTOR:
        return true;
    case MN_PUSH: case MN_POP:
        return is_seg_kind(k) || k == OPND_Ibs || k == OPND_Iz;
    case MN_CALL: case MN_JMP:
        return k == OPND_Jz;
    default:
        return false;
    }
}

/* Does the instruction depend on the operand-size attribute, so that a 66
 * prefix is consumed rather than shown as "data32"/"data16"? */
static bool uses_opsize(const struct view *v)
{
    if (v->undefined)
        return false;
    switch (v->in->mn) {
    case MN_NOP:
        return !v->pause && (v->in->pfx & PFX_66);
    case MN_CBW: case MN_CWD: case MN_SGDT: case MN_SIDT: case MN_LGDT: case MN_LIDT:
        return true;
    case MN_SMSW: case MN_SLDT: case MN_STR:
        return !v->mem;             /* the memory form always stores a word */
    case MN_MOV:
        if (has_kind(v, OPND_Sw))
            return !v->mem;
        break;
    default:
        break;
    }
    if (has_size_suffix(v))
        return true;
    for (int i = 0; i < 3; i++) {
        if (is_v_kind(v->op->opnd[i]))
            return true;
    }
    return false;
}

static bool is_x87(const struct insn *in)
{
    return !(in->flags & INSN_0F) && in->opcode >= 0xD8 && in->opcode <= 0xDF;
}

/* Is a memory operand shown?  An undefined opcode shows none, except an
 * undefined x87 memory form, which objdump prints as "(bad)  [bx+si]". */
static bool shows_mem(const struct view *v)
{
    return v->mem && (!v->undefined || is_x87(v->in));
}

/* A memory operand that a segment override applies to. */
static bool uses_segment(const struct view *v)
{
    if (v->undefined)
        return shows_mem(v);
    return v->mem || has_kind(v, OPND_Xb) || has_kind(v, OPND_Xv) || v->in->mn == MN_XLAT;
}

/* A ModRM memory operand with no base or index register (a bare
 * displacement, or a SIB that names neither). */
static bool is_direct(const struct view *v)
{
    return v->in->base == REG_NONE && v->in->index == REG_NONE;
}

/* Is a 67 prefix consumed?  objdump shows it as "addr32" where a 32-bit
 * address has no base or index register (A0-A3, ModRM or SIB disp32) and
 * for LOOP, although it sizes the offset or the count register there too. */
static bool uses_addrsize(const struct view *v)
{
    if (v->mem && v->a32 && is_direct(v))
        return false;
    if (v->undefined)
        return shows_mem(v);
    if (has_kind(v, OPND_Ob) || has_kind(v, OPND_Ov))
        return false;
    return v->mem || has_kind(v, OPND_Xb) || has_kind(v, OPND_Xv) || has_kind(v, OPND_Yb) ||
           has_kind(v, OPND_Yv) || v->in->mn == MN_XLAT || v->in->mn == MN_JCXZ;
}

static bool is_rep_string(unsigned mn)
{
    return mn == MN_MOVS || mn == MN_STOS || mn == MN_LODS || mn == MN_INS || mn == MN_OUTS;
}

/* objdump's name for a prefix byte shown on its own; rep: an F3 that
 * repeats MOVS, STOS, LODS, INS or OUTS ("rep" rather than "repz"). */
static const char *prefix_name(uint8_t b, bool code32, bool rep)
{
    switch (b) {
    case 0x26: return "es";
    case 0x2E: return "cs";
    case 0x36: return "ss";
    case 0x3E: return "ds";
    case 0x64: return "fs";
    case 0x65: return "gs";
    case 0x66: return code32 ? "data16" : "data32";
    case 0x67: return code32 ? "addr16" : "addr32";
    case 0xF0: return "lock";
    case 0xF2: return "repnz";
    case 0xF3: return rep ? "rep" : "repz";
    default: return NULL;
    }
}

/* Print the prefixes the instruction does not consume, by name, in
 * encoding order.  Of repeated prefixes only the last can be consumed. */
static void put_prefixes(struct sink *s, const struct view *v)
{
    int last_seg = -1, last_66 = -1, last_67 = -1, last_f3 = -1;
    for (unsigned i = 0; i < v->npfx; i++) {
        uint8_t b = v->pfx[i];
        if (is_seg_prefix(b))
            last_seg = (int)i;
        else if (b == 0x66)
            last_66 = (int)i;
        else if (b == 0x67)
            last_67 = (int)i;
        else if (b == 0xF3)
            last_f3 = (int)i;
    }
    if (!uses_segment(v))
        last_seg = -1;
    if (!uses_opsize(v))
        last_66 = -1;
    if (!uses_addrsize(v))
        last_67 = -1;
    bool rep_string = !v->undefined && is_rep_string(v->in->mn);
    for (unsigned i = 0; i < v->npfx; i++) {
        uint8_t b = v->pfx[i];
        int at = (int)i;
        bool used = (is_seg_prefix(b) && at == last_seg) || (b == 0x66 && at == last_66) ||
                    (b == 0x67 && at == last_67) || (b == 0xF3 && at == last_f3 && v->pause);
        const char *name = used ? NULL : prefix_name(b, v->code32, at == last_f3 && rep_string);
        if (name != NULL) {
            put(s, name);
            put(s, " ");
        }
    }
}

/* The x87 control instructions that have a waiting form (SDM Vol. 1, 8.3.11). */
static bool is_no_wait(unsigned mn)
{
    switch (mn) {
    case MN_FNSTENV: case MN_FNSTCW: case MN_FNSAVE: case MN_FNSTSW: case MN_FNCLEX:
    case MN_FNINIT: case MN_FNENI: case MN_FNDISI: case MN_FNSETPM:
        return true;
    default:
        return false;
    }
}

static void put_mnemonic(struct sink *s, const struct view *v)
{
    const struct insn *in = v->in;
    const char *name = mnemonic_name(in->mn);
    const char *suffix = "";
    if (v->undefined) {
        put(s, "(bad)");
        return;
    }
    switch (in->mn) {
    case MN_NOP:
        name = v->pause ? "pause" : (in->pfx & PFX_66) ? "xchg" : "nop";
        break;
    case MN_CBW:
        name = v->o32 ? "cwde" : "cbw";
        break;
    case MN_CWD:
        name = v->o32 ? "cdq" : "cwd";
        break;
    case MN_JCXZ:
        name = v->a32 ? "jecxz" : "jcxz";
        break;
    case MN_SGDT: case MN_SIDT: case MN_LGDT: case MN_LIDT:
        suffix = v->o32 ? "d" : "w";
        break;
    default:
        if (has_size_suffix(v) && v->o32 != v->code32)
            suffix = v->o32 ? "d" : "w";
        break;
    }
    /* After FWAIT, a no-wait form "fnXXX" is printed as the waiting "fXXX". */
    if (v->fwait && is_no_wait(in->mn)) {
        put(s, "f");
        name += 2;
    }
    put(s, name);
    put(s, suffix);
}

/* Signed displacement after a register: "+0x10", "-0x8". */
static void put_disp(struct sink *s, int32_t d)
{
    if (d < 0)
        putf(s, "-0x%x", (unsigned)(0u - (uint32_t)d));
    else
        putf(s, "+0x%x", (unsigned)d);
}

/* A ModRM memory operand: [SIZE PTR ][seg:][base+index*scale+disp]. */
static void put_mem(struct sink *s, const struct view *v, unsigned bytes)
{
    const struct insn *in = v->in;
    unsigned mod = in->modrm >> 6, rm = in->modrm & 7;
    const char *seg = sreg_name[in->seg & 7];
    bool explicit_seg = (in->pfx & PFX_SEG) != 0;
    put(s, ptr_name(bytes));
    if (!v->a32) {
        if (mod == 0 && rm == 6) {
            putf(s, "%s:0x%x", seg, (unsigned)in->disp & 0xFFFFu);
            return;
        }
        if (explicit_seg)
            putf(s, "%s:", seg);
        put(s, "[");
        put(s, a16_name[rm]);
        if (mod != 0)
            put_disp(s, in->disp);
        put(s, "]");
        return;
    }
    bool has_sib = rm == 4;
    /* A SIB with neither base nor index is a bare disp32; objdump spells it
     * [eiz*1+disp] in 32-bit code only, where that differs from ModRM's. */
    bool bare_sib = has_sib && in->base == REG_NONE && in->index == REG_NONE &&
                    in->scale == 0 && !v->code32;
    if ((!has_sib && mod == 0 && rm == 5) || bare_sib) {
        putf(s, "%s:0x%x", seg, (unsigned)in->disp);
        return;
    }
    if (explicit_seg)
        putf(s, "%s:", seg);
    put(s, "[");
    bool any = false;
    if (in->base != REG_NONE) {
        put(s, reg32_name[in->base & 7]);
        any = true;
    }
    if (has_sib) {
        /* SIB index 100b means no index; objdump shows it as eiz unless the
         * form is the plain [esp] encoding. */
        unsigned scale = 1u << (in->scale & 3);
        if (in->index != REG_NONE || !(in->base == REG_ESP && in->scale == 0)) {
            putf(s, "%s%s*%u", any ? "+" : "",
                 in->index != REG_NONE ? reg32_name[in->index & 7] : "eiz", scale);
            any = true;
        }
    }
    if (mod != 0 || in->base == REG_NONE)
        put_disp(s, in->disp);
    put(s, "]");
}

/* An E operand: a register of reg_bytes or memory of mem_bytes. */
static void put_e(struct sink *s, const struct view *v, unsigned reg_bytes, unsigned mem_bytes)
{
    if (v->mem)
        put_mem(s, v, mem_bytes);
    else
        put(s, reg_name(v->in->rm, reg_bytes));
}

/* A string operand: DS:[eSI] (segment may be overridden) or ES:[eDI]. */
static void put_string(struct sink *s, const struct view *v, unsigned bytes, bool dest)
{
    const char *seg = dest ? "es" : sreg_name[v->in->seg & 7];
    const char *reg = dest ? (v->a32 ? "edi" : "di") : (v->a32 ? "esi" : "si");
    putf(s, "%s%s:[%s]", ptr_name(bytes), seg, reg);
}

static void put_target(struct sink *s, const struct view *v)
{
    uint32_t t = v->ip + v->in->len + v->in->imm;
    if (!v->o32)
        t &= 0xFFFFu;               /* IP wraps within the segment */
    t += v->opts != NULL ? v->opts->cs_base : 0;
    putf(s, "0x%x", (unsigned)t);
    if (v->opts != NULL && v->opts->symbol != NULL) {
        char name[64];
        name[0] = '\0';
        if (v->opts->symbol(v->opts->opaque, t, name, sizeof name) != 0) {
            name[sizeof name - 1] = '\0';
            putf(s, " <%s>", name);
        }
    }
}

/* The E operand's sizes for the kinds whose register and memory widths
 * differ from the row's letter (SDM: SMSW, SLDT and STR store a word to
 * memory but the whole register; MOV Sreg and LAR/LSL take r32 with 66). */
static void e_sizes(const struct view *v, unsigned kind, unsigned *reg_bytes, unsigned *mem_bytes)
{
    unsigned mn = v->in->mn;
    switch (kind) {
    case OPND_Eb: *reg_bytes = *mem_bytes = 1; return;
    case OPND_Ed: *reg_bytes = *mem_bytes = 4; return;
    case OPND_Ew:
        *mem_bytes = 2;
        *reg_bytes = (mn == MN_LAR || mn == MN_LSL || (mn == MN_MOV && has_kind(v, OPND_Sw)))
                         ? v->vsize : 2;
        return;
    default:                        /* Ev */
        *reg_bytes = v->vsize;
        *mem_bytes = (mn == MN_SMSW || mn == MN_SLDT || mn == MN_STR ||
                      (mn == MN_MOV && has_kind(v, OPND_Sw))) ? 2 : v->vsize;
        return;
    }
}

static void put_operand(struct sink *s, const struct view *v, unsigned kind, unsigned *nimm)
{
    const struct insn *in = v->in;
    uint32_t vmask = v->vsize == 4 ? 0xFFFFFFFFu : 0xFFFFu;
    uint32_t imm = (*nimm == 0) ? in->imm : in->imm2;
    unsigned rb, mb;
    switch (kind) {
    case OPND_Eb: case OPND_Ew: case OPND_Ed: case OPND_Ev:
        e_sizes(v, kind, &rb, &mb);
        put_e(s, v, rb, mb);
        return;
    case OPND_Gb: put(s, reg_name(in->reg, 1)); return;
    case OPND_Gw: put(s, reg_name(in->reg, 2)); return;
    case OPND_Gd: put(s, reg_name(in->reg, 4)); return;
    case OPND_Gv: put(s, reg_name(in->reg, v->vsize)); return;
    case OPND_Rd: put(s, reg_name(in->rm, 4)); return;
    case OPND_Zb: put(s, reg_name(in->rm, 1)); return;
    case OPND_Zv: case OPND_Zd: put(s, reg_name(in->rm, v->vsize)); return;
    case OPND_AL: put(s, "al"); return;
    case OPND_AX: put(s, "ax"); return;
    case OPND_eAX: put(s, reg_name(REG_EAX, v->vsize)); return;
    case OPND_CL: put(s, "cl"); return;
    case OPND_DX: put(s, "dx"); return;
    case OPND_ES: case OPND_CS: case OPND_SS: case OPND_DS: case OPND_FS: case OPND_GS:
        put(s, sreg_name[kind - OPND_ES]);
        return;
    case OPND_Sw: put(s, sreg_name[in->reg & 7]); return;
    case OPND_Cd: putf(s, "cr%u", in->reg & 7u); return;
    case OPND_Dd: putf(s, "dr%u", in->reg & 7u); return;
    case OPND_Td: putf(s, "tr%u", in->reg & 7u); return;
    case OPND_Ib: (*nimm)++; putf(s, "0x%x", (unsigned)(imm & 0xFFu)); return;
    case OPND_Iw: (*nimm)++; putf(s, "0x%x", (unsigned)(imm & 0xFFFFu)); return;
    case OPND_Iz: case OPND_Ibs:
        (*nimm)++;
        putf(s, "0x%x", (unsigned)(imm & vmask));
        return;
    case OPND_I1: (*nimm)++; put(s, "1"); return;
    case OPND_Jb: case OPND_Jz: (*nimm)++; put_target(s, v); return;
    case OPND_Ap:
        (*nimm)++;
        putf(s, "0x%x:0x%x", (unsigned)in->imm2, (unsigned)(in->imm & vmask));
        return;
    case OPND_Ob: case OPND_Ov:
        putf(s, "%s:0x%x", sreg_name[in->seg & 7], (unsigned)in->disp & (v->a32 ? 0xFFFFFFFFu : 0xFFFFu));
        return;
    case OPND_Xb: put_string(s, v, 1, false); return;
    case OPND_Xv: put_string(s, v, v->vsize, false); return;
    case OPND_Yb: put_string(s, v, 1, true); return;
    case OPND_Yv: put_string(s, v, v->vsize, true); return;
    case OPND_ST0: put(s, "st"); return;
    case OPND_STi: putf(s, "st(%u)", in->rm & 7u); return;
    case OPND_Pq: putf(s, "mm%u", in->reg & 7u); return;
    case OPND_Nq: putf(s, "mm%u", in->rm & 7u); return;
    case OPND_Qq: case OPND_Qd:
        if (v->mem)
            put_mem(s, v, kind == OPND_Qq ? 8 : 4);
        else
            putf(s, "mm%u", in->rm & 7u);
        return;
    case OPND_M512: put_e(s, v, 0, 0); return;   /* objdump: "fxsave [eax]" */
    case OPND_M: put_e(s, v, 0, in->mn == MN_INVLPG ? 1 : 0); return;
    case OPND_Mp: put_e(s, v, 0, v->vsize + 2); return;
    case OPND_Ma: put_e(s, v, 0, v->vsize * 2); return;
    case OPND_Ms: case OPND_Menv: case OPND_Mstate: put_e(s, v, 0, 0); return;
    default:
        /* Mq, Mw and the x87 formats: the size column of operands.def. */
        put_e(s, v, 0, opnd_size(kind) > 0 ? (unsigned)opnd_size(kind) : 0);
        return;
    }
}

static void put_operands(struct sink *s, const struct view *v)
{
    const struct insn *in = v->in;
    if (v->undefined) {
        /* objdump still shows the memory operand of an undefined x87 form. */
        if (shows_mem(v))
            put_mem(s, v, 0);
        return;
    }
    if (in->mn == MN_NOP && !v->pause && (in->pfx & PFX_66)) {
        const char *r = reg_name(REG_EAX, v->vsize);
        putf(s, "%s,%s", r, r);             /* 66 90 is xchg eAX,eAX */
        return;
    }
    if (in->mn == MN_XLAT) {
        putf(s, "BYTE PTR %s:[%s]", sreg_name[in->seg & 7], v->a32 ? "ebx" : "bx");
        return;
    }
    unsigned nimm = 0;
    for (int i = 0; i < 3; i++) {
        unsigned kind = v->op->opnd[i];
        if (kind == OPND_none || kind >= OPND_COUNT)
            break;
        if (i > 0)
            put(s, ",");
        put_operand(s, v, kind, &nimm);
    }
}

/* ---- entry points ------------------------------------------------------ */

static size_t format(const struct insn *in, const uint8_t *bytes, uint32_t ip,
                     const struct disasm_opts *opts, bool fwait, char *buf, size_t size)
{
    struct sink s = { buf, size, 0 };
    struct view v;
    memset(&v, 0, sizeof v);
    v.in = in;
    v.op = in->op;
    v.ip = ip;
    v.opts = opts;
    v.fwait = fwait;
    if (v.op == NULL || in->len == 0 || in->len > INSN_MAX_LEN || in->mn >= MN_COUNT) {
        put(&s, "(bad)");               /* DECODE_SHORT or DECODE_TOO_LONG */
        return sink_end(&s);
    }
    v.o32 = (in->pfx & PFX_O32) != 0;
    v.a32 = (in->pfx & PFX_A32) != 0;
    v.code32 = v.o32 != ((in->pfx & PFX_66) != 0);
    v.vsize = v.o32 ? 4 : 2;
    v.mem = (in->flags & INSN_MEM) != 0;
    v.undefined = in->op == &op_bad || in->mn == MN_BAD ||
                  ((v.op->attr & ATTR_MEM_ONLY) && !v.mem) ||
                  ((v.op->attr & ATTR_REG_ONLY) && v.mem);
    v.pause = in->mn == MN_NOP && (in->pfx & PFX_REP);

    if (bytes != NULL) {
        v.pfx = bytes;
        v.npfx = in->npfx < in->len ? in->npfx : 0;
        for (unsigned i = 0; i < v.npfx; i++) {
            if (!is_prefix(bytes[i])) {
                v.npfx = i;             /* not decode()'s bytes: show what is certain */
                break;
            }
        }
    } else {
        static const uint8_t seg_byte[8] = { 0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x3E, 0x3E };
        unsigned n = 0;
        if (in->pfx & PFX_SEG)
            v.synth[n++] = seg_byte[in->seg & 7];
        if (in->pfx & PFX_66)
            v.synth[n++] = 0x66;
        if (in->pfx & PFX_67)
            v.synth[n++] = 0x67;
        if (in->pfx & PFX_LOCK)
            v.synth[n++] = 0xF0;
        if (in->pfx & PFX_REPNE)
            v.synth[n++] = 0xF2;
        if (in->pfx & PFX_REP)
            v.synth[n++] = 0xF3;
        v.pfx = v.synth;
        v.npfx = n;
    }

    put_prefixes(&s, &v);
    put_mnemonic(&s, &v);
    char ops_text[DISASM_TEXT_MAX];
    struct sink ops = { ops_text, sizeof ops_text, 0 };
    put_operands(&ops, &v);
    if (sink_end(&ops) > 0) {
        while (s.len < 6)               /* objdump pads prefixes+mnemonic to 6 columns */
            put(&s, " ");
        put(&s, " ");
        put(&s, ops_text);
    }
    return sink_end(&s);
}

size_t disasm(const struct insn *in, const uint8_t *bytes, uint32_t ip,
              const struct disasm_opts *opts, char *buf, size_t size)
{
    return format(in, bytes, ip, opts, false, buf, size);
}

/* FWAIT merging, as objdump does it: 9B followed by an x87 escape (after
 * any prefixes when the 9B itself had none, a second 9B ending the run) is
 * shown as one instruction.  Returns the merged length, or 0. */
static unsigned merge_fwait(const uint8_t *code, size_t avail, const struct decode_ctx *ctx,
                            const struct insn *wait, uint32_t ip,
                            const struct disasm_opts *opts, struct insn *out,
                            char *buf, size_t size)
{
    size_t q = wait->len;
    if (wait->npfx == 0) {
        while (q < avail && q < INSN_MAX_LEN && is_prefix(code[q]))
            q++;
        if (q < avail && code[q] == 0x9B)
            q++;
    }
    if (q >= avail || code[q] < 0xD8 || code[q] > 0xDF)
        return 0;
    /* Decode the prefixes (without the 9Bs) and the x87 opcode together. */
    uint8_t synth[INSN_MAX_LEN + 1];
    size_t n = 0;
    for (size_t i = 0; i < q; i++) {
        if (code[i] != 0x9B)
            synth[n++] = code[i];
    }
    size_t npfx = n;
    for (size_t i = q; i < avail && n < sizeof synth; i++)
        synth[n++] = code[i];
    struct insn x;
    enum decode_status st = decode(synth, n, ctx, &x);
    if (st != DECODE_OK && st != DECODE_UNDEFINED)
        return 0;
    size_t total = q + (x.len - npfx);
    if (total > INSN_MAX_LEN)
        return 0;
    format(&x, synth, ip, opts, true, buf, size);
    if (out != NULL)
        *out = x;
    return (unsigned)total;
}

unsigned disasm_next(const uint8_t *code, size_t avail, const struct decode_ctx *ctx,
                     uint32_t ip, const struct disasm_opts *opts, struct insn *out,
                     char *buf, size_t size)
{
    struct sink s = { buf, size, 0 };
    struct insn in;
    if (avail == 0) {
        sink_end(&s);
        if (out != NULL)
            memset(out, 0, sizeof *out);
        return 0;
    }
    enum decode_status st = decode(code, avail, ctx, &in);
    if (out != NULL)
        *out = in;
    if (st == DECODE_SHORT) {
        /* The buffer ends inside the instruction: show one byte, as objdump
         * does (a prefix by its name), and let the sweep go on. */
        if (is_prefix(code[0]))
            put(&s, prefix_name(code[0], ctx->code32 != 0, false));
        else
            putf(&s, ".byte 0x%x", (unsigned)code[0]);
        sink_end(&s);
        return 1;
    }
    if (st == DECODE_TOO_LONG) {
        /* #GP(0) on the CPU; objdump also stops at 15 bytes. */
        put(&s, "(bad)");
        sink_end(&s);
        return INSN_MAX_LEN;
    }
    if (in.mn == MN_WAIT) {
        unsigned n = merge_fwait(code, avail, ctx, &in, ip, opts, out, buf, size);
        if (n != 0)
            return n;
    }
    format(&in, code, ip, opts, false, buf, size);
    bool x87 = is_x87(&in);
    bool bad = st == DECODE_UNDEFINED ||
               ((in.op->attr & ATTR_MEM_ONLY) && !(in.flags & INSN_MEM)) ||
               ((in.op->attr & ATTR_REG_ONLY) && (in.flags & INSN_MEM));
    if (bad && !x87)
        return in.npfx + ((in.flags & INSN_0F) ? 2u : 1u);
    return in.len;
}
