/* devices/ps2kbd.c: IBM PS/2 (MF2, ID AB 83h) keyboard, per the IBM
 * Keyboard and Auxiliary Device Controller / Keyboard Technical Reference:
 * commands EDh-FFh, scan code sets 1-3 with set 3 key types, the MF2
 * fake-shift sequences for the gray keys, Print Screen and Pause, and
 * typematic repeat timed in virtual time.  Set 1 is generated as the 8042
 * translation of set 2, which is how the two sets relate.
 * LIMITATION: no BAT completion code (AAh) is sent at power-on, only
 * after a reset command; the set 3 defaults for key types follow the
 * common MF2 keyboard (Caps, Shifts, left Ctrl/Alt make/break; Win and
 * Menu typematic make/break; all else typematic make-only). */
#include "devices/ps2kbd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/sched.h"

#define KBD_ACK 0xfa
#define KBD_RESEND 0xfe
#define KBD_BAT_OK 0xaa
#define KBD_ECHO 0xee
#define KBD_TYPEMATIC_DEFAULT 0x2b      /* 10.9 characters/s after 500 ms */
#define DATA_QUEUE 4096u
#define RESP_QUEUE 16u
#define HW_BUFFER 16u                   /* the keyboard's own buffer: typematic waits beyond it */

/* Set 3 key types (commands F7h-FDh), per set 3 make code. */
#define ATTR_TYPEMATIC 0x01
#define ATTR_BREAK 0x02

struct byte_queue {
    uint8_t *buf;
    unsigned cap, head, count;
};

struct ps2kbd {
    struct sched *sched;
    void (*notify)(void *opaque);
    void *opaque;
    uint8_t data_buf[DATA_QUEUE], resp_buf[RESP_QUEUE];
    struct byte_queue data, resp;       /* responses go out before scan codes */
    uint8_t last_sent;                  /* for Resend */
    unsigned set;                       /* 1, 2, 3 */
    uint8_t leds;
    uint8_t typematic;
    bool scanning;
    uint8_t expect;                     /* command awaiting its option byte(s), or 0 */
    uint8_t attr[256];
    bool down[PC_KEY_COUNT];
    enum pc_key repeat_key;
    struct timer repeat_timer;
    bool host_repeat;                   /* repeats come from the host, not repeat_timer */
};

struct seq {
    uint8_t b[16];
    unsigned n;
};

static void put(struct seq *s, uint8_t v)
{
    if (s->n < sizeof s->b)
        s->b[s->n++] = v;
}

/* ---- queues ---- */

static bool q_push(struct byte_queue *q, uint8_t v)
{
    if (q->count == q->cap)
        return false;
    q->buf[(q->head + q->count) % q->cap] = v;
    q->count++;
    return true;
}

static uint8_t q_pop(struct byte_queue *q)
{
    uint8_t v = q->buf[q->head];
    q->head = (q->head + 1) % q->cap;
    q->count--;
    return v;
}

static void respond(struct ps2kbd *k, uint8_t v)
{
    q_push(&k->resp, v);
    if (k->notify != NULL)
        k->notify(k->opaque);
}

static void send_scan(struct ps2kbd *k, const struct seq *s)
{
    if (s->n == 0)
        return;
    if (k->data.cap - k->data.count < s->n) {
        /* Overrun: the keyboard's overrun code in place of the sequence. */
        if (k->data.count < k->data.cap)
            q_push(&k->data, k->set == 1 ? 0xff : 0x00);
    } else {
        for (unsigned i = 0; i < s->n; i++)
            q_push(&k->data, s->b[i]);
    }
    if (k->notify != NULL)
        k->notify(k->opaque);
}

bool ps2kbd_pending(const struct ps2kbd *k)
{
    return k->resp.count > 0 || k->data.count > 0;
}

uint8_t ps2kbd_read(struct ps2kbd *k)
{
    if (k->resp.count > 0)
        k->last_sent = q_pop(&k->resp);
    else if (k->data.count > 0)
        k->last_sent = q_pop(&k->data);
    return k->last_sent;
}

/* ---- scan codes ---- */

static bool is_gray(enum pc_key key)
{
    return key >= PC_KEY_INSERT && key <= PC_KEY_RIGHT;
}

static bool shift_down(const struct ps2kbd *k)
{
    return k->down[PC_KEY_LEFT_SHIFT] || k->down[PC_KEY_RIGHT_SHIFT];
}

/* Release the shifts the host thinks are down (before a gray key's make)
 * or press them again (after its break), as an MF2 keyboard does. */
