#!/bin/sh
# docs/rpc.md exercise 2, done as the page says, on copies of the sources:
# mul added to the server's table only, then to the client's interface too.
# What the page says you will see is what you see.
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=rpc_lib.sh
. "$TESTS/sockets/rpc_lib.sh"
src=$TESTS/..
CC=${CC:-cc}
command -v "$CC" >/dev/null || { echo "SKIP: no C compiler ($CC)"; exit 77; }
[ -z "$IPC_WRAP" ] || { echo "SKIP: builds its own programs"; exit 77; }

cp "$src/sockets/rpc_server.c" "$src/sockets/rpc_client.c" "$src/sockets/rpc_protocol.h" "$WORK/"
# The server: proc_mul before the interface table, and its row in it.
cat >"$WORK/mul.c" <<'END'
static int proc_mul(const struct call *call, struct rpc_value *result, char *scratch,
                    char *error)
{
    (void)scratch;
    result->tag = 'i';
    if (__builtin_mul_overflow(call->args[0].number, call->args[1].number, &result->number)) {
        sprintf(error, "mul: the result does not fit in a 64-bit INT");
        return -1;
    }
    return 0;
}

END
awk -v mul="$WORK/mul.c" '
    /^\/\* The interface: one letter/ { while ((getline line < mul) > 0) print line }
    { print }
    /^    \{ "sum", +"i\*", "sum N\.\.\.",/ { print "    { \"mul\", \"ii\", \"mul A B\", proc_mul }," }
' "$WORK/rpc_server.c" >"$WORK/mul_server.c"
[ "$(grep -c '^static int proc_mul\|"mul", "ii", "mul A B", proc_mul' "$WORK/mul_server.c")" -eq 2 ] ||
    fail "could not add mul to the server's table (has rpc_server.c changed?)"
# build NAME : $WORK/NAME.c (beside its copy of rpc_protocol.h) to $WORK/NAME.
build() {
    "$CC" -std=c11 -Wall -Wextra -Werror -I"$src/include" -pthread "$WORK/$1.c" \
        -o "$WORK/$1" 2>"$WORK/cc.err" || fail "$1.c does not compile: $(cat "$WORK/cc.err")"
}
build mul_server

start server "$WORK/mul_server" -p 0 -c 3
server_port server
# Before the client knows mul: its arguments go as TEXT, the server refuses.
run before rpc_client -p "$PORT" mul 6 7
expect_error before 1 'mul: argument 1 must be an INT \(mul A B\)'
expect_out before '^  00 00 00 0f 01 43 03 6d 75 6c 02 73 00 01 36 73$'

# After: the client's interface has it too; the values go as INTs.
awk '{ print } /^    \{ "sum", +"i\*", "sum N\.\.\." \},/ { print "    { \"mul\", \"ii\", \"mul A B\" }," }' \
    "$WORK/rpc_client.c" >"$WORK/mul_client.c"
grep -q '"mul", "ii", "mul A B" }' "$WORK/mul_client.c" ||
    fail "could not add mul to the client's interface (has rpc_client.c changed?)"
build mul_client
run after "$WORK/mul_client" -p "$PORT" mul 6 7
expect_result after 42
expect_out after '^  00 00 00 19 01 43 03 6d 75 6c 02 69 00 00 00 00$'
run overflow "$WORK/mul_client" -p "$PORT" mul 4611686018427387904 2
expect_error overflow 1 'mul: the result does not fit in a 64-bit INT'
finish server
expect_status server 0
expect_out server '^received: mul\(6, 7\)$'
pass
