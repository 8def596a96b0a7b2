"""The project's Celery task base: `delay_on_commit` queues a task once the transaction commits,
and never lets the broker fail or slow down the change that asked for it.

Every app queues its tasks through this one method (`config/celery_app.py` makes it the base of
every task). Celery's own `DjangoTask.delay_on_commit` calls `delay()` from the commit hook, so
with Redis down the error escapes into the request that has already committed (a 500 after the
change was made) and the next commit hooks never run. Here the caller has written what the task
will do (an outbox row, a notification) in the same transaction, the send gives up within the
broker's short timeouts (config/settings/base.py), and the periodic drains do the work later.
"""

import logging
from functools import partial

from celery.contrib.django.task import DjangoTask
from django.db import transaction

logger = logging.getLogger(__name__)


class Task(DjangoTask):
    def delay_on_commit(self, *args, **kwargs):
        """Queue this task with these arguments once the current transaction commits (at once
        outside a transaction). Under Celery eager it runs in-process after commit, once."""
        transaction.on_commit(partial(self._send_softly, args, kwargs))

    def apply_async_on_commit(self, args=None, kwargs=None, **options):
        transaction.on_commit(partial(self._send_softly, args or (), kwargs or {}, **options))

    def _send_softly(self, args, kwargs, **options):
        try:
            if self.app.conf.task_always_eager:
                # In-process nobody waits out a countdown: one attempt, with its retries spent,
                # so a failure is recorded once and left to the periodic drain.
                result = self.apply(args, kwargs, retries=self.max_retries or 0, throw=False)
                if result.failed():
                    logger.warning("task %s%r failed; its work stays pending", self.name, args)
            else:
                self.apply_async(args, kwargs, **options)
        except Exception:  # broker down: the work is recorded and a drain will do it
            logger.warning("task %s%r not queued; its work stays pending", self.name, args)
