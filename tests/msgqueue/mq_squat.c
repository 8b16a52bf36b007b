/*
 * mq_squat.c - a test helper, not a demo: plays the hostile neighbour who
 * makes a queue first, mode 0666, with one message ("planted") in it, so
 * that the demos can be shown to refuse it. Built for tests/msgqueue only.
 *
 *   mq_squat posix /NAME | sysv KEY     make the queue, 0666, one message
 *   mq_squat count /NAME                print how many messages it holds
 *   mq_squat unlink /NAME               remove it (ipcrm -Q KEY for sysv)
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/stat.h>

static int failed(const char *what)
{
    fprintf(stderr, "mq_squat: %s: %s\n", what, strerror(errno));
    return 1;
}

int main(int argc, char *argv[])
{
    struct mq_attr attr = { .mq_maxmsg = 4, .mq_msgsize = 64 };
    struct { long mtype; char mtext[8]; } msg = { 1, "planted" };
    mqd_t queue;
    int id;

    if (argc != 3)
        return fprintf(stderr, "usage: mq_squat posix|sysv|count|unlink NAME\n"), 2;
    umask(0);
    if (strcmp(argv[1], "posix") == 0) {
        queue = mq_open(argv[2], O_WRONLY | O_CREAT | O_EXCL, 0666, &attr);
        if (queue == (mqd_t)-1 || mq_send(queue, "planted", 7, 0) == -1)
            return failed(argv[2]);
        return mq_close(queue) == -1 ? failed("mq_close") : 0;
    }
    if (strcmp(argv[1], "sysv") == 0) {
        id = msgget((key_t)strtol(argv[2], NULL, 0), IPC_CREAT | IPC_EXCL | 0666);
        if (id == -1 || msgsnd(id, &msg, 7, IPC_NOWAIT) == -1)
            return failed(argv[2]);
        return 0;
    }
    if (strcmp(argv[1], "count") == 0) {
        if ((queue = mq_open(argv[2], O_RDONLY)) == (mqd_t)-1 || mq_getattr(queue, &attr) == -1)
            return failed(argv[2]);
        printf("%ld\n", attr.mq_curmsgs);
        return 0;
    }
    if (strcmp(argv[1], "unlink") == 0)
        return mq_unlink(argv[2]) == -1 ? failed(argv[2]) : 0;
    return fprintf(stderr, "mq_squat: unknown action %s\n", argv[1]), 2;
}
