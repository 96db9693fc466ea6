#!/bin/sh
# rtkm VM suite, CONFIG_RTKM=m, on Debian's 5.10 kernel.
exec "$(dirname "$0")/../rtkm-suite" 5.10 m
