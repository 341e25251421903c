/* debugger/expr.c: the debugger's expression language, C's operators
 * and precedence over 64-bit unsigned values:
 *   numbers      123  0x7c00  0b101  0o17  'A'
 *   registers    eax ax al ah ... eip ip eflags flags cs..gs cr0-cr4
 *                dr0-dr7 icount, flag bits cf pf af zf sf tf df of
 *                (any may be written $eax; names are case-insensitive)
 *   symbols      from ldsym/--symbols (a register name wins; $ forces one)
 *   memory       [ADDR] (dword), byte[ADDR] word[ADDR] dword[ADDR], *ADDR;
 *                ADDR is linear or SEG:OFF, read without side effects
 *   operators    unary - ~ ! *; * / %; + -; << >>; < <= > >=; == !=; &; ^;
 *                |; &&; ||; parentheses
 * An address may be SEG:OFF at the top level (dbg_eval_addr). */
#include <ctype.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>

#include "cpu/debug.h"
#include "cpu/flags.h"
#include "cpu/segment.h"
#include "debugger/internal.h"
#include "mmu/tlb.h"

/* ---- Registers ---- */

enum reg_kind { RK_GPR32, RK_GPR16, RK_GPR8L, RK_GPR8H, RK_EIP, RK_IP, RK_EFLAGS, RK_FLAGS,
                RK_SEG, RK_CR, RK_DR, RK_ICOUNT, RK_FLAG };

/* Legend: name, kind, index (GPR number, segment, CR/DR number or flag bit). */
static const struct reg_def {
    const char *name;
    uint8_t kind;
    uint8_t idx;
} reg_table[] = {
    { "eax", RK_GPR32, 0 }, { "ecx", RK_GPR32, 1 }, { "edx", RK_GPR32, 2 }, { "ebx", RK_GPR32, 3 },
    { "esp", RK_GPR32, 4 }, { "ebp", RK_GPR32, 5 }, { "esi", RK_GPR32, 6 }, { "edi", RK_GPR32, 7 },
    { "ax", RK_GPR16, 0 }, { "cx", RK_GPR16, 1 }, { "dx", RK_GPR16, 2 }, { "bx", RK_GPR16, 3 },
    { "sp", RK_GPR16, 4 }, { "bp", RK_GPR16, 5 }, { "si", RK_GPR16, 6 }, { "di", RK_GPR16, 7 },
    { "al", RK_GPR8L, 0 }, { "cl", RK_GPR8L, 1 }, { "dl", RK_GPR8L, 2 }, { "bl", RK_GPR8L, 3 },
    { "ah", RK_GPR8H, 0 }, { "ch", RK_GPR8H, 1 }, { "dh", RK_GPR8H, 2 }, { "bh", RK_GPR8H, 3 },
    { "eip", RK_EIP, 0 }, { "ip", RK_IP, 0 }, { "pc", RK_EIP, 0 },
    { "eflags", RK_EFLAGS, 0 }, { "flags", RK_FLAGS, 0 },
    { "es", RK_SEG, SEG_ES }, { "cs", RK_SEG, SEG_CS }, { "ss", RK_SEG, SEG_SS },
    { "ds", RK_SEG, SEG_DS }, { "fs", RK_SEG, SEG_FS }, { "gs", RK_SEG, SEG_GS },
    { "cr0", RK_CR, 0 }, { "cr2", RK_CR, 2 }, { "cr3", RK_CR, 3 }, { "cr4", RK_CR, 4 },
    { "dr0", RK_DR, 0 }, { "dr1", RK_DR, 1 }, { "dr2", RK_DR, 2 }, { "dr3", RK_DR, 3 },
    { "dr6", RK_DR, 6 }, { "dr7", RK_DR, 7 },
    { "icount", RK_ICOUNT, 0 },
    { "cf", RK_FLAG, 0 }, { "pf", RK_FLAG, 2 }, { "af", RK_FLAG, 4 }, { "zf", RK_FLAG, 6 },
    { "sf", RK_FLAG, 7 }, { "tf", RK_FLAG, 8 }, { "df", RK_FLAG, 10 }, { "of", RK_FLAG, 11 },
};

