; tests/roms/vbe.asm: INT 10h AH=4Fh, VBE 2.0, on the Bochs VBE display:
; controller information (1.x and "VBE2" blocks, a buffer that wraps at the
; end of its segment), mode information of packed, direct-colour and planar
; modes, mode sets (linear, banked, kept memory, standard VGA modes through
; 4F02h and AH=00h leaving VBE), the current mode, the window by INT 10h and
; by the WinFuncPtr far call, scan line length, display start (also at
; retrace), DAC width, palette data, save/restore state, the protected-mode
; interface called from 32-bit protected mode, and the same services called
; from virtual-8086 mode through paging that relocates the caller's buffer.
; The DISPI registers and the linear framebuffer are read directly to check
; what the services did (FS is a flat 4 GiB segment: "unreal mode").
%define TEST_NAME "vbe"
%include "rom.inc"

INFO    equ 0x2000                      ; VbeInfoBlock (512 bytes)
MINFO   equ 0x2400                      ; ModeInfoBlock (256 bytes)
STATE   equ 0x3000                      ; 4F04h buffer
PAL     equ 0x2800                      ; 4F09h entries
LFB_PTR equ MINFO + 40                  ; PhysBasePtr

; AX <- DISPI register %1
%macro DISPI_RD 1
        mov dx, 0x1CE
        mov ax, %1
        out dx, ax
        inc dx
        in ax, dx
%endmacro

; VBE call: AX = 4F00h + %1 (other registers set by the caller)
%macro VBE 1
        mov ax, 0x4F00 + %1
        int 0x10
%endmacro

