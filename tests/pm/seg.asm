; ---------------------------------------------------------------------------
; tests/pm/seg.asm: segment-register loads and segment checks in protected
; mode (SDM Vol. 3, 3.4-3.5 and 5.1-5.7; Vol. 2 MOV, POP, LDS/LES/LFS/LGS/LSS,
; LAR, LSL, VERR/VERW, ARPL): null selectors, table limits, types, the
; DPL/RPL/CPL rules, conforming and expand-down segments, limit and type
; checks on access, accessed bits, and the exact #GP/#NP/#SS error codes.
; ---------------------------------------------------------------------------
%define TEST_NAME "seg"
%include "harness.inc"

; LOADF sreg, selector, vector, error: the load must fault at ring 0 and
; leave the segment register as it was.
%macro LOADF 4
        TRY
        mov eax, %2
%%f:    mov %1, ax
        ENDTRY
        CHECK_FAULT_AT %3, %4, %%f
%ifidni %1, ds
        CHECK_EQ "DS kept", [exc_ds], KDATA
%endif
        FLAT_SEGS
%endmacro

; LOADOK sreg, selector: the load must work at ring 0 and the selector read
; back unchanged (RPL included).
%macro LOADOK 2
        TRY
        mov eax, %2
        mov %1, ax
        xor eax, eax
        mov ax, %1
        mov [ss:tmp], eax
        mov ax, KDATA
        mov %1, ax
        ENDTRY
        CHECK_NOFAULT
        CHECK_EQ "selector read back", [tmp], %2
%endmacro

; R3LOADF sreg, selector, vector, error: the same load at ring 3
%macro R3LOADF 4
        TRY
        TO_RING 3
        mov eax, %2
%%f:    mov %1, ax
        int RING_RETURN_VEC
        ENDTRY
        CHECK_FAULT_AT %3, %4, %%f
        CHECK_EQ "CS at the fault", [exc_cs], UCODE
%endmacro

%macro R3LOADOK 2
        TRY
        TO_RING 3
        mov eax, %2
        mov %1, ax
        xor eax, eax
        mov ax, %1
        mov [ss:tmp], eax
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_EQ "selector read back", [tmp], %2
%endmacro

; LLDTF selector, vector, error: LLDT must fault
%macro LLDTF 3
        TRY
        mov eax, %1
%%f:    lldt ax
        ENDTRY
        CHECK_FAULT_AT %2, %3, %%f
%endmacro

; ACCESS_BYTE reg32, selector: the access byte of a GDT/LDT descriptor
%macro ACCESS_BYTE 2
        pushad
        mov eax, %2
        call desc_addr
        movzx eax, byte [edi + 5]
        mov [tmp + 60], eax
        popad
        mov %1, [tmp + 60]
%endmacro

test_main:
; ---- null selectors ---------------------------------------------------------
        CASE "MOV DS/ES/FS/GS with a null selector (RPL 0..3) loads it"
        LOADOK ds, 0
        LOADOK es, 1
        LOADOK fs, 2
        LOADOK gs, 3

        CASE "an access through a null DS/ES/FS/GS is #GP(0)"
        TRY
        xor eax, eax
        mov ds, ax
.n1:    mov eax, [DATA_AREA]
        ENDTRY
        CHECK_FAULT_AT 13, 0, .n1
        TRY
        xor eax, eax
        mov es, ax
.n2:    mov byte [es:DATA_AREA], 1
        ENDTRY
        CHECK_FAULT_AT 13, 0, .n2
        TRY
        mov eax, 3
        mov fs, ax
.n3:    mov eax, [fs:0]
        ENDTRY
        CHECK_FAULT_AT 13, 0, .n3
        TRY
        xor eax, eax
        mov gs, ax
        mov edi, DATA_AREA
        mov ecx, 1
.n4:    rep stosb                       ; ES is fine: only GS is null
        mov esi, DATA_AREA
.n5:    gs lodsb
        ENDTRY
        CHECK_FAULT_AT 13, 0, .n5
        FLAT_SEGS

        CASE "MOV SS with a null selector is #GP(0), SS unchanged"
        LOADF ss, 0, 13, 0
        LOADF ss, 3, 13, 0
        CHECK_EQ "SS kept", [exc_ss_now], KDATA
        CASE "LSS with a null selector is #GP(0), ESP unchanged"
        mov dword [tmp], 0x1234
        mov dword [tmp+4], 0
        TRY
        mov [ss:tmp+8], esp
.n6:    lss esp, [tmp]
        ENDTRY
        CHECK_FAULT_AT 13, 0, .n6
        mov eax, [tmp+8]
        CHECK_EQ "ESP at the fault", [exc_esp_now], eax

        CASE "selector 0004h (LDT entry 0) is not null: #GP(0004h)"
        LOADF ds, 0x0004, 13, 0x0004

