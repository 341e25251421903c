/* conformance/runner.c: see runner.h.  One CPU over a flat 16 MiB RAM with
 * A20 enabled and no devices (ports read as all ones) is reused for every
 * test; the bytes a test touched are cleared after it. */
#include "conformance/runner.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "conformance/json.h"
#include "conformance/moo.h"
#include "cpu/cpu.h"
#include "decoder/decode.h"
#include "devices/bus.h"
#include "mmu/physmem.h"

#define CONFORM_RAM (16u << 20)
#define CONFORM_STEPS 10000

struct conform {
    struct conform_opts opt;
    struct logger log;
    struct phys_mem mem;
    struct io_bus bus;
    struct cpu *cpu;
    struct json *meta;          /* metadata.json of the directory being run */
    char meta_dir[1024];
    char **revoked;             /* revocation list hashes */
    size_t nrevoked;
};

static const char *const skip_names[SKIP_COUNT] = {
    [SKIP_REVOKED] = "revoked (revocation_list.txt)",
    [SKIP_LOCK_UD] = "LOCK on a non-lockable form (caveat 1)",
    [SKIP_SS_OVERRUN] = "SS-relative overrun: #GP on the 286, #SS on the 386 (caveat 2)",
    [SKIP_STEP_OVERRUN] = "overrun after the 286 stepped SP/SI/DI (caveat 2)",
    [SKIP_IDIV_MISS] = "IDIV overflow the 286 misses, returning 80h/8000h (caveat 8)",
    [SKIP_PUSHED_SS] = "286 exception frame with SS in the CS slot (capture anomaly)",
    [SKIP_LENGTH_UD] = "286 10-byte instruction limit (caveat 3)",
    [SKIP_SREG_FS_GS] = "8C/8E with FS/GS (caveat 4)",
    [SKIP_ESC] = "D8 ESC captured without a coprocessor (caveat 6)",
};

const char *conform_skip_name(enum conform_skip s)
{
    return s < SKIP_COUNT ? skip_names[s] : "?";
}

struct conform *conform_create(const struct conform_opts *o, struct emu_err *err)
{
    struct conform *cf = calloc(1, sizeof *cf);
    if (cf == NULL) {
        emu_fail(err, EMU_ENOMEM, "out of memory");
        return NULL;
    }
    cf->opt = *o;
    log_init_stderr(&cf->log, LOG_WARN);
    if (phys_create(&cf->mem, CONFORM_RAM, &cf->log, err) != 0) {
        free(cf);
        return NULL;
    }
    bus_init(&cf->bus, &cf->log);
    struct cpu_config cfg = { .model = o->model, .has_fpu = false };
    cf->cpu = cpu_create(&cfg, &cf->mem, &cf->bus);
    if (cf->cpu == NULL) {
        phys_destroy(&cf->mem);
        free(cf);
        emu_fail(err, EMU_ENOMEM, "out of memory");
        return NULL;
    }
    return cf;
}

static void free_revoked(struct conform *cf)
{
    for (size_t i = 0; i < cf->nrevoked; i++)
        free(cf->revoked[i]);
    free(cf->revoked);
    cf->revoked = NULL;
    cf->nrevoked = 0;
}

void conform_destroy(struct conform *cf)
{
    if (cf == NULL)
        return;
    cpu_destroy(cf->cpu);
    phys_destroy(&cf->mem);
    json_free(cf->meta);
    free_revoked(cf);
    free(cf);
}

/* Load metadata.json beside the file and revocation_list.txt beside or
 * above its directory, once per directory. */
