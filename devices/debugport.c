/* devices/debugport.c: E9h debug console (reads return E9h, as Bochs's
 * port E9 hack does, so software can detect it), F4h isa-debug-exit as in
 * QEMU (exit status (V << 1) | 1 for the byte V written; wider writes are
 * split by the bus and the low byte counts), 8900h Bochs shutdown
 * ("Shutdown" byte by byte), and the POST code latch at 80h (readable, as
 * the AT's page register file makes it). */
#include "devices/debugport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/bus.h"

static const char shutdown_word[] = "Shutdown";

struct debugport {
    struct chardev console;
    struct debugport_callbacks cb;
    const struct logger *log;
    struct tx_capture *capture;
    unsigned shutdown_match;        /* bytes of "Shutdown" matched so far */
    uint8_t post;
    uint8_t history[DEBUGPORT_POST_HISTORY];
    unsigned hist_head, hist_count;
    uint64_t post_writes;
};

static uint32_t e9_read(void *opaque, uint16_t off, unsigned size)
{
    (void)opaque;
    (void)off;
    (void)size;
    return 0xe9;
}

static void e9_write(void *opaque, uint16_t off, unsigned size, uint32_t value)
{
    struct debugport *d = opaque;
    uint8_t b = (uint8_t)value;
    (void)off;
    (void)size;
    if (d->console.write != NULL)
        d->console.write(d->console.opaque, &b, 1);
    tx_capture_append(d->capture, &b, 1);
}

static uint32_t ff_read(void *opaque, uint16_t off, unsigned size)
{
    (void)opaque;
    (void)off;
    (void)size;
    return 0xff;
}

static void exit_write(void *opaque, uint16_t off, unsigned size, uint32_t value)
{
    struct debugport *d = opaque;
    (void)off;
    (void)size;
    if (d->cb.exit_request != NULL)
        d->cb.exit_request(d->cb.opaque, (int)(((value & 0xffu) << 1) | 1u));
}

static void shutdown_write(void *opaque, uint16_t off, unsigned size, uint32_t value)
{
    struct debugport *d = opaque;
    char c = (char)value;
    (void)off;
    (void)size;
    if (c == shutdown_word[d->shutdown_match])
        d->shutdown_match++;
    else
        d->shutdown_match = c == shutdown_word[0] ? 1 : 0;
    if (d->shutdown_match == sizeof shutdown_word - 1) {
        d->shutdown_match = 0;
        if (d->cb.power_off != NULL)
            d->cb.power_off(d->cb.opaque);
    }
}

static uint32_t post_read(void *opaque, uint16_t off, unsigned size)
{
    const struct debugport *d = opaque;
    (void)off;
    (void)size;
    return d->post;
}

static void post_write(void *opaque, uint16_t off, unsigned size, uint32_t value)
{
    struct debugport *d = opaque;
    (void)off;
    (void)size;
    d->post = (uint8_t)value;
    d->post_writes++;
    d->history[(d->hist_head + d->hist_count) % DEBUGPORT_POST_HISTORY] = d->post;
    if (d->hist_count < DEBUGPORT_POST_HISTORY)
        d->hist_count++;
    else
        d->hist_head = (d->hist_head + 1) % DEBUGPORT_POST_HISTORY;
    log_msg(d->log, LOG_INFO, "post", "POST code %02Xh", d->post);
}

static const struct io_ops e9_io = {
    .name = "debugcon", .read = e9_read, .write = e9_write, .widths = IO_W8,
};
static const struct io_ops exit_io = {
    .name = "debug-exit", .read = ff_read, .write = exit_write, .widths = IO_W8,
};
static const struct io_ops shutdown_io = {
    .name = "bochs-shutdown", .read = ff_read, .write = shutdown_write, .widths = IO_W8,
};
static const struct io_ops post_io = {
    .name = "post", .read = post_read, .write = post_write, .widths = IO_W8,
};

struct debugport *debugport_create(struct io_bus *bus, const struct chardev *console,
                                   const struct debugport_callbacks *cb, struct emu_err *err)
{
    struct debugport *d = calloc(1, sizeof *d);
    struct tx_capture *cap = calloc(1, sizeof *cap);
    if (d == NULL || cap == NULL) {
        free(d);
        free(cap);
        emu_fail(err, EMU_ENOMEM, "debugport: out of memory");
        return NULL;
    }
    d->capture = cap;
    if (console != NULL)
        d->console = *console;
    if (cb != NULL)
        d->cb = *cb;
    d->log = bus->log;
    if (bus_map_ports(bus, 0xe9, 1, &e9_io, d, err) != 0 ||
        bus_map_ports(bus, 0xf4, 1, &exit_io, d, err) != 0 ||
        bus_map_ports(bus, 0x8900, 1, &shutdown_io, d, err) != 0 ||
        bus_map_ports(bus, 0x80, 1, &post_io, d, err) != 0) {
        free(cap);
        free(d);
        return NULL;
    }
    return d;
}

void debugport_destroy(struct debugport *d)
{
    if (d == NULL)
        return;
    free(d->capture);
    free(d);
}

void debugport_reset(struct debugport *d)
{
    d->shutdown_match = 0;
}

size_t debugport_captured(const struct debugport *d, const uint8_t **data)
{
    *data = d->capture->buf;
    return d->capture->len;
}

void debugport_consume(struct debugport *d, size_t n)
{
    tx_capture_consume(d->capture, n);
}

uint8_t debugport_post_code(const struct debugport *d)
{
    return d->post;
}

unsigned debugport_post_history(const struct debugport *d, uint8_t *codes)
{
    for (unsigned i = 0; i < d->hist_count; i++)
        codes[i] = d->history[(d->hist_head + i) % DEBUGPORT_POST_HISTORY];
    return d->hist_count;
}

void debugport_describe(const struct debugport *d, char *buf, size_t size)
{
    if (size == 0)
        return;
    int w = snprintf(buf, size, "post: last=%02x writes=%llu history:", d->post,
                     (unsigned long long)d->post_writes);
    size_t used = w < 0 ? 0 : (size_t)w;
    for (unsigned i = 0; i < d->hist_count && used < size; i++) {
        w = snprintf(buf + used, size - used, " %02x",
                     d->history[(d->hist_head + i) % DEBUGPORT_POST_HISTORY]);
        if (w < 0)
            return;
        used += (size_t)w;
    }
    if (used < size)
        snprintf(buf + used, size - used, "\ndebugcon: %zu bytes captured (%llu dropped)\n",
                 d->capture->len, (unsigned long long)d->capture->dropped);
}
