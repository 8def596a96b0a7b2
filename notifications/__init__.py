"""Notifications: the in-site messages to an account and the e-mails that repeat them. A bottom
layer app: bids, reviews and alerts send through `notifications.services.notify`."""
