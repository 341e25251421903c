/* cpu/run.c: the fetch-decode-execute loop.
 * Fast path: find the trace for CS:EIP in the decoded-code cache (decoding
 * it on a miss) and run its instructions back to back, each handler called
 * through the pointer its decoded record carries.  Between traces the loop
 * services what c->pending flags: interrupts, NMI, single-stepping (TF or
 * the debugger), stop and reset requests.  Guest faults longjmp back here.
 * See docs/internals.md. */
#include <setjmp.h>
#include <string.h>

#include "cpu/cpu.h"
#include "cpu/debug.h"
#include "cpu/exec.h"
#include "cpu/icache.h"
#include "cpu/interrupt.h"
#include "mmu/physmem.h"

/* The linear address of CS:EIP after the CS limit check for a fetch of at
 * least one byte (#GP(0) past the limit). */
static uint32_t fetch_lin(struct cpu *c)
{
    const struct seg_cache *cs = &c->seg[SEG_CS];
    if (c->eip < cs->valid_lo || c->eip > cs->valid_hi) {
        c->insn_start_eip = c->eip;
        cpu_raise_err(c, EXC_GP, 0);
    }
    return cs->base + c->eip;
}

/* Bytes of code available from EIP up to the CS limit (at most 15 matter). */
static uint32_t cs_avail(const struct cpu *c)
{
    uint64_t n = (uint64_t)c->seg[SEG_CS].valid_hi - c->eip + 1;
    return n > INSN_MAX_LEN ? INSN_MAX_LEN + 1 : (uint32_t)n;
}

/* Build a trace from host page memory at phys; NULL if not even the first
 * instruction fits in the page (it crosses into the next page). */
static struct trace *trace_build(struct cpu *c, struct trace *t, uint32_t phys,
                                 const uint8_t *page, const struct decode_ctx *ctx)
{
    struct icache *ic = c->icache;
    if (ic->pool_used + TRACE_MAX > ICACHE_POOL) {
        icache_flush(ic);
        tlb_new_gen(&c->tlb);   /* links name traces of the old pool */
    }
    struct insn *out = &ic->pool[ic->pool_used];
    uint32_t off = phys & 0xfffu;
    uint64_t limit_left = (uint64_t)c->seg[SEG_CS].valid_hi - c->eip + 1;
    uint32_t pos = 0;
    unsigned n = 0;
    while (n < TRACE_MAX) {
        uint64_t avail = 0x1000u - off - pos;
        if (limit_left - pos < avail)
            avail = limit_left - pos;
        struct insn *in = &out[n];
        enum decode_status st = decode(page + off + pos, (size_t)avail, ctx, in);
        if (st == DECODE_SHORT || st == DECODE_TOO_LONG)
            break;              /* the slow path fetches across pages or faults */
        pos += in->len;
        n++;
        /* A conditional branch may fall through: the trace goes on, and the
         * handler ends it when the branch is taken. */
        bool cond = in->op->exec == EXEC_jcc || in->op->exec == EXEC_loop ||
                    in->op->exec == EXEC_jcxz;
        if (((in->op->attr & (ATTR_BRANCH | ATTR_ENDS_TRACE)) && !cond) ||
            (in->flags & INSN_UD))
            break;
        if (pos >= limit_left)
            break;
    }
    if (n == 0)
        return NULL;
    ic->pool_used += n;
    ic->builds++;
    t->phys = phys;
    t->code32 = ctx->code32;
    t->code = out;
    t->n = (uint8_t)n;
    t->bytes = (uint16_t)pos;
    t->epoch = ic->epoch;
    if (++ic->next_id == 0)
        ic->next_id = 1;
    t->id = ic->next_id;
    /* No link yet: id 0 matches no trace, and `to` is a trace to look at. */
    t->link[0] = t->link[1] = (struct trace_link){ .to = t };
    if (phys_mark_code(c->mem, phys, pos))
        tlb_revoke_write(&c->tlb, phys >> 12);
    t->genp = phys_code_gen_ptr(c->mem, phys >> 12);
    t->gen = *t->genp;
    return t;
}

