/* tests/debugger/test_gdbstub.c: the GDB stub at the packet level.  A
 * child process runs the debugger session on the test guest with the
 * stub listening on a free localhost port; the test is the client: acks
 * and checksums, registers, memory, breakpoints, watchpoints, stepping,
 * the 0x03 interrupt, monitor commands, and malformed, oversized and
 * unknown packets, which must get error or empty replies and never end
 * the run. */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/debugger/dbgrig.h"

struct client {
    int fd;
    pid_t child;
    char reply[70000];
};

/* Start the stub in a child (held before the first instruction) and connect. */
static void client_open(struct client *cl)
{
    struct machine_config cfg;
    struct emu_err err = { 0 };
    rig_machine_config(&cfg);
    struct machine *m = machine_create(&cfg, &err);
    ck_assert_msg(m != NULL, "%s", err.msg);
    FILE *devnull = fopen("/dev/null", "w");
    struct debugger *d = debugger_create(m, devnull, &err);
    ck_assert_ptr_nonnull(d);
    ck_assert_int_eq(debugger_gdb_listen(d, 0, &err), 0);
    unsigned port = debugger_gdb_port(d);
    ck_assert_uint_ne(port, 0);
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        struct debugger_session s = { .in_fd = -1, .gdb_wait = true };
        int rc = debugger_main(d, &s);
        debugger_destroy(d);
        machine_destroy(m);
        _exit(rc);
    }
    debugger_destroy(d);        /* the parent's copy: closes its listening socket */
    machine_destroy(m);
    fclose(devnull);
    cl->child = pid;
    cl->fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(connect(cl->fd, (struct sockaddr *)&sa, sizeof sa), 0);
}

/* Wait for the child; returns its exit status. */
static int client_wait(struct client *cl)
{
    int status;
    alarm(20);
    ck_assert_int_eq(waitpid(cl->child, &status, 0), cl->child);
    alarm(0);
    ck_assert(WIFEXITED(status));
    return WEXITSTATUS(status);
}

static void send_raw(struct client *cl, const char *s, size_t n)
{
    ck_assert_int_eq(send(cl->fd, s, n, MSG_NOSIGNAL), (ssize_t)n);
}

static void send_pkt(struct client *cl, const char *payload)
{
    size_t n = strlen(payload);
    char *p = malloc(n + 5);
    ck_assert_ptr_nonnull(p);
    unsigned sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += (unsigned char)payload[i];
    snprintf(p, n + 5, "$%s#%02x", payload, sum & 0xffu);
    send_raw(cl, p, n + 4);
    free(p);
}

/* One byte, within 10 s; -1 at EOF. */
static int get_byte(struct client *cl)
{
    struct pollfd pfd = { .fd = cl->fd, .events = POLLIN };
    ck_assert_msg(poll(&pfd, 1, 10000) == 1, "no reply from the stub");
    unsigned char ch;
    ssize_t n = recv(cl->fd, &ch, 1, 0);
    return n == 1 ? ch : -1;
}

/* The next packet's payload (acks and noise before it skipped); checks
 * the checksum and acknowledges it. */
static const char *get_pkt(struct client *cl)
{
    int ch;
    while ((ch = get_byte(cl)) != '$')
        ck_assert_msg(ch >= 0, "the stub closed the connection");
    size_t n = 0;
    unsigned sum = 0;
    while ((ch = get_byte(cl)) != '#') {
        ck_assert_int_ge(ch, 0);
        ck_assert_uint_lt(n, sizeof cl->reply - 1);
        cl->reply[n++] = (char)ch;
        sum += (unsigned)ch;
    }
    cl->reply[n] = 0;
    char hex[3] = { (char)get_byte(cl), (char)get_byte(cl), 0 };
    ck_assert_uint_eq(strtoul(hex, NULL, 16), sum & 0xffu);
    send_raw(cl, "+", 1);
    return cl->reply;
}

static const char *ask(struct client *cl, const char *payload)
{
    send_pkt(cl, payload);
    return get_pkt(cl);
}

#define ASK_EQ(cl, payload, want) ck_assert_str_eq(ask((cl), (payload)), (want))

/* The little-endian hex of a 32-bit value, as registers come. */
static const char *le32(uint32_t v, char *buf)
{
    snprintf(buf, 9, "%02x%02x%02x%02x", v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24);
    return buf;
}

