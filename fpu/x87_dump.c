/* fpu/x87_dump.c: the debugger's view of the x87: registers in stack
 * order with physical number, tag, raw bits and a decimal approximation,
 * the control, status and tag words decoded, and the last instruction and
 * operand pointers.  Decimal conversion uses the 192-bit float of
 * fpu/xf.c, so it prints the same digits on every host. */
#include <stdarg.h>
#include <stdio.h>

#include "fpu/x87.h"
#include "fpu/xf.h"

/* 10^k for |k| < 5000 by binary powering (relative error ~ 2^-185). */
static struct xf pow10_xf(int32_t k)
{
    struct xf r = xf_from_u64(1ull << 63, 0, false);
    struct xf base = xf_from_u64(10, 63, false);
    uint32_t n = (uint32_t)(k < 0 ? -k : k);
    while (n) {
        if (n & 1)
            r = xf_mul(r, base);
        base = xf_mul(base, base);
        n >>= 1;
    }
    return k < 0 ? xf_div(xf_from_u64(1ull << 63, 0, false), r) : r;
}

/* round(x) for 0 <= x < 2^100. */
static struct u128 xf_round_int(const struct xf *x)
{
    if (xf_is_zero(x) || x->exp < -1)
        return u128_make(0, 0);
    /* floor(2x) + 1, halved. */
    struct u128 two_x = u128_shr(u128_make(x->w[0], x->w[1]), (unsigned)(126 - x->exp));
    return u128_shr(u128_add(two_x, u128_make(0, 1)), 1);
}

static int floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return (int)q;
}

void x87_format_decimal(struct fp80 v, char *buf, size_t size)
{
    char sign = fp80_sign(v) ? '-' : '+';
    switch (fp80_classify(v)) {
    case FPC_ZERO:
        snprintf(buf, size, "%c0.0", sign);
        return;
    case FPC_INF:
        snprintf(buf, size, "%cinf", sign);
        return;
    case FPC_QNAN:
        snprintf(buf, size, "%cqnan", sign);
        return;
    case FPC_SNAN:
        snprintf(buf, size, "%csnan", sign);
        return;
    case FPC_UNSUPPORTED:
        snprintf(buf, size, "unsupported");
        return;
    default:
        break;
    }
    struct fp_unp u = fp_unpack(v);
    struct xf x = xf_from_u64(u.mant, u.exp, false);
    /* Nineteen significant digits: 10^18 <= x * 10^(18 - d) < 10^19. */
    static const uint64_t lo = 1000000000000000000ull, hi = 10000000000000000000ull;
    int d = floor_div((int64_t)u.exp * 78913, 262144);   /* log10(2) ~ 78913 / 2^18 */
    struct u128 n = u128_make(0, 0);
    for (int tries = 0; tries < 3; tries++) {
        struct xf s = xf_mul(x, pow10_xf(18 - d));
        n = xf_round_int(&s);
        if (n.hi != 0 || n.lo >= hi)
            d++;
        else if (n.lo < lo)
            d--;
        else
            break;
    }
    uint64_t digits = n.lo;
    snprintf(buf, size, "%c%u.%018llue%+05d", sign, (unsigned)(digits / lo),
             (unsigned long long)(digits % lo), d);
}

/* Append to buf at *len, keeping it NUL-terminated and within size. */
static void out(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (*len < size) {
        int n = vsnprintf(buf + *len, size - *len, fmt, ap);
        if (n > 0)
            *len += (size_t)n < size - *len ? (size_t)n : size - *len - 1;
    }
    va_end(ap);
}

size_t x87_dump(const struct fpu_state *f, char *buf, size_t size)
{
    static const char *const tag_name[4] = { "valid", "zero", "special", "empty" };
    static const char *const pc_name[4] = { "24", "reserved(64)", "53", "64" };
    static const char *const rc_name[4] = { "nearest", "down", "up", "zero" };
    static const char *const exc_name[7] = { "IE", "DE", "ZE", "OE", "UE", "PE", "SF" };
    size_t len = 0;
    if (size == 0)
        return 0;
    buf[0] = '\0';
    out(buf, size, &len, "FPU  CW=%04X  SW=%04X  TW=%04X  TOP=%u\n", f->cw, f->sw, f->tw,
        x87_top(f));
    out(buf, size, &len, "  CW: masked");
    for (unsigned i = 0; i < 6; i++)
        if (f->cw & (1u << i))
            out(buf, size, &len, " %cM", exc_name[i][0]);
    out(buf, size, &len, "  PC=%s  RC=%s  IC=%u\n", pc_name[(f->cw >> FPCW_PC_SHIFT) & 3],
        rc_name[fp_rc(f->cw)], (f->cw >> 12) & 1);
    out(buf, size, &len, "  SW: flags");
    for (unsigned i = 0; i < 7; i++)
        if (f->sw & (1u << i))
            out(buf, size, &len, " %s", exc_name[i]);
    out(buf, size, &len, "%s  C3=%u C2=%u C1=%u C0=%u  B=%u\n",
        (f->sw & FPSW_ES) ? " ES" : "", (f->sw >> 14) & 1, (f->sw >> 10) & 1, (f->sw >> 9) & 1,
        (f->sw >> 8) & 1, (f->sw >> 15) & 1);
    for (unsigned i = 0; i < 8; i++) {
        unsigned p = x87_phys(f, i);
        struct fp80 v = f->st[p];
        unsigned tag = x87_tag(f, p);
        char dec[48];
        x87_format_decimal(v, dec, sizeof dec);
        out(buf, size, &len, "  ST(%u) R%u %-7s %04X:%016llX%s%s\n", i, p, tag_name[tag], v.sexp,
            (unsigned long long)v.mant, tag == X87_TAG_EMPTY ? "" : "  ",
            tag == X87_TAG_EMPTY ? "" : dec);
    }
    out(buf, size, &len, "  FIP=%04X:%08X  FDP=%04X:%08X  FOP=%03X (%02X %02X)\n", f->fcs,
        (unsigned)f->fip, f->fds, (unsigned)f->fdp, f->fop & 0x7ff, 0xd8 | ((f->fop >> 8) & 7),
        f->fop & 0xff);
    return len;
}
