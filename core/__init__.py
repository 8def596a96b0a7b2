"""Small helpers every app may import: the bottom layer (Django and Celery only, no app)."""
