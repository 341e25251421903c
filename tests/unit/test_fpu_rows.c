/* tests/unit/test_fpu_rows.c: every x87 opcode row (D8-DF, each ModRM reg
 * field in memory form and each register ModRM) through the CPU, from
 * eight starting states that between them reach stack faults, every
 * precision and rounding control, masked and unmasked exceptions, a pending
 * exception meeting #MF, FERR# waits and IGNNE#, specials and denormals, and
 * both operand sizes.  Each form's outcome (FPU registers and pointers,
 * EAX, EFLAGS, where execution stopped, FERR#, the memory operand's bytes)
 * is hashed; the expected hashes were recorded from the x87 before its
 * handlers were split per family (the single `x87` handler, itself checked
 * against a real FPU by test_fpu_vectors and test_fpu_cpu), so any change
 * in behaviour of any row shows here.  A deliberate change must re-record
 * the table and say why in its commit. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "devices/bus.h"
#include "fpu/ferr.h"
#include "fpu/x87.h"
#include "mmu/physmem.h"
#include "util/le.h"

#define RAM (1u << 20)
#define CODE_SEG 0x0100u        /* code at 0100:0000 */
#define STUBS 0x0500u           /* vector n's HLT at 0050:n */
#define DS_SEG 0x0200u          /* DS and, with an override, ES */
#define ES_SEG 0x0300u
#define OPND 0x3000u            /* the memory operand, [3000h] */
#define OPND_BYTES 0x80u        /* hashed: FNSAVE's 108-byte image fits */

/* Register contents the states draw on. */
static const struct { uint16_t se; uint64_t m; } vals[] = {
    { 0x3fff, 0xc000000000000000ull },          /*  0: 1.5 */
    { 0xc000, 0xc90fdaa22168c235ull },          /*  1: -pi */
    { 0x4020, 0x9502f90000000000ull },          /*  2: 1e10 */
    { 0x4000, 0x8000000000000400ull },          /*  3: 2 + a 53-bit tie */
    { 0x0001, 0x8000000000000001ull },          /*  4: smallest exponent, normal */
    { 0x0000, 0x0000000000000000ull },          /*  5: +0 */
    { 0x0000, 0x0000000012345678ull },          /*  6: denormal */
    { 0x7ffe, 0xffffffffffffffffull },          /*  7: largest finite */
    { 0xffff, 0x8000000000000000ull },          /*  8: -inf */
    { 0x7fff, 0xc000000000001234ull },          /*  9: QNaN */
    { 0x7fff, 0xa000000000000001ull },          /* 10: SNaN */
    { 0x4000, 0x4000000000000000ull },          /* 11: unnormal */
    { 0xbffe, 0x8000000000000c00ull },          /* 12: -0.5 - an odd 53-bit tie */
    { 0x3c01, 0xffffffffffffffffull },          /* 13: just below binary64's normals */
    { 0x43fe, 0xfffffffffffff800ull },          /* 14: just below binary64's overflow */
    { 0x401d, 0xb504f333f9de6484ull },          /* 15: 2^30 * sqrt 2 */
};

struct state {
    uint16_t cw, sw;            /* sw: TOP, flags, ES/B */
    uint8_t empty;              /* bit i: physical register i is empty */
    uint8_t reg[8];             /* vals[] index per physical register */
    uint32_t eflags;            /* CF ZF PF for FCMOV */
    bool ne, ferr_ignne, o32, es;       /* es: an ES override on memory forms */
    uint8_t mem[16];            /* the operand's first bytes; the rest are 5Ah */
};

