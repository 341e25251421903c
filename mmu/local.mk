libvireo_a_SOURCES += mmu/physmem.c mmu/physmem.h mmu/tlb.c mmu/tlb.h mmu/paging.c mmu/paging.h
