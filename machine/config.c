/* machine/config.c: the option table and its parsers.  See config.h. */
#include "machine/config.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/model.h"
#include "decoder/decode.h"

enum opt_kind {
    OPT_UINT,       /* unsigned integer into uint32_t or uint64_t (by size) in [min, max] */
    OPT_DOUBLE,     /* non-negative number */
    OPT_FLAG,       /* bool; on the command line it takes no value */
    OPT_BOOL,       /* bool with a yes/no value */
    OPT_STRING,     /* text into a char array */
    OPT_CPU,        /* 386 | 486 | pentium | pentiumpro | pentium2 */
    OPT_FLOPPY,     /* --fda: appends another image to the cycle list */
    OPT_CHS,        /* C,H,S for hard disk `index` */
    OPT_BOOT,       /* drive letters */
    OPT_SERIAL,     /* stdio | file:PATH | none */
};

struct opt {
    const char *name;
    enum opt_kind kind;
    size_t offset;              /* of the field in struct machine_config */
    size_t size;                /* of the field (strings: array size) */
    unsigned index;             /* OPT_CHS: which disk */
    uint64_t min, max;          /* OPT_UINT */
    const char *arg;            /* the value's name in --help */
    const char *help;
};

#define F(field) offsetof(struct machine_config, field), sizeof(((struct machine_config *)0)->field)

/* Legend: name, kind, field, index, min, max, argument, help. */
static const struct opt options[] = {
    { "fda", OPT_FLOPPY, F(fda), 0, 0, 0, "FILE", "floppy image for drive A: (repeat to list images the next-floppy hotkey cycles through)" },
    { "fdb", OPT_STRING, F(fdb), 0, 0, 0, "FILE", "floppy image for drive B:" },
    { "hda", OPT_STRING, F(hd[0]), 0, 0, 0, "FILE", "hard disk image: primary master (C:)" },
    { "hdb", OPT_STRING, F(hd[1]), 0, 0, 0, "FILE", "hard disk image: primary slave" },
    { "hdc", OPT_STRING, F(hd[2]), 0, 0, 0, "FILE", "hard disk image: secondary master" },
    { "hdd", OPT_STRING, F(hd[3]), 0, 0, 0, "FILE", "hard disk image: secondary slave" },
    { "hda-chs", OPT_CHS, F(hd_chs), 0, 0, 0, "C,H,S", "geometry of hda (default: from the image size)" },
    { "hdb-chs", OPT_CHS, F(hd_chs), 1, 0, 0, "C,H,S", "geometry of hdb" },
    { "hdc-chs", OPT_CHS, F(hd_chs), 2, 0, 0, "C,H,S", "geometry of hdc" },
    { "hdd-chs", OPT_CHS, F(hd_chs), 3, 0, 0, "C,H,S", "geometry of hdd" },
    { "boot", OPT_BOOT, F(boot), 0, 0, 0, "a|c|ac|ca", "boot order: floppy A:, hard disk C:" },
    { "memory", OPT_UINT, F(memory_mb), 0, 1, 256, "MB", "RAM size in MiB (1-256, default 32)" },
    { "cpu", OPT_CPU, F(cpu_model), 0, 0, 0, "MODEL", "CPU model: 386, 486, pentium, pentiumpro or pentium2 (default pentium)" },
    { "fpu", OPT_BOOL, F(has_fpu), 0, 0, 0, "yes|no", "fit a math coprocessor (default yes)" },
    { "bios", OPT_STRING, F(bios), 0, 0, 0, "FILE", "load this system BIOS image instead of our own" },
    { "vgabios", OPT_STRING, F(vgabios), 0, 0, 0, "FILE", "load this VGA BIOS option ROM at C0000h" },
    { "serial", OPT_SERIAL, F(serial), 0, 0, 0, "stdio|file:PATH|none", "where COM1 goes (default none)" },
    { "debugcon", OPT_SERIAL, F(debugcon), 0, 0, 0, "stdio|file:PATH|none", "where the debug console port E9h goes (default none)" },
    { "script", OPT_STRING, F(script), 0, 0, 0, "FILE", "drive a headless run with the commands in FILE" },
    { "timeout", OPT_DOUBLE, F(timeout), 0, 0, 0, "SECONDS", "end any run after this much wall-clock time (exit status 2)" },
    { "headless", OPT_FLAG, F(headless), 0, 0, 0, NULL, "run without a window" },
    { "term", OPT_FLAG, F(term), 0, 0, 0, NULL, "show the text screen on this terminal and type into it (no window; Ctrl-] quits)" },
    { "snapshot", OPT_FLAG, F(snapshot), 0, 0, 0, NULL, "send disk writes to a temporary overlay; images are never modified" },
    { "readonly", OPT_FLAG, F(readonly), 0, 0, 0, NULL, "open every disk image read-only (guest writes fail)" },
    { "no-reboot", OPT_FLAG, F(no_reboot), 0, 0, 0, NULL, "end the run with a message on a triple fault or reset" },
    { "turbo", OPT_FLAG, F(turbo), 0, 0, 0, NULL, "run the window (or --term) as fast as possible instead of in real time" },
    { "fullscreen", OPT_FLAG, F(fullscreen), 0, 0, 0, NULL, "start the window in fullscreen (Ctrl+Alt+F toggles)" },
    { "ips", OPT_UINT, F(ips), 0, 1000, 100000000000ull, "N", "emulated instructions per second: the guest clock (default 50000000)" },
    { "rtc-start", OPT_STRING, F(rtc_start), 0, 0, 0, "TIME|host", "RTC start: host, seconds since 1970, or YYYY-MM-DD[THH:MM:SS] (default 2000-01-01)" },
    { "log", OPT_STRING, F(log_level), 0, 0, 0, "LEVEL", "log level: error, warning, info or debug (default warning)" },
    { "debug", OPT_FLAG, F(debug), 0, 0, 0, NULL, "start stopped in the built-in debugger" },
    { "debug-script", OPT_STRING, F(debug_script), 0, 0, 0, "FILE", "run debugger commands from FILE" },
    { "symbols", OPT_STRING, F(symbols), 0, 0, 0, "FILE.elf", "load symbols for the debugger" },
    { "gdb", OPT_UINT, F(gdb_port), 0, 1, 65535, "PORT", "listen for gdb on localhost:PORT and wait for it" },
    { "gdb-nowait", OPT_FLAG, F(gdb_nowait), 0, 0, 0, NULL, "with --gdb: run at once instead of waiting for gdb" },
};