; ---- table limits -----------------------------------------------------------
        CASE "a selector past the GDT limit is #GP(selector)"
        LOADF ds, GDT_ENTRIES*8, 13, GDT_ENTRIES*8
        LOADF es, (GDT_ENTRIES*8) | 3, 13, GDT_ENTRIES*8
        LOADF ss, 0xFFF8, 13, 0xFFF8
        CASE "the last GDT entry is reachable; the limit counts all 8 bytes"
        SETDESC (GDT_ENTRIES-1)*8, 0, 0xFFFFF, ACC_DATA_RW, FL_G | FL_DB
        LOADOK fs, (GDT_ENTRIES-1)*8
        mov word [gdtr_tmp], GDT_LIMIT - 1      ; the last entry now ends past the limit
        mov dword [gdtr_tmp+2], GDT_BASE
        lgdt [gdtr_tmp]
        LOADF fs, (GDT_ENTRIES-1)*8, 13, (GDT_ENTRIES-1)*8
        lgdt [gdtr]
        CASE "a selector past the LDT limit is #GP(selector)"
        LOADF ds, (LDT_ENTRIES*8) | 4, 13, (LDT_ENTRIES*8) | 4
        LOADOK ds, LDT_KDATA
        CASE "an LDT selector with a null LDTR is #GP(selector)"
        xor eax, eax
        lldt ax
        LOADF ds, LDT_KDATA, 13, LDT_KDATA & 0xFFFC
        mov ax, LDT0_SEL
        lldt ax
        LOADOK ds, LDT_KDATA

; ---- types -------------------------------------------------------------------
        CASE "DS with execute-only code is #GP(sel); readable code loads"
        SETDESC SCR(0), 0, 0xFFFFF, ACC_CODE_XO, FL_G | FL_DB
        LOADF ds, SCR(0), 13, SCR(0)
        SETDESC SCR(1), 0, 0xFFFFF, ACC_CODE_XR, FL_G | FL_DB
        LOADOK ds, SCR(1)
        LOADOK gs, SCR(1)
        CASE "DS with a system descriptor (TSS, LDT, gates) is #GP(sel)"
        LOADF ds, TSS0_SEL, 13, TSS0_SEL
        LOADF es, LDT0_SEL, 13, LDT0_SEL
        SETGATE SCR(2), 0, KCODE, 0x80 | T_CALL32, 0
        LOADF fs, SCR(2), 13, SCR(2)
        SETGATE SCR(2), 0, TSS0_SEL, 0x80 | T_TASK, 0
        LOADF gs, SCR(2), 13, SCR(2)
        SETDESC SCR(2), 0, 0, 0x80, 0                ; type 0 (reserved)
        LOADF ds, SCR(2), 13, SCR(2)

        CASE "SS needs a writable data segment: read-only data, code are #GP(sel)"
        SETDESC SCR(0), 0, 0xFFFFF, ACC_DATA_RO, FL_G | FL_DB
        LOADF ss, SCR(0), 13, SCR(0)
        LOADF ss, SCR(1), 13, SCR(1)
        LOADF ss, KCODE, 13, KCODE
        LOADF ss, TSS0_SEL, 13, TSS0_SEL

; ---- privilege ---------------------------------------------------------------
        CASE "ring 0: data with RPL > DPL is #GP(sel), RPL <= DPL loads"
        LOADF ds, KDATA | 3, 13, KDATA
        LOADF es, KDATA | 1, 13, KDATA
        LOADOK ds, UDATA
        LOADOK es, R2DATA
        LOADOK fs, R1DATA & ~3
        CASE "ring 0: SS needs RPL = DPL = CPL"
        LOADF ss, KDATA | 3, 13, KDATA
        LOADF ss, UDATA, 13, UDATA & 0xFFFC
        LOADF ss, UDATA & ~3, 13, UDATA & 0xFFFC
        LOADF ss, R1DATA, 13, R1DATA & 0xFFFC
        CASE "ring 3: data with DPL < CPL is #GP(sel)"
        R3LOADF ds, KDATA | 3, 13, KDATA
        R3LOADF es, R2DATA | 3, 13, R2DATA & 0xFFFC
        R3LOADF fs, LDT_KDATA | 3, 13, LDT_KDATA & 0xFFFC
        R3LOADOK gs, LDT_UDATA
        R3LOADOK ds, UDATA
        CASE "ring 3: non-conforming readable code of DPL 0 is #GP(sel)"
        R3LOADF ds, SCR(1) | 3, 13, SCR(1)
        CASE "ring 3: conforming readable code of DPL 0 loads into DS"
        SETDESC SCR(3), 0, 0xFFFFF, ACC_CODE_CONF, FL_G | FL_DB
        R3LOADOK ds, SCR(3) | 3
        R3LOADOK es, SCR(3)
        CASE "ring 3: conforming execute-only code is still #GP(sel)"
        SETDESC SCR(3), 0, 0xFFFFF, ACC_CODE_CONF & ~2, FL_G | FL_DB
        R3LOADF ds, SCR(3) | 3, 13, SCR(3)
        CASE "ring 3: SS of DPL 3 loads; DPL 0 or RPL != 3 is #GP(sel)"
        R3LOADOK ss, UDATA
        R3LOADF ss, KDATA | 3, 13, KDATA
        R3LOADF ss, UDATA & ~3, 13, UDATA & 0xFFFC
        R3LOADF ss, 3, 13, 0
        CASE "ring 1: DPL 1 data loads, DPL 0 is #GP, SS needs DPL 1"
        TRY
        TO_RING 1
        mov ax, KDATA | 1
