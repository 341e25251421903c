; ---------------------------------------------------------------------------
; tests/pm/paging.asm: 32-bit paging (SDM Vol. 3, 4.3, 4.6-4.10 and 6.15
; "Interrupt 14"): #PF error codes (P, W/R, U/S) and CR2 for data, stack,
; page-crossing and instruction-fetch accesses, the U/S and R/W combination
; of PDE and PTE with and without CR0.WP, accessed and dirty bits as the
; processor sets them, the TLB (stale entries until INVLPG or a CR3 write),
; 4 MiB pages under CR4.PSE and global pages under CR4.PGE.  Features the
; CPU model lacks (CPUID, the family) are skipped or checked absent: the
; 386 has no CR0.WP and no INVLPG.
; ---------------------------------------------------------------------------
%define TEST_NAME "paging"
%include "harness.inc"

PD         equ 0x100000
PT0        equ 0x101000             ; 0-4 MiB identity, P RW US
PT1        equ 0x102000             ; 4-8 MiB identity
PT_T       equ 0x103000             ; the test table: linear 800000h-BFFFFFh
PHYS_A     equ 0x200000             ; test pages, each filled with a signature
PHYS_B     equ 0x201000
PHYS_C     equ 0x202000
PHYS_D     equ 0x203000
LIN        equ 0x800000             ; test linear pages LIN, LIN + 1000h, ...
BIG_LIN    equ 0xC00000             ; PD[3]: the 4 MiB page tests
BIG_PHYS   equ 0x400000
PT_ALT     equ 0x104000             ; a copy of PT_T
SIG_A      equ 0xAAAA0001
SIG_B      equ 0xBBBB0002
SIG_C      equ 0xCCCC0003
SIG_D      equ 0xDDDD0004

P   equ 1
RW  equ 2
US  equ 4
ACC equ 0x20
DIRTY equ 0x40
PS  equ 0x80
GLB equ 0x100

%define PTE_OF(lin) (PT_T + ((((lin) - LIN) >> 12) * 4))

; SETPTE lin, value: write a test PTE and flush the TLB with a CR3 write
%macro SETPTE 2
        mov dword [PTE_OF(%1)], %2
        call flush_tlb
        call sigs
%endmacro

; PF_CHECK err, cr2, eip: a #PF with that error code, CR2 and faulting EIP
%macro PF_CHECK 3
        CHECK_FAULT_AT 14, %1, %3
        CHECK_EQ "CR2", [exc_cr2], %2
%endmacro

; SETPTE_G lin, value: the same for a possibly global translation (INVLPG)
%macro SETPTE_G 2
        mov dword [PTE_OF(%1)], %2
        invlpg [%1]
%endmacro

sigs:                                   ; the test pages' signatures again
        mov dword [PHYS_A], SIG_A
        mov dword [PHYS_B], SIG_B
        mov dword [PHYS_C], SIG_C
        mov dword [PHYS_D], SIG_D
        ret

flush_tlb:
        push eax
        mov eax, cr3
        mov cr3, eax
        pop eax
        ret

; has_wp / has_invlpg / has_pse / has_pge: ZF = 0 when the feature exists
has_486:
        cmp dword [cpu_family], 4
        jae .y
        cmp eax, eax                    ; ZF = 1: no
        ret
.y:     or esp, esp                     ; ZF = 0
        ret
has_pse:
        test dword [cpu_features], 1 << 3
        ret
has_pge:
        test dword [cpu_features], 1 << 13
        ret

; setup_paging: the page tables above, paging on, WP clear
setup_paging:
        pushad
        mov edi, PD
        xor eax, eax
        mov ecx, 4 * 1024
        rep stosd
        mov edi, PT0
        mov eax, P | RW | US
        mov ecx, 2048
