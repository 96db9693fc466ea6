#!/bin/sh
# Guest side of the packaging tests: runs in a VM booted from a test root
# where the rtkm-dkms package (or rpm) is installed, and prints TAP.
#
# Usage: modprobe-rtwsim.sh CONF_MPOOL DEFAULT_MPOOL [NEW_MPOOL] [udev] [client]
#   CONF_MPOOL     the mpool line /etc/modprobe.d/rtkm.conf should hold
#   DEFAULT_MPOOL  the platform's line, which the module is compiled with
#   NEW_MPOOL      edit the file to this line, reload, check it took effect
#                  ("-" for none)
#   udev           also check the usb_modeswitch rule against a USB device
#                  that shows the adapters' driver CD-ROM ids (0bda:1a2b)
#   client         also check the third-party driver tests/pkg/client:
#                  `modprobe client` loads rtkm first and takes its two
#                  32 KiB blocks from the order-3 pool
#
# Checks: `modprobe rtwsim` alone loads rtkm first (softdep) from DKMS's
# directory with the file's mpool, /proc/net/rtkm owns exactly those
# blocks, and the Wi-Fi interface appears.
# shellcheck disable=SC3043
set -u
. "$RTKM_REPO/tests/vm/cases/rtkm-lib.sh"

[ $# -ge 2 ] || rtkm_die "usage: modprobe-rtwsim.sh CONF_MPOOL DEFAULT_MPOOL [NEW_MPOOL] [udev] [client]"
conf_mpool=$1
default_mpool=$2
new_mpool=${3:--}
shift $(($# < 3 ? $# : 3))
with_udev=''
with_client=''
for extra in "$@"; do
	case $extra in
	udev) with_udev=1 ;;
	client) with_client=1 ;;
	*) rtkm_die "modprobe-rtwsim.sh: unknown check '$extra'" ;;
	esac
done
conf=/etc/modprobe.d/rtkm.conf

# The blocks each order's pool owns (the "alloc" column), as an mpool line.
proc_pools() {
	awk '$1 ~ /^[0-8]$/ { n[$1] = $4 }
	END { for (o = 0; o <= 8; o++) printf "%s%d", (o ? "," : ""), n[o] }' \
		/proc/net/rtkm
}

# Network interfaces that belong to a wiphy.
wifi_netdevs() {
	local d
	for d in /sys/class/net/*; do
		[ -e "$d/phy80211" ] && printf '%s ' "${d##*/}"
	done
}

loaded() { [ -d "/sys/module/$1" ]; }
not_loaded() { ! loaded "$1"; }

# Where modprobe finds a module: DKMS installs into updates/dkms, which
# wins over any in-tree module of the same name.
from_dkms() {
	case $(modinfo -n "$1") in */updates/dkms/*) return 0 ;; esac
	return 1
}

# Args: MPOOL LABEL
check_loaded() {
	check "$2: modprobe rtwsim also loaded rtkm" loaded rtkm
	check "$2: rtwsim is loaded" loaded rtwsim
	check_eq "$2: /sys/module/rtkm/parameters/mpool" "$1" \
		"$(cat /sys/module/rtkm/parameters/mpool 2>/dev/null)"
	check_eq "$2: blocks owned in /proc/net/rtkm" "$1" \
		"$(proc_pools 2>/dev/null)"
	check "$2: a Wi-Fi interface exists ($(wifi_netdevs))" \
		test -n "$(wifi_netdevs)"
}

unload() {
	modprobe -r rtwsim rtkm
}

echo "# kernel $(uname -r)"
check_eq "$conf holds the expected pools" "options rtkm mpool=$conf_mpool" \
	"$(grep '^options rtkm' "$conf")"
check "$conf has the softdep" grep -q '^softdep rtwsim pre: rtkm$' "$conf"
check "rtkm.ko comes from DKMS" from_dkms rtkm
check "rtwsim.ko comes from DKMS" from_dkms rtwsim
check "nothing loaded before the test" not_loaded rtkm
mark_log
check "modprobe rtwsim" modprobe rtwsim
check_loaded "$conf_mpool" "installed file"

if [ "$new_mpool" != - ]; then
	check "modprobe -r rtwsim rtkm" unload
	check "both unloaded" not_loaded rtkm
	sed -i "s/^options rtkm mpool=.*/options rtkm mpool=$new_mpool/" "$conf"
	check "modprobe rtwsim after the edit" modprobe rtwsim
	check_loaded "$new_mpool" "edited file"
fi

# Without modprobe.d (-C /dev/null) rtkm uses its compiled defaults, which
# must be the platform's line the package wrote into the file.
check "unload before loading without configuration" unload
check "modprobe -C /dev/null rtkm" modprobe -C /dev/null rtkm
check_eq "compiled default mpool is the platform's line" "$default_mpool" \
	"$(cat /sys/module/rtkm/parameters/mpool 2>/dev/null)"
check "final unload" modprobe -r rtkm

# The order-3 pool's "use" column.
order3_use() {
	awk '$1 == 3 { print $2 }' /proc/net/rtkm
}

if [ -n "$with_client" ]; then
	check "client.ko comes from DKMS" from_dkms client
	check_eq "client.ko depends on rtkm (its symbols resolved at build)" rtkm \
		"$(modinfo -F depends client)"
	check "modprobe client" modprobe client
	check "modprobe client also loaded rtkm" loaded rtkm
	check_eq "client holds 2 order-3 blocks from rtkm's pool" 2 "$(order3_use)"
	# rmmod, not modprobe -r, which would unload rtkm too.
	check "rmmod client" rmmod client
	check "rtkm stays loaded" loaded rtkm
	check_eq "client gave its blocks back" 0 "$(order3_use)"
	check "unload rtkm after the client" modprobe -r rtkm
fi

if [ -n "$with_udev" ]; then
	. "$RTKM_REPO/tests/pkg/cases/udev-cdrom.sh"
fi

check "kernel log has no bug or warning" log_clean
rtkm_tap_done
