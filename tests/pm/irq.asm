; ---------------------------------------------------------------------------
; tests/pm/irq.asm: external interrupts in protected and V86 mode (SDM Vol. 3,
; 6.3-6.8, 6.12-6.13, 20.3; Vol. 2 STI, POPF, HLT): the 8259A reprogrammed to
; vectors 20h-2Fh and the 8254 ticking, an IRQ waking HLT, STI's one-
; instruction shadow (and POPF's lack of one), IF=0 holding an IRQ pending,
; delivery from ring 3 and from V86 mode through a DPL 0 gate (no DPL check
; for hardware interrupts), the EXT bit when the delivery faults, and RF
; pushed by an IRQ between the iterations of a REP string instruction.
; ---------------------------------------------------------------------------
%define TEST_NAME "irq"
%include "harness.inc"

IRQ0_VEC   equ 0x20

        absolute TVARS
irq_count:  resd 1
irq_eip:    resd 1
irq_cs:     resd 1
irq_efl:    resd 1
irq_seen:   resd 1                  ; [tmp] when the handler ran
        section payload

; irq_handler: record the frame, mask IRQ0 again, EOI, return
irq_handler:
        push eax
        inc dword [irq_count]
        mov eax, [esp + 4]
        mov [irq_eip], eax
        mov eax, [esp + 8]
        mov [irq_cs], eax
        mov eax, [esp + 12]
        mov [irq_efl], eax
        mov eax, [tmp]
        mov [irq_seen], eax
        mov al, 0xFF
        out 0x21, al
        mov al, 0x20
        out 0x20, al
        pop eax
        iretd

; pic_init: 8259A pair at vectors 20h/28h, all masked; PIT channel 0 in
; mode 2 with divisor 1000h (about 291 Hz)
pic_init:
        mov al, 0x11
        out 0x20, al
        out 0xA0, al
        mov al, 0x20
        out 0x21, al
        mov al, 0x28
        out 0xA1, al
        mov al, 4
        out 0x21, al
        mov al, 2
        out 0xA1, al
        mov al, 1
        out 0x21, al
        out 0xA1, al
        mov al, 0xFF
        out 0x21, al
        out 0xA1, al
        mov al, 0x34
        out 0x43, al
        xor al, al
        out 0x40, al
        mov al, 0x10
        out 0x40, al
        ret

; irq0_pending: unmask IRQ0 and wait (IF = 0) until the PIC holds it
; pending in its IRR
irq0_pending:
        push eax
        push ecx
        mov al, 0xFE
        out 0x21, al
        mov ecx, 10000000
.w:     mov al, 0x0A                    ; OCW3: read the IRR
        out 0x20, al
        in al, 0x20
        test al, 1
        jnz .d
        loop .w
.d:     pop ecx
        pop eax
        ret

; eoi_mask: mask everything and end any IRQ in service
eoi_mask:
        push eax
        mov al, 0xFF
        out 0x21, al
        mov al, 0x20
        out 0x20, al
        pop eax
        ret

        bits 16
v86_spin:
        jmp v86_spin
        bits 32

; a 16-bit IRQ handler in SCR(0): note IP and CS as pushed, then return to
; the instruction after the HLT through a 32-bit far jump (the 16-bit IRET
; could only reach an IP below 64 KiB)
irq16:
        push eax
        inc dword [irq_count]
        mov eax, [esp + 4]              ; IP, CS as two words
        mov [irq_eip], eax
        mov al, 0xFF
        out 0x21, al
        mov al, 0x20
        out 0x20, al
        pop eax
        add esp, 6                      ; drop the 16-bit frame
        jmp KCODE:test_main.i1

test_main:
        call pic_init

        CASE "an IRQ wakes HLT; the frame's EIP is the instruction after HLT"
        SETIDT IRQ0_VEC, irq_handler, KCODE, 0x8E
        mov dword [irq_count], 0
        mov al, 0xFE
        out 0x21, al
        sti
        hlt
.h1:    cli
        CHECK_EQ "IRQs taken", [irq_count], 1
        CHECK_EQ "EIP pushed", [irq_eip], .h1
        CHECK_MASK "CS pushed", [irq_cs], 0xFFFF, KCODE
        CHECK_MASK "IF in the pushed EFLAGS", [irq_efl], EFL_IF, EFL_IF

        CASE "IF=0 keeps an IRQ pending; STI lets one more instruction run first"
        mov dword [irq_count], 0
        call irq0_pending
        nop
        nop
        CHECK_EQ "nothing taken while IF=0", [irq_count], 0
        mov dword [tmp], 0
        sti
        mov dword [tmp], 1              ; the STI shadow: runs before the IRQ
.s1:    mov dword [tmp], 2
        cli
        CHECK_EQ "IRQs taken", [irq_count], 1
        CHECK_EQ "EIP pushed: after the shadowed instruction", [irq_eip], .s1
        CHECK_EQ "what the handler saw", [irq_seen], 1

        CASE "POPF setting IF has no shadow: the IRQ comes right after it"
        mov dword [irq_count], 0
        call irq0_pending
        mov dword [tmp], 0
        pushfd
        or dword [esp], EFL_IF
        popfd
.p1:    mov dword [tmp], 1
        cli
        CHECK_EQ "IRQs taken", [irq_count], 1
        CHECK_EQ "EIP pushed: right after POPF", [irq_eip], .p1
        CHECK_EQ "what the handler saw", [irq_seen], 0

        CASE "an IRQ at ring 3 through a DPL 0 gate: no DPL check, stack switch"
        RESTORE_IDT IRQ0_VEC
        call irq0_pending
        TRY
        push dword UDATA
        push dword R3_STACK_TOP
        push dword 0x202
        push dword UCODE
        push dword .r1
        iretd
.r1:    jmp .r1
        ENDTRY
        call eoi_mask
        CHECK_EQ "vector", [exc_vec], IRQ0_VEC
        CHECK_EQ "CS", [exc_cs], UCODE
        CHECK_EQ "SS pushed", [exc_ss], UDATA
        CHECK_EQ "ESP pushed", [exc_esp], R3_STACK_TOP
        CHECK_EQ "handler stack", [exc_esp_now], R0_STACK_TOP - 8

        CASE "an IRQ in V86 mode: ring 0 with the V86 frame"
        call irq0_pending
        TRY
        push dword 0
        push dword 0
        push dword 0x1234
        push dword 0x2345
        push dword 0x7000
        push dword 0xFFF0
        push dword EFL_VM | 0x202
        push dword (v86_spin - payload_start + PAYLOAD_BASE) >> 4
        push dword (v86_spin - payload_start + PAYLOAD_BASE) & 0xF
        iretd
        ENDTRY
        call eoi_mask
        CHECK_EQ "vector", [exc_vec], IRQ0_VEC
        CHECK_MASK "EFLAGS.VM", [exc_efl], EFL_VM, EFL_VM
        CHECK_EQ "frame: DS", [exc_v86_ds], 0x1234
        CHECK_EQ "frame: ES", [exc_v86_es], 0x2345
        CHECK_EQ "handler: DS null", [exc_ds], 0

        CASE "CR4.VME with IOPL 0 and VIF clear: an IRQ still goes to the IDT"
        test dword [cpu_features], 1 << 1
        jnz .vme
        SKIP "no VME"
        jmp .vmed
.vme:   mov eax, cr4
        or eax, 1
        mov cr4, eax
        call irq0_pending
        TRY
        push dword 0
        push dword 0
        push dword 0
        push dword 0
        push dword 0x7000
        push dword 0xFFF0
        push dword EFL_VM | 0x202       ; IF set, VIF clear
        push dword (v86_spin - payload_start + PAYLOAD_BASE) >> 4
        push dword (v86_spin - payload_start + PAYLOAD_BASE) & 0xF
        iretd
        ENDTRY
        call eoi_mask
        mov eax, cr4
        and eax, ~1
        mov cr4, eax
        CHECK_EQ "vector", [exc_vec], IRQ0_VEC
        CHECK_MASK "EFLAGS.VM", [exc_efl], EFL_VM, EFL_VM
.vmed:
        CASE "an IRQ whose gate is not present: #NP(vector*8+2+EXT)"
        SETIDT IRQ0_VEC, stub_32, KCODE, 0x0E
        call irq0_pending
        TRY
        sti
        nop
.n1:    nop
        ENDTRY
        call eoi_mask
        RESTORE_IDT IRQ0_VEC
        CHECK_FAULT_AT 11, IRQ0_VEC*8 + 2 + 1, .n1
        CASE "an IRQ whose gate's code segment is bad: #GP(sel+EXT)"
        SETIDT IRQ0_VEC, 0, KDATA, 0x8E
        call irq0_pending
        TRY
        sti
        nop
.n2:    nop
        ENDTRY
        call eoi_mask
        RESTORE_IDT IRQ0_VEC
        CHECK_FAULT_AT 13, KDATA | 1, .n2
        CASE "an IRQ with a 16-bit interrupt gate pushes a 16-bit frame"
        SETDESC SCR(0), PAYLOAD_BASE, 0xFFFFF, ACC_CODE_XR, FL_DB
        SETIDT IRQ0_VEC, irq16 - payload_start, SCR(0), 0x80 | T_INT16
        mov dword [irq_count], 0
        mov al, 0xFE
        out 0x21, al
        sti
        hlt
.i1:    cli
        RESTORE_IDT IRQ0_VEC
        CHECK_EQ "IRQs taken", [irq_count], 1
        CHECK_EQ "IP, CS pushed", [irq_eip], (KCODE << 16) | ((.i1 - payload_start + PAYLOAD_BASE) & 0xFFFF)
        CASE "an IRQ between iterations of REP LODSB: EIP at the instruction, RF=1 pushed"
        SETIDT IRQ0_VEC, irq_handler, KCODE, 0x8E
        mov dword [irq_count], 0
        mov al, 0x34                    ; PIT: divisor 10h, a tick every ~13 us
        out 0x43, al
        mov al, 0x10
        out 0x40, al
        xor al, al
        out 0x40, al
        mov esi, DATA_AREA
        mov ecx, 0x400000               ; 4 Mi iterations: long enough to be interrupted
        cld
        mov al, 0xFE
        out 0x21, al
        sti
        nop
.rp:    rep lodsb
        cli
        CHECK_EQ "IRQs taken", [irq_count], 1
        CHECK_EQ "EIP pushed: the REP LODSB", [irq_eip], .rp
        CHECK_MASK "RF in the pushed EFLAGS", [irq_efl], EFL_RF, EFL_RF
        CHECK_EQ "the REP finished after the IRET: ECX", ecx, 0
        CHECK_EQ "ESI", esi, DATA_AREA + 0x400000
        ; reset the PIT to the BIOS's rate and the PIC as the harness had it
        mov al, 0x34
        out 0x43, al
        xor al, al
        out 0x40, al
        out 0x40, al
        ret

%include "tail.inc"
