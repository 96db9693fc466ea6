#!/bin/sh
# rtwsim data path: a station in one network namespace, the AP's uplink in
# another, traffic between them over the simulated air.
#
#   rtwsim-traffic.sh KO_DIR MODE
#
# The wiphy (and wlan0 with it) moves to netns "sta", rtwup0 to netns "up";
# wlan0 connects to the open BSS. Then: pings both ways (small and
# MTU-sized) and 10 s of TCP bulk traffic, 5 s each way. Expected loss:
# none. No ping may go unanswered, the drop counters of the driver and the
# AP must not move and every bus buffer must come back (the air paces a
# fast sender by stopping its queue; it never drops). Last, rtwsim is
# unloaded while its netdevs still live in the two namespaces.
set -u
. "$(dirname "$0")/rtwsim-lib.sh"

STA_NS=sta
NS=$STA_NS
UP_NS=up
STA_IP=10.99.0.1
UP_IP=10.99.0.2
PING=/tmp/rtwsim-ping
IPERF=/tmp/rtwsim-iperf

up_ns() {
	ip netns exec $UP_NS "$@"
}

# counter DEV NAME: a netdev statistic, wlan0 in $NS, rtwup0 in $UP_NS
counter() {
	case $1 in
	wlan0) in_ns cat "/sys/class/net/$1/statistics/$2" ;;
	*) up_ns cat "/sys/class/net/$1/statistics/$2" ;;
	esac
}

drops() {
	echo "$(counter wlan0 tx_dropped) $(counter wlan0 rx_dropped)" \
	     "$(counter rtwup0 tx_dropped) $(counter rtwup0 rx_dropped)" \
	     "$(sed -n 's/^ap: dropped \([0-9]*\) from the air.*/\1/p' $PROC/status)"
}

# ping_ok DESC PING-ARGS...: every echo answered
ping_ok() {
	desc=$1
	shift
	"$@" >$PING 2>&1
	summary=$(grep 'packets transmitted' $PING)
	case $summary in
	*" 0% packet loss"*) rtkm_tap_result 0 "$desc ($summary)" ;;
	*) rtkm_tap_result 1 "$desc (${summary:-$(tail -1 $PING)})" ;;
	esac
}

# iperf_run NAME CLIENT-ARGS...: one iperf3 run, server in $UP_NS
iperf_run() {
	name=$1
	shift
	up_ns iperf3 -s -1 -B $UP_IP >$IPERF-$name-server 2>&1 &
	wait_until 10 sh -c "ip netns exec $UP_NS ss -ltn | grep -q '$UP_IP:5201'"
	in_ns iperf3 -c $UP_IP -f m "$@" >$IPERF-$name 2>&1
	r=$?
	wait
	return $r
}

# MBytes the receiver got in a finished run ("?" if iperf3 did not say)
iperf_got() {
	awk '/receiver/ { for (i = 1; i <= NF; i++) if ($i == "MBytes")
		{ print $(i - 1); exit } } END { if (!NR) print "?" }' "$IPERF-$1"
}

# The run moved bulk data: half a MByte at least. A floor, not a speed:
# a guest starved by a host running 14 runnable threads on 2 cores still
# moved 2.5 MBytes in 5 s, and a broken data path (a queue never woken,
# buffers not coming back) stalls once the bus buffers are full: 16 x 20
# KiB up, 8 x 32 KiB down.
iperf_moved() {
	awk '/receiver/ { for (i = 1; i <= NF; i++) if ($i == "MBytes")
		{ ok = $(i - 1) >= 0.5; exit } } END { exit !ok }' "$IPERF-$1"
}

# TCP retransmissions of a finished run, for the record ("?" if unknown)
iperf_retr() {
	awk '/sender/ { r = ($(NF - 1) ~ /^[0-9]+$/) ? $(NF - 1) : "?" }
		END { print r }' "$IPERF-$1"
}

mark_log
check "load (mode $MODE)" load_stack
phy=$(phy_of wlan0)
ip netns add $NS
ip netns add $UP_NS
check "move $phy to netns $NS" iw phy "$phy" set netns name $NS
check "move rtwup0 to netns $UP_NS" ip link set rtwup0 netns $UP_NS
check "wlan0 followed its wiphy" sh -c "! ip link show wlan0 2>/dev/null && ip netns exec $NS ip link show wlan0 >/dev/null"
check "nl80211 sees the wiphy in $NS only" sh -c "! iw dev | grep -q wlan0 && ip netns exec $NS iw dev | grep -q wlan0"

in_ns ip link set lo up
in_ns ip link set wlan0 up
in_ns ip addr add $STA_IP/24 dev wlan0
up_ns ip link set lo up
up_ns ip link set rtwup0 up
up_ns ip addr add $UP_IP/24 dev rtwup0
check "connect from $NS" iw_connect $OPEN_SSID
check "carrier up" wait_until 5 sh -c "[ \"\$(ip netns exec $NS cat /sys/class/net/wlan0/carrier)\" = 1 ]"
# IPv4 addresses are usable at once; wait for the ARP/neighbour path anyway
in_ns ping -c 1 -W 5 $UP_IP >/dev/null 2>&1
before=$(drops)

