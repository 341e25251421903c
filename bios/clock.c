/* bios/clock.c: time keeping: the timer tick (INT 08h: 40:6C, the midnight
 * flag, the diskette motor countdown), INT 1Ah (ticks; RTC time, date and
 * alarm through the MC146818 registers, always in BCD for the caller), and
 * the RTC interrupt (INT 70h: the periodic count-down behind INT 15h/83h
 * and 86h, the alarm's INT 4Ah).  IBM PC/AT Technical Reference. */
#include "bios/bios_internal.h"
#include "devices/sched.h"

#define TICKS_PER_DAY 0x1800B0u     /* 24 h at 1193180/65536 Hz */
#define RTC_PERIOD_US 976u          /* register A rate 6: 1024 Hz */

enum { RTC_A_UIP = 0x80, RTC_B_SET = 0x80, RTC_B_PIE = 0x40, RTC_B_AIE = 0x20,
       RTC_B_DM = 0x04, RTC_B_24H = 0x02, RTC_B_DSE = 0x01,
       RTC_C_PF = 0x40, RTC_C_AF = 0x20 };

static uint8_t bcd_to_bin(uint8_t v) { return (uint8_t)((v >> 4) * 10 + (v & 15)); }
static uint8_t bin_to_bcd(uint8_t v) { return (uint8_t)(((v / 10) << 4) | (v % 10)); }

/* A clock register as BCD whatever mode the chip is in (24-hour hours). */
static uint8_t rtc_get(struct bios *b, uint8_t reg, uint8_t regb)
{
    uint8_t v = cmos_read(b, reg);
    bool is_hour = reg == 0x04 || reg == 0x05;
    bool pm = false;
    if (is_hour && !(regb & RTC_B_24H)) {
        pm = (v & 0x80) != 0;
        v &= 0x7f;
    }
    uint8_t bin = (regb & RTC_B_DM) ? v : bcd_to_bin(v);
    if (is_hour && !(regb & RTC_B_24H)) {
        bin = (uint8_t)(bin % 12 + (pm ? 12 : 0));
    }
    return bin_to_bcd(bin);
}

static void rtc_put(struct bios *b, uint8_t reg, uint8_t bcd, uint8_t regb)
{
    uint8_t bin = bcd_to_bin(bcd);
    if ((reg == 0x04 || reg == 0x05) && !(regb & RTC_B_24H)) {
        bool pm = bin >= 12;
        uint8_t h12 = (uint8_t)(bin % 12 == 0 ? 12 : bin % 12);
        uint8_t v = (regb & RTC_B_DM) ? h12 : bin_to_bcd(h12);
        cmos_write(b, reg, (uint8_t)(v | (pm ? 0x80 : 0)));
        return;
    }
    cmos_write(b, reg, (regb & RTC_B_DM) ? bin : bcd);
}

static bool rtc_updating(struct bios *b)
{
    return (cmos_read(b, 0x0A) & RTC_A_UIP) != 0;
}

bool clock_init_ticks(struct bios *b, struct cpu *c)
{
    if (rtc_updating(b))
        return false;
    uint8_t regb = cmos_read(b, 0x0B);
    uint32_t h = bcd_to_bin(rtc_get(b, 0x04, regb));
    uint32_t m = bcd_to_bin(rtc_get(b, 0x02, regb));
    uint32_t s = bcd_to_bin(rtc_get(b, 0x00, regb));
    uint64_t secs = (uint64_t)h * 3600 + m * 60 + s;
    uint32_t ticks = (uint32_t)(secs * 1193180u / 65536u);
    if (ticks >= TICKS_PER_DAY)
        ticks = 0;
    bda_wr32(c, BDA_TICKS, ticks);
    bda_wr8(c, BDA_MIDNIGHT, 0);
    return true;
}

bool svc_timer(struct bios *b, struct cpu *c)
{
    uint32_t t = bda_rd32(c, BDA_TICKS) + 1;
    if (t >= TICKS_PER_DAY) {
        t = 0;
        bda_wr8(c, BDA_MIDNIGHT, 1);
    }
    bda_wr32(c, BDA_TICKS, t);
    floppy_timer_tick(b, c);
    video_beep_tick(b, c);
    return true;
}

