"""The typed buttons of the flows that are one module each, one actions module per flow (the
flows that are packages keep theirs inside: `intake.actions`, `broadcast.actions`,
`booking.actions`). Each defines its actions, `decode(data)` and `EXAMPLES`."""
