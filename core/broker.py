"""Celery's Redis transport with one kombu defect worked around, so a worker outlives a Redis
outage: when the broker goes away, kombu closes the channel after the connection has already
dropped its client, and restoring the unacknowledged messages then fails with
`AttributeError: 'NoneType' object has no attribute 'hostname'` (kombu/transport/redis.py
`_connparams`), which the worker reports as an unrecoverable error and exits (celery/kombu
issues #582, #970; still in kombu 5.7.0, the newest). The same dropped client breaks
acknowledging a task that finished during the outage (`ack` → `_remove_from_indices`), seen in
the busy-worker drill. Those messages are not lost: they stay in Redis' unacked hash, which any
consumer restores once their visibility timeout has passed, and the platform's outbox and
notification rows are drained by beat whatever becomes of a message.
Selected by `CELERY_BROKER_TRANSPORT` in config/settings/base.py."""

import logging

from kombu.transport import redis

logger = logging.getLogger(__name__)


class QoS(redis.QoS):
    def restore_unacked(self, client=None):
        try:
            return super().restore_unacked(client)
        except AttributeError as error:
            logger.warning(
                "broker connection already gone; unacknowledged messages stay in Redis and are "
                "restored after their visibility timeout (%s)",
                error,
            )
            return []

    def ack(self, delivery_tag):
        try:
            return super().ack(delivery_tag)
        except AttributeError as error:
            # The task is done; its message is restored after the visibility timeout and run
            # again, which every task allows (they are safe to run twice).
            logger.warning(
                "broker connection already gone; message %s stays unacknowledged in Redis (%s)",
                delivery_tag,
                error,
            )
            return None


class Channel(redis.Channel):
    QoS = QoS


class Transport(redis.Transport):
    Channel = Channel
