/* cpu/cpu.h: the virtual CPU, an Intel 386 to Pentium II integer core.
 * Real, protected and virtual-8086 mode, as Intel SDM Vol. 3 describes them.
 * The architectural state sits apart from emulator bookkeeping; every
 * function takes a struct cpu and nothing is global.  The run loop, decoded
 * code cache and fault mechanism are described in docs/internals.md. */
#ifndef VIREO_CPU_CPU_H
#define VIREO_CPU_CPU_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

#include "cpu/fpu_state.h"
#include "decoder/decode.h"
#include "mmu/tlb.h"

/* For the hot paths: helpers the handlers must not call out of line. */
#if defined(__GNUC__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#define NOINLINE __attribute__((noinline))
#else
#define ALWAYS_INLINE inline
#define NOINLINE
#endif

struct phys_mem;
struct io_bus;
struct icache;
struct fpu_ferr;

/* EFLAGS bits (SDM Vol. 1, 3.4.3). */
enum {
    EFLAGS_CF = 1u << 0,  EFLAGS_FIXED1 = 1u << 1, EFLAGS_PF = 1u << 2,
    EFLAGS_AF = 1u << 4,  EFLAGS_ZF = 1u << 6,  EFLAGS_SF = 1u << 7,
    EFLAGS_TF = 1u << 8,  EFLAGS_IF = 1u << 9,  EFLAGS_DF = 1u << 10,
    EFLAGS_OF = 1u << 11, EFLAGS_IOPL = 3u << 12, EFLAGS_NT = 1u << 14,
    EFLAGS_RF = 1u << 16, EFLAGS_VM = 1u << 17, EFLAGS_AC = 1u << 18,
    EFLAGS_VIF = 1u << 19, EFLAGS_VIP = 1u << 20, EFLAGS_ID = 1u << 21,
    EFLAGS_ARITH = EFLAGS_CF | EFLAGS_PF | EFLAGS_AF | EFLAGS_ZF | EFLAGS_SF | EFLAGS_OF,
};
#define EFLAGS_IOPL_SHIFT 12

/* Control register bits (SDM Vol. 3, 2.5).  Macros, not an enum: bit 31
 * does not fit an int enumerator. */
#define CR0_PE (1u << 0)
#define CR0_MP (1u << 1)
#define CR0_EM (1u << 2)
#define CR0_TS (1u << 3)
#define CR0_ET (1u << 4)
#define CR0_NE (1u << 5)
#define CR0_WP (1u << 16)
#define CR0_AM (1u << 18)
#define CR0_NW (1u << 29)
#define CR0_CD (1u << 30)
#define CR0_PG (1u << 31)
#define CR4_VME (1u << 0)
#define CR4_PVI (1u << 1)
#define CR4_TSD (1u << 2)
#define CR4_DE (1u << 3)
#define CR4_PSE (1u << 4)
#define CR4_MCE (1u << 6)
#define CR4_PGE (1u << 7)
#define CR4_PCE (1u << 8)
#define CR4_OSFXSR (1u << 9)

/* Exception vectors (SDM Vol. 3, Table 6-1). */
enum {
    EXC_DE = 0, EXC_DB = 1, EXC_NMI = 2, EXC_BP = 3, EXC_OF = 4, EXC_BR = 5,
    EXC_UD = 6, EXC_NM = 7, EXC_DF = 8, EXC_TS = 10, EXC_NP = 11, EXC_SS = 12,
    EXC_GP = 13, EXC_PF = 14, EXC_MF = 16, EXC_AC = 17, EXC_MC = 18,
};

/* Descriptor-cache attribute bits: bytes 5 and 6 of a descriptor, so
 * attr = access byte | (flags nibble << 8) (SDM Vol. 3, 3.4.5). */
enum {
    SEG_ATTR_TYPE = 0x0f, SEG_ATTR_S = 0x10, SEG_ATTR_DPL = 0x60, SEG_ATTR_P = 0x80,
    SEG_ATTR_AVL = 0x1000, SEG_ATTR_DB = 0x4000, SEG_ATTR_G = 0x8000,
};

