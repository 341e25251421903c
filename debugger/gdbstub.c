/* debugger/gdbstub.c: the GDB stub: the Remote Serial Protocol (GDB
 * manual, appendix E "GDB Remote Serial Protocol") over TCP on
 * 127.0.0.1.  Packets with checksums and acknowledgements (and
 * QStartNoAckMode), an i386 target description with the segment caches,
 * control, debug and descriptor-table registers (qXfer:features:read),
 * g/G/p/P, m/M/X, Z0-Z4/z0-z4, c/s/C/S, vCont, the 0x03 interrupt, and
 * qRcmd (`monitor CMD`) running a built-in debugger command.
 *
 * Addresses convention: gdb sees one flat linear address space.  Memory
 * packets and breakpoints take linear addresses (what the CPU makes from
 * segment base + offset, before paging); the pc register (eip) is the
 * linear address CS.base + EIP in every mode, so in real mode it is
 * CS*16 + IP.  The raw EIP is register eip_raw, and each segment's base,
 * limit and attributes are registers too.
 *
 * A malformed, oversized or unknown packet gets an error or empty reply;
 * nothing a client sends ends the run except `k`. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include "debugger/internal.h"
#include "machine/machine.h"

#define GDB_PKT_MAX 16384           /* the largest packet we take (PacketSize) */
#define GDB_REPLY_MAX (2 * GDB_PKT_MAX + 64)

struct gdbstub {
    struct debugger *d;
    int listen_fd;
    int fd;                         /* the connection, -1 when none */
    bool no_ack;                    /* QStartNoAckMode was accepted */
    bool waiting;                   /* gdb resumed the machine and waits for a stop */
    /* Receiving. */
    enum { RX_IDLE, RX_DATA, RX_SUM1, RX_SUM2 } rx;
    char pkt[GDB_PKT_MAX + 1];
    size_t pkt_len;
    bool pkt_overflow;
    uint8_t sum;
    unsigned sum_rx;
    bool interrupt;                 /* 0x03 arrived */
    /* Bytes received and not yet looked at.  A packet that runs the
     * machine is handled before the bytes after it, and the run's own
     * polling (a nested gdb_service) takes them from here, in order. */
    uint8_t backlog[4096];
    size_t backlog_len;
    /* The last reply, for a retransmission after '-'. */
    char *last;
    size_t last_len;
};

/* ---- Connection ---- */

