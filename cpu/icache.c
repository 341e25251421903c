/* cpu/icache.c: see icache.h.  Trace building lives in run.c, next to the
 * fetch checks it depends on. */
#include "cpu/icache.h"

#include <stdlib.h>

struct icache *icache_create(void)
{
    struct icache *ic = calloc(1, sizeof *ic);
    if (ic == NULL)
        return NULL;
    ic->epoch = 1;              /* calloc'd slots have epoch 0: all invalid */
    /* No link (id 0) may match a slot never built: those get an id that
     * no link holds until a build hands it out. */
    for (uint32_t i = 0; i < ICACHE_SLOTS; i++)
        ic->slot[i].id = UINT32_MAX;
    for (uint32_t i = 0; i < ICACHE_JUMP; i++)
        ic->jump[i].to = &ic->slot[0];  /* id 0: matches nothing */
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
