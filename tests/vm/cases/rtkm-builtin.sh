#!/bin/sh
# RTKM linked into a driver (CONFIG_RTKM=y): the parameters are the
# driver's, the driver's init fills the pools and its exit reports leaks
# by the name of the function that allocated them.
#
#   rtkm-builtin.sh KO_DIR     (rtkm_test.ko built with CONFIG_RTKM=y)
set -u
KO=$1
. "$RTKM_REPO/tests/vm/cases/rtkm-lib.sh"

TABLE=/tmp/rtkm-table
ensure_debugfs
snap() { cat /sys/kernel/debug/rtkm_test/table >$TABLE; }
val() { table_value $TABLE "$1" "$2"; }

check "no separate rtkm.ko in this build" test ! -e "$KO/rtkm.ko"
mark_log
check "insmod rtkm_test.ko mpool=0,4 rtkm_trace=0x2" insmod "$KO/rtkm_test.ko" mpool=0,4 rtkm_trace=0x2
check_eq "mpool is the driver's parameter" "0,4,0,0,0,0,0,0,0" "$(cat /sys/module/rtkm_test/parameters/mpool)"
check_eq "rtkm_trace is the driver's parameter" 0x2 "$(cat /sys/module/rtkm_test/parameters/rtkm_trace)"
check "no rtkm module and no /proc/net/rtkm" test ! -e /sys/module/rtkm -a ! -e /proc/net/rtkm
check "the driver's init filled the pools" log_has "rtkm: pools ready: 4 blocks, 32 KiB"

r=$(client alloc 8192 5)
check_eq "5 order-1 blocks from a pool of 4" "ok=5 failed=0 held=5 ctx_ok=1 not_zeroed=0" "$r"
snap
check_eq "the pool grew to 5" 5 "$(val 1 alloc)"
check_eq "use 5" 5 "$(val 1 use)"
check "traced allocations logged" log_has "rtkm: _kmalloc: require(.*, 8192) usage(1 5/5)"
client free 5 >/dev/null
snap
check_eq "use back to 0" 0 "$(val 1 use)"

# The tracepoints come with RTKM into the driver, under the same name.
TRACING=/sys/kernel/tracing
mountpoint -q $TRACING || mount -t tracefs nodev $TRACING
echo >$TRACING/trace
echo 1 >$TRACING/events/rtkm/rtkm_alloc/enable
client alloc 8192 1 >/dev/null
echo 0 >$TRACING/events/rtkm/rtkm_alloc/enable
client free 1 >/dev/null
check "rtkm:rtkm_alloc fires in the driver, naming its caller" \
	grep -q " rtkm_alloc: order=1 size=8192 block=[0-9a-fx]* caller=rtkm_batch_alloc+0x[0-9a-f]*/0x[0-9a-f]* \[rtkm_test\] use=1 owned=5\$" $TRACING/trace

mark_log
client leak 8192 1 >/dev/null
check "rmmod rtkm_test" rmmod rtkm_test
check "exit reports the leak" log_has "rtkm_prealloc_destroy: memory leak! order=1 num=1"
check "the leak names the allocating function" log_has "memory leak! (.*, 8192) allocated by rtkm_test_leaky_alloc+0x"
check "traced leak comes with its stack" log_has "rtkm_cmd_leak+0x"
check "exit finishes" log_has "rtkm_prealloc_destroy: done"

mark_log
check "mpool=-1 fails the driver's load" sh -c "! insmod '$KO/rtkm_test.ko' mpool=-1 2>/dev/null"
check "... saying why" log_has "mpool\[0\]=-1: a block count cannot be negative"

insmod "$KO/rtkm_test.ko" mpool=8,8,8,8 && rmmod rtkm_test
base=$(settled_free_pages)
ok=0
i=0
while [ $i -lt 30 ]; do
	insmod "$KO/rtkm_test.ko" mpool=8,8,8,8,1,1,1,1,1 && rmmod rtkm_test && ok=$((ok + 1))
	i=$((i + 1))
done
check_eq "30 load/unload cycles of the driver" 30 $ok
check_near "free pages back to baseline" "$base" "$(settled_free_pages)" 256
check "no kernel error in the whole run" log_clean
rtkm_tap_done
