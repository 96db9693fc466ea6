#!/bin/sh
# rtwsim on Debian's PREEMPT_RT 6.1 kernel: load, connect and traffic
# (modes y and n run load, see tests/vm/cases/rtwsim-run.sh).
RTWSIM_CASES="load connect traffic" exec "$(dirname "$0")/../rtwsim-suite" 6.1-rt
