/* tests/unit/test_decoder.c: decode() against the SDM (Vol. 2, chapter 2
 * and Appendix A): prefixes, lengths, ModRM/SIB forms, immediates, groups,
 * x87 forms and CPU-model availability; plus the property that decode()
 * never reads past `avail` (run under ASan: --enable-sanitizers). */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decoder/decode.h"
#include "decoder/opcodes.h"

static const struct decode_ctx CTX16 = { .code32 = 0, .cpu = CPU_586 };
static const struct decode_ctx CTX32 = { .code32 = 1, .cpu = CPU_586 };
static const struct decode_ctx CTX386 = { .code32 = 1, .cpu = CPU_386 };
static const struct decode_ctx CTX486 = { .code32 = 1, .cpu = CPU_486 };

/* BYTES(a, b, ...) expands to "pointer, size" of a constant array. */
#define BYTES(...) ((const uint8_t[]){ __VA_ARGS__ }), sizeof((const uint8_t[]){ __VA_ARGS__ })

/* Decode from an exact-size heap copy (so ASan sees overreads) and check
 * the status. */
static struct insn dec(const struct decode_ctx *ctx, const uint8_t *code, size_t n,
                       enum decode_status want)
{
    uint8_t *copy = malloc(n);
    ck_assert_ptr_ne(copy, NULL);
    memcpy(copy, code, n);
    struct insn in;
    enum decode_status st = decode(copy, n, ctx, &in);
    free(copy);
    ck_assert_int_eq(st, want);
    return in;
}

#define DEC_OK(ctx, ...) dec((ctx), BYTES(__VA_ARGS__), DECODE_OK)

/* ---- prefixes ------------------------------------------------------------ */

START_TEST(operand_and_address_size)
{
    struct insn in = DEC_OK(&CTX16, 0x66, 0xB8, 0x78, 0x56, 0x34, 0x12);    /* mov eax,imm32 */
    ck_assert_uint_eq(in.mn, MN_MOV);
    ck_assert_uint_eq(in.len, 6);
    ck_assert_uint_eq(in.npfx, 1);
    ck_assert(in.pfx & PFX_O32);
    ck_assert(in.pfx & PFX_66);
    ck_assert(!(in.pfx & PFX_A32));
    ck_assert_uint_eq(in.osz, 4);
    ck_assert_uint_eq(in.imm, 0x12345678u);

    in = DEC_OK(&CTX32, 0x66, 0xB8, 0x34, 0x12);                         /* mov ax,imm16 */
    ck_assert_uint_eq(in.len, 4);
    ck_assert(!(in.pfx & PFX_O32));
    ck_assert(in.pfx & PFX_A32);
    ck_assert_uint_eq(in.osz, 2);
    ck_assert_uint_eq(in.imm, 0x1234);

    in = DEC_OK(&CTX16, 0x67, 0x8B, 0x00);                               /* mov ax,[eax] */
    ck_assert(in.pfx & PFX_A32);
    ck_assert(in.pfx & PFX_67);
    ck_assert(!(in.pfx & PFX_O32));
    ck_assert_uint_eq(in.base, REG_EAX);
    ck_assert_uint_eq(in.index, REG_NONE);

    in = DEC_OK(&CTX32, 0x67, 0x8B, 0x00);                               /* mov eax,[bx+si] */
    ck_assert(!(in.pfx & PFX_A32));
    ck_assert_uint_eq(in.base, REG_EBX);
    ck_assert_uint_eq(in.index, REG_ESI);
    ck_assert_uint_eq(in.len, 3);

    /* Repeating 66 does not toggle the size back. */
    in = DEC_OK(&CTX16, 0x66, 0x66, 0x90);
    ck_assert(in.pfx & PFX_O32);
    ck_assert_uint_eq(in.npfx, 2);
    ck_assert_uint_eq(in.len, 3);
    in = DEC_OK(&CTX32, 0x66, 0x67, 0x66, 0x67, 0xA1, 0x34, 0x12);      /* moffs16 */
    ck_assert(!(in.pfx & PFX_O32));
    ck_assert(!(in.pfx & PFX_A32));
    ck_assert_uint_eq(in.len, 7);
}
END_TEST

START_TEST(segment_override_last_wins)
{
    struct insn in = DEC_OK(&CTX16, 0x26, 0x2E, 0x3E, 0x8B, 0x07);     /* ds:[bx] */
    ck_assert_uint_eq(in.seg, SEG_DS);
    ck_assert(in.pfx & PFX_SEG);
    ck_assert_uint_eq(in.npfx, 3);

    in = DEC_OK(&CTX16, 0x3E, 0x26, 0x8B, 0x46, 0x00);                  /* es:[bp+0] */
    ck_assert_uint_eq(in.seg, SEG_ES);

    in = DEC_OK(&CTX32, 0x64, 0x65, 0xA1, 0x78, 0x56, 0x34, 0x12);      /* gs:moffs */
    ck_assert_uint_eq(in.seg, SEG_GS);
    ck_assert(in.flags & INSN_MEM);
    ck_assert_int_eq(in.disp, 0x12345678);

    /* String source: DS unless overridden. */
    in = DEC_OK(&CTX16, 0xA4);
    ck_assert_uint_eq(in.seg, SEG_DS);
    ck_assert(!(in.pfx & PFX_SEG));
    in = DEC_OK(&CTX16, 0x36, 0xA4);
    ck_assert_uint_eq(in.seg, SEG_SS);
}
END_TEST

START_TEST(rep_prefixes_last_wins)
{
    struct insn in = DEC_OK(&CTX16, 0xF2, 0xF3, 0xA4);
    ck_assert(in.pfx & PFX_REP);
    ck_assert(!(in.pfx & PFX_REPNE));
    in = DEC_OK(&CTX16, 0xF3, 0xF2, 0xA6);
    ck_assert(in.pfx & PFX_REPNE);
    ck_assert(!(in.pfx & PFX_REP));
    in = DEC_OK(&CTX32, 0xF3, 0x66, 0xAB);                   /* rep stosw */
    ck_assert(in.pfx & PFX_REP);
    ck_assert_uint_eq(in.osz, 2);
}
END_TEST

