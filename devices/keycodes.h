/* devices/keycodes.h: the keys of a 104-key PC keyboard (plus the ISO
 * 102nd key), independent of any host's key codes.  Frontends and the
 * headless script map their keys to these; devices/ps2kbd.c turns them
 * into scan code sets 1, 2 and 3.  Names follow the US key caps. */
#ifndef VIREO_DEVICES_KEYCODES_H
#define VIREO_DEVICES_KEYCODES_H

#include <stdbool.h>

enum pc_key {
    PC_KEY_NONE = 0,
    /* function row */
    PC_KEY_ESC, PC_KEY_F1, PC_KEY_F2, PC_KEY_F3, PC_KEY_F4, PC_KEY_F5, PC_KEY_F6, PC_KEY_F7,
    PC_KEY_F8, PC_KEY_F9, PC_KEY_F10, PC_KEY_F11, PC_KEY_F12,
    PC_KEY_PRINT_SCREEN, PC_KEY_SCROLL_LOCK, PC_KEY_PAUSE,
    /* number row */
    PC_KEY_GRAVE, PC_KEY_1, PC_KEY_2, PC_KEY_3, PC_KEY_4, PC_KEY_5, PC_KEY_6, PC_KEY_7,
    PC_KEY_8, PC_KEY_9, PC_KEY_0, PC_KEY_MINUS, PC_KEY_EQUALS, PC_KEY_BACKSPACE,
    /* letter rows */
    PC_KEY_TAB, PC_KEY_Q, PC_KEY_W, PC_KEY_E, PC_KEY_R, PC_KEY_T, PC_KEY_Y, PC_KEY_U, PC_KEY_I,
    PC_KEY_O, PC_KEY_P, PC_KEY_LEFT_BRACKET, PC_KEY_RIGHT_BRACKET, PC_KEY_BACKSLASH,
    PC_KEY_CAPS_LOCK, PC_KEY_A, PC_KEY_S, PC_KEY_D, PC_KEY_F, PC_KEY_G, PC_KEY_H, PC_KEY_J,
    PC_KEY_K, PC_KEY_L, PC_KEY_SEMICOLON, PC_KEY_APOSTROPHE, PC_KEY_ENTER,
    PC_KEY_LEFT_SHIFT, PC_KEY_ISO_BACKSLASH, PC_KEY_Z, PC_KEY_X, PC_KEY_C, PC_KEY_V, PC_KEY_B,
    PC_KEY_N, PC_KEY_M, PC_KEY_COMMA, PC_KEY_PERIOD, PC_KEY_SLASH, PC_KEY_RIGHT_SHIFT,
    /* bottom row */
    PC_KEY_LEFT_CTRL, PC_KEY_LEFT_WIN, PC_KEY_LEFT_ALT, PC_KEY_SPACE, PC_KEY_RIGHT_ALT,
    PC_KEY_RIGHT_WIN, PC_KEY_MENU, PC_KEY_RIGHT_CTRL,
    /* navigation block */
    PC_KEY_INSERT, PC_KEY_HOME, PC_KEY_PAGE_UP, PC_KEY_DELETE, PC_KEY_END, PC_KEY_PAGE_DOWN,
    PC_KEY_UP, PC_KEY_LEFT, PC_KEY_DOWN, PC_KEY_RIGHT,
    /* numeric keypad */
    PC_KEY_NUM_LOCK, PC_KEY_KP_DIVIDE, PC_KEY_KP_MULTIPLY, PC_KEY_KP_MINUS, PC_KEY_KP_7,
    PC_KEY_KP_8, PC_KEY_KP_9, PC_KEY_KP_PLUS, PC_KEY_KP_4, PC_KEY_KP_5, PC_KEY_KP_6, PC_KEY_KP_1,
    PC_KEY_KP_2, PC_KEY_KP_3, PC_KEY_KP_ENTER, PC_KEY_KP_0, PC_KEY_KP_PERIOD,
    PC_KEY_COUNT
};

/* Make codes of a key: set 2 (E0xxh for E0-prefixed keys) and set 3.
 * Print Screen and Pause have further sequences (see ps2kbd.c). */
struct pc_key_codes {
    const char *name;
    unsigned short set2;
    unsigned char set3;
};
const struct pc_key_codes *pc_key_codes(enum pc_key key);   /* NULL if out of range */

/* The 8042's scan code translation of one byte (set 2 to set 1 for the
 * keys; F0h, the break prefix, is folded into the next byte by the
 * caller as bit 7). */
unsigned char pc_translate_set2(unsigned char code);

/* The key's name as the headless script spells it ("a", "enter", "f1",
 * "kp_plus", "left_shift", ...), and the reverse (PC_KEY_NONE if unknown;
 * case-insensitive). */
const char *pc_key_name(enum pc_key key);
enum pc_key pc_key_from_name(const char *name);

/* The key that types character ch on a US keyboard, and whether Shift goes
 * with it (Enter for \n and \r, Tab, Esc, Backspace; PC_KEY_NONE if none). */
enum pc_key pc_key_from_char(unsigned char ch, bool *shift);

#endif
