/* devices/irq.h: an interrupt request line, as a device sees it.
 * A device holds a struct irq_line and drives it without knowing who listens
 * (normally the PIC pair), so devices need no PIC include. */
#ifndef VIREO_DEVICES_IRQ_H
#define VIREO_DEVICES_IRQ_H

#include <stdbool.h>

struct irq_line {
    void (*set)(void *ctx, unsigned line, bool level);
    void *ctx;
    unsigned line;              /* 0-15 on the PIC pair */
};

/* Drive the line high (asserted) or low.  An edge-triggered PIC input sees
 * a request on each low-to-high transition; pulse = raise then lower. */
static inline void irq_set(const struct irq_line *l, bool level)
{
    if (l->set != NULL)
        l->set(l->ctx, l->line, level);
}
static inline void irq_raise(const struct irq_line *l) { irq_set(l, true); }
static inline void irq_lower(const struct irq_line *l) { irq_set(l, false); }
static inline void irq_pulse(const struct irq_line *l)
{
    irq_set(l, true);
    irq_set(l, false);
}

#endif
