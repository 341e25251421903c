# a triple fault under --no-reboot ends the run with status 4 and a message
image triple.img
option --no-reboot
status 4
stderr triple fault
expect TRIPLE-FAULT NEXT
