/*
 * rpc_server.c - the server half of a remote procedure call (RPC): clients
 * call add, upper and sum here as if they were local functions.
 *
 * The client's stub turns a call into bytes (marshalling) and sends them as
 * one length-prefixed frame over TCP; this server reads the frame, turns it
 * back into a procedure name and typed arguments (unmarshalling), runs the
 * procedure and sends back one reply frame: a result or an error. Nothing
 * the network delivers is trusted: a bad frame closes that connection only.
 *
 * Usage: rpc_server [-a ADDR] [-p PORT] [-c COUNT]
 *   -a ADDR   address to listen on (default 127.0.0.1; ::1 for IPv6)
 *   -p PORT   port, 0..65535 (default 12346; 0: the kernel picks one)
 *   -c COUNT  serve COUNT connections, then exit (default: until Ctrl-C)
 *
 * Two terminals:
 *   terminal 1:  ./rpc_server
 *   terminal 2:  ./rpc_client add 2 3       (then: upper hello, sum 1 2 3)
 *
 * See also: rpc_client.c (the other half), docs/rpc.md, tcp_server.c.
 * Try: `printf 'hello\n' | ./rpc_client -r` sends bytes that are no frame
 * and watch this server close that connection and carry on; or
 * `strace -f -e trace=network ./rpc_server` to see a thread per client.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
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
#define RPC_MAX_FRAME 4096  /* a bogus length can cost us at most this much */
#define RPC_MAX_NAME  32
#define RPC_MAX_ARGS  255   /* argc is one byte */
#define DEFAULT_PORT  "12346"
#define MAX_CLIENTS   64    /* threads at once: more connections are refused */
#define IDLE_SECONDS  30    /* a client silent this long is dropped */

struct value {
    char tag;               /* 'i' or 's' */
    int64_t number;
    const char *text;       /* points into the frame: not 0-terminated */
    size_t text_len;
};

struct connection {
    int fd;
    unsigned long id;
};

typedef int procedure_fn(const struct value *args, unsigned argc,
                         struct value *result, char *scratch, char *error);

static const char *prog = "rpc_server";
static pthread_mutex_t active_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t active_changed = PTHREAD_COND_INITIALIZER;
static unsigned active;     /* connection threads running */

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-a ADDR] [-p PORT] [-c COUNT]\n"
                 "  -a ADDR   address to listen on (default 127.0.0.1)\n"
                 "  -p PORT   port 0..65535 (default %s; 0: the kernel picks)\n"
                 "  -c COUNT  serve COUNT connections, then exit\n",
            prog, DEFAULT_PORT);
    exit(status);
}

static void say(const char *text)
{
    if (write(STDOUT_FILENO, text, strlen(text)) < 0)
        return;                 /* nowhere left to report it */
}

/* The server owns no file, so the handler's whole cleanup is a line and
 * _exit (both async-signal-safe): the kernel closes every socket. Doing
 * it here cannot miss a signal that lands just before accept() blocks. */
static void on_signal(int sig)
{
    (void)sig;
    say("interrupted: the server stops; the kernel closes every connection\n");
    _exit(0);
}

/* MSG_NOSIGNAL: a client that vanished makes send() fail with EPIPE
 * instead of killing the whole server with SIGPIPE. */
