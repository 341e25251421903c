/* cpu/fpu_state.h: the x87 FPU's architectural state (SDM Vol. 1, 8.1).
 * Registers are stored as the 80-bit extended format's fields, never as host
 * floating point, so results are identical on every host. */
#ifndef VIREO_CPU_FPU_STATE_H
#define VIREO_CPU_FPU_STATE_H

#include <stdint.h>

struct fp80 {
    uint64_t mant;              /* significand with the explicit integer bit 63 */
    uint16_t sexp;              /* sign (bit 15) and biased exponent (bits 0-14) */
};

struct fpu_state {
    struct fp80 st[8];          /* physical registers R0-R7; ST(i) = st[(top + i) & 7] */
    uint16_t cw;                /* control word */
    uint16_t sw;                /* status word, TOP field kept in bits 11-13 */
    uint16_t tw;                /* tag word, 2 bits per physical register */
    uint16_t fop;               /* last non-control instruction's opcode (11 bits) */
    uint32_t fip, fdp;          /* last instruction and operand offsets */
    uint16_t fcs, fds;          /* and their selectors */
};

#endif
