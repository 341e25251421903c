/* bios/post.c: the power-on self test's C steps (IBM PC/AT Technical
 * Reference, "POST"): shutdown-code dispatch, memory sizing, BDA and EBDA,
 * the interrupt vector table, 8259A/8254/8237 initialisation, CMOS checks,
 * port detection, option ROM scan, the banner; the bootstrap (INT 19h) and
 * INT 18h; the default handlers for unexpected interrupts, NMI and print
 * screen.  LIMITATION: no memory test (RAM is sized, not tested). */
#include <stdio.h>
#include <string.h>

#include "bios/bios_internal.h"
#include "devices/cmos.h"

#define IVT_SEG_ROM 0xF000u

static void ivt_set(struct cpu *c, unsigned vec, uint16_t seg, uint16_t off)
{
    mem_wr16(c, vec * 4u, off);
    mem_wr16(c, vec * 4u + 2, seg);
}

/* The interrupt vectors the ROM fills.  Legend: vector, offset in F000h
 * (0: from the ROM directory entry `dir`). */
static const struct {
    uint8_t vec;
    uint16_t off;
    int8_t dir;
} ivt_rom[] = {
    { 0x02, ROM_NMI, -1 },      { 0x05, ROM_INT05, -1 },    { 0x08, ROM_INT08, -1 },
    { 0x09, ROM_INT09, -1 },    { 0x0A, 0, ROMDIR_SPURIOUS }, { 0x0B, 0, ROMDIR_SPURIOUS },
    { 0x0C, 0, ROMDIR_SPURIOUS }, { 0x0D, 0, ROMDIR_SPURIOUS }, { 0x0E, ROM_INT0E, -1 },
    { 0x0F, 0, ROMDIR_SPURIOUS }, { 0x10, ROM_INT10, -1 },  { 0x11, ROM_INT11, -1 },
    { 0x12, ROM_INT12, -1 },    { 0x13, ROM_INT13, -1 },    { 0x14, ROM_INT14, -1 },
    { 0x15, ROM_INT15, -1 },    { 0x16, ROM_INT16, -1 },    { 0x17, ROM_INT17, -1 },
    { 0x18, 0, ROMDIR_INT18 },  { 0x19, ROM_INT19, -1 },    { 0x1A, ROM_INT1A, -1 },
    { 0x1D, ROM_VIDEO_PARMS, -1 }, { 0x1E, ROM_FDPT, -1 },  { 0x1F, 0, ROMDIR_FONT8X8_HI },
    { 0x40, ROM_INT40, -1 },    { 0x43, ROM_FONT8X8, -1 },  { 0x70, 0, ROMDIR_INT70 },
    { 0x71, 0, ROMDIR_INT71 },  { 0x72, 0, ROMDIR_SPURIOUS }, { 0x73, 0, ROMDIR_SPURIOUS },
    { 0x74, 0, ROMDIR_INT74 },  { 0x75, 0, ROMDIR_INT75 },  { 0x76, 0, ROMDIR_INT76 },
    { 0x77, 0, ROMDIR_SPURIOUS },
};

/* Every vector points at an IRET, except the user vectors 60h-67h, which
 * the AT leaves zero (EMS and other drivers are detected by them), and
 * the ROM's own handlers and data pointers above. */
static void post_ivt(struct bios *b, struct cpu *c)
{
    for (unsigned v = 0; v < 256; v++) {
        if (v >= 0x60 && v <= 0x67)
            ivt_set(c, v, 0, 0);
        else
            ivt_set(c, v, IVT_SEG_ROM, ROM_IRET);
    }
    for (size_t i = 0; i < sizeof ivt_rom / sizeof ivt_rom[0]; i++) {
        uint16_t off = ivt_rom[i].dir >= 0 ? rom_offset(b, (unsigned)ivt_rom[i].dir)
                                           : ivt_rom[i].off;
        ivt_set(c, ivt_rom[i].vec, IVT_SEG_ROM, off);
    }
}

/* 8259A pair: edge triggered, cascaded on IR2, vectors 08h and 70h, AT
 * fully nested mode; unmask the timer, cascade, diskette, RTC, mouse,
 * coprocessor and hard disk lines.  The keyboard line waits until the
 * keyboard controller is set up (POST_KBC_RESULT): after a warm reset its
 * command byte still enables IRQ1, and INT 09h would take the self test's
 * answer from under the polling POST code. */
