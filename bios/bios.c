/* bios/bios.c: the BIOS object: the ROM image (assembled from bios/rom.asm,
 * embedded by bios/local.mk), its mapping at E0000h and below 4 GiB, the
 * service-trap dispatcher and the helpers every service uses (registers,
 * the caller's IRET frame, guest memory through linear addresses). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bios/bios_internal.h"
#include "bios/rom_image.h"
#include "devices/cmos.h"
#include "mmu/physmem.h"

/* The traps.  Legend: service, handler, offset of the caller's IRET frame
 * from SS:SP when the stub executes the trap (0 for the entry stubs; the
 * INT 15h/86h wait pushes AX first). */
static const struct {
    bool (*fn)(struct bios *b, struct cpu *c);
    uint8_t frame_off;
} svc_table[SVC_COUNT] = {
    [SVC_POST] = { svc_post, 0 },
    [SVC_TIMER] = { svc_timer, 2 },
    [SVC_KBD_RAW] = { svc_kbd_raw, 2 },
    [SVC_KBD_SCAN] = { svc_kbd_scan, 2 },
    [SVC_INT10] = { svc_int10, 0 },
    [SVC_INT13] = { svc_int13, 0 },
    [SVC_INT14] = { svc_int14, 0 },
    [SVC_INT15] = { svc_int15, 0 },
    [SVC_INT16] = { svc_int16, 0 },
    [SVC_INT17] = { svc_int17, 0 },
    [SVC_INT1A] = { svc_int1a, 0 },
    [SVC_RTC_IRQ] = { svc_rtc_irq, 2 },
    [SVC_MOUSE_IRQ] = { svc_mouse_irq, 20 },
    [SVC_SPURIOUS] = { svc_spurious, 2 },
    [SVC_BOOT] = { svc_boot, 0 },
    [SVC_PRTSC] = { svc_prtsc, 2 },
    [SVC_NMI] = { svc_nmi, 2 },
    [SVC_WAIT86] = { svc_wait86, 2 },
    [SVC_INT40] = { svc_int40, 0 },
    [SVC_FLOPPY_IRQ] = { svc_floppy_irq, 2 },
};

static bool bios_trap(void *opaque, struct cpu *c, uint8_t service)
{
    struct bios *b = opaque;
    /* The services are 16-bit real-mode code: in protected mode proper the
     * trap is an undefined opcode, as on a ROM that was never meant for it. */
    if (service >= SVC_COUNT || svc_table[service].fn == NULL || c->mode == MODE_PROT)
        return false;
    b->frame_off = svc_table[service].frame_off;
    return svc_table[service].fn(b, c);
}

static int check_rom(struct bios *b, struct emu_err *err)
{
    static const char sig[ROMDIR_SIGNATURE_LEN] = "VIREO";
    if (vireo_bios_rom_size != ROM_IMAGE_SIZE || memcmp(b->img, sig, sizeof sig) != 0)
        return emu_fail(err, EMU_EFORMAT, "BIOS: the built-in ROM image is malformed");
    for (unsigned i = 0; i < ROMDIR_COUNT; i++)
        b->dir[i] = load_le16(b->img + ROMDIR_SIGNATURE_LEN + 2 * i);
    return 0;
}

/* The option ROM space C0000h-DFFFFh that no ROM occupies reads as an
 * empty bus (FFh), as on a board whose shadow RAM there is off: memory
 * managers look for such holes to put upper memory blocks in. */
#define OPTION_SPACE_BASE 0xC0000u
#define OPTION_SPACE_END 0xE0000u

static int map_empty_option_space(struct bios *b, struct emu_err *err)
{
    struct phys_mem *pm = b->d.mem;
    uint32_t a = OPTION_SPACE_BASE;
    while (a < OPTION_SPACE_END) {
        /* The next region at or after a, and whether a is inside one. */
        uint32_t next = OPTION_SPACE_END;
        bool inside = false;
        for (unsigned i = 0; i < pm->nregion; i++) {
            const struct phys_region *r = &pm->region[i];
            if (a - r->base < r->size) {
                inside = true;
                a = r->base + r->size;
                break;
            }
            if (r->base > a && r->base < next)
                next = r->base;
        }
        if (inside)
            continue;
        /* The first 64 KiB of our image (the E000h half) is all FFh. */
        for (uint32_t at = a; at < next; at += 0x10000) {
            uint32_t n = next - at < 0x10000 ? next - at : 0x10000;
            if (phys_map_rom(pm, at, b->rom, n, err) != 0)
                return -1;
        }
        a = next;
    }
    return 0;
}

