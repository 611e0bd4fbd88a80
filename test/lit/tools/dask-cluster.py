"""Runs a command against a real single-node Dask cluster on loopback.

  dask-cluster.py --dir DIR [--threads N] [--timeout S] -- COMMAND...

Starts `dask-scheduler` on 127.0.0.1 with a port the kernel picks (it writes
its address to DIR/scheduler.json) and one `dask-worker` with N threads
(default 2), waits until the worker has joined, runs COMMAND with every
`{scheduler}` in it replaced by the scheduler's address, then stops both
daemons, whatever COMMAND did (and if this script is interrupted). Exits with
COMMAND's status; the daemons' logs are in DIR. Needs the Python it runs
under to import distributed (Debian's python3-distributed).
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=60, help="seconds to wait for the daemons")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    shutil.rmtree(args.dir, ignore_errors=True)
    os.makedirs(args.dir)
    scheduler_file = os.path.join(args.dir, "scheduler.json")
    daemons = []
    # SIGTERM (lit's timeout) must still stop the daemons.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        with open(os.path.join(args.dir, "scheduler.log"), "wb") as log:
            daemons.append(subprocess.Popen(
                ["dask-scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                 "--scheduler-file", scheduler_file],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True, cwd=args.dir))
        deadline = time.monotonic() + args.timeout
        while not os.path.exists(scheduler_file):
            if daemons[0].poll() is not None or time.monotonic() > deadline:
                sys.exit(f"dask-cluster: the scheduler did not start; see {args.dir}/scheduler.log")
            time.sleep(0.2)
        time.sleep(0.2)  # the file is written whole, but give it a moment to be flushed
        with open(scheduler_file) as f:
            address = json.load(f)["address"]
        with open(os.path.join(args.dir, "worker.log"), "wb") as log:
            daemons.append(subprocess.Popen(
                ["dask-worker", address, "--host", "127.0.0.1", "--nworkers", "1",
                 "--nthreads", str(args.threads), "--no-dashboard",
                 "--local-directory", os.path.join(args.dir, "worker")],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True, cwd=args.dir))
        from distributed import Client

        with Client(address, timeout=args.timeout) as client:
            client.wait_for_workers(1, timeout=args.timeout)
        print(f"dask-cluster: scheduler and 1 worker ({args.threads} threads) up", file=sys.stderr)
        status = subprocess.run([part.replace("{scheduler}", address) for part in command]).returncode
    finally:
        for daemon in reversed(daemons):
            stop(daemon)
    sys.exit(status)


if __name__ == "__main__":
    main()