static const struct reg_def *reg_lookup(const char *name)
{
    if (name[0] == '$')
        name++;
    for (size_t i = 0; i < sizeof reg_table / sizeof reg_table[0]; i++) {
        if (strcasecmp(reg_table[i].name, name) == 0)
            return &reg_table[i];
    }
    return NULL;
}

bool dbg_reg_get(struct debugger *d, const char *name, uint64_t *v)
{
    const struct reg_def *r = reg_lookup(name);
    struct cpu *c = d->c;
    if (r == NULL)
        return false;
    switch ((enum reg_kind)r->kind) {
    case RK_GPR32: *v = c->gpr[r->idx]; break;
    case RK_GPR16: *v = c->gpr[r->idx] & 0xffffu; break;
    case RK_GPR8L: *v = c->gpr[r->idx] & 0xffu; break;
    case RK_GPR8H: *v = (c->gpr[r->idx] >> 8) & 0xffu; break;
    case RK_EIP: *v = c->eip; break;
    case RK_IP: *v = c->eip & 0xffffu; break;
    case RK_EFLAGS: *v = cpu_get_eflags(c); break;
    case RK_FLAGS: *v = cpu_get_eflags(c) & 0xffffu; break;
    case RK_SEG: *v = c->seg[r->idx].sel; break;
    case RK_CR:
        *v = r->idx == 0 ? c->cr0 : r->idx == 2 ? c->cr2 : r->idx == 3 ? c->cr3 : c->cr4;
        break;
    case RK_DR: *v = c->dr[r->idx]; break;
    case RK_ICOUNT: *v = c->icount; break;
    case RK_FLAG: *v = (cpu_get_eflags(c) >> r->idx) & 1u; break;
    }
    return true;
}

/* Load segment register seg with sel as the current mode would, but from
 * the debugger: no checks, no faults, no accessed bits. */
static int load_seg(struct debugger *d, unsigned seg, uint16_t sel, char *err, size_t errsize)
{
    struct cpu *c = d->c;
    if (!cpu_is_prot(c)) {
        cpu_load_seg_real(c, seg, sel);
    } else if ((sel & 0xfffcu) == 0 && seg != SEG_CS && seg != SEG_SS) {
        seg_cache_null(&c->seg[seg], sel);
    } else {
        struct desc ds;
        if ((sel & 0xfffcu) == 0 || !dbg_read_desc(d, sel, &ds.lo, &ds.hi)) {
            snprintf(err, errsize, "selector 0x%04x is not in the %s", sel,
                     (sel & 4) ? "LDT" : "GDT");
            return -1;
        }
        seg_cache_load(&c->seg[seg], sel, &ds);
        if (seg == SEG_CS)
            c->cpl = (uint8_t)(sel & 3);
    }
    cpu_update_mode(c);
    return 0;
}

