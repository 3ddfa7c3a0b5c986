#!/bin/bash
# Boot-test build/kumo-tiny.qcow2 under plain QEMU (TCG) on a throwaway overlay:
# ready line, heartbeats, DHCP, config drive (ISO9660 on vdb), boot count and
# disk id across a reboot, ACPI power button, and boot time to the ready line.
# Usage: images/test.sh [timing-runs]      (default 5)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BASE=$HERE/build/kumo-tiny.qcow2
RUNS=${1:-5}
T=$(mktemp -d /tmp/kumo-image-test.XXXXXX)
QPID=
cleanup() { [ -n "$QPID" ] && kill "$QPID" 2>/dev/null; wait 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT
[ -f "$BASE" ] || { echo "no $BASE: run build.sh first" >&2; exit 1; }

fail() { echo "FAIL: $*" >&2; echo "--- console:" >&2; tr -d '\r' < "$LOG" | tail -n 30 >&2; exit 1; }

# boot DISK LOG [extra qemu args...]: start QEMU in the background (max 120 s).
boot() {
    local disk=$1; LOG=$2; shift 2
    : > "$LOG"
    MONPORT=$(( 20000 + RANDOM % 20000 ))
    timeout 120 qemu-system-x86_64 -machine pc,accel=tcg -m 256 -display none \
        -drive file="$disk",if=virtio,format=qcow2 \
        -netdev user,id=n0 -device virtio-net-pci,netdev=n0 \
        -serial file:"$LOG" -monitor tcp:127.0.0.1:$MONPORT,server,nowait "$@" 2>>"$T/qemu.err" &
    QPID=$!
    START=$(date +%s%N)
}
# wait_line REGEX [SECONDS]: wait until a console line matches exactly.
wait_line() {
    local i
    for ((i = 0; i < ${2:-60} * 20; i++)); do
        tr -d '\r' < "$LOG" | grep -qxE "$1" && return 0
        kill -0 "$QPID" 2>/dev/null || break
        sleep 0.05
    done
    fail "no line matching '$1'"
}
line() { tr -d '\r' < "$LOG" | grep -xE "$1" | head -n 1; }
stop() { kill "$QPID" 2>/dev/null || true; wait "$QPID" 2>/dev/null || true; QPID=; }

# Config drive: OpenStack layout on ISO9660, attached as a second virtio disk.
mkdir -p "$T/cd/openstack/latest"
echo '{"uuid": "0b4f1c2e-1111-4222-8333-944455556666", "name": "vm1", "hostname": "vm1-host", "launch_index": 0}' \
    > "$T/cd/openstack/latest/meta_data.json"
printf 'hello from user data\nsecond line\n' > "$T/cd/openstack/latest/user_data"
genisoimage -quiet -V config-2 -J -r -o "$T/config.iso" "$T/cd"

qemu-img create -q -f qcow2 -b "$BASE" -F qcow2 "$T/disk.qcow2"
CD=(-drive file="$T/config.iso",if=virtio,format=raw,readonly=on)

# Boot 1: everything.
boot "$T/disk.qcow2" "$T/boot1.log" "${CD[@]}"
wait_line 'KUMO-GUEST-READY'
echo "ready line after $(( ($(date +%s%N) - START) / 1000000 )) ms"
wait_line 'KUMO-BOOT-COUNT 1'
wait_line 'KUMO-DISK-ID [0-9a-f-]{36}'
ID1=$(line 'KUMO-DISK-ID .*')
wait_line 'KUMO-HEARTBEAT 1'
wait_line 'KUMO-IP 10\.0\.2\.15'
wait_line 'KUMO-INSTANCE-UUID 0b4f1c2e-1111-4222-8333-944455556666'
wait_line 'KUMO-HOSTNAME vm1-host'
wait_line 'KUMO-USERDATA hello from user data'
wait_line 'KUMO-HEARTBEAT 25'
# ACPI power button -> clean poweroff (QEMU exits by itself).
# (keep the monitor connection open a moment, or QEMU may drop the command)
exec 3<>/dev/tcp/127.0.0.1/$MONPORT; echo system_powerdown >&3; sleep 1; exec 3>&-
for ((i = 0; i < 200; i++)); do kill -0 "$QPID" 2>/dev/null || break; sleep 0.1; done
kill -0 "$QPID" 2>/dev/null && fail "no poweroff on ACPI power button"
wait_line 'KUMO-SHUTDOWN' 1
stop
echo "boot 1 ok: $ID1, DHCP, config drive, ACPI poweroff"

# Boot 2 of the same disk, no config drive: count goes up, id stays.
boot "$T/disk.qcow2" "$T/boot2.log"
wait_line 'KUMO-BOOT-COUNT 2'
ID2=$(line 'KUMO-DISK-ID .*')
[ "$ID1" = "$ID2" ] || fail "disk id changed: $ID1 -> $ID2"
wait_line 'KUMO-HEARTBEAT 5'
stop
echo "boot 2 ok: boot count 2, same disk id"

# Boot time to the ready line on fresh overlays.
times=()
for ((r = 1; r <= RUNS; r++)); do
    rm -f "$T/t.qcow2"
    qemu-img create -q -f qcow2 -b "$BASE" -F qcow2 "$T/t.qcow2"
    boot "$T/t.qcow2" "$T/time.log"
    wait_line 'KUMO-GUEST-READY'
    times+=($(( ($(date +%s%N) - START) / 1000000 )))
    stop
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "ready line (ms, QEMU start -> line): ${times[*]}; median ${sorted[$((RUNS / 2))]}"
echo "ALL OK"
