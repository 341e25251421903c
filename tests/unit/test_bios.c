/* tests/unit/test_bios.c: our BIOS on a small PC (biosrig.h): the ROM's
 * layout, POST and the data areas it fills, the test programs of
 * tests/roms booted one by one, the keyboard through the 8042 (INT 09h)
 * with INT 16h reading the result, the INT 15h/4Fh intercept, Pause,
 * Ctrl-Break and Ctrl-Alt-Del, the PS/2 mouse through INT 74h, the boot
 * order and INT 18h, and, when the shared CI images are present, FreeDOS
 * (real mode and under JemmEx in V86 mode) and Linux 0.11. */
#include <check.h>

#include "bios/rom_defs.h"
#include "devices/ps2kbd.h"
#include "devices/ps2mouse.h"
#include "tests/unit/biosrig.h"
#include "util/le.h"

/* ---- helpers ---- */

static void fill_boot_floppy(uint64_t lba, uint8_t *sec)
{
    if (lba == 0)
        rig_boot_sector(sec);
    else
        for (unsigned i = 0; i < 512; i++)
            sec[i] = (uint8_t)(lba * 7 + i);
}

static struct rig *boot_floppy(void)
{
    struct rig *r = rig_new();
    char path[256];
    rig_make_image(r, "fd0.img", 1474560, fill_boot_floppy, path, sizeof path);
    struct rig_opts o = { .fd0 = path, .boot = "a" };
    rig_build(r, &o);
    rig_boot(r);
    return r;
}

static bool has_bytes(const uint8_t *data, size_t n, const char *what)
{
    size_t k = strlen(what);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(data + i, what, k) == 0)
            return true;
    return false;
}

static void idle(struct rig *r, uint64_t insns)
{
    rig_run(r, insns);
}

/* Press and release a key (with an optional modifier held around it). */
static void type_key(struct rig *r, enum pc_key mod, enum pc_key key)
{
    if (mod != PC_KEY_NONE) {
        kbc_key_event(r->kbc, mod, true);
        idle(r, 100000);
    }
    kbc_key_event(r->kbc, key, true);
    idle(r, 100000);
    kbc_key_event(r->kbc, key, false);
    idle(r, 100000);
    if (mod != PC_KEY_NONE) {
        kbc_key_event(r->kbc, mod, false);
        idle(r, 100000);
    }
}

/* INT 16h AH=ah: AX, and the flags it returned. */
static uint16_t int16(struct rig *r, uint8_t ah, uint16_t *flags)
{
    struct rig_regs in = { .eax = (uint32_t)ah << 8 }, out;
    ck_assert(rig_call(r, 0x16, &in, &out, 50000000));
    if (flags != NULL)
        *flags = out.flags;
    return (uint16_t)out.eax;
}

static uint16_t read_key(struct rig *r, uint8_t ah)
{
    uint16_t f;
    uint16_t k = int16(r, (uint8_t)(ah + 1), &f);      /* peek first: never wait */
    ck_assert_msg(!(f & EFLAGS_ZF), "no key in the buffer");
    (void)k;
    return int16(r, ah, NULL);
}

static bool buffer_empty(struct rig *r)
{
    uint16_t f;
    int16(r, 0x11, &f);
    return (f & EFLAGS_ZF) != 0;
}

/* ---- the ROM image ---- */

