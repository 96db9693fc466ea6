# Helpers for the rtwsim guest test scripts; sourced, never run.
#
# Every script is called as  rtwsim-NAME.sh KO_DIR MODE  where KO_DIR holds
# the modules built for the running kernel and MODE is the CONFIG_RTKM they
# were built with: m (rtkm.ko + rtwsim.ko), y (RTKM inside rtwsim.ko) or
# n (no RTKM). The generic checks (check, check_eq, check_near,
# table_value, settled_free_pages, mark_log, log_has, log_clean) come from
# rtkm-lib.sh.

KO=${1:?usage: $0 KO_DIR MODE}
MODE=${2:?usage: $0 KO_DIR MODE}
case $MODE in m | y | n) ;; *) echo "MODE must be m, y or n" >&2; exit 2 ;; esac

: "${RTKM_REPO:=$(cd "$(dirname "$0")/../../.." && pwd)}"
. "$RTKM_REPO/tests/vm/cases/rtkm-lib.sh"

# How the free-page checks settle: "shrink" on the debug kernel, where
# KASAN's quarantine holds hundreds of pages of freed objects that only a
# cache shrink gives back (tests/vm/cases/debug-run.sh sets it). Not on
# the stock kernels: there the shrink hands back empty slabs that a
# reload then takes anew (6.12's reload check missed by 212 pages with it).
FREE_SHRINK=${RTKM_FREE_SHRINK:+shrink}

# The default memory shape (the module parameter defaults) ...
XMITBUF_NUM=16
RECVBUF_NUM=8
TXRING_IF_NUM=4
TXRING_STA_NUM=8
# ... and the mpool line that holds exactly one interface with one
# connected station: order 1 rings, order 3 bus buffers, order 7 firmware.
EXACT_MPOOL=0,12,0,24,0,0,0,1,0
RING_SIZE=6088

OPEN_SSID=rtwsim-open
OPEN_BSSID=02:72:74:77:01:00
PSK_SSID=rtwsim-psk
PSK_BSSID=02:72:74:77:01:01
PASSPHRASE=rtwsim-passphrase
STA_ADDR=02:72:74:77:00:01

PROC=/proc/net/rtwsim
TABLE=/tmp/rtwsim-table
WPA_LOG=/tmp/rtwsim-wpa.log
WPA_CONF=/tmp/rtwsim-wpa.conf
WPA_CTRL=/run/rtwsim-wpa

# RTKM parameters for the next load_stack: rtkm.ko's in mode m, rtwsim.ko's
# in mode y, nothing in mode n.
RTKM_ARGS="mpool=$EXACT_MPOOL"

# Where the RTKM parameters live in this mode.
rtkm_param_dir() {
	case $MODE in
	m) echo /sys/module/rtkm/parameters ;;
	y) echo /sys/module/rtwsim/parameters ;;
	esac
}

load_rtkm() {
	[ "$MODE" != m ] || insmod "$KO/rtkm.ko" $RTKM_ARGS
}

# load_rtwsim [PARAM=VALUE...]
load_rtwsim() {
	# insmod resolves no dependencies; the crypto API loads hmac/sha1
	modprobe cfg80211 || return 1
	if [ "$MODE" = y ]; then
		insmod "$KO/rtwsim.ko" $RTKM_ARGS "$@"
	else
		insmod "$KO/rtwsim.ko" "$@"
	fi
}

# load_stack [PARAM=VALUE...]: RTKM (mode m) then rtwsim.
load_stack() {
	load_rtkm && load_rtwsim "$@"
}

unload_stack() {
	rmmod rtwsim || return 1
	[ "$MODE" != m ] || rmmod rtkm
}

# The RTKM table as rtwsim shows it, or rtkm.ko's own once rtwsim is gone.
snap_table() {
	if [ -r $PROC/rtkm ]; then
		cat $PROC/rtkm >$TABLE
	elif [ -r /proc/net/rtkm ]; then
		cat /proc/net/rtkm >$TABLE
	else
		: >$TABLE
	fi
}

# tval ORDER COLUMN: from the last snap_table; 0 for an absent row.
tval() {
	v=$(table_value $TABLE "$1" "$2")
	echo "${v:-0}"
}

# check_table DESC ORDER USE PEAK ALLOC: snap, then compare one row.
check_table() {
	snap_table
	check_eq "$1: order $2 use/peak/alloc+" "$3/$4/$5" \
		"$(tval "$2" use)/$(tval "$2" peak)/$(tval "$2" alloc)"
}

phy_of() {
	basename "$(readlink "/sys/class/net/$1/phy80211")"
}

# Runs in the network namespace $NS when it is set (the station's).
in_ns() {
	if [ -n "${NS:-}" ]; then
		ip netns exec "$NS" "$@"
	else
		"$@"
	fi
}

link_is() {
	in_ns iw dev wlan0 link | grep -q "$1"
}

not_connected() {
	in_ns iw dev wlan0 link | grep -q '^Not connected'
}

carrier() {
	in_ns cat /sys/class/net/wlan0/carrier 2>/dev/null || echo 0
}

