# external interrupts on the 386
image irq.img
cpu 386