/* Fast-path rights of a loaded segment (struct seg_cache.rights). */
enum { SEG_R = 1u << 0, SEG_W = 1u << 1, SEG_X = 1u << 2 };

struct seg_cache {
    uint32_t base;
    uint32_t limit;             /* byte-granular limit as loaded (G applied) */
    uint32_t valid_lo;          /* offsets valid_lo..valid_hi are inside the segment: */
    uint32_t valid_hi;          /*   derived from limit, expand-down and D/B by seg_cache_refresh() */
    uint16_t sel;
    uint16_t attr;              /* SEG_ATTR_* as above */
    uint8_t rights;             /* SEG_R | SEG_W | SEG_X; 0 for an unusable (null) segment */
};

struct dtr {                    /* GDTR and IDTR */
    uint32_t base;
    uint16_t limit;
};

/* Lazy arithmetic flags: the last flag-setting operation and its operands;
 * cpu/flags.h computes any flag from them on demand.  EFLAGS' CF PF AF ZF SF
 * OF bits in cpu.eflags are valid only while op == FLAG_OP_NONE. */
enum flag_op {
    FLAG_OP_NONE,               /* eflags holds all six arithmetic flags */
    FLAG_OP_ADD,                /* ADD, ADC: res = a + b (+ carry) */
    FLAG_OP_SUB,                /* SUB, SBB, CMP, NEG: res = a - b (- borrow) */
    FLAG_OP_INC,                /* like ADD with b = 1, CF kept in eflags */
    FLAG_OP_DEC,                /* like SUB with b = 1, CF kept in eflags */
    FLAG_OP_LOGIC,              /* AND OR XOR TEST: CF = OF = AF = 0 */
    FLAG_OP_SZP,                /* SF ZF PF from res; CF OF AF are the EFLAGS bits in b */
};

struct lazy_flags {
    uint32_t res, a, b;         /* zero-extended from `size` bytes */
    uint8_t op;                 /* enum flag_op */
    uint8_t size;               /* 1, 2 or 4 */
};

enum cpu_mode { MODE_REAL, MODE_PROT, MODE_V86 };

/* cpu.pending: reasons to leave the fast trace loop at the next boundary. */
enum {
    PENDING_INTR   = 1u << 0,   /* INTR is asserted and IF is set: take it at the boundary */
    PENDING_NMI    = 1u << 1,
    PENDING_STEP   = 1u << 2,   /* execute one instruction at a time (TF, debugger) */
    PENDING_STOP   = 1u << 3,   /* return from cpu_run() (debugger, frontend, shutdown) */
    PENDING_RESET  = 1u << 4,   /* a reset was requested (triple fault, port 92h, 8042) */
    PENDING_SMC    = 1u << 5,   /* decoded code was invalidated: rebuild */
    PENDING_RF     = 1u << 6,   /* EFLAGS.RF was set: clear it after the next instruction */
};

enum cpu_exit {
    CPU_EXIT_BUDGET,            /* ran the requested number of instructions */
    CPU_EXIT_HALT,              /* HLT with nothing to wake it before the budget */
    CPU_EXIT_STOP,              /* PENDING_STOP was raised */
    CPU_EXIT_RESET,             /* the machine must reset (triple fault, reset line) */
};

/* Model-specific registers of the Pentium and Pentium II that we model. */
struct msrs {
    uint64_t tsc_offset;        /* TSC = icount + tsc_offset (WRMSR 10h sets it) */
    uint64_t mc_addr, mc_type;
    uint32_t tr12;              /* Pentium feature control (cache test), kept as written */
    uint64_t perf_ctr[2];
    uint32_t perf_sel;
    uint32_t sysenter_cs;       /* MSR 174h (Pentium II): bits 31:16 kept, unused */
    uint32_t sysenter_esp;      /* MSR 175h */
    uint32_t sysenter_eip;      /* MSR 176h */
    uint64_t bios_sign_id;      /* MSR 8Bh (P6): CPUID leaf 1 loads the update signature (0) */
};

