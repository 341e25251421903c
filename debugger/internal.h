/* debugger/internal.h: the debugger's state, shared by its source files
 * (not for use outside debugger/).  debugger.c holds the command table
 * and run control, breakpoints.c the numbered list of every kind of stop,
 * expr.c the expression language, memory.c side-effect-free guest memory
 * access, symbols.c the symbol table, state.c and tables.c the register
 * and descriptor-table displays, code.c disassembly and stacks, gdbstub.c
 * the GDB remote protocol, session.c the terminal and command files. */
#ifndef VIREO_DEBUGGER_INTERNAL_H
#define VIREO_DEBUGGER_INTERNAL_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cpu/cpu.h"
#include "debugger/debugger.h"
#include "debugger/symbols.h"
#include "devices/sched.h"
#include "machine/machine.h"
#include "debugger/symbols.h"
#include "mmu/paging.h"

struct gdbstub;

/* ---- Breakpoints (breakpoints.c) ---- */

/* Every kind of stop the user can set, one numbered list. */
enum bp_kind {
    BP_VIRT,                    /* vb SEG:OFF: CS selector and EIP */
    BP_LIN,                     /* lb: linear address of CS:EIP */
    BP_PHYS,                    /* pb: physical address of CS:EIP */
    BP_WATCH_PHYS,              /* watch: data access to [addr, addr+len) physical */
    BP_WATCH_LIN,               /* lwatch: the same, linear */
    BP_IO,                      /* iob: port access in [addr, last] */
    BP_INT,                     /* intb: delivery of a vector (filters below) */
    BP_MODE,                    /* modebp: the CPU mode or paging changed */
    BP_TASK,                    /* taskbp: a hardware task switch */
    BP_ICOUNT,                  /* icb: the instruction count reaches `count` */
};

enum { ACCESS_R = 1u << 0, ACCESS_W = 1u << 1 };   /* watch: reads/writes; iob: in/out */
enum { INTSRC_SOFT = 1u << 0, INTSRC_EXC = 1u << 1, INTSRC_HW = 1u << 2, INTSRC_ALL = 7 };
enum { BP_OWNER_USER, BP_OWNER_GDB };

struct bp {
    unsigned id;
    uint8_t kind;               /* enum bp_kind */
    uint8_t owner;              /* BP_OWNER_*: gdb's Z packets own theirs */
    bool enabled;
    uint8_t access;             /* ACCESS_* (watch, iob) */
    uint8_t sources;            /* INTSRC_* (intb) */
    uint16_t sel;               /* BP_VIRT: the CS selector */
    uint32_t addr;              /* offset, linear or physical address, first port, vector */
    uint32_t len;               /* watch: bytes; iob: the last port */
    int ah, al;                 /* intb: required AH/AL, -1 for any */
    uint64_t count;             /* BP_ICOUNT: the instruction count */
    char *cond;                 /* `if EXPR`, or NULL */
    uint64_t hits;              /* times it stopped the machine */
    uint64_t ignore;            /* hits still to let pass (`ignore ID N`) */
};

/* The mode key modebp compares: enum cpu_mode, plus 4 when paging is on. */
static inline unsigned mode_key(const struct cpu *c)
{
    return c->mode | ((c->cr0 & CR0_PG) ? 4u : 0u);
}

/* The linear addresses of CS:EIP and SS:(E)SP. */
static inline uint32_t cs_lin(const struct cpu *c)
{
    return c->seg[SEG_CS].base + c->eip;
}

static inline uint32_t sp_lin(const struct cpu *c)
{
    const struct seg_cache *ss = &c->seg[SEG_SS];
    return ss->base + ((ss->attr & SEG_ATTR_DB) ? c->gpr[REG_ESP] : c->gpr[REG_ESP] & 0xffffu);
}

/* ---- Why the machine stopped ---- */

