/* util/error.c: see error.h. */
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>

int emu_fail(struct emu_err *err, enum emu_errcode code, const char *fmt, ...)
{
    if (err != NULL) {
        va_list ap;
        va_start(ap, fmt);
        err->code = code;
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return (int)code;
}
