#!/bin/sh
# rtwsim state changes: 100 cycles of interface up, connect, then either
# disconnect and interface down or (every other cycle) interface down under
# the connection; rfkill block and unblock; unbind/bind of the device while
# connected.
#
#   rtwsim-cycles.sh KO_DIR MODE
#
# A cycle only takes a handful of processes (each one is slow in a TCG
# guest): each step's own result is checked in the shell, and what the
# steps must have done is checked once from counters afterwards: a
# firmware download per power-on, a carrier per connection, the station's
# rings coming and going from the pools without ever growing them, and no
# leak.
set -u
. "$(dirname "$0")/rtwsim-lib.sh"

CYCLES=100

boots() {
	sed -n 's/^firmware: [0-9]* bytes, \([0-9]*\) boots$/\1/p' $PROC/status
}

is_up() {
	case $(ip link show wlan0) in *"<"*,UP[,\>]*) return 0 ;; esac
	return 1
}

not_up() {
	! is_up
}

# count N FUNCTION: how many of N runs of FUNCTION succeed
count() {
	ok=0
	i=0
	while [ $i -lt "$1" ]; do
		"$2" && ok=$((ok + 1))
		i=$((i + 1))
	done
	echo $ok
}

# cheap_connect: iw connect to the open BSS, which must report success.
# cfg80211 learns that the last connection ended in its event work, which
# a starved guest may run late; until then it answers EALREADY ("Operation
# already in progress"), so that answer is retried for up to 10 s.
cheap_connect() {
	n=40
	while :; do
		out=$(timeout 20 iw dev wlan0 connect -w $OPEN_SSID 2>&1)
		case $out in
		*"failed to connect"*) return 1 ;;
		*"connected to $OPEN_BSSID"*) return 0 ;;
		*"already in progress"*) ;;
		*) return 1 ;;
		esac
		n=$((n - 1))
		[ $n -gt 0 ] || return 1
		sleep 0.25
	done
}

# cfg80211 has seen the end of the connection, polled for up to 10 s
cheap_idle() {
	n=40
	while [ $n -gt 0 ]; do
		case $(iw dev wlan0 link) in "Not connected"*) return 0 ;; esac
		sleep 0.25
		n=$((n - 1))
	done
	return 1
}

# cycle N: up, connect, then disconnect + down, or down while connected.
# Whether the step before left the state clean shows in the next connect.
cycle() {
	ip link set wlan0 up && cheap_connect || return 1
	if [ $(($1 % 2)) = 0 ]; then
		iw dev wlan0 disconnect || return 1
	fi
	ip link set wlan0 down
}

mark_log
check "load (mode $MODE)" load_stack
phy=$(phy_of wlan0)
# IPv6 autoconfiguration at every link-up is work the cycles do not test
echo 1 >/proc/sys/net/ipv6/conf/wlan0/disable_ipv6
b0=$(boots)
c0=$(carrier_ups)
ok=0
i=0
while [ $i -lt $CYCLES ]; do
	if cycle $i; then
		ok=$((ok + 1))
	else
		echo "cycle $i failed: $(iw dev wlan0 link | head -1)" >&2
		ip link set wlan0 down
	fi
	i=$((i + 1))
done
check_eq "$CYCLES cycles of up, connect, disconnect or down" $CYCLES $ok
check_eq "a firmware download per power-on" $((b0 + CYCLES)) "$(boots)"
check_eq "the carrier went on once per connection" $((c0 + CYCLES)) "$(carrier_ups)"
check "cfg80211 saw the last connection end" cheap_idle
check "the AP holds no station" status_has "ap: no station"
check "wlan0 is down after the last cycle" not_up
if [ "$MODE" != n ]; then
	check_table "after $CYCLES connections: pools never grew" 1 \
		$TXRING_IF_NUM $((TXRING_IF_NUM + TXRING_STA_NUM)) \
		$((TXRING_IF_NUM + TXRING_STA_NUM))
	check_eq "... nor did any other order" "29/37/37" \
		"$(tval sum use)/$(tval sum peak)/$(tval sum alloc)"
fi

ip link set wlan0 up
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
	ip link set wlan0 up && cheap_connect &&
		echo rtwsim >$DRV/unbind && ! ip link show wlan0 >/dev/null 2>&1 &&
		! ip link show rtwup0 >/dev/null 2>&1 && [ ! -e $PROC/status ] &&
		{ [ "$MODE" = n ] || { snap_table && [ "$(tval sum use)" = 0 ]; }; } &&
		echo rtwsim >$DRV/bind && ip link show wlan0 >/dev/null &&
		status_has "xmitbuf: $XMITBUF_NUM of $XMITBUF_NUM free"
}
check_eq "3 unbind/bind cycles, each while connected" 3 "$(count 3 unplug_replug)"
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
