/* debugger/code.c: code and memory views: the disassembly commands (u, the
 * stop report's next instruction, the trace log) through decoder/disasm.h
 * with symbols for branch targets; x/xp memory dumps in Bochs's /NUF
 * notation; the call stack from the frame-pointer chain (bt) and the raw
 * stack (print-stack). */
#include <ctype.h>
#include <string.h>

#include "debugger/internal.h"
#include "decoder/disasm.h"

void dbg_symbolize(struct debugger *d, uint32_t addr, char *buf, size_t size)
{
    const struct sym *s = sym_at(&d->syms, addr);
    if (s == NULL) {
        buf[0] = 0;
        return;
    }
    if (addr == s->addr)
        snprintf(buf, size, "%s", s->name);
    else
        snprintf(buf, size, "%s+0x%x", s->name, addr - s->addr);
}

static int disasm_symbol(void *opaque, uint32_t addr, char *buf, size_t size)
{
    dbg_symbolize(opaque, addr, buf, size);
    return buf[0] != 0;
}

static const struct decode_ctx *ctx_for(const struct debugger *d, bool code32)
{
    return code32 ? &d->c->dctx32 : &d->c->dctx16;
}

static bool cs_is32(const struct cpu *c)
{
    return (c->seg[SEG_CS].attr & SEG_ATTR_DB) != 0 && !cpu_is_v86(c);
}

bool dbg_decode_current(struct debugger *d, struct insn *in)
{
    struct cpu *c = d->c;
    uint8_t code[INSN_MAX_LEN];
    uint32_t n = dbg_read_lin(d, c->seg[SEG_CS].base + c->eip, code, sizeof code);
    if (n == 0)
        return false;
    enum decode_status st = decode(code, n, ctx_for(d, cs_is32(c)), in);
    return st == DECODE_OK || st == DECODE_UNDEFINED;
}

unsigned dbg_disasm(struct debugger *d, uint32_t lin, bool code32, uint32_t ip, char *buf,
                    size_t size)
{
    uint8_t code[INSN_MAX_LEN];
    uint32_t n = dbg_read_lin(d, lin, code, sizeof code);
    if (n == 0) {
        snprintf(buf, size, "(not readable)");
        return 0;
    }
    struct disasm_opts o = { .cs_base = lin - ip, .symbol = disasm_symbol, .opaque = d };
    return disasm_next(code, n, ctx_for(d, code32), ip, &o, NULL, buf, size);
}

/* "fa 0f 01" of the instruction's bytes, padded to a column. */
static void hex_bytes(struct debugger *d, uint32_t lin, unsigned len, char *buf, size_t size)
{
    uint8_t code[INSN_MAX_LEN];
    uint32_t n = dbg_read_lin(d, lin, code, len > INSN_MAX_LEN ? INSN_MAX_LEN : len);
    size_t k = 0;
    buf[0] = 0;
    for (uint32_t i = 0; i < n && i < 8 && k + 3 < size; i++)
        k += (size_t)snprintf(buf + k, size - k, "%02x", code[i]);
    if (n > 8 && k + 2 < size)
        k += (size_t)snprintf(buf + k, size - k, "..");
    while (k < 18 && k + 1 < size)
        buf[k++] = ' ';
    buf[k] = 0;
}

/* "0000:7c00" in real/V86 mode with a 16-bit IP, else "0008:00100000". */
static void format_cs_eip(const struct cpu *c, uint16_t sel, uint32_t eip, char *buf,
                          size_t size)
{
    if (!cs_is32(c) && eip <= 0xffff)
        snprintf(buf, size, "%04x:%04x", sel, eip);
    else
        snprintf(buf, size, "%04x:%08x", sel, eip);
}

void dbg_print_insn_at_cs_eip(struct debugger *d, FILE *f)
{
    struct cpu *c = d->c;
    uint32_t lin = c->seg[SEG_CS].base + c->eip;
    char text[DISASM_TEXT_MAX], bytes[40], where[32], sym[96];
    unsigned len = dbg_disasm(d, lin, cs_is32(c), c->eip, text, sizeof text);
    hex_bytes(d, lin, len, bytes, sizeof bytes);
    format_cs_eip(c, c->seg[SEG_CS].sel, c->eip, where, sizeof where);
    dbg_symbolize(d, lin, sym, sizeof sym);
    fprintf(f, "[icount %llu] %s (0x%08x)%s%s%s: %s %s\n", (unsigned long long)c->icount, where,
            lin, sym[0] ? " <" : "", sym, sym[0] ? ">" : "", bytes, text);
}

