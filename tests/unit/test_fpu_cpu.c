/* tests/unit/test_fpu_cpu.c: the x87 as the CPU runs it (cpu/exec_x87.c):
 * #NM under CR0.EM/TS/MP (SDM Vol. 3, Table 2-2), an absent coprocessor,
 * #MF with CR0.NE = 1 at the next waiting instruction, the FERR#/IRQ13 and
 * port F0h IGNNE# path with NE = 0, the environment images' real-mode
 * layouts with linear pointers and FOP, FSAVE/FRSTOR, pointer updates with
 * prefixes and overrides, and a memory fault leaving the FPU untouched.
 * Code is hand-assembled real-mode bytes (each commented); expected values
 * come from the SDM or exact arithmetic. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "devices/bus.h"
#include "fpu/ferr.h"
#include "fpu/x87.h"
#include "mmu/physmem.h"
#include "tests/unit/fpu_vec.h"
#include "util/le.h"

#define RAM (1u << 20)
#define CODE 0x1000u            /* code at 0000:1000 */
#define STUBS 0x0500u           /* vector n's HLT at 0050:n */

struct rig {
    struct logger log;
    struct phys_mem mem;
    struct io_bus bus;
    struct cpu *c;
    struct fpu_ferr *ferr;
    unsigned irq13_raises;
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
    ck_assert_uint_eq(line, 13);
    if (level && !r->irq13)
        r->irq13_raises++;
    r->irq13 = level;
}

static struct rig *rig_new(bool has_fpu, uint8_t model)
{
    struct rig *r = calloc(1, sizeof *r);
    ck_assert_ptr_nonnull(r);
    r->log.level = LOG_ERROR;
    r->log.sink = sink;
    struct emu_err err;
    ck_assert_int_eq(phys_create(&r->mem, RAM, &r->log, &err), 0);
    bus_init(&r->bus, &r->log);
    struct cpu_config cfg = { .model = model, .has_fpu = has_fpu };
    r->c = cpu_create(&cfg, &r->mem, &r->bus);
    ck_assert_ptr_nonnull(r->c);
    for (unsigned v = 0; v < 256; v++) {
        phys_write16(&r->mem, v * 4, (uint16_t)v);
        phys_write16(&r->mem, v * 4 + 2, STUBS >> 4);
        phys_write8(&r->mem, STUBS + v, 0xf4);              /* hlt */
    }
    for (unsigned s = 0; s < SEG_COUNT; s++)
        cpu_load_seg_real(r->c, s, 0);
    r->c->eip = CODE;
    r->c->gpr[REG_ESP] = 0x8000;
    return r;
}

static void rig_free(struct rig *r)
{
    cpu_destroy(r->c);
    if (r->ferr)
        fpu_ferr_destroy(r->ferr);
    phys_destroy(&r->mem);
    free(r);
}

static void rig_code(struct rig *r, const uint8_t *code, size_t n)
{
    phys_write_block(&r->mem, CODE, code, n);
}

/* Run to a HLT; returns the vector whose stub halted, or -1 for the test's own. */
static int rig_run(struct rig *r)
{
    ck_assert_int_eq(cpu_run(r->c, 100000), CPU_EXIT_HALT);
    if (r->c->seg[SEG_CS].sel == STUBS >> 4)
        return (int)r->c->eip - 1;
    return -1;
}

/* The IP a real-mode exception frame saved. */
static uint16_t frame_ip(struct rig *r)
{
    return phys_read16(&r->mem, r->c->seg[SEG_SS].base + (r->c->gpr[REG_ESP] & 0xffff));
}

