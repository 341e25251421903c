; ---------------------------------------------------------------------------
; tests/pm/exc.asm: exceptions (SDM Vol. 3, 6.3-6.15 and chapter 17; Vol. 2
; DIV, BOUND, INTO, LOCK, WAIT, MOV DR): the fault/trap return addresses
; and error-code frames of #DE #DB #BP #OF #BR #UD #NM #GP #AC #MF, priorities
; (code breakpoint before a code-segment limit fault, MOV SS holding off the
; single-step trap), double faults from the combinations of Table 6-5
; (delivered through a task gate), the debug registers (instruction, data
; and I/O breakpoints, DR6 bits, RF, GD, DR4/DR5), the alignment check and
; #NM under CR0.TS/EM/MP.  The CPU model decides which features exist.
; ---------------------------------------------------------------------------
%define TEST_NAME "exc"
%include "harness.inc"

TSSD       equ SCR(0)               ; the double-fault handler task
TSSD_BASE  equ 0x57000
D_STACK    equ 0x5E000
CODE_L     equ SCR(1)               ; code segment with a short limit
PD         equ 0x100000
PT0        equ 0x101000             ; 0-8 MiB identity (two tables)
BADSTK     equ 0x801000             ; an ESP0 whose page is not present

DR7_L0     equ 1 << 0
DR7_L1     equ 1 << 2
DR7_G2     equ 1 << 5
DR7_L3     equ 1 << 6
DR7_GD     equ 1 << 13
%define DR7_RW(n, rw) ((rw) << (16 + 4*(n)))
%define DR7_LEN(n, len) ((len) << (18 + 4*(n)))
DR6_BD     equ 1 << 13
DR6_BS     equ 1 << 14

        absolute TVARS
db_count:   resd 1                  ; #DB exceptions taken by db_handler
db_steps:   resd 1                  ; keep TF set in the frame while count < this
db_eip:     resd 8                  ; the EIP of each
db_dr6:     resd 8                  ; DR6 at each
db_efl:     resd 8                  ; the EFLAGS image pushed for each
df_link:    resd 1                  ; the #DF task's back link
df_eip:     resd 1                  ; EIP saved for the interrupted task
        section payload

; ---- handlers ------------------------------------------------------------------------------
; #DB: record EIP and DR6, clear DR6, set RF in the frame (an instruction
; breakpoint must not fire again on the return), keep TF while stepping.
db_handler:
        push eax
        push ebx
        mov ebx, [db_count]
        cmp ebx, 8
        jae .full
        mov eax, [esp + 8]
        mov [db_eip + ebx*4], eax
        mov eax, dr6
        mov [db_dr6 + ebx*4], eax
        mov eax, [esp + 16]
        mov [db_efl + ebx*4], eax
.full:  inc dword [db_count]
        xor eax, eax
        mov dr6, eax
        or dword [esp + 16], EFL_RF
        mov eax, [db_count]
        cmp eax, [db_steps]
        jb .keep
        and dword [esp + 16], ~EFL_TF
.keep:  pop ebx
        pop eax
        iretd

; The double-fault task: records the error code and back link, then points
; the interrupted task (TSS0) at the TRY's resume point and returns to it.
df_task:
        mov eax, cr2
        mov [exc_cr2], eax
        mov eax, [esp]
        mov [exc_err], eax
        mov dword [exc_vec], 8
        movzx eax, word [TSSD_BASE]
        mov [df_link], eax
        mov eax, [TSS0_BASE + 0x20]
        mov [df_eip], eax
        mov eax, [catch_eip]
        mov [TSS0_BASE + 0x20], eax
        mov dword [TSS0_BASE + 0x24], 2
        mov eax, [catch_esp]
        mov [TSS0_BASE + 0x38], eax
        mov dword [TSS0_BASE + 0x48], KDATA
        mov dword [TSS0_BASE + 0x4C], KCODE
        mov dword [TSS0_BASE + 0x50], KDATA
        mov dword [TSS0_BASE + 0x54], KDATA
        mov dword [TSS0_BASE + 0x58], KDATA
        mov dword [TSS0_BASE + 0x5C], KDATA
        mov dword [catch_eip], 0
        iretd
        jmp df_task

