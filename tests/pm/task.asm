; ---------------------------------------------------------------------------
; tests/pm/task.asm: hardware task switching (SDM Vol. 3, chapter 7; Vol. 2
; JMP, CALL, IRET, INT n, LTR, STR): JMP, CALL, IRET and INT/exceptions
; through task gates with 32- and 16-bit TSSs, the busy bits, NT and the
; back link, what is saved in the old TSS (and that CR3 is not), LDT and
; CR3 switches, CR0.TS, the T bit, the checks before a switch (#GP, #NP,
; #TS) and the faults while loading the new task's segments, which happen
; in the new task.
; ---------------------------------------------------------------------------
%define TEST_NAME "task"
%include "harness.inc"

TSSA       equ SCR(0)               ; 32-bit TSS at TSSA_BASE
TSSB       equ SCR(1)               ; 32-bit TSS at TSSB_BASE
TSSC       equ SCR(2)               ; 16-bit TSS at TSSC_BASE
TSSH       equ SCR(3)               ; 32-bit TSS of exception handler tasks
TGATE      equ SCR(4)               ; task gate (scratch)
CODE_B     equ SCR(5)               ; 32-bit code, base 10000h (16-bit TSS's IP)
LDTA       equ SCR(6)               ; the LDT of task A
TSSX       equ SCR(7)               ; scratch TSS descriptor
TSSA_BASE  equ 0x57000
TSSB_BASE  equ 0x57400
TSSC_BASE  equ 0x57800
TSSH_BASE  equ 0x57C00
LDTA_BASE  equ 0x58000
A_STACK    equ 0x5C000
B_STACK    equ 0x5D000
H_STACK    equ 0x5E000
A_STACK0   equ 0x5B000              ; ring-0 stack of task A when it runs at ring 3
C_SP       equ 0xE000               ; task C's 16-bit stack (KDATA16, base 0)
PD0        equ 0x100000             ; identity page directory (4 MiB, one table)
PT0        equ 0x101000
PDA        equ 0x102000             ; task A's: 90000h maps to 91000h
PTA        equ 0x103000
PD0_COPY   equ 0x104000             ; a copy of PD0 at another address
PAGE_X     equ 0x90000

        absolute TVARS
; what a task saw when it started (task_record)
t_regs:     resd 8                  ; EAX ECX EDX EBX ESP EBP ESI EDI
t_efl:      resd 1
t_segs:     resd 6                  ; ES CS SS DS FS GS
t_tr:       resd 1
t_ldtr:     resd 1
t_cr0:      resd 1
t_cr3:      resd 1
t_link:     resd 1                  ; back link of the current TSS
t_stack0:   resd 1                  ; [ESP] as the task started
t_x:        resd 1                  ; task-specific observation
t_count:    resd 1                  ; task entries
t_dbeip:    resd 1                  ; EIP the #DB of the T bit interrupted
t_v86efl:   resd 2                  ; task_v86_gp: TSS0's saved EFLAGS, each entry
t_v86cs:    resd 2                  ;   saved CS
t_v86eip:   resd 2                  ;   saved EIP
        section payload

; ---- task bodies ----------------------------------------------------------------
; task_record: the first thing a task does (a CALL, so ESP is 4 lower).
task_record:
        mov [t_regs], eax
        mov [t_regs + 4], ecx
        mov [t_regs + 8], edx
        mov [t_regs + 12], ebx
        lea eax, [esp + 4]
        mov [t_regs + 16], eax
        mov [t_regs + 20], ebp
        mov [t_regs + 24], esi
        mov [t_regs + 28], edi
        mov eax, [esp + 4]
        mov [t_stack0], eax
        pushfd
        pop eax
        mov [t_efl], eax
        xor eax, eax
        mov ax, es
        mov [t_segs], eax
        mov ax, cs
        mov [t_segs + 4], eax
        mov ax, ss
        mov [t_segs + 8], eax
        mov ax, ds
        mov [t_segs + 12], eax
        mov ax, fs
        mov [t_segs + 16], eax
        mov ax, gs
        mov [t_segs + 20], eax
        str ax
        mov [t_tr], eax
        sldt ax
        mov [t_ldtr], eax
        mov eax, cr0
        mov [t_cr0], eax
        mov eax, cr3
        mov [t_cr3], eax
        str ax                          ; the back link of this task's TSS
        call tss_base_of
        movzx eax, word [eax]
        mov [t_link], eax
        inc dword [t_count]
        mov eax, [t_regs]
        ret

; tss_base_of: EAX = TSS selector -> EAX = its base (from the GDT)
tss_base_of:
        push edi
        and eax, 0xFFF8
        lea edi, [GDT_BASE + eax]
        mov eax, [edi + 2]
        and eax, 0x00FFFFFF
        push ebx
        movzx ebx, byte [edi + 7]
        shl ebx, 24
        or eax, ebx
        pop ebx
        pop edi
        ret

task_jmp_back:                          ; record, then JMP to TSS0
        call task_record
        jmp TSS0_SEL:0
task_iret_back:                         ; record, then IRET (to the back link)
        call task_record
        iretd
        jmp task_iret_back              ; resumed after the IRET: go round again
task_call_b:                            ; record, CALL task B, then IRET
        call task_record
        call TSSB:0
        mov eax, [t_link]               ; what B recorded
        mov [t_x], eax
        iretd
task_b_iret:                            ; task B: note the back link, IRET
        push eax
        str ax
        call tss_base_of
        movzx eax, word [eax]
        mov [t_link], eax
        pop eax
        iretd
task_ring3:                             ; ring 3: INT 30h through the task's ESP0
        mov [ss:t_x], esp
        int RING_RETURN_VEC
task_read_x:                            ; read PAGE_X under this task's CR3
        call task_record
        mov eax, [PAGE_X]
        mov [t_x], eax
        jmp TSS0_SEL:0
; An exception handler task (through an IDT task gate): record, note the
; error code, skip the faulting 2-byte instruction of the back-linked task,
; IRET to it.
task_exc_handler:
        call task_record
        mov eax, [t_link]
        call tss_base_of
        add dword [eax + 0x20], 2       ; EIP of the interrupted task
        iretd
        jmp task_exc_handler
; A handler task for faults raised while loading a new task: record and
; go home to TSS0 (which left by JMP, so it is not busy).
task_fault_home:
        call task_record
        jmp TSS0_SEL:0
; #DB handler for the T bit: note DR6 and the interrupted EIP and TR, go on
db_probe:
        push eax
        mov eax, dr6
        mov [t_x], eax
        mov eax, [esp + 4]
        mov [t_dbeip], eax
        xor eax, eax
        str ax
        mov [t_tr], eax
        xor eax, eax
        mov dr6, eax
        pop eax
        iretd

; A #GP handler task for V86 code: the first time, skip the 1-byte
; instruction and IRET back into V86 mode; the second time, record and send
; the interrupted task (TSS0) home to the TRY.
task_v86_gp:
        call task_record
        mov ebx, [t_count]
        dec ebx
        and ebx, 1
        mov eax, [TSS0_BASE + 0x24]
        mov [t_v86efl + ebx*4], eax
        mov eax, [TSS0_BASE + 0x4C]
        mov [t_v86cs + ebx*4], eax
        mov eax, [TSS0_BASE + 0x20]
        mov [t_v86eip + ebx*4], eax
        cmp dword [t_count], 1
        jne .home
        inc dword [TSS0_BASE + 0x20]
        iretd
        jmp task_v86_gp
.home:  mov eax, [catch_eip]
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
        jmp task_v86_gp

        bits 16
v86_code:
        cli                             ; IOPL 0: #GP(0)
        hlt                             ; #GP(0) again
        bits 32

; 16-bit task C runs in CODE_B (base 10000h): its IP must be below 64 KiB
task_c16:
        movzx esp, sp                   ; a 16-bit TSS sets only SP
        call task_record
        iretd                           ; 32-bit code; the switch size is the TSS's
        jmp task_c16
        times -(($ - payload_start) > 0xFFF0) db 0
%define OFF16(x) ((x) - payload_start)

; ---- TSS construction -------------------------------------------------------------
; init_tss32: EDI = TSS base, EAX = EIP, EBX = ESP.  Ring 0 flat segments,
; LDT0, the current CR3, EFLAGS = 2, marker general registers
; (EAX=A0000000h+n*111h...), the back link 0BEEFh, no I/O bitmap.
init_tss32:
        pushad
        push eax
        push edi
        xor eax, eax
        mov ecx, 0x68 / 4
        rep stosd
        pop edi
        pop eax
        mov word [edi], 0xBEEF
        mov dword [edi + 4], A_STACK0
        mov dword [edi + 8], KDATA
        mov ecx, cr3
        mov [edi + 0x1C], ecx
        mov [edi + 0x20], eax
        mov dword [edi + 0x24], 2
        mov ecx, 0
.r:     mov edx, ecx
        imul edx, 0x111
        add edx, 0xA0000000
        mov [edi + 0x28 + ecx*4], edx
        inc ecx
        cmp ecx, 8
        jb .r
        mov [edi + 0x38], ebx           ; ESP
        mov dword [edi + 0x48], KDATA   ; ES
        mov dword [edi + 0x4C], KCODE   ; CS
        mov dword [edi + 0x50], KDATA   ; SS
        mov dword [edi + 0x54], KDATA   ; DS
        mov dword [edi + 0x58], KDATA   ; FS
        mov dword [edi + 0x5C], KDATA   ; GS
        mov dword [edi + 0x60], LDT0_SEL
        mov word [edi + 0x66], 0x68
        popad
        ret

; reset_tasks: every test TSS available again, TR = TSS0 (busy), LDTR =
; LDT0, NT clear, CR0.TS clear, TSS0 fresh, the recorded values cleared
reset_tasks:
        pushad
        mov byte [GDT_BASE + TSSA + 5], 0x89
        mov byte [GDT_BASE + TSSB + 5], 0x89
        mov byte [GDT_BASE + TSSC + 5], 0x81
        mov byte [GDT_BASE + TSSH + 5], 0x89
        mov byte [GDT_BASE + TSS0_SEL + 5], 0x89
        mov ax, TSS0_SEL
        ltr ax
        mov ax, LDT0_SEL
        lldt ax
        clts
        push dword 2
        popfd
        call tss0_reset
        mov dword [TSS0_BASE + 0x1C], 0
        mov edi, TVARS
        mov ecx, 32
        xor eax, eax
        rep stosd
        popad
        ret

; BUSY sel -> EAX = 1 if the TSS descriptor's busy bit is set
%macro BUSY 1
        movzx eax, byte [GDT_BASE + ((%1) & 0xFFF8) + 5]
        shr eax, 1
        and eax, 1
%endmacro

test_main:
        SETDESC TSSA, TSSA_BASE, 0x67, 0x80 | T_TSS32, 0
        SETDESC TSSB, TSSB_BASE, 0x67, 0x80 | T_TSS32, 0
        SETDESC TSSC, TSSC_BASE, 0x2B, 0x80 | T_TSS16, 0
        SETDESC TSSH, TSSH_BASE, 0x67, 0x80 | T_TSS32, 0
        SETDESC CODE_B, PAYLOAD_BASE, 0xFFFFF, ACC_CODE_XR, FL_DB
        call reset_tasks

; ---- JMP -----------------------------------------------------------------------------
        CASE "JMP to a 32-bit TSS loads its state; JMP back resumes the old task"
        mov edi, TSSA_BASE
        mov eax, task_jmp_back
        mov ebx, A_STACK
        call init_tss32
        TRY
        mov eax, 0x12345678
        mov ebp, 0x9ABCDEF0
        mov esi, 0x0F0F0F0F
        stc
.j1:    jmp TSSA:0x11223344             ; the offset is ignored
.j2:    mov [tmp], eax
        mov [tmp + 4], ebp
        pushfd
        pop dword [tmp + 8]
        ENDTRY
        CHECK_NOFAULT
        CHECK_EQ "task ran once", [t_count], 1
        CHECK_EQ "TR in the task", [t_tr], TSSA
        CHECK_EQ "EAX loaded", [t_regs], 0xA0000000
        CHECK_EQ "EDI loaded", [t_regs + 28], 0xA0000000 + 7*0x111
        CHECK_EQ "ESP loaded", [t_regs + 16], A_STACK
        CHECK_EQ "CS loaded", [t_segs + 4], KCODE
        CHECK_MASK "EFLAGS: NT clear after JMP", [t_efl], EFL_NT, 0
        CHECK_EQ "back link untouched", [t_link], 0xBEEF
        CHECK_MASK "CR0.TS set", [t_cr0], 8, 8
        CHECK_EQ "EAX after coming back", [tmp], 0x12345678
        CHECK_EQ "EBP after coming back", [tmp + 4], 0x9ABCDEF0
        CHECK_MASK "CF after coming back", [tmp + 8], EFL_CF, EFL_CF
        CHECK_EQ "old TSS: EIP saved", [TSS0_BASE + 0x20], .j2
        CHECK_EQ "old TSS: EAX saved", [TSS0_BASE + 0x28], 0x12345678
        CHECK_EQ "old TSS: ESI saved", [TSS0_BASE + 0x40], 0x0F0F0F0F
        CHECK_MASK "old TSS: EFLAGS saved", [TSS0_BASE + 0x24], EFL_CF | EFL_NT, EFL_CF
        CHECK_MASK "old TSS: CS saved", [TSS0_BASE + 0x4C], 0xFFFF, KCODE
        CHECK_EQ "task A's TSS: EIP saved at its JMP", [TSSA_BASE + 0x20], task_jmp_back + 5 + 7
        BUSY TSSA
        CHECK_EQ "A not busy after leaving by JMP", eax, 0
        BUSY TSS0_SEL
        CHECK_EQ "TSS0 busy again", eax, 1
        mov eax, cr0
        CHECK_MASK "CR0.TS set", eax, 8, 8
        call reset_tasks

        CASE "a JMP leaves the old task available: its busy bit is clear"
        mov edi, TSSA_BASE
        mov eax, task_read_busy0
        mov ebx, A_STACK
        call init_tss32
        TRY
        jmp TSSA:0
        ENDTRY
        CHECK_EQ "TSS0 busy bit seen from task A", [t_x], 0
        CHECK_EQ "A's busy bit seen from task A", [t_x + 4], 1
        call reset_tasks

; ---- CALL and IRET ------------------------------------------------------------------------
        CASE "CALL to a TSS: NT set, back link, old task stays busy; IRET returns"
        mov edi, TSSA_BASE
        mov eax, task_iret_back
        mov ebx, A_STACK
        call init_tss32
        TRY
        mov eax, 0x55AA55AA
.c1:    call TSSA:0
.c2:    mov [tmp], eax
        pushfd
        pop dword [tmp + 4]
        ENDTRY
        CHECK_NOFAULT
        CHECK_EQ "TR in the task", [t_tr], TSSA
        CHECK_MASK "NT set in the called task", [t_efl], EFL_NT, EFL_NT
        CHECK_EQ "back link = TSS0", [t_link], TSS0_SEL
        CHECK_EQ "EAX after IRET", [tmp], 0x55AA55AA
        CHECK_MASK "NT clear after the return", [tmp + 4], EFL_NT, 0
        CHECK_EQ "old TSS EIP", [TSS0_BASE + 0x20], .c2
        CHECK_MASK "A's saved EFLAGS: NT cleared by IRET", [TSSA_BASE + 0x24], EFL_NT, 0
        CHECK_EQ "A's saved EIP: after its IRET", [TSSA_BASE + 0x20], task_iret_back + 5 + 1
        BUSY TSSA
        CHECK_EQ "A not busy after IRET", eax, 0
        BUSY TSS0_SEL
        CHECK_EQ "TSS0 busy", eax, 1
        call reset_tasks
        CASE "CALL from within a called task: nested back links, IRET twice"
        mov edi, TSSA_BASE
        mov eax, task_call_b
        mov ebx, A_STACK
        call init_tss32
        mov edi, TSSB_BASE
        mov eax, task_b_iret
        mov ebx, B_STACK
        call init_tss32
        TRY
        call TSSA:0
        ENDTRY
        CHECK_NOFAULT
        CHECK_EQ "B's back link = A", [t_x], TSSA
        CHECK_EQ "A's back link = TSS0", [TSSA_BASE], TSS0_SEL
        BUSY TSSB
        CHECK_EQ "B free", eax, 0
        BUSY TSSA
        CHECK_EQ "A free", eax, 0
        call reset_tasks
        CASE "CALL or JMP to a busy TSS is #GP(sel); to itself too"
        TRY
.c3:    call TSS0_SEL:0
        ENDTRY
        CHECK_FAULT_AT 13, TSS0_SEL, .c3
        mov byte [GDT_BASE + TSSA + 5], 0x8B
        TRY
.c4:    jmp TSSA:0
        ENDTRY
        CHECK_FAULT_AT 13, TSSA, .c4
        call reset_tasks
        CASE "JMP to the caller's (busy) TSS from a called task is #GP(sel)"
        mov edi, TSSA_BASE
        mov eax, task_jmp_back
        mov ebx, A_STACK
        call init_tss32
        TRY
        call TSSA:0
        ENDTRY
        CHECK_EQ "vector", [exc_vec], 13
        CHECK_EQ "error code", [exc_err], TSS0_SEL
        CHECK_EQ "EIP (in task A)", [exc_eip], task_jmp_back + 5
        str ax
        movzx eax, ax
        CHECK_EQ "TR", eax, TSSA
        call reset_tasks
        CASE "IRET with NT to a back link that is not busy is #TS(link)"
        mov edi, TSSA_BASE
        mov eax, 0
        mov ebx, A_STACK
        call init_tss32
        mov word [TSS0_BASE], TSSA      ; TSS0's back link: available TSS A
        TRY
        pushfd
        or dword [esp], EFL_NT
        popfd
.c5:    iretd
        ENDTRY
        CHECK_FAULT_AT 10, TSSA, .c5
        mov word [TSS0_BASE], TSSA | 4    ; TI set
        TRY
        pushfd
        or dword [esp], EFL_NT
        popfd
.c6:    iretd
        ENDTRY
        CHECK_FAULT_AT 10, TSSA | 4, .c6
        mov word [TSS0_BASE], KDATA
        TRY
        pushfd
        or dword [esp], EFL_NT
        popfd
.c7:    iretd
        ENDTRY
        CHECK_FAULT_AT 10, KDATA, .c7
        call reset_tasks

; ---- checks before the switch ---------------------------------------------------------------
        CASE "TSS DPL < CPL is #GP(sel); a DPL 3 task gate to it works from ring 3"
        mov edi, TSSA_BASE
        mov eax, task_iret_back
        mov ebx, A_STACK
        call init_tss32
        TRY
        TO_RING 3
.p1:    call TSSA:0
        int RING_RETURN_VEC
        ENDTRY
        CHECK_FAULT_AT 13, TSSA, .p1
        SETGATE TGATE, 0, TSSA, 0x80 | ACC_DPL3 | T_TASK, 0
        TRY
        TO_RING 3
        call TGATE:0
        mov [ss:tmp], eax
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_EQ "task A ran", [t_count], 1
        CHECK_EQ "A's back link", [TSSA_BASE], TSS0_SEL
        CHECK_MASK "TSS0 saved CS (ring 3)", [TSS0_BASE + 0x4C], 0xFFFF, UCODE
        call reset_tasks
        CASE "task gate: DPL < CPL #GP(gate), not present #NP(gate)"
        SETGATE TGATE, 0, TSSA, 0x80 | T_TASK, 0
        TRY
        TO_RING 3
.p2:    jmp TGATE:0
        int RING_RETURN_VEC
        ENDTRY
        CHECK_FAULT_AT 13, TGATE, .p2
        SETGATE TGATE, 0, TSSA, ACC_DPL3 | T_TASK, 0
        TRY
.p3:    call TGATE:0
        ENDTRY
        CHECK_FAULT_AT 11, TGATE, .p3
        CASE "task gate to a non-TSS, an LDT selector or a busy TSS is #GP(TSS sel)"
        SETGATE TGATE, 0, KDATA, 0x80 | T_TASK, 0
        TRY
.p4:    call TGATE:0
        ENDTRY
        CHECK_FAULT_AT 13, KDATA, .p4
        SETGATE TGATE, 0, TSSA | 4, 0x80 | T_TASK, 0
        TRY
.p5:    call TGATE:0
        ENDTRY
        CHECK_FAULT_AT 13, TSSA | 4, .p5
        SETGATE TGATE, 0, TSS0_SEL, 0x80 | T_TASK, 0
        TRY
.p6:    jmp TGATE:0
        ENDTRY
        CHECK_FAULT_AT 13, TSS0_SEL, .p6
        CASE "not-present TSS #NP(sel), directly and through a gate"
        mov edi, TSSA_BASE
        mov eax, task_iret_back
        mov ebx, A_STACK
        call init_tss32
        mov byte [GDT_BASE + TSSA + 5], 0x09
        TRY
.p7:    call TSSA:0
        ENDTRY
        CHECK_FAULT_AT 11, TSSA, .p7
        SETGATE TGATE, 0, TSSA, 0x80 | T_TASK, 0
        TRY
.p8:    call TGATE:0
        ENDTRY
        CHECK_FAULT_AT 11, TSSA, .p8
        call reset_tasks
        CASE "a 32-bit TSS with limit < 67h is #TS(sel) before the switch"
        SETDESC TSSX, TSSA_BASE, 0x66, 0x80 | T_TSS32, 0
        TRY
.p9:    jmp TSSX:0
        ENDTRY
        CHECK_FAULT_AT 10, TSSX, .p9
        str ax
        movzx eax, ax
        CHECK_EQ "TR unchanged", eax, TSS0_SEL
        BUSY TSSX
        CHECK_EQ "no busy bit set", eax, 0
        SETDESC TSSX, TSSC_BASE, 0x2A, 0x80 | T_TSS16, 0
        TRY
.p10:   call TSSX:0
        ENDTRY
        CHECK_FAULT_AT 10, TSSX, .p10
        call reset_tasks

        CASE "an exception's task switch: its faults carry EXT (short TSS, bad DS)"
        SETDESC TSSX, TSSA_BASE, 0x66, 0x80 | T_TSS32, 0
        SETIDT 6, 0, TSSX, 0x80 | T_TASK
        SETIDT 0x40, 0, TSSX, 0x80 | T_TASK
        TRY
.e1:    ud2
        ENDTRY
        CHECK_FAULT_AT 10, TSSX | 1, .e1
        TRY
.e2:    int 0x40
        ENDTRY
        CHECK_FAULT_AT 10, TSSX, .e2
        mov edi, TSSH_BASE
        mov eax, task_fault_home
        mov ebx, H_STACK
        call init_tss32
        SETIDT 10, 0, TSSH, 0x80 | T_TASK
        mov edi, TSSA_BASE
        mov eax, task_jmp_back
        mov ebx, A_STACK
        call init_tss32
        SETDESC SCR(9), 0, 0xFFFFF, ACC_CODE_XO, FL_G | FL_DB
        mov dword [TSSA_BASE + 0x54], SCR(9)
        SETIDT 6, 0, TSSA, 0x80 | T_TASK
        TRY
        ud2
        ENDTRY
        CHECK_EQ "handler task ran", [t_count], 1
        CHECK_EQ "error code: DS + EXT", [t_stack0], SCR(9) | 1
        RESTORE_IDT 6
        RESTORE_IDT 10
        RESTORE_IDT 0x40
        call reset_tasks

; ---- the new task's segments ---------------------------------------------------------------
        CASE "a bad data segment in the new TSS: #TS(sel) in the new task"
        ; the #TS goes through a task gate to task H, which records and
        ; goes home to TSS0
        mov edi, TSSH_BASE
        mov eax, task_fault_home
        mov ebx, H_STACK
        call init_tss32
        SETIDT 10, 0, TSSH, 0x80 | T_TASK
        SETIDT 11, 0, TSSH, 0x80 | T_TASK
        SETIDT 12, 0, TSSH, 0x80 | T_TASK
        mov edi, TSSA_BASE
        mov eax, task_jmp_back
        mov ebx, A_STACK
        call init_tss32
        mov dword [TSSA_BASE + 0x54], SCR(9)      ; DS
        SETDESC SCR(9), 0, 0xFFFFF, ACC_CODE_XO, FL_G | FL_DB      ; execute-only
        TRY
        jmp TSSA:0
        ENDTRY
        CHECK_EQ "handler task ran", [t_count], 1
        CHECK_EQ "its back link: task A", [t_link], TSSA
        CHECK_EQ "the error code it got", [t_stack0], SCR(9)
        CHECK_EQ "its ESP (error code pushed)", [t_regs + 16], H_STACK - 4
        CHECK_EQ "A's saved EIP: its first instruction", [TSSA_BASE + 0x20], task_jmp_back
        BUSY TSSA
        CHECK_EQ "A busy (the switch to it completed)", eax, 1
        call reset_tasks
        CASE "not-present DS in the new TSS: #NP(sel) in the new task"
        mov edi, TSSH_BASE
        mov eax, task_fault_home
        mov ebx, H_STACK
        call init_tss32
        mov edi, TSSA_BASE
        mov eax, task_jmp_back
        mov ebx, A_STACK
        call init_tss32
        SETDESC SCR(9), 0, 0xFFFFF, ACC_DATA_RW & ~ACC_NP, FL_G | FL_DB
        mov dword [TSSA_BASE + 0x58], SCR(9)      ; FS
        TRY
        jmp TSSA:0
        ENDTRY
        CHECK_EQ "handler task ran", [t_count], 1
        CHECK_EQ "error code", [t_stack0], SCR(9)
        CHECK_EQ "A's saved EIP", [TSSA_BASE + 0x20], task_jmp_back
        call reset_tasks
        CASE "bad SS, CS or LDT in the new TSS: #TS(sel) in the new task"
        mov esi, newtask_cases
.n1:    cmp dword [esi], -1
        je .n1d
        mov edi, TSSH_BASE
        mov eax, task_fault_home
        mov ebx, H_STACK
        call init_tss32
        mov edi, TSSA_BASE
        mov eax, task_jmp_back
        mov ebx, A_STACK
        call init_tss32
        mov eax, [esi]                  ; TSS offset
        mov ebx, [esi + 4]              ; selector
        mov [TSSA_BASE + eax], ebx
        mov [tmp + 60], esi
        TRY
        jmp TSSA:0
        ENDTRY
        mov esi, [tmp + 60]
        CHECK_EQ "handler task ran for the case in [ESI]", [t_count], 1
        CHECK_EQ "error code for the case in [ESI]", [t_stack0], [esi + 8]
        CHECK_EQ "its ESP (error code pushed)", [t_regs + 16], H_STACK - 4
        CHECK_EQ "A's saved EIP", [TSSA_BASE + 0x20], task_jmp_back
        call reset_tasks
        mov esi, [tmp + 60]
        add esi, 12
        jmp .n1
.n1d:   RESTORE_IDT 10
        RESTORE_IDT 11
        RESTORE_IDT 12

; ---- exceptions and INT n through task gates ----------------------------------------------------
        CASE "#GP through a task gate: error code on the handler task's stack"
        SETDESC SCR(9), 0, 0xFFFFF, ACC_CODE_XO, FL_G | FL_DB
        mov edi, TSSH_BASE
        mov eax, task_exc_handler
        mov ebx, H_STACK
        call init_tss32
        SETIDT 13, 0, TSSH, 0x80 | T_TASK
        TRY
        mov ax, SCR(9)
        mov ebx, 0x77777777
.x1:    mov ds, ax                      ; 2 bytes: the handler skips it
        mov [ss:tmp], ebx
        ENDTRY
        RESTORE_IDT 13
        CHECK_NOFAULT
        CHECK_EQ "handler ran", [t_count], 1
        CHECK_EQ "error code pushed", [t_stack0], SCR(9)
        CHECK_EQ "handler ESP", [t_regs + 16], H_STACK - 4
        CHECK_EQ "back link", [t_link], TSS0_SEL
        CHECK_MASK "NT in the handler", [t_efl], EFL_NT, EFL_NT
        CHECK_EQ "the faulting task went on", [tmp], 0x77777777
        call reset_tasks
        CASE "INT n through a DPL 3 task gate from ring 3, IRET back to ring 3"
        mov edi, TSSH_BASE
        mov eax, task_iret_back
        mov ebx, H_STACK
        call init_tss32
        SETIDT 0x40, 0, TSSH, 0x80 | ACC_DPL3 | T_TASK
        TRY
        TO_RING 3
        mov ecx, 0x3C3C3C3C
.x2:    int 0x40
.x3:    mov [ss:tmp], ecx
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_EQ "ECX kept across the task switch", [tmp], 0x3C3C3C3C
        CHECK_EQ "handler ESP (no error code)", [t_regs + 16], H_STACK
        CHECK_EQ "old TSS EIP: after INT", [TSS0_BASE + 0x20], .x3
        CHECK_MASK "old TSS CS", [TSS0_BASE + 0x4C], 0xFFFF, UCODE
        call reset_tasks
        CASE "INT n to a task gate of a busy TSS is #GP(TSS sel)"
        SETIDT 0x40, 0, TSS0_SEL, 0x80 | ACC_DPL3 | T_TASK
        TRY
.x4:    int 0x40
        ENDTRY
        CHECK_FAULT_AT 13, TSS0_SEL, .x4
        SETIDT 0x40, 0, TSSA | 4, 0x80 | ACC_DPL3 | T_TASK
        TRY
.x5:    int 0x40
        ENDTRY
        CHECK_FAULT_AT 13, TSSA | 4, .x5
        SETIDT 0x40, 0, KDATA, 0x80 | ACC_DPL3 | T_TASK
        TRY
.x6:    int 0x40
        ENDTRY
        CHECK_FAULT_AT 13, KDATA, .x6
        mov byte [GDT_BASE + TSSA + 5], 0x09            ; not present
        SETIDT 0x40, 0, TSSA, 0x80 | ACC_DPL3 | T_TASK
        TRY
.x7:    int 0x40
        ENDTRY
        CHECK_FAULT_AT 11, TSSA, .x7
        RESTORE_IDT 0x40
        call reset_tasks

        CASE "an exception in V86 mode through a task gate; IRET goes back to V86"
        mov edi, TSSH_BASE
        mov eax, task_v86_gp
        mov ebx, H_STACK
        call init_tss32
        SETIDT 13, 0, TSSH, 0x80 | T_TASK
        mov dword [TSS0_BASE + 0x60], LDT0_SEL           ; for the way back
        TRY
        push dword 0                    ; GS
        push dword 0x1234               ; FS
        push dword 0x2345               ; DS
        push dword 0x3456               ; ES
        push dword 0x7000               ; SS
        push dword 0xFFF0               ; ESP
        push dword EFL_VM | 2           ; IOPL 0
        push dword (v86_code - payload_start + PAYLOAD_BASE) >> 4
        push dword (v86_code - payload_start + PAYLOAD_BASE) & 0xF
        iretd
        ENDTRY
        RESTORE_IDT 13
        CHECK_EQ "the handler task ran twice", [t_count], 2
        CHECK_EQ "error code", [t_stack0], 0
        CHECK_MASK "saved EFLAGS: VM", [t_v86efl], EFL_VM, EFL_VM
        CHECK_MASK "saved CS: the V86 segment", [t_v86cs], 0xFFFF, (v86_code - payload_start + PAYLOAD_BASE) >> 4
        CHECK_EQ "saved EIP: CLI", [t_v86eip], (v86_code - payload_start + PAYLOAD_BASE) & 0xF
        CHECK_MASK "second time: still V86", [t_v86efl + 4], EFL_VM, EFL_VM
        CHECK_EQ "second time: EIP of HLT", [t_v86eip + 4], ((v86_code - payload_start + PAYLOAD_BASE) & 0xF) + 1
        call reset_tasks

; ---- LDT, CR3, CR0.TS, T bit, ring-3 tasks --------------------------------------------------------
        CASE "the new task's LDT is loaded: LDT selectors resolve through it"
        ; LDTA entry 1: data at base DATA_AREA; LDT0 entry 1 is flat
        mov dword [LDTA_BASE], 0
        mov dword [LDTA_BASE + 4], 0
        SETDESC LDTA, LDTA_BASE, 0x0F, 0x80 | T_LDT, 0
        mov edi, LDTA_BASE + 8
        mov eax, DATA_AREA
        mov ebx, 0xFFFF
        mov cx, ACC_DATA_RW | (FL_DB << 8)
        call write_desc
        mov dword [DATA_AREA + 0x40], 0xDA7A
        mov edi, TSSA_BASE
        mov eax, task_read_fs
        mov ebx, A_STACK
        call init_tss32
        mov dword [TSSA_BASE + 0x60], LDTA
        mov dword [TSSA_BASE + 0x58], LDT_KDATA           ; FS
        mov dword [TSS0_BASE + 0x60], 0                   ; TSS0's LDT field: null
        TRY
        jmp TSSA:0
        ENDTRY
        CHECK_NOFAULT
        CHECK_EQ "LDTR in task A", [t_ldtr], LDTA
        CHECK_EQ "FS in task A", [t_segs + 16], LDT_KDATA
        CHECK_EQ "[FS:40h] through task A's LDT", [t_x], 0xDA7A
        CHECK_MASK "TSS0's LDT field is not written", [TSS0_BASE + 0x60], 0xFFFF, 0
        sldt ax
        movzx eax, ax
        CHECK_EQ "LDTR back in TSS0: from its TSS's field", eax, 0
        call reset_tasks
        CASE "a null LDT selector in the new TSS leaves LDTR null"
        mov edi, TSSA_BASE
        mov eax, task_jmp_back
        mov ebx, A_STACK
        call init_tss32
        mov dword [TSSA_BASE + 0x60], 0
        TRY
        jmp TSSA:0
        ENDTRY
        CHECK_NOFAULT
        CHECK_EQ "LDTR in task A", [t_ldtr], 0
        call reset_tasks
        CASE "CR3 comes from the new 32-bit TSS and is never saved to the old one"
        call build_paging
        mov eax, PD0
        mov cr3, eax
        mov eax, cr0
        or eax, 0x80000000
        mov cr0, eax
        mov dword [TSS0_BASE + 0x1C], PD0_COPY
        mov edi, TSSA_BASE
        mov eax, task_read_x
        mov ebx, A_STACK
        call init_tss32
        mov dword [TSSA_BASE + 0x1C], PDA
        TRY
        jmp TSSA:0
        ENDTRY
        CHECK_NOFAULT
        CHECK_EQ "CR3 in task A", [t_cr3], PDA
        CHECK_EQ "PAGE_X under task A's CR3", [t_x], 0x2222
        mov eax, cr3
        CHECK_EQ "CR3 back in TSS0: its TSS's field", eax, PD0_COPY
        CHECK_EQ "TSS0's CR3 field unchanged", [TSS0_BASE + 0x1C], PD0_COPY
        CHECK_EQ "PAGE_X here", [PAGE_X], 0x1111
        mov eax, cr0
        and eax, 0x7FFFFFFF
        mov cr0, eax
        call reset_tasks
        CASE "the T bit: #DB in the new task before its first instruction"
        SETIDT 1, db_probe, KCODE, 0x8E
        mov edi, TSSA_BASE
        mov eax, task_jmp_back
        mov ebx, A_STACK
        call init_tss32
        mov word [TSSA_BASE + 0x64], 1
        xor eax, eax
        mov dr6, eax
        TRY
        jmp TSSA:0
        ENDTRY
        RESTORE_IDT 1
        CHECK_NOFAULT
        CHECK_EQ "#DB at task A's first instruction", [t_dbeip], task_jmp_back
        CHECK_MASK "DR6.BT", [t_x], 0x8000, 0x8000
        CHECK_EQ "task A then ran", [t_count], 1
        call reset_tasks
        CASE "a ring-3 task: CPL from CS.RPL; interrupts use the task's own ESP0"
        mov edi, TSSA_BASE
        mov eax, task_ring3
        mov ebx, A_STACK
        call init_tss32
        mov dword [TSSA_BASE + 0x48], UDATA
        mov dword [TSSA_BASE + 0x4C], UCODE
        mov dword [TSSA_BASE + 0x50], UDATA
        mov dword [TSSA_BASE + 0x54], UDATA
        mov dword [TSSA_BASE + 0x58], UDATA
        mov dword [TSSA_BASE + 0x5C], UDATA
        TRY
        jmp TSSA:0
        ENDTRY
        CHECK_RET
        CHECK_EQ "CS at INT 30h", [exc_cs], UCODE
        CHECK_EQ "ESP pushed", [exc_esp], A_STACK
        CHECK_EQ "the ring-0 stack: task A's ESP0", [exc_esp_now], A_STACK0 - 8
        call reset_tasks
        CASE "a ring-3 TSS whose SS is DPL 0 is #TS(SS) in the new task"
        mov edi, TSSH_BASE
        mov eax, task_fault_home
        mov ebx, H_STACK
        call init_tss32
        SETIDT 10, 0, TSSH, 0x80 | T_TASK
        mov edi, TSSA_BASE
        mov eax, task_ring3
        mov ebx, A_STACK
        call init_tss32
        mov dword [TSSA_BASE + 0x4C], UCODE
        mov dword [TSSA_BASE + 0x50], KDATA | 3
        TRY
        jmp TSSA:0
        ENDTRY
        RESTORE_IDT 10
        CHECK_EQ "handler ran", [t_count], 1
        CHECK_EQ "error code", [t_stack0], KDATA
        call reset_tasks

; ---- 16-bit TSSs -------------------------------------------------------------------------------
        CASE "CALL to a 16-bit TSS: 16-bit state, NT, back link; IRET back"
        mov edi, TSSC_BASE
        xor eax, eax
        mov ecx, 0x2C / 4
        rep stosd
        mov word [TSSC_BASE], 0xBEEF
        mov word [TSSC_BASE + 0x0E], OFF16(task_c16)      ; IP
        mov word [TSSC_BASE + 0x10], 0x0002               ; FLAGS
        mov word [TSSC_BASE + 0x12], 0x1234               ; AX
        mov word [TSSC_BASE + 0x14], 0x2345               ; CX
        mov word [TSSC_BASE + 0x1A], C_SP                 ; SP
        mov word [TSSC_BASE + 0x22], KDATA                ; ES
        mov word [TSSC_BASE + 0x24], CODE_B               ; CS
        mov word [TSSC_BASE + 0x26], KDATA16              ; SS
        mov word [TSSC_BASE + 0x28], KDATA                ; DS
        mov word [TSSC_BASE + 0x2A], LDT0_SEL             ; LDT
        mov ax, KDATA
        mov fs, ax
        TRY
        mov ebx, 0xABCD0000
        call TSSC:0
        ENDTRY
        CHECK_NOFAULT
        CHECK_EQ "TR", [t_tr], TSSC
        CHECK_MASK "AX", [t_regs], 0xFFFF, 0x1234
        CHECK_MASK "CX", [t_regs + 4], 0xFFFF, 0x2345
        CHECK_EQ "CS", [t_segs + 4], CODE_B
        CHECK_EQ "SS", [t_segs + 8], KDATA16
        CHECK_MASK "NT", [t_efl], EFL_NT, EFL_NT
        CHECK_MASK "back link", [t_link], 0xFFFF, TSS0_SEL
        CHECK_MASK "C's saved IP: after its IRET", [TSSC_BASE + 0x0E], 0xFFFF, OFF16(task_c16) + 9
        CHECK_MASK "C's saved FLAGS: NT cleared", [TSSC_BASE + 0x10], EFL_NT, 0
        BUSY TSSC
        CHECK_EQ "C not busy", eax, 0
        call reset_tasks

; ---- LTR and STR ----------------------------------------------------------------------------------
        CASE "LTR: busy TSS or non-TSS #GP(sel), null #GP(0), not present #NP; sets busy"
        TRY
        mov ax, TSS0_SEL                ; busy
.l1:    ltr ax
        ENDTRY
        CHECK_FAULT_AT 13, TSS0_SEL, .l1
        TRY
        mov ax, LDT0_SEL
.l2:    ltr ax
        ENDTRY
        CHECK_FAULT_AT 13, LDT0_SEL, .l2
        TRY
        xor eax, eax
.l3:    ltr ax
        ENDTRY
        CHECK_FAULT_AT 13, 0, .l3
        mov byte [GDT_BASE + TSSA + 5], 0x09
        TRY
        mov ax, TSSA
.l4:    ltr ax
        ENDTRY
        CHECK_FAULT_AT 11, TSSA, .l4
        mov byte [GDT_BASE + TSSA + 5], 0x89
        TRY
        mov ax, TSSA | 4
.l5:    ltr ax
        ENDTRY
        CHECK_FAULT_AT 13, TSSA | 4, .l5
        TRY
        TO_RING 3
        mov ax, TSSA
.l6:    ltr ax
        int RING_RETURN_VEC
        ENDTRY
        CHECK_FAULT_AT 13, 0, .l6
        mov ax, TSSA
        ltr ax
        BUSY TSSA
        CHECK_EQ "LTR sets busy", eax, 1
        str ax
        movzx eax, ax
        CHECK_EQ "STR", eax, TSSA
        call reset_tasks
        ret

task_read_fs:
        call task_record
        mov eax, [fs:0x40]
        mov [t_x], eax
        jmp TSS0_SEL:0
task_read_busy0:
        BUSY TSS0_SEL
        mov [t_x], eax
        BUSY TSSA
        mov [t_x + 4], eax
        jmp TSS0_SEL:0

; build_paging: PD0 and PD0_COPY identity-map 0-4 MiB; PDA maps PAGE_X to
; PAGE_X + 1000h
build_paging:
        pushad
        mov edi, PD0
        xor eax, eax
        mov ecx, 5 * 1024
        rep stosd
        mov edi, PT0
        mov eax, 3                      ; P | RW
        mov ecx, 1024
.pt:    stosd
        add eax, 0x1000
        loop .pt
        mov esi, PT0
        mov edi, PTA
        mov ecx, 1024
        rep movsd
        mov dword [PTA + (PAGE_X >> 12) * 4], (PAGE_X + 0x1000) | 3
        mov dword [PD0], PT0 | 3
        mov dword [PD0_COPY], PT0 | 3
        mov dword [PDA], PTA | 3
        mov dword [PAGE_X], 0x1111
        mov dword [PAGE_X + 0x1000], 0x2222
        popad
        ret

; faults while loading task A: TSS offset, selector, expected error code
newtask_cases:
        dd 0x50, KCODE, KCODE                   ; SS: code
        dd 0x50, UDATA, UDATA & 0xFFFC          ; SS: RPL 3 != CPL 0
        dd 0x50, 0, 0                           ; SS: null
        dd 0x4C, KDATA, KDATA                   ; CS: data
        dd 0x4C, UCODE & ~3, UCODE & 0xFFFC     ; CS: DPL 3 != RPL 0
        dd 0x60, KDATA, KDATA                   ; LDT: not an LDT
        dd 0x60, LDT_KDATA, LDT_KDATA & 0xFFFC  ; LDT: TI set
        dd 0x54, GDT_ENTRIES*8, GDT_ENTRIES*8   ; DS: past the GDT
        dd 0x48, KDATA | 3, KDATA                ; ES: RPL 3 > DPL 0
        dd -1

%include "tail.inc"
