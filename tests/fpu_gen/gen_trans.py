#!/usr/bin/env python3
# tests/fpu_gen/gen_trans.py: TEST-VECTOR GENERATOR, NOT PART OF ANY BUILD.
# Prints tests/unit/fpu_trans_vectors.inc: the x87 transcendental results
# computed with mpmath at 600 bits and rounded to the 64-bit significand
# under each rounding mode (the exact values of the functions, so the
# expected bits are facts, not output of the emulator):
#   FSIN FCOS FPTAN: sin, cos, tan of x * pi / p, p the x87's 66-bit pi
#     0x3243F6A8885A308D3 * 2^-64 (SDM Vol. 1, 8.3.8; Intel's note "The
#     Difference Between x87 Instructions FSIN, FCOS, FSINCOS, and FPTAN and
#     Their Mathematical Counterparts")
#   FPATAN: atan2(ST1, ST0)   F2XM1: 2^x - 1   FYL2X: y log2 x
#   FYL2XP1: y log2(1 + x)
# Inputs whose exact value lies within 2^-100 ulp of a rounding boundary are
# skipped (none of the chosen ones do in practice).  Usage:
#   python3 tests/fpu_gen/gen_trans.py > tests/unit/fpu_trans_vectors.inc
import random
from mpmath import mp, mpf, sin, cos, tan, atan2, log, floor, ldexp, frexp

mp.prec = 600
P = mpf(0x3243F6A8885A308D3) / mpf(2) ** 64
PI_OVER_P = mp.pi / P
BIAS = 16383

rng = random.Random(20240607)


def ext_value(se, m):
    sign = -1 if se & 0x8000 else 1
    e = se & 0x7FFF
    if e == 0:
        return sign * mpf(m) * mpf(2) ** (1 - BIAS - 63)
    return sign * mpf(m) * mpf(2) ** (e - BIAS - 63)


def round_ext(v, rc):
    """Round v (nonzero) to the extended format; returns (se, m, flags),
    flags a set of 'PE', 'UE', 'C1' (masked exceptions, tininess after
    rounding)."""
    sign = 0x8000 if v < 0 else 0
    a = abs(v)
    m, e = frexp(a)            # a = m * 2^e, 0.5 <= m < 1
    e -= 1                     # a = (2m) * 2^e, leading bit exponent e

    def rnd(scaled, neg):
        fl = int(floor(scaled))
        frac = scaled - fl
        if frac == 0:
            return fl, False
        if rc == 0:
            if frac > 0.5 or (frac == 0.5 and fl & 1):
                return fl + 1, True
            return fl, True
        if rc == 1:            # down
            return (fl + 1, True) if neg else (fl, True)
        if rc == 2:            # up
            return (fl, True) if neg else (fl + 1, True)
        return fl, True

    neg = sign != 0
    # unbounded-exponent rounding for tininess
    q, inexact = rnd(a * mpf(2) ** (63 - e), neg)
    ee = e
    if q == 1 << 64:
        q >>= 1
        ee += 1
    flags = set()
    if inexact:
        flags.add('PE')
    if ee + BIAS <= 0:         # tiny: denormalise (UE masked)
        q, inexact = rnd(a * mpf(2) ** (BIAS - 1 + 63), neg)
        if inexact:
            flags.add('UE')
            flags.add('PE')
        be = 1 if q >> 63 else 0
        up = mpf(q) * mpf(2) ** (1 - BIAS - 63) > a
        if up:
            flags.add('C1')
        return sign | be, q, flags
    if ee + BIAS >= 0x7FFF:
        raise ValueError('overflow')
    if mpf(q) * mpf(2) ** (ee - 63) > a:
        flags.add('C1')
    return sign | (ee + BIAS), q, flags


def is_hard(v):
    """True if v is within 2^-100 ulp of a 64-bit rounding boundary."""
    a = abs(v)
    m, e = frexp(a)
    s = a * mpf(2) ** (64 - e)
    frac = s - floor(s)
    for b in (0, mpf(1) / 2, 1):
        if abs(frac - b) < mpf(2) ** -100:
            return True
    return False


