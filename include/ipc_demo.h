/*
 * ipc_demo.h - the few helpers every demo uses, defined once. Each demo is
 * one .c file that includes it and still builds alone:
 *     cc -std=c11 -Wall -Wextra -Iinclude -pthread fifo/fifo_reader.c
 * All is static inline (nothing to link), and no helper hides a check: the
 * demos still test each call where you see it, `if (pipe(fd) == -1) die(..)`.
 * A demo's feature macro (_GNU_SOURCE...) comes first; else POSIX 2008.
 */
#ifndef IPC_DEMO_H
#define IPC_DEMO_H
#if !defined(_POSIX_C_SOURCE) && !defined(_XOPEN_SOURCE) && !defined(_GNU_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *prog = "demo", *usage_text = "";  /* set by demo_start */

/* main's first call. stdout is line-buffered even into a pipe or a file,
 * so a test or a second terminal sees each line as it is printed. */
static inline void demo_start(const char *argv0, const char *usage)
{
    const char *slash = strrchr(argv0, '/');
    prog = slash != NULL ? slash + 1 : argv0;
    usage_text = usage;
    setvbuf(stdout, NULL, _IOLBF, 0);
}

/* -h: usage on stdout, exit 0. Bad usage: on stderr, exit 2, so a script
 * can tell a wrong command line from a runtime failure (exit 1). */
_Noreturn static inline void usage(int status)
{
    fputs(usage_text, status == 0 ? stdout : stderr);
    exit(status);
}

/* A failed call: "prog: WHAT: strerror(errno)", then one HINT at the
 * beginner's likely mistake if there is one; exit 1. */
_Noreturn static inline void die_hint(const char *what, const char *hint)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    if (hint != NULL)
        fprintf(stderr, "%s: hint: %s\n", prog, hint);
    exit(1);
}
_Noreturn static inline void die(const char *what) { die_hint(what, NULL); }

/* The pthread calls return an error number instead of setting errno. */
_Noreturn static inline void die_err(int err, const char *what)
{
    errno = err;
    die(what);
}

/* A child after fork ends with _exit, not exit: exit would run the parent's
 * atexit cleanup and flush a copy of its unwritten stdio buffers. */
_Noreturn static inline void die_child(const char *what)
{
    fprintf(stderr, "%s (child): %s: %s\n", prog, what, strerror(errno));
    _exit(1);
}

/* A runtime failure that errno does not describe, printf-style; exit 1. */
__attribute__((format(printf, 1, 2)))
_Noreturn static inline void fail(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    fprintf(stderr, "%s: ", prog);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
    exit(1);
}

/* The one number parser: base 10 (a leading 0 is not octal), an optional
 * '-' then digits, nothing else, within [MIN, MAX]; or a usage error. */
static inline long parse_long(const char *text, long min, long max, const char *what)
{
    char *end;
    errno = 0;
    long value = strtol(text, &end, 10);
    if ((text[0] != '-' && (text[0] < '0' || text[0] > '9')) || *end != '\0' ||
        end == text || errno != 0 || value < min || value > max) {
        fprintf(stderr, "%s: %s wants a number from %ld to %ld, not '%s'\n",
                prog, what, min, max, text);
        usage(2);
    }
    return value;
}

/* -k KEY: decimal, or hexadecimal after 0x as ipcs shows keys, never octal;
 * 1..0x7fffffff (0 would be IPC_PRIVATE). */
static inline key_t parse_key(const char *text)
{
    int hex = text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
    char *end;
    errno = 0;
    long key = strtol(text + 2 * hex, &end, hex ? 16 : 10);
    if (text[2 * hex] < '0' || text[2 * hex] > '9' || *end != '\0' ||
        errno != 0 || key < 1 || key > 0x7fffffff) {
        fprintf(stderr, "%s: -k wants a key from 1 to 0x7fffffff (4660 or "
                "0x1234), not '%s'\n", prog, text);
        usage(2);
    }
    return (key_t)key;
}

/* An option's text (-n PATH) into a fixed buffer, or refused whole: empty
 * or too long is a usage error, never silently cut. */