.id:    stosd
        add eax, 0x1000
        loop .id
        mov dword [PD], PT0 | P | RW | US
        mov dword [PD + 4], PT1 | P | RW | US
        mov dword [PD + 8], PT_T | P | RW | US
        mov dword [PHYS_A], SIG_A
        mov dword [PHYS_B], SIG_B
        mov dword [PHYS_C], SIG_C
        mov dword [PHYS_D], SIG_D
        mov eax, PD
        mov cr3, eax
        mov eax, cr0
        or eax, 0x80000000
        and eax, ~(1 << 16)
        mov cr0, eax
        popad
        ret

        bits 16
v86_pf: mov word [4], 0x1234            ; DS:4 = 90004h: not present
        hlt
        bits 32

test_main:
        call setup_paging

; ---- not present --------------------------------------------------------------------
        CASE "not-present PTE: #PF, error code W/U bits, CR2 = the linear address"
        SETPTE LIN, 0
        TRY
.n1:    mov eax, [LIN + 0x123]
        ENDTRY
        PF_CHECK 0, LIN + 0x123, .n1
        TRY
.n2:    mov byte [LIN + 0xFFF], 1
        ENDTRY
        PF_CHECK 2, LIN + 0xFFF, .n2
        TRY
        TO_RING 3
.n3:    mov eax, [LIN + 4]
        int RING_RETURN_VEC
        ENDTRY
        PF_CHECK 4, LIN + 4, .n3
        CHECK_EQ "CS at the fault", [exc_cs], UCODE
        TRY
        TO_RING 3
.n4:    inc dword [LIN + 8]
        int RING_RETURN_VEC
        ENDTRY
        PF_CHECK 6, LIN + 8, .n4
        CASE "not-present PDE: the same error codes"
        mov dword [PD + 8], PT_T | RW | US      ; P = 0
        call flush_tlb
        TRY
.n5:    mov eax, [LIN + 0x2000]
        ENDTRY
        PF_CHECK 0, LIN + 0x2000, .n5
        TRY
        TO_RING 3
.n6:    mov [LIN + 0x3FFFFC], eax
        int RING_RETURN_VEC
        ENDTRY
        PF_CHECK 6, LIN + 0x3FFFFC, .n6
        mov dword [PD + 8], PT_T | P | RW | US
        call flush_tlb
        CASE "CR2 is the linear address: segment base added"
        SETPTE LIN, 0
        SETDESC SCR(0), LIN - 0x10, 0xFFFFF, ACC_DATA_RW, FL_G | FL_DB
        TRY
        mov ax, SCR(0)
        mov es, ax
.n7:    mov eax, [es:0x14]
        ENDTRY
        PF_CHECK 0, LIN + 4, .n7
        CASE "a page-crossing access faults on the second page; nothing is written"
        SETPTE LIN, PHYS_A | P | RW | US
        SETPTE LIN + 0x1000, 0
        mov dword [PHYS_A + 0xFFC], 0x11111111
        TRY
.n8:    mov dword [LIN + 0xFFE], 0x22222222
        ENDTRY
        PF_CHECK 2, LIN + 0x1000, .n8
        CHECK_EQ "first page untouched", [PHYS_A + 0xFFC], 0x11111111
        SETPTE LIN + 0x1000, PHYS_B | P | RW | US
        SETPTE LIN, 0
        TRY
.n9:    mov eax, [LIN + 0xFFE]
        ENDTRY
        PF_CHECK 0, LIN + 0xFFE, .n9
        CASE "stack pushes at ring 3 into a not-present page: #PF(6), ESP kept"
        SETPTE LIN, 0
        TRY
        TO_RING 3
        mov esp, LIN + 0x1000
.n10:   push eax
        int RING_RETURN_VEC
        ENDTRY
        PF_CHECK 6, LIN + 0xFFC, .n10
        CHECK_EQ "ESP at the fault", [exc_esp], LIN + 0x1000
        CASE "instruction fetch from a not-present page: CR2 = EIP"
        SETPTE LIN, PHYS_A | P | RW | US
        SETPTE LIN + 0x1000, 0
        mov byte [PHYS_A], 0xC3                 ; RET
        mov word [PHYS_A + 0xFFE], 0x90B8       ; MOV EAX, imm32 across the page end
        call flush_tlb
        TRY
        call LIN                                ; works: RET
        mov eax, LIN + 0xFFE