static int write_all(int fd, const unsigned char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
        if (n == -1 && errno == EINTR)
            continue;
        if (n == -1)
            return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Returns how many of len bytes arrived before end of file, or -1. */
static ssize_t read_all(int fd, unsigned char *data, size_t len)
{
    size_t got = 0;

    while (got < len) {
        ssize_t n = read(fd, data + got, len - got);
        if (n == -1 && errno == EINTR)
            continue;
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

/* --- unmarshalling: bytes to values, checking every length ------------ */

struct reader { const unsigned char *p; size_t left; };

static int get_bytes(struct reader *r, const unsigned char **out, size_t n)
{
    if (r->left < n)
        return -1;
    *out = r->p;
    r->p += n;
    r->left -= n;
    return 0;
}

static int get_u8(struct reader *r, unsigned *out)
{
    const unsigned char *b;
    if (get_bytes(r, &b, 1) == -1)
        return -1;
    *out = b[0];
    return 0;
}

static int get_value(struct reader *r, struct value *v)
{
    const unsigned char *b;
    unsigned tag;
    uint64_t u = 0;

    if (get_u8(r, &tag) == -1)
        return -1;
    v->tag = (char)tag;
    if (tag == 'i' && get_bytes(r, &b, 8) == 0) {
        for (int i = 0; i < 8; i++)
            u = u << 8 | b[i];
        /* two's complement back to a signed number, without overflow */
        v->number = u <= INT64_MAX ? (int64_t)u : -(int64_t)(~u) - 1;
        return 0;
    }
    if (tag == 's' && get_bytes(r, &b, 2) == 0) {
        v->text_len = (size_t)b[0] << 8 | b[1];
        if (get_bytes(r, &b, v->text_len) == -1)
            return -1;
        v->text = (const char *)b;
        return 0;
    }
    return -1;
}

/* --- marshalling: values to bytes ------------------------------------- */

/* Writes a reply frame into out (room for 4 + RPC_MAX_FRAME bytes) and
 * returns its size. It always fits: an error text is under 256 bytes, and
 * upper's result is no longer than the call that brought its argument. */
static size_t marshal_reply(unsigned char *out, char kind, const struct value *v)
{
    size_t n = 4;
    uint64_t u = (uint64_t)v->number;

    out[n++] = RPC_VERSION;
    out[n++] = (unsigned char)kind;
    out[n++] = (unsigned char)v->tag;
    if (v->tag == 'i') {
        for (int shift = 56; shift >= 0; shift -= 8)
            out[n++] = (unsigned char)(u >> shift);
    } else {
        out[n++] = (unsigned char)(v->text_len >> 8);
        out[n++] = (unsigned char)v->text_len;
        memcpy(out + n, v->text, v->text_len);
        n += v->text_len;
    }
    for (int i = 0; i < 4; i++)           /* the length prefix, big-endian */
        out[i] = (unsigned char)((n - 4) >> (24 - 8 * i));
    return n;
}

/* --- the procedures ----------------------------------------------------- */

static int add_checked(int64_t a, int64_t b, int64_t *sum, const char *name, char *error)
{
    if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b)) {
        sprintf(error, "%s: the result does not fit in a 64-bit INT", name);
        return -1;
    }
    *sum = a + b;
    return 0;
}

static int proc_add(const struct value *args, unsigned argc, struct value *result,
                    char *scratch, char *error)
{
    (void)argc, (void)scratch;
    result->tag = 'i';
    return add_checked(args[0].number, args[1].number, &result->number, "add", error);
}

static int proc_upper(const struct value *args, unsigned argc, struct value *result,
                      char *scratch, char *error)
{
    (void)argc, (void)error;
    for (size_t i = 0; i < args[0].text_len; i++)
        scratch[i] = (char)toupper((unsigned char)args[0].text[i]);
    result->tag = 's';
    result->text = scratch;
    result->text_len = args[0].text_len;
    return 0;
}

static int proc_sum(const struct value *args, unsigned argc, struct value *result,
                    char *scratch, char *error)
{
    (void)scratch;
    result->tag = 'i';
    result->number = 0;
    for (unsigned i = 0; i < argc; i++)
        if (add_checked(result->number, args[i].number, &result->number, "sum", error) == -1)
            return -1;
    return 0;
}

/* The interface: one letter per argument (i INT, s TEXT); "i*" means any
 * number of INTs. The checks are made once, in call(), for every procedure. */
static const struct procedure {
    const char *name, *args, *usage;
    procedure_fn *run;
} procedures[] = {
    { "add",   "ii", "add A B",    proc_add },
    { "upper", "s",  "upper TEXT", proc_upper },
    { "sum",   "i*", "sum N...",   proc_sum },
};

struct call {
    char name[RPC_MAX_NAME + 1];
    unsigned argc;
    struct value args[RPC_MAX_ARGS];
};

/* The server stub: payload bytes to a call, or -1 with the reason. */
static int unmarshal_call(const unsigned char *payload, size_t len, struct call *call,
                          char *error)
{
    struct reader r = { payload, len };
    const unsigned char *name;
    unsigned version = 0, kind, name_len, i;

    if (get_u8(&r, &version) == -1 || version != RPC_VERSION) {
        sprintf(error, "malformed call: version %u, this server speaks %d",
                version, RPC_VERSION);
        return -1;
    }
    if (get_u8(&r, &kind) == -1 || kind != 'C' || get_u8(&r, &name_len) == -1 ||
        name_len < 1 || name_len > RPC_MAX_NAME || get_bytes(&r, &name, name_len) == -1 ||
        get_u8(&r, &call->argc) == -1) {
        strcpy(error, "malformed call: expected 'C', a 1..32-byte name and argc");
        return -1;
    }
    for (i = 0; i < name_len; i++) {
        if (name[i] < 0x21 || name[i] > 0x7e) {
            strcpy(error, "malformed call: a name is printable ASCII");
            return -1;
        }
        call->name[i] = (char)name[i];
    }
    call->name[name_len] = '\0';
    for (i = 0; i < call->argc; i++) {
        if (get_value(&r, &call->args[i]) == -1) {
            sprintf(error, "malformed call: argument %u is no whole INT or TEXT", i + 1);
            return -1;
        }
    }
    if (r.left != 0) {
        sprintf(error, "malformed call: %zu bytes left over after the arguments", r.left);
        return -1;
    }
    return 0;
}

/* Checks the arguments against the interface, then runs the procedure.
 * Returns 0 with *result set, or -1 with the error text in error. */
static int call_procedure(const struct call *call, struct value *result, char *scratch,
                          char *error)
{
    const struct procedure *proc = NULL;
    unsigned i;

    for (i = 0; i < sizeof procedures / sizeof procedures[0]; i++)
        if (strcmp(procedures[i].name, call->name) == 0)
            proc = &procedures[i];
    if (proc == NULL) {
        sprintf(error, "unknown procedure \"%s\" (this server offers add, upper, sum)",
                call->name);
        return -1;
    }
    if (proc->args[1] != '*' && call->argc != strlen(proc->args)) {
        sprintf(error, "%s takes %zu argument%s (%s), got %u", proc->name,
                strlen(proc->args), strlen(proc->args) == 1 ? "" : "s", proc->usage,
                call->argc);
        return -1;
    }
    for (i = 0; i < call->argc; i++) {
        char want = proc->args[1] == '*' ? proc->args[0] : proc->args[i];
        if (call->args[i].tag != want) {
            sprintf(error, "%s: argument %u must be %s (%s)", proc->name, i + 1,
                    want == 'i' ? "an INT" : "TEXT", proc->usage);
            return -1;
        }
    }
    return proc->run(call->args, call->argc, result, scratch, error);
}

static void print_value(const struct value *v)
{
    if (v->tag == 'i') {
        printf("%lld", (long long)v->number);
    } else {
        putchar('"');
        print_text(v->text, v->text_len);
        putchar('"');
    }
}

/* --- one thread per connection ---------------------------------------- */

/* Reads one frame: the 4-byte length, then exactly that many bytes.
 * Returns the payload's length, or 0 when the connection must end (and
 * says why). */
static uint32_t read_frame(const struct connection *conn, unsigned char *frame,
                           unsigned long calls)
{
    ssize_t got = read_all(conn->fd, frame, 4);
    uint32_t len;

    if (got == 0) {
        printf("connection %lu: the client closed the connection after %lu call%s\n",
               conn->id, calls, calls == 1 ? "" : "s");
        return 0;
    }
    if (got == -1) {
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            printf("connection %lu: the client was silent for %d s; closing it\n",
                   conn->id, IDLE_SECONDS);
        else
            printf("connection %lu: reading failed (%s); closing it\n", conn->id,
                   strerror(errno));
        return 0;
    }
    if (got < 4) {
        printf("connection %lu: the client left in the middle of a length prefix; "
               "closing it\n", conn->id);
        return 0;
    }
    len = (uint32_t)frame[0] << 24 | (uint32_t)frame[1] << 16 |
          (uint32_t)frame[2] << 8 | frame[3];
    if (len == 0 || len > RPC_MAX_FRAME) {
        /* Where the next frame starts is now unknown: trust nothing more. */
        printf("connection %lu: a frame of %lu bytes, outside 1..%d; closing this "
               "connection (the others carry on)\n", conn->id, (unsigned long)len,
               RPC_MAX_FRAME);
        return 0;
    }
    got = read_all(conn->fd, frame + 4, len);
    if (got != (ssize_t)len) {
        printf("connection %lu: the client left in the middle of a %lu-byte frame "
               "(%s); closing it\n", conn->id, (unsigned long)len,
               got == -1 ? strerror(errno) : "end of file");
        return 0;
    }
    return len;
}

static void *serve(void *arg)
{
    struct connection *conn = arg;
    unsigned char frame[4 + RPC_MAX_FRAME], reply[4 + RPC_MAX_FRAME];
    char scratch[RPC_MAX_FRAME], error[256];
    struct call call;
    struct value result;
    unsigned long calls = 0;
    uint32_t len;
    int malformed, ok;

    while ((len = read_frame(conn, frame, calls)) > 0) {
        /* Unmarshal, call, marshal the reply. */
        calls++;
        ok = 0;
        malformed = unmarshal_call(frame + 4, len, &call, error) == -1;
        if (!malformed) {
            flockfile(stdout);          /* one whole line, even with many threads */
            printf("received: %s(", call.name);
            for (unsigned i = 0; i < call.argc; i++) {
                fputs(i > 0 ? ", " : "", stdout);
                print_value(&call.args[i]);
            }
            printf(")\n");
            funlockfile(stdout);
            ok = call_procedure(&call, &result, scratch, error) == 0;
        }
        if (!ok) {
            result.tag = 's';
            result.text = error;
            result.text_len = strlen(error);
        }
        flockfile(stdout);
        printf("connection %lu: sending back ", conn->id);
        if (ok) {
            printf("the result ");
            print_value(&result);
        } else {
            printf("an error: %s", error);
        }
        printf("%s\n", malformed ? "; then closing this connection" : "");
        funlockfile(stdout);
        if (write_all(conn->fd, reply, marshal_reply(reply, ok ? 'R' : 'E', &result)) == -1) {
            printf("connection %lu: the client went away before the reply (%s); "
                   "closing it\n", conn->id, strerror(errno));
            break;
        }
        if (malformed)
            break;
    }
    close(conn->fd);
    free(conn);
    pthread_mutex_lock(&active_lock);
    active--;
    pthread_cond_signal(&active_changed);
    pthread_mutex_unlock(&active_lock);
    return NULL;
}

int main(int argc, char *argv[])
{
    struct sigaction sa = { .sa_handler = on_signal };
    struct addrinfo hints = { .ai_flags = AI_PASSIVE, .ai_socktype = SOCK_STREAM };
    struct addrinfo *addrs;
    struct sockaddr_storage addr;
    socklen_t addr_len;
    struct timeval idle = { .tv_sec = IDLE_SECONDS };
    pthread_attr_t detached;
    const char *address = "127.0.0.1", *port = DEFAULT_PORT;
    char host[64], service[16];
    unsigned long count = 0, accepted = 0;
    int listen_fd, opt, rc, on = 1;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    while ((opt = getopt(argc, argv, "a:p:c:h")) != -1) {
        switch (opt) {
        case 'a': address = optarg; break;
        case 'p': parse_number(optarg, 0, 65535); port = optarg; break;
        case 'c': count = (unsigned long)parse_number(optarg, 1, 1000000); break;
        case 'h': usage(stdout, 0); break;
        default:  usage(stderr, 2);
        }
    }
    if (optind != argc)
        usage(stderr, 2);
    signal(SIGPIPE, SIG_IGN);           /* belt and braces: see write_all */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    /* Step 1: a TCP socket bound to ADDR:PORT (IPv4 or IPv6). */
    rc = getaddrinfo(address, port, &hints, &addrs);
    if (rc != 0) {
        fprintf(stderr, "%s: %s: %s\n", prog, address, gai_strerror(rc));
        exit(1);
    }
    listen_fd = socket(addrs->ai_family, SOCK_STREAM, 0);
    if (listen_fd == -1)
        die("socket");
    /* a restarted server may reuse the port at once (no TIME_WAIT refusal) */
    if (setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) == -1)
        die("setsockopt SO_REUSEADDR");
    if (bind(listen_fd, addrs->ai_addr, addrs->ai_addrlen) == -1) {
        fprintf(stderr, "%s: bind %s port %s: %s%s\n", prog, address, port, strerror(errno),
                errno == EADDRINUSE ? " (is another server on that port? try -p 0)" : "");
        exit(1);
    }
    freeaddrinfo(addrs);

    /* Step 2: listen; the kernel now completes connections on its own. */
    if (listen(listen_fd, SOMAXCONN) == -1)
        die("listen");
    addr_len = sizeof addr;
    if (getsockname(listen_fd, (struct sockaddr *)&addr, &addr_len) == -1)
        die("getsockname");
    getnameinfo((struct sockaddr *)&addr, addr_len, host, sizeof host, service,
                sizeof service, NI_NUMERICHOST | NI_NUMERICSERV);
    printf(strchr(host, ':') ? "ready: listening on [%s]:%s\n" : "ready: listening on %s:%s\n",
           host, service);
    printf("waiting for clients (accept blocks until one connects); each gets its "
           "own thread\n");

    /* Step 3: accept each client and hand it to a thread of its own.
     * Nobody joins these threads: each cleans up after itself. */
    pthread_attr_init(&detached);
    pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED);
    while (count == 0 || accepted < count) {
        struct connection *conn;
        pthread_t thread;

        addr_len = sizeof addr;
        rc = accept(listen_fd, (struct sockaddr *)&addr, &addr_len);
        if (rc == -1 && (errno == EINTR || errno == ECONNABORTED))
            continue;
        if (rc == -1)
            die("accept");
        accepted++;
        conn = malloc(sizeof *conn);
        if (conn == NULL)
            die("malloc");
        conn->fd = rc;
        conn->id = accepted;
        getnameinfo((struct sockaddr *)&addr, addr_len, host, sizeof host, service,
                    sizeof service, NI_NUMERICHOST | NI_NUMERICSERV);
        if (setsockopt(conn->fd, SOL_SOCKET, SO_RCVTIMEO, &idle, sizeof idle) == -1 ||
            setsockopt(conn->fd, SOL_SOCKET, SO_SNDTIMEO, &idle, sizeof idle) == -1)
            die("setsockopt SO_RCVTIMEO/SO_SNDTIMEO");

        pthread_mutex_lock(&active_lock);
        if (active >= MAX_CLIENTS) {
            pthread_mutex_unlock(&active_lock);
            printf("connection %lu from %s port %s: already %d clients; refusing it\n",
                   conn->id, host, service, MAX_CLIENTS);
            close(conn->fd);
            free(conn);
            continue;
        }
        active++;
        pthread_mutex_unlock(&active_lock);
        printf("connection %lu from %s port %s: a new thread reads its calls\n",
               conn->id, host, service);
        rc = pthread_create(&thread, &detached, serve, conn);
        if (rc != 0) {
            printf("connection %lu: no thread for it (%s); closing it\n", conn->id,
                   strerror(rc));
            close(conn->fd);
            free(conn);
            pthread_mutex_lock(&active_lock);
            active--;
            pthread_mutex_unlock(&active_lock);
            continue;
        }
    }

    pthread_attr_destroy(&detached);
    /* Step 4 (-c): stop listening, let the last clients finish. */
    close(listen_fd);
    printf("accepted %lu connection%s (-c %lu): no more; waiting for the open ones to end\n",
           accepted, accepted == 1 ? "" : "s", count);
    pthread_mutex_lock(&active_lock);
    while (active > 0)
        pthread_cond_wait(&active_changed, &active_lock);
    pthread_mutex_unlock(&active_lock);
    printf("served %lu connection%s; exiting\n", accepted, accepted == 1 ? "" : "s");
    return 0;
}
