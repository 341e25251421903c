/* machine/host_input.c: see host_input.h. */
#include "machine/host_input.h"

#include <errno.h>
#include <poll.h>
#include <unistd.h>

#include "devices/uart.h"

void host_input_init(struct host_input *h, int fd)
{
    h->fd = fd;
    h->eof = false;
    h->pos = h->len = 0;
}

void host_input_pump(struct host_input *h, struct uart *u)
{
    if (h->fd < 0 || u == NULL)
        return;
    if (h->pos == h->len && !h->eof) {
        struct pollfd p = { .fd = h->fd, .events = POLLIN };
        if (poll(&p, 1, 0) <= 0 || !(p.revents & (POLLIN | POLLHUP | POLLERR)))
            return;
        ssize_t n = read(h->fd, h->buf, sizeof h->buf);
        if (n <= 0) {
            if (n == 0 || (errno != EINTR && errno != EAGAIN))
                h->eof = true;
            return;
        }
        h->pos = 0;
        h->len = (size_t)n;
    }
    if (h->pos < h->len)
        h->pos += uart_receive(u, h->buf + h->pos, h->len - h->pos);
}
