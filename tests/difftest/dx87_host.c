/* tests/difftest/dx87_host.c: the host CPU's own x87 as the reference of
 * difftest --x87.  For each run a small stub is written into an mmap'd
 * page and called: FNINIT, FRSTOR of the case's image, the integer
 * registers and arithmetic flags loaded, the tested instructions (the
 * same bytes Vireo runs), then EFLAGS and EAX saved and FNSAVE, which
 * does not wait, so a pending unmasked exception is stored rather than
 * raised.  A waiting instruction that meets a pending unmasked exception
 * raises #MF, which Linux delivers as SIGFPE: the handler takes the x87
 * state at the fault from the signal frame and leaves with siglongjmp.
 * x86-64 and i386 Linux only (the stub's bytes, ucontext's layout); on
 * other hosts dx_host_open() says the mode is absent.  This is a test
 * tool: the emulator itself never generates host code. */
#define _GNU_SOURCE 1           /* REG_RIP/REG_EIP in <sys/ucontext.h> */
#include "tests/difftest/dx87.h"

#include <stdio.h>
#include <string.h>

#if defined(__linux__) && (defined(__x86_64__) || defined(__i386__))
#define DT_HAVE_X87_HOST 1
#endif

#ifdef DT_HAVE_X87_HOST

#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <ucontext.h>
#include <unistd.h>

#define CODE_SIZE 4096u
#define I386_FXSR_AT 112u       /* the FXSAVE image in struct _fpstate_32 */
#define I386_FPSTATE (I386_FXSR_AT + DX_FX)

/* What the stub reads and writes (through R15 on x86-64, by absolute
 * address on i386). */
struct host_ctx {
    uint8_t img_in[112];
    uint8_t img_out[112];
    uint64_t flags_out;
    uint64_t rax_out;
    _Alignas(64) uint8_t buf[DX_BUF];
};

struct dx_host {
    uint8_t *code;
    struct host_ctx *ctx;
    size_t ctx_size;
};

/* The signal handler's view: a handler can only reach static storage. */
static sigjmp_buf fault_jmp;
static volatile sig_atomic_t fault_armed;
static struct {
    int sig;
    uint64_t ip, flags, ax;
    bool has_fpu;
#ifdef __x86_64__
    uint8_t fx[DX_FX];          /* FXSAVE layout (the signal frame's fpstate) */
#else
    /* i386: the kernel's struct _fpstate_32, an FNSAVE image (without FOP
     * from a 64-bit kernel), then status and magic (0 when the FXSAVE
     * image follows, at byte 112) */
    uint8_t fn[I386_FPSTATE];
#endif
} fault;

