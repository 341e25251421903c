# tests/vga/reset.vs: the script of tests/vga/reset.sh: the VBE mode the
# guest sets, then the text screen after the triple fault's reset (a few
# frames later, so the picture is no longer the frame of the mode set).
expect "VBE SET" 60
wait 0.1
screenshot reset-1-vbe.png
expect "SECOND BOOT" 60
wait 0.1
screenshot reset-2-text.png
quit
