/* machine/script.h: the headless automation language (--script FILE).
 * One command a line; strings are double-quoted with C-style escapes:
 *   expect "TEXT" [SECONDS]   wait (emulated seconds, default 30) until TEXT
 *                             shows on the text screen, COM1 or the debug
 *                             console; on a timeout the screen goes to
 *                             stderr and the run exits with status 2
 *   type "TEXT"               keystrokes: \n Enter, \e Esc, \t Tab, \b
 *                             Backspace, {F5}, {Ctrl-C}, {Alt-F4}, {Up}, ...
 *   wait SECONDS              let emulated time pass
 *   screen                    print the text screen to standard output
 *   screenshot FILE.png       save the display as a PNG
 *   quit [STATUS]             end the run (status 0 by default)
 * Blank lines and lines starting with # are ignored.  The whole file is
 * checked before the machine starts: a bad line is one error and exit 1. */
#ifndef VIREO_MACHINE_SCRIPT_H
#define VIREO_MACHINE_SCRIPT_H

#include <stdio.h>

#include "util/error.h"

struct machine;
struct script;

struct script *script_load(const char *path, struct emu_err *err);
void script_free(struct script *s);
/* Run the script on m; returns the exit status (EXIT_* of machine.h or the
 * status a quit gives).  *stop, polled, aborts the run (wall-clock timeout). */
int script_run(struct script *s, struct machine *m, volatile int *stop, FILE *out);

/* Print the text screen (rows of text, trailing blanks trimmed) to out. */
void machine_print_screen(struct machine *m, FILE *out);
/* Feed TEXT (with the escapes above) to the keyboard as timed keystrokes. */
int machine_type(struct machine *m, const char *text, struct emu_err *err);

#endif