static void fake_shifts(const struct ps2kbd *k, struct seq *s, bool release)
{
    static const uint8_t codes[2] = { 0x12, 0x59 };
    static const enum pc_key keys[2] = { PC_KEY_LEFT_SHIFT, PC_KEY_RIGHT_SHIFT };
    for (unsigned j = 0; j < 2; j++) {
        unsigned i = release ? j : 1 - j;
        if (!k->down[keys[i]])
            continue;
        put(s, 0xe0);
        if (release)
            put(s, 0xf0);
        put(s, codes[i]);
    }
}

static void plain_set2(struct seq *s, uint16_t code, bool make)
{
    if (code & 0xff00)
        put(s, 0xe0);
    if (!make)
        put(s, 0xf0);
    put(s, (uint8_t)code);
}

static void seq_set2(const struct ps2kbd *k, enum pc_key key, bool make, struct seq *s)
{
    uint16_t code = pc_key_codes(key)->set2;
    bool ctrl = k->down[PC_KEY_LEFT_CTRL] || k->down[PC_KEY_RIGHT_CTRL];
    bool alt = k->down[PC_KEY_LEFT_ALT] || k->down[PC_KEY_RIGHT_ALT];
    if (key == PC_KEY_PAUSE) {
        static const uint8_t brk[] = { 0xe0, 0x7e, 0xe0, 0xf0, 0x7e };
        static const uint8_t pause[] = { 0xe1, 0x14, 0x77, 0xe1, 0xf0, 0x14, 0xf0, 0x77 };
        if (!make)
            return;             /* Pause has no break code */
        const uint8_t *p = ctrl ? brk : pause;
        unsigned n = ctrl ? sizeof brk : sizeof pause;
        for (unsigned i = 0; i < n; i++)
            put(s, p[i]);
        return;
    }
    if (key == PC_KEY_PRINT_SCREEN) {
        if (alt) {
            plain_set2(s, 0x84, make);          /* SysRq */
        } else if (shift_down(k) || ctrl) {
            plain_set2(s, code, make);
        } else if (make) {
            plain_set2(s, 0xe012, true);
            plain_set2(s, code, true);
        } else {
            plain_set2(s, code, false);
            plain_set2(s, 0xe012, false);
        }
        return;
    }
    /* Gray keys: shift held and Num Lock off -> shifts released around
     * the key; Num Lock on and no shift -> a left shift pressed around it;
     * both -> the base code (Microsoft keyboard scan code specification). */
    bool gray = is_gray(key), shifted = shift_down(k), num = (k->leds & PS2KBD_LED_NUM) != 0;
    if (((gray && !num) || key == PC_KEY_KP_DIVIDE) && shifted) {
        if (make)
            fake_shifts(k, s, true);
        plain_set2(s, code, make);
        if (!make)
            fake_shifts(k, s, false);
        return;
    }
    if (gray && num && !shifted) {
        if (make) {
            plain_set2(s, 0xe012, true);
            plain_set2(s, code, true);
        } else {
            plain_set2(s, code, false);
            plain_set2(s, 0xe012, false);
        }
        return;
    }
    plain_set2(s, code, make);
}

static void key_sequence(const struct ps2kbd *k, enum pc_key key, bool make, struct seq *s)
{
    s->n = 0;
    if (k->set == 3) {
        uint8_t code = pc_key_codes(key)->set3;
        if (!make && !(k->attr[code] & ATTR_BREAK))
            return;
        if (!make)
            put(s, 0xf0);
        put(s, code);
        return;
    }
    seq_set2(k, key, make, s);
    if (k->set == 1) {              /* set 1 = the 8042's translation of set 2 */
        unsigned n = 0;
        bool brk = false;
        for (unsigned i = 0; i < s->n; i++) {
            if (s->b[i] == 0xf0) {
                brk = true;
                continue;
            }
            s->b[n++] = (uint8_t)(pc_translate_set2(s->b[i]) | (brk ? 0x80 : 0));
            brk = false;
        }
        s->n = n;
    }
}

static bool is_typematic(const struct ps2kbd *k, enum pc_key key)
{
    if (k->set == 3)
        return (k->attr[pc_key_codes(key)->set3] & ATTR_TYPEMATIC) != 0;
    return key != PC_KEY_PAUSE;
}

/* Typematic timing (IBM keyboard reference, "Set Typematic Rate/Delay"):
 * delay (1 + D) * 250 ms, period (8 + A) * 2^B * 4.17 ms. */
