; tests/vga/modes.asm: a boot floppy that shows a known picture in every
; standard display mode, one step at a time, for the golden screenshots of
; tests/vga/modes.sh.  Each step sets its mode through INT 10h (or, for
; Mode X and the Bochs VBE, through the registers), draws, prints
; "STEP nn name" on the debug console (port E9h) and waits for a key; the
; script takes a screenshot and presses Space.  After the last step it
; prints "DONE" and powers off.
;
; Text steps fill the screen with all 256 characters in varied colours,
; with blinking off (bright backgrounds) and the cursor hidden, so the
; picture does not depend on the blink phase; step "t03blink" has blinking
; and the cursor on (the test accepts any of its four phases).
; Graphics steps draw colour(x, y) on every pixel:
;   bands: bx = x*16/W, by = y*16/H; 256 colours: bx + 16*by, else
;   (bx + by) mod N; the diagonal y = x*H/W and the frame in colour N-1.
; VBE steps draw red = x*255/(W-1), green = y*255/(H-1), blue from the
; bands, white diagonal and frame.

        bits 16
        org 0x7c00

SECTORS equ 12

%include "boot.inc"

; ---------------------------------------------------------------------------
; The steps.  Legend: setup routine, argument (mode or parameter), name.
%macro STEP 3
        dw %1, %2
        db %3, 0
        align 2, db 0
%endmacro

steps:
        STEP text_step, 0x0002, "t00-40x25-9x16"        ; BH = mode, BL = scan lines
        STEP text_step, 0x0100, "t01-40x25-8x8"
        STEP text_step, 0x0201, "t02-80x25-8x14"
        STEP text_step, 0x0302, "t03-80x25-9x16"
        STEP text_step, 0x0300, "t03-80x25-8x8"
        STEP text_step, 0x0702, "t07-mono-9x16"
        STEP text_step, 0x0701, "t07-mono-9x14"
        STEP blink_step, 0x0302, "t03blink"
        STEP bios_gfx, 0x04, "g04-cga-320x200x4"
        STEP bios_gfx, 0x05, "g05-cga-320x200x4"
        STEP bios_gfx, 0x06, "g06-cga-640x200x2"
        STEP bios_gfx, 0x0d, "g0d-ega-320x200x16"
        STEP bios_gfx, 0x0e, "g0e-ega-640x200x16"
        STEP bios_gfx, 0x10, "g10-ega-640x350x16"
        STEP bios_gfx, 0x12, "g12-vga-640x480x16"
        STEP bios_gfx, 0x13, "g13-vga-320x200x256"
        STEP modex_step, 0, "gx-modex-320x240x256"
        STEP dac_step, 0, "g13-dac-ramp"
        STEP vbe_step, 32, "v-640x480x32-lfb"
        STEP vbe_step, 16, "v-800x600x16-lfb"
        dw 0

main:
        mov si, steps
        xor bp, bp                          ; step number
.step:  mov ax, [si]
        test ax, ax
        jz .done
        push si
        mov bx, [si + 2]
        call ax
        pop si
        push si
        mov si, msg_step
        call print_e9
        mov ax, bp
        call hex8
        mov al, ' '
        out 0xe9, al
        pop si
        push si
        add si, 4
        call print_e9
        mov al, 10
        out 0xe9, al
        xor ah, ah                          ; wait for a key
        int 0x16
        pop si
        add si, 4
.skip:  lodsb                               ; past the name and its padding
        test al, al
        jnz .skip
        test si, 1
        jz .aligned
        inc si
.aligned:
        inc bp
        jmp .step
.done:  jmp power_off

; ---------------------------------------------------------------------------
; Text modes.  BH = mode, BL = scan lines (0: 200, 1: 350, 2: 400).

text_mode:
        push bx
        mov ah, 0x12                        ; scan lines for the next mode set
        mov al, bl
        mov bl, 0x30
        int 0x10
        pop bx
        push bx
        mov al, bh
        xor ah, ah
        int 0x10
        pop bx
        ret

text_fill:
        push es
        push si
        mov ax, 0xb800
        cmp bh, 7
        jne .seg
        mov ax, 0xb000
.seg:   mov es, ax
        xor di, di
        mov cx, [0x44a]                     ; columns
        xor si, si                          ; row
.row:   xor bx, bx                          ; column
.col:   mov ax, si
        mul cx                              ; (DX: high word, unused)
        add ax, bx                          ; character = row*cols + column
        mov dx, si
        shl dl, 4
        mov ah, bl
        and ah, 0x0f
        or ah, dl                           ; attribute = row << 4 | column & 15
        stosw
        inc bx
        cmp bx, cx
        jb .col
        inc si
        cmp si, 25
        jb .row
        pop si
        pop es
        ret

