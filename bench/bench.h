/*
 * bench.h - what the files of ipc_bench share: the shape of a mechanism
 * (a table of operations), the state of one channel, and the results.
 *
 * ipc_bench.c    options, main, each measurement: fork, wait (bounded), judge
 * prodcons.c     the producer and consumer loops, the messages and checks
 * transports.c   pipe, fifo, socketpair, unix, tcp, sysv_mq, posix_mq
 * shm_ring.c     shm_block and shm_spin: a ring of slots in shared memory
 * report.c       the table, the ranking, CSV and SVG
 * baseline.c     --baseline: the bare floors the mechanisms are judged by
 * common.c       what all of them call: clock, failure text, narration,
 *                the private directory, /proc limits (it calls nobody)
 */
#ifndef BENCH_H
#define BENCH_H

#include <mqueue.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/uio.h>

#define BENCH_MAX_SIZE   (1024u * 1024u)   /* largest -s: 1 MiB per message */
#define BENCH_MAX_ROWS   256

enum role { PRODUCER, CONSUMER };
enum direction { TO_CONSUMER, TO_PRODUCER };  /* pings and data; replies */

struct ring;                                   /* shm_ring.c */

/* One channel between producer and consumer, both ways. The parent fills it
 * in (create), fork() copies it into both children, and each child opens its
 * end (open_end). Each mechanism uses only the fields it needs. */
struct channel {
    const struct mechanism *mech;
    size_t size;                  /* bytes in every message of this run */
    enum role role;
    int verbose;                  /* narrate objects created and removed */
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

/* The operations every mechanism provides. A message is sent as two parts
 * (its number, and its bytes where they already lie) so that each mechanism
 * can take it the cheapest way it allows: streams pass both to writev(),
 * queues join them in a buffer, shared memory writes them straight into a
 * slot. Receiving is "get the next message, use it, release it": shared
 * memory hands out the slot itself (no copy), the others a private buffer
 * the kernel copied into. All return -1 (or NULL) on failure, ch->error set. */
struct mechanism {
    const char *name;             /* as in -m and in the CSV */
    const char *what;             /* one line for -h and the docs */
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
};

extern const struct mechanism mech_pipe, mech_fifo, mech_socketpair, mech_unix,
    mech_tcp, mech_sysv_mq, mech_posix_mq, mech_shm_block, mech_shm_spin;

#define WARMUP_ROUNDS    10           /* untimed round trips: fault pages in, wake both */

/* --inject (for the tests): what the producer does wrong half-way. */
enum inject { INJECT_NONE, INJECT_DROP, INJECT_DUP, INJECT_CORRUPT, INJECT_STALL };

/* What one measurement does. */
struct plan {
    size_t size;
    unsigned long long rounds, count;
    enum inject inject;
    int cpu[2];                        /* per role; -1: wherever the kernel likes */
};

/* What the children report, in memory shared with the parent. */
struct shared_result {
    uint64_t t_start, t_end;           /* the stream: first send, last check */
    uint64_t rtt_median, rtt_p99, rtt_min;
    unsigned long long received, lost, duplicated, corrupted, bad_replies;
    char error[2][256];                /* per role: what failed */
};


/* One row of results: a mechanism at one message size. */
struct row {
    const char *mechanism;
    size_t size;
    int measured;                 /* 0: skipped (see note) */
    int ok;                       /* every message arrived once, intact */
    double mb_per_s, msgs_per_s, pct_of_memcpy;
    uint64_t rtt_median_ns, rtt_p99_ns, rtt_min_ns;   /* 0: none (memcpy) */
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

/* Shared helpers for the kernel mechanisms (transports.c), used by shm too. */
int alloc_buffers(struct channel *ch, size_t room_before);
void free_buffers(struct channel *ch);
void gather(unsigned char *dst, const struct iovec part[2]);

/* prodcons.c: the children's work, and the memcpy row. result points to
 * memory shared by the parent and both children. */
extern struct shared_result *result;
int make_tape(void);
int producer(struct channel *ch, const struct plan *plan);
int consumer(struct channel *ch, const struct plan *plan);
int measure_memcpy(size_t size, unsigned long long count, struct row *row);

/* shm_ring.c: how many slots of what size a ring has for SIZE-byte messages
 * (the memcpy row walks buffers of the same shape). */
void ring_geometry(size_t size, size_t *nslots, size_t *slot_size);

/* report.c */
void print_table(FILE *out, const struct row *rows, int nrows, size_t size,
                 unsigned long long count, unsigned long long rounds);
int write_csv(FILE *out, const struct row *rows, int nrows);
int write_svg(FILE *out, const struct row *rows, int nrows, const char *subtitle);

/* baseline.c */
int run_baselines(int cpu_a, int cpu_b, const char *cpus, unsigned long long rounds);

#endif
