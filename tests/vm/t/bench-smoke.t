#!/bin/sh
# Quick correctness run of the benchmark module on 6.1 (CONFIG_RTKM=m): every
# scenario of tests/bench/guest.sh with small sizes. Nothing here is timed;
# it checks that every measurement ran, that no allocation failed where
# none may, that nothing leaked and that the kernel logged no error.
set -u
. "$(dirname "$0")/../../lib/common.sh"

kernels=$RTKM_REPO/tests/lib/kernels
tree=$("$RTKM_REPO/tests/bench/build" 6.1 bench-smoke) || rtkm_tap_bail "benchmark build for 6.1 failed"
notrace_tree=$("$RTKM_REPO/tests/bench/build" 6.1 bench-smoke-notrace KCFLAGS=-DNOTRACE) ||
	rtkm_tap_bail "benchmark build without tracepoints for 6.1 failed"
aligned_tree=$("$RTKM_REPO/tests/bench/build" 6.1 bench-smoke-notrace-aligned "KCFLAGS=-DNOTRACE -falign-functions=64") ||
	rtkm_tap_bail "benchmark build without tracepoints, functions aligned, for 6.1 failed"
eval "$("$kernels" info 6.1)"
out=$RTKM_CACHE/bench/smoke.txt
mkdir -p "$RTKM_CACHE/bench"

RTKM_BENCH_LOOPS=200 RTKM_BENCH_REPEAT=1 RTKM_BENCH_LIVE=1000 RTKM_BENCH_CYCLES=20 RTKM_BENCH_PKT_MS=1000 \
	RTKM_BENCH_RING_BLOCKS=1000 RTKM_BENCH_RING_REPEAT=2 RTKM_BENCH_TP_ROUNDS=1 \
	"$RTKM_REPO/tests/vm/run-vm" --kernel "$KVER" --root "$KROOT" \
	--mem 2048 --smp 2 --timeout 1800 --append "watchdog_thresh=60" \
	-- tests/bench/guest.sh "$tree" "$notrace_tree" "$aligned_tree" >"$out" 2>&1
st=$?
echo "# $KVER; guest output in $out"

# lines PATTERN: how many output lines match the extended regex
lines() {
	grep -c -E "$1" "$out"
}

value() { # KEY: the third field of "bench: KEY WHAT VALUE" lines, summed
	awk -v k="$1" '$1 == "bench:" && $2 == k { s += $NF; n++ } END { print n ? s : "none" }' "$out"
}

rtkm_tap_check "the guest script ran every step and exited 0 (status $st)" test "$st" -eq 0
# run-vm's kernel-log gate (exit 90 when the script itself passed); its
# lines at fault are in the guest output, shown here whatever the status.
rtkm_tap_check "run-vm's kernel-log gate passed" test "$(lines '^# kernel-log gate: ')" -eq 0
grep -E '^# (kernel-log gate: |  )' "$out"
rtkm_tap_check "no step reported an error" test "$(lines '^bench: error')" -eq 0
# pairs and small pools each measure the empty loop on 1 and 2 CPUs
rtkm_tap_check "every empty-loop baseline measured" test "$(lines '^rtkm_bench: baseline cpus=[12] ')" -eq 4
rtkm_tap_check "the guest printed its possible CPUs" grep -q -E '^bench: possible-cpus 0-1 num_possible=2$' "$out"
for kind in rtkm pages_kernel pages_atomic kmalloc mempool vmalloc kmalloc64; do
	n=$(lines "^rtkm_bench: pair kind=$kind order=[0-8] live=(1|1000) cpus=[12] ")
	rtkm_tap_check "$kind: 28 pair measurements (7 orders, 2 live sets, 1 and 2 CPUs), got $n" test "$n" -eq 28
	n=$(lines "^rtkm_bench: pair kind=$kind .* fail=0$")
	rtkm_tap_check "$kind: no pair failed" test "$n" -eq 28
done
# The RX ring: 2 runs of 1000 blocks each, every one produced (in softirq
# on CPU 0) and consumed (on CPU 1), none left over; rtkm never fails and
# holds the ring at its peak of 256.
for order in 1 3; do
	for kind in rtkm pages_atomic mempool kmalloc64; do
		rtkm_tap_check "RX ring, $kind order $order: 2000 blocks produced in softirq on CPU 0 and consumed on CPU 1, run completed" \
			grep -q -E "^rtkm_bench: ring kind=$kind order=$order runs=2 slots=256 blocks=1000 produced=2000 consumed=2000 fail=[0-9]+ .* prod_cpu=0 cons_cpu=1 softirq=yes stopped=0$" "$out"
	done
	rtkm_tap_check "RX ring, rtkm order $order: no failure, 256 blocks in flight at the peak" \
		grep -q -E "^rtkm_bench: ring kind=rtkm order=$order .* fail=0 .* peak=256 " "$out"
done
rtkm_tap_check "rtkm pools empty after the RX ring (/proc/net/rtkm)" \
	grep -q -E '^bench: in-use ring 0$' "$out"
