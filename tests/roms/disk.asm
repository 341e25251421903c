; tests/roms/disk.asm: INT 13h on the 1.44 MB diskette in A: (the test
; image itself): parameters, reads within a track and across the head
; (multi-track), the end of a cylinder, the DMA 64 KiB boundary, writes,
; verify, format, status bytes, the change line, the motor-off timer.
; Run with --snapshot: it writes to its own image.
%define TEST_NAME "disk"
%include "rom.inc"

BUF     equ 0x2000                      ; 0000:2000, room for 16 sectors

; read CH=cyl, DH=head, CL=sector, AL=count into 0:BUF from drive A:
%macro FDREAD 4
        xor bx, bx
        mov es, bx
        mov bx, BUF
        mov ah, 0x02
        mov al, %4
        mov ch, %1
        mov dh, %2
        mov cl, %3
        xor dl, dl
        CALLINT 0x13
%endmacro

test_main:
        CASE "AH=08h: 1.44M drive type, 80 cylinders, 18 sectors, 2 heads"
        mov ah, 0x08
        xor dl, dl
        xor di, di
        CALLINT 0x13
        EXPECT_CF 0, "08h"
        EXPECT_EQ ax, 0, "AX"
        EXPECT_EQ8 bl, 4, "BL drive type"
        EXPECT_EQ cx, 0x4F12, "CX"
        EXPECT_EQ8 dh, 1, "DH max head"
        EXPECT_EQ8 [es:di+4], 18, "ES:DI table sectors per track"
        xor ax, ax
        mov es, ax
        ENDCASE

        CASE "AH=15h: A: has a change line; drive 2 does not exist"
        mov ah, 0x15
        xor dl, dl
        CALLINT 0x13
        EXPECT_CF 0, "15h A:"
        EXPECT_EQ8 ah, 2, "AH"
        mov ah, 0x15
        mov dl, 2
        CALLINT 0x13
        EXPECT_EQ8 ah, 0, "AH for drive 2"
        ENDCASE

        CASE "AH=02h: one sector (LBA 200 = C5 H1 S3)"
        FDREAD 5, 1, 3, 1
        EXPECT_CF 0, "read"
        EXPECT_EQ ax, 0x0001, "AX"
        mov di, BUF
        mov ax, 200
        mov cx, 1
        call check_pattern
        EXPECT_EQ ax, 0, "bytes that differ"
        EXPECT_EQ8 [0x441], 0, "40:41 status"
        EXPECT_EQ8 [0x490], 0x17, "40:90 media state (500 kbps, established, other)"
        EXPECT_EQ8 [0x494], 5, "40:94 present cylinder"
        test byte [0x43F], 1
        FAIL_IF z, "motor A: not on in 40:3F"
        ENDCASE

        CASE "AH=02h: eight sectors from C6 H0 S15 continue on head 1"
        FDREAD 6, 0, 15, 8
        EXPECT_CF 0, "read"
        EXPECT_EQ ax, 0x0008, "AX"
        mov di, BUF
        mov ax, 230
        mov cx, 8
        call check_pattern
        EXPECT_EQ ax, 0, "bytes that differ"
        ENDCASE

        CASE "AH=02h: past the end of the cylinder: 04h after what fits"
        FDREAD 6, 1, 17, 4
        EXPECT_CF 1, "read"
        EXPECT_EQ ax, 0x0402, "AX (status 04h, 2 sectors)"
        EXPECT_EQ8 [0x441], 4, "40:41"
        ENDCASE

        CASE "AH=02h: sector 19 does not exist"
        FDREAD 5, 0, 19, 1
        EXPECT_CF 1, "read"
        EXPECT_EQ8 ah, 4, "AH"
        ENDCASE

        CASE "AH=02h: a buffer across a 64 KiB boundary is refused (09h)"
        mov ax, 0x0FF0
        mov es, ax
        xor bx, bx
        mov ax, 0x0202
        mov cx, 0x0501
        xor dx, dx
        CALLINT 0x13
        EXPECT_CF 1, "read"
        EXPECT_EQ ax, 0x0900, "AX"
        mov ah, 0x01
        xor dl, dl
        CALLINT 0x13
        EXPECT_EQ8 ah, 9, "AH=01h last status"
        xor ax, ax
        mov es, ax
        ENDCASE

        CASE "AH=03h then AH=02h: a written sector reads back"
        mov di, BUF
        mov cx, 512
        mov ax, 0x0335
        call fill_bytes
        mov bx, BUF
        mov ax, 0x0301
        mov cx, 0x0711                  ; C7 S17
        mov dh, 1
        xor dl, dl
        CALLINT 0x13
        EXPECT_CF 0, "write"
        EXPECT_EQ ax, 0x0001, "AX"
        test byte [0x43F], 0x80
        FAIL_IF nz, "40:3F write bit left set"
        mov di, BUF
        mov cx, 512
        xor al, al
        rep stosb
        FDREAD 7, 1, 17, 1
        EXPECT_CF 0, "read back"
        mov di, BUF
        mov al, [es:di]
        EXPECT_EQ8 al, 0x35, "first byte"
        EXPECT_EQ8 [es:di+511], 0x35 + 511 * 3, "last byte"
        ENDCASE

        CASE "AH=04h: verify three sectors"
        mov ax, 0x0403
        mov cx, 0x0503
        mov dh, 1
        xor dl, dl
        CALLINT 0x13
        EXPECT_CF 0, "verify"
        EXPECT_EQ ax, 0x0003, "AX"
        ENDCASE

        CASE "AH=18h then AH=05h: a formatted track reads as the fill byte"
        mov ah, 0x18
        mov ch, 79
        mov cl, 18
        xor dl, dl
        CALLINT 0x13
        EXPECT_CF 0, "18h"
        EXPECT_EQ8 [es:di+4], 18, "ES:DI table sectors"
        xor ax, ax
        mov es, ax
        mov di, BUF                     ; 18 address fields C, H, R, N
        mov cx, 18
        mov al, 1
