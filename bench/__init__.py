"""Benchmarks run by `make bench` (not a runtime part of claimtrack)."""
