#!/bin/sh
# make demo as a test: the demo stops with a non-zero status at the first
# step that fails (build, boot, modprobe, scan, connect, traffic, trace,
# wrong passphrase, unload without a leak report), so its status is the
# result. Its output is kept and shown as diagnostics when it fails.
. "$(dirname "$0")/../lib/common.sh"

out=$RTKM_CACHE/demo-test.out
mkdir -p "$RTKM_CACHE"
if "$RTKM_REPO/tests/demo/run" >"$out" 2>&1; then
	rtkm_tap_result 0 "make demo runs every step to its end"
else
	rtkm_tap_result 1 "make demo runs every step to its end"
	tail -n 60 "$out" | sed 's/^/# /'
fi
grep -q '== ' "$out"
rtkm_tap_result $? "make demo tells the user what each step does"
rtkm_tap_done