static inline void copy_option(char *dst, size_t size, const char *text, const char *what)
{
    if (text[0] == '\0' || strlen(text) >= size) {
        fprintf(stderr, "%s: %s wants 1 to %zu bytes\n", prog, what, size - 1);
        usage(2);
    }
    strcpy(dst, text);
}

/* Output from a signal handler (man 7 signal-safety): printf may need a
 * lock that the interrupted code holds; write(2) needs none. */
static inline void say(const char *text)
{
    if (write(STDOUT_FILENO, text, strlen(text)) < 0)
        return;                         /* nowhere left to report it */
}

/* "received: TEXT" for LEN bytes from a peer (no NUL needed). Control bytes
 * print as \xHH: a peer cannot send escape sequences to our terminal. The
 * stdio lock keeps the line whole when several threads print. */
static inline void print_received(const char *data, size_t len)
{
    flockfile(stdout);
    fputs("received: ", stdout);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)data[i];
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            printf("\\x%02x", c);
        else
            putchar(c);
    }
    putchar('\n');
    funlockfile(stdout);
}

/* Pipes and stream sockets may take fewer bytes than asked, and a signal
 * may interrupt the call: write until all LEN are gone. Returns 0, or -1
 * with errno (EPIPE: the reader has gone and SIGPIPE is ignored). */
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

/* Read LEN bytes, however they arrive. Returns the count (less than LEN
 * only at end of file), or -1 with errno. */
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

/* sigaction, checked, with an empty mask; HANDLER may be SIG_IGN/SIG_DFL. */
static inline void catch_signal(int sig, void (*handler)(int), int flags)
{
    struct sigaction sa = { .sa_handler = handler, .sa_flags = flags };
    if (sigemptyset(&sa.sa_mask) == -1 || sigaction(sig, &sa, NULL) == -1)
        die("sigaction");
}

/* How a user ends a program: Ctrl-C (SIGINT), kill (SIGTERM), and closing
 * the terminal window (SIGHUP). An owner cleans up after all three. */
static inline void catch_ending_signals(void (*handler)(int))
{
    catch_signal(SIGINT, handler, 0);
    catch_signal(SIGTERM, handler, 0);
    catch_signal(SIGHUP, handler, 0);
}

/* Default names, one set per user. In /tmp anyone may create a file first,
 * as a trap, so FIFOs and sockets live in /tmp/ipc-demo-UID, mode 0700, and
 * a symlink, another user's directory or one open to others is refused.
 * IPC_DEMO_TAG=T moves every default aside (ipc-demo-UID-T, and the port):
 * the tests set it, so they never touch the pairs a student runs. */
static inline const char *demo_tag(void)
{
    const char *tag = getenv("IPC_DEMO_TAG");
    if (tag == NULL || tag[0] == '\0')
        return NULL;
    if (strlen(tag) > 32 ||
        strspn(tag, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(tag))
        fail("IPC_DEMO_TAG wants 1 to 32 of a-z, 0-9 and '-'");
    return tag;
}
static inline void default_name(char *name, size_t size, const char *prefix,
                                const char *suffix)
{
    const char *tag = demo_tag();
    snprintf(name, size, "%sipc-demo-%u%s%s%s", prefix, (unsigned)getuid(),
             tag ? "-" : "", tag ? tag : "", suffix);
}
/* A server's default PORT, or with a tag one of 20000..39999 made from it. */
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

/* A System V key: ftok() of that directory, its -1 checked (as a key, -1
 * is one that every careless program shares). */
static inline key_t default_key(int project)
{
    char dir[88];
    default_path(dir, sizeof dir, ".");
    key_t key = ftok(dir, project);
    if (key == -1)
        die("ftok");
    return key;
}

/* An object we found rather than made is trusted only if it is ours and
 * open to nobody else: another user may have made it first, mode 0666, to
 * read what we send or to feed us lies. */
static inline void refuse_foreign(uid_t owner, mode_t mode, const char *what)
{
    if (owner != geteuid() || (mode & 077))
        fail("%s is uid %u's, mode %04o, not yours alone; refusing it",
             what, (unsigned)owner, (unsigned)(mode & 07777));
}
#endif
