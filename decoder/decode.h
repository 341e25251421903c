/* decoder/decode.h: the x86 instruction decoder, 8086 through Pentium II.
 * decode() turns bytes into a compact struct insn carrying its handler, so
 * the CPU can cache decoded code per page and the disassembler and debugger
 * can share it.  It is pure: no CPU state, no I/O, never a read past `avail`.
 * Reference: Intel SDM Vol. 2, chapter 2 and Appendix A. */
#ifndef VIREO_DECODER_DECODE_H
#define VIREO_DECODER_DECODE_H

#include <stddef.h>
#include <stdint.h>

struct cpu;
struct insn;
typedef void (*exec_fn)(struct cpu *c, const struct insn *in);

enum mnemonic {
#define MN(name, text) MN_##name,
#include "decoder/mnemonics.def"
#undef MN
    MN_COUNT
};

enum opnd_kind {
#define OPND(name, bytes) OPND_##name,
#include "decoder/operands.def"
#undef OPND
    OPND_COUNT
};

enum exec_id {
#define EXEC(name) EXEC_##name,
#include "decoder/exec.def"
#undef EXEC
    EXEC_COUNT
};

/* Handler variants: a row's handler id may map to up to six functions, so
 * hot handlers can be specialised by operand width and register/memory. */
enum exec_variant {
    EXEC_R8, EXEC_R16, EXEC_R32,        /* register (or no) E operand */
    EXEC_M8, EXEC_M16, EXEC_M32,        /* memory E operand */
    EXEC_VARIANTS
};

/* Row attributes (see the legend in opcodes_1byte.def). */
enum {
    ATTR_MODRM      = 1u << 0,
    ATTR_LOCK       = 1u << 1,
    ATTR_BRANCH     = 1u << 2,
    ATTR_ENDS_TRACE = 1u << 3,
    ATTR_STRING     = 1u << 4,
    ATTR_MEM_ONLY   = 1u << 5,
    ATTR_PM_ONLY    = 1u << 6,
    ATTR_X87        = 1u << 7,
    ATTR_REG_ONLY   = 1u << 8,      /* #UD for mod != 3 (MMX shift-by-immediate groups) */
};

/* CPU models as a bit set, so a row can name exactly the models it exists on. */
enum {
    CPU_386 = 1u << 0,
    CPU_486 = 1u << 1,
    CPU_586 = 1u << 2,
    CPU_686 = 1u << 3,          /* Pentium Pro: the P6 family's additions */
    CPU_P2 = 1u << 4,           /* Pentium II: MMX, FXSAVE/FXRSTOR, SYSENTER/SYSEXIT */
    CPUS_ALL = CPU_386 | CPU_486 | CPU_586 | CPU_686 | CPU_P2,
    CPUS_486UP = CPU_486 | CPU_586 | CPU_686 | CPU_P2,
    CPUS_586 = CPU_586 | CPU_686 | CPU_P2,          /* Pentium and later */
    CPUS_686 = CPU_686 | CPU_P2,                    /* Pentium Pro and later */
    CPUS_P2 = CPU_P2,                               /* Pentium II and later */
    CPUS_386_486 = CPU_386 | CPU_486,
};

/* One opcode-table row. */
struct op_entry {
    uint16_t mn;                /* enum mnemonic */
    uint8_t opnd[3];            /* enum opnd_kind, in Intel (destination first) order */
    uint16_t attr;              /* ATTR_* */
    uint8_t cpus;               /* CPU_* models that have it */
    uint8_t exec;               /* enum exec_id */
};

/* Segment register numbers, in the SDM's encoding order. */
enum seg_reg { SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS, SEG_COUNT };

/* General register numbers; REG_NONE names the always-zero slot that
 * struct cpu keeps after EDI, so EA arithmetic needs no branches. */
enum { REG_EAX, REG_ECX, REG_EDX, REG_EBX, REG_ESP, REG_EBP, REG_ESI, REG_EDI, REG_NONE };

/* insn.pfx: prefixes and derived sizes. */
enum {
    PFX_O32    = 1u << 0,       /* operand size is 32 bits (after any 66) */
    PFX_A32    = 1u << 1,       /* address size is 32 bits (after any 67) */
    PFX_LOCK   = 1u << 2,
    PFX_REP    = 1u << 3,       /* F3 (REP/REPE), the last of F2/F3 */
    PFX_REPNE  = 1u << 4,       /* F2, the last of F2/F3 */
    PFX_SEG    = 1u << 5,       /* a segment override is present (insn.seg holds it) */
    PFX_66     = 1u << 6,       /* a 66 byte was present */
    PFX_67     = 1u << 7,       /* a 67 byte was present */
};

/* insn.flags */
enum {
    INSN_MEM    = 1u << 0,      /* the E operand is in memory */
    INSN_UD     = 1u << 1,      /* decodes, but raises #UD (bad LOCK, mod 3 for M, model) */
    INSN_0F     = 1u << 2,      /* two-byte opcode */
};

/* A decoded instruction.  Operand access needs no table lookups:
 * Z (opcode register), fixed accumulator (AL, eAX) and moffs forms are
 * normalised into the E fields, so one handler serves every encoding of an
 * operation.  The E operand is register rm when !(flags & INSN_MEM), else
 * the memory at  seg : (gpr[base] + (gpr[index] << scale) + disp)  masked
 * to 16 bits without PFX_A32. */
struct insn {
    exec_fn fn;                 /* handler; NULL when decoded without a handler table */
    const struct op_entry *op;  /* the table row: operand kinds for the disassembler */
    int32_t disp;               /* memory displacement, sign-extended */
    uint32_t imm;               /* first immediate (Ibs/Jb sign-extended; Ap offset) */
    uint16_t imm2;              /* second immediate: ENTER level, Ap selector */
    uint16_t mn;                /* enum mnemonic (copy of op->mn) */
    uint8_t len;                /* total length in bytes, prefixes included (1..15) */
    uint8_t pfx;                /* PFX_* */
    uint8_t flags;              /* INSN_* */
    uint8_t seg;                /* segment of the memory operand (string source) */
    uint8_t modrm;              /* the ModRM byte (0 if none) */
    uint8_t reg;                /* ModRM reg field (G, S, C, D operands; group index) */
    uint8_t rm;                 /* register number of a register E operand */
    uint8_t base, index, scale; /* memory operand: REG_* numbers and shift count */
    uint8_t osz;                /* width of the main operand in bytes: 1, 2 or 4 */
    uint8_t opcode;             /* the (last) opcode byte */
    uint8_t npfx;               /* number of prefix bytes */
};

enum decode_status {
    DECODE_OK,
    DECODE_SHORT,               /* needs more than `avail` bytes */
    DECODE_TOO_LONG,            /* longer than 15 bytes: #GP(0) */
    DECODE_UNDEFINED,           /* no such opcode: *out describes a #UD (fn = ud handler) */
};

struct decode_ctx {
    uint8_t code32;             /* CS.D: default operand and address size 32 bits */
    uint8_t cpu;                /* one CPU_* bit: the model whose rows exist */
    const exec_fn *const *handlers;     /* [exec id][variant]; NULL: leave insn.fn NULL */
};

#define INSN_MAX_LEN 15

enum decode_status decode(const uint8_t *code, size_t avail, const struct decode_ctx *ctx,
                          struct insn *out);

/* Table access for the disassembler and tests. */
const char *mnemonic_name(unsigned mn);
int opnd_size(unsigned kind);   /* the OPND() size column: bytes, 0, or -1 */
extern const struct op_entry op_bad;     /* the row of an undefined opcode */

#endif
