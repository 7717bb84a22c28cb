# SPDX-License-Identifier: GPL-2.0
#
# igmpsnoop: build, test, lint and install.
#
#   make                 module for KDIR + the igmpsnoopctl CLI
#   make modules-all     module for every installed kernel with headers,
#                        for the debug kernel once it is built
#                        (modules-debug; SKIP_DEBUG=1 leaves it out) and
#                        for the PREEMPT_RT kernel once it is fetched
#                        (modules-rt; SKIP_RT=1), each in
#                        build/<kernel release>/
#   make debug-kernel    build (or find in ~/.cache) the debug kernel the
#                        VM suite also runs on (KASAN, lockdep, kmemleak)
#   make rt-kernel       fetch (or find in ~/.cache) Debian's PREEMPT_RT
#                        6.12 kernel, unpacked, not installed, which the VM
#                        suite runs its "# vm: rt" tests on
#   make deps            install what build, tests and demo need (Debian 12)
#   make check           unit checks, DKMS check, VM suite on every kernel
#   make lint            checkpatch --strict and sparse on every kernel
#   make spec-check      the YNL spec and the uAPI header agree
#   make vm-shell        interactive shell in the VM (KERNEL=6.12 or 6.1)
#   make fuzz            packet and netlink fuzzing and lifecycle torture
#                        in the VM, longer than make check's (KERNEL=debug
#                        by default; FUZZ_COUNT, NLFUZZ_COUNT, FUZZ_SEED,
#                        TORTURE_ROUNDS)
#   make bench           igmpsnoop against the bridge's and OVS's own
#                        snooping in the VM (KERNEL=6.12 or 6.1; QUICK=1
#                        for a first look): results, table and plots in
#                        build/bench/<kernel>/
#   make demo            the seed tutorial, replayed in the VM (KERNEL=...,
#                        SWITCH=ovs for Open vSwitch bridges, VLANS=1 split
#                        across two VLANs)
#   make install         module (for KDIR), CLI, man page, bash completion
#
# Kbuild, beside this file, is the kernel build proper: keep the two apart,
# DKMS appends KERNELRELEASE= to make, which breaks the one-file trick.

VERSION := $(shell cat VERSION)

