#!/bin/sh
# Default socket paths live in /tmp/ipc-demo-UID, which each program makes
# with mode 0700 and refuses to use if someone else made it first (a trap:
# a socket there could be listening to what we send). Here root makes
# nobody's directory; every Unix-socket program run as nobody refuses it.
# shellcheck source=../lib.sh
. "$TESTS/lib.sh"
if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null; then
    echo "SKIP: needs root and setpriv to act as another user"
    exit 77
fi
as_nobody="setpriv --reuid=nobody --regid=nogroup --clear-groups"
# A tag of our own moves the default directory aside (ipc-demo-UID-TAG), so
# a directory that nobody's own demos (or another test) left is never ours.
IPC_DEMO_TAG="private-dir-$$"
export IPC_DEMO_TAG
trap_dir="/tmp/ipc-demo-$($as_nobody id -u)-$IPC_DEMO_TAG"
if [ -e "$trap_dir" ] || [ -L "$trap_dir" ]; then
    echo "SKIP: $trap_dir already exists; not touching it"
    exit 77
fi
mkdir -m 0755 "$trap_dir" || fail "cannot make $trap_dir"
trap 'rm -rf "$trap_dir"; _cleanup' EXIT
chmod 0711 "$WORK"
setpriv="$(command -v setpriv)"
for prog in unix_server unix_client unix_fd_recv unix_fd_send; do
    case $prog in
    unix_client) set -- hello ;;
    unix_fd_send) set -- /etc/hostname ;;
    *) set -- ;;
    esac
    run "$prog" "$setpriv" --reuid=nobody --regid=nogroup --clear-groups "$BIN/$prog" "$@"
    expect_status "$prog" 1
    expect_err "$prog" "$trap_dir is a symlink, another user's, or open to others; refusing"
done
[ -z "$(ls -A "$trap_dir")" ] || fail "something was created in $trap_dir"
pass