.p1:    mov ds, ax
        int RING_RETURN_VEC
        ENDTRY
        CHECK_FAULT_AT 13, KDATA, .p1
        CHECK_EQ "CS", [exc_cs], R1CODE
        CHECK_EQ "SS:ESP pushed (SS)", [exc_ss], R1DATA
        CHECK_EQ "SS:ESP pushed (ESP)", [exc_esp], R1_STACK_TOP
        TRY
        TO_RING 1
        mov ax, R2DATA
        mov es, ax
        mov ax, R2DATA
.p2:    mov ss, ax
        int RING_RETURN_VEC
        ENDTRY
        CHECK_FAULT_AT 13, R2DATA & 0xFFFC, .p2
        CHECK_EQ "ES at the fault", [exc_es], R2DATA

; ---- presence ----------------------------------------------------------------
        CASE "not-present data is #NP(sel) (DS..GS), #SS(sel) for SS"
        SETDESC SCR(4), 0, 0xFFFFF, ACC_DATA_RW & ~ACC_NP, FL_G | FL_DB
        LOADF ds, SCR(4), 11, SCR(4)
        LOADF es, SCR(4), 11, SCR(4)
        LOADF gs, SCR(4), 11, SCR(4)
        LOADF ss, SCR(4), 12, SCR(4)
        CASE "privilege is checked before presence (#GP, not #NP)"
        SETDESC SCR(4), 0, 0xFFFFF, (ACC_DATA_RW & ~ACC_NP), FL_G | FL_DB
        LOADF ds, SCR(4) | 3, 13, SCR(4)
        LOADF ss, SCR(4) | 3, 13, SCR(4)
        CASE "type is checked before presence (#GP, not #NP)"
        SETDESC SCR(4), 0, 0xFFFFF, (ACC_CODE_XO & ~ACC_NP), FL_G | FL_DB
        LOADF ds, SCR(4), 13, SCR(4)
        CASE "#NP on an LDT selector carries TI"
        SETDESC LSCR(0), 0, 0xFFFFF, ACC_DATA_RW & ~ACC_NP, FL_G | FL_DB
        LOADF fs, LSCR(0), 11, LSCR(0)

; ---- accessed bits -------------------------------------------------------------
        CASE "a load sets the accessed bit in the GDT and the LDT"
        SETDESC SCR(5), 0, 0xFFFFF, ACC_DATA_RW, FL_G | FL_DB
        LOADOK ds, SCR(5)
        ACCESS_BYTE eax, SCR(5)
        CHECK_EQ "GDT access byte", eax, ACC_DATA_RW | ACC_ACCESSED
        SETDESC LSCR(1), 0, 0xFFFFF, ACC_DATA_RW, FL_G | FL_DB
        LOADOK es, LSCR(1)
        ACCESS_BYTE eax, LSCR(1)
        CHECK_EQ "LDT access byte", eax, ACC_DATA_RW | ACC_ACCESSED
        SETDESC SCR(5), 0, 0xFFFFF, ACC_DATA_RW, FL_G | FL_DB
        LOADOK ss, SCR(5)
        ACCESS_BYTE eax, SCR(5)
        CHECK_EQ "SS access byte", eax, ACC_DATA_RW | ACC_ACCESSED
        CASE "a failed load leaves the accessed bit clear"
        SETDESC SCR(5), 0, 0xFFFFF, ACC_DATA_RW & ~ACC_NP, FL_G | FL_DB
        LOADF ds, SCR(5), 11, SCR(5)
        ACCESS_BYTE eax, SCR(5)
        CHECK_EQ "access byte (not present)", eax, (ACC_DATA_RW & ~ACC_NP)
        SETDESC SCR(5), 0, 0xFFFFF, ACC_DATA_RW, FL_G | FL_DB
        LOADF ds, SCR(5) | 3, 13, SCR(5)
        ACCESS_BYTE eax, SCR(5)
        CHECK_EQ "access byte (RPL > DPL)", eax, ACC_DATA_RW
        CASE "loading a null selector touches no descriptor"
        SETDESC 0, 0, 0, 0, 0
        LOADOK ds, 0
        CHECK_EQ "GDT entry 0 low", [GDT_BASE], 0
        CHECK_EQ "GDT entry 0 high", [GDT_BASE+4], 0

