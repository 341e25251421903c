; tests/roms/hdisk.asm: INT 13h on hard disk 80h, which must be a blank
; (zeroed) 4-cylinder image of 16 heads and 63 sectors (2064384 bytes):
; parameters, CHS and EDD (41h-48h) transfers that read each other's
; writes, range errors, the INT 41h table and absent drives.
%define TEST_NAME "hdisk"
%include "rom.inc"

BUF     equ 0x2000
BUF2    equ 0x6000
PKT     equ 0x1F00                      ; disk address packet
PARMS   equ 0x1E00                      ; EDD parameter buffer

test_main:
        CASE "40:75 counts one hard disk"
        EXPECT_EQ8 [0x475], 1, "40:75"
        ENDCASE

        CASE "AH=08h: 4 cylinders, 16 heads, 63 sectors"
        mov ah, 0x08
        mov dl, 0x80
        CALLINT 0x13
        EXPECT_CF 0, "08h"
        EXPECT_EQ cx, 0x033F, "CX"
        EXPECT_EQ dx, 0x0F01, "DX"
        ENDCASE

        CASE "AH=15h: fixed disk of 4032 sectors"
        mov ah, 0x15
        mov dl, 0x80
        CALLINT 0x13
        EXPECT_CF 0, "15h"
        EXPECT_EQ8 ah, 3, "AH"
        EXPECT_EQ cx, 0, "CX"
        EXPECT_EQ dx, 4032, "DX"
        ENDCASE

        CASE "AH=41h: EDD 3.0 with packet access"
        mov ah, 0x41
        mov bx, 0x55AA
        mov dl, 0x80
        CALLINT 0x13
        EXPECT_CF 0, "41h"
        EXPECT_EQ bx, 0xAA55, "BX"
        EXPECT_EQ8 ah, 0x30, "version"
        test cx, 1
        FAIL_IF z, "CX bit 0 (packet access)"
        ENDCASE

        CASE "AH=03h CHS write, AH=42h reads it at the same LBA"
        mov di, BUF
        mov cx, 1024
        mov ax, 0x0511
        call fill_bytes
        mov bx, BUF
        mov ax, 0x0302                  ; 2 sectors at C1 H2 S5 = LBA 1138
        mov cx, 0x0105
        mov dx, 0x0280
        CALLINT 0x13
        EXPECT_CF 0, "write"
        EXPECT_EQ ax, 0x0002, "AX"
        mov byte [PKT], 16
        mov byte [PKT+1], 0
        mov word [PKT+2], 2
        mov word [PKT+4], BUF2
        mov word [PKT+6], 0
        mov dword [PKT+8], 1138
        mov dword [PKT+12], 0
        mov si, PKT
        mov ah, 0x42
        mov dl, 0x80
        CALLINT 0x13
        EXPECT_CF 0, "42h"
        EXPECT_EQ8 ah, 0, "AH"
        mov si, BUF
        mov di, BUF2
        mov cx, 1024
        repe cmpsb
        EXPECT_EQ cx, 0, "bytes left when the compare stopped"
        ENDCASE

        CASE "AH=43h write, AH=02h CHS read (C1 H15 S48 = LBA 2000)"
        mov di, BUF
        mov cx, 8 * 512
        mov ax, 0x0D07
        call fill_bytes
        mov word [PKT+2], 8
        mov word [PKT+4], BUF
        mov dword [PKT+8], 2000
        mov si, PKT
        mov ax, 0x4300
        mov dl, 0x80
        CALLINT 0x13
        EXPECT_CF 0, "43h"
        mov bx, BUF2
        mov ax, 0x0208
        mov cx, 0x0130
        mov dx, 0x0F80
        CALLINT 0x13
        EXPECT_CF 0, "read"
        EXPECT_EQ ax, 0x0008, "AX"
        mov si, BUF
        mov di, BUF2
        mov cx, 8 * 512
        repe cmpsb
        EXPECT_EQ cx, 0, "bytes left when the compare stopped"
        ENDCASE

        CASE "AH=42h beyond the disk: error, packet count = sectors done"
        mov word [PKT+2], 4
        mov word [PKT+4], BUF
        mov dword [PKT+8], 4030
        mov si, PKT
        mov ah, 0x42
        mov dl, 0x80
        CALLINT 0x13
        EXPECT_CF 1, "42h"
        EXPECT_EQ8 ah, 4, "AH"
        EXPECT_EQ [PKT+2], 2, "packet count"
        ENDCASE

        CASE "AH=02h: sector 0 and head 16 are errors"
        mov bx, BUF
        mov ax, 0x0201
        mov cx, 0x0000
        mov dx, 0x0080
        CALLINT 0x13
        EXPECT_CF 1, "sector 0"
        mov ax, 0x0201
        mov cx, 0x0001
        mov dx, 0x1080
        CALLINT 0x13
        EXPECT_CF 1, "head 16"
        ENDCASE

        CASE "AH=48h: drive parameters (1Ah, 1Eh and 42h buffers)"
        mov word [PARMS], 0x1A
        mov si, PARMS
        mov ah, 0x48
        mov dl, 0x80
        CALLINT 0x13
        EXPECT_CF 0, "48h 1Ah"
        EXPECT_EQ [PARMS], 0x1A, "size"
        EXPECT_EQ [PARMS+4], 4, "cylinders"
        EXPECT_EQ [PARMS+8], 16, "heads"
        EXPECT_EQ [PARMS+12], 63, "sectors"
        EXPECT_EQ [PARMS+16], 4032, "total sectors"
        EXPECT_EQ [PARMS+24], 512, "bytes per sector"
        mov word [PARMS], 0x1E
        mov ah, 0x48
        mov dl, 0x80
        CALLINT 0x13
        EXPECT_EQ [PARMS], 0x1E, "size 1Eh"
        mov ax, [PARMS+28]
        EXPECT_EQ ax, [0x40E], "DPTE segment is the EBDA"
        mov word [PARMS], 0x4A
        mov ah, 0x48
        mov dl, 0x80
        CALLINT 0x13
        EXPECT_EQ [PARMS], 0x42, "size 42h"
        EXPECT_EQ [PARMS+30], 0xBEDD, "device path signature"
        EXPECT_EQ [PARMS+40], 'A'+'T'*256, "interface ATA"
        ENDCASE

        CASE "INT 41h: fixed disk parameter table"
        push ds
        lds si, [0x41*4]
        mov ax, [si]
        movzx bx, byte [si+2]
        movzx cx, byte [si+14]
        pop ds
        EXPECT_EQ ax, 4, "cylinders"
        EXPECT_EQ bx, 16, "heads"
        EXPECT_EQ cx, 63, "sectors"
        ENDCASE

        CASE "drive 81h is absent"
        mov ah, 0x15
        mov dl, 0x81
        CALLINT 0x13
        EXPECT_CF 0, "15h"
        EXPECT_EQ8 ah, 0, "AH"
        mov ax, 0x0201
        mov cx, 1
        mov dx, 0x0081
        mov bx, BUF
        CALLINT 0x13
        EXPECT_CF 1, "read 81h"
        mov ah, 0x01                    ; 40:74 is shared by the hard disks
        mov dl, 0x80
        CALLINT 0x13
        EXPECT_CF 1, "01h after the failed call"
        EXPECT_EQ8 ah, 1, "last status"
        ENDCASE
        ret

%include "rom_tail.inc"
