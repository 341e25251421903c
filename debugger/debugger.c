/* debugger/debugger.c: the debugger's core: creation, the CPU and port-bus
 * hooks that find breakpoints, run control (running the machine until a
 * stop, or arming the hooks for a frontend that runs it) and the stop
 * reports.  commands.c holds the command table, session.c the terminal.
 * Breakpoints use the CPU's step path (cpu/run.c).  cpu_run() stops exactly
 * at its budget, a rising INTR ends a trace and a timer armed mid-slice
 * shortens the slice, so neither checking every instruction nor where the
 * debugger cuts the run changes what the guest does: a stop shows the state
 * a free run has at that instruction count. */
#include "debugger/debugger.h"

#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpu/debug.h"
#include "cpu/interrupt.h"
#include "debugger/internal.h"
#include "machine/machine.h"

/* Instructions between polls of Ctrl-C and gdb (about 10-30 ms of host
 * time, stepping or not). */
#define SLICE (1u << 20)
#define POLL_TICKS (SCHED_HZ / 100) /* the break poll: every 10 ms of emulated time */

int dbg_error(struct debugger *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("error: ", d->out);
    vfprintf(d->out, fmt, ap);
    fputc('\n', d->out);
    va_end(ap);
    return -1;
}

/* ---- CPU hooks ---- */

static const char *const mode_names[] = { "real", "protected", "virtual-8086" };

/* Stop before the instruction at CS:EIP (from on_insn). */
static bool stop_now(struct debugger *d, enum stop_why why, const struct bp *b)
{
    d->stop.why = why;
    d->stop.bp_id = b ? b->id : 0;
    d->stop.bp_owner = b ? b->owner : BP_OWNER_USER;
    return true;
}

void dbg_stop_soon(struct debugger *d, enum stop_why why, unsigned bp_id)
{
    if (d->stop.why != WHY_NONE)
        return;                 /* the first reason is the one reported */
    d->stop.why = why;
    d->stop.bp_id = bp_id;
    struct bp *b = bp_find(d, bp_id);
    d->stop.bp_owner = b ? b->owner : BP_OWNER_USER;
    d->c->pending |= PENDING_STOP;
    cpu_end_trace(d->c);
}

/* Is the instruction at CS:EIP a return that ends the frame `finish` runs? */
static bool is_frame_return(struct debugger *d)
{
    struct insn in;
    if (!dbg_decode_current(d, &in))
        return false;
    if (in.mn != MN_RET && in.mn != MN_RETF && in.mn != MN_IRET)
        return false;
    return d->c->seg[SEG_SS].sel == d->run.finish_ss && sp_lin(d->c) >= d->run.finish_sp;
}

static bool icount_due(struct debugger *d);

static bool on_insn(void *opaque, struct cpu *c)
{
    struct debugger *d = opaque;
    uint32_t lin = cs_lin(c);
    bool resumed_here = d->run.skip_valid && c->icount == d->run.skip_icount &&
                        lin == d->run.skip_lin;
    d->run.skip_valid = false;
    unsigned key = mode_key(c), old_key = d->last_mode;
    d->last_mode = key;

    struct bp *b = resumed_here ? NULL : bp_match_exec(d, lin);
    if (b != NULL)
        return stop_now(d, WHY_BREAK, b);
    if (d->run.mode == RUN_FINISH && d->run.finish_armed)
        return stop_now(d, WHY_FINISH, NULL);
    if (d->run.mode == RUN_STEP && d->run.step_left == 0)
        return stop_now(d, WHY_STEP, NULL);
    if (d->run.mode == RUN_NEXT && lin == d->run.next_lin && sp_lin(c) >= d->run.next_sp)
        return stop_now(d, WHY_NEXT, NULL);
    if (d->has_icount && icount_due(d))
        return true;
    if (key != old_key) {
        for (size_t i = 0; i < d->nbp; i++) {
            struct bp *m = &d->bp[i];
            if (m->kind == BP_MODE && m->enabled && bp_cond_holds(d, m) && bp_take_hit(m)) {
                snprintf(d->stop.detail, sizeof d->stop.detail,
                         "%s mode, paging %s -> %s mode, paging %s", mode_names[old_key & 3],
                         (old_key & 4) ? "on" : "off", mode_names[key & 3],
                         (key & 4) ? "on" : "off");
                return stop_now(d, WHY_MODE, m);
            }
        }
    }
    /* The instruction runs. */
    if (d->trace != NULL)
        dbg_trace_insn(d);
    if (d->run.mode == RUN_STEP)
        d->run.step_left--;
    else if (d->run.mode == RUN_FINISH && is_frame_return(d))
        d->run.finish_armed = true;
    return false;
}

