; ---------------------------------------------------------------------------
; tests/pm/triple.asm: a triple fault (SDM Vol. 3, 6.15 "Interrupt 8": a
; fault while delivering #DF shuts the processor down; a PC answers the
; shutdown cycle with a reset).  With the IDT limit cut to 0, INT 40h is
; #GP, delivering that #GP is #GP again (a #DF), and delivering the #DF
; fails too.  Two runs (tests/pm/triple*.pm):
;   --no-reboot: the run ends with exit status 4 and a message; the log ends
;                with "TRIPLE-FAULT NEXT";
;   otherwise:   the machine resets and boots this floppy again, which finds
;                the marker it left at 16 MiB (a reset keeps memory) and
;                reports PASS.
; ---------------------------------------------------------------------------
%define TEST_NAME "triple"
%include "harness.inc"

MARKER_ADDR equ 0x1000000
MARKER      equ 0x7219FA17

test_main:
        cmp dword [MARKER_ADDR], MARKER
        je .second
        CASE "the harness runs up to the triple fault"
        mov eax, cs
        CHECK_EQ "CS", eax, KCODE
        call case_end
        mov dword [MARKER_ADDR], MARKER
        mov esi, s_next
        call puts
        lidt [idt_empty]
        int 0x40
        mov esi, s_alive
        call fail_line_begin
        call newline
        ret
.second:
        mov dword [MARKER_ADDR], 0
        CASE "the machine reset after the triple fault and booted again"
        mov eax, cr0
        CHECK_MASK "CR0.PE as set by this boot", eax, 1, 1
        ret

idt_empty:
        dw 0
        dd IDT_BASE
s_next:  db "TRIPLE-FAULT NEXT", 10, 0
s_alive: db "the CPU went on after a triple fault", 0

%include "tail.inc"
