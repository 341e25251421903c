; ---------------------------------------------------------------------------
; tests/pm/v86.asm: virtual-8086 mode (SDM Vol. 3, chapter 20; Vol. 2 IRET,
; INT n, CLI, STI, PUSHF, POPF): entry by IRET and by task switch, real-mode
; addressing with 64 KiB limits, the IOPL-sensitive instructions faulting
; to the monitor when IOPL < 3, the I/O permission bitmap (checked at any
; IOPL), privileged and protected-mode-only instructions, INT n to a ring-0
; handler with the V86 frame (ES DS FS GS pushed, then nulled), and the
; Pentium's CR4.VME (VIF, VIP, virtualised PUSHF/POPF/IRET, the interrupt
; redirection bitmap) and CR4.PVI.
; ---------------------------------------------------------------------------
%define TEST_NAME "v86"
%include "harness.inc"

V86_DS     equ VARS >> 4            ; V86 data segment: the harness variables
V86_SS     equ 0x7000               ; V86 stack 70000h-7FFFFh
V86_SP     equ 0xFFF0
VEC_R      equ 0x60                 ; the vector used for INT n tests
TSSV       equ SCR(0)
TSSV_BASE  equ 0x57000
V_STACK0   equ 0x5B000
%define LINOF(x) ((x) - payload_start + PAYLOAD_BASE)
%define VOFF(x) ((x) - VARS)        ; a variable's offset in V86_DS