static uint64_t typematic_delay(const struct ps2kbd *k)
{
    return sched_ns_to_ticks((uint64_t)(((k->typematic >> 5) & 3) + 1) * 250000000ull);
}

static uint64_t typematic_period(const struct ps2kbd *k)
{
    unsigned a = k->typematic & 7, b = (k->typematic >> 3) & 3;
    return sched_ns_to_ticks((uint64_t)((8 + a) << b) * 4170000ull);
}

static void stop_repeat(struct ps2kbd *k)
{
    k->repeat_key = PC_KEY_NONE;
    sched_cancel(k->sched, &k->repeat_timer);
}

static void repeat_fire(void *opaque, uint64_t now)
{
    struct ps2kbd *k = opaque;
    enum pc_key key = k->repeat_key;
    if (key == PC_KEY_NONE || !k->down[key] || !k->scanning)
        return;
    if (k->data.count < HW_BUFFER) {
        struct seq s;
        key_sequence(k, key, true, &s);
        send_scan(k, &s);
    }
    sched_arm(k->sched, &k->repeat_timer, now + typematic_period(k), repeat_fire, k);
}

void ps2kbd_key(struct ps2kbd *k, enum pc_key key, bool pressed)
{
    if (pc_key_codes(key) == NULL || k->down[key] == pressed)
        return;
    struct seq s;
    if (k->scanning)
        key_sequence(k, key, pressed, &s);
    k->down[key] = pressed;
    if (!k->scanning)
        return;
    send_scan(k, &s);
    if (pressed && is_typematic(k, key) && !k->host_repeat) {
        k->repeat_key = key;
        sched_arm(k->sched, &k->repeat_timer, sched_now(k->sched) + typematic_delay(k),
                  repeat_fire, k);
    } else if (!pressed && key == k->repeat_key) {
        stop_repeat(k);
    }
}

void ps2kbd_set_host_repeat(struct ps2kbd *k, bool on)
{
    k->host_repeat = on;
    if (on)
        stop_repeat(k);
}

void ps2kbd_key_repeat(struct ps2kbd *k, enum pc_key key)
{
    if (!k->host_repeat || pc_key_codes(key) == NULL || !k->down[key] || !k->scanning ||
        !is_typematic(k, key) || k->data.count >= HW_BUFFER)
        return;
    struct seq s;
    key_sequence(k, key, true, &s);
    send_scan(k, &s);
}

/* ---- commands ---- */

static void set3_defaults(struct ps2kbd *k)
{
    static const uint8_t make_break[] = { 0x14, 0x12, 0x59, 0x11, 0x19 };   /* Caps Shift Ctrl Alt */
    static const uint8_t all[] = { 0x8b, 0x8c, 0x8d };                      /* Win, Menu */
    memset(k->attr, ATTR_TYPEMATIC, sizeof k->attr);
    for (size_t i = 0; i < sizeof make_break; i++)
        k->attr[make_break[i]] = ATTR_BREAK;
    for (size_t i = 0; i < sizeof all; i++)
        k->attr[all[i]] = ATTR_TYPEMATIC | ATTR_BREAK;
}

static void set_defaults(struct ps2kbd *k)
{
    k->typematic = KBD_TYPEMATIC_DEFAULT;
    set3_defaults(k);
    stop_repeat(k);
}

/* Commands that clear the keyboard's output buffer drop pending scan
 * codes; responses to earlier commands still go out. */
static void clear_output(struct ps2kbd *k)
{
    k->data.head = k->data.count = 0;
}

static void all_keys(struct ps2kbd *k, uint8_t attr)
{
    memset(k->attr, attr, sizeof k->attr);
    respond(k, KBD_ACK);
}