START_TEST(arith_through_the_cpu)
{
    static const uint8_t code[] = {
        0xdb, 0xe3,                     /* fninit */
        0xd9, 0xe8,                     /* fld1 */
        0xd9, 0xeb,                     /* fldpi */
        0xde, 0xc1,                     /* faddp st1, st0 */
        0xdb, 0x3e, 0x00, 0x20,         /* fstp tword [2000h] */
        0xf4,                           /* hlt */
    };
    struct rig *r = rig_new(true, CPU_586);
    rig_code(r, code, sizeof code);
    ck_assert_int_eq(rig_run(r), -1);
    /* pi (C90FDAA22168C235 * 2^-62) + 1 is exactly halfway between two
     * 64-bit values: ties to even gives 8487ED5110B4611A * 2^-61. */
    ck_assert_uint_eq(phys_read32(&r->mem, 0x2000), 0x10b4611au);
    ck_assert_uint_eq(phys_read32(&r->mem, 0x2004), 0x8487ed51u);
    ck_assert_uint_eq(phys_read16(&r->mem, 0x2008), 0x4001);
    ck_assert_uint_eq(r->c->fpu.sw, FPX_PE);               /* TOP 0, C1 0 */
    ck_assert_uint_eq(r->c->fpu.tw, 0xffff);
    rig_free(r);
}
END_TEST

START_TEST(nm_rules)                                /* SDM Vol. 3, Table 2-2 */
{
    static const uint8_t esc[] = { 0xd9, 0xe8, 0xf4 };      /* fld1; hlt */
    static const uint8_t wait[] = { 0x9b, 0xf4 };           /* wait; hlt */
    static const struct { uint32_t cr0; bool esc_nm, wait_nm; } rows[] = {
        { 0, false, false },
        { CR0_TS, true, false },
        { CR0_MP, false, false },
        { CR0_MP | CR0_TS, true, true },
        { CR0_EM, true, false },
        { CR0_EM | CR0_TS, true, false },
        { CR0_EM | CR0_MP, true, false },
        { CR0_EM | CR0_MP | CR0_TS, true, true },
    };
    for (unsigned k = 0; k < sizeof rows / sizeof rows[0]; k++) {
        for (int w = 0; w < 2; w++) {
            struct rig *r = rig_new(true, CPU_486);
            r->c->cr0 |= rows[k].cr0;
            if (w)
                rig_code(r, wait, sizeof wait);
            else
                rig_code(r, esc, sizeof esc);
            int v = rig_run(r);
            bool nm = w ? rows[k].wait_nm : rows[k].esc_nm;
            ck_assert_int_eq(v, nm ? EXC_NM : -1);
            if (nm)
                ck_assert_uint_eq(frame_ip(r), CODE);
            rig_free(r);
        }
    }
}
END_TEST

START_TEST(no_coprocessor)
{
    static const uint8_t code[] = {
        0xc7, 0x06, 0x00, 0x20, 0x5a, 0x5a, /* mov word [2000h], 5A5Ah */
        0xdb, 0xe3,                     /* fninit */
        0xdd, 0x3e, 0x00, 0x20,         /* fnstsw [2000h] */
        0xd9, 0x3e, 0x02, 0x20,         /* fnstcw [2002h] */
        0xb8, 0x34, 0x12,               /* mov ax, 1234h */
        0xdf, 0xe0,                     /* fnstsw ax */
        0x9b,                           /* wait */
        0xf4,                           /* hlt */
    };
    struct rig *r = rig_new(false, CPU_386);
    phys_write16(&r->mem, 0x2002, 0xa5a5);
    rig_code(r, code, sizeof code);
    ck_assert_int_eq(rig_run(r), -1);
    ck_assert_uint_eq(phys_read16(&r->mem, 0x2000), 0x5a5a);
    ck_assert_uint_eq(phys_read16(&r->mem, 0x2002), 0xa5a5);
    ck_assert_uint_eq(r->c->gpr[REG_EAX] & 0xffff, 0x1234);
    ck_assert(!(r->c->cr0 & CR0_ET));
    rig_free(r);
}
END_TEST

/* 1/0 with ZE unmasked: the FDIVP is blocked (no pop) and ES set; the
 * no-wait FNSTSW reads it; the next waiting FLD1 takes #MF. */
