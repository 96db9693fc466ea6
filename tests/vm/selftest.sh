#!/bin/sh
# Guest side of tests/vm/test-run-vm: runs inside a VM booted by run-vm.
#
#   selftest.sh check KVER [WORD]
#                             TAP checks of the guest environment; WORD, if
#                             given, must be on the kernel command line
#   selftest.sh exit N        exit with status N
#   selftest.sh sleep N       sleep N seconds (to outlive --timeout)
#   selftest.sh bytes         print a fixed byte pattern (CR, tabs, no final
#                             newline...) that must come back unchanged
#   selftest.sh lines N       print the numbers 1..N, one per line, half of
#                             them to stderr (bulk output, interleaved)
#   selftest.sh args ARG...   print each argument and RTKM_SELFTEST_VALUE
#   selftest.sh background N  leave a process holding stdout, then exit N
#   selftest.sh panic         crash the kernel
#   selftest.sh kmsg LINE...  write each LINE to the kernel log (/dev/kmsg)
#   selftest.sh taint N...    add taint flags N to the kernel
#                             (/proc/sys/kernel/tainted), one write each
#   selftest.sh quiet LINE    set the console loglevel to its lowest, then
#                             log LINE at debug level (<7>)
#
# No `set -e`: a failing check must be reported, not end the run.  `local`
# is not POSIX, but dash, bash and busybox sh all have it.
# shellcheck disable=SC3043
set -u

. "$(dirname "$0")/../lib/common.sh"

# Filesystem type of the mount at exactly PATH, from /proc/mounts.
fs_type_at() {
	awk -v want="$1" '$2 == want { type = $3 } END { print type }' /proc/mounts
}

check() {
	local kver word probe
	kver=$1 word=${2:-}

	[ "$(uname -r)" = "$kver" ]
	rtkm_tap_result $? "uname -r is $kver"

	[ "$(id -u)" = 0 ]
	rtkm_tap_result $? "runs as root"

	[ "$(fs_type_at /)" = overlay ]
	rtkm_tap_result $? "root is an overlay (got '$(fs_type_at /)')"

	probe=/etc/rtkm-vm-selftest.$$
	echo written >"$probe" 2>/dev/null && [ "$(cat "$probe")" = written ] &&
		rm -f "$probe"
	rtkm_tap_result $? "/etc is writable through the overlay"

	{ echo "options cfg80211 ieee80211_regdom=00" \
		>/etc/modprobe.d/rtkm-vm-selftest.conf; } 2>/dev/null &&
		[ -s /etc/modprobe.d/rtkm-vm-selftest.conf ]
	rtkm_tap_result $? "/etc/modprobe.d is writable"

	[ -d "/lib/modules/$kver/kernel" ]
	rtkm_tap_result $? "/lib/modules/$kver is there"

	modprobe cfg80211 && lsmod | grep -q '^cfg80211 '
	rtkm_tap_result $? "modprobe cfg80211 loads it (lsmod shows it)"

	[ "$(cat /sys/module/cfg80211/parameters/ieee80211_regdom 2>/dev/null)" = 00 ]
	rtkm_tap_result $? "modprobe honoured the option written to /etc/modprobe.d"

	[ "$(pwd -P)" = "$RTKM_REPO" ] && [ -f "$RTKM_REPO/tests/vm/run-vm" ]
	rtkm_tap_result $? "the repository is visible at $RTKM_REPO and is the cwd"

	! touch "$RTKM_REPO/.rtkm-vm-selftest" 2>/dev/null
	rtkm_tap_result $? "the repository is read-only"

	[ "$(fs_type_at /proc)" = proc ] && [ "$(fs_type_at /sys)" = sysfs ] &&
		[ "$(fs_type_at /dev)" = devtmpfs ] && [ "$(fs_type_at /tmp)" = tmpfs ] &&
		[ "$(fs_type_at /run)" = tmpfs ]
	rtkm_tap_result $? "fresh /proc, /sys, /dev, /tmp and /run"

	echo x >/tmp/rtkm-vm-selftest && rm /tmp/rtkm-vm-selftest
	rtkm_tap_result $? "/tmp is writable"

	dmesg | grep -q "Linux version $kver"
	rtkm_tap_result $? "dmesg shows the boot log"

	command -v iw >/dev/null && command -v ip >/dev/null
	rtkm_tap_result $? "iw and ip come from the root"

	if [ -n "$word" ]; then
		grep -qw -- "$word" /proc/cmdline
		rtkm_tap_result $? "kernel command line has $word"
	fi

	rtkm_tap_done
}

case ${1:-} in
check) check "$2" "${3:-}" ;;
exit) exit "$2" ;;
sleep) sleep "$2" ;;
bytes)
	printf 'line one\r\nline\ttwo\n\n  spaced  \n\033[1mbold\033[0m\nno newline at the end'
	;;
lines)
	# odd numbers on stdout, even on stderr: both reach the same port in
	# the order written
	awk -v n="$2" 'BEGIN {
		for (i = 1; i <= n; i++) {
			if (i % 2) print i; else print i > "/dev/stderr"
			fflush()
		}
	}'
	;;
args)
	shift
	for arg in "$@"; do
		printf 'arg=[%s]\n' "$arg"
	done
	printf 'env=[%s]\n' "${RTKM_SELFTEST_VALUE:-unset}"
	;;
background)
	# keeps stdout open long after we exit
	sh -c 'while :; do sleep 1; echo tick; done' &
	echo "left a writer behind"
	exit "$2"
	;;
panic)
	echo "crashing the kernel now"
	echo c >/proc/sysrq-trigger
	sleep 60
	;;
kmsg)
	shift
	for line in "$@"; do
		printf '%s\n' "$line" >/dev/kmsg || exit 1
	done
	;;
taint)
	shift
	for n in "$@"; do
		echo "$n" >/proc/sys/kernel/tainted || exit 1
	done
	echo "tainted=$(cat /proc/sys/kernel/tainted)"
	;;
quiet)
	# the console only sees messages more urgent than KERN_EMERG now,
	# unless the kernel ignores the loglevel
	echo 1 >/proc/sys/kernel/printk &&
		printf '<7>%s\n' "$2" >/dev/kmsg
	;;
*)
	echo "usage: $0 check KVER [WORD] | exit N | sleep N | bytes | lines N | args ... | background N | panic | kmsg LINE... | taint N... | quiet LINE" >&2
	exit 2
	;;
esac
