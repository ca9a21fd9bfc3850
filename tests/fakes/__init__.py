"""Fakes of the outside world for tests: servers that speak a real protocol on localhost."""
