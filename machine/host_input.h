/* machine/host_input.h: bytes from a host file descriptor (the terminal,
 * for --serial stdio) into an emulated UART's receiver.  The fd is polled
 * without blocking whenever the machine runs; bytes wait here while the
 * UART's FIFO is full, so none is lost.  Input from the host makes a run
 * depend on when it arrives: without it a run stays deterministic. */
#ifndef VIREO_MACHINE_HOST_INPUT_H
#define VIREO_MACHINE_HOST_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct uart;

struct host_input {
    int fd;                     /* -1: none */
    bool eof;                   /* end of input or a read error: stop polling */
    uint8_t buf[256];
    size_t pos, len;            /* bytes buf[pos..len) wait for the UART */
};

void host_input_init(struct host_input *h, int fd);
/* Hand the UART what it takes of the waiting bytes, reading more from the
 * fd when none wait and it has some ready. */
void host_input_pump(struct host_input *h, struct uart *u);

#endif