.n11:   call eax
        ENDTRY
        CHECK_EQ "vector", [exc_vec], 14
        CHECK_EQ "error code", [exc_err], 0
        CHECK_EQ "CR2: the second page", [exc_cr2], LIN + 0x1000
        CHECK_EQ "EIP: the instruction's start", [exc_eip], LIN + 0xFFE
        TRY
        mov eax, LIN + 0x1000
        call eax
        ENDTRY
        CHECK_EQ "fetch at the page start: CR2", [exc_cr2], LIN + 0x1000
        CHECK_EQ "fetch at the page start: EIP", [exc_eip], LIN + 0x1000
        CHECK_EQ "fetch at the page start: error", [exc_err], 0

; ---- protection --------------------------------------------------------------------------
        CASE "ring 3 read of a supervisor page: #PF(5); write: #PF(7)"
        SETPTE LIN, PHYS_A | P | RW
        TRY
        TO_RING 3
.p1:    mov eax, [LIN]
        int RING_RETURN_VEC
        ENDTRY
        PF_CHECK 5, LIN, .p1
        TRY
        TO_RING 3
.p2:    mov [LIN], eax
        int RING_RETURN_VEC
        ENDTRY
        PF_CHECK 7, LIN, .p2
        TRY
        mov eax, [LIN]
        mov [LIN], eax
        ENDTRY
        CHECK_NOFAULT
        CASE "ring 3 write to a read-only user page: #PF(7); read works"
        SETPTE LIN, PHYS_A | P | US
        TRY
        TO_RING 3
        mov eax, [LIN]
        mov [ss:tmp], eax
.p3:    mov [LIN], eax
        int RING_RETURN_VEC
        ENDTRY
        PF_CHECK 7, LIN, .p3
        CHECK_EQ "read value", [tmp], SIG_A
        CASE "ring 3 fetch from a supervisor page: #PF(5)"
        SETPTE LIN, PHYS_A | P | RW
        mov byte [PHYS_A], 0xC3
        TRY
        TO_RING 3
        mov eax, LIN
.p4:    call eax
        int RING_RETURN_VEC
        ENDTRY
        CHECK_EQ "vector", [exc_vec], 14
        CHECK_EQ "error code", [exc_err], 5
        CHECK_EQ "CR2", [exc_cr2], LIN
        CHECK_EQ "EIP", [exc_eip], LIN
        CASE "U/S and R/W of the PDE and PTE combine (the more restrictive wins)"
        mov esi, combo_cases
.p5:    cmp dword [esi], -1
        je .p5d
        mov eax, [esi]
        or eax, PT_T | P
        mov [PD + 8], eax
        mov eax, [esi + 4]
        or eax, PHYS_A | P
        mov [PTE_OF(LIN)], eax
        call flush_tlb
        mov [tmp + 60], esi
        TRY
        TO_RING 3
        mov eax, [LIN]
        int RING_RETURN_VEC
        ENDTRY
        mov esi, [tmp + 60]
        CHECK_EQ "user read: vector for the PDE/PTE pair at [ESI]", [exc_vec], [esi + 8]
        TRY
        TO_RING 3
        mov [LIN], eax
        int RING_RETURN_VEC
        ENDTRY
        mov esi, [tmp + 60]
        CHECK_EQ "user write: vector for the PDE/PTE pair at [ESI]", [exc_vec], [esi + 12]
        TRY
        mov [LIN], eax
        ENDTRY
        mov esi, [tmp + 60]
        CHECK_EQ "supervisor write, WP=0: vector for [ESI]", [exc_vec], NOFAULT
        add esi, 16
        jmp .p5