test_main:
        call unreal

        CASE "4F00h, VBE 1.x block: VESA 2.0, 256 bytes, strings in the ROM"
        mov di, INFO
        mov cx, 512
        mov al, 0xAA
        rep stosb
        mov di, INFO
        VBE 0x00
        EXPECT_EQ ax, 0x004F, "AX"
        EXPECT_EQ [INFO], 'VE', "signature"
        EXPECT_EQ [INFO + 2], 'SA', "signature"
        EXPECT_EQ [INFO + 4], 0x0200, "version"
        EXPECT_EQ [INFO + 8], 0xF000, "OEM string segment"
        EXPECT_EQ [INFO + 10], 1, "capabilities: 8-bit DAC"
        EXPECT_EQ [INFO + 14], INFO + 34, "mode list offset"
        EXPECT_EQ [INFO + 16], 0, "mode list segment"
        EXPECT_EQ [INFO + 18], 256, "memory, 64 KiB units"
        EXPECT_EQ [INFO + 20], 0, "no VBE 2.0 fields"
        EXPECT_EQ8 [INFO + 255], 0, "reserved cleared"
        EXPECT_EQ8 [INFO + 256], 0xAA, "byte 256 untouched"
        push ds
        lds si, [INFO + 6]
        mov ax, [si]
        pop ds
        EXPECT_EQ ax, 'Vi', "OEM string"
        mov si, INFO + 34
        mov ax, 0x0101
        call find_mode
        EXPECT_EQ ax, 1, "101h listed"
        mov ax, 0x0114
        call find_mode
        EXPECT_EQ ax, 1, "114h listed"
        mov ax, 0x0144
        call find_mode
        EXPECT_EQ ax, 1, "144h listed"
        mov ax, 0x0102
        call find_mode
        EXPECT_EQ ax, 1, "102h listed"
        mov ax, 0x0003
        call find_mode
        EXPECT_EQ ax, 0, "VGA modes are not listed"
        ENDCASE

        CASE "4F00h, VBE2: 512 bytes, OEM strings in the caller's OemData"
        mov dword [INFO], 'VBE2'
        mov di, INFO
        VBE 0x00
        EXPECT_EQ ax, 0x004F, "AX"
        EXPECT_EQ [INFO], 'VE', "signature"
        EXPECT_EQ [INFO + 6], INFO + 256, "OEM string in OemData"
        EXPECT_EQ [INFO + 8], 0, "OEM string segment"
        EXPECT_EQ [INFO + 20], 0x0100, "OEM software revision"
        EXPECT_EQ [INFO + 24], 0, "vendor segment"
        mov si, [INFO + 22]
        EXPECT_EQ [si], 'Vi', "vendor name"
        mov si, [INFO + 26]
        EXPECT_EQ [si + 6], 'VB', "product name"
        mov si, [INFO + 30]
        mov ax, si
        cmp ax, INFO + 256
        FAIL_IF b, "product revision below OemData"
        cmp ax, INFO + 512
        FAIL_IF ae, "product revision past OemData"
        ENDCASE

        CASE "4F00h, VBE2 at 1000:FF00: the block wraps at the end of the segment"
        push es
        mov ax, 0x1000
        mov es, ax
        mov dword [es:0xFF00], 'VBE2'
        mov di, 0xFF00
        VBE 0x00
        EXPECT_EQ ax, 0x004F, "AX"
        EXPECT_EQ [es:0xFF00], 'VE', "signature"
        EXPECT_EQ [es:0xFF0E], 0xFF22, "mode list offset"
        EXPECT_EQ [es:0xFF10], 0x1000, "mode list segment"
        EXPECT_EQ [es:0xFF06], 0x0000, "OEM string offset wraps to 0"
        EXPECT_EQ [es:0x0000], 'Vi', "OEM string at 1000:0000"
        pop es
        ENDCASE

        CASE "4F01h 114h: 800x600, 16 bpp 5:6:5, linear framebuffer"
        mov cx, 0x0114
        mov di, MINFO
        VBE 0x01
        EXPECT_EQ ax, 0x004F, "AX"
        mov ax, [MINFO]
        and ax, 0x009B
        EXPECT_EQ ax, 0x009B, "attributes: supported, colour, graphics, LFB"
        EXPECT_EQ8 [MINFO + 2], 7, "window A attributes"
        EXPECT_EQ8 [MINFO + 3], 0, "no window B"
        EXPECT_EQ [MINFO + 4], 64, "granularity"
        EXPECT_EQ [MINFO + 6], 64, "window size"
        EXPECT_EQ [MINFO + 8], 0xA000, "window A segment"
        EXPECT_EQ [MINFO + 14], 0xF000, "WinFuncPtr segment"
        EXPECT_EQ [MINFO + 16], 1600, "bytes per scan line"
        EXPECT_EQ [MINFO + 18], 800, "X"
        EXPECT_EQ [MINFO + 20], 600, "Y"
        EXPECT_EQ8 [MINFO + 24], 1, "planes"
        EXPECT_EQ8 [MINFO + 25], 16, "bits per pixel"
        EXPECT_EQ8 [MINFO + 27], 6, "memory model: direct colour"
        EXPECT_EQ8 [MINFO + 29], 16, "image pages - 1"
        EXPECT_EQ [MINFO + 31], 0x0B05, "red 5 at 11"
        EXPECT_EQ [MINFO + 33], 0x0506, "green 6 at 5"
        EXPECT_EQ [MINFO + 35], 0x0005, "blue 5 at 0"
        EXPECT_EQ [MINFO + 37], 0x0000, "no reserved bits"
        EXPECT_EQ [MINFO + 40], 0x0000, "PhysBasePtr low"
        EXPECT_EQ [MINFO + 42], 0xE000, "PhysBasePtr high"
        EXPECT_EQ [MINFO + 44], 0xA600, "off-screen memory offset (low)"
        ENDCASE

        CASE "4F01h 144h: 1024x768, 32 bpp with 8 reserved bits"
        mov cx, 0x0144
        mov di, MINFO
        VBE 0x01
        EXPECT_EQ ax, 0x004F, "AX"
        EXPECT_EQ [MINFO + 16], 4096, "bytes per scan line"
        EXPECT_EQ [MINFO + 18], 1024, "X"
        EXPECT_EQ [MINFO + 20], 768, "Y"
        EXPECT_EQ8 [MINFO + 25], 32, "bits per pixel"
        EXPECT_EQ [MINFO + 31], 0x1008, "red 8 at 16"
        EXPECT_EQ [MINFO + 33], 0x0808, "green 8 at 8"
        EXPECT_EQ [MINFO + 35], 0x0008, "blue 8 at 0"
        EXPECT_EQ [MINFO + 37], 0x1808, "reserved 8 at 24"
        EXPECT_EQ8 [MINFO + 39], 2, "reserved bits usable"
        ENDCASE

        CASE "4F01h 101h and 102h: packed 8 bpp; planar 4 bpp without LFB"
        mov cx, 0x4101                  ; bit 14 is ignored here
        mov di, MINFO
        VBE 0x01
        EXPECT_EQ ax, 0x004F, "AX 101h"
        EXPECT_EQ [MINFO + 16], 640, "101h bytes per scan line"
        EXPECT_EQ8 [MINFO + 27], 4, "101h packed pixel"
        EXPECT_EQ [MINFO + 31], 0, "101h no colour fields"
        mov cx, 0x0102
        VBE 0x01
        EXPECT_EQ ax, 0x004F, "AX 102h"
        test byte [MINFO], 0x80
        FAIL_IF nz, "102h claims a linear framebuffer"
        EXPECT_EQ [MINFO + 16], 100, "102h bytes per plane line"
        EXPECT_EQ8 [MINFO + 24], 4, "102h planes"
        EXPECT_EQ8 [MINFO + 27], 3, "102h planar"
        EXPECT_EQ [MINFO + 42], 0, "102h no PhysBasePtr"
        ENDCASE

        CASE "4F01h: unknown and VGA mode numbers fail"
        mov cx, 0x01FF
        mov di, MINFO
        VBE 0x01
        EXPECT_EQ ax, 0x014F, "1FFh"
        mov cx, 0x0013
        VBE 0x01
        EXPECT_EQ ax, 0x014F, "13h"
        ENDCASE

        CASE "4F02h 4114h: linear 800x600x16; 4F03h; BIOS data"
        mov bx, 0x4114
        VBE 0x02
        EXPECT_EQ ax, 0x004F, "AX"
        VBE 0x03
        EXPECT_EQ ax, 0x004F, "4F03h AX"
        EXPECT_EQ bx, 0x4114, "4F03h BX"
        DISPI_RD 1
        EXPECT_EQ ax, 800, "DISPI XRES"
        DISPI_RD 2
        EXPECT_EQ ax, 600, "DISPI YRES"
        DISPI_RD 3
        EXPECT_EQ ax, 16, "DISPI BPP"
        DISPI_RD 4
        EXPECT_EQ ax, 0x41, "DISPI ENABLE: enabled, LFB"
        EXPECT_EQ8 [0x449], 0xFF, "40:49 no VGA mode"
        EXPECT_EQ [0x4BA], 0x4114, "40:BA VBE mode"
        mov ah, 0x0F
        int 0x10
        EXPECT_EQ8 al, 0xFF, "AH=0Fh mode"
        ENDCASE

        CASE "4F02h 4187h: 1920x1200; the BIOS's text geometry stays in 32 KiB"
        mov bx, 0x4187
        VBE 0x02
        EXPECT_EQ ax, 0x004F, "AX"
        EXPECT_EQ [0x44A], 240, "40:4A columns"
        EXPECT_EQ8 [0x484], 67, "40:84 rows - 1 (240 x 68 x 2 <= 32 KiB)"
        EXPECT_EQ [0x485], 16, "40:85 character height"
        mov ax, 0x0E41                  ; teletype: harmless, nothing to see
        int 0x10
        DISPI_RD 1
        EXPECT_EQ ax, 1920, "DISPI XRES"
        mov bx, 0x4114
        VBE 0x02
        ENDCASE

        CASE "4F05h in a linear mode: not in this mode (034Fh)"
        mov bx, 0x0000
        mov dx, 1
        VBE 0x05
        EXPECT_EQ ax, 0x034F, "AX"
        ENDCASE

        CASE "4F02h 0101h: banked 640x480x8 clears memory; 4F05h moves the window"
        mov edi, [LFB_PTR]
        mov dword [fs:edi + 0x30000], 0x12345678
        mov bx, 0x0101
        VBE 0x02
        EXPECT_EQ ax, 0x004F, "AX"
        mov edi, 0xE0000000
        EXPECT_EQ [fs:edi + 0x30000], 0, "memory cleared"
        mov bx, 0x0000                  ; set window A
        mov dx, 3
        VBE 0x05
        EXPECT_EQ ax, 0x004F, "set AX"
        mov bx, 0x0100                  ; get
        xor dx, dx
        VBE 0x05
        EXPECT_EQ ax, 0x004F, "get AX"
        EXPECT_EQ dx, 3, "get DX"
        push es
        mov ax, 0xA000
        mov es, ax
        mov word [es:0x0010], 0xBEEF
        pop es
        EXPECT_EQ [fs:edi + 0x30010], 0xBEEF, "A000:0010 is byte 30010h"
        DISPI_RD 4
        EXPECT_EQ ax, 0x01, "DISPI ENABLE: enabled, banked"
        VBE 0x03
        EXPECT_EQ bx, 0x0101, "4F03h BX"
        mov bx, 0x0000
        mov dx, 256                     ; 16 MiB: banks 0-255
        VBE 0x05
        EXPECT_EQ ax, 0x014F, "bank past the memory"
        mov bx, 0x0001                  ; window B
        mov dx, 1
        VBE 0x05
        EXPECT_EQ ax, 0x014F, "window B"
        ENDCASE

        CASE "4F05h through the WinFuncPtr far call"
        mov cx, 0x0101
        mov di, MINFO
        VBE 0x01
        xor bx, bx
        mov dx, 5
        call far [MINFO + 12]
        EXPECT_EQ ax, 0x004F, "set AX"
        DISPI_RD 5
        EXPECT_EQ ax, 5, "DISPI BANK"
        mov bx, 0x0100
        xor dx, dx
        call far [MINFO + 12]
        EXPECT_EQ dx, 5, "get DX"
        ENDCASE

        CASE "4F02h 8101h keeps memory; 8114h without LFB is banked"
        mov edi, 0xE0000000
        mov dword [fs:edi + 0x100], 0xCAFEF00D
        mov bx, 0x8101
        VBE 0x02
        EXPECT_EQ ax, 0x004F, "AX"
        mov eax, [fs:edi + 0x100]
        cmp eax, 0xCAFEF00D
        FAIL_IF ne, "memory was cleared"
        VBE 0x03
        EXPECT_EQ bx, 0x8101, "4F03h BX"
        EXPECT_EQ8 [0x487], 0xE0, "40:87 bit 7 (memory kept)"
        mov bx, 0x0114
        VBE 0x02
        DISPI_RD 4
        EXPECT_EQ ax, 0x01, "DISPI ENABLE: no LFB bit"
        ENDCASE

        CASE "4F06h: scan line length in pixels and bytes, maximum"
        mov bx, 0x0101
        VBE 0x02
        mov bl, 0x01
        VBE 0x06
        EXPECT_EQ ax, 0x004F, "get AX"
        EXPECT_EQ bx, 640, "get bytes"
        EXPECT_EQ cx, 640, "get pixels"
        EXPECT_EQ dx, 26214, "get lines"
        mov bl, 0x00
        mov cx, 1024
        VBE 0x06
        EXPECT_EQ ax, 0x004F, "set pixels AX"
        EXPECT_EQ bx, 1024, "set pixels: bytes"
        EXPECT_EQ dx, 16384, "set pixels: lines"
        DISPI_RD 6
        EXPECT_EQ ax, 1024, "DISPI VIRT_WIDTH"
        mov bl, 0x02
        mov cx, 2000
        VBE 0x06
        EXPECT_EQ ax, 0x004F, "set bytes AX"
        EXPECT_EQ cx, 2000, "set bytes: pixels"
        mov bl, 0x03
        VBE 0x06
        EXPECT_EQ ax, 0x004F, "max AX"
        EXPECT_EQ bx, 34952, "max bytes (16 MiB / 480)"
        EXPECT_EQ cx, 34952, "max pixels"
        mov bl, 0x00
        mov cx, 320
        VBE 0x06
        EXPECT_EQ ax, 0x024F, "narrower than the screen"
        EXPECT_EQ cx, 2000, "left as it was"
        mov bx, 0x0111                  ; 640x480x16: 2 bytes a pixel
        VBE 0x02
        mov bl, 0x02
        mov cx, 2001
        VBE 0x06
        EXPECT_EQ cx, 1001, "16 bpp: bytes round up to a pixel"
        EXPECT_EQ bx, 2002, "16 bpp: bytes"
        ENDCASE

        CASE "4F07h: display start set, get, at vertical retrace"
        mov bx, 0x0101
        VBE 0x02
        mov bx, 0x0000
        mov cx, 8
        mov dx, 100
        VBE 0x07
        EXPECT_EQ ax, 0x004F, "set AX"
        DISPI_RD 8
        EXPECT_EQ ax, 8, "DISPI X_OFFSET"
        DISPI_RD 9
        EXPECT_EQ ax, 100, "DISPI Y_OFFSET"
        mov bx, 0xFF01
        xor cx, cx
        xor dx, dx
        VBE 0x07
        EXPECT_EQ ax, 0x004F, "get AX"
        EXPECT_EQ8 bh, 0, "get BH"
        EXPECT_EQ cx, 8, "get CX"
        EXPECT_EQ dx, 100, "get DX"
        mov bx, 0x0080
        mov cx, 0
        mov dx, 7
        VBE 0x07
        EXPECT_EQ ax, 0x004F, "at retrace AX"
        mov dx, 0x3DA
        in al, dx
        test al, 0x08
        FAIL_IF z, "not in vertical retrace after BL=80h"
        DISPI_RD 9
        EXPECT_EQ ax, 7, "at retrace: DISPI Y_OFFSET"
        mov bx, 0x0002
        VBE 0x07
        EXPECT_EQ ax, 0x014F, "BL=02h is VBE 3.0"
        ENDCASE

        CASE "4F08h: DAC width 8 and back to 6; a mode set resets it"
        mov bx, 0x0800
        VBE 0x08
        EXPECT_EQ ax, 0x004F, "set 8 AX"
        EXPECT_EQ8 bh, 8, "set 8 BH"
        DISPI_RD 4
        test al, 0x20
        FAIL_IF z, "DISPI 8-bit DAC bit clear"
        mov bx, 0x0001
        VBE 0x08
        EXPECT_EQ8 bh, 8, "get BH"
        mov bx, 0x0600
        VBE 0x08
        EXPECT_EQ8 bh, 6, "set 6 BH"
        mov bx, 0x0800
        VBE 0x08
        mov bx, 0x0101
        VBE 0x02
        mov bx, 0x0001
        VBE 0x08
        EXPECT_EQ8 bh, 6, "after 4F02h"
        ENDCASE

        CASE "4F09h: palette data set and get, 6- and 8-bit, retrace, limits"
        mov dword [PAL], 0x00030201     ; blue 1, green 2, red 3
        mov dword [PAL + 4], 0x003F2A15
        mov bl, 0x00
        mov cx, 2
        mov dx, 0x10
        mov di, PAL
        VBE 0x09
        EXPECT_EQ ax, 0x004F, "set AX"
        mov ax, 0x1015                  ; the VGA service reads the same DAC
        mov bx, 0x0011
        int 0x10
        EXPECT_EQ8 dh, 0x3F, "entry 11h red"
        EXPECT_EQ8 ch, 0x2A, "entry 11h green"
        EXPECT_EQ8 cl, 0x15, "entry 11h blue"
        mov dword [PAL + 8], 0xFFFFFFFF
        mov dword [PAL + 12], 0xFFFFFFFF
        mov bl, 0x01
        mov cx, 2
        mov dx, 0x10
        mov di, PAL + 8
        VBE 0x09
        EXPECT_EQ ax, 0x004F, "get AX"
        EXPECT_EQ [PAL + 8], 0x0201, "get entry 10h blue, green"
        EXPECT_EQ [PAL + 10], 0x0003, "get entry 10h red, alignment 0"
        EXPECT_EQ [PAL + 12], 0x2A15, "get entry 11h"
        mov bx, 0x0800
        VBE 0x08
        mov dword [PAL], 0x00A09080
        mov bl, 0x80
        mov cx, 1
        mov dx, 0xFF
        mov di, PAL
        VBE 0x09
        EXPECT_EQ ax, 0x004F, "8-bit set at retrace AX"
        mov bl, 0x01
        mov cx, 1
        mov dx, 0xFF
        mov di, PAL + 8
        VBE 0x09
        mov eax, [PAL + 8]
        cmp eax, 0x00A09080
        FAIL_IF ne, "8-bit entry not kept"
        mov bl, 0x00
        mov cx, 2
        mov dx, 0xFF
        VBE 0x09
        EXPECT_EQ ax, 0x014F, "past entry 255"
        mov bl, 0x02
        mov cx, 1
        xor dx, dx
        VBE 0x09
        EXPECT_EQ ax, 0x024F, "secondary palette"
        ENDCASE

        CASE "4F04h: state size; save, change everything, restore"
        mov bx, 0x0101
        VBE 0x02
        mov bx, 0
        mov dx, 2
        VBE 0x05                        ; bank 2
        mov bl, 0
        mov cx, 800
        VBE 0x06                        ; 800 pixels a line
        mov bx, 0
        mov cx, 16
        mov dx, 40
        VBE 0x07                        ; start (16, 40)
        mov edi, 0xE0000000
        mov dword [fs:edi + 0x100000], 0x5A5AA5A5
        mov dl, 0x00
        mov cx, 0x000F
        VBE 0x04
        EXPECT_EQ ax, 0x004F, "size AX"
        EXPECT_EQ bx, 15, "size in 64-byte blocks"
        mov dl, 0x01
        mov cx, 0x000F
        mov bx, STATE
        VBE 0x04
        EXPECT_EQ ax, 0x004F, "save AX"
        mov ax, 0x0003                  ; text mode: VBE off, registers changed
        int 0x10
        DISPI_RD 4
        EXPECT_EQ ax, 0, "text mode: DISPI off"
        mov dl, 0x02
        mov cx, 0x000F
        mov bx, STATE
        VBE 0x04
        EXPECT_EQ ax, 0x004F, "restore AX"
        VBE 0x03
        EXPECT_EQ bx, 0x0101, "mode"
        DISPI_RD 4
        EXPECT_EQ ax, 0x01, "DISPI ENABLE"
        DISPI_RD 5
        EXPECT_EQ ax, 2, "DISPI BANK"
        DISPI_RD 6
        EXPECT_EQ ax, 800, "DISPI VIRT_WIDTH"
        DISPI_RD 8
        EXPECT_EQ ax, 16, "DISPI X_OFFSET"
        DISPI_RD 9
        EXPECT_EQ ax, 40, "DISPI Y_OFFSET"
        EXPECT_EQ8 [0x449], 0xFF, "40:49"
        mov eax, [fs:edi + 0x100000]
        cmp eax, 0x5A5AA5A5
        FAIL_IF ne, "restore cleared video memory"
        mov dl, 0x03
        VBE 0x04
        EXPECT_EQ ax, 0x014F, "DL=03h"
        ENDCASE

        CASE "4F0Ah: the protected-mode table in the ROM"
        push es
        mov bl, 0
        VBE 0x0A
        EXPECT_EQ ax, 0x004F, "AX"
        mov ax, es
        EXPECT_EQ ax, 0xF000, "ES"
        mov [pm_table], di
        mov [pm_len], cx
        mov si, di
        mov ax, [es:si + 6]             ; the port list
        add si, ax
        EXPECT_EQ [es:si], 0x01CE, "first port"
        EXPECT_EQ [es:si + 2], 0x01CF, "second port"
