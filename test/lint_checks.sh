#!/usr/bin/env bash
# Every assertion of the integration tests sits wholly inside what counts
# it: "check WHAT CMD" runs one command, so "check ... [ a ] && [ b ]" (or
# "|| ...") would run the second half outside check, where a failure is
# never counted. Fails listing any such line.
set -u
dir=${1:-$(dirname "$0")/integration}
bad=$(grep -nE '^[[:space:]]*check[[:space:]].*\][[:space:]]*(&&|\|\|)' "$dir"/*.sh)
if [ -n "$bad" ]; then
	echo "assertions partly outside check (use check_between, check_refused or one command):"
	echo "$bad"
	exit 1
fi
echo "lint: every check holds its whole assertion"