static void post_pic(struct bios *b)
{
    static const uint8_t seq[][2] = {
        { 0x20, 0x11 }, { 0x21, 0x08 }, { 0x21, 0x04 }, { 0x21, 0x01 },
        { 0xA0, 0x11 }, { 0xA1, 0x70 }, { 0xA1, 0x02 }, { 0xA1, 0x01 },
        { 0x21, 0xBA }, { 0xA1, 0x8E },
    };
    for (size_t i = 0; i < sizeof seq / sizeof seq[0]; i++)
        io_out8(b, seq[i][0], seq[i][1]);
}

/* 8254: counter 0 mode 3 with 65536 (18.2 Hz), counter 1 refresh (mode 2,
 * 15 us), counter 2 a square wave for the speaker (896 Hz), gate off. */
static void post_pit(struct bios *b)
{
    static const uint8_t seq[][2] = {
        { 0x43, 0x36 }, { 0x40, 0x00 }, { 0x40, 0x00 },
        { 0x43, 0x54 }, { 0x41, 0x12 },
        { 0x43, 0xB6 }, { 0x42, 0x33 }, { 0x42, 0x05 },
    };
    for (size_t i = 0; i < sizeof seq / sizeof seq[0]; i++)
        io_out8(b, seq[i][0], seq[i][1]);
    io_out8(b, 0x61, (uint8_t)(io_in8(b, 0x61) & 0xFC));
}

/* 8237 pair: master clear, channel 4 cascades the first controller. */
static void post_dma(struct bios *b)
{
    io_out8(b, 0x0D, 0);
    io_out8(b, 0xDA, 0);
    io_out8(b, 0xD6, 0xC0);
    io_out8(b, 0xD4, 0x00);
    for (uint16_t p = 0x81; p <= 0x8F; p++)
        if (p != 0x84 && p != 0x85 && p != 0x86 && p != 0x88 && p != 0x8C && p != 0x8D &&
            p != 0x8E)
            io_out8(b, p, 0);
}

/* CMOS checks: battery (register D), checksum of 10h-2Dh, memory sizes;
 * the results go to the diagnostic byte 0Eh as the AT defines it. */
static bool post_cmos(struct bios *b, uint32_t base_kb, uint32_t ext_kb)
{
    uint8_t diag = 0;
    if (!(cmos_read(b, 0x0D) & 0x80))
        diag |= 0x80;                   /* real-time clock lost power */
    unsigned sum = 0;
    for (uint8_t i = 0x10; i <= 0x2D; i++)
        sum += cmos_read(b, i);
    unsigned stored = (unsigned)cmos_read(b, 0x2E) << 8 | cmos_read(b, 0x2F);
    bool valid = (sum & 0xffffu) == stored;
    if (!valid)
        diag |= 0x40;                   /* checksum bad */
    uint32_t cbase = (uint32_t)cmos_read(b, 0x16) << 8 | cmos_read(b, 0x15);
    uint32_t cext = (uint32_t)cmos_read(b, 0x18) << 8 | cmos_read(b, 0x17);
    if (valid && (cbase != base_kb || cext != (ext_kb > 0xffff ? 0xffff : ext_kb)))
        diag |= 0x10;                   /* memory size mismatch */
    /* Register A: 32.768 kHz time base, 1024 Hz rate; B: 24-hour, BCD,
     * no interrupts (AT defaults); reading C clears stale flags. */
    cmos_write(b, 0x0A, 0x26);
    cmos_write(b, 0x0B, (uint8_t)((cmos_read(b, 0x0B) & 0x06) | 0x02));
    (void)cmos_read(b, 0x0C);
    cmos_write(b, 0x0E, diag);
    if (diag)
        bios_log(b, LOG_WARN, "CMOS diagnostic status %02Xh%s%s%s", diag,
                 diag & 0x80 ? " (power lost)" : "", diag & 0x40 ? " (bad checksum)" : "",
                 diag & 0x10 ? " (memory size mismatch)" : "");
    return valid;
}

/* A serial port answers if its line control register keeps what we write;
 * a parallel port if its data latch does. */