void dbg_trace_insn(struct debugger *d)
{
    struct cpu *c = d->c;
    uint32_t lin = c->seg[SEG_CS].base + c->eip;
    char text[DISASM_TEXT_MAX], bytes[40], where[32];
    unsigned len = dbg_disasm(d, lin, cs_is32(c), c->eip, text, sizeof text);
    hex_bytes(d, lin, len, bytes, sizeof bytes);
    format_cs_eip(c, c->seg[SEG_CS].sel, c->eip, where, sizeof where);
    fprintf(d->trace, "%llu %s 0x%08x %s %s\n", (unsigned long long)c->icount, where, lin, bytes,
            text);
}

/* u [/N] [ADDR] [N] */
int cmd_u(struct debugger *d, int argc, char **argv)
{
    struct cpu *c = d->c;
    uint64_t count = 10;
    int i = 1;
    char err[160];
    if (i < argc && argv[i][0] == '/') {
        if (dbg_eval(d, argv[i] + 1, &count, err, sizeof err) != 0)
            return dbg_error(d, "%s", err);
        i++;
    }
    uint32_t lin, ip;
    bool code32 = cs_is32(c);
    if (i < argc) {
        struct dbg_addr a;
        if (dbg_eval_addr(d, argv[i], &a, err, sizeof err) != 0)
            return dbg_error(d, "%s", err);
        lin = a.lin;
        if (a.has_seg) {
            uint32_t base;
            bool is32;
            if (dbg_seg_base(d, a.sel, &base, &is32))
                code32 = is32;
            ip = a.off;
        } else {
            ip = lin - c->seg[SEG_CS].base;
            if (!code32 && ip > 0xffff) {
                /* Real-mode code outside CS: decode as the 64 KiB segment
                 * at lin's 64 KiB boundary, so branch targets stay right. */
                ip = lin & 0xffffu;
            }
        }
        i++;
    } else if (d->u_has_next) {
        lin = d->u_next_lin;
        ip = d->u_next_ip;
        code32 = d->u_next_code32;
    } else {
        lin = c->seg[SEG_CS].base + c->eip;
        ip = c->eip;
    }
    if (i < argc) {
        if (dbg_eval(d, argv[i], &count, err, sizeof err) != 0)
            return dbg_error(d, "%s", err);
        i++;
    }
    if (i != argc)
        return dbg_error(d, "usage: u [/N] [ADDR] [N]");
    if (count == 0 || count > 100000)
        return dbg_error(d, "u: N must be 1-100000");
    for (uint64_t k = 0; k < count; k++) {
        char text[DISASM_TEXT_MAX], bytes[40], sym[96];
        unsigned len = dbg_disasm(d, lin, code32, ip, text, sizeof text);
        if (len == 0) {
            fprintf(d->out, "0x%08x: (not readable)\n", lin);
            break;
        }
        hex_bytes(d, lin, len, bytes, sizeof bytes);
        dbg_symbolize(d, lin, sym, sizeof sym);
        if (sym[0] && strchr(sym, '+') == NULL)
            fprintf(d->out, "<%s>:\n", sym);
        fprintf(d->out, "0x%08x%s%s%s: %s %s\n", lin, sym[0] ? " <" : "", sym, sym[0] ? ">" : "",
                bytes, text);
        lin += len;
        ip += len;
    }
    d->u_has_next = true;
    d->u_next_lin = lin;
    d->u_next_ip = ip;
    d->u_next_code32 = code32;
    return 0;
}

static unsigned stack_width(const struct cpu *c)
{
    return (c->seg[SEG_SS].attr & SEG_ATTR_DB) && !cpu_is_v86(c) && cpu_is_prot(c) ? 4 : 2;
}

/* bt [N]: EBP chain; each frame is [saved EBP][return address].
 * LIMITATION: assumes near calls in the current code segment and frames
 * built with PUSH (E)BP / MOV (E)BP,(E)SP; frameless functions are skipped. */
