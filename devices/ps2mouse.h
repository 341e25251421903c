/* devices/ps2mouse.h: an IBM PS/2 mouse with the Microsoft IntelliMouse
 * wheel extension (device ID 3), as seen through the 8042's auxiliary
 * port.  kbc.c owns one. */
#ifndef VIREO_DEVICES_PS2MOUSE_H
#define VIREO_DEVICES_PS2MOUSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

struct sched;
struct ps2mouse;

#define PS2MOUSE_LEFT 0x01
#define PS2MOUSE_RIGHT 0x02
#define PS2MOUSE_MIDDLE 0x04

struct ps2mouse *ps2mouse_create(struct sched *sched, void (*notify)(void *opaque),
                                 void *opaque, struct emu_err *err);
void ps2mouse_destroy(struct ps2mouse *m);
/* Power-on: stream mode, reporting disabled, 100 samples/s, 4 counts/mm,
 * scaling 1:1, ID 0, nothing queued. */
void ps2mouse_reset(struct ps2mouse *m);

void ps2mouse_write(struct ps2mouse *m, uint8_t byte);
bool ps2mouse_pending(const struct ps2mouse *m);
uint8_t ps2mouse_read(struct ps2mouse *m);

/* Host motion: dx right, dy down (screen directions; the mouse reports
 * up as positive), dz wheel clicks (positive = towards the user), buttons
 * PS2MOUSE_* held now.  One host unit is one count at 4 counts/mm. */
void ps2mouse_motion(struct ps2mouse *m, int dx, int dy, int dz, unsigned buttons);

void ps2mouse_describe(const struct ps2mouse *m, char *buf, size_t size);

#endif
