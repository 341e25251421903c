# paging on the 386 (no CR0.WP, no INVLPG, no PSE or PGE)
image paging.img
cpu 386
