# The signals part of the tour (sourced by tests/tour.sh). Default options,
# as a student would type the commands; the pid comes from the ready: line.
# shellcheck source=sig.sh
. "$TESTS/signals/sig.sh"
mechanism signals "signals/: asynchronous notification"

pair_signal_receiver() {
    watch "the receiver prints its pid in ready:; each signal arrives as \
    'received: NAME from pid P', the sender's pid; sigqueue() (-v) adds a value."
    start receiver signal_receiver -c 3
    wait_ready receiver
    pid=$(ready_pid receiver)
    send_signal sender1 "$pid" USR1
    wait_line receiver '^received: SIGUSR1'
    send_signal sender2 "$pid" SIGUSR2 -v 42
    wait_line receiver '^received: SIGUSR2'
    send_signal sender3 "$pid" RTMIN+3
    finish receiver
    expect_status receiver 0
    expect_received receiver "SIGUSR1 from pid $(pid_of sender1)" \
        "SIGUSR2 from pid $(pid_of sender2) value 42" "SIGRTMIN+3 from pid $(pid_of sender3)"
    show receiver sender1 sender2 sender3
}
pair signal_receiver pair_signal_receiver "signal_receiver"

pair_signal_receiver_2() {
    watch "with -b the receiver blocks its signals before ready:. 5 x SIGUSR1 and \
    5 x SIGRTMIN wait as pending; then the tour sends SIGALRM (kill -ALRM PID) \
    to end the blocked period: the standard signal arrives ONCE, the real-time \
    one FIVE times, in order (values 1..5)."
    start receiver signal_receiver -b 30 -c 6
    wait_ready receiver
    pid=$(ready_pid receiver)
    send_signal sender1 "$pid" USR1 -n 5
    send_signal sender2 "$pid" RTMIN -n 5 -v 1
    signal receiver ALRM
    finish receiver
    expect_status receiver 0
    expect_out receiver '^delivered on unblocking: 6 signals'
    show receiver sender1 sender2
}
pair signal_receiver-2 pair_signal_receiver_2 "signal_receiver"

pair_sigchld_reaper() {
    watch "each child ends at its own time; one SIGCHLD may stand for several, \
    so the handler reaps in a loop; every third child is killed by SIGTERM."
    run reaper sigchld_reaper 5
    expect_status reaper 0
    expect_out reaper '^all 5 children reaped'
    show reaper
}
pair sigchld_reaper pair_sigchld_reaper "sigchld_reaper"

pair_signal_fd() {
    watch "signal_fd has no handler at all: it blocks the signals and reads them \
    from a file descriptor in a poll() loop, as data."
    start signalfd signal_fd -c 2
    wait_ready signalfd
    pid=$(ready_pid signalfd)
    send_signal sender1 "$pid" USR1
    wait_line signalfd '^received: SIGUSR1'
    send_signal sender2 "$pid" RTMIN -v 7
    finish signalfd
    expect_status signalfd 0
    expect_received signalfd "SIGUSR1 from pid $(pid_of sender1)" \
        "SIGRTMIN from pid $(pid_of sender2) value 7"
    show signalfd sender1 sender2
}
pair signal_fd pair_signal_fd "signal_fd"
