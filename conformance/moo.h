/* conformance/moo.h: a reader for the SingleStepTests MOO format (chunks of
 * a 4-byte tag, a little-endian u32 length and a payload), as documented in
 * ../shared/conformance/README.md.  Unknown chunks are skipped by length. */
#ifndef VIREO_CONFORMANCE_MOO_H
#define VIREO_CONFORMANCE_MOO_H

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

enum moo_reg { MOO_AX, MOO_BX, MOO_CX, MOO_DX, MOO_CS, MOO_SS, MOO_DS, MOO_ES, MOO_SP, MOO_BP,
               MOO_SI, MOO_DI, MOO_IP, MOO_FLAGS, MOO_NREGS };

struct moo_ram {
    uint32_t addr;
    uint8_t value;
};

struct moo_state {
    uint16_t regs[MOO_NREGS];
    uint16_t present;           /* bit i: regs[i] given */
    struct moo_ram *ram;        /* owned: freed by moo_test_free() */
    size_t nram;
};

struct moo_test {
    uint32_t index;
    char name[96];
    const uint8_t *bytes;       /* instruction bytes (may include junk after) */
    size_t nbytes;
    struct moo_state init, fina;
    int has_exception;
    uint8_t exc_vector;
    uint32_t exc_flag_addr;
    char hash[41];              /* SHA-1 in lower-case hex */
};

struct moo_file {
    uint8_t *data;              /* the whole decompressed file */
    size_t size;
    size_t pos;                 /* next chunk */
    uint32_t test_count;        /* from the MOO header */
    char cpu[5];
};

/* Read and decompress path (gzip or plain). */
int moo_open(struct moo_file *f, const char *path, struct emu_err *err);
void moo_close(struct moo_file *f);
/* The next test: 1 if read, 0 at the end, -1 on a malformed file (err set).
 * t must start zeroed; its RAM lists are reused and freed by moo_test_free(). */
int moo_next(struct moo_file *f, struct moo_test *t, struct emu_err *err);
void moo_test_free(struct moo_test *t);

#endif
