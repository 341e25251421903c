/* util/error.h: errors that travel up to main() as one clear line.
 * Library code never exits because of bad input: it fills a struct emu_err
 * and returns EMU_E*, and main() prints err.msg and exits 1. */
#ifndef VIREO_UTIL_ERROR_H
#define VIREO_UTIL_ERROR_H

enum emu_errcode {
    EMU_OK = 0,
    EMU_EIO,        /* a host file could not be opened, read or written */
    EMU_EFORMAT,    /* a host file has the wrong size or contents */
    EMU_EINVAL,     /* a bad option, argument or configuration value */
    EMU_ENOMEM,     /* host memory exhausted */
    EMU_ESTATE,     /* an operation that the current state does not allow */
};

struct emu_err {
    enum emu_errcode code;
    char msg[256];
};

/* Record a formatted message in err (which may be NULL) and return code. */
int emu_fail(struct emu_err *err, enum emu_errcode code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
