"""Benchmarks, not tests: `python -m bench` (make bench), `python -m bench.scale`."""
