/* conformance/json.c: see json.h. */
#include "conformance/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 64

struct parser {
    const char *p, *end;
    struct emu_err *err;
    int failed;
};

static void skip_ws(struct parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
        ps->p++;
}

static void fail(struct parser *ps, const char *what)
{
    if (!ps->failed)
        emu_fail(ps->err, EMU_EFORMAT, "JSON: %s", what);
    ps->failed = 1;
}

static char *parse_string(struct parser *ps)
{
    if (ps->p >= ps->end || *ps->p != '"') {
        fail(ps, "string expected");
        return NULL;
    }
    ps->p++;
    const char *start = ps->p;
    size_t n = 0;
    while (ps->p < ps->end && *ps->p != '"') {
        if (*ps->p == '\\' && ps->p + 1 < ps->end)
            ps->p++;
        ps->p++;
        n++;
    }
    if (ps->p >= ps->end) {
        fail(ps, "unterminated string");
        return NULL;
    }
    char *s = malloc(n + 1);
    if (s == NULL) {
        fail(ps, "out of memory");
        return NULL;
    }
    size_t k = 0;
    for (const char *q = start; q < ps->p; q++) {
        if (*q == '\\' && q + 1 < ps->p)
            q++;
        s[k++] = *q;
    }
    s[k] = 0;
    ps->p++;
    return s;
}

static struct json *parse_value(struct parser *ps, int depth);

static struct json *new_node(struct parser *ps, enum json_type type)
{
    struct json *j = calloc(1, sizeof *j);
    if (j == NULL)
        fail(ps, "out of memory");
    else
        j->type = type;
    return j;
}

static struct json *parse_container(struct parser *ps, int depth, int is_object)
{
    struct json *j = new_node(ps, is_object ? JSON_OBJECT : JSON_ARRAY);
    if (j == NULL)
        return NULL;
    ps->p++;
    struct json **tail = &j->child;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == (is_object ? '}' : ']')) {
        ps->p++;
        return j;
    }
    for (;;) {
        char *key = NULL;
        skip_ws(ps);
        if (is_object) {
            key = parse_string(ps);
            skip_ws(ps);
            if (ps->failed || ps->p >= ps->end || *ps->p != ':') {
                free(key);
                fail(ps, "':' expected");
                json_free(j);
                return NULL;
            }
            ps->p++;
        }
        struct json *v = parse_value(ps, depth + 1);
        if (v == NULL) {
            free(key);
            json_free(j);
            return NULL;
        }
        v->key = key;
        *tail = v;
        tail = &v->next;
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            continue;
        }
        if (ps->p < ps->end && *ps->p == (is_object ? '}' : ']')) {
            ps->p++;
            return j;
        }
        fail(ps, "',' or end of container expected");
        json_free(j);
        return NULL;
    }
}

static struct json *parse_value(struct parser *ps, int depth)
{
    skip_ws(ps);
    if (depth > JSON_MAX_DEPTH) {
        fail(ps, "nested too deeply");
        return NULL;
    }
    if (ps->p >= ps->end) {
        fail(ps, "value expected");
        return NULL;
    }
    char ch = *ps->p;
    if (ch == '{' || ch == '[')
        return parse_container(ps, depth, ch == '{');
    if (ch == '"') {
        struct json *j = new_node(ps, JSON_STRING);
        if (j != NULL && (j->string = parse_string(ps)) == NULL) {
            free(j);
            return NULL;
        }
        return j;
    }
    static const struct { const char *word; enum json_type type; int value; } words[] = {
        { "true", JSON_BOOL, 1 }, { "false", JSON_BOOL, 0 }, { "null", JSON_NULL, 0 } };
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(words[i].word);
        if ((size_t)(ps->end - ps->p) >= n && memcmp(ps->p, words[i].word, n) == 0) {
            ps->p += n;
            struct json *j = new_node(ps, words[i].type);
            if (j != NULL)
                j->boolean = words[i].value;
            return j;
        }
    }
    if (ch == '-' || (ch >= '0' && ch <= '9')) {
        char buf[64];
        size_t n = 0;
        while (ps->p < ps->end && n < sizeof buf - 1 && strchr("+-0123456789.eE", *ps->p))
            buf[n++] = *ps->p++;
        buf[n] = 0;
        struct json *j = new_node(ps, JSON_NUMBER);
        if (j != NULL)
            j->number = strtod(buf, NULL);
        return j;
    }
    fail(ps, "unexpected character");
    return NULL;
}

struct json *json_parse(const char *text, size_t len, struct emu_err *err)
{
    struct parser ps = { text, text + len, err, 0 };
    struct json *j = parse_value(&ps, 0);
    return ps.failed ? (json_free(j), NULL) : j;
}

struct json *json_parse_file(const char *path, struct emu_err *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        emu_fail(err, EMU_EIO, "%s: cannot open", path);
        return NULL;
    }
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf != NULL && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *nb = cap < (64u << 20) ? realloc(buf, cap * 2) : NULL;
            if (nb == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf == NULL) {
        emu_fail(err, EMU_ENOMEM, "%s: too large or out of memory", path);
        return NULL;
    }
    struct json *j = json_parse(buf, n, err);
    free(buf);
    return j;
}

void json_free(struct json *j)
{
    while (j != NULL) {
        struct json *next = j->next;
        json_free(j->child);
        free(j->string);
        free(j->key);
        free(j);
        j = next;
    }
}

const struct json *json_get(const struct json *obj, const char *key)
{
    if (obj == NULL || obj->type != JSON_OBJECT)
        return NULL;
    for (const struct json *m = obj->child; m != NULL; m = m->next) {
        if (m->key != NULL && strcmp(m->key, key) == 0)
            return m;
    }
    return NULL;
}
