/* cli/cmd_conform.c: vireo conform [--cpu MODEL] [--limit N] [-v] PATH... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "conformance/runner.h"
#include "cpu/model.h"
#include "decoder/decode.h"

static int usage(void)
{
    fprintf(stderr, "usage: vireo conform [--cpu 386|486|pentium|pentiumpro|pentium2] [--limit N] "
                    "[--verbose] PATH...\n");
    return 1;
}

int cmd_conform(int argc, char **argv)
{
    struct conform_opts o = { .model = CPU_386, .limit = 0, .verbose = 0, .out = stdout };
    int first = argc;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--cpu") == 0 && i + 1 < argc) {
            const struct cpu_model *m = cpu_model_by_name(argv[++i]);
            if (m == NULL) {
                fprintf(stderr, "vireo conform: unknown CPU model '%s' (" CPU_MODEL_NAMES ")\n",
                        argv[i]);
                return 1;
            }
            o.model = m->model;
        } else if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc) {
            char *end;
            o.limit = strtol(argv[++i], &end, 10);
            if (*end != 0 || o.limit < 0) {
                fprintf(stderr, "vireo conform: --limit needs a count, not '%s'\n", argv[i]);
                return 1;
            }
        } else if (strcmp(argv[i], "--verbose") == 0 || strcmp(argv[i], "-v") == 0) {
            o.verbose = 1;
        } else if (strcmp(argv[i], "--help") == 0) {
            usage();
            return 0;
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "vireo conform: unknown option '%s'\n", argv[i]);
            return 1;
        } else {
            first = i;
            break;
        }
    }
    if (first >= argc)
        return usage();
    struct emu_err err = { 0 };
    struct conform *cf = conform_create(&o, &err);
    if (cf == NULL) {
        fprintf(stderr, "vireo conform: %s\n", err.msg);
        return 1;
    }
    struct conform_totals t = { 0 };
    int rc = 0;
    for (int i = first; i < argc && rc == 0; i++) {
        if (argv[i][0] == '-') {
            fprintf(stderr, "vireo conform: options must come before paths ('%s')\n", argv[i]);
            rc = 1;
        } else if (conform_run_path(cf, argv[i], &t, &err) != 0) {
            fprintf(stderr, "vireo conform: %s\n", err.msg);
            rc = 1;
        }
    }
    conform_destroy(cf);
    if (rc != 0)
        return rc;
    for (int s = 0; s < SKIP_COUNT; s++) {
        if (t.skip[s])
            printf("skipped %llu: %s\n", (unsigned long long)t.skip[s], conform_skip_name(s));
    }
    uint64_t total = t.passed + t.failed + t.skipped;
    printf("%u files, %llu tests, %.2f%% skipped\n", t.files, (unsigned long long)total,
           total ? 100.0 * (double)t.skipped / (double)total : 0.0);
    printf("%llu passed, %llu failed, %llu skipped\n", (unsigned long long)t.passed,
           (unsigned long long)t.failed, (unsigned long long)t.skipped);
    return t.failed == 0 ? 0 : 1;
}
