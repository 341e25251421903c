; demo/demo.asm: the disk `vireo` boots when it is given none.
; A floppy boot sector that loads the rest of the program and shows the
; machine at work: text output through the BIOS, the timer ticking, keyboard
; echo, and a round trip into 32-bit protected mode and back to real mode.
; It ends by powering the machine off through port 8900h ("Shutdown"), so
; a headless run exits by itself with status 0.  Progress lines also go to
; the debug console (port E9h) for the tests.

        bits 16
        org 0x7c00

PROGRAM_SECTORS equ 8

start:
        cli
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7c00
        sti
        mov [boot_drive], dl
        mov ax, 0x0200 | PROGRAM_SECTORS    ; read the program after the boot sector
        mov cx, 0x0002
        xor dh, dh
        mov bx, 0x7e00
        int 0x13
        jc .fail
        jmp main
.fail:  mov si, msg_disk
        call print
.halt:  hlt
        jmp .halt

; print the NUL-terminated string at DS:SI on the screen and port E9h
print:  push ax
        push bx
.next:  lodsb
        test al, al
        jz .done
        out 0xe9, al
        mov ah, 0x0e
        xor bx, bx
        mov bl, 0x07
        int 0x10
        jmp .next
.done:  pop bx
        pop ax
        ret

msg_disk:   db "demo: disk read error", 13, 10, 0
boot_drive: db 0

        times 510 - ($ - $$) db 0
        dw 0xaa55

; ---------------------------------------------------------------------------
main:
        mov ax, 0x0003                      ; 80x25 colour text
        int 0x10
        mov si, msg_banner
        call print

        ; -- the timer: show the BIOS tick count advancing for two seconds
        mov si, msg_timer
        call print
        mov ah, 0x00
        int 0x1a                            ; CX:DX = ticks since midnight
        mov [t0], dx
.tick:  mov ah, 0x00
        int 0x1a
        mov ax, dx
        sub ax, [t0]
        cmp ax, [last_shown]
        je .tick
        mov [last_shown], ax
        call show_ticks
        cmp ax, 36                          ; about two seconds at 18.2 Hz
        jb .tick
        mov si, msg_crlf
        call print

        ; -- keyboard echo for up to five seconds (Enter ends it early)
        mov si, msg_keys
        call print
        mov ah, 0x00
        int 0x1a
        mov [t0], dx
.key:   mov ah, 0x01
        int 0x16
        jz .nokey
        mov ah, 0x00
        int 0x16
        cmp al, 13
        je .keys_done
        test al, al
        jz .key
        mov [one_char], al
        mov si, one_char
        call print
        jmp .key
.nokey: hlt                                 ; wait for the next interrupt
        mov ah, 0x00
        int 0x1a
        sub dx, [t0]
        cmp dx, 91                          ; five seconds
        jb .key
.keys_done:
        mov si, msg_crlf
        call print

        ; -- protected mode and back
        mov si, msg_pm
        call print
        call pm_round_trip
        mov si, msg_back
        call print
        mov eax, [pm_result]
        call print_hex32
        mov si, msg_crlf
        call print

        mov si, msg_done
        call print
        mov dx, 0x8900                      ; Bochs/Vireo power-off port
        mov si, shutdown_word
.off:   lodsb
        test al, al
        jz .stuck
        out dx, al
        jmp .off
.stuck: hlt
        jmp .stuck

; show AX ticks as decimal at the cursor's line start
show_ticks:
        pusha
        mov si, ax                          ; AH=03h returns the cursor shape in CX
        mov ah, 0x03                        ; cursor position -> DX
        xor bh, bh
        int 0x10
        mov ah, 0x02
        mov dl, 18                          ; column after "Timer ticks: "
        int 0x10
        mov ax, si
        mov bx, 10
        xor cx, cx
.div:   xor dx, dx
        div bx
        push dx
        inc cx
        test ax, ax
        jnz .div
.out:   pop ax
        add al, '0'
        mov ah, 0x0e
        mov bx, 0x0007
        int 0x10
        loop .out
        popa
        ret

; print EAX as eight hex digits
print_hex32:
        pushad
        mov cx, 8
.digit: rol eax, 4
        push eax
        and al, 0x0f
        add al, '0'
        cmp al, '9'
        jbe .ok
        add al, 7
.ok:    mov [one_char], al
        mov si, one_char
        call print
        pop eax
        loop .digit
        popad
        ret

; Enter 32-bit protected mode with flat segments, sum 1..1000 with 32-bit
; code, write a line straight into video memory, and return to real mode.
pm_round_trip:
        cli
        lgdt [gdt_ptr]
        mov eax, cr0
        or al, 1
        mov cr0, eax
        jmp 0x08:.pm32
        bits 32
.pm32:  mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax
        xor eax, eax
        mov ecx, 1000
.sum:   add eax, ecx
        loop .sum
        mov [pm_result], eax
        mov esi, msg_pm_screen
        mov edi, 0xb8000 + 160 * 24         ; the bottom line
        mov ah, 0x1f
.put:   lodsb
        test al, al
        jz .left
        stosw
        jmp .put
.left:  jmp 0x18:.pm16                      ; 16-bit code segment, then real mode
        bits 16
.pm16:  mov ax, 0x20
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov eax, cr0
        and al, 0xfe
        mov cr0, eax
        jmp 0x0000:.real
.real:  xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        sti
        ret

        align 8
gdt:    dq 0
        dq 0x00cf9a000000ffff               ; 08h: 32-bit code, base 0, 4 GiB
        dq 0x00cf92000000ffff               ; 10h: data, base 0, 4 GiB
        dq 0x00009a000000ffff               ; 18h: 16-bit code, base 0, 64 KiB
        dq 0x000092000000ffff               ; 20h: 16-bit data, base 0, 64 KiB
gdt_end:
gdt_ptr: dw gdt_end - gdt - 1
         dd gdt

msg_banner:     db "Vireo demo: a PC emulated by Vireo, booted from its own demo disk.", 13, 10, 13, 10, 0
msg_timer:      db "Timer ticks:      ", 0
msg_keys:       db "Type something (Enter ends, or wait 5 s): ", 0
msg_pm:         db "Switching to 32-bit protected mode and back...", 13, 10, 0
msg_pm_screen:  db " Hello from 32-bit protected mode (written straight to video memory) ", 0
msg_back:       db "Back in real mode. Sum of 1..1000 computed in protected mode: 0x", 0
msg_done:       db 13, 10, "VIREO DEMO OK", 13, 10, 0
msg_crlf:       db 13, 10, 0
shutdown_word:  db "Shutdown", 0
one_char:       db 0, 0
t0:             dw 0
last_shown:     dw 0xffff
pm_result:      dd 0

        times (PROGRAM_SECTORS + 1) * 512 - ($ - $$) db 0
