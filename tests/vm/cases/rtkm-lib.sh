# Helpers for the rtkm guest test scripts; sourced, never run.
# The table columns are: order use peak alloc(+) size.

. "$RTKM_REPO/tests/lib/common.sh"

# Value of COLUMN (use, peak, alloc, size) in ROW (an order or "sum") of
# the table in FILE; empty when the row is absent.
table_value() {
	awk -v row="$2" -v col="$3" '
		BEGIN { c["use"] = 2; c["peak"] = 3; c["alloc"] = 4; c["size"] = 5 }
		$1 == row { print $c[col]; exit }' "$1"
}

# check_eq DESCRIPTION EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then
		rtkm_tap_result 0 "$1"
	else
		rtkm_tap_result 1 "$1 (expected '$2', got '$3')"
	fi
}

# skip DESCRIPTION REASON: a test that does not apply to this kernel,
# reported as skipped (TAP's SKIP), never as a pass.
skip() {
	rtkm_tap_count=$((rtkm_tap_count + 1))
	printf 'ok %d - %s # SKIP %s\n' "$rtkm_tap_count" "$1" "$2"
}

# check DESCRIPTION COMMAND...: passes when COMMAND succeeds.
check() {
	rtkm_tap_check "$@"
}

# Free pages including those parked on the per-CPU lists, which
# nr_free_pages leaves out and which swing by hundreds after a big burst.
free_pages() {
	awk '$1 == "nr_free_pages" { print $2 }' /proc/vmstat
	awk '$1 == "count:" { pcp += $2 } END { print pcp + 0 }' /proc/zoneinfo
}

# settled_free_pages [shrink]
# Free pages once caches are dropped, so page-cache churn from the 9p root
# does not hide or fake a difference, and once the count holds still:
# memory the kernel frees after an RCU grace period or from a workqueue
# (a module's init sections, sysfs nodes) comes back late when the host is
# busy, and TCG stretches that to seconds.
settled_free_pages() {
	sfp_prev=
	sfp_tries=0
	while :; do
		sync
		echo 3 >/proc/sys/vm/drop_caches
		# With "shrink": empty slabs that SLUB keeps on its partial lists
		# are given back too; they swing the count by tens of pages,
		# which matters to the one-page-per-cycle leak check. On a KASAN
		# kernel a shrink also empties the cache's quarantine, which
		# otherwise holds freed objects worth hundreds of pages (rtwsim's
		# reload check missed by 180 pages there without it).
		if [ "${1:-}" = shrink ]; then
			for sfp_cache in /sys/kernel/slab/*/shrink; do
				echo 1 >"$sfp_cache" 2>/dev/null
			done
		fi
		sfp_now=$(free_pages | awk '{ n += $1 } END { print n }')
		sfp_tries=$((sfp_tries + 1))
		if [ -n "$sfp_prev" ]; then
			sfp_step=$((sfp_now - sfp_prev))
			[ "$sfp_step" -lt 0 ] && sfp_step=$((-sfp_step))
			if [ "$sfp_step" -le 16 ] || [ "$sfp_tries" -ge 30 ]; then
				break
			fi
		fi
		sfp_prev=$sfp_now
		sleep 1
	done
	echo "$sfp_now"
}

# wait_until SECONDS COMMAND...: poll every 0.25 s until COMMAND succeeds.
# Each poll is a process or more, which costs a TCG guest a lot: no faster.
wait_until() {
	wu_n=$(($1 * 4))
	shift
	while [ $wu_n -gt 0 ]; do
		"$@" && return 0
		sleep 0.25
		wu_n=$((wu_n - 1))
	done
	"$@"
}

# check_near DESCRIPTION BASE NOW TOLERANCE: |BASE - NOW| <= TOLERANCE
check_near() {
	diff=$(($2 - $3))
	[ "$diff" -lt 0 ] && diff=$((-diff))
	if [ "$diff" -le "$4" ]; then
		rtkm_tap_result 0 "$1 (off by $diff pages)"
	else
		rtkm_tap_result 1 "$1 (off by $diff pages, tolerance $4)"
	fi
}

# Kernel log lines since the last mark_log; the earlier ones are kept in
# RTKM_FULL_LOG so log_clean still sees the whole run.
RTKM_FULL_LOG=/tmp/rtkm-full-dmesg
: >"$RTKM_FULL_LOG"
mark_log() {
	dmesg >>"$RTKM_FULL_LOG"
	dmesg -C
}

log_has() {
	dmesg | grep -q -- "$1"
}

log_count() {
	dmesg | grep -c -- "$1" || true
}

# The kernel reported corruption or a bug of any kind; the lines that say
# so are shown as TAP diagnostics.
log_clean() {
	{ cat "$RTKM_FULL_LOG"; dmesg; } |
		grep -E 'BUG:|WARNING:|Oops|[Cc]orrupt|Poison overwritten|Bad page|general protection' >/tmp/rtkm-bad-log
	sed 's/^/# /' /tmp/rtkm-bad-log
	[ ! -s /tmp/rtkm-bad-log ]
}

# Free memory counted in order-8 blocks (1 MiB with 4 KiB pages).
free_order8_blocks() {
	awk '{ for (o = 8; o + 5 <= NF; o++) n += $(o + 5) * 2 ^ (o - 8) } END { print n + 0 }' /proc/buddyinfo
}

ensure_debugfs() {
	mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
}

# client CMD: send a command to the test client, then print its result.
client() {
	echo "$*" >/sys/kernel/debug/rtkm_test/ctl &&
		cat /sys/kernel/debug/rtkm_test/result
}

# result_field RESULT KEY: value of KEY=value in a client result line.
result_field() {
	printf '%s\n' "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k { print $2 }'
}
