/* cli/cmd_run.c: `vireo [OPTIONS]`: configure a machine, boot it, and run
 * it headless (optionally under a script) or in a window.  The options are
 * the table of machine/config.c; this file adds --config, --print-config,
 * --help and --version, resolves `--rtc-start host`, and bounds the run
 * with --timeout through SIGALRM (no clock reads in the emulator). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/terminal.h"
#include "frontend-term/term.h"
#include "demo/demo_disk.h"
#include "config.h"
#include "debugger/debugger.h"
#include "machine/config.h"
#include "machine/machine.h"
#include "machine/script.h"
#ifdef HAVE_SDL
#include "frontend-sdl/frontend.h"
#endif

#define RUN_SLICE_SECONDS 0.01      /* emulated time between checks for a timeout */

static volatile sig_atomic_t timed_out;

static void on_alarm(int sig)
{
    (void)sig;
    timed_out = 1;
}

/* Ctrl-C breaks into the debugger (only with --debug or --debug-script). */
static struct debugger *break_target;

static void on_sigint(int sig)
{
    (void)sig;
    debugger_request_break(break_target);
}

static void print_help(FILE *out)
{
    fprintf(out,
            "usage: vireo [OPTIONS]            boot a PC (the built-in demo disk by default)\n"
            "       vireo disasm [--bits 16|32] [--org ADDR] FILE\n"
            "       vireo conform [--cpu MODEL] [--limit N] PATH...\n"
            "\n"
            "Options (also valid as `name = value` lines in a --config file):\n");
    config_print_help(out);
    fprintf(out,
            "  %-30s %s\n  %-30s %s\n  %-30s %s\n  %-30s %s\n",
            "--config FILE", "read options from an INI file (keys are the long options)",
            "--print-config", "print the effective configuration and exit",
            "--help", "print this help and exit", "--version", "print the version and exit");
    fprintf(out,
            "\nScripts (--script FILE), one command a line:\n"
            "  expect \"TEXT\" [SECONDS]   wait for TEXT on the screen, COM1 or port E9h\n"
            "  type \"TEXT\"               keystrokes; \\n Enter, \\e Esc, \\t Tab, {F5}, {Ctrl-C}\n"
            "  send \"TEXT\"               bytes to COM1's receiver (\\r is a serial Enter)\n"
            "  wait SECONDS              let emulated time pass\n"
            "  screen                    print the text screen\n"
            "  screenshot FILE.png       save the display\n"
            "  cpu                       print the CPU mode, CPL, paging, EFLAGS and CS:EIP\n"
            "  quit [STATUS]             end the run\n"
            "\nExit status: 0 powered off or quit; 1 bad input; 2 an expect or --timeout ran\n"
            "out; 4 triple fault under --no-reboot; 2V+1 when the guest writes V to the\n"
            "debug-exit port F4h.\n");
#ifdef HAVE_SDL
    frontend_print_hotkeys(out);
#endif
}

/* Apply argv to cfg.  Returns 0, or 1 with a message printed, or -1 when
 * the command is complete (help, version). */
static int parse_args(int argc, char **argv, struct machine_config *cfg, bool *print_config)
{
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            print_help(stdout);
            return -1;
        }
        if (strcmp(arg, "--version") == 0) {
            printf("vireo %s\n", PACKAGE_VERSION);
            return -1;
        }
        if (strcmp(arg, "--print-config") == 0) {
            *print_config = true;
            continue;
        }
        if (strncmp(arg, "--", 2) != 0 || arg[2] == 0) {
            fprintf(stderr, "vireo: unexpected argument '%s' (options start with --; see --help)\n",
                    arg);
            return 1;
        }
        char name[64];
        const char *value = NULL;
        const char *eq = strchr(arg + 2, '=');
        size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
        if (len >= sizeof name) {
            fprintf(stderr, "vireo: unknown option '%s' (see --help)\n", arg);
            return 1;
        }
        memcpy(name, arg + 2, len);
        name[len] = 0;
        if (eq)
            value = eq + 1;
        struct emu_err err = { 0 };
        if (strcmp(name, "config") == 0) {
            if (value == NULL && i + 1 < argc)
                value = argv[++i];
            if (value == NULL) {
                fprintf(stderr, "vireo: --config needs a FILE\n");
                return 1;
            }
            if (config_load_file(cfg, value, &err) != 0) {
                fprintf(stderr, "vireo: %s\n", err.msg);
                return 1;
            }
            continue;
        }
        int takes = config_takes_value(name);
        if (takes < 0) {
            fprintf(stderr, "vireo: unknown option '--%s' (see --help)\n", name);
            return 1;
        }
        if (takes && value == NULL) {
            if (i + 1 >= argc) {
                fprintf(stderr, "vireo: --%s needs a value\n", name);
                return 1;
            }
            value = argv[++i];
        }
        if (config_set(cfg, name, value, &err) != 0) {
            fprintf(stderr, "vireo: %s\n", err.msg);
            return 1;
        }
    }
    return 0;
}

