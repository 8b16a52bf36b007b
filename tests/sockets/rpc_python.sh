#!/bin/sh
# A client written in Python from docs/rpc.md alone (rpc_python_client.py)
# talks to rpc_server: four calls on one connection, answered in order.
# Skips when python3 is not installed.
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=rpc_lib.sh
. "$TESTS/sockets/rpc_lib.sh"

python=$(command -v python3) || python=""
if [ -z "$python" ] || ! "$python" -c 'import socket, struct' 2>/dev/null; then
    echo "SKIP: no python3 here"
    exit 77
fi
start_server server -c 1
run py "$python" "$TESTS/sockets/rpc_python_client.py" "$PORT"
finish server
expect_status py 0
cat >"$WORK/want" <<'END'
result: 5
result: FROM PYTHON
result: 10
error: unknown procedure "mul" (this server offers add, upper, sum)
END
diff "$WORK/want" "$WORK/py.out" >/dev/null || fail "the Python client printed
$(cat "$WORK/py.out")"
expect_status server 0
expect_out server '^connection 1: the client closed the connection after 4 calls'
pass
