#!/bin/sh
# rtwsim on Debian's arm64 6.1 kernel: load, connect and traffic, the cases
# that go through cfg80211 and the network stack on the architecture most
# of RTKM's boards use (modes y and n run load, see
# tests/vm/cases/rtwsim-run.sh). The cycles, pools and sizing cases test
# what does not depend on the architecture and run on x86's 6.1.
RTWSIM_CASES="load connect traffic" exec "$(dirname "$0")/../rtwsim-suite" 6.1-arm64