.p5d:   mov dword [PD + 8], PT_T | P | RW | US
        call flush_tlb
        CASE "CR0.WP=1: supervisor writes to read-only pages fault, #PF(3)"
        call has_486
        jnz .wp
        ; the 386 has no WP: the bit does not stick, writes go through
        mov eax, cr0
        or eax, 1 << 16
        mov cr0, eax
        mov eax, cr0
        CHECK_MASK "386: CR0.WP reads 0", eax, 1 << 16, 0
        SETPTE LIN, PHYS_A | P | US
        TRY
        mov dword [LIN + 8], 0x5A5A
        ENDTRY
        CHECK_NOFAULT
        SKIP "386: no CR0.WP"
        jmp .wpd
.wp:    mov eax, cr0
        or eax, 1 << 16
        mov cr0, eax
        SETPTE LIN, PHYS_A | P | US
        TRY
.p6:    mov dword [LIN + 8], 0x5A5A
        ENDTRY
        PF_CHECK 3, LIN + 8, .p6
        SETPTE LIN, PHYS_A | P | RW
        mov dword [PD + 8], PT_T | P | US       ; PDE read-only
        call flush_tlb
        TRY
.p7:    mov dword [LIN + 8], 0x5A5A
        ENDTRY
        PF_CHECK 3, LIN + 8, .p7
        mov dword [PD + 8], PT_T | P | RW | US
        SETPTE LIN, PHYS_A | P | US             ; a read-only user page
        TRY
.p7b:   mov dword [LIN + 8], 0x5A5A
        ENDTRY
        PF_CHECK 3, LIN + 8, .p7b
        SETPTE LIN, PHYS_A | P | RW
        TRY
        mov dword [LIN + 8], 0x5A5A
        ENDTRY
        CHECK_NOFAULT
        mov eax, cr0
        and eax, ~(1 << 16)
        mov cr0, eax
.wpd:
        CASE "a not-present fault outranks protection: #PF(U|W) with P=0"
        SETPTE LIN, PHYS_A | RW                 ; supervisor and not present
        TRY
        TO_RING 3
.p8:    mov [LIN], eax
        int RING_RETURN_VEC
        ENDTRY
        PF_CHECK 6, LIN, .p8
        CASE "descriptor-table reads at ring 3 are supervisor accesses"
        ; a GDT copy in a supervisor page: ring 3 can load selectors through
        ; it, but cannot read it
        SETPTE LIN, PHYS_B | P | RW             ; supervisor only
        mov esi, GDT_BASE
        mov edi, PHYS_B
        mov ecx, 256
        rep movsd
        mov word [tmp + 40], GDT_LIMIT
        mov dword [tmp + 42], LIN
        lgdt [tmp + 40]
        TRY
        TO_RING 3
        mov ax, UDATA
        mov es, ax                              ; reads the GDT: allowed
.p9:    mov eax, [LIN]
        int RING_RETURN_VEC
        ENDTRY
        lgdt [gdtr]
        PF_CHECK 5, LIN, .p9

