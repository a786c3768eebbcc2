"""Serve the site and run the background worker together; Ctrl-C stops both."""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Start the web server and the background task worker (db_worker) together."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, port: int, host: str, **options):
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        children = [
            subprocess.Popen([*manage, "db_worker", "--interval", "1"]),  # noqa: S603
            subprocess.Popen([*manage, "runserver", f"{host}:{port}", "--noreload"]),  # noqa: S603
        ]
        self.stdout.write(self.style.SUCCESS(f"\nStrong Cities Hub: http://{host}:{port}/"))
        self.stdout.write("Background worker running. Press Ctrl-C to stop both.\n")
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        except KeyboardInterrupt:
            self.stdout.write("\nStopping…")
        finally:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGINT)
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
        failed = [c for c in children if c.returncode not in (0, -signal.SIGINT, None)]
        if failed and not any(c.returncode == -signal.SIGINT for c in children):
            sys.exit(1)
