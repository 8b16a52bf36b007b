#!/bin/sh
# exercises/grade.sh - the grader: builds your exercise.c files and runs each
# exercise's check, which starts the programs and watches what they do.
#
#   sh exercises/grade.sh              every exercise
#   sh exercises/grade.sh 03 05        only these
#   sh exercises/grade.sh --dir PATH   grade another copy of exercises/
#                                      (or of the whole suite)
#   sh exercises/grade.sh -v 03        also show all the check saw
#   sh exercises/grade.sh --solutions  grade the reference solutions
#                                      (exercises/solutions/NN_slug.c)
#   sh exercises/grade.sh --class DIR  an instructor's run: DIR holds one
#                                      directory per student (their copy of
#                                      exercises/, or of the whole suite);
#                                      one summary line each
#
# It needs the suite built (the checks start its programs as partners):
#   cmake -S . -B build && cmake --build build
# BIN=... points it at another build's bin/; CC=clang picks the compiler.
# Exit status: 0 all graded exercises solved, 1 some not yet, 2 bad usage
# or no build.
set -u
here=$(cd "${0%/*}" && pwd) || exit 2
root=${here%/*}
BIN=${BIN:-$root/build/bin}
CC=${CC:-cc}
export BIN
TESTS=$root/tests
export TESTS

usage() {
    sed -n '2,22s/^# \{0,1\}//p' "$0" >&2
    exit 2
}

dir=$here class="" verbose=0 solutions=0
while [ $# -gt 0 ]; do
    case $1 in
    --dir) [ $# -ge 2 ] || usage; dir=$2; shift 2 ;;
    --class) [ $# -ge 2 ] || usage; class=$2; shift 2 ;;
    -v) verbose=1; shift ;;
    --solutions) solutions=1; shift ;;
    -h | --help) sed -n '2,22s/^# \{0,1\}//p' "$0"; exit 0 ;;
    -*) usage ;;
    *) break ;;
    esac
done

if [ ! -x "$BIN/pipe_basic" ]; then
    echo "grade.sh: the suite is not built ($BIN/pipe_basic is missing); build it first:" >&2
    echo "  cmake -S . -B build && cmake --build build" >&2
    exit 2
fi

# The exercises, in course order: every NN_slug directory with a check.
all=
for d in "$here"/[0-9][0-9]_*/; do
    [ -f "$d/check.sh" ] && all="$all ${d%/}"
done
chosen=
if [ $# -eq 0 ]; then
    chosen=$all
else
    for want in "$@"; do
        case $want in [0-9]) want=0$want ;; esac
        found=
        for d in $all; do
            case ${d##*/} in "$want" | "$want"_*) found=$d ;; esac
        done
        [ -n "$found" ] || { echo "grade.sh: no exercise '$want'" >&2; usage; }
        chosen="$chosen $found"
    done
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ipc-grade.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP

# column LABEL TEXT : LABEL in a 20-column margin, TEXT folded to fit 80
# columns (a terminal or a projector), its later lines under its first.
column() {
    printf '%s\n' "$2" | fold -s -w 59 | sed 's/ *$//' |
        awk -v label="$1" '{ printf "%-20s %s\n", NR == 1 ? label : "", $0 }'
}

# grade_one EXDIR STUDENT_DIR : prints the verdict lines; returns 0 if solved.
grade_one() {
    slug=${1##*/}
    src=$2/$slug/exercise.c
    [ "$solutions" = 0 ] || src=$here/solutions/$slug.c
    out=$tmp/$slug
    label=$(printf '%s %s' "${slug%%_*}" "${slug#*_}")
    if [ ! -f "$src" ]; then
        verdict="not yet: there is no $src"
    elif ! "$CC" -std=c11 -Wall -Wextra -I"$root/include" -pthread "$src" -o "$out" \
        >"$tmp/cc.txt" 2>&1; then
        verdict="not yet: does not compile:
$(grep -m 3 'error' "$tmp/cc.txt" | sed 's/^/      /')"
    else
        BIN=$BIN TESTS=$TESTS timeout -k 5 120 sh "$1/check.sh" "$out" \
            </dev/null >"$tmp/check.out" 2>"$tmp/check.err"
        rc=$?
        line=$(grep -m 1 -E '^(solved|not yet|cannot check)' "$tmp/check.out")
        [ -n "$line" ] || line=$(sed -n 's/^FAIL: /not yet: /p' "$tmp/check.out" | head -n 1)
        case $rc in
        0) verdict=solved ;;
        77) verdict="skipped: ${line:-this machine cannot check it}" ;;
        *) verdict=${line:-"not yet: the check failed (status $rc)"}
           case $verdict in "not yet:"*) ;; *) verdict="not yet: $verdict" ;; esac ;;
        esac
        [ "$verbose" = 1 ] && sed 's/^/      | /' "$tmp/check.out" "$tmp/check.err"
    fi
    [ "$quiet" = 1 ] || column "$label" "$verdict"
    case $verdict in
    solved) return 0 ;;
    "not yet"*)
        [ "$quiet" = 1 ] || [ ! -f "$1/hint.txt" ] ||
            column "" "hint: $(cat "$1/hint.txt")" ;;
    esac
    return 1
}

# grade_all STUDENT_DIR : grades the chosen exercises; sets solved, graded
# and missed.
grade_all() {
    solved=0 graded=0 missed=
    for ex in $chosen; do
        graded=$((graded + 1))
        if grade_one "$ex" "$1"; then
            solved=$((solved + 1))
        else
            missed="$missed ${ex##*/}"
        fi
    done
}

started=$(date +%s)
if [ -n "$class" ]; then
    [ -d "$class" ] || { echo "grade.sh: no directory $class" >&2; exit 2; }
    quiet=1 status=0
    for student in "$class"/*/; do
        student=${student%/}
        exdir=$student
        [ -d "$student/exercises" ] && exdir=$student/exercises
        grade_all "$exdir"
        printf '%s: %d of %d solved%s\n' "${student##*/}" "$solved" "$graded" \
            "${missed:+ (not yet:$(echo "$missed" | sed 's/ \([0-9][0-9]\)_[^ ]*/ \1/g'))}"
        [ "$solved" = "$graded" ] || status=1
    done
    echo "graded in $(($(date +%s) - started))s"
    exit "$status"
fi

[ -d "$dir" ] || { echo "grade.sh: no directory $dir" >&2; exit 2; }
[ -d "$dir/exercises" ] && dir=$dir/exercises
quiet=0
grade_all "$dir"
echo "$solved of $graded solved (graded in $(($(date +%s) - started))s)"
[ "$solved" = "$graded" ]