/* LOCK is valid only on the listed read-modify-write forms with a memory
 * destination (SDM Vol. 2, LOCK); anything else is #UD. */
START_TEST(lock_validity)
{
    static const struct {
        uint8_t code[5];
        uint8_t len;
        int ud;
    } cases[] = {
        { { 0xF0, 0x00, 0x00 }, 3, 0 },             /* lock add [bx+si],al */
        { { 0xF0, 0x00, 0xC0 }, 3, 1 },             /* register destination */
        { { 0xF0, 0x90 }, 2, 1 },                   /* nop */
        { { 0xF0, 0x38, 0x00 }, 3, 1 },             /* cmp: no write */
        { { 0xF0, 0x86, 0x00 }, 3, 0 },             /* xchg */
        { { 0xF0, 0xFE, 0x00 }, 3, 0 },             /* inc byte */
        { { 0xF0, 0xF6, 0x10 }, 3, 0 },             /* not */
        { { 0xF0, 0xF6, 0x00, 0x01 }, 4, 1 },       /* test */
        { { 0xF0, 0x0F, 0xA3, 0x00 }, 4, 1 },       /* bt: no write */
        { { 0xF0, 0x0F, 0xAB, 0x00 }, 4, 0 },       /* bts */
        { { 0xF0, 0x0F, 0xBA, 0x28, 0x01 }, 5, 0 }, /* bts m,imm8 */
        { { 0xF0, 0x0F, 0xC7, 0x08 }, 4, 0 },       /* cmpxchg8b */
        { { 0xF0, 0x88, 0x00 }, 3, 1 },             /* mov */
        { { 0xF0, 0x80, 0x38, 0x01 }, 4, 1 },       /* cmp m,imm */
        { { 0xF0, 0x80, 0x30, 0x01 }, 4, 0 },       /* xor m,imm */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct insn in = dec(&CTX16, cases[i].code, cases[i].len, DECODE_OK);
        ck_assert_msg(!!(in.flags & INSN_UD) == cases[i].ud, "case %zu", i);
        ck_assert(in.pfx & PFX_LOCK);
    }
}
END_TEST

/* ---- lengths: the 15-byte limit and short buffers ------------------------ */

START_TEST(fifteen_byte_limit)
{
    uint8_t code[20];
    memset(code, 0x66, sizeof code);
    code[14] = 0x90;                                    /* 14 prefixes + nop: 15 bytes */
    struct insn in = dec(&CTX32, code, 15, DECODE_OK);
    ck_assert_uint_eq(in.len, 15);
    ck_assert_uint_eq(in.npfx, 14);

    code[14] = 0x66;
    code[15] = 0x90;                                    /* 16 bytes */
    dec(&CTX32, code, 16, DECODE_TOO_LONG);
    dec(&CTX32, code, 15, DECODE_TOO_LONG);             /* #GP wins over "need more" */

    memset(code, 0x26, sizeof code);                    /* 11 prefixes + 5-byte insn */
    code[11] = 0x05;
    dec(&CTX32, code, 20, DECODE_TOO_LONG);
    code[10] = 0x05;                                    /* 10 + 5 = 15 */
    in = dec(&CTX32, code, 20, DECODE_OK);
    ck_assert_uint_eq(in.len, 15);
}
END_TEST

START_TEST(short_buffers)
{
    dec(&CTX16, BYTES(0xB8, 0x34), DECODE_SHORT);
    dec(&CTX16, BYTES(0x0F), DECODE_SHORT);
    dec(&CTX16, BYTES(0x66), DECODE_SHORT);
    dec(&CTX16, BYTES(0x8B), DECODE_SHORT);
    dec(&CTX32, BYTES(0x8B, 0x84), DECODE_SHORT);               /* SIB missing */
    dec(&CTX32, BYTES(0x8B, 0x84, 0x24, 0x00, 0x00, 0x00), DECODE_SHORT);
    dec(&CTX32, BYTES(0x9A, 0x00, 0x00, 0x00, 0x00, 0x00), DECODE_SHORT);
    dec(&CTX16, BYTES(0xC8, 0x00, 0x00), DECODE_SHORT);          /* enter: level byte */
    struct insn in = dec(&CTX16, BYTES(0xD9), DECODE_SHORT);
    (void)in;
    uint8_t none = 0;
    struct insn out;
    ck_assert_int_eq(decode(&none, 0, &CTX16, &out), DECODE_SHORT);
}
END_TEST

/* Every length 1..15 of one instruction: shorter than its length must be
 * DECODE_SHORT, anything longer the same decode.  Each buffer is exactly
 * malloc'ed, so under ASan any read past avail aborts the test. */
static void check_prefix_lengths(const uint8_t *full)
{
    /* Plain ifs rather than ck_assert in this hot loop: each ck_assert
     * records a checkpoint through a system call. */
    static const struct decode_ctx *const ctxs[] = { &CTX16, &CTX32, &CTX386, &CTX486 };
    for (size_t c = 0; c < sizeof ctxs / sizeof ctxs[0]; c++) {
        struct insn ref;
        enum decode_status want = decode(full, 16, ctxs[c], &ref);
        for (size_t n = 1; n <= INSN_MAX_LEN; n++) {
            uint8_t *code = malloc(n);
            if (code == NULL)
                ck_abort_msg("out of memory");
            memcpy(code, full, n);
            struct insn in;
            enum decode_status st = decode(code, n, ctxs[c], &in);
            free(code);
            int ok;
            if (want == DECODE_TOO_LONG)
                ok = st == DECODE_SHORT || st == DECODE_TOO_LONG;
            else if (n < ref.len)
                ok = st == DECODE_SHORT;
            else
                ok = st == want && in.len == ref.len && in.mn == ref.mn &&
                     in.flags == ref.flags && in.disp == ref.disp && in.imm == ref.imm;
            if (!ok)
                ck_abort_msg("%02x %02x %02x ctx %zu avail %zu: status %d len %u (full: %d, %u)",
                             full[0], full[1], full[2], c, n, st, in.len, want, ref.len);
        }
    }
}

