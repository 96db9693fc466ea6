#!/bin/sh
# rtkm.ko on the debug kernel (tests/lib/debug-kernel: KASAN, lockdep with
# raw-lock nesting, DEBUG_ATOMIC_SLEEP, kmemleak, fault injection): what
# only such a kernel can judge. The detectors are checked to be on, then:
# every context on every vCPU at once, growth from every context, a CPU
# taken offline while its cache holds blocks, and every allocation point
# of load, growth, reserve and trace failed once (fail-nth). run-vm's
# kernel-log gate and its kmemleak scan judge the whole boot.
#
#   rtkm-debug.sh KO_DIR FAIL_NTH   (rtkm.ko and rtkm_test.ko built for m;
#                                   FAIL_NTH: tests/vm/fail-nth.c, built)
set -u
KO=$1
FAIL_NTH=$2
. "$RTKM_REPO/tests/vm/cases/rtkm-lib.sh"

PROC=/proc/net/rtkm
TABLE=/tmp/rtkm-table
FI=/sys/kernel/debug
ensure_debugfs

snap() { cat $PROC >$TABLE; }
val() { table_value $TABLE "$1" "$2"; }
# section TITLE: a TAP comment with the guest's uptime, to see the cost.
section() { echo "# --- $* (at $(cut -d' ' -f1 /proc/uptime) s)"; }

# The table leaves out orders without blocks: 0 for those.
num() {
	num_v=$(val "$1" "$2")
	echo "${num_v:-0}"
}
lsmod_has() { grep -q "^$1 " /proc/modules; }

# unload_all WHEN: unload the test client and rtkm. Passes when neither
# reports a leak or a block out of service and the free page count grew by
# at least the pages the pools owned. Measured right around the unload
# and after every cache's shrink (which also empties KASAN's quarantine),
# so the 8 pages allowed are for KASAN's stack depot, which keeps growing.
unload_all() {
	snap
	ua_owned=$(($(num sum size) / $(getconf PAGESIZE)))
	ua_before=$(settled_free_pages shrink)
	mark_log
	check "rmmod rtkm_test, rtkm $1: no leak report" \
		sh -c "rmmod rtkm_test && rmmod rtkm && ! dmesg | grep -q 'memory leak!\|out of service'"
	ua_back=$(($(settled_free_pages shrink) - ua_before))
	check "... the pools' $ua_owned pages are free again ($ua_back pages came back)" \
		test "$ua_back" -ge $((ua_owned - 8))
}

# --- The detectors are on -------------------------------------------------
# Lockdep switches itself off after its first report; a silent lockdep
# that is off proves nothing, so it must still be on at the end too.
section "the detectors"
lockdep_on() { grep -q '^ *debug_locks: *1$' /proc/lockdep_stats; }
check "lockdep is on (debug_locks 1)" lockdep_on
check "KASAN initialised" log_has "KernelAddressSanitizer initialized"
check "kmemleak is running (its debugfs file accepts a scan)" sh -c "echo scan >$FI/kmemleak"
check "fault injection: fail-nth exists" test -w /proc/self/fail-nth

# --- Every context, on every vCPU, on cached and small pools --------------
# Orders 1 and 3 have CPU caches (64 blocks or more), orders 2 and 7 run on
# the pool lock alone; order 4 starts empty and grows.
section "every context"
MPOOL=0,128,1,132,0,0,0,3,0
mark_log
check "insmod rtkm.ko mpool=$MPOOL" insmod "$KO/rtkm.ko" mpool=$MPOOL
check "insmod rtkm_test.ko" insmod "$KO/rtkm_test.ko"
for ctx in process softirq hardirq; do
	r=$(client alloc 8192 5 $ctx)
	check_eq "5 order-1 blocks in $ctx context" "ok=5 failed=0 held=5 ctx_ok=1 not_zeroed=0" "$r"
	r=$(client free 5 8192 $ctx)
	snap
	check_eq "... freed in $ctx context: order 1 use 0" 0 "$(val 1 use)"
done
r=$(client stress 16384 20)
check "stress, every context on every vCPU for 20 s: no block handed out twice ($r)" \
	test "$(result_field "$r" errors)" = 0
check "... softirq and hardirq took part" \
	test "$(result_field "$r" softirq)" -gt 0 -a "$(result_field "$r" hardirq)" -gt 0
check "... no process or softirq allocation failed (growth on)" test "$(result_field "$r" null)" = 0
snap
check_eq "... order 2 use back to 0" 0 "$(val 2 use)"

