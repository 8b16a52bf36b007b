/*
 * prodcons.c - what the two children of ipc_bench do, and what they send:
 * the producer and consumer loops, the messages and their checks.
 *
 * Message N is its number N in 8 bytes, then bytes cut from a fixed
 * pseudo-random tape starting at N % 251. The consumer compares every byte
 * of every message with what message N must be, and the producer every
 * byte of every reply: a message that is lost, repeated, shifted by a short
 * read, cut or damaged cannot pass for the one expected. The round trips
 * come first, then a stream for a fixed time; the children learn where
 * each ends from counters in the memory they share with the parent.
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
#define SEQ_WINDOW       16           /* under 8 bytes: how far a number may stray */
#define SEQ_FAR          (1u << 20)   /* 8 bytes and more: likewise */
#define RTT_CAP_NS       500000000ull /* round trips: at most 0.5 s a trial */

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

const unsigned char *tape_bytes(void)
{
    return tape;
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
 * low bytes; the number meant is the one nearest the number expected
 * (within SEQ_WINDOW either way). Anything farther is no message of ours:
 * the caller counts it as damaged, not as hundreds lost. Returns 0 then. */
static int message_seq(const unsigned char *msg, size_t size, uint64_t expected,
                       uint64_t *seq)
{
    size_t head = size < SEQ_BYTES ? size : SEQ_BYTES;
    uint64_t low = 0, mask = head == SEQ_BYTES ? ~(uint64_t)0 : ((uint64_t)1 << (8 * head)) - 1;

    for (size_t i = 0; i < head; i++)
        low |= (uint64_t)msg[i] << (8 * i);
    if (head == SEQ_BYTES) {            /* the whole number: a wider window */
        *seq = low;
        return low - expected <= SEQ_FAR || expected - low <= SEQ_FAR;
    }
    uint64_t ahead = (low - expected) & mask, behind = (expected - low) & mask;
    if (ahead <= SEQ_WINDOW)
        *seq = expected + ahead;
    else if (behind <= SEQ_WINDOW && behind <= expected)
        *seq = expected - behind;
    else
        return 0;
    return 1;
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

/* --inject, for the tests: prove that the checks and the time limit work.
 * The message INJECT_AT into the stream is damaged (one bit of its last
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

/* The stream ends after plan->count messages, or once plan->stream_ns
 * have passed (and enough messages went). The clock is read every 64
 * messages only: a read costs about as much as a small message. */
int stream_done(const struct plan *plan, unsigned long long sent, uint64_t start)
{
    /* At least STREAM_MIN_MSGS, or 16 MiB of large messages: 200 of 1 MiB
     * through a pipe on a loaded machine would take longer than -t. */
    unsigned long long least = plan->inject != INJECT_NONE ? STREAM_MIN_MSGS
                               : (16u << 20) / plan->size;

    if (plan->count > 0)
        return sent >= plan->count;
    if (least > STREAM_MIN_MSGS)
        least = STREAM_MIN_MSGS;
    return sent >= least && sent % (least < 64 ? 1 : 64) == 0 &&
           now_ns() - start >= plan->stream_ns;
}

static void stream_usage(enum role role, int at_end)
{
    static unsigned long long ctx0;
    static uint64_t cpu0;
    unsigned long long ctx;
    uint64_t cpu;

    rusage_now(&ctx, &cpu);
    if (!at_end) {
        ctx0 = ctx;
        cpu0 = cpu;
        return;
    }
    result->ctx[role] = ctx - ctx0;
    result->cpu_ns[role] = cpu - cpu0;
}

/* Ping-pong, then the stream. The round trips come first: the stream leaves
 * messages queued behind it, which would delay the first ping. */
int producer(struct channel *ch, const struct plan *plan)
{
    const struct mechanism *m = ch->mech;
    unsigned long long rounds = WARMUP_ROUNDS + plan->rounds, seq;
    int bare = m->kind == CEILING_RING;
    unsigned char head[SEQ_BYTES];
    const unsigned char *reply;
    struct iovec part[2];

    if (m->capacity != NULL)
        m->capacity(ch, result->capacity, sizeof result->capacity);
    uint64_t rtt_start = now_ns();
    for (seq = 0; seq < rounds; seq++) {
        uint64_t start, end;

        /* On a loaded machine a round trip can take 100 times as long:
         * the round trips stop after RTT_CAP_NS, and the consumer learns
         * from echoes (set before the first message it must not answer). */
        if (seq > WARMUP_ROUNDS && now_ns() - rtt_start > RTT_CAP_NS)
            break;

        message_parts(part, head, plan->size, seq);
        start = now_ns();
        if (m->send(ch, TO_CONSUMER, part) == -1 ||
            (reply = m->receive(ch, TO_PRODUCER)) == NULL)
            return -1;
        end = now_ns();
        if (!bare && !message_intact(reply, plan->size, seq))
            result->bad_replies++;
        if (m->release(ch, TO_PRODUCER) == -1)
            return -1;
        if (seq >= WARMUP_ROUNDS)
            result->samples[result->nsamples++] = end - start;
    }
    __atomic_store_n(&result->echoes, seq, __ATOMIC_SEQ_CST);
    note_cpu(&result->cpus_seen[PRODUCER]);

    stream_usage(PRODUCER, 0);
    result->t_start = now_ns();
    for (unsigned long long sent = 0; ; seq++, sent++) {
        /* The last message's number is published before it is sent: the
         * consumer that takes it knows it is the last. */
        if (stream_done(plan, sent + 1, result->t_start))
            __atomic_store_n(&result->stream_total, seq + 1, __ATOMIC_SEQ_CST);
        message_parts(part, head, plan->size, seq);
        int injected = sent == INJECT_AT && plan->inject != INJECT_NONE &&
                       plan->inject <= INJECT_STALL;
        if (injected && inject(ch, plan, part) == -1)
            return -1;
        if (!(injected && plan->inject == INJECT_DROP) && m->send(ch, TO_CONSUMER, part) == -1)
            return -1;
        if (sent % 4096 == 0)
            note_cpu(&result->cpus_seen[PRODUCER]);
        if (seq + 1 == __atomic_load_n(&result->stream_total, __ATOMIC_SEQ_CST))
            break;
    }
    stream_usage(PRODUCER, 1);
    return 0;
}

/* --inject reply-*: the consumer damages, repeats or drops one reply. */
static int send_reply(struct channel *ch, const struct plan *plan, const unsigned char *msg,
                      unsigned long long seq)
{
    static unsigned char copy[BENCH_MAX_SIZE];
    struct iovec reply[2] = { { (void *)msg, plan->size }, { NULL, 0 } };

    if (seq == WARMUP_ROUNDS + plan->rounds / 2) {
        if (plan->inject == INJECT_REPLY_DROP)
            return 0;
        if (plan->inject == INJECT_REPLY_CORRUPT) {
            memcpy(copy, msg, plan->size);
            copy[plan->size - 1] ^= 0x20;
            reply[0].iov_base = copy;
        }
        if (plan->inject == INJECT_REPLY_DUP && ch->mech->send(ch, TO_PRODUCER, reply) == -1)
            return -1;
    }
    return ch->mech->send(ch, TO_PRODUCER, reply);
}

/* Take every message, check it, answer the pings, count what is wrong.
 * bare_ring (the ceiling) only copies each message out, unchecked. */
int consumer(struct channel *ch, const struct plan *plan)
{
    const struct mechanism *m = ch->mech;
    unsigned long long echoes = WARMUP_ROUNDS + plan->rounds, expected = 0;
    int bare = m->kind == CEILING_RING;
    unsigned char *copy = bare ? malloc(plan->size) : NULL;

    if (bare && copy == NULL)
        return bench_fail(ch, "malloc");
    while (expected < __atomic_load_n(&result->stream_total, __ATOMIC_SEQ_CST)) {
        const unsigned char *msg = m->receive(ch, TO_CONSUMER);
        uint64_t seq;

        if (msg == NULL)
            return -1;
        if (expected < echoes)          /* the producer may have stopped early */
            echoes = __atomic_load_n(&result->echoes, __ATOMIC_SEQ_CST);
        if (expected == echoes) {
            stream_usage(CONSUMER, 0);
            note_cpu(&result->cpus_seen[CONSUMER]);
        }
        result->received++;
        if (bare && expected >= echoes) {
            memcpy(copy, msg, plan->size);
        } else if (!message_seq(msg, plan->size, expected, &seq)) {
            result->corrupted++;
        } else if (seq != expected && message_intact(msg, plan->size, seq)) {
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
        if (expected < echoes && send_reply(ch, plan, msg, expected) == -1)
            return -1;
        if (m->release(ch, TO_CONSUMER) == -1)
            return -1;
        expected++;
        if (expected % 4096 == 0)
            note_cpu(&result->cpus_seen[CONSUMER]);
    }
    result->t_end = now_ns();
    result->streamed = expected - echoes;
    stream_usage(CONSUMER, 1);
    free(copy);
    return 0;
}
