/* conformance/json.h: a small JSON reader, enough for the SingleStepTests
 * metadata: objects, arrays, strings (escapes kept verbatim except \" and
 * \\), numbers, true, false, null.  Depth and size are bounded; malformed
 * input gives NULL and a message. */
#ifndef VIREO_CONFORMANCE_JSON_H
#define VIREO_CONFORMANCE_JSON_H

#include <stddef.h>

#include "util/error.h"

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json {
    enum json_type type;
    double number;
    int boolean;
    char *string;               /* JSON_STRING value, or the key within an object */
    char *key;
    struct json *child;         /* first element or member */
    struct json *next;          /* next sibling */
};

struct json *json_parse(const char *text, size_t len, struct emu_err *err);
struct json *json_parse_file(const char *path, struct emu_err *err);
void json_free(struct json *j);
/* The member `key` of an object, or NULL. */
const struct json *json_get(const struct json *obj, const char *key);

#endif
