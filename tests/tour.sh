#!/bin/sh
# tour.sh [--step] [--delay MS] [--width N] [--list] [NAME...] - the
# instructor's tour: runs each pair end to end, as a student would in two
# terminals, and shows a timeline: every side's lines in the order they were
# written, tagged with the side, and the tour's own actions ([tour] kill
# -KILL 4242 (holder)). It checks every result it shows, including that
# order (ready: before the peer starts, sending: before received:).
#
#   sh build/tour                    # everything (or: cmake --build build --target tour)
#   sh build/tour --list             # the pairs, by name
#   sh build/tour --step fifo        # one mechanism, Enter between pairs
#   sh build/tour --delay 300 tcp_server    # one pair, 0.3 s between lines
#   sh build/tour --tmux fifo        # live: two tmux panes, commands typed in
#
# NAME is a mechanism (fifo), a pair (fifo_chat) or a program in a pair.
# Two columns (terminal 1 | terminal 2) on a screen 100 columns wide or
# more, labelled lines otherwise; colour on a terminal unless NO_COLOR is
# set. Each mechanism's pairs are functions in tests/MECHANISM/tour.sh.
TESTS=${TESTS:-$(cd "$(dirname "$0")" && pwd)}
# shellcheck source=lib.sh
. "$TESTS/lib.sh"

STEP=0 DELAY=0 LIST=0 TMUX_MODE=0 WIDTH=${COLUMNS:-}
while [ $# -gt 0 ]; do
    case $1 in
    --step) STEP=1 ;;
    --delay) DELAY=${2:?--delay wants milliseconds}; shift ;;
    --width) WIDTH=${2:?--width wants a number of columns}; shift ;;
    --list) LIST=1 ;;
    --tmux) TMUX_MODE=1 ;;
    -h | --help) sed -n '2,18s/^# \{0,1\}//p' "$0"; exit 0 ;;
    -*) echo "tour.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    *) break ;;
    esac
    shift
done
[ -n "$WIDTH" ] || WIDTH=$({ stty size </dev/tty; } 2>/dev/null | cut -d' ' -f2)
case $WIDTH in '' | *[!0-9]*) WIDTH=80 ;; esac
[ "$WIDTH" -ge 40 ] || WIDTH=40
[ "$WIDTH" -le 400 ] || WIDTH=400

# --- registering pairs (tests/MECHANISM/tour.sh calls these) -------------
PAIRS_LIST=""
MECH=""
mechanism() { MECH=$1; eval "TITLE_$1=\$2"; }
pair() { PAIRS_LIST="$PAIRS_LIST
$MECH $1 $2 $3"; }

for mech in pipes fifo msgqueue shm semaphores sockets signals; do
    # shellcheck source=/dev/null
    [ -f "$TESTS/$mech/tour.sh" ] && . "$TESTS/$mech/tour.sh"
done

if [ "$LIST" = 1 ]; then
    echo "$PAIRS_LIST" | awk 'NF { $3 = ""; printf "%-11s %-18s", $1, $2;
        $1 = $2 = ""; sub(/^ +/, ""); print "(" $0 ")" }'
    exit 0
fi

# --- the timeline ----------------------------------------------------------
TIMELINE="$BIN/tour_timeline"
[ -x "$TIMELINE" ] || fail "no $TIMELINE: build first (cmake --build build)"
TL_SOCK="$WORK/tl"
[ "$TMUX_MODE" = 0 ] && "$TIMELINE" collect "$TL_SOCK" "$WORK" -w "$WIDTH" -d "$DELAY" \
    -s "$WORK/" -s "-$IPC_DEMO_TAG" &
TL_PID=$!
[ "$TMUX_MODE" = 1 ] || _poll 5 test -S "$TL_SOCK" ||
    fail "the timeline collector did not start"
SYNCS=0

tl_note() { "$TIMELINE" note "$TL_SOCK" "$1"; }
tl_plain() { "$TIMELINE" note "$TL_SOCK" "$(printf '\002')$1"; }
# tl_sync : return once the collector has shown everything sent before.
tl_sync() {
    SYNCS=$((SYNCS + 1))
    tl_note "$(printf '\001')sync $SYNCS"
    _poll 5 grep -qx "$SYNCS" "$WORK/timeline.sync" ||
        fail "the timeline collector stopped answering"
}
tl_stop() {
    [ -n "${TL_PID:-}" ] || return 0
    tl_note "$(printf '\001')quit" 2>/dev/null
    _poll 5 _dead "$TL_PID" || kill "$TL_PID" 2>/dev/null
    wait "$TL_PID" 2>/dev/null
    TL_PID=""
}
trap 'tl_stop; _cleanup' EXIT