static const uint8_t zdiv_code[] = {
    0xdb, 0xe3,                         /* 1000 fninit */
    0xd9, 0x2e, 0x00, 0x20,             /* 1002 fldcw [2000h]   (037Bh: ZE unmasked) */
    0xd9, 0xe8,                         /* 1006 fld1 */
    0xd9, 0xee,                         /* 1008 fldz */
    0xde, 0xf9,                         /* 100A fdivp st1, st0 */
    0xdf, 0xe0,                         /* 100C fnstsw ax */
    0xd9, 0xe8,                         /* 100E fld1 */
    0xf4,                               /* 1010 hlt */
};

START_TEST(mf_with_ne)
{
    struct rig *r = rig_new(true, CPU_486);
    r->c->cr0 |= CR0_NE;
    phys_write16(&r->mem, 0x2000, 0x037b);
    rig_code(r, zdiv_code, sizeof zdiv_code);
    ck_assert_int_eq(rig_run(r), EXC_MF);
    ck_assert_uint_eq(frame_ip(r), 0x100e);
    uint16_t ax = r->c->gpr[REG_EAX] & 0xffff;
    ck_assert_uint_eq(ax, FPSW_B | (6u << 11) | FPSW_ES | FPX_ZE);   /* TOP 6: nothing popped */
    ck_assert_uint_eq(r->c->fpu.fip, 0x100a);                       /* the FDIVP */
    ck_assert_uint_eq(r->c->fpu.fop, 0x6f9);
    rig_free(r);
}
END_TEST

START_TEST(ferr_irq13_and_ignne)
{
    /* NE = 0, no IGNNE#: FERR# raises IRQ13, and the FLD1 waits (the CPU
     * halts in front of it, IF = 0 here, so for good). */
    struct rig *r = rig_new(true, CPU_486);
    struct emu_err err;
    r->ferr = fpu_ferr_create(&r->bus, (struct irq_line){ irq_rec, r, 13 }, &err);
    ck_assert_ptr_nonnull(r->ferr);
    r->c->ferr = r->ferr;
    phys_write16(&r->mem, 0x2000, 0x037b);
    rig_code(r, zdiv_code, sizeof zdiv_code);
    ck_assert_int_eq(rig_run(r), -1);
    ck_assert_uint_eq(r->c->eip, 0x100e);
    ck_assert(r->c->halted);
    ck_assert_uint_eq(r->irq13_raises, 1);
    ck_assert(r->irq13);
    /* The handler's OUT F0h: IRQ13 drops, IGNNE# lets FLD1 run. */
    bus_out(&r->bus, 0xf0, 1, 0);
    ck_assert(!r->irq13);
    r->c->halted = false;
    ck_assert_int_eq(rig_run(r), -1);
    ck_assert_uint_eq(r->c->eip, 0x1011);
    ck_assert_uint_eq(x87_top(&r->c->fpu), 5);
    rig_free(r);

    /* The same with the OUT inside the program, then FNCLEX: FERR# drops
     * and IGNNE# with it. */
    static const uint8_t code2[] = {
        0xdb, 0xe3,                     /* fninit */
        0xd9, 0x2e, 0x00, 0x20,         /* fldcw [2000h] */
        0xd9, 0xe8,                     /* fld1 */
        0xd9, 0xee,                     /* fldz */
        0xde, 0xf9,                     /* fdivp st1, st0 */
        0xe6, 0xf0,                     /* out 0F0h, al */
        0xd9, 0xe8,                     /* fld1: runs (IGNNE#) */
        0xdb, 0xe2,                     /* fnclex */
        0xf4,                           /* hlt */
    };
    r = rig_new(true, CPU_486);
    r->ferr = fpu_ferr_create(&r->bus, (struct irq_line){ irq_rec, r, 13 }, &err);
    r->c->ferr = r->ferr;
    phys_write16(&r->mem, 0x2000, 0x037b);
    rig_code(r, code2, sizeof code2);
    ck_assert_int_eq(rig_run(r), -1);
    ck_assert_uint_eq(r->c->eip, CODE + sizeof code2);
    ck_assert(!r->ferr->ferr);
    ck_assert(!r->ferr->ignne);
    ck_assert_uint_eq(r->irq13_raises, 1);
    rig_free(r);
}
END_TEST

