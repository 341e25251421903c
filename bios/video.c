/* bios/video.c: INT 10h dispatch and the character services (IBM PC/AT
 * and VGA Technical References, "Video"): cursor position and shape,
 * pages, scrolling windows, reading and writing characters and
 * attributes, teletype (BEL, BS, LF, CR, wrap and scroll), write string,
 * get mode; the rest lives in video_mode.c, video_state.c and video_gfx.c.
 * With no VGA fitted, INT 10h does nothing.  VBE 2.0 (AH=4Fh) is vbe.c.
 * LIMITATION: the BEL tone of AH=13h strings is not waited for (it stops
 * on a later timer tick), unlike AH=0Eh's. */
#include "bios/video.h"

#define BEEP_TICKS 9            /* about half a second */

bool video_present(const struct bios *b)
{
    return b->d.vga != NULL;
}

void video_post(struct bios *b, struct cpu *c)
{
    for (unsigned i = BDA_VID_MODE; i <= BDA_VID_PAL; i++)
        bda_wr8(c, i, 0);
    for (unsigned i = BDA_VID_ROWS; i <= BDA_VID_DCC; i++)
        bda_wr8(c, i, 0);
    if (!video_present(b))
        return;
    bda_wr16(c, BDA_VID_CRTC, 0x3D4);
    bda_wr8(c, BDA_VID_CTL, 0x60);      /* 256 KiB, cursor emulation on */
    bda_wr8(c, BDA_VID_SWITCHES, 0xF9); /* EGA switches: colour, enhanced */
    bda_wr8(c, BDA_VID_FLAGS, 0x51);    /* VGA active, 400 lines, display switching */
    bda_wr8(c, BDA_VID_DCC, 0x0B);      /* VGA colour, no alternate */
    bda_wr16(c, BDA_VID_SAVE_PTR, rom_offset(b, ROMDIR_SAVEPTR));
    bda_wr16(c, BDA_VID_SAVE_PTR + 2, 0xF000);
}

/* ---- pages and the cursor ---- */

uint32_t page_base(struct cpu *c, unsigned page)
{
    return (uint32_t)page * bda_rd16(c, BDA_VID_PAGE_SIZE);
}

void cursor_get(struct cpu *c, unsigned page, unsigned *row, unsigned *col)
{
    uint16_t w = bda_rd16(c, BDA_VID_CURSOR + 2 * (page & 7));
    *col = w & 0xFF;
    *row = w >> 8;
}

static void crtc_cursor(struct bios *b, struct cpu *c, unsigned row, unsigned col)
{
    unsigned pos = bda_rd16(c, BDA_VID_PAGE_START) / 2 + row * bda_rd16(c, BDA_VID_COLS) + col;
    crtc_out(b, c, 0x0E, (uint8_t)(pos >> 8));
    crtc_out(b, c, 0x0F, (uint8_t)pos);
}

void cursor_set(struct bios *b, struct cpu *c, unsigned page, unsigned row, unsigned col)
{
    page &= 7;
    bda_wr16(c, BDA_VID_CURSOR + 2 * page, (uint16_t)((row & 0xFF) << 8 | (col & 0xFF)));
    if (page == bda_rd8(c, BDA_VID_PAGE) && vmode_current(c)->kind == VK_TEXT)
        crtc_cursor(b, c, row, col);
}

static void select_page(struct bios *b, struct cpu *c, unsigned page)
{
    const struct vmode *m = vmode_current(c);
    if (page >= m->pages)
        return;
    uint32_t start = page_base(c, page);
    bda_wr8(c, BDA_VID_PAGE, (uint8_t)page);
    bda_wr16(c, BDA_VID_PAGE_START, (uint16_t)start);
    if (m->kind == VK_TEXT)
        start /= 2;
    crtc_out(b, c, 0x0C, (uint8_t)(start >> 8));
    crtc_out(b, c, 0x0D, (uint8_t)start);
    unsigned row, col;
    cursor_get(c, page, &row, &col);
    if (m->kind == VK_TEXT)
        crtc_cursor(b, c, row, col);
}

/* ---- characters ---- */

void text_write(struct bios *b, struct cpu *c, unsigned page, unsigned row, unsigned col,
                uint8_t ch, uint8_t attr, bool with_attr, unsigned count)
{
    const struct vmode *m = vmode_current(c);
    if (m->kind != VK_TEXT) {
        gfx_write_char(b, c, m, page, row, col, ch, attr, count);
        return;
    }
    unsigned cols = bda_rd16(c, BDA_VID_COLS);
    uint32_t start = page_base(c, page) + 2u * (row * cols + col);
    for (unsigned i = 0; i < count; i++) {
        uint32_t off = start + 2 * i;
        if (off + 1 >= 0x8000)
            break;
        if (with_attr)
            mem_wr16(c, m->mem + off, (uint16_t)(attr << 8 | ch));
        else
            mem_wr8(c, m->mem + off, ch);
    }
}