struct gdbstub *gdb_create(struct debugger *d, uint16_t port, struct emu_err *err)
{
    struct gdbstub *g = calloc(1, sizeof *g);
    if (g == NULL) {
        emu_fail(err, EMU_ENOMEM, "out of memory");
        return NULL;
    }
    g->d = d;
    g->fd = -1;
    g->listen_fd = socket(AF_INET, SOCK_STREAM, 0);
    if (g->listen_fd < 0) {
        emu_fail(err, EMU_EIO, "gdb: socket: %s", strerror(errno));
        free(g);
        return NULL;
    }
    int one = 1;
    setsockopt(g->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);        /* localhost only */
    if (bind(g->listen_fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
        listen(g->listen_fd, 1) != 0) {
        emu_fail(err, EMU_EIO, "gdb: cannot listen on 127.0.0.1:%u: %s", port, strerror(errno));
        close(g->listen_fd);
        free(g);
        return NULL;
    }
    fcntl(g->listen_fd, F_SETFL, fcntl(g->listen_fd, F_GETFL) | O_NONBLOCK);
    return g;
}

static void drop_connection(struct gdbstub *g)
{
    if (g->fd < 0)
        return;
    close(g->fd);
    g->fd = -1;
    g->waiting = false;
    g->rx = RX_IDLE;
    /* gdb's breakpoints leave with it. */
    struct debugger *d = g->d;
    for (size_t i = d->nbp; i-- > 0;) {
        if (d->bp[i].owner == BP_OWNER_GDB)
            bp_delete(d, d->bp[i].id);
    }
    dbg_update_hooks(d);
}

void gdb_destroy(struct gdbstub *g)
{
    if (g == NULL)
        return;
    drop_connection(g);
    close(g->listen_fd);
    free(g->last);
    free(g);
}

bool gdb_connected(const struct gdbstub *g)
{
    return g->fd >= 0;
}

unsigned gdb_port(const struct gdbstub *g)
{
    struct sockaddr_in sa;
    socklen_t len = sizeof sa;
    if (getsockname(g->listen_fd, (struct sockaddr *)&sa, &len) != 0)
        return 0;
    return ntohs(sa.sin_port);
}

bool gdb_wants_run(const struct gdbstub *g)
{
    return g->waiting;
}

int gdb_poll_fds(struct gdbstub *g, int *fds, int max)
{
    int n = 0;
    if (n < max)
        fds[n++] = g->listen_fd;
    if (g->fd >= 0 && n < max)
        fds[n++] = g->fd;
    return n;
}

static void send_raw(struct gdbstub *g, const char *s, size_t n)
{
    while (g->fd >= 0 && n > 0) {
        ssize_t w = send(g->fd, s, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            struct timeval tv = { .tv_sec = 0, .tv_usec = 10000 };
            select(0, NULL, NULL, NULL, &tv);
            continue;
        }
        if (w <= 0) {
            drop_connection(g);
            return;
        }
        s += w;
        n -= (size_t)w;
    }
}

/* Send payload (already escaped where needed) as $payload#xx. */
static void send_packet(struct gdbstub *g, const char *payload, size_t n)
{
    char *p = malloc(n + 4);
    if (p == NULL)
        return;
    uint8_t sum = 0;
    p[0] = '$';
    for (size_t i = 0; i < n; i++) {
        p[1 + i] = payload[i];
        sum = (uint8_t)(sum + (uint8_t)payload[i]);
    }
    static const char hex[] = "0123456789abcdef";
    p[n + 1] = '#';
    p[n + 2] = hex[sum >> 4];
    p[n + 3] = hex[sum & 15];
    send_raw(g, p, n + 4);
    free(g->last);
    g->last = p;
    g->last_len = n + 4;
}

static void reply(struct gdbstub *g, const char *s)
{
    send_packet(g, s, strlen(s));
}

static void accept_connection(struct gdbstub *g)
{
    int fd = accept(g->listen_fd, NULL, NULL);
    if (fd < 0)
        return;
    if (g->fd >= 0) {
        close(fd);                  /* one debugger at a time */
        return;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    g->fd = fd;
    g->no_ack = false;
    g->waiting = false;
    g->rx = RX_IDLE;
    g->interrupt = false;
}

/* ---- Packet helpers ---- */

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* Parse hex digits up to a delimiter; false on no digits or overflow. */
static bool parse_hex(const char **s, uint64_t *v, unsigned max_digits)
{
    uint64_t x = 0;
    unsigned n = 0;
    int h;
    while ((h = hexval(**s)) >= 0) {
        if (++n > max_digits)
            return false;
        x = x << 4 | (unsigned)h;
        (*s)++;
    }
    *v = x;
    return n > 0;
}

static void hex_encode(const uint8_t *in, size_t n, char *out)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hex[in[i] >> 4];
        out[2 * i + 1] = hex[in[i] & 15];
    }
    out[2 * n] = 0;
}

