/*
 * timeline.c - the tour's timeline: every side's output, stdout and stderr,
 * in the order it was written, each line tagged with the side that wrote it.
 *
 *   tour_timeline collect SOCKET DIR [-w WIDTH] [-d MS] [-s CUT]...
 *   tour_timeline run SOCKET TERMINAL NAME PROG [ARG...]
 *   tour_timeline note SOCKET TEXT
 *
 * How the order stays real: a side's stdout and stderr are datagram sockets
 * connected to the one socket the collector reads. A socket has one receive
 * queue, so the collector takes the datagrams (one per write: stdout is
 * line-buffered) in the order the sides wrote them, whatever the scheduler
 * did after. Nothing is sorted afterwards. Each side's sockets are bound to
 * a path that names it (SOCKET.d/TERMINAL.NAME.STREAM), so recvfrom says who
 * wrote. A note comes from an unbound socket: the tour's own action.
 *
 * The collector also writes DIR/NAME.out and DIR/NAME.err (the test helpers
 * read those), DIR/timeline.log (NAME TAB TEXT per line, for the tests), and
 * answers "\1sync N" by writing N to DIR/timeline.sync: everything sent
 * before the sync has then been written. "\1quit" ends it.
 */
#include "ipc_demo.h"
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>

#define MAX_SIDES 256
#define DGRAM_MAX 65536

static const char *usage_lines =
    "The tour's timeline: each side's lines in the order they were written.\n"
    "usage: tour_timeline collect SOCKET DIR [-w WIDTH] [-d MS] [-s CUT]...\n"
    "       tour_timeline run SOCKET TERMINAL NAME PROG [ARG...]\n"
    "       tour_timeline note SOCKET TEXT\n";

struct side {
    char name[32];
    int terminal;                 /* 1 or 2: the column it is shown in */
    char partial[2][1024];        /* an unfinished line, per stream */
    size_t used[2];
};

static struct side sides[MAX_SIDES];
static int width = 80, delay_ms, colour;
static const char *dir, *strip[4];
static int strips;
static FILE *logf;

static int collect(const char *path);
static void run_side(const char *path, const char *terminal, const char *name,
                     char **command);
static void note(const char *path, const char *text);

int main(int argc, char **argv)
{
    demo_start(argv[0], usage_lines);
    if (argc >= 4 && strcmp(argv[1], "collect") == 0) {
        dir = argv[3];
        for (int i = 4; i + 1 < argc; i += 2) {
            if (strcmp(argv[i], "-w") == 0)
                width = (int)parse_long(argv[i + 1], 40, 400, "-w");
            else if (strcmp(argv[i], "-d") == 0)
                delay_ms = (int)parse_long(argv[i + 1], 0, 10000, "-d");
            else if (strcmp(argv[i], "-s") == 0 && strips < 4)
                strip[strips++] = argv[i + 1];
            else
                usage(2);
        }
        const char *no_colour = getenv("NO_COLOR");  /* no-color.org: set and non-empty */
        colour = isatty(STDOUT_FILENO) && (no_colour == NULL || no_colour[0] == '\0');
        return collect(argv[2]);
    }
    if (argc >= 6 && strcmp(argv[1], "run") == 0)
        run_side(argv[2], argv[3], argv[4], argv + 5);
    if (argc == 4 && strcmp(argv[1], "note") == 0) {
        note(argv[2], argv[3]);
        return 0;
    }
    usage(argc == 2 && strcmp(argv[1], "-h") == 0 ? 0 : 2);
}

static void set_address(struct sockaddr_un *addr, const char *path)
{
    memset(addr, 0, sizeof *addr);
    addr->sun_family = AF_UNIX;
    if (strlen(path) >= sizeof addr->sun_path)
        fail("socket path too long: %s", path);
    strcpy(addr->sun_path, path);
}

/* A side: two sockets, bound to names that say who it is, connected to the
 * collector, become its stdout and stderr; then the program runs. */
static void run_side(const char *path, const char *terminal, const char *name,
                     char **command)
{
    struct sockaddr_un collector, me;
    set_address(&collector, path);
    for (int stream = 1; stream <= 2; stream++) {
        char mine[sizeof me.sun_path];
        int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
        snprintf(mine, sizeof mine, "%s.d/%s.%s.%d", path, terminal, name, stream);
        set_address(&me, mine);
        unlink(mine);
        if (fd == -1 || bind(fd, (struct sockaddr *)&me, sizeof me) == -1 ||
            connect(fd, (struct sockaddr *)&collector, sizeof collector) == -1)
            die(mine);
        if (dup2(fd, stream) == -1)
            die("dup2");
        close(fd);
    }
    execvp(command[0], command);
    die(command[0]);
}

static void note(const char *path, const char *text)
{
    struct sockaddr_un collector;
    set_address(&collector, path);
    int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    if (fd == -1 || sendto(fd, text, strlen(text), 0,
                           (struct sockaddr *)&collector, sizeof collector) == -1)
        die(path);
    close(fd);
}

static struct side *side_of(const char *bound, int *stream)
{
    /* bound: ".../TERMINAL.NAME.STREAM" */
    const char *base = strrchr(bound, '/');
    base = base ? base + 1 : bound;
    const char *last = strrchr(base, '.');
    if (last == NULL || base[1] != '.')
        return NULL;
    *stream = last[1] == '2';
    size_t len = (size_t)(last - (base + 2));
    for (int i = 0; i < MAX_SIDES; i++) {
        struct side *s = &sides[i];
        if (s->name[0] == '\0' && len < sizeof s->name) {
            memcpy(s->name, base + 2, len);
            s->terminal = base[0] == '1' ? 1 : 2;
            return s;
        }
        if (strlen(s->name) == len && memcmp(s->name, base + 2, len) == 0)
            return s;
    }
    return NULL;
}

