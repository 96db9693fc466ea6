#!/bin/sh
# rtkm VM suite, CONFIG_RTKM=m, on Debian's arm64 6.1 kernel: modules
# cross-built on the host, booted on QEMU's virt machine (TCG) with the
# arm64 Debian root as the guest's userland.
exec "$(dirname "$0")/../rtkm-suite" 6.1-arm64 m