.ports: cmp word [es:si], 0xFFFF
        je .end
        add si, 2
        jmp .ports
.end:   EXPECT_EQ [es:si + 2], 0xFFFF, "no memory locations"
        mov si, [pm_table]
        mov bx, [pm_len]
        xor cx, cx
.offs:  mov ax, [es:si]
        cmp ax, bx
        jb .in
        inc cx
.in:    add si, 2
        mov ax, si
        sub ax, [pm_table]
        cmp ax, 8
        jb .offs
        EXPECT_EQ cx, 0, "offsets past the table's length"
        pop es
        mov bl, 1
        VBE 0x0A
        EXPECT_EQ ax, 0x014F, "BL=01h"
        ENDCASE

        CASE "4F0Ah code from 32-bit protected mode: window, display start, palette"
        mov bx, 0x0101
        VBE 0x02
        mov dword [PAL], 0x00332211
        mov byte [pm_fn], 0             ; function 05h: window 7
        mov word [pm_bx], 0x0000
        mov word [pm_cx], 0
        mov word [pm_dx], 7
        call pm_call
        EXPECT_EQ [pm_ax], 0x004F, "05h AX"
        DISPI_RD 5
        EXPECT_EQ ax, 7, "05h: DISPI BANK"
        mov byte [pm_fn], 2             ; function 07h: start at byte 640*10+32, /4
        mov word [pm_bx], 0x0000
        mov word [pm_cx], (640 * 10 + 32) / 4
        mov word [pm_dx], 0
        call pm_call
        EXPECT_EQ [pm_ax], 0x004F, "07h AX"
        DISPI_RD 8
        EXPECT_EQ ax, 32, "07h: X_OFFSET"
        DISPI_RD 9
        EXPECT_EQ ax, 10, "07h: Y_OFFSET"
        mov byte [pm_fn], 4             ; function 09h: entry 20h from ES:EDI
        mov word [pm_bx], 0x0080
        mov word [pm_cx], 1
        mov word [pm_dx], 0x20
        call pm_call
        EXPECT_EQ [pm_ax], 0x004F, "09h AX"
        mov ax, 0x1015
        mov bx, 0x0020
        int 0x10
        EXPECT_EQ8 dh, 0x33, "09h: red"
        EXPECT_EQ8 ch, 0x22, "09h: green"
        EXPECT_EQ8 cl, 0x11, "09h: blue"
        mov byte [pm_fn], 0             ; a bank past the memory fails
        mov word [pm_dx], 0x1000
        call pm_call
        EXPECT_EQ [pm_ax], 0x014F, "05h past the memory"
        ENDCASE

        CASE "4F02h 0102h: planar 800x600x4 through the graphics controller"
        mov bx, 0x4102
        VBE 0x02
        EXPECT_EQ ax, 0x014F, "no linear framebuffer for 4 bpp"
        mov bx, 0x0102
        VBE 0x02
        EXPECT_EQ ax, 0x004F, "AX"
        DISPI_RD 3
        EXPECT_EQ ax, 4, "DISPI BPP"
        push es
        mov ax, 0xA000
        mov es, ax
        mov byte [es:0], 0xFF           ; write mode 0, map mask 0Fh: all planes
        pop es
        mov edi, 0xE0000000
        EXPECT_EQ [fs:edi], 0xFFFF, "planes 0, 1 of byte 0"
        EXPECT_EQ [fs:edi + 2], 0xFFFF, "planes 2, 3 of byte 0"
        ENDCASE

        CASE "4F02h 0012h and AH=00h: standard modes leave VBE"
        mov bx, 0x0012
        VBE 0x02
        EXPECT_EQ ax, 0x004F, "AX"
        DISPI_RD 4
        EXPECT_EQ ax, 0, "DISPI off"
        VBE 0x03
        EXPECT_EQ bx, 0x0012, "4F03h: VGA mode 12h"
        EXPECT_EQ [0x4BA], 0, "40:BA cleared"
        mov bx, 0x4114
        VBE 0x02
        mov ax, 0x0003
        int 0x10
        DISPI_RD 4
        EXPECT_EQ ax, 0, "AH=00h: DISPI off"
        VBE 0x03
        EXPECT_EQ bx, 0x0003, "4F03h: mode 3"
        mov bx, 0x4003
        VBE 0x02
        EXPECT_EQ ax, 0x014F, "a VGA mode with LFB"
        mov bx, 0x0055
        VBE 0x02
        EXPECT_EQ ax, 0x014F, "no such VGA mode"
        mov ax, 0x4F0B
        int 0x10
        cmp al, 0x4F
        FAIL_IF e, "4F0Bh claims support"
        ENDCASE

        CASE "VBE from virtual-8086 mode, the buffer relocated by paging"
        call v86_test
        EXPECT_EQ [v86_done], 1, "the V86 task returned"
        EXPECT_EQ [v86_ax0], 0x004F, "4F00h AX"
        EXPECT_EQ [v86_ax1], 0x004F, "4F01h AX"
        EXPECT_EQ [v86_ax2], 0x004F, "4F02h AX"
        EXPECT_EQ [v86_bx3], 0x4111, "4F03h BX"
        EXPECT_EQ [V86_PHYS], 'VE', "info block at the page's physical home"
        EXPECT_EQ [V86_PHYS + 14], 34, "mode list offset is the caller's"
        EXPECT_EQ [V86_PHYS + 16], V86_LIN >> 4, "mode list segment is the caller's"
        EXPECT_EQ [V86_PHYS + 256 + 18], 640, "mode info X in the same page"
        EXPECT_EQ [V86_LIN], 0x1111, "the linear page itself untouched"
        DISPI_RD 1
        EXPECT_EQ ax, 640, "DISPI XRES"
        DISPI_RD 3
        EXPECT_EQ ax, 16, "DISPI BPP"
        mov ax, 0x0003
        int 0x10
        ENDCASE
        ret

