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
 *   -k KEY  System V key, 0x1234 or 4660 (default ftok("/tmp/ipc-demo-UID", 'M'))
 *   Each MESSAGE (at most 1024 bytes) is one message; with none, each line
 *   of stdin is. The message `end` tells the reader to finish.
 *
 * Two terminals (either may start first: both create what is missing):
 *   terminal 1:  ./sysv_shm_reader
 *   terminal 2:  ./sysv_shm_writer hello world end
 *
 * See also: sysv_shm_reader.c (the other half), docs/shm.md.
 * Try: send `a end b`: the reader leaves after `end`, removes the semaphores,
 * and the writer, waiting to send `b`, is told so (EIDRM).
 */
#define _GNU_SOURCE             /* semtimedop: Linux's timed semop, not in POSIX */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MSG_MAX 1024            /* the slot's size: our choice, the same in the reader */
#define SEM_EMPTY 0             /* 1 while the slot is free for a writer */
#define SEM_FULL 1              /* 1 while a message waits for the reader */
#define WAIT_TRIES 500          /* 500 x 10 ms: how long we wait for the creator */

struct mailbox {                /* the layout both programs agree on */
    size_t len;                 /* bytes in text; no terminating NUL is stored */
    char text[MSG_MAX];
};

union semun {                   /* the caller must define it (man 2 semctl) */
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};

static const char *prog = "sysv_shm_writer";
static volatile sig_atomic_t in_handoff, interrupted;

static void die(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", prog, what, strerror(errno));
    exit(1);
}