int dbg_reg_set(struct debugger *d, const char *name, uint64_t v64, char *err, size_t errsize)
{
    const struct reg_def *r = reg_lookup(name);
    struct cpu *c = d->c;
    uint32_t v = (uint32_t)v64;
    if (r == NULL) {
        snprintf(err, errsize, "'%s' is not a register", name);
        return -1;
    }
    switch ((enum reg_kind)r->kind) {
    case RK_GPR32: c->gpr[r->idx] = v; break;
    case RK_GPR16: c->gpr[r->idx] = (c->gpr[r->idx] & 0xffff0000u) | (v & 0xffffu); break;
    case RK_GPR8L: c->gpr[r->idx] = (c->gpr[r->idx] & ~0xffu) | (v & 0xffu); break;
    case RK_GPR8H: c->gpr[r->idx] = (c->gpr[r->idx] & ~0xff00u) | ((v & 0xffu) << 8); break;
    case RK_EIP: c->eip = v; break;
    case RK_IP: c->eip = v & 0xffffu; break;
    case RK_EFLAGS: cpu_set_eflags(c, v, 0xffffffffu); break;
    case RK_FLAGS: cpu_set_eflags(c, v, 0xffffu); break;
    case RK_FLAG: {
        uint32_t bit = 1u << r->idx;
        cpu_set_eflags(c, (v & 1) ? bit : 0, bit);
        break;
    }
    case RK_SEG:
        if (v > 0xffff) {
            snprintf(err, errsize, "a selector is 16 bits");
            return -1;
        }
        return load_seg(d, r->idx, (uint16_t)v, err, errsize);
    case RK_CR:
        if (r->idx == 0) {
            if ((v & CR0_PG) && !(v & CR0_PE)) {
                snprintf(err, errsize, "CR0.PG needs CR0.PE");
                return -1;
            }
            c->cr0 = v;
        } else if (r->idx == 2) {
            c->cr2 = v;
        } else if (r->idx == 3) {
            c->cr3 = v;
        } else {
            c->cr4 = v;
        }
        tlb_flush_all(&c->tlb);
        cpu_debug_regs_changed(c);      /* CR4.DE; also recomputes the mode */
        break;
    case RK_DR:
        c->dr[r->idx] = v;
        cpu_debug_regs_changed(c);
        break;
    case RK_ICOUNT:
        snprintf(err, errsize, "icount is the machine's clock: read-only");
        return -1;
    }
    return 0;
}

/* ---- The parser ---- */

struct parser {
    struct debugger *d;         /* NULL: check the syntax only */
    const char *s;
    const char *start;
    char *err;
    size_t errsize;
    bool failed;
};

static void fail(struct parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(struct parser *p, const char *fmt, ...)
{
    if (p->failed)
        return;
    p->failed = true;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err, p->errsize, fmt, ap);
    va_end(ap);
}

static void skip_ws(struct parser *p)
{
    while (isspace((unsigned char)*p->s))
        p->s++;
}

/* Consume op if it comes next (and is not the start of a longer one). */
static bool accept(struct parser *p, const char *op)
{
    skip_ws(p);
    size_t n = strlen(op);
    if (strncmp(p->s, op, n) != 0)
        return false;
    /* "<" must not take the first half of "<<" or "<=", and so on. */
    if (n == 1 && strchr("<>&|=", op[0]) && (p->s[1] == op[0] || p->s[1] == '='))
        return false;
    if (n == 1 && op[0] == '!' && p->s[1] == '=')
        return false;
    p->s += n;
    return true;
}

static bool is_ident_start(char ch)
{
    return isalpha((unsigned char)ch) || ch == '_' || ch == '.' || ch == '$' || ch == '@' ||
           ch == '?';
}

static bool is_ident_char(char ch)
{
    return is_ident_start(ch) || isdigit((unsigned char)ch);
}

static uint64_t parse_expr(struct parser *p);

static uint64_t read_mem(struct parser *p, uint32_t lin, unsigned size)
{
    if (p->d == NULL)
        return 0;
    uint32_t v;
    if (!dbg_read_lin_u32(p->d, lin, size, &v)) {
        fail(p, "cannot read linear 0x%08x (not present or MMIO)", lin);
        return 0;
    }
    return v;
}

/* [ADDR] with ADDR linear or SEG:OFF: the linear address. */
static uint32_t parse_bracket_addr(struct parser *p)
{
    uint64_t a = parse_expr(p);
    uint32_t lin = (uint32_t)a;
    if (accept(p, ":")) {
        uint64_t off = parse_expr(p);
        uint32_t base = 0;
        bool is32;
        if (p->d != NULL && !dbg_seg_base(p->d, (uint16_t)a, &base, &is32))
            fail(p, "selector 0x%04x is not in the descriptor tables", (unsigned)(a & 0xffff));
        lin = base + (uint32_t)off;
    }
    if (!accept(p, "]"))
        fail(p, "syntax error: ']' expected");
    return lin;
}