; ---- accessed and dirty bits ---------------------------------------------------------------
        CASE "a read sets A in the PDE and PTE, not D"
        mov dword [PD + 8], PT_T | P | RW | US
        SETPTE LIN, PHYS_A | P | RW | US
        mov eax, [LIN]
        CHECK_EQ "value", eax, SIG_A
        CHECK_EQ "PTE", [PTE_OF(LIN)], PHYS_A | P | RW | US | ACC
        CHECK_EQ "PDE", [PD + 8], PT_T | P | RW | US | ACC
        CASE "a write sets D (and A) in the PTE; the PDE gets A only"
        mov dword [PD + 8], PT_T | P | RW | US
        SETPTE LIN, PHYS_A | P | RW | US
        mov dword [LIN + 4], 0
        CHECK_EQ "PTE", [PTE_OF(LIN)], PHYS_A | P | RW | US | ACC | DIRTY
        CHECK_EQ "PDE", [PD + 8], PT_T | P | RW | US | ACC
        CASE "a write after a read (cached translation without D) sets D"
        SETPTE LIN, PHYS_A | P | RW | US
        mov eax, [LIN]
        CHECK_EQ "PTE after the read", [PTE_OF(LIN)], PHYS_A | P | RW | US | ACC
        mov [LIN + 4], eax
        CHECK_EQ "PTE after the write", [PTE_OF(LIN)], PHYS_A | P | RW | US | ACC | DIRTY
        SETPTE LIN + 0x1000, PHYS_B | P | RW | US
        TRY
        TO_RING 3
        mov eax, [LIN + 0x1000]
        mov [LIN + 0x1004], eax
        int RING_RETURN_VEC
        ENDTRY
        CHECK_EQ "ring 3: PTE after read and write", [PTE_OF(LIN + 0x1000)], PHYS_B | P | RW | US | ACC | DIRTY
        CASE "a write that faults sets no D; a fetch sets A"
        SETPTE LIN, PHYS_A | P | US
        TRY
        TO_RING 3
        mov [LIN], eax
        int RING_RETURN_VEC
        ENDTRY
        CHECK_MASK "PTE D after a faulting write", [PTE_OF(LIN)], DIRTY, 0
        SETPTE LIN, PHYS_A | P | RW | US
        mov byte [PHYS_A], 0xC3
        call flush_tlb
        call LIN
        CHECK_EQ "PTE after a fetch", [PTE_OF(LIN)], PHYS_A | P | RW | US | ACC
        CASE "A and D already set are left alone; other PTE bits are kept"
        SETPTE LIN, PHYS_A | P | RW | US | ACC | DIRTY | 0xE00 | 0x18
        mov dword [LIN], 0
        CHECK_EQ "PTE", [PTE_OF(LIN)], PHYS_A | P | RW | US | ACC | DIRTY | 0xE00 | 0x18
        SETPTE LIN, PHYS_A | P | RW | US | 0x200
        mov eax, [LIN]
        CHECK_EQ "PTE with an AVL bit", [PTE_OF(LIN)], PHYS_A | P | RW | US | ACC | 0x200

; ---- the TLB --------------------------------------------------------------------------------------
        CASE "a used translation stays cached until a CR3 write"
        SETPTE LIN, PHYS_A | P | RW | US
        mov eax, [LIN]
        mov dword [PTE_OF(LIN)], PHYS_B | P | RW | US      ; no flush
        mov eax, [LIN]
        CHECK_EQ "stale: the old page", eax, SIG_A
        call flush_tlb
        mov eax, [LIN]
        CHECK_EQ "after MOV CR3: the new page", eax, SIG_B
        CASE "a cached translation does not set A again until flushed"
        SETPTE LIN, PHYS_A | P | RW | US
        mov eax, [LIN]
        mov dword [PTE_OF(LIN)], PHYS_A | P | RW | US      ; A cleared, no flush
        mov eax, [LIN]
        CHECK_EQ "PTE", [PTE_OF(LIN)], PHYS_A | P | RW | US
        CASE "INVLPG drops one page's translation (486 and later)"
        call has_486
        jnz .inv
        TRY
.t0:    invlpg [LIN]
        ENDTRY
        CHECK_FAULT_AT 6, 0, .t0
        SKIP "386: INVLPG is #UD"
        jmp .invd
.inv:   SETPTE LIN, PHYS_A | P | RW | US
        SETPTE LIN + 0x1000, PHYS_C | P | RW | US
        mov eax, [LIN]
        mov eax, [LIN + 0x1000]
        mov dword [PTE_OF(LIN)], PHYS_B | P | RW | US
        mov dword [PTE_OF(LIN + 0x1000)], PHYS_D | P | RW | US
        invlpg [LIN + 0x800]
        mov eax, [LIN]
        CHECK_EQ "the invalidated page", eax, SIG_B
        mov eax, [LIN + 0x1000]
        CHECK_EQ "another page: still stale", eax, SIG_C
        mov dword [PTE_OF(LIN)], 0
        invlpg [LIN]
        TRY
