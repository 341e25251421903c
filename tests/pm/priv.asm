; ---------------------------------------------------------------------------
; tests/pm/priv.asm: privilege transitions (SDM Vol. 3, 5.8-5.10 and 6.12;
; Vol. 2 CALL, JMP, RET, IRET, INT n, POPF, CLI/STI, IN/OUT): far JMP and
; CALL to code segments and through 16- and 32-bit call gates (parameter
; copying, the TSS stack switch and its faults), RETF and IRET to outer
; levels (with the invalidation of data segment registers), interrupt and
; trap gates from outer rings, gate DPL checks for INT n / INT3 / INTO /
; ICEBP, the EXT and IDT bits of error codes, the IOPL rules and the I/O
; permission bitmap.
; ---------------------------------------------------------------------------
%define TEST_NAME "priv"
%include "harness.inc"

CG_P3      equ SCR(0)       ; 32-bit call gate, DPL 3 -> KCODE:cg_ret12, 3 dwords
KCODE_B    equ SCR(1)       ; 32-bit code, DPL 0, base 10000h (targets of 16-bit gates)
CG16       equ SCR(2)       ; 16-bit call gate, DPL 3 -> KCODE_B:cg16_target, 2 words
CONF0      equ SCR(3)       ; conforming readable code, DPL 0, flat
GATE       equ SCR(4)       ; scratch gate
CODE       equ SCR(5)       ; scratch code segment
STK        equ SCR(6)       ; scratch data / stack segment
CG_R1      equ SCR(7)       ; 32-bit call gate, DPL 3 -> R1CODE:cg_ret0
CONF3      equ SCR(8)       ; conforming code, DPL 3
CG_SAME    equ SCR(9)       ; 32-bit call gate, DPL 0 -> KCODE:cg_ret0, 2 dwords (ignored)
TSS_ALT    equ SCR(10)      ; another TSS for TR (short, or 16-bit)
CG_R0      equ SCR(11)      ; 32-bit call gate, DPL 3 -> KCODE:cg_ret0 (for rings 1, 2)
CG_INVAL   equ SCR(12)      ; 32-bit call gate, DPL 3 -> KCODE:cg_inval
UCODE_B    equ SCR(13) | 3  ; 32-bit code, DPL 3, base 10000h (callers of 16-bit gates)
TSS_ALT_BASE equ 0x57000

        absolute TVARS
pr_cs:      resd 1          ; what probe_record saw
pr_ss:      resd 1
pr_esp:     resd 1          ; ESP when the target started
pr_efl:     resd 1
pr_ds:      resd 1
pr_es:      resd 1
pr_fs:      resd 1
pr_gs:      resd 1
pr_stack:   resd 12         ; the dwords at [pr_esp]
inval_segs: resd 4          ; selectors cg_inval loads before returning
        section payload

; ---- gate targets (in the first 64 KiB of the payload) ------------------------
; probe_record: the first thing a gate target calls.  Records CS, SS, the
; target's ESP, EFLAGS, DS ES FS GS and the 12 dwords of its stack.  Assumes
; a flat SS (all the inner stacks here are).
probe_record:
        push eax
        push ecx
        pushfd
        pop eax
        mov [ss:pr_efl], eax
        xor eax, eax
        mov ax, cs
        mov [ss:pr_cs], eax
        mov ax, ss
        mov [ss:pr_ss], eax
        mov ax, ds
        mov [ss:pr_ds], eax
        mov ax, es
        mov [ss:pr_es], eax
        mov ax, fs
        mov [ss:pr_fs], eax
        mov ax, gs
        mov [ss:pr_gs], eax
        lea eax, [esp + 12]
        mov [ss:pr_esp], eax
        xor ecx, ecx
.l:     mov eax, [ss:esp + 12 + ecx*4]
        mov [ss:pr_stack + ecx*4], eax
        inc ecx
        cmp ecx, 12
        jb .l
        pop ecx
        pop eax
        ret

cg_ret12:                               ; 3 dword parameters
        call probe_record
        retf 12
cg_ret0:
        call probe_record
        retf
cg_ret0_o16:
        call probe_record
        o16 retf
cg_stay:                                ; reached by JMP: go back to ring 0's TRY
        call probe_record
        int RING_RETURN_VEC
int_probe:
        call probe_record
        iretd
cg_plain:
        retf
cg_plain12:
        retf 12
r3_back:                                ; a ring-3 return target that goes home
        int RING_RETURN_VEC
; Load the data segment registers from inval_segs, then return to the
; outer caller (RETF) or interrupted code (IRET).
cg_inval:
        call load_inval_segs
        retf
int_inval:
        call load_inval_segs
        iretd
load_inval_segs:
        mov ax, [ss:inval_segs]
        mov ds, ax
        mov ax, [ss:inval_segs + 4]
        mov es, ax
        mov ax, [ss:inval_segs + 8]
        mov fs, ax
        mov ax, [ss:inval_segs + 12]
        mov gs, ax
        ret

; targets of 16-bit gates: in KCODE_B (base 10000h), offsets < 10000h
cg16_target:                            ; 2 word parameters
        call probe_record
        o16 retf 4
int16_probe:
        call probe_record
        iretw
; a 16-bit #GP handler: record, then straight back to the TRY
gp16_probe:
        call probe_record
        mov dword [ss:exc_vec], 0x1616
        mov ax, KDATA
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov esp, [catch_esp]
        mov eax, [catch_eip]
        mov dword [catch_eip], 0
        push dword KCODE
        push eax
        retf
%define OFF16(x) ((x) - payload_start)
; callers of 16-bit gates: ring 3 in UCODE_B, so that a 16-bit return
; address (IP) reaches them
r3b_cg16:
        push word 0x1111
        push word 0x2222
.c:     call CG16:0
        mov [ss:tmp], esp
        int RING_RETURN_VEC
r3b_int16:
        int 0x40
.next:  mov [ss:tmp], esp
        mov eax, cs
        mov [ss:tmp + 4], eax
        int RING_RETURN_VEC
        times -(($ - payload_start) > 0xFFF0) db 0   ; must lie in the first 64 KiB

; TO_RING3_B label: continue at ring 3 in UCODE_B at label
%macro TO_RING3_B 1
        push dword UDATA
        push dword R3_STACK_TOP
        pushfd
        push dword UCODE_B
        push dword OFF16(%1)
        iretd
%endmacro

; ring-3 helpers for storing results through SS (always flat here)
%macro R3SAVE 2                         ; slot, value (clobbers EAX)
        mov eax, %2
        mov [ss:tmp + 4*(%1)], eax
%endmacro

; set_tss_stack n: TSS0's SSn:ESPn = EAX:EBX
%macro SET_TSS_STACK 3
        mov dword [TSS0_BASE + 4 + 8*(%1)], %3
        mov dword [TSS0_BASE + 8 + 8*(%1)], %2
%endmacro

