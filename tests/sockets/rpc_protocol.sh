#!/bin/sh
# The wire protocol is defined once, in sockets/rpc_protocol.h, which both
# halves of the pair include (and nothing else does); docs/rpc.md shows the
# same block word for word.
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
src=$TESTS/..
header=$src/sockets/rpc_protocol.h

sed -n '/^ \* The wire protocol, version 1/,/^ \*\/$/p' "$header" |
    sed '$d; s/^ \* \{0,1\}//' >"$WORK/header"
sed -n '/^The wire protocol, version 1/,/^```$/p' "$src/docs/rpc.md" | sed '$d' >"$WORK/doc"
[ "$(wc -l <"$WORK/header")" -gt 15 ] || fail "no protocol block found in rpc_protocol.h"
diff -u "$WORK/header" "$WORK/doc" >"$WORK/diff.txt" ||
    fail "the protocol in rpc_protocol.h and docs/rpc.md differ:
$(cat "$WORK/diff.txt")"
grep -q '^#define RPC_MAX_FRAME 4096 ' "$header" ||
    fail "RPC_MAX_FRAME must be 4096 in rpc_protocol.h, as the protocol says"
for prog in rpc_server rpc_client; do
    grep -q '^#include "rpc_protocol.h"' "$src/sockets/$prog.c" ||
        fail "$prog.c does not include rpc_protocol.h"
    ! grep -Eq '^#define RPC_|wire protocol, version' "$src/sockets/$prog.c" ||
        fail "$prog.c defines the protocol again; it belongs in rpc_protocol.h alone"
done
others=$(grep -rl 'rpc_protocol\.h' "$src" --include='*.c' --include='*.h' |
         grep -v '/sockets/rpc_\(server\|client\|protocol\)\.[ch]$' | grep -v '/build/')
[ -z "$others" ] || fail "only the RPC pair may include rpc_protocol.h: $others"
pass
