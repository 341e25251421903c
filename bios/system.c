/* bios/system.c: INT 15h system services (IBM PC/AT and PS/2 Technical
 * References; Phoenix/Intel for E801h and E820h): A20 gate (24xxh),
 * keyboard intercept (4Fh), event wait (83h), joystick (84h), block move
 * (87h), extended memory (88h, 8Ah, E801h, E881h, E820h), device busy and
 * interrupt complete (90h/91h), configuration (C0h, C1h), the PS/2 mouse
 * (C2h, mouse.c).  The wait of AH=86h runs in the ROM (svc_wait86).
 * LIMITATION: AH=89h (switch to protected mode) and APM (53h) answer
 * "not supported" (AH=86h, CF=1). */
#include "bios/bios_internal.h"
#include "mmu/physmem.h"

#define SMAP 0x534D4150u

static void ret_ok(struct bios *b, struct cpu *c)
{
    set_r8hi(c, REG_EAX, 0);
    frame_cf(b, c, false);
}

static void ret_err(struct bios *b, struct cpu *c, uint8_t ah)
{
    set_r8hi(c, REG_EAX, ah);
    frame_cf(b, c, true);
}

/* ---- A20 ---- */

static bool a20_on(struct bios *b)
{
    return (b->d.cpu->a20_mask & (1u << 20)) != 0;
}

static void kbc_write_outport(struct bios *b, uint8_t v)
{
    io_out8(b, 0x64, 0xD1);
    io_out8(b, 0x60, v);
}

/* The gate is the OR of port 92h bit 1 and the 8042 output port bit 1:
 * set or clear both, then look at what the CPU sees. */
static bool a20_set(struct bios *b, bool on)
{
    uint8_t p92 = io_in8(b, 0x92);
    bool has92 = p92 != 0xFF;
    if (has92)
        io_out8(b, 0x92, (uint8_t)((p92 & ~0x03u) | (on ? 0x02 : 0)));
    if (!on || a20_on(b) != on)
        kbc_write_outport(b, on ? 0xDF : 0xDD);
    return a20_on(b) == on;
}

static void int15_a20(struct bios *b, struct cpu *c)
{
    switch (AL(c)) {
    case 0x00:
    case 0x01:
        if (a20_set(b, AL(c) == 0x01))
            ret_ok(b, c);
        else
            ret_err(b, c, 0x01);
        return;
    case 0x02:
        set_r8lo(c, REG_EAX, a20_on(b) ? 1 : 0);
        ret_ok(b, c);
        return;
    case 0x03: {
        uint16_t bx = 0x0001;               /* keyboard controller */
        if (io_in8(b, 0x92) != 0xFF)
            bx |= 0x0002;                   /* port 92h */
        set_r16(c, REG_EBX, bx);
        ret_ok(b, c);
        return;
    }
    default:
        ret_err(b, c, 0x86);
    }
}

/* ---- block move (AH=87h) ---- */

static uint32_t desc_base_at(struct cpu *c, uint32_t lin)
{
    return (uint32_t)mem_rd16(c, lin + 2) | (uint32_t)mem_rd8(c, lin + 4) << 16 |
           (uint32_t)mem_rd8(c, lin + 7) << 24;
}

static uint32_t desc_limit_at(struct cpu *c, uint32_t lin)
{
    uint32_t limit = mem_rd16(c, lin) | (uint32_t)(mem_rd8(c, lin + 6) & 0x0F) << 16;
    if (mem_rd8(c, lin + 6) & 0x80)
        limit = limit << 12 | 0xFFF;
    return limit;
}

/* The AT BIOS switches to protected mode with the caller's GDT (ES:SI:
 * source descriptor at 10h, destination at 18h) and moves CX words; its
 * effect is a copy between the two physical (24- or 32-bit) addresses.
 * The copy is done here through physical memory, so it works the same
 * when a memory manager reflects the call from V86 mode. */
