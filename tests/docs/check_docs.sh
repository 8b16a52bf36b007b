#!/bin/sh
# check_docs.sh PAGE.md - replays the walkthroughs of a doc page and checks
# that the programs still print what the page shows.
#
# Which blocks are checked is said by the fence's info string, which a doc
# reader does not see:
#   ```console             commands ("$ " lines) run one after the other;
#                          the lines after each are the output shown
#   ```console terminal-1  the side that prints "ready:" (one command),
#   ```console terminal-2  then the other side's commands (and terminal-3's),
#                          replayed as the pair tests run them: terminal 1 in
#                          the background, wait for its ready: line, run the
#                          others, wait for terminal 1 to end (SIGINT after
#                          a few seconds if it does not, unless it was given
#                          -c: then it must end by itself).
# Every command must exit 0, as a reader sees it: a page that shows a
# failure writes `cmd || echo "exit status $?"`, and that line is compared.
# A default name spelled out in a command (ipc-demo-$(id -u)) gets the
# test's tag, as the programs' own defaults do (see tests/lib.sh).
# `$(pgrep -nx PROG)` in a later command stands for terminal 1's PROG: the
# replay puts in that program's pid, never a receiver the user is running.
# Other blocks (sh, text) are not run.
#
# What is compared: the lines that start with one of the stable prefixes
# below, in order, for each command, with "pid N" for any process id.
# Narration (pids, paths) is not.
#
# Commands run in a scratch directory that holds links to the source tree's
# top-level entries and `build` -> the build tree, so `./build/bin/NAME` and
# `docs/...` work as they do for a reader at the top of the tree.
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"

page=$1
src=$(cd "$TESTS/.." && pwd)
[ -f "$page" ] || fail "no page $page"
PREFIXES='^(exit status|received:|result:|error:|acquired|lock acquired|lock released|counter:|records:|produced:|consumed:)'
ERR_PREFIX="^($(cd "$BIN" && find . -type f -perm -u+x | sed 's,^\./,,' | paste -sd '|' -)): "
T1_GRACE=${T1_GRACE:-5}

