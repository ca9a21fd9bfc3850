"""Repositories: each takes an open connection, returns domain records, and never commits."""
