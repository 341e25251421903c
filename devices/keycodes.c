/* devices/keycodes.c: names and make codes of the PC keys.  Set 2 and set
 * 3 codes per the IBM PS/2 keyboard technical reference tables (set 1 is
 * the 8042 translation of set 2; see kbc.c). */
#include "devices/keycodes.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

/* name, set 2 make (E0xxh = E0-prefixed), set 3 make */
static const struct pc_key_codes key_table[PC_KEY_COUNT] = {
    [PC_KEY_NONE] = { "none", 0, 0 },
    [PC_KEY_ESC] = { "esc", 0x76, 0x08 },
    [PC_KEY_F1] = { "f1", 0x05, 0x07 },
    [PC_KEY_F2] = { "f2", 0x06, 0x0f },
    [PC_KEY_F3] = { "f3", 0x04, 0x17 },
    [PC_KEY_F4] = { "f4", 0x0c, 0x1f },
    [PC_KEY_F5] = { "f5", 0x03, 0x27 },
    [PC_KEY_F6] = { "f6", 0x0b, 0x2f },
    [PC_KEY_F7] = { "f7", 0x83, 0x37 },
    [PC_KEY_F8] = { "f8", 0x0a, 0x3f },
    [PC_KEY_F9] = { "f9", 0x01, 0x47 },
    [PC_KEY_F10] = { "f10", 0x09, 0x4f },
    [PC_KEY_F11] = { "f11", 0x78, 0x56 },
    [PC_KEY_F12] = { "f12", 0x07, 0x5e },
    [PC_KEY_PRINT_SCREEN] = { "print_screen", 0xe07c, 0x57 },
    [PC_KEY_SCROLL_LOCK] = { "scroll_lock", 0x7e, 0x5f },
    [PC_KEY_PAUSE] = { "pause", 0x77, 0x62 },
    [PC_KEY_GRAVE] = { "grave", 0x0e, 0x0e },
    [PC_KEY_1] = { "1", 0x16, 0x16 },
    [PC_KEY_2] = { "2", 0x1e, 0x1e },
    [PC_KEY_3] = { "3", 0x26, 0x26 },
    [PC_KEY_4] = { "4", 0x25, 0x25 },
    [PC_KEY_5] = { "5", 0x2e, 0x2e },
    [PC_KEY_6] = { "6", 0x36, 0x36 },
    [PC_KEY_7] = { "7", 0x3d, 0x3d },
    [PC_KEY_8] = { "8", 0x3e, 0x3e },
    [PC_KEY_9] = { "9", 0x46, 0x46 },
    [PC_KEY_0] = { "0", 0x45, 0x45 },
    [PC_KEY_MINUS] = { "minus", 0x4e, 0x4e },
    [PC_KEY_EQUALS] = { "equals", 0x55, 0x55 },
    [PC_KEY_BACKSPACE] = { "backspace", 0x66, 0x66 },
    [PC_KEY_TAB] = { "tab", 0x0d, 0x0d },
    [PC_KEY_Q] = { "q", 0x15, 0x15 },
    [PC_KEY_W] = { "w", 0x1d, 0x1d },
    [PC_KEY_E] = { "e", 0x24, 0x24 },
    [PC_KEY_R] = { "r", 0x2d, 0x2d },
    [PC_KEY_T] = { "t", 0x2c, 0x2c },
    [PC_KEY_Y] = { "y", 0x35, 0x35 },
    [PC_KEY_U] = { "u", 0x3c, 0x3c },
    [PC_KEY_I] = { "i", 0x43, 0x43 },
    [PC_KEY_O] = { "o", 0x44, 0x44 },
    [PC_KEY_P] = { "p", 0x4d, 0x4d },
    [PC_KEY_LEFT_BRACKET] = { "left_bracket", 0x54, 0x54 },
    [PC_KEY_RIGHT_BRACKET] = { "right_bracket", 0x5b, 0x5b },
    [PC_KEY_BACKSLASH] = { "backslash", 0x5d, 0x5c },
    [PC_KEY_CAPS_LOCK] = { "caps_lock", 0x58, 0x14 },
    [PC_KEY_A] = { "a", 0x1c, 0x1c },
    [PC_KEY_S] = { "s", 0x1b, 0x1b },
    [PC_KEY_D] = { "d", 0x23, 0x23 },
    [PC_KEY_F] = { "f", 0x2b, 0x2b },
    [PC_KEY_G] = { "g", 0x34, 0x34 },
    [PC_KEY_H] = { "h", 0x33, 0x33 },
    [PC_KEY_J] = { "j", 0x3b, 0x3b },
    [PC_KEY_K] = { "k", 0x42, 0x42 },
    [PC_KEY_L] = { "l", 0x4b, 0x4b },
    [PC_KEY_SEMICOLON] = { "semicolon", 0x4c, 0x4c },
    [PC_KEY_APOSTROPHE] = { "apostrophe", 0x52, 0x52 },
    [PC_KEY_ENTER] = { "enter", 0x5a, 0x5a },
    [PC_KEY_LEFT_SHIFT] = { "left_shift", 0x12, 0x12 },
    [PC_KEY_ISO_BACKSLASH] = { "iso_backslash", 0x61, 0x13 },
    [PC_KEY_Z] = { "z", 0x1a, 0x1a },
    [PC_KEY_X] = { "x", 0x22, 0x22 },
    [PC_KEY_C] = { "c", 0x21, 0x21 },
    [PC_KEY_V] = { "v", 0x2a, 0x2a },
    [PC_KEY_B] = { "b", 0x32, 0x32 },
    [PC_KEY_N] = { "n", 0x31, 0x31 },
    [PC_KEY_M] = { "m", 0x3a, 0x3a },
    [PC_KEY_COMMA] = { "comma", 0x41, 0x41 },
    [PC_KEY_PERIOD] = { "period", 0x49, 0x49 },
    [PC_KEY_SLASH] = { "slash", 0x4a, 0x4a },
    [PC_KEY_RIGHT_SHIFT] = { "right_shift", 0x59, 0x59 },
    [PC_KEY_LEFT_CTRL] = { "left_ctrl", 0x14, 0x11 },
    [PC_KEY_LEFT_WIN] = { "left_win", 0xe01f, 0x8b },
    [PC_KEY_LEFT_ALT] = { "left_alt", 0x11, 0x19 },
    [PC_KEY_SPACE] = { "space", 0x29, 0x29 },
    [PC_KEY_RIGHT_ALT] = { "right_alt", 0xe011, 0x39 },
    [PC_KEY_RIGHT_WIN] = { "right_win", 0xe027, 0x8c },
    [PC_KEY_MENU] = { "menu", 0xe02f, 0x8d },
    [PC_KEY_RIGHT_CTRL] = { "right_ctrl", 0xe014, 0x58 },
    [PC_KEY_INSERT] = { "insert", 0xe070, 0x67 },
    [PC_KEY_HOME] = { "home", 0xe06c, 0x6e },
    [PC_KEY_PAGE_UP] = { "page_up", 0xe07d, 0x6f },
    [PC_KEY_DELETE] = { "delete", 0xe071, 0x64 },
    [PC_KEY_END] = { "end", 0xe069, 0x65 },
    [PC_KEY_PAGE_DOWN] = { "page_down", 0xe07a, 0x6d },
    [PC_KEY_UP] = { "up", 0xe075, 0x63 },
    [PC_KEY_LEFT] = { "left", 0xe06b, 0x61 },
    [PC_KEY_DOWN] = { "down", 0xe072, 0x60 },
    [PC_KEY_RIGHT] = { "right", 0xe074, 0x6a },
    [PC_KEY_NUM_LOCK] = { "num_lock", 0x77, 0x76 },
    [PC_KEY_KP_DIVIDE] = { "kp_divide", 0xe04a, 0x77 },
    [PC_KEY_KP_MULTIPLY] = { "kp_multiply", 0x7c, 0x7e },
    [PC_KEY_KP_MINUS] = { "kp_minus", 0x7b, 0x84 },
    [PC_KEY_KP_7] = { "kp_7", 0x6c, 0x6c },
    [PC_KEY_KP_8] = { "kp_8", 0x75, 0x75 },
    [PC_KEY_KP_9] = { "kp_9", 0x7d, 0x7d },
    [PC_KEY_KP_PLUS] = { "kp_plus", 0x79, 0x7c },
    [PC_KEY_KP_4] = { "kp_4", 0x6b, 0x6b },
    [PC_KEY_KP_5] = { "kp_5", 0x73, 0x73 },
    [PC_KEY_KP_6] = { "kp_6", 0x74, 0x74 },
    [PC_KEY_KP_1] = { "kp_1", 0x69, 0x69 },
    [PC_KEY_KP_2] = { "kp_2", 0x72, 0x72 },
    [PC_KEY_KP_3] = { "kp_3", 0x7a, 0x7a },
    [PC_KEY_KP_ENTER] = { "kp_enter", 0xe05a, 0x79 },
    [PC_KEY_KP_0] = { "kp_0", 0x70, 0x70 },
    [PC_KEY_KP_PERIOD] = { "kp_period", 0x71, 0x71 },
};

