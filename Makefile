# rtkm-dkms: RTKM (pre-allocated page-order pools) and its Wi-Fi module.
#
#   make [KVER=<uname -r>] [KDIR=<dir>] [PLATFORM=x86_64|arm64]
#        [CONFIG_RTKM=m|y|n] [RTKM_MPOOL_<n>=<blocks>]   build the modules
#   make modprobe-conf [PLATFORM=...]            out/modprobe.d/rtkm-<platform>.conf
#   make demo                                    see it work in a VM
#   make check                                   every test suite
#   make check-unit | check-lint | check-vm | check-debug | check-pkg   one suite
#   make check-deps | check-fetch                what the suites install first
#
# The tests need root on Debian 12: they install qemu, Debian kernels and a
# sid chroot, cached under .cache/ (RTKM_CACHE) so reruns are fast.

KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build

# --- platform defaults (DKMS runs `make KVER=... KDIR=... modules`) ---------
# The target kernel's architecture picks platform/<PLATFORM>.mk, which sets
# CONFIG_RTKM and the pool sizes RTKM_MPOOL_0..8; PLATFORM= (or any of
# those variables) on the command line overrides it.
KERNEL_ARCH_CONFIG = $(shell grep -h -s -o -E '^CONFIG_(X86_64|ARM64)=y' \
	$(KDIR)/include/config/auto.conf $(KDIR)/.config | head -n 1)
ifeq ($(origin PLATFORM),undefined)
PLATFORM := $(patsubst CONFIG_%=y,%,$(KERNEL_ARCH_CONFIG))
PLATFORM := $(subst X86_64,x86_64,$(subst ARM64,arm64,$(PLATFORM)))
endif
PLATFORM_MK := $(wildcard platform/$(PLATFORM).mk)
ifneq ($(PLATFORM_MK),)
include $(PLATFORM_MK)
endif
CONFIG_RTKM ?= m
MPOOL_ORDERS := 0 1 2 3 4 5 6 7 8
comma := ,
empty :=
space := $(empty) $(empty)
# platform/*.mk count blocks in orders of 4 KiB pages; for a kernel with
# 16 KiB or 64 KiB pages (arm64) the compiled defaults keep each block's
# byte size (platform/mpool-for-pages).  RTKM_MPOOL_<n> given on the
# command line or in the environment are orders of that kernel's pages
# and are used as given.  PAGE_BYTES overrides what the kernel's config
# says.
KERNEL_PAGE_CONFIG = $(shell grep -h -s -o -E \
	'^CONFIG_(PAGE_SHIFT=[0-9]+|ARM64_16K_PAGES=y|ARM64_64K_PAGES=y)' \
	$(KDIR)/include/config/auto.conf $(KDIR)/.config | head -n 1)
PAGE_BYTES ?= $(if $(findstring 16K,$(KERNEL_PAGE_CONFIG)),16384,$(if \
	$(findstring 64K,$(KERNEL_PAGE_CONFIG)),65536,$(if \
	$(filter CONFIG_PAGE_SHIFT=%,$(KERNEL_PAGE_CONFIG)),$(shell echo \
	$$((1 << $(patsubst CONFIG_PAGE_SHIFT=%,%,$(KERNEL_PAGE_CONFIG))))),4096)))
mpool_given = $(filter command% environment%,$(origin RTKM_MPOOL_$(1)))
ifneq ($(PAGE_BYTES),4096)
MPOOL_PLATFORM := $(subst $(space),$(comma),$(strip $(foreach n,$(MPOOL_ORDERS), \
	$(if $(call mpool_given,$(n)),0,$(RTKM_MPOOL_$(n))))))
MPOOL_CONVERTED := $(subst $(comma), ,$(shell \
	sh platform/mpool-for-pages $(PAGE_BYTES) $(MPOOL_PLATFORM)))
# (order n is word n+1: the count of "0 .. n-1" and one more)
$(foreach n,$(MPOOL_ORDERS),$(if $(call mpool_given,$(n)),,$(eval \
	RTKM_MPOOL_$(n) := $(word $(words $(wordlist 1,$(n),$(MPOOL_ORDERS)) x), \
	$(MPOOL_CONVERTED)))))
endif
RTKM_MPOOL_CFLAGS := $(foreach n,$(MPOOL_ORDERS),-DRTKM_MPOOL_$(n)=$(RTKM_MPOOL_$(n)))
# The same sizes as a modprobe option: mpool=0,24,0,48,...
MPOOL_LINE := $(subst $(space),$(comma),$(strip \
	$(foreach n,$(MPOOL_ORDERS),$(RTKM_MPOOL_$(n)))))

