/* cpu/interrupt.c: interrupt and exception delivery in real mode, the
 * double-fault rules, and the dispatch to protected-mode delivery. */
#include "cpu/interrupt.h"

#include "cpu/exec.h"

bool exc_is_contributory(uint8_t vector)
{
    return vector == EXC_DE || (vector >= EXC_TS && vector <= EXC_GP);
}

/* Real-address mode (SDM Vol. 3, 20.1.4): the IVT at IDTR.base holds
 * 4-byte IP:CS vectors; FLAGS, CS and IP are pushed; IF, TF, AC and RF are
 * cleared.  A vector beyond the IDTR limit is #GP; a push beyond the SS
 * limit is #SS. */
static void real_interrupt(struct cpu *c, uint8_t vector)
{
    uint32_t off = (uint32_t)vector * 4;
    if (off + 3 > c->idtr.limit)
        cpu_raise_err(c, EXC_GP, off * 2 + 2);
    uint32_t entry = lin_read(c, c->idtr.base + off, 4);
    uint32_t flags = cpu_get_eflags(c);
    uint32_t sp = sp_get(c);
    stk_push(c, &sp, 2, flags);
    stk_push(c, &sp, 2, c->seg[SEG_CS].sel);
    stk_push(c, &sp, 2, c->eip);
    sp_set(c, sp);
    c->eflags &= ~(uint32_t)(EFLAGS_IF | EFLAGS_TF | EFLAGS_AC | EFLAGS_RF);
    cpu_load_seg_real(c, SEG_CS, (uint16_t)(entry >> 16));
    c->eip = entry & 0xffffu;
    cpu_update_mode(c);
}

static void deliver(struct cpu *c, uint8_t vector, enum int_source src, bool has_error,
                    uint32_t error_code)
{
    if (c->mode == MODE_REAL)
        real_interrupt(c, vector);
    else
        pm_interrupt(c, vector, src, has_error, error_code);
}

/* Tell the built-in debugger (its interrupt and exception breakpoints),
 * then deliver.  Out of line, so that without a debugger cpu_interrupt()
 * stays a test and a tail call. */
static NOINLINE void report_and_deliver(struct cpu *c, uint8_t vector, enum int_source src,
                                        bool has_error, uint32_t error_code)
{
    struct cpu_dbg_event ev = { .kind = CPU_DBG_INTERRUPT, .vector = vector,
                                .source = (uint8_t)src, .has_error = has_error,
                                .error_code = error_code };
    c->dbg_event(c->dbg_opaque, c, &ev);
    deliver(c, vector, src, has_error, error_code);
}

void cpu_interrupt(struct cpu *c, uint8_t vector, enum int_source src, bool has_error,
                   uint32_t error_code)
{
    cpu_end_trace(c);
    c->event_delivered = true;
    if (c->dbg_event != NULL)
        report_and_deliver(c, vector, src, has_error, error_code);
    else
        deliver(c, vector, src, has_error, error_code);
}

void cpu_deliver_fault(struct cpu *c)
{
    uint8_t vector = c->fault.vector;
    bool has_error = c->fault.has_error;
    uint32_t error_code = c->fault.error_code;

    if (c->fault_depth > 0 && c->fault_vector >= 0) {
        uint8_t first = (uint8_t)c->fault_vector;
        if (first == EXC_DF) {
            /* A fault while delivering #DF: shutdown (SDM 6.15, Interrupt 8). */
            c->fault_depth = 0;
            c->fault_vector = -1;
            c->pending |= PENDING_RESET;
            c->shutdown = true;
            return;
        }
        bool df = (exc_is_contributory(first) && exc_is_contributory(vector)) ||
                  (first == EXC_PF && (vector == EXC_PF || exc_is_contributory(vector)));
        if (df) {
            vector = EXC_DF;
            has_error = true;
            error_code = 0;
        }
    }
    /* SDM Vol. 3, 17.3.1.1: the EFLAGS image pushed for a fault-class
     * exception has RF set (so IRET back to the instruction does not
     * re-trigger its instruction breakpoint); delivery then clears RF.
     * Not for #DB (instruction breakpoints keep RF as it is) or the #DF
     * abort. */
    if (vector != EXC_DB && vector != EXC_DF)
        c->eflags |= EFLAGS_RF;
    c->fault_depth++;
    c->fault_vector = (int8_t)vector;
    c->last_exception = vector;
    if (c->first_exception < 0)
        c->first_exception = vector;
    if (vector == EXC_DB || vector == EXC_NMI)
        c->fault_vector = -1;   /* benign for the #DF rules */
    cpu_interrupt(c, vector, INT_SRC_EXCEPTION, has_error, error_code);
    c->fault_depth = 0;
    c->fault_vector = -1;
}
