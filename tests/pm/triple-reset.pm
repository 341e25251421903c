# a triple fault without --no-reboot resets the machine, which boots again
image triple.img
expect PM-TEST PASS
# after the reset, POST finds the keyboard controller as at power-on
nostderr warning
