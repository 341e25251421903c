; tests/vga/vbe.asm: a boot floppy that drives the display through INT 10h
; AH=4Fh (VBE 2.0) only, as a VBE program does, for the golden screenshots
; of tests/vga/vbe.sh.  It asks for the controller information ("VBE2"),
; finds 800x600x16, 1024x768x32 and 640x480x8 by walking the mode list with
; 4F01h, checks the fields it relies on, and in each mode draws a known
; picture: the two direct-colour modes through the linear framebuffer at
; PhysBasePtr (pixels packed from the mask sizes and positions 4F01h
; gives), the 256-colour mode through the 64 KiB window at A0000h moved
; with 4F05h, after an 8-bit DAC (4F08h) and a palette (4F09h).  Checks
; print "PASS ..." or "FAIL ..." on port E9h; each picture prints
; "STEP nn name" and waits for a key, for the screenshot.  At the end 4F02h
; returns to text mode 3, "DONE" is printed and the machine powers off.
;
; The pictures, for x, y over W x H: red = x*255/(W-1), green =
; y*255/(H-1), blue = 17 * ((x*16/W + y*16/H) mod 16), a white frame and
; diagonal y = x*H/W.  In 256 colours: index x*16/W + 16*(y*16/H), 255 on
; the frame and diagonal, with palette entry i = (red 17 * (i mod 16),
; green 17 * (i / 16), blue i) in the 8-bit DAC.

        bits 16
        cpu 686
        org 0x7c00

SECTORS equ 8
INFO    equ 0x1000                      ; VbeInfoBlock, 512 bytes
MINFO   equ 0x1400                      ; ModeInfoBlock, 256 bytes
PAL     equ 0x1800                      ; 256 palette entries

%include "boot.inc"

; ---------------------------------------------------------------------------
main:
        call unreal
        call controller
        mov si, want_16
        call find_mode
        mov si, want_32
        call find_mode
        mov si, want_8
        call find_mode
        xor bp, bp                          ; step number
        mov si, want_16
        call lfb_step
        mov si, want_32
        call lfb_step
        mov si, want_8
        call banked_step
        mov bx, 0x0003                      ; a VGA mode through 4F02h
        mov ax, 0x4f02
        int 0x10
        cmp ax, 0x004f
        je .text
        mov si, msg_text_fail
        call print_e9
.text:  jmp power_off

; ---------------------------------------------------------------------------
; 4F00h with "VBE2": signature, version, memory.

controller:
        mov dword [INFO], 'VBE2'
        mov di, INFO
        mov ax, 0x4f00
        int 0x10
        cmp ax, 0x004f
        jne .bad
        cmp dword [INFO], 'VESA'
        jne .bad
        cmp word [INFO + 4], 0x0200
        jb .bad
        cmp word [INFO + 18], 64            ; 4 MiB at least: 1024x768x32 fits
        jb .bad
        clc
        jmp .out
.bad:   stc
.out:   mov si, msg_controller
        jmp report

; ---------------------------------------------------------------------------
; A wanted mode.  Legend: width, height, bits per pixel, memory model, the
; mode found (0: none), bytes per scan line, PhysBasePtr, granularity
; (KiB), mask sizes and positions (red, green, blue), name for the step.
W_X     equ 0
W_Y     equ 2
W_BPP   equ 4
W_MODEL equ 5
W_MODE  equ 6
W_PITCH equ 8
W_LFB   equ 10
W_GRAN  equ 14
W_MASKS equ 16                              ; 6 bytes: size, position x 3
W_NAME  equ 22

%macro WANT 5
        dw %1, %2
        db %3, %4
        dw 0, 0
        dd 0
        dw 0
        times 6 db 0
        db %5, 0
%endmacro
want_16: WANT 800, 600, 16, 6, "v-800x600x16-lfb"
want_32: WANT 1024, 768, 32, 6, "v-1024x768x32-lfb"
want_8:  WANT 640, 480, 8, 4, "v-640x480x8-banked"