START_TEST(registers_memory_breakpoints_step)
{
    struct client cl;
    char hex[9];
    client_open(&cl);
    ck_assert_ptr_nonnull(strstr(ask(&cl, "qSupported:multiprocess+;swbreak+"),
                                 "PacketSize=3fff"));
    ASK_EQ(&cl, "?", "T05thread:1;");
    ck_assert_ptr_nonnull(strstr(ask(&cl, "qXfer:features:read:target.xml:0,3fff"),
                                 "<feature name=\"org.gnu.gdb.i386.core\">"));
    ck_assert_ptr_nonnull(strstr(cl.reply, "<reg name=\"cs_base\""));
    /* g: 16 x 4 + 8 x 10 + 8 x 4 + 37 x 4 bytes; eip is the linear pc. */
    const char *g = ask(&cl, "g");
    ck_assert_uint_eq(strlen(g), 2 * (64 + 80 + 32 + 148));
    ck_assert_int_eq(strncmp(g + 64, le32(0xfffffff0, hex), 8), 0);
    ASK_EQ(&cl, "p8", le32(0xfffffff0, hex));
    ASK_EQ(&cl, "p42", le32(0xfff0, hex));         /* eip_raw */
    ASK_EQ(&cl, "pa", le32(0xf000, hex));           /* cs */
    ASK_EQ(&cl, "p30", le32(0xffff0000, hex));      /* cs_base */
    ASK_EQ(&cl, "Z0,7c00,1", "OK");
    ASK_EQ(&cl, "c", "T05thread:1;");
    ASK_EQ(&cl, "p8", le32(0x7c00, hex));
    ASK_EQ(&cl, "m7c00,4", "fa31c08e");
    ASK_EQ(&cl, "s", "T05thread:1;");
    ASK_EQ(&cl, "p8", le32(0x7c01, hex));
    ASK_EQ(&cl, "vCont?", "vCont;c;C;s;S");
    ASK_EQ(&cl, "vCont;s:1", "T05thread:1;");
    ASK_EQ(&cl, "p8", le32(0x7c03, hex));
    ASK_EQ(&cl, "z0,7c00,1", "OK");
    /* Registers and memory written by gdb. */
    ASK_EQ(&cl, "P3=78563412", "OK");               /* ebx */
    ASK_EQ(&cl, "p3", "78563412");
    ASK_EQ(&cl, "M600,4:01020304", "OK");
    ASK_EQ(&cl, "m600,4", "01020304");
    ASK_EQ(&cl, "X604,2:}]}\x03", "OK");            /* escaped 0x7d and 0x23 */
    ASK_EQ(&cl, "m604,2", "7d23");
    /* Watchpoints: Z2 (write) on COUNTER. */
    ASK_EQ(&cl, "Z2,600,2", "OK");
    ASK_EQ(&cl, "c", "T05watch:600;thread:1;");
    ASK_EQ(&cl, "m600,2", "3412");
    ASK_EQ(&cl, "z2,600,2", "OK");
    ASK_EQ(&cl, "Z3,600,2", "OK");
    ASK_EQ(&cl, "c", "T05rwatch:600;thread:1;");
    ASK_EQ(&cl, "z3,600,2", "OK");
    /* monitor r: the debugger's output in O packets, then OK. */
    send_pkt(&cl, "qRcmd,72");                      /* "r" */
    const char *o = get_pkt(&cl);
    ck_assert_int_eq(o[0], 'O');
    ck_assert_ptr_nonnull(strstr(o, "6561783a"));   /* "eax:" */
    while (strcmp(get_pkt(&cl), "OK") != 0)
        ;
    /* A run command through monitor is refused with an error line. */
    send_pkt(&cl, "qRcmd,63");                      /* "c" */
    o = get_pkt(&cl);
    ck_assert_int_eq(o[0], 'O');
    ck_assert_str_eq(get_pkt(&cl), "OK");
    ASK_EQ(&cl, "p8", le32(0x7e37, hex));          /* nothing ran */
    ASK_EQ(&cl, "c", "W00");                        /* the guest powers off */
    ck_assert_int_eq(client_wait(&cl), 0);
    close(cl.fd);
}
END_TEST