/* What cpu.dbg_event reports to the built-in debugger. */
enum cpu_dbg_kind { CPU_DBG_INTERRUPT, CPU_DBG_TASK_SWITCH };
struct cpu_dbg_event {
    uint8_t kind;               /* enum cpu_dbg_kind */
    uint8_t vector;             /* CPU_DBG_INTERRUPT: the vector being delivered, */
    uint8_t source;             /*   its enum int_source (cpu/interrupt.h) */
    bool has_error;             /*   and error code */
    uint32_t error_code;
    uint16_t old_tr, new_tr;    /* CPU_DBG_TASK_SWITCH: the TSS selectors */
};

struct cpu_config {
    uint8_t model;              /* CPU_386, CPU_486, CPU_586, CPU_686 or CPU_P2 */
    bool has_fpu;               /* a coprocessor is fitted (always on 486DX/Pentium) */
};

struct cpu {
    /* ---- Architectural state: everything a save state must hold. ---- */
    uint32_t gpr[9];            /* EAX ECX EDX EBX ESP EBP ESI EDI (SDM order); gpr[8]
                                   (REG_NONE) is always 0, for branch-free EA sums */
    uint32_t eip;
    uint32_t eflags;            /* arithmetic bits valid only when lazy.op == FLAG_OP_NONE */
    struct lazy_flags lazy;
    struct seg_cache seg[SEG_COUNT];
    struct seg_cache ldtr, tr;
    struct dtr gdtr, idtr;
    uint32_t cr0, cr2, cr3, cr4;
    uint32_t dr[8];             /* DR0-DR3 addresses, DR6 status, DR7 control (4, 5 alias) */
    uint32_t tr_test[8];        /* 386/486 test registers TR3-TR7 (kept as written) */
    struct msrs msr;
    struct fpu_state fpu;
    uint8_t cpl;                /* invariant: 0 in real mode, 3 in V86 mode */
    uint8_t mode;               /* enum cpu_mode: derived from CR0.PE and EFLAGS.VM */
    bool halted;                /* HLT: waiting for an interrupt */
    bool intr_shadow;           /* the instruction after STI/MOV SS/POP SS: no IRQs */
    bool nmi_blocked;           /* between NMI delivery and the next IRET */
    bool intr_line;             /* the INTR input (from the PIC) */

