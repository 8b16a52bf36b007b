# tour_tmux.sh - the tour live in two real terminals (sourced by tour.sh for
# --tmux). A tmux session with one pane per side; each side's command is
# typed into its pane's shell, as a student would, and the instructor may
# take over the keyboard at any point. The pair functions are the same as
# for the timeline: the helpers below type instead of running, and read a
# side's output back from its pane (tmux pipe-pane), so wait_ready paces the
# typing. Checks of exact results stay with the timeline tour and the tests;
# here a pair's lines are in the panes for the class to read.
# shellcheck disable=SC2034,SC2154  # TERMINALS, _term: tour.sh's
TMUX_SOCKET=${TOUR_TMUX_SOCKET:-ipc-tour}
TMUX_DELAY=${DELAY:-0}
[ "$TMUX_DELAY" -gt 0 ] || TMUX_DELAY=700
# A server of its own, never the user's: a name, or a path (-S) for tests.
tm() {
    case $TMUX_SOCKET in
    */*) tmux -S "$TMUX_SOCKET" "$@" ;;
    *) tmux -L "$TMUX_SOCKET" "$@" ;;
    esac
}

# A pane per terminal, its shell's prompt showing the last exit status.
tmux_session() {
    command -v tmux >/dev/null ||
        { echo "tour.sh --tmux needs tmux: apt-get install tmux" >&2; exit 77; }
    tm kill-session -t tour 2>/dev/null
    # Default names, as the class would type them; a test (detached) keeps
    # its tag, so it never touches a pair the user runs.
    _env="env -u IPC_DEMO_TAG"
    [ -z "${TOUR_TMUX_DETACHED:-}" ] || _env="env IPC_DEMO_TAG=$IPC_DEMO_TAG"
    _shell="$_env PATH='$BIN':\"\$PATH\" PS1='[\$?] \$ ' sh"
    tm new-session -d -s tour -x 200 -y 50 -c "$WORK" "$_shell" ||
        fail "tmux could not start a session"
    tm split-window -h -t tour -c "$WORK" "$_shell"
    tm select-layout -t tour even-horizontal
    tm set -t tour pane-border-status top
    tm select-pane -t tour.0 -T "terminal 1"
    tm select-pane -t tour.1 -T "terminal 2"
    # Below both, full width: what to watch in the pair that runs.
    TOUR_NOTES=$(mktemp "${TMPDIR:-/tmp}/ipc-tour-notes.XXXXXX") || exit 1
    export TOUR_NOTES
    # shellcheck disable=SC2016  # $1 is the inner shell's
    tm split-window -v -f -l 8 -t tour sh -c \
        'trap "rm -f \"\$1\"; exit" HUP TERM; tail -n 6 -f "$1" & wait' sh "$TOUR_NOTES"
    tm select-pane -t tour.2 -T "what to watch"
    tm select-pane -t tour.0
}

# The driver reads each pane's output from a log of its own.
tmux_logs() {
    for _p in 1 2; do
        tm display -p -t "tour.$((_p - 1))" '#{pane_id}' >"$WORK/pane$_p.id"
        : >"$WORK/pane$_p.log"
        tm pipe-pane -t "$(cat "$WORK/pane$_p.id")" -o "cat >>'$WORK/pane$_p.log'"
    done
}

pause() { sleep "$(awk -v ms="$TMUX_DELAY" 'BEGIN { printf "%.3f", ms / 1000 }')"; }
pane_of() { cat "$WORK/pane$(cat "$WORK/$1.term").id"; }

# NAME.out: what NAME's pane printed since its command was typed.
_refresh() {
    [ -f "$WORK/$1.term" ] || return 0
    _log="$WORK/pane$(cat "$WORK/$1.term").log"
    tail -c "+$(($(cat "$WORK/$1.offset") + 1))" "$_log" | tr -d '\r' |
        sed 's/\x1b\[[0-9;?]*[A-Za-z]//g' >"$WORK/$1.out"
    cp "$WORK/$1.out" "$WORK/$1.err"
}
_has_line() { _refresh "$1"; grep -Eq -- "$2" "$WORK/$1.out" 2>/dev/null; }

# _idle PANE : its shell is back at the prompt (no command running).
_idle() {
    case $(tm display -p -t "$1" '#{pane_current_command}') in
    sh | dash | bash) return 0 ;;
    esac
    return 1
}

# _done NAME : the shell printed its next prompt after NAME's command.
_done() { _refresh "$1"; grep -q '^\[[0-9]*\] \$' "$WORK/$1.out"; }
_running_or_done() { pgrep -P "$1" >/dev/null || _done "$2"; }

_type() {
    _name=$1 _input=$2 _prog=$3
    shift 3
    _cmdline "$_prog" "$@" >"$WORK/$_name.cmd"
    set_terminal "$_name"
    echo "$_term" >"$WORK/$_name.term"
    _pane=$(pane_of "$_name")
    _poll "$WAIT_SECS" _idle "$_pane" || fail "terminal $_term is still busy"
    wc -c <"$WORK/pane$_term.log" >"$WORK/$_name.offset"
    pause
    tm send-keys -t "$_pane" -l "$(cat "$WORK/$_name.cmd")"
    tm send-keys -t "$_pane" Enter
    # The program's pid: the shell's child, once it runs.
    _shell=$(tm display -p -t "$_pane" '#{pane_pid}')
    _poll 5 _running_or_done "$_shell" "$_name" || true
    pgrep -n -P "$_shell" >"$WORK/$_name.pid" || echo 0 >"$WORK/$_name.pid"
    case $_input in
    /dev/null) ;;
    *)  # a file of typed lines: type them, then Ctrl-D; a FIFO: the pair
        # function types into it (type_into), so drain it here.
        if [ -p "$_input" ]; then
            cat "$_input" >/dev/null &
        else
            while IFS= read -r _line; do
                pause
                tm send-keys -t "$_pane" -l "$_line"
                tm send-keys -t "$_pane" Enter
            done <"$_input"
            tm send-keys -t "$_pane" C-d
        fi ;;
    esac
}

start_in() { _type "$@"; }
run_in() {
    _type "$@"
    finish "$1"
}
finish() {
    _poll "$WAIT_SECS" _done "$1" || fail "$1 did not exit within ${WAIT_SECS}s"
    # the prompt after it, [STATUS] $, holds its exit status
    sed -n 's/^\[\([0-9]*\)\] \$.*/\1/p' "$WORK/$1.out" | tail -n 1 >"$WORK/$1.status"
}
signal() {
    case $2 in
    INT) tm send-keys -t "$(pane_of "$1")" C-c ;;
    *) kill -s "$2" "$(pid_of "$1")" ;;
    esac
}
type_into() {
    pause
    tm send-keys -t "$(pane_of "$1")" -l "$3"
    tm send-keys -t "$(pane_of "$1")" Enter
}
ctrl_d() {
    pause
    tm send-keys -t "$(pane_of "$1")" C-d
    eval "exec $2>&-"
}
watch() {
    TERMINALS=""
    tl_plain ""
    tl_plain "Watch: $(printf '%s' "$1" | tr -s ' ')"
}
tl_note() { :; }
tl_plain() { printf '%s\n' "$1" | fold -s -w 80 | tee -a "$TOUR_NOTES"; }
tl_sync() { :; }
check_order() { :; }
for _f in expect_status expect_received expect_received_file expect_out \
          expect_err expect_no_out expect_gone; do
    eval "$_f() { :; }"
done
