/* Forks a child that opens a file and exits without exec'ing (so its calls
   are the program's own), then a thread that opens another; exits 5. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void *worker(void *path) {
  int fd = open(path, O_RDONLY);
  if (fd >= 0)
    close(fd);
  return 0;
}

int main(void) {
  pid_t pid = fork();
  if (pid == 0) {
    int fd = open("/etc/passwd", O_RDONLY);
    if (fd >= 0)
      close(fd);
    _exit(3);
  }
  int status;
  waitpid(pid, &status, 0);
  pthread_t thread;
  pthread_create(&thread, 0, worker, "/dev/null");
  pthread_join(thread, 0);
  printf("child exited with %d\n", WEXITSTATUS(status));
  return 5;
}
