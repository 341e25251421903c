; tests/debugger/guest.asm: the debugger's test guest, a 1.44 MB boot floppy.
; The boot sector loads the rest and then, one landmark per step, gives
; every kind of breakpoint something to find:
;   real mode   a word written to COUNTER (0x0600) and read back, nested
;               calls with BP frames (func1 -> func2), OUT 80h, INT 10h AH=0Eh
;   protected   32-bit flat segments, then paging: identity-mapped 0-4 MiB,
;               linear 0x400000 -> physical 0x200000 (user, writable),
;               0x401000 -> 0x201000 (user, read-only), 0x402000 not present
;   events      UD2 (#UD, handler skips it), INT 30h, a task switch to
;               task 2 and back (JMP to TSS selectors)
;   the end     "DONE" on port E9h, then "Shutdown" to port 8900h
; Built as a flat image (-f bin) and, with -DELF, as an ELF object whose
; symbols carry the load addresses (the code is preceded by 0x7C00 bytes),
; for ldsym and --symbols.

COUNTER     equ 0x0600          ; watched word (physical = linear)
PD          equ 0x10000         ; page directory
PT0         equ 0x11000         ; identity 0-4 MiB
PT1         equ 0x12000         ; 0x400000-0x7fffff
TSS1        equ 0x13000
TSS2        equ 0x13100
STACK2      equ 0x15000
SECTORS     equ 4               ; stage 2: sectors 2-5 at 0x7E00

%ifdef ELF
        section .text
        times 0x7c00 db 0       ; symbol values become load addresses
%define ADDR(x) ((x) - $$)
%else
        org 0x7c00
%define ADDR(x) ((x) - $$ + 0x7c00)
%endif

; ---------------------------------------------------------------- stage 1
        bits 16
start:
        cli
        xor ax, ax
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov sp, 0x7c00
        sti
        mov ax, 0x0200 + SECTORS        ; read SECTORS sectors
        mov cx, 0x0002                  ; cylinder 0, sector 2
        xor dh, dh                      ; head 0, DL = boot drive
        mov bx, 0x7e00
        int 0x13
        jc load_failed
        jmp stage2
load_failed:
        hlt
        jmp load_failed

        times 510 - ($ - start) db 0
        dw 0xaa55

; ---------------------------------------------------------------- stage 2
stage2:
        mov word [COUNTER], 0x1234      ; watch w 0x600
        call func1                      ; n steps over it
after_func1:
        mov al, 0x42
        out 0x80, al                    ; iob out 0x80
        mov ah, 0x0e
        mov al, 'V'
        mov bx, 0x0007
        int 0x10                        ; intb 0x10 ah=0x0e
        cli
        lgdt [gdt_desc]
        mov eax, cr0
        or al, 1
        mov cr0, eax                    ; modebp: real -> protected
        jmp 0x08:pm32

func1:
        push bp
        mov bp, sp
        call func2
func1_ret:
        pop bp
        ret

func2:
        push bp
        mov bp, sp
func2_body:
        mov ax, [COUNTER]               ; watch r 0x600
        inc ax
        pop bp
        ret

; ---------------------------------------------------------------- protected mode
        bits 32
pm32:
        mov ax, 0x10
        mov ds, ax
        mov es, ax
        mov ss, ax
        mov fs, ax
        mov gs, ax
        mov esp, 0x9000
        ; Page directory: PDE 0 -> PT0, PDE 1 -> PT1 (user, writable).
        mov edi, PD
        mov ecx, 1024
        xor eax, eax
        rep stosd
        mov dword [PD + 0], PT0 | 3
        mov dword [PD + 4], PT1 | 7
        ; PT0: identity map of 0-4 MiB, supervisor, writable.
        mov edi, PT0
        mov eax, 3
        mov ecx, 1024
fill_pt0:
        stosd
        add eax, 0x1000
        loop fill_pt0
        ; PT1: 0x400000 -> 0x200000 user RW, 0x401000 -> 0x201000 user RO.
        mov edi, PT1
        mov ecx, 1024
        xor eax, eax
        rep stosd
        mov dword [PT1 + 0], 0x200000 | 7
        mov dword [PT1 + 4], 0x201000 | 5
        ; The TSSs: task 2 starts at task2 on its own stack.
        mov edi, TSS1
        mov ecx, 0x200 / 4
        xor eax, eax
        rep stosd
        mov dword [TSS1 + 0x1c], PD             ; CR3 (a switch back loads it)
        mov dword [TSS2 + 0x1c], PD
        mov dword [TSS2 + 0x20], task2          ; EIP
        mov dword [TSS2 + 0x24], 0x2            ; EFLAGS
        mov dword [TSS2 + 0x38], STACK2         ; ESP
        mov dword [TSS2 + 0x48], 0x10           ; ES
        mov dword [TSS2 + 0x4c], 0x08           ; CS
        mov dword [TSS2 + 0x50], 0x10           ; SS
        mov dword [TSS2 + 0x54], 0x10           ; DS
        mov dword [TSS2 + 0x58], 0x10           ; FS
        mov dword [TSS2 + 0x5c], 0x10           ; GS
        mov word [TSS1 + 0x66], 0x68            ; no I/O bitmap
        mov word [TSS2 + 0x66], 0x68
        mov ax, 0x18
        ltr ax
        lidt [idt_desc]
        mov eax, PD
        mov cr3, eax
        mov eax, cr0
        or eax, 0x80000000
        mov cr0, eax                    ; modebp: paging on
        jmp paged
paged:
        mov dword [0x400000], 0xcafebabe    ; lwatch w 0x400000 / watch w 0x200000
        mov eax, [0x401000]             ; readable (user read-only page)
        ud2                             ; intb 6: #UD, skipped by the handler
after_ud2:
        int 0x30                        ; intb 0x30
        jmp 0x20:0                      ; taskbp: to task 2
back_in_task1:
        mov esi, done_msg
        mov dx, 0xe9
print:
        lodsb
        test al, al
        jz shutdown
        out dx, al
        jmp print
shutdown:
        mov esi, shutdown_msg
        mov dx, 0x8900
shut_loop:
        lodsb
        out dx, al
        test al, al
        jnz shut_loop
        hlt
        jmp shutdown

task2:
        mov byte [COUNTER + 2], 0x77
        jmp 0x18:0                      ; back to task 1

ud_handler:
        add dword [esp], 2              ; skip the UD2
        iretd

int30_handler:
        mov ebx, 0x30
        iretd

; ---------------------------------------------------------------- tables
        align 8
gdt:
        dq 0                                    ; 0x00
        dq 0x00cf9a000000ffff                   ; 0x08 code, flat, 32-bit
        dq 0x00cf92000000ffff                   ; 0x10 data, flat
        dw 0x67, TSS1 & 0xffff                  ; 0x18 TSS 1 (available 32-bit)
        db (TSS1 >> 16) & 0xff, 0x89, 0, 0
        dw 0x67, TSS2 & 0xffff                  ; 0x20 TSS 2
        db (TSS2 >> 16) & 0xff, 0x89, 0, 0
gdt_end:
gdt_desc:
        dw gdt_end - gdt - 1
        dd gdt

        align 8
idt:
        times 6 dq 0
        ; vector 6: 32-bit interrupt gate to ud_handler
        dw ADDR(ud_handler) & 0xffff, 0x08, 0x8e00, ADDR(ud_handler) >> 16
        times 0x30 - 7 dq 0
        ; vector 0x30: 32-bit interrupt gate, DPL 0
        dw ADDR(int30_handler) & 0xffff, 0x08, 0x8e00, ADDR(int30_handler) >> 16
idt_end:
idt_desc:
        dw idt_end - idt - 1
        dd idt

done_msg:       db "DONE", 10, 0
shutdown_msg:   db "Shutdown", 0

stage2_end:
%if stage2_end - stage2 > SECTORS * 512
%error stage 2 does not fit
%endif
%ifndef ELF
        times 1474560 - ($ - start) db 0
%endif
