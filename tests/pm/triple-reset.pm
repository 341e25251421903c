# a triple fault without --no-reboot resets the machine, which boots again
image triple.img
expect PM-TEST PASS
