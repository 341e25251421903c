/* devices/ps2kbd.h: an IBM PS/2 (MF2) keyboard as the 8042 sees it: bytes
 * in (commands), bytes out (responses and scan codes in set 1, 2 or 3),
 * with typematic repeat in virtual time.  kbc.c owns one. */
#ifndef VIREO_DEVICES_PS2KBD_H
#define VIREO_DEVICES_PS2KBD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "devices/keycodes.h"
#include "util/error.h"

struct sched;
struct ps2kbd;

#define PS2KBD_LED_SCROLL 0x01
#define PS2KBD_LED_NUM 0x02
#define PS2KBD_LED_CAPS 0x04

/* notify(opaque) is called whenever the keyboard has a new byte to send. */
struct ps2kbd *ps2kbd_create(struct sched *sched, void (*notify)(void *opaque), void *opaque,
                             struct emu_err *err);
void ps2kbd_destroy(struct ps2kbd *k);
/* Power-on: set 2, defaults, scanning on, LEDs off, no keys down, nothing queued. */
void ps2kbd_reset(struct ps2kbd *k);

/* The host (8042) sends a byte; the keyboard answers through its queue. */
void ps2kbd_write(struct ps2kbd *k, uint8_t byte);
bool ps2kbd_pending(const struct ps2kbd *k);
uint8_t ps2kbd_read(struct ps2kbd *k);      /* next byte; call only when pending */

/* A key went down or up.  A second "down" for a key already down is
 * ignored: typematic repeat is the keyboard's own, in virtual time. */
void ps2kbd_key(struct ps2kbd *k, enum pc_key key, bool pressed);

/* Host repeat: the keyboard stops timing its own typematic repeat and
 * ps2kbd_key_repeat() sends a held key's repeat instead.  For a frontend
 * whose guest runs faster than real time (turbo), where a key held for a
 * moment of host time would span seconds of guest time and repeat. */
void ps2kbd_set_host_repeat(struct ps2kbd *k, bool on);
void ps2kbd_key_repeat(struct ps2kbd *k, enum pc_key key);

uint8_t ps2kbd_leds(const struct ps2kbd *k);
unsigned ps2kbd_scancode_set(const struct ps2kbd *k);

void ps2kbd_describe(const struct ps2kbd *k, char *buf, size_t size);

#endif