/* Decode and run one instruction whose bytes are fetched through the slow
 * path: it crosses a page, lies in MMIO or ROM-less space, or the CS limit
 * cuts it short (which then faults as the hardware does). */
static void run_uncached(struct cpu *c, const struct decode_ctx *ctx)
{
    uint8_t buf[INSN_MAX_LEN];
    uint32_t lin = fetch_lin(c);
    uint32_t limit = cs_avail(c);
    uint32_t have = 0;
    struct insn in;
    c->insn_start_eip = c->eip;
    for (;;) {
        enum decode_status st = decode(buf, have, ctx, &in);
        if (st == DECODE_OK || st == DECODE_UNDEFINED)
            break;
        if (st == DECODE_TOO_LONG)
            cpu_raise_err(c, EXC_GP, 0);
        if (have >= limit)
            cpu_raise_err(c, EXC_GP, 0);     /* runs past the CS limit */
        buf[have] = (uint8_t)mem_read_slow(c, lin + have, 1, ACC_FETCH);
        have++;
    }
    c->eip += in.len;
    c->trace_left = 1;          /* the handler counts it and goes no further */
    in.fn(c, &in);
}

/* The id of the current fetch context, what maps an EIP to a trace: CS
 * base and limits, CS.D, user or supervisor, under the current tlb.gen.
 * The few recent contexts keep their ids until the next flush, so links
 * made in kernel code survive a round trip to user code and back. */
static inline bool fetch_ctx_is(const struct fetch_ctx_entry *f, const struct cpu *c,
                                uint32_t bits)
{
    const struct seg_cache *cs = &c->seg[SEG_CS];
    return f->gen == c->tlb.gen && f->base == cs->base && f->lo == cs->valid_lo &&
           f->hi == cs->valid_hi && f->bits == bits && f->id != 0;
}

static NOINLINE uint32_t fetch_ctx_lookup(struct cpu *c)
{
    const struct seg_cache *cs = &c->seg[SEG_CS];
    uint32_t bits = ((cs->attr & SEG_ATTR_DB) ? 1u : 0u) | (c->cpl == 3 ? 2u : 0u);
    /* Mostly one of the last two (a system call and its return). */
    uint32_t last = c->fetch_ctx_next;
    if (fetch_ctx_is(&c->fetch_ctxs[last & 3], c, bits))
        return c->tlb.fetch_ctx = c->fetch_ctxs[last & 3].id;
    if (fetch_ctx_is(&c->fetch_ctxs[(last - 1) & 3], c, bits))
        return c->tlb.fetch_ctx = c->fetch_ctxs[(last - 1) & 3].id;
    for (unsigned i = 0; i < 4; i++) {
        if (fetch_ctx_is(&c->fetch_ctxs[i], c, bits))
            return c->tlb.fetch_ctx = c->fetch_ctxs[i].id;
    }
    if (++c->fetch_ctx_next == 0)
        c->fetch_ctx_next = 1;          /* 0 means "recompute" */
    uint32_t id = c->fetch_ctx_next;
    c->fetch_ctxs[id & 3] = (struct fetch_ctx_entry){
        .gen = c->tlb.gen, .base = cs->base, .lo = cs->valid_lo, .hi = cs->valid_hi,
        .bits = bits, .id = id };
    return c->tlb.fetch_ctx = id;
}

static inline uint32_t fetch_ctx(struct cpu *c)
{
    return c->tlb.fetch_ctx != 0 ? c->tlb.fetch_ctx : fetch_ctx_lookup(c);
}

/* The trace at CS:EIP, decoding it if need be; NULL after running one
 * instruction through run_uncached() instead.  A small cache by EIP (the
 * same rules as a link, cpu/icache.h) answers most lookups the links do not:
 * returns, exception handlers, the instruction after a fault. */