# --- Growth from every context --------------------------------------------
section "growth"
r=$(client alloc 65536 1 process)
check_eq "an empty order-4 pool grows in process context" "ok=1 failed=0 held=1 ctx_ok=1 not_zeroed=0" "$r"
r=$(client alloc 65536 1 softirq)
check_eq "... and in softirq context (GFP_ATOMIC)" "ok=1 failed=0 held=2 ctx_ok=1 not_zeroed=0" "$r"
r=$(client alloc 65536 1 hardirq)
check_eq "... not in hardirq context, which gets NULL" "ok=0 failed=1 held=2 ctx_ok=1 not_zeroed=0" "$r"
wait_grown() { snap && [ "$(val 4 alloc)" = 3 ]; }
check "... and a workqueue grows it for the next request" wait_until 30 wait_grown
r=$(client alloc 65536 1 hardirq)
check_eq "... which the next hardirq request gets" "ok=1 failed=0 held=3 ctx_ok=1 not_zeroed=0" "$r"
client free 3 >/dev/null
snap
check_eq "order 4: 3 blocks owned, none in use" "0 3" "$(val 4 use) $(val 4 alloc)"

# --- CPU hotplug with blocks in a CPU cache -------------------------------
# A process pinned to CPU 1 takes order-1 blocks and gives them back: they
# land in CPU 1's cache. With CPU 1 offline, CPU 0 must still get every
# block of the pool (growth off, so a block stranded in the dead CPU's cache
# would show as a failure), and the counters stay exact.
section "CPU hotplug"
cpu1=/sys/devices/system/cpu/cpu1/online
# on_cpu CPU COMMAND: a test-client command from a process pinned to CPU.
on_cpu() {
	taskset -c "$1" sh -c 'echo "$1" >/sys/kernel/debug/rtkm_test/ctl &&
		cat /sys/kernel/debug/rtkm_test/result' on_cpu "$2"
}
echo 0 >/sys/module/rtkm/parameters/rtkm_mem_exp
r=$(on_cpu 1 "alloc 8192 40")
check_eq "40 order-1 blocks taken on CPU 1" "ok=40 failed=0 held=40 ctx_ok=1 not_zeroed=0" "$r"
r=$(on_cpu 1 "free 40 8192")
check_eq "... and freed on CPU 1" "freed=40 held=0 ctx_ok=1" "$r"
check "CPU 1 goes offline while its cache holds blocks" sh -c "echo 0 >$cpu1"
r=$(on_cpu 0 "alloc 8192 128")
check_eq "CPU 0 gets all 128 order-1 blocks, the offline CPU's cached ones too" \
	"ok=128 failed=0 held=128 ctx_ok=1 not_zeroed=0" "$r"
snap
check_eq "... order 1: use 128 of 128" "128 128" "$(val 1 use) $(val 1 alloc)"
client free 128 >/dev/null
check "CPU 1 comes back online" sh -c "echo 1 >$cpu1"
echo 1 >/sys/module/rtkm/parameters/rtkm_mem_exp
# The stress threads are bound to each CPU; CPU 1 leaves and comes back
# under them (its thread moves to CPU 0 and its cache is left behind).
client stress 16384 30 >/tmp/stress.out &
stress=$!
sleep 8
check "CPU 1 offline during stress" sh -c "echo 0 >$cpu1"
sleep 6
check "CPU 1 online again during stress" sh -c "echo 1 >$cpu1"
wait $stress
r=$(cat /tmp/stress.out)
check "stress across hotplug: no block handed out twice ($r)" test "$(result_field "$r" errors)" = 0
snap
check_eq "after stress across hotplug: nothing in use" 0 "$(val sum use)"
unload_all "after stress and hotplug"

# --- Every allocation point failed once -----------------------------------
# fail-nth counts the allocations one system call makes and fails the N-th;
# N steps from 1 until the call no longer reaches it. Each failure must end
# in a clean error or a NULL, with the pools' counters exact and no leak
# report from rtkm; kmemleak's scan at the end of the boot and the pages
# counted back at the last unload say nothing was lost.
# What is counted: RTKM allocates its blocks from the page allocator at
# order 1 and up and its bookkeeping from the kmalloc caches (per-CPU
# caches come from the percpu allocator, which has no fault injection).
# Those two are counted, GFP_KERNEL included; left out are the order-0 pages and
# the other slab caches, where the debug kernel's own bookkeeping (kmemleak
# objects, which fall back to a reserve) would multiply the points. Some
# of the debug kernel's allocations still count (KASAN's stack store takes
# order-2 pages now and then, slabs of order 1 and up refill): their
# failures are tolerated, and they are points like any other.
section "fault injection"
for knob in failslab fail_page_alloc; do
	echo N >$FI/$knob/ignore-gfp-wait
	echo 1 >$FI/$knob/verbose
