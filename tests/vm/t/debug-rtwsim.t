#!/bin/sh
# rtwsim on the debug kernel (KASAN, lockdep, kmemleak): load and connect
# (modes y and n run load, see tests/vm/cases/rtwsim-run.sh).
RTWSIM_CASES="load connect" exec "$(dirname "$0")/../rtwsim-suite" debug
