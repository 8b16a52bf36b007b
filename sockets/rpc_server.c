/*
 * rpc_server.c - the server half of a remote procedure call (RPC): clients
 * call add, upper and sum here as if they were local functions.
 *
 * The client's stub turns a call into bytes (marshalling) and sends them as
 * one length-prefixed frame over TCP; this server reads the frame, turns it
 * back into a procedure name and typed arguments (unmarshalling), runs the
 * procedure and sends back one reply frame: a result or an error. Nothing
 * the network delivers is trusted: a bad frame closes that connection only.
 * The wire format is in rpc_protocol.h.
 *
 * Usage: rpc_server [-a ADDR] [-p PORT] [-c COUNT]
 *
 * Two terminals: `./rpc_server` in one, then `./rpc_client add 2 3` (or
 * upper hello, sum 1 2 3) in the other.
 *
 * See also: rpc_client.c (the other half), docs/rpc.md, tcp_server.c.
 * Try: `printf 'hello\n' | ./rpc_client -r` (bytes that are no frame).
 */
#include "ipc_demo.h"
#include <ctype.h>
#include <netdb.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include "rpc_protocol.h"

#define MAX_CLIENTS   64    /* threads at once: more connections are refused */
#define IDLE_SECONDS  30    /* a client silent this long is dropped */
#define USAGE \
    "rpc_server answers remote procedure calls (add, upper, sum) that\n" \
    "rpc_client sends over TCP, one thread per connection. Start it first.\n" \
    "usage: rpc_server [-a ADDR] [-p PORT] [-c COUNT]\n" \
    "  -a ADDR   listen on ADDR (default 127.0.0.1; ::1 for IPv6).\n" \
    "  -p PORT   listen on PORT, 0..65535 (default " RPC_STRING(RPC_PORT) "; 0: any free one).\n" \
    "  -c COUNT  serve COUNT connections, then exit (default: until Ctrl-C);\n" \
    "            one refused because 64 are open does not count.\n"

struct connection { int fd; unsigned long id; };

static pthread_mutex_t active_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t active_changed = PTHREAD_COND_INITIALIZER;
static unsigned active;     /* connection threads running */

static int listen_on(const char *address, const char *port);
static int accept_client(int listen_fd, struct sockaddr_storage *addr, socklen_t *len);
static int hand_over(int fd, unsigned long id, struct sockaddr_storage *addr, socklen_t len);
static void *serve(void *arg);

static void connection_ended(void)
{
    pthread_mutex_lock(&active_lock);
    active--;
    pthread_cond_signal(&active_changed);
    pthread_mutex_unlock(&active_lock);
}

/* The server owns no file: a line and _exit (both async-signal-safe), and the
 * kernel closes every socket. No signal can slip in before accept() blocks. */
static void on_signal(int sig)
{
    (void)sig;
    say("interrupted: the server stops; the kernel closes every connection\n");
    _exit(0);
}

