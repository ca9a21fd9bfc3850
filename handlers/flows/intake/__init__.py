"""The intake: a slot-filling conversation that learns about a person once.

Every question has buttons and reads typed answers; Back, Skip and Cancel work at every step;
a summary lets her change any one answer; the state lives in the conversation row, so a
restart (or another process) continues it.
"""
