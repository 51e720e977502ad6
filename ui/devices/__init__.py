"""Scanners and printers in the GUI: the device manager, the wedge filter, simulated devices and
the admin's device settings. The device logic that needs no Qt lives in `kiosk.devices`."""