int cmd_bt(struct debugger *d, int argc, char **argv)
{
    struct cpu *c = d->c;
    uint64_t max = 16;
    char err[160], sym[96];
    if (argc > 2)
        return dbg_error(d, "usage: bt [N]");
    if (argc == 2 && dbg_eval(d, argv[1], &max, err, sizeof err) != 0)
        return dbg_error(d, "%s", err);
    unsigned w = stack_width(c);
    uint32_t mask = w == 4 ? 0xffffffffu : 0xffffu;
    uint32_t cs_base = c->seg[SEG_CS].base, ss_base = c->seg[SEG_SS].base;
    uint32_t pc = cs_base + c->eip;
    dbg_symbolize(d, pc, sym, sizeof sym);
    fprintf(d->out, "#0  0x%08x%s%s%s\n", pc, sym[0] ? " <" : "", sym, sym[0] ? ">" : "");
    uint32_t bp = c->gpr[REG_EBP] & mask;
    for (uint64_t n = 1; n < max; n++) {
        uint32_t saved, ret;
        if (bp == 0 || !dbg_read_lin_u32(d, ss_base + bp, w, &saved) ||
            !dbg_read_lin_u32(d, ss_base + ((bp + w) & mask), w, &ret))
            break;
        uint32_t ret_lin = cs_base + ret;   /* near calls in the current code segment */
        dbg_symbolize(d, ret_lin, sym, sizeof sym);
        fprintf(d->out, "#%-2llu 0x%08x%s%s%s  (frame at %s 0x%0*x)\n", (unsigned long long)n,
                ret_lin, sym[0] ? " <" : "", sym, sym[0] ? ">" : "", w == 4 ? "ebp" : "bp",
                (int)w * 2, bp);
        if ((saved & mask) <= bp)
            break;                          /* frames must move up the stack */
        bp = saved & mask;
    }
    return 0;
}

int cmd_print_stack(struct debugger *d, int argc, char **argv)
{
    struct cpu *c = d->c;
    uint64_t n = 16;
    char err[160], sym[96];
    if (argc > 2)
        return dbg_error(d, "usage: print-stack [N]");
    if (argc == 2 && dbg_eval(d, argv[1], &n, err, sizeof err) != 0)
        return dbg_error(d, "%s", err);
    if (n > 4096)
        n = 4096;
    unsigned w = stack_width(c);
    uint32_t mask = w == 4 ? 0xffffffffu : 0xffffu;
    uint32_t sp = c->gpr[REG_ESP] & mask;
    fprintf(d->out, "Stack at %04x:%0*x (%u-bit):\n", c->seg[SEG_SS].sel, (int)w * 2, sp, w * 8);
    for (uint64_t i = 0; i < n; i++) {
        uint32_t off = (sp + (uint32_t)i * w) & mask, v;
        uint32_t lin = c->seg[SEG_SS].base + off;
        if (!dbg_read_lin_u32(d, lin, w, &v)) {
            fprintf(d->out, "  %04x:%0*x (0x%08x): not readable\n", c->seg[SEG_SS].sel,
                    (int)w * 2, off, lin);
            break;
        }
        dbg_symbolize(d, w == 4 ? v : c->seg[SEG_CS].base + v, sym, sizeof sym);
        fprintf(d->out, "  %04x:%0*x (0x%08x): 0x%0*x%s%s%s\n", c->seg[SEG_SS].sel, (int)w * 2,
                off, lin, (int)w * 2, v, sym[0] ? " <" : "", sym, sym[0] ? ">" : "");
    }
    return 0;
}

/* ---- x and xp ---- */

static uint32_t read_any(struct debugger *d, bool phys, uint32_t addr, uint8_t *buf, uint32_t n)
{
    return phys ? dbg_read_phys(d, addr, buf, n) : dbg_read_lin(d, addr, buf, n);
}

static void print_value(struct debugger *d, uint64_t v, unsigned size, char fmt)
{
    switch (fmt) {
    case 'd': {
        uint64_t sign = (uint64_t)1 << (size * 8 - 1);
        int64_t s = (v & sign) ? (int64_t)(v | ~(sign * 2 - 1)) : (int64_t)v;
        if (size == 8)
            s = (int64_t)v;
        fprintf(d->out, "%lld", (long long)s);
        break;
    }
    case 'u': fprintf(d->out, "%llu", (unsigned long long)v); break;
    case 'o': fprintf(d->out, "0%llo", (unsigned long long)v); break;
    case 't':
        for (unsigned b = size * 8; b-- > 0;)
            fputc((v >> b) & 1 ? '1' : '0', d->out);
        break;
    case 'c':
        for (unsigned b = 0; b < size; b++) {
            unsigned ch = (v >> (8 * b)) & 0xffu;
            if (isprint((int)ch))
                fputc((int)ch, d->out);
            else
                fprintf(d->out, "\\x%02x", ch);
        }
        break;
    default: fprintf(d->out, "0x%0*llx", (int)size * 2, (unsigned long long)v); break;
    }
}