/* Unmask IRQ 8 on the slave and the cascade on the master. */
static void rtc_irq_unmask(struct bios *b)
{
    io_out8(b, 0xA1, (uint8_t)(io_in8(b, 0xA1) & ~0x01u));
    io_out8(b, 0x21, (uint8_t)(io_in8(b, 0x21) & ~0x04u));
}

static void rtc_set_b_bits(struct bios *b, uint8_t set, uint8_t clear)
{
    uint8_t v = cmos_read(b, 0x0B);
    cmos_write(b, 0x0B, (uint8_t)((v & ~clear) | set));
}

/* Start the periodic count-down (INT 15h/83h and 86h): `flag` is the
 * linear address whose bit 7 is set when `us` microseconds have passed. */
void clock_start_wait(struct bios *b, struct cpu *c, uint16_t flag_seg, uint16_t flag_off,
                      uint32_t us)
{
    bda_wr16(c, BDA_WAIT_PTR, flag_off);
    bda_wr16(c, BDA_WAIT_PTR + 2, flag_seg);
    bda_wr32(c, BDA_WAIT_COUNT, us);
    bda_wr8(c, BDA_WAIT_FLAG, 0x01);
    b->wait_last = b->d.sched != NULL ? sched_now(b->d.sched) : 0;
    cmos_write(b, 0x0A, (uint8_t)((cmos_read(b, 0x0A) & 0xF0) | 0x06));
    rtc_set_b_bits(b, RTC_B_PIE, 0);
    rtc_irq_unmask(b);
}

void clock_cancel_wait(struct bios *b, struct cpu *c)
{
    bda_wr8(c, BDA_WAIT_FLAG, 0);
    rtc_set_b_bits(b, 0, RTC_B_PIE);
}

bool svc_rtc_irq(struct bios *b, struct cpu *c)
{
    uint8_t regc = cmos_read(b, 0x0C);
    uint8_t regb = cmos_read(b, 0x0B);
    uint8_t ah = 0;
    if ((regc & RTC_C_PF) && (regb & RTC_B_PIE)) {
        if (bda_rd8(c, BDA_WAIT_FLAG) & 0x01) {
            /* Count down by the time that really passed (one period when
             * interrupts come on time), so a late interrupt does not
             * stretch the wait. */
            uint32_t left = bda_rd32(c, BDA_WAIT_COUNT);
            uint64_t elapsed_us = RTC_PERIOD_US;
            if (b->d.sched != NULL) {
                uint64_t now = sched_now(b->d.sched);
                elapsed_us = (now - b->wait_last) * 1000000u / SCHED_HZ;
                b->wait_last += elapsed_us * SCHED_HZ / 1000000u;
            }
            if (left <= elapsed_us) {
                uint32_t ptr = far_lin(bda_rd16(c, BDA_WAIT_PTR + 2), bda_rd16(c, BDA_WAIT_PTR));
                bda_wr32(c, BDA_WAIT_COUNT, 0);
                bda_wr8(c, BDA_WAIT_FLAG, 0);
                mem_wr8(c, ptr, (uint8_t)(mem_rd8(c, ptr) | 0x80));
                rtc_set_b_bits(b, 0, RTC_B_PIE);
            } else {
                bda_wr32(c, BDA_WAIT_COUNT, left - (uint32_t)elapsed_us);
            }
        } else {
            rtc_set_b_bits(b, 0, RTC_B_PIE);   /* nobody is waiting */
        }
    }
    if ((regc & RTC_C_AF) && (regb & RTC_B_AIE))
        ah = 1;
    set_r8hi(c, REG_EAX, ah);
    return true;
}

/* INT 15h/86h from the ROM's wait loop: AL = 0 start, 1 finish.  The
 * pushed AX sits just below the IRET frame. */
bool svc_wait86(struct bios *b, struct cpu *c)
{
    uint32_t ax_lin = frame_lin(b, c) - 2;
    if (AL(c) == 0) {
        if (bda_rd8(c, BDA_WAIT_FLAG) & 0x01) {
            mem_wr8(c, ax_lin + 1, 0x83);       /* a wait is already running */
            frame_cf(b, c, true);
            svc_retry(c, false);
            return true;
        }
        uint32_t us = (uint32_t)CX(c) << 16 | DX(c);
        clock_start_wait(b, c, 0x40, BDA_WAIT_FLAG, us);
        svc_done(c);
        return true;
    }
    bda_wr8(c, BDA_WAIT_FLAG, 0);
    mem_wr8(c, ax_lin + 1, 0);
    frame_cf(b, c, false);
    svc_done(c);
    return true;
}

