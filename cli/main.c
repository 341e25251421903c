/* cli/main.c: the vireo program: a subcommand table, then the emulator. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"

static const struct {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
} subcommands[] = {
    { "disasm", cmd_disasm, "disassemble a raw binary file (Intel syntax)" },
    { "conform", cmd_conform, "run SingleStepTests CPU conformance vectors" },
};

int main(int argc, char **argv)
{
    if (argc >= 2) {
        for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++) {
            if (strcmp(argv[1], subcommands[i].name) == 0)
                return subcommands[i].fn(argc - 1, argv + 1);
        }
    }
    return cmd_run(argc, argv);
}