START_TEST(rom_layout)
{
    struct rig *r = rig_new();
    struct rig_opts o = { .boot = "a" };
    rig_build(r, &o);
    const uint8_t *rom = bios_rom_bytes(r->bios);
    const uint8_t *f = rom + 0x10000;           /* segment F000h */
    /* The E000h half is blank for memory managers. */
    for (unsigned i = 0; i < 0x10000; i++)
        ck_assert_uint_eq(rom[i], 0xFF);
    ck_assert_mem_eq(f, "VIREO", 6);
    /* Reset vector: JMP F000:E05B; model byte; date. */
    ck_assert_uint_eq(f[0xFFF0], 0xEA);
    ck_assert_uint_eq(load_le16(f + 0xFFF1), ROM_POST);
    ck_assert_uint_eq(load_le16(f + 0xFFF3), 0xF000);
    ck_assert_uint_eq(f[0xFFFE], 0xFC);
    ck_assert_uint_eq(f[0xFFF5 + 2], '/');
    ck_assert_uint_eq(f[ROM_IRET], 0xCF);
    uint8_t sum = 0;                            /* the 64 KiB sum to zero */
    for (unsigned i = 0; i < 0x10000; i++)
        sum = (uint8_t)(sum + f[i]);
    ck_assert_uint_eq(sum, 0);
    /* Entry points start with a jump or the service trap. */
    static const uint16_t entries[] = { ROM_INT13, ROM_INT19, ROM_INT14, ROM_INT16, ROM_INT09,
                                        ROM_INT40, ROM_INT0E, ROM_INT10, ROM_INT12, ROM_INT11,
                                        ROM_INT15, ROM_INT1A, ROM_INT08, ROM_INT05, ROM_POST };
    for (size_t i = 0; i < sizeof entries / sizeof entries[0]; i++)
        ck_assert_msg(f[entries[i]] == 0xE9 || f[entries[i]] == 0xEB,
                      "entry %04X starts with %02X", entries[i], f[entries[i]]);
    ck_assert_mem_eq(f + ROM_INT17, "\x0F\xFF", 2);
    ck_assert_uint_eq(f[ROM_INT17 + 2], 0xC0 + SVC_INT17);
    /* Diskette table and configuration table. */
    ck_assert_uint_eq(f[ROM_FDPT + 4], 18);
    ck_assert_uint_eq(load_le16(f + ROM_CONFIG_TABLE), 8);
    ck_assert_uint_eq(f[ROM_CONFIG_TABLE + 2], 0xFC);
    /* The 8x8 font at FA6Eh is the first half of the full one. */
    uint16_t full = load_le16(f + 6 + 2 * ROMDIR_FONT8X8);
    ck_assert_mem_eq(f + ROM_FONT8X8, f + full, 1024);
    ck_assert_uint_eq(load_le16(f + 6 + 2 * ROMDIR_FONT8X8_HI), full + 1024);
    /* A is drawn, space is blank, full block is full, in every font. */
    static const unsigned heights[3] = { 8, 14, 16 };
    static const unsigned dirs[3] = { ROMDIR_FONT8X8, ROMDIR_FONT8X14, ROMDIR_FONT8X16 };
    for (unsigned k = 0; k < 3; k++) {
        const uint8_t *font = f + load_le16(f + 6 + 2 * dirs[k]);
        unsigned h = heights[k], ink = 0;
        for (unsigned y = 0; y < h; y++) {
            ink |= font['A' * h + y];
            ck_assert_uint_eq(font[' ' * h + y], 0);
            ck_assert_uint_eq(font[0xDB * h + y], 0xFF);
        }
        ck_assert_uint_ne(ink, 0);
    }
    /* The video parameter table: mode 3 (400 lines) has misc 67h, CRTC 09h 4Fh. */
    const uint8_t *vpt = f + load_le16(f + 6 + 2 * ROMDIR_VPARMS) + VPT_MODE23_400 * 64;
    ck_assert_uint_eq(vpt[0], 80);
    ck_assert_uint_eq(vpt[9], 0x67);
    ck_assert_uint_eq(vpt[10 + 9], 0x4F);
    /* The service trap range covers segment F000h. */
    ck_assert_uint_eq(r->cpu->bios_trap_lo, 0xF0000);
    ck_assert_uint_eq(r->cpu->bios_trap_hi, 0xFFFFF);
    /* Unused option ROM space reads as an empty bus. */
    ck_assert_uint_eq(phys_read32(&r->mem, 0xC8000), 0xFFFFFFFFu);
    ck_assert_uint_eq(phys_read32(&r->mem, 0xFFFFFFF0), load_le32(f + 0xFFF0));
    rig_free(r);
}
END_TEST

START_TEST(post_data_areas)
{
    struct rig *r = boot_floppy();
    ck_assert_uint_eq(rig_rd16(r, 0x413), 639);
    ck_assert_uint_eq(rig_rd16(r, 0x40E), 0x9FC0);
    ck_assert_uint_eq(rig_rd8(r, 0x9FC00), 1);
    ck_assert_uint_eq(rig_rd16(r, 0x400), 0x3F8);         /* COM1 found */
    ck_assert_uint_eq(rig_rd16(r, 0x408), 0);             /* no printer */
    uint16_t equip = rig_rd16(r, 0x410);
    ck_assert_uint_eq(equip & 0x0001, 1);                 /* diskette */
    ck_assert_uint_eq((equip >> 6) & 3, 0);               /* one drive: A: */
    ck_assert_uint_eq(equip & 0x0002, 2);                 /* coprocessor */
    ck_assert_uint_eq(equip & 0x0004, 4);                 /* PS/2 mouse port */
    ck_assert_uint_eq(equip & 0x0030, 0x20);              /* 80x25 colour */
    ck_assert_uint_eq((equip >> 9) & 7, 1);               /* one serial port */
    /* The tick count matches the RTC start (22:13:20 UTC). */
    uint32_t ticks = rig_rd32(r, 0x46C);
    uint32_t want = (uint32_t)(80000ull * 1193180 / 65536);
    ck_assert_uint_ge(ticks, want);
    ck_assert_uint_le(ticks, want + 18);
    /* The boot sector came through INT 13h; the drive state is recorded. */
    ck_assert_uint_eq(rig_rd8(r, 0x441), 0);
    ck_assert_uint_eq(rig_rd8(r, 0x490), 0x17);
    ck_assert_uint_eq(r->cpu->gpr[REG_EDX] & 0xFF, 0x00);  /* DL = boot drive */
    /* The 8259As: vectors 08h/70h (the timer's IRQ comes as INT 08h). */
    ck_assert_uint_gt(rig_rd32(r, 0x46C), 0);
    /* The banner is on the screen. */
    struct vga_text *t = calloc(1, sizeof *t);
    ck_assert_ptr_nonnull(t);
    vga_text_capture(r->vga, t);
    ck_assert_uint_eq(t->cols, 80);
    ck_assert_uint_eq(t->rows, 25);
    ck_assert_mem_eq(t->ch[0], "Vireo BIOS", 10);
    ck_assert_mem_eq(t->ch[2], "Floppy A: 1.44M 3.5\"", 20);
    ck_assert_uint_eq(t->ch[3][0], ' ');                  /* no B: line */
    free(t);
    rig_free(r);
}
END_TEST