static void append_file(const char *name, const char *suffix, const char *data,
                        size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.%s", dir, name, suffix);
    FILE *f = fopen(path, "a");
    if (f == NULL)
        die(path);
    fwrite(data, 1, len, f);
    fclose(f);
}

/* One line on the screen: labelled ("reader | text") or in its terminal's
 * column, wrapped to the width, the strip prefix (a scratch folder) cut. */
static void show(const struct side *s, const char *text, int plain)
{
    char clean[2048] = "";
    size_t n = 0;
    for (const char *p = text; *p != '\0' && n + 1 < sizeof clean; ) {
        int cut = 0;
        for (int i = 0; i < strips && !cut; i++)
            if (strip[i][0] != '\0' && strncmp(p, strip[i], strlen(strip[i])) == 0)
                cut = (int)strlen(strip[i]);
        if (cut > 0)
            p += cut;
        else
            clean[n++] = *p++;
    }
    clean[n] = '\0';
    /* "   name | text": in its terminal's column when the screen holds two
     * (a note spans both), else one below the other; wrapped lines indent. */
    const char *name = s ? s->name : "[tour]";
    int two = width >= 100;
    int room = plain ? width - 2 : (two && s != NULL ? (width - 3) / 2 : width) - 11;
    int indent = two && s != NULL && s->terminal == 2 ? (width - 3) / 2 + 3 : 0;
    const char *on = !colour ? "" : plain ? "\033[1m" : s == NULL ? "\033[35m"
                   : s->terminal == 1 ? "\033[36m" : "\033[33m";
    const char *off = colour ? "\033[0m" : "";
    size_t len = strlen(clean), at = 0;
    do {
        size_t fit = (size_t)room - (at ? 2 : 0);
        size_t take = len - at > fit ? fit : len - at;
        if (at + take < len)                /* break at a space, if any */
            for (size_t k = take; k > fit / 2; k--)
                if (clean[at + k] == ' ') {
                    take = k + 1;   /* the space ends this line */
                    break;
                }
        int shown = (int)take;
        while (shown > 0 && clean[at + (size_t)shown - 1] == ' ')
            shown--;
        if (plain)
            printf("%s%s%.*s%s\n", on, at ? "  " : "", shown, clean + at, off);
        else
            printf("%*s%s%8.8s |%s %s%.*s\n", indent, "", on, at ? "" : name,
                   off, at ? "  " : "", shown, clean + at);
        at += take;
    } while (at < len);
    fflush(stdout);
    if (delay_ms > 0)
        nanosleep(&(struct timespec){ delay_ms / 1000,
                                      (delay_ms % 1000) * 1000000L }, NULL);
}

static void take_lines(struct side *s, int stream, const char *data, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = data[i];
        size_t *used = &s->used[stream];
        if (c != '\n' && *used + 1 < sizeof s->partial[stream]) {
            s->partial[stream][(*used)++] = c;
            continue;
        }
        if (c != '\n')
            s->partial[stream][(*used)++] = c;
        s->partial[stream][*used] = '\0';
        fprintf(logf, "%s\t%s\n", s->name, s->partial[stream]);
        fflush(logf);
        show(s, s->partial[stream], 0);
        *used = 0;
    }
}

static int collect(const char *path)
{
    static char data[DGRAM_MAX + 1];
    char log_path[4096], side_dir[4096];
    struct sockaddr_un addr;
    set_address(&addr, path);
    snprintf(side_dir, sizeof side_dir, "%s.d", path);
    snprintf(log_path, sizeof log_path, "%s/timeline.log", dir);
    if (mkdir(side_dir, 0700) == -1 && errno != EEXIST)
        die(side_dir);
    if ((logf = fopen(log_path, "a")) == NULL)
        die(log_path);
    int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    int size = 1 << 20;
    if (fd == -1 || bind(fd, (struct sockaddr *)&addr, sizeof addr) == -1 ||
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size) == -1)
        die(path);
    for (;;) {
        struct sockaddr_un from;
        socklen_t from_len = sizeof from;
        ssize_t n = recvfrom(fd, data, DGRAM_MAX, 0, (struct sockaddr *)&from,
                             &from_len);
        if (n == -1) {
            if (errno == EINTR)
                continue;
            die("recvfrom");
        }
        data[n] = '\0';
        int stream = 0;
        struct side *s = from_len > offsetof(struct sockaddr_un, sun_path)
                         ? side_of(from.sun_path, &stream) : NULL;
        if (s != NULL) {
            append_file(s->name, stream ? "err" : "out", data, (size_t)n);
            take_lines(s, stream, data, (size_t)n);
        } else if (strncmp(data, "\1sync ", 6) == 0) {
            char sync_path[4096];
            snprintf(sync_path, sizeof sync_path, "%s/timeline.sync", dir);
            FILE *f = fopen(sync_path, "w");
            if (f == NULL)
                die(sync_path);
            fprintf(f, "%s\n", data + 6);
            fclose(f);
        } else if (strcmp(data, "\1quit") == 0) {
            break;
        } else if (data[0] == '\2') {         /* a heading or a note: no label */
            fprintf(logf, "[tour]\t%s\n", data + 1);
            fflush(logf);
            show(NULL, data + 1, 1);
        } else {
            fprintf(logf, "[tour]\t%s\n", data);
            fflush(logf);
            show(NULL, data, 0);
        }
    }
    close(fd);
    unlink(path);
    return 0;
}
