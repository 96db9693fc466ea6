#!/bin/sh
# Everything the debug kernel runs in one boot, since a boot of it costs
# about two minutes under TCG: rtkm's own debug cases, then rtwsim's load
# (with unload) and connect in mode m and its load in modes y and n. Each
# part's TAP is folded into one stream; run-vm's kernel-log gate and the
# final kmemleak scan judge the whole boot, so a report caused by rtwsim
# fails it as surely as one caused by rtkm.
#
#   debug-run.sh KO_DIR FAIL_NTH [RTWSIM_BASE]
#       KO_DIR: rtkm.ko and rtkm_test.ko built for m; FAIL_NTH: the built
#       tests/vm/fail-nth.c; RTWSIM_BASE: rtwsim built per mode (BASE/m,
#       BASE/y, BASE/n, as tests/vm/rtwsim-suite lays them out); without
#       it, rtkm's cases alone
set -u
here=$(dirname "$0")
. "$here/../../lib/common.sh"

# rtkm's cases first: they check from the boot's kernel log that KASAN is
# on, and every case clears that log as it goes. Their fault injection
# fails only the calls fail-nth arms, so rtwsim inherits nothing from it.
rtkm_tap_fold rtkm sh "$here/rtkm-debug.sh" "$1" "$2"
if [ $# -ge 3 ]; then
	# KASAN's quarantine: see FREE_SHRINK in rtwsim-lib.sh.
	RTKM_FREE_SHRINK=1
	export RTKM_FREE_SHRINK
	rtkm_tap_fold rtwsim sh "$here/rtwsim-run.sh" "$3" load connect
fi
rtkm_tap_done
