/* frontend-term/termkeys.c: see termkeys.h.  The sequences are those of
 * xterm ("Xterm Control Sequences": PC-style function keys), which the
 * Linux console, VTE, tmux and screen also send for these keys. */
#include "frontend-term/termkeys.h"

#include <string.h>

/* CSI n ~ keys by n. */
static const struct { unsigned n; enum pc_key key; } tilde_keys[] = {
    { 1, PC_KEY_HOME }, { 2, PC_KEY_INSERT }, { 3, PC_KEY_DELETE }, { 4, PC_KEY_END },
    { 5, PC_KEY_PAGE_UP }, { 6, PC_KEY_PAGE_DOWN }, { 7, PC_KEY_HOME }, { 8, PC_KEY_END },
    { 11, PC_KEY_F1 }, { 12, PC_KEY_F2 }, { 13, PC_KEY_F3 }, { 14, PC_KEY_F4 },
    { 15, PC_KEY_F5 }, { 17, PC_KEY_F6 }, { 18, PC_KEY_F7 }, { 19, PC_KEY_F8 },
    { 20, PC_KEY_F9 }, { 21, PC_KEY_F10 }, { 23, PC_KEY_F11 }, { 24, PC_KEY_F12 },
};

/* CSI or SS3 final letters. */
static const struct { char c; enum pc_key key; } letter_keys[] = {
    { 'A', PC_KEY_UP }, { 'B', PC_KEY_DOWN }, { 'C', PC_KEY_RIGHT }, { 'D', PC_KEY_LEFT },
    { 'H', PC_KEY_HOME }, { 'F', PC_KEY_END }, { 'P', PC_KEY_F1 }, { 'Q', PC_KEY_F2 },
    { 'R', PC_KEY_F3 }, { 'S', PC_KEY_F4 }, { 'E', PC_KEY_KP_5 }, { 'M', PC_KEY_KP_ENTER },
};

/* Linux console F1-F5: CSI [ A..E. */
static const enum pc_key linux_fkeys[5] = { PC_KEY_F1, PC_KEY_F2, PC_KEY_F3, PC_KEY_F4, PC_KEY_F5 };

void termkeys_init(struct termkeys *k)
{
    k->len = 0;
    k->skipping = false;
}

bool termkeys_pending(const struct termkeys *k)
{
    return k->len != 0;
}

static void put(struct term_key *out, size_t max, size_t *n, enum pc_key key, uint8_t mods)
{
    if (*n < max && key != PC_KEY_NONE)
        out[(*n)++] = (struct term_key){ .key = key, .mods = mods, .quit = false };
}

/* One byte typed on its own (not part of a sequence). */
static void plain(uint8_t b, uint8_t mods, struct term_key *out, size_t max, size_t *n)
{
    if (b == TERMKEYS_QUIT_BYTE) {
        if (*n < max)
            out[(*n)++] = (struct term_key){ .key = PC_KEY_NONE, .mods = 0, .quit = true };
        return;
    }
    bool shift = false;
    enum pc_key key;
    if (b == 0x7f || b == 0x08) {
        key = PC_KEY_BACKSPACE;         /* what terminals send for Backspace */
    } else if (b == '\r' || b == '\n' || b == '\t' || b == 0x1b) {
        key = pc_key_from_char(b, &shift);
    } else if (b == 0) {
        key = PC_KEY_SPACE;             /* Ctrl-Space (and Ctrl-@) */
        mods |= TK_CTRL;
    } else if (b < 0x20) {
        /* Ctrl and a letter, or Ctrl and one of \ ] ^ _. */
        key = pc_key_from_char((uint8_t)(b + 0x60), &shift);
        if (b >= 0x1c)
            key = pc_key_from_char((uint8_t)(b + 0x40), &shift);
        shift = false;
        mods |= TK_CTRL;
    } else {
        key = pc_key_from_char(b, &shift);
    }
    put(out, max, n, key, (uint8_t)(mods | (shift ? TK_SHIFT : 0)));
}

/* xterm's modifier parameter: 1 + (Shift 1, Alt 2, Ctrl 4). */
static uint8_t xterm_mods(unsigned m)
{
    if (m < 2)
        return 0;
    m -= 1;
    return (uint8_t)(((m & 1) ? TK_SHIFT : 0) | ((m & 2) ? TK_ALT : 0) | ((m & 4) ? TK_CTRL : 0));
}