static void usage(FILE *out, int status)
{
    fprintf(out, "usage: %s [-k KEY] [MESSAGE...]\n"
                 "  -k KEY  System V key, e.g. 0x1234 (default: ftok of /tmp/ipc-demo-UID)\n"
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

/* The reader owns the segment and the set: we leave them, and any unread
 * message. Outside a handoff we may leave at once (write and _exit are
 * async-signal-safe). Inside one, from waiting for "empty" to posting "full",
 * leaving would strand the slot (every later writer stuck), so we only set a
 * flag: the wait gives up (EINTR, or its 1 s timeout if the signal came just
 * before it), or the handoff ends. Setting the semaphores up counts too. */
static void on_signal(int sig)
{
    (void)sig;
    if (!in_handoff) {
        say("interrupted: leaving the segment to the reader, which removes it\n");
        _exit(0);
    }
    interrupted = 1;
}

/* Called only where we hold no slot: leave if a signal asked us to. */
static void leave_if_interrupted(void)
{
    if (interrupted) {
        printf("interrupted: leaving the segment to the reader, which removes it\n");
        exit(0);
    }
}

/* ftok needs an existing path; we use our private directory. Its result is
 * checked: an ignored -1 becomes a key shared with everyone else who erred. */
static key_t default_key(void)
{
    char dir[64];
    struct stat st;
    key_t key;

    snprintf(dir, sizeof dir, "/tmp/ipc-demo-%u", (unsigned)getuid());
    if (mkdir(dir, 0700) == -1 && errno != EEXIST)
        die(dir);
    if (lstat(dir, &st) == -1)
        die(dir);
    if (!S_ISDIR(st.st_mode) || st.st_uid != getuid() || (st.st_mode & 077)) {
        fprintf(stderr, "%s: %s is a symlink, another user's, or open to others; "
                        "refusing to use it\n", prog, dir);
        exit(1);
    }
    if ((key = ftok(dir, 'M')) == -1)
        die("ftok");
    return key;
}

/* semget creates a set with undefined values and SETALL sets them later: in
 * between, another process could use them. The creator (IPC_EXCL decides)
 * therefore ends its set-up with a semop, and the others wait, bounded,
 * until sem_otime says some semop has happened (TLPI 47.5, UNP2 11.2). */
static int open_semaphores(key_t key, int *created)
{
    unsigned short zeros[2] = { 0, 0 };
    struct sembuf open_slot = { SEM_EMPTY, 1, 0 };
    struct timespec ten_ms = { 0, 10000000 };
    struct semid_ds ds;
    union semun arg;
    int semid, tries = 0;

    do {                        /* ENOENT: removed between our two calls; again */
        semid = semget(key, 2, IPC_CREAT | IPC_EXCL | 0600);
        *created = semid != -1;
        if (semid == -1 && errno == EEXIST)
            semid = semget(key, 2, 0600);
    } while (semid == -1 && errno == ENOENT && ++tries < 3);
    if (semid == -1)
        die("semget");
    arg.array = zeros;
    if (*created && (semctl(semid, 0, SETALL, arg) == -1 || semop(semid, &open_slot, 1) == -1))
        die("initialising the semaphores");
    arg.buf = &ds;
    for (tries = 0; semctl(semid, 0, IPC_STAT, arg) == 0 && ds.sem_otime == 0; tries++) {
        if (tries == WAIT_TRIES) {
            fprintf(stderr, "%s: the semaphore set of key 0x%08x was never initialised "
                    "(its creator died?); remove it: ipcrm -S 0x%08x\n",
                    prog, (unsigned)key, (unsigned)key);
            exit(1);
        }
        nanosleep(&ten_ms, NULL);
    }
    return semid;
}

static void send_message(int semid, struct mailbox *box, const char *text, size_t len)
{
    struct sembuf take_empty = { SEM_EMPTY, -1, IPC_NOWAIT }, post_full = { SEM_FULL, 1, 0 };
    struct timespec tick = { 1, 0 };
    int taken;

    in_handoff = 1;
    taken = semop(semid, &take_empty, 1);
    if (taken == -1 && errno == EAGAIN) {
        printf("the slot is full: waiting for the reader to take the last message "
               "(semop on empty)\n");
        take_empty.sem_flg = 0;
        while ((taken = semtimedop(semid, &take_empty, 1, &tick)) == -1
               && (errno == EAGAIN || errno == EINTR))
            leave_if_interrupted();     /* nothing taken yet: safe to go */
    }
    if (taken == -1 && (errno == EIDRM || errno == EINVAL)) {
        fprintf(stderr, "%s: the reader has ended and removed the semaphores; \"%s\" "
                "was not sent\n", prog, text);
        exit(1);
    }
    if (taken == -1)
        die("semop");
    memcpy(box->text, text, len);
    box->len = len;
    if (semop(semid, &post_full, 1) == -1)      /* only now may the reader look */
        die("semop");
    printf("sent: %s\n", text);
    in_handoff = 0;
    leave_if_interrupted();
}

int main(int argc, char *argv[])
{
    struct sigaction sa = { .sa_handler = on_signal };
    struct mailbox *box;
    char *line = NULL, *end;
    size_t line_size = 0;
    ssize_t len;
    long value;
    key_t key = 0;
    int shmid, semid, created, opt, i, refused = 0;

    setvbuf(stdout, NULL, _IOLBF, 0);   /* one line at a time, even into a file */
    while ((opt = getopt(argc, argv, "k:h")) != -1) {
        switch (opt) {
        case 'k':
            errno = 0;
            value = strtol(optarg, &end, 0);
            if (errno || end == optarg || *end || value <= 0 || value > INT_MAX) {
                fprintf(stderr, "%s: -k wants a key from 1 to 0x7fffffff, not \"%s\"\n",
                        prog, optarg);
                usage(stderr, 2);
            }
            key = (key_t)value;
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
    if (key == 0)
        key = default_key();
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    /* Step 1: find or create the segment and attach it. */
    printf("getting the segment of key 0x%08x (created with mode 0600 if missing)\n",
           (unsigned)key);
    if ((shmid = shmget(key, sizeof *box, IPC_CREAT | 0600)) == -1)
        die("shmget (a smaller segment with this key? see ipcs -m)");
    if ((box = shmat(shmid, NULL, 0)) == (void *)-1)
        die("shmat");
    printf("attached segment %d (%zu bytes)\n", shmid, sizeof *box);

    /* Step 2: find or create the semaphore set, initialised exactly once. */
    in_handoff = 1;             /* a creator stopped half-way would block all others */
    semid = open_semaphores(key, &created);
    in_handoff = 0;
    leave_if_interrupted();
    printf(created ? "created semaphore set %d: no reader yet, so the first message "
                     "will wait in the slot\n"
                   : "semaphore set %d exists and is set\n", semid);

    /* Step 3: send each message through the one slot. */
    for (i = optind; i < argc; i++)
        send_message(semid, box, argv[i], strlen(argv[i]));
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
            send_message(semid, box, line, (size_t)len);
        }
    }

    /* Step 4: detach; segment and set stay until the reader removes them. */
    free(line);
    if (shmdt(box) == -1)
        die("shmdt");
    printf("done: detached the segment (the reader removes it)\n");
    return refused;
}
