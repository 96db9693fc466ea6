#!/bin/sh
# rtkm on the debug kernel (KASAN, lockdep, kmemleak, fault injection),
# with rtwsim in the same boot under make check-debug: see
# tests/vm/debug-suite.
exec "$(dirname "$0")/../debug-suite"
