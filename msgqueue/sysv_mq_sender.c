/*
 * sysv_mq_sender.c - put messages of one type into a System V message queue.
 *
 * msgsnd copies a message into the kernel and returns at once: the message
 * waits in the queue until a receiver takes it, even after the sender has
 * exited. Only a full queue (msg_qbytes bytes, /proc/sys/kernel/msgmnb,
 * 16384 by default) makes msgsnd wait, or fail at once under IPC_NOWAIT (-N).
 * The type lets many senders share one queue as a mailbox while each
 * receiver takes only the type meant for it.
 *
 * Usage: sysv_mq_sender [-k KEY] [-t TYPE] [-N] [MESSAGE...]
 *   Each MESSAGE is one message; with none, each line of stdin is one.
 *
 * Two terminals (either may start first: both create the queue if missing):
 *   terminal 1:  ./sysv_mq_receiver
 *   terminal 2:  ./sysv_mq_sender hello world end
 *
 * See also: sysv_mq_receiver.c (the other half), docs/msgqueue.md.
 * Try: send without a receiver, then `ipcs -q`: the messages wait in the
 * kernel, and "used-bytes" counts the text only, not the type.
 */
#define _XOPEN_SOURCE 700       /* System V IPC is part of X/Open (and POSIX 2008) */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* Our limit on a message's text, shared with sysv_mq_receiver. The kernel's
 * limit per message is /proc/sys/kernel/msgmax (8192 by default). */
#define MTEXT_MAX 1024

struct message {
    long mtype;                  /* > 0: what a receiver may select on */
    char mtext[MTEXT_MAX];       /* the text; its length goes to msgsnd */
};

static const char *prog = "sysv_mq_sender";
static int sent;                /* messages sent so far, for the reports */

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-k KEY] [-t TYPE] [-N] [MESSAGE...]\n"
                 "  -k KEY   System V key, e.g. 0x1234 (default: ftok(\"/tmp/ipc-demo-UID\", 'q'))\n"
                 "  -t TYPE  the messages' type, 1 or more (default 1)\n"
                 "  -N       do not wait when the queue is full: report it and stop\n"
                 "  each MESSAGE (at most %d bytes) is one message; with none, each line of stdin\n",
            prog, MTEXT_MAX);
    exit(status);
}

static long long number(const char *text, long long min, long long max)
{
    char *end;
    long long value;

    errno = 0;
    value = strtoll(text, &end, 0);
    if (errno != 0 || end == text || *end != '\0' || value < min || value > max) {
        fprintf(stderr, "%s: '%s' is not a number from %lld to %lld\n", prog, text, min, max);
        usage(stderr, 2);
    }
    return value;
}

/* Same as in sysv_mq_receiver: ftok on a directory only we may use, -1 checked. */
static key_t default_key(void)
{
    char dir[64];
    struct stat st;
    key_t key;

    snprintf(dir, sizeof dir, "/tmp/ipc-demo-%u", (unsigned)getuid());
    if (mkdir(dir, 0700) == -1 && errno != EEXIST)
        die(dir);
    if (lstat(dir, &st) == -1)
        die(dir);
    if (!S_ISDIR(st.st_mode) || st.st_uid != getuid() || (st.st_mode & 077)) {
        fprintf(stderr, "%s: %s is a symlink, another user's, or open to others; "
                        "refusing to use it\n", prog, dir);
        exit(1);
    }
    if ((key = ftok(dir, 'q')) == -1)
        die("ftok");
    return key;
}

static void say(const char *text)
{
    if (write(STDOUT_FILENO, text, strlen(text)) < 0)
        return;                 /* nowhere left to report it */
}

/* The sender owns nothing (the receiver removes the queue), so a signal
 * handler that only writes and _exits is complete and cannot miss. */
static void on_signal(int sig)
{
    (void)sig;
    say("interrupted: the messages sent so far stay in the queue\n");
    _exit(0);
}