/* INT 13h AH=08h for A: and B:; CF, AX, BL, DL (drives). */
static void fd_params(struct rig *r, uint8_t dl, struct rig_regs *out)
{
    struct rig_regs in = { .eax = 0x0800, .edx = dl };
    ck_assert(rig_call(r, 0x13, &in, out, 50000000));
}

/* A board with drive B: (--fdb): CMOS 10h, the equipment word, the
 * banner and INT 13h report two drives; without it (above and here) one. */
START_TEST(floppy_drive_count)
{
    for (int two = 0; two <= 1; two++) {
        struct rig *r = rig_new();
        char path[256];
        rig_make_image(r, "fd0.img", 1474560, fill_boot_floppy, path, sizeof path);
        struct rig_opts o = { .fd0 = path, .boot = "a", .fd1_drive = two != 0 };
        rig_build(r, &o);
        rig_boot(r);
        ck_assert_uint_eq((rig_rd16(r, 0x410) >> 6) & 3, (unsigned)two);
        struct rig_regs out;
        fd_params(r, 0, &out);
        ck_assert_uint_eq(out.edx & 0xFF, two ? 2 : 1);       /* DL: drives */
        ck_assert_uint_eq(out.ebx & 0xFF, 4);                 /* A: 1.44M */
        fd_params(r, 1, &out);
        ck_assert_uint_eq(out.ebx & 0xFF, two ? 4 : 0);       /* B: 1.44M or none */
        struct vga_text *t = calloc(1, sizeof *t);
        ck_assert_ptr_nonnull(t);
        vga_text_capture(r->vga, t);
        ck_assert_mem_eq(t->ch[2], "Floppy A: 1.44M 3.5\"", 20);
        if (two)
            ck_assert_mem_eq(t->ch[3], "Floppy B: 1.44M 3.5\"", 20);
        else
            ck_assert_uint_eq(t->ch[3][0], ' ');
        free(t);
        rig_free(r);
    }
}
END_TEST

/* ---- the test programs of tests/roms ---- */

static const char *const rom_names[] = { "post", "disk", "hdisk", "video", "keyboard",
                                         "system", "time", "serial", "vbe" };

START_TEST(rom_program)
{
    const char *name = rom_names[_i];
    const char *top = getenv("top_builddir") ? getenv("top_builddir") : ".";
    char img[512];
    snprintf(img, sizeof img, "%s/tests/roms/%s.img", top, name);
    FILE *f = fopen(img, "rb");
    ck_assert_msg(f != NULL, "missing %s (make check builds it)", img);
    fclose(f);
    struct rig *r = rig_new();
    char hd[256];
    struct rig_opts o = { .fd0 = img, .fd0_snapshot = true, .boot = "a", .ram_mb = 32 };
    if (strcmp(name, "hdisk") == 0) {
        rig_make_image(r, "hd.img", 4032 * 512, NULL, hd, sizeof hd);
        o.hd0 = hd;
    }
    rig_build(r, &o);
    rig_run(r, 3000000000ull);
    ck_assert_msg(r->exit_status == 0 && strstr(r->text, "ROM-TEST PASS\n") != NULL &&
                  strstr(r->text, "\nFAIL") == NULL,
                  "%s: exit %d, log:\n%s", name, r->exit_status, r->text);
    if (strcmp(name, "serial") == 0) {
        const uint8_t *data;
        size_t n = uart_tx_captured(r->com1, &data);
        ck_assert(has_bytes(data, n, "SERIAL-OK"));
    }
    rig_free(r);
}
END_TEST

/* ---- the keyboard through INT 09h ---- */

