/* machine/board.h: the parts of machine construction that machine.c
 * delegates: chipset I/O devices (8042, port 92h, UARTs, debug ports),
 * floppy media, the CMOS contents, and the callbacks they drive. */
#ifndef VIREO_MACHINE_BOARD_H
#define VIREO_MACHINE_BOARD_H

#include <stdbool.h>
#include <stdint.h>

#include "util/error.h"

struct machine;

int board_create_chipset_io(struct machine *m, struct emu_err *err);
void board_reset_chipset_io(struct machine *m);
void board_destroy_chipset_io(struct machine *m);
int board_attach_floppies(struct machine *m, struct emu_err *err);
void board_fill_cmos(struct machine *m);
/* "host" is resolved by the caller; here: seconds since 1970 or an ISO
 * date YYYY-MM-DD[THH:MM:SS] (UTC). */
int board_parse_rtc_start(const char *text, int64_t *out, struct emu_err *err);

/* Callbacks for devices (opaque is the struct machine). */
void board_set_a20(void *opaque, bool on);
void board_cpu_reset(void *opaque);
void board_exit_request(void *opaque, int status);

#endif
