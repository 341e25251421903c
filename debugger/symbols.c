/* debugger/symbols.c: see symbols.h.  ELF files go through libelf
 * (gelf_* accessors, so 32- and 64-bit files of either byte order work);
 * anything else is read as "ADDRESS NAME" text, one symbol a line. */
#include "debugger/symbols.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SYM_NEAR_MAX 0x1000u        /* how far past a sizeless symbol it still names */

void sym_init(struct symtab *t)
{
    memset(t, 0, sizeof *t);
}

void sym_free(struct symtab *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->v[i].name);
    free(t->v);
    sym_init(t);
}

int sym_add(struct symtab *t, const char *name, uint32_t addr, uint32_t size, bool name_only)
{
    if (t->n == t->cap) {
        size_t ncap = t->cap ? t->cap * 2 : 256;
        struct sym *nv = realloc(t->v, ncap * sizeof *nv);
        if (nv == NULL)
            return -1;
        t->v = nv;
        t->cap = ncap;
    }
    char *copy = strdup(name);
    if (copy == NULL)
        return -1;
    t->v[t->n++] = (struct sym){ .addr = addr, .size = size, .name = copy,
                                 .name_only = name_only };
    t->sorted = false;
    return 0;
}

static int by_addr(const void *a, const void *b)
{
    const struct sym *x = a, *y = b;
    if (x->name_only != y->name_only)
        return x->name_only ? 1 : -1;   /* after every address symbol */
    if (x->addr != y->addr)
        return x->addr < y->addr ? -1 : 1;
    /* Among aliases prefer the one with a size, then the shorter name. */
    if ((x->size == 0) != (y->size == 0))
        return x->size == 0 ? 1 : -1;
    return strcmp(x->name, y->name);
}

static void sort(struct symtab *t)
{
    if (!t->sorted) {
        qsort(t->v, t->n, sizeof t->v[0], by_addr);
        t->naddr = 0;
        while (t->naddr < t->n && !t->v[t->naddr].name_only)
            t->naddr++;
        t->sorted = true;
    }
}

bool sym_find(const struct symtab *t, const char *name, uint32_t *addr)
{
    for (size_t i = 0; i < t->n; i++) {
        if (strcmp(t->v[i].name, name) == 0) {
            *addr = t->v[i].addr;
            return true;
        }
    }
    return false;
}

const struct sym *sym_at(struct symtab *t, uint32_t addr)
{
    if (t->n == 0)
        return NULL;
    sort(t);
    /* The last address symbol at or below addr. */
    size_t lo = 0, hi = t->naddr;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->v[mid].addr <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return NULL;
    size_t i = lo - 1;
    /* Step back to the first alias at that address (the preferred one). */
    while (i > 0 && t->v[i - 1].addr == t->v[i].addr)
        i--;
    const struct sym *s = &t->v[i];
    uint32_t off = addr - s->addr;
    if (s->size != 0 ? off < s->size : off < SYM_NEAR_MAX)
        return s;
    return NULL;
}

/* ---- ELF ---- */

static long load_elf(struct symtab *t, Elf *e, const char *path, uint32_t offset,
                     struct emu_err *err)
{
    long added = 0;
    Elf_Scn *scn = NULL;
    bool any_table = false;
    while ((scn = elf_nextscn(e, scn)) != NULL) {
        GElf_Shdr sh;
        if (gelf_getshdr(scn, &sh) == NULL)
            continue;
        if (sh.sh_type != SHT_SYMTAB && sh.sh_type != SHT_DYNSYM)
            continue;
        any_table = true;
        Elf_Data *data = elf_getdata(scn, NULL);
        if (data == NULL || sh.sh_entsize == 0)
            continue;
        size_t count = sh.sh_size / sh.sh_entsize;
        for (size_t i = 1; i < count; i++) {         /* entry 0 is the null symbol */
            GElf_Sym s;
            if (gelf_getsym(data, (int)i, &s) == NULL)
                break;
            unsigned type = GELF_ST_TYPE(s.st_info);
            if (s.st_shndx == SHN_UNDEF || s.st_name == 0 ||
                (type != STT_FUNC && type != STT_OBJECT && type != STT_NOTYPE))
                continue;
            const char *name = elf_strptr(e, sh.sh_link, s.st_name);
            if (name == NULL || name[0] == 0)
                continue;
            uint32_t addr = (uint32_t)s.st_value + offset;
            if (sym_add(t, name, addr, (uint32_t)s.st_size, s.st_shndx == SHN_ABS) != 0) {
                emu_fail(err, EMU_ENOMEM, "out of memory");
                return -1;
            }
            added++;
        }
    }
    if (!any_table) {
        emu_fail(err, EMU_EFORMAT, "%s: an ELF file without a symbol table (stripped?)", path);
        return -1;
    }
    return added;
}

/* ---- Text: "ADDRESS NAME" lines (hex with or without 0x; # comments) ---- */

static long load_text(struct symtab *t, FILE *f, const char *path, uint32_t offset,
                      struct emu_err *err)
{
    char line[512];
    long added = 0;
    unsigned lineno = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        lineno++;
        char *s = line;
        while (isspace((unsigned char)*s))
            s++;
        if (*s == 0 || *s == '#' || *s == ';')
            continue;
        char *end;
        errno = 0;
        unsigned long long a = strtoull(s, &end, 16);
        if (errno != 0 || end == s || !isspace((unsigned char)*end) || a > 0xffffffffull) {
            emu_fail(err, EMU_EFORMAT, "%s:%u: expected 'ADDRESS NAME' (not an ELF file either)",
                     path, lineno);
            return -1;
        }
        s = end;
        while (isspace((unsigned char)*s))
            s++;
        char *name = s;
        while (*s && !isspace((unsigned char)*s))
            s++;
        *s = 0;
        if (*name == 0) {
            emu_fail(err, EMU_EFORMAT, "%s:%u: a symbol needs a name", path, lineno);
            return -1;
        }
        if (sym_add(t, name, (uint32_t)a + offset, 0, false) != 0) {
            emu_fail(err, EMU_ENOMEM, "out of memory");
            return -1;
        }
        added++;
    }
    return added;
}

long sym_load_file(struct symtab *t, const char *path, uint32_t offset, struct emu_err *err)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        emu_fail(err, EMU_EIO, "%s: %s", path, strerror(errno));
        return -1;
    }
    unsigned char magic[4] = { 0 };
    ssize_t got = read(fd, magic, sizeof magic);
    long rc = -1;
    if (got == 4 && memcmp(magic, ELFMAG, SELFMAG) == 0) {
        Elf *e = NULL;
        if (elf_version(EV_CURRENT) == EV_NONE)
            emu_fail(err, EMU_EFORMAT, "libelf is too old");
        else if ((e = elf_begin(fd, ELF_C_READ, NULL)) == NULL || elf_kind(e) != ELF_K_ELF)
            emu_fail(err, EMU_EFORMAT, "%s: %s", path,
                     e == NULL ? elf_errmsg(-1) : "not an ELF object");
        else
            rc = load_elf(t, e, path, offset, err);
        if (e != NULL)
            elf_end(e);
        close(fd);
        return rc;
    }
    FILE *f = fdopen(fd, "r");
    if (f == NULL) {
        emu_fail(err, EMU_EIO, "%s: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    rewind(f);
    rc = load_text(t, f, path, offset, err);
    fclose(f);
    return rc;
}