START_TEST(kbd_letters_shift_ctrl_alt)
{
    struct rig *r = boot_floppy();
    type_key(r, PC_KEY_NONE, PC_KEY_A);
    ck_assert_uint_eq(read_key(r, 0x00), 0x1E61);
    type_key(r, PC_KEY_LEFT_SHIFT, PC_KEY_A);
    ck_assert_uint_eq(read_key(r, 0x00), 0x1E41);
    type_key(r, PC_KEY_RIGHT_SHIFT, PC_KEY_2);
    ck_assert_uint_eq(read_key(r, 0x00), 0x0340);
    type_key(r, PC_KEY_LEFT_CTRL, PC_KEY_C);
    ck_assert_uint_eq(read_key(r, 0x00), 0x2E03);
    type_key(r, PC_KEY_LEFT_ALT, PC_KEY_X);
    ck_assert_uint_eq(read_key(r, 0x00), 0x2D00);
    type_key(r, PC_KEY_NONE, PC_KEY_F1);
    ck_assert_uint_eq(read_key(r, 0x00), 0x3B00);
    type_key(r, PC_KEY_LEFT_SHIFT, PC_KEY_F1);
    ck_assert_uint_eq(read_key(r, 0x00), 0x5400);
    type_key(r, PC_KEY_NONE, PC_KEY_ENTER);
    ck_assert_uint_eq(read_key(r, 0x00), 0x1C0D);
    type_key(r, PC_KEY_NONE, PC_KEY_BACKSPACE);
    ck_assert_uint_eq(read_key(r, 0x00), 0x0E08);
    type_key(r, PC_KEY_NONE, PC_KEY_ESC);
    ck_assert_uint_eq(read_key(r, 0x00), 0x011B);
    /* Right Ctrl and Right Alt are E0-prefixed and tracked in 40:96. */
    kbc_key_event(r->kbc, PC_KEY_RIGHT_CTRL, true);
    idle(r, 100000);
    ck_assert_uint_eq(rig_rd8(r, 0x496) & 0x04, 0x04);
    ck_assert_uint_eq(rig_rd8(r, 0x417) & 0x04, 0x04);
    ck_assert_uint_eq(int16(r, 0x12, NULL) & 0x0404, 0x0404);
    kbc_key_event(r->kbc, PC_KEY_RIGHT_CTRL, false);
    idle(r, 100000);
    ck_assert_uint_eq(rig_rd8(r, 0x417) & 0x04, 0);
    ck_assert(buffer_empty(r));
    rig_free(r);
}
END_TEST

START_TEST(kbd_enhanced_keys)
{
    struct rig *r = boot_floppy();
    type_key(r, PC_KEY_NONE, PC_KEY_UP);
    ck_assert_uint_eq(read_key(r, 0x10), 0x48E0);
    type_key(r, PC_KEY_NONE, PC_KEY_UP);
    ck_assert_uint_eq(read_key(r, 0x00), 0x4800);
    type_key(r, PC_KEY_NONE, PC_KEY_F11);
    ck_assert_uint_eq(read_key(r, 0x10), 0x8500);
    type_key(r, PC_KEY_NONE, PC_KEY_KP_ENTER);
    ck_assert_uint_eq(read_key(r, 0x10), 0xE00D);
    type_key(r, PC_KEY_NONE, PC_KEY_KP_DIVIDE);
    ck_assert_uint_eq(read_key(r, 0x00), 0x352F);
    type_key(r, PC_KEY_LEFT_CTRL, PC_KEY_RIGHT);
    ck_assert_uint_eq(read_key(r, 0x10), 0x74E0);
    type_key(r, PC_KEY_LEFT_ALT, PC_KEY_DELETE);
    ck_assert_uint_eq(read_key(r, 0x10), 0xA300);
    rig_free(r);
}
END_TEST

START_TEST(kbd_locks_and_leds)
{
    struct rig *r = boot_floppy();
    struct ps2kbd *kbd = kbc_keyboard(r->kbc);
    type_key(r, PC_KEY_NONE, PC_KEY_CAPS_LOCK);
    idle(r, 500000);
    ck_assert_uint_eq(rig_rd8(r, 0x417) & 0x40, 0x40);
    ck_assert_uint_eq(rig_rd8(r, 0x497) & 0x47, 0x04);    /* LED caps on, update done */
    ck_assert_uint_eq(ps2kbd_leds(kbd), 0x04);
    type_key(r, PC_KEY_NONE, PC_KEY_A);
    ck_assert_uint_eq(read_key(r, 0x00), 0x1E41);
    type_key(r, PC_KEY_LEFT_SHIFT, PC_KEY_A);
    ck_assert_uint_eq(read_key(r, 0x00), 0x1E61);
    type_key(r, PC_KEY_NONE, PC_KEY_1);                    /* caps lock leaves digits alone */
    ck_assert_uint_eq(read_key(r, 0x00), 0x0231);
    type_key(r, PC_KEY_NONE, PC_KEY_CAPS_LOCK);
    idle(r, 500000);
    ck_assert_uint_eq(ps2kbd_leds(kbd), 0x00);
    /* Num Lock: the keypad gives digits, with Shift cursor keys again. */
    type_key(r, PC_KEY_NONE, PC_KEY_KP_8);
    ck_assert_uint_eq(read_key(r, 0x00), 0x4800);
    type_key(r, PC_KEY_NONE, PC_KEY_NUM_LOCK);
    idle(r, 500000);
    ck_assert_uint_eq(ps2kbd_leds(kbd), 0x02);
    type_key(r, PC_KEY_NONE, PC_KEY_KP_8);
    ck_assert_uint_eq(read_key(r, 0x00), 0x4838);
    type_key(r, PC_KEY_LEFT_SHIFT, PC_KEY_KP_8);
    ck_assert_uint_eq(read_key(r, 0x00), 0x4800);
    type_key(r, PC_KEY_NONE, PC_KEY_SCROLL_LOCK);
    idle(r, 500000);
    ck_assert_uint_eq(ps2kbd_leds(kbd), 0x03);
    ck_assert_uint_eq(int16(r, 0x02, NULL) & 0xFF, 0x30);
    /* Insert toggles 40:17 bit 7 and is a key too. */
    type_key(r, PC_KEY_NONE, PC_KEY_INSERT);
    ck_assert_uint_eq(read_key(r, 0x10), 0x52E0);
    ck_assert_uint_eq(rig_rd8(r, 0x417) & 0x80, 0x80);
    rig_free(r);
}
END_TEST