static bool range_overlap(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen)
{
    return (uint64_t)a < (uint64_t)b + blen && (uint64_t)b < (uint64_t)a + alen;
}

/* LIMITATION: watchpoints see the CPU's data accesses (including its
 * descriptor-table and TSS accesses), not DMA or stores made by the C half
 * of our BIOS's services; a hit inside a REP string instruction stops after
 * the current chunk of its iterations (cpu/exec_string.c, at most 4096). */
static void on_mem(void *opaque, struct cpu *c, uint32_t lin, uint32_t phys, unsigned size,
                   uint32_t value, bool is_write)
{
    struct debugger *d = opaque;
    unsigned acc = is_write ? ACCESS_W : ACCESS_R;
    for (size_t i = 0; i < d->nbp; i++) {
        struct bp *b = &d->bp[i];
        if (!b->enabled || (b->kind != BP_WATCH_PHYS && b->kind != BP_WATCH_LIN) ||
            !(b->access & acc))
            continue;
        uint32_t a = b->kind == BP_WATCH_PHYS ? phys : lin;
        if (!range_overlap(a, size, b->addr, b->len) || !bp_cond_holds(d, b) || !bp_take_hit(b))
            continue;
        if (d->stop.why != WHY_NONE)
            return;
        snprintf(d->stop.detail, sizeof d->stop.detail,
                 "%s of %u byte%s, value 0x%0*x, at linear 0x%08x (physical 0x%08x) by the "
                 "instruction at %04x:%08x",
                 is_write ? "write" : "read", size, size == 1 ? "" : "s", (int)size * 2, value,
                 lin, phys, c->seg[SEG_CS].sel, c->insn_start_eip);
        /* gdb wants an address inside both the access and the watched range. */
        uint32_t hit = a > b->addr ? a : b->addr;
        d->stop.addr = b->kind == BP_WATCH_PHYS ? hit : hit;
        d->stop.access = (uint8_t)acc;
        dbg_stop_soon(d, WHY_WATCH, b->id);
        return;
    }
}

static void on_io(void *opaque, uint16_t port, unsigned size, uint32_t value, int is_write)
{
    struct debugger *d = opaque;
    struct cpu *c = d->c;
    unsigned acc = is_write ? ACCESS_W : ACCESS_R;
    for (size_t i = 0; i < d->nbp; i++) {
        struct bp *b = &d->bp[i];
        if (!b->enabled || b->kind != BP_IO || !(b->access & acc))
            continue;
        if (!range_overlap(port, size, b->addr, b->len - b->addr + 1) || !bp_cond_holds(d, b) ||
            !bp_take_hit(b))
            continue;
        if (d->stop.why != WHY_NONE)
            return;
        snprintf(d->stop.detail, sizeof d->stop.detail,
                 "%s port 0x%04x, %u byte%s, value 0x%0*x, by the instruction at %04x:%08x",
                 is_write ? "out to" : "in from", port, size, size == 1 ? "" : "s",
                 (int)size * 2, value, c->seg[SEG_CS].sel, c->insn_start_eip);
        dbg_stop_soon(d, WHY_IO, b->id);
        return;
    }
}

static unsigned source_bit(uint8_t src)
{
    switch ((enum int_source)src) {
    case INT_SRC_EXCEPTION: return INTSRC_EXC;
    case INT_SRC_EXTERNAL: return INTSRC_HW;
    default: return INTSRC_SOFT;        /* INT n, INT3, INTO, ICEBP */
    }
}

