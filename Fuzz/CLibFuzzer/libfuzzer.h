// libFuzzer's entry point for a program with its own main (compiler-rt, FuzzerInterface.h).
// Defined only when linked with -sanitize=fuzzer; FuzzSupport calls it only when built with -DFUZZING.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
