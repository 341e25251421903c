# external interrupts on the Pentium
image irq.img
cpu pentium