/* FNSTENV in real mode: 20-bit linear pointers (CS*16 + IP) and FOP; with
 * a 66h prefix the 32-bit real-mode image (SDM Vol. 1, Figures 8-9..8-12). */
START_TEST(fnstenv_real_layouts)
{
    static const uint8_t code[] = {
        0xdb, 0xe3,                     /* 0000 fninit */
        0xd9, 0xe8,                     /* 0002 fld1 */
        0xdc, 0x06, 0x10, 0x20,         /* 0004 fadd qword [2010h] */
        0xd9, 0x36, 0x00, 0x20,         /* 0008 fnstenv [2000h] */
        0x66, 0xd9, 0x36, 0x40, 0x20,   /* 000C fnstenv [2040h] (o32) */
        0xf4,
    };
    struct rig *r = rig_new(true, CPU_586);
    cpu_load_seg_real(r->c, SEG_CS, 0x0100);               /* 0100:0000 = 01000h */
    cpu_load_seg_real(r->c, SEG_DS, 0x0020);               /* data at 00200h + off */
    r->c->eip = 0;
    phys_write32(&r->mem, 0x200 + 0x2010, 0);
    phys_write32(&r->mem, 0x200 + 0x2014, 0x40000000);    /* 2.0 */
    rig_code(r, code, sizeof code);
    ck_assert_int_eq(rig_run(r), -1);
    const uint32_t e16 = 0x200 + 0x2000, e32 = 0x200 + 0x2040;
    ck_assert_uint_eq(phys_read16(&r->mem, e16 + 0), 0x037f);         /* CW as it was */
    ck_assert_uint_eq(phys_read16(&r->mem, e16 + 2), 0x3800);         /* TOP 7 */
    ck_assert_uint_eq(phys_read16(&r->mem, e16 + 4), 0x3fff);         /* R7 valid */
    ck_assert_uint_eq(phys_read16(&r->mem, e16 + 6), 0x1004);         /* IP 15:0 */
    ck_assert_uint_eq(phys_read16(&r->mem, e16 + 8), 0x0406);         /* IP 19:16, FOP */
    ck_assert_uint_eq(phys_read16(&r->mem, e16 + 10), 0x2210);        /* DP 15:0 */
    ck_assert_uint_eq(phys_read16(&r->mem, e16 + 12), 0x0000);
    ck_assert_uint_eq(phys_read32(&r->mem, e32 + 0) & 0xffff, 0x037f);  /* before masking */
    ck_assert_uint_eq(phys_read32(&r->mem, e32 + 12), 0x1004);
    ck_assert_uint_eq(phys_read32(&r->mem, e32 + 16), 0x0406);
    ck_assert_uint_eq(phys_read32(&r->mem, e32 + 20), 0x2210);
    ck_assert_uint_eq(phys_read32(&r->mem, e32 + 24), 0);
    /* The first FNSTENV masked every exception. */
    ck_assert_uint_eq(phys_read32(&r->mem, e32) & 0xffff, 0x037f);
    ck_assert_uint_eq(r->c->fpu.cw, 0x037f);
    rig_free(r);
}
END_TEST

START_TEST(fsave_frstor_roundtrip)
{
    static const uint8_t code[] = {
        0xdb, 0xe3,                     /* fninit */
        0xd9, 0xe8,                     /* fld1 */
        0xd9, 0xeb,                     /* fldpi */
        0xdd, 0x36, 0x00, 0x20,         /* fnsave [2000h] */
        0xdf, 0xe0,                     /* fnstsw ax: after FNINIT, 0 */
        0x89, 0xc3,                     /* mov bx, ax */
        0xdd, 0x26, 0x00, 0x20,         /* frstor [2000h] */
        0xf4,
    };
    struct rig *r = rig_new(true, CPU_586);
    rig_code(r, code, sizeof code);
    ck_assert_int_eq(rig_run(r), -1);
    ck_assert_uint_eq(r->c->gpr[REG_EBX] & 0xffff, 0);
    /* Image: 14-byte environment, then ST(0) = pi, ST(1) = 1. */
    ck_assert_uint_eq(phys_read16(&r->mem, 0x2000 + 14 + 8), 0x4000);
    ck_assert_uint_eq(phys_read32(&r->mem, 0x2000 + 14 + 4), 0xc90fdaa2u);
    ck_assert_uint_eq(phys_read16(&r->mem, 0x2000 + 24 + 8), 0x3fff);
    ck_assert_uint_eq(x87_top(&r->c->fpu), 6);
    ck_assert_uint_eq(r->c->fpu.tw, 0x0fff);
    ck_assert_uint_eq(x87_st(&r->c->fpu, 0).mant, 0xc90fdaa22168c235ull);
    rig_free(r);
}
END_TEST