/* x|xp [/NUF] ADDR */
int cmd_x(struct debugger *d, int argc, char **argv, bool phys)
{
    int i = 1;
    unsigned count = d->x_count;
    char unit = d->x_unit, fmt = d->x_fmt;
    if (i < argc && argv[i][0] == '/') {
        const char *s = argv[i] + 1;
        if (isdigit((unsigned char)*s)) {
            unsigned long v = 0;
            while (isdigit((unsigned char)*s)) {
                v = v * 10 + (unsigned long)(*s - '0');
                if (v > 65536)
                    return dbg_error(d, "%s: at most 65536 units", argv[0]);
                s++;
            }
            count = (unsigned)v;
        }
        for (; *s; s++) {
            if (strchr("bhwg", *s))
                unit = *s;
            else if (strchr("xduotcsi", *s))
                fmt = *s;
            else
                return dbg_error(d, "%s: '%c' is not a unit (b h w g) or a format "
                                    "(x d u o t c s i)", argv[0], *s);
        }
        i++;
    }
    if (i + 1 != argc)
        return dbg_error(d, "usage: %s /NUF ADDR", argv[0]);
    if (count == 0)
        return dbg_error(d, "%s: N must be at least 1", argv[0]);
    struct dbg_addr a;
    char err[160];
    if (dbg_eval_addr(d, argv[i], &a, err, sizeof err) != 0)
        return dbg_error(d, "%s", err);
    if (phys && a.has_seg)
        return dbg_error(d, "xp takes a physical address, not SEG:OFF");
    d->x_count = count;
    d->x_unit = unit;
    d->x_fmt = fmt;
    uint32_t addr = a.lin;
    if (fmt == 'i') {
        if (phys)
            return dbg_error(d, "xp /i: disassemble physical memory with u on a linear address");
        char name[] = "u", sub[48], cnt[24];
        snprintf(sub, sizeof sub, "0x%x", addr);
        snprintf(cnt, sizeof cnt, "%u", count);
        char *uargv[3] = { name, sub, cnt };
        return cmd_u(d, 3, uargv);
    }
    if (fmt == 's') {
        for (unsigned k = 0; k < count; k++) {
            fprintf(d->out, "0x%08x: \"", addr);
            for (unsigned len = 0; len < 4096; len++) {
                uint8_t ch;
                if (read_any(d, phys, addr, &ch, 1) != 1) {
                    fprintf(d->out, "\" (not readable)\n");
                    return -1;
                }
                addr++;
                if (ch == 0)
                    break;
                if (isprint(ch) && ch != '"' && ch != '\\')
                    fputc(ch, d->out);
                else
                    fprintf(d->out, "\\x%02x", ch);
            }
            fprintf(d->out, "\"\n");
        }
        return 0;
    }
    unsigned size = unit == 'b' ? 1 : unit == 'h' ? 2 : unit == 'w' ? 4 : 8;
    unsigned per_line = fmt == 't' ? (size >= 4 ? 1 : 16 / size / 2) : fmt == 'c' ? 16 / size
                      : size == 8 ? 2 : size == 4 ? 4 : 8;
    if (per_line == 0)
        per_line = 1;
    for (unsigned k = 0; k < count; k++) {
        uint32_t at = addr + k * size;
        uint8_t b[8];
        if (read_any(d, phys, at, b, size) != size) {
            if (k > 0)
                fputc('\n', d->out);
            return dbg_error(d, "cannot read %s 0x%08x (%s)", phys ? "physical" : "linear", at,
                             phys ? "MMIO" : "not present or MMIO");
        }
        if (k % per_line == 0) {
            char sym[96] = "";
            if (!phys)
                dbg_symbolize(d, at, sym, sizeof sym);
            fprintf(d->out, "%s0x%08x%s%s%s:", k ? "\n" : "", at, sym[0] ? " <" : "", sym,
                    sym[0] ? ">" : "");
        }
        uint64_t v = 0;
        for (unsigned j = size; j-- > 0;)
            v = v << 8 | b[j];
        fputc(fmt == 'c' ? ' ' : '\t', d->out);
        print_value(d, v, size, fmt);
    }
    fputc('\n', d->out);
    return 0;
}
