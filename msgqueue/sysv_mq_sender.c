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
#include "ipc_demo.h"
#include <limits.h>
#include <sys/msg.h>
#include "sysv_message.h"

static void send_message(int queue_id, long type, const char *text, int nowait);
static int too_long(const char *text, size_t len);
static void on_signal(int sig);
static int sent;                /* messages sent so far, for the reports */

int main(int argc, char *argv[])
{
    demo_start(argv[0],
        "usage: sysv_mq_sender [-k KEY] [-t TYPE] [-N] [MESSAGE...]\n"
        "  -k KEY   System V key, e.g. 0x1234 (default: ftok(\"/tmp/ipc-demo-UID\", 'q'))\n"
        "  -t TYPE  the messages' type, 1 or more (default 1)\n"
        "  -N       do not wait when the queue is full: report it and stop\n"
        "  each MESSAGE (at most " MTEXT_MAX_TEXT " bytes) is one message; with none, each line of stdin\n");
    key_t key = 0;
    long type = 1;
    int nowait = 0, failed = 0, queue_id, opt;
    while ((opt = getopt(argc, argv, "k:t:Nh")) != -1) {
        switch (opt) {
        case 'k': key = parse_key(optarg); break;
        case 't': type = parse_long(optarg, 1, LONG_MAX, "-t"); break;
        case 'N': nowait = 1; break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    /* Check every message before sending any: all or nothing. */
    for (int i = optind; i < argc; i++) {
        if (too_long(argv[i], strlen(argv[i])))
            usage(2);
        if (strchr(argv[i], '\n') != NULL) {
            fprintf(stderr, "%s: a message is one line, and \"%s\" holds a newline\n",
                    prog, argv[i]);
            usage(2);
        }
    }
    if (key == 0)
        key = default_key(QUEUE_PROJECT);
    catch_signal(SIGINT, on_signal, 0);
    catch_signal(SIGTERM, on_signal, 0);

    /* 1. Create the queue, or use the one the receiver already made. */
    if ((queue_id = msgget(key, IPC_CREAT | IPC_EXCL | 0600)) != -1)
        printf("created the queue with key 0x%08x (id %d, mode 0600); the messages "
               "wait there until a receiver comes\n", (unsigned)key, queue_id);
    else if (errno == EEXIST && (queue_id = msgget(key, 0)) != -1)
        printf("using the existing queue with key 0x%08x (id %d)\n", (unsigned)key, queue_id);
    else
        die("msgget");

    /* 2. Send each message; msgsnd returns as soon as the kernel has it. */
    for (int i = optind; i < argc; i++)
        send_message(queue_id, type, argv[i], nowait);
    if (optind == argc) {
        char *line = NULL;
        size_t size = 0;
        ssize_t len;
        printf("no messages given: sending each line you type (Ctrl-D ends)\n");
        while ((len = getline(&line, &size, stdin)) != -1) {
            if (len > 0 && line[len - 1] == '\n')
                line[--len] = '\0';
            if (too_long(line, (size_t)len))
                failed = 1;
            else
                send_message(queue_id, type, line, nowait);
        }
        free(line);
    }

    /* 3. Nothing to close: a System V queue is not opened, only named by id. */
    printf("sent %d message(s)\n", sent);
    return failed;
}

static void send_message(int queue_id, long type, const char *text, int nowait)
{
    struct message msg = { .mtype = type };
    size_t len = strlen(text);
    memcpy(msg.mtext, text, len);   /* no '\0': the length says where it ends */
    printf("sending (type %ld): %s\n", type, text);
    /* The size is that of the text alone, not sizeof msg: mtype is not
     * counted. Try without waiting first, to say so before we wait. */
    int rc = msgsnd(queue_id, &msg, len, IPC_NOWAIT);
    if (rc == -1 && errno == EAGAIN && nowait)
        fail("queue full: sent %d message(s); this one and the rest were not sent "
             "(-N does not wait)", sent);
    if (rc == -1 && errno == EAGAIN) {
        printf("the queue is full: msgsnd waits until a receiver takes some\n");
        while ((rc = msgsnd(queue_id, &msg, len, 0)) == -1 && errno == EINTR)
            continue;
    }
    if (rc == 0)
        sent++;
    else if (errno == EACCES)
        die_hint("msgsnd", "the queue is another user's: mode 0600 keeps others out");
    else if (errno == EIDRM)
        die_hint("msgsnd", "the queue was removed while we waited");
    else
        die("msgsnd");
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

/* The sender owns nothing (the receiver removes the queue), so a signal
 * handler that only writes and _exits is complete and cannot miss. */
static void on_signal(int sig)
{
    (void)sig;
    say("interrupted: the messages sent so far stay in the queue\n");
    _exit(0);
}