iret_only:
        iretd

; gp_skip2: a #GP handler that notes the frame's EFLAGS in tmp+32 and
; returns past the 2-byte faulting instruction
gp_skip2:
        push eax
        mov eax, [esp + 16]
        mov [tmp + 32], eax
        add dword [esp + 8], 2
        pop eax
        add esp, 4                      ; the error code
        iretd

; init_df: a fresh #DF task behind IDT vector 8, and TSS0's static fields
; (LDT, CR3) right for the return to it
init_df:
        pushad
        mov edi, TSSD_BASE
        xor eax, eax
        mov ecx, 0x68 / 4
        rep stosd
        mov eax, cr3
        mov [TSSD_BASE + 0x1C], eax
        mov [TSS0_BASE + 0x1C], eax
        mov dword [TSS0_BASE + 0x60], LDT0_SEL
        mov dword [TSSD_BASE + 0x20], df_task
        mov dword [TSSD_BASE + 0x24], 2
        mov dword [TSSD_BASE + 0x38], D_STACK
        mov dword [TSSD_BASE + 0x48], KDATA
        mov dword [TSSD_BASE + 0x4C], KCODE
        mov dword [TSSD_BASE + 0x50], KDATA
        mov dword [TSSD_BASE + 0x54], KDATA
        mov dword [TSSD_BASE + 0x58], KDATA
        mov dword [TSSD_BASE + 0x5C], KDATA
        mov dword [TSSD_BASE + 0x60], LDT0_SEL
        mov word [TSSD_BASE + 0x66], 0x68
        SETDESC TSSD, TSSD_BASE, 0x67, 0x80 | T_TSS32, 0
        SETIDT 8, 0, TSSD, 0x80 | T_TASK
        mov dword [df_link], 0
        popad
        ret

; db_reset: db_handler on vector 1, counters cleared, DR6 and DR7 clear
db_reset:
        pushad
        SETIDT 1, db_handler, KCODE, 0x8E
        mov edi, db_count
        mov ecx, 26
        xor eax, eax
        rep stosd
        mov dr7, eax
        mov dr6, eax
        popad
        ret

; ---- code for the CS-limit priority case: CODE_L's limit ends inside the
; second instruction
        align 16
limit_code:
        nop
.insn:  xor eax, eax                    ; 2 bytes: the second is past the limit
        int RING_RETURN_VEC

; a 16-bit #PF handler (in SCR(5), base 10000h): record and go home
pf16_handler:
        mov dword [ss:exc_vec], 14
        mov eax, cr2
        mov [ss:exc_cr2], eax
        mov ax, KDATA
        mov ds, ax
        mov ss, ax
        mov esp, [catch_esp]
        mov eax, [catch_eip]
        mov dword [catch_eip], 0
        push dword KCODE
        push eax
        retf

test_main:
        call db_reset

; ---- simple faults and traps: their frames and return addresses -----------------------------
        CASE "#DE: DIV by zero and quotient overflow are faults, no error code"
        TRY
        xor edx, edx
        mov eax, 1
        xor ecx, ecx
.d1:    div ecx
        ENDTRY
        CHECK_FAULT_AT 0, 0, .d1
        CHECK_EQ "CS", [exc_cs], KCODE
        TRY
        TO_RING 3
        mov edx, 2
        xor eax, eax
        mov ecx, 2
.d2:    div ecx                         ; 2:0 / 2 does not fit
        int RING_RETURN_VEC
        ENDTRY
        CHECK_FAULT_AT 0, 0, .d2
        CHECK_EQ "CS", [exc_cs], UCODE
        TRY
        mov ax, 0x8000
        mov cl, 0xFF
.d3:    idiv cl                         ; -32768 / -1 = 32768: too big for AL
        ENDTRY
        CHECK_FAULT_AT 0, 0, .d3
        CASE "#BR: BOUND out of range is a fault; INT3 and INTO are traps"
        mov dword [tmp + 32], 10
        mov dword [tmp + 36], 20
        TRY
        mov eax, 21