static int load_dir_data(struct conform *cf, const char *dir, struct emu_err *err)
{
    if (cf->meta != NULL && strcmp(cf->meta_dir, dir) == 0)
        return 0;
    json_free(cf->meta);
    cf->meta = NULL;
    free_revoked(cf);
    snprintf(cf->meta_dir, sizeof cf->meta_dir, "%s", dir);
    char path[1200];
    snprintf(path, sizeof path, "%s/metadata.json", dir);
    cf->meta = json_parse_file(path, err);
    if (cf->meta == NULL)
        return -1;
    static const char *const revs[] = { "%s/revocation_list.txt", "%s/../revocation_list.txt" };
    for (size_t r = 0; r < 2; r++) {
        snprintf(path, sizeof path, revs[r], dir);
        FILE *f = fopen(path, "r");
        if (f == NULL)
            continue;
        char line[256];
        while (fgets(line, sizeof line, f)) {
            char hash[64];
            if (sscanf(line, "%63s", hash) != 1 || strlen(hash) != 40)
                continue;
            char **n = realloc(cf->revoked, (cf->nrevoked + 1) * sizeof *n);
            if (n == NULL)
                break;
            cf->revoked = n;
            cf->revoked[cf->nrevoked++] = strdup(hash);
        }
        fclose(f);
        break;
    }
    return 0;
}

static int is_revoked(const struct conform *cf, const char *hash)
{
    for (size_t i = 0; i < cf->nrevoked; i++) {
        if (cf->revoked[i] != NULL && strcmp(cf->revoked[i], hash) == 0)
            return 1;
    }
    return 0;
}

/* The undefined-flags mask of opcode "XX" or group member "XX.n". */
static uint16_t flags_mask(const struct conform *cf, const char *key)
{
    char op[8];
    int reg = -1;
    snprintf(op, sizeof op, "%.2s", key);
    if (key[2] == '.')
        reg = key[3] - '0';
    const struct json *e = json_get(json_get(cf->meta, "opcodes"), op);
    if (reg >= 0) {
        char r[4];
        snprintf(r, sizeof r, "%d", reg);
        e = json_get(json_get(e, "reg"), r);
    }
    const struct json *m = json_get(e, "flags-mask");
    return m != NULL && m->type == JSON_NUMBER ? (uint16_t)m->number : 0xffffu;
}

static void set_state(struct conform *cf, const struct moo_test *t)
{
    struct cpu *c = cf->cpu;
    const uint16_t *r = t->init.regs;
    cpu_reset(c);
    c->first_exception = -1;
    static const uint8_t gpr_of[8] = { MOO_AX, MOO_CX, MOO_DX, MOO_BX, MOO_SP, MOO_BP, MOO_SI,
                                       MOO_DI };
    for (unsigned i = 0; i < 8; i++)
        c->gpr[i] = r[gpr_of[i]];
    cpu_load_seg_real(c, SEG_ES, r[MOO_ES]);
    cpu_load_seg_real(c, SEG_CS, r[MOO_CS]);
    cpu_load_seg_real(c, SEG_SS, r[MOO_SS]);
    cpu_load_seg_real(c, SEG_DS, r[MOO_DS]);
    c->eip = r[MOO_IP];
    /* README rule 3: bits 12-15 came from LOADALL and a real-mode CPU
     * cannot hold them; bit 1 reads as one. */
    c->eflags = (r[MOO_FLAGS] & 0x0fffu) | EFLAGS_FIXED1;
    c->lazy.op = FLAG_OP_NONE;
    cpu_update_mode(c);
    for (size_t i = 0; i < t->init.nram; i++)
        phys_write8(&cf->mem, t->init.ram[i].addr, t->init.ram[i].value);
}

static void clear_ram(struct conform *cf, const struct moo_test *t)
{
    for (size_t i = 0; i < t->init.nram; i++)
        phys_write8(&cf->mem, t->init.ram[i].addr, 0);
    for (size_t i = 0; i < t->fina.nram; i++)
        phys_write8(&cf->mem, t->fina.ram[i].addr, 0);
}

static uint16_t actual_reg(const struct cpu *c, unsigned r)
{
    static const int gpr_of[MOO_NREGS] = {
        [MOO_AX] = REG_EAX, [MOO_BX] = REG_EBX, [MOO_CX] = REG_ECX, [MOO_DX] = REG_EDX,
        [MOO_SP] = REG_ESP, [MOO_BP] = REG_EBP, [MOO_SI] = REG_ESI, [MOO_DI] = REG_EDI };
    switch (r) {
    case MOO_CS: return c->seg[SEG_CS].sel;
    case MOO_SS: return c->seg[SEG_SS].sel;
    case MOO_DS: return c->seg[SEG_DS].sel;
    case MOO_ES: return c->seg[SEG_ES].sel;
    case MOO_IP: return (uint16_t)c->eip;
    case MOO_FLAGS: return (uint16_t)c->eflags;
    default: return (uint16_t)c->gpr[gpr_of[r]];
    }
}

