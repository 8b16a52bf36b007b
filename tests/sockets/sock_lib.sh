# tests/sockets/sock_lib.sh - what the socket drivers share, on top of
# tests/lib.sh (sourced after it; POSIX sh).

# port_of NAME : the port at the end of NAME's ready: line
# ("ready: listening on 127.0.0.1:41234" or "... [::1]:41234").
port_of() {
    ready_line "$1" | sed -n 's/.*:\([0-9][0-9]*\)$/\1/p'
}

# take_dead_port SERVER : set DEAD_PORT to a port nothing listens on: SERVER
# takes a free one with -p 0 and is stopped. (Another test could take that
# port in between, but the kernel hands ports out in turn: not in practice.)
take_dead_port() {
    start dead_port_probe "$1" -p 0
    wait_ready dead_port_probe
    DEAD_PORT=$(port_of dead_port_probe)
    signal dead_port_probe TERM
    finish dead_port_probe
    [ -n "$DEAD_PORT" ] || fail "no port in $1's ready line"
}

# make_inputs DIR CLIENTS LINES : DIR/in.1 .. DIR/in.CLIENTS, LINES lines
# each, 0 to ~1000 bytes long, every line naming its client and number, so
# a client that got another's bytes, or lines out of order, is caught.
make_inputs() {
    awk -v dir="$1" -v clients="$2" -v lines="$3" 'BEGIN {
        pad = "abcdefghijklmnopqrstuvwxyz0123456789"
        while (length(pad) < 1200) pad = pad pad
        for (c = 1; c <= clients; c++)
            for (i = 1; i <= lines; i++)
                print "client " c " line " i ": " \
                      substr(pad, 1, (i * 389 + c * 97) % 1000) > (dir "/in." c)
    }'
}

# make_framing_input FILE : lines that cannot all arrive whole in one read:
# pairs of long lines (up to the 4096-byte limit, which is included), runs
# of short ones and empty ones, so the server must join split lines and
# split joined ones.
make_framing_input() {
    awk 'BEGIN {
        pad = "0123456789abcdef"
        while (length(pad) < 4096) pad = pad pad
        for (i = 1; i <= 300; i++) {
            if (i % 3 == 0) len = 2500 + (i * 131) % 1596
            else if (i % 7 == 0) len = 0
            else len = (i * 13) % 40
            print substr("line " i " " pad, 1, len)
        }
        print substr(pad, 1, 4096)
        print "last line"
    }' >"$1"
}

# hog_stuck PID : true once PID has exited or sleeps in the kernel waiting
# for room in a socket buffer (its peer stopped reading).
hog_stuck() {
    ! alive "$1" && return 0
    case $(cat "/proc/$1/wchan" 2>/dev/null) in
    *wait_woken* | *sk_stream_wait_memory*) return 0 ;;
    esac
    return 1
}

# ready_or_exited NAME : wait (bounded) until NAME prints its ready: line or
# exits; true if it is ready. For servers that may fairly refuse to start.
ready_or_exited() {
    _poll "$WAIT_SECS" _ready_or_dead "$1"
    grep -q '^ready:' "$WORK/$1.out"
}

# expect_own_lines CLIENTS : each of client1..clientCLIENTS printed exactly
# the lines of its own input $WORK/in.N as received: lines, in order. One
# awk for all of them (150 sed/grep/diff runs cost seconds on a busy
# machine); the first client that differs gets expect_received_file's diff.
expect_own_lines() {
    _bad=$(awk -v dir="$WORK" -v clients="$1" 'BEGIN {
        for (c = 1; c <= clients; c++) {
            split("", got)
            n = 0
            while ((getline line < (dir "/client" c ".out")) > 0)
                if (substr(line, 1, 10) == "received: ")
                    got[++n] = substr(line, 11)
            m = 0
            while ((getline line < (dir "/in." c)) > 0)
                if (!(++m in got) || got[m] != line) { print c; exit }
            if (m != n) { print c; exit }
        }
    }')
    [ -z "$_bad" ] || expect_received_file "client$_bad" "$WORK/in.$_bad"
    [ -z "$_bad" ] || fail "client$_bad's lines differ"
}

# need_ipv6_loopback : skip (exit 77) unless this machine has ::1, decided
# by the kernel's list of IPv6 addresses, never by the program under test
# failing (that would hide a server that lost IPv6).
need_ipv6_loopback() {
    if ! grep -q '^00000000000000000000000000000001 ' /proc/net/if_inet6 2>/dev/null; then
        echo "SKIP: no IPv6 loopback here (no ::1 in /proc/net/if_inet6)"
        exit 77
    fi
}