.b1:    bound eax, [tmp + 32]
        ENDTRY
        CHECK_FAULT_AT 5, 0, .b1
        TRY
        mov eax, 20
        bound eax, [tmp + 32]
        mov eax, 10
        bound eax, [tmp + 32]
        ENDTRY
        CHECK_NOFAULT
        TRY
        int3
.b2:    nop
        ENDTRY
        CHECK_FAULT_AT 3, 0, .b2
        TRY
        mov al, 0x7F
        add al, 1
        into
.b3:    nop
        ENDTRY
        CHECK_FAULT_AT 4, 0, .b3
        CASE "#UD: UD2, LOCK on a register or a non-lockable instruction"
        TRY
.u1:    ud2
        ENDTRY
        CHECK_FAULT_AT 6, 0, .u1
        TRY
.u2:    db 0xF0, 0x90                   ; LOCK NOP
        ENDTRY
        CHECK_FAULT_AT 6, 0, .u2
        TRY
.u3:    db 0xF0, 0x01, 0xD8             ; LOCK ADD EAX, EBX
        ENDTRY
        CHECK_FAULT_AT 6, 0, .u3
        TRY
.u4:    db 0xF0, 0x8B, 0x03             ; LOCK MOV EAX, [EBX]
        ENDTRY
        CHECK_FAULT_AT 6, 0, .u4
        TRY
        mov ebx, tmp
        lock add [ebx], eax
        lock xchg [ebx], eax
        ENDTRY
        CHECK_NOFAULT
        CASE "an instruction longer than 15 bytes is #GP(0)"
        TRY
.l1:    times 15 db 0x66
        nop
        ENDTRY
        CHECK_FAULT_AT 13, 0, .l1
        TRY
        times 14 db 0x66
        nop
        ENDTRY
        CHECK_NOFAULT

; ---- #NM ------------------------------------------------------------------------------------------
        CASE "#NM: EM faults x87 instructions, not WAIT"
        mov eax, cr0
        and eax, ~(CR0_TS_ | CR0_MP_)
        or eax, CR0_EM_
        mov cr0, eax
        TRY
.m1:    fnop
        ENDTRY
        CHECK_FAULT_AT 7, 0, .m1
        TRY
        fwait
        ENDTRY
        CHECK_NOFAULT
        CASE "#NM: TS faults x87 instructions; WAIT only with MP"
        mov eax, cr0
        and eax, ~(CR0_EM_ | CR0_MP_)
        or eax, CR0_TS_
        mov cr0, eax
        TRY
.m2:    fld1
        ENDTRY
        CHECK_FAULT_AT 7, 0, .m2
        TRY
        fwait
        ENDTRY
        CHECK_NOFAULT
        mov eax, cr0
        or eax, CR0_MP_
        mov cr0, eax
        TRY
.m3:    fwait
        ENDTRY
        CHECK_FAULT_AT 7, 0, .m3
        mov eax, cr0
        or eax, CR0_EM_
        mov cr0, eax
        TRY
.m4:    wait
        ENDTRY
        CHECK_FAULT_AT 7, 0, .m4
        CASE "CLTS clears TS: x87 instructions run again"
        mov eax, cr0
        and eax, ~CR0_EM_
        or eax, CR0_MP_ | CR0_TS_
        mov cr0, eax
        clts
        TRY
        fninit
        fld1
        fstp st0
        fwait
        ENDTRY
        CHECK_NOFAULT
        mov eax, cr0
        CHECK_MASK "CR0.TS", eax, CR0_TS_, 0
        CASE "#MF: an unmasked x87 exception with CR0.NE at the next WAIT (486+)"
        cmp dword [cpu_family], 4
        jae .mf
        SKIP "386: no CR0.NE"
        jmp .mfd
.mf:    mov eax, cr0
        or eax, CR0_NE_
        mov cr0, eax
        TRY
        fninit
        mov word [tmp + 32], 0x037B     ; all masked but ZE
        fldcw [tmp + 32]
        fld1
        fldz
        fdivp st1, st0                  ; 1/0: ZE, pending
        mov eax, 0x1234