; ---- limits -----------------------------------------------------------------------
        ; SCR(6): data at DATA_AREA, byte-granular limit FFFh
        CASE "byte-granular limit: the last byte is in, one past is #GP(0)"
        SETDESC SCR(6), DATA_AREA, 0xFFF, ACC_DATA_RW, FL_DB
        mov dword [DATA_AREA + 0xFFC], 0
        TRY
        mov ax, SCR(6)
        mov es, ax
        mov byte [es:0xFFF], 0x5A
        mov eax, [es:0xFFC]
.l1:    mov eax, [es:0xFFD]
        ENDTRY
        CHECK_FAULT_AT 13, 0, .l1
        CHECK_EQ "the byte at the limit was written", [DATA_AREA + 0xFFC], 0x5A000000
        TRY
        mov ax, SCR(6)
        mov es, ax
.l2:    mov word [es:0xFFF], 0
        ENDTRY
        CHECK_FAULT_AT 13, 0, .l2
        CHECK_EQ "nothing written by the faulting store", [DATA_AREA + 0xFFC], 0x5A000000
        TRY
        mov ax, SCR(6)
        mov es, ax
.l3:    mov al, [es:0x1000]
        ENDTRY
        CHECK_FAULT_AT 13, 0, .l3
        TRY
        mov ax, SCR(6)
        mov es, ax
.l4:    mov al, [es:0xFFFFFFFF]
        ENDTRY
        CHECK_FAULT_AT 13, 0, .l4
        CASE "page-granular limit 0 covers offsets 0..FFFh"
        SETDESC SCR(6), DATA_AREA, 0, ACC_DATA_RW, FL_DB | FL_G
        TRY
        mov ax, SCR(6)
        mov es, ax
        mov eax, [es:0xFFC]
.l5:    mov eax, [es:0xFFE]
        ENDTRY
        CHECK_FAULT_AT 13, 0, .l5
        CASE "the limit applies through SS as #SS(0)"
        SETDESC SCR(6), DATA_AREA, 0xFFF, ACC_DATA_RW, FL_DB
        SETDESC SCR(7), DATA_AREA, 0xFFF, ACC_DATA_RW | ACC_DPL3, FL_DB
        TRY
        TO_RING 3
        mov ax, SCR(7) | 3
        mov ss, ax
        mov esp, 0x1000
        mov eax, [ss:0xFFC]
.l7:    mov eax, [ss:0xFFD]
        int RING_RETURN_VEC
        ENDTRY
        CHECK_FAULT_AT 12, 0, .l7
        CHECK_EQ "SS at the fault (pushed)", [exc_ss], SCR(7) | 3
        TRY
        TO_RING 3
        mov ax, SCR(7) | 3
        mov ss, ax
        mov esp, 0x1000
        push eax
        mov esp, 0x1002
.l8:    push eax                        ; ESP-4 = FFEh: inside; 1002h-1 past
        int RING_RETURN_VEC
        ENDTRY
        CHECK_FAULT_AT 12, 0, .l8
        CHECK_EQ "ESP unchanged by the faulting push", [exc_esp], 0x1002
        TRY
        TO_RING 3
        mov ax, SCR(7) | 3
        mov ss, ax
        mov esp, 0x1000
        mov ebp, 0x1000
.l9:    mov eax, [ebp]                  ; EBP addresses through SS
        int RING_RETURN_VEC
        ENDTRY
        CHECK_FAULT_AT 12, 0, .l9
        TRY
        TO_RING 3
        mov ax, SCR(7) | 3
        mov ss, ax
        mov esp, 0x1000
        mov ebp, 0x1000
.l10:   mov eax, [ds:ebp]               ; DS override: flat, fine
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET

; ---- expand-down -------------------------------------------------------------------
        CASE "expand-down, B=0: valid offsets are limit+1..FFFFh"
        SETDESC SCR(8), DATA_AREA, 0x0FFF, ACC_DATA_RW | 4, 0
        TRY
        mov ax, SCR(8)
        mov es, ax
        mov byte [es:0x1000], 1
        mov byte [es:0xFFFF], 2
        mov word [es:0xFFFE], 3
