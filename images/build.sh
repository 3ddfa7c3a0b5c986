#!/bin/bash
# Build images/build/kumo-tiny.qcow2: a self-contained bootable disk with
#   MBR (syslinux mbr.bin)
#   partition 1: FAT16, syslinux + Debian cloud kernel + tiny initramfs
#   partition 2: ext4 root (label kumo-root) with a busybox-static userland
# Everything comes from Debian packages; no loop mounts, no network daemon.
# Usage: sudo images/build.sh            (idempotent; needs packages.txt installed)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT=$HERE/build
DEBS=$OUT/debs
WORK=$OUT/work
IMAGE=$OUT/kumo-tiny.qcow2

BOOT_MIB_SLACK=2          # free space on the FAT boot partition
ROOT_MIB=24               # ext4 root size (busybox + state; several MiB free)
CMDLINE="console=ttyS0 quiet edd=off root=LABEL=kumo-root panic=10"

# virtio drivers for the root disk and the NIC, in load order (initramfs).
INITRAMFS_MODULES="virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev
  virtio_pci virtio_blk failover net_failover virtio_net"
# Loaded later by the rootfs: config drive (ISO9660/VFAT, IDE cdrom) and ACPI button.
ROOTFS_MODULES="cdrom isofs fat vfat nls_cp437 nls_ascii
  scsi_common scsi_mod libata ata_piix sr_mod button evdev"

log() { echo "build.sh: $*" >&2; }

[ "$(id -u)" = 0 ] || { log "must run as root"; exit 1; }
for tool in apt-get apt-cache dpkg-deb cpio gzip mke2fs mkfs.fat mcopy syslinux sfdisk qemu-img; do
    command -v $tool >/dev/null || { log "missing $tool: apt-get install $(tr '\n' ' ' < "$HERE/packages.txt")"; exit 1; }
done
MBR_BIN=/usr/lib/syslinux/mbr/mbr.bin
[ -f $MBR_BIN ] || { log "missing $MBR_BIN (syslinux-common)"; exit 1; }

# --- 1. Debian packages (cached in build/debs) ---------------------------------
# Newest linux-image-6.1.0-N-cloud-amd64 known to apt.
KPKG=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-cloud-amd64$' \
       | awk '{print $1}' | sort -V | tail -n 1)
