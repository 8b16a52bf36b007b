#!/bin/sh
# pipe_capacity: PIPE_BUF is 4096 and a new pipe holds 65536 bytes (Linux's
# defaults); -s changes the capacity, rounded up to a power-of-two number of
# pages; more than /proc/sys/fs/pipe-max-size needs CAP_SYS_RESOURCE.
#   pipe_capacity.sh default | resize | over-max
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"

# expect_capacities NAME BYTES... : NAME's "capacity:" lines, in order.
expect_capacities() {
    _name=$1
    shift
    for _bytes in "$@"; do echo "capacity: $_bytes bytes"; done >"$WORK/expected.txt"
    grep '^capacity:' "$WORK/$_name.out" >"$WORK/got.txt"
    diff -u "$WORK/expected.txt" "$WORK/got.txt" >"$WORK/diff.txt" ||
        fail "$_name's capacity: lines differ (- expected, + got):
$(cat "$WORK/diff.txt")"
}

case $1 in
default)
    run cap pipe_capacity
    expect_status cap 0
    expect_out cap '^PIPE_BUF: 4096$'
    expect_capacities cap 65536
    ;;
resize)
    for case in 1:4096 4096:4096 100000:131072 1048576:1048576; do
        run cap pipe_capacity -s "${case%:*}"
        expect_status cap 0
        expect_out cap '^PIPE_BUF: 4096$'
        expect_capacities cap 65536 "${case#*:}"
    done
    ;;
over-max)
    max=$(cat /proc/sys/fs/pipe-max-size)
    run cap pipe_capacity -s $((max * 2))
    if [ "$(status_of cap)" = 0 ]; then
        # Allowed only with CAP_SYS_RESOURCE: then it must have worked.
        expect_capacities cap 65536 $((max * 2))
    else
        expect_status cap 1
        expect_err cap "^pipe_capacity: F_SETPIPE_SZ $((max * 2)): Operation not permitted"
        expect_err cap "the most is $max \\(sysctl fs.pipe-max-size\\)"
    fi
    ;;
*)
    fail "unknown case $1"
    ;;
esac
pass
