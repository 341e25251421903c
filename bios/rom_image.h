/* bios/rom_image.h: the assembled ROM (segment F000h, 64 KiB), generated
 * at build time from bios/rom.asm into bios/rom_image.c (bios/local.mk). */
#ifndef VIREO_BIOS_ROM_IMAGE_H
#define VIREO_BIOS_ROM_IMAGE_H

#include <stddef.h>
#include <stdint.h>

extern const uint8_t vireo_bios_rom[];
extern const size_t vireo_bios_rom_size;

#endif
