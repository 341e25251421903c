bin_PROGRAMS += vireo
vireo_SOURCES = cli/main.c cli/commands.h cli/cmd_conform.c cli/cmd_run.c
vireo_LDADD = $(VIREO_LIBS) $(SDL2_LIBS)
vireo_SOURCES += cli/cmd_disasm.c cli/terminal.c cli/terminal.h
# The manual page; tests/manpage.sh keeps it in step with --help.
dist_man_MANS += docs/vireo.1
