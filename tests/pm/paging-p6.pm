# paging on the Pentium Pro model
image paging.img
cpu pentiumpro
