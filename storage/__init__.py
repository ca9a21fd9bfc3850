"""Storage: domain records, tables, repositories, the unit of work and migrations.

It imports neither `handlers` nor `bot`, and no channel library.
"""