#define NOPTIONS (sizeof options / sizeof options[0])

void config_defaults(struct machine_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->memory_mb = 32;
    cfg->cpu_model = CPU_586;
    cfg->has_fpu = true;
    snprintf(cfg->boot, sizeof cfg->boot, "a");
    snprintf(cfg->serial, sizeof cfg->serial, "none");
    snprintf(cfg->debugcon, sizeof cfg->debugcon, "none");
    snprintf(cfg->rtc_start, sizeof cfg->rtc_start, "2000-01-01T00:00:00");
    snprintf(cfg->log_level, sizeof cfg->log_level, "warning");
    cfg->ips = 50000000;
}

static const struct opt *find(const char *name)
{
    for (size_t i = 0; i < NOPTIONS; i++) {
        if (strcmp(options[i].name, name) == 0)
            return &options[i];
    }
    return NULL;
}

int config_takes_value(const char *name)
{
    const struct opt *o = find(name);
    if (o == NULL)
        return -1;
    return o->kind != OPT_FLAG;
}

static int parse_bool(const char *v, bool *out)
{
    static const char *const yes[] = { "yes", "true", "on", "1" };
    static const char *const no[] = { "no", "false", "off", "0" };
    for (size_t i = 0; i < 4; i++) {
        if (strcmp(v, yes[i]) == 0) {
            *out = true;
            return 0;
        }
        if (strcmp(v, no[i]) == 0) {
            *out = false;
            return 0;
        }
    }
    return -1;
}