struct bios *bios_create(const struct bios_deps *d, struct emu_err *err)
{
    if (d->cpu == NULL || d->mem == NULL || d->io == NULL) {
        emu_fail(err, EMU_EINVAL, "BIOS: a CPU, memory and port bus are required");
        return NULL;
    }
    if (d->ram_bytes < 64u * 1024) {
        emu_fail(err, EMU_EINVAL, "BIOS: %u bytes of RAM is too little (64 KiB at least)",
                 d->ram_bytes);
        return NULL;
    }
    struct bios *b = calloc(1, sizeof *b);
    if (b == NULL || (b->rom = malloc(ROM_SIZE)) == NULL) {
        free(b);
        emu_fail(err, EMU_ENOMEM, "out of memory");
        return NULL;
    }
    b->d = *d;
    memset(b->rom, 0xff, ROM_SIZE);
    memcpy(b->rom + (ROM_IMAGE_BASE - ROM_BASE), vireo_bios_rom, ROM_IMAGE_SIZE);
    b->img = b->rom + (ROM_IMAGE_BASE - ROM_BASE);
    if (check_rom(b, err) != 0 || map_empty_option_space(b, err) != 0 ||
        phys_map_rom(d->mem, ROM_BASE, b->rom, ROM_SIZE, err) != 0 ||
        phys_map_rom(d->mem, 0u - ROM_SIZE, b->rom, ROM_SIZE, err) != 0) {
        bios_destroy(b);
        return NULL;
    }
    struct cpu *c = d->cpu;
    c->bios_trap = bios_trap;
    c->bios_opaque = b;
    c->bios_trap_lo = ROM_IMAGE_BASE;
    c->bios_trap_hi = ROM_IMAGE_BASE + ROM_IMAGE_SIZE - 1;
    return b;
}

void bios_destroy(struct bios *b)
{
    if (b == NULL)
        return;
    free(b->rom);
    free(b);
}

void bios_reset(struct bios *b)
{
    memset(&b->fdp, 0, sizeof b->fdp);
    b->fd_call = (struct retry_slot){ 0 };
    b->fd_post_pending = false;
    b->beep_until = 0;
    b->wait_last = 0;
    b->kbd_led_stage = 0;
    b->kbd_cmd_stage = 0;
    b->beep = (struct retry_slot){ 0 };
    b->vbe_wait = (struct retry_slot){ 0 };
    b->serial = (struct retry_slot){ 0 };
    b->mouse_call = (struct retry_slot){ 0 };
    b->mouse_ntx = b->mouse_sent = b->mouse_nrx = b->mouse_want = 0;
    b->mouse_cmdbyte = 0;
    b->next_rom = 0;
    b->boot_pos = 0;
}

const uint8_t *bios_rom_bytes(const struct bios *b)
{
    return b->rom;
}

/* ---- helpers ---- */

void bios_log(struct bios *b, enum log_level lvl, const char *fmt, ...)
{
    if (b->d.log == NULL)
        return;
    va_list ap;
    va_start(ap, fmt);
    log_vmsg(b->d.log, lvl, "bios", fmt, ap);
    va_end(ap);
}

void bios_set_sreg(struct cpu *c, unsigned seg, uint16_t sel)
{
    cpu_load_seg_real(c, seg, sel);
}

void mem_read_block(struct cpu *c, uint32_t lin, uint8_t *buf, uint32_t n)
{
    uint32_t i = 0;
    while (i < n) {
        uint32_t a = lin + i;
        if (n - i >= 4 && (a & 3) == 0) {
            store_le32(buf + i, lin_read(c, a, 4));
            i += 4;
        } else {
            buf[i] = (uint8_t)lin_read(c, a, 1);
            i++;
        }
    }
}

