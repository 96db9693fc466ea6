#!/bin/sh
# Runs the rtwsim guest cases for every build mode in one boot and merges
# their TAP into one stream: each case's tests are renumbered and prefixed
# with "MODE CASE:", its plan is dropped and one plan ends the run.
#
#   rtwsim-run.sh BASE [CASE...]
#
# BASE holds one built tree per mode (BASE/m, BASE/y, BASE/n, see
# tests/vm/rtwsim-suite). Without CASEs, each mode runs the cases listed
# for it below.
set -u
BASE=${1:?usage: $0 BASE [CASE...]}
shift
ONLY=$*
here=$(dirname "$0")

# Which cases run in which mode. Mode m runs everything. Modes y and n
# share all of rtwsim's code except how memory is allocated and who owns
# the pools, so they run the cases where that makes a difference: the
# shape at load and unload, and pools too small or missing.
cases_for() {
	case $1 in
	m) echo load connect traffic cycles pools ;;
	y) echo load pools ;;
	n) echo load pools ;;
	esac
}

total=0
failed=0
out=/tmp/rtwsim-run.out
for mode in m y n; do
	for c in $(cases_for $mode); do
		if [ -n "$ONLY" ]; then
			case " $ONLY " in *" $c "*) ;; *) continue ;; esac
		fi
		echo "# --- mode $mode, case $c"
		start=$(cut -d. -f1 /proc/uptime)
		sh "$here/rtwsim-$c.sh" "$BASE/$mode" $mode </dev/null 2>&1 |
			awk -v n=$total -v tag="$mode $c" -v res=$out.res '
			/^(not )?ok [0-9]+ / {
				ok = $1 == "ok"
				sub(/^(not )?ok [0-9]+ (- )?/, "")
				n++
				if (!ok) bad++
				printf "%s %d - %s: %s\n", ok ? "ok" : "not ok", n, tag, $0
				fflush()
				next
			}
			/^1\.\.[0-9]+$/ { planned = 1; next }
			{ print "# " $0; fflush() }
			END { print n, bad + 0, planned + 0 >res }'
		read -r total bad planned <$out.res
		failed=$((failed + bad))
		if [ "$planned" != 1 ]; then
			# the case died before its plan: what it did not run failed
			total=$((total + 1))
			failed=$((failed + 1))
			echo "not ok $total - $mode $c: ran to its end"
		fi
		echo "# mode $mode, case $c: $(($(cut -d. -f1 /proc/uptime) - start)) s"
	done
done
echo "1..$total"
[ $failed -eq 0 ]
