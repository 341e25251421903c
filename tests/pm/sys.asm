; ---------------------------------------------------------------------------
; tests/pm/sys.asm: system registers and instructions of the 386, 486 and
; Pentium (SDM Vol. 3, 2.5-2.8; Vol. 2 MOV CR, LMSW, SMSW, CPUID, RDTSC,
; RDMSR, WRMSR, INVD, WBINVD): CR0 bits that exist per model and the #GP
; rules of MOV CR0, CR3's kept bits, CR4's reserved bits, LMSW, the
; privileged instructions at CPL 3 (and the unprivileged ones), CPUID and
; the EFLAGS bits that reveal the model, the TSC with CR4.TSD, the MSRs.
; ---------------------------------------------------------------------------
%define TEST_NAME "sys"
%include "harness.inc"

CR0_MP equ 1 << 1
CR0_EM equ 1 << 2
CR0_TS equ 1 << 3
CR0_ET equ 1 << 4
CR0_NE equ 1 << 5
CR0_WP equ 1 << 16
CR0_AM equ 1 << 18
CR0_NW equ 1 << 29
CR0_CD equ 1 << 30

        absolute TVARS
cr4_defined: resd 1                 ; CR4 bits of later models (from CPUID)
        section payload

; PRIV3 label: the instruction at label (ring 3) must be #GP(0)
%macro PRIV3 1
        TRY
        TO_RING 3
        xor eax, eax
        xor ecx, ecx
%%f:    %1
        int RING_RETURN_VEC
        ENDTRY
        CHECK_FAULT_AT 13, 0, %%f
%endmacro

; UD0 insn: the instruction (ring 0) must be #UD
%macro UD_R0 1
        TRY
        xor eax, eax
        xor ecx, ecx
%%f:    %1
        ENDTRY
        CHECK_FAULT_AT 6, 0, %%f
%endmacro

test_main:
; ---- CPUID and EFLAGS ---------------------------------------------------------------
        CASE "EFLAGS.AC toggles on the 486 and later only; ID with CPUID"
        pushfd
        pop ebx
        mov eax, ebx
        xor eax, EFL_AC | (1 << 21)
        push eax
        popfd
        pushfd
        pop eax
        push ebx
        popfd
        xor eax, ebx
        cmp dword [cpu_family], 3
        jne .f1
        CHECK_MASK "386: AC and ID stuck", eax, EFL_AC | (1 << 21), 0
        UD_R0 cpuid
        jmp .f2
.f1:    CHECK_MASK "AC and ID toggle", eax, EFL_AC | (1 << 21), EFL_AC | (1 << 21)
.f2:
        CASE "CPUID: GenuineIntel, family as detected, a leaf past the max repeats it"
        cmp dword [cpu_family], 3
        jne .c1
        SKIP "386: no CPUID"
        jmp .c2
.c1:    xor eax, eax
        cpuid
        mov [tmp], eax                  ; max leaf
        CHECK_EQ "EBX", ebx, 0x756E6547
        CHECK_EQ "EDX", edx, 0x49656E69
        CHECK_EQ "ECX", ecx, 0x6C65746E
        mov eax, 1
        cpuid
        mov [tmp + 4], eax
        mov [tmp + 8], edx
        shr eax, 8
        and eax, 0xF
        CHECK_EQ "family", eax, [cpu_family]
        mov eax, [tmp]
        inc eax
        cpuid
        CHECK_EQ "past the max: leaf max's EAX", eax, [tmp + 4]
        TRY
        TO_RING 3
        mov eax, 1
        cpuid
        mov [ss:tmp + 12], edx
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_EQ "CPUID at CPL 3", [tmp + 12], [tmp + 8]
.c2:

; ---- CR0 ---------------------------------------------------------------------------------
        CASE "CR0: ET is hardwired to 1 on the 486 and Pentium"
        mov eax, cr0
        mov ebx, eax
        and eax, ~CR0_ET
        mov cr0, eax
        mov eax, cr0
        mov cr0, ebx
        cmp dword [cpu_family], 3
        je .e1
        CHECK_MASK "ET", eax, CR0_ET, CR0_ET
        jmp .e2
.e1:    CHECK_MASK "386: ET writable (reads as written)", eax, CR0_ET, 0
.e2:
        CASE "MOV CR0: PG without PE #GP(0); NW without CD #GP(0) on the 486+"
        TRY
        mov eax, cr0
        and eax, ~1
        or eax, 0x80000000
.g1:    mov cr0, eax
        ENDTRY
        CHECK_FAULT_AT 13, 0, .g1
        TRY
        mov eax, cr0
        and eax, ~CR0_CD
        or eax, CR0_NW
.g2:    mov cr0, eax
        mov eax, cr0
        mov [tmp], eax
        and eax, ~CR0_NW
        mov cr0, eax
        ENDTRY
        cmp dword [cpu_family], 3
        je .g3
        CHECK_FAULT_AT 13, 0, .g2
        jmp .g4
