/* devices/dma.h: the two 8237A DMA controllers of a PC/AT with their page
 * registers (8-bit channels 0-3 at ports 00h-0Fh, 16-bit channels 4-7 at
 * C0h-DFh, page registers 81h-8Fh), per the Intel 8237A datasheet.
 * Devices move data with dma_transfer(): the controller applies the
 * channel's address, count, direction, auto-init and mask exactly as the
 * hardware would for that many DREQ cycles. */
#ifndef VIREO_DEVICES_DMA_H
#define VIREO_DEVICES_DMA_H

#include <stdbool.h>
#include <stdint.h>

#include "util/error.h"

struct io_bus;
struct phys_mem;
struct isa_dma;

struct isa_dma *dma_create(struct io_bus *bus, struct phys_mem *mem, struct emu_err *err);
void dma_destroy(struct isa_dma *d);
/* Hardware RESET: a master clear of both controllers (page registers keep). */
void dma_reset(struct isa_dma *d);

/* Transfer up to len bytes between buf and memory on channel chan.
 * to_memory: a device-to-memory (write) transfer; else memory-to-device.
 * Returns the bytes moved (fewer if the channel is masked, reaches terminal
 * count without auto-init, or is programmed for the other direction);
 * *tc is set when terminal count was reached. */
unsigned dma_transfer(struct isa_dma *d, unsigned chan, uint8_t *buf, unsigned len,
                      bool to_memory, bool *tc);

/* DREQ state for devices that want the controller to see it (status reg). */
void dma_set_request(struct isa_dma *d, unsigned chan, bool level);

/* For the debugger's `info dma`: one line per channel into buf. */
void dma_describe(const struct isa_dma *d, char *buf, unsigned size);

#endif
