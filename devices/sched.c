/* devices/sched.c: see sched.h.  Conversions split the product so that no
 * intermediate exceeds 64 bits on any host: i = q*ips + r gives
 * ticks = q*HZ + r*HZ/ips with r < ips <= SCHED_MAX_IPS. */
#include "devices/sched.h"

#include <stddef.h>

void sched_init(struct sched *s, uint64_t ips, const uint64_t *icount)
{
    s->ips = ips == 0 ? 1 : ips > SCHED_MAX_IPS ? SCHED_MAX_IPS : ips;
    s->icount = icount;
    s->head = NULL;
    s->earlier = NULL;
    s->earlier_opaque = NULL;
}

uint64_t sched_ticks_at(const struct sched *s, uint64_t icount)
{
    return icount / s->ips * SCHED_HZ + icount % s->ips * SCHED_HZ / s->ips;
}

uint64_t sched_icount_at(const struct sched *s, uint64_t ticks)
{
    if (ticks == SCHED_NEVER)
        return SCHED_NEVER;
    uint64_t i = ticks / SCHED_HZ * s->ips + (ticks % SCHED_HZ * s->ips + SCHED_HZ - 1) / SCHED_HZ;
    /* Rounding in the two halves can leave i one off: settle it exactly. */
    while (i > 0 && sched_ticks_at(s, i - 1) >= ticks)
        i--;
    while (sched_ticks_at(s, i) < ticks)
        i++;
    return i;
}

uint64_t sched_now(const struct sched *s)
{
    return sched_ticks_at(s, *s->icount);
}

void sched_cancel(struct sched *s, struct timer *t)
{
    if (!t->armed)
        return;
    for (struct timer **pp = &s->head; *pp != NULL; pp = &(*pp)->next) {
        if (*pp == t) {
            *pp = t->next;
            break;
        }
    }
    t->armed = false;
    t->next = NULL;
}

void sched_arm(struct sched *s, struct timer *t, uint64_t deadline,
               void (*fire)(void *opaque, uint64_t now), void *opaque)
{
    sched_cancel(s, t);
    t->deadline = deadline;
    t->fire = fire;
    t->opaque = opaque;
    struct timer **pp = &s->head;
    while (*pp != NULL && (*pp)->deadline <= deadline)   /* FIFO among equal deadlines */
        pp = &(*pp)->next;
    t->next = *pp;
    *pp = t;
    t->armed = true;
    if (s->head == t && s->earlier != NULL)
        s->earlier(s->earlier_opaque, deadline);
}

uint64_t sched_next_deadline(const struct sched *s)
{
    return s->head ? s->head->deadline : SCHED_NEVER;
}

void sched_run_due(struct sched *s)
{
    uint64_t now = sched_now(s);
    while (s->head != NULL && s->head->deadline <= now) {
        struct timer *t = s->head;
        s->head = t->next;
        t->next = NULL;
        t->armed = false;
        t->fire(t->opaque, now);    /* may re-arm t or others */
    }
}
