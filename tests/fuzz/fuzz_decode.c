/* tests/fuzz/fuzz_decode.c: libFuzzer harness for decode() and the
 * disassembler (STYLE.md section 10).  Every input is decoded in each mode
 * and CPU model; a decode must stay within the input and 15 bytes, and the
 * disassembler must cope with whatever decode() returned.  Build and run:
 * `make fuzz FUZZ_CC=clang && ./tests/fuzz/fuzz_decode -max_total_time=300`. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decoder/decode.h"
#include "decoder/disasm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct decode_ctx decode_ctx_all[] = {
    { .code32 = 0, .cpu = CPU_386 }, { .code32 = 1, .cpu = CPU_386 },
    { .code32 = 0, .cpu = CPU_486 }, { .code32 = 1, .cpu = CPU_486 },
    { .code32 = 0, .cpu = CPU_586 }, { .code32 = 1, .cpu = CPU_586 },
    { .code32 = 0, .cpu = CPU_686 }, { .code32 = 1, .cpu = CPU_686 },
    { .code32 = 0, .cpu = CPU_P2 }, { .code32 = 1, .cpu = CPU_P2 },
};
#define DECODE_CTX_COUNT (sizeof decode_ctx_all / sizeof decode_ctx_all[0])

/* A symbol callback that fills the whole buffer, to test bounds. */
static int fill_symbol(void *opaque, uint32_t addr, char *buf, size_t size)
{
    (void)opaque;
    memset(buf, 'a' + (int)(addr % 26), size);
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* An exact-size copy, so that ASan sees any read past the input. */
    uint8_t *code = malloc(size ? size : 1);
    if (code == NULL)
        return 0;
    memcpy(code, data, size);
    for (size_t i = 0; i < DECODE_CTX_COUNT; i++) {
        struct insn in;
        char text[DISASM_TEXT_MAX];
        enum decode_status st = decode(code, size, &decode_ctx_all[i], &in);
        if (st == DECODE_OK || st == DECODE_UNDEFINED) {
            if (in.len == 0 || in.len > INSN_MAX_LEN || in.len > size || in.npfx >= in.len)
                abort();
            if (in.op == NULL || in.mn >= MN_COUNT)
                abort();
        }
        size_t n = disasm(&in, st == DECODE_OK || st == DECODE_UNDEFINED ? code : NULL,
                          (uint32_t)size * 0x9E3779B9u, NULL, text, sizeof text);
        if (n >= sizeof text || strlen(text) != n)
            abort();
        /* The linear sweep, with a symbol callback and a tiny buffer too. */
        struct disasm_opts opts = { .cs_base = 0xFFFF0000u, .symbol = fill_symbol };
        size_t off = 0;
        while (off < size) {
            char small[7];
            unsigned len = disasm_next(code + off, size - off, &decode_ctx_all[i],
                                       (uint32_t)off, &opts, &in, text, sizeof text);
            if (len == 0 || len > INSN_MAX_LEN || len > size - off || strlen(text) >= sizeof text)
                abort();
            disasm_next(code + off, size - off, &decode_ctx_all[i], (uint32_t)off, NULL,
                        NULL, small, sizeof small);
            if (strlen(small) >= sizeof small)
                abort();
            off += len;
        }
    }
    free(code);
    return 0;
}
