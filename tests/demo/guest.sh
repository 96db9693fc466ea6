#!/bin/sh
# The demo inside the VM; see tests/demo/run. Every step either shows its
# result or stops the demo with a message saying which step failed.
set -eu
KO=$1
MPOOL=0,12,0,24,0,0,0,1,0
WPA_CTRL=/run/demo-wpa

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
fail() {
	printf '\n\033[1;31mdemo failed: %s\033[0m\n' "$*"
	exit 1
}
sta() { ip netns exec sta "$@"; }
up() { ip netns exec up "$@"; }

# wait_for_quietly SECONDS COMMAND...: poll until COMMAND succeeds; a TCG
# guest can be slow, so no step is timed, only bounded
wait_for_quietly() {
	n=$(($1 * 2))
	shift
	until "$@" >/dev/null 2>&1; do
		n=$((n - 1))
		[ $n -gt 0 ] || return 1
		sleep 0.5
	done
}
# wait_for SECONDS DESCRIPTION COMMAND...: the same, or the demo fails
wait_for() {
	secs=$1
	what=$2
	shift 2
	wait_for_quietly "$secs" "$@" || fail "$what"
}
wpa_completed() {
	sta wpa_cli -p $WPA_CTRL -i wlan0 status | grep -q '^wpa_state=COMPLETED'
}
wpa_stop() {
	sta wpa_cli -p $WPA_CTRL -i wlan0 terminate >/dev/null
	wait_for 30 "wpa_supplicant did not stop" sh -c '! pidof wpa_supplicant'
}
rtkm_table() {
	sed -n '/order/,$p' /proc/net/rtwsim/rtkm
}

say "Installing the modules as the package does, with the pool sizes for rtwsim"
dir=/lib/modules/$(uname -r)/updates/rtkm-dkms
mkdir -p "$dir"
cp "$KO/rtkm.ko" "$KO/rtwsim.ko" "$dir/"
depmod -a
cat >/etc/modprobe.d/rtwsim.conf <<CONF
# One firmware buffer (order 7), 16 xmit + 8 recv buffers (order 3),
# 4 interface + 8 station tx rings (order 1): rtwsim's default shape.
options rtkm mpool=$MPOOL
# rtwsim allocates from rtkm's pools, so rtkm loads first.
softdep rtwsim pre: rtkm
CONF
cat /etc/modprobe.d/rtwsim.conf

say "modprobe rtwsim (rtkm comes first through the softdep, cfg80211 as a dependency)"
modprobe rtwsim || fail "modprobe rtwsim"
lsmod | grep -E '^(rtkm|rtwsim|cfg80211) '
echo "rtkm mpool = $(cat /sys/module/rtkm/parameters/mpool)"
dmesg | grep -E 'rtkm: pools ready|rtwsim: phy' | sed 's/^\[[ 0-9.]*\] //'
ip -br link show wlan0
ip -br link show rtwup0

say "The RTKM table after probe: firmware (order 7), bus buffers (order 3), interface rings (order 1)"
rtkm_table

say "Two network namespaces: the station (wlan0) in 'sta', the AP's uplink (rtwup0) in 'up'"
phy=$(basename "$(readlink /sys/class/net/wlan0/phy80211)")
ip netns add sta
ip netns add up
iw phy "$phy" set netns name sta
ip link set rtwup0 netns up
sta ip link set lo up
sta ip link set wlan0 up
sta ip addr add 10.99.0.1/24 dev wlan0
up ip link set lo up
up ip link set rtwup0 up
up ip addr add 10.99.0.2/24 dev rtwup0
echo "sta: $(sta ip -br addr show wlan0)"
echo "up:  $(up ip -br addr show rtwup0)"

say "iw dev wlan0 scan: the simulated AP's two networks"
# iw can miss the end of a scan in a starved guest; then it is asked again
scanned=
for _ in 1 2 3; do
	if sta timeout 20 iw dev wlan0 scan >/tmp/demo-scan 2>&1; then
		scanned=1
		break
	fi
done
[ -n "$scanned" ] || fail "iw dev wlan0 scan"
grep -E '^BSS|SSID:|freq:|signal:|Authentication suites|Pairwise ciphers' /tmp/demo-scan |
	sed 's/(on wlan0)//'
grep -q 'SSID: rtwsim-psk' /tmp/demo-scan || fail "the scan did not find rtwsim-psk"