.f1:    fwait
        ENDTRY
        CHECK_FAULT_AT 16, 0, .f1
        fninit
        mov eax, cr0
        and eax, ~CR0_NE_
        mov cr0, eax
.mfd:

; ---- #AC -------------------------------------------------------------------------------------------
        CASE "#AC: CR0.AM + EFLAGS.AC at CPL 3, misaligned word/dword: #AC(0)"
        cmp dword [cpu_family], 4
        jae .ac
        pushfd
        or dword [esp], EFL_AC
        popfd
        pushfd
        pop eax
        CHECK_MASK "386: EFLAGS.AC does not stick", eax, EFL_AC, 0
        SKIP "386: no alignment check"
        jmp .acd
.ac:    mov eax, cr0
        or eax, CR0_AM_
        mov cr0, eax
        TRY
        TO_RING 3
        pushfd
        or dword [esp], EFL_AC
        popfd
        mov eax, [DATA_AREA]
        mov ax, [DATA_AREA + 2]
        mov al, [DATA_AREA + 3]
.a1:    mov eax, [DATA_AREA + 2]
        int RING_RETURN_VEC
        ENDTRY
        CHECK_FAULT_AT 17, 0, .a1
        CHECK_EQ "CS", [exc_cs], UCODE
        TRY
        TO_RING 3
        pushfd
        or dword [esp], EFL_AC
        popfd
.a2:    mov word [DATA_AREA + 1], 0
        int RING_RETURN_VEC
        ENDTRY
        CHECK_FAULT_AT 17, 0, .a2
        TRY
        TO_RING 3
        pushfd
        or dword [esp], EFL_AC
        popfd
        dec esp
.a3:    push eax                        ; a misaligned stack
        int RING_RETURN_VEC
        ENDTRY
        CHECK_FAULT_AT 17, 0, .a3
        CASE "#AC needs CPL 3, AM and AC together"
        TRY
        pushfd
        or dword [esp], EFL_AC
        popfd
        mov eax, [DATA_AREA + 1]        ; CPL 0
        ENDTRY
        CHECK_NOFAULT
        TRY
        TO_RING 3
        mov eax, [DATA_AREA + 1]        ; AC clear
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        mov eax, cr0
        and eax, ~CR0_AM_
        mov cr0, eax
        TRY
        TO_RING 3
        pushfd
        or dword [esp], EFL_AC
        popfd
        mov eax, [DATA_AREA + 1]        ; AM clear
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
.acd:

; ---- debug registers ------------------------------------------------------------------------------
        CASE "instruction breakpoint: #DB fault before it, DR6.B0; RF lets it run"
        call db_reset
        mov eax, .i1
        mov dr0, eax
        mov eax, DR7_L0
        mov dr7, eax
        nop
.i1:    mov ecx, 0x12345
        mov edx, ecx
        xor eax, eax
        mov dr7, eax
        CHECK_EQ "#DB count", [db_count], 1
        CHECK_EQ "EIP: the instruction", [db_eip], .i1
        CHECK_MASK "DR6.B0", [db_dr6], 0xF | DR6_BS, 1
        CHECK_EQ "the instruction ran after RF", edx, 0x12345
        CASE "a breakpoint enabled by G3 matches a linear address through a segment base"
        call db_reset
        SETDESC SCR(2), PAYLOAD_BASE, 0xFFFFF, ACC_CODE_XR, FL_DB
        mov eax, .i2
        mov dr3, eax
        mov eax, 1 << 7                 ; G3
        mov dr7, eax
        jmp SCR(2):(.i2 - payload_start)
.i2:    jmp KCODE:.i3
.i3:    xor eax, eax
        mov dr7, eax
        CHECK_EQ "#DB count", [db_count], 1
        CHECK_EQ "EIP (offset in SCR(2))", [db_eip], .i2 - payload_start
        CHECK_MASK "DR6.B3", [db_dr6], 0xF, 8
        CASE "data write breakpoint: a trap after the access, DR6.B1; reads ignored"
        call db_reset
        mov eax, DATA_AREA + 0x10
        mov dr1, eax
        mov eax, DR7_L1 | DR7_RW(1, 1) | DR7_LEN(1, 3)
        mov dr7, eax
        mov eax, [DATA_AREA + 0x10]     ; read: no
        mov byte [DATA_AREA + 0x0F], 1  ; outside
        mov byte [DATA_AREA + 0x14], 1  ; outside
        mov word [DATA_AREA + 0x12], 1  ; inside
