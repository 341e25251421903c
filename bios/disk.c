/* bios/disk.c: INT 13h for hard disks (IBM PC/AT Technical Reference,
 * "Fixed Disk"; Phoenix "BIOS Enhanced Disk Drive Specification" 3.0 for
 * 41h-48h) and the dispatch between diskettes and hard disks.  Sectors move
 * straight between the image and memory (disk_read/disk_write); drives
 * 80h-83h are the fitted disks in channel order.  Disks with more than 1024
 * cylinders get LBA-assisted translation (63 sectors, 16-255 heads), which
 * the INT 41h/46h tables (in the EBDA) describe in the Phoenix translated
 * format.  LIMITATION: format (05h) checks its arguments and succeeds
 * without changing data, as IDE drives treat FORMAT TRACK. */
#include <string.h>

#include "bios/bios_internal.h"

/* ---- geometry and tables ---- */

static struct disk_chs logical_chs(struct disk_chs phys, uint64_t sectors)
{
    if (phys.cyls <= 1024 && phys.heads <= 255 && phys.spt <= 63)
        return phys;
    struct disk_chs l = { 0, 16, 63 };
    static const unsigned heads[] = { 16, 32, 64, 128, 255 };
    for (unsigned i = 0; i < 5; i++) {
        l.heads = heads[i];
        if (sectors <= (uint64_t)1024 * heads[i] * 63)
            break;
    }
    uint64_t cyls = sectors / ((uint64_t)l.heads * l.spt);
    l.cyls = (uint32_t)(cyls > 1024 ? 1024 : cyls);
    return l;
}

static void ebda_write(struct cpu *c, unsigned off, const uint8_t *p, unsigned n)
{
    mem_write_block(c, ebda_lin(c) + off, p, n);
}

/* The AT fixed-disk parameter table (16 bytes), or the Phoenix translated
 * form (signature A0h at byte 3, checksum at 15) when the logical geometry
 * differs from the drive's. */
static void make_hd_table(uint8_t t[16], struct disk_chs phys, struct disk_chs log)
{
    memset(t, 0, 16);
    uint8_t control = phys.heads > 8 ? 0x08 : 0x00;
    if (phys.cyls == log.cyls && phys.heads == log.heads && phys.spt == log.spt) {
        store_le16(t + 0, (uint16_t)phys.cyls);
        t[2] = (uint8_t)phys.heads;
        store_le16(t + 5, 0xFFFF);              /* no write precompensation */
        t[8] = control;
        store_le16(t + 12, (uint16_t)phys.cyls);   /* landing zone */
        t[14] = (uint8_t)phys.spt;
        return;
    }
    store_le16(t + 0, (uint16_t)log.cyls);
    t[2] = (uint8_t)log.heads;
    t[3] = 0xA0;
    t[4] = (uint8_t)phys.spt;
    store_le16(t + 5, 0xFFFF);
    t[8] = control;
    store_le16(t + 9, (uint16_t)(phys.cyls > 0xFFFF ? 0xFFFF : phys.cyls));
    t[11] = (uint8_t)phys.heads;
    store_le16(t + 12, (uint16_t)(phys.cyls > 0xFFFF ? 0xFFFF : phys.cyls));
    t[14] = (uint8_t)log.spt;
    uint8_t sum = 0;
    for (unsigned i = 0; i < 15; i++)
        sum = (uint8_t)(sum + t[i]);
    t[15] = (uint8_t)-sum;
}

/* EDD device parameter table extension (16 bytes) for deps disk i. */
static void make_dpte(uint8_t t[16], unsigned dep)
{
    memset(t, 0, 16);
    bool secondary = dep >= 2, slave = dep & 1;
    store_le16(t + 0, secondary ? 0x170 : 0x1F0);
    store_le16(t + 2, secondary ? 0x376 : 0x3F6);
    t[4] = (uint8_t)(0xA0 | 0x40 | (slave ? 0x10 : 0));    /* LBA, device */
    t[6] = secondary ? 15 : 14;
    t[7] = 1;                                   /* block count for multiple mode */
    store_le16(t + 10, 0x0010);                 /* LBA translation in use */
    t[14] = 0x11;                               /* extension revision 1.1 */
    uint8_t sum = 0;
    for (unsigned i = 0; i < 15; i++)
        sum = (uint8_t)(sum + t[i]);
    t[15] = (uint8_t)-sum;
}