static const char *const reg_names[MOO_NREGS] = { "ax", "bx", "cx", "dx", "cs", "ss", "ds", "es",
                                                  "sp", "bp", "si", "di", "ip", "flags" };

/* Compare with the expected final state; print differences if asked. */
static int compare(struct conform *cf, const struct moo_test *t, uint16_t fmask, int print)
{
    struct cpu *c = cf->cpu;
    (void)cpu_get_eflags(c);
    int ok = 1;
    for (unsigned r = 0; r < MOO_NREGS; r++) {
        uint16_t want = (t->fina.present & (1u << r)) ? t->fina.regs[r] : t->init.regs[r];
        uint16_t got = actual_reg(c, r);
        if (r == MOO_FLAGS) {
            if (!(t->fina.present & (1u << r)))
                want = (want & 0x0fffu) | EFLAGS_FIXED1;
            want = (uint16_t)((want | EFLAGS_FIXED1) & fmask);
            got = (uint16_t)((got | EFLAGS_FIXED1) & fmask);
        }
        if (want != got) {
            ok = 0;
            if (print)
                fprintf(cf->opt.out, "    %s: expected %04x, got %04x\n", reg_names[r], want, got);
        }
    }
    /* The pushed FLAGS of an exception sit at the final SS:SP+4.  The EXCP
     * chunk's address is that rounded down to even when SP is odd, so it is
     * recomputed here from the expected final SS and SP. */
    uint32_t flag_lo = 0, flag_hi = 0;
    if (t->has_exception) {
        uint16_t ss = (t->fina.present & (1u << MOO_SS)) ? t->fina.regs[MOO_SS] : t->init.regs[MOO_SS];
        uint16_t sp = (t->fina.present & (1u << MOO_SP)) ? t->fina.regs[MOO_SP] : t->init.regs[MOO_SP];
        flag_lo = ((uint32_t)ss << 4) + (uint16_t)(sp + 4);
        flag_hi = ((uint32_t)ss << 4) + (uint16_t)(sp + 5);
    }
    for (size_t i = 0; i < t->fina.nram; i++) {
        uint32_t a = t->fina.ram[i].addr;
        uint8_t want = t->fina.ram[i].value, got = phys_read8(&cf->mem, a);
        if (t->has_exception && (a == flag_lo || a == flag_hi)) {
            uint8_t m = (uint8_t)(a == flag_lo ? fmask : fmask >> 8);
            want &= m;
            got &= m;
        }
        if (want != got) {
            ok = 0;
            if (print)
                fprintf(cf->opt.out, "    [%06x]: expected %02x, got %02x\n", a, want, got);
        }
    }
    return ok;
}

/* The value of register r after the test (FINA, else INIT). */
static uint16_t final_reg(const struct moo_test *t, unsigned r)
{
    return (t->fina.present & (1u << r)) ? t->fina.regs[r] : t->init.regs[r];
}

static int ram_value(const struct moo_state *s, uint32_t addr, uint8_t *v)
{
    for (size_t i = 0; i < s->nram; i++) {
        if (s->ram[i].addr == addr) {
            *v = s->ram[i].value;
            return 1;
        }
    }
    return 0;
}

/* An IDIV that completed on the 286 with quotient 80h (8000h) although the
 * exact quotient does not fit: the 386 raises #DE.  Only the register forms
 * are decided here; a memory divisor is read from the initial RAM. */