enum stop_why {
    WHY_NONE,
    WHY_START,                  /* before the first instruction */
    WHY_STEP,                   /* s [N] finished */
    WHY_NEXT,                   /* n/p reached the next instruction */
    WHY_FINISH,                 /* finish: the frame returned */
    WHY_BREAK,                  /* an execution breakpoint (vb/lb/pb) */
    WHY_WATCH,                  /* a watchpoint */
    WHY_IO,                     /* an I/O breakpoint */
    WHY_INT,                    /* an interrupt breakpoint */
    WHY_MODE,                   /* modebp */
    WHY_TASK,                   /* taskbp */
    WHY_ICOUNT,                 /* icb */
    WHY_USER,                   /* Ctrl-C, the frontend's hotkey */
    WHY_GDB,                    /* gdb's interrupt (0x03) or attach */
    WHY_EXTERNAL,               /* machine_request_stop() from elsewhere */
    WHY_ENDED,                  /* the guest ended the run */
};

struct stop_info {
    enum stop_why why;
    unsigned bp_id;             /* the breakpoint, for the WHY_* that have one */
    uint8_t bp_owner;
    uint32_t addr;              /* watch: the address that matched (as set) */
    uint8_t access;             /* watch: ACCESS_R or ACCESS_W */
    char detail[240];           /* the rest of the report line */
};

/* ---- Run control ---- */

enum run_mode { RUN_CONT, RUN_STEP, RUN_NEXT, RUN_FINISH };

struct run_ctl {
    enum run_mode mode;
    uint64_t step_left;         /* RUN_STEP: instructions still to let run */
    uint32_t next_lin;          /* RUN_NEXT: stop here ... */
    uint32_t next_sp;           /*   with the linear SS:ESP at or above this */
    uint16_t finish_ss;         /* RUN_FINISH: a return on this stack ... */
    uint32_t finish_sp;         /*   at or above this linear SS:ESP ends the frame */
    bool finish_armed;          /* that return ran: stop before the next instruction */
    bool skip_valid;            /* do not stop again where we stopped: */
    uint64_t skip_icount;       /*   the instruction count and */
    uint32_t skip_lin;          /*   linear CS:EIP of the stop */
};

/* ---- Command input ---- */

#define DBG_LINE_MAX 1024
#define DBG_SOURCE_DEPTH 8

struct dbg_source {             /* a `source` or --debug-script file being read */
    FILE *f;
    char *path;
    unsigned lineno;
};

struct line_reader {            /* the terminal, read with read(2) for poll(2) */
    int fd;
    char buf[DBG_LINE_MAX];
    size_t len;
    bool eof;
    bool dropping;              /* skipping the rest of an overlong line */
};

/* ---- The debugger ---- */

struct debugger {
    struct machine *m;
    struct cpu *c;
    FILE *out;                  /* the transcript (swapped for gdb's monitor) */

    struct bp *bp;
    size_t nbp, cap;
    unsigned next_id;
    /* Filters on bits 0-11 of the linear (lb, pb) and offset (vb)
     * addresses of execution breakpoints: one test per instruction. */
    uint8_t filter_lin[512], filter_off[512];
    bool need_step;             /* execution breakpoints or modebp: check every insn */
    bool need_watch, need_io, need_event, has_icount;

    struct symtab syms;

    struct run_ctl run;
    struct stop_info stop;
    unsigned last_mode;         /* mode_key() before the last instruction looked at */
    bool ended;                 /* the guest ended the run: nothing more runs */
    int exit_status;
    bool quit;
    bool external;              /* a frontend runs the machine (debugger_on_break) */
    bool resume;                /* external: a command asked the machine to run */

    volatile sig_atomic_t break_req;
    volatile sig_atomic_t *timeout;
    struct timer poll_timer;    /* turns break_req into a stop (debugger.c) */

    /* x/xp and u remember their last format and address. */
    unsigned x_count;
    char x_unit, x_fmt;
    bool u_has_next, u_next_code32;
    uint32_t u_next_lin, u_next_ip;

    FILE *trace;                /* trace on: every instruction, or NULL */
    char trace_path[256];

    struct gdbstub *gdb;
    bool ever_gdb;              /* gdb was attached once (its leaving resumes) */
    bool in_monitor;            /* running a command for gdb's `monitor` */

