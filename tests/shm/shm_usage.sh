#!/bin/sh
# Bad command lines exit 2 with the usage and create nothing; -h prints the
# usage and exits 0. A message longer than the slot (1024 bytes) is refused
# whole, with the limit named, before anything is sent.
#   shm_usage.sh PROGRAM   (one program per test)
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=shm_lib.sh
. "$TESTS/shm/shm_lib.sh"
USAGE_OF=${1:?which program}
name="/$UNIQ-usage"
for prog in sysv_shm_reader sysv_shm_writer posix_shm_reader posix_shm_writer \
            shm_producer shm_consumer mmap_anon; do
    checks "$prog" || continue
    run help "$prog" -h
    expect_status help 0
    expect_out help '^usage:'
    expect_usage_error bad_option "$prog" -x
done
for prog in sysv_shm_reader sysv_shm_writer; do
    expect_usage_error missing_key "$prog" -k
    expect_usage_error word_key "$prog" -k abc
    expect_usage_error zero_key "$prog" -k 0
    expect_usage_error negative_key "$prog" -k -5
    expect_usage_error huge_key "$prog" -k 0x100000000
done
for prog in posix_shm_reader posix_shm_writer shm_producer shm_consumer; do
    expect_usage_error missing_name "$prog" -n
    expect_usage_error no_slash "$prog" -n "$UNIQ"
    expect_usage_error two_slashes "$prog" -n "/$UNIQ/x"
    expect_usage_error slash_only "$prog" -n /
done
expect_usage_error extra_arg sysv_shm_reader -k "$SYSV_KEY" surplus
expect_usage_error extra_arg posix_shm_reader -n "$name" surplus
expect_usage_error extra_arg shm_consumer -n "$name" surplus
expect_usage_error extra_arg shm_producer -n "$name" surplus
for bad in 0 257 abc 2x ""; do
    expect_usage_error slots shm_producer -n "$name" -s "$bad"
done
for bad in 0 -1 1000000001 abc ""; do
    expect_usage_error count shm_producer -n "$name" -c "$bad"
done
for bad in 0 -3 100000001 ten; do
    expect_usage_error number mmap_anon "$bad"
done
expect_usage_error two_numbers mmap_anon 1 2

# Too long by one byte, or two lines: refused whole, and nothing created even
# though a good message came first.
long=$(awk 'BEGIN { while (n++ < 1025) printf "y" }')
for prog in sysv_shm_writer posix_shm_writer; do
    checks "$prog" || continue
    case $prog in
        sysv_*) where="-k $SYSV_KEY" ;;
        *) where="-n $name" ;;
    esac
    # shellcheck disable=SC2086 # $where is an option and its value
    expect_usage_error too_long "$prog" $where fine "$long"
    expect_err too_long 'nothing sent: 1025 bytes; the slot holds 1024'
done
expect_usage_error newline posix_shm_writer -n "$name" "two
lines"
expect_usage_error newline sysv_shm_writer -k "$SYSV_KEY" "two
lines"
expect_no_sysv "$SYSV_KEY"
expect_no_shm "$name"
checked
pass