; find_mode: AX in the FFFFh-terminated list at DS:SI? AX = 1 or 0.
find_mode:
        push si
        push bx
        mov bx, ax
.l:     mov ax, [si]
        cmp ax, 0xFFFF
        je .no
        cmp ax, bx
        je .yes
        add si, 2
        jmp .l
.yes:   mov ax, 1
        jmp .out
.no:    xor ax, ax
.out:   pop bx
        pop si
        ret

; ---- descriptors ----------------------------------------------------------
        align 8
gdt:    dq 0
        dw 0xFFFF, 0, 0x9200, 0x00CF    ; 08h: data, base 0, 4 GiB
        dw 0xFFFF, 0, 0x9A00, 0x00CF    ; 10h: 32-bit code, base 0, 4 GiB
        dw 0xFFFF, 0, 0x9A00, 0x0000    ; 18h: 16-bit code, base 0, 64 KiB
        dw 0xFFFF, 0, 0x9200, 0x0000    ; 20h: 16-bit data, base 0, 64 KiB
        dw 0x0067, tss, 0x8900, 0x0000  ; 28h: 32-bit TSS (base < 64 KiB)
gdt_end:
gdtr:   dw gdt_end - gdt - 1
        dd gdt
idtr:   dw idt_end - idt - 1
        dd idt
