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
#include "ipc_demo.h"
#include <fcntl.h>
#include <mqueue.h>
#include <time.h>
#include "posix_queue.h"

#define HARD_MSGMAX 65536       /* the kernel's ceiling on mq_maxmsg, even for root */
#define WAKE_SECONDS 1          /* see on_signal */

static void cleanup(void);
static void on_signal(int sig);
static char queue_name[NAME_MAX + 1];
static mqd_t queue = (mqd_t)-1;
static volatile sig_atomic_t interrupted;

int main(int argc, char *argv[])
{
    demo_start(argv[0],
        "Takes messages out of a POSIX message queue, the highest priority first,\n"
        "prints the queue's attributes, and removes the queue at the end if it is\n"
        "empty. Start it first, then posix_mq_sender in another terminal (or the\n"
        "other way round).\n"
        "\n"
        "usage: posix_mq_receiver [-n /NAME] [-m MAXMSG] [-N] [-c COUNT]\n"
        "  -n /NAME   The queue's name (the default is /ipc-demo-UID-queue).\n"
        "  -m MAXMSG  The capacity of a queue this program creates (the default is\n"
        "             10; the limit is in /proc/sys/fs/mqueue/msg_max).\n"
        "  -N         Do not wait and do not create the queue: take what is queued\n"
        "             now, and stop when it is empty.\n"
        "  -c COUNT   Stop after COUNT messages (by default, at the message \"end\").\n");
    struct mq_attr attr = { .mq_maxmsg = MAXMSG_DEFAULT, .mq_msgsize = MSGSIZE };
    unsigned int priority;
    long count = 0, received = 0;
    int nowait = 0, maxmsg_given = 0, opt;
    default_name(queue_name, sizeof queue_name, "/", "-queue");
    while ((opt = getopt(argc, argv, "n:m:Nc:h")) != -1) {
        switch (opt) {
        case 'n': queue_name_option(queue_name, sizeof queue_name, optarg); break;
        case 'm': attr.mq_maxmsg = parse_long(optarg, 1, HARD_MSGMAX, "-m");
                  maxmsg_given = 1;
                  break;
        case 'N': nowait = 1; break;
        case 'c': count = parse_long(optarg, 1, INT_MAX, "-c"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind != argc)
        usage(2);
    catch_ending_signals(on_signal);        /* no SA_RESTART: a signal ends a wait */

    /* 1. Create the queue, or open the one a sender made (-N: never create),
     *    if it is ours alone: another user could have made it first. */
    if (nowait) {
        if ((queue = mq_open(queue_name, O_RDONLY | O_NONBLOCK)) == (mqd_t)-1)
            die_hint(queue_name, open_hint(errno));
        refuse_foreign_queue(queue, queue_name);
        printf("opened the queue %s (O_NONBLOCK: mq_receive will not wait)\n", queue_name);
    } else if ((queue = mq_open(queue_name, O_RDONLY | O_CREAT | O_EXCL, 0600, &attr)) != (mqd_t)-1) {
        printf("created the queue %s (mode 0600: yours alone)\n", queue_name);
    } else if (errno == EEXIST && (queue = mq_open(queue_name, O_RDONLY)) != (mqd_t)-1) {
        refuse_foreign_queue(queue, queue_name);
        printf("opened the queue %s that a sender created\n", queue_name);
        if (maxmsg_given)
            printf("-m applies only to a queue we create: this one keeps its own\n");
    } else {
        die_hint(queue_name, open_hint(errno));
    }
    atexit(cleanup);

    /* 2. The attributes were fixed when the queue was created. */
    if (mq_getattr(queue, &attr) == -1)
        die("mq_getattr");
    printf("attributes: mq_maxmsg %ld (capacity), mq_msgsize %ld (max bytes), "
           "mq_curmsgs %ld\n", attr.mq_maxmsg, attr.mq_msgsize, attr.mq_curmsgs);
    /* mq_receive refuses a buffer smaller than mq_msgsize (EMSGSIZE). */
    char *text = malloc((size_t)attr.mq_msgsize + 1);
    if (text == NULL)
        die("malloc");

    /* 3. Take messages, highest priority first. */
    if (nowait)
        printf("ready: taking what is queued now, highest priority first\n");
    else
        printf("ready: waiting for messages on %s\n"
               "(mq_receive blocks while the queue is empty)\n", queue_name);
    while (!interrupted && (count == 0 || received < count)) {
        struct timespec deadline;
        ssize_t len;
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
        print_received(text, (size_t)len);
        printf("  (priority %u, %zd bytes)\n", priority, len);
        if (strcmp(text, "end") == 0) {
            printf("got \"end\": stopping\n");
            break;
        }
    }

    /* 4. End; cleanup() at exit closes the queue and removes its name. */
    if (interrupted)
        printf("interrupted by %s: cleaning up\n", interrupted == SIGINT ? "SIGINT" :
               interrupted == SIGHUP ? "SIGHUP" : "SIGTERM");
    printf("received %ld message(s)\n", received);
    free(text);
    return 0;
}

/* mq_unlink is not async-signal-safe, so the handler only sets a flag. A
 * flag alone would miss a Ctrl-C landing just before mq_timedreceive starts
 * to wait, so no wait lasts more than WAKE_SECONDS before the loop looks. */
static void on_signal(int sig)
{
    interrupted = sig;
}

/* At exit. Messages still queued belong to the next receiver: keep them. */
static void cleanup(void)
{
    struct mq_attr attr;
    if (queue == (mqd_t)-1)
        return;
    if (mq_getattr(queue, &attr) == 0 && attr.mq_curmsgs > 0)
        printf("%ld message(s) remain in the queue: leaving it for the next "
               "receiver\n", attr.mq_curmsgs);
    else if (mq_unlink(queue_name) == 0)
        printf("removed the queue %s (it was empty)\n", queue_name);
    mq_close(queue);
}
