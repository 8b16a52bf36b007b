/*
 * rpc_client.c - call a procedure in another process (rpc_server) as if it
 * were a local function: a remote procedure call (RPC).
 *
 * The client stub below marshals the call: it checks the arguments against
 * the interface it was built with, turns them into typed binary values in
 * network byte order, and sends them as one length-prefixed frame over TCP
 * (the format is in rpc_protocol.h). Then it waits, for a bounded time, for
 * one reply frame and unmarshals it into `result: VALUE` or `error: WHY`.
 * A real RPC system generates such stubs from an interface file; here the
 * stub is written out by hand.
 *
 * Usage: rpc_client [-a HOST] [-p PORT] [-t SECONDS] PROCEDURE ARGS...
 *        rpc_client [-a HOST] [-p PORT] [-t SECONDS] -r
 * On stdout, what the server answered: `result: VALUE` (exit 0) or `error:
 * WHY` (exit 1). On stderr, why no answer came (exit 1: no server, no reply
 * in time...), or why the stub refused the call (exit 2: nothing was sent).
 *
 * Two terminals:
 *   terminal 1:  ./rpc_server
 *   terminal 2:  ./rpc_client add 2 3       (then: upper hello, sum 1 2 3)
 *
 * See also: rpc_server.c (the other half), docs/rpc.md.
 * Try: stop the server (kill -STOP) and call again: the client gives up
 * after -t seconds; or `printf '\377\377\377\377' | ./rpc_client -r`.
 */
#include "ipc_demo.h"
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <sys/socket.h>
#include <time.h>
#include "rpc_protocol.h"

#define DUMP_MAX 64         /* bytes of a frame shown in the narration */
#define USAGE \
    "rpc_client calls a procedure in rpc_server (start that first) as if it\n" \
    "were local: its stub marshals the call into a binary frame, sends it over\n" \
    "TCP and prints the reply as \"result: VALUE\" or \"error: WHY\".\n" \
    "usage: rpc_client [-a HOST] [-p PORT] [-t SECONDS] PROCEDURE ARGS...\n" \
    "       rpc_client [-a HOST] [-p PORT] [-t SECONDS] -r\n" \
    "  -a HOST     call the server at HOST, a name or an IPv4 or IPv6 address\n" \
    "              (default 127.0.0.1).\n" \
    "  -p PORT     call the server on PORT, 1..65535 (default " RPC_STRING(RPC_PORT) ").\n" \
    "  -t SECONDS  give up connecting, or waiting for the reply, after this\n" \
    "              long (1..3600, default 5).\n" \
    "  -r          for debugging: send stdin's bytes unchanged (no stub), then\n" \
    "              print every reply until the server closes.\n" \
    "  PROCEDURE   add A B, upper TEXT or sum N...\n"

/* The interface this stub was built with: one letter per argument (i INT,
 * s TEXT); "i*" is any number of INTs. It must match the server's. */
static const struct procedure {
    const char *name, *args, *usage;
} interface[] = {
    { "add",   "ii", "add A B" },
    { "upper", "s",  "upper TEXT" },
    { "sum",   "i*", "sum N..." },
};

static int timeout_s = 5;
static int server_fd = -1;      /* closed by no_answer too: nothing leaks */
static const char *hint;        /* no_answer's hint at the likely mistake */

static size_t marshal_call(unsigned char *out, char **argv, int argc);
static int connect_to(const char *host, const char *port);
static int send_by(int fd, const unsigned char *data, size_t len, long long deadline);
static size_t read_frame(int fd, unsigned char *frame);
static int print_reply(const unsigned char *payload, size_t len);
static int send_raw(int fd);
static long long now_ms(void);
__attribute__((format(printf, 1, 2))) _Noreturn static void no_answer(const char *format, ...);