void mem_write_block(struct cpu *c, uint32_t lin, const uint8_t *buf, uint32_t n)
{
    uint32_t i = 0;
    while (i < n) {
        uint32_t a = lin + i;
        if (n - i >= 4 && (a & 3) == 0) {
            lin_write(c, a, 4, load_le32(buf + i));
            i += 4;
        } else {
            lin_write(c, a, 1, buf[i]);
            i++;
        }
    }
}

void mem_probe_write(struct cpu *c, uint32_t lin, uint32_t n)
{
    if (n == 0)
        return;
    uint32_t last = lin + n - 1;
    for (uint32_t page = lin & ~0xfffu;; page += 0x1000) {
        mem_translate(c, page < lin ? lin : page, ACC_WRITE);
        if ((last & ~0xfffu) == page)
            break;
    }
}

/* At most two pieces: up to the end of the segment, then from offset 0. */
static uint32_t far_first(uint16_t off, uint32_t n)
{
    uint32_t room = 0x10000u - off;
    return n < room ? n : room;
}

void far_read_block(struct cpu *c, uint16_t seg, uint16_t off, uint8_t *buf, uint32_t n)
{
    uint32_t k = far_first(off, n);
    mem_read_block(c, far_lin(seg, off), buf, k);
    if (n > k)
        mem_read_block(c, far_lin(seg, 0), buf + k, n - k);
}

void far_write_block(struct cpu *c, uint16_t seg, uint16_t off, const uint8_t *buf, uint32_t n)
{
    uint32_t k = far_first(off, n);
    mem_write_block(c, far_lin(seg, off), buf, k);
    if (n > k)
        mem_write_block(c, far_lin(seg, 0), buf + k, n - k);
}

void far_probe_write(struct cpu *c, uint16_t seg, uint16_t off, uint32_t n)
{
    uint32_t k = far_first(off, n);
    mem_probe_write(c, far_lin(seg, off), k);
    if (n > k)
        mem_probe_write(c, far_lin(seg, 0), n - k);
}

uint32_t frame_lin(struct bios *b, struct cpu *c)
{
    const struct seg_cache *ss = &c->seg[SEG_SS];
    uint32_t sp = (ss->attr & SEG_ATTR_DB) ? c->gpr[REG_ESP] : (c->gpr[REG_ESP] & 0xffffu);
    uint32_t off = sp + b->frame_off;
    if (!(ss->attr & SEG_ATTR_DB))
        off &= 0xffffu;
    return ss->base + off;
}

void frame_flags(struct bios *b, struct cpu *c, uint16_t mask, uint16_t value)
{
    uint32_t lin = frame_lin(b, c) + 4;
    uint16_t f = mem_rd16(c, lin);
    mem_wr16(c, lin, (uint16_t)((f & ~mask) | (value & mask)));
}

void svc_done(struct cpu *c)
{
    cpu_set_eflags(c, 0, EFLAGS_CF);
}

void svc_retry(struct cpu *c, bool halt)
{
    cpu_set_eflags(c, EFLAGS_CF | (halt ? EFLAGS_ZF : 0), EFLAGS_CF | EFLAGS_ZF);
}

bool retry_begin(struct bios *b, struct cpu *c, struct retry_slot *s)
{
    uint32_t lin = frame_lin(b, c);
    if (s->active && s->frame_lin == lin)
        return false;
    s->active = true;
    s->frame_lin = lin;
    s->start_tick = bios_ticks(c);
    s->aux = 0;
    return true;
}

uint32_t bios_ticks(struct cpu *c)
{
    return bda_rd32(c, BDA_TICKS);
}

/* CMOS access through ports 70h/71h, keeping the NMI mask bit as it is. */
uint8_t cmos_read(struct bios *b, uint8_t index)
{
    uint8_t nmi = (b->d.cmos != NULL && cmos_nmi_masked(b->d.cmos)) ? 0x80 : 0;
    io_out8(b, 0x70, (uint8_t)(nmi | (index & 0x7f)));
    return io_in8(b, 0x71);
}

void cmos_write(struct bios *b, uint8_t index, uint8_t v)
{
    uint8_t nmi = (b->d.cmos != NULL && cmos_nmi_masked(b->d.cmos)) ? 0x80 : 0;
    io_out8(b, 0x70, (uint8_t)(nmi | (index & 0x7f)));
    io_out8(b, 0x71, v);
}
