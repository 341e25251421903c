# exceptions on the 486 (#AC, no CR4)
image exc.img
cpu 486
