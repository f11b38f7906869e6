"""Dispatch without loss: the outbox relay to Redis Streams, consumer groups, the signed webhook forwarder."""
