/*
 * posix_mq_receiver.c - take messages out of a POSIX message queue, the
 * highest priority first.
 *
 * A POSIX queue has a name like a file ("/demo") and fixed attributes chosen
 * when it is created: at most mq_maxmsg messages of at most mq_msgsize bytes.
 * mq_receive always returns the oldest message of the highest priority, and
 * waits while the queue is empty; a sender waits while it is full (bounded
 * capacity). This receiver creates the queue if no sender has yet, prints its
 * attributes, and removes the name at the end once the queue is empty.
 *
 * Usage: posix_mq_receiver [-n /NAME] [-m MAXMSG] [-N] [-c COUNT]
 *
 * Two terminals (either may start first: both create the queue if missing):
 *   terminal 1:  ./posix_mq_receiver
 *   terminal 2:  ./posix_mq_sender hello world end
 *
 * See also: posix_mq_sender.c (the other half), posix_mq_notify.c,
 * sysv_mq_receiver.c, docs/msgqueue.md.
 * Try: run three senders first, with -P 1, -P 9 and -P 5, then this
 * receiver with -N; or suspend it (Ctrl-Z) with -m 3 and watch a sender wait.
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
#include <time.h>
#include <unistd.h>

/* Defaults within /proc/sys/fs/mqueue/{msg_max,msgsize_max} (10 and 8192
 * without CAP_SYS_RESOURCE), and small: every queue's full size counts
 * against RLIMIT_MSGQUEUE (ulimit -q, 800 KiB per user) when it is created. */
#define MAXMSG_DEFAULT 10
#define MSGSIZE 1024            /* shared with posix_mq_sender */
#define HARD_MSGMAX 65536       /* the kernel's ceiling, even for root */
#define WAKE_SECONDS 1          /* see on_signal */

static const char *prog = "posix_mq_receiver";
static char queue_name[NAME_MAX + 1];
static mqd_t queue = (mqd_t)-1;
static volatile sig_atomic_t interrupted;

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
    fprintf(out, "usage: %s [-n /NAME] [-m MAXMSG] [-N] [-c COUNT]\n"
                 "  -n /NAME   the queue (default /ipc-demo-UID-queue)\n"
                 "  -m MAXMSG  capacity of a queue we create (default %d; the limit is in\n"
                 "             /proc/sys/fs/mqueue/msg_max)\n"
                 "  -N         do not wait, do not create: take what is queued now\n"
                 "  -c COUNT   stop after COUNT messages (default: at the message \"end\")\n",
            prog, MAXMSG_DEFAULT);
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

/* mq_open's errors are mostly limits and mistakes a beginner meets. */
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
    case ENOENT: hint = "-N creates no queue: start a sender first, or pass the same -n to both";
                 break;
    }
    die_hint(queue_name, hint);
}

/* At exit. Messages still queued belong to the next receiver: keep them. */
static void cleanup(void)
{
    struct mq_attr attr;

    if (queue == (mqd_t)-1)
        return;
    if (mq_getattr(queue, &attr) == 0 && attr.mq_curmsgs > 0)
        printf("%ld message(s) remain in the queue: leaving it for the next receiver\n",
               attr.mq_curmsgs);
    else if (mq_unlink(queue_name) == 0)
        printf("removed the queue %s (it was empty)\n", queue_name);
    mq_close(queue);
}

/* mq_unlink is not async-signal-safe, so the handler only sets a flag. A
 * flag alone would miss a Ctrl-C landing just before mq_timedreceive starts
 * to wait, so no wait lasts more than WAKE_SECONDS before the loop looks. */
static void on_signal(int sig)
{
    interrupted = sig;
}

int main(int argc, char *argv[])
{
    struct sigaction sa = { .sa_handler = on_signal };  /* no SA_RESTART: a signal ends a wait */
    struct mq_attr attr = { .mq_maxmsg = MAXMSG_DEFAULT, .mq_msgsize = MSGSIZE };
    struct timespec deadline;
    unsigned int priority;
    char *text;
    long count = 0, received = 0;
    int nowait = 0, opt;
    ssize_t len;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    snprintf(queue_name, sizeof queue_name, "/ipc-demo-%u-queue", (unsigned)getuid());
    while ((opt = getopt(argc, argv, "n:m:Nc:h")) != -1) {
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
        case 'm': attr.mq_maxmsg = number(optarg, 1, HARD_MSGMAX); break;
        case 'N': nowait = 1; break;
        case 'c': count = number(optarg, 1, INT_MAX); break;
        case 'h': usage(stdout, 0); break;
        default:  usage(stderr, 2);
        }
    }
    if (optind != argc)
        usage(stderr, 2);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    /* Step 1: create the queue, or open the one a sender made (-N: never create). */
    if (nowait) {
        if ((queue = mq_open(queue_name, O_RDONLY | O_NONBLOCK)) == (mqd_t)-1)
            die_open();
        printf("opened the queue %s (O_NONBLOCK: mq_receive will not wait)\n", queue_name);
    } else if ((queue = mq_open(queue_name, O_RDONLY | O_CREAT | O_EXCL, 0600, &attr)) != (mqd_t)-1) {
        printf("created the queue %s (mode 0600: only you may open it)\n", queue_name);
    } else if (errno == EEXIST && (queue = mq_open(queue_name, O_RDONLY)) != (mqd_t)-1) {
        printf("opened the queue %s that a sender created (its attributes, not -m, apply)\n",
               queue_name);
    } else {
        die_open();
    }
    atexit(cleanup);

    /* Step 2: the attributes were fixed when the queue was created. */
    if (mq_getattr(queue, &attr) == -1)
        die("mq_getattr");
    printf("attributes: mq_maxmsg %ld (capacity), mq_msgsize %ld (bytes at most), "
           "mq_curmsgs %ld (queued now)\n", attr.mq_maxmsg, attr.mq_msgsize, attr.mq_curmsgs);
    /* mq_receive refuses a buffer smaller than mq_msgsize (EMSGSIZE). */
    if ((text = malloc((size_t)attr.mq_msgsize + 1)) == NULL)
        die("malloc");

    /* Step 3: take messages, highest priority first. */
    if (nowait)
        printf("ready: taking what is queued now, highest priority first\n");
    else
        printf("ready: waiting for messages on %s (mq_receive blocks while the queue "
               "is empty)\n", queue_name);
    while (!interrupted && (count == 0 || received < count)) {
        if (nowait) {
            len = mq_receive(queue, text, (size_t)attr.mq_msgsize, &priority);
        } else {
            clock_gettime(CLOCK_REALTIME, &deadline);
            deadline.tv_sec += WAKE_SECONDS;
            len = mq_timedreceive(queue, text, (size_t)attr.mq_msgsize, &priority, &deadline);
        }
        if (len == -1 && (errno == EINTR || errno == ETIMEDOUT))
            continue;
        if (len == -1 && errno == EAGAIN) {
            printf("queue empty: stopping, since -N does not wait\n");
            break;
        }
        if (len == -1)
            die("mq_receive");
        text[len] = '\0';       /* the kernel copies bytes, not a string */
        received++;
        printf("received: %s\n", text);
        printf("  (priority %u, %zd bytes)\n", priority, len);
        if (strcmp(text, "end") == 0) {
            printf("got \"end\": stopping\n");
            break;
        }
    }

    /* Step 4: end; cleanup() at exit closes the queue and removes its name. */
    if (interrupted)
        printf("interrupted by %s: cleaning up\n", interrupted == SIGINT ? "SIGINT" : "SIGTERM");
    printf("received %ld message(s)\n", received);
    free(text);
    return 0;
}