root="$WORK/root"
mkdir "$root"
for entry in "$src"/* "$src"/.[!.]*; do
    [ -e "$entry" ] || continue
    [ "${entry##*/}" = build ] || ln -s "$entry" "$root/${entry##*/}"
done
ln -s "$(cd "$BIN/.." && pwd)" "$root/build"
cd "$root" || fail "cannot enter $root"

# Split the page into records: "B kind" (a new block), "C command", "O output".
awk '
    /^```console( terminal-[1-9])?[ \t]*$/ {
        inblock = 1; kind = ($2 == "") ? "single" : $2; print "B " kind; next
    }
    /^```/ && inblock { inblock = 0; next }
    inblock && /^\$ / { print "C " substr($0, 3); next }
    inblock { print "O " $0 }
' "$page" >"$WORK/records"

checked=0

# expected_of N: the stable lines shown for command N; actual_of N: printed.
# Process ids differ from run to run: "pid 1234" compares as "pid N".
expected_of() {
    sed -n "s/^O //p" "$WORK/cmd$1.shown" | grep -E "$PREFIXES" | sed -E 's/pid [0-9]+/pid N/g'
}
actual_of() {
    cat "$WORK/cmd$1.out" "$WORK/cmd$1.err" | grep -E "$PREFIXES" | sed -E 's/pid [0-9]+/pid N/g'
}
# The same for the lines that start with a program's name ("PROG: why",
# mostly on stderr): compared apart (a terminal shows both streams, but two
# files do not keep their order, so sorted: ipc_bench shuffles its rows),
# without the test's tag, pids and ports.
expected_err_of() {
    sed -n "s/^O //p" "$WORK/cmd$1.shown" | grep -E "$ERR_PREFIX" | _plain | sort
}
actual_err_of() { cat "$WORK/cmd$1.out" "$WORK/cmd$1.err" | grep -E "$ERR_PREFIX" | _plain | sort; }
_plain() { sed -E "s/pid [0-9]+/pid N/g; s/-$IPC_DEMO_TAG//g; s/port [0-9]+/port N/g"; }

compare() {
    expected_of "$1" >"$WORK/want"
    actual_of "$1" >"$WORK/got"
    if ! diff -u "$WORK/want" "$WORK/got" >"$WORK/diff"; then
        fail "$page: \`$(cat "$WORK/cmd$1.text")\` no longer prints what the page shows (- page, + real):
$(cat "$WORK/diff")"
    fi
    expected_err_of "$1" >"$WORK/want"
    actual_err_of "$1" >"$WORK/got"
    if ! diff -u "$WORK/want" "$WORK/got" >"$WORK/diff"; then
        fail "$page: \`$(cat "$WORK/cmd$1.text")\` no longer says on stderr what the page shows (- page, + real):
$(cat "$WORK/diff")"
    fi
    checked=$((checked + 1))
}

# shellcheck disable=SC2317  # called through _poll
_t1_done() {
    ! alive "$(pid_of cmd1)" ||
        [ "$(actual_of 1 | wc -l)" -ge "$(expected_of 1 | wc -l)" ]
}

# Run the pending group: a lone console block, or terminal-1 + others.
n=0
flush_group() {
    [ "$n" -gt 0 ] || return 0
    i=1
    if [ "$(cat "$WORK/cmd1.kind")" = terminal-1 ]; then
        # exec: the signal below must reach the program, not a shell.
        start cmd1 /bin/sh -c "exec $(sed "s/ipc-demo-\$(id -u)/ipc-demo-\$(id -u)-$IPC_DEMO_TAG/g" "$WORK/cmd1.text")"
        wait_ready cmd1
        i=2
    fi
    t1_prog=$(sed 's/[[:space:]].*//; s,.*/,,' "$WORK/cmd1.text")
    while [ "$i" -le "$n" ]; do
        # A default name the page spells out moves with the test's tag.
        _cmd=$(sed "s/ipc-demo-\$(id -u)/ipc-demo-\$(id -u)-$IPC_DEMO_TAG/g" "$WORK/cmd$i.text")
        [ "$i" -gt 1 ] && [ -f "$WORK/cmd1.pid" ] &&
            _cmd=$(printf '%s\n' "$_cmd" |
                   sed "s/\$(pgrep -nx $t1_prog)/$(pid_of cmd1)/g")
        run "cmd$i" /bin/sh -c "$_cmd"
        i=$((i + 1))
    done
    if [ "$(cat "$WORK/cmd1.kind")" = terminal-1 ]; then
        if grep -Eq -- ' -c [0-9]' "$WORK/cmd1.text"; then
            # Given -c, it ends by itself: waiting for one too many is a bug.
            _poll "$T1_GRACE" _dead "$(pid_of cmd1)" ||
                fail "$page: \`$(cat "$WORK/cmd1.text")\` was given -c but was still running ${T1_GRACE}s after the last command"
        else
            # Without -c it runs until Ctrl-C: once it has printed every
            # line the page shows (or after T1_GRACE s), send it one.
            _poll "$T1_GRACE" _t1_done || true
            alive "$(pid_of cmd1)" && signal cmd1 INT
        fi
        finish cmd1
    fi
    i=1
    while [ "$i" -le "$n" ]; do
        compare "$i"
        [ "$(status_of "cmd$i")" = 0 ] ||
            fail "$page: \`$(cat "$WORK/cmd$i.text")\` exited with status $(status_of "cmd$i"); a page shows a failure as \`... || echo \"exit status \$?\"\`"
        i=$((i + 1))
    done
    rm -f "$WORK"/cmd*
    STARTED=""                  # all reaped above
    n=0
}

kind=single
while IFS= read -r record; do
    tag=${record%% *}
    text=${record#? }
    case $tag in
    B)
        # A terminal-2/3 block continues the group its terminal-1 opened.
        case $text in terminal-[2-9]) ;; *) flush_group ;; esac
        kind=$text
        ;;
    C)
        n=$((n + 1))
        printf '%s\n' "$text" >"$WORK/cmd$n.text"
        printf '%s\n' "$kind" >"$WORK/cmd$n.kind"
        : >"$WORK/cmd$n.shown"
        ;;
    O)
        [ "$n" -gt 0 ] && printf 'O %s\n' "$text" >>"$WORK/cmd$n.shown"
        ;;
    esac
done <"$WORK/records"
flush_group
echo "$page: $checked commands replayed, all print what the page shows"
pass