static NOINLINE struct trace *trace_find_slow(struct cpu *c, struct trace_link *j)
{
    struct icache *ic = c->icache;
    const struct decode_ctx *ctx =
        (c->seg[SEG_CS].attr & SEG_ATTR_DB) ? &c->dctx32 : &c->dctx16;
    uint32_t lin = fetch_lin(c);
    const struct tlb_entry *e = tlb_slot(&c->tlb, lin);
    uint32_t phys;
    const uint8_t *page;
    if (e->lpn == lin >> 12 && (e->allow & c->tlb_rd)) {
        phys = (e->ppn << 12) | (lin & 0xfffu);
        page = e->host;
    } else {
        c->insn_start_eip = c->eip;
        phys = mem_translate(c, lin, ACC_FETCH);
        e = tlb_slot(&c->tlb, lin);
        page = e->lpn == lin >> 12 && e->allow ? e->host : NULL;
    }
    if (page == NULL) {
        run_uncached(c, ctx);
        return NULL;
    }
    c->tlb.code_pages |= tlb_code_page_bit(lin);  /* INVLPG of this page drops links */
    struct trace *t = icache_slot(ic, phys);
    if (t->phys != phys || t->epoch != ic->epoch || t->code32 != ctx->code32 ||
        t->gen != *t->genp || (uint64_t)c->eip + t->bytes - 1 > c->seg[SEG_CS].valid_hi) {
        t = trace_build(c, t, phys, page, ctx);
        if (t == NULL) {
            run_uncached(c, ctx);
            return NULL;
        }
    }
    *j = (struct trace_link){ .eip = c->eip, .ctx = fetch_ctx(c), .id = t->id, .to = t };
    return t;
}

static inline struct trace *trace_find(struct cpu *c)
{
    struct trace_link *j =
        &c->icache->jump[(c->eip ^ (c->eip >> ICACHE_JUMP_BITS)) & (ICACHE_JUMP - 1)];
    if (j->eip == c->eip && j->ctx == fetch_ctx(c) && j->to->id == j->id &&
        j->to->gen == *j->to->genp)
        return j->to;
    return trace_find_slow(c, j);
}

/* Run up to `max` (at least 1) instructions of trace t, which starts at EIP:
 * each handler counts its instruction and jumps to the next (exec_next()). */
static inline void trace_exec(struct cpu *c, const struct trace *t, uint64_t max)
{
    const struct insn *in = t->code;
    c->trace_left = t->n < max ? t->n : (uint32_t)max;
    uint32_t eip = c->eip;
    c->insn_start_eip = eip;
    c->eip = eip + in->len;
    in->fn(c, in);
}

/* Run the trace at CS:EIP, or `max` instructions of it. */
static void run_trace(struct cpu *c, uint64_t max)
{
    struct trace *t = trace_find(c);
    if (t != NULL)
        trace_exec(c, t, max);
}

/* The instruction after one that set EFLAGS.RF (IRET back to a faulting
 * instruction) runs alone; then RF goes, unless that instruction loaded it
 * anew (SDM Vol. 3, 17.3.1.1; as step_one() does it). */
static NOINLINE void run_rf_one(struct cpu *c)
{
    c->pending &= ~(uint32_t)PENDING_RF;
    uint32_t rf = c->eflags & EFLAGS_RF;
    struct trace *t = trace_find(c);
    if (t != NULL)
        trace_exec(c, t, 1);
    c->eflags &= ~rf;
}

/* Nothing but PENDING_RF needs the outer loop, and the limit is not reached. */
static inline bool only_rf_pending(const struct cpu *c)
{
    return c->pending == PENDING_RF && !c->halted && c->icount < c->icount_limit;
}

/* Run traces back to back up to the instruction limit, following the links
 * between them, until something needs the outer loop: a pending event, a
 * halt, or the limit. */