ping_ok "ping $NS -> $UP_NS, 20 x 56 bytes" in_ns ping -c 20 -i 0.02 -W 2 $UP_IP
ping_ok "ping $UP_NS -> $NS, 20 x 56 bytes" up_ns ping -c 20 -i 0.02 -W 2 $STA_IP
ping_ok "ping $NS -> $UP_NS, 20 x 1472 bytes, DF (full MTU)" \
	in_ns ping -c 20 -i 0.02 -W 2 -s 1472 -M do $UP_IP
ping_ok "ping $UP_NS -> $NS, 20 x 1472 bytes, DF (full MTU)" \
	up_ns ping -c 20 -i 0.02 -W 2 -s 1472 -M do $STA_IP
check "a 1473-byte DF ping does not fit the 1500 MTU" \
	sh -c "! ip netns exec $NS ping -c 1 -W 2 -s 1473 -M do $UP_IP >/dev/null 2>&1"

check "TCP $NS -> $UP_NS for 5 s" iperf_run tcp-up -t 5
check "TCP upload moved bulk data ($(iperf_got tcp-up) MBytes in 5 s, $(iperf_retr tcp-up) retransmissions)" \
	iperf_moved tcp-up
check "TCP $UP_NS -> $NS for 5 s" iperf_run tcp-down -t 5 -R
check "TCP download moved bulk data ($(iperf_got tcp-down) MBytes in 5 s, $(iperf_retr tcp-down) retransmissions)" \
	iperf_moved tcp-down

after=$(drops)
check_eq "no drops in the driver or the AP (wlan0 tx rx, rtwup0 tx rx, AP)" "$before" "$after"
check "every xmit buffer came back" wait_until 5 status_has "xmitbuf: $XMITBUF_NUM of $XMITBUF_NUM free"
check "every recv buffer came back" wait_until 5 status_has "recvbuf: $RECVBUF_NUM of $RECVBUF_NUM free"
check "bulk traffic was aggregated (more frames than bus buffers)" \
	awk '/^xmitbuf:/ { exit !($6 > $9) }' $PROC/status
# The AP's per-station counters move with wlan0's, frame by frame. The
# link is live (the uplink's IPv6 neighbour traffic reaches the station at
# any time), so the dump must fall between wlan0's counters read before
# and after it.
tx0=$(counter wlan0 tx_packets)
rx0=$(counter wlan0 rx_packets)
in_ns iw dev wlan0 station dump >/tmp/rtwsim-sta
tx1=$(counter wlan0 tx_packets)
rx1=$(counter wlan0 rx_packets)
dump_tx=$(awk '/tx packets:/ { print $3 }' /tmp/rtwsim-sta)
dump_rx=$(awk '/rx packets:/ { print $3 }' /tmp/rtwsim-sta)
check "station dump tx packets ($dump_tx) match wlan0's ($tx0..$tx1)" \
	test "${dump_tx:-0}" -ge "$tx0" -a "${dump_tx:-0}" -le "$tx1"
check "station dump rx packets ($dump_rx) match wlan0's ($rx0..$rx1)" \
	test "${dump_rx:-0}" -ge "$rx0" -a "${dump_rx:-0}" -le "$rx1"
check "station dump rx bytes cover the TCP download" \
	awk -v got="$(iperf_got tcp-down)" '/rx bytes:/ { exit !($3 > got * 1048576) }' /tmp/rtwsim-sta
check "the link is still up" link_is "^Connected to $OPEN_BSSID"

check "disconnect" iw_disconnect
ip netns del $NS
ip netns del $UP_NS
# namespace teardown runs in a workqueue; the devices come home
check "wlan0 back in the initial namespace" wait_until 20 ip link show wlan0
check "rtwup0 back in the initial namespace" wait_until 20 ip link show rtwup0
NS=

# unloading must not care where the devices are: connected, in two
# namespaces, with traffic just sent
ip netns add $STA_NS
ip netns add $UP_NS
iw phy "$(phy_of wlan0)" set netns name $STA_NS
ip link set rtwup0 netns $UP_NS
NS=$STA_NS
in_ns ip link set wlan0 up
in_ns ip addr add $STA_IP/24 dev wlan0
up_ns ip link set rtwup0 up
up_ns ip addr add $UP_IP/24 dev rtwup0
check "connected again, from $NS" iw_connect $OPEN_SSID
ping_ok "ping $NS -> $UP_NS, 10 x 56 bytes" in_ns ping -c 10 -i 0.05 -W 2 $UP_IP
NS=
mark_log
check "rmmod rtwsim with wlan0 and rtwup0 in other namespaces" rmmod rtwsim
check "the namespaces lost their devices" \
	sh -c "! ip netns exec $STA_NS ip link show wlan0 2>/dev/null && ! ip netns exec $UP_NS ip link show rtwup0 2>/dev/null"
ip netns del $STA_NS
ip netns del $UP_NS
check "unload" sh -c "[ $MODE != m ] || rmmod rtkm"
check "no leak report" no_leak_report
check "no kernel error in the whole run" log_clean
rtkm_tap_done