text_step:
        call text_mode
        mov ax, 0x1003                      ; attribute bit 7: bright background
        xor bl, bl
        int 0x10
        mov ah, 0x01                        ; hide the cursor
        mov cx, 0x2000
        int 0x10
        call text_fill
        ret

blink_step:
        call text_mode
        mov ax, 0x1003                      ; attribute bit 7: blink
        mov bl, 1
        int 0x10
        call text_fill
        mov ah, 0x02                        ; the cursor at row 20, column 5 (not blinking)
        xor bh, bh
        mov dx, 0x1405
        int 0x10
        ret

; ---------------------------------------------------------------------------
; Graphics: the pattern over W x H with N colours, through putpixel.

pat_w:   dd 0
pat_h:   dd 0
pat_n:   dd 0
putpixel: dw 0

; colour(ECX = x, EDX = y) -> EAX
colour:
        push ebx
        push ecx
        push edx
        push esi
        push edi
        mov esi, ecx
        mov edi, edx
        ; frame
        test esi, esi
        jz .max
        test edi, edi
        jz .max
        mov eax, [pat_w]
        dec eax
        cmp esi, eax
        je .max
        mov eax, [pat_h]
        dec eax
        cmp edi, eax
        je .max
        ; diagonal: y == x*H/W
        mov eax, esi
        mul dword [pat_h]
        div dword [pat_w]
        cmp eax, edi
        je .max
        ; bands
        mov eax, esi
        shl eax, 4
        xor edx, edx
        div dword [pat_w]
        mov ebx, eax                        ; bx = x*16/W
        mov eax, edi
        shl eax, 4
        xor edx, edx
        div dword [pat_h]                   ; by = y*16/H
        cmp dword [pat_n], 256
        jne .small
        shl eax, 4
        add eax, ebx
        jmp .out
.small: add eax, ebx
        mov ebx, [pat_n]
        dec ebx
        and eax, ebx
        jmp .out
.max:   mov eax, [pat_n]
        dec eax
.out:   pop edi
        pop esi
        pop edx
        pop ecx
        pop ebx
        ret

draw:
        xor edx, edx
.y:     xor ecx, ecx
.x:     call colour
        call [putpixel]
        inc ecx
        cmp ecx, [pat_w]
        jb .x
        inc edx
        cmp edx, [pat_h]
        jb .y
        ret

; CGA 4-colour (modes 4, 5): 2 bits a pixel, odd lines at 2000h
put_cga4:
        push es
        push bx
        push cx
        push di
        mov bx, 0xb800
        mov es, bx
        call cga_offset
        mov bx, cx
        shr bx, 2
        add di, bx
        and cl, 3
        xor cl, 3
        shl cl, 1                           ; shift = (3 - x%4) * 2
        mov bl, 3
        shl bl, cl
        not bl
        and [es:di], bl
        and al, 3
        shl al, cl
        or [es:di], al
        pop di
        pop cx
        pop bx
        pop es
        ret

; CGA 2-colour (mode 6): 1 bit a pixel
put_cga2:
        push es
        push bx
        push cx
        push di
        mov bx, 0xb800
        mov es, bx
        call cga_offset
        mov bx, cx
        shr bx, 3
        add di, bx
        and cl, 7
        mov bl, 0x80
        shr bl, cl
        test al, 1
        jz .clear
        or [es:di], bl
        jmp .done
.clear: not bl
        and [es:di], bl
.done:  pop di
        pop cx
        pop bx
        pop es
        ret

; DI = (y & 1) * 2000h + (y >> 1) * 80
cga_offset:
        push ax
        push dx
        mov ax, dx
        shr ax, 1
        mov di, 80
        push dx
        mul di
        pop dx
        mov di, ax
        test dl, 1
        jz .even
        add di, 0x2000
.even:  pop dx
        pop ax
        ret

; EGA/VGA planar (0Dh, 0Eh, 10h, 12h): write mode 2, one bit of the bit mask
bytes_per_line: dw 0
put_planar:
        push es
        push bx
        push cx
        push dx
        push di
        push ax
        mov bx, 0xa000
        mov es, bx
        mov ax, dx
        mul word [bytes_per_line]
        mov di, ax
        mov ax, cx
        shr ax, 3
        add di, ax
        and cl, 7
        mov ah, 0x80
        shr ah, cl
        mov al, 0x08                        ; GC bit mask
        mov dx, 0x3ce
        out dx, ax
        pop ax
        mov bl, [es:di]                     ; load the latches
        mov [es:di], al                     ; write mode 2: colour to the masked bits
        pop di
        pop dx
        pop cx
        pop bx
        pop es
        ret

