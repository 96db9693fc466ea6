#!/bin/sh
# Runs inside the benchmark VM (tests/vm/run-vm): every scenario of
# rtkm_bench.ko, printing its "rtkm_bench: ..." lines and the facts the
# report needs as "bench: key value" lines on stdout.
#
#   tests/bench/guest.sh TREE [NOTRACE NOTRACE_ALIGNED]
#
# TREE: the tree tests/bench/build printed. NOTRACE: a second tree whose
# rtkm.ko was built with -DNOTRACE (the kernel's own switch that compiles a
# file's tracepoints out); NOTRACE_ALIGNED: the same with
# -falign-functions=64. Given, the full run also measures what RTKM's
# tracepoints cost: compiled out, compiled in but disabled, and enabled,
# against two loads of the build without them and against that build laid
# out differently.
#
# Sizes come from the environment (run-vm passes RTKM_* through):
# RTKM_BENCH_LOOPS, RTKM_BENCH_REPEAT, RTKM_BENCH_LIVE, RTKM_BENCH_CYCLES,
# RTKM_BENCH_PKT_MS, RTKM_BENCH_RING_BLOCKS and RTKM_BENCH_RING_REPEAT
# (blocks per ring run, and runs: the fastest is reported),
# RTKM_BENCH_TP_ROUNDS (rounds of the tracepoint variants);
# RTKM_BENCH_TESTS (allocator mask, see rtkm_bench.ko's "tests") and
# RTKM_BENCH_PAIRS_ONLY=1 (skip the scenarios) narrow a run down.
# RTKM_BENCH_MODE=cpus runs the short set the guests with other CPU counts
# get (tests/bench/run): the rtkm and kmalloc(64) pairs at orders 1 and 3
# with 1 block held, the RX ring and the small pools.
set -u
tree=$1
notrace_tree=${2:-}
aligned_tree=${3:-}
loops=${RTKM_BENCH_LOOPS:-2000}
repeat=${RTKM_BENCH_REPEAT:-5}
live=${RTKM_BENCH_LIVE:-12292}
cycles=${RTKM_BENCH_CYCLES:-1000}
pkt_ms=${RTKM_BENCH_PKT_MS:-3000}
tests=${RTKM_BENCH_TESTS:-127}
pairs_only=${RTKM_BENCH_PAIRS_ONLY:-0}
mode=${RTKM_BENCH_MODE:-full}
if [ "$mode" = cpus ]; then
	ring_blocks=${RTKM_BENCH_RING_BLOCKS:-4000}
	ring_repeat=${RTKM_BENCH_RING_REPEAT:-6}
	live=1
	# rtkm and kmalloc(64) at orders 1 and 3, on up to every online CPU
	pair_args="tests=65 orders=10 threads=$(grep -c '^processor' /proc/cpuinfo)"
else
	ring_blocks=${RTKM_BENCH_RING_BLOCKS:-4000}
	ring_repeat=${RTKM_BENCH_RING_REPEAT:-10}
	pair_args="tests=$tests threads=2"
fi
tp_rounds=${RTKM_BENCH_TP_ROUNDS:-15}
reserve=8
# The pairs' pools: 64 blocks beyond the live set at every measured order,
# the least that has CPU caches (RTKM_PCP_MIN_BLOCKS; smaller pools are
# the small-pools scenario's).
pair_reserve=64
status=0

note() {
	echo "bench: $*"
}

# The rtkm table, each line prefixed, then whether any block is in use.
show_table() {
	sed "s/^/bench: table $1: /" /proc/net/rtkm
	awk '$1 == "sum" { print "bench: in-use '"$1"' " $2 }' /proc/net/rtkm
}

# The free-page count before and after the run: settled_free_pages shrink
# (tests/vm/cases/rtkm-lib.sh) drops the page cache and empty slabs and
# waits until the count holds still.
. "$RTKM_REPO/tests/vm/cases/rtkm-lib.sh"

