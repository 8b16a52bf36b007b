#!/bin/sh
# Bad command lines exit 2 with the usage (and create nothing); -h prints
# the usage on stdout and exits 0.
#   sem_usage.sh PROGRAM   (one program per test)
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=semlib.sh
. "$TESTS/semaphores/semlib.sh"
USAGE_OF=${1:?which program}
name="/$UNIQ-sem"
long_name="/$(printf '%0300d' 0)"

for prog in sem_critical sem_alternate race_counter prodcons_threads \
            sem_named_wait sem_named_post sysv_sem_lock; do
    checks "$prog" || continue
    run help "$prog" -h
    expect_status help 0
    expect_out help '^usage:'
    expect_usage_error bad_option "$prog" -x
done

expect_usage_error t_zero sem_critical -t 0
expect_usage_error t_big sem_critical -t 65
expect_usage_error t_word sem_critical -t many
expect_usage_error t_missing sem_critical -t
expect_usage_error surplus sem_critical surplus

expect_usage_error r_zero sem_alternate -r 0
expect_usage_error r_word sem_alternate -r 5x
expect_usage_error surplus sem_alternate -r 5 surplus

expect_usage_error t_zero race_counter -t 0
expect_usage_error i_negative race_counter -i -5
expect_usage_error i_word race_counter -i 1e3
expect_usage_error long_option race_counter --safe
expect_usage_error surplus race_counter --unsafe surplus
expect_usage_error w_locked race_counter -w

expect_usage_error p_zero prodcons_threads -p 0
expect_usage_error c_big prodcons_threads -c 65
expect_usage_error n_zero prodcons_threads -n 0
expect_usage_error s_big prodcons_threads -s 1025
expect_usage_error s_word prodcons_threads -s four
expect_usage_error surplus prodcons_threads surplus

expect_usage_error no_slash sem_named_wait -n "$UNIQ-sem"
expect_usage_error two_slashes sem_named_wait -n "$name/x"
expect_usage_error only_slash sem_named_wait -n /
expect_usage_error too_long sem_named_wait -n "$long_name"
expect_usage_error c_zero sem_named_wait -n "$name" -c 0
expect_usage_error c_word sem_named_wait -n "$name" -c x
expect_usage_error surplus sem_named_wait -n "$name" surplus

expect_usage_error no_slash sem_named_post -n "$UNIQ-sem"
expect_usage_error too_long sem_named_post -n "$long_name"
expect_usage_error count_zero sem_named_post -n "$name" 0
expect_usage_error count_word sem_named_post -n "$name" x
expect_usage_error two_counts sem_named_post -n "$name" 1 2

expect_usage_error k_zero sysv_sem_lock -k 0
expect_usage_error k_word sysv_sem_lock -k key
expect_usage_error k_missing sysv_sem_lock -k
expect_usage_error s_negative sysv_sem_lock -k "$SYSV_KEY" -s -1
expect_usage_error s_big sysv_sem_lock -k "$SYSV_KEY" -s 3601
expect_usage_error surplus sysv_sem_lock -k "$SYSV_KEY" surplus

expect_gone "/dev/shm/sem.$UNIQ-sem"
expect_no_set "$SYSV_KEY"
checked
pass
