#!/bin/sh
# The control of the debug kernel's final kmemleak scan (guest-init): leak
# one 100-byte kmalloc object through the test client and exit 0. The scan
# must then report it and fail the boot (tests/vm/t/debug-kmemleak.t).
#
#   kmemleak-control.sh KO_DIR     (rtkm.ko and rtkm_test.ko built for m)
set -eu
KO=$1
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug
insmod "$KO/rtkm.ko" mpool=0,2,0,0,0,0,0,0,0
insmod "$KO/rtkm_test.ko"
echo "leak 100 1" >/sys/kernel/debug/rtkm_test/ctl
cat /sys/kernel/debug/rtkm_test/result
