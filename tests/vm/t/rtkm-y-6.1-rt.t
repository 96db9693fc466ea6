#!/bin/sh
# rtkm VM suite, CONFIG_RTKM=y, on Debian's PREEMPT_RT 6.1 kernel.
exec "$(dirname "$0")/../rtkm-suite" 6.1-rt y