; 13h: chained, a byte a pixel
put_13h:
        push es
        push bx
        push di
        push dx
        mov bx, 0xa000
        mov es, bx
        push ax
        mov ax, dx
        mov di, 320
        mul di
        mov di, ax
        add di, cx
        pop ax
        mov [es:di], al
        pop dx
        pop di
        pop bx
        pop es
        ret

; Mode X: unchained, plane = x & 3, offset y*80 + x/4
put_modex:
        push es
        push bx
        push cx
        push dx
        push di
        push ax
        mov bx, 0xa000
        mov es, bx
        mov ax, dx
        mov di, 80
        mul di
        mov di, ax
        mov ax, cx
        shr ax, 2
        add di, ax
        and cl, 3
        mov ah, 1
        shl ah, cl
        mov al, 0x02                        ; sequencer map mask
        mov dx, 0x3c4
        out dx, ax
        pop ax
        mov [es:di], al
        pop di
        pop dx
        pop cx
        pop bx
        pop es
        ret

; BL = BIOS mode number: set it, find its row in gfx_modes, draw
bios_gfx:
        xor ah, ah
        mov al, bl
        int 0x10
        mov si, gfx_modes
.find:  cmp [si], bl
        je .found
        add si, GFX_ROW
        jmp .find
.found: movzx eax, word [si + 2]
        mov [pat_w], eax
        movzx eax, word [si + 4]
        mov [pat_h], eax
        movzx eax, word [si + 6]
        mov [pat_n], eax
        mov ax, [si + 8]
        mov [putpixel], ax
        mov ax, [si + 10]
        mov [bytes_per_line], ax
        cmp word [putpixel], put_planar
        jne .draw
        mov dx, 0x3ce                       ; planar: write mode 2
        mov ax, 0x0205
        out dx, ax
        call draw
        mov dx, 0x3ce                       ; back to the mode's write mode 0, all bits
        mov ax, 0x0005
        out dx, ax
        mov ax, 0xff08
        out dx, ax
        ret
.draw:  call draw
        ret

GFX_ROW equ 12
gfx_modes:      ; legend: mode, 0, width, height, colours, putpixel, planar bytes per line
        dw 0x04, 320, 200, 4, put_cga4, 0
        dw 0x05, 320, 200, 4, put_cga4, 0
        dw 0x06, 640, 200, 2, put_cga2, 0
        dw 0x0d, 320, 200, 16, put_planar, 40
        dw 0x0e, 640, 200, 16, put_planar, 80
        dw 0x10, 640, 350, 16, put_planar, 80
        dw 0x12, 640, 480, 16, put_planar, 80
        dw 0x13, 320, 200, 256, put_13h, 0

; Mode X: 13h unchained (chain-4 off, byte addressing) with 480-line
; timing double-scanned to 240 lines (the CRTC values Abrash published).
modex_crtc:     ; legend: CRTC index, value
        db 0x06, 0x0d                       ; vertical total
        db 0x07, 0x3e                       ; overflow
        db 0x09, 0x41                       ; maximum scan line: double scan
        db 0x10, 0xea                       ; vertical retrace start
        db 0x11, 0xac                       ; vertical retrace end (and protect)
        db 0x12, 0xdf                       ; vertical display end
        db 0x14, 0x00                       ; underline: doubleword mode off
        db 0x15, 0xe7                       ; vertical blank start
        db 0x16, 0x06                       ; vertical blank end
        db 0x17, 0xe3                       ; mode control: byte mode
modex_crtc_end:

modex_step:
        mov ax, 0x0013
        int 0x10
        mov dx, 0x3c4
        mov ax, 0x0604                      ; memory mode: chain-4 off, odd/even off
        out dx, ax
        mov ax, 0x0100                      ; synchronous reset while the clock changes
        out dx, ax
        mov dx, 0x3c2
        mov al, 0xe3                        ; 25 MHz, 480-line sync polarities
        out dx, al
        mov dx, 0x3c4
        mov ax, 0x0300
        out dx, ax
        mov dx, 0x3d4
        mov al, 0x11                        ; unprotect CR0-7
        out dx, al
        inc dx
        in al, dx
        and al, 0x7f
        out dx, al
        dec dx
        mov si, modex_crtc
