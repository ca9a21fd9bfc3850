"""Talking to a counsellor: her request (`request`), the bot's silence while a counsellor is
asked or holds the chat (`holding`), a counsellor's messages reaching her chat (`delivery`) and
the timeouts that hand her back to the bot (`timeouts`). The handoff's storage is
`storage/repositories/handoffs.py`; the counsellors' inbox lives in the admin web."""
