/* decoder/opcodes.h: the opcode tables of opcodes.c, for decode.c and the
 * disassembler.  Not for the CPU: it sees only struct insn. */
#ifndef VIREO_DECODER_OPCODES_H
#define VIREO_DECODER_OPCODES_H

#include "decoder/decode.h"

enum grp_id {
#define GROUP(g) GRP_##g,
#define GOP(g, r, name, o0, o1, o2, attr, cpus, h)
#include "decoder/opcodes_group.def"
#undef GROUP
#undef GOP
    GRP_COUNT
};

extern const struct op_entry op_map_1byte[256];
extern const uint8_t op_grp_1byte[256];        /* group id + 1, or 0 */
extern const struct op_entry op_map_0f[256];
extern const uint8_t op_grp_0f[256];
extern const struct op_entry op_groups[GRP_COUNT][8];
extern const struct op_entry op_x87_mem[8][8];       /* [escape - D8][reg] */
extern const struct op_entry op_x87_reg[8][8][9];    /* [escape - D8][reg][rm, 8 = any] */

static inline int op_row_present(const struct op_entry *e)
{
    return e->cpus != 0;
}

#endif
