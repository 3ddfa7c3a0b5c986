# Kumo: `make run` brings up the one-machine cloud; `make test` runs every test; `make bench` the benchmarks.
# Every target installs what it needs first (`make setup`), so a fresh Debian 12 machine needs nothing else.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
export PATH := /opt/swift/usr/bin:$(PATH)

STATE_DIR ?= /var/lib/kumo
CONFIG ?= $(CURDIR)/etc/kumo.conf
KUMOD_PID = $(STATE_DIR)/kumod.pid
KUMOD_LOG = $(STATE_DIR)/kumod.log
# The one compute host of `make run`: its agent (`kumod compute`) and its own libvirtd.
COMPUTE_HOST ?= host1
COMPUTE_PID = $(STATE_DIR)/compute-$(COMPUTE_HOST).pid
COMPUTE_LOG = $(STATE_DIR)/compute-$(COMPUTE_HOST).log
LIBVIRT_DIR = $(STATE_DIR)/hosts/$(COMPUTE_HOST)/libvirt
VIRSH = virsh -q -c "qemu+unix:///system?socket=$(LIBVIRT_DIR)/run/libvirt-sock"
BIN = $(CURDIR)/.build/debug
IMAGE = images/build/kumo-tiny.qcow2

# Debian packages Kumo needs to build, run and test (the guest image's own list is images/packages.txt).
PACKAGES = librabbitmq-dev libsqlite3-dev libvirt-dev libvirt-daemon-system libvirt-clients \
	qemu-system-x86 qemu-utils rabbitmq-server erlang-base nftables iproute2 util-linux \
	python3 python3-venv curl $(shell cat images/packages.txt)

.PHONY: setup build image run stop status test bench bench-identity bench-object clean