static const struct state states[] = {
    /* 0: all masked, 64-bit precision, nearest, full stack. */
    { 0x037f, 0x0000, 0x00, { 0, 1, 2, 3, 4, 5, 6, 7 }, EFLAGS_ZF | EFLAGS_CF,
      true, false, false, false,
      { 0x18, 0x2d, 0x44, 0x54, 0xfb, 0x21, 0x09, 0x40, 0x00, 0x40 } },
    /* 1: PC 53, RC up, PE unmasked, some registers empty. */
    { 0x0a5f, 5u << 11, 0x5a, { 3, 12, 0, 13, 14, 15, 9, 1 }, EFLAGS_PF,
      true, false, false, false,
      { 0x00, 0x00, 0xc0, 0x7f, 0x01, 0x00, 0xf0, 0x7f, 0x12, 0x34 } },
    /* 2: PC 24, RC toward zero, everything unmasked, full stack, specials. */
    { 0x0c40, 7u << 11, 0x00, { 4, 6, 10, 7, 8, 11, 12, 3 }, 0,
      false, false, false, false,
      { 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x80 } },
    /* 3: an unmasked PE pending, CR0.NE: waiting forms take #MF. */
    { 0x075f, 0x80a0 | 2u << 11, 0x00, { 0, 1, 2, 3, 4, 5, 6, 7 }, EFLAGS_CF,
      true, false, false, false,
      { 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x09 } },
    /* 4: the same pending PE with NE = 0: waiting forms halt on FERR#. */
    { 0x075f, 0x80a0 | 2u << 11, 0x00, { 0, 1, 2, 3, 4, 5, 6, 7 }, EFLAGS_CF,
      false, false, false, false,
      { 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x09 } },
    /* 5: pending PE, NE = 0 and IGNNE#: they run. */
    { 0x075f, 0x80a0 | 2u << 11, 0x81, { 14, 15, 0, 1, 2, 3, 12, 13 }, EFLAGS_ZF,
      false, true, false, false,
      { 0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 } },
    /* 6: overflow and underflow operands, 32-bit operand size, ES override. */
    { 0x037f, 3u << 11, 0x00, { 7, 7, 4, 4, 13, 14, 0, 11 }, EFLAGS_ZF | EFLAGS_PF,
      true, false, true, true,
      { 0xff, 0xff, 0x7f, 0x7f, 0xff, 0xff, 0xef, 0x7f, 0xff, 0x7f } },
    /* 7: reserved PC 01 (acts as 64), RC down, OE/UE unmasked, o32, ES. */
    { 0x0767, 1u << 11, 0x24, { 13, 7, 4, 0, 3, 12, 15, 14 }, EFLAGS_CF | EFLAGS_PF,
      true, false, true, true,
      { 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 } },
};
#define NSTATES (sizeof states / sizeof states[0])

/* A form: escape 0-7 and ModRM; memory forms use mod 0, r/m 6, [3000h]. */
#define NFORMS (8 * (8 + 64))
static void form_bytes(unsigned k, unsigned *esc, unsigned *modrm)
{
    *esc = k / 72;
    unsigned j = k % 72;
    *modrm = j < 8 ? (j << 3) | 6 : 0xc0 + (j - 8);
}

struct rig {
    struct logger log;
    struct phys_mem mem;
    struct io_bus bus;
    struct cpu *c;
    struct fpu_ferr *ferr;
    bool irq13;
};

static void sink(void *opaque, enum log_level lvl, const char *line)
{
    (void)opaque;
    (void)lvl;
    (void)line;
}

static void irq_rec(void *ctx, unsigned line, bool level)
{
    struct rig *r = ctx;
    (void)line;
    r->irq13 = level;
}

static struct rig *rig_new(void)
{
    struct rig *r = calloc(1, sizeof *r);
    ck_assert_ptr_nonnull(r);
    r->log.level = LOG_ERROR;
    r->log.sink = sink;
    struct emu_err err;
    ck_assert_int_eq(phys_create(&r->mem, RAM, &r->log, &err), 0);
    bus_init(&r->bus, &r->log);
    struct cpu_config cfg = { .model = CPU_686, .has_fpu = true };
    r->c = cpu_create(&cfg, &r->mem, &r->bus);
    ck_assert_ptr_nonnull(r->c);
    r->ferr = fpu_ferr_create(&r->bus, (struct irq_line){ irq_rec, r, 13 }, &err);
    ck_assert_ptr_nonnull(r->ferr);
    r->c->ferr = r->ferr;
    for (unsigned v = 0; v < 256; v++) {
        phys_write16(&r->mem, v * 4, (uint16_t)v);
        phys_write16(&r->mem, v * 4 + 2, STUBS >> 4);
        phys_write8(&r->mem, STUBS + v, 0xf4);              /* hlt */
    }
    return r;
}

static void rig_free(struct rig *r)
{
    cpu_destroy(r->c);
    fpu_ferr_destroy(r->ferr);
    phys_destroy(&r->mem);
    free(r);
}

/* FNV-1a over bytes laid out little-endian, so every host agrees. */
static uint32_t fnv(uint32_t h, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        h ^= (uint8_t)(v >> (8 * i));
        h *= 16777619u;
    }
    return h;
}

