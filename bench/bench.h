/*
 * bench.h - what the files of ipc_bench share: the shape of a mechanism
 * (a table of operations), the state of one channel, and the results.
 *
 * ipc_bench.c    options, main: the rows, placements and shuffled trials
 * measure.c      one trial: fork both ends, wait (bounded), judge, record
 * prodcons.c     the producer and consumer loops, the messages and checks
 * transports.c   pipe, fifo, socketpair, unix, tcp, sysv_mq, posix_mq
 * shm_ring.c     shm_block, shm_spin and bare_ring: a ring in shared memory
 * baseline.c     the floors (futex, eventfd, cacheline) and the copies
 *                (memcpy, memcpy_mem) every row is judged against
 * report.c       the tables, the crossovers, CSV and SVG
 * common.c       what all of them call: clock, failure text, narration,
 *                the private directory, /proc limits (it calls nobody)
 */
#ifndef BENCH_H
#define BENCH_H

#include <mqueue.h>
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/uio.h>

#define BENCH_MAX_SIZE   (1024u * 1024u)   /* largest -s: 1 MiB per message */
#define BENCH_MAX_ROWS   512

enum role { PRODUCER, CONSUMER };
enum direction { TO_CONSUMER, TO_PRODUCER };  /* pings and data; replies */
struct plan;

struct ring;                                   /* shm_ring.c */

/* One channel between producer and consumer, both ways. The parent fills it
 * in (create), fork() copies it into both children, and each child opens its
 * end (open_end). Each mechanism uses only the fields it needs. */
struct channel {
    const struct mechanism *mech;
    size_t size;                  /* bytes in every message of this run */
    enum role role;
    int verbose;                  /* narrate objects created and removed */
    int tcp_nodelay;              /* --tcp-nodelay: Nagle off */
    char error[256];              /* what failed, set by bench_fail() */

    int fd[2];                    /* this end's descriptor per direction */
    int parent_fd[4];             /* descriptors the parent created (-1: none) */
    int listen_fd;                /* unix and tcp: the listening socket */
    unsigned short port;          /* tcp: the port the kernel chose */
    char path[2][108];            /* fifo and unix: file names ("" = none) */
    int msqid;                    /* sysv_mq: -1 when none */
    mqd_t mq[2];                  /* posix_mq: one queue per direction */
    char shm_name[64];            /* shm: the POSIX name while it exists */
    unsigned char *txbuf, *rxbuf; /* private message buffers (queues, streams) */

    void *map;                    /* shm: the mapping, both rings */
    size_t map_size;
    struct ring *ring[2];
    int spin;                     /* shm: spin (1) or block on semaphores (0) */
    unsigned long ring_next[2];   /* shm: messages this end has sent/received */
    unsigned long ring_seen[2];   /* shm: last index seen of the other end's */
};

/* What a row is: a mechanism carrying checked messages, or a reference the
 * mechanisms are judged by (the floors time a bare wake-up, the ceilings a
 * bare copy: neither builds nor checks a message). */
enum kind { MECHANISM, CEILING_RING, FLOOR, CEILING_COPY };

/* The operations every mechanism provides. A message is sent as two parts
 * (its number, and its bytes where they already lie) so that each mechanism
 * can take it the cheapest way it allows: streams pass both to writev(),
 * queues join them in a buffer, shared memory writes them straight into a
 * slot. Receiving is "get the next message, use it, release it": shared
 * memory hands out the slot itself (no copy), the others a private buffer
 * the kernel copied into. All return -1 (or NULL) on failure, ch->error set.
 * The floors and copies (baseline.c) set run instead: each child's work. */
struct mechanism {
    const char *name;             /* as in -m and in the CSV */
    const char *what;             /* one line for the docs */
    enum kind kind;
    /* Largest message, and why (NULL: no limit below BENCH_MAX_SIZE). */
    size_t (*max_size)(const char **why);
    int (*create)(struct channel *ch);              /* parent, before fork */
    int (*open_end)(struct channel *ch);            /* child, ch->role set */
    void (*parent_after_fork)(struct channel *ch);  /* parent drops its copies */
    int (*send)(struct channel *ch, enum direction dir, const struct iovec part[2]);
    const void *(*receive)(struct channel *ch, enum direction dir);
    int (*release)(struct channel *ch, enum direction dir);
    void (*close_end)(struct channel *ch);          /* child, when done */
    void (*destroy)(struct channel *ch);            /* parent: remove it all */
    /* How much may be in flight one way, and the knob that sets it. */
    void (*capacity)(struct channel *ch, char *out, size_t size);
    int (*run)(struct channel *ch, const struct plan *plan);  /* floors, copies */
};

extern const struct mechanism mech_pipe, mech_fifo, mech_socketpair, mech_unix,
    mech_tcp, mech_sysv_mq, mech_posix_mq, mech_shm_block, mech_shm_spin,
    mech_bare_ring, mech_futex, mech_eventfd, mech_cacheline, mech_memcpy,
    mech_memcpy_mem;

#define WARMUP_ROUNDS    10           /* untimed round trips: fault pages in, wake both */
#define STREAM_MIN_MSGS  200          /* a timed stream sends at least this many */
#define INJECT_AT        100          /* --inject: the 100th message of the stream */