.t1:    mov eax, [LIN]
        ENDTRY
        PF_CHECK 0, LIN, .t1
        ; INVLPG takes a memory operand with a segment: base is added
        SETPTE LIN, PHYS_A | P | RW | US
        mov eax, [LIN]
        mov dword [PTE_OF(LIN)], PHYS_B | P | RW | US
        SETDESC SCR(0), LIN - 0x3000, 0xFFFFF, ACC_DATA_RW, FL_G | FL_DB
        mov ax, SCR(0)
        mov fs, ax
        invlpg [fs:0x3000]
        FLAT_SEGS
        mov eax, [LIN]
        CHECK_EQ "INVLPG through FS", eax, SIG_B
        TRY
        TO_RING 3
.t2:    invlpg [LIN]
        int RING_RETURN_VEC
        ENDTRY
        CHECK_FAULT_AT 13, 0, .t2
.invd:

; ---- 4 MiB pages ------------------------------------------------------------------------------------
        CASE "CR4.PSE: a PDE with PS maps 4 MiB; A and D are set in the PDE"
        call has_pse
        jnz .big
        SKIP "no PSE"
        jmp .bigd
.big:   mov dword [BIG_PHYS], SIG_D
        mov dword [BIG_PHYS + 0x123456], 0x456
        mov dword [PD + 12], BIG_PHYS | P | RW | US | PS
        mov eax, cr4
        or eax, 1 << 4
        mov cr4, eax
        call flush_tlb
        mov eax, [BIG_LIN + 0x123456]
        CHECK_EQ "value through the 4 MiB page", eax, 0x456
        CHECK_EQ "PDE after a read", [PD + 12], BIG_PHYS | P | RW | US | PS | ACC
        mov dword [BIG_LIN + 0x3FFFFC], 1
        CHECK_EQ "PDE after a write", [PD + 12], BIG_PHYS | P | RW | US | PS | ACC | DIRTY
        CHECK_EQ "written", [BIG_PHYS + 0x3FFFFC], 1
        CASE "4 MiB pages: U/S and R/W from the PDE; #PF error codes and CR2"
        mov dword [PD + 12], BIG_PHYS | P | RW | PS
        call flush_tlb
        TRY
        TO_RING 3
.b1:    mov eax, [BIG_LIN + 0x200004]
        int RING_RETURN_VEC
        ENDTRY
        PF_CHECK 5, BIG_LIN + 0x200004, .b1
        mov dword [PD + 12], BIG_PHYS | P | US | PS
        call flush_tlb
        TRY
        TO_RING 3
.b2:    mov [BIG_LIN + 8], eax
        int RING_RETURN_VEC
        ENDTRY
        PF_CHECK 7, BIG_LIN + 8, .b2
        mov dword [PD + 12], BIG_PHYS | RW | US | PS
        call flush_tlb
        TRY
.b3:    mov eax, [BIG_LIN + 0x3FF000]
        ENDTRY
        PF_CHECK 0, BIG_LIN + 0x3FF000, .b3
        CASE "INVLPG drops a 4 MiB translation"
        mov dword [PD + 12], BIG_PHYS | P | RW | US | PS
        call flush_tlb
        mov dword [BIG_PHYS + 0x10], 0x1111
        mov eax, [BIG_LIN + 0x10]
        mov dword [PD + 12], 0 | P | RW | US | PS          ; frame 0 now
        mov eax, [BIG_LIN + 0x10]
        CHECK_EQ "stale", eax, 0x1111
        invlpg [BIG_LIN + 0x3FF000]     ; any address inside the page
        mov eax, [BIG_LIN + 0x10]
        CHECK_EQ "after INVLPG: physical 10h", eax, [0x10]
        CASE "CR4.PSE=0: the PS bit is ignored and the PDE points to a table"
        ; the 4 MiB frame's first dword doubles as a PTE for linear BIG_LIN
        mov dword [BIG_PHYS], PHYS_C | P | RW | US
        mov dword [PD + 12], BIG_PHYS | P | RW | US | PS
        mov eax, cr4
        and eax, ~(1 << 4)
        mov cr4, eax
        mov eax, [BIG_LIN]
        CHECK_EQ "BIG_LIN reads PHYS_C", eax, SIG_C
        mov eax, cr4
        or eax, 1 << 4
        mov cr4, eax
        call flush_tlb
        mov eax, [BIG_LIN]
        CHECK_EQ "CR4.PSE=1 again: the big page (A set by its use as a PTE)", eax, PHYS_C | P | RW | US | ACC
        mov eax, cr4
        and eax, ~(1 << 4)
        mov cr4, eax
        mov dword [PD + 12], 0
        call flush_tlb
