/* cpu/dispatch.h: the handler table the decoder stores into decoded
 * instructions: exec_handlers[exec id][variant]. */
#ifndef VIREO_CPU_DISPATCH_H
#define VIREO_CPU_DISPATCH_H

#include "decoder/decode.h"

extern const exec_fn *const exec_handlers[EXEC_COUNT];

#endif
