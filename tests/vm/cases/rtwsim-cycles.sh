#!/bin/sh
# rtwsim state changes, 100 times over: interface down/up, connect/
# disconnect, connect then interface down; rfkill block and unblock;
# unbind/bind of the device while connected.
#
#   rtwsim-cycles.sh KO_DIR MODE
#
# Each cycle is checked (state after each step), the firmware must be
# downloaded at every power-on, the station's rings must come and go from
# the pools without ever growing them, and nothing may leak.
set -u
. "$(dirname "$0")/rtwsim-lib.sh"

CYCLES=100

boots() {
	sed -n 's/^firmware: [0-9]* bytes, \([0-9]*\) boots$/\1/p' $PROC/status
}

is_up() {
	ip link show wlan0 | grep -q '<.*,UP[,>]'
}

# one down/up power cycle, checked
down_up() {
	ip link set wlan0 down && ! is_up && [ "$(carrier)" = 0 ] &&
		ip link set wlan0 up && is_up
}

# one connect/disconnect cycle, checked
connect_disconnect() {
	iw_connect $OPEN_SSID && link_is "^Connected to $OPEN_BSSID" &&
		[ "$(carrier)" = 1 ] && iw_disconnect && [ "$(carrier)" = 0 ]
}

# connected, then the interface goes down under the connection
connect_down() {
	iw_connect $OPEN_SSID && link_is "^Connected to $OPEN_BSSID" &&
		ip link set wlan0 down && wait_until 5 not_connected &&
		status_has "ap: no station" && ip link set wlan0 up
}

# count FUNCTION: how many of $CYCLES runs succeed
count() {
	ok=0
	i=0
	while [ $i -lt $CYCLES ]; do
		"$1" && ok=$((ok + 1))
		i=$((i + 1))
	done
	echo $ok
}

mark_log
check "load (mode $MODE)" load_stack
phy=$(phy_of wlan0)
ip link set wlan0 up
b0=$(boots)
check_eq "$CYCLES down/up cycles" $CYCLES "$(count down_up)"
check_eq "a firmware download per power-on" $((b0 + CYCLES)) "$(boots)"

check_eq "$CYCLES connect/disconnect cycles" $CYCLES "$(count connect_disconnect)"
check_eq "$CYCLES connect then down/up cycles" $CYCLES "$(count connect_down)"
if [ "$MODE" != n ]; then
	check_table "after $((2 * CYCLES)) connections: pools never grew" 1 \
		$TXRING_IF_NUM $((TXRING_IF_NUM + TXRING_STA_NUM)) \
		$((TXRING_IF_NUM + TXRING_STA_NUM))
	check_eq "... nor did any other order" "29/37/37" \
		"$(tval sum use)/$(tval sum peak)/$(tval sum alloc)"
fi

# rfkill: soft block takes the interface down with its connection
rfkill=$(ls -d /sys/class/ieee80211/"$phy"/rfkill* 2>/dev/null | head -1)
check "the wiphy has an rfkill switch" test -n "$rfkill"
check "connect before blocking" iw_connect $OPEN_SSID
check "soft block" sh -c "echo 1 >$rfkill/soft"
check "blocking took wlan0 down" wait_until 5 sh -c "! ip link show wlan0 | grep -q '<.*,UP[,>]'"
check "... and ended the connection" wait_until 5 not_connected
check "... at the AP too" status_has "ap: no station"
check "wlan0 cannot come up while blocked" sh -c "! ip link set wlan0 up 2>/dev/null"
check "unblock" sh -c "echo 0 >$rfkill/soft"
check "wlan0 comes up again" ip link set wlan0 up
check "and connects again" iw_connect $OPEN_SSID
check "disconnect" iw_disconnect

if [ "$MODE" != n ]; then
	check_table "all stations gone" 1 $TXRING_IF_NUM \
		$((TXRING_IF_NUM + TXRING_STA_NUM)) $((TXRING_IF_NUM + TXRING_STA_NUM))
fi
check "all bus buffers free" status_has "xmitbuf: $XMITBUF_NUM of $XMITBUF_NUM free"

# unbind/bind: what unplugging and replugging the USB part does, while
# connected; remove must give back everything probe and connect took
DRV=/sys/bus/platform/drivers/rtwsim
unplug_replug() {
	ip link set wlan0 up && iw_connect $OPEN_SSID &&
		echo rtwsim >$DRV/unbind && ! ip link show wlan0 >/dev/null 2>&1 &&
		! ip link show rtwup0 >/dev/null 2>&1 && [ ! -e $PROC/status ] &&
		{ [ "$MODE" = n ] || { snap_table && [ "$(tval sum use)" = 0 ]; }; } &&
		echo rtwsim >$DRV/bind && ip link show wlan0 >/dev/null &&
		status_has "xmitbuf: $XMITBUF_NUM of $XMITBUF_NUM free"
}
CYCLES=10
check_eq "$CYCLES unbind/bind cycles, each while connected" $CYCLES "$(count unplug_replug)"
if [ "$MODE" != n ]; then
	check_table "after the replugs: the shape, pools never grew" 1 \
		$TXRING_IF_NUM $((TXRING_IF_NUM + TXRING_STA_NUM)) \
		$((TXRING_IF_NUM + TXRING_STA_NUM))
	check_eq "... nor did any other order" "37/37" "$(tval sum peak)/$(tval sum alloc)"
fi
mark_log
check "unload" unload_stack
check "no leak report" no_leak_report
check "no kernel error in the whole run" log_clean
rtkm_tap_done
