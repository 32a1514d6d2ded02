"""Run the task worker (django-tasks-db's `db_worker`) so that it outlives database outages.

`db_worker` stops at the first error that is not a locked SQLite database: a PostgreSQL
restart or a network cut ends it, and the queue then waits for someone to start it again. This
runs the same worker, with the same options, and when the database goes away it closes the
broken connections, waits (1, 2, 4 ... seconds, at most DJANGO_WORKER_MAX_BACKOFF, 60 by
default) and carries on. A task cut short by the outage stays claimed until
`requeue_stale_tasks` puts it back; its email is sent at most once more (outbox/README.md).
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from typing import Any

from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker

logger = logging.getLogger("django_tasks_db")


class Command(DbWorkerCommand):
    help = "Run the background worker; it waits out database outages instead of exiting."

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        self.configure_logging(verbosity)
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        worker = Worker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        worker.configure_signals()
        max_backoff = float(os.environ.get("DJANGO_WORKER_MAX_BACKOFF", "60"))
        backoff = 1.0
        while True:
            started = time.monotonic()
            try:
                worker.run()
                return  # batch done, max tasks reached, or asked to stop
            except (OperationalError, InterfaceError) as error:
                if not worker.running:
                    return
                if time.monotonic() - started > max_backoff:
                    backoff = 1.0  # it ran well for a while: a new outage
                logger.warning("Database unavailable (%s); trying again in %.0f s.", error, backoff)
                with contextlib.suppress(DatabaseError):
                    connections.close_all()
                time.sleep(backoff)
                backoff = min(backoff * 2, max_backoff)
                worker.startup_delay = False
