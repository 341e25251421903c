# privilege transitions on the Pentium
image priv.img
cpu pentium
