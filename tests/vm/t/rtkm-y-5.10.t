#!/bin/sh
# rtkm VM suite, CONFIG_RTKM=y, on Debian's 5.10 kernel.
exec "$(dirname "$0")/../rtkm-suite" 5.10 y