; GP_EIP vec, err, label: fault at label, in ring-3 code (CS = UCODE)
%macro FAULT_R3 3
        CHECK_FAULT_AT %1, %2, %3
        CHECK_EQ "CS at the fault", [exc_cs], UCODE
%endmacro

test_main:
        ; the segments every case uses
        SETDESC KCODE_B, PAYLOAD_BASE, 0xFFFFF, ACC_CODE_XR, FL_DB
        SETGATE CG_P3, cg_ret12, KCODE, 0x80 | ACC_DPL3 | T_CALL32, 3
        SETGATE CG16, OFF16(cg16_target), KCODE_B, 0x80 | ACC_DPL3 | T_CALL16, 2
        SETDESC CONF0, 0, 0xFFFFF, ACC_CODE_CONF, FL_G | FL_DB
        SETDESC CONF3, 0, 0xFFFFF, ACC_CODE_CONF | ACC_DPL3, FL_G | FL_DB
        SETGATE CG_R1, cg_ret0, R1CODE & ~3, 0x80 | ACC_DPL3 | T_CALL32, 0
        SETGATE CG_SAME, cg_ret0, KCODE, 0x80 | T_CALL32, 2
        SETGATE CG_R0, cg_ret0, KCODE, 0x80 | ACC_DPL3 | T_CALL32, 0
        SETGATE CG_INVAL, cg_inval, KCODE, 0x80 | ACC_DPL3 | T_CALL32, 0
        SETDESC UCODE_B, PAYLOAD_BASE, 0xFFFFF, ACC_CODE_XR | ACC_DPL3, FL_DB

; ---- far JMP and CALL to code segments ----------------------------------------
        CASE "far JMP to non-conforming code needs DPL = CPL and RPL <= CPL"
        TRY
.j1:    jmp (R1CODE & ~3):.j1
        ENDTRY
        CHECK_FAULT_AT 13, R1CODE & 0xFFFC, .j1
        TRY
.j2:    jmp (KCODE | 3):.j2
        ENDTRY
        CHECK_FAULT_AT 13, KCODE, .j2
        TRY
        TO_RING 3
.j3:    jmp KCODE:.j3
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 13, KCODE, .j3
        TRY
        TO_RING 3
.j4:    call (KCODE | 3):.j4
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 13, KCODE, .j4
        TRY
        jmp KCODE:.j5
.j5:    mov eax, cs
        mov [tmp], eax
        ENDTRY
        CHECK_NOFAULT
        CHECK_EQ "CS", [tmp], KCODE

        CASE "far CALL to conforming code keeps CPL: CS.RPL = 3 at ring 3"
        TRY
        TO_RING 3
        mov [ss:tmp + 32], esp
.k1:    call CONF0:cg_ret0
        R3SAVE 9, esp
        R3SAVE 10, cs
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_EQ "CS in the target", [pr_cs], CONF0 | 3
        CHECK_EQ "SS in the target (no switch)", [pr_ss], UDATA
        CHECK_EQ "ESP in the target", [pr_esp], R3_STACK_TOP - 8
        CHECK_EQ "return EIP pushed", [pr_stack], .k1 + 7
        CHECK_MASK "CS pushed", [pr_stack + 4], 0xFFFF, UCODE
        CHECK_EQ "ESP after RETF", [tmp + 36], R3_STACK_TOP
        CHECK_EQ "CS after RETF", [tmp + 40], UCODE
        CASE "far CALL to conforming code with DPL > CPL is #GP(sel)"
        TRY
.k2:    call CONF3:cg_ret0
        ENDTRY
        CHECK_FAULT_AT 13, CONF3, .k2
        CASE "far JMP/CALL: not present #NP(sel), data #GP(sel), null #GP(0)"
        SETDESC CODE, 0, 0xFFFFF, ACC_CODE_XR & ~ACC_NP, FL_G | FL_DB
        TRY
.k3:    jmp CODE:0
        ENDTRY
        CHECK_FAULT_AT 11, CODE, .k3
        TRY
.k4:    call KDATA:0
        ENDTRY
        CHECK_FAULT_AT 13, KDATA, .k4
        TRY
.k5:    jmp 0:0
        ENDTRY
        CHECK_FAULT_AT 13, 0, .k5
        TRY
.k6:    call 3:0
        ENDTRY
        CHECK_FAULT_AT 13, 0, .k6
        TRY
.k7:    jmp TSS0_SEL | 0:0               ; the running TSS is busy
        ENDTRY
        CHECK_FAULT_AT 13, TSS0_SEL, .k7
        CASE "far JMP/CALL past the target's limit is #GP(0) at the branch"
        SETDESC CODE, 0, 0x1FFFF, ACC_CODE_XR, FL_DB
        mov [tmp + 60], esp
        TRY
.k8:    call CODE:0x20000
        ENDTRY
        CHECK_FAULT_AT 13, 0, .k8
        CHECK_EQ "CS at the fault", [exc_cs], KCODE
        mov eax, [tmp + 60]
        CHECK_EQ "ESP at the fault", [exc_esp_now], eax

; ---- call gates ------------------------------------------------------------------
        CASE "32-bit call gate ring 3 -> 0: TSS stack, 3 dwords copied, RETF 12"
        TRY
        TO_RING 3
        push dword 0x11111111
        push dword 0x22222222
        push dword 0x33333333
.g1:    call CG_P3:0xDEADBEEF           ; the offset is ignored
        R3SAVE 0, esp
        R3SAVE 1, cs
        R3SAVE 2, ss
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_EQ "CS in the target", [pr_cs], KCODE
        CHECK_EQ "SS in the target (TSS SS0)", [pr_ss], KDATA
        CHECK_EQ "ESP in the target", [pr_esp], R0_STACK_TOP - 28
        CHECK_EQ "[ESP] return EIP", [pr_stack], .g1 + 7
        CHECK_MASK "[ESP+4] CS", [pr_stack + 4], 0xFFFF, UCODE
        CHECK_EQ "[ESP+8] param 3", [pr_stack + 8], 0x33333333
        CHECK_EQ "[ESP+12] param 2", [pr_stack + 12], 0x22222222
        CHECK_EQ "[ESP+16] param 1", [pr_stack + 16], 0x11111111
        CHECK_EQ "[ESP+20] old ESP", [pr_stack + 20], R3_STACK_TOP - 12
        CHECK_MASK "[ESP+24] old SS", [pr_stack + 24], 0xFFFF, UDATA
        CHECK_EQ "ESP after RETF 12", [tmp], R3_STACK_TOP
        CHECK_EQ "CS after RETF", [tmp + 4], UCODE
        CHECK_EQ "SS after RETF", [tmp + 8], UDATA

        CASE "16-bit call gate ring 3 -> 0: 16-bit frame, 2 words copied"
        TRY
        TO_RING3_B r3b_cg16
        ENDTRY
        CHECK_RET
        CHECK_EQ "CS in the target", [pr_cs], KCODE_B
        CHECK_EQ "ESP in the target", [pr_esp], R0_STACK_TOP - 12
        CHECK_EQ "IP, CS", [pr_stack], ((UCODE_B) << 16) | OFF16(r3b_cg16.c + 7)
        CHECK_EQ "param 2, param 1", [pr_stack + 4], 0x11112222
        CHECK_EQ "SP, SS", [pr_stack + 8], ((UDATA) << 16) | ((R3_STACK_TOP - 4) & 0xFFFF)
        CHECK_MASK "SP after RETF 4", [tmp], 0xFFFF, R3_STACK_TOP & 0xFFFF

        CASE "call gate ring 3 -> 1 takes SS1:ESP1 from the TSS"
        TRY
        TO_RING 3
