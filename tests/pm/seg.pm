# the segment test on the Pentium
image seg.img
cpu pentium
