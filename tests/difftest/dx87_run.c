/* tests/difftest/dx87_run.c: the driver of difftest --x87
 * (docs/difftest.md, "The x87").  Each case (dx87_gen.c) runs once per
 * prefix: its first instruction, its first two, ... so the whole state is
 * compared after every instruction (dx87_cmp.c).  Vireo (a Pentium II) runs
 *     FNINIT; FRSTOR [image]; <tested instructions>; FNSAVE [out]; HLT
 * in 32-bit flat protected mode (env.c's prot32 layout, CR0.NE set so an
 * unmasked exception is #MF, which halts in vector 16's stub).  The
 * reference is KVM running the same guest program where KVM can run x87
 * code (probed at start), else the host CPU's x87 (dx87_host.c) with the
 * same tested bytes.  A case stops at its first mismatch, at an #MF, and
 * after a masked or ulp difference in a value (what follows would compute
 * from different numbers). */
#include "tests/difftest/dt.h"
#include "tests/difftest/dx87.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "decoder/disasm.h"

/* Where the guest program keeps things (prot32 layout: data window B). */
#define G_BUF 0x20000u
#define G_IMG_IN 0x21000u
#define G_IMG_OUT 0x21100u

struct xstat {
    uint64_t tried, exact, masked, ulp[3], hostdev, mismatched, mf;
};

struct xrun {
    struct dx_opts o;
    struct dx_gen *g;
    struct dx_host *host;
    struct kside *k;
    bool use_kvm;
    struct vside *v;
    const struct dt_layout *L;
    struct dt_state base;
    uint8_t *pristine;
    struct dx_case c;
    struct xstat mn[MN_COUNT];
    uint64_t cases, tested, cut_after_value, mismatch_cases, shown;
    uint64_t host_reruns;       /* host runs replaced as disturbed (recheck_host) */
    uint64_t masked_by[DXM_COUNT];
    uint64_t deviations[2];     /* host dev: FCOMI's C1, FSTP1 */
};