static void int15_block_move(struct bios *b, struct cpu *c)
{
    uint32_t gdt = far_lin(sreg(c, SEG_ES), SI(c));
    uint32_t words = CX(c);
    uint32_t src = desc_base_at(c, gdt + 0x10), dst = desc_base_at(c, gdt + 0x18);
    uint32_t bytes = words * 2;
    if (words > 0x8000 || (bytes && (bytes - 1 > desc_limit_at(c, gdt + 0x10) ||
                                     bytes - 1 > desc_limit_at(c, gdt + 0x18)))) {
        ret_err(b, c, 0x02);                /* the move would fault: exception error */
        frame_zf(b, c, false);
        return;
    }
    uint8_t buf[4096];
    for (uint32_t done = 0; done < bytes;) {
        uint32_t n = bytes - done < sizeof buf ? bytes - done : (uint32_t)sizeof buf;
        phys_read_block(b->d.mem, src + done, buf, n);
        phys_write_block(b->d.mem, dst + done, buf, n);
        done += n;
    }
    ret_ok(b, c);
    frame_zf(b, c, true);
}

/* ---- memory sizes ---- */

static uint32_t ext_kb(const struct bios *b)
{
    uint32_t kb = b->d.ram_bytes / 1024;
    return kb > 1024 ? kb - 1024 : 0;
}

static void int15_e801(struct bios *b, struct cpu *c, bool wide)
{
    uint32_t ext = ext_kb(b);
    uint32_t below16 = ext > 0x3C00 ? 0x3C00 : ext;
    uint32_t above16 = ext > 0x3C00 ? (ext - 0x3C00) / 64 : 0;
    if (wide) {
        c->gpr[REG_EAX] = c->gpr[REG_ECX] = below16;
        c->gpr[REG_EBX] = c->gpr[REG_EDX] = above16;
    } else {
        set_r16(c, REG_EAX, (uint16_t)below16);
        set_r16(c, REG_ECX, (uint16_t)below16);
        set_r16(c, REG_EBX, (uint16_t)above16);
        set_r16(c, REG_EDX, (uint16_t)above16);
    }
    frame_cf(b, c, false);
}

/* The E820h map: base memory, the EBDA, the ROM, extended memory, and the
 * ROM's alias below 4 GiB.  Legend: base, length, type (1 RAM, 2 reserved). */
static unsigned e820_map(const struct bios *b, struct cpu *c, uint64_t map[][3])
{
    unsigned n = 0;
    uint32_t ebda = (uint32_t)bda_rd16(c, BDA_EBDA_SEG) << 4;
    uint32_t ram_kb = b->d.ram_bytes / 1024;
    uint32_t base_end = ram_kb >= 640 ? 640u * 1024 : b->d.ram_bytes;
    if (ebda == 0 || ebda > base_end)
        ebda = base_end;
    map[n][0] = 0, map[n][1] = ebda, map[n][2] = 1, n++;
    if (ebda < base_end)
        map[n][0] = ebda, map[n][1] = base_end - ebda, map[n][2] = 2, n++;
    map[n][0] = ROM_BASE, map[n][1] = 0x100000 - ROM_BASE, map[n][2] = 2, n++;
    if (b->d.ram_bytes > 0x100000)
        map[n][0] = 0x100000, map[n][1] = b->d.ram_bytes - 0x100000u, map[n][2] = 1, n++;
    map[n][0] = 0x100000000ull - ROM_SIZE, map[n][1] = ROM_SIZE, map[n][2] = 2, n++;
    return n;
}

static void int15_e820(struct bios *b, struct cpu *c)
{
    uint64_t map[6][3];
    unsigned n = e820_map(b, c, map);
    uint32_t idx = c->gpr[REG_EBX];
    if (c->gpr[REG_EDX] != SMAP || idx >= n || c->gpr[REG_ECX] < 20) {
        ret_err(b, c, 0x86);
        return;
    }
    uint32_t lin = far_lin(sreg(c, SEG_ES), DI(c));
    uint8_t e[20];
    store_le32(e, (uint32_t)map[idx][0]);
    store_le32(e + 4, (uint32_t)(map[idx][0] >> 32));
    store_le32(e + 8, (uint32_t)map[idx][1]);
    store_le32(e + 12, (uint32_t)(map[idx][1] >> 32));
    store_le32(e + 16, (uint32_t)map[idx][2]);
    mem_write_block(c, lin, e, sizeof e);
    c->gpr[REG_EAX] = SMAP;
    c->gpr[REG_ECX] = 20;
    c->gpr[REG_EBX] = idx + 1 < n ? idx + 1 : 0;
    frame_cf(b, c, false);
}

