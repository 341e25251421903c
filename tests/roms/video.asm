; tests/roms/video.asm: INT 10h on the VGA: mode sets (registers, BIOS data,
; cleared memory), cursor position and shape with CGA emulation, pages,
; characters and attributes, teletype with wrap and scroll, scrolling
; windows, write string, fonts (1112h/1114h/1130h), palette and DAC, state
; functions (12h, 1Ah, 1Bh, 1Ch), and the graphics modes' pixels and
; characters.
%define TEST_NAME "video"
%include "rom.inc"

VBUF    equ 0xB800
STATE   equ 0x3000                      ; AH=1Bh/1Ch buffers

; read VGA register: %1 index port, %2 index -> AL
%macro VREG 2
        mov dx, %1
        mov al, %2
        out dx, al
        inc dx
        in al, dx
%endmacro

; AL <- attribute controller register %1 (keeps the display on)
%macro AREG 1
        mov dx, 0x3DA
        in al, dx
        mov dx, 0x3C0
        mov al, %1 | 0x20
        out dx, al
        inc dx
        in al, dx
        mov dx, 0x3DA
        push ax
        in al, dx
        pop ax
%endmacro

%macro SETMODE 1
        mov ax, %1
        int 0x10
%endmacro

; FS = B800h for screen checks
test_main:
        mov ax, VBUF
        mov fs, ax

        CASE "AH=0Fh after POST: mode 3, 80 columns, page 0"
        mov ah, 0x0F
        int 0x10
        EXPECT_EQ ax, 0x5003, "AX"
        EXPECT_EQ8 bh, 0, "BH"
        ENDCASE

        CASE "AH=00h mode 3: registers, BIOS data, cleared screen"
        mov word [fs:100], 0x1234
        SETMODE 0x0003
        EXPECT_EQ8 al, 0x30, "AL mode flag"
        EXPECT_EQ [fs:100], 0x0720, "cell cleared"
        mov dx, 0x3CC
        in al, dx
        EXPECT_EQ8 al, 0x67, "misc output"
        VREG 0x3D4, 0x09
        EXPECT_EQ8 al, 0x4F, "CRTC 09h"
        VREG 0x3C4, 0x04
        EXPECT_EQ8 al, 0x02, "sequencer 04h"
        VREG 0x3CE, 0x06
        EXPECT_EQ8 al, 0x0E, "graphics 06h"
        AREG 0x10
        EXPECT_EQ8 al, 0x0C, "attribute 10h"
        EXPECT_EQ [0x44C], 0x1000, "40:4C page size"
        EXPECT_EQ [0x460], 0x0607, "40:60 cursor shape"
        ENDCASE

        CASE "AH=02h/03h: cursor position, CRTC location"
        mov ah, 0x02
        xor bh, bh
        mov dx, 0x050A
        int 0x10
        mov ah, 0x03
        xor bh, bh
        int 0x10
        EXPECT_EQ dx, 0x050A, "DX"
        EXPECT_EQ cx, 0x0607, "CX shape"
        VREG 0x3D4, 0x0E
        mov ah, al
        VREG 0x3D4, 0x0F
        EXPECT_EQ ax, 5 * 80 + 10, "CRTC cursor location"
        ENDCASE

        CASE "AH=09h/08h/0Ah: characters and attributes at the cursor"
        mov ax, 0x0941
        mov bx, 0x001E
        mov cx, 3
        int 0x10
        mov ah, 0x08
        xor bh, bh
        int 0x10
        EXPECT_EQ ax, 0x1E41, "AH=08h"
        EXPECT_EQ [fs:(5*80+12)*2], 0x1E41, "third cell"
        EXPECT_EQ [fs:(5*80+13)*2], 0x0720, "fourth cell untouched"
        mov ax, 0x0A42
        xor bh, bh
        mov cx, 1
        int 0x10
        EXPECT_EQ [fs:(5*80+10)*2], 0x1E42, "AH=0Ah keeps the attribute"
        mov ah, 0x03
        xor bh, bh
        int 0x10
        EXPECT_EQ dx, 0x050A, "cursor did not move"
        ENDCASE

        CASE "AH=0Eh teletype: characters, CR, LF, BS"
        mov ax, 0x0E48
        int 0x10
        mov ax, 0x0E69
        int 0x10
        mov ax, 0x0E08
        int 0x10
        mov ah, 0x03
        xor bh, bh
        int 0x10
        EXPECT_EQ dx, 0x050B, "after H, i, BS"
        mov ax, 0x0E0D
        int 0x10
        mov ax, 0x0E0A
        int 0x10
        mov ah, 0x03
        xor bh, bh
        int 0x10
        EXPECT_EQ dx, 0x0600, "after CR LF"
        EXPECT_EQ8 [fs:(5*80+10)*2], 'H', "H"
        EXPECT_EQ8 [fs:(5*80+11)*2], 'i', "i"
        ENDCASE

        CASE "AH=0Eh at the bottom right wraps and scrolls the screen"
        mov ax, 0x0958                  ; an X at row 1, col 0
        mov bx, 0x0007
        mov cx, 1
        mov dx, 0x0100
        push ax
        mov ah, 0x02
        int 0x10
        pop ax
        int 0x10
        mov ah, 0x02
        xor bh, bh
        mov dx, 0x184F
        int 0x10
        mov ax, 0x0E5A
        int 0x10
        EXPECT_EQ8 [fs:(23*80+79)*2], 'Z', "Z moved up a row"
        EXPECT_EQ8 [fs:0], 'X', "row 1 moved to row 0"
        EXPECT_EQ [fs:(24*80)*2], 0x0720, "new bottom row blank"
        mov ah, 0x03
        xor bh, bh
        int 0x10
        EXPECT_EQ dx, 0x1800, "cursor at the start of the last row"
        ENDCASE

        CASE "AH=06h/07h: scroll a window up and down"
        SETMODE 0x0003
        mov ax, 0x0931                  ; '1' at (2,2)
        mov bx, 0x0007
        mov cx, 1
        push ax
        mov ah, 0x02
        mov dx, 0x0202
        int 0x10
        pop ax
        int 0x10
        mov ax, 0x0601                  ; up 1 in rows 1-3, cols 1-3, attr 4Fh
        mov bh, 0x4F
        mov cx, 0x0101
        mov dx, 0x0303
        int 0x10
        EXPECT_EQ8 [fs:(1*80+2)*2], '1', "moved up"
        EXPECT_EQ [fs:(3*80+2)*2], 0x4F20, "blank with the attribute"
        EXPECT_EQ [fs:(3*80+4)*2], 0x0720, "outside the window"
        mov ax, 0x0702
        mov bh, 0x07
        mov cx, 0x0101
        mov dx, 0x0303
        int 0x10
        EXPECT_EQ8 [fs:(3*80+2)*2], '1', "moved down two"
        mov ax, 0x0600                  ; AL=0 clears
        mov bh, 0x17
        mov cx, 0x0000
        mov dx, 0x184F
        int 0x10
        EXPECT_EQ [fs:(12*80+40)*2], 0x1720, "cleared"
        ENDCASE

        CASE "AH=05h: page 1 (start address, cursor per page)"
        mov ax, 0x0501
        int 0x10
        EXPECT_EQ8 [0x462], 1, "40:62"
        EXPECT_EQ [0x44E], 0x1000, "40:4E"
        VREG 0x3D4, 0x0C
        mov ah, al
        VREG 0x3D4, 0x0D
        EXPECT_EQ ax, 0x0800, "CRTC start address"
        mov ax, 0x0950
        mov bx, 0x0107
        mov cx, 1
        int 0x10
        EXPECT_EQ8 [fs:0x1000], 'P', "written on page 1"
        mov ax, 0x0500
        int 0x10
        ENDCASE

        CASE "AH=01h: cursor shape with emulation, hidden, emulation off"
        mov ah, 0x01
        mov cx, 0x0607
        int 0x10
        VREG 0x3D4, 0x0A
        EXPECT_EQ8 al, 0x0D, "CRTC 0Ah"
        VREG 0x3D4, 0x0B
        EXPECT_EQ8 al, 0x0E, "CRTC 0Bh"
        mov ah, 0x01
        mov cx, 0x2000
        int 0x10
        VREG 0x3D4, 0x0A
        and al, 0x20
        EXPECT_EQ8 al, 0x20, "cursor off bit"
        mov ax, 0x1201
        mov bl, 0x34
        int 0x10
        EXPECT_EQ8 al, 0x12, "AH=12h BL=34h"
        mov ah, 0x01
        mov cx, 0x0607
        int 0x10
        VREG 0x3D4, 0x0A
        EXPECT_EQ8 al, 0x06, "CRTC 0Ah without emulation"
        mov ax, 0x1200
        mov bl, 0x34
        int 0x10
        ENDCASE

        CASE "AH=1Ah, AH=12h BL=10h: VGA colour, 256 KiB"
        mov ax, 0x1A00
        int 0x10
        EXPECT_EQ8 al, 0x1A, "AL"
        EXPECT_EQ bx, 0x0008, "BX"
        mov ah, 0x12
        mov bl, 0x10
        int 0x10
        EXPECT_EQ bx, 0x0003, "BX"
        ENDCASE

        CASE "AX=1130h: the 8x16 font, 16 lines, 25 rows"
        push es
        mov ax, 0x1130
        mov bh, 6
        int 0x10
        mov ax, es
        mov si, bp
        pop es
        EXPECT_EQ ax, 0xF000, "ES"
        EXPECT_EQ cx, 16, "CX"
        EXPECT_EQ8 dl, 24, "DL"
        push ds
        mov ds, ax
        mov cx, 16
        xor bx, bx
