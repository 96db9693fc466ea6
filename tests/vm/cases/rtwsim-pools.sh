#!/bin/sh
# rtwsim with RTKM pools that are too small, and bad parameters.
#
#   rtwsim-pools.sh KO_DIR MODE
#
# Modes m and y: with pool growth on, a load on pools too small works and
# alloc+ shows the growth; with growth off it fails cleanly wherever the
# pools run dry (firmware buffer, bus buffers, interface rings: each a
# different point of probe), holding no block and leaking nothing, and a
# connection that finds no rings fails without harming the interface.
# Mode n: no RTKM anywhere, and the largest shape comes and goes with
# kmalloc. All modes: bad parameters refuse the load, and the free pages
# end at the baseline.
set -u
. "$(dirname "$0")/rtwsim-lib.sh"

# no_device: nothing of a failed load is left
no_device() {
	! ip link show wlan0 >/dev/null 2>&1 &&
		! ip link show rtwup0 >/dev/null 2>&1 &&
		[ -z "$(ls /sys/class/ieee80211/)" ] && [ ! -e /sys/module/rtwsim ]
}

# rtkm_holds_nothing: rtkm.ko's table shows no block in use (mode m)
rtkm_holds_nothing() {
	cat /proc/net/rtkm >$TABLE && [ "$(tval sum use)" = 0 ]
}

# fails_cleanly DESC MPOOL WHERE: growth off, the load must fail
fails_cleanly() {
	RTKM_ARGS="mpool=$2 rtkm_mem_exp=0"
	mark_log
	check "$1: rtwsim refuses to load" sh -c "! { $(load_cmd); } 2>/dev/null"
	check "$1: probe reports -ENOMEM" log_has "rtwsim: probe failed: -12"
	check "$1: no wiphy or netdev left" no_device
	case $MODE in
	m)
		check "$1: rtkm holds no block" rtkm_holds_nothing
		check_eq "$1: the pools did not grow" "$3" "$(tval sum alloc)"
		rmmod rtkm
		;;
	y)
		check "$1: the pools were destroyed" log_has "rtkm_prealloc_destroy: done"
		;;
	esac
	check "$1: no leak report" no_leak_report
}

# The commands of load_stack, for a subshell.
load_cmd() {
	case $MODE in
	m) echo "modprobe cfg80211 && insmod $KO/rtkm.ko $RTKM_ARGS && insmod $KO/rtwsim.ko" ;;
	y) echo "modprobe cfg80211 && insmod $KO/rtwsim.ko $RTKM_ARGS" ;;
	n) echo "modprobe cfg80211 && insmod $KO/rtwsim.ko" ;;
	esac
}

warm_up() {
	load_stack && unload_stack
}
check "warm-up load and unload" warm_up
base=$(settled_free_pages $FREE_SHRINK)

if [ "$MODE" = n ]; then
	check "rtwsim.ko does not need rtkm" \
		sh -c "! modinfo -F depends '$KO/rtwsim.ko' | grep -q rtkm"
	check "rtwsim.ko has no RTKM parameters" \
		sh -c "! modinfo -p '$KO/rtwsim.ko' | grep -q '^mpool:\|^rtkm_'"
	mark_log
	check "load with the largest shape (128 + 128 bus buffers, 16 + 16 rings)" \
		load_rtwsim xmitbuf_num=128 recvbuf_num=128 txring_if_num=16 txring_sta_num=16
	check "status: 128 xmit buffers" status_has "xmitbuf: 128 of 128 free"
	check "status: 128 recv buffers" status_has "recvbuf: 128 of 128 free"
	ip link set wlan0 up
	check "connect" iw_connect $OPEN_SSID
	check "disconnect" iw_disconnect
	check "unload" unload_stack
