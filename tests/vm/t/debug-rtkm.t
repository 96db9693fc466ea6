#!/bin/sh
# rtkm on the debug kernel: KASAN, lockdep, kmemleak, fault injection.
exec "$(dirname "$0")/../debug-suite"
