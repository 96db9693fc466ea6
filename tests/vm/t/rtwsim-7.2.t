#!/bin/sh
# rtwsim VM suite (modes m, y and n in one boot) on Debian's 7.2 kernel.
exec "$(dirname "$0")/../rtwsim-suite" 7.2
