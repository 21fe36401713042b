"""The roster solver as a background job: progress is written to the operation as the search goes."""

import logging
import time

from huey.contrib.djhuey import db_task

logger = logging.getLogger(__name__)


@db_task()
def solve_operation(operation_pk: int) -> None:
    from . import services
    from .models import GuardOperation
    from .rostering import solve_operation as solve

    operation = GuardOperation.objects.filter(pk=operation_pk).first()
    if operation is None:
        return
    last = [0.0]

    def progress(fraction: float, message: str) -> None:
        now = time.monotonic()
        if now - last[0] >= 1.0:
            last[0] = now
            services.record_solve_progress(operation_pk, fraction, message)

    try:
        roster = solve(operation, progress)
    except Exception as error:  # the page must say the solve failed, whatever the reason
        logger.exception("roster solve failed for operation %s", operation_pk)
        services.record_solve_failure(operation_pk, str(error) or error.__class__.__name__)
        return
    services.store_roster(operation_pk, roster)