START_TEST(kbd_alt_keypad)
{
    struct rig *r = boot_floppy();
    kbc_key_event(r->kbc, PC_KEY_LEFT_ALT, true);
    idle(r, 100000);
    type_key(r, PC_KEY_NONE, PC_KEY_KP_1);
    type_key(r, PC_KEY_NONE, PC_KEY_KP_2);
    type_key(r, PC_KEY_NONE, PC_KEY_KP_3);
    ck_assert(buffer_empty(r));
    kbc_key_event(r->kbc, PC_KEY_LEFT_ALT, false);
    idle(r, 100000);
    ck_assert_uint_eq(read_key(r, 0x00), 0x007B);
    rig_free(r);
}
END_TEST

START_TEST(kbd_ctrl_break)
{
    struct rig *r = boot_floppy();
    type_key(r, PC_KEY_NONE, PC_KEY_B);
    type_key(r, PC_KEY_LEFT_CTRL, PC_KEY_PAUSE);           /* Ctrl-Break */
    ck_assert_uint_eq(rig_rd8(r, 0x471), 0x80);
    ck_assert_uint_eq(read_key(r, 0x00), 0x0000);          /* the buffer was emptied first */
    ck_assert(buffer_empty(r));
    rig_free(r);
}
END_TEST

START_TEST(kbd_pause)
{
    struct rig *r = boot_floppy();
    uint64_t ticks0 = rig_rd32(r, 0x46C);
    type_key(r, PC_KEY_NONE, PC_KEY_PAUSE);
    ck_assert_uint_eq(rig_rd8(r, 0x418) & 0x08, 0x08);
    /* Paused: the interrupted program does not run, time still does. */
    uint32_t eip = r->cpu->eip;
    ck_assert_uint_ne(r->cpu->seg[SEG_CS].base + eip, 0x7C02);
    idle(r, 5000000);
    ck_assert_uint_gt(rig_rd32(r, 0x46C), ticks0);
    type_key(r, PC_KEY_NONE, PC_KEY_A);                     /* ends the pause, is dropped */
    ck_assert_uint_eq(rig_rd8(r, 0x418) & 0x08, 0);
    ck_assert(buffer_empty(r));
    rig_free(r);
}
END_TEST

START_TEST(kbd_intercept)
{
    struct rig *r = boot_floppy();
    /* An INT 15h hook at 0:0700 that turns A (1Eh) into B (30h):
     * cmp ah,4Fh; jne old; cmp al,1Eh; jne old; mov al,30h; old: jmp far F000:F859 */
    static const uint8_t hook[] = { 0x80, 0xFC, 0x4F, 0x75, 0x06, 0x3C, 0x1E, 0x75, 0x02,
                                    0xB0, 0x30, 0xEA, 0x59, 0xF8, 0x00, 0xF0 };
    phys_write_block(&r->mem, 0x700, hook, sizeof hook);
    phys_write16(&r->mem, 0x15 * 4, 0x700);
    phys_write16(&r->mem, 0x15 * 4 + 2, 0);
    type_key(r, PC_KEY_NONE, PC_KEY_A);
    ck_assert_uint_eq(read_key(r, 0x00), 0x3062);
    rig_free(r);
}
END_TEST

START_TEST(kbd_ctrl_alt_del)
{
    struct rig *r = boot_floppy();
    kbc_key_event(r->kbc, PC_KEY_LEFT_CTRL, true);
    kbc_key_event(r->kbc, PC_KEY_LEFT_ALT, true);
    kbc_key_event(r->kbc, PC_KEY_DELETE, true);
    /* The BIOS marks a warm boot and pulses the reset line; POST runs
     * again and boots the floppy. */
    ck_assert(rig_run(r, 200000000ull));
    ck_assert_uint_ge(r->resets, 1);
    ck_assert_uint_eq(rig_rd16(r, 0x472), 0x1234);
    ck_assert_uint_eq(r->cpu->seg[SEG_CS].base + r->cpu->eip, 0x7C02);
    rig_free(r);
}
END_TEST

/* ---- the PS/2 mouse through INT 74h ---- */

