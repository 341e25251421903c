/* cpu/exec.h: what instruction handlers share: operand access, the stack,
 * near branches and the macros that register a handler under its exec id.
 * Everything that can fault happens before anything is committed, so a
 * faulting instruction restarts cleanly (SDM Vol. 3, 6.5). */
#ifndef VIREO_CPU_EXEC_H
#define VIREO_CPU_EXEC_H

#include "cpu/cpu.h"
#include "cpu/flags.h"
#include "cpu/mem.h"


/* Every exec id of decoder/exec.def names a row of six handlers, one per
 * enum exec_variant (register/memory operand x 8/16/32-bit width). */
#define EXEC(name) extern const exec_fn exec_##name[EXEC_VARIANTS];
#include "decoder/exec.def"
#undef EXEC

/* After an instruction: count it, and unless the trace ends here (the run
 * loop's count is used up, or the handler called cpu_end_trace()), go
 * straight on to the next decoded instruction of the trace.  The call is
 * in tail position, so a trace runs as a chain of jumps rather than a loop
 * of calls; without the tail call it nests at most TRACE_MAX deep. */
static ALWAYS_INLINE void exec_next(struct cpu *c, const struct insn *in)
{
    c->icount++;
    if (--c->trace_left == 0)
        return;
    in++;
    uint32_t eip = c->eip;
    c->insn_start_eip = eip;
    c->eip = eip + in->len;
    in->fn(c, in);
}

/* One function for all six variants. */
#define EXEC_ALL(id, fn)                                                                      static void id##_h(struct cpu *c, const struct insn *in) { fn(c, in); exec_next(c, in); }     const exec_fn exec_##id[EXEC_VARIANTS] = { id##_h, id##_h, id##_h, id##_h, id##_h, id##_h }

/* Six specialisations from one always-inline body(c, in, size, is_mem). */
#define EXEC_SPLIT(id, body)                                                                  static void id##_r8(struct cpu *c, const struct insn *in)                                 { body(c, in, 1, false); exec_next(c, in); }                                              static void id##_r16(struct cpu *c, const struct insn *in)                                { body(c, in, 2, false); exec_next(c, in); }                                              static void id##_r32(struct cpu *c, const struct insn *in)                                { body(c, in, 4, false); exec_next(c, in); }                                              static void id##_m8(struct cpu *c, const struct insn *in)                                 { body(c, in, 1, true); exec_next(c, in); }                                               static void id##_m16(struct cpu *c, const struct insn *in)                                { body(c, in, 2, true); exec_next(c, in); }                                               static void id##_m32(struct cpu *c, const struct insn *in)                                { body(c, in, 4, true); exec_next(c, in); }                                               const exec_fn exec_##id[EXEC_VARIANTS] = { id##_r8, id##_r16, id##_r32,                                                              id##_m8, id##_m16, id##_m32 }

/* ---- Registers ---- */

/* r is 0-7; byte registers 4-7 are AH CH DH BH, the high bytes of 0-3. */
static ALWAYS_INLINE uint32_t reg_get(const struct cpu *c, unsigned r, unsigned size)
{
    if (size == 4)
        return c->gpr[r];
    if (size == 2)
        return c->gpr[r] & 0xffffu;
    return r < 4 ? c->gpr[r] & 0xffu : (c->gpr[r - 4] >> 8) & 0xffu;
}

static ALWAYS_INLINE void reg_set(struct cpu *c, unsigned r, unsigned size, uint32_t v)
{
    if (size == 4)
        c->gpr[r] = v;
    else if (size == 2)
        c->gpr[r] = (c->gpr[r] & 0xffff0000u) | (v & 0xffffu);
    else if (r < 4)
        c->gpr[r] = (c->gpr[r] & ~0xffu) | (v & 0xffu);
    else
        c->gpr[r - 4] = (c->gpr[r - 4] & ~0xff00u) | ((v & 0xffu) << 8);
}

static inline unsigned insn_osize(const struct insn *in)
{
    return (in->pfx & PFX_O32) ? 4 : 2;
}

/* ---- The E operand ---- */

static ALWAYS_INLINE uint32_t insn_ea(const struct cpu *c, const struct insn *in)
{
    uint32_t ea = c->gpr[in->base] + (c->gpr[in->index] << in->scale) + (uint32_t)in->disp;
    return (in->pfx & PFX_A32) ? ea : ea & 0xffffu;
}

static ALWAYS_INLINE uint32_t e_read(struct cpu *c, const struct insn *in, unsigned size, bool mem)
{
    if (mem)
        return cpu_rd(c, in->seg, insn_ea(c, in), size);
    return reg_get(c, in->rm, size);
}

static ALWAYS_INLINE void e_write(struct cpu *c, const struct insn *in, unsigned size, bool mem,
                                  uint32_t v)
{
    if (mem)
        cpu_wr(c, in->seg, insn_ea(c, in), size, v);
    else
        reg_set(c, in->rm, size, v);
}

/* ---- The stack ---- */

static ALWAYS_INLINE bool stack_is32(const struct cpu *c)
{
    return (c->seg[SEG_SS].attr & SEG_ATTR_DB) != 0;
}

static ALWAYS_INLINE uint32_t sp_get(const struct cpu *c)
{
    return stack_is32(c) ? c->gpr[REG_ESP] : c->gpr[REG_ESP] & 0xffffu;
}