/* --inject (for the tests): what goes wrong, once. The first four are done
 * by the producer to a message of the stream, the reply- ones by the
 * consumer to one reply of the round trips. */
enum inject { INJECT_NONE, INJECT_DROP, INJECT_DUP, INJECT_CORRUPT, INJECT_STALL,
              INJECT_REPLY_DROP, INJECT_REPLY_DUP, INJECT_REPLY_CORRUPT };

/* What one trial does. */
struct plan {
    size_t size;
    unsigned long long rounds;         /* timed round trips */
    unsigned long long count;          /* messages streamed; 0: for stream_ns */
    uint64_t stream_ns;
    uint64_t deadline;                 /* the copies (run by the parent): give up */
    enum inject inject;
    int cpu[2];                        /* per role; -1: wherever the kernel likes */
};

/* What the children report, in memory shared with the parent. The floors'
 * ping-pong words live here too, each on a cache line of its own. */
struct shared_result {
    alignas(64) unsigned int futex_word;
    alignas(64) unsigned long ball;    /* cacheline: the line bounced */
    alignas(64) unsigned long long stream_total;  /* last message + 1 (atomic) */
    unsigned long long echoes;         /* round trips, warm-up included (atomic) */
    uint64_t t_start, t_end;           /* the stream: first send, last check */
    unsigned long long streamed;       /* messages in the stream */
    unsigned long long received, lost, duplicated, corrupted, bad_replies;
    unsigned long long ctx[2];         /* per role, in the stream: switches */
    uint64_t cpu_ns[2];                /* and CPU time (user + system) */
    unsigned long cpus_seen[2];        /* per role: bit N = ran on CPU N */
    char capacity[80];
    char error[2][256];                /* per role: what failed */
    unsigned long long nsamples;
    uint64_t samples[];                /* the round trips, in ns, unsorted */
};

#define BENCH_MAX_TRIALS 15

/* One row of results: a mechanism at one message size and placement,
 * over all its trials. */
struct row {
    const struct mechanism *mech;
    size_t size;
    const char *placement;        /* "same", "split" or "free" */
    int measured;                 /* 0: skipped (see note) */
    int ok;                       /* every trial: every message once, intact */
    int trials;
    double mb[BENCH_MAX_TRIALS], msgs[BENCH_MAX_TRIALS];
    double ctx[BENCH_MAX_TRIALS], cpu[BENCH_MAX_TRIALS];   /* per message */
    double mb_per_s, mb_min, mb_max, msgs_per_s, pct_of_ring;  /* 0: none */
    double ctx_per_msg, cpu_ns_per_msg;
    uint64_t *samples;            /* every round trip of every trial */
    unsigned long long nsamples;
    uint64_t rtt_median_ns, rtt_p99_ns, rtt_min_ns;   /* 0: none */
    unsigned long cpus_seen[2];
    char capacity[80];
    char note[320];               /* why skipped, or what went wrong */
};

/* common.c: the helpers every file calls. */
extern char bench_dir[96];            /* the private directory, set by main */
int bench_fail(struct channel *ch, const char *what);   /* with strerror(errno) */
int bench_failf(struct channel *ch, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void narrate(const struct channel *ch, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
int private_dir(struct channel *ch, char *dir, size_t size);
uint64_t now_ns(void);
size_t read_limit(const char *proc_file, size_t fallback);
void note_cpu(unsigned long *seen);   /* sched_getcpu into a bit set */
void rusage_now(unsigned long long *ctx, uint64_t *cpu_ns);
void note_stop(void);
int stop_requested(void);             /* SIGINT, SIGTERM or SIGHUP came */

/* transports.c: shared by the kernel mechanisms, used by shm and the
 * floors too. */
int alloc_buffers(struct channel *ch, size_t room_before);
void free_buffers(struct channel *ch);
void gather(unsigned char *dst, const struct iovec part[2]);
size_t no_limit(const char **why);
int nothing_to_open(struct channel *ch);
void nothing_to_do(struct channel *ch);

/* prodcons.c: the children's work. result points to memory shared by the
 * parent and both children. */
extern struct shared_result *result;
int make_tape(void);
const unsigned char *tape_bytes(void);
int producer(struct channel *ch, const struct plan *plan);
int consumer(struct channel *ch, const struct plan *plan);
int stream_done(const struct plan *plan, unsigned long long sent, uint64_t start);

/* baseline.c: memcpy_mem's buffers, made once by the parent. */
int prepare_memcpy_mem(int quick);

/* shm_ring.c: how many slots of what size a ring has for SIZE-byte messages
 * (the memcpy row walks buffers of the same shape). */
void ring_geometry(size_t size, size_t *nslots, size_t *slot_size);

/* measure.c: one trial of one row. */
enum outcome { FINISHED, FAILED, TIMED_OUT, INTERRUPTED };
int take_signals_in_wait(void);
enum outcome run_trial(const struct plan *plan, int timeout, int verbose, int tcp_nodelay,
                       struct row *row);

/* report.c */
void print_tables(FILE *out, struct row *rows, int nrows);
void print_crossovers(FILE *out, const struct row *rows, int nrows);
int write_csv(FILE *out, const struct row *rows, int nrows);
int write_svg(FILE *out, const struct row *rows, int nrows, const char *subtitle);

#endif
