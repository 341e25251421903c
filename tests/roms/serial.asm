; tests/roms/serial.asm: INT 14h on COM1 (a 16550 with a connected far
; end: the run sends "SERIAL-OK" to it) and INT 17h without a printer port.
; Without COM1 in 40:00 only the "absent" answers are checked.
%define TEST_NAME "serial"
%include "rom.inc"

%macro UREG 1                            ; AL <- COM1 register %1
        mov dx, 0x3F8 + %1
        in al, dx
%endmacro

test_main:
        CASE "absent ports: INT 14h DX=4, INT 17h without LPT1"
        mov ah, 0x03
        mov dx, 4
        int 0x14
        EXPECT_EQ8 ah, 0x80, "INT 14h DX=4"
        cmp word [0x408], 0
        jne .lpt
        mov ah, 0x02
        xor dx, dx
        int 0x17
        EXPECT_EQ8 ah, 0x09, "INT 17h status: time-out, I/O error"
        mov ax, 0x0041
        xor dx, dx
        int 0x17
        EXPECT_EQ8 ah, 0x09, "INT 17h print"
.lpt:
        ENDCASE

        cmp word [0x400], 0
        jne .com
        ret
.com:
        CASE "AH=00h: 9600 baud, 8 bits, no parity, 1 stop"
        mov ax, 0x00E3
        xor dx, dx
        int 0x14
        and ah, 0x60
        EXPECT_EQ8 ah, 0x60, "AH: transmitter empty"
        UREG 3
        EXPECT_EQ8 al, 0x03, "LCR"
        mov dx, 0x3FB
        mov al, 0x83
        out dx, al
        mov dx, 0x3F8
        in al, dx
        mov bl, al
        mov dx, 0x3FB
        mov al, 0x03
        out dx, al
        EXPECT_EQ8 bl, 0x0C, "divisor"
        ENDCASE

        CASE "AH=01h: send a line"
        mov si, msg_serial
.s:     lodsb
        test al, al
        jz .sent
        mov ah, 0x01
        xor dx, dx
        int 0x14
        test ah, 0x80
        jz .s
        mov si, msg_timeout
        call fail_msg
        call newline
.sent:
        ENDCASE

        CASE "AH=03h status, AH=02h times out without data"
        mov cx, 1                       ; the last character leaves the line
        call wait_ticks
        mov ah, 0x03
        xor dx, dx
        int 0x14
        test ah, 0x20
        FAIL_IF z, "THRE"
        mov ah, 0x02
        xor dx, dx
        int 0x14
        test ah, 0x80
        FAIL_IF z, "receive did not time out"
        ENDCASE

        CASE "AH=04h extended init (19200, 8N1), AH=05h modem control"
        mov ax, 0x0400
        xor bx, bx
        mov cx, 0x0308
        xor dx, dx
        int 0x14
        mov dx, 0x3FB
        mov al, 0x83
        out dx, al
        mov dx, 0x3F8
        in al, dx
        mov bl, al
        mov dx, 0x3FB
        mov al, 0x03
        out dx, al
        EXPECT_EQ8 bl, 6, "divisor for 19200"
        mov ax, 0x0501
        mov bl, 0x0B
        xor dx, dx
        int 0x14
        mov ax, 0x0500
        xor bl, bl
        xor dx, dx
        int 0x14
        EXPECT_EQ8 bl, 0x0B, "MCR read back"
        ENDCASE
        ret

msg_serial:     db "SERIAL-OK", 13, 10, 0
msg_timeout:    db "send timed out", 0

%include "rom_tail.inc"