/* ---- event wait (AH=83h) ---- */

static void int15_event_wait(struct bios *b, struct cpu *c)
{
    if (AL(c) == 0x01) {
        clock_cancel_wait(b, c);
        ret_ok(b, c);
        return;
    }
    if (bda_rd8(c, BDA_WAIT_FLAG) & 0x01) {
        ret_err(b, c, 0x80);                /* a wait is already active */
        return;
    }
    clock_start_wait(b, c, sreg(c, SEG_ES), BX(c), (uint32_t)CX(c) << 16 | DX(c));
    frame_cf(b, c, false);
}

/* ---- joystick (AH=84h) through the game port at 201h ---- */

static void int15_joystick(struct bios *b, struct cpu *c)
{
    uint8_t v = io_in8(b, 0x201);
    if (v == 0xFF) {                        /* no game port answers */
        ret_err(b, c, 0x86);
        return;
    }
    if (DX(c) == 0) {
        set_r8lo(c, REG_EAX, (uint8_t)(v & 0xF0));
        ret_ok(b, c);
        return;
    }
    /* LIMITATION: positions (DX=1) need the one-shots timed while virtual
     * time runs; not implemented: "not supported". */
    ret_err(b, c, 0x86);
}

bool svc_int15(struct bios *b, struct cpu *c)
{
    svc_done(c);
    switch (AH(c)) {
    case 0x24:
        int15_a20(b, c);
        break;
    case 0x4F:                              /* keyboard intercept: keep the key */
        frame_cf(b, c, true);
        break;
    case 0x80: case 0x81: case 0x82:        /* device open/close, program end */
    case 0x85:                              /* SysReq key */
    case 0x90: case 0x91:                   /* device busy, interrupt complete */
        ret_ok(b, c);
        break;
    case 0x83:
        int15_event_wait(b, c);
        break;
    case 0x84:
        int15_joystick(b, c);
        break;
    case 0x87:
        int15_block_move(b, c);
        break;
    case 0x88: {
        uint32_t ext = ext_kb(b);
        set_r16(c, REG_EAX, (uint16_t)(ext > 0xFFFF ? 0xFFFF : ext));
        frame_cf(b, c, false);
        break;
    }
    case 0x8A: {                            /* Phoenix: extended memory in DX:AX KiB */
        uint32_t ext = ext_kb(b);
        set_r16(c, REG_EAX, (uint16_t)ext);
        set_r16(c, REG_EDX, (uint16_t)(ext >> 16));
        frame_cf(b, c, false);
        break;
    }
    case 0xC0:
        bios_set_sreg(c, SEG_ES, 0xF000);
        set_r16(c, REG_EBX, ROM_CONFIG_TABLE);
        ret_ok(b, c);
        break;
    case 0xC1:
        bios_set_sreg(c, SEG_ES, bda_rd16(c, BDA_EBDA_SEG));
        frame_cf(b, c, false);
        break;
    case 0xC2:
        mouse_service(b, c);
        break;
    case 0xE8:
        if (AL(c) == 0x01 || AL(c) == 0x81) {
            int15_e801(b, c, AL(c) == 0x81);
        } else if (AL(c) == 0x20) {
            int15_e820(b, c);
        } else {
            ret_err(b, c, 0x86);
        }
        break;
    default:
        log_limited(b->d.log, &b->log_unknown, LOG_DEBUG, "bios",
                    "INT 15h AX=%04Xh not supported", AX(c));
        ret_err(b, c, 0x86);
        break;
    }
    return true;
}
