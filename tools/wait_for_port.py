"""Wait until something accepts connections on HOST PORT; exit 1 after a timeout.

`make run` uses it to print the demo sign-in once the development server is listening, so
the sign-in is the last thing on screen rather than scrolled away above the server's banner.
Standard library only: it runs before anything else is known to work.
"""

import socket
import sys
import time


def wait_for_port(host: str, port: int, *, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=1):
                return True
        except OSError:
            time.sleep(0.25)
    return False


if __name__ == "__main__":
    host, port = sys.argv[1], int(sys.argv[2])
    sys.exit(0 if wait_for_port(host, port) else 1)
