# Sourced by modprobe-rtwsim.sh (guest): checks the package's udev rule on
# a real USB device.  dummy_hcd plus a configfs mass-storage gadget
# enumerate on the VM's own USB bus with the ids a Realtek AX adapter shows
# in its driver CD-ROM mode (0bda:1a2b); `udevadm test` then reports the
# programs the installed rules would run for it.
# shellcheck shell=sh disable=SC3043

# Prints the sysfs path of the emulated device once it has enumerated.
cdrom_device() {
	local d
	for d in /sys/bus/usb/devices/*; do
		[ "$(cat "$d/idVendor" 2>/dev/null)" = 0bda ] &&
			[ "$(cat "$d/idProduct" 2>/dev/null)" = 1a2b ] &&
			printf '%s\n' "$d" && return 0
	done
	return 1
}

make_cdrom_gadget() {
	local g=/sys/kernel/config/usb_gadget/rtkmcd
	modprobe dummy_hcd && modprobe libcomposite || return 1
	mountpoint -q /sys/kernel/config ||
		mount -t configfs none /sys/kernel/config || return 1
	mkdir "$g" "$g/configs/c.1" "$g/functions/mass_storage.0" || return 1
	echo 0x0bda >"$g/idVendor"
	echo 0x1a2b >"$g/idProduct"
	echo 1 >"$g/functions/mass_storage.0/lun.0/cdrom"
	echo 1 >"$g/functions/mass_storage.0/lun.0/removable"
	ln -s "$g/functions/mass_storage.0" "$g/configs/c.1/" || return 1
	ls /sys/class/udc >"$g/UDC"
}

check "a USB gadget with the CD-ROM ids is bound" make_cdrom_gadget
# Enumeration is asynchronous; wait for it without timing anything.
tries=0
while ! cdrom_device >/dev/null && [ "$tries" -lt 60 ]; do
	sleep 1
	tries=$((tries + 1))
done
dev=$(cdrom_device) || dev=
check "the device 0bda:1a2b appeared on the USB bus" test -n "$dev"
if [ -n "$dev" ]; then
	udevadm test --action=add "$dev" >/tmp/udev-test.log 2>&1
	grep -i 'usb_modeswitch' /tmp/udev-test.log | sed 's/^/# /'
	check "udev runs usb_modeswitch -K for it" \
		grep -q "/usr/sbin/usb_modeswitch -K -v 0bda -p 1a2b" /tmp/udev-test.log
fi
