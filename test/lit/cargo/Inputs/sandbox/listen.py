"""Runs a command with a TCP server listening on a loopback port.

usage: listen.py COMMAND [ARGS...]

The port is in the command's environment as HOSTILE_PORT. Once the command
has finished, prints how many connections it made (the kernel completes
them in the listen backlog), and exits with the command's status.
"""
import os
import socket
import subprocess
import sys

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.bind(("127.0.0.1", 0))
server.listen(16)
environment = dict(os.environ, HOSTILE_PORT=str(server.getsockname()[1]))
status = subprocess.call(sys.argv[1:], env=environment)
server.setblocking(False)
connections = 0
while True:
    try:
        server.accept()[0].close()
    except BlockingIOError:
        break
    connections += 1
print(f"listener: {connections} connection(s)")
sys.exit(status)