/* Run form k from state s; the hash of everything it left behind. */
static uint32_t run_form(struct rig *r, unsigned k, const struct state *s)
{
    struct cpu *c = r->c;
    unsigned esc, modrm;
    form_bytes(k, &esc, &modrm);
    uint8_t code[8];
    size_t n = 0;
    if (s->o32)
        code[n++] = 0x66;
    if (s->es && modrm < 0xc0)
        code[n++] = 0x26;
    code[n++] = (uint8_t)(0xd8 + esc);
    code[n++] = (uint8_t)modrm;
    if (modrm < 0xc0) {
        code[n++] = OPND & 0xff;
        code[n++] = OPND >> 8;
    }
    code[n++] = 0xf4;                                       /* hlt */
    phys_write_block(&r->mem, CODE_SEG << 4, code, n);
    uint32_t opnd = ((s->es ? ES_SEG : DS_SEG) << 4) + OPND;
    for (unsigned i = 0; i < OPND_BYTES; i++)
        phys_write8(&r->mem, opnd + i, i < sizeof s->mem ? s->mem[i] : 0x5a);

    struct fpu_state *f = &c->fpu;
    memset(f, 0, sizeof *f);
    f->cw = s->cw;
    f->sw = s->sw;
    f->tw = 0;
    for (unsigned i = 0; i < 8; i++) {
        f->st[i] = fp80_make(vals[s->reg[i]].se, vals[s->reg[i]].m);
        unsigned tag = (s->empty >> i) & 1 ? X87_TAG_EMPTY : x87_tag_for(f->st[i]);
        f->tw = (uint16_t)(f->tw | tag << (2 * i));
    }
    f->fip = 0x1111;
    f->fdp = 0x2222;
    f->fcs = 0x0033;
    f->fds = 0x0044;
    f->fop = 0x0555;
    r->ferr->ferr = (s->sw & FPSW_ES) != 0;
    r->ferr->ignne = s->ferr_ignne;
    r->irq13 = r->ferr->ferr;
    c->cr0 = (c->cr0 & ~(uint32_t)(CR0_NE | CR0_EM | CR0_TS)) | CR0_MP | CR0_ET |
             (s->ne ? CR0_NE : 0);
    cpu_update_mode(c);
    for (unsigned g = 0; g < SEG_COUNT; g++)
        cpu_load_seg_real(c, g, 0);
    cpu_load_seg_real(c, SEG_CS, CODE_SEG);
    cpu_load_seg_real(c, SEG_DS, DS_SEG);
    cpu_load_seg_real(c, SEG_ES, ES_SEG);
    cpu_set_eflags(c, s->eflags | EFLAGS_FIXED1, ~0u);
    c->gpr[REG_EAX] = 0x12345678;
    c->gpr[REG_ESP] = 0x8000;
    c->eip = 0;
    c->halted = false;
    ck_assert_int_eq(cpu_run(c, 1000), CPU_EXIT_HALT);

    uint32_t h = 2166136261u;
    h = fnv(h, c->seg[SEG_CS].sel, 2);
    h = fnv(h, c->eip, 4);
    h = fnv(h, c->gpr[REG_EAX], 4);
    h = fnv(h, cpu_get_eflags(c), 4);
    for (unsigned i = 0; i < 8; i++) {
        h = fnv(h, f->st[i].sexp, 2);
        h = fnv(h, f->st[i].mant, 8);
    }
    h = fnv(h, f->cw, 2);
    h = fnv(h, f->sw, 2);
    h = fnv(h, f->tw, 2);
    h = fnv(h, f->fop, 2);
    h = fnv(h, f->fip, 4);
    h = fnv(h, f->fdp, 4);
    h = fnv(h, f->fcs, 2);
    h = fnv(h, f->fds, 2);
    h = fnv(h, r->ferr->ferr, 1);
    h = fnv(h, r->ferr->ignne, 1);
    h = fnv(h, r->irq13, 1);
    for (unsigned i = 0; i < OPND_BYTES; i++)
        h = fnv(h, phys_read8(&r->mem, opnd + i), 1);
    return h;
}

/* Per form, the hash over all states of run_form()'s hashes, in form order:
 * escape D8..DF, each with reg 0-7 in memory form, then ModRM C0-FF. */
static const uint32_t expected[NFORMS] = {
#include "tests/unit/fpu_rows.inc"
};

START_TEST(every_row_as_before)
{
    struct rig *r = rig_new();
    unsigned bad = 0;
    for (unsigned k = 0; k < NFORMS; k++) {
        uint32_t h = 2166136261u;
        for (unsigned s = 0; s < NSTATES; s++)
            h = fnv(h, run_form(r, k, &states[s]), 4);
        if (h != expected[k]) {
            unsigned esc, modrm;
            form_bytes(k, &esc, &modrm);
            if (bad++ < 20)
                fprintf(stderr, "%02X %02X: outcome hash %08X, recorded %08X\n", 0xd8 + esc,
                        modrm, h, expected[k]);
        }
    }
    ck_assert_uint_eq(bad, 0);
    rig_free(r);
}
END_TEST

static Suite *fpu_rows_suite(void)
{
    Suite *s = suite_create("fpu_rows");
    TCase *tc = tcase_create("rows");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, every_row_as_before);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fpu_rows_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
