#!/bin/sh
# Bad command lines exit 2 with the usage, before any queue is created or
# anything sent; -h prints the usage on stdout and exits 0.
#   mq_usage.sh PROGRAM   (one program per test)
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=mq_lib.sh
. "$TESTS/msgqueue/mq_lib.sh"
USAGE_OF=${1:?which program}
key=$SYSV_KEY
queue="/$UNIQ-q"

for prog in sysv_mq_receiver sysv_mq_sender posix_mq_receiver posix_mq_sender posix_mq_notify; do
    checks "$prog" || continue
    run help "$prog" -h
    expect_status help 0
    expect_out help '^usage:'
    # It first says what the program shows, then the usage; 80 columns.
    head -n 1 "$WORK/help.out" | grep -qv '^usage:' ||
        fail "$prog -h starts with the usage, not with what it shows"
    expect_narrow help
    expect_usage_error bad_option "$prog" -x
done
for prog in sysv_mq_receiver sysv_mq_sender; do
    expect_usage_error missing_key "$prog" -k
    expect_usage_error key_zero "$prog" -k 0              # IPC_PRIVATE: nobody could find it
    expect_usage_error key_word "$prog" -k twelve
    expect_usage_error key_big "$prog" -k 0x100000000
    expect_usage_error type_word "$prog" -k "$key" -t one
done
expect_usage_error type_zero sysv_mq_sender -k "$key" -t 0     # a message's type is 1 or more
expect_usage_error type_negative sysv_mq_receiver -k "$key" -t -1
expect_usage_error count_zero sysv_mq_receiver -k "$key" -c 0
expect_usage_error extra_arg sysv_mq_receiver -k "$key" surplus
expect_usage_error newline sysv_mq_sender -k "$key" ok "two
lines"
for prog in posix_mq_receiver posix_mq_sender posix_mq_notify; do
    expect_usage_error missing_name "$prog" -n
    expect_usage_error no_slash "$prog" -n "$UNIQ-q"
    expect_usage_error two_slashes "$prog" -n "$queue/x"
    expect_usage_error only_slash "$prog" -n /
done
for prog in posix_mq_receiver posix_mq_notify; do
    expect_usage_error count_word "$prog" -n "$queue" -c many
    expect_usage_error count_zero "$prog" -n "$queue" -c 0
    expect_usage_error count_huge "$prog" -n "$queue" -c 99999999999999999999
    expect_usage_error extra_arg "$prog" -n "$queue" surplus
done
expect_usage_error maxmsg_zero posix_mq_receiver -n "$queue" -m 0
expect_usage_error maxmsg_huge posix_mq_receiver -n "$queue" -m 65537
expect_usage_error priority_negative posix_mq_sender -n "$queue" -P -1
expect_usage_error priority_huge posix_mq_sender -n "$queue" -P 32768
expect_usage_error newline posix_mq_sender -n "$queue" "two
lines"
expect_sysv_gone "$key"
expect_posix_gone "$queue"
checked
pass
