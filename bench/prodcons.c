/*
 * prodcons.c - what the two children of ipc_bench do, and what they send:
 * the producer and consumer loops, the messages and their checks, and the
 * memcpy row (the producer's work alone).
 *
 * Message N is its number N in 8 bytes, then bytes cut from a fixed
 * pseudo-random tape starting at N % 251. The consumer compares every byte
 * of every message with what message N must be, and the producer every
 * byte of every reply: a message that is lost, repeated, shifted by a short
 * read, cut or damaged cannot pass for the one expected.
 *
 * See also: ipc_bench.c (the parent), bench.h, docs/benchmark.md.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "bench.h"

#define SEQ_BYTES        8            /* each message starts with its number */
#define TAPE_OFFSETS     251          /* message N's bytes start at tape[N % 251] */
#define MEMCPY_TRIALS    5            /* the memcpy row: best of 5 trials */
#define MEMCPY_TRIAL_NS  10000000ull  /* of at least 10 ms each */

struct shared_result *result;          /* set up by the parent before any fork */
static unsigned char *tape;            /* the bytes every message is cut from */

/* --- the messages ------------------------------------------------------- */

/* The tape is fixed pseudo-random bytes (xorshift), the same in every
 * process because fork() copies it. Message N is its number in the first
 * 8 bytes, then the tape from offset N % 251: a message that is lost,
 * repeated, shifted or damaged cannot pass for the one expected. */
int make_tape(void)
{
    uint64_t x = 0x9E3779B97F4A7C15u;

    tape = malloc(BENCH_MAX_SIZE + TAPE_OFFSETS);
    if (tape == NULL)
        return -1;
    for (size_t i = 0; i < BENCH_MAX_SIZE + TAPE_OFFSETS; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        tape[i] = (unsigned char)(x >> 24);
    }
    return 0;
}

/* Message seq as its two parts: the number (in a small buffer the caller
 * owns) and the bytes, which stay where they lie on the tape. */
static void message_parts(struct iovec part[2], unsigned char head[SEQ_BYTES], size_t size,
                          uint64_t seq)
{
    size_t head_len = size < SEQ_BYTES ? size : SEQ_BYTES;

    for (size_t i = 0; i < head_len; i++)
        head[i] = (unsigned char)(seq >> (8 * i));
    part[0].iov_base = head;
    part[0].iov_len = head_len;
    part[1].iov_base = tape + seq % TAPE_OFFSETS;
    part[1].iov_len = size - head_len;
}

/* The number a message says it has. Messages under 8 bytes carry only its
 * low bytes: the rest is taken from the number expected. */
static uint64_t message_seq(const unsigned char *msg, size_t size, uint64_t expected)
{
    size_t head = size < SEQ_BYTES ? size : SEQ_BYTES;
    uint64_t seq = 0, mask = head == SEQ_BYTES ? ~(uint64_t)0 : ((uint64_t)1 << (8 * head)) - 1;

    for (size_t i = 0; i < head; i++)
        seq |= (uint64_t)msg[i] << (8 * i);
    return (expected & ~mask) | seq;
}

/* Is this, byte for byte, message number seq? */
static int message_intact(const unsigned char *msg, size_t size, uint64_t seq)
{
    size_t head = size < SEQ_BYTES ? size : SEQ_BYTES;

    for (size_t i = 0; i < head; i++) {
        if (msg[i] != (unsigned char)(seq >> (8 * i)))
            return 0;
    }
    return size <= SEQ_BYTES ||
           memcmp(msg + SEQ_BYTES, tape + seq % TAPE_OFFSETS, size - SEQ_BYTES) == 0;
}

/* --- the producer and the consumer -------------------------------------- */

static int compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return (x > y) - (x < y);
}

/* --inject, for the tests: prove that the checks and the time limit work.
 * The message half-way through the stream is damaged (one bit of its last
 * byte), sent twice, not sent at all (the caller skips it), or never: the
 * producer stops and waits to be killed. */
static int inject(struct channel *ch, const struct plan *plan, struct iovec part[2])
{
    static unsigned char copy[BENCH_MAX_SIZE];

    switch (plan->inject) {
    case INJECT_CORRUPT:
        gather(copy, part);
        copy[plan->size - 1] ^= 0x20;
        part[0].iov_base = copy;
        part[0].iov_len = plan->size;
        part[1].iov_len = 0;
        return 0;
    case INJECT_DUP:
        return ch->mech->send(ch, TO_CONSUMER, part);
    case INJECT_STALL:
        for (;;)
            pause();
    default:
        return 0;
    }
}

/* Ping-pong, then the stream. The round trips come first: the stream leaves
 * messages queued behind it, which would delay the first ping. */
