/* debugger/info_vga.c: `info vga`: the VGA's state as vga_describe()
 * words it (display mode, register files, VBE registers). */
#include <stdlib.h>

#include "debugger/internal.h"
#include "devices/vga.h"
#include "machine/machine.h"

#define INFO_VGA_MAX 4096

int info_vga(struct debugger *d)
{
    struct vga *v = d->m->vga;
    if (v == NULL) {
        fprintf(d->out, "No VGA.\n");
        return 0;
    }
    char *buf = malloc(INFO_VGA_MAX);
    if (buf == NULL)
        return dbg_error(d, "out of memory");
    vga_describe(v, buf, INFO_VGA_MAX);
    fputs(buf, d->out);
    free(buf);
    return 0;
}