static void on_signal(int sig, siginfo_t *si, void *ucv)
{
    (void)si;
    if (!fault_armed) {
        if (sig == SIGALRM)
            return;             /* the KVM side's timer: it only interrupts KVM_RUN */
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    fault_armed = 0;
    ucontext_t *uc = ucv;
    fault.sig = sig;
#ifdef __x86_64__
    fault.ip = (uint64_t)uc->uc_mcontext.gregs[REG_RIP];
    fault.flags = (uint64_t)uc->uc_mcontext.gregs[REG_EFL];
    fault.ax = (uint64_t)uc->uc_mcontext.gregs[REG_RAX];
    fault.has_fpu = uc->uc_mcontext.fpregs != NULL;
    if (fault.has_fpu)
        memcpy(fault.fx, uc->uc_mcontext.fpregs, DX_FX);
#else
    fault.ip = (uint32_t)uc->uc_mcontext.gregs[REG_EIP];
    fault.flags = (uint32_t)uc->uc_mcontext.gregs[REG_EFL];
    fault.ax = (uint32_t)uc->uc_mcontext.gregs[REG_EAX];
    fault.has_fpu = uc->uc_mcontext.fpregs != NULL;
    if (fault.has_fpu)
        memcpy(fault.fn, uc->uc_mcontext.fpregs, I386_FPSTATE);
#endif
    siglongjmp(fault_jmp, 1);
}

const char *dx_host_name(void)
{
#ifdef __x86_64__
    return "the host CPU's x87 (x86-64, 64-bit mode)";
#else
    return "the host CPU's x87 (i386, 32-bit mode)";
#endif
}

struct dx_host *dx_host_open(char *msg, size_t size)
{
    struct dx_host *h = calloc(1, sizeof *h);
    if (h == NULL) {
        snprintf(msg, size, "out of memory");
        return NULL;
    }
    h->code = mmap(NULL, CODE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    h->ctx_size = (sizeof *h->ctx + 4095u) & ~(size_t)4095u;
    h->ctx = mmap(NULL, h->ctx_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (h->code == MAP_FAILED || h->ctx == MAP_FAILED) {
        snprintf(msg, size, "mmap: %s", strerror(errno));
        h->code = h->code == MAP_FAILED ? NULL : h->code;
        h->ctx = h->ctx == MAP_FAILED ? NULL : h->ctx;
        dx_host_close(h);
        return NULL;
    }
    /* A RET, to learn whether this host lets us run what we write. */
    h->code[0] = 0xc3;
    if (mprotect(h->code, CODE_SIZE, PROT_READ | PROT_EXEC) != 0) {
        snprintf(msg, size, "no executable memory (mprotect: %s)", strerror(errno));
        dx_host_close(h);
        return NULL;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    static const int sigs[] = { SIGFPE, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGALRM };
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaction(sigs[i], &sa, NULL);
    return h;
}

void dx_host_close(struct dx_host *h)
{
    if (h == NULL)
        return;
    if (h->code != NULL)
        munmap(h->code, CODE_SIZE);
    if (h->ctx != NULL)
        munmap(h->ctx, h->ctx_size);
    free(h);
}

/* ---- The stub ---- */

struct emit {
    uint8_t *p;
    unsigned n;
};

static void b1(struct emit *e, unsigned v)
{
    e->p[e->n++] = (uint8_t)v;
}

static void bn(struct emit *e, uint64_t v, unsigned size)
{
    for (unsigned i = 0; i < size; i++)
        b1(e, (unsigned)(v >> (8 * i)));
}

#ifdef __x86_64__
/* op [r15 + disp32]: REX.B (41, or 49/4D with W/R), op, ModRM 10 reg 111. */
static void r15_mem(struct emit *e, unsigned rex, unsigned op, unsigned reg, uint32_t off)
{
    b1(e, rex);
    b1(e, op);
    b1(e, 0x87 | (reg & 7) << 3);
    bn(e, off, 4);
}
#endif

/* Write the stub for the first n instructions of c; returns the offset
 * of the first tested byte. */
static unsigned build(struct dx_host *h, const struct dx_case *c, unsigned n)
{
    struct emit e = { h->code, 0 };
    uintptr_t buf = (uintptr_t)h->ctx->buf;
#ifdef __x86_64__
    static const uint8_t prologue[] = {
        0x53, 0x55, 0x41, 0x54, 0x41, 0x55, 0x41, 0x56, 0x41, 0x57,   /* push rbx..r15 */
        0x49, 0x89, 0xff,                                              /* mov r15, rdi */
        0xdb, 0xe3,                                                    /* fninit */
    };
    memcpy(e.p, prologue, sizeof prologue);
    e.n = sizeof prologue;
    r15_mem(&e, 0x41, 0xdd, 4, (uint32_t)offsetof(struct host_ctx, img_in));   /* frstor */
    b1(&e, 0x49);                                                      /* mov r14, imm64 */
    b1(&e, 0xbe);
    bn(&e, (c->regs.eflags & 0x8d5u) | 0x202u, 8);
    b1(&e, 0x41);                                                      /* push r14; popfq */
    b1(&e, 0x56);
    b1(&e, 0x9d);
    for (unsigned r = 0; r < 8; r++) {
        if (r == 4)
            continue;
        /* Plain values sign-extended, so a negative index is one in 64-bit
         * addressing too; pointers are the buffer plus the offset. */
        uint64_t v = (uint64_t)(int64_t)(int32_t)c->regs.val[r];
        if ((c->regs.is_ptr >> r) & 1)
            v += buf;
        b1(&e, 0x48);                                                  /* mov r64, imm64 */
        b1(&e, 0xb8 + r);
        bn(&e, v, 8);
    }
#else
    static const uint8_t prologue[] = { 0x53, 0x55, 0x56, 0x57, 0xdb, 0xe3 };
    memcpy(e.p, prologue, sizeof prologue);
    e.n = sizeof prologue;
    b1(&e, 0xdd);                                                      /* frstor [abs] */
    b1(&e, 0x25);
    bn(&e, (uintptr_t)h->ctx->img_in, 4);
    b1(&e, 0x68);                                                      /* push imm32; popfd */
    bn(&e, (c->regs.eflags & 0x8d5u) | 0x202u, 4);
    b1(&e, 0x9d);
    for (unsigned r = 0; r < 8; r++) {
        if (r == 4)
            continue;
        uint32_t v = c->regs.val[r] + ((c->regs.is_ptr >> r) & 1 ? (uint32_t)buf : 0);
        b1(&e, 0xb8 + r);                                              /* mov r32, imm32 */
        bn(&e, v, 4);
    }
#endif
    unsigned start = e.n;
    for (unsigned i = 0; i < n; i++) {
        memcpy(e.p + e.n, c->ins[i].bytes, c->ins[i].len);
        e.n += c->ins[i].len;
    }
#ifdef __x86_64__
    b1(&e, 0x9c);                                                      /* pushfq; pop r14 */
    b1(&e, 0x41);
    b1(&e, 0x5e);
    r15_mem(&e, 0x4d, 0x89, 6, (uint32_t)offsetof(struct host_ctx, flags_out));
    r15_mem(&e, 0x49, 0x89, 0, (uint32_t)offsetof(struct host_ctx, rax_out));
    r15_mem(&e, 0x41, 0xdd, 6, (uint32_t)offsetof(struct host_ctx, img_out));  /* fnsave */
    static const uint8_t epilogue[] = {
        0x41, 0x5f, 0x41, 0x5e, 0x41, 0x5d, 0x41, 0x5c, 0x5d, 0x5b, 0xc3,
    };
#else
    b1(&e, 0x9c);                                                      /* pushfd; pop [abs] */
    b1(&e, 0x8f);
    b1(&e, 0x05);
    bn(&e, (uintptr_t)&h->ctx->flags_out, 4);
    b1(&e, 0xa3);                                                      /* mov [abs], eax */
    bn(&e, (uintptr_t)&h->ctx->rax_out, 4);
    b1(&e, 0xdd);                                                      /* fnsave [abs] */
    b1(&e, 0x35);
    bn(&e, (uintptr_t)h->ctx->img_out, 4);
    static const uint8_t epilogue[] = { 0x5f, 0x5e, 0x5d, 0x5b, 0xc3 };
#endif
    memcpy(e.p + e.n, epilogue, sizeof epilogue);
    return start;
}

/* Which instruction a faulting address is in, or -1. */
static int insn_at(const struct dx_case *c, unsigned n, uint64_t off)
{
    for (unsigned i = 0; i < n; i++) {
        if (off >= c->ins[i].off && off < (uint64_t)c->ins[i].off + c->ins[i].len)
            return (int)i;
    }
    return -1;
}

void dx_host_run(struct dx_host *h, const struct dx_case *c, unsigned n,
                  struct dx_outcome *out)
{
    memset(out, 0, sizeof *out);
    out->at = -1;
    if (mprotect(h->code, CODE_SIZE, PROT_READ | PROT_WRITE) != 0) {
        out->end = XE_FAILED;
        snprintf(out->note, sizeof out->note, "mprotect: %s", strerror(errno));
        return;
    }
    unsigned start = build(h, c, n);
    mprotect(h->code, CODE_SIZE, PROT_READ | PROT_EXEC);
    struct host_ctx *x = h->ctx;
    memcpy(x->img_in, c->image, DX_IMG);
    memset(x->img_out, 0, sizeof x->img_out);
    memcpy(x->buf, c->mem, DX_BUF);
    uint64_t code = (uintptr_t)h->code + start, buf = (uintptr_t)x->buf;
    out->code = code;
    out->buf = buf;
    void (*fn)(struct host_ctx *);
    void *entry = h->code;
    memcpy(&fn, &entry, sizeof fn);         /* object to function pointer, portably */
    struct itimerval tv = { { 0, 0 }, { 1, 0 } }, off = { { 0, 0 }, { 0, 0 } };
    setitimer(ITIMER_REAL, &tv, NULL);
    if (sigsetjmp(fault_jmp, 1) == 0) {
        fault_armed = 1;
        fn(x);
        fault_armed = 0;
        setitimer(ITIMER_REAL, &off, NULL);
        out->end = XE_DONE;
        dx_state_from_fnsave(&out->fpu, x->img_out, code, buf);
        out->eax = (uint32_t)x->rax_out;
        out->eflags = (uint32_t)x->flags_out;
    } else {
        setitimer(ITIMER_REAL, &off, NULL);
        int at = fault.ip >= code ? insn_at(c, n, fault.ip - code) : -1;
        out->at = at;
        out->eax = (uint32_t)fault.ax;
        out->eflags = (uint32_t)fault.flags;
        if (fault.sig == SIGFPE && at >= 0 && fault.has_fpu) {
            out->end = XE_MF;
#ifdef __x86_64__
            dx_state_from_fxsave(&out->fpu, fault.fx, code, buf);
#else
            if (fault.fn[DX_IMG + 2] == 0 && fault.fn[DX_IMG + 3] == 0)    /* magic: FXSR */
                dx_state_from_fxsave(&out->fpu, fault.fn + I386_FXSR_AT, code, buf);
            else
                dx_state_from_fnsave(&out->fpu, fault.fn, code, buf);
#endif
        } else {
            out->end = XE_OTHER;
            out->vector = fault.sig;
            snprintf(out->note, sizeof out->note, "signal %d (%s) at stub offset %lld%s",
                     fault.sig, strsignal(fault.sig), (long long)(fault.ip - code),
                     fault.sig == SIGALRM ? ": no end within a second" : "");
        }
    }
    memcpy(out->mem, x->buf, DX_BUF);
}

#else /* !DT_HAVE_X87_HOST */

struct dx_host {
    int unused;
};

struct dx_host *dx_host_open(char *msg, size_t size)
{
    snprintf(msg, size, "the host x87 reference needs an x86-64 or i386 Linux host");
    return NULL;
}

void dx_host_close(struct dx_host *h)
{
    (void)h;
}

void dx_host_run(struct dx_host *h, const struct dx_case *c, unsigned n,
                  struct dx_outcome *out)
{
    (void)h;
    (void)c;
    (void)n;
    memset(out, 0, sizeof *out);
    out->end = XE_FAILED;
}

const char *dx_host_name(void)
{
    return "none";
}

#endif