.g3:    call CG_R1:0
        R3SAVE 0, esp
        R3SAVE 1, cs
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_EQ "CS", [pr_cs], R1CODE
        CHECK_EQ "SS", [pr_ss], R1DATA
        CHECK_EQ "ESP", [pr_esp], R1_STACK_TOP - 16
        CHECK_EQ "old ESP", [pr_stack + 8], R3_STACK_TOP
        CHECK_EQ "ESP after RETF", [tmp], R3_STACK_TOP
        CHECK_EQ "CS after RETF", [tmp + 4], UCODE
        CASE "call gate ring 2 -> 0 takes SS0:ESP0; ring 1 -> 0 too"
        TRY
        TO_RING 2
.g4:    call CG_R0:0
        R3SAVE 0, cs
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_EQ "CS", [pr_cs], KCODE
        CHECK_EQ "SS", [pr_ss], KDATA
        CHECK_EQ "ESP", [pr_esp], R0_STACK_TOP - 16
        CHECK_MASK "old SS", [pr_stack + 12], 0xFFFF, R2DATA
        CHECK_EQ "CS after RETF", [tmp], R2CODE
        TRY
        TO_RING 1
        call CG_R0:0
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_EQ "ring 1: ESP", [pr_esp], R0_STACK_TOP - 16
        CHECK_EQ "ring 1: old ESP", [pr_stack + 8], R1_STACK_TOP

        CASE "call gate to the same level: no stack switch, no parameters copied"
        mov [tmp + 60], esp
        TRY
        push dword 0xAAAA
        push dword 0xBBBB
.g5:    call CG_SAME:0
        mov [tmp], esp
        ENDTRY
        CHECK_NOFAULT
        mov eax, [tmp + 60]
        sub eax, 16
        CHECK_EQ "ESP in the target", [pr_esp], eax
        CHECK_EQ "return EIP", [pr_stack], .g5 + 7
        CHECK_EQ "the caller's pushes follow", [pr_stack + 8], 0xBBBB
        add eax, 8
        CHECK_EQ "ESP after RETF", [tmp], eax
        CASE "call gate to conforming code: no privilege change"
        SETGATE GATE, cg_ret0, CONF0, 0x80 | ACC_DPL3 | T_CALL32, 1
        TRY
        TO_RING 3
        push dword 0x5555
        call GATE:0
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_EQ "CS", [pr_cs], CONF0 | 3
        CHECK_EQ "SS", [pr_ss], UDATA
        CHECK_EQ "ESP", [pr_esp], R3_STACK_TOP - 12
        CASE "JMP through a call gate: same level works, more privilege is #GP(code)"
        SETGATE GATE, cg_stay, KCODE, 0x80 | ACC_DPL3 | T_CALL32, 0
        TRY
        mov [tmp + 60], esp
        jmp GATE:0
        ENDTRY
        CHECK_RET
        CHECK_EQ "CS", [pr_cs], KCODE
        mov eax, [tmp + 60]
        CHECK_EQ "nothing pushed", [pr_esp], eax
        TRY
        TO_RING 3
.g6:    jmp GATE:0
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 13, KCODE, .g6
        SETGATE GATE, cg_stay, CONF0, 0x80 | ACC_DPL3 | T_CALL32, 0
        TRY
        TO_RING 3
        jmp GATE:0
        ENDTRY
        CHECK_RET
        CHECK_EQ "JMP via gate to conforming code: CS", [pr_cs], CONF0 | 3

        CASE "call gate DPL < CPL or RPL > DPL is #GP(gate); not present #NP(gate)"
        SETGATE GATE, cg_ret0, KCODE, 0x80 | T_CALL32, 0
        TRY
        TO_RING 3
.g7:    call GATE:0
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 13, GATE, .g7
        SETGATE GATE, cg_ret0, KCODE, 0x80 | ACC_DPL1 | T_CALL32, 0
        TRY
.g8:    call (GATE | 2):0
        ENDTRY
        CHECK_FAULT_AT 13, GATE, .g8
        SETGATE GATE, cg_ret0, KCODE, ACC_DPL3 | T_CALL32, 0
        TRY
        TO_RING 3
.g9:    call GATE:0
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 11, GATE, .g9
        CASE "call gate target: null #GP(0), data #GP(sel), DPL > CPL #GP(sel)"
        SETGATE GATE, cg_ret0, 0, 0x80 | ACC_DPL3 | T_CALL32, 0
        TRY
        TO_RING 3
.g10:   call GATE:0
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 13, 0, .g10
        SETGATE GATE, cg_ret0, UDATA, 0x80 | ACC_DPL3 | T_CALL32, 0
        TRY
        TO_RING 3
.g11:   call GATE:0
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 13, UDATA & 0xFFFC, .g11
        SETGATE GATE, cg_ret0, UCODE, 0x80 | T_CALL32, 0
        TRY
.g12:   call GATE:0
        ENDTRY
        CHECK_FAULT_AT 13, UCODE & 0xFFFC, .g12
        SETGATE GATE, cg_ret0, TSS0_SEL, 0x80 | T_CALL32, 0
        TRY
.g13:   call GATE:0
        ENDTRY
        CHECK_FAULT_AT 13, TSS0_SEL, .g13
        CASE "call gate target not present #NP(sel); offset past limit #GP(0)"
        SETDESC CODE, 0, 0xFFFFF, ACC_CODE_XR & ~ACC_NP, FL_G | FL_DB
        SETGATE GATE, cg_ret0, CODE, 0x80 | ACC_DPL3 | T_CALL32, 0
        TRY
        TO_RING 3
.g14:   call GATE:0
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 11, CODE, .g14
        SETDESC CODE, 0, 0xFFF, ACC_CODE_XR, FL_DB
        SETGATE GATE, 0x1000, CODE, 0x80 | ACC_DPL3 | T_CALL32, 0
        TRY
        TO_RING 3
.g15:   call GATE:0
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 13, 0, .g15
        SETGATE GATE, 0x12340000 + 0x1000, CODE, 0x80 | ACC_DPL3 | T_CALL16, 0
        TRY
        TO_RING 3
