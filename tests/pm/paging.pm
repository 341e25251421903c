# paging on the Pentium (4 MiB pages, global pages)
image paging.img
cpu pentium
