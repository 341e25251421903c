; ---------------------------------------------------------------------------
; tests/pm/triple.asm: a triple fault (SDM Vol. 3, 6.15 "Interrupt 8": a
; fault while delivering #DF shuts the processor down).  With the IDT limit
; cut to 0, INT 40h is #GP, delivering that #GP is #GP again (a #DF), and
; delivering the #DF fails too.  The machine resets, or under --no-reboot
; the run ends with exit status 4 and a message (tests/pm/triple.pm).  The
; log must show "TRIPLE-FAULT NEXT" and nothing after it.
; ---------------------------------------------------------------------------
%define TEST_NAME "triple"
%include "harness.inc"

test_main:
        CASE "the harness runs up to the triple fault"
        mov eax, cs
        CHECK_EQ "CS", eax, KCODE
        call case_end
        mov esi, s_next
        call puts
        lidt [idt_empty]
        int 0x40
        mov esi, s_alive
        call fail_line_begin
        call newline
        ret

idt_empty:
        dw 0
        dd IDT_BASE
s_next:  db "TRIPLE-FAULT NEXT", 10, 0
s_alive: db "the CPU went on after a triple fault", 0

%include "tail.inc"
