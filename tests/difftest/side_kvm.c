/* tests/difftest/side_kvm.c: one sequence on the host CPU, in a KVM guest
 * with DT_RAM of RAM at physical 0, no in-kernel interrupt controller (so
 * HLT exits to us) and no devices: memory beyond RAM and ports read as all
 * ones and ignore writes, as on Vireo's side.  The host's CPUID is passed through.  A
 * guest that neither halts nor faults is stopped by a one-second timer.
 * Compiled only on x86 Linux with <linux/kvm.h>; elsewhere kside_open()
 * reports that KVM is not available. */
#include "tests/difftest/dt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__linux__) && (defined(__x86_64__) || defined(__i386__)) && defined(__has_include)
#if __has_include(<linux/kvm.h>)
#define DT_HAVE_KVM 1
#endif
#endif

#ifdef DT_HAVE_KVM

#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <unistd.h>

#include "cpu/cpu.h"

#define NOTE(out, ...) snprintf((out)->note, sizeof (out)->note, __VA_ARGS__)

struct kside {
    int kvm, vm, vcpu;
    struct kvm_run *run;
    size_t run_size;
    uint8_t *ram;
};

static void on_alarm(int sig)
{
    (void)sig;                  /* only interrupts KVM_RUN (EINTR) */
}

static struct kside *fail(struct kside *k, char *msg, size_t size, const char *what)
{
    snprintf(msg, size, "%s: %s", what, strerror(errno));
    kside_close(k);
    return NULL;
}

/* Pass the host's CPUID through, so CR4 and instruction checks see the
 * host's features. */
static int set_cpuid(struct kside *k)
{
    int n = 128;
    struct kvm_cpuid2 *cp = calloc(1, sizeof *cp + (size_t)n * sizeof cp->entries[0]);
    if (cp == NULL)
        return -1;
    cp->nent = (uint32_t)n;
    int rc = ioctl(k->kvm, KVM_GET_SUPPORTED_CPUID, cp);
    if (rc == 0)
        rc = ioctl(k->vcpu, KVM_SET_CPUID2, cp);
    free(cp);
    return rc;
}