.w1:    nop
        mov dword [DATA_AREA + 0x0E], 1 ; overlaps the first byte
.w2:    xor eax, eax
        mov dr7, eax
        CHECK_EQ "#DB count", [db_count], 2
        CHECK_EQ "EIP: after the write", [db_eip], .w1
        CHECK_MASK "DR6.B1", [db_dr6], 0xF, 2
        CHECK_MASK "RF pushed for a data breakpoint trap: 0", [db_efl], EFL_RF, 0
        CHECK_EQ "second: EIP", [db_eip + 4], .w2
        CASE "data read/write breakpoint (RW=11) fires on reads; LEN 2 aligns down"
        call db_reset
        mov eax, DATA_AREA + 0x21       ; LEN 2: covers 20h-21h
        mov dr2, eax
        mov eax, DR7_G2 | DR7_RW(2, 3) | DR7_LEN(2, 1)
        mov dr7, eax
        mov al, [DATA_AREA + 0x22]      ; outside
        mov al, [DATA_AREA + 0x20]      ; inside
.w3:    push dword [DATA_AREA + 0x1E]   ; a 4-byte read overlapping
.w4:    pop eax
        xor eax, eax
        mov dr7, eax
        CHECK_EQ "#DB count", [db_count], 2
        CHECK_EQ "EIP", [db_eip], .w3
        CHECK_MASK "DR6.B2", [db_dr6], 0xF, 4
        CHECK_EQ "EIP (PUSH m32)", [db_eip + 4], .w4
        CASE "I/O breakpoint under CR4.DE (Pentium)"
        test dword [cpu_features], 1 << 2
        jnz .io
        SKIP "no CR4.DE"
        jmp .iod
.io:    call db_reset
        mov eax, cr4
        or eax, 1 << 3
        mov cr4, eax
        mov eax, 0x80
        mov dr3, eax
        mov eax, DR7_L3 | DR7_RW(3, 2) | DR7_LEN(3, 0)
        mov dr7, eax
        out 0x81, al                    ; no
        in al, 0x80
.o1:    mov dx, 0x7F
        out dx, ax                      ; 7Fh-80h
.o2:    xor eax, eax
        mov dr7, eax
        mov eax, cr4
        and eax, ~(1 << 3)
        mov cr4, eax
        CHECK_EQ "#DB count", [db_count], 2
        CHECK_EQ "EIP", [db_eip], .o1
        CHECK_MASK "DR6.B3", [db_dr6], 0xF, 8
        CHECK_EQ "EIP (word OUT)", [db_eip + 4], .o2
.iod:
        CASE "a data breakpoint inside REP MOVSB: #DB after that iteration, RF=1"
        call db_reset
        mov eax, DATA_AREA + 0x240
        mov dr1, eax
        mov eax, DR7_L1 | DR7_RW(1, 1) | DR7_LEN(1, 0)
        mov dr7, eax
        mov esi, DATA_AREA
        mov edi, DATA_AREA + 0x200
        mov ecx, 0x80
        cld
.rp:    rep movsb
        xor eax, eax
        mov dr7, eax
        CHECK_EQ "#DB count", [db_count], 1
        CHECK_EQ "#DB EIP: the REP MOVSB (not finished)", [db_eip], .rp
        CHECK_MASK "DR6.B1", [db_dr6], 0xF, 2
        CHECK_MASK "RF pushed (iterations remain)", [db_efl], EFL_RF, EFL_RF
        CHECK_EQ "the copy completed after the return", ecx, 0
        CHECK_EQ "EDI", edi, DATA_AREA + 0x280
        CASE "a segment limit fault inside REP STOSB: ECX and EDI at the fault"
        SETDESC SCR(3), DATA_AREA, 0xFFF, ACC_DATA_RW, FL_DB
        TRY
        mov ax, SCR(3)
        mov es, ax
        mov edi, 0xFF0
        mov ecx, 0x40
        mov al, 0x5A
        cld