void disk_post(struct bios *b, struct cpu *c)
{
    b->hd_count = 0;
    for (unsigned i = 0; i < 4; i++) {
        if (b->d.hd[i] == NULL)
            continue;
        struct disk_chs phys = b->d.hd_chs[i];
        if (phys.cyls == 0 || phys.heads == 0 || phys.spt == 0)
            phys = disk_get_chs(b->d.hd[i]);
        unsigned u = b->hd_count++;
        b->hd_dep[u] = i;
        b->hd_lchs[u] = logical_chs(phys, disk_sectors(b->d.hd[i]));
        uint8_t t[16];
        if (u < 2) {
            make_hd_table(t, phys, b->hd_lchs[u]);
            ebda_write(c, u == 0 ? EBDA_HD0_PARMS : EBDA_HD1_PARMS, t, 16);
            uint16_t seg = bda_rd16(c, BDA_EBDA_SEG);
            unsigned vec = u == 0 ? 0x41 : 0x46;
            mem_wr16(c, vec * 4, u == 0 ? EBDA_HD0_PARMS : EBDA_HD1_PARMS);
            mem_wr16(c, vec * 4 + 2, seg);
            if (phys.heads > 8)
                bda_wr8(c, BDA_HD_CONTROL, 0x08);
        }
        make_dpte(t, i);
        ebda_write(c, EBDA_DPTE + 16 * u, t, 16);
    }
    bda_wr8(c, BDA_HD_COUNT, (uint8_t)b->hd_count);
    bda_wr8(c, BDA_HD_STATUS, 0);
}

/* ---- the services ---- */

static void hd_result(struct bios *b, struct cpu *c, uint8_t status)
{
    bda_wr8(c, BDA_HD_STATUS, status);
    set_r8hi(c, REG_EAX, status);
    frame_cf(b, c, status != 0);
}

/* Move count sectors from lba between the image and linear address lin.
 * Returns the status; *done counts the sectors moved. */
static uint8_t hd_rw(struct cpu *c, struct disk_image *d, bool write, uint64_t lba,
                     uint32_t count, uint32_t lin, uint32_t *done)
{
    uint8_t buf[512];
    uint64_t total = disk_sectors(d);
    *done = 0;
    if (write && !disk_is_writable(d))
        return DS_WRITE_PROTECT;
    if (!write)
        mem_probe_write(c, lin, count * 512u);
    while (*done < count) {
        if (lba + *done >= total)
            return DS_NOT_FOUND;
        if (write) {
            mem_read_block(c, lin + *done * 512u, buf, 512);
            if (disk_write(d, lba + *done, 1, buf) != 0)
                return DS_WRITE_FAULT;
        } else {
            if (disk_read(d, lba + *done, 1, buf) != 0)
                return DS_BAD_CRC;
            mem_write_block(c, lin + *done * 512u, buf, 512);
        }
        (*done)++;
    }
    return DS_OK;
}

/* CHS from CX/DH as INT 13h packs them: cylinder = CH | (CL bits 7-6) << 8. */
static bool chs_to_lba(const struct disk_chs *g, struct cpu *c, uint64_t *lba)
{
    unsigned cyl = CH(c) | (unsigned)(CL(c) & 0xC0) << 2;
    unsigned sec = CL(c) & 0x3F, head = DH(c);
    if (sec == 0 || sec > g->spt || head >= g->heads || cyl >= g->cyls)
        return false;
    *lba = ((uint64_t)cyl * g->heads + head) * g->spt + (sec - 1);
    return true;
}