int producer(struct channel *ch, const struct plan *plan)
{
    const struct mechanism *m = ch->mech;
    unsigned long long rounds = WARMUP_ROUNDS + plan->rounds;
    unsigned long long total = rounds + plan->count, stop = rounds + plan->count / 2;
    uint64_t *samples = malloc(plan->rounds * sizeof *samples);
    unsigned char head[SEQ_BYTES];
    const unsigned char *reply;
    struct iovec part[2];

    if (samples == NULL)
        return bench_fail(ch, "malloc");
    for (unsigned long long seq = 0; seq < rounds; seq++) {
        uint64_t start, end;

        message_parts(part, head, plan->size, seq);
        start = now_ns();
        if (m->send(ch, TO_CONSUMER, part) == -1 ||
            (reply = m->receive(ch, TO_PRODUCER)) == NULL)
            goto failed;
        end = now_ns();
        if (!message_intact(reply, plan->size, seq))
            result->bad_replies++;
        if (m->release(ch, TO_PRODUCER) == -1)
            goto failed;
        if (seq >= WARMUP_ROUNDS)
            samples[seq - WARMUP_ROUNDS] = end - start;
    }
    qsort(samples, plan->rounds, sizeof *samples, compare_u64);
    result->rtt_min = samples[0];
    result->rtt_median = (samples[(plan->rounds - 1) / 2] + samples[plan->rounds / 2]) / 2;
    result->rtt_p99 = samples[(plan->rounds * 99 + 99) / 100 - 1];
    free(samples);
    samples = NULL;

    result->t_start = now_ns();
    for (unsigned long long seq = rounds; seq < total; seq++) {
        message_parts(part, head, plan->size, seq);
        if (seq == stop && plan->inject != INJECT_NONE && inject(ch, plan, part) == -1)
            goto failed;
        if (seq == stop && plan->inject == INJECT_DROP)
            continue;
        if (m->send(ch, TO_CONSUMER, part) == -1)
            goto failed;
    }
    return 0;
failed:
    free(samples);
    return -1;
}

/* Take every message, check it, answer the pings, count what is wrong. */
int consumer(struct channel *ch, const struct plan *plan)
{
    const struct mechanism *m = ch->mech;
    unsigned long long echoes = WARMUP_ROUNDS + plan->rounds;
    unsigned long long total = echoes + plan->count, expected = 0;

    while (expected < total) {
        const unsigned char *msg = m->receive(ch, TO_CONSUMER);
        uint64_t seq;

        if (msg == NULL)
            return -1;
        result->received++;
        seq = message_seq(msg, plan->size, expected);
        if (seq != expected && seq < total && message_intact(msg, plan->size, seq)) {
            if (seq < expected) {       /* a whole message we already had */
                result->duplicated++;
                if (m->release(ch, TO_CONSUMER) == -1)
                    return -1;
                continue;
            }
            result->lost += seq - expected;   /* a whole later message: a gap */
            expected = seq;
        } else if (!message_intact(msg, plan->size, expected)) {
            result->corrupted++;
        }
        if (expected < echoes) {
            struct iovec reply[2] = { { (void *)msg, plan->size }, { NULL, 0 } };
            if (m->send(ch, TO_PRODUCER, reply) == -1)
                return -1;
        }
        if (m->release(ch, TO_CONSUMER) == -1)
            return -1;
        expected++;
    }
    result->t_end = now_ns();
    return 0;
}

/* --- the ceiling -------------------------------------------------------- */

/* The ceiling: the producer's work with nothing else, in one process. Each
 * message is copied once (memcpy) from where its bytes lie into a buffer
 * shaped like the shared-memory ring, as shm_* producers do, and nobody
 * waits, wakes or checks. Best of MEMCPY_TRIALS, since a busy machine can
 * only make a trial slower. */
int measure_memcpy(size_t size, unsigned long long count, struct row *row)
{
    size_t nslots, slot_size, index = 0;
    unsigned long long seq = 0;
    unsigned char *ring, head[SEQ_BYTES];
    struct iovec part[2];
    double best = 0;

    ring_geometry(size, &nslots, &slot_size);
    ring = calloc(nslots, slot_size);
    if (ring == NULL)
        return -1;
    for (int trial = 0; trial < MEMCPY_TRIALS; trial++) {
        unsigned long long copied = 0;
        uint64_t start = now_ns(), elapsed;

        do {
            for (unsigned long long i = 0; i < count; i++, seq++) {
                message_parts(part, head, size, seq);
                gather(ring + index * slot_size, part);
                if (++index == nslots)
                    index = 0;
            }
            copied += count;
            elapsed = now_ns() - start;
        } while (elapsed < MEMCPY_TRIAL_NS);
        if ((double)copied / (double)elapsed > best)
            best = (double)copied / (double)elapsed;
    }
    /* The ring now holds the last nslots messages: are they right? */
    row->measured = row->ok = 1;
    for (size_t i = 1; i <= nslots && i <= seq; i++) {
        index = (index + nslots - 1) % nslots;
        row->ok &= message_intact(ring + index * slot_size, size, seq - i);
    }
    row->msgs_per_s = best * 1e9;
    row->mb_per_s = row->msgs_per_s * (double)size / 1e6;
    if (!row->ok)
        snprintf(row->note, sizeof row->note, "memcpy produced wrong bytes (!)");
    free(ring);
    return 0;
}