.rs:    rep stosb
        ENDTRY
        CHECK_FAULT_AT 13, 0, .rs
        CHECK_EQ "ECX", [exc_regs + 24], 0x30
        CHECK_EQ "EDI", [exc_regs], 0x1000
        CHECK_MASK "the last byte inside the limit", [DATA_AREA + 0xFFC], 0xFF000000, 0x5A000000

        CASE "single step: the trap comes after the instruction that follows POPF"
        call db_reset
        mov dword [db_steps], 3
        pushfd
        or dword [esp], EFL_TF
        popfd
        nop
.s1:    nop
.s2:    nop
.s3:    nop
        CHECK_EQ "#DB count", [db_count], 3
        CHECK_EQ "first trap", [db_eip], .s1
        CHECK_EQ "second", [db_eip + 4], .s2
        CHECK_EQ "third", [db_eip + 8], .s3
        CHECK_MASK "DR6.BS", [db_dr6], DR6_BS | 0xF, DR6_BS
        CASE "single-stepping over INT n: the handler runs untraced; the trap follows the next instruction"
        call db_reset
        mov dword [db_steps], 1
        SETIDT 0x41, iret_only, KCODE, 0x8E
        pushfd
        or dword [esp], EFL_TF
        popfd
        nop
.s9:    int 0x41
.s10:   nop
.s11:   nop
        RESTORE_IDT 0x41
        CHECK_EQ "#DB count", [db_count], 1
        CHECK_EQ "first trap: after the NOP before INT", [db_eip], .s9
        mov dword [db_steps], 2
        mov dword [db_count], 0
        SETIDT 0x41, iret_only, KCODE, 0x8E
        pushfd
        or dword [esp], EFL_TF
        popfd
        nop
        int 0x41
.s12:   nop
.s13:   nop
        RESTORE_IDT 0x41
        CHECK_EQ "#DB count", [db_count], 2
        CHECK_EQ "second trap", [db_eip + 4], .s13

        CASE "MOV SS holds the single-step trap off for one instruction"
        call db_reset
        mov dword [db_steps], 2
        mov ax, KDATA
        pushfd
        or dword [esp], EFL_TF
        popfd
        nop
.s4:    mov ss, ax
        nop
.s5:    nop
.s6:    nop
        CHECK_EQ "#DB count", [db_count], 2
        CHECK_EQ "first trap", [db_eip], .s4
        CHECK_EQ "second: after the instruction after MOV SS", [db_eip + 4], .s5
        CASE "a data breakpoint and a single step in one #DB: DR6 has B1 and BS"
        call db_reset
        mov dword [db_steps], 1
        mov eax, DATA_AREA + 0x10
        mov dr1, eax
        mov eax, DR7_L1 | DR7_RW(1, 1) | DR7_LEN(1, 3)
        mov dr7, eax
        pushfd
        or dword [esp], EFL_TF
        popfd
        mov dword [DATA_AREA + 0x10], 0
.s7:    xor eax, eax
        mov dr7, eax
        CHECK_EQ "#DB count", [db_count], 1
        CHECK_EQ "EIP", [db_eip], .s7
        CHECK_MASK "DR6", [db_dr6], DR6_BS | 0xF, DR6_BS | 2
        CASE "a faulting instruction gets no single-step trap"
        call db_reset
        mov dword [db_steps], 1
        TRY
        pushfd
        or dword [esp], EFL_TF
        popfd
.s8:    ud2
        ENDTRY
        CHECK_FAULT_AT 6, 0, .s8
        CHECK_EQ "#DB count", [db_count], 0
        CASE "DR7.GD: MOV DR is a #DB fault with DR6.BD; GD is cleared"
        call db_reset
        mov eax, DR7_GD
        mov dr7, eax
