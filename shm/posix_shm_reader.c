/*
 * posix_shm_reader.c - receive messages through POSIX shared memory, one at
 * a time, handed over by two semaphores that live inside the memory itself.
 *
 * shm_open names a piece of memory (it shows up in /dev/shm), ftruncate sets
 * its size and mmap puts it in our address space: the writer's bytes appear
 * here as it stores them, with no copy through the kernel. That is why shared
 * memory is the fastest IPC, and why it needs synchronisation: nothing tells
 * the reader a message is complete. Two process-shared semaphores do: `full`
 * (a message waits) and `empty` (the slot is free). The reader owns the
 * object: it removes it when it ends (message `end`, Ctrl-C or SIGTERM).
 *
 * Usage: posix_shm_reader [-n /NAME]
 *   -n /NAME  the shared memory object (default /ipc-demo-UID-shm)
 *
 * Two terminals (either may start first: both create the object if missing):
 *   terminal 1:  ./posix_shm_reader
 *   terminal 2:  ./posix_shm_writer hello world end
 *
 * See also: posix_shm_writer.c (the other half), sysv_shm_reader.c,
 * docs/shm.md.
 * Try: `ls -l /dev/shm` while the reader waits; run two writers at once.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MSG_MAX 1024            /* the slot's size: our choice, the same in the writer */
#define MAGIC 0x73686d31u       /* "shm1": stored last by the creator, once all is set */
#define WAIT_TRIES 500          /* 500 x 10 ms: how long we wait for the creator */

struct mailbox {                /* the layout both programs agree on */
    atomic_uint ready;          /* MAGIC once the semaphores may be used */
    sem_t empty;                /* 1 while the slot is free for a writer */
    sem_t full;                 /* 1 while a message waits for the reader */
    size_t len;                 /* bytes in text; no terminating NUL is stored */
    char text[MSG_MAX];
};

static const char *prog = "posix_shm_reader";
static char shm_name[256];
static struct mailbox *box;
static volatile sig_atomic_t interrupted;

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-n /NAME]\n"
                 "  -n /NAME  shared memory object (default /ipc-demo-UID-shm): a slash,\n"
                 "            then up to 254 characters that are not slashes\n", prog);
    exit(status);
}

static void nap(int tries)
{
    struct timespec ten_ms = { 0, 10000000 };
    if (tries == WAIT_TRIES) {
        fprintf(stderr, "%s: %s exists but was never initialised (its creator died, or it "
                "is another program's); remove it: rm /dev/shm%s\n", prog, shm_name, shm_name);
        exit(1);
    }
    nanosleep(&ten_ms, NULL);
}

/* O_EXCL decides who creates: exactly one process wins, sizes the object,
 * initialises the semaphores and stores MAGIC last. The other waits (bounded)
 * for the size, since touching a mapping past the end is SIGBUS, and then for
 * MAGIC, since using a semaphore before sem_init is undefined. */
static struct mailbox *open_mailbox(int *created)
{
    struct mailbox *mb;
    struct stat st;
    int fd, tries = 0;

    do {                        /* ENOENT: removed between our two opens; again */
        fd = shm_open(shm_name, O_RDWR | O_CREAT | O_EXCL, 0600);
        *created = fd != -1;
        if (fd == -1 && errno == EEXIST)
            fd = shm_open(shm_name, O_RDWR, 0);
    } while (fd == -1 && errno == ENOENT && ++tries < 3);
    if (fd == -1)
        die(shm_name);
    if (*created && ftruncate(fd, sizeof *mb) == -1)
        die("ftruncate");
    for (tries = 0; fstat(fd, &st) == 0 && st.st_size < (off_t)sizeof *mb; tries++)
        nap(tries);
    if (st.st_uid != geteuid() || (st.st_mode & 077)) {
        fprintf(stderr, "%s: %s is another user's or open to others; refusing it\n",
                prog, shm_name);
        exit(1);
    }
    mb = mmap(NULL, sizeof *mb, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (mb == MAP_FAILED)
        die("mmap");
    close(fd);                  /* the mapping stays valid without the descriptor */
    if (*created) {
        if (sem_init(&mb->empty, 1, 1) == -1 || sem_init(&mb->full, 1, 0) == -1)
            die("sem_init");
        atomic_store_explicit(&mb->ready, MAGIC, memory_order_release);
    }
    for (tries = 0; atomic_load_explicit(&mb->ready, memory_order_acquire) != MAGIC; tries++)
        nap(tries);
    return mb;
}

/* Race-free: sem_post is async-signal-safe, so the handler wakes the main
 * loop's sem_wait itself; a signal landing just before the wait starts
 * still leaves the post behind, and the wait returns at once. */
static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
    sem_post(&box->full);
}

int main(int argc, char *argv[])
{
    struct sigaction sa = { .sa_handler = on_signal };
    sigset_t stop_signals;
    char text[MSG_MAX + 1];
    size_t len;
    int created, opt, is_end = 0;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    while ((opt = getopt(argc, argv, "n:h")) != -1) {
        switch (opt) {
        case 'n':
            if (optarg[0] != '/' || optarg[1] == '\0' || strchr(optarg + 1, '/')
                || strlen(optarg) >= sizeof shm_name)
                usage(stderr, 2);       /* the usage says what a name looks like */
            strcpy(shm_name, optarg);
            break;
        case 'h': usage(stdout, 0); break;
        default:  usage(stderr, 2);
        }
    }
    if (optind != argc)
        usage(stderr, 2);
    if (shm_name[0] == '\0')
        snprintf(shm_name, sizeof shm_name, "/ipc-demo-%u-shm", (unsigned)getuid());
    /* Until the handler can reach the semaphores, a Ctrl-C waits (pending). */
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    sigprocmask(SIG_BLOCK, &stop_signals, NULL);

    /* Step 1: create (or open) the object, map it, agree on the semaphores. */
    printf("opening shared memory %s (created with mode 0600 if missing)\n", shm_name);
    box = open_mailbox(&created);
    if (created)
        printf("created %s: %zu bytes, mapped; semaphores set: empty=1, full=0\n",
               shm_name, sizeof *box);
    else
        printf("%s already exists (a writer made it); mapped it, its semaphores are set\n",
               shm_name);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigprocmask(SIG_UNBLOCK, &stop_signals, NULL);

    /* Step 2: take each message: wait for full, copy it out, post empty. */
    printf("ready: waiting for messages in %s (sem_wait on full blocks until a writer posts)\n",
           shm_name);
    while (!is_end) {
        if (sem_wait(&box->full) == -1) {
            if (errno == EINTR)
                continue;
            die("sem_wait");
        }
        if (interrupted)
            break;
        len = box->len;
        if (len > MSG_MAX) {
            fprintf(stderr, "%s: corrupt message length %zu (the slot holds %d)\n",
                    prog, len, MSG_MAX);
            break;
        }
        memcpy(text, box->text, len);
        text[len] = '\0';
        is_end = strcmp(text, "end") == 0;
        if (!is_end)            /* after `end` the slot stays closed: we are leaving */
            sem_post(&box->empty);
        printf("received: %s\n", text);
    }

    /* Step 3: remove the name and unmap; the memory goes with the last user.
     * No sem_destroy: a writer may still be waiting on `empty`. */
    sigprocmask(SIG_BLOCK, &stop_signals, NULL);    /* no handler on unmapped memory */
    if (interrupted)
        printf("interrupted: cleaning up\n");
    if (shm_unlink(shm_name) == 0)
        printf("removed %s\n", shm_name);
    munmap(box, sizeof *box);
    return is_end || interrupted ? 0 : 1;
}
