/*
 * rpc_client.c - call a procedure in another process (rpc_server) as if it
 * were a local function: a remote procedure call (RPC).
 *
 * The client stub below marshals the call: it checks the arguments against
 * the interface it was built with, turns them into typed binary values in
 * network byte order, and sends them as one length-prefixed frame over TCP.
 * Then it waits, for a bounded time, for one reply frame and unmarshals it
 * into `result: VALUE` or `error: WHY`. A real RPC system generates such
 * stubs from an interface file; here the stub is written out by hand.
 *
 * Usage: rpc_client [-a HOST] [-p PORT] [-t SECONDS] PROCEDURE ARGS...
 *        rpc_client [-a HOST] [-p PORT] [-t SECONDS] -r
 *   -a HOST     server name or address, IPv4 or IPv6 (default 127.0.0.1)
 *   -p PORT     server port, 1..65535 (default 12346)
 *   -t SECONDS  give up connecting, or waiting for the reply, after this
 *               long (1..3600, default 5)
 *   -r          for debugging: send stdin's bytes unchanged (no stub),
 *               then print every reply until the server closes
 *   PROCEDURE   add A B | upper TEXT | sum N...
 * Exit status: 0 a result, 1 an error (from the server, or none came),
 * 2 a bad command line.
 *
 * Two terminals:
 *   terminal 1:  ./rpc_server
 *   terminal 2:  ./rpc_client add 2 3       (then: upper hello, sum 1 2 3)
 *
 * See also: rpc_server.c (the other half), docs/rpc.md.
 * Try: stop the server with Ctrl-Z and call again: the client gives up
 * after -t seconds; or `printf '\377\377\377\377' | ./rpc_client -r`.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/*
 * The wire protocol, version 1. This block is copied word for word in
 * rpc_server.c, rpc_client.c and docs/rpc.md: change all three together.
 *
 *   frame = length:u32, payload: length bytes        1 <= length <= 4096
 *   call  = 0x01 'C' n:u8 name:n bytes argc:u8 value*argc
 *   reply = 0x01 'R' value                           the result
 *         | 0x01 'E' value                           an error (a TEXT value)
 *   value = 'i' i64                                  INT
 *         | 's' n:u16 n bytes                        TEXT (no terminating 0)
 *
 * Numbers are big-endian (network byte order); u8/u16/u32 unsigned, i64
 * two's complement. 0x01 is the version; 'C' 'R' 'E' 'i' 's' are the ASCII
 * bytes 0x43 0x52 0x45 0x69 0x73. A name is 1..32 bytes from '!' to '~'.
 * Procedures: add INT INT -> INT; upper TEXT -> TEXT; sum INT... -> INT.
 * A client may make many calls on one connection; each gets one reply, in
 * order. A wrong call (unknown name, wrong arguments) gets an 'E' reply and
 * the connection stays open. A length of 0 or over 4096 closes the
 * connection at once; a payload that does not parse exactly closes it
 * after an 'E' reply.
 */
#define RPC_VERSION   1
#define RPC_MAX_FRAME 4096  /* must match rpc_server.c */
#define RPC_MAX_NAME  32
#define RPC_MAX_ARGS  255   /* argc is one byte */
#define DEFAULT_PORT  "12346"
#define DUMP_MAX      64    /* bytes of a frame shown in the narration */

/* The interface this stub was built with: one letter per argument (i INT,
 * s TEXT); "i*" is any number of INTs. It must match the server's. */
static const struct procedure {
    const char *name, *args, *usage;
} interface[] = {
    { "add",   "ii", "add A B" },
    { "upper", "s",  "upper TEXT" },
    { "sum",   "i*", "sum N..." },
};