.g1:    mov eax, dr0
        mov eax, dr7
        CHECK_EQ "#DB count", [db_count], 1
        CHECK_EQ "EIP: the MOV DR", [db_eip], .g1
        CHECK_MASK "DR6.BD", [db_dr6], DR6_BD, DR6_BD
        CHECK_MASK "DR7.GD cleared", eax, DR7_GD, 0
        CASE "MOV DR at CPL 3 is #GP(0); DR4/DR5 alias DR6/DR7 unless CR4.DE"
        TRY
        TO_RING 3
.g2:    mov eax, dr6
        int RING_RETURN_VEC
        ENDTRY
        CHECK_FAULT_AT 13, 0, .g2
        xor eax, eax
        mov dr0, eax
        mov eax, DR7_L0
        mov dr7, eax
        mov eax, dr5
        CHECK_MASK "DR5 reads DR7", eax, 0xFF, DR7_L0
        xor eax, eax
        mov dr5, eax
        mov eax, dr7
        CHECK_MASK "DR5 writes DR7", eax, 0xFF, 0
        test dword [cpu_features], 1 << 2
        jz .g4
        mov eax, cr4
        or eax, 1 << 3
        mov cr4, eax
        TRY
.g3:    mov eax, dr4
        ENDTRY
        CHECK_FAULT_AT 6, 0, .g3
        mov eax, cr4
        and eax, ~(1 << 3)
        mov cr4, eax
.g4:
        CASE "priority: a code breakpoint comes before a CS limit fault"
        call db_reset
        SETDESC CODE_L, limit_code, 1, ACC_CODE_XR, FL_DB    ; offsets 0-1
        mov eax, limit_code.insn
        mov dr0, eax
        mov eax, DR7_L0
        mov dr7, eax
        TRY
        jmp CODE_L:0
        ENDTRY
        xor eax, eax
        mov dr7, eax
        CHECK_EQ "#DB count", [db_count], 1
        CHECK_EQ "#DB EIP", [db_eip], 1
        CHECK_FAULT_AT 13, 0, 1
        CHECK_EQ "CS", [exc_cs], CODE_L

        CASE "RF: 1 in a fault's frame, kept by IRET for one instruction, 0 for INT n"
        SETIDT 13, gp_skip2, KCODE, 0x8E
        TRY
        mov ax, GDT_ENTRIES*8
        mov ds, ax                      ; #GP: gp_skip2 returns past it, RF=1
        nop
        nop
        int 0x41
        ENDTRY
        RESTORE_IDT 13
        CHECK_MASK "#GP frame: RF", [tmp + 32], EFL_RF, EFL_RF
        CHECK_EQ "INT 41h", [exc_vec], 0x41
        CHECK_MASK "INT n frame: RF", [exc_efl], EFL_RF, 0

; ---- double faults -----------------------------------------------------------------------------------
        CASE "#GP while delivering #GP (gate not present): #DF(0)"
        call init_df
        SETIDT 13, stub_13, KCODE, 0x0E                  ; not present
        TRY
        mov eax, GDT_ENTRIES*8
.x1:    mov ds, ax
        ENDTRY
        RESTORE_IDT 13
        CHECK_EQ "vector", [exc_vec], 8
        CHECK_EQ "error code", [exc_err], 0
        CHECK_EQ "back link", [df_link], TSS0_SEL
        CHECK_EQ "saved EIP: the faulting instruction", [df_eip], .x1
        call restore_after_df
        CASE "#DE then #NP while delivering it: #DF (both contributory)"
        call init_df
        SETIDT 0, stub_0, KCODE, 0x0E
        TRY
        xor ecx, ecx
        div ecx
        ENDTRY
        RESTORE_IDT 0
        CHECK_EQ "vector", [exc_vec], 8
        CHECK_EQ "error code", [exc_err], 0
        call restore_after_df
        CASE "#NP then #GP (bad gate target) while delivering it: #DF"
        call init_df
        SETIDT 11, 0, KDATA, 0x8E
        SETDESC SCR(4), 0, 0xFFFFF, ACC_DATA_RW & ~ACC_NP, FL_G | FL_DB
        TRY
        mov ax, SCR(4)
        mov es, ax
        ENDTRY
        RESTORE_IDT 11
        CHECK_EQ "vector", [exc_vec], 8
        call restore_after_df
        CASE "#UD (benign) then #NP while delivering it: the #NP, no #DF"
        call init_df
        SETIDT 6, stub_6, KCODE, 0x0E
        TRY