static ALWAYS_INLINE void sp_set(struct cpu *c, uint32_t sp)
{
    if (stack_is32(c))
        c->gpr[REG_ESP] = sp;
    else
        c->gpr[REG_ESP] = (c->gpr[REG_ESP] & 0xffff0000u) | (sp & 0xffffu);
}

/* Pushes and pops against a working stack pointer; nothing is committed
 * until sp_set(), so a fault part-way leaves ESP as it was. */
static ALWAYS_INLINE void stk_push(struct cpu *c, uint32_t *sp, unsigned size, uint32_t v)
{
    *sp -= size;
    if (!stack_is32(c))
        *sp &= 0xffffu;
    cpu_wr(c, SEG_SS, *sp, size, v);
}

static ALWAYS_INLINE uint32_t stk_pop(struct cpu *c, uint32_t *sp, unsigned size)
{
    uint32_t v = cpu_rd(c, SEG_SS, *sp, size);
    *sp += size;
    if (!stack_is32(c))
        *sp &= 0xffffu;
    return v;
}

/* Read the stack at sp + off without popping (for RET imm, IRET checks). */
static ALWAYS_INLINE uint32_t stk_peek(struct cpu *c, uint32_t sp, uint32_t off, unsigned size)
{
    uint32_t a = sp + off;
    if (!stack_is32(c))
        a &= 0xffffu;
    return cpu_rd(c, SEG_SS, a, size);
}

/* n elements of `size` bytes at sp + off, sp + off + size, ... into out:
 * as n stk_peek() calls would read them (same checks, same first fault),
 * in one piece when they lie in one page the TLB lets us read. */
static inline void stk_peek_n(struct cpu *c, uint32_t sp, uint32_t off, unsigned size,
                              unsigned n, uint32_t *out)
{
    const struct seg_cache *s = &c->seg[SEG_SS];
    uint32_t a = stack_is32(c) ? sp + off : (sp + off) & 0xffffu;
    uint32_t total = n * size;
    if ((s->rights & SEG_R) && a >= s->valid_lo && (uint64_t)a + total - 1 <= s->valid_hi &&
        (stack_is32(c) || a + total <= 0x10000u)) {
        uint32_t lin = s->base + a;
        const struct tlb_entry *e = tlb_slot(&c->tlb, lin);
        if (e->lpn == lin >> 12 && (e->allow & c->tlb_rd) && (lin & 0xfffu) + total <= 0x1000u) {
            const uint8_t *p = e->host + (lin & 0xfffu);
            for (unsigned i = 0; i < n; i++)
                out[i] = load_size(p + i * size, size);
            return;
        }
    }
    for (unsigned i = 0; i < n; i++)
        out[i] = stk_peek(c, sp, off + i * size, size);
}

static ALWAYS_INLINE void push(struct cpu *c, unsigned size, uint32_t v)
{
    uint32_t sp = sp_get(c);
    stk_push(c, &sp, size, v);
    sp_set(c, sp);
}

static ALWAYS_INLINE uint32_t pop(struct cpu *c, unsigned size)
{
    uint32_t sp = sp_get(c);
    uint32_t v = stk_pop(c, &sp, size);
    sp_set(c, sp);
    return v;
}

/* ---- Near control transfers ---- */

/* A near branch target in the current code segment: a 16-bit operand size
 * truncates it, and a target outside CS raises #GP(0) at the branch. */
static ALWAYS_INLINE uint32_t near_target(struct cpu *c, const struct insn *in, uint32_t target)
{
    if (!(in->pfx & PFX_O32))
        target &= 0xffffu;
    const struct seg_cache *cs = &c->seg[SEG_CS];
    if (target < cs->valid_lo || target > cs->valid_hi)
        cpu_raise_err(c, EXC_GP, 0);
    return target;
}

static ALWAYS_INLINE void branch_near(struct cpu *c, const struct insn *in, uint32_t target)
{
    c->eip = near_target(c, in, target);
}

/* The count register of LOOP, JCXZ and REP: CX or ECX by address size. */
static ALWAYS_INLINE uint32_t count_get(const struct cpu *c, const struct insn *in)
{
    return (in->pfx & PFX_A32) ? c->gpr[REG_ECX] : c->gpr[REG_ECX] & 0xffffu;
}

static ALWAYS_INLINE void count_set(struct cpu *c, const struct insn *in, uint32_t v)
{
    if (in->pfx & PFX_A32)
        c->gpr[REG_ECX] = v;
    else
        c->gpr[REG_ECX] = (c->gpr[REG_ECX] & 0xffff0000u) | (v & 0xffffu);
}

/* Stop the running trace after this instruction (state the cached code
 * depends on has changed). */
static inline void end_trace(struct cpu *c)
{
    cpu_end_trace(c);
}

/* #UD unless in protected mode proper (not real, not V86). */
static inline void require_pm(struct cpu *c)
{
    if (c->mode != MODE_PROT)
        cpu_raise(c, EXC_UD);
}

/* #GP(0) unless CPL is 0 (privileged instructions; real mode has CPL 0). */
static inline void require_cpl0(struct cpu *c)
{
    if (c->cpl != 0)
        cpu_raise_err(c, EXC_GP, 0);
}

#endif