.crtc:  mov ax, [si]
        out dx, ax
        add si, 2
        cmp si, modex_crtc_end
        jb .crtc
        mov dx, 0x3c4                       ; clear all four planes
        mov ax, 0x0f02
        out dx, ax
        push es
        mov ax, 0xa000
        mov es, ax
        xor di, di
        xor ax, ax
        mov cx, 0x8000
        rep stosw
        pop es
        mov dword [pat_w], 320
        mov dword [pat_h], 240
        mov dword [pat_n], 256
        mov word [putpixel], put_modex
        call draw
        ret

; 13h with the DAC reloaded: entry i = (i/4, 63 - i/4, (i*4) mod 64),
; written through 3C8h/3C9h with auto-increment, and the PEL mask at FFh.
dac_step:
        mov bl, 0x13
        call bios_gfx
        mov dx, 0x3c8
        xor al, al
        out dx, al
        inc dx
        xor cx, cx
.entry: mov al, cl
        shr al, 2
        out dx, al                          ; red i/4
        neg al
        add al, 63
        out dx, al                          ; green 63 - i/4
        mov al, cl
        shl al, 2
        and al, 63
        out dx, al
        inc cx
        cmp cx, 256
        jb .entry
        ret

; ---------------------------------------------------------------------------
; The Bochs VBE (DISPI at 1CEh/1CFh) with the linear framebuffer at
; E0000000h, written from real mode through FS with a flat 4 GiB limit
; ("unreal mode"): our BIOS has no INT 10h AX=4Fxx yet.

VBE_LFB equ 0xe0000000

dispi:                                      ; AX = index, BX = value
        push dx
        mov dx, 0x1ce
        out dx, ax
        mov ax, bx
        inc dx
        out dx, ax
        pop dx
        ret

vbe_bpp: dw 0

; BX = bits per pixel: 32 (640x480) or 16 (800x600)
vbe_step:
        mov [vbe_bpp], bx
        call unreal
        mov bx, [vbe_bpp]
        mov ax, 4                           ; disable while the geometry changes
        push bx
        xor bx, bx
        call dispi
        pop bx
        mov dword [pat_w], 640
        mov dword [pat_h], 480
        cmp bx, 16
        jne .geom
        mov dword [pat_w], 800
        mov dword [pat_h], 600
.geom:  mov ax, 1
        push bx
        mov bx, [pat_w]
        call dispi
        mov ax, 2
        mov bx, [pat_h]
        call dispi
        pop bx
        mov ax, 3
        call dispi
        mov ax, 4
        mov bx, 0x41                        ; enabled, linear framebuffer
        call dispi
        mov edi, VBE_LFB
        xor edx, edx
.y:     xor ecx, ecx
.x:     call vbe_colour
        cmp word [vbe_bpp], 16
        je .p16
        mov [fs:edi], eax
        add edi, 4
        jmp .next
.p16:   mov [fs:edi], ax
        add edi, 2
.next:  inc ecx
        cmp ecx, [pat_w]
        jb .x
        inc edx
        cmp edx, [pat_h]
        jb .y
        ret

; ECX = x, EDX = y -> EAX = 00RRGGBB (32 bpp) or RGB 5:6:5 (16 bpp)
vbe_colour:
        push ebx
        push ecx
        push edx
        push esi
        push edi
        mov esi, ecx
        mov edi, edx
        mov dword [pat_n], 16
        call colour                         ; the band/diagonal/frame colour 0-15
        cmp eax, 15
        jne .grad
        mov ebx, 0xffffff                   ; diagonal and frame: white
        jmp .pack
.grad:  imul ebx, eax, 17                   ; blue from the bands
        mov eax, esi
        imul eax, eax, 255
        mov ecx, [pat_w]
        dec ecx
        xor edx, edx
        div ecx
        shl eax, 16
        or ebx, eax                         ; red = x*255/(W-1)
        mov eax, edi
        imul eax, eax, 255
        mov ecx, [pat_h]
        dec ecx
        xor edx, edx
        div ecx
        shl eax, 8
        or ebx, eax                         ; green = y*255/(H-1)
.pack:  mov eax, ebx
        cmp word [vbe_bpp], 16
        jne .out
        mov eax, ebx
        shr eax, 8                          ; red 5 bits at 11
        and eax, 0xf800
        mov ecx, ebx
        shr ecx, 5                          ; green 6 bits at 5
        and ecx, 0x07e0
        or eax, ecx
        mov ecx, ebx
        shr ecx, 3                          ; blue 5 bits at 0
        and ecx, 0x001f
        or eax, ecx
.out:   pop edi
        pop esi
        pop edx
        pop ecx
        pop ebx
        ret

msg_step:    db "STEP ", 0

%include "guest.inc"

        times 512 * (SECTORS + 1) - ($ - $$) db 0
