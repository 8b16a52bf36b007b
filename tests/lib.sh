# tests/lib.sh - what every test driver shares (POSIX sh; sourced, not run).
#
# A driver reads like the two-terminal walkthrough in the docs:
#
#   . "$TESTS/lib.sh"
#   start reader fifo_reader -n "$WORK/fifo"      # terminal 1, in the background
#   wait_ready reader                             # until it prints "ready:"
#   run writer fifo_writer -n "$WORK/fifo" a b    # terminal 2, to the end
#   finish reader                                 # wait (bounded) for it to exit
#   expect_status writer 0
#   expect_status reader 0
#   expect_received reader a b                    # its "received:" lines, exactly
#   expect_gone "$WORK/fifo"
#   pass
#
# Each program NAME writes to $WORK/NAME.out and $WORK/NAME.err. A program
# given without a slash is taken from $BIN. Every wait is bounded; on any exit
# path every background program is stopped and reaped and $WORK removed.
# On failure, the driver prints what it expected, what it got, and the output
# of every program it ran.
#
# Provided: $WORK (a fresh private directory), $UNIQ (a name part no other
# running test uses), $SYSV_KEY (a System V key likewise), $WAIT_SECS, and
# $DEMO_NAME / $DEMO_DIR: what the programs' default names are in this test.
#
# IPC_DEMO_TAG moves every default name, key, path and port aside (see
# include/ipc_demo.h): a student's own pairs, started with the defaults in
# other terminals, never see a test, and two checkouts can test at once.
# $IPC_WRAP, if set, is put in front of every program run (the valgrind
# tests set it to a valgrind command line).

set -u
: "${BIN:?set BIN to the folder of the built programs}"
WAIT_SECS=${WAIT_SECS:-10}          # longest wait for a ready line or an exit
IPC_WRAP=${IPC_WRAP:-}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ipc-test.XXXXXX") || exit 1
# shellcheck disable=SC2034  # UNIQ and SYSV_KEY are for the drivers
UNIQ="ipct$$"
# shellcheck disable=SC2034
SYSV_KEY=$((0x49000000 + $$))       # pids are unique among running tests
STARTED=""
IPC_DEMO_TAG="test-$$"
export IPC_DEMO_TAG
DEMO_NAME="ipc-demo-$(id -u)-$IPC_DEMO_TAG"   # as in /dev/shm/$DEMO_NAME-shm
DEMO_DIR="/tmp/$DEMO_NAME"                   # the private directory

# --- running programs ----------------------------------------------------

# _cmdline PROG ARGS... : the command as one would type it (for the tour).
_cmdline() {
    printf '%s' "${1##*/}"
    shift
    for _arg in "$@"; do
        case $_arg in
        *[!A-Za-z0-9_./,:=+-]* | "") printf " '%s'" "$_arg" ;;
        *) printf ' %s' "$_arg" ;;
        esac
    done
    echo
}

