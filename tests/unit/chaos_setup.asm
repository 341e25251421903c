; tests/unit/chaos_setup.asm: the way into a protected-mode starting state
; for test_chaos.c.  Entered in real mode at 0000:1000 with interrupts off;
; the test has written the tables and this parameter block at 1800h:
;
;   +0  GDTR (limit, base)          +8  IDTR (limit, base)
;   +16 CR4    +20 nonzero if the CPU has CR4    +24 CR3
;   +28 CR0 to end with (PE set; PG, WP, AM, NE, MP, EM, TS as drawn)
;   +32 ESP of the frame: 8 dwords for POPAD, then an IRETD frame
;   +36 DS  +38 ES  +40 FS  +42 GS  +44 TR  +46 LDTR
;
; The GDT's entry 1 is flat 32-bit ring-0 code, entry 2 flat ring-0 data;
; the first 4 MiB are identity-mapped when CR0 turns paging on.  Every
; step goes through the CPU's own instructions, so the state it ends in is
; one the CPU built itself; the IRETD goes to ring 0, ring 3 or V86 mode.

bits 16
org 0x1000

P equ 0x1800

start:
        cli
        xor ax, ax
        mov ds, ax
        o32 lgdt [P + 0]
        o32 lidt [P + 8]
        cmp dword [P + 20], 0
        je .no_cr4
        mov eax, [P + 16]
        mov cr4, eax
.no_cr4:
        mov eax, [P + 24]
        mov cr3, eax
        mov eax, cr0
        or al, 1
        mov cr0, eax
        jmp dword 0x08:pm

bits 32
pm:
        mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov esp, 0x9000
        ltr [P + 44]
        lldt [P + 46]
        mov eax, [P + 28]
        mov cr0, eax
        jmp .paged
.paged:
        mov es, [P + 38]
        mov fs, [P + 40]
        mov gs, [P + 42]
        mov esp, [P + 32]
        mov ds, [P + 36]
        popad
        iretd
