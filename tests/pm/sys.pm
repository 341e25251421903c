# system registers and instructions on the Pentium
image sys.img
cpu pentium
