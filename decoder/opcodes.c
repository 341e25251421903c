/* decoder/opcodes.c: the opcode tables, built from the .def files so that one
 * row per opcode drives decoding, dispatch, disassembly and model checks.
 * A row with cpus == 0 is an empty slot (undefined opcode). */
#include "decoder/opcodes.h"

#define ROW(name, o0, o1, o2, attr_, cpus_, h) \
    { .mn = MN_##name, .opnd = { OPND_##o0, OPND_##o1, OPND_##o2 }, \
      .attr = (attr_), .cpus = (cpus_), .exec = EXEC_##h }

const struct op_entry op_map_1byte[256] = {
#define OP(code, name, o0, o1, o2, attr, cpus, h) [code] = ROW(name, o0, o1, o2, attr, cpus, h),
#define GRP(code, g)
#include "decoder/opcodes_1byte.def"
#undef OP
#undef GRP
};

const uint8_t op_grp_1byte[256] = {
#define OP(code, name, o0, o1, o2, attr, cpus, h)
#define GRP(code, g) [code] = GRP_##g + 1,
#include "decoder/opcodes_1byte.def"
#undef OP
#undef GRP
};

const struct op_entry op_map_0f[256] = {
#define OP(code, name, o0, o1, o2, attr, cpus, h) [code] = ROW(name, o0, o1, o2, attr, cpus, h),
#define GRP(code, g)
#include "decoder/opcodes_0f.def"
#undef OP
#undef GRP
};

const uint8_t op_grp_0f[256] = {
#define OP(code, name, o0, o1, o2, attr, cpus, h)
#define GRP(code, g) [code] = GRP_##g + 1,
#include "decoder/opcodes_0f.def"
#undef OP
#undef GRP
};

const struct op_entry op_groups[GRP_COUNT][8] = {
#define GROUP(g)
#define GOP(g, r, name, o0, o1, o2, attr, cpus, h) \
    [GRP_##g][r] = ROW(name, o0, o1, o2, (attr) | ATTR_MODRM, cpus, h),
#include "decoder/opcodes_group.def"
#undef GROUP
#undef GOP
};

const struct op_entry op_x87_mem[8][8] = {
#define FOPM(esc, r, name, o0, h) \
    [(esc) - 0xD8][r] = ROW(name, o0, none, none, ATTR_MODRM | ATTR_X87 | ATTR_MEM_ONLY, CPUS_ALL, h),
#define FOPR(esc, r, rm, name, o0, o1, h)
#define FOPR6(esc, r, rm, name, o0, o1, h)
#include "decoder/opcodes_x87.def"
#undef FOPM
#undef FOPR
#undef FOPR6
};

const struct op_entry op_x87_reg[8][8][9] = {
#define FOPM(esc, r, name, o0, h)
#define FOPR(esc, r, rm, name, o0, o1, h) \
    [(esc) - 0xD8][r][rm] = ROW(name, o0, o1, none, ATTR_MODRM | ATTR_X87, CPUS_ALL, h),
#define FOPR6(esc, r, rm, name, o0, o1, h) \
    [(esc) - 0xD8][r][rm] = ROW(name, o0, o1, none, ATTR_MODRM | ATTR_X87, CPUS_686, h),
#include "decoder/opcodes_x87.def"
#undef FOPM
#undef FOPR
#undef FOPR6
};

const struct op_entry op_bad = ROW(BAD, none, none, none, 0, CPUS_ALL, ud);

static const char *const mnemonic_text[MN_COUNT] = {
#define MN(name, text) [MN_##name] = text,
#include "decoder/mnemonics.def"
#undef MN
};

static const signed char opnd_bytes[OPND_COUNT] = {
#define OPND(name, bytes) [OPND_##name] = (bytes),
#include "decoder/operands.def"
#undef OPND
};

const char *mnemonic_name(unsigned mn)
{
    return mn < MN_COUNT ? mnemonic_text[mn] : "?";
}

int opnd_size(unsigned kind)
{
    return kind < OPND_COUNT ? opnd_bytes[kind] : 0;
}