rm_idtr: dw 0x3FF
        dd 0

; FS: a flat 4 GiB limit with base 0, for the DISPI's LFB at E0000000h.
unreal:
        cli
        in al, 0x92
        or al, 2
        out 0x92, al
        lgdt [gdtr]
        mov eax, cr0
        or al, 1
        mov cr0, eax
        jmp .pm
.pm:    mov bx, 0x08
        mov fs, bx
        and al, 0xFE
        mov cr0, eax
        jmp 0:.rm
.rm:    xor ax, ax
        mov fs, ax
        sti
        ret

; ---- the protected-mode interface, called from a 32-bit code segment ----
; pm_call: function at table byte offset [pm_fn] (0: 05h, 2: 07h, 4: 09h)
; with BX, CX, DX from pm_bx/pm_cx/pm_dx and ES:EDI = PAL, called in place
; (in the ROM) with a near CALL from a flat 32-bit code segment; AX comes
; back in pm_ax (DEADh if the code lost the high half of EAX).
pm_table: dw 0
pm_len:   dw 0
pm_fn:    db 0
pm_ax:    dw 0
pm_bx:    dw 0
pm_cx:    dw 0
pm_dx:    dw 0
pm_entry: dd 0
pm_sp:    dw 0

pm_call:
        pushad
        push ds
        push es
        movzx esi, word [pm_table]
        movzx ebx, byte [pm_fn]
        movzx eax, word [fs:esi + ebx + 0xF0000]
        add eax, esi
        add eax, 0xF0000
        mov [pm_entry], eax
        mov [pm_sp], sp
        cli
        lgdt [gdtr]
        mov eax, cr0
        or al, 1
        mov cr0, eax
        jmp dword 0x10:.pm32
        bits 32