setup:
	@missing=$$(for p in $(PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		apt-get update -qq; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: setup
	swift build

image: setup
	images/build.sh

# Starts `kumod all` and the compute agent of $(COMPUTE_HOST) in the background (state in $(STATE_DIR)),
# waits until they answer, stores the tiny image, registers it and boots a guest from it.
run: build image
	@mkdir -p $(STATE_DIR)
	@[ -s $(STATE_DIR)/admin-password ] || (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > $(STATE_DIR)/admin-password)
	@$(BIN)/kumod identity bootstrap --config $(CONFIG) --state-dir $(STATE_DIR) \
		--password "$$(cat $(STATE_DIR)/admin-password)" --openrc $(STATE_DIR)/openrc
	@$(BIN)/kumod object ring local --config $(CONFIG) --state-dir $(STATE_DIR)
	@if [ -f $(KUMOD_PID) ] && kill -0 $$(cat $(KUMOD_PID)) 2>/dev/null; then \
		echo "kumod already runs (pid $$(cat $(KUMOD_PID)))"; \
	else \
		setsid $(BIN)/kumod all --config $(CONFIG) --state-dir $(STATE_DIR) >> $(KUMOD_LOG) 2>&1 < /dev/null & \
		echo $$! > $(KUMOD_PID); \
		echo "kumod all started (pid $$(cat $(KUMOD_PID)), log $(KUMOD_LOG)); waiting for its services…"; \
	fi
	@for i in $$(seq 1 120); do \
		if $(BIN)/kumo service list --config $(CONFIG) 2>/dev/null | grep -q " up "; then break; fi; \
		kill -0 $$(cat $(KUMOD_PID)) 2>/dev/null || { echo "kumod exited:"; tail -20 $(KUMOD_LOG); exit 1; }; \
		sleep 1; \
	done
	$(BIN)/kumo service list --config $(CONFIG)
	@# The main job: store the tiny guest image as an object and read it back.
	@. $(STATE_DIR)/openrc; export KUMO_HOME=$(STATE_DIR)/cli; \
	for i in $$(seq 1 30); do $(BIN)/kumo container create images > /dev/null 2>&1 && break; sleep 1; done; \
	$(BIN)/kumo object upload images $(IMAGE) --name kumo-tiny.qcow2 --segment-size 4194304; \
	$(BIN)/kumo object list images --long; \
	$(BIN)/kumo object download images kumo-tiny.qcow2 --file $(STATE_DIR)/kumo-tiny.check; \
	cmp $(IMAGE) $(STATE_DIR)/kumo-tiny.check && echo "kumo-tiny.qcow2 stored in 3 replicas and read back intact"; \
	rm -f $(STATE_DIR)/kumo-tiny.check; \
	$(BIN)/kumo image show kumo-tiny > /dev/null 2>&1 || \
		$(BIN)/kumo image create --file $(IMAGE) --disk-format qcow2 --container-format bare --public kumo-tiny; \
	$(BIN)/kumo image list
	@if [ -f $(COMPUTE_PID) ] && kill -0 $$(cat $(COMPUTE_PID)) 2>/dev/null; then \
		echo "the compute agent of $(COMPUTE_HOST) already runs (pid $$(cat $(COMPUTE_PID)))"; \
	else \
		setsid $(BIN)/kumod compute --host $(COMPUTE_HOST) --config $(CONFIG) --state-dir $(STATE_DIR) \
			>> $(COMPUTE_LOG) 2>&1 < /dev/null & \
		echo $$! > $(COMPUTE_PID); \
		echo "compute agent of $(COMPUTE_HOST) started (pid $$(cat $(COMPUTE_PID)), log $(COMPUTE_LOG))"; \
	fi
	@# The main job: boot a guest of the tiny image and show its console's ready line.
	@. $(STATE_DIR)/openrc; export KUMO_HOME=$(STATE_DIR)/cli; \
	for i in $$(seq 1 120); do \
		$(BIN)/kumo hypervisor list 2>/dev/null | grep -q " up " && break; \
		kill -0 $$(cat $(COMPUTE_PID)) 2>/dev/null || { echo "the compute agent exited:"; tail -20 $(COMPUTE_LOG); exit 1; }; \
		sleep 1; \
	done; \
	$(BIN)/kumo hypervisor list; \
	status=$$($(BIN)/kumo server show demo -f json 2>/dev/null | python3 -c 'import json, sys; print(json.load(sys.stdin)["status"])' 2>/dev/null || true); \
	if [ -z "$$status" ]; then \
		$(BIN)/kumo server create --image kumo-tiny --flavor m1.tiny --wait demo; \
	elif [ "$$status" = SHUTOFF ]; then \
		$(BIN)/kumo server start --wait demo; \
	fi; \
	$(BIN)/kumo server list; \
	for i in $$(seq 1 120); do \
		$(BIN)/kumo server console demo | grep -q KUMO-GUEST-READY && break; sleep 1; \
	done; \
	$(BIN)/kumo server console demo | grep -a -m 1 KUMO-GUEST-READY
	@echo "Kumo is up. Admin credentials: source $(STATE_DIR)/openrc. Stop it with: make stop"

# Stops the running servers (through the API), the compute agent and its host's libvirtd, then
# `kumod all` (which stops the RabbitMQ node it started). Servers' disks stay; `make run` starts demo again.
stop:
	@if [ -f $(COMPUTE_PID) ] && kill -0 $$(cat $(COMPUTE_PID)) 2>/dev/null; then \
		. $(STATE_DIR)/openrc; export KUMO_HOME=$(STATE_DIR)/cli; \
		for server in $$($(BIN)/kumo server list -f json 2>/dev/null | python3 -c \
			'import json, sys; print(" ".join(s["id"] for s in json.load(sys.stdin) if s["status"] == "ACTIVE"))'); do \
			$(BIN)/kumo server stop --wait $$server && echo "server $$server stopped"; \
		done; \
		kill -TERM $$(cat $(COMPUTE_PID)); \
		while kill -0 $$(cat $(COMPUTE_PID)) 2>/dev/null; do sleep 0.2; done; \
		echo "compute agent of $(COMPUTE_HOST) stopped"; \
	fi
	@rm -f $(COMPUTE_PID)
	@if [ -f $(LIBVIRT_DIR)/libvirtd.pid ] && kill -0 $$(cat $(LIBVIRT_DIR)/libvirtd.pid) 2>/dev/null; then \
		for domain in $$($(VIRSH) list --name); do $(VIRSH) destroy $$domain > /dev/null; done; \
		kill -TERM $$(cat $(LIBVIRT_DIR)/libvirtd.pid); \
		echo "libvirtd of $(COMPUTE_HOST) stopped"; \
	fi
	@if [ -f $(KUMOD_PID) ] && kill -0 $$(cat $(KUMOD_PID)) 2>/dev/null; then \
		kill -TERM $$(cat $(KUMOD_PID)); \
		while kill -0 $$(cat $(KUMOD_PID)) 2>/dev/null; do sleep 0.2; done; \
		echo "kumod stopped"; \
	else \
		echo "kumod is not running"; \
	fi
	@rm -f $(KUMOD_PID)

status:
	$(BIN)/kumo service list --config $(CONFIG)

# Runs every test against a RabbitMQ node of its own (fresh state each run), stopped afterwards.
test: setup image
	swift build --build-tests
	@test_state=$$(mktemp -d /tmp/kumo-make-test.XXXXXX); \
	export KUMO_TEST_BROKER_DIR=$$test_state/broker KUMO_TEST_BROKER_PORT=5692; \
	broker="env KUMO_BUS_PORT=5692 KUMO_BROKER_NODE_NAME=kumo-test-5692@localhost $(BIN)/kumod broker"; \
	$$broker start --state-dir $$test_state; \
	trap "$$broker stop --state-dir $$test_state; rm -rf $$test_state" EXIT; \
	swift test --skip-build

# Benchmarks (release build); paste the tables into docs/benchmarks.md with the date.
# With the anchors of ../shared/anchors present, identity is measured side by side with Keystone.
ANCHORS ?= $(abspath $(CURDIR)/../shared/anchors)
REL = $(CURDIR)/.build/release

bench: build image
	swift build -c release --product kumo-bench
	swift build -c release --product kumod
	@bench_state=$$(mktemp -d /tmp/kumo-bench.XXXXXX); \
	export KUMO_TEST_BROKER_DIR=$$bench_state/broker KUMO_TEST_BROKER_PORT=5693; \
	broker="env KUMO_BUS_PORT=5693 KUMO_BROKER_NODE_NAME=kumo-test-5693@localhost $(BIN)/kumod broker"; \
	$$broker start --state-dir $$bench_state; \
	trap "$$broker stop --state-dir $$bench_state; rm -rf $$bench_state" EXIT; \
	$(REL)/kumo-bench bus; \
	$(REL)/kumo-bench boot --runs 5; \
	$(REL)/kumo-bench token; \
	$(MAKE) --no-print-directory bench-identity BENCH_STATE=$$bench_state; \
	$(MAKE) --no-print-directory bench-object; \
	$(REL)/kumo-bench image --size-mib 512; \
	$(REL)/kumo-bench scheduler; \
	$(REL)/kumo-bench compute

# Object store PUT/GET/DELETE (4 KiB x 2000 at c16, 16 MiB x 40 at c4) on a local Kumo cloud and,
# when the anchors exist, on the real Swift (3 replicas, fsync) with the same client in the same run.
bench-object:
	@swift_args=""; \
	if [ -d "$(ANCHORS)" ]; then \
		export ANCHOR_BASE=/tmp/kumo-anchors SWIFT_PROXY_PORT=8088 SWIFT_BACKEND_PORT_PREFIX=63 SWIFT_MEMCACHE_PORT=11312; \
		$(ANCHORS)/swift/start.sh > /dev/null; \
		trap "$(ANCHORS)/swift/stop.sh > /dev/null" EXIT; \
		swift_args="--swift-auth-url http://127.0.0.1:8088/auth/v1.0 --swift-pid-directory /tmp/kumo-anchors/swift/run"; \
	fi; \
	$(REL)/kumo-bench object $$swift_args

# Token issue/validate over HTTP: Kumo identity (scrypt logN 10) and, when the anchors exist, Keystone
# (bcrypt cost 4, ~the same hash time) in the same run, with Kumo's client and the anchors' tokenbench.py.
bench-identity:
	@export KUMO_BUS_PORT=5693 KUMO_IDENTITY_PORT=15055 KUMO_IDENTITY_PASSWORD_HASH_COST=10 KUMO_LOG_LEVEL=error; \
	$(REL)/kumod identity bootstrap --state-dir $(BENCH_STATE) --password secret > /dev/null; \
	$(REL)/kumod identity --state-dir $(BENCH_STATE) & pid=$$!; \
	trap "kill $$pid" EXIT; \
	until curl -sf -o /dev/null http://127.0.0.1:15055/v3; do sleep 0.2; done; \
	$(REL)/kumo-bench identity --label Kumo --auth-url http://127.0.0.1:15055/v3; \
	if [ -d "$(ANCHORS)" ]; then \
		python3 $(ANCHORS)/bench/tokenbench.py --auth-url http://127.0.0.1:15055/v3 --user admin --password secret \
			--project admin --server-pid $$pid; \
		export ANCHOR_BASE=/tmp/kumo-anchors KEYSTONE_PORT=5055 KEYSTONE_BCRYPT_ROUNDS=4; \
		$(ANCHORS)/keystone/start.sh > /dev/null; \
		trap "kill $$pid; $(ANCHORS)/keystone/stop.sh > /dev/null" EXIT; \
		$(REL)/kumo-bench identity --label Keystone --auth-url http://127.0.0.1:5055/v3; \
		python3 $(ANCHORS)/bench/tokenbench.py --auth-url http://127.0.0.1:5055/v3 --user admin --password secret \
			--project admin --server-pid /tmp/kumo-anchors/keystone/uwsgi.pid; \
	fi

clean:
	rm -rf .build images/build