static int idiv_missed(const struct moo_test *t, const struct insn *in)
{
    bool byte = in->osz == 1;
    uint16_t q = final_reg(t, MOO_AX);
    if (byte ? (q & 0xffu) != 0x80 : q != 0x8000)
        return 0;
    int64_t divisor;
    if (in->flags & INSN_MEM) {
        static const int reg_of[8] = { MOO_AX, MOO_CX, MOO_DX, MOO_BX, MOO_SP, MOO_BP, MOO_SI,
                                       MOO_DI };
        uint32_t ea = (uint32_t)(in->base == REG_NONE ? 0 : t->init.regs[reg_of[in->base]]) +
                      (uint32_t)(in->index == REG_NONE ? 0 : t->init.regs[reg_of[in->index]]) +
                      (uint32_t)in->disp;
        static const int seg_of[6] = { MOO_ES, MOO_CS, MOO_SS, MOO_DS, -1, -1 };
        if (seg_of[in->seg] < 0)
            return 0;
        uint32_t lin = ((uint32_t)t->init.regs[seg_of[in->seg]] << 4) + (ea & 0xffffu);
        uint8_t lo, hi = 0;
        if (!ram_value(&t->init, lin, &lo) || (!byte && !ram_value(&t->init, lin + 1, &hi)))
            return 0;
        divisor = byte ? (int8_t)lo : (int16_t)(lo | hi << 8);
    } else {
        static const int reg_of[8] = { MOO_AX, MOO_CX, MOO_DX, MOO_BX, MOO_SP, MOO_BP, MOO_SI,
                                       MOO_DI };
        uint16_t v = t->init.regs[reg_of[in->rm & 3]];
        divisor = byte ? (int8_t)(in->rm < 4 ? v & 0xff : v >> 8) : (int16_t)t->init.regs[reg_of[in->rm]];
    }
    if (divisor == 0)
        return 0;
    int64_t n = byte ? (int16_t)t->init.regs[MOO_AX]
                     : (int32_t)((uint32_t)t->init.regs[MOO_DX] << 16 | t->init.regs[MOO_AX]);
    int64_t quot = n / divisor;
    return byte ? (quot < -128 || quot > 127) : (quot < -32768 || quot > 32767);
}

/* Two exception frames in the data hold SS where CS belongs (pushed CS
 * equals the initial SS, not the initial CS): a 386 pushes CS. */
static int pushed_ss_for_cs(const struct moo_test *t)
{
    uint16_t ss = final_reg(t, MOO_SS), sp = final_reg(t, MOO_SP);
    uint8_t lo, hi;
    uint32_t at = ((uint32_t)ss << 4);
    if (!ram_value(&t->fina, at + (uint16_t)(sp + 2), &lo) ||
        !ram_value(&t->fina, at + (uint16_t)(sp + 3), &hi))
        return 0;
    uint16_t pushed = (uint16_t)(lo | hi << 8);
    return pushed != t->init.regs[MOO_CS] && pushed == t->init.regs[MOO_SS];
}

/* Which written skip rule, if any, applies to a test before running it. */
static int skip_before(struct conform *cf, const char *key, const struct moo_test *t)
{
    if (is_revoked(cf, t->hash))
        return SKIP_REVOKED;
    if (strncmp(key, "D8", 2) == 0)
        return SKIP_ESC;
    struct decode_ctx ctx = { .code32 = 0, .cpu = cf->opt.model, .handlers = NULL };
    struct insn in;
    enum decode_status st = decode(t->bytes, t->nbytes, &ctx, &in);
    if (st == DECODE_OK) {
        if ((in.pfx & PFX_LOCK) && (in.flags & INSN_UD))
            return SKIP_LOCK_UD;
        if ((in.opcode == 0x8c || in.opcode == 0x8e) && !(in.flags & INSN_0F) &&
            (in.reg == 4 || in.reg == 5))
            return SKIP_SREG_FS_GS;
        /* The 286 faults (#UD, or #GP as the data also shows) on an
         * instruction longer than 10 bytes; a 386 allows 15. */
        if (t->has_exception && in.len > 10 && !(in.flags & INSN_UD))
            return SKIP_LENGTH_UD;
        if (t->has_exception && t->exc_vector == 6 && !(in.flags & INSN_UD))
            return SKIP_LENGTH_UD;
        /* A segment overrun of an instruction that steps SP, SI or DI
         * (string instructions, POP m): the 286 has already stepped them
         * when it raises #GP; the 386 faults before any change. */
        if (t->has_exception && t->exc_vector == 13 &&
            ((in.op->attr & ATTR_STRING) || in.op->exec == EXEC_pop_E))
            return SKIP_STEP_OVERRUN;
        if (in.mn == MN_IDIV && !t->has_exception && idiv_missed(t, &in))
            return SKIP_IDIV_MISS;
        if (t->has_exception && pushed_ss_for_cs(t))
            return SKIP_PUSHED_SS;
    }
    return -1;
}