static NOINLINE void run_traces(struct cpu *c)
{
    if (only_rf_pending(c))
        run_rf_one(c);
    if ((c->pending | c->halted) != 0 || c->icount >= c->icount_limit)
        return;
    struct trace *t = trace_find(c);
    if (t == NULL)
        return;
    for (;;) {
        uint32_t start = c->eip;
        trace_exec(c, t, c->icount_limit - c->icount);
        if ((c->pending | c->halted) != 0 || c->icount >= c->icount_limit) {
            if (!only_rf_pending(c))
                return;
            run_rf_one(c);
            if ((c->pending | c->halted) != 0 || c->icount >= c->icount_limit)
                return;
            if ((t = trace_find(c)) == NULL)
                return;
            continue;
        }
        uint32_t eip = c->eip;
        struct trace_link *l = &t->link[t->link[0].eip != eip];
        struct trace *next = l->to;
        if (l->eip == eip && l->ctx == c->tlb.fetch_ctx && next->id == l->id &&
            next->gen == *next->genp) {
            t = next;
            continue;
        }
        /* A CS change and back (a system call) leaves the context id to
         * recompute: the link may hold once it is. */
        uint32_t ctx = fetch_ctx(c);
        if (l->eip == eip && l->ctx == ctx && next->id == l->id && next->gen == *next->genp) {
            t = next;
            continue;
        }
        next = trace_find(c);
        if (next == NULL)
            return;
        /* The slot of t may now hold next (they share a hash slot): the
         * link is right whichever trace keeps it, since it maps an EIP to
         * the trace there under the current fetch context. */
        l = &t->link[eip != start + t->bytes];
        l->eip = eip;
        l->ctx = fetch_ctx(c);
        l->id = next->id;
        l->to = next;
        t = next;
    }
}

/* One instruction, then the single-step trap if TF was set before it
 * (SDM Vol. 3, 17.3.1.4): not after an instruction that faulted or that
 * delivered an interrupt itself (INT n clears TF on the way in). */
static void step_one(struct cpu *c)
{
    if (c->task_trap) {
        /* The T bit of the TSS just switched to: #DB before its first insn. */
        c->task_trap = false;
        c->insn_start_eip = c->eip;
        cpu_interrupt(c, EXC_DB, INT_SRC_EXCEPTION, false, 0);
        return;
    }
    c->pending &= ~(uint32_t)PENDING_RF;   /* RF is cleared below */
    debug_check_insn(c);
    bool tf = (c->eflags & EFLAGS_TF) != 0;
    c->event_delivered = false;
    c->dbg_shadow = false;
    c->dr_hits = 0;
    uint32_t rf = c->eflags & EFLAGS_RF;
    run_trace(c, 1);
    /* RF covers one instruction (SDM Vol. 3, 17.3.1.1): clear the RF this
     * instruction ran under, not one it loaded itself (IRET from a #DB
     * handler, a task switch), which must cover the next instruction. */
    c->eflags &= ~rf;
    /* After MOV SS or POP SS the trap waits for the next instruction. */
    bool step_trap = tf && !c->event_delivered && !c->dbg_shadow;
    if (step_trap && c->dr_hits)
        c->dr[6] |= 1u << 14;   /* one #DB reports both: DR6.BS with the Bn bits */
    debug_after_insn(c);
    if (step_trap && !c->event_delivered) {
        c->dr[6] |= 1u << 14;    /* DR6.BS */
        c->insn_start_eip = c->eip;
        cpu_interrupt(c, EXC_DB, INT_SRC_EXCEPTION, false, 0);
    }
}

/* The built-in debugger's check before an instruction on the step path
 * (breakpoints, stepping): true stops the run before it executes. */
static bool debugger_stops(struct cpu *c)
{
    return c->debug_step && c->dbg_insn != NULL && c->dbg_insn(c->dbg_opaque, c);
}

/* An interrupt taken between iterations of a REP string instruction
 * pushes RF = 1, so that an instruction breakpoint on it does not fire
 * again when the IRET resumes it (SDM Vol. 3, 17.3.1.1). */
static void rep_interrupted(struct cpu *c)
{
    if (c->rep_paused) {
        c->rep_paused = false;
        c->eflags |= EFLAGS_RF;
    }
}

