# task switches on the Pentium
image task.img
cpu pentium