int main(int argc, char *argv[])
{
    struct sockaddr_storage addr;
    socklen_t addr_len = sizeof addr;
    char host[64], service[16], port_text[8];   /* an IPv6 address and %scope fit */
    const char *address = "127.0.0.1", *port = port_text;
    unsigned long count = 0, served = 0, seen = 0;
    int listen_fd, fd, opt, rc;

    demo_start(argv[0], USAGE);
    snprintf(port_text, sizeof port_text, "%d", default_port(RPC_PORT));
    while ((opt = getopt(argc, argv, "a:p:c:h")) != -1) {
        switch (opt) {
        case 'a': address = optarg; break;
        case 'p': parse_long(optarg, 0, 65535, "-p"); port = optarg; break;
        case 'c': count = (unsigned long)parse_long(optarg, 1, 1000000, "-c"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind != argc)
        usage(2);
    catch_signal(SIGPIPE, SIG_IGN, 0);  /* a vanished client: EPIPE, not death */
    catch_ending_signals(on_signal);

    /* 1. A TCP socket bound to ADDR:PORT (IPv4 or IPv6), then listen: from
     * now on the kernel completes connections by itself. */
    listen_fd = listen_on(address, port);
    if (getsockname(listen_fd, (struct sockaddr *)&addr, &addr_len) == -1)
        die("getsockname");
    rc = getnameinfo((struct sockaddr *)&addr, addr_len, host, sizeof host, service,
                     sizeof service, NI_NUMERICHOST | NI_NUMERICSERV);
    if (rc != 0)
        fail("getnameinfo: %s", gai_strerror(rc));
    printf(strchr(host, ':') ? "ready: listening on [%s]:%s\n" : "ready: listening on %s:%s\n",
           host, service);
    printf("waiting for clients (accept blocks until one connects); each gets a thread\n");

    /* 2. Accept each client and hand it to a thread of its own. -c counts
     * the connections served, not those refused. */
    while (count == 0 || served < count) {
        addr_len = sizeof addr;
        fd = accept_client(listen_fd, &addr, &addr_len);
        if (fd != -1)
            served += hand_over(fd, ++seen, &addr, addr_len);
    }

    /* 3. (-c) Stop listening; let the open connections finish. */
    close(listen_fd);
    printf("%lu connection%s taken (-c %lu): no more; waiting for the open ones "
           "to end\n", served, served == 1 ? "" : "s", count);
    pthread_mutex_lock(&active_lock);
    while (active > 0)
        pthread_cond_wait(&active_changed, &active_lock);
    pthread_mutex_unlock(&active_lock);
    printf("served %lu connection%s; exiting\n", served, served == 1 ? "" : "s");
    return 0;
}

/* Tries each address getaddrinfo gives for ADDR:PORT; the first that binds
 * wins. Returns the listening socket. */
static int listen_on(const char *address, const char *port)
{
    struct addrinfo hints = { .ai_flags = AI_PASSIVE, .ai_socktype = SOCK_STREAM }, *list, *ai;
    char what[128];
    int fd = -1, rc, err = 0, on = 1;

    rc = getaddrinfo(address, port, &hints, &list);
    if (rc != 0)
        fail("%s: %s", address, gai_strerror(rc));
    for (ai = list; ai != NULL && fd == -1; ai = ai->ai_next) {
        fd = socket(ai->ai_family, SOCK_STREAM, 0);
        if (fd == -1)
            die("socket");
        /* a restarted server may reuse the port at once (no TIME_WAIT refusal) */
        if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) == -1)
            die("setsockopt SO_REUSEADDR");
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0)
            break;
        err = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(list);
    if (fd == -1) {
        errno = err;
        snprintf(what, sizeof what, "bind %s port %s", address, port);
        die_hint(what, errno == EADDRINUSE ? "is another server on that port? try -p 0" : NULL);
    }
    if (listen(fd, SOMAXCONN) == -1)
        die("listen");
    return fd;
}

/* accept(), living through its errors: returns the new socket, or -1 (try
 * again). Out of descriptors or memory: say so once, wait a little for a
 * connection to end (new clients wait in the kernel's queue), try again. A
 * network error on a connection not yet taken (man 2 accept): retry at once. */
static int accept_client(int listen_fd, struct sockaddr_storage *addr, socklen_t *len)
{
    static int short_of_fds;    /* said so already */
    struct timespec pause = { .tv_nsec = 100 * 1000 * 1000 };
    int fd = accept(listen_fd, (struct sockaddr *)addr, len);

    if (fd != -1) {
        short_of_fds = 0;
        return fd;
    }
    switch (errno) {
    case EMFILE: case ENFILE: case ENOBUFS: case ENOMEM:
        if (!short_of_fds)
            printf("accept: %s; new clients queue until a connection ends\n",
                   strerror(errno));
        short_of_fds = 1;
        nanosleep(&pause, NULL);
        return -1;
    case EINTR: case ECONNABORTED:
        return -1;
    case ENETDOWN: case EPROTO: case ENOPROTOOPT: case EHOSTDOWN: case ENONET: case ETIMEDOUT:
    case EHOSTUNREACH: case EOPNOTSUPP: case ENETUNREACH:
        printf("accept: %s (on a connection not yet taken); going on\n", strerror(errno));
        return -1;
    default:
        die("accept");
    }
}

/* Sets up connection ID on FD and starts its thread. Returns 1 if a
 * thread serves it, 0 if it was refused or failed (and FD is closed). */
