/* cpu/model.h: what distinguishes the --cpu models: reset values, the
 * EFLAGS bits software can change, CPUID, and the control-register bits
 * that exist (SDM Vol. 3, 22.x "Architecture Compatibility"). */
#ifndef VIREO_CPU_MODEL_H
#define VIREO_CPU_MODEL_H

#include <stdint.h>

/* CPUID leaf 1 EDX feature bits (SDM Vol. 2, CPUID, Table 3-11) that
 * change what the core does. */
#define CPUID_FPU (1u << 0)
#define CPUID_SEP (1u << 11)        /* SYSENTER/SYSEXIT and MSRs 174h-176h */
#define CPUID_MMX (1u << 23)
#define CPUID_FXSR (1u << 24)       /* FXSAVE/FXRSTOR, CR4.OSFXSR */

struct cpu_model {
    const char *name;           /* as --cpu spells it */
    uint8_t model;              /* CPU_386 / CPU_486 / CPU_586 / CPU_686 / CPU_P2 */
    uint32_t reset_edx;         /* processor signature in EDX after RESET */
    uint32_t cr0_reset;         /* CR0 after RESET, ET excluded */
    uint32_t cr0_mask;          /* CR0 bits that exist (writable) */
    uint32_t cr4_mask;          /* CR4 bits that exist; 0: no CR4 (#UD) */
    uint32_t eflags_mask;       /* EFLAGS bits POPF/IRET can change */
    uint32_t dr6_reset;
    uint8_t has_cpuid;
    uint32_t cpuid_max;         /* highest basic leaf */
    uint32_t cpuid_signature;   /* leaf 1 EAX */
    uint32_t cpuid_features;    /* leaf 1 EDX */
    uint32_t cpuid_leaf2[4];    /* leaf 2 EAX EBX ECX EDX (cache descriptors), if cpuid_max >= 2 */
};

const struct cpu_model *cpu_model_info(uint8_t model);
/* Look a model up by its --cpu name (386, 486, pentium, pentiumpro,
 * pentium2); NULL if unknown. */
const struct cpu_model *cpu_model_by_name(const char *name);
/* The --cpu names, comma-separated, for help and error messages. */
#define CPU_MODEL_NAMES "386, 486, pentium, pentiumpro, pentium2"

#endif
