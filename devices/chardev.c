/* devices/chardev.c: the capture buffer of chardev.h. */
#include "devices/chardev.h"

#include <string.h>

void tx_capture_append(struct tx_capture *c, const uint8_t *data, size_t len)
{
    if (len >= TX_CAPTURE_MAX) {
        c->dropped += c->len + (len - TX_CAPTURE_MAX);
        memcpy(c->buf, data + (len - TX_CAPTURE_MAX), TX_CAPTURE_MAX);
        c->len = TX_CAPTURE_MAX;
        return;
    }
    if (c->len + len > TX_CAPTURE_MAX) {
        size_t drop = c->len + len - TX_CAPTURE_MAX;
        c->dropped += drop;
        tx_capture_consume(c, drop);
    }
    memcpy(c->buf + c->len, data, len);
    c->len += len;
}

void tx_capture_consume(struct tx_capture *c, size_t n)
{
    if (n >= c->len) {
        c->len = 0;
        return;
    }
    memmove(c->buf, c->buf + n, c->len - n);
    c->len -= n;
}
