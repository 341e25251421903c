/* cli/commands.h: the subcommands of the vireo program.  Each takes the
 * arguments after its name (argv[0] is the subcommand) and returns the
 * process exit status. */
#ifndef VIREO_CLI_COMMANDS_H
#define VIREO_CLI_COMMANDS_H

int cmd_run(int argc, char **argv);         /* boot a machine: the default */
int cmd_disasm(int argc, char **argv);      /* vireo disasm [--bits 16|32] [--org ADDR] FILE */
int cmd_conform(int argc, char **argv);     /* vireo conform [--cpu MODEL] PATH... */

#endif
