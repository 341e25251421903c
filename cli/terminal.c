/* cli/terminal.c: see terminal.h.  The saved settings live here because a
 * signal handler must reach them; they are the program's, not a machine's. */
#include "cli/terminal.h"

#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static struct termios saved;
static volatile sig_atomic_t raw_on;

static void restore(void)
{
    if (raw_on) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        raw_on = 0;
    }
}

/* A fatal signal: put the terminal back, then die of it as before. */
static void on_fatal(int sig)
{
    restore();
    signal(sig, SIG_DFL);
    raise(sig);
}

void terminal_raw_begin(bool signals)
{
    if (raw_on || !isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved) != 0)
        return;
    struct termios t = saved;
    t.c_lflag &= (tcflag_t)~(ICANON | ECHO | ECHONL | IEXTEN);
    if (!signals)
        t.c_lflag &= (tcflag_t)~ISIG;
    t.c_iflag &= (tcflag_t)~(ICRNL | INLCR | IGNCR | IXON);
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    if (tcsetattr(STDIN_FILENO, TCSANOW, &t) != 0)
        return;
    raw_on = 1;
    static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_fatal;
        sigaction(sigs[i], &sa, NULL);
    }
}

void terminal_raw_end(void)
{
    restore();
}