/* EDD 3.0 get drive parameters (48h) into the caller's buffer. */
static uint8_t edd_params(struct bios *b, struct cpu *c, unsigned u)
{
    uint32_t lin = far_lin(sreg(c, SEG_DS), SI(c));
    uint16_t size = mem_rd16(c, lin);
    if (size < 0x1A)
        return DS_BAD_CMD;
    unsigned dep = b->hd_dep[u];
    struct disk_chs phys = b->d.hd_chs[dep];
    if (phys.cyls == 0 || phys.heads == 0 || phys.spt == 0)
        phys = disk_get_chs(b->d.hd[dep]);
    uint64_t total = disk_sectors(b->d.hd[dep]);
    uint8_t p[0x42];
    memset(p, 0, sizeof p);
    uint16_t out = size >= 0x42 ? 0x42 : size >= 0x1E ? 0x1E : 0x1A;
    store_le16(p + 0, out);
    store_le16(p + 2, 0x0003);                  /* DMA boundaries handled, CHS valid */
    store_le32(p + 4, phys.cyls);
    store_le32(p + 8, phys.heads);
    store_le32(p + 12, phys.spt);
    store_le32(p + 16, (uint32_t)total);
    store_le32(p + 20, (uint32_t)(total >> 32));
    store_le16(p + 24, 512);
    if (out >= 0x1E) {
        store_le16(p + 26, (uint16_t)(EBDA_DPTE + 16 * u));
        store_le16(p + 28, bda_rd16(c, BDA_EBDA_SEG));
    }
    if (out >= 0x42) {
        store_le16(p + 30, 0xBEDD);             /* device path present */
        p[32] = 0x24;                           /* its length, from 1Eh */
        memcpy(p + 36, "ISA ", 4);
        memcpy(p + 40, "ATA     ", 8);
        store_le16(p + 48, dep >= 2 ? 0x170 : 0x1F0);
        p[56] = (uint8_t)(dep & 1);             /* master 0, slave 1 */
        uint8_t sum = 0;
        for (unsigned i = 30; i < 0x41; i++)
            sum = (uint8_t)(sum + p[i]);
        p[0x41] = (uint8_t)-sum;
    }
    mem_write_block(c, lin, p, out);
    return DS_OK;
}

/* Extended read/write/verify/seek (42h-44h, 47h) through the disk
 * address packet at DS:SI. */
static uint8_t edd_transfer(struct bios *b, struct cpu *c, unsigned u)
{
    uint32_t pkt = far_lin(sreg(c, SEG_DS), SI(c));
    uint8_t size = mem_rd8(c, pkt);
    if (size < 0x10)
        return DS_BAD_CMD;
    uint32_t count = mem_rd16(c, pkt + 2);
    uint32_t bufp = mem_rd32(c, pkt + 4);
    uint64_t lba = (uint64_t)mem_rd32(c, pkt + 8) | (uint64_t)mem_rd32(c, pkt + 12) << 32;
    uint32_t lin = far_lin((uint16_t)(bufp >> 16), bufp & 0xFFFF);
    if (bufp == 0xFFFFFFFFu && size >= 0x18) {
        uint64_t flat = (uint64_t)mem_rd32(c, pkt + 16) | (uint64_t)mem_rd32(c, pkt + 20) << 32;
        if (flat >> 32)
            return DS_BAD_CMD;
        lin = (uint32_t)flat;
    }
    struct disk_image *d = b->d.hd[b->hd_dep[u]];
    uint8_t ah = AH(c);
    if (ah != 0x47 && count > 0x7F) {
        mem_wr16(c, pkt + 2, 0);
        return DS_BAD_CMD;
    }
    if (ah == 0x47 || ah == 0x44) {
        if (lba + (ah == 0x44 ? count : 1) > disk_sectors(d)) {
            if (ah == 0x44)
                mem_wr16(c, pkt + 2, 0);
            return DS_NOT_FOUND;
        }
        return DS_OK;
    }
    if (ah == 0x43 && AL(c) > 2)
        return DS_BAD_CMD;
    uint32_t done;
    uint8_t st = hd_rw(c, d, ah == 0x43, lba, count, lin, &done);
    if (st != DS_OK)
        mem_wr16(c, pkt + 2, (uint16_t)done);
    return st;
}