int config_set(struct machine_config *cfg, const char *name, const char *value,
               struct emu_err *err)
{
    const struct opt *o = find(name);
    if (o == NULL)
        return emu_fail(err, EMU_EINVAL, "unknown option '%s' (see --help)", name);
    char *field = (char *)cfg + o->offset;
    if (o->kind != OPT_FLAG && value == NULL)
        return emu_fail(err, EMU_EINVAL, "option '%s' needs a value (%s)", name, o->arg);
    switch (o->kind) {
    case OPT_UINT: {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(value, &end, 10);
        if (errno || end == value || *end != 0 || value[0] == '-' || v < o->min || v > o->max)
            return emu_fail(err, EMU_EINVAL, "%s: '%s' is not a number from %llu to %llu", name,
                            value, (unsigned long long)o->min, (unsigned long long)o->max);
        if (o->size == sizeof(uint64_t))
            *(uint64_t *)(void *)field = v;
        else
            *(uint32_t *)(void *)field = (uint32_t)v;
        return 0;
    }
    case OPT_DOUBLE: {
        char *end;
        double v = strtod(value, &end);
        if (end == value || *end != 0 || !(v >= 0) || v > 1e9)
            return emu_fail(err, EMU_EINVAL, "%s: '%s' is not a number of seconds", name, value);
        *(double *)(void *)field = v;
        return 0;
    }
    case OPT_FLAG:
    case OPT_BOOL: {
        bool b = true;
        if (value != NULL && parse_bool(value, &b) != 0)
            return emu_fail(err, EMU_EINVAL, "%s: '%s' is not yes or no", name, value);
        *(bool *)(void *)field = b;
        return 0;
    }
    case OPT_STRING:
    case OPT_SERIAL:
        if (strlen(value) >= o->size)
            return emu_fail(err, EMU_EINVAL, "%s: value too long", name);
        if (o->kind == OPT_SERIAL && strcmp(value, "stdio") != 0 &&
            strcmp(value, "none") != 0 && (strncmp(value, "file:", 5) != 0 || value[5] == 0))
            return emu_fail(err, EMU_EINVAL, "%s: '%s' is not stdio, file:PATH or none", name,
                            value);
        snprintf(field, o->size, "%s", value);
        return 0;
    case OPT_CPU: {
        const struct cpu_model *m = cpu_model_by_name(value);
        if (m == NULL)
            return emu_fail(err, EMU_EINVAL, "cpu: unknown model '%s' (" CPU_MODEL_NAMES ")",
                            value);
        cfg->cpu_model = m->model;
        return 0;
    }
    case OPT_FLOPPY:
        if (cfg->nfda == CONFIG_MAX_FLOPPIES)
            return emu_fail(err, EMU_EINVAL, "fda: at most %d images", CONFIG_MAX_FLOPPIES);
        if (strlen(value) >= CONFIG_PATH_MAX)
            return emu_fail(err, EMU_EINVAL, "fda: path too long");
        snprintf(cfg->fda[cfg->nfda++], CONFIG_PATH_MAX, "%s", value);
        return 0;
    case OPT_CHS: {
        struct disk_chs chs;
        if (disk_parse_chs(value, &chs, err) != 0)
            return -1;
        cfg->hd_chs[o->index] = chs;
        return 0;
    }
    case OPT_BOOT: {
        size_t n = strlen(value);
        if (n == 0 || n >= sizeof cfg->boot)
            return emu_fail(err, EMU_EINVAL, "boot: '%s' is not a boot order like a, c or ac",
                            value);
        for (size_t i = 0; i < n; i++) {
            char ch = (char)tolower((unsigned char)value[i]);
            if (ch != 'a' && ch != 'c')
                return emu_fail(err, EMU_EINVAL, "boot: '%c' is not a drive (a or c)",
                                value[i]);
            cfg->boot[i] = ch;
        }
        cfg->boot[n] = 0;
        return 0;
    }
    }
    return emu_fail(err, EMU_EINVAL, "option '%s' cannot be set", name);
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = 0;
    return s;
}