; V86 variables (in the harness's tmp area, reachable as DS:VOFF(x))
V_OUT      equ tmp                  ; 8 words of results

; ENTER_V86 label, eflags: IRETD to V86 mode at label (CS = label >> 4)
%macro ENTER_V86 2
        push dword 0                    ; GS
        push dword 0                    ; FS
        push dword V86_DS               ; DS
        push dword V86_DS               ; ES
        push dword V86_SS
        push dword V86_SP
        push dword (%2) | EFL_VM | 2
        push dword LINOF(%1) >> 4
        push dword LINOF(%1) & 0xF
        iretd
%endmacro

; CHECK_V86_AT vec, err, label: the monitor got vec/err at V86 CS:IP = label
%macro CHECK_V86_AT 3
        CHECK_EQ "vector", [exc_vec], %1
        CHECK_EQ "error code", [exc_err], %2
        mov eax, [exc_cs]
        shl eax, 4
        add eax, [exc_eip]
        CHECK_EQ "V86 CS:IP (linear) at the fault", eax, LINOF(%3)
        CHECK_MASK "EFLAGS.VM in the frame", [exc_efl], EFL_VM, EFL_VM
%endmacro

; ---- V86 code ----------------------------------------------------------------------------
        bits 16
; records its environment, then INT 30h (needs IOPL 3)
v86_probe:
        mov [VOFF(V_OUT)], cs
        mov [VOFF(V_OUT) + 2], ss
        mov [VOFF(V_OUT) + 4], ds
        mov [VOFF(V_OUT) + 6], es
        mov [VOFF(V_OUT) + 8], fs
        mov [VOFF(V_OUT) + 10], gs
        mov [VOFF(V_OUT) + 12], sp
        pushfd
        pop dword [VOFF(V_OUT) + 16]
        mov eax, [es:0]                 ; ES:0 = linear 60000h: exc_vec
        mov [VOFF(V_OUT) + 20], eax
        smsw [VOFF(V_OUT) + 24]         ; not privileged
.int:   int RING_RETURN_VEC
.after: hlt
; one sensitive instruction each, then HLT (#GP(0) at CPL 3)
v86_cli:   cli
.next:     hlt
v86_sti:   sti
.next:     hlt
v86_pushf: pushf
.next:     hlt
v86_pushfd: pushfd
.next:     hlt
v86_popf:  push word 0
.f:        popf
.next:     hlt
v86_popfd: push dword 0
.f:        popfd
.next:     hlt
v86_int:   int VEC_R
.next:     hlt
v86_iret:  push word 0x0002
           push cs
           push word LINOF(v86_iret.next) - (LINOF(v86_iret) & ~0xF)
.f:        iret
.next:     hlt
v86_int3:  int3
.next:     hlt
v86_into:  mov al, 0x7F
           add al, 1
           into
.next:     hlt
; IOPL 3: CLI/STI work, POPF cannot change IOPL, IRET works like real mode
v86_iopl3:
        cli
        pushf
        pop word [VOFF(V_OUT)]
        sti
        pushf
        pop word [VOFF(V_OUT) + 2]
        push word 0x0002                ; IOPL 0, IF 0
        popf
        pushf
        pop word [VOFF(V_OUT) + 4]
        push word 0x0202 | 0x0001       ; IRET to .back with IF and CF
        push cs
        call .here
.here:  pop bx
        add bx, .back - .here
        push bx
        iret
.back:  pushf
        pop word [VOFF(V_OUT) + 6]
        int RING_RETURN_VEC
; I/O
v86_io_80:
        in al, 0x80
.next:  hlt
; 64 KiB limits
v86_limit:
        mov ax, [0xFFFE]                ; fine
.f:     mov ax, [0xFFFF]                ; word past the limit
        hlt
v86_stack:
        mov sp, 1
.f:     push ax
        hlt
; privileged and PM-only instructions
v86_lgdt:  lgdt [0]
v86_movcr: mov eax, cr0
v86_clts:  clts
v86_lmsw:  lmsw ax
v86_lar:   lar ax, ax
v86_str:   str ax
v86_arpl:  arpl ax, ax
v86_sldt:  sldt ax
v86_verr:  verr ax
; INT n (for the IDT paths)
v86_intr:
        int VEC_R
.next:  hlt
; VME: the virtualised instructions with IOPL 0; results in V_OUT
v86_vme_flags:
        sti                             ; VIF = 1
        pushf                           ; IF shows VIF, IOPL shows 3
        pop word [VOFF(V_OUT)]
        cli                             ; VIF = 0
        pushf
        pop word [VOFF(V_OUT) + 2]
        push word 0x0200                ; POPF with IF: VIF = 1
        popf
.f:     pushfd                          ; IOPL < 3: PUSHFD is #GP(0)
        hlt
v86_vme_popf_tf:
        push word 0x0100                ; TF in the image: #GP(0)
.f:     popf
        hlt
v86_vme_sti_vip:
.f:     sti                             ; VIP set: #GP(0)
        hlt
v86_vme_popf_vip:
        push word 0x0200
.f:     popf                            ; IF with VIP: #GP(0)
        hlt
v86_vme_int:
        sti                             ; VIF = 1
.i:     int VEC_R                       ; redirected through the IVT
.back:  pushf
        pop word [VOFF(V_OUT) + 8]
.h:     hlt
; the IVT handler for VEC_R: note FLAGS as pushed and as seen, IRET
v86_ivt_handler:
        push bp
        mov bp, sp
        mov ax, [bp + 6]                ; FLAGS pushed by the redirection
        mov [VOFF(V_OUT)], ax
        mov ax, [bp + 2]                ; IP
        mov [VOFF(V_OUT) + 2], ax
        mov ax, [bp + 4]                ; CS
        mov [VOFF(V_OUT) + 4], ax
        pushf
        pop word [VOFF(V_OUT) + 6]
        pop bp
        iret
v86_vme_iret_tf:
        push word 0x0100                ; TF
        push cs
        push word 0
.f:     iret
        hlt
        bits 32

; ---- helpers -----------------------------------------------------------------------------
; set the IVT entry of VEC_R to v86_ivt_handler
set_ivt:
        mov word [VEC_R * 4], LINOF(v86_ivt_handler) & 0xF
        mov word [VEC_R * 4 + 2], LINOF(v86_ivt_handler) >> 4
        ret

; V86_GP label, insn_label, eflags: enter V86 at label with eflags and
; expect #GP(0) at insn_label
%macro V86_GP 3
        TRY
        ENTER_V86 %1, %3
        ENDTRY
        CHECK_V86_AT 13, 0, %2
%endmacro

test_main:
        mov edi, V_OUT
        mov ecx, 8
        xor eax, eax
        rep stosd
        call set_ivt

; ---- entry and exit -------------------------------------------------------------------------
        CASE "IRET to V86: real-mode segments, CPL 3; INT n to ring 0 with the V86 frame"
        SETIDT RING_RETURN_VEC, stub_48, KCODE, 0xEE
        TRY
        ENTER_V86 v86_probe, 0x3000                     ; IOPL 3
        ENDTRY
        CHECK_EQ "vector", [exc_vec], RING_RETURN_VEC
        CHECK_MASK "CS", [V_OUT], 0xFFFF, LINOF(v86_probe) >> 4
        CHECK_MASK "SS", [V_OUT + 2], 0xFFFF, V86_SS
        CHECK_MASK "DS", [V_OUT + 4], 0xFFFF, V86_DS
        CHECK_MASK "ES", [V_OUT + 6], 0xFFFF, V86_DS
        CHECK_MASK "FS, GS", [V_OUT + 8], 0xFFFFFFFF, 0
        CHECK_MASK "SP", [V_OUT + 12], 0xFFFF, V86_SP
        CHECK_EQ "PUSHFD: VM and RF read 0, IOPL 3", [V_OUT + 16], 0x3002
        CHECK_EQ "ES:0 is linear 60000h", [V_OUT + 20], NOFAULT
        CHECK_MASK "SMSW works: PE", [V_OUT + 24], 1, 1
        CHECK_EQ "frame: ES", [exc_v86_es], V86_DS
        CHECK_EQ "frame: DS", [exc_v86_ds], V86_DS
        CHECK_EQ "frame: FS", [exc_v86_fs], 0
        CHECK_EQ "frame: GS", [exc_v86_gs], 0
        CHECK_EQ "frame: SS", [exc_ss], V86_SS
        CHECK_EQ "frame: ESP", [exc_esp], V86_SP
        CHECK_EQ "frame: CS", [exc_cs], LINOF(v86_probe) >> 4
        CHECK_EQ "frame: EIP", [exc_eip], LINOF(v86_probe.after) - (LINOF(v86_probe) & ~0xF)
        CHECK_EQ "frame: EFLAGS", [exc_efl], EFL_VM | 0x3002
        CHECK_EQ "handler: DS null", [exc_ds], 0
        CHECK_EQ "handler: ES null", [exc_es], 0
        CHECK_EQ "handler: FS null", [exc_fs], 0
        CHECK_EQ "handler: GS null", [exc_gs], 0
        CHECK_EQ "handler: SS from TSS0", [exc_ss_now], KDATA
        CHECK_EQ "handler: ESP", [exc_esp_now], R0_STACK_TOP - 24
        CASE "an IRET with VM set from CPL 1 stays in protected mode"
        TRY
        TO_RING 1
        push dword R1DATA
        push dword R1_STACK_TOP
        push dword EFL_VM | 0x1002      ; IOPL 1
        push dword R1CODE
        push dword .pm1
        iretd
.pm1:   pushfd
        pop dword [ss:tmp]
        mov eax, cs
        mov [ss:tmp + 4], eax
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_EQ "EFLAGS: no VM (and IOPL kept: CPL 1)", [tmp], 0x0002
        CHECK_EQ "CS", [tmp + 4], R1CODE

; ---- IOPL-sensitive instructions ------------------------------------------------------------
        CASE "IOPL < 3: CLI STI PUSHF PUSHFD POPF POPFD INT n IRET are #GP(0)"
        V86_GP v86_cli, v86_cli, 0x1000
        V86_GP v86_sti, v86_sti, 0x2000
        V86_GP v86_pushf, v86_pushf, 0
        V86_GP v86_pushfd, v86_pushfd, 0
        V86_GP v86_popf, v86_popf.f, 0
        V86_GP v86_popfd, v86_popfd.f, 0
        V86_GP v86_int, v86_int, 0x2000
        V86_GP v86_iret, v86_iret.f, 0
        CHECK_EQ "SP at the IRET", [exc_esp], V86_SP - 6
        CASE "IOPL < 3: INT3 and INTO are not IOPL-sensitive (the gate's DPL decides)"
        TRY
        ENTER_V86 v86_int3, 0
        ENDTRY
        CHECK_V86_AT 13, 3*8 + 2, v86_int3
        SETIDT 3, stub_3, KCODE, 0xEE
        SETIDT 4, stub_4, KCODE, 0xEE
        TRY
        ENTER_V86 v86_int3, 0
        ENDTRY
        CHECK_V86_AT 3, 0, v86_int3.next
        TRY
        ENTER_V86 v86_into, 0
        ENDTRY
        CHECK_V86_AT 4, 0, v86_into.next
        RESTORE_IDT 3
        RESTORE_IDT 4
        CASE "IOPL 3: CLI/STI change IF, POPF keeps IOPL, IRET is real-mode style"
        TRY
        ENTER_V86 v86_iopl3, 0x3000
        ENDTRY
        CHECK_EQ "vector", [exc_vec], RING_RETURN_VEC
        CHECK_MASK "after CLI", [V_OUT], 0xFFFF, 0x3002
        CHECK_MASK "after STI", [V_OUT + 2], 0xFFFF, 0x3202
        CHECK_MASK "after POPF 0002h", [V_OUT + 4], 0xFFFF, 0x3002
        CHECK_MASK "after IRET", [V_OUT + 6], 0xFFFF, 0x3203
        CASE "HLT and privileged instructions are #GP(0) in V86 mode"
        V86_GP v86_lgdt, v86_lgdt, 0x3000
        V86_GP v86_movcr, v86_movcr, 0x3000
        V86_GP v86_clts, v86_clts, 0x3000
        V86_GP v86_lmsw, v86_lmsw, 0x3000
        V86_GP v86_int.next, v86_int.next, 0x3000
        CASE "LAR STR ARPL SLDT VERR are #UD in V86 mode"
        mov esi, ud_list
.ud:    mov eax, [esi]
        test eax, eax
        jz .udd
        mov [tmp + 60], esi
        TRY
        push dword 0
        push dword 0
        push dword V86_DS
        push dword V86_DS
        push dword V86_SS
        push dword V86_SP
        push dword EFL_VM | 0x3002
        mov eax, [esi]
        shr eax, 4
        push eax
        mov eax, [esi]
        and eax, 0xF
        push eax
        iretd
        ENDTRY
        mov esi, [tmp + 60]
        CHECK_EQ "vector for the instruction at [ESI]", [exc_vec], 6
        add esi, 4
        jmp .ud
.udd:
        CASE "64 KiB limits: a word at FFFFh is #GP(0), a push past SP=1 is #SS(0)"
        TRY
        ENTER_V86 v86_limit, 0x3000
        ENDTRY
        CHECK_V86_AT 13, 0, v86_limit.f
        TRY
        ENTER_V86 v86_stack, 0x3000
        ENDTRY
        CHECK_V86_AT 12, 0, v86_stack.f

; ---- I/O ------------------------------------------------------------------------------------
        CASE "V86 I/O follows the I/O bitmap whatever IOPL is"
        call tss0_reset
        TRY
        ENTER_V86 v86_io_80, 0
        ENDTRY
        CHECK_V86_AT 13, 0, v86_io_80.next             ; reached HLT: IN worked
        or byte [TSS0_BASE + TSS0_IOMAP + 0x80/8], 1
        TRY
        ENTER_V86 v86_io_80, 0x3000
        ENDTRY
        CHECK_V86_AT 13, 0, v86_io_80                  ; IOPL 3 does not help
        call tss0_reset

; ---- INT n through the IDT ------------------------------------------------------------------------
        CASE "INT n from V86 (IOPL 3): the gate's code must be DPL 0 non-conforming"
        SETIDT VEC_R, stub_0, R1CODE & ~3, 0x80 | ACC_DPL3 | T_INT32
        TRY
        ENTER_V86 v86_intr, 0x3000
        ENDTRY
        CHECK_V86_AT 13, R1CODE & 0xFFFC, v86_intr
        SETDESC SCR(1), 0, 0xFFFFF, ACC_CODE_CONF, FL_G | FL_DB
        SETIDT VEC_R, stub_0, SCR(1), 0x80 | ACC_DPL3 | T_INT32
        TRY
        ENTER_V86 v86_intr, 0x3000
        ENDTRY
        CHECK_V86_AT 13, SCR(1), v86_intr
        SETIDT VEC_R, stub_0, KCODE, 0x80 | T_INT32              ; DPL 0 gate
        TRY
        ENTER_V86 v86_intr, 0x3000
        ENDTRY
        CHECK_V86_AT 13, VEC_R*8 + 2, v86_intr
        SETIDT VEC_R, stub_0, KCODE, 0x80 | ACC_DPL3 | T_INT32
        TRY
        ENTER_V86 v86_intr, 0x3000
        ENDTRY
        CHECK_EQ "DPL 3 gate to KCODE: the handler ran (vector 0 stub)", [exc_vec], 0
        CHECK_EQ "its EIP: after INT", [exc_eip], LINOF(v86_intr.next) - (LINOF(v86_intr) & ~0xF)
        CHECK_MASK "IF cleared by the interrupt gate... frame keeps VM", [exc_efl], EFL_VM, EFL_VM
        RESTORE_IDT VEC_R
        CASE "an exception in V86 mode goes to ring 0 with the V86 frame"
        TRY
        ENTER_V86 v86_limit, 0
        ENDTRY
        CHECK_V86_AT 13, 0, v86_limit.f
        CHECK_EQ "frame: DS", [exc_v86_ds], V86_DS
        CHECK_EQ "handler: DS null", [exc_ds], 0
        CHECK_EQ "frame: SS", [exc_ss], V86_SS

; ---- entry by task switch ----------------------------------------------------------------------------
        CASE "a task switch to a TSS with EFLAGS.VM enters V86 mode"
        mov edi, TSSV_BASE
        xor eax, eax
        mov ecx, 0x68 / 4
        rep stosd
        mov dword [TSSV_BASE + 4], V_STACK0
        mov dword [TSSV_BASE + 8], KDATA
        mov dword [TSSV_BASE + 0x20], LINOF(v86_probe) & 0xF
        mov dword [TSSV_BASE + 0x24], EFL_VM | 0x3002
        mov dword [TSSV_BASE + 0x38], V86_SP
        mov dword [TSSV_BASE + 0x48], V86_DS            ; ES
        mov dword [TSSV_BASE + 0x4C], LINOF(v86_probe) >> 4
        mov dword [TSSV_BASE + 0x50], V86_SS
        mov dword [TSSV_BASE + 0x54], V86_DS
        mov dword [TSSV_BASE + 0x58], 0x1234            ; FS
        mov dword [TSSV_BASE + 0x5C], 0
        mov dword [TSSV_BASE + 0x60], LDT0_SEL
        mov word [TSSV_BASE + 0x66], 0x68
        SETDESC TSSV, TSSV_BASE, 0x67, 0x80 | T_TSS32, 0
        TRY
        jmp TSSV:0
        ENDTRY
        CHECK_EQ "vector", [exc_vec], RING_RETURN_VEC
        CHECK_MASK "CS in V86", [V_OUT], 0xFFFF, LINOF(v86_probe) >> 4
        CHECK_MASK "FS in V86", [V_OUT + 8], 0xFFFF, 0x1234
        CHECK_EQ "frame: FS", [exc_v86_fs], 0x1234
        CHECK_EQ "frame: EFLAGS", [exc_efl], EFL_VM | 0x3002
        CHECK_EQ "the ring-0 stack is the V86 task's ESP0", [exc_esp_now], V_STACK0 - 24
        and byte [GDT_BASE + TSS0_SEL + 5], ~2
        mov ax, TSS0_SEL
        ltr ax
        call tss0_reset

; ---- CR4.VME --------------------------------------------------------------------------------------------
        CASE "VME, IOPL 0: STI/CLI/POPF work on VIF; PUSHF shows VIF as IF, IOPL 3"
        test dword [cpu_features], 1 << 1
        jnz .vme
        SKIP "no VME"
        jmp .vmed
.vme:   mov eax, cr4
        or eax, 1
        mov cr4, eax
        TRY
        ENTER_V86 v86_vme_flags, 0
        ENDTRY
        CHECK_V86_AT 13, 0, v86_vme_flags.f
        CHECK_MASK "PUSHF after STI", [V_OUT], 0xFFFF, 0x3202
        CHECK_MASK "PUSHF after CLI", [V_OUT + 2], 0xFFFF, 0x3002
        CHECK_MASK "EFLAGS: VIF set by POPF, IF untouched, IOPL 0", [exc_efl], EFL_VIF | EFL_IF | EFL_IOPL, EFL_VIF
        CASE "VME: POPF with TF, STI or POPF with IF while VIP: #GP(0)"
        TRY
        ENTER_V86 v86_vme_popf_tf, 0
        ENDTRY
        CHECK_V86_AT 13, 0, v86_vme_popf_tf.f
        TRY
        ENTER_V86 v86_vme_sti_vip, EFL_VIP
        ENDTRY
        CHECK_V86_AT 13, 0, v86_vme_sti_vip.f
        TRY
        ENTER_V86 v86_vme_popf_vip, EFL_VIP
        ENDTRY
        CHECK_V86_AT 13, 0, v86_vme_popf_vip.f
        TRY
        ENTER_V86 v86_vme_iret_tf, 0
        ENDTRY
        CHECK_V86_AT 13, 0, v86_vme_iret_tf.f
        CASE "VME, IOPL 0: INT n with its redirection bit clear goes through the IVT"
        call tss0_reset
        mov edi, V_OUT
        mov ecx, 8
        xor eax, eax
        rep stosd
        TRY
        ENTER_V86 v86_vme_int, 0
        ENDTRY
        CHECK_V86_AT 13, 0, v86_vme_int.h              ; the final HLT
        CHECK_MASK "FLAGS pushed: IF = VIF, IOPL 3", [V_OUT], 0xFFFF, 0x3202
        CHECK_MASK "IP pushed", [V_OUT + 2], 0xFFFF, LINOF(v86_vme_int.back) - (LINOF(v86_vme_int) & ~0xF)
        CHECK_MASK "CS pushed", [V_OUT + 4], 0xFFFF, LINOF(v86_vme_int) >> 4
        CHECK_MASK "FLAGS in the handler: VIF clear", [V_OUT + 6], 0xFFFF, 0x3002
        CHECK_MASK "FLAGS after IRET: VIF back", [V_OUT + 8], 0xFFFF, 0x3202
        CASE "VME: with the redirection bit set, INT n is #GP(0) (IOPL 0) or the IDT (IOPL 3)"
        or byte [TSS0_BASE + TSS0_IRB + VEC_R/8], 1 << (VEC_R & 7)
        TRY
        ENTER_V86 v86_intr, 0
        ENDTRY
        CHECK_V86_AT 13, 0, v86_intr
        SETIDT VEC_R, stub_0, KCODE, 0x80 | ACC_DPL3 | T_INT32
        TRY
        ENTER_V86 v86_intr, 0x3000
        ENDTRY
        CHECK_EQ "IOPL 3: the IDT handler", [exc_vec], 0
        call tss0_reset
        TRY
        ENTER_V86 v86_intr, 0x3000
        ENDTRY
        CHECK_V86_AT 13, 0, v86_intr.next              ; redirected: IVT, IRET, HLT
        RESTORE_IDT VEC_R
        CASE "VME, IOPL 3: a redirected INT n clears IF and pushes the real IF"
        mov edi, V_OUT
        mov ecx, 8
        xor eax, eax
        rep stosd
        TRY
        ENTER_V86 v86_vme_int, 0x3000
        ENDTRY
        CHECK_MASK "FLAGS pushed", [V_OUT], 0xFFFF, 0x3202
        CHECK_MASK "FLAGS in the handler: IF clear", [V_OUT + 6], 0xFFFF, 0x3002
        CHECK_MASK "FLAGS after IRET", [V_OUT + 8], 0xFFFF, 0x3202
        mov eax, cr4
        and eax, ~1
        mov cr4, eax
.vmed:

; ---- CR4.PVI ---------------------------------------------------------------------------------------------
        CASE "PVI: CLI/STI at CPL 3, IOPL 0 change VIF; STI with VIP is #GP(0)"
        test dword [cpu_features], 1 << 1
        jnz .pvi
        SKIP "no VME/PVI"
        jmp .pvid
.pvi:   mov eax, cr4
        or eax, 2
        mov cr4, eax
        TRY
        TO_RING 3
        sti
        pushfd
        pop dword [ss:tmp]
        cli
        pushfd
        pop dword [ss:tmp + 4]
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_EQ "after STI: VIF", [tmp], EFL_VIF | 2
        CHECK_EQ "after CLI", [tmp + 4], 2
        TRY
        push dword UDATA
        push dword R3_STACK_TOP
        push dword EFL_VIP | 2
        push dword UCODE
        push dword .pv1
        iretd
.pv1:   sti
        int RING_RETURN_VEC
        ENDTRY
        CHECK_FAULT_AT 13, 0, .pv1
        TRY
        TO_RING 1
.pv2:   cli                             ; PVI covers CPL 3 only
        int RING_RETURN_VEC
        ENDTRY
        CHECK_FAULT_AT 13, 0, .pv2
        mov eax, cr4
        and eax, ~2
        mov cr4, eax
.pvid:
        RESTORE_IDT RING_RETURN_VEC
        SETIDT RING_RETURN_VEC, stub_48, KCODE, 0xEE
        ret

ud_list:
        dd LINOF(v86_lar), LINOF(v86_str), LINOF(v86_arpl), LINOF(v86_sldt), LINOF(v86_verr), 0

%include "tail.inc"
