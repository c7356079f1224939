"""`make run`: the demo sign-in is printed once the development server listens."""

import importlib.util
import socket
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_wait_for_port():
    spec = importlib.util.spec_from_file_location("wait_for_port", ROOT / "tools/wait_for_port.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.wait_for_port


def test_waiting_for_a_listening_port_returns_at_once():
    wait_for_port = load_wait_for_port()
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        assert wait_for_port("127.0.0.1", server.getsockname()[1], timeout=5) is True


def test_waiting_for_a_closed_port_gives_up_after_the_timeout():
    wait_for_port = load_wait_for_port()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # free again once closed: nobody listens there
    assert wait_for_port("127.0.0.1", port, timeout=0.5) is False


def test_make_run_prints_the_demo_sign_in_after_the_server_listens():
    makefile = (ROOT / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    waits = run.index("tools/wait_for_port.py $(HOST) $(PORT)")
    assert run.index("load_demo") < waits < run.index('"$$demo"') < run.index("runserver")
    assert run.index("& \\\n\tannouncer=$$!") < run.index("runserver")
