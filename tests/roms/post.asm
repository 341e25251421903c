; tests/roms/post.asm: what POST leaves behind: the BIOS data area and EBDA,
; the interrupt vectors, the ROM's fixed addresses, the timer tick, the
; 8259A set-up and INT 11h/12h.
%define TEST_NAME "post"
%include "rom.inc"

test_main:
        CASE "INT 12h: 639 KiB (1 KiB EBDA below 640 KiB)"
        CALLINT 0x12
        EXPECT_EQ ax, 639, "INT 12h"
        EXPECT_EQ [0x413], 639, "40:13"
        ENDCASE

        CASE "EBDA: segment at 40:0E, size byte 1"
        EXPECT_EQ [0x40E], 0x9FC0, "40:0E"
        push es
        mov ax, [0x40E]
        mov es, ax
        movzx ax, byte [es:0]
        pop es
        EXPECT_EQ ax, 1, "EBDA size"
        ENDCASE

        CASE "INT 11h equals 40:10 (diskette drives, colour 80x25)"
        CALLINT 0x11
        EXPECT_EQ ax, [0x410], "INT 11h vs 40:10"
        and ax, 0x0031
        EXPECT_EQ ax, 0x0021, "diskette present, 80x25 colour"
        ENDCASE

        CASE "vectors: the IBM entry points"
        EXPECT_EQ [0x10*4], 0xF065, "INT 10h"
        EXPECT_EQ [0x13*4], 0xE3FE, "INT 13h"
        EXPECT_EQ [0x16*4], 0xE82E, "INT 16h"
        EXPECT_EQ [0x19*4], 0xE6F2, "INT 19h"
        EXPECT_EQ [0x08*4], 0xFEA5, "INT 08h"
        EXPECT_EQ [0x09*4], 0xE987, "INT 09h"
        EXPECT_EQ [0x1A*4], 0xFE6E, "INT 1Ah"
        EXPECT_EQ [0x15*4], 0xF859, "INT 15h"
        EXPECT_EQ [0x1E*4], 0xEFC7, "INT 1Eh table"
        EXPECT_EQ [0x1D*4], 0xF0A4, "INT 1Dh table"
        EXPECT_EQ [0x10*4+2], 0xF000, "INT 10h segment"
        EXPECT_EQ [0x1C*4], 0xFF53, "INT 1Ch: the dummy IRET"
        EXPECT_EQ [0x67*4], 0, "INT 67h (user vector) is zero"
        EXPECT_EQ [0x67*4+2], 0, "INT 67h segment"
        ENDCASE

        CASE "ROM: model byte FCh, date, dummy IRET, reset vector"
        push ds
        mov ax, 0xF000
        mov ds, ax
        movzx ax, byte [0xFFFE]
        movzx bx, byte [0xFFF5 + 2]
        mov cx, [0xFFF5 + 5]
        movzx dx, byte [0xFF53]
        movzx si, byte [0xFFF0]
        pop ds
        EXPECT_EQ ax, 0x00FC, "model"
        EXPECT_EQ bx, '/', "date MM/DD/YY slash"
        EXPECT_EQ8 cl, '/', "date second slash"
        EXPECT_EQ dx, 0xCF, "IRET at FF53h"
        EXPECT_EQ si, 0xEA, "far jump at FFF0h"
        ENDCASE

        CASE "ROM checksum: the bytes of F000h sum to zero"
        push ds
        mov ax, 0xF000
        mov ds, ax
        xor si, si
        xor bl, bl
.sum:   add bl, [si]
        inc si
        jnz .sum
        pop ds
        EXPECT_EQ8 bl, 0, "sum"
        ENDCASE

        CASE "diskette parameter table at F000:EFC7 (18 sectors, 512 bytes)"
        push ds
        mov ax, 0xF000
        mov ds, ax
        movzx ax, byte [0xEFC7 + 3]
        movzx bx, byte [0xEFC7 + 4]
        movzx cx, byte [0xEFC7 + 8]
        pop ds
        EXPECT_EQ ax, 2, "sector size code"
        EXPECT_EQ bx, 18, "EOT"
        EXPECT_EQ cx, 0xF6, "fill byte"
        ENDCASE

        CASE "keyboard buffer at 40:1E-40:3D, empty"
        EXPECT_EQ [0x480], 0x1E, "40:80"
        EXPECT_EQ [0x482], 0x3E, "40:82"
        mov ax, [0x41A]
        EXPECT_EQ ax, [0x41C], "head = tail"
        ENDCASE

        CASE "video: mode 3, 80 columns, 25 rows, CRTC at 3D4h"
        EXPECT_EQ8 [0x449], 3, "40:49"
        EXPECT_EQ [0x44A], 80, "40:4A"
        EXPECT_EQ8 [0x484], 24, "40:84"
        EXPECT_EQ [0x463], 0x3D4, "40:63"
        EXPECT_EQ [0x485], 16, "40:85 character height"
        ENDCASE

        CASE "timer: 40:6C counts at 18.2 Hz"
        mov eax, [0x46C]
        mov cx, 50
.w:     hlt                             ; each IRQ 0 wakes us
        loop .w
        mov ebx, [0x46C]
        sub ebx, eax
        EXPECT_EQ bx, 50, "ticks after 50 timer interrupts"
        ENDCASE

        CASE "8259A: vectors 08h and 70h, timer/keyboard/cascade/diskette unmasked"
        in al, 0x21
        and al, 0x47
        EXPECT_EQ8 al, 0, "master mask of IRQ 0, 1, 2, 6"
        mov al, 0x0A                    ; OCW3: read IRR
        out 0x20, al
        ENDCASE

        CASE "CMOS: shutdown byte cleared, diagnostics clean"
        mov al, 0x0F
        out 0x70, al
        in al, 0x71
        EXPECT_EQ8 al, 0, "CMOS 0Fh"
        mov al, 0x0E
        out 0x70, al
        in al, 0x71
        and al, 0xC0
        EXPECT_EQ8 al, 0, "CMOS 0Eh power/checksum bits"
        ENDCASE

        CASE "INT 15h C0h: configuration table at F000:E6F5"
        mov ah, 0xC0
        CALLINT 0x15
        EXPECT_CF 0, "C0h"
        EXPECT_EQ8 ah, 0, "AH"
        EXPECT_EQ es, 0xF000, "ES"
        EXPECT_EQ bx, 0xE6F5, "BX"
        EXPECT_EQ [es:bx], 8, "table length"
        EXPECT_EQ8 [es:bx+2], 0xFC, "model"
        push ds
        pop es
        ENDCASE

        CASE "INT 15h C1h: EBDA segment"
        mov ah, 0xC1
        CALLINT 0x15
        EXPECT_CF 0, "C1h"
        EXPECT_EQ es, 0x9FC0, "ES"
        push ds
        pop es
        ENDCASE
        ret

%include "rom_tail.inc"
