/*
 * posix_queue.h - the POSIX queue that posix_mq_sender, posix_mq_receiver
 * and posix_mq_notify share: its default attributes, how its name is given,
 * and what mq_open's failures mean. Defined once for all three.
 */
#ifndef POSIX_QUEUE_H
#define POSIX_QUEUE_H
#include <limits.h>
#include <mqueue.h>

/* The attributes of a queue we create: within /proc/sys/fs/mqueue/msg_max
 * and msgsize_max (10 and 8192 without CAP_SYS_RESOURCE), and small, since
 * every queue's full size counts against RLIMIT_MSGQUEUE (ulimit -q,
 * 800 KiB per user) from the moment it is created. */
#define MAXMSG_DEFAULT 10
#define MSGSIZE 1024
#define MSGSIZE_TEXT "1024"             /* the same, for the -h text */

/* -n /NAME: a slash, then a name with no other slash (man 7 mq_overview). */
static inline void queue_name_option(char *name, size_t size, const char *text)
{
    if (text[0] != '/' || text[1] == '\0' || strchr(text + 1, '/') != NULL ||
        strlen(text) >= size) {
        fprintf(stderr, "%s: a queue name is '/' and up to %zu more characters, no "
                        "other '/': \"%s\"\n", prog, size - 2, text);
        usage(2);
    }
    strcpy(name, text);
}

/* An existing queue is used only if it is ours alone: another user could
 * have made it first, mode 0666, to read what we send or feed us lies. On
 * Linux an mqd_t is a file descriptor, so fstat tells owner and mode. */
static inline void refuse_foreign_queue(mqd_t queue, const char *name)
{
    struct stat st;
    if (fstat((int)queue, &st) == -1)
        die(name);
    refuse_foreign(st.st_uid, st.st_mode, name);
}

/* mq_open's errors are mostly limits and mistakes a beginner meets. */
static inline const char *open_hint(int err)
{
    switch (err) {
    case EINVAL: return "mq_maxmsg or mq_msgsize is over /proc/sys/fs/mqueue/msg_max "
                        "or msgsize_max (10 and 8192 without CAP_SYS_RESOURCE)";
    case EMFILE: return "your queues together would exceed RLIMIT_MSGQUEUE (ulimit -q, "
                        "bytes per user), or too many descriptors are open; remove old queues";
    case ENOSPC: return "the system's queue count /proc/sys/fs/mqueue/queues_max is reached";
    case EACCES: return "the queue is another user's: mode 0600 keeps others out";
    case ENOENT: return "-N creates no queue: start a sender first, or pass the same -n to both";
    }
    return NULL;
}
#endif
