#!/bin/sh
# rtkm-pools on the Wi-Fi module: pools far too small grow at load and at
# connect; after a peak reset and one connection, suggest gives exactly the
# shape rtwsim needs; apply writes it into the packaged modprobe.d file
# (keeping a user's edits) and grows the pools while the link stays up;
# after a reload with the applied line, the pools have that size and
# rtwsim still connects.
#
#   rtwsim-sizing.sh KO_DIR MODE      (m: rtkm.ko; y: RTKM in rtwsim.ko)
set -u
. "$(dirname "$0")/rtwsim-lib.sh"

POOLS=$RTKM_REPO/rtkm-pools/rtkm-pools
CONF=/tmp/rtkm.conf
RTKM_ARGS="mpool=0,2,0,4,0,0,0,0,0 rtkm_mem_exp=1"

mark_log
check "load on pools far too small, growth on" load_stack
ip link set wlan0 up
check "connect" iw_connect $OPEN_SSID
"$POOLS" status >/tmp/status 2>&1
check "status: order 3 grew at run time by 20 blocks" \
	grep -q "^order 3 grew at run time by 20 blocks" /tmp/status
check "status: order 1 grew at run time by 10 blocks" \
	grep -q "^order 1 grew at run time by 10 blocks" /tmp/status
sed 's/^/# /' /tmp/status

# The workload to size for: one connection, after a peak reset with the
# link down (only the adapter's own blocks in use).
check "disconnect" iw_disconnect
echo reset-peak >"$PROC/rtkm"
check_table "reset-peak: the order-1 peak is its use, the interface's rings" 1 4 4 12
check "connect again" iw_connect $OPEN_SSID
check_eq "suggest --headroom 0 gives the shape rtwsim needs" \
	"mpool=$EXACT_MPOOL" "$("$POOLS" suggest --headroom 0 | tail -n 1)"

sed -e 's/@PLATFORM@/x86_64/g' -e 's/@MPOOL@/0,2,0,4,0,0,0,0,0/' \
	"$RTKM_REPO/modprobe.d/rtkm.conf.in" >$CONF
echo "# my own note" >>$CONF
cp $CONF /tmp/rtkm.conf.before
check "apply --headroom 50 to a copy of the packaged file" \
	"$POOLS" apply --headroom 50 --file $CONF
check_eq "apply changed only the mpool value" \
	"> options rtkm mpool=0,18,0,36,0,0,0,2,0" \
	"$(diff /tmp/rtkm.conf.before $CONF | grep '^>')"
check_table "apply grew order 1 at once" 1 12 12 18
check_table "apply grew order 3 at once" 3 24 24 36
check_table "apply grew order 7 at once" 7 1 1 2
check_eq "the mpool parameter reads the applied sizes" "0,18,0,36,0,0,0,2,0" \
	"$(cat "$(rtkm_param_dir)/mpool")"
check "the link stayed up" sh -c "iw dev wlan0 link | grep -q 'Connected to $OPEN_BSSID'"
check "no allocation failed" sh -c "! grep -q 'failed allocations' $TABLE"

check "disconnect" iw_disconnect
check "unload" unload_stack
check "no leak report" no_leak_report
RTKM_ARGS=$(sed -n 's/^options rtkm \(mpool=[0-9,]*\).*/\1/p' $CONF)
check_eq "the applied file's line" "mpool=0,18,0,36,0,0,0,2,0" "$RTKM_ARGS"
check "load with the applied line" load_stack
ip link set wlan0 up
check "connect" iw_connect $OPEN_SSID
check_table "order 1 holds the applied 18 blocks, no growth" 1 12 12 18
check_table "order 3 holds the applied 36 blocks, no growth" 3 24 24 36
check "disconnect" iw_disconnect
check "unload" unload_stack
check "no leak report" no_leak_report
check "no kernel error in the whole run" log_clean
rtkm_tap_done