.g3:    CHECK_NOFAULT
        CHECK_MASK "386: no NW", [tmp], CR0_NW | CR0_CD, 0
.g4:    mov eax, cr0
        or eax, CR0_CD | CR0_NW
        mov cr0, eax
        mov eax, cr0
        mov ebx, eax
        and ebx, ~(CR0_CD | CR0_NW)
        mov cr0, ebx
        cmp dword [cpu_family], 3
        je .g5
        CHECK_MASK "CD and NW set together", eax, CR0_CD | CR0_NW, CR0_CD | CR0_NW
        jmp .g6
.g5:    CHECK_MASK "386: CD and NW do not exist", eax, CR0_CD | CR0_NW, 0
.g6:
        CASE "CR0: NE, WP, AM exist on the 486+, not on the 386"
        mov eax, cr0
        mov ebx, eax
        or eax, CR0_NE | CR0_WP | CR0_AM
        mov cr0, eax
        mov eax, cr0
        mov cr0, ebx
        cmp dword [cpu_family], 3
        je .n1
        CHECK_MASK "NE WP AM", eax, CR0_NE | CR0_WP | CR0_AM, CR0_NE | CR0_WP | CR0_AM
        jmp .n2
.n1:    CHECK_MASK "386: NE WP AM read 0", eax, CR0_NE | CR0_WP | CR0_AM, 0
.n2:
        CASE "LMSW: loads MP EM TS, sets PE but cannot clear it"
        mov eax, cr0
        mov ebx, eax
        mov ax, 0xFFF0 | CR0_TS         ; PE clear, TS set, high bits ignored
        lmsw ax
        mov eax, cr0
        mov cr0, ebx
        mov ecx, ebx
        and ecx, ~0xF
        or ecx, CR0_TS | 1
        CHECK_EQ "CR0 after LMSW", eax, ecx
        mov ax, CR0_MP | CR0_EM
        lmsw ax
        smsw ax
        movzx eax, ax
        mov edx, ebx
        and edx, 0xFFF0
        or edx, CR0_MP | CR0_EM | 1
        clts
        mov cr0, ebx
        CHECK_EQ "SMSW", eax, edx
        mov word [tmp], 0x1234
        smsw [tmp]
        mov eax, cr0
        and eax, 0xFFFF
        CHECK_EQ "SMSW m16 stores the low word only", [tmp], eax
        CASE "CR2 reads back; CR3 keeps the page-directory base"
        mov eax, 0x12345678
        mov cr2, eax
        mov eax, cr2
        CHECK_EQ "CR2", eax, 0x12345678
        mov eax, 0x00ABCFFF
        mov cr3, eax
        mov eax, cr3
        xor ebx, ebx
        mov cr3, ebx
        CHECK_MASK "CR3 (page-directory base; bits 11:0 ignored)", eax, 0xFFFFF000, 0x00ABC000
        CASE "MOV CR1, CR5, CR6, CR7 are #UD; CR4 only on the Pentium"
        UD_R0 {db 0x0F, 0x20, 0xC8}     ; mov eax, cr1
        UD_R0 {db 0x0F, 0x22, 0xE8}     ; mov cr5, eax
        UD_R0 {db 0x0F, 0x20, 0xF0}     ; mov eax, cr6
        UD_R0 {db 0x0F, 0x22, 0xF8}     ; mov cr7, eax
        cmp dword [cpu_family], 5
        jae .r3
        UD_R0 {mov eax, cr4}
        jmp .r4
.r3:    mov eax, cr4
        CHECK_EQ "CR4 at reset (as the harness left it)", eax, 0
.r4:
        CASE "CR4: reserved bits are #GP(0); defined bits read back"
        cmp dword [cpu_family], 5
        jae .r10
        SKIP "no CR4"
        jmp .r6
.r10:   xor eax, eax                    ; CR4 bits CPUID says exist past the P5's
        test dword [cpu_features], 1 << 6
        jz .r11
        or eax, 1 << 5                  ; PAE
.r11:   test dword [cpu_features], 1 << 24
        jz .r12
        or eax, 1 << 9                  ; FXSR: OSFXSR
.r12:   test dword [cpu_features], 1 << 25
        jz .r13
        or eax, 1 << 10                 ; SSE: OSXMMEXCPT
.r13:   mov [cr4_defined], eax
.r5:    mov esi, cr4_bad
.r7:    mov eax, [esi]
        test eax, eax
        jz .r8
        test eax, [cr4_defined]         ; a bit a later model defines: skip
        jz .r9
        add esi, 4
        jmp .r7
.r9:    mov [tmp + 60], esi
        TRY
        mov eax, [esi]
        mov cr4, eax
        ENDTRY
        mov esi, [tmp + 60]
        CHECK_EQ "vector for the CR4 bit in [ESI]", [exc_vec], 13
        add esi, 4
        jmp .r7
