# system registers on the Pentium Pro model
image sys.img
cpu pentiumpro
