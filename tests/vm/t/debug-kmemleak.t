#!/bin/sh
# The control for the kmemleak scan that ends every boot of the debug
# kernel: a script that leaks one kmalloc object through the test client
# passes, and the boot must still fail, with kmemleak's report naming the
# allocating function. Without this, a scan that could never report
# anything would look the same as a clean one.
set -u
. "$(dirname "$0")/../../lib/common.sh"

kernels=$RTKM_REPO/tests/lib/kernels
"$kernels" ensure debug >&2 || rtkm_tap_bail "cannot build or install the debug kernel"
eval "$("$kernels" info debug)"
tree=$RTKM_CACHE/build/$KVER-kmemleak
log=$tree.log
mkdir -p "$RTKM_CACHE/build"
"$RTKM_REPO/tests/lib/build-tree" "$tree" m test || rtkm_tap_bail "cannot assemble $tree"
"$kernels" build debug M="$tree" CONFIG_RTKM=m -j"$(nproc)" modules >"$log" 2>&1 ||
	rtkm_tap_bail "build for $KVER failed (log: $log)"
echo "# $KVER (debug kernel)"

console=$RTKM_CACHE/kmemleak-control.console
out=$RTKM_CACHE/kmemleak-control.out
"$RTKM_REPO/tests/vm/run-vm" --kernel "$KVER" --root "$KROOT" --mem 1024 --smp 2 \
	--timeout 900 --append "watchdog_thresh=60" --console-log "$console" \
	-- tests/vm/cases/kmemleak-control.sh "$tree" >"$out" 2>&1
st=$?
rtkm_tap_check "the leaking script passed, and the kernel-log gate failed the boot (exit 90, got $st)" \
	test "$st" -eq 90
rtkm_tap_check "the client leaked its object" grep -q '^leaked=1$' "$out"
rtkm_tap_check "kmemleak reported a new suspected leak" \
	grep -q -E 'kmemleak: [0-9]+ new suspected memory leak' "$console"
rtkm_tap_check "... and its report names the allocating function" \
	grep -q -E 'rtkm-vm: kmemleak: .*rtkm_test_leaky_alloc' "$console"
if [ "$rtkm_tap_failed" -ne 0 ]; then
	sed 's/^/# /' "$out" | tail -n 40
fi
rtkm_tap_done
