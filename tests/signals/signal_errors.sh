#!/bin/sh
# signal_sender's runtime errors and argument checks: a pid nobody has gives
# exit 1 and says so; a bad signal, pid, count or value gives exit 2 with
# the usage, and is found before anything is sent (the receiver gets only
# the one good signal sent at the end).
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=sig.sh
. "$TESTS/signals/sig.sh"

# Every pid is below pid_max, so pid_max itself is one no process has.
nobody=$(cat /proc/sys/kernel/pid_max)
run missing signal_sender "$nobody" USR1
expect_status missing 1
expect_err missing "no process has pid $nobody"
run missing_queue signal_sender "$nobody" RTMIN -v 1
expect_status missing_queue 1
expect_err missing_queue "no process has pid $nobody"

start receiver signal_receiver -c 1
wait_ready receiver
pid=$(ready_pid receiver)
expect_usage_error bad_name signal_sender "$pid" USR3
expect_err bad_name 'unknown signal "USR3"'
expect_usage_error bad_rt signal_sender "$pid" RTMIN+99
expect_usage_error bad_rtmax signal_sender "$pid" RTMAX-x
expect_usage_error bad_number signal_sender "$pid" 65
expect_usage_error negative_number signal_sender "$pid" -- -10
expect_usage_error bad_pid signal_sender abc USR1
expect_err bad_pid 'PID wants a number'
expect_usage_error pid_zero signal_sender 0 USR1
expect_usage_error pid_group signal_sender -- -1 USR1
expect_usage_error pid_suffix signal_sender "${pid}x" USR1
expect_usage_error no_signal signal_sender "$pid"
expect_usage_error no_args signal_sender
# `signal_sender $(pgrep -nx signal_receiver) USR1` when pgrep found nothing
expect_usage_error no_pid signal_sender USR1
expect_err no_pid 'no PID given'
expect_err no_pid 'receiver does not seem'
expect_usage_error extra_arg signal_sender "$pid" USR1 USR2
expect_usage_error count_zero signal_sender "$pid" USR1 -n 0
expect_usage_error count_word signal_sender "$pid" USR1 -n many
expect_usage_error count_huge signal_sender "$pid" USR1 -n 100001
expect_usage_error value_word signal_sender "$pid" USR1 -v x
expect_usage_error value_huge signal_sender "$pid" USR1 -v 2147483648
expect_usage_error value_overflow signal_sender "$pid" RTMIN -n 2 -v 2147483647
expect_usage_error bad_option signal_sender "$pid" USR1 -x
expect_usage_error missing_arg signal_sender "$pid" USR1 -n
run help signal_sender -h
expect_status help 0
expect_out help '^usage:'

# Not one of those sent anything: the receiver's one signal is this one.
send_signal good "$pid" USR2
finish receiver
expect_status receiver 0
expect_received receiver "SIGUSR2 from pid $(pid_of good)"
pass