/* Is seq[0..len) (starting ESC) complete?  Returns 1 and the key when it
 * is, 0 when more bytes may complete it, -1 when it is no sequence. */
static int parse_seq(const uint8_t *s, unsigned len, enum pc_key *key, uint8_t *mods)
{
    *mods = 0;
    if (len < 2)
        return 0;
    if (s[1] == 'O') {                  /* SS3: application cursor and F1-F4 */
        if (len < 3)
            return 0;
        for (size_t i = 0; i < sizeof letter_keys / sizeof letter_keys[0]; i++) {
            if (letter_keys[i].c == (char)s[2]) {
                *key = letter_keys[i].key;
                return 1;
            }
        }
        return -1;
    }
    if (s[1] != '[')
        return -1;
    if (len < 3)
        return 0;
    if (s[2] == '[') {                  /* Linux console F1-F5 */
        if (len < 4)
            return 0;
        if (s[3] >= 'A' && s[3] <= 'E') {
            *key = linux_fkeys[s[3] - 'A'];
            return 1;
        }
        return -1;
    }
    /* CSI, parameter and intermediate bytes (20h-3Fh), a final byte
     * (40h-7Eh).  Keys use digits and ';' only; anything else (mouse
     * reports, private modes) is read to its end and dropped. */
    unsigned p[2] = { 0, 0 }, np = 0;
    bool odd = false;
    for (unsigned i = 2; i < len; i++) {
        uint8_t c = s[i];
        if (c >= '0' && c <= '9') {
            if (np == 0)
                np = 1;
            if (np <= 2 && p[np - 1] < 1000)
                p[np - 1] = p[np - 1] * 10 + (unsigned)(c - '0');
            continue;
        }
        if (c == ';') {
            np = np == 0 ? 2 : np + 1;
            continue;
        }
        if (c >= 0x20 && c <= 0x3f) {
            odd = true;
            continue;
        }
        if (odd || c < 0x40 || c > 0x7e)
            return -1;
        if (c == '~') {
            for (size_t k = 0; k < sizeof tilde_keys / sizeof tilde_keys[0]; k++) {
                if (tilde_keys[k].n == p[0]) {
                    *key = tilde_keys[k].key;
                    *mods = xterm_mods(p[1]);
                    return 1;
                }
            }
            return -1;
        }
        for (size_t k = 0; k < sizeof letter_keys / sizeof letter_keys[0]; k++) {
            if (letter_keys[k].c == (char)c) {
                *key = letter_keys[k].key;
                *mods = xterm_mods(np >= 2 ? p[1] : 0);
                return 1;
            }
        }
        return -1;
    }
    return 0;
}

size_t termkeys_feed(struct termkeys *k, const uint8_t *in, size_t n, struct term_key *out,
                     size_t max)
{
    size_t got = 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t b = in[i];
        if (k->skipping) {
            k->skipping = b < 0x40 || b > 0x7e;       /* CSI final bytes end it */
            continue;
        }
        if (k->len == 0) {
            if (b == 0x1b)
                k->seq[k->len++] = b;
            else
                plain(b, 0, out, max, &got);
            continue;
        }
        /* ESC ESC: the first is Esc on its own. */
        if (k->len == 1 && b == 0x1b) {
            plain(0x1b, 0, out, max, &got);
            continue;
        }
        /* ESC and a character that starts no sequence: Alt and it. */
        if (k->len == 1 && b != '[' && b != 'O') {
            k->len = 0;
            plain(b, TK_ALT, out, max, &got);
            continue;
        }
        k->seq[k->len++] = b;
        enum pc_key key;
        uint8_t mods;
        int r = parse_seq(k->seq, k->len, &key, &mods);
        if (r == 1) {
            put(out, max, &got, key, mods);
            k->len = 0;
        } else if (r < 0) {
            k->len = 0;                 /* an unknown sequence: dropped whole */
        } else if (k->len == sizeof k->seq) {
            k->len = 0;
            k->skipping = true;
        }
    }
    return got;
}

size_t termkeys_flush(struct termkeys *k, struct term_key *out, size_t max)
{
    size_t got = 0;
    k->skipping = false;
    if (k->len == 1)
        plain(0x1b, 0, out, max, &got);
    else if (k->len == 2)
        plain(k->seq[1], TK_ALT, out, max, &got);     /* ESC [ or ESC O alone: Alt */
    k->len = 0;
    return got;
}
