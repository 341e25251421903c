/* cpu/exec_x87.c: the x87 escapes and WAIT.  This file stands for a CPU
 * without a coprocessor until the FPU lands (fpu/): ESC raises #NM under
 * CR0.EM or CR0.TS and otherwise does nothing beyond its address
 * calculation, as on a 386 with no 387 fitted; WAIT raises #NM when TS and
 * MP are both set (SDM Vol. 3, Table 2-2). */
#include "cpu/exec.h"

static void x87(struct cpu *c, const struct insn *in)
{
    (void)in;
    if (c->cr0 & (CR0_EM | CR0_TS))
        cpu_raise(c, EXC_NM);
}
EXEC_ALL(x87, x87);

static void wait_(struct cpu *c, const struct insn *in)
{
    (void)in;
    if ((c->cr0 & (CR0_TS | CR0_MP)) == (CR0_TS | CR0_MP))
        cpu_raise(c, EXC_NM);
}
EXEC_ALL(wait, wait_);