static void arm_timeout(double seconds)
{
    if (seconds <= 0)
        return;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval it;
    memset(&it, 0, sizeof it);
    it.it_value.tv_sec = (time_t)seconds;
    it.it_value.tv_usec = (suseconds_t)((seconds - (double)(time_t)seconds) * 1e6);
    if (it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0)
        it.it_value.tv_usec = 1;
    setitimer(ITIMER_REAL, &it, NULL);
}

/* How a run without a script ended: a message and the exit status. */
static int end_of_run(struct machine *m)
{
    if (timed_out) {
        fprintf(stderr, "vireo: the --timeout of %g seconds ran out; the screen:\n",
                m->cfg.timeout);
        machine_print_screen(m, stderr);
        return EXIT_TIMEOUT;
    }
    if (m->stop == STOP_SHUTDOWN) {
        fprintf(stderr, "vireo: %s\n", m->stop_reason);
        return EXIT_SHUTDOWN;
    }
    return m->exit_status;
}

/* Run headless without a script until the guest ends the run or the
 * timeout passes. */
static int run_headless(struct machine *m)
{
    uint64_t slice = (uint64_t)(RUN_SLICE_SECONDS * (double)m->cfg.ips);
    while (!timed_out) {
        enum machine_stop st = machine_run(m, slice ? slice : 1);
        if (st == STOP_EXIT || st == STOP_SHUTDOWN)
            break;
    }
    return end_of_run(m);
}

/* ---- The debugger (debugger/) ---- */

static struct debugger *debugger_start(struct machine *m, struct debugger_session *s)
{
    const struct machine_config *cfg = &m->cfg;
    struct emu_err err = { 0 };
    struct debugger *d = debugger_create(m, stdout, &err);
    if (d != NULL && cfg->symbols[0] && debugger_load_symbols(d, cfg->symbols, 0, &err) != 0) {
        debugger_destroy(d);
        d = NULL;
    }
    if (d != NULL && cfg->gdb_port != 0 &&
        debugger_gdb_listen(d, (uint16_t)cfg->gdb_port, &err) != 0) {
        debugger_destroy(d);
        d = NULL;
    }
    if (d == NULL) {
        fprintf(stderr, "vireo: %s\n", err.msg);
        return NULL;
    }
    bool terminal = cfg->debug || cfg->debug_script[0];
    *s = (struct debugger_session){ .in_fd = terminal ? STDIN_FILENO : -1,
                                    .stop_at_start = cfg->debug,
                                    .gdb_wait = cfg->gdb_port != 0 && !cfg->gdb_nowait,
                                    .script = cfg->debug_script[0] ? cfg->debug_script : NULL,
                                    .timeout = &timed_out };
    if (terminal) {
        break_target = d;
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_sigint;
        sigaction(SIGINT, &sa, NULL);
    }
    if (cfg->gdb_port != 0)
        fprintf(stderr, "vireo: gdb stub on 127.0.0.1:%u%s\n", (unsigned)cfg->gdb_port,
                cfg->gdb_nowait ? "" : "; waiting for gdb to continue");
    return d;
}

#ifdef HAVE_SDL
static enum frontend_break_action on_frontend_break(void *opaque, struct machine *m,
                                                    const char *why)
{
    (void)m;
    return debugger_on_break(opaque, strcmp(why, "hotkey") == 0) == DBG_QUIT ? FRONTEND_QUIT
                                                                              : FRONTEND_CONTINUE;
}

/* Run in a window (frontend-sdl/); -1 when there is no display. */
static int run_window(struct machine *m, struct debugger *d, const struct debugger_session *ds)
{
    struct frontend_options fo = { .stop = &timed_out };
    if (d != NULL) {
        fo.on_break = on_frontend_break;
        fo.break_opaque = d;
    }
    struct emu_err err = { 0 };
    struct frontend *fe = frontend_create(m, &fo, &err);
    if (fe == NULL) {
        fprintf(stderr, "vireo: %s; running headless\n", err.msg);
        return -1;
    }
    if (d == NULL || debugger_attach_frontend(d, ds) != DBG_QUIT)
        frontend_run(fe);
    if (d != NULL)
        debugger_detach_frontend(d);
    frontend_destroy(fe);
    return end_of_run(m);
}
#endif

