# tests/vga/modes.vs: the script of tests/vga/modes.sh: a screenshot of
# each step of tests/vga/modes.asm (run in a scratch directory).
# t03blink is taken four times, eight frames (8/70.087 s) apart, so the
# four cursor and blink phases each show once.
expect "STEP 00 t00-40x25-9x16" 60
screenshot t00-40x25-9x16.png
type " "
expect "STEP 01 t01-40x25-8x8" 60
screenshot t01-40x25-8x8.png
type " "
expect "STEP 02 t02-80x25-8x14" 60
screenshot t02-80x25-8x14.png
type " "
expect "STEP 03 t03-80x25-9x16" 60
screenshot t03-80x25-9x16.png
type " "
expect "STEP 04 t03-80x25-8x8" 60
screenshot t03-80x25-8x8.png
type " "
expect "STEP 05 t07-mono-9x16" 60
screenshot t07-mono-9x16.png
type " "
expect "STEP 06 t07-mono-9x14" 60
screenshot t07-mono-9x14.png
type " "
expect "STEP 07 t03blink" 60
screenshot t03blink-1.png
wait 0.114144
screenshot t03blink-2.png
wait 0.114144
screenshot t03blink-3.png
wait 0.114144
screenshot t03blink-4.png
type " "
expect "STEP 08 g04-cga-320x200x4" 60
screenshot g04-cga-320x200x4.png
type " "
expect "STEP 09 g05-cga-320x200x4" 60
screenshot g05-cga-320x200x4.png
type " "
expect "STEP 0A g06-cga-640x200x2" 60
screenshot g06-cga-640x200x2.png
type " "
expect "STEP 0B g0d-ega-320x200x16" 60
screenshot g0d-ega-320x200x16.png
type " "
expect "STEP 0C g0e-ega-640x200x16" 60
screenshot g0e-ega-640x200x16.png
type " "
expect "STEP 0D g10-ega-640x350x16" 60
screenshot g10-ega-640x350x16.png
type " "
expect "STEP 0E g12-vga-640x480x16" 60
screenshot g12-vga-640x480x16.png
type " "
expect "STEP 0F g13-vga-320x200x256" 60
screenshot g13-vga-320x200x256.png
type " "
expect "STEP 10 gx-modex-320x240x256" 60
screenshot gx-modex-320x240x256.png
type " "
expect "STEP 11 g13-dac-ramp" 60
screenshot g13-dac-ramp.png
type " "
expect "STEP 12 v-640x480x32-lfb" 60
screenshot v-640x480x32-lfb.png
type " "
expect "STEP 13 v-800x600x16-lfb" 60
screenshot v-800x600x16-lfb.png
type " "
expect "DONE" 30
