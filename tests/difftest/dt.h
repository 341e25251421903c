/* tests/difftest/dt.h: the differential test of the CPU core against the
 * host CPU (docs/difftest.md).  Random instruction sequences run in Vireo
 * and in a KVM guest from the same registers and memory; the final states
 * are compared with the flags the SDM leaves undefined masked out.
 * Modules: env.c (guest memory layouts and initial state), gen.c (the
 * sequence generator, driven by the decoder's opcode tables), flagmask.c
 * (undefined/read/written flags per mnemonic), side_vireo.c, side_kvm.c,
 * difftest.c (driver, comparison, reports).  The x87 test (--x87) is
 * dx87.h's. */
#ifndef VIREO_TESTS_DIFFTEST_DT_H
#define VIREO_TESTS_DIFFTEST_DT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decoder/decode.h"

/* ---- Guest environments (env.c) ---- */

#define DT_RAM (2u << 20)               /* guest RAM on both sides */

enum dt_mode {
    DT_REAL,                    /* 16-bit real mode */
    DT_PROT,                    /* 32-bit flat protected mode, CPL 0 */
    DT_PROT16,                  /* the same with a 16-bit code segment */
    DT_PAGED,                   /* 32-bit, with paging (identity map, holes) */
    DT_MODE_COUNT
};

/* A segment register: selector and descriptor cache, attr as struct
 * seg_cache has it (access byte | flags nibble << 8). */
struct dt_seg {
    uint16_t sel;
    uint16_t attr;
    uint32_t base, limit;
};

/* Register state: what both sides load before a sequence and report after. */
struct dt_state {
    uint32_t gpr[8];            /* EAX ECX EDX EBX ESP EBP ESI EDI */
    uint32_t eip, eflags;
    struct dt_seg seg[SEG_COUNT];
    struct dt_seg tr, ldtr;
    uint32_t cr0, cr2, cr3, cr4;
    uint32_t gdt_base, idt_base;
    uint16_t gdt_limit, idt_limit;
};

/* Where things are in a mode's memory (physical = linear throughout). */
struct dt_layout {
    enum dt_mode mode;
    bool code32;                /* CS.D */
    uint32_t code_lin;          /* the sequence's first byte */
    uint32_t code_eip;          /* its offset in CS */
    uint32_t code_max;          /* bytes available for a sequence */
    uint16_t code_sel;          /* CS while the sequence runs */
    uint16_t stub_cs;           /* exception/interrupt n halts at stub_cs:stub_eip + n */
    uint32_t stub_eip;
    uint32_t pt_lo, pt_hi;      /* page-table pages [lo, hi) (A bits masked), or 0, 0 */
};

const struct dt_layout *env_layout(enum dt_mode m);
const char *env_mode_name(enum dt_mode m);
/* Write the mode's system structures (IVT or GDT/IDT/TSS, stubs, page
 * tables) into ram and the fixed part of the initial state into st. */
void env_build(enum dt_mode m, uint8_t *ram, struct dt_state *st);

/* Selectors and segments the generator may load (protected modes). */
struct dt_selector {
    uint16_t sel;
    uint16_t attr;              /* as struct dt_seg, accessed bit as in the GDT at start */
    uint32_t base, limit;       /* byte limit */
    bool writable, expand_down, big;
    bool stack_ok;              /* may be loaded into SS */
};
extern const struct dt_selector env_selectors[];
extern const unsigned env_selector_count;
/* The flat selectors of protected mode. */
enum { ENV_SEL_CODE = 0x08, ENV_SEL_DATA = 0x10, ENV_SEL_CODE16 = 0x38, ENV_SEL_TSS = 0x40 };

/* Address windows the generator aims memory operands at (linear). */
struct dt_window {
    uint32_t lo, hi;            /* [lo, hi) */
};
/* The data windows of a mode: 0 = reachable with 16-bit offsets from a
 * flat segment (protected modes) or the whole real-mode data area. */
extern const struct dt_window env_windows[DT_MODE_COUNT][2];
/* The protected modes' stack window for ESP. */
#define ENV_STACK_LO 0x180000u
#define ENV_STACK_HI 0x1f0000u
/* Real-mode segment values the generator and the initial state use. */
#define ENV_RM_SEG_LO 0x1000u
#define ENV_RM_SEG_HI 0x7fffu

/* ---- Running a sequence ---- */

enum dt_end {
    DT_END_HALT,                /* reached a HLT (the trailing one or a stub) */
    DT_END_SHUTDOWN,            /* triple fault */
    DT_END_STUCK,               /* no HLT within the budget (or endless accesses outside RAM) */
    DT_END_FAILED,              /* the side could not run it (KVM entry/emulation failure) */
};

struct dt_outcome {
    enum dt_end end;
    struct dt_state st;
    char note[160];
};

