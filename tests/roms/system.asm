; tests/roms/system.asm: INT 15h: extended memory (88h, E801h, E820h), the
; A20 gate (2400h-2403h) seen through the wrap at 1 MiB, block move (87h)
; to and from extended memory, wait (86h) and event wait (83h) timed by the
; RTC, keyboard intercept (4Fh), device busy/complete (90h/91h), the PS/2
; mouse (C2h), and unsupported functions.  Expects 32 MiB of RAM.
%define TEST_NAME "system"
%include "rom.inc"

E820BUF equ 0x2000
GDT     equ 0x2100
SRC     equ 0x2200
DST     equ 0x2400
FLAG    equ 0x2600

; put a 16-bit word at physical 100000h + %1 through FFFF:(10h + %1)
%macro HIGHW 1
        push es
        mov bx, 0xFFFF
        mov es, bx
        mov bx, [es:0x10 + %1]
        pop es
%endmacro

test_main:
        CASE "AH=88h: 31744 KiB above 1 MiB"
        mov ah, 0x88
        CALLINT 0x15
        EXPECT_CF 0, "88h"
        EXPECT_EQ ax, 31744, "AX"
        ENDCASE

        CASE "AX=E801h: 15 MiB below 16 MiB, 256 blocks above"
        mov ax, 0xE801
        CALLINT 0x15
        EXPECT_CF 0, "E801h"
        EXPECT_EQ ax, 0x3C00, "AX"
        EXPECT_EQ cx, 0x3C00, "CX"
        EXPECT_EQ bx, 256, "BX"
        EXPECT_EQ dx, 256, "DX"
        ENDCASE

        CASE "AX=E820h: the memory map"
        xor ebx, ebx
        xor bp, bp                      ; entries
        xor esi, esi                    ; usable bytes
.next:  mov eax, 0xE820
        mov edx, 0x534D4150
        mov ecx, 20
        mov di, E820BUF
        CALLINT 0x15
        test word [last_flags], 1
        jnz .end
        cmp eax, 0x534D4150
        FAIL_IF ne, "EAX is not SMAP"
        cmp ecx, 20
        FAIL_IF ne, "ECX is not 20"
        cmp dword [E820BUF+16], 1
        jne .skip
        add esi, [E820BUF+8]
.skip:  inc bp
        test ebx, ebx
        jnz .next
.end:
        EXPECT_EQ bp, 5, "entries"
        shr esi, 10
        EXPECT_EQ si, 639 + 31744, "usable KiB"
        ENDCASE

        CASE "E820h: first entry 0-9FC00h usable, EBDA reserved"
        xor ebx, ebx
        mov eax, 0xE820
        mov edx, 0x534D4150
        mov ecx, 24
        mov di, E820BUF
        CALLINT 0x15
        EXPECT_CF 0, "first"
        EXPECT_EQ [E820BUF], 0, "base"
        EXPECT_EQ [E820BUF+8], 0xFC00, "length low"
        EXPECT_EQ [E820BUF+10], 0x0009, "length high"
        EXPECT_EQ8 [E820BUF+16], 1, "type"
        mov eax, 0xE820
        mov edx, 0x534D4150
        mov ecx, 20
        mov di, E820BUF
        CALLINT 0x15
        EXPECT_EQ [E820BUF+2], 0x0009, "EBDA base high"
        EXPECT_EQ8 [E820BUF+16], 2, "EBDA reserved"
        mov eax, 0xE820
        mov edx, 0x12345678
        xor ebx, ebx
        mov ecx, 20
        CALLINT 0x15
        EXPECT_CF 1, "without SMAP"
        ENDCASE

        CASE "AX=2401h/2400h/2402h: A20 on, off, status; wrap at 1 MiB"
        mov ax, 0x2403
        CALLINT 0x15
        EXPECT_CF 0, "2403h"
        test bx, 1
        FAIL_IF z, "keyboard controller method not reported"
        mov ax, 0x2400
        CALLINT 0x15
        EXPECT_CF 0, "2400h"
        mov ax, 0x2402
        CALLINT 0x15
        EXPECT_EQ8 al, 0, "status off"
        mov word [0x0500], 0x1111
        push es
        mov ax, 0xFFFF
        mov es, ax
        mov word [es:0x0510], 0x2222
        pop es
        EXPECT_EQ [0x0500], 0x2222, "FFFF:0510 wraps to 0:0500"
        mov ax, 0x2401
        CALLINT 0x15
        EXPECT_CF 0, "2401h"
        mov ax, 0x2402
        CALLINT 0x15
        EXPECT_EQ8 al, 1, "status on"
        push es
        mov ax, 0xFFFF
        mov es, ax
        mov word [es:0x0510], 0x3333
        pop es
        EXPECT_EQ [0x0500], 0x2222, "no wrap with A20 on"
        ENDCASE

        CASE "AH=87h: block move up to 2 MiB and back"
        mov di, SRC
        mov cx, 512
        mov ax, 0x0903
        call fill_bytes
        mov di, GDT                     ; 48 bytes of descriptors
        mov cx, 48
        xor al, al
        rep stosb
        ; source descriptor (10h): SRC, destination (18h): 200000h
        mov word [GDT+0x10], 0xFFFF
        mov word [GDT+0x12], SRC
        mov byte [GDT+0x15], 0x93
        mov word [GDT+0x18], 0xFFFF
        mov word [GDT+0x1A], 0
        mov byte [GDT+0x1C], 0x20
        mov byte [GDT+0x1D], 0x93
        mov si, GDT
        mov cx, 256
        mov ah, 0x87
        CALLINT 0x15
        EXPECT_CF 0, "87h up"
        EXPECT_EQ8 ah, 0, "AH"
        EXPECT_ZF 1, "ZF"
        ; and back to DST
        mov word [GDT+0x12], 0
        mov byte [GDT+0x14], 0x20
        mov word [GDT+0x1A], DST
        mov byte [GDT+0x1C], 0
        mov si, GDT
        mov cx, 256
        mov ah, 0x87
        CALLINT 0x15
        EXPECT_CF 0, "87h down"
        mov si, SRC
        mov di, DST
        mov cx, 512
        repe cmpsb
        EXPECT_EQ cx, 0, "bytes left when the compare stopped"
        mov word [GDT+0x10], 0x00FF     ; a limit too small for 512 bytes
        mov si, GDT
        mov cx, 256
        mov ah, 0x87
        CALLINT 0x15
        EXPECT_CF 1, "87h past the limit"
        EXPECT_EQ8 ah, 2, "exception error"
        ENDCASE

        CASE "AH=86h: one second takes 18 ticks"
        mov ebx, [0x46C]
        mov ah, 0x86
        mov cx, 0x000F
        mov dx, 0x4240                  ; 1,000,000 us
        CALLINT 0x15
        EXPECT_CF 0, "86h"
        mov eax, [0x46C]
        sub eax, ebx
        cmp ax, 17
        FAIL_IF b, "fewer than 17 ticks"
        EXPECT_EQ ax, 18, "ticks"
        EXPECT_EQ8 [0x4A0], 0, "40:A0 idle"
        ENDCASE

        CASE "AH=83h: the flag byte gets bit 7 after the interval"
        mov byte [FLAG], 0
        mov ax, 0x8300
        mov cx, 0x0001
        mov dx, 0x86A0                  ; 100,000 us
        mov bx, FLAG
        CALLINT 0x15
        EXPECT_CF 0, "83h"
        mov ax, 0x8300                  ; a second one is refused while busy
        mov cx, 1
        mov bx, FLAG
        CALLINT 0x15
        EXPECT_CF 1, "83h while active"
        mov ebx, [0x46C]
