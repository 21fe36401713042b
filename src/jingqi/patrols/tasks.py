"""The roster solver as a background job: progress is written to the operation as the search goes."""

import logging
import threading
import time

from django.db import DatabaseError, connection
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

logger = logging.getLogger(__name__)


@db_task()
def solve_operation(operation_pk: int) -> None:
    from . import rostering, services
    from .models import GuardOperation

    operation = GuardOperation.objects.filter(pk=operation_pk).first()
    if operation is None or operation.status != "solving":
        return  # delivered twice, or solved already (the demo runs the job itself): nothing to do
    own_thread = threading.get_ident()
    # The solver reports from its own threads. Each writes through its own connection, which it closes
    # again; that is only possible when the task is not inside a transaction (in a worker it never is; a
    # test running the task inside its own transaction keeps the progress of those threads to itself).
    others_may_write = not connection.in_atomic_block
    last = [0.0]

    def progress(fraction: float, message: str) -> None:
        now = time.monotonic()
        if now - last[0] < 1.0 and fraction < 1.0:
            return
        last[0] = now
        if threading.get_ident() == own_thread:
            services.record_solve_progress(operation_pk, fraction, message)
        elif others_may_write:
            try:
                services.record_solve_progress(operation_pk, fraction, message)
            except DatabaseError:  # a busy database: the next report tries again
                logger.warning("solve progress of operation %s not recorded", operation_pk, exc_info=True)
            finally:
                connection.close()

    try:
        # A re-solve sees the pool without the hours of the shifts it keeps (None: the pool as it is).
        roster = rostering.solve_operation(operation, progress, people=services.pool_for_solve(operation))
        # Storing can fail too (a pool member removed meanwhile, a database error): the operation must not be
        # left "solving".
        services.store_roster(operation_pk, roster)
    except Exception as error:  # the page must say the solve failed, whatever the reason
        logger.exception("roster solve failed for operation %s", operation_pk)
        services.record_solve_failure(operation_pk, str(error) or error.__class__.__name__)


@db_periodic_task(crontab(minute="*/5"))
def give_up_stale_solves() -> int:
    """Every five minutes: a solve whose worker died is failed with the reason, so it can be started again."""
    from . import services

    return services.give_up_stale_solves()
