/* tests/disasm/disasm_compare.c: checks decode() lengths and disasm() text
 * against GNU objdump 2.40 (-M intel) on random instruction bytes.
 * Method, scope rules and normalisation: docs/disasm.md.  Random sequences
 * are decoded with our decoder; those in scope are concatenated into one
 * stream file; objdump disassembles the stream once, and both linear sweeps
 * are compared instruction by instruction, resynchronising after a length
 * disagreement.  Exit status: 0 pass, 1 fail, 77 skip (no usable objdump),
 * 99 error. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "decoder/decode.h"
#include "decoder/disasm.h"
#include "decoder/opcodes.h"

#define SEQ_BYTES 16

/* ---- deterministic random bytes (splitmix64) --------------------------- */

static uint64_t rng_next(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static const uint8_t prefix_bytes[] = { 0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65,
                                        0x66, 0x67, 0xF0, 0xF2, 0xF3, 0x9B };

/* One random sequence: 0-3 prefixes (70/15/10/5 %), an opcode byte (0F
 * and a second byte one time in eight), then random bytes. */
static void gen_random(uint64_t *rng, uint8_t *seq)
{
    for (int i = 0; i < SEQ_BYTES; i++)
        seq[i] = (uint8_t)rng_next(rng);
    unsigned r = (unsigned)(rng_next(rng) % 100);
    unsigned npfx = r < 70 ? 0 : r < 85 ? 1 : r < 95 ? 2 : 3;
    for (unsigned i = 0; i < npfx; i++)
        seq[i] = prefix_bytes[rng_next(rng) % sizeof prefix_bytes];
    if (rng_next(rng) % 8 == 0)
        seq[npfx] = 0x0F;
}

/* Sequence number k of the systematic set: every one-byte and 0F opcode
 * with every second byte (ModRM), under nine prefix sets, random after. */
#define SYSTEMATIC_COUNT (9ul * 512 * 256)
static void gen_systematic(uint64_t *rng, unsigned long k, uint8_t *seq)
{
    static const uint8_t sets[9][2] = { { 0, 0 }, { 0x66, 0 }, { 0x67, 0 }, { 0x66, 0x67 },
                                        { 0xF3, 0 }, { 0xF2, 0 }, { 0xF0, 0 }, { 0x26, 0 },
                                        { 0x9B, 0 } };
    unsigned modrm = k & 255, opcode = (k >> 8) & 511, set = (unsigned)((k >> 17) % 9);
    unsigned n = 0;
    for (int i = 0; i < SEQ_BYTES; i++)
        seq[i] = (uint8_t)rng_next(rng);
    for (int i = 0; i < 2; i++) {
        if (sets[set][i] != 0)
            seq[n++] = sets[set][i];
    }
    if (opcode >= 256)
        seq[n++] = 0x0F;
    seq[n++] = (uint8_t)opcode;
    seq[n] = (uint8_t)modrm;
}

/* ---- scope rules ------------------------------------------------------- */

enum scope {
    IN_SCOPE,
    EX_TOO_LONG,        /* longer than 15 bytes (#GP) */
    EX_0F_NO_ROW,       /* 0F xx with no row: post-Pentium II (SSE, SYSCALL, NOP Ev...) */
    EX_0F_GROUP_LATER,  /* 0F 01 mod 3 other than SMSW/LMSW, 0F C7 other than CMPXCHG8B m64,
                           0F AE other than FXSAVE/FXRSTOR m512 */
    EX_VEX,             /* C4/C5/62 with mod 3, 8F with reg != 0: VEX, EVEX, XOP */
    EX_X87_LATER,       /* FISTTP (SSE3), FRSTPM (287) */
    EX_MANDATORY,       /* F3 0F BC/BD (TZCNT/LZCNT), F3 0F 09, F2/F3 0F 01 /5, F2/F3 with
                           MMX opcodes and 0F AE mod 3, 66 0F 77, prefixed 0F 73 /3 /7 */
    EX_TSX,             /* C6 F8 (XABORT), C7 F8 (XBEGIN) */
    EX_LOCK_CR8,        /* F0 0F 20/22: AMD's LOCK MOV CR0 = MOV CR8 */
    EX_FWAIT_PREFIXES,  /* 9B, prefixes, 9B, non-x87: objdump gives the prefixes to the first 9B */
    SCOPE_COUNT
};

static const char *const scope_text[SCOPE_COUNT] = {
    [IN_SCOPE] = "in scope",
    [EX_TOO_LONG] = "longer than 15 bytes (#GP, not an instruction)",
    [EX_0F_NO_ROW] = "0F opcode with no row (post-Pentium II: SSE/SYSCALL/NOP Ev/...)",
    [EX_0F_GROUP_LATER] = "0F 01 mod=3 except SMSW/LMSW; 0F C7 except CMPXCHG8B m64; "
                          "0F AE except FXSAVE/FXRSTOR m512",
    [EX_VEX] = "VEX/EVEX/XOP escapes (C4/C5/62 mod=3, 8F reg!=0)",
    [EX_X87_LATER] = "x87 forms of other generations (FISTTP FRSTPM)",
    [EX_MANDATORY] = "mandatory-prefix forms (F2/F3 0F BC/BD TZCNT/LZCNT, 66/F2/F3 0F 09, "
                     "F2/F3 0F 01 /5, F2/F3 on MMX and 0F AE mod=3, 66 0F 77, prefixed 0F 73 /3 /7)",
    [EX_TSX] = "TSX (C6 F8 XABORT, C7 F8 XBEGIN)",
    [EX_LOCK_CR8] = "F0 0F 20/22 (AMD: LOCK MOV CR0 means MOV CR8)",
    [EX_FWAIT_PREFIXES] = "9B, prefixes, 9B, then no x87 opcode (objdump moves the prefixes)",
};

/* Short names for the summary line. */
static const char *const scope_name[SCOPE_COUNT] = {
    [IN_SCOPE] = "in", [EX_TOO_LONG] = "too-long", [EX_0F_NO_ROW] = "0f-no-row",
    [EX_0F_GROUP_LATER] = "0f-group-later", [EX_VEX] = "vex", [EX_X87_LATER] = "x87-later",
    [EX_MANDATORY] = "mandatory-prefix", [EX_TSX] = "tsx", [EX_LOCK_CR8] = "lock-cr8",
    [EX_FWAIT_PREFIXES] = "fwait-prefixes",
};

/* An MMX row of the 0F map (0F 60-7F, D0-FF). */
static bool is_mmx_opcode(uint8_t op2)
{
    return (op2 >= 0x60 && op2 <= 0x7F) || op2 >= 0xD0;
}

static bool is_prefix(uint8_t b)
{
    switch (b) {
    case 0x26: case 0x2E: case 0x36: case 0x3E: case 0x64: case 0x65:
    case 0x66: case 0x67: case 0xF0: case 0xF2: case 0xF3:
        return true;
    default:
        return false;
    }
}

/* seq: at least SEQ_BYTES readable bytes. */
static enum scope classify(const uint8_t *seq, const struct decode_ctx *ctx)
{
    struct insn in;
    enum decode_status st = decode(seq, SEQ_BYTES, ctx, &in);
    if (st == DECODE_TOO_LONG || st == DECODE_SHORT)
        return EX_TOO_LONG;
    unsigned p = in.npfx;
    uint8_t op = seq[p];
    uint8_t m = seq[p + 1];             /* the ModRM byte, where there is one */
    unsigned mod = m >> 6, reg = (m >> 3) & 7;
    bool rep_any = (in.pfx & (PFX_REP | PFX_REPNE)) != 0;
    if (op == 0x0F) {
        uint8_t op2 = seq[p + 1];
        m = seq[p + 2];
        mod = m >> 6;
        reg = (m >> 3) & 7;
        if (!op_row_present(&op_map_0f[op2]) && op_grp_0f[op2] == 0)
            return EX_0F_NO_ROW;
        if (op2 == 0x01 && mod == 3 && reg != 4 && reg != 6)
            return EX_0F_GROUP_LATER;
        if (op2 == 0xC7 && (mod == 3 || reg != 1))
            return EX_0F_GROUP_LATER;
        if (rep_any && (op2 == 0xBC || op2 == 0xBD))
            return EX_MANDATORY;
        if ((rep_any || (in.pfx & PFX_66)) && op2 == 0x09)
            return EX_MANDATORY;
        if ((in.pfx & PFX_LOCK) && (op2 == 0x20 || op2 == 0x22))
            return EX_LOCK_CR8;
        if (rep_any && op2 == 0x01 && reg == 5)
            return EX_MANDATORY;
        /* 0F AE: LDMXCSR STMXCSR XSAVE XRSTOR XSAVEOPT CLFLUSH in memory,
         * LFENCE MFENCE SFENCE as registers; F3 0F AE mod 3 is RDFSBASE &c. */
        if (op2 == 0xAE && ((mod != 3 && reg >= 2) || (mod == 3 && reg >= 5)))
            return EX_0F_GROUP_LATER;
        if (op2 == 0xAE && mod == 3 && rep_any)
            return EX_MANDATORY;
        /* objdump reads F2/F3 before an MMX opcode as the mandatory prefix
         * of an SSE/SSE2 form (movdqu, movq xmm) or (bad); the Pentium II
         * ignores it.  66 0F 77 is (bad) to objdump.  0F 73 /3 /7 are
         * PSRLDQ/PSLLDQ with 66 (SSE2), where the Pentium II has no row;
         * objdump's (bad) for them without 66 leaves out the names of
         * any other prefixes. */
        if (rep_any && is_mmx_opcode(op2))
            return EX_MANDATORY;
        if ((in.pfx & PFX_66) && op2 == 0x77)
            return EX_MANDATORY;
        if (op2 == 0x73 && mod == 3 && (reg == 3 || reg == 7) && p > 0)
            return EX_MANDATORY;
        return IN_SCOPE;
    }
    if (op == 0x9B) {
        /* FWAIT: judge the x87 instruction disasm_next() merges it with. */
        unsigned q = p + 1;
        if (p == 0) {
            while (q < SEQ_BYTES - 2 && is_prefix(seq[q]))
                q++;
            if (q > 1 && seq[q] == 0x9B && (seq[q + 1] < 0xD8 || seq[q + 1] > 0xDF))
                return EX_FWAIT_PREFIXES;
            if (seq[q] == 0x9B)
                q++;
        }
        if (q < SEQ_BYTES - 1 && seq[q] >= 0xD8 && seq[q] <= 0xDF) {
            op = seq[q];
            m = seq[q + 1];
            mod = m >> 6;
            reg = (m >> 3) & 7;
        }
    }
    if ((op == 0xC4 || op == 0xC5 || op == 0x62) && mod == 3)
        return EX_VEX;
    if (op == 0x8F && reg != 0)
        return EX_VEX;
    if ((op == 0xC6 || op == 0xC7) && m == 0xF8)
        return EX_TSX;
    if (op >= 0xD8 && op <= 0xDF) {
        if (mod != 3 && (op == 0xDB || op == 0xDD || op == 0xDF) && reg == 1)
            return EX_X87_LATER;
        if (op == 0xDB && m == 0xE5)
            return EX_X87_LATER;
    }
    return IN_SCOPE;
}

/* ---- objdump ------------------------------------------------------------ */

struct objdump_line {
    uint32_t addr;
    unsigned len;
    char text[256];
};

/* Parse "   1f:\t66 90   \tdata32 xchg eax,eax"; returns false for other lines. */
static bool parse_line(const char *line, struct objdump_line *out)
{
    char *end;
    while (*line == ' ')
        line++;
    unsigned long addr = strtoul(line, &end, 16);
    if (end == line || *end != ':' || end[1] != '\t')
        return false;
    const char *p = end + 2;
    unsigned n = 0;
    while (*p != '\0' && *p != '\t' && *p != '\n') {
        if (p[0] != ' ') {
            n++;
            p += 2;
        } else {
            p++;
        }
    }
    out->addr = (uint32_t)addr;
    out->len = n;
    out->text[0] = '\0';
    if (*p == '\t') {
        p++;
        size_t k = 0;
        while (p[k] != '\0' && p[k] != '\n' && k + 1 < sizeof out->text) {
            out->text[k] = p[k];
            k++;
        }
        out->text[k] = '\0';
    }
    return true;
}

/* Collapse white space to single spaces and trim. */
static void squeeze(const char *in, char *out, size_t size)
{
    size_t k = 0;
    bool space = false;
    for (; *in != '\0'; in++) {
        if (*in == ' ' || *in == '\t') {
            space = k > 0;
            continue;
        }
        if (space && k + 1 < size)
            out[k++] = ' ';
        space = false;
        if (k + 1 < size)
            out[k++] = *in;
    }
    out[k] = '\0';
}

/* Replace the last "0x..." number in s by its value masked to 16 bits. */
static void mask_last_hex16(char *s, size_t size)
{
    char *last = NULL;
    for (char *p = strstr(s, "0x"); p != NULL; p = strstr(p + 2, "0x"))
        last = p;
    if (last == NULL)
        return;
    char *end;
    unsigned long v = strtoul(last + 2, &end, 16);
    char tail[256];
    snprintf(tail, sizeof tail, "%s", end);
    snprintf(last, size - (size_t)(last - s), "0x%lx%s", v & 0xFFFFul, tail);
}

/* Remove objdump's "(8087 only)" / "(287 only)" annotations. */
static void strip_annotation(char *s)
{
    static const char *const notes[] = { "(8087 only)", "(287 only)" };
    for (size_t i = 0; i < 2; i++) {
        char *p = strstr(s, notes[i]);
        if (p != NULL)
            memmove(p, p + strlen(notes[i]), strlen(p + strlen(notes[i])) + 1);
    }
}

/* Replace the word `from` by `to` in s (same length). */
static void replace_word(char *s, const char *from, const char *to)
{
    size_t n = strlen(from);
    for (char *p = strstr(s, from); p != NULL; p = strstr(p + 1, from)) {
        bool start = p == s || p[-1] == ' ';
        bool end = p[n] == '\0' || p[n] == ' ';
        if (start && end) {
            memcpy(p, to, n);
            return;
        }
    }
}

/* Replace every word `from` in s by `to` (s has room for 256 bytes). */
static void replace_prefix(char *s, const char *from, const char *to)
{
    size_t n = strlen(from), m = strlen(to);
    char *p = s;
    while ((p = strstr(p, from)) != NULL) {
        bool start = p == s || p[-1] == ' ';
        bool end = p[n] == '\0' || p[n] == ' ';
        if (!start || !end || strlen(s) - n + m >= 256) {
            p++;
            continue;
        }
        memmove(p + m, p + n, strlen(p + n) + 1);
        memcpy(p, to, m);
        p += m;
    }
}

enum rule {
    RULE_NONE,
    RULE_ANNOTATION,    /* objdump's "(8087 only)", "(287 only)" */
    RULE_REP_NAMES,     /* objdump's bnd, xacquire, xrelease for F2/F3 */
    RULE_WRAP16,        /* 16-bit branch targets compared modulo 64 KiB */
    RULE_SALC,          /* D6: objdump (bad), we salc */
    RULE_X87_ALIAS,     /* undocumented x87 aliases: objdump (bad) */
    RULE_SAL,           /* grp2 /6: we sal, objdump shl */
    RULE_NOTRACK,       /* 3E on an indirect CALL/JMP: objdump "notrack" (CET) */
    RULE_SSE2_66,       /* 66 on an MMX instruction: objdump shows the SSE2 xmm form */
    RULE_COUNT
};

static const char *const rule_text[RULE_COUNT] = {
    [RULE_ANNOTATION] = "objdump's (8087 only) / (287 only) notes removed",
    [RULE_REP_NAMES] = "objdump's bnd / xacquire / xrelease read as repnz / repz",
    [RULE_WRAP16] = "16-bit branch targets compared modulo 64 KiB",
    [RULE_SALC] = "D6 SALC: objdump prints (bad)",
    [RULE_X87_ALIAS] = "undocumented x87 aliases (fstp1 fcom2 ...): objdump prints (bad)",
    [RULE_SAL] = "shift group /6: we print sal, objdump shl",
    [RULE_NOTRACK] = "3E on indirect call/jmp: objdump prints notrack, not ds",
    [RULE_SSE2_66] = "66 on MMX: objdump prints the SSE2 xmm form, we data16/data32 and mm",
};

static bool is_x87_alias(unsigned mn)
{
    switch (mn) {
    case MN_FSTP1: case MN_FCOM2: case MN_FCOMP3: case MN_FXCH4: case MN_FCOMP5:
    case MN_FXCH7: case MN_FSTP8: case MN_FSTP9:
        return true;
    default:
        return false;
    }
}

/* Remove the last word `word` (and the space after it) from s. */
static void remove_last_word(char *s, const char *word)
{
    size_t n = strlen(word);
    char *last = NULL;
    for (char *p = strstr(s, word); p != NULL; p = strstr(p + 1, word)) {
        if ((p == s || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            last = p;
    }
    if (last != NULL)
        memmove(last, last + n + (last[n] == ' '), strlen(last + n + (last[n] == ' ')) + 1);
}

/* objdump's SSE2 reading of a 66-prefixed MMX opcode, turned back into the
 * MMX form: xmmN as mmN, XMMWORD PTR as QWORD PTR (DWORD PTR for the
 * PUNPCKL forms, which read 32 bits of memory), movdqa as movq. */
static void sse2_to_mmx(char *s, const struct insn *in)
{
    for (char *p = strstr(s, "xmm"); p != NULL; p = strstr(p, "xmm"))
        memmove(p, p + 1, strlen(p + 1) + 1);
    for (char *p = strstr(s, "XMMWORD PTR"); p != NULL; p = strstr(p, "XMMWORD PTR")) {
        bool low_unpack = in->opcode >= 0x60 && in->opcode <= 0x62;
        memmove(p, p + 2, strlen(p + 2) + 1);   /* "XMMWORD" -> "MWORD" */
        *p = low_unpack ? 'D' : 'Q';
    }
    replace_prefix(s, "movdqa", "movq");
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Compare our text with objdump's.  Returns true if equal after the
 * normalisation; *rule says which documented difference made them equal. */
static bool texts_agree(const struct insn *in, const char *ours_raw, const char *theirs_raw,
                        enum rule *rule)
{
    char ours[256], theirs[256];
    squeeze(ours_raw, ours, sizeof ours);
    squeeze(theirs_raw, theirs, sizeof theirs);
    *rule = RULE_NONE;
    if (strcmp(ours, theirs) == 0)
        return true;
    /* The textual normalisations, each counted when it is what makes the
     * two agree. */
    strip_annotation(theirs);
    squeeze(theirs, theirs, sizeof theirs);
    if (strcmp(ours, theirs) == 0) {
        *rule = RULE_ANNOTATION;
        return true;
    }
    /* objdump names F2/F3 after later extensions: MPX "bnd" on branches,
     * HLE "xacquire"/"xrelease" on locked forms; the CPU we decode sees
     * REPNE and REP prefixes there. */
    replace_prefix(theirs, "bnd", "repnz");
    replace_prefix(theirs, "xacquire", "repnz");
    replace_prefix(theirs, "xrelease", "repz");
    if (strcmp(ours, theirs) == 0) {
        *rule = RULE_REP_NAMES;
        return true;
    }
    bool branch16 = in->op != NULL && !(in->pfx & PFX_O32) &&
                    (in->op->opnd[0] == OPND_Jb || in->op->opnd[0] == OPND_Jz);
    if (branch16) {
        /* objdump does not wrap rel8 targets at 64 KiB: compare IPs. */
        mask_last_hex16(ours, sizeof ours);
        mask_last_hex16(theirs, sizeof theirs);
        if (strcmp(ours, theirs) == 0) {
            *rule = RULE_WRAP16;
            return true;
        }
    }
    if (in->mn == MN_SALC && ends_with(theirs, "(bad)")) {
        *rule = RULE_SALC;
        return true;
    }
    if (is_x87_alias(in->mn) && ends_with(theirs, "(bad)")) {
        *rule = RULE_X87_ALIAS;
        return true;
    }
    if (strstr(theirs, "notrack ") != NULL) {
        replace_prefix(theirs, "notrack", "");
        squeeze(theirs, theirs, sizeof theirs);
        /* objdump turns the last segment prefix into "notrack" and shows
         * the memory operand without a segment. */
        static const char *const segs[] = { "es", "cs", "ss", "ds", "fs", "gs" };
        char *cut = NULL;
        for (size_t i = 0; i < 6 && cut == NULL; i++) {
            char pat[5];
            snprintf(pat, sizeof pat, "%s:[", segs[i]);
            cut = strstr(ours, pat);
        }
        if (cut != NULL) {
            memmove(cut, cut + 3, strlen(cut + 3) + 1);
        } else {
            char *last = NULL;
            for (char *w = ours; *w != '\0'; w = strchr(w, ' ') ? strchr(w, ' ') + 1 : w + strlen(w)) {
                for (size_t i = 0; i < 6; i++) {
                    if (strncmp(w, segs[i], 2) == 0 && w[2] == ' ')
                        last = w;
                }
            }
            if (last != NULL)
                memmove(last, last + 3, strlen(last + 3) + 1);
        }
        squeeze(ours, ours, sizeof ours);
        if (strcmp(ours, theirs) == 0) {
            *rule = RULE_NOTRACK;
            return true;
        }
    }
    if (in->mn == MN_SAL) {
        replace_word(ours, "sal", "shl");
        if (strcmp(ours, theirs) == 0) {
            *rule = RULE_SAL;
            return true;
        }
    }
    bool mmx = in->op != NULL && in->op->cpus == CPUS_P2 && (in->flags & INSN_0F) &&
               is_mmx_opcode(in->opcode);
    if (mmx && (in->pfx & PFX_66)) {
        /* The Pentium II ignores the 66 (reserved before SSE2); objdump
         * consumes it for the SSE2 form of the opcode. */
        remove_last_word(ours, (in->pfx & PFX_O32) ? "data32" : "data16");
        sse2_to_mmx(theirs, in);
        if (strcmp(ours, theirs) == 0) {
            *rule = RULE_SSE2_66;
            return true;
        }
    }
    return false;
}

/* ---- driver ------------------------------------------------------------- */

struct options {
    unsigned bits;
    unsigned long count;
    uint64_t seed;
    const char *objdump;
    unsigned show;
    double min_agree;
    bool any_version;
    bool systematic;
};

static int usage(void)
{
    fprintf(stderr, "usage: disasm_compare [--bits 16|32 (default: both)] [--count N] [--seed S] "
                    "[--systematic]\n"
                    "                      [--objdump PATH] [--show N] [--min-agree PCT] "
                    "[--any-version]\n");
    return 99;
}

/* Run cmd; return its first output line in buf (empty if none). */
static bool run_first_line(const char *cmd, char *buf, size_t size)
{
    FILE *p = popen(cmd, "r");
    if (p == NULL)
        return false;
    buf[0] = '\0';
    if (fgets(buf, (int)size, p) == NULL)
        buf[0] = '\0';
    char rest[512];
    while (fgets(rest, sizeof rest, p) != NULL)
        continue;
    return pclose(p) == 0 && buf[0] != '\0';
}

/* Is a usable objdump there?  0: yes; 77: skip, with the reason printed. */
static int probe_objdump(const struct options *o)
{
    char cmd[1024], line[1024];
    if (strchr(o->objdump, '\'') != NULL) {
        printf("SKIP: unusable objdump path\n");
        return 77;
    }
    snprintf(cmd, sizeof cmd, "'%s' --version 2>/dev/null", o->objdump);
    if (!run_first_line(cmd, line, sizeof line) || strstr(line, "GNU objdump") == NULL) {
        printf("SKIP: GNU objdump not found (tried '%s'; set OBJDUMP)\n", o->objdump);
        return 77;
    }
    line[strcspn(line, "\n")] = '\0';
    printf("objdump: %s\n", line);
    if (strstr(line, " 2.40") == NULL && !o->any_version) {
        printf("SKIP: the comparison rules are calibrated on GNU objdump 2.40; this is "
               "another version (--any-version runs anyway)\n");
        return 77;
    }
    /* A build of binutils for another host may lack the i386 back end. */
    const char *tmpdir = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/vireo-probe-XXXXXX", tmpdir != NULL ? tmpdir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0 || strchr(path, '\'') != NULL || write(fd, "\x90", 1) != 1) {
        if (fd >= 0) {
            close(fd);
            unlink(path);
        }
        fprintf(stderr, "disasm_compare: cannot create a temporary file in %s\n", path);
        return 99;
    }
    close(fd);
    snprintf(cmd, sizeof cmd, "'%s' -D -b binary -m i8086 -M intel '%s' 2>/dev/null | grep -q nop",
             o->objdump, path);
    int st = system(cmd);
    unlink(path);
    if (st != 0) {
        printf("SKIP: '%s' cannot disassemble x86 (-b binary -m i8086)\n", o->objdump);
        return 77;
    }
    return 0;
}

static int run(const struct options *o)
{
    char cmd[1024], line[1024];
    struct decode_ctx ctx = { .code32 = o->bits == 32, .cpu = CPU_P2, .handlers = NULL };
    uint64_t rng = o->seed ^ ((uint64_t)o->bits << 56);
    size_t cap = (size_t)o->count * SEQ_BYTES + SEQ_BYTES;
    uint8_t *stream = calloc(cap, 1);   /* zero tail: classify() reads SEQ_BYTES */
    if (stream == NULL) {
        fprintf(stderr, "disasm_compare: out of memory\n");
        return 99;
    }
    size_t size = 0;
    unsigned long excluded[SCOPE_COUNT] = { 0 };
    uint8_t seq[SEQ_BYTES];
    char text[DISASM_TEXT_MAX];
    for (unsigned long i = 0; i < o->count; i++) {
        if (o->systematic)
            gen_systematic(&rng, i, seq);
        else
            gen_random(&rng, seq);
        enum scope sc = classify(seq, &ctx);
        excluded[sc]++;
        if (sc != IN_SCOPE)
            continue;
        unsigned n = disasm_next(seq, SEQ_BYTES, &ctx, 0, NULL, NULL, text, sizeof text);
        memcpy(stream + size, seq, n);
        size += n;
    }

    const char *tmpdir = getenv("TMPDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/vireo-disasm-XXXXXX", tmpdir != NULL ? tmpdir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0 || strchr(path, '\'') != NULL) {
        fprintf(stderr, "disasm_compare: cannot create a temporary file in %s\n", path);
        free(stream);
        return 99;
    }
    FILE *f = fdopen(fd, "wb");
    if (f == NULL || fwrite(stream, 1, size, f) != size || fclose(f) != 0) {
        fprintf(stderr, "disasm_compare: cannot write %s\n", path);
        unlink(path);
        free(stream);
        return 99;
    }
    snprintf(cmd, sizeof cmd, "'%s' -D -z -b binary -m %s -M intel --insn-width=15 '%s'",
             o->objdump, o->bits == 32 ? "i386" : "i8086", path);
    FILE *p = popen(cmd, "r");
    if (p == NULL) {
        fprintf(stderr, "disasm_compare: cannot run %s\n", o->objdump);
        unlink(path);
        free(stream);
        return 99;
    }

    /* Both sweeps run over the same stream.  Each of our instructions is
     * classified again in place, because concatenation makes new neighbours
     * (a "(bad)" C7 followed by a sequence starting F8 is XBEGIN to objdump);
     * after one that is out of scope, objdump's lines are skipped until the
     * two sweeps meet again. */
    unsigned long compared = 0, len_bad = 0, text_ok = 0, text_bad = 0, lost = 0;
    unsigned long in_stream_excl[SCOPE_COUNT] = { 0 }, resync_skipped = 0;
    unsigned long by_rule[RULE_COUNT] = { 0 };
    unsigned shown = 0;
    size_t pos = 0;                     /* our sweep */
    struct objdump_line od;
    bool have = false, after_excluded = false;
    while (pos < size) {
        if (!have) {
            if (fgets(line, sizeof line, p) == NULL)
                break;
            have = parse_line(line, &od);
            continue;
        }
        if (od.addr < pos) {            /* objdump is resynchronising */
            have = false;
            continue;
        }
        struct insn in;
        struct disasm_opts dopts = { 0 };
        uint32_t ip = (uint32_t)pos;
        if (o->bits == 16) {
            ip = (uint32_t)pos & 0xFFFFu;
            dopts.cs_base = (uint32_t)pos & ~0xFFFFu;
        }
        unsigned n = disasm_next(stream + pos, size - pos, &ctx, ip, &dopts, &in, text,
                                 sizeof text);
        if (od.addr > pos) {            /* we are resynchronising */
            if (after_excluded)
                resync_skipped++;
            else
                lost++;
            pos += n;
            continue;
        }
        after_excluded = false;
        enum scope sc = classify(stream + pos, &ctx);
        if (sc != IN_SCOPE) {
            in_stream_excl[sc]++;
            after_excluded = true;
            pos += n;
            have = false;
            continue;
        }
        compared++;
        if (od.len != n) {
            len_bad++;
            if (shown < o->show) {
                shown++;
                printf("LENGTH at 0x%zx:", pos);
                for (unsigned k = 0; k < (n > od.len ? n : od.len) && pos + k < size; k++)
                    printf(" %02x", stream[pos + k]);
                printf("\n  ours    (%u): %s\n  objdump (%u): %s\n", n, text, od.len, od.text);
            }
            pos += n;
            have = false;
            continue;
        }
        enum rule rule;
        if (texts_agree(&in, text, od.text, &rule)) {
            text_ok++;
            by_rule[rule]++;
        } else {
            text_bad++;
            if (shown < o->show) {
                shown++;
                printf("TEXT at 0x%zx:", pos);
                for (unsigned k = 0; k < n; k++)
                    printf(" %02x", stream[pos + k]);
                printf("\n  ours:    %s\n  objdump: %s\n", text, od.text);
            }
        }
        pos += n;
        have = false;
    }
    while (pos < size) {                /* objdump stopped early */
        pos += disasm_next(stream + pos, size - pos, &ctx, 0, NULL, NULL, text, sizeof text);
        lost++;
    }
    while (fgets(line, sizeof line, p) != NULL)
        continue;
    int st = pclose(p);
    unlink(path);
    free(stream);
    if (st != 0) {
        fprintf(stderr, "disasm_compare: objdump failed (status %d)\n", st);
        return 99;
    }

    double agree = compared ? 100.0 * (double)text_ok / (double)compared : 0.0;
    printf("mode %u-bit, seed %" PRIu64 ": %lu sequences generated\n", o->bits, o->seed,
           o->count);
    printf("  in scope:            %lu\n", excluded[IN_SCOPE]);
    for (int i = 1; i < SCOPE_COUNT; i++)
        printf("  excluded %-10lu  %s\n", excluded[i], scope_text[i]);
    unsigned long stream_excl = 0;
    for (int i = 1; i < SCOPE_COUNT; i++)
        stream_excl += in_stream_excl[i];
    printf("  stream: %zu bytes; instructions compared: %lu\n", size, compared);
    printf("    out of scope where sequences meet: %lu (", stream_excl);
    for (int i = 1, first = 1; i < SCOPE_COUNT; i++) {
        if (in_stream_excl[i] != 0) {
            printf("%s%s %lu", first ? "" : ", ", scope_name[i], in_stream_excl[i]);
            first = 0;
        }
    }
    printf("), then skipped to resynchronise: %lu\n", resync_skipped);
    printf("    not compared after a length mismatch: %lu\n", lost);
    printf("  length agreement:    %lu of %lu (%lu mismatches)\n", compared - len_bad,
           compared, len_bad);
    printf("  text agreement:      %lu of %lu = %.4f %% (%lu mismatches)\n", text_ok, compared,
           agree, text_bad);
    printf("    exact:             %lu\n", by_rule[RULE_NONE]);
    for (int i = 1; i < RULE_COUNT; i++)
        printf("    by rule: %-8lu  %s\n", by_rule[i], rule_text[i]);
    bool pass = compared > 0 && len_bad == 0 && lost == 0 && agree >= o->min_agree;
    printf("%s\n", pass ? "PASS" : "FAIL");
    return pass ? 0 : 1;
}

int main(int argc, char **argv)
{
    struct options o = { .bits = 0, .count = 20000, .seed = 1, .show = 10,
                         .min_agree = 99.9 };
    /* $OBJDUMP, else the one configure found, else whatever PATH has. */
    o.objdump = getenv("OBJDUMP");
#ifdef OBJDUMP_PATH
    if (o.objdump == NULL || o.objdump[0] == '\0')
        o.objdump = OBJDUMP_PATH;
#endif
    if (o.objdump == NULL || o.objdump[0] == '\0')
        o.objdump = "objdump";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--any-version") == 0) {
            o.any_version = true;
            continue;
        }
        if (strcmp(a, "--systematic") == 0) {
            o.systematic = true;
            o.count = SYSTEMATIC_COUNT;
            continue;
        }
        if (val == NULL)
            return usage();
        i++;
        if (strcmp(a, "--bits") == 0)
            o.bits = (unsigned)strtoul(val, NULL, 10);
        else if (strcmp(a, "--count") == 0)
            o.count = strtoul(val, NULL, 10);
        else if (strcmp(a, "--seed") == 0)
            o.seed = strtoull(val, NULL, 0);
        else if (strcmp(a, "--objdump") == 0)
            o.objdump = val;
        else if (strcmp(a, "--show") == 0)
            o.show = (unsigned)strtoul(val, NULL, 10);
        else if (strcmp(a, "--min-agree") == 0)
            o.min_agree = strtod(val, NULL);
        else
            return usage();
    }
    if ((o.bits != 0 && o.bits != 16 && o.bits != 32) || o.count == 0 ||
        o.count > 50000000ul)
        return usage();
    int st = probe_objdump(&o);
    if (st != 0)
        return st;
    if (o.bits != 0)
        return run(&o);
    /* No --bits: both modes. */
    int worst = 0;
    for (unsigned bits = 16; bits <= 32; bits += 16) {
        o.bits = bits;
        st = run(&o);
        if (st > worst)
            worst = st;
    }
    return worst;
}
