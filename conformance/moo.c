/* conformance/moo.c: see moo.h.  The file is decompressed whole with zlib's
 * gz* functions (which also read uncompressed files), then walked chunk by
 * chunk with bounds checks on every length. */
#include "conformance/moo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "util/le.h"

int moo_open(struct moo_file *f, const char *path, struct emu_err *err)
{
    memset(f, 0, sizeof *f);
    gzFile gz = gzopen(path, "rb");
    if (gz == NULL)
        return emu_fail(err, EMU_EIO, "%s: cannot open", path);
    size_t cap = 1 << 20;
    f->data = malloc(cap);
    for (;;) {
        if (f->data == NULL) {
            gzclose(gz);
            return emu_fail(err, EMU_ENOMEM, "%s: out of memory", path);
        }
        int n = gzread(gz, f->data + f->size, (unsigned)(cap - f->size));
        if (n < 0) {
            gzclose(gz);
            moo_close(f);
            return emu_fail(err, EMU_EFORMAT, "%s: not a readable gzip file", path);
        }
        if (n == 0)
            break;
        f->size += (size_t)n;
        if (f->size == cap) {
            cap *= 2;
            uint8_t *p = realloc(f->data, cap);
            if (p == NULL)
                free(f->data);
            f->data = p;
        }
    }
    gzclose(gz);
    if (f->size < 8 + 12 || memcmp(f->data, "MOO ", 4) != 0) {
        moo_close(f);
        return emu_fail(err, EMU_EFORMAT, "%s: not a MOO file", path);
    }
    uint32_t len = load_le32(f->data + 4);
    if (len < 12 || len > f->size - 8) {
        moo_close(f);
        return emu_fail(err, EMU_EFORMAT, "%s: bad MOO header", path);
    }
    f->test_count = load_le32(f->data + 8 + 4);
    memcpy(f->cpu, f->data + 8 + 8, 4);
    f->cpu[4] = 0;
    f->pos = 8 + len;
    return 0;
}

void moo_close(struct moo_file *f)
{
    free(f->data);
    memset(f, 0, sizeof *f);
}

struct cursor {
    const uint8_t *p;
    size_t n;
};

static int take_chunk(struct cursor *c, char tag[5], struct cursor *body)
{
    if (c->n < 8)
        return 0;
    uint32_t len = load_le32(c->p + 4);
    if (len > c->n - 8)
        return -1;
    memcpy(tag, c->p, 4);
    tag[4] = 0;
    body->p = c->p + 8;
    body->n = len;
    c->p += 8 + len;
    c->n -= 8 + len;
    return 1;
}

static int read_state(struct cursor body, struct moo_state *s)
{
    char tag[5];
    struct cursor sub;
    int r;
    memset(s, 0, sizeof *s);
    while ((r = take_chunk(&body, tag, &sub)) == 1) {
        if (strcmp(tag, "REGS") == 0) {
            if (sub.n < 2)
                return -1;
            uint16_t mask = load_le16(sub.p);
            size_t at = 2;
            for (unsigned i = 0; i < MOO_NREGS; i++) {
                if (!(mask & (1u << i)))
                    continue;
                if (at + 2 > sub.n)
                    return -1;
                s->regs[i] = load_le16(sub.p + at);
                at += 2;
            }
            s->present = mask;
        } else if (strcmp(tag, "RAM ") == 0) {
            if (sub.n < 4)
                return -1;
            uint32_t count = load_le32(sub.p);
            if ((uint64_t)count * 5 > sub.n - 4)
                return -1;
            free(s->ram);
            s->ram = malloc(count ? count * sizeof *s->ram : 1);
            if (s->ram == NULL)
                return -1;
            for (uint32_t i = 0; i < count; i++) {
                s->ram[i].addr = load_le32(sub.p + 4 + 5 * i);
                s->ram[i].value = sub.p[4 + 5 * i + 4];
            }
            s->nram = count;
        }
    }
    return r < 0 ? -1 : 0;
}

static void free_state(struct moo_state *s)
{
    free(s->ram);
    s->ram = NULL;
    s->nram = 0;
}

void moo_test_free(struct moo_test *t)
{
    free_state(&t->init);
    free_state(&t->fina);
}

int moo_next(struct moo_file *f, struct moo_test *t, struct emu_err *err)
{
    free_state(&t->init);
    free_state(&t->fina);
    struct cursor top = { f->data + f->pos, f->size - f->pos };
    char tag[5];
    struct cursor body;
    for (;;) {
        int r = take_chunk(&top, tag, &body);
        if (r == 0)
            return 0;
        if (r < 0)
            return emu_fail(err, EMU_EFORMAT, "MOO: chunk runs past the end of the file"), -1;
        f->pos = (size_t)(top.p - f->data);
        if (strcmp(tag, "TEST") == 0)
            break;
    }
    memset(t, 0, sizeof *t);
    if (body.n < 4)
        return emu_fail(err, EMU_EFORMAT, "MOO: short TEST chunk"), -1;
    t->index = load_le32(body.p);
    body.p += 4;
    body.n -= 4;
    struct cursor sub;
    int r;
    while ((r = take_chunk(&body, tag, &sub)) == 1) {
        if (strcmp(tag, "NAME") == 0 && sub.n >= 4) {
            uint32_t len = load_le32(sub.p);
            if (len > sub.n - 4)
                len = (uint32_t)(sub.n - 4);
            if (len >= sizeof t->name)
                len = sizeof t->name - 1;
            memcpy(t->name, sub.p + 4, len);
            t->name[len] = 0;
        } else if (strcmp(tag, "BYTS") == 0 && sub.n >= 4) {
            uint32_t len = load_le32(sub.p);
            if (len > sub.n - 4)
                len = (uint32_t)(sub.n - 4);
            t->bytes = sub.p + 4;
            t->nbytes = len;
        } else if (strcmp(tag, "INIT") == 0) {
            if (read_state(sub, &t->init) < 0)
                return emu_fail(err, EMU_EFORMAT, "MOO: bad INIT in test %u", t->index), -1;
        } else if (strcmp(tag, "FINA") == 0) {
            if (read_state(sub, &t->fina) < 0)
                return emu_fail(err, EMU_EFORMAT, "MOO: bad FINA in test %u", t->index), -1;
        } else if (strcmp(tag, "EXCP") == 0 && sub.n >= 5) {
            t->has_exception = 1;
            t->exc_vector = sub.p[0];
            t->exc_flag_addr = load_le32(sub.p + 1);
        } else if (strcmp(tag, "HASH") == 0 && sub.n >= 20) {
            for (int i = 0; i < 20; i++)
                snprintf(t->hash + 2 * i, 3, "%02x", sub.p[i]);
        }
    }
    if (r < 0)
        return emu_fail(err, EMU_EFORMAT, "MOO: malformed chunk in test %u", t->index), -1;
    return 1;
}
