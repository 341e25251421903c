; tests/vga/reset.asm: a boot sector for the reset tests (tests/vga/reset.sh,
; tests/unit/test_machine_reset.c).  On its first boot it sets VBE mode
; 4112h (640x480x24, linear) with INT 10h AX=4F02h, prints "VBE SET" on
; port E9h, leaves a marker at 110000h (RAM survives a reset), waits half a
; second and resets the CPU with a triple fault.  CMOS byte 50h chooses the
; kind of reset: 0 one that runs POST again (shutdown code 0); 1 one the
; BIOS resumes from (shutdown code 0Ah: jump through 40:67), after which
; it prints "RESUMED" and "VBE KEPT" or "VBE LOST".  Booted again with the
; marker present it prints "SECOND BOOT" on port E9h and on the screen
; (INT 10h AH=0Eh) and halts.

        bits 16
        cpu 386
        org 0x7c00

MARKER  equ 0x110000

start:
        cli
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7c00
        sti
        call unreal
        cmp dword [fs:dword MARKER], 'RSET'
        je second
        mov dword [fs:dword MARKER], 'RSET'
        mov ax, 0x4f02
        mov bx, 0x4112
        int 0x10
        cmp ax, 0x004f
        jne .bad
        mov si, msg_vbe
        call e9
        mov al, 0x50                        ; which reset
        out 0x70, al
        in al, 0x71
        cmp al, 1
        jne .wait
        mov al, 0x0f                        ; shutdown code 0Ah: resume at 40:67
        out 0x70, al
        mov al, 0x0a
        out 0x71, al
        mov word [0x467], resumed
        mov word [0x469], 0
.wait:  mov bx, [0x46c]                     ; half a second of timer ticks
.tick:  hlt
        mov ax, [0x46c]
        sub ax, bx
        cmp ax, 9
        jb .tick
        cli
        lidt [null_idt]                     ; INT 3 finds no vector: #GP, #DF,
        int 3                               ; then shutdown (a triple fault)
.bad:   mov si, msg_bad
        call e9
.halt:  cli
        hlt
        jmp .halt

; After a shutdown-code reset: the BIOS jumped here (registers, stack and
; interrupts are ours to set up again).
resumed:
        cli
        xor ax, ax
        mov ds, ax
        mov ss, ax
        mov sp, 0x7c00
        lidt [rm_idt]
        sti
        mov si, msg_resumed
        call e9
        mov dx, 0x1ce                       ; DISPI ENABLE
        mov ax, 4
        out dx, ax
        inc dx
        in ax, dx
        mov si, msg_kept
        test al, 1
        jnz .out
        mov si, msg_lost
.out:   call e9
        jmp start.halt

second:
        mov dword [fs:dword MARKER], 0
        mov si, msg_second
        call e9
        mov si, msg_second
.tty:   lodsb
        cmp al, 10
        je .done
        mov ah, 0x0e
        mov bx, 0x0007
        int 0x10
        jmp .tty
.done:  jmp start.halt

e9:     lodsb
        test al, al
        jz .done
        out 0xe9, al
        jmp e9
.done:  ret

; FS: base 0, 4 GiB limit, for the marker above 1 MiB.
unreal:
        cli
        in al, 0x92
        or al, 2
        out 0x92, al
        lgdt [gdtr]
        mov eax, cr0
        or al, 1
        mov cr0, eax
        jmp .pm
.pm:    mov bx, 0x08
        mov fs, bx
        and al, 0xfe
        mov cr0, eax
        jmp 0:.rm
.rm:    xor ax, ax
        mov fs, ax
        sti
        ret

gdt:    dq 0
        dw 0xffff, 0, 0x9200, 0x00cf
gdtr:   dw 15
        dd gdt
null_idt: dw 0
        dd 0
rm_idt: dw 0x3ff
        dd 0

msg_vbe:     db "VBE SET", 10, 0
msg_bad:     db "VBE FAILED", 10, 0
msg_resumed: db "RESUMED", 10, 0
msg_kept:    db "VBE KEPT", 10, 0
msg_lost:    db "VBE LOST", 10, 0
msg_second:  db "SECOND BOOT", 10, 0

        times 510 - ($ - $$) db 0
        dw 0xaa55
