/* cli/cmd_disasm.c: `vireo disasm [--bits 16|32] [--org ADDR] FILE`, a
 * linear-sweep Intel-syntax listing of a raw binary file, one instruction
 * per line (layout: docs/disasm.md).  The text is decoder/disasm.c's. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "decoder/decode.h"
#include "decoder/disasm.h"

#define HEX_COLUMN_BYTES 8      /* the byte column fits this many; longer ones push the text */

static const char usage_text[] =
    "usage: vireo disasm [--bits 16|32] [--org ADDR] FILE\n"
    "  Disassemble a raw binary file (Intel syntax), one instruction per line:\n"
    "  ADDR: HEXBYTES  TEXT.  --bits: code size (default 16); --org: address of\n"
    "  the first byte (default 0; decimal, 0x hex or 0 octal).\n";

/* One error line on stderr; returns the exit status 1. */
static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("vireo disasm: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return 1;
}

/* Read all of path; NULL with errno set on failure. */
static uint8_t *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, n = 0;
    uint8_t *buf = malloc(cap);
    while (buf != NULL) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        uint8_t *bigger = cap <= SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
        if (bigger == NULL) {
            free(buf);
            buf = NULL;
            errno = ENOMEM;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    int err = errno;
    if (buf != NULL && ferror(f)) {
        err = errno != 0 ? errno : EIO;
        free(buf);
        buf = NULL;
    }
    fclose(f);
    errno = err;
    *size = n;
    return buf;
}

static int parse_u32(const char *s, unsigned long long limit, unsigned long long *out)
{
    char *end;
    if (s == NULL || *s == '\0' || *s == '-')
        return -1;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno != 0 || *end != '\0' || v > limit)
        return -1;
    *out = v;
    return 0;
}

int cmd_disasm(int argc, char **argv)
{
    unsigned long long bits = 16, org = 0;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_text, stdout);
            return 0;
        }
        if (strncmp(a, "--bits=", 7) == 0 || strncmp(a, "--org=", 6) == 0) {
            val = strchr(a, '=') + 1;
        } else if (strcmp(a, "--bits") == 0 || strcmp(a, "--org") == 0) {
            if (i + 1 >= argc)
                return fail("%s needs a value (try --help)", a);
            val = argv[++i];
        } else if (a[0] == '-' && a[1] != '\0') {
            return fail("unknown option %s (try --help)", a);
        } else {
            if (path != NULL)
                return fail("more than one FILE given (%s)", a);
            path = a;
            continue;
        }
        if (strncmp(a, "--bits", 6) == 0) {
            if (parse_u32(val, 32, &bits) != 0 || (bits != 16 && bits != 32))
                return fail("--bits must be 16 or 32, not '%s'", val);
        } else if (parse_u32(val, 0xFFFFFFFFull, &org) != 0) {
            return fail("--org must be an address from 0 to 0xffffffff, not '%s'", val);
        }
    }
    if (path == NULL)
        return fail("no FILE given (try --help)");

    size_t size;
    uint8_t *code = read_file(path, &size);
    if (code == NULL)
        return fail("%s: %s", path, strerror(errno));

    struct decode_ctx ctx = { .code32 = bits == 32, .cpu = CPU_P2, .handlers = NULL };
    /* Addresses wider than the code size keep their upper bits as a base,
     * as objdump does: a 16-bit IP wraps within its 64 KiB. */
    int digits = (bits == 32 || org + size > 0x10000) ? 8 : 4;
    char text[DISASM_TEXT_MAX];
    size_t off = 0;
    while (off < size) {
        uint32_t addr = (uint32_t)(org + off);
        struct disasm_opts opts = { 0 };
        uint32_t ip = addr;
        if (bits == 16) {
            ip = addr & 0xFFFFu;
            opts.cs_base = addr & ~0xFFFFu;
        }
        unsigned n = disasm_next(code + off, size - off, &ctx, ip, &opts, NULL, text, sizeof text);
        char hex[3 * INSN_MAX_LEN + 1];
        size_t h = 0;
        for (unsigned k = 0; k < n; k++)
            h += (size_t)snprintf(hex + h, sizeof hex - h, k ? " %02x" : "%02x", code[off + k]);
        printf("%0*lx: %-*s  %s\n", digits, (unsigned long)addr, 3 * HEX_COLUMN_BYTES - 1, hex,
               text);
        off += n;
    }
    free(code);
    if (fflush(stdout) != 0 || ferror(stdout))
        return fail("cannot write the listing to standard output");
    return 0;
}
