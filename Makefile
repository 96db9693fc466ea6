# rtkm-dkms: RTKM (pre-allocated page-order pools) and its Wi-Fi module.
#
#   make [KVER=<uname -r>] [CONFIG_RTKM=m|y|n]   build the modules
#   make demo                                    see it work in a VM
#   make check                                   every test suite
#   make check-unit | check-lint | check-vm      one suite
#
# The tests need root on Debian 12: they install qemu, Debian kernels and a
# sid chroot, cached under .cache/ (RTKM_CACHE) so reruns are fast.

KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build
CONFIG_RTKM ?= m

# The matrix of Debian kernels the tests boot (see tests/lib/kernels).
KERNELS ?= 6.1 6.12 7.2
VM_SUITES := $(foreach k,$(KERNELS),tests/vm/t/rtkm-m-$(k).t tests/vm/t/rtkm-y-$(k).t)

PROVE := prove -v -e ''

.PHONY: all modules clean demo check check-deps check-unit check-lint \
	check-vm check-runner

all: modules

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR)/src CONFIG_RTKM=$(CONFIG_RTKM) modules

clean:
	if [ -d $(KDIR) ]; then $(MAKE) -C $(KDIR) M=$(CURDIR)/src clean; fi
	$(MAKE) -C tests/unit clean

demo: check-deps
	tests/demo/run

# Each suite ends with prove's summary; check runs them all, then fails if
# any did, so one red suite does not hide the others.
check: check-deps
	@failed=; \
	for suite in check-unit check-lint check-runner check-vm; do \
		$(MAKE) --no-print-directory $$suite || failed="$$failed $$suite"; \
	done; \
	if [ -n "$$failed" ]; then echo "make check: FAILED:$$failed"; exit 1; fi; \
	echo "make check: all suites passed"

check-deps:
	tests/lib/install-build-deps --sid
	tests/vm/install-deps
	tests/unit/install-deps

check-unit:
	$(MAKE) -C tests/unit build
	$(PROVE) tests/unit/build/test_core tests/unit/build/test_core_tsan tests/unit/fuzz.t

check-lint:
	$(PROVE) tests/lint/run

# The runner is the same code whatever it boots, so one kernel proves it.
check-runner:
	tests/lib/kernels ensure 6.1 >&2
	eval "$$(tests/lib/kernels info 6.1)" && $(PROVE) tests/vm/test-run-vm :: "$$KVER"

check-vm:
	$(PROVE) $(VM_SUITES)