/* A message too long is refused whole: never sent cut. */
static int too_long(const char *text, size_t len)
{
    if (len <= MTEXT_MAX)
        return 0;
    fprintf(stderr, "%s: a message of %zu bytes is over the limit of %d bytes "
                    "(MTEXT_MAX); not sent: \"%.20s...\"\n", prog, len, MTEXT_MAX, text);
    return 1;
}

static void send_message(int queue_id, long type, const char *text, int nowait)
{
    struct message msg = { .mtype = type };
    size_t len = strlen(text);
    int rc;

    memcpy(msg.mtext, text, len);   /* no '\0': the length says where it ends */
    printf("sending (type %ld): %s\n", type, text);
    /* The size is that of the text alone, not sizeof msg: mtype is not
     * counted. Try without waiting first, to say so before we wait. */
    rc = msgsnd(queue_id, &msg, len, IPC_NOWAIT);
    if (rc == -1 && errno == EAGAIN && nowait) {
        fprintf(stderr, "%s: queue full: sent %d message(s); this one and the rest were "
                        "not sent (-N does not wait)\n", prog, sent);
        exit(1);
    }
    if (rc == -1 && errno == EAGAIN) {
        printf("the queue is full: msgsnd waits until a receiver takes some\n");
        while ((rc = msgsnd(queue_id, &msg, len, 0)) == -1 && errno == EINTR)
            continue;
    }
    if (rc == 0) {
        sent++;
        return;
    }
    if (errno == EACCES)
        die("msgsnd (the queue is another user's: mode 0600 keeps others out)");
    if (errno == EIDRM)
        die("msgsnd (the queue was removed while we waited)");
    die("msgsnd");
}

int main(int argc, char *argv[])
{
    struct sigaction sa = { .sa_handler = on_signal };
    char *line = NULL;
    size_t line_size = 0;
    ssize_t len;
    key_t key = -1;
    long type = 1;
    int nowait = 0, have_key = 0, failed = 0, queue_id, opt, i;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    while ((opt = getopt(argc, argv, "k:t:Nh")) != -1) {
        switch (opt) {
        case 'k': key = (key_t)(unsigned)number(optarg, 1, 0xffffffffLL); have_key = 1; break;
        case 't': type = (long)number(optarg, 1, LONG_MAX); break;
        case 'N': nowait = 1; break;
        case 'h': usage(stdout, 0); break;
        default:  usage(stderr, 2);
        }
    }
    /* Check every message before sending any: all or nothing. */
    for (i = optind; i < argc; i++) {
        if (too_long(argv[i], strlen(argv[i])))
            usage(stderr, 2);
        if (strchr(argv[i], '\n') != NULL) {
            fprintf(stderr, "%s: a message is one line, and \"%s\" holds a newline\n",
                    prog, argv[i]);
            usage(stderr, 2);
        }
    }
    if (!have_key)
        key = default_key();
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    /* Step 1: create the queue, or use the one the receiver already made. */
    if ((queue_id = msgget(key, IPC_CREAT | IPC_EXCL | 0600)) != -1)
        printf("created the queue with key 0x%08x (id %d, mode 0600); the messages "
               "wait there until a receiver comes\n", (unsigned)key, queue_id);
    else if (errno == EEXIST && (queue_id = msgget(key, 0)) != -1)
        printf("using the existing queue with key 0x%08x (id %d)\n", (unsigned)key, queue_id);
    else
        die("msgget");

    /* Step 2: send each message; msgsnd returns as soon as the kernel has it. */
    for (i = optind; i < argc; i++)
        send_message(queue_id, type, argv[i], nowait);
    if (optind == argc) {
        printf("no messages given: sending each line you type (Ctrl-D ends)\n");
        while ((len = getline(&line, &line_size, stdin)) != -1) {
            if (len > 0 && line[len - 1] == '\n')
                line[--len] = '\0';
            if (too_long(line, (size_t)len)) {
                failed = 1;
                continue;
            }
            send_message(queue_id, type, line, nowait);
        }
        free(line);
    }

    /* Step 3: nothing to close: a System V queue is not opened, only named by id. */
    printf("sent %d message(s)\n", sent);
    return failed;
}
