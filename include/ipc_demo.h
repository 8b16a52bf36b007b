/* ipc_demo.h - the few helpers every demo uses, defined once and all static
 * inline, so that one demo still builds alone from its one .c file:
 *     cc -std=c11 -Wall -Wextra -Iinclude -pthread fifo/fifo_reader.c
 * No helper hides a check: a demo tests each call where you see it,
 * `if (pipe(fd) == -1) die("pipe")`. A demo's _GNU_SOURCE comes first. */
#ifndef IPC_DEMO_H
#define IPC_DEMO_H
#if !defined(_POSIX_C_SOURCE) && !defined(_XOPEN_SOURCE) && !defined(_GNU_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/stat.h>
#include <unistd.h>
static const char *prog = "demo", *usage_text = "";  /* set by demo_start */
/* main's first call. stdout is line-buffered: a pipe gets each line at once */
static inline void demo_start(const char *argv0, const char *usage)
{
    prog = strrchr(argv0, '/') != NULL ? strrchr(argv0, '/') + 1 : argv0;
    usage_text = usage;
    setvbuf(stdout, NULL, _IOLBF, 0);
}
/* -h: usage on stdout, exit 0; bad usage on stderr, exit 2 (a failure: 1) */
_Noreturn static inline void usage(int status)
{
    fputs(usage_text, status == 0 ? stdout : stderr);
    exit(status);
}

/* A failed call: "prog: WHAT: strerror(errno)", maybe a hint; exit 1. */
_Noreturn static inline void die_hint(const char *what, const char *hint)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    if (hint != NULL)
        fprintf(stderr, "%s: hint: %s\n", prog, hint);
    exit(1);
}
_Noreturn static inline void die(const char *what) { die_hint(what, NULL); }
_Noreturn static inline void die_err(int err, const char *what) { errno = err; die(what); }
/* In a child after fork: _exit skips the parent's atexit and stdio buffers */
_Noreturn static inline void die_child(const char *what)
{
    fprintf(stderr, "%s (child): %s: %s\n", prog, what, strerror(errno));
    _exit(1);
}
/* A runtime failure that errno does not describe, printf-style; exit 1. */
#define fail(...) (fprintf(stderr, "%s: ", prog), fprintf(stderr, __VA_ARGS__), \
                   fputc('\n', stderr), exit(1))

/* The one number parser: the whole text, in range, or a usage error. Decimal,
 * or hex after 0x as ipcs prints System V keys; never octal (010 is ten). */
static inline long parse_long(const char *text, long min, long max, const char *what)
{
    int hex = text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
    const char *num = text + 2 * hex;
    char *end;
    errno = 0;
    long value = strtol(num, &end, hex ? 16 : 10);
    if ((text[0] != '-' && !isalnum((unsigned char)num[0])) || end == num ||
        *end != '\0' || errno != 0 || value < min || value > max) {
        fprintf(stderr, "%s: %s wants a number from %ld to %ld, not '%s'\n",
                prog, what, min, max, text);
        usage(2);
    }
    return value;
}
/* -n PATH into a fixed buffer: empty or too long is refused, never cut. */
static inline void copy_option(char *dst, size_t size, const char *text, const char *what)
{
    if (text[0] == '\0' || strlen(text) >= size) {
        fprintf(stderr, "%s: %s wants 1 to %zu bytes\n", prog, what, size - 1);
        usage(2);
    }
    strcpy(dst, text);
}

/* For a signal handler: printf may need a lock the interrupted code holds;
 * write(2) needs none (man 7 signal-safety). */
static inline void say(const char *text)
{
    if (write(STDOUT_FILENO, text, strlen(text)) < 0)
        return;                         /* nowhere left to report it */
}
/* "received: TEXT" for LEN bytes, control bytes as \xHH (a peer cannot send
 * escape sequences to our terminal), whole even when threads print. */
static inline void print_received(const char *data, size_t len)
{
    flockfile(stdout);
    fputs("received: ", stdout);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)data[i];
        printf((c < 0x20 && c != '\t') || c == 0x7f ? "\\x%02x" : "%c", c);
    }
    putchar('\n');
    funlockfile(stdout);
}