static void post_ports(struct bios *b, struct cpu *c, unsigned *ncom, unsigned *nlpt)
{
    static const uint16_t com[4] = { 0x3F8, 0x2F8, 0x3E8, 0x2E8 };
    static const uint16_t lpt[3] = { 0x3BC, 0x378, 0x278 };
    *ncom = 0;
    for (unsigned i = 0; i < 4; i++) {
        io_out8(b, (uint16_t)(com[i] + 3), 0x03);
        if (io_in8(b, (uint16_t)(com[i] + 3)) != 0x03)
            continue;
        io_out8(b, (uint16_t)(com[i] + 1), 0x00);      /* no UART interrupts */
        bda_wr16(c, BDA_COM + 2 * *ncom, com[i]);
        bda_wr8(c, BDA_COM_TIMEOUT + *ncom, 1);
        (*ncom)++;
    }
    *nlpt = 0;
    for (unsigned i = 0; i < 3; i++) {
        io_out8(b, lpt[i], 0xAA);
        if (io_in8(b, lpt[i]) != 0xAA)
            continue;
        io_out8(b, lpt[i], 0x55);
        if (io_in8(b, lpt[i]) != 0x55)
            continue;
        io_out8(b, (uint16_t)(lpt[i] + 2), 0x0C);      /* not init, select */
        bda_wr16(c, BDA_LPT + 2 * *nlpt, lpt[i]);
        bda_wr8(c, BDA_LPT_TIMEOUT + *nlpt, 20);
        (*nlpt)++;
    }
}

static void post_init(struct bios *b, struct cpu *c)
{
    uint32_t ram_kb = b->d.ram_bytes / 1024;
    uint32_t base_kb = ram_kb < 640 ? ram_kb : 640;
    uint32_t ext_kb = ram_kb > 1024 ? ram_kb - 1024 : 0;
    uint16_t reset_flag = bda_rd16(c, BDA_RESET_FLAG);

    for (unsigned i = 0; i < 0x100; i += 4)
        bda_wr32(c, i, 0);
    bda_wr8(c, BDA_PRTSC_STATUS, 0);
    bda_wr16(c, BDA_RESET_FLAG, reset_flag);
    /* The EBDA: the top KiB of base memory. */
    uint16_t ebda_seg = (uint16_t)((base_kb - 1) * 64);
    bda_wr16(c, BDA_EBDA_SEG, ebda_seg);
    bda_wr16(c, BDA_MEM_KB, (uint16_t)(base_kb - 1));
    for (unsigned i = 0; i < EBDA_BYTES; i += 4)
        mem_wr32(c, far_lin(ebda_seg, i), 0);
    mem_wr8(c, far_lin(ebda_seg, EBDA_SIZE_KB), 1);

    post_ivt(b, c);
    post_pic(b);
    post_pit(b);
    post_dma(b);
    bool cmos_ok = post_cmos(b, base_kb, ext_kb);

    unsigned ncom, nlpt;
    post_ports(b, c, &ncom, &nlpt);
    unsigned nfloppy = floppy_drive_count(b);
    uint16_t equip = 0;
    if (nfloppy)
        equip |= 0x0001 | (uint16_t)((nfloppy - 1) << 6);
    if (b->d.cpu->cfg.has_fpu)
        equip |= 0x0002;
    if (video_present(b))
        equip |= 0x0020;                /* 80x25 colour */
    equip |= (uint16_t)(ncom << 9);
    equip |= (uint16_t)(nlpt << 14);
    bda_wr16(c, BDA_EQUIP, equip);
    if (cmos_ok && ((cmos_read(b, 0x14) >> 1) & 1) != (b->d.cpu->cfg.has_fpu ? 1 : 0))
        bios_log(b, LOG_INFO, "CMOS coprocessor bit disagrees with the CPU; using the CPU");

    keyboard_post(b, c);
    video_post(b, c);
    floppy_post(b, c);
    disk_post(b, c);
    b->next_rom = 0xC0000;
    b->boot_pos = 0;
}

/* What a reset with the CMOS shutdown code `code` asks for (IBM AT):
 * returns 0 full POST, 1 jump via 40:67, 2 IRET via 40:67 (SS:SP), 3 RETF. */
