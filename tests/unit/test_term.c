/* tests/unit/test_term.c: the terminal display's key decoder (what
 * terminals send for their keys, back to PC keys) and the real-time pacing
 * arithmetic the terminal and the window share. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "devices/sched.h"
#include "frontend-term/termkeys.h"
#include "machine/pace.h"

/* Decode s (and flush when asked) into at most 8 keys. */
static size_t decode(const char *s, bool flush, struct term_key *out)
{
    struct termkeys k;
    termkeys_init(&k);
    size_t n = termkeys_feed(&k, (const uint8_t *)s, strlen(s), out, 8);
    if (flush)
        n += termkeys_flush(&k, out + n, 8 - n);
    return n;
}

#define ONE_KEY(str, want_key, want_mods)                                          \
    do {                                                                           \
        struct term_key k_[8];                                                     \
        ck_assert_uint_eq(decode((str), true, k_), 1);                             \
        ck_assert_msg(k_[0].key == (want_key), "%s: key %s", #str,                 \
                      pc_key_name(k_[0].key));                                     \
        ck_assert_uint_eq(k_[0].mods, (want_mods));                                \
    } while (0)

START_TEST(printable_characters)
{
    ONE_KEY("a", PC_KEY_A, 0);
    ONE_KEY("A", PC_KEY_A, TK_SHIFT);
    ONE_KEY("1", PC_KEY_1, 0);
    ONE_KEY("!", PC_KEY_1, TK_SHIFT);
    ONE_KEY(" ", PC_KEY_SPACE, 0);
    ONE_KEY("\\", PC_KEY_BACKSLASH, 0);
    ONE_KEY("|", PC_KEY_BACKSLASH, TK_SHIFT);
    struct term_key k[8];
    ck_assert_uint_eq(decode("dir", false, k), 3);
    ck_assert(k[0].key == PC_KEY_D && k[1].key == PC_KEY_I && k[2].key == PC_KEY_R);
}
END_TEST

START_TEST(control_characters)
{
    ONE_KEY("\r", PC_KEY_ENTER, 0);
    ONE_KEY("\n", PC_KEY_ENTER, 0);
    ONE_KEY("\t", PC_KEY_TAB, 0);
    ONE_KEY("\x7f", PC_KEY_BACKSPACE, 0);
    ONE_KEY("\b", PC_KEY_BACKSPACE, 0);
    ONE_KEY("\x03", PC_KEY_C, TK_CTRL);        /* Ctrl-C goes to the guest */
    ONE_KEY("\x1a", PC_KEY_Z, TK_CTRL);
    ONE_KEY("\x1c", PC_KEY_BACKSLASH, TK_CTRL);
    struct term_key k[8];
    ck_assert_uint_eq(decode("\x1d", false, k), 1);  /* Ctrl-]: leave */
    ck_assert(k[0].quit);
}
END_TEST

START_TEST(escape_sequences)
{
    ONE_KEY("\033[A", PC_KEY_UP, 0);
    ONE_KEY("\033[D", PC_KEY_LEFT, 0);
    ONE_KEY("\033OB", PC_KEY_DOWN, 0);             /* application cursor mode */
    ONE_KEY("\033[H", PC_KEY_HOME, 0);
    ONE_KEY("\033[4~", PC_KEY_END, 0);
    ONE_KEY("\033[2~", PC_KEY_INSERT, 0);
    ONE_KEY("\033[3~", PC_KEY_DELETE, 0);
    ONE_KEY("\033[5~", PC_KEY_PAGE_UP, 0);
    ONE_KEY("\033[6~", PC_KEY_PAGE_DOWN, 0);
    ONE_KEY("\033OP", PC_KEY_F1, 0);
    ONE_KEY("\033[[E", PC_KEY_F5, 0);              /* the Linux console */
    ONE_KEY("\033[15~", PC_KEY_F5, 0);
    ONE_KEY("\033[21~", PC_KEY_F10, 0);
    ONE_KEY("\033[24~", PC_KEY_F12, 0);
    ONE_KEY("\033[1;5C", PC_KEY_RIGHT, TK_CTRL);   /* xterm modifiers */
    ONE_KEY("\033[1;2A", PC_KEY_UP, TK_SHIFT);
    ONE_KEY("\033[3;3~", PC_KEY_DELETE, TK_ALT);
    ONE_KEY("\033[15;6~", PC_KEY_F5, TK_SHIFT | TK_CTRL);
}
END_TEST

