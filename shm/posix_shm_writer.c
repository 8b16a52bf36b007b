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
 *
 * Two terminals (either may start first: both create the object if missing):
 *   terminal 1:  ./posix_shm_reader
 *   terminal 2:  ./posix_shm_writer hello world end
 *
 * See also: posix_shm_reader.c (the other half), posix_mailbox.h (the
 * layout), docs/shm.md.
 * Try: start the writer first with two messages: the first waits in the slot,
 * the second waits for a reader. Or run `strace -e trace=futex` on both.
 */
#define _POSIX_C_SOURCE 200809L
#include "ipc_demo.h"
#include "posix_mailbox.h"

static char name[256], leave_line[2][600];
static int shm_fd, created;     /* shm_fd stays open: its st_nlink shows an unlink */
static struct mailbox *box;
static volatile sig_atomic_t in_handoff, interrupted, sent;

static void send_message(const char *text, size_t len);
static void leave(int status);

/* The reader owns the object. Holding nothing, with nothing of ours to
 * remove, we leave at once (write and _exit are async-signal-safe). Inside
 * a handoff (from waiting for `empty` to posting `full`) leaving would strand
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
    int opt, refused = 0;

    demo_start(argv[0],
        "Hands messages, one at a time, to posix_shm_reader through a POSIX\n"
        "shared memory object with two semaphores inside it. Start either side\n"
        "first: both create the object if it is missing.\n"
        "usage: posix_shm_writer [-n /NAME] [MESSAGE...]\n"
        "  -n /NAME  the shared memory object, a slash and then no other slash\n"
        "            (default /ipc-demo-UID-shm).\n"
        "Each MESSAGE (one line, at most 1024 bytes) is one message; with none,\n"
        "each line of stdin is one. The message `end` tells the reader to finish.\n");
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
    if (name[0] == '\0')
        default_name(name, sizeof name, "/", "-shm");
    snprintf(leave_line[0], sizeof leave_line[0], "interrupted: leaving %s for a "
             "reader\nto remove it instead: rm /dev/shm%s\n", name, name);
    snprintf(leave_line[1], sizeof leave_line[1], "interrupted: leaving the object "
             "to the reader, which removes it\n");
    in_handoff = 1;             /* a creator stopped half-way would block all others */
    catch_ending_signals(on_signal);

    /* 1. Create (or open) the object, map it, agree on the semaphores. */
    printf("opening shared memory %s (created with mode 0600 if missing)\n", name);
    box = open_mailbox(name, &shm_fd, &created);
    if (created)
        printf("created %s: no reader yet; the first message will wait\n", name);
    else
        printf("opened %s and mapped it; its semaphores are set\n", name);
    in_handoff = 0;

    /* 2. Send each message through the one slot. */
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

    /* 3. Unmap and close: the object stays for the reader, unless we made
     * it and sent nothing, and no reader came: then nobody needs it. */
    leave(refused);
}

/* Wait for the slot (in steps of a second, to see a flag or a reader that
 * removed the name), fill it, post `full`. */
static void send_message(const char *text, size_t len)
{
    struct timespec deadline;
    struct stat st;

    in_handoff = 1;
    if (sem_trywait(&box->empty) == -1) {
        printf("the slot is full: waiting for a reader to take it (sem_wait on "
               "empty)\n");
        for (;;) {
            if (clock_gettime(CLOCK_REALTIME, &deadline) == -1)
                die("clock_gettime");
            deadline.tv_sec += 1;
            if (sem_timedwait(&box->empty, &deadline) == 0)
                break;
            if (errno != ETIMEDOUT && errno != EINTR)
                die("sem_timedwait");
            if (interrupted)
                leave(0);               /* nothing taken yet: safe to go */
            if (fstat(shm_fd, &st) == -1)
                die("fstat");
            if (st.st_nlink == 0)
                fail("the reader has ended and removed %s; \"%s\" was not sent",
                     name, text);
        }
    }
    memcpy(box->text, text, len);
    box->len = len;
    post(&box->full);           /* only now may the reader look */
    printf("sent: %s\n", text);
    sent = 1;
    in_handoff = 0;
}

static void leave(int status)
{
    int nobody = 0, reader = atomic_load(&box->reader_came) == 1;

    if (created && !sent && atomic_compare_exchange_strong(&box->reader_came, &nobody, -1)) {
        if (shm_unlink(name) == -1)
            die("shm_unlink");
        printf("%sremoved %s: nothing sent, no reader came\n",
               interrupted ? "interrupted: " : "", name);
    } else if (interrupted) {
        fputs(leave_line[reader], stdout);
    } else if (!reader && sent) {
        printf("done: unmapped %s; the message waits in it for a reader\n"
               "to remove it instead: rm /dev/shm%s\n", name, name);
    } else {
        printf("done: unmapped %s (the reader removes it)\n", name);
    }
    if (munmap(box, sizeof *box) == -1)
        die("munmap");
    close(shm_fd);
    exit(status);
}
