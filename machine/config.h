/* machine/config.h: the machine's configuration.  One table of options
 * (config.c) serves the command line (--name value), INI files (name =
 * value, the same names) and --print-config, so every setting has one
 * spelling and one parser. */
#ifndef VIREO_MACHINE_CONFIG_H
#define VIREO_MACHINE_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "devices/disk_image.h"
#include "util/error.h"

#define CONFIG_MAX_FLOPPIES 8       /* --fda may name several images to cycle */
#define CONFIG_MAX_DISKS 4          /* hda hdb hdc hdd */
#define CONFIG_PATH_MAX 1024

struct machine_config {
    uint32_t memory_mb;             /* --memory: 1..256 */
    uint8_t cpu_model;              /* --cpu: CPU_386 ... CPU_P2 (decoder/decode.h) */
    bool has_fpu;                   /* --fpu yes|no */
    char fda[CONFIG_MAX_FLOPPIES][CONFIG_PATH_MAX];
    unsigned nfda;
    char fdb[CONFIG_PATH_MAX];
    char hd[CONFIG_MAX_DISKS][CONFIG_PATH_MAX];
    struct disk_chs hd_chs[CONFIG_MAX_DISKS];
    char boot[8];                   /* drive letters in boot order: "a", "c", "ac" */
    char bios[CONFIG_PATH_MAX];     /* external system BIOS image, "" = our own */
    char vgabios[CONFIG_PATH_MAX];  /* external VGA BIOS at C0000h, "" = none */
    char serial[CONFIG_PATH_MAX];   /* COM1: "stdio", "file:PATH", "none" */
    char debugcon[CONFIG_PATH_MAX]; /* port E9h: "stdio", "file:PATH", "none" */
    char script[CONFIG_PATH_MAX];   /* --script FILE */
    double timeout;                 /* --timeout: wall-clock seconds, 0 = none */
    bool headless;
    bool term;                      /* the text screen on the terminal (frontend-term/) */
    bool snapshot;                  /* writes go to a temporary overlay */
    bool readonly;                  /* images are opened read-only */
    bool no_reboot;                 /* a triple fault or reset ends the run */
    bool turbo;                     /* the window runs flat out */
    bool fullscreen;                /* the window starts fullscreen */
    uint64_t ips;                   /* emulated instructions per second */
    char rtc_start[64];             /* "host", seconds since the epoch, or an ISO date */
    char log_level[16];             /* error|warning|info|debug */
    /* Debugging (the debugger and GDB stub read these). */
    bool debug;
    char debug_script[CONFIG_PATH_MAX];
    char symbols[CONFIG_PATH_MAX];
    uint32_t gdb_port;              /* 0 = no GDB stub */
    bool gdb_nowait;
};

void config_defaults(struct machine_config *cfg);

/* Set option `name` (a long option without dashes) from text.  For flags
 * value may be NULL (meaning "yes").  Returns 0 or fills err. */
int config_set(struct machine_config *cfg, const char *name, const char *value,
               struct emu_err *err);
/* Does the option take a value on the command line? -1 if unknown. */
int config_takes_value(const char *name);
/* Read an INI file whose keys are the long options ([sections] ignored). */
int config_load_file(struct machine_config *cfg, const char *path, struct emu_err *err);
/* Write the effective configuration in the INI syntax config_load_file reads. */
void config_print(const struct machine_config *cfg, FILE *out);
/* Print one line per option with its help text. */
void config_print_help(FILE *out);
/* Checks that span options (memory range, boot letters against drives). */
int config_validate(const struct machine_config *cfg, struct emu_err *err);

#endif