/* A store past the segment limit faults (#GP) before the FPU changes. */
START_TEST(fault_leaves_fpu_unchanged)
{
    static const uint8_t code[] = {
        0xdb, 0xe3,                     /* fninit */
        0xd9, 0xe8,                     /* 1002 fld1 */
        0xdd, 0x1e, 0xfc, 0xff,         /* 1004 fstp qword [0FFFCh]: bytes to 10003h */
        0xf4,
    };
    struct rig *r = rig_new(true, CPU_586);
    rig_code(r, code, sizeof code);
    ck_assert_int_eq(rig_run(r), EXC_GP);
    ck_assert_uint_eq(frame_ip(r), 0x1004);
    ck_assert_uint_eq(x87_top(&r->c->fpu), 7);
    ck_assert(!x87_is_empty(&r->c->fpu, 0));
    ck_assert_uint_eq(r->c->fpu.fip, 0x1002);              /* still the FLD1's */
    ck_assert_uint_eq(r->c->fpu.sw & FPX_MASKABLE, 0);
    rig_free(r);
}
END_TEST

/* FIP points at the first prefix; FDP/FDS name the operand's segment. */
/* With alignment checking on (CPL 3, CR0.AM, EFLAGS.AC) FNSAVE needs its
 * image aligned to 2 (16-bit operand size; SDM Vol. 3, Table 6-7), no
 * more: a 94-byte image at 2008h must not raise #AC (the page check once
 * took the image size as the alignment).  V86 mode runs at CPL 3. */
START_TEST(fsave_aligned_image_is_no_ac_at_cpl3)
{
    static const uint8_t code[] = { 0xDD, 0x36, 0x08, 0x20 };      /* fnsave [2008h] */
    struct rig *r = rig_new(true, CPU_586);
    rig_code(r, code, sizeof code);
    r->c->cr0 |= CR0_PE | CR0_AM;
    r->c->eflags |= EFLAGS_VM | EFLAGS_AC;
    cpu_update_mode(r->c);
    for (unsigned s = 0; s < SEG_COUNT; s++)
        cpu_load_seg_real(r->c, s, 0);
    ck_assert_uint_eq(r->c->cpl, 3);
    ck_assert_int_eq(cpu_run(r->c, 1), CPU_EXIT_BUDGET);
    ck_assert_int_eq(r->c->last_exception, -1);
    ck_assert_uint_eq(r->c->eip, CODE + sizeof code);
    ck_assert_uint_eq(phys_read16(&r->mem, 0x2008), 0x0040);          /* CW after reset */
    rig_free(r);
}
END_TEST

START_TEST(pointers_with_prefixes)
{
    static const uint8_t code[] = {
        0xdb, 0xe3,                     /* 1000 fninit */
        0xbb, 0x00, 0x30,               /* 1002 mov bx, 3000h */
        0x26, 0xd8, 0x47, 0x02,         /* 1005 fadd dword [es:bx+2] */
        0xf4,
    };
    struct rig *r = rig_new(true, CPU_586);
    cpu_load_seg_real(r->c, SEG_ES, 0x0040);
    rig_code(r, code, sizeof code);
    ck_assert_int_eq(rig_run(r), -1);
    struct fpu_state *f = &r->c->fpu;
    ck_assert_uint_eq(f->fip, 0x1005);
    ck_assert_uint_eq(f->fdp, 0x3002);
    ck_assert_uint_eq(f->fds, 0x0040);
    ck_assert_uint_eq(f->fop, 0x047);
    /* ST(0) was empty: a stack underflow, masked: the indefinite. */
    ck_assert_uint_eq(f->sw & (FPX_IE | FPX_SF | FPSW_C1), FPX_IE | FPX_SF);
    ck_assert_uint_eq(x87_st(f, 0).sexp, 0xffff);
    rig_free(r);
}
END_TEST