static int hand_over(int fd, unsigned long id, struct sockaddr_storage *addr, socklen_t len)
{
    struct timeval idle = { .tv_sec = IDLE_SECONDS };
    struct connection *conn;
    pthread_t thread;
    char host[64], service[16], peer[96];
    int rc;

    rc = getnameinfo((struct sockaddr *)addr, len, host, sizeof host, service,
                     sizeof service, NI_NUMERICHOST | NI_NUMERICSERV);
    if (rc == 0)
        snprintf(peer, sizeof peer, "%s port %s", host, service);
    else
        snprintf(peer, sizeof peer, "an address getnameinfo cannot show (%s)",
                 gai_strerror(rc));
    /* A client silent this long is dropped, so it cannot hold a thread. */
    if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &idle, sizeof idle) == -1 ||
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &idle, sizeof idle) == -1) {
        printf("connection %lu: setsockopt: %s; closing it\n", id, strerror(errno));
        close(fd);
        return 0;
    }
    pthread_mutex_lock(&active_lock);
    if (active >= MAX_CLIENTS) {
        pthread_mutex_unlock(&active_lock);
        printf("connection %lu from %s: already %d clients; refusing it\n", id, peer,
               MAX_CLIENTS);
        close(fd);
        return 0;
    }
    active++;
    pthread_mutex_unlock(&active_lock);
    printf("connection %lu from %s: a new thread reads its calls\n", id, peer);
    conn = malloc(sizeof *conn);
    if (conn != NULL)
        *conn = (struct connection){ .fd = fd, .id = id };
    rc = conn == NULL ? ENOMEM : pthread_create(&thread, NULL, serve, conn);
    if (rc == 0)
        return 1;
    printf("connection %lu: no thread for it (%s); closing it\n", id, strerror(rc));
    free(conn);
    close(fd);
    connection_ended();
    return 0;
}

/* --- the procedures: the interface, and what each one does -------------- */

struct call {
    char name[RPC_MAX_NAME + 1];
    unsigned argc;
    struct rpc_value args[RPC_MAX_ARGS];
};

/* Each gets a call whose arguments are checked; returns 0 with *RESULT
 * set, or -1 with ERROR. SCRATCH (RPC_MAX_FRAME bytes) holds a TEXT result.
 * add is sum with two arguments. */
static int proc_sum(const struct call *call, struct rpc_value *result, char *scratch,
                    char *error)
{
    (void)scratch;
    *result = (struct rpc_value){ .tag = 'i' };
    for (unsigned i = 0; i < call->argc; i++) {
        int64_t a = result->number, b = call->args[i].number;
        if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b)) {
            sprintf(error, "%s: the result does not fit in a 64-bit INT", call->name);
            return -1;
        }
        result->number = a + b;
    }
    return 0;
}

static int proc_upper(const struct call *call, struct rpc_value *result, char *scratch,
                      char *error)
{
    const struct rpc_value *text = &call->args[0];

    (void)error;
    for (size_t i = 0; i < text->text_len; i++)
        scratch[i] = (char)toupper((unsigned char)text->text[i]);
    *result = (struct rpc_value){ .tag = 's', .text = scratch, .text_len = text->text_len };
    return 0;
}

/* The interface: one letter per argument (i INT, s TEXT); "i*" means any
 * number of INTs. The checks are made once, in call_procedure(). */
static const struct procedure {
    const char *name, *args, *usage;
    int (*run)(const struct call *, struct rpc_value *, char *, char *);
} procedures[] = {
    { "add",   "ii", "add A B",    proc_sum },
    { "upper", "s",  "upper TEXT", proc_upper },
    { "sum",   "i*", "sum N...",   proc_sum },
};

/* The server stub: payload bytes to a call, or -1 with the reason. */
static int unmarshal_call(const unsigned char *payload, size_t len, struct call *call,
                          char *error)
{
    struct rpc_reader r = { payload, len };
    const unsigned char *name;
    unsigned version = 0, kind, name_len, i;

    if (rpc_get_u8(&r, &version) == -1 || version != RPC_VERSION) {
        sprintf(error, "malformed call: version %u, this server speaks %d",
                version, RPC_VERSION);
        return -1;
    }
    if (rpc_get_u8(&r, &kind) == -1 || kind != 'C' || rpc_get_u8(&r, &name_len) == -1 ||
        name_len < 1 || name_len > RPC_MAX_NAME || rpc_get_bytes(&r, &name, name_len) == -1 ||
        rpc_get_u8(&r, &call->argc) == -1) {
        strcpy(error, "malformed call: expected 'C', a 1..32-byte name and argc");
        return -1;
    }
    for (i = 0; i < name_len && name[i] >= 0x21 && name[i] <= 0x7e; i++)
        call->name[i] = (char)name[i];
    call->name[i] = '\0';
    if (i < name_len) {
        strcpy(error, "malformed call: a name is printable ASCII");
        return -1;
    }
    for (i = 0; i < call->argc; i++)
        if (rpc_get_value(&r, &call->args[i]) == -1) {
            sprintf(error, "malformed call: argument %u is no whole INT or TEXT", i + 1);
            return -1;
        }
    if (r.left != 0)
        sprintf(error, "malformed call: %zu byte%s left over after the arguments", r.left,
                r.left == 1 ? "" : "s");
    return r.left != 0 ? -1 : 0;
}