; find_mode: SI = want.  Walks the mode list with 4F01h; records the mode
; and its fields; reports.
find_mode:
        push si
        les di, [INFO + 14]                 ; the mode list
.next:  mov cx, [es:di]
        cmp cx, 0xffff
        je .none
        add di, 2
        push es
        push di
        push cx
        xor ax, ax
        mov es, ax
        mov di, MINFO
        mov ax, 0x4f01
        int 0x10
        pop cx
        pop di
        pop es
        cmp ax, 0x004f
        jne .next
        mov ax, [MINFO + 18]
        cmp ax, [si + W_X]
        jne .next
        mov ax, [MINFO + 20]
        cmp ax, [si + W_Y]
        jne .next
        mov al, [MINFO + 25]
        cmp al, [si + W_BPP]
        jne .next
        mov al, [MINFO + 27]
        cmp al, [si + W_MODEL]
        jne .next
        xor ax, ax
        mov es, ax
        mov [si + W_MODE], cx
        ; Supported, colour, graphics, and a linear framebuffer.
        mov ax, [MINFO]
        and ax, 0x0099
        cmp ax, 0x0099
        jne .bad
        mov ax, [MINFO + 16]
        mov [si + W_PITCH], ax
        mov eax, [MINFO + 40]
        mov [si + W_LFB], eax
        test eax, eax
        jz .bad
        mov ax, [MINFO + 4]
        mov [si + W_GRAN], ax
        test ax, ax
        jz .bad
        cmp word [MINFO + 8], 0xa000        ; window A at A0000h, writable
        jne .bad
        mov al, [MINFO + 2]
        and al, 0x05
        cmp al, 0x05
        jne .bad
        mov eax, [MINFO + 31]               ; red, green size/position
        mov [si + W_MASKS], eax
        mov ax, [MINFO + 35]
        mov [si + W_MASKS + 4], ax
        ; The colour fields add up to the depth (less reserved bits).
        cmp byte [si + W_BPP], 8
        je .ok
        mov al, [MINFO + 31]
        add al, [MINFO + 33]
        add al, [MINFO + 35]
        add al, [MINFO + 37]
        cmp al, [si + W_BPP]
        jne .bad
.ok:    clc
        jmp .out
.none:  xor ax, ax
        mov es, ax
.bad:   stc
.out:   pop si
        lea di, [si + W_NAME]
        mov si, msg_found
        jmp report2

; PASS/FAIL lines: report2 prints SI then DI, report SI; CF = failed
report:
        mov di, msg_empty
report2:
        push si
        mov si, msg_pass
        jnc .p
        mov si, msg_fail
.p:     call print_e9
        pop si
        call print_e9
        mov si, di
        call print_e9
        mov al, 10
        out 0xe9, al
        ret

; Print "STEP nn name" for the want at SI, wait for a key.
step_done:
        push si
        mov si, msg_step
        call print_e9
        mov ax, bp
        call hex8
        mov al, ' '
        out 0xe9, al
        pop si
        push si
        lea si, [si + W_NAME]
        call print_e9
        mov al, 10
        out 0xe9, al
        xor ah, ah
        int 0x16
        pop si
        inc bp
        ret

; 4F02h for the want at SI with BX flags; CF on failure (reported).
set_mode:
        push si
        or bx, [si + W_MODE]
        mov ax, 0x4f02
        int 0x10
        mov si, msg_setmode
        cmp ax, 0x004f
        je .ok
        stc
        call report
        pop si
        stc
        ret
.ok:    mov ax, 0x4f03                      ; and 4F03h agrees
        int 0x10
        pop si
        push si
        and bx, 0x41ff
        mov ax, [si + W_MODE]
        or ax, [flags]
        cmp ax, bx
        mov si, msg_getmode
        je .same
        stc
        call report
        pop si
        stc
        ret
.same:  pop si
        clc
        ret
flags:  dw 0

