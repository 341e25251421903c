/* demo/demo_disk.h: the built-in demo disk (demo/demo.asm, assembled and
 * embedded at build time), written out as a 1.44 MB floppy image. */
#ifndef VIREO_DEMO_DEMO_DISK_H
#define VIREO_DEMO_DEMO_DISK_H

#include <stddef.h>

#include "util/error.h"

/* Write the image to a new temporary file; its path goes to path. */
int demo_disk_write(char *path, size_t size, struct emu_err *err);

#endif
