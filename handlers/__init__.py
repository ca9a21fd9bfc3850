"""What the bot does, in no channel's terms: flows, rules, the Reply model and translation.

It imports `storage` and never `bot`, `telegram`, `aiohttp` or a channel.
"""
