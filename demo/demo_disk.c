/* demo/demo_disk.c: see demo_disk.h. */
#include "demo/demo_disk.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

extern const unsigned char demo_image[];
extern const unsigned long demo_image_size;

#define FLOPPY_1440K 1474560

int demo_disk_write(char *path, size_t size, struct emu_err *err)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, size, "%s/vireo-demo-XXXXXX", dir && dir[0] ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return emu_fail(err, EMU_EIO, "%s: cannot create the demo disk", path);
    FILE *f = fdopen(fd, "wb");
    if (f == NULL) {
        close(fd);
        unlink(path);
        return emu_fail(err, EMU_EIO, "%s: cannot write the demo disk", path);
    }
    int ok = fwrite(demo_image, 1, demo_image_size, f) == demo_image_size;
    for (unsigned long n = demo_image_size; ok && n < FLOPPY_1440K; n++)
        ok = fputc(0, f) != EOF;
    if (fclose(f) != 0 || !ok) {
        unlink(path);
        return emu_fail(err, EMU_EIO, "%s: cannot write the demo disk", path);
    }
    return 0;
}