[ -n "$KPKG" ] || { log "no linux-image-6.1.0-*-cloud-amd64 in apt cache (run apt-get update)"; exit 1; }
KVER=${KPKG#linux-image-}
log "kernel package $KPKG"

mkdir -p "$DEBS"
fetch() {  # fetch PACKAGE: apt-get download unless a .deb is already cached
    ls "$DEBS/$1"_*.deb >/dev/null 2>&1 && return
    (cd "$DEBS" && apt-get -q -o APT::Sandbox::User=root download "$1")
}
fetch "$KPKG"
fetch busybox-static

# --- 2. Unpack ----------------------------------------------------------------------
rm -rf "$WORK"
mkdir -p "$WORK"
dpkg-deb -x "$(ls "$DEBS/$KPKG"_*.deb | tail -n 1)" "$WORK/kernel"
dpkg-deb -x "$(ls "$DEBS"/busybox-static_*.deb | sort -V | tail -n 1)" "$WORK/busybox"
VMLINUZ=$WORK/kernel/boot/vmlinuz-$KVER
MODDIR=$WORK/kernel/lib/modules/$KVER
BUSYBOX=$WORK/busybox/bin/busybox

# Copy modules flat into DIR (insmod takes plain paths; no depmod needed).
copy_modules() {  # copy_modules DIR MODULE...
    local dir=$1; shift
    mkdir -p "$dir"
    for m in "$@"; do
        f=$(find "$MODDIR" -name "$m.ko" | head -n 1)
        [ -n "$f" ] || { log "module $m not found in $KVER"; exit 1; }
        cp "$f" "$dir/"
    done
}

# Install busybox and one symlink per applet into ROOT/bin.
install_busybox() {  # install_busybox ROOT
    mkdir -p "$1/bin"
    cp "$BUSYBOX" "$1/bin/busybox"
    for a in $("$BUSYBOX" --list); do
        [ "$a" = busybox ] || ln -sf busybox "$1/bin/$a"
    done
}

# --- 3. initramfs: busybox + virtio modules + init -------------------------------
IR=$WORK/initramfs
install_busybox "$IR"
mkdir -p "$IR"/{dev,proc,sys,newroot}
mknod -m 600 "$IR/dev/console" c 5 1
copy_modules "$IR/lib/modules" $INITRAMFS_MODULES
echo $INITRAMFS_MODULES > "$IR/lib/modules/load-order"
install -m 755 "$HERE/initramfs/init" "$IR/init"
(cd "$IR" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -9n) > "$WORK/initrd.img"

# --- 4. root filesystem: busybox userland + rootfs/ overlay ------------------------
RF=$WORK/rootfs
install_busybox "$RF"
ln -s bin "$RF/sbin"
mkdir -p "$RF"/{dev,etc,proc,sys,run,tmp,root,mnt,usr,var/lib/kumo,var/log}
ln -s ../bin "$RF/usr/bin"
ln -s ../bin "$RF/usr/sbin"
ln -s ../run "$RF/var/run"
ln -s ../run/resolv.conf "$RF/etc/resolv.conf"   # written by the udhcpc script
cp -a "$HERE/rootfs/." "$RF/"
chmod 755 "$RF"/etc/init.d/* "$RF"/usr/libexec/kumo/* "$RF"/usr/share/udhcpc/default.script "$RF"/etc/acpi/PWRF/*
chmod 1777 "$RF/tmp"
copy_modules "$RF/lib/modules" $ROOTFS_MODULES
rm -f "$WORK/root.img"
mke2fs -q -t ext4 -L kumo-root -E root_owner=0:0 -d "$RF" "$WORK/root.img" "${ROOT_MIB}M" >/dev/null

# --- 5. boot partition: FAT16 with syslinux, kernel, initramfs ---------------------
BOOT_START=2048                                   # sectors (1 MiB alignment)
kib=$(( ($(stat -c %s "$VMLINUZ") + $(stat -c %s "$WORK/initrd.img")) / 1024 ))
BOOT_MIB=$(( kib / 1024 + 1 + BOOT_MIB_SLACK ))
BOOT_SECTORS=$(( BOOT_MIB * 2048 ))
ROOT_START=$(( BOOT_START + BOOT_SECTORS ))
ROOT_SECTORS=$(( ROOT_MIB * 2048 ))
# -h: hidden sectors = partition offset, so the FAT boot sector finds ldlinux.sys.
mkfs.fat -F 16 -n KUMOBOOT -h $BOOT_START -C "$WORK/boot.img" $(( BOOT_MIB * 1024 )) >/dev/null
sed "s|@CMDLINE@|$CMDLINE|" "$HERE/syslinux.cfg" > "$WORK/syslinux.cfg"
export MTOOLS_SKIP_CHECK=1
mcopy -i "$WORK/boot.img" "$VMLINUZ" ::vmlinuz
mcopy -i "$WORK/boot.img" "$WORK/initrd.img" ::initrd.img
mcopy -i "$WORK/boot.img" "$WORK/syslinux.cfg" ::syslinux.cfg
syslinux --install "$WORK/boot.img"                # via mtools, no mount

# --- 6. whole disk: MBR + partition table + both filesystems -----------------------
DISK=$WORK/disk.raw
rm -f "$DISK"
truncate -s $(( (ROOT_START + ROOT_SECTORS + 2048) * 512 )) "$DISK"
sfdisk -q "$DISK" <<EOF
label: dos
start=$BOOT_START, size=$BOOT_SECTORS, type=6, bootable
start=$ROOT_START, size=$ROOT_SECTORS, type=83
EOF
dd if=$MBR_BIN of="$DISK" bs=440 count=1 conv=notrunc status=none
dd if="$WORK/boot.img" of="$DISK" bs=512 seek=$BOOT_START conv=notrunc,sparse status=none
dd if="$WORK/root.img" of="$DISK" bs=512 seek=$ROOT_START conv=notrunc,sparse status=none

# --- 7. compressed qcow2 ------------------------------------------------------------
qemu-img convert -c -O qcow2 "$DISK" "$IMAGE.tmp"
mv "$IMAGE.tmp" "$IMAGE"
echo "$KVER" > "$OUT/kernel-version"
log "built $IMAGE ($(du -h --apparent-size "$IMAGE" | cut -f1), kernel $KVER)"