static void command(struct ps2kbd *k, uint8_t cmd)
{
    k->expect = 0;
    switch (cmd) {
    case 0xff:                          /* reset: ACK, then the self-test result */
        clear_output(k);
        k->resp.head = k->resp.count = 0;
        set_defaults(k);
        k->set = 2;
        k->leds = 0;
        k->scanning = true;
        respond(k, KBD_ACK);
        respond(k, KBD_BAT_OK);
        break;
    case 0xfe:
        respond(k, k->last_sent);
        break;
    case 0xfd:                          /* set key type make / make-break / typematic */
    case 0xfc:
    case 0xfb:
        clear_output(k);
        respond(k, KBD_ACK);
        k->expect = cmd;
        break;
    case 0xfa:
        all_keys(k, ATTR_TYPEMATIC | ATTR_BREAK);
        break;
    case 0xf9:
        all_keys(k, 0);
        break;
    case 0xf8:
        all_keys(k, ATTR_BREAK);
        break;
    case 0xf7:
        all_keys(k, ATTR_TYPEMATIC);
        break;
    case 0xf6:                          /* set default, keep scanning */
        clear_output(k);
        set_defaults(k);
        respond(k, KBD_ACK);
        break;
    case 0xf5:                          /* default and disable */
        clear_output(k);
        set_defaults(k);
        k->scanning = false;
        respond(k, KBD_ACK);
        break;
    case 0xf4:
        clear_output(k);
        k->scanning = true;
        respond(k, KBD_ACK);
        break;
    case 0xf3:
    case 0xf0:
    case 0xed:
        respond(k, KBD_ACK);
        k->expect = cmd;
        break;
    case 0xf2:                          /* read ID: MF2 keyboard */
        respond(k, KBD_ACK);
        respond(k, 0xab);
        respond(k, 0x83);
        break;
    case 0xee:
        respond(k, KBD_ECHO);
        break;
    default:
        respond(k, KBD_RESEND);         /* not a command */
        break;
    }
}

void ps2kbd_write(struct ps2kbd *k, uint8_t byte)
{
    uint8_t cmd = k->expect;
    /* A command byte where an option byte was expected ends the wait. */
    bool is_cmd = byte >= 0xed && byte != 0xef && byte != 0xf1;
    if (cmd == 0 || is_cmd) {
        command(k, byte);
        return;
    }
    switch (cmd) {
    case 0xed:
        k->leds = byte & 7;
        k->expect = 0;
        respond(k, KBD_ACK);
        break;
    case 0xf3:
        k->typematic = byte & 0x7f;
        k->expect = 0;
        respond(k, KBD_ACK);
        break;
    case 0xf0:
        k->expect = 0;
        if (byte == 0) {
            respond(k, KBD_ACK);
            respond(k, (uint8_t)k->set);
        } else if (byte <= 3) {
            clear_output(k);
            stop_repeat(k);
            k->set = byte;
            respond(k, KBD_ACK);
        } else {
            respond(k, KBD_RESEND);
        }
        break;
    default:                            /* FBh-FDh: one key per byte until a command */
        k->attr[byte] = cmd == 0xfb ? ATTR_TYPEMATIC : cmd == 0xfc ? ATTR_BREAK : 0;
        respond(k, KBD_ACK);
        break;
    }
}

uint8_t ps2kbd_leds(const struct ps2kbd *k)
{
    return k->leds;
}

unsigned ps2kbd_scancode_set(const struct ps2kbd *k)
{
    return k->set;
}

struct ps2kbd *ps2kbd_create(struct sched *sched, void (*notify)(void *opaque), void *opaque,
                             struct emu_err *err)
{
    struct ps2kbd *k = calloc(1, sizeof *k);
    if (k == NULL) {
        emu_fail(err, EMU_ENOMEM, "ps2kbd: out of memory");
        return NULL;
    }
    k->sched = sched;
    k->notify = notify;
    k->opaque = opaque;
    k->data = (struct byte_queue){ .buf = k->data_buf, .cap = DATA_QUEUE };
    k->resp = (struct byte_queue){ .buf = k->resp_buf, .cap = RESP_QUEUE };
    ps2kbd_reset(k);
    return k;
}

void ps2kbd_destroy(struct ps2kbd *k)
{
    if (k == NULL)
        return;
    sched_cancel(k->sched, &k->repeat_timer);
    free(k);
}

void ps2kbd_reset(struct ps2kbd *k)
{
    clear_output(k);
    set_defaults(k);
    memset(k->down, 0, sizeof k->down);
    k->set = 2;
    k->leds = 0;
    k->scanning = true;
    k->expect = 0;
    k->last_sent = 0;
}

void ps2kbd_describe(const struct ps2kbd *k, char *buf, size_t size)
{
    unsigned down = 0;
    for (unsigned i = 0; i < PC_KEY_COUNT; i++)
        down += k->down[i];
    snprintf(buf, size,
             "keyboard: set %u scanning=%s leds=%c%c%c typematic=%02x queued=%u+%u "
             "keys-down=%u repeat=%s%s\n",
             k->set, k->scanning ? "on" : "off", (k->leds & PS2KBD_LED_CAPS) ? 'C' : '-',
             (k->leds & PS2KBD_LED_NUM) ? 'N' : '-', (k->leds & PS2KBD_LED_SCROLL) ? 'S' : '-',
             k->typematic, k->resp.count, k->data.count, down, pc_key_name(k->repeat_key),
             k->expect ? " (awaiting option byte)" : "");
}
