/* cpu/model.c: the three models.  Signatures: a 386DX (family 3), an
 * Intel486 DX4 (family 4 model 8, which has CPUID) and a Pentium P54C
 * (family 5 model 2 stepping C).  Feature bits from the SDM's CPUID leaf 1
 * table: FPU 0, VME 1, DE 2, PSE 3, TSC 4, MSR 5, MCE 7, CX8 8, PGE 13.
 * The Pentium model offers CR4.PGE and PCE (as the issue asks) beyond the P54C. */
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
