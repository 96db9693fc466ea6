#!/bin/sh
# Runs inside the benchmark VM (tests/vm/run-vm): every scenario of
# rtkm_bench.ko, printing its "rtkm_bench: ..." lines and the facts the
# report needs as "bench: key value" lines on stdout.
#
#   tests/bench/guest.sh TREE     TREE: the tree tests/bench/build printed
#
# Sizes come from the environment (run-vm passes RTKM_* through):
# RTKM_BENCH_LOOPS, RTKM_BENCH_REPEAT, RTKM_BENCH_LIVE, RTKM_BENCH_CYCLES,
# RTKM_BENCH_PKT_MS;
# RTKM_BENCH_TESTS (allocator mask, see rtkm_bench.ko's "tests") and
# RTKM_BENCH_PAIRS_ONLY=1 (skip the scenarios) narrow a run down.
set -u
tree=$1
loops=${RTKM_BENCH_LOOPS:-2000}
repeat=${RTKM_BENCH_REPEAT:-5}
live=${RTKM_BENCH_LIVE:-12292}
cycles=${RTKM_BENCH_CYCLES:-1000}
pkt_ms=${RTKM_BENCH_PKT_MS:-3000}
tests=${RTKM_BENCH_TESTS:-63}
pairs_only=${RTKM_BENCH_PAIRS_ONLY:-0}
reserve=8
status=0

note() {
	echo "bench: $*"
}

# The rtkm table, each line prefixed, then whether any block is in use.
show_table() {
	sed "s/^/bench: table $1: /" /proc/net/rtkm
	awk '$1 == "sum" { print "bench: in-use '"$1"' " $2 }' /proc/net/rtkm
}

# Free pages once the page cache and reclaimable slab are dropped, counting
# the pages parked on the per-CPU lists too: comparable between two points.
free_pages() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	sleep 1
	awk '$1 == "nr_free_pages" { n = $2 } END { print n }' /proc/vmstat >/tmp/bench.free
	awk '$1 == "count:" { pcp += $2 } END { print pcp + 0 }' /proc/zoneinfo >>/tmp/bench.free
	awk '{ s += $1 } END { print s }' /tmp/bench.free
}

buddyinfo() {
	sed "s/^/bench: buddyinfo $1: /" /proc/buddyinfo
}

# insmod rtkm_bench.ko ARGS: the load fails with EAGAIN once the run is
# done; the "done" line tells that apart from a real failure.
bench() {
	dmesg -C
	insmod "$tree/rtkm_bench.ko" "$@" 2>/dev/null
	dmesg | sed -n 's/^.*\(rtkm_bench: .*\)$/\1/p'
	if ! dmesg | grep -q "rtkm_bench: done run="; then
		note "error: rtkm_bench $* did not finish"
		status=1
	fi
	kernel_errors "rtkm_bench $1"
}

kernel_errors() {
	n=$(dmesg | grep -c -E 'BUG:|WARNING:|Oops|general protection|Call Trace|rtkm: .*(leak|double free|not allocated)')
	note "kernel-errors $(echo "$1" | tr ' ' _) $n"
	[ "$n" -eq 0 ] || dmesg | sed 's/^/bench: dmesg: /'
}

note "kernel $(uname -r)"
note "guest-cpu $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
note "guest-cpus $(grep -c '^processor' /proc/cpuinfo)"
note "mem-kib $(awk '$1 == "MemTotal:" { print $2 }' /proc/meminfo)"
note "params loops=$loops repeat=$repeat live=$live cycles=$cycles pkt_ms=$pkt_ms tests=$tests"
note "free-pages start $(free_pages)"

# 1. Pairs: every measured order has $reserve blocks, order 1 the live set
# too; growth off so a miss would show as a failure, never as a refill.
mpool="$reserve,$((live + reserve)),$reserve,$reserve,0,$reserve,0,$reserve,$reserve"
dmesg -C
if insmod "$tree/rtkm.ko" mpool="$mpool" rtkm_mem_exp=0; then
	note "mpool pairs $mpool"
	bench run=pairs loops="$loops" repeat="$repeat" live="$live" reserve="$reserve" threads=2 tests="$tests"
	show_table pairs
	rmmod rtkm
	kernel_errors "rtkm unload after pairs"
else
	note "error: rtkm.ko mpool=$mpool did not load"
	status=1
fi

# 2. Bring-up cycles and packet buffers: pools for rtwsim's probe shape and
# the 270 order-4 packet buffers, filled before memory is fragmented.
mpool="0,4,0,24,270,0,0,1,0"
dmesg -C
if [ "$pairs_only" = 1 ]; then
	note "scenarios skipped (RTKM_BENCH_PAIRS_ONLY=1)"
elif insmod "$tree/rtkm.ko" mpool="$mpool" rtkm_mem_exp=0; then
	note "mpool scenarios $mpool"
	bench run=pkt pkt_ms="$pkt_ms" frag=0
	buddyinfo before
	dmesg -C
	# Down to 1 MiB free: with the default 32 MiB the free remainder still
	# holds high-order blocks the page allocator can split.
	if insmod "$tree/rtkm_frag.ko" leave_mb=1; then
		dmesg | sed -n 's/^.*\(rtkm_frag: .*\)$/bench: \1/p'
		buddyinfo fragmented
		bench run=bringup cycles="$cycles" frag=1 scatter=1
		bench run=pkt pkt_ms="$pkt_ms" frag=1 scatter=1
		buddyinfo after
		rmmod rtkm_frag
	else
		note "error: rtkm_frag.ko did not load"
		status=1
	fi
	show_table scenarios
	rmmod rtkm
	kernel_errors "rtkm unload after scenarios"
else
	note "error: rtkm.ko mpool=$mpool did not load"
	status=1
fi
note "free-pages end $(free_pages)"
note "status $status"
exit "$status"