.e1:    mov byte [es:0xFFF], 4
        ENDTRY
        CHECK_FAULT_AT 13, 0, .e1
        CHECK_EQ "byte at limit+1 written", [DATA_AREA + 0x1000], 1
        TRY
        mov ax, SCR(8)
        mov es, ax
.e2:    mov word [es:0xFFFF], 3
        ENDTRY
        CHECK_FAULT_AT 13, 0, .e2
        TRY
        mov ax, SCR(8)
        mov es, ax
.e3:    mov al, [es:0x10000]
        ENDTRY
        CHECK_FAULT_AT 13, 0, .e3
        TRY
        mov ax, SCR(8)
        mov es, ax
.e4:    mov al, [es:0]
        ENDTRY
        CHECK_FAULT_AT 13, 0, .e4
        CASE "expand-down, B=1: valid offsets are limit+1..FFFFFFFFh"
        SETDESC SCR(8), 0, 0x0FFF, ACC_DATA_RW | 4, FL_DB
        TRY
        mov ax, SCR(8)
        mov es, ax
        mov eax, [es:DATA_AREA]
        mov eax, [es:0x10000]
        mov al, [es:0x1000]
.e5:    mov eax, [es:0xFFE]
        ENDTRY
        CHECK_FAULT_AT 13, 0, .e5
        CASE "expand-down, G=1: limit FFFFEh leaves only the top page"
        SETDESC SCR(8), 0, 0xFFFFE, ACC_DATA_RW | 4, FL_DB | FL_G
        TRY
        mov ax, SCR(8)
        mov es, ax
        mov al, [es:0xFFFFF000]
.e6:    mov al, [es:0xFFFFEFFF]
        ENDTRY
        CHECK_FAULT_AT 13, 0, .e6
        CASE "expand-down stack: PUSH below the limit is #SS(0)"
        SETDESC SCR(9), DATA_AREA, 0x0FFF, ACC_DATA_RW | 4 | ACC_DPL3, FL_DB
        TRY
        TO_RING 3
        mov ax, SCR(9) | 3
        mov ss, ax
        mov esp, 0x1008
        push eax
        push eax
.e7:    push eax
        int RING_RETURN_VEC
        ENDTRY
        CHECK_FAULT_AT 12, 0, .e7
        CHECK_EQ "ESP", [exc_esp], 0x1000

; ---- type checks on access -----------------------------------------------------------
        CASE "a write to read-only data is #GP(0)"
        SETDESC SCR(10), DATA_AREA, 0xFFFF, ACC_DATA_RO, FL_DB
        TRY
        mov ax, SCR(10)
        mov fs, ax
        mov eax, [fs:0]
.t1:    mov [fs:0], eax
        ENDTRY
        CHECK_FAULT_AT 13, 0, .t1
        TRY
        mov ax, SCR(10)
        mov fs, ax
.t2:    inc dword [fs:0]                ; read-modify-write
        ENDTRY
        CHECK_FAULT_AT 13, 0, .t2
        CASE "a write through CS, or a read of execute-only CS, is #GP(0)"
        TRY
.t3:    mov [cs:DATA_AREA], eax         ; CS is readable code
        ENDTRY
        CHECK_FAULT_AT 13, 0, .t3
        TRY
        mov eax, [cs:DATA_AREA]
        ENDTRY
        CHECK_NOFAULT
        ; a far jump to an execute-only copy of KCODE, then read through CS
        SETDESC SCR(11), 0, 0xFFFFF, ACC_CODE_XO, FL_G | FL_DB
        TRY
        jmp SCR(11):.t4a
.t4a:
.t4:    mov eax, [cs:DATA_AREA]
        ENDTRY
        CHECK_FAULT_AT 13, 0, .t4
        CHECK_EQ "CS at the fault", [exc_cs], SCR(11)
        CASE "a readable code segment in DS reads but does not write"
        TRY
        mov ax, SCR(1)
        mov ds, ax
        mov eax, [DATA_AREA]
.t5:    mov [DATA_AREA], eax
        ENDTRY
        CHECK_FAULT_AT 13, 0, .t5
        FLAT_SEGS

; ---- the other loaders ------------------------------------------------------------------
        CASE "POP DS with a bad selector: #GP(sel), ESP unchanged"
        SETDESC SCR(0), 0, 0xFFFFF, ACC_CODE_XO, FL_G | FL_DB
        TRY
        push dword SCR(0)               ; execute-only code
        mov [ss:tmp], esp