.w:     hlt
        test byte [FLAG], 0x80
        jnz .done
        mov eax, [0x46C]
        sub eax, ebx
        cmp eax, 6
        jb .w
.done:
        EXPECT_EQ8 [FLAG], 0x80, "flag"
        mov ax, 0x8301
        CALLINT 0x15
        EXPECT_CF 0, "cancel"
        ENDCASE

        CASE "AH=4Fh keeps the key (CF=1); 90h/91h; 85h"
        mov ax, 0x4F1E
        CALLINT 0x15
        EXPECT_CF 1, "4Fh"
        EXPECT_EQ8 al, 0x1E, "AL"
        mov ax, 0x9002
        CALLINT 0x15
        EXPECT_CF 0, "90h"
        mov ax, 0x9102
        CALLINT 0x15
        EXPECT_CF 0, "91h"
        ENDCASE

        CASE "unsupported: APM (5300h), 89h, C3h"
        mov ax, 0x5300
        xor bx, bx
        CALLINT 0x15
        EXPECT_CF 1, "5300h"
        EXPECT_EQ8 ah, 0x86, "AH"
        mov ah, 0xC3
        CALLINT 0x15
        EXPECT_CF 1, "C3h"
        ENDCASE

        CASE "AH=C2h: mouse reset, type, rate, handler, enable, disable"
        mov ax, 0xC201
        CALLINT 0x15
        EXPECT_CF 0, "C201h reset"
        EXPECT_EQ bx, 0x00AA, "BX (ID 0, AAh)"
        mov ax, 0xC204
        CALLINT 0x15
        EXPECT_CF 0, "C204h"
        EXPECT_EQ8 bh, 0, "type"
        mov ax, 0xC202
        mov bh, 3
        CALLINT 0x15
        EXPECT_CF 0, "C202h rate"
        mov ax, 0xC203
        mov bh, 2
        CALLINT 0x15
        EXPECT_CF 0, "C203h resolution"
        mov ax, 0xC206
        xor bh, bh
        CALLINT 0x15
        EXPECT_CF 0, "C206h status"
        EXPECT_EQ8 cl, 2, "resolution"
        EXPECT_EQ8 dl, 60, "rate"
        mov ax, 0xC200
        mov bh, 1
        CALLINT 0x15
        EXPECT_CF 1, "enable without a handler"
        EXPECT_EQ8 ah, 5, "AH"
        mov ax, 0xC205
        mov bh, 3
        CALLINT 0x15
        EXPECT_CF 0, "C205h"
        mov ax, 0xC207
        mov bx, mouse_handler
        CALLINT 0x15
        EXPECT_CF 0, "C207h"
        mov ax, 0xC200
        mov bh, 1
        CALLINT 0x15
        EXPECT_CF 0, "C200h enable"
        in al, 0xA1
        and al, 0x10
        EXPECT_EQ8 al, 0, "IRQ 12 unmasked"
        mov ax, 0xC200
        mov bh, 0
        CALLINT 0x15
        EXPECT_CF 0, "C200h disable"
        mov ax, 0xC202
        mov bh, 9
        CALLINT 0x15
        EXPECT_CF 1, "bad rate"
        EXPECT_EQ8 ah, 2, "AH"
        ENDCASE
        ret

mouse_handler:
        retf

%include "rom_tail.inc"