done
echo Y >$FI/failslab/cache-filter
armed=0
for cache in /sys/kernel/slab/kmalloc-[0-9]*; do
	echo 1 2>/dev/null >"$cache/failslab" && armed=$((armed + 1))
done
check "failslab armed on the kmalloc caches ($armed)" test $armed -gt 0
echo 1 >$FI/fail_page_alloc/min-order

# fail_each NAME MAX CHECK ACTION ARGS...: runs `fail-nth N ACTION ARGS`
# for N = 1, 2, ... and CHECK RESULT after each, until the call no longer
# reaches the N-th allocation (that last run is checked too); counts the
# points failed and the runs CHECK found wrong (CHECK says why).
fail_each() {
	fe_name=$1 fe_max=$2 fe_check=$3
	shift 3
	fe_n=1 fe_points=0 fe_bad=0 fe_log=/tmp/fail-$fe_name.log
	: >"$fe_log"
	while [ $fe_n -le "$fe_max" ]; do
		fe_r=$("$FAIL_NTH" $fe_n "$@")
		echo "$fe_r" >>"$fe_log"
		if ! $fe_check "$fe_r"; then
			fe_bad=$((fe_bad + 1))
			echo "# $fe_name: after '$fe_r' the state is wrong"
		fi
		case $fe_r in
		*injected=yes*) fe_points=$((fe_points + 1)) ;;
		*injected=no*) break ;;
		*)
			fe_bad=$((fe_bad + 1))
			echo "# $fe_name: fail-nth $fe_n did not run"
			break
			;;
		esac
		fe_n=$((fe_n + 1))
	done
	[ $fe_n -le "$fe_max" ] || fe_bad=$((fe_bad + 1))
	echo "# $fe_name: outcomes: $(sed -n 's/.*injected=yes status=\([-0-9]*\).*/\1/p' "$fe_log" | sort | uniq -c | tr -s ' \n' '  ')"
	fe_errnos=$(sed -n 's/.*injected=yes status=-\([0-9]*\).*/\1/p' "$fe_log" | sort -un | paste -sd ' ' -)
	echo "# $fe_name: $fe_points allocation points failed; errnos seen: ${fe_errnos:-none}"
}

# No leak report, block out of service or lost block in the kernel log
# since the last mark_log.
no_leak_report() {
	! dmesg | grep -q 'memory leak!\|out of service\|lost blocks'
}

# Load: a failed load leaves no module and no /proc/net/rtkm behind; a
# load that succeeded despite the failure (a point that falls back) has its
# full pools. The module file is read first, so its pages are cached and
# the 9p reads of the first loads do not count as points.
LOAD_MPOOL=0,2,1,1,0,0,0,1,0
load_state() {
	case $1 in
	*status=0*)
		snap
		[ "$(num sum alloc)" = 5 ] && [ "$(num sum use)" = 0 ] || return 1
		case $1 in *injected=yes*) rmmod rtkm ;; esac
		;;
	*) ! lsmod_has rtkm && [ ! -e $PROC ] ;;
	esac
}
cat "$KO/rtkm.ko" "$KO/rtkm_test.ko" >/dev/null
mark_log
fail_each load 1000 load_state load "$KO/rtkm.ko" "mpool=$LOAD_MPOOL"
check "load: every allocation point failed once ($fe_points), each a clean outcome" test $fe_bad = 0 -a $fe_points -gt 0
check "load: the run past the last point loaded rtkm" lsmod_has rtkm
snap
check_eq "... with its full pools" "5 0" "$(num sum alloc) $(num sum use)"
check "load: every failure was ENOMEM (12) or none ($fe_errnos)" test "$fe_errnos" = 12 -o -z "$fe_errnos"
check "load: no leak report" no_leak_report
rmmod rtkm