START_TEST(interrupt_with_0x03)
{
    struct client cl;
    char hex[9];
    client_open(&cl);
    ASK_EQ(&cl, "QStartNoAckMode", "OK");
    /* No acks from here on: a reply is just the packet. */
    ASK_EQ(&cl, "Z1,7c00,1", "OK");
    ASK_EQ(&cl, "c", "T05thread:1;");
    ASK_EQ(&cl, "M7c00,2:ebfe", "OK");              /* jmp $: spin forever */
    ASK_EQ(&cl, "z1,7c00,1", "OK");
    send_pkt(&cl, "c");
    usleep(100000);
    send_raw(&cl, "\x03", 1);
    ck_assert_str_eq(get_pkt(&cl), "T02thread:1;");
    ASK_EQ(&cl, "p8", le32(0x7c00, hex));
    /* The interrupt in the same segment as the continue: the bytes after a
     * packet that runs the machine are read while it runs, in order. */
    send_raw(&cl, "$c#63\x03", 6);
    ck_assert_str_eq(get_pkt(&cl), "T02thread:1;");
    send_pkt(&cl, "k");
    ck_assert_int_eq(client_wait(&cl), 0);
    close(cl.fd);
}
END_TEST

/* Bad packets get errors or empty replies; the session goes on. */
START_TEST(bad_packets)
{
    struct client cl;
    char hex[9];
    client_open(&cl);
    /* A bad checksum is NAKed. */
    send_raw(&cl, "$g#00", 5);
    int ch;
    while ((ch = get_byte(&cl)) == '+')
        ;
    ck_assert_int_eq(ch, '-');
    static const char *const errors[] = {
        "mzz,4", "m7c00", "m7c00,", "m1ffffffff,1", "m0,4x", "M0,2:12", "M0,1:zz", "M0,1",
        "X0,4:ab", "p999", "pzz", "P0=12", "P0=zzzzzzzz", "P999=00000000", "Z0,7c00", "Z2,600,0",
        "Z2,ffffffff,2", "Z0,1ffffffff,1", "z", "Gabc", "qXfer:features:read:target.xml:zz,1",
        "vCont;x", "vCont", "c1ffffffff", "qRcmd,7", "qRcmd,zz",
    };
    for (size_t i = 0; i < sizeof errors / sizeof errors[0]; i++) {
        const char *r = ask(&cl, errors[i]);
        ck_assert_msg(r[0] == 'E' && strlen(r) == 3, "'%s' got '%s'", errors[i], r);
    }
    static const char *const empty[] = { "!", "Z9,0,1", "vMustReplyEmpty", "qTStatus", "bc",
                                         "qOffsets" };
    for (size_t i = 0; i < sizeof empty / sizeof empty[0]; i++)
        ck_assert_msg(strcmp(ask(&cl, empty[i]), "") == 0, "'%s' got '%s'", empty[i], cl.reply);
    ASK_EQ(&cl, "qXfer:features:read:other.xml:0,10", "E00");
    /* An oversized packet: refused, and the connection stays. */
    size_t big = 40000;
    char *p = malloc(big + 8);
    ck_assert_ptr_nonnull(p);
    p[0] = '$';
    memset(p + 1, 'm', big);
    unsigned sum = (unsigned)'m' * (unsigned)big;
    snprintf(p + 1 + big, 4, "#%02x", sum & 0xffu);
    send_raw(&cl, p, big + 4);
    free(p);
    ASK_EQ(&cl, "", "E01");         /* the oversized one's reply comes first... */
    ck_assert_str_eq(get_pkt(&cl), "");     /* ...then the empty packet's */
    /* Noise between packets and a stray '-' are harmless. */
    send_raw(&cl, "garbage+", 8);
    ASK_EQ(&cl, "p8", le32(0xfffffff0, hex));
    /* A second debugger is turned away; the first stays. */
    int fd2 = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa;
    socklen_t len = sizeof sa;
    ck_assert_int_eq(getpeername(cl.fd, (struct sockaddr *)&sa, &len), 0);
    ck_assert_int_eq(connect(fd2, (struct sockaddr *)&sa, sizeof sa), 0);
    ASK_EQ(&cl, "s", "T05thread:1;");
    char buf[4];
    struct pollfd pfd = { .fd = fd2, .events = POLLIN };
    ck_assert_int_eq(poll(&pfd, 1, 5000), 1);
    ck_assert_int_eq(recv(fd2, buf, sizeof buf, 0), 0);    /* closed */
    close(fd2);
    /* Detach: the machine runs on to its end without gdb. */
    ASK_EQ(&cl, "D", "OK");
    ck_assert_int_eq(client_wait(&cl), 0);
    close(cl.fd);
}
END_TEST

static Suite *gdbstub_suite(void)
{
    Suite *s = suite_create("gdbstub");
    TCase *tc = tcase_create("packets");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, registers_memory_breakpoints_step);
    tcase_add_test(tc, interrupt_with_0x03);
    tcase_add_test(tc, bad_packets);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    SRunner *sr = srunner_create(gdbstub_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
