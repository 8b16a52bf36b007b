/*
 * rpc_protocol.h - the RPC pair's wire format, defined once: included by
 * rpc_server.c and rpc_client.c, and by nothing else.
 *
 * The wire protocol, version 1. It is defined once, in rpc_protocol.h;
 * docs/rpc.md shows this block too, and a test checks that both agree.
 *
 *   frame = length:u32, payload: length bytes        1 <= length <= 4096
 *   call  = 0x01 'C' n:u8 name:n bytes argc:u8 value*argc
 *   reply = 0x01 'R' value                           the result
 *         | 0x01 'E' value                           an error (a TEXT value)
 *   value = 'i' i64                                  INT
 *         | 's' n:u16 n bytes                        TEXT (no terminating 0)
 *
 * Numbers are big-endian (network byte order); u8/u16/u32 unsigned, i64
 * two's complement. 0x01 is the version; 'C' 'R' 'E' 'i' 's' are the ASCII
 * bytes 0x43 0x52 0x45 0x69 0x73. A name is 1..32 bytes from '!' to '~'.
 * Procedures: add INT INT -> INT; upper TEXT -> TEXT; sum INT... -> INT.
 * A client may make many calls on one connection; each gets one reply, in
 * order. A wrong call (unknown name, wrong arguments) gets an 'E' reply and
 * the connection stays open. A length of 0 or over 4096 closes the
 * connection at once; a payload that does not parse exactly closes it
 * after an 'E' reply.
 */
#ifndef RPC_PROTOCOL_H
#define RPC_PROTOCOL_H
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define RPC_VERSION   1
#define RPC_MAX_FRAME 4096  /* a bogus length can cost a reader at most this */
#define RPC_MAX_NAME  32
#define RPC_MAX_ARGS  255   /* argc is one byte */
#define RPC_PORT      12346 /* the default; default_port() moves it under IPC_DEMO_TAG */
#define RPC_QUOTE(x)  #x
#define RPC_STRING(x) RPC_QUOTE(x)  /* RPC_STRING(RPC_PORT) is "12346" */

struct rpc_value {
    char tag;               /* 'i' (INT) or 's' (TEXT) */
    int64_t number;
    const char *text;       /* not 0-terminated: text_len says how long */
    size_t text_len;
};

/* --- marshalling: shifts give big-endian on any CPU -------------------- */

static inline void rpc_put_u32(unsigned char *out, uint32_t n)
{
    for (int i = 0; i < 4; i++)
        out[i] = (unsigned char)(n >> (24 - 8 * i));
}

/* Writes V at OUT; returns how many bytes that took (9, or 3 + text). */
static inline size_t rpc_put_value(unsigned char *out, const struct rpc_value *v)
{
    uint64_t u = (uint64_t)v->number;
    size_t n = 0;

    out[n++] = (unsigned char)v->tag;
    if (v->tag == 'i') {
        for (int shift = 56; shift >= 0; shift -= 8)
            out[n++] = (unsigned char)(u >> shift);
        return n;
    }
    out[n++] = (unsigned char)(v->text_len >> 8);
    out[n++] = (unsigned char)v->text_len;
    memcpy(out + n, v->text, v->text_len);
    return n + v->text_len;
}

/* --- unmarshalling: every length checked against the bytes there ------- */

static inline uint32_t rpc_get_u32(const unsigned char *in)
{
    return (uint32_t)in[0] << 24 | (uint32_t)in[1] << 16 | (uint32_t)in[2] << 8 | in[3];
}

struct rpc_reader { const unsigned char *p; size_t left; };

static inline int rpc_get_bytes(struct rpc_reader *r, const unsigned char **out, size_t n)
{
    if (r->left < n)
        return -1;
    *out = r->p;
    r->p += n;
    r->left -= n;
    return 0;
}

static inline int rpc_get_u8(struct rpc_reader *r, unsigned *out)
{
    const unsigned char *b;
    if (rpc_get_bytes(r, &b, 1) == -1)
        return -1;
    *out = b[0];
    return 0;
}

/* One whole INT or TEXT value, or -1 (TEXT then points into the frame). */
static inline int rpc_get_value(struct rpc_reader *r, struct rpc_value *v)
{
    const unsigned char *b;
    unsigned tag;
    uint64_t u = 0;

    if (rpc_get_u8(r, &tag) == -1)
        return -1;
    v->tag = (char)tag;
    if (tag == 'i' && rpc_get_bytes(r, &b, 8) == 0) {
        for (int i = 0; i < 8; i++)
            u = u << 8 | b[i];
        /* two's complement back to a signed number, without overflow */
        v->number = u <= INT64_MAX ? (int64_t)u : -(int64_t)(~u) - 1;
        return 0;
    }
    if (tag == 's' && rpc_get_bytes(r, &b, 2) == 0) {
        v->text_len = (size_t)b[0] << 8 | b[1];
        v->text = (const char *)b + 2;
        return rpc_get_bytes(r, &b, v->text_len);
    }
    return -1;
}

/* --- showing values ------------------------------------------------------ */

/* Text from the network may hold anything: control bytes are shown as
 * \xHH so that one value stays one line (and cannot drive the terminal). */
static inline void rpc_print_text(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c < 0x20 || c == 0x7f)
            printf("\\x%02x", c);
        else
            putchar(c);
    }
}

/* As a call shows it: 42 or "text". */
static inline void rpc_print_value(const struct rpc_value *v)
{
    if (v->tag == 'i') {
        printf("%lld", (long long)v->number);
        return;
    }
    putchar('"');
    rpc_print_text(v->text, v->text_len);
    putchar('"');
}
#endif
