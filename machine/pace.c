/* machine/pace.c: real-time pacing arithmetic.  See pace.h. */
#include "machine/pace.h"

#include "devices/sched.h"

#define NS_PER_S 1000000000ull

uint64_t pace_ns_to_ticks(uint64_t ns)
{
    return ns / NS_PER_S * SCHED_HZ + (ns % NS_PER_S) * SCHED_HZ / NS_PER_S;
}

/* Rounded up, so waking at the returned time never finds the guest not due. */
uint64_t pace_ticks_to_ns(uint64_t ticks)
{
    return ticks / SCHED_HZ * NS_PER_S + ((ticks % SCHED_HZ) * NS_PER_S + SCHED_HZ - 1) / SCHED_HZ;
}

void pace_reset(struct pace *p, uint64_t host_ns, uint64_t guest_ticks, uint64_t max_lag_ns)
{
    p->host_ns = host_ns;
    p->guest_ticks = guest_ticks;
    p->max_lag_ns = max_lag_ns;
}

uint64_t pace_due(struct pace *p, uint64_t host_ns, uint64_t guest_ticks)
{
    if (host_ns < p->host_ns)               /* a host clock that went backwards */
        pace_reset(p, host_ns, guest_ticks, p->max_lag_ns);
    uint64_t due = p->guest_ticks + pace_ns_to_ticks(host_ns - p->host_ns);
    uint64_t lag = pace_ns_to_ticks(p->max_lag_ns);
    if (due > guest_ticks && due - guest_ticks > lag) {
        p->host_ns = host_ns;
        p->guest_ticks = guest_ticks + lag;
        p->resyncs++;
        due = p->guest_ticks;
    }
    return due;
}

uint64_t pace_host_at(const struct pace *p, uint64_t guest_ticks)
{
    if (guest_ticks <= p->guest_ticks)
        return p->host_ns;
    return p->host_ns + pace_ticks_to_ns(guest_ticks - p->guest_ticks);
}
