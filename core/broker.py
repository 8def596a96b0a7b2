"""Celery's Redis transport with one kombu defect worked around, so a worker outlives a Redis
outage: when the broker goes away, kombu closes the channel after the connection has already
dropped its client, and restoring the unacknowledged messages then fails with
`AttributeError: 'NoneType' object has no attribute 'hostname'` (kombu/transport/redis.py
`_connparams`), which the worker reports as an unrecoverable error and exits (celery/kombu
issues #582, #970; still in kombu 5.7.0, the newest). Those messages are not lost: they stay in
Redis' unacked hash, which any consumer restores once their visibility timeout has passed, and
the platform's outbox and notification rows are drained by beat whatever becomes of a message.
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


class Channel(redis.Channel):
    QoS = QoS


class Transport(redis.Transport):
    Channel = Channel