.r8:    mov eax, (1 << 0) | (1 << 1) | (1 << 2) | (1 << 3) | (1 << 4) | (1 << 6)
        mov cr4, eax
        mov eax, cr4
        xor ebx, ebx
        mov cr4, ebx
        CHECK_EQ "VME PVI TSD DE PSE MCE", eax, 0x5F
.r6:

; ---- privilege ---------------------------------------------------------------------------
        CASE "CPL 3: HLT CLTS LGDT LIDT LLDT LTR LMSW MOV CR are #GP(0)"
        PRIV3 hlt
        PRIV3 clts
        PRIV3 {lgdt [gdtr]}
        PRIV3 {lidt [idtr]}
        PRIV3 {lldt ax}
        PRIV3 {ltr ax}
        PRIV3 {lmsw ax}
        PRIV3 {mov eax, cr0}
        PRIV3 {mov cr3, eax}
        PRIV3 {mov eax, cr2}
        CASE "CPL 3: INVD WBINVD INVLPG are #GP(0) on the 486+ (#UD on the 386)"
        cmp dword [cpu_family], 3
        je .p1
        PRIV3 invd
        PRIV3 wbinvd
        PRIV3 {invlpg [0]}
        invd
        wbinvd
        jmp .p2
.p1:    UD_R0 invd
        UD_R0 wbinvd
.p2:
        CASE "CPL 3: SGDT SIDT SMSW STR SLDT are allowed"
        TRY
        TO_RING 3
        sgdt [ss:tmp]
        sidt [ss:tmp + 8]
        smsw [ss:tmp + 16]
        str [ss:tmp + 20]
        sldt [ss:tmp + 24]
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        CHECK_MASK "SGDT limit", [tmp], 0xFFFF, GDT_LIMIT
        CHECK_EQ "SGDT base", [tmp + 2], GDT_BASE
        CHECK_MASK "SIDT limit", [tmp + 8], 0xFFFF, IDT_LIMIT
        CHECK_MASK "STR", [tmp + 20], 0xFFFF, TSS0_SEL
        CHECK_MASK "SLDT", [tmp + 24], 0xFFFF, LDT0_SEL

; ---- TSC and MSRs (Pentium) -------------------------------------------------------------------
        CASE "RDTSC counts up; CR4.TSD makes it #GP(0) at CPL 3 only"
        cmp dword [cpu_family], 5
        jae .t1
        UD_R0 rdtsc
        SKIP "no TSC"
        jmp .t2
.t1:    rdtsc
        mov ebx, eax
        mov ecx, edx
        nop
        rdtsc
        sub eax, ebx
        sbb edx, ecx
        CHECK_EQ "high part of the difference", edx, 0
        CHECK_MASK "difference > 0", eax, 0x80000000, 0
        cmp eax, 0
        setne al
        movzx eax, al
        CHECK_EQ "nonzero", eax, 1
        TRY
        TO_RING 3
        rdtsc
        int RING_RETURN_VEC
        ENDTRY
        CHECK_RET
        mov eax, cr4
        or eax, 1 << 2
        mov cr4, eax
        rdtsc                           ; CPL 0: fine
        TRY
        TO_RING 3
.t3:    rdtsc
        int RING_RETURN_VEC
        ENDTRY
        CHECK_FAULT_AT 13, 0, .t3
        xor eax, eax
        mov cr4, eax
.t2:
        CASE "RDMSR/WRMSR: MSR 10h is the TSC; unknown MSRs and CPL 3 are #GP(0)"
        cmp dword [cpu_family], 5
        jae .m1
        UD_R0 rdmsr
        SKIP "no MSRs"
        jmp .m2
.m1:    mov ecx, 0x10
        mov eax, 0x00001000
        mov edx, 0x00000123
        wrmsr
        rdtsc
        CHECK_EQ "TSC high after WRMSR", edx, 0x123
        mov ebx, eax
        sub ebx, 0x1000
        CHECK_MASK "TSC low: just past the value written", ebx, 0xFFFF0000, 0
        mov ecx, 0x10
        rdmsr
        CHECK_EQ "RDMSR 10h high", edx, 0x123
        TRY
        mov ecx, 0x12345
.m3:    rdmsr
        ENDTRY
        CHECK_FAULT_AT 13, 0, .m3
        TRY
        mov ecx, 0x12345
        xor eax, eax
        xor edx, edx
.m4:    wrmsr
        ENDTRY
        CHECK_FAULT_AT 13, 0, .m4
        TRY
        TO_RING 3
        mov ecx, 0x10
.m5:    rdmsr
        int RING_RETURN_VEC
        ENDTRY
        CHECK_FAULT_AT 13, 0, .m5
.m2:
        ret

cr4_bad:
        dd 1 << 5, 1 << 9, 1 << 10, 1 << 11, 1 << 12, 1 << 16, 0x80000000, 0

%include "tail.inc"
