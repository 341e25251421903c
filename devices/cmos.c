/* devices/cmos.c: Motorola MC146818 RTC + 114 bytes of CMOS RAM, per the
 * MC146818 datasheet: BCD/binary and 12/24-hour formats, the once-a-second
 * update cycle with UIP and SET, alarm with don't-care bytes, periodic
 * rates from the divider chain, daylight saving (DSE), register C flags.
 * Events are computed from the 32.768 kHz crystal count since the divider
 * was last released; a timer is armed only for an enabled interrupt.
 * LIMITATION: the SQW pin (unconnected on the AT) is not modelled, and
 * divider test modes (DV 011b-101b) run as the normal 32.768 kHz mode. */
#include "devices/cmos.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/bus.h"
#include "devices/sched.h"

#define XTAL_HZ 32768u
#define UIP_LEAD_CYC 8u             /* tBUC = 244 us before the update */
#define UPDATE_CYC 65u              /* tUC = 1984 us update cycle */
#define NEVER UINT64_MAX

enum { REG_SEC, REG_ASEC, REG_MIN, REG_AMIN, REG_HOUR, REG_AHOUR, REG_DOW, REG_DAY, REG_MONTH,
       REG_YEAR, REG_A, REG_B, REG_C, REG_D };

#define A_UIP 0x80
#define B_SET 0x80
#define B_PIE 0x40
#define B_AIE 0x20
#define B_UIE 0x10
#define B_SQWE 0x08
#define B_DM 0x04                   /* 1: binary, 0: BCD */
#define B_24H 0x02
#define B_DSE 0x01
#define C_IRQF 0x80
#define C_PF 0x40
#define C_AF 0x20
#define C_UF 0x10
#define D_VRT 0x80

struct cmos {
    uint8_t ram[128];               /* 00h-0Dh clock registers, 0Eh-7Fh RAM */
    uint8_t index;
    bool nmi_masked;
    void (*nmi_mask)(void *opaque, bool masked);
    void *opaque;

    struct sched *sched;
    struct irq_line irq8;
    bool irq_level;
    struct timer timer;

    /* Divider chain: crystal cycles count from `origin` (a scheduler tick). */
    bool running;                   /* DV not in reset */
    uint64_t origin;
    uint64_t first_update;          /* cycle at which the first update begins */
    uint64_t synced;                /* cycle up to which events are applied */
    bool dse_repeat;                /* the October hour has been repeated */
};

/* ---- time base ---- */

/* DV2-DV0 select the divider for a 4.194304 MHz, 1.048576 MHz or 32.768
 * kHz time base; the AT's crystal is 32.768 kHz, so the first two run
 * 128 and 32 times slow, as they would on the board. */
static unsigned dv_scale_of(unsigned dv)
{
    return dv == 0 ? 128 : dv == 1 ? 32 : 1;
}

static unsigned dv_scale(const struct cmos *c)
{
    return dv_scale_of((c->ram[REG_A] >> 4) & 7);
}

static uint64_t update_period(const struct cmos *c)
{
    return (uint64_t)XTAL_HZ * dv_scale(c);
}

/* Periodic interrupt period in crystal cycles for RS3-RS0 (datasheet
 * table "Periodic Interrupt Rate"), 0 when RS = 0. */
static uint64_t periodic_period(const struct cmos *c)
{
    unsigned rs = c->ram[REG_A] & 0x0f;
    if (rs == 0)
        return 0;
    if (dv_scale(c) == 1 && rs <= 2)
        return 1ull << (rs + 6);    /* 32.768 kHz: 3.90625 ms and 7.8125 ms */
    return (1ull << (rs - 1)) * dv_scale(c);
}

static uint64_t cyc_at(const struct cmos *c, uint64_t tick)
{
    uint64_t d = tick - c->origin;
    return d / SCHED_HZ * XTAL_HZ + d % SCHED_HZ * XTAL_HZ / SCHED_HZ;
}

static uint64_t tick_of_cyc(const struct cmos *c, uint64_t cyc)
{
    uint64_t r = cyc % XTAL_HZ;
    return c->origin + cyc / XTAL_HZ * SCHED_HZ + (r * SCHED_HZ + XTAL_HZ - 1) / XTAL_HZ;
}

/* Update cycles whose end (when the new time is visible) is at or before x. */
static uint64_t updates_by(const struct cmos *c, uint64_t x)
{
    uint64_t first_end = c->first_update + UPDATE_CYC;
    return x < first_end ? 0 : (x - first_end) / update_period(c) + 1;
}