# The matrix of Debian kernels the tests boot (see tests/lib/kernels; 6.1-arm64
# is bookworm's arm64 kernel on QEMU's virt machine), and Debian's
# PREEMPT_RT kernels: the older runs the rtkm m suite, the newer rtwsim's
# load, connect and traffic cases (both kernels pass both; the split keeps
# make check in its budget, see README).
KERNELS ?= 5.10 6.1 6.12 7.2 6.1-arm64
RT_KERNELS ?= 6.1-rt 6.12-rt
RTKM_M_RT_KERNELS ?= $(filter 6.1-rt,$(RT_KERNELS))
RTKM_M_SUITES := $(foreach k,$(KERNELS) $(RTKM_M_RT_KERNELS),tests/vm/t/rtkm-m-$(k).t)
# RTKM linked into a driver (y) differs from rtkm.ko only in its glue, not
# in the engine each kernel's suite exercises in m; to keep make check in
# its budget y boots the oldest and newest mainline Debian kernels of the
# matrix (6.1, 7.2) and is built on every kernel by check-lint.  The other
# kernels' y suites exist (tests/vm/t/rtkm-y-*.t) and run by hand.
Y_KERNELS ?= $(filter 6.1 7.2,$(KERNELS))
RTKM_Y_SUITES := $(foreach k,$(Y_KERNELS),tests/vm/t/rtkm-y-$(k).t)
VM_SUITES := $(RTKM_M_SUITES) $(RTKM_Y_SUITES)
# The Wi-Fi module rtwsim: one VM boot per kernel runs its m, y and n
# builds.
RTWSIM_RT_KERNELS ?= $(filter 6.12-rt,$(RT_KERNELS))
RTWSIM_SUITES := $(foreach k,$(KERNELS) $(RTWSIM_RT_KERNELS),tests/vm/t/rtwsim-$(k).t)
# The debug kernel built from Debian's source (KASAN, lockdep, kmemleak,
# fault injection): one boot for the cases only it can judge. check-debug
# also runs rtwsim's load and connect in that boot and the control of its
# kmemleak scan (a boot that must fail), which make check has no time for.
DEBUG_SUITES := tests/vm/t/debug-rtkm.t
KMEMLEAK_CONTROL := tests/vm/t/debug-kmemleak.t
# The benchmark module once with small sizes: a correctness run, not timed.
BENCH_SMOKE := tests/vm/t/bench-smoke.t

PROVE := prove -v --timer -e ''

.PHONY: all modules platform-check modprobe-conf clean demo check \
	check-deps check-fetch check-unit check-lint check-vm check-rtwsim check-debug check-runner check-pkg \
	check-demo check-bench bench

all: modules

modules: platform-check
	$(MAKE) -C $(KDIR) M=$(CURDIR)/src CONFIG_RTKM=$(CONFIG_RTKM) \
		RTKM_MPOOL_CFLAGS="$(RTKM_MPOOL_CFLAGS)" modules

# Every pool size must be a plain number, and the platform must exist:
# better one clear line in DKMS's make.log than a compiler error.
platform-check:
	@if [ -z "$(PLATFORM_MK)" ]; then \
		echo "no platform/$(PLATFORM).mk: PLATFORM comes from" \
			"CONFIG_X86_64/CONFIG_ARM64 in $(KDIR)/.config or from" \
			"the command line (make PLATFORM=x86_64 or arm64)" >&2; \
		exit 1; \
	fi
	@for v in $(foreach n,$(MPOOL_ORDERS),"$(RTKM_MPOOL_$(n))"); do \
		case $$v in ''|*[!0-9]*) \
			echo "RTKM_MPOOL_0..8 must be block counts, got '$$v'" >&2; \
			exit 1 ;; \
		esac; \
	done

# The modprobe.d file that loads rtkm with this platform's pools, made from
# the same variables as the compiled defaults so the two always agree.
# The packages ship it for 4 KiB pages (PAGE_BYTES=4096) and their
# scripts convert it with platform/mpool-for-pages --conf on machines
# whose pages are larger.
modprobe-conf: platform-check
	mkdir -p out/modprobe.d
	sed -e 's/@PLATFORM@/$(PLATFORM)/g' -e 's/@MPOOL@/$(MPOOL_LINE)/g' \
		-e 's/@PAGE_KIB@/$(shell echo $$(($(PAGE_BYTES) / 1024)))/g' \
		modprobe.d/rtkm.conf.in >out/modprobe.d/rtkm-$(PLATFORM).conf

clean:
	if [ -d $(KDIR) ]; then $(MAKE) -C $(KDIR) M=$(CURDIR)/src clean; fi
	$(MAKE) -C tests/unit clean

demo: check-deps
	tests/demo/run

