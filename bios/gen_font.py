#!/usr/bin/env python3
"""bios/gen_font.py: make the ROM's code page 437 fonts (8x8, 8x14, 8x16).

Glyph source: the X11 "misc-fixed" fonts of font-misc-misc as Debian
packages them in xfonts-base (/usr/share/fonts/X11/misc/8x13.pcf.gz and
5x8.pcf.gz, ISO 10646 encoded).  Licence, from
/usr/share/doc/xfonts-base/copyright, font-misc-misc/COPYING:
"Public domain font.  Share and enjoy."
The box-drawing characters, shades and block elements (B0h-DFh) are not
taken from the fonts: they are drawn here from their line structure so that
they join across the whole character cell at every height.  Nothing comes
from any other BIOS or emulator.

Usage: python3 bios/gen_font.py [fontdir]   (writes bios/font8x*.inc)
"""
import gzip
import os
import struct
import sys

# Code page 437 to Unicode (the IBM PC character set, as published by
# IBM and in the Unicode consortium's mapping tables).
CP437 = [
    0x0000, 0x263A, 0x263B, 0x2665, 0x2666, 0x2663, 0x2660, 0x2022,
    0x25D8, 0x25CB, 0x25D9, 0x2642, 0x2640, 0x266A, 0x266B, 0x263C,
    0x25BA, 0x25C4, 0x2195, 0x203C, 0x00B6, 0x00A7, 0x25AC, 0x21A8,
    0x2191, 0x2193, 0x2192, 0x2190, 0x221F, 0x2194, 0x25B2, 0x25BC,
] + list(range(0x20, 0x7F)) + [0x2302] + [
    0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7,
    0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,
    0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,
    0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192,
    0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA,
    0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
    0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556,
    0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510,
    0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F,
    0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567,
    0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B,
    0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,
    0x03B1, 0x00DF, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4,
    0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6, 0x03B5, 0x2229,
    0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248,
    0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x00A0,
]
assert len(CP437) == 256

# Box drawing B3h-DAh: (up, down, left, right), 0 none, 1 single, 2 double.
BOX = {
    0xB3: (1, 1, 0, 0), 0xB4: (1, 1, 1, 0), 0xB5: (1, 1, 2, 0), 0xB6: (2, 2, 1, 0),
    0xB7: (0, 2, 1, 0), 0xB8: (0, 1, 2, 0), 0xB9: (2, 2, 2, 0), 0xBA: (2, 2, 0, 0),
    0xBB: (0, 2, 2, 0), 0xBC: (2, 0, 2, 0), 0xBD: (2, 0, 1, 0), 0xBE: (1, 0, 2, 0),
    0xBF: (0, 1, 1, 0), 0xC0: (1, 0, 0, 1), 0xC1: (1, 0, 1, 1), 0xC2: (0, 1, 1, 1),
    0xC3: (1, 1, 0, 1), 0xC4: (0, 0, 1, 1), 0xC5: (1, 1, 1, 1), 0xC6: (1, 1, 0, 2),
    0xC7: (2, 2, 0, 1), 0xC8: (2, 0, 0, 2), 0xC9: (0, 2, 0, 2), 0xCA: (2, 0, 2, 2),
    0xCB: (0, 2, 2, 2), 0xCC: (2, 2, 0, 2), 0xCD: (0, 0, 2, 2), 0xCE: (2, 2, 2, 2),
    0xCF: (1, 0, 2, 2), 0xD0: (2, 0, 1, 1), 0xD1: (0, 1, 2, 2), 0xD2: (0, 2, 1, 1),
    0xD3: (2, 0, 0, 1), 0xD4: (1, 0, 0, 2), 0xD5: (0, 1, 0, 2), 0xD6: (0, 2, 0, 1),
    0xD7: (2, 2, 1, 1), 0xD8: (1, 1, 2, 2), 0xD9: (1, 0, 1, 0), 0xDA: (0, 1, 0, 1),
}


