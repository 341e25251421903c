/* tests/difftest/dx87.h: the differential test of the x87 FPU (difftest
 * --x87; docs/difftest.md, "The x87").  Random x87 instructions and short
 * sequences of them, drawn from the decoder's ATTR_X87 rows, run from the
 * same FPU state, registers and memory in Vireo and on a reference: the
 * host CPU's own x87 (dx87_host.c, x86 hosts only) or a KVM guest where
 * KVM can run x87 code.  After each instruction the whole x87 state, the
 * integer results (AX, EFLAGS) and the memory operands are compared, with
 * what the SDM leaves undefined masked (dx87_cmp.c).
 * Modules: dx87_gen.c (forms, operands, values, states), dx87_host.c (the
 * host reference), dx87_cmp.c (masks and comparison), dx87_run.c (driver,
 * Vireo and KVM sides, statistics, reports). */
#ifndef VIREO_TESTS_DIFFTEST_DX87_H
#define VIREO_TESTS_DIFFTEST_DX87_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DX_SEQ_MAX 8            /* instructions per sequence */
#define DX_SLOT 128             /* bytes of the buffer each instruction of a sequence owns */
#define DX_BUF (DX_SEQ_MAX * DX_SLOT) /* the memory-operand buffer */
#define DX_IMG 108              /* FNSAVE/FRSTOR image, 32-bit protected-mode layout */
#define DX_FX 160               /* the x87 part of an FXSAVE image */
#define DX_CODE_MAX 160         /* bytes of tested code in one run */

/* Families of instructions the figures are reported by. */
enum dx_group {
    XG_ARITH,                   /* FADD FSUB FSUBR FMUL FDIV FDIVR, FI*, every form */
    XG_COMPARE,                 /* FCOM FUCOM FICOM FCOMI FUCOMI FTST FXAM */
    XG_LOADSTORE,               /* FLD FST FILD FIST FBLD FBSTP, constants, FXCH FCMOVcc */
    XG_MATH,                    /* FSQRT FSCALE FXTRACT FPREM FPREM1 FRNDINT FCHS FABS */
    XG_TRANS,                   /* FSIN FCOS FSINCOS FPTAN FPATAN F2XM1 FYL2X FYL2XP1 */
    XG_CONTROL,                 /* FLDCW FNSTCW FNSTSW FLDENV FNSTENV FRSTOR FNSAVE FNINIT
                                   FNCLEX FINCSTP FDECSTP FFREE FNOP, the no-ops, FWAIT */
    XG_COUNT
};

/* Memory operand layouts (what the generator fills and the comparison
 * knows about). */
enum dx_mkind {
    XM_NONE, XM_F32, XM_F64, XM_F80, XM_I16, XM_I32, XM_I64, XM_BCD,
    XM_CW,                      /* FLDCW, FNSTCW, FNSTSW m16 */
    XM_ENV,                     /* FLDENV/FNSTENV: 14 or 28 bytes by operand size */
    XM_STATE,                   /* FRSTOR/FNSAVE: 94 or 108 bytes */
};

/* One generated instruction. */
struct dx_insn {
    uint8_t bytes[16];
    uint8_t len;
    uint8_t off;                /* offset in the tested code */
    uint16_t mn;                /* enum mnemonic (MN_WAIT for a lone 9B) */
    uint8_t group;              /* enum dx_group */
    uint8_t mkind;              /* enum dx_mkind */
    bool is_o16;                /* 66 prefix: 16-bit environment layouts */
    bool is_store;              /* writes its memory operand */
    uint16_t mem_off;           /* operand offset in the buffer */
    uint16_t mem_size;
    uint8_t modrm;
};

/* Integer registers as the harness loads them: a register is a pointer
 * into the buffer (buffer address + val) or a plain value. */
struct dx_regs {
    uint32_t val[8];            /* EAX ECX EDX EBX ESP EBP ESI EDI; ESP unused */
    uint8_t is_ptr;             /* bit r: register r holds buffer + val[r] */
    uint32_t eflags;            /* arithmetic flags (the rest is fixed) */
};

/* A test case: the state to start from and the instructions to run. */
struct dx_case {
    uint8_t image[DX_IMG];     /* loaded with FRSTOR (32-bit protected layout) */
    struct dx_regs regs;
    uint8_t mem[DX_BUF];
    struct dx_insn ins[DX_SEQ_MAX];
    unsigned n;
};

/* The x87 state in one form for every source.  FIP is an offset from the
 * first tested instruction and FDP from the buffer, when they point there
 * (fip_rel/fdp_rel), else the raw value; the selectors are left out (they
 * name the environment: 0x33 on the host, Vireo's own CS). */
struct dx_state {
    uint16_t cw, sw, tw;        /* tw: full tag word by physical register */
    uint16_t fop;
    uint32_t fip, fdp;
    bool fip_rel, fdp_rel;
    uint32_t fip_raw, fdp_raw;  /* as stored */
    uint8_t st[8][10];          /* ST(0)..ST(7), as FNSAVE orders them */
};

/* What one run on one side ended with. */
enum dx_end {
    XE_DONE,                    /* ran to the end (the final FNSAVE) */
    XE_MF,                      /* #MF (SIGFPE on the host) at instruction `at` */
    XE_OTHER,                   /* any other fault or signal: a harness error or a bug */
    XE_FAILED,                  /* the side could not run it at all */
};

