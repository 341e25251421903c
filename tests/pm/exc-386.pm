# exceptions on the 386 (no #AC)
image exc.img
cpu 386