START_TEST(debugger_dump)
{
    struct fpu_state f;
    x87_finit(&f);
    x87_fld_const(&f, FPK_ONE);
    x87_fld_const(&f, FPK_PI);
    char buf[2048];
    size_t n = x87_dump(&f, buf, sizeof buf);
    ck_assert_uint_eq(n, strlen(buf));
    ck_assert_ptr_nonnull(strstr(buf, "CW=037F"));
    ck_assert_ptr_nonnull(strstr(buf, "ST(0) R6 valid   4000:C90FDAA22168C235  "
                                      "+3.141592653589793239e+0000"));
    ck_assert_ptr_nonnull(strstr(buf, "ST(1) R7 valid   3FFF:8000000000000000  "
                                      "+1.000000000000000000e+0000"));
    ck_assert_ptr_nonnull(strstr(buf, "ST(2) R0 empty"));
    /* A truncating buffer still ends in NUL. */
    char small[40];
    x87_dump(&f, small, sizeof small);
    ck_assert_uint_lt(strlen(small), sizeof small);
    /* Decimal forms, digits from integer arithmetic. */
    char d[48];
    x87_format_decimal(fp80_make(0x3fbf, 1ull << 63), d, sizeof d);  /* 2^-64 */
    ck_assert_str_eq(d, "+5.421010862427522170e-0020");
    x87_format_decimal(fp80_make(0xc03a, 0xde0b6b3a76400000ull), d, sizeof d);
    ck_assert_str_eq(d, "-1.000000000000000000e+0018");
    x87_format_decimal(fp80_make(0x0000, 1), d, sizeof d);          /* smallest denormal */
    ck_assert_str_eq(d, "+3.645199531882474603e-4951");
    x87_format_decimal(fp80_make(0x7ffe, ~0ull), d, sizeof d);      /* largest finite */
    ck_assert_str_eq(d, "+1.189731495357231765e+4932");
}
END_TEST

/* ---- The hardware vectors again, this time through the CPU ---- */

static const struct fpu_vec vectors[] = {
#include "tests/unit/fpu_vectors.inc"
};

/* Each vector's instruction bytes (as tests/fpu_gen/gen_host.c ran them);
 * a memory form's ModRM is rewritten to [3000h] for 16-bit addressing. */
