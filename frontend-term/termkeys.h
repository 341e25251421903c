/* frontend-term/termkeys.h: what a terminal sends for its keys, turned back
 * into PC keys.  Bytes come in as the terminal sends them (UTF-8 aside:
 * US-ASCII, control characters and the VT100/xterm escape sequences for
 * cursor, editing and function keys, with xterm's modifier parameter);
 * each complete key comes out as a PC key and the modifiers held with it.
 * Pure: no I/O, so the tests feed it byte strings. */
#ifndef VIREO_FRONTEND_TERM_TERMKEYS_H
#define VIREO_FRONTEND_TERM_TERMKEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "devices/keycodes.h"

enum {
    TK_SHIFT = 1u << 0,
    TK_CTRL = 1u << 1,
    TK_ALT = 1u << 2,
};

/* Ctrl-] (1Dh, telnet's escape character) leaves the terminal display: it
 * comes out as PC_KEY_NONE with quit set. */
#define TERMKEYS_QUIT_BYTE 0x1d

struct term_key {
    enum pc_key key;
    uint8_t mods;               /* TK_* */
    bool quit;
};

struct termkeys {
    uint8_t seq[16];            /* an escape sequence still arriving */
    unsigned len;
    bool skipping;              /* a sequence too long to hold: drop it to its final byte */
};

void termkeys_init(struct termkeys *k);
/* Decode n bytes; writes up to max keys to out and returns how many.  An
 * unfinished escape sequence waits for more bytes (or termkeys_flush). */
size_t termkeys_feed(struct termkeys *k, const uint8_t *in, size_t n, struct term_key *out,
                     size_t max);
/* The input went quiet: what waits is taken as typed (a lone ESC is the
 * Esc key; ESC and a character, Alt and that character). */
size_t termkeys_flush(struct termkeys *k, struct term_key *out, size_t max);
bool termkeys_pending(const struct termkeys *k);

#endif
