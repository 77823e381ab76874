#!/usr/bin/env bash
# Every assertion of the integration tests sits wholly inside what counts
# it: "check WHAT CMD" runs one command, so "check ... [ a ] && [ b ]" (or
# "|| ...") would run the second half outside check, where a failure is
# never counted. Fails listing any such line.
set -u
dir=${1:-$(dirname "$0")/integration}
# Continued lines ("\" at the end) are joined first, so a check spread
# over several lines is read whole.
bad=$(for f in "$dir"/*.sh; do
	awk -v f="$f" '
		{ line = (cont ? line " " : "") $0; if (!cont) start = NR }
		/\\$/ { sub(/\\$/, "", line); cont = 1; next }
		{ cont = 0 }
		line ~ /^[[:space:]]*check[[:space:]].*\][[:space:]]*(&&|\|\|)/ { print f ":" start ": " line }' "$f"
done)
if [ -n "$bad" ]; then
	echo "assertions partly outside check (use check_between, check_refused or one command):"
	echo "$bad"
	exit 1
fi
echo "lint: every check holds its whole assertion"