/* The bytes after the opcode: ModRM forms that reach every displacement and
 * SIB path, and immediates. */
static const uint8_t tails[][15] = {
    { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 },
    { 0x04, 0x25, 0x78, 0x56, 0x34, 0x12, 0xAA, 0xBB, 0xCC, 0xDD },
    { 0x84, 0x8D, 0x78, 0x56, 0x34, 0x12, 0xAA, 0xBB, 0xCC, 0xDD },
    { 0x05, 0x78, 0x56, 0x34, 0x12, 0xAA, 0xBB, 0xCC, 0xDD },
    { 0x06, 0x34, 0x12, 0xAA, 0xBB, 0xCC, 0xDD },
    { 0x46, 0xF0, 0xAA, 0xBB, 0xCC, 0xDD },
    { 0x86, 0x34, 0x12, 0xAA, 0xBB, 0xCC, 0xDD },
    { 0xC0, 0xAA, 0xBB, 0xCC, 0xDD },
    { 0x0C, 0x24, 0xAA, 0xBB, 0xCC, 0xDD },
    { 0xF8, 0xAA, 0xBB, 0xCC, 0xDD },
};

START_TEST(never_reads_past_avail)                    /* _i = first byte */
{
    for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++) {
        uint8_t full[16] = { (uint8_t)_i };
        memcpy(full + 1, tails[t], 15);
        check_prefix_lengths(full);
        uint8_t pfx[16] = { 0x66, 0x67, (uint8_t)_i };      /* with both size prefixes */
        memcpy(pfx + 3, tails[t], 13);
        check_prefix_lengths(pfx);
    }
}
END_TEST

START_TEST(never_reads_past_avail_0f)                 /* _i = second byte after 0F */
{
    for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++) {
        uint8_t full[16] = { 0x0F, (uint8_t)_i };
        memcpy(full + 2, tails[t], 14);
        check_prefix_lengths(full);
        uint8_t pfx[16] = { 0x67, 0x0F, (uint8_t)_i };
        memcpy(pfx + 3, tails[t], 13);
        check_prefix_lengths(pfx);
    }
}
END_TEST

/* ---- ModRM, SIB and displacements ---------------------------------------- */

struct mem_case {
    uint8_t code[8];            /* after the 8B opcode */
    uint8_t len;                /* whole instruction */
    uint8_t base, index, scale, seg;
    int32_t disp;
};

static void check_mem_cases(const struct decode_ctx *ctx, const struct mem_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t code[9] = { 0x8B };
        memcpy(code + 1, cases[i].code, 8);
        struct insn in = dec(ctx, code, cases[i].len, DECODE_OK);
        ck_assert_msg(in.len == cases[i].len, "case %zu: len %u", i, in.len);
        ck_assert_msg(in.flags & INSN_MEM, "case %zu", i);
        ck_assert_msg(in.base == cases[i].base, "case %zu: base %u", i, in.base);
        ck_assert_msg(in.index == cases[i].index, "case %zu: index %u", i, in.index);
        ck_assert_msg(in.scale == cases[i].scale, "case %zu: scale %u", i, in.scale);
        ck_assert_msg(in.seg == cases[i].seg, "case %zu: seg %u", i, in.seg);
        ck_assert_msg(in.disp == cases[i].disp, "case %zu: disp %d", i, in.disp);
    }
}

START_TEST(modrm_16bit)                                 /* SDM Vol. 2, Table 2-1 */
{
    static const struct mem_case cases[] = {
        { { 0x00 }, 2, REG_EBX, REG_ESI, 0, SEG_DS, 0 },
        { { 0x01 }, 2, REG_EBX, REG_EDI, 0, SEG_DS, 0 },
        { { 0x02 }, 2, REG_EBP, REG_ESI, 0, SEG_SS, 0 },
        { { 0x03 }, 2, REG_EBP, REG_EDI, 0, SEG_SS, 0 },
        { { 0x04 }, 2, REG_ESI, REG_NONE, 0, SEG_DS, 0 },
        { { 0x05 }, 2, REG_EDI, REG_NONE, 0, SEG_DS, 0 },
        { { 0x06, 0x34, 0x12 }, 4, REG_NONE, REG_NONE, 0, SEG_DS, 0x1234 },
        { { 0x07 }, 2, REG_EBX, REG_NONE, 0, SEG_DS, 0 },
        { { 0x46, 0xFE }, 3, REG_EBP, REG_NONE, 0, SEG_SS, -2 },
        { { 0x42, 0x7F }, 3, REG_EBP, REG_ESI, 0, SEG_SS, 0x7F },
        { { 0x86, 0x34, 0x12 }, 4, REG_EBP, REG_NONE, 0, SEG_SS, 0x1234 },
        { { 0x80, 0x00, 0x80 }, 4, REG_EBX, REG_ESI, 0, SEG_DS, -0x8000 },
        { { 0x87, 0xFF, 0xFF }, 4, REG_EBX, REG_NONE, 0, SEG_DS, -1 },
    };
    check_mem_cases(&CTX16, cases, sizeof cases / sizeof cases[0]);
    struct insn in = DEC_OK(&CTX16, 0x8B, 0xC3);               /* mov ax,bx */
    ck_assert(!(in.flags & INSN_MEM));
    ck_assert_uint_eq(in.rm, REG_EBX);
    ck_assert_uint_eq(in.reg, REG_EAX);
    ck_assert_uint_eq(in.modrm, 0xC3);
}
END_TEST

