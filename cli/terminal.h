/* cli/terminal.h: the terminal as COM1's keyboard (--serial stdio): keys go
 * to the guest one by one, unechoed (the guest echoes), Enter as CR as a
 * serial terminal sends it; Ctrl-C still ends the run.  The terminal's
 * settings come back at exit, also when a signal ends the program. */
#ifndef VIREO_CLI_TERMINAL_H
#define VIREO_CLI_TERMINAL_H

/* No-op when standard input is not a terminal (a pipe feeds bytes as they are). */
void terminal_raw_begin(void);
void terminal_raw_end(void);

#endif
