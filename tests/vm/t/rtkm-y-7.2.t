#!/bin/sh
# rtkm VM suite, CONFIG_RTKM=y, on Debian's 7.2 kernel.
exec "$(dirname "$0")/../rtkm-suite" 7.2 y