struct kside *kside_open(char *msg, size_t size)
{
    struct kside *k = calloc(1, sizeof *k);
    if (k == NULL) {
        snprintf(msg, size, "out of memory");
        return NULL;
    }
    k->kvm = k->vm = k->vcpu = -1;
    k->kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (k->kvm < 0)
        return fail(k, msg, size, "/dev/kvm");
    if (ioctl(k->kvm, KVM_GET_API_VERSION, 0) != KVM_API_VERSION) {
        errno = ENOTSUP;
        return fail(k, msg, size, "KVM API version");
    }
    k->vm = ioctl(k->kvm, KVM_CREATE_VM, 0);
    if (k->vm < 0)
        return fail(k, msg, size, "KVM_CREATE_VM");
    /* Needed by Intel hosts without unrestricted guests for real mode. */
    if (ioctl(k->vm, KVM_SET_TSS_ADDR, 0xfffbd000ul) < 0)
        return fail(k, msg, size, "KVM_SET_TSS_ADDR");
    k->ram = mmap(NULL, DT_RAM, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (k->ram == MAP_FAILED) {
        k->ram = NULL;
        return fail(k, msg, size, "mmap guest RAM");
    }
    struct kvm_userspace_memory_region r = { .slot = 0, .guest_phys_addr = 0,
                                             .memory_size = DT_RAM,
                                             .userspace_addr = (uint64_t)(uintptr_t)k->ram };
    if (ioctl(k->vm, KVM_SET_USER_MEMORY_REGION, &r) < 0)
        return fail(k, msg, size, "KVM_SET_USER_MEMORY_REGION");
    k->vcpu = ioctl(k->vm, KVM_CREATE_VCPU, 0);
    if (k->vcpu < 0)
        return fail(k, msg, size, "KVM_CREATE_VCPU");
    int rs = ioctl(k->kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
    if (rs <= 0)
        return fail(k, msg, size, "KVM_GET_VCPU_MMAP_SIZE");
    k->run_size = (size_t)rs;
    k->run = mmap(NULL, k->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, k->vcpu, 0);
    if (k->run == MAP_FAILED) {
        k->run = NULL;
        return fail(k, msg, size, "mmap kvm_run");
    }
    if (set_cpuid(k) < 0)
        return fail(k, msg, size, "KVM_SET_CPUID2");
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    return k;
}

void kside_close(struct kside *k)
{
    if (k == NULL)
        return;
    if (k->run != NULL)
        munmap(k->run, k->run_size);
    if (k->ram != NULL)
        munmap(k->ram, DT_RAM);
    if (k->vcpu >= 0)
        close(k->vcpu);
    if (k->vm >= 0)
        close(k->vm);
    if (k->kvm >= 0)
        close(k->kvm);
    free(k);
}

uint8_t *kside_ram(struct kside *k)
{
    return k->ram;
}

/* kvm-pvm (a paravirtual KVM that runs without VMX/SVM) executes guests
 * outside long mode in KVM's instruction emulator, with the arithmetic
 * itself done by host instructions, and refuses 32-bit paging. */
const char *kside_reference_note(const struct kside *k)
{
    (void)k;
    if (access("/sys/module/kvm_pvm", F_OK) == 0)
        return "the host's KVM is kvm-pvm: real and 32-bit protected mode run in KVM's "
               "instruction emulator (arithmetic and flags on the host CPU), not natively";
    return NULL;
}

bool kside_fpu(struct kside *k, uint8_t fx[160])
{
    struct kvm_fpu f;
    if (ioctl(k->vcpu, KVM_GET_FPU, &f) < 0)
        return false;
    memset(fx, 0, 160);
    fx[0] = (uint8_t)f.fcw;
    fx[1] = (uint8_t)(f.fcw >> 8);
    fx[2] = (uint8_t)f.fsw;
    fx[3] = (uint8_t)(f.fsw >> 8);
    fx[4] = f.ftwx;
    fx[6] = (uint8_t)f.last_opcode;
    fx[7] = (uint8_t)(f.last_opcode >> 8);
    for (unsigned i = 0; i < 8; i++) {
        fx[8 + i] = (uint8_t)(f.last_ip >> (8 * i));
        fx[16 + i] = (uint8_t)(f.last_dp >> (8 * i));
    }
    for (unsigned i = 0; i < 8; i++)
        memcpy(fx + 32 + 16 * i, f.fpr[i], 10);
    return true;
}

bool kside_set_fpu(struct kside *k, const uint8_t fx[160])
{
    struct kvm_fpu f;
    memset(&f, 0, sizeof f);
    f.fcw = (uint16_t)(fx[0] | fx[1] << 8);
    f.fsw = (uint16_t)(fx[2] | fx[3] << 8);
    f.ftwx = fx[4];
    f.last_opcode = (uint16_t)(fx[6] | fx[7] << 8);
    for (unsigned i = 0; i < 8; i++) {
        f.last_ip |= (uint64_t)fx[8 + i] << (8 * i);
        f.last_dp |= (uint64_t)fx[16 + i] << (8 * i);
    }
    for (unsigned i = 0; i < 8; i++)
        memcpy(f.fpr[i], fx + 32 + 16 * i, 10);
    f.mxcsr = 0x1f80;
    return ioctl(k->vcpu, KVM_SET_FPU, &f) == 0;
}

static void to_kvm_seg(struct kvm_segment *k, const struct dt_seg *s)
{
    memset(k, 0, sizeof *k);
    k->base = s->base;
    k->limit = s->limit;
    k->selector = s->sel;
    k->type = s->attr & 0xf;
    k->s = (s->attr >> 4) & 1;
    k->dpl = (s->attr >> 5) & 3;
    k->present = (s->attr >> 7) & 1;
    k->avl = (s->attr >> 12) & 1;
    k->db = (s->attr >> 14) & 1;
    k->g = (s->attr >> 15) & 1;
    k->unusable = !k->present;
}

static void from_kvm_seg(struct dt_seg *s, const struct kvm_segment *k)
{
    s->sel = k->selector;
    s->base = (uint32_t)k->base;
    s->limit = k->limit;
    s->attr = (uint16_t)(k->type | (k->s << 4) | (k->dpl << 5) | (k->present << 7) |
                         (k->avl << 12) | (k->db << 14) | (k->g << 15));
}

void kside_run(struct kside *k, const struct dt_state *in, struct dt_outcome *out)
{
    struct kvm_sregs sr;
    struct kvm_regs rg;
    out->note[0] = 0;
    if (ioctl(k->vcpu, KVM_GET_SREGS, &sr) < 0) {
        out->end = DT_END_FAILED;
        NOTE(out, "KVM_GET_SREGS failed");
        return;
    }
    struct kvm_segment *segs[SEG_COUNT] = { &sr.es, &sr.cs, &sr.ss, &sr.ds, &sr.fs, &sr.gs };
    for (unsigned s = 0; s < SEG_COUNT; s++)
        to_kvm_seg(segs[s], &in->seg[s]);
    to_kvm_seg(&sr.tr, &in->tr);
    to_kvm_seg(&sr.ldt, &in->ldtr);
    sr.gdt.base = in->gdt_base;
    sr.gdt.limit = in->gdt_limit;
    sr.idt.base = in->idt_base;
    sr.idt.limit = in->idt_limit;
    sr.cr0 = in->cr0;
    sr.cr2 = in->cr2;
    sr.cr3 = in->cr3;
    sr.cr4 = in->cr4;
    sr.efer = 0;
    memset(sr.interrupt_bitmap, 0, sizeof sr.interrupt_bitmap);
    memset(&rg, 0, sizeof rg);
    __u64 *g[8] = { &rg.rax, &rg.rcx, &rg.rdx, &rg.rbx, &rg.rsp, &rg.rbp, &rg.rsi, &rg.rdi };
    for (unsigned r = 0; r < 8; r++)
        *g[r] = in->gpr[r];
    rg.rip = in->eip;
    rg.rflags = in->eflags | 2;
    /* Nothing left over from the previous run: no pending or injected
     * event, no interrupt shadow, no debug registers. */
    struct kvm_vcpu_events ev;
    memset(&ev, 0, sizeof ev);
    struct kvm_debugregs dr;
    memset(&dr, 0, sizeof dr);
    dr.dr6 = 0xffff0ff0u;
    dr.dr7 = 0x400;
    if (ioctl(k->vcpu, KVM_SET_VCPU_EVENTS, &ev) < 0 || ioctl(k->vcpu, KVM_SET_DEBUGREGS, &dr) < 0 ||
        ioctl(k->vcpu, KVM_SET_SREGS, &sr) < 0 || ioctl(k->vcpu, KVM_SET_REGS, &rg) < 0) {
        out->end = DT_END_FAILED;
        NOTE(out, "KVM_SET_SREGS/REGS failed: %s", strerror(errno));
        return;
    }
    unsigned escapes = 0;
    struct itimerval tv = { { 0, 0 }, { 1, 0 } };
    setitimer(ITIMER_REAL, &tv, NULL);
    for (;;) {
        int rc = ioctl(k->vcpu, KVM_RUN, 0);
        if (rc < 0 && errno == EINTR) {
            out->end = DT_END_STUCK;
            NOTE(out, "no HLT within a second");
            break;
        }
        if (rc < 0) {
            out->end = DT_END_FAILED;
            NOTE(out, "KVM_RUN failed: %s", strerror(errno));
            break;
        }
        struct kvm_run *r = k->run;
        if (r->exit_reason == KVM_EXIT_HLT) {
            out->end = DT_END_HALT;
            break;
        }
        if (r->exit_reason == KVM_EXIT_SHUTDOWN) {
            out->end = DT_END_SHUTDOWN;
            break;
        }
        /* Memory beyond RAM and ports behave as on Vireo's side (an empty
         * bus): reads return all ones, writes are dropped. */
        if (r->exit_reason == KVM_EXIT_MMIO && ++escapes < 4096) {
            if (!r->mmio.is_write)
                memset(r->mmio.data, 0xff, sizeof r->mmio.data);
            continue;
        }
        if (r->exit_reason == KVM_EXIT_IO && ++escapes < 4096) {
            if (r->io.direction == KVM_EXIT_IO_IN)
                memset((char *)r + r->io.data_offset, 0xff, (size_t)r->io.size * r->io.count);
            continue;
        }
        out->end = r->exit_reason == KVM_EXIT_MMIO || r->exit_reason == KVM_EXIT_IO
                       ? DT_END_STUCK : DT_END_FAILED;
        if (r->exit_reason == KVM_EXIT_MMIO || r->exit_reason == KVM_EXIT_IO)
            NOTE(out, "endless accesses outside RAM");
        else if (r->exit_reason == KVM_EXIT_INTERNAL_ERROR)
            NOTE(out, "KVM internal error, suberror %u", (unsigned)r->internal.suberror);
        else if (r->exit_reason == KVM_EXIT_FAIL_ENTRY)
            NOTE(out, "VM entry failed, reason %llx",
                 (unsigned long long)r->fail_entry.hardware_entry_failure_reason);
        else
            NOTE(out, "KVM exit reason %u", (unsigned)r->exit_reason);
        break;
    }
    struct itimerval off = { { 0, 0 }, { 0, 0 } };
    setitimer(ITIMER_REAL, &off, NULL);
    if (ioctl(k->vcpu, KVM_GET_REGS, &rg) < 0 || ioctl(k->vcpu, KVM_GET_SREGS, &sr) < 0) {
        out->end = DT_END_FAILED;
        NOTE(out, "KVM_GET_REGS/SREGS failed");
        return;
    }
    struct dt_state *st = &out->st;
    for (unsigned r = 0; r < 8; r++)
        st->gpr[r] = (uint32_t)*g[r];
    st->eip = (uint32_t)rg.rip;
    st->eflags = (uint32_t)rg.rflags;
    for (unsigned s = 0; s < SEG_COUNT; s++)
        from_kvm_seg(&st->seg[s], segs[s]);
    from_kvm_seg(&st->tr, &sr.tr);
    from_kvm_seg(&st->ldtr, &sr.ldt);
    st->cr0 = (uint32_t)sr.cr0;
    st->cr2 = (uint32_t)sr.cr2;
    st->cr3 = (uint32_t)sr.cr3;
    st->cr4 = (uint32_t)sr.cr4;
    st->gdt_base = (uint32_t)sr.gdt.base;
    st->gdt_limit = sr.gdt.limit;
    st->idt_base = (uint32_t)sr.idt.base;
    st->idt_limit = sr.idt.limit;
}

#else /* !DT_HAVE_KVM */

struct kside {
    int unused;
};

struct kside *kside_open(char *msg, size_t size)
{
    snprintf(msg, size, "KVM needs an x86 Linux host with <linux/kvm.h>");
    return NULL;
}

void kside_close(struct kside *k)
{
    (void)k;
}

uint8_t *kside_ram(struct kside *k)
{
    (void)k;
    return NULL;
}

void kside_run(struct kside *k, const struct dt_state *in, struct dt_outcome *out)
{
    (void)k;
    (void)in;
    out->end = DT_END_FAILED;
}

const char *kside_reference_note(const struct kside *k)
{
    (void)k;
    return NULL;
}

bool kside_fpu(struct kside *k, uint8_t fx[160])
{
    (void)k;
    (void)fx;
    return false;
}

bool kside_set_fpu(struct kside *k, const uint8_t fx[160])
{
    (void)k;
    (void)fx;
    return false;
}

#endif