.f:     mov byte [di], 8
        mov byte [di+1], 0
        mov [di+2], al
        mov byte [di+3], 2
        add di, 4
        inc al
        loop .f
        mov bx, BUF
        mov ax, 0x0512
        mov cx, 0x0801
        xor dx, dx
        CALLINT 0x13
        EXPECT_CF 0, "format"
        FDREAD 8, 0, 9, 1
        EXPECT_CF 0, "read formatted"
        mov di, BUF
        mov cx, 512
        mov al, 0xF6
        call count_ne
        EXPECT_EQ ax, 0, "bytes other than F6h"
        ENDCASE

        CASE "AH=17h, AH=16h, AH=00h, AH=10h"
        mov ax, 0x1704
        xor dl, dl
        CALLINT 0x13
        EXPECT_CF 0, "17h"
        mov ah, 0x16
        xor dl, dl
        CALLINT 0x13
        EXPECT_CF 0, "16h: not changed"
        EXPECT_EQ8 ah, 0, "AH"
        mov ah, 0x00
        xor dl, dl
        CALLINT 0x13
        EXPECT_CF 0, "reset"
        EXPECT_EQ8 ah, 0, "AH"
        FDREAD 5, 1, 3, 1               ; recalibrated by the next access
        EXPECT_CF 0, "read after reset"
        ENDCASE

        CASE "bad function and bad drive"
        mov ah, 0x0F
        xor dl, dl
        CALLINT 0x13
        EXPECT_CF 1, "AH=0Fh"
        EXPECT_EQ8 ah, 1, "AH"
        mov ax, 0x0201
        mov cx, 1
        mov dx, 0x0003
        mov bx, BUF
        CALLINT 0x13
        EXPECT_CF 1, "drive 3"
        ENDCASE

        CASE "INT 40h is the diskette handler"
        mov ah, 0x08
        xor dl, dl
        CALLINT 0x40
        EXPECT_CF 0, "INT 40h AH=08h"
        EXPECT_EQ cx, 0x4F12, "CX"
        xor ax, ax
        mov es, ax
        ENDCASE

        CASE "the motors go off two seconds after the last access"
        FDREAD 5, 1, 3, 1
        test byte [0x43F], 1
        FAIL_IF z, "motor on after a read"
        mov cx, 50
        call wait_ticks
        test byte [0x43F], 3
        FAIL_IF nz, "motor still on after 50 ticks"
        mov dx, 0x3F2
        in al, dx
        test al, 0x30
        FAIL_IF nz, "DOR motor bits still set"
        ENDCASE
        ret

%include "rom_tail.inc"