void video_scroll(struct bios *b, struct cpu *c, int lines, unsigned top, unsigned left,
                  unsigned bottom, unsigned right, uint8_t attr, unsigned page)
{
    const struct vmode *m = vmode_current(c);
    unsigned rows = bda_rd8(c, BDA_VID_ROWS) + 1u, cols = bda_rd16(c, BDA_VID_COLS);
    if (bottom >= rows)
        bottom = rows - 1;
    if (right >= cols)
        right = cols - 1;
    if (top > bottom || left > right)
        return;
    unsigned height = bottom - top + 1;
    unsigned n = (unsigned)(lines < 0 ? -lines : lines);
    if (n == 0 || n > height)
        n = height;
    if (m->kind != VK_TEXT) {
        gfx_scroll(b, c, m, lines < 0 ? -(int)n : (int)n, top, left, bottom, right, attr);
        return;
    }
    uint32_t base = m->mem + page_base(c, page);
    unsigned w = right - left + 1;
    uint16_t blank = (uint16_t)(attr << 8 | ' ');
    for (unsigned i = 0; i < height; i++) {
        /* Up: rows move from below; down: from above, walking backwards. */
        unsigned r = lines >= 0 ? top + i : bottom - i;
        uint32_t dst = base + 2u * (r * cols + left);
        if (i + n < height) {
            unsigned src_row = lines >= 0 ? r + n : r - n;
            uint32_t src = base + 2u * (src_row * cols + left);
            for (unsigned k = 0; k < w; k++)
                mem_wr16(c, dst + 2 * k, mem_rd16(c, src + 2 * k));
        } else {
            for (unsigned k = 0; k < w; k++)
                mem_wr16(c, dst + 2 * k, blank);
        }
    }
}

/* ---- the BEL tone: PIT counter 2 at 896 Hz through the speaker gate ---- */

static void tone(struct bios *b, bool on)
{
    if (on) {
        io_out8(b, 0x43, 0xB6);
        io_out8(b, 0x42, 0x33);
        io_out8(b, 0x42, 0x05);
        io_out8(b, 0x61, (uint8_t)(io_in8(b, 0x61) | 0x03));
    } else {
        io_out8(b, 0x61, (uint8_t)(io_in8(b, 0x61) & ~0x03u));
    }
}

void video_beep_tick(struct bios *b, struct cpu *c)
{
    if (b->beep_until != 0 && bios_ticks(c) >= b->beep_until) {
        b->beep_until = 0;
        tone(b, false);
    }
}

/* Teletype output of one character (not BEL) on `page`. */
static void teletype(struct bios *b, struct cpu *c, unsigned page, uint8_t ch, uint8_t colour)
{
    const struct vmode *m = vmode_current(c);
    unsigned rows = bda_rd8(c, BDA_VID_ROWS) + 1u, cols = bda_rd16(c, BDA_VID_COLS);
    unsigned row, col;
    cursor_get(c, page, &row, &col);
    switch (ch) {
    case 0x08:
        if (col > 0)
            col--;
        break;
    case 0x0A:
        row++;
        break;
    case 0x0D:
        col = 0;
        break;
    default:
        text_write(b, c, page, row, col, ch, colour, false, 1);
        if (++col >= cols) {
            col = 0;
            row++;
        }
        break;
    }
    if (row >= rows) {
        uint8_t attr = 0;
        row = rows - 1;
        if (m->kind == VK_TEXT)
            attr = mem_rd8(c, m->mem + page_base(c, page) + 2u * (row * cols + col) + 1);
        video_scroll(b, c, 1, 0, 0, rows - 1, cols - 1, attr, page);
    }
    cursor_set(b, c, page, row, col);
}

/* AH=13h: write string at DH:DL on page BH (AL bit 0: move the cursor,
 * bit 1: the string holds character/attribute pairs). */
static void write_string(struct bios *b, struct cpu *c)
{
    unsigned page = BH(c) & 7, rows = bda_rd8(c, BDA_VID_ROWS) + 1u;
    unsigned cols = bda_rd16(c, BDA_VID_COLS);
    unsigned orow, ocol, row = DH(c), col = DL(c);
    uint8_t al = AL(c), attr = BL(c);
    if (al > 3)
        return;
    cursor_get(c, page, &orow, &ocol);
    uint32_t s = far_lin(sreg(c, SEG_ES), BP(c));
    for (unsigned i = 0; i < CX(c); i++) {
        uint8_t ch = mem_rd8(c, s++);
        if (al & 2)
            attr = mem_rd8(c, s++);
        if (ch == 0x07 || ch == 0x08 || ch == 0x0A || ch == 0x0D) {
            if (ch == 0x07) {
                tone(b, true);
                b->beep_until = bios_ticks(c) + BEEP_TICKS;
                continue;
            }
            cursor_set(b, c, page, row, col);
            teletype(b, c, page, ch, attr);
            cursor_get(c, page, &row, &col);
            continue;
        }
        text_write(b, c, page, row, col, ch, attr, true, 1);
        if (++col >= cols) {
            col = 0;
            if (++row >= rows) {
                row = rows - 1;
                video_scroll(b, c, 1, 0, 0, rows - 1, cols - 1, 0x07, page);
            }
        }
    }
    if (al & 1)
        cursor_set(b, c, page, row, col);
    else
        cursor_set(b, c, page, orow, ocol);
}

