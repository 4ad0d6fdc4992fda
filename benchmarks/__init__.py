"""Benchmarks: how long the room waits, measured against the framework's own floor."""