    /* ---- Emulator bookkeeping: never guest-visible. ---- */
    struct cpu_config cfg;
    uint32_t eflags_mask;       /* the model's EFLAGS bits POPF/IRET can change (model.h) */
    uint64_t icount;            /* retired instructions: the machine's clock */
    uint64_t icount_limit;      /* cpu_run() returns once icount reaches this */
    uint64_t icount_fault;      /* icount at the last fault delivered (cpu/run.c) */
    uint32_t insn_start_eip;    /* faults restart from here */
    uint32_t pending;           /* PENDING_* bits; nonzero leaves the fast loop */
    uint32_t trace_left;        /* instructions the running trace may still run, the
                                   current one included: cpu_end_trace() sets 1 */
    bool event_delivered;       /* the last instruction delivered an interrupt (no TF trap) */
    bool shutdown;              /* a triple fault happened (the machine resets or stops) */
    bool debug_step;            /* the debugger wants one instruction at a time */
    bool dbg_shadow;            /* after MOV SS/POP SS: no single-step trap yet */
    bool task_trap;             /* a task switch hit a TSS with T set: #DB before its first insn */
    bool dr_insn_bp;            /* DR7 enables an instruction breakpoint: check every insn */
    bool dr_data_bp;            /* DR7 enables data or I/O breakpoints: slow memory path */
    uint8_t dr_hits;            /* B0-B3 of data/I/O breakpoints hit by this instruction */
    bool rep_paused;            /* a REP string instruction at EIP stopped between iterations */
    uint32_t a20_mask;          /* ANDed into every physical address the CPU makes */
    int fault_depth;            /* exceptions being delivered: 1 = fault, 2 = double fault */
    int16_t last_exception;     /* the last exception vector delivered, -1 if none (tools) */
    int16_t first_exception;    /* the first since a tool reset it to -1 (conformance) */
    int8_t fault_vector;        /* the exception being delivered, -1 if none */
    struct {
        uint8_t vector;
        bool has_error;
        uint32_t error_code;
    } fault;                    /* set by cpu_raise(), consumed by the run loop */
    struct seg_memo {           /* recent successful protected-mode loads (segment.c) */
        uint32_t lo, hi;        /* the descriptor as it is in memory (accessed bit set) */
        uint16_t sel;
        uint8_t cpl, is_ss;     /* the CPL it was checked against; SS or a data register */
        struct seg_cache sc;    /* what the load gave */
    } seg_memo[4];
    struct fetch_ctx_entry {    /* code-fetch contexts for trace links: tlb.fetch_ctx */
        uint32_t gen, base, lo, hi, bits, id;
    } fetch_ctxs[4];            /* recent contexts and their ids (cpu/run.c) */
    uint32_t fetch_ctx_next;    /* the last id handed out */
    uint8_t tlb_rd, tlb_wr;     /* TLB rights the fast path needs now: TLB_SR/TLB_SW at
                                   CPL 0-2, TLB_UR/TLB_UW at CPL 3, 0 to force the slow
                                   path (alignment checks, data breakpoints, watchpoints) */
    bool slow_mem;              /* the reason tlb_rd/tlb_wr are forced to 0 */
    bool debug_watch;           /* the debugger watches memory (forces slow_mem) */
    struct tlb tlb;
    struct phys_mem *mem;       /* not owned */
    struct io_bus *io;          /* not owned */
    struct icache *icache;      /* owned: decoded-code cache */
    struct decode_ctx dctx16, dctx32;   /* decode contexts for CS.D = 0 and 1 */

    /* Hooks the machine installs: interrupt acknowledge (returns the vector
     * from the PIC), the BIOS service trap, and a shutdown notifier. */
    uint8_t (*intr_ack)(void *opaque);
    void *intr_opaque;
    bool (*bios_trap)(void *opaque, struct cpu *c, uint8_t service);
    void *bios_opaque;
    uint32_t bios_trap_lo, bios_trap_hi;   /* physical range whose 0F FF xx traps */
    struct fpu_ferr *ferr;      /* not owned: FERR# -> IRQ13 and the F0h IGNNE# latch
                                   (fpu/ferr.h); NULL: x87 errors with NE = 0 are ignored */

    /* The built-in debugger's hooks (debugger/); all NULL without it.
     *  dbg_insn:  before each instruction while debug_step is set (the step
     *             path only); true ends cpu_run() with CPU_EXIT_STOP before
     *             the instruction runs;
     *  dbg_mem:   after each data access the memory slow path completes while
     *             debug_watch is set, once per physically contiguous piece,
     *             with the value read or written;
     *  dbg_event: as an interrupt or exception starts being delivered, and
     *             after a task switch.
     * A hook that wants the run to stop after the current instruction sets
     * PENDING_STOP and calls cpu_end_trace(). */
    bool (*dbg_insn)(void *opaque, struct cpu *c);
    void (*dbg_mem)(void *opaque, struct cpu *c, uint32_t lin, uint32_t phys, unsigned size,
                    uint32_t value, bool is_write);
    void (*dbg_event)(void *opaque, struct cpu *c, const struct cpu_dbg_event *ev);
    void *dbg_opaque;

    jmp_buf fault_exit;         /* touched only by cpu/run.c and cpu/fault.c */
};

/* Create a CPU over the given memory and port bus; NULL if out of memory. */
struct cpu *cpu_create(const struct cpu_config *cfg, struct phys_mem *mem, struct io_bus *io);
void cpu_destroy(struct cpu *c);

/* Power-on or RESET# state (SDM Vol. 3, 9.1.1): CS:EIP = F000:FFF0 with
 * base FFFF0000, real mode, caches cleared. */
