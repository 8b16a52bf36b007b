#!/bin/sh
# SPEC rule 7: the tests never touch what a student runs with the default
# names. CI starts the eight long-lived programs a student leaves waiting in
# a terminal, with no IPC_DEMO_TAG (so the real /tmp/ipc-demo-UID, queue,
# ring, semaphore and ports), runs the suite 8 at a time, and then checks
# the kernel's view and theirs: each still runs, printed nothing since its
# ready: line (no client, no message), and its object is still there. Then
# each is ended with SIGTERM and must have removed what it made.
#
#   student_pairs.sh start BIN DIR    start them (BIN: the demos; DIR: logs)
#   student_pairs.sh check BIN DIR    check them, then end them
set -u
what=${1:?usage: student_pairs.sh start|check BIN DIR} bin=${2:?BIN} dir=${3:?DIR}
uid=$(id -u)
private=/tmp/ipc-demo-$uid
programs="fifo_server tcp_server rpc_server sysv_mq_receiver posix_mq_receiver \
shm_consumer unix_server sem_named_wait"
failed=0
bad() { printf 'FAIL: %s\n' "$1"; failed=1; }

# alive PID : running (once these shells have gone, init reaps our orphans;
# until it does, an ended one is a zombie).
alive() { grep -q '^State:[[:space:]]*[^Z[:space:]]' "/proc/$1/status" 2>/dev/null; }

# shellcheck disable=SC2317 # called through eval "$(object_of ...)"
# listening PORT : true while some socket listens on 127.0.0.1:PORT.
listening() {
    _hex=$(printf '0100007F:%04X' "$1")
    awk -v a="$_hex" '$2 == a && $4 == "0A" { found = 1 } END { exit !found }' /proc/net/tcp
}

# The object each program owns, as a test the shell can make.
object_of() {
    case $1 in
    fifo_server) echo "test -p $private/fifo_server" ;;
    unix_server) echo "test -S $private/unix.sock" ;;
    shm_consumer) echo "test -e /dev/shm/ipc-demo-$uid-ring" ;;
    sem_named_wait) echo "test -e /dev/shm/sem.ipc-demo-$uid-sem" ;;
    tcp_server) echo "listening 12345" ;;
    rpc_server) echo "listening 12346" ;;
    sysv_mq_receiver)
        _key=$(sed -n 's/.*with key \(0x[0-9a-f]*\).*/\1/p' "$dir/$1.out")
        echo "ipcs -q | grep -q '^$_key '" ;;
    posix_mq_receiver) echo true ;;     # no /dev/mqueue here: the receiver's word
    esac
}

case $what in
start)
    rm -rf "$dir" && mkdir -p "$dir" || exit 1
    for p in $programs; do
        (unset IPC_DEMO_TAG; exec "$bin/$p") >"$dir/$p.out" 2>"$dir/$p.err" &
        echo $! >"$dir/$p.pid"
    done
    for p in $programs; do
        n=0
        until grep -q '^ready:' "$dir/$p.out"; do
            n=$((n + 1))
            [ "$n" -lt 250 ] || { bad "$p never said ready: $(cat "$dir/$p.err")"; break; }
            sleep 0.02
        done
        wc -l <"$dir/$p.out" >"$dir/$p.lines"
        eval "$(object_of "$p")" || bad "$p: its object is not there after ready:"
    done
    [ "$failed" = 0 ] && echo "started with the default names: $programs"
    exit "$failed" ;;
check)
    for p in $programs; do
        pid=$(cat "$dir/$p.pid")
        alive "$pid" || bad "$p (pid $pid) is no longer running"
        now=$(wc -l <"$dir/$p.out")
        [ "$now" = "$(cat "$dir/$p.lines")" ] ||
            bad "$p was touched: $(tail -n +"$(($(cat "$dir/$p.lines") + 1))" "$dir/$p.out" | head -n 3)"
        eval "$(object_of "$p")" || bad "$p: its object was removed under it"
    done
    for p in $programs; do kill -TERM "$(cat "$dir/$p.pid")" 2>/dev/null; done
    for p in $programs; do
        pid=$(cat "$dir/$p.pid")
        n=0
        while alive "$pid" && [ "$n" -lt 250 ]; do n=$((n + 1)); sleep 0.02; done
        alive "$pid" && { kill -KILL "$pid"; bad "$p did not end on SIGTERM"; }
        [ "$p" = posix_mq_receiver ] && continue
        ! eval "$(object_of "$p")" || bad "$p left its object after SIGTERM"
    done
    [ "$failed" = 0 ] && echo "untouched: all eight still ran, received nothing, kept their objects"
    exit "$failed" ;;
*) echo "usage: student_pairs.sh start|check BIN DIR" >&2; exit 2 ;;
esac