.o1:    pop ds
        ENDTRY
        CHECK_FAULT_AT 13, SCR(0), .o1
        mov eax, [tmp]
        CHECK_EQ "ESP at the fault", [exc_esp_now], eax
        CASE "POP SS with a not-present stack: #SS(sel)"
        SETDESC SCR(4), 0, 0xFFFFF, ACC_DATA_RW & ~ACC_NP, FL_G | FL_DB
        TRY
        push dword SCR(4)
.o2:    pop ss
        ENDTRY
        CHECK_FAULT_AT 12, SCR(4), .o2
        CASE "LDS/LES/LFS/LGS fault before writing the offset register"
        mov dword [tmp], 0x11223344
        mov dword [tmp+4], SCR(0)
        TRY
        mov ebx, 0xCAFEBABE
.o3:    lds ebx, [tmp]
        ENDTRY
        CHECK_FAULT_AT 13, SCR(0), .o3
        CHECK_EQ "EBX kept", [exc_regs+16], 0xCAFEBABE
        TRY
        mov ebx, 0xCAFEBABE
.o4:    lgs ebx, [tmp]
        ENDTRY
        CHECK_FAULT_AT 13, SCR(0), .o4
        mov dword [tmp+4], SCR(4)       ; not present
        TRY
.o5:    lfs ebx, [tmp]
        ENDTRY
        CHECK_FAULT_AT 11, SCR(4), .o5
        mov dword [tmp+4], UDATA
        TRY
        lfs ebx, [tmp]
        mov eax, fs
        mov [tmp+8], eax
        ENDTRY
        CHECK_NOFAULT
        CHECK_EQ "FS", [tmp+8], UDATA
        CHECK_EQ "EBX", ebx, 0x11223344
        FLAT_SEGS
        CASE "LSS loads SS:ESP; a bad SS is #GP(sel)"
        mov dword [tmp], 0x2468
        mov dword [tmp+4], KDATA | 1
        TRY
.o6:    lss esp, [tmp]
        ENDTRY
        CHECK_FAULT_AT 13, KDATA, .o6
        mov dword [tmp], MAIN_STACK_TOP - 0x100
        mov dword [tmp+4], LDT_KDATA
        TRY
        mov [tmp+20], esp
        mov dword [tmp+24], KDATA
        lss esp, [tmp]
        mov eax, ss
        mov [tmp+12], eax
        mov [tmp+16], esp
        lss esp, [tmp+20]
        ENDTRY
        CHECK_NOFAULT
        CHECK_EQ "SS", [tmp+12], LDT_KDATA
        CHECK_EQ "ESP", [tmp+16], MAIN_STACK_TOP - 0x100
        mov ax, KDATA
        mov ss, ax

; ---- LLDT, MOV CS, odd loads ------------------------------------------------------------------
        CASE "LLDT: null loads; non-LDT or TI #GP(sel); not present #NP(sel); CPL 3 #GP(0)"
        TRY
        xor eax, eax
        lldt ax
        sldt bx
        movzx ebx, bx
        mov [tmp], ebx
        ENDTRY
        CHECK_NOFAULT
        CHECK_EQ "LDTR after LLDT 0", [tmp], 0
        LLDTF TSS0_SEL, 13, TSS0_SEL
        LLDTF KDATA, 13, KDATA
        LLDTF LDT0_SEL | 4, 13, LDT0_SEL | 4
        LLDTF GDT_ENTRIES*8, 13, GDT_ENTRIES*8
        SETDESC SCR(13), LDT_BASE, LDT_LIMIT, 0x02, 0        ; an LDT, not present
        LLDTF SCR(13), 11, SCR(13)
        TRY
        TO_RING 3
        mov ax, LDT0_SEL
.d1:    lldt ax
        int RING_RETURN_VEC
        ENDTRY
        CHECK_FAULT_AT 13, 0, .d1
        mov ax, LDT0_SEL
        lldt ax
        CASE "MOV to CS is #UD"
        TRY
.d2:    db 0x8E, 0xC8                   ; mov cs, ax
        ENDTRY
        CHECK_FAULT_AT 6, 0, .d2
        CASE "LDS/LFS with a null selector load it without a fault"
        mov dword [tmp], 0x55
        mov dword [tmp + 4], 0
        TRY
        lfs ebx, [tmp]
        mov eax, fs
        mov [tmp + 8], eax
        ENDTRY
        FLAT_SEGS
        CHECK_NOFAULT
        CHECK_EQ "FS", [tmp + 8], 0
        CHECK_EQ "EBX", ebx, 0x55
        CASE "a 16-bit stack (B=0) in 32-bit code: pushes move SP only, wrapping"
        TRY
        mov ax, KDATA16
        mov ss, ax
        mov esp, 0x00120000
        mov ebx, 0xA5A5A5A5
        push ebx
        mov [ss:tmp], esp
        mov eax, [0xFFFC]
        mov [ss:tmp + 4], eax
        pop ecx
        mov [ss:tmp + 8], esp
        mov ax, KDATA
        mov ss, ax
        ENDTRY
        CHECK_NOFAULT
        CHECK_EQ "ESP after PUSH", [tmp], 0x0012FFFC
        CHECK_EQ "pushed at SS:FFFCh", [tmp + 4], 0xA5A5A5A5
        CHECK_EQ "ESP after POP", [tmp + 8], 0x00120000