say "wpa_supplicant with the right passphrase; the driver checks the PMK in its 4-way handshake"
mkdir -p $WPA_CTRL
cat >/tmp/demo-wpa.conf <<CONF
ctrl_interface=$WPA_CTRL
network={
	ssid="rtwsim-psk"
	psk="rtwsim-passphrase"
	key_mgmt=WPA-PSK
}
CONF
sta wpa_supplicant -B -D nl80211 -i wlan0 -c /tmp/demo-wpa.conf -f /tmp/demo-wpa.log
wait_for 30 "wpa_supplicant did not connect" wpa_completed
sta wpa_cli -p $WPA_CTRL -i wlan0 status | grep -E '^(bssid|ssid|key_mgmt|pairwise_cipher|wpa_state)='
sta iw dev wlan0 link

say "Traffic from 'sta' to 'up' over the simulated air (frames travel in RTKM's order-3 buffers)"
sta ping -c 5 -i 0.2 10.99.0.2 || fail "ping"
up iperf3 -s -1 -B 10.99.0.2 >/tmp/demo-iperf-server 2>&1 &
wait_for 10 "iperf3 server did not start" sh -c "ip netns exec up ss -ltn | grep -q 10.99.0.2:5201"
sta iperf3 -c 10.99.0.2 -t 3 -f m >/tmp/demo-iperf || fail "iperf3"
wait
grep -E 'sender|receiver' /tmp/demo-iperf
grep -E '^(xmitbuf|recvbuf)' /proc/net/rtwsim/status

say "The RTKM table while connected: 8 more order-1 rings for the station"
rtkm_table

say "Tracing order 1 (echo 0x2 > /proc/net/rtwsim/rtkm), then reconnecting"
echo 0x2 >/proc/net/rtwsim/rtkm
dmesg -C
sta wpa_cli -p $WPA_CTRL -i wlan0 reassociate >/dev/null
# the new association takes its 8 station rings from the order-1 pool
wait_for 30 "no traced order-1 allocation" sh -c \
	"[ \$(dmesg | grep -c 'rtkm: _kmalloc: require') -ge 8 ]"
wait_for 30 "wpa_supplicant did not reconnect" wpa_completed
echo "the old connection's rings going back (first 2 of $(dmesg | grep -c 'rtkm: _kfree')):"
dmesg | grep 'rtkm: _kfree' | sed 's/^\[[ 0-9.]*\] //' | head -2
echo "the new connection's rings ($(dmesg | grep -c 'rtkm: _kmalloc') allocations; the first, with its caller's stack):"
dmesg | sed 's/^\[[ 0-9.]*\] //' | sed -n '/rtkm: _kmalloc/,$p' | head -8
echo 0 >/proc/net/rtwsim/rtkm

say "A wrong passphrase: the AP rejects the handshake and the station never connects"
wpa_stop
sed 's/rtwsim-passphrase/not-the-passphrase/' /tmp/demo-wpa.conf >/tmp/demo-wrong.conf
dmesg -C
sta wpa_supplicant -B -D nl80211 -i wlan0 -c /tmp/demo-wrong.conf -f /tmp/demo-wrong.log
if ! wait_for_quietly 30 grep -q CTRL-EVENT-ASSOC-REJECT /tmp/demo-wrong.log; then
	tail -20 /tmp/demo-wrong.log
	fail "the wrong passphrase was not rejected"
fi
! grep -q CTRL-EVENT-CONNECTED /tmp/demo-wrong.log || fail "connected with a wrong passphrase"
dmesg | grep 'PMK mismatch' | sed 's/^\[[ 0-9.]*\] //' | head -1
grep CTRL-EVENT-ASSOC-REJECT /tmp/demo-wrong.log | head -1
wpa_stop

say "Unloading: every block back in the pools, then rtkm frees them and reports no leak"
# rmmod, not modprobe -r, which would take the unused rtkm along at once
rmmod rtwsim
echo "rtkm.ko's own table once rtwsim is gone:"
sed -n '/order/,$p' /proc/net/rtkm
dmesg -C
modprobe -r rtkm
dmesg | sed 's/^\[[ 0-9.]*\] //'
! dmesg | grep -q 'memory leak!' || fail "rtkm reported a leak"

say "Done: modprobe, scan, WPA2, traffic and unload all worked"
