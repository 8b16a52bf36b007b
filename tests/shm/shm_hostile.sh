#!/bin/sh
# What a mailbox pair does with objects it should not trust, or that nobody
# needs: refuses System V and POSIX objects another user made first (run as
# nobody here), an empty one too; fails, not exit 0, on a corrupt length planted in the slot;
# and a writer that made the objects and sent nothing removes them.
#   shm_hostile.sh foreign-sysv|foreign-posix|squatted-empty|corrupt-sysv
#   shm_hostile.sh nothing-eof|nothing-int sysv|posix
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
# shellcheck source=shm_lib.sh
. "$TESTS/shm/shm_lib.sh"
name="/$UNIQ-shm"
case ${2:-} in
sysv)  set -- "$1" -k "$SYSV_KEY" ;;
posix) set -- "$1" -n "$name" ;;
esac
case_=$1
shift

# as_nobody NAME PROG ARGS... : start PROG as user nobody.
as_nobody() {
    _who=$1 _prog=$2
    shift 2
    start "$_who" "$(command -v setpriv)" --reuid=nobody --regid=nogroup --clear-groups \
        "$BIN/$_prog" "$@"
}
need_nobody() {
    if ! setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
        echo "SKIP: cannot run a command as nobody (setpriv)"
        exit 77
    fi
}

case $case_ in
foreign-sysv)
    # nobody's reader made segment and set first; ours refuse both, and
    # nobody's writer cannot use ours (mode 0600) either.
    need_nobody
    as_nobody squatter sysv_shm_reader -k "$SYSV_KEY"
    wait_ready squatter
    run writer sysv_shm_writer -k "$SYSV_KEY" secret
    expect_status writer 1
    expect_err writer "(segment|semaphore set) 0x[0-9a-f]+ is uid [0-9]+'s, mode 0600, not yours alone; refusing it"
    expect_no_out writer '^sent:'
    run reader sysv_shm_reader -k "$SYSV_KEY"
    expect_status reader 1
    expect_err reader 'not yours alone; refusing it'
    signal squatter INT
    finish squatter
    expect_status squatter 0
    expect_no_out squatter '^received:'
    expect_no_sysv "$SYSV_KEY"
    start reader sysv_shm_reader -k "$SYSV_KEY"
    wait_ready reader
    as_nobody spy sysv_shm_writer -k "$SYSV_KEY" hello
    finish spy
    expect_status spy 1
    expect_err spy 'shmget.*Permission denied'
    signal reader INT
    finish reader
    expect_status reader 0
    expect_no_sysv "$SYSV_KEY"
    ;;
foreign-posix)
    need_nobody
    as_nobody squatter posix_shm_reader -n "$name"
    wait_ready squatter
    run writer posix_shm_writer -n "$name" secret
    expect_status writer 1
    expect_err writer "$name is uid [0-9]+'s, mode 0600, not yours alone; refusing it"
    expect_no_out writer '^sent:'
    signal squatter INT
    finish squatter
    expect_status squatter 0
    expect_no_shm "$name"
    ;;
squatted-empty)
    # Another user made the name first and never sized it: refused for
    # whose it is, at once, not "never initialised" after the 5 s wait.
    need_nobody
    # shellcheck disable=SC2016 # $1 is the inner shell's
    setpriv --reuid=nobody --regid=nogroup --clear-groups \
        sh -c 'umask 0; : >"/dev/shm/$1"' sh "${name#/}"
    run writer posix_shm_writer -n "$name" secret
    run producer shm_producer -n "$name" -c 1
    rm -f "/dev/shm/${name#/}"          # before any verdict: never left behind
    for who in writer producer; do
        expect_status "$who" 1
        expect_err "$who" "$name is uid [0-9]+'s, mode 0666, not yours alone; refusing it"
    done
    ;;
corrupt-sysv)
    # The writer leaves "kept" in the slot and waits for its next line;
    # through /proc/PID/mem we then overwrite the slot's length (its first
    # field) with 0xffff...: the reader must refuse it and exit 1.
    if [ -n "$IPC_WRAP" ]; then echo "SKIP: needs the writer's own pid"; exit 77; fi
    mkfifo "$WORK/lines"
    start_in writer "$WORK/lines" sysv_shm_writer -k "$SYSV_KEY"
    exec 3>"$WORK/lines"
    echo kept >&3
    wait_line writer '^sent: kept$'
    seg=$(printf '/SYSV%08x' "$SYSV_KEY")
    addr=$(awk -v seg="$seg" '$6 == seg { split($1, r, "-"); print r[1] }' \
           "/proc/$(pid_of writer)/maps")
    [ -n "$addr" ] || fail "no mapping of $seg in the writer's /proc/PID/maps"
    printf '\377\377\377\377\377\377\377\377' |
        dd of="/proc/$(pid_of writer)/mem" bs=1 seek=$((0x$addr)) conv=notrunc \
           status=none 2>"$WORK/dd.err" || fail "cannot write the writer's memory"
    start reader sysv_shm_reader -k "$SYSV_KEY"
    finish reader
    exec 3>&-
    finish writer
    expect_status reader 1
    expect_err reader 'corrupt message length [0-9]+ \(the slot holds 1024\)'
    expect_no_out reader '^received:'
    expect_status writer 0
    expect_no_sysv "$SYSV_KEY"
    ;;
nothing-eof | nothing-int)
    # A writer started first that sends nothing (end of input at once, or
    # Ctrl-C while it waits for a line) removes what it made.
    writer=sysv_shm_writer
    [ "$1" = -n ] && writer=posix_shm_writer
    mkfifo "$WORK/lines"
    start_in writer "$WORK/lines" "$writer" "$@"
    exec 3>"$WORK/lines"
    wait_line writer '^no messages given'
    if [ "$case_" = nothing-int ]; then signal writer INT; else exec 3>&-; fi
    finish writer
    exec 3>&-
    expect_status writer 0
    expect_out writer '^(interrupted: )?removed .*nothing sent, no reader came$'
    case $case_ in nothing-int) expect_out writer '^interrupted: removed' ;; esac
    if [ "$1" = -n ]; then expect_no_shm "$name"; else expect_no_sysv "$SYSV_KEY"; fi
    ;;
*)
    fail "unknown case $case_"
    ;;
esac
pass