/* The 8042 translation table for bytes 00h-7Fh (G. Konzak, "PC 8042
 * Controller"); bytes 80h-FFh pass unchanged except 83h (F7 in set 2)
 * and 84h (Alt+SysRq). */
static const unsigned char xlat_low[128] = {
    0xff, 0x43, 0x41, 0x3f, 0x3d, 0x3b, 0x3c, 0x58, 0x64, 0x44, 0x42, 0x40, 0x3e, 0x0f, 0x29, 0x59,
    0x65, 0x38, 0x2a, 0x70, 0x1d, 0x10, 0x02, 0x5a, 0x66, 0x71, 0x2c, 0x1f, 0x1e, 0x11, 0x03, 0x5b,
    0x67, 0x2e, 0x2d, 0x20, 0x12, 0x05, 0x04, 0x5c, 0x68, 0x39, 0x2f, 0x21, 0x14, 0x13, 0x06, 0x5d,
    0x69, 0x31, 0x30, 0x23, 0x22, 0x15, 0x07, 0x5e, 0x6a, 0x72, 0x32, 0x24, 0x16, 0x08, 0x09, 0x5f,
    0x6b, 0x33, 0x25, 0x17, 0x18, 0x0b, 0x0a, 0x60, 0x6c, 0x34, 0x35, 0x26, 0x27, 0x19, 0x0c, 0x61,
    0x6d, 0x73, 0x28, 0x74, 0x1a, 0x0d, 0x62, 0x6e, 0x3a, 0x36, 0x1c, 0x1b, 0x75, 0x2b, 0x63, 0x76,
    0x55, 0x56, 0x77, 0x78, 0x79, 0x7a, 0x0e, 0x7b, 0x7c, 0x4f, 0x7d, 0x4b, 0x47, 0x7e, 0x7f, 0x6f,
    0x52, 0x53, 0x50, 0x4c, 0x4d, 0x48, 0x01, 0x45, 0x57, 0x4e, 0x51, 0x4a, 0x37, 0x49, 0x46, 0x54,
};

