"""Background jobs: what runs on the queue (dhr/core/queue.py), and the daily work done per partnership."""
