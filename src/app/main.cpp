// SPDX-License-Identifier: MIT
#include <malloc.h>

#include "app/cli.h"

int main(int argc, char** argv) {
    // Decoded tiles are 256 KiB buffers allocated and freed all the time. By default glibc serves
    // them with mmap and gives freed memory back at once, so every tile pays fresh page faults
    // (measured: reads ~25 % slower than into a reused buffer). Keep them in the heap instead;
    // the caches' byte budgets bound how much that is.
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    return histomark::app::runCli(argc, argv);
}