# Enabling an event the first time grows the trace ring buffer from its
# boot size to the configured one (some 350 pages per CPU), and the kernel
# keeps it: grown before the first count, it is not taken for a leak.
grow_trace_buffer() {
	mountpoint -q /sys/kernel/tracing || mount -t tracefs nodev /sys/kernel/tracing
	gtb_kb=$(sed -n 's/.*(expanded: \([0-9]*\)).*/\1/p' /sys/kernel/tracing/buffer_size_kb)
	[ -z "$gtb_kb" ] || echo "$gtb_kb" >/sys/kernel/tracing/buffer_size_kb
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

# How many CPUs a sysfs CPU list ("0-1", "0,2-5") names.
cpus_in() {
	tr ',' '\n' <"$1" | awk -F- '{ n += NF == 2 ? $2 - $1 + 1 : 1 } END { print n }'
}

note "kernel $(uname -r)"
note "guest-cpu $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
note "guest-cpus $(grep -c '^processor' /proc/cpuinfo)"
note "mem-kib $(awk '$1 == "MemTotal:" { print $2 }' /proc/meminfo)"
note "possible-cpus $(cat /sys/devices/system/cpu/possible) num_possible=$(cpus_in /sys/devices/system/cpu/possible)"
note "online-cpus $(cat /sys/devices/system/cpu/online) num_online=$(cpus_in /sys/devices/system/cpu/online)"
note "mode $mode"
note "params loops=$loops repeat=$repeat live=$live cycles=$cycles pkt_ms=$pkt_ms tests=$tests ring_blocks=$ring_blocks ring_repeat=$ring_repeat"
grow_trace_buffer
note "free-pages start $(settled_free_pages shrink)"

# 1. Pairs: every measured order has $pair_reserve blocks, order 1 the live
# set too; growth off so a miss would show as a failure, never as a refill.
r=$pair_reserve
mpool="$r,$((live + r)),$r,$r,0,$r,0,$r,$r"
dmesg -C
if insmod "$tree/rtkm.ko" mpool="$mpool" rtkm_mem_exp=0; then
	note "mpool pairs $mpool"
	# shellcheck disable=SC2086 # pair_args is a list of words
	bench run=pairs loops="$loops" repeat="$repeat" live="$live" reserve="$pair_reserve" $pair_args
	show_table pairs
	rmmod rtkm
	kernel_errors "rtkm unload after pairs"
else
	note "error: rtkm.ko mpool=$mpool did not load"
	status=1
fi

# 2. The RX ring (orders 1 and 3, 256 blocks in flight plus the reserve)
# and the small pools of bench_pairs.c (order 2: 1 block, order 5: 8,
# order 7: 3), before memory is fragmented; growth off.
mpool="0,$((256 + reserve)),1,$((256 + reserve)),0,8,0,3,0"
dmesg -C
if [ "$pairs_only" = 1 ]; then
	note "ring and small pools skipped (RTKM_BENCH_PAIRS_ONLY=1)"
elif insmod "$tree/rtkm.ko" mpool="$mpool" rtkm_mem_exp=0; then
	note "mpool ring $mpool"
	bench run=ring ring_blocks="$ring_blocks" repeat="$ring_repeat" reserve="$reserve"
	show_table ring
	bench run=small loops="$loops" repeat="$repeat"
	show_table small
	rmmod rtkm
	kernel_errors "rtkm unload after ring and small pools"
else
	note "error: rtkm.ko mpool=$mpool did not load"
	status=1
fi

# 2b. What the tracepoints cost on the fastest path, the same-CPU pair from
# a CPU cache (pools of 128 blocks at orders 1 and 3): rtkm.ko without them
# (NOTRACE), with them disabled (the shipped build, as users run it) and
# enabled into the ring buffer, and the NOTRACE build loaded a second time
# ("out-again"): two loads of identical code show how small a difference
# this setup can see at all (rounds of one build were up to 13% apart in
# an earlier run). "out-aligned" is the NOTRACE code with every function
# 64-byte aligned: the same instructions elsewhere in memory, which shows
# how much TCG's timings follow code layout alone. The variants take
# turns, round after round, each round starting with the next one; the
# report compares each variant with the "out" load of the same round, so
# slow drifts of the host's load cancel out.
tracepoint_cost() {
	tracing=/sys/kernel/tracing
	mountpoint -q $tracing || mount -t tracefs nodev $tracing
	round=1
	while [ "$round" -le "$tp_rounds" ]; do
		# The round's order: the list rotated by one more each round.
		variants=$(echo out disabled enabled out-again out-aligned |
			awk -v r="$round" '{ for (i = 0; i < NF; i++) printf "%s ", $((i + r - 1) % NF + 1) }')
		for variant in $variants; do
			case $variant in
			out-aligned) build=$aligned_tree ;;
			out*) build=$notrace_tree ;;
			*) build=$tree ;;
			esac
			dmesg -C
			if ! insmod "$build/rtkm.ko" mpool="0,128,0,128,0,0,0,0,0" rtkm_mem_exp=0; then
				note "error: $variant rtkm.ko did not load"
				status=1
				return
			fi
			note "tracepoints events-dir variant=$variant round=$round $([ -d $tracing/events/rtkm ] && echo present || echo absent)"
			[ "$variant" = enabled ] && echo 1 >$tracing/events/rtkm/enable
			bench run=pairs loops="$loops" repeat="$repeat" live=1 reserve=127 \
				tests=1 orders=10 threads=1 >/tmp/bench.tp
			if [ "$variant" = enabled ]; then
				echo 0 >$tracing/events/rtkm/enable
				note "tracepoints events-recorded round=$round $(grep -c 'rtkm_alloc:' $tracing/trace)"
				echo >$tracing/trace
			fi
			sed -n "s/^rtkm_bench: pair /bench: tracepoints variant=$variant round=$round /p" /tmp/bench.tp
			grep -v '^rtkm_bench: ' /tmp/bench.tp
			rmmod rtkm
			kernel_errors "rtkm unload after tracepoints $variant"
		done
		round=$((round + 1))
	done
}

if [ -z "$aligned_tree" ] || [ "$pairs_only" = 1 ] || [ "$mode" = cpus ]; then
	note "tracepoint cost skipped (no NOTRACE trees, RTKM_BENCH_PAIRS_ONLY=1 or RTKM_BENCH_MODE=cpus)"
else
	note "tracepoints rounds=$tp_rounds mpool=0,128,0,128,0,0,0,0,0"
	tracepoint_cost
fi

# 3. Bring-up cycles and packet buffers: pools for rtwsim's probe shape and
# the 270 order-4 packet buffers, filled before memory is fragmented.
mpool="0,4,0,24,270,0,0,1,0"
dmesg -C
if [ "$pairs_only" = 1 ] || [ "$mode" = cpus ]; then
	note "scenarios skipped (RTKM_BENCH_PAIRS_ONLY=1 or RTKM_BENCH_MODE=cpus)"
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
note "free-pages end $(settled_free_pages shrink)"
note "status $status"
exit "$status"
