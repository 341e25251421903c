/* machine/output.h: where byte streams from the guest go (COM1, the debug
 * console) and the record the headless automation searches for `expect`. */
#ifndef VIREO_MACHINE_OUTPUT_H
#define VIREO_MACHINE_OUTPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util/error.h"

/* A growing record of everything written, searchable by expect. */
struct output_log {
    char *data;
    size_t len, cap;
    size_t search_from;         /* expect looks only at output after this point */
};

/* A destination: stdio, a file, or nothing; plus an optional log. */
struct output_sink {
    FILE *file;                 /* NULL: discard */
    int owns_file;
    struct output_log *log;     /* NULL: not recorded */
};

/* Open spec ("stdio", "file:PATH", "none") into sink. */
int output_open(struct output_sink *s, const char *spec, struct output_log *log,
                struct emu_err *err);
void output_close(struct output_sink *s);
void output_write(void *sink, const uint8_t *bytes, size_t n);
void output_log_free(struct output_log *l);
/* Find text in the log after search_from; on success move search_from past it. */
int output_log_find(struct output_log *l, const char *text);

#endif
