#!/bin/sh
# The default paths live in /tmp/ipc-demo-UID, which a program creates with
# mode 0700 and refuses if it is a symlink or someone else's. Runs as the
# user nobody (uid 65534), whose directory no other test uses.
#   fifo_private_dir.sh ok | symlink | foreign
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
dir=/tmp/ipc-demo-65534-$IPC_DEMO_TAG    # nobody's, moved by the tag as any default
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
    echo "SKIP: needs root and setpriv to act as nobody"; exit 77
fi
if [ -e "$dir" ] || [ -L "$dir" ]; then
    echo "SKIP: $dir already exists"; exit 77
fi
trap 'rm -rf "$dir"; _cleanup' EXIT
as_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
chmod 755 "$WORK"                     # nobody must reach its wrapper
printf '#!/bin/sh\nexec %s "$@"\n' "$as_nobody" >"$WORK/as_nobody"
chmod 755 "$WORK/as_nobody"

case $1 in
ok)
    start reader "$WORK/as_nobody" "$BIN/fifo_reader"
    wait_ready reader
    [ "$(stat -c '%a %u' "$dir")" = "700 65534" ] || fail "$dir is not 0700 and nobody's"
    run writer "$WORK/as_nobody" "$BIN/fifo_writer" "from nobody"
    finish reader
    expect_status reader 0
    expect_received reader "from nobody"
    expect_gone "$dir/fifo"
    ;;
symlink | foreign)
    if [ "$1" = symlink ]; then
        mkdir "$WORK/trap" && ln -s "$WORK/trap" "$dir"
    else
        mkdir -m 700 "$dir"           # root's, not nobody's
    fi
    run reader "$WORK/as_nobody" "$BIN/fifo_reader"
    expect_status reader 1
    expect_err reader 'refusing to use it'
    [ -z "$(ls -A "$dir")" ] || fail "something was created in $dir"
    ;;
esac
pass