static const char *prog = "rpc_client";
static int timeout_s = 5;
static int server_fd = -1;      /* closed by call_failed too: nothing leaks */

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-a HOST] [-p PORT] [-t SECONDS] PROCEDURE ARGS...\n"
                 "       %s [-a HOST] [-p PORT] [-t SECONDS] -r\n"
                 "  -a HOST     server name or address (default 127.0.0.1)\n"
                 "  -p PORT     server port 1..65535 (default %s)\n"
                 "  -t SECONDS  longest wait to connect and for the reply (default 5)\n"
                 "  -r          send stdin's bytes as they are (debugging), print replies\n"
                 "  PROCEDURE   add A B | upper TEXT | sum N...\n",
            prog, prog, DEFAULT_PORT);
    exit(status);
}

/* The call failed: say why on the result line and exit 1. */
static void call_failed(const char *format, ...)
{
    va_list ap;

    va_start(ap, format);
    fputs("error: ", stdout);
    vprintf(format, ap);
    putchar('\n');
    va_end(ap);
    if (server_fd != -1)
        close(server_fd);
    exit(1);
}

/* The stub refuses a call it cannot marshal: nothing is sent. */
static void bad_call(const char *usage_line, const char *format, ...)
{
    va_list ap;

    va_start(ap, format);
    fputs("error: ", stdout);
    vprintf(format, ap);
    putchar('\n');
    va_end(ap);
    fprintf(stderr, "usage: %s [-a HOST] [-p PORT] [-t SECONDS] %s\n", prog, usage_line);
    exit(2);
}

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

/* The socket is non-blocking: a full send buffer waits in poll, bounded. */
static int write_all(int fd, const unsigned char *data, size_t len, long long deadline)
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

/* Returns how many of len bytes came before end of file, or -1 (errno
 * ETIMEDOUT once the deadline passes). */
static ssize_t read_all(int fd, unsigned char *data, size_t len, long long deadline)
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

static long parse_number(const char *text, long min, long max)
{
    char *end;
    long n;

    errno = 0;
    n = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || n < min || n > max) {
        fprintf(stderr, "%s: \"%s\" is not a number from %ld to %ld\n", prog, text, min, max);
        usage(stderr, 2);
    }
    return n;
}

/* Text from the network may hold anything: control bytes are shown as
 * \xHH so that one value stays one line (and cannot drive the terminal). */
static void print_text(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x20 || c == 0x7f)
            printf("\\x%02x", c);
        else
            putchar(c);
    }
}

static void dump(const unsigned char *bytes, size_t len)
{
    for (size_t i = 0; i < len && i < DUMP_MAX; i++)
        printf("%s%02x", i % 16 == 0 ? (i ? "\n  " : "  ") : " ", bytes[i]);
    if (len > DUMP_MAX)
        printf(" ... (%zu bytes in all)", len);
    putchar('\n');
}

/* --- the client stub: a call to bytes ---------------------------------- */

static size_t put_value(unsigned char *out, char type, const char *arg, int64_t number)
{
    size_t n = 0, len = strlen(arg);
    uint64_t u = (uint64_t)number;

    out[n++] = (unsigned char)type;
    if (type == 'i') {
        for (int shift = 56; shift >= 0; shift -= 8)
            out[n++] = (unsigned char)(u >> shift);
    } else {
        out[n++] = (unsigned char)(len >> 8);
        out[n++] = (unsigned char)len;
        memcpy(out + n, arg, len);
        n += len;
    }
    return n;
}

/* Checks every argument before anything is sent, then writes the frame
 * for the call argv[0](argv[1..argc-1]) into out; returns its size. */
