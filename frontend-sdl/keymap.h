/* frontend-sdl/keymap.h: host keys to PC keys.  SDL scan codes name the
 * physical key position (USB HID usage IDs), not the character a host
 * layout gives it, so the guest's own keyboard layout applies, as on a
 * real PC. */
#ifndef VIREO_FRONTEND_KEYMAP_H
#define VIREO_FRONTEND_KEYMAP_H

#include "devices/keycodes.h"

/* The PC key at an SDL_Scancode's position; PC_KEY_NONE for keys a
 * 104/105-key PC keyboard does not have (media keys, F13-F24, ...). */
enum pc_key keymap_from_sdl(int sdl_scancode);

#endif
