#!/bin/sh
# shellcheck disable=SC2086,SC2046  # the table's commands split into words (set -f)
# tests/faults/sweep.sh MECH [PROGRAM-ERE] - make each system call that creates, opens,
# maps, connects, sends or receives fail once (strace fault injection) in
# every demo of MECH, as listed in faults.txt beside this script.
#
# Each row names a command, the call, the error and which invocation of the
# call to fail: a dry run traces the call and picks the first invocation
# whose strace line matches the row's filter (so not the dynamic loader's
# openat or mmap), and the real run fails that one (when=K: strace counts
# per call and per process). Where the demo is half of a pair, the peer runs
# too: "before CMD" starts the peer first and waits for its ready: line;
# "after CMD" starts the demo first (until its ready: line, or its line that
# it blocks in open until the peer comes) and then runs
# CMD to the end.
#
# A run is ok when the demo exits 1 with a line "prog: ...: strerror" on
# stderr (for EINTR: exits 0, having retried), never died by a signal, never
# hung, sent no half message, and left nothing it created: nothing new in
# the private directory, /dev/shm, the POSIX queues or the System V objects
# keyed on the private directory, and nothing at all once the peer is gone.
# A row's EXPECT "keeps: WHAT" lets the demo keep objects it keeps by
# design (sysv_sem_lock's set stays until -r). EXPECT "msg: ERE" names the line expected instead (where the C
# library reports another error than the one injected). EXPECT "goes-on:
# ERE": a server that says so on stdout (a line matching ERE), then goes on
# serving and ends 0 (one client's failure is not the server's). Rows marked "bug: TEXT" are demos known to misbehave: the sweep prints
# KNOWN BUG and passes while they do, and fails once one behaves (so the
# mark is taken off when the demo is fixed).
# shellcheck source=SCRIPTDIR/../lib.sh
. "$TESTS/lib.sh"

MECH=${1:?usage: sweep.sh MECH [PROGRAM-ERE]}
ONLY=${2:-.}                        # the rows of the programs matching ERE
TABLE=${FAULTS_TABLE:-$TESTS/faults/faults.txt}
RUN_SECS=${RUN_SECS:-8}
# shellcheck disable=SC2034  # lib.sh reads it
WAIT_SECS=$RUN_SECS         # lib.sh's bound on each run and wait

# Skip where strace cannot trace: decided on /bin/true, not on a demo.
command -v strace >/dev/null 2>&1 || { echo "SKIP: no strace"; exit 77; }
if ! strace -qq -o /dev/null -e inject=getpid:error=ENOMEM /bin/true 2>/dev/null; then
    echo "SKIP: strace cannot trace here (ptrace not permitted?)"
    exit 77
fi

# The private directory exists from the start, so the System V keys made
# from it (ftok) stay the same all through the sweep.
mkdir -m 700 "$DEMO_DIR" || fail "cannot make $DEMO_DIR"
mkfifo "$WORK/hold" || fail "cannot make $WORK/hold"
exec 9<>"$WORK/hold"
# shellcheck disable=SC2046  # two numbers
set -- $(stat -c '%d %i' "$DEMO_DIR")
KEY_LOW=$(printf '%06x' $(( (($1 & 0xff) << 16) | ($2 & 0xffff) )))

# --- what the demos made ----------------------------------------------------

list_queues() {
    _mnt=$(mktemp -d) || return
    # shellcheck disable=SC2016  # $1 expands in the inner shell
    unshare -m --propagation private \
        sh -c 'mount -t mqueue none "$1" && ls -A "$1"' sh "$_mnt" 2>/dev/null
    rmdir "$_mnt"
}

