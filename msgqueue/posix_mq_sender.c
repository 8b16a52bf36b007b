/*
 * posix_mq_sender.c - put messages, with a priority, into a POSIX message
 * queue.
 *
 * mq_send copies a message into the kernel and returns at once, unless the
 * queue already holds mq_maxmsg messages: then it waits until a receiver
 * takes one (bounded capacity), or with O_NONBLOCK (-N) fails at once with
 * EAGAIN. The receiver gets the highest priority first, and messages of equal
 * priority in the order they were sent. The messages stay in the queue after
 * the sender exits, until a receiver takes them or the queue is removed.
 *
 * Usage: posix_mq_sender [-n /NAME] [-P PRIORITY] [-N] [MESSAGE...]
 *   Each MESSAGE is one message; with none, each line of stdin is one.
 *
 * Two terminals (either may start first: both create the queue if missing):
 *   terminal 1:  ./posix_mq_receiver
 *   terminal 2:  ./posix_mq_sender hello world end
 *
 * See also: posix_mq_receiver.c (the other half), posix_mq_notify.c,
 * docs/msgqueue.md.
 * Try: send 11 messages with no receiver running: the 11th waits (the
 * queue holds 10); with -N it says "queue full" instead.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <mqueue.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The attributes of a queue we create; as in posix_mq_receiver: within
 * /proc/sys/fs/mqueue limits and small enough for RLIMIT_MSGQUEUE. */
#define MAXMSG_DEFAULT 10
#define MSGSIZE 1024

static const char *prog = "posix_mq_sender";
static char queue_name[NAME_MAX + 1];
static int sent;                /* messages sent so far, for the reports */

static void die_hint(const char *what, const char *hint)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    if (hint != NULL)
        fprintf(stderr, "%s: hint: %s\n", prog, hint);
    exit(1);
}

static void die(const char *what) { die_hint(what, NULL); }

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-n /NAME] [-P PRIORITY] [-N] [MESSAGE...]\n"
                 "  -n /NAME     the queue (default /ipc-demo-UID-queue)\n"
                 "  -P PRIORITY  0 (default) to %ld; the receiver takes the highest first\n"
                 "  -N           do not wait when the queue is full: report it and stop\n"
                 "  each MESSAGE (at most %d bytes) is one message; with none, each line of stdin\n",
            prog, sysconf(_SC_MQ_PRIO_MAX) - 1, MSGSIZE);
    exit(status);
}

static long number(const char *text, long min, long max)
{
    char *end;
    long value;

    errno = 0;
    value = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < min || value > max) {
        fprintf(stderr, "%s: '%s' is not a number from %ld to %ld\n", prog, text, min, max);
        usage(stderr, 2);
    }
    return value;
}

