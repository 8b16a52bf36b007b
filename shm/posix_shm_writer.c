/*
 * posix_shm_writer.c - hand messages to posix_shm_reader through a POSIX
 * shared memory object, one at a time, guarded by semaphores inside it.
 *
 * For each message: wait on `empty` until the slot is free, copy the text
 * in, post `full`. The reader cannot see a half-written message (it waits for
 * `full`) and the writer cannot overwrite an unread one (it waits for
 * `empty`). A message that does not fit the slot is refused whole, never cut.
 *
 * Usage: posix_shm_writer [-n /NAME] [MESSAGE...]
 *   -n /NAME  the shared memory object (default /ipc-demo-UID-shm)
 *   Each MESSAGE (at most 1024 bytes) is one message; with none, each line
 *   of stdin is. The message `end` tells the reader to finish.
 *
 * Two terminals (either may start first: both create the object if missing):
 *   terminal 1:  ./posix_shm_reader
 *   terminal 2:  ./posix_shm_writer hello world end
 *
 * See also: posix_shm_reader.c (the other half), docs/shm.md.
 * Try: start the writer first with two messages: the first waits in the slot,
 * the second waits for a reader. Or run `strace -e trace=futex` on both.
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

#define MSG_MAX 1024            /* the slot's size: our choice, the same in the reader */
#define MAGIC 0x73686d31u       /* "shm1": stored last by the creator, once all is set */
#define WAIT_TRIES 500          /* 500 x 10 ms: how long we wait for the creator */

struct mailbox {                /* the layout both programs agree on */
    atomic_uint ready;          /* MAGIC once the semaphores may be used */
    sem_t empty;                /* 1 while the slot is free for a writer */
    sem_t full;                 /* 1 while a message waits for the reader */
    size_t len;                 /* bytes in text; no terminating NUL is stored */
    char text[MSG_MAX];
};

static const char *prog = "posix_shm_writer";
static char shm_name[256];
static int shm_fd;              /* kept open to notice the reader removing the name */
static volatile sig_atomic_t in_handoff, interrupted;

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-n /NAME] [MESSAGE...]\n"
                 "  -n /NAME  shared memory object (default /ipc-demo-UID-shm): a slash,\n"
                 "            then up to 254 characters that are not slashes\n"
                 "  each MESSAGE (at most %d bytes, one line) is one message; with none,\n"
                 "  each line of stdin is one; `end` tells the reader to finish\n",
            prog, MSG_MAX);
    exit(status);
}

static void say(const char *text)
{
    if (write(STDOUT_FILENO, text, strlen(text)) < 0)
        return;                 /* nowhere left to report it */
}

/* The reader owns the object: we leave it, and any unread message in it.
 * Outside a handoff we may leave at once (write and _exit are
 * async-signal-safe). Inside one, from waiting for `empty` to posting `full`,
 * leaving would strand the slot (`empty` taken, `full` never posted: every
 * later writer stuck), so we only set a flag: the wait gives up (EINTR, or
 * its 1 s timeout if the signal came just before it), or the handoff ends.
 * Setting the object up counts as a handoff too. */
static void on_signal(int sig)
{
    (void)sig;
    if (!in_handoff) {
        say("interrupted: leaving the object to the reader, which removes it\n");
        _exit(0);
    }
    interrupted = 1;
}

/* Called only where we hold no slot: leave if a signal asked us to. */
static void leave_if_interrupted(void)
{
    if (interrupted) {
        printf("interrupted: leaving the object to the reader, which removes it\n");
        exit(0);
    }
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
    int tries = 0;

    do {                        /* ENOENT: removed between our two opens; again */
        shm_fd = shm_open(shm_name, O_RDWR | O_CREAT | O_EXCL, 0600);
        *created = shm_fd != -1;
        if (shm_fd == -1 && errno == EEXIST)
            shm_fd = shm_open(shm_name, O_RDWR, 0);
    } while (shm_fd == -1 && errno == ENOENT && ++tries < 3);
    if (shm_fd == -1)
        die(shm_name);
    if (*created && ftruncate(shm_fd, sizeof *mb) == -1)
        die("ftruncate");
    for (tries = 0; fstat(shm_fd, &st) == 0 && st.st_size < (off_t)sizeof *mb; tries++)
        nap(tries);
    if (st.st_uid != geteuid() || (st.st_mode & 077)) {
        fprintf(stderr, "%s: %s is another user's or open to others; refusing it\n",
                prog, shm_name);
        exit(1);
    }
    mb = mmap(NULL, sizeof *mb, PROT_READ | PROT_WRITE, MAP_SHARED, shm_fd, 0);
    if (mb == MAP_FAILED)
        die("mmap");
    if (*created) {
        if (sem_init(&mb->empty, 1, 1) == -1 || sem_init(&mb->full, 1, 0) == -1)
            die("sem_init");
        atomic_store_explicit(&mb->ready, MAGIC, memory_order_release);
    }
    for (tries = 0; atomic_load_explicit(&mb->ready, memory_order_acquire) != MAGIC; tries++)
        nap(tries);
    return mb;
}