static const uint8_t vop_bytes[VOP_COUNT][2] = {
    [VOP_FADD_ST1] = { 0xd8, 0xc1 }, [VOP_FSUB_ST1] = { 0xd8, 0xe1 },
    [VOP_FSUBR_ST1] = { 0xd8, 0xe9 }, [VOP_FMUL_ST1] = { 0xd8, 0xc9 },
    [VOP_FDIV_ST1] = { 0xd8, 0xf1 }, [VOP_FDIVR_ST1] = { 0xd8, 0xf9 },
    [VOP_FADDP] = { 0xde, 0xc1 }, [VOP_FSUBP] = { 0xde, 0xe9 }, [VOP_FSUBRP] = { 0xde, 0xe1 },
    [VOP_FMULP] = { 0xde, 0xc9 }, [VOP_FDIVP] = { 0xde, 0xf9 }, [VOP_FDIVRP] = { 0xde, 0xf1 },
    [VOP_FADD_M32] = { 0xd8, 0x00 }, [VOP_FMUL_M64] = { 0xdc, 0x08 },
    [VOP_FSUBR_M32] = { 0xd8, 0x28 }, [VOP_FDIV_M64] = { 0xdc, 0x30 },
    [VOP_FCOM_M64] = { 0xdc, 0x10 }, [VOP_FIADD_M16] = { 0xde, 0x00 },
    [VOP_FIDIVR_M32] = { 0xda, 0x38 }, [VOP_FICOM_M16] = { 0xde, 0x10 },
    [VOP_FCOM] = { 0xd8, 0xd1 }, [VOP_FCOMP] = { 0xd8, 0xd9 }, [VOP_FCOMPP] = { 0xde, 0xd9 },
    [VOP_FUCOM] = { 0xdd, 0xe1 }, [VOP_FUCOMP] = { 0xdd, 0xe9 }, [VOP_FUCOMPP] = { 0xda, 0xe9 },
    [VOP_FTST] = { 0xd9, 0xe4 }, [VOP_FXAM] = { 0xd9, 0xe5 }, [VOP_FCHS] = { 0xd9, 0xe0 },
    [VOP_FABS] = { 0xd9, 0xe1 }, [VOP_FSQRT] = { 0xd9, 0xfa }, [VOP_FRNDINT] = { 0xd9, 0xfc },
    [VOP_FSCALE] = { 0xd9, 0xfd }, [VOP_FPREM] = { 0xd9, 0xf8 }, [VOP_FPREM1] = { 0xd9, 0xf5 },
    [VOP_FXTRACT] = { 0xd9, 0xf4 }, [VOP_FXCH] = { 0xd9, 0xc9 }, [VOP_FLD_ST1] = { 0xd9, 0xc1 },
    [VOP_FST_ST1] = { 0xdd, 0xd1 }, [VOP_FSTP_ST1] = { 0xdd, 0xd9 },
    [VOP_FINCSTP] = { 0xd9, 0xf7 }, [VOP_FDECSTP] = { 0xd9, 0xf6 },
    [VOP_FFREE_ST1] = { 0xdd, 0xc1 }, [VOP_FLD_M32] = { 0xd9, 0x00 },
    [VOP_FLD_M64] = { 0xdd, 0x00 }, [VOP_FLD_M80] = { 0xdb, 0x28 },
    [VOP_FILD_M16] = { 0xdf, 0x00 }, [VOP_FILD_M32] = { 0xdb, 0x00 },
    [VOP_FILD_M64] = { 0xdf, 0x28 }, [VOP_FBLD] = { 0xdf, 0x20 },
    [VOP_FST_M32] = { 0xd9, 0x10 }, [VOP_FSTP_M64] = { 0xdd, 0x18 },
    [VOP_FSTP_M80] = { 0xdb, 0x38 }, [VOP_FIST_M16] = { 0xdf, 0x10 },
    [VOP_FIST_M32] = { 0xdb, 0x10 }, [VOP_FISTP_M64] = { 0xdf, 0x38 },
    [VOP_FBSTP] = { 0xdf, 0x30 }, [VOP_FLD1] = { 0xd9, 0xe8 }, [VOP_FLDL2T] = { 0xd9, 0xe9 },
    [VOP_FLDL2E] = { 0xd9, 0xea }, [VOP_FLDPI] = { 0xd9, 0xeb }, [VOP_FLDLG2] = { 0xd9, 0xec },
    [VOP_FLDLN2] = { 0xd9, 0xed }, [VOP_FLDZ] = { 0xd9, 0xee }, [VOP_FSIN] = { 0xd9, 0xfe },
    [VOP_FCOS] = { 0xd9, 0xff }, [VOP_FSINCOS] = { 0xd9, 0xfb }, [VOP_FPTAN] = { 0xd9, 0xf2 },
    [VOP_FPATAN] = { 0xd9, 0xf3 }, [VOP_F2XM1] = { 0xd9, 0xf0 }, [VOP_FYL2X] = { 0xd9, 0xf1 },
    [VOP_FYL2XP1] = { 0xd9, 0xf9 },
};

/* o32 FRSTOR [2000h]; the instruction; o32 FNSAVE [2100h]; HLT.  In real
 * mode the o32 image has the 32-bit protected image's CW/SW/TW/register
 * offsets, so the generator's images load unchanged. */