static void on_event(void *opaque, struct cpu *c, const struct cpu_dbg_event *ev)
{
    struct debugger *d = opaque;
    if (d->stop.why != WHY_NONE)
        return;
    for (size_t i = 0; i < d->nbp; i++) {
        struct bp *b = &d->bp[i];
        if (!b->enabled)
            continue;
        if (ev->kind == CPU_DBG_INTERRUPT && b->kind == BP_INT) {
            unsigned ah = (c->gpr[REG_EAX] >> 8) & 0xffu, al = c->gpr[REG_EAX] & 0xffu;
            if (b->addr != ev->vector || !(b->sources & source_bit(ev->source)) ||
                (b->ah >= 0 && (unsigned)b->ah != ah) || (b->al >= 0 && (unsigned)b->al != al))
                continue;
            if (!bp_cond_holds(d, b) || !bp_take_hit(b))
                continue;
            static const char *const src_names[] = { "exception", "software interrupt",
                                                     "software interrupt", "ICEBP",
                                                     "hardware interrupt" };
            char extra[48] = "";
            if (ev->has_error)
                snprintf(extra, sizeof extra, " (error code 0x%04x)", ev->error_code);
            else if (source_bit(ev->source) == INTSRC_SOFT)
                snprintf(extra, sizeof extra, " (AH=0x%02x AL=0x%02x)", ah, al);
            snprintf(d->stop.detail, sizeof d->stop.detail, "%s 0x%02x%s at %04x:%08x",
                     ev->source < 5 ? src_names[ev->source] : "interrupt", ev->vector, extra,
                     c->seg[SEG_CS].sel, c->insn_start_eip);
            dbg_stop_soon(d, WHY_INT, b->id);
            return;
        }
        if (ev->kind == CPU_DBG_TASK_SWITCH && b->kind == BP_TASK && bp_cond_holds(d, b) &&
            bp_take_hit(b)) {
            snprintf(d->stop.detail, sizeof d->stop.detail, "TR 0x%04x -> 0x%04x", ev->old_tr,
                     ev->new_tr);
            dbg_stop_soon(d, WHY_TASK, b->id);
            return;
        }
    }
}

void dbg_update_hooks(struct debugger *d)
{
    struct cpu *c = d->c;
    bp_rebuild_filters(d);
    bool step = false, watch = false, io = false, event = false, icount = false;
    for (size_t i = 0; i < d->nbp; i++) {
        const struct bp *b = &d->bp[i];
        if (!b->enabled)
            continue;
        switch ((enum bp_kind)b->kind) {
        case BP_VIRT: case BP_LIN: case BP_PHYS: case BP_MODE: step = true; break;
        case BP_WATCH_PHYS: case BP_WATCH_LIN: watch = true; break;
        case BP_IO: io = true; break;
        case BP_INT: case BP_TASK: event = true; break;
        case BP_ICOUNT: icount = true; break;
        }
    }
    d->has_icount = icount;
    d->need_step = step;
    d->need_watch = watch;
    d->need_io = io;
    d->need_event = event;
    c->dbg_insn = on_insn;
    c->dbg_mem = on_mem;
    c->dbg_opaque = d;
    c->dbg_event = event ? on_event : NULL;
    if (c->debug_watch != watch) {
        c->debug_watch = watch;
        cpu_debug_regs_changed(c);      /* recomputes slow_mem and the fast-path rights */
    }
    d->m->io.watch = io ? on_io : NULL;
    d->m->io.watch_opaque = d;
}

/* ---- Run control ---- */

static bool icount_due(struct debugger *d)
{
    for (size_t i = 0; i < d->nbp; i++) {
        struct bp *b = &d->bp[i];
        if (b->kind == BP_ICOUNT && b->enabled && d->c->icount >= b->count &&
            bp_cond_holds(d, b) && bp_take_hit(b)) {
            b->enabled = false;         /* reached: it has done its work */
            dbg_update_hooks(d);
            d->stop.why = WHY_ICOUNT;
            d->stop.bp_id = b->id;
            return true;
        }
    }
    return false;
}

/* Should every instruction pass on_insn in the run about to start? */
static bool need_step(const struct debugger *d)
{
    return d->need_step || d->run.mode != RUN_CONT || d->trace != NULL ||
           (d->external && d->has_icount);  /* a frontend's run has no budget to clamp */
}