/* Vireo (side_vireo.c): model is a CPU_* bit (CPU_586 for the integer
 * sequences, CPU_P2 for the x87 ones, which include the P6 rows). */
struct vside;
struct fpu_state;
struct vside *vside_create(unsigned model);
void vside_destroy(struct vside *v);
uint8_t *vside_ram(struct vside *v);       /* read-only view for comparisons */
const struct fpu_state *vside_fpu(const struct vside *v);  /* the x87 state after a run */
/* Store into guest RAM as a device would (decoded code is invalidated). */
void vside_write(struct vside *v, uint32_t phys, const void *src, size_t n);
void vside_run(struct vside *v, const struct dt_state *in, struct dt_outcome *out);

/* KVM (side_kvm.c).  kside_open() returns NULL and explains why in msg
 * when there is no usable KVM (not Linux/x86, no /dev/kvm, no access). */
struct kside;
struct kside *kside_open(char *msg, size_t msg_size);
void kside_close(struct kside *k);
uint8_t *kside_ram(struct kside *k);       /* the guest's RAM, writable */
void kside_run(struct kside *k, const struct dt_state *in, struct dt_outcome *out);
/* What executes the guest: NULL for hardware virtualization, or a note
 * when the host's KVM runs these modes in its instruction emulator. */
const char *kside_reference_note(const struct kside *k);
/* The guest's x87 state after a run in the FXSAVE layout (the first 160
 * bytes: FCW FSW abridged FTW FOP FIP FDP, ST(0)-ST(7) in 16-byte slots);
 * false if KVM cannot report it. */
bool kside_fpu(struct kside *k, uint8_t fx[160]);
/* Load the guest's x87 state from that layout (KVM_SET_FPU). */
bool kside_set_fpu(struct kside *k, const uint8_t fx[160]);

/* ---- Flags (flagmask.c) ---- */

/* How an instruction treats the six arithmetic flags (EFLAGS bit masks). */
struct flag_use {
    uint32_t reads;             /* flags whose value it uses */
    uint32_t sets;              /* flags it defines (writes with a defined value) */
    uint32_t undef;             /* flags it leaves undefined */
};
/* For a decoded instruction; shift and rotate counts must be known, so the
 * caller passes the count it arranged in CL (or -1 if unknown). */
void flag_use_of(const struct insn *in, int cl, struct flag_use *u);
/* Flags that KVM's instruction emulator gets wrong for mnemonic mn (used
 * as undefined when it is the reference). */
uint32_t flag_emulator_undef(unsigned mn);

/* ---- Sequences (gen.c) ---- */

#define SEQ_MAX_BYTES 4096
#define SEQ_MAX_ITEMS 512

/* One instruction of a sequence, as generated. */
struct seq_item {
    uint16_t off;               /* offset of its first byte in the sequence */
    uint8_t len;
    bool is_test;               /* a tested instruction (not a helper the generator added) */
    uint16_t mn;                /* enum mnemonic */
    uint32_t taint_in;          /* undefined flags on entry (all paths) */
    uint32_t taint_branch;      /* of that, what branches landing here brought */
    uint32_t undef;             /* flags it leaves undefined */
};

struct seq {
    uint8_t bytes[SEQ_MAX_BYTES];
    unsigned len;               /* bytes, the trailing HLT included */
    struct seq_item item[SEQ_MAX_ITEMS];
    unsigned nitem;             /* the trailing HLT is the last item */
    unsigned ntest;             /* tested instructions */
    uint32_t taint_end;         /* undefined flags at the trailing HLT */
    unsigned cut;               /* items from here on were replaced by HLTs (== nitem: none) */
    struct dt_state init;       /* registers to start from */
};

struct gen;
struct gen_opts {
    enum dt_mode mode;
    unsigned length;            /* tested instructions per sequence */
    bool with_x87;              /* reserved: x87 rows in these sequences (none: the x87 has
                                   its own test, --x87, dx87.h) */
    bool emulated_ref;          /* the reference is KVM's emulator: see flag_emulator_undef() */
};
struct gen *gen_create(const struct gen_opts *o, uint64_t seed);
void gen_destroy(struct gen *g);
/* Generate the next sequence (and its initial registers) for the mode. */
void gen_next(struct gen *g, const struct dt_state *base, struct seq *s);
/* Restart the generator's random numbers (sequences and data are
 * reproducible from the seed they start with). */
void gen_reseed(struct gen *g, uint64_t seed);
/* Fill the mode's data windows of ram with fresh random bytes. */
void gen_fill_data(struct gen *g, uint8_t *ram);
/* Forms in the generator's table, and how many of them were excluded. */
unsigned gen_form_count(const struct gen *g);
/* The reason a mnemonic is never generated, or NULL. */
const char *gen_exclusion(unsigned mn);

#endif
