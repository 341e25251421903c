# paging on the 486 (CR0.WP, INVLPG; no PSE or PGE)
image paging.img
cpu 486