/* Wait for the slot in steps of a second: a reader that has ended removed
 * the name (the link count drops to 0), and nobody will ever free the slot. */
static void wait_for_slot(struct mailbox *mb, const char *text)
{
    struct timespec deadline;
    struct stat st;

    if (sem_trywait(&mb->empty) == 0)
        return;
    printf("the slot is full: waiting for a reader to take the last message "
           "(sem_wait on empty)\n");
    for (;;) {
        clock_gettime(CLOCK_REALTIME, &deadline);
        deadline.tv_sec += 1;
        if (sem_timedwait(&mb->empty, &deadline) == 0)
            return;
        if (errno != ETIMEDOUT && errno != EINTR)
            die("sem_timedwait");
        leave_if_interrupted();         /* nothing taken yet: safe to go */
        if (fstat(shm_fd, &st) == 0 && st.st_nlink == 0) {
            fprintf(stderr, "%s: the reader has ended and removed %s; \"%s\" was not "
                    "sent\n", prog, shm_name, text);
            exit(1);
        }
    }
}

static void send_message(struct mailbox *mb, const char *text, size_t len)
{
    in_handoff = 1;
    wait_for_slot(mb, text);
    memcpy(mb->text, text, len);
    mb->len = len;
    sem_post(&mb->full);        /* only now may the reader look */
    printf("sent: %s\n", text);
    in_handoff = 0;
    leave_if_interrupted();
}

int main(int argc, char *argv[])
{
    struct sigaction sa = { .sa_handler = on_signal };
    struct mailbox *mb;
    char *line = NULL;
    size_t line_size = 0;
    ssize_t len;
    int created, opt, i, refused = 0;

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
    for (i = optind; i < argc; i++) {  /* all checked before anything is sent */
        if (strlen(argv[i]) > MSG_MAX || strchr(argv[i], '\n')) {
            fprintf(stderr, "%s: refused, nothing sent: a message is one line of at most "
                    "%d bytes (the slot's size); this one has %zu\n",
                    prog, MSG_MAX, strlen(argv[i]));
            usage(stderr, 2);
        }
    }
    if (shm_name[0] == '\0')
        snprintf(shm_name, sizeof shm_name, "/ipc-demo-%u-shm", (unsigned)getuid());
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    /* Step 1: create (or open) the object, map it, agree on the semaphores. */
    printf("opening shared memory %s (created with mode 0600 if missing)\n", shm_name);
    in_handoff = 1;             /* a creator stopped half-way would block all others */
    mb = open_mailbox(&created);
    in_handoff = 0;
    leave_if_interrupted();
    if (created)
        printf("created %s: no reader yet, so the first message will wait in the slot\n",
               shm_name);
    else
        printf("opened %s and mapped it; its semaphores are set\n", shm_name);

    /* Step 2: send each message through the one slot. */
    for (i = optind; i < argc; i++)
        send_message(mb, argv[i], strlen(argv[i]));
    if (optind == argc) {
        printf("no messages given: sending each line you type (Ctrl-D ends)\n");
        while ((len = getline(&line, &line_size, stdin)) != -1) {
            if (len > 0 && line[len - 1] == '\n')
                line[--len] = '\0';
            if (len > MSG_MAX) {
                fprintf(stderr, "%s: refused a line of %zd bytes: the slot holds at most %d; "
                        "nothing of it was sent\n", prog, len, MSG_MAX);
                refused = 1;
                continue;
            }
            send_message(mb, line, (size_t)len);
        }
    }

    /* Step 3: unmap and close; the object stays until the reader removes it. */
    free(line);
    munmap(mb, sizeof *mb);
    close(shm_fd);
    printf("done: unmapped %s (the reader removes it)\n", shm_name);
    return refused;
}
