/* frontend-term/term.h: the machine's text screen on a terminal (--term),
 * for hosts without a display: the VGA text mode drawn with ANSI escape
 * sequences (colours, cursor), redrawn where it changed, and the
 * terminal's keys typed into the PS/2 keyboard.  Paced to real time like
 * the window (or flat out with --turbo).  Ctrl-] ends the run.  Graphics
 * modes show a one-line notice.  This and frontend-sdl/ are the only code
 * that reads the host clock. */
#ifndef VIREO_FRONTEND_TERM_TERM_H
#define VIREO_FRONTEND_TERM_TERM_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

struct machine;

struct term_options {
    int in_fd;                          /* keys (a terminal in raw mode, or a pipe) */
    FILE *out;                          /* the screen */
    bool turbo;                         /* run flat out instead of in real time */
    volatile sig_atomic_t *stop;        /* set from outside (--timeout): end the run */
};

/* Run until the guest ends the run, Ctrl-] or *stop; returns the exit
 * status (machine/machine.h's EXIT_*; EXIT_TIMEOUT for *stop). */
int term_run(struct machine *m, const struct term_options *o);

#endif