_path() {
    case $1 in */*) printf '%s' "$1" ;; *) printf '%s/%s' "$BIN" "$1" ;; esac
}

# start_in NAME INPUT PROG ARGS... : run PROG in the background, stdin from
# INPUT (a file, or a FIFO the driver writes into later).
start_in() {
    _name=$1 _input=$2 _prog=$(_path "$3")
    shift 3
    _cmdline "$_prog" "$@" >"$WORK/$_name.cmd"
    # Empty the output now, not in the child: a NAME used before must not
    # show its old ready: line to a wait_ready that runs before the child does.
    : >"$WORK/$_name.out"
    rm -f "$WORK/$_name.status"
    # Fds 3-9 are the driver's own (e.g. its end of a FIFO feeding another
    # program): a child that inherited one would keep that FIFO open.
    # shellcheck disable=SC2086  # IPC_WRAP is a command line: split it
    $IPC_WRAP "$_prog" "$@" <"$_input" >"$WORK/$_name.out" 2>"$WORK/$_name.err" \
        3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
    echo $! >"$WORK/$_name.pid"
    STARTED="$STARTED $_name"
}

# start NAME PROG ARGS... : the same with stdin from /dev/null.
start() {
    _name=$1
    shift
    start_in "$_name" /dev/null "$@"
}

# run_in NAME INPUT PROG ARGS... : run PROG to the end (bounded), stdin from
# INPUT; its exit status goes to $WORK/NAME.status.
run_in() {
    _name=$1 _input=$2 _prog=$(_path "$3")
    shift 3
    _cmdline "$_prog" "$@" >"$WORK/$_name.cmd"
    # shellcheck disable=SC2086
    timeout -k 2 "$WAIT_SECS" $IPC_WRAP "$_prog" "$@" <"$_input" \
        >"$WORK/$_name.out" 2>"$WORK/$_name.err" 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-
    echo $? >"$WORK/$_name.status"
}

run() {
    _name=$1
    shift
    run_in "$_name" /dev/null "$@"
}

pid_of() { cat "$WORK/$1.pid"; }

# alive PID : true while PID runs (a zombie waiting to be reaped has ended).
alive() {
    _state=$(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$1/status" 2>/dev/null)
    [ -n "$_state" ] && [ "$_state" != Z ]
}

# _poll SECONDS COMMAND... : retry COMMAND every 20 ms until it succeeds or
# SECONDS pass. This waits for an event; it never stands in for one.
_poll() {
    _ticks=$(($1 * 50))
    shift
    while ! "$@"; do
        _ticks=$((_ticks - 1))
        [ "$_ticks" -gt 0 ] || return 1
        sleep 0.02
    done
}

_has_line() { grep -Eq -- "$2" "$WORK/$1.out" 2>/dev/null; }
_ready_or_dead() { _has_line "$1" '^ready:' || ! alive "$(pid_of "$1")"; }
_line_or_dead() { _has_line "$1" "$2" || ! alive "$(pid_of "$1")"; }

# wait_ready NAME : wait until NAME prints its "ready:" line.
wait_ready() {
    _poll "$WAIT_SECS" _ready_or_dead "$1"
    _has_line "$1" '^ready:' ||
        fail "$1 never printed a ready: line (within ${WAIT_SECS}s)"
}

# wait_line NAME ERE : wait until a line of NAME's stdout matches ERE.
wait_line() {
    _poll "$WAIT_SECS" _line_or_dead "$1" "$2"
    _has_line "$1" "$2" || fail "$1 never printed a line matching /$2/"
}

# ready_line NAME : print NAME's ready line (to pick a port or pid from it).
ready_line() { grep -m1 "^ready:" "$WORK/$1.out"; }

# finish NAME : wait (bounded) for background NAME to exit; record its status.
finish() {
    _pid=$(pid_of "$1")
    if ! _poll "$WAIT_SECS" _dead "$_pid"; then
        fail "$1 did not exit within ${WAIT_SECS}s"
    fi
    wait "$_pid"
    echo $? >"$WORK/$1.status"
}
_dead() { ! alive "$1"; }

# signal NAME SIG : send SIG (INT, TERM, KILL...) to background NAME.
signal() { kill -s "$2" "$(pid_of "$1")"; }

# --- checking results ----------------------------------------------------

status_of() { cat "$WORK/$1.status" 2>/dev/null || echo "(none)"; }

expect_status() {
    [ "$(status_of "$1")" = "$2" ] ||
        fail "$1 exited with status $(status_of "$1"), expected $2"
}

# expect_received NAME MESSAGE... : NAME's "received:" lines are exactly these.
expect_received() {
    _name=$1
    shift
    for _msg in "$@"; do printf 'received: %s\n' "$_msg"; done >"$WORK/expected.txt"
    _compare_received "$_name"
}

# expect_received_file NAME FILE : likewise, one expected message per line.
expect_received_file() {
    sed 's/^/received: /' "$2" >"$WORK/expected.txt"
    _compare_received "$1"
}

_compare_received() {
    grep '^received: ' "$WORK/$1.out" >"$WORK/got.txt"
    diff -u "$WORK/expected.txt" "$WORK/got.txt" >"$WORK/diff.txt" ||
        fail "$1's received: lines differ from what was sent (- expected, + got):
$(head -n 40 "$WORK/diff.txt")"
}

# expect_out NAME ERE / expect_err NAME ERE : some line matches.
expect_out() {
    grep -Eq -- "$2" "$WORK/$1.out" || fail "$1 printed no line matching /$2/ on stdout"
}
expect_err() {
    grep -Eq -- "$2" "$WORK/$1.err" || fail "$1 printed no line matching /$2/ on stderr"
}
expect_no_out() {
    ! grep -Eq -- "$2" "$WORK/$1.out" || fail "$1 printed a line matching /$2/ on stdout"
}

# expect_gone PATH : nothing is left at PATH (not even a dangling symlink).
expect_gone() {
    if [ -e "$1" ] || [ -L "$1" ]; then
        fail "$1 was left behind"
    fi
}

# expect_usage_error NAME PROG ARGS... : bad usage exits 2 with a usage line.
# checks PROGRAM : true when this test checks PROGRAM. A usage script that
# covers several programs runs one program per test (given as USAGE_OF):
# sixty sanitizer-built programs in a row outlast one test's timeout on a
# loaded machine, and a failure names the program at once.
checks() {
    [ -z "${USAGE_OF:-}" ] || [ "$USAGE_OF" = "$1" ] || return 1
    _checked=yes
}

# checked : fail unless some check ran for USAGE_OF (a misspelt name would
# otherwise pass having checked nothing).
checked() { [ -n "${_checked:-}" ] || fail "nothing here checks ${USAGE_OF:-}"; }

expect_usage_error() {
    _name=$1
    shift
    checks "$1" || return 0
    run "$_name" "$@"
    expect_status "$_name" 2
    grep -qi 'usage' "$WORK/$_name.err" ||
        fail "$_name: a usage error should print the usage on stderr"
}

# --- ending ----------------------------------------------------------------

fail() {
    printf 'FAIL: %s\n' "$1"
    for _f in "$WORK"/*.out "$WORK"/*.err; do
        [ -s "$_f" ] || continue
        printf -- '--- %s\n' "${_f##*/}"
        head -n 60 "$_f"
    done
    exit 1
}

pass() {
    printf 'PASS\n'
    exit 0
}

_cleanup() {
    for _name in $STARTED; do
        _pid=$(pid_of "$_name")
        # CONT too: a test that failed may have left it stopped.
        alive "$_pid" && kill -TERM "$_pid" 2>/dev/null && kill -CONT "$_pid" 2>/dev/null
    done
    for _name in $STARTED; do
        _pid=$(pid_of "$_name")
        _poll 3 _dead "$_pid" || kill -KILL "$_pid" 2>/dev/null
        wait "$_pid" 2>/dev/null
    done
    rm -rf "$WORK"
    # The tagged private directory, if a program made it: ours, so no trap.
    [ -L "$DEMO_DIR" ] || rm -rf "$DEMO_DIR"
}
trap _cleanup EXIT
trap 'exit 1' INT TERM HUP
