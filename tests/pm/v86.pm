# virtual-8086 mode on the Pentium (VME, PVI)
image v86.img
cpu pentium