.g:     or bl, [si + 'A' * 16]
        inc si
        loop .g
        pop ds
        FAIL_IF z, "glyph of A is empty"
        ENDCASE

        CASE "AX=1112h: 8x8 font gives 50 rows; 1114h back to 25"
        mov ax, 0x1112
        xor bl, bl
        int 0x10
        EXPECT_EQ8 [0x484], 49, "40:84"
        EXPECT_EQ [0x485], 8, "40:85"
        VREG 0x3D4, 0x09
        and al, 0x1F
        EXPECT_EQ8 al, 7, "CRTC 09h"
        mov ax, 0x1114
        xor bl, bl
        int 0x10
        EXPECT_EQ8 [0x484], 24, "40:84"
        ENDCASE

        CASE "AH=1Bh: state information"
        mov ah, 0x1B
        xor bx, bx
        mov di, STATE
        int 0x10
        EXPECT_EQ8 al, 0x1B, "AL"
        EXPECT_EQ8 [STATE+4], 3, "mode"
        EXPECT_EQ [STATE+5], 80, "columns"
        EXPECT_EQ8 [STATE+0x22], 25, "rows"
        EXPECT_EQ8 [STATE+0x25], 8, "active DCC"
        EXPECT_EQ8 [STATE+0x2A], 2, "400 scan lines"
        push es
        les bx, [STATE]
        mov al, [es:bx]
        pop es
        EXPECT_EQ8 al, 0xFF, "static table: modes 0-7"
        ENDCASE

        CASE "AH=10h: DAC and palette registers round trip"
        mov ax, 0x1010
        mov bx, 5
        mov dh, 0x11
        mov cx, 0x2233
        int 0x10
        mov ax, 0x1015
        mov bx, 5
        xor cx, cx
        xor dx, dx
        int 0x10
        EXPECT_EQ8 dh, 0x11, "red"
        EXPECT_EQ cx, 0x2233, "green, blue"
        mov ax, 0x1000
        mov bx, 0x2A03
        int 0x10
        mov ax, 0x1007
        mov bl, 3
        int 0x10
        EXPECT_EQ8 bh, 0x2A, "palette register 3"
        mov ax, 0x1003
        xor bl, bl
        int 0x10
        AREG 0x10
        and al, 0x08
        EXPECT_EQ8 al, 0, "intensity (no blink)"
        AREG 0x00
        EXPECT_EQ8 al, 0, "display on: palette 0 readable"
        mov ax, 0x1018
        mov bl, 0xF0
        int 0x10
        mov ax, 0x1019
        int 0x10
        EXPECT_EQ8 bl, 0xF0, "PEL mask"
        mov ax, 0x1018
        mov bl, 0xFF
        int 0x10
        ENDCASE

        CASE "AH=1Ch: save and restore the DAC"
        mov ax, 0x1C00
        mov cx, 7
        int 0x10
        EXPECT_EQ8 al, 0x1C, "size: AL"
        cmp bx, 0
        FAIL_IF e, "size: no blocks"
        mov ax, 0x1C01
        mov cx, 4
        mov bx, STATE
        int 0x10
        mov ax, 0x1010
        mov bx, 7
        xor dh, dh
        xor cx, cx
        int 0x10
        mov ax, 0x1C02
        mov cx, 4
        mov bx, STATE
        int 0x10
        mov ax, 0x1015
        mov bx, 7
        int 0x10
        EXPECT_EQ8 dh, 0x2A, "red of colour 7 restored"
        ENDCASE

        CASE "AH=13h: write string with attributes, cursor moved"
        SETMODE 0x0003
        mov ax, 0x1303
        mov bx, 0x0000
        mov cx, 2
        mov dx, 0x0A05
        mov bp, str_attr
        int 0x10
        EXPECT_EQ [fs:(10*80+5)*2], 0x1F4F, "O"
        EXPECT_EQ [fs:(10*80+6)*2], 0x2E4B, "K"
        mov ah, 0x03
        xor bh, bh
        int 0x10
        EXPECT_EQ dx, 0x0A07, "cursor"
        ENDCASE

        CASE "AH=12h BL=30h: 350 scan lines for the next text mode"
        mov ax, 0x1201
        mov bl, 0x30
        int 0x10
        EXPECT_EQ8 al, 0x12, "AL"
        SETMODE 0x0003
        EXPECT_EQ [0x485], 14, "character height"
        VREG 0x3D4, 0x12
        EXPECT_EQ8 al, 0x5D, "vertical display end"
        mov ax, 0x1202
        mov bl, 0x30
        int 0x10
        SETMODE 0x0003
        EXPECT_EQ [0x485], 16, "400 lines again"
        ENDCASE

        CASE "mode 7 (monochrome) and back; an unknown mode changes nothing"
        SETMODE 0x0007
        EXPECT_EQ [0x463], 0x3B4, "CRTC port"
        mov ah, 0x0F
        int 0x10
        EXPECT_EQ8 al, 7, "mode"
        SETMODE 0x0003
        SETMODE 0x0055
        mov ah, 0x0F
        int 0x10
        EXPECT_EQ8 al, 3, "mode after 55h"
        ENDCASE

        CASE "mode 13h: pixels and a character"
        SETMODE 0x0013
        mov ah, 0x0F
        int 0x10
        EXPECT_EQ ax, 0x2813, "AX"
        VREG 0x3C4, 0x04
        EXPECT_EQ8 al, 0x0E, "sequencer 04h"
        mov ax, 0x0C05
        xor bh, bh
        mov cx, 10
        mov dx, 20
        int 0x10
        mov ax, 0xA000
        mov gs, ax
        EXPECT_EQ8 [gs:20*320+10], 5, "memory"
        mov ah, 0x0D
        xor bh, bh
        mov cx, 10
        mov dx, 20
        int 0x10
        EXPECT_EQ8 al, 5, "AH=0Dh"
        mov ax, 0x0941
        mov bx, 0x000F
        mov cx, 1
        mov dx, 0x0203
        push ax
        mov ah, 0x02
        int 0x10
        pop ax
        int 0x10
        mov ah, 0x08
        xor bh, bh
        int 0x10
        EXPECT_EQ8 al, 'A', "AH=08h reads the character back"
        ENDCASE

        CASE "mode 12h: planar pixels, XOR, teletype and read back"
        SETMODE 0x0012
        EXPECT_EQ8 [0x484], 29, "rows"
        mov ax, 0x0C09
        xor bh, bh
        mov cx, 100
        mov dx, 50
        int 0x10
        mov ah, 0x0D
        int 0x10
        EXPECT_EQ8 al, 9, "pixel"
        mov ax, 0x0C83                  ; XOR 3
        int 0x10
        mov ah, 0x0D
        int 0x10
        EXPECT_EQ8 al, 0x0A, "pixel after XOR"
        mov ah, 0x0E
        mov al, 'Q'
        mov bl, 0x0E
        int 0x10
        mov ah, 0x02
        xor bh, bh
        xor dx, dx
        int 0x10
        mov ah, 0x08
        int 0x10
        EXPECT_EQ8 al, 'Q', "character read back"
        mov ax, 0x0601                  ; scroll the screen up one row
        xor bh, bh
        xor cx, cx
        mov dx, 0x1D4F
        int 0x10
        mov ah, 0x0D
        mov cx, 100
        mov dx, 50 - 16
        int 0x10
        EXPECT_EQ8 al, 0x0A, "pixel moved up a character row"
        ENDCASE

        CASE "mode 4: CGA interleaved pixels; modes 6, 0Dh-11h"
        SETMODE 0x0004
        mov ax, 0x0C02
        xor bh, bh
        mov cx, 1
        mov dx, 1
        int 0x10
        EXPECT_EQ8 [fs:0x2000], 0x20, "odd scan line bank"
        mov ah, 0x0D
        int 0x10
        EXPECT_EQ8 al, 2, "AH=0Dh"
        SETMODE 0x0006
        mov ax, 0x0C01
        mov cx, 9
        xor dx, dx
        int 0x10
        EXPECT_EQ8 [fs:1], 0x40, "mode 6 pixel"
        SETMODE 0x000D
        EXPECT_EQ [0x44A], 40, "0Dh columns"
        SETMODE 0x000E
        EXPECT_EQ [0x44A], 80, "0Eh columns"
        SETMODE 0x0010
        EXPECT_EQ8 [0x484], 24, "10h rows"
        EXPECT_EQ [0x485], 14, "10h character height"
        SETMODE 0x0011
        mov ah, 0x0F
        int 0x10
        EXPECT_EQ8 al, 0x11, "11h"
        SETMODE 0x0003
        ENDCASE

        CASE "BEL: the speaker sounds for about half a second"
        mov ebx, [0x46C]
        mov ax, 0x0E07
        int 0x10
        mov eax, [0x46C]
        sub eax, ebx
        cmp ax, 8
        FAIL_IF b, "returned before 8 ticks"
        in al, 0x61
        and al, 3
        EXPECT_EQ8 al, 0, "speaker off afterwards"
        ENDCASE
        ret

str_attr:       db 'O', 0x1F, 'K', 0x2E

%include "rom_tail.inc"
