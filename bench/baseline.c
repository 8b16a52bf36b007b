/*
 * baseline.c - the rows every mechanism is judged against, measured in the
 * same run, on the same CPUs, with the same trials as the mechanisms:
 *
 *   futex      a blocking ping-pong on one word in shared memory: the
 *              wake-up every blocking mechanism pays at least (shm_block's
 *              semaphores are exactly this, plus a ring);
 *   eventfd    the same through a file descriptor: write() wakes read();
 *   cacheline  the word polled instead of slept on: what a round trip
 *              costs with no kernel at all (shm_spin's floor);
 *   memcpy     the producer's copying alone, in a buffer shaped like the
 *              shm ring: it stays in the CPU's caches;
 *   memcpy_mem the same through buffers larger than the last-level cache:
 *              what copying costs once the data lives in memory.
 * (bare_ring, the ring with no checks, is in shm_ring.c.) None of these
 * builds or checks a message: they are not results, they are the scale.
 *
 * See also: bench.h, shm_ring.c, ipc_bench.c, docs/benchmark.md.
 */
#define _GNU_SOURCE   /* syscall(SYS_futex), MADV_DONTFORK */
#include <errno.h>
#include <linux/futex.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "bench.h"

#define SPIN_POLLS      100           /* as shm_ring.c: polls before yielding */
#define MEM_MIN_BYTES   (64u << 20)   /* memcpy_mem: each buffer at least this, */
#define MEM_LLC_TIMES   2             /* and twice the last-level cache */
#define MEM_MAX_BYTES   (512u << 20)

/* memcpy_mem's two buffers, made once: the first touch of a page costs a
 * fault (here up to 90 us, in a loaded VM), so the pages are touched once,
 * not in every trial. */
static unsigned char *mem_buffers;
static size_t mem_bytes;              /* each of the two */

/* --- the ping-pong floors ------------------------------------------------ */

/* Round trip k: the producer writes 2k-1 and waits for 2k, the consumer
 * waits for 2k-1 and writes 2k. Each side "waits" its own way. */
static unsigned long long total_rounds(const struct plan *plan)
{
    return WARMUP_ROUNDS + plan->rounds;
}

/* Context switches and CPU time over all the round trips (at_end 0: start). */
static void usage_over_rounds(enum role role, int at_end)
{
    unsigned long long ctx;
    uint64_t cpu;

    rusage_now(&ctx, &cpu);
    result->ctx[role] = at_end ? ctx - result->ctx[role] : ctx;
    result->cpu_ns[role] = at_end ? cpu - result->cpu_ns[role] : cpu;
    if (at_end)
        note_cpu(&result->cpus_seen[role]);
}

static void sample(unsigned long long k, uint64_t start)
{
    if (k > WARMUP_ROUNDS)
        result->samples[result->nsamples++] = now_ns() - start;
}

/* A shared (not FUTEX_PRIVATE) futex: the word is in memory two
 * processes map. FUTEX_WAIT sleeps only while the word still holds SEEN. */
static void futex_await(unsigned int value)
{
    unsigned int seen;

    while ((seen = __atomic_load_n(&result->futex_word, __ATOMIC_ACQUIRE)) != value)
        syscall(SYS_futex, &result->futex_word, FUTEX_WAIT, seen, NULL, NULL, 0);
}

static void futex_set(unsigned int value)
{
    __atomic_store_n(&result->futex_word, value, __ATOMIC_RELEASE);
    syscall(SYS_futex, &result->futex_word, FUTEX_WAKE, 1, NULL, NULL, 0);
}

static int futex_run(struct channel *ch, const struct plan *plan)
{
    usage_over_rounds(ch->role, 0);
    for (unsigned long long k = 1; k <= total_rounds(plan); k++) {
        uint64_t start = now_ns();
        if (ch->role == PRODUCER) {
            futex_set((unsigned)(2 * k - 1));
            futex_await((unsigned)(2 * k));
            sample(k, start);
        } else {
            futex_await((unsigned)(2 * k - 1));
            futex_set((unsigned)(2 * k));
        }
    }
    usage_over_rounds(ch->role, 1);
    return 0;
}

static int eventfd_create(struct channel *ch)
{
    for (int i = 0; i < 2; i++) {
        ch->parent_fd[i] = eventfd(0, 0);
        if (ch->parent_fd[i] == -1)
            return bench_fail(ch, "eventfd");
    }
    narrate(ch, "created two eventfds (one each way) before fork");
    return 0;
}