static unsigned post_shutdown(struct bios *b, uint8_t code)
{
    cmos_write(b, 0x0F, 0);
    switch (code) {
    case 0x05:                          /* flush the keyboard, EOI, jump */
        for (int i = 0; i < 16 && (io_in8(b, 0x64) & 1); i++)
            (void)io_in8(b, 0x60);
        io_out8(b, 0x20, 0x20);
        return 1;
    case 0x0A:
        return 1;
    case 0x09:                          /* return to a block move */
    case 0x0B:
        return 2;
    case 0x0C:
        return 3;
    default:                            /* 0-4, 6-8, others: power-on POST */
        return 0;
    }
}

static bool option_rom_next(struct bios *b, struct cpu *c)
{
    while (b->next_rom < ROM_BASE) {
        uint32_t a = b->next_rom;
        if (mem_rd16(c, a) != 0xAA55) {
            b->next_rom += 2048;
            continue;
        }
        uint32_t len = (uint32_t)mem_rd8(c, a + 2) * 512;
        if (len == 0 || a + len > ROM_BASE) {
            b->next_rom += 2048;
            continue;
        }
        uint8_t sum = 0;
        for (uint32_t i = 0; i < len; i++)
            sum = (uint8_t)(sum + mem_rd8(c, a + i));
        if (sum != 0) {
            bios_log(b, LOG_WARN, "option ROM at %05Xh: bad checksum, skipped", a);
            b->next_rom += 2048;
            continue;
        }
        b->next_rom = (a + len + 2047) & ~2047u;
        bios_set_sreg(c, SEG_ES, (uint16_t)(a >> 4));
        bios_log(b, LOG_INFO, "option ROM at %05Xh, %u bytes", a, len);
        return true;
    }
    return false;
}

static const char *floppy_name(uint8_t type)
{
    static const char *const names[] = { "none", "360K 5.25\"", "1.2M 5.25\"", "720K 3.5\"",
                                         "1.44M 3.5\"", "2.88M 3.5\"" };
    return type < 6 ? names[type] : "unknown";
}

/* The banner, in the EBDA's scratch area, for the ROM to print. */
static void post_banner(struct bios *b, struct cpu *c)
{
    char text[512];
    size_t n = 0;
    uint32_t ram_kb = b->d.ram_bytes / 1024;
    n += (size_t)snprintf(text + n, sizeof text - n,
                          "%s\r\nMemory: %uK base, %uK extended\r\n",
                          (const char *)rom_table(b, ROMDIR_VERSION),
                          (unsigned)bda_rd16(c, BDA_MEM_KB) + 1,
                          ram_kb > 1024 ? (unsigned)(ram_kb - 1024) : 0u);
    uint8_t ft = cmos_read(b, 0x10);
    for (unsigned u = 0; u < 2; u++) {
        uint8_t t = (uint8_t)(u == 0 ? ft >> 4 : ft & 15);
        if (t && n < sizeof text)
            n += (size_t)snprintf(text + n, sizeof text - n, "Floppy %c: %s\r\n", 'A' + u,
                                  floppy_name(t));
    }
    for (unsigned i = 0; i < b->hd_count && n < sizeof text; i++) {
        const struct disk_chs *g = &b->hd_lchs[i];
        uint64_t mb = disk_sectors(b->d.hd[b->hd_dep[i]]) / 2048;
        n += (size_t)snprintf(text + n, sizeof text - n,
                              "Hard disk %02Xh: %u MB, CHS %u/%u/%u\r\n", 0x80 + i,
                              (unsigned)mb, (unsigned)g->cyls, (unsigned)g->heads,
                              (unsigned)g->spt);
    }
    if (n < sizeof text)
        n += (size_t)snprintf(text + n, sizeof text - n, "\r\n");
    if (n >= sizeof text)
        n = sizeof text - 1;
    uint32_t lin = ebda_lin(c) + EBDA_SCRATCH;
    size_t max = EBDA_BYTES - EBDA_SCRATCH - 1;
    if (n > max)
        n = max;
    mem_write_block(c, lin, (const uint8_t *)text, (uint32_t)n);
    mem_wr8(c, lin + (uint32_t)n, 0);
    bios_set_sreg(c, SEG_ES, bda_rd16(c, BDA_EBDA_SEG));
    set_r16(c, REG_ESI, EBDA_SCRATCH);
}