static int run_file(struct conform *cf, const char *path, struct conform_totals *tot,
                    struct emu_err *err)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    const char *base = slash ? slash + 1 : path;
    if (slash)
        *slash = 0;
    else
        snprintf(dir, sizeof dir, ".");
    char key[16];
    snprintf(key, sizeof key, "%.*s", (int)strcspn(base, "M") - 1, base);
    if (load_dir_data(cf, dir, err) != 0)
        return -1;
    uint16_t fmask = flags_mask(cf, key);
    if (strcmp(key, "9D") == 0 || strcmp(key, "CF") == 0)
        fmask &= 0x0fffu;       /* caveat 5: the 386 loads IOPL and NT in real mode */

    struct moo_file f;
    if (moo_open(&f, path, err) != 0)
        return -1;
    struct moo_test t;
    memset(&t, 0, sizeof t);
    uint64_t pass = 0, fail = 0, skip = 0;
    long n = 0;
    int r;
    while ((cf->opt.limit == 0 || n < cf->opt.limit) && (r = moo_next(&f, &t, err)) == 1) {
        n++;
        int rule = skip_before(cf, key, &t);
        if (rule >= 0) {
            skip++;
            tot->skip[rule]++;
            continue;
        }
        set_state(cf, &t);
        enum cpu_exit ex = cpu_run(cf->cpu, CONFORM_STEPS);
        int ok = ex == CPU_EXIT_HALT && compare(cf, &t, fmask, 0);
        if (!ok && t.has_exception && t.exc_vector == 13 && cf->cpu->first_exception == 12) {
            skip++;
            tot->skip[SKIP_SS_OVERRUN]++;
            clear_ram(cf, &t);
            continue;
        }
        if (ok) {
            pass++;
        } else {
            fail++;
            if (cf->opt.verbose) {
                fprintf(cf->opt.out, "  FAIL %s #%u \"%s\" (%s)\n", key, t.index, t.name,
                        ex == CPU_EXIT_HALT ? "halted" : ex == CPU_EXIT_BUDGET ? "no HLT"
                                                                               : "reset");
                compare(cf, &t, fmask, 1);
            }
        }
        clear_ram(cf, &t);
    }
    moo_test_free(&t);
    moo_close(&f);
    if (r < 0 && (cf->opt.limit == 0 || n < cf->opt.limit))
        return -1;
    fprintf(cf->opt.out, "%-10s %7llu passed, %5llu failed, %5llu skipped\n", key,
            (unsigned long long)pass, (unsigned long long)fail, (unsigned long long)skip);
    tot->passed += pass;
    tot->failed += fail;
    tot->skipped += skip;
    tot->files++;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int conform_run_path(struct conform *cf, const char *path, struct conform_totals *t,
                     struct emu_err *err)
{
    DIR *d = opendir(path);
    if (d == NULL)
        return run_file(cf, path, t, err);
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len > 7 && strcmp(e->d_name + len - 7, ".MOO.gz") == 0) {
            char **nn = realloc(names, (n + 1) * sizeof *nn);
            if (nn == NULL)
                break;
            names = nn;
            names[n++] = strdup(e->d_name);
        }
    }
    closedir(d);
    if (n == 0) {
        free(names);
        return emu_fail(err, EMU_EINVAL, "%s: no .MOO.gz files in this directory", path);
    }
    qsort(names, n, sizeof *names, cmp_str);
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        char full[2048];
        snprintf(full, sizeof full, "%s/%s", path, names[i]);
        rc = run_file(cf, full, t, err);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}
