#!/bin/sh
# Runs the rtwsim guest cases for every build mode in one boot and merges
# their TAP into one stream: each case's tests are renumbered and prefixed
# with "MODE CASE:", and one more test per case checks that it exited 0,
# did not bail out and ran the tests its plan announced (rtkm_tap_fold in
# tests/lib/common.sh). One plan ends the run.
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
. "$here/../../lib/common.sh"

# Which cases run in which mode. Mode m runs everything. Modes y and n
# share all of rtwsim's code except how memory is allocated and who owns
# the pools, so they run the cases where that makes a difference: the
# shape at load and unload, pools too small or missing, and sizing them
# through rtkm.ko's /proc file or the driver's own.
cases_for() {
	case $1 in
	m) echo load connect traffic cycles pools sizing ;;
	y) echo load pools sizing ;;
	n) echo load pools ;;
	esac
}

for mode in m y n; do
	for c in $(cases_for $mode); do
		if [ -n "$ONLY" ]; then
			case " $ONLY " in *" $c "*) ;; *) continue ;; esac
		fi
		echo "# --- mode $mode, case $c"
		start=$(cut -d. -f1 /proc/uptime)
		rtkm_tap_fold "$mode $c" sh "$here/rtwsim-$c.sh" "$BASE/$mode" $mode
		echo "# mode $mode, case $c: $(($(cut -d. -f1 /proc/uptime) - start)) s"
	done
done
rtkm_tap_done