bool svc_post(struct bios *b, struct cpu *c)
{
    switch (AL(c)) {
    case POST_SHUTDOWN:
        set_r8lo(c, REG_EAX, (uint8_t)post_shutdown(b, BL(c)));
        break;
    case POST_INIT:
        post_init(b, c);
        break;
    case POST_CLOCK:
        if (!clock_init_ticks(b, c)) {
            svc_retry(c, false);
            return true;
        }
        break;
    case POST_KBC_RESULT:
        b->post_kbc = BL(c);
        if (!(b->post_kbc & KBC_OK_SELFTEST))
            bios_log(b, LOG_WARN, "keyboard controller self test failed");
        else if (!(b->post_kbc & KBC_OK_KEYBOARD))
            bios_log(b, LOG_WARN, "no keyboard");
        if (b->post_kbc & KBC_OK_AUX)
            bda_wr16(c, BDA_EQUIP, (uint16_t)(bda_rd16(c, BDA_EQUIP) | 0x0004));
        io_out8(b, 0x21, (uint8_t)(io_in8(b, 0x21) & ~0x02));    /* IRQ1 on */
        break;
    case POST_VIDEO:
        if (!video_present(b)) {
            svc_no(c);
            return true;
        }
        break;
    case POST_NEXT_ROM:
        if (!option_rom_next(b, c)) {
            svc_no(c);
            return true;
        }
        break;
    case POST_BANNER:
        post_banner(b, c);
        break;
    case POST_DONE:
        /* Unmask NMI (port 70h bit 7) and leave the CMOS index harmless. */
        io_out8(b, 0x70, 0x0D);
        (void)io_in8(b, 0x71);
        break;
    default:
        return false;
    }
    svc_done(c);
    return true;
}

/* ---- INT 19h and INT 18h ---- */

static const char *drive_label(uint8_t dl, char buf[8])
{
    if (dl < 0x80)
        snprintf(buf, 8, "%c:", 'A' + dl);
    else
        snprintf(buf, 8, "%02Xh", dl);
    return buf;
}

/* The next drive of the boot order: 'a'/'b' diskettes, 'c'/'d'... hard
 * disks 80h, 81h...; drives that are not fitted are skipped. */
static bool boot_next(struct bios *b, uint8_t *dl)
{
    const char *order = b->d.boot_order != NULL && b->d.boot_order[0] ? b->d.boot_order : "ac";
    while (order[b->boot_pos] != '\0') {
        char l = order[b->boot_pos++];
        if (l >= 'A' && l <= 'Z')
            l = (char)(l - 'A' + 'a');
        if ((l == 'a' || l == 'b') && (unsigned)(l - 'a') < floppy_drive_count(b)) {
            *dl = (uint8_t)(l - 'a');
            return true;
        }
        if (l >= 'c' && l <= 'f' && (unsigned)(l - 'c') < b->hd_count) {
            *dl = (uint8_t)(0x80 + (l - 'c'));
            return true;
        }
    }
    return false;
}

static void boot_note(struct bios *b, const char *what)
{
    size_t n = strlen(b->boot_msg);
    if (n < sizeof b->boot_msg - 1)
        snprintf(b->boot_msg + n, sizeof b->boot_msg - n, "%s", what);
}

bool svc_boot(struct bios *b, struct cpu *c)
{
    char lbl[8], line[64];
    uint8_t dl;
    switch (AL(c)) {
    case BOOT_FIRST:
        b->boot_pos = 0;
        b->boot_msg[0] = '\0';
        /* fall through */
    case BOOT_NEXT:
        if (AL(c) == BOOT_NEXT && DL(c) != 0xFF) {
            snprintf(line, sizeof line, "%s read error. ", drive_label(DL(c), lbl));
            if (DL(c) != 0xFE)
                boot_note(b, line);
        }
        if (!boot_next(b, &dl)) {
            svc_no(c);
            return true;
        }
        set_r8lo(c, REG_EDX, dl);
        bios_log(b, LOG_INFO, "booting from drive %s", drive_label(dl, lbl));
        break;
    case BOOT_CHECK: {
        /* A boot sector ends in 55h AAh; refuse a blank one too. */
        uint16_t sig = mem_rd16(c, 0x7DFE);
        uint32_t first = mem_rd32(c, 0x7C00);
        if (sig != 0xAA55 || first == 0) {
            snprintf(line, sizeof line, "%s not bootable. ", drive_label(DL(c), lbl));
            boot_note(b, line);
            bios_log(b, LOG_INFO, "drive %s: no boot signature", lbl);
            set_r8lo(c, REG_EDX, 0xFE);     /* already noted */
            svc_no(c);
            return true;
        }
        break;
    }
    case BOOT_FAILED: {
        char text[256];
        int n = snprintf(text, sizeof text, "\r\nNo bootable disk. %s\r\n"
                         "Press a key to try again.\r\n", b->boot_msg);
        if (n < 0 || (size_t)n >= sizeof text)
            n = (int)sizeof text - 1;
        uint32_t lin = ebda_lin(c) + EBDA_SCRATCH;
        mem_write_block(c, lin, (const uint8_t *)text, (uint32_t)n);
        mem_wr8(c, lin + (uint32_t)n, 0);
        bios_set_sreg(c, SEG_ES, bda_rd16(c, BDA_EBDA_SEG));
        set_r16(c, REG_ESI, EBDA_SCRATCH);
        bios_log(b, LOG_WARN, "no bootable disk");
        break;
    }
    default:
        return false;
    }
    svc_done(c);
    return true;
}