static void die_open(void)
{
    const char *hint = NULL;

    switch (errno) {
    case EINVAL: hint = "mq_maxmsg or mq_msgsize is over /proc/sys/fs/mqueue/msg_max or "
                        "msgsize_max (10 and 8192 without CAP_SYS_RESOURCE)"; break;
    case EMFILE: hint = "your queues together would exceed RLIMIT_MSGQUEUE (ulimit -q, bytes "
                        "per user), or too many descriptors are open; remove old queues"; break;
    case ENOSPC: hint = "the system's queue count /proc/sys/fs/mqueue/queues_max is reached"; break;
    case EACCES: hint = "the queue is another user's: mode 0600 keeps others out"; break;
    }
    die_hint(queue_name, hint);
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
static int too_long(const char *text, size_t len, long limit)
{
    if (len <= (size_t)limit)
        return 0;
    fprintf(stderr, "%s: a message of %zu bytes is over the limit of %ld bytes "
                    "(mq_msgsize); not sent: \"%.20s...\"\n", prog, len, limit, text);
    return 1;
}

static void send_message(mqd_t queue, const char *text, unsigned priority, int nowait)
{
    struct mq_attr now;

    if (!nowait && mq_getattr(queue, &now) == 0 && now.mq_curmsgs >= now.mq_maxmsg)
        printf("the queue is full (%ld of %ld messages): mq_send waits until the receiver "
               "takes one\n", now.mq_curmsgs, now.mq_maxmsg);
    printf("sending (priority %u): %s\n", priority, text);
    while (mq_send(queue, text, strlen(text), priority) == -1) {
        if (errno == EAGAIN) {
            fprintf(stderr, "%s: queue full: sent %d message(s); this one and the rest "
                            "were not sent (-N does not wait)\n", prog, sent);
            exit(1);
        }
        if (errno != EINTR)
            die("mq_send");
    }
    sent++;
}

int main(int argc, char *argv[])
{
    struct sigaction sa = { .sa_handler = on_signal };
    struct mq_attr attr = { .mq_maxmsg = MAXMSG_DEFAULT, .mq_msgsize = MSGSIZE };
    char *line = NULL;
    size_t line_size = 0;
    ssize_t len;
    unsigned priority = 0;
    int flags = O_WRONLY, failed = 0, opt, i;
    long prio_max = sysconf(_SC_MQ_PRIO_MAX);   /* 32768 on Linux, at least 32 */
    mqd_t queue;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    snprintf(queue_name, sizeof queue_name, "/ipc-demo-%u-queue", (unsigned)getuid());
    while ((opt = getopt(argc, argv, "n:P:Nh")) != -1) {
        switch (opt) {
        case 'n':
            if (optarg[0] != '/' || optarg[1] == '\0' || strchr(optarg + 1, '/') != NULL ||
                strlen(optarg) >= sizeof queue_name) {
                fprintf(stderr, "%s: a queue name is '/' and up to %zu more characters, no "
                                "other '/': \"%s\"\n", prog, sizeof queue_name - 2, optarg);
                usage(stderr, 2);
            }
            strcpy(queue_name, optarg);
            break;
        case 'P': priority = (unsigned)number(optarg, 0, (prio_max > 0 ? prio_max : 32) - 1); break;
        case 'N': flags |= O_NONBLOCK; break;
        case 'h': usage(stdout, 0); break;
        default:  usage(stderr, 2);
        }
    }
    /* Check every message before sending any: all or nothing. */
    for (i = optind; i < argc; i++) {
        if (too_long(argv[i], strlen(argv[i]), MSGSIZE))
            usage(stderr, 2);
        if (strchr(argv[i], '\n') != NULL) {
            fprintf(stderr, "%s: a message is one line, and \"%s\" holds a newline\n",
                    prog, argv[i]);
            usage(stderr, 2);
        }
    }
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    /* Step 1: create the queue, or open the one the receiver already made. */
    if ((queue = mq_open(queue_name, flags | O_CREAT | O_EXCL, 0600, &attr)) != (mqd_t)-1)
        printf("created the queue %s (mode 0600, %d messages of %d bytes at most); the "
               "messages wait there until a receiver comes\n", queue_name, MAXMSG_DEFAULT, MSGSIZE);
    else if (errno == EEXIST && (queue = mq_open(queue_name, flags)) != (mqd_t)-1)
        printf("opened the existing queue %s\n", queue_name);
    else
        die_open();

    /* Step 2: someone else's queue may take shorter messages than ours. */
    if (mq_getattr(queue, &attr) == -1)
        die("mq_getattr");
    if (attr.mq_msgsize > MSGSIZE)
        attr.mq_msgsize = MSGSIZE;
    for (i = optind; i < argc; i++)
        if (too_long(argv[i], strlen(argv[i]), attr.mq_msgsize))
            return 1;

    /* Step 3: send each message. */
    for (i = optind; i < argc; i++)
        send_message(queue, argv[i], priority, flags & O_NONBLOCK);
    if (optind == argc) {
        printf("no messages given: sending each line you type (Ctrl-D ends)\n");
        while ((len = getline(&line, &line_size, stdin)) != -1) {
            if (len > 0 && line[len - 1] == '\n')
                line[--len] = '\0';
            if (too_long(line, (size_t)len, attr.mq_msgsize)) {
                failed = 1;
                continue;
            }
            send_message(queue, line, priority, flags & O_NONBLOCK);
        }
        free(line);
    }

    /* Step 4: close our descriptor; the queue and its messages stay. */
    if (mq_close(queue) == -1)
        die("mq_close");
    printf("sent %d message(s)\n", sent);
    return failed;
}