START_TEST(modrm_32bit)                                 /* SDM Vol. 2, Tables 2-2 and 2-3 */
{
    static const struct mem_case cases[] = {
        { { 0x00 }, 2, REG_EAX, REG_NONE, 0, SEG_DS, 0 },
        { { 0x04, 0x24 }, 3, REG_ESP, REG_NONE, 0, SEG_SS, 0 },
        { { 0x04, 0x25, 0x78, 0x56, 0x34, 0x12 }, 7, REG_NONE, REG_NONE, 0, SEG_DS, 0x12345678 },
        { { 0x05, 0x78, 0x56, 0x34, 0x12 }, 6, REG_NONE, REG_NONE, 0, SEG_DS, 0x12345678 },
        { { 0x44, 0x8D, 0x10 }, 4, REG_EBP, REG_ECX, 2, SEG_SS, 0x10 },
        { { 0x04, 0x8D, 0x78, 0x56, 0x34, 0x12 }, 7, REG_NONE, REG_ECX, 2, SEG_DS, 0x12345678 },
        { { 0x45, 0xF0 }, 3, REG_EBP, REG_NONE, 0, SEG_SS, -16 },
        { { 0x84, 0xC8, 0x00, 0x01, 0x00, 0x00 }, 7, REG_EAX, REG_ECX, 3, SEG_DS, 0x100 },
        { { 0x04, 0xE4 }, 3, REG_ESP, REG_NONE, 3, SEG_SS, 0 },
        { { 0x04, 0x1C }, 3, REG_ESP, REG_EBX, 0, SEG_SS, 0 },
        { { 0x0C, 0x5D, 0x00, 0x00, 0x00, 0x80 }, 7, REG_NONE, REG_EBX, 1, SEG_DS, INT32_MIN },
        { { 0x4C, 0x75, 0x80 }, 4, REG_EBP, REG_ESI, 1, SEG_SS, -128 },
        { { 0x85, 0xFF, 0xFF, 0xFF, 0xFF }, 6, REG_EBP, REG_NONE, 0, SEG_SS, -1 },
    };
    check_mem_cases(&CTX32, cases, sizeof cases / sizeof cases[0]);
    /* An override replaces the SS default. */
    struct insn in = DEC_OK(&CTX32, 0x65, 0x8B, 0x45, 0x00);
    ck_assert_uint_eq(in.seg, SEG_GS);
    in = DEC_OK(&CTX32, 0x26, 0x8B, 0x04, 0x24);
    ck_assert_uint_eq(in.seg, SEG_ES);
}
END_TEST

/* MOV to/from CR, DR and TR ignore the mod field (SDM Vol. 2, MOV). */
START_TEST(mov_control_ignores_mod)
{
    struct insn in = DEC_OK(&CTX32, 0x0F, 0x20, 0x00);           /* mov eax,cr0 */
    ck_assert_uint_eq(in.len, 3);
    ck_assert(!(in.flags & INSN_MEM));
    ck_assert_uint_eq(in.rm, REG_EAX);
    in = DEC_OK(&CTX32, 0x0F, 0x22, 0x5D);                       /* mov cr3,ebp; no disp */
    ck_assert_uint_eq(in.len, 3);
    ck_assert_uint_eq(in.reg, 3);
    ck_assert_uint_eq(in.rm, REG_EBP);
    in = DEC_OK(&CTX16, 0x0F, 0x21, 0x04);                       /* no SIB either */
    ck_assert_uint_eq(in.len, 3);
    ck_assert(!(in.flags & INSN_MEM));
}
END_TEST

/* ---- immediates ------------------------------------------------------------ */

START_TEST(immediates)
{
    struct insn in = DEC_OK(&CTX16, 0x04, 0xFF);                 /* Ib */
    ck_assert_uint_eq(in.imm, 0xFF);
    ck_assert_uint_eq(in.rm, REG_EAX);                           /* AL folded into E */
    in = DEC_OK(&CTX16, 0x05, 0x34, 0x12);                       /* Iz, 16-bit */
    ck_assert_uint_eq(in.imm, 0x1234);
    ck_assert_uint_eq(in.len, 3);
    in = DEC_OK(&CTX32, 0x05, 0x78, 0x56, 0x34, 0x12);           /* Iz, 32-bit */
    ck_assert_uint_eq(in.imm, 0x12345678u);
    in = DEC_OK(&CTX16, 0x83, 0xC0, 0xFF);                       /* Ibs */
    ck_assert_uint_eq(in.imm, 0xFFFFFFFFu);
    in = DEC_OK(&CTX32, 0x6A, 0x80);
    ck_assert_uint_eq(in.imm, 0xFFFFFF80u);
    in = DEC_OK(&CTX32, 0x6B, 0xC0, 0x7F);
    ck_assert_uint_eq(in.imm, 0x7F);
    in = DEC_OK(&CTX16, 0xC2, 0x10, 0x00);                       /* Iw */
    ck_assert_uint_eq(in.imm, 0x10);
    in = DEC_OK(&CTX32, 0xC8, 0x34, 0x12, 0x05);                 /* enter Iw,Ib */
    ck_assert_uint_eq(in.imm, 0x1234);
    ck_assert_uint_eq(in.imm2, 5);
    ck_assert_uint_eq(in.len, 4);
    in = DEC_OK(&CTX16, 0xEB, 0xFE);                             /* Jb */
    ck_assert_uint_eq(in.imm, 0xFFFFFFFEu);
    in = DEC_OK(&CTX16, 0xE8, 0x00, 0x80);                       /* Jz, 16-bit */
    ck_assert_uint_eq(in.imm, 0xFFFF8000u);
    in = DEC_OK(&CTX16, 0x66, 0xE9, 0x78, 0x56, 0x34, 0x12);     /* Jz, 32-bit */
    ck_assert_uint_eq(in.imm, 0x12345678u);
    ck_assert_uint_eq(in.len, 6);
    in = DEC_OK(&CTX32, 0x0F, 0x84, 0xFC, 0xFF, 0xFF, 0xFF);
    ck_assert_uint_eq(in.imm, 0xFFFFFFFCu);
    in = DEC_OK(&CTX16, 0xD1, 0xE0);                             /* I1 */
    ck_assert_uint_eq(in.imm, 1);
    ck_assert_uint_eq(in.len, 2);
    in = DEC_OK(&CTX16, 0x9A, 0x78, 0x56, 0x34, 0x12);           /* Ap 16:16 */
    ck_assert_uint_eq(in.imm, 0x5678);
    ck_assert_uint_eq(in.imm2, 0x1234);
    ck_assert_uint_eq(in.len, 5);
    in = DEC_OK(&CTX32, 0xEA, 0x78, 0x56, 0x34, 0x12, 0xCD, 0xAB);  /* Ap 16:32 */
    ck_assert_uint_eq(in.imm, 0x12345678u);
    ck_assert_uint_eq(in.imm2, 0xABCD);
    ck_assert_uint_eq(in.len, 7);
    in = DEC_OK(&CTX16, 0xA1, 0x34, 0x12);                       /* moffs16 */
    ck_assert(in.flags & INSN_MEM);
    ck_assert_int_eq(in.disp, 0x1234);
    ck_assert_uint_eq(in.base, REG_NONE);
    in = DEC_OK(&CTX16, 0x67, 0xA3, 0x78, 0x56, 0x34, 0x12);     /* moffs32 */
    ck_assert_int_eq(in.disp, 0x12345678);
    ck_assert_uint_eq(in.len, 6);
    in = DEC_OK(&CTX16, 0x69, 0x46, 0x02, 0x34, 0x12);           /* Gv,Ev,Iz */
    ck_assert_int_eq(in.disp, 2);
    ck_assert_uint_eq(in.imm, 0x1234);
    ck_assert_uint_eq(in.len, 5);
    in = DEC_OK(&CTX32, 0x0F, 0xA4, 0xC8, 0x05);                 /* shld Ev,Gv,Ib */
    ck_assert_uint_eq(in.imm, 5);
    in = DEC_OK(&CTX32, 0xC7, 0x44, 0x24, 0x04, 0x78, 0x56, 0x34, 0x12);
    ck_assert_int_eq(in.disp, 4);
    ck_assert_uint_eq(in.imm, 0x12345678u);
    ck_assert_uint_eq(in.len, 8);
    in = DEC_OK(&CTX16, 0xE4, 0x60);                             /* in al,Ib */
    ck_assert_uint_eq(in.imm, 0x60);
    in = DEC_OK(&CTX16, 0xB4, 0x0E);                             /* mov ah,Ib: Zb */
    ck_assert_uint_eq(in.rm, 4);
    ck_assert_uint_eq(in.imm, 0x0E);
}
END_TEST