.bigd:

; ---- global pages ------------------------------------------------------------------------------------
        CASE "CR4.PGE: global translations survive CR3 writes, not INVLPG"
        call has_pge
        jnz .glb
        SKIP "no PGE"
        jmp .glbd
.glb:   mov eax, cr4
        or eax, 1 << 7
        mov cr4, eax
        SETPTE_G LIN, PHYS_A | P | RW | US | GLB
        SETPTE_G LIN + 0x1000, PHYS_C | P | RW | US
        mov eax, [LIN]
        mov eax, [LIN + 0x1000]
        mov dword [PTE_OF(LIN)], PHYS_B | P | RW | US | GLB
        mov dword [PTE_OF(LIN + 0x1000)], PHYS_D | P | RW | US
        call flush_tlb
        mov eax, [LIN]
        CHECK_EQ "global: still the old page after MOV CR3", eax, SIG_A
        mov eax, [LIN + 0x1000]
        CHECK_EQ "non-global: flushed by MOV CR3", eax, SIG_D
        invlpg [LIN]
        mov eax, [LIN]
        CHECK_EQ "global: INVLPG drops it", eax, SIG_B
        CASE "CR4.PGE: clearing PGE flushes global translations"
        SETPTE_G LIN, PHYS_A | P | RW | US | GLB
        mov eax, [LIN]
        mov dword [PTE_OF(LIN)], PHYS_B | P | RW | US | GLB
        mov eax, cr4
        and eax, ~(1 << 7)
        mov cr4, eax
        mov eax, [LIN]
        CHECK_EQ "after CR4.PGE=0", eax, SIG_B
        CASE "the G bit means nothing while CR4.PGE=0"
        SETPTE LIN, PHYS_A | P | RW | US | GLB
        mov eax, [LIN]
        mov dword [PTE_OF(LIN)], PHYS_B | P | RW | US | GLB
        call flush_tlb
        mov eax, [LIN]
        CHECK_EQ "flushed by MOV CR3", eax, SIG_B
.glbd:

; ---- more TLB and V86 ------------------------------------------------------------------------------
        CASE "a changed PDE (page-table pointer) is not seen until a flush"
        SETPTE LIN, PHYS_A | P | RW | US
        mov eax, [LIN]
        mov esi, PT_T
        mov edi, PT_ALT
        mov ecx, 1024
        rep movsd
        mov dword [PT_ALT], PHYS_B | P | RW | US
        mov dword [PD + 8], PT_ALT | P | RW | US
        mov eax, [LIN]
        CHECK_EQ "stale", eax, SIG_A
        call flush_tlb
        mov eax, [LIN]
        CHECK_EQ "after MOV CR3", eax, SIG_B
        mov dword [PD + 8], PT_T | P | RW | US
        call flush_tlb
        CASE "a page fault in V86 mode: user-mode error code, CR2, the V86 frame"
        mov dword [PT0 + (0x90000 >> 12) * 4], 0
        call flush_tlb
        TRY
        push dword 0
        push dword 0
        push dword 0x9000               ; DS
        push dword 0x9000               ; ES
        push dword 0x7000               ; SS
        push dword 0xFFF0
        push dword EFL_VM | 2
        push dword (v86_pf - payload_start + PAYLOAD_BASE) >> 4
        push dword (v86_pf - payload_start + PAYLOAD_BASE) & 0xF
        iretd
        ENDTRY
        mov dword [PT0 + (0x90000 >> 12) * 4], 0x90000 | P | RW | US
        call flush_tlb
        CHECK_EQ "vector", [exc_vec], 14
        CHECK_EQ "error code (U, W)", [exc_err], 6
        CHECK_EQ "CR2", [exc_cr2], 0x90004
        CHECK_MASK "EFLAGS.VM in the frame", [exc_efl], EFL_VM, EFL_VM
        CHECK_EQ "frame: DS", [exc_v86_ds], 0x9000
        mov eax, [exc_cs]
        shl eax, 4
        add eax, [exc_eip]
        CHECK_EQ "CS:IP", eax, v86_pf - payload_start + PAYLOAD_BASE

        CASE "REP MOVSD into a not-present page: #PF with ECX/ESI/EDI at the fault"
        SETPTE LIN, PHYS_A | P | RW | US
        SETPTE LIN + 0x1000, 0
        mov edi, PHYS_C
        mov ecx, 1024
        mov eax, 0x13579BDF
        rep stosd                       ; a source page of known contents
        TRY
        mov esi, PHYS_C
        mov edi, LIN + 0xF00
        mov ecx, 0x100                  ; 400h bytes: the copy crosses into LIN + 1000h
        cld