int main(int argc, char *argv[])
{
    unsigned char frame[4 + RPC_MAX_FRAME];
    char port_text[8];
    const char *host = "127.0.0.1", *port = port_text;
    size_t frame_len = 0, len;
    int fd, opt, raw = 0, status;

    demo_start(argv[0], USAGE);
    snprintf(port_text, sizeof port_text, "%d", default_port(RPC_PORT));
    /* "+": stop at the procedure name, so "sum -1 2" is not read as options
     * (glibc's getopt would otherwise look at every argument). */
    while ((opt = getopt(argc, argv, "+a:p:t:rh")) != -1) {
        switch (opt) {
        case 'a': host = optarg; break;
        case 'p': parse_long(optarg, 1, 65535, "-p"); port = optarg; break;
        case 't': timeout_s = (int)parse_long(optarg, 1, 3600, "-t"); break;
        case 'r': raw = 1; break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (raw != (optind == argc))        /* -r takes no procedure; without it, one is needed */
        usage(2);
    /* A server that closes while we send must give us EPIPE, not kill us. */
    catch_signal(SIGPIPE, SIG_IGN, 0);

    /* 1. The stub marshals the call (and refuses a bad one). */
    if (!raw)
        frame_len = marshal_call(frame, argv + optind, argc - optind);

    /* 2. Connect, bounded by -t. */
    if (raw)
        printf("raw mode: stdin's bytes go to the server unchanged, no stub involved\n");
    fd = server_fd = connect_to(host, port);
    if (raw) {
        status = send_raw(fd);
        close(fd);
        return status;
    }

    /* 3. Send the frame; wait, bounded, for the one reply. */
    printf("connected; sending the call and waiting for the reply (at most %d s)\n",
           timeout_s);
    if (send_by(fd, frame, frame_len, now_ms() + timeout_s * 1000LL) == -1)
        no_answer("sending the call failed: %s", strerror(errno));
    len = read_frame(fd, frame);
    if (len == 0)
        no_answer("the server closed the connection without answering");

    /* 4. Unmarshal the reply; close. */
    status = print_reply(frame + 4, len);
    close(fd);
    return status;
}

/* No answer came: why, on stderr (an `error:` line is the server's answer); exit 1. */
_Noreturn static void no_answer(const char *format, ...)
{
    va_list ap;

    va_start(ap, format);
    fprintf(stderr, "%s: ", prog);
    vfprintf(stderr, format, ap);
    fputc('\n', stderr);
    va_end(ap);
    if (hint != NULL)
        fprintf(stderr, "%s: hint: %s\n", prog, hint);
    if (server_fd != -1)
        close(server_fd);
    exit(1);
}

/* The stub refuses a call it cannot marshal: nothing is sent; a usage error, exit 2. */
__attribute__((format(printf, 2, 3)))
_Noreturn static void bad_call(const char *usage_line, const char *format, ...)
{
    va_list ap;

    va_start(ap, format);
    fprintf(stderr, "%s: ", prog);
    vfprintf(stderr, format, ap);
    va_end(ap);
    fprintf(stderr, "\nusage: %s [-a HOST] [-p PORT] [-t SECONDS] %s\n", prog, usage_line);
    exit(2);
}

static void dump(const unsigned char *bytes, size_t len)
{
    for (size_t i = 0; i < len && i < DUMP_MAX; i++)
        printf("%s%02x", i % 16 == 0 ? (i ? "\n  " : "  ") : " ", bytes[i]);
    if (len > DUMP_MAX)
        printf(" ... (%zu bytes in all)", len);
    putchar('\n');
}

/* --- the client stub: a call to bytes ------------------------------------ */

/* Checks every argument before anything is sent, then writes the frame
 * for the call argv[0](argv[1..argc-1]) into out; returns its size. */
static size_t marshal_call(unsigned char *out, char **argv, int argc)
{
    const struct procedure *proc = NULL;
    const char *name = argv[0], *usage_line = "PROCEDURE ARGS...";
    size_t name_len = strlen(name), need = 3 + name_len + 1, n = 4;
    struct rpc_value values[RPC_MAX_ARGS];
    int nargs = argc - 1;

    for (size_t i = 0; i < sizeof interface / sizeof interface[0]; i++)
        if (strcmp(interface[i].name, name) == 0)
            proc = &interface[i];
    if (proc != NULL)
        usage_line = proc->usage;
    for (size_t i = 0; i < name_len; i++)
        if (name[i] < 0x21 || name[i] > 0x7e)
            name_len = 0;
    if (name_len < 1 || name_len > RPC_MAX_NAME)
        bad_call(usage_line, "a procedure name is 1..%d printable ASCII bytes", RPC_MAX_NAME);
    if (nargs > RPC_MAX_ARGS)
        bad_call(usage_line, "at most %d arguments (the count is one byte), got %d",
                 RPC_MAX_ARGS, nargs);
    if (proc != NULL && proc->args[1] != '*' && (size_t)nargs != strlen(proc->args))
        bad_call(usage_line, "%s takes %zu argument%s (%s), got %d", name,
                 strlen(proc->args), strlen(proc->args) == 1 ? "" : "s", proc->usage, nargs);
    for (int i = 0; i < nargs; i++) {
        const char *arg = argv[i + 1];
        char *end;

        /* An unknown procedure may still exist on the server (a newer one):
         * its arguments go as TEXT and the server has the last word. */
        values[i] = (struct rpc_value){ .tag = 's', .text = arg, .text_len = strlen(arg) };
        if (proc != NULL)
            values[i].tag = proc->args[1] == '*' ? proc->args[0] : proc->args[i];
        if (values[i].tag == 's') {
            need += 3 + values[i].text_len;
            continue;
        }
        errno = 0;
        values[i].number = strtoll(arg, &end, 10);
        if (end == arg || *end != '\0')
            bad_call(usage_line, "%s: argument %d (\"%s\") is not an INT", name, i + 1, arg);
        if (errno == ERANGE)
            bad_call(usage_line, "%s: argument %d (%s) does not fit in a 64-bit INT",
                     name, i + 1, arg);
        need += 9;
    }
    if (need > RPC_MAX_FRAME)
        bad_call(usage_line, "a %zu-byte call is over the %d-byte limit: refused whole, "
                 "never cut", need, RPC_MAX_FRAME);
    if (proc == NULL)
        printf("\"%s\" is not in this client's interface (add, upper, sum):\n"
               "its arguments go as TEXT, and the server decides\n", name);

    out[n++] = RPC_VERSION;
    out[n++] = 'C';
    out[n++] = (unsigned char)name_len;
    memcpy(out + n, name, name_len);
    n += name_len;
    out[n++] = (unsigned char)nargs;
    printf("the stub marshals %s(", name);
    for (int i = 0; i < nargs; i++) {
        n += rpc_put_value(out + n, &values[i]);
        fputs(i > 0 ? ", " : "", stdout);
        rpc_print_value(&values[i]);
    }
    rpc_put_u32(out, (uint32_t)(n - 4));
    printf(") into a %zu-byte frame:\n", n);
    dump(out, n);
    return n;
}

/* The stub's other half: a reply's payload to `result:` or `error:`.
 * Returns 0 for a result, 1 for an error. */
static int print_reply(const unsigned char *payload, size_t len)
{
    struct rpc_reader r = { payload, len };
    struct rpc_value v = { 0 };
    unsigned version, kind;

    if (rpc_get_u8(&r, &version) == -1 || version != RPC_VERSION ||
        rpc_get_u8(&r, &kind) == -1 || (kind != 'R' && kind != 'E') ||
        rpc_get_value(&r, &v) == -1 || r.left != 0 || (kind == 'E' && v.tag != 's'))
        no_answer("the server's reply does not follow the protocol");
    fputs(kind == 'R' ? "result: " : "error: ", stdout);
    if (v.tag == 'i')
        printf("%lld", (long long)v.number);
    else
        rpc_print_text(v.text, v.text_len);
    putchar('\n');
    return kind == 'E';
}

/* --- talking to the server: every wait bounded --------------------------- */

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits until fd is ready for events or the deadline passes (returns 0,
 * errno ETIMEDOUT). Every wait in this client is bounded by one of these. */
static int wait_for(int fd, short events, long long deadline)
{
    struct pollfd pfd = { .fd = fd, .events = events };
    long long left;
    int n;

    do {
        left = deadline - now_ms();
        n = poll(&pfd, 1, left > 0 ? (int)left : 0);
    } while (n == -1 && errno == EINTR);
    if (n == 0)
        errno = ETIMEDOUT;
    return n;
}

/* write_all for a non-blocking socket: a full send buffer waits in poll,
 * until the deadline. Returns 0, or -1 with errno. */
static int send_by(int fd, const unsigned char *data, size_t len, long long deadline)
{
    while (len > 0) {
        ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
        if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
            if (wait_for(fd, POLLOUT, deadline) <= 0)
                return -1;
            continue;
        }
        if (n == -1)
            return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* read_all for a non-blocking socket: how many of len bytes came before
 * end of file, or -1 (errno ETIMEDOUT once the deadline passes). */
static ssize_t recv_by(int fd, unsigned char *data, size_t len, long long deadline)
{
    size_t got = 0;

    while (got < len) {
        ssize_t n = read(fd, data + got, len - got);
        if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
            if (wait_for(fd, POLLIN, deadline) <= 0)
                return -1;
            continue;
        }
        if (n == -1)
            return -1;
        if (n == 0)
            break;
        got += (size_t)n;
    }
    return (ssize_t)got;
}

static int connect_to(const char *host, const char *port)
{
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *list, *ai;
    long long deadline = now_ms() + timeout_s * 1000LL;
    socklen_t err_len = sizeof(int);
    char addr[64];
    int fd = -1, rc, err = 0;

    rc = getaddrinfo(host, port, &hints, &list);
    if (rc != 0)
        no_answer("cannot find the server %s: %s", host, gai_strerror(rc));
    for (ai = list; ai != NULL && fd == -1; ai = ai->ai_next) {
        if (getnameinfo(ai->ai_addr, ai->ai_addrlen, addr, sizeof addr, NULL, 0,
                        NI_NUMERICHOST) != 0)
            strcpy(addr, host);
        printf("connecting to %s port %s (giving up after %d s)\n", addr, port, timeout_s);
        fd = socket(ai->ai_family, SOCK_STREAM, 0);
        /* Non-blocking, so that connect and every read wait in poll(),
         * which takes a timeout: a dead or silent server cannot hang us. */
        if (fd == -1 || fcntl(fd, F_SETFL, O_NONBLOCK) == -1)
            err = errno;
        else if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
            break;
        else if (errno != EINPROGRESS)
            err = errno;
        else if (wait_for(fd, POLLOUT, deadline) <= 0)
            err = errno;
        else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &err_len) == -1)
            err = errno;
        if (err != 0) {
            printf("%s port %s: %s\n", addr, port, strerror(err));
            if (fd != -1)
                close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(list);
    if (fd == -1 && err == ECONNREFUSED)
        hint = "is rpc_server running on that port? (-p: the port it said)";
    if (fd == -1)
        no_answer("cannot connect to %s port %s: %s", host, port, strerror(err));
    return fd;
}

/* Reads one reply frame (room for 4 + RPC_MAX_FRAME bytes); returns the
 * payload's length, or 0 if the server closed before a new frame began. */
static size_t read_frame(int fd, unsigned char *frame)
{
    long long deadline = now_ms() + timeout_s * 1000LL;
    ssize_t got = recv_by(fd, frame, 4, deadline);
    uint32_t len = got == 4 ? rpc_get_u32(frame) : 0;

    if (got == -1 && errno == ETIMEDOUT)
        no_answer("no reply within %d s (is the server stopped, or busy?)", timeout_s);
    if (got == 0 || (got == -1 && errno == ECONNRESET))
        return 0;
    if (got == -1)
        no_answer("reading the reply failed: %s", strerror(errno));
    if (len == 0 || len > RPC_MAX_FRAME)
        no_answer("the server sent a broken frame (length %lu; the limit is 1..%d)",
                  (unsigned long)len, RPC_MAX_FRAME);
    got = recv_by(fd, frame + 4, len, deadline);
    if (got == -1 && errno == ETIMEDOUT)
        no_answer("the rest of the reply did not come within %d s", timeout_s);
    if (got != (ssize_t)len)
        no_answer("the server closed the connection in the middle of a reply");
    printf("reply frame (%lu bytes):\n", (unsigned long)len + 4);
    dump(frame, len + 4);
    return len;
}

/* -r: stdin's bytes go to the server as they are, so you can see what it
 * does with a broken frame. Shutting down our sending side tells the
 * server there is no more; then every reply is printed. */
static int send_raw(int fd)
{
    unsigned char buf[4 + RPC_MAX_FRAME];
    size_t len, replies = 0;
    int errors = 0;
    ssize_t n;

    while ((n = read(STDIN_FILENO, buf, sizeof buf)) != 0) {
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            die("reading stdin");
        printf("sending %zd byte%s:\n", n, n == 1 ? "" : "s");
        dump(buf, (size_t)n);
        if (send_by(fd, buf, (size_t)n, now_ms() + timeout_s * 1000LL) == -1) {
            printf("the server stopped taking bytes (%s)\n", strerror(errno));
            break;
        }
    }
    shutdown(fd, SHUT_WR);
    printf("end of input; reading replies until the server closes (at most %d s each)\n",
           timeout_s);
    while ((len = read_frame(fd, buf)) > 0) {
        replies++;
        errors += print_reply(buf + 4, len);
    }
    if (replies == 0)
        no_answer("the server closed the connection without answering");
    printf("the server closed the connection after %zu repl%s\n",
           replies, replies == 1 ? "y" : "ies");
    return errors > 0;
}