START_TEST(mouse_packets)
{
    struct rig *r = boot_floppy();
    /* Handler at 0:0800: push bp; mov bp,sp; copy status/x/y to 0:0900;
     * inc byte [0904h]; pop bp; retf. */
    static const uint8_t handler[] = {
        0x55, 0x89, 0xE5,                               /* push bp; mov bp, sp */
        0x8B, 0x46, 0x0C, 0xA2, 0x00, 0x09,             /* mov ax,[bp+12]; mov [900h],al */
        0x8B, 0x46, 0x0A, 0xA2, 0x01, 0x09,             /* X -> [901h] */
        0x8B, 0x46, 0x08, 0xA2, 0x02, 0x09,             /* Y -> [902h] */
        0xFE, 0x06, 0x04, 0x09,                         /* inc byte [904h] */
        0x5D, 0xCB,                                     /* pop bp; retf */
    };
    phys_write_block(&r->mem, 0x800, handler, sizeof handler);
    struct rig_regs in = { 0 }, out;
    in.eax = 0xC205;
    in.ebx = 0x0300;                                    /* 3-byte packets */
    ck_assert(rig_call(r, 0x15, &in, &out, 50000000));
    ck_assert_uint_eq(out.flags & EFLAGS_CF, 0);
    in.eax = 0xC207;
    in.ebx = 0x0800;
    in.es = 0;
    ck_assert(rig_call(r, 0x15, &in, &out, 50000000));
    in.eax = 0xC200;
    in.ebx = 0x0100;
    ck_assert(rig_call(r, 0x15, &in, &out, 50000000));
    ck_assert_uint_eq(out.flags & EFLAGS_CF, 0);
    kbc_mouse_event(r->kbc, 5, -3, 0, PS2MOUSE_LEFT);   /* right 5, up 3 */
    idle(r, 2000000);
    ck_assert_uint_eq(rig_rd8(r, 0x904), 1);
    ck_assert_uint_eq(rig_rd8(r, 0x900) & 0x09, 0x09);  /* always-1 bit, left button */
    ck_assert_uint_eq(rig_rd8(r, 0x901), 5);
    ck_assert_uint_eq(rig_rd8(r, 0x902), 3);            /* PS/2 Y counts up */
    rig_free(r);
}
END_TEST

/* ---- boot order, INT 18h ---- */

static void fill_not_bootable(uint64_t lba, uint8_t *sec)
{
    (void)lba;
    memset(sec, 0xE5, 512);
}

START_TEST(boot_fallthrough_to_int18)
{
    struct rig *r = rig_new();
    char path[256], hd[256];
    rig_make_image(r, "fd0.img", 1474560, fill_not_bootable, path, sizeof path);
    rig_make_image(r, "hd.img", 4032 * 512, fill_boot_floppy, hd, sizeof hd);
    /* The floppy has no signature: the hard disk boots (order "ac"). */
    struct rig_opts o = { .fd0 = path, .hd0 = hd, .boot = "ac" };
    rig_build(r, &o);
    rig_boot(r);
    ck_assert_uint_eq(r->cpu->gpr[REG_EDX] & 0xFF, 0x80);
    rig_free(r);

    /* Nothing bootable: INT 18h says so and waits for a key. */
    r = rig_new();
    rig_make_image(r, "fd0.img", 1474560, fill_not_bootable, path, sizeof path);
    struct rig_opts o2 = { .fd0 = path, .boot = "a" };
    rig_build(r, &o2);
    ck_assert(!rig_run(r, 30000000));
    struct vga_text *t = calloc(1, sizeof *t);
    ck_assert_ptr_nonnull(t);
    vga_text_capture(r->vga, t);
    char *text = malloc(20000);
    ck_assert_ptr_nonnull(text);
    vga_text_format(t, text, 20000);
    ck_assert_msg(strstr(text, "No bootable disk") != NULL, "%s", text);
    ck_assert_msg(strstr(text, "A: not bootable") != NULL, "%s", text);
    free(text);
    free(t);
    rig_free(r);
}
END_TEST

/* ---- diskette media changes and write protection ---- */

static void fill_other_floppy(uint64_t lba, uint8_t *sec)
{
    for (unsigned i = 0; i < 512; i++)
        sec[i] = (uint8_t)(lba + 0x40);
}

/* INT 13h with the registers given; returns the output registers. */
static struct rig_regs int13(struct rig *r, uint16_t ax, uint16_t bx, uint16_t cx, uint16_t dx)
{
    struct rig_regs in = { .eax = ax, .ebx = bx, .ecx = cx, .edx = dx }, out;
    ck_assert(rig_call(r, 0x13, &in, &out, 200000000));
    return out;
}

