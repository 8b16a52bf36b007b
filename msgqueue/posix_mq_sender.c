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
#include "ipc_demo.h"
#include <fcntl.h>
#include <mqueue.h>
#include "posix_queue.h"

static const char *next_message(int argc, char *argv[]);
static void send_message(mqd_t queue, const char *text, unsigned priority, int nowait);
static int too_long(const char *text, size_t len, long max);
static void on_signal(int sig);
static int sent;                /* messages sent so far, for the reports */
static int failed;              /* a line of stdin was refused */
static long limit = MSGSIZE;    /* on a message's length; the queue's may be less */

int main(int argc, char *argv[])
{
    demo_start(argv[0],
        "Puts messages, each with a priority, into a POSIX message queue, where\n"
        "they wait until a receiver takes them, the highest priority first. Start\n"
        "posix_mq_receiver (or posix_mq_notify) first, or after: the messages\n"
        "wait. A full queue makes mq_send wait (or fail, with -N).\n"
        "\n"
        "usage: posix_mq_sender [-n /NAME] [-P PRIORITY] [-N] [MESSAGE...]\n"
        "  -n /NAME     The queue's name (the default is /ipc-demo-UID-queue).\n"
        "  -P PRIORITY  From 0 (the default) to 32767; the highest goes first.\n"
        "  -N           Do not wait when the queue is full: report it and stop.\n"
        "Each MESSAGE (at most " MSGSIZE_TEXT " bytes) is one message. With none,\n"
        "each line of stdin is one.\n");
    struct mq_attr attr = { .mq_maxmsg = MAXMSG_DEFAULT, .mq_msgsize = MSGSIZE };
    char queue_name[NAME_MAX + 1];
    unsigned priority = 0;
    int flags = O_WRONLY, opt;
    long prio_max = sysconf(_SC_MQ_PRIO_MAX);   /* 32768 on Linux, at least 32 */
    mqd_t queue;
    default_name(queue_name, sizeof queue_name, "/", "-queue");
    while ((opt = getopt(argc, argv, "n:P:Nh")) != -1) {
        switch (opt) {
        case 'n': queue_name_option(queue_name, sizeof queue_name, optarg); break;
        case 'P': priority = (unsigned)parse_long(optarg, 0,
                                 (prio_max > 0 ? prio_max : 32) - 1, "-P"); break;
        case 'N': flags |= O_NONBLOCK; break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    /* Check every message before sending any: all or nothing. */
    for (int i = optind; i < argc; i++) {
        if (too_long(argv[i], strlen(argv[i]), MSGSIZE))
            usage(2);
        if (strchr(argv[i], '\n') != NULL) {
            fprintf(stderr, "%s: a message is one line, and \"%s\" holds a newline\n",
                    prog, argv[i]);
            usage(2);
        }
    }
    catch_ending_signals(on_signal);

    /* 1. The first message comes before the queue: a sender with nothing
     *    to send (Ctrl-D at once) then makes no queue to leave behind. */
    if (optind == argc)
        printf("no messages given: sending each line you type (Ctrl-D ends)\n");
    const char *text = next_message(argc, argv);
    if (text == NULL) {
        printf("sent 0 message(s); no queue was made\n");
        return failed;
    }

    /* 2. Create the queue, or open one that exists if it is ours alone. */
    if ((queue = mq_open(queue_name, flags | O_CREAT | O_EXCL, 0600, &attr)) != (mqd_t)-1) {
        printf("created the queue %s (mode 0600, %d messages of %d bytes)\n",
               queue_name, MAXMSG_DEFAULT, MSGSIZE);
        printf("the messages wait there until a receiver comes\n");
    } else if (errno == EEXIST && (queue = mq_open(queue_name, flags)) != (mqd_t)-1) {
        refuse_foreign_queue(queue, queue_name);
        printf("opened the existing queue %s\n", queue_name);
    } else {
        die_hint(queue_name, open_hint(errno));
    }

    /* 3. Someone else's queue may take shorter messages than ours. */
    if (mq_getattr(queue, &attr) == -1)
        die("mq_getattr");
    if (attr.mq_msgsize < limit)
        limit = attr.mq_msgsize;
    for (int i = optind; i < argc; i++)
        if (too_long(argv[i], strlen(argv[i]), limit))
            return 1;

    /* 4. Send each message. */
    for (; text != NULL; text = next_message(argc, argv)) {
        if (too_long(text, strlen(text), limit))
            failed = 1;         /* only a line of stdin can be: skip it */
        else
            send_message(queue, text, priority, flags & O_NONBLOCK);
    }

    /* 5. Close our descriptor; the queue and its messages stay. */
    if (mq_close(queue) == -1)
        die("mq_close");
    printf("sent %d message(s)\n", sent);
    return failed;
}

/* The arguments one by one, or else each line of stdin; NULL at the end. */
static const char *next_message(int argc, char *argv[])
{
    static int arg = -1;
    static char *line;
    static size_t size;
    ssize_t len;
    if (arg == -1)
        arg = optind;
    if (optind < argc)
        return arg < argc ? argv[arg++] : NULL;
    while ((len = getline(&line, &size, stdin)) != -1) {
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        if (!too_long(line, (size_t)len, limit))
            return line;
        failed = 1;
    }
    free(line);
    line = NULL;
    return NULL;
}

static void send_message(mqd_t queue, const char *text, unsigned priority, int nowait)
{
    struct mq_attr now;
    if (!nowait && mq_getattr(queue, &now) == 0 && now.mq_curmsgs >= now.mq_maxmsg)
        printf("the queue is full (%ld of %ld messages): mq_send waits until the receiver "
               "takes one\n", now.mq_curmsgs, now.mq_maxmsg);
    printf("sending (priority %u): %s\n", priority, text);
    while (mq_send(queue, text, strlen(text), priority) == -1) {
        if (errno == EAGAIN)
            fail("queue full: sent %d message(s), not the rest (-N does not wait)", sent);
        if (errno != EINTR)
            die("mq_send");
    }
    sent++;
}

/* A message too long is refused whole: never sent cut. */
static int too_long(const char *text, size_t len, long max)
{
    if (len <= (size_t)max)
        return 0;
    fprintf(stderr, "%s: a message of %zu bytes is over the limit of %ld bytes\n"
                    "%s: not sent: \"%.20s...\"\n", prog, len, max, prog, text);
    return 1;
}

/* The sender owns nothing (the receiver removes the queue, and a sender
 * makes one only to put a message in it), so a handler that only writes
 * and _exits is complete and cannot miss. */
static void on_signal(int sig)
{
    (void)sig;
    say(sent > 0 ? "interrupted: the messages sent so far stay in the queue\n" :
        "interrupted: nothing was sent\n");
    _exit(0);
}