/* Pipes and stream sockets may move fewer bytes than asked, and a signal
 * may interrupt: write_all returns 0 or -1 (errno EPIPE: no reader left);
 * read_all the count, short only at end of file, or -1 with errno. */
static inline int write_all(int fd, const void *data, size_t len)
{
    for (size_t done = 0; done < len; ) {
        ssize_t n = write(fd, (const char *)data + done, len - done);
        if (n == -1 && errno != EINTR)
            return -1;
        done += n > 0 ? (size_t)n : 0;
    }
    return 0;
}
static inline ssize_t read_all(int fd, void *data, size_t len)
{
    size_t done = 0;
    for (ssize_t n = 1; done < len && n != 0; ) {
        n = read(fd, (char *)data + done, len - done);
        if (n == -1 && errno != EINTR)
            return -1;
        done += n > 0 ? (size_t)n : 0;
    }
    return (ssize_t)done;
}

/* sigaction, checked, with an empty mask. Ctrl-C, kill and a closed terminal
 * send SIGINT, SIGTERM, SIGHUP: a program that made IPC objects cleans up. */
static inline void catch_signal(int sig, void (*handler)(int), int flags)
{
    struct sigaction sa = { .sa_handler = handler, .sa_flags = flags };
    if (sigemptyset(&sa.sa_mask) == -1 || sigaction(sig, &sa, NULL) == -1)
        die("sigaction");
}
static inline void catch_ending_signals(void (*handler)(int))
{
    catch_signal(SIGINT, handler, 0);
    catch_signal(SIGTERM, handler, 0);
    catch_signal(SIGHUP, handler, 0);
}

/* Default names, one set per user, in /tmp/ipc-demo-UID, mode 0700 (anyone
 * may create a file in /tmp first, as a trap). IPC_DEMO_TAG=T moves every
 * default aside (ipc-demo-UID-T, a port from 20000 to 39999): the tests set
 * it, so they never touch the pairs a student runs. */
static inline const char *demo_tag(void)
{
    const char *tag = getenv("IPC_DEMO_TAG");
    size_t ok = tag ? strspn(tag, "abcdefghijklmnopqrstuvwxyz0123456789-") : 0;
    if (tag != NULL && (tag[ok] != '\0' || ok > 32))
        fail("IPC_DEMO_TAG wants 1 to 32 of a-z, 0-9 and '-'");
    return tag != NULL && tag[0] != '\0' ? tag : NULL;
}
static inline void default_name(char *name, size_t size, const char *prefix,
                                const char *suffix)
{
    const char *tag = demo_tag();
    snprintf(name, size, "%sipc-demo-%u%s%s%s", prefix, (unsigned)getuid(),
             tag ? "-" : "", tag ? tag : "", suffix);
}
static inline int default_port(int port)
{
    unsigned hash = (unsigned)port;
    for (const char *c = demo_tag(); c != NULL && *c != '\0'; c++)
        hash = hash * 31 + (unsigned char)*c;
    return demo_tag() != NULL ? 20000 + (int)(hash % 20000) : port;
}
static inline void default_path(char *path, size_t size, const char *file)
{
    struct stat st;
    char dir[80];
    default_name(dir, sizeof dir, "/tmp/", "");
    if ((mkdir(dir, 0700) == -1 && errno != EEXIST) || lstat(dir, &st) == -1)
        die(dir);
    if (!S_ISDIR(st.st_mode) || st.st_uid != getuid() || (st.st_mode & 077))
        fail("%s is a symlink, another user's, or open to others; "
             "refusing to use it", dir);
    snprintf(path, size, "%s/%s", dir, file);
}
/* ftok() of that directory, its -1 checked: a key every careless one shares */
static inline key_t default_key(int project)
{
    char dir[88];
    default_path(dir, sizeof dir, ".");
    key_t key = ftok(dir, project);
    if (key == -1)
        die("ftok");
    return key;
}
/* An object we found, not made, must be ours alone: another user may have
 * made it first, mode 0666, to read what we send or to feed us lies. */
static inline void refuse_foreign(uid_t owner, mode_t mode, const char *what)
{
    if (owner != geteuid() || (mode & 077))
        fail("%s is uid %u's, mode %04o, not yours alone; refusing it",
             what, (unsigned)owner, (unsigned)(mode & 07777));
}
#endif
