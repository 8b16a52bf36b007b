#!/usr/bin/env python3
"""An RPC client for rpc_server in another language: Python's socket and
struct modules, and nothing but the protocol of docs/rpc.md.

    python3 docs/examples/rpc_client.py [PORT]

It makes four calls on one connection (rpc_client makes one per run) and
prints each outcome as rpc_client does: "result: VALUE" or "error: WHY".
"""
import socket
import struct
import sys

VERSION = 1
MAX_FRAME = 4096                     # must match the C programs


def value(arg):
    """Marshal one argument: 'i' + 8-byte INT, or 's' + 2-byte length + bytes."""
    if isinstance(arg, int):
        return struct.pack('!cq', b'i', arg)   # '!' = network byte order
    data = arg.encode()
    return struct.pack('!cH', b's', len(data)) + data


def recv_exactly(sock, count):
    """TCP is a byte stream: one recv() may return part of a frame."""
    data = b''
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise ConnectionError('the server closed the connection')
        data += chunk
    return data


def call(sock, name, *args):
    """The client stub: marshal, send one frame, unmarshal the one reply."""
    payload = struct.pack('!BcB', VERSION, b'C', len(name)) + name.encode()
    payload += struct.pack('!B', len(args)) + b''.join(value(a) for a in args)
    if len(payload) > MAX_FRAME:
        raise ValueError('the call does not fit in one frame')
    sock.sendall(struct.pack('!I', len(payload)) + payload)

    (length,) = struct.unpack('!I', recv_exactly(sock, 4))
    if not 1 <= length <= MAX_FRAME:
        raise ConnectionError(f'bad frame length {length}')
    reply = recv_exactly(sock, length)
    _version, kind, tag = struct.unpack('!Bcc', reply[:3])
    if tag == b'i':
        (result,) = struct.unpack('!q', reply[3:11])
    else:
        (size,) = struct.unpack('!H', reply[3:5])
        result = reply[5:5 + size].decode(errors='replace')
    return ('result' if kind == b'R' else 'error'), result


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 12346
    with socket.create_connection(('127.0.0.1', port), timeout=5) as sock:
        for name, *args in (('add', 2, 3), ('upper', 'from python'),
                            ('sum', 1, 2, 3, 4), ('mul', 6, 7)):
            kind, result = call(sock, name, *args)
            print(f'{kind}: {result}')


if __name__ == '__main__':
    main()