unsigned char pc_translate_set2(unsigned char code)
{
    if (code < 0x80)
        return xlat_low[code];
    return code == 0x83 ? 0x41 : code == 0x84 ? 0x54 : code;
}

const struct pc_key_codes *pc_key_codes(enum pc_key key)
{
    if ((unsigned)key >= PC_KEY_COUNT || key == PC_KEY_NONE)
        return NULL;
    return &key_table[key];
}

const char *pc_key_name(enum pc_key key)
{
    return (unsigned)key < PC_KEY_COUNT ? key_table[key].name : "none";
}

enum pc_key pc_key_from_name(const char *name)
{
    for (unsigned k = 1; k < PC_KEY_COUNT; k++) {
        if (strcasecmp(key_table[k].name, name) == 0)
            return (enum pc_key)k;
    }
    return PC_KEY_NONE;
}

enum pc_key pc_key_from_char(unsigned char ch, bool *shift)
{
    static const char *const rows[2] = {
        "`1234567890-=qwertyuiop[]\\asdfghjkl;'zxcvbnm,./ ",
        "~!@#$%^&*()_+QWERTYUIOP{}|ASDFGHJKL:\"ZXCVBNM<>? " };
    static const enum pc_key keys[] = {
        PC_KEY_GRAVE, PC_KEY_1, PC_KEY_2, PC_KEY_3, PC_KEY_4, PC_KEY_5, PC_KEY_6, PC_KEY_7,
        PC_KEY_8, PC_KEY_9, PC_KEY_0, PC_KEY_MINUS, PC_KEY_EQUALS, PC_KEY_Q, PC_KEY_W, PC_KEY_E,
        PC_KEY_R, PC_KEY_T, PC_KEY_Y, PC_KEY_U, PC_KEY_I, PC_KEY_O, PC_KEY_P,
        PC_KEY_LEFT_BRACKET, PC_KEY_RIGHT_BRACKET, PC_KEY_BACKSLASH, PC_KEY_A, PC_KEY_S,
        PC_KEY_D, PC_KEY_F, PC_KEY_G, PC_KEY_H, PC_KEY_J, PC_KEY_K, PC_KEY_L, PC_KEY_SEMICOLON,
        PC_KEY_APOSTROPHE, PC_KEY_Z, PC_KEY_X, PC_KEY_C, PC_KEY_V, PC_KEY_B, PC_KEY_N, PC_KEY_M,
        PC_KEY_COMMA, PC_KEY_PERIOD, PC_KEY_SLASH, PC_KEY_SPACE };
    *shift = false;
    switch (ch) {
    case '\n': case '\r': return PC_KEY_ENTER;
    case '\t': return PC_KEY_TAB;
    case 27: return PC_KEY_ESC;
    case '\b': return PC_KEY_BACKSPACE;
    default: break;
    }
    for (int s = 0; s < 2; s++) {
        const char *at = ch ? strchr(rows[s], ch) : NULL;
        if (at != NULL) {
            *shift = s == 1 && ch != ' ';
            return keys[at - rows[s]];
        }
    }
    return PC_KEY_NONE;
}
