; tests/roms/time.asm: INT 1Ah: the tick count (00h/01h) and its midnight
; rollover, the RTC read back in BCD after setting time and date (02h-05h),
; the tick count POST derived from the RTC, the alarm (06h/07h) calling
; INT 4Ah, and unsupported functions.
%define TEST_NAME "time"
%include "rom.inc"

; bcd_secs: CH:CL:DH (BCD h:m:s) -> EAX = seconds since midnight
bcd_secs:
        push bx
        push edx
        xor eax, eax
        mov al, ch
        call bcd2bin
        imul eax, 60
        mov bl, cl
        push eax
        movzx eax, bl
        call bcd2bin
        mov ebx, eax
        pop eax
        add eax, ebx
        imul eax, 60
        pop edx
        push edx
        push eax
        movzx eax, dh
        call bcd2bin
        mov ebx, eax
        pop eax
        add eax, ebx
        pop edx
        pop bx
        ret

; AL (BCD) -> EAX binary
bcd2bin:
        push bx
        movzx ebx, al
        shr bl, 4
        imul ebx, 10
        and eax, 0x0F
        add eax, ebx
        pop bx
        ret

alarm_flag:     db 0
alarm_handler:
        mov byte [cs:alarm_flag], 1
        iret

test_main:
        CASE "POST set the tick count from the RTC time"
        mov ah, 0x02
        CALLINT 0x1A
        EXPECT_CF 0, "02h"
        call bcd_secs
        mov ebx, eax                    ; RTC seconds
        mov ah, 0x00
        int 0x1A
        shl ecx, 16
        mov cx, dx
        mov eax, ecx
        mov ecx, 65536
        mul ecx
        mov ecx, 1193180
        div ecx                         ; ticks * 65536 / 1193180 = seconds
        sub eax, ebx
        jns .pos
        neg eax
.pos:   cmp eax, 2
        FAIL_IF a, "ticks and RTC differ by more than 2 s"
        ENDCASE

        CASE "AH=01h/00h: set and read the tick count"
        mov ah, 0x01
        mov cx, 0x0001
        mov dx, 0x2345
        CALLINT 0x1A
        EXPECT_CF 0, "01h"
        mov ah, 0x00
        int 0x1A
        EXPECT_EQ cx, 1, "CX"
        cmp dx, 0x2345
        FAIL_IF b, "DX went back"
        cmp dx, 0x2347
        FAIL_IF a, "DX ran ahead"
        EXPECT_EQ8 al, 0, "no midnight"
        ENDCASE

        CASE "midnight: the count wraps and AL reports it once"
        mov ah, 0x01
        mov cx, 0x0018
        mov dx, 0x00AE                  ; two ticks before 1800B0h
        int 0x1A
        mov cx, 4
        call wait_ticks
        mov ah, 0x00
        int 0x1A
        EXPECT_EQ8 al, 1, "AL midnight flag"
        EXPECT_EQ cx, 0, "CX wrapped"
        cmp dx, 3
        FAIL_IF a, "DX after the wrap"
        mov ah, 0x00
        int 0x1A
        EXPECT_EQ8 al, 0, "flag cleared by the read"
        ENDCASE

        CASE "AH=03h/02h: set the time, read it back in BCD"
        mov ah, 0x03
        mov cx, 0x1234
        mov dx, 0x5600
        CALLINT 0x1A
        EXPECT_CF 0, "03h"
        mov ah, 0x02
        CALLINT 0x1A
        EXPECT_CF 0, "02h"
        EXPECT_EQ cx, 0x1234, "hours, minutes"
        cmp dh, 0x56
        FAIL_IF b, "seconds went back"
        cmp dh, 0x58
        FAIL_IF a, "seconds ran ahead"
        EXPECT_EQ8 dl, 0, "no daylight saving"
        ENDCASE

        CASE "AH=05h/04h: set the date, read it back"
        mov ah, 0x05
        mov cx, 0x2024
        mov dx, 0x0229
        CALLINT 0x1A
        EXPECT_CF 0, "05h"
        mov ah, 0x04
        CALLINT 0x1A
        EXPECT_CF 0, "04h"
        EXPECT_EQ cx, 0x2024, "century, year"
        EXPECT_EQ dx, 0x0229, "month, day"
        ENDCASE

        CASE "AH=06h: the alarm calls INT 4Ah; a second one is refused; 07h"
        mov word [0x4A*4], alarm_handler
        mov word [0x4A*4+2], 0
        mov ah, 0x03
        mov cx, 0x1000
        mov dx, 0x0000
        int 0x1A
        mov ah, 0x06
        mov cx, 0x1000
        mov dh, 0x02
        CALLINT 0x1A
        EXPECT_CF 0, "06h"
        mov ah, 0x06
        mov cx, 0x1000
        mov dh, 0x03
        CALLINT 0x1A
        EXPECT_CF 1, "06h while set"
        mov ebx, [0x46C]
.w:     hlt
        cmp byte [alarm_flag], 0
        jne .fired
        mov eax, [0x46C]
        sub eax, ebx
        cmp eax, 80
        jb .w
.fired:
        EXPECT_EQ8 [alarm_flag], 1, "INT 4Ah called"
        mov ah, 0x07
        CALLINT 0x1A
        EXPECT_CF 0, "07h"
        mov ah, 0x06
        mov cx, 0x1100
        xor dh, dh
        CALLINT 0x1A
        EXPECT_CF 0, "06h after 07h"
        mov ah, 0x07
        int 0x1A
        mov word [0x4A*4], 0xFF53
        mov word [0x4A*4+2], 0xF000
        ENDCASE

        CASE "unsupported function: CF=1"
        mov ax, 0xB101                  ; PCI BIOS: not present
        CALLINT 0x1A
        EXPECT_CF 1, "B101h"
        ENDCASE
        ret

%include "rom_tail.inc"
