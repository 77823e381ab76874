#!/usr/bin/env bash
# lint_checks.sh itself: it must flag a check whose second half runs
# outside it, on one line and spread over continued lines, and pass a
# clean file.
set -u
lint=$(dirname "$0")/lint_checks.sh
dir=$(mktemp -d /tmp/hvt-lint.XXXXXX)
trap 'rm -rf "$dir"' EXIT
failed=0

printf '%s\n' 'check "a" [ 1 = 1 ] && [ 2 = 2 ]' >"$dir/test_one_line.sh"
bash "$lint" "$dir" >/dev/null && { echo "not ok - one-line split check not flagged"; failed=1; }
rm "$dir/test_one_line.sh"

printf '%s\n' 'check "a" \' '	[ 1 = 1 ] || [ 2 = 2 ]' >"$dir/test_continued.sh"
bash "$lint" "$dir" >/dev/null && { echo "not ok - continued split check not flagged"; failed=1; }
rm "$dir/test_continued.sh"

printf '%s\n' 'x=1 && \' 'check "a" [ 1 = 1 ] && [ 2 = 2 ]' >"$dir/test_after_and.sh"
bash "$lint" "$dir" >/dev/null && { echo "not ok - a split check after a continued line not flagged"; failed=1; }
rm "$dir/test_after_and.sh"

printf '%s\n' '# a comment \' 'check "a" [ 1 = 1 ] && [ 2 = 2 ]' >"$dir/test_after_comment.sh"
bash "$lint" "$dir" >/dev/null && { echo "not ok - a split check after a comment ending in \\ not flagged"; failed=1; }
rm "$dir/test_after_comment.sh"

printf '%s\n' 'check "a" \' '	[ 1 = 1 ] && [ 2 = 2 ] \' >"$dir/test_last_line.sh"
bash "$lint" "$dir" >/dev/null && { echo "not ok - a split check on the last lines not flagged"; failed=1; }
rm "$dir/test_last_line.sh"

bash "$lint" "$dir" >/dev/null && { echo "not ok - an empty directory passed"; failed=1; }

printf '%s\n' 'check "a" \' '	[ 1 = 1 ]' 'x=1 && y=2' >"$dir/test_clean.sh"
bash "$lint" "$dir" >/dev/null || { echo "not ok - a clean file was flagged"; failed=1; }

[ "$failed" -eq 0 ] && echo "lint self-test: ok"
exit "$failed"