START_TEST(esc_alone_and_alt)
{
    /* A lone ESC waits: it may start a sequence; the flush makes it Esc. */
    struct term_key k[8];
    struct termkeys tk;
    termkeys_init(&tk);
    ck_assert_uint_eq(termkeys_feed(&tk, (const uint8_t *)"\033", 1, k, 8), 0);
    ck_assert(termkeys_pending(&tk));
    ck_assert_uint_eq(termkeys_flush(&tk, k, 8), 1);
    ck_assert(k[0].key == PC_KEY_ESC);
    ck_assert(!termkeys_pending(&tk));
    ONE_KEY("\033x", PC_KEY_X, TK_ALT);            /* Meta sends ESC first */
    ONE_KEY("\033[", PC_KEY_LEFT_BRACKET, TK_ALT);   /* Alt-[ , then quiet */
    /* ESC ESC: the first is Esc; the second waits. */
    ck_assert_uint_eq(decode("\033\033", false, k), 1);
    ck_assert(k[0].key == PC_KEY_ESC);
    /* A sequence split across reads still decodes. */
    termkeys_init(&tk);
    ck_assert_uint_eq(termkeys_feed(&tk, (const uint8_t *)"\033[1", 3, k, 8), 0);
    ck_assert_uint_eq(termkeys_feed(&tk, (const uint8_t *)"5~x", 3, k, 8), 2);
    ck_assert(k[0].key == PC_KEY_F5 && k[1].key == PC_KEY_X);
}
END_TEST

START_TEST(unknown_sequences_are_dropped)
{
    struct term_key k[8];
    /* CSI 99 ~ and an SS3 with an unknown final: nothing, and what follows
     * decodes normally. */
    ck_assert_uint_eq(decode("\033[99~a", true, k), 1);
    ck_assert(k[0].key == PC_KEY_A);
    ck_assert_uint_eq(decode("\033Oza", true, k), 1);
    ck_assert(k[0].key == PC_KEY_A);
    /* A mouse report (private parameters): read to its end, dropped. */
    ck_assert_uint_eq(decode("\033[<0;10;5Mc", true, k), 1);
    ck_assert(k[0].key == PC_KEY_C);
    /* A runaway parameter list is cut off, not overflowed. */
    ck_assert_uint_eq(decode("\033[1;2;3;4;5;6;7;8;9;0;1;2;3;4;5;6;7;8~b", true, k), 1);
    ck_assert(k[0].key == PC_KEY_B);
}
END_TEST

/* ---- pace ---- */

START_TEST(pace_follows_host_clock)
{
    struct pace p;
    memset(&p, 0, sizeof p);
    pace_reset(&p, 1000, 5000, 100000000);
    ck_assert_uint_eq(pace_due(&p, 1000, 5000), 5000);
    /* 10 ms later the guest is due 10 ms of ticks further. */
    ck_assert_uint_eq(pace_due(&p, 1000 + 10000000, 5000), 5000 + 143181);
    ck_assert_uint_eq(pace_host_at(&p, 5000 + SCHED_HZ), 1000 + 1000000000ull);
    ck_assert_uint_eq(pace_ns_to_ticks(1000000000ull), SCHED_HZ);
    ck_assert_uint_eq(pace_ticks_to_ns(SCHED_HZ), 1000000000ull);
    ck_assert_uint_eq(pace_ticks_to_ns(1), 70);         /* 69.84 ns, rounded up */
    ck_assert_uint_eq(p.resyncs, 0);
}
END_TEST

START_TEST(pace_gives_up_on_a_slow_guest)
{
    struct pace p;
    memset(&p, 0, sizeof p);
    uint64_t lag = 100000000;                   /* 100 ms */
    pace_reset(&p, 0, 0, lag);
    /* One second later the guest has only run 0.5 s: it is not asked for
     * more than max_lag ahead of where it is. */
    uint64_t half = SCHED_HZ / 2;
    uint64_t due = pace_due(&p, 1000000000ull, half);
    ck_assert_uint_eq(due, half + pace_ns_to_ticks(lag));
    ck_assert_uint_eq(p.resyncs, 1);
    /* From there it follows the host again. */
    ck_assert_uint_eq(pace_due(&p, 1000000000ull + 50000000, due), due + pace_ns_to_ticks(50000000));
    /* A guest ahead of the host is due nothing new; it waits. */
    ck_assert_uint_le(pace_due(&p, 1000000000ull + 50000000, due + SCHED_HZ), due + SCHED_HZ);
    ck_assert(pace_host_at(&p, due + SCHED_HZ) > 1000000000ull + 50000000);
}
END_TEST

static Suite *term_suite(void)
{
    Suite *s = suite_create("term");
    TCase *tc = tcase_create("keys");
    tcase_add_test(tc, printable_characters);
    tcase_add_test(tc, control_characters);
    tcase_add_test(tc, escape_sequences);
    tcase_add_test(tc, esc_alone_and_alt);
    tcase_add_test(tc, unknown_sequences_are_dropped);
    suite_add_tcase(s, tc);
    tc = tcase_create("pace");
    tcase_add_test(tc, pace_follows_host_clock);
    tcase_add_test(tc, pace_gives_up_on_a_slow_guest);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(term_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