static void eventfd_close(struct channel *ch)
{
    for (int i = 0; i < 2; i++) {
        if (ch->parent_fd[i] >= 0)
            close(ch->parent_fd[i]);
        ch->parent_fd[i] = -1;
    }
}

static int eventfd_run(struct channel *ch, const struct plan *plan)
{
    int out = ch->parent_fd[ch->role == PRODUCER ? 0 : 1];
    int in = ch->parent_fd[ch->role == PRODUCER ? 1 : 0];
    uint64_t one = 1, got;

    usage_over_rounds(ch->role, 0);
    for (unsigned long long k = 1; k <= total_rounds(plan); k++) {
        uint64_t start = now_ns();
        if (ch->role == CONSUMER && read(in, &got, sizeof got) != sizeof got)
            return bench_fail(ch, "read eventfd");
        if (write(out, &one, sizeof one) != sizeof one)
            return bench_fail(ch, "write eventfd");
        if (ch->role == PRODUCER) {
            if (read(in, &got, sizeof got) != sizeof got)
                return bench_fail(ch, "read eventfd");
            sample(k, start);
        }
    }
    usage_over_rounds(ch->role, 1);
    return 0;
}

/* Polling, with the CPU given away after SPIN_POLLS polls, as shm_spin
 * does: on one CPU the other side can only answer once we yield. */
static void spin_until(unsigned long value)
{
    unsigned polls = 0;

    while (__atomic_load_n(&result->ball, __ATOMIC_ACQUIRE) != value) {
        if (++polls < SPIN_POLLS) {
#if defined(__x86_64__) || defined(__i386__)
            __builtin_ia32_pause();
#endif
        } else {
            sched_yield();
        }
    }
}

static int cacheline_run(struct channel *ch, const struct plan *plan)
{
    usage_over_rounds(ch->role, 0);
    for (unsigned long long k = 1; k <= total_rounds(plan); k++) {
        uint64_t start = now_ns();
        if (ch->role == PRODUCER) {
            __atomic_store_n(&result->ball, 2 * k - 1, __ATOMIC_RELEASE);
            spin_until(2 * k);
            sample(k, start);
        } else {
            spin_until(2 * k - 1);
            __atomic_store_n(&result->ball, 2 * k, __ATOMIC_RELEASE);
        }
    }
    usage_over_rounds(ch->role, 1);
    return 0;
}

/* --- the copies ---------------------------------------------------------- */

/* The last-level cache, as the kernel describes it (sysfs; a VM may say
 * nothing), else 32 MiB. */
static size_t last_level_cache(void)
{
    static const char *files[] = { "/sys/devices/system/cpu/cpu0/cache/index3/size",
                                   "/sys/devices/system/cpu/cpu0/cache/index2/size" };
    for (int i = 0; i < 2; i++) {
        size_t kib = read_limit(files[i], 0);    /* "32768K": the number first */
        if (kib > 0)
            return kib * 1024;
    }
    return 32u << 20;
}

/* Map and touch memcpy_mem's buffers, in the parent that runs the copies (QUICK: small ones, for tests). */
int prepare_memcpy_mem(int quick)
{
    size_t want = MEM_LLC_TIMES * last_level_cache();

    mem_bytes = quick ? (4u << 20) : want < MEM_MIN_BYTES ? MEM_MIN_BYTES
                                   : want > MEM_MAX_BYTES ? MEM_MAX_BYTES : want;
    mem_buffers = mmap(NULL, 2 * mem_bytes, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem_buffers == MAP_FAILED) {
        mem_buffers = NULL;
        return -1;
    }
    /* Not inherited by the children forked for every other row: fork()
     * would copy 2 x mem_bytes of page tables each time, and mark every
     * page copy-on-write, so the next copy here would fault on each. */
    if (madvise(mem_buffers, 2 * mem_bytes, MADV_DONTFORK) == -1)
        return -1;
    memset(mem_buffers, 0x5a, 2 * mem_bytes);
    return 0;
}

/* Copy SIZE-byte messages for the stream's time, into DST_BYTES of buffer
 * (walked round), from SRC (walked round over SRC_BYTES). */
