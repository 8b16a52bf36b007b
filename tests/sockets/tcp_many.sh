#!/bin/sh
# 50 tcp_clients at once against tcp_server or poll_server, each streaming
# 200 lines of its own (up to 1 KB, cut into pieces by the way the client
# reads stdin and the server reads the socket): each client gets back
# exactly its own lines, in order, and the server serves all 50 at once.
#   tcp_many.sh SERVER
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=sock_lib.sh
. "$TESTS/sockets/sock_lib.sh"
clients=50

make_inputs "$WORK" "$clients" 200
start server "$1" -p 0 -c "$clients"
wait_ready server
port=$(port_of server)
i=1
while [ "$i" -le "$clients" ]; do
    start_in "client$i" "$WORK/in.$i" tcp_client -p "$port"
    i=$((i + 1))
done
i=1
while [ "$i" -le "$clients" ]; do
    finish "client$i"
    expect_status "client$i" 0
    i=$((i + 1))
done
expect_own_lines "$clients"
finish server
expect_status server 0
[ "$(grep -c '^client [0-9]*: lines 200, ' "$WORK/server.out")" = "$clients" ] ||
    fail "the server did not report $clients clients with 200 lines each"
# Every line the server printed came from some client, and all of them did.
cat "$WORK"/in.* | sort >"$WORK/all_sent"
grep '^received: ' "$WORK/server.out" | sed 's/^received: //' | sort >"$WORK/all_received"
cmp -s "$WORK/all_sent" "$WORK/all_received" || fail "the server's received: lines differ from what the clients sent"
pass