# --- what the pairs call ---------------------------------------------------
TERMINALS=""        # the sides of the current pair, terminal 1 first

# set_terminal NAME : _term is 1 for the pair's first side, else 2.
set_terminal() {
    case " $TERMINALS " in
    *" $1 "*) ;;
    *) TERMINALS="$TERMINALS $1" ;;
    esac
    case "$TERMINALS " in " $1 "*) _term=1 ;; *) _term=2 ;; esac
}

# watch TEXT : what to look for in the pair that follows.
watch() {
    TERMINALS=""
    tl_plain ""
    tl_plain "Watch: $(printf '%s' "$1" | tr -s ' ')"
}

# show NAME... : the programs a pair ran (the summary checks every demo ran).
show() {
    for _name in "$@"; do
        sed 's/ .*//' "$WORK/$_name.cmd" >>"$WORK/tour.programs"
    done
}

# type_into NAME FD TEXT : the tour types a line into NAME's terminal.
type_into() {
    tl_note "types into $1: $3"
    printf '%s\n' "$3" >&"$2"
}

# ctrl_d NAME FD : the tour ends NAME's input (closes the driver's FD).
ctrl_d() {
    tl_note "presses Ctrl-D in $1"
    eval "exec $2>&-"
}

# Run each side through the timeline: its stdout and stderr become
# datagram sockets to the collector, which writes NAME.out and NAME.err.
start_in() {
    _name=$1 _input=$2 _prog=$(_path "$3")
    shift 3
    _cmdline "$_prog" "$@" >"$WORK/$_name.cmd"
    : >"$WORK/$_name.out"
    : >"$WORK/$_name.err"
    rm -f "$WORK/$_name.status"
    set_terminal "$_name"
    tl_note "terminal $_term \$ $(cat "$WORK/$_name.cmd")"
    "$TIMELINE" run "$TL_SOCK" "$_term" "$_name" "$_prog" "$@" <"$_input" \
        3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
    echo $! >"$WORK/$_name.pid"
    STARTED="$STARTED $_name"
}

run_in() {
    _name=$1 _input=$2 _prog=$(_path "$3")
    shift 3
    _cmdline "$_prog" "$@" >"$WORK/$_name.cmd"
    : >"$WORK/$_name.out"
    : >"$WORK/$_name.err"
    set_terminal "$_name"
    tl_note "terminal $_term \$ $(cat "$WORK/$_name.cmd")"
    timeout -k 2 "$WAIT_SECS" "$TIMELINE" run "$TL_SOCK" "$_term" "$_name" \
        "$_prog" "$@" <"$_input" 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-
    echo $? >"$WORK/$_name.status"
    tl_sync
}

finish() {
    _pid=$(pid_of "$1")
    _poll "$WAIT_SECS" _dead "$_pid" || fail "$1 did not exit within ${WAIT_SECS}s"
    wait "$_pid"
    echo $? >"$WORK/$1.status"
    tl_sync
}

signal() {
    tl_note "kill -$2 $(pid_of "$1") ($1)"
    kill -s "$2" "$(pid_of "$1")"
}

# check_order FROM : in the timeline since line FROM, where the tour waited
# for terminal 1's ready: before starting terminal 2, terminal 2's first line
# comes after it; each "received: X" comes after the "sending: X" that
# another side printed, if one did ("sending (type 1): X" counts too; the
# shared-memory writers' "sent: X" comes after the hand-off, so may follow).
check_order() {
    _t1=$(echo "$TERMINALS" | awk '{ print $1 }')
    _problem=$(tail -n "+$1" "$WORK/timeline.log" | awk -F '\t' -v t1="$_t1" '
        $1 == t1 && $2 ~ /^ready:/ && !ready { ready = NR }
        $1 == "[tour]" && $2 ~ /^terminal 2 / && !start2 { start2 = NR }
        $1 != t1 && $1 != "[tour]" && !other { other = NR; who = $1 }
        $2 ~ /^sending( \([^)]*\))?: / {
            s = $2; sub(/^[^:]*: /, "", s); if (!(s in sent)) sent[s] = NR }
        $2 ~ /^received( \([^)]*\))?: / {
            r = $2; sub(/^[^:]*: /, "", r); if (!(r in got)) got[r] = NR }
        END {
            if (ready && start2 > ready && other && other < ready)
                print who " printed before " t1 "'"'"'s ready: line"
            for (r in got)
                if ((r in sent) && sent[r] > got[r])
                    print "received: " r " came before its sending:"
        }')
    [ -z "$_problem" ] || fail "the timeline is out of order: $_problem"
}

