#!/bin/sh
# platform/mpool-for-pages and the top Makefile's use of it: the 4 KiB-page
# pool sizes of platform/*.mk kept in bytes on 16 KiB and 64 KiB pages, for
# the compiled defaults (make) and the modprobe.d file (the packages).
set -u
. "$(dirname "$0")/../lib/common.sh"

TOOL=$RTKM_REPO/platform/mpool-for-pages
work=$(mktemp -d "${TMPDIR:-/tmp}/mpool-for-pages-t.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
check_eq() { rtkm_tap_eq "$@"; }
status_of() { "$@" >/dev/null 2>&1; echo $?; }

# Every order used, so each move is visible: on 16 KiB pages 4 KiB-orders
# 0-2 (up to 16 KiB) are kmalloc()s and o becomes o-2; on 64 KiB pages
# orders 0-4 are and o becomes o-4.
all=3,24,5,48,1,1,1,2,7
check_eq "4 KiB pages: unchanged, order 0 included" "$all" "$("$TOOL" 4096 "$all")"
check_eq "16 KiB pages: 32K blocks are order 1, 1M blocks order 6" \
	0,48,1,1,1,2,7,0,0 "$("$TOOL" 16384 "$all")"
check_eq "64 KiB pages: 128K blocks are order 1, 1M blocks order 4" \
	0,1,1,2,7,0,0,0,0 "$("$TOOL" 65536 "$all")"
check_eq "arm64 board on 16 KiB pages: 24 x 32K, 1 x 512K; 8K rings are kmalloc()s" \
	0,24,0,0,0,1,0,0,0 "$("$TOOL" 16384 0,12,0,24,0,0,0,1,0)"
check_eq "arm64 board on 64 KiB pages: 1 x 512K (order 3); the rest fits a page" \
	0,0,0,1,0,0,0,0,0 "$("$TOOL" 65536 0,12,0,24,0,0,0,1,0)"
check_eq "an unknown page size is refused" 2 "$(status_of "$TOOL" 8192 "$all")"
check_eq "eight counts are refused" 2 "$(status_of "$TOOL" 16384 1,2,3,4,5,6,7,8)"
check_eq "a count that is not a number is refused" 2 \
	"$(status_of "$TOOL" 16384 0,x,0,0,0,0,0,0,0)"

# --- the modprobe.d file ------------------------------------------------------------
make -s -C "$RTKM_REPO" --no-print-directory modprobe-conf PLATFORM=arm64 \
	PAGE_BYTES=4096 >/dev/null
conf=$RTKM_REPO/out/modprobe.d/rtkm-arm64.conf
"$TOOL" --conf 65536 "$conf" >"$work/conf64"
check_eq "--conf 65536: the mpool line converted" \
	"options rtkm mpool=0,0,0,1,0,0,0,0,0" "$(grep '^options rtkm' "$work/conf64")"
check_eq "--conf 65536: the file names its page size" 1 \
	"$(grep -c 'are for 64 KiB pages' "$work/conf64")"
check_eq "--conf 65536: nothing else changed" 2 \
	"$(diff "$conf" "$work/conf64" | grep -c '^>')"
check_eq "--conf 4096 prints the template unchanged" "" \
	"$("$TOOL" --conf 4096 "$conf" | diff "$conf" -)"
echo '# no options line' >"$work/empty.conf"
check_eq "--conf on a file without the options line fails" 1 \
	"$(status_of "$TOOL" --conf 16384 "$work/empty.conf")"

# --- the compiled defaults ----------------------------------------------------------
# The -D flags the module is built with, for a kernel whose config says
# CONFIG_... (a fake KDIR holding only its auto.conf).
cflags_for() { # CONFIG_LINE [MAKE-ARGS...]
	mkdir -p "$work/kdir/include/config"
	echo "$1" >"$work/kdir/include/config/auto.conf"
	shift
	echo CONFIG_ARM64=y >>"$work/kdir/include/config/auto.conf"
	make -s -C "$RTKM_REPO" --no-print-directory -p KDIR="$work/kdir" \
		"$@" platform-check 2>/dev/null |
		sed -n 's/^RTKM_MPOOL_CFLAGS := //p' |
		sed 's/-DRTKM_MPOOL_[0-9]=//g; s/ /,/g'
}
check_eq "make: a 4 KiB-page arm64 kernel gets platform/arm64.mk as written" \
	0,12,0,24,0,0,0,1,0 "$(cflags_for CONFIG_ARM64_4K_PAGES=y)"
check_eq "make: CONFIG_ARM64_16K_PAGES=y converts the defaults" \
	0,24,0,0,0,1,0,0,0 "$(cflags_for CONFIG_ARM64_16K_PAGES=y)"
check_eq "make: CONFIG_ARM64_64K_PAGES=y converts the defaults" \
	0,0,0,1,0,0,0,0,0 "$(cflags_for CONFIG_ARM64_64K_PAGES=y)"
check_eq "make: CONFIG_PAGE_SHIFT=14 (6.9 and later) converts the defaults" \
	0,24,0,0,0,1,0,0,0 "$(cflags_for CONFIG_PAGE_SHIFT=14)"
check_eq "make: a count on the command line is used as given, the rest converted" \
	0,5,0,0,0,1,0,0,0 "$(cflags_for CONFIG_ARM64_16K_PAGES=y RTKM_MPOOL_1=5)"
check_eq "make: one given for an order the conversion fills replaces it" \
	0,24,0,0,0,7,0,0,0 "$(cflags_for CONFIG_ARM64_16K_PAGES=y RTKM_MPOOL_5=7)"

rtkm_tap_done
