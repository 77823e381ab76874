#!/usr/bin/env bash
# Every assertion of the integration tests sits wholly inside what counts
# it: "check WHAT CMD" runs one command, so "check ... [ a ] && [ b ]" (or
# "|| ...") would run the second half outside check, where a failure is
# never counted. Fails listing any such line.
set -u
dir=${1:-$(dirname "$0")/integration}
shopt -s nullglob
files=("$dir"/*.sh)
[ ${#files[@]} -gt 0 ] || { echo "lint: no test scripts in $dir"; exit 1; }
# Each physical line is read, and so is each command continued over several
# lines ("\" at the end), joined from wherever "check" starts in it.
# Comment lines are neither read nor continued.
bad=$(awk '
	function look(text, where) {
		if (text ~ /(^|[;&|({][[:space:]]*|^[[:space:]]*)check[[:space:]].*\][[:space:]]*(&&|\|\|)/)
			print where ": " text
	}
	FNR == 1 { if (cont) look(line, start); cont = 0 }
	/^[[:space:]]*#/ { next }
	{
		look($0, FILENAME ":" FNR)
		if (!cont) { line = ""; start = FILENAME ":" FNR }
		text = $0
		if (text ~ /\\$/) { sub(/\\$/, "", text); line = line text " "; cont = 1; next }
		if (cont) look(line text, start)
		cont = 0
	}
	END { if (cont) look(line, start) }' "${files[@]}" | sort -u)
if [ -n "$bad" ]; then
	echo "assertions partly outside check (use check_between, check_refused or one command):"
	echo "$bad"
	exit 1
fi
echo "lint: every check holds its whole assertion"