# Small pools: a pool with at least as many blocks as CPUs never fails,
# and neither does any pool used by one CPU; a 1-block pool shared by 2
# CPUs may fail (counted, not asserted).
for pool in 2:1 7:3 5:8; do
	order=${pool%:*} blocks=${pool#*:}
	rtkm_tap_check "small pool, order $order ($blocks blocks), 1 CPU: measured, no failure" \
		grep -q -E "^rtkm_bench: small kind=rtkm order=$order blocks=$blocks cpus=1 .* fail=0$" "$out"
	if [ "$blocks" -ge 2 ]; then
		rtkm_tap_check "small pool, order $order ($blocks blocks), 2 CPUs at once: measured, no failure" \
			grep -q -E "^rtkm_bench: small kind=rtkm order=$order blocks=$blocks cpus=2 .* fail=0$" "$out"
	else
		rtkm_tap_check "small pool, order $order ($blocks block), 2 CPUs at once: measured" \
			grep -q -E "^rtkm_bench: small kind=rtkm order=$order blocks=$blocks cpus=2 .* fail=[0-9]+$" "$out"
	fi
done
rtkm_tap_check "rtkm pools empty after the small pools (/proc/net/rtkm)" \
	grep -q -E '^bench: in-use small 0$' "$out"
# The tracepoint cost: the build without tracepoints really has none (in
# all three of its loads), the enabled variant recorded events, and each
# variant measured both orders.
for variant in out:absent out-again:absent out-aligned:absent disabled:present enabled:present; do
	dir=${variant#*:} variant=${variant%:*}
	rtkm_tap_check "tracepoints, $variant: tracefs events/rtkm $dir" \
		grep -q -x "bench: tracepoints events-dir variant=$variant round=1 $dir" "$out"
	for order in 1 3; do
		rtkm_tap_check "tracepoints, $variant: rtkm pair at order $order measured, no failure" \
			grep -q -E "^bench: tracepoints variant=$variant round=1 kind=rtkm order=$order live=1 cpus=1 .* fail=0$" "$out"
	done
done
rtkm_tap_check "tracepoints, enabled: rtkm_alloc events recorded" \
	grep -q -E '^bench: tracepoints events-recorded round=1 [1-9][0-9]*$' "$out"
for ctx in process atomic; do
	rtkm_tap_check "bring-up through rtkm on fragmented memory, $ctx: 20 cycles, 0 failures" \
		grep -q -E "^rtkm_bench: bringup kind=rtkm ctx=$ctx frag=1 cycles=20 of=20 allocs=580 fail=0$" "$out"
	# Without rtkm, failures are the expected outcome here; only that the
	# run finished is checked.
	rtkm_tap_check "bring-up through kzalloc, $ctx: ran" \
		grep -q -E "^rtkm_bench: bringup kind=plain ctx=$ctx frag=1 cycles=[0-9]+ of=20 allocs=[0-9]+ fail=[0-9]+$" "$out"
done
for frag in 0 1; do
	rtkm_tap_check "packet buffers through rtkm (frag=$frag): buffers taken, 0 failures, at most 270 held" \
		grep -q -E "^rtkm_bench: pkt kind=rtkm frag=$frag ms=1000 buffers=[1-9][0-9]* fail=0 .* peak=([0-9]|[0-9][0-9]|1[0-9][0-9]|2[0-6][0-9]|270) of=270$" "$out"
	for kind in kmalloc vregion; do
		rtkm_tap_check "packet buffers through $kind (frag=$frag) ran" \
			grep -q -E "^rtkm_bench: pkt kind=$kind frag=$frag ms=1000 buffers=[0-9]+ fail=[0-9]+ " "$out"
	done
	rtkm_tap_check "the vmalloc'd region never ran out (frag=$frag)" \
		grep -q -E "^rtkm_bench: pkt kind=vregion frag=$frag .* fail=0 " "$out"
done
rtkm_tap_check "rtkm_frag fragmented memory" grep -q '^bench: rtkm_frag: took' "$out"
rtkm_tap_check "the bring-up and packet runs split the remaining large blocks first" \
	test "$(lines '^rtkm_bench: scatter: split [0-9]+ blocks')" -eq 2
rtkm_tap_check "no rtkm block in use after the pairs, the ring, the small pools and the scenarios" test "$(value in-use)" = 0
rtkm_tap_check "rtkm tables read four times" test "$(lines '^bench: in-use ')" -eq 4
rtkm_tap_check "no kernel error, leak or bad-free report in any step" test "$(value kernel-errors)" = 0
start=$(awk '$2 == "free-pages" && $3 == "start" { print $4 }' "$out")
end=$(awk '$2 == "free-pages" && $3 == "end" { print $4 }' "$out")
# A leaked live set would be 2000 pages. Both counts are settled with the
# trace buffer grown first (tests/bench/guest.sh); what still differs is
# what the module loads leave in the kernel's own caches: 158 pages on
# 2026-12-03 (1,028 before the buffer was grown first, which failed the
# 1,024 allowed then). 512 leaves three times that.
rtkm_tap_check "free pages back after everything was unloaded (start ${start:-?}, end ${end:-?}, 512 allowed)" \
	test -n "$start" -a -n "$end" -a "${end:-0}" -ge "$((${start:-0} - 512))"

if [ "$rtkm_tap_failed" -ne 0 ]; then
	sed 's/^/# /' "$out" | tail -n 60
fi
rtkm_tap_done
