"""gunicorn as `make run` starts it (2 sync workers, --preload, wsgi:app), on a free port."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import config as app_config

WORKERS = 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """Context manager: starts the server, waits for /healthz, stops it (our pid only)."""

    def __init__(self, database_url: str, log_path: Path, workers: int = WORKERS):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.database_url = database_url
        self.log_path = log_path
        self.workers = workers
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Gunicorn":
        env = dict(os.environ, RETURNSVC_ENV="development", DATABASE_URL=self.database_url)
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.log = open(self.log_path, "ab")  # noqa: SIM115 - closed in __exit__
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "--preload",
                "--workers",
                str(self.workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--graceful-timeout",
                "5",
                "wsgi:app",
            ],
            cwd=app_config.BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within 60 s; see {self.log_path}")

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
