# Shared helpers for the rtkm test tooling.  Source it from sh or bash:
#
#   . "$(dirname "$0")/../lib/common.sh"
#
# It only defines functions and the three variables below (callers may
# preset any of them), so sourcing it twice or under `set -eu` is harmless.
#
#   RTKM_REPO          absolute path of the repository checkout
#   RTKM_CACHE         this checkout's builds, logs and test roots (default
#                      $RTKM_REPO/.cache, which git ignores)
#   RTKM_SHARED_CACHE  what depends only on its inputs, not on the
#                      checkout, and is costly to make: the sid chroot, the
#                      package tests' pristine roots, VM boot images and
#                      checkpatch, each keyed by what it was made from, so
#                      a fresh clone (CI) reuses them (default
#                      /var/cache/rtkm-dkms for root, else $RTKM_CACHE)
#
# Everything it defines is prefixed rtkm_ so it cannot clobber the caller's
# own names.  `local` is not POSIX, but dash, bash and busybox sh have it.
# shellcheck shell=sh disable=SC3043,SC3028

# A sourced POSIX sh script cannot learn its own path, so start from the
# caller ($0, or BASH_SOURCE under bash) and walk up to the directory that
# holds this file as tests/lib/common.sh.
rtkm_find_repo() {
	local dir
	dir=${1:-.}
	[ -d "$dir" ] || dir=$(dirname "$dir")
	dir=$(cd "$dir" && pwd -P) || return 1
	while :; do
		if [ -f "$dir/tests/lib/common.sh" ]; then
			printf '%s\n' "$dir"
			return 0
		fi
		[ "$dir" = / ] && return 1
		dir=$(dirname "$dir")
	done
}

# Messages go to stderr, prefixed with the running script's name, so they
# never mix into TAP or test output on stdout.
rtkm_note() {
	printf '%s: %s\n' "${0##*/}" "$*" >&2
}

rtkm_die() {
	rtkm_note "$*"
	exit 1
}

# Prints ARG as one single-quoted shell word, safe to eval or to write into
# a file that another shell sources.
rtkm_shell_quote() {
	local quoted
	# the x keeps $(...) from eating trailing newlines of the value
	quoted=$(printf '%sx' "$1" | sed "s/'/'\\\\''/g")
	printf "'%s'" "${quoted%x}"
}

# Minimal TAP producer: rtkm_tap_result STATUS DESCRIPTION records one test
# (STATUS 0 = ok), rtkm_tap_done prints the plan and returns non-zero if any
# test failed.  The plan goes last so the count never has to be known early.
rtkm_tap_count=0
rtkm_tap_failed=0

rtkm_tap_result() {
	rtkm_tap_count=$((rtkm_tap_count + 1))
	if [ "$1" -eq 0 ]; then
		printf 'ok %d - %s\n' "$rtkm_tap_count" "$2"
	else
		rtkm_tap_failed=$((rtkm_tap_failed + 1))
		printf 'not ok %d - %s\n' "$rtkm_tap_count" "$2"
	fi
}

# rtkm_tap_bail REASON: stop the whole TAP stream (a suite that cannot
# even start: no kernel, a failed build).
rtkm_tap_bail() {
	echo "Bail out! $*"
	exit 1
}

# rtkm_tap_check DESCRIPTION COMMAND...: one test, passing when COMMAND
# succeeds.
rtkm_tap_check() {
	rtkm_tap_check_desc=$1
	shift
	if "$@"; then
		rtkm_tap_result 0 "$rtkm_tap_check_desc"
	else
		rtkm_tap_result 1 "$rtkm_tap_check_desc"
	fi
}

# rtkm_tap_eq DESCRIPTION EXPECTED ACTUAL: one test, passing when the two
# strings are equal; both are shown when they are not.
rtkm_tap_eq() {
	if [ "$2" = "$3" ]; then
		rtkm_tap_result 0 "$1"
	else
		rtkm_tap_result 1 "$1"
		printf '#   expected: %s\n#   got:      %s\n' "$2" "$3"
	fi
}

rtkm_tap_done() {
	printf '1..%d\n' "$rtkm_tap_count"
	[ "$rtkm_tap_failed" -eq 0 ]
}

# rtkm_tap_fold LABEL COMMAND...: runs COMMAND (stdin /dev/null, stderr
# into stdout) and folds the TAP it prints into ours as it comes: its
# tests become ours, named "LABEL: ...", and one more test passes only if
# COMMAND exited 0, did not bail out and ran exactly the tests its plan
# announced (tests/lib/tap-fold.awk).  Merging streams by hand loses the
# plan and the exit status, and with them a case that died half-way.
rtkm_tap_fold() {
	rtkm_tap_fold_label=$1
	shift
	rtkm_tap_fold_dir=$(mktemp -d "${TMPDIR:-/tmp}/rtkm-tap-fold.XXXXXX") || {
		rtkm_tap_result 1 "$rtkm_tap_fold_label: cannot make a temporary directory"
		return 1
	}
	# The subshell keeps an `exit` in COMMAND (a shell function) from
	# skipping the status file.
	{
		("$@") </dev/null 2>&1
		echo $? >"$rtkm_tap_fold_dir/status"
	} | awk -v label="$rtkm_tap_fold_label" -v n="$rtkm_tap_count" \
		-v status="$rtkm_tap_fold_dir/status" -v res="$rtkm_tap_fold_dir/res" \
		-f "$RTKM_REPO/tests/lib/tap-fold.awk"
	if read -r rtkm_tap_fold_n rtkm_tap_fold_failed <"$rtkm_tap_fold_dir/res" 2>/dev/null; then
		rtkm_tap_count=$rtkm_tap_fold_n
		rtkm_tap_failed=$((rtkm_tap_failed + rtkm_tap_fold_failed))
	else
		rtkm_tap_result 1 "$rtkm_tap_fold_label: its TAP could not be folded into ours"
	fi
	rm -rf "$rtkm_tap_fold_dir"
}

# The allocators' own checks on the command line of the rtkm and rtwsim
# suites' guests: SLUB's sanity checks, red zones and poison (F, Z, P) and
# page poisoning, which RTKM's check of its free blocks follows. SLUB's U
# (the allocating and freeing stack of every object) finds nothing those
# miss, it only adds the stacks to a report, and it made every fork and
# exec in the guest 2 to 4 times slower (6.1 under TCG, 2026-12-03:
# /bin/true 106-207 ms against 44-54 ms, an rtkm load and unload 449-709 ms
# against 241 ms); RTKM_SLUB_DEBUG=FZPU turns it on to chase a report.
rtkm_guest_memory_checks() {
	printf 'slub_debug=%s page_poison=1\n' "${RTKM_SLUB_DEBUG:-FZP}"
}

if [ -z "${RTKM_REPO:-}" ]; then
	RTKM_REPO=$(rtkm_find_repo "${BASH_SOURCE:-$0}") ||
		rtkm_die "cannot find the repository root above ${BASH_SOURCE:-$0}"
fi
: "${RTKM_CACHE:=$RTKM_REPO/.cache}"
if [ -z "${RTKM_SHARED_CACHE:-}" ]; then
	if [ "$(id -u)" = 0 ]; then
		RTKM_SHARED_CACHE=/var/cache/rtkm-dkms
	else
		RTKM_SHARED_CACHE=$RTKM_CACHE
	fi
fi
export RTKM_REPO RTKM_CACHE RTKM_SHARED_CACHE