/* Prepare a run from the current instruction. */
static void arm(struct debugger *d)
{
    struct cpu *c = d->c;
    memset(&d->stop, 0, sizeof d->stop);
    d->run.skip_valid = true;
    d->run.skip_icount = c->icount;
    d->run.skip_lin = cs_lin(c);
    d->run.finish_armed = false;
    d->last_mode = mode_key(c);
    d->break_req = 0;
    c->pending &= ~(uint32_t)PENDING_STOP;
    c->debug_step = need_step(d);
    if (c->debug_step)
        c->pending |= PENDING_STEP;
}

/* The machine stopped: leave the CPU on its fast path. */
static void disarm(struct debugger *d)
{
    struct cpu *c = d->c;
    d->break_req = 0;
    c->debug_step = false;
    c->pending &= ~(uint32_t)PENDING_STOP;
    d->run.mode = RUN_CONT;
    d->last_mode = mode_key(c);
    d->u_has_next = false;
}

/* Run slices until something stops the machine (d->stop says what). */
static void run_loop(struct debugger *d)
{
    struct cpu *c = d->c;
    struct machine *m = d->m;
    for (;;) {
        uint64_t budget = SLICE;
        for (size_t i = 0; i < d->nbp; i++) {
            const struct bp *b = &d->bp[i];
            if (b->kind == BP_ICOUNT && b->enabled && b->count > c->icount &&
                b->count - c->icount < budget)
                budget = b->count - c->icount;
        }
        enum machine_stop st = machine_run(m, budget);
        if (st == STOP_EXIT || st == STOP_SHUTDOWN) {
            dbg_machine_ended(d, st);
            return;
        }
        if (d->stop.why != WHY_NONE)
            return;
        if (st == STOP_BREAK) {
            d->stop.why = WHY_EXTERNAL;
            return;
        }
        if (icount_due(d))
            return;
        if (d->break_req) {
            d->stop.why = WHY_USER;
            return;
        }
        if (d->gdb != NULL && gdb_service(d->gdb, true)) {
            d->stop.why = WHY_GDB;
            return;
        }
        if (d->quit || (d->timeout != NULL && *d->timeout))
            return;                     /* gdb's kill, or --timeout */
    }
}

void dbg_machine_ended(struct debugger *d, enum machine_stop st)
{
    d->ended = true;
    d->exit_status = st == STOP_SHUTDOWN ? EXIT_SHUTDOWN : d->m->exit_status;
    d->stop.why = WHY_ENDED;
    snprintf(d->stop.detail, sizeof d->stop.detail, "%s", d->m->stop_reason);
}

static const char *why_text(enum stop_why why)
{
    switch (why) {
    case WHY_START: return "Stopped before the first instruction";
    case WHY_FINISH: return "Returned from the frame (finish)";
    case WHY_BREAK: return "Breakpoint";
    case WHY_WATCH: return "Watchpoint";
    case WHY_IO: return "I/O breakpoint";
    case WHY_INT: return "Interrupt breakpoint";
    case WHY_MODE: return "Mode change";
    case WHY_TASK: return "Task switch";
    case WHY_ICOUNT: return "Instruction count reached";
    case WHY_USER: return "Interrupted";
    case WHY_GDB: return "Stopped for gdb";
    case WHY_EXTERNAL: return "Stopped on request";
    case WHY_ENDED: return "The guest ended the run";
    default: return NULL;
    }
}

void dbg_report_stop(struct debugger *d)
{
    const struct stop_info *s = &d->stop;
    const char *what = why_text(s->why);
    if (what != NULL) {
        fputs(what, d->out);
        struct bp *b = s->bp_id ? bp_find(d, s->bp_id) : NULL;
        if (b != NULL) {
            char desc[160];
            bp_describe(d, b, desc, sizeof desc);
            fprintf(d->out, " %u%s (%s), hit %llu time%s", b->id,
                    b->owner == BP_OWNER_GDB ? " [gdb]" : "", desc,
                    (unsigned long long)b->hits, b->hits == 1 ? "" : "s");
        }
        if (s->detail[0])
            fprintf(d->out, ": %s", s->detail);
        fputs("\n", d->out);
    }
    if (s->why != WHY_ENDED)
        dbg_print_insn_at_cs_eip(d, d->out);
    fflush(d->out);
}

