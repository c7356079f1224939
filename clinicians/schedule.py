"""The periodic jobs, run by one long-running process: `manage.py run_schedule --loop`.

Each job runs when its interval has passed (counted per process). Several copies of the
process may run at once: every job takes its rows with row locks that skip rows another
process holds (``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL) and re-checks them
inside its transaction, so nothing is sent twice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings

log = logging.getLogger("clinicians.schedule")


def _check_ins() -> int:
    from clinicians.services import send_availability_checks

    return send_availability_checks()


def _referral_deadlines() -> int:
    from clinicians.referrals import expire_overdue_referrals

    return expire_overdue_referrals()


def _outbox() -> int:
    from outbox.services import deliver_due

    return deliver_due().handled


@dataclass
class Job:
    name: str
    every_seconds: Callable[[], float]
    run: Callable[[], int]
    last_run: float | None = field(default=None)

    def due(self, now: float) -> bool:
        return self.last_run is None or now - self.last_run >= self.every_seconds()


def jobs() -> list[Job]:
    """The jobs, in the order a round runs them: what they queue goes out the same round."""
    found = [
        Job("availability check-ins", lambda: settings.SCHEDULE_CHECK_IN_SECONDS, _check_ins),
    ]
    try:
        import clinicians.referrals  # noqa: F401
    except ImportError:
        pass
    else:
        found.append(
            Job(
                "referral deadlines",
                lambda: settings.SCHEDULE_DEADLINE_SECONDS,
                _referral_deadlines,
            )
        )
    found.append(Job("outbox delivery", lambda: settings.SCHEDULE_OUTBOX_SECONDS, _outbox))
    return found


def run_round(schedule: list[Job], *, now: float | None = None) -> dict[str, int]:
    """Run every job that is due; a job that fails is logged and tried next round."""
    now = time.monotonic() if now is None else now
    done: dict[str, int] = {}
    for job in schedule:
        if not job.due(now):
            continue
        try:
            done[job.name] = job.run()
        except Exception as exc:  # a database blip must not stop the others
            log.error("Scheduled job %r failed, will try again: %s", job.name, type(exc).__name__)
            continue
        job.last_run = now
    return done