; ---------------------------------------------------------------------------
; Direct colour through the linear framebuffer.

pat_w:  dd 0
pat_h:  dd 0
pitch:  dd 0
bypp:   dd 0
lfb:    dd 0
want:   dw 0

lfb_step:
        mov [want], si
        movzx eax, word [si + W_X]
        mov [pat_w], eax
        movzx eax, word [si + W_Y]
        mov [pat_h], eax
        movzx eax, word [si + W_PITCH]
        mov [pitch], eax
        movzx eax, byte [si + W_BPP]
        shr eax, 3
        mov [bypp], eax
        mov eax, [si + W_LFB]
        mov [lfb], eax
        mov word [flags], 0x4000
        mov bx, 0x4000
        call set_mode
        jc .skip
        xor edx, edx
.y:     mov edi, edx
        imul edi, [pitch]
        add edi, [lfb]
        xor ecx, ecx
.x:     call rgb
        call pack
        cmp dword [bypp], 2
        je .p16
        mov [fs:edi], eax
        jmp .next
.p16:   mov [fs:edi], ax
.next:  add edi, [bypp]
        inc ecx
        cmp ecx, [pat_w]
        jb .x
        inc edx
        cmp edx, [pat_h]
        jb .y
.skip:  mov si, [want]
        jmp step_done

; EBX = 00RRGGBB for ECX = x, EDX = y (the picture in the header)
rgb:
        push eax
        push ecx
        push edx
        push esi
        push edi
        mov esi, ecx
        mov edi, edx
        call on_line
        jnc .grad
        mov ebx, 0xffffff
        jmp .out
.grad:  call bands                          ; EAX = bx + by (bands)
        and eax, 15
        imul ebx, eax, 17
        mov eax, esi
        imul eax, eax, 255
        mov ecx, [pat_w]
        dec ecx
        xor edx, edx
        div ecx
        shl eax, 16
        or ebx, eax
        mov eax, edi
        imul eax, eax, 255
        mov ecx, [pat_h]
        dec ecx
        xor edx, edx
        div ecx
        shl eax, 8
        or ebx, eax
.out:   pop edi
        pop esi
        pop edx
        pop ecx
        pop eax
        ret

; CF = (ESI, EDI) on the frame or the diagonal
on_line:
        push eax
        push edx
        test esi, esi
        jz .yes
        test edi, edi
        jz .yes
        mov eax, [pat_w]
        dec eax
        cmp esi, eax
        je .yes
        mov eax, [pat_h]
        dec eax
        cmp edi, eax
        je .yes
        mov eax, esi
        mul dword [pat_h]
        div dword [pat_w]
        cmp eax, edi
        je .yes
        clc
        jmp .out
.yes:   stc
.out:   pop edx
        pop eax
        ret

; EAX = x*16/W + y*16/H for ESI = x, EDI = y; EBX = y*16/H
bands:
        push edx
        mov eax, edi
        shl eax, 4
        xor edx, edx
        div dword [pat_h]
        mov ebx, eax
        mov eax, esi
        shl eax, 4
        xor edx, edx
        div dword [pat_w]
        add eax, ebx
        pop edx
        ret

; EAX = EBX (00RRGGBB) packed with the want's mask sizes and positions
pack:
        push ebx
        push ecx
        push edx
        push esi
        mov si, [want]
        xor edx, edx
        mov eax, ebx
        shr eax, 16                         ; red
        mov cl, [si + W_MASKS]
        mov ch, [si + W_MASKS + 1]
        call .field
        mov eax, ebx
        shr eax, 8                          ; green
        mov cl, [si + W_MASKS + 2]
        mov ch, [si + W_MASKS + 3]
        call .field
        mov eax, ebx                        ; blue
        mov cl, [si + W_MASKS + 4]
        mov ch, [si + W_MASKS + 5]
        call .field
        mov eax, edx
        pop esi
        pop edx
        pop ecx
        pop ebx
        ret
