"""Serve the site and run the background worker together; Ctrl-C (or SIGTERM) stops both."""

import os
import signal
import subprocess
import sys
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from strongcities.core import periodic

SCHEDULE_SECONDS = 60  # how often periodic tasks (core/periodic.py) are checked while serving


class StopRequestedError(Exception):
    pass


def raise_stop(signum, frame):
    raise StopRequestedError


def schedule(stop: threading.Event, interval: float = SCHEDULE_SECONDS) -> None:
    """Enqueue the periodic tasks that are due, now and every `interval` seconds until `stop`."""
    try:
        while not stop.is_set():
            try:
                periodic.run_due()
            except Exception:  # the scheduler keeps going; run_due logs the details
                sys.stderr.write("Periodic tasks could not be checked; trying again later.\n")
            stop.wait(interval)
    finally:
        connection.close()


class Command(BaseCommand):
    help = "Start the web server and the background task worker (db_worker) together."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, port: int, host: str, **options):
        # Installed explicitly: a process started in the background inherits an ignored SIGINT.
        signal.signal(signal.SIGINT, raise_stop)
        signal.signal(signal.SIGTERM, raise_stop)
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        worker = subprocess.Popen([*manage, "db_worker", "--interval", "1"])  # noqa: S603
        server = subprocess.Popen([*manage, "runserver", f"{host}:{port}", "--noreload"])  # noqa: S603
        self.stdout.write(self.style.SUCCESS(f"\nStrong Cities Hub: http://{host}:{port}/"))
        self.stdout.write("Background worker running. Press Ctrl-C to stop both.\n")
        stop_schedule = threading.Event()
        scheduler = threading.Thread(target=schedule, args=(stop_schedule,), daemon=True)
        scheduler.start()
        code = 0
        try:
            while worker.poll() is None and server.poll() is None:
                time.sleep(0.5)
            code = 1  # one of them ended on its own: stop the other and report it
        except StopRequestedError:
            self.stdout.write("\nStopping the server and the worker…")
        finally:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            stop_schedule.set()
            self.stop(server, signal.SIGTERM)
            self.stop(worker, signal.SIGINT)  # the worker finishes its current task first
            scheduler.join(timeout=15)  # let a check in progress finish its transaction
        sys.exit(code)

    @staticmethod
    def stop(child: subprocess.Popen, signum: int) -> None:
        if child.poll() is None:
            child.send_signal(signum)
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