static bool hd_service(struct bios *b, struct cpu *c)
{
    uint8_t ah = AH(c);
    unsigned u = DL(c) - 0x80u;
    if (ah == 0x01) {
        uint8_t st = bda_rd8(c, BDA_HD_STATUS);
        set_r8hi(c, REG_EAX, st);
        frame_cf(b, c, st != 0);
        return true;
    }
    if (u >= b->hd_count) {
        if (ah == 0x15) {
            set_r8hi(c, REG_EAX, 0);
            frame_cf(b, c, false);
        } else if (ah == 0x08) {
            set_r8lo(c, REG_EDX, (uint8_t)b->hd_count);
            hd_result(b, c, DS_BAD_PARMS);
        } else {
            hd_result(b, c, DS_BAD_CMD);
        }
        return true;
    }
    struct disk_image *d = b->d.hd[b->hd_dep[u]];
    const struct disk_chs *g = &b->hd_lchs[u];
    uint64_t lba;
    uint32_t done;
    uint8_t st;
    switch (ah) {
    case 0x00: case 0x09: case 0x0D: case 0x10: case 0x11: case 0x12: case 0x13: case 0x14:
        hd_result(b, c, DS_OK);             /* reset, init, ready, recalibrate, diags */
        return true;
    case 0x02:
    case 0x03:
    case 0x04:
        if (AL(c) == 0 || AL(c) > 128 || !chs_to_lba(g, c, &lba)) {
            set_r8lo(c, REG_EAX, 0);
            hd_result(b, c, AL(c) == 0 || AL(c) > 128 ? DS_BAD_CMD : DS_NOT_FOUND);
            return true;
        }
        if (ah == 0x04) {
            uint64_t total = disk_sectors(d);
            done = lba + AL(c) <= total ? AL(c) : (uint32_t)(total > lba ? total - lba : 0);
            st = done == AL(c) ? DS_OK : DS_NOT_FOUND;
        } else {
            st = hd_rw(c, d, ah == 0x03, lba, AL(c), far_lin(sreg(c, SEG_ES), BX(c)), &done);
        }
        set_r8lo(c, REG_EAX, (uint8_t)done);
        hd_result(b, c, st);
        return true;
    case 0x05:                              /* format track */
        set_r8lo(c, REG_ECX, (uint8_t)((CL(c) & 0xC0) | 1));
        hd_result(b, c, chs_to_lba(g, c, &lba) ? (disk_is_writable(d) ? DS_OK : DS_WRITE_PROTECT)
                                               : DS_NOT_FOUND);
        return true;
    case 0x08: {
        unsigned maxcyl = g->cyls - 1;
        set_r16(c, REG_EAX, 0);
        set_r8hi(c, REG_ECX, (uint8_t)maxcyl);
        set_r8lo(c, REG_ECX, (uint8_t)(((maxcyl >> 2) & 0xC0) | (g->spt & 0x3F)));
        set_r8hi(c, REG_EDX, (uint8_t)(g->heads - 1));
        set_r8lo(c, REG_EDX, (uint8_t)b->hd_count);
        bda_wr8(c, BDA_HD_STATUS, 0);
        frame_cf(b, c, false);
        return true;
    }
    case 0x0C:                              /* seek */
        hd_result(b, c, chs_to_lba(g, c, &lba) ? DS_OK : DS_SEEK);
        return true;
    case 0x15: {                            /* type 03h: fixed disk, CX:DX sectors */
        uint32_t n = g->cyls * g->heads * g->spt;
        set_r8hi(c, REG_EAX, 0x03);
        set_r16(c, REG_ECX, (uint16_t)(n >> 16));
        set_r16(c, REG_EDX, (uint16_t)n);
        bda_wr8(c, BDA_HD_STATUS, 0);
        frame_cf(b, c, false);
        return true;
    }
    case 0x41:                              /* EDD installation check */
        if (BX(c) != 0x55AA) {
            hd_result(b, c, DS_BAD_CMD);
            return true;
        }
        set_r16(c, REG_EBX, 0xAA55);
        set_r16(c, REG_ECX, 0x0005);        /* packet access, EDD (DPTE) */
        set_r8hi(c, REG_EAX, 0x30);         /* version 3.0 */
        frame_cf(b, c, false);
        return true;
    case 0x42:
    case 0x43:
    case 0x44:
    case 0x47:
        hd_result(b, c, edd_transfer(b, c, u));
        return true;
    case 0x45:
    case 0x46:                              /* lock, eject: not removable */
        hd_result(b, c, 0xB2);
        return true;
    case 0x48:
        hd_result(b, c, edd_params(b, c, u));
        return true;
    default:
        log_limited(b->d.log, &b->log_unknown, LOG_DEBUG, "bios",
                    "INT 13h AX=%04Xh DL=%02Xh not supported", AX(c), DL(c));
        hd_result(b, c, DS_BAD_CMD);
        return true;
    }
}

bool svc_int13(struct bios *b, struct cpu *c)
{
    svc_done(c);
    if (DL(c) & 0x80)
        return hd_service(b, c);
    return floppy_service(b, c);
}

/* INT 40h: the diskette handler a hard-disk BIOS moves INT 13h to. */
bool svc_int40(struct bios *b, struct cpu *c)
{
    svc_done(c);
    if (DL(c) & 0x80) {
        set_r8hi(c, REG_EAX, DS_BAD_CMD);
        frame_cf(b, c, true);
        return true;
    }
    return floppy_service(b, c);
}
