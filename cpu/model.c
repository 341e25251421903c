/* cpu/model.c: the five models.  Signatures: a 386DX (family 3), an
 * Intel486 DX4 (family 4 model 8, which has CPUID), a Pentium P54C
 * (family 5 model 2 stepping C), a Pentium Pro (family 6 model 1) and a
 * Pentium II "Deschutes" (family 6 model 5 stepping 2).  Feature bits from
 * the SDM's CPUID leaf 1 table: FPU 0, VME 1, DE 2, PSE 3, TSC 4, MSR 5,
 * MCE 7, CX8 8, SEP 11, PGE 13, CMOV 15, MMX 23, FXSR 24.
 * The Pentium model offers CR4.PGE and PCE (as the issue asks) beyond the P54C.
 * CPUID claims only what is implemented: the real P6 parts also have PAE
 * (6), APIC (9), MTRR (12), MCA (14), PAT (16) and PSE-36 (17), which
 * Vireo does not model, so those bits stay clear. */
#include "cpu/model.h"

#include <string.h>

#include "decoder/decode.h"

#define EFLAGS_386 0x00037fd5u          /* CF PF AF ZF SF TF IF DF OF IOPL NT RF VM */
#define EFLAGS_486 (EFLAGS_386 | 1u << 18 | 1u << 21)     /* + AC, ID */
#define EFLAGS_586 (EFLAGS_486 | 1u << 19 | 1u << 20)     /* + VIF, VIP */

static const struct cpu_model models[] = {
    { .name = "386", .model = CPU_386, .reset_edx = 0x0308, .cr0_reset = 0,
      .cr0_mask = 0x8000001fu, .cr4_mask = 0, .eflags_mask = EFLAGS_386,
      .dr6_reset = 0xffff1ff0u, .has_cpuid = 0 },
    { .name = "486", .model = CPU_486, .reset_edx = 0x0480, .cr0_reset = 0x60000000u,
      .cr0_mask = 0xe005003fu, .cr4_mask = 0, .eflags_mask = EFLAGS_486,
      .dr6_reset = 0xffff1ff0u, .has_cpuid = 1, .cpuid_max = 1, .cpuid_signature = 0x0480,
      .cpuid_features = 0x00000001u },
    { .name = "pentium", .model = CPU_586, .reset_edx = 0x052c, .cr0_reset = 0x60000000u,
      .cr0_mask = 0xe005003fu, .cr4_mask = 0x000001dfu, .eflags_mask = EFLAGS_586,
      .dr6_reset = 0xffff0ff0u, .has_cpuid = 1, .cpuid_max = 1, .cpuid_signature = 0x052c,
      .cpuid_features = 0x000021bfu },   /* + PGE (13), as the CR4 bits offered */
    /* A Pentium Pro (family 6 model 1): the P5 plus CMOVcc, FCMOVcc, FCOMI
     * and RDPMC.  CPUID: FPU VME DE PSE TSC MSR MCE CX8 PGE CMOV (15). */
    { .name = "pentiumpro", .model = CPU_686, .reset_edx = 0x0611, .cr0_reset = 0x60000000u,
      .cr0_mask = 0xe005003fu, .cr4_mask = 0x000001dfu, .eflags_mask = EFLAGS_586,
      .dr6_reset = 0xffff0ff0u, .has_cpuid = 1, .cpuid_max = 1, .cpuid_signature = 0x0611,
      .cpuid_features = 0x0000a1bfu },
    /* A Pentium II (family 6 model 5): the Pentium Pro plus MMX, FXSAVE/
     * FXRSTOR (CR4.OSFXSR, bit 9) and SYSENTER/SYSEXIT.  CPUID: the Pentium
     * Pro's bits + SEP (11), MMX (23), FXSR (24).  Leaf 2 is a 512 KiB
     * Pentium II's: AL = 1 (one call), descriptors 01h (ITLB 4K, 32
     * entries), 02h (ITLB 4M, 2), 03h (DTLB 4K, 64), 43h (L2 512K, 4-way,
     * 32-byte lines), 08h (L1 I 16K), 04h (DTLB 4M, 8), 0Ch (L1 D 16K). */
    { .name = "pentium2", .model = CPU_P2, .reset_edx = 0x0652, .cr0_reset = 0x60000000u,
      .cr0_mask = 0xe005003fu, .cr4_mask = 0x000003dfu, .eflags_mask = EFLAGS_586,
      .dr6_reset = 0xffff0ff0u, .has_cpuid = 1, .cpuid_max = 2, .cpuid_signature = 0x0652,
      .cpuid_features = 0x0180a9bfu,
      .cpuid_leaf2 = { 0x03020101u, 0, 0, 0x0c040843u } },
};

const struct cpu_model *cpu_model_info(uint8_t model)
{
    for (size_t i = 0; i < sizeof models / sizeof models[0]; i++) {
        if (models[i].model == model)
            return &models[i];
    }
    return &models[2];      /* unreachable for a valid model */
}

const struct cpu_model *cpu_model_by_name(const char *name)
{
    for (size_t i = 0; i < sizeof models / sizeof models[0]; i++) {
        if (strcmp(models[i].name, name) == 0)
            return &models[i];
    }
    return NULL;
}
