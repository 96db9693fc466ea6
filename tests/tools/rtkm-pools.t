#!/bin/sh
# rtkm-pools on the host: its arithmetic and file handling on tables in the
# exact format rtkm.ko prints (tests/unit checks that format), its exit
# codes, and its man page.  The VM suites run it against the real module.
set -u
. "$(dirname "$0")/../lib/common.sh"

TOOL=$RTKM_REPO/rtkm-pools/rtkm-pools
MAN=$RTKM_REPO/rtkm-pools/rtkm-pools.8
work=$(mktemp -d "${TMPDIR:-/tmp}/rtkm-pools-t.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
check() { rtkm_tap_check "$@"; }
check_eq() { rtkm_tap_eq "$@"; }

# A loaded rtkm.ko as the tool sees it: the table and the parameters.
export RTKM_POOLS_SYSFS=$work/sys
mkdir -p "$work/sys/rtkm/parameters"
echo 0,12292,1,132,0,0,0,3,0 >"$work/sys/rtkm/parameters/mpool"
echo 0 >"$work/sys/rtkm/parameters/rtkm_trace"
cat >"$work/proc" <<'EOF'
====================== RTKM ======================
 order        use       peak     alloc+       size
--------------------------------------------------
     1          3         40      12292  100696064
     2          0          0          1      16384
     3          2        140        140    4587520
     7          0          1          3    1572864
   sum          5        181      12436  106856448
EOF
pools() { "$TOOL" --proc "$work/proc" --module rtkm "$@"; }
status_of() { # COMMAND...: prints the exit status
	"$@" >"$work/out" 2>"$work/err"
	echo $?
}

# --- status ---------------------------------------------------------------------
pools status >"$work/out"
check_eq "status exits 0" 0 $?
check_eq "status: order 3 configured 132, owns 140, grew by 8" \
	"3 132 140 8 2 140" "$(awk '$1 == 3 { print $1, $2, $3, $4, $5, $6 }' "$work/out")"
check "status: says order 3 grew at run time by 8 blocks" \
	grep -q "^order 3 grew at run time by 8 blocks" "$work/out"
check "status: unused at peak is (12292-40)x8K + 16K + 0 + (3-1)x512K = 96.7 MiB" \
	grep -q "^memory in blocks never used at the peak: 96.7 MiB$" "$work/out"
sed 's/^/# /' "$work/out"

# --- suggest --------------------------------------------------------------------
check_eq "suggest: peaks +20% rounded up, unused orders 0" \
	"mpool=0,48,0,168,0,0,0,2,0" "$(pools suggest | tail -n 1)"
check_eq "suggest --headroom 0: the peaks themselves" \
	"mpool=0,40,0,140,0,0,0,1,0" "$(pools suggest --headroom 0 | tail -n 1)"
check_eq "suggest --headroom 50" \
	"mpool=0,60,0,210,0,0,0,2,0" "$(pools suggest --headroom 50 | tail -n 1)"
check_eq "suggest: one line of reasoning per order with a pool, and order 0" 5 \
	"$(pools suggest | grep -c '^# order ')"
check "suggest: order 3's reasoning gives peak, headroom and result" \
	sh -c "'$TOOL' --proc '$work/proc' --module rtkm suggest | grep -q '^# order 3: peak 140 blocks, +20% headroom: 168 (owns 140 now)\$'"
printf 'failed allocations: 2\n' >>"$work/proc"
check "suggest: after failures, a pool full at its peak may have needed more" \
	sh -c "'$TOOL' --proc '$work/proc' --module rtkm suggest | grep -q '^# order 3: .*allocations failed, so demand may have been higher'"
check_eq "suggest --headroom 010 is ten percent, not octal eight" \
	"mpool=0,44,0,154,0,0,0,2,0" "$(pools suggest --headroom 010 | tail -n 1)"
check_eq "suggest --headroom 08 is eight percent" \
	"mpool=0,44,0,152,0,0,0,2,0" "$(pools suggest --headroom 08 | tail -n 1)"
for bad in -1 abc 1001 ''; do
	check_eq "suggest --headroom '$bad' is a usage error (2)" 2 \
		"$(status_of pools suggest --headroom "$bad")"
done

sed 's/^     1          3         40      12292  100696064$/     1          3      60000      60000  491520000/' \
	"$work/proc" >"$work/proc-big"
check_eq "suggest never goes above 65408 blocks, the most a pool holds" \
	"mpool=0,65408,0,168,0,0,0,2,0" \
	"$("$TOOL" --proc "$work/proc-big" --module rtkm suggest | tail -n 1)"
# five fields, one of them a command substitution without blanks
printf '     2 $(touch${IFS}%s)          0          1      16384\n' "$work/pwned" >"$work/proc-evil"
cat "$work/proc" >>"$work/proc-evil"
"$TOOL" --proc "$work/proc-evil" --module rtkm status >/dev/null 2>&1
check "a table row that is not numbers is never evaluated" test ! -e "$work/pwned"

# --- apply ------------------------------------------------------------------------
sed -e 's/@PLATFORM@/x86_64/g' -e 's/@MPOOL@/0,12292,1,132,0,0,0,3,0/' \
	"$RTKM_REPO/modprobe.d/rtkm.conf.in" >"$work/rtkm.conf"
# The user's own edits: a comment, another option on the line, a blacklist.
sed -i -e 's/^options rtkm mpool=\(.*\)/options rtkm mpool=\1 rtkm_mem_exp=Y/' \
	"$work/rtkm.conf"
printf '# my note: keep this\nblacklist rtw89_8852bu\n' >>"$work/rtkm.conf"
chmod 0640 "$work/rtkm.conf"
cp "$work/rtkm.conf" "$work/rtkm.conf.before"
check_eq "apply exits 0" 0 "$(status_of pools apply --file "$work/rtkm.conf" --no-reserve)"
check_eq "apply changes exactly the mpool value" \
	"< options rtkm mpool=0,12292,1,132,0,0,0,3,0 rtkm_mem_exp=Y
> options rtkm mpool=0,48,0,168,0,0,0,2,0 rtkm_mem_exp=Y" \
	"$(diff "$work/rtkm.conf.before" "$work/rtkm.conf" | grep '^[<>]')"
check_eq "apply keeps the file's mode" 640 "$(stat -c %a "$work/rtkm.conf")"
check "apply says how to make it take effect" grep -q "modprobe -r DRIVER rtkm" "$work/out"
check "apply names the old and the new line" grep -q \
	"rtkm.conf: mpool=0,12292,1,132,0,0,0,3,0 -> mpool=0,48,0,168,0,0,0,2,0\$" "$work/out"
check_eq "apply of the line the file already has exits 0" 0 \
	"$(status_of pools apply --file "$work/rtkm.conf" --no-reserve)"
check "... and says so, leaving the file alone" grep -q "already has mpool=0,48,0,168,0,0,0,2,0\$" "$work/out"
check_eq "apply --mpool --no-reserve without rtkm loaded exits 0" 0 \
	"$(status_of "$TOOL" --proc "$work/none" apply --file "$work/rtkm.conf" --mpool 0,48,0,168,0,0,0,2 --no-reserve)"
check "apply leaves no temporary file" sh -c "! ls '$work'/rtkm.conf.rtkm-pools.* 2>/dev/null"
check_eq "apply --mpool LIST without rtkm loaded writes LIST, decimal, all nine fields" \
	"options rtkm mpool=0,16,0,8,0,0,0,0,0 rtkm_mem_exp=Y" \
	"$("$TOOL" apply --file "$work/rtkm.conf" --mpool 0,016,0,8 >/dev/null 2>&1; grep '^options' "$work/rtkm.conf")"
for bad in 1,2,x 0,1,2,3,4,5,6,7,8,9 0,65409 ,1 1, 1,,2 '1
2' '' 0x10; do
	check_eq "apply --mpool '$bad' is a usage error (2)" 2 \
		"$(status_of "$TOOL" apply --file "$work/rtkm.conf" --mpool "$bad")"
done
check_eq "... and left the file alone" \
	"options rtkm mpool=0,16,0,8,0,0,0,0,0 rtkm_mem_exp=Y" "$(grep '^options' "$work/rtkm.conf")"
ln -s "$work/rtkm.conf" "$work/link.conf"
"$TOOL" apply --file "$work/link.conf" --mpool 0,20 >/dev/null 2>&1
check_eq "apply through a symlink writes the file it points to" \
	"link options rtkm mpool=0,20,0,0,0,0,0,0,0 rtkm_mem_exp=Y" \
	"$(test -L "$work/link.conf" && echo link) $(grep '^options' "$work/rtkm.conf")"
grep -v 'rtkm-dkms package' "$work/rtkm.conf.before" >"$work/other.conf"
check_eq "apply on a file without the package's marker: not ours (5)" 5 \
	"$(status_of pools apply --file "$work/other.conf" --no-reserve)"
cat "$work/rtkm.conf.before" "$work/rtkm.conf.before" >"$work/twice.conf"
check_eq "apply on a file with two options lines: not ours (5)" 5 \
	"$(status_of pools apply --file "$work/twice.conf" --no-reserve)"
check "... saying why" grep -q "was not written by rtkm-dkms" "$work/err"
check_eq "apply on a missing file (5)" 5 \
	"$(status_of pools apply --file "$work/missing.conf" --no-reserve)"
check_eq "apply without rtkm loaded and without --mpool (3)" 3 \
	"$(status_of "$TOOL" --proc "$work/none" apply --file "$work/rtkm.conf")"
chmod 0755 "$work"
chmod 0644 "$work/rtkm.conf" "$work/proc"
check_eq "apply as a user other than root (4)" 4 \
	"$(status_of setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$TOOL" --proc "$work/proc" --module rtkm apply --file "$work/rtkm.conf")"
