"""Celery tasks of the selection stage: result notices become final when their period ends."""

from celery import shared_task

from .services.notices import notices_finalise


@shared_task(acks_late=True)
def finalise_result_notices():
    """Finalise every notice whose objection period has ended (safe to run twice: a notice is
    finalised under its row lock, once); run periodically by beat."""
    return len(notices_finalise())
