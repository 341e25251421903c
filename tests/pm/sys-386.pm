# system registers and instructions on the 386
image sys.img
cpu 386