# How often wlan0's carrier went on since it was created.
carrier_ups() {
	in_ns cat /sys/class/net/wlan0/carrier_up_count
}

# assoc_rejects N: wpa_supplicant logged at least N failed attempts on the
# PSK BSS (status 1: the driver's "unspecified failure" after the AP gave
# up on the handshake).
assoc_rejects() {
	[ "$(grep -c "CTRL-EVENT-ASSOC-REJECT bssid=$PSK_BSSID status_code=1" $WPA_LOG)" -ge "$1" ]
}

status_has() {
	grep -q -- "$1" $PROC/status
}

# "iw dev wlan0 scan" subscribes to the scan events only after its
# trigger request returned, one genetlink lookup at a time (its source says
# so), so in a starved TCG guest the scan can end before it listens and it
# waits forever. Both helpers below allow for that, and only for that.

# iw_scan FILE [ARGS...]: plain "iw dev wlan0 scan", up to 3 attempts of
# 20 s each; a driver whose scans never finish fails all three.
iw_scan() {
	out=$1
	shift
	for attempt in 1 2 3; do
		in_ns timeout 20 iw dev wlan0 scan "$@" >"$out" 2>&1 && return 0
		echo "iw scan attempt $attempt: $(head -1 "$out")" >&2
	done
	return 1
}

# scan_trigger [ARGS...]: trigger with an event listener already running.
# A listener that did not even see "scan started" was not ready: retry;
# a scan that started and never finished is a failure. Results: scan dump.
scan_trigger() {
	for attempt in 1 2 3; do
		in_ns iw event -t >/tmp/rtwsim-ev 2>&1 &
		evpid=$!
		sleep 2
		if ! in_ns iw dev wlan0 scan trigger "$@" >/tmp/rtwsim-trigger 2>&1; then
			kill $evpid
			cat /tmp/rtwsim-trigger >&2
			return 1
		fi
		wait_until 20 grep -q "scan finished\|scan aborted" /tmp/rtwsim-ev
		kill $evpid
		wait $evpid 2>/dev/null
		grep -q "scan finished" /tmp/rtwsim-ev && return 0
		grep -q "scan started" /tmp/rtwsim-ev && break
		# let the scan we could not see end before the next trigger
		sleep 5
	done
	echo "scan_trigger $*: no result; events:" >&2
	cat /tmp/rtwsim-ev >&2
	return 1
}

# iw_connect SSID: open connection through iw, waiting for the result.
iw_connect() {
	in_ns timeout 20 iw dev wlan0 connect -w "$1" >/tmp/rtwsim-iw.out 2>&1
	grep -q "connected to" /tmp/rtwsim-iw.out &&
		! grep -q "failed to connect" /tmp/rtwsim-iw.out
}

iw_disconnect() {
	in_ns iw dev wlan0 disconnect && wait_until 5 not_connected
}

# wpa_start PASSPHRASE: wpa_supplicant on wlan0 for the PSK BSS.
wpa_start() {
	mkdir -p $WPA_CTRL
	cat >$WPA_CONF <<EOF
ctrl_interface=$WPA_CTRL
network={
	ssid="$PSK_SSID"
	psk="$1"
	key_mgmt=WPA-PSK
	proto=RSN
	pairwise=CCMP
}
EOF
	: >$WPA_LOG
	in_ns wpa_supplicant -B -D nl80211 -i wlan0 -c $WPA_CONF -f $WPA_LOG -t -d
}

wpa_state() {
	in_ns wpa_cli -p $WPA_CTRL -i wlan0 status 2>/dev/null |
		sed -n 's/^wpa_state=//p'
}

wpa_completed() {
	[ "$(wpa_state)" = COMPLETED ]
}

# wpa_cli_do COMMAND: one wpa_cli command to the running wpa_supplicant.
wpa_cli_do() {
	in_ns wpa_cli -p $WPA_CTRL -i wlan0 "$1" | grep -q '^OK'
}

# How many connections wpa_supplicant has completed so far.
wpa_connections() {
	grep -c CTRL-EVENT-CONNECTED $WPA_LOG
}

connections_above() {
	[ "$(wpa_connections)" -gt "$1" ]
}

wpa_disconnect() {
	wpa_cli_do disconnect && wait_until 5 not_connected
}

wpa_stop() {
	in_ns wpa_cli -p $WPA_CTRL -i wlan0 terminate >/dev/null 2>&1
	wait_until 5 sh -c '! pidof wpa_supplicant >/dev/null'
}

# The kernel log has no report of leaked RTKM blocks ("memory leak!":
# kmemleak's "Kernel memory leak detector initialized" at boot is none).
no_leak_report() {
	! { cat "$RTKM_FULL_LOG"; dmesg; } | grep -q 'memory leak!'
}

# stat DEV NAME: a netdev counter, in the station's namespace for wlan0.
netdev_stat() {
	if [ "$1" = wlan0 ]; then
		in_ns cat "/sys/class/net/$1/statistics/$2"
	else
		ip netns exec "$UP_NS" cat "/sys/class/net/$1/statistics/$2"
	fi
}
