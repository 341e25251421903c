/* debugger/debugger.h: Vireo's built-in debugger and its GDB remote stub.
 * The commands follow the Bochs debugger's names where Bochs has them
 * (c, s, n/p, vb/lb/pb, watch, r, sreg, creg, x/xp, u, info ..., ldsym);
 * the stub speaks GDB's Remote Serial Protocol (GDB manual, appendix E)
 * on a localhost TCP port.  Both drive the same stopped-or-running
 * machine.  The user's guide with a worked session is docs/debugger.md. */
#ifndef VIREO_DEBUGGER_DEBUGGER_H
#define VIREO_DEBUGGER_DEBUGGER_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "util/error.h"

struct debugger;
struct machine;

/* Create a debugger for m (which it does not own) writing its transcript
 * (stop reports, command output, error lines) to out.  It installs the
 * CPU and port-bus hooks only while breakpoints need them, so a machine
 * with a debugger but no breakpoints runs at full speed. */
struct debugger *debugger_create(struct machine *m, FILE *out, struct emu_err *err);
void debugger_destroy(struct debugger *d);

/* What debugger_exec() reports. */
enum dbg_result {
    DBG_OK,                     /* done (a run command ran until the next stop) */
    DBG_ERROR,                  /* one "error: ..." line was printed; nothing changed */
    DBG_QUIT,                   /* `q`: the session should end */
    DBG_ENDED,                  /* the guest ended the run (power off, shutdown) */
};

/* Execute one command line as typed at the prompt.  Run-control commands
 * (c, s, n, finish, ...) run the machine until it stops and print why. */
enum dbg_result debugger_exec(struct debugger *d, const char *line);

/* Load symbols from an ELF file (through libelf; symbol values plus
 * offset) or a text file of "ADDRESS NAME" lines, as `ldsym` does. */
int debugger_load_symbols(struct debugger *d, const char *path, uint32_t offset,
                          struct emu_err *err);

/* Listen for gdb on 127.0.0.1:port (0: any free port) and serve it from
 * the session.  debugger_gdb_port() says which port it is (0: none). */
int debugger_gdb_listen(struct debugger *d, uint16_t port, struct emu_err *err);
unsigned debugger_gdb_port(const struct debugger *d);

/* The interactive session. */
struct debugger_session {
    int in_fd;                  /* the terminal's commands, -1 for none */
    bool stop_at_start;         /* --debug: the prompt before the first instruction */
    bool gdb_wait;              /* --gdb without --gdb-nowait: hold until gdb continues */
    const char *script;         /* --debug-script FILE, or NULL */
    volatile sig_atomic_t *timeout;     /* polled: nonzero ends the run (--timeout) */
};

/* Run the machine under the debugger until `q`, the end of the terminal's
 * input, the guest ending the run or the timeout.  Returns the program's
 * exit status (EXIT_* of machine/machine.h). */
int debugger_main(struct debugger *d, const struct debugger_session *s);

/* Break into the debugger as soon as possible: safe from a signal handler
 * (Ctrl-C).  The machine stops within 10 ms of emulated time, at an
 * instruction boundary. */
void debugger_request_break(struct debugger *d);

/* For a frontend that runs the machine itself (its break handler):
 * debugger_attach_frontend() once before the first slice (it runs the
 * --debug-script and, when the session starts stopped, the first prompt),
 * then debugger_on_break() each time the machine stops between slices:
 * machine_run() returned STOP_BREAK (a breakpoint, Ctrl-C) or the user
 * pressed the break hotkey (hotkey = true).  Each reports the stop and
 * takes commands until one resumes the machine; DBG_OK means run on (the
 * breakpoints stay armed for the frontend's machine_run() calls), DBG_QUIT
 * end the run.  debugger_detach_frontend() when the frontend is done. */
enum dbg_result debugger_attach_frontend(struct debugger *d, const struct debugger_session *s);
enum dbg_result debugger_on_break(struct debugger *d, bool hotkey);
void debugger_detach_frontend(struct debugger *d);

#endif