static uint64_t update_end(const struct cmos *c, uint64_t k)      /* k >= 1 */
{
    return c->first_update + UPDATE_CYC + (k - 1) * update_period(c);
}

/* ---- calendar in register format ---- */

static unsigned dec(const struct cmos *c, uint8_t v)
{
    return (c->ram[REG_B] & B_DM) ? v : (unsigned)(v >> 4) * 10 + (v & 0x0f);
}

static uint8_t enc(const struct cmos *c, unsigned v)
{
    return (uint8_t)((c->ram[REG_B] & B_DM) ? v : ((v / 10) << 4) | (v % 10));
}

static unsigned month_days(unsigned month, unsigned year)
{
    static const uint8_t days[13] = { 31, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (month == 2 && year % 4 == 0)   /* the MC146818 treats every fourth year as leap */
        return 29;
    return days[month <= 12 ? month : 0];
}

struct clock_fields {
    unsigned sec, min, hour, dow, day, month, year;     /* hour 0-23 */
};

static void fields_get(const struct cmos *c, struct clock_fields *f)
{
    f->sec = dec(c, c->ram[REG_SEC]);
    f->min = dec(c, c->ram[REG_MIN]);
    uint8_t h = c->ram[REG_HOUR];
    if (c->ram[REG_B] & B_24H)
        f->hour = dec(c, h);
    else
        f->hour = dec(c, h & 0x7f) % 12 + ((h & 0x80) ? 12 : 0);
    f->dow = dec(c, c->ram[REG_DOW]);
    f->day = dec(c, c->ram[REG_DAY]);
    f->month = dec(c, c->ram[REG_MONTH]);
    f->year = dec(c, c->ram[REG_YEAR]);
}

static void fields_put(struct cmos *c, const struct clock_fields *f)
{
    c->ram[REG_SEC] = enc(c, f->sec);
    c->ram[REG_MIN] = enc(c, f->min);
    if (c->ram[REG_B] & B_24H) {
        c->ram[REG_HOUR] = enc(c, f->hour);
    } else {
        unsigned h12 = f->hour % 12 == 0 ? 12 : f->hour % 12;
        c->ram[REG_HOUR] = (uint8_t)(enc(c, h12) | (f->hour >= 12 ? 0x80 : 0));
    }
    c->ram[REG_DOW] = enc(c, f->dow);
    c->ram[REG_DAY] = enc(c, f->day);
    c->ram[REG_MONTH] = enc(c, f->month);
    c->ram[REG_YEAR] = enc(c, f->year);
}

static void next_day(struct clock_fields *f)
{
    f->dow = f->dow >= 7 ? 1 : f->dow + 1;
    if (++f->day > month_days(f->month, f->year)) {
        f->day = 1;
        if (++f->month > 12) {
            f->month = 1;
            f->year = (f->year + 1) % 100;
        }
    }
}

/* One update cycle's increment, including the two DSE special updates:
 * last Sunday in April 1:59:59 -> 3:00:00, last Sunday in October
 * 1:59:59 -> 1:00:00 the first time. */
static void tick_second(struct cmos *c, struct clock_fields *f)
{
    bool dse_point = (c->ram[REG_B] & B_DSE) && f->dow == 1 && f->hour == 1 && f->min == 59 &&
                     f->sec == 59;
    if (++f->sec < 60)
        return;
    f->sec = 0;
    if (++f->min < 60)
        return;
    f->min = 0;
    if (dse_point && f->month == 4 && f->day + 7 > 30) {
        f->hour = 3;
        return;
    }
    if (dse_point && f->month == 10 && f->day + 7 > 31) {
        if (!c->dse_repeat) {
            c->dse_repeat = true;
            f->hour = 1;
            return;
        }
        c->dse_repeat = false;
    }
    if (++f->hour < 24)
        return;
    f->hour = 0;
    next_day(f);
}

static bool alarm_matches(const struct cmos *c)
{
    static const uint8_t pairs[3][2] = { { REG_SEC, REG_ASEC }, { REG_MIN, REG_AMIN },
                                         { REG_HOUR, REG_AHOUR } };
    for (unsigned i = 0; i < 3; i++) {
        uint8_t a = c->ram[pairs[i][1]];
        if ((a & 0xc0) != 0xc0 && a != c->ram[pairs[i][0]])
            return false;
    }
    return true;
}

/* Apply n update cycles: the time advances n seconds; UF is set, and AF
 * if the alarm matched after any of them.  Whole days beyond the last two
 * are stepped at once (a day repeats the alarm pattern), unless DSE. */
static void apply_updates(struct cmos *c, uint64_t n)
{
    struct clock_fields f;
    fields_get(c, &f);
    if (!(c->ram[REG_B] & B_DSE)) {
        while (n > 2 * 86400ull) {
            next_day(&f);
            n -= 86400;
        }
    }
    for (; n > 0; n--) {
        tick_second(c, &f);
        fields_put(c, &f);
        c->ram[REG_C] |= C_UF;
        if (alarm_matches(c))
            c->ram[REG_C] |= C_AF;
    }
}

/* ---- interrupts ---- */

static void update_irq(struct cmos *c)
{
    uint8_t b = c->ram[REG_B], f = c->ram[REG_C];
    bool irqf = ((b & B_PIE) && (f & C_PF)) || ((b & B_AIE) && (f & C_AF)) ||
                ((b & B_UIE) && (f & C_UF));
    if (irqf)
        c->ram[REG_C] |= C_IRQF;
    else
        c->ram[REG_C] &= (uint8_t)~C_IRQF;
    if (irqf != c->irq_level) {
        c->irq_level = irqf;
        irq_set(&c->irq8, irqf);
    }
}

/* Bring flags and time up to now. */
static void sync(struct cmos *c)
{
    if (!c->running)
        return;
    uint64_t now = cyc_at(c, sched_now(c->sched));
    if (now <= c->synced)
        return;
    uint64_t period = periodic_period(c);
    if (period != 0 && now / period > c->synced / period)
        c->ram[REG_C] |= C_PF;
    if (!(c->ram[REG_B] & B_SET)) {
        uint64_t n = updates_by(c, now) - updates_by(c, c->synced);
        if (n > 0)
            apply_updates(c, n);
    }
    c->synced = now;
    update_irq(c);
}

static void rtc_fire(void *opaque, uint64_t now);

static void rearm(struct cmos *c)
{
    uint64_t next = NEVER;
    uint8_t b = c->ram[REG_B], f = c->ram[REG_C];
    if (c->running) {
        uint64_t period = periodic_period(c);
        if ((b & B_PIE) && !(f & C_PF) && period != 0)
            next = (c->synced / period + 1) * period;
        if (!(b & B_SET) && (((b & B_UIE) && !(f & C_UF)) || ((b & B_AIE) && !(f & C_AF)))) {
            uint64_t e = update_end(c, updates_by(c, c->synced) + 1);
            if (e < next)
                next = e;
        }
    }
    if (next == NEVER)
        sched_cancel(c->sched, &c->timer);
    else
        sched_arm(c->sched, &c->timer, tick_of_cyc(c, next), rtc_fire, c);
}

static void rtc_fire(void *opaque, uint64_t now)
{
    struct cmos *c = opaque;
    (void)now;
    sync(c);
    rearm(c);
}

static bool uip(const struct cmos *c)
{
    if (!c->running || (c->ram[REG_B] & B_SET))
        return false;
    uint64_t now = cyc_at(c, sched_now(c->sched));
    uint64_t lead = c->first_update >= UIP_LEAD_CYC ? c->first_update - UIP_LEAD_CYC : 0;
    if (now < lead)
        return false;
    return (now - lead) % update_period(c) < UIP_LEAD_CYC + UPDATE_CYC;
}

/* ---- register file ---- */

static void write_a(struct cmos *c, uint8_t v)
{
    unsigned old_dv = (c->ram[REG_A] >> 4) & 7, dv = (v >> 4) & 7;
    c->ram[REG_A] = v & 0x7f;
    bool reset = dv >= 6;
    if (reset) {
        c->running = false;
    } else if (!c->running || dv_scale_of(old_dv) != dv_scale(c)) {
        /* Leaving divider reset: the first update begins half a second later. */
        c->running = true;
        c->origin = sched_now(c->sched);
        c->synced = 0;
        c->first_update = update_period(c) / 2;
    }
}

static uint8_t reg_read(struct cmos *c, unsigned idx)
{
    switch (idx) {
    case REG_A:
        return (uint8_t)(c->ram[REG_A] | (uip(c) ? A_UIP : 0));
    case REG_C: {
        uint8_t v = c->ram[REG_C];
        c->ram[REG_C] = 0;          /* all flags clear on read */
        update_irq(c);
        rearm(c);
        return v;
    }
    case REG_D:
        return D_VRT;               /* battery good; bits 6-0 read 0 */
    default:
        return c->ram[idx];
    }
}

static void reg_write(struct cmos *c, unsigned idx, uint8_t v)
{
    switch (idx) {
    case REG_A:
        write_a(c, v);
        break;
    case REG_B:
        if (v & B_SET)
            v &= (uint8_t)~B_UIE;   /* SET clears UIE */
        c->ram[REG_B] = v;
        break;
    case REG_C:
    case REG_D:
        break;                      /* read-only */
    default:
        c->ram[idx] = v;
        break;
    }
    update_irq(c);
    rearm(c);
}

static uint32_t cmos_io_read(void *opaque, uint16_t off, unsigned size)
{
    struct cmos *c = opaque;
    (void)size;
    if (off == 0)
        return 0xff;                /* the index port is write-only */
    if (c->index <= REG_D) {
        sync(c);
        return reg_read(c, c->index);
    }
    return c->ram[c->index];
}

static void cmos_io_write(void *opaque, uint16_t off, unsigned size, uint32_t value)
{
    struct cmos *c = opaque;
    (void)size;
    if (off == 0) {
        bool masked = (value & 0x80) != 0;
        c->index = value & 0x7f;
        if (masked != c->nmi_masked) {
            c->nmi_masked = masked;
            if (c->nmi_mask != NULL)
                c->nmi_mask(c->opaque, masked);
        }
        return;
    }
    if (c->index <= REG_D) {
        sync(c);
        reg_write(c, c->index, (uint8_t)value);
    } else {
        c->ram[c->index] = (uint8_t)value;
    }
}

static const struct io_ops cmos_io = {
    .name = "cmos", .read = cmos_io_read, .write = cmos_io_write, .widths = IO_W8,
};

/* ---- set-up ---- */

/* Days since 1970-01-01 to a proleptic Gregorian date (era arithmetic). */
static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    uint64_t doe = (uint64_t)(z - era * 146097);
    uint64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    uint64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    uint64_t mp = (5 * doy + 2) / 153;
    *d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    *m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static void set_time(struct cmos *c, int64_t t)
{
    int64_t days = (t >= 0 ? t : t - 86399) / 86400;
    int64_t secs = t - days * 86400;
    int64_t year;
    unsigned month, day;
    civil_from_days(days, &year, &month, &day);
    struct clock_fields f = {
        .sec = (unsigned)(secs % 60), .min = (unsigned)(secs / 60 % 60),
        .hour = (unsigned)(secs / 3600), .dow = (unsigned)(((days % 7) + 7 + 4) % 7) + 1,
        .day = day, .month = month, .year = (unsigned)(((year % 100) + 100) % 100),
    };
    fields_put(c, &f);
    unsigned century = (unsigned)(year / 100);
    c->ram[CMOS_CENTURY] = (uint8_t)(((century / 10 % 10) << 4) | century % 10);
}

struct cmos *cmos_create(struct io_bus *bus, struct sched *sched, struct irq_line irq8,
                         int64_t start_time, void (*nmi_mask)(void *opaque, bool masked),
                         void *opaque, struct emu_err *err)
{
    struct cmos *c = calloc(1, sizeof *c);
    if (c == NULL) {
        emu_fail(err, EMU_ENOMEM, "cmos: out of memory");
        return NULL;
    }
    c->sched = sched;
    c->irq8 = irq8;
    c->nmi_mask = nmi_mask;
    c->opaque = opaque;
    c->nmi_masked = true;
    if (bus_map_ports(bus, 0x70, 2, &cmos_io, c, err) != 0) {
        free(c);
        return NULL;
    }
    c->ram[REG_A] = 0x26;
    c->ram[REG_B] = B_24H;
    c->running = true;
    c->origin = sched_now(sched);
    c->first_update = XTAL_HZ;      /* the seconds first change one second after start */
    set_time(c, start_time);
    cmos_update_checksum(c);
    return c;
}

void cmos_destroy(struct cmos *c)
{
    if (c == NULL)
        return;
    sched_cancel(c->sched, &c->timer);
    free(c);
}

void cmos_reset(struct cmos *c)
{
    sync(c);
    c->ram[REG_B] &= (uint8_t)~(B_PIE | B_AIE | B_UIE | B_SQWE);
    c->ram[REG_C] = 0;
    update_irq(c);
    rearm(c);
}

bool cmos_nmi_masked(const struct cmos *c)
{
    return c->nmi_masked;
}

uint8_t cmos_get_byte(const struct cmos *c, unsigned index)
{
    return index >= 0x0e && index < 0x80 ? c->ram[index] : 0xff;
}

void cmos_set_byte(struct cmos *c, unsigned index, uint8_t value)
{
    if (index >= 0x0e && index < 0x80)
        c->ram[index] = value;
}

void cmos_update_checksum(struct cmos *c)
{
    unsigned sum = 0;
    for (unsigned i = 0x10; i <= 0x2d; i++)
        sum += c->ram[i];
    c->ram[CMOS_CHECKSUM_HI] = (uint8_t)(sum >> 8);
    c->ram[CMOS_CHECKSUM_LO] = (uint8_t)sum;
}

void cmos_set_floppies(struct cmos *c, enum cmos_floppy a, enum cmos_floppy b)
{
    c->ram[CMOS_FLOPPY_TYPES] = (uint8_t)((a & 0x0f) << 4 | (b & 0x0f));
    unsigned n = (a != CMOS_FLOPPY_NONE) + (b != CMOS_FLOPPY_NONE);
    uint8_t eq = c->ram[CMOS_EQUIPMENT] & 0x3e;
    if (n > 0)
        eq |= (uint8_t)(0x01 | (n - 1) << 6);
    c->ram[CMOS_EQUIPMENT] = eq;
    cmos_update_checksum(c);
}

void cmos_set_disks(struct cmos *c, unsigned type_c, unsigned type_d)
{
    unsigned t[2] = { type_c > 255 ? 255 : type_c, type_d > 255 ? 255 : type_d };
    uint8_t nib[2];
    for (unsigned i = 0; i < 2; i++) {
        nib[i] = (uint8_t)(t[i] >= 15 ? 0x0f : t[i]);
        c->ram[CMOS_DISK0_EXT_TYPE + i] = (uint8_t)(t[i] >= 15 ? t[i] : 0);
    }
    c->ram[CMOS_DISK_TYPES] = (uint8_t)(nib[0] << 4 | nib[1]);
    cmos_update_checksum(c);
}

void cmos_set_equipment(struct cmos *c, enum cmos_display display, bool has_fpu)
{
    uint8_t eq = c->ram[CMOS_EQUIPMENT] & 0xcd;
    eq |= (uint8_t)((display & 3) << 4);
    if (has_fpu)
        eq |= 0x02;
    c->ram[CMOS_EQUIPMENT] = eq;
    cmos_update_checksum(c);
}

static void put16(struct cmos *c, unsigned lo, uint64_t v)
{
    if (v > 0xffff)
        v = 0xffff;
    c->ram[lo] = (uint8_t)v;
    c->ram[lo + 1] = (uint8_t)(v >> 8);
}

void cmos_set_memory(struct cmos *c, uint64_t ram_bytes)
{
    uint64_t kib = ram_bytes >> 10;
    put16(c, CMOS_BASE_MEM_LO, kib < 640 ? kib : 640);
    uint64_t ext = kib > 1024 ? kib - 1024 : 0;
    put16(c, CMOS_EXT_MEM_LO, ext);
    put16(c, CMOS_EXT_MEM2_LO, ext);
    uint64_t high = ram_bytes > (16u << 20) ? (ram_bytes - (16u << 20)) >> 16 : 0;
    put16(c, CMOS_HIGH_MEM_LO, high);
    cmos_update_checksum(c);
}

void cmos_describe(const struct cmos *c, char *buf, size_t size)
{
    const uint8_t *r = c->ram;
    snprintf(buf, size,
             "rtc: %02x:%02x:%02x dow=%02x date=%02x-%02x-%02x century=%02x (%s, %s)\n"
             "alarm: %02x:%02x:%02x  A=%02x%s B=%02x C=%02x D=%02x divider=%s\n"
             "index=%02x nmi=%s irq8=%u checksum=%02x%02x\n",
             r[REG_HOUR], r[REG_MIN], r[REG_SEC], r[REG_DOW], r[REG_YEAR], r[REG_MONTH],
             r[REG_DAY], r[CMOS_CENTURY], (r[REG_B] & B_DM) ? "binary" : "BCD",
             (r[REG_B] & B_24H) ? "24h" : "12h", r[REG_AHOUR], r[REG_AMIN], r[REG_ASEC],
             r[REG_A], uip(c) ? "+UIP" : "", r[REG_B], r[REG_C], D_VRT,
             c->running ? "running" : "reset", c->index, c->nmi_masked ? "masked" : "enabled",
             c->irq_level ? 1u : 0u, r[CMOS_CHECKSUM_HI], r[CMOS_CHECKSUM_LO]);
}