void cpu_reset(struct cpu *c);

/* Run until icount reaches c->icount + budget exactly, a halt with nothing
 * pending, or a stop request. */
enum cpu_exit cpu_run(struct cpu *c, uint64_t budget);

/* The INTR line, as the PIC drives it. */
void cpu_set_intr(struct cpu *c, bool level);
void cpu_raise_nmi(struct cpu *c);

/* A20: the machine calls this when the gate changes. */
void cpu_set_a20(struct cpu *c, bool enabled);

/* Raise a guest exception from inside an instruction: never returns. */
_Noreturn void cpu_raise(struct cpu *c, uint8_t vector);
_Noreturn void cpu_raise_err(struct cpu *c, uint8_t vector, uint32_t error_code);

/* Full EFLAGS with the lazy arithmetic flags folded in. */
uint32_t cpu_get_eflags(struct cpu *c);
/* Write EFLAGS bits under `mask` (the caller applies privilege rules). */
void cpu_set_eflags(struct cpu *c, uint32_t value, uint32_t mask);

/* Recompute mode, CPL-derived TLB rights and the decode context after
 * CR0, EFLAGS.VM or CS changes. */
void cpu_update_mode(struct cpu *c);

/* Load a segment register in real or V86 mode: base = sel << 4. */
void cpu_load_seg_real(struct cpu *c, unsigned seg, uint16_t sel);

/* Recompute seg_cache.valid_lo/valid_hi/rights from base, limit, attr. */
void seg_cache_refresh(struct seg_cache *s, bool is_real_data);

/* seg_cache_refresh() inline.  Rights outside real mode: none unless
 * present and a code/data segment; data is readable and writable if type
 * bit 1, code executable and readable if type bit 1 (SEG_ATTR_* bits). */
static inline void seg_cache_refresh_inline(struct seg_cache *s, bool is_real)
{
    uint32_t attr = s->attr;
    if ((attr & 0xc) == 0x4) {              /* data, expand-down: offsets above the limit */
        uint64_t lo = (uint64_t)s->limit + 1;
        uint32_t hi = (attr & SEG_ATTR_DB) ? 0xffffffffu : 0xffffu;
        if (lo > hi) {                      /* an empty expand-down segment */
            s->valid_lo = 1;
            s->valid_hi = 0;
        } else {
            s->valid_lo = (uint32_t)lo;
            s->valid_hi = hi;
        }
    } else {
        s->valid_lo = 0;
        s->valid_hi = s->limit;
    }
    if (is_real) {
        s->rights = SEG_R | SEG_W | SEG_X;  /* real mode checks limits, not types */
    } else if ((attr & (SEG_ATTR_P | SEG_ATTR_S)) != (SEG_ATTR_P | SEG_ATTR_S)) {
        s->rights = 0;
    } else {
        static const uint8_t rights[4] = { SEG_R, SEG_R | SEG_W, SEG_X, SEG_X | SEG_R };
        s->rights = rights[((attr >> 2) & 2) | ((attr >> 1) & 1)];   /* code bit, bit 1 */
    }
}

/* Write CR0 with the checks of MOV CR0 (#GP for PG without PE, NW without CD). */
void cpu_write_cr0(struct cpu *c, uint32_t v);

/* Invalidate every decoded instruction (after a cache flush, A20 change). */
void cpu_flush_decoded(struct cpu *c);

/* Stop the running trace after the current instruction: what the decoded
 * code or the run loop depends on changed, or an event is due. */
static inline void cpu_end_trace(struct cpu *c)
{
    c->trace_left = 1;
}

static inline bool cpu_is_real(const struct cpu *c) { return c->mode == MODE_REAL; }
static inline bool cpu_is_v86(const struct cpu *c) { return c->mode == MODE_V86; }
static inline bool cpu_is_prot(const struct cpu *c) { return c->mode != MODE_REAL; }
static inline uint32_t cpu_iopl(const struct cpu *c) { return (c->eflags >> EFLAGS_IOPL_SHIFT) & 3; }

#endif
