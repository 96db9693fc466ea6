#!/bin/sh
# rtwsim load, capabilities, memory shape, /proc/net/rtwsim/rtkm, unload.
#
#   rtwsim-load.sh KO_DIR MODE
#
# Loads the stack with the mpool line that exactly covers the default shape,
# checks what the wiphy advertises, that the RTKM table shows the shape
# (use, peak, alloc+) before, during and after a connection, the trace
# mask file, that unloading leaks nothing and gives the pages back, in
# mode m that reloading rtwsim reuses rtkm.ko's pools, and that other
# counts fill pools sized for exactly them.
set -u
. "$(dirname "$0")/rtwsim-lib.sh"

iw_info=/tmp/rtwsim-phy

# cfg80211 and the crypto modules rtwsim pulls in stay loaded, so the
# baseline is taken after a first load and unload
warm_up() {
	load_stack && unload_stack
}
check "warm-up load and unload" warm_up
base=$(settled_free_pages $FREE_SHRINK)
mark_log

check "load (mode $MODE, mpool=$EXACT_MPOOL)" load_stack
check "wlan0 is a cfg80211 station interface" \
	sh -c 'iw dev wlan0 info | grep -q "type managed"'
check "the uplink netdev rtwup0 exists" ip link show rtwup0
check "probe logged the device" log_has "rtwsim rtwsim: phy[0-9]*: station wlan0, uplink rtwup0"
phy=$(phy_of wlan0)
iw phy "$phy" info >$iw_info

check "2.4 GHz band with channel 1 and 14" \
	sh -c "grep -q '\* 2412.0 MHz \[1\]\|\* 2412 MHz \[1\]' $iw_info && grep -q '2484.* \[14\]' $iw_info"
check "5 GHz band with channels 36 and 165" \
	sh -c "grep -q '5180.* \[36\]' $iw_info && grep -q '5825.* \[165\]' $iw_info"
# (bullseye's iw 5.9 names station mode "Station" there, not "managed")
check_eq "HE capabilities for station mode on both bands" 2 \
	"$(grep -c 'HE Iftypes: \(managed\|Station\)' $iw_info)"
check_eq "VHT capabilities on 5 GHz only" 1 \
	"$(grep -c 'VHT Capabilities' $iw_info)"
check_eq "station is the only interface mode" "managed" \
	"$(awk '/Supported interface modes:/ { on = 1; next }
		on && /^\t\t \* / { sub(/^\t\t \* /, ""); print; next }
		on { exit }' $iw_info)"
check "4-way handshake offload advertised" grep -q 4WAY_HANDSHAKE_STA_PSK $iw_info
check "CCMP offered" grep -q 'CCMP-128 (00-0f-ac:4)' $iw_info
check "the phy may change network namespace" \
	sh -c "iw phy $phy info | grep -q set_wiphy_netns"

check_eq "xmitbuf_num default" $XMITBUF_NUM "$(cat /sys/module/rtwsim/parameters/xmitbuf_num)"
check_eq "recvbuf_num default" $RECVBUF_NUM "$(cat /sys/module/rtwsim/parameters/recvbuf_num)"
check_eq "txring_if_num default" $TXRING_IF_NUM "$(cat /sys/module/rtwsim/parameters/txring_if_num)"
check_eq "txring_sta_num default" $TXRING_STA_NUM "$(cat /sys/module/rtwsim/parameters/txring_sta_num)"
check "status: all $XMITBUF_NUM xmit buffers free" status_has "xmitbuf: $XMITBUF_NUM of $XMITBUF_NUM free"
check "status: all $RECVBUF_NUM recv buffers free" status_has "recvbuf: $RECVBUF_NUM of $RECVBUF_NUM free"
check "status: the firmware image is 416 KiB" status_has "firmware: 425984 bytes, 0 boots"

if [ "$MODE" = n ]; then
	check "no /proc/net/rtwsim/rtkm without RTKM" test ! -e $PROC/rtkm
	check "rtwsim.ko does not need rtkm" \
		sh -c "! modinfo -F depends '$KO/rtwsim.ko' | grep -q rtkm"
	check "no RTKM module loaded" test ! -e /sys/module/rtkm