static size_t marshal_call(unsigned char *out, char **argv, int argc)
{
    const struct procedure *proc = NULL;
    const char *name = argv[0], *usage_line = "PROCEDURE ARGS...";
    size_t name_len = strlen(name), need = 4 + 3 + name_len + 1, n = 0;
    int64_t numbers[RPC_MAX_ARGS];
    char types[RPC_MAX_ARGS];
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
        types[i] = proc == NULL ? 's' : proc->args[1] == '*' ? proc->args[0] : proc->args[i];
        numbers[i] = 0;
        if (types[i] == 's') {
            need += 3 + strlen(arg);
            continue;
        }
        errno = 0;
        numbers[i] = strtoll(arg, &end, 10);
        if (end == arg || *end != '\0')
            bad_call(usage_line, "%s: argument %d (\"%s\") is not an INT", name, i + 1, arg);
        if (errno == ERANGE)
            bad_call(usage_line, "%s: argument %d (%s) does not fit in a 64-bit INT",
                     name, i + 1, arg);
        need += 9;
    }
    if (need - 4 > RPC_MAX_FRAME)
        bad_call(usage_line, "the call needs a %zu-byte frame; the limit is %d, and a call "
                 "is refused whole, never cut", need - 4, RPC_MAX_FRAME);
    if (proc == NULL)
        printf("\"%s\" is not in this client's interface (add, upper, sum): sending its "
               "arguments as TEXT; the server decides\n", name);

    n = 4;
    out[n++] = RPC_VERSION;
    out[n++] = 'C';
    out[n++] = (unsigned char)name_len;
    memcpy(out + n, name, name_len);
    n += name_len;
    out[n++] = (unsigned char)nargs;
    printf("the stub marshals %s(", name);
    for (int i = 0; i < nargs; i++) {
        n += put_value(out + n, types[i], argv[i + 1], numbers[i]);
        fputs(i > 0 ? ", " : "", stdout);
        if (types[i] == 'i') {
            printf("%lld", (long long)numbers[i]);
        } else {
            putchar('"');
            print_text(argv[i + 1], strlen(argv[i + 1]));
            putchar('"');
        }
    }
    for (int i = 0; i < 4; i++)           /* the length prefix, big-endian */
        out[i] = (unsigned char)((n - 4) >> (24 - 8 * i));
    printf(") into a %zu-byte frame:\n", n);
    dump(out, n);
    return n;
}

/* --- talking to the server --------------------------------------------- */