START_TEST(vectors_through_cpu)
{
    struct rig *r = rig_new(true, CPU_586);
    unsigned bad = 0;
    for (size_t k = 0; k < sizeof vectors / sizeof vectors[0]; k++) {
        const struct fpu_vec *v = &vectors[k];
        uint8_t code[16], img[108];
        size_t n = 0;
        code[n++] = 0x66, code[n++] = 0xdd, code[n++] = 0x26, code[n++] = 0x00, code[n++] = 0x20;
        uint8_t op = vop_bytes[v->op][0], modrm = vop_bytes[v->op][1];
        code[n++] = op;
        if (modrm < 0xc0) {
            code[n++] = (uint8_t)((modrm & 0x38) | 0x06);
            code[n++] = 0x00;
            code[n++] = 0x30;
        } else {
            code[n++] = modrm;
        }
        code[n++] = 0x66, code[n++] = 0xdd, code[n++] = 0x36, code[n++] = 0x00, code[n++] = 0x21;
        code[n++] = 0xf4;
        memset(img, 0, sizeof img);
        store_le16(img + 0, v->cw);
        store_le16(img + 4, v->sw);
        store_le16(img + 8, v->tw);
        for (unsigned i = 0; i < 8; i++) {
            store_le64(img + 28 + 10 * i, i == 0 ? v->a_m : i == 1 ? v->b_m : FPU_VEC_FILL_M(i));
            store_le16(img + 28 + 10 * i + 8,
                       i == 0 ? v->a_se : i == 1 ? v->b_se : FPU_VEC_FILL_SE(i));
        }
        phys_write_block(&r->mem, 0x2000, img, sizeof img);
        phys_write32(&r->mem, 0x3000, (uint32_t)v->mem_lo);
        phys_write32(&r->mem, 0x3004, (uint32_t)(v->mem_lo >> 32));
        phys_write16(&r->mem, 0x3008, v->mem_hi);
        rig_code(r, code, n);
        r->c->eip = CODE;
        r->c->halted = false;
        ck_assert_int_eq(rig_run(r), -1);
        const uint32_t o = 0x2100;
        bool ok = phys_read16(&r->mem, o + 4) == v->sw_out && phys_read16(&r->mem, o + 8) == v->tw_out &&
                  phys_read32(&r->mem, 0x3000) == (uint32_t)v->mem_out_lo &&
                  phys_read32(&r->mem, 0x3004) == (uint32_t)(v->mem_out_lo >> 32) &&
                  phys_read16(&r->mem, 0x3008) == v->mem_out_hi;
        for (unsigned i = 0; i < 3; i++)
            ok = ok && phys_read16(&r->mem, o + 28 + 10 * i + 8) == v->r_se[i] &&
                 phys_read32(&r->mem, o + 28 + 10 * i) == (uint32_t)v->r_m[i] &&
                 phys_read32(&r->mem, o + 28 + 10 * i + 4) == (uint32_t)(v->r_m[i] >> 32);
        if (!ok && bad++ < 5)
            fprintf(stderr, "vector %zu (op %u) differs through the CPU\n", k, v->op);
    }
    ck_assert_uint_eq(bad, 0);
    rig_free(r);
}
END_TEST

static Suite *fpu_cpu_suite(void)
{
    Suite *s = suite_create("fpu_cpu");
    TCase *tc = tcase_create("cpu");
    tcase_add_test(tc, arith_through_the_cpu);
    tcase_add_test(tc, nm_rules);
    tcase_add_test(tc, no_coprocessor);
    tcase_add_test(tc, mf_with_ne);
    tcase_add_test(tc, ferr_irq13_and_ignne);
    tcase_add_test(tc, fnstenv_real_layouts);
    tcase_add_test(tc, fsave_frstor_roundtrip);
    tcase_add_test(tc, fault_leaves_fpu_unchanged);
    tcase_add_test(tc, pointers_with_prefixes);
    tcase_add_test(tc, fsave_aligned_image_is_no_ac_at_cpl3);
    tcase_add_test(tc, debugger_dump);
    tcase_add_test(tc, vectors_through_cpu);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fpu_cpu_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