/* ---- groups, x87 and forms that decode but fault -------------------------- */

START_TEST(groups)
{
    struct insn in = DEC_OK(&CTX16, 0x80, 0xF8, 0x05);
    ck_assert_uint_eq(in.mn, MN_CMP);
    ck_assert_uint_eq(in.reg, 7);
    in = DEC_OK(&CTX16, 0xF6, 0xC8, 0x12);                       /* test alias /1 */
    ck_assert_uint_eq(in.mn, MN_TEST);
    ck_assert_uint_eq(in.imm, 0x12);
    ck_assert_uint_eq(in.len, 3);
    in = DEC_OK(&CTX16, 0xF7, 0xD8);                             /* neg ax: no imm */
    ck_assert_uint_eq(in.mn, MN_NEG);
    ck_assert_uint_eq(in.len, 2);
    in = DEC_OK(&CTX16, 0xD0, 0xF0);
    ck_assert_uint_eq(in.mn, MN_SAL);
    in = DEC_OK(&CTX16, 0xFF, 0x18);
    ck_assert_uint_eq(in.mn, MN_CALLF);
    ck_assert(!(in.flags & INSN_UD));
    in = DEC_OK(&CTX16, 0xFF, 0xD8);                             /* call far reg: #UD */
    ck_assert(in.flags & INSN_UD);
    in = DEC_OK(&CTX32, 0x0F, 0xBA, 0x20, 0x05);
    ck_assert_uint_eq(in.mn, MN_BT);
    ck_assert_uint_eq(in.len, 4);
    in = DEC_OK(&CTX32, 0x0F, 0x01, 0xE0);                       /* smsw eax */
    ck_assert_uint_eq(in.mn, MN_SMSW);

    in = dec(&CTX16, BYTES(0xFE, 0x10), DECODE_UNDEFINED);
    ck_assert_uint_eq(in.mn, MN_BAD);
    ck_assert(in.flags & INSN_UD);
    ck_assert_uint_eq(in.len, 2);
    in = dec(&CTX16, BYTES(0xFE, 0x50, 0x12), DECODE_UNDEFINED);  /* length still counts disp */
    ck_assert_uint_eq(in.len, 3);
    in = dec(&CTX16, BYTES(0x8F, 0xC8), DECODE_UNDEFINED);
    ck_assert_ptr_eq(in.op, &op_bad);
    in = dec(&CTX32, BYTES(0x0F, 0xBA, 0x00), DECODE_UNDEFINED);
    ck_assert(in.flags & INSN_0F);
    in = dec(&CTX32, BYTES(0x0F, 0x0F), DECODE_UNDEFINED);       /* 3DNow!: not ours */
    in = dec(&CTX32, BYTES(0x0F, 0x40, 0xC0), DECODE_OK);        /* cmovo: P6 only */
    ck_assert_uint_eq(in.mn, MN_CMOVO);
    ck_assert(in.flags & INSN_UD);                               /* #UD on a Pentium */
    struct decode_ctx p6 = CTX32;
    p6.cpu = CPU_686;
    in = dec(&p6, BYTES(0x0F, 0x40, 0xC0), DECODE_OK);
    ck_assert(!(in.flags & INSN_UD));
    ck_assert_uint_eq(in.len, 3);                                /* with its ModRM */
}
END_TEST