/* Checks the arguments against the interface, then runs the procedure. */
static int call_procedure(const struct call *call, struct rpc_value *result,
                          char *scratch, char *error)
{
    const struct procedure *proc = NULL;

    for (size_t i = 0; i < sizeof procedures / sizeof procedures[0]; i++)
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
    for (unsigned i = 0; i < call->argc; i++) {
        char want = proc->args[1] == '*' ? proc->args[0] : proc->args[i];
        if (call->args[i].tag != want) {
            sprintf(error, "%s: argument %u must be %s (%s)", proc->name, i + 1,
                    want == 'i' ? "an INT" : "TEXT", proc->usage);
            return -1;
        }
    }
    return proc->run(call, result, scratch, error);
}

/* --- one thread per connection ------------------------------------------ */

/* Reads one frame: the 4-byte length, then exactly that many bytes. Returns
 * the payload's length, or 0 when the connection must end (and says why). */
static uint32_t read_frame(const struct connection *conn, unsigned char *frame,
                           unsigned long calls)
{
    ssize_t got = read_all(conn->fd, frame, 4);
    uint32_t len = got == 4 ? rpc_get_u32(frame) : 0;

    if (got == 0)
        printf("connection %lu: the client closed the connection after %lu call%s\n",
               conn->id, calls, calls == 1 ? "" : "s");
    else if (got == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
        printf("connection %lu: the client was silent for %d s; closing it\n",
               conn->id, IDLE_SECONDS);
    else if (got == -1)
        printf("connection %lu: reading failed (%s); closing it\n", conn->id,
               strerror(errno));
    else if (got < 4)
        printf("connection %lu: the client left in the middle of a length prefix; "
               "closing it\n", conn->id);
    else if (len == 0 || len > RPC_MAX_FRAME)
        /* Where the next frame starts is now unknown: trust nothing more. */
        printf("connection %lu: a frame of %lu bytes, outside 1..%d; closing it\n",
               conn->id, (unsigned long)len, RPC_MAX_FRAME);
    else if ((got = read_all(conn->fd, frame + 4, len)) != (ssize_t)len)
        printf("connection %lu: a %lu-byte frame cut short (%s); closing it\n", conn->id,
               (unsigned long)len, got == -1 ? strerror(errno) : "end of file");
    else
        return len;
    return 0;
}

static void *serve(void *arg)
{
    struct connection *conn = arg;
    unsigned char frame[4 + RPC_MAX_FRAME], reply[4 + RPC_MAX_FRAME];
    char scratch[RPC_MAX_FRAME], error[256];
    struct call call;
    struct rpc_value result;
    unsigned long calls = 0;
    size_t len, reply_len;
    int malformed = 0, ok = 0;

    pthread_detach(pthread_self());     /* nobody joins it: it cleans up itself */
    while (!malformed && (len = read_frame(conn, frame, calls)) > 0) {
        /* Unmarshal, call, marshal the reply (it always fits: an error is
         * under 256 bytes, upper's result no longer than its call). */
        calls++;
        malformed = unmarshal_call(frame + 4, len, &call, error) == -1;
        if (!malformed) {
            flockfile(stdout);          /* one whole line, even with many threads */
            printf("received: %s(", call.name);
            for (unsigned i = 0; i < call.argc; i++) {
                fputs(i > 0 ? ", " : "", stdout);
                rpc_print_value(&call.args[i]);
            }
            printf(")\n");
            funlockfile(stdout);
        }
        ok = !malformed && call_procedure(&call, &result, scratch, error) == 0;
        if (!ok)
            result = (struct rpc_value){ .tag = 's', .text = error, .text_len = strlen(error) };
        flockfile(stdout);
        if (ok) {
            printf("connection %lu: sending back the result ", conn->id);
            rpc_print_value(&result);
        } else {                        /* the error on a line of its own: 80 columns */
            printf("connection %lu: sending back an error%s:\n  %s", conn->id,
                   malformed ? ", then closing the connection" : "", error);
        }
        putchar('\n');
        funlockfile(stdout);
        reply[4] = RPC_VERSION;
        reply[5] = ok ? 'R' : 'E';
        reply_len = 6 + rpc_put_value(reply + 6, &result);
        rpc_put_u32(reply, (uint32_t)(reply_len - 4));
        if (write_all(conn->fd, reply, reply_len) == -1) {
            printf("connection %lu: the client left before the reply (%s)\n", conn->id,
                   strerror(errno));
            break;
        }
    }
    connection_ended();     /* before close: once the client sees the end, */
    close(conn->fd);        /* the next one is not refused for its slot */
    free(conn);
    return NULL;
}