/* Take an external interrupt or NMI if one can be taken now. */
static bool take_interrupt(struct cpu *c)
{
    if ((c->pending & PENDING_INTR) && !(c->eflags & EFLAGS_IF)) {
        /* CLI cleared IF without a mode update: the request waits in
         * intr_line until IF rises again (cpu_update_mode, STI). */
        c->pending &= ~(uint32_t)PENDING_INTR;
    }
    if ((c->pending & PENDING_NMI) && !c->nmi_blocked) {
        c->pending &= ~(uint32_t)PENDING_NMI;
        c->halted = false;
        c->nmi_blocked = true;
        c->insn_start_eip = c->eip;
        rep_interrupted(c);
        cpu_interrupt(c, EXC_NMI, INT_SRC_EXTERNAL, false, 0);
        return true;
    }
    if ((c->pending & PENDING_INTR) && (c->eflags & EFLAGS_IF) && c->intr_ack != NULL) {
        c->halted = false;
        uint8_t vector = c->intr_ack(c->intr_opaque);
        c->insn_start_eip = c->eip;
        rep_interrupted(c);
        cpu_interrupt(c, vector, INT_SRC_EXTERNAL, false, 0);
        return true;
    }
    return false;
}

enum cpu_exit cpu_run(struct cpu *c, uint64_t budget)
{
    c->icount_limit = c->icount + budget;
    c->tlb.fetch_ctx = 0;       /* the debugger or a tool may have changed CS */
    if (setjmp(c->fault_exit) != 0) {
        /* A guest exception unwound an instruction (or a delivery).  A
         * fault with no instruction retired since the last one (a handler
         * whose first instruction faults again, on a page that is not
         * present, say) takes one tick of the clock: a guest caught in
         * that loop lets time pass, as the hardware's does, instead of
         * holding the host in this loop for ever. */
        c->event_delivered = true;
        if (c->icount == c->icount_fault)
            c->icount++;
        c->icount_fault = c->icount;
        cpu_deliver_fault(c);
    }
    while (c->icount < c->icount_limit) {
        if (c->pending != 0) {
            uint32_t p = c->pending;
            if (p & PENDING_RESET)
                return CPU_EXIT_RESET;
            if (p & PENDING_STOP) {
                c->pending &= ~(uint32_t)PENDING_STOP;
                return CPU_EXIT_STOP;
            }
            if (c->intr_shadow) {
                /* One instruction runs before interrupts are looked at. */
                if (!c->halted && debugger_stops(c))
                    return CPU_EXIT_STOP;       /* the shadow stays for the resume */
                c->intr_shadow = false;
                if (c->halted)
                    continue;
                if ((c->eflags & EFLAGS_TF) || c->debug_step) {
                    step_one(c);
                } else {
                    c->event_delivered = false;
                    run_trace(c, 1);
                }
                c->dbg_shadow = false;
                continue;
            }
            if ((p & (PENDING_NMI | PENDING_INTR)) && take_interrupt(c))
                continue;
            if (c->halted) {
                /* Nothing to wake us before the budget: the time passes idle. */
                c->icount = c->icount_limit;
                return CPU_EXIT_HALT;
            }
            if (c->eflags & EFLAGS_TF || (p & PENDING_STEP)) {
                if (!(c->eflags & EFLAGS_TF) && !c->debug_step && !c->dr_insn_bp &&
                    !c->dr_data_bp && !c->task_trap)
                    c->pending &= ~(uint32_t)PENDING_STEP;
                if (debugger_stops(c))
                    return CPU_EXIT_STOP;
                step_one(c);
                continue;
            }
            c->pending &= ~(uint32_t)PENDING_SMC;   /* PENDING_RF: run_traces() */
        } else if (c->halted) {
            c->icount = c->icount_limit;
            return CPU_EXIT_HALT;
        }
        /* Never past the budget: timers then fire at the exact instruction
         * count whether or not the debugger steps one at a time. */
        run_traces(c);
    }
    return CPU_EXIT_BUDGET;
}