def read_pcf(path):
    """Return (ascent, descent, {codepoint: (rows, width, left, glyph_ascent)})."""
    data = gzip.open(path).read() if path.endswith('.gz') else open(path, 'rb').read()
    if data[:4] != b'\x01fcp':
        raise SystemExit(path + ': not a PCF font')
    (ntables,) = struct.unpack_from('<I', data, 4)
    tables = {}
    for i in range(ntables):
        typ, fmt, size, off = struct.unpack_from('<IIII', data, 8 + 16 * i)
        tables[typ] = off

    def fmt_at(off):
        (f,) = struct.unpack_from('<I', data, off)
        return f, ('>' if f & 4 else '<')

    # Metrics (type 4).
    off = tables[4]
    f, e = fmt_at(off)
    metrics = []
    if f & 0x100:
        (n,) = struct.unpack_from(e + 'H', data, off + 4)
        p = off + 6
        for i in range(n):
            lb, rb, w, a, d = (x - 0x80 for x in data[p:p + 5])
            metrics.append((lb, rb, w, a, d))
            p += 5
    else:
        (n,) = struct.unpack_from(e + 'I', data, off + 4)
        p = off + 8
        for i in range(n):
            lb, rb, w, a, d, _ = struct.unpack_from(e + 'hhhhhH', data, p)
            metrics.append((lb, rb, w, a, d))
            p += 12
    # Bitmaps (type 8).
    off = tables[8]
    f, e = fmt_at(off)
    (n,) = struct.unpack_from(e + 'I', data, off + 4)
    offsets = struct.unpack_from(e + '%dI' % n, data, off + 8)
    sizes = struct.unpack_from(e + '4I', data, off + 8 + 4 * n)
    bits = off + 8 + 4 * n + 16
    pad = 1 << (f & 3)
    msbit = bool(f & 8)
    glyphs = []
    for i in range(n):
        lb, rb, w, a, d = metrics[i]
        gw = rb - lb
        stride = ((gw + 7) // 8 + pad - 1) // pad * pad
        rows = []
        for r in range(a + d):
            row = 0
            base = bits + offsets[i] + r * stride
            for x in range(gw):
                byte = data[base + x // 8]
                bit = (byte >> (7 - x % 8)) & 1 if msbit else (byte >> (x % 8)) & 1
                row |= bit << x
            rows.append(row)
        glyphs.append((rows, gw, lb, a))
    # Encodings (type 32).
    off = tables[32]
    f, e = fmt_at(off)
    min2, max2, min1, max1, _ = struct.unpack_from(e + '5h', data, off + 4)
    ncols = max2 - min2 + 1
    count = ncols * (max1 - min1 + 1)
    idx = struct.unpack_from(e + '%dH' % count, data, off + 14)
    cmap = {}
    for k, g in enumerate(idx):
        if g != 0xFFFF:
            cp = ((k // ncols + min1) << 8) | (k % ncols + min2)
            cmap[cp] = glyphs[g]
    # Font ascent/descent from the BDF accelerators (256) or accelerators (2).
    off = tables.get(256, tables.get(2))
    f, e = fmt_at(off)
    ascent, descent = struct.unpack_from(e + 'ii', data, off + 12)
    return ascent, descent, cmap


def box_glyph(code, height):
    """Rows (bit 7 = leftmost dot) of a box-drawing, shade or block character."""
    rows = [0] * height
    if code in (0xB0, 0xB1, 0xB2):
        for y in range(height):
            if code == 0xB0:
                rows[y] = 0x22 if y % 4 == 0 else (0x88 if y % 4 == 2 else 0)
            elif code == 0xB1:
                rows[y] = 0xAA if y % 2 == 0 else 0x55
            else:
                rows[y] = 0xDD if y % 4 == 0 else (0x77 if y % 4 == 2 else 0xFF)
        return rows
    if code == 0xDB:
        return [0xFF] * height
    if code == 0xDC:
        return [0 if y < height // 2 else 0xFF for y in range(height)]
    if code == 0xDF:
        return [0xFF if y < height // 2 else 0 for y in range(height)]
    if code == 0xDD:
        return [0xF0] * height
    if code == 0xDE:
        return [0x0F] * height
    up, down, left, right = BOX[code]
    mid = height // 2 - 1 if height > 8 else 3     # the horizontal line's row
    # Single lines: column 3 and row `mid`; double lines: columns 2 and 4,
    # rows mid-1 and mid+1.
    def vcols(kind):
        return [3] if kind == 1 else [2, 4]
    def hrows(kind):
        return [mid] if kind == 1 else [mid - 1, mid + 1]
    def setpix(x, y):
        rows[y] |= 0x80 >> x
    hkind = max(left, right)
    vkind = max(up, down)
    # Vertical strokes: from the top to the junction, from the junction down.
    for kind, y0, y1 in ((up, 0, None), (down, None, height - 1)):
        if not kind:
            continue
        for x in vcols(kind):
            if y0 == 0:
                # Stop where a crossing horizontal double line would be cut.
                stop = mid
                if hkind == 2 and kind == 1:
                    stop = mid + 1
                elif hkind == 2 and kind == 2:
                    stop = mid - 1 if (x == 2 and left == 2) or (x == 4 and right == 2) else mid + 1
                elif hkind == 1 and kind == 2:
                    stop = mid
                if not left and not right:
                    stop = mid
                for y in range(0, stop + 1):
                    setpix(x, y)
            else:
                start = mid
                if hkind == 2 and kind == 1:
                    start = mid - 1
                elif hkind == 2 and kind == 2:
                    start = mid + 1 if (x == 2 and left == 2) or (x == 4 and right == 2) else mid - 1
                if not left and not right:
                    start = mid
                for y in range(start, height):
                    setpix(x, y)
    for kind, side in ((left, 'l'), (right, 'r')):
        if not kind:
            continue
        for y in hrows(kind):
            if side == 'l':
                stop = 3
                if vkind == 2 and kind == 1:
                    stop = 4
                elif vkind == 2 and kind == 2:
                    stop = 2 if (y == mid - 1 and up == 2) or (y == mid + 1 and down == 2) else 4
                if not up and not down:
                    stop = 7
                for x in range(0, stop + 1):
                    setpix(x, y)
            else:
                start = 3
                if vkind == 2 and kind == 1:
                    start = 2
                elif vkind == 2 and kind == 2:
                    start = 4 if (y == mid - 1 and up == 2) or (y == mid + 1 and down == 2) else 2
                if not up and not down:
                    start = 0
                for x in range(start, 8):
                    setpix(x, y)
    return rows


def build(font, height, top, xoff):
    ascent, descent, cmap = font
    out = []
    missing = []
    for code in range(256):
        if 0xB0 <= code <= 0xDF:
            out.append(box_glyph(code, height))
            continue
        rows = [0] * height
        cp = CP437[code]
        g = cmap.get(cp)
        if cp != 0 and g is None:
            missing.append(code)
        if g is not None and cp != 0 and cp != 0x20 and cp != 0xA0:
            grows, gw, lb, ga = g
            y0 = top + ascent - ga
            for r, bitsrow in enumerate(grows):
                y = y0 + r
                if 0 <= y < height:
                    v = 0
                    for x in range(gw):
                        if bitsrow >> x & 1:
                            px = xoff + lb + x
                            if 0 <= px < 8:
                                v |= 0x80 >> px
                    rows[y] = v
        out.append(rows)
    return out, missing


def write_inc(path, name, glyphs, height, source, first=0):
    with open(path, 'w') as f:
        f.write('; %s: code page 437 font, 8x%d, characters %02Xh-%02Xh, %d bytes each.\n'
                % (os.path.basename(path), height, first, first + len(glyphs) - 1, height))
        f.write('; GENERATED by bios/gen_font.py from %s (X11 misc-fixed,\n' % source)
        f.write('; font-misc-misc in Debian xfonts-base: "Public domain font.  Share and\n')
        f.write('; enjoy."); box drawing, shades and blocks (B0h-DFh) drawn by the script.\n')
        f.write('; Do not edit: rerun the script.  The label is in bios/rom.asm.\n')
        for code, rows in enumerate(glyphs, first):
            f.write('    db ' + ', '.join('%03Xh' % r for r in rows) + '   ; %02Xh\n' % code)


def main():
    fontdir = sys.argv[1] if len(sys.argv) > 1 else '/usr/share/fonts/X11/misc'
    here = os.path.dirname(os.path.abspath(__file__))
    big = read_pcf(os.path.join(fontdir, '8x13.pcf.gz'))
    small = read_pcf(os.path.join(fontdir, '5x8.pcf.gz'))
    for name, font, height, top, xoff, src in (
            ('font8x16', big, 16, 2, 0, '8x13.pcf.gz'),
            ('font8x14', big, 14, 1, 0, '8x13.pcf.gz'),
            ('font8x8', small, 8, 0, 1, '5x8.pcf.gz')):
        glyphs, missing = build(font, height, top, xoff)
        if missing:
            print('%s: no glyph for %s' % (name, ' '.join('%02X' % m for m in missing)))
        if height == 8:
            # The low half lives at F000:FA6E, the high half (INT 1Fh) elsewhere.
            write_inc(os.path.join(here, 'font8x8_lo.inc'), None, glyphs[:128],
                      height, src)
            write_inc(os.path.join(here, 'font8x8_hi.inc'), None, glyphs[128:],
                      height, src, 128)
        else:
            write_inc(os.path.join(here, name + '.inc'), name, glyphs, height, src)


if __name__ == '__main__':
    main()