.pm32:  mov ax, 0x08
        mov ds, ax
        mov es, ax
        mov ss, ax
        movzx esp, word [pm_sp]
        mov bx, [pm_bx]
        mov cx, [pm_cx]
        mov dx, [pm_dx]
        mov edi, PAL
        mov eax, 0x12340000
        call [pm_entry]
        mov [pm_ax], ax
        shr eax, 16
        cmp ax, 0x1234
        je .kept
        mov word [pm_ax], 0xDEAD
.kept:  jmp 0x18:.pm16
        bits 16
.pm16:  mov ax, 0x20
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov eax, cr0
        and al, 0xFE
        mov cr0, eax
        jmp 0:.rm
.rm:    xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, [pm_sp]
        sti
        pop es
        pop ds
        popad
        call unreal
        ret

; ---- virtual-8086 mode -----------------------------------------------------
; A minimal monitor, as a memory manager is one: paging with the first
; 4 MiB identity-mapped except linear V86_LIN, which maps to physical
; V86_PHYS; a V86 task (IOPL 3, so CLI/STI/IN/OUT run directly) that calls
; the VBE services with its buffer at V86_LIN; the monitor reflects every
; interrupt (INT n, and the timer's IRQ 0 at vector 08h) to the real-mode
; vector, as EMM386 reflects them to the BIOS, and INT 3 ends the task.
V86_LIN  equ 0x5000                     ; the caller's buffer, linear
V86_PHYS equ 0x6000                     ; where paging puts it
PD       equ 0x10000                    ; page directory
PT       equ 0x11000                    ; page table for 0-4 MiB
RING0_SP equ 0x1F00                     ; the monitor's stack (TSS ESP0)
V86_SP   equ 0x4000                     ; the task's stack, 0000:4000

v86_done: dw 0
v86_ax0:  dw 0
v86_ax1:  dw 0
v86_ax2:  dw 0
v86_bx3:  dw 0
v86_sp:   dw 0

        align 4
tss:    times 0x68 db 0
idt:    times 256 * 8 db 0
idt_end:

v86_test:
        pushad
        push ds
        push es
        mov word [V86_LIN], 0x1111      ; the linear page's own (unmapped) frame
        mov dword [V86_PHYS], 'VBE2'    ; what the task sees at V86_LIN
        push es
        mov ax, PD >> 4
        mov es, ax
        xor di, di
        xor eax, eax
        mov cx, 0x2000 / 4
        rep stosd
        pop es
        mov dword [fs:dword PD], PT | 7
        xor ecx, ecx
.pt:    mov eax, ecx
        shl eax, 12
        or eax, 7                       ; present, writable, user
        mov [fs:PT + ecx * 4], eax
        inc ecx
        cmp ecx, 1024
        jb .pt
        mov dword [fs:dword PT + (V86_LIN >> 12) * 4], V86_PHYS | 7
        mov dword [tss + 4], RING0_SP
        mov word [tss + 8], 0x08
        mov word [tss + 0x66], 0x68     ; no I/O bitmap: IOPL 3 decides
        mov di, idt                     ; interrupt gates, DPL 3, to the stubs
        xor cx, cx
.idt:   mov ax, cx
        shl ax, 3
        add ax, v86_stubs
        mov [di], ax
        mov word [di + 2], 0x10
        mov word [di + 4], 0xEE00
        mov word [di + 6], 0
        add di, 8
        inc cx
        cmp cx, 256
        jb .idt
        mov [v86_sp], sp
        cli
        lgdt [gdtr]
        lidt [idtr]
        mov eax, PD
        mov cr3, eax
        mov eax, cr0
        or eax, 0x80000001
        mov cr0, eax
        jmp dword 0x10:.pm32
        bits 32
.pm32:  mov ax, 0x08
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov esp, RING0_SP
        mov ax, 0x28
        ltr ax
        push dword 0                    ; GS
        push dword 0                    ; FS
        push dword 0                    ; DS
        push dword 0                    ; ES
        push dword 0                    ; SS
        push dword V86_SP               ; ESP
        push dword 0x00023202           ; EFLAGS: VM, IOPL 3, IF
        push dword 0                    ; CS
        push dword v86_task             ; EIP
        iretd

; One 8-byte stub per vector: push the vector, go to the monitor.
        align 8
v86_stubs:
%assign v 0
%rep 256
        db 0x6A, v                      ; push imm8 (sign-extended)
        jmp near v86_monitor
        nop
  %assign v v + 1
%endrep

; The frame: [ESP] vector, then EIP, CS, EFLAGS, ESP, SS, ES, DS, FS, GS of
; the V86 task.  Entry from V86 mode leaves DS-GS null: load a flat DS (the
; IRET back to V86 mode reloads them all from the frame).
v86_monitor:
        push ebp
        mov ebp, esp
        push eax
        push ebx
        push ecx
        mov ax, 0x08
        mov ds, ax
        movzx eax, byte [ebp + 4]
        cmp al, 3
        je .finish
        movzx ebx, word [ebp + 24]      ; SS:SP - 6: FLAGS, CS, IP
        shl ebx, 4
        movzx ecx, word [ebp + 20]
        sub cx, 6
        mov [ebp + 20], ecx
        add ebx, ecx
        mov cx, [ebp + 16]
        mov [ebx + 4], cx
        mov cx, [ebp + 12]
        mov [ebx + 2], cx
        mov cx, [ebp + 8]
        mov [ebx], cx
        mov ecx, [eax * 4]              ; the real-mode vector
        movzx ebx, cx
        mov [ebp + 8], ebx
        shr ecx, 16
        mov [ebp + 12], ecx
        and dword [ebp + 16], ~0x300    ; IF and TF clear, as INT leaves them
        pop ecx
        pop ebx
        pop eax
        pop ebp
        add esp, 4
        iretd
.finish:
        mov word [v86_done], 1
        mov eax, cr0
        and eax, 0x7FFFFFFF
        mov cr0, eax
        xor eax, eax
        mov cr3, eax
        jmp 0x18:.pm16
        bits 16
.pm16:  mov ax, 0x20
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov eax, cr0
        and al, 0xFE
        mov cr0, eax
        jmp 0:.rm
.rm:    xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, [v86_sp]
        lidt [rm_idtr]
        sti
        pop es
        pop ds
        popad
        call unreal
        ret

; The task (V86 mode, CS = DS = 0): 4F00h and 4F01h into the relocated
; buffer, then 4F02h and 4F03h.
v86_task:
        mov ax, V86_LIN >> 4
        mov es, ax
        xor di, di
        mov ax, 0x4F00
        int 0x10
        mov [v86_ax0], ax
        mov cx, 0x0111
        mov di, 256
        mov ax, 0x4F01
        int 0x10
        mov [v86_ax1], ax
        mov bx, 0x4111
        mov ax, 0x4F02
        int 0x10
        mov [v86_ax2], ax
        mov ax, 0x4F03
        int 0x10
        mov [v86_bx3], bx
        int 3

        %include "rom_tail.inc"
