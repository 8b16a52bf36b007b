#!/bin/sh
# Bad command lines exit 2 with the usage on stderr; -h prints it on stdout
# and exits 0. Everything is checked before any socket is made.
#   usage.sh PROG
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
prog=$1
long=$(awk 'BEGIN { while (n++ < 4097) printf "x" }')

run help "$prog" -h
expect_status help 0
expect_out help '^usage:'
expect_usage_error bad_option "$prog" -x

case $prog in
tcp_server | poll_server | udp_server)
    for port in 65536 -1 abc "" 12x 99999999999999999999; do
        expect_usage_error bad_port "$prog" -p "$port"
    done
    for count in 0 -3 many; do
        expect_usage_error bad_count "$prog" -p 0 -c "$count"
    done
    expect_usage_error missing_arg "$prog" -p
    expect_usage_error extra_arg "$prog" -p 0 surplus
    ;;
tcp_client | udp_client)
    for port in 0 65536 -1 abc ""; do
        expect_usage_error bad_port "$prog" -p "$port" hello
    done
    expect_usage_error missing_arg "$prog" -a
    expect_usage_error newline "$prog" -p 1 "two
lines"
    if [ "$prog" = tcp_client ]; then
        expect_usage_error too_long "$prog" -p 1 hello "$long"
        expect_err too_long 'longer than 4096 bytes'
    else
        huge=$(awk 'BEGIN { while (n++ < 65508) printf "x" }')
        expect_usage_error too_long "$prog" -p 1 hello "$huge"
        expect_err too_long 'longer than 65507 bytes \(the UDP limit\)'
    fi
    ;;
unix_server | unix_fd_recv | unix_client)
    expect_usage_error missing_arg "$prog" -n
    path=$(awk 'BEGIN { while (n++ < 108) printf "p" }')
    expect_usage_error long_path "$prog" -n "$WORK/$path"
    expect_err long_path '1 to 107 bytes'
    case $prog in
    unix_server) expect_usage_error bad_count "$prog" -n "$WORK/s" -c 0 ;;
    unix_fd_recv) expect_usage_error extra_arg "$prog" -n "$WORK/s" surplus ;;
    unix_client) expect_usage_error too_long "$prog" -n "$WORK/s" "$long" ;;
    esac
    expect_gone "$WORK/s"
    ;;
unix_fd_send)
    expect_usage_error no_file "$prog" -n "$WORK/s"
    expect_usage_error two_files "$prog" -n "$WORK/s" "$WORK/a" "$WORK/b"
    ;;
socketpair_demo)
    expect_usage_error too_long "$prog" hello "$long"
    expect_usage_error newline "$prog" "two
lines"
    ;;
*)
    fail "unknown program $prog"
    ;;
esac
pass
