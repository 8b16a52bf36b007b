#!/bin/sh
# The fault sweep of the RPC pair: strace's fault injection makes one
# system call fail once, and the run must end as the table below says:
# exit 1 with one line that names the failed call, or, for EINTR and the
# errors a server lives through, carry on and answer. Never a crash, a
# hang or a death by a signal. (rpc_faults.sh has the server's other
# faults, with their narration.)
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=rpc_lib.sh
. "$TESTS/sockets/rpc_lib.sh"
if [ -n "$IPC_WRAP" ] || ! strace -qq -o /dev/null true 2>/dev/null; then
    echo "SKIP: needs strace (and ptrace), without a wrapper"
    exit 77
fi
STRACE=$(command -v strace)
# A sanitizer build's leak check cannot run under ptrace: leave it out.
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
export ASAN_OPTIONS

# strace counts each thread's calls apart. The dynamic loader's reads come
# first in the main thread (-h makes none of its own), so the client's
# first read of its socket is the one after them. A server thread reads a
# length prefix, then the payload: with "when=2" every thread's payload
# read fails, provided the loader makes exactly one read.
"$STRACE" -qq -e trace=read -o "$WORK/loader" "$BIN/rpc_server" -h >/dev/null
loader_reads=$(grep -c '^read(' "$WORK/loader")
first_read=$((loader_reads + 1))

# under NAME CALL ERROR WHEN PROG ARGS... : run PROG with the WHENth CALL
# failing with ERROR.
under() {
    _name=$1 _inject="inject=$2:error=$3:when=$4" _prog=$5
    shift 5
    run "$_name" "$STRACE" -f -qq -o /dev/null -e "$_inject" "$BIN/$_prog" "$@"
}

# The server's setup: each failure ends it, exit 1, naming the call.
for case in "socket ENOMEM 1 socket: Cannot allocate memory" \
    "setsockopt ENOMEM 1 setsockopt SO_REUSEADDR: Cannot allocate memory" \
    "bind EACCES 1 bind 127.0.0.1 port 0: Permission denied" \
    "listen ENOBUFS 1 listen: No buffer space available" \
    "getsockname ENOBUFS 1 getsockname: No buffer space available"; do
    # shellcheck disable=SC2086  # the case's words, split at the spaces
    set -- $case
    call=$1 error=$2 when=$3
    shift 3
    under "server_$call" "$call" "$error" "$when" rpc_server -p 0 -c 1
    expect_status "server_$call" 1
    expect_err "server_$call" "^rpc_server: $*\$"
done

# Once it is listening: each fault is lived through and the server answers
# (a connection whose read failed is closed; the server goes on).
cases="accept:EINTR accept:ECONNABORTED accept:ENOMEM"
[ "$loader_reads" -ne 1 ] || cases="$cases read:EINTR read:ECONNRESET"
n=0
for case in $cases; do
    set -- "${case%:*}" "${case#*:}" 1
    [ "$1" = read ] && set -- read "$2" 2
    n=$((n + 1))
    start "s$n" "$STRACE" -f -qq -o /dev/null -e "inject=$1:error=$2:when=$3" \
        "$BIN/rpc_server" -p 0 -c 2
    server_port "s$n"
    run "s${n}_a" rpc_client -p "$PORT" add 2 3
    run "s${n}_b" rpc_client -p "$PORT" add 3 4
    finish "s$n"
    expect_status "s$n" 0
    if [ "$2" = ECONNRESET ]; then
        expect_no_answer "s${n}_a" 'the server closed the connection without answering$'
        expect_no_answer "s${n}_b" 'the server closed the connection without answering$'
        expect_out "s$n" '^connection 2: a 25-byte frame cut short \(Connection reset by peer\); closing it$'
        continue
    fi
    expect_result "s${n}_a" 5
    expect_result "s${n}_b" 7
done

# The client: a failure is no answer, "rpc_client: WHY" on stderr (stdout's
# "error:" lines are the server's) and exit 1; EINTR is retried.
start server rpc_server -p 0
server_port server
for case in "socket ENOMEM 1 1 cannot connect to 127.0.0.1 port $PORT: Cannot allocate memory" \
    "connect ENETUNREACH 1 1 cannot connect to 127.0.0.1 port $PORT: Network is unreachable" \
    "poll ENOMEM 1 1 cannot connect to 127.0.0.1 port $PORT: Cannot allocate memory" \
    "getsockopt ENOPROTOOPT 1 1 cannot connect to 127.0.0.1 port $PORT: Protocol not available" \
    "sendto EPIPE 1 1 sending the call failed: Broken pipe" \
    "read ENOMEM $first_read 1 reading the reply failed: Cannot allocate memory" \
    "poll EINTR 1 0" "sendto EINTR 1 0" "read EINTR $first_read 0"; do
    # shellcheck disable=SC2086
    set -- $case
    call=$1 error=$2 when=$3 status=$4
    shift 4
    under "client_${call}_$error" "$call" "$error" "$when" rpc_client -p "$PORT" add 2 3
    if [ "$status" = 0 ]; then
        expect_result "client_${call}_$error" 5
    else
        expect_no_answer "client_${call}_$error" "$*\$"
    fi
done
signal server TERM
finish server
expect_status server 0
pass