.r1:    rep movsd
        ENDTRY
        PF_CHECK 2, LIN + 0x1000, .r1
        CHECK_EQ "ECX at the fault", [exc_regs + 24], 0x100 - 0x40
        CHECK_EQ "ESI at the fault", [exc_regs + 4], PHYS_C + 0x100
        CHECK_EQ "EDI at the fault", [exc_regs], LIN + 0x1000
        CHECK_EQ "the last dword before the page end was copied", [PHYS_A + 0xFFC], 0x13579BDF
        CASE "REP STOSB from a not-present page downwards (DF=1): #PF at the first byte"
        SETPTE LIN, 0
        SETPTE LIN + 0x1000, PHYS_B | P | RW | US
        mov byte [PHYS_B + 0x10], 0x77
        TRY
        std
        mov edi, LIN + 0x1010
        mov ecx, 0x20
        mov al, 0x66
.r2:    rep stosb
        ENDTRY
        PF_CHECK 2, LIN + 0xFFF, .r2
        CHECK_EQ "ECX at the fault", [exc_regs + 24], 0x20 - 0x11
        CHECK_EQ "EDI at the fault", [exc_regs], LIN + 0xFFF
        CHECK_MASK "the bytes stored down to the page start", [PHYS_B + 0x10], 0xFF, 0x66
        CHECK_MASK "the first byte of the page", [PHYS_B], 0xFF, 0x66

; ---- CR0.PG ------------------------------------------------------------------------------------------
        CASE "turning paging off makes linear = physical again"
        SETPTE LIN, PHYS_A | P | RW | US
        mov dword [LIN], SIG_A
        mov eax, cr0
        and eax, 0x7FFFFFFF
        mov cr0, eax
        mov dword [LIN], 0x0BAD
        mov eax, [PHYS_A]
        CHECK_EQ "PHYS_A untouched", eax, SIG_A
        mov eax, cr0
        or eax, 0x80000000
        mov cr0, eax
        mov eax, [LIN]
        CHECK_EQ "paging on again", eax, SIG_A
        CASE "MOV to CR0 with PG=1 and PE=0 is #GP(0)"
        TRY
        mov eax, cr0
        and eax, ~1
.g1:    mov cr0, eax
        ENDTRY
        CHECK_FAULT_AT 13, 0, .g1
        mov eax, cr0
        and eax, 0x7FFFFFFF
        mov cr0, eax
        ret

; PDE U/S R/W, PTE U/S R/W, expected vector for a ring-3 read, for a
; ring-3 write (14 or NOFAULT)
combo_cases:
        dd US | RW, US | RW, RING_RETURN_VEC, RING_RETURN_VEC
        dd US, US | RW, RING_RETURN_VEC, 14
        dd US | RW, US, RING_RETURN_VEC, 14
        dd RW, US | RW, 14, 14
        dd US | RW, RW, 14, 14
        dd 0, 0, 14, 14
        dd -1

%include "tail.inc"