.g16:   call GATE:0                     ; a 16-bit gate uses the low 16 bits
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 13, 0, .g16
        CASE "a call gate in the LDT"
        SETGATE LSCR(0), cg_ret0, R1CODE & ~3, 0x80 | ACC_DPL3 | T_CALL32, 0
        TRY
        TO_RING 3
        call (LSCR(0) | 3):0
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_EQ "CS", [pr_cs], R1CODE

        CASE "inner stack faults: SS1 null #TS(0), bad RPL/DPL/type #TS(sel)"
        mov esi, ss1_cases
.s1:    cmp dword [esi], -1
        je .s1d
        SETDESC STK, 0, 0xFFFFF, ACC_DATA_RW | ACC_DPL1, FL_G | FL_DB
        mov eax, [esi]
        mov [TSS0_BASE + 16], eax       ; SS1
        mov eax, [esi + 8]              ; access byte for STK
        mov [GDT_BASE + STK + 5], al
        mov [tmp + 60], esi
        TRY
        TO_RING 3
.s2:    call CG_R1:0
        int RING_RETURN_VEC
        ENDTRY
        mov esi, [tmp + 60]
        CHECK_EQ "vector for the SS1 in [ESI]", [exc_vec], [esi + 12]
        CHECK_EQ "error code for the SS1 in [ESI]", [exc_err], [esi + 4]
        CHECK_EQ "faulting EIP", [exc_eip], .s2
        CHECK_EQ "CS", [exc_cs], UCODE
        CHECK_EQ "ESP", [exc_esp], R3_STACK_TOP
        add esi, 16
        jmp .s1
.s1d:   call tss0_reset
        CASE "inner stack too small for the frame: #SS(SS1)"
        SETDESC STK, DATA_AREA, 0xFFF, ACC_DATA_RW | ACC_DPL1, FL_DB
        SETGATE GATE, cg_plain, R1CODE & ~3, 0x80 | ACC_DPL3 | T_CALL32, 0
        SET_TSS_STACK 1, STK | 1, 0x10
        TRY
        TO_RING 3
        call GATE:0
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET                       ; 16 bytes fit exactly
        SET_TSS_STACK 1, STK | 1, 0x0C
        TRY
        TO_RING 3
.s3:    call GATE:0
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 12, STK, .s3
        CHECK_EQ "ESP", [exc_esp], R3_STACK_TOP
        SETGATE GATE, cg_plain12, R1CODE & ~3, 0x80 | ACC_DPL3 | T_CALL32, 3
        SET_TSS_STACK 1, STK | 1, 0x1C
        TRY
        TO_RING 3
        sub esp, 12
        call GATE:0
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET                       ; 28 bytes fit exactly
        SET_TSS_STACK 1, STK | 1, 0x1B  ; 28 bytes needed, 27 there
        TRY
        TO_RING 3
        sub esp, 12
.s4:    call GATE:0
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 12, STK, .s4
        SETDESC STK, DATA_AREA - 0x10000, 0xFFFF, ACC_DATA_RW | ACC_DPL1 | 4, FL_DB   ; expand-down
        SETGATE GATE, cg_plain, R1CODE & ~3, 0x80 | ACC_DPL3 | T_CALL32, 0
        SET_TSS_STACK 1, STK | 1, 0x10010
        TRY
        TO_RING 3
        call GATE:0
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        SET_TSS_STACK 1, STK | 1, 0x1000C
        TRY
        TO_RING 3
.s5:    call GATE:0
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 12, STK, .s5
        call tss0_reset

        CASE "a TSS too short for the SS1:ESP1 slot is #TS(TSS)"
        ; a copy of TSS0's ring stacks in a TSS of limit 18: the SDM's
        ; check is TSSstackAddress + 7 > limit (the slot of ESP1 is at 12,
        ; SS1 at 16), so ring 0's slot fits and ring 1's does not
        mov esi, TSS0_BASE
        mov edi, TSS_ALT_BASE
        mov ecx, 0x68 / 4
        rep movsd
        SETDESC TSS_ALT, TSS_ALT_BASE, 18, 0x80 | T_TSS32, 0
        mov ax, TSS_ALT
        ltr ax
        TRY
        TO_RING 3
.s6:    call CG_R1:0
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 10, TSS_ALT, .s6
        call restore_tss0
        CASE "a TSS whose limit covers the ring-1 slot (limit 19)"
        SETDESC TSS_ALT, TSS_ALT_BASE, 19, 0x80 | T_TSS32, 0
        mov ax, TSS_ALT
        ltr ax
        TRY
        TO_RING 3
        call CG_R1:0
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        call restore_tss0
        CASE "ring stacks from a 16-bit TSS: SS1:SP1 at 6..9"
        mov edi, TSS_ALT_BASE
        xor eax, eax
        mov ecx, 0x2C / 4
        rep stosd
        mov word [TSS_ALT_BASE + 2], R0_STACK_TOP & 0xFFFF      ; SP0
        mov word [TSS_ALT_BASE + 4], KDATA16                    ; SS0 (base 0)
        mov word [TSS_ALT_BASE + 6], 0xF000                     ; SP1
        mov word [TSS_ALT_BASE + 8], R1DATA                     ; SS1
        SETDESC TSS_ALT, TSS_ALT_BASE, 0x2B, 0x80 | T_TSS16, 0
        mov ax, TSS_ALT
        ltr ax
        TRY
        TO_RING 3
        call CG_R1:0
        int RING_RETURN_VEC
        ENDTRY
        CHECK_EQ "vector (INT 30h on a 16-bit TSS: SP0 below 64 KiB)", [exc_vec], RING_RETURN_VEC

        CHECK_EQ "SS", [pr_ss], R1DATA
        CHECK_EQ "ESP (SP1, zero-extended)", [pr_esp], 0xF000 - 16
        call restore_tss0

; ---- RETF ------------------------------------------------------------------------
        CASE "an exception's stack switch: no room #SS(SS1+1), short TSS #TS(TSS+1)"
        SETDESC STK, DATA_AREA, 0xFFF, ACC_DATA_RW | ACC_DPL1, FL_DB
        SETIDT 6, cg_plain, R1CODE & ~3, 0x80 | T_INT32
        SETIDT 0x40, cg_plain, R1CODE & ~3, 0x80 | ACC_DPL3 | T_INT32
        SET_TSS_STACK 1, STK | 1, 0x10                  ; 20 bytes needed
        TRY
        TO_RING 3
.e1:    ud2
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 12, STK | 1, .e1
        TRY
        TO_RING 3
.e2:    int 0x40
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 12, STK, .e2
        call tss0_reset
        mov esi, TSS0_BASE
        mov edi, TSS_ALT_BASE
        mov ecx, 0x68 / 4
        rep movsd
        SETDESC TSS_ALT, TSS_ALT_BASE, 18, 0x80 | T_TSS32, 0
        mov ax, TSS_ALT
        ltr ax
        TRY
        TO_RING 3
.e3:    ud2
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 10, TSS_ALT | 1, .e3
        TRY
        TO_RING 3
