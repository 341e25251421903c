# system registers and instructions on the 486
image sys.img
cpu 486