/* ---- unexpected interrupts, NMI, print screen ---- */

/* IBM AT "D11": record the in-service level in 40:6B (FFh if none, so
 * a software INT), mask the line and end the interrupt. */
bool svc_spurious(struct bios *b, struct cpu *c)
{
    io_out8(b, 0x20, 0x0B);
    uint8_t isr = io_in8(b, 0x20);
    if (isr == 0) {
        bda_wr8(c, BDA_LAST_IRQ, 0xFF);
        return true;
    }
    if (isr & 0x04) {
        io_out8(b, 0xA0, 0x0B);
        uint8_t sisr = io_in8(b, 0xA0);
        if (sisr) {
            io_out8(b, 0xA1, (uint8_t)(io_in8(b, 0xA1) | sisr));
            io_out8(b, 0xA0, 0x20);
        }
        io_out8(b, 0x20, 0x20);
        bda_wr8(c, BDA_LAST_IRQ, isr);
        bios_log(b, LOG_INFO, "unexpected interrupt, slave ISR %02Xh", sisr);
        return true;
    }
    io_out8(b, 0x21, (uint8_t)(io_in8(b, 0x21) | (isr & ~0x04u)));
    io_out8(b, 0x20, 0x20);
    bda_wr8(c, BDA_LAST_IRQ, isr);
    bios_log(b, LOG_INFO, "unexpected interrupt, ISR %02Xh", isr);
    return true;
}

/* NMI: parity (port 61h bit 7) or I/O channel check (bit 6).  The AT
 * halts with a message; the coprocessor path (INT 75h) has neither bit. */
bool svc_nmi(struct bios *b, struct cpu *c)
{
    (void)c;
    uint8_t p61 = io_in8(b, 0x61);
    if (p61 & 0xC0)
        bios_log(b, LOG_ERROR, "NMI: %s check", p61 & 0x80 ? "parity" : "I/O channel");
    return true;
}

/* INT 05h: print the text screen on LPT1.  50:00 = 1 while printing,
 * 0 when done, FFh on a printer error. */
bool svc_prtsc(struct bios *b, struct cpu *c)
{
    if (bda_rd8(c, BDA_PRTSC_STATUS) == 1)
        return true;
    bda_wr8(c, BDA_PRTSC_STATUS, 1);
    unsigned cols = bda_rd16(c, BDA_VID_COLS);
    unsigned rows = bda_rd8(c, BDA_VID_ROWS) + 1u;
    uint8_t mode = bda_rd8(c, BDA_VID_MODE);
    bool text = mode <= 3 || mode == 7;
    uint32_t base = (mode == 7 ? 0xB0000u : 0xB8000u) + bda_rd16(c, BDA_VID_PAGE_START);
    uint8_t st = printer_out(b, c, 0, '\r');
    st |= printer_out(b, c, 0, '\n');
    for (unsigned r = 0; text && r < rows && !(st & 0x29); r++) {
        for (unsigned col = 0; col < cols && !(st & 0x29); col++) {
            uint8_t ch = mem_rd8(c, base + 2 * (r * cols + col));
            st |= printer_out(b, c, 0, ch ? ch : ' ');
        }
        st |= printer_out(b, c, 0, '\r');
        st |= printer_out(b, c, 0, '\n');
    }
    bda_wr8(c, BDA_PRTSC_STATUS, (st & 0x29) ? 0xFF : 0);
    return true;
}
