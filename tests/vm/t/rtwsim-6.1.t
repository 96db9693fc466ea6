#!/bin/sh
# rtwsim VM suite (modes m, y and n in one boot) on Debian's 6.1 kernel.
exec "$(dirname "$0")/../rtwsim-suite" 6.1