struct dx_outcome {
    enum dx_end end;
    int at;                     /* XE_MF/XE_OTHER: index of the faulting instruction, or -1 */
    int vector;                 /* XE_OTHER: exception vector or signal number */
    struct dx_state fpu;
    uint32_t eax, eflags;
    uint8_t mem[DX_BUF];
    uint64_t code, buf;         /* where the tested code and the buffer were on this side */
    char note[240];
};

/* ---- The generator (dx87_gen.c) ---- */
struct dx_gen;
struct dx_gen *dx_gen_create(uint64_t seed, bool with_p6);
void dx_gen_destroy(struct dx_gen *g);
void dx_gen_reseed(struct dx_gen *g, uint64_t seed);
/* A case with `n` instructions (1..DX_SEQ_MAX). */
void dx_gen_case(struct dx_gen *g, unsigned n, struct dx_case *c);
unsigned dx_gen_form_count(const struct dx_gen *g);
const char *dx_group_name(unsigned group);
unsigned dx_group_of(unsigned mn);      /* enum dx_group of a mnemonic */

/* ---- Canonical state (dx87_cmp.c) ---- */
/* From an FNSAVE image (32-bit protected layout) or an FXSAVE image (x87
 * part; fip/fdp 64 bits wide on a 64-bit host); code and buf are where the
 * tested code and the buffer sit on that side. */
void dx_state_from_fnsave(struct dx_state *s, const uint8_t img[DX_IMG], uint64_t code,
                           uint64_t buf);
void dx_state_from_fxsave(struct dx_state *s, const uint8_t fx[DX_FX], uint64_t code,
                           uint64_t buf);
/* The tag of a register holding these 10 bytes (SDM Vol. 1, 8.1.7). */
unsigned dx_tag_of(const uint8_t v[10]);

/* ---- What the SDM leaves undefined, and the comparison (dx87_cmp.c) ---- */

/* Undefined parts of the state before an instruction of a sequence, as
 * the instructions so far left them. */
struct dx_track {
    uint16_t taint;             /* status-word C0-C3 bits whose value is undefined */
    bool fdp_undef;             /* FDP: the last non-control instruction had no memory operand */
    bool fop_undef;             /* FOP: loaded from a 16-bit protected-mode image, which has none */
    uint16_t ax_mask;           /* AX bits that hold undefined C bits (from FNSTSW AX) */
};
/* The tracker after `in`, given the reference's states before and after it. */
void dx_track_step(struct dx_track *t, const struct dx_insn *in, const struct dx_state *before,
                   const struct dx_state *after);

enum dx_verdict {
    XV_EXACT,                   /* everything equal */
    XV_MASKED,                  /* differences only where the SDM leaves the last instruction's
                                   result undefined */
    XV_ULP,                     /* a transcendental's result within the SDM's accuracy */
    XV_HOSTDEV,                 /* the reference departs from the SDM in a way named in
                                   dx87_cmp.c (host_deviation) */
    XV_MISMATCH,
};

/* The masks of dx87_cmp.c, for counting which ones mattered. */
enum dx_mask {
    DXM_CC,                     /* C0-C3 an instruction's flags section calls undefined */
    DXM_FCMOV_C1,               /* FCMOVcc's C1 without a stack underflow */
    DXM_FPREM,                  /* FPREM/FPREM1: incomplete reduction or a NaN result */
    DXM_FBLD,                   /* FBLD of invalid digits */
    DXM_DOMAIN,                 /* F2XM1/FYL2XP1 outside their domains */
    DXM_FDP,                    /* FDP after a non-control instruction without memory operand */
    DXM_FOP,                    /* FOP after a 16-bit FLDENV/FRSTOR */
    DXM_COUNT
};

struct dx_cmp {
    enum dx_verdict verdict;
    unsigned masks;             /* bit per enum dx_mask that hid a difference of the last
                                   instruction's own */
    unsigned ulps;              /* XV_ULP: the largest distance */
    bool values_differ;         /* a register or memory value differs (masked or not) */
    const char *deviation;      /* XV_HOSTDEV: which one */
    uint16_t taint_add;         /* C bits the deviation leaves different from here on */
    char text[3072];
    size_t len;
};

/* Compare the two sides after the first n instructions of c.  tr[i] is
 * the tracker before instruction i (tr[n]: after the last), `before` the
 * reference's state before the last instruction that ran. */
void dx_compare(const struct dx_case *c, unsigned n, const struct dx_track *tr,
                 const struct dx_state *before, const struct dx_outcome *ref,
                 const struct dx_outcome *vir, struct dx_cmp *out);
const char *dx_mask_name(unsigned mask);
/* Format an 80-bit value ("+1.5p+3", "qnan", ...) for reports. */
void dx_format80(const uint8_t v[10], char *buf, size_t size);

/* ---- The host reference (dx87_host.c) ---- */
/* NULL and a reason in msg where the host has no usable x87 (not x86, or
 * no executable memory). */
struct dx_host;
struct dx_host *dx_host_open(char *msg, size_t size);
void dx_host_close(struct dx_host *h);
/* Run the first n instructions of the case. */
void dx_host_run(struct dx_host *h, const struct dx_case *c, unsigned n,
                  struct dx_outcome *out);
const char *dx_host_name(void);

/* ---- The driver (dx87_run.c), called by difftest.c for --x87 ---- */
struct dx_opts {
    uint64_t count;             /* tested instructions */
    uint64_t seed;
    unsigned length;            /* instructions per sequence: 1 = single instructions */
    unsigned show;              /* mismatch reports printed in full */
    long only;                  /* run just this case, or -1 */
    bool verbose;
    int ref;                    /* 0 auto, 1 host, 2 KVM */
};
int dx_main(const struct dx_opts *o);

#endif
