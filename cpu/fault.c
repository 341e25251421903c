/* cpu/fault.c: raising guest exceptions from inside an instruction.  A guest
 * fault is the core's only longjmp: it unwinds to cpu_run(), which delivers
 * the exception (combining faults into #DF or a triple fault as SDM Vol. 3,
 * 6.15 "Exception and Interrupt Reference", Table 6-5 prescribes). */
#include "cpu/cpu.h"

#include <setjmp.h>

_Noreturn void cpu_raise(struct cpu *c, uint8_t vector)
{
    c->fault.vector = vector;
    c->fault.has_error = false;
    c->fault.error_code = 0;
    c->eip = c->insn_start_eip;               /* faults are restartable */
    longjmp(c->fault_exit, 1);
}

_Noreturn void cpu_raise_err(struct cpu *c, uint8_t vector, uint32_t error_code)
{
    c->fault.vector = vector;
    c->fault.has_error = true;
    c->fault.error_code = error_code;
    c->eip = c->insn_start_eip;
    longjmp(c->fault_exit, 1);
}