; ---- LAR LSL VERR VERW ARPL -----------------------------------------------------------------
        CASE "LAR: access rights of code and data, ZF=1"
        SETDESC SCR(12), 0x12345678, 0xABCDE, ACC_DATA_RW | ACC_DPL2, FL_G | FL_AVL
        TRY
        mov ecx, 0xFFFFFFFF
        mov eax, SCR(12)
        lar ecx, eax
        setz [tmp]
        mov [tmp+4], ecx
        mov ecx, 0xFFFFFFFF
        lar cx, ax
        mov [tmp+8], ecx
        ENDTRY
        CHECK_NOFAULT
        CHECK_EQ "ZF", [tmp], 1
        CHECK_EQ "LAR r32", [tmp+4], 0x009AD200
        CHECK_EQ "LAR r16", [tmp+8], 0xFFFF0000 | ((ACC_DATA_RW | ACC_DPL2) << 8)
        CASE "LAR: system types 1-5, 9, B, C are valid; 0, 6-8, A, D-F are not"
        xor ebx, ebx                    ; type
.lar1:  mov eax, SCR(13)
        call desc_addr
        mov dword [edi], 0x0000FFFF
        mov eax, ebx
        or eax, 0x80                    ; present, DPL 0, S = 0
        shl eax, 8
        mov [edi+4], eax
        mov ecx, 0x55555555
        mov eax, SCR(13)
        lar ecx, eax
        setz al
        movzx eax, al
        xor edx, edx
        bt dword [lar_valid], ebx
        setc dl
        movzx edx, dl
        CHECK_EQ "LAR ZF for the type in EBX", eax, edx
        inc ebx
        cmp ebx, 16
        jb .lar1
        CASE "LAR/LSL: DPL < CPL or DPL < RPL gives ZF=0, register kept"
        TRY
        TO_RING 3
        mov ecx, 0x77777777
        mov eax, KDATA
        lar ecx, eax
        setz [ss:tmp]
        mov [ss:tmp+4], ecx
        mov eax, UDATA
        lsl ecx, eax
        setz [ss:tmp+8]
        mov [ss:tmp+12], ecx
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_EQ "LAR ZF", [tmp], 0
        CHECK_EQ "LAR ECX kept", [tmp+4], 0x77777777
        CHECK_EQ "LSL ZF (DPL 3)", [tmp+8], 1
        CHECK_EQ "LSL limit", [tmp+12], 0xFFFFFFFF
        TRY
        mov ecx, 0x77777777
        mov eax, R1DATA | 2             ; RPL 2 > DPL 1
        lar ecx, eax
        setz [tmp]
        ENDTRY
        CHECK_EQ "LAR ZF (RPL > DPL)", [tmp], 0
        CASE "LAR: conforming code is visible at any CPL; not-present is still ZF=1"
        SETDESC SCR(3), 0, 0xFFFFF, ACC_CODE_CONF, FL_G | FL_DB
        SETDESC SCR(4), 0, 0xFFFFF, ACC_DATA_RW & ~ACC_NP, FL_G | FL_DB
        TRY
        TO_RING 3
        mov eax, SCR(3) | 3
        lar ecx, eax
        setz [ss:tmp]
        mov eax, SCR(4)
        lar ecx, eax
        setz [ss:tmp+4]
        int RING_RETURN_VEC
        ENDTRY
        CHECK_EQ "conforming: ZF", [tmp], 1
        mov eax, SCR(4)
        lar ecx, eax
        setz al
        movzx eax, al
        CHECK_EQ "not present at ring 0: ZF", eax, 1
        CHECK_EQ "not present: rights", ecx, ((ACC_DATA_RW & ~ACC_NP) << 8) | ((FL_G | FL_DB | 0xF) << 16)
        CASE "LAR/LSL: null and out-of-limit selectors give ZF=0"
        mov ecx, 0x12
        xor eax, eax
        lar ecx, eax
        setz dl
        movzx edx, dl
        CHECK_EQ "LAR null ZF", edx, 0
        CHECK_EQ "LAR null ECX kept", ecx, 0x12
        mov eax, GDT_ENTRIES*8
        lsl ecx, eax
        setz dl
        movzx edx, dl
        CHECK_EQ "LSL past the GDT ZF", edx, 0
        CASE "LSL: byte and page granular limits; TSS and LDT valid, gates not"
        SETDESC SCR(12), 0, 0xABCDE, ACC_DATA_RW, 0
        mov eax, SCR(12)
        lsl ecx, eax
        CHECK_EQ "byte-granular", ecx, 0xABCDE
        SETDESC SCR(12), 0, 0xABCDE, ACC_DATA_RW, FL_G
        mov eax, SCR(12)
        lsl ecx, eax
        CHECK_EQ "page-granular", ecx, 0xABCDEFFF
        mov ecx, 0xFFFFFFFF
        lsl cx, ax
        CHECK_EQ "16-bit LSL", ecx, 0xFFFFEFFF
        mov eax, TSS0_SEL
        lsl ecx, eax
        setz dl
        movzx edx, dl
        CHECK_EQ "TSS ZF", edx, 1
        CHECK_EQ "TSS limit", ecx, TSS0_LIMIT
        mov eax, LDT0_SEL
        lsl ecx, eax
        CHECK_EQ "LDT limit", ecx, LDT_LIMIT
        SETGATE SCR(13), 0, KCODE, 0x80 | T_CALL32, 0
        mov ecx, 0x99
        mov eax, SCR(13)
        lsl ecx, eax
        setz dl
        movzx edx, dl
        CHECK_EQ "call gate ZF", edx, 0
        CHECK_EQ "call gate ECX kept", ecx, 0x99
        CASE "VERR/VERW: readable/writable, privilege and type rules"
        SETDESC SCR(0), 0, 0xFFFFF, ACC_CODE_XO, FL_G | FL_DB
        SETDESC SCR(1), 0, 0xFFFFF, ACC_CODE_XR, FL_G | FL_DB
        SETDESC SCR(3), 0, 0xFFFFF, ACC_CODE_CONF, FL_G | FL_DB
        SETDESC SCR(10), 0, 0xFFFFF, ACC_DATA_RO, FL_G | FL_DB
        mov ebx, verx_table