.e4:    int 0x40
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 10, TSS_ALT, .e4
        call restore_tss0
        RESTORE_IDT 6
        RESTORE_IDT 0x40

        CASE "RETF to ring 3 nulls DS/ES/FS/GS of DPL < 3 (not conforming code)"
        mov dword [inval_segs], KDATA
        mov dword [inval_segs + 4], UDATA
        mov dword [inval_segs + 8], CONF0
        mov dword [inval_segs + 12], R1DATA
        TRY
        TO_RING 3
        call CG_INVAL:0
        R3SAVE 0, ds
        R3SAVE 1, es
        R3SAVE 2, fs
        R3SAVE 3, gs
        mov eax, [fs:DATA_AREA]         ; FS stays usable
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_EQ "DS (DPL 0 data)", [tmp], 0
        CHECK_EQ "ES (DPL 3 data)", [tmp + 4], UDATA
        CHECK_EQ "FS (conforming code)", [tmp + 8], CONF0
        CHECK_EQ "GS (DPL 1 data)", [tmp + 12], 0
        CASE "a nulled segment register faults on use: #GP(0)"
        TRY
        TO_RING 3
        call CG_INVAL:0
.r1:    mov eax, [gs:DATA_AREA]
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 13, 0, .r1
        CASE "RETF to ring 2 keeps DPL 2 and 3 segments, nulls DPL 1 and 0"
        mov dword [inval_segs], R1DATA
        mov dword [inval_segs + 4], R2DATA
        mov dword [inval_segs + 8], UDATA
        mov dword [inval_segs + 12], KDATA
        TRY
        TO_RING 2
        call CG_INVAL:0
        R3SAVE 0, ds
        R3SAVE 1, es
        R3SAVE 2, fs
        R3SAVE 3, gs
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_EQ "DS", [tmp], 0
        CHECK_EQ "ES", [tmp + 4], R2DATA
        CHECK_EQ "FS", [tmp + 8], UDATA
        CHECK_EQ "GS", [tmp + 12], 0
        CASE "RETF to the same level changes no data segment register"
        mov dword [inval_segs], KDATA
        mov dword [inval_segs + 4], R1DATA
        mov dword [inval_segs + 8], KDATA
        mov dword [inval_segs + 12], KDATA
        TRY
        call KCODE:cg_inval
        mov eax, es
        mov [tmp], eax
        ENDTRY
        FLAT_SEGS
        CHECK_NOFAULT
        CHECK_EQ "ES", [tmp], R1DATA

        CASE "RETF to a more privileged CS (RPL < CPL) is #GP(sel)"
        TRY
        TO_RING 3
        push dword KCODE
        push dword .r2
.r2:    retf
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 13, KCODE, .r2
        CHECK_EQ "ESP", [exc_esp], R3_STACK_TOP - 8
        CASE "RETF to outer level: SS checks (#GP(SS), #SS(SS), #GP(0) for null)"
        mov esi, retf_ss_cases
.r3:    cmp dword [esi], -1
        je .r3d
        SETDESC STK, 0, 0xFFFFF, ACC_DATA_RW | ACC_DPL3, FL_G | FL_DB
        mov eax, [esi + 8]
        mov [GDT_BASE + STK + 5], al
        mov [tmp + 60], esi
        mov eax, [esi]
        TRY
        push eax                        ; SS
        push dword R3_STACK_TOP
        push dword UCODE
        push dword r3_back
        mov [tmp + 56], esp
.r4:    retf
        ENDTRY
        mov esi, [tmp + 60]
        CHECK_EQ "vector for the SS in [ESI]", [exc_vec], [esi + 12]
        CHECK_EQ "error code for the SS in [ESI]", [exc_err], [esi + 4]
        CHECK_EQ "faulting EIP", [exc_eip], .r4
        CHECK_EQ "CS", [exc_cs], KCODE
        mov eax, [tmp + 56]
        CHECK_EQ "ESP", [exc_esp_now], eax
        add esi, 16
        jmp .r3
.r3d:
        CASE "RETF: return CS not present #NP(sel); EIP past limit #GP(0)"
        SETDESC CODE, 0, 0xFFFFF, (ACC_CODE_XR | ACC_DPL3) & ~ACC_NP, FL_G | FL_DB
        TRY
        push dword UDATA
        push dword R3_STACK_TOP
        push dword CODE | 3
        push dword r3_back
.r5:    retf
        ENDTRY
        CHECK_FAULT_AT 11, CODE, .r5
        SETDESC CODE, 0, 0xFFF, ACC_CODE_XR | ACC_DPL3, FL_DB
        TRY
        push dword UDATA
        push dword R3_STACK_TOP
        push dword CODE | 3
        push dword 0x1000
.r6:    retf
        ENDTRY
        CHECK_FAULT_AT 13, 0, .r6
        TRY
        push dword UDATA
        push dword R3_STACK_TOP
        push dword KDATA | 3
        push dword r3_back
.r7:    retf
        ENDTRY
        CHECK_FAULT_AT 13, KDATA, .r7
        CASE "RETF imm16 to an outer level releases parameters on both stacks"
        SETGATE GATE, cg_ret12, KCODE, 0x80 | ACC_DPL3 | T_CALL32, 3
        TRY
        TO_RING 3
        mov esp, R3_STACK_TOP - 0x100
        push dword 1
        push dword 2
        push dword 3
        call GATE:0
        R3SAVE 0, esp
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_EQ "outer ESP", [tmp], R3_STACK_TOP - 0x100

; ---- interrupt and trap gates ------------------------------------------------------
        CASE "INT n through an interrupt gate from ring 3: frame, IF=0, TF/NT/RF clear"
        SETIDT 0x40, int_probe, KCODE, 0x80 | ACC_DPL3 | T_INT32
        TRY
        push dword UDATA
        push dword R3_STACK_TOP
        push dword 0x202 | EFL_NT       ; IF and NT set at ring 3
        push dword UCODE
        push dword .i1
        iretd
.i1:    int 0x40
.i2:    R3SAVE 0, esp
        pushfd
        pop eax
        R3SAVE 1, eax
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_EQ "CS", [pr_cs], KCODE
        CHECK_EQ "SS", [pr_ss], KDATA
        CHECK_EQ "ESP", [pr_esp], R0_STACK_TOP - 20
        CHECK_EQ "[ESP] EIP", [pr_stack], .i2
        CHECK_MASK "[ESP+4] CS", [pr_stack + 4], 0xFFFF, UCODE
        CHECK_EQ "[ESP+8] EFLAGS", [pr_stack + 8], 0x202 | EFL_NT
        CHECK_EQ "[ESP+12] ESP", [pr_stack + 12], R3_STACK_TOP
        CHECK_MASK "[ESP+16] SS", [pr_stack + 16], 0xFFFF, UDATA
        CHECK_MASK "EFLAGS in the handler: IF TF NT RF", [pr_efl], EFL_IF | EFL_TF | EFL_NT | EFL_RF, 0
        CHECK_EQ "EFLAGS after IRET", [tmp + 4], 0x202 | EFL_NT
        CHECK_EQ "ESP after IRET", [tmp], R3_STACK_TOP
        CASE "a trap gate leaves IF set"
        SETIDT 0x40, int_probe, KCODE, 0x80 | ACC_DPL3 | T_TRAP32
        TRY
        push dword UDATA
        push dword R3_STACK_TOP
        push dword 0x202
        push dword UCODE
        push dword .i3
        iretd
