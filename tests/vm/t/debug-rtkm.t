#!/bin/sh
# rtkm and rtwsim on the debug kernel (KASAN, lockdep, kmemleak, fault
# injection), in one boot: see tests/vm/debug-suite.
exec "$(dirname "$0")/../debug-suite"