START_TEST(memory_only_forms)
{
    static const uint8_t regs[][3] = {
        { 0x8D, 0xC0 }, { 0xC4, 0xC0 }, { 0xC5, 0xC0 }, { 0x62, 0xC0 },
        { 0x0F, 0x01, 0xC0 }, { 0x0F, 0xB2, 0xC0 }, { 0x0F, 0xC7, 0xC8 },
    };
    for (size_t i = 0; i < sizeof regs / sizeof regs[0]; i++) {
        size_t n = regs[i][0] == 0x0F ? 3 : 2;
        struct insn in = dec(&CTX32, regs[i], n, DECODE_OK);
        ck_assert_msg(in.flags & INSN_UD, "case %zu", i);
        ck_assert_msg(!(in.flags & INSN_MEM), "case %zu", i);
    }
    struct insn in = DEC_OK(&CTX32, 0x8D, 0x04, 0x88);           /* lea eax,[eax+ecx*4] */
    ck_assert(!(in.flags & INSN_UD));
    ck_assert_uint_eq(in.scale, 2);
}
END_TEST

START_TEST(x87_forms)
{
    struct insn in = DEC_OK(&CTX16, 0xD9, 0xC1);                 /* fld st(1) */
    ck_assert_uint_eq(in.mn, MN_FLD);
    ck_assert(!(in.flags & INSN_MEM));
    ck_assert_uint_eq(in.rm, 1);
    ck_assert_uint_eq(in.op->opnd[0], OPND_STi);
    ck_assert(in.op->attr & ATTR_X87);
    in = DEC_OK(&CTX16, 0xD9, 0xE8);
    ck_assert_uint_eq(in.mn, MN_FLD1);
    in = DEC_OK(&CTX16, 0xDD, 0x06, 0x34, 0x12);                 /* fld qword [0x1234] */
    ck_assert_uint_eq(in.mn, MN_FLD);
    ck_assert_uint_eq(in.op->opnd[0], OPND_Mf64);
    ck_assert(in.flags & INSN_MEM);
    ck_assert_int_eq(in.disp, 0x1234);
    ck_assert_uint_eq(in.len, 4);
    in = DEC_OK(&CTX32, 0xDB, 0x6C, 0x24, 0x08);                 /* fld tbyte [esp+8] */
    ck_assert_uint_eq(in.op->opnd[0], OPND_Mf80);
    ck_assert_uint_eq(in.seg, SEG_SS);
    in = DEC_OK(&CTX16, 0xDE, 0xD9);
    ck_assert_uint_eq(in.mn, MN_FCOMPP);
    in = DEC_OK(&CTX16, 0xDF, 0xE0);
    ck_assert_uint_eq(in.mn, MN_FNSTSW);
    ck_assert_uint_eq(in.op->opnd[0], OPND_AX);
    in = DEC_OK(&CTX16, 0xD8, 0xC1);
    ck_assert_uint_eq(in.op->opnd[0], OPND_ST0);
    ck_assert_uint_eq(in.op->opnd[1], OPND_STi);
    in = DEC_OK(&CTX16, 0xDC, 0xC1);
    ck_assert_uint_eq(in.op->opnd[0], OPND_STi);
    ck_assert_uint_eq(in.op->opnd[1], OPND_ST0);
    in = DEC_OK(&CTX16, 0xDE, 0xE9);                             /* fsubp st(1),st */
    ck_assert_uint_eq(in.mn, MN_FSUBP);
    in = DEC_OK(&CTX16, 0xD9, 0xD8);                             /* undocumented fstp1 */
    ck_assert_uint_eq(in.mn, MN_FSTP1);
    in = DEC_OK(&CTX16, 0xDB, 0xE3);
    ck_assert_uint_eq(in.mn, MN_FNINIT);
    in = dec(&CTX16, BYTES(0xD9, 0xD1), DECODE_UNDEFINED);
    ck_assert_uint_eq(in.len, 2);
    in = dec(&CTX16, BYTES(0xD9, 0x0E, 0x34, 0x12), DECODE_UNDEFINED);  /* D9 /1 memory */
    ck_assert_uint_eq(in.len, 4);
    ck_assert(in.flags & INSN_MEM);
    in = dec(&CTX16, BYTES(0xDA, 0xC0), DECODE_OK);              /* fcmovb: P6 only */
    ck_assert_uint_eq(in.mn, MN_FCMOVB);
    ck_assert(in.flags & INSN_UD);
    struct decode_ctx p6 = CTX16;
    p6.cpu = CPU_686;
    in = dec(&p6, BYTES(0xDB, 0xF1), DECODE_OK);                 /* fcomi st,st(1) */
    ck_assert_uint_eq(in.mn, MN_FCOMI);
    ck_assert(!(in.flags & INSN_UD));
}
END_TEST

/* The models: 386 lacks the 486 additions, the 486 the Pentium's, and the
 * test registers are gone on the Pentium (SDM Vol. 3, 22.x). */