.i3:    int 0x40
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_MASK "EFLAGS in the handler: IF", [pr_efl], EFL_IF, EFL_IF
        CASE "INT n to a gate to ring 1 takes SS1:ESP1"
        SETIDT 0x40, int_probe, R1CODE & ~3, 0x80 | ACC_DPL3 | T_INT32
        TRY
        TO_RING 3
        int 0x40
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_EQ "CS", [pr_cs], R1CODE
        CHECK_EQ "SS", [pr_ss], R1DATA
        CHECK_EQ "ESP", [pr_esp], R1_STACK_TOP - 20
        CASE "INT n to conforming code: no privilege change, no stack switch"
        SETIDT 0x40, int_probe, CONF0, 0x80 | ACC_DPL3 | T_INT32
        TRY
        TO_RING 3
        int 0x40
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_EQ "CS", [pr_cs], CONF0 | 3
        CHECK_EQ "SS", [pr_ss], UDATA
        CHECK_EQ "ESP", [pr_esp], R3_STACK_TOP - 12
        CASE "16-bit interrupt gate from ring 3: 16-bit frame, IRET (16-bit) back"
        SETIDT 0x40, OFF16(int16_probe), KCODE_B, 0x80 | ACC_DPL3 | T_INT16
        TRY
        TO_RING3_B r3b_int16
        ENDTRY
        CHECK_RET
        CHECK_EQ "CS", [pr_cs], KCODE_B
        CHECK_EQ "ESP", [pr_esp], R0_STACK_TOP - 10
        CHECK_EQ "IP, CS", [pr_stack], (UCODE_B << 16) | OFF16(r3b_int16.next)
        CHECK_MASK "FLAGS (NT IOPL IF)", [pr_stack + 4], 0x7200, 0
        CHECK_EQ "SP, SS", [pr_stack + 8 - 2], (UDATA << 16) | (R3_STACK_TOP & 0xFFFF)
        CHECK_MASK "SP after IRET", [tmp], 0xFFFF, R3_STACK_TOP & 0xFFFF
        CHECK_EQ "CS after IRET", [tmp + 4], UCODE_B

        CASE "INT n: gate DPL < CPL is #GP(n*8+2)"
        SETIDT 0x40, int_probe, KCODE, 0x80 | T_INT32
        TRY
        TO_RING 3
.i5:    int 0x40
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 13, 0x40*8 + 2, .i5
        CASE "INT3 and INTO check the gate DPL; ICEBP does not"
        TRY
        TO_RING 3
.i6:    int3
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 13, 3*8 + 2, .i6
        TRY
        TO_RING 3
        mov al, 0x7F
        add al, 1                       ; OF = 1
.i7:    into
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 13, 4*8 + 2, .i7
        TRY
        TO_RING 3
        xor eax, eax                    ; OF = 0: INTO does nothing
        into
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        TRY
        TO_RING 3
        db 0xF1                         ; ICEBP
.i8:    int RING_RETURN_VEC
        ENDTRY
        CHECK_EQ "vector", [exc_vec], 1
        CHECK_EQ "EIP (a trap: after ICEBP)", [exc_eip], .i8
        CHECK_EQ "CS", [exc_cs], UCODE
        SETIDT 3, int_probe, KCODE, 0x80 | ACC_DPL3 | T_INT32
        TRY
        TO_RING 3
        int3
.i9:    int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_EQ "INT3 with a DPL 3 gate: the EIP pushed", [pr_stack], .i9
        RESTORE_IDT 3
        CASE "exceptions ignore the gate DPL"
        TRY
        TO_RING 3
.i10:   ud2
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 6, 0, .i10
        CASE "INT n: not-present gate #NP(n*8+2); an exception's sets EXT"
        SETIDT 0x41, int_probe, KCODE, ACC_DPL3 | T_INT32
        TRY
        TO_RING 3
.i11:   int 0x41
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 11, 0x41*8 + 2, .i11
        SETIDT 6, int_probe, KCODE, T_INT32             ; #UD not present
        TRY
        TO_RING 3
.i12:   ud2
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 11, 6*8 + 3, .i12
        RESTORE_IDT 6
        CASE "INT n: an IDT entry that is not a gate is #GP(n*8+2)"
        SETGATE GATE, 0, KCODE, 0, 0
        mov eax, [GDT_BASE + CG_P3]
        mov [IDT_BASE + 0x42*8], eax
        mov eax, [GDT_BASE + CG_P3 + 4]
        mov [IDT_BASE + 0x42*8 + 4], eax
        TRY
        TO_RING 3
.i13:   int 0x42                        ; a call gate in the IDT
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 13, 0x42*8 + 2, .i13
        mov dword [IDT_BASE + 0x42*8], 0x0000FFFF
        mov dword [IDT_BASE + 0x42*8 + 4], 0x00CFF300   ; a data descriptor
        TRY
        TO_RING 3
.i14:   int 0x42
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 13, 0x42*8 + 2, .i14
        RESTORE_IDT 0x42
        CASE "INT n past the IDT limit is #GP(n*8+2)"
        mov word [tmp + 40], 0x43*8 + 6         ; vector 43h's last byte is out
        mov dword [tmp + 42], IDT_BASE
        lidt [tmp + 40]
        TRY
.i15:   int 0x43
        ENDTRY
        lidt [idtr]
        CHECK_FAULT_AT 13, 0x43*8 + 2, .i15
        CASE "interrupt gate target: DPL > CPL #GP(sel), null #GP(0), past limit #GP(0)"
        SETIDT 0x40, int_probe, UCODE & ~3, 0x80 | T_INT32
        TRY
.i16:   int 0x40
        ENDTRY
        CHECK_FAULT_AT 13, UCODE & 0xFFFC, .i16
        SETIDT 0x40, int_probe, 0, 0x80 | ACC_DPL3 | T_INT32
        TRY
        TO_RING 3
.i17:   int 0x40
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 13, 0, .i17
        SETDESC CODE, 0, 0xFFF, ACC_CODE_XR, FL_DB
        SETIDT 0x40, 0x1000, CODE, 0x80 | ACC_DPL3 | T_INT32
        TRY
        TO_RING 3
.i18:   int 0x40
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 13, 0, .i18
        SETIDT 0x40, 0, KDATA, 0x80 | ACC_DPL3 | T_INT32
        TRY
        TO_RING 3
.i19:   int 0x40
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 13, KDATA, .i19
        SETDESC CODE, 0, 0xFFFFF, ACC_CODE_XR & ~ACC_NP, FL_G | FL_DB
        SETIDT 0x40, 0, CODE, 0x80 | ACC_DPL3 | T_INT32
        TRY
        TO_RING 3