else
	# --- growth on -----------------------------------------------------
	RTKM_ARGS="mpool=0,2,0,4,0,0,0,0,0 rtkm_mem_exp=1"
	mark_log
	check "growth on, pools far too small: load works" load_stack
	check_table "grown for the firmware buffer" 7 1 1 1
	check_table "grown for the bus buffers" 3 24 24 24
	check_table "grown for the interface rings" 1 4 4 4
	ip link set wlan0 up
	check "connect" iw_connect $OPEN_SSID
	check_table "grown for the station rings" 1 12 12 12
	check "disconnect" iw_disconnect
	check "connect again" iw_connect $OPEN_SSID
	check_table "the second connection reuses the grown pool" 1 12 12 12
	check "disconnect" iw_disconnect
	check "unload" rmmod rtwsim
	if [ "$MODE" = m ]; then
		check "rtkm holds no block" rtkm_holds_nothing
		rmmod rtkm
	fi
	check "no leak report" no_leak_report

	# --- growth off, probe runs dry at three different points -----------
	fails_cleanly "no order-7 block for the firmware" 0,12,0,24,0,0,0,0,0 36
	fails_cleanly "4 order-3 blocks short for the bus buffers" 0,12,0,20,0,0,0,1,0 33
	fails_cleanly "no order-1 block for the interface rings" 0,0,0,24,0,0,0,1,0 25

	# --- growth off, enough for probe, not for a station ----------------
	RTKM_ARGS="mpool=0,6,0,24,0,0,0,1,0 rtkm_mem_exp=0"
	mark_log
	check "growth off, no room for station rings: load works" load_stack
	ip link set wlan0 up
	check "connect fails" sh -c "timeout 20 iw dev wlan0 connect -w $OPEN_SSID 2>&1 | grep -q 'failed to connect'"
	check "... saying why" log_has "wlan0: no memory for the station's tx rings"
	check "... and stays disconnected" not_connected
	check_table "the rings it got were given back" 1 4 6 6
	check "unload" rmmod rtwsim
	if [ "$MODE" = m ]; then
		check "rtkm holds no block" rtkm_holds_nothing
		rmmod rtkm
	fi
	check "no leak report" no_leak_report
	RTKM_ARGS="mpool=$EXACT_MPOOL"
fi

# --- bad parameters -----------------------------------------------------
bad_param() {
	mark_log
	check "$1 is refused" sh -c "! { $(load_cmd) $1; } 2>/dev/null"
	check "... saying why" log_has "$2"
	check "... leaving nothing behind" no_device
	case $MODE in
	m)
		check "... nor any rtkm block" rtkm_holds_nothing
		rmmod rtkm
		;;
	y)
		# the pools were filled first, so the failed init destroys them
		check "... and destroying the pools" log_has "rtkm_prealloc_destroy: done"
		;;
	esac
}
bad_param xmitbuf_num=0 "rtwsim: xmitbuf_num=0 is outside 1..128"
bad_param recvbuf_num=129 "rtwsim: recvbuf_num=129 is outside 1..128"
bad_param txring_sta_num=17 "rtwsim: txring_sta_num=17 is outside 1..16"
bad_param passphrase=short "rtwsim: passphrase must be 8..63 printable ASCII characters"
bad_param ssid_open=$PSK_SSID "rtwsim: ssid_open and ssid_psk must differ"
if [ "$MODE" = y ]; then
	mark_log
	check "mpool=-1 is refused" sh -c "! insmod '$KO/rtwsim.ko' mpool=-1 2>/dev/null"
	check "... by RTKM" log_has "mpool\[0\]=-1"
	check "... leaving nothing behind" no_device
fi

check "no leak report" no_leak_report
# Tolerance as in rtwsim-load.sh (per-CPU lists, SLUB partial slabs). The
# loads above took far more than that: in mode n, the largest shape's bus
# buffers alone are 2048 pages of kmalloc.
check_near "free pages back to the baseline" "$base" "$(settled_free_pages $FREE_SHRINK)" 256
check "no kernel error in the whole run" log_clean
rtkm_tap_done