enum dbg_result dbg_start_run(struct debugger *d)
{
    if (d->ended) {
        dbg_error(d, "the guest has ended the run");
        return DBG_ENDED;
    }
    arm(d);
    if (d->external) {
        d->resume = true;               /* the frontend runs; its break handler reports */
        return DBG_OK;
    }
    run_loop(d);
    disarm(d);
    dbg_report_stop(d);
    if (d->gdb != NULL)
        gdb_notify_stop(d->gdb);
    return d->ended ? DBG_ENDED : DBG_OK;
}

/* The break poll: a timer on the machine's clock that turns an
 * asynchronous break request (Ctrl-C, and gdb's 0x03 while a frontend
 * runs the machine) into a stop between two instructions.  Timers cut
 * cpu_run() budgets, which changes nothing the guest can see. */
static void on_poll(void *opaque, uint64_t now)
{
    struct debugger *d = opaque;
    sched_arm(&d->m->sched, &d->poll_timer, now + POLL_TICKS, on_poll, d);
    enum stop_why why = WHY_NONE;
    if (d->break_req)
        why = WHY_USER;
    else if (d->external && d->gdb != NULL && (gdb_service(d->gdb, true) || d->quit))
        why = WHY_GDB;                  /* its interrupt, a new gdb, or its kill */
    if (why != WHY_NONE && d->stop.why == WHY_NONE) {
        d->stop.why = why;
        machine_request_stop(d->m);
    }
}
/* ---- Creation ---- */

struct debugger *debugger_create(struct machine *m, FILE *out, struct emu_err *err)
{
    struct debugger *d = calloc(1, sizeof *d);
    if (d == NULL) {
        emu_fail(err, EMU_ENOMEM, "out of memory");
        return NULL;
    }
    d->m = m;
    d->c = m->cpu;
    d->out = out;
    d->x_count = 1;
    d->x_unit = 'w';
    d->x_fmt = 'x';
    sym_init(&d->syms);
    dbg_update_hooks(d);
    sched_arm(&m->sched, &d->poll_timer, sched_now(&m->sched) + POLL_TICKS, on_poll, d);
    return d;
}

void debugger_destroy(struct debugger *d)
{
    if (d == NULL)
        return;
    struct cpu *c = d->c;
    if (d->gdb != NULL)
        gdb_destroy(d->gdb);
    sched_cancel(&d->m->sched, &d->poll_timer);
    c->dbg_insn = NULL;
    c->dbg_mem = NULL;
    c->dbg_event = NULL;
    c->dbg_opaque = NULL;
    c->debug_step = false;
    if (c->debug_watch) {
        c->debug_watch = false;
        cpu_debug_regs_changed(c);
    }
    if (d->m->io.watch == on_io) {
        d->m->io.watch = NULL;
        d->m->io.watch_opaque = NULL;
    }
    for (size_t i = 0; i < d->nbp; i++)
        free(d->bp[i].cond);
    free(d->bp);
    sym_free(&d->syms);
    if (d->trace != NULL)
        fclose(d->trace);
    dbg_close_sources(d);
    if (d->devnull != NULL)
        fclose(d->devnull);
    free(d);
}

int debugger_load_symbols(struct debugger *d, const char *path, uint32_t offset,
                          struct emu_err *err)
{
    return sym_load_file(&d->syms, path, offset, err) < 0 ? -1 : 0;
}

int debugger_gdb_listen(struct debugger *d, uint16_t port, struct emu_err *err)
{
    if (d->gdb != NULL)
        return emu_fail(err, EMU_ESTATE, "the GDB stub is already listening");
    d->gdb = gdb_create(d, port, err);
    return d->gdb != NULL ? 0 : -1;
}

unsigned debugger_gdb_port(const struct debugger *d)
{
    return d->gdb != NULL ? gdb_port(d->gdb) : 0;
}

void debugger_request_break(struct debugger *d)
{
    d->break_req = 1;
}

/* The frontend's break handler: the machine stopped between slices. */
enum dbg_result debugger_on_break(struct debugger *d, bool hotkey)
{
    disarm(d);
    if (d->stop.why == WHY_NONE) {
        d->stop.why = hotkey ? WHY_USER : WHY_EXTERNAL;
        if (hotkey)
            snprintf(d->stop.detail, sizeof d->stop.detail, "the break hotkey");
    }
    dbg_report_stop(d);
    if (d->gdb != NULL)
        gdb_notify_stop(d->gdb);
    return dbg_serve(d);
}
