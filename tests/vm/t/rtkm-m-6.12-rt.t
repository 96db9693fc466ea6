#!/bin/sh
# rtkm VM suite, CONFIG_RTKM=m, on Debian's PREEMPT_RT 6.12 kernel.
exec "$(dirname "$0")/../rtkm-suite" 6.12-rt m
