# exceptions on the Pentium Pro model
image exc.img
cpu pentiumpro