# --- live in tmux -----------------------------------------------------------
# The instructor's terminal shows the session; this script drives it from
# the background (TOUR_TMUX_DRIVER). A test drives it detached and reads the
# panes (TOUR_TMUX_DETACHED).
if [ "$TMUX_MODE" = 1 ]; then
    TL_PID=""
    # shellcheck source=tour_tmux.sh
    . "$TESTS/tour_tmux.sh"
    if [ -z "${TOUR_TMUX_DRIVER:-}" ]; then
        tmux_session
        if [ -z "${TOUR_TMUX_DETACHED:-}" ]; then
            TOUR_TMUX_DRIVER=1 sh "$0" --tmux --delay "$DELAY" "$@" \
                >"${TMPDIR:-/tmp}/ipc-tour-$(id -u).log" 2>&1 &
            TMUX='' tm attach -t tour
            exit 0
        fi
    fi
    tmux_logs
fi

# --- the run ---------------------------------------------------------------
count=0 shown=""
tl_plain "The tour: each pair's lines in the order they were written."
[ "$WIDTH" -ge 100 ] && tl_plain "Left: terminal 1 (start it first).    Right: terminal 2."
echo "$PAIRS_LIST" >"$WORK/pairs"
while read -r p_mech p_name p_func p_progs; do
    [ -n "$p_mech" ] || continue
    if [ $# -gt 0 ]; then
        hit=0
        for want in "$@"; do
            case " $p_mech $p_name $p_progs " in *" $want "*) hit=1 ;; esac
        done
        [ "$hit" = 1 ] || continue
    fi
    case " $shown " in
    *" $p_mech "*) ;;
    *)
        shown="$shown $p_mech"
        tl_plain ""
        eval "tl_plain \"=== \$TITLE_$p_mech ===\""
        ;;
    esac
    if [ "$STEP" = 1 ]; then
        tl_sync
        printf '[Enter: %s] ' "$p_name"
        read -r _ </dev/tty || true
    fi
    from=$(($({ wc -l <"$WORK/timeline.log"; } 2>/dev/null || echo 0) + 1))
    "$p_func" </dev/null
    tl_sync
    check_order "$from"
    count=$((count + 1))
done <"$WORK/pairs"
[ "$count" -gt 0 ] || fail "no pair matches: $* (sh build/tour --list shows them)"

tl_plain ""
tl_plain "=== Summary ==="
pairs=pairs
[ "$count" != 1 ] || pairs=pair
if [ "$TMUX_MODE" = 1 ]; then
    tl_plain "Typed $count $pairs of:$shown into the two panes. They are real shells: take the keyboard."
else
    tl_plain "Ran $count $pairs of:$shown, and checked each result and the order of each timeline."
fi
# Every demo of a mechanism toured whole must have been shown running.
if [ $# -eq 0 ]; then
    for mech in $shown; do
        for file in "$TESTS/../$mech"/*.c; do
            prog=${file##*/}
            prog=${prog%.c}
            grep -qx -- "$prog" "$WORK/tour.programs" ||
                fail "the tour of $mech never ran $prog: add it to tests/$mech/tour.sh"
        done
    done
fi
# SPEC rule 2: every line a program prints fits 80 columns (split panes on
# a projector), a received: line aside.
if [ "$TMUX_MODE" = 0 ]; then
    # measured as shown: without the test's tag in the default names
    awk -F '\t' -v tag="-$IPC_DEMO_TAG" '{ t = $2; while (i = index(t, tag))
            t = substr(t, 1, i - 1) substr(t, i + length(tag)) }
        $1 != "[tour]" && t !~ /^received: / && length(t) > 80 {
            printf "  %s: %s\n", $1, t }' "$WORK/timeline.log" >"$WORK/wide"
    [ ! -s "$WORK/wide" ] ||
        fail "$(wc -l <"$WORK/wide") lines wider than 80 columns:
$(cat "$WORK/wide")"
fi
tl_plain "Run any pair yourself: two terminals, programs in build/bin, no options needed. Each mechanism has a page in docs/."
tl_stop
[ -z "${TOUR_KEEP_LOG:-}" ] || cp "$WORK/timeline.log" "$TOUR_KEEP_LOG"
