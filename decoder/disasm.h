/* decoder/disasm.h: Intel-syntax disassembly of decoded instructions, for
 * `vireo disasm`, the debugger and the tests.  The text follows GNU objdump
 * -M intel (operand order, "WORD PTR", unused prefixes by name) so the two
 * can be compared; docs/disasm.md lists every intentional difference.
 * Pure: no globals, no I/O, output bounded by the caller's buffer. */
#ifndef VIREO_DECODER_DISASM_H
#define VIREO_DECODER_DISASM_H

#include <stddef.h>
#include <stdint.h>

#include "decoder/decode.h"

/* Options; a NULL pointer means all zero. */
struct disasm_opts {
    /* Added to branch targets before they are printed or looked up: 0 shows
     * targets as offsets (IP/EIP values), a CS base shows linear addresses. */
    uint32_t cs_base;
    /* Optional: name a branch target.  Write "name+off" (NUL-terminated,
     * at most size bytes) and return nonzero, or return 0 for no symbol.
     * The target is then printed as "0x1234 <name+off>". */
    int (*symbol)(void *opaque, uint32_t addr, char *buf, size_t size);
    void *opaque;
};

/* A buffer of this size holds any text disasm() or disasm_next() makes:
 * at most 14 prefix names, a mnemonic and operands, or a branch target with
 * a symbol of up to 63 characters. */
#define DISASM_TEXT_MAX 256

/* Format one decoded instruction, whatever decode() returned for it.
 * bytes: its first in->len bytes (prefixes included), or NULL, in which case
 * prefixes are shown in a canonical order instead of as encoded.
 * ip: the offset (IP/EIP) of its first byte, for branch targets.
 * Writes a NUL-terminated string of at most size bytes (size may be 0) and
 * returns the length the full text has, like snprintf. */
size_t disasm(const struct insn *in, const uint8_t *bytes, uint32_t ip,
              const struct disasm_opts *opts, char *buf, size_t size);

/* One step of a linear sweep over code[0..avail-1]: decode, format, and
 * return how many bytes the printed instruction covers (0 only when avail
 * is 0).  Unlike a single decode(), and like objdump, this
 *  - merges FWAIT (9B) with a directly following x87 instruction, printing
 *    the waiting form: 9B DB E3 is one "finit" (the CPU runs two);
 *  - shows an undefined opcode, a memory-only form given a register, or a
 *    register-only form (the MMX shifts by an immediate) given memory, as
 *    "(bad)" covering only its prefixes and opcode bytes, so the sweep
 *    resumes at the ModRM byte;
 *  - shows bytes that end before the instruction does as ".byte 0xNN".
 * out, if not NULL, receives the decoded instruction that was printed (for
 * a merged FWAIT, the x87 one); its len is the decoder's, not the return
 * value. */
unsigned disasm_next(const uint8_t *code, size_t avail, const struct decode_ctx *ctx,
                     uint32_t ip, const struct disasm_opts *opts, struct insn *out,
                     char *buf, size_t size);

#endif
