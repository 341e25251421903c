/* cli/terminal.h: the terminal as the guest's keyboard (--serial stdio,
 * --term): keys go to the guest one by one, unechoed (the guest echoes),
 * Enter as CR as a serial terminal sends it.  With `signals`, Ctrl-C still
 * ends the run (COM1); without, it goes to the guest too (--term, which
 * leaves on Ctrl-]).  The terminal's settings come back at exit, also when
 * a signal ends the program. */
#ifndef VIREO_CLI_TERMINAL_H
#define VIREO_CLI_TERMINAL_H

#include <stdbool.h>

/* No-op when standard input is not a terminal (a pipe feeds bytes as they are). */
void terminal_raw_begin(bool signals);
void terminal_raw_end(void);

#endif
