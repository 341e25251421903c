; tests/frontend/window_guest.asm: the guest of tests/frontend/test_window.c.
; A boot floppy that draws a known picture in mode 13h, installs a PS/2
; mouse handler (INT 15h C2xx) and then reports every key it reads (INT 16h
; AH=10h) and every mouse packet on the debug console (port E9h):
;   "G13"            the mode 13h picture is drawn
;   "K:hhhh"         a key: AH (scan code) and AL (character), in hex
;   "M:ss,xx,yy"     a mouse packet: status, X, Y bytes
;   "GTX"            after key 't': 80x25 text with coloured lines is shown
;   "BEEP"           after key 'b': the speaker plays 1 kHz (PIT channel 2)
;   "QUIET"          after key 'n': the speaker is off
; Key 'g' redraws mode 13h; key 'q' powers off through port 8900h.

        bits 16
        org 0x7c00

SECTORS equ 4

start:
        cli
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7c00
        sti
        mov ax, 0x0200 | SECTORS            ; the rest of the program
        mov cx, 0x0002
        xor dh, dh
        mov bx, 0x7e00
        int 0x13
        jc .fail
        jmp main
.fail:  mov si, msg_fail
        call print_e9
.halt:  hlt
        jmp .halt

; the NUL-terminated string at DS:SI to port E9h
print_e9:
        push ax
.next:  lodsb
        test al, al
        jz .done
        out 0xe9, al
        jmp .next
.done:  pop ax
        ret

msg_fail: db "FAIL disk", 10, 0

        times 510 - ($ - $$) db 0
        dw 0xaa55

; ---------------------------------------------------------------------------
main:
        call draw13
        ; the mouse: 3-byte packets, our handler, enabled
        mov ax, 0xc205
        mov bh, 3
        int 0x15
        mov ax, 0xc207
        push cs
        pop es
        mov bx, mouse_handler
        int 0x15
        mov ax, 0xc200
        mov bh, 1
        int 0x15
        jnc .mouse_ok
        mov si, msg_nomouse
        call print_e9
.mouse_ok:

keyloop:
        mov ah, 0x10
        int 0x16
        push ax
        mov si, msg_key
        call print_e9
        mov al, ah
        call hex8
        pop ax
        push ax
        call hex8
        mov al, 10
        out 0xe9, al
        pop ax
        cmp al, 't'
        je do_text
        cmp al, 'g'
        je do_gfx
        cmp al, 'b'
        je do_beep
        cmp al, 'n'
        je do_quiet
        cmp al, 'q'
        je do_quit
        jmp keyloop

do_gfx: call draw13
        jmp keyloop

do_text:
        mov ax, 0x0003
        int 0x10
        mov ax, 0xb800
        mov es, ax
        xor di, di
        mov si, text_line
        xor bx, bx                          ; row
.row:   push si
        mov ah, bl
        and ah, 0x0f
        add ah, 0x10                        ; blue background, colour by row
        test ah, 0x0f
        jnz .col
        or ah, 0x0e
.col:   lodsb
        test al, al
        jz .rowend
        stosw
        jmp .col
.rowend:
        pop si
        mov di, bx
        inc di
        imul di, di, 160
        inc bx
        cmp bx, 25
        jb .row
        mov ah, 0x02                        ; cursor at row 24, column 10
        xor bh, bh
        mov dx, 0x180a
        int 0x10
        mov si, msg_text
        call print_e9
        jmp keyloop

do_beep:
        mov al, 0xb6                        ; counter 2, lobyte/hibyte, mode 3
        out 0x43, al
        mov ax, 1193                        ; 1 kHz
        out 0x42, al
        mov al, ah
        out 0x42, al
        in al, 0x61
        or al, 0x03
        out 0x61, al
        mov si, msg_beep
        call print_e9
        jmp keyloop

do_quiet:
        in al, 0x61
        and al, 0xfc
        out 0x61, al
        mov si, msg_quiet
        call print_e9
        jmp keyloop

do_quit:
        mov dx, 0x8900
        mov si, shutdown_word
.sd:    lodsb
        test al, al
        jz .hang
        out dx, al
        jmp .sd
.hang:  cli
        hlt
        jmp .hang

; mode 13h: 16x8 blocks of colours 0-127 (20x25 pixels each), a white
; diagonal and a frame in colour 15.
draw13:
        mov ax, 0x0013
        int 0x10
        push es
        mov ax, 0xa000
        mov es, ax
        xor di, di
        xor dx, dx                          ; y
.y:     xor cx, cx                          ; x
.x:     mov ax, dx
        push dx
        xor dx, dx
        mov bx, 25
        div bx                              ; ax = y / 25
        shl ax, 4
        mov bx, ax
        mov ax, cx
        xor dx, dx
        push bx
        mov bx, 20
        div bx                              ; ax = x / 20
        pop bx
        add ax, bx
        pop dx
        cmp cx, dx                          ; the diagonal x == y
        jne .nd
        mov al, 15
.nd:    test cx, cx
        jz .edge
        cmp cx, 319
        je .edge
        test dx, dx
        jz .edge
        cmp dx, 199
        jne .put
.edge:  mov al, 15
.put:   stosb
        inc cx
        cmp cx, 320
        jb .x
        inc dx
        cmp dx, 200
        jb .y
        pop es
        mov si, msg_g13
        call print_e9
        ret

; AL in two hex digits to port E9h
hex8:   push ax
        shr al, 4
        call .digit
        pop ax
        and al, 0x0f
.digit: add al, '0'
        cmp al, '9'
        jbe .out
        add al, 'A' - '0' - 10
.out:   out 0xe9, al
        ret

; INT 15h C207h handler: far call with status, X, Y, 0 on the stack
mouse_handler:
        push bp
        mov bp, sp
        push ax
        push si
        push ds
        xor ax, ax
        mov ds, ax
        mov si, msg_mouse
        call print_e9
        mov al, [bp + 12]
        call hex8
        mov al, ','
        out 0xe9, al
        mov al, [bp + 10]
        call hex8
        mov al, ','
        out 0xe9, al
        mov al, [bp + 8]
        call hex8
        mov al, 10
        out 0xe9, al
        pop ds
        pop si
        pop ax
        pop bp
        retf

msg_g13:     db "G13", 10, 0
msg_key:     db "K:", 0
msg_mouse:   db "M:", 0
msg_text:    db "GTX", 10, 0
msg_beep:    db "BEEP", 10, 0
msg_quiet:   db "QUIET", 10, 0
msg_nomouse: db "NOMOUSE", 10, 0
shutdown_word: db "Shutdown", 0
text_line:   db "Vireo window test: the quick brown fox jumps over the lazy dog 0123456789 !?", 0

        times 512 * (SECTORS + 1) - ($ - $$) db 0
