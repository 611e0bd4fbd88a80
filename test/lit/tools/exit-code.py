"""Runs a command, then prints "exit: N" with its exit code and exits 0.

lit's internal shell has no $?; this lets a test check that a usage error
exits 2 and a violation exits 1 rather than only that they are non-zero.
"""
import subprocess
import sys

result = subprocess.run(sys.argv[1:])
sys.stdout.flush()
print(f"exit: {result.returncode}", flush=True)
