/* cpu/dispatch.c: exec id -> handler row, built from decoder/exec.def so a
 * handler missing for any id is a link error, never a silent gap. */
#include "cpu/dispatch.h"

#include "cpu/exec.h"

const exec_fn *const exec_handlers[EXEC_COUNT] = {
#define EXEC(name) [EXEC_##name] = exec_##name,
#include "decoder/exec.def"
#undef EXEC
};
