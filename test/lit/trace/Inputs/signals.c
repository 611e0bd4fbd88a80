/* Signals reach the program: a handler runs for a raised SIGUSR1, a child
   that stops itself stays stopped until its parent sends SIGCONT (group-stop
   is honoured), and with an argument the program kills itself with SIGTERM. */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got;
static void on_usr1(int sig) { (void)sig; got = 1; }

int main(int argc, char **argv) {
  (void)argv;
  signal(SIGUSR1, on_usr1);
  raise(SIGUSR1);
  printf("handler ran: %d\n", got);
  pid_t child = fork();
  if (child == 0) {
    raise(SIGSTOP);
    _exit(0);
  }
  int status;
  waitpid(child, &status, WUNTRACED);
  printf("child stopped: %d\n", WIFSTOPPED(status));
  kill(child, SIGCONT);
  waitpid(child, &status, 0);
  printf("child exited: %d\n", WIFEXITED(status));
  fflush(stdout);
  if (argc > 1)
    raise(SIGTERM);
  return 0;
}