static bool hex_decode(const char *in, size_t n, uint8_t *out)
{
    for (size_t i = 0; i < n; i++) {
        int hi = hexval(in[2 * i]), lo = hexval(in[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return false;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return true;
}

static void send_stop_reply(struct gdbstub *g)
{
    struct debugger *d = g->d;
    char buf[96];
    if (d->ended) {
        snprintf(buf, sizeof buf, "W%02x", d->exit_status & 0xff);
    } else if (d->stop.why == WHY_WATCH) {
        snprintf(buf, sizeof buf, "T05%s:%x;thread:1;",
                 d->stop.access == ACCESS_R ? "rwatch" : "watch", d->stop.addr);
        struct bp *b = bp_find(d, d->stop.bp_id);
        if (b != NULL && b->access == (ACCESS_R | ACCESS_W))
            snprintf(buf, sizeof buf, "T05awatch:%x;thread:1;", d->stop.addr);
    } else {
        bool sigint = d->stop.why == WHY_USER || d->stop.why == WHY_GDB;
        snprintf(buf, sizeof buf, "T%02xthread:1;", sigint ? 2 : 5);
    }
    reply(g, buf);
}

void gdb_notify_stop(struct gdbstub *g)
{
    if (g->fd < 0 || !g->waiting)
        return;
    g->waiting = false;
    send_stop_reply(g);
    if (g->d->ended)
        drop_connection(g);
}

/* ---- Packets ---- */

/* `monitor CMD`: run a debugger command, its output as hex. */
static void monitor(struct gdbstub *g, const char *hexcmd)
{
    struct debugger *d = g->d;
    size_t n = strlen(hexcmd);
    char cmd[DBG_LINE_MAX];
    if (n % 2 != 0 || n / 2 >= sizeof cmd || !hex_decode(hexcmd, n / 2, (uint8_t *)cmd)) {
        reply(g, "E01");
        return;
    }
    cmd[n / 2] = 0;
    char *text = NULL;
    size_t text_len = 0;
    FILE *mem = open_memstream(&text, &text_len);
    if (mem == NULL) {
        reply(g, "E0c");
        return;
    }
    FILE *saved = d->out;
    d->out = mem;
    d->in_monitor = true;
    debugger_exec(d, cmd);
    d->in_monitor = false;
    d->out = saved;
    fclose(mem);
    /* Console output in O packets, then OK. */
    for (size_t off = 0; off < text_len;) {
        size_t chunk = text_len - off < 2048 ? text_len - off : 2048;
        char *o = malloc(2 * chunk + 2);
        if (o == NULL)
            break;
        o[0] = 'O';
        hex_encode((const uint8_t *)text + off, chunk, o + 1);
        reply(g, o);
        free(o);
        off += chunk;
    }
    free(text);
    reply(g, "OK");
}

static void read_memory(struct gdbstub *g, const char *args)
{
    uint64_t addr, len;
    if (!parse_hex(&args, &addr, 8) || *args++ != ',' || !parse_hex(&args, &len, 8) ||
        *args != 0 || addr > 0xffffffffu) {
        reply(g, "E01");
        return;
    }
    if (len > GDB_PKT_MAX / 2 - 16)
        len = GDB_PKT_MAX / 2 - 16;     /* gdb asks again for the rest */
    uint8_t *buf = malloc(len + 1);
    char *hex = malloc(2 * len + 1);
    if (buf == NULL || hex == NULL) {
        free(buf);
        free(hex);
        reply(g, "E0c");
        return;
    }
    uint32_t got = dbg_read_lin(g->d, (uint32_t)addr, buf, (uint32_t)len);
    if (got == 0 && len > 0) {
        reply(g, "E0e");                /* EFAULT: not mapped, or MMIO */
    } else {
        hex_encode(buf, got, hex);
        reply(g, hex);
    }
    free(buf);
    free(hex);
}

/* M addr,len:hex and X addr,len:binary */
static void write_memory(struct gdbstub *g, const char *args, size_t avail, bool binary)
{
    const char *start = args;
    uint64_t addr, len;
    if (!parse_hex(&args, &addr, 8) || *args++ != ',' || !parse_hex(&args, &len, 8) ||
        *args++ != ':' || addr > 0xffffffffu || len > GDB_PKT_MAX) {
        reply(g, "E01");
        return;
    }
    size_t data_len = avail - (size_t)(args - start);
    uint8_t *buf = malloc(len + 1);
    if (buf == NULL) {
        reply(g, "E0c");
        return;
    }
    bool ok;
    if (binary) {
        ok = data_len == len;       /* escapes were undone when the packet arrived */
        if (ok)
            memcpy(buf, args, len);
    } else {
        ok = data_len == 2 * len && hex_decode(args, len, buf);
    }
    if (!ok)
        reply(g, "E01");
    else if (dbg_write_lin(g->d, (uint32_t)addr, buf, (uint32_t)len) != len)
        reply(g, "E0e");
    else
        reply(g, "OK");
    free(buf);
}

/* Z/z TYPE,ADDR,KIND */
static void breakpoint_packet(struct gdbstub *g, const char *args, bool insert)
{
    struct debugger *d = g->d;
    uint64_t type, addr, kind;
    if (!parse_hex(&args, &type, 1) || *args++ != ',' || !parse_hex(&args, &addr, 8) ||
        *args++ != ',' || !parse_hex(&args, &kind, 8) || (*args != 0 && *args != ';') ||
        addr > 0xffffffffu) {
        reply(g, "E01");
        return;
    }
    if (type > 4) {
        reply(g, "");               /* not supported */
        return;
    }
    enum bp_kind bk = type <= 1 ? BP_LIN : BP_WATCH_LIN;
    unsigned acc = type == 2 ? ACCESS_W : type == 3 ? ACCESS_R : type == 4 ? (ACCESS_R | ACCESS_W) : 0;
    uint32_t len = type <= 1 ? 1 : (uint32_t)kind;
    if (type >= 2 && (kind == 0 || kind > 0x100000000ull - addr)) {
        reply(g, "E01");
        return;
    }
    /* Find ours with the same address, kind and length. */
    struct bp *found = NULL;
    for (size_t i = 0; i < d->nbp; i++) {
        struct bp *b = &d->bp[i];
        if (b->owner == BP_OWNER_GDB && b->kind == bk && b->addr == addr &&
            (bk == BP_LIN || (b->access == acc && b->len == len)))
            found = b;
    }
    if (insert && found == NULL) {
        struct bp *b = bp_add(d, bk);
        if (b == NULL) {
            reply(g, "E0c");
            return;
        }
        b->owner = BP_OWNER_GDB;
        b->addr = (uint32_t)addr;
        b->len = len;
        b->access = (uint8_t)acc;
    } else if (!insert && found != NULL) {
        bp_delete(d, found->id);
    }
    dbg_update_hooks(d);
    reply(g, "OK");
}

/* Resume for gdb: step or continue, the stop reply once it stops. */
static void resume(struct gdbstub *g, bool step, const char *addr_text, bool running)
{
    struct debugger *d = g->d;
    if (addr_text != NULL && *addr_text) {
        uint64_t a;
        if (!parse_hex(&addr_text, &a, 8) || a > 0xffffffffu) {
            reply(g, "E01");
            return;
        }
        d->c->eip = (uint32_t)a - d->c->seg[SEG_CS].base;
    }
    g->waiting = true;
    if (running)
        return;                     /* already running: the stop reply comes later */
    if (d->ended) {
        gdb_notify_stop(g);
        return;
    }
    d->run.mode = step ? RUN_STEP : RUN_CONT;
    d->run.step_left = 1;
    dbg_start_run(d);               /* the stop reply goes out when it stops */
}

static void vcont(struct gdbstub *g, const char *args, bool running)
{
    if (strcmp(args, "?") == 0) {
        reply(g, "vCont;c;C;s;S");
        return;
    }
    if (*args != ';') {
        reply(g, "E01");
        return;
    }
    /* One thread: the first action decides. */
    char action = args[1];
    if (action == 's' || action == 'S')
        resume(g, true, NULL, running);
    else if (action == 'c' || action == 'C')
        resume(g, false, NULL, running);
    else
        reply(g, "E01");
}

static void xfer_features(struct gdbstub *g, const char *args)
{
    /* target.xml:OFFSET,LENGTH */
    const char *name = "target.xml:";
    if (strncmp(args, name, strlen(name)) != 0) {
        reply(g, "E00");
        return;
    }
    args += strlen(name);
    uint64_t off, len;
    if (!parse_hex(&args, &off, 8) || *args++ != ',' || !parse_hex(&args, &len, 8) || *args) {
        reply(g, "E01");
        return;
    }
    size_t n = gdb_tdesc(NULL, 0);
    if (len > GDB_PKT_MAX / 2)
        len = GDB_PKT_MAX / 2;
    char *xml = malloc(n + 1), *out = malloc(len + 2);
    if (xml == NULL || out == NULL) {
        free(xml);
        free(out);
        reply(g, "E0c");
        return;
    }
    gdb_tdesc(xml, n + 1);
    if (off >= n) {
        reply(g, "l");
    } else {
        size_t take = n - off < len ? n - (size_t)off : (size_t)len;
        /* The XML holds no '$', '#', '}' or '*': no escaping needed. */
        out[0] = off + take < n ? 'm' : 'l';
        memcpy(out + 1, xml + off, take);
        send_packet(g, out, take + 1);
    }
    free(xml);
    free(out);
}

static void query(struct gdbstub *g, const char *p)
{
    if (strncmp(p, "qSupported", 10) == 0)
        reply(g, "PacketSize=3fff;qXfer:features:read+;QStartNoAckMode+;vContSupported+");
    else if (strcmp(p, "QStartNoAckMode") == 0) {
        reply(g, "OK");
        g->no_ack = true;
    } else if (strncmp(p, "qXfer:features:read:", 20) == 0)
        xfer_features(g, p + 20);
    else if (strcmp(p, "qAttached") == 0)
        reply(g, "1");              /* detach, not kill, when gdb quits */
    else if (strcmp(p, "qC") == 0)
        reply(g, "QC1");
    else if (strcmp(p, "qfThreadInfo") == 0)
        reply(g, "m1");
    else if (strcmp(p, "qsThreadInfo") == 0)
        reply(g, "l");
    else if (strncmp(p, "qSymbol", 7) == 0)
        reply(g, "OK");
    else if (strncmp(p, "qRcmd,", 6) == 0)
        monitor(g, p + 6);
    else
        reply(g, "");
}

static void handle_packet(struct gdbstub *g, char *p, size_t len, bool running)
{
    struct debugger *d = g->d;
    uint64_t n;
    const char *a = p + 1;
    switch (p[0]) {
    case '?':
        send_stop_reply(g);
        return;
    case 'q':
    case 'Q':
        query(g, p);
        return;
    case 'H':
    case 'T':
        reply(g, "OK");             /* one thread */
        return;
    case 'g': {
        char *hex = malloc(GDB_NREGS * 20 + 1);
        if (hex == NULL) {
            reply(g, "E0c");
            return;
        }
        size_t k = 0;
        for (unsigned r = 0; r < GDB_NREGS; r++) {
            uint8_t b[10];
            gdb_reg_get(g->d, r, b);
            hex_encode(b, gdb_reg_bytes(r), hex + k);
            k += 2 * gdb_reg_bytes(r);
        }
        reply(g, hex);
        free(hex);
        return;
    }
    case 'G': {
        size_t need = 0;
        for (unsigned r = 0; r < GDB_NREGS; r++)
            need += 2 * gdb_reg_bytes(r);
        /* gdb may send fewer registers than it knows; take whole ones. */
        size_t have = len - 1, k = 0;
        if (have % 2 != 0 || have > need) {
            reply(g, "E01");
            return;
        }
        for (unsigned r = 0; r < GDB_NREGS && k + 2 * gdb_reg_bytes(r) <= have; r++) {
            uint8_t b[10], cur[10];
            if (!hex_decode(a + k, gdb_reg_bytes(r), b)) {
                reply(g, "E01");
                return;
            }
            gdb_reg_get(g->d, r, cur);
            if (memcmp(b, cur, gdb_reg_bytes(r)) != 0)
                gdb_reg_put(g->d, r, b);
            k += 2 * gdb_reg_bytes(r);
        }
        reply(g, "OK");
        return;
    }
    case 'p':
        if (!parse_hex(&a, &n, 4) || *a || n >= GDB_NREGS) {
            reply(g, "E01");
        } else {
            uint8_t b[10];
            char hex[21];
            gdb_reg_get(g->d, (unsigned)n, b);
            hex_encode(b, gdb_reg_bytes((unsigned)n), hex);
            reply(g, hex);
        }
        return;
    case 'P': {
        uint8_t b[10];
        if (!parse_hex(&a, &n, 4) || *a++ != '=' || n >= GDB_NREGS ||
            strlen(a) != 2 * gdb_reg_bytes((unsigned)n) || !hex_decode(a, gdb_reg_bytes((unsigned)n), b))
            reply(g, "E01");
        else
            reply(g, gdb_reg_put(g->d, (unsigned)n, b) ? "OK" : "E01");
        return;
    }
    case 'm':
        read_memory(g, a);
        return;
    case 'M':
        write_memory(g, a, len - 1, false);
        return;
    case 'X':
        write_memory(g, a, len - 1, true);
        return;
    case 'Z':
    case 'z':
        breakpoint_packet(g, a, p[0] == 'Z');
        return;
    case 'c':
    case 's':
        resume(g, p[0] == 's', a, running);
        return;
    case 'C':
    case 'S': {
        /* Csig[;addr]: the signal means nothing to a PC. */
        const char *semi = strchr(a, ';');
        resume(g, p[0] == 'S', semi ? semi + 1 : NULL, running);
        return;
    }
    case 'v':
        if (strncmp(p, "vCont", 5) == 0)
            vcont(g, p + 5, running);
        else
            reply(g, "");           /* vMustReplyEmpty and the rest */
        return;
    case 'D':
        reply(g, "OK");
        drop_connection(g);         /* the machine runs on without gdb */
        return;
    case 'k':
        drop_connection(g);
        d->quit = true;
        return;
    default:
        reply(g, "");
        return;
    }
}

/* Feed bytes through the packet state machine, up to the end of the first
 * complete packet; returns how many were used (*done: a packet is ready in
 * g->pkt, g->pkt_len bytes, escapes undone). */
static size_t receive(struct gdbstub *g, const uint8_t *buf, size_t n, bool *done)
{
    *done = false;
    for (size_t i = 0; i < n && g->fd >= 0; i++) {
        uint8_t ch = buf[i];
        switch (g->rx) {
        case RX_IDLE:
            if (ch == '$') {
                g->rx = RX_DATA;
                g->pkt_len = 0;
                g->pkt_overflow = false;
                g->sum = 0;
            } else if (ch == 0x03) {
                g->interrupt = true;
            } else if (ch == '-' && g->last != NULL && !g->no_ack) {
                send_raw(g, g->last, g->last_len);      /* resend after a NAK */
            }
            break;                  /* '+' and noise between packets */
        case RX_DATA:
            if (ch == '#') {
                g->rx = RX_SUM1;
            } else if (ch == '$') {
                g->pkt_len = 0;     /* a new start: resynchronise */
                g->pkt_overflow = false;
                g->sum = 0;
            } else {
                g->sum = (uint8_t)(g->sum + ch);
                if (g->pkt_len < GDB_PKT_MAX)
                    g->pkt[g->pkt_len++] = (char)ch;
                else
                    g->pkt_overflow = true;
            }
            break;
        case RX_SUM1:
        case RX_SUM2: {
            int h = hexval((char)ch);
            if (g->rx == RX_SUM1) {
                g->sum_rx = h < 0 ? 0x100u : (unsigned)h << 4;
                g->rx = RX_SUM2;
                break;
            }
            g->rx = RX_IDLE;
            bool good = h >= 0 && g->sum_rx < 0x100u && (g->sum_rx | (unsigned)h) == g->sum;
            if (!g->no_ack)
                send_raw(g, good ? "+" : "-", 1);
            if (!good && g->no_ack)
                reply(g, "E01");
            if (!good)
                break;
            if (g->pkt_overflow) {
                reply(g, "E01");    /* oversized: refused, the connection stays */
                break;
            }
            /* Undo the escapes ('}' then the byte XOR 0x20). */
            size_t k = 0;
            for (size_t j = 0; j < g->pkt_len; j++) {
                if (g->pkt[j] == '}' && j + 1 < g->pkt_len)
                    g->pkt[k++] = (char)(g->pkt[++j] ^ 0x20);
                else
                    g->pkt[k++] = g->pkt[j];
            }
            g->pkt[k] = 0;
            g->pkt_len = k;
            *done = true;
            return i + 1;
        }
        }
    }
    return n;
}

bool gdb_service(struct gdbstub *g, bool running)
{
    bool stop = false;
    if (g->fd < 0) {
        accept_connection(g);
        if (g->fd >= 0 && running)
            return true;            /* stop the machine for the new debugger */
    } else {
        int extra = accept(g->listen_fd, NULL, NULL);
        if (extra >= 0)
            close(extra);           /* one debugger at a time */
    }
    for (;;) {
        if (g->fd < 0)
            break;
        if (g->backlog_len == 0) {
            ssize_t got = recv(g->fd, g->backlog, sizeof g->backlog, 0);
            if (got < 0 && errno == EINTR)
                continue;
            if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                break;
            if (got <= 0) {
                drop_connection(g);
                break;
            }
            g->backlog_len = (size_t)got;
        }
        bool done;
        size_t used = receive(g, g->backlog, g->backlog_len, &done);
        memmove(g->backlog, g->backlog + used, g->backlog_len - used);
        g->backlog_len -= used;
        if (g->interrupt) {
            g->interrupt = false;
            if (running)
                stop = true;
            else if (g->waiting)
                gdb_notify_stop(g);
            else
                send_stop_reply(g); /* a stopped machine answers at once */
        }
        if (done) {
            if (g->pkt_len == 0)
                reply(g, "");
            else
                handle_packet(g, g->pkt, g->pkt_len, running);
        }
        if (stop)
            break;
    }
    return stop;
}
