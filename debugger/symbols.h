/* debugger/symbols.h: the debugger's symbol table: names and addresses
 * from ELF files (the .symtab and .dynsym sections, read through libelf;
 * ELF spec, "Symbol Table") or from text files of "ADDRESS NAME" lines
 * (the format Bochs's ldsym reads).  Addresses print as name+offset and
 * names work in expressions. */
#ifndef VIREO_DEBUGGER_SYMBOLS_H
#define VIREO_DEBUGGER_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

struct sym {
    uint32_t addr;
    uint32_t size;              /* bytes, 0 when the file does not say */
    char *name;
    bool name_only;             /* an absolute constant (ELF SHN_ABS): usable in
                                   expressions, never used to name an address */
};

struct symtab {
    struct sym *v;              /* once `sorted`: address symbols by address, then */
    size_t n, cap;              /*   the name-only ones */
    size_t naddr;               /* address symbols (valid when sorted) */
    bool sorted;
};

void sym_init(struct symtab *t);
void sym_free(struct symtab *t);
/* Add one symbol (the name is copied). */
int sym_add(struct symtab *t, const char *name, uint32_t addr, uint32_t size, bool name_only);
/* Load a file, adding offset to every address; returns the number of
 * symbols added, or -1 with err filled. */
long sym_load_file(struct symtab *t, const char *path, uint32_t offset, struct emu_err *err);
/* The address of name (exact, case-sensitive). */
bool sym_find(const struct symtab *t, const char *name, uint32_t *addr);
/* The symbol covering addr: inside its size, or (size unknown) the
 * nearest one below within 4 KiB; name-only symbols never.  NULL when none. */
const struct sym *sym_at(struct symtab *t, uint32_t addr);

#endif