# All installed kernels that have headers, newest first. Recursively
# expanded, when a recipe runs and not when the Makefile is read: `make
# demo` installs the headers (deps-if-missing) before modules-all uses
# them, in the same run. scripts/tests/make_fresh.sh checks it.
MODULES_DIR ?= /lib/modules
KERNELS = $(shell for d in $(MODULES_DIR)/*/build; do \
		[ -f "$$d/Makefile" ] && basename "$$(dirname "$$d")"; \
	done 2>/dev/null | sort -rV)
KERNELRELEASE ?= $(if $(wildcard $(MODULES_DIR)/$(shell uname -r)/build/Makefile),$(shell uname -r),$(firstword $(KERNELS)))
KDIR ?= $(MODULES_DIR)/$(KERNELRELEASE)/build
# What installs the missing packages; the fresh-machine check replaces it.
DEPS_IF_MISSING ?= bash scripts/deps.sh --if-missing

BUILD ?= $(CURDIR)/build
DESTDIR ?=
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions

# Sources Kbuild needs; per-kernel builds link them into build/<release>/.
MODULE_SRCS := Kbuild VERSION compat.h $(wildcard igmpsnoop_*.h igmpsnoop_*.c) include

CHECKPATCH_DIR := $(BUILD)/tools/linux-source
CHECKPATCH := $(CHECKPATCH_DIR)/scripts/checkpatch.pl
LINUX_SOURCE_TARBALL ?= $(firstword $(wildcard /usr/src/linux-source-6.12.tar.xz /usr/src/linux-source-*.tar.xz))

PHONY_EXTRA := spec-check
.PHONY: all module cli modules-all modules-debug debug-kernel modules-rt rt-kernel fuzz fuzz-tools bench-tools deps check check-unit check-dkms check-vm \
	lint lint-checkpatch lint-sparse vm-shell bench install module-install module-clean \
	cli-install dkms-install clean distclean demo $(PHONY_EXTRA)

all: module cli

module:
	@[ -f "$(KDIR)/Makefile" ] || { echo "No kernel headers at KDIR=$(KDIR): run 'make deps' or set KDIR" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

cli:
	$(MAKE) -C tools/igmpsnoopctl

# build/<release>/ holds symlinks to the sources, so every kernel gets its
# own objects and `make -C KDIR M=build/<release> clean` stays inside it.
# Linked anew on every build, so a new source file is never missed.
link_sources = mkdir -p $(BUILD)/$(1) && \
	for f in $(MODULE_SRCS); do ln -sfn $(CURDIR)/$$f $(BUILD)/$(1)/$$f; done

# The tests' own module (selftests/kmod), in $(BUILD)/KERNEL/testmod, with
# the kernel build directory $(2).
build_testmod = mkdir -p $(BUILD)/$(1)/testmod && \
	for f in $(CURDIR)/selftests/kmod/*; do ln -sfn $$f $(BUILD)/$(1)/testmod/; done && \
	$(MAKE) -s -C $(2) M=$(BUILD)/$(1)/testmod W=$(or $(W),1) modules

modules-all:
	@[ -n "$(KERNELS)" ] || { echo "No kernel headers installed: run 'make deps'" >&2; exit 1; }
	@set -e; for k in $(KERNELS); do \
		$(call link_sources,$$k); \
		echo "  MODULE  $$k"; \
		$(MAKE) -s -C $(MODULES_DIR)/$$k/build M=$(BUILD)/$$k W=$(or $(W),1) \
			$(if $(WERROR),IGMPSNOOP_WERROR=y) modules; \
		$(call build_testmod,$$k,$(MODULES_DIR)/$$k/build); \
	done
	$(if $(SKIP_DEBUG),,@$(MAKE) -s modules-debug)
	$(if $(SKIP_RT),,@$(MAKE) -s modules-rt)

# The module and the tests' module for a kernel that a script of
# scripts/ gives, once it is there: $(1) the script (its --dir prints the
# kernel's directory, $$d, whose file release names it, $$k), $(2) the
# build tree to build against.
lane_module = set -e; if d=$$(bash scripts/$(1) --dir 2>/dev/null); then \
		k=$$(cat "$$d/release"); \
		$(call link_sources,$$k); \
		echo "  MODULE  $$k"; \
		$(MAKE) -s -C "$(2)" M=$(BUILD)/$$k W=$(or $(W),1) \
			$(if $(WERROR),IGMPSNOOP_WERROR=y) modules; \
		$(call build_testmod,$$k,"$(2)"); \
	fi

# The module for the debug kernel (scripts/debug_kernel.sh), once built.
modules-debug:
	@$(call lane_module,debug_kernel.sh,$$d/linux)

debug-kernel: deps-if-missing
	@bash scripts/debug_kernel.sh

# The module for Debian's PREEMPT_RT kernel (scripts/rt_kernel.sh), once
# fetched.
modules-rt:
	@$(call lane_module,rt_kernel.sh,$$d/root/usr/src/linux-headers-$$k)

rt-kernel: deps-if-missing
	@bash scripts/rt_kernel.sh

deps:
	@bash scripts/deps.sh

check: deps-if-missing
	@bash scripts/check.sh

check-unit check-dkms check-vm: deps-if-missing
	@bash scripts/check.sh $(@:check-%=%)

.PHONY: deps-if-missing
deps-if-missing:
	@$(DEPS_IF_MISSING)

# The seed tutorial on two bridges in the VM, with a pass/fail verdict.
demo: deps-if-missing modules-all cli
	bash selftests/vm/run --kernel $(or $(KERNEL),6.12) \
		--test $(if $(filter ovs,$(SWITCH)),ovs_demo,demo)$(if $(filter 1,$(VLANS)),_vlan) \
		--verbose --plain

lint: lint-checkpatch lint-sparse

# The YNL spec and the uAPI header define the same constants.
YNL_DIR := $(CHECKPATCH_DIR)/tools/net/ynl
YNL_SCHEMA := $(CHECKPATCH_DIR)/Documentation/netlink/genetlink-legacy.yaml
spec-check: $(CHECKPATCH)
	python3 scripts/spec_check.py $(YNL_DIR) $(YNL_SCHEMA) \
		netlink/specs/igmpsnoop.yaml include/uapi/linux/igmpsnoop.h

$(CHECKPATCH):
	@[ -n "$(LINUX_SOURCE_TARBALL)" ] || { echo "linux-source-6.12 is missing: run 'make deps'" >&2; exit 1; }
	@mkdir -p $(CHECKPATCH_DIR)
	tar -xJf $(LINUX_SOURCE_TARBALL) -C $(CHECKPATCH_DIR) --strip-components=1 \
		--wildcards '*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch' '*/tools/net/ynl' \
		'*/Documentation/netlink'
	@touch $@

lint-checkpatch: $(CHECKPATCH)
	$(CHECKPATCH) --strict --no-tree --terse --show-types \
		-f $(filter-out %.mod.c,$(wildcard igmpsnoop*.c igmpsnoop*.h)) compat.h include/uapi/linux/igmpsnoop.h \
		selftests/vm/warnmod/igmpsnoop_test_warn.c selftests/kmod/igmpsnoop_test_inject.c \
		selftests/kmod/igmpsnoop_test_hwport.c selftests/kmod/igmpsnoop_test_frame.h

lint-sparse:
	@set -e; for k in $(KERNELS); do \
		$(call link_sources,$$k); \
		echo "  SPARSE  $$k"; \
		out=$$($(MAKE) -s -j$$(nproc) -C $(MODULES_DIR)/$$k/build M=$(BUILD)/$$k C=2 W=1 modules 2>&1); \
		printf '%s\n' "$$out"; \
		if printf '%s\n' "$$out" | grep -E 'warning|error' >/dev/null; then \
			echo "sparse/W=1 reported issues on $$k" >&2; exit 1; fi; \
	done

vm-shell: modules-all cli
	bash selftests/vm/run --kernel $(or $(KERNEL),6.12) --shell

# The fuzzers' host-built tools, which the VM runs from the tree.
FUZZ_TOOLS := $(BUILD)/fuzz/igmpfuzz
fuzz-tools: $(FUZZ_TOOLS)
$(BUILD)/fuzz/igmpfuzz: selftests/fuzz/igmpfuzz.c selftests/frame.h
	@mkdir -p $(@D)
	$(CC) -O2 -g -Wall -Wextra $(if $(WERROR),-Werror) -o $@ $<

# Longer fuzzing runs than make check's, on the debug kernel unless
# KERNEL says otherwise.
fuzz: deps-if-missing debug-kernel modules-all cli fuzz-tools
	FUZZ_COUNT=$(or $(FUZZ_COUNT),1000000) FUZZ_SEED=$(or $(FUZZ_SEED),$$(od -An -N2 -tu2 /dev/urandom | tr -d " ")) \
	NLFUZZ_COUNT=$(or $(NLFUZZ_COUNT),200000) TORTURE_ROUNDS=$(or $(TORTURE_ROUNDS),1000) \
	bash selftests/vm/run --kernel $(or $(KERNEL),debug) --test-timeout 14400 --boot-timeout 43200 \
		--test fuzz_packets --test ovs_fuzz_packets --test fuzz_netlink \
		--test torture --verbose

# The benchmark's host-built report sender, which the VM runs from the tree.
BENCH_TOOLS := $(BUILD)/tools/igmpgen
bench-tools: $(BENCH_TOOLS)
$(BUILD)/tools/igmpgen: selftests/bench/igmpgen.c selftests/frame.h
	@mkdir -p $(@D)
	$(CC) -O2 -g -Wall -Wextra $(if $(WERROR),-Werror) -o $@ $<

# The benchmark (selftests/bench/, docs/design.md "Benchmark"): every figure
# against the alternative a user would pick, in one VM run, interleaved and
# repeated. Not a test: make check runs QUICK=1 only to prove it works
# (selftests/bench_quick.sh).
# The report covers what ran, also when a script failed.
BENCH_KERNEL = $(or $(KERNEL),6.12)
BENCH_DIR = $(BUILD)/bench/$(shell echo $(BENCH_KERNEL) | sed -E 's/^([0-9]+\.[0-9]+).*/\1/')
bench: deps-if-missing modules-all cli bench-tools
	rm -rf $(BENCH_DIR)
	BENCH_QUICK=$(QUICK) bash selftests/vm/run --kernel $(BENCH_KERNEL) --tests-dir selftests/bench \
		--mem 6144 --boot-timeout 28800 --save $(BUILD)/bench --verbose; rc=$$?; \
	python3 scripts/bench_report.py $(BENCH_DIR) && exit $$rc

install: module-install cli-install

module-install: module
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install
	depmod -a $(KERNELRELEASE)

cli-install: cli
	install -D -m 0755 tools/igmpsnoopctl/igmpsnoopctl $(DESTDIR)$(SBINDIR)/igmpsnoopctl
	install -D -m 0644 tools/igmpsnoopctl/igmpsnoopctl.8 $(DESTDIR)$(MANDIR)/man8/igmpsnoopctl.8
	install -D -m 0644 tools/igmpsnoopctl/igmpsnoopctl.bash-completion \
		$(DESTDIR)$(COMPLETIONDIR)/igmpsnoopctl

# Copies the module sources to /usr/src/igmpsnoop-VERSION and lets DKMS
# build and install them for every installed kernel.
dkms-install:
	bash scripts/dkms.sh install

module-clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean

clean:
	@for k in $(KERNELS); do [ -d $(BUILD)/$$k ] && \
		$(MAKE) -s -C $(MODULES_DIR)/$$k/build M=$(BUILD)/$$k clean || true; done
	@[ ! -f "$(KDIR)/Makefile" ] || $(MAKE) -s -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C tools/igmpsnoopctl clean
	rm -rf $(foreach k,$(KERNELS),$(BUILD)/$(k))

distclean: clean
	rm -rf $(BUILD)