/* ---- INT 1Ah ---- */

static void int1a_result(struct bios *b, struct cpu *c, bool ok)
{
    frame_cf(b, c, !ok);
    svc_done(c);
}

bool svc_int1a(struct bios *b, struct cpu *c)
{
    uint8_t regb;
    switch (AH(c)) {
    case 0x00:                          /* read ticks; AL = midnight flag (cleared) */
        set_r16(c, REG_ECX, (uint16_t)(bda_rd32(c, BDA_TICKS) >> 16));
        set_r16(c, REG_EDX, (uint16_t)bda_rd32(c, BDA_TICKS));
        set_r8lo(c, REG_EAX, bda_rd8(c, BDA_MIDNIGHT));
        bda_wr8(c, BDA_MIDNIGHT, 0);
        int1a_result(b, c, true);
        return true;
    case 0x01:                          /* set ticks */
        bda_wr32(c, BDA_TICKS, (uint32_t)CX(c) << 16 | DX(c));
        bda_wr8(c, BDA_MIDNIGHT, 0);
        int1a_result(b, c, true);
        return true;
    case 0x02:                          /* read time: CH:CL:DH BCD, DL = DST */
    case 0x04:                          /* read date: CH century, CL year, DH:DL month:day */
        if (rtc_updating(b)) {
            svc_retry(c, false);
            return true;
        }
        regb = cmos_read(b, 0x0B);
        if (AH(c) == 0x02) {
            set_r8hi(c, REG_ECX, rtc_get(b, 0x04, regb));
            set_r8lo(c, REG_ECX, rtc_get(b, 0x02, regb));
            set_r8hi(c, REG_EDX, rtc_get(b, 0x00, regb));
            set_r8lo(c, REG_EDX, regb & RTC_B_DSE);
        } else {
            set_r8hi(c, REG_ECX, cmos_read(b, 0x32));
            set_r8lo(c, REG_ECX, rtc_get(b, 0x09, regb));
            set_r8hi(c, REG_EDX, rtc_get(b, 0x08, regb));
            set_r8lo(c, REG_EDX, rtc_get(b, 0x07, regb));
        }
        int1a_result(b, c, true);
        return true;
    case 0x03:                          /* set time */
    case 0x05:                          /* set date */
        regb = cmos_read(b, 0x0B);
        cmos_write(b, 0x0A, 0x26);
        cmos_write(b, 0x0B, (uint8_t)(regb | RTC_B_SET));
        if (AH(c) == 0x03) {
            rtc_put(b, 0x04, CH(c), regb);
            rtc_put(b, 0x02, CL(c), regb);
            rtc_put(b, 0x00, DH(c), regb);
            regb = (uint8_t)((regb & ~RTC_B_DSE) | (DL(c) & RTC_B_DSE));
        } else {
            cmos_write(b, 0x32, CH(c));
            rtc_put(b, 0x09, CL(c), regb);
            rtc_put(b, 0x08, DH(c), regb);
            rtc_put(b, 0x07, DL(c), regb);
        }
        cmos_write(b, 0x0B, (uint8_t)(regb & ~RTC_B_SET));
        int1a_result(b, c, true);
        return true;
    case 0x06:                          /* set alarm CH:CL:DH; CF=1 if one is set */
        regb = cmos_read(b, 0x0B);
        if (regb & RTC_B_AIE) {
            int1a_result(b, c, false);
            return true;
        }
        rtc_put(b, 0x05, CH(c), regb);
        rtc_put(b, 0x03, CL(c), regb);
        rtc_put(b, 0x01, DH(c), regb);
        rtc_set_b_bits(b, RTC_B_AIE, 0);
        rtc_irq_unmask(b);
        int1a_result(b, c, true);
        return true;
    case 0x07:                          /* cancel the alarm */
        rtc_set_b_bits(b, 0, RTC_B_AIE);
        int1a_result(b, c, true);
        return true;
    default:
        /* PCjr/Convertible/PCI BIOS functions: not present. */
        log_limited(b->d.log, &b->log_unknown, LOG_DEBUG, "bios",
                    "INT 1Ah AX=%04Xh not supported", AX(c));
        set_r8hi(c, REG_EAX, 0x86);
        int1a_result(b, c, false);
        return true;
    }
}
