/* machine/output.c: see output.h. */
#include "machine/output.h"

#include <stdlib.h>
#include <string.h>

int output_open(struct output_sink *s, const char *spec, struct output_log *log,
                struct emu_err *err)
{
    s->file = NULL;
    s->owns_file = 0;
    s->log = log;
    if (spec == NULL || spec[0] == 0 || strcmp(spec, "none") == 0)
        return 0;
    if (strcmp(spec, "stdio") == 0) {
        s->file = stdout;
        return 0;
    }
    if (strncmp(spec, "file:", 5) == 0) {
        s->file = fopen(spec + 5, "wb");
        if (s->file == NULL)
            return emu_fail(err, EMU_EIO, "%s: cannot create the output file", spec + 5);
        s->owns_file = 1;
        return 0;
    }
    return emu_fail(err, EMU_EINVAL, "'%s' is not stdio, file:PATH or none", spec);
}

void output_close(struct output_sink *s)
{
    if (s->file != NULL) {
        if (s->owns_file)
            fclose(s->file);
        else
            fflush(s->file);
    }
    s->file = NULL;
}

void output_write(void *sink, const uint8_t *bytes, size_t n)
{
    struct output_sink *s = sink;
    if (s->file != NULL) {
        fwrite(bytes, 1, n, s->file);
        if (s->file == stdout)
            fflush(stdout);
    }
    struct output_log *l = s->log;
    if (l == NULL)
        return;
    if (l->len + n + 1 > l->cap) {
        size_t cap = l->cap ? l->cap : 4096;
        while (cap < l->len + n + 1)
            cap *= 2;
        char *d = realloc(l->data, cap);
        if (d == NULL)
            return;             /* keep going without recording */
        l->data = d;
        l->cap = cap;
    }
    memcpy(l->data + l->len, bytes, n);
    l->len += n;
    l->data[l->len] = 0;
}

void output_log_free(struct output_log *l)
{
    free(l->data);
    memset(l, 0, sizeof *l);
}

int output_log_find(struct output_log *l, const char *text)
{
    size_t n = strlen(text);
    if (l->data == NULL || n == 0 || l->len < n)
        return 0;
    for (size_t i = l->search_from; i + n <= l->len; i++) {
        if (memcmp(l->data + i, text, n) == 0) {
            l->search_from = i + n;
            return 1;
        }
    }
    return 0;
}
