#!/bin/sh
# The protocol is written down in three places that must say the same:
# the comment block in rpc_server.c and rpc_client.c, and docs/rpc.md.
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
src=$TESTS/..

# from_c FILE : the comment block, without its " * " margin.
from_c() {
    sed -n '/^ \* The wire protocol, version 1/,/^ \*\/$/p' "$1" |
        sed '$d; s/^ \* \{0,1\}//'
}
from_c "$src/sockets/rpc_server.c" >"$WORK/server"
from_c "$src/sockets/rpc_client.c" >"$WORK/client"
sed -n '/^The wire protocol, version 1/,/^```$/p' "$src/docs/rpc.md" | sed '$d' >"$WORK/doc"
[ "$(wc -l <"$WORK/server")" -gt 15 ] || fail "no protocol block found in rpc_server.c"
for copy in client doc; do
    diff -u "$WORK/server" "$WORK/$copy" >"$WORK/diff.txt" ||
        fail "the protocol in rpc_server.c and the $copy's copy differ:
$(cat "$WORK/diff.txt")"
done
for prog in rpc_server rpc_client; do
    grep -q '^#define RPC_MAX_FRAME 4096 ' "$src/sockets/$prog.c" ||
        fail "RPC_MAX_FRAME must be 4096 in $prog.c, as the protocol says"
done
pass
