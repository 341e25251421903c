; tests/roms/keyboard.asm: INT 16h on the keystroke buffer: store (05h),
; read and peek for the old (00h/01h) and enhanced (10h/11h) functions with
; their filtering of enhanced-only keys, a full buffer, shift flags (02h,
; 12h), typematic (03h), capabilities (09h) and the keyboard ID (0Ah).
; Keys typed on the keyboard (INT 09h) are tested from C (test_bios.c).
%define TEST_NAME "keyboard"
%include "rom.inc"

%macro STORE 1
        mov ah, 0x05
        mov cx, %1
        CALLINT 0x16
%endmacro

test_main:
        CASE "AH=01h on an empty buffer: ZF=1"
        mov ah, 0x01
        CALLINT 0x16
        EXPECT_ZF 1, "empty"
        ENDCASE

        CASE "AH=05h, AH=01h peeks, AH=00h reads"
        STORE 0x1E61
        EXPECT_EQ8 al, 0, "AL after store"
        mov ah, 0x01
        CALLINT 0x16
        EXPECT_ZF 0, "a key"
        EXPECT_EQ ax, 0x1E61, "peek"
        mov ah, 0x00
        int 0x16
        EXPECT_EQ ax, 0x1E61, "read"
        mov ah, 0x01
        CALLINT 0x16
        EXPECT_ZF 1, "empty again"
        ENDCASE

        CASE "the buffer holds 15 keys; the 16th is refused"
        mov bx, 0
.fill:  STORE 0x3920
        inc bx
        cmp bx, 15
        jb .fill
        EXPECT_EQ8 al, 0, "15th stored"
        STORE 0x3920
        EXPECT_EQ8 al, 1, "16th refused"
        mov bx, 0
.drain: mov ah, 0x00
        int 0x16
        inc bx
        cmp bx, 15
        jb .drain
        mov ah, 0x01
        CALLINT 0x16
        EXPECT_ZF 1, "drained"
        ENDCASE

        CASE "enhanced keys: AH=00h converts grey keys and skips F11"
        STORE 0x8500                    ; F11: enhanced only
        STORE 0x48E0                    ; grey Up
        STORE 0xE00D                    ; keypad Enter
        STORE 0x1AF0                    ; Alt-[ : enhanced only
        STORE 0x1C0D
        mov ah, 0x01
        CALLINT 0x16
        EXPECT_EQ ax, 0x4800, "AH=01h skips F11, shows grey Up as 4800h"
        mov ah, 0x00
        int 0x16
        EXPECT_EQ ax, 0x4800, "grey Up"
        mov ah, 0x00
        int 0x16
        EXPECT_EQ ax, 0x1C0D, "keypad Enter as Enter"
        mov ah, 0x00
        int 0x16
        EXPECT_EQ ax, 0x1C0D, "Alt-[ skipped"
        ENDCASE

        CASE "enhanced keys: AH=10h/11h see everything"
        STORE 0x8500
        STORE 0x48E0
        STORE 0x1AF0
        mov ah, 0x11
        CALLINT 0x16
        EXPECT_ZF 0, "11h"
        EXPECT_EQ ax, 0x8500, "11h peek F11"
        mov ah, 0x10
        int 0x16
        EXPECT_EQ ax, 0x8500, "F11"
        mov ah, 0x10
        int 0x16
        EXPECT_EQ ax, 0x48E0, "grey Up"
        mov ah, 0x10
        int 0x16
        EXPECT_EQ ax, 0x1A00, "Alt-["
        ENDCASE

        CASE "AH=02h/12h: shift flags from 40:17, 40:18, 40:96"
        mov byte [0x417], 0x45          ; caps on, ctrl, right shift
        mov byte [0x418], 0x41          ; caps and left ctrl held
        mov ah, 0x02
        int 0x16
        EXPECT_EQ8 al, 0x45, "AL"
        mov ah, 0x12
        int 0x16
        EXPECT_EQ ax, 0x4145, "AX"
        mov byte [0x417], 0
        mov byte [0x418], 0
        ENDCASE

        CASE "AH=03h typematic: default, set, read back"
        mov ax, 0x0306
        int 0x16
        EXPECT_EQ bx, 0x010B, "default delay 1, rate 0Bh"
        mov ax, 0x0305
        mov bx, 0x0204
        int 0x16
        mov cx, 2
        call wait_ticks
        mov ax, 0x0306
        int 0x16
        EXPECT_EQ bx, 0x0204, "after AL=05h"
        ENDCASE

        CASE "AH=09h capabilities, AH=0Ah keyboard ID"
        mov ah, 0x09
        int 0x16
        and al, 0x61
        EXPECT_EQ8 al, 0x61, "0300h, 0305h, 0306h supported"
        mov ah, 0x0A
        xor bx, bx
        int 0x16
        EXPECT_EQ bx, 0xAB41, "MF2 keyboard, translated"
        ENDCASE
        ret

%include "rom_tail.inc"
