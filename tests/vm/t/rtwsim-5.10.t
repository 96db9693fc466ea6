#!/bin/sh
# rtwsim on Debian's 5.10 kernel: load, connect and traffic, the cases that
# go through cfg80211 and the network stack, which differ between kernels
# (modes y and n run load, see tests/vm/cases/rtwsim-run.sh). The cycles,
# pools and sizing cases run on 6.1 only: under make check's budget, they
# test what does not depend on the kernel.
RTWSIM_CASES="load connect traffic" exec "$(dirname "$0")/../rtwsim-suite" 5.10