START_TEST(cpu_models)
{
    static const struct {
        uint8_t code[4];
        uint8_t len;
        uint8_t has;            /* CPU_* bits of the models that have it */
    } cases[] = {
        { { 0x0F, 0xC8 }, 2, CPU_486 | CPU_586 },               /* bswap */
        { { 0x0F, 0xB0, 0x00 }, 3, CPU_486 | CPU_586 },         /* cmpxchg */
        { { 0x0F, 0xB1, 0x00 }, 3, CPU_486 | CPU_586 },
        { { 0x0F, 0xC0, 0x00 }, 3, CPU_486 | CPU_586 },         /* xadd */
        { { 0x0F, 0x01, 0x38 }, 3, CPU_486 | CPU_586 },         /* invlpg */
        { { 0x0F, 0x08 }, 2, CPU_486 | CPU_586 },               /* invd */
        { { 0x0F, 0x09 }, 2, CPU_486 | CPU_586 },               /* wbinvd */
        { { 0x0F, 0xA2 }, 2, CPU_486 | CPU_586 },               /* cpuid */
        { { 0x0F, 0x31 }, 2, CPU_586 },                         /* rdtsc */
        { { 0x0F, 0x32 }, 2, CPU_586 },                         /* rdmsr */
        { { 0x0F, 0x30 }, 2, CPU_586 },                         /* wrmsr */
        { { 0x0F, 0xAA }, 2, CPU_586 },                         /* rsm */
        { { 0x0F, 0xC7, 0x08 }, 3, CPU_586 },                   /* cmpxchg8b */
        { { 0x0F, 0x24, 0xC0 }, 3, CPU_386 | CPU_486 },         /* mov eax,tr0 */
        { { 0x0F, 0x26, 0xC0 }, 3, CPU_386 | CPU_486 },         /* mov tr0,eax */
        { { 0x0F, 0xA3, 0xC0 }, 3, CPUS_ALL },                  /* bt */
        { { 0x0F, 0x20, 0xC0 }, 3, CPUS_ALL },                  /* mov eax,cr0 */
    };
    static const struct decode_ctx models[] = {
        { .code32 = 1, .cpu = CPU_386 }, { .code32 = 1, .cpu = CPU_486 },
        { .code32 = 0, .cpu = CPU_586 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (size_t m = 0; m < 3; m++) {
            struct insn in = dec(&models[m], cases[i].code, cases[i].len, DECODE_OK);
            int present = (cases[i].has & models[m].cpu) != 0;
            ck_assert_msg((!(in.flags & INSN_UD)) == present, "case %zu model %zu", i, m);
            ck_assert_uint_eq(in.len, cases[i].len);
        }
    }
}
END_TEST

/* The Pentium II's rows (CPUS_P2): MMX, FXSAVE/FXRSTOR, SYSENTER/SYSEXIT;
 * #UD on every earlier model, lengths the same everywhere. */
START_TEST(pentium2_rows)
{
    static const struct {
        uint8_t code[5];
        uint8_t len;
        uint16_t mn;
    } cases[] = {
        { { 0x0F, 0xFC, 0xC1 }, 3, MN_PADDB },
        { { 0x0F, 0x60, 0x00 }, 3, MN_PUNPCKLBW },
        { { 0x0F, 0x6E, 0xC0 }, 3, MN_MOVD },
        { { 0x0F, 0x7F, 0x45, 0x08 }, 4, MN_MOVQ },
        { { 0x0F, 0x71, 0xD0, 0x04 }, 4, MN_PSRLW },
        { { 0x0F, 0x73, 0xF1, 0x3F }, 4, MN_PSLLQ },
        { { 0x0F, 0x77 }, 2, MN_EMMS },
        { { 0x0F, 0xAE, 0x00 }, 3, MN_FXSAVE },
        { { 0x0F, 0xAE, 0x08 }, 3, MN_FXRSTOR },
        { { 0x0F, 0x34 }, 2, MN_SYSENTER },
        { { 0x0F, 0x35 }, 2, MN_SYSEXIT },
    };
    static const uint8_t models[] = { CPU_386, CPU_486, CPU_586, CPU_686, CPU_P2 };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (size_t m = 0; m < sizeof models; m++) {
            struct decode_ctx ctx = { .code32 = 1, .cpu = models[m] };
            struct insn in = dec(&ctx, cases[i].code, cases[i].len, DECODE_OK);
            ck_assert_uint_eq(in.mn, cases[i].mn);
            ck_assert_uint_eq(in.len, cases[i].len);
            ck_assert_msg((!(in.flags & INSN_UD)) == (models[m] == CPU_P2), "case %zu model %zu",
                          i, m);
        }
    }
    struct decode_ctx p2 = { .code32 = 1, .cpu = CPU_P2 };
    struct insn in = DEC_OK(&p2, 0x0F, 0x60, 0x08);              /* punpcklbw mm1,[eax] */
    ck_assert_uint_eq(in.op->opnd[0], OPND_Pq);
    ck_assert_uint_eq(in.op->opnd[1], OPND_Qd);
    ck_assert_uint_eq(in.reg, 1);
    ck_assert(in.flags & INSN_MEM);
    in = DEC_OK(&p2, 0x0F, 0x7E, 0xC8);                          /* movd eax,mm1 */
    ck_assert_uint_eq(in.op->opnd[0], OPND_Ed);
    ck_assert_uint_eq(in.op->opnd[1], OPND_Pq);
    in = DEC_OK(&p2, 0x0F, 0x71, 0xE3, 0x10);                    /* psraw mm3,0x10 */
    ck_assert_uint_eq(in.mn, MN_PSRAW);
    ck_assert_uint_eq(in.rm, 3);
    ck_assert_uint_eq(in.imm, 0x10);
    ck_assert_uint_eq(in.op->opnd[0], OPND_Nq);
    /* Register-only groups: a memory operand decodes (with its length) to #UD. */
    in = DEC_OK(&p2, 0x0F, 0x71, 0x50, 0x08, 0x04);              /* psrlw [eax+8],4 */
    ck_assert(in.flags & INSN_UD);
    ck_assert(in.flags & INSN_MEM);
    ck_assert_uint_eq(in.len, 5);
    in = dec(&p2, BYTES(0x0F, 0x73, 0xD8, 0x04), DECODE_UNDEFINED);      /* /3: SSE2 with 66 */
    ck_assert(in.flags & INSN_UD);
    in = dec(&p2, BYTES(0x0F, 0xAE, 0x10), DECODE_UNDEFINED);            /* ldmxcsr: SSE */
    in = dec(&p2, BYTES(0x0F, 0xAE, 0xE8), DECODE_UNDEFINED);            /* lfence */
    in = DEC_OK(&p2, 0x0F, 0xAE, 0xC0);                          /* fxsave needs memory */
    ck_assert(in.flags & INSN_UD);
    ck_assert_uint_eq(in.op->opnd[0], OPND_M512);
    /* 66 and F3 are reserved on MMX opcodes and ignored; LOCK is #UD. */
    in = DEC_OK(&p2, 0x66, 0x0F, 0xFC, 0xC1);
    ck_assert(!(in.flags & INSN_UD));
    in = DEC_OK(&p2, 0xF3, 0x0F, 0x6F, 0xC1);
    ck_assert(!(in.flags & INSN_UD));
    in = DEC_OK(&p2, 0xF0, 0x0F, 0xFC, 0x00);
    ck_assert(in.flags & INSN_UD);
    in = DEC_OK(&p2, 0x0F, 0x34);
    ck_assert(in.op->attr & ATTR_BRANCH);                       /* ends a trace */
    in = dec(&p2, BYTES(0x0F, 0x0D, 0x00), DECODE_UNDEFINED);    /* later: prefetch, NOP Ev */
    in = dec(&p2, BYTES(0x0F, 0x58, 0xC1), DECODE_UNDEFINED);    /* later: SSE addps */
}
END_TEST

