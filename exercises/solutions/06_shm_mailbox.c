/*
 * Exercise 06 - shm_mailbox: a one-slot mailbox in shared memory, guarded
 * by two semaphores.
 *
 * The reader creates a POSIX shared memory object holding one message slot
 * and two process-shared semaphores, and takes COUNT messages; the writer
 * maps the same object and puts its messages in, one at a time. Shared
 * memory itself has no synchronisation: without it the writer overwrites a
 * message not yet read, and the reader reads a slot not yet written. Two
 * semaphores make it a handoff: `empty` (1 while the slot is free) and
 * `full` (1 while a message waits in it).
 *
 * Your part: the TODO around put() and take(). Until you do it, they copy
 * without waiting, and messages are lost or read before they exist.
 *
 * Usage: exercise [-n /NAME] read COUNT     (start this one first)
 *        exercise [-n /NAME] write MESSAGE...
 *   terminal 1:  ./exercise read 2
 *   terminal 2:  ./exercise write hello world
 * Grade it: sh exercises/grade.sh 06
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include <fcntl.h>
#include <limits.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <time.h>

#define MSG_MAX 1024

static const char help[] =
    "Exercise 06: a one-slot mailbox in POSIX shared memory with two\n"
    "semaphores. Start the reader first; it removes the object at the end.\n"
    "usage: exercise [-n /NAME] read COUNT\n"
    "       exercise [-n /NAME] write MESSAGE...\n"
    "  -n /NAME  the object (default /ipc-demo-UID-mailbox)\n";

struct mailbox {
    sem_t empty;                /* 1 while the slot is free for the writer */
    sem_t full;                 /* 1 while a message waits for the reader */
    size_t len;                 /* bytes in text, no '\0' stored */
    char text[MSG_MAX];
};

static char name[NAME_MAX + 1];
static volatile sig_atomic_t interrupted;
static int owner;               /* the reader: removes the object at exit */

static void wait_sem(sem_t *sem);
static void put(struct mailbox *box, const char *text, size_t len);
static size_t take(struct mailbox *box, char *out);
static void on_signal(int sig) { interrupted = sig; }
static void remove_object(void)
{
    if (owner && shm_unlink(name) == 0)
        printf("removed %s\n", name);
}

int main(int argc, char *argv[])
{
    struct mailbox *box;
    struct stat st;
    int opt, fd;

    demo_start(argv[0], help);
    default_name(name, sizeof name, "/", "-mailbox");
    while ((opt = getopt(argc, argv, "n:h")) != -1) {
        switch (opt) {
        case 'n': copy_option(name, sizeof name, optarg, "-n"); break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind + 2 > argc || name[0] != '/' ||
        (strcmp(argv[optind], "read") && strcmp(argv[optind], "write")))
        usage(2);
    int reader = strcmp(argv[optind], "read") == 0;
    long count = reader ? parse_long(argv[optind + 1], 1, INT_MAX, "COUNT") : 0;
    for (int i = optind + 1; !reader && i < argc; i++)
        if (strlen(argv[i]) > MSG_MAX)
            fail("a message holds at most %d bytes", MSG_MAX);
    catch_ending_signals(on_signal);    /* no SA_RESTART: a signal ends a wait */

    /* 1. The reader creates the object, sizes it and sets the semaphores
     *    (pshared 1: they live in shared memory, for two processes); the
     *    writer opens it, only if it is ours alone. */
    if (reader) {
        fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
        if (fd == -1)
            die_hint(name, errno == EEXIST ? "a reader runs already, or one "
                     "was killed: rm /dev/shm/NAME" : NULL);
        owner = 1;
        if (atexit(remove_object) != 0)
            fail("atexit failed");
        if (ftruncate(fd, sizeof *box) == -1)
            die("ftruncate");
    } else if ((fd = shm_open(name, O_RDWR, 0)) == -1) {
        die_hint(name, errno == ENOENT ? "start the reader first" : NULL);
    }
    if (fstat(fd, &st) == -1)
        die("fstat");
    refuse_foreign(st.st_uid, st.st_mode, name);
    if (st.st_size < (off_t)sizeof *box)
        fail("%s is too small: not a mailbox", name);
    box = mmap(NULL, sizeof *box, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (box == MAP_FAILED)
        die("mmap");
    close(fd);                          /* the mapping stays */
    if (reader && (sem_init(&box->empty, 1, 1) == -1 || sem_init(&box->full, 1, 0) == -1))
        die("sem_init");

    /* 2. The handoffs, one message at a time. */
    if (reader) {
        char text[MSG_MAX];
        printf("ready: %s created; waiting for %ld message(s)\n", name, count);
        for (long i = 0; i < count; i++)
            print_received(text, take(box, text));
    } else {
        printf("ready: %s opened; sending %d message(s)\n", name, argc - optind - 1);
        for (int i = optind + 1; i < argc; i++) {
            put(box, argv[i], strlen(argv[i]));
            printf("sent: %s\n", argv[i]);
        }
    }

    /* 3. Unmap; the reader's atexit removes the name. */
    if (munmap(box, sizeof *box) == -1)
        die("munmap");
    return 0;
}

/* sem_wait, but a Ctrl-C (or kill) ends the program, cleanly, at once. */
static void wait_sem(sem_t *sem)
{
    while (sem_wait(sem) == -1) {
        if (errno != EINTR)
            die("sem_wait");
        if (interrupted) {
            printf("interrupted: leaving\n");
            exit(1);
        }
    }
}

/* TODO(student): make put() wait until the slot is free before it copies,
 * and announce the message once it is all there; make take() wait until a
 * message is there, and free the slot once it has copied it out. Use
 * wait_sem() and sem_post() on box->empty and box->full. */
static void put(struct mailbox *box, const char *text, size_t len)
{
    wait_sem(&box->empty);              /* the slot is free */
    memcpy(box->text, text, len);
    box->len = len;
    if (sem_post(&box->full) == -1)     /* only now may the reader look */
        die("sem_post");
}

static size_t take(struct mailbox *box, char *out)
{
    wait_sem(&box->full);               /* a message is there */
    size_t len = box->len;
    memcpy(out, box->text, len);
    if (sem_post(&box->empty) == -1)    /* the writer may fill it again */
        die("sem_post");
    return len;
}
/* END TODO */