bool svc_int10(struct bios *b, struct cpu *c)
{
    svc_done(c);
    if (!video_present(b))
        return true;
    uint8_t ah = AH(c);
    unsigned row, col;
    const struct vmode *m = vmode_current(c);
    switch (ah) {
    case 0x00:
        video_set_mode(b, c, AL(c));
        /* AL: video mode flag (20h for modes above 7, 30h for 0-5 and 7, 3Fh for 6). */
        set_r8lo(c, REG_EAX, (AL(c) & 0x7F) == 6 ? 0x3F : (AL(c) & 0x7F) <= 7 ? 0x30 : 0x20);
        break;
    case 0x01:
        video_set_cursor_shape(b, c, CX(c));
        break;
    case 0x02:
        cursor_set(b, c, BH(c), DH(c), DL(c));
        break;
    case 0x03:
        cursor_get(c, BH(c), &row, &col);
        set_r8hi(c, REG_EDX, (uint8_t)row);
        set_r8lo(c, REG_EDX, (uint8_t)col);
        set_r16(c, REG_ECX, bda_rd16(c, BDA_VID_CURSOR_SHAPE));
        break;
    case 0x04:                          /* light pen: not triggered */
        set_r8hi(c, REG_EAX, 0);
        break;
    case 0x05:
        select_page(b, c, AL(c));
        break;
    case 0x06:
    case 0x07:
        video_scroll(b, c, ah == 0x06 ? AL(c) : -(int)AL(c), CH(c), CL(c), DH(c), DL(c), BH(c),
                     bda_rd8(c, BDA_VID_PAGE));
        break;
    case 0x08:
        cursor_get(c, BH(c), &row, &col);
        if (m->kind == VK_TEXT) {
            uint32_t off = page_base(c, BH(c) & 7) + 2u * (row * bda_rd16(c, BDA_VID_COLS) + col);
            set_r16(c, REG_EAX, mem_rd16(c, m->mem + off));
        } else {
            set_r8lo(c, REG_EAX, gfx_read_char(b, c, m, BH(c) & 7, row, col));
            set_r8hi(c, REG_EAX, 0);
        }
        break;
    case 0x09:
    case 0x0A:
        cursor_get(c, BH(c), &row, &col);
        text_write(b, c, BH(c) & 7, row, col, AL(c), BL(c), ah == 0x09, CX(c));
        break;
    case 0x0B:
        video_cga_palette(b, c);
        break;
    case 0x0C:
        if (m->kind != VK_TEXT)
            gfx_put_pixel(b, c, m, BH(c), CX(c), DX(c), AL(c));
        break;
    case 0x0D:
        if (m->kind != VK_TEXT)
            set_r8lo(c, REG_EAX, gfx_get_pixel(b, c, m, BH(c), CX(c), DX(c)));
        break;
    case 0x0E:
        if (AL(c) == 0x07) {
            if (retry_begin(b, c, &b->beep)) {
                tone(b, true);
                svc_retry(c, true);
                return true;
            }
            if (bios_ticks(c) - b->beep.start_tick < BEEP_TICKS) {
                svc_retry(c, true);
                return true;
            }
            tone(b, false);
            retry_end(&b->beep);
            break;
        }
        teletype(b, c, bda_rd8(c, BDA_VID_PAGE), AL(c), BL(c));
        break;
    case 0x0F:
        set_r8lo(c, REG_EAX, (uint8_t)(bda_rd8(c, BDA_VID_MODE) |
                                       (bda_rd8(c, BDA_VID_CTL) & 0x80)));
        set_r8hi(c, REG_EAX, (uint8_t)bda_rd16(c, BDA_VID_COLS));
        set_r8hi(c, REG_EBX, bda_rd8(c, BDA_VID_PAGE));
        break;
    case 0x10:
        video_palette(b, c);
        break;
    case 0x11:
        video_font(b, c);
        break;
    case 0x12:
        video_alt_select(b, c);
        break;
    case 0x13:
        write_string(b, c);
        break;
    case 0x1A:
        video_dcc(b, c);
        break;
    case 0x1B:
        video_state_info(b, c);
        break;
    case 0x1C:
        video_save_restore(b, c);
        break;
    case 0x4F:
        video_vbe(b, c);
        break;
    default:
        /* Not present: AX is left as it was. */
        log_limited(b->d.log, &b->log_unknown, LOG_DEBUG, "bios",
                    "INT 10h AX=%04Xh not supported", AX(c));
        break;
    }
    return true;
}