START_TEST(floppy_change_line)
{
    struct rig *r = boot_floppy();
    struct rig_regs o = int13(r, 0x1600, 0, 0, 0x0000);
    ck_assert_uint_eq(o.flags & EFLAGS_CF, 0);
    ck_assert_uint_eq((o.eax >> 8) & 0xFF, 0x00);
    /* Swap the diskette. */
    char path[256];
    rig_make_image(r, "other.img", 1474560, fill_other_floppy, path, sizeof path);
    struct disk_image *old = fdc_eject(r->fdc, 0);
    ck_assert_ptr_eq(old, r->fd[0]);
    disk_close(old, &r->err);
    struct disk_options d = { .kind = DISK_FLOPPY, .mode = DISK_READWRITE, .log = &r->log };
    ck_assert_int_eq(disk_open(&r->fd[0], path, &d, &r->err), 0);
    ck_assert_int_eq(fdc_insert(r->fdc, 0, r->fd[0], &r->err), 0);
    o = int13(r, 0x1600, 0, 0, 0x0000);
    ck_assert_uint_eq(o.flags & EFLAGS_CF, EFLAGS_CF);
    ck_assert_uint_eq((o.eax >> 8) & 0xFF, 0x06);
    /* The first read clears the line by stepping and reports the change. */
    o = int13(r, 0x0201, 0x1000, 0x0001, 0x0000);
    ck_assert_uint_eq(o.flags & EFLAGS_CF, EFLAGS_CF);
    ck_assert_uint_eq(o.eax & 0xFFFF, 0x0600);
    ck_assert_uint_eq(rig_rd8(r, 0x490) & 0x10, 0);     /* media no longer established */
    o = int13(r, 0x0201, 0x1000, 0x0001, 0x0000);
    ck_assert_uint_eq(o.flags & EFLAGS_CF, 0);
    ck_assert_uint_eq(rig_rd8(r, 0x1000), 0x40);        /* the new disk's sector 0 */
    o = int13(r, 0x1600, 0, 0, 0x0000);
    ck_assert_uint_eq(o.flags & EFLAGS_CF, 0);
    /* No diskette: the line stays active after stepping: 80h. */
    disk_close(fdc_eject(r->fdc, 0), &r->err);
    r->fd[0] = NULL;
    o = int13(r, 0x0201, 0x1000, 0x0001, 0x0000);
    ck_assert_uint_eq(o.flags & EFLAGS_CF, EFLAGS_CF);
    ck_assert_uint_eq((o.eax >> 8) & 0xFF, 0x80);
    rig_free(r);
}
END_TEST

START_TEST(floppy_write_protect)
{
    struct rig *r = rig_new();
    char path[256];
    rig_make_image(r, "fd0.img", 1474560, fill_boot_floppy, path, sizeof path);
    struct rig_opts o = { .fd0 = path, .fd0_readonly = true, .boot = "a" };
    rig_build(r, &o);
    rig_boot(r);
    struct rig_regs out = int13(r, 0x0301, 0x1000, 0x0002, 0x0000);
    ck_assert_uint_eq(out.flags & EFLAGS_CF, EFLAGS_CF);
    ck_assert_uint_eq(out.eax & 0xFFFF, 0x0300);
    ck_assert_uint_eq(rig_rd8(r, 0x441), 0x03);
    ck_assert_uint_eq(rig_rd8(r, 0x443), 0x02);         /* ST1: not writable */
    rig_free(r);
}
END_TEST

/* ---- a large hard disk: LBA-assisted translation ---- */

START_TEST(hd_translation)
{
    struct rig *r = rig_new();
    char hd[256], fd[256];
    rig_make_image(r, "fd0.img", 1474560, fill_boot_floppy, fd, sizeof fd);
    snprintf(hd, sizeof hd, "%s/big.img", r->dir);
    FILE *f = fopen(hd, "wb");                          /* 1 GiB, sparse */
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(fseek(f, (1L << 30) - 1, SEEK_SET), 0);
    fputc(0, f);
    fclose(f);
    struct rig_opts o = { .fd0 = fd, .hd0 = hd, .boot = "a" };
    rig_build(r, &o);
    rig_boot(r);
    /* 2097152 sectors: 2080/16/63 physical, 520/64/63 logical. */
    struct rig_regs out = int13(r, 0x0800, 0, 0, 0x0080);
    ck_assert_uint_eq(out.flags & EFLAGS_CF, 0);
    ck_assert_uint_eq(out.ecx & 0xFFFF, 0x07BF);       /* cylinder 519 (207h), 63 sectors */
    ck_assert_uint_eq(out.edx & 0xFFFF, 0x3F01);
    /* The INT 41h table is the translated (A0h) form. */
    uint32_t v = rig_rd32(r, 0x41 * 4);
    uint32_t t = ((v >> 16) << 4) + (v & 0xFFFF);
    ck_assert_uint_eq(rig_rd16(r, t), 520);
    ck_assert_uint_eq(rig_rd8(r, t + 2), 64);
    ck_assert_uint_eq(rig_rd8(r, t + 3), 0xA0);
    ck_assert_uint_eq(rig_rd16(r, t + 9), 2080);
    uint8_t sum = 0;
    for (unsigned i = 0; i < 16; i++)
        sum = (uint8_t)(sum + rig_rd8(r, t + i));
    ck_assert_uint_eq(sum, 0);
    /* EDD reports the drive's own geometry and size. */
    phys_write16(&r->mem, 0x3000, 0x1A);
    struct rig_regs in = { .eax = 0x4800, .edx = 0x80, .esi = 0x3000 };
    ck_assert(rig_call(r, 0x13, &in, &out, 50000000));
    ck_assert_uint_eq(rig_rd32(r, 0x3004), 2080);
    ck_assert_uint_eq(rig_rd32(r, 0x3008), 16);
    ck_assert_uint_eq(rig_rd32(r, 0x3010), 2097152);
    /* The last logical CHS sector is LBA (519 * 64 + 63) * 63 + 62. */
    for (unsigned i = 0; i < 512; i++)
        phys_write8(&r->mem, 0x4000 + i, (uint8_t)(i ^ 0x5A));
    static const uint8_t pkt[16] = { 16, 0, 1, 0, 0x00, 0x40, 0, 0 };
    phys_write_block(&r->mem, 0x3100, pkt, sizeof pkt);
    phys_write32(&r->mem, 0x3108, (519u * 64 + 63) * 63 + 62);
    in = (struct rig_regs){ .eax = 0x4300, .edx = 0x80, .esi = 0x3100 };
    ck_assert(rig_call(r, 0x13, &in, &out, 50000000));
    ck_assert_uint_eq(out.flags & EFLAGS_CF, 0);
    out = int13(r, 0x0201, 0x5000, 0x07BF, 0x3F80);
    ck_assert_uint_eq(out.flags & EFLAGS_CF, 0);
    for (unsigned i = 0; i < 512; i++)
        ck_assert_uint_eq(rig_rd8(r, 0x5000 + i), (uint8_t)(i ^ 0x5A));
    rig_free(r);
}
END_TEST