check_eq "trace as a user other than root (4)" 4 \
	"$(status_of setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$TOOL" --proc "$work/proc" --module rtkm trace 3)"

# --- arguments and a missing rtkm ---------------------------------------------------
check_eq "no command is a usage error (2)" 2 "$(status_of "$TOOL")"
check_eq "an unknown command is a usage error (2)" 2 "$(status_of "$TOOL" grow)"
check_eq "trace 9 is a usage error (2)" 2 "$(status_of "$TOOL" trace 9)"
check_eq "trace without an order is a usage error (2)" 2 "$(status_of "$TOOL" trace)"
check_eq "status with a missing /proc file: not loaded (3)" 3 \
	"$(status_of "$TOOL" --proc "$work/none" status)"
check "... saying rtkm is not loaded" grep -q "rtkm is not loaded" "$work/err"
echo "RTKM pools are not set up" >"$work/empty"
check_eq "status before the pools are set up: not loaded (3)" 3 \
	"$(status_of "$TOOL" --proc "$work/empty" --module rtkm status)"
echo "something else" >"$work/junk"
check_eq "status on a file that is no RTKM table fails (1)" 1 \
	"$(status_of "$TOOL" --proc "$work/junk" --module rtkm status)"

# --- the man page -----------------------------------------------------------------
check_eq "rtkm-pools.8 renders without warnings (man --warnings -l)" "" \
	"$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings=all -l "$MAN" 2>&1 >/dev/null)"
check "the man page documents every exit status the tool uses" \
	sh -c "for c in 0 1 2 3 4 5; do grep -q \"^\\.B \$c\\\$\" '$MAN' || exit 1; done"
check "rtkm-pools is POSIX sh, shellcheck clean" shellcheck -s sh "$TOOL"

rtkm_tap_done