def rnd_ext(lo, hi, neg=True):
    """A random extended value with leading-bit exponent in [lo, hi]."""
    e = rng.randint(lo, hi)
    m = rng.getrandbits(64) | (1 << 63)
    if rng.random() < 0.2:
        m &= ~((1 << rng.randint(0, 60)) - 1)
    sign = 0x8000 if neg and rng.random() < 0.5 else 0
    if e + BIAS <= 0:                           # a denormal encoding
        return sign, m >> (1 - BIAS - e)
    return sign | (e + BIAS), m


def near_multiple(k):
    """A value near k * p/4 (hard reductions)."""
    v = k * P / 4 + (rng.random() - 0.5) * mpf(2) ** rng.randint(-70, -10)
    m, e = frexp(abs(v))
    e -= 1
    q = int(floor(abs(v) * mpf(2) ** (63 - e)))
    return (0x8000 if v < 0 else 0) | (e + BIAS), q


out = []


def emit(op, rc, a, b, v):
    if is_hard(v):
        return
    se, m, flags = round_ext(v, rc)
    sw = (0x20 if 'PE' in flags else 0) | (0x10 if 'UE' in flags else 0) | \
         (0x200 if 'C1' in flags else 0)
    if any((v[0] & 0x7FFF) == 0 and v[1] != 0 for v in (a, b)):
        sw |= 0x02                              # DE: a denormal operand
    out.append('{TOP_%s,%d,0x%04x,0x%016xull,0x%04x,0x%016xull,0x%04x,0x%016xull,0x%04x},'
               % (op, rc, a[0], a[1], b[0], b[1], se, m, sw))


def trig_inputs(n):
    xs = []
    for _ in range(n):
        r = rng.random()
        if r < 0.5:
            xs.append(rnd_ext(-20, 4))
        elif r < 0.7:
            xs.append(rnd_ext(5, 62))
        elif r < 0.85:
            xs.append(near_multiple(rng.randint(1, 4000) * rng.choice([1, -1])))
        else:
            xs.append(rnd_ext(-16440, -60))
    return xs


for x in trig_inputs(300):
    xv = ext_value(*x) * PI_OVER_P
    rc = rng.randint(0, 3)
    emit('SIN', rc, x, (0, 0), sin(xv))
    emit('COS', rc, x, (0, 0), cos(xv))
    emit('TAN', rc, x, (0, 0), tan(xv))

for _ in range(300):
    y = rnd_ext(-30, 30) if rng.random() < 0.9 else rnd_ext(-16000, 16000)
    x = rnd_ext(-30, 30) if rng.random() < 0.9 else rnd_ext(-16000, 16000)
    v = atan2(ext_value(*y), ext_value(*x))
    # FPATAN: ST(0) = x, ST(1) = y
    emit('ATAN', rng.randint(0, 3), x, y, v)

for _ in range(300):
    x = rnd_ext(-70, -1) if rng.random() < 0.9 else rnd_ext(-16400, -71)
    xv = ext_value(*x)
    emit('F2XM1', rng.randint(0, 3), x, (0, 0), mpf(2) ** xv - 1)

for _ in range(300):
    x = rnd_ext(-200, 200, neg=False) if rng.random() < 0.9 else rnd_ext(-16382, 16383, neg=False)
    if rng.random() < 0.2:                      # near 1: small logarithms
        x = ((0x3FFF if rng.random() < 0.5 else 0x3FFE), rng.getrandbits(64) | (1 << 63))
        if x[0] == 0x3FFE:
            x = (x[0], x[1] | (0xFFFFFF << 40))
        else:
            x = (x[0], (x[1] & 0x000000FFFFFFFFFF) | (1 << 63))
    y = rnd_ext(-40, 40)
    xv = ext_value(*x)
    if xv == 1:
        continue
    emit('YL2X', rng.randint(0, 3), x, y, ext_value(*y) * log(xv, 2))

for _ in range(300):
    x = rnd_ext(-80, -3) if rng.random() < 0.9 else rnd_ext(-16400, -81)
    y = rnd_ext(-40, 40)
    xv = ext_value(*x)
    emit('YL2XP1', rng.randint(0, 3), x, y, ext_value(*y) * log(1 + xv, 2))

print('/* tests/unit/fpu_trans_vectors.inc: generated by tests/fpu_gen/gen_trans.py')
print(' * (mpmath, 600 bits): exact transcendental values rounded per RC; do not edit.')
print(' * {op, rc, ST(0), ST(1), result, SW bits PE UE DE C1} */')
for line in out:
    print(line)
