/*
 * sysv_shm_writer.c - hand messages to sysv_shm_reader through a System V
 * shared memory segment, one at a time, guarded by a System V semaphore set.
 *
 * For each message: semop -1 on "empty" (wait until the slot is free), copy
 * the text into the segment, semop +1 on "full". Until that last step the
 * reader does not look, so it never sees half a message. A message that does
 * not fit the slot is refused whole, never cut.
 *
 * Usage: sysv_shm_writer [-k KEY] [MESSAGE...]
 *
 * Two terminals (either may start first: both create what is missing):
 *   terminal 1:  ./sysv_shm_reader
 *   terminal 2:  ./sysv_shm_writer hello world end
 *
 * See also: sysv_shm_reader.c (the other half), sysv_mailbox.h (the layout),
 * docs/shm.md.
 * Try: send `a end b`: the reader leaves after `end`, removes the semaphores,
 * and the writer, waiting to send `b`, is told so (EIDRM).
 */
#define _GNU_SOURCE             /* semtimedop: Linux's timed semop, not in POSIX */
#include "ipc_demo.h"
#include "sysv_mailbox.h"

static char leave_line[2][200];
static key_t key;
static int shmid, semid, created;
static struct mailbox *box;
static volatile sig_atomic_t in_handoff, interrupted, sent;

static void send_message(const char *text, size_t len);
static void leave(int status);

/* The reader owns segment and set. Holding nothing, with nothing of ours to
 * remove, we leave at once (write and _exit are async-signal-safe). Inside
 * a handoff (from waiting for "empty" to posting "full") leaving would strand
 * the slot, so the handler only sets a flag, seen within a second. */
static void on_signal(int sig)
{
    (void)sig;
    if (!in_handoff && (sent || !created)) {
        say(leave_line[atomic_load(&box->reader_came) == 1]);
        _exit(0);
    }
    interrupted = 1;
}