int config_load_file(struct machine_config *cfg, const char *path, struct emu_err *err)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return emu_fail(err, EMU_EIO, "%s: cannot open the configuration file", path);
    char line[CONFIG_PATH_MAX + 128];
    unsigned lineno = 0;
    int rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f) != NULL) {
        lineno++;
        if (strchr(line, '\n') == NULL && !feof(f)) {
            rc = emu_fail(err, EMU_EFORMAT, "%s:%u: line too long", path, lineno);
            break;
        }
        char *s = trim(line);
        if (*s == 0 || *s == '#' || *s == ';' || *s == '[')
            continue;
        char *eq = strchr(s, '=');
        char *key = s, *value = NULL;
        if (eq != NULL) {
            *eq = 0;
            key = trim(s);
            value = trim(eq + 1);
            size_t n = strlen(value);
            if (n >= 2 && value[0] == '"' && value[n - 1] == '"') {
                value[n - 1] = 0;
                value++;
            }
        }
        const struct opt *o = find(key);
        if (o == NULL) {
            rc = emu_fail(err, EMU_EFORMAT, "%s:%u: unknown key '%s'", path, lineno, key);
        } else if (value == NULL && o->kind != OPT_FLAG) {
            rc = emu_fail(err, EMU_EFORMAT, "%s:%u: '%s' needs '= value'", path, lineno, key);
        } else {
            struct emu_err e2 = { 0 };
            if (config_set(cfg, key, value, &e2) != 0)
                rc = emu_fail(err, EMU_EFORMAT, "%s:%u: %s", path, lineno, e2.msg);
        }
    }
    fclose(f);
    return rc;
}

void config_print(const struct machine_config *cfg, FILE *out)
{
    fprintf(out, "# vireo configuration (--config FILE reads this format)\n");
    for (size_t i = 0; i < NOPTIONS; i++) {
        const struct opt *o = &options[i];
        const char *field = (const char *)cfg + o->offset;
        switch (o->kind) {
        case OPT_UINT:
        {
            uint64_t v = o->size == sizeof(uint64_t) ? *(const uint64_t *)(const void *)field
                                                     : *(const uint32_t *)(const void *)field;
            if (v != 0 || o->min == 0)      /* 0 means "unset" where it is out of range */
                fprintf(out, "%s = %llu\n", o->name, (unsigned long long)v);
            break;
        }
        case OPT_DOUBLE:
            if (*(const double *)(const void *)field > 0)
                fprintf(out, "%s = %g\n", o->name, *(const double *)(const void *)field);
            break;
        case OPT_FLAG:
        case OPT_BOOL:
            fprintf(out, "%s = %s\n", o->name, *(const bool *)(const void *)field ? "yes" : "no");
            break;
        case OPT_STRING:
        case OPT_SERIAL:
        case OPT_BOOT:
            if (field[0] != 0)
                fprintf(out, "%s = %s\n", o->name, field);
            break;
        case OPT_CPU:
            fprintf(out, "%s = %s\n", o->name, cpu_model_info(cfg->cpu_model)->name);
            break;
        case OPT_FLOPPY:
            for (unsigned k = 0; k < cfg->nfda; k++)
                fprintf(out, "%s = %s\n", o->name, cfg->fda[k]);
            break;
        case OPT_CHS: {
            const struct disk_chs *chs = &cfg->hd_chs[o->index];
            if (chs->cyls != 0)
                fprintf(out, "%s = %u,%u,%u\n", o->name, chs->cyls, chs->heads, chs->spt);
            break;
        }
        }
    }
}

void config_print_help(FILE *out)
{
    for (size_t i = 0; i < NOPTIONS; i++) {
        char left[64];
        snprintf(left, sizeof left, "--%s%s%s", options[i].name, options[i].arg ? " " : "",
                 options[i].arg ? options[i].arg : "");
        fprintf(out, "  %-30s %s\n", left, options[i].help);
    }
}

int config_validate(const struct machine_config *cfg, struct emu_err *err)
{
    for (const char *b = cfg->boot; *b; b++) {
        if (*b == 'c' && cfg->hd[0][0] == 0 && strchr(cfg->boot, 'a') == NULL)
            return emu_fail(err, EMU_EINVAL, "--boot c needs a hard disk (--hda FILE)");
    }
    if (cfg->gdb_nowait && cfg->gdb_port == 0)
        return emu_fail(err, EMU_EINVAL, "--gdb-nowait needs --gdb PORT");
    return 0;
}