.vx:    cmp dword [ebx], -1
        je .vxd
        mov ax, [ebx]
        verr ax
        setz cl
        verw ax
        setz ch
        movzx eax, cx
        movzx edx, word [ebx + 2]
        CHECK_EQ "VERR | VERW << 8 for the selector in [EBX]", eax, edx
        add ebx, 4
        jmp .vx
.vxd:
        TRY
        TO_RING 3
        mov ax, SCR(3)                  ; conforming readable: visible
        verr ax
        setz [ss:tmp]
        mov ax, SCR(1) | 3              ; DPL 0 code
        verr ax
        setz [ss:tmp+1]
        mov ax, KDATA
        verw ax
        setz [ss:tmp+2]
        mov ax, UDATA
        verw ax
        setz [ss:tmp+3]
        int RING_RETURN_VEC
        ENDTRY
        CHECK_EQ "ring 3: VERR conf, VERR DPL0 code, VERW DPL0, VERW DPL3", [tmp], 0x01000001
        CASE "ARPL raises the RPL of the destination and sets ZF"
        mov ax, 0x0010
        mov bx, 0x0023
        arpl ax, bx
        setz cl
        movzx ecx, cl
        movzx eax, ax
        CHECK_EQ "adjusted", eax, 0x0013
        CHECK_EQ "ZF", ecx, 1
        mov ax, 0x0013
        mov bx, 0x0021
        arpl ax, bx
        setz cl
        movzx ecx, cl
        movzx eax, ax
        CHECK_EQ "kept", eax, 0x0013
        CHECK_EQ "ZF clear", ecx, 0
        mov word [tmp], 0x4440
        mov bx, 2
        arpl [tmp], bx
        setz cl
        movzx ecx, cl
        CHECK_EQ "memory operand", [tmp], 0x4442
        CHECK_EQ "memory ZF", ecx, 1
        ret

lar_valid:  dd (1 << 1) | (1 << 2) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 9) | (1 << 11) | (1 << 12)
; selector, expected (VERR ZF) | (VERW ZF) << 8, at ring 0
verx_table:
        dw KDATA, 0x0101
        dw SCR(10), 0x0001              ; read-only data
        dw SCR(0), 0x0000               ; execute-only code
        dw SCR(1), 0x0001               ; readable code
        dw SCR(3), 0x0001               ; conforming readable code
        dw TSS0_SEL, 0x0000
        dw 0, 0x0000                    ; null
        dw GDT_ENTRIES*8, 0x0000        ; past the limit
        dw KDATA | 3, 0x0000            ; RPL > DPL
        dw UDATA, 0x0101
        dd -1
gdtr_tmp: dw 0
        dd 0

%include "tail.inc"