static int connect_to(const char *host, const char *port)
{
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *list, *ai;
    long long deadline = now_ms() + timeout_s * 1000LL;
    socklen_t err_len = sizeof(int);
    char addr[64];
    int fd = -1, rc, err = 0;

    rc = getaddrinfo(host, port, &hints, &list);
    if (rc != 0)
        call_failed("cannot find the server %s: %s", host, gai_strerror(rc));
    for (ai = list; ai != NULL && fd == -1; ai = ai->ai_next) {
        getnameinfo(ai->ai_addr, ai->ai_addrlen, addr, sizeof addr, NULL, 0, NI_NUMERICHOST);
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
    if (fd == -1)
        call_failed("cannot connect to %s port %s: %s%s", host, port, strerror(err),
                    err == ECONNREFUSED ? " (is rpc_server running on that port?)" : "");
    return fd;
}

/* Reads one reply frame (room for 4 + RPC_MAX_FRAME bytes); returns the
 * payload's length, or 0 if the server closed before a new frame began. */
static size_t read_frame(int fd, unsigned char *frame)
{
    long long deadline = now_ms() + timeout_s * 1000LL;
    unsigned char *prefix = frame;
    ssize_t got = read_all(fd, prefix, 4, deadline);
    uint32_t len;

    if (got == -1 && errno == ETIMEDOUT)
        call_failed("no reply within %d s (is the server stopped, or busy?)", timeout_s);
    if (got == 0 || (got == -1 && errno == ECONNRESET))
        return 0;
    if (got == -1)
        call_failed("reading the reply failed: %s", strerror(errno));
    len = (uint32_t)prefix[0] << 24 | (uint32_t)prefix[1] << 16 |
          (uint32_t)prefix[2] << 8 | prefix[3];
    if (got < 4 || len == 0 || len > RPC_MAX_FRAME)
        call_failed("the server sent a broken frame (length %lu; the limit is 1..%d)",
                    got < 4 ? 0UL : (unsigned long)len, RPC_MAX_FRAME);
    got = read_all(fd, frame + 4, len, deadline);
    if (got == -1 && errno == ETIMEDOUT)
        call_failed("the rest of the reply did not come within %d s", timeout_s);
    if (got != (ssize_t)len)
        call_failed("the server closed the connection in the middle of a reply");
    printf("reply frame (%lu bytes):\n", (unsigned long)len + 4);
    dump(frame, len + 4);
    return len;
}

/* The stub's other half: a reply frame to `result:` or `error:`.
 * Returns 0 for a result, 1 for an error. */
static int print_reply(const unsigned char *p, size_t len)
{
    uint64_t u = 0;
    size_t text_len;

    if (len == 11 && p[0] == RPC_VERSION && p[1] == 'R' && p[2] == 'i') {
        for (int i = 3; i < 11; i++)
            u = u << 8 | p[i];
        printf("result: %lld\n", u <= INT64_MAX ? (long long)u : -(long long)~u - 1);
        return 0;
    }
    text_len = len >= 5 ? (size_t)p[3] << 8 | p[4] : 0;
    if (len < 5 || len != 5 + text_len || p[0] != RPC_VERSION || p[2] != 's' ||
        (p[1] != 'R' && p[1] != 'E'))
        call_failed("the server's reply does not follow the protocol");
    fputs(p[1] == 'R' ? "result: " : "error: ", stdout);
    print_text((const char *)p + 5, text_len);
    putchar('\n');
    return p[1] == 'E';
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
        if (write_all(fd, buf, (size_t)n, now_ms() + timeout_s * 1000LL) == -1) {
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
        call_failed("the server closed the connection without answering");
    printf("the server closed the connection after %zu repl%s\n",
           replies, replies == 1 ? "y" : "ies");
    return errors > 0;
}

int main(int argc, char *argv[])
{
    unsigned char frame[4 + RPC_MAX_FRAME];
    const char *host = "127.0.0.1", *port = DEFAULT_PORT;
    size_t frame_len = 0, len;
    int fd, opt, raw = 0, status;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    /* "+": stop at the procedure name, so "sum -1 2" is not read as options
     * (glibc's getopt would otherwise look at every argument). */
    while ((opt = getopt(argc, argv, "+a:p:t:rh")) != -1) {
        switch (opt) {
        case 'a': host = optarg; break;
        case 'p': parse_number(optarg, 1, 65535); port = optarg; break;
        case 't': timeout_s = (int)parse_number(optarg, 1, 3600); break;
        case 'r': raw = 1; break;
        case 'h': usage(stdout, 0); break;
        default:  usage(stderr, 2);
        }
    }
    if (raw != (optind == argc))        /* -r takes no procedure; without it, one is needed */
        usage(stderr, 2);
    /* A server that closes while we send must give us EPIPE, not kill us. */
    signal(SIGPIPE, SIG_IGN);

    /* Step 1: the stub marshals the call (and refuses a bad one). */
    if (!raw)
        frame_len = marshal_call(frame, argv + optind, argc - optind);

    /* Step 2: connect, bounded by -t. */
    if (raw)
        printf("raw mode: stdin's bytes go to the server unchanged, no stub involved\n");
    fd = server_fd = connect_to(host, port);
    if (raw) {
        status = send_raw(fd);
        close(fd);
        return status;
    }

    /* Step 3: send the frame; wait, bounded, for the one reply. */
    printf("connected; sending the call and waiting for the reply (at most %d s)\n",
           timeout_s);
    if (write_all(fd, frame, frame_len, now_ms() + timeout_s * 1000LL) == -1)
        call_failed("sending the call failed: %s", strerror(errno));
    len = read_frame(fd, frame);
    if (len == 0)
        call_failed("the server closed the connection without answering");

    /* Step 4: unmarshal the reply; close. */
    status = print_reply(frame + 4, len);
    close(fd);
    return status;
}
