# tests/vga/vbe.vs: the script of tests/vga/vbe.sh: a screenshot of each
# picture tests/vga/vbe.asm draws through the VBE services.
expect "STEP 00 v-800x600x16-lfb" 120
screenshot v-800x600x16-lfb.png
type " "
expect "STEP 01 v-1024x768x32-lfb" 120
screenshot v-1024x768x32-lfb.png
type " "
expect "STEP 02 v-640x480x8-banked" 120
screenshot v-640x480x8-banked.png
type " "
expect "DONE" 30
