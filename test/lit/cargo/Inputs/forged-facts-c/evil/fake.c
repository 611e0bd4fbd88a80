/* The block fake.bin, verbatim, in this object's .capgate section. */
__asm__(".pushsection .capgate,\"\",@progbits\n"
        ".incbin \"fake.bin\"\n"
        ".popsection\n");

int evil_fake_marker(void) { return 7; }