static uint64_t parse_number(struct parser *p)
{
    const char *s = p->s;
    unsigned base = 10;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    } else if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
        base = 2;
        s += 2;
    } else if (s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) {
        base = 8;
        s += 2;
    }
    uint64_t v = 0;
    const char *digits = s;
    for (;; s++) {
        int dv;
        char ch = (char)tolower((unsigned char)*s);
        if (isdigit((unsigned char)ch))
            dv = ch - '0';
        else if (ch >= 'a' && ch <= 'f')
            dv = ch - 'a' + 10;
        else
            break;
        if ((unsigned)dv >= base) {
            fail(p, "syntax error: '%c' is not a base-%u digit", *s, base);
            return 0;
        }
        if (v > (UINT64_MAX - (unsigned)dv) / base) {
            fail(p, "number too large");
            return 0;
        }
        v = v * base + (unsigned)dv;
    }
    if (s == digits || is_ident_char(*s)) {
        fail(p, "syntax error: bad number near '%.12s'", p->s);
        return 0;
    }
    p->s = s;
    return v;
}

static uint64_t parse_primary(struct parser *p)
{
    skip_ws(p);
    char ch = *p->s;
    if (isdigit((unsigned char)ch))
        return parse_number(p);
    if (ch == '\'') {
        if (p->s[1] == 0 || p->s[2] != '\'') {
            fail(p, "syntax error: bad character constant");
            return 0;
        }
        uint64_t v = (unsigned char)p->s[1];
        p->s += 3;
        return v;
    }
    if (accept(p, "(")) {
        uint64_t v = parse_expr(p);
        if (!accept(p, ")"))
            fail(p, "syntax error: ')' expected");
        return v;
    }
    if (accept(p, "["))
        return read_mem(p, parse_bracket_addr(p), 4);
    if (is_ident_start(ch)) {
        const char *b = p->s;
        while (is_ident_char(*p->s))
            p->s++;
        char name[128];
        size_t n = (size_t)(p->s - b);
        if (n >= sizeof name) {
            fail(p, "name too long");
            return 0;
        }
        memcpy(name, b, n);
        name[n] = 0;
        /* Sized memory access: byte[...], word[...], dword[...]. */
        static const struct { const char *kw; unsigned size; } sizes[] = {
            { "byte", 1 }, { "word", 2 }, { "dword", 4 },
        };
        for (size_t i = 0; i < 3; i++) {
            if (strcasecmp(name, sizes[i].kw) == 0) {
                if (!accept(p, "[")) {
                    fail(p, "syntax error: '[' expected after %s", name);
                    return 0;
                }
                return read_mem(p, parse_bracket_addr(p), sizes[i].size);
            }
        }
        if (p->d == NULL)
            return 0;
        uint64_t v;
        if (dbg_reg_get(p->d, name, &v))
            return v;
        uint32_t addr;
        if (name[0] != '$' && sym_find(&p->d->syms, name, &addr))
            return addr;
        fail(p, "unknown register or symbol '%s'", name);
        return 0;
    }
    if (ch == 0)
        fail(p, "syntax error: unexpected end of expression");
    else
        fail(p, "syntax error near '%.12s'", p->s);
    return 0;
}

static uint64_t parse_unary(struct parser *p)
{
    if (accept(p, "-"))
        return (uint64_t)0 - parse_unary(p);
    if (accept(p, "~"))
        return ~parse_unary(p);
    if (accept(p, "!"))
        return parse_unary(p) == 0;
    if (accept(p, "+"))
        return parse_unary(p);
    if (accept(p, "*"))
        return read_mem(p, (uint32_t)parse_unary(p), 4);
    return parse_primary(p);
}