    /* The session (session.c). */
    bool serving;               /* dbg_serve() is reading commands */
    bool terminal, echo;
    struct line_reader term;
    struct dbg_source source[DBG_SOURCE_DEPTH];
    unsigned nsource;
    FILE *devnull, *saved_out;  /* reports silenced when only gdb listens */
};

/* debugger.c */
int dbg_error(struct debugger *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Run with the mode in d->run: without a frontend, until the machine stops
 * (then report); with one, arm the hooks and let its loop run. */
enum dbg_result dbg_start_run(struct debugger *d);
/* Print the stop report and the next instruction. */
void dbg_report_stop(struct debugger *d);
/* Request a stop after the current instruction from inside a CPU hook. */
void dbg_stop_soon(struct debugger *d, enum stop_why why, unsigned bp_id);
/* Bring the CPU's hooks and flags in line with the breakpoint list. */
void dbg_update_hooks(struct debugger *d);
/* machine_run() said the run is over. */
void dbg_machine_ended(struct debugger *d, enum machine_stop st);

/* session.c */
/* Take commands while the machine is stopped (see session.c). */
enum dbg_result dbg_serve(struct debugger *d);
/* `source FILE`: queued for dbg_serve, or run at once outside it. */
int dbg_push_source(struct debugger *d, const char *path);
void dbg_close_sources(struct debugger *d);

/* breakpoints.c */
struct bp *bp_add(struct debugger *d, enum bp_kind kind);
struct bp *bp_find(struct debugger *d, unsigned id);
void bp_delete(struct debugger *d, unsigned id);
void bp_describe(struct debugger *d, const struct bp *b, char *buf, size_t size);
/* The execution breakpoint (vb/lb/pb) that fires before the instruction at
 * CS:EIP (conditions and ignore counts applied), or NULL. */
struct bp *bp_match_exec(struct debugger *d, uint32_t lin);
/* Does b's condition hold (true when it has none, or when it cannot be
 * evaluated: the error is printed and the stop happens anyway)? */
bool bp_cond_holds(struct debugger *d, struct bp *b);
/* Count a hit that passed the condition; false while `ignore` swallows it. */
bool bp_take_hit(struct bp *b);
int cmd_bp_exec(struct debugger *d, int kind, int argc, char **argv);
/* Recompute the execution-breakpoint filters (dbg_update_hooks calls it). */
void bp_rebuild_filters(struct debugger *d);

/* memory.c: guest memory as the debugger sees it, without side effects
 * (no A/D bits, no MMIO reads, no faults). */
bool dbg_translate(struct debugger *d, uint32_t lin, uint32_t *phys);
/* Bytes read (< n where the address stops being readable). */
uint32_t dbg_read_phys(struct debugger *d, uint32_t phys, uint8_t *buf, uint32_t n);
uint32_t dbg_read_lin(struct debugger *d, uint32_t lin, uint8_t *buf, uint32_t n);
uint32_t dbg_write_phys(struct debugger *d, uint32_t phys, const uint8_t *buf, uint32_t n);
uint32_t dbg_write_lin(struct debugger *d, uint32_t lin, const uint8_t *buf, uint32_t n);
bool dbg_read_lin_u32(struct debugger *d, uint32_t lin, unsigned size, uint32_t *v);
void dbg_walk_regs(const struct debugger *d, struct walk_regs *r);
/* The base of selector sel: a loaded segment register's hidden base when
 * one holds sel, else the descriptor in the GDT/LDT (real/V86: sel << 4). */
bool dbg_seg_base(struct debugger *d, uint16_t sel, uint32_t *base, bool *is32);
/* Read descriptor sel (GDT or LDT by its TI bit) without side effects. */
bool dbg_read_desc(struct debugger *d, uint16_t sel, uint32_t *lo, uint32_t *hi);

/* expr.c */
struct dbg_addr {
    bool has_seg;               /* given as SEG:OFF */
    uint16_t sel;
    uint32_t off;
    uint32_t lin;               /* the linear address (SEG:OFF translated) */
};
int dbg_eval(struct debugger *d, const char *text, uint64_t *out, char *err, size_t errsize);
/* Check the syntax only (registers and symbols are not looked up). */
int dbg_expr_check(const char *text, char *err, size_t errsize);
int dbg_eval_addr(struct debugger *d, const char *text, struct dbg_addr *out, char *err,
                  size_t errsize);
/* Registers by name (eax, ax, al, eip, eflags, cs, cr0, dr7, icount, zf, ...). */
bool dbg_reg_get(struct debugger *d, const char *name, uint64_t *v);
int dbg_reg_set(struct debugger *d, const char *name, uint64_t v, char *err, size_t errsize);

/* state.c: r, sreg, creg, dreg, fpu, set, info tab/tlb/page */
void dbg_print_regs(struct debugger *d);
int cmd_sreg(struct debugger *d, int argc, char **argv);
int cmd_creg(struct debugger *d, int argc, char **argv);
int cmd_dreg(struct debugger *d, int argc, char **argv);
int cmd_fpu(struct debugger *d, int argc, char **argv);
int cmd_page(struct debugger *d, int argc, char **argv);
int info_tab(struct debugger *d, int argc, char **argv);
int info_tlb(struct debugger *d, int argc, char **argv);
void dbg_format_eflags(uint32_t f, char *buf, size_t size);
/* A descriptor or cache attribute (type, DPL, P, D/B, G) in words. */
void dbg_attr_text(uint16_t attr, char *buf, size_t size);

/* tables.c: info gdt|idt|ldt|ivt|tss and the devices */
int cmd_info(struct debugger *d, int argc, char **argv);

/* info_vga.c */
int info_vga(struct debugger *d);

/* code.c */
/* Disassemble one instruction at a linear address into buf; returns its
 * length (0 when unreadable). */
unsigned dbg_disasm(struct debugger *d, uint32_t lin, bool code32, uint32_t ip, char *buf,
                    size_t size);
void dbg_print_insn_at_cs_eip(struct debugger *d, FILE *f);
int cmd_u(struct debugger *d, int argc, char **argv);
int cmd_bt(struct debugger *d, int argc, char **argv);
int cmd_print_stack(struct debugger *d, int argc, char **argv);
int cmd_x(struct debugger *d, int argc, char **argv, bool phys);
/* The name for addr ("name+0x12"), or "" when no symbol is near. */
void dbg_symbolize(struct debugger *d, uint32_t addr, char *buf, size_t size);
void dbg_trace_insn(struct debugger *d);
/* Decode the instruction at CS:EIP; false when it cannot be read. */
bool dbg_decode_current(struct debugger *d, struct insn *in);

/* gdb_regs.c: registers by gdb's numbers, as little-endian bytes */
#define GDB_NREGS 69
unsigned gdb_reg_bytes(unsigned n);
void gdb_reg_get(struct debugger *d, unsigned n, uint8_t *out);
/* false when register n cannot take the value */
bool gdb_reg_put(struct debugger *d, unsigned n, const uint8_t *in);
/* The target description XML (snprintf-like). */
size_t gdb_tdesc(char *buf, size_t size);

/* gdbstub.c */
struct gdbstub *gdb_create(struct debugger *d, uint16_t port, struct emu_err *err);
void gdb_destroy(struct gdbstub *g);
/* File descriptors to wait on while stopped (listening and connected). */
int gdb_poll_fds(struct gdbstub *g, int *fds, int max);
/* Handle whatever arrived.  While the machine runs, only an interrupt
 * (0x03) or a new connection matters: returns true when either asks for
 * a stop.  While stopped, runs packets (which may resume the machine). */
bool gdb_service(struct gdbstub *g, bool running);
/* The machine stopped: send the stop reply gdb waits for, if it waits. */
void gdb_notify_stop(struct gdbstub *g);
bool gdb_connected(const struct gdbstub *g);
unsigned gdb_port(const struct gdbstub *g);
/* gdb asked for the machine to run (c, s, vCont) and waits for a stop. */
bool gdb_wants_run(const struct gdbstub *g);

#endif
