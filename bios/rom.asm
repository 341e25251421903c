; bios/rom.asm: Vireo's BIOS ROM, segment F000h (the 64 KiB at F0000h; the
; E000h half of the 128 KiB ROM stays blank).  Assembled with NASM into a
; flat binary (bios/local.mk).  The ROM holds the power-on sequence, the
; interrupt entry points at the addresses of the IBM PC/AT (Technical
; Reference, "System BIOS" listing addresses, as software expects them) and
; the fonts and tables; the services themselves are C (bios/*.c), reached
; with the service trap 0F FF C0+n (bios/rom_defs.h lists the traps and
; each stub's convention).  Blocking services loop here with STI/HLT and
; ask the C side again, so interrupts run and time advances while they wait.

        bits 16
        cpu 386
        org 0

%include "rom_defs.inc"

; The service trap: 0F FF /r with mod = 11 and r/m = service.
%macro SVC 1
        db 0x0F, 0xFF, 0xC0 + (%1)
%endmacro

; Pad with FFh up to a fixed address, refusing to move backwards.
%macro AT 1
  %if ($ - $$) > (%1)
    %error "ROM layout: code overlaps the fixed address"
  %endif
        times (%1) - ($ - $$) db 0xFF
%endmacro

BDA     equ 0x400               ; linear address of the BIOS data area

; ---------------------------------------------------------------------------
; ROM directory (C finds the fonts and tables through it).
; ---------------------------------------------------------------------------
        AT ROM_DIR
rom_dir:
        db 'VIREO', 0
        dw font8x8_full                 ; ROMDIR_FONT8X8
        dw font8x8_full + 1024          ; ROMDIR_FONT8X8_HI
        dw font8x14                     ; ROMDIR_FONT8X14
        dw font8x16                     ; ROMDIR_FONT8X16
        dw font9x14                     ; ROMDIR_FONT9X14
        dw font9x16                     ; ROMDIR_FONT9X16
        dw video_parms                  ; ROMDIR_VPARMS
        dw save_ptr_table               ; ROMDIR_SAVEPTR
        dw fdpt_by_type                 ; ROMDIR_FDPT
        dw static_func                  ; ROMDIR_STATIC_FUNC
        dw dcc_table                    ; ROMDIR_DCC_TABLE
        dw version_str                  ; ROMDIR_VERSION
        dw int18_body                   ; ROMDIR_INT18
        dw int70_body                   ; ROMDIR_INT70
        dw int71_body                   ; ROMDIR_INT71
        dw int74_body                   ; ROMDIR_INT74
        dw int75_body                   ; ROMDIR_INT75
        dw int76_body                   ; ROMDIR_INT76
        dw int_spurious                 ; ROMDIR_SPURIOUS
        dw vbe_strings                  ; ROMDIR_VBE_OEM
        dw vbe_pm_table                 ; ROMDIR_VBE_PM
        dw vbe_pm_end                   ; ROMDIR_VBE_PM_END
        dw vbe_winfunc                  ; ROMDIR_VBE_WINFUNC

version_str:
        db 'Vireo BIOS 1.0', 0

; ---------------------------------------------------------------------------
; Power-on self test.  Entered from the reset vector with interrupts off.
; ---------------------------------------------------------------------------
post_main:
        cli
        cld
        ; The CMOS shutdown byte tells a reset used to leave protected mode
        ; (286 style) from a power-on; C decides what it means.
        mov al, 0x8F
        out 0x70, al
        in al, 0x71
        mov bl, al
        xor ax, ax
        mov ds, ax
        mov ss, ax
        mov sp, 0x7C00
        mov al, POST_SHUTDOWN
        SVC SVC_POST                    ; AL = 0 full POST, 1 jmp [40:67],
        cmp al, 1                       ;      2 iret via [40:67], 3 retf via [40:67]
        jb .cold
        je .jump
        lss sp, [BDA + 0x67]
        cmp al, 2
        jne .retf
        iret
.retf:
        retf
.jump:
        jmp far [BDA + 0x67]

.cold:
        mov al, POST_INIT
        call post_step
        mov al, POST_CLOCK
        call post_step
        sti
        call kbc_init
        mov al, POST_KBC_RESULT
        call post_step
        ; Video: our own INT 10h sets mode 3 (an option ROM may take over).
        mov al, POST_VIDEO
        call post_step
        jc .no_video
        mov ax, 0x0003
        int 0x10
.no_video:
        ; Diskettes: a controller reset recalibrates the drives and clears
        ; their disk-change lines.
        xor ax, ax
        xor dx, dx
        int 0x13
        ; Option ROMs at C0000h-DFFFFh (the VGA BIOS installs its INT 10h).
.rom_loop:
        mov al, POST_NEXT_ROM
        call post_step
        jc .roms_done
        mov word [BDA + 0x67], 3
        mov [BDA + 0x69], es
        call far [BDA + 0x67]
        cli
        cld
        xor ax, ax
        mov ds, ax
        mov ss, ax
        mov sp, 0x7C00
        sti
        jmp .rom_loop
.roms_done:
        mov al, POST_BANNER
        call post_step
        call print_es_si
        mov al, POST_DONE
        call post_step
        int 0x19
.hang:
        hlt
        jmp .hang

; One POST step (AL) in C.  The C side returns CF=1 ZF=0 to be called
; again after a short wait, CF=1 ZF=1 for a "no" answer (returned in CF).
post_step:
        push bp
        mov bp, ax
.again:
        mov ax, bp
        SVC SVC_POST
        jnc .done
        jz .fail
        call spin
        jmp .again
.fail:
        mov ax, bp
        pop bp
        stc
        ret
.done:
        pop bp
        ret

; A short busy wait that lets virtual time advance.
spin:
        push cx
        mov cx, 200
.l:     loop .l
        pop cx
        ret

; Print the NUL-terminated string at ES:SI through INT 10h/0Eh.
print_es_si:
        push ax
        push bx
        push si
.l:     es lodsb
        test al, al
        jz .done
        mov ah, 0x0E
        mov bx, 0x0007
        int 0x10
        jmp .l
.done:  pop si
        pop bx
        pop ax
        ret

; ---------------------------------------------------------------------------
; Keyboard controller set-up (IBM PC/AT Technical Reference, 8042): self
; test, keyboard interface test, keyboard reset, command byte.  Timeouts
; count timer ticks, so interrupts must be on.  BL collects KBC_OK_* bits.
; ---------------------------------------------------------------------------
kbc_init:
        xor bl, bl
        call kbc_flush
        mov al, 0xAA                    ; controller self test: 55h
        call kbc_cmd
        jc .done
        call kbc_read
        jc .done
        cmp al, 0x55
        jne .done
        or bl, KBC_OK_SELFTEST
        mov al, 0x60                    ; command byte: translate, system flag,
        call kbc_cmd                    ; no interrupts while we poll
        mov al, 0x74
        call kbc_data
        mov al, 0xAB                    ; keyboard interface test: 00h
        call kbc_cmd
        call kbc_read
        jc .no_kbd
        test al, al
        jnz .no_kbd
        or bl, KBC_OK_INTERFACE
        mov al, 0xAE                    ; enable the keyboard interface
        call kbc_cmd
        mov al, 0xFF                    ; keyboard reset: FAh, then AAh
        call kbc_data
        call kbc_read
        jc .no_kbd
        cmp al, 0xFA
        jne .no_kbd
        mov cx, 20                      ; the keyboard's self test takes a while
        call kbc_read_long
        jc .no_kbd
        cmp al, 0xAA
        jne .no_kbd
        or bl, KBC_OK_KEYBOARD
.no_kbd:
        mov al, 0xA9                    ; auxiliary interface test: 00h
        call kbc_cmd
        call kbc_read
        jc .aux_done
        test al, al
        jnz .aux_done
        or bl, KBC_OK_AUX
.aux_done:
        call kbc_flush
        mov al, 0x60                    ; translate, system flag, keyboard
        call kbc_cmd                    ; interrupt, auxiliary port disabled
        mov al, 0x65
        call kbc_data
.done:
        ret

; Wait until the controller's input buffer is empty.
kbc_wait_in:
        push cx
        push dx
        mov dx, [BDA + 0x6C]
.l:     in al, 0x64
        test al, 2
        jz .ok
        mov cx, [BDA + 0x6C]
        sub cx, dx
        cmp cx, 4
        jb .l
        stc
        jmp .out
.ok:    clc
.out:   pop dx
        pop cx
        ret

; Send the command in AL to port 64h / the data byte in AL to port 60h.
kbc_cmd:
        push ax
        call kbc_wait_in
        pop ax
        jc .r
        out 0x64, al
.r:     ret
kbc_data:
        push ax
        call kbc_wait_in
        pop ax
        jc .r
        out 0x60, al
.r:     ret

; Read a byte from the output buffer within ~4 ticks (CF=1: timeout);
; kbc_read_long waits CX ticks.
kbc_read:
        push cx
        mov cx, 4
        call kbc_read_long
        pop cx
        ret
kbc_read_long:
        push dx
        push si
        mov dx, [BDA + 0x6C]
.l:     in al, 0x64
        test al, 1
        jnz .ok
        mov si, [BDA + 0x6C]
        sub si, dx
        cmp si, cx
        jb .l
        stc
        jmp .out
.ok:    call spin                       ; let the byte settle, then read it
        in al, 0x60
        clc
.out:   pop si
        pop dx
        ret

; Drop whatever the controller holds.
kbc_flush:
        push cx
        mov cx, 32
.l:     in al, 0x64
        test al, 1
        jz .done
        in al, 0x60
        call spin
        loop .l
.done:  pop cx
        ret

; ---------------------------------------------------------------------------
; Service stubs that do not fit at their fixed addresses.
; ---------------------------------------------------------------------------

; INT 13h (hard disks and diskettes) and INT 40h (diskettes only).
int13_body:
        cli
        SVC SVC_INT13
        jnc .done
        sti
        jnz .spin
        hlt
        jmp int13_body
.spin:  call spin
        jmp int13_body
.done:  iret

int40_body:
        cli
        SVC SVC_INT40
        jnc .done
        sti
        jnz .spin
        hlt
        jmp int40_body
.spin:  call spin
        jmp int40_body
.done:  iret

; INT 10h: everything in C; the BEL tone waits with HLT, the VBE
; functions that wait for vertical retrace spin.
int10_body:
        cli
        SVC SVC_INT10
        jnc .done
        sti
        jnz .spin
        hlt
        jmp int10_body
.spin:  call spin
        jmp int10_body
.done:  iret

; ---------------------------------------------------------------------------
; VBE 2.0 (INT 10h AH=4Fh is C, bios/vbe.c): what must be code in the ROM.
; ---------------------------------------------------------------------------

; The ModeInfoBlock's WinFuncPtr: function 4F05h by far call (BH = 00h
; set, 01h get; BL = window; DX = position), for programs that switch
; banks without INT 10h.  AX and DX are the results, as from INT 10h.
vbe_winfunc:
        mov ax, 0x4F05
        pushf                           ; an IRET frame for int10_body
        push cs
        call int10_body
        retf

; The strings 4F00h points at (or copies into a "VBE2" caller's OemData).
vbe_strings:
        db 'Vireo VBE 2.0 BIOS (Bochs VBE display interface)', 0
        db 'Vireo', 0
        db 'Vireo VBE Adapter', 0
        db 'Vireo BIOS 1.0', 0

; The protected-mode interface (4F0Ah; VBE 2.0, "Protected Mode
; Interface"): offsets from the table to 32-bit code for functions 05h,
; 07h and 09h and to the ports the code uses (then FFFFh, and FFFFh for
; "no memory locations").  Callers copy the block or call it in place
; with a near CALL from a 32-bit code segment and need I/O permission for
; the ports; the code is position independent, touches memory only
; through ES:EDI (function 09h) and the stack, and preserves every
; register but AX (the status; the high half of EAX is kept too).
        align 4
vbe_pm_table:
        dw vbe_pm_window - vbe_pm_table
        dw vbe_pm_start - vbe_pm_table
        dw vbe_pm_palette - vbe_pm_table
        dw vbe_pm_ports - vbe_pm_table
vbe_pm_ports:
        dw 0x01CE, 0x01CF, 0x03C8, 0x03C9, 0x03DA, 0xFFFF
        dw 0xFFFF

        bits 32
; Function 05h: BH = 00h (set), BL = 00h (window A), DX = bank in 64 KiB units.
vbe_pm_window:
        test bx, bx
        jnz .fail
        push ecx
        push edx
        mov cx, dx
        mov dx, 0x01CE
        mov ax, 5                       ; DISPI bank
        out dx, ax
        inc dx
        mov ax, cx
        out dx, ax
        in ax, dx                       ; a bank beyond video memory is refused
        cmp ax, cx
        pop edx
        pop ecx
        jne .fail
        mov ax, 0x004F
        ret
.fail:  mov ax, 0x014F
        ret

; Function 07h: BL = 00h (now) or 80h (at the next vertical retrace),
; CX:DX (low, high) = display start: a byte address / 4 in packed-pixel
; and direct-colour modes, the byte address in a plane in 4-bpp modes.
vbe_pm_start:
        cmp bl, 0x80
        je .go
        test bl, bl
        jnz .fail
.go:    push eax
        push ecx
        push edx
        push esi
        push edi
        movzx edi, cx
        shl edx, 16
        or edi, edx                     ; EDI = start
        mov dx, 0x01CE
        mov ax, 6                       ; DISPI virtual width (pixels)
        out dx, ax
        inc dx
        in ax, dx
        movzx ecx, ax
        dec dx
        mov ax, 3                       ; DISPI bits per pixel
        out dx, ax
        inc dx
        in ax, dx
        movzx esi, ax
        mov eax, edi
        cmp esi, 4
        je .planar
        add esi, 7
        shr esi, 3                      ; bytes per pixel
        imul ecx, esi                   ; bytes per line
        jecxz .bad
        shl eax, 2
        xor edx, edx
        div ecx                         ; EAX = line, EDX = byte in the line
        mov edi, eax
        mov eax, edx
        xor edx, edx
        div esi                         ; EAX = pixel
        jmp .set
.planar:
        shr ecx, 3                      ; bytes per line in a plane
        jecxz .bad
        xor edx, edx
        div ecx
        mov edi, eax
        lea eax, [edx * 8]
.set:   mov esi, eax                    ; ESI = x, EDI = y
        cmp bl, 0x80
        jne .now
        call vbe_pm_vretrace
.now:   mov dx, 0x01CE
        mov ax, 8                       ; DISPI X offset
        out dx, ax
        inc dx
        mov ax, si
        out dx, ax
        dec dx
        mov ax, 9                       ; DISPI Y offset
        out dx, ax
        inc dx
        mov ax, di
        out dx, ax
        pop edi
        pop esi
        pop edx
        pop ecx
        pop eax
        mov ax, 0x004F
        ret
.bad:   pop edi
        pop esi
        pop edx
        pop ecx
        pop eax
.fail:  mov ax, 0x014F
        ret

; Function 09h: BL = 00h (now) or 80h (at the next vertical retrace), CX
; entries from DX, ES:EDI = entries of blue, green, red, alignment in the
; DAC's current width.
vbe_pm_palette:
        cmp bl, 0x80
        je .go
        test bl, bl
        jnz .fail
.go:    push eax
        push ecx
        push edx
        push edi
        movzx ecx, cx
        movzx edx, dx
        lea eax, [ecx + edx]
        cmp eax, 256
        ja .bad
        cmp bl, 0x80
        jne .now
        call vbe_pm_vretrace
.now:   mov al, dl
        mov dx, 0x03C8
        out dx, al
        inc dx
        jecxz .ok
.l:     mov al, [es:edi + 2]
        out dx, al
        mov al, [es:edi + 1]
        out dx, al
        mov al, [es:edi]
        out dx, al
        add edi, 4
        loop .l
.ok:    pop edi
        pop edx
        pop ecx
        pop eax
        mov ax, 0x004F
        ret
.bad:   pop edi
        pop edx
        pop ecx
        pop eax
.fail:  mov ax, 0x014F
        ret

; Wait for the start of a vertical retrace (3DAh bit 3): the end of one in
; progress, then the next; each wait gives up after 4M reads.
vbe_pm_vretrace:
        push eax
        push ecx
        push edx
        mov dx, 0x03DA
        mov ecx, 0x400000
.in:    in al, dx
        test al, 8
        loopnz .in
        mov ecx, 0x400000
.out:   in al, dx
        test al, 8
        loopz .out
        pop edx
        pop ecx
        pop eax
        ret
vbe_pm_end:
        bits 16

; INT 14h: serial port; waits poll the UART.
int14_body:
        SVC SVC_INT14
        jnc .done
        sti
        call spin
        jmp int14_body
.done:  iret

; INT 15h.  AH=86h (wait) runs here: the RTC's periodic interrupt counts
; the time down (INT 70h) and posts bit 7 of 40:A0.
int15_body:
        cmp ah, 0x86
        je .wait
.again:
        SVC SVC_INT15
        jnc .done
        sti
        call spin
        jmp .again
.done:  iret
.wait:
        push ax
        mov al, 0                       ; start: CF=0 started, CF=1 refused
        SVC SVC_WAIT86
        jc .wdone
        push ds
        xor ax, ax
        mov ds, ax
.wl:    sti
        hlt
        test byte [BDA + 0xA0], 0x80
        jz .wl
        pop ds
        mov al, 1                       ; finish
        SVC SVC_WAIT86
.wdone: pop ax
        iret

; INT 16h: keyboard; reads wait for a keystroke.
int16_body:
        cli
        SVC SVC_INT16
        jnc .done
        push ax                         ; tell a multitasker we are idle
        mov ax, 0x9002
        int 0x15
        pop ax
        sti
        hlt
        jmp int16_body
.done:  iret

; INT 1Ah: time of day; RTC reads wait out an update cycle.
int1a_body:
        SVC SVC_INT1A
        jnc .done
        call spin
        jmp int1a_body
.done:  iret

; INT 70h: RTC interrupt (periodic: INT 15h/83h and 86h; alarm: INT 4Ah).
int70_body:
        push ax
        SVC SVC_RTC_IRQ
        test ah, 1
        jz .eoi
        sti
        int 0x4A
        cli
.eoi:   mov al, 0x20
        out 0xA0, al
        out 0x20, al
        pop ax
        iret

; INT 71h: IRQ 9 is the AT bus's IRQ 2: hand it to INT 0Ah.
int71_body:
        push ax
        mov al, 0x20
        out 0xA0, al
        pop ax
        int 0x0A
        iret

; INT 74h: PS/2 mouse (IRQ 12).  When a packet is complete, C returns
; CF=0 with AX = status, BX = X, CX = Y, DX = Z (0) and ES = the EBDA,
; whose dword at 22h is the handler installed with INT 15h/C207h.
int74_body:
        pusha
        push ds
        push es
        SVC SVC_MOUSE_IRQ
        jc .eoi
        sti
        push ax
        push bx
        push cx
        push dx
        call far [es:0x22]
        add sp, 8
        cli
.eoi:   mov al, 0x20
        out 0xA0, al
        out 0x20, al
        pop es
        pop ds
        popa
        iret

; INT 75h: coprocessor error (IRQ 13): clear the busy latch, then NMI.
int75_body:
        push ax
        xor al, al
        out 0xF0, al
        mov al, 0x20
        out 0xA0, al
        out 0x20, al
        pop ax
        int 0x02
        iret

; INT 76h: hard disk (IRQ 14): post 40:8E.
int76_body:
        push ax
        push ds
        xor ax, ax
        mov ds, ax
        mov byte [BDA + 0x8E], 0xFF
        mov al, 0x20
        out 0xA0, al
        out 0x20, al
        pop ds
        mov ax, 0x9100
        int 0x15
        pop ax
        iret

; Unexpected hardware interrupts (IBM: ISR to 40:6B, mask the line, EOI).
int_spurious:
        push ax
        SVC SVC_SPURIOUS
        pop ax
        iret

; INT 18h: no bootable disk.  Show why, wait for a key, try again.
int18_body:
        sti
        xor ax, ax
        mov ds, ax
        mov ss, ax
        mov sp, 0x7C00
        mov al, BOOT_FAILED
        SVC SVC_BOOT
        call print_es_si
        xor ah, ah
        int 0x16
        int 0x19

; INT 19h: bootstrap.  Try each drive of the boot order: read its sector 0
; to 0000:7C00 (up to four tries, with a reset between, for media changes
; and motor start-up), let C check it, and jump to it with DL = drive.
int19_body:
        cli
        cld
        xor ax, ax
        mov ds, ax
        mov ss, ax
        mov sp, 0x7C00
        sti
        mov al, BOOT_FIRST
.next:
        SVC SVC_BOOT
        jc .none
        mov di, 4
.try:
        xor ax, ax
        mov es, ax
        mov bx, 0x7C00
        mov ax, 0x0201
        mov cx, 0x0001
        xor dh, dh
        push dx
        int 0x13
        pop dx
        jnc .check
        xor ax, ax
        push dx
        int 0x13
        pop dx
        dec di
        jnz .try
        mov al, BOOT_NEXT
        jmp .next
.check:
        mov al, BOOT_CHECK
        SVC SVC_BOOT
        mov al, BOOT_NEXT
        jc .next
        xor ax, ax
        mov es, ax
        xor bx, bx
        xor cx, cx
        xor si, si
        xor di, di
        xor bp, bp
        xor dh, dh
        jmp 0x0000:0x7C00
.none:
        int 0x18
        jmp int19_body

; INT 09h body: keyboard (IRQ 1).
int09_body:
        push ax
        in al, 0x60
        SVC SVC_KBD_RAW                 ; acknowledgements, resends, overruns
        jc .eoi
        mov ah, 0x4F                    ; keyboard intercept
        stc
        int 0x15
        jnc .eoi
        SVC SVC_KBD_SCAN                ; AH = action for us
        cmp ah, KACT_STORED
        je .stored
        cmp ah, KACT_BREAK
        je .break
        cmp ah, KACT_PRTSC
        je .prtsc
        cmp ah, KACT_SYSREQ_MAKE
        je .sysreq
        cmp ah, KACT_SYSREQ_BREAK
        je .sysreq
        cmp ah, KACT_PAUSE
        je .pause
        cmp ah, KACT_REBOOT
        je reboot
.eoi:   cli
        mov al, 0x20
        out 0x20, al
        pop ax
        iret
.stored:
        cli
        mov al, 0x20
        out 0x20, al
        mov ax, 0x9102
        int 0x15
        pop ax
        iret
.break:
        int 0x1B
        jmp .eoi
.prtsc:
        cli
        mov al, 0x20
        out 0x20, al
        sti
        int 0x05
        pop ax
        iret
.sysreq:
        sub ah, KACT_SYSREQ_MAKE        ; AL = 0 make, 1 break
        mov al, ah
        mov ah, 0x85
        int 0x15
        jmp .eoi
.pause:
        cli
        mov al, 0x20
        out 0x20, al
        push ds
        xor ax, ax
        mov ds, ax
.pl:    sti
        hlt
        test byte [BDA + 0x18], 0x08
        jnz .pl
        pop ds
        pop ax
        iret

; Ctrl-Alt-Del: warm boot.  Mark it, pulse the reset line through the
; keyboard controller, and if nothing happens restart POST directly.
reboot:
        cli
        xor ax, ax
        mov ds, ax
        mov word [BDA + 0x72], 0x1234
        mov al, 0xFE
        out 0x64, al
        mov cx, 0x1000
.w:     loop .w
        jmp 0xF000:ROM_RESET

; INT 08h tail: timer tick housekeeping is in C.
int08_body:
        push ax
        SVC SVC_TIMER
        int 0x1C
        cli
        mov al, 0x20
        out 0x20, al
        pop ax
        iret

; INT 0Eh body: diskette interrupt.
int0e_body:
        push ax
        SVC SVC_FLOPPY_IRQ
        mov al, 0x20
        out 0x20, al
        mov ax, 0x9101
        int 0x15
        pop ax
        iret

; ---------------------------------------------------------------------------
; Tables and fonts.
; ---------------------------------------------------------------------------

; Diskette parameter tables by drive type (1-5), 13 bytes each: the 11 of
; INT 1Eh (SRT/HUT, HLT/ND, motor-off ticks, sector size code, EOT, gap,
; DTL, format gap, fill byte, head settle ms, motor start 1/8 s) plus the
; maximum track and the data rate (bits 7-6: 00 500, 01 300, 10 250, 11
; 1000 kbps).
fdpt_by_type:
        db 0xDF, 0x02, 0x25, 0x02, 0x09, 0x2A, 0xFF, 0x50, 0xF6, 0x0F, 0x08, 39, 0x80 ; 360K
        db 0xDF, 0x02, 0x25, 0x02, 0x0F, 0x1B, 0xFF, 0x54, 0xF6, 0x0F, 0x08, 79, 0x00 ; 1.2M
        db 0xDF, 0x02, 0x25, 0x02, 0x09, 0x2A, 0xFF, 0x50, 0xF6, 0x0F, 0x08, 79, 0x80 ; 720K
        db 0xDF, 0x02, 0x25, 0x02, 0x12, 0x1B, 0xFF, 0x6C, 0xF6, 0x0F, 0x08, 79, 0x00 ; 1.44M
        db 0xDF, 0x02, 0x25, 0x02, 0x24, 0x1B, 0xFF, 0x54, 0xF6, 0x0F, 0x08, 79, 0xC0 ; 2.88M

%include "video_tables.inc"

; The 9-dot replacement glyph lists (AX=1130h BH=5, 7).  LIMITATION: empty:
; our fonts have no glyph that needs a 9th column of its own.
font9x14:
font9x16:
        db 0

; Fonts: 8x8 (all 256 characters; the first 128 again at F000:FA6E),
; 8x14, 8x16.
font8x8_full:
%include "font8x8_lo.inc"
%include "font8x8_hi.inc"
font8x14:
%include "font8x14.inc"
font8x16:
%include "font8x16.inc"

; ---------------------------------------------------------------------------
; Fixed IBM PC/AT addresses.
; ---------------------------------------------------------------------------
        AT ROM_POST
post_entry:
        jmp post_main

        AT ROM_NMI
int02:
        push ax
        SVC SVC_NMI
        pop ax
        iret

        AT ROM_INT13
int13:
        jmp int13_body
        ; E401h: fixed-disk parameter table area; ours live in the EBDA.

        AT ROM_INT19
int19:
        jmp int19_body

        AT ROM_CONFIG_TABLE
config_table:
        dw 8                            ; bytes that follow
        db 0xFC                         ; model: AT
        db 0x01                         ; submodel
        db 0x00                         ; BIOS revision
        db 0x74                         ; second PIC, RTC, INT 15h/4Fh called, EBDA
        db 0x40                         ; INT 16h/09h supported
        db 0, 0, 0

        AT ROM_BAUD_TABLE
baud_table:                             ; divisors: 110 150 300 600 1200 2400 4800 9600
        dw 0x0417, 0x0300, 0x0180, 0x00C0, 0x0060, 0x0030, 0x0018, 0x000C

        AT ROM_INT14
int14:
        jmp int14_body

int11_body:
        push ds
        xor ax, ax
        mov ds, ax
        mov ax, [BDA + 0x10]
        pop ds
        iret

int12_body:
        push ds
        xor ax, ax
        mov ds, ax
        mov ax, [BDA + 0x13]
        pop ds
        iret

int05_body:
        push ax
        SVC SVC_PRTSC
        pop ax
        iret

        AT ROM_INT16
int16:
        jmp int16_body

        AT ROM_INT09
int09:
        jmp int09_body

        AT ROM_INT40
int40:
        jmp int40_body

        AT ROM_INT0E
int0e:
        jmp int0e_body

        AT ROM_FDPT
fdpt_default:                           ; INT 1Eh: 1.44 MB, as DOS patches it
        db 0xDF, 0x02, 0x25, 0x02, 0x12, 0x1B, 0xFF, 0x6C, 0xF6, 0x0F, 0x08

        AT ROM_INT17
int17:
        SVC SVC_INT17
        jnc .done
        sti
        call spin
        jmp int17
.done:  iret

        AT ROM_INT10
int10:
        jmp int10_body

        AT ROM_VIDEO_PARMS
video_parms_6845:
        ; INT 1Dh: 6845 CRTC values for 40x25, 80x25, graphics and
        ; monochrome (IBM PC), then page sizes, columns and mode bytes.
        db 0x38,0x28,0x2D,0x0A,0x1F,0x06,0x19,0x1C,0x02,0x07,0x06,0x07,0x00,0x00,0x00,0x00
        db 0x71,0x50,0x5A,0x0A,0x1F,0x06,0x19,0x1C,0x02,0x07,0x06,0x07,0x00,0x00,0x00,0x00
        db 0x38,0x28,0x2D,0x0A,0x7F,0x06,0x64,0x70,0x02,0x01,0x06,0x07,0x00,0x00,0x00,0x00
        db 0x61,0x50,0x52,0x0F,0x19,0x06,0x19,0x19,0x02,0x0D,0x0B,0x0C,0x00,0x00,0x00,0x00
        dw 0x0800, 0x1000, 0x4000, 0x4000
        db 40, 40, 80, 80, 40, 40, 80, 80
        db 0x2C, 0x28, 0x2D, 0x29, 0x2A, 0x2E, 0x1E, 0x29

        AT ROM_INT12
int12:
        jmp int12_body

        AT ROM_INT11
int11:
        jmp int11_body

        AT ROM_INT15
int15:
        jmp int15_body

        AT ROM_FONT8X8
font8x8:
%include "font8x8_lo.inc"

        AT ROM_INT1A
int1a:
        jmp int1a_body

        AT ROM_INT08
int08:
        jmp int08_body

        AT ROM_IRET
dummy_iret:
        iret

        AT ROM_INT05
int05:
        jmp int05_body

        AT ROM_RESET
reset_vector:
        jmp 0xF000:ROM_POST

        AT ROM_DATE
        db '11/21/25'

        AT ROM_MODEL
        db 0xFC                         ; PC/AT
        db 0x00                         ; checksum: set by the build (bios/local.mk)