/* Binary levels, loosest last.  Legend: operators of the level. */
static const char *const levels[][5] = {
    { "*", "/", "%", NULL },
    { "+", "-", NULL },
    { "<<", ">>", NULL },
    { "<=", ">=", "<", ">", NULL },
    { "==", "!=", NULL },
    { "&", NULL },
    { "^", NULL },
    { "|", NULL },
    { "&&", NULL },
    { "||", NULL },
};
#define NLEVELS (sizeof levels / sizeof levels[0])

static uint64_t apply(struct parser *p, const char *op, uint64_t a, uint64_t b)
{
    switch (op[0]) {
    case '*': return a * b;
    case '/':
    case '%':
        if (b == 0) {
            if (p->d != NULL)
                fail(p, "division by zero");
            return 0;
        }
        return op[0] == '/' ? a / b : a % b;
    case '+': return a + b;
    case '-': return a - b;
    case '<':
        if (op[1] == '<')
            return b >= 64 ? 0 : a << b;
        return op[1] == '=' ? a <= b : a < b;
    case '>':
        if (op[1] == '>')
            return b >= 64 ? 0 : a >> b;
        return op[1] == '=' ? a >= b : a > b;
    case '=': return a == b;
    case '!': return a != b;
    case '&': return op[1] == '&' ? (a && b) : (a & b);
    case '^': return a ^ b;
    default: return op[1] == '|' ? (a || b) : (a | b);
    }
}

static uint64_t parse_level(struct parser *p, size_t level)
{
    if (level == (size_t)-1)
        return parse_unary(p);
    uint64_t v = parse_level(p, level - 1);
    for (;;) {
        const char *op = NULL;
        for (size_t i = 0; levels[level][i] != NULL; i++) {
            if (accept(p, levels[level][i])) {
                op = levels[level][i];
                break;
            }
        }
        if (op == NULL || p->failed)
            return v;
        uint64_t rhs = parse_level(p, level - 1);
        v = apply(p, op, v, rhs);
    }
}

static uint64_t parse_expr(struct parser *p)
{
    return parse_level(p, NLEVELS - 1);
}

static int finish(struct parser *p)
{
    skip_ws(p);
    if (!p->failed && *p->s != 0)
        fail(p, "syntax error near '%.12s'", p->s);
    return p->failed ? -1 : 0;
}

int dbg_eval(struct debugger *d, const char *text, uint64_t *out, char *err, size_t errsize)
{
    struct parser p = { .d = d, .s = text, .start = text, .err = err, .errsize = errsize };
    *out = parse_expr(&p);
    return finish(&p);
}

int dbg_expr_check(const char *text, char *err, size_t errsize)
{
    struct parser p = { .d = NULL, .s = text, .start = text, .err = err, .errsize = errsize };
    parse_expr(&p);
    return finish(&p);
}

int dbg_eval_addr(struct debugger *d, const char *text, struct dbg_addr *out, char *err,
                  size_t errsize)
{
    struct parser p = { .d = d, .s = text, .start = text, .err = err, .errsize = errsize };
    memset(out, 0, sizeof *out);
    uint64_t a = parse_expr(&p);
    if (!p.failed && accept(&p, ":")) {
        uint64_t off = parse_expr(&p);
        if (a > 0xffff) {
            fail(&p, "selector 0x%llx is not 16 bits", (unsigned long long)a);
        } else if (off > 0xffffffffu) {
            fail(&p, "offset 0x%llx is not 32 bits", (unsigned long long)off);
        } else {
            out->has_seg = true;
            out->sel = (uint16_t)a;
            out->off = (uint32_t)off;
            uint32_t base = 0;
            bool is32;
            if (!p.failed && !dbg_seg_base(d, out->sel, &base, &is32))
                fail(&p, "selector 0x%04x is not in the descriptor tables", out->sel);
            out->lin = base + out->off;
        }
    } else if (a > 0xffffffffu) {
        fail(&p, "address 0x%llx is beyond 4 GiB", (unsigned long long)a);
    } else {
        out->lin = (uint32_t)a;
        out->off = (uint32_t)a;
    }
    return finish(&p);
}