else
	check "the RTKM table has the vendor's header" \
		sh -c "grep -q '^ order        use       peak     alloc+       size' $PROC/rtkm"
	check_table "after probe" 7 1 1 1
	check_table "after probe" 3 $((XMITBUF_NUM + RECVBUF_NUM)) \
		$((XMITBUF_NUM + RECVBUF_NUM)) $((XMITBUF_NUM + RECVBUF_NUM))
	check_table "after probe (interface rings)" 1 $TXRING_IF_NUM \
		$TXRING_IF_NUM $((TXRING_IF_NUM + TXRING_STA_NUM))
	check_eq "no other order in use" 0 \
		"$(awk '$1 ~ /^[0245568]$/ { n += $2 } END { print n + 0 }' $TABLE)"
	check_eq "sum row: use/alloc+" "29/37" "$(tval sum use)/$(tval sum alloc)"

	pdir=$(rtkm_param_dir)
	check "write 0x2 (trace order 1)" sh -c "echo 0x2 >$PROC/rtkm"
	check_eq "rtkm_trace reads back 2" 2 "$(printf '%d' "$(cat "$pdir/rtkm_trace")")"
	# coreutils echo, which reports the write's errno
	check "writing 'banana' is refused with EINVAL" \
		sh -c "! /bin/echo banana >$PROC/rtkm 2>/tmp/e && grep -q 'Invalid argument' /tmp/e"
	check "writing 0x200 (no order 9) is refused with EINVAL" \
		sh -c "! /bin/echo 0x200 >$PROC/rtkm 2>/tmp/e && grep -q 'Invalid argument' /tmp/e"
	check "writing '8 9' is refused with EINVAL" \
		sh -c "! /bin/echo '8 9' >$PROC/rtkm 2>/tmp/e && grep -q 'Invalid argument' /tmp/e"
	check "a non-root user cannot write" \
		sh -c "! setpriv --reuid=65534 --regid=65534 --clear-groups sh -c 'echo 0x1 >$PROC/rtkm' 2>/dev/null"
	check_eq "the mask is still 2" 2 "$(printf '%d' "$(cat "$pdir/rtkm_trace")")"
fi

ip link set wlan0 up
mark_log
check "open connection" iw_connect $OPEN_SSID
if [ "$MODE" != n ]; then
	check_table "connected (per-station rings)" 1 \
		$((TXRING_IF_NUM + TXRING_STA_NUM)) \
		$((TXRING_IF_NUM + TXRING_STA_NUM)) \
		$((TXRING_IF_NUM + TXRING_STA_NUM))
	check_eq "traced: one order-1 allocation per station ring" \
		$TXRING_STA_NUM "$(log_count "_kmalloc: require(.*, $RING_SIZE) usage(1 ")"
	echo 0 >$PROC/rtkm
fi
check "disconnect" iw_disconnect
if [ "$MODE" != n ]; then
	check_table "disconnected (station rings freed, peak kept)" 1 \
		$TXRING_IF_NUM $((TXRING_IF_NUM + TXRING_STA_NUM)) \
		$((TXRING_IF_NUM + TXRING_STA_NUM))
fi

mark_log
check "rmmod rtwsim" rmmod rtwsim
check "no rtwsim netdevs left" sh -c '! ip link show wlan0 2>/dev/null && ! ip link show rtwup0 2>/dev/null'
check "no wiphy left" sh -c "! iw phy $phy info >/dev/null 2>&1"
case $MODE in
m)
	snap_table
	check_eq "rtkm.ko's table: nothing in use after unload" 0 "$(tval sum use)"
	check_eq "rtkm.ko's table: pools kept" 37 "$(tval sum alloc)"

	before=$(settled_free_pages $FREE_SHRINK)
	check "reload rtwsim" load_rtwsim
	snap_table
	check_eq "reload reuses the pools: alloc+ unchanged" 37 "$(tval sum alloc)"
	check_eq "reload: the shape is back in use" 29 "$(tval sum use)"
	# the shape is 344 pages; a reload that allocated them anew would
	# take them all from the free pages
	check_near "reload takes no new pages for the shape" "$before" \
		"$(settled_free_pages $FREE_SHRINK)" 150
	check "rmmod rtwsim again" rmmod rtwsim
	mark_log
	check "rmmod rtkm" rmmod rtkm
	check "rtkm's destroy finishes" log_has "rtkm_prealloc_destroy: done"
	;;
y)
	check "rtwsim's exit destroys the pools" log_has "rtkm_prealloc_destroy: done"
	check "the last table shows nothing in use" \
		log_has "rtkm: *sum  *0  *37  *37 "
	;;
n)
	check "no RTKM output at unload" sh -c '! dmesg | grep -q rtkm_prealloc_destroy'
	;;
esac
check "no leak report" no_leak_report

if [ "$MODE" != n ]; then
	# other counts, on pools sized for exactly them and not allowed to grow
	custom="xmitbuf_num=32 recvbuf_num=4 txring_if_num=2 txring_sta_num=6"
	RTKM_ARGS="mpool=0,8,0,36,0,0,0,1,0 rtkm_mem_exp=0"
	mark_log
	check "load with $custom, mpool to match, growth off" load_stack $custom
	check_table "custom counts" 3 36 36 36
	check_table "custom counts" 1 2 2 8
	check_table "custom counts" 7 1 1 1
	ip link set wlan0 up
	check "connect" iw_connect $OPEN_SSID
	check_table "custom counts, connected" 1 8 8 8
	check "disconnect" iw_disconnect
	check "unload" unload_stack
	check "no leak report" no_leak_report
fi
# What may legitimately differ: pages on the per-CPU lists (counted, but
# they move between zones and lists), slab pages that SLUB keeps on its
# partial lists after the netdevs, wiphy and scan results are freed, and
# the kernel's own lazily grown tables (runs so far: 73 to 153 pages).
# A leak of rtwsim's shape is 344 pages (the firmware buffer alone 128,
# the bus buffers 192), and in modes m and y the RTKM table and leak
# report above account for every block anyway.
check_near "free pages back to the baseline" "$base" "$(settled_free_pages $FREE_SHRINK)" 256
check "no kernel error in the whole run" log_clean
rtkm_tap_done