; EDX |= (AL >> (8 - CL)) << CH
.field: and eax, 0xff
        push ecx
        neg cl
        add cl, 8
        shr eax, cl
        pop ecx
        xchg cl, ch
        shl eax, cl
        xchg cl, ch
        or edx, eax
        ret

; ---------------------------------------------------------------------------
; 256 colours through the window: 4F08h, 4F09h, 4F05h.

bank:   dw 0xffff
gran:   dd 0

banked_step:
        mov [want], si
        movzx eax, word [si + W_X]
        mov [pat_w], eax
        movzx eax, word [si + W_Y]
        mov [pat_h], eax
        movzx eax, word [si + W_PITCH]
        mov [pitch], eax
        movzx eax, word [si + W_GRAN]
        shl eax, 10
        mov [gran], eax
        mov word [flags], 0
        xor bx, bx
        call set_mode
        jc .skip
        mov bx, 0x0800                      ; an 8-bit DAC
        mov ax, 0x4f08
        int 0x10
        cmp ax, 0x004f
        jne .dac_bad
        cmp bh, 8
        je .dac_ok
.dac_bad:
        stc
        mov si, msg_dac
        call report
.dac_ok:
        xor cx, cx                          ; the palette: B, G, R, 0
        mov di, PAL
.pal:   mov [di], cl                        ; blue i
        mov al, cl
        shr al, 4
        mov ah, 17
        mul ah
        mov [di + 1], al                    ; green 17 * (i >> 4)
        mov al, cl
        and al, 15
        mov ah, 17
        mul ah
        mov [di + 2], al                    ; red 17 * (i & 15)
        mov byte [di + 3], 0
        add di, 4
        inc cx
        cmp cx, 256
        jb .pal
        mov bl, 0x00
        mov cx, 256
        xor dx, dx
        mov di, PAL
        mov ax, 0x4f09
        int 0x10
        cmp ax, 0x004f
        je .pal_ok
        stc
        mov si, msg_palette
        call report
.pal_ok:
        push es
        mov ax, 0xa000
        mov es, ax
        xor edx, edx
.y:     xor ecx, ecx
.x:     mov esi, ecx
        mov edi, edx
        call on_line
        mov al, 255
        jc .put
        call bands                          ; index bx + 16*by
        sub eax, ebx
        shl ebx, 4
        add eax, ebx
.put:   push eax
        mov eax, edx                        ; offset = y*pitch + x
        imul eax, [pitch]
        add eax, ecx
        push edx
        xor edx, edx
        div dword [gran]                    ; EAX = bank, EDX = in the window
        cmp ax, [bank]
        je .same
        mov [bank], ax
        push edx
        push ecx
        mov dx, ax
        xor bx, bx
        mov ax, 0x4f05
        int 0x10
        pop ecx
        cmp ax, 0x004f
        pop edx
        je .same
        mov si, msg_window
        stc
        call report
.same:  mov di, dx
        pop edx
        pop eax
        mov [es:di], al
        inc ecx
        cmp ecx, [pat_w]
        jb .x
        inc edx
        cmp edx, [pat_h]
        jb .y
        pop es
.skip:  mov si, [want]
        jmp step_done


msg_pass:       db "PASS ", 0
msg_empty:      db 0
msg_fail:       db "FAIL ", 0
msg_controller: db "4F00h: VESA 2.0 with 4 MiB", 0
msg_found:      db "found by 4F01h, LFB, window A, colour fields: ", 0
msg_setmode:    db "4F02h", 0
msg_getmode:    db "4F03h", 0
msg_dac:        db "4F08h: 8-bit DAC", 0
msg_palette:    db "4F09h", 0
msg_window:     db "4F05h", 0
msg_text_fail:  db "FAIL 4F02h back to mode 3", 10, 0
msg_step:       db "STEP ", 0

%include "guest.inc"

        times 512 * (SECTORS + 1) - ($ - $$) db 0