int main(int argc, char *argv[])
{
    char *line = NULL;
    size_t line_size = 0;
    ssize_t len;
    int opt, refused = 0, set_created;

    demo_start(argv[0],
        "Hands messages, one at a time, to sysv_shm_reader through a System V\n"
        "shared memory segment guarded by a System V semaphore set. Start either\n"
        "side first: both create what is missing.\n"
        "usage: sysv_shm_writer [-k KEY] [MESSAGE...]\n"
        "  -k KEY  the System V key, 0x1234 or 4660 (default: ftok of the private\n"
        "          directory /tmp/ipc-demo-UID).\n"
        "Each MESSAGE (one line, at most 1024 bytes) is one message; with none,\n"
        "each line of stdin is one. The message `end` tells the reader to finish.\n");
    while ((opt = getopt(argc, argv, "k:h")) != -1) {
        switch (opt) {
        case 'k': key = (key_t)parse_long(optarg, 1, 0x7fffffff, "-k"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    for (int i = optind; i < argc; i++) {  /* all checked before anything is sent */
        if (strlen(argv[i]) > MSG_MAX || strchr(argv[i], '\n')) {
            if (strchr(argv[i], '\n'))
                fprintf(stderr, "%s: nothing sent: a message is one line\n", prog);
            else
                fprintf(stderr, "%s: nothing sent: %zu bytes; the slot holds %d\n",
                        prog, strlen(argv[i]), MSG_MAX);
            usage(2);
        }
    }
    if (key == 0)
        key = default_key('M');
    snprintf(leave_line[0], sizeof leave_line[0], "interrupted: leaving the segment "
             "for a reader\nto remove it instead: ipcrm -M 0x%08x -S 0x%08x\n",
             (unsigned)key, (unsigned)key);
    snprintf(leave_line[1], sizeof leave_line[1], "interrupted: leaving the segment "
             "to the reader, which removes it\n");
    in_handoff = 1;             /* a creator stopped half-way would block all others */
    catch_ending_signals(on_signal);

    /* 1. Find or create the segment and attach it. */
    printf("getting the segment of key 0x%08x (created with mode 0600 if missing)\n",
           (unsigned)key);
    box = attach_mailbox(key, &shmid, &created);
    printf("attached segment %d (%zu bytes)\n", shmid, sizeof *box);

    /* 2. Find or create the semaphore set, initialised exactly once. */
    semid = open_semaphores(key, &set_created);
    created_shmid = -1;                 /* both ready: ours to clean up now */
    printf(set_created ? "created semaphore set %d: no reader yet; the first "
                         "message will wait\n"
                       : "semaphore set %d exists and is set\n", semid);
    in_handoff = 0;

    /* 3. Send each message through the one slot. */
    for (int i = optind; i < argc && !interrupted; i++)
        send_message(argv[i], strlen(argv[i]));
    if (optind == argc)
        printf("no messages given: sending each line you type (Ctrl-D ends)\n");
    while (optind == argc && !interrupted &&
           (len = getline(&line, &line_size, stdin)) != -1) {
        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        if (len > MSG_MAX) {
            fprintf(stderr, "%s: refused a line of %zd bytes (at most %d): not "
                    "sent\n", prog, len, MSG_MAX);
            refused = 1;
            continue;
        }
        send_message(line, (size_t)len);
    }
    free(line);

    /* 4. Detach: segment and set stay for the reader, unless we made them,
     * sent nothing, and no reader came: then nobody needs them. */
    leave(refused);
}

/* semop -1 on "empty" (in steps of a second, to see a flag), fill the slot,
 * semop +1 on "full". */
static void send_message(const char *text, size_t len)
{
    struct sembuf take_empty = { SEM_EMPTY, -1, IPC_NOWAIT };
    struct sembuf post_full = { SEM_FULL, 1, 0 };
    struct timespec tick = { 1, 0 };
    int taken;

    in_handoff = 1;
    while ((taken = semop(semid, &take_empty, 1)) == -1 && errno == EINTR)
        if (interrupted)
            leave(0);
    if (taken == -1 && errno == EAGAIN) {
        printf("the slot is full: waiting for the reader to take it (semop on "
               "empty)\n");
        take_empty.sem_flg = 0;
        while ((taken = semtimedop(semid, &take_empty, 1, &tick)) == -1 &&
               (errno == EAGAIN || errno == EINTR))
            if (interrupted)
                leave(0);               /* nothing taken yet: safe to go */
    }
    if (taken == -1 && (errno == EIDRM || errno == EINVAL))
        fail("the reader has ended and removed the semaphores; \"%s\" was not sent",
             text);
    if (taken == -1)
        die("semop");
    memcpy(box->text, text, len);
    box->len = len;
    if (semop(semid, &post_full, 1) == -1)      /* only now may the reader look */
        die("semop");
    printf("sent: %s\n", text);
    sent = 1;
    in_handoff = 0;
}

static void leave(int status)
{
    int nobody = 0, reader = atomic_load(&box->reader_came) == 1;

    if (created && !sent && atomic_compare_exchange_strong(&box->reader_came, &nobody, -1)) {
        if (semctl(semid, 0, IPC_RMID) == -1 || shmctl(shmid, IPC_RMID, NULL) == -1)
            die("removing segment and semaphores");
        printf("%sremoved segment %d and set %d: nothing sent, no reader came\n",
               interrupted ? "interrupted: " : "", shmid, semid);
    } else if (interrupted) {
        fputs(leave_line[reader], stdout);
    } else if (!reader && sent) {
        printf("done: detached; the message waits in the segment for a reader\n"
               "to remove it instead: ipcrm -M 0x%08x -S 0x%08x\n", (unsigned)key,
               (unsigned)key);
    } else {
        printf("done: detached the segment (the reader removes it)\n");
    }
    if (shmdt(box) == -1)
        die("shmdt");
    exit(status);
}