# list_mine : one line per object with the test's names, sorted. POSIX
# queues are listed for msgqueue alone (a mount each time: slow), since only
# its demos make them.
list_mine() {
    {
        find "$DEMO_DIR" -mindepth 1 2>/dev/null | sed 's/^/file /'
        for _f in /dev/shm/*"$DEMO_NAME"*; do
            [ -e "$_f" ] && echo "shm ${_f#/dev/shm/}"
        done
        [ "$MECH" != msgqueue ] || list_queues | grep -F -- "$DEMO_NAME" | sed 's/^/mqueue /'
        ipcs -q -m -s 2>/dev/null | awk -v low="$KEY_LOW" '
            /Message Queues/ { k = "q" } /Shared Memory/ { k = "m" } /Semaphore/ { k = "s" }
            /^0x/ && substr($1, 5) == low { print "sysv-" k, $1, $2 }'
    } | sort
}

# remove_mine FILE : remove the objects FILE lists (as list_mine), so that
# the next run starts clean.
remove_mine() {
    while read -r _kind _a _b; do
        case $_kind in
        file) rm -rf "$_a" ;;
        shm) rm -f "/dev/shm/$_a" ;;
        sysv-q) ipcrm -q "$_b" ;;
        sysv-m) ipcrm -m "$_b" ;;
        sysv-s) ipcrm -s "$_b" ;;
        mqueue)
            # shellcheck disable=SC2016  # $1, $2: the inner shell's
            _mnt=$(mktemp -d) &&
                unshare -m --propagation private \
                    sh -c 'mount -t mqueue none "$1" && rm -f "$1/$2"' sh "$_mnt" "$_a"
            rmdir "$_mnt" ;;
        esac
    done <"$1" 2>/dev/null
}

# --- running one row --------------------------------------------------------

strerror_of() {
    case $1 in
    ENOMEM) echo 'Cannot allocate memory' ;;
    EACCES) echo 'Permission denied' ;;
    ENOSPC) echo 'No space left on device' ;;
    EAGAIN) echo 'Resource temporarily unavailable' ;;
    EINTR) echo 'Interrupted system call' ;;
    *) echo "$1" ;;
    esac
}

stop_bg() {   # stop_bg NAME : TERM (bounded), then KILL; reap
    _pid=$(pid_of "$1")
    alive "$_pid" && kill -TERM "$_pid" 2>/dev/null
    _poll 3 _dead "$_pid" || kill -KILL "$_pid" 2>/dev/null
    wait "$_pid" 2>/dev/null
}

wait_bg() {   # wait_bg NAME : wait (bounded) for NAME; its status, or 124
    _pid=$(pid_of "$1")
    if _poll "$RUN_SECS" _dead "$_pid"; then
        wait "$_pid"
        echo $? >"$WORK/$1.status"
    else
        stop_bg "$1"
        echo 124 >"$WORK/$1.status"
    fi
}

# attempt WRAP : run the row's command (and its peer) once under WRAP.
# A demo is ready for its "after" peer once it says ready:, or that it now
# blocks in open() until the peer opens the other end (fifo_chat), or ends.
# shellcheck disable=SC2317 # called through _poll
_ready_or_waiting() {
    _has_line "$1" '^(ready:|\(open blocks until the peer)' || ! alive "$(pid_of "$1")"
}

attempt() {
    rm -f "$WORK"/*.out "$WORK"/*.err "$WORK"/*.status "$WORK"/*.pid
    IPC_WRAP=''
    case $peer in
    before*)
        # Its stdin: a FIFO the sweep holds open, so it never sees an EOF.
        start_in peer "$WORK/hold" ${peer#before }
        if ! _poll "$RUN_SECS" _ready_or_dead peer || ! _has_line peer '^ready:'; then
            echo "peer-not-ready" >"$WORK/demo.status"
            stop_bg peer
            list_mine >"$WORK/after.txt"
            cp "$WORK/after.txt" "$WORK/end.txt"
            return
        fi
        list_mine >"$WORK/before.txt"
        IPC_WRAP=$1
        run demo $(fill_in "$cmd" peer)
        ;;
    after*)
        list_mine >"$WORK/before.txt"
        IPC_WRAP=$1
        start demo $cmd
        _poll "$RUN_SECS" _ready_or_waiting demo
        IPC_WRAP=''
        # Only to a demo still there: what a peer makes once the demo has
        # gone is not the demo's.
        if alive "$(pid_of demo)"; then
            run peer $(fill_in "${peer#after }" demo)
        fi
        wait_bg demo
        ;;
    *)
        list_mine >"$WORK/before.txt"
        IPC_WRAP=$1
        run demo $cmd
        ;;
    esac
    # shellcheck disable=SC2034  # lib.sh reads it
    IPC_WRAP=''
    list_mine >"$WORK/after.txt"
    case $peer in before*) stop_bg peer ;; esac
    list_mine >"$WORK/end.txt"
}

# fill_in TEXT NAME : TEXT with @PORT@ and @PID@ taken from NAME's ready:
# line ("ready: pid 123", "ready: listening on 127.0.0.1:4567").
fill_in() {
    case $1 in *@PORT@* | *@PID@*) ;; *) printf '%s\n' "$1"; return ;; esac
    _ready=$(ready_line "$2")
    _port=$(printf '%s\n' "$_ready" | sed -n 's/.*:\([0-9][0-9]*\).*/\1/p')
    _pid=$(printf '%s\n' "$_ready" | sed -n 's/.*pid \([0-9][0-9]*\).*/\1/p')
    printf '%s\n' "$1" | sed "s|@PORT@|${_port:-0}|g; s|@PID@|${_pid:-0}|g"
}

# pick_invocation FILE : K, the number of the chosen invocation within its
# process, and -f if that is not the first process (the program's own
# invocations come first); nothing if no invocation matches the filter.
pick_invocation() {
    awk -v call="$call" -v filter="$filter" '
        NR == 1 { first = $1 }
        index($2, call "(") == 1 {
            n[$1]++
            if (index($0, "ELF") || $0 ~ /"\/(usr\/)?lib|ld\.so|MAP_DENYWRITE|PROT_EXEC/) next
            if ($0 ~ filter) {
                if ($1 == first) { print n[$1]; found = 1; exit }
                if (other == "") other = n[$1] " -f"
            }
        }
        END {
            if (found || other == "") exit
            split(other, o, " ")
            # The first process makes a K-th call too (the loader, say):
            # that one would fail first.
            print other, (n[first] >= o[1] ? "clash" : "")
        }' "$1"
}

trim() {   # without a fork: the sweep runs a lot of rows
    _t=${1#"${1%%[![:space:]]*}"}
    printf '%s\n' "${_t%"${_t##*[![:space:]]}"}"
}

ROWS=0 OK=0 KNOWN=0 FAILS=0 AMBIG=0 PROGS=""

# judge : the outcome of the run just made, as one word and a reason.
judge() {
    _status=$(status_of demo)
    _want="^$prog( \\(child\\))?: .*: $(strerror_of "$err")\$"
    case $expect in msg:*) _want=$(trim "${expect#msg:}") ;; esac
    if [ "$_status" = peer-not-ready ]; then
        echo "not-reached: the peer never printed ready:"; return
    fi
    if ! grep -q 'INJECTED' "$WORK/trace.txt" 2>/dev/null; then
        echo "not-reached the fault run never made invocation $when"; return
    fi
    # With -f each process's K-th call fails: a row whose run failed more
    # than one cannot single the demo's own call out.
    _hits=$(grep -c 'INJECTED' "$WORK/trace.txt")
    if [ "$_hits" -gt 1 ] && [ "$(status_of demo)" != 0 ]; then
        echo "ambiguous: $_hits processes had their call number $when failed"; return
    fi
    case $_status in
    124|137) echo "hang (no exit within ${RUN_SECS}s)"; return ;;
    0|1|2) ;;
    *) echo "crash (status $_status: death by signal $((_status - 128)))"; return ;;
    esac
    # A half message: a received: line with a part of a sweep message.
    if cat "$WORK"/*.out 2>/dev/null | grep -i '^received: .*sw' |
            grep -Eiqv 'sweep-(one|two)'; then
        echo "half-sent message: $(grep -hi '^received: .*sw' "$WORK"/*.out | head -n 1)"
        return
    fi
    _new=$(comm -13 "$WORK/before.txt" "$WORK/after.txt" | tr '\n' ' ')
    case $expect in keeps:*) _new='' ;; esac
    [ -z "$_new" ] || { echo "leftover after the demo: $_new"; return; }
    _end=$(tr '\n' ' ' <"$WORK/end.txt")
    case $expect in keeps:*) _end='' ;; esac
    [ -z "$_end" ] || { echo "leftover after the peer too: $_end"; return; }
    if [ "$err" = EINTR ]; then
        [ "$_status" = 0 ] && { echo "ok retried"; return; }
        echo "no-retry exit $_status: $(head -n 1 "$WORK/demo.err")"; return
    fi
    # A server that says on stdout what failed and goes on serving.
    case $expect in goes-on:*)
        _on=$(trim "${expect#goes-on:}")
        if [ "$_status" = 0 ] && grep -Eq -- "$_on" "$WORK/demo.out"; then
            echo "ok went on: $(grep -E -m 1 -- "$_on" "$WORK/demo.out")"; return
        fi
        echo "did not say /$_on/ and go on (exit $_status)"; return ;;
    esac
    case $_status in
    0) echo "silent exit 0 after the failure"; return ;;
    2) echo "wrong-status exit 2 (usage) after the failure"; return ;;
    esac
    grep -Eq -- "$_want" "$WORK/demo.err" ||
        { echo "unclear exit 1 without a line /$_want/: $(head -n 1 "$WORK/demo.err")"; return; }
    echo "ok $(grep -E -m 1 -- "$_want" "$WORK/demo.err")"
}

set -f
while IFS='|' read -r mech cmd call err filter peer expect; do
    case $mech in '#'* | '') continue ;; esac
    mech=$(trim "$mech")
    [ "$mech" = "$MECH" ] || continue
    cmd=$(trim "$cmd") call=$(trim "$call") err=$(trim "$err") peer=$(trim "$peer")
    case "$cmd $peer" in
    *@WORK@* | *@DIR@*)
        cmd=$(printf '%s\n' "$cmd" | sed "s|@WORK@|$WORK|g; s|@DIR@|$DEMO_DIR|g")
        peer=$(printf '%s\n' "$peer" | sed "s|@WORK@|$WORK|g; s|@DIR@|$DEMO_DIR|g") ;;
    esac
    filter=$(trim "$filter") expect=$(trim "$expect")
    prog=${cmd%% *}
    printf '%s\n' "$prog" | grep -Eq -- "$ONLY" || continue
    ROWS=$((ROWS + 1))
    case " $PROGS " in *" $prog "*) ;; *) PROGS="$PROGS $prog" ;; esac
    label="$prog $call $err"
    read -r t0 _ </proc/uptime
    printf 'sweep-one\nsweep-two\n' >"$WORK/sweep.txt"

    attempt "strace -f -qq -o $WORK/trace.txt -e trace=execve,$call"
    # shellcheck disable=SC2046  # two words
    set -- $(pick_invocation "$WORK/trace.txt")
    when=${1:-} follow=${2:-} clash=${3:-}
    remove_mine "$WORK/end.txt"
    if [ -z "$when" ]; then
        outcome="not-reached no $call matching /$filter/ in the dry run"
    elif [ -n "$clash" ]; then
        outcome="ambiguous: call $when is a child's or thread's, and the main process makes a call $when too"
    else
        # -f only where the invocation is a child's: strace counts per
        # process, so with -f the children's own K-th calls would fail too.
        attempt "strace $follow -qq -o $WORK/trace.txt -e trace=$call -e inject=$call:error=$err:when=$when"
        outcome=$(judge)
        remove_mine "$WORK/end.txt"
    fi
    read -r t1 _ </proc/uptime
    [ -z "${SWEEP_TIMES:-}" ] || label="$label [$(echo "$t1 - $t0" | bc)s]"
    case $expect in
    bug:*)
        if [ "${outcome%% *}" = ok ]; then
            echo "FIXED?  $label: $outcome (the table still says ${expect})"
            FAILS=$((FAILS + 1))
        else
            echo "KNOWN BUG  $label: ${expect#bug: } [$outcome]"
            KNOWN=$((KNOWN + 1))
        fi ;;
    *)
        if [ "${outcome%% *}" = ok ]; then
            echo "ok    $label: ${outcome#ok }"
            OK=$((OK + 1))
        elif [ "${outcome%%:*}" = ambiguous ]; then
            echo "AMBIGUOUS  $label (when=$when): $outcome (not counted as a failure)"
            AMBIG=$((AMBIG + 1))
        else
            echo "FAIL  $label (when=$when): $outcome"
            for _f in "$WORK"/demo.err "$WORK"/peer.err; do
                [ -s "$_f" ] && sed "s|^|    ${_f##*/}: |" "$_f" | head -n 5
            done
            FAILS=$((FAILS + 1))
        fi ;;
    esac
done <"$TABLE"

set -- $PROGS
echo "$MECH: $# programs x $ROWS calls: $OK ok, $KNOWN known bugs, $AMBIG ambiguous, $FAILS failures"
[ "$ROWS" -gt 0 ] || fail "no rows for $MECH in $TABLE"
[ "$FAILS" = 0 ] || fail "$FAILS of $ROWS fault runs misbehaved"
pass