# Reserve (the fill the growth workqueue runs too), each run from the
# same state: rtkm reloaded with 126 order-4 blocks, reserve 130 crosses
# into a second descriptor chunk (128 blocks each). A failure is ENOMEM:
# either before any block (nothing added) or after some, which the pool
# keeps and the log counts ("only N of 4 more blocks"). A point that
# ends in success is one of the debug kernel's own allocations (KASAN's
# stack store, see above) whose failure the kernel tolerated: then the
# reserve must have added all 4 blocks, as when nothing was injected.
RESERVE_MPOOL=0,0,0,0,126,0,0,0,0
reserve_state() {
	snap
	rs_added=$(($(num 4 alloc) - 126))
	case $1 in
	*status=0*) rs_ok=$([ $rs_added = 4 ] && echo 1) ;;
	*injected=yes*status=-12*)
		if [ $rs_added = 0 ]; then
			rs_ok=1
		else
			rs_ok=$(dmesg | grep -q "reserve 4 130: only $rs_added of 4 more blocks could be allocated; the pool keeps them" && echo 1)
		fi
		;;
	*) rs_ok= ;;
	esac
	[ "$(num 4 use)" = 0 ] || rs_ok=
	[ -n "$rs_ok" ] || echo "# reserve: order 4 owns $(num 4 alloc) blocks after '$1'"
	case $1 in
	*injected=yes*)
		rmmod rtkm && mark_log && insmod "$KO/rtkm.ko" mpool=$RESERVE_MPOOL || rs_ok=
		;;
	esac
	[ -n "$rs_ok" ]
}
check "insmod rtkm.ko mpool=$RESERVE_MPOOL" insmod "$KO/rtkm.ko" mpool=$RESERVE_MPOOL
mark_log
fail_each reserve 1000 reserve_state write $PROC "reserve 4 130"
check "reserve 126 -> 130: every allocation point failed once ($fe_points), each ENOMEM keeping what it added" \
	test $fe_bad = 0 -a $fe_points -ge 5
check "reserve: no leak report" no_leak_report
rmmod rtkm

# Growth in process context, from an empty order-4 pool, each block held
# so every call grows: a failure gives NULL (or the client's own ENOMEM)
# and changes nothing; a success adds exactly one block, in use.
check "insmod rtkm.ko mpool=$LOAD_MPOOL" insmod "$KO/rtkm.ko" mpool=$LOAD_MPOOL
check "insmod rtkm_test.ko" insmod "$KO/rtkm_test.ko"
# took RESULT: 1 when the client's write went through and its allocation
# got a block, else 0.
took() {
	case $1 in
	*status=0*) grep -q '^ok=1 ' /sys/kernel/debug/rtkm_test/result && echo 1 || echo 0 ;;
	*) echo 0 ;;
	esac
}
held=0
grow_state() {
	held=$((held + $(took "$1")))
	snap
	[ "$(num 4 use)" = "$held" ] && [ "$(num 4 alloc)" = "$held" ] && return 0
	echo "# grow: order 4 use $(num 4 use), alloc+ $(num 4 alloc), $held held"
	return 1
}
mark_log
fail_each grow 1000 grow_state write /sys/kernel/debug/rtkm_test/ctl "alloc 65536 1"
check "growth: every allocation point failed once ($fe_points), counters exact after each" test $fe_bad = 0 -a $fe_points -ge 3
check "... and the run past the last point grew the pool" test "$(num 4 use)" -ge 1

# Trace: with order 4 traced, each allocation also records its caller and
# stack; a failed record must not cost the allocation. Free blocks first,
# so the points are the trace's own.
check "reserve 8 more order-4 blocks" sh -c "echo 'reserve 4 $((held + 8))' >$PROC"
trace_owned=$((held + 8))
trace_state() {
	held=$((held + $(took "$1")))
	snap
	[ "$(num 4 use)" = "$held" ] && [ "$(num 4 alloc)" = $trace_owned ] && return 0
	echo "# trace: order 4 use $(num 4 use), alloc+ $(num 4 alloc), $held held"
	return 1
}
echo 10 >$PROC
fail_each trace 1000 trace_state write /sys/kernel/debug/rtkm_test/ctl "alloc 65536 1"
check "trace: every allocation point failed once ($fe_points), counters exact" test $fe_bad = 0 -a $fe_points -gt 0
echo 0 >$PROC
check "growth and trace: no leak report" no_leak_report
client free 100000 >/dev/null
snap
check_eq "everything freed after the fault runs" 0 "$(num sum use)"
unload_all "after the fault runs"
section "end"
check "lockdep is still on at the end" lockdep_on
rtkm_tap_done