/* ---- the shared CI images, when present ---- */

static bool shared_image(const char *name, char *out, size_t n)
{
    const char *shared = getenv("VIREO_SHARED");
    if (shared == NULL)
        return false;
    snprintf(out, n, "%s/images/ci/%s", shared, name);
    FILE *f = fopen(out, "rb");
    if (f == NULL)
        return false;
    fclose(f);
    return true;
}

static bool screen_has(struct rig *r, const char *what)
{
    struct vga_text *t = calloc(1, sizeof *t);
    char *text = malloc(40000);
    ck_assert(t != NULL && text != NULL);
    vga_text_capture(r->vga, t);
    vga_text_format(t, text, 40000);
    bool found = strstr(text, what) != NULL;
    free(text);
    free(t);
    return found;
}

/* Boot an image from VIREO_SHARED until `what` is on the screen. */
static void boot_shared(const char *fd, const char *hd, const char *what, uint64_t max)
{
    char fdp[512], hdp[512];
    if (!shared_image(fd, fdp, sizeof fdp) || (hd != NULL && !shared_image(hd, hdp, sizeof hdp))) {
        fprintf(stderr, "test_bios: %s not found under $VIREO_SHARED; skipped\n", fd);
        return;
    }
    struct rig *r = rig_new();
    struct rig_opts o = { .fd0 = fdp, .fd0_snapshot = true, .hd0 = NULL, .boot = "a",
                          .ram_mb = 32 };
    char hcopy[512];
    if (hd != NULL) {
        /* The hard disk is opened read-write: work on a copy. */
        snprintf(hcopy, sizeof hcopy, "%s/hd.img", r->dir);
        FILE *in = fopen(hdp, "rb"), *out = fopen(hcopy, "wb");
        ck_assert(in != NULL && out != NULL);
        char buf[65536];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, in)) > 0)
            ck_assert_uint_eq(fwrite(buf, 1, n, out), n);
        fclose(in);
        fclose(out);
        o.hd0 = hcopy;
    }
    rig_build(r, &o);
    bool seen = false;
    for (uint64_t done = 0; done < max && !seen; done += 20000000)
        rig_run(r, 20000000), seen = screen_has(r, what);
    ck_assert_msg(seen, "%s: \"%s\" not on the screen", fd, what);
    rig_free(r);
}

START_TEST(image_freedos)
{
    boot_shared("freedos-bootdisk-1440k.img", NULL, "A:\\>", 600000000ull);
}
END_TEST

START_TEST(image_freedos_jemmex_v86)
{
    boot_shared("freedos-1.4-jemmex.img", NULL, "JEMMEX-V86-TEST-DONE", 2000000000ull);
}
END_TEST

START_TEST(image_linux011)
{
    boot_shared("linux-0.11-bootimage-hd.img", "linux-0.11-root-hd.img", "[/usr/root]#",
                1000000000ull);
}
END_TEST

static Suite *bios_suite(void)
{
    Suite *s = suite_create("bios");
    TCase *tc = tcase_create("post");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, rom_layout);
    tcase_add_test(tc, post_data_areas);
    tcase_add_test(tc, floppy_drive_count);
    tcase_add_test(tc, boot_fallthrough_to_int18);
    tcase_add_test(tc, floppy_change_line);
    tcase_add_test(tc, floppy_write_protect);
    tcase_add_test(tc, hd_translation);
    suite_add_tcase(s, tc);

    tc = tcase_create("roms");
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, rom_program, 0, (int)(sizeof rom_names / sizeof rom_names[0]));
    suite_add_tcase(s, tc);

    tc = tcase_create("keyboard");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, kbd_letters_shift_ctrl_alt);
    tcase_add_test(tc, kbd_enhanced_keys);
    tcase_add_test(tc, kbd_locks_and_leds);
    tcase_add_test(tc, kbd_alt_keypad);
    tcase_add_test(tc, kbd_ctrl_break);
    tcase_add_test(tc, kbd_pause);
    tcase_add_test(tc, kbd_intercept);
    tcase_add_test(tc, kbd_ctrl_alt_del);
    tcase_add_test(tc, mouse_packets);
    suite_add_tcase(s, tc);

    tc = tcase_create("images");
    tcase_set_timeout(tc, 1200);
    tcase_add_test(tc, image_freedos);
    tcase_add_test(tc, image_freedos_jemmex_v86);
    tcase_add_test(tc, image_linux011);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(bios_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