static uint64_t mix(uint64_t a, uint64_t b)
{
    uint64_t z = a ^ (b + 0x9e3779b97f4a7c15ull + (a << 6) + (a >> 2));
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* ---- The guest program (Vireo, and KVM where it can) ---- */

struct prog {
    uint8_t code[DX_CODE_MAX + 32];
    unsigned len;               /* through the HLT */
    unsigned start;             /* the first tested byte */
    struct dt_state st;
};

static void put32le(uint8_t *p, uint32_t v)
{
    for (unsigned i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void prog_build(const struct xrun *r, const struct dx_case *c, unsigned n, struct prog *p)
{
    unsigned k = 0;
    p->code[k++] = 0xdb;                    /* fninit */
    p->code[k++] = 0xe3;
    p->code[k++] = 0xdd;                    /* frstor [G_IMG_IN] */
    p->code[k++] = 0x25;
    put32le(p->code + k, G_IMG_IN);
    k += 4;
    p->start = k;
    for (unsigned i = 0; i < n; i++) {
        memcpy(p->code + k, c->ins[i].bytes, c->ins[i].len);
        k += c->ins[i].len;
    }
    p->code[k++] = 0xdd;                    /* fnsave [G_IMG_OUT] */
    p->code[k++] = 0x35;
    put32le(p->code + k, G_IMG_OUT);
    k += 4;
    p->code[k++] = 0xf4;                    /* hlt */
    p->len = k;
    p->st = r->base;
    for (unsigned i = 0; i < 8; i++)
        p->st.gpr[i] = c->regs.val[i] + ((c->regs.is_ptr >> i) & 1 ? G_BUF : 0);
    p->st.gpr[REG_ESP] = ENV_STACK_HI - 0x100;
    p->st.eflags = EFLAGS_FIXED1 | (c->regs.eflags & 0x8d5u);
    p->st.cr0 |= CR0_NE;
}

static int insn_at(const struct dx_case *c, unsigned n, uint32_t off)
{
    for (unsigned i = 0; i < n; i++) {
        if (off >= c->ins[i].off && off < (uint32_t)c->ins[i].off + c->ins[i].len)
            return (int)i;
    }
    return -1;
}

/* How a guest run ended.  True when the x87 state must come from the
 * side's registers (an #MF before the final FNSAVE). */
static bool guest_outcome(const struct xrun *r, const struct dx_case *c, unsigned n,
                          const struct prog *p, const struct dt_outcome *o, const uint8_t *ram,
                          struct dx_outcome *out)
{
    const struct dt_layout *L = r->L;
    memset(out, 0, sizeof *out);
    out->at = -1;
    out->code = L->code_lin + p->start;
    out->buf = G_BUF;
    out->eax = o->st.gpr[REG_EAX];
    out->eflags = o->st.eflags;
    memcpy(out->mem, ram + G_BUF, DX_BUF);
    if (o->end == DT_END_FAILED) {
        out->end = XE_FAILED;
        snprintf(out->note, sizeof out->note, "%s", o->note);
        return false;
    }
    if (o->end == DT_END_HALT && o->st.seg[SEG_CS].sel == L->code_sel &&
        o->st.eip == L->code_eip + p->len) {
        out->end = XE_DONE;
        dx_state_from_fnsave(&out->fpu, ram + G_IMG_OUT, out->code, out->buf);
        return false;
    }
    if (o->end == DT_END_HALT && o->st.seg[SEG_CS].sel == L->stub_cs &&
        o->st.eip > L->stub_eip && o->st.eip <= L->stub_eip + 256) {
        int vector = (int)(o->st.eip - L->stub_eip - 1);
        uint32_t ret = rd32(ram + o->st.gpr[REG_ESP]);
        out->at = insn_at(c, n, ret - (L->code_eip + p->start));
        out->vector = vector;
        if (vector == EXC_MF && out->at >= 0) {
            out->end = XE_MF;
            return true;
        }
        out->end = XE_OTHER;
        snprintf(out->note, sizeof out->note, "exception %d at %08x", vector, ret);
        return false;
    }
    out->end = XE_OTHER;
    snprintf(out->note, sizeof out->note, "ended %s at %04x:%08x %s",
             o->end == DT_END_SHUTDOWN ? "in shutdown" : "without HLT", o->st.seg[SEG_CS].sel,
             o->st.eip, o->note);
    return false;
}

/* Vireo's x87 registers as a canonical state. */
static void state_from_vireo(struct dx_state *s, const struct fpu_state *f, uint64_t code,
                             uint64_t buf)
{
    uint8_t img[DX_IMG];
    memset(img, 0, sizeof img);
    img[0] = (uint8_t)f->cw;
    img[1] = (uint8_t)(f->cw >> 8);
    img[4] = (uint8_t)f->sw;
    img[5] = (uint8_t)(f->sw >> 8);
    put32le(img + 12, f->fip);
    put32le(img + 16, (uint32_t)(f->fop & 0x7ffu) << 16);
    put32le(img + 20, f->fdp);
    unsigned top = (f->sw >> 11) & 7;
    for (unsigned i = 0; i < 8; i++) {
        const struct fp80 *v = &f->st[(top + i) & 7];
        for (unsigned b = 0; b < 8; b++)
            img[28 + 10 * i + b] = (uint8_t)(v->mant >> (8 * b));
        img[28 + 10 * i + 8] = (uint8_t)v->sexp;
        img[28 + 10 * i + 9] = (uint8_t)(v->sexp >> 8);
    }
    dx_state_from_fnsave(s, img, code, buf);
    s->tw = 0;
    for (unsigned p = 0; p < 8; p++) {
        unsigned tag = ((f->tw >> (2 * p)) & 3) == 3 ? 3 : dx_tag_of(s->st[(p - top) & 7]);
        s->tw |= (uint16_t)(tag << (2 * p));
    }
}

static void put_guest(const struct xrun *r, uint8_t *kram, const struct dx_case *c,
                      const struct prog *p)
{
    static const uint8_t zero[112];
    if (kram != NULL) {
        memcpy(kram + r->L->code_lin, p->code, p->len);
        memcpy(kram + G_IMG_IN, c->image, DX_IMG);
        memcpy(kram + G_IMG_OUT, zero, sizeof zero);
        memcpy(kram + G_BUF, c->mem, DX_BUF);
        return;
    }
    vside_write(r->v, r->L->code_lin, p->code, p->len);
    vside_write(r->v, G_IMG_IN, c->image, DX_IMG);
    vside_write(r->v, G_IMG_OUT, zero, sizeof zero);
    vside_write(r->v, G_BUF, c->mem, DX_BUF);
}

static void run_vireo(struct xrun *r, const struct dx_case *c, unsigned n, struct dx_outcome *out)
{
    struct prog p;
    prog_build(r, c, n, &p);
    put_guest(r, NULL, c, &p);
    struct dt_outcome o;
    vside_run(r->v, &p.st, &o);
    if (guest_outcome(r, c, n, &p, &o, vside_ram(r->v), out))
        state_from_vireo(&out->fpu, vside_fpu(r->v), out->code, out->buf);
}

static void run_kvm(struct xrun *r, const struct dx_case *c, unsigned n, struct dx_outcome *out)
{
    struct prog p;
    prog_build(r, c, n, &p);
    put_guest(r, kside_ram(r->k), c, &p);
    struct dt_outcome o;
    kside_run(r->k, &p.st, &o);
    if (guest_outcome(r, c, n, &p, &o, kside_ram(r->k), out)) {
        uint8_t fx[DX_FX];
        if (kside_fpu(r->k, fx)) {
            dx_state_from_fxsave(&out->fpu, fx, out->code, out->buf);
        } else {
            out->end = XE_FAILED;
            snprintf(out->note, sizeof out->note, "KVM_GET_FPU failed");
        }
    }
}

static void run_ref(struct xrun *r, const struct dx_case *c, unsigned n, struct dx_outcome *out)
{
    if (r->use_kvm)
        run_kvm(r, c, n, out);
    else
        dx_host_run(r->host, c, n, out);
}

/* What KVM does with the three x87 instructions KVM's instruction
 * emulator knows (FNSTCW m16, FNSTSW m16, FNINIT), each run alone on a
 * guest x87 loaded with KVM_SET_FPU (CW 027Bh, SW 3821h): appended to
 * `why` so the output says what the reference could and could not do. */
static void kvm_probe_emulated(struct xrun *r, char *why, size_t size)
{
    static const struct { const char *name; uint8_t code[7]; unsigned len; } probes[] = {
        { "FNSTCW m16", { 0xd9, 0x3d, 0, 0, 0, 0, 0xf4 }, 7 },   /* [G_BUF]; hlt */
        { "FNSTSW m16", { 0xdd, 0x3d, 0, 0, 0, 0, 0xf4 }, 7 },
        { "FNINIT", { 0xdb, 0xe3, 0xf4 }, 3 },
    };
    uint8_t fx[DX_FX];
    memset(fx, 0, sizeof fx);
    fx[0] = 0x7b;
    fx[1] = 0x02;                           /* CW 027Bh */
    fx[2] = 0x21;
    fx[3] = 0x38;                           /* SW 3821h */
    fx[4] = 0x80;                           /* R7 in use */
    size_t n = strlen(why);
    for (unsigned i = 0; i < sizeof probes / sizeof probes[0] && n < size; i++) {
        uint8_t *ram = kside_ram(r->k);
        memcpy(ram + r->L->code_lin, probes[i].code, probes[i].len);
        if (i < 2)
            put32le(ram + r->L->code_lin + 2, G_BUF);
        memset(ram + G_BUF, 0xaa, 2);
        struct dt_state st = r->base;
        st.gpr[REG_ESP] = ENV_STACK_HI - 0x100;
        st.cr0 |= CR0_NE;
        struct dt_outcome o;
        char res[96];
        if (!kside_set_fpu(r->k, fx)) {
            snprintf(res, sizeof res, "KVM_SET_FPU failed");
        } else {
            kside_run(r->k, &st, &o);
            uint8_t after[DX_FX];
            if (o.end != DT_END_HALT || o.st.eip != r->L->code_eip + probes[i].len)
                snprintf(res, sizeof res, "does not run (%.60s)", o.note[0] ? o.note : "no HLT");
            else if (i < 2)
                snprintf(res, sizeof res, "stores %02x%02xh", ram[G_BUF + 1], ram[G_BUF]);
            else if (kside_fpu(r->k, after))
                snprintf(res, sizeof res, "leaves CW %02x%02xh, SW %02x%02xh", after[1], after[0],
                         after[3], after[2]);
            else
                snprintf(res, sizeof res, "runs (KVM_GET_FPU failed)");
        }
        n += (size_t)snprintf(why + n, size - n, "%s %s %s", i ? ";" : "; on CW 027Bh SW 3821h:",
                              probes[i].name, res);
    }
}

/* Can KVM run x87 code here?  FLD1 and FNSAVE after FRSTOR must give the
 * host's own answer.  kvm-pvm's instruction emulator cannot: it stops at
 * FRSTOR ("KVM internal error"), and runs the three x87 instructions it
 * knows (FNINIT, FNSTCW m16, FNSTSW m16) on an FPU state that is not the
 * guest's (docs/difftest.md). */
static bool kvm_runs_x87(struct xrun *r, char *why, size_t size)
{
    struct dx_case *c = &r->c;
    memset(c, 0, sizeof *c);
    c->image[0] = 0x7f;
    c->image[1] = 0x02;                     /* CW 027Fh: 53-bit precision, all masked */
    c->image[5] = 0x38;                     /* TOP 7 */
    c->image[8] = 0xff;
    c->image[9] = 0x7f;                     /* R7 valid, the rest empty */
    c->image[28 + 7] = 0x80;
    c->image[28 + 8] = 0xff;
    c->image[28 + 9] = 0x3f;                /* ST(0) = 1.0 */
    c->n = 1;
    c->ins[0] = (struct dx_insn){ .bytes = { 0xd9, 0xe8 }, .len = 2, .mn = MN_FLD1 };
    struct dx_outcome k, h;
    run_kvm(r, c, 1, &k);
    if (k.end != XE_DONE) {
        snprintf(why, size, "FRSTOR; FLD1; FNSAVE in a KVM guest: %.160s",
                 k.note[0] ? k.note : "did not run");
        kvm_probe_emulated(r, why, size);
        return false;
    }
    if (r->host != NULL) {
        dx_host_run(r->host, c, 1, &h);
        if (memcmp(h.fpu.st, k.fpu.st, sizeof h.fpu.st) != 0 || h.fpu.sw != k.fpu.sw ||
            h.fpu.cw != k.fpu.cw) {
            snprintf(why, size, "FRSTOR; FLD1; FNSAVE in a KVM guest differs from the host CPU");
            return false;
        }
    }
    return true;
}

/* ---- Reports ---- */

static void print_insns(const struct dx_case *c, unsigned n, int mark, uint32_t eip)
{
    struct decode_ctx ctx = { .code32 = 1, .cpu = CPU_P2, .handlers = NULL };
    for (unsigned i = 0; i < n; i++) {
        const struct dx_insn *in = &c->ins[i];
        struct insn d;
        char text[DISASM_TEXT_MAX], hex[64];
        decode(in->bytes, in->len, &ctx, &d);
        disasm(&d, in->bytes, eip + in->off, NULL, text, sizeof text);
        size_t k = 0;
        for (unsigned j = 0; j < in->len && k + 3 < sizeof hex; j++)
            k += (size_t)snprintf(hex + k, sizeof hex - k, "%02x ", in->bytes[j]);
        printf("  %s %2u: %-27s %-34s", (int)i == mark ? "=>" : "  ", i, hex, text);
        if (in->mkind != XM_NONE)
            printf(" [buf+%03x, %u bytes]", in->mem_off, in->mem_size);
        printf("\n");
    }
}

static void print_state(const char *who, const struct dx_state *s)
{
    printf("  %-6s CW=%04x SW=%04x (TOP %u) TW=%04x FOP=%03x FIP=%s%x FDP=%s%x\n", who, s->cw, s->sw,
           (s->sw >> 11) & 7, s->tw, s->fop, s->fip_rel ? "code+" : "", s->fip,
           s->fdp_rel ? "buf+" : "", s->fdp);
    unsigned top = (s->sw >> 11) & 7;
    for (unsigned i = 0; i < 8; i++) {
        char t[64];
        dx_format80(s->st[i], t, sizeof t);
        printf("         ST%u %s%s\n", i, t, ((s->tw >> (2 * ((top + i) & 7))) & 3) == 3 ? " empty" : "");
    }
}

static void print_operands(const struct dx_case *c, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        const struct dx_insn *in = &c->ins[i];
        if (in->mkind == XM_NONE || in->is_store)
            continue;
        printf("  operand of %u:", i);
        for (unsigned j = 0; j < in->mem_size && j < 28; j++)
            printf(" %02x", c->mem[in->mem_off + j]);
        printf("%s\n", in->mem_size > 28 ? " ..." : "");
    }
}

static void report(struct xrun *r, long index, unsigned n, const struct dx_state *before,
                   const struct dx_outcome *ref, const struct dx_outcome *vir,
                   const struct dx_cmp *cmp, const char *what)
{
    printf("x87 case %ld: %s at instruction %u\n", index, what, n - 1);
    print_insns(&r->c, n, (int)n - 1, r->L->code_eip);
    print_operands(&r->c, n);
    print_state("before", before);
    printf("  EFLAGS in %03x, EAX in %08x\n", r->c.regs.eflags, r->c.regs.val[0]);
    if (ref->end == XE_DONE || ref->end == XE_MF)
        print_state("ref", &ref->fpu);
    if (vir->end == XE_DONE || vir->end == XE_MF)
        print_state("vireo", &vir->fpu);
    fputs(cmp->text, stdout);
    printf("  reproduce: tests/difftest/difftest --x87 --seed %" PRIu64 " --length %u --only %ld\n\n",
           r->o.seed, r->o.length, index);
}

/* ---- Running cases ---- */

/* A host run disturbed by the operating system: a context switch between
 * the tested instructions and the final FNSAVE saves and restores the x87
 * with XSAVE/XRSTOR, which on AMD processors keep FIP, FDP and FOP only
 * while an exception is pending (they come back as 0).  Any difference is
 * therefore run twice more on the host; when those two agree with each
 * other and not with the first, the first was disturbed and is replaced. */
static bool recheck_host(struct xrun *r, const struct dx_case *c, unsigned n,
                         struct dx_outcome *ref)
{
    struct dx_outcome a, b;
    dx_host_run(r->host, c, n, &a);
    dx_host_run(r->host, c, n, &b);
    if (memcmp(&a, &b, sizeof a) != 0 || memcmp(&a, ref, sizeof a) == 0)
        return false;
    *ref = a;
    r->host_reruns++;
    return true;
}

static void canon_image(struct dx_state *s, const uint8_t img[DX_IMG])
{
    dx_state_from_fnsave(s, img, 0, 0);
}

static void run_case(struct xrun *r, long index)
{
    struct dx_case *c = &r->c;
    dx_gen_reseed(r->g, mix(r->o.seed, (uint64_t)index));
    unsigned n = 1;
    if (r->o.length > 1 && index % 2 == 1)
        n = 2 + (unsigned)(mix(r->o.seed ^ 0x517cc1b727220a95ull, (uint64_t)index) %
                           (r->o.length - 1));
    dx_gen_case(r->g, n, c);
    r->cases++;
    struct dx_track tr[DX_SEQ_MAX + 1];
    memset(&tr[0], 0, sizeof tr[0]);
    struct dx_state before;
    canon_image(&before, c->image);
    bool verbose = r->o.verbose || r->o.only >= 0;
    for (unsigned k = 1; k <= n; k++) {
        struct dx_outcome ref, vir;
        struct dx_cmp cmp;
        run_ref(r, c, k, &ref);
        run_vireo(r, c, k, &vir);
        tr[k] = tr[k - 1];
        if (ref.end == XE_DONE)
            dx_track_step(&tr[k], &c->ins[k - 1], &before, &ref.fpu);
        dx_compare(c, k, tr, &before, &ref, &vir, &cmp);
        if (cmp.verdict != XV_EXACT && !r->use_kvm && recheck_host(r, c, k, &ref)) {
            tr[k] = tr[k - 1];
            if (ref.end == XE_DONE)
                dx_track_step(&tr[k], &c->ins[k - 1], &before, &ref.fpu);
            dx_compare(c, k, tr, &before, &ref, &vir, &cmp);
        }
        tr[k].taint |= cmp.taint_add;
        struct xstat *s = &r->mn[c->ins[k - 1].mn];
        s->tried++;
        r->tested++;
        if (ref.end == XE_MF)
            s->mf++;
        switch (cmp.verdict) {
        case XV_EXACT: s->exact++; break;
        case XV_MASKED:
            s->masked++;
            for (unsigned m = 0; m < DXM_COUNT; m++)
                r->masked_by[m] += (cmp.masks >> m) & 1;
            break;
        case XV_ULP: s->ulp[cmp.ulps > 2 ? 2 : cmp.ulps]++; break;     /* [0]: flags only */
        case XV_HOSTDEV:
            s->hostdev++;
            r->deviations[c->ins[k - 1].mn == MN_FSTP1]++;
            break;
        case XV_MISMATCH: s->mismatched++; break;
        }
        if (verbose) {
            static const char *const vn[] = { "exact", "masked", "ulp", "host deviates",
                                              "MISMATCH" };
            printf("case %ld prefix %u: %s\n%s", index, k, vn[cmp.verdict], cmp.text);
        }
        if (cmp.verdict == XV_MISMATCH) {
            r->mismatch_cases++;
            if (r->shown < r->o.show || r->o.only >= 0) {
                r->shown++;
                report(r, index, k, &before, &ref, &vir, &cmp, "mismatch");
            }
            return;
        }
        if (r->o.only >= 0 && cmp.verdict != XV_EXACT)
            report(r, index, k, &before, &ref, &vir, &cmp,
                   cmp.verdict == XV_ULP ? "within the accuracy"
                   : cmp.verdict == XV_HOSTDEV ? "the reference deviates" : "masked difference");
        if (ref.end != XE_DONE)
            return;
        if (cmp.values_differ && k < n) {
            r->cut_after_value++;
            return;
        }
        before = ref.fpu;
    }
}

static void print_figures(const struct xrun *r)
{
    printf("x87: %" PRIu64 " cases, %" PRIu64 " instructions compared (%u forms), %" PRIu64
           " mismatching cases; %" PRIu64 " sequences cut after a masked or ulp difference "
           "in a value; %" PRIu64 " disturbed host runs repeated\n", r->cases, r->tested,
           dx_gen_form_count(r->g), r->mismatch_cases, r->cut_after_value, r->host_reruns);
    struct xstat grp[XG_COUNT + 1];
    memset(grp, 0, sizeof grp);
    for (unsigned m = 0; m < MN_COUNT; m++) {
        const struct xstat *s = &r->mn[m];
        for (unsigned g = dx_group_of(m), pass = 0; pass < 2; pass++, g = XG_COUNT) {
            grp[g].tried += s->tried;
            grp[g].exact += s->exact;
            grp[g].masked += s->masked;
            grp[g].ulp[0] += s->ulp[0];
            grp[g].ulp[1] += s->ulp[1];
            grp[g].ulp[2] += s->ulp[2];
            grp[g].hostdev += s->hostdev;
            grp[g].mismatched += s->mismatched;
            grp[g].mf += s->mf;
        }
    }
    printf("  %-14s %9s %9s %8s %7s %7s %7s %8s %9s %6s\n", "group", "tried", "exact", "masked",
           "C1/P/U", "1 ulp", "2 ulps", "host dev", "mismatch", "#MF");
    for (unsigned g = 0; g <= XG_COUNT; g++) {
        const struct xstat *s = &grp[g];
        printf("  %-14s %9" PRIu64 " %9" PRIu64 " %8" PRIu64 " %7" PRIu64 " %7" PRIu64 " %7" PRIu64
               " %8" PRIu64 " %9" PRIu64 " %6" PRIu64 "\n", g < XG_COUNT ? dx_group_name(g) : "all",
               s->tried, s->exact, s->masked, s->ulp[0], s->ulp[1], s->ulp[2], s->hostdev,
               s->mismatched, s->mf);
    }
    printf("  masked, by rule:");
    for (unsigned m = 0; m < DXM_COUNT; m++)
        printf("%s %s %" PRIu64, m ? "," : "", dx_mask_name(m), r->masked_by[m]);
    printf("\n  host departures: FCOMI family keeps C1 %" PRIu64 ", FSTP1 of an empty ST(0) %"
           PRIu64 "\n", r->deviations[0], r->deviations[1]);
    printf("  %-14s %9s %9s %8s %7s %7s %7s %8s %9s %6s\n", "mnemonic", "tried", "exact",
           "masked", "C1/P/U", "1 ulp", "2 ulps", "host dev", "mismatch", "#MF");
    for (unsigned m = 0; m < MN_COUNT; m++) {
        const struct xstat *s = &r->mn[m];
        if (!s->tried || (!r->o.verbose && !s->mismatched && dx_group_of(m) != XG_TRANS &&
                          !s->hostdev))
            continue;
        printf("  %-14s %9" PRIu64 " %9" PRIu64 " %8" PRIu64 " %7" PRIu64 " %7" PRIu64 " %7" PRIu64
               " %8" PRIu64 " %9" PRIu64 " %6" PRIu64 "\n", mnemonic_name(m), s->tried, s->exact,
               s->masked, s->ulp[0], s->ulp[1], s->ulp[2], s->hostdev, s->mismatched, s->mf);
    }
}

int dx_main(const struct dx_opts *o)
{
    struct xrun *r = calloc(1, sizeof *r);
    if (r == NULL)
        return 2;
    r->o = *o;
    if (r->o.length == 0 || r->o.length > DX_SEQ_MAX) {
        fprintf(stderr, "difftest: --length for --x87 is 1 to %d\n", DX_SEQ_MAX);
        free(r);
        return 2;
    }
    char hmsg[256] = "", kmsg[256] = "", why[512] = "";
    if (r->o.ref != 2)
        r->host = dx_host_open(hmsg, sizeof hmsg);
    r->v = vside_create(CPU_P2);
    r->pristine = calloc(1, DT_RAM);
    r->g = dx_gen_create(r->o.seed, true);
    if (r->v == NULL || r->pristine == NULL || r->g == NULL) {
        fprintf(stderr, "difftest: out of memory\n");
        return 2;
    }
    r->L = env_layout(DT_PROT);
    env_build(DT_PROT, r->pristine, &r->base);
    vside_write(r->v, 0, r->pristine, DT_RAM);
    if (r->o.ref != 1) {
        r->k = kside_open(kmsg, sizeof kmsg);
        if (r->k != NULL) {
            memcpy(kside_ram(r->k), r->pristine, DT_RAM);
            r->use_kvm = kvm_runs_x87(r, why, sizeof why);
        } else {
            snprintf(why, sizeof why, "no usable KVM: %.200s", kmsg);
        }
    }
    if (!r->use_kvm && r->host == NULL) {
        printf("difftest: skipped: no x87 reference: %s%s%s\n", why, why[0] && hmsg[0] ? "; " : "",
               hmsg);
        vside_destroy(r->v);
        kside_close(r->k);
        dx_gen_destroy(r->g);
        free(r->pristine);
        free(r);
        return 77;
    }
    if (r->use_kvm)
        printf("difftest: x87 reference: a KVM guest running the same code\n");
    else
        printf("difftest: x87 reference: %s (KVM not used: %s)\n", dx_host_name(),
               why[0] ? why : "--x87-ref host");
    if (r->o.only >= 0) {
        run_case(r, r->o.only);
    } else {
        for (long i = 0; r->tested < r->o.count; i++)
            run_case(r, i);
        print_figures(r);
    }
    int rc = r->mismatch_cases ? 1 : 0;
    dx_host_close(r->host);
    kside_close(r->k);
    vside_destroy(r->v);
    dx_gen_destroy(r->g);
    free(r->pristine);
    free(r);
    return rc;
}
