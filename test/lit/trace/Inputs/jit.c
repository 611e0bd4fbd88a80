/* Writes `mov eax, 42; ret` into anonymous memory, makes it executable and
   calls it: ARBITRARY_EXECUTION, as a JIT does. */
#include <string.h>
#include <sys/mman.h>

int main(void) {
  unsigned char code[] = {0xb8, 42, 0, 0, 0, 0xc3};
  void *page = mmap(0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  memcpy(page, code, sizeof code);
  mprotect(page, 4096, PROT_READ | PROT_EXEC);
  return ((int (*)(void))page)();
}