# Each suite ends with prove's summary; check runs them all, then fails if
# any did, so one red suite does not hide the others.  The time each suite
# took is printed so a CI log shows where the budget goes.
#
# On a new machine the debug kernel takes some 12 minutes of both cores to
# build, and check-deps some 11 minutes that are mostly downloads and
# debootstraps; so its build starts first, in the background, as soon as
# its source is installed, and the debug suite's own `ensure` waits for it
# on the cache's lock.  check-fetch joins that phase, instead of holding
# a VM slot idle or adding its downloads after check-vm.  With warm caches
# these only check.
DEBUG_KERNEL_LOG := $(or $(RTKM_CACHE),$(CURDIR)/.cache)/debug-kernel-ensure.log
check:
	@tests/vm/install-deps
	@mkdir -p $(dir $(DEBUG_KERNEL_LOG)); \
	start=$$(date +%s); \
	setsid tests/lib/debug-kernel ensure >$(DEBUG_KERNEL_LOG) 2>&1 & \
	debug_kernel=$$!; \
	trap 'kill -- -$$debug_kernel 2>/dev/null; exit 130' INT TERM; \
	if ! $(MAKE) --no-print-directory check-deps check-fetch; then \
		kill -- -$$debug_kernel 2>/dev/null; wait; exit 1; \
	fi; \
	echo "make check: check-deps and check-fetch took $$(( $$(date +%s) - start )) s"; \
	failed=; \
	for suite in check-unit check-lint check-runner check-vm check-demo check-pkg; do \
		start=$$(date +%s); \
		$(MAKE) --no-print-directory $$suite || failed="$$failed $$suite"; \
		echo "make check: $$suite took $$(( $$(date +%s) - start )) s"; \
	done; \
	wait $$debug_kernel || failed="$$failed debug-kernel"; \
	sed 's/^/make check: debug kernel: /' $(DEBUG_KERNEL_LOG); \
	if [ -n "$$failed" ]; then echo "make check: FAILED:$$failed"; exit 1; fi; \
	echo "make check: all suites passed"

check-deps:
	tests/lib/install-build-deps --sid
	tests/pkg/install-deps
	tests/vm/install-deps
	tests/unit/install-deps

# What only make check needs from the network: the PREEMPT_RT kernels and
# the package tests' Debian roots (which check-pkg would otherwise make at
# the end of the run).
check-fetch:
	for k in $(RT_KERNELS); do tests/lib/kernels ensure $$k || exit 1; done
	tests/pkg/chroot ensure bookworm
	tests/pkg/chroot ensure sid
	tests/pkg/chroot ensure bookworm-arm64

check-unit:
	$(MAKE) -C tests/unit build
	$(PROVE) tests/unit/build/test_core tests/unit/build/test_core_16k \
		tests/unit/build/test_core_64k tests/unit/build/test_locks \
		tests/unit/build/test_core_tsan tests/unit/fuzz.t \
		tests/tools/rtkm-pools.t tests/tools/mpool-for-pages.t

check-lint:
	$(PROVE) tests/lint/run

# The runner is the same code whatever x86 kernel it boots, so one proves
# it; arm64 guests differ (machine, console, the output's virtio port, the
# root's own busybox), so an arm64 kernel proves that path.
check-runner:
	tests/lib/kernels ensure 6.1 >&2
	eval "$$(tests/lib/kernels info 6.1)" && $(PROVE) tests/vm/test-run-vm :: "$$KVER"
	tests/lib/kernels ensure 6.1-arm64 >&2
	eval "$$(tests/lib/kernels info 6.1-arm64)" && \
		$(PROVE) tests/vm/test-run-vm :: --root "$$KROOT" "$$KVER"

# A TCG guest keeps about one host CPU busy, so two at a time use both of
# this 2-core machine's; the longest suites go first, so the last ones to
# start are short and neither CPU idles long at the end.
VM_JOBS ?= 2
check-vm:
	$(PROVE) -j$(VM_JOBS) $(DEBUG_SUITES) $(RTKM_M_SUITES) $(RTWSIM_SUITES) \
		$(RTKM_Y_SUITES) $(BENCH_SMOKE)

check-debug:
	RTKM_DEBUG_RTWSIM=1 $(PROVE) $(DEBUG_SUITES) $(KMEMLEAK_CONTROL)

check-rtwsim:
	$(PROVE) $(RTWSIM_SUITES)

# make demo as a test: a newcomer's first command must not break unseen.
check-demo:
	$(PROVE) tests/demo/demo.t

check-bench:
	$(PROVE) $(BENCH_SMOKE)

# Packaging: .deb, .rpm and DKMS in Debian roots booted under QEMU.
check-pkg:
	$(PROVE) tests/pkg/run

# Boots 6.1 under TCG, runs every benchmark scenario (then a short set with
# possible_cpus=64, 256 and with 4 vCPUs) and rewrites docs/benchmarks.md,
# .png and .raw.txt; see tests/bench/run.
bench: check-deps
	command -v gnuplot >/dev/null || \
		DEBIAN_FRONTEND=noninteractive apt-get install -y gnuplot-nox
	tests/bench/run