.x2:    ud2
        ENDTRY
        RESTORE_IDT 6
        CHECK_FAULT_AT 11, 6*8 + 3, .x2
        call restore_after_df
        CASE "#PF then #PF while delivering it (ring-0 stack not present): #DF"
        call setup_paging
        call init_df
        mov dword [TSS0_BASE + 4], BADSTK
        TRY
        TO_RING 3
        mov eax, [0x800000]             ; not present
        int RING_RETURN_VEC
        ENDTRY
        CHECK_EQ "vector", [exc_vec], 8
        CHECK_EQ "error code", [exc_err], 0
        call restore_after_df
        CASE "#PF then #GP while delivering it (null gate selector): #DF"
        call init_df
        SETIDT 14, 0, 0, 0x8E
        TRY
        TO_RING 3
        mov eax, [0x800000]
        int RING_RETURN_VEC
        ENDTRY
        RESTORE_IDT 14
        CHECK_EQ "vector", [exc_vec], 8
        CHECK_EQ "CR2: the first fault's address", [exc_cr2], 0x800000
        call restore_after_df
        CASE "#GP then #PF while delivering it: the #PF, no #DF"
        ; ring 3 faults with #GP; ESP0 is at the start of a present page
        ; whose predecessor is not present: the #GP frame does not fit, the
        ; #PF's (it is pushed the same way) does not either, so this is
        ; #PF then #PF: #DF.  What Table 6-5 lets through is checked with
        ; a 16-bit #PF gate instead: its 12-byte frame fits.
        call init_df
        mov dword [TSS0_BASE + 4], 0x400000 + 12       ; 12 bytes above 3FFFF4h
        mov dword [PT0 + (0x3FF000 >> 12) * 4], 0       ; 3FF000h not present
        mov eax, cr3
        mov cr3, eax
        SETDESC SCR(5), PAYLOAD_BASE, 0xFFFFF, ACC_CODE_XR, FL_DB
        SETIDT 14, pf16_handler - payload_start, SCR(5), 0x80 | T_INT16
        TRY
        TO_RING 3
.x3:    mov ax, 3
        mov ds, ax
        mov eax, [0]                    ; #GP(0): null DS
        int RING_RETURN_VEC
        ENDTRY
        RESTORE_IDT 14
        CHECK_EQ "vector: the #PF", [exc_vec], 14
        CHECK_MASK "CR2: in the page below ESP0", [exc_cr2], 0xFFFFF000, 0x3FF000
        call restore_after_df
        call paging_off
        ret

; restore_after_df: TR, IDT and TSS0 as the harness had them
restore_after_df:
        clts
        RESTORE_IDT 8
        mov byte [GDT_BASE + TSSD + 5], 0x89
        mov byte [GDT_BASE + TSS0_SEL + 5], 0x89
        mov ax, TSS0_SEL
        ltr ax
        mov ax, LDT0_SEL
        lldt ax
        push dword 2
        popfd
        call tss0_reset
        ret

setup_paging:
        pushad
        mov edi, PD
        xor eax, eax
        mov ecx, 3 * 1024
        rep stosd
        mov edi, PT0
        mov eax, 7
        mov ecx, 2048
.l:     stosd
        add eax, 0x1000
        loop .l
        mov dword [PD], PT0 | 7
        mov dword [PD + 4], PT0 + 0x1000 + 7
        mov eax, PD
        mov cr3, eax
        mov eax, cr0
        or eax, 0x80000000
        mov cr0, eax
        popad
        ret

paging_off:
        mov eax, cr0
        and eax, 0x7FFFFFFF
        mov cr0, eax
        ret

CR0_MP_ equ 1 << 1
CR0_EM_ equ 1 << 2
CR0_TS_ equ 1 << 3
CR0_NE_ equ 1 << 5
CR0_AM_ equ 1 << 18

%include "tail.inc"