.i20:   int 0x40
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 11, CODE, .i20
        CASE "an exception's delivery faults carry EXT: bad target #GP(sel+1)"
        SETIDT 6, 0, KDATA, 0x80 | T_INT32
        TRY
        TO_RING 3
.i21:   ud2
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 13, KDATA | 1, .i21
        RESTORE_IDT 6
        CASE "INT n stack switch faults: #TS(SS1) for software, #TS(SS1+1) for an exception"
        SETIDT 0x40, int_probe, R1CODE & ~3, 0x80 | ACC_DPL3 | T_INT32
        SETIDT 6, int_probe, R1CODE & ~3, 0x80 | T_INT32
        mov dword [TSS0_BASE + 16], KDATA | 1
        TRY
        TO_RING 3
.i22:   int 0x40
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 10, KDATA, .i22
        TRY
        TO_RING 3
.i23:   ud2
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 10, KDATA | 1, .i23
        mov dword [TSS0_BASE + 16], 0
        TRY
        TO_RING 3
.i24:   int 0x40
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 10, 0, .i24
        TRY
        TO_RING 3
.i25:   ud2
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 10, 1, .i25
        SETDESC STK, 0, 0xFFFFF, (ACC_DATA_RW | ACC_DPL1) & ~ACC_NP, FL_G | FL_DB
        mov dword [TSS0_BASE + 16], STK | 1
        TRY
        TO_RING 3
.i26:   ud2
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 12, STK | 1, .i26
        call tss0_reset
        RESTORE_IDT 6

; ---- IRET -------------------------------------------------------------------------
        CASE "IRET to ring 3 nulls DPL < 3 data segment registers"
        SETIDT 0x40, int_inval, KCODE, 0x80 | ACC_DPL3 | T_INT32
        mov dword [inval_segs], UDATA
        mov dword [inval_segs + 4], KDATA
        mov dword [inval_segs + 8], R2DATA
        mov dword [inval_segs + 12], CONF0
        TRY
        TO_RING 3
        int 0x40
        R3SAVE 0, ds
        R3SAVE 1, es
        R3SAVE 2, fs
        R3SAVE 3, gs
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_EQ "DS", [tmp], UDATA
        CHECK_EQ "ES", [tmp + 4], 0
        CHECK_EQ "FS", [tmp + 8], 0
        CHECK_EQ "GS (conforming code)", [tmp + 12], CONF0
        CASE "IRET from ring 0 sets IOPL and IF; from ring 3 it cannot"
        TRY
        push dword UDATA
        push dword R3_STACK_TOP
        push dword 0x3202               ; IOPL 3, IF
        push dword UCODE
        push dword .v1
        iretd
.v1:    pushfd
        pop eax
        R3SAVE 0, eax
        cli                             ; allowed: IOPL 3
        pushfd
        pop eax
        R3SAVE 1, eax
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_EQ "EFLAGS at ring 3", [tmp], 0x3202
        CHECK_EQ "after CLI", [tmp + 4], 0x3002
        TRY
        push dword UDATA
        push dword R3_STACK_TOP
        push dword 0x0202               ; IOPL 0, IF
        push dword UCODE
        push dword .v2
        iretd
.v2:    push dword 0x3000 | 0x2 | EFL_CF        ; IOPL 3, IF clear, CF
        push dword UCODE
        push dword .v3
        iretd                           ; same level: IOPL and IF stay
.v3:    pushfd
        pop eax
        R3SAVE 0, eax
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_EQ "EFLAGS after IRET at ring 3", [tmp], 0x0202 | EFL_CF
        CASE "IRET at CPL <= IOPL may change IF, not IOPL (ring 1, IOPL 1)"
        TRY
        push dword R1DATA
        push dword R1_STACK_TOP
        push dword 0x1202               ; IOPL 1, IF
        push dword R1CODE
        push dword .v4
        iretd
.v4:    push dword 0x3002               ; IOPL 3, IF clear
        push dword R1CODE
        push dword .v5
        iretd
.v5:    pushfd
        pop eax
        R3SAVE 0, eax
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_EQ "EFLAGS", [tmp], 0x1002
        CASE "IRET to a more privileged CS is #GP(sel); not present #NP(sel)"
        TRY
        TO_RING 3
        pushfd
        push dword KCODE
        push dword .v6
.v6:    iretd
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 13, KCODE, .v6
        SETDESC CODE, 0, 0xFFFFF, (ACC_CODE_XR | ACC_DPL3) & ~ACC_NP, FL_G | FL_DB
        TRY
        push dword UDATA
        push dword R3_STACK_TOP
        push dword 0x202
        push dword CODE | 3
        push dword r3_back
.v7:    iretd
        ENDTRY
        CHECK_FAULT_AT 11, CODE, .v7
        TRY
        push dword KDATA                ; SS with DPL 0 for RPL 3
        push dword R3_STACK_TOP
        push dword 0x202
        push dword UCODE
        push dword r3_back
.v8:    iretd
        ENDTRY
        CHECK_FAULT_AT 13, KDATA, .v8

; ---- IOPL-sensitive instructions and the I/O permission bitmap -----------------------
        CASE "a 16-bit gate for #GP from ring 3: a 6-word frame with the error code"
        SETIDT 13, OFF16(gp16_probe), KCODE_B, 0x80 | T_INT16
        TRY
        TO_RING 3
        mov ax, KDATA
.h1:    mov ds, ax
        int RING_RETURN_VEC
        ENDTRY
        RESTORE_IDT 13
        CHECK_EQ "the 16-bit handler ran", [exc_vec], 0x1616
        CHECK_EQ "ESP", [pr_esp], R0_STACK_TOP - 12
        CHECK_EQ "error code, IP", [pr_stack], (((.h1 - payload_start + PAYLOAD_BASE) & 0xFFFF) << 16) | KDATA
        CHECK_MASK "CS", [pr_stack + 4], 0xFFFF, UCODE
        CHECK_EQ "SP, SS", [pr_stack + 8], (UDATA << 16) | (R3_STACK_TOP & 0xFFFF)
        CASE "IRET and RETF to an outer 16-bit stack load only SP: ESP's upper half stays"
        TRY
        mov esp, 0x0006F800
        push dword UDATA16
        push dword 0x1234FFF0
        push dword 2
        push dword UCODE
        push dword .q1
        iretd
.q1:    mov [ss:tmp], esp
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_EQ "ESP after IRET", [tmp], 0x0006FFF0
        TRY
        mov esp, 0x0006F800
        push dword UDATA16
        push dword 0x1234FFE0
        push dword UCODE
        push dword .q2
        retf
.q2:    mov [ss:tmp], esp
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_EQ "ESP after RETF", [tmp], 0x0006FFE0
        CASE "a call gate copies its parameters from a 16-bit stack through SP"
        TRY
        push dword UDATA16
        push dword 0xF000
        push dword 2
        push dword UCODE
        push dword .q3
        iretd