/* ---- handler selection ---------------------------------------------------- */

static void h_r8(struct cpu *c, const struct insn *in) { (void)c; (void)in; }
static void h_r16(struct cpu *c, const struct insn *in) { (void)c; (void)in; }
static void h_r32(struct cpu *c, const struct insn *in) { (void)c; (void)in; }
static void h_m8(struct cpu *c, const struct insn *in) { (void)c; (void)in; }
static void h_m16(struct cpu *c, const struct insn *in) { (void)c; (void)in; }
static void h_m32(struct cpu *c, const struct insn *in) { (void)c; (void)in; }
static void h_ud(struct cpu *c, const struct insn *in) { (void)c; (void)in; }

START_TEST(handler_variants)
{
    static const exec_fn normal[EXEC_VARIANTS] = { h_r8, h_r16, h_r32, h_m8, h_m16, h_m32 };
    static const exec_fn ud[EXEC_VARIANTS] = { h_ud, h_ud, h_ud, h_ud, h_ud, h_ud };
    const exec_fn *table[EXEC_COUNT];
    for (int i = 0; i < EXEC_COUNT; i++)
        table[i] = i == EXEC_ud ? ud : normal;
    struct decode_ctx c16 = { .code32 = 0, .cpu = CPU_386, .handlers = table };
    struct decode_ctx c32 = { .code32 = 1, .cpu = CPU_386, .handlers = table };
    struct insn in = DEC_OK(&c16, 0x88, 0xC0);
    ck_assert(in.fn == h_r8);
    in = DEC_OK(&c16, 0x89, 0x00);
    ck_assert(in.fn == h_m16);
    in = DEC_OK(&c32, 0x89, 0xC0);
    ck_assert(in.fn == h_r32);
    in = DEC_OK(&c32, 0x66, 0x01, 0x00);
    ck_assert(in.fn == h_m16);
    in = DEC_OK(&c32, 0x0F, 0xA2);                      /* cpuid on a 386 */
    ck_assert(in.fn == h_ud);
    in = DEC_OK(&c32, 0xF0, 0x90);
    ck_assert(in.fn == h_ud);
    in = dec(&c32, BYTES(0xFE, 0x38), DECODE_UNDEFINED);
    ck_assert(in.fn == h_ud);
    in = DEC_OK(&CTX32, 0x90);                          /* no table: no handler */
    ck_assert(in.fn == NULL);
}
END_TEST

START_TEST(opcode_fields)
{
    struct insn in = DEC_OK(&CTX16, 0x66, 0x2E, 0x0F, 0xA2);
    ck_assert_uint_eq(in.npfx, 2);
    ck_assert_uint_eq(in.opcode, 0xA2);
    ck_assert(in.flags & INSN_0F);
    ck_assert_uint_eq(in.mn, MN_CPUID);
    ck_assert_ptr_eq(in.op, &op_map_0f[0xA2]);
    in = DEC_OK(&CTX16, 0x47);                          /* inc di: Zv */
    ck_assert_uint_eq(in.rm, REG_EDI);
    ck_assert_uint_eq(in.osz, 2);
    ck_assert(!(in.flags & INSN_0F));
    in = DEC_OK(&CTX32, 0x0F, 0xB6, 0xC1);              /* movzx eax,cl */
    ck_assert_uint_eq(in.osz, 4);
    in = DEC_OK(&CTX32, 0x88, 0xC1);
    ck_assert_uint_eq(in.osz, 1);
    ck_assert_str_eq(mnemonic_name(MN_ADD), "add");
    ck_assert_str_eq(mnemonic_name(MN_COUNT + 5), "?");
    ck_assert_int_eq(opnd_size(OPND_Mf80), 10);
    ck_assert_int_eq(opnd_size(OPND_Ev), -1);
}
END_TEST

static Suite *decoder_suite(void)
{
    Suite *s = suite_create("decoder");
    TCase *tc = tcase_create("decode");
    tcase_add_test(tc, operand_and_address_size);
    tcase_add_test(tc, segment_override_last_wins);
    tcase_add_test(tc, rep_prefixes_last_wins);
    tcase_add_test(tc, lock_validity);
    tcase_add_test(tc, fifteen_byte_limit);
    tcase_add_test(tc, short_buffers);
    tcase_add_test(tc, modrm_16bit);
    tcase_add_test(tc, modrm_32bit);
    tcase_add_test(tc, mov_control_ignores_mod);
    tcase_add_test(tc, immediates);
    tcase_add_test(tc, groups);
    tcase_add_test(tc, memory_only_forms);
    tcase_add_test(tc, x87_forms);
    tcase_add_test(tc, cpu_models);
    tcase_add_test(tc, pentium2_rows);
    tcase_add_test(tc, handler_variants);
    tcase_add_test(tc, opcode_fields);
    suite_add_tcase(s, tc);
    TCase *tp = tcase_create("avail");
    tcase_set_timeout(tp, 60);
    tcase_add_loop_test(tp, never_reads_past_avail, 0, 256);
    tcase_add_loop_test(tp, never_reads_past_avail_0f, 0, 256);
    suite_add_tcase(s, tp);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(decoder_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
