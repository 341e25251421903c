# exceptions and debug registers on the Pentium
image exc.img
cpu pentium
