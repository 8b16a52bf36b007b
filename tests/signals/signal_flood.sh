#!/bin/sh
# A flood of 10000 real-time signals, sent with sigqueue() while the
# receiver blocks them (-b), so that on unblocking the kernel runs the
# handler 10000 times in a row before main can read a single record from
# the self-pipe. No signal may be lost without a word:
#   queued   every one is counted: the receiver ends by itself at -c 10000;
#            a received: line for each, or a warning that counts the rest.
#   limit    the receiver's RLIMIT_SIGPENDING (ulimit -i) is 100: the sender stops at the
#            first EAGAIN and says exactly how many it sent, and the
#            receiver gets exactly those.
#   signal_flood.sh queued | limit
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=sig.sh
. "$TESTS/signals/sig.sh"

FLOOD=10000

# lost_count NAME : the signals NAME's warnings say it counted without a line.
lost_count() {
    sed -n 's/^warning: the self-pipe was full: \([0-9]*\) more.*/\1/p' \
        "$WORK/$1.out" | awk '{ n += $1 } END { print n + 0 }'
}

case $1 in
queued)
    start receiver signal_receiver -b 25 -c "$FLOOD"
    wait_ready receiver
    pid=$(ready_pid receiver)
    send_signal flood "$pid" RTMIN -n "$FLOOD" -v 1
    expect_out flood "^done: sent SIGRTMIN $FLOOD times"
    mask_has "$pid" ShdPnd RTMIN || fail "SIGRTMIN is not pending after the flood"
    signal receiver ALRM
    finish receiver                     # -c 10000: it must end by itself
    expect_status receiver 0
    expect_out receiver "^got $FLOOD signals; exiting\$"
    lines=$(grep -c '^received: SIGRTMIN from pid' "$WORK/receiver.out")
    lost=$(lost_count receiver)
    [ $((lines + lost)) -eq "$FLOOD" ] ||
        fail "$lines received: lines and $lost counted in warnings, not $FLOOD"
    ;;
limit)
    # The queue is counted against the receiving process's limit (and its
    # user's count of queued signals, which other tests' signals may share:
    # so the test takes the number the sender reports, and checks that the
    # receiver got exactly that many, values 1 to that number in order).
    command -v prlimit >/dev/null || { echo "SKIP: needs prlimit"; exit 77; }
    start receiver "$(command -v prlimit)" --sigpending=100 "$BIN/signal_receiver" -b 25
    wait_ready receiver
    pid=$(ready_pid receiver)
    [ "$pid" = "$(pid_of receiver)" ] || fail "the receiver's pid is not prlimit's"
    grep -q '^SigQ:.*/100$' "/proc/$pid/status" ||
        fail "the receiver's queue limit is not 100: $(grep SigQ "/proc/$pid/status")"
    start flood signal_sender "$pid" RTMIN -n "$FLOOD" -v 1
    finish flood
    expect_status flood 1
    expect_err flood '^signal_sender: sigqueue: Resource temporarily unavailable$'
    sent=$(sed -n "s/.*: sent \([0-9]*\) of $FLOOD; .*/\1/p" "$WORK/flood.err")
    [ -n "$sent" ] || fail "the sender did not say how many of $FLOOD it sent"
    [ "$sent" -le 100 ] || fail "the sender sent $sent, over the limit of 100"
    expect_err flood "the other $((FLOOD - sent)) were not"
    signal receiver ALRM
    wait_line receiver '^delivered on unblocking:'
    signal receiver INT
    finish receiver
    expect_status receiver 0
    expect_out receiver "^delivered on unblocking: $sent signals?\$"
    seq 1 "$sent" | sed "s/^/SIGRTMIN from pid $(pid_of flood) value /" >"$WORK/want"
    expect_received_file receiver "$WORK/want"
    ;;
*)
    fail "unknown case $1"
    ;;
esac
pass
