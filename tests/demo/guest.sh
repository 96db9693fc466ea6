#!/bin/sh
# The demo inside the VM; see tests/demo/run.
set -eu
KO=$1
say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
client() { echo "$*" >/sys/kernel/debug/rtkm_test/ctl; }
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug

say "Installing the modules as a package would, and configuring the pools"
dir=/lib/modules/$(uname -r)/updates/rtkm-dkms
mkdir -p "$dir"
cp "$KO/rtkm.ko" "$KO/rtkm_test.ko" "$dir/"
depmod -a
cat >/etc/modprobe.d/rtkm.conf <<'CONF'
# The guide's example: 12292 order-1, 1 order-2, 132 order-3, 3 order-7 blocks.
options rtkm mpool=0,12292,1,132,0,0,0,3,0
# The demo's stand-in driver needs rtkm's pools first, like the Wi-Fi module.
softdep rtkm_test pre: rtkm
CONF
cat /etc/modprobe.d/rtkm.conf

say "modprobe rtkm_test (rtkm comes first through the softdep)"
modprobe rtkm_test
lsmod | grep -E '^(rtkm|rtkm_test) '
echo "mpool = $(cat /sys/module/rtkm/parameters/mpool)"
cat /proc/net/rtkm

say "A driver's bring-up: firmware (order 7), xmit/recv buffers (order 3, softirq), tx rings (order 1)"
client alloc 524288 2
client alloc 16384 1
client alloc 32768 132 softirq
client alloc 8192 12291 hardirq
cat /proc/net/rtkm

say "Tracing order 3: echo 0x8 > /proc/net/rtkm, then one more buffer (the pool grows)"
echo 0x8 >/proc/net/rtkm
dmesg -C
client alloc 32768 1
dmesg | sed -n '/_kmalloc/,$p' | head -12
echo 0 >/proc/net/rtkm
cat /proc/net/rtkm

say "Tear-down and unload: every block back, no leak"
client free 100000
rmmod rtkm_test
dmesg -C
modprobe -r rtkm
dmesg | sed 's/^\[[ 0-9.]*\] //'
