/* bios/rom_defs.h: numbers shared by the ROM (bios/rom.asm) and the C
 * services: service-trap numbers, POST steps, the ROM directory indices
 * and the standard entry addresses in segment F000h.  The build turns each
 * line of the form "#define NAME value" into a NASM "%define" (see
 * bios/local.mk), so keep every definition on one line with a plain value.
 * The trap is the instruction 0F FF (C0h + n), executed inside the ROM. */
#ifndef VIREO_BIOS_ROM_DEFS_H
#define VIREO_BIOS_ROM_DEFS_H

/* Service traps (n in 0F FF C0+n).  Stub conventions: "frame" means the
 * caller's IRET frame sits at SS:SP when the trap executes; "retry" means
 * the stub repeats the trap after waiting while the C side returns with
 * the live CF set (ZF set: halt until an interrupt, clear: spin briefly). */
#define SVC_POST 0              /* AL = POST step; retry (spin) */
#define SVC_TIMER 1             /* INT 08h body: ticks, midnight, motor off */
#define SVC_KBD_RAW 2           /* INT 09h: AL = byte from port 60h; CF=1: consumed */
#define SVC_KBD_SCAN 3          /* INT 09h after INT 15h/4Fh: AL = scan code; AH = action */
#define SVC_INT10 4             /* frame; retry (halt) for the BEL tone */
#define SVC_INT13 5             /* frame; retry */
#define SVC_INT14 6             /* frame; retry (spin) */
#define SVC_INT15 7             /* frame; retry (spin) */
#define SVC_INT16 8             /* frame; retry (halt) */
#define SVC_INT17 9             /* frame; retry (spin) */
#define SVC_INT1A 10            /* frame; retry (spin) */
#define SVC_RTC_IRQ 11          /* INT 70h body: AH bit 0 = call INT 4Ah */
#define SVC_MOUSE_IRQ 12        /* INT 74h body: CF=0: call the handler (see rom.asm) */
#define SVC_SPURIOUS 13         /* unexpected hardware interrupt (IBM: 40:6B) */
#define SVC_BOOT 14             /* INT 19h: AL = step (BOOT_*) */
#define SVC_PRTSC 15            /* INT 05h */
#define SVC_NMI 16              /* INT 02h */
#define SVC_WAIT86 17           /* INT 15h/86h: AL = 0 start, 1 finish (frame at SP+2) */
#define SVC_INT40 18            /* INT 40h: diskette-only INT 13h; frame; retry */
#define SVC_FLOPPY_IRQ 19       /* INT 0Eh body */
#define SVC_COUNT 20

/* POST steps (AL for SVC_POST). */
#define POST_INIT 0             /* BDA, EBDA, IVT, PIC, PIT, DMA, CMOS, equipment */
#define POST_CLOCK 1            /* timer ticks from the RTC (retries during UIP) */
#define POST_KBC_RESULT 2       /* BL = keyboard controller test results (KBC_OK_*) */
#define POST_VIDEO 3            /* CF=0: a VGA is fitted, set mode 3 */
#define POST_NEXT_ROM 4         /* CF=0: ES = segment of the next option ROM to call */
#define POST_BANNER 5           /* ES:SI = NUL-terminated banner text to print */
#define POST_DONE 6             /* final checks before INT 19h */
#define POST_SHUTDOWN 7         /* BL = CMOS shutdown code; AL on return = what to do */

/* BL bits for POST_KBC_RESULT. */
#define KBC_OK_SELFTEST 1
#define KBC_OK_INTERFACE 2
#define KBC_OK_KEYBOARD 4
#define KBC_OK_AUX 8

/* INT 19h steps (AL for SVC_BOOT). */
#define BOOT_FIRST 0            /* start over: DL = first drive, CF=1 none */
#define BOOT_NEXT 1             /* DL = next drive, CF=1 none left */
#define BOOT_CHECK 2            /* DL = drive just read: CF=0 bootable (sector at 0:7C00) */
#define BOOT_FAILED 3           /* ES:SI = message for INT 18h */

/* Actions INT 09h asks the stub for (AH after SVC_KBD_SCAN). */
#define KACT_NONE 0
#define KACT_STORED 1           /* a key was stored: INT 15h AX=9102h */
#define KACT_BREAK 2            /* Ctrl-Break: INT 1Bh */
#define KACT_PRTSC 3            /* Print Screen: EOI, then INT 05h */
#define KACT_SYSREQ_MAKE 4      /* INT 15h AX=8500h */
#define KACT_SYSREQ_BREAK 5     /* INT 15h AX=8501h */
#define KACT_PAUSE 6            /* EOI, then wait until 40:18 bit 3 clears */
#define KACT_REBOOT 7           /* Ctrl-Alt-Del */

