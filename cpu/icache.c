/* cpu/icache.c: see icache.h.  Trace building lives in run.c, next to the
 * fetch checks it depends on. */
#include "cpu/icache.h"

#include <stdlib.h>

struct icache *icache_create(void)
{
    struct icache *ic = calloc(1, sizeof *ic);
    if (ic != NULL)
        ic->epoch = 1;          /* calloc'd slots have epoch 0: all invalid */
    return ic;
}

void icache_destroy(struct icache *ic)
{
    free(ic);
}

void icache_flush(struct icache *ic)
{
    ic->epoch++;
    ic->pool_used = 0;
    ic->flushes++;
}
