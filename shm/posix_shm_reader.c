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
 *
 * Two terminals (either may start first: both create the object if missing):
 *   terminal 1:  ./posix_shm_reader
 *   terminal 2:  ./posix_shm_writer hello world end
 *
 * See also: posix_shm_writer.c (the other half), posix_mailbox.h (the
 * layout), sysv_shm_reader.c, docs/shm.md.
 * Try: `ls -l /dev/shm` while the reader waits; run two writers at once.
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include "posix_mailbox.h"

static volatile sig_atomic_t interrupted;

/* Only a flag: the wait for a message looks at it every second, and a
 * signal cuts the wait short (EINTR). */
static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

int main(int argc, char *argv[])
{
    char name[256] = "", text[MSG_MAX + 1];
    struct timespec deadline;
    struct mailbox *box;
    size_t len;
    int fd, created, opt, is_end = 0, corrupt = 0;

    demo_start(argv[0],
        "Receives messages, one at a time, from posix_shm_writer through a POSIX\n"
        "shared memory object with two semaphores inside it, and removes the\n"
        "object at the end. Start either side first.\n"
        "usage: posix_shm_reader [-n /NAME]\n"
        "  -n /NAME  the shared memory object, a slash and then no other slash\n"
        "            (default /ipc-demo-UID-shm).\n");
    while ((opt = getopt(argc, argv, "n:h")) != -1) {
        switch (opt) {
        case 'n':
            copy_option(name, sizeof name, optarg, "-n");
            if (name[0] != '/' || name[1] == '\0' || strchr(name + 1, '/'))
                usage(2);
            break;
        case 'h': usage(0);
        default:  usage(2);
        }
    }
    if (optind != argc)
        usage(2);
    if (name[0] == '\0')
        default_name(name, sizeof name, "/", "-shm");
    catch_ending_signals(on_signal);

    /* 1. Create (or open) the object, map it, agree on the semaphores. */
    printf("opening shared memory %s (created with mode 0600 if missing)\n", name);
    box = open_mailbox(name, &fd, &created);
    close(fd);                  /* the mapping stays valid without the descriptor */
    if (atomic_exchange(&box->reader_came, 1) == -1)
        fail("the writer that made %s removed it just now; start again", name);
    if (created)
        printf("created %s: %zu bytes, mapped; semaphores set: empty=1, full=0\n",
               name, sizeof *box);
    else
        printf("%s exists (a writer made it); mapped it, semaphores set\n", name);

    /* 2. Take each message: wait for full, copy it out, post empty. */
    printf("ready: waiting for messages in %s (sem_wait on full)\n", name);
    while (!is_end && !interrupted) {
        if (clock_gettime(CLOCK_REALTIME, &deadline) == -1)
            die("clock_gettime");
        deadline.tv_sec += 1;           /* to look at the flag every second */
        if (sem_timedwait(&box->full, &deadline) == -1) {
            if (errno == ETIMEDOUT || errno == EINTR)
                continue;
            die("sem_timedwait");
        }
        len = box->len;                 /* read once: the writer could change it */
        if (len > MSG_MAX) {
            fprintf(stderr, "%s: corrupt message length %zu (the slot holds %d)\n",
                    prog, len, MSG_MAX);
            corrupt = 1;
            break;
        }
        memcpy(text, box->text, len);
        text[len] = '\0';
        is_end = strcmp(text, "end") == 0;
        if (!is_end)            /* after `end` the slot stays closed: we are leaving */
            post(&box->empty);
        print_received(text, len);
    }

    /* 3. Remove the name and unmap; the memory goes with the last user.
     * No sem_destroy: a writer may still be waiting on `empty`. */
    if (interrupted)
        printf("interrupted: cleaning up\n");
    if (shm_unlink(name) == -1)
        die("shm_unlink");
    printf("removed %s\n", name);
    if (munmap(box, sizeof *box) == -1)
        die("munmap");
    return corrupt;
}