/* The ROM directory at F000:0000: "VIREO", 0, then one word offset (in
 * segment F000h) per entry, in this order. */
#define ROMDIR_SIGNATURE_LEN 6
#define ROMDIR_FONT8X8 0        /* all 256 characters (00h-7Fh also at F000:FA6E) */
#define ROMDIR_FONT8X8_HI 1     /* characters 80h-FFh (INT 1Fh) */
#define ROMDIR_FONT8X14 2
#define ROMDIR_FONT8X16 3
#define ROMDIR_FONT9X14 4       /* 9-dot replacements: char, 14 rows; 0 ends */
#define ROMDIR_FONT9X16 5
#define ROMDIR_VPARMS 6         /* video parameter table (VPT_* entries x 64 bytes) */
#define ROMDIR_SAVEPTR 7        /* video save pointer table (40:A8) */
#define ROMDIR_FDPT 8           /* diskette parameter tables, per drive type 1-5 */
#define ROMDIR_STATIC_FUNC 9    /* INT 10h/1Bh static functionality table */
#define ROMDIR_DCC_TABLE 10     /* display combination code table */
#define ROMDIR_VERSION 11       /* NUL-terminated version string */
#define ROMDIR_INT18 12         /* handlers the IVT needs that have no fixed address */
#define ROMDIR_INT70 13
#define ROMDIR_INT71 14
#define ROMDIR_INT74 15
#define ROMDIR_INT75 16
#define ROMDIR_INT76 17
#define ROMDIR_SPURIOUS 18
#define ROMDIR_VBE_OEM 19       /* VBE strings: OEM, vendor, product, revision (NUL-terminated) */
#define ROMDIR_VBE_PM 20        /* VBE 2.0 protected-mode interface table (4F0Ah) */
#define ROMDIR_VBE_PM_END 21    /* the end of its code */
#define ROMDIR_VBE_WINFUNC 22   /* far-callable window function (ModeInfoBlock WinFuncPtr) */
#define ROMDIR_COUNT 23

/* Standard entry points and tables in segment F000h (IBM PC/AT layout,
 * where software expects them). */
#define ROM_DIR 0x0000
#define ROM_POST 0xE05B
#define ROM_NMI 0xE2C3
#define ROM_INT13 0xE3FE
#define ROM_INT19 0xE6F2
#define ROM_CONFIG_TABLE 0xE6F5
#define ROM_BAUD_TABLE 0xE729
#define ROM_INT14 0xE739
#define ROM_INT16 0xE82E
#define ROM_INT09 0xE987
#define ROM_INT40 0xEC59
#define ROM_INT0E 0xEF57
#define ROM_FDPT 0xEFC7
#define ROM_INT17 0xEFD2
#define ROM_INT10 0xF065
#define ROM_VIDEO_PARMS 0xF0A4
#define ROM_INT12 0xF841
#define ROM_INT11 0xF84D
#define ROM_INT15 0xF859
#define ROM_FONT8X8 0xFA6E
#define ROM_INT1A 0xFE6E
#define ROM_INT08 0xFEA5
#define ROM_IRET 0xFF53
#define ROM_INT05 0xFF54
#define ROM_RESET 0xFFF0
#define ROM_DATE 0xFFF5
#define ROM_MODEL 0xFFFE

/* Where the ROM lives: 128 KiB at E0000h (the E000h segment is left
 * blank, all FFh, so that memory managers can put upper memory there),
 * the code and tables in F0000h-FFFFFh. */
#define ROM_BASE 0xE0000
#define ROM_SIZE 0x20000
#define ROM_IMAGE_BASE 0xF0000
#define ROM_IMAGE_SIZE 0x10000

/* Video parameter table entries (ROMDIR_VPARMS), in the IBM VGA order. */
#define VPT_MODE0_200 0
#define VPT_MODE1_200 1
#define VPT_MODE2_200 2
#define VPT_MODE3_200 3
#define VPT_MODE4 4
#define VPT_MODE5 5
#define VPT_MODE6 6
#define VPT_MODE7_350 7
#define VPT_MODED 13
#define VPT_MODEE 14
#define VPT_MODEF 17
#define VPT_MODE10 18
#define VPT_MODE0_350 19
#define VPT_MODE1_350 20
#define VPT_MODE2_350 21
#define VPT_MODE3_350 22
#define VPT_MODE01_400 23
#define VPT_MODE23_400 24
#define VPT_MODE7_400 25
#define VPT_MODE11 26
#define VPT_MODE12 27
#define VPT_MODE13 28
#define VPT_COUNT 29

#endif
