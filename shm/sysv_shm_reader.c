/*
 * sysv_shm_reader.c - receive messages through a System V shared memory
 * segment, handed over by a System V semaphore set of two.
 *
 * shmget finds (or creates) a segment by its key and shmat maps it into our
 * address space; the writer's stores land here directly. Semaphore 0 ("empty")
 * is 1 while the slot is free, semaphore 1 ("full") is 1 while a message waits:
 * the reader never reads half a message or the same one twice. The reader
 * owns both objects and removes them when it ends (message `end`, Ctrl-C or
 * SIGTERM).
 *
 * Usage: sysv_shm_reader [-k KEY]
 *
 * Two terminals (either may start first: both create what is missing):
 *   terminal 1:  ./sysv_shm_reader
 *   terminal 2:  ./sysv_shm_writer hello world end
 *
 * See also: sysv_shm_writer.c (the other half), sysv_mailbox.h (the layout),
 * posix_shm_reader.c, docs/shm.md.
 * Try: `ipcs -m -s` while the reader waits: one segment, one set of 2.
 */
#define _GNU_SOURCE             /* semtimedop: Linux's timed semop, not in POSIX */
#include "ipc_demo.h"
#include "sysv_mailbox.h"

static volatile sig_atomic_t interrupted;

/* Only sets a flag: semctl and shmctl are not async-signal-safe. Without
 * SA_RESTART the signal makes semtimedop fail with EINTR at once; one
 * landing just before the call is seen when its 1 s timeout expires. */
static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

int main(int argc, char *argv[])
{
    struct sembuf take_full = { SEM_FULL, -1, 0 }, free_slot = { SEM_EMPTY, 1, 0 };
    struct timespec tick = { 1, 0 };
    struct mailbox *box;
    char text[MSG_MAX + 1];
    size_t len;
    key_t key = 0;
    int shmid, semid, created, opt, is_end = 0, corrupt = 0;

    demo_start(argv[0],
        "Receives messages, one at a time, from sysv_shm_writer through a System V\n"
        "shared memory segment guarded by a System V semaphore set, and removes\n"
        "both at the end. Start either side first.\n"
        "usage: sysv_shm_reader [-k KEY]\n"
        "  -k KEY  the System V key, 0x1234 or 4660 (default: ftok of the private\n"
        "          directory /tmp/ipc-demo-UID).\n");
    while ((opt = getopt(argc, argv, "k:h")) != -1) {
        switch (opt) {
        case 'k': key = (key_t)parse_long(optarg, 1, 0x7fffffff, "-k"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind != argc)
        usage(2);
    if (key == 0)
        key = default_key('M');
    catch_ending_signals(on_signal);

    /* 1. Find or create the segment and attach it. */
    printf("getting the segment of key 0x%08x (created with mode 0600 if missing)\n",
           (unsigned)key);
    box = attach_mailbox(key, &shmid, &created);
    if (atomic_exchange(&box->reader_came, 1) == -1)
        fail("the writer that made the segment removed it just now; start again");
    printf("attached segment %d (%zu bytes)\n", shmid, sizeof *box);

    /* 2. Find or create the semaphore set, initialised exactly once. */
    semid = open_semaphores(key, &created);
    created_shmid = -1;                 /* both ready: ours to clean up now */
    printf(created ? "created semaphore set %d: empty=1, full=0\n"
                   : "semaphore set %d exists (a writer made it) and is set\n", semid);

    /* 3. Take each message: wait for full, copy it out, free the slot. */
    printf("ready: waiting for messages (semop on full blocks until a writer posts)\n");
    while (!is_end && !interrupted) {
        if (semtimedop(semid, &take_full, 1, &tick) == -1) {
            if (errno == EINTR || errno == EAGAIN)
                continue;       /* EAGAIN: the timeout; look at the flag again */
            die("semop");
        }
        len = box->len;         /* read once: the writer could change it */
        if (len > MSG_MAX) {
            fprintf(stderr, "%s: corrupt message length %zu (the slot holds %d)\n",
                    prog, len, MSG_MAX);
            corrupt = 1;
            break;
        }
        memcpy(text, box->text, len);
        text[len] = '\0';
        is_end = strcmp(text, "end") == 0;
        if (!is_end && semop(semid, &free_slot, 1) == -1)
            die("semop");       /* after `end` the slot stays closed: we are leaving */
        print_received(text, len);
    }

    /* 4. Remove the set (a waiting writer gets EIDRM) and the segment
     * (it goes once the last process detaches). */
    if (interrupted)
        printf("interrupted: cleaning up\n");
    if (semctl(semid, 0, IPC_RMID) == -1)
        die("semctl IPC_RMID");
    printf("removed semaphore set %d\n", semid);
    if (shmdt(box) == -1 || shmctl(shmid, IPC_RMID, NULL) == -1)
        die("removing the segment");
    printf("removed segment %d\n", shmid);
    return corrupt;
}