.q3:    push dword 0x11111111
        push dword 0x22222222
        push dword 0x33333333
        call CG_P3:0
        mov [ss:tmp], esp
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_EQ "param 3", [pr_stack + 8], 0x33333333
        CHECK_EQ "param 1", [pr_stack + 16], 0x11111111
        CHECK_MASK "old SP", [pr_stack + 20], 0xFFFF, 0xF000 - 12
        CHECK_MASK "old SS", [pr_stack + 24], 0xFFFF, UDATA16
        CHECK_MASK "SP after RETF 12", [tmp], 0xFFFF, 0xF000

        CASE "CLI/STI at CPL > IOPL are #GP(0); POPF silently keeps IF and IOPL"
        TRY
        TO_RING 3
.o1:    cli
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 13, 0, .o1
        TRY
        TO_RING 3
.o2:    sti
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 13, 0, .o2
        TRY
        TO_RING 3
        push dword 0x3200 | 0x2 | EFL_DF       ; try IOPL 3, IF; DF does change
        popfd
        pushfd
        pop eax
        R3SAVE 0, eax
        cld
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_EQ "EFLAGS after POPF at ring 3", [tmp], 0x0002 | EFL_DF
        TRY
        pushfd
        push dword 0x3002
        popfd
        pushfd
        pop eax
        mov [tmp], eax
        popfd
        ENDTRY
        CHECK_EQ "POPF at ring 0 sets IOPL", [tmp], 0x3002
        CASE "IN/OUT at CPL > IOPL follow the I/O permission bitmap"
        TRY
        TO_RING 3
        mov al, 0x55
        out 0x80, al                    ; bitmap clear: allowed
        in al, 0x80
        R3SAVE 0, eax
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_MASK "port 80h read back", [tmp], 0xFF, 0x55
        or byte [TSS0_BASE + TSS0_IOMAP + 0x80/8], 1      ; port 80h
        TRY
        TO_RING 3
.o3:    out 0x80, al
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 13, 0, .o3
        TRY
        TO_RING 3
        mov dx, 0x7F
.o4:    in ax, dx                       ; 7Fh allowed, 80h not
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 13, 0, .o4
        TRY
        TO_RING 3
        mov dx, 0x7C
        in eax, dx                      ; 7Ch-7Fh allowed
        mov dx, 0x81
        in al, dx
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        TRY
        TO_RING 3
        mov dx, 0x7E
        mov esi, DATA_AREA
.o5:    outsd                           ; 7Eh-81h includes 80h
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 13, 0, .o5
        TRY
        TO_RING 3
        mov dx, 0x80
        mov edi, DATA_AREA
.o6:    insb
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 13, 0, .o6
        CASE "the bitmap spans a byte boundary: port 87h-88h word"
        call tss0_reset
        or byte [TSS0_BASE + TSS0_IOMAP + 0x88/8], 1      ; port 88h
        TRY
        TO_RING 3
        mov dx, 0x86
        in ax, dx
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        TRY
        TO_RING 3
        mov dx, 0x87
.o7:    in ax, dx
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 13, 0, .o7
        call tss0_reset
        CASE "CPL <= IOPL ignores the bitmap"
        mov byte [TSS0_BASE + TSS0_IOMAP + 0x80/8], 0xFF
        TRY
        push dword UDATA
        push dword R3_STACK_TOP
        push dword 0x3002
        push dword UCODE
        push dword .o8
        iretd
.o8:    in al, 0x80
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        call tss0_reset
        CASE "I/O map base past the TSS limit: every port is #GP(0)"
        mov word [TSS0_BASE + 0x66], TSS0_LIMIT + 1
        TRY
        TO_RING 3
.o9:    in al, 0x80
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 13, 0, .o9
        call tss0_reset
        CASE "both bitmap bytes read must be inside the TSS limit"
        ; TR limit without the closing FFh byte: port FFF8h's byte is the
        ; last one inside, and its successor is outside
        SETDESC TSS_ALT, TSS0_BASE, TSS0_LIMIT - 1, 0x80 | T_TSS32, 0
        mov ax, TSS_ALT
        ltr ax
        TRY
        TO_RING 3
        mov dx, 0xFFF0
        in al, dx
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        TRY
        TO_RING 3
        mov dx, 0xFFF8
.o10:   in al, dx
        int RING_RETURN_VEC
        ENDTRY
        FAULT_R3 13, 0, .o10
        call restore_tss0
        CASE "a 16-bit TSS has no I/O bitmap: CPL > IOPL is #GP(0)"
        mov edi, TSS_ALT_BASE
        xor eax, eax
        mov ecx, 0x2C / 4
        rep stosd
        mov word [TSS_ALT_BASE + 2], R0_STACK_TOP & 0xFFFF
        mov word [TSS_ALT_BASE + 4], KDATA16
        SETDESC TSS_ALT, TSS_ALT_BASE, 0x2B, 0x80 | T_TSS16, 0
        mov ax, TSS_ALT
        ltr ax
        TRY
        TO_RING 3
.o11:   in al, 0x80
        int RING_RETURN_VEC
        ENDTRY
        CHECK_EQ "vector", [exc_vec], 13
        CHECK_EQ "error code", [exc_err], 0
        CHECK_EQ "EIP", [exc_eip], .o11
        call restore_tss0
        ret

; restore_tss0: TR = TSS0 again (its busy bit cleared first), TSS0 reset
restore_tss0:
        and byte [GDT_BASE + TSS0_SEL + 5], ~2
        mov ax, TSS0_SEL
        ltr ax
        call tss0_reset
        ret

; SS1 values for the inner-stack fault loop: SS1, error code, access byte
; of STK, vector
ss1_cases:
        dd 0, 0, 0xB2, 10                       ; null
        dd 1, 0, 0xB2, 10                       ; null with RPL 1
        dd STK, STK, 0xB2, 10                   ; RPL 0 != 1
        dd STK | 1, STK, 0xD2, 10               ; DPL 2 != 1
        dd STK | 1, STK, 0xB0, 10               ; read-only
        dd STK | 1, STK, 0xBA, 10               ; code
        dd STK | 1, STK, 0x32, 12               ; not present: #SS
        dd (GDT_ENTRIES*8) | 1, GDT_ENTRIES*8, 0xB2, 10    ; past the GDT
        dd LDT_UDATA & ~2, LDT_UDATA & 0xFFFC, 0xB2, 10    ; LDT entry of DPL 3
        dd -1
; SS values for the RETF-to-ring-3 loop: SS, error code, access byte, vector
retf_ss_cases:
        dd 3, 0, 0xF2, 13                       ; null
        dd STK | 2, STK, 0xF2, 13               ; RPL 2 != 3
        dd STK | 3, STK, 0xD2, 13               ; DPL 2 != 3
        dd STK | 3, STK, 0xF0, 13               ; read-only
        dd STK | 3, STK, 0xFA, 13               ; code
        dd STK | 3, STK, 0x72, 12               ; not present: #SS
        dd -1

%include "tail.inc"