int cmd_run(int argc, char **argv)
{
    struct machine_config cfg;
    config_defaults(&cfg);
    bool print_config = false;
    int rc = parse_args(argc, argv, &cfg, &print_config);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    if (strcmp(cfg.rtc_start, "host") == 0)
        snprintf(cfg.rtc_start, sizeof cfg.rtc_start, "%lld", (long long)time(NULL));
    if (print_config) {
        config_print(&cfg, stdout);
        return 0;
    }

    struct emu_err err = { 0 };
    if (config_validate(&cfg, &err) != 0) {
        fprintf(stderr, "vireo: %s\n", err.msg);
        return 1;
    }
    /* --term owns the terminal: its keys and the whole screen. */
    const char *clash = !cfg.term ? NULL
                        : cfg.script[0] ? "--script (a script drives the run itself)"
                        : cfg.debug || cfg.debug_script[0] ? "--debug (its prompt reads the terminal)"
                        : cfg.gdb_port != 0 ? "--gdb (use the window or --headless)"
                        : strcmp(cfg.serial, "stdio") == 0 ? "--serial stdio (both read the terminal)"
                        : NULL;
    if (clash != NULL) {
        fprintf(stderr, "vireo: --term cannot be used with %s\n", clash);
        return 1;
    }
    char demo_path[64] = "";
    bool no_disks = cfg.nfda == 0 && cfg.fdb[0] == 0 && cfg.hd[0][0] == 0 && cfg.hd[1][0] == 0 &&
                    cfg.hd[2][0] == 0 && cfg.hd[3][0] == 0;
    if (no_disks) {
        if (demo_disk_write(demo_path, sizeof demo_path, &err) != 0) {
            fprintf(stderr, "vireo: %s\n", err.msg);
            return 1;
        }
        config_set(&cfg, "fda", demo_path, &err);
        snprintf(cfg.boot, sizeof cfg.boot, "a");
        cfg.snapshot = true;
    }

    struct script *script = NULL;
    if (cfg.script[0]) {
        script = script_load(cfg.script, &err);
        if (script == NULL) {
            fprintf(stderr, "vireo: %s\n", err.msg);
            rc = 1;
            goto out;
        }
    }
    struct machine *m = machine_create(&cfg, &err);
    if (m == NULL) {
        fprintf(stderr, "vireo: %s\n", err.msg);
        rc = 1;
        goto out;
    }
    struct debugger_session ds;
    struct debugger *dbg = NULL;
    if (cfg.debug || cfg.debug_script[0] || cfg.gdb_port != 0) {
        if (script != NULL) {
            fprintf(stderr, "vireo: --script cannot drive a run under the debugger\n");
            rc = 1;
            goto out_machine;
        }
        dbg = debugger_start(m, &ds);
        if (dbg == NULL) {
            rc = 1;
            goto out_machine;
        }
    }
    /* --serial stdio: the terminal is COM1's too, unless the debugger's
     * prompt reads it. */
    bool serial_in = strcmp(cfg.serial, "stdio") == 0 && !cfg.debug && !cfg.debug_script[0];
    if (serial_in) {
        machine_set_serial_input(m, STDIN_FILENO);
        terminal_raw_begin(true);
    }
    arm_timeout(cfg.timeout);
    if (script != NULL) {
        rc = script_run(script, m, (volatile int *)&timed_out, stdout);
    } else {
        rc = -1;
        if (cfg.term) {
            terminal_raw_begin(false);
            struct term_options to = { .in_fd = STDIN_FILENO, .out = stdout, .turbo = cfg.turbo,
                                       .stop = &timed_out };
            rc = term_run(m, &to);
            terminal_raw_end();
            if (timed_out)
                rc = end_of_run(m);
        }
#ifdef HAVE_SDL
        if (rc < 0 && !cfg.headless)
            rc = run_window(m, dbg, &ds);
#endif
        if (rc < 0 && dbg != NULL) {
            rc = debugger_main(dbg, &ds);
            if (timed_out || m->stop == STOP_SHUTDOWN)
                rc = end_of_run(m);
        } else if (rc < 0) {
            rc = run_headless(m);
        }
        if (no_disks && m->stop == STOP_EXIT)
            machine_print_screen(m, stdout);
    }
out_machine:
    terminal_raw_end();
    if (dbg != NULL) {
        signal(SIGINT, SIG_DFL);
        debugger_destroy(dbg);
    }
    machine_destroy(m);
out:
    script_free(script);
    if (demo_path[0])
        unlink(demo_path);
    return rc;
}