static int copy_run(struct channel *ch, const struct plan *plan, int from_memory)
{
    size_t nslots, slot_size, src_bytes, dst_bytes;
    unsigned char *src, *dst;
    unsigned long long sent = 0;
    size_t in = 0, out = 0;

    ring_geometry(plan->size, &nslots, &slot_size);
    if (from_memory) {
        if (mem_buffers == NULL)
            return bench_failf(ch, "no buffers (prepare_memcpy_mem)");
        src = mem_buffers;
        dst = mem_buffers + mem_bytes;
        src_bytes = dst_bytes = mem_bytes;
    } else {
        src = (unsigned char *)tape_bytes();     /* as the producers copy from */
        src_bytes = BENCH_MAX_SIZE;
        dst_bytes = nslots * slot_size;
        dst = malloc(dst_bytes);
        if (dst == NULL)
            return bench_fail(ch, "malloc");
        memset(dst, 1, dst_bytes);      /* fault every page in before timing */
    }
    snprintf(result->capacity, sizeof result->capacity, "2 x %zu KiB%s",
             dst_bytes / 1024, from_memory ? " (2 x LLC or more)" : " (as the ring)");
    unsigned long long ctx0;
    uint64_t cpu0, cpu;
    size_t last_in = 0, last_out = 0;
    rusage_now(&ctx0, &cpu0);
    result->t_start = now_ns();
    uint64_t checked = result->t_start;
    while (!stream_done(plan, sent, result->t_start)) {
        /* The parent runs this loop: every 10 ms, a Ctrl-C or the limit? */
        if (sent % 64 == 0 && now_ns() - checked > 10000000u) {
            checked = now_ns();
            const char *why = stop_requested() ? "interrupted"
                            : checked > plan->deadline
                            ? "stuck: the time limit (-t) came first" : NULL;
            if (why != NULL) {
                if (!from_memory)
                    free(dst);
                return bench_failf(ch, "%s", why);
            }
        }
        memcpy(dst + out, src + in, plan->size);
        last_in = in;
        last_out = out;
        out += from_memory ? plan->size : slot_size;
        if (out + plan->size > dst_bytes)
            out = 0;
        in += from_memory ? plan->size : 1;      /* the tape: a new offset each */
        if (in + plan->size > src_bytes)
            in = 0;
        sent++;
    }
    result->t_end = now_ns();
    rusage_now(&result->ctx[PRODUCER], &cpu);
    result->ctx[PRODUCER] -= ctx0;
    result->cpu_ns[PRODUCER] = cpu - cpu0;
    result->streamed = sent;
    note_cpu(&result->cpus_seen[PRODUCER]);
    /* The compiler may not drop copies that nobody reads: check the last. */
    int same = memcmp(dst + last_out, src + last_in, plan->size) == 0;
    if (!from_memory)
        free(dst);
    return same ? 0 : bench_failf(ch, "memcpy produced wrong bytes (!)");
}

static int memcpy_run(struct channel *ch, const struct plan *plan)
{
    return copy_run(ch, plan, 0);
}

static int memcpy_mem_run(struct channel *ch, const struct plan *plan)
{
    return copy_run(ch, plan, 1);
}

static int nothing_to_create(struct channel *ch)
{
    (void)ch;
    return 0;
}

#define REFERENCE(NAME, WHAT, KIND, CREATE, CLOSE, RUN) {                       \
    NAME, WHAT, KIND, no_limit, CREATE, nothing_to_open, CLOSE, NULL, NULL, NULL, \
    CLOSE, CLOSE, NULL, RUN }

const struct mechanism mech_futex = REFERENCE("futex",
    "floor: a futex ping-pong on one shared word", FLOOR,
    nothing_to_create, nothing_to_do, futex_run);
const struct mechanism mech_eventfd = REFERENCE("eventfd",
    "floor: an eventfd ping-pong, write() wakes read()", FLOOR,
    eventfd_create, eventfd_close, eventfd_run);
const struct mechanism mech_cacheline = REFERENCE("cacheline",
    "floor: one cache line polled back and forth", FLOOR,
    nothing_to_create, nothing_to_do, cacheline_run);
const struct mechanism mech_memcpy = REFERENCE("memcpy",
    "ceiling: memcpy alone, in cache", CEILING_COPY,
    nothing_to_create, nothing_to_do, memcpy_run);
const struct mechanism mech_memcpy_mem = REFERENCE("memcpy_mem",
    "ceiling: memcpy alone, through memory", CEILING_COPY,
    nothing_to_create, nothing_to_do, memcpy_mem_run);
