"""Storage ports: the narrow Protocols through which the chat flows reach storage.

`people`, `catalogue` and `booking` describe repositories by what the flows call on them;
`stores` groups them into one port per flow. They sit next to the domain records they speak
in (cosmicpython keeps the abstract repository beside the model), so `handlers` imports them
and `storage` never needs to know a flow.
"""
